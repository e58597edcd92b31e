"""The hooks a ``.pre-commit-config.yaml`` runs, by id (read as text: the ids are all a tool's
configuration needs from it, and PyYAML is no dependency of refcoord)."""

from __future__ import annotations

import re

_HOOK_ID = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([\w.-]+)", re.MULTILINE)


def hook_ids(text: str) -> list[str]:
    """The ``id:`` of every hook the configuration ``text`` lists, in order."""
    return _HOOK_ID.findall(text)
