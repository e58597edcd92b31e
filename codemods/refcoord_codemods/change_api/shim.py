"""change-api's forwarding shim through its life: written silent by expand (or warning, with
``warn = "at-expand"``), made to warn by deprecate, removed by contract. The shim is the old
``def``, its old signature as written, marked by a comment line that names the new function;
the deprecate and contract steps find it by that mark, so that nothing else is touched."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Sequence

import libcst as cst

from refactor_coord.domain.test_runners import TestStyle
from refactor_coord.rewrite.binding import Param, Signature
from refactor_coord.rewrite.cst_tools import attach, close_gaps, detach, dotted
from refactor_coord.rewrite.import_block import insert_import
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.scope import module_scope, parsed
from refactor_coord.rewrite.style import Style
from refactor_coord.rewrite.templates import render, template_in_style

#: The first line of every shim's body (``{new}``: the function it forwards to).
MARK = "# refcoord: forwards to {new} until the contract step"
_MARKED = re.compile(r"^[ \t]*# refcoord: forwards to (?P<new>[\w.]+) until the contract step$")


def warning_text(old: str, new: str, remove_in: str | None) -> str:
    """The deprecation message, as the shim emits it and PLAN.md announces it (``old`` and
    ``new`` qualified)."""
    removal = f"; it will be removed in {remove_in}" if remove_in else ""
    return f"{old} is deprecated: use {new} instead{removal}"


def shim_code(
    header: str,
    indent: str,
    new: str,
    call: str,
    warned: tuple[str | None, str] = (None, ""),
    width: int = 88,
    role: str = "func",
    before: Sequence[str] = (),
) -> str:
    """The shim's text: ``header`` (the old ``def ...:``), a docstring (on two lines when one
    would pass ``width``, the project's line length; ``role``: the Sphinx role that names the
    new function, ``func``, ``meth``, or ``attr`` for a property), the mark, the warning when
    given (``warned``: it, and the ``noqa`` its function-level import needs to pass the
    project's linter), the lines ``before`` the return, and ``return <call>``."""
    warning, noqa = warned
    doc = f'"""Deprecated: use :{role}:`{new}`, to which this forwards its arguments."""'
    if role == "attr":  # a property: nothing to forward but the instance
        doc = f'"""Deprecated: use :attr:`{new}`, which this reads."""'
    elif len(indent + doc) > width:
        doc = f'"""Deprecated: use :{role}:`{new}`.\n\nThis forwards its arguments to it.\n"""'
    body = [
        *doc.split("\n"),
        MARK.format(new=new),
        *(warn_lines(warning, noqa) if warning is not None else []),
        *before,
        f"return {call}",
    ]
    return header + "\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in body)


def warn_lines(warning: str, noqa: str = "") -> list[str]:
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


def deprecate(
    source: str,
    warning: str,
    noqa: str = "",
    marker: str | None = None,
    style: Style | None = None,
) -> str | Refused:
    """Every silent shim of the module made to warn (a shim that warns already is left);
    ``noqa``: what the warning's function-level import needs to pass the project's linter. With
    ``marker`` (the module PEP 702's ``deprecated`` comes from, for this project), each shim
    also gets ``@deprecated(<warning>, category=None)``: type checkers flag its callers, and
    the shim's own warning stays the one at run time."""
    found = _warned(source, warning, noqa)
    if isinstance(found, Refused) or marker is None:
        return found
    return _marked(found, warning, marker, style or Style())


def _warned(source: str, warning: str, noqa: str) -> str | Refused:
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
        added = warn_lines(warning, noqa)
        lines[i + 1 : i + 1] = [f"{indent}{ln}\n" if ln else "\n" for ln in added]
    return attach("".join(lines), form)


def _marked(source: str, warning: str, marker: str, style: Style) -> str:
    """``source`` with each shim decorated with PEP 702's ``deprecated`` (imported from
    ``marker`` at its sorted place, unless the module has that import)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return source
    if "deprecated" in module_scope(tree).bound_at and not _imports_deprecated(tree):
        return source  # the module's own ``deprecated`` (semver's is the function renamed)
    lines = text.splitlines(keepends=True)
    shims = [
        n
        for n in _shims(tree, lines)
        if not any(_names(d, "deprecated") for d in n.decorator_list)
        and n.name != "__init_subclass__"  # the dispatch to old overrides: nobody calls it
    ]
    quoted = [json.dumps(part) for part in re.split(r"(?<=[:;] )", warning)]
    parts = [f"    {q}\n" for q in quoted[:-1]] + [f"    {quoted[-1]},\n"]
    decorator = ["@deprecated(\n", *parts, "    category=None,\n", ")\n"]
    for node in reversed(shims):  # next to the def: below a method's classmethod, staticmethod
        indent = " " * node.col_offset
        lines[node.lineno - 1 : node.lineno - 1] = [indent + line for line in decorator]
    if not shims or _imports_deprecated(tree):
        return attach("".join(lines), form)
    module = cst.parse_module("".join(lines))
    body: list[cst.BaseStatement] = list(module.body)
    insert_import(body, f"from {marker} import deprecated", style)
    return attach(module.with_changes(body=body).code, form)


def _shims(tree: ast.Module, lines: list[str]) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The module's forwarding shims (marked in their bodies): functions at its top, methods
    of the classes there."""
    classes = [s.body for s in tree.body if isinstance(s, ast.ClassDef)]
    return [
        node
        for node in [*tree.body, *(m for body in classes for m in body)]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and any(_MARKED.match(lines[n - 1].rstrip("\n")) for n in _body_lines(node))
    ]


def _first_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Where the definition starts: its first decorator, else its ``def``."""
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _names(node: ast.expr, name: str) -> bool:
    """Whether ``node`` is ``name``, ``x.name`` or a call of either."""
    target = node.func if isinstance(node, ast.Call) else node
    return (isinstance(target, ast.Name) and target.id == name) or (
        isinstance(target, ast.Attribute) and target.attr == name
    )


def _imports_deprecated(tree: ast.Module) -> bool:
    return any(
        isinstance(stmt, ast.ImportFrom)
        and any(a.asname is None and a.name == "deprecated" for a in stmt.names)
        for stmt in tree.body
    )


def contract(source: str) -> str | Refused:
    """The module without its shims (and the blank lines that set them apart)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    lines = text.splitlines(keepends=True)
    spans = [(_first_line(node), node.end_lineno or node.lineno) for node in _shims(tree, lines)]
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
    return attach(_without_unused_marker("".join(lines)), form)


def shim_gone(text: str, name: str) -> str | Refused:
    """``text``, whose shim named ``name`` is gone (a re-signed class's, see
    :mod:`.class_signature`), without ``deprecated``'s import when nothing reads it any more;
    refused while the module still uses the name."""
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    left = _still_used(tree, {name})
    if left:
        return Refused(f"the module still uses {left} (the shim goes): change that by hand first")
    return _without_unused_marker(text)


def _without_unused_marker(text: str) -> str:
    """``text`` without its ``from warnings|typing_extensions import deprecated`` when nothing
    reads ``deprecated`` any more (deprecate added it for the shims' decorators)."""
    tree = parsed(text)
    if isinstance(tree, Refused) or module_scope(tree).uses.get("deprecated"):
        return text
    module = cst.parse_module(text)
    kept = [None if _imports_only_the_marker(stmt) else stmt for stmt in module.body]
    if all(stmt is not None for stmt in kept):
        return text
    return module.with_changes(body=close_gaps(module.body, kept)).code


def _imports_only_the_marker(stmt: cst.BaseStatement) -> bool:
    """``from warnings import deprecated`` (or from ``typing_extensions``), alone on its line."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    return (
        isinstance(small, cst.ImportFrom)
        and small.module is not None
        and dotted(small.module) in ("warnings", "typing_extensions")
        and not isinstance(small.names, cst.ImportStar)
        and [(dotted(a.name), a.asname) for a in small.names] == [("deprecated", None)]
    )


def _spans(node: ast.stmt, spans: list[tuple[int, int]]) -> bool:
    return (
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (_first_line(node), node.end_lineno or node.lineno) in spans
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


def deprecation_test(
    source: str,
    where: tuple[str, str, str, str | None],
    old: str,
    campaign: str,
    style: TestStyle = "pytest",
) -> str | None:
    """A test module asserting that calling the old function warns with the shim's warning
    (``old``: its qualified name as the warning gives it) and forwards to the new one; ``where``:
    the defining module, the old and the new function's names there, and a method's class (the
    method is called on an instance made without ``__init__``). The new function is replaced by
    a stand-in, so any arguments the old signature accepts will do (None for each required one).
    None when ``source`` has no such function to call. ``style``: the project's test style.
    """
    module, old_name, new_name, owner = where
    tree = parsed(detach(source)[0])
    if isinstance(tree, Refused):
        return None
    body = (
        tree.body
        if owner is None
        else next(
            (s.body for s in tree.body if isinstance(s, ast.ClassDef) and s.name == owner), []
        )
    )
    shims = [
        s for s in body
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == old_name
    ]  # fmt: skip
    if not shims:
        return None
    kind = "function" if owner is None else _bound_as(shims[-1])
    params = Signature.of(shims[-1].args).params
    if kind in ("instance", "classmethod", "property"):
        params = params[1:]
    escaped = old.replace(".", "\\.")  # a qualified name: words and dots
    arguments = stand_ins(params)
    if kind == "instance":
        arguments.insert(0, "owner.__new__(owner)")
    return render(
        __package__ or "",
        template_in_style("deprecation_test", style),
        campaign=campaign,
        old=old,
        new=f"{module}.{owner}.{new_name}" if owner else f"{module}.{new_name}",
        module=module,
        owner=owner,
        kind=kind,
        old_name=old_name,
        new_name=new_name,
        is_async=isinstance(shims[-1], ast.AsyncFunctionDef),
        arguments=", ".join(arguments),
        match=f'r"{escaped} is deprecated"',
    )


def stand_ins(params: Sequence[Param]) -> list[str]:
    """Arguments any callable with these parameters accepts: None for each required one."""
    return [
        "None" if p.kind in ("posonly", "either") else f"{p.name}=None"
        for p in params
        if p.required
    ]


def _bound_as(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """instance, classmethod, staticmethod or property, by the shim's decorators."""
    names = {ast.unparse(d) for d in node.decorator_list}
    return next((k for k in ("classmethod", "staticmethod", "property") if k in names), "instance")
