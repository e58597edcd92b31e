"""Where a module compares two names or attribute chains by identity or equality (``a is b``,
``self.assertIs(a, b)``: :func:`refactor_coord.domain.passed_on.compared`), and where a name
stands only as a type (``isinstance(x, C)``: :mod:`refactor_coord.domain.type_positions`),
placed as the index places references: each side's start, line and column in characters from
1. The plan pairs a function's uses compared with each other; for a re-signed class, it
renames it where it is only a type and where a subclass follows it
(:mod:`refactor_coord.domain.subclass_inits`), and reads ``Cache[int, str](maxsize=2)`` as a
call of it (its type parameters given first). Pure: a file's text in, places out
(:func:`places_in`, one parse for all)."""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from refactor_coord.analysis.extract_ast import call_shape
from refactor_coord.domain.facts import CallShape
from refactor_coord.domain.passed_on import compared
from refactor_coord.domain.subclass_inits import subclass_inits
from refactor_coord.domain.type_positions import caught_positions, type_positions

Place = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Places:
    """What the plan reads of one file's names, by place (none when it does not parse)."""

    #: the two sides of each comparison by identity or equality
    compared: tuple[tuple[Place, Place], ...] = ()
    #: the names and attribute chains that stand only as types (whole chains: ``pkg`` in
    #: ``f(pkg.Old)`` shares the place of ``pkg.Old``)
    typed: frozenset[Place] = frozenset()
    #: those of them an ``except`` clause catches
    caught: frozenset[Place] = frozenset()
    #: the first bases subclasses follow with an ``__init__`` of their own
    following: frozenset[Place] = frozenset()
    #: the names and chains called through a subscript (``Cache[int, str](...)``: a generic
    #: class given its type parameters, then built), with the call's shape
    subscripted: Mapping[Place, CallShape] = field(default_factory=dict)


def places_in(text: str) -> Places:
    """The :class:`Places` of ``text``, parsed once."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return Places()
    lines = text.splitlines()
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    chains = [
        n for n in ast.walk(tree) if isinstance(n, ast.Name | ast.Attribute) and id(n) not in inner
    ]

    def placed(ids: Collection[int]) -> frozenset[Place]:
        return frozenset(_start(n, lines) for n in chains if id(n) in ids)

    return Places(
        compared=tuple(
            (_start(pair[0], lines), _start(pair[1], lines))
            for node in ast.walk(tree)
            if isinstance(node, ast.Compare | ast.Call) and (pair := compared(node)) is not None
        ),
        typed=placed(type_positions(tree)),
        caught=placed(caught_positions(tree)),
        following=placed(subclass_inits(tree).keys()),
        subscripted=_subscripted(tree, lines),
    )


def _subscripted(tree: ast.Module, lines: Sequence[str]) -> dict[Place, CallShape]:
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
