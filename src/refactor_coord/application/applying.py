"""Use case: ``refcoord apply step N`` / ``apply next``.

Preflight (clean tree, plan consistent with the configuration and the code, prerequisites
applied) -> branch -> edits computed in memory by the step's codemod -> every rewritten Python
file parses and compiles -> all files written (or none: a failure or Ctrl-C puts every file
back) -> re-index to confirm the step's references are gone -> the step's tests in a subprocess
-> commit with trailers and the PR description. Any failure after the branch was made restores
the files, returns to the original branch and deletes the new one.
"""

from __future__ import annotations

import difflib
import os
import shlex
import stat
from collections.abc import Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.index_store import IndexStore, open_store, place
from refactor_coord.adapters.parallel import POOL_BYTES, default_workers, file_size, fork_map
from refactor_coord.adapters.source_files import encode_source, read_source
from refactor_coord.adapters.test_runner import SuiteRun, run_tests
from refactor_coord.analysis.project_version import find_project_version
from refactor_coord.application.indexing import CACHE_DIR, index_repository
from refactor_coord.application.plan_files import plan_dir, plan_uncommitted, saved_plan
from refactor_coord.codemods.outcome import Refused
from refactor_coord.codemods.shim import shim_table
from refactor_coord.codemods.steps import StepCodemod, StepInput, StepOutput, load_codemods
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import RefcoordError
from refactor_coord.domain.plan import Plan, Step, deprecation_test_path
from refactor_coord.domain.specs import describe
from refactor_coord.domain.versions import has_reached


class ApplyRefused(RefcoordError):
    """The step cannot be applied now; nothing was changed."""

    exit_code = 4


class ApplyFailed(RefcoordError):
    """The step was tried and undone (its tests failed, or its result was wrong)."""

    exit_code = 5


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


def choose_next(repo: Path, config: Config) -> int:
    """The lowest-numbered step that is not applied and whose prerequisites are."""
    plan = saved_plan(repo, config)
    number = plan.next_step(_applied(repo, config, plan))
    if number is not None:
        return number
    raise ApplyRefused(f"every step of campaign '{config.campaign.name}' is applied or done")


def apply_step(
    repo: Path,
    config: Config,
    number: int,
    *,
    branch: bool = True,
    tests: str | None = None,
    dry_run: bool = False,
    allow_dirty: bool = False,
) -> Applied:
    """Carry out step ``number``. Raises ApplyRefused (nothing changed) or ApplyFailed (undone)."""
    plan = saved_plan(repo, config)
    step = plan.step(number)
    if step is None:
        raise ApplyRefused(
            f"the plan has no step {number}; steps are 1..{max(s.number for s in plan.steps)}"
        )
    index_repository(repo, config, cycles=False)
    modules = _module_index(repo)
    _preflight(repo, config, plan, step, allow_dirty or dry_run, modules)
    notes = _check_removal_version(repo, plan, step, modules, preview=dry_run)
    changes = _compute(repo, plan, step, modules)
    diff = unified_diff(repo, changes)
    if allow_dirty:
        _check_dirty_untouched(repo, step, changes)
    if dry_run:
        return Applied(step, diff, None, None, None, None, notes)
    if not changes:
        raise ApplyRefused(_nothing_to_change(step))
    done = _carry_out(
        repo, config, plan, step, changes, diff, branch, tests or config.campaign.tests
    )
    return replace(done, notes=notes)


def preview_step(repo: Path, config: Config, number: int) -> tuple[str, str]:
    """What step ``number`` changes, as (a heading, the unified diff): the diff of its commit
    once applied, else the dry run of ``apply`` (which refuses, with the reason, when the step
    cannot be computed yet, e.g. before its prerequisites are applied)."""
    plan = saved_plan(repo, config)
    if plan.step(number) is not None and git_repo.is_repository(repo):
        sha = git_repo.step_commit(repo, config.campaign.name, number)
        if sha is not None and number in git_repo.applied_steps(repo, config.campaign.name):
            return f"applied in commit {sha[:10]}", git_repo.commit_diff(repo, sha)
    preview = apply_step(repo, config, number, dry_run=True)
    return "; ".join(
        ["not applied yet; this is what `refcoord apply` would change", *preview.notes]
    ), preview.diff


def _applied(repo: Path, config: Config, plan: Plan) -> set[int]:
    done = {s.number for s in plan.steps if s.status == "done"}
    return done | set(git_repo.applied_steps(repo, config.campaign.name))


