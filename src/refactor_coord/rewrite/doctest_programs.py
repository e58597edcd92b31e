"""A file's doctest examples read as one program: the code after each ``>>> `` prompt and the
``... `` lines that continue it, in order, one program line per example line (doctest's shared
globals run them so: an ``import`` or an assignment in one example binds the name for the
next). Readers that need Python (a type inferencer, a rewrite by position) work on the program
and map places back to the file. Pure: text in, program and places out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.doctest_imports import PROMPT

_LINE = re.compile(rf"^(?P<head>{PROMPT} ?)(?P<code>.*?)(?P<end>\r?\n?)$")


@dataclass(frozen=True, slots=True)
class ExampleLine:
    """One line of example code: where it stands in the file (1-based line; the column, in
    characters from 0, where its code starts after the prompt) and the code."""

    line: int
    col: int
    code: str


def example_lines(text: str) -> tuple[ExampleLine, ...]:
    """The example lines of ``text`` (a documentation file, or a Python file's docstrings): a
    ``>>>`` line, and the ``...`` lines right after it (a ``...`` line in an example's output,
    such as a traceback's, is output)."""
    found: list[ExampleLine] = []
    in_source = False
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        match = _LINE.match(line)
        starts = match is not None and match["head"].lstrip().startswith(">>>")
        if match is not None and (starts or in_source):
            found.append(ExampleLine(number, len(match["head"]), match["code"]))
            in_source = True
        else:
            in_source = False
    return tuple(found)


def program_of(lines: Sequence[ExampleLine]) -> str:
    """The example lines as one program (program line ``i`` is ``lines[i - 1]``)."""
    return "".join(f"{example.code}\n" for example in lines)


def with_examples(text: str, lines: Sequence[ExampleLine], codes: Sequence[str]) -> str:
    """``text`` with the code of each example line in ``lines`` replaced by the matching one
    of ``codes`` (its prompt and line ending kept)."""
    out = text.splitlines(keepends=True)
    for example, code in zip(lines, codes, strict=True):
        if code == example.code:
            continue
        match = _LINE.match(out[example.line - 1])
        assert match is not None
        out[example.line - 1] = f"{match['head']}{code}{match['end']}"
    return "".join(out)
