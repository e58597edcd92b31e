"""Run parse jobs on a process pool (or in this process when there are only a few)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence

from refactor_coord.analysis.parsing import ParseJob, ParseOutcome, init_worker, run_job

#: Below this many files a pool costs more than it saves.
_POOL_THRESHOLD = 24


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_parse_jobs(jobs: Sequence[ParseJob], workers: int | None,
                   progress: Callable[[int, int], None] | None) -> tuple[list[ParseOutcome], int]:
    """Parse every job; returns the outcomes (in no particular order) and the workers used."""
    count = max(1, workers or default_workers())
    total = len(jobs)
    if total < _POOL_THRESHOLD or count == 1:
        outcomes = []
        for i, job in enumerate(jobs, 1):
            outcomes.append(run_job(job))
            if progress:
                progress(i, total)
        return outcomes, 1
    # Largest files first so that no worker is left with a big one at the end.
    ordered = sorted(jobs, key=lambda j: -_size(j.abs_path))
    chunksize = max(1, min(16, total // (count * 16)))
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    results: list[ParseOutcome] = []
    with context.Pool(count, initializer=init_worker) as pool:
        for outcome in pool.imap_unordered(run_job, ordered, chunksize=chunksize):
            results.append(outcome)
            if progress:
                progress(len(results), total)
    return results, count


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
