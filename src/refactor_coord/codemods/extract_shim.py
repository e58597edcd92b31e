"""extract-module, source side: move definitions out (expand), make the shim warn (deprecate),
remove the shim (contract). Text in, tagged result out: nothing here touches a file.

The shim is a PEP 562 module ``__getattr__`` that serves moved names from their new module, so
``source.name`` and ``from source import name`` keep working (and ``from source import *``, since
``__all__`` keeps listing them; a star-imported source without one gets one, see ``star_all``). Moved code that reads names staying in the source module reads
them as attributes of that module (``_pkg_source.NAME``) at call time, so code elsewhere that
patches those globals keeps its effect. Each module imports the other at its top when it needs
it at import time, else at its end; when both would need each other at import time, expand refuses
(an import cycle). A BOM and CRLF line endings are kept.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import libcst as cst
from libcst.metadata import (
    Access,
    FunctionScope,
    GlobalScope,
    MetadataWrapper,
    Scope,
    ScopeProvider,
)

from refactor_coord.analysis.extract_ast import SHIM_TABLE
from refactor_coord.codemods._cst import (
    TextForm,
    absolute_module,
    attach,
    defined_names,
    detach,
    dotted,
    kept_items,
    walk,
    with_kept_names,
)
from refactor_coord.codemods._dunder_all import read_all
from refactor_coord.codemods.star_all import StarNames, star_all_code, star_names

SHIM_MARKER = "# refcoord shim"
#: The comment on the source's import of the target: true for as long as the line lives (the
#: import outlives the shim); before it read ``# refcoord shim: remaining code uses moved names``.
BACK_IMPORT_NOTE = "# moved by refcoord: remaining code uses moved names"
MOVED_TABLE = SHIM_TABLE

#: PEP 263: an encoding declaration in a comment.
_CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


@dataclass(frozen=True, slots=True)
class Expanded:
    """The expand step's result for one source module."""

    source: str  #: the source module's new text
    target: str  #: the target module's new text
    moved: tuple[str, ...]  #: every name that moved (the symbols and the private helpers)
    helpers: tuple[str, ...]  #: private helpers that moved because only moved code used them


@dataclass(frozen=True, slots=True)
class Refused:
    """The codemod cannot do this with certainty; nothing changes."""

    reason: str


@dataclass(frozen=True, slots=True)
class _Analysis:
    module: cst.Module
    owner: dict[int, int]  #: id(node) -> index of its top-level statement
    defines: dict[str, int]  #: top-level name -> statement index (definitions only)
    imports: dict[str, cst.CSTNode]  #: name bound only by top-level imports -> the (first) import
    uses: dict[str, list[tuple[int, cst.Name]]]  #: global name -> (statement index, Name) uses
    import_time: set[int]  #: id(Name) of the uses evaluated when the module is imported
    bound_at: dict[str, set[int]]  #: global name -> indexes of the statements that bind it
    unresolved: list[tuple[int, str]]  #: (statement index, name) of global names bound nowhere
    star_import: bool  #: the module does ``from x import *`` at its top level
    #: global name -> indexes of the statements naming it in a string annotation (``x: "Decimal"``)
    in_strings: dict[str, set[int]] = field(default_factory=dict)


def _evaluated_at_import(access: Access, lazy_annotations: bool) -> bool:
    """Whether an access runs when the module is imported (not only when a function is called)."""
    if lazy_annotations and access.is_annotation:
        return False
    scope: Scope | None = access.scope
    while scope is not None and not isinstance(scope, GlobalScope):
        if isinstance(scope, FunctionScope):
            return False
        scope = scope.parent
    return True


def _is_future(stmt: cst.CSTNode, name: str | None = None) -> bool:
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
        return False
    small = stmt.body[0]
    if not (isinstance(small, cst.ImportFrom) and small.module is not None and dotted(small.module) == "__future__"):
        return False
    return name is None or (not isinstance(small.names, cst.ImportStar)
                            and any(dotted(a.name) == name for a in small.names))


def _analyse(code: str) -> _Analysis:
    wrapper = MetadataWrapper(cst.parse_module(code))
    module = wrapper.module
    defines: dict[str, int] = {}
    for i, stmt in enumerate(module.body):
        for name in defined_names(stmt):
            defines.setdefault(name, i)
    star_import = any(isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar)
                      for stmt in module.body if isinstance(stmt, cst.SimpleStatementLine) for small in stmt.body)
    a = _Analysis(module, {id(n): i for i, stmt in enumerate(module.body) for n in walk(stmt)}, defines,
                  {}, {}, set(), {}, [], star_import)
    lazy_annotations = any(_is_future(stmt, "annotations") for stmt in module.body)
    scopes = {s for s in wrapper.resolve(ScopeProvider).values() if s is not None}
    for scope in scopes:
        if isinstance(scope, GlobalScope):
            _record_globals(a, scope, lazy_annotations, _plain_imports(module))
    for scope in scopes:
        _record_unresolved(a, scope, lazy_annotations)
    a.unresolved.sort()
    return a


