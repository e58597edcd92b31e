"""Import cycles: strongly connected components of the module import graph.

Plain Python (Tarjan's algorithm, iterative) so that indexing, which records the cycles after
every change, does not import networkx (0.1 s) for one traversal. ``graphs.import_cycles``
uses the same function on a networkx graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from refactor_coord.analysis.link import EdgeRow


def cycles_of(successors: Mapping[str, Sequence[str]]) -> list[tuple[str, ...]]:
    """Groups of nodes that reach each other (components of more than one node), each sorted,
    in sorted order. ``successors`` maps every node to the nodes it has edges to."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[tuple[str, ...]] = []
    for root in successors:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors.get(root, ())))]
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors.get(nxt, ()))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(tuple(sorted(group)))
    return sorted(groups)


def at_import_time(edge: EdgeRow) -> bool:
    """Whether an import edge runs when its module is imported: it is not lazy (inside a
    function) and not under ``TYPE_CHECKING``. A guarded import (``try``/``except``) runs."""
    _importer, _imported, _line, lazy, type_checking, _guarded, _external = edge
    return not (lazy or type_checking)


def import_time_cycles(edges: Iterable[EdgeRow], modules: Iterable[str]) -> list[tuple[str, ...]]:
    """Cycles among first-party modules through imports that run at import time (see
    :func:`at_import_time`): the ones that can fail when a module is imported."""
    successors: dict[str, list[str]] = {m: [] for m in modules}
    for edge in edges:
        importer, imported, *_, external = edge
        if external or not at_import_time(edge):
            continue
        successors.setdefault(importer, []).append(imported)
        successors.setdefault(imported, [])
    return cycles_of(successors)
