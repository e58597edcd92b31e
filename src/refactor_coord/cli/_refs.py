"""The body of ``refcoord refs NAME``, without typer: the typer command (``refs_cmd``) and the
fast path (``_fast``) both run it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_coord.cli._support import echo, open_repo, progress_bar, user_errors

if TYPE_CHECKING:
    from refactor_coord.application.references import ReferenceReport
    from refactor_coord.domain.facts import Reference


def show_references(
    name: str, repo: Path, config: Path | None, jobs: int | None, as_json: bool
) -> None:
    """Bring the index up to date, then print every reference to ``name`` (text or JSON)."""
    from refactor_coord.application.references import find_references
    from refactor_coord.application.summaries import render_references

    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("indexing") as progress:
            report = find_references(root, cfg, name, workers=jobs, progress=progress)
    echo(to_json(report) if as_json else render_references(report))


def to_json(report: ReferenceReport) -> str:
    """The report as JSON."""

    def ref(r: Reference) -> dict[str, object]:
        data = asdict(r)
        data["kind"] = r.kind.value
        data["shape"] = r.shape.render() if r.shape else None
        return data

    payload = {
        "name": report.name,
        "target": report.target,
        "definitions": [asdict(d) for d in report.definitions],
        "references": [ref(r) for r in report.references],
        "uncertain": [ref(r) for r in report.uncertain],
    }
    return json.dumps(payload, indent=2)