def _use(a: _Analysis, name: str, access: Access, lazy_annotations: bool) -> None:
    assert isinstance(access.node, cst.Name)
    a.uses.setdefault(name, []).append((a.owner[id(access.node)], access.node))
    if _evaluated_at_import(access, lazy_annotations):
        a.import_time.add(id(access.node))


def _is_type_checking_block(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.If) and dotted(stmt.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _plain_imports(module: cst.Module) -> set[int]:
    """id() of the imports at the top of the module: on their own line, or under ``if
    TYPE_CHECKING:``. Moved code gets a copy of these; a name another import binds (under ``try``,
    in an ``if`` that picks one of two) is a global of the source like any other."""
    found: set[int] = set()
    for stmt in module.body:
        if _is_type_checking_block(stmt):
            assert isinstance(stmt, cst.If)
            lines: Sequence[cst.CSTNode] = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else [stmt.body]
        else:
            lines = [stmt]
        found |= {id(small) for line in lines if isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite))
                  for small in line.body if isinstance(small, (cst.Import, cst.ImportFrom))}
    return found


def _record_globals(a: _Analysis, scope: GlobalScope, lazy_annotations: bool, plain_imports: set[int]) -> None:
    """Where each global name is bound, every use of it, and the names only top-level imports
    bind (with the first such import). A name bound inside a top-level ``if``, ``try``, ``with``,
    ``for`` or ``while`` is a global like one bound by a plain assignment."""
    imports: dict[str, cst.CSTNode] = {}
    other: set[str] = set()  # names bound by something else than a plain import
    for assignment in scope.assignments:
        node = getattr(assignment, "node", None)
        if node is not None and id(node) in a.owner:
            a.bound_at.setdefault(assignment.name, set()).add(a.owner[id(node)])
            if id(node) in plain_imports:
                imports.setdefault(assignment.name, node)
            else:
                other.add(assignment.name)
        for access in assignment.references:
            if isinstance(access.node, cst.Name) and id(access.node) in a.owner:
                _use(a, assignment.name, access, lazy_annotations)
            elif isinstance(access.node, cst.SimpleString) and id(access.node) in a.owner:
                a.in_strings.setdefault(assignment.name, set()).add(a.owner[id(access.node)])
    a.imports.update({name: node for name, node in imports.items() if name not in other})


def _record_unresolved(a: _Analysis, scope: Scope, lazy_annotations: bool) -> None:
    """Accesses libcst leaves unresolved: forward references to globals bound further down the
    module (annotations under PEP 563) are uses; the others are names bound nowhere."""
    for access in scope.accesses:
        node = access.node
        if not isinstance(node, cst.Name) or access.referents or id(node) not in a.owner:
            continue
        if node.value in a.bound_at:
            _use(a, node.value, access, lazy_annotations)
        else:
            a.unresolved.append((a.owner[id(node)], node.value))


def _moved_statements(a: _Analysis, symbols: Sequence[str]) -> tuple[set[int], list[str]] | Refused:
    moved: set[int] = set()
    for symbol in symbols:
        if symbol not in a.defines:
            return Refused(f"'{symbol}' is not defined at the top of the source module" + (
                " (only inside an if, try, with, for or while block); move it by hand" if symbol in a.bound_at else ""))
        index = a.defines[symbol]
        others = [n for n in defined_names(a.module.body[index]) if n not in symbols]
        if others:
            return Refused(f"'{symbol}' is defined in one statement with {', '.join(others)}")
        moved.add(index)
    helpers: list[str] = []
    changed = True
    while changed:
        changed = False
        for name, index in sorted(a.defines.items(), key=lambda kv: kv[1]):
            if index in moved or not name.startswith("_") or name.startswith("__"):
                continue
            if a.bound_at.get(name, {index}) != {index}:
                continue  # bound again elsewhere: it stays where it is
            users = {i for i, _ in a.uses.get(name, [])} - {index}
            if users and users <= moved:
                moved.add(index)
                helpers.append(name)
                changed = True
    return moved, helpers


