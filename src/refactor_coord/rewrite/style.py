"""The style a codemod writes code in, read from the project and the file it edits: the line
length (``[tool.ruff]``, ``[tool.black]``, ``[flake8] max-line-length``), which top-level packages
are the project's own (isort's "first party"), whether a package imports its own modules
relatively, and which quotes a file uses. Import blocks are sorted and grouped as isort and ruff
do by default (:mod:`refactor_coord.rewrite.import_block`). Pure: the project's files are read
through the callables given.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import libcst as cst

from refactor_coord.domain.precommit import hook_ids
from refactor_coord.domain.toml import TOMLDecodeError, loads

#: isort's sections, in their default order.
FUTURE, STDLIB, THIRD_PARTY, FIRST_PARTY, LOCAL = range(5)

#: The line length when the project configures none: ruff's and black's default when either is
#: configured, else PEP 8's (which passes every default).
RUFF_BLACK_DEFAULT, PEP8_DEFAULT = 88, 79


#: ruff's rules when its configuration selects none.
RUFF_DEFAULT_SELECT = ("E4", "E7", "E9", "F")
#: flake8's own default ignore list (pycodestyle, pyflakes and mccabe rules otherwise run).
FLAKE8_DEFAULT_IGNORE = ("E121", "E123", "E126", "E226", "E24", "E704", "W503", "W504")


def _no_module(module: str) -> str | None:
    return None


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules a project's linter checks: those a selected prefix names, unless a longer
    ignored prefix names them too (the more specific setting wins, as in ruff)."""

    select: tuple[str, ...]
    ignore: tuple[str, ...] = ()

    def checks(self, code: str) -> bool:
        """Whether the linter reports rule ``code`` (``E501``, say)."""

        def longest(prefixes: tuple[str, ...]) -> int:
            found = [
                0 if p == "ALL" else len(p) for p in prefixes if p == "ALL" or code.startswith(p)
            ]
            return max(found, default=-1)

        chosen = longest(self.select)
        return chosen >= 0 and chosen > longest(self.ignore)


@dataclass(frozen=True, slots=True)
class Style:
    """How the project writes code (the defaults: a project that configures nothing)."""

    line_length: int = PEP8_DEFAULT
    known_first_party: frozenset[str] = frozenset()  #: the isort / ruff setting
    #: module -> its path in the repository (None: not the repository's)
    module_path: Callable[[str], str | None] = field(default=_no_module, compare=False)
    #: repository path -> its text (None: no such file)
    read: Callable[[str], str | None] = field(default=_no_module, compare=False)
    #: the project's linter reads ``from x import y as y`` as a deliberate re-export (ruff does;
    #: pyflakes, so flake8, does not, and ruff's PLC0414 flags the alias as useless): else an
    #: import kept for re-export gets a noqa comment for F401
    reexport_alias: bool = True
    #: the rules of the linter the project configures (ruff, else flake8); None: none is
    rules: Rules | None = None
    #: which linter that is: "ruff" or "flake8" (None: none is)
    linter: str | None = None
    #: the project's mypy reads a plain import as a re-export (False under ``strict`` or
    #: ``implicit_reexport = false``: only ``from x import y as y`` or ``__all__`` exports)
    implicit_reexport: bool = True

    def noqa(self, code: str) -> str:
        """``  # noqa: <code>`` for a line that breaks rule ``code`` on purpose, when the
        project's linter checks it; else nothing (an unneeded ``noqa`` is a finding too)."""
        return f"  # noqa: {code}" if self.checks(code) else ""

    def checks(self, code: str) -> bool | None:
        """Whether the project's linter reports rule ``code``; None when it configures none."""
        return None if self.rules is None else self.rules.checks(code)

    def section(self, module: str, level: int = 0) -> int:
        """The isort section of an import of ``module`` (``level``: a relative one's dots): a
        configured first party, then the standard library, then the repository's own modules
        (as ruff decides: settings first, then ``sys.stdlib_module_names``, then the sources)."""
        top = module.split(".")[0]
        if level:
            return LOCAL
        if module == "__future__":
            return FUTURE
        if top in self.known_first_party:
            return FIRST_PARTY
        if top in sys.stdlib_module_names:
            return STDLIB
        parts = module.split(".")
        if any(self.module_path(".".join(parts[:n])) for n in range(1, len(parts) + 1)):
            return FIRST_PARTY
        return THIRD_PARTY

    def module_text(self, module: str) -> str | None:
        """A repository module's text (None: not one of the repository)."""
        path = self.module_path(module)
        return self.read(path) if path else None


