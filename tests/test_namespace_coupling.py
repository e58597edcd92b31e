"""Coupling through the source module's namespace (issue 12, class 1): the moved code reads a
global the source imported from a third module, and code elsewhere reads or swaps it on the
source (``old = utils.strip_styles; utils.strip_styles = fake``), as isolation helpers do. The
source keeps the name, and the moved code reads it through the source, so the swap keeps
reaching it at every step."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refcoord_codemods.extract_module.expand import Expanded, expand
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

UTILS = """\
from pkg._compat import strip_styles


def echo(message):
    return strip_styles(message)


def other():
    return "other"
"""


def test_an_import_other_modules_read_on_the_source_stays_and_is_read_through_it() -> None:
    result = expand(UTILS, "pkg.utils", False, "pkg.termui", ["echo"], None,
                    stays=lambda name: name == "strip_styles")  # fmt: skip
    assert isinstance(result, Expanded), result
    # kept for the modules that read it there, which ruff sees as a re-export (issue 13)
    assert result.source.startswith("from pkg._compat import strip_styles as strip_styles\n")
    assert "return _utils.strip_styles(message)" in result.target
    assert "from pkg._compat import" not in result.target
    assert "import pkg.utils as _utils" in result.target


def test_an_import_only_the_moved_code_reads_moves_with_it() -> None:
    result = expand(UTILS, "pkg.utils", False, "pkg.termui", ["echo"], None)
    assert isinstance(result, Expanded), result
    # public (PEP 8), so the source keeps it too, as a re-export (issue 13)
    assert "from pkg._compat import strip_styles as strip_styles\n" in result.source
    assert "from pkg._compat import strip_styles\n" in result.target
    assert "return strip_styles(message)" in result.target


SWAP = """
    from pkg import utils


    def isolated(func):
        old = utils.strip_styles
        utils.strip_styles = lambda text: "<isolated>"
        try:
            return func()
        finally:
            utils.strip_styles = old
"""
MONKEYPATCH = """
    import pytest

    from pkg import utils


    def isolated(func):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(utils, "strip_styles", lambda text: "<isolated>")
            return func()
"""
MOCK_PATCH = """
    from unittest import mock


    def isolated(func):
        with mock.patch("pkg.utils.strip_styles", lambda text: "<isolated>"):
            return func()
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "helper", [SWAP, MONKEYPATCH, MOCK_PATCH], ids=["swap", "monkeypatch.setattr", "mock.patch"]
)
def test_a_patch_of_the_global_on_the_source_keeps_reaching_the_moved_code(
    tmp_path: Path, helper: str
) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("coupling", "pkg.utils", "pkg.termui", ["echo"]),
            "pkg/__init__.py": "",
            "pkg/_compat.py": "def strip_styles(text):\n    return text.strip('*')\n",
            "pkg/utils.py": UTILS,
            "pkg/app.py": "from pkg.utils import echo\n\n\ndef main():\n    return echo('*hi*')\n",
            "pkg/testing.py": helper,
            "tests/test_app.py": """
                from pkg.app import main
                from pkg.testing import isolated


                def test_main():
                    assert main() == "hi"


                def test_isolated():
                    assert isolated(main) == "<isolated>"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    commit_and_plan(repo, "a source module whose imported global is swapped elsewhere")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert suite.returncode == 0, suite.stdout
    assert phases == ["expand", "migrate", "deprecate", "contract"]
    termui = (repo / "pkg/termui.py").read_text(encoding="utf-8")
    assert "_utils.strip_styles(message)" in termui
