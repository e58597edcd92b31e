"""``refcoord status`` and ``status --history`` as text for the terminal and as JSON.

Every function is pure and deterministic: the same values give the same text. The text is plain
(no colour), its columns aligned and fitted to a width: names are shortened from the left
(``…utils.slugify``), prose from the right. The JSON has sorted keys, an indent of 2 and a
trailing newline; docs/json-output.md describes its schemas.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from refactor_coord.domain.progress import (
    FlagProgress,
    HistoryPoint,
    InventoryEntry,
    NameProgress,
    Status,
    StepProgress,
    Use,
)

STATUS_SCHEMA = "refcoord-status/1"
HISTORY_SCHEMA = "refcoord-history/1"
#: the owner a file no CODEOWNERS rule covers is counted under
UNOWNED = "(unowned)"
#: the sparkline's levels, lowest first
BARS = "▁▂▃▄▅▆▇█"
#: the columns of a name's own sparkline in ``history_text``
SMALL_SPARK = 20
_INDENT = "  "
_SHORT_COMMIT = 7

Json = dict[str, object]


# -- fitting text to a width -------------------------------------------------------------------


def cut_left(text: str, width: int) -> str:
    """``text`` shortened from the left to ``width`` characters: ``…utils.slugify``."""
    if len(text) <= width:
        return text
    return "…" + text[len(text) - width + 1 :] if width > 1 else "…"[:width]


def cut_right(text: str, width: int) -> str:
    """``text`` shortened from the right to ``width`` characters: ``shop.utils.slu…``."""
    if len(text) <= width:
        return text
    return text[: width - 1] + "…" if width > 1 else "…"[:width]


@dataclass(frozen=True, slots=True)
class _Col:
    """A table column: its title, whether it is a number (right-aligned) and how a cell too
    long for the width is shortened ("" for never)."""

    title: str
    number: bool = False
    cut: Literal["", "left", "right"] = ""


#: the order columns give way in when a row is too wide: prose first (down to 20 characters),
#: then names (down to 12), then both down to their titles
_GIVE_WAY = (("right", 20), ("left", 12), ("right", 0), ("left", 0))


def _fit(cols: Sequence[_Col], widths: list[int], room: int) -> list[int]:
    """The widths, narrowed one character at a time (the widest of the columns giving way
    first, in the order of ``_GIVE_WAY``) until the row fits in ``room``."""
    widths = list(widths)
    for cut, floor in _GIVE_WAY:
        while sum(widths) + 2 * (len(widths) - 1) > room:
            can = [
                i
                for i, c in enumerate(cols)
                if c.cut == cut and widths[i] > max(floor, len(c.title), 4)
            ]
            if not can:
                break
            widths[max(can, key=lambda i: (widths[i], -i))] -= 1
    return widths


def _cell(col: _Col, text: str, width: int) -> str:
    if col.cut == "left":
        text = cut_left(text, width)
    elif col.cut == "right":
        text = cut_right(text, width)
    return text.rjust(width) if col.number else text.ljust(width)


def _table(
    cols: Sequence[_Col],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    indent: str = _INDENT,
    header: bool = True,
) -> list[str]:
    """Rows as aligned columns under a header and a rule, each line at most ``width`` wide
    when the shortenable columns allow it."""
    shown = [[c.title for c in cols]] if header else []
    natural = [max(len(r[i]) for r in (*shown, *rows)) for i in range(len(cols))]
    widths = _fit(cols, natural, width - len(indent))

    def line(cells: Sequence[str]) -> str:
        parts = (_cell(c, t, w) for c, t, w in zip(cols, cells, widths, strict=True))
        return (indent + "  ".join(parts)).rstrip()

    top = [line(shown[0]), line(["-" * w for w in widths])] if header else []
    return [*top, *(line(r) for r in rows)]


def _wrap_items(label: str, items: Sequence[str], width: int, indent: str) -> list[str]:
    """``label item, item, …`` wrapped to ``width``, breaking only between items (continuation
    lines aligned under the first item)."""
    head = f"{indent}{label}"
    pieces = [item + ("," if i < len(items) - 1 else "") for i, item in enumerate(items)]
    lines: list[str] = []
    current = head
    for piece in pieces:
        if current != head and len(current) + 1 + len(piece) > width:
            lines.append(current)
            current = " " * len(head)
        current = f"{current} {piece}"
    return [*lines, current]


def _plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _short(commit: str | None) -> str:
    return commit[:_SHORT_COMMIT] if commit else "-"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- counting ----------------------------------------------------------------------------------


def by_package(uses: Iterable[Use]) -> dict[str, int]:
    """How many of the uses each package holds, by package name."""
    return dict(sorted(Counter(u.package for u in uses).items()))


def by_owner(uses: Iterable[Use]) -> dict[str, int]:
    """How many of the uses each CODEOWNERS owner owns, by owner (``(unowned)`` for files no
    rule covers). A file with several owners counts for each of them."""
    counts = Counter(o for u in uses for o in (u.owners or (UNOWNED,)))
    return dict(sorted(counts.items()))


def _most_first(counts: dict[str, int]) -> list[str]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [f"{key} {count}" for key, count in ranked]


# -- status as text ----------------------------------------------------------------------------


def status_text(status: Status, *, sites: bool = False, width: int = 100) -> str:
    """``refcoord status`` for the terminal: the campaign, its steps, what remains of each
    deprecated name (by package and owner; every use with ``sites``), the feature flags, the
    inventory of the deprecations in the code, and the notes (no end newline)."""
    sections = [
        _header(status),
        _steps_section(status, width),
        _names_section(status.names, sites, width),
        _flags_section(status.flags, sites, width),
        _inventory_section(status.inventory, sites, width),
    ]
    if status.notes:
        sections.append(["Notes", *(f"{_INDENT}- {_one_line(n)}" for n in status.notes)])
    return "\n\n".join("\n".join(s) for s in sections)


def _header(status: Status) -> list[str]:
    version = status.project_version or "unknown"
    applied = sum(1 for s in status.steps if s.state == "applied")
    open_ = sum(1 for s in status.steps if s.state == "on its branch")
    overdue = sum(1 for n in status.names if n.overdue)
    late = f"; {_plural(overdue, 'name')} OVERDUE" if overdue else ""
    pending = f" ({open_} more on {'its' if open_ == 1 else 'their'} branch)" if open_ else ""
    progress = (
        f"{applied} of {_plural(len(status.steps), 'step')} applied{pending}; "
        f"{_plural(status.remaining, 'reference')} remaining to "
        f"{_plural(len(status.names), 'deprecated name')}{late}"
    )
    return [f"Campaign {status.campaign} (project version {version})", progress]


_STEP_COLS = (_Col("#", number=True), _Col("phase"), _Col("state"), _Col("title", cut="right"))


def _steps_section(status: Status, width: int) -> list[str]:
    if not status.steps:
        return ["Steps", f"{_INDENT}no steps: there is no plan yet"]
    cols = (*_STEP_COLS, _Col("commit"))
    rows = [_step_row(s) for s in status.steps]
    return ["Steps", *_table(cols, rows, width), f"{_INDENT}{_next_line(status)}"]


def _step_row(step: StepProgress) -> list[str]:
    return [str(step.number), step.phase, step.state, _one_line(step.title), _short(step.commit)]


def _next_line(status: Status) -> str:
    if status.next_step is not None:
        return f"next: step {status.next_step}"
    if all(s.state in ("applied", "done") for s in status.steps):
        return "all steps applied"
    waiting = sum(1 for s in status.steps if s.state != "applied")
    return f"next: none ready ({_plural(waiting, 'step')} not applied)"


_NAME_COLS = (
    _Col("name", cut="left"),
    _Col("replacement", cut="left"),
    _Col("shim"),
    _Col("remaining", number=True),
    _Col("remove in"),
)


def _names_section(names: Sequence[NameProgress], sites: bool, width: int) -> list[str]:
    if not names:
        return ["Deprecated names", f"{_INDENT}no deprecated names in this campaign"]
    rows = [_name_row(n) for n in names]
    lines = ["Deprecated names", *_table(_NAME_COLS, rows, width)]
    for n in names:
        if n.remaining:
            lines += ["", *_breakdown(n.name, n.uses, width, "use")]
            lines += _site_lines(n.uses, width) if sites else []
    return lines


def _name_row(n: NameProgress) -> list[str]:
    remove = n.remove_in or "-"
    if n.overdue:
        remove = f"{n.remove_in} OVERDUE" if n.remove_in else "OVERDUE"
    return [n.name, n.replacement or "-", n.shim, _count(n.remaining, n.uncertain), remove]


def _count(remaining: int, uncertain: int) -> str:
    """``3``, or ``3 (+2?)`` when more may be uses on receivers of unknown type."""
    return f"{remaining} (+{uncertain}?)" if uncertain else str(remaining)


def _breakdown(name: str, uses: Sequence[Use], width: int, what: str) -> list[str]:
    """A name's uses counted by package and by owner, most first."""
    count = f" ({_plural(len(uses), what)})"
    head = f"{_INDENT}{cut_left(name, max(width - len(_INDENT) - len(count), 12))}{count}"
    inner = _INDENT * 2
    return [
        head,
        *_wrap_items("by package:", _most_first(by_package(uses)), width, inner),
        *_wrap_items("by owner:", _most_first(by_owner(uses)), width, inner),
    ]


