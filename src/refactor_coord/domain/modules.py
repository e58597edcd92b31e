"""Module names: what a relative import names, and the names refcoord writes into modules.

Shared by the index (which reads them) and the codemods (which write them): what a relative
import names, what ``importlib.import_module("a.b")`` imports."""

from __future__ import annotations

import ast
import re

#: The documentation files whose doctests a project may run.
DOC_SUFFIXES = (".rst", ".md", ".txt")

#: The table of names a refcoord shim (PEP 562 ``__getattr__``) serves from their new modules.
SHIM_TABLE = "_REFCOORD_MOVED"


def module_package(module: str, is_package: bool) -> list[str]:
    """The package parts a relative import in ``module`` starts from."""
    parts = module.split(".")
    return parts if is_package else parts[:-1]


def resolve_relative(module: str, is_package: bool, target: str | None, level: int) -> str | None:
    """Absolute module for ``from <level dots><target> import ...``; None if it escapes the
    root."""
    if level == 0:
        return target
    base = module_package(module, is_package)
    if level - 1 > len(base) or (level - 1 == len(base) and not target):
        return None
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


#: A dotted path of identifiers (``a.b``, ``pkg.mod.name``).
DOTTED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\Z")
#: Why a use through such a module may need a person: there is no import statement to rewrite.
CALL_IMPORT_REASON = "through a module bound by importlib.import_module(...): rewrite by hand"


def imported_module(value: ast.expr) -> str | None:
    """The module ``importlib.import_module("a.b")`` (or ``import_module("a.b")``) imports,
    when its name is an absolute literal: the assigned name is bound to that module, as by
    ``import a.b as name``."""
    if not isinstance(value, ast.Call) or len(value.args) != 1 or value.keywords:
        return None
    func, argument = value.func, value.args[0]
    named = (isinstance(func, ast.Name) and func.id == "import_module") or (
        isinstance(func, ast.Attribute)
        and func.attr == "import_module"
        and isinstance(func.value, ast.Name)
        and func.value.id == "importlib"
    )
    if not named or not isinstance(argument, ast.Constant) or not isinstance(argument.value, str):
        return None
    text = argument.value
    return text if DOTTED_PATH.match(text) or text.isidentifier() else None
