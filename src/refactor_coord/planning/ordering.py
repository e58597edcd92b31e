"""The step DAG: edges within and across refactorings, stable numbering, parallel sets, reasons.

networkx is used here deliberately (the plan *is* a DAG of steps); planning stays pure: it never
reads files, parses code or renders text templates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from refactor_coord.domain.plan import PHASES
from refactor_coord.planning.drafts import Draft

_PHASE_ORDER = {p: i for i, p in enumerate(PHASES)}


def build_dag(drafts: Sequence[Draft], follows: Mapping[str, set[str]]) -> nx.DiGraph[str]:
    """Edges: expand -> migrate -> deprecate/flip -> contract inside a refactoring; across them,
    a later refactoring's step that touches a file an earlier one touches (before its contract)
    comes after it, and a
    refactoring that ``follows`` another starts after the other's last step."""
    dag: nx.DiGraph[str] = nx.DiGraph()
    by_refactor: dict[str, list[Draft]] = {}
    for d in drafts:
        dag.add_node(d.key, draft=d)
        by_refactor.setdefault(d.refactor, []).append(d)
    for steps in by_refactor.values():
        _chain(dag, steps)
    ordered = sorted(by_refactor.values(), key=lambda s: s[0].order)
    for i, earlier in enumerate(ordered):
        for later in ordered[i + 1 :]:
            _shared_files(dag, earlier, later)
            if earlier[0].refactor in follows.get(later[0].refactor, set()):
                dag.add_edge(
                    earlier[-1].key,
                    later[0].key,
                    reason=f"its refactoring follows {earlier[0].refactor}",
                )
    return dag


def _chain(dag: nx.DiGraph[str], steps: list[Draft]) -> None:
    if any(s.follows for s in steps):  # the pattern orders its own steps
        for step in steps:
            for before, reason in step.follows:
                dag.add_edge(before, step.key, reason=reason)
        return
    expand = steps[0]
    migrate = [s for s in steps if s.phase == "migrate"]
    after = [s for s in steps if s.phase in ("deprecate", "flip")]
    contract = steps[-1]
    middle = after[0] if after else contract
    for m in migrate:
        dag.add_edge(expand.key, m.key, reason="it builds on the expand step")
        dag.add_edge(m.key, middle.key, reason="it needs every reference migrated")
    if not migrate:
        dag.add_edge(expand.key, middle.key, reason="it builds on the expand step")
    if after:
        dag.add_edge(middle.key, contract.key, reason=f"it follows the {middle.phase} step")


def _shared_files(dag: nx.DiGraph[str], earlier: list[Draft], later: list[Draft]) -> None:
    # An earlier contract step waits for its release (remove_in); the later refactoring's steps
    # do not depend on what it removes, so they are not held behind it.
    for a in (s for s in earlier if s.phase != "contract"):
        for b in later:
            shared = sorted(set(a.files) & set(b.files))
            if shared and not dag.has_edge(a.key, b.key):
                dag.add_edge(a.key, b.key, reason=f"it changes {shared[0]} too")


def number_steps(dag: nx.DiGraph[str], kept: Mapping[str, int]) -> dict[str, int]:
    """Keep the numbers in ``kept``; number the rest 1..N (or after every number in ``kept``) in a
    topological order whose ties break by refactoring, phase, leaf-first rank and key."""

    def tie(key: str) -> tuple[int, int, int, str]:
        d: Draft = dag.nodes[key]["draft"]
        return (d.order, _PHASE_ORDER[d.phase], d.rank, d.key)

    numbers = {k: n for k, n in kept.items() if k in dag}
    # never reuse a number an earlier plan gave to a step that is gone: commits carry step numbers
    next_number = max(kept.values(), default=0) + 1
    for key in nx.lexicographical_topological_sort(dag, key=tie):
        if key not in numbers:
            numbers[key] = next_number
            next_number += 1
    return numbers


def parallel_sets(dag: nx.DiGraph[str], numbers: Mapping[str, int]) -> dict[str, tuple[int, ...]]:
    """For each step, the steps neither before nor after it in the DAG."""
    closure = nx.transitive_closure_dag(dag)
    keys = list(dag.nodes)
    result: dict[str, tuple[int, ...]] = {}
    for key in keys:
        related = set(closure.predecessors(key)) | set(closure.successors(key)) | {key}
        result[key] = tuple(sorted(numbers[k] for k in keys if k not in related))
    return result


def descendants(dag: nx.DiGraph[str], key: str, numbers: Mapping[str, int]) -> tuple[int, ...]:
    """Numbers of every step that builds on ``key``, newest first (the order to revert them)."""
    return tuple(sorted((numbers[k] for k in nx.descendants(dag, key)), reverse=True))


def edge_reasons(dag: nx.DiGraph[str], key: str, numbers: Mapping[str, int]) -> list[str]:
    """One sentence per reason among the direct predecessors: 'After steps 2, 3: it needs every
    reference migrated.'"""
    by_reason: dict[str, list[int]] = {}
    for p in sorted(dag.predecessors(key), key=lambda p: numbers[p]):
        by_reason.setdefault(dag.edges[p, key]["reason"], []).append(numbers[p])
    return [
        f"After step{'s' if len(steps) > 1 else ''} {', '.join(map(str, steps))}: {reason}."
        for reason, steps in by_reason.items()
    ]
