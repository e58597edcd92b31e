"""What every part of ``apply`` works from: the step, its pattern and codemod with the checked
arguments, and the repository's modules as the index knows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactor_coord.adapters.formatter_runner import config_texts, ruff_rules, tool_commands
from refactor_coord.adapters.index_store import open_store
from refactor_coord.adapters.source_files import read_source
from refactor_coord.adapters.test_runner import project_python
from refactor_coord.analysis.formatters import configured_formatters
from refactor_coord.application.indexing import CACHE_DIR
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import ApplyRefused, PlanError
from refactor_coord.domain.plan import Plan, Step
from refactor_coord.domain.uses import through
from refactor_coord.registry import Codemod, Registry
from refactor_coord.rewrite.args import BadArgs
from refactor_coord.rewrite.pattern import Pattern


@dataclass(frozen=True, slots=True)
class Modules:
    """The repository's modules, from the index as the preflight brought it up to date."""

    by_path: dict[str, tuple[str, bool]]  #: path -> (module, is_package)
    paths: dict[str, str]  #: module -> path


@dataclass(frozen=True, slots=True)
class StepJob:
    """One step to carry out, with everything the pattern and the codemod need."""

    repo: Path
    config: Config
    plan: Plan
    step: Step
    pattern: Pattern
    codemod: Codemod
    args: Any  #: the codemod's ``Args``, checked
    modules: Modules
    #: the rules the project's ruff checks, as ruff reports them (None: ruff is not configured
    #: or not installed, and the codemods read the configuration)
    lint_rules: tuple[str, ...] | None = None

    def read(self, path: str) -> str | None:
        """A repository file's text (None: no such file)."""
        return read_source(self.repo / path)

    def read_module(self, module: str) -> str | None:
        """A repository module's text (None: not a module of the repository)."""
        path = self.modules.paths.get(module)
        return self.read(path) if path else None

    def old_names(self) -> list[str]:
        """The qualified names the step's refactoring replaces (the pattern knows which)."""
        return self.pattern.old_names(self.args, self.read_module)

    def served(self, row: Sequence[object]) -> bool:
        """Whether an index reference ``row`` (the store's columns) goes through the module
        that serves the old names on purpose, or is that module's own (the pattern's
        :meth:`~refactor_coord.rewrite.pattern.Pattern.serving_module`: replace-dependency's
        facade and its backends): migrated, not a use left."""
        module = self.pattern.serving_module(self.args)
        return bool(module) and (through(str(row[1]), module) or through(str(row[8]), module))


def step_job(repo: Path, config: Config, plan: Plan, step: Step, registry: Registry) -> StepJob:
    """The step's job, or ApplyRefused when its pattern or codemod is not built."""
    kind = next((r.kind for r in plan.refactors if r.id == step.refactor), "")
    pattern = registry.patterns.get(kind)
    if pattern is None:
        built = ", ".join(sorted(registry.patterns))
        raise ApplyRefused(f"applying {kind} steps is not built yet ({built} steps are)")
    codemod = registry.codemods.get(step.codemod.id)
    if codemod is None:
        known = ", ".join(sorted(registry.codemods))
        raise ApplyRefused(f"no codemod '{step.codemod.id}' (known: {known})")
    args = registry.args_of(step)
    if isinstance(args, BadArgs) or args is None:  # the plan's loading checked them already
        raise PlanError("the plan", f"step {step.number}'s codemod arguments do not fit")
    rules = linter_rules(repo, step)
    return StepJob(repo, config, plan, step, pattern, codemod, args, module_index(repo), rules)


def linter_rules(repo: Path, step: Step) -> tuple[str, ...] | None:
    """The rules ruff checks the step's first Python file with, as ruff reports them, when the
    project configures ruff and it is installed (else None: the codemods read the
    configuration). Generated code needs a ``noqa`` only for a rule that is checked."""
    tools = configured_formatters(config_texts(repo))
    files = [p for p in step.files if p.endswith(".py") and (repo / p).is_file()]
    if not files or not any(t.module == "ruff" for t in tools):
        return None
    command = tool_commands(repo, project_python(repo)[0], ["ruff"]).get("ruff")
    return ruff_rules(repo, command, files[0]) if command else None


def module_index(repo: Path) -> Modules:
    """The indexed modules of ``repo`` (read once per apply and passed down)."""
    store, _ = open_store(repo / CACHE_DIR)
    try:
        rows = [r for r in store.files().values() if r.status == "ok"]
    finally:
        store.close()
    return Modules(
        {r.path: (r.module, r.is_package) for r in rows}, {r.module: r.path for r in rows}
    )
