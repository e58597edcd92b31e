"""replace-dependency: what the project uses of the old dependency, from the index, as the
names the facade exposes (:mod:`refactor_coord.domain.surface`), and the files that declare
dependencies (the expand and contract steps edit them)."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.adapters.source_files import read_source_leniently
from refactor_coord.application.references import reference_from_row
from refactor_coord.domain.facts import RefKind
from refactor_coord.domain.recipes.catalog import recipe
from refactor_coord.domain.specs import ReplaceDependency
from refactor_coord.domain.surface import FacadeName, facade_names
from refactor_coord.domain.uses import through
from refactor_coord.rewrite.manifest import manifest_paths, with_dependency, without_dependency
from refactor_coord.rewrite.module_values import kept_whole, module_imports
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.scope import parsed

#: references to the old module itself that do not use it as a value (an ``__all__`` entry
#: that names it does: it re-exports the module object)
_NOT_VALUES = (RefKind.IMPORT, RefKind.STRING)
#: folders below the root where dependency declarations live (requirements/, docs/conf.py)
_MANIFEST_FOLDERS = ("requirements", "docs", "doc")


def facade_surface(
    store: IndexStore,
    spec: ReplaceDependency,
    facade_path: str,
    read: Callable[[str], str | None] = lambda path: None,
) -> tuple[FacadeName, ...]:
    """The names the facade exposes: every name of ``spec.old`` the project's code (its
    tests too) uses, outside the facade itself (``read``: a repository file's text, to see
    which imports keep the module whole)."""
    refs = [
        ref
        for ref in map(reference_from_row, store.references_to(spec.old))
        if ref.path != facade_path
        and not through(ref.written, spec.facade)
        and not through(ref.scope, spec.facade)
    ]
    found = recipe(spec.recipe) if spec.recipe else None
    # the recipe's modules: those it maps wholesale, and every module it maps a name of
    # (``pytz.tzfile`` for ``pytz.tzfile.build_tzinfo``: a chain through ``import pytz``
    # then reaches the name, not ``tzfile``)
    modules = (
        [old for old, target in found.entries.items() if target.kind == "module"]
        + [old.rpartition(".")[0] for old in found.entries if "." in old]
        if found
        else []
    )
    modules += [old for old, _ in spec.mapping]  # a mapped name may be a module; harmless if not
    imported = [r.target for r in refs if r.kind == RefKind.IMPORT]
    # the module itself used as a value; or imported where the index attributes none of its
    # names to it (a name bound by two imports, ``import json`` or ``import simplejson as
    # json``, reads as the first): the module object stands there, whole
    importers = {r.path for r in refs if r.kind == RefKind.IMPORT and r.target == spec.old}
    named = {r.path for r in refs if r.target.startswith(spec.old + ".")}
    top = {spec.old.split(".")[0]}
    trees = {path: parsed(read(path) or "") for path in sorted(importers)}
    as_value = (
        any(_reads_import(trees[path], top) for path in sorted(importers - named))
        or any(r.target == spec.old and r.kind not in _NOT_VALUES for r in refs)
        or any(not isinstance(t, Refused) and kept_whole(t, top) for t in trees.values())
    )
    return facade_names(spec.old, [r.target for r in refs], imported, modules, as_value=as_value)


def _reads_import(tree: ast.Module | Refused, top: set[str]) -> bool:
    """Whether the module reads a name its ``import <old>`` binds (an unused import is left
    to go, not put on the facade)."""
    if isinstance(tree, Refused):
        return False
    bound = {i.bound for i in module_imports(tree, top)}
    return any(
        isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in bound
        for node in ast.walk(tree)
    )


def manifest_files(repo: Path) -> tuple[str, ...]:
    """The repository's files that declare or mention dependencies (at its root, and in
    ``requirements/``, ``docs/`` and ``doc/``)."""
    paths = [entry.name for entry in os.scandir(repo) if entry.is_file()]
    for folder in _MANIFEST_FOLDERS:
        if (repo / folder).is_dir():
            paths += [
                f"{folder}/{entry.name}" for entry in os.scandir(repo / folder) if entry.is_file()
            ]
    return manifest_paths(paths)


def manifest_notes(
    repo: Path, spec: ReplaceDependency, paths: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """What the expand and contract steps will do to the manifests among ``paths`` (and what
    they cannot), by phase, for the steps' notes: with a recipe, the requirement it adds and
    the distributions it removes. (Without one, the distribution of ``new`` is only known to
    the project's interpreter at expand, and that of ``old`` at contract.)"""
    found = recipe(spec.recipe) if spec.recipe else None
    if found is None:
        return {}
    texts = {p: t for p in paths if (t := read_source_leniently(repo / p)) is not None}
    notes: dict[str, tuple[str, ...]] = {}
    if found.requirement is not None:
        added = with_dependency(texts, found.requirement)
        where = [f"declares `{found.requirement}` in {w}" for w in added.where]
        notes["expand"] = (*where, *added.notes)
    removed = without_dependency(texts, found.old_distribution, spec.old, found.companions)
    notes["contract"] = (*(f"removes {w}" for w in removed.where), *removed.notes)
    return {phase: lines for phase, lines in notes.items() if lines}
