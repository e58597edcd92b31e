"""Step branches match the plan (issue 13): a step's branch is cut from the base branch once the
steps it builds on are merged there, and stacked only on an unmerged prerequisite's branch."""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path

import git
import pytest

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import apply_step, choose_next
from refactor_coord.application.apply.branches import (
    BranchBase,
    BranchFacts,
    base_branch,
    choose_base,
)
from refactor_coord.application.demo import demo_config, example_source
from refactor_coord.application.rolling_back import rollback_step
from refactor_coord.domain.errors import ApplyRefused
from tests.conftest import commit_and_plan, write_files


def facts(
    merged: Collection[int] = (),
    holds: dict[int, set[int]] | None = None,
    current: str | None = "main",
    current_holds: Collection[int] = (),
) -> BranchFacts:
    return BranchFacts(
        "tidy",
        "main",
        frozenset(merged),
        {n: frozenset(s) for n, s in (holds or {}).items()},
        current,
        frozenset(current_holds),
    )


# -- the choice ----------------------------------------------------------------------------------


def test_a_step_whose_prerequisites_are_merged_is_cut_from_the_base_branch() -> None:
    assert choose_base(set(), facts()) == BranchBase("main", "main", ())
    chosen = choose_base({1, 2}, facts(merged={1, 2}, current="refcoord/tidy/step-2"))
    assert chosen == BranchBase("main", "main", ())
    assert isinstance(chosen, BranchBase) and chosen.describe() == "cut from main"


def test_a_step_stacks_only_on_its_unmerged_prerequisite_not_on_the_previous_step() -> None:
    # step 3 builds on step 1 only; the user is on step 2's branch (which holds 1 and 2)
    chosen = choose_base(
        {1},
        facts(holds={1: {1}, 2: {1, 2}}, current="refcoord/tidy/step-2", current_holds={1, 2}),
    )
    assert chosen == BranchBase("refcoord/tidy/step-1", "main", (1,))
    assert isinstance(chosen, BranchBase)
    assert (
        chosen.describe() == "stacked on refcoord/tidy/step-1 (step(s) 1 not merged into main yet)"
    )


def test_a_prerequisite_without_its_branch_is_found_on_the_current_branch_or_refused() -> None:
    # step 1 was applied with --no-branch on the current branch: there is no step-1 branch
    assert choose_base({1}, facts(current="feature", current_holds={1})) == BranchBase(
        "feature", "main", (1,)
    )
    assert isinstance(choose_base({1}, facts(current="other")), str)


def test_a_chain_of_unmerged_prerequisites_stacks_on_its_top() -> None:
    chosen = choose_base({1, 2}, facts(holds={1: {1}, 2: {1, 2}}))
    assert chosen == BranchBase("refcoord/tidy/step-2", "main", (1, 2))
    # once step 1 is merged, only step 2 is stacked on
    assert choose_base({1, 2}, facts(merged={1}, holds={2: {1, 2}})) == BranchBase(
        "refcoord/tidy/step-2", "main", (2,)
    )


def test_unmerged_prerequisites_on_separate_branches_are_refused_unless_joined() -> None:
    spread = facts(holds={1: {1}, 2: {1, 2}, 3: {1, 3}}, current="refcoord/tidy/step-3")
    refused = choose_base({1, 2, 3}, spread)
    assert refused == (
        "it builds on step(s) 1, 2, 3, which are not merged into main and no one branch holds "
        "them all: merge their pull requests into main (land the stack from its bottom) and "
        "apply again"
    )
    joined = facts(holds={1: {1}, 2: {1, 2}, 3: {1, 3}}, current="joined", current_holds={1, 2, 3})
    assert choose_base({1, 2, 3}, joined) == BranchBase("joined", "main", (1, 2, 3))


def test_the_base_branch_is_the_configured_one_else_the_stacks_recorded_one_else_the_current() -> (
    None
):
    assert base_branch("develop", "refcoord/tidy/step-2", "main") == "develop"
    assert base_branch(None, "refcoord/tidy/step-2", "main") == "main"
    assert base_branch(None, "main", None) == "main"
    assert base_branch(None, None, None) is None


# -- on a real repository ------------------------------------------------------------------------


def parent_of(repo: Path, branch: str) -> str:
    with git.Repo(repo) as g:
        return str(g.heads[branch].commit.parents[0].hexsha)


def tip(repo: Path, branch: str) -> str:
    with git.Repo(repo) as g:
        return str(g.heads[branch].commit.hexsha)


