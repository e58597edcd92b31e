"""Python code samples in documentation files: reStructuredText's ``.. code-block:: python``
(``code``, ``sourcecode``, and ``sphinx.ext.doctest``'s ``testcode`` and ``testsetup``) and
Markdown's fenced blocks tagged ``python`` or ``py``. A sample is code a reader copies: a
rename that leaves it on the old name breaks their code at contract. A block whose lines are
``>>>`` examples is a doctest (:mod:`.doctest_programs` reads those), and a block in another
language (or none named) is not Python. Pure: text in, sample lines out.

A file's samples are read in order, as a tutorial reads: an import in one binds the name for
the samples after it (:func:`samples_rewritten` gives each sample the imports above it)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import PurePosixPath

from refactor_coord.rewrite.doctest_programs import ExampleLine, program_of
from refactor_coord.rewrite.positions import source_lines

#: The languages a sample is Python in (as Pygments names them).
PYTHON = frozenset({"python", "py", "python3", "py3", "ipython", "ipython3"})

#: The rst directives whose content is code, with the language they take as argument (none:
#: Python, sphinx.ext.doctest's).
_RST_CODE = re.compile(
    r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<directive>code-block|sourcecode|code|testcode|testsetup)"
    r"::[ \t]*(?P<language>[\w+-]*)"
)
_RST_OPTION = re.compile(r"^[ \t]*:[\w-]+:")
_FENCE = re.compile(
    r"^(?P<indent> {0,3}|[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?(?P<language>[\w+-]*)\}?"
    r"(?:[ \t]+(?P<argument>[\w+-]+))?"
)
_DOCTEST = re.compile(r"^[ \t]*>>>")

#: The file names of a project's history (a changelog records the old names on purpose).
_HISTORY = re.compile(
    r"(?i)^(change(s|log)?|history|news|release[-_]?notes?|releases|whats?[-_]?new)([-_.].*)?$"
)


def is_history(path: str) -> bool:
    """Whether ``path`` is a documentation file of the project's history: a changelog or
    release notes (``CHANGES.rst``, ``docs/changelog.md``, a file under ``changelog.d/`` or
    ``docs/whatsnew/``), which names old names on purpose and is neither rewritten nor
    counted; or a built copy of the documentation (``docs/_build/``), which the build
    rewrites. A Python file is none (``pkg/history.py`` is code)."""
    if path.endswith(".py"):
        return False
    parts = PurePosixPath(path).parts
    return "_build" in parts or any(_HISTORY.match(part) for part in parts)


def sample_blocks(text: str, path: str) -> tuple[tuple[ExampleLine, ...], ...]:
    """The Python code samples of a documentation file ``path`` (``.md``: fenced blocks; any
    other: reStructuredText directives), each as its lines: where each stands (1-based line,
    column in characters where its code starts) and its code, blank lines included."""
    lines = [line.rstrip("\r\n") for line in source_lines(text)]
    blocks = _fenced(lines) if path.endswith(".md") else _directives(lines)
    return tuple(b for b in blocks if b and not any(_DOCTEST.match(e.code) for e in b))


def _directives(lines: list[str]) -> list[tuple[ExampleLine, ...]]:
    blocks: list[tuple[ExampleLine, ...]] = []
    number = 0
    while number < len(lines):
        match = _RST_CODE.match(lines[number])
        number += 1
        if match is None or not _python(match["directive"], match["language"]):
            continue
        outer = len(match["indent"])  # in characters, as _indent counts them
        start = number
        while start < len(lines) and _RST_OPTION.match(lines[start]):
            start += 1
        end = start
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > outer):
            end += 1
        body = [i for i in range(start, end) if lines[i].strip()]
        if body:
            col = min(_indent(lines[i]) for i in body)
            last = body[-1] + 1
            blocks.append(tuple(_line(lines, i, col) for i in range(body[0], last)))
        number = end
    return blocks


def _python(directive: str, language: str) -> bool:
    """Whether a code directive's content is Python: ``testcode``/``testsetup``'s always (their
    argument names a group), the others' when their language says so."""
    if directive in ("testcode", "testsetup"):
        return True
    return language.lower() in PYTHON


