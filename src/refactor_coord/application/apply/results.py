"""What an applied step reports (pure): the checks it ran, as the PR description's last section
and as the JSON of ``refcoord apply --format json`` (keys documented in docs/apply.md)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from refactor_coord.adapters.test_runner import SuiteRun
from refactor_coord.analysis.runner_output import results
from refactor_coord.application.apply.formatting import FormatRun
from refactor_coord.domain.plan import Step


@dataclass(frozen=True, slots=True)
class LabelledRun:
    """One run of the step's tests, as its pattern asked for it (replace-dependency runs them
    once per backend): its label (empty: the plain run) and whether the step needed it green."""

    label: str
    run: SuiteRun
    required: bool = True


@dataclass(frozen=True, slots=True)
class Checks:
    """The checks a step went through before its commit."""

    test_command: tuple[str, ...]
    runs: tuple[LabelledRun, ...]  #: empty: not run (``--tests none``)
    lint_command: tuple[str, ...] | None  #: None: none configured
    lint: SuiteRun | None
    formatting: tuple[FormatRun, ...] = ()

    @property
    def tests(self) -> SuiteRun | None:
        """The first run of the tests (None: not run)."""
        return self.runs[0].run if self.runs else None


@dataclass(frozen=True, slots=True)
class Applied:
    """A step that was carried out and committed (or, for a dry run, previewed)."""

    step: Step
    diff: str
    branch: str | None
    commit: str | None  #: None for a dry run
    tests: SuiteRun | None
    pr_path: str | None
    notes: tuple[str, ...] = ()  #: what the user should check that refcoord could not
    checks: Checks | None = None  #: None for a dry run
    pr_body: str = ""  #: the PR description below its title: the plan's, then (applied) the checks
    log: str | None = None  #: the log of the step's lint and tests, relative to the repository


def command_line(command: Sequence[str], run: SuiteRun) -> str:
    """A command as the user would type it: the configured words (``python`` as written, not
    the interpreter path it runs with) followed by the files it was given."""
    return shlex.join([*command, *run.command[len(command) :]])


def counted(run: SuiteRun) -> str:
    """``12 passed, 1 skipped in 3.2 s`` (just the time when the output has no pytest counts)."""
    found = results(run.output).describe()
    return f"{found + ' ' if found else ''}in {run.seconds:.1f} s"


def outcome(run: SuiteRun) -> str:
    """``passed (12 passed, 1 skipped in 3.2 s)``; ``failed (exit code 1: 2 failed ...)``."""
    if run.passed:
        return f"passed ({counted(run)})"
    return f"failed (exit code {run.exit_code}: {counted(run)})"


def checks_section(checks: Checks) -> str:
    """The PR description's last section: tests, lint and formatting as apply ran them."""
    tests = [_test_line(checks.test_command, r) for r in checks.runs] or [
        "- Tests: not run (`--tests none`)"
    ]
    lint = (
        "none configured (`lint_command`)"
        if checks.lint_command is None or checks.lint is None
        else f"`{command_line(checks.lint_command, checks.lint)}`: {outcome(checks.lint)}"
    )
    formatting = [f"  - {run.describe()}" for run in checks.formatting] or [
        "  - no formatter or import sorter configured"
    ]
    lines = ["## Checks run by `refcoord apply`", "", *tests, f"- Lint: {lint}"]
    return "\n".join(["", *lines, "- Formatting:", *formatting, ""])


def _test_line(command: Sequence[str], labelled: LabelledRun) -> str:
    run = labelled.run
    label = f" ({labelled.label})" if labelled.label else ""
    python = f", with {run.python}" if run.python else ""
    optional = "" if run.passed or labelled.required else "; not required at this step"
    return f"- Tests{label}: `{command_line(command, run)}`: {outcome(run)}{python}{optional}"


def run_json(command: Sequence[str] | None, run: SuiteRun | None) -> dict[str, Any] | None:
    """A test or lint run: ``command`` as configured (with the files), ``result`` (passed or
    failed), ``exit_code``, ``counts`` (pytest's outcomes), ``seconds``, ``python``."""
    if command is None or run is None:
        return None
    return {
        "command": command_line(command, run),
        "result": "passed" if run.passed else "failed",
        "exit_code": run.exit_code,
        "counts": dict(results(run.output).counts),
        "seconds": round(run.seconds, 3),
        "python": run.python or None,
    }


def applied_json(done: Applied) -> dict[str, Any]:
    """``refcoord apply --format json``: see docs/apply.md."""
    checks = done.checks
    return {
        "step": done.step.number,
        "title": done.step.title,
        "phase": done.step.phase,
        "dry_run": done.commit is None,
        "branch": done.branch,
        "commit": done.commit,
        "pr": {"path": done.pr_path, "title": done.step.pr_title, "body": done.pr_body},
        "tests": run_json(checks.test_command, checks.tests) if checks else None,
        "test_runs": _runs_json(checks),
        "lint": run_json(checks.lint_command, checks.lint) if checks else None,
        "formatting": [
            {"tool": r.tool, "config": r.where, "changed": list(r.changed), "ran": not r.missing}
            for r in (checks.formatting if checks else ())
        ],
        "log": done.log,
        "notes": list(done.notes),
        "diff": done.diff,
    }


def _runs_json(checks: Checks | None) -> list[dict[str, Any]]:
    """Each run of the tests: its ``label``, whether it was ``required``, and the run."""
    if checks is None:
        return []
    return [
        {"label": r.label, "required": r.required, **(run_json(checks.test_command, r.run) or {})}
        for r in checks.runs
    ]
