"""Shared fixtures: small repositories written into temporary directories."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

WriteRepo = Callable[[dict[str, str | bytes]], Path]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: source}`` under ``root`` (text dedented, bytes as they are);
    returns ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def write_repo(tmp_path: Path) -> WriteRepo:
    """Write ``{relative path: source}`` under a fresh directory and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "repo", files)

    return write
