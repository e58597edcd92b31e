"""``refcoord refs NAME``: every reference to a qualified name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.cli._common import (
    ConfigOption,
    FormatOption,
    JobsOption,
    RepoOption,
    TextOrJson,
)
from refactor_coord.cli._refs import show_references


def refs(
    name: Annotated[str, typer.Argument(help="Fully qualified name, e.g. shop.utils.slugify")],
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: FormatOption = TextOrJson.text,
) -> None:
    """List every reference to NAME: file, line, column, kind and confidence."""
    show_references(name, repo, config, jobs, fmt is TextOrJson.json)
