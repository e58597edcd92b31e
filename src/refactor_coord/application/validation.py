"""Check the refactorings against the index: names exist, targets do not clash, no import cycle,
no two refactorings that conflict. Every problem is reported at once, with close matches."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.application.facade_surface import facade_surface
from refactor_coord.application.references import overridden
from refactor_coord.domain.specs import (
    ChangeApi,
    ExtractModule,
    Refactor,
    ReplaceDependency,
    SchemaChange,
)
from refactor_coord.domain.surface import clashes

_TOP_LEVEL_KINDS = ("function", "class", "variable")


@dataclass(frozen=True, slots=True)
class RepoView:
    """The slices of the index validation needs."""

    modules: dict[str, str]  #: module -> path
    definitions: dict[str, str]  #: qname -> kind
    import_time: nx.DiGraph[str]  #: first-party import-time module graph
    external: frozenset[str] = (
        frozenset()
    )  #: top-level names of the third-party modules the project imports


def repo_view(store: IndexStore) -> RepoView:
    """Read what validation needs from the index."""
    from refactor_coord.analysis.graphs import module_graph

    rows = [r for r in store.files().values() if r.status == "ok"]
    modules = {r.module: r.path for r in rows}
    edges = store.edges()
    graph = module_graph(edges, modules, import_time_only=True)
    first_party = {m.split(".")[0] for m in modules}
    external = frozenset(str(e[1]).split(".")[0] for e in edges if e[6]) - first_party
    return RepoView(modules, _kinds(store.all_definitions()), graph, external)


def _kinds(definitions: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each qualified name's kind. A package that binds a submodule's name to a function or
    class of its own (mistune's ``def markdown`` beside ``mistune/markdown.py``) gives that
    name the function: ``pkg.name`` reads it, as the resolver has it."""
    kinds: dict[str, str] = {}
    for qname, kind in definitions:
        if kind != "module" or kinds.get(qname, "module") == "module":
            kinds[qname] = kind
    return kinds


def validate(
    specs: Sequence[Refactor],
    view: RepoView,
    store: IndexStore,
    expanded: Collection[str] = frozenset(),
) -> list[str]:
    """Every problem with the refactorings, as 'where: what; what would be valid'
    (``expanded``: the ids of those whose expand step is applied: a change-api's new name
    exists then, and its old one may be an alias)."""
    problems: list[str] = []
    for spec in specs:
        where = f"[[refactor]] {spec.id}"
        if isinstance(spec, ExtractModule):
            problems += _extract(spec, where, view, store)
        elif isinstance(spec, ChangeApi):
            problems += _change_api(spec, where, view, store, spec.id in expanded)
        elif isinstance(spec, SchemaChange):
            problems += _schema(spec, where, view, spec.id in expanded)
        else:
            problems += _replace(spec, where, view, store, spec.id in expanded)
    return problems + _conflicts(specs)


def _schema(spec: SchemaChange, where: str, view: RepoView, started: bool) -> list[str]:
    """The model class must be the repository's, and the attribute defined on it (or the new
    one); once a step is applied (``started``), the attribute may be gone (a drop's contract)."""
    cls = spec.model_class
    if view.definitions.get(cls) != "class":
        classes = [q for q, k in view.definitions.items() if k == "class"]
        return [f"{where} model: no class '{cls}' in the repository{_close(cls, classes)}"]
    if spec.operation == "add-column" and spec.model in view.definitions and not started:
        return [f"{where} model: '{cls}' has an attribute '{spec.attribute}' already"]
    if spec.operation == "add-column":
        return []
    new = f"{cls}.{spec.new_name}"
    if spec.model not in view.definitions and new not in view.definitions and not started:
        members = [q for q in view.definitions if q.rpartition(".")[0] == cls]
        close = _close(spec.model, members)
        return [f"{where} model: '{cls}' has no attribute '{spec.attribute}'{close}"]
    return []


