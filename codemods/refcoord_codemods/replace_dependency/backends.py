"""Which new-backend object each facade name is: from the user's ``[refactor.map]``, else the
built-in recipe, else (with no recipe) the same name in the configured ``new`` module when it
has it. Whatever none of them maps becomes an explicit stub, never a guess. Pure: the
project's environment is asked through the callable given."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from refactor_coord.domain.recipes import Recipe, Target, mapped, name, stub, target_of
from refactor_coord.domain.surface import FacadeName

#: qualified names -> those of them the project's interpreter can import or reach
Resolves = Callable[[tuple[str, ...]], Collection[str]]


@dataclass(frozen=True, slots=True)
class Backed:
    """One facade name with its new-backend object and where that mapping came from."""

    name: FacadeName
    target: Target
    source: str  #: "map", "recipe", "new module", or "none"


@dataclass(frozen=True, slots=True)
class Sources:
    """What the mapping may draw on."""

    recipe: Recipe | None
    mapping: Mapping[str, str]  #: ``[refactor.map]``: old qualified name -> new qualified name
    new: str | None  #: the configured ``new`` (a library or a module of the project)
    #: the top-level names the ``new`` module defines, when it is a module of the project
    project_names: Collection[str] | None
    resolves: Resolves


def backed(names: Sequence[FacadeName], sources: Sources) -> tuple[Backed, ...]:
    """Each facade name with its new-backend object, in the order given."""
    same = _same_named(names, sources)
    return tuple(_one(n, sources, same) for n in names)


def _one(facade: FacadeName, sources: Sources, same: Collection[str]) -> Backed:
    given = mapped(sources.mapping, facade.qualified)
    if given is not None:
        return Backed(facade, name(given), "map")
    if sources.recipe is not None:
        known = target_of(sources.recipe, facade.qualified)
        if known is not None:
            return Backed(facade, known, "recipe")
        why = f"the {sources.recipe.id} recipe does not map {facade.qualified}"
        if not facade.module:
            why += (
                f" (the module object: code uses {facade.qualified} itself as a value, and "
                f"{sources.recipe.new} is no drop-in for all of it; pass the names it needs)"
            )
        return Backed(facade, stub(f"{why}: give it in [refactor.map]"), "none")
    candidate = _same_name(facade, sources.new)
    if candidate is not None and candidate in same:
        return Backed(facade, name(candidate), "new module")
    where = sources.new or "the new backend"
    if not facade.module:
        why = f"{where} cannot be imported"
    else:
        why = f"{where} has no {facade.qualified.split('.', 1)[1]}"
    return Backed(facade, stub(f"{why}: give {facade.qualified} in [refactor.map]"), "none")


def _same_name(facade: FacadeName, new: str | None) -> str | None:
    """``old.rest`` -> ``new.rest``: the same name in the configured new module."""
    if new is None:
        return None
    if not facade.module:  # the old module itself: the new one stands for it
        return new
    rest = facade.qualified.split(".", 1)[1]
    return f"{new}.{rest}"


def _same_named(names: Sequence[FacadeName], sources: Sources) -> Collection[str]:
    """Of the same-named candidates, those the new module really has (read from the project's
    module, else asked of the project's interpreter). With a recipe none are asked for."""
    if sources.recipe is not None or sources.new is None:
        return frozenset()
    wanted = tuple(c for c in (_same_name(n, sources.new) for n in names) if c is not None)
    if sources.project_names is not None:
        return frozenset(
            c for c in wanted if c == sources.new or _top(c, sources.new) in sources.project_names
        )
    return frozenset(sources.resolves(wanted)) if wanted else frozenset()


def _top(candidate: str, module: str) -> str:
    return candidate.removeprefix(module + ".").split(".")[0]


def stubs(entries: Sequence[Backed]) -> tuple[Backed, ...]:
    """The names nothing maps."""
    return tuple(e for e in entries if e.target.kind == "stub")
