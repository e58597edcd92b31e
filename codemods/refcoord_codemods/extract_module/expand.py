"""extract-module, source side: move definitions out (expand). Text in, tagged result out:
nothing here touches a file. The shim's later life (deprecate, contract) is in :mod:`.shim`, the
target module's text in :mod:`.target_module`.

The shim is a PEP 562 module ``__getattr__`` that serves moved names from their new module, so
``source.name`` and ``from source import name`` keep working (and ``from source import *``, since
``__all__`` keeps listing them; a star-imported source without one gets one, see
``star_all``). Moved code that reads names staying in the source module reads them as
attributes of that module (``_pkg_source.NAME``) at call time, so code elsewhere that
patches those globals keeps its effect. Each module imports the other among its imports, or at
its end when the other reads its names at import time (an import cycle; a comment says so); when
both would need each other at import time, expand refuses. The code written follows the project's
style (:mod:`refactor_coord.rewrite.style`). A BOM and CRLF line endings are kept.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import libcst as cst

from refactor_coord.rewrite.cst_tools import (
    TextForm,
    attach,
    blank_lines,
    close_gaps,
    defined_names,
    detach,
    walk,
    with_blank_lines,
)
from refactor_coord.rewrite.doctest_imports import repointed
from refactor_coord.rewrite.dunder_all import DunderAll, read_all
from refactor_coord.rewrite.import_block import (
    fitted,
    insert_import,
    member_key,
    space_after_imports,
    spaced_as_isort,
)
from refactor_coord.rewrite.imports import (
    as_reexport,
    is_type_checking_block,
    relative_name,
    without_names,
)
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit, apply_edits
from refactor_coord.rewrite.scope import NameUse
from refactor_coord.rewrite.style import Style, file_quote, prefers_relative
from refcoord_codemods.extract_module.shim import (
    BACK_IMPORT_NOTE,
    BIND_BACK_NOTE,
    module_alias,
    shim_code,
)
from refcoord_codemods.extract_module.source_analysis import (
    Analysis,
    AnalysisError,
    analyse,
    runs_at_import,
)
from refcoord_codemods.extract_module.star_all import (
    StarNames,
    Written,
    star_all_code,
    star_names,
)
from refcoord_codemods.extract_module.target_module import (
    TargetStyle,
    after_leading_imports,
    imports_for_moved,
    is_bare_string,
    preamble,
    target_text,
)


@dataclass(frozen=True, slots=True)
class Expanded:
    """The expand step's result for one source module."""

    source: str  #: the source module's new text
    target: str  #: the target module's new text
    moved: tuple[str, ...]  #: every name that moved (the symbols and the private helpers)
    helpers: tuple[str, ...]  #: private helpers that moved because only moved code used them


def _moved_statements(
    a: Analysis, symbols: Sequence[str], stays: Callable[[str], bool]
) -> tuple[set[int], list[str]] | Refused:
    moved: set[int] = set()
    for symbol in symbols:
        if symbol not in a.defines:
            return Refused(
                f"'{symbol}' is not defined at the top of the source module"
                + (
                    " (only inside an if, try, with, for or while block); move it by hand"
                    if symbol in a.bound_at
                    else ""
                )
            )
        index = a.defines[symbol]
        others = [n for n in defined_names(a.module.body[index]) if n not in symbols]
        if others:
            return Refused(f"'{symbol}' is defined in one statement with {', '.join(others)}")
        moved.add(index)
    return moved, _move_helpers(a, moved, stays)


def _move_helpers(a: Analysis, moved: set[int], stays: Callable[[str], bool]) -> list[str]:
    """Add to ``moved`` the statements that bind only private helpers the moved code alone uses,
    whatever the statement (``_hook = default_hook``, a sentinel made in a ``try``/``except
    ImportError`` or an ``if`` block); returns the helpers' names. A statement that also binds
    a name that stays, or any import-only statement, stays (the moved code then reads the
    helper through the source, or imports it)."""
    by_statement: dict[int, set[str]] = {}
    for name, tops in a.bound_at.items():
        for index in tops:
            by_statement.setdefault(index, set()).add(name)
    helpers: list[str] = []
    changed = True
    while changed:
        changed = False
        for index, names in sorted(by_statement.items()):
            if index in moved or _only_imports(a.module.body[index]):
                continue
            if all(_only_moved_code_uses(a, name, index, moved, stays) for name in names):
                moved.add(index)
                helpers += sorted(names)
                changed = True
    return helpers


