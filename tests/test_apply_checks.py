"""apply runs the project's own checks: its formatters and import sorters on the step's files,
its lint_command and tests before the commit; it shows progress, keeps a log of each step, shows
the first failure of a red step, records the checks in the PR description, and answers scripts
with JSON and exit codes. Real git repositories, real tools, real pytest subprocesses."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import Applied, apply_step, choose_next
from refactor_coord.cli import app
from refactor_coord.domain.errors import ApplyFailed
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

pytestmark = pytest.mark.slow

SAMPLE = {
    "pkg/__init__.py": "",
    "pkg/utils.py": (
        '"""Helpers."""\n\nimport re\n\nWORD_RE = re.compile(r"\\w+")\n\n\n'
        "def slugify(text: str) -> str:\n"
        '    return "-".join(WORD_RE.findall(text.lower()))\n\n\n'
        "def shout(text: str) -> str:\n    return text.upper()\n"
    ),
    "pkg/views.py": (
        '"""Views."""\n\nimport os\n\nfrom pkg.utils import shout, slugify\n\n\n'
        "def title(path: str) -> str:\n    return shout(slugify(os.path.basename(path)))\n"
    ),
    "tests/__init__.py": "",
    "tests/test_views.py": (
        "from pkg.utils import slugify\nfrom pkg.views import title\n\n\n"
        'def test_title() -> None:\n    assert title("/a/Hello World") == "HELLO-WORLD"\n\n\n'
        'def test_slugify() -> None:\n    assert slugify("A b") == "a-b"\n'
    ),
}
PYTEST = '[tool.pytest.ini_options]\nfilterwarnings = ["error"]\n'
BLACK_ISORT = (
    '[tool.black]\nline-length = 99\n\n[tool.isort]\nprofile = "black"\nline_length = 99\n'
    'known_first_party = ["pkg", "tests"]\n\n'
)
RUFF = '[tool.ruff]\nline-length = 99\n\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\n\n'
RUFF_FORMAT = "[tool.ruff.format]\n\n"


@pytest.fixture(autouse=True)
def _this_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample projects' interpreter is the one running these tests (it has the tools), even
    when the shell that started them activated another environment."""
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)


def tool(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=repo, capture_output=True, text=True, check=False
    )


CONFIG = extract_config("fmt", "pkg.utils", "pkg.text", ["WORD_RE", "slugify"])


def sample(
    root: Path, pyproject: str, lint: list[str] | None = None, files: dict[str, str] | None = None
) -> Path:
    config = CONFIG
    if lint is not None:
        config = config.replace("\n\n[[refactor]]", f"\nlint_command = {json.dumps(lint)}\n\n"
                                "[[refactor]]")  # fmt: skip
    repo = write_files(
        root,
        {**SAMPLE, "pyproject.toml": pyproject + PYTEST, "refcoord.toml": config, **(files or {})},
    )
    commit_and_plan(repo, "sample")
    return repo


@pytest.mark.parametrize(
    ("pyproject", "checks"),
    [
        (
            BLACK_ISORT,
            [("black", "--check", "--diff", "."), ("isort", "--check-only", "--diff", ".")],
        ),
        (
            RUFF + RUFF_FORMAT,
            [("ruff", "check", "."), ("ruff", "format", "--check", "--diff", ".")],
        ),
    ],
    ids=["black-isort", "ruff"],
)
def test_every_step_leaves_the_project_clean_for_its_own_formatters(
    tmp_path: Path, pyproject: str, checks: list[tuple[str, ...]]
) -> None:
    lint = ["python", "-m", *checks[0]]
    repo = sample(tmp_path / "repo", pyproject, lint)
    for check in checks:
        assert tool(repo, *check).returncode == 0, check  # clean before the campaign

    def clean(result: Applied) -> None:
        for check in checks:
            done = tool(repo, *check)
            assert done.returncode == 0, (result.step.title, check, done.stdout + done.stderr)
        assert result.checks is not None and result.checks.formatting
        assert all(not run.missing for run in result.checks.formatting)  # each tool ran
        pr = (repo / str(result.pr_path)).read_text(encoding="utf-8")
        assert "## Checks run by `refcoord apply`" in pr
        assert f"- Lint: `{' '.join(lint)}`: passed (in " in pr
        assert re.search(
            r"- Tests: `python -m pytest -q -p no:cacheprovider`: passed \(\d+ passed in ", pr
        )

    steps = apply_every_step(repo, each=clean)
    assert len(steps) >= 4
    assert {r.tool for r in steps[0].checks.formatting} == (  # type: ignore[union-attr]
        {"black", "isort"} if "black" in pyproject else {"ruff (fixes)", "ruff format"}
    )


