"""Where the repository spells, in a string, a name the refactoring takes away (see
:mod:`refactor_coord.analysis.mentions`): in the files that refer to the name's module, or to
any module the index saw it reached through."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.mentions import string_mentions


@dataclass(frozen=True, slots=True)
class Mention:
    """A string literal that is exactly the last part of ``name``."""

    path: str
    line: int
    col: int
    name: str  #: the qualified name it may stand for


#: Why a mention is left for a person to review.
MENTION_REASON = (
    "a string that is exactly the old name: code that reads it by name (getattr, "
    "monkeypatch.setattr, dir(), a parametrized patch) must change with it"
)


def mentions(
    repo: Path, store: IndexStore, names: Collection[str], skip: Collection[str]
) -> list[Mention]:
    """The mentions of each qualified name in ``names`` outside the files in ``skip``."""
    found: list[Mention] = []
    for name in names:
        module, _, leaf = name.rpartition(".")
        through = {str(row[1]).rpartition(".")[0] for row in store.references_to(name)}
        for path in sorted(store.files_writing(sorted({module, *through} - {""})) - set(skip)):
            text = read_source(repo / path)
            for line, col, _ in string_mentions(text or "", {leaf}):
                found.append(Mention(path, line, col, name))
    return found