def _fenced(lines: list[str]) -> list[tuple[ExampleLine, ...]]:
    blocks: list[tuple[ExampleLine, ...]] = []
    number = 0
    while number < len(lines):
        match = _FENCE.match(lines[number])
        number += 1
        if match is None:
            continue
        fence, indent = match["fence"], len(match["indent"])
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = number
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        language = match["language"].lower()
        if language in ("code-block", "code", "sourcecode"):  # MyST's directive form
            language = (match["argument"] or "").lower()
        if language in PYTHON:
            blocks.append(
                tuple(_line(lines, i, min(indent, _indent(lines[i]))) for i in range(number, end))
            )
        number = end + 1
    return blocks


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _line(lines: list[str], index: int, col: int) -> ExampleLine:
    line = lines[index]
    return ExampleLine(index + 1, min(col, _indent(line)), line[min(col, _indent(line)) :])


#: Where a sample starts in the program a rewrite is given, after what the samples above it
#: imported: what follows it is the sample.
SAMPLE_STARTS = "pass  # refcoord: the sample starts here"


def samples_rewritten(text: str, path: str, rewrite: Callable[[str], str | None]) -> str:
    """``text`` (the documentation file ``path``) with its code samples rewritten by
    ``rewrite`` (a program in; it rewritten, or None when it cannot be), each sample after the
    imports of the samples above it (a tutorial imports once, then uses the names) and
    :data:`SAMPLE_STARTS`; a sample that cannot be rewritten is left as it is. Lines the
    rewrite adds (an import split in two) join the sample where they appear, at its indent."""
    blocks = sample_blocks(text, path)
    lines = [line for block in blocks for line in block]
    spliced: list[list[str]] = []
    imported: list[str] = []
    for block in blocks:
        spliced += _rewritten(block, imported, rewrite) or [[line.code] for line in block]
        imported += _imports(block)  # as written: each sample is rewritten after them
    return _with_samples(text, lines, spliced)


def _imports(block: Sequence[ExampleLine]) -> list[str]:
    """The sample's top-level import statements (one wrapped in parentheses too), as code."""
    program = program_of(block)
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return []
    return [
        segment
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        and (segment := ast.get_source_segment(program, node))
    ]


def _rewritten(
    lines: Sequence[ExampleLine],
    imported: Sequence[str],
    rewrite: Callable[[str], str | None],
) -> list[list[str]] | None:
    """What each of ``lines`` (one sample) becomes once rewritten after ``imported`` (the
    imports above it): its code, the lines that replace it (several, or none); None when the
    sample cannot be rewritten."""
    head = "".join(f"{code}\n" for code in imported) + f"{SAMPLE_STARTS}\n"
    new, alone = rewrite(head + program_of(lines)), rewrite(head)
    marker = f"\n{SAMPLE_STARTS}\n"
    if new is None or alone is None or marker not in f"\n{new}" or marker not in f"\n{alone}":
        return None
    above, new = f"\n{new}".split(marker, 1)
    if above != f"\n{alone}".split(marker, 1)[0]:
        return None  # the rewrite put something of the sample above its start: not taken
    old_codes = [line.code for line in lines]
    new_codes = new.split("\n")[: new.count("\n")]
    out = [[code] for code in old_codes]
    matcher = SequenceMatcher(None, old_codes, new_codes, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        added = new_codes[j1:j2]
        if i1 == i2:  # lines added: after the line before them (or before the first)
            out[max(i1 - 1, 0)] = [*out[i1 - 1], *added] if i1 else [*added, *out[0]]
            continue
        out[i1] = added
        for i in range(i1 + 1, i2):
            out[i] = []
    return out


def _with_samples(
    text: str, lines: Sequence[ExampleLine], spliced: Sequence[Sequence[str]]
) -> str:
    """``text`` with each sample line in ``lines`` replaced by its lines in ``spliced``, each
    at the line's indent (a blank line's: the indent of the sample line before it)."""
    out = source_lines(text)
    indent = ""
    for line, codes in zip(lines, spliced, strict=True):
        raw = out[line.line - 1]
        body = raw.rstrip("\r\n")
        if line.code:
            indent = body[: line.col]
        if list(codes) == [line.code]:
            continue
        ending = raw[len(body) :]
        shown = [f"{indent if code else ''}{code}" for code in codes]
        out[line.line - 1] = (ending or "\n").join(shown) + ending if shown else ""
    return "".join(out)
