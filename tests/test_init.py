"""``refcoord init``: the starter configuration, and refusing to overwrite one."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.init_config import (
    campaign_name,
    starter_config,
    write_starter_config,
)
from refactor_coord.cli.init_cmd import init
from refactor_coord.domain.config import Campaign, parse_config
from refactor_coord.domain.errors import UsageError
from tests.conftest import write_files

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

app = typer.Typer()
app.command("init")(init)
runner = CliRunner()

CAMPAIGN_KEYS = (
    "name",
    "description",
    "base",
    "max_files_per_step",
    "max_sites_per_step",
    "group_by",
    "tests",
    "test_command",
    "lint_command",
    "source_roots",
    "exclude",
    "remove_in",
    "warn",
    "codemods",
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_files(tmp_path / "My Shop_v2", {})


def test_init_writes_the_starter_with_a_derived_name(repo: Path) -> None:
    result = runner.invoke(app, ["--repo", str(repo)])
    assert result.exit_code == 0, result.output
    written = repo / "refcoord.toml"
    assert f"wrote {written.resolve()}" in result.output
    assert "refcoord plan" in result.output
    data = tomllib.loads(written.read_text(encoding="utf-8"))
    assert data["campaign"]["name"] == "my-shop-v2"


def test_the_written_file_parses_and_validates(repo: Path) -> None:
    path = write_starter_config(repo)
    config, problems = parse_config(tomllib.loads(path.read_text(encoding="utf-8")), "x")
    assert problems == []
    assert config is not None
    assert config.campaign == Campaign(name="my-shop-v2")  # every uncommented value is a default
    assert config.refactors == ()  # the examples are commented out
    assert load_config(repo).source == str(path)


def test_the_template_documents_every_campaign_key_and_each_refactor_kind() -> None:
    text = starter_config("x")
    for key in CAMPAIGN_KEYS:
        assert re.search(rf"^#? ?{key} = ", text, re.MULTILINE), key
    assert set(CAMPAIGN_KEYS) == set(Campaign.__dataclass_fields__)
    for choice in (
        "package",
        "owner",
        "community",
        "affected",
        "all",
        "none",
        "after-migrate",
        "at-expand",
    ):
        assert f'"{choice}"' in text, choice
    for kind in ("extract-module", "change-api", "replace-dependency"):
        assert f'# kind = "{kind}"' in text
    assert "# [[refactor]]" in text and "# [refactor.map]" in text


def test_the_commented_examples_are_valid_toml_when_uncommented() -> None:
    uncommented = re.sub(
        r'^# ?(?=\[|[a-z_]+ = |"[^"]+" = )', "", starter_config("x"), flags=re.MULTILINE
    )
    data = tomllib.loads(uncommented)
    assert data["refactor"][1]["rename_params"] == {"timeout": "timeout_s"}
    assert data["refactor"][2]["map"] == {"requests.exceptions.Timeout": "httpx.TimeoutException"}
    config, problems = parse_config(data, "x")
    assert problems == [] and config is not None
    assert config.campaign.base == "main" and config.campaign.remove_in == "3.0"
    assert [r.kind for r in config.refactors] == [
        "extract-module",
        "change-api",
        "replace-dependency",
        "schema",
    ]


def test_refuses_when_refcoord_toml_exists(repo: Path) -> None:
    write_files(repo, {"refcoord.toml": "[campaign]\nname = 'mine'\n"})
    existing = repo / "refcoord.toml"
    result = runner.invoke(app, ["--repo", str(repo)])
    assert result.exit_code == 2
    message = result.output.strip()
    assert "\n" not in message
    assert str(existing.resolve()) in message and "edit it" in message and "delete it" in message
    assert existing.read_text(encoding="utf-8") == "[campaign]\nname = 'mine'\n"


def test_refuses_when_pyproject_has_a_refcoord_table(repo: Path) -> None:
    pyproject = repo / "pyproject.toml"
    content = '[project]\nname = "shop"\n\n[tool.refcoord.campaign]\nname = "tidy"\n'
    write_files(repo, {"pyproject.toml": content})
    result = runner.invoke(app, ["--repo", str(repo)])
    assert result.exit_code == 2
    assert "[tool.refcoord]" in result.output and str(pyproject.resolve()) in result.output
    assert pyproject.read_text(encoding="utf-8") == content
    assert not (repo / "refcoord.toml").exists()


def test_refuses_on_a_refcoord_header_in_a_broken_pyproject(repo: Path) -> None:
    write_files(repo, {"pyproject.toml": "[tool.refcoord]\nname = \n"})
    with pytest.raises(UsageError, match=r"\[tool\.refcoord\]"):
        write_starter_config(repo)


def test_works_when_pyproject_has_no_refcoord_table(repo: Path) -> None:
    content = '[project]\nname = "shop"\n\n[tool.ruff]\nline-length = 99\n'
    write_files(repo, {"pyproject.toml": content})
    path = write_starter_config(repo)
    assert path == (repo / "refcoord.toml").resolve()
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == content
    assert load_config(repo).campaign.name == "my-shop-v2"


def test_refuses_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such directory"):
        write_starter_config(tmp_path / "absent")


@pytest.mark.parametrize(
    ("directory", "expected"),
    [
        ("shop", "shop"),
        ("My Shop_v2", "my-shop-v2"),
        ("--Weird..Name--", "weird-name"),
        ("___", "refactoring"),
        ("", "refactoring"),
        ("Café", "caf"),
    ],
)
def test_campaign_name(directory: str, expected: str) -> None:
    assert campaign_name(directory) == expected