def _cannot_move(a: _Analysis, moved: set[int], moved_names: set[str]) -> Refused | None:
    """Moves that would change what the code does: say why, rather than guess."""
    for name in sorted(moved_names):
        elsewhere = a.bound_at.get(name, set()) - moved
        if elsewhere:
            return Refused(f"'{name}' is also assigned outside its definition (line of statement "
                           f"{min(elsewhere) + 1}); move it by hand")
    for i in sorted(moved):
        for node in walk(a.module.body[i]):
            if isinstance(node, cst.Global):
                outside = [n.name.value for n in node.names if n.name.value not in moved_names]
                if outside:
                    return Refused(f"moved code rebinds the source module's global {', '.join(outside)} "
                                   "(`global` statement); move it by hand")
    if a.star_import:
        unknown = sorted({name for i, name in a.unresolved if i in moved})
        if unknown:
            return Refused(f"moved code uses {', '.join(unknown)}, which may come from a star import "
                           "of the source module; import it explicitly first")
    return None


def _alias(module: str) -> str:
    return "_" + module.replace(".", "_")


class _Rename(cst.CSTTransformer):
    """Replace chosen Name nodes (by identity) with ``alias.name``."""

    def __init__(self, names: dict[int, str]) -> None:
        super().__init__()
        self.names = names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        alias = self.names.get(id(original_node))
        return cst.Attribute(cst.Name(alias), cst.Name(original_node.value)) if alias else updated_node


@dataclass(frozen=True, slots=True)
class _Links:
    """How the two modules reach each other's names."""

    renames: dict[int, str]  #: id(Name) -> alias of the module it must be read from
    source_in_target: str | None  #: "top" / "end": where the target imports the source
    target_in_source: str | None  #: "top" / "end": where the source imports the target


def _links(a: _Analysis, moved: set[int], moved_names: set[str], src_alias: str, tgt_alias: str) -> _Links | Refused:
    renames: dict[int, str] = {}
    source_at_import = target_at_import = needs_source = needs_target = False
    for name, uses in a.uses.items():
        for index, node in uses:
            if index in moved and name not in a.imports and a.bound_at.get(name, set()) - moved:
                renames[id(node)] = src_alias
                needs_source = True
                source_at_import |= id(node) in a.import_time
            elif index not in moved and name in moved_names and a.defines.get(name) != index:
                renames[id(node)] = tgt_alias
                needs_target = True
                target_at_import |= id(node) in a.import_time
    if source_at_import and target_at_import:
        return Refused("the moved code and the code staying behind use each other when the modules are "
                       "imported: moving would create an import cycle")
    return _Links(renames,
                  ("end" if target_at_import else "top") if needs_source else None,
                  ("top" if target_at_import else "end") if needs_target else None)


def _blank_lines(stmt: cst.BaseStatement) -> int:
    count = 0
    if not isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return 0
    for line in stmt.leading_lines:
        if line.comment is not None:
            break
        count += 1
    return count


def _with_blank_lines(stmt: cst.BaseStatement, count: int) -> cst.BaseStatement:
    if not isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return stmt
    rest = list(stmt.leading_lines)[_blank_lines(stmt):]
    return stmt.with_changes(leading_lines=[cst.EmptyLine() for _ in range(count)] + rest)


def _close_gaps(original: Sequence[cst.BaseStatement], kept: Sequence[cst.BaseStatement | None]
                ) -> list[cst.BaseStatement]:
    """Drop the removed statements (None in ``kept``), keeping the blank lines that separated them
    from what stays: the statement after a removed run gets the run's leading blank lines when it
    had fewer (at the top of the module: exactly as many)."""
    result: list[cst.BaseStatement] = []
    run_start: int | None = None
    for i, stmt in enumerate(kept):
        if stmt is None:
            run_start = i if run_start is None else run_start
            continue
        if run_start is not None:
            removed = _blank_lines(original[run_start])
            stmt = _with_blank_lines(stmt, removed if run_start == 0 else max(removed, _blank_lines(stmt)))
            run_start = None
        result.append(stmt)
    return result


