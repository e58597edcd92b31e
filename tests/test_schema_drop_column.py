"""drop-column on a real PostgreSQL, on the orders example with a column that goes: the plan
lists the code's uses of it for review (nothing can rewrite a use of data that goes away), the
column is made nullable first when the database would refuse rows without it, the contract step
that removes the attribute waits until no code uses it, and the drop comes last; its downgrade
adds the column back, empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import apply_step, choose_next
from refactor_coord.domain.errors import ApplyRefused
from tests.conftest import commit_and_plan, land, write_files

pytestmark = pytest.mark.slow
pytest.importorskip("alembic")

CONFIG = """
[campaign]
name = "note"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "drop-note"
kind = "schema"
operation = "drop-column"
model = "orders.models.Order.note"
"""

NOTE_REVISION = '''"""orders get a note"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("note", sa.String(200), nullable=False,
                                      server_default=""))
    op.alter_column("orders", "note", server_default=None)


def downgrade() -> None:
    op.drop_column("orders", "note")
'''


@pytest.fixture
def orders(orders_on_postgres: Path) -> Path:
    """The example with ``Order.note`` (NOT NULL, no default), written by place_order."""
    repo = orders_on_postgres
    models = repo / "src/orders/models.py"
    models.write_text(
        models.read_text().replace(
            '    customer: Mapped[Customer] = relationship(back_populates="orders")',
            "    note: Mapped[str] = mapped_column(String(200))\n"
            '    customer: Mapped[Customer] = relationship(back_populates="orders")',
        )
    )
    api = repo / "src/orders/api.py"
    api.write_text(api.read_text().replace("total=total)", 'total=total, note="")'))
    write_files(repo, {"migrations/versions/0002_note.py": NOTE_REVISION, "refcoord.toml": CONFIG})
    return repo


def test_a_column_drops_once_no_code_uses_it(orders: Path) -> None:
    plan = commit_and_plan(orders, "orders with notes")
    assert [s.phase for s in plan.steps] == ["relax", "contract", "drop"]
    review = plan.steps[1].review
    assert [(s.path, s.written) for s in review] == [("src/orders/api.py", "note=")]
    config = load_config(orders)
    done = apply_step(orders, config, choose_next(orders, config), tests="affected")  # relax
    assert done.tests is not None and done.tests.passed
    land(orders, done, "main")
    with pytest.raises(ApplyRefused, match="still"):
        apply_step(orders, config, choose_next(orders, config), tests="affected")
    api = orders / "src/orders/api.py"
    api.write_text(api.read_text().replace(', note="")', ")"))  # the use removed by hand
    write_files(orders, {}, commit="place_order writes no note")
    for phase in ("contract", "drop"):
        config = load_config(orders)
        done = apply_step(orders, config, choose_next(orders, config), tests="affected")
        assert done.step.phase == phase and done.tests is not None and done.tests.passed
        land(orders, done, "main")
    assert "note" not in (orders / "src/orders/models.py").read_text()
    drop = next(orders.glob("migrations/versions/*_drop_note_drop.py")).read_text()
    assert 'op.drop_column("orders", "note")' in drop and "empty" in drop
