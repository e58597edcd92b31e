"""Options every command shares (typer), and the typer-free helpers of ``_support``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from refactor_coord.cli._support import (
    StderrReporter,
    echo,
    echo_json,
    fail,
    json_errors,
    open_repo,
    progress_bar,
    user_errors,
)

RepoOption = Annotated[
    Path, typer.Option("--repo", help="Repository to work on.", show_default="current directory")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file (default: refcoord.toml, else \\[tool.refcoord] in "
        "pyproject.toml).",
    ),
]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", "-j", help="Parser processes (default: one per core).")
]


class TextOrJson(str, Enum):
    """The output formats of ``index``, ``refs``, ``plan``, ``show``, ``apply`` and ``rollback``
    (anything else is refused)."""

    text = "text"
    json = "json"


FormatOption = Annotated[TextOrJson, typer.Option("--format", help="text or json")]


class GraphFormat(str, Enum):
    """The output formats of ``graph``."""

    dot = "dot"
    mermaid = "mermaid"
    json = "json"


__all__ = [
    "ConfigOption",
    "FormatOption",
    "GraphFormat",
    "JobsOption",
    "RepoOption",
    "StderrReporter",
    "TextOrJson",
    "echo",
    "echo_json",
    "fail",
    "json_errors",
    "open_repo",
    "progress_bar",
    "user_errors",
]
