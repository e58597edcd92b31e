"""Every operation's revisions on SQLite, as the development or test database of a project
whose migrations run on several databases (optuna's upgrade tests run its whole chain on
SQLite): the zero-downtime statements are PostgreSQL's, so elsewhere each revision makes the
same change plainly (Alembic's batch mode), upgrading and downgrading with no value lost. And
an Alembic configuration kept where optuna keeps its own (in the package)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from refactor_coord.adapters.orm_facts import FactsUnavailable, migration_facts
from refactor_coord.application.schema_inputs import revision_spec
from refactor_coord.domain.schema import (
    ColumnFacts,
    DatabaseStep,
    MigrationFacts,
    TargetType,
    steps_of,
)
from refactor_coord.domain.specs import SchemaChange
from refcoord_codemods.schema.revisions import revision_path, revision_text
from tests.conftest import alembic_config

command = pytest.importorskip("alembic.command")

TOTAL = ColumnFacts(
    "orders.models", "Order", "total", "orders", None, "total", "sa.Integer()", (),
    "INTEGER", False, '"0"', ("id",), True,
)  # fmt: skip
CURRENCY = ColumnFacts(
    "orders.models", "Order", "currency", "orders", None, "currency", "sa.String(length=3)",
    (), "VARCHAR(3)", False, '"EUR"', ("id",), True,
)  # fmt: skip
NUMERIC = TargetType("Numeric(12, 2)", "sa.Numeric(precision=12, scale=2)", (), "NUMERIC(12, 2)")


def _spec(operation: str, model: str, new_name: str = "") -> SchemaChange:
    return SchemaChange("x", operation, f"orders.models.Order.{model}", new_name)


def _write(repo: Path, spec: SchemaChange, column: ColumnFacts, target: TargetType | None) -> None:
    down: str | None = "0001"
    for step in steps_of(spec.operation, column, spec.new_name, target=target):
        if isinstance(step, DatabaseStep):
            made = revision_spec(spec, "c", column, step, down, target)
            (repo / revision_path("migrations/versions", made)).write_text(revision_text(made))
            down = made.revision


def _columns(db: Path) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(db) as c:
        rows = c.execute("PRAGMA table_info(orders)").fetchall()
    return {name: (kind, notnull) for _, name, kind, notnull, _, _ in rows}


def _seeded(repo: Path) -> tuple[Path, object]:
    db = repo / "dev.db"
    config = alembic_config(repo, f"sqlite:///{db}")
    command.upgrade(config, "0001")
    with sqlite3.connect(db) as c:
        c.execute("INSERT INTO customers (id, email) VALUES (1, 'a@example.com')")
        c.executemany(
            "INSERT INTO orders (customer_id, total) VALUES (1, ?)", [(n,) for n in (5, 7)]
        )
    return db, config


@pytest.mark.parametrize(
    ("spec", "column", "target", "after"),
    [
        (_spec("rename-column", "total", "total_cents"), TOTAL, None, ("total_cents", 1)),
        (_spec("change-column-type", "total"), TOTAL, NUMERIC, ("total_numeric", 1)),
        (_spec("add-column", "currency"), CURRENCY, None, ("currency", 1)),
        (_spec("drop-column", "total"), TOTAL, None, None),
    ],
    ids=["rename-column", "change-column-type", "add-column", "drop-column"],
)
def test_each_operation_upgrades_and_downgrades_on_sqlite(
    orders_example: Path,
    spec: SchemaChange,
    column: ColumnFacts,
    target: TargetType | None,
    after: tuple[str, int] | None,
) -> None:
    _write(orders_example, spec, column, target)
    db, config = _seeded(orders_example)
    command.upgrade(config, "head")
    columns = _columns(db)
    with sqlite3.connect(db) as c:
        if after is not None:
            name, notnull = after
            assert columns[name][1] == notnull
            values = c.execute(f"SELECT {name} FROM orders ORDER BY id").fetchall()
            expected = ["EUR", "EUR"] if name == "currency" else [5, 7]
            assert [v for (v,) in values] == expected
    if spec.operation != "add-column":
        assert "total" not in columns
    command.downgrade(config, "0001")
    dropped = spec.operation == "drop-column"  # back nullable: its values are gone
    assert _columns(db)["total"] == ("INTEGER", 0 if dropped else 1)
    with sqlite3.connect(db) as c:
        back = [v for (v,) in c.execute("SELECT total FROM orders ORDER BY id")]
    assert back == ([0, 0] if dropped else [5, 7])


def test_an_index_is_built_plainly_on_sqlite(orders_example: Path) -> None:
    status = ColumnFacts(
        "orders.models", "Order", "status", "orders", None, "status", "sa.String(length=20)",
        (), "VARCHAR(20)", False, '"open"', ("id",), True,
    )  # fmt: skip
    _write(orders_example, _spec("add-index", "status"), status, None)
    db, config = _seeded(orders_example)
    command.upgrade(config, "head")
    with sqlite3.connect(db) as c:
        indexes = [row[1] for row in c.execute("PRAGMA index_list(orders)")]
    assert "ix_orders_status" in indexes
    command.downgrade(config, "0001")


def test_an_alembic_configuration_kept_in_the_package_is_found(orders_example: Path) -> None:
    # optuna keeps alembic.ini beside its script folder in the package, script_location
    # relative to that folder (it sets the location in code when it migrates)
    repo = orders_example
    package = repo / "src/orders/storage"
    package.mkdir()
    (repo / "migrations").rename(package / "alembic")
    ini = (repo / "alembic.ini").read_text()
    (repo / "alembic.ini").unlink()
    (package / "alembic.ini").write_text(
        re.sub(r"(?m)^script_location = .*$", "script_location = alembic", ini)
    )
    facts = migration_facts(repo, ["src"])
    assert facts == MigrationFacts(
        "src/orders/storage/alembic.ini", "src/orders/storage/alembic/versions", "0001"
    )
    (repo / "tools").mkdir()
    (repo / "tools/alembic.ini").write_text(ini)
    with pytest.raises(FactsUnavailable, match="2 Alembic configurations"):
        migration_facts(repo, ["src"])
