"""The schema codemods' before/after cases, as data (:mod:`refactor_coord.rewrite.cases`):
each database step's revision (written, and refused when it is there already), the model
through dual-write, switch, stop-writing and contract, and migrate's renames.

Generated once from the codemods' output and reviewed; a change in a generated text shows
here. The revisions are also run on a real PostgreSQL by tests/test_schema_revisions.py."""

from __future__ import annotations

from refactor_coord.domain.plan import ArgValue
from refactor_coord.rewrite.cases import Case

ARGS: dict[str, ArgValue] = {
    "model": "shop.models.Order.total",
    "model_path": "shop/models.py",
    "table": "orders",
    "key": "id",
    "old": "total",
    "new": "total_cents",
    "sa_type": "sa.Integer()",
    "server_default": '"0"',
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": False,
    "sql_type": "INTEGER",
}

INDEX_ARGS: dict[str, ArgValue] = {
    "model": "shop.models.Order.status",
    "model_path": "shop/models.py",
    "table": "orders",
    "key": "id",
    "old": "status",
    "new": "",
    "sa_type": "sa.String(length=20)",
    "server_default": "",
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": False,
    "sql_type": "INTEGER",
    "operation": "add-index",
    "index": "ix_orders_status",
    "unique": True,
}

ADD_ARGS: dict[str, ArgValue] = {
    "model": "shop.models.Order.currency",
    "model_path": "shop/models.py",
    "table": "orders",
    "key": "id",
    "old": "currency",
    "new": "currency",
    "sa_type": "sa.String(length=3)",
    "server_default": '"EUR"',
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": False,
    "sql_type": "VARCHAR(3)",
    "operation": "add-column",
    "column_type": "String(3)",
    "default": '"EUR"',
}

DROP_ARGS: dict[str, ArgValue] = {
    "model": "shop.models.Order.total",
    "model_path": "shop/models.py",
    "table": "orders",
    "key": "id",
    "old": "total",
    "new": "",
    "sa_type": "sa.Integer()",
    "server_default": "",
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": False,
    "sql_type": "INTEGER",
    "operation": "drop-column",
}

MODELS = '''\
"""Tables."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20))
'''

MODELS_DUAL_WRITE = '''\
"""Tables."""

from sqlalchemy import Integer, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.attributes import get_history


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    # refcoord: total-cents: the new column
    total_cents: Mapped[int] = mapped_column(Integer, server_default="0", nullable=True)
    status: Mapped[str] = mapped_column(String(20))


# refcoord: total-cents: writes both columns
@event.listens_for(Order, "before_insert")
@event.listens_for(Order, "before_update")
def _write_order_total_cents(mapper: object, connection: object, target: Order) -> None:
    """Write total_cents whenever total is written."""
    if get_history(target, "total").has_changes():
        target.total_cents = target.total
'''

MODELS_SWITCH = '''\
"""Tables."""

from sqlalchemy import Integer, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, synonym
from sqlalchemy.orm.attributes import get_history


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    # refcoord: total-cents: the new column
    total_cents: Mapped[int] = mapped_column(Integer, server_default="0")
    # refcoord: total-cents: the old name, an alias of the new column
    total: Mapped[int] = synonym("total_cents")
    # refcoord: total-cents: the old column, written for code deployed before the switch
    _total_before_total_cents: Mapped[int] = mapped_column("total", Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20))


# refcoord: total-cents: writes both columns
@event.listens_for(Order, "before_insert")
@event.listens_for(Order, "before_update")
def _write_order_total_cents(mapper: object, connection: object, target: Order) -> None:
    """Write _total_before_total_cents whenever total_cents is written."""
    if get_history(target, "total_cents").has_changes():
        target._total_before_total_cents = target.total_cents
'''

MODELS_STOP_WRITING = '''\
"""Tables."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, synonym


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    # refcoord: total-cents: the new column
    total_cents: Mapped[int] = mapped_column(Integer, server_default="0")
    # refcoord: total-cents: the old name, an alias of the new column
    total: Mapped[int] = synonym("total_cents")
    status: Mapped[str] = mapped_column(String(20))
'''

MODELS_CONTRACT = '''\
"""Tables."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total_cents: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20))
'''

MODELS_INDEXED = '''\
"""Tables."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20), index=True, unique=True)
'''

MODELS_DROPPED = '''\
"""Tables."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
'''

MODELS_WITH_CURRENCY = '''\
"""Tables."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20))
    # refcoord: currency: the new column
    currency = mapped_column(String(3), server_default="EUR", nullable=True)
'''

MODELS_CURRENCY_REQUIRED = '''\
"""Tables."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20))
    currency = mapped_column(String(3), server_default="EUR", nullable=False)
'''

USES = """\
from shop.models import Order


def make(total: int) -> Order:
    return Order(total=total, status="open")


def double(order: Order) -> None:
    order.total = order.total * 2


def rank():
    return Order.total.desc()


def patch():
    Order.total = None
"""

USES_RENAMED = """\
from shop.models import Order


def make(total: int) -> Order:
    return Order(total_cents=total, status="open")


def double(order: Order) -> None:
    order.total_cents = order.total_cents * 2


def rank():
    return Order.total_cents.desc()


def patch():
    Order.total = None
"""

EXPAND_REVISION = '''\
"""Add column orders.total_cents

Written by refcoord for the campaign shop: refactoring total-cents
(rename-column), its expand step.
Adds total_cents beside total, nullable, then gives it total's default: no
table rewrite, and code deployed before it goes on working.

Revision ID: aaaa00000001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "aaaa00000001"
down_revision = "0001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.add_column(
                sa.Column(
                    "total_cents",
                    sa.Integer(),
                    nullable=True,
                    server_default="0",
                )
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.add_column(
        "orders", sa.Column("total_cents", sa.Integer(), nullable=True)
    )
    op.alter_column("orders", "total_cents", server_default="0")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.drop_column("total_cents")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.drop_column("orders", "total_cents")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"
'''

