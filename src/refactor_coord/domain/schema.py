"""The schema pattern's facts and steps (pure): what the project's ORM and Alembic say about
the column a refactoring changes, and the database and code steps of each operation in the
zero-downtime order, with what each database step does to the table (its statements, the
locks they take, whether the table is rewritten) and what squawk says of it, answered.

Where Django's migrations would plug in: :class:`MigrationFacts` is the engine's view of the
migration history (Alembic: the script folder and its head); a second engine gives the same
facts and writes its own migration files for the same :class:`DatabaseStep` list."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from refactor_coord.domain.plan import ArgValue


@dataclass(frozen=True, slots=True)
class ColumnFacts:
    """The column behind an ORM attribute, as the project's SQLAlchemy maps it."""

    model_module: str  #: the module defining the model class
    model_class: str  #: the class's name in it
    attribute: str  #: the attribute's name on the class
    table: str
    schema: str | None  #: the table's database schema (None: the search path's)
    column: str  #: the column's name in the table
    sa_type: str  #: the column's type as code in a revision (``sa.Integer()``)
    type_imports: tuple[str, ...]  #: the imports that type needs beyond ``sqlalchemy as sa``
    sql_type: str  #: the type as PostgreSQL spells it (``INTEGER``)
    nullable: bool
    #: the server default as code in a revision (``"0"``, ``sa.text("now()")``; None: none)
    server_default: str | None
    primary_key: tuple[str, ...]  #: the table's primary key columns
    integer_key: bool  #: the primary key is one integer column (backfills batch on it)
    #: what the model attaches to the column beyond its type and default: indexes, unique
    #: and foreign-key constraints, identity or computed (a rename would not carry them)
    attached: tuple[str, ...] = ()
    python_type: str = ""  #: the values' Python type, qualified (``builtins.int``; "": unknown)

    @property
    def qualified_table(self) -> str:
        """``schema.table``, or just the table."""
        return f"{self.schema}.{self.table}" if self.schema else self.table

    @property
    def quoted_table(self) -> str:
        """The table as SQL names it, quoted (a reserved word or capitals stay themselves)."""
        return ".".join(quoted(part) for part in self.qualified_table.split("."))


def quoted(name: str) -> str:
    """An SQL identifier in double quotes (any inside doubled), as PostgreSQL reads it."""
    return '"' + name.replace('"', '""') + '"'


def column_args(column: ColumnFacts) -> dict[str, ArgValue]:
    """The column's facts as a step's codemod arguments (the plan's record of them)."""
    return {
        "table": column.table,
        "schema": column.schema or "",
        "key": column.primary_key[0],
        "old": column.column,
        "sa_type": column.sa_type,
        "type_imports": column.type_imports,
        "server_default": column.server_default or "",
        "nullable": column.nullable,
        "sql_type": column.sql_type,
        "python_type": column.python_type,
    }


def column_from_args(model: str, args: Mapping[str, ArgValue]) -> ColumnFacts:
    """The column's facts as a plan recorded them (:func:`column_args`) for the attribute
    ``model``: what a re-plan reads once the column has changed under the campaign. Checked
    when the plan was first made: an integer key, nothing attached."""
    cls, _, attribute = model.rpartition(".")
    imports = args.get("type_imports") or ()
    return ColumnFacts(
        cls.rpartition(".")[0],
        cls.rpartition(".")[2],
        attribute,
        str(args["table"]),
        str(args.get("schema") or "") or None,
        str(args["old"]),
        str(args["sa_type"]),
        tuple(imports) if isinstance(imports, tuple) else (),
        str(args.get("sql_type") or ""),
        bool(args.get("nullable", False)),
        str(args.get("server_default") or "") or None,
        (str(args["key"]),),
        True,
        python_type=str(args.get("python_type") or ""),
    )


