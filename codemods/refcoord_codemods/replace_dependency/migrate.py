"""replace-dependency, importer side: one file's uses of the old dependency pointed at the
facade, in every import form, with the kit's importer repointing (:mod:`refactor_coord.rewrite.
repoint`) once per old module the facade serves names of; then the imports of the old
dependency that nothing reads any more go. Text in, text out."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import libcst as cst

from refactor_coord.domain.recipes import Recipe
from refactor_coord.rewrite.cst_tools import dotted_expr
from refactor_coord.rewrite.dunder_all import all_strings
from refactor_coord.rewrite.imports import without_names
from refactor_coord.rewrite.module_values import kept_whole
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.repoint import migrate
from refactor_coord.rewrite.scope import module_scope
from refactor_coord.rewrite.style import Style
from refcoord_codemods.replace_dependency.no_facade import Forms, without_facade


def migrated(
    code: str,
    module: str,
    is_package: bool,
    facade: str,
    table: Mapping[str, str],
    style: Style | None = None,
    forms: Forms | None = None,
    imported_elsewhere: Callable[[str], bool] = lambda name: True,
) -> str | Refused:
    """``code`` with its uses of the names in ``table`` (facade name -> old qualified name)
    going to ``facade``. The deepest old modules go first (``six.moves.urllib.parse.quote``
    before ``six.text_type``); a module import of the old dependency that the chains through
    it kept (``import six``) goes when nothing reads it any more, and so does a name it now
    imports from the facade that nothing reads, unless ``imported_elsewhere(name)`` (other
    modules import it from this one: ``from .compat import iteritems``). ``forms``: the names whose
    uses Python 3 writes itself, the same in both backends (:mod:`.no_facade`): written so
    first."""
    star = _star_import(code, old_tops(table))
    if star is not None:
        return Refused(
            f"`from {star} import *`: the facade serves only the names the project uses, "
            "so import the ones this file needs by name (then apply this step again)"
        )
    before = code
    if forms:
        code = without_facade(code, module, is_package, forms)
    itself = {leaf for leaf, qualified in table.items() if leaf == qualified}
    if itself:
        code = _module_values_rebound(code, facade, itself)
    groups: dict[str, list[str]] = {}
    for leaf, qualified in table.items():
        if leaf == qualified:
            continue  # the module itself
        groups.setdefault(qualified.rpartition(".")[0], []).append(leaf)
    old = old_tops(table)
    for old_module in sorted(groups, key=lambda m: (-m.count("."), m)):
        names = sorted(groups[old_module])
        result = migrate(
            code, module, is_package, old_module, facade, names, style=style, source_is_ours=False
        )
        if isinstance(result, Refused):
            return result
        code = result
    unread = _Unread(old, facade, before, imported_elsewhere)
    code = _without_unread_imports(code, module, is_package, unread)
    if before.strip() and before[:1] not in "\r\n":  # an import removed from the top
        code = code.lstrip("\r\n")
    return code


def old_tops(table: Mapping[str, str]) -> set[str]:
    """The old dependency's top-level modules the facade's table names."""
    return {qualified.split(".")[0] for qualified in table.values()}


def _star_import(code: str, old: set[str]) -> str | None:
    """The module of the first ``from <old...> import *`` in ``code`` (None: none)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    return next(
        (
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0] in old
            and any(alias.name == "*" for alias in node.names)
        ),
        None,
    )