def uncommitted(
    dirty: Sequence[str], plan_files: Sequence[str], override: str | None = None
) -> str:
    """Why a tree with these uncommitted paths is refused, and the fix (``plan_files``: those of
    them that are the campaign's plan)."""
    listed = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
    if set(dirty) <= set(plan_files):
        return (
            f"the plan is not committed ({listed}): commit it first (`git add .refcoord && git commit -m "
            "'refcoord plan'`); each step's commit builds on it"
        )
    return f"the working tree has uncommitted changes ({listed}); commit or stash them" + (
        f" (or pass {override})" if override else ""
    )


def _preflight(
    repo: Path, config: Config, plan: Plan, step: Step, allow_dirty: bool, modules: _Modules
) -> None:
    if not git_repo.is_repository(repo):
        raise ApplyRefused(
            f"{repo} is not the top of a git repository with a commit; apply commits each step"
        )
    if not allow_dirty:
        dirty = git_repo.dirty_paths(repo)
        if dirty:
            raise ApplyRefused(uncommitted(dirty, plan_uncommitted(repo, config), "--allow-dirty"))
    spec = next((r for r in config.refactors if r.id == step.refactor), None)
    summary = next((r for r in plan.refactors if r.id == step.refactor), None)
    if spec is None or summary is None or describe(spec) != summary.description:
        raise ApplyRefused(
            f"the plan is stale: refactoring '{step.refactor}' changed in {config.source} since "
            "it was planned; run `refcoord plan`"
        )
    for key, planned, now in (
        ("remove_in", plan.remove_in, config.campaign.remove_in),
        ("warn", plan.warn, config.campaign.warn),
    ):
        if planned != now:
            raise ApplyRefused(
                f"the plan is stale: [campaign] {key} is {now!r} in {config.source} but {planned!r} "
                "in the plan (the shims' warnings and the contract step follow it); run `refcoord plan`"
            )
    applied = _applied(repo, config, plan)
    if step.number in applied:
        raise ApplyRefused(f"step {step.number} is already applied (or has nothing left to do)")
    missing = [d for d in step.depends_on if d not in applied]
    if missing:
        before = sorted(plan.prerequisites(step.number) - applied)
        needs = {s.number: s.depends_on for s in plan.steps}
        first = next(
            (n for n in before if all(d in applied for d in needs.get(n, ()))), missing[0]
        )
        also = [n for n in before if n not in missing]
        raise ApplyRefused(
            f"step {step.number} needs step(s) {', '.join(map(str, missing))} first"
            + (f", which need(s) {', '.join(map(str, also))}" if also else "")
            + f"; run `refcoord apply step {first}`"
        )
    if spec.kind != "extract-module":
        raise ApplyRefused(
            f"applying {spec.kind} steps is not built yet (extract-module steps are)"
        )
    _check_sites_current(repo, config, step)
    if step.phase == "contract":
        _check_nothing_left(repo, step, modules)


def _check_dirty_untouched(repo: Path, step: Step, changes: Mapping[str, str | None]) -> None:
    """``--allow-dirty`` leaves unrelated uncommitted work alone; an uncommitted edit in a file
    the step writes would be folded into its commit (and reverted with it on rollback)."""
    both = sorted(set(git_repo.dirty_paths(repo)) & set(changes))
    if both:
        raise ApplyRefused(
            f"step {step.number} writes {', '.join(both)}, which has uncommitted changes: they "
            "would go into the step's commit; commit or stash them first"
        )


def _nothing_to_change(step: Step) -> str:
    """Why a step whose computed change is empty is not committed, and what to do instead."""
    head = f"step {step.number} changes nothing in the code, so there is nothing to commit"
    if step.review:
        shown = ", ".join(f"{s.path}:{s.line}" for s in step.review[:5]) + (
            " ..." if len(step.review) > 5 else ""
        )
        return (
            f"{head}: its sites are for manual review ({shown}); change them by hand and commit, "
            "then `refcoord plan` marks the step done"
        )
    return (
        f"{head}: its files no longer hold references to rewrite; `refcoord plan` marks the step done "
        "(or, if it stays planned, its references are in a form the codemod does not rewrite: "
        "change them by hand)"
    )


def command_line(command: Sequence[str], run: SuiteRun) -> str:
    """The test command as the user would type it: the configured words (``python`` as written,
    not the interpreter path it runs with) followed by the test files."""
    return shlex.join([*command, *run.command[len(command) :]])


