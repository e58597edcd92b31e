"""After the files are written: re-index to confirm the step did what it planned, then run the
project's lint (``lint_command``) and the step's tests in subprocesses, their output kept in the
step's log."""

from __future__ import annotations

import shlex
from pathlib import Path

from refactor_coord.adapters.index_store import open_store
from refactor_coord.adapters.test_runner import SuiteRun, Watch, run_tests
from refactor_coord.analysis.runner_output import first_failure, results
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.apply.progress import Reporter
from refactor_coord.application.apply.results import (
    LabelledRun,
    command_line,
    counted,
    outcome,
)
from refactor_coord.application.indexing import CACHE_DIR, index_repository
from refactor_coord.domain.errors import ApplyFailed
from refactor_coord.domain.test_runners import invocation
from refactor_coord.rewrite.pattern import TestRun


def confirm_rewritten(job: StepJob, report: Reporter) -> None:
    """Re-index: the references a migrate step rewrites must be gone from its files."""
    step = job.step
    if step.phase != "migrate":
        return
    report.stage("re-indexing to confirm the rewritten references are gone")
    index_repository(job.repo, job.config, cycles=False)
    planned = {(s.path, s.line) for s in step.sites if s.action == "rewrite"}
    planned_at = {(s.path, s.line, s.col) for s in step.sites if s.action == "rewrite"}
    store, _ = open_store(job.repo / CACHE_DIR)
    try:
        # spelled with the old name, or leading to it (a method's call on an instance)
        left = sorted(
            {
                f"{r[2]}:{r[3]}"
                for name in job.old_names()
                for r in [*store.references_written(name), *store.references_to(name)]
                if (str(r[2]), r[3]) in planned and not job.served(r)
            }
            # a method's call jedi proved: still a use of the old name on that line
            | {
                f"{r[1]}:{r[2]}"
                for name in job.old_names()
                for r in store.loose_named(name.rpartition(".")[2])
                if (str(r[1]), r[2], r[3]) in planned_at
            }
        )
    finally:
        store.close()
    if left:
        raise ApplyFailed(
            f"step {step.number} left references it should have rewritten "
            f"({', '.join(left[:5])}); everything was put back"
        )


def run_lint(job: StepJob, log: Path, report: Reporter) -> SuiteRun | None:
    """The configuration's ``lint_command`` (none: None); ApplyFailed when it fails."""
    command = job.config.campaign.lint_command
    if command is None:
        return None
    report.stage(f"lint: {shlex.join(command)}")
    run = run_tests(job.repo, command, [], log=log, watch=_running(report, "lint", count=False))
    if not run.passed:
        raise ApplyFailed(
            f"step {job.step.number}'s lint failed ({command_line(command, run)}: exit code "
            f"{run.exit_code}); everything was put back; full log: {_shown(job, log)}\n"
            f"{run.tail(30)}",
            _shown(job, log),
        )
    report.stage(f"lint {outcome(run)}")
    return run


def run_step_tests(
    job: StepJob, mode: str, log: Path, report: Reporter
) -> tuple[LabelledRun, ...]:
    """The step's tests (``mode``: affected, all or none), once per run its pattern asks for
    (:meth:`~refactor_coord.rewrite.pattern.Pattern.test_runs`), their output streamed to
    ``log`` and counted live for ``report``; ApplyFailed, with the first failure, when a
    required run fails."""
    if mode == "none":
        return ()
    done: list[LabelledRun] = []
    for asked in job.pattern.test_runs(job.args, job.step.phase):
        run = _run_tests(job, "all" if asked.whole_suite else mode, log, report, asked)
        done.append(LabelledRun(asked.label, run, asked.required))
    return tuple(done)


def _run_tests(job: StepJob, mode: str, log: Path, report: Reporter, asked: TestRun) -> SuiteRun:
    # "affected" with no test file importing the touched modules runs the whole suite: a step
    # is never committed untested because its tests could not be told apart.
    command = job.config.campaign.test_command
    given = [] if mode == "all" else [t for t in job.step.tests if (job.repo / t).is_file()]
    chosen = invocation(command, given)
    files = list(chosen.files)
    what = f"tests ({asked.label})" if asked.label else "tests"
    env = dict(asked.env)
    if chosen.note:
        report.stage(f"{what}: {chosen.note}")
    report.stage(f"{what}: {shlex.join([*command, *files])}")
    run = run_tests(job.repo, command, files, log=log, watch=_running(report, what), env=env)
    if not run.passed and asked.required:
        python = f"; python: {run.python}" if run.python else ""
        raise ApplyFailed(
            f"step {job.step.number}'s {what} failed ({command_line(command, run)}: "
            f"{counted(run)}, exit code {run.exit_code}{python}); everything was put back; "
            f"full log: {_shown(job, log)}\n"
            f"{first_failure(run.output) or run.tail()}",
            _shown(job, log),
        )
    shown = outcome(run) + ("" if run.passed else " (shown in the PR; not required yet)")
    report.stage(f"{what} {shown}")
    return run


def _running(report: Reporter, what: str, *, count: bool = True) -> Watch:
    """Tell ``report`` how a run is going: pytest's results so far, and the time."""

    def watch(output: str, seconds: float) -> None:
        found = results(output) if count else None
        so_far = found.describe() if found else ""
        percent = f" [{found.percent}%]" if found and found.percent is not None else ""
        report.update(f"{what} running: {so_far or 'started'}{percent}, {seconds:.0f} s")

    return watch


def _shown(job: StepJob, log: Path) -> str:
    return str(log.relative_to(job.repo))
