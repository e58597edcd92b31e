"""What a project can use, read from its packaging metadata (pure: its files are read through
the callable given): the Python versions it supports and the packages it depends on."""

from __future__ import annotations

import configparser
from collections.abc import Callable

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from refactor_coord.domain.toml import TOMLDecodeError, loads

#: The Python versions before the one that has ``warnings.deprecated`` (PEP 702).
_BEFORE_313 = tuple(f"3.{minor}.0" for minor in range(13))


def deprecated_marker(read: Callable[[str], str | None]) -> str | None:
    """Where the project can import PEP 702's ``deprecated`` decorator from: ``warnings`` when
    it supports only Python 3.13 and later (``requires-python``), else ``typing_extensions``
    when it depends on that package already, on every Python it supports; None when it can do
    neither (refcoord adds no dependency)."""
    project = _project_table(read("pyproject.toml"))
    requires = project.get("requires-python")
    if isinstance(requires, str) and _only_313_and_later(requires):
        return "warnings"
    listed = project.get("dependencies")
    names = [d for d in listed if isinstance(d, str)] if isinstance(listed, list) else []
    names += _install_requires(read("setup.cfg"))
    return "typing_extensions" if any(_always(d) == "typing-extensions" for d in names) else None


def _project_table(text: str | None) -> dict[str, object]:
    try:
        data = loads(text or "")
    except TOMLDecodeError:
        return {}
    project = data.get("project")
    return project if isinstance(project, dict) else {}


def _only_313_and_later(requires: str) -> bool:
    try:
        supported = SpecifierSet(requires)
    except InvalidSpecifier:
        return False
    return not any(version in supported for version in _BEFORE_313)


def _install_requires(text: str | None) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text or "")
    except configparser.Error:
        return []
    value = parser.get("options", "install_requires", fallback="")
    return [line.strip() for line in value.splitlines() if line.strip()]


def _always(requirement: str) -> str:
    """The normalized name (PEP 503) of a requirement installed on every Python the project
    supports: '' for one with an environment marker (``python_version < "3.11"``: the
    project's interpreter may not have it) or one that does not parse."""
    try:
        parsed = Requirement(requirement)
    except InvalidRequirement:
        return ""
    if parsed.marker is not None:
        return ""
    return parsed.name.lower().replace("_", "-").replace(".", "-")
