"""After the files are written: re-index to confirm the step did what it planned, then run the
step's tests in a subprocess."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from refactor_coord.adapters.index_store import open_store
from refactor_coord.adapters.test_runner import SuiteRun, run_tests
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.indexing import CACHE_DIR, index_repository
from refactor_coord.domain.errors import ApplyFailed


def confirm_rewritten(job: StepJob) -> None:
    """Re-index: the references a migrate step rewrites must be gone from its files."""
    step = job.step
    if step.phase != "migrate":
        return
    index_repository(job.repo, job.config, cycles=False)
    planned = {(s.path, s.line) for s in step.sites if s.action == "rewrite"}
    store, _ = open_store(job.repo / CACHE_DIR)
    try:
        left = [
            f"{r[2]}:{r[3]}"
            for name in job.old_names()
            for r in store.references_written(name)
            if (str(r[2]), r[3]) in planned
        ]
    finally:
        store.close()
    if left:
        raise ApplyFailed(
            f"step {step.number} left references it should have rewritten "
            f"({', '.join(left[:5])}); everything was put back"
        )


def run_step_tests(job: StepJob, mode: str) -> SuiteRun | None:
    """The step's tests (``mode``: affected, all or none); ApplyFailed when they fail."""
    if mode == "none":
        return None
    # "affected" with no test file importing the touched modules runs the whole suite: a step
    # is never committed untested because its tests could not be told apart.
    files = [] if mode == "all" else [t for t in job.step.tests if (job.repo / t).is_file()]
    command = job.config.campaign.test_command
    run = run_tests(job.repo, command, files)
    if not run.passed:
        python = f"; python: {run.python}" if run.python else ""
        raise ApplyFailed(
            f"step {job.step.number}'s tests failed ({command_line(command, run)}{python}); "
            f"everything was put back\n{run.output}"
        )
    return run


def command_line(command: Sequence[str], run: SuiteRun) -> str:
    """The test command as the user would type it: the configured words (``python`` as written,
    not the interpreter path it runs with) followed by the test files."""
    return shlex.join([*command, *run.command[len(command) :]])
