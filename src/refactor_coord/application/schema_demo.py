"""Use case: the bundled orders example (SQLAlchemy models, Alembic migrations) and a
zero-downtime column rename carried out on it, every step, on a throwaway PostgreSQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from refactor_coord.adapters.config_file import load_config
from refactor_coord.adapters.git_repo import commit_all, init_and_commit, merge_into
from refactor_coord.adapters.postgres_server import (
    PostgresUnavailable,
    Server,
    start_server,
    stop_server,
)
from refactor_coord.application.apply import Applied, apply_step, choose_next
from refactor_coord.application.demo import DemoReport, orders_source
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.application.progress import campaign_status
from refactor_coord.application.render_plan import render_summary_table
from refactor_coord.application.render_status import status_text
from refactor_coord.domain.errors import ApplyRefused, UsageError
from refactor_coord.domain.schema import is_database_phase


@dataclass(frozen=True, slots=True)
class SchemaDemoResult:
    """What the schema demo did."""

    directory: Path
    applied: tuple[Applied, ...]


def schema_demo_config() -> str:
    """The schema demo's refcoord.toml."""
    template = resources.files("refactor_coord") / "templates" / "demo-schema-refcoord.toml"
    return template.read_text(encoding="utf-8")


def run_schema_demo(directory: Path, report: DemoReport) -> SchemaDemoResult:
    """Copy the orders example into ``directory`` (new or empty), start a throwaway
    PostgreSQL its tests use (``DATABASE_URL``), plan the rename, and apply every step, each
    landed on main before the next, with the project's tests green after each."""
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; give a new directory for the demo")
    missing = [m for m in ("sqlalchemy", "alembic", "psycopg") if find_spec(m) is None]
    if missing:
        raise UsageError(
            f"the schema demo runs the example's tests with this interpreter, which lacks "
            f"{', '.join(missing)}: pip install 'refcoord[schema]'"
        )
    shutil.copytree(
        orders_source(),
        directory,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc"),
    )
    (directory / "refcoord.toml").write_text(schema_demo_config(), encoding="utf-8")
    commit = init_and_commit(directory, "Example orders service and its refcoord.toml")
    report(
        f"cp -r <orders example> {directory} && git init && git commit",
        f"Example project 'orders' (SQLAlchemy 2, Alembic) with a refcoord.toml, committed "
        f"({commit[:10]}).",
    )
    report("cat refcoord.toml", schema_demo_config().rstrip("\n"))
    with _database(report) as server:
        config = load_config(directory)
        plan = make_campaign_plan(directory, config)
        commit_all(directory, f"refcoord plan for campaign {config.campaign.name}")
        report("refcoord plan && git commit -m 'plan'", render_summary_table(plan.plan))
        applied = []
        while True:
            try:
                number = choose_next(directory, config)
            except ApplyRefused:
                break
            done = apply_step(directory, config, number, tests="all")
            applied.append(done)
            kind = "database" if is_database_phase(done.step.phase) else "code"
            tests = done.tests.output.strip().splitlines()[-1] if done.tests else "not run"
            report(
                f"refcoord apply step {number} --tests all",
                f"{done.step.phase} ({kind} step): {done.step.title}\ntests on {server.url()}: "
                f"{tests}",
            )
            if done.branch is not None:
                merge_into(directory, done.branch, "main", f"Merge {done.branch}")
        report("refcoord status", status_text(campaign_status(directory, config)))
    return SchemaDemoResult(directory, tuple(applied))


@contextmanager
def _database(report: DemoReport) -> Iterator[Server]:
    """A throwaway server for the demo, named in DATABASE_URL while it runs."""
    try:
        server = start_server()
    except PostgresUnavailable as error:
        raise UsageError(f"the schema demo needs PostgreSQL: {error}") from None
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = server.url()
    report(
        "initdb && pg_ctl start  # a throwaway PostgreSQL",
        f"DATABASE_URL={server.url()} (the example's tests make their own databases there)",
    )
    try:
        yield server
    finally:
        stop_server(server)
        if before is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = before
