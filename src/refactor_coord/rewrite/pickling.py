"""Which classes pickles name: a class made to be pickled (it defines a pickling hook, or the
module registers it with ``copyreg.pickle``) has pickles that name it by its module and name
(``pkg.version.Version``), and unpickling reads that attribute. Moving or renaming such a class
must keep the old name readable (extract-module and change-api keep it bound there for good).
Pure: a module's text in, names out."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from refactor_coord.rewrite.cst_tools import detach

_HOOKS = frozenset(
    {"__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__getnewargs__",
     "__getnewargs_ex__"}
)  # fmt: skip


def pickled_names(source_code: str, names: frozenset[str]) -> tuple[str, ...]:
    """The ``names`` (top-level names of the module) a pickle may name: classes with pickling
    hooks or registered with ``copyreg.pickle``, and the names those hooks or registrations
    read."""
    try:
        tree = ast.parse(detach(source_code)[0])
    except SyntaxError:
        return ()
    found: set[str] = set()
    for node in _pickling_code(tree, names):
        found |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names}
    return tuple(sorted(found))


def _pickling_code(tree: ast.Module, names: frozenset[str]) -> Iterator[ast.AST]:
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name in names:
            hooks = [
                f
                for f in stmt.body
                if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name in _HOOKS
            ]
            if hooks:
                yield ast.Name(stmt.name, ast.Load())
                yield from hooks
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and _is_copyreg_pickle(node.func):
                yield node


def _is_copyreg_pickle(func: ast.expr) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "pickle"
        and isinstance(func.value, ast.Name)
        and func.value.id == "copyreg"
    )
