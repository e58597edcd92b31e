"""``refcoord report``'s page: a campaign's progress as one self-contained HTML file.

The page is rendered from the jinja2 template ``report.html.j2`` shipped in
``refactor_coord/templates`` (autoescaped: every text from the code or git is escaped). Its
burndown chart is an inline SVG whose geometry is computed here, so the page needs no script,
no font and no network to be read. Everything is pure and deterministic: the same values and
the same ``generated`` text give the same bytes.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup, escape

from refactor_coord.application.templating import package_templates
from refactor_coord.domain.progress import HistoryPoint, NameProgress, Status

#: the chart draws one series per name up to this many names (and gives them a legend)
MAX_SERIES = 8
#: the owner column's text for uses in files no CODEOWNERS rule owns
NO_OWNER = "(no owner)"

_WIDTH, _HEIGHT = 960, 360
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 24, 20, 44
_ALIVE = ("silent", "warning")


@functools.cache
def _env() -> Environment:
    return package_templates(html=True, num=_num, short=_short, breakable=_breakable)


def _breakable(text: str) -> Markup:
    """A dotted name or a path, escaped, that may wrap after each dot and slash."""
    out = escape(text)
    for mark in ("/", "."):
        out = Markup(f"{mark}<wbr>").join(out.split(mark))
    return out


def _num(value: int) -> str:
    """A count as the page shows it: ``1,234``."""
    return f"{value:,}"


def _short(commit: str | None) -> str:
    """A commit's short form (git's default length)."""
    return (commit or "")[:7]


def _day(date: str) -> str:
    """The day of an ISO 8601 date."""
    return date[:10]


def _when(date: str) -> str:
    """An ISO 8601 date to the minute, readably: ``2024-03-01 12:30``."""
    return date.replace("T", " ")[:16]


# -- headline ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline number: what it counts, its value, and what it is out of (when it is)."""

    key: str
    label: str
    value: int
    of: int | None = None
    alert: bool = False  #: shown highlighted (a non-zero count of something overdue)


def _figures(status: Status, overdue: int) -> list[Figure]:
    applied = sum(1 for s in status.steps if s.state == "applied")
    return [
        Figure("remaining", "uses remaining", status.remaining),
        Figure("steps", "steps applied", applied, len(status.steps)),
        Figure("shims", "shims alive", sum(1 for n in status.names if n.shim in _ALIVE)),
        Figure("flags", "flags alive", sum(1 for f in status.flags if f.alive)),
        Figure("overdue", "overdue removals", overdue, alert=overdue > 0),
        Figure("inventory", "deprecations in the code", len(status.inventory)),
    ]


# -- the burndown chart ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One commit of the history as the chart draws it."""

    index: int
    x: str
    y: str
    hit_x: str  #: where the point's hover band starts
    total: int
    commit: str
    date: str
    day: str  #: the date's day, as the axis and the data table show it
    subject: str
    tooltip: str
    counts: tuple[int, ...]  #: per series name, in the order of the chart's names


@dataclass(frozen=True, slots=True)
class Series:
    """One deprecated name's line."""

    index: int
    name: str
    points: str  #: the polyline's ``points``
    values: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis label at a position."""

    at: str
    text: str
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class Chart:
    """The burndown chart's geometry, ready to be written as SVG."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[ChartPoint, ...]
    line: str
    area: str
    series: tuple[Series, ...]
    names: tuple[str, ...]  #: the names of the series (empty when there are too many)
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    radius: float
    band: str  #: the width of each point's hover band
    summary: str


class _Scale:
    """Commit index and count to SVG coordinates."""

    def __init__(self, count: int, maximum: int) -> None:
        self.count, self.maximum = count, max(maximum, 1)
        self.width = _WIDTH - _LEFT - _RIGHT
        self.height = _HEIGHT - _TOP - _BOTTOM

    def x(self, index: int) -> float:
        if self.count == 1:
            return _LEFT + self.width / 2
        return _LEFT + self.width * index / (self.count - 1)

    def y(self, value: int) -> float:
        return _TOP + self.height * (1 - value / self.maximum)


