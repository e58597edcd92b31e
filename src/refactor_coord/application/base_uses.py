"""The uses of deprecated names that changed files held at a base commit, for ``refcoord
check``: each file's blob at the base (under its old path when it was renamed), resolved against
the repository as the base had it (the index's module surfaces, but the changed and deleted
files' own as they were)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.index_store import FileRow, IndexStore
from refactor_coord.analysis.discovery import module_file
from refactor_coord.analysis.extract_ast import decode_source
from refactor_coord.analysis.in_memory import linked_references
from refactor_coord.analysis.link import link_file
from refactor_coord.analysis.parsing import Parsed, parse_source
from refactor_coord.analysis.raw import FileFacts, Surface, decode_surface
from refactor_coord.analysis.resolve import Resolver
from refactor_coord.domain.facts import Reference

#: the uses of the watched names among some references: (name, reference) pairs
FindUses = Callable[[Sequence[Reference]], list[tuple[str, Reference]]]


@dataclass(frozen=True, slots=True)
class Base:
    """The commit compared with, and what the working tree changed since."""

    repo: Path
    commit: str
    change: git_repo.Change
    roots: tuple[str, ...]  #: the source roots module names are read under


@dataclass(frozen=True, slots=True)
class BaseFile:
    """A changed file as the base had it."""

    lines: tuple[str, ...]
    uses: dict[str, list[str]]  #: watched name -> the line text of each use


def uses_at_base(
    base: Base, store: IndexStore, files: Mapping[str, FileRow], find: FindUses
) -> dict[str, BaseFile]:
    """Each changed file the base had (by its path now), with the uses of the watched names it
    held there."""
    now_of = {old: new for new, old in base.change.changed if old is not None}
    wanted = sorted({*now_of, *base.change.deleted})
    blobs = git_repo.blobs_at(base.repo, base.commit, wanted)
    parsed = {old: facts for old in blobs if (facts := _facts(old, blobs[old], base, files))}
    resolver = Resolver(_surfaces(store, files, base.change, parsed.values()))
    found: dict[str, BaseFile] = {}
    for number, old in enumerate(sorted(set(now_of) & set(blobs))):
        lines = tuple(_lines(blobs[old]))
        uses: dict[str, list[str]] = {}
        facts = parsed.get(old)
        refs = (
            linked_references(old, link_file(facts, resolver, -1 - number).refs) if facts else []
        )
        for name, ref in find(refs):
            uses.setdefault(name, []).append(line_at(lines, ref.line))
        found[now_of[old]] = BaseFile(lines, uses)
    return found


def line_at(lines: Sequence[str], number: int) -> str:
    """Line ``number`` (1-based) without its indentation and end; "" past the end."""
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _lines(source: bytes) -> list[str]:
    return decode_source(source).splitlines()


def _facts(old: str, source: bytes, base: Base, files: Mapping[str, FileRow]) -> FileFacts | None:
    """A base blob's facts, under the module its path had then."""
    mf = module_file(old, base.roots)
    row = files.get(old)
    module = row.module if row is not None else mf.module
    outcome = parse_source(old, source, module, mf.is_package)
    return FileFacts.decode(outcome.blob) if isinstance(outcome, Parsed) else None


def _surfaces(
    store: IndexStore,
    files: Mapping[str, FileRow],
    change: git_repo.Change,
    base: Iterable[FileFacts],
) -> list[Surface]:
    """Every module's surface as the base had it: the index's, but for the files the change
    touched (their base versions stand in; a file new since has none)."""
    touched = {p for p, _ in change.changed}
    keys = [r.fact_key for p, r in files.items() if r.status == "ok" and p not in touched]
    surfaces = [decode_surface(blob) for _, blob in store.surface_blobs(keys)]
    kept = [s for s in surfaces if s is not None]
    return kept + [f.surface for f in base]
