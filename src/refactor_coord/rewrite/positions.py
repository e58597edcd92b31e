"""Rewriting at positions: replace the text at the places the index (or the kit's scope model)
located, as ``ast`` numbers them (1-based lines, columns in UTF-8 bytes). Every edit states the
text it expects to find there; when any is not found, nothing is changed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.outcome import Refused


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old`` (an identifier, or any text) at ``line``/``col`` with ``new``."""

    line: int
    col: int  #: UTF-8 bytes from the start of the line, as ``ast`` counts
    old: str
    new: str


def source_lines(text: str) -> list[str]:
    """``text``'s lines as ``ast`` numbers them, ends kept: split at ``\n`` only (a form feed
    or ``\u2028``, where ``str.splitlines`` also splits, is not a line break to Python)."""
    return re.split(r"(?<=\n)(?=.)", text, flags=re.DOTALL)


def apply_edits(text: str, edits: Sequence[Edit]) -> str | Refused:
    """``text`` with every edit made, or Refused (naming the first misplaced edit)."""
    lines = source_lines(text)
    by_line: dict[int, list[tuple[int, Edit]]] = {}
    for edit in edits:
        if not 1 <= edit.line <= len(lines):
            return Refused(f"line {edit.line} is not in the file (expected {edit.old!r})")
        line = lines[edit.line - 1]
        start = len(line.encode("utf-8")[: edit.col].decode("utf-8", "ignore"))
        if not _holds(line, start, edit.old):
            return Refused(f"line {edit.line}, column {edit.col} does not hold {edit.old!r}")
        by_line.setdefault(edit.line, []).append((start, edit))
    for number, found in by_line.items():
        line = lines[number - 1]
        for start, edit in sorted(found, key=lambda pair: -pair[0]):
            line = line[:start] + edit.new + line[start + len(edit.old) :]
        lines[number - 1] = line
    return "".join(lines)


def _holds(line: str, start: int, old: str) -> bool:
    """Whether ``old`` stands at ``start`` as a whole word when it is an identifier."""
    if line[start : start + len(old)] != old:
        return False
    if not old.isidentifier():
        return True
    after = line[start + len(old) : start + len(old) + 1]
    before = line[start - 1 : start] if start else ""
    return not (
        after.isidentifier() or after.isdigit() or before.isidentifier() or before.isdigit()
    )
