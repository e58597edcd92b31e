"""The command line, end to end: output, JSON, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refactor_coord.cli import app
from tests.conftest import WriteRepo

runner = CliRunner()
FILES: dict[str, str | bytes] = {
    "shop/__init__.py": "from .utils import slugify\n__all__ = ['slugify']\n",
    "shop/utils.py": "def slugify(text, sep='-'):\n    return text.lower().replace(' ', sep)\n",
    "shop/views.py": "import shop.utils as u\n\ndef page(t):\n    return u.slugify(t, sep='_')\n",
}


def test_index_prints_a_summary(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(app, ["index", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "files        3" in result.output
    assert "modules      3" in result.output
    assert "failed       0" in result.output


def test_index_json(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(app, ["index", "--repo", str(repo), "--format", "json"])
    data = json.loads(result.output)
    assert data["files"] == 3 and data["failed"] == 0 and data["references"] > 0


def test_refs_text_lists_files_lines_kinds(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(app, ["refs", "shop.utils.slugify", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "shop.utils.slugify  function, defined at shop/utils.py:1" in result.output
    assert "shop/views.py" in result.output
    assert "4:12" in result.output and "call(1, sep=)" in result.output


def test_refs_of_a_reexport_names_the_canonical_target(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(app, ["refs", "shop.slugify", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "shop.slugify is shop.utils.slugify (re-exported)" in result.output


def test_refs_json(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(
        app, ["refs", "shop.utils.slugify", "--repo", str(repo), "--format", "json"]
    )
    data = json.loads(result.output)
    calls = [r for r in data["references"] if r["kind"] == "call"]
    assert calls == [
        {
            "target": "shop.utils.slugify",
            "written": "shop.utils.slugify",
            "path": "shop/views.py",
            "line": 4,
            "col": 12,
            "kind": "call",
            "confidence": "high",
            "reason": "",
            "scope": "shop.views.page",
            "shape": "(1, sep=)",
        }
    ]


def test_unknown_name_is_one_line_with_suggestions(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(app, ["refs", "shop.utils.slugfy", "--repo", str(repo)])
    assert result.exit_code == 3
    expected = (
        "refcoord: error: no module or symbol named 'shop.utils.slugfy' in this repository; "
        "did you mean shop.utils.slugify?"
    )
    assert result.output.strip().splitlines() == [expected]


def test_invalid_config_names_every_bad_key(write_repo: WriteRepo) -> None:
    repo = write_repo(
        {
            **FILES,
            "refcoord.toml": (
                "[campaign]\nname = 'Bad Name'\nmax_files_per_step = 0\ncolour = 'red'\n"
            ),
        }
    )
    result = runner.invoke(app, ["index", "--repo", str(repo)])
    assert result.exit_code == 2
    assert "[campaign] name: 'Bad Name' must match [a-z0-9-]+" in result.output
    assert "[campaign] max_files_per_step: 0 must be a whole number of at least 1" in result.output
    assert "[campaign] colour: unknown key; valid keys are name, description" in result.output
    assert "Traceback" not in result.output


def test_config_in_pyproject_is_read(write_repo: WriteRepo) -> None:
    repo = write_repo(
        {**FILES, "pyproject.toml": "[tool.refcoord.campaign]\nexclude = ['shop/views.py']\n"}
    )
    result = runner.invoke(app, ["index", "--repo", str(repo)])
    assert "files        2" in result.output


def test_an_unknown_output_format_is_refused_before_any_work(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    for command in (["index"], ["refs", "shop.utils.slugify"], ["plan"]):
        result = runner.invoke(app, [*command, "--repo", str(repo), "--format", "xml"])
        assert result.exit_code == 2, (command, result.output)
        words = " ".join(w for w in result.output.split() if w != "│")  # rich draws a box
        assert "'xml' is not one of 'text', 'json'" in words
    assert not (repo / ".refcoord").exists()


def test_missing_repo_is_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["index", "--repo", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such directory" in result.output


def test_graph_formats(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    dot = runner.invoke(app, ["graph", "--repo", str(repo)]).output
    assert '"shop.views" -> "shop.utils";' in dot
    mermaid = runner.invoke(app, ["graph", "--repo", str(repo), "--format", "mermaid"]).output
    assert mermaid.startswith("flowchart LR")
    data = json.loads(
        runner.invoke(app, ["graph", "--repo", str(repo), "--format", "json"]).output
    )
    assert {
        "source": "shop.views",
        "target": "shop.utils",
        "lines": [1],
        "lazy": False,
        "type_checking": False,
        "guarded": False,
    } in data["edges"]
    bad = runner.invoke(app, ["graph", "--repo", str(repo), "--format", "png"])
    words = " ".join(w for w in bad.output.split() if w != "│")  # rich draws a box
    assert bad.exit_code == 2 and "'png' is not one of 'dot', 'mermaid', 'json'" in words


def test_symbol_graph_focus(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    result = runner.invoke(
        app,
        [
            "graph",
            "--repo",
            str(repo),
            "--kind",
            "symbols",
            "--format",
            "json",
            "--focus",
            "shop.utils.slugify",
        ],
    )
    data = json.loads(result.output)
    assert {
        "source": "shop.views.page",
        "target": "shop.utils.slugify",
        "kinds": ["call"],
    } in data["edges"]


def test_runs_as_a_real_process(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    done = subprocess.run(
        [sys.executable, "-m", "refactor_coord", "refs", "shop.nothing", "--repo", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 3
    assert done.stderr.startswith("refcoord: error: no module or symbol named 'shop.nothing'")
    assert "Traceback" not in done.stderr


def test_version() -> None:
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("refcoord ")


def test_an_unexpected_error_is_one_line_unless_debugging_asks_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refactor_coord.application import init_config

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(init_config, "write_starter_config", broken)
    result = CliRunner().invoke(app, ["init", "--repo", str(tmp_path)])
    assert result.exit_code == 70
    assert "unexpected error (RuntimeError: boom); this is a refcoord bug" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("REFCOORD_DEBUG", "1")
    debugging = CliRunner().invoke(app, ["init", "--repo", str(tmp_path)])
    assert isinstance(debugging.exception, RuntimeError)


def test_a_command_run_in_a_subfolder_works_on_the_whole_repository(
    write_repo: WriteRepo,
) -> None:
    repo = write_repo(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f():\n    return 1\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/b.py": "from pkg.a import f\n\nX = f()\n",
            "other/c.py": "from pkg.a import f\n",
        }
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    result = CliRunner().invoke(app, ["refs", "pkg.a.f", "--repo", str(repo / "pkg" / "sub")])
    assert result.exit_code == 0, result.output
    assert "other/c.py" in result.output and "pkg/sub/b.py" in result.output