def project_style(
    read: Callable[[str], str | None],
    module_path: Callable[[str], str | None],
    lint_rules: tuple[str, ...] | None = None,
) -> Style:
    """The style the project's configuration files at the repository's root set; the rules its
    linter checks are ``lint_rules`` when given (the linter's own answer: ruff's defaults
    change between versions), else read from the configuration."""
    settings: dict[str, object] = {}
    for name in ("setup.cfg", "tox.ini", ".flake8", "mypy.ini", ".mypy.ini"):
        settings |= _ini_settings(read(name) or "")
    for name in ("pyproject.toml", "ruff.toml", ".ruff.toml"):
        settings |= _toml_settings(read(name) or "", ruff_file=name != "pyproject.toml")
    settings |= _hook_settings(read(".pre-commit-config.yaml") or "", settings)
    first = settings.get("first_party", ())
    rules = settings.get("ruff_rules") or settings.get("flake8_rules")
    rules = rules if isinstance(rules, Rules) else None
    if lint_rules is not None and settings.get("ruff_rules"):
        rules = Rules(lint_rules)
    flake8_only = bool(settings.get("flake8_rules")) and not settings.get("ruff_rules")
    return Style(
        _line_length(settings),
        frozenset(str(n) for n in first) if isinstance(first, (list, tuple)) else frozenset(),
        module_path,
        read,
        not flake8_only and not (settings.get("ruff_rules") and rules and rules.checks("PLC0414")),
        rules,
        "flake8" if flake8_only else "ruff" if settings.get("ruff_rules") else None,
        not settings.get("explicit_reexport"),
    )


def _line_length(settings: Mapping[str, object]) -> int:
    """The length code is written to: the shortest of those the project's tools hold it to (a
    formatter wraps at its length, moving a trailing comment after the closing bracket; a
    linter reports a longer line), else the one it configures, else PEP 8's."""
    held = [v for k, v in settings.items() if k.endswith("_length") and isinstance(v, int)]
    if held:
        return min(held)
    length = settings.get("length")
    if isinstance(length, int):
        return length
    return RUFF_BLACK_DEFAULT if settings.get("ruff_or_black") else PEP8_DEFAULT


#: pre-commit hooks that format code, by id -> the setting that holds their line length
_FORMAT_HOOKS = {
    "black": "black_length",
    "black-jupyter": "black_length",
    "ruff-format": "ruff_length",
    "ruff": "ruff_length",
    "ruff-check": "ruff_length",
}


def _hook_settings(text: str, settings: Mapping[str, object]) -> dict[str, object]:
    """The formatters a ``.pre-commit-config.yaml`` runs, with their default line length
    unless the configuration files set one."""
    found: dict[str, object] = {}
    for hook in hook_ids(text):
        key = _FORMAT_HOOKS.get(hook)
        if key is not None and key not in settings:
            found[key] = RUFF_BLACK_DEFAULT
            found["ruff_or_black"] = True
    return found


