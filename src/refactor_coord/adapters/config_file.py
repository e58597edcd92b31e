"""Find and read the configuration: ``refcoord.toml``, else ``[tool.refcoord]`` in pyproject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from refactor_coord.domain import toml as tomllib
from refactor_coord.domain.config import Config, parse_config
from refactor_coord.domain.errors import ConfigError


def load_config(repo: Path, explicit: Path | None = None) -> Config:
    """Read and validate the configuration; defaults when there is none.

    Raises:
        ConfigError: the file is not valid TOML or holds invalid settings (all are listed).
    """
    path, data = _find(repo, explicit)
    if path is None:
        return Config("defaults")
    config, problems = parse_config(data, str(path))
    if config is None:
        raise ConfigError(str(path), problems)
    _check_roots(repo, config)
    return config


def _find(repo: Path, explicit: Path | None) -> tuple[Path | None, dict[str, Any]]:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), ["the file does not exist"])
        data = _read(explicit)
        return explicit, data.get("tool", {}).get(
            "refcoord", {}
        ) if explicit.name == "pyproject.toml" else data
    own = repo / "refcoord.toml"
    if own.is_file():
        return own, _read(own)
    pyproject = repo / "pyproject.toml"
    if pyproject.is_file():
        table = _read(pyproject).get("tool", {}).get("refcoord")
        if isinstance(table, dict):
            return pyproject, table
    return None, {}


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), [f"not valid TOML: {error}"]) from None


def _check_roots(repo: Path, config: Config) -> None:
    missing = [r for r in config.campaign.source_roots or () if not (repo / r).is_dir()]
    if missing:
        raise ConfigError(
            config.source,
            [
                f"[campaign] source_roots: '{r}' is not a directory of the repository"
                for r in missing
            ],
        )
