"""Doctest lines that import names from a module (``>>> from shop.utils import slugify``), in
Python docstrings and in documentation files run by ``--doctest-glob``/``--doctest-modules``
(``.rst``, ``.md``, ``.txt``): a doctest is code that runs, though to the index it is only text.
Pure: text in, text out."""

from __future__ import annotations

import re
from collections.abc import Collection

from refactor_coord.domain.modules import DOC_SUFFIXES

__all__ = ["DOC_SUFFIXES", "PROMPT", "imports_any", "repointed"]

#: A doctest prompt at the start of a line: its indent, then ``>>>`` or ``...`` (what follows
#: is each reader's: a space, the code, the end of the line).
PROMPT = r"[ \t]*(?:>>>|\.\.\.)"


def _pattern(module: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(?P<head>{PROMPT}[ \t]+from[ \t]+){re.escape(module)}"
        r"(?P<gap>[ \t]+import[ \t]+)(?P<names>[\w \t,]+?)(?P<end>[ \t]*)$",
        re.MULTILINE,
    )


def imports_any(text: str, module: str, names: Collection[str]) -> bool:
    """Whether a doctest line in ``text`` imports one of ``names`` from ``module``."""
    return any(
        any(n.strip() in names for n in match["names"].split(","))
        for match in _pattern(module).finditer(text)
    )


def repointed(text: str, module: str, target: str, names: Collection[str]) -> str:
    """``text`` with its doctest lines' ``from <module> import ...`` of ``names`` pointed at
    ``target`` (a line that also imports other names keeps those, on a line of its own)."""

    def repoint(match: re.Match[str]) -> str:
        listed = [n.strip() for n in match["names"].split(",") if n.strip()]
        moved = [n for n in listed if n in names]
        if not moved:
            return match[0]
        head, gap, end = match["head"], match["gap"], match["end"]
        lines = [f"{head}{target}{gap}{', '.join(moved)}{end}"]
        kept = [n for n in listed if n not in names]
        if kept:
            lines.insert(0, f"{head}{module}{gap}{', '.join(kept)}{end}")
        return "\n".join(lines)

    return _pattern(module).sub(repoint, text)