@dataclass(frozen=True, slots=True)
class TargetType:
    """The type change-column-type moves a column to, as the project's SQLAlchemy has it."""

    code: str  #: as the configuration (and the model) writes it: ``Numeric(12, 2)``
    sa_type: str  #: as code in a revision: ``sa.Numeric(precision=12, scale=2)``
    type_imports: tuple[str, ...]  #: the imports that needs beyond ``sqlalchemy as sa``
    sql_type: str  #: as PostgreSQL spells it: ``NUMERIC(12, 2)``
    python_type: str = ""  #: the values' Python type, qualified (``decimal.Decimal``)


def new_column_name(column: ColumnFacts, target: TargetType, given: str = "") -> str:
    """The column change-column-type adds: the name given, else the old one's with the new
    type's (``total_numeric``)."""
    slug = re.sub(r"[^a-z0-9]+", "_", target.sql_type.lower().split("(")[0]).strip("_")
    return given or f"{column.column}_{slug}"


def written_column(
    operation: str, new_name: str, column: ColumnFacts, target: TargetType | None
) -> str:
    """The column the operation writes: rename-column's new one, change-column-type's new
    one (``target``: its type), else the column itself."""
    if target is not None:
        return new_column_name(column, target, new_name)
    return new_name if operation == "rename-column" else column.column


def target_args(target: TargetType) -> dict[str, ArgValue]:
    """The target type as a step's codemod arguments (the plan's record of it)."""
    return {
        "column_type": target.code,
        "new_sa_type": target.sa_type,
        "new_type_imports": target.type_imports,
        "new_sql_type": target.sql_type,
        "new_python_type": target.python_type,
    }


def target_from_args(args: Mapping[str, ArgValue]) -> TargetType | None:
    """The target type as a plan recorded it (:func:`target_args`; None: none recorded)."""
    if not args.get("new_sa_type"):
        return None
    imports = args.get("new_type_imports") or ()
    return TargetType(
        str(args["column_type"]),
        str(args["new_sa_type"]),
        tuple(imports) if isinstance(imports, tuple) else (),
        str(args.get("new_sql_type") or ""),
        str(args.get("new_python_type") or ""),
    )


@dataclass(frozen=True, slots=True)
class MigrationFacts:
    """The project's Alembic setup: the config file, the folder revisions go in, the head."""

    config: str  #: alembic.ini, relative to the repository
    versions: str  #: the folder of revision files, relative to the repository
    head: str | None  #: the head revision (None: no revision yet)


@dataclass(frozen=True, slots=True)
class Lock:
    """A lock one statement takes on the table, and for how long."""

    statement: str
    level: str  #: PostgreSQL's lock mode (ACCESS EXCLUSIVE, SHARE UPDATE EXCLUSIVE, ...)
    held: str  #: for how long, in words
    rewrites: bool = False  #: whether the table is rewritten (or scanned) under the lock


@dataclass(frozen=True, slots=True)
class SquawkNote:
    """What a step does about one squawk rule it is expected to trip."""

    rule: str
    answer: str


@dataclass(frozen=True, slots=True)
class DatabaseStep:
    """One Alembic revision of an operation."""

    phase: str
    title: str
    locks: tuple[Lock, ...]
    squawk: tuple[SquawkNote, ...]
    #: per the table's size: does the step's time grow with the rows (a backfill, a scan)?
    scans_rows: bool
    monitoring: str = ""  #: a query that shows how far the step has come (a backfill's)
    after: str = ""  #: why it comes after the step before it (the first: empty)
    undo: str = ""  #: what its downgrade does, and what must be undone first
    #: how its statements wait for their locks
    waits: str = (
        "Each statement waits at most lock_timeout for its lock, then fails: it never queues "
        "behind a long transaction."
    )


@dataclass(frozen=True, slots=True)
class CodeStep:
    """One code change of an operation."""

    phase: str
    title: str
    what: str  #: one sentence: what the code does from this step on
    after: str = ""  #: why it comes after the step before it
    undo: str = ""  #: what reverting it does
    risk: str = "Low"  #: its risk, Low or Medium
    why: str = ""  #: why that risk
    lower: str = ""  #: what lowers it


