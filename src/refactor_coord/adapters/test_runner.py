"""Run the project's own tests in a subprocess (never in refcoord's interpreter), with the
project's own interpreter: refcoord may well be installed apart from the project (pipx, its own
virtual environment), and then its interpreter does not have the project's dependencies."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: where a project keeps its virtual environment, relative to the repository
VENV_FOLDERS = (".venv", "venv", "env", ".env")


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """What a test run did."""

    command: tuple[str, ...]
    passed: bool
    exit_code: int
    output: str  #: the last lines of stdout and stderr
    python: str = ""  #: which interpreter ``python`` meant, and why (empty: not used)


def project_python(repo: Path, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The project's interpreter and why: the activated virtual environment (``VIRTUAL_ENV``),
    else one in the repository (``.venv/``, ``venv/``, ``env/``, ``.env/``), else the one refcoord
    runs on."""
    environ = os.environ if environ is None else environ
    candidates: list[tuple[Path, str]] = []
    if environ.get("VIRTUAL_ENV"):
        candidates.append((Path(environ["VIRTUAL_ENV"]), "the activated virtual environment"))
    candidates += [(repo / folder, f"the repository's {folder}/") for folder in VENV_FOLDERS]
    for venv, why in candidates:
        for python in (venv / "bin" / "python", venv / "Scripts" / "python.exe"):
            if python.is_file():
                return str(python), why
    return sys.executable, "the interpreter refcoord runs on (no virtual environment found)"


def run_tests(
    repo: Path, command: Sequence[str], files: Sequence[str], *, timeout: float = 1800
) -> SuiteRun:
    """Run ``command`` plus ``files`` in ``repo``; a ``python`` (or ``python3``) at its head
    means the project's interpreter (:func:`project_python`)."""
    python, why = project_python(repo) if command[0] in ("python", "python3") else ("", "")
    argv = [python or command[0], *command[1:], *files]
    try:
        done = subprocess.run(
            argv, cwd=repo, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return SuiteRun(tuple(argv), False, -1, str(error), _shown(python, why))
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-40:])
    return SuiteRun(tuple(argv), done.returncode == 0, done.returncode, tail, _shown(python, why))


def _shown(python: str, why: str) -> str:
    return f"{python} ({why})" if python else ""


def installed_version(repo: Path, distribution: str) -> str | None:
    """The version of ``distribution`` installed for the project's interpreter (its metadata),
    or None when it is not installed there."""
    python, _ = project_python(repo)
    code = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
    try:
        done = subprocess.run(
            [python, "-c", code, distribution],
            cwd=repo, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
