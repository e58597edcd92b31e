"""The names that strings read as types name: forward references that type checkers resolve in
the module (``"Version"`` in an annotation, in ``Union["Version", str]``, as a ``TypeVar``'s
``bound=``, as ``cast``'s type), though nothing binds them at run time. Pure: nodes in, names
out."""

from __future__ import annotations

import ast

import libcst as cst

from refactor_coord.rewrite.cst_tools import walk


def type_string_names(node: cst.CSTNode) -> set[str]:
    """The names in the strings of ``node`` that type checkers read as types."""
    names: set[str] = set()
    for inner in walk(node):
        for string in _type_strings(inner):
            try:
                expr = ast.parse(str(string.evaluated_value).strip(), mode="eval")
            except (SyntaxError, ValueError):
                continue
            names |= {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
    return names


def _type_strings(node: cst.CSTNode) -> list[cst.SimpleString]:
    """The strings of ``node`` read as types: in an annotation, a subscript (``Union["X"]``),
    a ``bound=`` or ``cast``'s first argument."""
    if isinstance(node, cst.Annotation):
        return _strings(node.annotation)
    if isinstance(node, cst.Subscript):
        return [s for element in node.slice for s in _strings(element.slice)]
    if not isinstance(node, cst.Call):
        return []
    func = node.func
    callee = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
    typed = [a.value for a in node.args if a.keyword is not None and a.keyword.value == "bound"]
    if callee == "cast" and node.args:
        typed.append(node.args[0].value)
    return [s for value in typed for s in _strings(value)]


def _strings(node: cst.CSTNode) -> list[cst.SimpleString]:
    return [n for n in walk(node) if isinstance(n, cst.SimpleString)]
