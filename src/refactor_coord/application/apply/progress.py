"""What a user sees while a step is applied: a reporter told of each stage (the CLI prints it on
stderr; the application never prints), and the step's log under ``.refcoord/``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol

from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.plan_files import plan_dir


class Reporter(Protocol):
    """Told what apply is doing."""

    def stage(self, text: str) -> None:
        """A stage starts or ends (``formatting 3 files with black``, ``tests passed: ...``)."""

    def update(self, text: str) -> None:
        """The running stage's live status (``tests running: 45 passed [40%] 12 s``); each
        replaces the one before."""


class Silent:
    """A reporter that shows nothing (the default: tests, scripts calling the API)."""

    def stage(self, text: str) -> None:
        """Shows nothing."""

    def update(self, text: str) -> None:
        """Shows nothing."""


SILENT = Silent()


def new_log(job: StepJob) -> Path:
    """``.refcoord/<campaign>/logs/step-<N>-<UTC time>.log``, begun with a heading; the folder
    ignores itself (a ``.gitignore``), so a log is never uncommitted work nor committed."""
    folder = plan_dir(job.repo, job.config) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# refcoord apply's logs: kept for reading, never committed\n*\n")
    now = time.gmtime()
    log = folder / f"step-{job.step.number}-{time.strftime('%Y%m%dT%H%M%SZ', now)}.log"
    heading = f"refcoord apply step {job.step.number}: {job.step.title} ({time.asctime(now)} UTC)"
    with log.open("a", encoding="utf-8") as file:
        file.write(f"{heading}\n\n")
    return log