def expand(source_code: str, source_module: str, is_package: bool, target_module: str,
           symbols: Sequence[str], target_code: str | None, warning: str | None = None,
           star_imported: bool = False) -> Expanded | Refused:
    """Move ``symbols`` (and private helpers only they use) from the source to the target module.

    With ``star_imported`` (some module does ``from <source> import *``), a source without
    ``__all__`` gets one listing what that star import brought, so that it keeps bringing the
    moved names (through the shim)."""
    text, form = detach(source_code)
    try:
        a = _analyse(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the source module does not parse: {error.message}")
    if "__getattr__" in a.defines or "__getattr__" in a.bound_at:
        return Refused("the source module already defines __getattr__; merge the shim by hand")
    found = _moved_statements(a, symbols)
    if isinstance(found, Refused):
        return found
    moved, helpers = found
    docstrings = _attribute_docstrings(a.module.body, moved)
    moved |= docstrings
    moved_names = {n for i in moved for n in defined_names(a.module.body[i])}
    refusal = _cannot_move(a, moved, moved_names)
    if refusal is not None:
        return refusal
    src_alias, tgt_alias = _alias(source_module), _alias(target_module)
    links = _links(a, moved, moved_names, src_alias, tgt_alias)
    if isinstance(links, Refused):
        return links
    star = _star_names(text, a, source_module, is_package, moved_names) if star_imported else None
    if isinstance(star, Refused):
        return star
    renamed = a.module.visit(_Rename(links.renames))
    body = list(renamed.body)
    dunder_all = read_all(text)
    listed = dunder_all.listed or frozenset()
    exported = [s for s in symbols if s in listed]  # the target exports what the source did
    target = _target_text(target_code, form, _moved_blocks(a.module, body, moved, docstrings),
                          _imports_for_moved(a, moved, source_module, is_package),
                          (f"import {source_module} as {src_alias}", links.source_in_target), exported,
                          _preamble(a.module, source_module, symbols))
    if isinstance(target, Refused):
        return target
    kept = {*star.sure, *star.maybe} if star else set()  # what the star import brought stays
    kept |= dunder_all.mentioned  # and what __all__ may list
    remaining = _close_gaps(a.module.body, _drop_unused_imports(
        [None if i in moved else stmt for i, stmt in enumerate(body)], a, kept))
    star_all = star_all_code(source_module, star.sure, star.maybe, a.module.default_indent) if star else ""
    if star is not None and not star.maybe:
        _insert_at_top(remaining, star_all)
        star_all = ""
    back_import = f"import {target_module} as {tgt_alias}  {BACK_IMPORT_NOTE}"
    source = _source_text(renamed, remaining, back_import, links.target_in_source)
    shim = shim_code({n: target_module for n in sorted(moved_names)}, warning, a.module.default_indent)
    return Expanded(attach(source + (star_all + "\n\n" if star_all else "") + shim, form), target,
                    tuple(sorted(moved_names)), tuple(helpers))


def _insert_at_top(body: list[cst.BaseStatement], code: str) -> None:
    """Put the statement ``code`` after the docstring and imports that open the module, with a
    blank line above it and below it (two when a definition follows)."""
    at = _after_leading_imports(body)
    stmt = cst.parse_statement(code)
    if at and isinstance(stmt, cst.SimpleStatementLine):
        stmt = stmt.with_changes(leading_lines=[cst.EmptyLine(), *stmt.leading_lines])
    if at < len(body):  # what follows keeps its distance: two blank lines above a definition
        after = body[at]
        wanted = 2 if isinstance(after, (cst.FunctionDef, cst.ClassDef)) else 1
        body[at] = _with_blank_lines(after, max(wanted, _blank_lines(after)))
    body.insert(at, stmt)


def _source_text(module: cst.Module, remaining: list[cst.BaseStatement], back_import: str,
                 where: str | None) -> str:
    """The source module's remaining code, with its import of the target at the top or the end
    (``where``), ready for the shim to follow."""
    if where == "top":
        remaining.insert(_after_leading_imports(remaining), cst.parse_statement(back_import + "\n"))
    source = module.with_changes(body=remaining).code.rstrip("\n")
    if where == "end":
        source += "\n\n\n" + back_import
    return source.rstrip("\n") + "\n\n\n" if source.strip() else ""


def _star_names(text: str, a: _Analysis, source_module: str, is_package: bool,
                moved_names: set[str]) -> StarNames | Refused | None:
    """What ``from <source> import *`` brought, when expand must list it in a new ``__all__``:
    the source has none, and a public name moves (else None)."""
    public_moved = {n for n in moved_names if not n.startswith("_")}
    if "__all__" in a.bound_at or not public_moved:
        return None
    found = star_names(text, source_module, is_package)
    if found is None:
        return Refused("some module does `from <source> import *` and the source has no __all__, but it "
                       "star-imports another module itself, so what that brings cannot be listed: give "
                       "the source an __all__ first")
    return StarNames(tuple(sorted({*found.sure, *public_moved})),
                     tuple(n for n in found.maybe if n not in public_moved))


def _is_bare_string(stmt: cst.BaseStatement) -> bool:
    """Whether ``stmt`` is a string on its own (a docstring, where it stands first)."""
    return isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 \
        and isinstance(stmt.body[0], cst.Expr) \
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _attribute_docstrings(body: Sequence[cst.BaseStatement], moved: set[int]) -> set[int]:
    """Indexes of the bare strings right after a moved assignment: the attribute's docstring
    (Sphinx's convention), which moves with it."""
    return {i + 1 for i in moved if i + 1 < len(body) and _is_bare_string(body[i + 1]) and _is_assignment(body[i])}


def _is_assignment(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Assign, cst.AnnAssign)) for small in stmt.body)