def _only_moved_code_uses(
    a: Analysis, name: str, index: int, moved: set[int], stays: Callable[[str], bool]
) -> bool:
    """Whether ``name`` is a private helper bound only by statement ``index`` that moved code
    alone uses (no other module either)."""
    if not name.startswith("_") or name.startswith("__") or a.bound_at.get(name) != {index}:
        return False
    users = {u.top for u in a.uses.get(name, [])} | a.in_strings.get(name, set())
    users -= {index}
    return bool(users) and users <= moved and not stays(name)


def _only_imports(stmt: cst.BaseStatement) -> bool:
    """An import line: the moved code gets its own copy of what it needs from it."""
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in stmt.body
    )


def _cannot_move(a: Analysis, moved: set[int], moved_names: set[str]) -> Refused | None:
    """Moves that would change what the code does: say why, rather than guess."""
    for name in sorted(moved_names):
        elsewhere = a.bound_at.get(name, set()) - moved
        if elsewhere:
            return Refused(
                f"'{name}' is also assigned outside its definition (line of statement "
                f"{min(elsewhere) + 1}); move it by hand"
            )
    for i in sorted(moved):
        for node in walk(a.module.body[i]):
            if isinstance(node, cst.Global):
                outside = [n.name.value for n in node.names if n.name.value not in moved_names]
                if outside:
                    return Refused(
                        f"moved code rebinds the source module's global {', '.join(outside)} "
                        "(`global` statement); move it by hand"
                    )
    if a.star_import:
        unknown = sorted({name for i, name in a.unresolved if i in moved})
        if unknown:
            return Refused(
                f"moved code uses {', '.join(unknown)}, which may come from a star import "
                "of the source module; import it explicitly first"
            )
    return None


@dataclass(frozen=True, slots=True)
class _Links:
    """How the two modules reach each other's names."""

    renames: list[Edit]  #: names to read as ``alias.name`` from the other module
    source_in_target: str | None  #: "top" / "end": where the target imports the source
    #: "top" / "end": where the source imports the target (the end only when the moved code
    #: reads the source when it is imported: the source must have defined those names first)
    target_in_source: str | None
    source_at_import: bool = False  #: the moved code reads what stays when it is imported
    #: the moved code reads what stays only in annotations Python never evaluates
    source_for_types: bool = False
    #: what stays that the moved code reads only while it is imported (a base class, a
    #: constant computed from another): imported by name, its value is taken then either way
    by_name: tuple[str, ...] = ()


def _links(
    a: Analysis,
    moved: set[int],
    moved_names: set[str],
    aliases: tuple[str, str],
    through_source: set[str],
) -> _Links | Refused:
    """How the moved code reaches what stays (read as attributes of the source module: its
    globals, and the imports in ``through_source``), and how the code that stays reaches what
    moved; where each module imports the other. ``aliases``: the source's, the target's."""
    src_alias, tgt_alias = aliases
    renames: list[Edit] = []
    needs_source = needs_target = False
    source_at_import: list[NameUse] = []  # moved code reading what stays, at import time
    target_at_import: list[NameUse] = []  # code that stays reading what moved, at import time
    for_types = True  # every read of what stays is in an annotation never evaluated
    by_name = _read_once(a, moved, through_source)
    for name, uses in a.uses.items():
        for use in uses:
            index = use.top
            stays_global = name not in a.imports or name in through_source
            if index in moved and stays_global and a.bound_at.get(name, set()) - moved:
                source_at_import += [use] if runs_at_import(a, use) else []
                if name in by_name:
                    continue
                renames.append(Edit(use.line, use.col, name, f"{src_alias}.{name}"))
                needs_source = True
                for_types = for_types and use.deferred
            elif index not in moved and name in moved_names and a.defines.get(name) != index:
                renames.append(Edit(use.line, use.col, name, f"{tgt_alias}.{name}"))
                needs_target = True
                target_at_import += [use] if runs_at_import(a, use) else []
    if source_at_import and target_at_import:
        return Refused(_cycle(source_at_import, target_at_import))
    return _Links(
        renames,
        ("end" if target_at_import else "top") if needs_source else None,
        ("end" if source_at_import else "top") if needs_target else None,
        bool(source_at_import),
        needs_source and for_types,
        tuple(sorted(by_name)),
    )


