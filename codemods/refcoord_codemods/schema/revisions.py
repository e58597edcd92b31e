"""The Alembic revision each database step of rename-column writes (pure): its upgrade, a real
downgrade, ``lock_timeout`` set first, and batched copies that resume and work offline."""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import black
from black.parsing import InvalidInput

from refactor_coord.rewrite.templates import python_literal as q
from refactor_coord.rewrite.templates import render


@dataclass(frozen=True, slots=True)
class RevisionSpec:
    """What a rename-column revision needs to know (all from the plan's arguments)."""

    campaign: str
    refactor: str
    phase: str
    title: str
    revision: str
    down_revision: str | None
    table: str
    schema: str | None
    key: str  #: the primary key column the copies batch on
    old: str  #: the old column
    new: str  #: the new column
    sa_type: str
    type_imports: tuple[str, ...]
    server_default: str | None
    batch_size: int
    pause_ms: int
    lock_timeout: str
    operation: str = "rename-column"
    index: str = ""  #: add-index: the index's name
    unique: bool = False  #: add-index: a unique index
    #: change-column-type: the new type as revision code, the imports it needs, and the new
    #: and the old type in SQL (the casts' targets)
    retype: tuple[str, tuple[str, ...], str, str] | None = None

    @property
    def imports(self) -> tuple[str, ...]:
        """The imports the column types need beyond ``sqlalchemy as sa``."""
        extra = self.retype[1] if self.retype else ()
        return tuple(dict.fromkeys((*self.type_imports, *extra)))

    def copy(self, source: str, target: str) -> str:
        """The revision code copying ``source`` into ``target`` (cast to ``target``'s type
        when the type changes)."""
        if self.retype is None:
            return f"_copy({q(source)}, {q(target)})"
        cast = self.retype[2] if target == self.new else self.retype[3]
        return f"_copy({q(source)}, {q(target)}, {q(cast)})"


def revision_id(refactor: str, phase: str) -> str:
    """A revision id that is the same every time the plan is made (12 hex digits, as Alembic's
    own): from the refactoring and the step."""
    return hashlib.sha256(f"refcoord:{refactor}:{phase}".encode()).hexdigest()[:12]


def revision_path(versions: str, spec: RevisionSpec) -> str:
    """Where the revision goes: ``<versions>/<id>_<refactoring>_<phase>.py``."""
    slug = re.sub(r"[^a-z0-9]+", "_", f"{spec.refactor}_{spec.phase}".lower()).strip("_")
    return f"{versions}/{spec.revision}_{slug}.py"


def revision_text(spec: RevisionSpec) -> str:
    """The revision file of ``spec.phase``: expand, backfill, not-null, relax or drop."""
    upgrade, downgrade, about, downgrade_doc = _BODIES[spec.operation, spec.phase](spec)
    plain_upgrade, plain_downgrade = _plain(spec)
    table = f'"{spec.schema}"."{spec.table}"' if spec.schema else f'"{spec.table}"'
    copies = any("_copy(" in line for line in (*upgrade, *downgrade))
    plain_copies = any("_plain_copy(" in line for line in (*plain_upgrade, *plain_downgrade))
    text = render(
        __package__ or "",
        "revision.py.j2",
        title=spec.title,
        campaign=spec.campaign,
        refactor=spec.refactor,
        phase=spec.phase,
        about=textwrap.fill(about, 79),
        revision=spec.revision,
        down_revision=spec.down_revision,
        type_imports=spec.imports,
        lock_timeout="" if spec.operation == "add-index" else spec.lock_timeout,
        operation=spec.operation,
        drops_invalid=any("_drop_invalid(" in line for line in upgrade),
        copies=copies,
        not_null=any("_set_not_null(" in line for line in (*upgrade, *downgrade)),
        batch_size=spec.batch_size,
        pause_seconds=spec.pause_ms / 1000,
        rows_left=(
            f"SELECT count(*) FROM {table} ",
            f'WHERE "{spec.old}" IS NULL'
            if spec.operation == "add-column"
            else f'WHERE "{spec.new}" IS DISTINCT FROM {_copied(spec)}',
        ),
        upgrade=upgrade,
        downgrade=downgrade,
        plain_upgrade=plain_upgrade,
        plain_downgrade=plain_downgrade,
        plain_copies=plain_copies,
        schema=spec.schema,
        downgrade_doc=textwrap.fill(downgrade_doc, 75, subsequent_indent="    "),
        table=spec.table,
        quoted_table=table,
        key=spec.key,
    )
    try:  # PEP 8's width, as black writes it (a project's own formatter may run after)
        return black.format_str(text, mode=black.Mode(line_length=79))
    except InvalidInput:  # pragma: no cover - the template writes valid Python
        return text