BACKFILL_REVISION = '''\
"""Backfill orders.total_cents from total in batches

Written by refcoord for the campaign shop: refactoring total-cents
(rename-column), its backfill step.
Copies total into total_cents for the rows written before the dual-write step,
in batches; run it once that step is deployed everywhere. Watch it with
ROWS_LEFT.

Revision ID: aaaa00000002
Revises: aaaa00000001
"""

import logging
import time

import sqlalchemy as sa
from alembic import context, op

revision = "aaaa00000002"
down_revision = "aaaa00000001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"
BATCH_SIZE = 500  #: rows per batch, each batch committed on its own
PAUSE_SECONDS = 0.05  #: between batches, to leave the database room
#: what monitoring runs to watch the copy: the rows still to copy
ROWS_LEFT = (
    'SELECT count(*) FROM "orders" '
    'WHERE "total_cents" IS DISTINCT FROM "total"'
)


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        _plain_copy("total", "total_cents")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    _copy("total", "total_cents")


def downgrade() -> None:
    """Nothing to undo: the copied values are what the dual-write step writes
    anyway, and total_cents goes with the expand step's downgrade."""


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _plain_copy(
    source: str, target: str, kind: "sa.types.TypeEngine[object] | None" = None
) -> None:
    """``source`` copied into ``target`` in one statement (cast to ``kind``):
    on a database other than PostgreSQL."""
    table = sa.table(
        "orders", sa.column(source), sa.column(target), schema=None
    )
    value = table.c[source] if kind is None else sa.cast(table.c[source], kind)
    op.execute(table.update().values({target: value}))


def _copy(source: str | None, target: str, cast: str | None = None) -> None:
    """Copy ``source`` into ``target`` where they differ (``source`` None: set
    ``target`` to its default where it is NULL; ``cast``: cast to that type),
    in batches of BATCH_SIZE rows by primary key, each committed on its own,
    with a pause between them. An interrupted copy resumes where it stopped
    when run again (rows already copied are skipped). Offline (``alembic
    upgrade --sql``) it is one PL/pgSQL block doing the same."""
    value, differ = _copied(source, target, cast)
    update = (
        f'UPDATE "orders" SET "{target}" = {value} '
        f'WHERE "id" >= :low AND ("id" < :high OR :high IS NULL) AND {differ}'
    )
    if context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.execute(_offline_copy(value, differ, target))
        return
    log = logging.getLogger("alembic.runtime.migration")
    after = sa.text(
        'SELECT "id" FROM "orders" WHERE "id" >= :low '
        'ORDER BY "id" OFFSET :rows LIMIT 1'
    )
    with op.get_context().autocommit_block():
        connection = op.get_bind()
        low = connection.execute(
            sa.text('SELECT min("id") FROM "orders"')
        ).scalar()
        copied = 0
        while (
            low is not None
        ):  # each batch: BATCH_SIZE rows of the key, however sparse
            high = connection.execute(
                after, {"low": low, "rows": BATCH_SIZE}
            ).scalar()
            result = connection.execute(
                sa.text(update), {"low": low, "high": high}
            )
            copied += result.rowcount
            log.info(
                "copied %d rows to orders.%s (from id %d)", copied, target, low
            )
            low = high
            if PAUSE_SECONDS and low is not None:
                time.sleep(PAUSE_SECONDS)


def _copied(
    source: str | None, target: str, cast: str | None
) -> tuple[str, str]:
    """What ``target`` is set to, and the condition of the rows still to copy."""
    if source is None:
        return "DEFAULT", f'"{target}" IS NULL'
    value = f'CAST("{source}" AS {cast})' if cast else f'"{source}"'
    return value, f'"{target}" IS DISTINCT FROM {value}'


def _offline_copy(value: str, differ: str, target: str) -> str:
    return f"""DO $$
DECLARE
    low bigint;
    high bigint;
BEGIN
    SELECT min("id") INTO low FROM "orders";
    WHILE low IS NOT NULL LOOP
        SELECT "id" INTO high FROM "orders" WHERE "id" >= low
        ORDER BY "id" OFFSET {BATCH_SIZE} LIMIT 1;
        UPDATE "orders" SET "{target}" = {value}
        WHERE "id" >= low AND ("id" < high OR high IS NULL)
        AND {differ};
        COMMIT;
        PERFORM pg_sleep({PAUSE_SECONDS});
        low := high;
    END LOOP;
END $$"""
'''

NOT_NULL_REVISION = '''\
"""Make orders.total_cents NOT NULL

Written by refcoord for the campaign shop: refactoring total-cents
(rename-column), its not-null step.
Makes total_cents NOT NULL, as total is, without scanning the table under an
exclusive lock.

Revision ID: aaaa00000003
Revises: aaaa00000002
"""

import sqlalchemy as sa
from alembic import op

revision = "aaaa00000003"
down_revision = "aaaa00000002"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.alter_column(
                "total_cents", existing_type=sa.Integer(), nullable=False
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    _set_not_null("total_cents")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.alter_column(
                "total_cents", existing_type=sa.Integer(), nullable=True
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.alter_column("orders", "total_cents", nullable=True)


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _set_not_null(column: str) -> None:
    """``column`` made NOT NULL without a scan under an exclusive lock: a CHECK
    added NOT VALID, validated while reads and writes go on, then SET NOT NULL
    (which the valid check proves) and the check dropped; each statement
    committed on its own."""
    check = f"orders_{column}_not_null"
    with op.get_context().autocommit_block():
        op.execute(f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"')
        op.execute(
            f'ALTER TABLE "orders" ADD CONSTRAINT "{check}" '
            f'CHECK ("{column}" IS NOT NULL) NOT VALID'
        )
        try:
            op.execute(f'ALTER TABLE "orders" VALIDATE CONSTRAINT "{check}"')
        except Exception:
            # a row is NULL: leave no check that would refuse its updates
            op.execute(
                f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"'
            )
            raise
        op.execute(
            f'ALTER TABLE "orders" ALTER COLUMN "{column}" SET NOT NULL'
        )
        op.execute(f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"')
'''

