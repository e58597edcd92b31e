"""The demo, as a newcomer runs it: a real git repository and the example's own pytest suite."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from refactor_coord.cli import app
from tests.conftest import write_files

pytestmark = pytest.mark.slow


def test_demo_builds_a_committed_repository_and_finds_references(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo", str(target)])
    assert result.exit_code == 0, result.output
    with git.Repo(target) as repo:
        assert not repo.is_dirty(
            untracked_files=True
        )  # the index cache ignores itself; the plan is committed
        assert repo.active_branch.name == "main"  # each step's pull request landed there
        steps = [f"refcoord/tidy-shop/step-{n}" for n in range(1, 8)]
        assert sorted(h.name for h in repo.heads) == sorted(["main", *steps])
        main = {c.hexsha for c in repo.iter_commits("main", first_parent=True)}
        for earlier, later in itertools.pairwise(steps):  # cut from main, not stacked
            (parent,) = repo.heads[later].commit.parents
            assert parent.hexsha in main
            assert parent.hexsha != repo.heads[earlier].commit.hexsha
    plan_md = (target / ".refcoord" / "tidy-shop" / "PLAN.md").read_text(encoding="utf-8")
    assert plan_md.count("**Status: applied.**") == 7  # re-planned once the steps are in
    assert "$ refcoord refs shop.utils.slugify" in result.output
    assert "src/shop/catalog/products.py" in result.output
    assert "flowchart LR" in result.output
    assert "failed       0" in result.output
    assert "21 steps; 46 references rewritten; 2 left for manual review" in result.output
    assert (
        target / ".refcoord" / "tidy-shop" / "plan.json"
    ).is_file()  # committed: the tree is clean
    assert "$ refcoord apply step 7 --tests all\ncontract:" in result.output
    assert "Done: steps 1, 2, 3, 4, 5, 6, 7 moved slugify" in result.output
    assert "$ refcoord status\nCampaign tidy-shop (project version 2.0.0)\n" in result.output
    assert "7 of 21 steps applied; 34 references remaining" in result.output
    assert "$ refcoord status --history\nHistory: 11 commits, 5 deprecated names" in result.output


def test_example_project_test_suite_passes(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    CliRunner().invoke(app, ["demo", str(target)])
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout


def test_demo_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    write_files(tmp_path, {"keep.txt": "mine"})
    result = CliRunner().invoke(app, ["demo", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not empty" in result.output
    assert (tmp_path / "keep.txt").read_text() == "mine"
