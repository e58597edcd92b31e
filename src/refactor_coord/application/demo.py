"""Use case: make the bundled example project and show refcoord working on it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from refactor_coord.adapters.config_file import load_config
from refactor_coord.adapters.git_repo import commit_all, init_and_commit
from refactor_coord.application.graphing import export_graph
from refactor_coord.application.planning import PlanResult, make_campaign_plan
from refactor_coord.application.references import ReferenceReport, find_references
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.facts import IndexSummary

#: Names the demo looks up: a widely imported helper, a re-exported function, a constant.
DEMO_NAMES = ("shop.utils.slugify", "shop.client.fetch", "shop.utils.DEFAULT_CURRENCY")


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo did and found."""

    directory: Path
    commit: str
    index: IndexSummary
    references: tuple[ReferenceReport, ...]
    graph: str  #: the package's module graph, as Mermaid
    plan: PlanResult  #: the plan for the demo configuration (one refactoring of each kind)


def example_source() -> Path:
    """Where the bundled example project lives inside the installed package."""
    return Path(str(resources.files("refactor_coord") / "example_project"))


def run_demo(directory: Path) -> DemoResult:
    """Copy the example into ``directory`` (new or empty), commit it to git, index, query."""
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; give a new directory for the demo")
    shutil.copytree(example_source(), directory, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc", ".refcoord"))
    (directory / "refcoord.toml").write_text(demo_config(), encoding="utf-8")
    commit = init_and_commit(directory, "Example shop project and its refcoord.toml (copied by refcoord demo)")
    config = load_config(directory)
    reports = tuple(find_references(directory, config, name) for name in DEMO_NAMES)
    graph = export_graph(directory, config, kind="modules", fmt="mermaid", focus_on="shop", depth=0,
                         external=False)
    plan = make_campaign_plan(directory, config)
    commit_all(directory, f"refcoord plan for campaign {config.campaign.name}")
    return DemoResult(directory, commit, reports[0].index, reports, graph, plan)


def demo_config() -> str:
    """The demo's refcoord.toml: one refactoring of each kind."""
    return (resources.files("refactor_coord") / "templates" / "demo-refcoord.toml").read_text(encoding="utf-8")
