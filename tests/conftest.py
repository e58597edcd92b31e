"""Shared fixtures: sample repositories, written into temporary directories by one helper,
:func:`write_files`, which every test module uses to write (and commit) them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.config_file import load_config
from refactor_coord.adapters.git_repo import commit_all, init_and_commit
from refactor_coord.adapters.postgres_server import (
    PostgresUnavailable,
    Server,
    create_database,
    drop_database,
    start_server,
    stop_server,
)
from refactor_coord.application.apply import Applied, apply_step, choose_next
from refactor_coord.application.demo import demo_config, example_source, orders_source
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.domain.config import parse_config
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.plan import Plan

WriteRepo = Callable[[dict[str, str | bytes]], Path]


def write_files(
    root: Path,
    files: Mapping[str, str | bytes],
    *,
    dedent: bool = True,
    commit: str | None = None,
) -> Path:
    """Write ``{relative path: content}`` under ``root`` and return ``root``.

    Text is written in UTF-8, its line endings as they are, dedented (and its leading newlines
    dropped) unless ``dedent`` is false; bytes are written as they are. With ``commit``,
    everything under ``root`` is then committed with that message (``root`` is made a git
    repository on branch ``main`` first when it is not one yet)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = (textwrap.dedent(content).lstrip("\n") if dedent else content).encode()
        path.write_bytes(content)
    if commit is not None:
        if (root / ".git").exists():
            commit_all(root, commit)
        else:
            init_and_commit(root, commit)
    return root


@pytest.fixture
def write_repo(tmp_path: Path) -> WriteRepo:
    """Write ``{relative path: source}`` under a fresh directory and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "repo", files)

    return write


def commit_and_plan(repo: Path, message: str) -> Plan:
    """Commit the sample repository, plan its campaign and commit the plan (``apply`` wants a
    clean tree); returns the plan."""
    write_files(repo, {}, commit=message)
    plan = make_campaign_plan(repo, load_config(repo)).plan
    write_files(repo, {}, commit="plan")
    return plan


def extract_config(campaign: str, source: str, target: str, symbols: list[str]) -> str:
    """A ``refcoord.toml`` with one extract-module refactoring; the project's tests run with
    the interpreter refcoord runs on."""
    return (
        f'[campaign]\nname = "{campaign}"\n'
        'test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]\n\n'
        f'[[refactor]]\nid = "move"\nkind = "extract-module"\nsource = "{source}"\n'
        f'target = "{target}"\nsymbols = {json.dumps(symbols)}\n'
    )


def land(repo: Path, result: Applied, base: str | None) -> None:
    """Merge the step's branch into ``base``, as landing its pull request does (the next step is
    cut from there)."""
    if result.branch is not None and base is not None:
        git_repo.merge_into(repo, result.branch, base, f"Merge {result.branch}")


def apply_every_step(
    repo: Path, tests: str = "all", each: Callable[[Applied], None] | None = None
) -> list[Applied]:
    """Apply the campaign's steps in order, as ``refcoord apply next`` would, until none is
    left; each step's tests must pass, and ``each`` checks the repository after each step.
    Returns what each step did."""
    config = load_config(repo)
    base = git_repo.current_branch(repo)
    done: list[Applied] = []
    while True:
        try:
            number = choose_next(repo, config)
        except ApplyRefused:  # every step is applied
            return done
        result = apply_step(repo, config, number, tests=tests)
        assert result.tests is not None and result.tests.passed, result.tests
        land(repo, result, base)
        if each is not None:
            each(result)
        done.append(result)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The example project with the demo configuration, committed, and its plan committed."""
    repo = tmp_path / "shop"
    shutil.copytree(
        example_source(), repo, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache")
    )
    write_files(repo, {"refcoord.toml": demo_config()}, dedent=False)
    commit_and_plan(repo, "shop")
    return repo


SNAPSHOTS = Path(__file__).parent / "snapshots"


def check_snapshot(name: str, data: str | bytes) -> None:
    """Compare rendered output with ``tests/snapshots/<name>``; with
    ``REFCOORD_UPDATE_SNAPSHOTS=1`` in the environment, write it there instead."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    path = SNAPSHOTS / name
    if os.environ.get("REFCOORD_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return
    assert path.exists(), (
        f"missing snapshot {path}; run with REFCOORD_UPDATE_SNAPSHOTS=1 to write it"
    )
    assert content == path.read_bytes(), (
        f"{name} differs from the snapshot; if the change is intended, regenerate with "
        "REFCOORD_UPDATE_SNAPSHOTS=1 and review the diff"
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """A throwaway PostgreSQL server for the session (the system's server binaries). Without
    them the test is skipped, unless ``REFCOORD_REQUIRE_POSTGRES`` is set (CI sets it)."""
    try:
        server = start_server()
    except PostgresUnavailable as error:
        if os.environ.get("REFCOORD_REQUIRE_POSTGRES"):
            pytest.fail(f"REFCOORD_REQUIRE_POSTGRES is set but {error}")
        pytest.skip(f"no PostgreSQL here: {error}")
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def database(postgres: Server, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of its own for the test, on the session's server: its URL."""
    name = "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:12]
    drop_database(postgres, name)
    url = create_database(postgres, name)
    try:
        yield url
    finally:
        drop_database(postgres, name)


@pytest.fixture
def orders_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled orders example (SQLAlchemy models, Alembic migrations) copied into the
    test's folder, its models importable in this process (its env.py imports them)."""
    repo = tmp_path / "orders"
    shutil.copytree(orders_source(), repo, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(repo / "src"))
    return repo


@pytest.fixture
def orders_on_postgres(
    orders_example: Path, postgres: Server, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The orders example, its tests (which apply runs) reaching the session's server."""
    monkeypatch.setenv("DATABASE_URL", postgres.url())
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    return orders_example


@pytest.fixture
def engine(database: str) -> Iterator[Any]:
    """A SQLAlchemy engine on the test's own database."""
    from sqlalchemy import create_engine

    made = create_engine(database)
    yield made
    made.dispose()


def alembic_config(repo: Path, url: str) -> Any:
    """Alembic's configuration of ``repo`` (the orders example) on the database ``url``."""
    from alembic.config import Config

    config = Config(str(repo / "alembic.ini"))
    config.set_main_option("script_location", str(repo / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    return config


def refactor_problems(table: dict[str, object]) -> list[str]:
    """The configuration's problems with one ``[[refactor]]`` table (a campaign named c)."""
    _, problems = parse_config({"campaign": {"name": "c"}, "refactor": [table]}, "x.toml")
    return problems
