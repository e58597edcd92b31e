"""change-api's forwarding shim through its life: written silent by expand (or warning, with
``warn = "at-expand"``), made to warn by deprecate, removed by contract. The shim is the old
``def``, its old signature as written, marked by a comment line that names the new function;
the deprecate and contract steps find it by that mark, so that nothing else is touched."""

from __future__ import annotations

import ast
import json
import re

from refactor_coord.rewrite.cst_tools import attach, detach
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.scope import module_scope, parsed

#: The first line of every shim's body (``{new}``: the function it forwards to).
MARK = "# refcoord: forwards to {new} until the contract step"
_MARKED = re.compile(r"^[ \t]*# refcoord: forwards to (?P<new>[\w.]+) until the contract step$")


def warning_text(old: str, new: str, remove_in: str | None) -> str:
    """The deprecation message, as the shim emits it and PLAN.md announces it (``old`` and
    ``new`` qualified)."""
    removal = f"; it will be removed in {remove_in}" if remove_in else ""
    return f"{old} is deprecated: call {new} instead{removal}"


def shim_code(
    header: str, indent: str, old: str, new: str, call: str, warning: str | None, noqa: str = ""
) -> str:
    """The shim's text: ``header`` (the old ``def ...:``), a docstring, the mark, the warning
    when given (``noqa``: what its function-level import needs to pass the project's linter),
    and ``return <call>``."""
    body = [
        f'"""Deprecated: use :func:`{new}`, to which this forwards its arguments."""',
        MARK.format(new=new),
        *(_warn_lines(warning, noqa) if warning is not None else []),
        f"return {call}",
    ]
    del old
    return header + "\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in body)


def _warn_lines(warning: str, noqa: str = "") -> list[str]:
    """The warning call, one argument a line and the message cut after its ``: `` and ``; ``
    (adjacent string literals), so that it fits the usual line lengths."""
    parts = re.split(r"(?<=[:;] )", warning)
    quoted = [json.dumps(part) for part in parts]
    return [
        f"import warnings{noqa}",
        "",
        "warnings.warn(",
        *(f"    {q}" for q in quoted[:-1]),
        f"    {quoted[-1]},",
        "    DeprecationWarning,",
        "    stacklevel=2,",
        ")",
    ]


def deprecate(source: str, warning: str, noqa: str = "") -> str | Refused:
    """Every silent shim of the module made to warn (a shim that warns already is left);
    ``noqa``: what the warning's function-level import needs to pass the project's linter."""
    text, form = detach(source)
    lines = text.splitlines(keepends=True)
    marks = [i for i, line in enumerate(lines) if _MARKED.match(line.rstrip("\n"))]
    if not marks:
        return Refused("the module has no refcoord forwarding shim: apply the expand step first")
    for i in reversed(marks):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if "import warnings" in following:
            continue
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        added = _warn_lines(warning, noqa)
        lines[i + 1 : i + 1] = [f"{indent}{ln}\n" if ln else "\n" for ln in added]
    return attach("".join(lines), form)


def contract(source: str) -> str | Refused:
    """The module without its shims (and the blank lines that set them apart)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    lines = text.splitlines(keepends=True)
    spans = [
        (node.lineno, node.end_lineno or node.lineno)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and any(_MARKED.match(lines[n - 1].rstrip("\n")) for n in _body_lines(node))
    ]
    if not spans:
        return Refused("the module has no refcoord forwarding shim: apply the expand step first")
    for first, last in reversed(spans):
        start = first - 1
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        del lines[start:last]
    shims = {
        n.name
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _spans(n, spans)
    }
    left = _still_used(tree, shims)
    if left:
        return Refused(f"the module still uses {left} (the shim goes): change that by hand first")
    return attach("".join(lines), form)


def _spans(node: ast.stmt, spans: list[tuple[int, int]]) -> bool:
    return (
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (
            node.lineno,
            node.end_lineno or node.lineno,
        )
        in spans
    )


def _still_used(tree: ast.Module, names: set[str]) -> str:
    """``name (line N)`` for the first read of a removed shim's name left in the module."""
    scope = module_scope(tree)
    for name in sorted(names):
        for use in scope.uses.get(name, ()):
            return f"{name} (line {use.line})"
    return ""


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> range:
    return range(node.body[0].lineno - 1, (node.end_lineno or node.lineno) + 1)


def forwarded_to(source: str) -> list[str]:
    """The functions the module's shims forward to."""
    return [m["new"] for line in source.splitlines() if (m := _MARKED.match(line))]
