"""(facts, configuration[, previous plan]) -> Plan. Pure and deterministic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import networkx as nx

from refactor_coord.domain.plan import (
    SCHEMA_VERSION,
    Plan,
    RefactorSummary,
    Rollback,
    Site,
    Step,
    deprecation_test_path,
)
from refactor_coord.domain.specs import ChangeApi, ExtractModule, Refactor, describe
from refactor_coord.domain.test_runners import collected_pattern
from refactor_coord.planning.batching import (
    Batch,
    files_with_work,
    leaf_first_ranks,
    make_batches,
    patches_first,
    patching_files,
)
from refactor_coord.planning.drafts import (
    Draft,
    migrated_sites,
    phase_drafts,
    previous_batches,
    refactor_sites,
    retitled,
)
from refactor_coord.planning.inputs import FileInfo, PlanInputs, RefactorInputs
from refactor_coord.planning.ordering import (
    build_dag,
    descendants,
    edge_reasons,
    number_steps,
    parallel_sets,
)
from refactor_coord.planning.risk import StepMeasures, rate
from refactor_coord.planning.rollback import rollback_for
from refactor_coord.planning.schema_drafts import schema_drafts
from refactor_coord.planning.sites import spelled_through


def make_plan(
    inputs: PlanInputs, previous: Plan | None = None, applied: frozenset[int] = frozenset()
) -> tuple[Plan, list[str]]:
    """The plan, and (when ``previous`` is given) what changed since it, in sentences."""
    follows = refactor_dependencies([r.spec for r in inputs.refactors])
    order = _refactor_order(inputs.refactors, follows)
    old_steps = previous.steps if previous is not None else ()
    drafts: list[Draft] = []
    for r in inputs.refactors:
        drafts += _drafts_for(inputs, r, order[r.spec.id], old_steps, applied)
    dag = build_dag(drafts, follows)
    kept = {s.key: s.number for s in old_steps}
    numbers = number_steps(dag, kept)
    reexports = {r.spec.id: _reexports(r, old_steps) for r in inputs.refactors}
    steps = _with_records(_steps(inputs, dag, numbers, applied, reexports), old_steps)
    summaries = tuple(_summary(r, steps) for r in inputs.refactors)
    c = inputs.campaign
    plan = Plan(
        SCHEMA_VERSION,
        c.name,
        c.description,
        c.base,
        c.remove_in,
        c.warn,
        summaries,
        tuple(sorted(steps, key=lambda s: s.number)),
        inputs.fingerprint,
    )
    return plan, describe_changes(previous, plan) if previous is not None else []


def refactor_dependencies(specs: Sequence[Refactor]) -> dict[str, set[str]]:
    """A change-api on a symbol an extract-module moves follows the move: id -> ids it follows."""
    follows: dict[str, set[str]] = {}
    for spec in specs:
        for other in specs:
            if (
                isinstance(spec, ChangeApi)
                and isinstance(other, ExtractModule)
                and any(spec.old == n or spec.old.startswith(n + ".") for n in other.old_names())
            ):
                follows.setdefault(spec.id, set()).add(other.id)
    return follows


def _refactor_order(
    refactors: Sequence[RefactorInputs], follows: Mapping[str, set[str]]
) -> dict[str, int]:
    position = {r.spec.id: i for i, r in enumerate(refactors)}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(position)
    graph.add_edges_from(
        (before, after) for after, befores in follows.items() for before in befores
    )
    ordered = nx.lexicographical_topological_sort(graph, key=lambda rid: f"{position[rid]:06d}")
    return {rid: i for i, rid in enumerate(ordered)}


def _drafts_for(
    inputs: PlanInputs,
    r: RefactorInputs,
    order: int,
    old_steps: Sequence[Step],
    applied: frozenset[int],
) -> list[Draft]:
    sites, fresh = refactor_sites(inputs, r)
    earlier = previous_batches(old_steps, r.spec.id)
    drafting = schema_drafts if r.schema is not None else phase_drafts
    if not earlier:
        return drafting(r, order, inputs.campaign, fresh, sites, {})
    applied_keys = {s.key for s in old_steps if s.number in applied}
    batches, keys = _reuse(inputs, migrated_sites(r, sites), earlier, (r.spec.id, applied_keys))
    drafts = drafting(r, order, inputs.campaign, batches, sites, keys)
    old = {s.key: s for s in old_steps}
    return [
        replace(d, title=retitled(old[d.key].title, len(d.files)), notes=old[d.key].notes)
        if d.key in old and d.phase == "migrate"
        else d
        for d in drafts
    ]


def _reuse(
    inputs: PlanInputs,
    sites: Sequence[Site],
    earlier: Sequence[tuple[str, tuple[str, ...]]],
    applied: tuple[str, set[str]],
) -> tuple[list[Batch], dict[tuple[str, ...], str]]:
    """Earlier migrate steps keep their keys; files not in any of them get new batches.

    A step not applied yet sheds the files with nothing left to rewrite or review (migrated by
    hand, or only kept sites); with none left it keeps its files and is done. An applied step
    keeps its files: they are what its commit changed. Work that has appeared since in an
    applied step's files (a new use of an old name) goes to a new step, as in any other file.
    """
    refactor, applied_keys = applied
    worked = files_with_work(sites)
    rewritten = {s.path for s in sites if s.action == "rewrite"}
    patchers = patching_files(sites)
    batches: list[Batch] = []
    keys: dict[tuple[str, ...], str] = {}
    covered: set[str] = set()
    for key, files in earlier:
        left = tuple(f for f in files if f in worked)
        mine = files if key in applied_keys or not left else left
        batches.append(patches_first(Batch("(as planned)", mine, 0, ()), patchers))
        keys[mine] = key
        # an applied step's files are covered but for new rewrites (what it left for review
        # stays with it)
        covered |= {f for f in mine if key not in applied_keys or f not in rewritten}
    new_sites = [s for s in sites if s.path not in covered]
    c = inputs.campaign
    fresh = make_batches(
        new_sites,
        inputs.files,
        inputs.module_imports,
        c.group_by,
        inputs.communities,
        c.max_files_per_step,
        c.max_sites_per_step,
    )
    used = {key for key, _ in earlier}
    for batch in fresh:
        keys.setdefault(batch.files, _unused_key(used, refactor, batch))
    return [*batches, *fresh], keys


def _unused_key(used: set[str], refactor: str, batch: Batch) -> str:
    """A new migrate step's key (``<id>:migrate:<first file>``), told apart from an earlier
    step's that had the same first file (``#2``, ``#3``, ...)."""
    key = base = f"{refactor}:migrate:{batch.files[0]}"
    n = 1
    while key in used:
        n += 1
        key = f"{base}#{n}"
    used.add(key)
    return key