_SITE_COLS = (_Col("place", cut="left"), _Col("written", cut="left"), _Col("kind"))


def _site_lines(uses: Sequence[Use], width: int) -> list[str]:
    rows = [[f"{u.path}:{u.line}:{u.col}", u.written, f"({u.kind})"] for u in uses]
    return _table(_SITE_COLS, rows, width, indent=_INDENT * 3, header=False)


_FLAG_COLS = (_Col("flag", cut="left"), _Col("state"), _Col("default"), _Col("read at"))
_FLAG_TITLES = [c.title for c in _FLAG_COLS]


def _flags_section(flags: Sequence[FlagProgress], sites: bool, width: int) -> list[str]:
    if not flags:
        return ["Feature flags", f"{_INDENT}no feature flags"]
    fixed = [[f.name, _flag_state(f), f.default or "-"] for f in flags]
    used = sum(max(len(r[i]) for r in (_FLAG_TITLES, *fixed)) + 2 for i in range(3))
    room = max(width - len(_INDENT) - used, 20)
    rows = [[*row, _places(f.read_at, room)] for row, f in zip(fixed, flags, strict=True)]
    lines = ["Feature flags", *_table(_FLAG_COLS, rows, width)]
    if sites:
        for f in flags:
            if f.read_at:
                lines += ["", f"{_INDENT}{f.name} is read at:"]
                lines += [f"{_INDENT * 3}{cut_left(p, width - 6)}" for p in f.read_at]
    return lines


