"""Use case: make the bundled example project and show refcoord working on it."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from refactor_coord.adapters.config_file import load_config
from refactor_coord.adapters.git_repo import commit_all, init_and_commit, merge_into
from refactor_coord.application.apply import Applied, apply_step
from refactor_coord.application.graphing import export_graph
from refactor_coord.application.history import campaign_history
from refactor_coord.application.planning import PlanResult, make_campaign_plan
from refactor_coord.application.progress import campaign_status
from refactor_coord.application.references import find_references
from refactor_coord.application.render_plan import render_summary_table
from refactor_coord.application.render_status import history_text, status_text
from refactor_coord.application.summaries import render_references, render_summary
from refactor_coord.domain.errors import UsageError

#: Names the demo looks up: a widely imported helper, a re-exported function, a constant.
DEMO_NAMES = ("shop.utils.slugify", "shop.client.fetch", "shop.utils.DEFAULT_CURRENCY")


#: The refactoring the demo carries out all the way (the plan holds one of each kind).
DEMO_REFACTOR = "move-text-helpers"


class DemoReport(Protocol):
    """Where the demo reports each stage as it completes (the CLI prints them)."""

    def __call__(self, command: str, output: str) -> None: ...


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo did."""

    directory: Path
    plan: PlanResult
    applied: tuple[Applied, ...]


def example_source() -> Path:
    """Where the bundled example project lives inside the installed package."""
    return Path(str(resources.files("refactor_coord") / "example_project"))


def orders_source() -> Path:
    """Where the bundled schema example (SQLAlchemy models, Alembic migrations) lives."""
    return Path(str(resources.files("refactor_coord") / "example_orders"))


def run_demo(directory: Path, report: DemoReport) -> DemoResult:
    """Copy the example into ``directory`` (new or empty) with the demo configuration, commit it,
    index and query it, plan the campaign, then apply every step of the extract-module
    refactoring with the project's tests, and show the campaign's progress."""
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; give a new directory for the demo")
    shutil.copytree(
        example_source(),
        directory,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc", ".refcoord"),
    )
    (directory / "refcoord.toml").write_text(demo_config(), encoding="utf-8")
    commit = init_and_commit(
        directory, "Example shop project and its refcoord.toml (copied by refcoord demo)"
    )
    report(
        f"cp -r <example> {directory} && git init && git commit",
        f"Example project 'shop' with a refcoord.toml, committed ({commit[:10]}).",
    )
    config = load_config(directory)
    references = [find_references(directory, config, name) for name in DEMO_NAMES]
    report("refcoord index", render_summary(references[0].index))
    for found in references:
        report(f"refcoord refs {found.name}", render_references(found))
    report(
        "refcoord graph --format mermaid --focus shop --depth 0",
        export_graph(
            directory,
            config,
            kind="modules",
            fmt="mermaid",
            focus_on="shop",
            depth=0,
            external=False,
        ).rstrip("\n"),
    )
    report("cat refcoord.toml", demo_config().rstrip("\n"))
    plan = make_campaign_plan(directory, config)
    commit_all(directory, f"refcoord plan for campaign {config.campaign.name}")
    report("refcoord plan && git commit -m 'plan'", render_summary_table(plan.plan))
    applied = []
    for step in sorted(
        (s for s in plan.plan.steps if s.refactor == DEMO_REFACTOR), key=lambda s: s.number
    ):
        if step.phase == "contract" and plan.plan.remove_in:
            version = release_example(directory, plan.plan.remove_in)
            report(
                f"# the contract step waits for version {plan.plan.remove_in}: release it",
                f'pyproject.toml version = "{version}", committed',
            )
        done = apply_step(directory, config, step.number, tests="all")
        applied.append(done)
        report(
            f"refcoord apply step {step.number} --tests all",
            f"{step.phase}: {step.title}\n{len(done.diff.splitlines())} diff lines; "
            f"tests passed; committed {done.commit[:10] if done.commit else ''} on {done.branch}",
        )
        if done.branch is not None:  # its pull request is reviewed and lands on main
            merge_into(directory, done.branch, "main", f"Merge {done.branch}: {step.pr_title}")
            report(
                f"git switch main && git merge --no-ff {done.branch}",
                f"step {step.number}'s pull request lands on main; the next step's branch is cut "
                "from there",
            )
    plan = make_campaign_plan(directory, config)  # PLAN.md now shows the applied steps
    commit_all(directory, f"refcoord plan for campaign {config.campaign.name}, steps applied")
    report("refcoord plan && git commit -m 'plan'", render_summary_table(plan.plan))
    report("refcoord status", status_text(campaign_status(directory, config)))
    report("refcoord status --history", history_text(*campaign_history(directory, config)))
    return DemoResult(directory, plan, tuple(applied))


def release_example(directory: Path, version: str) -> str:
    """Set the example project's version to ``version`` (padded to X.Y.Z) and commit it, as a
    release would before the shims announced for it are removed. Returns the version written."""
    parts = version.split(".")
    full = ".".join(parts + ["0"] * (3 - len(parts)))
    pyproject = directory / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        re.sub(r'(?m)^version = "[^"]*"$', f'version = "{full}"', text, count=1), encoding="utf-8"
    )
    commit_all(directory, f"Release {full}")
    return full


def demo_config() -> str:
    """The demo's refcoord.toml: one refactoring of each kind."""
    return (resources.files("refactor_coord") / "templates" / "demo-refcoord.toml").read_text(
        encoding="utf-8"
    )
