"""The names that strings read as types name: forward references that type checkers resolve in
the module (``"Version"`` in an annotation, in ``Union["Version", str]``, as a ``TypeVar``'s
``bound=``, as ``cast``'s type), though nothing binds them at run time. Pure: nodes in, names
out."""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from refactor_coord.rewrite.cst_tools import walk
from refactor_coord.rewrite.positions import Edit


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


def type_string_edits(tree: ast.Module, lines: Sequence[str], name: str, new: str) -> list[Edit]:
    """The edits renaming ``name`` to ``new`` where a string of the module names it as a type
    (``x: "Square"``, ``list["Square"]``, ``cast("Square", v)``, ``TypeVar("T",
    bound="Square")``): the forward references a renamed class leaves behind. A string written
    over several lines or with escapes is left as it is."""
    edits: dict[tuple[int, int], Edit] = {}
    for node in ast.walk(tree):
        for string in _ast_type_strings(node):
            for edit in _renamed_in(string, lines, name, new):
                edits[(edit.line, edit.col)] = edit
    return list(edits.values())


def _ast_type_strings(node: ast.AST) -> list[ast.Constant]:
    """:func:`_type_strings` for ``ast`` nodes."""
    typed: list[ast.expr | None] = []
    if isinstance(node, ast.arg | ast.AnnAssign):
        typed.append(node.annotation)
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        typed.append(node.returns)
    elif isinstance(node, ast.Subscript) and _generic(node.value):
        typed.append(node.slice)
    elif isinstance(node, ast.Call):
        func = node.func
        callee = _name(func)
        typed += [k.value for k in node.keywords if k.arg == "bound"]
        if callee == "cast" and node.args:
            typed.append(node.args[0])
    return [n for expr in typed if expr is not None for n in _strings_in(expr)]


def _strings_in(expr: ast.expr) -> list[ast.Constant]:
    """The strings of a type expression that are types: not a ``Literal``'s values, nor an
    ``Annotated``'s metadata."""
    if isinstance(expr, ast.Constant):
        return [expr] if isinstance(expr.value, str) else []
    if isinstance(expr, ast.Subscript):
        name = _name(expr.value)
        if name == "Literal":
            return []
        inner = expr.slice
        if name == "Annotated" and isinstance(inner, ast.Tuple) and inner.elts:
            inner = inner.elts[0]
        return _strings_in(inner)
    return [
        s
        for child in ast.iter_child_nodes(expr)
        if isinstance(child, ast.expr)
        for s in _strings_in(child)
    ]


#: generics whose subscripts are types outside annotations too (``Alias = Union["A", B]``); a
#: subscript of anything else (``registry["Square"]``) is a lookup, its string a key
_GENERICS = frozenset(
    [
        "Annotated",
        "Callable",
        "ClassVar",
        "Dict",
        "Final",
        "FrozenSet",
        "Iterable",
        "Iterator",
        "List",
        "Mapping",
        "Optional",
        "Sequence",
        "Set",
        "Tuple",
        "Type",
        "Union",
        "dict",
        "frozenset",
        "list",
        "set",
        "tuple",
        "type",
    ]
)


def _generic(node: ast.expr) -> bool:
    return _name(node) in _GENERICS


def _name(node: ast.expr) -> str:
    """``x`` of ``x`` or ``m.x``; "" for anything else."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _renamed_in(string: ast.Constant, lines: Sequence[str], name: str, new: str) -> list[Edit]:
    value = string.value
    assert isinstance(value, str)
    if name not in value or string.end_lineno != string.lineno:
        return []
    raw = lines[string.lineno - 1].encode("utf-8")[string.col_offset : string.end_col_offset]
    quote = raw[:1].decode()
    if quote not in ("'", '"') or raw != (quote + value + quote).encode("utf-8"):
        return []  # a prefix, triple quotes or escapes: its text is not its value
    lead = len(value) - len(value.lstrip())
    try:
        expr = ast.parse(value.strip(), mode="eval")
    except SyntaxError:
        return []
    start = string.col_offset + 1 + len(value[:lead].encode("utf-8"))
    return [
        Edit(string.lineno, start + n.col_offset, name, new)
        for n in ast.walk(expr)
        if isinstance(n, ast.Name) and n.id == name and n.lineno == 1
    ]