RELAX_REVISION = '''\
"""Let orders.total be NULL

Written by refcoord for the campaign shop: refactoring total-cents
(rename-column), its relax step.
Lets total be NULL, so that the next code step can stop writing it; no code has
read it since the switch step.

Revision ID: aaaa00000004
Revises: aaaa00000003
"""

import logging
import time

import sqlalchemy as sa
from alembic import context, op

revision = "aaaa00000004"
down_revision = "aaaa00000003"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"
BATCH_SIZE = 500  #: rows per batch, each batch committed on its own
PAUSE_SECONDS = 0.05  #: between batches, to leave the database room
#: what monitoring runs to watch the copy: the rows still to copy
ROWS_LEFT = (
    'SELECT count(*) FROM "orders" '
    'WHERE "total_cents" IS DISTINCT FROM "total"'
)


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.alter_column(
                "total", existing_type=sa.Integer(), nullable=True
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.alter_column("orders", "total", nullable=True)


def downgrade() -> None:
    if not _on_postgresql():
        _plain_copy("total_cents", "total")
        with op.batch_alter_table("orders") as batch:
            batch.alter_column(
                "total", existing_type=sa.Integer(), nullable=False
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    _copy("total_cents", "total")
    _set_not_null("total")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _plain_copy(
    source: str, target: str, kind: "sa.types.TypeEngine[object] | None" = None
) -> None:
    """``source`` copied into ``target`` in one statement (cast to ``kind``):
    on a database other than PostgreSQL."""
    table = sa.table(
        "orders", sa.column(source), sa.column(target), schema=None
    )
    value = table.c[source] if kind is None else sa.cast(table.c[source], kind)
    op.execute(table.update().values({target: value}))


def _set_not_null(column: str) -> None:
    """``column`` made NOT NULL without a scan under an exclusive lock: a CHECK
    added NOT VALID, validated while reads and writes go on, then SET NOT NULL
    (which the valid check proves) and the check dropped; each statement
    committed on its own."""
    check = f"orders_{column}_not_null"
    with op.get_context().autocommit_block():
        op.execute(f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"')
        op.execute(
            f'ALTER TABLE "orders" ADD CONSTRAINT "{check}" '
            f'CHECK ("{column}" IS NOT NULL) NOT VALID'
        )
        try:
            op.execute(f'ALTER TABLE "orders" VALIDATE CONSTRAINT "{check}"')
        except Exception:
            # a row is NULL: leave no check that would refuse its updates
            op.execute(
                f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"'
            )
            raise
        op.execute(
            f'ALTER TABLE "orders" ALTER COLUMN "{column}" SET NOT NULL'
        )
        op.execute(f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"')


def _copy(source: str | None, target: str, cast: str | None = None) -> None:
    """Copy ``source`` into ``target`` where they differ (``source`` None: set
    ``target`` to its default where it is NULL; ``cast``: cast to that type),
    in batches of BATCH_SIZE rows by primary key, each committed on its own,
    with a pause between them. An interrupted copy resumes where it stopped
    when run again (rows already copied are skipped). Offline (``alembic
    upgrade --sql``) it is one PL/pgSQL block doing the same."""
    value, differ = _copied(source, target, cast)
    update = (
        f'UPDATE "orders" SET "{target}" = {value} '
        f'WHERE "id" >= :low AND ("id" < :high OR :high IS NULL) AND {differ}'
    )
    if context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.execute(_offline_copy(value, differ, target))
        return
    log = logging.getLogger("alembic.runtime.migration")
    after = sa.text(
        'SELECT "id" FROM "orders" WHERE "id" >= :low '
        'ORDER BY "id" OFFSET :rows LIMIT 1'
    )
    with op.get_context().autocommit_block():
        connection = op.get_bind()
        low = connection.execute(
            sa.text('SELECT min("id") FROM "orders"')
        ).scalar()
        copied = 0
        while (
            low is not None
        ):  # each batch: BATCH_SIZE rows of the key, however sparse
            high = connection.execute(
                after, {"low": low, "rows": BATCH_SIZE}
            ).scalar()
            result = connection.execute(
                sa.text(update), {"low": low, "high": high}
            )
            copied += result.rowcount
            log.info(
                "copied %d rows to orders.%s (from id %d)", copied, target, low
            )
            low = high
            if PAUSE_SECONDS and low is not None:
                time.sleep(PAUSE_SECONDS)


def _copied(
    source: str | None, target: str, cast: str | None
) -> tuple[str, str]:
    """What ``target`` is set to, and the condition of the rows still to copy."""
    if source is None:
        return "DEFAULT", f'"{target}" IS NULL'
    value = f'CAST("{source}" AS {cast})' if cast else f'"{source}"'
    return value, f'"{target}" IS DISTINCT FROM {value}'


def _offline_copy(value: str, differ: str, target: str) -> str:
    return f"""DO $$
DECLARE
    low bigint;
    high bigint;
BEGIN
    SELECT min("id") INTO low FROM "orders";
    WHILE low IS NOT NULL LOOP
        SELECT "id" INTO high FROM "orders" WHERE "id" >= low
        ORDER BY "id" OFFSET {BATCH_SIZE} LIMIT 1;
        UPDATE "orders" SET "{target}" = {value}
        WHERE "id" >= low AND ("id" < high OR high IS NULL)
        AND {differ};
        COMMIT;
        PERFORM pg_sleep({PAUSE_SECONDS});
        low := high;
    END LOOP;
END $$"""
'''

DROP_REVISION = '''\
"""Drop column orders.total

Written by refcoord for the campaign shop: refactoring total-cents
(rename-column), its drop step.
Drops total, which no code has read or written since the stop-writing step. The
downgrade adds it back and copies the values from total_cents.

Revision ID: aaaa00000005
Revises: aaaa00000004
"""

import logging
import time

import sqlalchemy as sa
from alembic import context, op

revision = "aaaa00000005"
down_revision = "aaaa00000004"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"
BATCH_SIZE = 500  #: rows per batch, each batch committed on its own
PAUSE_SECONDS = 0.05  #: between batches, to leave the database room
#: what monitoring runs to watch the copy: the rows still to copy
ROWS_LEFT = (
    'SELECT count(*) FROM "orders" '
    'WHERE "total_cents" IS DISTINCT FROM "total"'
)


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.drop_column("total")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.drop_column("orders", "total")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.add_column(
                sa.Column(
                    "total", sa.Integer(), nullable=True, server_default="0"
                )
            )
        _plain_copy("total_cents", "total")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.add_column("orders", sa.Column("total", sa.Integer(), nullable=True))
    op.alter_column("orders", "total", server_default="0")
    _copy("total_cents", "total")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _plain_copy(
    source: str, target: str, kind: "sa.types.TypeEngine[object] | None" = None
) -> None:
    """``source`` copied into ``target`` in one statement (cast to ``kind``):
    on a database other than PostgreSQL."""
    table = sa.table(
        "orders", sa.column(source), sa.column(target), schema=None
    )
    value = table.c[source] if kind is None else sa.cast(table.c[source], kind)
    op.execute(table.update().values({target: value}))


def _copy(source: str | None, target: str, cast: str | None = None) -> None:
    """Copy ``source`` into ``target`` where they differ (``source`` None: set
    ``target`` to its default where it is NULL; ``cast``: cast to that type),
    in batches of BATCH_SIZE rows by primary key, each committed on its own,
    with a pause between them. An interrupted copy resumes where it stopped
    when run again (rows already copied are skipped). Offline (``alembic
    upgrade --sql``) it is one PL/pgSQL block doing the same."""
    value, differ = _copied(source, target, cast)
    update = (
        f'UPDATE "orders" SET "{target}" = {value} '
        f'WHERE "id" >= :low AND ("id" < :high OR :high IS NULL) AND {differ}'
    )
    if context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.execute(_offline_copy(value, differ, target))
        return
    log = logging.getLogger("alembic.runtime.migration")
    after = sa.text(
        'SELECT "id" FROM "orders" WHERE "id" >= :low '
        'ORDER BY "id" OFFSET :rows LIMIT 1'
    )
    with op.get_context().autocommit_block():
        connection = op.get_bind()
        low = connection.execute(
            sa.text('SELECT min("id") FROM "orders"')
        ).scalar()
        copied = 0
        while (
            low is not None
        ):  # each batch: BATCH_SIZE rows of the key, however sparse
            high = connection.execute(
                after, {"low": low, "rows": BATCH_SIZE}
            ).scalar()
            result = connection.execute(
                sa.text(update), {"low": low, "high": high}
            )
            copied += result.rowcount
            log.info(
                "copied %d rows to orders.%s (from id %d)", copied, target, low
            )
            low = high
            if PAUSE_SECONDS and low is not None:
                time.sleep(PAUSE_SECONDS)


def _copied(
    source: str | None, target: str, cast: str | None
) -> tuple[str, str]:
    """What ``target`` is set to, and the condition of the rows still to copy."""
    if source is None:
        return "DEFAULT", f'"{target}" IS NULL'
    value = f'CAST("{source}" AS {cast})' if cast else f'"{source}"'
    return value, f'"{target}" IS DISTINCT FROM {value}'


def _offline_copy(value: str, differ: str, target: str) -> str:
    return f"""DO $$
DECLARE
    low bigint;
    high bigint;
BEGIN
    SELECT min("id") INTO low FROM "orders";
    WHILE low IS NOT NULL LOOP
        SELECT "id" INTO high FROM "orders" WHERE "id" >= low
        ORDER BY "id" OFFSET {BATCH_SIZE} LIMIT 1;
        UPDATE "orders" SET "{target}" = {value}
        WHERE "id" >= low AND ("id" < high OR high IS NULL)
        AND {differ};
        COMMIT;
        PERFORM pg_sleep({PAUSE_SECONDS});
        low := high;
    END LOOP;
END $$"""
'''

