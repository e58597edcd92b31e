"""Reading a test runner's console output (pure): the results so far, from pytest's progress
lines (``-q``: ``..F.s [ 40%]``; ``-v``: ``test_a.py::test_x PASSED``; unittest's dots read
the same) or, once it ends, its summary line (pytest's, or unittest's ``Ran 5 tests`` and
``FAILED (failures=1)``); and the first failure's section, for a red step's report."""

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
_UNITTEST_RAN = re.compile(r"^Ran (\d+) tests? in \d+(?:\.\d+)?s$", re.MULTILINE)
_UNITTEST_END = re.compile(r"^(?:OK|FAILED)(?: \((.*)\))?$", re.MULTILINE)
_UNITTEST_WORDS = {
    "failures": "failed",
    "errors": "error",
    "skipped": "skipped",
    "expected failures": "xfailed",
    "unexpected successes": "xpassed",
}
_UNITTEST_SECTION = re.compile(r"^={70}\n(FAIL|ERROR): (.+)\n-{70}\n", re.MULTILINE)
_UNITTEST_SECTION_END = re.compile(r"^(?:={70}|-{70})$", re.MULTILINE)


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
    ended = _unittest_results(output)
    if ended is not None:
        return ended
    seen = dict.fromkeys(_ORDER, 0)
    for match in _PROGRESS.finditer(output):
        for letter in match.group(1):
            seen[_LETTERS[letter]] += 1
    for word in _VERBOSE.findall(output):
        seen[_WORDS[word]] += 1
    percents = _PERCENT.findall(output)
    return Results(tuple(seen.items()), int(percents[-1]) if percents else None)


_ORDER = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")


def _unittest_results(output: str) -> Results | None:
    """unittest's summary (``Ran 5 tests in 0.1s``, then ``OK`` or ``FAILED (failures=1,
    skipped=2)``) as counts; None when it has not printed one."""
    ran = list(_UNITTEST_RAN.finditer(output))
    end = _UNITTEST_END.search(output, ran[-1].end()) if ran else None
    if not ran or end is None:
        return None
    found = dict.fromkeys(_ORDER, 0)
    for part in (end.group(1) or "").split(", "):
        word, _, number = part.partition("=")
        if word in _UNITTEST_WORDS and number.isdigit():
            found[_UNITTEST_WORDS[word]] = int(number)
    found["passed"] = int(ran[-1].group(1)) - sum(found.values())
    return Results(tuple((k, n) for k, n in found.items() if n), 100, final=True)


def _plural(word: str) -> str:
    """pytest's summary words as outcomes (``errors`` -> ``error``)."""
    return "error" if word in ("error", "errors") else word


def first_failure(output: str) -> str:
    """The first section under pytest's FAILURES (or ERRORS) heading, or unittest's first
    ``FAIL:`` or ``ERROR:`` section: its title line and the traceback, at most 60 lines; empty
    when there is none."""
    heading = _SECTION.search(output)
    if heading is None:
        return _unittest_failure(output)
    title = _TITLE.search(output, heading.end())
    if title is None:
        return ""
    end = _RULE.search(output, title.end())
    body = output[title.end() : end.start() if end else len(output)]
    return _shown(f"{heading.group(1)[:-1].lower()}: {title.group(1)}", body)


def _unittest_failure(output: str) -> str:
    section = _UNITTEST_SECTION.search(output)
    if section is None:
        return ""
    end = _UNITTEST_SECTION_END.search(output, section.end())
    body = output[section.end() : end.start() if end else len(output)]
    kind = "failure" if section.group(1) == "FAIL" else "error"
    return _shown(f"{kind}: {section.group(2)}", body)


def _shown(title: str, body: str) -> str:
    """``title`` over ``body``'s lines, at most 60 of them (the rest said to be in the log)."""
    lines = body.strip("\n").splitlines()
    more = len(lines) - _SHOWN_LINES
    shown = lines[:_SHOWN_LINES] + ([f"... ({more} more lines in the log)"] if more > 0 else [])
    return "\n".join([title, *shown])