def _steps(
    inputs: PlanInputs,
    dag: nx.DiGraph[str],
    numbers: Mapping[str, int],
    applied: frozenset[int],
    reexports: Mapping[str, Mapping[str, str]],
) -> list[Step]:
    parallel = parallel_sets(dag, numbers)
    importers = _importers(inputs)
    by_id = {r.spec.id: r for r in inputs.refactors}
    total = max(numbers.values(), default=0)  # the highest number: re-plans may leave gaps
    steps = []
    for key, number in numbers.items():
        d: Draft = dag.nodes[key]["draft"]
        r = by_id[d.refactor]
        tests = _tests_for(inputs, r, d, importers)
        files = _step_files(d, r, inputs, tests)
        if _writes_deprecation_test(d, r, inputs):  # the step's tests include the one it adds
            test = deprecation_test_path(tests, d.refactor, inputs.files, _pattern(inputs))
            tests = tuple(sorted({*tests, test}))
        review = sum(1 for s in d.sites if s.action == "review")
        rewritten = sum(1 for s in d.sites if s.action == "rewrite")
        public = any(s.public for s in r.symbols) and not r.kept_for_pickles  # kept for good
        measures = StepMeasures(
            d.phase,
            len(d.files),
            rewritten,
            review,
            r.symbols,
            len(tests),
            tuple(s.qname for s in r.symbols if s.public)
            if d.phase == "contract" and public
            else (),
            inputs.campaign.remove_in,
            reexports[r.spec.id],
        )
        flag = getattr(r.spec, "flag", None)
        later = descendants(dag, key, numbers)
        rollback = (
            Rollback(
                d.undo or f"revert the step's commit (`refcoord rollback step {number}`)",
                later,
                False,
                d.undo_note,
            )
            if d.undo_note
            else rollback_for(number, d.phase, r.spec.kind, flag, later, public)
        )
        status = "applied" if number in applied else d.status
        steps.append(
            Step(
                number,
                key,
                d.refactor,
                d.phase,
                d.title,
                files,
                d.sites,
                tuple(sorted(numbers[p] for p in dag.predecessors(key))),
                parallel[key],
                _why(inputs, dag, key, numbers, d),
                d.rated or rate(measures),
                rollback,
                tests,
                d.codemod,
                f"[{inputs.campaign.name} {number}/{total}] {d.title}",
                "",
                status,
                d.notes,
            )
        )
    return steps