def test_formatting_a_step_changes_what_the_codemod_left(tmp_path: Path) -> None:
    # a project formatted at 40 columns: lines the steps write past that are wrapped by black
    narrow = BLACK_ISORT.replace("99", "40")
    repo = write_files(
        tmp_path / "repo", {**SAMPLE, "pyproject.toml": narrow + PYTEST, "refcoord.toml": CONFIG}
    )
    for check in (("black", "-q", "."), ("isort", "-q", ".")):
        assert tool(repo, *check).returncode == 0
    commit_and_plan(repo, "formatted at 40 columns")
    steps = apply_every_step(repo)
    changed = [
        f for step in steps if step.checks for r in step.checks.formatting for f in r.changed
    ]
    assert changed  # the tools had work to do, and did it
    assert tool(repo, "black", "--check", ".").returncode == 0
    assert tool(repo, "isort", "--check-only", ".").returncode == 0


def test_a_file_not_formatted_before_is_not_reformatted_by_the_step(tmp_path: Path) -> None:
    # the project configures black, but views.py never went through it: the migrate step's diff
    # is its import, not a reformatted file
    views = SAMPLE["pkg/views.py"] + "\n\nTABLE = {'a':1,'b':2}\n"
    repo = sample(
        tmp_path / "repo", "[tool.black]\nline-length = 99\n\n", files={"pkg/views.py": views}
    )
    config = load_config(repo)
    apply_step(repo, config, choose_next(repo, config))
    migrate = apply_step(repo, config, choose_next(repo, config))
    assert migrate.step.phase == "migrate" and "pkg/views.py" in migrate.step.files
    (black,) = migrate.checks.formatting  # type: ignore[union-attr]
    assert black.unformatted == ("pkg/views.py",) and black.changed == ()
    assert "TABLE = {'a':1,'b':2}" in (repo / "pkg/views.py").read_text(encoding="utf-8")
    assert "left pkg/views.py as written (not formatted with it before)" in black.describe()


def test_a_long_line_in_a_file_the_formatter_leaves_as_written_is_wrapped(tmp_path: Path) -> None:
    """black is configured, ruff checks E501, and the file never went through black (the
    change-api gauntlet's semver): black leaves it as written, so the statements the step made
    too long are wrapped on their own, and the rest of the file stays as it was."""
    narrow = (
        "[tool.black]\nline-length = 66\n\n"
        '[tool.ruff]\nline-length = 66\n\n[tool.ruff.lint]\nselect = ["E501"]\n\n'
    )
    words = (
        "def words(text: str) -> list[str]:\n"
        "    return [w.strip() for w in WORD_RE.findall(text.lower()) if w]\n"
        "\n\nTABLE = {'a':1,'b':2}\n"
    )
    utils = SAMPLE["pkg/utils.py"] + "\n\n" + words  # 66 columns, 72 once read through _text
    repo = sample(tmp_path / "repo", narrow, files={"pkg/utils.py": utils})
    config = (repo / "refcoord.toml").read_text(encoding="utf-8")
    write_files(repo, {"refcoord.toml": config.replace(', "slugify"]', "]")}, dedent=False)
    commit_and_plan(repo, "only the pattern moves")
    config_loaded = load_config(repo)
    expand = apply_step(repo, config_loaded, choose_next(repo, config_loaded)).checks
    assert expand is not None
    runs = {r.tool: r for r in expand.formatting}
    assert "pkg/utils.py" in runs["black"].unformatted
    assert runs["black, on the lines the step made too long"].changed == ("pkg/utils.py",)
    text = (repo / "pkg" / "utils.py").read_text(encoding="utf-8")
    assert all(len(line) <= 66 for line in text.splitlines() if "TABLE" not in line)
    assert "TABLE = {'a':1,'b':2}" in text  # not reformatted


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for the interpreter")
def test_a_configured_tool_that_is_not_installed_is_named_and_the_step_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the project's interpreter (an activated environment) has no black: a note, not a refusal
    venv = tmp_path / "bare"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    (venv / "bin" / "python").chmod(0o755)
    repo = sample(tmp_path / "repo", "[tool.black]\nline-length = 99\n\n")
    config = load_config(repo)
    command = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    config = config.__class__(
        config.source, config.campaign.__class__(**{
            **{k: getattr(config.campaign, k) for k in config.campaign.__dataclass_fields__},
            "test_command": command,
        }), config.refactors,
    )  # fmt: skip
    monkeypatch.setenv("VIRTUAL_ENV", str(venv))
    git = shutil.which("git")
    assert git is not None
    (venv / "bin" / "git").symlink_to(git)
    monkeypatch.setenv("PATH", str(venv / "bin"))  # git, and no black command
    done = apply_step(repo, config, choose_next(repo, config))
    assert done.commit is not None
    missing = (
        f"not importable by {venv}/bin/python (the activated virtual environment), no black "
        "command on PATH"
    )
    note = (
        f"black is configured (pyproject.toml [tool.black]) but not installed ({missing}), so "
        "the step's files were not run through it; install it to have them formatted"
    )
    assert done.notes == (note,)
    pr = (repo / str(done.pr_path)).read_text(encoding="utf-8")
    assert f"black (pyproject.toml [tool.black]): not run, not installed: {missing}" in pr