#: The squawk rules every generated revision trips and why they are accepted.
COMMON_SQUAWK = (
    SquawkNote(
        "require-statement-timeout",
        "statement_timeout is left to the database role: a backfill batch, a VALIDATE scan "
        "or an index build may rightly run long; lock_timeout is what keeps a statement "
        "from queueing behind a long transaction",
    ),
    SquawkNote(
        "prefer-robust-stmts",
        "each revision runs once, recorded by Alembic; its downgrade undoes it",
    ),
)


#: squawk's rules on a column's type choice (which a type change may answer, a rename not)
TYPE_RULES = (
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-text-field",
    "prefer-timestamp-tz",
    "ban-char-field",
    "prefer-identity",
)


def _type_notes(answer: str) -> tuple[SquawkNote, ...]:
    return tuple(SquawkNote(rule, answer) for rule in TYPE_RULES)


#: What each database step does about the squawk rules it is expected to trip.
SQUAWK_ANSWERS: dict[str, tuple[SquawkNote, ...]] = {
    "expand": (
        *COMMON_SQUAWK,
        *_type_notes(
            "the new column keeps the old one's type: a rename changes no type "
            "(change-column-type would)"
        ),
        SquawkNote(
            "adding-field-with-default",
            "the column is added without a default, which is set afterwards: both are "
            "catalog changes, whatever the default is",
        ),
    ),
    "backfill": COMMON_SQUAWK,
    "not-null": (
        *COMMON_SQUAWK,
        SquawkNote(
            "ban-drop-constraint",
            "the constraint dropped is the step's own temporary check: SET NOT NULL "
            "guarantees what it did",
        ),
    ),
    "relax": (
        *COMMON_SQUAWK,
        SquawkNote(
            "ban-drop-not-null",
            "no code reads the old column since the switch step; the next code step stops "
            "writing it",
        ),
    ),
    "add-index": (
        *COMMON_SQUAWK,
        SquawkNote(
            "require-lock-timeout",
            "CREATE INDEX CONCURRENTLY waits for the transactions already open without "
            "blocking writes; a lock_timeout would only make it fail and leave an invalid "
            "index behind (which a second run drops first)",
        ),
        SquawkNote(
            "require-timeout-settings",
            "as require-lock-timeout: the concurrent build blocks no writer while it waits",
        ),
    ),
    "add-column:expand": (
        *COMMON_SQUAWK,
        SquawkNote(
            "adding-field-with-default",
            "the column is added without a default, which is set afterwards: both are "
            "catalog changes, whatever the default is",
        ),
        SquawkNote(
            "adding-required-field",
            "the column is added nullable; NOT NULL comes at the not-null step",
        ),
        *_type_notes("the type is the configuration's `type`"),
    ),
    "change-column-type:expand": (
        *COMMON_SQUAWK,
        *_type_notes("the type is the configuration's `type`"),
        SquawkNote(
            "adding-field-with-default",
            "the column is added without a default, which is set afterwards: both are "
            "catalog changes, whatever the default is",
        ),
    ),
    "drop-column:relax": (
        *COMMON_SQUAWK,
        SquawkNote(
            "ban-drop-not-null",
            "the next code step stops writing the column; no code needs it NOT NULL after",
        ),
    ),
    "drop-column:drop": (
        *COMMON_SQUAWK,
        SquawkNote(
            "ban-drop-column",
            "no code has read or written the column since the contract step, which waited "
            "until nothing used it; its values are gone for good",
        ),
    ),
    "drop": (
        *COMMON_SQUAWK,
        SquawkNote(
            "ban-drop-column",
            "no code has read or written the old column since the stop-writing step; the "
            "downgrade adds it back and copies the values from the new column",
        ),
    ),
}


def answered_rules(operation: str, phase: str) -> frozenset[str]:
    """The squawk rules the database step ``phase`` of ``operation`` answers (none for
    another phase)."""
    for key in (f"{operation}:{phase}", operation, phase):
        if key in SQUAWK_ANSWERS:
            return frozenset(note.rule for note in SQUAWK_ANSWERS[key])
    return frozenset()


