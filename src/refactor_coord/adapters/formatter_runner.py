"""Run the project's formatters (:mod:`refactor_coord.analysis.formatters` says which) with the
project's interpreter, or from ``PATH`` when that lacks them, one file at a time from stdin to
stdout, in the repository (where the tools find their configuration)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.adapters.source_files import encoding_of, read_source
from refactor_coord.analysis.formatters import CONFIG_FILES, Formatter


@dataclass(frozen=True, slots=True)
class Formatted:
    """A tool's output for one file: the new text, or None and why not."""

    text: str | None
    error: str = ""


def config_texts(repo: Path) -> dict[str, str]:
    """The texts of the repository's files that may configure a formatter (absent ones left
    out)."""
    found = {name: read_source(repo / name) for name in CONFIG_FILES if (repo / name).is_file()}
    return {name: text for name, text in found.items() if text is not None}


def tool_commands(repo: Path, python: str, modules: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """How to run each of ``modules`` that is installed: ``python -m <module>`` when the
    project's interpreter has it, else the ``<module>`` command on ``PATH``."""
    wanted = set(modules)
    importable = installed_modules(repo, python, wanted)
    found: dict[str, tuple[str, ...]] = {m: (python, "-m", m) for m in importable}
    for module in wanted - set(found):
        if command := shutil.which(module):
            found[module] = (command,)
    return found


def installed_modules(repo: Path, python: str, modules: Iterable[str]) -> frozenset[str]:
    """Those of ``modules`` that ``python`` can import (one subprocess for all)."""
    code = (
        "import importlib.util, sys\n"
        "print(*[m for m in sys.argv[1:] if importlib.util.find_spec(m)], sep='\\n')"
    )
    try:
        done = subprocess.run(
            [python, "-c", code, *sorted(set(modules))],
            cwd=repo, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(done.stdout.split()) if done.returncode == 0 else frozenset()


def format_text(
    repo: Path,
    command: tuple[str, ...],
    tool: Formatter,
    path: str,
    text: str,
    *,
    timeout: float = 120,
) -> Formatted:
    """``text`` (the new content of ``path``) as ``tool`` (run by ``command``: see
    :func:`tool_commands`) formats it: bytes in and out, so its encoding (a PEP 263 cookie) and
    line endings are the tool's business, as on disk."""
    data = text.encode(encoding_of(text.encode("utf-8", "replace")))
    try:
        done = subprocess.run(
            tool.argv(command, path),
            cwd=repo, input=data, capture_output=True, timeout=timeout, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        return Formatted(None, str(error))
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").splitlines()
        lines = [line.strip() for line in stderr if line.strip()]
        said = next((line for line in lines if line.lower().startswith("error")), None)
        return Formatted(None, said or (lines[0] if lines else f"exit code {done.returncode}"))
    return Formatted(done.stdout.decode(encoding_of(done.stdout), "replace"))


_ENABLED = re.compile(r"^\s+[\w-]+ \(([A-Z]+[0-9]+)\),?$")


def ruff_rules(repo: Path, command: tuple[str, ...], path: str) -> tuple[str, ...] | None:
    """The rule codes ruff checks ``path`` (a file of the repository) with, as ruff itself
    reports them (``ruff check --show-settings``): its defaults change between versions, so
    reading the configuration alone cannot tell. None when ruff cannot say."""
    try:
        done = subprocess.run(
            [*command, "check", "--show-settings", path],
            cwd=repo, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    lines = iter(done.stdout.splitlines())
    if not any(line.startswith("linter.rules.enabled = [") for line in lines):
        return None
    codes: list[str] = []
    for line in lines:
        if line.startswith("]"):
            return tuple(codes)
        if found := _ENABLED.match(line):
            codes.append(found.group(1))
    return None
