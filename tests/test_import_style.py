"""The code refcoord writes passes the project's linter by itself (issue 13): a whole
extract-module campaign on a project whose ruff checks imports at the top (E402), unused imports
(F401), line length (E501) and import sorting (I001), with ``ruff check`` clean after every step.
The project configures no formatter, so nothing but refcoord writes the code."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

RULES = "E402,F401,E501,I001"

PROJECT = {
    "pyproject.toml": """
        [project]
        name = "pkg"
        version = "1.0"

        [tool.ruff]
        line-length = 88

        [tool.ruff.lint]
        select = ["E402", "F401", "E501"]
        """,
    "pkg/__init__.py": '''
        """The package."""

        from .utils import shout, slugify  # noqa: F401
        ''',
    "pkg/config.py": 'DEFAULT_SEP = "-"\nMAX_LENGTH = 40\n',
    "pkg/utils.py": '''
        """Utilities."""

        from __future__ import annotations

        import re
        import unicodedata
        from urllib.request import getproxies

        from .config import DEFAULT_SEP, MAX_LENGTH


        def slugify(text: str, sep: str = DEFAULT_SEP) -> str:
            """A slug."""
            text = unicodedata.normalize("NFKD", text)
            return re.sub(r"[^a-z0-9]+", sep, text.lower()).strip(sep)[:MAX_LENGTH]


        def proxies() -> dict[str, str]:
            """The proxies."""
            return getproxies()


        def shout(text: str) -> str:
            """A loud slug."""
            return slugify(text).upper()
        ''',
    "pkg/cli.py": '''
        """The command line."""

        import sys

        from pkg.config import MAX_LENGTH
        from pkg.utils import proxies, shout, slugify


        def main() -> None:
            print(slugify(sys.argv[1])[:MAX_LENGTH], shout("x"), proxies())
        ''',
    "tests/test_utils.py": """
        from unittest import mock

        import pkg
        from pkg import utils
        from pkg.utils import proxies, shout, slugify


        def test_slugify() -> None:
            assert slugify("Hello World") == "hello-world"
            assert pkg.slugify("x y") == "x-y"


        def test_shout() -> None:
            assert shout("a b") == "A-B"


        def test_the_moved_code_reads_the_patched_import() -> None:
            with mock.patch("pkg.utils.getproxies", return_value={"http": "p"}):
                assert proxies() == {"http": "p"}
            assert utils.unicodedata.name("a") == "LATIN SMALL LETTER A"
        """,
}


#: Lines of the shim (shim.py and its template, outside the import style this test is about)
#: that pass 88 characters: its marker comment and the deprecation warning's f-string.
SHIM_LINES = ("# refcoord shim: names moved", "has moved to {_REFCOORD_MOVED[name]}")


def _ruff(repo: Path) -> list[str]:
    """What ruff finds in the project's code (the tests refcoord writes aside), but the shim's
    long lines."""
    command = ["check", "--select", RULES, "--output-format", "json", "pkg", "tests/test_utils.py"]
    found = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,  # ruff exits 1 when it finds something
    )
    reports = []
    for problem in json.loads(found.stdout or "[]"):
        path, row = problem["filename"], problem["location"]["row"]
        line = Path(path).read_text().splitlines()[row - 1]
        if problem["code"] == "E501" and any(s in line for s in SHIM_LINES):
            continue
        reports.append(f"{Path(path).relative_to(repo)}:{row}: {problem['code']} {line.strip()}")
    return reports


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_every_step_leaves_ruff_nothing_to_report(tmp_path: Path) -> None:
    config = extract_config("style", "pkg.utils", "pkg.text", ["slugify", "proxies"])
    repo = write_files(tmp_path / "repo", {**PROJECT, "refcoord.toml": config})
    assert _ruff(repo) == []
    commit_and_plan(repo, "a project whose ruff checks imports and line length")
    reports: list[str] = []

    def check(applied: Applied) -> None:
        reports.extend(f"step {applied.step.number}: {found}" for found in _ruff(repo))

    phases = [applied.step.phase for applied in apply_every_step(repo, each=check)]
    assert phases[0] == "expand" and phases[-1] == "contract"
    assert reports == []
    target = (repo / "pkg" / "text.py").read_text()
    # sorted and grouped as isort does; relative, as the source imports its package
    assert (
        "import re\n\nimport pkg.utils as _pkg_utils\n\nfrom .config import DEFAULT_SEP" in target
    )
    source = (repo / "pkg" / "utils.py").read_text()
    # public by PEP 8, or read there by other code: kept, as deliberate re-exports
    assert "import re as re\nimport unicodedata as unicodedata\n" in source
    assert "\nfrom urllib.request import getproxies as getproxies\n" in source
    init = (repo / "pkg" / "__init__.py").read_text()
    assert init.endswith(
        "\n\nfrom .text import slugify  # noqa: F401\nfrom .utils import shout  # noqa: F401\n"
    )
