"""``init``: write a commented starter ``refcoord.toml`` at the repository root."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from refactor_coord.domain import toml as tomllib
from refactor_coord.domain.errors import UsageError

CONFIG_NAME = "refcoord.toml"
#: The placeholder in the template that becomes the campaign name.
NAME_PLACEHOLDER = "__CAMPAIGN_NAME__"
DEFAULT_NAME = "refactoring"


def write_starter_config(repo: Path) -> Path:
    """Write the starter ``refcoord.toml`` into ``repo`` and return its path.

    Raises:
        UsageError: ``repo`` is not a directory, or it already has a configuration
            (``refcoord.toml``, or a ``[tool.refcoord]`` table in ``pyproject.toml``).
    """
    root = repo.resolve()
    if not root.is_dir():
        raise UsageError(f"--repo {repo}: no such directory")
    target = root / CONFIG_NAME
    if target.exists():
        raise UsageError(f"{target} already exists; edit it, or delete it to start afresh")
    pyproject = root / "pyproject.toml"
    if _has_refcoord_table(pyproject):
        raise UsageError(
            f"{pyproject} already has a [tool.refcoord] table; edit it, or delete it to start "
            "afresh"
        )
    text = starter_config(campaign_name(root.name))
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(
            f"{target} already exists; edit it, or delete it to start afresh"
        ) from None
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    return target


def starter_config(name: str) -> str:
    """The template with its campaign name filled in."""
    template = resources.files("refactor_coord") / "templates" / CONFIG_NAME
    return template.read_text(encoding="utf-8").replace(NAME_PLACEHOLDER, name)


def campaign_name(directory: str) -> str:
    """A valid campaign name from a directory name: lowercased, other runs turned into ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", directory.lower()).strip("-") or DEFAULT_NAME


def _has_refcoord_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        # Not valid TOML: fall back to looking for the table header.
        return re.search(r"^\s*\[\s*tool\s*\.\s*refcoord\s*[\].]", text, re.MULTILINE) is not None
    return isinstance(tool, dict) and "refcoord" in tool
