"""The registry (built-in, installed, configured and repository codemods through one loader)
and typed codemod arguments checked when a plan is loaded."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from refactor_coord.application.plan_files import saved_plan
from refactor_coord.domain.config import Campaign, Config
from refactor_coord.domain.errors import PlanError, UsageError
from refactor_coord.registry import load_registry
from refactor_coord.rewrite.args import BadArgs, args_data, parse_args
from refcoord_codemods.extract_module.steps import ExpandArgs, ExtractMigrate, MigrateArgs
from tests.conftest import write_files

LOCAL = """
from refactor_coord.rewrite.step import StepCodemod


class Marker(StepCodemod):
    ID = "{id}"

    def apply(self, given, args):
        return {{path: "# marked\\n" for path in given.step.files}}
"""


@pytest.fixture(autouse=True)
def _fresh_registry() -> None:
    load_registry.cache_clear()


def test_the_built_in_patterns_and_their_codemods_are_registered() -> None:
    registry = load_registry()
    assert set(registry.patterns) == {
        "extract-module",
        "change-api",
        "replace-dependency",
        "schema",
    }
    assert {
        "extract-module.expand",
        "extract-module.migrate",
        "extract-module.deprecate",
        "extract-module.contract",
        "replace-dependency.expand",
        "replace-dependency.migrate",
        "replace-dependency.flip",
        "replace-dependency.contract",
        "schema.expand",
        "schema.dual-write",
        "schema.backfill",
        "schema.not-null",
        "schema.switch",
        "schema.migrate",
        "schema.relax",
        "schema.stop-writing",
        "schema.drop",
        "schema.contract",
    } <= set(registry.codemods)
    assert registry.codemods["extract-module.migrate"] is ExtractMigrate


def test_a_repository_codemod_is_added_and_one_with_a_built_in_id_replaces_it(
    tmp_path: Path,
) -> None:
    write_files(
        tmp_path,
        {
            "codemods/mine.py": LOCAL.format(id="my-team.marker"),
            "codemods/override.py": LOCAL.format(id="extract-module.migrate"),
        },
    )
    registry = load_registry(tmp_path)
    assert registry.codemods["my-team.marker"].__name__ == "Marker"
    assert registry.codemods["extract-module.migrate"] is not ExtractMigrate


def test_a_configured_module_and_an_entry_point_contribute_codemods(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an installed distribution: a module, and a dist-info naming it in the entry-point group
    write_files(
        tmp_path,
        {
            "team_codemods.py": LOCAL.format(id="team.configured"),
            "plugin_codemods.py": LOCAL.format(id="plugin.marker"),
            "plugin-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: plugin\nVersion: 1.0\n",
            "plugin-1.0.dist-info/entry_points.txt": (
                "[refcoord.codemods]\nplugin = plugin_codemods\n"
            ),
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = load_registry(None, ("team_codemods",))
    assert {"team.configured", "plugin.marker"} <= set(registry.codemods)
    for name in ("team_codemods", "plugin_codemods"):
        sys.modules.pop(name, None)


def test_a_codemod_module_that_fails_to_load_is_named(tmp_path: Path) -> None:
    write_files(tmp_path, {"codemods/broken.py": "raise RuntimeError('boom')\n"})
    with pytest.raises(UsageError, match=r"cannot load .*broken\.py: boom"):
        load_registry(tmp_path)
    with pytest.raises(UsageError, match="cannot load the codemod module no_such_module"):
        load_registry(None, ("no_such_module",))


def test_args_are_built_from_plan_data_and_every_misfit_is_reported() -> None:
    args = parse_args(MigrateArgs, {"source": "a.b", "target": "a.c", "symbols": ["x", "y"]})
    assert args == MigrateArgs("a.b", "a.c", ("x", "y"))
    assert args_data(ExpandArgs("a", "b", ("x",))) == (
        ("source", "a"),
        ("target", "b"),
        ("symbols", ("x",)),
        ("star_imported", False),
        ("bind_back", False),
        ("documented", ()),
    )
    bad = parse_args(ExpandArgs, {"source": 1, "symbols": "x,y", "star_imported": "true", "z": 0})
    assert isinstance(bad, BadArgs)
    assert bad.problems == (
        "unknown argument 'z'",
        "argument 'source' must be a string, not 1",
        "argument 'target' is missing",
        "argument 'symbols' must be a list of strings, not 'x,y'",
        "argument 'star_imported' must be true or false, not 'true'",
    )


@dataclass(frozen=True, slots=True)
class _Optional:
    label: str | None = None
    count: int = 0


def test_optional_and_defaulted_arguments() -> None:
    assert parse_args(_Optional, {}) == _Optional()
    assert parse_args(_Optional, {"label": None, "count": 3}) == _Optional(None, 3)
    bad = parse_args(_Optional, {"count": True})
    assert isinstance(bad, BadArgs) and bad.problems == (
        "argument 'count' must be a whole number, not True",
    )


def test_a_plan_whose_codemod_arguments_do_not_fit_is_refused_on_loading(tmp_path: Path) -> None:
    step = {
        "number": 1, "key": "r:expand", "refactor": "r", "phase": "expand", "title": "t",
        "files": [], "sites": [], "depends_on": [], "parallel_with": [], "why": "",
        "risk": {k: {"level": "Low", "reasons": [], "lower_by": []}
                 for k in ("complexity", "risk", "duration")},
        "rollback": {"how": "", "revert_first": [], "point_of_no_return": False, "note": ""},
        "tests": [], "pr_title": "", "pr_body": "", "status": "planned", "notes": [],
        "codemod": {"id": "extract-module.expand",
                    "args": {"source": "a", "symbols": "x", "stray": 1}},
    }  # fmt: skip
    plan = {
        "schema": 2, "campaign": "c", "description": "", "base": None, "remove_in": None,
        "warn": "after-migrate", "refactors": [], "steps": [step], "fingerprint": "",
    }  # fmt: skip
    write_files(tmp_path, {".refcoord/c/plan.json": json.dumps(plan)})
    config = Config("refcoord.toml", Campaign(name="c"))
    with pytest.raises(PlanError) as caught:
        saved_plan(tmp_path, config)
    message = str(caught.value)
    for problem in (
        "step 1 (extract-module.expand): unknown argument 'stray'",
        "step 1 (extract-module.expand): argument 'target' is missing",
        "step 1 (extract-module.expand): argument 'symbols' must be a list of strings, not 'x'",
    ):
        assert problem in message
    assert "run `refcoord plan` again" in message