def _moved_blocks(module: cst.Module, body: Sequence[cst.BaseStatement], moved: set[int],
                  docstrings: set[int]) -> list[str]:
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


def _after_leading_imports(body: Sequence[cst.BaseStatement]) -> int:
    """The index just after the module docstring and the imports that open the module."""
    at = 0
    for i, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine):
            break
        is_doc = i == 0 and _is_bare_string(stmt)
        if not (is_doc or all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)):
            break
        at = i + 1
    return at


class _MovedImports(NamedTuple):
    """The imports the moved code needs, made absolute."""

    future: list[str]  #: the source's ``__future__`` imports
    runtime: dict[str, str]  #: bound name -> import line
    type_checking: dict[str, str]  #: the same, for imports the source makes under ``if TYPE_CHECKING:``


def _imports_for_moved(a: _Analysis, moved: set[int], source_module: str, is_package: bool) -> _MovedImports:
    """The source's ``__future__`` imports, then one import line per imported name the moved code
    uses; an import under ``if TYPE_CHECKING:`` stays under it (it may exist to avoid a cycle)."""
    found = _MovedImports([a.module.code_for_node(stmt).strip() for stmt in a.module.body if _is_future(stmt)],
                          {}, {})
    for name, node in sorted(a.imports.items(), key=lambda kv: a.owner[id(kv[1])]):
        if isinstance(node, cst.ImportFrom) and node.module is not None and dotted(node.module) == "__future__":
            continue
        if not any(i in moved for i, _ in a.uses.get(name, [])) and not a.in_strings.get(name, set()) & moved:
            continue
        line = _import_line(name, node, source_module, is_package)
        if line:
            checking = _is_type_checking_block(a.module.body[a.owner[id(node)]])
            (found.type_checking if checking else found.runtime)[name] = line
    return found


def _type_checking_block(imports: _MovedImports, bound: Collection[str]) -> tuple[list[str], str]:
    """The import of ``TYPE_CHECKING`` (unless ``bound`` has the name) and the ``if
    TYPE_CHECKING:`` block for the moved code's type-only imports whose names ``bound`` lacks."""
    wanted = [line for name, line in imports.type_checking.items() if name not in bound]
    if not wanted:
        return [], ""
    head = [] if "TYPE_CHECKING" in bound or "TYPE_CHECKING" in imports.runtime else ["from typing import TYPE_CHECKING"]
    return head, "if TYPE_CHECKING:\n" + "\n".join(f"    {line}" for line in wanted)


def _import_line(name: str, node: cst.CSTNode, module: str, is_package: bool) -> str | None:
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted(alias.name)
            bound = dotted(alias.asname.name) if alias.asname else full.split(".")[0]
            if bound == name:
                return f"import {full} as {bound}" if alias.asname else f"import {full}"
    if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
        base = absolute_module(node, module, is_package)
        for alias in node.names:
            bound = dotted(alias.asname.name) if alias.asname else dotted(alias.name)
            if bound == name and base is not None:
                as_part = f" as {bound}" if alias.asname else ""
                return f"from {base} import {dotted(alias.name)}{as_part}"
    return None


def _drop_unused_imports(body: Sequence[cst.BaseStatement | None], a: _Analysis,
                         kept: set[str]) -> list[cst.BaseStatement | None]:
    """Remove import names only the moved code used (other unused imports and ``kept`` names are
    left alone). Removed statements become None."""
    moved = {i for i, stmt in enumerate(body) if stmt is None}
    gone = {name for name in a.imports
            if a.uses.get(name) and all(i in moved for i, _ in a.uses[name]) and name not in kept}
    return [None if stmt is None else _without_names(stmt, gone) for stmt in body]


def _without_names(stmt: cst.BaseStatement, gone: set[str]) -> cst.BaseStatement | None:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return stmt
    small = stmt.body[0]
    if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
        return stmt
    def bound(alias: cst.ImportAlias) -> str:
        if alias.asname:
            return dotted(alias.asname.name)
        full = dotted(alias.name)
        return full.split(".")[0] if isinstance(small, cst.Import) else full
    keep = [bound(al) not in gone for al in small.names]
    if all(keep):
        return stmt
    if not any(keep):
        return None
    if isinstance(small, cst.ImportFrom):
        return stmt.with_changes(body=[with_kept_names(small, keep)])
    names = [al for al, wanted in zip(small.names, keep, strict=True) if wanted]
    names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return stmt.with_changes(body=[small.with_changes(names=names)])


