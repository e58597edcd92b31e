"""``refcoord status`` (progress, from the code and git) and ``refcoord report`` (the same, and
the burndown, as one HTML page)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from refactor_coord.cli._common import (
    ConfigOption,
    FormatOption,
    JobsOption,
    RepoOption,
    TextOrJson,
    echo,
    open_repo,
    progress_bar,
    user_errors,
)
from refactor_coord.domain.errors import UsageError

if TYPE_CHECKING:
    from refactor_coord.domain.config import Config
    from refactor_coord.domain.progress import HistoryPoint

SitesOption = Annotated[
    bool, typer.Option("--sites", help="List every remaining use (file:line:column).")
]
HistoryOption = Annotated[
    bool,
    typer.Option(
        "--history",
        help="The burndown instead: remaining uses at each first-parent commit of the branch.",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="With --history: only commits after this date (as git log)."),
]
RefOption = Annotated[
    str, typer.Option("--ref", help="With --history: the branch or commit whose history to read.")
]
InventoryOption = Annotated[
    bool,
    typer.Option(
        "--inventory/--no-inventory",
        help="Also list every deprecation already in the code, with its remaining callers.",
    ),
]


def status(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: FormatOption = TextOrJson.text,
    sites: SitesOption = False,
    history: HistoryOption = False,
    since: SinceOption = None,
    ref: RefOption = "HEAD",
    inventory: InventoryOption = True,
) -> None:
    """Progress: steps applied, uses remaining per deprecated name (by package and owner),
    shims and flags alive, and the deprecations already in the code."""
    from refactor_coord.application.progress import campaign_status
    from refactor_coord.application.render_status import status_json, status_text

    with user_errors():
        root, cfg = open_repo(repo, config)
        as_json = fmt is TextOrJson.json
        if history:
            _show_history(root, cfg, (ref, since), as_json)
            return
        if since is not None or ref != "HEAD":
            raise UsageError("--since and --ref go with --history (the burndown)")
        with progress_bar("indexing") as progress:
            found = campaign_status(
                root, cfg, inventory=inventory, workers=jobs, progress=progress
            )
    text = status_json(found) if as_json else status_text(found, sites=sites, width=_width())
    echo(text, nl=not as_json)


def _show_history(root: Path, cfg: Config, where: tuple[str, str | None], as_json: bool) -> None:
    from refactor_coord.application.render_status import history_json, history_text

    ref, since = where
    names, points = _history(root, cfg, ref, since)
    if not points and since:
        echo(
            f"refcoord: no first-parent commit of {ref} is newer than --since {since} "
            "(git reads dates such as 2026-01-31 or '3 months ago')",
            err=True,
        )
    text = history_json(names, points) if as_json else history_text(names, points, _width())
    echo(text, nl=not as_json)


def _width() -> int:
    """The terminal's width; a pipe or a file gets lines whole (nothing cut to fit)."""
    import shutil
    import sys

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000


def _history(
    root: Path, cfg: Config, ref: str, since: str | None
) -> tuple[list[str], tuple[HistoryPoint, ...]]:
    from refactor_coord.application.history import campaign_history

    with progress_bar("reading history") as progress:
        return campaign_history(root, cfg, ref=ref, since=since, progress=progress)


def _history_or_none(
    root: Path, cfg: Config, ref: str, since: str | None
) -> tuple[list[str], tuple[HistoryPoint, ...]]:
    """The burndown for the report; none (and why, on stderr) when there is none to read."""
    from refactor_coord.domain.errors import GitError

    if not cfg.refactors:
        return [], ()
    try:
        return _history(root, cfg, ref, since)
    except GitError as error:
        echo(f"refcoord: no burndown in the report: {error}", err=True)
        return [], ()


def report(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the page (default: .refcoord/reports/<campaign>.html).",
        ),
    ] = None,
    since: SinceOption = None,
    ref: RefOption = "HEAD",
) -> None:
    """Write one self-contained HTML page: burndown chart, remaining uses by owner and
    package, steps, shims and flags alive, overdue removals and the deprecation inventory."""
    from datetime import datetime, timezone

    from refactor_coord.application.progress import campaign_status
    from refactor_coord.application.render_report import report_html
    from refactor_coord.application.report_file import write_report

    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("indexing") as progress:
            found = campaign_status(root, cfg, workers=jobs, progress=progress)
        names, points = _history_or_none(root, cfg, ref, since)
        generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        page = report_html(found, names, points, generated=generated)
        target = write_report(root, cfg.campaign.name, page, output)
    commits = "1 commit" if len(points) == 1 else f"{len(points)} commits"
    echo(f"refcoord: wrote {target} ({commits} in the burndown)")