def state(repo: Path) -> tuple[str, list[str], str]:
    with git.Repo(repo) as g:
        return g.head.commit.hexsha, sorted(h.name for h in g.heads), g.git.status("--short")


def test_a_formatter_that_fails_stops_the_step_with_nothing_written(tmp_path: Path) -> None:
    repo = sample(tmp_path / "repo", '[tool.black]\ntarget-version = ["py2"]\n\n')
    before = state(repo)
    with pytest.raises(ApplyFailed) as raised:
        apply_step(repo, load_config(repo), 1)
    assert str(raised.value).startswith(
        "step 1: black (pyproject.toml [tool.black]) could not format pkg/text.py: Error: Invalid "
        "value for '-t' / '--target-version': 'py2' is not one of"
    )
    assert "; nothing was written (run `" in str(raised.value)
    assert state(repo) == before


def test_a_red_step_shows_its_first_failure_and_keeps_the_full_log(tmp_path: Path) -> None:
    failing = SAMPLE["tests/test_views.py"] + (
        "\n\ndef test_red() -> None:\n    numbers = [1, 2]\n    assert sum(numbers) == 4\n\n\n"
        "def test_red_too() -> None:\n    assert False, 'second failure'\n"
    )
    repo = sample(tmp_path / "repo", "", files={"tests/test_views.py": failing})
    before = state(repo)
    with pytest.raises(ApplyFailed) as raised:
        apply_step(repo, load_config(repo), 1, tests="all")
    message = str(raised.value)
    first, *traceback = message.splitlines()
    assert first.startswith(
        "step 1's tests failed (python -m pytest -q -p no:cacheprovider: 2 failed, 2 passed in "
    )
    assert "everything was put back; full log: .refcoord/fmt/logs/step-1-" in first
    assert traceback[0] == "failure: test_red"
    assert ">       assert sum(numbers) == 4" in traceback and "second failure" not in message
    log = repo / first.split("full log: ")[1]
    text = log.read_text(encoding="utf-8")
    assert "$ " in text and "second failure" in text and "2 failed, 2 passed" in text
    assert state(repo) == before  # the log is no uncommitted work, and nothing else changed
    # the same for a script: the error as JSON on stdout, the log named
    code, out = run_cli(
        "apply", "step", "1", "--tests", "all", "--repo", str(repo), "--format", "json"
    )
    error = json.loads(out)["error"]
    assert code == 5 and error["exit_code"] == 5 and error["message"].startswith("step 1's tests")
    assert error["detail"].startswith("failure: test_red\n")
    assert (repo / error["log"]).is_file()


def test_a_failing_lint_command_undoes_the_step(tmp_path: Path) -> None:
    lint = ["python", "-c", "import sys; print('E999 pkg/text.py: bad'); sys.exit(3)"]
    repo = sample(tmp_path / "repo", "", lint)
    before = state(repo)
    with pytest.raises(ApplyFailed, match=r"step 1's lint failed \(.*: exit code 3\); every"):
        apply_step(repo, load_config(repo), 1)
    assert state(repo) == before


class Recorder:
    def __init__(self) -> None:
        self.stages: list[str] = []
        self.updates: list[str] = []

    def stage(self, text: str) -> None:
        self.stages.append(text)

    def update(self, text: str) -> None:
        self.updates.append(text)


