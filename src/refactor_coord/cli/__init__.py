"""The ``refcoord`` command line (Typer). One module per command; no logic lives here.

Start-up time matters (``refs`` is run by hand, ``check`` will run in pre-commit hooks), so
nothing is imported before it is needed:

- ``main()`` first asks ``_fast`` whether it can answer the command line alone: ``--version``
  and a well-formed ``refs NAME [--repo P] [--config P] [--jobs N] [--format F]`` run without
  typer, whose import and per-parameter pydantic coercion cost more than the whole of a warm
  ``refs``. Anything else (help, another command, an option it does not know, a value typer
  would refuse) goes to the typer app, which gives the same result for those lines too.
- The typer app lives in ``_app`` and is loaded on first use; ``refactor_coord.cli.app`` is it.
- Each command imports its use case, and with it the heavy libraries (libcst, networkx,
  GitPython, jinja2, the index and the parse pool), inside the command function.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def main() -> None:
    """Console-script entry point."""
    from refactor_coord.cli._fast import answer

    code = answer(sys.argv[1:])
    if code is None:
        from refactor_coord.cli._app import app

        app()
    elif code:
        raise SystemExit(code)


def __getattr__(name: str) -> object:
    if name == "app":
        from refactor_coord.cli._app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
