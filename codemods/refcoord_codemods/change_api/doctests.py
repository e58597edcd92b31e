"""Doctest examples (``>>> `` and ``... `` lines in docstrings) are code that runs with the
module's globals (``--doctest-modules``): their imports of the old function and their calls of
it are rewritten like the module's own code, one example line at a time (a line that does not
parse alone, the inside of a multi-line example, is left as it is)."""

from __future__ import annotations

import re

from refactor_coord.rewrite.binding import Change
from refcoord_codemods.change_api.migrate import Migrated, migrate, own_calls

_PROMPT = re.compile(r"^(?P<head>[ \t]*(?:>>>|\.\.\.) )(?P<code>.*?)(?P<end>\r?\n?)$")


def doctests_migrated(text: str, old: str, new: str, change: Change, binds_old: bool) -> str:
    """``text`` with its doctest lines that import ``old`` (qualified) importing ``new``, and,
    where the module's globals bind the old name (``binds_old``: it defines or imports it) or a
    doctest line imports it, their calls of it rewritten to the new name with their arguments
    rebound."""
    leaf, new_leaf = old.rpartition(".")[2], new.rpartition(".")[2]
    if not re.search(rf"\b{re.escape(leaf)}\b", text):
        return text
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        found = _PROMPT.match(line)
        if found is None or not re.search(rf"\b{re.escape(leaf)}\b", found["code"]):
            out.append(line)
            continue
        code = found["code"]
        done = migrate(code + "\n", "__doctest__", False, old, new, change)
        rewritten = done.text.rstrip("\n") if isinstance(done, Migrated) else code
        if rewritten != code:
            binds_old = True  # the examples below call the name that import binds
        elif binds_old:
            calls = own_calls(code + "\n", leaf, new_leaf, change)
            rewritten = calls.text.rstrip("\n") if isinstance(calls, Migrated) else code
        out.append(f"{found['head']}{rewritten}{found['end']}")
    return "".join(out)
