"""Use case: ``refcoord status``: a campaign's progress read from the code and git.

- Steps: the saved plan's steps, each applied or rolled back according to the commit trailers on
  the current branch (:func:`~refactor_coord.adapters.git_repo.step_history`).
- Each old name: its remaining first-party uses (the index's references, by the one rule of
  :mod:`refactor_coord.domain.uses`), by package and CODEOWNERS owner; what stands at the name
  (:func:`shim_state`); whether the project's version has reached ``remove_in``.
- Feature flags: where first-party code still reads each replace-dependency flag, and its default.
- The inventory: every deprecation the code declares, with its remaining callers
  (:mod:`.inventory`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.filesystem import read_codeowners
from refactor_coord.adapters.index_store import FileRow, IndexStore, open_store
from refactor_coord.analysis.codeowners import Codeowners, parse_codeowners
from refactor_coord.application.flags import flag_reads
from refactor_coord.application.indexing import CACHE_DIR, Progress, index_repository
from refactor_coord.application.inventory import deprecation_inventory
from refactor_coord.application.plan_files import load_plan, plan_dir
from refactor_coord.application.project_version import project_version
from refactor_coord.application.references import indexed_rule, is_method, untyped_uses
from refactor_coord.application.shim_state import layer_state, shim_state
from refactor_coord.application.step_states import staleness, step_branch_name, unlanded_on_branch
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import PlanError
from refactor_coord.domain.facts import Reference
from refactor_coord.domain.plan import Plan
from refactor_coord.domain.progress import (
    FlagProgress,
    NameProgress,
    Status,
    StepProgress,
    StepState,
    Use,
)
from refactor_coord.domain.specs import Refactor, ReplaceDependency
from refactor_coord.domain.uses import Rule, rule_for, uses_of
from refactor_coord.domain.versions import has_reached


@dataclass(frozen=True, slots=True)
class Where:
    """What places a use: the indexed files (for their packages) and their owners."""

    repo: Path
    files: Mapping[str, FileRow]
    owners: Codeowners
    modules: Mapping[str, str]  #: path -> module of every indexed file

    def use(self, name: str, ref: Reference) -> Use:
        """The :class:`Use` of ``name`` at ``ref``."""
        row = self.files.get(ref.path)
        package = row.module.split(".")[0] if row is not None else ref.path.split("/")[0]
        return Use(
            name,
            ref.path,
            ref.line,
            ref.col,
            ref.kind.value,
            ref.written,
            package,
            self.owners.owners_of(ref.path),
        )


def where_in(repo: Path, store: IndexStore) -> Where:
    """The indexed files and the repository's CODEOWNERS."""
    files = store.files()
    owners = parse_codeowners(read_codeowners(repo) or "")
    return Where(repo, files, owners, {path: row.module for path, row in files.items()})


