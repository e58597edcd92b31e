"""Use case: bring the repository index up to date and summarise it.

Sequence: list files -> map modules -> classify each file against the stored file table
(unchanged by size and mtime; same content; cached facts; needs parsing) -> parse in a
process pool -> resolve. When no changed file altered its module *surface* (top-level names,
imports, ``__all__``, classes), only the changed files are resolved again; otherwise every
file is, because other files' references may now lead elsewhere.

A run that finds nothing changed (every ``refs`` on a warm index) needs only the file walk, the
module map and the store: the parser, the resolver and the cycle finder are imported by the
functions that use them (and ``adapters.parallel`` imports the process pool when it starts one).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_coord.adapters.filesystem import FoundFile, list_python_files, read_bytes
from refactor_coord.adapters.index_store import FileRow, IndexStore, open_store
from refactor_coord.adapters.parallel import link_into, run_link_jobs, run_parse_jobs
from refactor_coord.analysis.discovery import ModuleFile, map_modules, source_roots_for
from refactor_coord.analysis.raw import (
    FACTS_VERSION,
    FileFacts,
    Surface,
    decode_surface,
)
from refactor_coord.domain.facts import FileIssue, IndexSummary

if TYPE_CHECKING:
    from refactor_coord.analysis.resolve import Resolver
    from refactor_coord.domain.config import Config

CACHE_DIR = Path(".refcoord") / "cache"
Progress = Callable[[int, int], None]

# Row for IndexStore.upsert_files:
# (path, module, is_package, is_test, size, mtime_ns, hash, fact_key, status, reason, parser)
_FileValues = tuple[str, str, int, int, int, int, str, str, str, str, str]


@dataclass
class _Scan:
    """How each file compares with the stored index."""

    rows: list[_FileValues] = field(default_factory=list)  # files whose row must be written
    facts: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # path -> (blob, surface)
    to_parse: list[tuple[ModuleFile, FoundFile, str, str]] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)  # paths whose facts or status changed
    fresh: list[tuple[str, bytes, bytes]] = field(default_factory=list)  # newly parsed, to cache
    unchanged: int = 0
    cache_hits: int = 0


def index_repository(
    repo: Path,
    config: Config,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    cycles: bool = True,
) -> IndexSummary:
    """Update the index of ``repo`` and return its summary. ``cycles=False`` leaves the import
    cycles to be found by the next run that wants them (their summary then lists none): finding
    them needs networkx and the whole import graph, which ``apply`` has no use for."""
    started = time.perf_counter()
    found = list_python_files(repo, config.campaign.exclude)
    roots = source_roots_for(config.campaign.source_roots, (f.path for f in found))
    modules, duplicates = map_modules([f.path for f in found], roots)
    store, rebuilt = open_store(repo / CACHE_DIR)
    try:
        settings = f"{FACTS_VERSION}|{','.join(roots)}"
        previous = store.files() if store.meta("settings") == settings else {}
        stats = {f.path: f for f in found}
        scan = _scan(repo, modules, duplicates, stats, previous, store)
        used_workers = _parse(repo, scan, workers, progress)
        removed = [p for p in previous if p not in stats]
        resolved = _update(repo, store, scan, previous, removed, settings, workers)
        if cycles and not store.meta("cycles"):
            _store_cycles(store)
        summary = _summary(store, len(found), scan, resolved, rebuilt, used_workers, started)
        store.db.commit()
        return summary
    finally:
        store.close()


def _content_key(digest: str, mf: ModuleFile) -> str:
    import hashlib

    text = f"{digest}|{mf.module}|{int(mf.is_package)}|{FACTS_VERSION}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _values(
    mf: ModuleFile, ff: FoundFile, digest: str, key: str, status: str, reason: str, parser: str
) -> _FileValues:
    return (
        mf.path,
        mf.module,
        int(mf.is_package),
        int(mf.is_test),
        ff.size,
        ff.mtime_ns,
        digest,
        key,
        status,
        reason,
        parser,
    )


def _scan(
    repo: Path,
    modules: Sequence[ModuleFile],
    duplicates: Sequence[tuple[str, str]],
    stats: dict[str, FoundFile],
    previous: dict[str, FileRow],
    store: IndexStore,
) -> _Scan:
    scan = _Scan()
    for path, reason in duplicates:
        ff = stats[path]
        prev = previous.get(path)
        if prev is None or prev.status != "skipped" or prev.reason != reason:
            scan.changed.add(path)
        scan.rows.append((path, "", 0, 0, ff.size, ff.mtime_ns, "", "", "skipped", reason, ""))
    cold = not store.has_facts()  # nothing to find in the cache: workers read and hash each file
    for mf in modules:
        _classify(repo, mf, stats[mf.path], previous.get(mf.path), store, scan, cold)
    return scan


def _classify(
    repo: Path,
    mf: ModuleFile,
    ff: FoundFile,
    prev: FileRow | None,
    store: IndexStore,
    scan: _Scan,
    cold: bool,
) -> None:
    if (
        prev is not None
        and prev.size == ff.size
        and prev.mtime_ns == ff.mtime_ns
        and prev.module == mf.module
        and prev.is_package == mf.is_package
        and prev.fact_key
    ):
        scan.unchanged += 1
        return
    from refactor_coord.analysis.parsing import Generated, content_digest, is_generated

    if cold:
        scan.changed.add(mf.path)
        scan.to_parse.append((mf, ff, "", ""))
        return
    source = read_bytes(repo, mf.path)
    if source is None:
        scan.rows.append(_values(mf, ff, "", "", "failed", "cannot be read", ""))
        scan.changed.add(mf.path)
        return
    digest = content_digest(source)
    key = _content_key(digest, mf)
    if prev is not None and prev.fact_key == key:
        scan.rows.append(_values(mf, ff, digest, key, prev.status, prev.reason, prev.parser))
        scan.unchanged += 1
        return
    scan.changed.add(mf.path)
    if is_generated(source):
        scan.rows.append(_values(mf, ff, digest, key, "skipped", Generated.reason, ""))
        return
    entry = store.facts_entry(key)
    facts = FileFacts.decode(entry[0]) if entry is not None else None
    if entry is not None and facts is not None:
        scan.cache_hits += 1
        scan.facts[mf.path] = entry
        scan.rows.append(_values(mf, ff, digest, key, "ok", "", facts.parser))
        return
    scan.to_parse.append((mf, ff, digest, key))


def _parse(repo: Path, scan: _Scan, workers: int | None, progress: Progress | None) -> int:
    if not scan.to_parse:
        return 1  # what run_parse_jobs reports for no jobs: one worker, this process
    from refactor_coord.analysis.parsing import Generated, Parsed, ParseJob

    jobs = [
        ParseJob(mf.path, str(repo / mf.path), mf.module, mf.is_package)
        for mf, *_ in scan.to_parse
    ]
    outcomes, used = run_parse_jobs(jobs, workers, progress)
    by_path = {o.path: o for o in outcomes}
    for mf, ff, digest, key in scan.to_parse:
        outcome = by_path[mf.path]
        if outcome.digest:  # the bytes the worker read (on a cold run, the only read)
            digest, key = outcome.digest, _content_key(outcome.digest, mf)
        if isinstance(outcome, Parsed):
            scan.facts[mf.path] = (outcome.blob, outcome.surface)
            scan.fresh.append((key, outcome.blob, outcome.surface))
            scan.rows.append(_values(mf, ff, digest, key, "ok", "", outcome.parser))
        else:
            status = "skipped" if isinstance(outcome, Generated) else "failed"
            scan.rows.append(_values(mf, ff, digest, key, status, outcome.reason, ""))
    return used


def _update(
    repo: Path,
    store: IndexStore,
    scan: _Scan,
    previous: dict[str, FileRow],
    removed: Sequence[str],
    settings: str,
    workers: int | None,
) -> int:
    """Write file rows and resolve what needs it; returns how many files were resolved."""
    store.put_facts(scan.fresh)
    interrupted = store.interrupted()
    if not scan.changed and not removed and previous and not interrupted:
        store.upsert_files(scan.rows)
        return 0
    store.begin_resolving()
    partial = previous and not interrupted
    moved_modules = _changed_modules(store, scan, previous, removed) if partial else None
    affected = (
        None if moved_modules is None else _affected(store, previous, scan.changed, moved_modules)
    )
    store.delete_files(removed)
    store.upsert_files(scan.rows)
    rows = store.files()
    ids = {p: r.id for p, r in rows.items()}
    count = None if affected is None else _resolve_some(store, scan, rows, ids, affected)
    if count is None:
        count = _resolve_all(repo, store, scan, rows, workers)
    store.drop_unused_facts()
    store.set_meta({"settings": settings, "cycles": ""})  # found again when next wanted
    store.finish()
    return count


def _store_cycles(store: IndexStore) -> None:
    from refactor_coord.analysis.cycles import import_time_cycles

    modules = [r.module for r in store.files().values() if r.status == "ok"]
    store.set_meta({"cycles": json.dumps(import_time_cycles(store.edges(), modules))})


def _changed_modules(
    store: IndexStore, scan: _Scan, previous: dict[str, FileRow], removed: Sequence[str]
) -> set[str] | None:
    """Modules whose surface changed (or that appeared, went, or stopped parsing); None when
    that cannot be told (an unreadable cached surface)."""
    modules = {previous[p].module for p in removed if previous[p].module}
    for path in scan.changed:
        prev = previous.get(path)
        new = scan.facts.get(path)
        if prev is None or new is None or prev.status != "ok":
            modules.update(
                m for m in (prev.module if prev else "", _module_of_row(scan, path)) if m
            )
            continue
        old = store.facts_entry(prev.fact_key)
        if old is None:
            return None
        if decode_surface(old[1]) != decode_surface(new[1]):
            modules.add(prev.module)
    return modules


def _module_of_row(scan: _Scan, path: str) -> str:
    return next((row[1] for row in scan.rows if row[0] == path), "")


#: Above this share of the files, resolving everything (on the pool) is cheaper than picking.
_PARTIAL_SHARE = 0.25


def _affected(
    store: IndexStore, previous: dict[str, FileRow], changed: set[str], modules: set[str]
) -> set[str] | None:
    """Files whose references may resolve differently: the changed ones, every file importing a
    module in ``modules`` directly or through others, and every file that spells a name inside
    one of them (dotted strings need no import). None: resolve everything."""
    affected = set(changed)
    if not modules:
        return affected
    if len(modules) > 50:
        return None
    importers: dict[str, set[str]] = {}
    for importer, imported, *_ in store.edges():
        importers.setdefault(imported, set()).add(importer)
    seen = set(modules)
    frontier = set(modules)
    while frontier:
        frontier = {i for m in frontier for i in importers.get(m, ())} - seen
        seen |= frontier
    paths = {r.module: p for p, r in previous.items()}
    affected |= {paths[m] for m in seen if m in paths}
    affected |= store.files_writing(sorted(modules))
    ok = sum(1 for r in previous.values() if r.status == "ok")
    return None if len(affected) > max(50, _PARTIAL_SHARE * ok) else affected


def _resolve_all(
    repo: Path, store: IndexStore, scan: _Scan, rows: dict[str, FileRow], workers: int | None
) -> int:
    """Resolve every file again, linking on a process pool when there are many."""
    from refactor_coord.analysis.link import link_file
    from refactor_coord.analysis.resolve import Resolver

    ok = {r.id: r for r in rows.values() if r.status == "ok"}
    entries = {i: scan.facts[r.path] for i, r in ok.items() if r.path in scan.facts}
    stored = {r.fact_key: i for i, r in ok.items() if i not in entries}
    blobs = {i: e[0] for i, e in entries.items()}
    surfaces = {i: e[1] for i, e in entries.items()}
    blobs.update((stored[k], b) for k, b in store.facts_blobs(stored))
    surfaces.update((stored[k], b) for k, b in store.surface_blobs(stored))
    decoded = {i: decode_surface(b) for i, b in surfaces.items()}
    damaged = {i for i in ok if i not in blobs or decoded.get(i) is None}
    repaired = _reparse(repo, store, [ok[i] for i in damaged])  # needed before the resolver
    decoded.update((i, f.surface) for i, f in repaired.items())
    resolver = Resolver([s for s in decoded.values() if s is not None])
    store.reset_resolved()
    undecodable = _link(
        store, resolver, [(i, b) for i, b in sorted(blobs.items()) if i not in damaged], workers
    )
    repaired.update(_reparse(repo, store, [ok[i] for i in undecodable]))
    for file_id, facts in repaired.items():
        store.add_resolved(link_file(facts, resolver, file_id))
    for i in decoded.keys() & ok.keys():
        store.add_module_definition(ok[i].module, i)
    return len(decoded)


def _link(
    store: IndexStore, resolver: Resolver, items: list[tuple[int, bytes]], workers: int | None
) -> list[int]:
    """Link and store every item; returns the ids whose facts blob could not be decoded."""
    pooled = run_link_jobs(resolver, items, store.path.parent, workers)
    if pooled is not None:
        shards, undecodable = pooled
        store.adopt_shards(shards)
        return undecodable
    return link_into(store, resolver, items)


def _reparse(repo: Path, store: IndexStore, rows: list[FileRow]) -> dict[int, FileFacts]:
    """Parse again the files whose cached facts turned out unreadable."""
    from refactor_coord.analysis.parsing import Parsed, ParseJob

    jobs = [ParseJob(r.path, str(repo / r.path), r.module, r.is_package) for r in rows]
    outcomes, _ = run_parse_jobs(jobs, None, None)
    by_path = {r.path: r for r in rows}
    found: dict[int, FileFacts] = {}
    for outcome in outcomes:
        facts = FileFacts.decode(outcome.blob) if isinstance(outcome, Parsed) else None
        if facts is not None and isinstance(outcome, Parsed):
            row = by_path[outcome.path]
            found[row.id] = facts
            store.put_facts([(row.fact_key, outcome.blob, outcome.surface)])
    return found


def _resolve_some(
    store: IndexStore,
    scan: _Scan,
    rows: dict[str, FileRow],
    ids: dict[str, int],
    affected: set[str],
) -> int | None:
    """Resolve only the affected files; None when a stored surface or facts blob is unreadable
    (then everything is resolved)."""
    from refactor_coord.analysis.link import link_file
    from refactor_coord.analysis.resolve import Resolver

    keys = {r.fact_key: p for p, r in rows.items() if r.status == "ok"}
    surfaces: list[Surface] = []
    for _, blob in store.surface_blobs(keys):
        surface = decode_surface(blob)
        if surface is None:
            return None
        surfaces.append(surface)
    if len(surfaces) != len(keys):
        return None
    resolver = Resolver(surfaces)
    paths = sorted(p for p in affected if p in rows)
    blobs = {p: scan.facts[p][0] for p in paths if p in scan.facts}
    stored = {rows[p].fact_key: p for p in paths if p not in blobs and rows[p].status == "ok"}
    blobs.update((stored[k], b) for k, b in store.facts_blobs(stored))
    decoded = {p: FileFacts.decode(b) for p, b in blobs.items()}
    if any(f is None for f in decoded.values()):
        return None
    store.clear_resolved(ids[p] for p in paths)
    for path, facts in sorted(decoded.items()):
        assert facts is not None
        store.add_resolved(link_file(facts, resolver, ids[path]))
        store.add_module_definition(rows[path].module, ids[path])
    return len(paths)


def _summary(
    store: IndexStore,
    files: int,
    scan: _Scan,
    resolved: int,
    rebuilt: str | None,
    workers: int,
    started: float,
) -> IndexSummary:
    rows = store.files()
    issues = [
        FileIssue(r.path, "skipped" if r.status == "skipped" else "failed", r.reason)
        for r in sorted(rows.values(), key=lambda r: r.path)
        if r.status != "ok"
    ]
    cycles = tuple(tuple(c) for c in json.loads(store.meta("cycles") or "[]"))
    return IndexSummary(
        files=files,
        modules=sum(1 for r in rows.values() if r.status == "ok"),
        definitions=store.count("defs"),
        references=store.count("refs"),
        parsed=len(scan.to_parse),
        cache_hits=scan.cache_hits,
        unchanged=scan.unchanged,
        resolved_files=resolved,
        issues=tuple(issues),
        seconds=time.perf_counter() - started,
        workers=workers,
        cycles=cycles,
        notes=(rebuilt,) if rebuilt else (),
    )
