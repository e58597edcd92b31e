"""A step's file changes as one transaction: every file written or none (a failure or Ctrl-C
puts every file back), and the change as a unified diff."""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from refactor_coord.adapters.source_files import encode_source, read_source

#: A file as it was before a step: its bytes and permission bits, or None when it did not exist.
Original = tuple[bytes, int] | None


def unified_diff(repo: Path, changes: Mapping[str, str | None]) -> str:
    """The change as a unified diff (``a/`` and ``b/`` prefixes, like git)."""
    parts: list[str] = []
    for path in sorted(changes):
        old_file = repo / path
        old = read_source(old_file) or ""
        new = changes[path] or ""
        parts += difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"a/{path}" if old_file.is_file() else "/dev/null",
            f"b/{path}" if changes[path] is not None else "/dev/null",
        )
    return "".join(parts)


def write_all(repo: Path, changes: Mapping[str, str | None]) -> dict[str, Original]:
    """Write every change or none. Returns the originals. A rewritten file keeps its permission
    bits (an executable script stays executable)."""
    originals: dict[str, Original] = {}
    for path in changes:
        file = repo / path
        originals[path] = (
            (file.read_bytes(), stat.S_IMODE(file.stat().st_mode)) if file.is_file() else None
        )
    try:
        for path, text in changes.items():
            file = repo / path
            if text is None:
                file.unlink(missing_ok=True)
                continue
            original = originals[path]
            _replace(
                file,
                encode_source(text, original[0] if original else None),
                original[1] if original else None,
            )
    except BaseException:
        restore(repo, originals)
        raise
    return originals


def restore(repo: Path, originals: Mapping[str, Original]) -> None:
    """Put files back as they were, permission bits included."""
    for path, original in originals.items():
        file = repo / path
        file.with_name(f".{file.name}.refcoord-tmp").unlink(missing_ok=True)
        if original is None:
            file.unlink(missing_ok=True)
        else:
            _replace(file, *original)


def _replace(file: Path, data: bytes, mode: int | None) -> None:
    """Put ``data`` in ``file`` through a scratch file renamed over it (``mode``: its bits)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    scratch = file.with_name(f".{file.name}.refcoord-tmp")
    scratch.write_bytes(data)
    if mode is not None:
        os.chmod(scratch, mode)
    os.replace(scratch, file)
