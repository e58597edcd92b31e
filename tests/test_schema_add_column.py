"""add-column on a real PostgreSQL: the column added nullable and given its default apart (no
rewrite), mapped by the model, the rows from before filled with the default in batches, NOT NULL
through a validated check, and the model mapping it NOT NULL; the configuration's checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from refactor_coord.adapters.postgres_server import Server
from tests.conftest import (
    alembic_config,
    apply_every_step,
    commit_and_plan,
    refactor_problems,
    write_files,
)

pytestmark = pytest.mark.slow
command = pytest.importorskip("alembic.command")

CONFIG = """
[campaign]
name = "cur"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "currency"
kind = "schema"
operation = "add-column"
model = "orders.models.Order.currency"
type = "String(3)"
default = "EUR"
pause_ms = 0
"""


def test_a_column_is_added_with_its_default_and_made_not_null(
    orders_on_postgres: Path, postgres: Server
) -> None:
    repo = orders_on_postgres
    write_files(repo, {"refcoord.toml": CONFIG})
    commit_and_plan(repo, "orders")
    done = apply_every_step(repo, tests="affected")
    assert [a.step.phase for a in done] == [
        "expand",
        "declare",
        "backfill",
        "not-null",
        "contract",
    ]
    models = (repo / "src/orders/models.py").read_text()
    assert 'currency = mapped_column(String(3), server_default="EUR", nullable=False)' in models
    assert "refcoord" not in models
    # the revisions on a database that had rows before: they get the default, then NOT NULL
    url = postgres.url()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("DROP DATABASE IF EXISTS seeded_currency WITH (FORCE)"))
        c.execute(text("CREATE DATABASE seeded_currency"))
    seeded = url.rsplit("/", 1)[0] + "/seeded_currency"
    engine = create_engine(seeded)
    config = alembic_config(repo, seeded)
    command.upgrade(config, "0001")
    with engine.begin() as c:
        c.execute(text("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')"))
        c.execute(text("INSERT INTO orders (customer_id) SELECT 1 FROM generate_series(1, 30)"))
    command.upgrade(config, "head")
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM orders WHERE currency = 'EUR'")).scalar() == 30
        nullable = c.execute(
            text(
                "SELECT is_nullable FROM information_schema.columns "
                "WHERE table_name = 'orders' AND column_name = 'currency'"
            )
        ).scalar()
    assert nullable == "NO"
    command.downgrade(config, "0001")
    engine.dispose()
    with admin.connect() as c:
        c.execute(text("DROP DATABASE seeded_currency WITH (FORCE)"))
    admin.dispose()


def test_add_column_needs_its_type_and_default() -> None:
    base: dict[str, object] = {
        "id": "x",
        "kind": "schema",
        "operation": "add-column",
        "model": "a.m.C.new",
    }
    assert refactor_problems({**base, "type": "String(3)", "default": "EUR"}) == []
    assert refactor_problems(base) == [
        "[[refactor]] #1 (x) type: missing (required for add-column)",
        "[[refactor]] #1 (x) default: missing (required for add-column)",
    ]
    assert refactor_problems({**base, "type": "String(", "default": "EUR"}) == [
        "[[refactor]] #1 (x) type: 'String(' must be a SQLAlchemy type as code, such as String(3)"
    ]