def _read_once(a: Analysis, moved: set[int], through_source: set[str]) -> set[str]:
    """The names of what stays that the moved code reads, every time while it is imported (a
    module-level expression, a class body, a default, a decorator, a base class), and never
    binds itself: the value read is the one the name has then, so an import by name reads the
    same (and the moved code keeps its text). A read in a function body stays an attribute of
    the source, which a later patch of the source's name reaches."""
    found: dict[str, bool] = {}
    for name, uses in a.uses.items():
        stays_global = name not in a.imports or name in through_source
        if not stays_global or not a.bound_at.get(name, set()) - moved:
            continue
        if a.bound_at.get(name, set()) & moved:
            continue
        for use in uses:
            if use.top in moved:
                found[name] = found.get(name, True) and use.at_import and use.depth == 0
    return {name for name, once in found.items() if once}


def _cycle(moved_reads: list[NameUse], staying_reads: list[NameUse]) -> str:
    """Why moving would create an import-time cycle, naming the statements that make it."""

    def listed(uses: list[NameUse]) -> str:
        first = sorted(uses, key=lambda u: (u.line, u.col))[:3]
        return ", ".join(f"{u.name} (line {u.line})" for u in first)

    return (
        "moving would create an import cycle: when the modules are imported, the moved code "
        f"reads {listed(moved_reads)} from the source module, and the code staying behind "
        f"reads {listed(staying_reads)} from the moved code; move those together, or make "
        "one of those reads happen at call time"
    )


def _imported_below(a: Analysis, moved: set[int]) -> set[str]:
    """The imported names the source binds below its first moved statement."""
    first = min(moved)
    return {n for n, i in a.import_at.items() if i > first}


def _bound_back_links(links: _Links) -> _Links | Refused:
    """The links when the source binds the moved names back: the target imports the source at
    its end, which works only if the moved code needs nothing of the source when imported."""
    if links.source_at_import:
        return Refused(
            "a module imports a moved name from the source while the source is still being "
            "imported, and the moved code needs the source when it is imported: migrate that "
            "module's import by hand first, or move what the moved code needs along with it"
        )
    return replace(links, source_in_target="end" if links.source_in_target else None)


def _bind_back(
    a: Analysis,
    body: list[cst.BaseStatement | None],
    moved: set[int],
    symbols: set[str],
    target_module: str,
    style: Style,
) -> None:
    """Where each run of moved statements stood, an import of the moved symbols it defined back
    from the target (marked, so that the deprecate step removes it)."""
    run: list[int] = []
    for i in [*range(len(body)), len(body)]:
        if i in moved:
            run.append(i)
            continue
        names = [n for j in run for n in defined_names(a.module.body[j]) if n in symbols]
        if names:
            late = any(_code(a.module.body[j]) for j in range(run[0]) if j not in moved)
            imported = _bound_back(sorted(names, key=member_key), target_module, style, late)
            body[run[0]] = with_blank_lines(
                cst.parse_statement(f"{BIND_BACK_NOTE}\n{imported}"),
                blank_lines(a.module.body[run[0]]),
            )
        run = []


