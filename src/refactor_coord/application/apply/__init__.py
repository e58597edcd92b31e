"""Use case: ``refcoord apply step N`` / ``apply next``, one job per module.

:mod:`.preflight` (clean tree, plan consistent with the configuration and the code,
prerequisites applied, the removal gate) -> :mod:`.commit` makes the step's branch ->
:mod:`.compute` runs the step's codemod in memory and compiles every rewritten Python file ->
:mod:`.transaction` writes all files or none (a failure or Ctrl-C puts every file back) ->
:mod:`.confirm` re-indexes to check the step's references are gone and runs the step's tests ->
:mod:`.commit` commits with trailers and writes the PR description. Any failure after the
branch was made restores the files, returns to the original branch and deletes the new one.
What differs between patterns is asked of the pattern (:class:`~refactor_coord.rewrite.pattern.
Pattern`), never decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.test_runner import SuiteRun
from refactor_coord.application.apply.commit import commit_step, create_step_branch, write_pr
from refactor_coord.application.apply.compute import compute_changes
from refactor_coord.application.apply.confirm import confirm_rewritten, run_step_tests
from refactor_coord.application.apply.context import StepJob, step_job
from refactor_coord.application.apply.preflight import (
    applied_steps,
    check_code,
    check_dirty_untouched,
    check_repository,
    removal_notes,
)
from refactor_coord.application.apply.transaction import Original, restore, unified_diff, write_all
from refactor_coord.application.indexing import index_repository
from refactor_coord.application.plan_files import saved_plan
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.plan import Step
from refactor_coord.registry import load_registry
from refactor_coord.rewrite.step import StepOutput


@dataclass(frozen=True, slots=True)
class Applied:
    """A step that was carried out and committed (or, for a dry run, previewed)."""

    step: Step
    diff: str
    branch: str | None
    commit: str | None  #: None for a dry run
    tests: SuiteRun | None
    pr_path: str | None
    notes: tuple[str, ...] = ()  #: what the user should check that refcoord could not


def choose_next(repo: Path, config: Config) -> int:
    """The lowest-numbered step that is not applied and whose prerequisites are."""
    plan = saved_plan(repo, config)
    number = plan.next_step(applied_steps(repo, config, plan))
    if number is not None:
        return number
    raise ApplyRefused(f"every step of campaign '{config.campaign.name}' is applied or done")


def apply_step(
    repo: Path,
    config: Config,
    number: int,
    *,
    branch: bool = True,
    tests: str | None = None,
    dry_run: bool = False,
    allow_dirty: bool = False,
    force: bool = False,
) -> Applied:
    """Carry out step ``number``. Raises ApplyRefused (nothing changed) or ApplyFailed (undone).
    ``force``: apply a contract step though refcoord cannot tell whether the project's version
    has reached ``remove_in``."""
    plan = saved_plan(repo, config)
    step = plan.step(number)
    if step is None:
        last = max(s.number for s in plan.steps)
        raise ApplyRefused(f"the plan has no step {number}; steps are 1..{last}")
    index_repository(repo, config, cycles=False)
    check_repository(repo, config, plan, step, allow_dirty or dry_run)
    job = step_job(repo, config, plan, step, load_registry(repo, config.campaign.codemods))
    check_code(job)
    notes = removal_notes(job, preview=dry_run, force=force)
    changes = compute_changes(job)
    diff = unified_diff(repo, changes)
    if allow_dirty:
        check_dirty_untouched(job, changes)
    if dry_run:
        return Applied(step, diff, None, None, None, None, notes)
    if not changes:
        raise ApplyRefused(_nothing_to_change(step))
    done = _carry_out(job, changes, diff, branch, tests or config.campaign.tests)
    return replace(done, notes=notes)


def preview_step(repo: Path, config: Config, number: int) -> tuple[str, str]:
    """What step ``number`` changes, as (a heading, the unified diff): the diff of its commit
    once applied, else the dry run of ``apply`` (which refuses, with the reason, when the step
    cannot be computed yet, e.g. before its prerequisites are applied)."""
    plan = saved_plan(repo, config)
    if plan.step(number) is not None and git_repo.is_repository(repo):
        sha = git_repo.step_commit(repo, config.campaign.name, number)
        if sha is not None and number in git_repo.applied_steps(repo, config.campaign.name):
            return f"applied in commit {sha[:10]}", git_repo.commit_diff(repo, sha)
    preview = apply_step(repo, config, number, dry_run=True)
    heading = "; ".join(
        ["not applied yet; this is what `refcoord apply` would change", *preview.notes]
    )
    return heading, preview.diff


def _nothing_to_change(step: Step) -> str:
    """Why a step whose computed change is empty is not committed, and what to do instead."""
    head = f"step {step.number} changes nothing in the code, so there is nothing to commit"
    if step.review:
        shown = ", ".join(f"{s.path}:{s.line}" for s in step.review[:5])
        more = " ..." if len(step.review) > 5 else ""
        return (
            f"{head}: its sites are for manual review ({shown}{more}); change them by hand and "
            "commit, then `refcoord plan` marks the step done"
        )
    return (
        f"{head}: its files no longer hold references to rewrite; `refcoord plan` marks the "
        "step done (or, if it stays planned, its references are in a form the codemod does not "
        "rewrite: change them by hand)"
    )


def _carry_out(job: StepJob, changes: StepOutput, diff: str, branch: bool, tests: str) -> Applied:
    """Branch, write, confirm, test, commit; on any failure (Ctrl-C too) undo all of it."""
    start = git_repo.current_branch(job.repo)
    name = create_step_branch(job) if branch else None
    originals: dict[str, Original] = {}
    try:
        originals = write_all(job.repo, changes)
        confirm_rewritten(job)
        run = run_step_tests(job, tests)
        pr = write_pr(job)
        sha = commit_step(job, [*changes, pr])
    except BaseException:
        restore(job.repo, originals)
        if name is not None and start is not None:
            git_repo.checkout(job.repo, start)
            git_repo.delete_branch(job.repo, name)
        raise
    return Applied(job.step, diff, name, sha, run, pr)