def _xy(value: float) -> str:
    return f"{value:.1f}"


def _counts(point: HistoryPoint, names: Sequence[str]) -> tuple[int, ...]:
    found = dict(point.remaining)
    return tuple(found.get(name, 0) for name in names)


def _tooltip(point: HistoryPoint, names: Sequence[str], counts: Sequence[int]) -> str:
    lines = [f"{_short(point.commit)} · {_when(point.date)}", point.subject]
    lines.append(f"{_num(point.total)} remaining")
    if 1 < len(names) <= MAX_SERIES:
        lines += [f"{name}: {_num(n)}" for name, n in zip(names, counts, strict=True)]
    return "\n".join(lines)


def _band(scale: _Scale) -> float:
    """The width of the band around a point where hovering shows its tooltip."""
    return max(scale.width / scale.count, 1.0)


def _chart_point(
    index: int, point: HistoryPoint, names: Sequence[str], scale: _Scale
) -> ChartPoint:
    counts = _counts(point, names)
    return ChartPoint(
        index=index,
        x=_xy(scale.x(index)),
        y=_xy(scale.y(point.total)),
        hit_x=_xy(scale.x(index) - _band(scale) / 2),
        total=point.total,
        commit=point.commit,
        date=point.date,
        day=_day(point.date),
        subject=point.subject,
        tooltip=_tooltip(point, names, counts),
        counts=counts,
    )


def _polyline(scale: _Scale, values: Iterable[int]) -> str:
    return " ".join(f"{_xy(scale.x(i))},{_xy(scale.y(v))}" for i, v in enumerate(values))


def _series(scale: _Scale, names: Sequence[str], points: Sequence[ChartPoint]) -> list[Series]:
    out = []
    for i, name in enumerate(names):
        values = tuple(p.counts[i] for p in points)
        out.append(Series(i, name, _polyline(scale, values), values))
    return out


def _y_ticks(scale: _Scale, maximum: int) -> tuple[Tick, ...]:
    zero = Tick(_xy(scale.y(0)), "0")
    return (zero,) if maximum == 0 else (zero, Tick(_xy(scale.y(maximum)), _num(maximum)))


def _x_ticks(scale: _Scale, points: Sequence[HistoryPoint]) -> tuple[Tick, ...]:
    first, last = _day(points[0].date), _day(points[-1].date)
    if len(points) == 1:
        return (Tick(_xy(scale.x(0)), first),)
    return (
        Tick(_xy(scale.x(0)), first, "start"),
        Tick(_xy(scale.x(len(points) - 1)), last, "end"),
    )


def _summary(points: Sequence[HistoryPoint]) -> str:
    first, last = points[0], points[-1]
    commits = "1 commit" if len(points) == 1 else f"{len(points)} commits"
    return (
        f"Uses remaining over {commits}: {_num(first.total)} on {_day(first.date)}, "
        f"{_num(last.total)} on {_day(last.date)}, at most {_num(max(p.total for p in points))}. "
        "The chart counts commits; the headline counts the working tree, uncommitted changes "
        "included."
    )


def burndown(points: Sequence[HistoryPoint], names: Sequence[str]) -> Chart | None:
    """The burndown chart of a history (oldest commit first), or None when it has no point.

    Each deprecated name gets its own series when there are at most :data:`MAX_SERIES`
    names and more than one (with one name, the total is that name's line)."""
    if not points:
        return None
    maximum = max(p.total for p in points)
    scale = _Scale(len(points), maximum)
    drawn = tuple(names) if len(names) <= MAX_SERIES else ()
    chart_points = tuple(_chart_point(i, p, drawn, scale) for i, p in enumerate(points))
    line = _polyline(scale, (p.total for p in points))
    base = _xy(scale.y(0))
    area = f"{chart_points[0].x},{base} {line} {chart_points[-1].x},{base}"
    return Chart(
        width=_WIDTH,
        height=_HEIGHT,
        left=_LEFT,
        right=_WIDTH - _RIGHT,
        top=_TOP,
        bottom=_HEIGHT - _BOTTOM,
        points=chart_points,
        line=line,
        area=area,
        series=tuple(_series(scale, drawn, chart_points)) if len(drawn) > 1 else (),
        names=drawn,
        y_ticks=_y_ticks(scale, maximum),
        x_ticks=_x_ticks(scale, points),
        radius=3.5 if len(points) <= 60 else 2.0,
        band=_xy(_band(scale)),
        summary=_summary(points),
    )


