"""Doctests run with a copy of their module's globals (issue 12, found by the gauntlet on
humanize and inflect): after a move, an example in the source that uses a moved name, and an
example in moved code that uses a name staying in the source, each get the import they need."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.extract_module.doctests import (
    expanded_with_doctest_imports,
    with_doctest_imports,
)
from refcoord_codemods.extract_module.expand import Expanded, expand
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

SOURCE = textwrap.dedent(
    '''
    """Arithmetic.

    >>> quad(1)
    4
    """


    def double(x):
        """
        >>> double(SCALE)
        6
        >>> double(quad(1))
        8
        """
        return 2 * x


    SCALE = 3


    def quad(x):
        """
        >>> y = 1
        >>> double(quad(y))
        8
        """
        return double(double(x))
    '''
).lstrip()


def moved(symbols: list[str]) -> Expanded:
    result = expand(SOURCE, "pkg.mod", False, "pkg.arith", symbols, None)
    assert not isinstance(result, Refused), result
    return expanded_with_doctest_imports(result, SOURCE, "pkg.mod", "pkg.arith")


def test_an_example_in_the_source_imports_the_moved_name_it_uses() -> None:
    source = moved(["double"]).source
    assert '    """\n    >>> y = 1\n    >>> from pkg.arith import double\n' in source
    assert source.count("from pkg.arith import double") == 1  # not in the module docstring


def test_an_example_in_moved_code_imports_what_stayed() -> None:
    target = moved(["double"]).target
    assert "    >>> from pkg.mod import SCALE, quad\n    >>> double(SCALE)\n" in target, target


def test_names_the_examples_bind_or_the_module_still_binds_are_left_alone() -> None:
    code = '"""\n>>> from pkg.arith import double\n>>> double(2)\n4\n"""\n'
    assert with_doctest_imports(code, "pkg.arith", {"double"}.__contains__) == code
    both = moved(["double", "quad"]).target  # quad moved along: only SCALE is the source's
    assert "    >>> from pkg.mod import SCALE\n    >>> double(SCALE)\n" in both
    assert "import" not in both.split("def quad")[1]


def test_a_docstring_whose_text_is_not_its_source_is_left_alone() -> None:
    code = 'def f():\n    """a\\nb\n    >>> g()\n    """\n'  # an escape: lines unknowable
    assert with_doctest_imports(code, "pkg.arith", {"g"}.__contains__) == code


@pytest.mark.slow
def test_doctest_modules_stay_green_at_every_step(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("doctests", "pkg.mod", "pkg.arith", ["double"]),
            "pkg/__init__.py": "",
            "pkg/mod.py": SOURCE,
            "pkg/app.py": "from pkg.mod import double\n\n\ndef six():\n    return double(3)\n",
            "tests/test_app.py": (
                "from pkg.app import six\n\n\ndef test_six():\n    assert six() == 6\n"
            ),
            "pytest.ini": "[pytest]\naddopts = --doctest-modules\nfilterwarnings = error\n",
        },
    )
    commit_and_plan(repo, "a module whose doctests use each other's names")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract"


@pytest.mark.slow
def test_doctests_in_documentation_files_follow_the_move(tmp_path: Path) -> None:
    # found by the gauntlet on semver: its docs/*.rst run as doctests import the moved class
    # from the old module, which fails once contract removes the shim
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("docs", "pkg.mod", "pkg.arith", ["double"]),
            "pkg/__init__.py": "",
            "pkg/mod.py": (
                "def double(x):\n    return 2 * x\n\n\ndef triple(x):\n    return 3 * x\n"
            ),
            "docs/usage.rst": """
                Usage
                =====

                >>> from pkg.mod import double, triple
                >>> double(triple(1))
                6
            """,
            "README.md": "No doctest here: from pkg.mod import double\n",
            "tests/test_mod.py": (
                "from pkg.mod import triple\n\n\ndef test_triple():\n    assert triple(1) == 3\n"
            ),
            "pytest.ini": (
                "[pytest]\naddopts = --doctest-glob=*.rst\ntestpaths = tests docs\n"
                "filterwarnings = error\n"
            ),
        },
    )
    plan = commit_and_plan(repo, "documentation that runs")
    expand = next(s for s in plan.steps if s.phase == "expand")
    assert expand.files[2:] == ("docs/usage.rst",)
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract"
    usage = (repo / "docs" / "usage.rst").read_text()
    assert ">>> from pkg.mod import triple\n>>> from pkg.arith import double\n" in usage
