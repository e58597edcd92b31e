"""Import blocks as isort and ruff write them by default: sections (``__future__``, the standard
library, third party, first party, relative) one blank line apart; in each, ``import x`` lines
before ``from x import y`` ones, by module name ignoring case (relative ones furthest first);
``from`` imports of one module merged, their names constants first, then classes, then the rest;
a ``from`` import longer than the line length wrapped in parentheses, one name a line. A new
import joins an existing block at its sorted place when the block is sorted (else after it, as
the file's author would have added it). Pure.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from refactor_coord.rewrite.cst_tools import dotted
from refactor_coord.rewrite.style import Style

_EMPTY = cst.Module([])


@dataclass(frozen=True, slots=True)
class _Import:
    """One import statement: ``import module [as alias]`` (``names`` empty), or ``from
    <level dots><module> import names``; ``comment``: its trailing comment."""

    module: str
    names: tuple[tuple[str, str | None], ...] = ()  #: (name, alias)
    level: int = 0
    alias: str | None = None
    comment: str = ""
    is_from: bool = False

    def key(self, style: Style) -> tuple[object, ...]:
        section = style.section(self.module or ".", self.level)
        first = member_key(self.names[0][0]) if self.names else ()
        return (section, self.is_from, -self.level, natural(self.module), self.module, first)

    def text(self, limit: int, indent: str = "", flake8: bool = False) -> str:
        """The statement, wrapped one name a line when longer than ``limit``: its comment after
        the ``(``, but a ``noqa`` of a one-name import after that name, where ruff reports an
        unused or useless import (pyflakes, for ``flake8``, reports it at the statement's
        first line: the ``noqa`` stays there)."""
        comment = f"  {self.comment}" if self.comment else ""
        if not self.is_from:
            alias = f" as {self.alias}" if self.alias else ""
            return f"{indent}import {self.module}{alias}{comment}"
        names = [n + (f" as {a}" if a else "") for n, a in self.names]
        head = f"{indent}from {'.' * self.level}{self.module} import "
        line = head + ", ".join(names) + comment
        if len(line) <= limit:
            return line
        if len(names) == 1 and self.comment.startswith("# noqa") and not flake8:
            return f"{head}(\n{indent}    {names[0]},{comment}\n{indent})"
        inner = "".join(f"{indent}    {n},\n" for n in names)
        return f"{head}({comment}\n{inner}{indent})"


def member_key(name: str) -> tuple[object, ...]:
    """isort's ``order-by-type``: CONSTANTS, then Classes, then the rest, in natural order
    ignoring case."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return kind, natural(name), name


def natural(name: str) -> tuple[object, ...]:
    """``name`` lowercased, its runs of digits compared as numbers (``x9`` before ``x10``), as
    isort and ruff order names."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name.lower()))


def _imports_of(stmt: cst.BaseStatement) -> list[_Import] | None:
    """The imports of an import line (None when ``stmt`` is something else)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or not stmt.body:
        return None
    comment = stmt.trailing_whitespace.comment
    note = comment.value if comment is not None else ""
    found: list[_Import] = []
    for small in stmt.body:
        if isinstance(small, cst.Import):
            found += [
                _Import(dotted(a.name), (), 0, dotted(a.asname.name) if a.asname else None, note)
                for a in small.names
            ]
        elif isinstance(small, cst.ImportFrom):
            names = (
                (("*", None),)
                if isinstance(small.names, cst.ImportStar)
                else tuple(
                    (dotted(a.name), dotted(a.asname.name) if a.asname else None)
                    for a in small.names
                )
            )
            module = dotted(small.module) if small.module is not None else ""
            found.append(_Import(module, names, len(small.relative), None, note, True))
        else:
            return None
    return found


def _merged(imports: Sequence[_Import]) -> list[_Import]:
    """``from`` imports of one module (without aliases or comments) as one, names sorted; each
    aliased name on its own line (as isort does unless told to combine them); repeats dropped."""
    out: list[_Import] = []
    joined: dict[tuple[int, str], int] = {}
    for imp in imports:
        if not imp.is_from:
            out += [] if imp in out else [imp]
            continue
        for name, alias in imp.names:
            one = _Import(imp.module, ((name, alias),), imp.level, None, imp.comment, True)
            at = joined.get((imp.level, imp.module))
            if alias or imp.comment or at is None:
                if one not in out:
                    out.append(one)
                    if not alias and not imp.comment:
                        joined[imp.level, imp.module] = len(out) - 1
                continue
            names = {*out[at].names, (name, alias)}
            out[at] = _Import(imp.module, tuple(sorted(names, key=lambda n: member_key(n[0]))),
                              imp.level, None, "", True)  # fmt: skip
    return out


def format_imports(lines: Sequence[str], style: Style, indent: str = "") -> str:
    """The import ``lines`` (each a statement, a trailing comment allowed) as one sorted block,
    sections a blank line apart, each line indented with ``indent``."""
    imports: list[_Import] = []
    for line in lines:
        found = _imports_of(cst.parse_statement(line.strip() + "\n"))
        assert found is not None, f"not an import: {line!r}"
        imports += found
    ordered = sorted(_merged(imports), key=lambda imp: imp.key(style))
    out: list[str] = []
    section: object = None
    for imp in ordered:
        key = imp.key(style)
        if section is not None and key[0] != section:
            out.append("")
        section = key[0]
        out.append(imp.text(style.line_length, indent, style.linter == "flake8"))
    return "\n".join(out)


def leading_imports(body: Sequence[cst.BaseStatement]) -> tuple[int, int]:
    """(start, end) of the import lines that open the module, after its docstring."""
    start = 1 if body and _is_docstring(body[0]) else 0
    end = start
    while end < len(body) and _imports_of(body[end]) is not None:
        end += 1
    return start, end


def insert_import(
    body: list[cst.BaseStatement], line: str | cst.SimpleStatementLine, style: Style
) -> None:
    """Put the import ``line`` (a statement's text or node) into the import block that opens
    the module ``body``: at its sorted place, a blank line apart from other sections, when the
    block is sorted (also when it is empty), else after the block. A plain one-line import is
    wrapped when it passes the line length; any other keeps its form."""
    stmt = cst.parse_statement(line.strip() + "\n") if isinstance(line, str) else line
    new = _imports_of(stmt)
    assert new is not None and new, f"not an import: {line!r}"
    if len(new) == 1 and _EMPTY.code_for_node(stmt).strip() == new[0].text(10**6):
        parts = _merged(new)  # as isort writes it: names sorted, an aliased one on its own
        if len(parts) > 1:
            for part in parts:
                insert_import(
                    body, part.text(style.line_length, "", style.linter == "flake8"), style
                )
            return
        written = cst.parse_statement(
            parts[0].text(style.line_length, "", style.linter == "flake8") + "\n"
        )
        assert isinstance(written, cst.SimpleStatementLine)
        stmt = written.with_changes(leading_lines=stmt.leading_lines)
    _insert(body, stmt, new[0].key(style), style)


def _insert(
    body: list[cst.BaseStatement],
    stmt: cst.BaseStatement,
    key: tuple[object, ...],
    style: Style,
) -> None:
    start, end = leading_imports(body)
    keys = [_first_key(body[i], style) for i in range(start, end)]
    if not is_sorted(body[start:end], style):  # last of its section, as the author would
        same = [start + i for i, k in enumerate(keys) if k and k[0] == key[0]]
        body.insert(same[-1] + 1 if same else end, stmt)
        return
    at = start + sum(1 for k in keys if k <= key)
    before = _first_key(body[at - 1], style) if start < at else None
    after = _first_key(body[at], style) if at < end else None
    lines: list[cst.EmptyLine] = []
    opens = before is None or before[0] != key[0]  # it opens its section
    if at < len(body) and (at == start or (opens and after is not None and after[0] == key[0])):
        lines = _leading(body[at])  # it takes the blank lines above the line it goes before
        body[at] = _with_leading(body[at], [])
    elif opens and before is not None:
        lines = [cst.EmptyLine()]
    follows = body[at] if at < len(body) else None
    if follows is not None and (after is None or after[0] != key[0]):
        wanted = 1 if after is not None else _wanted_after(follows)
        if _blank(follows) < wanted:
            body[at] = _with_leading(follows, [cst.EmptyLine()] * wanted + _leading(follows))
    own = [line for line in _leading(stmt) if line.comment is not None]  # its note stays on
    body.insert(at, _with_leading(stmt, lines + own))


def place_added_imports(old: str, new: str, style: Style) -> str:
    """``new`` (``old`` after an edit) with the import lines the edit added to, or changed in,
    the block of imports that opens the module wrapped when they pass the line length, and put
    at their sorted place when that block was sorted before the edit."""
    old_block, new_block = _opening_block(old), _opening_block(new)
    if old_block is None or new_block is None:
        return new
    old_module, _ = old_block
    module, rest = new_block
    start, end = leading_imports(old_module.body)
    before = {old_module.code_for_node(s).strip() for s in old_module.body[start:end]}
    sorted_before = is_sorted(old_module.body[start:end], style)
    body: list[cst.BaseStatement] = list(module.body)
    start, end = leading_imports(body)
    added = [s for s in body[start:end] if module.code_for_node(s).strip() not in before]
    if not added:
        return new
    if not sorted_before:  # they stay where the edit put them
        body[start:end] = [
            fitted(s, style.line_length) if s in added else s for s in body[start:end]
        ]
        return module.with_changes(body=body).code + rest
    opening = _leading(body[start])  # the blank lines between the docstring and the block
    body[start:end] = _without(body[start:end], added)
    for stmt in added:
        assert isinstance(stmt, cst.SimpleStatementLine)
        insert_import(body, stmt.with_changes(leading_lines=[]), style)
    if _blank(body[start]) < _count(opening):
        body[start] = _with_leading(body[start], opening)
    return module.with_changes(body=body).code + rest


def _without(
    block: Sequence[cst.BaseStatement], gone: Sequence[cst.BaseStatement]
) -> list[cst.BaseStatement]:
    """``block`` without the statements ``gone``; the blank lines above a removed statement go
    to the next one that stays, when it has fewer (it may open a section now)."""
    kept: list[cst.BaseStatement] = []
    above: list[cst.EmptyLine] = []
    for stmt in block:
        if any(stmt is g for g in gone):
            above = above if _count(above) >= _blank(stmt) else _leading(stmt)
            continue
        if above and _blank(stmt) < _count(above):
            stmt = _with_leading(stmt, above)
        kept.append(stmt)
        above = []
    return kept


def fitted(stmt: cst.BaseStatement, line_length: int) -> cst.BaseStatement:
    """``stmt`` wrapped in parentheses, one name a line (its comment after the parenthesis),
    when it is a plain one-line ``from`` import longer than ``line_length``; else as it is."""
    found = _imports_of(stmt)
    if not found or len(found) != 1 or not found[0].is_from:
        return stmt
    code = _EMPTY.code_for_node(stmt).strip()
    if code != found[0].text(10**6) or len(code) <= line_length:
        return stmt
    written = cst.parse_statement(found[0].text(line_length) + "\n")
    return _with_leading(written, _leading(stmt))


def _opening_block(code: str) -> tuple[cst.Module, str] | None:
    """The part of ``code`` up to the end of the imports that open it, parsed, and the rest."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    end = 0
    for i, stmt in enumerate(tree.body):
        is_doc = i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        if not (is_doc or isinstance(stmt, (ast.Import, ast.ImportFrom))):
            break
        end = stmt.end_lineno or stmt.lineno
    lines = code.splitlines(keepends=True)
    head = "".join(lines[:end])
    try:
        return cst.parse_module(head), "".join(lines[end:])
    except cst.ParserSyntaxError:
        return None


def spaced_as_isort(body: Sequence[cst.BaseStatement]) -> bool:
    """Whether the code after the imports that open ``body`` starts as isort and ruff want it
    to: two blank lines down when it is a function or class, else one (or no such code)."""
    start, end = leading_imports(body)
    return end == start or end == len(body) or _blank(body[end]) == _wanted_after(body[end])


def space_after_imports(body: list[cst.BaseStatement]) -> None:
    """Give the code after the imports that open ``body`` the blank lines isort and ruff want
    above it (its comments kept)."""
    start, end = leading_imports(body)
    if start < end < len(body):
        stmt = body[end]
        comments = _leading(stmt)[_blank(stmt) :]
        body[end] = _with_leading(stmt, [cst.EmptyLine()] * _wanted_after(stmt) + comments)


def _wanted_after(stmt: cst.BaseStatement) -> int:
    return 2 if _is_definition(stmt) else 1


def is_sorted(block: Sequence[cst.BaseStatement], style: Style) -> bool:
    """Whether the import lines ``block`` are sorted and grouped as isort does: in order, and a
    blank line where, and only where, a section starts."""
    keys = [_first_key(stmt, style) for stmt in block]
    if keys != sorted(keys):
        return False
    for stmt in block:
        for imp in _imports_of(stmt) or ():
            names = [member_key(n) for n, _ in imp.names]
            if names != sorted(names):
                return False
    return all(
        (keys[i][0] != keys[i - 1][0]) == (_blank(block[i]) > 0) for i in range(1, len(keys))
    )


def _first_key(stmt: cst.BaseStatement, style: Style) -> tuple[object, ...]:
    found = _imports_of(stmt)
    return found[0].key(style) if found else ()


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_definition(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, (cst.FunctionDef, cst.ClassDef))


def _leading(stmt: cst.BaseStatement) -> list[cst.EmptyLine]:
    if isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return list(stmt.leading_lines)
    return []


def _blank(stmt: cst.BaseStatement) -> int:
    return _count(_leading(stmt))


def _count(lines: Sequence[cst.EmptyLine]) -> int:
    """The blank lines before the first comment of ``lines``."""
    count = 0
    for line in lines:
        if line.comment is not None:
            break
        count += 1
    return count


def _with_leading(stmt: cst.BaseStatement, lines: list[cst.EmptyLine]) -> cst.BaseStatement:
    if isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return stmt.with_changes(leading_lines=lines)
    return stmt