def own_statements(sql: str) -> str:
    """A revision's own statements in ``alembic upgrade --sql``'s output: without Alembic's
    bookkeeping of ``alembic_version`` (which the first revision of a project also creates)
    and the comments."""
    kept = []
    for statement in _statements(sql):
        text = statement.strip()
        if not text or "alembic_version" in text:
            continue
        lines = [ln for ln in text.splitlines() if not ln.startswith("--")]
        body = "\n".join(lines).strip()
        if body:
            kept.append(body + ";")
    while "BEGIN;" in kept:  # an empty transaction Alembic opens around autocommit blocks
        at = kept.index("BEGIN;")
        if at + 1 < len(kept) and kept[at + 1] == "COMMIT;":
            del kept[at : at + 2]
        else:
            break
    return "\n\n".join(kept) + "\n"


def _statements(sql: str) -> list[str]:
    """``sql`` split at the semicolons that end its statements (not those inside a ``$$``
    body)."""
    parts, current, inside = [], [], False
    for line in sql.splitlines(keepends=True):
        current.append(line)
        inside ^= line.count("$$") % 2 == 1
        if not inside and line.rstrip().endswith(";"):
            parts.append("".join(current).rstrip().removesuffix(";"))
            current = []
    if "".join(current).strip():
        parts.append("".join(current))
    return parts


def is_database_phase(phase: str) -> bool:
    """Whether a schema step of ``phase`` is an Alembic revision (else a code change)."""
    return phase in DATABASE_PHASES


#: the kind of site a model constructor's keyword argument is (``Order(total=5)``): no index
#: reference stands there, so the migrate codemod checks it is still there itself
KEYWORD_SITE = "keyword"

#: the phases of rename-column that are database steps
DATABASE_PHASES = ("expand", "backfill", "not-null", "relax", "drop")


@dataclass(frozen=True, slots=True)
class _Names:
    """A rename's (or a type change's) names, as text says them and as SQL quotes them."""

    table: str
    old: str
    new: str
    attribute: str
    sql_table: str
    sql_old: str
    sql_new: str
    cast: str = ""  #: a type change's new type in SQL (empty: a rename, no cast)

    @property
    def copied(self) -> str:
        """What the backfill writes into the new column: the old one's value (cast)."""
        return f"CAST({self.sql_old} AS {self.cast})" if self.cast else self.sql_old


def rename_column_steps(facts: ColumnFacts, new: str) -> tuple[DatabaseStep | CodeStep, ...]:
    """rename-column's steps, in order: add the new column, write both, backfill, (make it
    NOT NULL), read the new one, then (let the old one be NULL,) stop writing the old one,
    drop it, and last remove the old attribute name. The migrate steps that rename the
    attribute's references come after ``switch``, beside the database steps that follow it."""
    n = _Names(
        facts.qualified_table, facts.column, new, facts.attribute,
        facts.quoted_table, quoted(facts.column), quoted(new),
    )  # fmt: skip
    return (*_through_a_new_column(n, facts, _switch(n)), _remove_alias(n))


def _through_a_new_column(
    n: _Names, facts: ColumnFacts, switch: CodeStep
) -> tuple[DatabaseStep | CodeStep, ...]:
    """The steps that move a column's values to a new column: add it, write both, backfill,
    (make it NOT NULL,) read the new one (``switch``), (let the old one be NULL,) stop
    writing the old one, drop it."""
    required = not facts.nullable
    return (
        _add_new(n),
        _write_both(n),
        _backfill(n),
        *((_not_null(n.table, n.new, (n.sql_table, n.sql_new)),) if required else ()),
        switch,
        *((_relax_old(n),) if required else ()),
        _stop_writing(n),
        _drop_old(n),
    )


