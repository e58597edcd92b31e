"""What the commands share that needs no typer: printing, one-line errors, opening the
repository, the progress bar. The fast path (``cli/_fast.py``) runs on these alone."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from refactor_coord.domain.errors import RefcoordError, UsageError

if TYPE_CHECKING:
    from refactor_coord.domain.config import Config

#: Show a progress bar when at least this many files must be parsed.
_PROGRESS_FROM = 200

#: The escape sequences ``typer.echo`` (click) drops when the stream is not a terminal.
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Print like ``typer.echo``: a newline added, escape sequences dropped unless the stream
    is a terminal, flushed."""
    stream = sys.stderr if err else sys.stdout
    text = message + "\n" if nl else message
    if "\033" in text and not stream.isatty():
        text = _ANSI.sub("", text)
    stream.write(text)
    stream.flush()


def echo_json(data: object) -> None:
    """Print ``data`` as indented JSON on stdout (the ``--format json`` of a command)."""
    import json

    echo(json.dumps(data, indent=2, sort_keys=True))


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error and exit."""
    echo(f"refcoord: error: {message}", err=True)
    raise SystemExit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn refcoord's errors and Ctrl-C into a message and an exit code, never a traceback; an
    unexpected error (a bug) into one line too, unless ``REFCOORD_DEBUG=1`` asks for the
    traceback."""
    try:
        yield
    except RefcoordError as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as error:
        if os.environ.get("REFCOORD_DEBUG") == "1":
            raise
        fail(
            f"unexpected error ({type(error).__name__}: {error}); this is a refcoord bug: run "
            "again with REFCOORD_DEBUG=1 for the traceback and report it",
            70,
        )


@contextmanager
def json_errors(enabled: bool) -> Iterator[None]:
    """With ``--format json`` (``enabled``), an error is also a JSON object on stdout,
    ``{"error": {"exit_code", "message", "detail", "log"}}``, for a script to read; the line on
    stderr and the exit code are as without."""
    try:
        yield
    except RefcoordError as error:
        if enabled:
            message, _, detail = str(error).partition("\n")
            log = getattr(error, "log", None)
            found = {"exit_code": error.exit_code, "message": message, "detail": detail or None}
            echo_json({"error": {**found, "log": log}})
        raise


def open_repo(repo: Path, config: Path | None) -> tuple[Path, Config]:
    """Check the repository path and load its configuration."""
    from refactor_coord.adapters.config_file import load_config

    given = repo.resolve()
    if not given.is_dir():
        raise UsageError(f"--repo {repo}: no such directory")
    root = repository_root(given)
    return root, load_config(root, config.resolve() if config else None)


def repository_root(start: Path) -> Path:
    """The repository ``start`` is in, found upwards as git does: the nearest folder with a
    ``.git`` (a folder, or a file in a worktree); without one, the nearest with a
    ``refcoord.toml``; else ``start`` itself."""
    folders = [start, *start.parents]
    for marker in (".git", "refcoord.toml"):
        found = next((f for f in folders if (f / marker).exists()), None)
        if found is not None:
            return found
    return start


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback for long runs: a bar on stderr on a terminal; elsewhere (a CI log)
    a line every ten seconds at most."""
    if not sys.stderr.isatty():
        reporter, started = StderrReporter(), time.monotonic()

        def line(done: int, total: int) -> None:
            if total >= _PROGRESS_FROM and done < total and time.monotonic() - started > 10:
                reporter.update(f"{label}: {done} of {total}")

        yield line
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


class StderrReporter:
    """Shows apply's stages on stderr, one line each (``refcoord: tests: python -m pytest``). A
    live status (the tests' count) rewrites one line on a terminal; elsewhere (a CI log) it is
    printed every ``every`` seconds at most."""

    def __init__(self, every: float = 10.0) -> None:
        self._tty = sys.stderr.isatty()
        self._every = every
        self._last = -every
        self._status = False

    def stage(self, text: str) -> None:
        """A line for a stage."""
        self.done()
        echo(f"refcoord: {text}", err=True)

    def update(self, text: str) -> None:
        """The running stage's status, in place on a terminal."""
        if self._tty:
            width = shutil.get_terminal_size().columns - 1
            sys.stderr.write(f"\r\033[K{text[:width]}")
            sys.stderr.flush()
            self._status = True
        elif time.monotonic() - self._last >= self._every:
            self._last = time.monotonic()
            echo(f"refcoord: {text}", err=True)

    def done(self) -> None:
        """Clear the live status line, if one is shown (before an error, or at the end)."""
        if self._status:
            sys.stderr.write("\r\033[K")
            self._status = False
