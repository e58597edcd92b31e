"""What a module's ``__all__`` lists, read from its code: the one reader the codemods share."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.cst_tools import detach


@dataclass(frozen=True, slots=True)
class DunderAll:
    """What a module's top-level statements say of its ``__all__``."""

    #: the names it lists; None when the module has none, or one built otherwise than from
    #: literal lists, tuples and strings (what it holds is then unknown)
    listed: frozenset[str] | None
    #: every string in the statements that set or change it: the names it may list (all of
    #: ``listed``, and names an earlier assignment or a computed part holds)
    mentioned: frozenset[str]


def read_all(code: str) -> DunderAll:
    """The ``__all__`` of the module ``code`` (a BOM and any line endings allowed), read from
    the top-level statements that set or change it (``=``, ``+=``, ``.extend``, ``.append``)."""
    try:
        tree = ast.parse(detach(code)[0])
    except (SyntaxError, ValueError):
        return DunderAll(None, frozenset())
    listed: set[str] | None = None
    known = True
    mentioned: set[str] = set()
    for stmt in tree.body:
        sets, values = _all_statement(stmt)
        if not sets:
            continue
        mentioned |= {
            n.value
            for n in ast.walk(stmt)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        }
        known = known and values is not None
        assign = isinstance(stmt, (ast.Assign, ast.AnnAssign))
        listed = set(values or ()) if assign or listed is None else listed | set(values or ())
    return DunderAll(
        frozenset(listed) if known and listed is not None else None, frozenset(mentioned)
    )


def star_exports(source_code: str, names: Sequence[str]) -> list[str]:
    """Which of ``names`` ``from <source> import *`` brings: those the source's ``__all__`` lists
    (expand keeps moved names there), or, without a readable ``__all__``, the public ones."""
    listed = read_all(source_code).listed
    return sorted(
        n for n in names if (n in listed if listed is not None else not n.startswith("_"))
    )


def _strings(node: ast.expr | None) -> list[str] | None:
    """The strings of a literal list or tuple of strings (or a sum of them); None otherwise."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left), _strings(node.right)
        return None if left is None or right is None else left + right
    if not isinstance(node, (ast.List, ast.Tuple)):
        return None
    values = [
        e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
    ]
    return values if len(values) == len(node.elts) else None


def _all_statement(stmt: ast.stmt) -> tuple[bool, list[str] | None]:
    """(whether ``stmt`` sets or changes ``__all__`` at the top of a module, the strings it
    assigns or adds when it is a literal assignment, ``+=``, ``.extend`` or ``.append``)."""
    if isinstance(stmt, ast.Assign) and any(map(_binds_all, stmt.targets)):
        plain = len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
        return True, _strings(stmt.value) if plain else None
    if (
        isinstance(stmt, (ast.AnnAssign, ast.AugAssign))
        and isinstance(stmt.target, ast.Name)
        and stmt.target.id == "__all__"
    ):
        plain = isinstance(stmt, ast.AnnAssign) or isinstance(stmt.op, ast.Add)
        return True, _strings(stmt.value) if plain else None
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "__all__"
    ):
        args = call.args
        if (
            call.func.attr == "append"
            and len(args) == 1
            and isinstance(args[0], ast.Constant)
            and isinstance(args[0].value, str)
        ):
            return True, [args[0].value]
        return True, _strings(args[0]) if call.func.attr == "extend" and len(args) == 1 else None
    return False, None


def _binds_all(target: ast.expr) -> bool:
    """Whether an assignment target binds ``__all__`` (alone, or unpacked with other names)."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(map(_binds_all, target.elts))
    if isinstance(target, ast.Starred):
        return _binds_all(target.value)
    return isinstance(target, ast.Name) and target.id == "__all__"