def _check_nothing_left(repo: Path, step: Step, modules: _Modules) -> None:
    """The shim goes only once no code refers to the old location any more (the step's own
    files, the source and the deprecation test, are what it changes)."""
    names = _moved_from(repo, step, modules)
    changed = {*step.files, _test_path_of(step)}
    store, _ = open_store(repo / CACHE_DIR)
    try:
        left = sorted(
            {
                f"{r[2]}:{r[3]} ({r[1]})"
                for name in names
                for r in store.references_written(name)
                if str(r[2]) not in changed
            }
        )
    finally:
        store.close()
    if left:
        shown = ", ".join(left[:8]) + (f" and {len(left) - 8} more" if len(left) > 8 else "")
        raise ApplyRefused(
            f"step {step.number} removes the shim, but the old location is still used: {shown}; "
            "migrate those first (`refcoord plan` adds steps for them)"
        )


def _check_removal_version(
    repo: Path, plan: Plan, step: Step, modules: _Modules, *, preview: bool = False
) -> tuple[str, ...]:
    """With ``remove_in`` set, a contract step waits until the project's own version reaches it
    (the removal the deprecation warnings announced). Returns a note for the user when no file
    states the version (it is computed at build time): refcoord cannot check it then. A preview
    (a dry run) of a step that must wait gets a note instead of the refusal."""
    if step.phase != "contract" or plan.remove_in is None:
        return ()
    top = str(dict(step.codemod.args).get("source", "")).split(".")[0]
    found = find_project_version(lambda path: read_source(repo / path), modules.paths.get(top))
    reached = None if found is None else has_reached(found.version, plan.remove_in)
    if found is None or reached is None:
        why = (
            "no file states the project's version (pyproject.toml, setup.cfg, setup.py, __version__)"
            if found is None
            else f"the project's version {found.version!r} ({found.where}) is not a PEP 440 version"
        )
        return (
            f'remove_in = "{plan.remove_in}", but {why}: release this step only in {plan.remove_in} or later',
        )
    if not reached:
        why = (
            f"step {step.number} removes the shim, which the deprecation announced for version {plan.remove_in}; "
            f"the project is at {found.version} ({found.where})"
        )
        if preview:
            return (f"{why}: apply refuses it until then",)
        raise ApplyRefused(
            f"{why}. Apply it once the version reaches {plan.remove_in}, or set an earlier "
            "remove_in and run `refcoord plan`"
        )
    return ()


def _check_sites_current(repo: Path, config: Config, step: Step) -> None:
    """A migrate step's files must hold references where the plan saw the ones it rewrites.

    Compared by position (file, line, column), whatever they resolve to now: the expand step
    makes the old names lead to the new module, and a site reached through a re-export is not
    spelled with the old name. A site whose position holds no reference any more means the
    file's code changed since the plan was made.
    """
    if step.phase != "migrate":
        return
    planned = {(s.path, s.line, s.col) for s in step.sites if s.action == "rewrite"}
    store, _ = open_store(repo / CACHE_DIR)
    try:
        now = {place(r) for r in store.references_in(sorted({p for p, _, _ in planned}))}
    finally:
        store.close()
    moved = sorted(planned - now)
    if moved:
        where = ", ".join(f"{p}:{line}" for p, line, _ in moved[:3]) + (
            " ..." if len(moved) > 3 else ""
        )
        raise ApplyRefused(
            f"the plan is stale: the code of step {step.number}'s files changed since it was "
            f"planned (no reference any more at {where}); run `refcoord plan`"
        )


def _moved_from(repo: Path, step: Step, modules: _Modules) -> list[str]:
    """The old locations of everything the expand step moved, private helpers included (the
    shim's table in the source), else of the refactoring's symbols."""
    source = str(dict(step.codemod.args).get("source", ""))
    path = modules.paths.get(source)
    table = shim_table(read_source(repo / path) or "") if path else None
    return [f"{source}.{name}" for name in sorted(table)] if table else _old_names(step)


def _test_path_of(step: Step) -> str:
    """The refactoring's deprecation test (plans made before it was listed among the files too)."""
    return deprecation_test_path(step.tests, step.refactor, step.files)


def _old_names(step: Step) -> list[str]:
    args = dict(step.codemod.args)
    return [f"{args['source']}.{s}" for s in args.get("symbols", "").split(",") if s]


