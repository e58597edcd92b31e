"""Strings that only test whether a namespace has a name: ``"old" in dir(mod)``, ``in
vars(mod)``, ``in mod.__all__``, ``in mod.__dict__``, maybe within ``set(...)``, ``list(...)``,
``tuple(...)`` or ``frozenset(...)``, with ``mod`` a name or an attribute chain (packaging's
``test_is_exported``). Such a test keeps its meaning when the string is renamed with the name,
so long as ``mod`` is the name's module: the plan (by the index) and the rewrite kit (by its
scope model) each check that, and read the tests themselves by this one rule. ``not in`` is
not such a test (renamed, it would turn false at expand). Pure: ``ast`` in, nodes out."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

_NAMESPACES = frozenset({"dir", "vars"})
_NAMESPACE_ATTRS = frozenset({"__all__", "__dict__"})
_CONTAINERS = frozenset({"set", "list", "tuple", "frozenset"})


def name_tests(
    tree: ast.Module, names: Collection[str]
) -> Iterator[tuple[ast.Constant, ast.expr]]:
    """Each string that is exactly one of ``names``, tested with ``in`` against a namespace,
    with the namespace's owner (``mod``)."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            continue
        left = node.left
        if not (isinstance(node.ops[0], ast.In) and isinstance(left, ast.Constant)):
            continue
        if not isinstance(left.value, str) or left.value not in names:
            continue
        owner = _namespace_owner(node.comparators[0])
        if owner is not None:
            yield left, owner


def _namespace_owner(node: ast.expr) -> ast.expr | None:
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        called = node.func.id if isinstance(node.func, ast.Name) else ""
        if called in _NAMESPACES:
            return node.args[0] if _is_chain(node.args[0]) else None
        if called in _CONTAINERS:
            return _namespace_owner(node.args[0])
    if isinstance(node, ast.Attribute) and node.attr in _NAMESPACE_ATTRS:
        return node.value if _is_chain(node.value) else None
    return None


def _is_chain(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)
