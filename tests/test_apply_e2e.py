"""apply / rollback end to end: the bundled example project in a real git repository, its own
pytest suite (warnings are errors) run in a subprocess after every step."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from refactor_coord.adapters import parallel
from refactor_coord.adapters.config_file import load_config
from refactor_coord.adapters.git_repo import commit_all
from refactor_coord.adapters.test_runner import run_tests
from refactor_coord.analysis.parsing import ParseJob, ParseOutcome
from refactor_coord.application import indexing
from refactor_coord.application.apply import Applied, apply_step, choose_next
from refactor_coord.application.apply import compute as compute_module
from refactor_coord.application.apply.transaction import restore, write_all
from refactor_coord.application.demo import release_example
from refactor_coord.application.plan_files import saved_plan
from refactor_coord.application.plan_io import plan_to_json
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.application.rolling_back import rollback_step
from refactor_coord.cli import app
from refactor_coord.domain.errors import ApplyFailed, ApplyRefused
from refactor_coord.domain.plan import Plan, Step
from tests.conftest import commit_and_plan, land, write_files

pytestmark = pytest.mark.slow
EXTRACT_STEPS = 7  # expand, 4 migrate, deprecate, contract in the demo plan


def python(repo: Path, code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(repo / "src"), str(repo)])}
    return subprocess.run(
        [sys.executable, *flags, "-c", code],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def project_tests(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


def state(repo: Path) -> tuple[str, list[str], str, str]:
    with git.Repo(repo) as g:
        return (
            g.head.commit.hexsha,
            sorted(h.name for h in g.heads),
            g.active_branch.name,
            g.git.status("--porcelain"),
        )


def apply_next(repo: Path) -> Applied:
    """``refcoord apply next``, then its pull request lands on main."""
    config = load_config(repo)
    result = apply_step(repo, config, choose_next(repo, config), tests="all")
    land(repo, result, "main")
    return result


@pytest.fixture
def applied(shop: Path) -> Iterator[Path]:
    for _ in range(EXTRACT_STEPS - 1):
        apply_next(shop)
    release_example(shop, "2.0")  # the contract step waits for remove_in
    apply_next(shop)
    yield shop


def test_every_step_keeps_the_suite_green_and_the_old_path_working_until_contract(
    shop: Path,
) -> None:
    old_import = "from shop.utils import slugify; print(slugify('A B'))"
    for number in range(1, EXTRACT_STEPS + 1):
        if (
            number == EXTRACT_STEPS
        ):  # contract: refused until the version reaches remove_in = "2.0"
            before = state(shop)
            with pytest.raises(
                ApplyRefused,
                match=r"announced for version 2\.0; the project is at 1\.4\.0 "
                r"\(pyproject\.toml \[project\] version\)",
            ):
                apply_next(shop)
            assert state(shop) == before
            release_example(shop, "2.0")
        result = apply_next(shop)
        assert result.step.number == number and result.commit is not None
        assert result.tests is not None and result.tests.passed
        assert project_tests(shop).returncode == 0
        if result.step.phase in ("expand", "migrate"):
            assert (
                python(shop, old_import, "-W", "error").stdout.strip() == "a-b"
            )  # works, silently
        if result.step.phase == "deprecate":  # runs the deprecation test it adds
            assert "tests/test_refcoord_move_text_helpers.py" in result.step.tests
            warned = python(shop, old_import, "-W", "error::DeprecationWarning")
            assert warned.returncode != 0
            assert "shop.utils.slugify has moved to shop.text.slugify" in warned.stderr
            assert "(it will be removed in 2.0)" in warned.stderr
    gone = python(shop, old_import)
    assert gone.returncode != 0 and "ImportError" in gone.stderr
    leftovers = subprocess.run(
        ["git", "grep", "-n", "shop.utils.slugify\\|utils import.*slugify", "--", "src", "tests"],
        cwd=shop,
        capture_output=True,
        text=True,
        check=False,
    )
    assert leftovers.stdout == ""


def test_commits_carry_trailers_branches_and_pr_descriptions(applied: Path) -> None:
    with git.Repo(applied) as g:
        message = str(g.heads["refcoord/tidy-shop/step-7"].commit.message)
        heads = sorted(h.name for h in g.heads)
    assert "Refcoord-Campaign: tidy-shop\nRefcoord-Step: 7\nRefcoord-Phase: contract" in message
    # the body says what the step is and where its description is, not the title again
    assert message.split("\n\n")[1] == (
        "The contract step of refactoring move-text-helpers; its pull-request description is "
        ".refcoord/tidy-shop/pr/step-7.md."
    )
    assert [h for h in heads if h.startswith("refcoord/")] == [
        f"refcoord/tidy-shop/step-{n}" for n in range(1, 8)
    ]
    pr = (applied / ".refcoord/tidy-shop/pr/step-2.md").read_text(encoding="utf-8")
    assert pr.startswith("# [tidy-shop 2/21]") and "Refcoord-Step: 2" in pr
    assert not (
        applied / "tests/test_refcoord_move_text_helpers.py"
    ).exists()  # the contract removed it


def test_rollback_of_a_middle_step_leaves_a_working_project(applied: Path) -> None:
    config = load_config(applied)
    before = state(applied)
    with pytest.raises(ApplyRefused, match="applied step\\(s\\) 7, 6 build on step 3"):
        rollback_step(applied, config, 3)
    assert rollback_step(applied, config, 3, cascade=True, dry_run=True)[0].revert is None
    assert state(applied) == before
    reverted = rollback_step(applied, config, 3, cascade=True)
    assert [r.number for r in reverted] == [7, 6, 3]
    assert project_tests(applied).returncode == 0
    assert python(applied, "from shop.utils import slugify", "-W", "error").returncode == 0
    plan = make_campaign_plan(applied, config).plan
    assert {s.number: s.status for s in plan.steps if s.number <= 7} == {
        1: "applied",
        2: "applied",
        3: "planned",
        4: "applied",
        5: "applied",
        6: "planned",
        7: "planned",
    }
    # applying it again: the branch of the first apply is still there
    commit_all(applied, "re-plan")
    before = state(applied)
    with pytest.raises(
        ApplyRefused,
        match=r"branch refcoord/tidy-shop/step-3 already exists .*"
        r"\(`git branch -D refcoord/tidy-shop/step-3`\) or apply with --no-branch",
    ):
        apply_step(applied, config, 3, tests="none")
    assert state(applied) == before
    subprocess.run(
        ["git", "branch", "-D", "refcoord/tidy-shop/step-3"],
        cwd=applied,
        check=True,
        capture_output=True,
    )
    assert apply_step(applied, config, 3, tests="all").tests.passed  # type: ignore[union-attr]


def test_refusals_change_nothing(shop: Path) -> None:
    config = load_config(shop)
    before = state(shop)
    with pytest.raises(
        ApplyRefused, match="needs step\\(s\\) 1 first; run `refcoord apply step 1`"
    ):
        apply_step(shop, config, 2)
    # the hint names the step to start with, however deep the chain
    with pytest.raises(
        ApplyRefused,
        match=r"step 7 needs step\(s\) 6 first, which need\(s\) 1, 2, 3, 4, 5; "
        r"run `refcoord apply step 1`",
    ):
        apply_step(shop, config, 7)
    # the step to start with is one whose own prerequisites are in place, in any refactoring
    with pytest.raises(
        ApplyRefused,
        match=r"step 18 needs step\(s\) 2, 14 first, which need\(s\) 1; "
        r"run `refcoord apply step 1`",
    ):
        apply_step(shop, config, 18)
    assert state(shop) == before
    write_files(shop, {"src/shop/cli.py": "# edited\n"})
    with pytest.raises(
        ApplyRefused,
        match=r"uncommitted changes \(src/shop/cli\.py\); commit or stash them "
        r"\(or pass --allow-dirty\)",
    ):
        apply_step(shop, config, 1)
    with pytest.raises(
        ApplyRefused, match=r"uncommitted changes \(src/shop/cli\.py\); commit or stash them$"
    ):
        rollback_step(shop, config, 1)
    subprocess.run(["git", "checkout", "--", "src/shop/cli.py"], cwd=shop, check=True)
    assert state(shop) == before


def test_an_uncommitted_plan_is_named_as_such(shop: Path) -> None:
    config = load_config(shop)
    plan_json = ".refcoord/tidy-shop/plan.json"
    edited = (shop / plan_json).read_text(encoding="utf-8") + "\n"
    write_files(shop, {plan_json: edited}, dedent=False)
    before = state(shop)
    with pytest.raises(
        ApplyRefused,
        match=r"the plan is not committed \(\.refcoord/tidy-shop/plan\.json\): "
        r"commit it first \(`git add \.refcoord && git commit",
    ):
        apply_step(shop, config, 1)
    assert state(shop) == before


def test_allow_dirty_leaves_unrelated_work_alone_and_refuses_to_fold_in_edits(shop: Path) -> None:
    config = load_config(shop)
    mine = (shop / "src/shop/utils.py").read_text(encoding="utf-8") + "# mine\n"
    write_files(shop, {"src/shop/utils.py": mine}, dedent=False)
    before = state(shop)
    with pytest.raises(
        ApplyRefused, match=r"step 1 writes src/shop/utils\.py, which has uncommitted changes"
    ):
        apply_step(shop, config, 1, allow_dirty=True, tests="none")
    with pytest.raises(
        ApplyRefused, match=r"step 1 writes src/shop/utils\.py"
    ):  # the dry run says so too
        apply_step(shop, config, 1, allow_dirty=True, dry_run=True)
    assert state(shop) == before and (shop / "src/shop/utils.py").read_text(
        encoding="utf-8"
    ).endswith("# mine\n")
    subprocess.run(["git", "checkout", "--", "src/shop/utils.py"], cwd=shop, check=True)
    write_files(shop, {"notes.txt": "unrelated\n"})
    done = apply_step(shop, config, 1, allow_dirty=True, tests="none")
    with git.Repo(shop) as g:
        assert "notes.txt" not in g.head.commit.stats.files and "notes.txt" in g.untracked_files
    assert done.commit is not None


def test_a_stale_plan_is_refused(shop: Path) -> None:
    toml = (shop / "refcoord.toml").read_text(encoding="utf-8")
    changed = toml.replace('"truncate_words", ', "")
    write_files(shop, {"refcoord.toml": changed}, dedent=False, commit="change the refactoring")
    before = state(shop)
    with pytest.raises(
        ApplyRefused, match="the plan is stale: refactoring 'move-text-helpers' changed"
    ):
        apply_step(shop, load_config(shop), 1)
    assert state(shop) == before


def test_a_changed_removal_version_makes_the_plan_stale(shop: Path) -> None:
    # the deprecate step's warning quotes it and the contract step waits for it: both come
    # from the plan
    toml = (shop / "refcoord.toml").read_text(encoding="utf-8")
    later = toml.replace('remove_in = "2.0"', 'remove_in = "3.0"')
    write_files(
        shop, {"refcoord.toml": later}, dedent=False, commit="announce the removal for 3.0"
    )
    before = state(shop)
    with pytest.raises(
        ApplyRefused,
        match=r"the plan is stale: \[campaign\] remove_in is '3\.0' in .*refcoord\.toml "
        r"but '2\.0' in the plan .*; run `refcoord plan`",
    ):
        apply_step(shop, load_config(shop), 1)
    assert state(shop) == before
    replanned = make_campaign_plan(shop, load_config(shop))
    assert (
        "remove_in is now '3.0' (was '2.0'): the deprecate and contract steps follow it"
        in replanned.changes
    )
    commit_all(shop, "re-plan")
    assert apply_next(shop).commit is not None


def test_an_apply_whose_tests_fail_leaves_tree_and_branches_as_they_were(shop: Path) -> None:
    apply_next(shop)  # expand
    guard = """
        import inspect
        import shop.catalog.feeds as f


        def test_guard():
            assert "utils.slugify" in inspect.getsource(f)
        """
    write_files(shop, {"tests/test_guard.py": guard}, commit="a test that pins the old spelling")
    plan = make_campaign_plan(shop, load_config(shop)).plan
    commit_all(shop, "re-plan")
    feeds = next(
        s
        for s in plan.steps
        if "src/shop/catalog/feeds.py" in s.files and s.refactor == "move-text-helpers"
    )
    (shop / "src/shop/catalog/feeds.py").chmod(0o755)  # put back with its bits too
    commit_all(shop, "feeds is executable")
    before = state(shop)
    with pytest.raises(ApplyFailed, match=f"step {feeds.number}'s tests failed"):
        apply_step(shop, load_config(shop), feeds.number, tests="all")
    assert state(shop) == before
    assert (shop / "src/shop/catalog/feeds.py").stat().st_mode & 0o777 == 0o755


def test_a_rewritten_file_keeps_its_permission_bits(tmp_path: Path) -> None:
    script = write_files(tmp_path, {"tool.py": "x = 1\n"}) / "tool.py"
    script.chmod(0o750)
    originals = write_all(tmp_path, {"tool.py": "x = 2\n", "new.py": "y = 1\n"})
    assert (
        script.stat().st_mode & 0o777 == 0o750 and script.read_text(encoding="utf-8") == "x = 2\n"
    )
    script.chmod(0o600)  # whatever happened since, restoring puts the bits back
    restore(tmp_path, originals)
    assert (
        script.stat().st_mode & 0o777 == 0o750 and script.read_text(encoding="utf-8") == "x = 1\n"
    )
    assert not (tmp_path / "new.py").exists()


def test_dry_run_prints_the_diff_and_changes_nothing(shop: Path) -> None:
    before = state(shop)
    result = CliRunner().invoke(app, ["apply", "step", "1", "--repo", str(shop), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert (
        "+++ b/src/shop/text.py" in result.output and "def __getattr__(name: str)" in result.output
    )
    assert state(shop) == before


def test_show_step_diff_previews_the_dry_run_then_shows_the_applied_commit(shop: Path) -> None:
    before = state(shop)
    dry = CliRunner().invoke(app, ["apply", "step", "1", "--repo", str(shop), "--dry-run"])
    preview = CliRunner().invoke(app, ["show", "step", "1", "--repo", str(shop), "--diff"])
    assert dry.exit_code == 0, dry.output
    assert preview.exit_code == 0, preview.output
    assert "not applied yet" in preview.output and dry.stdout in preview.output
    assert state(shop) == before

    waiting = CliRunner().invoke(app, ["show", "step", "2", "--repo", str(shop), "--diff"])
    assert waiting.exit_code == 4 and "needs step(s) 1 first" in waiting.output

    apply_next(shop)
    shown = CliRunner().invoke(app, ["show", "step", "1", "--repo", str(shop), "--diff"])
    assert shown.exit_code == 0, shown.output
    assert "applied in commit" in shown.output and "+++ b/src/shop/text.py" in shown.output
    assert "def __getattr__(name: str)" in shown.output


def test_plan_names_the_next_step_to_do(shop: Path) -> None:
    first = CliRunner().invoke(app, ["plan", "--repo", str(shop)])
    assert "next: step 1 (" in first.output
    assert (
        "commit the plan" not in first.output
    )  # the fixture committed it; re-planning changed nothing
    apply_next(shop)
    again = CliRunner().invoke(app, ["plan", "--repo", str(shop)])
    assert again.exit_code == 0, again.output
    assert "next: step 2 (" in again.output
    assert (
        "commit the plan before applying (each step's commit builds on it): git add .refcoord && "
        "git commit -m 'refcoord plan'"
    ) in again.output  # step 1 is now marked applied in it


def test_an_interrupted_write_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"a.py": "a = 1\n", "b.py": "b = 1\n"})
    real = os.replace
    calls: list[str] = []

    def interrupted(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all(tmp_path, {"a.py": "a = 2\n", "b.py": "b = 2\n", "c.py": "c = 2\n"})
    assert (tmp_path / "a.py").read_text(encoding="utf-8") == "a = 1\n"
    assert (tmp_path / "b.py").read_text(encoding="utf-8") == "b = 1\n"
    assert not (tmp_path / "c.py").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "b.py"]


def test_a_package_that_star_reexports_the_source_keeps_the_moved_names(tmp_path: Path) -> None:
    # The shape toolz has: pkg/__init__.py re-exports ``from .src import *``; code uses ``pkg.a``.
    repo = tmp_path / "star"
    files = {
        "pkg/__init__.py": "from .src import *\n",
        "pkg/src.py": (
            '__all__ = ["a", "b"]\n\n\ndef a():\n    return "a"\n\n\ndef b():\n    return "b"\n'
        ),
        "pkg/app.py": "import pkg\n\n\ndef run():\n    return pkg.a() + pkg.b()\n",
        "tests/test_app.py": (
            "from pkg.app import run\n\n\ndef test_run():\n    assert run() == 'ab'\n"
        ),
        "pyproject.toml": '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
        "refcoord.toml": (
            '[campaign]\nname = "star"\ntests = "all"\n\n[[refactor]]\nid = "move-a"\n'
            'kind = "extract-module"\nsource = "pkg.src"\ntarget = "pkg.target"\nsymbols = ["a"]\n'
        ),
    }
    write_files(repo, files)
    plan = commit_and_plan(repo, "star package")
    config = load_config(repo)
    assert any("pkg/__init__.py" in s.files for s in plan.steps if s.phase == "migrate")
    for _ in plan.steps:
        assert apply_next(repo).tests.passed  # type: ignore[union-attr]
    assert "from .target import a" in (repo / "pkg/__init__.py").read_text(encoding="utf-8")
    assert python(repo, "import pkg; print(pkg.a())").stdout.strip() == "a"
    # the star import stays beside the explicit import: re-planning sees nothing left to rewrite
    # (the applied steps keep the record of what they rewrote)
    replanned = make_campaign_plan(repo, config).plan.steps
    assert {s.status for s in replanned} == {"applied"}


# -- importers reaching the moved name through a package re-export -----------------------------

REEXPORT = {
    "pkg/__init__.py": 'from pkg.helpers import helper, shout\n\n__all__ = ["helper", "shout"]\n',
    "pkg/helpers.py": (
        '__all__ = ["helper", "shout"]\n\n\ndef helper(x):\n    return f"<{x}>"\n\n\n'
        "def shout(x):\n    return helper(x).upper()\n"
    ),
    "pkg/views.py": "from pkg import helper\n\n\ndef page(x):\n    return helper(x)\n",
    "pkg/cli.py": "import pkg\n\n\ndef main(x):\n    return pkg.helper(x)\n",
    "pkg/direct.py": (
        "from pkg.helpers import helper\nfrom pkg import helper as again\n\n\n"
        "def both(x):\n    return helper(x) + again(x)\n"
    ),
    "pkg/dyn.py": (
        'from pkg import helpers\n\n\ndef call(x):\n    return getattr(helpers, "helper")(x)\n'
    ),
    "tests/test_pkg.py": (
        "from pkg import helper, shout\nfrom pkg.cli import main\nfrom pkg.direct import both\n"
        "from pkg.dyn import call\nfrom pkg.views import page\n\n\ndef test_all():\n"
        '    assert helper("a") == page("a") == main("a") == call("a") == "<a>"\n'
        '    assert shout("a") == "<A>" and both("a") == "<a><a>"\n'
    ),
    "pyproject.toml": '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
    "refcoord.toml": (
        '[campaign]\nname = "reexp"\ntests = "all"\nmax_files_per_step = 1\n'
        'test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]\n\n'
        '[[refactor]]\nid = "move-helper"\nkind = "extract-module"\nsource = "pkg.helpers"\n'
        'target = "pkg.text"\nsymbols = ["helper"]\n'
    ),
}


@pytest.fixture
def reexport(tmp_path: Path) -> Path:
    """A package re-exporting the moved name, importers that reach it only through the package, one
    file that also imports it directly, one that reaches it dynamically; the plan committed."""
    repo = tmp_path / "reexp"
    write_files(repo, REEXPORT)
    commit_and_plan(repo, "a package with a re-export")
    return repo


def _migrate_of(plan: Plan, path: str) -> Step:
    return next(s for s in plan.steps if s.phase == "migrate" and path in s.files)


def _as_planned_before(repo: Path, step: Step, line: int) -> None:
    """Turn the kept import at ``line`` of the step's file into a rewrite site, as plans made
    before re-export imports were kept said: the check for a stale plan must take it as it is."""
    plan = saved_plan(repo, load_config(repo))
    sites = tuple(
        replace(s, action="rewrite", reason="") if s.line == line else s for s in step.sites
    )
    steps = tuple(replace(s, sites=sites) if s.number == step.number else s for s in plan.steps)
    earlier = {".refcoord/reexp/plan.json": plan_to_json(replace(plan, steps=steps))}
    write_files(repo, earlier, dedent=False, commit="a plan from an earlier refcoord")


def test_expand_then_migrate_through_a_package_reexport_without_replanning(reexport: Path) -> None:
    config = load_config(reexport)
    first = saved_plan(reexport, config)
    migrating = {f for s in first.steps if s.phase == "migrate" for f in s.files}
    assert migrating == {
        "pkg/__init__.py",
        "pkg/direct.py",
        "pkg/dyn.py",
    }  # views, cli, the test: kept only
    direct = _migrate_of(first, "pkg/direct.py")
    # line 6 calls both names: each reads the same afterwards (only line 1's import changes)
    assert {(s.line, s.action) for s in direct.sites} == {(1, "rewrite"), (2, "keep"), (6, "keep")}
    _as_planned_before(reexport, direct, 2)

    assert apply_next(reexport).step.phase == "expand"
    preview = CliRunner().invoke(
        app, ["show", "step", str(direct.number), "--repo", str(reexport), "--diff"]
    )
    assert preview.exit_code == 0, preview.output
    assert "+from pkg.text import helper" in preview.output

    done = [apply_next(reexport).step for _ in range(2)]
    assert {s.number for s in done} == {
        direct.number,
        _migrate_of(first, "pkg/__init__.py").number,
    }
    assert "from pkg.text import helper" in (reexport / "pkg/__init__.py").read_text(
        encoding="utf-8"
    )
    assert project_tests(reexport).returncode == 0


def test_a_step_whose_change_is_empty_is_refused_plainly_and_done_after_the_manual_fix(
    reexport: Path,
) -> None:
    config = load_config(reexport)
    first = saved_plan(reexport, config)
    contract_risk = next(s for s in first.steps if s.phase == "contract").risk
    dyn = _migrate_of(first, "pkg/dyn.py")
    assert [s.action for s in dyn.sites] == ["review"]
    while (number := choose_next(reexport, config)) != dyn.number:
        land(reexport, apply_step(reexport, config, number, tests="all"), "main")
    before = state(reexport)
    with pytest.raises(
        ApplyRefused, match=r"changes nothing in the code.*manual review \(pkg/dyn\.py:5\)"
    ):
        apply_step(reexport, config, dyn.number)
    assert state(reexport) == before

    by_hand = "from pkg.text import helper\n\n\ndef call(x):\n    return helper(x)\n"
    write_files(reexport, {"pkg/dyn.py": by_hand}, commit="dyn.py by hand")
    result = make_campaign_plan(reexport, config)
    assert result.plan.step(dyn.number).status == "done"  # type: ignore[union-attr]
    deprecate = next(s for s in result.plan.steps if s.phase == "deprecate")
    assert result.next_step == deprecate.number
    # the public-API judgement does not change once the old names are forwarded by the shim
    assert next(s for s in result.plan.steps if s.phase == "contract").risk == contract_risk
    commit_all(reexport, "re-plan")

    shown = CliRunner().invoke(app, ["apply", "next", "--repo", str(reexport), "--tests", "all"])
    assert shown.exit_code == 0, shown.output
    assert "tests    passed (python -m pytest -q -p no:cacheprovider)" in shown.output
    assert apply_next(reexport).step.phase == "contract"
    assert (
        python(
            reexport, "from pkg import helper; print(helper('z'))", "-W", "error"
        ).stdout.strip()
        == "<z>"
    )
    assert project_tests(reexport).returncode == 0


# -- a package star-importing a source module that has no __all__ --------------------------------

STAR_NO_ALL = {
    "pkg/__init__.py": '"""The package publishes its helpers."""\n\nfrom .helpers import *\n',
    "pkg/helpers.py": (
        "import re\nimport sys\n\ntry:\n    import tomllib as toml\nexcept ImportError:\n"
        '    toml = None\n\nif sys.platform:\n    SEP = "-"\nelse:\n    SEP = "_"\n\n\n'
        'def slugify(text):\n    return re.sub(r"\\s+", SEP, text.strip().lower())\n\n\n'
        "def shout(text):\n    return slugify(text).upper()\n\n\n"
        "def _private():\n    return 1\n"
    ),
    "pkg/views.py": "from pkg import slugify\n\n\ndef page(x):\n    return slugify(x)\n",
    "pkg/cli.py": "import pkg\n\n\ndef main(x):\n    return pkg.slugify(x) + pkg.shout(x)\n",
    "tests/test_pkg.py": (
        "import re\n\nimport pkg\nfrom pkg import *\nfrom pkg.cli import main\n"
        "from pkg.views import page\n\n\ndef test_all():\n"
        '    assert slugify("A b") == page("A b") == "a-b" and shout("a b") == "A-B"\n'
        '    assert main("a b") == "a-bA-B" and SEP == "-" and pkg.re is re\n'
        '    assert not hasattr(pkg, "_private")\n'
    ),
    "pyproject.toml": '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
    "refcoord.toml": (
        '[campaign]\nname = "star"\ntests = "all"\n'
        'test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]\n\n'
        '[[refactor]]\nid = "move-slugify"\nkind = "extract-module"\nsource = "pkg.helpers"\n'
        'target = "pkg.text"\nsymbols = ["slugify"]\n'
    ),
}


def test_a_star_import_of_a_source_without_all_keeps_working_through_every_step(
    tmp_path: Path,
) -> None:
    # without an __all__, ``from .helpers import *`` stopped bringing slugify at expand: its tests
    # failed and apply put everything back. expand now lists what the star import brought.
    repo = write_files(tmp_path / "star", STAR_NO_ALL, dedent=False)
    plan = commit_and_plan(repo, "a package star-importing a module without __all__")
    config = load_config(repo)
    expand = next(s for s in plan.steps if s.phase == "expand")
    assert ("star_imported", True) in expand.codemod.args
    contract_risk = next(s for s in plan.steps if s.phase == "contract").risk
    for _ in plan.steps:
        result = apply_next(repo)
        assert result.tests is not None and result.tests.passed, result.step.phase
        assert project_tests(repo).returncode == 0
        helpers = (repo / "pkg/helpers.py").read_text(encoding="utf-8")
        if result.step.phase == "expand":
            assert (
                '__all__ = ["SEP", "re", "shout", "slugify", "sys", "toml"]' in helpers
            )  # re: only slugify used it
            assert (
                python(
                    repo, "from pkg import *; print(slugify('A b'))", "-W", "error"
                ).stdout.strip()
                == "a-b"
            )
            replanned = make_campaign_plan(repo, config).plan
            assert next(s for s in replanned.steps if s.phase == "contract").risk == contract_risk
            commit_all(repo, "re-plan")
    # the contract removes the moved name from that __all__, like from any other
    assert '__all__ = ["SEP", "re", "shout", "sys", "toml"]' in (
        repo / "pkg/helpers.py"
    ).read_text(encoding="utf-8")
    assert "from .text import slugify" in (repo / "pkg/__init__.py").read_text(encoding="utf-8")
    assert python(
        repo, "from pkg import *; print(slugify('A b'), SEP)", "-W", "error"
    ).stdout.split() == ["a-b", "-"]


def test_a_type_checking_import_of_the_moved_code_stays_one_so_no_cycle_appears(
    tmp_path: Path,
) -> None:
    # pkg.utils imports pkg.models only for type checking (pkg.models imports pkg.utils); the
    # moved function's annotation needs it. A runtime copy in the target would be an import cycle
    # once pkg.models imports the function from there.
    repo = tmp_path / "tc"
    files = {
        "pkg/__init__.py": "",
        "pkg/models.py": (
            "from pkg.utils import label\n\n\nclass Model:\n    name = 'm'\n\n\n"
            "def show(m):\n    return label(m)\n"
        ),
        "pkg/utils.py": (
            "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n\n"
            "if TYPE_CHECKING:\n    from pkg.models import Model\n\n\n"
            "def label(m: Model) -> str:\n    return m.name.upper()\n"
        ),
        "tests/test_models.py": (
            "from pkg.models import Model, show\n\n\n"
            "def test_show():\n    assert show(Model()) == 'M'\n"
        ),
        "pyproject.toml": '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
        "refcoord.toml": (
            '[campaign]\nname = "tc"\ntests = "all"\n\n[[refactor]]\nid = "move-label"\n'
            'kind = "extract-module"\nsource = "pkg.utils"\ntarget = "pkg.labels"\n'
            'symbols = ["label"]\n'
        ),
    }
    write_files(repo, files)
    plan = commit_and_plan(repo, "tc")
    for step in plan.steps:
        assert apply_next(repo).tests.passed, step  # type: ignore[union-attr]
    labels = (repo / "pkg/labels.py").read_text(encoding="utf-8")
    assert "if TYPE_CHECKING:\n    from pkg.models import Model\n" in labels
    assert "from pkg.labels import label" in (repo / "pkg/models.py").read_text(encoding="utf-8")
    assert (
        python(
            repo, "import pkg.models; print(pkg.models.show(pkg.models.Model()))"
        ).stdout.strip()
        == "M"
    )


def test_a_per_file_codemod_split_between_workers_gives_the_same_change(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # steps of large files run the migrate codemod (and apply's re-index) on forked workers
    config = load_config(shop)
    apply_next(shop)
    step = choose_next(shop, config)
    assert len(saved_plan(shop, config).step(step).files) > 1  # type: ignore[union-attr]
    serial = apply_step(shop, config, step, dry_run=True).diff
    monkeypatch.setattr(compute_module, "POOL_BYTES", 0)
    monkeypatch.setattr(compute_module, "default_workers", lambda: 2)
    forks: list[int] = []

    def counted(task: Callable[[int], object], count: int) -> list[object] | None:
        forks.append(count)
        return parallel.fork_map(task, count)

    monkeypatch.setattr(compute_module, "fork_map", counted)
    pooled = apply_step(shop, config, step, dry_run=True).diff
    assert pooled == serial and serial and forks == [2]
    monkeypatch.setattr(parallel, "POOL_BYTES", 0)  # the confirming re-index parses on a pool too
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    parsed_on: list[int] = []

    def recorded(
        jobs: Sequence[ParseJob], workers: int | None, progress: Callable[[int, int], None] | None
    ) -> tuple[list[ParseOutcome], int]:
        outcomes, used = parallel.run_parse_jobs(jobs, workers, progress)
        parsed_on.append(used)
        return outcomes, used

    monkeypatch.setattr(indexing, "run_parse_jobs", recorded)
    done = apply_step(shop, config, step, tests="all")
    assert done.diff == serial and done.tests is not None and done.tests.passed
    assert parsed_on[-1] == 2  # the rewritten files, on two workers


def test_a_private_helper_other_modules_import_stays_in_the_source(tmp_path: Path) -> None:
    # jinja2.utils._PassArg: only the moved functions use it in utils, but other modules import it;
    # moving it along left them unmigrated (the deprecate step's shim warned, contract broke them)
    repo = write_files(
        tmp_path / "ph",
        {
            "pkg/__init__.py": "",
            "pkg/utils.py": (
                "class _Kind:\n    tagged = 'tagged'\n\n\n"
                "def _mark(f):\n    f.marked = True\n    return f\n\n\n"
                "def tag(f):\n    f.kind = _Kind.tagged\n    return _mark(f)\n"
            ),
            "pkg/user.py": (
                "from .utils import _Kind\n\n\n"
                "def is_tagged(f):\n    return getattr(f, 'kind', None) == _Kind.tagged\n"
            ),
            "tests/test_x.py": (
                "from pkg.user import is_tagged\nfrom pkg.utils import tag\n\n\n"
                "def test_tag():\n    assert is_tagged(tag(lambda: 1))\n"
            ),
            "pyproject.toml": '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n',
            "refcoord.toml": (
                '[campaign]\nname = "ph"\ntests = "all"\n\n[[refactor]]\nid = "move-tag"\n'
                'kind = "extract-module"\nsource = "pkg.utils"\ntarget = "pkg.tagging"\n'
                'symbols = ["tag"]\n'
            ),
        },
    )
    plan = commit_and_plan(repo, "ph")
    for _ in plan.steps[:-1]:
        assert apply_next(repo).tests.passed  # type: ignore[union-attr]
    utils = (repo / "pkg/utils.py").read_text(encoding="utf-8")
    assert (
        "class _Kind:" in utils and "def _mark(" not in utils
    )  # _mark, used only by tag, moved along
    assert "_utils._Kind.tagged" in (repo / "pkg/tagging.py").read_text(encoding="utf-8")
    # a new import of the moved helper from the old location: contract refuses and names it
    late = {"pkg/late.py": "from pkg.utils import _mark\n"}
    write_files(repo, late, commit="a late user of the old location")
    before = state(repo)
    with pytest.raises(
        ApplyRefused, match=r"the old location is still used: pkg/late\.py:1 \(pkg\.utils\._mark\)"
    ):
        apply_next(repo)
    assert state(repo) == before
    (repo / "pkg/late.py").unlink()
    commit_all(repo, "gone again")
    assert apply_next(repo).tests.passed  # type: ignore[union-attr]
    assert (
        python(
            repo,
            "import pkg.user, pkg.tagging; print(pkg.user.is_tagged(pkg.tagging.tag(lambda: 1)))",
        ).stdout.strip()
        == "True"
    )


def test_the_tests_run_in_the_users_environment_pythonpath_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a project run as `PYTHONPATH=src pytest` (nothing installed, no conftest adding src)
    repo = write_files(
        tmp_path / "pp",
        {
            "src/pkg/__init__.py": "",
            "src/pkg/core.py": "def one():\n    return 1\n",
            "tests/test_core.py": (
                "from pkg.core import one\n\n\ndef test_one():\n    assert one() == 1\n"
            ),
        },
    )
    monkeypatch.setenv("PYTHONPATH", "src")
    run = run_tests(repo, ("python", "-m", "pytest", "-q", "-p", "no:cacheprovider"), [])
    assert run.passed, run.output
