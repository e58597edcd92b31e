"""Alembic's offline mode (``alembic upgrade A:B --sql``) on revisions that are not written
yet: the project's Alembic configuration and script folder copied to a scratch folder with
the new revision files added, run by the project's own interpreter in the repository (so the
configuration's relative paths, such as ``prepend_sys_path``, mean what they mean there).
Nothing in the repository is touched and no database is needed."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from refactor_coord.adapters.test_runner import project_python


class OfflineFailed(Exception):
    """Alembic could not render the SQL; the message says why."""


def offline_sql(
    repo: Path,
    config: str,
    versions: str,
    added: Mapping[str, str],
    ranges: Sequence[tuple[str | None, str]],
    source_roots: Sequence[str],
) -> list[str]:
    """The SQL of each ``(down, revision)`` range, as ``alembic upgrade down:revision --sql``
    renders it with the revision files ``added`` (repository path -> text) in place."""
    ini = repo / config
    parser = _parsed(ini)
    location = parser.get("alembic", "script_location", fallback="alembic")
    scripts = script_folder(repo, config)
    with tempfile.TemporaryDirectory(prefix="refcoord-alembic-") as scratch:
        root = Path(scratch)
        copied = root / "scripts"
        shutil.copytree(scripts, copied, ignore=shutil.ignore_patterns("__pycache__"))
        try:
            versions_dir = copied / (repo / versions).resolve().relative_to(scripts)
        except ValueError:
            raise OfflineFailed(
                f"the revisions folder {versions} is outside the script folder {location} "
                "(version_locations): not supported yet"
            ) from None
        for path, text in added.items():
            (versions_dir / Path(path).name).write_text(text, encoding="utf-8")
        parser.set("alembic", "script_location", str(copied))
        if not parser.get("alembic", "sqlalchemy.url", fallback="").startswith("postgresql"):
            # the SQL is PostgreSQL's whatever the configuration names (optuna's: SQLite)
            parser.set("alembic", "sqlalchemy.url", "postgresql://")
        with (root / "alembic.ini").open("w", encoding="utf-8") as out:
            parser.write(out)
        return [
            _render(repo, root / "alembic.ini", down, revision, source_roots)
            for down, revision in ranges
        ]


def _parsed(ini: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini, encoding="utf-8")
    return parser


def script_folder(repo: Path, config: str) -> Path:
    """The Alembic script folder the configuration ``config`` (relative to ``repo``) names:
    ``script_location`` as Alembic reads it from the repository (relative to where it runs),
    else relative to the configuration's own folder (where a project that sets it in code,
    as optuna does, keeps it)."""
    ini = repo / config
    location = _parsed(ini).get("alembic", "script_location", fallback="alembic")
    location = location.replace("%(here)s", str(ini.parent))
    if Path(location).is_absolute() or (repo / location).is_dir():
        return (repo / location).resolve()
    return (ini.parent / location).resolve()


def _render(
    repo: Path, ini: Path, down: str | None, revision: str, source_roots: Sequence[str]
) -> str:
    python, _ = project_python(repo)
    path = os.pathsep.join([str(repo / r) for r in source_roots] + [str(repo)])
    env = {**os.environ, "PYTHONPATH": path}
    env.setdefault("DATABASE_URL", "postgresql://")
    span = f"{down}:{revision}" if down else revision
    try:
        ran = subprocess.run(
            [python, "-m", "alembic", "-c", str(ini), "upgrade", span, "--sql"],
            cwd=repo, capture_output=True, text=True, timeout=300, check=False, env=env,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OfflineFailed(f"alembic did not run: {error}") from None
    if ran.returncode != 0:
        tail = (ran.stderr or ran.stdout).strip().splitlines()
        raise OfflineFailed(
            f"alembic upgrade {span} --sql failed: {tail[-1] if tail else 'no output'}"
        )
    return ran.stdout
