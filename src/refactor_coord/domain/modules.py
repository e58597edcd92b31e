"""Module names: what a relative import names, and the names refcoord writes into modules.

Shared by the index (which reads them) and the codemods (which write them)."""

from __future__ import annotations

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
