"""A refactoring pattern as ``apply`` sees it: the codemods that carry out its phases, and what
the engine must ask of it (which old names must be gone, which package's version gates the
contract step). ``apply`` holds no knowledge of any one pattern."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from refactor_coord.rewrite.step import StepCodemod

#: module name -> its text (None: not a module of the repository)
ReadModule = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class TestRun:
    """One run of a step's tests: its label in reports (empty: the plain run), the
    environment variables set for it (they reach every process the suite starts), whether the
    step fails when it fails, and whether it runs the whole suite whatever ``--tests`` says."""

    __test__ = False  # not a pytest test class

    label: str = ""
    env: tuple[tuple[str, str], ...] = ()
    required: bool = True
    whole_suite: bool = False


class Pattern:
    """Base of every pattern. ``KIND`` is the ``kind`` of a ``[[refactor]]`` table; each codemod
    in ``CODEMODS`` has the id ``<KIND>.<phase>``."""

    KIND: ClassVar[str] = ""
    CODEMODS: ClassVar[tuple[type[StepCodemod[Any]], ...]] = ()

    def old_names(self, args: Any, read_module: ReadModule) -> list[str]:
        """The qualified names the refactoring replaces (``args``: any of its codemods' Args):
        a migrate step's sites must not refer to them afterwards, and the contract step waits
        until nothing outside its own files does."""
        raise NotImplementedError

    def names_gone(self, args: Any) -> list[str]:
        """The old names whose last part stops existing in their module at contract (a rename;
        a move keeps the name, elsewhere): a string that is exactly one of them may be code
        reading it by name, which the index cannot follow, so it is left for review."""
        del args
        return []

    def serving_module(self, args: Any) -> str:
        """A module that serves the old names on purpose, for good (replace-dependency's
        facade): a reference spelled through it is what migrate makes of a use, not a use
        left. Empty: none."""
        del args
        return ""

    def test_runs(self, args: Any, phase: str) -> tuple[TestRun, ...]:
        """How a step of ``phase`` runs the project's tests: one plain run, unless the pattern
        has more than one configuration to prove (replace-dependency's two backends)."""
        del args, phase
        return (TestRun(),)

    def released_module(self, args: Any) -> str | None:
        """The module whose project's version must reach ``remove_in`` before contract (None:
        the contract step takes away nothing a release announced, and waits for no version)."""
        raise NotImplementedError
