"""Use case: ``refcoord plan`` and ``refcoord show step N``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_coord.adapters.git_repo import applied_steps
from refactor_coord.adapters.index_store import open_store
from refactor_coord.application.indexing import CACHE_DIR, Progress, index_repository
from refactor_coord.application.plan_files import load_plan, plan_dir
from refactor_coord.application.plan_inputs import gather_inputs
from refactor_coord.application.plan_io import plan_to_json
from refactor_coord.application.render_plan import render_plan_md, render_pr_body
from refactor_coord.application.validation import repo_view, validate
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import ApplyRefused, ConfigError, PrerequisiteMissing, UsageError
from refactor_coord.domain.plan import ArgValue, Plan
from refactor_coord.domain.specs import ChangeApi, ReplaceDependency, SchemaChange
from refactor_coord.planning.planner import make_plan


@dataclass(frozen=True, slots=True)
class PlanResult:
    """What ``refcoord plan`` did."""

    plan: Plan
    changes: tuple[str, ...]  #: what re-planning changed (empty for a first plan)
    json_path: Path
    markdown_path: Path

    @property
    def next_step(self) -> int | None:
        """The step to do next: the lowest-numbered one not applied or done whose prerequisites
        are (None when every step is)."""
        return self.plan.next_step(
            {s.number for s in self.plan.steps if s.status in ("applied", "done")}
        )


def make_campaign_plan(
    repo: Path,
    config: Config,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    database_url: str | None = None,
) -> PlanResult:
    """Index, validate the refactorings against the index, plan, and write plan.json and PLAN.md
    (``database_url``: a database whose tables size a schema refactoring's steps).

    Raises:
        ConfigError: a refactoring names something that does not exist, clashes or conflicts.
        UsageError: there is no refactoring to plan.
    """
    if not config.refactors:
        raise UsageError(
            f"{config.source} has no [[refactor]] table: nothing to plan "
            "(`refcoord init` writes a starter file with examples)"
        )
    index_repository(repo, config, workers=workers, progress=progress)
    out = plan_dir(repo, config)
    previous = load_plan(out / "plan.json") if (out / "plan.json").is_file() else None
    applied = applied_steps(repo, config.campaign.name)
    store, _ = open_store(repo / CACHE_DIR)
    try:
        view = repo_view(store)
        expanded = _expanded(config, previous, applied)
        problems = validate(config.refactors, view, store, expanded)
        # with problems, the refactorings without any are still planned in memory, so that
        # what their codemods would refuse is reported with the rest, all at once
        planned = (
            replace(
                config,
                refactors=tuple(
                    r for r in config.refactors if not validate([r], view, store, expanded)
                ),
            )
            if problems
            else config
        )
        inputs = gather_inputs(
            repo,
            planned,
            store,
            _config_text(repo, config),
            earlier=_applied_schema_expands(previous, applied),
            database_url=database_url,
        )
    finally:
        store.close()
    if planned.refactors:
        plan, changes = make_plan(inputs, previous, applied)
        problems += expand_refusals(repo, planned, plan)
    if problems:
        raise ConfigError(config.source, problems)
    plan = _with_version_notes(repo, config, plan)
    plan = replace(  # an applied step's PR text is the one its commit was made with
        plan,
        steps=tuple(
            s
            if s.status == "applied" and s.pr_body
            else replace(s, pr_body=render_pr_body(plan, s))
            for s in plan.steps
        ),
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.json").write_text(plan_to_json(plan), encoding="utf-8")
    (out / "PLAN.md").write_text(render_plan_md(plan), encoding="utf-8")
    return PlanResult(plan, tuple(changes), out / "plan.json", out / "PLAN.md")


def expand_refusals(repo: Path, config: Config, plan: Plan) -> list[str]:
    """Each planned expand step carried out in memory, as ``apply`` would: a refactoring its
    codemod would refuse (an import-time cycle, a name it cannot move with certainty) is
    refused now, with the codemod's reason, before anything is applied. Steps of patterns that
    are not built yet, and a step that needs something installed first, are left to ``apply``
    to refuse."""
    from refactor_coord.application.apply.compute import compute_changes
    from refactor_coord.application.apply.context import step_job
    from refactor_coord.registry import load_registry

    registry = load_registry(repo, config.campaign.codemods)
    problems: list[str] = []
    for step in plan.steps:
        kind = next((r.kind for r in plan.refactors if r.id == step.refactor), "")
        if step.phase != "expand" or step.status != "planned" or kind not in registry.patterns:
            continue
        try:
            compute_changes(step_job(repo, config, plan, step, registry))
        except PrerequisiteMissing:
            continue  # apply says what to install; the plan stands
        except ApplyRefused as refused:
            why = str(refused).removeprefix(f"step {step.number} cannot be applied: ")
            problems.append(f"[[refactor]] {step.refactor}: its expand step cannot be done: {why}")
    return problems


def _with_version_notes(repo: Path, config: Config, plan: Plan) -> Plan:
    """A contract step that ``apply`` will refuse without ``--force`` because refcoord cannot
    tell the project's version says so in the plan, now rather than at the end."""
    if plan.remove_in is None:
        return plan
    from refactor_coord.application.apply.context import module_index
    from refactor_coord.application.project_version import LOOKED_IN, project_version
    from refactor_coord.registry import load_registry
    from refactor_coord.rewrite.args import BadArgs

    registry = load_registry(repo, config.campaign.codemods)
    paths = module_index(repo).paths
    steps = []
    for step in plan.steps:
        kind = next((r.kind for r in plan.refactors if r.id == step.refactor), "")
        pattern, args = registry.patterns.get(kind), registry.args_of(step)
        if (
            step.phase == "contract"
            and step.status == "planned"
            and pattern is not None
            and args is not None
            and not isinstance(args, BadArgs)
            and (released := pattern.released_module(args)) is not None
            and project_version(repo, paths.get(released.split(".")[0])) is None
        ):
            note = (
                f'remove_in = "{plan.remove_in}", but refcoord cannot tell the project\'s '
                f"version (it looked in {LOOKED_IN}): apply refuses this step unless "
                f"given --force, once {plan.remove_in} is released"
            )
            step = replace(step, notes=(*step.notes, note))
        steps.append(step)
    return replace(plan, steps=tuple(steps))


def _config_text(repo: Path, config: Config) -> str:
    source = Path(config.source)
    return source.read_text(encoding="utf-8") if source.is_file() else config.source


def _expanded(config: Config, previous: Plan | None, applied: Collection[int]) -> frozenset[str]:
    """The change-api and replace-dependency refactorings whose expand step is applied, by the
    committed plan (``previous``) and the history (``applied`` step numbers), for the names the
    configuration still gives them: their new name (or facade) exists already, and it is
    theirs."""
    if previous is None:
        return frozenset()
    names = {
        spec.id: (spec.old, spec.new)
        for spec in config.refactors
        if isinstance(spec, ChangeApi | ReplaceDependency)
    }
    schema = {spec.id for spec in config.refactors if isinstance(spec, SchemaChange)}
    return frozenset(
        step.refactor
        for step in previous.steps
        if step.number in applied
        and (
            step.refactor in schema  # a schema refactoring has begun: its column changes
            or (step.phase == "expand" and _old_new(step.codemod.args) == names.get(step.refactor))
        )
    )


def _old_new(args: Sequence[tuple[str, object]]) -> tuple[object, object]:
    given = dict(args)
    return given.get("old"), given.get("new") or None


def _applied_schema_expands(
    previous: Plan | None, applied: Collection[int]
) -> dict[str, dict[str, ArgValue]]:
    """By refactoring id, the arguments of a schema refactoring's first applied step (its
    facts from before the column changed)."""
    if previous is None:
        return {}
    first: dict[str, dict[str, ArgValue]] = {}
    for s in sorted(previous.steps, key=lambda s: s.number):
        if s.codemod.id.startswith("schema.") and s.number in applied:
            first.setdefault(s.refactor, dict(s.codemod.args))
    return first
