"""``status``, ``status --history``, ``report`` and ``check`` as a tech lead runs them: on the
demo's real git repository part way through its campaign (steps 1-7 applied, 8-21 planned),
and on a small project with deprecations of its own."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import tokenize
from collections.abc import Iterator, Mapping
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from refactor_coord.cli import app
from tests.conftest import write_files

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("tracking") / "demo"
    result = runner.invoke(app, ["demo", str(target)])
    assert result.exit_code == 0, result.output
    return target


def run(repo: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--repo", str(repo)])
    return result.exit_code, result.output


def status_json(repo: Path, *args: str) -> dict[str, object]:
    code, out = run(repo, "status", "--format", "json", *args)
    assert code == 0, out
    return dict(json.loads(out))


def committed(repo: Path, files: Mapping[str, str | bytes]) -> Path:
    """A git repository holding ``files``, committed on ``main``."""
    write_files(repo, files)
    with git.Repo.init(repo, initial_branch="main") as r:
        r.git.add(A=True)
        r.index.commit("the project")
    return repo


def token_count(repo: Path, leaf: str) -> int:
    """An independent count, by the tokenizer alone (no import resolution): the tokens that
    spell ``leaf`` in first-party Python, but its ``def`` and the package ``__init__`` files
    (which re-export it: the API's surface)."""
    found = 0
    for path in sorted(repo.rglob("*.py")):
        rel = path.relative_to(repo).as_posix()
        if rel.startswith(".") or path.name == "__init__.py":
            continue
        with path.open("rb") as source:
            tokens = list(tokenize.tokenize(source.readline))
        for before, token in itertools.pairwise(tokens):
            if token.type == tokenize.NAME and token.string == leaf and before.string != "def":
                found += 1
    return found


def test_status_reads_steps_and_remaining_uses_from_git_and_code(demo: Path) -> None:
    data = status_json(demo)
    steps = data["steps"]
    assert isinstance(steps, list)
    states = {s["number"]: s["state"] for s in steps}
    assert [n for n, s in states.items() if s == "applied"] == [1, 2, 3, 4, 5, 6, 7]
    assert data["next_step"] == 8
    names = {n["name"]: n for n in data["names"]}  # type: ignore[attr-defined]
    for moved in ("shop.utils.slugify", "shop.utils.truncate_words", "shop.utils.WORD_RE"):
        assert names[moved]["shim"] == "gone" and names[moved]["remaining"] == 0
    fetch = names["shop.client.fetch"]
    assert fetch["shim"] == "original"  # step 8 (expand) is not applied
    assert fetch["remaining"] == token_count(demo, "fetch") == 14
    assert fetch["overdue"] is True  # the demo released 2.0, the campaign's removal version
    assert sum(fetch["by_owner"].values()) >= fetch["remaining"]
    assert fetch["by_package"] == {"shop": 5, "tests": 9}
    json_uses = names["json"]
    assert json_uses["shim"] == "original" and json_uses["remaining"] == 20  # no facade yet
    flags = data["flags"]
    assert isinstance(flags, list)
    assert [(f["name"], f["state"]) for f in flags] == [("SHOP_JSON_BACKEND", "not yet")]


def test_status_text_lists_each_use_with_sites(demo: Path) -> None:
    code, out = run(demo, "status", "--sites")
    assert code == 0
    assert "next: step 8" in out
    assert re.search(r"src/shop/catalog/\w+\.py:\d+:\d+", out)
    assert "Traceback" not in out


def test_history_has_one_point_per_commit_falling_to_the_current_count(demo: Path) -> None:
    code, out = run(demo, "status", "--history", "--format", "json")
    assert code == 0, out
    points = json.loads(out)["points"]
    with git.Repo(demo) as repo:
        commits = [c.hexsha for c in repo.iter_commits("HEAD", first_parent=True)]
    assert [p["commit"] for p in points] == commits[::-1]
    moved = [p["remaining"]["shop.utils.slugify"] for p in points]
    assert moved[0] > 0 and moved[-1] == 0
    assert all(a >= b for a, b in itertools.pairwise(moved))  # it only falls
    assert points[-1]["total"] == status_json(demo, "--no-inventory")["totals"]["remaining"]  # type: ignore[index]
    # a second run reads the kept counts: the same answer
    assert run(demo, "status", "--history", "--format", "json")[1] == out


def test_report_writes_one_self_contained_page_with_the_numbers(demo: Path) -> None:
    out_file = demo.parent / "report.html"
    code, out = run(demo, "report", "--output", str(out_file))
    assert code == 0, out
    page = out_file.read_text(encoding="utf-8")
    total = status_json(demo)["totals"]["remaining"]  # type: ignore[index]
    assert f'data-value="{total}"' in page
    assert "<script src" not in page and "<link" not in page


@pytest.fixture
def branch(demo: Path) -> Iterator[Path]:
    """The demo on a new branch off main (thrown away after the test)."""
    with git.Repo(demo) as repo:
        repo.git.checkout("-B", "feature", "main")
    yield demo
    with git.Repo(demo) as repo:
        repo.git.reset("--hard")
        repo.git.clean("-fdq", "-e", ".refcoord/cache")
        repo.git.checkout("main")


def test_check_fails_on_a_change_that_adds_an_old_name_import(branch: Path) -> None:
    write_files(branch, {"src/shop/newmod.py": "from shop.client import fetch\n"})
    code, out = run(branch, "check", "--base", "main")
    assert code == 1
    assert "src/shop/newmod.py:1:25: uses deprecated shop.client.fetch" in out
    assert "use shop.client.get instead" in out
    code, out = run(branch, "check", "--base", "main", "--format", "github")
    assert code == 1 and out.startswith("::error file=src/shop/newmod.py,line=1,col=25,")
    code, out = run(branch, "check", "--base", "main", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert code == 1 and [r["ruleId"] for r in results] == [
        "refcoord/deprecated/shop.client.fetch"
    ]


def test_check_passes_a_change_that_adds_no_use(branch: Path) -> None:
    write_files(branch, {"src/shop/newmod.py": "from shop.client import get\n"})
    with git.Repo(branch) as repo:
        repo.git.add(A=True)
        repo.index.commit("a new module using the new name")
    assert run(branch, "check", "--base", "main") == (
        0,
        "no new uses of deprecated names since main\n",
    )


def test_moving_an_existing_use_is_not_a_new_use(branch: Path) -> None:
    path = branch / "src/shop/orders/invoice.py"
    text = path.read_text()
    path.write_text("\n\n# moved down\n" + text)
    assert run(branch, "check", "--base", "main")[0] == 0


def test_an_allowed_use_and_the_baseline_accept_new_uses(branch: Path) -> None:
    write_files(
        branch,
        {
            "src/shop/a.py": "from shop.client import fetch  # refcoord: allow[fetch]\n",
            "src/shop/b.py": "from shop.client import fetch\n",
        },
    )
    assert run(branch, "check", "--base", "main")[0] == 1
    assert run(branch, "check", "--base", "main", "--update-baseline")[0] == 0
    baseline = json.loads((branch / ".refcoord/check-baseline.json").read_text())
    assert [(e["path"], e["text"]) for e in baseline["accepted"]] == [
        ("src/shop/b.py", "from shop.client import fetch")
    ]
    assert run(branch, "check", "--base", "main")[0] == 0
    write_files(branch, {"src/shop/c.py": "import shop.client\nshop.client.fetch('u')\n"})
    code, out = run(branch, "check", "--base", "main")
    assert code == 1 and "src/shop/c.py:2:" in out and "b.py" not in out


def test_check_refuses_a_base_that_is_not_a_commit_in_one_line(branch: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "refactor_coord", "check", "--base", "nope"],
        cwd=branch,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 6, done.stderr  # not 1: no finding, the check could not be made
    assert done.stderr == (
        "refcoord: error: cannot find where HEAD left 'nope': Not a valid object name nope\n"
    )


DEPRECATING = {
    "refcoord.toml": '[campaign]\nname = "legacy"\nremove_in = "1.0"\n',
    "pyproject.toml": '[project]\nname = "legacy"\nversion = "1.2"\n',
    "legacy/__init__.py": "",
    "legacy/_warnings.py": ("class RemovedIn2Warning(DeprecationWarning):\n    pass\n"),
    "legacy/api.py": (
        "import warnings\n"
        "from legacy._warnings import RemovedIn2Warning\n\n\n"
        "def old_sum(a, b):\n"
        '    warnings.warn("old_sum is deprecated; use add (removed in 1.0)", RemovedIn2Warning)\n'
        "    return a + b\n\n\n"
        "def add(a, b, strict=None):\n"
        "    if strict is not None:\n"
        '        warnings.warn("strict is ignored", DeprecationWarning, stacklevel=2)\n'
        "    return a + b\n\n\n"
        "class Conn:\n"
        "    def __init__(self, url, retries=None):\n"
        "        if retries is not None:\n"
        '            warnings.warn("retries is deprecated", DeprecationWarning)\n\n'
        "    @classmethod\n"
        "    def make(cls, url, legacy=None):\n"
        "        return cls(url)\n"
    ),
    "legacy/use.py": (
        "from legacy.api import add, old_sum\n\n"
        "TOTAL = old_sum(1, 2) + add(1, 2) + add(1, 2, strict=True)\n"
        "from legacy.api import Conn\n"
        'CONNS = [Conn("u"), Conn("u", 3), Conn("u", retries=3), Conn.make("u", 1)]\n'
    ),
}


def test_the_inventory_lists_the_projects_own_deprecations_with_their_callers(
    tmp_path: Path,
) -> None:
    repo = committed(tmp_path / "legacy", DEPRECATING)
    data = status_json(repo)
    entries = {
        (e["qname"], e.get("parameter")): e
        for e in data["inventory"]  # type: ignore[attr-defined]
    }
    old = entries[("legacy.api.old_sum", None)]
    assert old["kind"] == "function" and old["category"] == "RemovedIn2Warning"
    assert old["remaining"] == 2  # the import and the call in legacy/use.py
    assert old["remove_in"] == "1.0"
    strict = entries[("legacy.api.add", "strict")]
    assert strict["kind"] == "parameter" and strict["remaining"] == 1  # only the call passing it
    # a constructor's parameter is passed where the class is called (not Conn.make(..., 1))
    retries = entries[("legacy.api.Conn", "retries")]
    assert retries["kind"] == "parameter" and retries["remaining"] == 2
    # the ratchet watches them with --inventory
    with git.Repo(repo) as r:
        r.git.checkout("-b", "feature")
    write_files(repo, {"legacy/more.py": "from legacy.api import add\nadd(1, 2, strict=False)\n"})
    code, out = run(repo, "check", "--base", "main", "--inventory")
    assert code == 1 and "legacy/more.py:2:1: uses deprecated legacy.api.add" in out
    assert run(repo, "check", "--base", "main")[0] == 2  # nothing to watch without it


def test_without_git_history_each_command_says_so_in_one_line(tmp_path: Path) -> None:
    repo = tmp_path / "plain"
    write_files(repo, {"legacy/api.py": "def old():\n    pass\n", **_CONFIG})
    for args in (["status", "--history"], ["check", "--base", "main"]):
        code, out = run(repo, *args)
        assert code == 6 and "is not a git repository (run `git init` and commit)" in out
    git.Repo.init(repo, initial_branch="main").close()
    code, out = run(repo, "status", "--history")
    assert code == 6 and "has no commits yet: there is no history to read" in out
    code, out = run(repo, "report")  # the page, without its burndown
    assert code == 0 and "no burndown in the report" in out
    assert (repo / ".refcoord/reports/legacy.html").is_file()


_CONFIG = {
    "refcoord.toml": (
        '[campaign]\nname = "legacy"\n\n[[refactor]]\nid = "old-new"\nkind = "change-api"\n'
        'old = "legacy.api.old"\nnew = "legacy.api.new"\n'
    )
}


def test_a_step_applied_on_its_own_branch_and_a_stale_plan(demo: Path, tmp_path: Path) -> None:
    repo = tmp_path / "copy"
    shutil.copytree(demo, repo)
    assert run(repo, "report")[0] == 0  # the page is git-ignored: apply still finds a clean tree
    code, out = run(repo, "apply", "step", "8", "--tests", "none")
    assert code == 0, out
    with git.Repo(repo) as r:
        r.git.checkout("main")  # its pull request is open: not merged
    data = status_json(repo)
    states = {s["number"]: s["state"] for s in data["steps"]}  # type: ignore[attr-defined]
    assert states[8] == "on its branch" and data["next_step"] == 9  # as apply next would take
    assert data["notes"] == []
    config = repo / "refcoord.toml"
    config.write_text(config.read_text().replace('remove_in = "2.0"', 'remove_in = "3.0"'))
    code, out = run(repo, "status")
    assert "the plan is stale: [campaign] remove_in is '3.0'" in out


RATCHET: dict[str, str | bytes] = {
    "refcoord.toml": (
        '[campaign]\nname = "r"\nsource_roots = ["lib"]\n\n[[refactor]]\nid = "old-new"\n'
        'kind = "change-api"\nold = "pkg.mod.old_func"\nnew = "pkg.mod.new_func"\n'
    ),
    "lib/pkg/__init__.py": "",
    "lib/pkg/mod.py": "def old_func(x):\n    return x\n\n\ndef new_func(x):\n    return x\n",
    "lib/pkg/compat.py": "from pkg.mod import old_func\n",
    "lib/pkg/user.py": (
        "from pkg.compat import old_func\n\n\ndef a():\n    return old_func(1)\n\n\n"
        + "".join(f"def helper_{n}(value):\n    return value + {n}\n\n\n" for n in range(8))
    ),
    "lib/pkg/lat.py": (
        b"# -*- coding: latin-1 -*-\nimport pkg.mod as m\ny = m.old_func(1)  # caf\xe9\n"
    ),
}


@pytest.fixture
def ratchet_repo(tmp_path: Path) -> Iterator[Path]:
    repo = committed(tmp_path / "r", RATCHET)
    with git.Repo(repo) as r:
        r.git.checkout("-b", "change")
    yield repo


def check(repo: Path) -> tuple[int, str]:
    return run(repo, "check", "--base", "main")


def test_check_does_not_flag_uses_the_change_kept(ratchet_repo: Path) -> None:
    user = ratchet_repo / "lib/pkg/user.py"
    # an import line edited toward the migration keeps its use of the old name
    user.write_text(user.read_text().replace("import old_func", "import new_func, old_func"))
    assert check(ratchet_repo) == (0, "no new uses of deprecated names since main\n")
    # lines of a latin-1 file moved down: the same uses
    lat = ratchet_repo / "lib/pkg/lat.py"
    lat.write_bytes(lat.read_bytes().replace(b"import pkg", b"\n\nimport pkg"))
    assert check(ratchet_repo)[0] == 0
    # a module deleted and its users importing from elsewhere: no use added
    (ratchet_repo / "lib/pkg/compat.py").unlink()
    user.write_text(user.read_text().replace("pkg.compat", "pkg.mod"))
    assert check(ratchet_repo)[0] == 0
    # a file renamed under a configured source root
    with git.Repo(ratchet_repo) as r:
        r.git.add(A=True)
        r.git.mv("lib/pkg/user.py", "lib/pkg/user2.py")
    assert check(ratchet_repo)[0] == 0
    # and one more call: that line is the new use, not the edited import
    user2 = ratchet_repo / "lib/pkg/user2.py"
    user2.write_text(user2.read_text() + "\n\nX = old_func(2)\n")
    code, out = check(ratchet_repo)
    assert code == 1 and out.startswith("lib/pkg/user2.py:42:5: uses deprecated pkg.mod.old_func")
    assert "1 new use of a deprecated name" in out


def test_history_counts_a_use_through_a_re_export_under_another_name(tmp_path: Path) -> None:
    repo = committed(
        tmp_path / "alias",
        {
            "refcoord.toml": (
                '[campaign]\nname = "a"\n\n[[refactor]]\nid = "old-new"\nkind = "change-api"\n'
                'old = "pkg.mod.old_func"\nnew = "pkg.mod.new_func"\n'
            ),
            "pkg/__init__.py": "from .mod import old_func as legacy\n",
            "pkg/mod.py": "def old_func(x):\n    return x\n",
            "app/b.py": "import pkg\n\npkg.legacy(3)\n",  # never spells old_func
        },
    )
    remaining = status_json(repo, "--no-inventory")["totals"]["remaining"]  # type: ignore[index]
    code, out = run(repo, "status", "--history", "--format", "json")
    assert code == 0 and json.loads(out)["points"][-1]["total"] == remaining == 1


def test_history_parsed_ahead_on_workers_gives_the_same_points(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refactor_coord.application import history

    expected = run(demo, "status", "--history", "--format", "json")[1]
    repo = tmp_path / "copy"
    shutil.copytree(demo, repo)
    shutil.rmtree(repo / ".refcoord" / "cache")  # cold: every blob parsed again
    monkeypatch.setattr(history, "_PARSE_PER_WORKER", 1)  # the demo's few files, forked
    assert run(repo, "status", "--history", "--format", "json")[1] == expected


def test_a_name_bound_by_assignment_counts_everywhere(tmp_path: Path) -> None:
    repo = committed(
        tmp_path / "assigned",
        {
            "refcoord.toml": (
                '[campaign]\nname = "a"\n\n[[refactor]]\nid = "old-new"\nkind = "change-api"\n'
                'old = "pkg.impl.old_fn"\nnew = "pkg.impl.new_fn"\n'
            ),
            "pkg/__init__.py": "from .impl import old_fn\n\ns = short = old_fn\n",
            "pkg/impl.py": "def old_fn(x):\n    return x\n",
            "app/use.py": "import pkg\n\npkg.s(1)\npkg.short(2)\n",  # never spells old_fn
        },
    )
    names = status_json(repo, "--no-inventory", "--sites")["names"]
    assert isinstance(names, list) and len(names) == 1
    name = names[0]
    # the assignment itself and the two calls through its names (the package's import of the
    # old name is the API's surface, for a change-api)
    assert [(u["path"], u["line"]) for u in name["uses"]] == [
        ("app/use.py", 3),
        ("app/use.py", 4),
        ("pkg/__init__.py", 3),
    ]
    code, out = run(repo, "status", "--history", "--format", "json")
    assert json.loads(out)["points"][-1]["total"] == 3
    with git.Repo(repo) as r:
        r.git.checkout("-b", "change")
    write_files(repo, {"app/more.py": "import pkg\n\npkg.short(3)\n"})
    code, out = run(repo, "check", "--base", "main")
    assert code == 1 and out.startswith("app/more.py:3:1: uses deprecated pkg.impl.old_fn")
