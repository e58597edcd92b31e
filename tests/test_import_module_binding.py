"""A module bound with ``importlib.import_module("a.b")`` is that module to the index: a patch
through it (``patch.object(mod, "import_module", ...)``) is a use of the name on the module, so
expand keeps the import there (found by the gauntlet on python-slugify)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.analysis.extract_ast import extract_with_ast
from refactor_coord.application.apply import apply_step
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files


def test_the_name_is_bound_to_the_module_it_imports() -> None:
    source = textwrap.dedent("""
        import importlib
        from importlib import import_module

        mod = importlib.import_module("pkg.mod")
        other = import_module("pkg.other")
        computed = importlib.import_module(NAME)
        mod.load(1), other.run(), computed.x
    """).encode()
    uses = extract_with_ast(ast.parse(source), source, "t", False).uses
    written = {row[0]: row[6] for row in uses}
    assert written["pkg.mod.load"] == written["pkg.other.run"] == "low"
    assert "t.computed.x" in written  # not a literal: a variable as before


@pytest.mark.slow
def test_a_patch_through_an_imported_module_keeps_the_name_on_the_source(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("bound", "pkg.mod", "pkg.loading", ["load"]),
            "pkg/__init__.py": "",
            "pkg/mod.py": """
                from importlib import import_module


                def load(name):
                    return import_module(name)


                def other():
                    return 1
            """,
            "tests/test_mod.py": """
                import importlib
                from unittest.mock import patch

                mod = importlib.import_module("pkg.mod")


                def test_load_is_patched():
                    with patch.object(mod, "import_module", return_value="patched"):
                        assert mod.load("json") == "patched"
            """,
        },
    )
    plan = commit_and_plan(repo, "a test module binding the source with import_module")
    # mod.load(...) through the bound module is a site for a person: no import to rewrite
    review = [(s.path, s.line) for step in plan.steps for s in step.review]
    assert review == [("tests/test_mod.py", 9)]
    expand = apply_step(repo, load_config(repo), 1, tests="all")
    assert expand.tests is not None and expand.tests.passed  # the patch reaches the moved code
    assert "from importlib import import_module" in (repo / "pkg/mod.py").read_text()


CHANGE_CONFIG = """
[campaign]
name = "resign"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "load-v2"
kind = "change-api"
old = "pkg.mod.load"
new = "pkg.mod.load_v2"
signature = "(name, *, strict=False)"
"""


@pytest.mark.slow
def test_change_api_rebinds_a_call_through_an_imported_module(tmp_path: Path) -> None:
    """change-api keeps the module, so a call through a module that import_module bound is
    rewritten like one through an import (the change-api gauntlet's humanize reloads
    ``humanize.i18n`` in its tests): planned as a rewrite, migrated, nothing left."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CHANGE_CONFIG,
            "pkg/__init__.py": "",
            "pkg/mod.py": """
                def load(name, strict=False):
                    return (name, strict)
            """,
            "tests/test_mod.py": """
                import importlib


                def test_load_reloaded():
                    mod = importlib.import_module("pkg.mod")
                    assert mod.load("json", True) == ("json", True)
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a test binding the module with import_module")
    assert not [s for step in plan.steps for s in step.review]
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    test = (repo / "tests/test_mod.py").read_text()
    assert 'assert mod.load_v2("json", strict=True) == ("json", True)' in test


@pytest.mark.slow
def test_a_patch_through_an_imported_module_stays_for_review(tmp_path: Path) -> None:
    """A patch of the old name through a module import_module bound is still a patch: left for
    a person (the change-api gauntlet's python-slugify: planned as a rewrite, the migrate step
    then had nothing it could change)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CHANGE_CONFIG,
            "pkg/__init__.py": "",
            "pkg/mod.py": "def load(name, strict=False):\n    return (name, strict)\n",
            "tests/test_mod.py": """
                import importlib
                from unittest.mock import patch

                mod = importlib.import_module("pkg.mod")


                def test_patched():
                    with patch.object(mod, "load", return_value=1):
                        assert mod.load("x") == 1
            """,
        },
    )
    plan = commit_and_plan(repo, "a patch through a module import_module bound")
    sites = {(s.line, s.kind, s.action) for step in plan.steps for s in step.sites}
    assert (8, "assign", "review") in sites
    assert (9, "call", "review") in sites  # it would escape the patch (found in review)