# -- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """Uses remaining under one owner (or package), in all and per name."""

    key: str
    total: int
    per_name: tuple[int, ...]  #: in the order of the campaign's names


def _tally(counts: Mapping[str, Counter[str]], names: Sequence[str]) -> list[Tally]:
    rows = [
        Tally(key, sum(c.values()), tuple(c[name] for name in names)) for key, c in counts.items()
    ]
    return sorted(rows, key=lambda t: (-t.total, t.key))


def by_owner(names: Sequence[NameProgress]) -> list[Tally]:
    """Uses remaining per CODEOWNERS owner, most first; a use with several owners counts for
    each of them, one with none for :data:`NO_OWNER`."""
    counts: dict[str, Counter[str]] = {}
    for name in names:
        for use in name.uses:
            for owner in use.owners or (NO_OWNER,):
                counts.setdefault(owner, Counter())[name.name] += 1
    return _tally(counts, [n.name for n in names])


def by_package(names: Sequence[NameProgress]) -> list[Tally]:
    """Uses remaining per first-party package, most first."""
    counts: dict[str, Counter[str]] = {}
    for name in names:
        for use in name.uses:
            counts.setdefault(use.package, Counter())[name.name] += 1
    return _tally(counts, [n.name for n in names])


@dataclass(frozen=True, slots=True)
class Overdue:
    """A deprecated name past its removal version that is still there."""

    name: str
    source: str  #: "campaign" or "inventory"
    remove_in: str
    remaining: int
    state: str  #: the campaign's shim state, or how the inventory found the deprecation


def overdue_removals(status: Status) -> list[Overdue]:
    """The campaign's overdue names, then the inventory's deprecations whose stated removal
    version the project has reached (those the campaign does not already list)."""
    out = [
        Overdue(n.name, "campaign", n.remove_in or "", n.remaining, n.shim)
        for n in status.names
        if n.overdue
    ]
    campaign = {n.name for n in status.names}
    for entry in status.inventory:
        d = entry.deprecation
        if d.qname not in campaign and entry.overdue:
            out.append(
                Overdue(d.qname, "inventory", d.remove_in or "", entry.remaining, d.mechanism)
            )
    return out


# -- the page ----------------------------------------------------------------------------------


def report_html(
    status: Status,
    names: Sequence[str],
    points: Sequence[HistoryPoint],
    *,
    generated: str,
) -> str:
    """The report page of a campaign's ``status`` and its history ``points`` (oldest first,
    each counting the deprecated ``names`` in that order), stamped ``generated``."""
    overdue = overdue_removals(status)
    campaign_names = [n.name for n in status.names]
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            status=status,
            generated=generated,
            figures=_figures(status, len(overdue)),
            chart=burndown(points, names),
            history_names=tuple(names) if 1 < len(names) <= MAX_SERIES else (),
            names=campaign_names,
            per_name=len(campaign_names) > 1,
            owners=by_owner(status.names),
            packages=by_package(status.names),
            overdue=overdue,
            inventory=[(e, e.overdue) for e in status.inventory],
        )
    )


__all__ = [
    "MAX_SERIES",
    "NO_OWNER",
    "Chart",
    "Overdue",
    "Tally",
    "burndown",
    "by_owner",
    "by_package",
    "overdue_removals",
    "report_html",
]
