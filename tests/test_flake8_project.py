"""A project that lints with flake8 and formats with isort and black (issue 13), shaped like
the gauntlet's webcolors: relative imports, flake8 and black at 88 columns, long function
names. Apply runs isort and black on every step's files, then flake8 must find nothing: the
moved names' declarations for type checkers keep their ``noqa`` on the line pyflakes reports
(isort joins an aliased import onto one line and black, wrapping it again, moves the comment
after the closing bracket), and follow the file's relative imports."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

PROJECT = {
    "pyproject.toml": """
        [project]
        name = "colors"
        version = "1.0"

        [tool.black]
        line-length = 88

        [tool.isort]
        profile = "black"
        """,
    ".flake8": """
        [flake8]
        max-line-length = 88
        extend-ignore = E203
        """,
    "colors/__init__.py": '''
        """Colour conversions."""

        from .conversion import rgb_percent_to_hex, rgb_percent_to_name, rgb_to_hex

        __all__ = ["rgb_percent_to_hex", "rgb_percent_to_name", "rgb_to_hex"]
        ''',
    "colors/names.py": 'NAMES = {"#ffffff": "white", "#000000": "black"}\n',
    "colors/conversion.py": '''
        """Conversions between colour formats."""

        from .names import NAMES


        def rgb_to_hex(rgb: tuple[int, int, int]) -> str:
            """#rrggbb."""
            return "#{:02x}{:02x}{:02x}".format(*rgb)


        def rgb_percent_to_hex(percent: tuple[float, float, float]) -> str:
            """#rrggbb from percentages."""
            return rgb_to_hex(tuple(round(p * 2.55) for p in percent))


        def rgb_percent_to_name(percent: tuple[float, float, float]) -> str:
            """The colour's name."""
            return NAMES[rgb_percent_to_hex(percent)]


        def rgb_percent_triplet_to_nearest_named_colour(
            percent: tuple[float, float, float],
        ) -> str:
            """The name of the nearest named colour."""
            return rgb_percent_to_name(tuple(round(p / 100) * 100.0 for p in percent))
        ''',
    "tests/test_conversion.py": """
        from colors import rgb_percent_to_name
        from colors.conversion import (
            rgb_percent_to_hex,
            rgb_percent_triplet_to_nearest_named_colour,
        )


        def test_names() -> None:
            assert rgb_percent_to_hex((100.0, 100.0, 100.0)) == "#ffffff"
            assert rgb_percent_to_name((0.0, 0.0, 0.0)) == "black"


        def test_nearest() -> None:
            assert rgb_percent_triplet_to_nearest_named_colour((90.0, 80.0, 70.0)) == "white"
        """,
}


def _flake8(repo: Path) -> list[str]:
    """What flake8 finds in the package (with the project's .flake8)."""
    found = subprocess.run(
        [sys.executable, "-m", "flake8", "colors"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,  # flake8 exits 1 when it finds something
    )
    return found.stdout.splitlines()


@pytest.mark.slow
@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("flake8", "isort", "black")),
    reason="flake8, isort and black are needed",
)
def test_every_step_leaves_flake8_nothing_to_report_after_isort_and_black(
    tmp_path: Path,
) -> None:
    names = ["rgb_to_hex", "rgb_percent_to_hex", "rgb_percent_to_name"]
    names.append("rgb_percent_triplet_to_nearest_named_colour")
    config = extract_config("split", "colors.conversion", "colors._conversion_split", names)
    repo = write_files(tmp_path / "repo", {**PROJECT, "refcoord.toml": config})
    assert _flake8(repo) == []
    commit_and_plan(repo, "a project linted by flake8, formatted by isort and black")
    reports: list[str] = []
    declared: list[str] = []

    def check(applied: Applied) -> None:
        reports.extend(f"step {applied.step.number}: {found}" for found in _flake8(repo))
        if applied.step.phase == "expand":
            declared.append((repo / "colors" / "conversion.py").read_text())

    phases = [applied.step.phase for applied in apply_every_step(repo, each=check)]
    assert phases[0] == "expand" and phases[-1] == "contract"
    assert reports == []
    # relative, as the module imports; plain (flake8 reads no ``x as x``); the noqa on the
    # statement's first line, where isort and black left it
    plain = "    from ._conversion_split import rgb_percent_to_name  # noqa: F401\n"
    wrapped = "    from ._conversion_split import (  # noqa: F401\n        rgb_percent_triplet"
    assert plain in declared[0] and wrapped in declared[0], declared[0]
