"""A module that re-exports the old function (``from .client import fetch`` in a package's
``__init__``, or listed in a module's ``__all__``) makes it public under its own name too
(``shop.fetch``). Expand adds the new name beside it (``from .client import fetch, get``,
``__all__`` listing ``get`` after ``fetch``), so the new API appears everywhere at once and the
old one keeps working (through the shim, which warns from the deprecate step on); contract takes
the old name out of the import and ``__all__``."""

from __future__ import annotations

import libcst as cst

from refactor_coord.rewrite.cst_tools import attach, detach
from refactor_coord.rewrite.dunder_all import read_all, with_entry_after, without_entries
from refactor_coord.rewrite.imports import absolute_module, without_names
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit, apply_edits
from refactor_coord.rewrite.references import global_reads, imports_of
from refactor_coord.rewrite.scope import module_scope, parsed


def with_new_name(source: str, module: str, is_package: bool, old: str, new: str) -> str | Refused:
    """``source`` re-exporting ``new`` (a name in the old function's module) beside ``old``
    (qualified)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    old_leaf = old.rpartition(".")[2]
    if new in module_scope(tree, module, is_package).bound_at:
        return Refused(f"{module} already has a name '{new}': rename it first")
    edits: list[Edit] = []
    for found in imports_of(tree, module, is_package, old):
        if found.alias.asname not in (None, old_leaf):
            return Refused(
                f"{module} re-exports {old_leaf} as {found.local}: add {new} beside it by hand"
            )
        end = found.alias.end_col_offset
        beside = f", {new} as {new}" if found.alias.asname else f", {new}"
        edits.append(Edit(found.alias.lineno, end if end is not None else 0, "", beside))
    added = apply_edits(text, edits)
    if isinstance(added, Refused):
        return Refused(f"cannot add {new} to the re-export: {added.reason}")
    if old_leaf in read_all(added).mentioned:
        added = with_entry_after(added, old_leaf, new)
    return attach(added, form)


def kept_as_reexport(source: str, module: str, is_package: bool, old: str, noqa: str) -> str:
    """``source`` whose own calls of ``old`` (qualified) now call the new name: an import that
    binds the old name nothing in the module reads any more, and that ``__all__`` does not
    list, gets ``noqa`` (the project's linter's comment for F401, when it checks it) on its
    first line, where pyflakes and ruff report it: it stays, for the modules that read the old
    name here, until contract (the change-api gauntlet's markdown: F401 on
    ``markdown/extensions/__init__.py``)."""
    leaf = old.rpartition(".")[2]
    text, form = detach(source)
    tree = parsed(text)
    if not noqa or isinstance(tree, Refused) or leaf in read_all(text).mentioned:
        return source
    if global_reads(tree, module_scope(tree, module, is_package), leaf):
        return source
    lines = text.splitlines(keepends=True)
    for found in imports_of(tree, module, is_package, old):
        at = found.node.lineno - 1
        line = lines[at]
        body = line.rstrip("\r\n")
        if "#" not in body:
            lines[at] = body + noqa + line[len(body) :]
    return attach("".join(lines), form)


def without_old_name(source: str, module: str, is_package: bool, old: str) -> str | Refused:
    """``source`` no longer re-exporting ``old`` (qualified): out of its imports at the top of
    the module and out of ``__all__``; refused while the module itself still reads the name."""
    text, form = detach(source)
    parent, _, leaf = old.rpartition(".")
    body: list[cst.BaseStatement] = []
    for stmt in cst.parse_module(text).body:
        kept: cst.BaseStatement | None = stmt
        if _imports_from(stmt, parent, module, is_package):
            kept = without_names(stmt, {leaf})
        if kept is not None:
            body.append(kept)
    changed = cst.parse_module(text).with_changes(body=body).code
    changed = without_entries(changed, {leaf})
    tree = parsed(changed)
    if isinstance(tree, Refused):
        return tree
    left = global_reads(tree, module_scope(tree, module, is_package), leaf)
    if left:
        return Refused(
            f"{module} still uses {leaf} (line {left[0].line}): change that by hand first"
        )
    return attach(changed, form)


def _imports_from(stmt: cst.BaseStatement, parent: str, module: str, is_package: bool) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    return any(
        isinstance(small, cst.ImportFrom) and absolute_module(small, module, is_package) == parent
        for small in stmt.body
    )
