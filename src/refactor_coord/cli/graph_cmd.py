"""``refcoord graph``: export the module import graph or the symbol reference graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.cli._common import (
    ConfigOption,
    GraphFormat,
    JobsOption,
    RepoOption,
    open_repo,
    progress_bar,
    user_errors,
)


def graph(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", help="dot, mermaid or json")
    ] = GraphFormat.dot,
    kind: Annotated[
        str, typer.Option("--kind", help="modules (imports) or symbols (references)")
    ] = "modules",
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            help="Only this module or symbol (and what is inside it) and its neighbours.",
        ),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", help="How many steps from --focus to include.")
    ] = 1,
    external: Annotated[
        bool, typer.Option("--external", help="Include modules outside the repository.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    plan: Annotated[
        bool, typer.Option("--plan", help="Export the saved plan's step DAG instead.")
    ] = False,
) -> None:
    """Export the import graph (or the symbol graph) as DOT, Mermaid or JSON."""
    from refactor_coord.application.graphing import (  # see cli/__init__.py
        export_graph,
        export_plan_graph,
    )

    with user_errors():
        root, cfg = open_repo(repo, config)
        if plan:
            text = export_plan_graph(root, cfg, fmt.value)
        else:
            with progress_bar("indexing") as progress:
                text = export_graph(
                    root,
                    cfg,
                    kind=kind,
                    fmt=fmt.value,
                    focus_on=focus,
                    depth=depth,
                    external=external,
                    workers=jobs,
                    progress=progress,
                )
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)
    else:
        typer.echo(text, nl=False)
