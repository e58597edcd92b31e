"""A project's database tests on a fresh PostgreSQL database that its own Alembic scripts
(and the revisions refcoord added) migrated first, as a deployment would: the schema, then the
code. Run by the schema gauntlet with the project's interpreter, in the project's copy::

    python schema_suite.py DATABASE_ENV [pytest arguments...]

The server is ``$REFCOORD_GAUNTLET_PG`` (a SQLAlchemy URL); the test database's URL is given
to the tests in ``$DATABASE_ENV`` (optuna's ``TEST_DB_URL``). Exits with pytest's code."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

SKIPPED = {"node_modules", "site-packages", "__pycache__", "build", "dist", "venv", "env"}


def alembic_ini(repo: Path) -> Path:
    """The repository's one ``alembic.ini`` (as refcoord finds it)."""
    found = [
        p for p in repo.rglob("alembic.ini")
        if not any(part.startswith(".") or part in SKIPPED for part in p.relative_to(repo).parts)
    ]  # fmt: skip
    if len(found) != 1:
        raise SystemExit(f"schema_suite: want one alembic.ini, found {found}")
    return found[0]


def script_folder(repo: Path, ini: Path) -> Path:
    """``script_location`` as Alembic reads it from the repository, else beside the file."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini)
    location = parser.get("alembic", "script_location").replace("%(here)s", str(ini.parent))
    return repo / location if (repo / location).is_dir() else ini.parent / location


def main() -> int:
    repo = Path.cwd()
    variable, pytest_args = sys.argv[1], sys.argv[2:]
    server = os.environ["REFCOORD_GAUNTLET_PG"]
    name = "g" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        ini = alembic_ini(repo)
        config = Config(str(ini))
        config.set_main_option("script_location", str(script_folder(repo, ini)))
        config.set_main_option("sqlalchemy.url", url)
        command.upgrade(config, "head")
        env = {**os.environ, variable: url}
        argv = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
        return subprocess.run([*argv, *pytest_args], env=env, check=False).returncode
    finally:
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
