"""Where the repository spells, in a string, a name the refactoring takes away (see
:mod:`refactor_coord.analysis.mentions`): in the files that refer to the name's module, or to
any module the index saw it reached through."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.adapters.filesystem import list_files, read_bytes
from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.mentions import string_mentions
from refactor_coord.rewrite.doctest_imports import DOC_SUFFIXES, PROMPT
from refactor_coord.rewrite.positions import source_lines
from refactor_coord.rewrite.shown_names import shown_name_places


@dataclass(frozen=True, slots=True)
class Mention:
    """A string literal that is exactly the last part of ``name``."""

    path: str
    line: int
    col: int
    name: str  #: the qualified name it may stand for
    #: where the module it is tested against starts (line, column from 1), when the string
    #: only tests whether a namespace has the name (``"old" in dir(mod)``)
    namespace: tuple[int, int] | None = None


#: Why a mention is left for a person to review.
MENTION_REASON = (
    "a string that is exactly the old name: code that reads it by name (getattr, "
    "monkeypatch.setattr, dir(), a parametrized patch) must change with it"
)


#: Why a mention that only tests a module for the name is renamed with it.
TESTED_NAME = 'a string that tests whether its module has the old name ("old" in dir(module))'


def mentions(
    repo: Path, store: IndexStore, names: Collection[str], skip: Collection[str]
) -> list[Mention]:
    """The mentions of each qualified name in ``names`` outside the files in ``skip``."""
    found: list[Mention] = []
    for name in names:
        leaf = name.rpartition(".")[2]
        quoted = re.compile(rf"""(['"]){re.escape(leaf)}\1""")
        for path in _files_naming(store, name, skip):
            text = read_source(repo / path) or ""
            if not quoted.search(text):
                continue  # no string that is exactly the name: nothing to parse for
            for line, col, _, namespace in string_mentions(text, {leaf}):
                found.append(Mention(path, line, col, name, namespace))
    return found


def shown_names(repo: Path, store: IndexStore, cls: str, skip: Collection[str]) -> list[Mention]:
    """The strings that show the class ``cls``'s name as its ``repr`` does (``"Square(side=2)"``,
    :mod:`refactor_coord.rewrite.shown_names`), outside the files in ``skip``; ``col`` in
    characters, from 1."""
    found: list[Mention] = []
    leaf = cls.rpartition(".")[2]
    for path in _files_naming(store, cls, skip):
        text = read_source(repo / path) or ""
        lines = source_lines(text)
        for line, col in shown_name_places(text, leaf):
            chars = len(lines[line - 1].encode("utf-8")[:col].decode("utf-8", "replace"))
            found.append(Mention(path, line, chars + 1, cls))
    return found


def _files_naming(store: IndexStore, name: str, skip: Collection[str]) -> list[str]:
    """The files that refer to the module of ``name`` or to a module the index saw it reached
    through, outside ``skip``."""
    module = name.rpartition(".")[0]
    through = {str(row[1]).rpartition(".")[0] for row in store.references_to(name)}
    return sorted(store.files_writing(sorted({module, *through} - {""})) - set(skip))


def doctest_texts(repo: Path, exclude: Sequence[str]) -> dict[str, str]:
    """The documentation files (``.rst``, ``.md``, ``.txt``) that hold doctests, by path."""
    found: dict[str, str] = {}
    for entry in list_files(repo, exclude, DOC_SUFFIXES):
        raw = read_bytes(repo, entry.path)
        text = raw.decode("utf-8", "replace") if raw is not None else ""
        if ">>>" in text:
            found[entry.path] = text
    return found


def doctest_mentions(texts: Mapping[str, str], name: str) -> list[tuple[str, int]]:
    """(path, line) of each doctest example line in the documentation ``texts`` that reaches
    ``name`` (qualified) through its project: imports it from one of the project's modules
    (``>>> from semver import Version``) or spells it through them (``semver.Version(...)``).
    The index does not read documentation: these are uses it cannot see. A bare use whose
    import the examples do not show (a Sphinx ``testsetup``), and a method's calls (their
    receivers are not typed), are not counted: they cannot be told from other names'."""
    top = re.escape(name.partition(".")[0])
    leaf = re.escape(name.rpartition(".")[2])
    imported = rf"from[ \t]+{top}(?:\.\w+)*[ \t]+import[ \t].*\b{leaf}\b"
    dotted = rf"\b{top}(?:\.\w+)*\.{leaf}\b"
    pattern = re.compile(rf"^{PROMPT}[ \t].*(?:{imported}|{dotted})")
    return [
        (path, number)
        for path, text in sorted(texts.items())
        for number, line in enumerate(text.splitlines(), 1)
        if pattern.match(line)
    ]
