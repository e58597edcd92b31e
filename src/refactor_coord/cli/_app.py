"""The typer app: every command, its options and its help. Built when a command line needs
it (``refactor_coord.cli.app`` loads this module on first use; see ``cli/__init__.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from refactor_coord import __version__
from refactor_coord.cli import (
    apply_cmd,
    check_cmd,
    demo_cmd,
    graph_cmd,
    index_cmd,
    init_cmd,
    plan_cmd,
    refs_cmd,
    status_cmd,
)

app = typer.Typer(
    name="refcoord",
    help="Plan and carry out large Python refactorings as small, ordered, revertible steps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("init")(init_cmd.init)
app.command("index")(index_cmd.index)
app.command("refs")(refs_cmd.refs)
app.command("graph")(graph_cmd.graph)
app.command("plan")(plan_cmd.plan)
app.command("show")(plan_cmd.show)
app.command("apply", help=apply_cmd.APPLY_HELP, epilog=apply_cmd.APPLY_EPILOG)(apply_cmd.apply)
app.command("rollback")(apply_cmd.rollback)
app.command("demo", help=demo_cmd.DEMO_HELP)(demo_cmd.demo)
app.command("status")(status_cmd.status)
app.command("report")(status_cmd.report)
app.command("check", help=check_cmd.CHECK_HELP, epilog=check_cmd.CHECK_EPILOG)(check_cmd.check)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"refcoord {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
) -> None:
    """Plan and carry out large Python refactorings as small, ordered, revertible steps."""
