"""A column rename meets what real campaigns meet, on a real PostgreSQL: a teammate's Alembic
revision lands in the middle (apply refuses the next database step, saying why; planning
again chains the rest after it), a query keyword names the column (the plan lists it for
review, the contract step waits for it), a same-named attribute on receivers of unknown type
(the contract step lists it and waits until a person says it was checked), and a column with
a constraint is refused at plan rather than renamed without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import apply_step, choose_next
from refactor_coord.application.plan_files import load_plan, plan_dir
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.domain.errors import ApplyRefused, UsageError
from refactor_coord.domain.plan import Step
from tests.conftest import commit_and_plan, land, write_files

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
model = "{model}"
new_name = "{new}"
pause_ms = 0
"""

TEAMMATE = '''"""A teammate's migration."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("name", sa.String(80), nullable=True))


def downgrade() -> None:
    op.drop_column("customers", "name")
'''


@pytest.fixture
def orders(orders_on_postgres: Path) -> Path:
    return orders_on_postgres


def _next(repo: Path) -> None:
    config = load_config(repo)
    done = apply_step(repo, config, choose_next(repo, config), tests="affected")
    assert done.tests is not None and done.tests.passed
    land(repo, done, "main")


def test_a_revision_landing_midway_a_query_keyword_and_the_contract(orders: Path) -> None:
    reports = orders / "src/orders/reports.py"
    reports.write_text(
        reports.read_text()
        + "\n\ndef paid_exactly(session: Session, cents: int) -> list[Order]:\n"
        "    return list(session.scalars(select(Order).filter_by(total=cents)))\n"
    )
    write_files(orders, {"refcoord.toml": CONFIG.format(model="orders.models.Order.total",
                                                        new="total_cents")})  # fmt: skip
    plan = commit_and_plan(orders, "orders")
    review = [s for step in plan.steps for s in step.review]
    assert [(s.path, s.written) for s in review] == [("src/orders/reports.py", "total=")]
    assert "filter_by" in review[0].reason
    _next(orders)  # expand
    _next(orders)  # dual-write
    expand = plan.steps[0].codemod.args
    revision = dict(expand)["revision"]
    write_files(
        orders,
        {"migrations/versions/0002_customer_name.py": TEAMMATE.format(down=revision)},
        commit="a teammate's migration lands",
    )
    config = load_config(orders)
    with pytest.raises(ApplyRefused, match="Alembic's head is 0002 now"):
        apply_step(orders, config, choose_next(orders, config), tests="affected")
    make_campaign_plan(orders, config)  # planning again: the backfill follows 0002
    write_files(orders, {}, commit="plan again")
    backfill = next(s for s in load_plan_steps(orders) if s.phase == "backfill")
    assert dict(backfill.codemod.args)["down_revision"] == "0002"
    while True:
        config = load_config(orders)
        number = choose_next(orders, config)
        step = next(s for s in load_plan_steps(orders) if s.number == number)
        if step.phase == "contract":
            break
        _next(orders)
    with pytest.raises(ApplyRefused, match=r"keywords still name it: src/orders/"):
        apply_step(orders, config, number, tests="affected")
    reports.write_text(reports.read_text().replace("filter_by(total=", "filter_by(total_cents="))
    write_files(orders, {}, commit="the query renamed by hand")
    _next(orders)
    models = (orders / "src/orders/models.py").read_text()
    assert "    total: " not in models and "synonym" not in models


def load_plan_steps(repo: Path) -> list[Step]:
    """The steps of the plan as written now."""
    return list(load_plan(plan_dir(repo, load_config(repo)) / "plan.json").steps)


def test_a_column_with_a_constraint_is_refused_at_plan(orders: Path) -> None:
    write_files(orders, {"refcoord.toml": CONFIG.format(model="orders.models.Customer.email",
                                                        new="email_address")})  # fmt: skip
    write_files(orders, {}, commit="orders")
    with pytest.raises(UsageError, match=r"has unique constraint .*rename-column does not carry"):
        make_campaign_plan(orders, load_config(orders))


def test_a_same_named_attribute_of_unknown_receivers_waits_for_the_contract_step(
    orders: Path,
) -> None:
    # optuna's trial.datetime_start: most such uses are another class's (FrozenTrial); no
    # migrate step can settle them, so the contract step lists them, and a person who checked
    # them says so with --reviewed (the suite still runs after it). And a use of the
    # attribute in the model's own module (optuna's query methods on other models) is a
    # migrate step's, like any other
    models = orders / "src/orders/models.py"
    models.write_text(
        models.read_text()
        + "\n\ndef over(limit: int) -> list[Order]:\n"
        + '    """Orders over ``limit`` cents, as a query."""\n'
        + "    return select(Order).where(Order.total > limit)  # type: ignore[return-value]\n"
    )
    first = orders / "migrations/versions/0001_customers_and_orders.py"
    first.write_text(  # an old revision naming the attribute: history, never migrated
        first.read_text()
        + "\n\ndef _totals_then() -> object:\n"
        + '    """What the orders table held at this revision (a helper of old)."""\n'
        + "    from orders.models import Order\n\n"
        + "    return Order.total\n"
    )
    models.write_text(
        models.read_text()
        .replace("from sqlalchemy import ForeignKey", "from sqlalchemy import ForeignKey, select")
        .replace("ForeignKey, select, Integer, String", "ForeignKey, Integer, String, select")
    )
    write_files(
        orders,
        {
            "src/orders/labels.py": (
                '"""Labels of anything with a total."""\n\n\n'
                "def label(thing) -> str:\n"
                '    return f"total {thing.total}"\n'
            ),
            "refcoord.toml": CONFIG.format(model="orders.models.Order.total", new="total_cents"),
        },
    )
    plan = commit_and_plan(orders, "orders")
    migrated = {f for step in plan.steps if step.phase == "migrate" for f in step.files}
    contract = next(s for s in plan.steps if s.phase == "contract")
    assert "src/orders/labels.py" not in migrated
    assert [(s.path, s.line) for s in contract.review] == [("src/orders/labels.py", 5)]
    while (number := choose_next(orders, load_config(orders))) != contract.number:
        _next(orders)
    config = load_config(orders)
    with pytest.raises(ApplyRefused, match=r"labels.py:5 .*apply with --reviewed"):
        apply_step(orders, config, number, tests="affected")
    done = apply_step(orders, config, number, tests="affected", reviewed=True)
    assert done.tests is not None and done.tests.passed
    assert any("--reviewed: 1 use(s)" in note and "labels.py:5" in note for note in done.notes)
    assert "where(Order.total_cents > limit)" in models.read_text()
    assert "return Order.total\n" in first.read_text()  # history stays as it was