@pytest.mark.slow
def test_branches_follow_the_plan_stacked_until_merged_then_cut_from_main(shop: Path) -> None:
    config = load_config(shop)
    plan_commit = tip(shop, "main")
    assert apply_step(shop, config, 1, tests="none").branch == "refcoord/tidy-shop/step-1"
    assert parent_of(shop, "refcoord/tidy-shop/step-1") == plan_commit
    apply_step(shop, config, 2, tests="none")  # builds on 1, not merged: stacked on step 1
    assert parent_of(shop, "refcoord/tidy-shop/step-2") == tip(shop, "refcoord/tidy-shop/step-1")
    # from step 2's branch, step 3 (which builds on step 1 only) is not stacked on step 2
    apply_step(shop, config, 3, tests="none")
    assert parent_of(shop, "refcoord/tidy-shop/step-3") == tip(shop, "refcoord/tidy-shop/step-1")
    assert git_repo.applied_steps(shop, "tidy-shop", "refcoord/tidy-shop/step-3") == {1, 3}
    # step 1's pull request lands: the next step that builds on it is cut from main
    merged = git_repo.merge_into(shop, "refcoord/tidy-shop/step-1", "main", "Merge step 1")
    apply_step(shop, config, 4, tests="none")
    assert parent_of(shop, "refcoord/tidy-shop/step-4") == merged
    # from a step branch, the base is the one its stack was cut from
    assert git_repo.recorded_base(shop, "refcoord/tidy-shop/step-4") == "main"


@pytest.mark.slow
def test_a_step_whose_files_differ_on_its_base_is_refused_and_nothing_changes(shop: Path) -> None:
    config = load_config(shop)
    apply_step(shop, config, 1, tests="none")
    apply_step(shop, config, 2, tests="none")
    # on step 2's branch, someone edits a file of step 3 (which is cut from step 1's branch)
    feeds = shop / "src/shop/catalog/feeds.py"
    write_files(shop, {"src/shop/catalog/feeds.py": feeds.read_text() + "# edited\n"}, commit="e")
    with git.Repo(shop) as g:
        before = (g.head.commit.hexsha, sorted(h.name for h in g.heads))
    with pytest.raises(ApplyRefused, match=r"src/shop/catalog/feeds\.py differ there from HEAD"):
        apply_step(shop, config, 3, tests="none")
    with git.Repo(shop) as g:
        assert (g.head.commit.hexsha, sorted(h.name for h in g.heads)) == before
        assert not g.is_dirty()


@pytest.mark.slow
def test_the_configured_base_branch_is_where_steps_are_cut_from(tmp_path: Path) -> None:
    repo = tmp_path / "shop"
    shutil.copytree(
        example_source(), repo, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache")
    )
    config_text = demo_config().replace('name = "tidy-shop"', 'name = "tidy-shop"\nbase = "trunk"')
    write_files(repo, {"refcoord.toml": config_text}, dedent=False)
    commit_and_plan(repo, "shop")
    config = load_config(repo)
    with pytest.raises(ApplyRefused, match=r"the base branch trunk does not exist here"):
        apply_step(repo, config, 1, tests="none")
    with git.Repo(repo) as g:
        g.create_head("trunk")
        assert not g.is_dirty()
    apply_step(repo, config, 1, tests="none")
    assert git_repo.recorded_base(repo, "refcoord/tidy-shop/step-1") == "trunk"
    assert parent_of(repo, "refcoord/tidy-shop/step-1") == tip(repo, "trunk")


@pytest.mark.slow
def test_apply_next_on_a_stack_sees_the_steps_applied_on_their_own_branches(shop: Path) -> None:
    config = load_config(shop)
    apply_step(shop, config, 1, tests="none")
    apply_step(shop, config, 2, tests="none")
    apply_step(shop, config, 3, tests="none")  # on step 1's branch: step 2 is not in its history
    assert git_repo.current_branch(shop) == "refcoord/tidy-shop/step-3"
    assert choose_next(shop, config) == 4  # not step 2 again
    with pytest.raises(
        ApplyRefused,
        match=r"step 2 is already applied on its branch refcoord/tidy-shop/step-2, not merged",
    ):
        apply_step(shop, config, 2, tests="none")


@pytest.mark.slow
def test_a_squash_merged_step_rolled_back_is_not_applied_on_its_old_branch(shop: Path) -> None:
    """A squash merge keeps the step's trailers but not its commit: once main has the step, the
    main history says whether it is applied, and a rollback there makes it next again (its old
    branch still holds it, and is no ancestor of main)."""
    config = load_config(shop)
    apply_step(shop, config, 1, tests="none")
    branch = "refcoord/tidy-shop/step-1"
    with git.Repo(shop) as g:
        message = str(g.heads[branch].commit.message)
        g.git.switch("main")
        g.git.merge("--squash", branch)
        g.git.commit("-m", f"Step 1 (#12)\n\n{message}")
    assert choose_next(shop, config) == 2  # the squash commit applies step 1 here
    rollback_step(shop, config, 1)
    assert git_repo.applied_steps(shop, "tidy-shop") == frozenset()
    assert choose_next(shop, config) == 1  # not "applied on its branch"
    # applying it again needs its branch name: the landed branch left there is named, not reused
    with pytest.raises(ApplyRefused, match=rf"branch {branch} already exists .*`git branch -D"):
        apply_step(shop, config, 1, tests="none")