def _close(name: str, candidates: Sequence[str]) -> str:
    """Close matches among names of the same parent (compared by their last part, so that a shared
    ``pkg.mod.`` prefix does not make every sibling look close), else among all names."""
    parent, _, leaf = name.rpartition(".")
    candidates = [c for c in candidates if c != name]  # not the name itself, of another kind
    siblings = {c.rpartition(".")[2]: c for c in candidates if c.rpartition(".")[0] == parent}
    matches = [
        siblings[m] for m in difflib.get_close_matches(leaf, sorted(siblings), n=3, cutoff=0.6)
    ]
    if not matches:
        matches = difflib.get_close_matches(name, sorted(candidates), n=3, cutoff=0.8)
    return f"; did you mean {', '.join(matches)}?" if matches else ""


def _members(view: RepoView, module: str) -> list[str]:
    prefix = module + "."
    return [
        q
        for q, k in view.definitions.items()
        if q.startswith(prefix) and "." not in q[len(prefix) :] and k in _TOP_LEVEL_KINDS
    ]


def _extract(spec: ExtractModule, where: str, view: RepoView, store: IndexStore) -> list[str]:
    problems: list[str] = []
    if spec.source not in view.modules:
        return [
            (
                f"{where} source: no module '{spec.source}' in the repository"
                f"{_close(spec.source, list(view.modules))}"
            )
        ]
    if spec.target == spec.source:
        problems.append(f"{where} target: is the same module as source")
    problems += _new_module(spec.target, f"{where} target", view)
    existing = set(_members(view, spec.source))
    in_target = (
        {q.rsplit(".", 1)[1] for q in _members(view, spec.target)}
        if spec.target in view.modules
        else set()
    )
    # a symbol the target defines and the source does not has moved already (the expand step
    # was applied)
    moved = {s for s in spec.symbols if s in in_target and f"{spec.source}.{s}" not in existing}
    for symbol in spec.symbols:
        if f"{spec.source}.{symbol}" not in existing and symbol not in moved:
            close = _close(f"{spec.source}.{symbol}", sorted(existing))
            problems.append(
                f"{where} symbols: '{symbol}' is not defined at the top of {spec.source}{close}"
            )
    if spec.target in view.modules:
        clash = sorted((set(spec.symbols) - moved) & in_target)
        for name in clash:
            problems.append(
                f"{where} target: {spec.target} already defines '{name}'; "
                "rename one of them first or choose another target"
            )
    return problems + _cycle(spec, where, view, store)


def _new_module(module: str, where: str, view: RepoView) -> list[str]:
    """A module to create (or extend) must not shadow another module or replace a name."""
    if module in view.modules:
        return []
    top = module.split(".")[0]
    if top not in {m.split(".")[0] for m in view.modules}:
        if top in sys.stdlib_module_names:
            return [f"{where}: '{module}' would shadow the standard library module '{top}'"]
        if top in view.external:
            return [
                (
                    f"{where}: '{module}' would shadow the third-party package '{top}', which the "
                    "project imports; choose a module inside the project's packages"
                )
            ]
        return []
    parent, _, leaf = module.rpartition(".")
    path = view.modules.get(parent)
    if path is not None and not path.endswith("__init__.py"):
        return [
            f"{where}: '{module}' cannot be created: {parent} is a module ({path}), not a package"
        ]
    if f"{parent}.{leaf}" in view.definitions:
        return [
            (
                f"{where}: '{module}' would clash with the name '{leaf}' that {parent} already "
                "defines (importing the new module replaces it); choose another name"
            )
        ]
    return []


def _cycle(spec: ExtractModule, where: str, view: RepoView, store: IndexStore) -> list[str]:
    """An existing target module that already imports the source at import time, while the
    source uses moved names at import time (so it would import the target at its top): an
    import cycle. (Whether the moved code and the code staying behind need each other when
    imported is the expand codemod's to say: planning runs it in memory.)"""
    path = view.modules.get(spec.source)
    reaches = (
        spec.target in view.import_time
        and spec.source in view.import_time
        and nx.has_path(view.import_time, spec.target, spec.source)
    )
    if path is None or not reaches:
        return []
    moved = {f"{spec.source}.{s}" for s in spec.symbols}
    for target, _, _, _, _, kind, _, _, scope, _ in store.references_in([path]):
        refers_moved = any(str(target) == m or str(target).startswith(m + ".") for m in moved)
        if refers_moved and scope == spec.source and kind not in ("export", "import"):
            why = (
                f"{spec.target} already imports {spec.source}, and {spec.source} itself uses "
                "moved names at import time"
            )
            fix = "move the code that uses them too, or choose another target"
            return [f"{where}: the move would create an import cycle: {why}; {fix}"]
    return []


