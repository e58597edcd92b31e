"""Where a campaign's steps stand, read from git: applied in this history (the commit trailers),
applied on their own branch and not landed yet (an open pull request), and whether the plan still
matches the configuration. ``apply`` refuses by these answers and ``status`` shows them (kept
light: ``status`` must not load the apply pipeline)."""

from __future__ import annotations

from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.domain.config import Config
from refactor_coord.domain.plan import Plan
from refactor_coord.domain.specs import describe


def step_branch_name(campaign: str, number: int) -> str:
    """``refcoord/<campaign>/step-<N>``."""
    return f"refcoord/{campaign}/step-{number}"


def unlanded_on_branch(repo: Path, campaign: str, number: int) -> bool:
    """Whether step ``number`` is applied on its own branch (``refcoord/<campaign>/step-<N>``)
    and that branch has not landed here. It has landed when it is merged, or when this
    history's newest commit for the step is not one the branch grew from (a squash merge that
    kept the trailers, or the rollback of one): from then on, this history says whether the step
    is applied, while its old branch still holds it."""
    branch = step_branch_name(campaign, number)
    on_branch = git_repo.step_history(repo, campaign, branch).get(number)
    if on_branch is None or not on_branch[0] or git_repo.is_merged(repo, branch):
        return False
    here = git_repo.step_history(repo, campaign).get(number)
    return here is None or git_repo.is_merged(repo, here[1], into=branch)


def staleness(config: Config, plan: Plan, refactor: str) -> str | None:
    """Why the plan no longer matches the configuration for the refactoring ``refactor`` (its
    table changed, or a campaign setting the shims follow), or None when it does."""
    spec = next((r for r in config.refactors if r.id == refactor), None)
    summary = next((r for r in plan.refactors if r.id == refactor), None)
    if spec is None or summary is None or describe(spec) != summary.description:
        return (
            f"the plan is stale: refactoring '{refactor}' changed in {config.source} since "
            "it was planned; run `refcoord plan`"
        )
    for key, planned, now in (
        ("remove_in", plan.remove_in, config.campaign.remove_in),
        ("warn", plan.warn, config.campaign.warn),
    ):
        if planned != now:
            return (
                f"the plan is stale: [campaign] {key} is {now!r} in {config.source} but "
                f"{planned!r} in the plan (the shims' warnings and the contract step follow it); "
                "run `refcoord plan`"
            )
    return None