def _bound_back(names: list[str], target_module: str, style: Style, late: bool) -> str:
    """The import binding ``names`` back from the target: other modules import them from here,
    so each is an explicit re-export (``name as name``, as mypy's ``--no-implicit-reexport``
    and ruff's F401 read it; with a ``noqa`` where PLC0414 is checked); for flake8, whose
    pyflakes does not read that form, a plain import with ``noqa: F401``. Each ``noqa`` sits
    where the linter reports: ruff at each name, pyflakes (a plain name) and E402 at the first
    line. ``late``: code comes before it (E402, where that is checked)."""
    first = ["E402"] if late and style.checks("E402") else []
    flake8 = style.linter == "flake8"
    at_name = ["F401"] if flake8 else ["PLC0414"] if style.checks("PLC0414") else []
    spelled = [n if flake8 else f"{n} as {n}" for n in names]
    codes = [*first, *at_name]
    one = f"from {target_module} import {spelled[0]}"
    one += f"  # noqa: {', '.join(codes)}\n" if codes else "\n"
    if len(names) == 1 and len(one) - 1 <= style.line_length:
        return one
    if flake8:  # pyflakes reports a plain name's F401 at the statement's first line
        first, at_name = [*first, *at_name], []
    head = f"  # noqa: {', '.join(first)}" if first else ""
    name_noqa = f"  # noqa: {', '.join(at_name)}" if at_name else ""
    listed = "".join(f"    {n},{name_noqa}\n" for n in spelled)
    return f"from {target_module} import ({head}\n{listed})\n"


def _code(stmt: cst.BaseStatement) -> bool:
    """Whether ``stmt`` is code an import after it comes late for (E402): not an import, a
    docstring or a type-checking block."""
    if isinstance(stmt, cst.SimpleStatementLine):
        return not all(
            isinstance(small, (cst.Import, cst.ImportFrom))
            or (isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString))
            for small in stmt.body
        )
    return not is_type_checking_block(stmt)


def _read_through_source(a: Analysis, moved: set[int], stays: Callable[[str], bool]) -> set[str]:
    """The imported names the moved code reads that other modules read (or patch) on the source
    module (``stays``): the source keeps them, and the moved code reads them from there, so a
    swap such as ``utils.strip_styles = fake`` keeps reaching it. Type-only imports are not
    attributes at run time, so they are imported by the target as usual."""
    type_only = {n for n, i in a.import_at.items() if is_type_checking_block(a.module.body[i])}
    read = {n for n in a.imports if any(u.top in moved for u in a.uses.get(n, []))}
    return {n for n in sorted(read - type_only) if stays(n)}


def _renamed(text: str, renames: list[Edit], statements: int) -> cst.Module | Refused:
    """The source module with the names that must be read from the other module renamed."""
    new = apply_edits(text, renames)
    if isinstance(new, Refused):
        return Refused(f"cannot rename a global read: {new.reason}")
    module = cst.parse_module(new)
    if len(module.body) != statements:
        return Refused("renaming the globals the moved code reads changed the statements")
    return module


def expand(
    source_code: str,
    source_module: str,
    is_package: bool,
    target_module: str,
    symbols: Sequence[str],
    target_code: str | None,
    warning: str | None = None,
    star_imported: bool = False,
    stays: Callable[[str], bool] = lambda name: False,
    bind_back: bool = False,
    style: Style | None = None,
) -> Expanded | Refused:
    """Move ``symbols`` (and private helpers only they use) from the source to the target module.
    ``stays(name)``: code in other modules reads (or patches) ``name`` on the source module. Such
    a private helper stays in the source, and such an import stays too; the moved code reads
    them from there like any other global that stays.

    With ``star_imported`` (some module does ``from <source> import *``), a source without
    ``__all__`` gets one listing what that star import brought, so that it keeps bringing the
    moved names (through the shim).

    With ``bind_back`` (some module imports a moved name from the source while the source is
    still initializing, before the shim at its end exists), the source imports the moved
    ``symbols`` back from the target where their definitions stood, silently, until the
    deprecate step; the target then imports the source at its end, and reads what the source
    imports below the moved code through the source, so that either module may be imported
    first.

    ``style``: the project's (line length, first-party packages; see
    :func:`~refactor_coord.rewrite.style.project_style`); the code written follows it and the
    source file's own style (relative or absolute imports of the project, quotes)."""
    style = style or Style()
    own = frozenset({source_module.split(".")[0]})  # the package refactored is the project's
    taken = frozenset(_IDENTIFIER.findall(source_code + "\n" + (target_code or "")))
    asked = _Asked(
        source_module, is_package, target_module, tuple(symbols), warning, star_imported,
        stays, bind_back, replace(style, known_first_party=style.known_first_party | own), taken,
    )  # fmt: skip
    move = _plan_move(source_code, asked)
    if isinstance(move, Refused):
        return move
    target = _target_of(move, asked, target_code)
    if isinstance(target, Refused):
        return target
    return Expanded(
        _source_of(move, asked),
        target,
        tuple(sorted(move.moved_names)),
        tuple(move.helpers),
    )


