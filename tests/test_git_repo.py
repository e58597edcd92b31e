"""The git adapter on a real repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from refactor_coord.adapters.git_repo import dirty_paths
from tests.conftest import write_files


def test_dirty_paths_are_the_paths_as_they_are_with_both_sides_of_a_rename(tmp_path: Path) -> None:
    # git's plain porcelain output quotes "a b.py" and "é.py" and shows renames as "old -> new":
    # a check such as apply's --allow-dirty guard would never match those
    repo = write_files(
        tmp_path / "r",
        {"a b.py": "a = 1\n", "é.py": "e = 1\n", "old.py": "o = 1\n", "clean.py": ""},
        commit="initial",
    )
    assert dirty_paths(repo) == []
    write_files(repo, {"a b.py": "a = 2\n", "é.py": "e = 2\n"})
    subprocess.run(["git", "mv", "old.py", "new.py"], cwd=repo, check=True)
    write_files(repo, {"un tracked.py": ""})
    assert sorted(dirty_paths(repo)) == ["a b.py", "new.py", "old.py", "un tracked.py", "é.py"]
