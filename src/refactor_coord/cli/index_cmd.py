"""``refcoord index``: update the index and print its summary."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

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


def index(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: FormatOption = TextOrJson.text,
    show_issues: Annotated[
        bool, typer.Option("--show-issues", help="List every skipped and failed file.")
    ] = False,
) -> None:
    """Index the repository: every module, definition and reference, cached for the next run."""
    from refactor_coord.application.indexing import index_repository
    from refactor_coord.application.summaries import render_summary

    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("parsing") as progress:
            summary = index_repository(root, cfg, workers=jobs, progress=progress)
    if fmt is TextOrJson.json:
        payload = asdict(summary) | {"skipped": summary.skipped, "failed": summary.failed}
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo(render_summary(summary, show_issues))
