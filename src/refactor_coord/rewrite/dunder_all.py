"""What a module's ``__all__`` lists, read from its code (the one reader the codemods share), and
the edits of its literal entries: one taken out, one added beside another."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from refactor_coord.rewrite.cst_tools import detach, dotted, kept_items


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
    for stmt in tree.body:
        sets, values = _all_statement(stmt)
        if not sets:
            continue
        known = known and values is not None
        assign = isinstance(stmt, (ast.Assign, ast.AnnAssign))
        listed = set(values or ()) if assign or listed is None else listed | set(values or ())
    return DunderAll(
        frozenset(listed) if known and listed is not None else None, all_strings(tree)
    )


def all_strings(tree: ast.Module) -> frozenset[str]:
    """Every string in the module's top-level statements that set or change ``__all__`` (its
    :attr:`DunderAll.mentioned`, for a module already parsed)."""
    return frozenset(
        n.value
        for stmt in tree.body
        if _all_statement(stmt)[0]
        for n in ast.walk(stmt)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
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


def without_entries(code: str, names: set[str]) -> str:
    """``code`` with ``names`` taken out of the literal lists and tuples its ``__all__``
    assignments hold (their lines kept as they were)."""
    return _all_values(code, lambda value: _without_names_in(value, names))


def with_entry_after(code: str, old: str, new: str) -> str:
    """``code`` with ``new`` listed in ``__all__`` right after ``old``, written like it."""
    return _all_values(code, lambda value: _with_after(value, old, new))


def _all_values(code: str, change: Callable[[cst.BaseExpression], cst.BaseExpression]) -> str:
    module = cst.parse_module(code)

    class Edit(cst.CSTTransformer):
        def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
            if not any(dotted(t.target) == "__all__" for t in updated_node.targets):
                return updated_node
            return updated_node.with_changes(value=change(updated_node.value))

    return module.visit(Edit()).code


def _with_after(value: cst.BaseExpression, old: str, new: str) -> cst.BaseExpression:
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        return value.with_changes(
            left=_with_after(value.left, old, new), right=_with_after(value.right, old, new)
        )
    if not isinstance(value, (cst.List, cst.Tuple)):
        return value
    elements = list(value.elements)
    for i, element in enumerate(elements):
        string = element.value
        if isinstance(string, cst.SimpleString) and string.evaluated_value == old:
            quote = string.value[string.value.index(old) - 1]
            added = element.with_changes(value=cst.SimpleString(f"{quote}{new}{quote}"))
            if not isinstance(element.comma, cst.Comma):  # the last one: a comma between
                elements[i] = element.with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
            elements.insert(i + 1, added)
            return value.with_changes(elements=elements)
    return value


def _without_names_in(value: cst.BaseExpression, names: set[str]) -> cst.BaseExpression:
    """A literal list or tuple of names (or a sum with such parts, like the ``__all__`` expand
    adds for star imports) without ``names``; anything else as it is."""
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        return value.with_changes(
            left=_without_names_in(value.left, names), right=_without_names_in(value.right, names)
        )
    if not isinstance(value, (cst.List, cst.Tuple)):
        return value
    keep = [
        not (isinstance(e.value, cst.SimpleString) and e.value.evaluated_value in names)
        for e in value.elements
    ]
    return value if all(keep) else _without_elements(value, keep)


def _without_elements(value: cst.List | cst.Tuple, keep: list[bool]) -> cst.List | cst.Tuple:
    """A literal list or tuple with only the ``keep``-marked elements, its lines kept as they were
    (a tuple left with one element keeps a comma; an emptied one is ``[]`` or ``()``)."""
    if not any(keep):
        return cst.List([]) if isinstance(value, cst.List) else cst.Tuple([])
    if isinstance(value, cst.List):
        elements, closing = kept_items(value.elements, keep, value.rbracket.whitespace_before)
        return value.with_changes(
            elements=elements, rbracket=value.rbracket.with_changes(whitespace_before=closing)
        )
    rpar = list(value.rpar)
    elements, closing = kept_items(
        value.elements, keep, rpar[-1].whitespace_before if rpar else cst.SimpleWhitespace("")
    )
    if rpar:
        rpar[-1] = rpar[-1].with_changes(whitespace_before=closing)
    if len(elements) == 1 and not isinstance(elements[0].comma, cst.Comma):
        elements[0] = elements[0].with_changes(comma=cst.Comma())
    return value.with_changes(elements=elements, rpar=rpar)
