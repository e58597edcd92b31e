"""Projects that run their tests with unittest: apply never hands ``unittest discover`` test
files it would read as its start folder and pattern, reads unittest's results and failures,
and the deprecation tests refcoord writes are unittest's (pytest runs those too; unittest
never runs a pytest-style test, so a pytest-style one would be reported as passed unrun)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from refactor_coord.analysis.runner_output import first_failure, results
from refactor_coord.application.apply import Applied
from refactor_coord.domain.plan import deprecation_test_path, is_deprecation_test
from refactor_coord.domain.test_runners import (
    collected_pattern,
    invocation,
    runner_of,
    style_of_tests,
)
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

DISCOVER = ["python", "-m", "unittest", "discover", "-v", "-s", "tests", "-t", "."]


@pytest.mark.parametrize(
    ("command", "runner"),
    [
        (["python", "-m", "pytest", "-q"], "pytest"),
        (["pytest", "-x"], "pytest"),
        ([".venv/bin/py.test"], "pytest"),
        (["python", "-W", "error", "-m", "unittest", "-v"], "unittest"),
        (["python", "-m", "unittest", "tests.test_views"], "unittest"),
        (["python3", "-m", "unittest", "discover", "-s", "tests"], "unittest-discover"),
        (["tox", "-e", "py311", "--"], "other"),
        (["make", "test"], "other"),
    ],
)
def test_the_runner_is_read_from_the_command(command: list[str], runner: str) -> None:
    assert runner_of(command) == runner


def test_discover_is_given_no_files_and_says_the_whole_suite_runs() -> None:
    files = ["tests/test_a.py"]
    assert invocation(["python", "-m", "pytest"], files).files == ("tests/test_a.py",)
    assert invocation(["python", "-m", "unittest"], files).files == ("tests/test_a.py",)
    chosen = invocation(DISCOVER, files)
    assert chosen.files == () and "whole suite" in chosen.note
    assert invocation(DISCOVER, []).note == ""  # nothing was left out


def test_the_test_style_follows_the_runner_then_the_project() -> None:
    assert style_of_tests(DISCOVER, tests_use_pytest=True) == "unittest"
    assert style_of_tests(["python", "-m", "pytest"], tests_use_pytest=False) == "pytest"
    assert style_of_tests(["tox"], tests_use_pytest=True) == "pytest"
    assert style_of_tests(["tox"], tests_use_pytest=False) == "unittest"


UNITTEST_RED = """\
EF.sx
======================================================================
ERROR: test_err (test_a.T.test_err)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "tests/test_a.py", line 7, in test_err
ValueError: boom

======================================================================
FAIL: test_fail (test_a.T.test_fail)
----------------------------------------------------------------------
AssertionError: 1 != 2

----------------------------------------------------------------------
Ran 5 tests in 0.001s

FAILED (failures=1, errors=1, skipped=1, expected failures=1)
"""


def test_unittest_s_summary_is_counted_and_its_first_failure_shown() -> None:
    found = results(UNITTEST_RED)
    assert found.final and found.describe() == "1 passed, 1 failed, 1 error, 1 skipped, 1 xfailed"
    assert first_failure(UNITTEST_RED).splitlines() == [
        "error: test_err (test_a.T.test_err)",
        "Traceback (most recent call last):",
        '  File "tests/test_a.py", line 7, in test_err',
        "ValueError: boom",
    ]
    assert results("..\n\nRan 2 tests in 0.000s\n\nOK\n").describe() == "2 passed"


SAMPLE = {
    "pkg/__init__.py": "",
    "pkg/utils.py": (
        "def slugify(text):\n    return '-'.join(text.lower().split())\n\n\n"
        "def shout(text):\n    return text.upper()\n"
    ),
    "pkg/views.py": (
        "from pkg.utils import shout, slugify\n\n\n"
        "def title(text):\n    return shout(slugify(text))\n"
    ),
    "tests/__init__.py": "",
    "tests/test_views.py": (
        "import unittest\n\nfrom pkg.utils import slugify\nfrom pkg.views import title\n\n\n"
        "class ViewsTest(unittest.TestCase):\n"
        "    def test_title(self):\n        self.assertEqual(title('a b'), 'A-B')\n\n"
        "    def test_slugify(self):\n        self.assertEqual(slugify('A b'), 'a-b')\n"
    ),
}


def _written_tests(repo: Path, seen: dict[int, str]) -> Callable[[Applied], None]:
    """Record the deprecation test's text after each step that leaves one."""

    def each(applied: Applied) -> None:
        for path in (repo / "tests").glob("test_refcoord_*.py"):
            seen[applied.step.number] = path.read_text(encoding="utf-8")

    return each