ADD_INDEX_REVISION = '''\
"""Create unique index ix_orders_status on orders.status concurrently

Written by refcoord for the campaign shop: refactoring status-index
(add-index), its expand step.
Builds ix_orders_status on orders.status concurrently, outside a transaction:
reads and writes go on while it builds. A build that fails leaves an invalid
index, which running the revision again drops first.

Revision ID: bbbb00000001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import context, op

revision = "bbbb00000001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        op.create_index("ix_orders_status", "orders", ["status"], unique=True)
        return
    _drop_invalid("ix_orders_status")
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_orders_status",
            "orders",
            ["status"],
            unique=True,
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    if not _on_postgresql():
        op.drop_index("ix_orders_status", table_name="orders")
        return
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_orders_status",
            table_name="orders",
            postgresql_concurrently=True,
            if_exists=True,
        )


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _drop_invalid(name: str) -> None:
    """Drop the index ``name`` when an interrupted build left it INVALID (a
    concurrent build that fails leaves one behind), so that the build can run
    again; online only (offline, nothing is known of the database)."""
    if context.is_offline_mode():
        return
    invalid = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = :name AND NOT i.indisvalid"
            ),
            {"name": name},
        )
        .first()
    )
    if invalid is not None:
        with op.get_context().autocommit_block():
            op.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
'''

DROP_COLUMN_RELAX_REVISION = '''\
"""Let orders.total be NULL

Written by refcoord for the campaign shop: refactoring drop-total
(drop-column), its relax step.
Lets total be NULL, so that the model can stop mapping it: rows written after
that leave it out.

Revision ID: cccc00000001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "cccc00000001"
down_revision = "0001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.alter_column(
                "total", existing_type=sa.Integer(), nullable=True
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.alter_column("orders", "total", nullable=True)


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.alter_column(
                "total", existing_type=sa.Integer(), nullable=False
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    _set_not_null("total")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _set_not_null(column: str) -> None:
    """``column`` made NOT NULL without a scan under an exclusive lock: a CHECK
    added NOT VALID, validated while reads and writes go on, then SET NOT NULL
    (which the valid check proves) and the check dropped; each statement
    committed on its own."""
    check = f"orders_{column}_not_null"
    with op.get_context().autocommit_block():
        op.execute(f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"')
        op.execute(
            f'ALTER TABLE "orders" ADD CONSTRAINT "{check}" '
            f'CHECK ("{column}" IS NOT NULL) NOT VALID'
        )
        try:
            op.execute(f'ALTER TABLE "orders" VALIDATE CONSTRAINT "{check}"')
        except Exception:
            # a row is NULL: leave no check that would refuse its updates
            op.execute(
                f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"'
            )
            raise
        op.execute(
            f'ALTER TABLE "orders" ALTER COLUMN "{column}" SET NOT NULL'
        )
        op.execute(f'ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "{check}"')
'''

DROP_COLUMN_DROP_REVISION = '''\
"""Drop column orders.total

Written by refcoord for the campaign shop: refactoring drop-total
(drop-column), its drop step.
Drops total, which no code has read or written since the contract step. Its
values are gone: the downgrade adds the column back, empty.

Revision ID: cccc00000002
Revises: cccc00000001
"""

import sqlalchemy as sa
from alembic import op

revision = "cccc00000002"
down_revision = "cccc00000001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.drop_column("total")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.drop_column("orders", "total")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.add_column(sa.Column("total", sa.Integer(), nullable=True))
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.add_column("orders", sa.Column("total", sa.Integer(), nullable=True))


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"
'''

ADD_EXPAND = '''\
"""Add column orders.currency

Written by refcoord for the campaign shop: refactoring currency
(add-column), its expand step.
Adds currency, nullable, then gives it its default: catalog changes only; rows
written from now on get the default.

Revision ID: dddd00000001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "dddd00000001"
down_revision = "0001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.add_column(
                sa.Column(
                    "currency",
                    sa.String(length=3),
                    nullable=True,
                    server_default="EUR",
                )
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.add_column(
        "orders", sa.Column("currency", sa.String(length=3), nullable=True)
    )
    op.alter_column("orders", "currency", server_default="EUR")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.drop_column("currency")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.drop_column("orders", "currency")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"
'''

ADD_BACKFILL = '''\
"""Fill orders.currency with its default

Written by refcoord for the campaign shop: refactoring currency
(add-column), its backfill step.
Fills currency with its default in the rows written before it existed, in
batches. Watch it with ROWS_LEFT.

Revision ID: dddd00000002
Revises: dddd00000001
"""

import logging
import time

import sqlalchemy as sa
from alembic import context, op

revision = "dddd00000002"
down_revision = "dddd00000001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"
BATCH_SIZE = 500  #: rows per batch, each batch committed on its own
PAUSE_SECONDS = 0.05  #: between batches, to leave the database room
#: what monitoring runs to watch the copy: the rows still to copy
ROWS_LEFT = 'SELECT count(*) FROM "orders" ' 'WHERE "currency" IS NULL'


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    _copy(None, "currency")


def downgrade() -> None:
    """Nothing to undo: the filled values stay; the expand step's downgrade drops
    the column."""


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _copy(source: str | None, target: str, cast: str | None = None) -> None:
    """Copy ``source`` into ``target`` where they differ (``source`` None: set
    ``target`` to its default where it is NULL; ``cast``: cast to that type),
    in batches of BATCH_SIZE rows by primary key, each committed on its own,
    with a pause between them. An interrupted copy resumes where it stopped
    when run again (rows already copied are skipped). Offline (``alembic
    upgrade --sql``) it is one PL/pgSQL block doing the same."""
    value, differ = _copied(source, target, cast)
    update = (
        f'UPDATE "orders" SET "{target}" = {value} '
        f'WHERE "id" >= :low AND ("id" < :high OR :high IS NULL) AND {differ}'
    )
    if context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.execute(_offline_copy(value, differ, target))
        return
    log = logging.getLogger("alembic.runtime.migration")
    after = sa.text(
        'SELECT "id" FROM "orders" WHERE "id" >= :low '
        'ORDER BY "id" OFFSET :rows LIMIT 1'
    )
    with op.get_context().autocommit_block():
        connection = op.get_bind()
        low = connection.execute(
            sa.text('SELECT min("id") FROM "orders"')
        ).scalar()
        copied = 0
        while (
            low is not None
        ):  # each batch: BATCH_SIZE rows of the key, however sparse
            high = connection.execute(
                after, {"low": low, "rows": BATCH_SIZE}
            ).scalar()
            result = connection.execute(
                sa.text(update), {"low": low, "high": high}
            )
            copied += result.rowcount
            log.info(
                "copied %d rows to orders.%s (from id %d)", copied, target, low
            )
            low = high
            if PAUSE_SECONDS and low is not None:
                time.sleep(PAUSE_SECONDS)


def _copied(
    source: str | None, target: str, cast: str | None
) -> tuple[str, str]:
    """What ``target`` is set to, and the condition of the rows still to copy."""
    if source is None:
        return "DEFAULT", f'"{target}" IS NULL'
    value = f'CAST("{source}" AS {cast})' if cast else f'"{source}"'
    return value, f'"{target}" IS DISTINCT FROM {value}'


def _offline_copy(value: str, differ: str, target: str) -> str:
    return f"""DO $$
DECLARE
    low bigint;
    high bigint;
BEGIN
    SELECT min("id") INTO low FROM "orders";
    WHILE low IS NOT NULL LOOP
        SELECT "id" INTO high FROM "orders" WHERE "id" >= low
        ORDER BY "id" OFFSET {BATCH_SIZE} LIMIT 1;
        UPDATE "orders" SET "{target}" = {value}
        WHERE "id" >= low AND ("id" < high OR high IS NULL)
        AND {differ};
        COMMIT;
        PERFORM pg_sleep({PAUSE_SECONDS});
        low := high;
    END LOOP;
END $$"""
'''

