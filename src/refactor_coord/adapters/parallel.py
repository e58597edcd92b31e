"""Run parse jobs on a process pool (or in this process when there are only a few), and other
work on forked workers that inherit what they need (:func:`fork_map`).

The pool machinery (multiprocessing, concurrent.futures) and the parser are imported when
there is something to parse or link: an index run that finds nothing changed needs neither.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from refactor_coord.adapters.index_store import IndexStore, finish_shard, open_shard, shard_path
from refactor_coord.analysis.link import link_file
from refactor_coord.analysis.raw import FileFacts

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from refactor_coord.analysis.parsing import ParseJob, ParseOutcome
    from refactor_coord.analysis.resolve import Resolver

#: (file id, FileFacts blob)
LinkItem = tuple[int, bytes]
T = TypeVar("T")
I = TypeVar("I")

#: Shards are attached to the index when it is opened; SQLite attaches at most ten databases.
_MAX_SHARDS = 8

#: Below this many files a pool costs more than it saves...
_POOL_THRESHOLD = 24
#: ...unless they are large: a few thousand lines each (apply re-indexing the 10 files it rewrote).
POOL_BYTES = 256 * 1024


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_parse_jobs(
    jobs: Sequence[ParseJob], workers: int | None, progress: Callable[[int, int], None] | None
) -> tuple[list[ParseOutcome], int]:
    """Parse every job; returns the outcomes (in no particular order) and the workers used."""
    if not jobs:
        return [], 1
    from refactor_coord.analysis.parsing import init_worker, run_job

    count = max(1, workers or default_workers())
    total = len(jobs)
    sizes = {job.abs_path: file_size(job.abs_path) for job in jobs}
    if count == 1 or total < 2 or (total < _POOL_THRESHOLD and sum(sizes.values()) < POOL_BYTES):
        outcomes = []
        for i, job in enumerate(jobs, 1):
            outcomes.append(run_job(job))
            if progress:
                progress(i, total)
        return outcomes, 1
    # Largest files first so that no worker is left with a big one at the end.
    ordered = sorted(jobs, key=lambda j: -sizes[j.abs_path])
    count = min(count, total)
    chunksize = max(1, min(16, total // (count * 16)))
    results: list[ParseOutcome] = []
    with _context().Pool(count, initializer=init_worker) as pool:
        for outcome in pool.imap_unordered(run_job, ordered, chunksize=chunksize):
            results.append(outcome)
            if progress:
                progress(len(results), total)
    return results, count


def file_size(path: str | Path) -> int:
    """Bytes in the file (0 when it cannot be read)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _context() -> BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


# What fork_map's workers run: inherited by fork, never pickled (closures and open state welcome).
_TASK: Callable[[int], object] | None = None


def _run_task(number: int) -> object:
    assert _TASK is not None
    return _TASK(number)


def fork_map(task: Callable[[int], T], count: int) -> list[T] | None:
    """``[task(0), ..., task(count - 1)]`` on ``count`` forked worker processes. ``task`` and
    the data it reaches are inherited, not pickled; only the results travel back. A worker that
    dies (killed for memory, a crash in native code) raises ``BrokenProcessPool`` rather than
    leaving the caller waiting. None when this platform cannot fork: the caller does the work."""
    global _TASK
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from refactor_coord.analysis.parsing import init_worker

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    _TASK = task
    try:
        with ProcessPoolExecutor(
            count, mp_context=multiprocessing.get_context("fork"), initializer=init_worker
        ) as pool:
            return cast(list[T], list(pool.map(_run_task, range(count))))
    finally:
        _TASK = None


def in_shares(items: Sequence[I], work: Callable[[I], T], per_worker: int) -> list[T]:
    """``work`` of every item: on forked workers, one share each, when there are at least
    ``per_worker`` items for each of two or more workers; else here. The results come back
    share by share, not in the items' order."""
    workers = min(os.cpu_count() or 1, len(items) // per_worker)
    if workers > 1:
        shares = [items[i::workers] for i in range(workers)]
        done = fork_map(lambda i: [work(item) for item in shares[i]], workers)
        if done is not None:
            return [result for share in done for result in share]
    return [work(item) for item in items]


def link_into(store: IndexStore, resolver: Resolver, items: Sequence[LinkItem]) -> list[int]:
    """Link each item and add its rows to ``store``; returns the ids whose blob did not decode."""
    damaged: list[int] = []
    for file_id, blob in items:
        facts = FileFacts.decode(blob)
        if facts is None:
            damaged.append(file_id)
        else:
            store.add_resolved(link_file(facts, resolver, file_id))
    return damaged


def run_link_jobs(
    resolver: Resolver, items: Sequence[LinkItem], shard_dir: Path, workers: int | None
) -> tuple[list[Path], list[int]] | None:
    """Link files on forked workers; each writes one shard database (rows and indexes) under
    ``shard_dir``.

    Returns the shard paths and the ids of files whose blob could not be decoded, or None when
    a pool is not worth it (few files, one worker, or no fork): the caller links in-process.
    """
    count = max(1, workers or default_workers())
    if len(items) < _POOL_THRESHOLD or count == 1:
        return None
    ordered = sorted(items, key=lambda item: -len(item[1]))
    tasks_n = min(count, _MAX_SHARDS)  # sizes dealt round-robin from the largest: even enough
    shares = [(shard_path(shard_dir, i), ordered[i::tasks_n]) for i in range(tasks_n)]

    def link_share(number: int) -> list[int]:
        path, share = shares[number]
        shard = open_shard(path)
        damaged = link_into(shard, resolver, share)
        finish_shard(shard)
        return damaged

    found = fork_map(link_share, tasks_n)
    if found is None:
        return None
    return [path for path, _ in shares], [i for damaged in found for i in damaged]