def _add_new(n: _Names) -> DatabaseStep:
    of_type = f" {n.cast}" if n.cast else ""
    return DatabaseStep(
        "expand",
        f"Add column {n.table}.{n.new}{of_type} (nullable, no table rewrite)",
        (
            Lock(
                f"ALTER TABLE {n.sql_table} ADD COLUMN {n.sql_new}{of_type}",
                "ACCESS EXCLUSIVE",
                "milliseconds",
            ),
        ),
        SQUAWK_ANSWERS["change-column-type:expand" if n.cast else "expand"],
        scans_rows=False,
        undo="drops the new column: revert the dual-write step first (it writes it)",
    )


def _write_both(n: _Names) -> CodeStep:
    return CodeStep(
        "dual-write",
        f"Write {n.attribute} to both {n.old} and {n.new}",
        f"every insert and update through the ORM writes {n.new} as well as {n.old}",
        after="code writes the column the expand step adds",
        undo="stops writing the new column; running the backfill again fixes the rows "
        "written meanwhile",
        why="every ORM write also writes the new column",
    )


def _backfill(n: _Names) -> DatabaseStep:
    return DatabaseStep(
        "backfill",
        f"Backfill {n.table}.{n.new} from {n.old}{' (cast)' if n.cast else ''} in batches",
        (
            Lock(
                f"UPDATE {n.sql_table} SET {n.sql_new} = {n.copied} (one batch of rows at a time)",
                "ROW EXCLUSIVE",
                "one batch (the rows it updates), committed before the next",
                rewrites=True,
            ),
        ),
        SQUAWK_ANSWERS["backfill"],
        scans_rows=True,
        monitoring=(
            f"SELECT count(*) AS rows_left FROM {n.sql_table} "
            f"WHERE {n.sql_new} IS DISTINCT FROM {n.copied}"
        ),
        after="the copy must start once every writer writes both columns: the dual-write "
        "step deployed everywhere",
        undo="nothing to undo: the copied values stay, and the expand step's downgrade "
        "drops the column",
    )


def _switch(n: _Names) -> CodeStep:
    return CodeStep(
        "switch",
        f"Read {n.new}: {n.attribute} becomes an alias of {n.new}",
        f"the ORM reads and writes {n.new}; {n.attribute} is a synonym of it, and {n.old} "
        "is still written for code deployed before this step",
        after="code reads the new column once every row has it",
        undo="reads go back to the old column, which this step kept writing: nothing is lost",
        risk="Medium",
        why="reads move to the new column: every row must have it (the backfill done)",
        lower="check the backfill's monitoring query shows 0 rows left before deploying",
    )


def _relax_old(n: _Names) -> DatabaseStep:
    return DatabaseStep(
        "relax",
        f"Let {n.table}.{n.old} be NULL (no code reads it)",
        (
            Lock(
                f"ALTER TABLE {n.sql_table} ALTER {n.sql_old} DROP NOT NULL",
                "ACCESS EXCLUSIVE",
                "milliseconds",
            ),
        ),
        SQUAWK_ANSWERS["relax"],
        scans_rows=False,
        after="no code reads the old column from the switch step on",
        undo="copies the new column back into the old one (rows written since the "
        "stop-writing step), then makes it NOT NULL again: revert the stop-writing step first",
    )


def _stop_writing(n: _Names) -> CodeStep:
    return CodeStep(
        "stop-writing",
        f"Stop writing {n.table}.{n.old}",
        f"the ORM no longer maps {n.old}; nothing reads or writes it",
        after="code may leave the old column out of its writes once it may be NULL",
        undo="writing the old column resumes; rows written meanwhile get their old value "
        "back from the relax step's downgrade, if it is undone",
        why="nothing reads the old column any more",
    )


def _drop_old(n: _Names) -> DatabaseStep:
    return DatabaseStep(
        "drop",
        f"Drop column {n.table}.{n.old}",
        (
            Lock(
                f"ALTER TABLE {n.sql_table} DROP COLUMN {n.sql_old}",
                "ACCESS EXCLUSIVE",
                "milliseconds",
            ),
        ),
        SQUAWK_ANSWERS["drop"],
        scans_rows=False,
        after="no deployed code reads or writes the old column from the stop-writing step on",
        undo=f"adds the old column back and copies every value from the new one"
        f"{' (cast back)' if n.cast else ''}, in batches (long on a large table): revert the "
        "steps after it first",
    )