RETYPE_ARGS: dict[str, ArgValue] = {
    "model": "shop.models.Order.total",
    "model_path": "shop/models.py",
    "table": "orders",
    "key": "id",
    "old": "total",
    "new": "total_dec",
    "sa_type": "sa.Integer()",
    "server_default": '"0"',
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": False,
    "sql_type": "INTEGER",
    "python_type": "builtins.int",
    "operation": "change-column-type",
    "column_type": "Numeric(12, 2)",
    "new_sa_type": "sa.Numeric(precision=12, scale=2)",
    "new_sql_type": "NUMERIC(12, 2)",
    "new_python_type": "decimal.Decimal",
}

MODELS_RETYPED_DUAL_WRITE = '''\
"""Tables."""

from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.attributes import get_history


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[int] = mapped_column(Integer, server_default="0")
    # refcoord: numeric: the new column
    total_dec: Mapped[Decimal] = mapped_column(Numeric(12, 2), server_default="0", nullable=True)
    status: Mapped[str] = mapped_column(String(20))


# refcoord: numeric: writes both columns
@event.listens_for(Order, "before_insert")
@event.listens_for(Order, "before_update")
def _write_order_total_dec(mapper: object, connection: object, target: Order) -> None:
    """Write total_dec whenever total is written."""
    if get_history(target, "total").has_changes():
        target.total_dec = target.total
'''

MODELS_RETYPED_SWITCH = '''\
"""Tables."""

from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.attributes import get_history


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    # refcoord: numeric: the new column
    total: Mapped[Decimal] = mapped_column("total_dec", Numeric(12, 2), server_default="0")
    # refcoord: numeric: the old column, written for code deployed before the switch
    _total_before_total_dec: Mapped[int] = mapped_column("total", Integer, server_default="0")
    status: Mapped[str] = mapped_column(String(20))


# refcoord: numeric: writes both columns
@event.listens_for(Order, "before_insert")
@event.listens_for(Order, "before_update")
def _write_order_total_dec(mapper: object, connection: object, target: Order) -> None:
    """Write _total_before_total_dec whenever total is written."""
    if get_history(target, "total").has_changes():
        target._total_before_total_dec = target.total
'''

MODELS_RETYPED_STOP_WRITING = '''\
"""Tables."""

from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the order's total, in cents
    total: Mapped[Decimal] = mapped_column("total_dec", Numeric(12, 2), server_default="0")
    status: Mapped[str] = mapped_column(String(20))
'''

RETYPED_EXPAND_REVISION = '''\
"""Add column orders.total_dec NUMERIC(12, 2)

Written by refcoord for the campaign shop: refactoring numeric
(change-column-type), its expand step.
Adds total_dec (NUMERIC(12, 2)) beside total, nullable, then gives it total's
default: no table rewrite, and code deployed before it goes on working.

Revision ID: cccc00000001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "cccc00000001"
down_revision = "0001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.add_column(
                sa.Column(
                    "total_dec",
                    sa.Numeric(precision=12, scale=2),
                    nullable=True,
                    server_default="0",
                )
            )
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.add_column(
        "orders",
        sa.Column(
            "total_dec", sa.Numeric(precision=12, scale=2), nullable=True
        ),
    )
    op.alter_column("orders", "total_dec", server_default="0")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.drop_column("total_dec")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.drop_column("orders", "total_dec")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"
'''

RETYPED_BACKFILL_REVISION = '''\
"""Backfill orders.total_dec from total (cast) in batches

Written by refcoord for the campaign shop: refactoring numeric
(change-column-type), its backfill step.
Copies total into total_dec, cast to NUMERIC(12, 2), for the rows written
before the dual-write step, in batches; run it once that step is deployed
everywhere. Watch it with ROWS_LEFT.

Revision ID: cccc00000002
Revises: cccc00000001
"""

import logging
import time

import sqlalchemy as sa
from alembic import context, op

revision = "cccc00000002"
down_revision = "cccc00000001"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"
BATCH_SIZE = 500  #: rows per batch, each batch committed on its own
PAUSE_SECONDS = 0.05  #: between batches, to leave the database room
#: what monitoring runs to watch the copy: the rows still to copy
ROWS_LEFT = (
    'SELECT count(*) FROM "orders" '
    'WHERE "total_dec" IS DISTINCT FROM CAST("total" AS NUMERIC(12, 2))'
)


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        _plain_copy("total", "total_dec", sa.Numeric(precision=12, scale=2))
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    _copy("total", "total_dec", "NUMERIC(12, 2)")


def downgrade() -> None:
    """Nothing to undo: the copied values are what the dual-write step writes
    anyway, and total_dec goes with the expand step's downgrade."""


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _plain_copy(
    source: str, target: str, kind: "sa.types.TypeEngine[object] | None" = None
) -> None:
    """``source`` copied into ``target`` in one statement (cast to ``kind``):
    on a database other than PostgreSQL."""
    table = sa.table(
        "orders", sa.column(source), sa.column(target), schema=None
    )
    value = table.c[source] if kind is None else sa.cast(table.c[source], kind)
    op.execute(table.update().values({target: value}))


def _copy(source: str | None, target: str, cast: str | None = None) -> None:
    """Copy ``source`` into ``target`` where they differ (``source`` None: set
    ``target`` to its default where it is NULL; ``cast``: cast to that type),
    in batches of BATCH_SIZE rows by primary key, each committed on its own,
    with a pause between them. An interrupted copy resumes where it stopped
    when run again (rows already copied are skipped). Offline (``alembic
    upgrade --sql``) it is one PL/pgSQL block doing the same."""
    value, differ = _copied(source, target, cast)
    update = (
        f'UPDATE "orders" SET "{target}" = {value} '
        f'WHERE "id" >= :low AND ("id" < :high OR :high IS NULL) AND {differ}'
    )
    if context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.execute(_offline_copy(value, differ, target))
        return
    log = logging.getLogger("alembic.runtime.migration")
    after = sa.text(
        'SELECT "id" FROM "orders" WHERE "id" >= :low '
        'ORDER BY "id" OFFSET :rows LIMIT 1'
    )
    with op.get_context().autocommit_block():
        connection = op.get_bind()
        low = connection.execute(
            sa.text('SELECT min("id") FROM "orders"')
        ).scalar()
        copied = 0
        while (
            low is not None
        ):  # each batch: BATCH_SIZE rows of the key, however sparse
            high = connection.execute(
                after, {"low": low, "rows": BATCH_SIZE}
            ).scalar()
            result = connection.execute(
                sa.text(update), {"low": low, "high": high}
            )
            copied += result.rowcount
            log.info(
                "copied %d rows to orders.%s (from id %d)", copied, target, low
            )
            low = high
            if PAUSE_SECONDS and low is not None:
                time.sleep(PAUSE_SECONDS)


def _copied(
    source: str | None, target: str, cast: str | None
) -> tuple[str, str]:
    """What ``target`` is set to, and the condition of the rows still to copy."""
    if source is None:
        return "DEFAULT", f'"{target}" IS NULL'
    value = f'CAST("{source}" AS {cast})' if cast else f'"{source}"'
    return value, f'"{target}" IS DISTINCT FROM {value}'


def _offline_copy(value: str, differ: str, target: str) -> str:
    return f"""DO $$
DECLARE
    low bigint;
    high bigint;
BEGIN
    SELECT min("id") INTO low FROM "orders";
    WHILE low IS NOT NULL LOOP
        SELECT "id" INTO high FROM "orders" WHERE "id" >= low
        ORDER BY "id" OFFSET {BATCH_SIZE} LIMIT 1;
        UPDATE "orders" SET "{target}" = {value}
        WHERE "id" >= low AND ("id" < high OR high IS NULL)
        AND {differ};
        COMMIT;
        PERFORM pg_sleep({PAUSE_SECONDS});
        low := high;
    END LOOP;
END $$"""
'''

