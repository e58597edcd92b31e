"""Small libcst helpers shared by the codemods."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

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
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)) and isinstance(
                small.target, cst.Name
            ):
                names.append(small.target.value)
    return names


_Item = TypeVar("_Item", cst.ImportAlias, cst.BaseElement)


def _line_break(item: cst.ImportAlias | cst.BaseElement) -> cst.ParenthesizedWhitespace | None:
    """The whitespace after ``item``'s comma when the item ends its line."""
    comma = item.comma
    if isinstance(comma, cst.Comma) and isinstance(
        comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        return comma.whitespace_after
    return None


def _take_line_break(item: _Item, removed: Sequence[_Item]) -> _Item:
    """``item`` ending its line where the ``removed`` items after it did: its own line break (or,
    if it had none, the first of theirs, comment included) with the lines and indentation that
    led to what follows them."""
    breaks = [b for b in map(_line_break, removed) if b is not None]
    comma = item.comma
    if not breaks or not isinstance(comma, cst.Comma):
        return item
    start = _line_break(item) or breaks[0]
    ws = start.with_changes(
        empty_lines=breaks[-1].empty_lines,
        indent=breaks[-1].indent,
        last_line=breaks[-1].last_line,
    )
    return item.with_changes(comma=comma.with_changes(whitespace_after=ws))


def _closed(
    item: _Item, last: _Item, closing: cst.BaseParenthesizableWhitespace
) -> tuple[_Item, cst.BaseParenthesizableWhitespace]:
    """``item``, now last, ended the way the removed ``last`` item was, and the new whitespace
    before the closing bracket: the bracket stays on its own line when it was."""
    own = _line_break(item)
    comma = item.comma
    if own is None or not isinstance(
        comma, cst.Comma
    ):  # on the last item's line: it ends as that did
        return item.with_changes(comma=last.comma), closing
    if isinstance(last.comma, cst.Comma):
        return item, closing
    if isinstance(closing, cst.ParenthesizedWhitespace):
        ws = own.with_changes(indent=closing.indent, last_line=closing.last_line)
    elif (
        own.first_line.comment is None
    ):  # the bracket closed the removed item's line: it closes this one
        return item.with_changes(comma=last.comma), closing
    else:  # keep the comment: the bracket goes on a line of its own
        ws = own.with_changes(indent=False, last_line=cst.SimpleWhitespace(""))
    return item.with_changes(comma=comma.with_changes(whitespace_after=ws)), cst.SimpleWhitespace(
        ""
    )


def kept_items(
    items: Sequence[_Item], keep: Sequence[bool], closing: cst.BaseParenthesizableWhitespace
) -> tuple[list[_Item], cst.BaseParenthesizableWhitespace]:
    """The ``keep``-marked items of a bracketed comma-separated list, with their line structure:
    where removed items ended a line, the kept item before them ends it instead; and the new
    whitespace before the closing bracket (``closing`` is the old)."""
    kept: list[_Item] = []
    run: list[_Item] = []  # the items removed since the last kept one
    for item, wanted in zip(items, keep, strict=True):
        if not wanted:
            run.append(item)
            continue
        if kept and run:
            kept[-1] = _take_line_break(kept[-1], run)
        kept.append(item)
        run = []
    if not kept or not run:
        return kept, closing
    last = items[-1]
    bracket_own_line = _line_break(last) is not None or (
        not isinstance(last.comma, cst.Comma) and isinstance(closing, cst.ParenthesizedWhitespace)
    )
    if bracket_own_line:
        kept[-1] = _take_line_break(kept[-1], run)
    kept[-1], closing = _closed(kept[-1], last, closing)
    return kept, closing


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
    body = code[len(bom) :]
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


def blank_lines(stmt: cst.BaseStatement) -> int:
    """How many blank lines stand right above a statement (up to its first comment line)."""
    count = 0
    if not isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return 0
    for line in stmt.leading_lines:
        if line.comment is not None:
            break
        count += 1
    return count


def with_blank_lines(stmt: cst.BaseStatement, count: int) -> cst.BaseStatement:
    """``stmt`` with ``count`` blank lines right above it (its comment lines kept)."""
    if not isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return stmt
    rest = list(stmt.leading_lines)[blank_lines(stmt) :]
    return stmt.with_changes(leading_lines=[cst.EmptyLine() for _ in range(count)] + rest)


def close_gaps(
    original: Sequence[cst.BaseStatement], kept: Sequence[cst.BaseStatement | None]
) -> list[cst.BaseStatement]:
    """Drop the removed statements (None in ``kept``), keeping the blank lines that separated them
    from what stays: the statement after a removed run gets the run's leading blank lines when it
    had fewer (at the top of the module: exactly as many)."""
    result: list[cst.BaseStatement] = []
    run_start: int | None = None
    for i, stmt in enumerate(kept):
        if stmt is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            removed = blank_lines(original[run_start])
            count = removed if run_start == 0 else max(removed, blank_lines(stmt))
            stmt, run_start = with_blank_lines(stmt, count), None
        result.append(stmt)
    return result