def change_type_steps(
    facts: ColumnFacts, new: str, target: TargetType
) -> tuple[DatabaseStep | CodeStep, ...]:
    """change-column-type's steps: rename-column's shape with a new column of the new type
    (no ``ALTER COLUMN ... TYPE``, which rewrites the table under an exclusive lock): add
    it, write both, backfill with a cast, (make it NOT NULL,) the attribute maps the new
    column (its name stays, so no reference changes; its values' type may), (let the old
    column be NULL,) stop writing the old one, drop it."""
    n = _Names(
        facts.qualified_table, facts.column, new, facts.attribute,
        facts.quoted_table, quoted(facts.column), quoted(new), target.sql_type,
    )  # fmt: skip
    return _through_a_new_column(n, facts, _retype(n, (facts.python_type, target.python_type)))


def _retype(n: _Names, python: tuple[str, str]) -> CodeStep:
    before, after = (p.removeprefix("builtins.") or "unknown" for p in python)
    values = f"its values {after} from here on (were {before})" if before != after else ""
    return CodeStep(
        "switch",
        f"Read {n.new}: {n.attribute} maps the new column",
        f"{n.attribute} reads and writes {n.new} ({n.cast}){', ' + values if values else ''}; "
        f"{n.old} is still written, cast back, for code deployed before this step",
        after="code reads the new column once every row has it",
        undo="reads go back to the old column, which this step kept writing: nothing is lost "
        "that its type can hold",
        risk="Medium",
        why="reads move to the new column: every row must have it (the backfill done)"
        + (f"; code using {n.attribute} gets {after} values (listed for review)" * bool(values)),
        lower="check the backfill's monitoring query shows 0 rows left before deploying",
    )


def _remove_alias(n: _Names) -> CodeStep:
    return CodeStep(
        "contract",
        f"Remove the alias {n.attribute}",
        f"the model has {n.new} only; no code uses {n.attribute}",
        after="it removes the old name once every reference is renamed",
        undo="the old name comes back as an alias of the new column",
        why="no reference to the old name is left",
    )


def index_name(facts: ColumnFacts, given: str = "") -> str:
    """The index's name: the one given, else SQLAlchemy's default (``ix_<table>_<column>``,
    what ``mapped_column(index=True)`` names it)."""
    return given or f"ix_{facts.table}_{facts.column}"


def add_index_steps(
    facts: ColumnFacts, name: str, unique: bool
) -> tuple[DatabaseStep | CodeStep, ...]:
    """add-index's steps: the index built concurrently (writes go on), then declared on the
    model (``index=True``), so that the model and the database agree (``alembic check``)."""
    t, column = facts.qualified_table, facts.column
    kind = "UNIQUE INDEX" if unique else "INDEX"
    qt, qc = facts.quoted_table, quoted(column)
    return (
        DatabaseStep(
            "expand",
            f"Create {kind.lower()} {name} on {t}.{column} concurrently",
            (
                Lock(
                    f"CREATE {kind} CONCURRENTLY {quoted(name)} ON {qt} ({qc})",
                    "SHARE UPDATE EXCLUSIVE",
                    "two scans of the table; reads and writes go on",
                    rewrites=True,
                ),
            ),
            SQUAWK_ANSWERS["add-index"],
            scans_rows=True,
            undo="drops the index concurrently (writes go on)",
            waits="It waits for the transactions already open, blocking no writer meanwhile; "
            "it sets no lock_timeout (a build cut short leaves an invalid index).",
        ),
        CodeStep(
            "declare",
            f"Declare the index on {facts.model_class}.{facts.attribute}",
            f"the model declares the index the database has ({name})",
            after="the model declares the index once the database has it",
            undo="the model stops declaring it; the index stays in the database",
            why="no behaviour changes: the model's metadata matches the database",
        ),
    )


