"""The error raised when a stored plan cannot be read."""

from __future__ import annotations

from refactor_coord.domain.errors import RefcoordError


class PlanError(RefcoordError):
    """A plan file that is unreadable, of another schema version, or missing fields."""

    exit_code = 2

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(
            f"cannot read the plan {source}: {problem}; run `refcoord plan` again to rewrite it"
        )
