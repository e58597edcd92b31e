"""``refcoord index``: update the index and print its summary."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.application.indexing import index_repository
from refactor_coord.cli._common import (
    ConfigOption,
    JobsOption,
    RepoOption,
    open_repo,
    progress_bar,
    user_errors,
)
from refactor_coord.domain.facts import IndexSummary


def index(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    show_issues: Annotated[bool, typer.Option("--show-issues", help="List every skipped and failed file.")] = False,
) -> None:
    """Index the repository: every module, definition and reference, cached for the next run."""
    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("parsing") as progress:
            summary = index_repository(root, cfg, workers=jobs, progress=progress)
    if fmt == "json":
        payload = asdict(summary) | {"skipped": summary.skipped, "failed": summary.failed}
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo(render_summary(summary, show_issues))


def render_summary(s: IndexSummary, show_issues: bool = False) -> str:
    """The text summary of an index run."""
    lines = [
        f"files        {s.files}",
        f"modules      {s.modules}",
        f"definitions  {s.definitions}",
        f"references   {s.references}",
        f"skipped      {s.skipped}",
        f"failed       {s.failed}",
        f"parsed       {s.parsed} (on {s.workers} worker{'s' if s.workers != 1 else ''})",
        f"cache hits   {s.cache_hits} from the parse cache, {s.unchanged} unchanged files not re-read",
        f"resolved     {s.resolved_files} files",
        f"import cycles {len(s.cycles)}" + (f" (e.g. {' <-> '.join(s.cycles[0])})" if s.cycles else ""),
        f"time         {s.seconds:.2f} s",
    ]
    lines += [f"note: {n}" for n in s.notes]
    issues = s.issues if show_issues else s.issues[:10]
    lines += [f"{i.status:<8} {i.path}: {i.reason}" for i in issues]
    if len(s.issues) > len(issues):
        lines.append(f"... and {len(s.issues) - len(issues)} more (--show-issues lists them all)")
    return "\n".join(lines)
