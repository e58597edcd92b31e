"""The fast path of ``main()``: ``--version`` and a plain ``refs`` answered without typer, with
the output and exit code typer gives for the same line; every other line left to typer; and
what those two command lines import (structure, not timing: benchmarks/bench_startup.py times
them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refactor_coord import __version__
from refactor_coord.cli import app
from refactor_coord.cli._fast import answer, refs_call
from refactor_coord.domain import toml
from tests.conftest import WriteRepo

runner = CliRunner()
FILES: dict[str, str | bytes] = {
    "shop/__init__.py": "from .utils import slugify\n__all__ = ['slugify']\n",
    "shop/utils.py": "def slugify(text, sep='-'):\n    return text.lower().replace(' ', sep)\n",
    "shop/views.py": (
        "import shop.utils as u\n\nclass Page:\n    def title(self, t):\n"
        "        return u.slugify(t, sep='_')\n\ndef page(p, t):\n    return p.title(t)\n"
    ),
}
#: Modules neither ``--version`` nor a warm ``refs`` may import.
HEAVY = (
    "typer",
    "click",
    "rich",
    "pydantic",
    "libcst",
    "networkx",
    "git",
    "jinja2",
    "multiprocessing",
    "concurrent.futures",
    "importlib.metadata",
    "refactor_coord.analysis.parsing",
    "refactor_coord.analysis.extract_ast",
    "refactor_coord.cli._app",
)


def test_the_version_is_the_distributions() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    declared = toml.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == declared  # bump both together


def fast(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str] | None:
    """Exit code, stdout and stderr of ``argv`` on the fast path; None when it is left to typer."""
    try:
        code = answer(argv)
    except SystemExit as exit:
        code = int(exit.code or 0)
    out = capsys.readouterr()
    return None if code is None else (code, out.out, out.err)


def typer_result(argv: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def test_version_as_typer_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    expected = (0, f"refcoord {__version__}\n", "")
    assert fast(["--version"], capsys) == typer_result(["--version"]) == expected


@pytest.mark.parametrize(
    "tail",
    [
        ["shop.utils.slugify"],
        ["shop.slugify"],  # a re-export
        ["shop.views.Page.title"],  # a method: uncertain uses too
        ["shop.utils.slugify", "--format", "json"],
        ["--format=json", "shop.utils.slugify", "-j", "1"],
        ["shop.utils.slugify", "--jobs=2", "--format", "text"],
        ["shop.utils.slugfy"],  # unknown: one line with a suggestion, exit 3
        ["shop.utils.slugify", "--config", "missing.toml"],  # a configuration error
    ],
)
def test_refs_as_typer_answers_it(
    tail: list[str], write_repo: WriteRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = write_repo(FILES)
    argv = ["refs", *tail, "--repo", str(repo)]
    assert typer_result(["index", "--repo", str(repo)])[0] == 0
    assert fast(argv, capsys) == typer_result(argv)


def test_refs_of_a_missing_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["refs", "x.y", "--repo", str(tmp_path / "nowhere")]
    assert fast(argv, capsys) == typer_result(argv)


@pytest.mark.parametrize(
    "tail",
    [
        [],
        ["--help"],
        ["a.b", "--help"],
        ["a.b", "c.d"],
        ["a.b", "--repo", "x", "--repo", "y"],  # repeated: typer's rules decide
        ["a.b", "--repo"],
        ["a.b", "--repo="],
        ["a.b", "--repo", "-x"],
        ["a.b", "-j", "x"],
        ["a.b", "-j", "-1"],
        ["a.b", "-j4"],
        ["a.b", "-j=4"],
        ["a.b", "--format", "JSON"],
        ["a.b", "--frmat", "json"],
        ["a.b", "--version"],
        ["--", "a.b"],
        ["", "--repo", "x"],
    ],
)
def test_anything_else_is_left_to_typer(tail: list[str]) -> None:
    assert refs_call(tail) is None


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["--version", "--help"], ["index"], ["ref", "a.b"], ["status"]]
)
def test_other_command_lines_are_left_to_typer(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert fast(argv, capsys) is None


def test_shell_completion_is_left_to_typer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("_REFCOORD_COMPLETE", "bash_complete")
    assert fast(["--version"], capsys) is None


def imported_by(argv: list[str]) -> list[str]:
    """The heavy modules a real ``refcoord ARGV`` process has imported when ``main`` returns."""
    probe = (
        "import sys\n"
        "from refactor_coord.cli import main\n"
        f"sys.argv = ['refcoord', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        f"    heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "    print('HEAVY', *heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY"))
    return line.split()[1:]


def test_version_imports_nothing_heavy() -> None:
    assert imported_by(["--version"]) == []


def test_refs_on_a_warm_index_imports_nothing_heavy(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    assert typer_result(["index", "--repo", str(repo)])[0] == 0
    assert imported_by(["refs", "shop.utils.slugify", "--repo", str(repo)]) == []


def test_help_still_goes_through_typer() -> None:
    assert "typer" in imported_by(["--help"])