def _block(code: str) -> str:
    return code.strip("\n")


def _preamble(source: cst.Module, source_module: str, symbols: Sequence[str]) -> str:
    """A new target module's start: the source's header comments (a licence, say; not a shebang
    or an encoding cookie, since the new file is UTF-8) and a docstring saying where its code
    came from."""
    comments = [line.comment.value for line in source.header if line.comment is not None
                and not line.comment.value.startswith("#!") and not _CODING_COOKIE.match(line.comment.value)]
    doc = f'"""Moved from {source_module}: {", ".join(symbols)}."""'
    if len(doc) > 99:
        doc = f'"""Moved from {source_module}."""'
    return "\n".join([*comments, doc])


def _target_text(existing: str | None, form: TextForm, moved: list[str], imports: _MovedImports,
                 source_import: tuple[str, str | None], exported: list[str], preamble: str) -> str | Refused:
    """The target module's text: a new module (starting with ``preamble``), or ``existing`` extended."""
    future = imports.future
    line, where = source_import
    top = [*imports.runtime.values()] + ([line] if where == "top" else [])
    end = [line] if where == "end" else []
    blocks = "\n\n\n".join(_block(code) for code in moved)
    if existing is None or not existing.strip():
        head, checking = _type_checking_block(imports, ())
        sections = [preamble]
        sections += ["\n".join(future)] if future else []
        sections += ["\n".join(top + head)] if top or head else []
        sections += [checking] if checking else []
        sections += [f"__all__ = [{', '.join(repr(n).replace(chr(39), chr(34)) for n in exported)}]"] if exported else []
        text = "\n\n".join(sections) + "\n\n\n" + blocks + "\n"
        text += "\n\n" + "\n".join(end) + "\n" if end else ""
        return attach(text, TextForm("", form.newline))  # a new file gets no BOM
    return _extend_target(existing, moved, imports, top, end, exported)


