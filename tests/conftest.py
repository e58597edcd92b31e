"""Shared fixtures: small repositories written into temporary directories."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.adapters.git_repo import commit_all, init_and_commit
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.domain.plan import Plan

WriteRepo = Callable[[dict[str, str | bytes]], Path]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: source}`` under ``root`` (text dedented, bytes as they are);
    returns ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
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
    init_and_commit(repo, message)
    plan = make_campaign_plan(repo, load_config(repo)).plan
    commit_all(repo, "plan")
    return plan
