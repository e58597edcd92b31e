"""Git, through GitPython: the only module that talks to git."""

from __future__ import annotations

from pathlib import Path

import git


def init_and_commit(path: Path, message: str) -> str:
    """Make ``path`` a git repository on branch ``main`` with everything committed; returns the sha."""
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as cfg:
        if not _has(repo, "user", "name"):
            cfg.set_value("user", "name", "refcoord demo")
        if not _has(repo, "user", "email"):
            cfg.set_value("user", "email", "demo@refcoord.invalid")
    repo.git.add(A=True)
    repo.index.commit(message)
    return str(repo.head.commit.hexsha)


def _has(repo: git.Repo, section: str, option: str) -> bool:
    try:
        return bool(repo.config_reader().get_value(section, option))
    except Exception:  # noqa: BLE001 - GitPython raises configparser errors of several kinds
        return False
