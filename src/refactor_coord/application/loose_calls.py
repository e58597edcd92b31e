"""A method's same-named calls on receivers of unknown type, sorted out: the index's own
inference leaves them (``loose``); jedi (:mod:`refactor_coord.adapters.receiver_types`) is
asked where each attribute leads. Those that lead to the method (or to one of its overrides)
are its calls, proven; those that lead elsewhere (another class's method of the same name, a
library's) are not its calls at all; the rest stay uncertain, for a person. ``refs``, the plan,
the migrate step and the deprecate and contract checks all read this one answer."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_coord.adapters.index_store import FileRow, IndexStore
from refactor_coord.adapters.receiver_types import attribute_targets
from refactor_coord.analysis.link import shape_from_text
from refactor_coord.domain.facts import Reference, RefKind

#: The reason a proven loose call gives.
INFERRED = "receiver's type inferred by jedi"


@dataclass(frozen=True, slots=True)
class LooseCalls:
    """The loose uses of a method's name: proven its (or its overrides'), and uncertain."""

    proven: tuple[Reference, ...]
    uncertain: tuple[Reference, ...]


def loose_calls(
    repo: Path,
    store: IndexStore,
    method: str,
    overrides: Collection[str] = (),
    paths: Collection[str] | None = None,
) -> LooseCalls:
    """The attribute uses named like ``method`` (qualified) on receivers the index cannot type,
    sorted by what jedi says they lead to (``overrides``: qualified names that count as it;
    ``paths``: only in these files)."""
    leaf = method.rpartition(".")[2]
    rows = [r for r in store.loose_named(leaf) if paths is None or str(r[1]) in paths]
    if not rows:
        return LooseCalls((), ())
    places = [(str(r[1]), int(str(r[2])), int(str(r[3])), leaf) for r in rows]
    files = store.files()
    answers = attribute_targets(repo, source_roots(files), places)
    verdict = answer_sorter(store, method, overrides)
    proven: list[Reference] = []
    uncertain: list[Reference] = []
    for row, place in zip(rows, places, strict=True):
        ref = loose_from_row(row, method)
        target = verdict(answers.get(place, frozenset()))
        if target:
            proven.append(replace(ref, target=target, confidence="medium", reason=INFERRED))
        elif target is None:
            uncertain.append(ref)
    return LooseCalls(tuple(proven), tuple(uncertain))


def answer_sorter(
    store: IndexStore, method: str, overrides: Collection[str]
) -> Callable[[frozenset[str]], str | None]:
    """What jedi's answer for one use of ``method``'s name says: the method (or the override)
    it leads to, proven; ``""``, something else for certain (not a use); None, uncertain."""
    targets = {method, *overrides}
    tops = {row.module.partition(".")[0] for row in store.files().values()}

    def verdict(names: frozenset[str]) -> str | None:
        if names and names <= targets:
            return method if method in names else min(names)
        if names and not names & targets and all(_elsewhere(store, n, tops) for n in names):
            return ""
        return None

    return verdict


def _elsewhere(store: IndexStore, name: str, tops: Collection[str]) -> bool:
    """Whether jedi's answer ``name`` (not the method's) is something else for certain: a
    library's or a builtin's, or a definition the index has. Anything else (jedi's name for an
    instance attribute, ``pkg.Point.__init__.x``) says nothing."""
    return name.partition(".")[0] not in tops or bool(store.definitions(name))


def source_roots(files: Mapping[str, FileRow]) -> list[str]:
    """The folders the repository's modules are imported from ("" for its top)."""
    roots: set[str] = set()
    for row in files.values():
        parts = row.path.removesuffix(".py").split("/")
        if row.is_package:
            parts = parts[:-1]  # pkg/__init__.py is pkg
        depth = len(row.module.split("."))
        if depth <= len(parts):
            roots.add("/".join(parts[: len(parts) - depth]))
    return sorted(roots)


def loose_from_row(row: tuple[object, ...], target: str) -> Reference:
    attr, path, line, col, kind, shape, scope = (str(v) for v in row)
    reason = f"'.{attr}' on a receiver whose type is unknown"
    return Reference(
        target,
        f"?.{attr}",
        path,
        int(line),
        int(col),
        RefKind(kind),
        "low",
        reason,
        scope,
        shape_from_text(shape),
    )