@dataclass(frozen=True, slots=True)
class _Asked:
    """What expand was asked to do (see :func:`expand`)."""

    source_module: str
    is_package: bool
    target_module: str
    symbols: tuple[str, ...]
    warning: str | None
    star_imported: bool
    stays: Callable[[str], bool]
    bind_back: bool
    style: Style
    taken: frozenset[str]  #: every identifier the two modules' texts hold

    def aliases(self) -> tuple[str, str]:
        """The names each module gives the other when it imports it: ``_`` and the module's
        last part (``_text`` for ``shop.text``: the lines reading names through it stay short),
        unless a name the modules hold already, or the same for both; else the whole path."""
        short = (module_alias(self.source_module, self.taken),
                 module_alias(self.target_module, self.taken))  # fmt: skip
        if short[0] == short[1]:
            return module_alias(self.source_module), module_alias(self.target_module)
        return short


@dataclass(frozen=True, slots=True)
class _Move:
    """What moves, and how the two modules reach each other's names afterwards."""

    a: Analysis
    form: TextForm
    moved: set[int]  #: statement indexes, attribute docstrings included
    docstrings: set[int]
    helpers: list[str]
    moved_names: set[str]
    through_source: set[str]  #: imports the moved code reads through the source
    links: _Links
    star: StarNames | None
    renamed: cst.Module  #: the source with the reads across the two modules renamed
    dunder_all: DunderAll


