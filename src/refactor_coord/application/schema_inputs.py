"""The planner's inputs for a schema refactoring: the column and the migrations as the
project's own SQLAlchemy and Alembic see them, each database step's revision with the SQL
Alembic renders for it offline and squawk's findings on that SQL, the table's size when a
database is given, and the attribute's references (the index's, jedi's, and the model
constructor's keywords)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from refactor_coord.adapters.alembic_offline import OfflineFailed, offline_sql
from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.adapters.orm_facts import (
    FactsUnavailable,
    column_facts,
    migration_facts,
    new_column_facts,
    table_rows,
    target_type,
)
from refactor_coord.adapters.source_files import read_source_leniently
from refactor_coord.adapters.squawk import SquawkUnavailable, lint_sql
from refactor_coord.application.loose_calls import loose_calls
from refactor_coord.application.references import reference_from_row
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.plan import ArgValue
from refactor_coord.domain.schema import (
    ColumnFacts,
    DatabaseStep,
    MigrationFacts,
    RevisionFacts,
    SchemaInputs,
    SquawkFinding,
    TargetType,
    column_from_args,
    index_name,
    own_statements,
    steps_of,
    target_from_args,
    written_column,
)
from refactor_coord.domain.specs import SchemaChange
from refactor_coord.planning.inputs import FileInfo, RefSite, ref_site
from refcoord_codemods.schema.model_edits import marked_lines
from refcoord_codemods.schema.references import CONSTRUCTOR, KEYWORD, keyword_uses
from refcoord_codemods.schema.revisions import (
    RevisionSpec,
    revision_id,
    revision_path,
    revision_text,
)


def schema_facts(
    repo: Path,
    spec: SchemaChange,
    campaign: str,
    roots: Sequence[str],
    earlier: Mapping[str, ArgValue] | None,
    database_url: str | None,
) -> SchemaInputs:
    """The database side of ``spec``. ``earlier``: the expand step's arguments in the plan
    before, when that step is applied (the column has changed since, so its facts are the
    plan's record, and the revisions chain on from where the first one did)."""
    try:
        column = _column(repo, spec, roots, earlier)
        migrations = migration_facts(repo, roots)
    except FactsUnavailable as error:
        raise UsageError(f"[[refactor]] {spec.id}: {error}") from None
    outside = [a for a in column.attached if a.startswith("foreign key from ")]
    if spec.operation == "drop-column" and outside:
        raise UsageError(
            f"[[refactor]] {spec.id}: {column.table}.{column.column} has {', '.join(outside)}: "
            "drop that foreign key first (drop-column does not drop what points at it)"
        )
    if spec.operation in NEW_COLUMN and column.attached:
        raise UsageError(
            f"[[refactor]] {spec.id}: {column.table}.{column.column} has "
            f"{', '.join(column.attached)}: {spec.operation} does not carry indexes, "
            "constraints, foreign keys or identity to the new column yet (not built), and "
            "would lose them; move them by hand first, or change the column by hand"
        )
    if spec.operation in (*NEW_COLUMN, "add-column") and not column.integer_key:
        raise UsageError(
            f"[[refactor]] {spec.id}: {column.table}'s primary key is not one integer column "
            f"({', '.join(column.primary_key) or 'none'}): the backfill batches on it"
        )
    target = _target(repo, spec, column, roots, earlier)
    base = str(earlier.get("down_revision") or "") or None if earlier else migrations.head
    revisions = _revisions(repo, spec, campaign, (column, target), (migrations, base), roots)
    rows = None
    if database_url:
        try:
            rows = table_rows(repo, database_url, column.qualified_table, roots)
        except FactsUnavailable as error:
            raise UsageError(f"--database-url: the database did not answer: {error}") from None
    unknown = "" if rows is not None else "no --database-url given"
    return SchemaInputs(column, migrations, revisions, rows, unknown, target)


#: the operations that copy a column into a new one (which must carry what is attached)
NEW_COLUMN = ("rename-column", "change-column-type")


def _target(
    repo: Path,
    spec: SchemaChange,
    column: ColumnFacts,
    roots: Sequence[str],
    earlier: Mapping[str, ArgValue] | None,
) -> TargetType | None:
    """change-column-type's new type (None for the other operations)."""
    if spec.operation != "change-column-type":
        return None
    if earlier is not None and (recorded := target_from_args(earlier)) is not None:
        return recorded
    try:
        target = target_type(repo, spec.model, spec.column_type, roots)
    except FactsUnavailable as error:
        raise UsageError(f"[[refactor]] {spec.id} type: {error}") from None
    if target.sql_type == column.sql_type:
        raise UsageError(
            f"[[refactor]] {spec.id} type: {column.table}.{column.column} is "
            f"{column.sql_type} already"
        )
    return target


def _column(
    repo: Path,
    spec: SchemaChange,
    roots: Sequence[str],
    earlier: Mapping[str, ArgValue] | None,
) -> ColumnFacts:
    if earlier is None and spec.operation == "add-column":
        return new_column_facts(repo, spec.model, spec.column_type, spec.default, roots)
    if earlier is None:
        return column_facts(repo, spec.model, roots)
    return column_from_args(spec.model, earlier)


def _revisions(
    repo: Path,
    spec: SchemaChange,
    campaign: str,
    changed: tuple[ColumnFacts, TargetType | None],
    chain: tuple[MigrationFacts, str | None],
    roots: Sequence[str],
) -> tuple[RevisionFacts, ...]:
    migrations, down = chain
    specs: list[RevisionSpec] = []
    waiting = False  # a revision not written yet came before: the rest chain on from it
    column, target = changed
    for step in steps_of(spec.operation, column, spec.new_name, _index(spec), target):
        if isinstance(step, DatabaseStep):
            made = revision_spec(spec, campaign, column, step, down, target)
            written = (repo / revision_path(migrations.versions, made)).is_file()
            if not written and not waiting:  # the first to write follows today's head
                made = revision_spec(spec, campaign, column, step, migrations.head, target)
                waiting = True
            specs.append(made)
            down = made.revision
    texts = {revision_path(migrations.versions, s): revision_text(s) for s in specs}
    try:
        sqls = offline_sql(
            repo,
            migrations.config,
            migrations.versions,
            texts,
            [(s.down_revision, s.revision) for s in specs],
            roots,
        )
    except OfflineFailed as error:
        raise UsageError(f"[[refactor]] {spec.id}: {error}") from None
    return tuple(
        _revision(s, revision_path(migrations.versions, s), sql)
        for s, sql in zip(specs, sqls, strict=True)
    )


def revision_spec(
    spec: SchemaChange,
    campaign: str,
    column: ColumnFacts,
    step: DatabaseStep,
    down: str | None,
    target: TargetType | None = None,
) -> RevisionSpec:
    """The revision of ``step``, following ``down`` (``target``: the type change's new
    type)."""
    return RevisionSpec(
        campaign,
        spec.id,
        step.phase,
        step.title,
        revision_id(spec.id, step.phase),
        down,
        column.table,
        column.schema,
        column.primary_key[0],
        column.column,
        written_column(spec.operation, spec.new_name, column, target),
        column.sa_type,
        column.type_imports,
        column.server_default,
        spec.batch_size,
        spec.pause_ms,
        spec.lock_timeout,
        spec.operation,
        index_name(column, spec.index_name) if spec.operation == "add-index" else "",
        spec.unique,
        (target.sa_type, target.type_imports, target.sql_type, column.sql_type)
        if target
        else None,
    )


def _index(spec: SchemaChange) -> tuple[str, bool]:
    """add-index's name (empty: the default) and whether it is unique."""
    return spec.index_name, spec.unique


def _revision(spec: RevisionSpec, path: str, sql: str) -> RevisionFacts:
    own = own_statements(sql)
    try:
        findings: tuple[SquawkFinding, ...] | None = lint_sql(own)
        unlinted = ""
    except SquawkUnavailable as error:
        findings, unlinted = None, str(error)
    return RevisionFacts(
        spec.phase, spec.revision, spec.down_revision, path, own, findings, unlinted
    )


def schema_sites(
    repo: Path,
    store: IndexStore,
    spec: SchemaChange,
    files: Mapping[str, FileInfo],
    where: tuple[str, str],
) -> tuple[tuple[RefSite, ...], tuple[RefSite, ...]]:
    """The attribute's references (the migrate steps'): the index's, those jedi proves on
    receivers the index cannot type, the model constructor's keyword arguments
    (``Order(total=5)``) and the query methods' (for review); and the uncertain ones. In the
    model's module too (optuna's query methods on other models read the attribute there),
    but for what refcoord added to it, which its code steps own; never in the Alembic
    revisions (``where``: the model's module and the revisions folder), which are history:
    an old revision's own models and statements name the schema as it was then."""
    if spec.operation in ("add-index", "add-column"):  # the model's uses do not change
        return (), ()
    refs = [reference_from_row(row) for row in store.references_to(spec.model)]
    loose = loose_calls(repo, store, spec.model)
    found = [ref_site(r) for r in (*refs, *loose.proven)]
    found += _keyword_sites(repo, store, spec)
    model_path, versions = where
    owned = marked_lines(read_source_leniently(repo / model_path) or "", spec.id)

    def kept(path: str, line: int) -> bool:
        history = path.startswith(f"{versions}/")
        return path in files and not history and not (path == model_path and line in owned)

    sites = tuple(s for s in found if kept(s.path, s.line))
    uncertain = tuple(ref_site(r) for r in loose.uncertain if kept(r.path, r.line))
    return tuple(dict.fromkeys(sites)), uncertain


def _keyword_sites(repo: Path, store: IndexStore, spec: SchemaChange) -> list[RefSite]:
    """The model constructor's keywords (the migrate steps rename them), and the query
    methods' (listed for review: whose column they name the index cannot tell)."""
    return [
        RefSite(path, line, col, KEYWORD, spec.model, f"{spec.attribute}=", "high", "")
        if what == CONSTRUCTOR
        else RefSite(
            path, line, col, KEYWORD, spec.model, f"{spec.attribute}=", "low",
            QUERY_KEYWORD.format(call=what),
        )
        for path, line, col, what in keyword_uses_of(repo, store, spec.model)
    ]  # fmt: skip


QUERY_KEYWORD = (
    "a query's keyword names the column ({call}): rename it by hand (the old name keeps "
    "working until the contract step, which waits for it)"
)


def keyword_uses_of(repo: Path, store: IndexStore, model: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column in characters from 1, what the call is) of each keyword named
    like the attribute ``model`` (``pkg.models.Order.total``), in the files that refer to its
    class: in its constructor's calls and in query methods' (each file read once)."""
    cls, _, attribute = model.rpartition(".")
    calls: dict[str, list[tuple[int, int]]] = {}
    for row in store.references_to(cls):
        ref = reference_from_row(row)
        places = calls.setdefault(ref.path, [])
        if ref.target == cls:
            places.append((ref.line, ref.col))
    found = []
    for path, places in sorted(calls.items()):
        text = read_source_leniently(repo / path) or ""
        found += [(path, *use) for use in keyword_uses(text, attribute, places)]
    return found
