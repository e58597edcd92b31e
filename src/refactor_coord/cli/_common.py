"""Options every command shares, progress display, and turning errors into one-line messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from refactor_coord.adapters.config_file import load_config
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import RefcoordError, UsageError

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
    """The output formats of ``index``, ``refs`` and ``plan`` (anything else is refused)."""

    text = "text"
    json = "json"


FormatOption = Annotated[TextOrJson, typer.Option("--format", help="text or json")]


class GraphFormat(str, Enum):
    """The output formats of ``graph``."""

    dot = "dot"
    mermaid = "mermaid"
    json = "json"


#: Show a progress bar when at least this many files must be parsed.
_PROGRESS_FROM = 200


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error and exit."""
    typer.echo(f"refcoord: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn refcoord's errors and Ctrl-C into a message and an exit code, never a traceback."""
    try:
        yield
    except RefcoordError as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)


def open_repo(repo: Path, config: Path | None) -> tuple[Path, Config]:
    """Check the repository path and load its configuration."""
    root = repo.resolve()
    if not root.is_dir():
        raise UsageError(f"--repo {repo}: no such directory")
    return root, load_config(root, config.resolve() if config else None)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback that draws a bar on stderr for long runs (only on a terminal)."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import Progress, TaskID

    with Progress(transient=True) as bar:
        task: list[TaskID] = []

        def update(done: int, total: int) -> None:
            if total < _PROGRESS_FROM:
                return
            if not task:
                task.append(bar.add_task(label, total=total))
            bar.update(task[0], completed=done)

        yield update