class _Modules(NamedTuple):
    """The repository's modules, from the index as the preflight brought it up to date."""

    by_path: dict[str, tuple[str, bool]]  #: path -> (module, is_package)
    paths: dict[str, str]  #: module -> path


def _module_index(repo: Path) -> _Modules:
    store, _ = open_store(repo / CACHE_DIR)
    try:
        rows = [r for r in store.files().values() if r.status == "ok"]
    finally:
        store.close()
    return _Modules(
        {r.path: (r.module, r.is_package) for r in rows}, {r.module: r.path for r in rows}
    )


def _compute(repo: Path, plan: Plan, step: Step, index: _Modules) -> StepOutput:
    codemods = load_codemods(repo)
    codemod = codemods.get(step.codemod.id)
    if codemod is None:
        raise ApplyRefused(
            f"no codemod '{step.codemod.id}' (known: {', '.join(sorted(codemods))})"
        )
    modules, paths = index

    def read(path: str) -> str | None:
        return read_source(repo / path)

    def module_of(path: str) -> tuple[str, bool]:
        if path in modules:
            return modules[path]
        return path.removesuffix(".py").removeprefix("src/").replace("/", "."), False

    used = _UsedElsewhere(repo)
    given = StepInput(
        step, plan.campaign, plan.remove_in, plan.warn, read, module_of, paths.get, used
    )
    try:
        result = _run_codemod(codemod, given, repo)
    finally:
        used.close()
    if isinstance(result, Refused):
        raise ApplyRefused(f"step {step.number} cannot be applied: {result.reason}")
    changed = {p: t for p, t in result.items() if t != read(p)}
    for path, text in changed.items():
        if text is not None and path.endswith(".py"):
            try:
                compile(text, path, "exec", dont_inherit=True)
            except SyntaxError as error:
                raise ApplyRefused(
                    f"step {step.number} would leave {path} unable to compile "
                    f"(line {error.lineno}: {error.msg}); nothing was written"
                ) from None
    return changed


class _UsedElsewhere:
    """(qualified name, path) -> whether code outside that file refers to the name: the index,
    opened on the first question (most codemods ask none) and each answer kept."""

    def __init__(self, repo: Path) -> None:
        self._repo = repo
        self._store: IndexStore | None = None
        self._answers: dict[tuple[str, str], bool] = {}

    def __call__(self, qname: str, path: str) -> bool:
        if (qname, path) not in self._answers:
            if self._store is None:
                self._store, _ = open_store(self._repo / CACHE_DIR)
            self._answers[qname, path] = any(
                str(r[2]) != path for r in self._store.references_to(qname)
            )
        return self._answers[qname, path]

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _run_codemod(codemod: type[StepCodemod], given: StepInput, repo: Path) -> StepOutput | Refused:
    """The codemod's output; a per-file codemod on large files runs on forked workers, each on
    its share of the step's files (largest first, dealt in turn)."""
    sizes = {f: file_size(repo / f) for f in given.step.files}
    files = sorted(sizes, key=lambda f: -sizes[f])
    workers = min(default_workers(), len(files))
    if not codemod.PER_FILE or workers < 2 or sum(sizes.values()) < POOL_BYTES:
        return codemod().apply(given)

    def share(number: int) -> StepOutput | Refused:
        return codemod().apply(
            replace(given, step=replace(given.step, files=tuple(files[number::workers])))
        )

    try:
        found = fork_map(share, workers)
    except BrokenProcessPool:  # a worker died (out of memory?): the work is pure, do it here
        found = None
    if found is None:
        return codemod().apply(given)
    merged: StepOutput = {}
    for part in found:
        if isinstance(part, Refused):
            return part
        merged.update(part)
    return merged


def unified_diff(repo: Path, changes: Mapping[str, str | None]) -> str:
    """The change as a unified diff (``a/`` and ``b/`` prefixes, like git)."""
    parts: list[str] = []
    for path in sorted(changes):
        old_file = repo / path
        old = read_source(old_file) or ""
        new = changes[path] or ""
        parts += difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"a/{path}" if old_file.is_file() else "/dev/null",
            f"b/{path}" if changes[path] is not None else "/dev/null",
        )
    return "".join(parts)


#: A file as it was before a step: its bytes and permission bits, or None when it did not exist.
Original = tuple[bytes, int] | None


