"""Small libcst helpers shared by the codemods."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node below ``node`` (itself included), depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def dotted(node: cst.BaseExpression) -> str:
    """``a.b.c`` for a Name/Attribute chain; '' for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def dotted_expr(name: str) -> cst.Name | cst.Attribute:
    """The expression for a dotted name."""
    parts = name.split(".")
    expr: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        expr = cst.Attribute(expr, cst.Name(part))
    return expr


def absolute_module(node: cst.ImportFrom, module: str, is_package: bool) -> str | None:
    """The absolute module an ``ImportFrom`` imports from, as seen from ``module``."""
    name = dotted(node.module) if node.module is not None else ""
    level = len(node.relative)
    if level == 0:
        return name
    parts = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, name] if name else base)


def defined_names(stmt: cst.CSTNode) -> list[str]:
    """Top-level names a module statement defines (def, class, simple assignment targets)."""
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return [stmt.name.value]
    names: list[str] = []
    if isinstance(stmt, cst.SimpleStatementLine):
        for small in stmt.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    names += [n.value for n in walk(target.target) if isinstance(n, cst.Name)]
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)) and isinstance(small.target, cst.Name):
                names.append(small.target.value)
    return names


@dataclass(frozen=True, slots=True)
class TextForm:
    """What a file's text looks like besides its code: a UTF-8 BOM and its line ending."""

    bom: str
    newline: str


def detach(code: str) -> tuple[str, TextForm]:
    """``code`` without its BOM and with ``\\n`` line endings, and how to put them back.

    The line ending is the first line's (as libcst decides it); CPython reads source with
    universal newlines, so translating line endings never changes what the code means."""
    bom = "\ufeff" if code.startswith("\ufeff") else ""
    body = code[len(bom):]
    first = body.find("\n")
    newline = "\r\n" if first > 0 and body[first - 1] == "\r" else "\n"
    if newline != "\n":
        body = body.replace(newline, "\n")
    return body, TextForm(bom, newline)


def attach(code: str, form: TextForm) -> str:
    """Undo :func:`detach` on text written with ``\\n`` line endings."""
    if form.newline != "\n":
        code = code.replace("\n", form.newline)
    return form.bom + code