Body = tuple[list[str], list[str], str, str]


def _plain(spec: RevisionSpec) -> tuple[list[str], list[str]]:
    """The upgrade and downgrade on a database other than PostgreSQL (SQLite, MySQL: the
    development and test databases of a project whose migrations run on several): the same
    change made plainly, in Alembic's batch mode (which SQLite needs to alter a column), a
    copy in one statement."""
    body = _PLAIN.get((spec.operation, spec.phase)) or _PLAIN[("", spec.phase)]
    return body(_Batch(spec))


@dataclass(frozen=True, slots=True)
class _Batch:
    """Plain statements on the revision's table (Alembic's batch mode)."""

    spec: RevisionSpec

    @property
    def old_type(self) -> str:
        """The old column's type (revision code)."""
        return self.spec.sa_type

    @property
    def new_type(self) -> str:
        """The new column's type (a type change's new type)."""
        return self.spec.retype[0] if self.spec.retype else self.spec.sa_type

    def _batch(self, line: str) -> list[str]:
        table = f"{q(self.spec.table)}{_schema_arg(self.spec)}"
        return [f"with op.batch_alter_table({table}) as batch:", f"    batch.{line}"]

    def add(self, name: str, kind: str) -> list[str]:
        """``name`` added, nullable, with the old column's default."""
        default = self.spec.server_default
        given = f", server_default={default}" if default else ""
        return self._batch(f"add_column(sa.Column({q(name)}, {kind}, nullable=True{given}))")

    def drop(self, name: str) -> list[str]:
        """``name`` dropped."""
        return self._batch(f"drop_column({q(name)})")

    def null(self, name: str, kind: str, allowed: bool) -> list[str]:
        """``name`` made nullable (``allowed``) or NOT NULL."""
        return self._batch(f"alter_column({q(name)}, existing_type={kind}, nullable={allowed})")

    def copy(self, source: str, target: str, kind: str) -> list[str]:
        """``source`` copied into ``target`` (cast to ``kind`` when the type changes)."""
        cast = f", {kind}" if self.spec.retype else ""
        return [f"_plain_copy({q(source)}, {q(target)}{cast})"]

    def index(self) -> tuple[list[str], list[str]]:
        """add-index's: built and dropped plainly."""
        spec, where = self.spec, _schema_arg(self.spec)
        unique = ", unique=True" if spec.unique else ""
        return (
            [f"op.create_index({q(spec.index)}, {q(spec.table)}, [{q(spec.old)}]{unique}{where})"],
            [f"op.drop_index({q(spec.index)}, table_name={q(spec.table)}{where})"],
        )