def write_all(repo: Path, changes: Mapping[str, str | None]) -> dict[str, Original]:
    """Write every change or none. Returns the originals. A rewritten file keeps its permission
    bits (an executable script stays executable)."""
    originals: dict[str, Original] = {}
    for path in changes:
        file = repo / path
        originals[path] = (
            (file.read_bytes(), stat.S_IMODE(file.stat().st_mode)) if file.is_file() else None
        )
    try:
        for path, text in changes.items():
            file = repo / path
            if text is None:
                file.unlink(missing_ok=True)
                continue
            original = originals[path]
            _replace(
                file,
                encode_source(text, original[0] if original else None),
                original[1] if original else None,
            )
    except BaseException:
        restore(repo, originals)
        raise
    return originals


def _replace(file: Path, data: bytes, mode: int | None) -> None:
    """Put ``data`` in ``file`` through a scratch file renamed over it (``mode``: its bits)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    scratch = file.with_name(f".{file.name}.refcoord-tmp")
    scratch.write_bytes(data)
    if mode is not None:
        os.chmod(scratch, mode)
    os.replace(scratch, file)


def restore(repo: Path, originals: Mapping[str, Original]) -> None:
    """Put files back as they were, permission bits included."""
    for path, original in originals.items():
        file = repo / path
        file.with_name(f".{file.name}.refcoord-tmp").unlink(missing_ok=True)
        if original is None:
            file.unlink(missing_ok=True)
        else:
            _replace(file, *original)


def _carry_out(
    repo: Path,
    config: Config,
    plan: Plan,
    step: Step,
    changes: StepOutput,
    diff: str,
    branch: bool,
    tests: str,
) -> Applied:
    start = git_repo.current_branch(repo)
    name = f"refcoord/{plan.campaign}/step-{step.number}" if branch else None
    if name is not None:
        if git_repo.branch_exists(repo, name):
            raise ApplyRefused(
                f"branch {name} already exists (left by an earlier apply of this step, rolled back "
                f"since?); delete it (`git branch -D {name}`) or apply with --no-branch"
            )
        git_repo.create_branch(repo, name)
    originals: dict[str, Original] = {}
    try:
        originals = write_all(repo, changes)
        _confirm(repo, config, step)
        run = _tests(repo, config, step, tests)
        if run is not None and not run.passed:
            raise ApplyFailed(
                f"step {step.number}'s tests failed ({command_line(config.campaign.test_command, run)}); "
                f"everything was put back\n{run.output}"
            )
        pr = _write_pr(repo, config, step)
        sha = git_repo.commit_paths(repo, [*changes, pr], _message(plan, step))
    except BaseException:
        restore(repo, originals)
        if name is not None and start is not None:
            git_repo.checkout(repo, start)
            git_repo.delete_branch(repo, name)
        raise
    return Applied(step, diff, name, sha, run, pr)


def _confirm(repo: Path, config: Config, step: Step) -> None:
    """Re-index: the references the step rewrites must be gone from its files."""
    if step.phase != "migrate":
        return
    index_repository(repo, config, cycles=False)
    store, _ = open_store(repo / CACHE_DIR)
    try:
        planned = {(s.path, s.line) for s in step.sites if s.action == "rewrite"}
        left = [
            f"{r[2]}:{r[3]}"
            for t in _old_names(step)
            for r in store.references_written(t)
            if (str(r[2]), r[3]) in planned
        ]
    finally:
        store.close()
    if left:
        raise ApplyFailed(
            f"step {step.number} left references it should have rewritten ({', '.join(left[:5])}); "
            "everything was put back"
        )


def _tests(repo: Path, config: Config, step: Step, mode: str) -> SuiteRun | None:
    if mode == "none":
        return None
    # "affected" with no test file importing the touched modules runs the whole suite: a step
    # is never committed untested because its tests could not be told apart.
    files = [] if mode == "all" else [t for t in step.tests if (repo / t).is_file()]
    return run_tests(repo, config.campaign.test_command, files)


def _write_pr(repo: Path, config: Config, step: Step) -> str:
    path = plan_dir(repo, config) / "pr" / f"step-{step.number}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {step.pr_title}\n\n{step.pr_body}", encoding="utf-8")
    return str(path.relative_to(repo))


def _message(plan: Plan, step: Step) -> str:
    return (
        f"{step.pr_title}\n\n{step.title}.\n\n"
        f"Refcoord-Campaign: {plan.campaign}\nRefcoord-Step: {step.number}\nRefcoord-Phase: {step.phase}\n"
    )
