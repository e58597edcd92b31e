"""``refcoord demo [DIR]``: the bundled example project, indexed and queried."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.cli._common import user_errors
from refactor_coord.cli.index_cmd import render_summary
from refactor_coord.cli.refs_cmd import render


def demo(
    directory: Annotated[Path | None, typer.Argument(help="New or empty directory (default: a new temporary one).")] = None,
) -> None:
    """Make the bundled example project in DIR, commit it to git, index it, show references and the graph."""
    from refactor_coord.application.demo import run_demo  # see cli/__init__.py on lazy imports

    with user_errors():
        target = directory or Path(tempfile.mkdtemp(prefix="refcoord-demo-"))
        result = run_demo(target.resolve())
    echo = typer.echo
    echo(f"Example project 'shop' copied to {result.directory} and committed ({result.commit[:10]}).\n")
    echo("$ refcoord index")
    echo(render_summary(result.index) + "\n")
    for report in result.references:
        echo(f"$ refcoord refs {report.name}")
        echo(render(report) + "\n")
    echo("$ refcoord graph --format mermaid --focus shop --depth 0")
    echo(result.graph)
    echo("Planning and applying refactorings (refcoord plan / apply) are not built yet;")
    echo(f"meanwhile try: refcoord refs shop.utils.truncate_words --repo {result.directory}")
