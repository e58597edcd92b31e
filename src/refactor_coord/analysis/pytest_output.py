"""Reading pytest's console output (pure): the results so far, from its progress lines (``-q``:
``..F.s [ 40%]``; ``-v``: ``test_a.py::test_x PASSED``) or, once it ends, its summary line; and
the first failure's section, for a red step's report."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: progress letter -> outcome
_LETTERS = {
    ".": "passed",
    "F": "failed",
    "E": "error",
    "s": "skipped",
    "x": "xfailed",
    "X": "xpassed",
}
_WORDS = {
    "PASSED": "passed",
    "FAILED": "failed",
    "ERROR": "error",
    "SKIPPED": "skipped",
    "XFAIL": "xfailed",
    "XPASS": "xpassed",
}
_PROGRESS = re.compile(r"^(?:\S+\.py )?([.FEsxX]+)(?: +\[ *(\d+)%\])?[ \t]*$", re.MULTILINE)
_VERBOSE = re.compile(r"^\S+::\S.* (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b", re.MULTILINE)
_PERCENT = re.compile(r"\[ *(\d+)%\]")
_SUMMARY = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in (\d+(?:\.\d+)?)s\b.*$", re.MULTILINE)
_COUNT = re.compile(r"(\d+) (\w+)")
_SECTION = re.compile(r"^=+ (FAILURES|ERRORS) =+$", re.MULTILINE)
_TITLE = re.compile(r"^_{3,} (.+?) _{3,}$", re.MULTILINE)
_RULE = re.compile(r"^(?:=+ .* =+|_{3,} .+ _{3,})$", re.MULTILINE)
_SHOWN_LINES = 60


@dataclass(frozen=True, slots=True)
class Results:
    """How many tests had each outcome (passed, failed, error, skipped, xfailed, xpassed) and, when
    pytest said, how far along it is (a percentage) or, at the end, how long it took."""

    counts: tuple[tuple[str, int], ...] = ()
    percent: int | None = None
    final: bool = False  #: read from the summary line

    def count(self, outcome: str) -> int:
        """The tests with ``outcome``."""
        return dict(self.counts).get(outcome, 0)

    def describe(self) -> str:
        """``12 passed, 1 failed`` (no tests seen: empty)."""
        return ", ".join(f"{n} {outcome}" for outcome, n in self.counts if n)


def results(output: str) -> Results:
    """The results in ``output`` so far: the summary line's once pytest printed it, else the
    progress lines counted."""
    summary = list(_SUMMARY.finditer(output))
    if summary:
        counts = [(_plural(word), int(n)) for n, word in _COUNT.findall(summary[-1].group(1))]
        return Results(tuple(c for c in counts if c[0] in _ORDER), 100, final=True)
    seen = dict.fromkeys(_ORDER, 0)
    for match in _PROGRESS.finditer(output):
        for letter in match.group(1):
            seen[_LETTERS[letter]] += 1
    for word in _VERBOSE.findall(output):
        seen[_WORDS[word]] += 1
    percents = _PERCENT.findall(output)
    return Results(tuple(seen.items()), int(percents[-1]) if percents else None)


_ORDER = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")


def _plural(word: str) -> str:
    """pytest's summary words as outcomes (``errors`` -> ``error``)."""
    return "error" if word in ("error", "errors") else word


def first_failure(output: str) -> str:
    """The first section under pytest's FAILURES (or ERRORS) heading: its title line and the
    traceback, at most 60 lines; empty when there is none."""
    heading = _SECTION.search(output)
    if heading is None:
        return ""
    title = _TITLE.search(output, heading.end())
    if title is None:
        return ""
    end = _RULE.search(output, title.end())
    body = output[title.end() : end.start() if end else len(output)].strip("\n").splitlines()
    more = len(body) - _SHOWN_LINES
    shown = body[:_SHOWN_LINES] + ([f"... ({more} more lines in the log)"] if more > 0 else [])
    return "\n".join([f"{heading.group(1)[:-1].lower()}: {title.group(1)}", *shown])
