"""A schema refactoring's steps as drafts: its database steps (Alembic revisions) and code steps
in the zero-downtime order, the migrate steps that rename the attribute's references between
them, each with its database facts (SQL, locks, squawk's findings and what was done about
them, duration), ratings and rollback."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from refactor_coord.domain.config import Campaign
from refactor_coord.domain.plan import ArgValue, CodemodCall, Rating, Risk, Site
from refactor_coord.domain.schema import (
    CodeStep,
    DatabaseStep,
    RevisionFacts,
    SchemaInputs,
    column_args,
    duration,
    index_name,
    steps_of,
    target_args,
    written_column,
)
from refactor_coord.domain.specs import SchemaChange
from refactor_coord.planning.batching import WORK_ACTIONS, Batch
from refactor_coord.planning.drafts import Draft, migrated_sites
from refactor_coord.planning.inputs import RefactorInputs


def schema_drafts(
    r: RefactorInputs,
    order: int,
    campaign: Campaign,
    batches: Sequence[Batch],
    sites: Sequence[Site],
    keys: Mapping[tuple[str, ...], str],
) -> list[Draft]:
    """The refactoring's steps: database and code steps in order, migrate steps after the
    switch step, the contract step after them all."""
    spec, facts = r.spec, r.schema
    assert isinstance(spec, SchemaChange) and facts is not None
    model_path = r.definition_files[0]
    args = _args(spec, facts, model_path)
    migrated = migrated_sites(r, sites)
    drafts: list[Draft] = []
    previous = ""
    index = (spec.index_name, spec.unique)
    for step in steps_of(spec.operation, facts.column, spec.new_name, index, facts.target):
        key = f"{spec.id}:{step.phase}"
        follows = ((previous, step.after),) if previous else ()
        if step.phase == "contract":
            migrate = [k for k in (d.key for d in drafts) if ":migrate:" in k]
            follows = (*follows, *((k, "it needs every reference renamed") for k in migrate))
        if isinstance(step, DatabaseStep):
            revision = facts.revision(step.phase)
            assert revision is not None
            drafts.append(_database(spec, order, step, (key, follows), facts, args, revision))
        else:
            held = _held(step.phase, spec, facts, (sites, migrated))
            drafts.append(_code(spec, order, step, (key, follows), args, (model_path, held)))
        if step.phase == "switch" and spec.operation == "rename-column":
            drafts += _migrate(r, order, campaign, (batches, migrated, keys), args, key)
        previous = key
    return drafts


#: The code step that lists the attribute's uses for review, per operation: where they must
#: be gone (drop-column's contract; a rename's, for the uses no migrate step holds) or where
#: their values change type (the type change's switch).
_REVIEWED = {
    "drop-column": ("contract",),
    "change-column-type": ("switch",),
    "rename-column": ("contract",),
}


def _held(
    phase: str,
    spec: SchemaChange,
    facts: SchemaInputs,
    uses: tuple[Sequence[Site], Sequence[Site]],
) -> tuple[Site, ...]:
    """The attribute's uses the code step ``phase`` lists for review (``uses``: all of them,
    and those the migrate steps hold): all (a type change's switch only where the values'
    Python type changes), or, for a rename's contract, those no migrate step holds
    (same-named attributes on receivers of unknown type)."""
    sites, migrated = uses
    if phase not in _REVIEWED.get(spec.operation, ()):
        return ()
    if spec.operation == "rename-column":
        held = set(migrated)
        return tuple(s for s in sites if s not in held)
    target, python = facts.target, facts.column.python_type
    if target is not None and target.python_type and target.python_type == python:
        return ()
    return tuple(sites)


def _args(spec: SchemaChange, facts: SchemaInputs, model_path: str) -> dict[str, ArgValue]:
    column = facts.column
    return {
        "model": spec.model,
        "model_path": model_path,
        **column_args(column),
        **(target_args(facts.target) if facts.target else {}),
        "new": written_column(spec.operation, spec.new_name, column, facts.target),
        "batch_size": spec.batch_size,
        "pause_ms": spec.pause_ms,
        "lock_timeout": spec.lock_timeout,
        "operation": spec.operation,
        "index": index_name(column, spec.index_name) if spec.operation == "add-index" else "",
        "unique": spec.unique,
        "column_type": spec.column_type,
        "default": json.dumps(spec.default) if spec.default else "",
    }


def _call(phase: str, args: Mapping[str, ArgValue]) -> CodemodCall:
    return CodemodCall(f"schema.{phase}", tuple(args.items()))


def _database(
    spec: SchemaChange,
    order: int,
    step: DatabaseStep,
    placed: tuple[str, tuple[tuple[str, str], ...]],
    facts: SchemaInputs,
    args: Mapping[str, ArgValue],
    revision: RevisionFacts,
) -> Draft:
    key, follows = placed
    level, why = duration(step, facts.rows, facts.rows_unknown)
    unanswered = _unanswered(step, revision)
    risk = Risk(
        Rating("Low", ("one generated Alembic revision",), ()),
        _lock_risk(step, unanswered),
        Rating(level if level != "Unknown" else "Medium", (why,), _lower(level)),
    )
    extra = {
        "versions": revision.path.rpartition("/")[0],
        "revision": revision.revision,
        "down_revision": revision.down_revision or "",
        "title": step.title,
    }
    down = revision.down_revision or "base"
    return Draft(
        key,
        spec.id,
        order,
        step.phase,
        step.title,
        (revision.path,),
        (),
        0,
        _call(step.phase, {**args, **extra}),
        _database_notes(step, revision, (level, why), unanswered),
        follows=follows,
        rated=risk,
        undo=(
            f"`alembic downgrade {down}` on every database it reached, then revert the "
            "step's commit"
        ),
        undo_note=step.undo,
    )


def _unanswered(step: DatabaseStep, revision: RevisionFacts) -> list[str]:
    answered = {n.rule for n in step.squawk}
    return sorted(
        {f"{f.rule}: {f.message}" for f in revision.findings or () if f.rule not in answered}
    )


def _lock_risk(step: DatabaseStep, unanswered: Sequence[str]) -> Rating:
    reasons = [f"{lock.statement}: {lock.level} for {lock.held}" for lock in step.locks]
    score = 1 if step.phase == "drop" else 0
    if step.phase == "drop":
        reasons.append("it drops data (the downgrade adds the column back from the new one)")
    if unanswered:
        reasons.append(f"squawk findings not explained: {'; '.join(unanswered)}")
        score += 1
    lower = ("read each unexplained squawk finding before applying",) if unanswered else ()
    return Rating(("Low", "Medium", "High")[min(score, 2)], tuple(reasons), lower)


def _lower(level: str) -> tuple[str, ...]:
    if level == "Unknown":
        return ("plan with --database-url to size the table",)
    if level == "Long":
        return ("run it in a quiet period; watch it with the monitoring query",)
    return ()


def _database_notes(
    step: DatabaseStep,
    revision: RevisionFacts,
    timing: tuple[str, str],
    unanswered: Sequence[str],
) -> tuple[str, ...]:
    down = revision.down_revision or "base"
    notes = [
        (
            f"Database step: Alembic revision {revision.revision} (after {down}), "
            f"{revision.path}. Deploy it with `alembic upgrade {revision.revision}` before the "
            "next code step."
        ),
        (
            f"SQL (`alembic upgrade {down}:{revision.revision} --sql`):\n\n```sql\n"
            f"{revision.sql.strip()}\n```"
        ),
        "Locks: "
        + "; ".join(f"{x.statement}: {x.level}, {x.held}" for x in step.locks)
        + ". "
        + step.waits,
        f"Expected duration: {timing[0]} ({timing[1]}).",
    ]
    if revision.findings is None:
        notes.append(f"squawk did not run: {revision.unlinted}")
    else:
        seen = sorted({f.rule for f in revision.findings})
        answers = {n.rule: n.answer for n in step.squawk}
        lines = [f"  - `{rule}`: {answers[rule]}" for rule in seen if rule in answers]
        lines += [f"  - `{u.split(':')[0]}` (not explained):{u.partition(':')[2]}"
                  for u in unanswered]  # fmt: skip
        notes.append(
            "squawk: " + ("clean" if not seen else f"{len(seen)} rule(s)\n" + "\n".join(lines))
        )
    if step.monitoring:
        notes.append(f"Monitoring: `{step.monitoring}` (abort threshold: it stops falling)")
    return tuple(notes)


def _code(
    spec: SchemaChange,
    order: int,
    step: CodeStep,
    placed: tuple[str, tuple[tuple[str, str], ...]],
    args: Mapping[str, ArgValue],
    where: tuple[str, tuple[Site, ...]],
) -> Draft:
    """A code step on the model's module (``where``: its path, and the uses a person must
    change before it, for a drop's contract)."""
    model_path, held = where
    key, follows = placed
    risk = Risk(
        Rating("Low", (f"{step.phase}: the model's module only",), ()),
        Rating(step.risk, (step.why,), (step.lower,) if step.lower else ()),
        Rating("Quick", ("one file",), ()),
    )
    return Draft(
        key,
        spec.id,
        order,
        step.phase,
        step.title,
        (model_path,),
        held,
        0,
        _call(step.phase, args),
        (f"Code step: from here on, {step.what}.",),
        follows=follows,
        rated=risk,
        undo_note=step.undo,
    )


