"""Which formatters a project configures (pure), how pytest's output is read (pure), and a tool
run from stdin to stdout with the project's configuration."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from refactor_coord.adapters.formatter_runner import (
    config_texts,
    format_text,
    installed_modules,
    tool_commands,
)
from refactor_coord.analysis.formatters import configured_formatters
from refactor_coord.analysis.runner_output import first_failure, results
from refactor_coord.domain.config import parse_config
from refactor_coord.rewrite.rewrap import long_new_lines, rewrapped
from tests.conftest import write_files


def names(texts: dict[str, str]) -> list[tuple[str, str]]:
    return [(f.name, f.where) for f in configured_formatters(texts)]


def test_each_config_file_names_its_tools_sorters_first() -> None:
    pyproject = (
        "[tool.black]\nline-length = 88\n[tool.isort]\nprofile = 'black'\n"
        "[tool.ruff.lint]\nextend-select = ['B', 'I']\n[tool.ruff.format]\n"
    )
    assert names({"pyproject.toml": pyproject}) == [
        ("isort", "pyproject.toml [tool.isort]"),
        ("ruff (fixes)", "pyproject.toml [tool.ruff]"),
        ("black", "pyproject.toml [tool.black]"),
        ("ruff format", "pyproject.toml [tool.ruff.format]"),
    ]
    assert names({"setup.cfg": "[tool:isort]\nprofile = black\n"}) == [
        ("isort", "setup.cfg [tool:isort]")
    ]
    assert names({"tox.ini": "[isort]\nline_length = 99\n"}) == [("isort", "tox.ini [isort]")]
    assert names({".isort.cfg": "[settings]\n"}) == [("isort", ".isort.cfg")]
    assert names({"ruff.toml": "select = ['E', 'I001']\n[format]\n"}) == [
        ("ruff (fixes)", "ruff.toml [top level]"),
        ("ruff format", "ruff.toml [format]"),
    ]
    hooks = (
        "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n"
        "      - id: black\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    hooks:\n      - id: ruff\n      - id: ruff-format\n"
    )
    assert names({".pre-commit-config.yaml": hooks}) == [
        ("ruff (fixes)", ".pre-commit-config.yaml (hook ruff)"),
        ("black", ".pre-commit-config.yaml (hook black)"),
        ("ruff format", ".pre-commit-config.yaml (hook ruff-format)"),
    ]
    assert names({".ruff.toml": ""}) == [("ruff (fixes)", ".ruff.toml [top level]")]


def test_nothing_configured_runs_nothing() -> None:
    assert names({"pyproject.toml": "[project]\nname = 'x'\n"}) == []
    assert names({"pyproject.toml": "not toml [", "setup.cfg": "no section header"}) == []


def test_ruff_fixes_only_layout_among_the_projects_rules(tmp_path: Path) -> None:
    # the project selects F401 (unused import) and I; the fixer sorts the imports and drops an
    # unused noqa, but never removes the import the step keeps for other modules to use
    pyproject = "[tool.ruff.lint]\nselect = ['E', 'F', 'I', 'RUF100', 'D209']\n"
    repo = write_files(tmp_path / "repo", {"pyproject.toml": pyproject, "pkg/__init__.py": ""})
    (ruff,) = configured_formatters(config_texts(repo))
    command = tool_commands(repo, sys.executable, ["ruff"])["ruff"]
    text = (
        "import sys\nimport os\nfrom pkg.new import kept  # noqa: E501\n\n\n"
        'def f():\n    """Doc.\n\n    More."""\n    return os, sys\n'
    )
    done = format_text(repo, command, ruff, "pkg/old.py", text)
    assert done.text == (
        "import os\nimport sys\n\nfrom pkg.new import kept\n\n\n"
        'def f():\n    """Doc.\n\n    More.\n    """\n    return os, sys\n'
    )


def test_a_tool_the_interpreter_lacks_runs_from_path(tmp_path: Path) -> None:
    bin_dir = write_files(tmp_path / "bin", {"fmt-tool": "#!/bin/sh\ncat\n"})
    (bin_dir / "fmt-tool").chmod(0o755)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", str(bin_dir))
        found = tool_commands(tmp_path, sys.executable, ["black", "fmt-tool", "no-such-tool"])
    assert found == {
        "black": (sys.executable, "-m", "black"),
        "fmt-tool": (str(bin_dir / "fmt-tool"),),
    }


def test_a_tool_formats_from_stdin_with_the_projects_configuration(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {"pyproject.toml": "[tool.black]\nline-length = 30\n", "pkg/__init__.py": ""},
    )
    (black,) = configured_formatters(config_texts(repo))
    assert "black" in installed_modules(repo, sys.executable, ["black", "no_such_tool_here"])
    messy = "x = {'a':1,'b':2,'c':3,'d':4}\r\n"
    python = (sys.executable, "-m", "black")
    done = format_text(repo, python, black, "pkg/new.py", messy)
    # wrapped at the project's line length; the file's line endings kept
    assert (
        done.text == 'x = {\r\n    "a": 1,\r\n    "b": 2,\r\n    "c": 3,\r\n    "d": 4,\r\n}\r\n'
    )
    broken = format_text(repo, python, black, "pkg/new.py", "def (:\n")
    assert broken.text is None and "cannot" in broken.error.lower()


PYTEST_Q = """\
..F
.s                                                                      [100%]
=================================== FAILURES ===================================
___________________________________ test_two ___________________________________

    def test_two():