_Plain = Callable[[_Batch], tuple[list[str], list[str]]]
_NEW_COLUMN_PLAIN: dict[str, _Plain] = {
    "expand": lambda b: (b.add(b.spec.new, b.new_type), b.drop(b.spec.new)),
    "backfill": lambda b: (b.copy(b.spec.old, b.spec.new, b.new_type), []),
    "relax": lambda b: (
        b.null(b.spec.old, b.old_type, True),
        [*b.copy(b.spec.new, b.spec.old, b.old_type), *b.null(b.spec.old, b.old_type, False)],
    ),
    "drop": lambda b: (
        b.drop(b.spec.old),
        [*b.add(b.spec.old, b.old_type), *b.copy(b.spec.new, b.spec.old, b.old_type)],
    ),
}
_PLAIN: dict[tuple[str, str], _Plain] = {
    **{("rename-column", phase): body for phase, body in _NEW_COLUMN_PLAIN.items()},
    **{("change-column-type", phase): body for phase, body in _NEW_COLUMN_PLAIN.items()},
    ("", "not-null"): lambda b: (
        b.null(b.spec.new, b.new_type, False),
        b.null(b.spec.new, b.new_type, True),
    ),
    ("add-index", "expand"): _Batch.index,
    # added with its default, the rows from before have it: nothing is left to fill
    ("add-column", "expand"): lambda b: (b.add(b.spec.old, b.old_type), b.drop(b.spec.old)),
    ("add-column", "backfill"): lambda b: ([], []),
    ("drop-column", "relax"): lambda b: (
        b.null(b.spec.old, b.old_type, True),
        b.null(b.spec.old, b.old_type, False),
    ),
    ("drop-column", "drop"): lambda b: (b.drop(b.spec.old), b.add(b.spec.old, b.old_type)),
}


def _copied(spec: RevisionSpec) -> str:
    """The old column's value as the new column takes it (cast when the type changes)."""
    old = f'"{spec.old}"'
    return f"CAST({old} AS {spec.retype[2]})" if spec.retype else old


def _schema_arg(spec: RevisionSpec) -> str:
    return f", schema={q(spec.schema)}" if spec.schema else ""


def _added(spec: RevisionSpec, name: str) -> list[str]:
    """The column ``name`` added, nullable, and then given the old column's default: two
    catalog changes, whatever the default is (added with the column, a volatile one such as
    ``now()`` would rewrite the table). A type change's new column has the new type."""
    kind = spec.retype[0] if spec.retype and name == spec.new else spec.sa_type
    column = f"sa.Column({q(name)}, {kind}, nullable=True)"
    lines = [f"op.add_column({q(spec.table)}, {column}{_schema_arg(spec)})"]
    if spec.server_default:
        lines.append(
            f"op.alter_column({q(spec.table)}, {q(name)}, "
            f"server_default={spec.server_default}{_schema_arg(spec)})"
        )
    return lines


def _expand(spec: RevisionSpec) -> Body:
    drop = f"op.drop_column({q(spec.table)}, {q(spec.new)}{_schema_arg(spec)})"
    of_type = f" ({spec.retype[2]})" if spec.retype else ""
    about = (
        f"Adds {spec.new}{of_type} beside {spec.old}, nullable, then gives it {spec.old}'s "
        "default: no table rewrite, and code deployed before it goes on working."
    )
    return _added(spec, spec.new), [drop], about, ""


def _backfill(spec: RevisionSpec) -> Body:
    cast = f", cast to {spec.retype[2]}," if spec.retype else ""
    about = (
        f"Copies {spec.old} into {spec.new}{cast} for the rows written before the dual-write "
        "step, in batches; run it once that step is deployed everywhere. Watch it with "
        "ROWS_LEFT."
    )
    doc = (
        f"Nothing to undo: the copied values are what the dual-write step writes anyway, "
        f"and {spec.new} goes with the expand step's downgrade."
    )
    return [spec.copy(spec.old, spec.new)], [], about, doc


def _not_null(spec: RevisionSpec) -> Body:
    about = (
        f"Makes {spec.new} NOT NULL, as {spec.old} is, without scanning the table under an "
        "exclusive lock."
    )
    relax = f"op.alter_column({q(spec.table)}, {q(spec.new)}, nullable=True{_schema_arg(spec)})"
    return [f"_set_not_null({q(spec.new)})"], [relax], about, ""


def _relax(spec: RevisionSpec) -> Body:
    relax = f"op.alter_column({q(spec.table)}, {q(spec.old)}, nullable=True{_schema_arg(spec)})"
    about = (
        f"Lets {spec.old} be NULL, so that the next code step can stop writing it; no code "
        f"has read it since the switch step."
    )
    # rows written since the stop-writing step have no old value: copy them back first
    return (
        [relax],
        [spec.copy(spec.new, spec.old), f"_set_not_null({q(spec.old)})"],
        about,
        "",
    )


