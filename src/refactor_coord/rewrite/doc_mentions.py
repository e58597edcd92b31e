"""Where a documentation file (or a Python file's docstrings) refers to an old name the index
does not see: its cross-references (:mod:`.doc_references`) and its Python code samples
(:mod:`.doc_samples`). Each is *certain*, and the pattern's expand step rewrites it, or left for
a person to review. A file's doctests are the doctest readers' (:mod:`.doctest_programs`).
Pure: text in, mentions out."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.doc_references import (
    CrossReference,
    cross_references,
    may_name,
    named,
)
from refactor_coord.rewrite.doc_samples import is_history, sample_blocks
from refactor_coord.rewrite.doctest_programs import ExampleLine, program_of

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
) -> list[DocMention]:
    """The mentions in ``text`` (the file ``path``) of the old name whose spellings (its
    qualified name, and those it is reachable by: a package's re-export) are ``spellings``,
    all with the same last part; ``module``: a Python file's own module (its docstrings'
    references are read in it; its code is the index's); ``owner``: a method's class (a
    sample's call of the method's name counts only in samples that name the class, and is
    never certain: its receiver's type is not read). None in a project's history."""
    leaf = next(iter(spellings)).rpartition(".")[2]
    if is_history(path) or not re.search(rf"\b{re.escape(leaf)}\b", text):
        return []
    table = dict.fromkeys(spellings, "")
    tops = {spelling.partition(".")[0] for spelling in spellings}
    found = [
        DocMention(path, ref.line, ref.col, CROSS_REFERENCE, named(ref, table) is not None)
        for ref in cross_references(text, module, in_python=module is not None)
        if may_name(ref, leaf) and not _names_another(ref, table, tops)
    ]
    blocks = () if path.endswith(".py") else sample_blocks(text, path)
    if owner is not None:
        named_owner = re.compile(rf"\b{re.escape(owner)}\b")
        blocks = () if not any(named_owner.search(e.code) for b in blocks for e in b) else blocks
    found += _sample_mentions(path, blocks, () if owner else spellings, leaf)
    return sorted(set(found), key=lambda m: (m.line, m.col))


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
) -> Iterator[DocMention]:
    """The sample lines that use ``leaf`` as a word: certain where the samples reach it through
    an import of one of ``spellings`` (``from pkg.mod import old``, ``import pkg.mod`` then
    ``pkg.mod.old``); left out where they reach another module's ``leaf`` (``from
    pkg.target import old``: a move's new place); read as one program (or, when they do not
    parse so, block by block)."""
    word = re.compile(rf"\b{re.escape(leaf)}\b")
    lines = [line for block in blocks for line in block]
    mine = _reaching(blocks, spellings.__contains__)
    theirs = _reaching(blocks, lambda q: q.rpartition(".")[2] == leaf and q not in spellings)
    for line in lines:
        match = word.search(line.code)
        if match is None or line.code.lstrip().startswith("#"):
            continue
        if line.line in mine or line.line not in theirs:
            col = line.col + match.start()
            yield DocMention(path, line.line, col, CODE_SAMPLE, line.line in mine)


def _reaching(blocks: Sequence[Sequence[ExampleLine]], accept: Callable[[str], bool]) -> set[int]:
    """The file lines of the samples that reach a qualified name ``accept`` holds for, the
    samples read as one program, else block by block."""
    lines = [line for block in blocks for line in block]
    reached = _reached(program_of(lines), accept)
    if reached is not None:
        return {lines[i - 1].line for i in reached}
    return {
        number + block[0].line - 1
        for block in blocks
        for number in _reached(program_of(block), accept) or ()
    }


def _reached(program: str, accept: Callable[[str], bool]) -> set[int] | None:
    """The program lines (1-based) that reach a qualified name ``accept`` holds for: an
    import of it, a use of the name that import binds, an attribute chain spelled through
    it; None when ``program`` does not parse."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return None
    bound = _bound(tree, accept)
    modules = _modules(tree)
    return {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Name | ast.Attribute)
        and _reaches(node, accept, bound, modules)
    }


def _reaches(
    node: ast.ImportFrom | ast.Name | ast.Attribute,
    accept: Callable[[str], bool],
    bound: dict[str, int],
    modules: dict[str, str],
) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (
            bool(node.module)
            and not node.level
            and any(accept(f"{node.module}.{a.name}") for a in node.names)
        )
    if isinstance(node, ast.Name):
        return node.id in bound and bound[node.id] <= node.lineno
    dotted = _dotted(node, modules)
    return bool(dotted) and accept(dotted)


def _bound(tree: ast.Module, accept: Callable[[str], bool]) -> dict[str, int]:
    """The names the program's imports bind to a qualified name ``accept`` holds for, each
    with the first line that binds it (a sample reads the names bound above it)."""
    bound: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                name = alias.asname or alias.name
                if accept(f"{node.module}.{alias.name}"):
                    bound[name] = min(bound.get(name, node.lineno), node.lineno)
    return bound


def _modules(tree: ast.Module) -> dict[str, str]:
    """The names the program's ``import`` statements bind, to the module each stands for
    (``import a.b``: ``a``; ``import a.b as m``: ``m`` is ``a.b``)."""
    return {
        alias.asname or alias.name.partition(".")[0]: alias.name
        if alias.asname
        else alias.name.partition(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }


def _dotted(node: ast.expr, modules: dict[str, str]) -> str:
    """``a.b.c`` of an attribute chain on an imported module's name, the module spelled as
    imported (else ``""``)."""
    if isinstance(node, ast.Name):
        return modules.get(node.id, "")
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, modules)
        return f"{base}.{node.attr}" if base else ""
    return ""


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
        for number, line in enumerate(text.splitlines(), 1)
        if (match := _PAGE.match(line)) is not None and match["module"] == module
    ]
