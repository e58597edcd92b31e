"""The schema pattern's backfill on a table of a million rows, on a throwaway PostgreSQL.

Usage: python benchmarks/bench_backfill.py [--rows N] [--batch-size N]

A table like the orders example's (``id`` integer primary key, ``total``, a nullable
``total_cents``) gets N rows (default 1,000,000). Two ways of copying ``total`` into
``total_cents`` are timed in the same run, each while a writer updates random rows one at a time
(as the application would during the migration):

  one UPDATE   the baseline: ``UPDATE orders SET total_cents = total`` in one statement (what a
               hand-written migration does); its row locks are held until it ends
  backfill     refcoord's generated backfill revision (``alembic upgrade``), batches of
               --batch-size rows by primary key, each committed on its own, no pause

For each: the wall time, rows per second, the longest lock held on a row (the baseline's whole
statement; the backfill's longest batch, between two of its per-batch log lines), and the
writer's slowest single-row update (how long the application waited). Then the ratios.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from typing_extensions import Self

from refactor_coord.adapters.postgres_server import (
    create_database,
    running_server,
)
from refactor_coord.application.demo import orders_source
from refactor_coord.application.schema_inputs import revision_spec
from refactor_coord.domain.schema import ColumnFacts, DatabaseStep, rename_column_steps
from refactor_coord.domain.specs import SchemaChange
from refcoord_codemods.schema.revisions import revision_path, revision_text

TABLE = """
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL,
                     status varchar(20) NOT NULL DEFAULT 'open',
                     total integer NOT NULL DEFAULT 0, total_cents integer DEFAULT 0);
"""


def _fill(engine: Engine, rows: int) -> None:
    with engine.begin() as c:
        c.execute(text("DROP TABLE IF EXISTS orders"))
        c.execute(text(TABLE))
        c.execute(
            text(
                "INSERT INTO orders (id, customer_id, total, total_cents) "
                "SELECT g, 1, g % 100000, NULL FROM generate_series(1, :n) g"
            ),
            {"n": rows},
        )
        c.execute(text("ANALYZE orders"))


class _Writer:
    """Updates random rows one at a time until stopped; keeps its slowest update."""

    def __init__(self, engine: Engine, rows: int) -> None:
        self.engine, self.rows = engine, rows
        self.stop = threading.Event()
        self.slowest = 0.0
        self.updates = 0
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        with self.engine.connect() as c:
            while not self.stop.is_set():
                started = time.monotonic()
                c.execute(
                    text("UPDATE orders SET status = 'paid' WHERE id = :id"),
                    {"id": random.randint(1, self.rows)},
                )
                c.commit()
                self.slowest = max(self.slowest, time.monotonic() - started)
                self.updates += 1
                time.sleep(0.005)

    def __enter__(self) -> Self:
        self.thread.start()
        time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _baseline(engine: Engine, rows: int) -> dict[str, float]:
    _fill(engine, rows)
    with _Writer(engine, rows) as writer:
        started = time.monotonic()
        with engine.begin() as c:
            c.execute(text("UPDATE orders SET total_cents = total"))
        seconds = time.monotonic() - started
    return {"seconds": seconds, "longest_lock": seconds, "writer_slowest": writer.slowest}


class _Batches(logging.Handler):
    """The times of the backfill's per-batch log lines."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("copied "):
            self.times.append(time.monotonic())


def _backfill(engine: Engine, url: str, rows: int, batch: int) -> dict[str, float]:
    from alembic import command
    from alembic.config import Config

    _fill(engine, rows)
    with engine.begin() as c:  # Alembic's record: the expand step is applied
        c.execute(text("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)"))
    folder = Path(tempfile.mkdtemp(prefix="refcoord-bench-"))
    try:
        shutil.copytree(orders_source() / "migrations", folder / "migrations")
        for old in (folder / "migrations" / "versions").glob("*.py"):
            old.unlink()
        spec = SchemaChange(
            "total-cents", "rename-column", "orders.models.Order.total", "total_cents",
            batch_size=batch, pause_ms=0,
        )  # fmt: skip
        column = ColumnFacts(
            "orders.models", "Order", "total", "orders", None, "total", "sa.Integer()", (),
            "INTEGER", False, '"0"', ("id",), True,
        )  # fmt: skip
        step = next(
            s for s in rename_column_steps(column, "total_cents")
            if isinstance(s, DatabaseStep) and s.phase == "backfill"
        )  # fmt: skip
        made = revision_spec(spec, "bench", column, step, None)
        (folder / revision_path("migrations/versions", made)).write_text(revision_text(made))
        config = Config()
        config.set_main_option("script_location", str(folder / "migrations"))
        config.set_main_option("sqlalchemy.url", url)
        sys.path.insert(0, str(orders_source() / "src"))  # its env.py imports the models
        handler = _Batches()
        log = logging.getLogger("alembic.runtime.migration")
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        with _Writer(engine, rows) as writer:
            started = time.monotonic()
            command.upgrade(config, made.revision)
            seconds = time.monotonic() - started
        log.removeHandler(handler)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    marks = handler.times  # a batch's lock is held from one log line to the next
    with engine.connect() as c:
        left = c.execute(text("SELECT count(*) FROM orders WHERE total_cents IS NULL")).scalar()
    assert left == 0, f"{left} rows not copied"
    return {
        "seconds": seconds,
        "longest_lock": max(b - a for a, b in itertools.pairwise(marks)),
        "writer_slowest": writer.slowest,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    with running_server() as server:
        url = create_database(server, "bench")
        engine = create_engine(url)
        base = _baseline(engine, args.rows)
        ours = _backfill(engine, url, args.rows, args.batch_size)
        engine.dispose()
    print(f"{args.rows:,} rows, batches of {args.batch_size:,}")
    print(f"{'':12} {'seconds':>8} {'rows/s':>10} {'longest lock':>13} {'writer waited':>14}")
    for name, found in (("one UPDATE", base), ("backfill", ours)):
        print(
            f"{name:12} {found['seconds']:8.1f} {args.rows / found['seconds']:10,.0f} "
            f"{found['longest_lock']:12.3f}s {found['writer_slowest']:13.3f}s"
        )
    print(
        f"backfill / one UPDATE: time x{ours['seconds'] / base['seconds']:.2f}, longest lock "
        f"x{ours['longest_lock'] / base['longest_lock']:.4f}, writer's longest wait "
        f"x{ours['writer_slowest'] / base['writer_slowest']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
