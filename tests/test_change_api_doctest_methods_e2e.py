"""change-api on a method whose calls stand in doctest examples (issue 14; the change-api
gauntlet's semver: ``Version.parse("1.2.3").next_version("minor")`` in its documentation and
docstrings): the index does not read doctests, so jedi is asked where each example's
``.bump`` leads, with the file's examples read as one program. Proven calls are rewritten in the
expand step, arguments rebound; a call jedi cannot place is listed for review, and deprecate
waits for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import Applied, apply_step
from refactor_coord.application.references import find_references
from refactor_coord.domain.errors import ApplyRefused
from tests.conftest import apply_every_step, commit_and_plan, write_files

CONFIG = """
[campaign]
name = "bump"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules",
                "--doctest-glob=*.rst", "pkg", "docs", "tests"]

[[refactor]]
id = "bump-v2"
kind = "change-api"
old = "pkg.version.Version.bump"
new = "pkg.version.Version.bump_v2"
signature = "(self, part, *, keep_build=False)"
"""

FILES = {
    "refcoord.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/version.py": '''
        class Version:
            """A version.

            >>> Version.parse("1.2.3").bump("minor", True)
            Version('1.3.0')
            """

            def __init__(self, text: str) -> None:
                self.text = text

            @classmethod
            def parse(cls, text: str) -> "Version":
                return cls(text)

            def bump(self, part: str, keep_build: bool = False) -> "Version":
                major, minor, patch = (int(p) for p in self.text.split("."))
                if part == "minor":
                    return Version(f"{major}.{minor + 1}.0")
                return Version(f"{major}.{minor}.{patch + 1}")

            def __repr__(self) -> str:
                return f"Version({self.text!r})"
    ''',
    "pkg/helpers.py": '''
        def latest(text: str) -> str:
            """The next patch version.

            >>> from pkg.version import Version
            >>> v = Version.parse(text="1.0.0")
            >>> v.bump("patch")
            Version('1.0.1')
            """
            from pkg.version import Version

            return Version.parse(text).bump("patch").text
    ''',
    "docs/usage.rst": """
        Usage
        =====

        >>> from pkg.version import Version
        >>> ver = Version.parse("2.0.0")
        >>> ver.bump("minor",
        ...          True)
        Version('2.1.0')
        >>> ver.bump("x") > ver
        Traceback (most recent call last):
          ...
        TypeError: '>' not supported between instances of 'Version' and 'Version'
        >>> Version.bump(ver, "patch", True)
        Version('2.0.1')
    """,
    # pytest's doctest_namespace gives the documentation ``Version`` (the change-api
    # gauntlet's semver: its docs use names its conftest gives them)
    "conftest.py": """
        import pytest

        import pkg.version


        @pytest.fixture(autouse=True)
        def names(doctest_namespace):
            doctest_namespace["Version"] = pkg.version.Version
    """,
    "docs/given.rst": """
        >>> Version.parse("3.0.0").bump("minor", True)
        Version('3.1.0')
    """,
    "tests/test_version.py": """
        from pkg.helpers import latest


        def test_latest():
            assert latest("1.0.0") == "1.0.1"
    """,
    "pytest.ini": "[pytest]\nfilterwarnings = error\n",
}


@pytest.mark.slow
def test_a_methods_doctest_calls_follow_it(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan = commit_and_plan(repo, "a method called in doctests")
    found = find_references(repo, load_config(repo), "pkg.version.Version.bump")
    in_docs = {(r.path, r.line) for r in found.references if r.path.startswith("docs/")}
    assert in_docs == {
        ("docs/usage.rst", 6),
        ("docs/usage.rst", 9),
        ("docs/usage.rst", 13),
        ("docs/given.rst", 1),
    }
    expand = plan.steps[0]
    assert {"docs/usage.rst", "docs/given.rst", "pkg/helpers.py"} <= set(expand.files)
    assert not [s for step in plan.steps for s in step.sites if s.action == "review"]
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    usage = (repo / "docs" / "usage.rst").read_text()
    assert '>>> ver.bump_v2("minor",\n...          keep_build=True)' in usage
    assert '>>> ver.bump_v2("x") > ver' in usage
    # read on the class, the instance passed explicitly (found in review)
    assert '>>> Version.bump_v2(ver, "patch", keep_build=True)' in usage
    version = (repo / "pkg" / "version.py").read_text()
    assert '>>> Version.parse("1.2.3").bump_v2("minor", keep_build=True)' in version
    assert "def bump(" not in version
    assert '>>> v.bump_v2("patch")' in (repo / "pkg" / "helpers.py").read_text()
    given = (repo / "docs" / "given.rst").read_text()
    assert '>>> Version.parse("3.0.0").bump_v2("minor", keep_build=True)' in given


UNTYPED = """
    >>> from pkg import version
    >>> def go(v):
    ...     return v.bump("minor", True)
    >>> go(version.Version("1.0.0"))
    Version('1.1.0')
"""


@pytest.mark.slow
def test_a_doctest_call_jedi_cannot_place_is_for_review(tmp_path: Path) -> None:
    files = {**FILES, "docs/usage.rst": UNTYPED}
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "a method called on an untyped receiver in a doctest")
    review = [(s.path, s.line) for step in plan.steps for s in step.sites if s.action == "review"]
    assert review == [("docs/usage.rst", 3)]
    config = load_config(repo)
    apply_step(repo, config, 1, tests="none")  # expand
    step = next(s for s in plan.steps if s.phase == "deprecate")
    assert [(s.path, s.line) for s in step.review] == [("docs/usage.rst", 3)]  # listed there
    with pytest.raises(ApplyRefused, match=r"usage.rst:3 .*left for manual review|leaves them"):
        apply_step(repo, config, step.number, tests="none")  # it waits for a person


@pytest.mark.slow
def test_files_that_do_not_decode_do_not_stop_the_doctest_scan(tmp_path: Path) -> None:
    """The doctests of every file are read: one whose bytes its encoding cannot decode (the
    standard library's tests hold such files; found by benchmarks/method_rename.py) is read
    with those bytes replaced, and the plan is made."""
    broken = {"pkg/latin.py": b"x = '\xf6'\n", "pkg/cookie.py": b"# coding: nosuch\nx = 1\n"}
    repo = write_files(tmp_path / "repo", {**FILES, **broken})
    plan = commit_and_plan(repo, "files that do not decode")
    assert "docs/usage.rst" in plan.steps[0].files


@pytest.mark.slow
def test_deprecate_waits_for_a_doctest_call_added_after_the_plan(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan = commit_and_plan(repo, "a method called in doctests")
    before = next(s.number for s in plan.steps if s.phase == "deprecate") - 1

    def add_docs(applied: Applied) -> None:
        if applied.step.number == before:
            write_files(repo, {"docs/more.rst": UNTYPED}, commit="more docs")

    with pytest.raises(ApplyRefused, match=r"docs/more.rst:3 \(a doctest calls '.bump'\)"):
        apply_every_step(repo, each=add_docs)
