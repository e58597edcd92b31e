"""Graphs: import cycles (import time only), focus, stable exports."""

from __future__ import annotations

import random

import networkx as nx

from refactor_coord.analysis.cycles import cycles_of, import_time_cycles
from refactor_coord.analysis.graphs import focus, import_cycles, module_graph, to_dot, to_mermaid

EDGES = [
    ("a", "b", 1, 0, 0, 0, 0),
    ("b", "a", 3, 0, 0, 0, 0),
    ("b", "c", 4, 1, 0, 0, 0),  # lazy
    ("c", "b", 2, 0, 0, 0, 0),
    ("c", "os", 1, 0, 0, 0, 1),  # external
    ("d", "c", 1, 0, 1, 0, 0),  # TYPE_CHECKING
]


def test_cycles_at_import_time_ignore_lazy_and_type_checking_imports() -> None:
    graph = module_graph(EDGES, ["a", "b", "c", "d"], import_time_only=True)
    assert import_cycles(graph) == [("a", "b")]
    everything = module_graph(EDGES, ["a", "b", "c", "d"])
    assert import_cycles(everything) == [("a", "b", "c")]


def test_the_index_finds_the_same_import_time_cycles_without_networkx() -> None:
    assert import_time_cycles(EDGES, ["a", "b", "c", "d"]) == [("a", "b")]


def test_cycles_agree_with_networkx_on_random_graphs() -> None:
    rng = random.Random(7)
    for _ in range(200):
        nodes = [f"m{i}" for i in range(rng.randint(1, 30))]
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from(
            (rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(0, 60))
        )
        expected = sorted(
            tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1
        )
        assert cycles_of({n: list(graph.successors(n)) for n in graph.nodes}) == expected


def test_external_modules_only_on_request() -> None:
    assert "os" not in module_graph(EDGES, ["a", "b", "c", "d"])
    assert module_graph(EDGES, ["a", "b", "c", "d"], external=True).nodes["os"]["external"]


def test_focus_keeps_neighbours_within_depth() -> None:
    graph = module_graph(EDGES, ["a", "b", "c", "d"])
    assert sorted(focus(graph, "d", 1).nodes) == ["c", "d"]
    assert sorted(focus(graph, "d", 2).nodes) == ["b", "c", "d"]


def test_exports_are_stable_and_mark_lazy_edges() -> None:
    graph = module_graph(EDGES, ["a", "b", "c", "d"])
    assert to_dot(graph, "modules") == to_dot(
        module_graph(list(reversed(EDGES)), ["d", "c", "b", "a"]), "modules"
    )
    assert '"b" -> "c" [style=dashed];' in to_dot(graph, "modules")
    assert "n1 -.-> n2" in to_mermaid(graph)