def _change_api(
    spec: ChangeApi, where: str, view: RepoView, store: IndexStore, expanded: bool
) -> list[str]:
    """``expanded``: its expand step is applied, so its new name exists, and its old one may be
    an alias (a class's) rather than a definition."""
    problems: list[str] = []
    kind = view.definitions.get(spec.old)
    if not expanded and kind not in ("function", "method", "class"):
        what = (
            f"is a {kind}, not a function, method or class"
            if kind
            else "is not defined in the repository"
        )
        problems.append(
            f"{where} old: '{spec.old}' {what}{_close(spec.old, list(view.definitions))}"
        )
    if not expanded and kind == "method":
        problems += [
            f"{where} old: '{spec.old}' overrides {base}: renamed or re-signed alone, calls "
            f"through {base.rpartition('.')[0]} would no longer reach it (and once contract "
            f"removes the old name, the class inherits the base's); change {base} instead, "
            "whose overrides follow it"
            for base in overridden(store, spec.old)
        ]
    if not expanded and spec.new != spec.old and spec.new in view.definitions:
        problems.append(f"{where} new: '{spec.new}' already exists; choose a free name")
    new_module = spec.new.rsplit(".", 1)[0]
    if kind == "method" and new_module != spec.old.rsplit(".", 1)[0]:
        problems.append(
            f"{where} new: a method can be renamed within its class only "
            f"(expected {spec.old.rsplit('.', 1)[0]}.<name>)"
        )
    return problems


def _replace(
    spec: ReplaceDependency, where: str, view: RepoView, store: IndexStore, expanded: bool
) -> list[str]:
    """(``expanded``: the expand step is applied: the facade exists, and after contract nothing
    imports the old dependency.)"""
    problems: list[str] = []
    if expanded:
        pass
    elif not store.references_to(spec.old):
        problems.append(f"{where} old: nothing in the repository imports '{spec.old}'")
    elif spec.facade in view.modules:
        problems.append(
            f"{where} facade: module '{spec.facade}' already exists; the facade must be new"
        )
    else:
        problems += _new_module(spec.facade, f"{where} facade", view)
        for leaf, olds in clashes(facade_surface(store, spec, "")).items():
            problems.append(
                f"{where}: {' and '.join(olds)} would both be the facade's '{leaf}', which "
                "refcoord cannot do yet: change the uses of one of them by hand first"
            )
    if (
        spec.new
        and spec.new.split(".")[0] in {m.split(".")[0] for m in view.modules}
        and spec.new not in view.modules
    ):
        problems.append(
            f"{where} new: '{spec.new}' looks first-party but is not a module of the repository"
            f"{_close(spec.new, list(view.modules))}"
        )
    return problems


def _conflicts(specs: Sequence[Refactor]) -> list[str]:
    problems: list[str] = []
    for i, a in enumerate(specs):
        for b in specs[i + 1 :]:
            clash = _overlap(a, b)
            if clash:
                problems.append(f"[[refactor]] {a.id} and {b.id} conflict: both change {clash}")
    return problems


def _overlap(a: Refactor, b: Refactor) -> str:
    if {type(a), type(b)} == {ChangeApi, ExtractModule}:
        return ""  # the change follows the move (see planning.planner.refactor_dependencies)
    for x in a.old_names():
        for y in b.old_names():
            if x == y or x.startswith(y + ".") or y.startswith(x + "."):
                return x
    facades = {s.facade for s in (a, b) if isinstance(s, ReplaceDependency)}
    targets = {s.target for s in (a, b) if isinstance(s, ExtractModule)}
    both = facades & targets
    return f"module {next(iter(both))}" if both else ""
