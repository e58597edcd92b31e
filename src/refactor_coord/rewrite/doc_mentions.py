"""Where a documentation file (or a Python file's docstrings) refers to an old name the index
does not see: its cross-references (:mod:`.doc_references`) and its Python code samples
(:mod:`.doc_samples`). Each is *certain*, and the pattern's expand step rewrites it, or left for
a person to review. A file's doctests are the doctest readers' (:mod:`.doctest_programs`).
Pure: text in, mentions out."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.doc_references import cross_references, may_name, named
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
    found = [
        DocMention(path, ref.line, ref.col, CROSS_REFERENCE, named(ref, table) is not None)
        for ref in cross_references(text, module)
        if may_name(ref, leaf)
    ]
    blocks = () if path.endswith(".py") else sample_blocks(text, path)
    if owner is not None:
        named_owner = re.compile(rf"\b{re.escape(owner)}\b")
        blocks = () if not any(named_owner.search(e.code) for b in blocks for e in b) else blocks
    found += _sample_mentions(path, blocks, () if owner else spellings, leaf)
    return sorted(set(found), key=lambda m: (m.line, m.col))


def _sample_mentions(
    path: str,
    blocks: Sequence[Sequence[ExampleLine]],
    spellings: Collection[str],
    leaf: str,
) -> Iterator[DocMention]:
    """The sample lines that use ``leaf`` as a word: certain where the samples reach it through
    an import of one of ``spellings`` (``from pkg.mod import old``, ``import pkg.mod`` then
    ``pkg.mod.old``), read as one program (or, when they do not parse so, block by block)."""
    word = re.compile(rf"\b{re.escape(leaf)}\b")
    lines = [line for block in blocks for line in block]
    reached = _reached(program_of(lines), spellings)
    if reached is None:
        reached = {
            number + block[0].line - 1
            for block in blocks
            for number in _reached(program_of(block), spellings) or ()
        }
    else:
        reached = {lines[i - 1].line for i in reached}
    for line in lines:
        match = word.search(line.code)
        if match is not None and not line.code.lstrip().startswith("#"):
            yield DocMention(
                path, line.line, line.col + match.start(), CODE_SAMPLE, line.line in reached
            )


def _reached(program: str, spellings: Collection[str]) -> set[int] | None:
    """The program lines (1-based) that reach one of ``spellings``: an import of it, a use of
    the name that import binds, an attribute chain spelled through it; None when ``program``
    does not parse."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return None
    bound = _bound(tree, spellings)
    modules = _modules(tree)
    return {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Name | ast.Attribute)
        and _reaches(node, spellings, bound, modules)
    }


def _reaches(
    node: ast.ImportFrom | ast.Name | ast.Attribute,
    spellings: Collection[str],
    bound: set[str],
    modules: dict[str, str],
) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (
            bool(node.module)
            and not node.level
            and any(f"{node.module}.{a.name}" in spellings for a in node.names)
        )
    if isinstance(node, ast.Name):
        return node.id in bound
    return _dotted(node, modules) in spellings


def _bound(tree: ast.Module, spellings: Collection[str]) -> set[str]:
    """The names the program's imports bind to one of ``spellings``."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and not node.level
        for alias in node.names
        if f"{node.module}.{alias.name}" in spellings
    }


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
