"""change-column-type on a real PostgreSQL: a new column of the new type beside the old one,
both written, the old one's values cast into it in batches, NOT NULL through a validated
check, the attribute (its name unchanged) mapping the new column, the old one relaxed, no
longer written, dropped; the uses of a value whose Python type changes listed for review; the
configuration's checks."""

from __future__ import annotations

from decimal import Decimal
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

command = pytest.importorskip("alembic.command")

CONFIG = """
[campaign]
name = "cents"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "numeric"
kind = "schema"
operation = "change-column-type"
model = "orders.models.Order.total"
type = "Numeric(12, 2)"
pause_ms = 0
batch_size = 7
"""

PHASES = [
    "expand",
    "dual-write",
    "backfill",
    "not-null",
    "switch",
    "relax",
    "stop-writing",
    "drop",
]


@pytest.mark.slow
def test_a_column_changes_type_without_downtime(
    orders_on_postgres: Path, postgres: Server
) -> None:
    repo = orders_on_postgres
    write_files(repo, {"refcoord.toml": CONFIG})
    plan = commit_and_plan(repo, "orders")
    assert [s.phase for s in plan.steps] == PHASES
    switch = plan.steps[4]
    reviewed = {(s.path, s.line) for s in switch.sites if s.action == "review"}
    assert ("src/orders/api.py", 24) in reviewed  # order.total * (100 - percent) // 100
    assert ("src/orders/billing.py", 10) in reviewed
    backfill = "\n".join(plan.steps[2].notes)
    assert 'CAST("total" AS NUMERIC(12, 2))' in backfill
    done = apply_every_step(repo)  # the whole suite after every step: old code, new schema
    assert [a.step.phase for a in done] == PHASES
    models = (repo / "src/orders/models.py").read_text()
    assert (
        'total: Mapped[Decimal] = mapped_column("total_numeric", Numeric(12, 2), '
        'server_default="0")'
    ) in models
    assert "from decimal import Decimal" in models
    assert "Integer" not in models  # the old type's import went with the old column
    assert "refcoord" not in models and "_before_" not in models and "get_history" not in models
    _check_revisions_on_rows(repo, postgres)


def _check_revisions_on_rows(repo: Path, postgres: Server) -> None:
    """Every revision on a database with rows from before: the values cast into the new
    column, NOT NULL, the old column gone; the downgrade brings it back with its values."""
    url = postgres.url()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("DROP DATABASE IF EXISTS seeded_numeric WITH (FORCE)"))
        c.execute(text("CREATE DATABASE seeded_numeric"))
    seeded = url.rsplit("/", 1)[0] + "/seeded_numeric"
    engine = create_engine(seeded)
    config = alembic_config(repo, seeded)
    command.upgrade(config, "0001")
    with engine.begin() as c:
        c.execute(text("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')"))
        c.execute(
            text(
                "INSERT INTO orders (customer_id, total) SELECT 1, n FROM generate_series(1, 30) n"
            )
        )
    command.upgrade(config, "head")
    with engine.connect() as c:
        totals = c.execute(text("SELECT total_numeric FROM orders ORDER BY id")).scalars().all()
        columns = c.execute(
            text(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_name = 'orders' AND column_name LIKE 'total%'"
            )
        ).all()
    assert totals == [Decimal(n) for n in range(1, 31)]
    assert columns == [("total_numeric", "numeric", "NO")]
    command.downgrade(config, "0001")
    with engine.connect() as c:
        back = c.execute(text("SELECT total FROM orders ORDER BY id")).scalars().all()
    assert back == list(range(1, 31))
    engine.dispose()
    with admin.connect() as c:
        c.execute(text("DROP DATABASE seeded_numeric WITH (FORCE)"))
    admin.dispose()


def test_change_column_type_needs_its_type() -> None:
    base: dict[str, object] = {
        "id": "x",
        "kind": "schema",
        "operation": "change-column-type",
        "model": "a.m.C.total",
    }
    assert refactor_problems({**base, "type": "BigInteger"}) == []
    assert refactor_problems({**base, "type": "BigInteger", "new_name": "total_big"}) == []
    assert refactor_problems(base) == [
        "[[refactor]] #1 (x) type: missing (required for change-column-type)"
    ]
    assert refactor_problems({**base, "type": "Numeric(", "new_name": "total"}) == [
        "[[refactor]] #1 (x) new_name: 'total' is the attribute's name already",
        (
            "[[refactor]] #1 (x) type: 'Numeric(' must be a SQLAlchemy type as code, such as "
            "String(3)"
        ),
    ]
    assert refactor_problems({**base, "operation": "drop-column", "type": "Text"}) == [
        (
            "[[refactor]] #1 (x) type: only add-column and change-column-type take it, not "
            "drop-column"
        )
    ]
