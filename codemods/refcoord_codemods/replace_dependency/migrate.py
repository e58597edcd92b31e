"""replace-dependency, importer side: one file's uses of the old dependency pointed at the
facade, in every import form, with the kit's importer repointing (:mod:`refactor_coord.rewrite.
repoint`) once per old module the facade serves names of; then the imports of the old
dependency that nothing reads any more go. Text in, text out."""

from __future__ import annotations

import ast
from collections.abc import Mapping

import libcst as cst

from refactor_coord.domain.recipes import Recipe
from refactor_coord.rewrite.imports import without_names
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
) -> str | Refused:
    """``code`` with its uses of the names in ``table`` (facade name -> old qualified name)
    going to ``facade``. The deepest old modules go first (``six.moves.urllib.parse.quote``
    before ``six.text_type``); a module import of the old dependency that the chains through
    it kept (``import six``) goes when nothing reads it any more. ``forms``: the names whose
    uses Python 3 writes itself, the same in both backends (:mod:`.no_facade`): written so
    first."""
    if forms:
        code = without_facade(code, module, is_package, forms)
    groups: dict[str, list[str]] = {}
    for leaf, qualified in table.items():
        groups.setdefault(qualified.rpartition(".")[0], []).append(leaf)
    old = {m.split(".")[0] for m in groups}
    for old_module in sorted(groups, key=lambda m: (-m.count("."), m)):
        names = sorted(groups[old_module])
        result = migrate(
            code, module, is_package, old_module, facade, names, style=style, source_is_ours=False
        )
        if isinstance(result, Refused):
            return result
        code = result
    return _without_unread_imports(code, module, is_package, old)


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


def _without_unread_imports(code: str, module: str, is_package: bool, old: set[str]) -> str:
    """``code`` without its top-level ``import <old>[.sub]`` statements whose name nothing
    reads (in doubt, such as a module that does not parse, they stay)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    unread = _unread(tree, module, is_package, old)
    if not unread:
        return code
    parsed = cst.parse_module(code)
    body: list[cst.BaseStatement] = []
    for stmt in parsed.body:
        kept = without_names(stmt, unread) if _plain_import(stmt) else stmt
        if kept is not None:
            body.append(kept)
    return parsed.with_changes(body=body).code


def _unread(tree: ast.Module, module: str, is_package: bool, old: set[str]) -> set[str]:
    bound = {
        (alias.asname or alias.name).split(".")[0]
        for stmt in tree.body
        if isinstance(stmt, ast.Import)
        for alias in stmt.names
        if alias.name.split(".")[0] in old
    }
    read = {r.name for r in module_scope(tree, module, is_package).reads}
    return bound - read - _exported(tree)


def _exported(tree: ast.Module) -> set[str]:
    return {
        node.value
        for stmt in tree.body
        if isinstance(stmt, ast.Assign | ast.AugAssign)
        for node in ast.walk(stmt)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _plain_import(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import) for small in stmt.body
    )