@pytest.mark.slow
def test_extract_module_in_a_unittest_discover_project(tmp_path: Path) -> None:
    config = extract_config("ut", "pkg.utils", "pkg.text", ["slugify"]).replace(
        'test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]',
        f"test_command = {json.dumps(DISCOVER)}",
    )
    repo = write_files(tmp_path / "repo", {**SAMPLE, "refcoord.toml": config})
    commit_and_plan(repo, "sample")
    seen: dict[int, str] = {}
    done = apply_every_step(repo, tests="affected", each=_written_tests(repo, seen))
    assert [a.step.phase for a in done][-1] == "contract"
    written = next(iter(seen.values()))
    assert "class OldLocationTest(unittest.TestCase):" in written and "pytest" not in written
    for applied in done:  # discover ran the whole suite, never given files
        assert applied.tests is not None
        assert applied.tests.command[1:] == tuple(DISCOVER[1:])
        assert "Tests: `python -m unittest discover -v -s tests -t .`: passed (" in applied.pr_body
    warned = next(a for a in done if a.step.number in seen)
    assert warned.tests is not None
    assert "test_old_location_warns_and_still_works" in warned.tests.output  # it ran
    assert "passed (3 passed in " in warned.pr_body  # unittest's count, the new test in it
    assert not list((repo / "tests").glob("test_refcoord_*.py"))  # contract removed it


CHANGE_API = """
[campaign]
name = "ut"
test_command = {command}

[[refactor]]
id = "fetch"
kind = "change-api"
old = "pkg.client.fetch"
new = "pkg.client.get"
signature = "(url, *, timeout=5.0)"

[[refactor]]
id = "client"
kind = "change-api"
old = "pkg.client.Client"
new = "pkg.client.HttpClient"
"""


@pytest.mark.slow
def test_change_api_s_deprecation_tests_are_unittest_s_and_run(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CHANGE_API.format(command=json.dumps(DISCOVER)),
            "pkg/__init__.py": "",
            "pkg/client.py": (
                "def fetch(url, timeout=5.0):\n    return (url, timeout)\n\n\n"
                "class Client:\n    def get(self, url):\n        return fetch(url, 1.0)\n"
            ),
            "tests/__init__.py": "",
            "tests/test_client.py": (
                "import unittest\n\nfrom pkg.client import Client, fetch\n\n\n"
                "class ClientTest(unittest.TestCase):\n"
                "    def test_fetch(self):\n"
                "        self.assertEqual(fetch('u', 2.0), ('u', 2.0))\n\n"
                "    def test_client(self):\n"
                "        self.assertEqual(Client().get('u'), ('u', 1.0))\n"
            ),
        },
    )
    commit_and_plan(repo, "sample")
    seen: dict[int, str] = {}
    done = apply_every_step(repo, tests="affected", each=_written_tests(repo, seen))
    assert {a.step.phase for a in done} >= {"expand", "deprecate", "contract"}
    written = list(seen.values())
    assert any('mock.patch.object(module, "get", _new)' in t for t in written), written
    assert any("DeprecatedNameTest(unittest.TestCase)" in t and "Client" in t for t in written)
    assert not any("import pytest" in t for t in written)
    ran = [a.tests.output for a in done if a.tests is not None and a.step.number in seen]
    assert any("test_fetch_warns_and_forwards" in out for out in ran)
    assert any("test_client_warns_and_is_httpclient" in out for out in ran)
    suite = subprocess.run(
        [sys.executable, "-m", "unittest", "discover", "-s", "tests", "-t", "."],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert suite.returncode == 0, suite.stderr


@pytest.mark.parametrize(
    ("command", "pattern", "name"),
    [
        (DISCOVER, "test*.py", "test_refcoord_move.py"),
        (["python", "-m", "unittest", "discover", "-s", "tests", "-p", "*_test.py"],
         "*_test.py", "refcoord_move_test.py"),
        (["python", "-m", "unittest", "discover", "tests", "*_test.py"], "*_test.py",
         "refcoord_move_test.py"),
        (["python", "-m", "pytest"], "test*.py", "test_refcoord_move.py"),
    ],
)  # fmt: skip
def test_the_deprecation_test_is_named_as_the_runner_collects(
    command: list[str], pattern: str, name: str
) -> None:
    assert collected_pattern(command) == pattern
    path = deprecation_test_path(("tests/test_views.py",), "move", (), pattern)
    assert path == f"tests/{name}" and is_deprecation_test(path, "move")
