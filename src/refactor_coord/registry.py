"""The registry: codemod id -> step codemod, and refactoring kind -> pattern.

One loader reads every source of codemods the same way, later sources overriding earlier ones
by id: the built-in patterns (:mod:`refcoord_codemods`), installed packages (entry points in the
group ``refcoord.codemods``, each naming a module), modules named in the configuration
(``[campaign] codemods``), and the repository's own ``codemods/*.py``. From each module it takes
every :class:`StepCodemod` subclass with an ``ID``.

Also here: checking a plan's codemod arguments against each codemod's ``Args`` type.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.plan import Plan, Step
from refactor_coord.rewrite.args import BadArgs, parse_args
from refactor_coord.rewrite.pattern import Pattern
from refactor_coord.rewrite.step import StepCodemod

ENTRY_POINT_GROUP = "refcoord.codemods"

Codemod = type[StepCodemod[Any]]


@dataclass(frozen=True, slots=True)
class Registry:
    """What refcoord can carry out: the step codemods by id, the patterns by kind."""

    codemods: Mapping[str, Codemod]
    patterns: Mapping[str, Pattern]

    def args_of(self, step: Step) -> object | BadArgs | None:
        """The step's codemod arguments as its codemod's ``Args`` (None: no such codemod)."""
        codemod = self.codemods.get(step.codemod.id)
        if codemod is None:
            return None
        return parse_args(codemod.Args, dict(step.codemod.args))


@functools.lru_cache(maxsize=8)
def load_registry(repo: Path | None = None, modules: tuple[str, ...] = ()) -> Registry:
    """Every codemod refcoord can run for ``repo``: built-in, installed, configured, local.
    Loaded once per process (a repository's own modules are run once)."""
    patterns = _builtin_patterns()
    found: dict[str, Codemod] = {c.ID: c for p in patterns.values() for c in p.CODEMODS}
    for module in (*_entry_point_modules(), *map(_import, modules), *_local_modules(repo)):
        found.update({c.ID: c for c in _codemods_in(module)})
    return Registry(found, patterns)


def argument_problems(plan: Plan, registry: Registry) -> list[str]:
    """Every step whose codemod arguments do not fit its codemod's ``Args``, one line each.
    A codemod the registry lacks is ``apply``'s to refuse, not the plan's."""
    problems: list[str] = []
    for step in plan.steps:
        checked = registry.args_of(step)
        if isinstance(checked, BadArgs):
            where = f"step {step.number} ({step.codemod.id})"
            problems += [f"{where}: {problem}" for problem in checked.problems]
    return problems


def _builtin_patterns() -> dict[str, Pattern]:
    import refcoord_codemods

    loaded = (importlib.import_module(name) for name in refcoord_codemods.PATTERNS.values())
    return {pattern.KIND: pattern for pattern in (m.PATTERN for m in loaded)}


def _entry_point_modules() -> list[ModuleType]:
    from importlib.metadata import entry_points

    return [_import(point.value) for point in entry_points(group=ENTRY_POINT_GROUP)]


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as error:  # the user's module: whatever it raises, say which one
        raise UsageError(f"cannot load the codemod module {name}: {error}") from error


def _local_modules(repo: Path | None) -> list[ModuleType]:
    """The repository's own ``codemods/*.py``, each loaded as a module of its own."""
    folder = repo / "codemods" if repo is not None else None
    if folder is None or not folder.is_dir():
        return []
    loaded = []
    for path in sorted(folder.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"refcoord_local_codemods.{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # the repository's code: whatever it raises, say where
            raise UsageError(f"cannot load {path}: {error}") from error
        loaded.append(module)
    return loaded


def _codemods_in(module: ModuleType) -> Iterable[Codemod]:
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if issubclass(cls, StepCodemod) and cls is not StepCodemod and cls.ID:
            yield cls
