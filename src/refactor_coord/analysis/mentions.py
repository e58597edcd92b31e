"""Strings that spell a name the refactoring takes away (pure: a file's text in, places out).

A function that change-api renames stops existing under its old name at contract. Code that
reads it by name keeps the old name in a string the index cannot follow: ``getattr(mod,
name)`` or ``monkeypatch.setattr(mod, name, ...)`` with ``name`` from a ``parametrize`` list,
``"old" in dir(mod)``, an ``__name__`` check. Such a string is not a reference the index can
resolve, so it is reported as a place to review: a string literal that is exactly the name.
String annotations and ``__all__`` entries are left out (the index reads those as
references), and so are the pieces of f-strings.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator


def string_mentions(text: str, names: Collection[str]) -> list[tuple[int, int, str]]:
    """(line, column in characters, name) of each string literal in ``text`` that is exactly
    one of ``names``; none when the text does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    skipped = {id(node) for node in _not_mentions(tree)}
    lines = text.splitlines()
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in names
            and id(node) not in skipped
        ):
            line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
            col = len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "replace"))
            found.append((node.lineno, col, node.value))
    return sorted(found)


def _not_mentions(tree: ast.Module) -> Iterator[ast.AST]:
    """The nodes under annotations, ``__all__`` statements and f-strings."""
    for node in ast.walk(tree):
        held: list[ast.AST | None] = []
        if isinstance(node, ast.JoinedStr):
            held = [node]
        elif isinstance(node, ast.arg):
            held = [node.annotation]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            held = [node.returns]
        elif isinstance(node, ast.AnnAssign):
            held = [node.annotation]
        if _sets_all(node):
            held.append(node)
        for part in held:
            if part is not None:
                yield from ast.walk(part)


def _sets_all(node: ast.AST) -> bool:
    """``__all__ = ...``, ``__all__ += ...`` or ``__all__.extend/append(...)``."""
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        targets = [func.value] if isinstance(func, ast.Attribute) else []
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
