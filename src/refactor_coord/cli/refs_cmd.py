"""``refcoord refs NAME``: every reference to a qualified name."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.application.references import ReferenceReport, find_references
from refactor_coord.application.summaries import render_references
from refactor_coord.cli._common import (
    ConfigOption,
    FormatOption,
    JobsOption,
    RepoOption,
    TextOrJson,
    open_repo,
    progress_bar,
    user_errors,
)
from refactor_coord.domain.facts import Reference


def refs(
    name: Annotated[str, typer.Argument(help="Fully qualified name, e.g. shop.utils.slugify")],
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: FormatOption = TextOrJson.text,
) -> None:
    """List every reference to NAME: file, line, column, kind and confidence."""
    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("indexing") as progress:
            report = find_references(root, cfg, name, workers=jobs, progress=progress)
    typer.echo(to_json(report) if fmt is TextOrJson.json else render_references(report))


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
