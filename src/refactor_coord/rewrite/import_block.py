"""Import blocks as isort and ruff write them by default: sections (``__future__``, the standard
library, third party, first party, relative) one blank line apart; in each, ``import x`` lines
before ``from x import y`` ones, by module name ignoring case (relative ones furthest first);
``from`` imports of one module merged, their names constants first, then classes, then the rest;
a ``from`` import longer than the line length wrapped in parentheses, one name a line. A new
import joins an existing block at its sorted place when the block is sorted (else after it, as
the file's author would have added it). Pure.
"""

from __future__ import annotations

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
        return (section, self.is_from, -self.level, self.module.lower(), self.module, first)

    def text(self, limit: int, indent: str = "") -> str:
        comment = f"  {self.comment}" if self.comment else ""
        if not self.is_from:
            alias = f" as {self.alias}" if self.alias else ""
            return f"{indent}import {self.module}{alias}{comment}"
        names = [n + (f" as {a}" if a else "") for n, a in self.names]
        head = f"{indent}from {'.' * self.level}{self.module} import "
        line = head + ", ".join(names) + comment
        if len(line) <= limit:
            return line
        inner = "".join(f"{indent}    {n},\n" for n in names)
        return f"{head}({comment}\n{inner}{indent})"


def member_key(name: str) -> tuple[int, str, str]:
    """isort's ``order-by-type``: CONSTANTS, then Classes, then the rest, ignoring case."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name


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
        elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            names = tuple(
                (dotted(a.name), dotted(a.asname.name) if a.asname else None) for a in small.names
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
        out.append(imp.text(style.line_length, indent))
    return "\n".join(out)


def leading_imports(body: Sequence[cst.BaseStatement]) -> tuple[int, int]:
    """(start, end) of the import lines that open the module, after its docstring."""
    start = 1 if body and _is_docstring(body[0]) else 0
    end = start
    while end < len(body) and _imports_of(body[end]) is not None:
        end += 1
    return start, end


def insert_import(body: list[cst.BaseStatement], line: str, style: Style) -> None:
    """Put the import ``line`` into the import block that opens the module ``body``: at its
    sorted place, a blank line apart from other sections, when the block is sorted (also when
    it is empty), else after the block."""
    new = _imports_of(cst.parse_statement(line.strip() + "\n"))
    assert new is not None and len(new) == 1, f"not one import: {line!r}"
    key = new[0].key(style)
    start, end = leading_imports(body)
    keys = [_first_key(body[i], style) for i in range(start, end)]
    at = end
    if keys == sorted(keys):
        at = start + sum(1 for k in keys if k <= key)
    stmt = cst.parse_statement(new[0].text(style.line_length) + "\n")
    before = _first_key(body[at - 1], style) if start < at else None
    after = _first_key(body[at], style) if at < end else None
    lines: list[cst.EmptyLine] = []
    if at == start and at < len(body):  # the block's first line: it takes the blank lines above
        lines = _leading(body[at])
        body[at] = _with_leading(body[at], [])
    elif before is not None and before[0] != key[0]:
        lines = [cst.EmptyLine()]
    follows = body[at] if at < len(body) else None
    if follows is not None and (after is None or after[0] != key[0]):
        wanted = 1 if after is not None else 2 if _is_definition(follows) else 1
        if _blank(follows) < wanted:
            body[at] = _with_leading(follows, [cst.EmptyLine()] * wanted + _leading(follows))
    body.insert(at, _with_leading(stmt, lines))


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
    count = 0
    for line in _leading(stmt):
        if line.comment is not None:
            break
        count += 1
    return count


def _with_leading(stmt: cst.BaseStatement, lines: list[cst.EmptyLine]) -> cst.BaseStatement:
    if isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return stmt.with_changes(leading_lines=lines)
    return stmt