def campaign_status(
    repo: Path,
    config: Config,
    *,
    inventory: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Status:
    """The campaign's progress, after bringing the index up to date."""
    index_repository(repo, config, workers=workers, progress=progress)
    plan, notes = _saved_plan(repo, config)
    history = git_repo.step_history(repo, config.campaign.name)
    expanded = {s.id for s in config.refactors if _expanded(plan, history, s.id)}
    store, _ = open_store(repo / CACHE_DIR)
    try:
        where = where_in(repo, store)
        found = deprecation_inventory(repo, store, where) if inventory else ()
        declared = {e.deprecation.qname for e in found}
        version = _version(repo, config, where)
        found = tuple(
            replace(e, overdue=_reached(version, e.deprecation.remove_in)) for e in found
        )
        names = tuple(
            _name_progress(store, where, spec, name, declared, (version, config, expanded))
            for spec in config.refactors
            for name in spec.old_names()
        )
    finally:
        store.close()
    steps = _steps(repo, config, plan, history)
    finished = {s.number for s in steps if s.state in ("applied", "on its branch", "done")}
    begun = {s.refactor for s in steps if s.state in ("applied", "on its branch")}
    return Status(
        config.campaign.name,
        version,
        steps,
        plan.next_step(finished) if plan is not None else None,
        names,
        _flags(repo, config, where, expanded),
        found,
        (*notes, *_stale(config, plan), *_unknown(names, begun)),
    )


def _unknown(names: tuple[NameProgress, ...], begun: set[str]) -> tuple[str, ...]:
    """A name that nothing provides although no step of its refactoring has been applied is
    most likely misspelt: "gone" and 0 would read as a finished migration."""
    return tuple(
        f"{n.name}: nothing in the repository defines it and no step of '{n.refactor}' is "
        "applied; is the name right? (`refcoord refs` suggests close matches)"
        for n in names
        if n.shim == "gone" and not n.uses and n.refactor not in begun
    )


def _saved_plan(repo: Path, config: Config) -> tuple[Plan | None, tuple[str, ...]]:
    path = plan_dir(repo, config) / "plan.json"
    if not path.is_file():
        return None, (f"no plan yet for campaign '{config.campaign.name}': run `refcoord plan`",)
    try:
        return load_plan(path), ()
    except PlanError as error:
        return None, (f"the saved plan cannot be read ({error}): run `refcoord plan`",)


def _steps(
    repo: Path, config: Config, plan: Plan | None, history: Mapping[int, tuple[bool, str]]
) -> tuple[StepProgress, ...]:
    if plan is None:
        return ()
    branches = git_repo.local_branches(repo)
    found = []
    for step in sorted(plan.steps, key=lambda s: s.number):
        applied, commit = history.get(step.number, (None, None))
        state: StepState = (
            ("applied" if applied else "rolled back")
            if applied is not None
            else ("done" if step.status == "done" else "planned")
        )
        campaign = config.campaign.name
        if (
            state in ("planned", "rolled back")
            and step_branch_name(campaign, step.number) in branches
            and unlanded_on_branch(repo, campaign, step.number)
        ):
            state = "on its branch"
        found.append(
            StepProgress(step.number, step.title, step.phase, step.refactor, state, commit)
        )
    return tuple(found)


def _stale(config: Config, plan: Plan | None) -> tuple[str, ...]:
    """Why the plan no longer matches the configuration, once per reason."""
    if plan is None:
        return ()
    reasons = (staleness(config, plan, spec.id) for spec in config.refactors)
    return tuple(dict.fromkeys(r for r in reasons if r is not None))


def remaining_uses(
    store: IndexStore, where: Where, rule: Rule, also_class: str = ""
) -> tuple[Use, ...]:
    """The first-party uses of ``rule.name`` the index knows (``also_class``: a name whose being
    a class makes ``rule.name`` one too, such as where a moved class now lives)."""
    complete, refs = indexed_rule(store, where.modules, rule, also_class)
    return tuple(where.use(rule.name, ref) for ref in uses_of(complete, refs))


def _name_progress(
    store: IndexStore,
    where: Where,
    spec: Refactor,
    name: str,
    declared: set[str],
    context: tuple[str | None, Config, Collection[str]],
) -> NameProgress:
    """``context``: the project's version, the configuration, the refactorings whose expand
    step is applied."""
    version, config, expanded = context
    new = spec.replacement(name)
    if isinstance(spec, ReplaceDependency):
        shim = layer_state(store, where.files, spec, warns=name in declared)
    else:
        found = (where.repo, where.files)
        done = spec.id in expanded
        shim = shim_state(store, found, name, new, warns=name in declared, expanded=done)
    # a replace-dependency's contract waits for no release: the facade stays
    remove_in = None if isinstance(spec, ReplaceDependency) else config.campaign.remove_in
    uses = remaining_uses(store, where, rule_for(spec, name), new)
    overdue = _reached(version, remove_in) and shim != "gone"
    untyped = untyped_uses(store, name) if is_method(store, name) else 0
    return NameProgress(name, new, spec.id, shim, remove_in, overdue, uses, untyped)


def _reached(version: str | None, removal: str | None) -> bool:
    """Whether the project at ``version`` has reached the ``removal`` version (False when
    either is unknown)."""
    return bool(version and removal and has_reached(version, removal))


def _expanded(plan: Plan | None, history: Mapping[int, tuple[bool, str]], refactor: str) -> bool:
    if plan is None:
        return False
    return any(
        s.refactor == refactor and s.phase == "expand" and history.get(s.number, (False,))[0]
        for s in plan.steps
    )


def _version(repo: Path, config: Config, where: Where) -> str | None:
    """The project's version, as ``plan`` reads it (a top package's ``__version__`` among the
    places: the old names' packages first)."""
    tops = sorted({n.split(".")[0] for spec in config.refactors for n in spec.old_names()})
    paths = {r.module: r.path for r in where.files.values()}
    for path in [*(paths.get(top) for top in tops), None]:
        found = project_version(repo, path)
        if found is not None:
            return found.version
    return None


def _flags(
    repo: Path, config: Config, where: Where, expanded: Collection[str]
) -> tuple[FlagProgress, ...]:
    """Each replace-dependency flag: where the code reads it (``expanded``: the refactorings
    whose expand step is applied, which introduced their flag)."""
    specs = [s for s in config.refactors if isinstance(s, ReplaceDependency)]
    if not specs:
        return ()
    reads = flag_reads(repo, sorted(where.files), [s.flag for s in specs])
    found = []
    for spec in specs:
        mine = reads.get(spec.flag, ())
        default = next((d for _, d in mine if d is not None), None)
        found.append(
            FlagProgress(
                spec.flag,
                spec.id,
                bool(mine),
                default,
                tuple(p for p, _ in mine),
                introduced=bool(mine) or spec.id in expanded or _has_module(where, spec.facade),
            )
        )
    return tuple(found)


def _has_module(where: Where, module: str) -> bool:
    return any(r.module == module for r in where.files.values())
