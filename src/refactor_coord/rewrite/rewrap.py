"""Statements a step wrote past the project's line length, wrapped as a careful author would,
when the project runs no formatter of its own: black reformats those statements only
(``lines=``), keeping the file's quotes; everything else stays byte for byte. Pure: texts in,
text out."""

from __future__ import annotations

from collections.abc import Collection

import black
from black.parsing import InvalidInput


def long_new_lines(text: str, line_length: int, known: Collection[str]) -> list[int]:
    """The (1-based) lines of ``text`` longer than ``line_length`` that are not among ``known``
    (the lines the step's files held before it: a line the project already had long is its
    own) and carry no ``noqa`` (a long line someone has let be)."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if len(line) > line_length and line not in known and "noqa" not in line
    ]


def rewrapped(text: str, lines: Collection[int], line_length: int) -> str:
    """``text`` with the statements on ``lines`` wrapped by black at ``line_length`` (quotes
    and the rest of the file as they are); ``text`` itself when black cannot."""
    if not lines:
        return text
    mode = black.Mode(line_length=line_length, string_normalization=False)
    try:
        return black.format_str(text, mode=mode, lines=[(n, n) for n in sorted(lines)])
    except (InvalidInput, ValueError, IndexError):
        return text
