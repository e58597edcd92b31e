"""What a project's ``test_command`` runs, and what follows from it: whether the step's test
files can be added to it, and which style the tests refcoord writes should have.

A pure reading of the command; nothing is run here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

#: how a command runs the tests: pytest, unittest given test names (or none: it discovers),
#: ``unittest discover`` (its positional arguments are a start folder and a pattern, not
#: tests), or something refcoord does not know (tox, make, a script)
RunnerKind = Literal["pytest", "unittest", "unittest-discover", "other"]

#: the style of the test modules refcoord writes (a shim's deprecation test)
TestStyle = Literal["pytest", "unittest"]


def runner_of(command: Sequence[str]) -> RunnerKind:
    """The runner ``command`` starts: ``pytest``/``py.test`` or ``python -m pytest``,
    ``python -m unittest [discover]``, else other."""
    words = list(command)
    program = words[0].rsplit("/", 1)[-1] if words else ""
    if program in ("pytest", "py.test") or program.startswith("pytest-"):
        return "pytest"
    module = words[words.index("-m") + 1] if "-m" in words[:-1] else ""
    if module == "pytest":
        return "pytest"
    if module == "unittest":
        rest = words[words.index("-m") + 2 :]
        return "unittest-discover" if "discover" in rest else "unittest"
    return "other"


@dataclass(frozen=True, slots=True)
class SuiteSelection:
    """The arguments a step's test run adds to the command, and why it adds none when it was
    given files it cannot pass."""

    files: tuple[str, ...]
    note: str = ""  #: why the files given were not added (the whole suite runs instead)


def invocation(command: Sequence[str], files: Sequence[str]) -> SuiteSelection:
    """The test files to add to ``command`` to run only ``files``: all of them, except where
    the runner cannot take files (``unittest discover`` reads positional arguments as its
    start folder and pattern), where none are added and the whole suite runs, as the note
    says."""
    if files and runner_of(command) == "unittest-discover":
        return SuiteSelection(
            (), "unittest discover cannot be given test files: the whole suite runs"
        )
    return SuiteSelection(tuple(files))


def collected_pattern(command: Sequence[str]) -> str:
    """The file names ``unittest discover`` collects (its ``-p``/``--pattern``, else its
    second positional argument, else ``test*.py``); ``test*.py`` for any other runner (pytest
    collects ``test_*.py`` and ``*_test.py`` by default)."""
    words = list(command)
    if runner_of(words) != "unittest-discover":
        return "test*.py"
    rest = words[words.index("discover") + 1 :]
    positional = []
    skip = False
    for i, word in enumerate(rest):
        if skip:
            skip = False
            continue
        if word in ("-p", "--pattern") and i + 1 < len(rest):
            return rest[i + 1]
        if word.startswith("--pattern="):
            return word.split("=", 1)[1]
        if word in ("-s", "--start-directory", "-t", "--top-level-directory"):
            skip = True
        elif not word.startswith("-"):
            positional.append(word)
    return positional[1] if len(positional) > 1 else "test*.py"


def style_of_tests(command: Sequence[str], tests_use_pytest: bool) -> TestStyle:
    """The style of the tests refcoord writes: unittest's when the project runs its tests
    with unittest (pytest runs those too, but unittest never runs a pytest-style test), or
    when the command is not one refcoord knows and no test of the project uses pytest;
    pytest's otherwise."""
    runner = runner_of(command)
    if runner in ("unittest", "unittest-discover"):
        return "unittest"
    if runner == "other" and not tests_use_pytest:
        return "unittest"
    return "pytest"
