"""The repository's documentation as a refactoring sees it: its files (``.rst``, ``.md``,
``.txt``) and its Python files' docstrings, read for cross-references to the old names and,
in documentation files, Python code samples that use them
(:mod:`refactor_coord.rewrite.doc_mentions`). The index reads neither: the plan lists them
(certain ones for the expand step to rewrite, the others for review) and the contract step
waits until none is left."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.adapters.filesystem import list_files, read_bytes
from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.domain.specs import ChangeApi, ExtractModule, Refactor
from refactor_coord.planning.inputs import RefSite
from refactor_coord.rewrite.doc_mentions import (
    CODE_SAMPLE,
    CROSS_REFERENCE,
    DocMention,
    ShortName,
    doc_mentions,
    module_pages,
)
from refactor_coord.rewrite.doctest_imports import DOC_SUFFIXES


@dataclass(frozen=True, slots=True)
class Documentation:
    """The texts that may name the old names, by path, each with the module a Python file's
    docstrings are read in (None for a documentation file)."""

    texts: Mapping[str, tuple[str, str | None]]

    def pages(self, module: str) -> list[DocMention]:
        """Where the documentation files document ``module``'s members."""
        return [
            page
            for path, (text, _) in sorted(self.texts.items())
            for page in module_pages(path, text, module)
        ]

    def mentions(
        self,
        spellings: Collection[str],
        owner: str | None = None,
        short: ShortName = "unsure",
        moved: bool = False,
    ) -> list[DocMention]:
        """Where the texts name the old name spelled ``spellings`` (one last part for all);
        ``owner``: a method's class; ``short``: what a short reference is
        (:data:`~refactor_coord.rewrite.doc_mentions.ShortName`)."""
        return [
            mention
            for path, (text, module) in sorted(self.texts.items())
            for mention in doc_mentions(path, text, spellings, module, owner, short, moved)
        ]


def read_documentation(
    repo: Path, exclude: Sequence[str], modules: Mapping[str, str], leaves: Iterable[str]
) -> Documentation:
    """The documentation files under ``repo`` and the Python files ``modules`` lists (path to
    module) that hold one of ``leaves`` (the old names' last parts) as a word."""
    wanted = tuple(set(leaves))
    found: dict[str, tuple[str, str | None]] = {}
    docs = [entry.path for entry in list_files(repo, exclude, DOC_SUFFIXES)]
    for path in [*docs, *sorted(modules)]:
        text = _text(read_bytes(repo, path))
        if text is not None and any(leaf in text for leaf in wanted):
            found[path] = (text, modules.get(path))
    return Documentation(found)


def mentions_of(
    store: IndexStore,
    documentation: Documentation,
    spellings: Collection[str],
    owner: str | None,
    moved: bool,
) -> list[DocMention]:
    """Where the documentation names the old name spelled ``spellings`` (``owner``: a
    method's class). A rename changes every use of its last part: the mentions that may be
    another's are listed too. A move (``moved``) keeps the name: only what spells its old
    place changes, so only the certain mentions count (a sample's bare ``slugify(...)`` reads
    the same wherever the function lives)."""
    if moved:
        return [m for m in documentation.mentions(spellings, owner, moved=True) if m.certain]
    return documentation.mentions(spellings, owner, short_name_reading(store, spellings))


def short_name_reading(store: IndexStore, spellings: Collection[str]) -> ShortName:
    """What a short cross-reference to the old name spelled ``spellings`` is (one Sphinx
    searches for, ``:class:`.BadPayload```, or one with no module, ``:class:`Markdown```):
    where no other definition of the repository has its last part, and Python's builtins do
    not either (``:func:`open``` is Python's, through intersphinx), it names the old name,
    else it may name another."""
    leaf = next(iter(spellings)).rpartition(".")[2]
    if leaf in _BUILTINS or store.definitions_ending(leaf) - set(spellings):
        return "unsure"
    return "certain"


_BUILTINS = frozenset(dir(builtins))


def _text(raw: bytes | None) -> str | None:
    """A file's text, its BOM left out; None when it is not UTF-8 (the steps, which read
    files as UTF-8, could not rewrite it: a Python file's own encoding is the index's)."""
    if raw is None:
        return None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def spellings_of(old: str, others: Iterable[str]) -> tuple[str, ...]:
    """The spellings a documentation reference may name the old name by: its qualified name,
    then the others with the same last part (a package's re-export, ``pkg.old``)."""
    leaf = old.rpartition(".")[2]
    return (old, *sorted({o for o in others if o.rpartition(".")[2] == leaf} - {old}))


#: Why expand rewrites a documentation mention, and why one is left for review, by what it is.
REWRITTEN = "names the old name with certainty: the expand step points it at the new one"
UNSURE = {
    CROSS_REFERENCE: (
        "its target ends in the old name's, but may name another object of that name (no "
        "current module says which, or Sphinx searches for it): change it by hand if it is "
        "this name's, before the contract step (which waits for it)"
    ),
    CODE_SAMPLE: (
        "uses the old name's name without an import that shows it is this one: change it by "
        "hand if it is, before the contract step (which waits for it)"
    ),
}


#: Why a page that documents the source's members is listed for review at expand.
PAGE_LEFT = (
    "documents the source module's members: the moved names leave this page at expand (the "
    "shim serves them, it does not define them); document the target module too"
)


def documented_sites(
    store: IndexStore,
    documentation: Documentation,
    spec: Refactor,
    others: Iterable[str],
    owner: str | None,
) -> tuple[RefSite, ...]:
    """The plan's view of the documentation's mentions of ``spec``'s old names (``others``:
    the other names they are reachable by, a re-export; ``owner``: a method's class): certain
    ones to rewrite, the others for review."""
    if not isinstance(spec, ChangeApi | ExtractModule):
        return ()
    others = tuple(others)
    moved = isinstance(spec, ExtractModule)  # a move keeps the name
    pages = (
        tuple(
            RefSite(m.path, m.line, m.col + 1, "doc-page", spec.source, m.what, "low", PAGE_LEFT)
            for m in documentation.pages(spec.source)
        )
        if isinstance(spec, ExtractModule)
        else ()
    )
    return pages + tuple(
        RefSite(
            m.path,
            m.line,
            m.col + 1,
            "doc",
            old,
            m.what,
            "high" if m.certain else "low",
            REWRITTEN if m.certain else UNSURE[m.what],
        )
        for old in spec.old_names()
        for m in mentions_of(store, documentation, spellings_of(old, others), owner, moved)
    )
