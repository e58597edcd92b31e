"""The typer app: every command, its options and its help. Built when a command line needs
it (``refactor_coord.cli.app`` loads this module on first use; see ``cli/__init__.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from refactor_coord import __version__
from refactor_coord.cli import (
    apply_cmd,
    demo_cmd,
    graph_cmd,
    index_cmd,
    init_cmd,
    plan_cmd,
    refs_cmd,
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


def _not_built(name: str, what: str) -> None:
    def command() -> None:
        typer.echo(
            f"refcoord: error: `refcoord {name}` ({what}) is not built yet; see "
            "docs/user-guide.md for what works today",
            err=True,
        )
        raise typer.Exit(2)

    app.command(name, help=f"{what[0].upper()}{what[1:]} (not built yet).")(command)


_not_built("status", "progress: steps done, references remaining, shims and flags alive")
_not_built("check", "the CI ratchet that fails when a change adds uses of a deprecated API")