RETYPED_DROP_REVISION = '''\
"""Drop column orders.total

Written by refcoord for the campaign shop: refactoring numeric
(change-column-type), its drop step.
Drops total, which no code has read or written since the stop-writing step. The
downgrade adds it back and copies the values from total_dec, cast to INTEGER.

Revision ID: cccc00000005
Revises: cccc00000004
"""

import logging
import time

import sqlalchemy as sa
from alembic import context, op

revision = "cccc00000005"
down_revision = "cccc00000004"
branch_labels = None
depends_on = None

#: how long a statement waits for its lock, then fails (it never queues)
LOCK_TIMEOUT = "2s"
BATCH_SIZE = 500  #: rows per batch, each batch committed on its own
PAUSE_SECONDS = 0.05  #: between batches, to leave the database room
#: what monitoring runs to watch the copy: the rows still to copy
ROWS_LEFT = (
    'SELECT count(*) FROM "orders" '
    'WHERE "total_dec" IS DISTINCT FROM CAST("total" AS NUMERIC(12, 2))'
)


def upgrade() -> None:
    # a development or test database (SQLite, MySQL): the change, plainly
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.drop_column("total")
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.drop_column("orders", "total")


def downgrade() -> None:
    if not _on_postgresql():
        with op.batch_alter_table("orders") as batch:
            batch.add_column(
                sa.Column(
                    "total", sa.Integer(), nullable=True, server_default="0"
                )
            )
        _plain_copy("total_dec", "total", sa.Integer())
        return
    op.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    op.add_column("orders", sa.Column("total", sa.Integer(), nullable=True))
    op.alter_column("orders", "total", server_default="0")
    _copy("total_dec", "total", "INTEGER")


def _on_postgresql() -> bool:
    """Whether the database is PostgreSQL, whose statements the zero-downtime
    steps are; another (SQLite, MySQL: a development or test database) gets the
    same change made plainly, in Alembic's batch mode."""
    return op.get_context().dialect.name == "postgresql"


def _plain_copy(
    source: str, target: str, kind: "sa.types.TypeEngine[object] | None" = None
) -> None:
    """``source`` copied into ``target`` in one statement (cast to ``kind``):
    on a database other than PostgreSQL."""
    table = sa.table(
        "orders", sa.column(source), sa.column(target), schema=None
    )
    value = table.c[source] if kind is None else sa.cast(table.c[source], kind)
    op.execute(table.update().values({target: value}))


def _copy(source: str | None, target: str, cast: str | None = None) -> None:
    """Copy ``source`` into ``target`` where they differ (``source`` None: set
    ``target`` to its default where it is NULL; ``cast``: cast to that type),
    in batches of BATCH_SIZE rows by primary key, each committed on its own,
    with a pause between them. An interrupted copy resumes where it stopped
    when run again (rows already copied are skipped). Offline (``alembic
    upgrade --sql``) it is one PL/pgSQL block doing the same."""
    value, differ = _copied(source, target, cast)
    update = (
        f'UPDATE "orders" SET "{target}" = {value} '
        f'WHERE "id" >= :low AND ("id" < :high OR :high IS NULL) AND {differ}'
    )
    if context.is_offline_mode():
        with op.get_context().autocommit_block():
            op.execute(_offline_copy(value, differ, target))
        return
    log = logging.getLogger("alembic.runtime.migration")
    after = sa.text(
        'SELECT "id" FROM "orders" WHERE "id" >= :low '
        'ORDER BY "id" OFFSET :rows LIMIT 1'
    )
    with op.get_context().autocommit_block():
        connection = op.get_bind()
        low = connection.execute(
            sa.text('SELECT min("id") FROM "orders"')
        ).scalar()
        copied = 0
        while (
            low is not None
        ):  # each batch: BATCH_SIZE rows of the key, however sparse
            high = connection.execute(
                after, {"low": low, "rows": BATCH_SIZE}
            ).scalar()
            result = connection.execute(
                sa.text(update), {"low": low, "high": high}
            )
            copied += result.rowcount
            log.info(
                "copied %d rows to orders.%s (from id %d)", copied, target, low
            )
            low = high
            if PAUSE_SECONDS and low is not None:
                time.sleep(PAUSE_SECONDS)


def _copied(
    source: str | None, target: str, cast: str | None
) -> tuple[str, str]:
    """What ``target`` is set to, and the condition of the rows still to copy."""
    if source is None:
        return "DEFAULT", f'"{target}" IS NULL'
    value = f'CAST("{source}" AS {cast})' if cast else f'"{source}"'
    return value, f'"{target}" IS DISTINCT FROM {value}'


def _offline_copy(value: str, differ: str, target: str) -> str:
    return f"""DO $$
DECLARE
    low bigint;
    high bigint;
BEGIN
    SELECT min("id") INTO low FROM "orders";
    WHILE low IS NOT NULL LOOP
        SELECT "id" INTO high FROM "orders" WHERE "id" >= low
        ORDER BY "id" OFFSET {BATCH_SIZE} LIMIT 1;
        UPDATE "orders" SET "{target}" = {value}
        WHERE "id" >= low AND ("id" < high OR high IS NULL)
        AND {differ};
        COMMIT;
        PERFORM pg_sleep({PAUSE_SECONDS});
        low := high;
    END LOOP;
END $$"""
'''

ALIASED_ARGS: dict[str, ArgValue] = {
    "model": "shop.models.TrialModel.datetime_start",
    "model_path": "shop/models.py",
    "table": "trials",
    "key": "trial_id",
    "old": "datetime_start",
    "new": "started_at",
    "sa_type": "sa.DateTime()",
    "server_default": "",
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": True,
    "sql_type": "TIMESTAMP WITHOUT TIME ZONE",
}

ALIASED_ADD_ARGS: dict[str, ArgValue] = {
    "model": "shop.models.TrialModel.note",
    "model_path": "shop/models.py",
    "table": "trials",
    "key": "trial_id",
    "old": "note",
    "new": "note",
    "sa_type": "sa.String(length=3)",
    "server_default": '"EUR"',
    "batch_size": 500,
    "pause_ms": 50,
    "lock_timeout": "2s",
    "nullable": False,
    "sql_type": "VARCHAR(3)",
    "operation": "add-column",
    "column_type": "String(3)",
    "default": '"EUR"',
}