def _plan_move(source_code: str, asked: _Asked) -> _Move | Refused:
    """Decide everything before writing anything: what moves, what it reads, what is renamed."""
    text, form = detach(source_code)
    try:
        a = analyse(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the source module does not parse: {error.message}")
    except AnalysisError as error:
        return Refused(str(error))
    if "__getattr__" in a.defines or "__getattr__" in a.bound_at:
        return Refused("the source module already defines __getattr__; merge the shim by hand")
    found = _moved_statements(a, asked.symbols, asked.stays)
    if isinstance(found, Refused):
        return found
    moved, helpers = found
    docstrings = _attribute_docstrings(a.module.body, moved)
    moved |= docstrings
    moved_names = {n for i in moved for n in defined_names(a.module.body[i])} | set(helpers)
    refusal = _cannot_move(a, moved, moved_names)
    if refusal is not None:
        return refusal
    through_source = _read_through_source(a, moved, asked.stays)
    if asked.bind_back:  # the target must not import what the source imports below the moved code
        through_source |= _imported_below(a, moved)
    links = _links(a, moved, moved_names, asked.aliases(), through_source)
    if not isinstance(links, Refused) and asked.bind_back:
        links = _bound_back_links(links)
    if isinstance(links, Refused):
        return links
    star = (
        _star_names(text, a, asked.source_module, asked.is_package, moved_names)
        if asked.star_imported
        else None
    )
    if isinstance(star, Refused):
        return star
    renamed = _renamed(text, links.renames, len(a.module.body))
    if isinstance(renamed, Refused):
        return renamed
    return _Move(
        a, form, moved, docstrings, helpers, moved_names, through_source, links, star, renamed,
        read_all(text),
    )  # fmt: skip


def _target_of(move: _Move, asked: _Asked, target_code: str | None) -> str | Refused:
    """The target module's new text: new, or ``target_code`` extended."""
    a = move.a
    listed = move.dunder_all.listed or frozenset()
    exported = [s for s in asked.symbols if s in listed]  # the target exports what the source did
    source_alias = asked.aliases()[0]
    # a new target is a module; an existing one may be a package, whose dots lead elsewhere
    path = asked.style.module_path(asked.target_module) or ""
    target = (asked.target_module, path.endswith("__init__.py"))
    blocks = _moved_blocks(a.module, list(move.renamed.body), move.moved, move.docstrings)
    relative = target if _imports_relatively(a.module, asked) else None
    imports = imports_for_moved(
        a, move.moved, asked.source_module, asked.is_package, move.through_source, relative
    )
    for name in move.links.by_name:
        spelled = relative_name(*relative, asked.source_module) if relative else None
        imports.runtime[name] = f"from {spelled or asked.source_module} import {name}"
    line = f"import {asked.source_module} as {source_alias}"
    source_import = (line, move.links.source_in_target)
    if move.links.source_for_types and asked.style.checks("TC001"):
        # the project's linter wants an import only annotations read under TYPE_CHECKING
        # (ruff's TC001): no import of the source at run time, and no cycle
        imports.type_checking[source_alias] = line
        source_import = (line, None)
    return target_text(
        target_code,
        move.form,
        [_doctest_imports(block, asked, move.moved_names) for block in blocks],
        imports,
        source_import,
        exported,
        preamble(a.module, asked.source_module, asked.symbols, asked.style.line_length),
        TargetStyle(
            asked.style,
            file_quote(a.module),
            target,
            any("TYPE_CHECKING" in defined_names(stmt) for stmt in a.module.body),
            move.dunder_all.listed is not None,
        ),
    )


def _imports_relatively(module: cst.Module, asked: _Asked) -> bool:
    """Whether the target imports the project's modules relatively: as the source does, or,
    when the source imports none of them with ``from``, as its package's ``__init__`` does."""
    source = asked.source_module
    package = source if asked.is_package else source.rpartition(".")[0]
    found = prefers_relative(module, asked.style, package)
    if found is None and package and not asked.is_package:
        init = asked.style.module_text(package)
        try:
            found = (
                prefers_relative(cst.parse_module(init), asked.style, package) if init else None
            )
        except cst.ParserSyntaxError:
            found = None
    return bool(found)


def _source_of(move: _Move, asked: _Asked) -> str:
    """The source module's new text: what stays, its import of the target, the shim."""
    a, star = move.a, move.star
    kept = {*star.sure, *star.maybe} if star else set()  # what the star import brought stays
    kept |= move.dunder_all.mentioned  # and what __all__ may list
    kept |= move.through_source  # and what other modules read from the source
    # and what the source publishes, which only the moved code used
    public = {n for n in _public_imports(a, move.dunder_all) if _only_used_in(a, n, move.moved)}
    body = _drop_unused_imports(
        [None if i in move.moved else s for i, s in enumerate(move.renamed.body)],
        a,
        kept | public,
    )
    # kept for other modules, used here no more, and not in an __all__ (which says they are used)
    reexported = {
        n
        for n in public | move.through_source
        if _only_used_in(a, n, move.moved) and n not in move.dunder_all.mentioned and not star
    }
    alias, length = asked.style.reexport_alias, asked.style.line_length
    body = [s if s is None else _fit(as_reexport(s, reexported, alias), s, length) for s in body]
    if asked.bind_back:
        _bind_back(a, body, move.moved, set(asked.symbols), asked.target_module, asked.style)
    remaining = close_gaps(a.module.body, body)
    indent = a.module.default_indent
    written = Written(indent, file_quote(a.module), asked.style.line_length)
    star_all = star_all_code(asked.source_module, star.sure, star.maybe, written) if star else ""
    if star is not None and not star.maybe:
        _insert_at_top(remaining, star_all)
        star_all = ""
    back_import = f"import {asked.target_module} as {asked.aliases()[1]}"
    where = move.links.target_in_source
    source = _source_text(
        move.renamed, remaining, (back_import, where), asked.style, spaced_as_isort(a.module.body)
    )
    source = _doctest_imports(source, asked, move.moved_names)
    moved = {n: asked.target_module for n in sorted(move.moved_names)}
    shim = shim_code(moved, asked.warning, indent, asked.style)
    return attach(source + (star_all + "\n\n" if star_all else "") + shim, move.form)


def _insert_at_top(body: list[cst.BaseStatement], code: str) -> None:
    """Put the statement ``code`` after the docstring and imports that open the module, with a
    blank line above it and below it (two when a definition follows)."""
    at = after_leading_imports(body)
    stmt = cst.parse_statement(code)
    if at and isinstance(stmt, cst.SimpleStatementLine):
        stmt = stmt.with_changes(leading_lines=[cst.EmptyLine(), *stmt.leading_lines])
    if at < len(body):  # what follows keeps its distance: two blank lines above a definition
        after = body[at]
        wanted = 2 if isinstance(after, (cst.FunctionDef, cst.ClassDef)) else 1
        body[at] = with_blank_lines(after, max(wanted, blank_lines(after)))
    body.insert(at, stmt)


_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")

#: Why the source imports the target at its end (after the note saying why it imports it).
_LAST = "last: the moved code reads this module on import"


def _source_text(
    module: cst.Module,
    remaining: list[cst.BaseStatement],
    back_import: tuple[str, str | None],
    style: Style,
    spaced: bool,
) -> str:
    """The source module's remaining code, with its import of the target among its imports, or,
    when an import cycle needs it, at the end (before a closing ``if __name__ == "__main__":``
    block, which runs the module as a script and may use moved names), saying why; ready for
    the shim to follow. With ``spaced`` (the module was), the code after its imports keeps the
    blank lines isort wants above it."""
    line, where = back_import
    if where == "top":
        insert_import(remaining, noted(line, [], style, BACK_IMPORT_NOTE), style)
    line = noted(line, ["E402"], style, f"{BACK_IMPORT_NOTE}; {_LAST}")
    if where == "end" and remaining and _is_main_block(remaining[-1]):
        at_end = with_blank_lines(cst.parse_statement(line + "\n"), 2)
        remaining[-1:] = [at_end, with_blank_lines(remaining[-1], 1)]  # isort's one blank line
        where = None
    if spaced:
        space_after_imports(remaining)
    source = module.with_changes(body=remaining).code.rstrip("\n")
    if where == "end":  # then the shim's table, one blank line down as isort has it
        return source + "\n\n\n" + line + "\n\n"
    return source + "\n\n\n" if source.strip() else ""


def noted(line: str, codes: list[str], style: Style, note: str = "") -> str:
    """``line`` with a ``noqa`` for those ``codes`` the project's linter reports (all, when it
    has none; E501 too when the line alone passes the line length), and with the comment
    ``note`` saying why the line is there: after it when that fits the line length, else in
    comment lines above it. A ``noqa`` for a rule not checked would be one more finding (ruff's
    RUF100)."""
    codes = [c for c in codes if style.checks(c) is not False]
    if len(line) + len(f"  # noqa: {', '.join(codes)}") > style.line_length and style.checks(
        "E501"
    ):
        codes.append("E501")
    written = f"{line}  # noqa: {', '.join(codes)}" if codes else line
    if not note or len(f"{written}  {note}") <= style.line_length:
        return f"{written}  {note}" if note else written
    width = max(style.line_length - 2, 40)
    above = textwrap.wrap(note.removeprefix("# "), width, break_on_hyphens=False)
    return "".join(f"# {text}\n" for text in above) + written


def _doctest_imports(code: str, asked: _Asked, moved_names: set[str]) -> str:
    """``code`` with its doctests' ``from <source> import ...`` of moved names pointed at the
    target: a doctest is code that runs (under warnings as errors, the shim's warning fails it
    from the deprecate step on), though to the index it is only text in a docstring."""
    return repointed(code, asked.source_module, asked.target_module, moved_names)


def _is_main_block(stmt: cst.BaseStatement) -> bool:
    """``if __name__ == "__main__":``."""
    if not isinstance(stmt, cst.If) or not isinstance(stmt.test, cst.Comparison):
        return False
    test = stmt.test
    sides = [test.left, *(c.comparator for c in test.comparisons)]
    names = {s.value for s in sides if isinstance(s, cst.Name)}
    strings = {s.evaluated_value for s in sides if isinstance(s, cst.SimpleString)}
    return names == {"__name__"} and strings == {"__main__"}


def _star_names(
    text: str, a: Analysis, source_module: str, is_package: bool, moved_names: set[str]
) -> StarNames | Refused | None:
    """What ``from <source> import *`` brought, when expand must list it in a new ``__all__``:
    the source has none, and a public name moves (else None)."""
    public_moved = {n for n in moved_names if not n.startswith("_")}
    if "__all__" in a.bound_at or not public_moved:
        return None
    found = star_names(text, source_module, is_package)
    if found is None:
        return Refused(
            "some module does `from <source> import *` and the source has no __all__, but it "
            "star-imports another module itself, so what that brings cannot be listed: give "
            "the source an __all__ first"
        )
    return StarNames(
        tuple(sorted({*found.sure, *public_moved})),
        tuple(n for n in found.maybe if n not in public_moved),
    )


def _attribute_docstrings(body: Sequence[cst.BaseStatement], moved: set[int]) -> set[int]:
    """Indexes of the bare strings right after a moved assignment: the attribute's docstring
    (Sphinx's convention), which moves with it."""
    return {
        i + 1
        for i in moved
        if i + 1 < len(body) and is_bare_string(body[i + 1]) and _is_assignment(body[i])
    }


def _is_assignment(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Assign, cst.AnnAssign)) for small in stmt.body
    )


