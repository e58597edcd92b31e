"""Where a documentation file (or a Python file's docstrings) refers to an old name the index
does not see: its cross-references (:mod:`.doc_references`) and its Python code samples
(:mod:`.doc_samples`). Each is *certain*, and the pattern's expand step rewrites it, or left for
a person to review. A file's doctests are the doctest readers' (:mod:`.doctest_programs`).
Pure: text in, mentions out."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from refactor_coord.rewrite.doc_references import (
    CrossReference,
    cross_references,
    may_name,
    named,
)
from refactor_coord.rewrite.doc_samples import is_history, sample_blocks
from refactor_coord.rewrite.doctest_programs import ExampleLine
from refactor_coord.rewrite.positions import source_lines
from refactor_coord.rewrite.sample_names import sample_uses

#: What a short cross-reference (one Sphinx searches for, ``:class:`.Old```, or one that does
#: not say its module, ``:class:`Old``` with no current module) whose target ends an old
#: spelling is: ``certain`` to name the old name, as no other object of the project has its
#: last part; ``unsure``: another object may have it.
ShortName = Literal["certain", "unsure"]

#: What a mention is, as a plan and a refusal name it.
CROSS_REFERENCE = "a cross-reference"
CODE_SAMPLE = "a code sample"


@dataclass(frozen=True, slots=True)
class DocMention:
    """One place in a documentation file that names an old name (``col`` in characters from
    0); ``certain``: it names one of the old spellings, and expand rewrites it."""

    path: str
    line: int
    col: int
    what: str  #: :data:`CROSS_REFERENCE` or :data:`CODE_SAMPLE`
    certain: bool


def doc_mentions(
    path: str,
    text: str,
    spellings: Collection[str],
    module: str | None = None,
    owner: str | None = None,
    short: ShortName = "unsure",
    moved: bool = False,
) -> list[DocMention]:
    """The mentions in ``text`` (the file ``path``) of the old name whose spellings (its
    qualified name, and those it is reachable by: a package's re-export) are ``spellings``,
    all with the same last part; ``module``: a Python file's own module (its docstrings'
    references are read in it; its code is the index's); ``owner``: a method's class (a
    sample's call of the method's name counts only in files whose samples name the class,
    and is never certain: its receiver's type is not read); ``short``: what a short reference is
    (:data:`ShortName`); ``moved``: a move, which keeps the name (a sample's line is certain
    only where it spells the old place). None in a project's history."""
    leaf = next(iter(spellings)).rpartition(".")[2]
    if is_history(path) or not re.search(rf"\b{re.escape(leaf)}\b", text):
        return []
    table = dict.fromkeys(spellings, "")
    tops = {spelling.partition(".")[0] for spelling in spellings}
    found = [
        DocMention(path, ref.line, ref.col, CROSS_REFERENCE, certain)
        for ref in cross_references(text, module, in_python=module is not None, leaf=leaf)
        if may_name(ref, leaf) and _could_be(ref, table) and not _names_another(ref, table, tops)
        for certain in [_certainty(ref, table, short)]
    ]
    blocks = () if path.endswith(".py") else sample_blocks(text, path)
    if owner is not None:
        named_owner = re.compile(rf"\b{re.escape(owner)}\b")
        blocks = () if not any(named_owner.search(e.code) for b in blocks for e in b) else blocks
    found += _sample_mentions(path, blocks, () if owner else spellings, leaf, moved)
    return sorted(set(found), key=lambda m: (m.line, m.col))


def _certainty(ref: CrossReference, spellings: Mapping[str, str], short: ShortName) -> bool:
    """Whether ``ref`` is certain to name the old name (a short one: :data:`ShortName`)."""
    return named(ref, spellings, unique=short == "certain") is not None


def _could_be(ref: CrossReference, spellings: Mapping[str, str]) -> bool:
    """Whether ``ref`` may name the old name (or a member of it): its target is its last part
    alone, or a head of its target ends one of the old spellings (``:meth:`~Serializer.loads```
    cannot be ``TimedSerializer.loads``)."""
    return "." not in ref.target or named(ref, spellings, unique=True) is not None


def _names_another(ref: CrossReference, spellings: Mapping[str, str], tops: set[str]) -> bool:
    """Whether ``ref`` names, in full, an object of the project that is not the old name's
    (``:func:`pkg.target.old```, where a move put it)."""
    absolute = "." in ref.target and ref.target.partition(".")[0] in tops
    return absolute and not ref.searched and named(ref, spellings) is None


def _sample_mentions(
    path: str,
    blocks: Sequence[Sequence[ExampleLine]],
    spellings: Collection[str],
    leaf: str,
    moved: bool,
) -> Iterator[DocMention]:
    """The sample lines that use ``leaf`` as a word, as :mod:`.sample_names` reads them:
    certain where they reach the old name, left out where it is another's (or no use at
    all), else for review."""
    word = re.compile(rf"\b{re.escape(leaf)}\b")
    uses = sample_uses(blocks, spellings, moved)
    for line in (line for block in blocks for line in block):
        match = word.search(line.code)
        if match is None or line.code.lstrip().startswith("#"):
            continue
        if line.line in uses.mine or line.line not in uses.theirs:
            col = line.col + match.start()
            yield DocMention(path, line.line, col, CODE_SAMPLE, line.line in uses.mine)


#: What a page that documents a module's members is, as a plan names it.
MODULE_PAGE = "a page of the module's members"

_PAGE = re.compile(r"^[ \t]*(?:\.\.[ \t]+(?:py:)?automodule::|:::)[ \t]+(?P<module>[\w.]+)[ \t]*$")


def module_pages(path: str, text: str, module: str) -> list[DocMention]:
    """The places in the documentation file ``path`` that document ``module``'s members
    (``.. automodule::``, mkdocstrings' ``:::``): a move takes names off that page (its shim
    serves them, it does not define them), and no page documents their new module yet."""
    if is_history(path) or path.endswith(".py") or module not in text:
        return []
    return [
        DocMention(path, number, match.start("module"), MODULE_PAGE, False)
        for number, line in enumerate((ln.rstrip("\r\n") for ln in source_lines(text)), 1)
        if (match := _PAGE.match(line)) is not None and match["module"] == module
    ]