def _reexports(r: RefactorInputs, old_steps: Sequence[Step]) -> dict[str, str]:
    """Old name -> a re-export of it outside the old location (``shop.slugify`` for
    ``shop.utils.slugify``), which migrate points at the new location: it stays public. Read
    from the references and from the earlier plan's sites (a migrated re-export no longer
    refers to the old name), so the judgement does not change as the campaign goes on."""
    old = r.spec.old_names()
    exports = [(s.target, s.written) for s in r.sites if s.kind == "export"]
    exports += [
        (site.target, site.written)
        for s in old_steps
        if s.refactor == r.spec.id
        for site in s.sites
        if site.kind == "export"
    ]
    return {
        target: written
        for target, written in sorted(exports, key=lambda e: e[1])
        if target in old and not spelled_through(written, old)
    }


def _with_records(steps: Sequence[Step], old_steps: Sequence[Step]) -> list[Step]:
    """An applied step is a record of what its commit did: re-planning keeps it as the earlier
    plan wrote it (its references, counts, risk and PR text; the code no longer holds the old
    names it rewrote, so planning it afresh would say it did nothing)."""
    old = {s.key: s for s in old_steps}
    return [
        replace(old[s.key], number=s.number, status=s.status)
        if s.status == "applied" and s.key in old
        else s
        for s in steps
    ]


def _writes_deprecation_test(d: Draft, r: RefactorInputs, inputs: PlanInputs) -> bool:
    """Whether the step makes a shim warn (extract-module's or change-api's), adding the test
    that asserts it: expand with ``warn = "at-expand"``, else deprecate."""
    at_expand = inputs.campaign.warn == "at-expand"
    return isinstance(r.spec, (ExtractModule, ChangeApi)) and d.phase == (
        "expand" if at_expand else "deprecate"
    )


def _step_files(
    d: Draft, r: RefactorInputs, inputs: PlanInputs, tests: Sequence[str]
) -> tuple[str, ...]:
    """The files the step writes: the deprecation test too when it adds it (contract removes it),
    and neither deprecate nor contract of extract-module touches the target module."""
    if not isinstance(r.spec, (ExtractModule, ChangeApi)) or d.phase == "migrate":
        return d.files
    test = deprecation_test_path(tests, d.refactor, inputs.files, _pattern(inputs))
    if d.phase == "expand":
        return (*d.files, test) if _writes_deprecation_test(d, r, inputs) else d.files
    if isinstance(r.spec, ChangeApi):  # deprecate and contract edit the same files, and the test
        if r.kept_for_pickles and d.phase == "contract":
            return d.files  # the test that the old name stays readable stays too
        return (*d.files, test) if test not in d.files else d.files
    return (d.files[0], test)


def _pattern(inputs: PlanInputs) -> str:
    """The file names the project's test runner collects."""
    return collected_pattern(inputs.campaign.test_command)


def _importers(inputs: PlanInputs) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from(inputs.module_imports)
    return graph


def _tests_for(
    inputs: PlanInputs, r: RefactorInputs, d: Draft, importers: nx.DiGraph[str]
) -> tuple[str, ...]:
    """Test files that import the step's modules (or the refactoring's old and new ones), at
    any depth."""
    modules = {
        inputs.files[f].module for f in (*d.files, *r.definition_files) if f in inputs.files
    }
    reached = set(modules)
    for module in modules:
        if module in importers:
            reached |= nx.ancestors(importers, module)
    by_module = {f.module: f for f in inputs.files.values()}
    return tuple(
        sorted(by_module[m].path for m in reached if m in by_module and by_module[m].is_test)
    )


def _why(
    inputs: PlanInputs, dag: nx.DiGraph[str], key: str, numbers: Mapping[str, int], d: Draft
) -> str:
    reasons = edge_reasons(dag, key, numbers)
    if d.follows:  # the pattern's own order: its reasons say it
        return " ".join(reasons)
    if d.phase == "expand":
        why = _EXPAND_WHY[_kind_of(inputs, d.refactor)]
        head = f"First step of the refactoring: {why}; the other steps build on it."
    elif d.phase == "migrate":
        head = _leaf_first_reason(inputs, dag, key, numbers, d)
    elif d.phase in ("deprecate", "flip"):
        head = "It comes once every first-party reference goes through the new location."
    else:
        head = "Last: it removes the old name once nothing refers to it."
    return " ".join([head, *reasons])


