"""Where a module reads an environment-variable feature flag, and the default it falls back to
(pure): ``os.environ.get("FLAG", "old")``, ``os.getenv("FLAG")``, ``os.environ["FLAG"]``,
``"FLAG" in os.environ``, ``os.environ.setdefault("FLAG", "old")``, through any alias of ``os``
or ``environ`` (``from os import environ, getenv``); the flag's name or the default may be a
module-level constant bound once to a string (``FLAG = "SHOP_BACKEND"``, as a facade writes
it)."""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import dataclass

_ENV_CALLS = {("environ", "get"), ("environ", "setdefault"), ("os", "getenv")}


@dataclass(frozen=True, slots=True)
class FlagRead:
    """One place that reads a flag."""

    flag: str
    line: int
    default: str | None  #: the fallback value, when it is a string literal


def flag_reads_in(tree: ast.Module, flags: Collection[str]) -> tuple[FlagRead, ...]:
    """Every read of one of ``flags`` in the module, in source order."""
    names = _os_names(tree)
    constants = _constants(tree)
    found: list[FlagRead] = []
    for node in ast.walk(tree):
        read = _read(node, flags, names, constants)
        if read is not None:
            found.append(read)
    return tuple(sorted(found, key=lambda r: (r.line, r.flag)))


def _os_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it is: "os", "environ" or "getenv"."""
    names = {"os": "os"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update({a.asname or a.name: "os" for a in node.names if a.name == "os"})
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            names.update(
                {a.asname or a.name: a.name for a in node.names if a.name in ("environ", "getenv")}
            )
    return names


def _role(node: ast.expr, names: dict[str, str]) -> str:
    """ "environ", "getenv" or "os" for an expression that names one of them, else ""."""
    if isinstance(node, ast.Name):
        return names.get(node.id, "")
    if isinstance(node, ast.Attribute) and _role(node.value, names) == "os":
        return node.attr if node.attr in ("environ", "getenv") else ""
    return ""


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module-level names bound exactly once, to a string literal."""
    bound: dict[str, list[str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    value = stmt.value
                    text = value.value if isinstance(value, ast.Constant) else None
                    bound.setdefault(target.id, []).append(text if isinstance(text, str) else "")
        elif isinstance(stmt, ast.AnnAssign | ast.AugAssign) and isinstance(stmt.target, ast.Name):
            bound.setdefault(stmt.target.id, []).append("")
    return {name: values[0] for name, values in bound.items() if len(values) == 1 and values[0]}


def _read(
    node: ast.AST, flags: Collection[str], names: dict[str, str], constants: dict[str, str]
) -> FlagRead | None:
    if isinstance(node, ast.Call):
        return _call_read(node, flags, names, constants)
    if isinstance(node, ast.Subscript) and _role(node.value, names) == "environ":
        flag = _literal(node.slice, constants)
        return FlagRead(flag, node.lineno, None) if flag in flags else None
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], (ast.In, ast.NotIn))
        and _role(node.comparators[0], names) == "environ"
    ):
        flag = _literal(node.left, constants)
        return FlagRead(flag, node.lineno, None) if flag in flags else None
    return None


def _call_read(
    node: ast.Call, flags: Collection[str], names: dict[str, str], constants: dict[str, str]
) -> FlagRead | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        key = (_role(func.value, names), func.attr)
    else:
        key = ("os", "getenv") if _role(func, names) == "getenv" else ("", "")
    if key not in _ENV_CALLS or not node.args:
        return None
    flag = _literal(node.args[0], constants)
    if flag not in flags:
        return None
    fallback = node.args[1] if len(node.args) > 1 else _keyword(node, "default")
    default = _literal(fallback, constants) if fallback is not None else ""
    text = isinstance(fallback, ast.Constant) and isinstance(fallback.value, str)
    return FlagRead(flag, node.lineno, default if default or text else None)


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _literal(node: ast.expr, constants: dict[str, str]) -> str:
    """A string constant's value, or that of a name bound once to one ("" otherwise)."""
    if isinstance(node, ast.Name):
        return constants.get(node.id, "")
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
