"""Where first-party code reads the campaign's feature flags (files read only when they mention
a flag's name at all)."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from pathlib import Path

from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.flag_reads import flag_reads_in


def flag_reads(
    repo: Path, paths: Sequence[str], flags: Sequence[str]
) -> dict[str, tuple[tuple[str, str | None], ...]]:
    """For each flag, the ``path:line`` of every read and the default it gives (None when it
    gives none, or not as a literal)."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for path in sorted(paths):
        text = read_source(repo / path)
        if text is None or not any(flag in text for flag in flags):
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for read in flag_reads_in(tree, flags):
            found.setdefault(read.flag, []).append((f"{path}:{read.line}", read.default))
    return {flag: tuple(reads) for flag, reads in found.items()}
