"""Compatibility shims and configuration loading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None  # type: ignore[assignment]

DEFAULT_CONFIG: dict[str, Any] = {
    "currency": "EUR",
    "api_url": "https://api.shop.example",
    "timeout": 5.0,
}


def has_toml() -> bool:
    """Return True when TOML config files can be read."""
    return tomllib is not None


def load_config(path: str | Path) -> dict[str, Any]:
    """Load a JSON (or, when supported, TOML) config file over the defaults."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix == ".toml":
        if tomllib is None:
            raise RuntimeError("TOML configuration requires Python 3.11+")
        data = tomllib.loads(raw.decode("utf-8"))
    else:
        data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: top-level config must be an object")
    return {**DEFAULT_CONFIG, **data}


def dump_config(config: dict[str, Any]) -> str:
    """Serialise ``config`` as stable, human-readable JSON."""
    return json.dumps(config, indent=2, sort_keys=True)
