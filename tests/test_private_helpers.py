"""Private module-level helpers of any binding form (issue 12, class 3): a private value only
the moved code uses moves with it whatever statement binds it; a statement that also binds a
name that stays stays, and the moved code reads the helper through the source. Refusals are
kept for true import-time cycles, naming the statements that make them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.extract_module.expand import Expanded, expand
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files


def run(code: str, symbols: list[str]) -> Expanded | Refused:
    return expand(textwrap.dedent(code).lstrip(), "pkg.src", False, "pkg.new", symbols, None)


@pytest.mark.parametrize(
    "helper",
    [
        pytest.param("_original_hook = default_hook\n", id="an assignment"),
        pytest.param(
            "try:\n    from pkg._speedups import _original_hook\n"
            "except ImportError:\n    _original_hook = None\n",
            id="a sentinel made in try/except ImportError",
        ),
        pytest.param(
            "if sys.platform == 'win32':\n    _original_hook = None\n"
            "else:\n    _original_hook = default_hook\n",
            id="a value chosen in an if block",
        ),
    ],
)
def test_a_private_helper_only_moved_code_uses_moves_with_it(helper: str) -> None:
    code = (
        "import sys\n\nfrom pkg.hooks import default_hook\n\n"
        + helper
        + "\n\ndef install():\n    return _original_hook\n\n\nTITLE = install()\n"
    )
    result = run(code, ["install"])
    assert isinstance(result, Expanded), result
    assert helper in result.target and helper not in result.source
    assert "_original_hook" in result.moved and "_original_hook" in result.helpers
    assert "return _original_hook\n" in result.target  # read as its own global, not the source's


def test_a_statement_that_also_binds_a_name_that_stays_stays() -> None:
    result = run(
        """
        try:
            import simplejson as _json
            HAVE_SIMPLEJSON = True
        except ImportError:
            import json as _json
            HAVE_SIMPLEJSON = False


        def dumps(obj):
            return _json.dumps(obj)


        def describe():
            return HAVE_SIMPLEJSON
        """,
        ["dumps"],
    )
    assert isinstance(result, Expanded), result
    assert "import simplejson as _json" in result.source
    assert "return _src._json.dumps(obj)" in result.target
    assert result.helpers == ()


def test_a_helper_that_made_a_false_cycle_moves_and_the_cycle_is_gone() -> None:
    # the moved decorator's default reads the sentinel when the module is imported, and the
    # code that stays calls it when the module is imported: with the sentinel left behind that
    # was a cycle; moving it along removes it
    result = run(
        """
        try:
            from pkg._speedups import _fast
        except ImportError:
            _fast = None


        def cached(func, impl=_fast):
            return func


        @cached
        def stays():
            return 1
        """,
        ["cached"],
    )
    assert isinstance(result, Expanded), result
    assert "_fast = None" in result.target and "@_new.cached" in result.source


def test_a_true_import_time_cycle_is_refused_naming_its_statements() -> None:
    result = run(
        """
        def helper(text):
            return text.strip()


        def fmt(text, clean=helper):
            return clean(text).title()


        TITLE = fmt(" shop ")
        """,
        ["fmt"],
    )
    assert isinstance(result, Refused)
    assert result.reason.startswith(
        "moving would create an import cycle: when the modules are imported, the moved code "
        "reads helper (line 5) from the source module, and the code staying behind reads fmt "
        "(line 9) from the moved code"
    )


@pytest.mark.slow
def test_plan_accepts_what_is_no_import_time_cycle_and_every_step_stays_green(
    tmp_path: Path,
) -> None:
    # fmt reads helper (which stays) only when called, and the code that stays reads fmt at
    # import without calling it: plan refused this as a cycle before the expand codemod itself
    # was asked. (Were fmt called at import, its read of helper would make a true cycle: see
    # tests/test_import_time_calls.py.)
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("helpers", "pkg.utils", "pkg.formatting", ["fmt"]),
            "pkg/__init__.py": "",
            "pkg/utils.py": """
                def helper(text):
                    return text.strip()


                def fmt(text):
                    return helper(text).title()


                TITLE = " shop "
                FORMATS = {"title": fmt}
            """,
            "pkg/app.py": (
                "from pkg.utils import FORMATS, TITLE\n\n\n"
                "def main():\n    return FORMATS['title'](TITLE)\n"
            ),
            "tests/test_app.py": (
                "from pkg.app import main\n\n\ndef test_main():\n    assert main() == 'Shop'\n"
            ),
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    commit_and_plan(repo, "a module that uses a function it defines when imported")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract"
