"""The one error hierarchy. The CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class RefcoordError(Exception):
    """Base of every error refcoord reports to a user (never shown with a traceback)."""

    exit_code = 1


class ConfigError(RefcoordError):
    """The configuration is invalid. Carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid configuration in {source}:\n{lines}")


class UnknownNameError(RefcoordError):
    """A qualified name that the index does not know."""

    exit_code = 3

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no module or symbol named '{name}' in this repository{hint}")


class GitError(RefcoordError):
    """A git operation failed (its message says why)."""

    exit_code = 6


class UsageError(RefcoordError):
    """The command was given something it cannot work with (a bad path, a bad option)."""

    exit_code = 2


class PlanError(RefcoordError):
    """A plan file that is unreadable, of another schema version, or missing fields."""

    exit_code = 2

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(
            f"cannot read the plan {source}: {problem}; run `refcoord plan` again to rewrite it"
        )


class ApplyRefused(RefcoordError):
    """The step cannot be applied (or rolled back) now; nothing was changed."""

    exit_code = 4


class PrerequisiteMissing(ApplyRefused):
    """The step needs something the environment lacks (a library to install); the plan
    stands."""


class ApplyFailed(RefcoordError):
    """The step was tried and undone (its tests failed, or its result was wrong)."""

    exit_code = 5

    def __init__(self, message: str, log: str | None = None) -> None:
        self.log = log  #: the step's log (its lint and test output), relative to the repository
        super().__init__(message)


class NothingToApply(ApplyRefused):
    """``apply next`` found no step left: every step is applied or done. A refusal (nothing was
    changed) with its own exit code, so a script applying step after step can tell its end
    from a step that cannot be applied."""

    exit_code = 7
