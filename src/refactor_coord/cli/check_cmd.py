"""``refcoord check``: the CI ratchet (exit 1 when a change adds uses of deprecated names)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from refactor_coord.cli._common import (
    ConfigOption,
    JobsOption,
    RepoOption,
    echo,
    open_repo,
    progress_bar,
    user_errors,
)

if TYPE_CHECKING:
    from refactor_coord.domain.progress import Finding


class CheckFormat(str, Enum):
    """The output formats of ``check``."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


CHECK_HELP = (
    "Fail (exit 1) when the change since --base adds a use of a deprecated name: the "
    "campaign's old names and, with --inventory, every deprecation the code declares."
)
CHECK_EPILOG = (
    "Accept one use with a `# refcoord: allow[NAME]` comment on its line, or all of the "
    "current ones with --update-baseline (written to .refcoord/check-baseline.json; commit it). "
    "Exit codes: 0 no new use, 1 new uses, 2 bad usage, others: the check could not be made "
    "(6: git could not answer)."
)


BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help="Compare with where the branch left this ref (default: the campaign's base "
        "branch, else main or master).",
    ),
]
InventoryFlag = Annotated[
    bool, typer.Option("--inventory", help="Also watch every deprecation declared in the code.")
]
CheckFormatOption = Annotated[
    CheckFormat, typer.Option("--format", help="text, json, github (annotations) or sarif")
]
BaselineOption = Annotated[
    Path | None, typer.Option("--baseline", help="The baseline file of accepted uses.")
]
UpdateBaselineFlag = Annotated[
    bool,
    typer.Option(
        "--update-baseline", help="Accept every new use found now: write them to the baseline."
    ),
]


def check(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    base: BaseOption = None,
    inventory: InventoryFlag = False,
    fmt: CheckFormatOption = CheckFormat.text,
    baseline: BaselineOption = None,
    update_baseline: UpdateBaselineFlag = False,
) -> None:
    """The CI ratchet: fail when a change adds uses of a deprecated API."""
    from refactor_coord.application.ratchet import check_change, default_baseline

    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("indexing") as progress:
            result = check_change(
                root,
                cfg,
                base=base,
                inventory=inventory,
                baseline=baseline,
                update_baseline=update_baseline,
                workers=jobs,
                progress=progress,
            )
    if result.baseline_written:
        where = baseline or default_baseline(root)
        echo(f"refcoord: {result.accepted} use(s) accepted in {where}", err=True)
        return
    _show(result.findings, result.base, fmt)
    if result.findings:
        raise typer.Exit(1)


def _show(found: tuple[Finding, ...], base: str, fmt: CheckFormat) -> None:
    from refactor_coord import __version__
    from refactor_coord.application.render_findings import (
        findings_github,
        findings_json,
        findings_sarif,
        findings_text,
    )

    if fmt is CheckFormat.text:
        echo(findings_text(found, base=base))
    elif fmt is CheckFormat.json:
        echo(findings_json(found, base=base), nl=False)
    elif fmt is CheckFormat.github:
        echo(findings_github(found), nl=False)
    else:
        echo(findings_sarif(found, version=__version__), nl=False)