def _migrate(
    r: RefactorInputs,
    order: int,
    campaign: Campaign,
    placed: tuple[Sequence[Batch], Sequence[Site], Mapping[tuple[str, ...], str]],
    args: Mapping[str, ArgValue],
    switch: str,
) -> list[Draft]:
    batches, sites, keys = placed
    spec = r.spec
    assert isinstance(spec, SchemaChange)
    by_file: dict[str, list[Site]] = {}
    for site in sites:
        by_file.setdefault(site.path, []).append(site)
    drafts = []
    for batch in batches:
        batch_sites = tuple(s for f in batch.files for s in by_file.get(f, ()))
        count = f"({len(batch.files)} file{'' if len(batch.files) == 1 else 's'})"
        title = f"Rename {spec.attribute} to {spec.new_name} in {batch.group} {count}"
        limit = 72 - len(campaign.name) - 9
        if len(title) > limit:
            title = f"Rename {spec.attribute} in {batch.group} {count}"
        work = any(s.action in WORK_ACTIONS for s in batch_sites)
        drafts.append(
            Draft(
                keys.get(batch.files, f"{spec.id}:migrate:{batch.files[0]}"),
                spec.id,
                order,
                "migrate",
                title,
                batch.files,
                batch_sites,
                batch.rank,
                _call("migrate", {**args, "files": batch.files}),
                batch.notes,
                "planned" if work else "done",
                follows=((switch, "the old name is an alias of the new column from then on"),),
            )
        )
    return drafts