MODELS_ALIASED = """\
from sqlalchemy import DateTime, Integer, orm

try:
    from sqlalchemy.orm import mapped_column

    _Column = mapped_column
except ImportError:  # SQLAlchemy < 2
    from sqlalchemy import Column as _Column  # type: ignore[assignment]

BaseModel = orm.declarative_base()


class TrialModel(BaseModel):
    __tablename__ = "trials"
    trial_id = _Column(Integer, primary_key=True)
    number = _Column(Integer)
    datetime_start = _Column(DateTime)
"""

MODELS_ALIASED_DUAL_WRITE = '''\
from sqlalchemy import DateTime, Integer, event, orm
from sqlalchemy.orm.attributes import get_history

try:
    from sqlalchemy.orm import mapped_column

    _Column = mapped_column
except ImportError:  # SQLAlchemy < 2
    from sqlalchemy import Column as _Column  # type: ignore[assignment]

BaseModel = orm.declarative_base()


class TrialModel(BaseModel):
    __tablename__ = "trials"
    trial_id = _Column(Integer, primary_key=True)
    number = _Column(Integer)
    datetime_start = _Column(DateTime)
    # refcoord: started: the new column
    started_at = _Column(DateTime, nullable=True)


# refcoord: started: writes both columns
@event.listens_for(TrialModel, "before_insert")
@event.listens_for(TrialModel, "before_update")
def _write_trialmodel_started_at(mapper: object, connection: object, target: TrialModel) -> None:
    """Write started_at whenever datetime_start is written."""
    if get_history(target, "datetime_start").has_changes():
        target.started_at = target.datetime_start
'''

MODELS_ALIASED_ADDED = """\
from sqlalchemy import DateTime, Integer, String, orm

try:
    from sqlalchemy.orm import mapped_column

    _Column = mapped_column
except ImportError:  # SQLAlchemy < 2
    from sqlalchemy import Column as _Column  # type: ignore[assignment]

BaseModel = orm.declarative_base()


class TrialModel(BaseModel):
    __tablename__ = "trials"
    trial_id = _Column(Integer, primary_key=True)
    number = _Column(Integer)
    datetime_start = _Column(DateTime)
    # refcoord: started: the new column
    note = _Column(String(3), server_default="EUR", nullable=True)
"""

