"""Where a campaign's plan lives and how it is read (kept light: apply and rollback import it)."""

from __future__ import annotations

from pathlib import Path

from refactor_coord.application.plan_io import plan_from_json
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import PlanError, UsageError
from refactor_coord.domain.plan import Plan


def plan_dir(repo: Path, config: Config) -> Path:
    """``.refcoord/<campaign>/``."""
    return repo / ".refcoord" / config.campaign.name


def plan_uncommitted(repo: Path, config: Config) -> list[str]:
    """The campaign's plan files that differ from HEAD (none outside a git repository)."""
    from refactor_coord.adapters import git_repo  # GitPython: only for the commands that need it

    if not git_repo.is_repository(repo):
        return []
    prefix = f"{plan_dir(repo, config).relative_to(repo).as_posix()}/"
    return [p for p in git_repo.dirty_paths(repo) if p.startswith(prefix)]


def uncommitted_work(repo: Path) -> list[str]:
    """The paths with uncommitted changes, but refcoord's own index cache (``.refcoord/cache/``,
    which each command rewrites; a project that ignores dot folders may have had to force-add
    ``.refcoord/`` with it)."""
    from refactor_coord.adapters import git_repo

    return [p for p in git_repo.dirty_paths(repo) if not p.startswith(".refcoord/cache/")]


def load_plan(path: Path) -> Plan:
    """Read a saved plan (PlanError when it is unreadable or of another schema)."""
    return plan_from_json(path.read_text(encoding="utf-8"), str(path))


def saved_plan(repo: Path, config: Config) -> Plan:
    """The campaign's saved plan, its codemod arguments checked against each codemod's
    ``Args`` (a PlanError lists every misfit), or a UsageError that says to run
    ``refcoord plan``."""
    from refactor_coord.registry import argument_problems, load_registry  # imports the codemods

    path = plan_dir(repo, config) / "plan.json"
    if not path.is_file():
        raise UsageError(
            f"no plan yet for campaign '{config.campaign.name}' ({path}): run `refcoord plan`"
        )
    plan = load_plan(path)
    problems = argument_problems(plan, load_registry(repo, config.campaign.codemods))
    if problems:
        listed = "".join(f"\n  - {problem}" for problem in problems)
        raise PlanError(str(path), f"its codemod arguments do not fit the codemods:{listed}\n")
    return plan