>       assert 1 == 2
E       assert 1 == 2

tests/test_a.py:5: AssertionError
_________________________________ test_three ___________________________________
E   ValueError
=========================== short test summary info ============================
FAILED tests/test_a.py::test_two - assert 1 == 2
1 failed, 3 passed, 1 skipped in 0.12s
"""


def test_pytest_output_counted_live_then_from_its_summary() -> None:
    running = results(PYTEST_Q[: PYTEST_Q.index("\n.s") + 2])  # the second line half printed
    assert running.describe() == "3 passed, 1 failed" and not running.final
    done = results(PYTEST_Q)
    assert done.final and done.count("failed") == 1 and done.count("passed") == 3
    verbose = "tests/a.py::test_x PASSED  [ 50%]\ntests/a.py::test_y FAILED   [100%]\n"
    assert results(verbose).describe() == "1 passed, 1 failed"
    assert results(verbose).percent == 100


def test_the_first_failure_is_its_title_and_traceback() -> None:
    assert first_failure(PYTEST_Q) == (
        "failure: test_two\n    def test_two():\n>       assert 1 == 2\nE       assert 1 == 2\n\n"
        "tests/test_a.py:5: AssertionError"
    )
    assert first_failure("3 passed in 0.1s\n") == ""


def test_lint_command_is_validated_like_test_command() -> None:
    config, problems = parse_config({"campaign": {"lint_command": "ruff check ."}}, "x.toml")
    assert config is None
    assert problems == [
        "[campaign] lint_command: 'ruff check .' must be a list of non-empty strings such as "
        + '["ruff", "check", "."]'
    ]
    _, empty = parse_config({"campaign": {"lint_command": []}}, "x.toml")
    assert empty == ["[campaign] lint_command: must name a command"]
    good, _ = parse_config({"campaign": {"lint_command": ["ruff", "check", "."]}}, "x.toml")
    assert good is not None and good.campaign.lint_command == ("ruff", "check", ".")


def test_only_statements_the_step_made_too_long_are_wrapped() -> None:
    text = (
        "x = call(first_argument_here, second_argument_here)  # noqa: E501\n"
        "y = call(first_argument_here, second_argument_here)\n"
        "z = call(first_argument_here, second_argument_here, third)\n"
        "w = {'a':1}\n"
    )
    # the project had y's line long already; x's says noqa; z's is the step's: only it wraps
    known = {"y = call(first_argument_here, second_argument_here)"}
    assert long_new_lines(text, 40, known) == [3]
    assert rewrapped(text, [3], 40) == text.replace(
        "z = call(first_argument_here, second_argument_here, third)\n",
        "z = call(\n    first_argument_here,\n    second_argument_here,\n    third,\n)\n",
    )  # quotes and spacing elsewhere as they were
    assert rewrapped("def (:\n", [1], 40) == "def (:\n"  # black cannot: left as it is
