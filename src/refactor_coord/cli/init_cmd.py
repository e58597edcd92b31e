"""``refcoord init``: write a commented starter ``refcoord.toml``."""

from __future__ import annotations

from pathlib import Path

import typer

from refactor_coord.cli._common import RepoOption, user_errors


def init(
    repo: RepoOption = Path("."),
) -> None:
    """Write a commented starter refcoord.toml at the repository root."""
    from refactor_coord.application.init_config import write_starter_config

    with user_errors():
        path = write_starter_config(repo)
    typer.echo(f"wrote {path}")
    typer.echo("edit it (uncomment a [[refactor]] example), then run `refcoord plan`")