def _module_values_rebound(code: str, facade: str, modules: set[str]) -> str:
    """``import json [as j]`` -> ``from <facade> import json [as j]`` where the file keeps the
    module object whole (:func:`~refactor_coord.rewrite.module_values.kept_whole`: read as a
    value, or imported in a ``try`` that falls back on failure): the facade's module object,
    on either backend, then stands where the module was, and a fallback still falls back."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    rebound = {(i.bound, i.module) for i in kept_whole(tree, modules)}
    if not rebound:
        return code
    return cst.parse_module(code).visit(_Rebind(facade, rebound)).code


class _Rebind(cst.CSTTransformer):
    def __init__(self, facade: str, rebound: set[tuple[str, str]]) -> None:
        super().__init__()
        self.facade = facade
        self.rebound = rebound  #: (bound name, module) of the imports to rebind

    def leave_Import(
        self, original: cst.Import, updated: cst.Import
    ) -> cst.Import | cst.ImportFrom:
        if len(updated.names) != 1:
            return updated
        alias = updated.names[0]
        name = cst.Module([]).code_for_node(alias.name)
        bound = cst.Module([]).code_for_node(alias.asname.name) if alias.asname else name
        if (bound, name) not in self.rebound:
            return updated
        return cst.ImportFrom(
            module=dotted_expr(self.facade),
            names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)],
        )


def forms_of(recipe: Recipe | None) -> Forms:
    """The recipe's names whose uses Python 3 writes itself: builtins under their own name,
    and the syntax forms it lists."""
    if recipe is None:
        return Forms()
    builtins = {
        old
        for old, target in recipe.entries.items()
        if target.kind == "name"
        and target.identical
        and target.value == f"builtins.{old.rpartition('.')[2]}"
    }
    syntax = recipe.syntax.items()
    return Forms(
        frozenset(builtins),
        frozenset(old for old, form in syntax if form == "metaclass"),
        frozenset(old for old, form in syntax if form == "raise-from"),
    )


@dataclass(frozen=True, slots=True)
class _Unread:
    """What :func:`_without_unread_imports` may take out."""

    old: set[str]  #: the old dependency's top-level modules
    facade: str
    before: str  #: the file before the migration
    imported_elsewhere: Callable[[str], bool]  #: other modules import this name from here


def _without_unread_imports(code: str, module: str, is_package: bool, given: _Unread) -> str:
    """``code`` without the top-level imports that migrating left unread: ``import <old>``
    statements whose name nothing reads any more, and names imported from the facade that
    the migration added (the file did not import them from it before) and nothing reads, here
    or through this module (a use written as Python 3 writes it, or read through the facade
    module instead). In doubt (a module that does not parse) they stay."""
    try:
        tree = ast.parse(code)
        had = _from_facade(ast.parse(given.before), given.facade)
    except SyntaxError:
        return code
    read = {r.name for r in module_scope(tree, module, is_package).reads} | all_strings(tree)
    unread = _old_imports(tree, given.old) - read
    added = {
        name
        for name in _from_facade(tree, given.facade) - had - read
        if not given.imported_elsewhere(name)
    }
    facade = given.facade
    if not unread and not added:
        return code
    parsed = cst.parse_module(code)
    body: list[cst.BaseStatement] = []
    for stmt in parsed.body:
        gone = unread if _plain_import(stmt) else added if _imports_from(stmt, facade) else None
        kept = without_names(stmt, gone) if gone else stmt
        if kept is not None:
            body.append(kept)
    return parsed.with_changes(body=body).code


def _old_imports(tree: ast.Module, old: set[str]) -> set[str]:
    """What the module's top-level ``import <old>[.sub]`` statements bind."""
    return {
        (alias.asname or alias.name).split(".")[0]
        for stmt in tree.body
        if isinstance(stmt, ast.Import)
        for alias in stmt.names
        if alias.name.split(".")[0] in old
    }


def _from_facade(tree: ast.Module, facade: str) -> set[str]:
    """What the module's top-level ``from <facade> import ...`` statements bind."""
    return {
        alias.asname or alias.name
        for stmt in tree.body
        if isinstance(stmt, ast.ImportFrom) and stmt.module == facade and not stmt.level
        for alias in stmt.names
    }


def _imports_from(stmt: cst.BaseStatement, facade: str) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.ImportFrom)
        and stmt.body[0].module is not None
        and not stmt.body[0].relative
        and cst.Module([]).code_for_node(stmt.body[0].module) == facade
    )


def _plain_import(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import) for small in stmt.body
    )