def _moved_blocks(
    module: cst.Module, body: Sequence[cst.BaseStatement], moved: set[int], docstrings: set[int]
) -> list[str]:
    """The code of the moved statements, in order; an attribute docstring stays with its
    assignment, as it was written (no blank lines put between them)."""
    blocks: list[str] = []
    for i in sorted(moved):
        code = module.code_for_node(body[i])
        if i in docstrings:
            blocks[-1] += code
        else:
            blocks.append(code)
    return blocks


def _drop_unused_imports(
    body: Sequence[cst.BaseStatement | None], a: Analysis, kept: set[str]
) -> list[cst.BaseStatement | None]:
    """Remove import names only the moved code used, also under ``if TYPE_CHECKING:`` (a block
    left empty goes, and then ``TYPE_CHECKING`` itself when nothing else reads it); other unused
    imports and ``kept`` names are left alone. Removed statements become None."""
    out = list(body)
    while True:
        gone_at = {i for i, stmt in enumerate(out) if stmt is None}
        gone = {name for name in a.imports if name not in kept and _only_used_in(a, name, gone_at)}
        new = [None if stmt is None else without_names(stmt, gone) for stmt in out]
        if all(n is o for n, o in zip(new, out, strict=True)):
            return out
        out = new


def _fit(new: cst.BaseStatement, old: cst.BaseStatement, line_length: int) -> cst.BaseStatement:
    """``new`` (``old`` edited) wrapped when the edit made it pass the line length."""
    return new if new is old else fitted(new, line_length)


def _public_imports(a: Analysis, dunder_all: DunderAll) -> set[str]:
    """The names the source's imports bind that are part of its interface (PEP 8: those its
    ``__all__`` lists; without one, those not starting with an underscore), which other code
    may import or patch there (``mock.patch("pkg.utils.getproxies")``) and a star import
    brings; type-only imports are not there at run time."""
    runtime = {n for n, i in a.import_at.items() if not is_type_checking_block(a.module.body[i])}
    if "__all__" in a.bound_at:
        return runtime & dunder_all.mentioned
    return {n for n in runtime if not n.startswith("_")}


def _only_used_in(a: Analysis, name: str, statements: set[int]) -> bool:
    used_at = {u.top for u in a.uses.get(name, [])} | a.in_strings.get(name, set())
    return bool(used_at) and used_at <= statements
