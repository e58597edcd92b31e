"""replace-dependency's contract with ``inline = true``: the facade goes too, and its importers
import the new backend directly. Only a facade whose every name is a plain import of the new
backend under the same name (``from json import dumps``) can go: a name it defines itself (an
adapter, a stub written by hand, a value) or imports under another name (``str as
text_type``) has nowhere to go but the facade, and the step is refused naming them. Text in,
text out."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.repoint import migrate


def inline_targets(contracted: str, exported: list[str]) -> dict[str, str] | Refused:
    """The new backend's module of each name of the contracted facade (``dumps`` ->
    ``json``), or why the facade cannot be inlined."""
    try:
        tree = ast.parse(contracted)
    except SyntaxError as error:
        return Refused(f"the facade does not parse: {error.msg}")
    found: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
            found |= {a.name: stmt.module for a in stmt.names if a.asname is None}
    kept = sorted(name for name in exported if name not in found)
    if kept:
        shown = ", ".join(kept[:6]) + (" ..." if len(kept) > 6 else "")
        return Refused(
            f"the facade cannot be inlined: it defines or renames {shown} itself (adapter "
            "code, a value, another name on the new backend), which its importers would have "
            "nowhere to import from; set inline = false to keep it as the project's layer"
        )
    return {name: found[name] for name in exported}


def inlined(
    code: str, module: str, is_package: bool, facade: str, targets: Mapping[str, str]
) -> str | Refused:
    """``code`` importing each of the facade's names from its module on the new backend."""
    groups: dict[str, list[str]] = {}
    for name, target in targets.items():
        groups.setdefault(target, []).append(name)
    for target, names in sorted(groups.items()):
        result = migrate(
            code, module, is_package, facade, target, sorted(names), target_is_ours=False
        )
        if isinstance(result, Refused):
            return result
        code = result
    left = _facade_uses(code, facade)
    if left:
        return Refused(
            f"it still uses {facade} after inlining (line {left[0]}: a name the facade "
            "does not serve, such as BACKEND); change it by hand first"
        )
    return code


def _facade_uses(code: str, facade: str) -> list[int]:
    """The lines that import the facade."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and _imports(node, facade)
    )


def _imports(node: ast.Import | ast.ImportFrom, facade: str) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == facade
    return any(a.name == facade for a in node.names)