def _flag_state(flag: FlagProgress) -> str:
    return flag.state


def _places(places: Sequence[str], room: int) -> str:
    """As many of the places as fit in ``room``, then how many more there are."""
    if not places:
        return "-"
    shown: list[str] = []
    for i, place in enumerate(places):
        rest = len(places) - i - 1
        more = f", +{rest} more" if rest else ""
        if shown and len(", ".join([*shown, place])) + len(more) > room:
            return ", ".join(shown) + f", +{len(places) - i} more"
        shown.append(place)
    return ", ".join(shown)


_INVENTORY_COLS = (
    _Col("deprecated", cut="left"),
    _Col("kind"),
    _Col("mechanism"),
    _Col("callers", number=True),
    _Col("remove in"),
    _Col("message", cut="right"),
)


def _entry_name(entry: InventoryEntry) -> str:
    d = entry.deprecation
    return f"{d.qname} (parameter {d.parameter})" if d.parameter else d.qname


def _inventory_section(inventory: Sequence[InventoryEntry], sites: bool, width: int) -> list[str]:
    if not inventory:
        return ["Deprecation inventory", f"{_INDENT}no deprecations found in the code"]
    rows = [_entry_row(e) for e in inventory]
    lines = ["Deprecation inventory", *_table(_INVENTORY_COLS, rows, width)]
    if sites:
        for e in inventory:
            if e.remaining:
                lines += ["", *_breakdown(_entry_name(e), e.uses, width, "caller")[:1]]
                lines += _site_lines(e.uses, width)
    return lines


def _entry_row(entry: InventoryEntry) -> list[str]:
    d = entry.deprecation
    return [
        _entry_name(entry),
        d.kind,
        d.mechanism,
        _count(entry.remaining, entry.uncertain),
        f"{d.remove_in or ''} OVERDUE".strip() if entry.overdue else d.remove_in or "-",
        _one_line(d.message) or "-",
    ]


# -- status as JSON ----------------------------------------------------------------------------


def _dump(data: Json) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _use(u: Use) -> Json:
    return _fields(u)


def _fields(value: object, *, leave: tuple[str, ...] = ()) -> Json:
    """A frozen value's fields as JSON (tuples as lists), but those named in ``leave``."""
    return {k: v for k, v in asdict(value).items() if k not in leave}  # type: ignore[call-overload]


def _uses(uses: Sequence[Use]) -> Json:
    """The uses, their count, and the counts by package and by owner."""
    return {
        "uses": [_use(u) for u in uses],
        "remaining": len(uses),
        "by_package": by_package(uses),
        "by_owner": by_owner(uses),
    }


def _step_json(s: StepProgress) -> Json:
    return _fields(s)


def _name_json(n: NameProgress) -> Json:
    return {**_fields(n, leave=("uses",)), **_uses(n.uses)}


def _flag_json(f: FlagProgress) -> Json:
    return {**_fields(f), "state": f.state}


def _entry_json(e: InventoryEntry) -> Json:
    return {
        **_fields(e.deprecation),
        "overdue": e.overdue,
        "uncertain": e.uncertain,
        **_uses(e.uses),
    }


def _totals(status: Status) -> Json:
    return {
        "steps": len(status.steps),
        "applied": sum(1 for s in status.steps if s.state == "applied"),
        "names": len(status.names),
        "remaining": status.remaining,
        "overdue": sum(1 for n in status.names if n.overdue),
        "inventory_overdue": sum(1 for e in status.inventory if e.overdue),
        "flags_alive": sum(1 for f in status.flags if f.alive),
        "inventory": len(status.inventory),
        "inventory_remaining": sum(e.remaining for e in status.inventory),
    }


