"""Run parse jobs on a process pool (or in this process when there are only a few)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.context import BaseContext
from pathlib import Path

from refactor_coord.adapters.index_store import IndexStore, finish_shard, open_shard, shard_path
from refactor_coord.analysis.link import link_file
from refactor_coord.analysis.parsing import ParseJob, ParseOutcome, init_worker, run_job
from refactor_coord.analysis.raw import FileFacts
from refactor_coord.analysis.resolve import Resolver

#: (file id, FileFacts blob)
LinkItem = tuple[int, bytes]

#: Shards are attached to the index when it is opened; SQLite attaches at most ten databases.
_MAX_SHARDS = 8

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
    results: list[ParseOutcome] = []
    with _context().Pool(count, initializer=init_worker) as pool:
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


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


# The resolver and the facts reach link workers by fork inheritance: they are never pickled.
_RESOLVER: Resolver | None = None
_SHARES: list[tuple[str, list[LinkItem]]] = []  # (shard path, items) per task


def _link_into_shard(task: int) -> list[int]:
    """Worker: link one share of the files and write their rows into its shard database;
    returns damaged ids."""
    path, items = _SHARES[task]
    assert _RESOLVER is not None
    shard = open_shard(Path(path))
    damaged = link_into(shard, _RESOLVER, items)
    finish_shard(shard)
    return damaged


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


def run_link_jobs(resolver: Resolver, items: Sequence[LinkItem], shard_dir: Path,
                  workers: int | None) -> tuple[list[Path], list[int]] | None:
    """Link files on a forked pool; each worker writes one shard database (rows and indexes)
    under ``shard_dir``.

    Returns the shard paths and the ids of files whose blob could not be decoded, or None when
    a pool is not worth it (few files, one worker, or no fork): the caller links in-process.
    """
    global _RESOLVER, _SHARES
    count = max(1, workers or default_workers())
    if len(items) < _POOL_THRESHOLD or count == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    ordered = sorted(items, key=lambda item: -len(item[1]))
    tasks_n = min(count, _MAX_SHARDS)  # sizes dealt round-robin from the largest: even enough
    shares = [(str(shard_path(shard_dir, i)), ordered[i::tasks_n]) for i in range(tasks_n)]
    _RESOLVER, _SHARES = resolver, shares
    try:
        with _context().Pool(tasks_n, initializer=init_worker) as pool:
            damaged = [i for found in pool.imap_unordered(_link_into_shard, range(tasks_n)) for i in found]
    finally:
        _RESOLVER, _SHARES = None, []
    return [Path(path) for path, _ in shares], damaged
