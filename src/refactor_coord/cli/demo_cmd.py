"""``refcoord demo [DIR]``: the bundled example project, indexed and queried."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from refactor_coord.cli._common import user_errors

if TYPE_CHECKING:
    from refactor_coord.application.demo import DemoReport

#: One line, unlike a wrapped docstring: typer keeps a docstring's line breaks in the command list.
DEMO_HELP = (
    "Run the whole loop on the bundled example: index, refs, plan, then apply every step of one "
    "refactoring."
)


def demo(
    directory: Annotated[
        Path | None, typer.Argument(help="New or empty directory (default: a new temporary one).")
    ] = None,
    schema: Annotated[
        bool,
        typer.Option(
            "--schema",
            help="the schema example instead: a zero-downtime column rename on a throwaway "
            "PostgreSQL (needs its server binaries, SQLAlchemy and Alembic)",
        ),
    ] = False,
) -> None:
    """Run the whole loop on the bundled example (the help text is ``DEMO_HELP``)."""
    import tempfile

    from refactor_coord.application.demo import run_demo  # see cli/__init__.py on lazy imports

    def report(command: str, output: str) -> None:
        typer.echo(f"$ {command}\n{output}\n")

    if schema:
        _schema_demo(directory, report)
        return
    with user_errors():
        target = directory or Path(tempfile.mkdtemp(prefix="refcoord-demo-"))
        result = run_demo(target.resolve(), report)
    steps = ", ".join(str(a.step.number) for a in result.applied)
    typer.echo(
        f"Done: steps {steps} moved slugify, truncate_words and WORD_RE from shop.utils to "
        "shop.text,"
    )
    typer.echo("one pull request each, with the project's tests passing after every step.")
    typer.echo(
        f"Look around: cd {result.directory} && git log --oneline && "
        "cat .refcoord/tidy-shop/PLAN.md"
    )
    typer.echo(
        "The other two refactorings are planned too. `refcoord apply next` carries on with the "
        "change-api"
    )
    typer.echo(
        "(fetch -> get): its deprecate step waits for the uses in tests/test_package.py that "
        "the plan leaves"
    )
    typer.echo(
        "for review (its name in a string that code reads as a name) to be changed by hand."
    )
    typer.echo(
        "The replace-dependency (json -> simplejson behind shop.serialization) comes after it: "
        "each of its"
    )
    typer.echo(
        "steps runs the tests once per backend, SHOP_JSON_BACKEND=old and =new (the new one "
        "needs simplejson"
    )
    typer.echo("installed: pip install simplejson).")
    typer.echo(
        "Progress any time: `refcoord status`, `refcoord report` (one HTML page), and "
        "`refcoord check --base main` in CI (docs/tracking.md)."
    )


def _schema_demo(directory: Path | None, report: DemoReport) -> None:
    import tempfile

    from refactor_coord.application.schema_demo import run_schema_demo

    with user_errors():
        target = directory or Path(tempfile.mkdtemp(prefix="refcoord-schema-demo-"))
        result = run_schema_demo(target.resolve(), report)
    typer.echo(
        f"Done: {len(result.applied)} steps renamed orders.total to total_cents, database and "
        "code steps interleaved,"
    )
    typer.echo("one pull request each, the example's tests green on PostgreSQL after every step.")
    typer.echo(
        f"Look around: cd {result.directory} && git log --oneline && "
        "cat .refcoord/total-cents/PLAN.md && ls migrations/versions"
    )
