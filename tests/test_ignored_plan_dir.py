"""A project whose .gitignore covers ``.refcoord/`` (``.*``, as tabulate's does): apply still
commits the step's pull-request description, refcoord's own index cache (force-added with the
plan) is not the user's uncommitted work, and a failing commit leaves nothing staged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from refactor_coord.adapters import git_repo
from refactor_coord.domain.errors import GitError
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files


@pytest.mark.slow
def test_every_step_commits_though_gitignore_covers_the_plan_folder(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            ".gitignore": ".*\n!.gitignore\n",
            "refcoord.toml": extract_config("ignored", "pkg.mod", "pkg.consts", ["LIMIT"]),
            "pkg/__init__.py": "",
            "pkg/mod.py": "LIMIT = 3\n\n\ndef limit():\n    return LIMIT\n",
            "pkg/app.py": "from pkg.mod import LIMIT\n\n\ndef twice():\n    return 2 * LIMIT\n",
            "tests/test_app.py": (
                "from pkg.app import twice\n\n\ndef test_twice():\n    assert twice() == 6\n"
            ),
        },
    )
    commit_and_plan(repo, "a project that ignores dot folders")
    # as a user would, the plan folder is added by force, and refcoord's index cache with it
    for command in (["git", "add", "-f", ".refcoord"], ["git", "commit", "-qm", "plan"]):
        subprocess.run(command, cwd=repo, check=True, capture_output=True)
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases == ["expand", "migrate", "deprecate", "contract"]
    committed = subprocess.run(
        ["git", "ls-files", ".refcoord"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()
    assert [p for p in committed if "/pr/" in p] == [
        f".refcoord/ignored/pr/step-{n}.md" for n in range(1, 5)
    ]
    assert [p for p in git_repo.dirty_paths(repo) if not p.startswith(".refcoord/cache/")] == []


def test_a_failing_commit_leaves_nothing_staged(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", {"a.py": "x = 1\n"}, commit="start")
    (repo / "a.py").write_text("x = 2\n")
    hook = repo / ".git" / "hooks" / "commit-msg"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(GitError, match="git commit failed"):
        git_repo.commit_paths(repo, ["a.py"], "")  # an empty message: git refuses it
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"],
        cwd=repo, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert staged == ""
