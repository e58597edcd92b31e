"""The ``refcoord`` command line (Typer). One module per command; no logic lives here.

Commands whose use case pulls in heavy libraries (networkx, GitPython) import it inside the
command function, so that ``refcoord index`` and ``refcoord refs`` start quickly.
"""

from __future__ import annotations

import typer

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
app.command("apply")(apply_cmd.apply)
app.command("rollback")(apply_cmd.rollback)
app.command("demo")(demo_cmd.demo)


def main() -> None:
    """Console-script entry point."""
    app()
