"""Use case: ``refcoord rollback step N``: revert a step's commit, dependents first if asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.application.apply.preflight import uncommitted
from refactor_coord.application.plan_files import plan_uncommitted, saved_plan, uncommitted_work
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.plan import Plan


@dataclass(frozen=True, slots=True)
class Reverted:
    """One step that was (or, for a dry run, would be) reverted."""

    number: int
    commit: str  #: the step's commit
    revert: str | None  #: the revert commit; None for a dry run


def _dependents(plan: Plan, number: int) -> set[int]:
    found: set[int] = set()
    frontier = {number}
    while frontier:
        frontier = {s.number for s in plan.steps if set(s.depends_on) & frontier} - found
        found |= frontier
    return found


def rollback_step(
    repo: Path, config: Config, number: int, *, cascade: bool = False, dry_run: bool = False
) -> list[Reverted]:
    """Revert step ``number`` (and, with ``cascade``, the applied steps built on it, newest
    first)."""
    plan = saved_plan(repo, config)
    if plan.step(number) is None:
        raise ApplyRefused(f"the plan has no step {number}")
    dirty = [] if dry_run else uncommitted_work(repo)
    if dirty:
        raise ApplyRefused(uncommitted(dirty, plan_uncommitted(repo, config)))
    applied = git_repo.applied_steps(repo, config.campaign.name)
    commits = {n: git_repo.step_commit(repo, config.campaign.name, n) for n in applied | {number}}
    if commits[number] is None:
        raise ApplyRefused(
            f"step {number} has no commit in this branch's history (not applied, or already "
            "reverted)"
        )
    blocking = sorted((n for n in _dependents(plan, number) if commits.get(n)), reverse=True)
    if blocking and not cascade:
        raise ApplyRefused(
            f"applied step(s) {', '.join(map(str, blocking))} build on step {number}; "
            "revert them first, or pass --cascade to revert them too (newest first)"
        )
    order = [*blocking, number]
    done: list[Reverted] = []
    for n in order:
        sha = commits[n]
        assert sha is not None
        step = plan.step(n)
        title = step.title if step else ""
        message = (
            f"Revert refcoord step {n} of {plan.campaign}: {title}\n\n"
            f"This reverts commit {sha}.\n\n"
            f"Refcoord-Campaign: {plan.campaign}\nRefcoord-Step: {n}\nRefcoord-Reverted: {sha}\n"
        )
        done.append(Reverted(n, sha, None if dry_run else git_repo.revert(repo, sha, message)))
    return done
