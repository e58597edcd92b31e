"""Which formatters and import sorters a project configures (pure: the texts of its configuration
files in, the tools out), in the order ``apply`` runs them: import sorters before formatters.

A tool counts as configured when the project says it uses it:

- isort: ``[tool.isort]`` in pyproject.toml, ``[isort]`` or ``[tool:isort]`` in setup.cfg or
  tox.ini, an ``.isort.cfg``, or an ``isort`` pre-commit hook;
- black: ``[tool.black]`` in pyproject.toml, or a ``black`` pre-commit hook;
- ruff's layout fixes: a ``[tool.ruff]`` table in pyproject.toml, a ruff.toml / .ruff.toml, or a
  ``ruff`` / ``ruff-check`` pre-commit hook. ``ruff check --fix-only`` then fixes, among the rules
  the project selects, only those of :data:`LAYOUT_RULES` (import sorting and required imports,
  unused ``noqa`` comments, docstring and whitespace layout, quotes, trailing commas), with safe
  fixes only: never a fix that removes or renames code the project keeps, nor pyupgrade's
  rewrites of moved code (``Dict[...]`` to ``dict[...]`` left the import of ``Dict`` unused);
- ruff's formatter: a ``[tool.ruff.format]`` table (``[format]`` in ruff.toml), or a
  ``ruff-format`` pre-commit hook. A ``[tool.ruff]`` table alone configures ruff's linter only.

Each reads a file on stdin and writes it on stdout, so a step is formatted in memory, before
anything is written; the file's path is given where the tool uses it to find its configuration.
A tool runs as ``python -m <module>`` with the project's interpreter, or as the ``<module>``
command on ``PATH`` (pipx, uv tool, a system package) when that interpreter lacks it.
"""

from __future__ import annotations

import configparser
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from refactor_coord.domain import toml as tomllib
from refactor_coord.domain.precommit import hook_ids

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


#: The ruff rules whose (safe) fixes apply runs: layout only, never a fix that removes code.
LAYOUT_RULES = ("I", "RUF100", "RUF022", "D", "E", "W", "Q", "COM")


@dataclass(frozen=True, slots=True)
class Formatter:
    """A configured tool: what to run (``<command> <args>``, ``{path}`` in ``args`` standing for
    the file's repository path) and where the project configures it."""

    name: str  #: as shown: isort, ruff (fixes), black, ruff format
    module: str  #: the module ``python -m`` runs, also the command's name on ``PATH``
    args: tuple[str, ...]
    where: str  #: e.g. "pyproject.toml [tool.black]"

    def argv(self, command: tuple[str, ...], path: str) -> list[str]:
        """The command line formatting ``path`` from stdin to stdout, ``command`` running the
        tool (``python -m ruff``, or ``/usr/bin/ruff``)."""
        return [*command, *(a.replace(_PATH, path) for a in self.args)]


_LAYOUT_FIXES = (
    "check", "--fix-only", "--no-unsafe-fixes", "--fixable", ",".join(LAYOUT_RULES),
    "--quiet", "--stdin-filename", _PATH, "-",
)  # fmt: skip

#: name -> (module, arguments), in the order they run.
_TOOLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "isort": ("isort", ("--quiet", "-")),
    "ruff (fixes)": ("ruff", _LAYOUT_FIXES),
    "black": ("black", ("--quiet", "--stdin-filename", _PATH, "-")),
    "ruff format": ("ruff", ("format", "--quiet", "--stdin-filename", _PATH, "-")),
}

_HOOKS = {
    "isort": "isort",
    "black": "black",
    "black-jupyter": "black",
    "ruff-format": "ruff format",
    "ruff": "ruff (fixes)",
    "ruff-check": "ruff (fixes)",
}


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
        if file in texts:  # an empty ruff.toml configures ruff too
            yield from _ruff(_toml(texts[file]), file, "")
    for file in ("setup.cfg", "tox.ini"):
        yield from _ini(texts.get(file), file)
    if ".isort.cfg" in texts:
        yield "isort", ".isort.cfg"
    for hook in hook_ids(texts.get(".pre-commit-config.yaml", "")):
        if hook in _HOOKS:
            yield _HOOKS[hook], f".pre-commit-config.yaml (hook {hook})"


def _ruff(table: Any, file: str, prefix: str) -> Iterator[tuple[str, str]]:
    """Ruff's settings (``table``: [tool.ruff], or a whole ruff.toml)."""
    if not isinstance(table, dict):
        return
    yield "ruff (fixes)", f"{file} [{prefix.rstrip('.') or 'top level'}]"
    if isinstance(table.get("format"), dict):
        yield "ruff format", f"{file} [{prefix}format]"


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
