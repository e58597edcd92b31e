"""The extract-module codemods' before/after cases, as data (:mod:`refactor_coord.rewrite.cases`):
one module per codemod or topic, each with a ``CASES`` mapping of codemod id -> cases, merged
here for the codemods' ``CASES`` (imported only when the cases are run)."""

from __future__ import annotations

from collections.abc import Mapping

from refactor_coord.rewrite.cases import Case
from refcoord_codemods.extract_module.cases import (
    expand_cases,
    migrate_cases,
    shim_cases,
    star_all_cases,
    style_cases,
)

_MODULES = (expand_cases, star_all_cases, style_cases, migrate_cases, shim_cases)


def _merged(parts: tuple[Mapping[str, tuple[Case, ...]], ...]) -> dict[str, tuple[Case, ...]]:
    merged: dict[str, tuple[Case, ...]] = {}
    for part in parts:
        for codemod, cases in part.items():
            merged[codemod] = merged.get(codemod, ()) + cases
    return merged


CASES = _merged(tuple(module.CASES for module in _MODULES))
