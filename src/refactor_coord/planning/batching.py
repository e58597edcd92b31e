"""Cut a refactoring's migrate work into PR-sized batches, leaf-first along the import graph.

Files are grouped (by package, CODEOWNERS owner or call-graph community), ordered so that a
module comes before the modules that import it, with modules that import each other kept
together, and packed so that no batch exceeds the file or site bound (a single unit that is
larger on its own is kept whole and says why).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from refactor_coord.domain.plan import Site
from refactor_coord.planning.inputs import FileInfo


@dataclass(frozen=True, slots=True)
class Batch:
    """The files of one migrate step."""

    group: str
    files: tuple[str, ...]
    rank: int  #: position of its latest file in the leaf-first order: it goes after all it imports
    notes: tuple[str, ...]


def group_of(info: FileInfo, group_by: str, communities: Mapping[str, int]) -> str:
    """The group a file belongs to."""
    if group_by == "owner":
        return info.owners[0] if info.owners else "(no owner)"
    if group_by == "community":
        return f"community {communities.get(info.path, 0)}"
    if "/" in info.path and info.path.rsplit("/", 1)[1] == "__init__.py":
        return info.module
    return info.module.rpartition(".")[0] or info.path.rpartition("/")[0] or "(top level)"


def leaf_first_ranks(
    files: Sequence[FileInfo], imports: Sequence[tuple[str, str]]
) -> tuple[dict[str, int], list[set[str]]]:
    """Rank each file so that what a module imports comes first; also the import cycles among
    them."""
    by_module = {f.module: f.path for f in files}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(by_module)
    graph.add_edges_from(
        (b, a) for a, b in imports if a in by_module and b in by_module and a != b
    )
    condensed = nx.condensation(graph)
    members: dict[int, list[str]] = {n: sorted(condensed.nodes[n]["members"]) for n in condensed}
    order = list(nx.lexicographical_topological_sort(condensed, key=lambda n: members[n][0]))
    ranks = {by_module[m]: i for i, n in enumerate(order) for m in members[n]}
    cycles = [{by_module[m] for m in members[n]} for n in order if len(members[n]) > 1]
    return ranks, cycles


def make_batches(
    sites: Sequence[Site],
    files: Mapping[str, FileInfo],
    imports: Sequence[tuple[str, str]],
    group_by: str,
    communities: Mapping[str, int],
    max_files: int,
    max_sites: int,
) -> list[Batch]:
    """Batches covering every file with work in it (a site to rewrite or to review), in
    leaf-first order. A file whose sites are all kept changes in no step, so it is in none."""
    per_file: dict[str, int] = {}
    for site in sites:
        per_file[site.path] = per_file.get(site.path, 0) + (site.action == "rewrite")
    worked = files_with_work(sites)
    per_file = {p: n for p, n in per_file.items() if p in worked}
    infos = [files.get(p) or FileInfo(p, p, False) for p in sorted(per_file)]
    ranks, cycles = leaf_first_ranks(infos, imports)
    cycle_of = {p: frozenset(c) for c in cycles for p in c}
    by_path = {info.path: info for info in infos}
    groups: dict[str, list[FileInfo]] = {}
    for info in infos:
        # files that import each other go together, in the group of the cycle's first file
        anchor = by_path[min(cycle_of[info.path])] if info.path in cycle_of else info
        groups.setdefault(group_of(anchor, group_by, communities), []).append(info)
    batches: list[Batch] = []
    for group, members in groups.items():
        batches += _pack(group, members, ranks, cycle_of, per_file, max_files, max_sites)
    patchers = patching_files(sites)
    return sorted(
        (patches_first(b, patchers) for b in batches), key=lambda b: (b.rank, b.group, b.files)
    )


def files_with_work(sites: Sequence[Site]) -> set[str]:
    """Files holding a site that a migrate step rewrites or leaves for review."""
    return {s.path for s in sites if s.action in WORK_ACTIONS}


#: Site actions that make a file part of a migrate step ("keep" sites change nothing).
WORK_ACTIONS = frozenset({"rewrite", "review"})


def patching_files(sites: Sequence[Site]) -> set[str]:
    """Files that name the old location in strings that are rewritten (patch targets)."""
    return {s.path for s in sites if s.kind in PATCH_KINDS and s.action == "rewrite"}


#: Site kinds that name the old location to patch it (``mock.patch("pkg.mod.name")``): the code
#: they patch reads the name through the old location until it is migrated, and the shim reads
#: the new module at each access, so the patches move first and keep reaching that code.
PATCH_KINDS = frozenset({"string"})


def patches_first(batch: Batch, patchers: set[str]) -> Batch:
    """The batch, moved before the leaf-first order when it holds patch targets."""
    if not patchers & set(batch.files):
        return batch
    note = (
        "goes first: it names the old location in strings (patch targets), which must follow "
        "the move first"
    )
    return Batch(batch.group, batch.files, -1, (*batch.notes, note))


def _units(
    members: list[FileInfo], ranks: Mapping[str, int], cycle_of: Mapping[str, frozenset[str]]
) -> list[tuple[str, ...]]:
    """Files in leaf-first order; files of one import cycle form one unit."""
    units: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for info in sorted(members, key=lambda f: (ranks[f.path], f.path)):
        if info.path in seen:
            continue
        cycle = cycle_of.get(info.path, frozenset({info.path}))
        unit = tuple(sorted(p for p in cycle if p in {m.path for m in members}))
        seen.update(unit)
        units.append(unit)
    return units


def _pack(
    group: str,
    members: list[FileInfo],
    ranks: Mapping[str, int],
    cycle_of: Mapping[str, frozenset[str]],
    per_file: Mapping[str, int],
    max_files: int,
    max_sites: int,
) -> list[Batch]:
    batches: list[Batch] = []
    current: list[str] = []
    notes: list[str] = []
    for unit in _units(members, ranks, cycle_of):
        size = sum(per_file[p] for p in unit)
        fits = (
            len(current) + len(unit) <= max_files
            and sum(per_file[p] for p in current) + size <= max_sites
        )
        if current and not fits:
            batches.append(
                Batch(group, tuple(current), max(ranks[p] for p in current), tuple(notes))
            )
            current, notes = [], []
        current.extend(unit)
        if len(unit) > max_files or size > max_sites:
            notes.append(_oversize(unit, size, max_files, max_sites))
    if current:
        batches.append(Batch(group, tuple(current), max(ranks[p] for p in current), tuple(notes)))
    return batches


def _oversize(unit: tuple[str, ...], size: int, max_files: int, max_sites: int) -> str:
    if len(unit) == 1:
        return (
            f"{unit[0]} alone has {size} references to rewrite (more than "
            f"max_sites_per_step = {max_sites}): one file cannot be split"
        )
    return (
        f"{len(unit)} files that import each other are kept in one step "
        f"(max_files_per_step = {max_files}, max_sites_per_step = {max_sites})"
    )
