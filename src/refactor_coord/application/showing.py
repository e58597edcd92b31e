"""Use case: ``refcoord show step N --format json``: one step as plan.json holds it, whether it
is applied (its commit) and its pull request (title, and the body as committed once applied:
with the checks apply ran), and with ``--diff`` the change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from refactor_coord.adapters import git_repo
from refactor_coord.application.apply import preview_step
from refactor_coord.application.plan_files import plan_dir
from refactor_coord.application.plan_io import plan_to_json
from refactor_coord.domain.config import Config
from refactor_coord.domain.plan import Plan, Step


def step_json(repo: Path, config: Config, plan: Plan, step: Step, diff: bool) -> dict[str, Any]:
    """The JSON of ``show step N`` (keys in docs/apply.md)."""
    data = next(s for s in json.loads(plan_to_json(plan))["steps"] if s["number"] == step.number)
    sha = _applied_commit(repo, config, step.number)
    pr_file = plan_dir(repo, config) / "pr" / f"step-{step.number}.md"
    body = step.pr_body
    if sha is not None and pr_file.is_file():
        body = pr_file.read_text(encoding="utf-8").split("\n\n", 1)[-1]
    shown: dict[str, Any] = {
        "step": data,
        "applied": sha is not None,
        "commit": sha,
        "pr": {
            "path": str(pr_file.relative_to(repo)) if sha is not None else None,
            "title": step.pr_title,
            "body": body,
        },
    }
    if diff:
        heading, text = preview_step(repo, config, step.number)
        shown["diff"] = {"heading": heading, "text": text}
    return shown


def _applied_commit(repo: Path, config: Config, number: int) -> str | None:
    if not git_repo.is_repository(repo):
        return None
    if number not in git_repo.applied_steps(repo, config.campaign.name):
        return None
    return git_repo.step_commit(repo, config.campaign.name, number)
