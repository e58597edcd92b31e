"""A plan: a DAG of PR-sized steps, numbered 1..N, each with risk and rollback notes."""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Sequence
from dataclasses import dataclass

PHASES = (
    "expand",
    "dual-write",  # schema: code writes the new column too
    "backfill",  # schema
    "not-null",  # schema
    "switch",  # schema: code reads the new column
    "declare",  # schema: the model declares what the database has (an index)
    "migrate",
    "deprecate",
    "flip",
    "relax",  # schema: the old column may be NULL
    "stop-writing",  # schema
    "drop",  # schema
    "contract",
)
SCHEMA_VERSION = 2  #: 2: codemod arguments are typed JSON values (1: strings only)

#: A codemod argument as a plan stores it (checked against the codemod's ``Args`` on loading).
ArgValue = str | bool | int | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Site:
    """One reference a step deals with."""

    path: str
    line: int
    col: int
    kind: str
    target: str  #: the old qualified name it refers to
    written: str  #: how the code spells it
    action: str  #: rewrite | review | keep
    reason: str  #: why it is reviewed or kept (empty for a rewrite)


@dataclass(frozen=True, slots=True)
class Rating:
    """One risk dimension: its level, the measured reasons, and what would lower it."""

    level: str  #: Low | Medium | High, or Quick | Medium | Long for duration
    reasons: tuple[str, ...]
    lower_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Risk:
    """Complexity, risk and expected duration of a step."""

    complexity: Rating
    risk: Rating
    duration: Rating


@dataclass(frozen=True, slots=True)
class Rollback:
    """How to undo a step."""

    how: str
    revert_first: tuple[int, ...]  #: applied steps that must be undone before this one
    point_of_no_return: bool  #: external users are affected once this is released
    note: str


@dataclass(frozen=True, slots=True)
class CodemodCall:
    """Which codemod carries the step out, with its arguments (data only: never imported here)."""

    id: str
    args: tuple[tuple[str, ArgValue], ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One pull request."""

    number: int
    key: str  #: stable identity across re-plans: refactoring id, phase, first file
    refactor: str
    phase: str
    title: str
    files: tuple[str, ...]
    sites: tuple[Site, ...]
    depends_on: tuple[int, ...]
    parallel_with: tuple[int, ...]
    why: str  #: why the step sits where it does
    risk: Risk
    rollback: Rollback
    tests: tuple[str, ...]  #: test files that import the touched modules, directly or not
    codemod: CodemodCall
    pr_title: str
    pr_body: str = ""
    status: str = "planned"  #: planned | applied (its commit is in history) | done (nothing left)
    notes: tuple[str, ...] = ()

    @property
    def rewritten(self) -> int:
        """How many references the step rewrites."""
        return sum(1 for s in self.sites if s.action == "rewrite")

    @property
    def review(self) -> tuple[Site, ...]:
        """References left for a person to look at."""
        return tuple(s for s in self.sites if s.action == "review")


@dataclass(frozen=True, slots=True)
class RefactorSummary:
    """One refactoring as the plan describes it."""

    id: str
    kind: str
    description: str  #: one line: what moves or changes
    old_names: tuple[str, ...]
    references: int  #: references found to the old names
    steps: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The whole plan."""

    schema: int
    campaign: str
    description: str
    base: str | None
    remove_in: str | None
    warn: str
    refactors: tuple[RefactorSummary, ...]
    steps: tuple[Step, ...]
    fingerprint: str  #: hash of the configuration and the indexed files the plan depends on

    def step(self, number: int) -> Step | None:
        """The step numbered ``number``."""
        return next((s for s in self.steps if s.number == number), None)

    def prerequisites(self, number: int) -> set[int]:
        """Every step that step ``number`` builds on, directly or through others."""
        needs = {s.number: s.depends_on for s in self.steps}
        found: set[int] = set()
        frontier = set(needs.get(number, ()))
        while frontier:
            found |= frontier
            frontier = {d for n in frontier for d in needs.get(n, ())} - found
        return found

    def next_step(self, finished: Collection[int]) -> int | None:
        """The lowest-numbered step not in ``finished`` whose prerequisites all are (None when
        there is none): the step ``refcoord apply next`` takes."""
        return next(
            (
                s.number
                for s in sorted(self.steps, key=lambda s: s.number)
                if s.number not in finished and all(d in finished for d in s.depends_on)
            ),
            None,
        )


def _deprecation_test_names(refactor: str) -> tuple[str, str]:
    """The names a refactoring's deprecation test may have: ``test_refcoord_<id>.py``, else
    ``refcoord_<id>_test.py`` for a runner that only collects files named so."""
    stem = f"refcoord_{refactor.replace('-', '_')}"
    return f"test_{stem}.py", f"{stem}_test.py"


def is_deprecation_test(path: str, refactor: str) -> bool:
    """Whether ``path`` is the refactoring's deprecation test (see :func:`deprecation_test_path`):
    it uses the old names on purpose, to prove the shim warns."""
    return path.rsplit("/", 1)[-1] in _deprecation_test_names(refactor)


def deprecation_test_path(
    tests: Sequence[str],
    refactor: str,
    existing: Collection[str] = (),
    pattern: str = "test*.py",
) -> str:
    """Where a refactoring's deprecation test is (among ``existing`` paths, once written) or goes
    (written by the step that makes the shim warn, removed by contract): beside the first of the
    step's test files that sits in a test folder (``tests/``, ``test/``), else under ``tests/``;
    never beside a module of the shipped package that only looks like a test
    (``markdown/test_tools.py``). Its name matches ``pattern``, the file names the project's
    runner collects (``unittest discover -p '*_test.py'``), where one of its names can."""
    names = _deprecation_test_names(refactor)
    name = next((n for n in names if fnmatch.fnmatch(n, pattern)), names[0])
    written = sorted(p for p in existing if is_deprecation_test(p, refactor))
    if written:
        return written[0]
    folders = [t.rsplit("/", 1)[0] for t in tests if _in_test_folder(t)]
    return f"{folders[0] if folders else 'tests'}/{name}"


def _in_test_folder(path: str) -> bool:
    return any(part in ("tests", "test") for part in path.split("/")[:-1])