def _extend_target(existing: str, moved: list[str], imports: _MovedImports,
                   top: list[str], end: list[str], exported: list[str]) -> str | Refused:
    text, form = detach(existing)
    try:
        t = _analyse(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the target module does not parse: {error.message}")
    moved_names = {n for code in moved for stmt in cst.parse_module(code).body for n in defined_names(stmt)}
    clash = sorted(moved_names & set(t.bound_at))
    if clash:
        return Refused(f"the target module already defines {', '.join(clash)}")
    own_lines = {t.module.code_for_node(stmt).strip() for stmt in t.module.body
                 if isinstance(stmt, cst.SimpleStatementLine)}
    for line in [*top, *end]:
        bound = line.rsplit(" ", 1)[-1]
        if line not in own_lines and bound in t.bound_at and (
                bound not in t.imports or _import_line(bound, t.imports[bound], "", False) != line):
            return Refused(f"the target module already uses the name {bound} for something else")
    wanted_top = [line for line in top if line not in own_lines and line.rsplit(" ", 1)[-1] not in t.bound_at]
    wanted_end = [line for line in end if line not in own_lines and line.rsplit(" ", 1)[-1] not in t.bound_at]
    head, checking = _type_checking_block(imports, t.bound_at)
    body = list(t.module.body)
    at = _after_leading_imports(body)
    body[at:at] = [cst.parse_statement(line + "\n") for line in [*wanted_top, *head]] + (
        [cst.parse_statement("\n" + checking + "\n")] if checking else [])
    doc = 1 if body and _after_leading_imports(body[:1]) == 1 and not _is_import_line(body[0]) else 0
    future = [line for line in imports.future if line not in own_lines]
    body[doc:doc] = [cst.parse_statement(("\n" if doc and i == 0 else "") + line + "\n") for i, line in enumerate(future)]
    module = _with_exports(t.module.with_changes(body=body), exported)
    out = module.code.rstrip("\n") + "\n\n\n" + "\n\n\n".join(_block(code) for code in moved) + "\n"
    if wanted_end:
        out += "\n\n" + "\n".join(wanted_end) + "\n"
    return attach(out, form)


def _is_import_line(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)


def _with_exports(module: cst.Module, exported: list[str]) -> cst.Module:
    """Add ``exported`` to a literal ``__all__`` list or tuple of the module, if it has one."""
    if not exported:
        return module

    class Add(cst.CSTTransformer):
        def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
            value = updated_node.value
            if not any(dotted(t.target) == "__all__" for t in updated_node.targets) \
                    or not isinstance(value, (cst.List, cst.Tuple)) or not value.elements:
                return updated_node
            present = {e.value.evaluated_value for e in value.elements if isinstance(e.value, cst.SimpleString)}
            quote = next((e.value.quote for e in value.elements if isinstance(e.value, cst.SimpleString)), '"')
            extra = [n for n in exported if n not in present]
            if not extra:
                return updated_node
            elements = list(value.elements)
            last = elements[-1]
            trailing = last.comma
            elements[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                                             if isinstance(trailing, cst.MaybeSentinel) else trailing)
            for n in extra:
                elements.append(cst.Element(cst.SimpleString(f"{quote}{n}{quote}"),
                                            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
            elements[-1] = elements[-1].with_changes(comma=trailing)
            return updated_node.with_changes(value=value.with_changes(elements=elements))

    return module.visit(Add())


def shim_code(moved: dict[str, str], warning: str | None, indent: str = "    ") -> str:
    """The PEP 562 shim that serves moved names from their new modules (and warns, if asked),
    indented with ``indent`` (the source file's unit: four spaces, a tab...)."""
    return _indented(_shim_text(moved, warning), indent)


def _indented(code: str, indent: str) -> str:
    """``code``, written with four-space indentation, indented with ``indent`` instead."""
    if indent == "    ":
        return code
    lines = []
    for line in code.splitlines(keepends=True):
        text = line.lstrip(" ")
        lines.append(indent * ((len(line) - len(text)) // 4) + text)
    return "".join(lines)


def _shim_text(moved: dict[str, str], warning: str | None) -> str:
    table = "{\n" + "".join(f'    "{k}": "{v}",\n' for k, v in sorted(moved.items())) + "}"
    imports = ["importlib"]
    warn = ""
    if warning is not None:
        # ``from <this module> import *`` reads every name in __all__: that is no use of a moved
        # name (a package re-exporting this module would otherwise fail under -W error), so it
        # is not warned about; refcoord's migrate steps import moved names explicitly there.
        # Nor is the import system's own check (``hasattr`` in ``_handle_fromlist``) when this
        # module is a package: a ``from`` import of it reads the name again, in the importer.
        imports = ["dis", "importlib", "sys", "warnings"]
        warn = ("        caller = sys._getframe(1)\n"
                "        opname = dis.opname[caller.f_code.co_code[caller.f_lasti]]\n"
                "        star = opname in (\"IMPORT_STAR\", \"CALL_INTRINSIC_1\")\n"
                "        if not star and caller.f_globals.get(\"__name__\") != \"importlib._bootstrap\":\n"
                f"            warnings.warn(\n                f\"{{__name__}}.{{name}} has moved to "
                f"{{{MOVED_TABLE}[name]}}.{{name}}; {warning}\",\n                DeprecationWarning,\n"
                "                stacklevel=2,\n            )\n")
    return (f"{SHIM_MARKER}: names moved to other modules, served from there until the contract step.\n"
            f"{MOVED_TABLE} = {table}\n\n\n"
            "def __getattr__(name: str) -> object:\n"
            f"    if name in {MOVED_TABLE}:\n"
            + "".join(f"        import {module}\n" for module in imports) + "\n"
            + warn
            + f"        return getattr(importlib.import_module({MOVED_TABLE}[name]), name)\n"
            "    raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\")\n")


def _shim_parts(module: cst.Module) -> tuple[int, int, dict[str, str]] | None:
    """Indexes of the moved-names table and of ``__getattr__``, and the table itself."""
    table_at = getattr_at = -1
    table: dict[str, str] = {}
    for i, stmt in enumerate(module.body):
        if MOVED_TABLE in defined_names(stmt) and isinstance(stmt, cst.SimpleStatementLine):
            value = stmt.body[0].value if isinstance(stmt.body[0], cst.Assign) else None
            if isinstance(value, cst.Dict):
                table_at = i
                table = {str(e.key.evaluated_value): str(e.value.evaluated_value) for e in value.elements
                         if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
                         and isinstance(e.value, cst.SimpleString)}
        elif isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__getattr__":
            getattr_at = i
    return (table_at, getattr_at, table) if table_at >= 0 and getattr_at >= 0 else None


class _Unshimmed(NamedTuple):
    """A source module's text without its shim, and what is needed to write the shim again."""

    code: str
    table: dict[str, str]  #: the shim's table: moved name -> its new module
    form: TextForm
    indent: str  #: the file's indentation unit


def _without_shim(source_code: str, missing: str) -> _Unshimmed | Refused:
    """The source module's text without its shim, the shim's table, and the file's form."""
    text, form = detach(source_code)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the source module does not parse: {error.message}")
    parts = _shim_parts(module)
    if parts is None:
        return Refused(f"no refcoord shim in the source module: {missing}")
    table_at, getattr_at, table = parts
    body = [s for i, s in enumerate(module.body) if i not in (table_at, getattr_at)]
    return _Unshimmed(module.with_changes(body=body).code, table, form, module.default_indent)


def deprecate(source_code: str, warning: str) -> str | Refused:
    """Make the shim warn (``DeprecationWarning`` naming the new location, ``stacklevel=2``)."""
    found = _without_shim(source_code, "apply the expand step first")
    if isinstance(found, Refused):
        return found
    code, table, form, indent = found
    code = code.rstrip("\n") + "\n\n\n" if code.strip() else ""
    return attach(code + shim_code(table, warning, indent), form)


def contract(source_code: str) -> str | Refused:
    """Remove the shim, the moved names from ``__all__``, and expand's import of the target
    when nothing uses it any more (while remaining code uses it, it stays)."""
    found = _without_shim(source_code, "nothing to remove")
    if isinstance(found, Refused):
        return found
    code, table, form, _ = found
    lines = [line for line in code.splitlines(keepends=True)
             if not (_is_back_import(line) and _unused_alias(line, code))]
    return attach(_without_all_entries("".join(lines), set(table)).rstrip("\n") + "\n", form)


def _is_back_import(line: str) -> bool:
    """Whether ``line`` is expand's import of the target (also with the comment it had before)."""
    return line.startswith("import ") and (BACK_IMPORT_NOTE in line or SHIM_MARKER in line)


def _unused_alias(line: str, code: str) -> bool:
    alias = line.split(" as ", 1)[1].split()[0] if " as " in line else ""
    return bool(alias) and code.count(f"{alias}.") == 0


def _without_all_entries(code: str, names: set[str]) -> str:
    module = cst.parse_module(code)

    class Drop(cst.CSTTransformer):
        def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
            if not any(dotted(t.target) == "__all__" for t in updated_node.targets):
                return updated_node
            return updated_node.with_changes(value=_without_names_in(updated_node.value, names))

    return module.visit(Drop()).code


def _without_names_in(value: cst.BaseExpression, names: set[str]) -> cst.BaseExpression:
    """A literal list or tuple of names (or a sum with such parts, like the ``__all__`` expand
    adds for star imports) without ``names``; anything else as it is."""
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        return value.with_changes(left=_without_names_in(value.left, names),
                                  right=_without_names_in(value.right, names))
    if not isinstance(value, (cst.List, cst.Tuple)):
        return value
    keep = [not (isinstance(e.value, cst.SimpleString) and e.value.evaluated_value in names) for e in value.elements]
    return value if all(keep) else _without_elements(value, keep)


def _without_elements(value: cst.List | cst.Tuple, keep: list[bool]) -> cst.List | cst.Tuple:
    """A literal list or tuple with only the ``keep``-marked elements, its lines kept as they were
    (a tuple left with one element keeps a comma; an emptied one is ``[]`` or ``()``)."""
    if not any(keep):
        return cst.List([]) if isinstance(value, cst.List) else cst.Tuple([])
    if isinstance(value, cst.List):
        elements, closing = kept_items(value.elements, keep, value.rbracket.whitespace_before)
        return value.with_changes(elements=elements, rbracket=value.rbracket.with_changes(whitespace_before=closing))
    rpar = list(value.rpar)
    elements, closing = kept_items(value.elements, keep, rpar[-1].whitespace_before if rpar else cst.SimpleWhitespace(""))
    if rpar:
        rpar[-1] = rpar[-1].with_changes(whitespace_before=closing)
    if len(elements) == 1 and not isinstance(elements[0].comma, cst.Comma):
        elements[0] = elements[0].with_changes(comma=cst.Comma())
    return value.with_changes(elements=elements, rpar=rpar)


def deprecation_test(source_module: str, moved: Sequence[str], target_module: str, campaign: str) -> str:
    """A test module asserting that the old location warns and still serves the moved names."""
    table = "{\n" + "".join(f'    "{n}": "{target_module}",\n' for n in sorted(moved)) + "}"
    return (f'"""Added by refcoord (campaign {campaign}): {source_module} warns for names that moved."""\n\n'
            "import importlib\n\nimport pytest\n\n"
            f"MOVED = {table}\n\n\n"
            '@pytest.mark.parametrize("name", sorted(MOVED))\n'
            "def test_old_location_warns_and_still_works(name: str) -> None:\n"
            f'    old = importlib.import_module("{source_module}")\n'
            "    with pytest.warns(DeprecationWarning, match=MOVED[name]):\n"
            "        value = getattr(old, name)\n"
            "    assert value is getattr(importlib.import_module(MOVED[name]), name)\n")
