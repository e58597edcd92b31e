"""``refcoord refs NAME``: every reference to a qualified name."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.application.references import ReferenceReport, find_references
from refactor_coord.cli._common import (
    ConfigOption,
    JobsOption,
    RepoOption,
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
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """List every reference to NAME: file, line, column, kind and confidence."""
    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("indexing") as progress:
            report = find_references(root, cfg, name, workers=jobs, progress=progress)
    typer.echo(to_json(report) if fmt == "json" else render(report))


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


def render(report: ReferenceReport) -> str:
    """The report as text, grouped by file."""
    lines: list[str] = []
    if report.target != report.name:
        lines.append(f"{report.name} is {report.target} (re-exported)")
    for d in report.definitions:
        lines.append(f"{d.qname}  {d.kind}, defined at {d.path}:{d.line}")
    confidence = Counter(r.confidence for r in report.references)
    files = {r.path for r in report.references}
    counts = ", ".join(f"{confidence[c]} {c}" for c in ("high", "medium", "low") if confidence[c])
    lines.append(f"{len(report.references)} references in {len(files)} files" + (f" ({counts})" if counts else ""))
    lines += _grouped(report.references)
    if report.uncertain:
        lines.append(f"\n{len(report.uncertain)} uncertain: attribute uses of the same name on receivers of unknown type")
        lines += _grouped(report.uncertain)
    return "\n".join(lines)


def _grouped(references: tuple[Reference, ...]) -> list[str]:
    lines: list[str] = []
    current = ""
    for r in references:
        if r.path != current:
            current = r.path
            lines.append(current)
        kind = r.kind.value + (r.shape.render() if r.shape else "")
        via = f"  as {r.written}" if r.written != r.target and r.kind.value != "string" else ""
        why = f"  ({r.reason})" if r.reason and r.confidence != "high" else ""
        where = f"{r.line}:{r.col}"
        lines.append(f"  {where:<9} {kind:<18} {r.confidence:<6}{via}{why}".rstrip())
    return lines
