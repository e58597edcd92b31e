"""Which test files a step names: only those the project's pytest would collect on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.analysis.pytest_collect import PytestSelection, pytest_selection
from refactor_coord.application.planning import make_campaign_plan
from tests.conftest import write_files


@pytest.mark.parametrize(
    ("path", "collected"),
    [
        ("tests/test_utils.py", True),
        ("tests/utils_test.py", True),
        ("test_top.py", True),
        ("tests/conftest.py", False),
        ("tests/base.py", False),
        ("tests/foo_serializer.py", False),
        ("build/test_x.py", False),
        (".tox/test_x.py", False),
        ("pkg.egg/test_x.py", False),
    ],
)
def test_default_selection(path: str, collected: bool) -> None:
    assert PytestSelection().collects(path) is collected


def test_the_first_configuration_file_pytest_reads_decides() -> None:
    texts = {
        "pytest.ini": None,
        "pyproject.toml": (
            '[tool.pytest.ini_options]\nnorecursedirs = "tests/cases build"\n'
            'python_files = ["check_*.py", "test_*.py"]\ntestpaths = ["tests"]\n'
        ),
        "setup.cfg": "[tool:pytest]\npython_files = nothing_*.py\n",
    }
    selection = pytest_selection(texts)
    assert selection == PytestSelection(
        ("check_*.py", "test_*.py"), ("tests/cases", "build"), ("tests",)
    )
    assert selection.collects("tests/check_a.py") and not selection.collects("docs/test_a.py")
    # setup.cfg decides when pyproject.toml has no pytest table; an empty pytest.ini decides too
    assert pytest_selection(
        {"pyproject.toml": "[project]\nname = 'p'\n", "setup.cfg": texts["setup.cfg"]}
    ).python_files == ("nothing_*.py",)
    assert (
        pytest_selection({"pytest.ini": "", "setup.cfg": texts["setup.cfg"]}) == PytestSelection()
    )
    assert pytest_selection({"tox.ini": "[pytest]\nnorecursedirs = cases\n"}).norecursedirs == (
        "cases",
    )


def test_a_step_names_only_the_test_files_pytest_collects(tmp_path: Path) -> None:
    # marshmallow: tests/mypy_test_cases is in norecursedirs, and named on the command line pytest
    # would run it (and fail); tests/base.py is a helper the test modules import
    repo = write_files(
        tmp_path / "r",
        {
            "pyproject.toml": '[tool.pytest.ini_options]\nnorecursedirs = "tests/cases"\n',
            "src/pkg/__init__.py": "",
            "src/pkg/utils.py": (
                "def helper(x):\n    return x + 1\n\n\ndef other():\n    return 0\n"
            ),
            "tests/conftest.py": "import pkg.utils\n",
            "tests/base.py": "from pkg.utils import helper\n\nVALUE = helper(1)\n",
            "tests/test_utils.py": (
                "from tests.base import VALUE\n\n\ndef test_value():\n    assert VALUE == 2\n"
            ),
            "tests/cases/test_typing_case.py": "from pkg.utils import helper\n\nhelper('x')\n",
            "refcoord.toml": (
                '[campaign]\nname = "sel"\n\n[[refactor]]\nid = "m"\nkind = "extract-module"\n'
                'source = "pkg.utils"\ntarget = "pkg.helpers"\nsymbols = ["helper"]\n'
            ),
        },
        commit="initial",
    )
    plan = make_campaign_plan(repo, load_config(repo), workers=1).plan
    # (and the deprecation test the deprecate step adds and runs)
    assert {t for s in plan.steps for t in s.tests} == {
        "tests/test_utils.py",
        "tests/test_refcoord_m.py",
    }
