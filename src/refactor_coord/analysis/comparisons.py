"""Where a module compares two names or attribute chains by identity or equality (``a is b``,
``self.assertIs(a, b)``: :func:`refactor_coord.domain.passed_on.compared`), and where a name
stands only as a type (``isinstance(x, C)``: :mod:`refactor_coord.domain.type_positions`),
placed as the index places references: each side's start, line and column in characters from
1. The plan pairs a function's uses compared with each other; for a re-signed class, it
renames it where it is only a type and where a subclass follows it
(:mod:`refactor_coord.domain.subclass_inits`), and reads ``Cache[int, str](maxsize=2)`` as a
call of it (its type parameters given first: :func:`subscripted_calls`). Pure: a file's text
in, places out."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from refactor_coord.analysis.extract_ast import call_shape
from refactor_coord.domain.facts import CallShape
from refactor_coord.domain.passed_on import compared
from refactor_coord.domain.subclass_inits import subclass_inits
from refactor_coord.domain.type_positions import caught_positions, type_positions

Place = tuple[int, int]


def compared_places(text: str) -> list[tuple[Place, Place]]:
    """The two sides of each such comparison; none when the text does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    lines = text.splitlines()
    found: list[tuple[Place, Place]] = []
    for node in ast.walk(tree):
        pair = compared(node) if isinstance(node, ast.Compare | ast.Call) else None
        if pair is not None:
            found.append((_start(pair[0], lines), _start(pair[1], lines)))
    return found


def typed_places(text: str, caught: bool = False) -> set[Place]:
    """The places of the names and attribute chains that stand only as types (with ``caught``:
    those an ``except`` clause catches); none when the text does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return set()
    lines = text.splitlines()
    typed = caught_positions(tree) if caught else type_positions(tree)
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    return {  # whole chains only: ``pkg`` in ``f(pkg.Old)`` shares the place of ``pkg.Old``
        _start(node, lines)
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and id(node) in typed
        and id(node) not in inner
    }


def following_bases(text: str) -> set[Place]:
    """The places of the first bases that subclasses follow with an ``__init__`` of their own
    (:mod:`refactor_coord.domain.subclass_inits`); none when the text does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return set()
    lines = text.splitlines()
    follows = subclass_inits(tree)
    return {
        _start(node, lines)
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute) and id(node) in follows
    }


def subscripted_calls(text: str) -> dict[Place, CallShape]:
    """The names and attribute chains called through a subscript (``Cache[int, str](...)``: a
    generic class given its type parameters, then built), by place, with the call's shape;
    none when the text does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    lines = text.splitlines()
    found: dict[Place, CallShape] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Subscript)
            and isinstance(node.func.value, ast.Name | ast.Attribute)
        ):
            shape = call_shape(node)
            assert shape is not None
            found[_start(node.func.value, lines)] = CallShape(*shape)
    return found


def _start(node: ast.expr, lines: Sequence[str]) -> Place:
    while isinstance(node, ast.Attribute):
        node = node.value
    raw = lines[node.lineno - 1].encode("utf-8") if node.lineno <= len(lines) else b""
    return node.lineno, len(raw[: node.col_offset].decode("utf-8", "replace")) + 1
