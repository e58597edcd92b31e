"""Where a documentation file (or a Python file's docstrings) refers to an old name the index
does not see: its cross-references (:mod:`.doc_references`) and its Python code samples
(:mod:`.doc_samples`). Each is *certain*, and the pattern's expand step rewrites it, or left for
a person to review. A file's doctests are the doctest readers' (:mod:`.doctest_programs`).
Pure: text in, mentions out."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from refactor_coord.rewrite.doc_references import (
    CrossReference,
    cross_references,
    may_name,
    named,
)
from refactor_coord.rewrite.doc_samples import is_history, sample_blocks
from refactor_coord.rewrite.doctest_programs import ExampleLine, program_of

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
) -> list[DocMention]:
    """The mentions in ``text`` (the file ``path``) of the old name whose spellings (its
    qualified name, and those it is reachable by: a package's re-export) are ``spellings``,
    all with the same last part; ``module``: a Python file's own module (its docstrings'
    references are read in it; its code is the index's); ``owner``: a method's class (a
    sample's call of the method's name counts only in samples that name the class, and is
    never certain: its receiver's type is not read); ``short``: what a short reference is
    (:data:`ShortName`). None in a project's history."""
    leaf = next(iter(spellings)).rpartition(".")[2]
    if is_history(path) or not re.search(rf"\b{re.escape(leaf)}\b", text):
        return []
    table = dict.fromkeys(spellings, "")
    tops = {spelling.partition(".")[0] for spelling in spellings}
    found = [
        DocMention(path, ref.line, ref.col, CROSS_REFERENCE, certain)
        for ref in cross_references(text, module, in_python=module is not None)
        if may_name(ref, leaf) and not _names_another(ref, table, tops)
        for certain in [_certainty(ref, table, short)]
    ]
    blocks = () if path.endswith(".py") else sample_blocks(text, path)
    if owner is not None:
        named_owner = re.compile(rf"\b{re.escape(owner)}\b")
        blocks = () if not any(named_owner.search(e.code) for b in blocks for e in b) else blocks
    found += _sample_mentions(path, blocks, () if owner else spellings, leaf)
    return sorted(set(found), key=lambda m: (m.line, m.col))


def _certainty(ref: CrossReference, spellings: Mapping[str, str], short: ShortName) -> bool:
    """Whether ``ref`` is certain to name the old name (a short one: :data:`ShortName`)."""
    return named(ref, spellings, unique=short == "certain") is not None


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
    ``pkg.mod.old``), or use it unbound where the package's top level is one of them (see
    :func:`implied_import`); left out where they reach another module's ``leaf`` (``from
    pkg.target import old``: a move's new place); read as one program (or, when they do not
    parse so, block by block)."""
    word = re.compile(rf"\b{re.escape(leaf)}\b")
    lines = [line for block in blocks for line in block]
    implied = implied_import(spellings)
    mine = _reaching(blocks, spellings.__contains__, leaf if implied else None)
    theirs = _reaching(blocks, lambda q: q.rpartition(".")[2] == leaf and q not in spellings)
    theirs |= _reaching(blocks, spellings.__contains__, leaf, local=True)
    for line in lines:
        match = word.search(line.code)
        if match is None or line.code.lstrip().startswith("#"):
            continue
        if line.line in mine or line.line not in theirs:
            col = line.col + match.start()
            yield DocMention(path, line.line, col, CODE_SAMPLE, line.line in mine)


def implied_import(spellings: Iterable[str]) -> str | None:
    """``from pkg import old``, where ``pkg.old`` is one of ``spellings``: the import a project's
    own documentation leaves implied when its samples use the name its top-level package
    exports without importing it (funcy's README: ``walk(str.upper, {'a', 'b'})``; glom's FAQ:
    ``assign({}, 'a', 'b')``). Such a use is the package's name; None when the package's top
    level does not export it."""
    top = next((s for s in spellings if s.count(".") == 1), None)
    return None if top is None else "from {} import {}".format(*top.split("."))


def _reaching(
    blocks: Sequence[Sequence[ExampleLine]],
    accept: Callable[[str], bool],
    implied: str | None = None,
    *,
    local: bool = False,
) -> set[int]:
    """The file lines of the samples that reach a qualified name ``accept`` holds for (also
    their unbound uses of ``implied``); with ``local``, instead, where the samples bind the
    name ``implied`` themselves to something else (``markdown = mistune.create_markdown()``)
    or read it so bound. The samples are read as one program, else block by block."""
    lines = [line for block in blocks for line in block]
    reached = _reached(program_of(lines), accept, implied, local)
    if reached is not None:
        return {lines[i - 1].line for i in reached}
    return {
        number + block[0].line - 1
        for block in blocks
        for number in _reached(program_of(block), accept, implied, local) or ()
    }


def _reached(
    program: str, accept: Callable[[str], bool], implied: str | None, local: bool = False
) -> set[int] | None:
    """The program lines (1-based) that reach a qualified name ``accept`` holds for: an
    import of it, a use of the name that import binds (or of ``implied`` where nothing
    binds it), an attribute chain spelled through it; with ``local``, the lines that bind
    ``implied`` to anything else or read it so bound. None when ``program`` does not
    parse."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return None
    bindings = _bindings(tree, accept)
    if local:
        return _bound_here(tree, implied or "", bindings)
    if implied is not None:
        bindings.setdefault(implied, []).insert(0, (0, True))
    modules = _modules(tree)
    return {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom | ast.Name | ast.Attribute)
        and _reaches(node, accept, bindings, modules)
    }


def _bound_here(tree: ast.Module, name: str, bindings: _Bindings) -> set[int]:
    """The lines that bind ``name`` to something other than the old name, or read it where
    the last binding above is such a one."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name) or node.id != name:
            continue
        if not isinstance(node.ctx, ast.Load):
            found.add(node.lineno)
            continue
        before = [ours for line, ours in bindings.get(name, ()) if line < node.lineno]
        if before and not before[-1]:
            found.add(node.lineno)
    return found


def _reaches(
    node: ast.ImportFrom | ast.Name | ast.Attribute,
    accept: Callable[[str], bool],
    bindings: _Bindings,
    modules: dict[str, str],
) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (
            bool(node.module)
            and not node.level
            and any(accept(f"{node.module}.{a.name}") for a in node.names)
        )
    if isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load):
            return False
        before = [ours for line, ours in bindings.get(node.id, ()) if line < node.lineno]
        return bool(before) and before[-1]
    dotted = _dotted(node, modules)
    return bool(dotted) and accept(dotted)


#: Each name a program binds: (line, whether it is bound to the old name), in line order.
_Bindings = dict[str, list[tuple[int, bool]]]


def _bindings(tree: ast.Module, accept: Callable[[str], bool]) -> _Bindings:
    """Each name the program binds: the lines that bind it, in order, each with whether it
    binds it to a qualified name ``accept`` holds for (an import of it) or to anything else
    (another import, an assignment, a definition). A use reads the last binding above it."""
    found: _Bindings = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                ours = (
                    bool(node.module) and not node.level and accept(f"{node.module}.{alias.name}")
                )
                found.setdefault(alias.asname or alias.name, []).append((node.lineno, ours))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.partition(".")[0]
                found.setdefault(name, []).append((node.lineno, False))
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.setdefault(node.id, []).append((node.lineno, False))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.setdefault(node.name, []).append((node.lineno, False))
    return {name: sorted(lines) for name, lines in found.items()}


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
