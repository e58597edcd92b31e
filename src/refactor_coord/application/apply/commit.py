"""The step's git side: its branch, its commit with trailers, its pull-request description."""

from __future__ import annotations

from refactor_coord.adapters import git_repo
from refactor_coord.application.apply.branches import branch_start
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.plan_files import plan_dir
from refactor_coord.application.step_states import step_branch_name, unlanded_on_branch
from refactor_coord.domain.errors import ApplyRefused


def step_branch(job: StepJob) -> str:
    """``refcoord/<campaign>/step-<N>``."""
    return step_branch_name(job.plan.campaign, job.step.number)


def create_step_branch(job: StepJob) -> str:
    """Create the step's branch and switch to it (refused when it exists): cut from the base
    branch when every step it builds on is merged there, else stacked on the unmerged
    prerequisite's branch (:func:`~.branches.choose_base`)."""
    name = step_branch(job)
    if git_repo.branch_exists(job.repo, name):
        if unlanded_on_branch(job.repo, job.plan.campaign, job.step.number):
            raise ApplyRefused(
                f"step {job.step.number} is applied on its branch {name}, not merged here yet: "
                f"merge its pull request and apply from the base branch, or `git switch {name}` "
                "to build on it"
            )
        raise ApplyRefused(
            f"branch {name} already exists (left by an earlier apply of this step, rolled back "
            f"since?); delete it (`git branch -D {name}`) or apply with --no-branch"
        )
    start = branch_start(job)
    git_repo.create_branch(job.repo, name, start.ref, start.base)
    return name


def write_pr(job: StepJob, body: str) -> str:
    """``.refcoord/<campaign>/pr/step-<N>.md``: the step's PR title and ``body`` (the plan's,
    with the checks apply ran); returns its repository path."""
    path = plan_dir(job.repo, job.config) / "pr" / f"step-{job.step.number}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {job.step.pr_title}\n\n{body}", encoding="utf-8")
    return str(path.relative_to(job.repo))


def commit_step(job: StepJob, paths: list[str]) -> str:
    """Commit ``paths`` with the step's message and trailers; returns the commit's sha."""
    step = job.step
    pr = plan_dir(job.repo, job.config) / "pr" / f"step-{step.number}.md"
    message = (
        f"{step.pr_title}\n\n"
        f"The {step.phase} step of refactoring {step.refactor}; its pull-request description "
        f"is {pr.relative_to(job.repo).as_posix()}.\n\n"
        f"Refcoord-Campaign: {job.plan.campaign}\nRefcoord-Step: {step.number}\n"
        f"Refcoord-Phase: {step.phase}\n"
    )
    return git_repo.commit_paths(job.repo, paths, message)
