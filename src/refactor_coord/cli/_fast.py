"""The command lines ``main()`` answers without typer (see ``cli/__init__.py``).

``refcoord --version``, and ``refcoord refs NAME`` with any of ``--repo P``, ``--config P``,
``--jobs N`` (``-j N``), ``--format text|json``, each at most once, as ``--opt value`` or
``--opt=value``, before or after NAME. A line is answered here only when typer would read it the
same way; anything else (``--help``, another command or option, a repeated option, a value
starting with ``-``, a ``--jobs`` that is not digits, a format typer would refuse, a shell
completion request, any ``refs`` line on Windows, where typer expands ``~``, variables and
globs in arguments) is left to typer, which then parses and reports it as always. What runs is
the typer command's own code (``_refs.show_references``), and it exits the way typer does: the
command's exit code, 130 on Ctrl-C, 1 (quietly) when the output pipe is closed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

#: ``refs`` options that take a value -> the parameter they set.
_REFS_OPTIONS = {
    "--repo": "repo",
    "--config": "config",
    "--jobs": "jobs",
    "-j": "jobs",
    "--format": "format",
}


def answer(args: list[str]) -> int | None:
    """The exit status of ``refcoord ARGS`` when answered here; None: typer's to answer."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None  # a shell-completion request
    if args == ["--version"]:
        from refactor_coord import __version__

        sys.stdout.write(f"refcoord {__version__}\n")
        sys.stdout.flush()
        return 0
    if args[:1] == ["refs"] and os.name != "nt":  # on Windows typer expands ~, $VARS and globs
        call = refs_call(args[1:])
        if call is not None:
            from refactor_coord.cli._refs import show_references

            return _run(lambda: show_references(*call))
    return None


def refs_call(args: list[str]) -> tuple[str, Path, Path | None, int | None, bool] | None:
    """``show_references``'s arguments for the arguments of ``refs``, or None when typer must
    read them."""
    names: list[str] = []
    values: dict[str, str] = {}
    rest = iter(args)
    for token in rest:
        if not token.startswith("-"):
            names.append(token)
            continue
        option, equals, value = token.partition("=")
        if option not in _REFS_OPTIONS or (equals and option == "-j"):
            return None
        if not equals:
            value = next(rest, "")
        key = _REFS_OPTIONS[option]
        if key in values or not value or value.startswith("-"):
            return None
        values[key] = value
    jobs = values.get("jobs")
    fmt = values.get("format", "text")
    if len(names) != 1 or not names[0] or fmt not in ("text", "json"):
        return None
    if jobs is not None and not (jobs.isascii() and jobs.isdigit()):
        return None
    from pathlib import Path

    config = values.get("config")
    return (
        names[0],
        Path(values.get("repo", ".")),
        Path(config) if config is not None else None,
        int(jobs) if jobs is not None else None,
        fmt == "json",
    )


def _run(command: Callable[[], None]) -> int:
    """Run a command as typer's ``main`` would (its ``SystemExit`` passes through)."""
    try:
        command()
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # nothing more can be written; keep the interpreter's final flush quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0
