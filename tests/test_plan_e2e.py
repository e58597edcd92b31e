"""``refcoord plan`` end to end on a sample repository: three packages, tests, CODEOWNERS, a git
history, and one refactoring of each kind.

Snapshots: ``tests/snapshots/e2e_plan.json`` and ``tests/snapshots/e2e_plan.md`` hold the plan
written for :data:`SAMPLE`, compared byte for byte. After an intended change, regenerate and
review the diff:

    REFCOORD_UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_plan_e2e.py
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.plan_files import saved_plan
from refactor_coord.application.planning import PlanResult, make_campaign_plan
from refactor_coord.application.references import find_references
from refactor_coord.cli import app
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.plan import Plan, Step
from tests.conftest import check_snapshot, write_files

pytestmark = pytest.mark.slow

runner = CliRunner()

SAMPLE: dict[str, str] = {
    "pyproject.toml": """
        [project]
        name = "acme"
        version = "1.0"
        dependencies = []
        """,
    "CODEOWNERS": """
        # who reviews what
        *                  @acme/core
        /src/acme/web/     @acme/web
        /src/acme/jobs/    @acme/jobs @alice
        /tests/            @acme/qa
        """,
    "src/acme/__init__.py": '''
        """Acme."""
        from acme.core.utils import slugify

        __all__ = ["slugify"]
        ''',
    "src/acme/core/__init__.py": "",
    "src/acme/core/utils.py": '''
        """Grab-bag helpers."""
        import re

        WORD_RE = re.compile(r"\\w+")


        def slugify(text, sep="-"):
            """Lower-case words joined by sep."""
            return sep.join(WORD_RE.findall(text.lower()))


        def shout(text):
            return text.upper()
        ''',
    "src/acme/core/client.py": '''
        """A tiny client."""
        import json


        def fetch(url, timeout=10):
            return json.dumps({"url": url, "timeout": timeout})


        def fetch_all(urls, **options):
            return [fetch(u, **options) for u in urls]
        ''',
    "src/acme/web/__init__.py": "",
    "src/acme/web/forms.py": """
        from acme.core.utils import slugify, WORD_RE


        def clean(name):
            return slugify(name) if WORD_RE.match(name) else ""
        """,
    "src/acme/web/views.py": """
        import json

        from acme.core import utils
        from acme.core.client import fetch
        from acme.web.forms import clean


        def page(title):
            return json.dumps({"slug": utils.slugify(title), "name": clean(title)})


        def remote(url):
            return fetch(url, timeout=3)


        HANDLERS = {"fetch": fetch}
        """,
    "src/acme/jobs/__init__.py": "",
    "src/acme/jobs/tasks.py": """
        import json

        import acme.core.client
        from acme.core.utils import slugify


        def run(names):
            return json.loads(json.dumps([slugify(n) for n in names]))


        def pull(url):
            return acme.core.client.fetch(url, 5)
        """,
    "tests/test_utils.py": """
        from acme.core.utils import slugify


        def test_slugify():
            assert slugify("Hello World") == "hello-world"
        """,
    "tests/test_views.py": """
        from acme.web.views import page


        def test_page():
            assert "hello" in page("Hello")
        """,
    "tests/test_jobs.py": """
        from unittest import mock

        from acme.jobs.tasks import run


        def test_run():
            with mock.patch("acme.core.utils.slugify", return_value="x"):
                assert run(["a"]) == ["x"]
        """,
}

CAMPAIGN = """
    [campaign]
    name = "acme-tidy"
    description = "Move text helpers, rename fetch, put json behind a facade"
    max_files_per_step = 2
    max_sites_per_step = 20
    group_by = "{group_by}"
    remove_in = "2.0"
    """

REFACTORS = """
    [[refactor]]
    id = "move-text"
    kind = "extract-module"
    source = "acme.core.utils"
    target = "acme.core.text"
    symbols = ["slugify", "WORD_RE"]

    [[refactor]]
    id = "fetch-to-get"
    kind = "change-api"
    old = "acme.core.client.fetch"
    new = "acme.core.client.get"
    signature = "(url, *, timeout_s=10)"
    rename_params = { timeout = "timeout_s" }

    [[refactor]]
    id = "json-facade"
    kind = "replace-dependency"
    old = "json"
    new = "simplejson"
    facade = "acme.serialization"
    flag = "ACME_JSON_BACKEND"
    """

PLAN_DIR = Path(".refcoord") / "acme-tidy"


def make_repo(root: Path, group_by: str = "package", refactors: str = REFACTORS) -> Path:
    config = textwrap.dedent(CAMPAIGN.format(group_by=group_by)) + textwrap.dedent(refactors)
    files = {**SAMPLE, "refcoord.toml": config, ".gitignore": ".refcoord/\n"}
    return write_files(root, files, commit="initial")


def plan(root: Path) -> PlanResult:
    return make_campaign_plan(root, load_config(root), workers=1)


def outputs(root: Path) -> tuple[bytes, bytes]:
    return (root / PLAN_DIR / "plan.json").read_bytes(), (root / PLAN_DIR / "PLAN.md").read_bytes()


def migrate_step(p: Plan, refactor: str, path: str) -> Step:
    found = [
        s for s in p.steps if s.refactor == refactor and s.phase == "migrate" and path in s.files
    ]
    assert len(found) == 1, (refactor, path, found)
    return found[0]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "acme")


# -- the plan ----------------------------------------------------------------------------------


def test_plan_matches_the_snapshots(repo: Path) -> None:
    result = plan(repo)
    assert result.changes == ()
    assert result.json_path == repo / PLAN_DIR / "plan.json"
    assert result.markdown_path == repo / PLAN_DIR / "PLAN.md"
    data, md = outputs(repo)
    assert str(repo).encode() not in data and str(repo).encode() not in md
    check_snapshot("e2e_plan.json", data)
    check_snapshot("e2e_plan.md", md)


def test_plan_shape(repo: Path) -> None:
    p = plan(repo).plan
    assert [r.id for r in p.refactors] == ["move-text", "fetch-to-get", "json-facade"]
    assert [s.number for s in p.steps] == list(range(1, len(p.steps) + 1))
    for rid, middle in (
        ("move-text", "deprecate"),
        ("fetch-to-get", "deprecate"),
        ("json-facade", "flip"),
    ):
        mine = [s.phase for s in p.steps if s.refactor == rid]
        assert (
            mine[0] == "expand"
            and mine[-2:] == [middle, "contract"]
            and set(mine[1:-2]) == {"migrate"}
        )
    for s in p.steps:
        assert all(d < s.number for d in s.depends_on)
        for other in s.parallel_with:
            peer = p.step(other)
            assert peer is not None and s.number in peer.parallel_with
    # bounds
    for s in p.steps:
        if s.phase == "migrate":
            assert (len(s.files) <= 2 and s.rewritten <= 20) or s.notes
    # leaf-first: forms.py is imported by views.py, both in one step, forms first
    web = migrate_step(p, "move-text", "src/acme/web/views.py")
    assert web.files == ("src/acme/web/forms.py", "src/acme/web/views.py")
    # the expand step of the extract creates the target beside the source
    assert p.steps[0].files == ("src/acme/core/utils.py", "src/acme/core/text.py")
    facade_expand = next(s for s in p.steps if s.refactor == "json-facade" and s.phase == "expand")
    assert facade_expand.files == ("src/acme/serialization.py", "pyproject.toml")
    # review sites of the change-api: a callback in a dict, views.py's import of fetch (which
    # stays beside the new name for that use) and client.py's own **options call (on the
    # expand step, which rewrites the defining module's other calls)
    review = {(r.path, r.line) for s in p.steps if s.refactor == "fetch-to-get" for r in s.review}
    assert review == {
        ("src/acme/core/client.py", 10),
        ("src/acme/web/views.py", 4),
        ("src/acme/web/views.py", 16),
    }
    # tests found through the import graph: test_views imports views imports forms
    assert "tests/test_views.py" in web.tests
    jobs = migrate_step(p, "move-text", "src/acme/jobs/tasks.py")
    assert jobs.tests == ("tests/test_jobs.py", "tests/test_utils.py", "tests/test_views.py")
    # the mock.patch string in a test is a site too
    tests_step = migrate_step(p, "move-text", "tests/test_jobs.py")
    assert any(s.kind == "string" and s.action == "rewrite" for s in tests_step.sites)
    # rollback: only the contract of public names (acme.core.client has no __all__, so fetch is
    # public by PEP 8) and of the dependency is past the point of no return
    assert [s.number for s in p.steps if s.rollback.point_of_no_return] == [
        s.number for s in p.steps if s.phase == "contract"
    ]


def test_every_reference_is_covered_by_exactly_one_step(repo: Path) -> None:
    p = plan(repo).plan
    config = load_config(repo)
    skip = {  # the expand steps' files: expand rewrites what refers to the old names there
        "move-text": {"src/acme/core/utils.py", "src/acme/core/text.py"},
        "fetch-to-get": {"src/acme/core/client.py"},
    }
    for summary in p.refactors:
        expected: set[tuple[str, int, int, str]] = set()
        # ... except what it leaves for review there (change-api: the **options call)
        own_review = {
            (s.path, s.line, s.col, s.kind)
            for step in p.steps
            if step.refactor == summary.id and step.phase == "expand"
            for s in step.sites
        }
        for name in summary.old_names:
            for r in find_references(repo, config, name).references:
                site = (r.path, r.line, r.col, r.kind.value)
                if r.path not in skip.get(summary.id, set()) or site in own_review:
                    expected.add(site)
        got = Counter(
            (s.path, s.line, s.col, s.kind)
            for step in p.steps
            if step.refactor == summary.id
            for s in step.sites
        )
        assert set(got) == expected, summary.id
        assert all(n == 1 for n in got.values()), summary.id
        assert summary.references == len(expected - own_review)


def test_group_by_owner_uses_codeowners(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "acme", group_by="owner")
    p = plan(root).plan
    owners = {"src/acme/web/": "@acme/web", "src/acme/jobs/": "@acme/jobs", "tests/": "@acme/qa"}

    def owner(path: str) -> str:
        return next((o for prefix, o in owners.items() if path.startswith(prefix)), "@acme/core")

    titles = set()
    for s in p.steps:
        if s.phase == "migrate":
            assert len({owner(f) for f in s.files}) == 1, s.files
            assert s.title.startswith(f"Migrate {owner(s.files[0])} to ")
            titles.add(s.title.split(" ")[1])
    assert {"@acme/web", "@acme/jobs", "@acme/qa", "@acme/core"} <= titles


# -- determinism and re-planning ---------------------------------------------------------------


def test_planning_twice_gives_identical_bytes(repo: Path, tmp_path: Path) -> None:
    plan(repo)
    first = outputs(repo)
    second_result = plan(repo)
    assert second_result.changes[0].startswith("kept the numbers of ")
    assert outputs(repo) == first
    shutil.rmtree(repo / ".refcoord" / "cache")
    plan(repo)
    assert outputs(repo) == first
    # a fresh plan of the same repository elsewhere (no earlier plan, no cache) is the same too
    elsewhere = make_repo(tmp_path / "copy")
    plan(elsewhere)
    assert outputs(elsewhere) == first


def test_replan_after_edits_keeps_numbering(repo: Path) -> None:
    before = plan(repo).plan
    tasks = migrate_step(before, "move-text", "src/acme/jobs/tasks.py")
    assert tasks.files == ("src/acme/jobs/tasks.py",)
    # tasks.py stops using the moved names; a new module starts using them
    text = (repo / "src/acme/jobs/tasks.py").read_text(encoding="utf-8")
    text = text.replace("from acme.core.utils import slugify\n", "").replace(
        "slugify(n)", "n.lower()"
    )
    write_files(repo, {"src/acme/jobs/tasks.py": text}, dedent=False)
    write_files(
        repo,
        {
            "src/acme/jobs/report.py": """
            from acme.core.utils import slugify


            def title(name):
                return slugify(name)
            """
        },
    )
    result = plan(repo)
    after = result.plan
    old = {s.key: s.number for s in before.steps}
    assert {s.key: s.number for s in after.steps if s.key in old} == old
    done = after.step(tasks.number)
    assert done is not None and done.status == "done" and done.sites == ()
    new = [s for s in after.steps if s.key not in old]
    assert [(s.number, s.refactor, s.phase, s.files) for s in new] == [
        (len(before.steps) + 1, "move-text", "migrate", ("src/acme/jobs/report.py",))
    ]
    assert new[0].rewritten == 1  # the import; the call reads the name it binds, unchanged
    deprecate = next(
        s for s in after.steps if s.refactor == "move-text" and s.phase == "deprecate"
    )
    assert new[0].number in deprecate.depends_on
    # the other refactorings' steps in tasks.py are unchanged
    assert migrate_step(after, "fetch-to-get", "src/acme/jobs/tasks.py").status == "planned"
    assert f"step {tasks.number} is now done" in result.changes
    assert any(line.startswith(f"new step {new[0].number}: ") for line in result.changes)
    assert all(s.status == "planned" for s in after.steps if s.number != tasks.number)


def test_a_commit_with_trailers_marks_its_step_applied(repo: Path) -> None:
    plan(repo)
    with git.Repo(repo) as g:
        g.index.commit(
            "Create acme.core.text\n\nRefcoord-Campaign: acme-tidy\nRefcoord-Step: 1\n"
            "Refcoord-Phase: expand\n"
        )
        g.index.commit("Unrelated\n\nRefcoord-Campaign: another-campaign\nRefcoord-Step: 2\n")
    result = plan(repo)
    assert [s.number for s in result.plan.steps if s.status == "applied"] == [1]
    assert "step 1 is now applied" in result.changes
    data = json.loads((repo / PLAN_DIR / "plan.json").read_text(encoding="utf-8"))
    assert data["steps"][0]["status"] == "applied"


# -- the command line --------------------------------------------------------------------------


def test_cli_plan_and_show_step(repo: Path) -> None:
    result = runner.invoke(app, ["plan", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "wrote .refcoord/acme-tidy/plan.json and .refcoord/acme-tidy/PLAN.md" in result.output
    p = saved_plan(repo, load_config(repo))
    assert f"{len(p.steps)} steps;" in result.output
    web = migrate_step(p, "move-text", "src/acme/web/views.py")
    shown = runner.invoke(app, ["show", "step", str(web.number), "--repo", str(repo)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(f"Step {web.number} — {web.title}\n")
    for text in (
        "phase: migrate",
        "refactoring: move-text (extract-module)",
        "src/acme/web/forms.py",
        "src/acme/web/views.py",
        "rollback:",
        "tests (",
        "tests/test_views.py",
        web.pr_title,
    ):
        assert text in shown.output
    missing = runner.invoke(app, ["show", "step", "999", "--repo", str(repo)])
    assert missing.exit_code == 2
    assert f"the plan has no step 999; steps are 1..{len(p.steps)}" in missing.output
    assert "Traceback" not in missing.output


def test_cli_plan_json_is_the_written_file(repo: Path) -> None:
    result = runner.invoke(app, ["plan", "--repo", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.encode() == outputs(repo)[0]


def test_show_step_before_any_plan(repo: Path) -> None:
    result = runner.invoke(app, ["show", "step", "1", "--repo", str(repo)])
    assert result.exit_code == 2
    assert (
        "no plan yet for campaign 'acme-tidy'" in result.output
        and "refcoord plan" in result.output
    )


def test_plan_without_refactorings_is_a_clear_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "acme", refactors="")
    with pytest.raises(UsageError, match=r"has no \[\[refactor\]\] table: nothing to plan"):
        plan(root)
    result = runner.invoke(app, ["plan", "--repo", str(root)])
    assert result.exit_code == 2
    assert "has no [[refactor]] table: nothing to plan" in result.output
    assert "Traceback" not in result.output
    assert not (root / PLAN_DIR / "plan.json").exists()


def test_plan_md_announces_the_change_api_shims_own_warning(repo: Path) -> None:
    from refcoord_codemods.change_api.shim import warning_text

    plan(repo)
    _, md = outputs(repo)
    text = warning_text("acme.core.client.fetch", "acme.core.client.get", "2.0")
    assert f'  - "{text}"\n'.encode() in md