def test_progress_names_each_stage_and_counts_the_tests_while_they_run(tmp_path: Path) -> None:
    slow = SAMPLE["tests/test_views.py"] + (
        "\n\ndef test_slow() -> None:\n    import time\n\n    time.sleep(1.5)\n"
    )
    repo = sample(tmp_path / "repo", BLACK_ISORT, files={"tests/test_views.py": slow})
    seen = Recorder()
    apply_step(repo, load_config(repo), 1, tests="all", report=seen)
    assert [s.split(":")[0].split(" ")[0] for s in seen.stages] == [
        "step", "step", "formatting", "formatting", "writing", "tests", "tests", "committing"
    ]  # fmt: skip
    assert seen.stages[2] == "formatting 2 files with isort"
    assert seen.stages[-2].startswith("tests passed (3 passed in ")
    assert any(u.startswith("tests running: 2 passed, ") for u in seen.updates), seen.updates


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_json_for_scripts_and_an_exit_code_for_the_end_of_the_campaign(tmp_path: Path) -> None:
    repo = sample(tmp_path / "repo", RUFF + RUFF_FORMAT)
    code, out = run_cli("apply", "next", "--repo", str(repo), "--format", "json")
    assert code == 0, out
    applied = json.loads(out)
    assert applied["step"] == 1 and applied["dry_run"] is False
    assert applied["branch"] == "refcoord/fmt/step-1" and len(applied["commit"]) == 40
    assert applied["pr"]["title"].startswith("[fmt 1/") and applied["pr"]["path"]
    assert "## Checks run by `refcoord apply`" in applied["pr"]["body"]
    assert applied["tests"]["result"] == "passed" and applied["tests"]["counts"]["passed"] == 2
    assert applied["tests"]["command"].startswith("python -m pytest")
    assert applied["lint"] is None and applied["log"].startswith(".refcoord/fmt/logs/step-1-")
    assert [f["tool"] for f in applied["formatting"]] == ["ruff (fixes)", "ruff format"]

    code, out = run_cli("show", "step", "1", "--repo", str(repo), "--format", "json")
    shown = json.loads(out)
    assert code == 0 and shown["applied"] and shown["commit"] == applied["commit"]
    assert shown["step"]["number"] == 1 and shown["pr"]["body"] == applied["pr"]["body"]

    code, out = run_cli("rollback", "step", "1", "--repo", str(repo), "--format", "json")
    assert code == 0, out
    (reverted,) = json.loads(out)["reverted"]
    assert reverted["step"] == 1 and reverted["commit"] == applied["commit"]

    with git.Repo(repo) as g:  # back to where step 1 was applied from, without its branch
        g.git.checkout("main")
        g.git.branch("-D", "refcoord/fmt/step-1")
    apply_every_step(repo)
    code, out = run_cli("apply", "next", "--repo", str(repo), "--format", "json")
    assert code == 7  # nothing left to apply: not 4 (refused)
    assert json.loads(out) == {
        "error": {
            "exit_code": 7,
            "message": "every step of campaign 'fmt' is applied or done",
            "detail": None,
            "log": None,
        }
    }


def test_progress_on_stderr_a_line_a_stage_and_the_live_count_now_and_then(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from refactor_coord.cli._support import StderrReporter

    shown = StderrReporter(every=60)  # not a terminal here: a live line at most once a minute
    shown.stage("tests: python -m pytest -q")
    shown.update("tests running: 3 passed, 1 s")
    shown.update("tests running: 9 passed, 2 s")
    shown.stage("tests passed (12 passed in 2.5 s)")
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "refcoord: tests: python -m pytest -q",
        "refcoord: tests running: 3 passed, 1 s",
        "refcoord: tests passed (12 passed in 2.5 s)",
    ]


@pytest.mark.slow
def test_lines_a_step_writes_past_a_linted_length_are_wrapped_without_a_formatter(
    tmp_path: Path,
) -> None:
    """The project lints line length (ruff, 66 columns) and runs no formatter: the reads the
    expand step rewrites through the target (``_text.WORD_RE``), the shim and the deprecation
    test would pass 66 columns; black wraps those statements, and only those, at every step."""
    narrow = '[tool.ruff]\nline-length = 66\n\n[tool.ruff.lint]\nselect = ["E501"]\n\n'
    words = (
        "def words(text: str) -> list[str]:\n"
        "    return [w.strip() for w in WORD_RE.findall(text.lower()) if w]\n"
    )
    utils = SAMPLE["pkg/utils.py"] + "\n\n" + words  # 66 columns, 72 once read through _text
    repo = sample(tmp_path / "repo", narrow, files={"pkg/utils.py": utils})
    config = (repo / "refcoord.toml").read_text(encoding="utf-8")
    write_files(repo, {"refcoord.toml": config.replace(', "slugify"]', "]")}, dedent=False)
    commit_and_plan(repo, "only the pattern moves")
    assert tool(repo, "ruff", "check", ".").returncode == 0  # clean before the campaign

    def clean(result: Applied) -> None:
        done = tool(repo, "ruff", "check", ".")
        assert done.returncode == 0, (result.step.title, done.stdout)

    steps = apply_every_step(repo, each=clean)
    expand = steps[0].checks
    assert expand is not None
    assert [(r.tool, r.changed) for r in expand.formatting] == [
        ("ruff (fixes)", ()),
        ("black, on the lines the step made too long", ("pkg/utils.py",)),
    ]
    views = (repo / "pkg" / "views.py").read_text(encoding="utf-8")
    assert views == SAMPLE["pkg/views.py"]  # a file it did not make too long is as it was
