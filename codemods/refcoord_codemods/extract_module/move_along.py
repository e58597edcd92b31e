"""When expand refuses a move because the two modules would need each other while they are
imported (a true import-time cycle), find the names that, moved along with the asked ones, make
the move possible, so that ``plan`` can say exactly what to add to ``symbols``.

Two ways out are tried, each grown until expand accepts or nothing more can move: take along
what the moved code reads from the source when it is imported (its base classes, decorators,
defaults), or take along the code staying behind that reads moved names when it is imported
(what it decorates, subclasses or tabulates). The shorter answer that expand accepts wins; every
answer is checked by running expand itself, so a suggestion is never a guess."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from refactor_coord.rewrite.cst_tools import defined_names, detach
from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.extract_module.source_analysis import (
    Analysis,
    AnalysisError,
    analyse,
    runs_at_import,
)

#: Rounds of growth per way out before giving up: each round runs expand once.
_MAX_ROUNDS = 6

#: Runs expand for a list of symbols; truthy when it moved them (an ``Expanded``).
Attempt = Callable[[Sequence[str]], object]


def with_advice(
    refused: Refused, source_code: str, symbols: Sequence[str], attempt: Attempt
) -> Refused:
    """``refused``, with the names to move along when some make the move possible."""
    more = names_to_move_along(source_code, symbols, attempt)
    if not more:
        return refused
    listed = ", ".join(f'"{n}"' for n in [*symbols, *more])
    return Refused(
        f"{refused.reason.rstrip('.')}. Moving {', '.join(more)} along makes the move possible: "
        f"symbols = [{listed}]"
    )


def names_to_move_along(
    source_code: str, symbols: Sequence[str], attempt: Attempt
) -> tuple[str, ...] | None:
    """The fewest extra names (in source order) with which ``attempt`` succeeds, else None."""
    try:
        a = analyse(detach(source_code)[0])
    except (cst.ParserSyntaxError, AnalysisError):
        return None
    answers = [
        found
        for grow in (_read_by_moved, _reading_moved)
        if (found := _grown(a, list(symbols), grow, attempt)) is not None
    ]
    return min(answers, key=len) if answers else None


def _grown(
    a: Analysis,
    symbols: list[str],
    grow: Callable[[Analysis, set[int], set[str]], list[str] | None],
    attempt: Attempt,
) -> tuple[str, ...] | None:
    names = list(symbols)
    for _ in range(_MAX_ROUNDS):
        moved = {a.defines[n] for n in names if n in a.defines}
        extra = grow(a, moved, set(names))
        if not extra:
            return None
        names += extra
        if not isinstance(attempt(names), Refused):
            added = set(names) - set(symbols)
            return tuple(n for n in a.defines if n in added)
    return None


def _read_by_moved(a: Analysis, moved: set[int], names: set[str]) -> list[str] | None:
    """The source's definitions the moved code reads when it is imported."""
    tops = {
        a.defines[name]
        for name, uses in a.uses.items()
        if name not in names and name in a.defines and name not in a.imports
        for use in uses
        if use.top in moved and runs_at_import(a, use)
    }
    return _defined_by(a, tops)


def _reading_moved(a: Analysis, moved: set[int], names: set[str]) -> list[str] | None:
    """The definitions staying behind that read a moved name when the module is imported; None
    when such a read is in a statement that defines nothing (a call at the top level), which
    cannot move."""
    tops = {
        use.top
        for name in names
        for use in a.uses.get(name, [])
        if runs_at_import(a, use) and use.top not in moved and a.defines.get(name) != use.top
    }
    if any(not defined_names(a.module.body[top]) for top in tops):
        return None
    return _defined_by(a, tops)


def _defined_by(a: Analysis, tops: set[int]) -> list[str]:
    """Every name the statements ``tops`` define (a statement moves whole)."""
    return [n for top in sorted(tops) for n in defined_names(a.module.body[top])]