_EXPAND_WHY = {
    "extract-module": (
        "the definitions move and the old location keeps serving them through a shim"
    ),
    "change-api": "the new name appears and the old one forwards to it",
    "replace-dependency": "purely additive",
    "schema": "purely additive: a nullable column no code reads yet",
}


def _kind_of(inputs: PlanInputs, refactor: str) -> str:
    """The kind of the refactoring ``refactor``."""
    return next(r.spec.kind for r in inputs.refactors if r.spec.id == refactor)


def _leaf_first_reason(
    inputs: PlanInputs, dag: nx.DiGraph[str], key: str, numbers: Mapping[str, int], d: Draft
) -> str:
    siblings = [
        dag.nodes[k]["draft"]
        for k in dag.nodes
        if dag.nodes[k]["draft"].refactor == d.refactor
        and dag.nodes[k]["draft"].phase == "migrate"
    ]
    module_of = {f.path: f.module for f in inputs.files.values()}
    mine = {module_of.get(f, f) for f in d.files}
    imports = set(inputs.module_imports)
    before = sorted(
        numbers[s.key]
        for s in siblings
        if s.key != key
        and any((m, o) in imports for m in mine for f in s.files for o in [module_of.get(f, f)])
    )
    after = sorted(
        numbers[s.key]
        for s in siblings
        if s.key != key
        and any((o, m) in imports for m in mine for f in s.files for o in [module_of.get(f, f)])
    )
    parts = [
        "It goes before the leaf-first order: it names the old location in strings (patch "
        "targets), and code still reading the old location sees those patches only once they "
        "name the new one."
        if d.rank < 0
        else "It goes leaf-first along the import graph."
    ]
    if before:
        parts.append(f"Its modules import those migrated in {_steps_text(before)}.")
    if after:
        parts.append(f"Modules migrated in {_steps_text(after)} import its modules.")
    if not before and not after:
        parts.append("No other migrated module imports its modules or is imported by them.")
    return " ".join(parts)


def _steps_text(numbers: Sequence[int]) -> str:
    return f"step{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"


def _summary(r: RefactorInputs, steps: Sequence[Step]) -> RefactorSummary:
    """The references counted are those the applied steps record plus those still in the code
    outside their files: applying steps does not make the refactoring smaller."""
    mine = [s for s in steps if s.refactor == r.spec.id]
    applied = [s for s in mine if s.status == "applied"]
    done_files = {f for s in applied for f in s.files}
    references = sum(len(s.sites) for s in applied) + sum(
        1 for site in r.sites if site.path not in done_files
    )
    numbers = tuple(sorted(s.number for s in mine))
    return RefactorSummary(
        r.spec.id, r.spec.kind, describe(r.spec), r.spec.old_names(), references, numbers
    )


def describe_changes(previous: Plan, plan: Plan) -> list[str]:
    """What re-planning changed, in sentences."""
    old = {s.key: s for s in previous.steps}
    new = {s.key: s for s in plan.steps}
    lines = []
    kept = [k for k in new if k in old]
    lines.append(f"kept the numbers of {len(kept)} step(s)")
    for key, was, now in (
        ("remove_in", previous.remove_in, plan.remove_in),
        ("warn", previous.warn, plan.warn),
    ):
        if was != now:
            lines.append(
                f"{key} is now {now!r} (was {was!r}): the deprecate and contract steps follow it"
            )
    for key, step in sorted(new.items(), key=lambda kv: kv[1].number):
        before = old.get(key)
        if before is None:
            lines.append(f"new step {step.number}: {step.title} ({step.rewritten} references)")
        elif step.status != before.status and step.status != "planned":
            lines.append(f"step {step.number} is now {step.status}")
        else:
            lines += _step_changes(before, step)
    for key in sorted(set(old) - set(new), key=lambda k: old[k].number):
        lines.append(
            f"dropped step {old[key].number}: {old[key].title} (its refactoring changed or was "
            "removed)"
        )
    return lines


def _step_changes(before: Step, step: Step) -> list[str]:
    lines = []
    if step.files != before.files:
        lines.append(
            f"step {step.number}: {len(before.files)} -> {len(step.files)} files (files with "
            "nothing left to rewrite or review left it)"
        )
    if step.rewritten != before.rewritten:
        lines.append(
            f"step {step.number}: {before.rewritten} -> {step.rewritten} references to rewrite"
        )
    return lines


__all__ = [
    "FileInfo",
    "describe_changes",
    "leaf_first_ranks",
    "make_plan",
    "refactor_dependencies",
]
