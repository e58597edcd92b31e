"""Where a step's branch is cut from, as the plan says: from the base branch once every step it
builds on is merged there; else stacked on the branch of the unmerged prerequisite that holds the
others. The choice is pure (:func:`choose_base`: the git facts in, a branch or a refusal out);
:func:`branch_start` gathers the facts from git, :mod:`.commit` acts on the choice."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from refactor_coord.adapters import git_repo
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.step_states import step_branch_name
from refactor_coord.domain.errors import ApplyRefused


def base_branch(configured: str | None, current: str | None, recorded: str | None) -> str | None:
    """The branch steps are cut from: ``[campaign] base``, else the current branch, unless that
    is one of the campaign's step branches: then the base its stack was cut from (``recorded``,
    kept in the step branch's git configuration). None on a detached HEAD with no base given."""
    return configured or recorded or current


@dataclass(frozen=True, slots=True)
class BranchFacts:
    """What git says about the branches a step could be cut from."""

    campaign: str
    base: str
    merged: frozenset[int]  #: steps whose commits are in the base branch
    #: unmerged prerequisite -> the steps its branch holds (for the branches that exist)
    holds: Mapping[int, frozenset[int]]
    current: str | None  #: the checked-out branch
    current_holds: frozenset[int]  #: the steps in HEAD's history


@dataclass(frozen=True, slots=True)
class BranchBase:
    """The branch to cut a step's branch from, and the unmerged steps it stacks on."""

    ref: str
    base: str  #: the campaign's base branch
    stacked_on: tuple[int, ...]  #: empty: cut from the base branch

    def describe(self) -> str:
        """Where the branch is cut from, and why."""
        if not self.stacked_on:
            return f"cut from {self.base}"
        steps = ", ".join(map(str, self.stacked_on))
        return f"stacked on {self.ref} (step(s) {steps} not merged into {self.base} yet)"


def choose_base(prerequisites: Collection[int], facts: BranchFacts) -> BranchBase | str:
    """The branch to cut from, or why there is none (a sentence for the user).

    Every prerequisite merged into the base branch: the base branch. Else the highest-numbered
    unmerged prerequisite whose branch holds all the unmerged ones (a stack). Else the current
    branch when it holds them all (the user merged them there). Else none: they sit on separate
    branches that no one branch joins."""
    unmerged = sorted(p for p in prerequisites if p not in facts.merged)
    if not unmerged:
        return BranchBase(facts.base, facts.base, ())
    needed = set(unmerged)
    for step in reversed(unmerged):  # a branch that exists: it holds its own step
        if step in facts.holds.get(step, ()) and needed <= facts.holds[step]:
            return BranchBase(step_branch_name(facts.campaign, step), facts.base, tuple(unmerged))
    if facts.current is not None and needed <= facts.current_holds:
        return BranchBase(facts.current, facts.base, tuple(unmerged))
    steps = ", ".join(map(str, unmerged))
    return (
        f"it builds on step(s) {steps}, which are not merged into {facts.base} and no one "
        f"branch holds them all: merge their pull requests into {facts.base} (land the stack "
        "from its bottom) and apply again"
    )


# -- the git side ------------------------------------------------------------------------------


def branch_start(job: StepJob) -> BranchBase:
    """Where step ``job``'s branch is cut from, as git says; ApplyRefused when nowhere fits or
    the step's files differ there from HEAD (its edits were computed on HEAD)."""
    number = job.step.number
    needed = job.plan.prerequisites(number)
    chosen = choose_base(needed, _facts(job, _base_of(job), needed))
    if isinstance(chosen, str):
        raise ApplyRefused(f"step {number} has no branch to be cut from: {chosen}")
    moved = git_repo.differing_paths(job.repo, chosen.ref, list(job.step.files))
    if moved:
        raise ApplyRefused(
            f"step {number}'s branch is to be {chosen.describe()}, but "
            f"{', '.join(moved[:3])} differ there from HEAD: switch to {chosen.ref} "
            f"(`git switch {chosen.ref}`) and apply again"
        )
    return chosen


def _base_of(job: StepJob) -> str:
    """The campaign's base branch (:func:`base_branch`), which must exist."""
    current = git_repo.current_branch(job.repo)
    recorded = git_repo.recorded_base(job.repo, current) if current else None
    base = base_branch(job.config.campaign.base or job.plan.base, current, recorded)
    if base is None:
        raise ApplyRefused(
            "HEAD is detached and no base branch is set: switch to the branch the steps are cut "
            "from, or set base in [campaign]"
        )
    if not git_repo.ref_exists(job.repo, base):
        raise ApplyRefused(
            f"the base branch {base} does not exist here: fetch or create it, or set base in "
            "[campaign] to the branch the steps are cut from"
        )
    return base


def _facts(job: StepJob, base: str, needed: Collection[int]) -> BranchFacts:
    """Which steps the base branch, the prerequisites' branches and HEAD hold (a step the plan
    marks done, with nothing left to change, counts as held everywhere)."""
    campaign = job.plan.campaign
    done = frozenset(s.number for s in job.plan.steps if s.status == "done")
    return BranchFacts(
        campaign,
        base,
        done | git_repo.applied_steps(job.repo, campaign, base),
        {
            n: done | git_repo.applied_steps(job.repo, campaign, step_branch_name(campaign, n))
            for n in needed
        },
        git_repo.current_branch(job.repo),
        done | git_repo.applied_steps(job.repo, campaign),
    )


__all__ = [
    "BranchBase",
    "BranchFacts",
    "base_branch",
    "branch_start",
    "choose_base",
]
