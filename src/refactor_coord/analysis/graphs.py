"""networkx graphs of the repository: module imports and symbol references; cycles; exports."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import networkx as nx

from refactor_coord.analysis.cycles import at_import_time, cycles_of
from refactor_coord.analysis.link import EdgeRow


def module_graph(
    edges: Iterable[EdgeRow],
    modules: Iterable[str],
    *,
    external: bool = False,
    import_time_only: bool = False,
) -> nx.DiGraph[str]:
    """Module import graph. Edge attributes record lines and whether the import is lazy,
    under ``TYPE_CHECKING`` or guarded; ``import_time_only`` keeps only the edges that run at
    import time (:func:`~refactor_coord.analysis.cycles.at_import_time`)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(modules, external=False)
    for edge in edges:
        importer, imported, line, lazy, type_checking, guarded, is_external = edge
        if (is_external and not external) or (import_time_only and not at_import_time(edge)):
            continue
        if is_external and imported not in graph:
            graph.add_node(imported, external=True)
        if graph.has_edge(importer, imported):
            data = graph.edges[importer, imported]
            data["lines"] = sorted({*data["lines"], line})
            data["lazy"] = data["lazy"] and bool(lazy)
            data["type_checking"] = data["type_checking"] and bool(type_checking)
            data["guarded"] = data["guarded"] and bool(guarded)
        else:
            graph.add_edge(
                importer,
                imported,
                lines=[line],
                lazy=bool(lazy),
                type_checking=bool(type_checking),
                guarded=bool(guarded),
            )
    return graph


def import_cycles(graph: nx.DiGraph[str]) -> list[tuple[str, ...]]:
    """Groups of modules that import each other (strongly connected components), sorted."""
    return cycles_of({node: list(graph.successors(node)) for node in graph.nodes})


def pagerank(
    graph: nx.DiGraph[str],
    damping: float = 0.85,
    tolerance: float = 1e-9,
    max_iterations: int = 200,
) -> dict[str, float]:
    """PageRank by power iteration (networkx's own needs numpy and scipy, which refcoord does not
    depend on). An edge a -> b passes a's rank to b; dangling nodes spread theirs evenly."""
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / n)
    out_degree = {v: graph.out_degree(v) for v in nodes}
    for _ in range(max_iterations):
        dangling = damping * sum(rank[v] for v in nodes if out_degree[v] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - damping) / n + dangling)
        for v in nodes:
            if out_degree[v]:
                share = damping * rank[v] / out_degree[v]
                for w in graph.successors(v):
                    new[w] += share
        if sum(abs(new[v] - rank[v]) for v in nodes) < tolerance * n:
            return new
        rank = new
    return rank


def symbol_graph(
    edges: Iterable[tuple[str, str, str]], definitions: Iterable[tuple[str, str]]
) -> nx.DiGraph[str]:
    """Who refers to what: an edge from the enclosing definition of a reference to its target."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for qname, kind in definitions:
        graph.add_node(qname, kind=kind)
    for scope, target, kind in edges:
        if scope == target:
            continue
        if graph.has_edge(scope, target):
            kinds = graph.edges[scope, target]["kinds"]
            if kind not in kinds:
                kinds.append(kind)
                kinds.sort()
        else:
            graph.add_edge(scope, target, kinds=[kind])
    return graph


def focus(graph: nx.DiGraph[str], name: str, depth: int) -> nx.DiGraph[str]:
    """The part of ``graph`` within ``depth`` steps (either way) of ``name`` or its children."""
    seeds = [n for n in graph if n == name or str(n).startswith(name + ".")]
    keep: set[str] = set(seeds)
    frontier = set(seeds)
    undirected = graph.to_undirected(as_view=True)
    for _ in range(depth):
        frontier = {m for n in frontier for m in undirected.neighbors(n)} - keep
        keep |= frontier
    return graph.subgraph(keep).copy()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: nx.DiGraph[str], title: str, highlight: Sequence[str] = ()) -> str:
    """Graphviz DOT text (stable order)."""
    lines = [
        f"digraph {_quote(title)} {{",
        "  rankdir=LR;",
        "  node [shape=box, fontname=Helvetica];",
    ]
    for node in sorted(graph.nodes):
        attrs = []
        if graph.nodes[node].get("external"):
            attrs.append("style=dashed")
        if node in highlight:
            attrs.append("style=filled, fillcolor=lightyellow")
        lines.append(f"  {_quote(node)}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    for a, b in sorted(graph.edges):
        data = graph.edges[a, b]
        dashed = data.get("lazy") or data.get("type_checking")
        lines.append(f"  {_quote(a)} -> {_quote(b)}" + (" [style=dashed]" if dashed else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(graph: nx.DiGraph[str]) -> str:
    """Mermaid flowchart text (stable order; node ids are n0, n1, ...)."""
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes))}
    lines = ["flowchart LR"]
    for node, ident in ids.items():
        label = str(node).replace('"', "'")
        lines.append(f'  {ident}["{label}"]')
    for a, b in sorted(graph.edges):
        data = graph.edges[a, b]
        arrow = "-.->" if data.get("lazy") or data.get("type_checking") else "-->"
        lines.append(f"  {ids[a]} {arrow} {ids[b]}")
    return "\n".join(lines) + "\n"


def to_json(graph: nx.DiGraph[str], cycles: Sequence[Sequence[str]] = ()) -> str:
    """JSON: nodes with attributes, edges with attributes, and import cycles."""
    payload = {
        "nodes": [{"id": n, **graph.nodes[n]} for n in sorted(graph.nodes)],
        "edges": [{"source": a, "target": b, **graph.edges[a, b]} for a, b in sorted(graph.edges)],
        "cycles": [list(c) for c in cycles],
    }
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"
