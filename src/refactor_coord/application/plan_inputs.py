"""Gather the planner's inputs from the index (the planner itself never touches the disk)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeGuard

import networkx as nx

from refactor_coord.adapters.filesystem import read_codeowners, read_texts
from refactor_coord.adapters.index_store import FileRow, IndexStore
from refactor_coord.adapters.source_files import read_source_leniently
from refactor_coord.analysis.codeowners import parse_codeowners
from refactor_coord.analysis.comparisons import places_in
from refactor_coord.analysis.graphs import module_graph, pagerank
from refactor_coord.analysis.link import STAR_IMPORT
from refactor_coord.analysis.pytest_collect import CONFIG_FILES, pytest_selection
from refactor_coord.application.doctest_calls import doctest_calls, namespace_conftests
from refactor_coord.application.documentation import (
    Documentation,
    documented_sites,
    read_documentation,
    short_name_reading,
    spellings_of,
)
from refactor_coord.application.facade_surface import (
    facade_surface,
    manifest_files,
    manifest_notes,
)
from refactor_coord.application.loose_calls import LooseCalls, loose_calls, source_roots
from refactor_coord.application.name_mentions import (
    MENTION_REASON,
    TESTED_NAME,
    doctest_texts,
    mentions,
    shown_names,
)
from refactor_coord.application.references import (
    class_above,
    is_class,
    is_method,
    reference_from_row,
    spells_class,
)
from refactor_coord.application.schema_inputs import schema_facts, schema_sites
from refactor_coord.application.starred_calls import stars_bound_alike
from refactor_coord.domain.config import Config
from refactor_coord.domain.facts import CallShape, Reference
from refactor_coord.domain.passed_on import COMPARED_WITH_ITSELF
from refactor_coord.domain.plan import ArgValue, is_deprecation_test
from refactor_coord.domain.specs import (
    ChangeApi,
    ExtractModule,
    Refactor,
    ReplaceDependency,
    SchemaChange,
)
from refactor_coord.domain.subclass_inits import SUBCLASS_FOLLOWS
from refactor_coord.domain.type_positions import CAUGHT, STANDS_AS_TYPE
from refactor_coord.domain.uses import is_surface, through
from refactor_coord.planning.inputs import (
    FileInfo,
    PlanInputs,
    RefactorInputs,
    RefSite,
    SymbolStats,
    ref_site,
)
from refactor_coord.planning.sites import spelled_through
from refactor_coord.rewrite.doctest_imports import PROMPT, imports_any
from refactor_coord.rewrite.pickling import pickled_names


def gather_inputs(
    repo: Path,
    config: Config,
    store: IndexStore,
    config_text: str,
    *,
    earlier: Mapping[str, Mapping[str, ArgValue]] | None = None,
    database_url: str | None = None,
) -> PlanInputs:
    """Everything the planner needs, read from the index (and, for a schema refactoring, from
    the project's SQLAlchemy and Alembic; ``earlier``: by refactoring id, the applied expand
    step's arguments of a schema refactoring; ``database_url``: a database to size tables in).
    """
    rows = [r for r in store.files().values() if r.status == "ok"]
    owners = parse_codeowners(read_codeowners(repo) or "")
    collected = pytest_selection(read_texts(repo, CONFIG_FILES))
    files = {
        r.path: FileInfo(r.path, r.module, collected.collects(r.path), owners.owners_of(r.path))
        for r in rows
    }
    modules = {r.module: r.path for r in rows}
    edges = store.edges()
    imports = tuple(sorted({(a, b) for a, b, _, _, _, _, external in edges if not external}))
    ranks = _module_ranks(modules, imports)
    import_time = module_graph(edges, modules, import_time_only=True)
    exclude = config.campaign.exclude
    docs = doctest_texts(repo, exclude)
    documentation = read_documentation(
        repo,
        exclude,
        {r.path: r.module for r in rows},
        (
            *(
                name.rpartition(".")[2]
                for spec in config.refactors
                if isinstance(spec, ChangeApi | ExtractModule)
                for name in spec.old_names()
            ),
            *(spec.source for spec in config.refactors if isinstance(spec, ExtractModule)),
        ),
    )
    conftests = namespace_conftests(repo, store)
    refactors = tuple(
        _schema_refactor(
            repo, store, spec, files, (config.campaign.name, (earlier or {}).get(spec.id)),
            database_url,
        )
        if isinstance(spec, SchemaChange)
        else replace(
            _refactor(
                store, spec, files, (modules, import_time), ranks,
                (repo, docs, exclude, documentation),
            ),
            conftests=conftests if isinstance(spec, ChangeApi) else (),
        )
        for spec in config.refactors
    )  # fmt: skip
    communities = (
        _communities(rows, store.file_reference_edges())
        if config.campaign.group_by == "community"
        else {}
    )
    digest = hashlib.blake2b(config_text.encode(), digest_size=16)
    for r in sorted(rows, key=lambda r: r.path):
        digest.update(f"{r.path}:{r.hash}\n".encode())
    return PlanInputs(config.campaign, refactors, files, imports, digest.hexdigest(), communities)


def _module_ranks(
    modules: Mapping[str, str], imports: Sequence[tuple[str, str]]
) -> dict[str, float]:
    """PageRank percentile of each module in the import graph (imported modules rank high): the
    share of modules that rank below it, so that ``1 - rank`` is the share at or above it (the
    most central of ``n`` modules is in the top ``1/n``)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(modules)
    graph.add_edges_from(imports)
    if graph.number_of_nodes() == 0:
        return {}
    scores = pagerank(graph)
    ordered = sorted(scores, key=lambda m: (scores[m], m))
    return {m: i / len(ordered) for i, m in enumerate(ordered)}


def _communities(rows: Sequence[FileRow], edges: Sequence[tuple[str, str, int]]) -> dict[str, int]:
    """Louvain communities of the file-level call graph (a file -> the files defining what it
    refers to, weighted by how many references), seeded so that plans are deterministic."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(r.path for r in rows))
    for a, b, weight in edges:
        if a != b:
            previous = graph.edges[a, b]["weight"] if graph.has_edge(a, b) else 0
            graph.add_edge(a, b, weight=previous + weight)
    groups = nx.community.louvain_communities(graph, weight="weight", seed=0)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: g[0])
    return {path: i for i, group in enumerate(ordered) for path in group}


def module_path(module: str, modules: Mapping[str, str], like: str) -> str:
    """The file of ``module``: its own when it exists, else where it would go beside ``like``."""
    if module in modules:
        return modules[module]
    anchor = modules.get(like, "")
    depth = like.count(".") + 1
    anchor_parts = anchor.split("/")
    is_package = anchor.endswith("__init__.py")
    root = anchor_parts[: len(anchor_parts) - depth - (1 if is_package else 0)]
    return "/".join([*root, *module.split(".")]) + ".py"


def _refactor(
    store: IndexStore,
    spec: Refactor,
    files: Mapping[str, FileInfo],
    graph: tuple[Mapping[str, str], nx.DiGraph[str]],
    ranks: Mapping[str, float],
    where: tuple[Path, Mapping[str, str], Sequence[str], Documentation],
) -> RefactorInputs:
    modules, import_time = graph
    repo, docs, exclude, documentation = where
    overrides = _overrides(store, spec.old) if isinstance(spec, ChangeApi) else {}
    method = isinstance(spec, ChangeApi) and is_method(store, spec.old)
    defs = _definition_files(spec, modules, repo)
    defs += () if method else _doctest_files(spec, docs)
    examples = LooseCalls((), ())  # a method's calls in doctests: expand rewrites those proven
    if isinstance(spec, ChangeApi) and method:
        examples = doctest_calls(repo, store, spec.old, overrides, exclude=exclude)
        defs += tuple(sorted({r.path for r in examples.proven} - set(defs)))
    defs += tuple(sorted(set(overrides.values()) - set(defs)))
    cls = spec.old if isinstance(spec, ChangeApi) and is_class(store, spec.old) else None
    refs = [
        reference_from_row(row)
        for name in (*spec.old_names(), *overrides)
        for row in store.references_to(name)
        if cls is None or spells_class(row, cls)
    ]
    # the deprecation test uses the old names on purpose (the contract step removes it); a
    # replace-dependency's facade serves them on purpose, and code that reads them through it
    # is migrated (the index follows the facade to the library)
    served = [r for r in refs if _served(spec, r) and r.path not in defs[:1]]
    refs = [r for r in refs if not is_deprecation_test(r.path, spec.id) and not _served(spec, r)]
    defs += _re_exporters(spec, refs, defs)
    # the expand step rewrites the defining module's own references (the moved code's, the
    # old function's callers beside it): they are not a migrate step's
    # (replace-dependency: the facade's own imports of the old dependency are its backend)
    skip = set(defs) if isinstance(spec, (ExtractModule, ChangeApi)) else {defs[0]}
    moved: list[Reference] = []  # references to the moved names, after the expand step
    if isinstance(spec, ExtractModule):
        moved = [
            reference_from_row(row)
            for name in spec.old_names()
            for row in store.references_to(_new(spec, name))
        ]
        star_brings = bool(_star_brought(store, spec, defs[0]))
        refs += _moved_references(store, spec, moved, star_brings)
        refs += [r for r in moved if not spelled_through(r.written, (spec.target,))]
    sites = tuple(ref_site(r) for r in refs if r.path not in skip and r.path in files)
    catching: tuple[RefSite, ...] = ()
    if _re_signs(spec):
        sites = _as_files_show(repo, sites, spec.old)  # a rename renames every value anyway
        sites, catching = _catching_apart(sites) if cls is not None else (sites, ())
    aliases, served_as = (
        _other_names(store, spec, refs, defs, files) if isinstance(spec, ChangeApi) else ((), ())
    )
    named = (
        _mention_sites(repo, store, spec, skip, sites, aliases)
        if isinstance(spec, ChangeApi)
        else ()
    )
    sites += named
    uncertain: tuple[RefSite, ...] = ()
    in_doctests: tuple[RefSite, ...] = ()
    if isinstance(spec, ChangeApi) and method:
        loose = loose_calls(repo, store, spec.old, overrides)
        sites += tuple(ref_site(r) for r in loose.proven if r.path not in skip and r.path in files)
        uncertain = tuple(ref_site(r) for r in (*loose.uncertain, *examples.uncertain))
        in_doctests = tuple(ref_site(r) for r in examples.proven)
    stars = _star_importers(store, spec, files, skip) if isinstance(spec, ExtractModule) else ()
    brought = (
        _star_brought(store, spec, defs[0])
        if isinstance(spec, ExtractModule) and stars
        else frozenset()
    )
    symbols = tuple(
        _stats(store, name, [*refs, *moved], modules, ranks, _new(spec, name), brought)
        for name in spec.old_names()
    )
    early = (
        _early_importers(spec, refs, files, import_time) if isinstance(spec, ExtractModule) else ()
    )
    own = (
        tuple(ref_site(r) for r in refs if r.path in skip and r.path in files)
        + in_doctests
        + catching
        if isinstance(spec, ChangeApi)
        else ()
    )
    if _re_signs(spec):  # one reading of the definition for both
        both = stars_bound_alike(repo, spec, defs[0], method, (*sites, *own))
        sites, own = both[: len(sites)], both[len(sites) :]
    shown = _shown_sites(repo, store, cls, skip, files) if cls is not None else ()
    owner = _owner(spec) if method else None
    documented = documented_sites(store, documentation, spec, (*served_as, *overrides), owner)
    kept = cls is not None and _made_to_be_pickled(repo, defs[0], cls)
    return RefactorInputs(
        spec,
        _dedupe(sites),
        uncertain,
        symbols,
        defs,
        stars,
        early,
        _dedupe(own),
        aliases,
        any(s.kind == "dynamic" for s in named),
        tuple(overrides),
        shown,
        catching=tuple(sorted({s.path for s in catching})),
        resigned_class=cls is not None and _re_signs(spec),
        kept_for_pickles=kept,
        documented=documented,
        served_as=served_as,
        unique_leaf=isinstance(spec, ChangeApi)
        and short_name_reading(store, spellings_of(spec.old, (*served_as, *overrides)))
        == "certain",
        facade_importers=(
            tuple(sorted({r.path for r in (*served, *refs)} - set(defs)))
            if isinstance(spec, ReplaceDependency) and spec.inline
            else ()
        ),
        manifest_notes=(
            tuple(manifest_notes(repo, spec, defs[1:]).items())
            if isinstance(spec, ReplaceDependency)
            else ()
        ),
        facade_names=(
            tuple(
                n.encoded()
                for n in facade_surface(
                    store, spec, defs[0], lambda path: read_source_leniently(repo / path)
                )
            )
            if isinstance(spec, ReplaceDependency)
            else ()
        ),
    )


def _schema_refactor(
    repo: Path,
    store: IndexStore,
    spec: SchemaChange,
    files: Mapping[str, FileInfo],
    context: tuple[str, Mapping[str, ArgValue] | None],
    database_url: str | None,
) -> RefactorInputs:
    """A schema refactoring's inputs: its database facts, and the attribute's references."""
    campaign, earlier = context
    roots = source_roots(store.files())
    facts = schema_facts(repo, spec, campaign, roots, earlier, database_url)
    model = module_path(facts.column.model_module, {f.module: p for p, f in files.items()}, "")
    sites, uncertain = schema_sites(repo, store, spec, files, (model, facts.migrations.versions))
    return RefactorInputs(spec, sites, uncertain, (), (model,), schema=facts)


def _re_signs(spec: Refactor) -> TypeGuard[ChangeApi]:
    """Whether ``spec`` is a change-api that changes the signature (not the name only)."""
    return isinstance(spec, ChangeApi) and (spec.signature is not None or bool(spec.rename_params))


def _served(spec: Refactor, ref: Reference) -> bool:
    """Whether ``ref`` is a replace-dependency facade's own, or goes through the facade."""
    return isinstance(spec, ReplaceDependency) and (
        through(ref.written, spec.facade) or through(ref.scope, spec.facade)
    )


def _made_to_be_pickled(repo: Path, path: str, cls: str) -> bool:
    """Whether the class ``cls`` (defined in ``path``) is made to be pickled: its rename keeps
    the old name for good (the change-api codemods' rule, :mod:`..rewrite.pickling`)."""
    leaf = cls.rpartition(".")[2]
    return leaf in pickled_names(read_source_leniently(repo / path) or "", frozenset({leaf}))


def _overrides(store: IndexStore, old: str) -> dict[str, str]:
    """change-api on a method: the methods of the repository's subclasses of its class, however
    deep, that override it (qualified name -> the file that defines it)."""
    if not is_method(store, old):
        return {}
    owner, _, leaf = old.rpartition(".")
    found: dict[str, str] = {}
    seen, todo = {owner}, [owner]
    while todo:
        cls = todo.pop()
        for ref in map(reference_from_row, store.references_to(cls)):
            if ref.kind.value != "base" or ref.target != cls:
                continue
            sub = class_above(store.classes_in(ref.path), ref.line)
            if sub is None or sub in seen:
                continue
            seen.add(sub)
            todo.append(sub)
            for row in store.definitions(f"{sub}.{leaf}"):
                found[str(row[0])] = str(row[2])
    return dict(sorted(found.items()))


def _other_names(
    store: IndexStore,
    spec: ChangeApi,
    refs: Sequence[Reference],
    defs: Sequence[str],
    files: Mapping[str, FileInfo],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The old function's other qualified names: where the re-exporters (``defs`` after the
    defining module, to which the expand step adds the new name) make it public, and where a
    module star-imports one of those, however many star imports lie between (``from pkg import
    old`` where ``pkg/__init__.py`` does ``from .api import *`` and ``pkg/api.py`` re-exports
    it): the new name is there too, so migrate can rewrite imports through them. First those
    code imports it through, then all of them (documentation may spell it by any: funcy's
    README uses ``walk``, which ``funcy/__init__.py`` star-imports from ``funcy.colls``)."""
    defining, _, leaf = spec.old.rpartition(".")
    reexporters = {files[p].module for p in defs[1:] if p in files}
    imported_from = {
        r.written.rpartition(".")[0]
        for r in refs
        if r.kind.value == "import" and r.written.rpartition(".")[2] == leaf
    }
    serving, todo = {defining, *reexporters}, [defining, *reexporters]
    while todo:  # the modules that star-import a serving one serve it too
        module = todo.pop()
        stars = map(reference_from_row, store.references_written(module))
        for ref in stars:
            if not _is_star_import_of(ref, module) or ref.path not in files:
                continue
            star_importer = files[ref.path].module
            if star_importer not in serving:
                serving.add(star_importer)
                todo.append(star_importer)
    named = (serving & imported_from) | reexporters
    return (
        tuple(sorted(f"{m}.{leaf}" for m in named - {defining})),
        tuple(sorted(f"{m}.{leaf}" for m in serving - {defining})),
    )


def _as_files_show(repo: Path, sites: tuple[RefSite, ...], old: str) -> tuple[RefSite, ...]:
    """A re-signed function's or class's sites as their files show them (the index keeps no
    word of it, :func:`refactor_coord.analysis.comparisons.places_in`): values compared by
    identity or equality with another use of the same name (``assertIs(pkg.old, old)``:
    renamed together, the comparison keeps its truth); a class's uses only as a type
    (``isinstance(x, Old)``: nothing is built there) or caught (``except Old:``), its
    subclasses that follow it (their own ``__init__`` passing it arguments by
    ``super().__init__``), and a generic class given its type parameters, then built
    (``Cache[int, str](maxsize=2)``: a call of it)."""
    at = {(s.path, s.line, s.col) for s in sites}
    reasons: dict[tuple[str, int, int], str] = {}
    called: dict[tuple[str, int, int], CallShape] = {}
    for path in sorted({s.path for s in sites if s.kind in ("name", "base")}):
        places = places_in(read_source_leniently(repo / path) or "")
        reasons |= {(path, *p): STANDS_AS_TYPE for p in places.typed}
        reasons |= {(path, *p): CAUGHT for p in places.caught}
        reasons |= {(path, *p): SUBCLASS_FOLLOWS for p in places.following}
        for one, other in places.compared:
            if (path, *one) in at and (path, *other) in at:
                reasons |= {
                    (path, *one): COMPARED_WITH_ITSELF,
                    (path, *other): COMPARED_WITH_ITSELF,
                }
        called |= {(path, *p): shape for p, shape in places.subscripted.items()}
    return tuple(
        _judged(s, old, reasons, called) if s.kind in ("name", "base") else s for s in sites
    )


def _judged(
    site: RefSite,
    old: str,
    reasons: Mapping[tuple[str, int, int], str],
    called: Mapping[tuple[str, int, int], CallShape],
) -> RefSite:
    """A site of ``old`` as its file shows it: called through a subscript, read from (``Old.
    handlers[k](...)`` reads an attribute of the class, where the rename is no call), or with
    its reason."""
    place = (site.path, site.line, site.col)
    if site.target == old and place in called:
        return replace(site, kind="call", shape=called[place])
    if site.kind == "name" and site.target.startswith(f"{old}."):
        return replace(site, reason=STANDS_AS_TYPE)
    return replace(site, reason=reasons[place]) if place in reasons else site


def _catching_apart(sites: tuple[RefSite, ...]) -> tuple[tuple[RefSite, ...], tuple[RefSite, ...]]:
    """A re-signed class's sites: those of the migrate steps, and those of the modules that
    catch it (``except Old:``, which Python matches without asking the shim's metaclass),
    which expand migrates whole, so that no call builds the new class before every ``except``
    catches it."""
    catching = {s.path for s in sites if s.reason == CAUGHT}
    return (
        tuple(s for s in sites if s.path not in catching),
        tuple(s for s in sites if s.path in catching),
    )


def _mention_sites(
    repo: Path,
    store: IndexStore,
    spec: ChangeApi,
    skip: set[str],
    sites: Sequence[RefSite],
    aliases: Sequence[str],
) -> tuple[RefSite, ...]:
    """change-api, renaming: the strings that are exactly the old name, where no reference the
    index found stands on the same line (those are listed already), left for review; but one
    that only tests whether the name's module (or a module that re-exports it: ``aliases``)
    has it, ``"old" in dir(mod)``, is renamed with it (a string site)."""
    if spec.new == spec.old:
        return ()
    taken = {(s.path, s.line) for s in sites}
    leaf = spec.old.rpartition(".")[2]
    modules = {spec.old.rpartition(".")[0], *(a.rpartition(".")[0] for a in aliases)}
    found = [m for m in mentions(repo, store, [spec.old], skip) if (m.path, m.line) not in taken]
    places = (  # the module itself, or its ``__all__``/``__dict__``, read there
        {
            (row[2], row[3], row[4])
            for m in modules
            for row in store.references_to(m)
            if row[0] in (m, f"{m}.__all__", f"{m}.__dict__")
        }
        if any(m.namespace for m in found)
        else set()
    )
    return tuple(
        RefSite(m.path, m.line, m.col, "string", spec.old, leaf, "high", TESTED_NAME)
        if m.namespace is not None and (m.path, *m.namespace) in places
        else RefSite(m.path, m.line, m.col, "dynamic", spec.old, leaf, "low", MENTION_REASON)
        for m in found
    )


def _shown_sites(
    repo: Path, store: IndexStore, cls: str, skip: set[str], files: Mapping[str, FileInfo]
) -> tuple[RefSite, ...]:
    """change-api renaming the class ``cls``: the strings outside the definition files that
    show its name as its ``repr`` does (the expand step renames them with it)."""
    leaf = cls.rpartition(".")[2]
    return tuple(
        RefSite(m.path, m.line, m.col, "string", cls, leaf, "high", "")
        for m in shown_names(repo, store, cls, skip)
        if m.path in files
    )


def _early_importers(
    spec: ExtractModule,
    refs: Sequence[Reference],
    files: Mapping[str, FileInfo],
    import_time: nx.DiGraph[str],
) -> tuple[str, ...]:
    """The files that import a moved name from the source when they are imported, while the
    source imports them (directly or not) when it is imported: they run while the source is
    still initializing, before the shim at its end exists."""
    found = set()
    for ref in refs:
        module = files[ref.path].module if ref.path in files else None
        if module is None or ref.kind.value != "import" or ref.scope != module:
            continue
        if (
            module in import_time
            and spec.source in import_time
            and nx.has_path(import_time, spec.source, module)
        ):
            found.add(ref.path)
    return tuple(sorted(found))


def _is_star_import_of(ref: Reference, module: str) -> bool:
    return ref.kind.value == "import" and ref.reason == STAR_IMPORT and ref.written == module


def _star_importers(
    store: IndexStore, spec: ExtractModule, files: Mapping[str, FileInfo], skip: set[str]
) -> tuple[str, ...]:
    """The files that do ``from <source> import *`` (the definition files aside)."""
    refs = map(reference_from_row, store.references_written(spec.source))
    return tuple(
        sorted(
            {
                r.path
                for r in refs
                if _is_star_import_of(r, spec.source) and r.path in files and r.path not in skip
            }
        )
    )


def _star_brought(store: IndexStore, spec: ExtractModule, source_path: str) -> frozenset[str]:
    """Which of the moved names a star import of the source brings: those its ``__all__`` lists,
    or, without one, the public ones. The same before and after the expand step, which gives a
    star-imported source without ``__all__`` one that lists what the star import brought."""
    listed = {
        str(row[1]).rsplit(".", 1)[-1]
        for row in store.references_in([source_path])
        if str(row[5]) == "export"
    }
    leaves = (name.rsplit(".", 1)[1] for name in spec.old_names())
    return frozenset(n for n in leaves if not n.startswith("_") and (not listed or n in listed))


def _moved_references(
    store: IndexStore, spec: ExtractModule, moved: Sequence[Reference], star_brings: bool
) -> list[Reference]:
    """What still goes through the old location once the expand step made the old names lead to
    the target: references spelled through it, and star imports of the source (``from source
    import *`` brings, and may re-export, the moved names: migrated like a use) in files that do
    not import a moved name from the target yet (the migrate step adds that import beside the
    star import, which stays), when the star import brings any moved name (``star_brings``: an
    ``__all__`` may leave them all out, and then the star import has nothing to migrate)."""
    refs = [
        reference_from_row(row)
        for name in spec.old_names()
        for row in store.references_written(name)
    ]
    explicit = {
        r.path
        for r in moved
        if r.kind.value == "import" and spelled_through(r.written, (spec.target,))
    }
    refs += [
        r
        for r in map(reference_from_row, store.references_written(spec.source))
        if star_brings and _is_star_import_of(r, spec.source) and r.path not in explicit
    ]
    return refs


def _new(spec: Refactor, name: str) -> str:
    """Where an old name goes: ``target.leaf`` for an extract-module, else the name itself."""
    return f"{spec.target}.{name.rsplit('.', 1)[1]}" if isinstance(spec, ExtractModule) else name


def _dedupe(sites: Sequence[RefSite]) -> tuple[RefSite, ...]:
    seen: dict[tuple[str, int, int, str], RefSite] = {}
    for site in sites:
        seen.setdefault((site.path, site.line, site.col, site.kind), site)
    return tuple(sorted(seen.values(), key=lambda s: (s.path, s.line, s.col, s.kind)))


def _definition_files(spec: Refactor, modules: Mapping[str, str], repo: Path) -> tuple[str, ...]:
    if isinstance(spec, ExtractModule):
        return (modules[spec.source], module_path(spec.target, modules, spec.source))
    if isinstance(spec, ChangeApi):
        # the module that holds it, never one of its own name (mistune's markdown function
        # beside mistune/markdown.py is mistune's)
        old_module = _owning_module(spec.old.rpartition(".")[0], modules)
        new_container = spec.new.rpartition(".")[0]
        new_module = _owning_module(new_container, modules) or new_container
        paths = [modules[old_module]] if old_module else []
        if new_module != old_module:
            paths.append(module_path(new_module, modules, old_module or next(iter(modules))))
        return tuple(paths)
    assert isinstance(spec, ReplaceDependency)
    anchor = _owning_module(spec.facade, modules) or next(iter(sorted(modules)), "")
    return (module_path(spec.facade, modules, anchor), *manifest_files(repo))


def _re_exporters(
    spec: Refactor, refs: Sequence[Reference], defs: Sequence[str]
) -> tuple[str, ...]:
    """change-api: the modules that make the old function public under their own name (an
    ``__all__`` lists it, or a package's ``__init__`` imports it): the expand step adds the new
    name beside it there and the contract step takes the old one out."""
    if not isinstance(spec, ChangeApi):
        return ()
    paths = {r.path for r in refs if is_surface(r)}
    return tuple(sorted(paths - set(defs)))


def _doctest_files(spec: Refactor, docs: Mapping[str, str]) -> tuple[str, ...]:
    """The documentation files whose doctests use the old names: extract-module's import moved
    names from the source, change-api's name the old function, method or class in an example
    (or, for a class, show it as its ``repr`` does in an expected output). The expand step
    points them at the new names (a doctest is code that runs; after contract the old name
    would fail)."""
    if isinstance(spec, ExtractModule):
        return tuple(
            p for p, text in sorted(docs.items()) if imports_any(text, spec.source, spec.symbols)
        )
    if isinstance(spec, ChangeApi):
        leaf = re.escape(spec.old.rpartition(".")[2])
        used = re.compile(rf"^{PROMPT} .*\b{leaf}\b|(?<!\w){leaf}\(", re.MULTILINE)
        return tuple(p for p, text in sorted(docs.items()) if used.search(text))
    return ()


def _owner(spec: Refactor) -> str | None:
    """A change-api method's class (its last part)."""
    return spec.old.rpartition(".")[0].rpartition(".")[2] if isinstance(spec, ChangeApi) else None


def _owning_module(qname: str, modules: Mapping[str, str]) -> str | None:
    parts = qname.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in modules:
            return ".".join(parts[:i])
    return None


def _stats(
    store: IndexStore,
    name: str,
    refs: Sequence[Reference],
    modules: Mapping[str, str],
    ranks: Mapping[str, float],
    new: str,
    star_brought: frozenset[str] = frozenset(),
) -> SymbolStats:
    """Fan-in, centrality and public exposure of an old name, the same before and after the
    expand step: references that reach it through the shim (the new location, ``new``) count too,
    and a name a star import of its module brings (``star_brought``) is exposed."""
    rows = store.definitions(name) or store.definitions(new)
    kind, path = (str(rows[0][1]), str(rows[0][2])) if rows else ("external", "")
    mine = [
        r for r in refs if any(r.target == n or r.target.startswith(n + ".") for n in (name, new))
    ]
    fan_in = len({r.scope for r in mine if r.kind.value not in ("import", "export")})
    leaf = name.rsplit(".", 1)[-1]
    exported = any(
        r.kind.value == "export" or (r.kind.value == "import" and r.path.endswith("__init__.py"))
        for r in mine
    )
    module = _owning_module(name.rpartition(".")[0], modules) or name
    exported = (
        exported
        or leaf in star_brought
        or (bool(path) and _public_by_convention(store, module, path))
    )
    return SymbolStats(
        name, kind, path, fan_in, ranks.get(module, 0.0), exported and not leaf.startswith("_")
    )


def _public_by_convention(store: IndexStore, module: str, path: str) -> bool:
    """PEP 8: without ``__all__``, the names of a module no part of whose dotted name starts with
    an underscore are its public interface (test modules aside)."""
    if any(part.startswith("_") for part in module.split(".")) or _looks_like_tests(path):
        return False
    return not any(str(row[5]) == "export" for row in store.references_in([path]))


def _looks_like_tests(path: str) -> bool:
    *dirs, name = path.split("/")
    return name.startswith(("test_", "conftest")) or any(
        d in ("tests", "test", "testing") for d in dirs
    )
