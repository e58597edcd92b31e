"""``refcoord check`` lints the Alembic revisions a change adds with squawk: a hand-written
unsafe migration fails CI with the rule and the SQL line; an allow comment on its ``def upgrade``
accepts a rule; a revision refcoord wrote for a schema step is not flagged for what its step
answers; a project's own ``.squawk.toml`` applies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refactor_coord.cli import app
from tests.conftest import write_files

pytestmark = pytest.mark.slow
pytest.importorskip("alembic")

CONFIG = """
[campaign]
name = "cents"

[[refactor]]
id = "total-cents"
kind = "schema"
operation = "rename-column"
model = "orders.models.Order.total"
new_name = "total_cents"
"""

UNSAFE = '''"""status becomes state, total goes."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:{allow}
    op.alter_column("orders", "status", new_column_name="state")
    op.drop_column("orders", "total")


def downgrade() -> None:
    op.add_column("orders", sa.Column("total", sa.Integer(), nullable=True))
    op.alter_column("orders", "state", new_column_name="status")
'''


@pytest.fixture
def orders(orders_example: Path) -> Path:
    repo = orders_example
    write_files(repo, {"refcoord.toml": CONFIG}, commit="orders")
    return repo


def check(repo: Path, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", "--repo", str(repo), "--base", "main", *more])
    return result.exit_code, result.output


def test_a_hand_written_unsafe_migration_fails_with_the_rule_and_the_sql(orders: Path) -> None:
    (orders / "migrations/versions/0002_state.py").write_text(UNSAFE.format(allow=""))
    code, out = check(orders)
    assert code == 1, out
    assert (
        "migrations/versions/0002_state.py:12:1: unsafe migration (squawk renaming-column): "
        in out
    )
    assert "[ALTER TABLE orders RENAME status TO state;]" in out
    assert "(squawk ban-drop-column)" in out and "unsafe migration findings since main" in out
    code, out = check(orders, "--format", "json")
    found = json.loads(out)["findings"]
    assert {f["name"] for f in found} >= {"squawk/renaming-column", "squawk/ban-drop-column"}
    assert {f["source"] for f in found} == {"migration"}


def test_an_allow_comment_accepts_the_rules_it_names(orders: Path) -> None:
    allow = "  # refcoord: allow[squawk/renaming-column, squawk/ban-drop-column]"
    (orders / "migrations/versions/0002_state.py").write_text(UNSAFE.format(allow=allow))
    code, out = check(orders)
    assert "renaming-column" not in out and "ban-drop-column" not in out
    others = [line for line in out.splitlines() if "unsafe migration (squawk" in line]
    assert code == (1 if others else 0)  # the rules not named are still reported


def test_the_project_s_squawk_configuration_applies(orders: Path) -> None:
    (orders / "migrations/versions/0002_state.py").write_text(UNSAFE.format(allow=""))
    excluded = [
        "renaming-column", "ban-drop-column", "require-timeout-settings",
        "require-statement-timeout", "require-lock-timeout", "prefer-robust-stmts",
    ]  # fmt: skip
    (orders / ".squawk.toml").write_text(f"excluded_rules = {json.dumps(excluded)}\n")
    assert check(orders) == (0, "no new uses of deprecated names since main\n")


def test_a_revision_refcoord_wrote_is_not_flagged_for_what_its_step_answers(
    orders: Path,
) -> None:
    from refactor_coord.adapters.config_file import load_config
    from refactor_coord.application.planning import make_campaign_plan
    from refactor_coord.application.schema_inputs import revision_spec
    from refactor_coord.domain.schema import ColumnFacts, DatabaseStep, rename_column_steps
    from refactor_coord.domain.specs import SchemaChange
    from refcoord_codemods.schema.revisions import revision_path, revision_text

    make_campaign_plan(orders, load_config(orders))
    write_files(orders, {}, commit="plan")
    column = ColumnFacts(
        "orders.models", "Order", "total", "orders", None, "total", "sa.Integer()", (),
        "INTEGER", False, '"0"', ("id",), True,
    )  # fmt: skip
    spec = SchemaChange("total-cents", "rename-column", "orders.models.Order.total", "total_cents")
    down = "0001"
    for step in rename_column_steps(column, "total_cents"):
        if isinstance(step, DatabaseStep):
            made = revision_spec(spec, "cents", column, step, down)
            (orders / revision_path("migrations/versions", made)).write_text(revision_text(made))
            down = made.revision
    assert check(orders) == (0, "no new uses of deprecated names since main\n")
