"""A star import of a source whose ``__all__`` leaves the moved names out brings none of them:
plan makes no migrate step for it (one that changes nothing was refused and stayed planned, so
the campaign stuck; found by the gauntlet on python-slugify)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files


@pytest.mark.slow
def test_no_migrate_step_for_a_star_import_that_brings_no_moved_name(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("stars", "pkg.mod", "pkg.patterns", ["PATTERN"]),
            "pkg/__init__.py": "from .mod import *\n",
            "pkg/mod.py": (
                'import re\n\n__all__ = ["f"]\n\nPATTERN = re.compile("a+")\n\n\n'
                "def f(text):\n    return PATTERN.sub('a', text)\n"
            ),
            "tests/test_f.py": (
                "from pkg import f\n\n\ndef test_f():\n    assert f('aaa') == 'a'\n"
            ),
        },
    )
    plan = commit_and_plan(repo, "a star-imported source with an __all__")
    assert [s.phase for s in plan.steps] == ["expand", "deprecate", "contract"]
    assert [a.step.phase for a in apply_every_step(repo)] == ["expand", "deprecate", "contract"]
