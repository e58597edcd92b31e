"""A step's change computed in memory: the codemod's output (on forked workers for a per-file
codemod on large files), every rewritten Python file compiled before anything is written."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from refactor_coord.adapters.index_store import IndexStore, open_store
from refactor_coord.adapters.parallel import POOL_BYTES, default_workers, file_size, fork_map
from refactor_coord.adapters.project_env import ProjectEnvironment
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.doctest_calls import doctest_calls
from refactor_coord.application.indexing import CACHE_DIR
from refactor_coord.application.loose_calls import loose_calls
from refactor_coord.application.references import is_member, reference_from_row
from refactor_coord.domain.errors import ApplyRefused, PrerequisiteMissing
from refactor_coord.domain.facts import Reference
from refactor_coord.domain.test_runners import TestStyle, runner_of, style_of_tests
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.step import StepInput, StepOutput


def compute_changes(job: StepJob) -> StepOutput:
    """The files the step changes (path -> new text, None: deleted), each different from now."""
    index = _IndexQuestions(job)
    environment = ProjectEnvironment(job.repo)
    given = StepInput(
        job.step,
        job.plan.campaign,
        job.plan.remove_in,
        job.plan.warn,
        job.read,
        lambda path: _module_of(job, path),
        job.modules.paths.get,
        index.used_elsewhere,
        job.lint_rules,
        index.sites,
        environment.resolves,
        environment.distribution_of,
        _style_of_tests(job),
    )
    try:
        result = _run_codemod(job, given)
    finally:
        index.close()
    if isinstance(result, Refused):
        refused = PrerequisiteMissing if result.prerequisite else ApplyRefused
        raise refused(f"step {job.step.number} cannot be applied: {result.reason}")
    changed = {p: t for p, t in result.items() if t != job.read(p)}
    for path, text in changed.items():
        if text is not None and path.endswith(".py"):
            _check_compiles(job, path, text)
    return changed


def _module_of(job: StepJob, path: str) -> tuple[str, bool]:
    if path in job.modules.by_path:
        return job.modules.by_path[path]
    return path.removesuffix(".py").removeprefix("src/").replace("/", "."), False


def _style_of_tests(job: StepJob) -> TestStyle:
    """The project's test style, from its test command; for a command refcoord does not know
    (tox, make, a script), from whether pytest is configured or used by a test module."""
    command = job.config.campaign.test_command
    return style_of_tests(command, runner_of(command) == "other" and _uses_pytest(job))


#: (file, what in it says pytest is configured)
_PYTEST_CONFIG = (
    ("pytest.ini", ""),
    ("pyproject.toml", "[tool.pytest"),
    ("setup.cfg", "[tool:pytest]"),
    ("tox.ini", "[pytest]"),
)


def _uses_pytest(job: StepJob) -> bool:
    for name, section in _PYTEST_CONFIG:
        text = job.read(name)
        if text is not None and section in text:
            return True
    tests = [p for p in job.modules.by_path if _is_test_module(p)]
    return any("pytest" in (job.read(p) or "") for p in tests)


def _is_test_module(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def _check_compiles(job: StepJob, path: str, text: str) -> None:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise ApplyRefused(
            f"step {job.step.number} would leave {path} unable to compile "
            f"(line {error.lineno}: {error.msg}); nothing was written"
        ) from None


class _IndexQuestions:
    """What codemods ask the index (most ask nothing): opened on the first question, in the
    process that asks it (a forked worker opens its own), and each answer kept."""

    def __init__(self, job: StepJob) -> None:
        self._repo = job.repo
        self._files = frozenset(job.step.files)
        self._store: IndexStore | None = None
        self._pid = 0
        self._used: dict[tuple[str, str], bool] = {}
        self._sites: dict[str, tuple[Reference, ...]] = {}

    def _open(self) -> IndexStore:
        if self._store is None or self._pid != os.getpid():
            self._store, _ = open_store(self._repo / CACHE_DIR)
            self._pid = os.getpid()
        return self._store

    def used_elsewhere(self, qname: str, path: str) -> bool:
        """Whether code outside ``path`` refers to ``qname`` (reads it, patches it, swaps it):
        by target (a private helper), or as written (a name the source imports from elsewhere
        leads there, but ``utils.strip_styles = fake`` is spelled through it)."""
        if (qname, path) not in self._used:
            store = self._open()
            rows = [*store.references_to(qname), *store.references_written(qname)]
            self._used[qname, path] = any(str(r[2]) != path for r in rows)
        return self._used[qname, path]

    def sites(self, qname: str) -> tuple[Reference, ...]:
        """The references the index proves lead to ``qname`` (high or medium confidence), and,
        for a method or a class attribute, the uses on receivers the index cannot type that
        jedi proves are its,
        in code and in doctest examples."""
        if qname not in self._sites:
            store = self._open()
            found = [*map(reference_from_row, store.references_to(qname))]
            if is_member(store, qname):
                found += loose_calls(self._repo, store, qname, paths=self._files).proven
                found += doctest_calls(self._repo, store, qname, paths=self._files).proven
            self._sites[qname] = tuple(r for r in found if r.confidence in ("high", "medium"))
        return self._sites[qname]

    def close(self) -> None:
        if self._store is not None and self._pid == os.getpid():
            self._store.close()


def _run_codemod(job: StepJob, given: StepInput) -> StepOutput | Refused:
    """The codemod's output; a per-file codemod on large files runs on forked workers, each on
    its share of the step's files (largest first, dealt in turn)."""
    codemod, args = job.codemod, job.args
    sizes = {f: file_size(job.repo / f) for f in given.step.files}
    files = sorted(sizes, key=lambda f: -sizes[f])
    workers = min(default_workers(), len(files))
    if not codemod.PER_FILE or workers < 2 or sum(sizes.values()) < POOL_BYTES:
        return codemod().apply(given, args)

    def share(number: int) -> StepOutput | Refused:
        part = replace(given.step, files=tuple(files[number::workers]))
        return codemod().apply(replace(given, step=part), args)

    try:
        found = fork_map(share, workers)
    except BrokenProcessPool:  # a worker died (out of memory?): the work is pure, do it here
        found = None
    if found is None:
        return codemod().apply(given, args)
    merged: StepOutput = {}
    for part in found:
        if isinstance(part, Refused):
            return part
        merged.update(part)
    return merged
