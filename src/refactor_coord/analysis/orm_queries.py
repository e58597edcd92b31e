"""What an ORM query returns, read from the code (pure): the receivers of attribute uses that
are rows of a SQLAlchemy query, and the entity expression the query names (``Model`` in
``session.query(Model).filter(...).first()``), so that a type inferencer asked about that
name can tell which class's attribute is used.

The shapes, on a name assigned one of them in the same function (or used directly):
``<session>.query(E)...`` ended by ``first``, ``one``, ``one_or_none``, ``scalar`` or
``get(key)``; ``<session>.get(E, key)``; ``<session>.scalars(select(E)...)`` or
``<session>.execute(select(E)...)`` ended by ``first``, ``one``, ``one_or_none``, ``scalar``,
``scalar_one`` or ``scalar_one_or_none``; and a ``for`` loop (or comprehension) over
``query(E)...``, ``scalars(select(E)...)`` or either's ``.all()``."""

from __future__ import annotations

import ast

#: the query methods that return one row (an instance of the entity)
ONE_ROW = frozenset({"first", "one", "one_or_none", "scalar", "scalar_one", "scalar_one_or_none"})


def orm_query_entities(tree: ast.Module) -> dict[ast.Attribute, ast.expr]:
    """Each attribute use on a row of an ORM query, and the entity the query names."""
    found: dict[ast.Attribute, ast.expr] = {}
    scopes: list[ast.AST] = [tree]
    scopes += [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for scope in scopes:
        rows = _row_names(scope)
        for node in _own_nodes(scope):
            if isinstance(node, ast.Attribute):
                entity = _entity_of_row(node.value, rows, node.lineno)
                if entity is not None:
                    found[node] = entity
    return found


def _row_names(scope: ast.AST) -> dict[str, list[tuple[int, ast.expr]]]:
    """name -> (line, the entity) of each assignment in ``scope`` that binds it to a row."""
    rows: dict[str, list[tuple[int, ast.expr]]] = {}
    for node in _own_nodes(scope):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            entity = _one_row(node.value)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            targets, entity = [node.target], _rows(node.iter)
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and entity is not None:
                line = getattr(node, "lineno", None) or target.lineno
                rows.setdefault(target.id, []).append((line, entity))
    return rows


def _own_nodes(scope: ast.AST) -> list[ast.AST]:
    """The nodes of ``scope`` outside the functions defined in it (their names are theirs)."""
    found: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        found.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack.extend(ast.iter_child_nodes(node))
    return found


def _entity_of_row(
    value: ast.expr, rows: dict[str, list[tuple[int, ast.expr]]], line: int
) -> ast.expr | None:
    """The entity when ``value`` is a row: a query's one-row result, or a name last bound to
    a row before ``line``."""
    if isinstance(value, ast.Name):
        before = [entity for at, entity in rows.get(value.id, []) if at <= line]
        return before[-1] if before else None
    return _one_row(value)


def _one_row(value: ast.expr) -> ast.expr | None:
    """The entity of ``value`` when it is one row of a query."""
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return None
    method, receiver = value.func.attr, value.func.value
    if method in ONE_ROW:
        return _queried(receiver)
    if method == "get" and len(value.args) == 2:  # Session.get(Model, key)
        return value.args[0]
    if method == "get" and len(value.args) == 1:  # Query.get(key)
        return _queried(receiver)
    return None


def _rows(value: ast.expr) -> ast.expr | None:
    """The entity of ``value`` when it is the rows of a query (what a loop runs over)."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        return _queried(value.func.value if value.func.attr == "all" else value)
    return _queried(value)


def _queried(value: ast.expr) -> ast.expr | None:
    """The entity a query names: down a chain of query methods to ``query(E)``, or to
    ``scalars(select(E)...)`` / ``execute(select(E)...)``."""
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        method = value.func.attr
        if method == "query":
            return value.args[0] if len(value.args) == 1 and not value.keywords else None
        if method in ("scalars", "execute") and value.args:
            return _selected(value.args[0])
        value = value.func.value
    return None


def _selected(value: ast.expr) -> ast.expr | None:
    """``E`` of ``select(E).where(...)...``."""
    while isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "select":
            return value.args[0] if len(value.args) == 1 else None
        if not isinstance(func, ast.Attribute):
            return None
        value = func.value
    return None


def name_position(entity: ast.expr) -> tuple[int, int]:
    """Where the last name of ``entity`` (``Model``, ``models.Model``) stands."""
    if isinstance(entity, ast.Attribute) and entity.end_lineno is not None:
        end = entity.end_col_offset or 0
        return entity.end_lineno, end - len(entity.attr.encode("utf-8"))
    return entity.lineno, entity.col_offset
