"""Strings that spell a name the refactoring takes away, where code reads a name by it (pure: a
file's text in, places out).

A function that change-api renames stops existing under its old name at contract. Code that
reads it by name keeps the old name in a string the index cannot follow: ``"old" in
dir(module)``, ``{"old", "new"} <= set(module.__all__)``, ``getattr(module, name)`` or
``monkeypatch.setattr(module, name, ...)`` with the name from a ``pytest.mark.parametrize``
list. A string counts only in those places: in a comparison with ``dir()``, ``vars()``, an
``__all__`` or a ``__dict__``; as an argument of ``getattr``, ``hasattr``, ``setattr``,
``delattr`` or ``patch.object``; among a ``parametrize`` call's values. The same word as a
dictionary key, a label or a prefix is not a mention (the change-api gauntlet's mistune,
pathspec and tabulate).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

from refactor_coord.domain.name_tests import name_tests

#: Calls whose string arguments name an attribute.
_BY_NAME = frozenset({"getattr", "hasattr", "setattr", "delattr", "object"})
#: What, on one side of a comparison, makes the strings on the other side names.
_NAMESPACES = frozenset({"dir", "vars"})
_NAMESPACE_ATTRS = frozenset({"__all__", "__dict__"})


#: (line, column in characters, name, namespace): ``namespace`` is where the module the string
#: is tested against starts (line, column in characters from 1, as the index places
#: references) when the string only tests whether a namespace has the name
#: (:func:`refactor_coord.domain.name_tests.name_tests`: ``"old" in dir(mod)``), else None
StringMention = tuple[int, int, str, tuple[int, int] | None]


def string_mentions(text: str, names: Collection[str]) -> list[StringMention]:
    """Each string literal in ``text`` that is exactly one of ``names``, where code reads a
    name by it; none when the text does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    lines = text.splitlines()

    def chars(line: int, col: int) -> int:
        raw = lines[line - 1].encode("utf-8") if line <= len(lines) else b""
        return len(raw[:col].decode("utf-8", "replace"))

    tested = {id(string): owner for string, owner in name_tests(tree, names)}
    found: set[StringMention] = set()
    for node in _read_by_name(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
            owner = tested.get(id(node))
            where = (
                None
                if owner is None
                else (owner.lineno, chars(owner.lineno, owner.col_offset) + 1)
            )
            found.add((node.lineno, chars(node.lineno, node.col_offset), node.value, where))
    return sorted(found, key=lambda m: m[:3])


def _read_by_name(tree: ast.Module) -> Iterator[ast.AST]:
    """The nodes within the places where a string is read as a name (a ``parametrize`` call's
    values, also when they are a module-level constant it names)."""
    constants = {
        target.id: stmt.value
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(map(_names_a_namespace, _operands(node))):
            for side in _operands(node):
                if not _names_a_namespace(side):
                    yield from ast.walk(side)
        elif isinstance(node, ast.Call):
            called = _called(node)
            if called in _BY_NAME:
                yield from node.args
            elif called == "parametrize" and len(node.args) > 1:
                values = node.args[1]
                if isinstance(values, ast.Name) and values.id in constants:
                    values = constants[values.id]
                yield from ast.walk(values)


def _operands(node: ast.Compare) -> list[ast.expr]:
    return [node.left, *node.comparators]


def _names_a_namespace(node: ast.expr) -> bool:
    """``dir(...)``, ``vars(...)``, ``x.__all__`` or ``x.__dict__``, maybe within ``set(...)``
    or ``list(...)``."""
    for part in ast.walk(node):
        if isinstance(part, ast.Call) and _called(part) in _NAMESPACES:
            return True
        if isinstance(part, ast.Attribute) and part.attr in _NAMESPACE_ATTRS:
            return True
    return False


def _called(node: ast.Call) -> str:
    func = node.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )
