"""The configuration as frozen values, parsed and validated from plain TOML data (pure).

This module checks the ``[campaign]`` table and the shape of each ``[[refactor]]`` table
(:mod:`refactor_coord.domain.specs`); whether the names they mention exist is checked against
the index by :mod:`refactor_coord.application.validation`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from refactor_coord.domain.specs import Refactor, parse_refactors
from refactor_coord.domain.versions import release_of

CAMPAIGN_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z")

#: key -> (expected type description, checker). Defaults live on :class:`Campaign`.
_CHOICES = {
    "group_by": ("package", "owner", "community"),
    "tests": ("affected", "all", "none"),
    "warn": ("after-migrate", "at-expand"),
}


@dataclass(frozen=True, slots=True)
class Campaign:
    """The ``[campaign]`` table (see docs/configuration.md for each key)."""

    name: str = "refactoring"
    description: str = ""
    base: str | None = None
    max_files_per_step: int = 10
    max_sites_per_step: int = 80
    group_by: str = "package"
    tests: str = "affected"
    test_command: tuple[str, ...] = ("python", "-m", "pytest", "-q")
    #: run by apply before each step's tests (None: no lint step)
    lint_command: tuple[str, ...] | None = None
    source_roots: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    remove_in: str | None = None
    warn: str = "after-migrate"
    #: modules of installed packages whose step codemods join the registry (dotted names)
    codemods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """A whole configuration: where it came from, the campaign, the refactorings."""

    source: str  #: the file it was read from, or "defaults"
    campaign: Campaign = field(default_factory=Campaign)
    refactors: tuple[Refactor, ...] = ()


def parse_config(data: Mapping[str, Any], source: str) -> tuple[Config | None, list[str]]:
    """Validate TOML data. Returns the config, or None and every problem found."""
    problems: list[str] = []
    for key in data:
        if key not in ("campaign", "refactor"):
            problems.append(f"unknown table [{key}]; valid tables are [campaign] and [[refactor]]")
    raw = data.get("campaign", {})
    if not isinstance(raw, Mapping):
        return None, [*problems, "[campaign] must be a table"]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        checked = _check(key, value, problems)
        if checked is not None:
            values[key] = checked
    raw_refactors = data.get("refactor", [])
    if not isinstance(raw_refactors, list) or not all(
        isinstance(r, Mapping) for r in raw_refactors
    ):
        problems.append("[[refactor]] must be an array of tables")
        raw_refactors = []
    refactors = parse_refactors(raw_refactors, problems)
    if problems:
        return None, problems
    return Config(source, Campaign(**values), refactors), []


def _check(key: str, value: Any, problems: list[str]) -> Any:
    where = f"[campaign] {key}"
    if key not in Campaign.__dataclass_fields__:
        valid = ", ".join(Campaign.__dataclass_fields__)
        problems.append(f"{where}: unknown key; valid keys are {valid}")
        return None
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            problems.append(f"{where}: {value!r} is not one of {', '.join(_CHOICES[key])}")
            return None
        return value
    if key in ("max_files_per_step", "max_sites_per_step"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(f"{where}: {value!r} must be a whole number of at least 1")
            return None
        return value
    if key == "codemods":
        if not isinstance(value, list) or not all(
            isinstance(v, str) and DOTTED_NAME.match(v) for v in value
        ):
            problems.append(
                f'{where}: {value!r} must be a list of module names such as "my_pkg.codemods"'
            )
            return None
        return tuple(value)
    if key in ("test_command", "lint_command", "source_roots", "exclude"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.append(
                f"{where}: {value!r} must be a list of non-empty strings"
                + (' such as ["ruff", "check", "."]' if key == "lint_command" else "")
            )
            return None
        if key in ("test_command", "lint_command") and not value:
            problems.append(f"{where}: must name a command")
            return None
        return tuple(v.strip("/") if key == "source_roots" else v for v in value)
    return _check_text(key, value, where, problems)


def _check_text(key: str, value: Any, where: str, problems: list[str]) -> str | None:
    if not isinstance(value, str):
        problems.append(f"{where}: {value!r} must be a string")
        return None
    if key == "name" and not CAMPAIGN_NAME.match(value):
        problems.append(f"{where}: {value!r} must match [a-z0-9-]+ (used in branch names)")
        return None
    if key == "remove_in" and release_of(value) is None:
        problems.append(
            f'{where}: {value!r} is not a version; give one such as "3.0" (PEP 440), '
            "compared with the project's own version before the shims are removed"
        )
        return None
    return value
