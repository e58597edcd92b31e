"""The step's Python files run through the project's own formatters and import sorters (those its
configuration names: :mod:`refactor_coord.analysis.formatters`), in memory, before anything is
written, then compiled again: a tool that fails, or leaves a file that does not compile, stops
the step with nothing written. A tool runs with the project's interpreter, else from ``PATH``.
A file the tool would have changed as it was before the step (not formatted with it) is left as
the step wrote it: a refactoring's diff does not reformat a whole file. A configured tool found
neither way is left out, with a note saying so (the step is still checked by its tests and
``lint_command``)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from refactor_coord.adapters.formatter_runner import config_texts, format_text, tool_commands
from refactor_coord.adapters.test_runner import project_python
from refactor_coord.analysis.formatters import Formatter, configured_formatters
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.apply.progress import Reporter
from refactor_coord.domain.errors import ApplyFailed
from refactor_coord.rewrite.rewrap import long_new_lines, rewrapped
from refactor_coord.rewrite.step import StepOutput
from refactor_coord.rewrite.style import project_style

#: Files formatted at the same time (subprocesses, each mostly the tool's start-up).
_AT_ONCE = 4


@dataclass(frozen=True, slots=True)
class FormatRun:
    """What one configured tool did to the step's files."""

    tool: str  #: isort, ruff (fixes), black, ruff format
    where: str  #: where the project configures it
    changed: tuple[str, ...] = ()  #: the files it changed
    missing: str = ""  #: not run: the interpreter (and why that one) that lacks it
    #: left as the step wrote them: the tool would have changed them as they were before
    unformatted: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line: the tool, where it is configured, and what it did."""
        if self.missing:
            return f"{self.tool} ({self.where}): not run, not installed: {self.missing}"
        left = (
            f"; left {', '.join(self.unformatted)} as written (not formatted with it before)"
            if self.unformatted
            else ""
        )
        return f"{self.tool} ({self.where}): changed {', '.join(self.changed) or 'nothing'}{left}"

    def note(self) -> str | None:
        """What the user should know (a tool that was not run), else None."""
        if not self.missing:
            return None
        return (
            f"{self.tool} is configured ({self.where}) but not installed ({self.missing}), so "
            f"the step's files were not run through it; install it to have them formatted"
        )


def format_changes(
    job: StepJob, changes: StepOutput, report: Reporter
) -> tuple[StepOutput, tuple[FormatRun, ...]]:
    """The step's changes with every written Python file formatted by the project's tools, and
    what each tool did; in a file no formatter of the project's formatted (none ran, or each
    left it as written: it was not formatted with it before), the statements the step wrote
    past the line length its linter checks are wrapped (:mod:`refactor_coord.rewrite.rewrap`).
    Files brought back to what they were drop out of the change."""
    files = sorted(p for p, t in changes.items() if t is not None and p.endswith((".py", ".pyi")))
    if not files:
        return changes, ()
    tools = configured_formatters(config_texts(job.repo))
    texts = dict(changes)
    runs = _run_tools(job, tools, files, texts, report) if tools else []
    formatted = {
        f for r in runs if r.tool in _FORMATTERS and not r.missing for f in files
        if f not in r.unformatted
    }  # fmt: skip
    unwrapped = [f for f in files if f not in formatted]
    if unwrapped:
        runs += _rewrap(job, unwrapped, texts, report)
    ran = [r.tool for r in runs if not r.missing]
    for path in files:
        _check_compiles(job, path, texts[path], ran)
    return {p: t for p, t in texts.items() if t != job.read(p)}, tuple(runs)


#: The tools that wrap long lines themselves.
_FORMATTERS = ("black", "ruff format")
_REWRAP = "black, on the lines the step made too long"


def _run_tools(
    job: StepJob,
    tools: tuple[Formatter, ...],
    files: list[str],
    texts: StepOutput,
    report: Reporter,
) -> list[FormatRun]:
    python, why = project_python(job.repo)
    commands = tool_commands(job.repo, python, {t.module for t in tools})
    runs: list[FormatRun] = []
    for tool in tools:
        if tool.module not in commands:
            where = f"not importable by {python} ({why}), no {tool.module} command on PATH"
            runs.append(FormatRun(tool.name, tool.where, missing=where))
            continue
        shown = f"{len(files)} files" if len(files) > 1 else files[0]
        report.stage(f"formatting {shown} with {tool.name}")
        runs.append(_run(job, commands[tool.module], tool, files, texts))
    return runs


def _rewrap(
    job: StepJob, files: list[str], texts: StepOutput, report: Reporter
) -> list[FormatRun]:
    """Where the project's linter checks line length and no formatter of its own ran: the
    statements the step wrote past it (lines none of the step's files held before) wrapped."""
    style = project_style(job.read, job.modules.paths.get, job.lint_rules)
    if style.checks("E501") is not True:
        return []
    known = {line for p in texts for line in (job.read(p) or "").splitlines()}
    changed: list[str] = []
    for path in files:
        text = texts[path] or ""
        long = long_new_lines(text, style.line_length, known)
        if long:
            report.stage(f"wrapping {len(long)} long line(s) of {path}")
            new = rewrapped(text, long, style.line_length)
            if new != text:
                texts[path] = new
                changed.append(path)
    where = f"no formatter configured; {style.linter} checks E501 at {style.line_length} columns"
    return [FormatRun(_REWRAP, where, tuple(changed))] if changed else []


def _run(
    job: StepJob, command: tuple[str, ...], tool: Formatter, files: list[str], texts: StepOutput
) -> FormatRun:
    """Run ``tool`` on each file of ``texts`` (updated in place) and on what the file was before
    the step, a few at a time (each run is a subprocess, mostly the tool's start-up)."""
    before = {p: t for p in files if (t := job.read(p))}
    work = [(p, texts[p] or "") for p in files] + list(before.items())
    with ThreadPoolExecutor(max_workers=_AT_ONCE) as pool:
        done = list(pool.map(lambda w: format_text(job.repo, command, tool, *w), work))
    after = dict(zip(files, done[: len(files)], strict=True))
    was = dict(zip(before, done[len(files) :], strict=True))
    changed: list[str] = []
    unformatted: list[str] = []
    for path, result in after.items():
        text = texts[path] or ""
        if result.text is None:
            raise ApplyFailed(
                f"step {job.step.number}: {tool.name} ({tool.where}) could not format {path}: "
                f"{result.error}; nothing was written (run `{' '.join(command)}` in the "
                "repository to see why; fix its configuration or the tool's version)"
            )
        if path in was and was[path].text != before[path]:
            unformatted.append(path)
        elif result.text != text:
            changed.append(path)
            texts[path] = result.text
    return FormatRun(tool.name, tool.where, tuple(changed), unformatted=tuple(unformatted))


def _check_compiles(job: StepJob, path: str, text: str | None, tools: list[str]) -> None:
    try:
        compile(text or "", path, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise ApplyFailed(
            f"step {job.step.number}: after {', '.join(tools)}, {path} does not compile "
            f"(line {error.lineno}: {error.msg}); nothing was written"
        ) from None
