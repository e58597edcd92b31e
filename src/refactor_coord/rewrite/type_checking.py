"""How a module spells ``TYPE_CHECKING`` and gets it: the code that only type checkers read
(an ``if TYPE_CHECKING:`` block) reuses the module's own import of it, or adds ``from typing
import TYPE_CHECKING`` at its sorted place. Shared by extract-module's shim declarations and
change-api's class alias."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from refactor_coord.rewrite.cst_tools import (
    blank_lines,
    defined_names,
    dotted,
    walk,
    with_blank_lines,
)
from refactor_coord.rewrite.import_block import insert_import, leading_imports
from refactor_coord.rewrite.style import Style

#: Modules whose ``TYPE_CHECKING`` a module may have imported, to be reused.
_TYPING_MODULES = ("typing", "typing_extensions")


def type_checking_spelling(body: Sequence[cst.BaseStatement]) -> str | None:
    """How the module can spell ``TYPE_CHECKING`` with what it binds (None: it cannot): the
    name itself when it imports it or assigns it (``TYPE_CHECKING = False``, the form some
    projects use instead of importing ``typing``), else ``typing.TYPE_CHECKING`` when it
    imports ``typing``."""
    spellings = {_spelling(small) for stmt in body for small in _imports_in(stmt)}
    if any("TYPE_CHECKING" in defined_names(stmt) for stmt in body if not _imports_in(stmt)):
        spellings.add("TYPE_CHECKING")
    return next((s for s in ("TYPE_CHECKING", "typing.TYPE_CHECKING") if s in spellings), None)


def reads_type_checking(body: Sequence[cst.BaseStatement]) -> bool:
    """Whether the module reads the bare name ``TYPE_CHECKING`` (not ``typing.TYPE_CHECKING``)
    outside its imports."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine) and all(
            isinstance(small, (cst.Import, cst.ImportFrom)) for small in stmt.body
        ):
            continue
        nodes = list(walk(stmt))
        attrs = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}
        if any(
            isinstance(n, cst.Name) and n.value == "TYPE_CHECKING" and id(n) not in attrs
            for n in nodes
        ):
            return True
    return False


def import_type_checking(body: list[cst.BaseStatement], style: Style) -> None:
    """``from typing import TYPE_CHECKING`` among the module's opening imports; without any,
    it opens them (after the docstring), and what follows keeps its comments."""
    line = "from typing import TYPE_CHECKING"
    start, end = leading_imports(body)
    if end > start:
        insert_import(body, line, style)
        return
    stmt = cst.parse_statement(line + "\n")
    body.insert(start, stmt.with_changes(leading_lines=[cst.EmptyLine()] if start else []))
    if start + 1 < len(body):
        follows = body[start + 1]
        body[start + 1] = with_blank_lines(
            follows, max(wanted_lines(follows), blank_lines(follows))
        )


def wanted_lines(stmt: cst.BaseStatement) -> int:
    """Blank lines above a statement that follows the block: two above a definition or a
    comment (the shim's), else one."""
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return 2
    return 2 if any(line.comment for line in getattr(stmt, "leading_lines", ())) else 1


def _imports_in(stmt: cst.BaseStatement) -> list[cst.Import | cst.ImportFrom]:
    """The imports of a top-level import line."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return []
    return [small for small in stmt.body if isinstance(small, (cst.Import, cst.ImportFrom))]


def _spelling(small: cst.Import | cst.ImportFrom) -> str | None:
    """The spelling of ``TYPE_CHECKING`` an import makes possible, if any."""
    if isinstance(small, cst.Import):
        names = {dotted(alias.name) for alias in small.names if alias.asname is None}
        return "typing.TYPE_CHECKING" if "typing" in names else None
    if isinstance(small.names, cst.ImportStar) or small.relative or small.module is None:
        return None
    bare = any(
        dotted(alias.name) == "TYPE_CHECKING" and alias.asname is None for alias in small.names
    )
    return "TYPE_CHECKING" if bare and dotted(small.module) in _TYPING_MODULES else None
