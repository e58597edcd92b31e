"""What stands at a deprecated name, read from the code: the real code, a silent or a warning
shim, or nothing (``refcoord status``'s shim column)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from refactor_coord.adapters.index_store import FileRow, IndexStore
from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.raw import Surface, decode_surface
from refactor_coord.analysis.resolve import Resolution, Resolver
from refactor_coord.application.references import references_through
from refactor_coord.domain.progress import ShimState
from refactor_coord.domain.specs import ReplaceDependency
from refactor_coord.domain.uses import through

#: how many modules a name is followed through (``os.path.join``: os, then posixpath)
_MAX_HOPS = 12


def shim_state(
    store: IndexStore,
    where: tuple[Path, Mapping[str, FileRow]],
    name: str,
    new: str,
    *,
    warns: bool,
    expanded: bool,
) -> ShimState:
    """What stands at ``name``: "warning" when the code declares it deprecated; "gone" when
    nothing provides it any more; "original" while it is still the real code (its replacement
    is not there yet; for a name that stays, such as a signature change, until the commit of
    its expand step is in history); else a silent shim."""
    if not store.definitions(name) and not provides(store, where, name):
        return "gone"
    if warns:
        return "warning"
    if name == new:
        return "silent" if expanded else "original"
    return "silent" if store.definitions(new) else "original"


def layer_state(
    store: IndexStore, files: Mapping[str, FileRow], spec: ReplaceDependency, *, warns: bool
) -> ShimState:
    """What stands between the code and a dependency being replaced: nothing yet ("original":
    no facade module), the facade still serving the old backend (silent, or warning), or a
    facade that no longer uses it ("gone": the contract step removed the old backend)."""
    if not any(r.module == spec.facade for r in files.values()):
        return "original"
    if not any(through(r.scope, spec.facade) for r in references_through(store, spec.old)):
        return "gone"
    return "warning" if warns else "silent"


def provides(store: IndexStore, where: tuple[Path, Mapping[str, FileRow]], name: str) -> bool:
    """Whether the repository's modules still make ``name`` importable: it resolves to a
    definition through their bindings (``os.path.join``: ``os`` imports ``posixpath`` as
    ``path``), or a module ``__getattr__`` serves it by naming it in a string. Only the modules
    on the way are read (``where``: the repository and its indexed files)."""
    repo, files = where
    modules = {r.module: r for r in files.values() if r.status == "ok"}
    loaded: dict[str, Surface] = {}
    for _ in range(_MAX_HOPS):
        found = Resolver(loaded.values()).resolve(name)
        missing = _next_module(found.target if found.target != name else name, modules, loaded)
        if missing is None:
            return (found.known and not found.tail) or _served_by_getattr(repo, found, modules)
        surface = _surface(store, modules[missing])
        if surface is None:
            return False
        loaded[missing] = surface
    return False


def _next_module(
    target: str, modules: Mapping[str, FileRow], loaded: Mapping[str, Surface]
) -> str | None:
    """The longest prefix of ``target`` that is a module of the repository not read yet."""
    parts = target.split(".")
    for i in range(len(parts), 0, -1):
        prefix = ".".join(parts[:i])
        if prefix in loaded:
            return None
        if prefix in modules:
            return prefix
    return None


def _surface(store: IndexStore, row: FileRow) -> Surface | None:
    blob = next((b for _, b in store.surface_blobs([row.fact_key])), None)
    return decode_surface(blob) if blob is not None else None


def _served_by_getattr(repo: Path, found: Resolution, modules: Mapping[str, FileRow]) -> bool:
    """Whether the module a name was not found in has a ``__getattr__`` naming it in a string
    (extract-module's shim table)."""
    module, _, leaf = found.target.rpartition(".")
    row = modules.get(module)
    if row is None or not found.reason.startswith("served by"):
        return False
    text = read_source(repo / row.path) or ""
    return f'"{leaf}"' in text or f"'{leaf}'" in text
