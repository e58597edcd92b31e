"""``refcoord apply step N | next`` and ``refcoord rollback step N``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from refactor_coord.cli._common import (
    ConfigOption,
    FormatOption,
    RepoOption,
    StderrReporter,
    TextOrJson,
    echo_json,
    json_errors,
    open_repo,
    user_errors,
)

if TYPE_CHECKING:
    from refactor_coord.application.apply import Applied

#: One line, unlike a wrapped docstring: typer keeps a docstring's line breaks in the command list.
APPLY_HELP = (
    "Carry out one step on its own branch: edit, format, lint, test, commit, write the PR "
    "description."
)


APPLY_EPILOG = (
    "Exit codes: 0 applied (or previewed); 2 bad input; 4 refused, nothing changed; 5 tried and "
    "undone (tests, lint or formatting failed; the log under .refcoord/ is named); 6 git; 7 "
    "nothing left to apply (apply next: every step is applied or done)."
)


def apply(
    what: Annotated[str, typer.Argument(help="'step' (then N) or 'next'")],
    number: Annotated[int | None, typer.Argument(help="The step number.")] = None,
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    no_branch: Annotated[
        bool, typer.Option("--no-branch", help="Commit on the current branch.")
    ] = False,
    tests: Annotated[
        str | None,
        typer.Option("--tests", help="affected, all or none (default: the configuration's)"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the diff; change nothing.")
    ] = False,
    allow_dirty: Annotated[
        bool, typer.Option("--allow-dirty", help="Apply on a tree with uncommitted changes.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Apply a contract step though refcoord cannot tell the project's version "
            "(you know remove_in is released).",
        ),
    ] = False,
    reviewed: Annotated[
        bool,
        typer.Option(
            "--reviewed",
            help="Apply a deprecate or contract step though uses of the old name's name on "
            "receivers of unknown type are left (you checked those the plan lists: none is "
            "the old name's).",
        ),
    ] = False,
    fmt: FormatOption = TextOrJson.text,
) -> None:
    """Carry out one step on its own branch (the help text is ``APPLY_HELP``, the exit codes
    ``APPLY_EPILOG``). Progress goes to stderr; the result to stdout, as text or JSON."""
    from refactor_coord.application.apply import apply_step, choose_next
    from refactor_coord.domain.errors import UsageError

    with user_errors(), json_errors(fmt is TextOrJson.json):
        root, cfg = open_repo(repo, config)
        if tests is not None and tests not in ("affected", "all", "none"):
            raise UsageError(f"--tests {tests}: valid values are affected, all, none")
        if what == "next":
            number = choose_next(root, cfg)
        elif what != "step" or number is None:
            raise UsageError("say `refcoord apply step N` or `refcoord apply next`")
        reporter = StderrReporter()
        try:
            result = apply_step(
                root,
                cfg,
                number,
                branch=not no_branch,
                tests=tests,
                dry_run=dry_run,
                allow_dirty=allow_dirty,
                force=force,
                reviewed=reviewed,
                report=reporter,
            )
        finally:
            reporter.done()
    for note in result.notes:
        typer.echo(f"refcoord: note: {note}", err=True)
    if fmt is TextOrJson.json:
        from refactor_coord.application.apply.results import applied_json

        echo_json(applied_json(result))
    elif dry_run:
        typer.echo(result.diff or f"step {number} changes nothing", nl=not result.diff)
    else:
        _print_applied(result)


def _print_applied(result: Applied) -> None:
    """What ``apply`` did, one fact a line."""
    from refactor_coord.application.apply.results import command_line, counted

    typer.echo(f"applied step {result.step.number}: {result.step.title}")
    if result.branch:
        typer.echo(f"branch   {result.branch}")
    typer.echo(f"commit   {result.commit}")
    checks = result.checks
    for run in checks.formatting if checks else ():
        typer.echo(f"format   {run.describe()}")
    if checks is not None and checks.lint_command is not None and checks.lint is not None:
        lint = checks.lint
        typer.echo(f"lint     passed ({command_line(checks.lint_command, lint)}): {counted(lint)}")
    for labelled in checks.runs if checks else ():
        done = labelled.run
        which = f" [{labelled.label}]" if labelled.label else ""
        command = command_line(checks.test_command if checks else (), done)
        verdict = "passed" if done.passed else f"FAILED, exit code {done.exit_code}"
        typer.echo(f"tests    {verdict}{which} ({command}): {counted(done)}")
    if result.tests is not None and result.tests.python:
        typer.echo(f"python   {result.tests.python}")
    if result.log:
        typer.echo(f"log      {result.log}")
    typer.echo(f"PR       {result.pr_path}")


def rollback(
    what: Annotated[str, typer.Argument(help="'step'")],
    number: Annotated[int, typer.Argument(help="The step number.")],
    repo: RepoOption = Path("."),
    config: ConfigOption = None,
    cascade: Annotated[
        bool, typer.Option("--cascade", help="Revert applied steps that build on it first.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be reverted; change nothing.")
    ] = False,
    fmt: FormatOption = TextOrJson.text,
) -> None:
    """Revert a step's commit, after checking that no applied step depends on it."""
    from refactor_coord.application.rolling_back import rollback_step
    from refactor_coord.domain.errors import UsageError

    with user_errors(), json_errors(fmt is TextOrJson.json):
        if what != "step":
            raise UsageError("say `refcoord rollback step N`")
        root, cfg = open_repo(repo, config)
        done = rollback_step(root, cfg, number, cascade=cascade, dry_run=dry_run)
    if fmt is TextOrJson.json:
        echo_json(
            {
                "dry_run": dry_run,
                "reverted": [
                    {"step": r.number, "commit": r.commit, "revert": r.revert} for r in done
                ],
            }
        )
        return
    for r in done:
        verb = "would revert" if dry_run else "reverted"
        typer.echo(
            f"{verb} step {r.number} ({r.commit[:10]})"
            + (f" in {r.revert[:10]}" if r.revert else "")
        )
