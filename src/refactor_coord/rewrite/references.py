"""Which expressions and imports of a module refer to a qualified name, by the kit's scope model:
a name read whose every binding (in the scope the read reaches) is an import of that name, an
attribute chain read through an import of its module, and the import statements themselves.
Pure: ``ast`` in, positions out (the codemods edit the text there)."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace

from refactor_coord.domain.call_aliases import CallAlias, call_aliases
from refactor_coord.domain.modules import resolve_relative
from refactor_coord.domain.passed_on import PassedOn, compared_values, passed_on
from refactor_coord.domain.subclass_inits import subclass_inits
from refactor_coord.domain.type_positions import type_positions
from refactor_coord.rewrite.scope import ModuleScope, Read


@dataclass(frozen=True, slots=True)
class Reference:
    """An expression that names the target: ``name`` (a read of an imported name) or
    ``mod.name``; ``line``/``col`` is where its last identifier stands (UTF-8 bytes)."""

    node: ast.Name | ast.Attribute
    line: int
    col: int
    identifier: str  #: the last identifier: what a rename replaces
    call: ast.Call | None  #: the call whose callee it is, if any
    bound: str | None  #: the local name the reference reads through (``name`` or ``mod``)
    #: the local it is assigned to, when that local only stands for it (``handler = fetch``,
    #: then only ``handler(...)``): :mod:`refactor_coord.domain.call_aliases`
    alias: CallAlias | None = None
    #: how it will be called, when it is passed on to code whose calls of it are known
    #: (``withStderrTo(err, check, path)``): :mod:`refactor_coord.domain.passed_on`
    passed: PassedOn | None = None
    #: what it is compared with by identity or equality (``assertIs(pkg.old, old)``), when
    #: that is a name or attribute chain: :func:`refactor_coord.domain.passed_on.compared`
    compared: ast.Name | ast.Attribute | None = None
    #: it stands only as a type there (an annotation, ``isinstance``'s class, an ``except``
    #: clause): :mod:`refactor_coord.domain.type_positions`
    typed: bool = False
    #: it is the first base of a class whose own ``__init__`` passes it arguments with these
    #: ``super().__init__(...)`` calls: :mod:`refactor_coord.domain.subclass_inits`
    subclass: tuple[ast.Call, ...] | None = None


@dataclass(frozen=True, slots=True)
class ImportOf:
    """``from <module> import <name> [as <local>]`` where ``module.name`` is the target."""

    node: ast.ImportFrom
    alias: ast.alias
    local: str  #: the name the import binds


def references(
    tree: ast.Module, scope: ModuleScope, qualified: str, same: Collection[str] = ()
) -> list[Reference]:
    """Every read of ``qualified`` in the module, in source order; ``same``: its other names
    (a re-export's, ``pkg.name``), which a name the module imports twice may also be bound
    to (glom's tests import ``Ref`` from ``glom`` and from ``glom.core``)."""
    reads = {(r.line, r.col): r for r in scope.reads}
    calls = called_by(tree)
    names = frozenset({qualified, *same})
    found = [
        ref
        for node in ast.walk(tree)
        if (ref := _reference(node, reads, (qualified, names), calls)) is not None
    ]
    aliases = aliases_by_value(tree)
    passed = passed_on(tree) if found else {}
    compared = compared_values(tree) if found else {}
    typed = type_positions(tree) if found else frozenset()
    inits = subclass_inits(tree) if found else {}
    found = [
        replace(
            r,
            alias=aliases.get(id(r.node)),
            passed=passed.get(id(r.node)),
            compared=compared.get(id(r.node)),
            typed=id(r.node) in typed,
            subclass=inits.get(id(r.node)),
        )
        for r in found
    ]
    return sorted(found, key=lambda r: (r.line, r.col))


def called_by(tree: ast.Module) -> dict[int, ast.Call]:
    """Each call by the id of what it calls: its callee, or, for a generic class given its
    type parameters (``Cache[int, str](maxsize=2)``), the class."""
    calls: dict[int, ast.Call] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls[id(node.func)] = node
            if isinstance(node.func, ast.Subscript):
                calls[id(node.func.value)] = node
    return calls


def aliases_by_value(tree: ast.Module) -> dict[int, CallAlias]:
    """The module's locals that only stand for a callable, by the id of the value assigned."""
    return {
        id(alias.assign.value): alias
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for alias in call_aliases(node).values()
    }


def _reference(
    node: ast.AST,
    reads: dict[tuple[int, int], Read],
    target: tuple[str, frozenset[str]],
    calls: dict[int, ast.Call],
) -> Reference | None:
    """``node`` as a read of ``target`` (its qualified name, and all its names), if it is
    one: a bare name the module imports it as, or an attribute chain through an import."""
    qualified, names = target
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        read = reads.get((node.lineno, node.col_offset))
        if read is not None and qualified in read.imports and set(read.imports) <= names:
            return Reference(
                node, node.lineno, node.col_offset, node.id, calls.get(id(node)), node.id
            )
        return None
    if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Load):
        return None
    chain: list[str] = [node.attr]
    base: ast.expr = node.value
    while isinstance(base, ast.Attribute):
        chain.insert(0, base.attr)
        base = base.value
    if not isinstance(base, ast.Name) or node.end_lineno is None or node.end_col_offset is None:
        return None
    read = reads.get((base.lineno, base.col_offset))
    rest = "." + ".".join(chain)
    if (
        read is None
        or not read.imports
        or not all(v is not None and v + rest == qualified for v in read.imports)
    ):
        return None
    col = node.end_col_offset - len(node.attr.encode("utf-8"))
    return Reference(node, node.end_lineno, col, node.attr, calls.get(id(node)), base.id)


def global_reads(tree: ast.Module, scope: ModuleScope, name: str) -> list[Reference]:
    """Every read of the module's own global ``name`` (one its code binds: a def, a class, an
    assignment), in source order."""
    at = {(u.line, u.col) for u in scope.uses.get(name, ()) if not u.in_string}
    return name_reads(tree, name, at)


def name_reads(tree: ast.Module, name: str, at: Collection[tuple[int, int]]) -> list[Reference]:
    """The reads of the bare ``name`` at the positions ``at`` (line, column), in source order."""
    calls = called_by(tree)
    aliases = aliases_by_value(tree)
    passed = passed_on(tree) if at else {}
    typed = type_positions(tree) if at else frozenset()
    inits = subclass_inits(tree) if at else {}
    return [
        Reference(
            node,
            node.lineno,
            node.col_offset,
            name,
            calls.get(id(node)),
            name,
            aliases.get(id(node)),
            passed.get(id(node)),
            typed=id(node) in typed,
            subclass=inits.get(id(node)),
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and node.id == name
        and (node.lineno, node.col_offset) in at
    ]


def imports_of(
    tree: ast.Module, module: str, is_package: bool, qualified: str
) -> Iterator[ImportOf]:
    """Every ``from`` import, at any depth (``try``/``except ImportError`` fallbacks, function
    bodies), that imports ``qualified`` by name."""
    parent, _, name = qualified.rpartition(".")
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = resolve_relative(module, is_package, node.module, node.level)
        if source != parent:
            continue
        for alias in node.names:
            if alias.name == name:
                yield ImportOf(node, alias, alias.asname or alias.name)


def chain_root(node: ast.expr) -> ast.expr:
    """Where an attribute chain's first expression starts (``a`` of ``(a & b).c().d[0].e``):
    where the index places a reference made through it."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def attributes_at(
    tree: ast.Module, name: str, lines: Sequence[str]
) -> dict[tuple[int, int], ast.Attribute]:
    """The reads of ``.name`` by where their whole expression starts (1-based line, 1-based
    column in characters, as the index records a reference), and where its chain's first
    expression does; the innermost where several start at one place."""
    found: dict[tuple[int, int], ast.Attribute] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.attr != name:
            continue
        for start in dict.fromkeys((node, chain_root(node))):  # ``(a & b).m``: at ``(``, ``a``
            line = lines[start.lineno - 1].encode("utf-8")
            at = (start.lineno, len(line[: start.col_offset].decode("utf-8", "replace")) + 1)
            if at not in found or _inside(node, found[at]):
                found[at] = node
    return found


def _inside(node: ast.Attribute, other: ast.Attribute) -> bool:
    return any(n is node for n in ast.walk(other.value))