def drop_column_steps(facts: ColumnFacts) -> tuple[DatabaseStep | CodeStep, ...]:
    """drop-column's steps: (the column made nullable, when the database would refuse rows
    without it,) the attribute removed from the model once no code uses it, then, once no
    process runs code from before, the column dropped."""
    t, column = facts.qualified_table, facts.column
    qt, qc = facts.quoted_table, quoted(column)
    steps: list[DatabaseStep | CodeStep] = []
    if not facts.nullable and facts.server_default is None:
        steps.append(
            DatabaseStep(
                "relax",
                f"Let {t}.{column} be NULL (code will stop writing it)",
                (
                    Lock(
                        f"ALTER TABLE {qt} ALTER {qc} DROP NOT NULL",
                        "ACCESS EXCLUSIVE",
                        "milliseconds",
                    ),
                ),
                SQUAWK_ANSWERS["drop-column:relax"],
                scans_rows=False,
                undo="makes the column NOT NULL again (refused while a row written since "
                "has it NULL)",
            )
        )
    steps += [
        CodeStep(
            "contract",
            f"Remove {facts.attribute} from {facts.model_class}",
            f"the ORM no longer maps {column}: no code reads or writes it",
            after="rows may leave the column out once it may be NULL",
            undo="the model maps the column again",
            why="the attribute goes: the step waits until no code uses it",
        ),
        DatabaseStep(
            "drop",
            f"Drop column {t}.{column}",
            (Lock(f"ALTER TABLE {qt} DROP COLUMN {qc}", "ACCESS EXCLUSIVE", "milliseconds"),),
            SQUAWK_ANSWERS["drop-column:drop"],
            scans_rows=False,
            after="no code maps the column from the contract step on: deploy this once no "
            "process runs code from before it",
            undo="adds the column back, empty: its values are gone (a point of no return for "
            "the data)",
        ),
    ]
    return tuple(steps)


def add_column_steps(facts: ColumnFacts) -> tuple[DatabaseStep | CodeStep, ...]:
    """add-column's steps: the column added nullable with its default (catalog changes), the
    model maps it, the rows before it filled with the default in batches, NOT NULL through a
    validated check, and the model maps it NOT NULL."""
    t, c = facts.qualified_table, facts.column
    qt, qc = facts.quoted_table, quoted(c)
    return (
        DatabaseStep(
            "expand",
            f"Add column {t}.{c} (nullable, its default set apart)",
            (Lock(f"ALTER TABLE {qt} ADD COLUMN {qc}", "ACCESS EXCLUSIVE", "milliseconds"),),
            SQUAWK_ANSWERS["add-column:expand"],
            scans_rows=False,
            undo="drops the column: revert the steps after it first",
        ),
        CodeStep(
            "declare",
            f"Map {facts.model_class}.{facts.attribute}",
            f"the ORM maps {c}; rows it writes get the default unless code sets a value",
            after="the model maps the column the expand step adds",
            undo="the model stops mapping the column; rows get its default",
            why="a new attribute: nothing reads it yet",
        ),
        DatabaseStep(
            "backfill",
            f"Fill {t}.{c} with its default where it is NULL, in batches",
            (
                Lock(
                    f"UPDATE {qt} SET {qc} = DEFAULT (one batch of rows at a time)",
                    "ROW EXCLUSIVE",
                    "one batch (the rows it updates), committed before the next",
                    rewrites=True,
                ),
            ),
            SQUAWK_ANSWERS["backfill"],
            scans_rows=True,
            monitoring=f"SELECT count(*) AS rows_left FROM {qt} WHERE {qc} IS NULL",
            after="the rows written before the column existed get its default",
            undo="nothing to undo: the filled values stay, and the expand step's downgrade "
            "drops the column",
        ),
        _not_null(t, c, (qt, qc)),
        CodeStep(
            "contract",
            f"Map {facts.model_class}.{facts.attribute} NOT NULL",
            f"the model maps {c} NOT NULL, as the database has it",
            after="the model says NOT NULL once the database enforces it",
            undo="the model maps the column nullable again",
            why="the model matches the database",
        ),
    )


