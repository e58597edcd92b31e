"""What expand needs to know about the source module: where each global is bound and used,
which uses run at import time, and which names only top-level imports bind (libcst scopes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Access,
    FunctionScope,
    GlobalScope,
    MetadataWrapper,
    Scope,
    ScopeProvider,
)

from refactor_coord.rewrite.cst_tools import defined_names, walk
from refactor_coord.rewrite.imports import is_future, is_type_checking_block


@dataclass(frozen=True, slots=True)
class Analysis:
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


def analyse(code: str) -> Analysis:
    wrapper = MetadataWrapper(cst.parse_module(code))
    module = wrapper.module
    defines: dict[str, int] = {}
    for i, stmt in enumerate(module.body):
        for name in defined_names(stmt):
            defines.setdefault(name, i)
    star_import = any(
        isinstance(small, cst.ImportFrom) and isinstance(small.names, cst.ImportStar)
        for stmt in module.body
        if isinstance(stmt, cst.SimpleStatementLine)
        for small in stmt.body
    )
    a = Analysis(
        module,
        {id(n): i for i, stmt in enumerate(module.body) for n in walk(stmt)},
        defines,
        {},
        {},
        set(),
        {},
        [],
        star_import,
    )
    lazy_annotations = any(is_future(stmt, "annotations") for stmt in module.body)
    scopes = {s for s in wrapper.resolve(ScopeProvider).values() if s is not None}
    for scope in scopes:
        if isinstance(scope, GlobalScope):
            _record_globals(a, scope, lazy_annotations, _plain_imports(module))
    for scope in scopes:
        _record_unresolved(a, scope, lazy_annotations)
    a.unresolved.sort()
    return a


def _use(a: Analysis, name: str, access: Access, lazy_annotations: bool) -> None:
    assert isinstance(access.node, cst.Name)
    a.uses.setdefault(name, []).append((a.owner[id(access.node)], access.node))
    if _evaluated_at_import(access, lazy_annotations):
        a.import_time.add(id(access.node))


def _plain_imports(module: cst.Module) -> set[int]:
    """id() of the imports at the top of the module: on their own line, or under ``if
    TYPE_CHECKING:``. Moved code gets a copy of these; a name another import binds (under ``try``,
    in an ``if`` that picks one of two) is a global of the source like any other."""
    found: set[int] = set()
    for stmt in module.body:
        if is_type_checking_block(stmt):
            assert isinstance(stmt, cst.If)
            lines: Sequence[cst.CSTNode] = (
                stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else [stmt.body]
            )
        else:
            lines = [stmt]
        found |= {
            id(small)
            for line in lines
            if isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite))
            for small in line.body
            if isinstance(small, (cst.Import, cst.ImportFrom))
        }
    return found


def _record_globals(
    a: Analysis, scope: GlobalScope, lazy_annotations: bool, plain_imports: set[int]
) -> None:
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


def _record_unresolved(a: Analysis, scope: Scope, lazy_annotations: bool) -> None:
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