CASES = {
    "schema.expand": (
        Case(
            "writes the expand revision",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000001",
                "down_revision": "0001",
                "title": "Add column orders.total_cents",
            },
            {},
            {"migrations/versions/aaaa00000001_total_cents_expand.py": EXPAND_REVISION},
            files=("migrations/versions/aaaa00000001_total_cents_expand.py",),
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses when the revision is there already",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000001",
                "down_revision": "0001",
                "title": "Add column orders.total_cents",
            },
            {"migrations/versions/aaaa00000001_total_cents_expand.py": EXPAND_REVISION},
            refused="exists already",
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "add-index: writes the concurrent build",
            {
                **INDEX_ARGS,
                "versions": "migrations/versions",
                "revision": "bbbb00000001",
                "down_revision": "0001",
                "title": "Create unique index ix_orders_status on orders.status concurrently",
            },
            {},
            {"migrations/versions/bbbb00000001_status_index_expand.py": ADD_INDEX_REVISION},
            files=("migrations/versions/bbbb00000001_status_index_expand.py",),
            refactor="status-index",
            campaign="shop",
        ),
        Case(
            "add-column: writes the expand revision",
            {
                **ADD_ARGS,
                "versions": "migrations/versions",
                "revision": "dddd00000001",
                "down_revision": "0001",
                "title": "Add column orders.currency",
            },
            {},
            {"migrations/versions/dddd00000001_currency_expand.py": ADD_EXPAND},
            files=("migrations/versions/dddd00000001_currency_expand.py",),
            refactor="currency",
            campaign="shop",
        ),
        Case(
            "change-column-type: writes the expand revision",
            {
                **RETYPE_ARGS,
                "versions": "migrations/versions",
                "revision": "cccc00000001",
                "down_revision": "0001",
                "title": "Add column orders.total_dec NUMERIC(12, 2)",
            },
            {},
            {"migrations/versions/cccc00000001_numeric_expand.py": RETYPED_EXPAND_REVISION},
            files=("migrations/versions/cccc00000001_numeric_expand.py",),
            refactor="numeric",
            campaign="shop",
        ),
    ),
    "schema.backfill": (
        Case(
            "writes the backfill revision",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000002",
                "down_revision": "aaaa00000001",
                "title": "Backfill orders.total_cents from total in batches",
            },
            {},
            {"migrations/versions/aaaa00000002_total_cents_backfill.py": BACKFILL_REVISION},
            files=("migrations/versions/aaaa00000002_total_cents_backfill.py",),
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses when the revision is there already",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000002",
                "down_revision": "aaaa00000001",
                "title": "Backfill orders.total_cents from total in batches",
            },
            {"migrations/versions/aaaa00000002_total_cents_backfill.py": BACKFILL_REVISION},
            refused="exists already",
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "add-column: writes the backfill revision",
            {
                **ADD_ARGS,
                "versions": "migrations/versions",
                "revision": "dddd00000002",
                "down_revision": "dddd00000001",
                "title": "Fill orders.currency with its default",
            },
            {},
            {"migrations/versions/dddd00000002_currency_backfill.py": ADD_BACKFILL},
            files=("migrations/versions/dddd00000002_currency_backfill.py",),
            refactor="currency",
            campaign="shop",
        ),
        Case(
            "change-column-type: writes the backfill revision",
            {
                **RETYPE_ARGS,
                "versions": "migrations/versions",
                "revision": "cccc00000002",
                "down_revision": "cccc00000001",
                "title": "Backfill orders.total_dec from total (cast) in batches",
            },
            {},
            {"migrations/versions/cccc00000002_numeric_backfill.py": RETYPED_BACKFILL_REVISION},
            files=("migrations/versions/cccc00000002_numeric_backfill.py",),
            refactor="numeric",
            campaign="shop",
        ),
    ),
    "schema.not-null": (
        Case(
            "writes the not-null revision",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000003",
                "down_revision": "aaaa00000002",
                "title": "Make orders.total_cents NOT NULL",
            },
            {},
            {"migrations/versions/aaaa00000003_total_cents_not_null.py": NOT_NULL_REVISION},
            files=("migrations/versions/aaaa00000003_total_cents_not_null.py",),
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses when the revision is there already",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000003",
                "down_revision": "aaaa00000002",
                "title": "Make orders.total_cents NOT NULL",
            },
            {"migrations/versions/aaaa00000003_total_cents_not_null.py": NOT_NULL_REVISION},
            refused="exists already",
            refactor="total-cents",
            campaign="shop",
        ),
    ),
    "schema.relax": (
        Case(
            "writes the relax revision",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000004",
                "down_revision": "aaaa00000003",
                "title": "Let orders.total be NULL",
            },
            {},
            {"migrations/versions/aaaa00000004_total_cents_relax.py": RELAX_REVISION},
            files=("migrations/versions/aaaa00000004_total_cents_relax.py",),
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses when the revision is there already",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000004",
                "down_revision": "aaaa00000003",
                "title": "Let orders.total be NULL",
            },
            {"migrations/versions/aaaa00000004_total_cents_relax.py": RELAX_REVISION},
            refused="exists already",
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "drop-column: writes the relax revision",
            {
                **DROP_ARGS,
                "versions": "migrations/versions",
                "revision": "cccc00000001",
                "down_revision": "0001",
                "title": "Let orders.total be NULL",
            },
            {},
            {"migrations/versions/cccc00000001_drop_total_relax.py": DROP_COLUMN_RELAX_REVISION},
            files=("migrations/versions/cccc00000001_drop_total_relax.py",),
            refactor="drop-total",
            campaign="shop",
        ),
    ),
    "schema.drop": (
        Case(
            "writes the drop revision",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000005",
                "down_revision": "aaaa00000004",
                "title": "Drop column orders.total",
            },
            {},
            {"migrations/versions/aaaa00000005_total_cents_drop.py": DROP_REVISION},
            files=("migrations/versions/aaaa00000005_total_cents_drop.py",),
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses when the revision is there already",
            {
                **ARGS,
                "versions": "migrations/versions",
                "revision": "aaaa00000005",
                "down_revision": "aaaa00000004",
                "title": "Drop column orders.total",
            },
            {"migrations/versions/aaaa00000005_total_cents_drop.py": DROP_REVISION},
            refused="exists already",
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "drop-column: writes the drop revision",
            {
                **DROP_ARGS,
                "versions": "migrations/versions",
                "revision": "cccc00000002",
                "down_revision": "cccc00000001",
                "title": "Drop column orders.total",
            },
            {},
            {"migrations/versions/cccc00000002_drop_total_drop.py": DROP_COLUMN_DROP_REVISION},
            files=("migrations/versions/cccc00000002_drop_total_drop.py",),
            refactor="drop-total",
            campaign="shop",
        ),
        Case(
            "change-column-type: writes the drop revision",
            {
                **RETYPE_ARGS,
                "versions": "migrations/versions",
                "revision": "cccc00000005",
                "down_revision": "cccc00000004",
                "title": "Drop column orders.total",
            },
            {},
            {"migrations/versions/cccc00000005_numeric_drop.py": RETYPED_DROP_REVISION},
            files=("migrations/versions/cccc00000005_numeric_drop.py",),
            refactor="numeric",
            campaign="shop",
        ),
    ),
    "schema.dual-write": (
        Case(
            "the model after the dual-write step",
            ARGS,
            {"shop/models.py": MODELS},
            {"shop/models.py": MODELS_DUAL_WRITE},
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses a column it cannot find in the class body",
            {**ARGS, "model": "shop.models.Order.amount"},
            {"shop/models.py": MODELS},
            refused="is not assigned in the class's body",
            refactor="total-cents",
        ),
        Case(
            "refuses an attribute not mapped by a call it knows",
            ARGS,
            {
                "shop/models.py": MODELS.replace(
                    'mapped_column(Integer, server_default="0")', "column_property(other)"
                )
            },
            refused="is not assigned a mapped_column(...) or Column(...) call",
            refactor="total-cents",
        ),
        Case(
            "change-column-type: the model after the dual-write step",
            RETYPE_ARGS,
            {"shop/models.py": MODELS},
            {"shop/models.py": MODELS_RETYPED_DUAL_WRITE},
            refactor="numeric",
            campaign="shop",
        ),
        Case(
            "a column made through an alias of mapped_column (optuna's _Column)",
            ALIASED_ARGS,
            {"shop/models.py": MODELS_ALIASED},
            {"shop/models.py": MODELS_ALIASED_DUAL_WRITE},
            refactor="started",
            campaign="shop",
        ),
    ),
    "schema.switch": (
        Case(
            "the model after the switch step",
            ARGS,
            {"shop/models.py": MODELS_DUAL_WRITE},
            {"shop/models.py": MODELS_SWITCH},
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "refuses before the dual-write step",
            ARGS,
            {"shop/models.py": MODELS},
            refused="no total_cents added by the dual-write step",
            refactor="total-cents",
        ),
        Case(
            "change-column-type: the model after the switch step",
            RETYPE_ARGS,
            {"shop/models.py": MODELS_RETYPED_DUAL_WRITE},
            {"shop/models.py": MODELS_RETYPED_SWITCH},
            refactor="numeric",
            campaign="shop",
        ),
    ),
    "schema.stop-writing": (
        Case(
            "the model after the stop-writing step",
            ARGS,
            {"shop/models.py": MODELS_SWITCH},
            {"shop/models.py": MODELS_STOP_WRITING},
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "change-column-type: the model after the stop-writing step",
            RETYPE_ARGS,
            {"shop/models.py": MODELS_RETYPED_SWITCH},
            {"shop/models.py": MODELS_RETYPED_STOP_WRITING},
            refactor="numeric",
            campaign="shop",
        ),
    ),
    "schema.contract": (
        Case(
            "the model after the contract step",
            ARGS,
            {"shop/models.py": MODELS_STOP_WRITING},
            {"shop/models.py": MODELS_CONTRACT},
            refactor="total-cents",
            campaign="shop",
        ),
        Case(
            "drop-column: the attribute goes from the model",
            DROP_ARGS,
            {"shop/models.py": MODELS},
            {"shop/models.py": MODELS_DROPPED},
            refactor="drop-total",
            campaign="shop",
        ),
        Case(
            "add-column: the model maps it NOT NULL",
            ADD_ARGS,
            {"shop/models.py": MODELS_WITH_CURRENCY},
            {"shop/models.py": MODELS_CURRENCY_REQUIRED},
            refactor="currency",
            campaign="shop",
        ),
    ),
    "schema.migrate": (
        Case(
            "renames reads, writes, queries, constructor keywords; leaves a class patch",
            {**ARGS, "files": ("shop/billing.py",)},
            {"shop/models.py": MODELS, "shop/billing.py": USES},
            {"shop/billing.py": USES_RENAMED},
            files=("shop/billing.py",),
            refactor="total-cents",
        ),
    ),
    "schema.declare": (
        Case(
            "declares the unique index on the model",
            INDEX_ARGS,
            {"shop/models.py": MODELS},
            {"shop/models.py": MODELS_INDEXED},
            refactor="status-index",
            campaign="shop",
        ),
        Case(
            "refuses an attribute it cannot find",
            {**INDEX_ARGS, "model": "shop.models.Order.state"},
            {"shop/models.py": MODELS},
            refused="is not assigned in the class's body",
            refactor="status-index",
        ),
        Case(
            "add-column: the model maps the new column, nullable for now",
            ADD_ARGS,
            {"shop/models.py": MODELS},
            {"shop/models.py": MODELS_WITH_CURRENCY},
            refactor="currency",
            campaign="shop",
        ),
        Case(
            "add-column: made as the class makes its columns (an alias of mapped_column)",
            ALIASED_ADD_ARGS,
            {"shop/models.py": MODELS_ALIASED},
            {"shop/models.py": MODELS_ALIASED_ADDED},
            refactor="started",
            campaign="shop",
        ),
    ),
}
