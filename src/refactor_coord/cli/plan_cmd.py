"""``refcoord plan`` and ``refcoord show step N``."""

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
    echo_json,
    json_errors,
    open_repo,
    progress_bar,
    user_errors,
)


def plan(
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    jobs: JobsOption = None,
    fmt: FormatOption = TextOrJson.text,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="a database (SQLAlchemy URL) whose tables size a schema refactoring's steps; "
            "read only (row estimates)",
        ),
    ] = None,
) -> None:
    """Plan the campaign: write .refcoord/<campaign>/plan.json and PLAN.md, print a summary."""
    from refactor_coord.application.plan_files import plan_uncommitted
    from refactor_coord.application.plan_io import plan_to_json
    from refactor_coord.application.planning import make_campaign_plan
    from refactor_coord.application.render_plan import render_summary_table

    with user_errors():
        root, cfg = open_repo(repo, config)
        with progress_bar("indexing") as progress:
            result = make_campaign_plan(
                root, cfg, workers=jobs, progress=progress, database_url=database_url
            )
    if fmt is TextOrJson.json:
        typer.echo(plan_to_json(result.plan), nl=False)
        return
    typer.echo(render_summary_table(result.plan))
    for line in result.changes:
        typer.echo(f"re-plan: {line}")
    typer.echo(f"wrote {_shown(result.json_path, root)} and {_shown(result.markdown_path, root)}")
    number = result.next_step
    if plan_uncommitted(root, cfg):
        why = (
            "before applying (each step's commit builds on it)"
            if number is not None
            else "(it records the steps' status)"
        )
        typer.echo(f"commit the plan {why}: git add .refcoord && git commit -m 'refcoord plan'")
    if number is None:
        typer.echo("every step is applied or done")
    else:
        typer.echo(
            f"next: step {number} (`refcoord show step {number}` to read it in full, "
            "`refcoord apply next` to carry it out)"
        )


def show(
    what: Annotated[str, typer.Argument(help="'step'")],
    number: Annotated[int, typer.Argument(help="The step number.")],
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Preview the step's change as a diff.")
    ] = False,
    fmt: FormatOption = TextOrJson.text,
) -> None:
    """Print one step of the saved plan in full."""
    from refactor_coord.application.plan_files import saved_plan
    from refactor_coord.application.render_plan import render_step
    from refactor_coord.domain.errors import UsageError

    with user_errors(), json_errors(fmt is TextOrJson.json):
        if what != "step":
            raise UsageError(f"cannot show '{what}'; try `refcoord show step N`")
        root, cfg = open_repo(repo, config)
        saved = saved_plan(root, cfg)
        step = saved.step(number)
        if step is None:
            raise UsageError(f"the plan has no step {number}; steps are 1..{len(saved.steps)}")
        if fmt is TextOrJson.json:
            from refactor_coord.application.showing import step_json

            echo_json(step_json(root, cfg, saved, step, diff))
            return
        typer.echo(render_step(saved, step))
        if diff:
            from refactor_coord.application.apply import preview_step

            heading, text = preview_step(root, cfg, number)
            typer.echo(f"\n## Diff ({heading})\n")
            typer.echo(text or "(no changes)", nl=not text)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
