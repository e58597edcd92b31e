"""Use case: ``refcoord apply step N`` / ``apply next``, one job per module.

:mod:`.preflight` (clean tree, plan consistent with the configuration and the code,
prerequisites applied, the removal gate) -> :mod:`.compute` runs the step's codemod in memory
and compiles every rewritten Python file -> :mod:`.formatting` runs the project's formatters on
them, in memory, and compiles them again -> :mod:`.commit` makes the step's branch ->
:mod:`.transaction` writes all files or none (a failure or Ctrl-C puts every file back) ->
:mod:`.confirm` re-indexes to check the step's references are gone, runs the project's lint and
the step's tests (their output in the step's log, :mod:`.progress`) -> :mod:`.commit` commits
with trailers and writes the PR description, the checks' results appended (:mod:`.results`).
Any failure after the branch was made restores the files, returns to the original branch and
deletes the new one. Each stage is told to a :class:`~.progress.Reporter`.
What differs between patterns is asked of the pattern (:class:`~refactor_coord.rewrite.pattern.
Pattern`), never decided here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.application.apply.commit import commit_step, create_step_branch, write_pr
from refactor_coord.application.apply.compute import compute_changes
from refactor_coord.application.apply.confirm import confirm_rewritten, run_lint, run_step_tests
from refactor_coord.application.apply.context import StepJob, step_job
from refactor_coord.application.apply.formatting import FormatRun, format_changes
from refactor_coord.application.apply.preflight import (
    applied_steps,
    check_code,
    check_dirty_untouched,
    check_repository,
    removal_notes,
)
from refactor_coord.application.apply.progress import SILENT, Reporter, new_log
from refactor_coord.application.apply.results import Applied, Checks, checks_section
from refactor_coord.application.apply.transaction import Original, restore, unified_diff, write_all
from refactor_coord.application.indexing import index_repository
from refactor_coord.application.plan_files import saved_plan
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import ApplyRefused, NothingToApply
from refactor_coord.domain.plan import Step
from refactor_coord.registry import load_registry
from refactor_coord.rewrite.step import StepOutput

__all__ = ["Applied", "apply_step", "choose_next", "preview_step"]


def choose_next(repo: Path, config: Config) -> int:
    """The lowest-numbered step that is not applied and whose prerequisites are."""
    plan = saved_plan(repo, config)
    number = plan.next_step(applied_steps(repo, config, plan))
    if number is not None:
        return number
    raise NothingToApply(f"every step of campaign '{config.campaign.name}' is applied or done")


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
    reviewed: bool = False,
    report: Reporter = SILENT,
) -> Applied:
    """Carry out step ``number``. Raises ApplyRefused (nothing changed) or ApplyFailed (undone).
    ``force``: apply a contract step though refcoord cannot tell whether the project's version
    has reached ``remove_in``. ``reviewed``: a person checked the uses of the old name's name
    on receivers of unknown type the plan lists, and none is the old name's: they do not hold
    back a deprecate or contract step. ``report`` is told each stage as it starts and how it
    ended."""
    plan = saved_plan(repo, config)
    step = plan.step(number)
    if step is None:
        last = max(s.number for s in plan.steps)
        raise ApplyRefused(f"the plan has no step {number}; steps are 1..{last}")
    report.stage(f"step {number}: indexing and checking the repository")
    index_repository(repo, config, cycles=False)
    check_repository(repo, config, plan, step, allow_dirty or dry_run)
    job = step_job(repo, config, plan, step, load_registry(repo, config.campaign.codemods))
    notes = check_code(job, reviewed=reviewed)
    notes += removal_notes(job, preview=dry_run, force=force)
    report.stage(f"step {number}: editing and compiling {_files(step.files)}")
    changes, formatting = format_changes(job, compute_changes(job), report)
    notes += tuple(n for n in (r.note() for r in formatting) if n)
    diff = unified_diff(repo, changes)
    if allow_dirty:
        check_dirty_untouched(job, changes)
    if dry_run:
        preview = Checks(config.campaign.test_command, (), None, None, formatting)
        return Applied(step, diff, None, None, None, None, notes, preview, step.pr_body)
    if not changes:
        raise ApplyRefused(_nothing_to_change(step))
    mode = tests or config.campaign.tests
    done = _carry_out(job, _Change(changes, diff, formatting), branch, mode, report)
    return replace(done, notes=notes)


def _files(files: Sequence[str]) -> str:
    return files[0] if len(files) == 1 else f"{len(files)} files"


@dataclass(frozen=True, slots=True)
class _Change:
    """A step's change, computed and formatted: what to write, as a diff, and what formatted it."""

    files: StepOutput
    diff: str
    formatting: tuple[FormatRun, ...]


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


def _carry_out(
    job: StepJob, change: _Change, branch: bool, tests: str, report: Reporter
) -> Applied:
    """Branch, write, confirm, lint, test, commit; on any failure (Ctrl-C too) undo all of it.
    The lint and test output goes to the step's log, which stays (outside git) either way."""
    start = git_repo.current_branch(job.repo)
    name = create_step_branch(job) if branch else None
    originals: dict[str, Original] = {}
    log = new_log(job)
    try:
        report.stage(f"writing {_files(list(change.files))}")
        originals = write_all(job.repo, change.files)
        confirm_rewritten(job, report)
        lint = run_lint(job, log, report)
        runs = run_step_tests(job, tests, log, report)
        campaign = job.config.campaign
        checks = Checks(
            campaign.test_command, runs, campaign.lint_command, lint, change.formatting
        )
        body = f"{job.step.pr_body.rstrip()}\n{checks_section(checks)}"
        pr = write_pr(job, body)
        report.stage("committing")
        sha = commit_step(job, [*change.files, pr])
    except BaseException:
        restore(job.repo, originals)
        if name is not None and start is not None:
            git_repo.checkout(job.repo, start)
            git_repo.delete_branch(job.repo, name)
        raise
    shown = str(log.relative_to(job.repo))
    return Applied(job.step, change.diff, name, sha, checks.tests, pr, (), checks, body, shown)
