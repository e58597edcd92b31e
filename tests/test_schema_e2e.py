"""A zero-downtime column rename end to end on the bundled orders example (SQLAlchemy 2,
Alembic) and a real PostgreSQL: plan, then every step applied with the project's own suite
green (its migrations test included: each revision up, down, up again), database steps that
change no code (so their suite run is the code before them on the new schema), and nothing of
the old name left; the last code step rolled back and applied again."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import Applied, apply_step
from refactor_coord.application.rolling_back import rollback_step
from refactor_coord.cli import app
from refactor_coord.domain.schema import is_database_phase
from tests.conftest import apply_every_step, commit_and_plan, write_files

pytestmark = pytest.mark.slow
pytest.importorskip("alembic")

CONFIG = """
[campaign]
name = "cents"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "total-cents"
kind = "schema"
operation = "rename-column"
model = "orders.models.Order.total"
new_name = "total_cents"
batch_size = 2
pause_ms = 0
"""

PHASES = [
    "expand", "dual-write", "backfill", "not-null", "switch", "migrate", "migrate", "relax",
    "stop-writing", "drop", "contract",
]  # fmt: skip


@pytest.fixture
def orders(orders_on_postgres: Path) -> Path:
    """The orders example, committed with its plan."""
    write_files(orders_on_postgres, {"refcoord.toml": CONFIG})
    commit_and_plan(orders_on_postgres, "orders")
    return orders_on_postgres


def _changed(repo: Path, applied: Applied) -> set[str]:
    out = subprocess.run(
        ["git", "show", "--name-only", "--format=", str(applied.commit)],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {p for p in out.split() if not p.startswith(".refcoord/")}


def test_a_column_rename_applies_end_to_end_on_postgres(orders: Path) -> None:
    done = apply_every_step(orders, tests="affected")
    assert [a.step.phase for a in done] == PHASES
    for applied in done:
        assert applied.tests is not None and applied.tests.passed
        changed = _changed(orders, applied)
        if is_database_phase(applied.step.phase):
            # a database step changes no code: its suite is the code before it on the new
            # schema, the whole of it, the migrations test (each revision down and up) too
            assert changed == {p for p in changed if p.startswith("migrations/versions/")}
            assert len(changed) == 1
            assert applied.tests.command[-1] == "no:cacheprovider"  # no file chosen: all
    code = {p.name: p.read_text() for p in (orders / "src" / "orders").glob("*.py")}
    code |= {p.name: p.read_text() for p in (orders / "tests").glob("*.py")}
    left = [name for name, text in code.items() if re.search(r"\.total\b|\btotal=", text)]
    assert left == []
    assert (
        'total_cents: Mapped[int] = mapped_column(Integer, server_default="0")'
        in (code["models.py"])
    )
    assert "refcoord" not in code["models.py"] and "synonym" not in code["models.py"]
    versions = sorted(p.name for p in (orders / "migrations" / "versions").glob("*.py"))
    assert len(versions) == 6  # the project's own and five of the rename's
    # the last code step rolls back (the old name comes back as an alias) and applies again
    config = load_config(orders)
    last = done[-1].step.number
    rollback_step(orders, config, last)
    models = (orders / "src" / "orders" / "models.py").read_text()
    assert 'total: Mapped[int] = synonym("total_cents")' in models
    subprocess.run(["git", "branch", "-D", f"refcoord/cents/step-{last}"], cwd=orders, check=True)
    again = apply_step(orders, config, last, tests="all")
    assert again.tests is not None and again.tests.passed


def test_the_schema_demo_renames_a_column_on_a_throwaway_server(tmp_path: Path) -> None:
    before = os.environ.get("DATABASE_URL")
    result = CliRunner().invoke(app, ["demo", "--schema", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "Done: 11 steps renamed orders.total to total_cents" in result.output
    assert result.output.count("(database step)") == 5
    assert os.environ.get("DATABASE_URL") == before  # the server is gone, and so is its URL


def test_the_plan_names_each_database_step_s_sql_locks_and_squawk_findings(
    orders: Path,
) -> None:
    plan = (orders / ".refcoord" / "cents" / "PLAN.md").read_text()
    assert "ALTER TABLE orders ADD COLUMN total_cents INTEGER;" in plan
    assert "ACCESS EXCLUSIVE" in plan and "SHARE UPDATE EXCLUSIVE" in plan
    assert "`ban-drop-column`: no code has read or written the old column" in plan
    assert "Monitoring: `SELECT count(*)" in plan
    assert "no --database-url given" in plan
