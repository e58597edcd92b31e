"""Which formatters and import sorters a project configures (pure: the texts of its configuration
files in, the tools out), in the order ``apply`` runs them: import sorters before formatters.

A tool counts as configured when the project says it uses it:

- isort: ``[tool.isort]`` in pyproject.toml, ``[isort]`` or ``[tool:isort]`` in setup.cfg or
  tox.ini, an ``.isort.cfg``, or an ``isort`` pre-commit hook;
- black: ``[tool.black]`` in pyproject.toml, or a ``black`` pre-commit hook;
- ruff's import sorting: its lint rules select ``I`` (or ``ALL``), in ``[tool.ruff]`` /
  ``[tool.ruff.lint]`` of pyproject.toml or in ruff.toml / .ruff.toml;
- ruff's formatter: a ``[tool.ruff.format]`` table (``[format]`` in ruff.toml), or a
  ``ruff-format`` pre-commit hook. A ``[tool.ruff]`` table alone configures ruff's linter only.

Each reads a file on stdin and writes it on stdout, so a step is formatted in memory, before
anything is written; the file's path is given where the tool uses it to find its configuration.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from refactor_coord.domain import toml as tomllib

#: The files read for the tools' configuration, relative to the repository.
CONFIG_FILES = (
    "pyproject.toml",
    "ruff.toml",
    ".ruff.toml",
    "setup.cfg",
    "tox.ini",
    ".isort.cfg",
    ".pre-commit-config.yaml",
)

_PATH = "{path}"


@dataclass(frozen=True, slots=True)
class Formatter:
    """A configured tool: what to run (``python -m <module> <args>``, ``{path}`` in ``args``
    standing for the file's repository path) and where the project configures it."""

    name: str  #: as shown: isort, ruff (imports), black, ruff format
    module: str  #: the module ``python -m`` runs, also what must be installed
    args: tuple[str, ...]
    where: str  #: e.g. "pyproject.toml [tool.black]"

    def argv(self, python: str, path: str) -> list[str]:
        """The command line formatting ``path`` from stdin to stdout."""
        return [python, "-m", self.module, *(a.replace(_PATH, path) for a in self.args)]


#: name -> (module, arguments), in the order they run.
_TOOLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "isort": ("isort", ("--quiet", "-")),
    "ruff (imports)": (
        "ruff",
        ("check", "--select", "I", "--fix", "--quiet", "--stdin-filename", _PATH, "-"),
    ),
    "black": ("black", ("--quiet", "--stdin-filename", _PATH, "-")),
    "ruff format": ("ruff", ("format", "--quiet", "--stdin-filename", _PATH, "-")),
}

_HOOKS = {
    "isort": "isort",
    "black": "black",
    "black-jupyter": "black",
    "ruff-format": "ruff format",
}
_HOOK_ID = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([\w.-]+)", re.MULTILINE)
_IMPORT_RULE = re.compile(r"I\d*\Z|ALL\Z")


def configured_formatters(texts: Mapping[str, str]) -> tuple[Formatter, ...]:
    """The tools the project configures, from ``texts`` (file name in :data:`CONFIG_FILES` ->
    its text; absent files left out), in the order they run; each with the first place that
    configures it."""
    found: dict[str, str] = {}
    for name, where in _mentions(texts):
        found.setdefault(name, where)
    return tuple(
        Formatter(name, module, args, found[name])
        for name, (module, args) in _TOOLS.items()
        if name in found
    )


def _mentions(texts: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(tool name, where) for every place a file configures a tool."""
    pyproject = _toml(texts.get("pyproject.toml"))
    tool = pyproject["tool"] if isinstance(pyproject.get("tool"), dict) else {}
    for name in ("isort", "black"):
        if isinstance(tool.get(name), dict):
            yield name, f"pyproject.toml [tool.{name}]"
    yield from _ruff(tool.get("ruff"), "pyproject.toml", "tool.ruff.")
    for file in ("ruff.toml", ".ruff.toml"):
        yield from _ruff(_toml(texts.get(file)), file, "")
    for file in ("setup.cfg", "tox.ini"):
        yield from _ini(texts.get(file), file)
    if ".isort.cfg" in texts:
        yield "isort", ".isort.cfg"
    for hook in _HOOK_ID.findall(texts.get(".pre-commit-config.yaml", "")):
        if hook in _HOOKS:
            yield _HOOKS[hook], f".pre-commit-config.yaml (hook {hook})"


def _ruff(table: Any, file: str, prefix: str) -> Iterator[tuple[str, str]]:
    """Ruff's settings (``table``: [tool.ruff], or a whole ruff.toml)."""
    if not isinstance(table, dict):
        return
    lint = table["lint"] if isinstance(table.get("lint"), dict) else {}
    for where, settings in ((f"{prefix}lint", lint), (prefix.rstrip(".") or "top level", table)):
        rules = [r for key in ("select", "extend-select") for r in _listed(settings.get(key))]
        if any(isinstance(r, str) and _IMPORT_RULE.match(r) for r in rules):
            yield "ruff (imports)", f"{file} [{where}] selects {_first_import_rule(rules)}"
    if isinstance(table.get("format"), dict):
        yield "ruff format", f"{file} [{prefix}format]"


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first_import_rule(rules: list[Any]) -> str:
    return next(str(r) for r in rules if isinstance(r, str) and _IMPORT_RULE.match(r))


def _ini(text: str | None, file: str) -> Iterator[tuple[str, str]]:
    if text is None:
        return
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, file)
    except configparser.Error:
        return  # a file configparser cannot read configures nothing refcoord can tell
    for section in ("isort", "tool:isort"):
        if parser.has_section(section):
            yield "isort", f"{file} [{section}]"


def _toml(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
