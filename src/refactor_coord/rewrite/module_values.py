"""Where a module imports a library's module object and keeps it whole: it reads the bound name
as a value (``set_json_library(json)``), exports it in ``__all__`` (``ecdsa`` re-exports
``six``), or imports it in a ``try`` whose handler catches the import failing (``try: import
simplejson as json`` / ``except ImportError: import json``), so that the name stands for one
module or another. Such an import is rebound whole, never split
into the names it uses (replace-dependency points it at the facade's module object). Pure:
``ast`` in, facts out."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from refactor_coord.rewrite.dunder_all import all_strings

#: exception names whose handler catches a failed import
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


@dataclass(frozen=True, slots=True)
class ModuleImport:
    """``import <module> [as <bound>]`` of one top-level module."""

    node: ast.Import
    module: str
    bound: str
    guarded: bool  #: in a ``try`` whose handler catches the import failing


def module_imports(tree: ast.Module, modules: Collection[str]) -> list[ModuleImport]:
    """The single-name ``import`` statements of ``modules`` (top-level modules), anywhere."""
    return [
        ModuleImport(node, alias.name, alias.asname or alias.name, guarded)
        for node, guarded in _imports(tree.body, False)
        if len(node.names) == 1
        for alias in node.names
        if alias.name in modules
    ]


def kept_whole(tree: ast.Module, modules: Collection[str]) -> list[ModuleImport]:
    """The imports of ``modules`` whose module object the code keeps whole (see the module's
    docstring)."""
    exported = all_strings(tree)
    return [
        i
        for i in module_imports(tree, modules)
        if i.guarded or i.bound in exported or read_bare(tree, i.bound)
    ]


def read_bare(tree: ast.Module, name: str) -> bool:
    """Whether ``name`` is read other than as the root of an attribute chain."""
    roots = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    return any(
        isinstance(node, ast.Name)
        and node.id == name
        and isinstance(node.ctx, ast.Load)
        and id(node) not in roots
        for node in ast.walk(tree)
    )


def _imports(body: list[ast.stmt], guarded: bool) -> Iterator[tuple[ast.Import, bool]]:
    for stmt in body:
        if isinstance(stmt, ast.Import):
            yield stmt, guarded
        elif isinstance(stmt, ast.Try | ast.TryStar):
            yield from _imports(stmt.body, guarded or _catches_import_errors(stmt))
            for block in (*(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody):
                yield from _imports(block, guarded)
        else:
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    yield from _imports(inner, guarded)
            for case in getattr(stmt, "cases", ()):  # match statements
                yield from _imports(case.body, guarded)


def _catches_import_errors(stmt: ast.Try | ast.TryStar) -> bool:
    for handler in stmt.handlers:
        if handler.type is None:
            return True
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names):
            return True
    return False