def _drop(spec: RevisionSpec) -> Body:
    drop = f"op.drop_column({q(spec.table)}, {q(spec.old)}{_schema_arg(spec)})"
    cast = f", cast to {spec.retype[3]}" if spec.retype else ""
    about = (
        f"Drops {spec.old}, which no code has read or written since the stop-writing step. "
        f"The downgrade adds it back and copies the values from {spec.new}{cast}."
    )
    return [drop], [*_added(spec, spec.old), spec.copy(spec.new, spec.old)], about, ""


def _add_index(spec: RevisionSpec) -> Body:
    unique = ", unique=True" if spec.unique else ""
    create = (
        f"op.create_index({q(spec.index)}, {q(spec.table)}, [{q(spec.old)}]{unique}"
        f"{_schema_arg(spec)}, postgresql_concurrently=True)"
    )
    drop = (
        f"op.drop_index({q(spec.index)}, table_name={q(spec.table)}{_schema_arg(spec)}, "
        "postgresql_concurrently=True, if_exists=True)"
    )
    about = (
        f"Builds {spec.index} on {spec.table}.{spec.old} concurrently, outside a "
        "transaction: reads and writes go on while it builds. A build that fails leaves an "
        "invalid index, which running the revision again drops first."
    )
    autocommit = "with op.get_context().autocommit_block():"
    return (
        [f"_drop_invalid({q(spec.index)})", autocommit, f"    {create}"],
        [autocommit, f"    {drop}"],
        about,
        "",
    )


def _relax_for_drop(spec: RevisionSpec) -> Body:
    relax = f"op.alter_column({q(spec.table)}, {q(spec.old)}, nullable=True{_schema_arg(spec)})"
    about = (
        f"Lets {spec.old} be NULL, so that the model can stop mapping it: rows written "
        "after that leave it out."
    )
    return [relax], [f"_set_not_null({q(spec.old)})"], about, ""


def _drop_for_good(spec: RevisionSpec) -> Body:
    drop = f"op.drop_column({q(spec.table)}, {q(spec.old)}{_schema_arg(spec)})"
    about = (
        f"Drops {spec.old}, which no code has read or written since the contract step. Its "
        "values are gone: the downgrade adds the column back, empty."
    )
    return [drop], _added(spec, spec.old), about, ""


def _add_column(spec: RevisionSpec) -> Body:
    drop = f"op.drop_column({q(spec.table)}, {q(spec.old)}{_schema_arg(spec)})"
    about = (
        f"Adds {spec.old}, nullable, then gives it its default: catalog changes only; rows "
        "written from now on get the default."
    )
    return _added(spec, spec.old), [drop], about, ""


def _fill(spec: RevisionSpec) -> Body:
    about = (
        f"Fills {spec.old} with its default in the rows written before it existed, in "
        "batches. Watch it with ROWS_LEFT."
    )
    doc = "Nothing to undo: the filled values stay; the expand step's downgrade drops the column."
    return [f"_copy(None, {q(spec.old)})"], [], about, doc


#: rename-column's bodies, which change-column-type's are (with the casts of its ``retype``)
_BODIES_OF_RENAME = {
    "expand": _expand,
    "backfill": _backfill,
    "not-null": _not_null,
    "relax": _relax,
    "drop": _drop,
}
_BODIES = {
    ("add-column", "expand"): _add_column,
    ("add-column", "backfill"): _fill,
    ("add-column", "not-null"): _not_null,
    ("drop-column", "relax"): _relax_for_drop,
    ("drop-column", "drop"): _drop_for_good,
    **{("rename-column", phase): body for phase, body in _BODIES_OF_RENAME.items()},
    ("add-index", "expand"): _add_index,
    **{("change-column-type", phase): body for phase, body in _BODIES_OF_RENAME.items()},
}
