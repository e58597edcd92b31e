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
    from refactor_coord.application.demo import demo_config, run_demo  # see cli/__init__.py
    from refactor_coord.application.render_plan import render_step, render_summary_table

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
    echo("$ cat refcoord.toml   # one refactoring of each kind")
    echo(demo_config())
    echo("$ refcoord plan")
    echo(render_summary_table(result.plan.plan))
    echo(f"wrote {result.plan.markdown_path} (committed)\n")
    first = next(s for s in result.plan.plan.steps if s.phase == "migrate")
    echo(f"$ refcoord show step {first.number}")
    echo(render_step(result.plan.plan, first) + "\n")
    echo("Applying steps (refcoord apply step N) is not built yet. Meanwhile, in the demo repository:")
    echo(f"  cd {result.directory} && refcoord show step 1 && refcoord graph --plan --format mermaid")
