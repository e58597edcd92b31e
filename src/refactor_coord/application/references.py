"""Use case: every reference to a qualified name (after bringing the index up to date)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_coord.adapters.index_store import IndexStore, open_store
from refactor_coord.analysis.link import shape_from_text
from refactor_coord.application.doctest_calls import doctest_calls
from refactor_coord.application.indexing import CACHE_DIR, Progress, index_repository
from refactor_coord.application.loose_calls import loose_calls
from refactor_coord.domain.errors import UnknownNameError
from refactor_coord.domain.facts import Definition, IndexSummary, Reference, RefKind
from refactor_coord.domain.uses import Rule, assigned_aliases
from refactor_coord.domain.uses import spells_class as spells_class_name

if TYPE_CHECKING:
    from refactor_coord.domain.config import Config

_MEMBER_KINDS = ("method", "attribute")


def spells_class(row: Sequence[object], cls: str) -> bool:
    """:func:`refactor_coord.domain.uses.spells_class` for an index row
    (``IndexStore.references_to``)."""
    return spells_class_name(str(row[0]), str(row[1]), str(row[7]), cls)


def is_class(store: IndexStore, qname: str) -> bool:
    """Whether the index defines ``qname`` as a class."""
    return any(str(row[1]) == "class" for row in store.definitions(qname))


def untyped_uses(store: IndexStore, member: str) -> int:
    """How many uses of an attribute named like the method or property ``member`` the index
    found on receivers whose type it cannot tell (``refcoord refs`` sorts them with jedi)."""
    return len(store.loose_named(member.rpartition(".")[2]))


def is_method(store: IndexStore, qname: str) -> bool:
    """Whether the index defines ``qname`` as a method."""
    return any(str(row[1]) == "method" for row in store.definitions(qname))


def overridden(store: IndexStore, method: str) -> list[str]:
    """The methods of the repository's bases of ``method``'s class, however far up, that it
    overrides (packaging's ``SpecifierSet.contains`` implements the abstract
    ``BaseSpecifier.contains``)."""
    owner, _, leaf = method.rpartition(".")
    found: list[str] = []
    seen, todo = {owner}, [owner]
    while todo:
        for base in _bases_of(store, todo.pop()):
            if base not in seen:
                seen.add(base)
                todo.append(base)
                found += [f"{base}.{leaf}"] if store.definitions(f"{base}.{leaf}") else []
    return sorted(found)


def _bases_of(store: IndexStore, cls: str) -> list[str]:
    """The bases the index resolved for the class ``cls`` (its ``base`` references, in the
    class statement: the innermost class above them is ``cls``)."""
    paths = sorted({str(row[2]) for row in store.definitions(cls)})
    bases: list[str] = []
    for path in paths:
        classes = store.classes_in(path)
        for ref in map(reference_from_row, store.references_in([path])):
            if ref.kind.value == "base" and class_above(classes, ref.line) == cls:
                bases.append(ref.target)
    return bases


def class_above(classes: Sequence[tuple[str, int]], line: int) -> str | None:
    """Of a file's ``classes`` (qualified name, line of its statement, in order), the last one
    to start at or above ``line``: the class whose statement a ``base`` reference there is in."""
    above = [name for name, start in classes if start <= line]
    return above[-1] if above else None


def is_member(store: IndexStore, qname: str) -> bool:
    """Whether the index defines ``qname`` as a class's method or attribute: what code reads
    on instances, whose receivers the index cannot always type."""
    return any(str(row[1]) in ("method", "attribute") for row in store.definitions(qname))


@dataclass(frozen=True, slots=True)
class ReferenceReport:
    """What ``refcoord refs NAME`` shows."""

    name: str  #: the name asked for
    target: str  #: the canonical name it stands for (differs for a re-export)
    definitions: tuple[Definition, ...]
    references: tuple[Reference, ...]  #: resolved through imports, sorted by file and line
    uncertain: tuple[
        Reference, ...
    ]  #: attribute uses of the same name on receivers of unknown type
    index: IndexSummary


def find_references(
    repo: Path,
    config: Config,
    name: str,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ReferenceReport:
    """Every place that refers to ``name``, through aliases, re-exports and every import form.

    Raises:
        UnknownNameError: the repository defines nothing by that name (close matches suggested).
    """
    summary = index_repository(repo, config, workers=workers, progress=progress)
    store, _ = open_store(repo / CACHE_DIR)
    try:
        target = _canonical(store, name)
        definitions = tuple(definition_from_row(row) for row in store.definitions(target))
        references = tuple(reference_from_row(row) for row in store.references_to(target))
        if not definitions and not references:
            raise UnknownNameError(name, _suggestions(store, name))
        uncertain: tuple[Reference, ...] = ()
        if any(d.kind in _MEMBER_KINDS for d in definitions):
            loose = loose_calls(repo, store, target)
            examples = doctest_calls(repo, store, target, exclude=config.campaign.exclude)
            found = (*references, *loose.proven, *examples.proven)
            references = tuple(sorted(found, key=_place))
            uncertain = (*loose.uncertain, *examples.uncertain)
        return ReferenceReport(name, target, definitions, references, uncertain, summary)
    finally:
        store.close()


def _place(ref: Reference) -> tuple[str, int, int]:
    return ref.path, ref.line, ref.col


def _canonical(store: IndexStore, name: str) -> str:
    if store.definitions(name):
        return name
    targets = store.targets_written_as(name, 2)
    return targets[0] if len(targets) == 1 else name


def _suggestions(store: IndexStore, name: str) -> list[str]:
    import difflib

    leaf = name.rsplit(".", 1)[-1]
    parent = name.rsplit(".", 1)[0] if "." in name else name
    candidates = store.definition_names_like(leaf, parent)
    if not candidates:
        candidates = [q for q, _ in store.all_definitions()]
    return difflib.get_close_matches(name, candidates, n=5, cutoff=0.6)


def references_through(store: IndexStore, name: str) -> list[Reference]:
    """The references that reach ``name`` (or inside it) or are spelled through it, wherever
    they lead (a moved name still imported from its old module); a place may come twice."""
    rows = [*store.references_to(name), *store.references_written(name)]
    return [reference_from_row(row) for row in rows]


def aliases_in_index(
    store: IndexStore, name: str, modules: Mapping[str, str], refs: Sequence[Reference]
) -> tuple[str, ...]:
    """The module-level names assignments bind to ``name`` (``s = attrs``), as the index has
    them (:func:`refactor_coord.domain.uses.assigned_aliases`); ``refs``: the references
    through ``name``; ``modules``: path -> module."""
    places = {
        (r.path, r.line)
        for r in refs
        if r.kind is RefKind.NAME and r.target == name and r.scope == modules.get(r.path)
    }
    variables = {place: store.variables_at(*place) for place in places}
    return assigned_aliases(name, refs, variables, modules)


def indexed_rule(
    store: IndexStore, modules: Mapping[str, str], rule: Rule, also_class: str = ""
) -> tuple[Rule, list[Reference]]:
    """``rule`` completed from the index (whether the name is a class, the names assignments
    bind to it; ``also_class``: a name whose being a class makes the rule's one too), and the
    references through the name and those names (``modules``: path -> module)."""
    cls = is_class(store, rule.name) or bool(also_class and is_class(store, also_class))
    refs = references_through(store, rule.name)
    aliases = aliases_in_index(store, rule.name, modules, refs)
    refs += [r for alias in aliases for r in references_through(store, alias)]
    return replace(rule, is_class=cls, aliases=aliases), refs


def definition_from_row(row: tuple[object, ...]) -> Definition:
    qname, kind, path, line, col = row
    return Definition(str(qname), str(kind), str(path), int(line), int(col))  # type: ignore[call-overload]


def reference_from_row(row: tuple[object, ...]) -> Reference:
    target, written, path, line, col, kind, confidence, reason, scope, shape = (
        str(v) for v in row
    )
    return Reference(
        target,
        written,
        path,
        int(line),
        int(col),
        RefKind(kind),
        confidence,  # type: ignore[arg-type]
        reason,
        scope,
        shape_from_text(shape),
    )
