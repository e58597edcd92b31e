"""rename-column's (and change-column-type's) Alembic revisions on a real PostgreSQL (a throwaway
server, see the ``postgres`` fixture), on the bundled orders example: each upgrades and
downgrades cleanly from an empty and from a seeded database with no value lost; each DDL
statement fails fast on lock_timeout behind a long transaction instead of queueing (writers go
on); the backfill runs beside a long reader, in batches, and resumes; offline mode renders them
all."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from refactor_coord.application.schema_inputs import revision_spec
from refactor_coord.domain.schema import ColumnFacts, DatabaseStep, TargetType, steps_of
from refactor_coord.domain.specs import SchemaChange
from refcoord_codemods.schema.revisions import revision_path, revision_text
from tests.conftest import alembic_config

pytestmark = pytest.mark.slow

alembic_command = pytest.importorskip("alembic.command")


SPEC = SchemaChange("total-cents", "rename-column", "orders.models.Order.total", "total_cents",
                    batch_size=7, pause_ms=0, lock_timeout="300ms")  # fmt: skip


RETYPE = SchemaChange("numeric", "change-column-type", "orders.models.Order.total", "",
                      batch_size=7, pause_ms=0, lock_timeout="300ms",
                      column_type="Numeric(12, 2)")  # fmt: skip
NUMERIC = TargetType(
    "Numeric(12, 2)", "sa.Numeric(precision=12, scale=2)", (), "NUMERIC(12, 2)", "decimal.Decimal"
)

ROWS_LEFT = "SELECT count(*) FROM orders WHERE total_cents IS DISTINCT FROM total"


def _column_facts() -> ColumnFacts:
    return ColumnFacts(
        "orders.models", "Order", "total", "orders", None, "total", "sa.Integer()", (),
        "INTEGER", False, '"0"', ("id",), True,
    )  # fmt: skip


@pytest.fixture
def orders(orders_example: Path) -> Path:
    return orders_example


def _write_revisions(repo: Path, spec: SchemaChange = SPEC) -> list[tuple[str, str]]:
    """(phase, revision id) of every database step, their files written."""
    column = _column_facts()
    down: str | None = "0001"
    written = []
    target = NUMERIC if spec.operation == "change-column-type" else None
    for step in steps_of(spec.operation, column, spec.new_name, target=target):
        if isinstance(step, DatabaseStep):
            made = revision_spec(spec, "c", column, step, down, target)
            (repo / revision_path("migrations/versions", made)).write_text(revision_text(made))
            written.append((step.phase, made.revision))
            down = made.revision
    return written


def _seed(engine: Engine, rows: int) -> None:
    with engine.begin() as c:
        c.execute(text("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')"))
        c.execute(
            text(
                "INSERT INTO orders (customer_id, total) SELECT 1, g FROM generate_series(1, :n) g"
            ),
            {"n": rows},
        )


def _columns(engine: Engine) -> dict[str, str]:
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT column_name, is_nullable FROM information_schema.columns "
                "WHERE table_name = 'orders'"
            )
        ).all()
    return {name: nullable for name, nullable in rows}


def test_every_revision_upgrades_and_downgrades_on_a_seeded_database(
    orders: Path, database: str, engine: Engine
) -> None:
    revisions = _write_revisions(orders)
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, "0001")
    _seed(engine, 50)  # 50 rows, 8 batches of 7
    for phase, revision in revisions:
        alembic_command.upgrade(config, revision)
        columns = _columns(engine)
        if phase == "backfill":
            with engine.connect() as c:
                left = c.execute(text(ROWS_LEFT)).scalar()
            assert left == 0
        if phase == "not-null":
            assert columns["total_cents"] == "NO"
        if phase == "relax":
            assert columns["total"] == "YES"
    assert set(_columns(engine)) == {"id", "customer_id", "status", "total_cents"}
    with engine.begin() as c:  # a row written by code that knows the new column only
        c.execute(text("INSERT INTO orders (customer_id, total_cents) VALUES (1, 1000)"))
    for _ in revisions:
        alembic_command.downgrade(config, "-1")
    columns = _columns(engine)
    assert columns == {"id": "NO", "customer_id": "NO", "status": "NO", "total": "NO"}
    with engine.connect() as c:  # every value back in the old column, the new row's too
        assert c.execute(text("SELECT count(*), sum(total) FROM orders")).one() == (
            51,
            1275 + 1000,
        )


def test_every_revision_upgrades_and_downgrades_from_empty(orders: Path, database: str) -> None:
    revisions = _write_revisions(orders)
    config = alembic_config(orders, database)
    for _, revision in revisions:
        alembic_command.upgrade(config, revision)
    alembic_command.downgrade(config, "base")
    alembic_command.upgrade(config, "head")


def _hold(engine: Engine, ready: threading.Event, release: threading.Event) -> None:
    """A long transaction reading the table (it holds ACCESS SHARE until released)."""
    with engine.connect() as c:
        c.execute(text("BEGIN"))
        c.execute(text("SELECT count(*) FROM orders")).scalar()
        ready.set()
        release.wait(30)
        c.execute(text("ROLLBACK"))


@pytest.mark.parametrize("spec", [SPEC, RETYPE], ids=["rename", "retype"])
@pytest.mark.parametrize("phase", ["expand", "not-null", "relax", "drop"])
def test_ddl_behind_a_long_transaction_fails_fast_and_writers_go_on(
    orders: Path, database: str, engine: Engine, phase: str, spec: SchemaChange
) -> None:
    revisions = _write_revisions(orders, spec)
    config = alembic_config(orders, database)
    ids = [r for _, r in revisions]
    at = [p for p, _ in revisions].index(phase)
    alembic_command.upgrade(config, ids[at - 1] if at else "0001")
    _seed(engine, 10)
    ready, release = threading.Event(), threading.Event()
    reader = threading.Thread(target=_hold, args=(engine, ready, release))
    reader.start()
    try:
        assert ready.wait(10)
        outcome: dict[str, object] = {}

        def migrate() -> None:
            started = time.monotonic()
            try:
                alembic_command.upgrade(config, ids[at])
                outcome["error"] = None
            except OperationalError as error:
                outcome["error"] = error
            outcome["seconds"] = time.monotonic() - started

        ddl = threading.Thread(target=migrate)
        ddl.start()
        time.sleep(0.1)  # the DDL is waiting for its lock now
        written = time.monotonic()
        with engine.begin() as c:  # a writer: waits at most until the DDL gives up
            c.execute(text("SET statement_timeout = '5s'"))
            c.execute(text("INSERT INTO orders (customer_id) VALUES (1)"))
        writer_seconds = time.monotonic() - written
        ddl.join(30)
    finally:
        release.set()
        reader.join(30)
    error = outcome["error"]
    assert isinstance(error, OperationalError), f"{phase} did not wait for its lock"
    assert "lock timeout" in str(error) or "55P03" in str(getattr(error.orig, "sqlstate", ""))
    assert float(str(outcome["seconds"])) < 5  # failed fast, did not queue
    assert writer_seconds < 3
    alembic_command.upgrade(config, ids[at])  # once the reader is gone it goes through


def test_the_backfill_runs_beside_a_long_reader_and_resumes(
    orders: Path, database: str, engine: Engine
) -> None:
    revisions = dict(_write_revisions(orders))
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, revisions["expand"])
    _seed(engine, 40)
    with engine.begin() as c:  # an interrupted run copied some rows already
        c.execute(text("UPDATE orders SET total_cents = total WHERE id <= 15"))
        c.execute(text("UPDATE orders SET total_cents = -1 WHERE id = 3"))  # written since
    ready, release = threading.Event(), threading.Event()
    reader = threading.Thread(target=_hold, args=(engine, ready, release))
    reader.start()
    try:
        assert ready.wait(10)
        alembic_command.upgrade(config, revisions["backfill"])  # not blocked by the reader
    finally:
        release.set()
        reader.join(30)
    with engine.connect() as c:
        assert c.execute(text(ROWS_LEFT)).scalar() == 0


def test_offline_mode_renders_every_revision_the_backfill_as_one_block(orders: Path) -> None:
    revisions = _write_revisions(orders)
    ran = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "alembic.ini", "upgrade",
         f"0001:{revisions[-1][1]}", "--sql"],
        cwd=orders, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(orders / "src"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    sql = ran.stdout
    assert sql.count("SET lock_timeout = '300ms';") == 5
    assert "DO $$" in sql and "COMMIT;\n        PERFORM pg_sleep(0.0);" in sql
    assert 'ALTER TABLE "orders" VALIDATE CONSTRAINT' in sql
    assert "ALTER TABLE orders DROP COLUMN total;" in sql


def test_the_backfill_batches_by_rows_however_sparse_the_keys(
    orders: Path, database: str, engine: Engine
) -> None:
    revisions = dict(_write_revisions(orders))  # batches of 7 rows
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, revisions["expand"])
    with engine.begin() as c:
        c.execute(text("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')"))
        c.execute(
            text(
                "INSERT INTO orders (id, customer_id, total) "
                "SELECT g * 10000000, 1, g FROM generate_series(1, 20) g"
            )
        )  # ids ten million apart: batches by id range would be millions
    started = time.monotonic()
    alembic_command.upgrade(config, revisions["backfill"])
    assert time.monotonic() - started < 10
    with engine.connect() as c:
        assert c.execute(text(ROWS_LEFT)).scalar() == 0


def test_a_failed_not_null_step_leaves_no_check_that_refuses_writes(
    orders: Path, database: str, engine: Engine
) -> None:
    revisions = dict(_write_revisions(orders))
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, revisions["backfill"])
    _seed(engine, 3)
    with engine.begin() as c:  # a row written without the new column (no dual-write)
        c.execute(text("UPDATE orders SET total_cents = NULL WHERE id = 2"))
    with pytest.raises(Exception, match="is violated by some row"):
        alembic_command.upgrade(config, revisions["not-null"])
    with engine.begin() as c:  # the row can still be updated: no NOT VALID check was left
        c.execute(text("UPDATE orders SET status = 'paid' WHERE id = 2"))
        checks = c.execute(
            text("SELECT count(*) FROM pg_constraint WHERE conname LIKE '%not_null'")
        ).scalar()
    assert checks == 0


def test_a_type_change_casts_in_batches_resumes_and_renders_offline(
    orders: Path, database: str, engine: Engine
) -> None:
    revisions = dict(_write_revisions(orders, RETYPE))
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, revisions["expand"])
    _seed(engine, 40)
    with engine.begin() as c:  # an interrupted run cast some rows already; one written since
        c.execute(text("UPDATE orders SET total_numeric = total WHERE id <= 15"))
        c.execute(text("UPDATE orders SET total_numeric = 2.5 WHERE id = 3"))
    alembic_command.upgrade(config, revisions["backfill"])
    with engine.connect() as c:
        left = c.execute(
            text(
                "SELECT count(*) FROM orders WHERE total_numeric IS DISTINCT FROM "
                "CAST(total AS NUMERIC(12, 2))"
            )
        ).scalar()
    assert left == 0
    ran = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "alembic.ini", "upgrade",
         f"0001:{revisions['drop']}", "--sql"],
        cwd=orders, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(orders / "src"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "ALTER TABLE orders ADD COLUMN total_numeric NUMERIC(12, 2);" in ran.stdout
    assert 'SET "total_numeric" = CAST("total" AS NUMERIC(12, 2))' in ran.stdout
