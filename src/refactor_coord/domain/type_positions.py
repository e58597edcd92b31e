"""Where a name stands only as a type, never called there: in an annotation, as the class
``isinstance`` or ``issubclass`` checks against (alone or in a tuple), in an ``except`` clause,
as a ``case Class(...)`` pattern. A class re-signed by change-api is renamed there whatever its
new signature, since nothing is built there; everywhere else a value may later be called with
the old arguments (``factory = Square``), and is judged like a function's.

``type(x) is Old`` is not one of them: during the deprecation window the old name builds
instances of its own type (a subclass of the new class), so the comparison means something
else once renamed. A subscript outside an annotation (``registry[Old]``) is a lookup by the
class object, not a type, and is not one either. Pure: ``ast`` in, node ids out."""

from __future__ import annotations

import ast
from collections.abc import Iterator

_CHECKS = frozenset({"isinstance", "issubclass"})

#: The reason of a use of a re-signed class that stands only as a type: renamed with the class.
STANDS_AS_TYPE = "stands as a type only (a class checked or caught): renamed whatever it takes"


def type_positions(tree: ast.Module) -> frozenset[int]:
    """The ids of the name and attribute nodes of ``tree`` that stand only as types."""
    found: set[int] = set()
    for node in ast.walk(tree):
        for typed in _typed_parts(node):
            found.update(id(n) for n in ast.walk(typed) if isinstance(n, ast.Name | ast.Attribute))
    return frozenset(found)


def _typed_parts(node: ast.AST) -> Iterator[ast.expr]:
    """The parts of ``node`` that are types: annotations, checked classes, caught classes,
    class patterns."""
    if isinstance(node, ast.arg) and node.annotation is not None:
        yield node.annotation
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
        yield node.returns
    elif isinstance(node, ast.AnnAssign):
        yield node.annotation
    elif isinstance(node, ast.ExceptHandler) and node.type is not None:
        yield from _classes(node.type)
    elif isinstance(node, ast.MatchClass):
        yield node.cls
    elif _is_check(node):
        assert isinstance(node, ast.Call)
        yield from _classes(node.args[1])


def _is_check(node: ast.AST) -> bool:
    """``isinstance(x, C)`` or ``issubclass(x, C)``, with the builtin's name."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _CHECKS
        and len(node.args) == 2
        and not node.keywords
    )


def _classes(node: ast.expr) -> Iterator[ast.expr]:
    """A class, or each of a tuple of classes (as ``except`` and ``isinstance`` take them)."""
    if isinstance(node, ast.Tuple):
        for element in node.elts:
            yield from _classes(element)
    elif isinstance(node, ast.Name | ast.Attribute):
        yield node
