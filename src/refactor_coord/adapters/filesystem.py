"""Walk a repository for Python (or documentation) files, honouring the skip rules and
``exclude`` globs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.analysis.discovery import descends_into, is_excluded


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A ``.py`` file and its stat, for change detection without reading it."""

    path: str  #: repository-relative POSIX path
    size: int
    mtime_ns: int


def list_python_files(repo: Path, exclude: Sequence[str]) -> list[FoundFile]:
    """Every ``.py`` file under ``repo`` outside virtualenvs, build output, VCS and caches."""
    return list_files(repo, exclude, (".py",))


def list_files(repo: Path, exclude: Sequence[str], suffixes: tuple[str, ...]) -> list[FoundFile]:
    """Every file whose name ends with one of ``suffixes`` under ``repo``, outside
    virtualenvs, build output, VCS and caches."""
    found: list[FoundFile] = []
    stack = [(str(repo), "")]
    while stack:
        abs_dir, rel_dir = stack.pop()
        try:
            entries = list(os.scandir(abs_dir))
        except OSError:
            continue
        if rel_dir and any(e.name == "pyvenv.cfg" for e in entries):
            continue  # a virtual environment
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if entry.is_dir(follow_symlinks=False):
                if descends_into(entry.name, rel_dir, exclude):
                    stack.append((entry.path, rel))
            elif (
                entry.name.endswith(suffixes) and entry.is_file() and not is_excluded(rel, exclude)
            ):
                st = entry.stat()
                found.append(FoundFile(rel, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.path)
    return found


def read_bytes(repo: Path, path: str) -> bytes | None:
    """A file's content, or None when it cannot be read."""
    try:
        return (repo / path).read_bytes()
    except OSError:
        return None


#: Where GitHub looks for a CODEOWNERS file, in its order; the first one found is used.
CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


def read_codeowners(repo: Path) -> str | None:
    """The text of the repository's CODEOWNERS file (GitHub's lookup order), or None."""
    for rel in CODEOWNERS_LOCATIONS:
        path = repo / rel
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
    return None


def read_texts(repo: Path, names: Sequence[str]) -> dict[str, str | None]:
    """The text of each of these repository-relative files (None where there is none)."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = (repo / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            found[name] = None
    return found
