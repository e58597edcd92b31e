"""The project's tests run with the project's interpreter, and say which one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from refactor_coord.adapters.test_runner import project_python, run_tests


def fake_venv(root: Path, marker: Path) -> Path:
    """A virtual environment whose python notes that it ran, then runs this interpreter."""
    python = root / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho ran > "{marker}"\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    return python


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for the interpreter")
def test_a_repository_venv_runs_the_tests_and_is_named(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    (repo / "tests" / "test_one.py").write_text("def test_one():\n    assert True\n")
    python = fake_venv(repo / ".venv", tmp_path / "marker")
    run = run_tests(repo, ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"], [])
    assert run.passed, run.output
    assert (tmp_path / "marker").is_file()
    assert run.command[0] == str(python)
    assert run.python == f"{python} (the repository's .venv/)"


def test_the_activated_environment_comes_first_then_the_repository_s(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    activated = fake_venv(tmp_path / "activated", tmp_path / "m1")
    local = fake_venv(repo / "venv", tmp_path / "m2")
    assert project_python(repo, {"VIRTUAL_ENV": str(activated.parents[1])})[0] == str(activated)
    assert project_python(repo, {}) == (str(local), "the repository's venv/")
    assert project_python(tmp_path / "elsewhere", {})[0] == sys.executable


def test_an_interpreter_named_in_the_command_is_used_as_it_is(tmp_path: Path) -> None:
    run = run_tests(tmp_path, [sys.executable, "-c", "print('x')"], [])
    assert run.passed and run.command[0] == sys.executable and run.python == ""


def test_output_is_streamed_to_the_log_and_watched_while_the_command_runs(tmp_path: Path) -> None:
    # pytest's progress letters reach the watcher before the run ends, so a live count is right
    (tmp_path / "test_slow.py").write_text(
        "import time\n\n\ndef test_one():\n    pass\n\n\ndef test_two():\n    pass\n\n\n"
        "def test_slow():\n    time.sleep(1.5)\n"
    )
    seen: list[tuple[str, float]] = []
    log = tmp_path / "logs" / "step-1.log"
    run = run_tests(
        tmp_path,
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        [],
        log=log,
        watch=lambda output, seconds: seen.append((output, seconds)),
    )
    assert run.passed and run.seconds >= 1.5
    assert any(out.startswith("..") and "passed" not in out for out, _ in seen), seen
    text = log.read_text(encoding="utf-8")
    assert text.startswith(f"$ {sys.executable} -m pytest -q") and "3 passed" in text
    assert run.output in text


def test_a_command_past_its_time_limit_is_stopped(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import time; print('started', flush=True); time.sleep(30)"]
    run = run_tests(tmp_path, command, [], timeout=1)
    assert not run.passed and run.exit_code == -1 and run.seconds < 10
    assert run.output.startswith("started") and "stopped after 1 s (the time limit)" in run.output


def test_a_command_that_does_not_exist_is_a_failed_run(tmp_path: Path) -> None:
    run = run_tests(tmp_path, ["no-such-command-here"], [])
    assert not run.passed and run.exit_code == -1 and "no-such-command-here" in run.output