def status_json(status: Status) -> str:
    """``refcoord status --format json``: everything in the status, every use with its package
    and owners, the counts per name and entry, and totals (schema ``refcoord-status/1``)."""
    return _dump(
        {
            "schema": STATUS_SCHEMA,
            "campaign": status.campaign,
            "project_version": status.project_version,
            "steps": [_step_json(s) for s in status.steps],
            "next_step": status.next_step,
            "names": [_name_json(n) for n in status.names],
            "flags": [_flag_json(f) for f in status.flags],
            "inventory": [_entry_json(e) for e in status.inventory],
            "notes": list(status.notes),
            "totals": _totals(status),
        }
    )


# -- history -----------------------------------------------------------------------------------


def history_json(names: Sequence[str], points: Sequence[HistoryPoint]) -> str:
    """``refcoord status --history --format json``: the remaining references per name at each
    commit, in the order given (the caller passes them oldest first), schema
    ``refcoord-history/1``."""
    return _dump(
        {
            "schema": HISTORY_SCHEMA,
            "names": list(names),
            "points": [
                {
                    "commit": p.commit,
                    "date": p.date,
                    "subject": p.subject,
                    "remaining": dict(p.remaining),
                    "total": p.total,
                }
                for p in points
            ],
        }
    )


def resample(values: Sequence[int], columns: int) -> list[int]:
    """At most ``columns`` of the values, taken at evenly spaced points: the first and the last
    are always kept."""
    if len(values) <= columns or not values:
        return list(values)
    if columns <= 1:
        return [values[-1]]
    span, gaps = len(values) - 1, columns - 1
    return [values[(k * span * 2 + gaps) // (2 * gaps)] for k in range(columns)]


def sparkline(values: Sequence[int], columns: int | None = None) -> str:
    """The values as bars from ``▁`` (0) to ``█`` (the largest of them), resampled to at most
    ``columns`` characters; a series of zeros is all ``▁``."""
    top = max(values, default=0)
    shown = resample(values, columns) if columns is not None else list(values)
    if top <= 0:
        return BARS[0] * len(shown)
    steps = len(BARS) - 1
    return "".join(BARS[(max(v, 0) * steps * 2 + top) // (2 * top)] for v in shown)


def _point_line(label: str, point: HistoryPoint, width: int) -> str:
    """A commit's date, short hash, total, and its subject as far as it fits."""
    line = f"{_INDENT}{label} {point.date[:10]}  {_short(point.commit)}  {point.total} remaining"
    room = width - len(line) - 2
    subject = _one_line(point.subject)
    return f"{line}  {cut_right(subject, room)}" if subject and room >= 8 else line


def history_text(names: Sequence[str], points: Sequence[HistoryPoint], width: int = 100) -> str:
    """The burndown for the terminal: a sparkline of the total remaining references (oldest
    first, fitted to ``width``), the first and the last commit with their totals, then per name
    its first and last count and its own sparkline (no end newline)."""
    if not points:
        return "History\n" + f"{_INDENT}no history: no commits to read"
    totals = [p.total for p in points]
    lines = [
        f"History: {_plural(len(points), 'commit')}, {_plural(len(names), 'deprecated name')}",
        _INDENT + sparkline(totals, max(width - len(_INDENT), 1)),
        _point_line("first:", points[0], width),
        _point_line("last: ", points[-1], width),
    ]
    return "\n".join(lines + _name_trends(names, points, width))


def _name_trends(names: Sequence[str], points: Sequence[HistoryPoint], width: int) -> list[str]:
    """Per name: its first and last count, and its own sparkline (narrower on a narrow
    terminal, so that the name keeps at least 12 characters)."""
    if not names:
        return []
    series = {n: [dict(p.remaining).get(n, 0) for p in points] for n in names}
    counts = {n: f"{s[0]} → {s[-1]}" for n, s in series.items()}
    name_width = min(max(len(n) for n in names), 12)
    count_width = max(len("first → last"), *(len(c) for c in counts.values()))
    room = width - len(_INDENT) - name_width - count_width - 4
    columns = max(min(SMALL_SPARK, room), 4)
    rows = [[n, counts[n], sparkline(s, columns)] for n, s in series.items()]
    cols = (_Col("name", cut="left"), _Col("first → last"), _Col("trend"))
    return ["", *_table(cols, rows, width)]


__all__ = [
    "BARS",
    "HISTORY_SCHEMA",
    "STATUS_SCHEMA",
    "UNOWNED",
    "by_owner",
    "by_package",
    "cut_left",
    "cut_right",
    "history_json",
    "history_text",
    "resample",
    "sparkline",
    "status_json",
    "status_text",
]
