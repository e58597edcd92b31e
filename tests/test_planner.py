"""The planner on hand-built facts: no disk, no git, no index.

``make_plan(PlanInputs, previous, applied)`` is pure, so each test builds the facts it needs:
files (path, module, is_test, owners), first-party imports, and each refactoring's references.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import networkx as nx
import pytest

from refactor_coord.domain.config import Campaign
from refactor_coord.domain.facts import CallShape
from refactor_coord.domain.plan import PHASES, Plan, Site, Step
from refactor_coord.domain.specs import (
    ChangeApi,
    ExtractModule,
    Refactor,
    ReplaceDependency,
    SchemaChange,
)
from refactor_coord.planning.batching import make_batches
from refactor_coord.planning.inputs import (
    FileInfo,
    PlanInputs,
    RefactorInputs,
    RefSite,
    SymbolStats,
)
from refactor_coord.planning.planner import make_plan
from refactor_coord.planning.sites import classify

# -- builders ----------------------------------------------------------------------------------

EXTRACT = ExtractModule("move-text", "app.utils", "app.text", ("slug",))
RENAME = ChangeApi("fetch-to-get", "app.client.fetch", "app.client.get", None, ())
RESHAPE = ChangeApi(
    "fetch-to-get",
    "app.client.fetch",
    "app.client.get",
    "(url, *, timeout_s=5.0)",
    (("timeout", "timeout_s"),),
)
REPLACE = ReplaceDependency(
    "json-facade", "json", "simplejson", "app.serialization", "APP_JSON", None, ()
)


def module_of(path: str) -> str:
    """``src/app/a/b.py`` -> ``app.a.b``; ``tests/test_x.py`` -> ``tests.test_x``."""
    parts = path.removeprefix("src/").removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def finfo(path: str, owners: tuple[str, ...] = ()) -> FileInfo:
    name = path.rsplit("/", 1)[-1]
    return FileInfo(
        path, module_of(path), name.startswith("test_") or name == "conftest.py", owners
    )


def ref(
    path: str,
    line: int = 1,
    target: str = "app.utils.slug",
    kind: str = "call",
    written: str | None = None,
    confidence: str = "high",
    reason: str = "",
    shape: CallShape | None = None,
    col: int = 1,
) -> RefSite:
    return RefSite(
        path,
        line,
        col,
        kind,
        target,
        written if written is not None else target,
        confidence,
        reason,
        shape,
    )


def refs_in(
    paths: Iterable[str], per_file: int = 1, target: str = "app.utils.slug"
) -> tuple[RefSite, ...]:
    return tuple(ref(p, line, target) for p in paths for line in range(1, per_file + 1))


def definition_files(spec: Refactor) -> tuple[str, ...]:
    if isinstance(spec, ExtractModule):
        return (
            f"src/{spec.source.replace('.', '/')}.py",
            f"src/{spec.target.replace('.', '/')}.py",
        )
    if isinstance(spec, ChangeApi):
        return (f"src/{spec.old.rsplit('.', 1)[0].replace('.', '/')}.py",)
    assert isinstance(spec, ReplaceDependency)
    return (f"src/{spec.facade.replace('.', '/')}.py",)


def rinputs(
    spec: Refactor,
    sites: Sequence[RefSite],
    uncertain: Sequence[RefSite] = (),
    public: bool = False,
    fan_in: int = 3,
    rank: float = 0.2,
) -> RefactorInputs:
    symbols = tuple(
        SymbolStats(n, "function", definition_files(spec)[0], fan_in, rank, public)
        for n in spec.old_names()
    )
    return RefactorInputs(spec, tuple(sites), tuple(uncertain), symbols, definition_files(spec))


def plan_inputs(
    refactors: Sequence[RefactorInputs],
    files: Iterable[FileInfo | str] = (),
    imports: Iterable[tuple[str, str]] = (),
    communities: dict[str, int] | None = None,
    **campaign: Any,
) -> PlanInputs:
    infos = [f if isinstance(f, FileInfo) else finfo(f) for f in files]
    known = {f.path for f in infos}
    for r in refactors:  # every file a site or a definition is in is a file of the repository
        for path in [*(s.path for s in (*r.sites, *r.uncertain)), *r.definition_files]:
            if path not in known:
                infos.append(finfo(path))
                known.add(path)
    c = replace(Campaign(name="demo"), **campaign)
    return PlanInputs(
        c,
        tuple(refactors),
        {f.path: f for f in infos},
        tuple(sorted(set(imports))),
        "fp",
        communities or {},
    )


def plan_of(
    *refactors: RefactorInputs,
    files: Iterable[FileInfo | str] = (),
    imports: Iterable[tuple[str, str]] = (),
    **campaign: Any,
) -> Plan:
    plan, changes = make_plan(plan_inputs(refactors, files, imports, **campaign))
    assert changes == []
    return plan


def phases(plan: Plan, refactor: str | None = None) -> list[str]:
    return [s.phase for s in plan.steps if refactor is None or s.refactor == refactor]


def migrates(plan: Plan, refactor: str | None = None) -> list[Step]:
    return [
        s
        for s in plan.steps
        if s.phase == "migrate" and (refactor is None or s.refactor == refactor)
    ]


def step_of(plan: Plan, path: str, refactor: str | None = None) -> Step:
    found = [s for s in migrates(plan, refactor) if path in s.files]
    assert len(found) == 1, f"{path} is in {len(found)} migrate steps"
    return found[0]


def assert_well_formed(plan: Plan) -> None:
    """Numbers 1..N, dependencies point backwards, parallel sets symmetric and unrelated."""
    numbers = [s.number for s in plan.steps]
    assert numbers == list(range(1, len(plan.steps) + 1))
    dag: nx.DiGraph[int] = nx.DiGraph()
    dag.add_nodes_from(numbers)
    for s in plan.steps:
        assert all(d < s.number for d in s.depends_on), (s.number, s.depends_on)
        dag.add_edges_from((d, s.number) for d in s.depends_on)
    assert nx.is_directed_acyclic_graph(dag)
    for s in plan.steps:
        related = nx.ancestors(dag, s.number) | nx.descendants(dag, s.number)
        assert set(s.parallel_with) == set(numbers) - related - {s.number}
        for p in s.parallel_with:
            other = plan.step(p)
            assert other is not None and s.number in other.parallel_with
    assert len({s.key for s in plan.steps}) == len(plan.steps)


PKG_FILES = [f"src/app/pkg{p}/mod{i}.py" for p in "ab" for i in range(4)]


# -- phases ------------------------------------------------------------------------------------


def test_extract_module_phases() -> None:
    plan = plan_of(rinputs(EXTRACT, refs_in(PKG_FILES)))
    got = phases(plan)
    assert got[0] == "expand" and got[-2:] == ["deprecate", "contract"]
    assert set(got[1:-2]) == {"migrate"} and len(got) > 3
    assert plan.steps[0].files == ("src/app/utils.py", "src/app/text.py")
    assert plan.steps[0].codemod.id == "extract-module.expand"
    assert_well_formed(plan)


def test_change_api_phases() -> None:
    plan = plan_of(rinputs(RENAME, refs_in(PKG_FILES, target=RENAME.old)))
    got = phases(plan)
    assert (
        got[0] == "expand"
        and got[-2:] == ["deprecate", "contract"]
        and set(got[1:-2]) == {"migrate"}
    )
    assert plan.steps[0].title == "Add app.client.get; app.client.fetch forwards to it"
    assert_well_formed(plan)


def test_replace_dependency_phases_flip_instead_of_deprecate() -> None:
    plan = plan_of(rinputs(REPLACE, refs_in(PKG_FILES, target="json")))
    got = phases(plan)
    assert (
        got[0] == "expand" and got[-2:] == ["flip", "contract"] and set(got[1:-2]) == {"migrate"}
    )
    assert "deprecate" not in got
    flip = plan.steps[-2]
    assert "APP_JSON=new" in flip.title
    assert flip.rollback.how.startswith("set APP_JSON=old")
    assert_well_formed(plan)


def test_warn_at_expand_has_no_deprecate_step() -> None:
    for spec, target in ((EXTRACT, "app.utils.slug"), (RENAME, RENAME.old)):
        plan = plan_of(rinputs(spec, refs_in(PKG_FILES, target=target)), warn="at-expand")
        got = phases(plan)
        assert "deprecate" not in got and got[0] == "expand" and got[-1] == "contract"
        assert "warns from now on" in plan.steps[0].title
        assert plan.warn == "at-expand"
        contract = plan.steps[-1]
        assert set(contract.depends_on) == {s.number for s in migrates(plan)}


def test_expand_is_told_when_a_module_star_imports_the_source() -> None:
    """Only then does expand give a source without ``__all__`` one (what the star import
    brought)."""
    star = "src/app/__init__.py"
    sites = [
        ref(
            star,
            1,
            kind="import",
            target="app.utils",
            written="app.utils",
            reason="star import: brings every public name",
        ),
        *refs_in(PKG_FILES),
    ]
    starred = plan_of(replace(rinputs(EXTRACT, sites), star_importers=(star,)))
    plain = plan_of(rinputs(EXTRACT, sites))
    expand = starred.steps[0]
    assert expand.phase == "expand" and expand.codemod.args[-1] == ("star_imported", True)
    assert "star_imported" not in dict(plain.steps[0].codemod.args)
    for plan in (starred, plain):  # only the expand step gets it
        assert all("star_imported" not in dict(s.codemod.args) for s in plan.steps[1:])
    for spec in (RENAME, REPLACE):  # extract-module only
        other = plan_of(replace(rinputs(spec, ()), star_importers=(star,)))
        assert "star_imported" not in dict(other.steps[0].codemod.args)


def test_no_references_left_still_plans_expand_deprecate_contract() -> None:
    plan = plan_of(rinputs(EXTRACT, ()))
    assert phases(plan) == ["expand", "deprecate", "contract"]
    assert [s.depends_on for s in plan.steps] == [(), (1,), (2,)]


# -- batching bounds ---------------------------------------------------------------------------


def test_max_files_per_step_is_respected() -> None:
    files = [f"src/app/pkg/m{i:02d}.py" for i in range(11)]
    plan = plan_of(rinputs(EXTRACT, refs_in(files)), max_files_per_step=3)
    steps = migrates(plan)
    assert [len(s.files) for s in steps] == [3, 3, 3, 2]
    assert all(not s.notes for s in steps)


def test_max_sites_per_step_is_respected() -> None:
    files = [f"src/app/pkg/m{i}.py" for i in range(6)]
    plan = plan_of(rinputs(EXTRACT, refs_in(files, per_file=5)), max_sites_per_step=12)
    steps = migrates(plan)
    assert all(s.rewritten <= 12 for s in steps)
    assert [s.rewritten for s in steps] == [10, 10, 10]


def test_review_and_keep_sites_do_not_count_against_the_site_bound() -> None:
    sites = [ref("src/app/pkg/a.py", i, kind="dynamic") for i in range(1, 30)]
    sites += [ref("src/app/pkg/b.py", 1)]
    plan = plan_of(rinputs(EXTRACT, sites), max_sites_per_step=2)
    (step,) = migrates(plan)
    assert step.files == ("src/app/pkg/a.py", "src/app/pkg/b.py")
    assert (step.rewritten, len(step.review)) == (1, 29)


def test_a_file_over_max_sites_is_its_own_step_with_a_note() -> None:
    sites = refs_in(["src/app/pkg/big.py"], per_file=9) + refs_in(
        ["src/app/pkg/a.py", "src/app/pkg/z.py"]
    )
    plan = plan_of(rinputs(EXTRACT, sites), max_sites_per_step=5)
    big = step_of(plan, "src/app/pkg/big.py")
    assert big.files == ("src/app/pkg/big.py",)
    assert big.rewritten == 9
    assert len(big.notes) == 1 and "one file cannot be split" in big.notes[0]
    assert "max_sites_per_step = 5" in big.notes[0]
    assert all(not s.notes for s in migrates(plan) if s is not big)
    assert all(s.rewritten <= 5 for s in migrates(plan) if s is not big)


def test_files_in_an_import_cycle_stay_in_one_step() -> None:
    files = ["src/app/pkg/a.py", "src/app/pkg/b.py", "src/app/pkg/c.py", "src/app/pkg/d.py"]
    imports = [("app.pkg.a", "app.pkg.b"), ("app.pkg.b", "app.pkg.c"), ("app.pkg.c", "app.pkg.a")]
    plan = plan_of(rinputs(EXTRACT, refs_in(files)), imports=imports, max_files_per_step=1)
    cycle = step_of(plan, "src/app/pkg/a.py")
    assert set(cycle.files) == {"src/app/pkg/a.py", "src/app/pkg/b.py", "src/app/pkg/c.py"}
    assert any("import each other" in n for n in cycle.notes)
    assert step_of(plan, "src/app/pkg/d.py").files == ("src/app/pkg/d.py",)


def test_an_import_cycle_across_packages_stays_in_one_step() -> None:
    files = ["src/app/one/a.py", "src/app/two/b.py"]
    imports = [("app.one.a", "app.two.b"), ("app.two.b", "app.one.a")]
    plan = plan_of(rinputs(EXTRACT, refs_in(files)), imports=imports)
    assert step_of(plan, "src/app/one/a.py") is step_of(plan, "src/app/two/b.py")


# -- order -------------------------------------------------------------------------------------


def test_leaf_first_a_module_imported_by_another_migrated_module_goes_earlier() -> None:
    # app.top imports app.mid imports app.leaf; names chosen so alphabetical order is the reverse
    files = ["src/app/a_top.py", "src/app/m_mid.py", "src/app/z_leaf.py", "src/app/other/x.py"]
    imports = [
        ("app.a_top", "app.m_mid"),
        ("app.m_mid", "app.z_leaf"),
        ("app.other.x", "app.a_top"),
    ]
    plan = plan_of(rinputs(EXTRACT, refs_in(files)), imports=imports, max_files_per_step=1)
    n = {f: step_of(plan, f).number for f in files}
    assert (
        n["src/app/z_leaf.py"]
        < n["src/app/m_mid.py"]
        < n["src/app/a_top.py"]
        < n["src/app/other/x.py"]
    )
    mid = step_of(plan, "src/app/m_mid.py")
    assert "leaf-first" in mid.why
    assert f"Its modules import those migrated in step {n['src/app/z_leaf.py']}." in mid.why
    assert f"Modules migrated in step {n['src/app/a_top.py']} import its modules." in mid.why
    assert mid.why.endswith("After step 1: it builds on the expand step.")


def test_leaf_first_within_one_batch_orders_files() -> None:
    files = ["src/app/pkg/a.py", "src/app/pkg/z.py"]
    plan = plan_of(rinputs(EXTRACT, refs_in(files)), imports=[("app.pkg.a", "app.pkg.z")])
    (step,) = migrates(plan)
    assert step.files == ("src/app/pkg/z.py", "src/app/pkg/a.py")


# -- grouping ----------------------------------------------------------------------------------


def test_group_by_package_never_mixes_packages() -> None:
    plan = plan_of(rinputs(EXTRACT, refs_in(PKG_FILES)), max_files_per_step=10)
    steps = migrates(plan)
    assert len(steps) == 2
    for s in steps:
        assert len({f.rsplit("/", 1)[0] for f in s.files}) == 1
    assert {s.title for s in steps} == {
        "Migrate app.pkga to app.text (4 files)",
        "Migrate app.pkgb to app.text (4 files)",
    }


def test_group_by_owner_follows_codeowners() -> None:
    owners = {
        "src/app/pkga/mod0.py": ("@alice",),
        "src/app/pkgb/mod0.py": ("@alice",),
        "src/app/pkga/mod1.py": ("@bob", "@alice"),
        "src/app/pkgb/mod1.py": ("@bob",),
    }
    infos = [finfo(p, owners.get(p, ())) for p in PKG_FILES]
    plan = plan_of(rinputs(EXTRACT, refs_in(PKG_FILES)), files=infos, group_by="owner")
    groups = {s.files: s.title for s in migrates(plan)}
    assert set(groups) == {
        ("src/app/pkga/mod0.py", "src/app/pkgb/mod0.py"),
        ("src/app/pkga/mod1.py", "src/app/pkgb/mod1.py"),
        (
            "src/app/pkga/mod2.py",
            "src/app/pkga/mod3.py",
            "src/app/pkgb/mod2.py",
            "src/app/pkgb/mod3.py",
        ),
    }
    assert groups[("src/app/pkga/mod0.py", "src/app/pkgb/mod0.py")].startswith("Migrate @alice ")
    assert any(t.startswith("Migrate (no owner) ") for t in groups.values())


def test_group_by_community_uses_the_clusters() -> None:
    communities = {p: i % 2 for i, p in enumerate(PKG_FILES)}
    inputs = plan_inputs(
        [rinputs(EXTRACT, refs_in(PKG_FILES))], communities=communities, group_by="community"
    )
    plan, _ = make_plan(inputs)
    for s in migrates(plan):
        assert len({communities[f] for f in s.files}) == 1
        assert s.title.startswith("Migrate community ")
    assert len(migrates(plan)) == 2


# -- coverage ----------------------------------------------------------------------------------


def test_every_site_is_covered_by_exactly_one_step() -> None:
    files = [f"src/app/p{p}/m{i}.py" for p in range(3) for i in range(7)]
    sites = [
        ref(f, line, kind=k)
        for f in files
        for line, k in ((1, "import"), (5, "call"), (9, "dynamic"))
    ]
    sites += [
        ref(files[0], 20, kind="assign"),
        ref(files[3], 30, confidence="low", reason="star import"),
    ]
    r = rinputs(EXTRACT, sites)
    plan = plan_of(r, max_files_per_step=2, max_sites_per_step=3)
    covered = Counter(s for step in plan.steps for s in step.sites)
    assert all(v == 1 for v in covered.values())
    assert set(covered) == set(classify(r))
    assert len(covered) == len(sites)
    for step in migrates(plan):
        assert {s.path for s in step.sites} <= set(step.files)
    assert {f for s in migrates(plan) for f in s.files} == set(files)
    assert sum(s.references for s in plan.refactors) == len(sites)
    assert_well_formed(plan)


# -- review sites ------------------------------------------------------------------------------


def _actions(plan: Plan) -> dict[tuple[str, int], tuple[str, str]]:
    return {(s.path, s.line): (s.action, s.reason) for st in plan.steps for s in st.sites}


def test_low_confidence_dynamic_and_assign_sites_are_left_for_review() -> None:
    f = "src/app/pkg/a.py"
    sites = [
        ref(f, 1, kind="import"),
        ref(f, 2),
        ref(f, 3, confidence="low", reason="through a star import"),
        ref(f, 4, kind="dynamic"),
        ref(f, 5, kind="assign"),
        ref(f, 6, kind="attribute", target="app.utils.slug", written="app.utils"),
    ]
    got = _actions(plan_of(rinputs(EXTRACT, sites)))
    assert got[(f, 1)] == ("rewrite", "")
    # the use of the name the import binds reads the same afterwards: only the import changes
    assert got[(f, 2)] == ("keep", "uses the name its import binds: only that import changes")
    assert got[(f, 3)] == ("review", "through a star import")
    assert got[(f, 4)][0] == "review" and "dynamically" in got[(f, 4)][1]
    assert got[(f, 5)][0] == "review" and "assigns or patches" in got[(f, 5)][1]
    assert got[(f, 6)][0] == "keep"


def test_change_api_with_a_signature_reviews_star_calls_and_callbacks() -> None:
    f = "src/app/pkg/a.py"
    sites = [
        ref(f, 1, target=RESHAPE.old, shape=CallShape(1, ("timeout",), False, False)),
        ref(f, 2, target=RESHAPE.old, shape=CallShape(0, (), True, False)),
        ref(f, 3, target=RESHAPE.old, shape=CallShape(1, (), False, True)),
        ref(f, 4, target=RESHAPE.old, kind="name"),
        ref(f, 5, target=RESHAPE.old, kind="import"),
    ]
    plan = plan_of(rinputs(RESHAPE, sites))
    got = _actions(plan)
    assert got[(f, 1)] == ("rewrite", "")
    assert got[(f, 2)][0] == "review" and "*args or **kwargs" in got[(f, 2)][1]
    assert got[(f, 3)][0] == "review" and "*args or **kwargs" in got[(f, 3)][1]
    assert got[(f, 4)][0] == "review" and "passed around as a value" in got[(f, 4)][1]
    # the file keeps uses of the old name, so its import of it stays (the new name joins it)
    assert got[(f, 5)][0] == "review" and "keeps uses of the old name" in got[(f, 5)][1]
    (step,) = migrates(plan)
    assert "4 site(s) left for manual review" in step.risk.risk.reasons
    # a pure rename rewrites all of them
    renamed = _actions(plan_of(rinputs(RENAME, sites)))
    assert {a for a, _ in renamed.values()} == {"rewrite"}


def test_method_calls_on_receivers_of_unknown_type_are_reviewed() -> None:
    spec = ChangeApi("rename-meth", "app.client.Client.fetch", "app.client.Client.get", None, ())
    sure = ref("src/app/pkg/a.py", 3, target=spec.old, written="app.client.Client.fetch")
    loose = ref(
        "src/app/pkg/b.py",
        7,
        kind="call",
        target=spec.old,
        written="session.fetch",
        confidence="low",
        reason="receiver of unknown type",
    )
    plan = plan_of(rinputs(spec, [sure], uncertain=[loose]))
    got = _actions(plan)
    assert got[("src/app/pkg/a.py", 3)] == ("rewrite", "")
    action, reason = got[("src/app/pkg/b.py", 7)]
    assert action == "review" and "'.fetch' on a receiver of unknown type" in reason
    # uncertain receivers only matter for change-api
    assert all(
        s.action == "rewrite"
        for s in classify(rinputs(EXTRACT, [ref("src/app/x.py")], uncertain=[loose]))
    )


# -- across refactorings -----------------------------------------------------------------------


def test_steps_of_two_refactorings_touching_one_file_are_ordered() -> None:
    shared = "src/app/pkg/shared.py"
    other = "src/app/other/only.py"
    plan = plan_of(
        rinputs(EXTRACT, refs_in([shared, other])),
        rinputs(REPLACE, refs_in([shared], target="json")),
    )
    first = step_of(plan, shared, EXTRACT.id)
    second = step_of(plan, shared, REPLACE.id)
    assert first.number in second.depends_on
    assert f"it changes {shared} too" in second.why
    assert step_of(plan, other, EXTRACT.id).number in second.parallel_with
    assert_well_formed(plan)


def test_change_api_on_a_moved_symbol_follows_the_move() -> None:
    rename = ChangeApi("slug-to-slugify", "app.utils.slug", "app.utils.slugify", None, ())
    plan = plan_of(
        rinputs(rename, refs_in(["src/app/pkg/a.py"])),
        rinputs(EXTRACT, refs_in(["src/app/pkg/b.py"])),
    )
    assert [s.refactor for s in plan.steps[:4]] == [EXTRACT.id] * 4  # the move is planned first
    contract = next(s for s in plan.steps if s.refactor == EXTRACT.id and s.phase == "contract")
    expand = next(s for s in plan.steps if s.refactor == rename.id and s.phase == "expand")
    assert contract.number in expand.depends_on
    assert f"follows {EXTRACT.id}" in expand.why
    assert [r.id for r in plan.refactors] == [rename.id, EXTRACT.id]  # summaries keep config order
    assert_well_formed(plan)


# -- numbering ---------------------------------------------------------------------------------


def _big_inputs(**campaign: Any) -> PlanInputs:
    files_a = [f"src/app/p{p}/m{i}.py" for p in range(3) for i in range(4)]
    imports = [(module_of(a), module_of(b)) for a, b in itertools.pairwise(files_a)]
    return plan_inputs(
        [
            rinputs(EXTRACT, refs_in(files_a, per_file=2)),
            rinputs(RESHAPE, refs_in(files_a[::2], target=RESHAPE.old)),
            rinputs(REPLACE, refs_in(files_a[1::3], target="json")),
        ],
        imports=imports,
        max_files_per_step=2,
        **campaign,
    )


def test_numbering_is_topological_with_stable_tie_breaks() -> None:
    plan, _ = make_plan(_big_inputs())
    assert_well_formed(plan)
    # ties break by refactoring (config order), then phase, then leaf-first rank
    assert [s.key for s in plan.steps[:1]] == [f"{EXTRACT.id}:expand"]
    expands = [s.number for s in plan.steps if s.phase == "expand"]
    assert expands == sorted(expands) and [plan.steps[n - 1].refactor for n in expands] == [
        EXTRACT.id,
        RESHAPE.id,
        REPLACE.id,
    ]
    order = list(PHASES)
    for rid in (EXTRACT.id, RESHAPE.id, REPLACE.id):
        mine = [order.index(s.phase) for s in plan.steps if s.refactor == rid]
        assert mine == sorted(mine)
    # the first refactoring's migrate steps come leaf-first and before the next refactoring's
    first = [s for s in migrates(plan, EXTRACT.id)]
    assert first[0].number == 2 and [s.number for s in first] == list(range(2, 2 + len(first)))


def test_the_plan_does_not_depend_on_input_order() -> None:
    inputs = _big_inputs()
    shuffled = replace(
        inputs,
        refactors=tuple(replace(r, sites=tuple(reversed(r.sites))) for r in inputs.refactors),
        files=dict(reversed(list(inputs.files.items()))),
        module_imports=tuple(reversed(inputs.module_imports)),
    )
    assert make_plan(inputs)[0] == make_plan(shuffled)[0] == make_plan(inputs)[0]


def test_parallel_with_is_symmetric_and_excludes_ancestors_and_descendants() -> None:
    plan, _ = make_plan(_big_inputs())
    assert_well_formed(plan)
    assert any(s.parallel_with for s in plan.steps)
    expand = plan.steps[0]
    assert not set(expand.parallel_with) & {
        s.number for s in plan.steps if s.refactor == EXTRACT.id
    }


# -- files with nothing to change --------------------------------------------------------------


def _title_count(step: Step) -> int:
    return int(step.title.rsplit("(", 1)[1].split()[0])


def test_files_whose_sites_are_all_kept_are_in_no_migrate_step() -> None:
    init, star, user, attr, both = (
        "src/app/__init__.py",
        "src/app/pkga/star.py",
        "src/app/pkgb/user.py",
        "src/app/pkgb/attr.py",
        "src/app/pkgc/both.py",
    )
    sites = [
        ref(init, 1, kind="import"),  # the package re-exports the old name: rewritten
        ref(star, 1, kind="import", target="app.utils", written="app.utils", reason="star import"),
        ref(user, 1, kind="import", written="app.slug"),
        ref(user, 3, written="app.slug"),
        ref(attr, 2, kind="attribute", written="app.slug"),
        ref(both, 1, kind="import"),
        ref(both, 2, kind="import", written="app.slug"),
    ]
    plan = plan_of(rinputs(EXTRACT, sites))
    assert {f for s in migrates(plan) for f in s.files} == {init, star, both}
    for step in migrates(plan):
        assert any(s.action in ("rewrite", "review") for s in step.sites if s.path in step.files)
        for path in step.files:
            assert any(s.action != "keep" for s in step.sites if s.path == path), path
        assert _title_count(step) == len(step.files)
    assert {(s.path, s.line): s.action for s in step_of(plan, both).sites} == {
        (both, 1): "rewrite",
        (both, 2): "keep",
    }
    assert all(s.status == "planned" for s in plan.steps)
    assert_well_formed(plan)


def test_a_refactoring_whose_references_are_all_kept_has_no_migrate_step() -> None:
    sites = [
        ref("src/app/pkg/a.py", 1, kind="import", written="app.slug"),
        ref("src/app/pkg/a.py", 2, written="app.slug"),
    ]
    assert phases(plan_of(rinputs(EXTRACT, sites))) == ["expand", "deprecate", "contract"]


A_FILE, B_FILE = "src/app/pkg/a.py", "src/app/pkg/b.py"


def test_replan_sheds_files_left_with_nothing_to_change_and_a_step_with_none_left_is_done() -> (
    None
):
    first = plan_of(rinputs(EXTRACT, refs_in([A_FILE, B_FILE])))
    step = step_of(first, A_FILE)
    assert step.files == (A_FILE, B_FILE) and step.title.endswith("(2 files)")
    # b.py was migrated by hand but for an import through the package's re-export
    through = ref(B_FILE, 1, kind="import", written="app.slug")
    second, changes = make_plan(plan_inputs([rinputs(EXTRACT, [ref(A_FILE), through])]), first)
    again = second.step(step.number)
    assert again is not None and again.key == step.key and again.status == "planned"
    assert (
        again.files == (A_FILE,)
        and again.title.endswith("(1 file)")
        and again.pr_title.endswith("(1 file)")
    )
    assert again.codemod.args[-1] == ("files", (A_FILE,))
    assert (
        f"step {step.number}: 2 -> 1 files (files with nothing left to rewrite or review left it)"
        in changes
    )
    # nothing left in a.py either: the step is done, keeps its number and its last files
    kept = ref(A_FILE, 1, kind="import", written="app.slug")
    third, changes = make_plan(plan_inputs([rinputs(EXTRACT, [kept, through])]), second)
    done = third.step(step.number)
    assert done is not None and done.status == "done" and done.files == (A_FILE,)
    assert f"step {step.number} is now done" in changes
    assert [s.number for s in third.steps] == [s.number for s in first.steps]


def test_an_applied_migrate_step_keeps_its_files() -> None:
    first = plan_of(rinputs(EXTRACT, refs_in([A_FILE, B_FILE])))
    step = step_of(first, A_FILE)
    later, _ = make_plan(
        plan_inputs([rinputs(EXTRACT, [ref(B_FILE, 1, kind="import", written="app.slug")])]),
        first,
        frozenset({1, step.number}),
    )
    applied = later.step(step.number)
    assert (
        applied is not None and applied.status == "applied" and applied.files == (A_FILE, B_FILE)
    )


# -- re-planning -------------------------------------------------------------------------------


def test_replan_keeps_numbers_marks_done_and_applied_and_appends_new_steps() -> None:
    files = [f"src/app/pkg{p}/m{i}.py" for p in "ab" for i in range(3)]
    first, _ = make_plan(plan_inputs([rinputs(EXTRACT, refs_in(files))], max_files_per_step=2))
    assert_well_formed(first)
    gone = step_of(first, "src/app/pkga/m0.py")
    assert gone.files == ("src/app/pkga/m0.py", "src/app/pkga/m1.py")
    # m0 and m1 were migrated by hand; a new file appeared; step 1 (expand) was applied
    later = [f for f in files if f not in gone.files] + ["src/app/pkgb/new.py"]
    second, changes = make_plan(
        plan_inputs([rinputs(EXTRACT, refs_in(later))], max_files_per_step=2),
        first,
        frozenset({1}),
    )
    old = {s.key: s for s in first.steps}
    for s in second.steps:
        if s.key in old:
            assert s.number == old[s.key].number, s.key
            assert s.files == old[s.key].files and s.title == old[s.key].title
    done = second.step(gone.number)
    assert done is not None and done.status == "done" and done.sites == ()
    assert second.steps[0].status == "applied"
    new = [s for s in second.steps if s.key not in old]
    assert [(s.number, s.files, s.phase) for s in new] == [
        (len(first.steps) + 1, ("src/app/pkgb/new.py",), "migrate")
    ]
    assert all(s.status == "planned" for s in second.steps if s.number not in (1, gone.number))
    deprecate = next(s for s in second.steps if s.phase == "deprecate")
    assert new[0].number in deprecate.depends_on
    assert changes[0] == f"kept the numbers of {len(first.steps)} step(s)"
    assert "step 1 is now applied" in changes
    assert f"step {gone.number} is now done" in changes
    assert (
        f"new step {new[0].number}: Migrate app.pkgb to app.text (1 file) (1 references)"
        in changes
    )
    # re-planning the same facts again changes nothing
    third, again = make_plan(
        plan_inputs([rinputs(EXTRACT, refs_in(later))], max_files_per_step=2),
        second,
        frozenset({1}),
    )
    assert third == second
    assert again == [f"kept the numbers of {len(second.steps)} step(s)"]


def test_replan_reports_dropped_steps_of_a_removed_refactoring() -> None:
    first, _ = make_plan(
        plan_inputs(
            [
                rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"])),
                rinputs(RENAME, refs_in(["src/app/pkg/b.py"], target=RENAME.old)),
            ]
        )
    )
    second, changes = make_plan(
        plan_inputs([rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"]))]), first
    )
    assert [s.number for s in second.steps] == [1, 2, 3, 4]
    assert sum(1 for line in changes if line.startswith("dropped step")) == 4


def test_replan_never_reuses_the_number_of_a_dropped_step() -> None:
    a = rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"]))
    first, _ = make_plan(
        plan_inputs([a, rinputs(RENAME, refs_in(["src/app/pkg/b.py"], target=RENAME.old))])
    )
    assert [s.refactor for s in first.steps[4:]] == [RENAME.id] * 4
    # the rename is replaced by another refactoring; its step 5 had been applied
    second, changes = make_plan(
        plan_inputs([a, rinputs(REPLACE, refs_in(["src/app/pkg/c.py"], target="json"))]),
        first,
        frozenset({5}),
    )
    assert [s.number for s in second.steps] == [1, 2, 3, 4, 9, 10, 11, 12]
    assert all(s.status == "planned" for s in second.steps)
    assert second.steps[-1].pr_title == "[demo 12/12] Remove json, the old backend and APP_JSON"
    assert (
        "dropped step 5: Add app.client.get; app.client.fetch forwards to it "
        "(its refactoring changed or was removed)" in changes
    )


# -- risk and rollback -------------------------------------------------------------------------


def test_every_rating_carries_measured_reasons() -> None:
    plan, _ = make_plan(_big_inputs())
    for s in plan.steps:
        for rating in (s.risk.complexity, s.risk.risk, s.risk.duration):
            assert rating.reasons, (s.number, rating)
        assert s.risk.complexity.level in ("Low", "Medium", "High")
        assert s.risk.risk.level in ("Low", "Medium", "High")
        assert s.risk.duration.level in ("Quick", "Medium", "Long")
    m = migrates(plan)[0]
    assert m.rewritten > 1
    assert (
        f"{m.rewritten} references rewritten in {len(m.files)} file(s)"
        in m.risk.complexity.reasons
    )


def test_risk_reasons_for_public_contract_reviews_and_missing_tests() -> None:
    sites = (*refs_in(["src/app/pkg/a.py"]), ref("src/app/pkg/a.py", 9, kind="dynamic"))
    plan = plan_of(rinputs(EXTRACT, sites, public=True, fan_in=30, rank=0.95))
    contract = plan.steps[-1]
    assert contract.phase == "contract"
    reasons = contract.risk.risk.reasons
    assert "removes public names: external users of app.utils.slug break" in reasons
    assert contract.risk.risk.level == "High"
    assert "no test imports the touched modules" in reasons
    expand = plan.steps[0]
    assert "public API kept: app.utils.slug keeps working" in expand.risk.risk.reasons
    assert "touched symbols are used from up to 30 places (fan-in)" in reasons
    assert (
        "a touched symbol's module is among the top 5% of the import graph by PageRank" in reasons
    )
    assert contract.risk.risk.level == "High"
    assert (
        "set remove_in and announce the removal one release ahead" in contract.risk.risk.lower_by
    )
    (m,) = migrates(plan)
    assert "1 site(s) left for manual review" in m.risk.risk.reasons
    assert "resolve the manual-review sites by hand first" in m.risk.risk.lower_by


def test_point_of_no_return_only_for_public_contracts_and_replace_dependency() -> None:
    public = plan_of(rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"]), public=True))
    private = plan_of(rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"]), public=False))
    dep = plan_of(rinputs(REPLACE, refs_in(["src/app/pkg/a.py"], target="json")))
    assert [s.rollback.point_of_no_return for s in public.steps] == [False, False, False, True]
    assert [s.rollback.point_of_no_return for s in private.steps] == [False] * 4
    assert [s.rollback.point_of_no_return for s in dep.steps] == [False, False, False, True]
    assert "external users" in public.steps[-1].rollback.note
    # revert first: everything that builds on the step, newest first
    assert public.steps[0].rollback.revert_first == (4, 3, 2)
    assert public.steps[1].rollback.revert_first == ()


def test_tests_to_run_are_found_transitively() -> None:
    files = [
        "src/app/pkg/a.py",
        "src/app/pkg/b.py",
        "src/app/other/c.py",
        "tests/test_top.py",
        "tests/test_c.py",
        "tests/test_unrelated.py",
        "tests/conftest.py",
    ]
    imports = [
        ("tests.test_top", "app.pkg.a"),
        ("app.pkg.a", "app.pkg.b"),
        ("tests.test_c", "app.other.c"),
        ("tests.test_unrelated", "app.unrelated"),
    ]
    plan = plan_of(
        rinputs(EXTRACT, refs_in(["src/app/pkg/b.py", "src/app/other/c.py"])),
        files=files,
        imports=imports,
    )
    b = step_of(plan, "src/app/pkg/b.py")
    c = step_of(plan, "src/app/other/c.py")
    assert b.tests == ("tests/test_top.py",)
    assert c.tests == ("tests/test_c.py",)
    assert "1 test file(s) exercise the touched modules" in b.risk.risk.reasons


def test_tests_include_those_importing_the_definition_files() -> None:
    files = ["src/app/pkg/a.py", "tests/test_utils.py"]
    imports = [("tests.test_utils", "app.utils")]
    plan = plan_of(rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"])), files=files, imports=imports)
    assert plan.steps[0].tests == ("tests/test_utils.py",)


@pytest.mark.parametrize("max_files,max_sites", [(1, 1), (2, 3), (5, 100), (100, 4)])
def test_bounds_hold_for_every_batch(max_files: int, max_sites: int) -> None:
    files = {f"src/app/p{i % 3}/m{i}.py": finfo(f"src/app/p{i % 3}/m{i}.py") for i in range(15)}
    sites = [
        Site(p, line, 1, "call", "x", "x", "rewrite", "")
        for i, p in enumerate(files)
        for line in range(1, 1 + i % 4 + 1)
    ]
    batches = make_batches(sites, files, (), "package", {}, max_files, max_sites)
    per_file = Counter(s.path for s in sites)
    assert sorted(f for b in batches for f in b.files) == sorted(files)
    for b in batches:
        total = sum(per_file[f] for f in b.files)
        if len(b.files) == 1 and per_file[b.files[0]] > max_sites:
            assert b.notes
            continue
        assert len(b.files) <= max_files and total <= max_sites


# -- issue 13: what a reviewer reads is true ----------------------------------------------------


def test_replanning_keeps_the_record_of_applied_steps_once_the_code_has_moved() -> None:
    files = ["src/app/pkg/a.py", "src/app/pkg/b.py"]
    sites = [ref(f, line, kind="import") for f in files for line in (1, 2)]
    first, _ = make_plan(plan_inputs([rinputs(EXTRACT, sites)]))
    every = frozenset(s.number for s in first.steps)
    # every step applied: the code no longer names the old location
    again, changes = make_plan(plan_inputs([rinputs(EXTRACT, [])]), first, every)
    assert [(s.number, s.status) for s in again.steps] == [(n, "applied") for n in sorted(every)]
    for before, after in zip(first.steps, again.steps, strict=True):
        assert after.sites == before.sites and after.risk == before.risk
        assert after.why == before.why and after.pr_title == before.pr_title
    assert sum(s.rewritten for s in again.steps) == sum(s.rewritten for s in first.steps) == 4
    assert again.refactors[0].references == first.refactors[0].references == 4
    assert "step 2 is now applied" in changes


def test_pull_request_titles_fit_and_name_the_campaign_once() -> None:
    many = ExtractModule(
        "move-text",
        "app.utils",
        "app.text_helpers",
        ("slugify", "truncate_words", "WORD_RE", "normalize_whitespace"),
    )
    plan = plan_of(
        rinputs(many, refs_in(["src/app/pkg/a.py"], target="app.utils.slugify")),
        name="tidy-shop",
        remove_in="2.0",
    )
    for step in plan.steps:
        assert len(step.pr_title) <= 72, step.pr_title
        assert step.pr_title.startswith(f"[tidy-shop {step.number}/") and "move-text" not in (
            step.pr_title
        )
    assert plan.steps[0].title == "Move 4 names from app.utils to app.text_helpers"
    deep = ExtractModule("move", "app.utils", "app.presentation.text_helpers", ("slugify",))
    far = "src/app/catalog/importers/vendors/legacy.py"
    plan = plan_of(rinputs(deep, [ref(far, 1, "app.utils.slugify", kind="import")]), name="tidy")
    titles = [s.pr_title for s in plan.steps if s.phase == "migrate"]
    assert titles == ["[tidy 2/4] Migrate app.catalog.importers.vendors (1 file)"]


def test_rollback_names_the_step_it_undoes() -> None:
    plan = plan_of(rinputs(EXTRACT, refs_in(["src/app/pkg/a.py"])))
    for step in plan.steps:
        assert f"`refcoord rollback step {step.number}`" in step.rollback.how
        assert "step N" not in step.rollback.how


def test_removing_a_name_that_stays_public_through_a_reexport_breaks_nobody() -> None:
    sites = [
        ref("src/app/__init__.py", 1, kind="import"),
        ref("src/app/__init__.py", 2, kind="export", written="app.slug"),
    ]
    plan = plan_of(rinputs(EXTRACT, sites, public=True))
    contract = plan.steps[-1]
    assert "stays public through a re-export: app.slug (for app.utils.slug)" in (
        contract.risk.risk.reasons
    )
    assert not any("break" in r for r in contract.risk.risk.reasons)
    assert plan.steps[0].risk.risk.level != "High"  # expand adds; the old name keeps working


def test_a_new_use_in_an_applied_steps_file_gets_a_new_step() -> None:
    files = ["src/app/pkg/a.py", "src/app/pkg/b.py"]
    sites = [ref(f, 1, kind="import") for f in files]
    first, _ = make_plan(plan_inputs([rinputs(EXTRACT, sites)]))
    migrate = next(s for s in first.steps if s.phase == "migrate")
    applied = frozenset({1, migrate.number})
    # after the migrate step landed, someone imported the old name again in a.py
    again, changes = make_plan(
        plan_inputs([rinputs(EXTRACT, [ref("src/app/pkg/a.py", 7, kind="import")])]),
        first,
        applied,
    )
    record = again.step(migrate.number)
    assert record is not None and record.status == "applied" and record.files == tuple(files)
    new = [s for s in again.steps if s.number > len(first.steps)]
    assert [(s.phase, s.files, s.status) for s in new] == [
        ("migrate", ("src/app/pkg/a.py",), "planned")
    ]
    assert new[0].key != migrate.key  # the same first file, told apart
    assert any(c.startswith(f"new step {new[0].number}: Migrate") for c in changes)
    deprecate = next(s for s in again.steps if s.phase == "deprecate")
    assert new[0].number in deprecate.depends_on


def test_the_deprecation_test_goes_to_a_test_folder_not_into_the_shipped_package() -> None:
    from refactor_coord.domain.plan import deprecation_test_path

    # Python-Markdown ships markdown/test_tools.py, a helper module named like a test
    tests = ["markdown/test_tools.py", "tests/test_apis.py"]
    assert deprecation_test_path(tests, "move-x") == "tests/test_refcoord_move_x.py"
    assert (
        deprecation_test_path(["src/pkg/tests/test_a.py"], "m")
        == "src/pkg/tests/test_refcoord_m.py"
    )
    assert deprecation_test_path(["markdown/test_tools.py"], "m") == "tests/test_refcoord_m.py"
    written = ["markdown/test_refcoord_m.py"]  # once written, it stays where it is
    assert deprecation_test_path(tests, "m", written) == "markdown/test_refcoord_m.py"


def test_a_schema_rename_rewrites_the_writes_to_a_row_however_its_type_was_found() -> None:
    # optuna's `trial_value.value_type = value_type`, its receiver typed by jedi, was left for
    # review as if it patched the model, and the contract step could never apply
    spec = SchemaChange("x", "rename-column", "app.models.Order.total", "total_cents")
    f = "src/app/pkg/a.py"
    target = spec.model
    sites = [
        ref(f, 1, target, kind="assign", written="app.models.Order().total"),
        ref(f, 2, target, kind="assign", written="?.total", confidence="medium"),
        ref(f, 3, target, kind="assign", written="app.models.Order.total"),
    ]
    inputs = RefactorInputs(spec, tuple(sites), (), (), ("src/app/models.py",))
    got = {s.line: s.action for s in classify(inputs)}
    assert got == {1: "rewrite", 2: "rewrite", 3: "review"}