def steps_of(
    operation: str,
    facts: ColumnFacts,
    new_name: str,
    index: tuple[str, bool] = ("", False),
    target: TargetType | None = None,
) -> tuple[DatabaseStep | CodeStep, ...]:
    """The steps of ``operation`` on the column ``facts`` describe (``new_name``: the
    rename's new name, or the type change's new column; ``index``: add-index's name, empty
    for the default, and whether unique; ``target``: the type change's new type)."""
    if operation == "change-column-type":
        assert target is not None
        return change_type_steps(facts, new_column_name(facts, target, new_name), target)
    if operation == "add-index":
        return add_index_steps(facts, index_name(facts, index[0]), index[1])
    if operation == "drop-column":
        return drop_column_steps(facts)
    if operation == "add-column":
        return add_column_steps(facts)
    return rename_column_steps(facts, new_name)


def _not_null(table: str, new: str, sql: tuple[str, str]) -> DatabaseStep:
    qt, qn = sql
    check = f"{qn} IS NOT NULL"
    return DatabaseStep(
        "not-null",
        f"Make {table}.{new} NOT NULL (checked without blocking writes)",
        (
            Lock(
                f"ALTER TABLE {qt} ADD CONSTRAINT CHECK ({check}) NOT VALID",
                "ACCESS EXCLUSIVE",
                "milliseconds",
            ),
            Lock(
                "VALIDATE CONSTRAINT",
                "SHARE UPDATE EXCLUSIVE",
                "one scan of the table; reads and writes go on",
                rewrites=True,
            ),
            Lock(
                f"ALTER TABLE {qt} ALTER {qn} SET NOT NULL",
                "ACCESS EXCLUSIVE",
                "milliseconds: the valid check proves it, no scan",
            ),
            Lock("DROP CONSTRAINT", "ACCESS EXCLUSIVE", "milliseconds"),
        ),
        SQUAWK_ANSWERS["not-null"],
        scans_rows=True,
        after="every row has the new column filled once the backfill is done",
        undo="lets the new column be NULL again",
    )


@dataclass(frozen=True, slots=True)
class SquawkFinding:
    """One finding of squawk on a revision's SQL."""

    rule: str
    level: str
    message: str
    line: int  #: 1-based, in the step's SQL


@dataclass(frozen=True, slots=True)
class RevisionFacts:
    """A database step's revision as the plan made it: its id, the one it follows, its file,
    its SQL (``alembic upgrade A:B --sql``) and squawk's findings on that SQL (None: squawk
    could not run, with the reason in ``unlinted``)."""

    phase: str
    revision: str
    down_revision: str | None
    path: str
    sql: str
    findings: tuple[SquawkFinding, ...] | None
    unlinted: str = ""


@dataclass(frozen=True, slots=True)
class SchemaInputs:
    """What the plan knows of a schema refactoring's database: the column, the migrations,
    each database step's revision, and the table's size (None: not known, and why)."""

    column: ColumnFacts
    migrations: MigrationFacts
    revisions: tuple[RevisionFacts, ...]
    rows: int | None
    rows_unknown: str = ""  #: why the row count is not known
    target: TargetType | None = None  #: change-column-type's new type

    def revision(self, phase: str) -> RevisionFacts | None:
        """The revision of the database step ``phase``."""
        return next((r for r in self.revisions if r.phase == phase), None)


#: Above these row counts a step that scans the table is Medium, then Long.
MEDIUM_ROWS = 100_000
LONG_ROWS = 10_000_000


def duration(step: DatabaseStep, rows: int | None, unknown: str) -> tuple[str, str]:
    """The expected duration (Quick, Medium, Long, or Unknown) and why."""
    if not step.scans_rows:
        return "Quick", "catalog changes only: no row is read or written"
    if rows is None:
        return "Unknown", f"it reads every row, and the table's size is not known ({unknown})"
    level = "Quick" if rows < MEDIUM_ROWS else "Medium" if rows < LONG_ROWS else "Long"
    return level, f"it reads every row: about {rows:,} rows (pg_class.reltuples)"
