"""Git, through GitPython: the only module that talks to git."""

from __future__ import annotations

from pathlib import Path

import git


def init_and_commit(path: Path, message: str) -> str:
    """Make ``path`` a git repository on branch ``main`` with everything committed; returns the sha."""
    with git.Repo.init(path, initial_branch="main") as repo, repo.config_writer() as cfg:
        if not _has(repo, "user", "name"):
            cfg.set_value("user", "name", "refcoord demo")
        if not _has(repo, "user", "email"):
            cfg.set_value("user", "email", "demo@refcoord.invalid")
    return commit_all(path, message)


def commit_all(path: Path, message: str) -> str:
    """Stage everything (what .gitignore allows) and commit; returns the sha."""
    with git.Repo(path) as repo:  # closing it ends GitPython's persistent git processes
        repo.git.add(A=True)
        repo.index.commit(message)
        return str(repo.head.commit.hexsha)


def _has(repo: git.Repo, section: str, option: str) -> bool:
    try:
        return bool(repo.config_reader().get_value(section, option))
    except Exception:  # noqa: BLE001 - GitPython raises configparser errors of several kinds
        return False


def applied_steps(path: Path, campaign: str) -> frozenset[int]:
    """Step numbers whose commits (trailers ``Refcoord-Campaign`` and ``Refcoord-Step``) are in
    the history of HEAD; empty when ``path`` is not a git repository or has no commits."""
    try:
        with git.Repo(path, search_parent_directories=False) as repo:
            log = repo.git.log("--format=%B%x00", "--grep", f"Refcoord-Campaign: {campaign}")
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
        return frozenset()
    steps = set()
    for message in log.split("\x00"):
        lines = dict(_trailer(line) for line in message.splitlines() if ":" in line)
        if lines.get("Refcoord-Campaign") == campaign and lines.get("Refcoord-Step", "").isdigit():
            steps.add(int(lines["Refcoord-Step"]))
    return frozenset(steps)


def _trailer(line: str) -> tuple[str, str]:
    key, _, value = line.partition(":")
    return key.strip(), value.strip()