def _ini_settings(text: str) -> dict[str, object]:
    """flake8's ``max-line-length`` and isort's ``known_first_party`` in an ini file."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    found: dict[str, object] = {}
    if parser.has_section("flake8"):
        found["flake8_rules"] = Rules(
            ("E", "W", "F", "C90", *_listed(parser.get("flake8", "extend-select", fallback=""))),
            _listed(parser.get("flake8", "ignore", fallback=""))
            or FLAKE8_DEFAULT_IGNORE + _listed(parser.get("flake8", "extend-ignore", fallback="")),
        )
    for key in ("max-line-length", "max_line_length"):
        value = parser.get("flake8", key, fallback="")
        if value.strip().isdigit():
            found["length"] = int(value)
    rules = found.get("flake8_rules")
    if isinstance(rules, Rules) and rules.checks("E501"):
        found["flake8_length"] = found.get("length", PEP8_DEFAULT)
    if parser.has_section("mypy"):
        found["explicit_reexport"] = _explicit_reexport(dict(parser.items("mypy")))
    first = parser.get("isort", "known_first_party", fallback="")
    if first.strip():
        found["first_party"] = [n for n in re.split(r"[\s,]+", first) if n]
    return found


def _toml_settings(text: str, ruff_file: bool) -> dict[str, object]:
    """black's and ruff's line length (ruff's wins), ruff's or isort's first party."""
    try:
        data = loads(text)
    except TOMLDecodeError:
        return {}
    tool = _table(data, "tool")
    ruff = data if ruff_file else _table(tool, "ruff")
    black = _table(tool, "black")
    has_ruff = (ruff_file and bool(text.strip())) or "ruff" in tool
    found: dict[str, object] = {}
    if has_ruff or "black" in tool:  # an empty table configures the tool too
        found["ruff_or_black"] = True
    if has_ruff:
        found["ruff_rules"] = _ruff_rules(ruff)
    for name, table in (("black", black), ("ruff", ruff)):
        length = table.get("line-length")
        if isinstance(length, int):
            found["length"] = length
        if (name == "black" and "black" in tool) or (name == "ruff" and has_ruff):
            found[f"{name}_length"] = length if isinstance(length, int) else RUFF_BLACK_DEFAULT
    if "mypy" in tool:
        found["explicit_reexport"] = _explicit_reexport(_table(tool, "mypy"))
    isort = _table(_table(ruff, "lint"), "isort") or _table(ruff, "isort")
    first = isort.get("known-first-party") or _table(tool, "isort").get("known_first_party")
    if isinstance(first, list):
        found["first_party"] = first
    return found


def _explicit_reexport(mypy: Mapping[str, object]) -> bool:
    """Whether mypy's settings (ini values are strings) turn implicit re-exports off."""

    def on(key: str) -> bool | None:
        value = mypy.get(key)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes", "on")
        return value if isinstance(value, bool) else None

    implicit = on("implicit_reexport")
    if implicit is not None:
        return not implicit
    return bool(on("no_implicit_reexport") or on("strict"))


def _ruff_rules(ruff: Mapping[str, object]) -> Rules:
    """The rules ruff's settings select (its defaults unless they say) and ignore."""

    def strings(key: str) -> tuple[str, ...] | None:
        found: list[str] | None = None
        for table in (ruff, _table(ruff, "lint")):
            value = table.get(key)
            if isinstance(value, list):
                found = [*(found or []), *(str(v) for v in value)]
        return None if found is None else tuple(found)

    select = strings("select")
    return Rules(
        (*(RUFF_DEFAULT_SELECT if select is None else select), *(strings("extend-select") or ())),
        (*(strings("ignore") or ()), *(strings("extend-ignore") or ())),
    )


def _listed(text: str) -> tuple[str, ...]:
    """Rule codes written in an ini value (commas, spaces or lines between them)."""
    return tuple(n for n in re.split(r"[\s,]+", text) if n)


def _table(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def prefers_relative(module: cst.Module, style: Style, package: str) -> bool | None:
    """Whether ``module`` imports the project's own modules relatively: True when most of its
    first-party ``from`` imports are relative, False when most are absolute, None when it has
    none (or as many of each). ``package``: the module's package (the dots lead there)."""
    relative = absolute = 0
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if not isinstance(small, cst.ImportFrom):
                continue
            if small.relative:
                relative += 1
            elif small.module is not None:
                name = cst.Module([]).code_for_node(small.module)
                same_top = name.split(".")[0] == package.split(".")[0]
                absolute += same_top or style.section(name) == FIRST_PARTY
    return None if relative == absolute else relative > absolute


def file_quote(module: cst.Module) -> str:
    """The quote the file's plain strings mostly use (``"`` when as many use each, or none)."""
    counts = {'"': 0, "'": 0}

    class Count(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if node.quote in counts:
                counts[node.quote] += 1

    module.visit(Count())
    return "'" if counts["'"] > counts['"'] else '"'
