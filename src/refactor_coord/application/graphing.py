"""Use case: export the module import graph or the symbol reference graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from refactor_coord.adapters.index_store import open_store
from refactor_coord.analysis.graphs import (
    focus,
    import_cycles,
    module_graph,
    symbol_graph,
    to_dot,
    to_json,
    to_mermaid,
)
from refactor_coord.application.indexing import CACHE_DIR, Progress, index_repository
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import UsageError

FORMATS = ("dot", "mermaid", "json")
KINDS = ("modules", "symbols")


def export_graph(
    repo: Path,
    config: Config,
    *,
    kind: str,
    fmt: str,
    focus_on: str | None,
    depth: int,
    external: bool,
    workers: int | None = None,
    progress: Progress | None = None,
) -> str:
    """Render the graph of ``kind`` in ``fmt``, optionally only around ``focus_on``."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; valid formats are {', '.join(FORMATS)}")
    if kind not in KINDS:
        raise UsageError(f"unknown graph '{kind}'; valid graphs are {', '.join(KINDS)}")
    index_repository(repo, config, workers=workers, progress=progress)
    store, _ = open_store(repo / CACHE_DIR)
    try:
        modules = [r.module for r in store.files().values() if r.status == "ok"]
        if kind == "modules":
            graph = module_graph(store.edges(), modules, external=external)
        else:
            graph = symbol_graph(store.symbol_edges(), store.all_definitions())
    finally:
        store.close()
    if focus_on:
        graph = focus(graph, focus_on, depth)
        if graph.number_of_nodes() == 0:
            raise UsageError(
                f"nothing in the {kind} graph is named '{focus_on}' or lies inside it"
            )
    return _render(graph, fmt, kind, focus_on)


def export_plan_graph(repo: Path, config: Config, fmt: str) -> str:
    """The saved plan's step DAG in ``fmt``."""
    from refactor_coord.application.plan_files import saved_plan
    from refactor_coord.application.render_plan import mermaid

    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; valid formats are {', '.join(FORMATS)}")
    plan = saved_plan(repo, config)
    if fmt == "mermaid":
        return mermaid(plan) + "\n"
    graph: nx.DiGraph[str] = nx.DiGraph()
    label = {s.number: f"{s.number}. {s.phase}: {s.title}" for s in plan.steps}
    for s in plan.steps:
        graph.add_node(
            label[s.number], number=s.number, phase=s.phase, refactor=s.refactor, status=s.status
        )
    for s in plan.steps:
        graph.add_edges_from((label[d], label[s.number]) for d in s.depends_on)
    return to_json(graph) if fmt == "json" else to_dot(graph, f"plan {plan.campaign}")


def _render(graph: nx.DiGraph[str], fmt: str, kind: str, focus_on: str | None) -> str:
    if fmt == "json":
        return to_json(graph, import_cycles(graph) if kind == "modules" else ())
    if fmt == "dot":
        return to_dot(graph, kind, [focus_on] if focus_on else [])
    return to_mermaid(graph)
