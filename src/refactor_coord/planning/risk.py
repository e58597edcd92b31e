"""Rate a step: complexity, risk and expected duration, each with measured reasons and remedies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from refactor_coord.domain.plan import Rating, Risk
from refactor_coord.planning.inputs import SymbolStats

_LEVELS = ("Low", "Medium", "High")
_DURATIONS = ("Quick", "Medium", "Long")


@dataclass(frozen=True, slots=True)
class StepMeasures:
    """What the ratings are computed from."""

    phase: str
    files: int
    rewritten: int
    review: int
    symbols: tuple[SymbolStats, ...]
    tests: int  #: test files that exercise the touched modules
    removes: tuple[str, ...]  #: contract: the public old names it removes
    remove_in: str | None = None  #: the announced removal version, if any
    #: public old name -> the re-export that keeps it public once the old name is gone
    reexported: Mapping[str, str] = field(default_factory=dict)


def rate(m: StepMeasures) -> Risk:
    """The three ratings of one step."""
    return Risk(_complexity(m), _risk(m), _duration(m))


def _complexity(m: StepMeasures) -> Rating:
    level = 0 if m.rewritten <= 10 and m.files <= 3 else (1 if m.rewritten <= 40 else 2)
    if m.phase != "migrate":
        level = 0 if not m.symbols or len(m.symbols) <= 3 else 1
        reasons = (
            f"{m.phase}: {len(m.symbols)} symbol(s) in {m.files} file(s), no importer rewritten",
        )
        return Rating(
            _LEVELS[level], reasons, ("move fewer symbols per refactoring",) if level else ()
        )
    reasons = (
        f"{m.rewritten} reference{'' if m.rewritten == 1 else 's'} rewritten in {m.files} file(s)",
    )
    lower = ("lower max_sites_per_step or max_files_per_step",) if level else ()
    return Rating(_LEVELS[level], reasons, lower)


def _risk(m: StepMeasures) -> Rating:
    score = 0
    reasons: list[str] = []
    lower: list[str] = []
    fan_in = max((s.fan_in for s in m.symbols), default=0)
    rank = max((s.rank for s in m.symbols), default=0.0)
    if fan_in:
        reasons.append(f"touched symbols are used from up to {fan_in} places (fan-in)")
        score += 1 if fan_in > 20 else 0
    if rank >= 0.9:
        top = max(1, round((1 - rank) * 100))
        reasons.append(
            f"a touched symbol's module is among the top {top}% of the import graph by PageRank"
        )
        score += 1
    score += _public_api(m, reasons, lower)
    if m.tests == 0:
        reasons.append("no test imports the touched modules")
        lower.append("add a test that imports the touched modules before applying")
        score += 1
    else:
        reasons.append(f"{m.tests} test file(s) exercise the touched modules")
    if m.review:
        reasons.append(f"{m.review} site(s) left for manual review")
        lower.append("resolve the manual-review sites by hand first")
        score += 1
    return Rating(_LEVELS[min(2, score)], tuple(reasons), tuple(lower))


def _public_api(m: StepMeasures, reasons: list[str], lower: list[str]) -> int:
    """What the step does to the public API, and what that adds to the risk score: expand
    keeps every public name working (the shim serves it), deprecate makes them warn, contract
    removes them (a name re-exported elsewhere stays public there)."""
    public = [s.qname for s in m.symbols if s.public]
    if not public or m.phase == "migrate":
        return 0
    if m.phase == "flip":
        return 0
    if m.phase == "expand":
        works = "keeps" if len(public) == 1 else "keep"
        reasons.append(f"public API kept: {_names(public)} {works} working")
        return 0
    if m.phase == "deprecate":
        starts = "starts" if len(public) == 1 else "start"
        reasons.append(f"public API: {_names(public)} {starts} to warn (DeprecationWarning)")
        return 1
    breaking = [n for n in m.removes if n not in m.reexported]
    kept = [f"{m.reexported[n]} (for {n})" for n in m.removes if n in m.reexported]
    if kept:
        reasons.append(f"stays public through a re-export: {_names(kept)}")
    if not breaking:
        return 0
    reasons.append(f"removes public names: external users of {_names(breaking)} break")
    lower.append(
        f"release it only in version {m.remove_in} (announced by the deprecate step)"
        if m.remove_in
        else "set remove_in and announce the removal one release ahead"
    )
    return 2


def _names(names: Sequence[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _duration(m: StepMeasures) -> Rating:
    effort = m.files + m.rewritten // 10 + 3 * m.review
    level = 0 if effort <= 4 else (1 if effort <= 15 else 2)
    reasons = (f"{m.files} file(s), {m.rewritten} rewritten reference(s), {m.review} to review",)
    lower = (
        ("split the step (lower the bounds) or review the flagged sites beforehand",)
        if level
        else ()
    )
    return Rating(_DURATIONS[level], reasons, lower)


def rate_all(measures: Sequence[StepMeasures]) -> list[Risk]:
    """Ratings for several steps, in order."""
    return [rate(m) for m in measures]
