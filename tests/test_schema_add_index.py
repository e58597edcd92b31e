"""add-index on a real PostgreSQL: the index built concurrently (a writer goes on while the
build waits for an open transaction), a failed unique build left invalid is dropped and built
again when the revision runs again, the downgrade drops it; then the model declares it; and the
configuration's checks of the operation's keys."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from refactor_coord.application.demo import orders_source
from refactor_coord.application.schema_inputs import revision_spec
from refactor_coord.domain.schema import ColumnFacts, DatabaseStep, add_index_steps
from refactor_coord.domain.specs import SchemaChange
from refcoord_codemods.schema.revisions import revision_path, revision_text
from tests.conftest import (
    alembic_config,
    apply_every_step,
    commit_and_plan,
    refactor_problems,
    write_files,
)

pytestmark = pytest.mark.slow
alembic_command = pytest.importorskip("alembic.command")


STATUS = ColumnFacts(
    "orders.models", "Order", "status", "orders", None, "status", "sa.String(length=20)", (),
    "VARCHAR(20)", False, '"open"', ("id",), True,
)  # fmt: skip


@pytest.fixture
def orders(orders_example: Path) -> Path:
    return orders_example


def _revision(repo: Path, unique: bool = False) -> str:
    spec = SchemaChange(
        "status-index", "add-index", "orders.models.Order.status", "", unique=unique
    )
    step = add_index_steps(STATUS, "ix_orders_status", unique)[0]
    assert isinstance(step, DatabaseStep)
    made = revision_spec(spec, "c", STATUS, step, "0001")
    (repo / revision_path("migrations/versions", made)).write_text(revision_text(made))
    return made.revision


def _index(engine: Engine) -> tuple[bool, bool] | None:
    """(valid, unique) of ix_orders_status, None when there is none."""
    with engine.connect() as c:
        row = c.execute(
            text(
                "SELECT i.indisvalid, i.indisunique FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'ix_orders_status'"
            )
        ).first()
    return (bool(row[0]), bool(row[1])) if row else None


def _seed(engine: Engine, statuses: list[str]) -> None:
    with engine.begin() as c:
        c.execute(text("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')"))
        for status in statuses:
            c.execute(
                text("INSERT INTO orders (customer_id, status) VALUES (1, :s)"), {"s": status}
            )


def test_the_index_builds_while_a_writer_goes_on_and_its_downgrade_drops_it(
    orders: Path, database: str, engine: Engine
) -> None:
    revision = _revision(orders)
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, "0001")
    _seed(engine, ["open", "paid", "open"])
    holder = engine.connect()
    holder.execute(text("BEGIN"))
    holder.execute(text("UPDATE orders SET status = 'paid' WHERE id = 1"))  # an open writer
    build = threading.Thread(target=alembic_command.upgrade, args=(config, revision))
    build.start()
    time.sleep(0.5)  # the build waits for the open transaction
    assert build.is_alive()
    started = time.monotonic()
    with engine.begin() as c:  # another writer is not blocked by the waiting build
        c.execute(text("INSERT INTO orders (customer_id) VALUES (1)"))
    assert time.monotonic() - started < 1
    holder.execute(text("COMMIT"))
    holder.close()
    build.join(30)
    assert _index(engine) == (True, False)
    alembic_command.downgrade(config, "0001")
    assert _index(engine) is None


def test_a_failed_unique_build_is_dropped_and_built_again(
    orders: Path, database: str, engine: Engine
) -> None:
    revision = _revision(orders, unique=True)
    config = alembic_config(orders, database)
    alembic_command.upgrade(config, "0001")
    _seed(engine, ["open", "open"])  # not unique: the build fails, leaving it invalid
    with pytest.raises(Exception, match="could not create unique index"):
        alembic_command.upgrade(config, revision)
    assert _index(engine) == (False, True)
    with engine.begin() as c:
        c.execute(text("UPDATE orders SET status = 'paid' WHERE id = 2"))
    alembic_command.upgrade(config, revision)  # run again: the invalid one goes first
    assert _index(engine) == (True, True)


def test_add_index_applies_end_to_end(tmp_path: Path, postgres: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("DATABASE_URL", postgres.url())
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    repo = tmp_path / "orders"
    shutil.copytree(orders_source(), repo, ignore=shutil.ignore_patterns("__pycache__"))
    write_files(
        repo,
        {
            "refcoord.toml": """
                [campaign]
                name = "idx"
                test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

                [[refactor]]
                id = "status-index"
                kind = "schema"
                operation = "add-index"
                model = "orders.models.Order.status"
                """
        },
    )
    commit_and_plan(repo, "orders")
    done = apply_every_step(repo, tests="affected")
    assert [a.step.phase for a in done] == ["expand", "declare"]
    models = (repo / "src/orders/models.py").read_text()
    assert 'mapped_column(String(20), server_default="open", index=True)' in models


def test_the_operation_s_keys_are_checked() -> None:
    base = {"id": "x", "kind": "schema", "model": "orders.models.Order.status"}
    assert refactor_problems({**base, "operation": "add-index"}) == []
    assert refactor_problems({**base, "operation": "add-index", "new_name": "state"}) == [
        (
            "[[refactor]] #1 (x) new_name: not used by add-index (rename-column's new name, "
            "change-column-type's new column)"
        )
    ]
    renamed = {**base, "operation": "rename-column", "new_name": "s", "unique": True}
    assert refactor_problems(renamed) == [
        "[[refactor]] #1 (x) unique: only add-index takes it, not rename-column"
    ]
    assert refactor_problems({**base, "operation": "change-type"}) == [
        (
            "[[refactor]] #1 (x) operation: 'change-type' is not one of rename-column, "
            "add-index, drop-column, add-column, change-column-type"
        )
    ]
