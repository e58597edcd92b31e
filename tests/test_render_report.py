"""``refcoord report``'s HTML page (render_report.report_html), read back as a DOM: the numbers
in the right places, everything escaped, nothing fetched from anywhere.

The sample campaign and the small DOM reader here are shared with test_report_browser, which
reads the same page back from a headless Chromium."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from refactor_coord.application.render_report import NO_OWNER, report_html
from refactor_coord.domain.progress import (
    Deprecation,
    FlagProgress,
    HistoryPoint,
    InventoryEntry,
    NameProgress,
    Status,
    StepProgress,
    Use,
)

SLUGIFY, FETCH = "shop.utils.slugify", "shop.client.fetch"
NAMES = (SLUGIFY, FETCH)
SCRIPT = 'use <script>alert("x")</script> & friends'
#: per commit, oldest first: (slugify, fetch)
HISTORY = ((6, 9), (5, 8), (4, 6), (3, 5), (3, 4))
GENERATED = "2024-05-06 07:08 UTC"
DATE = "2024-04-0{}T10:00:00+02:00"


def _use(name: str, path: str, owners: tuple[str, ...], line: int = 1) -> Use:
    return Use(name, path, line, 5, "call", name.rpartition(".")[2], path.split("/")[0], owners)


def sample_status() -> Status:
    """A campaign with known numbers: 7 uses left (slugify 3, fetch 4), slugify overdue, an
    inventory deprecation overdue too, and a message with markup in it."""
    slugify = NameProgress(
        SLUGIFY,
        "shop.text.slugify",
        "move-text",
        "silent",
        "3.0",
        True,
        (
            _use(SLUGIFY, "shop/api/views.py", ("@web",)),
            _use(SLUGIFY, "shop/api/views.py", ("@web",), 9),
            _use(SLUGIFY, "shop/cli.py", ("@web", "@cli")),
        ),
    )
    fetch = NameProgress(
        FETCH,
        "shop.client.get",
        "fetch-to-get",
        "warning",
        "4.0",
        False,
        (
            _use(FETCH, "billing/pay.py", ("@api",)),
            _use(FETCH, "shop/api/client.py", ("@api",)),
            _use(FETCH, "shop/api/client.py", ("@api",), 7),
            _use(FETCH, "shop/tools.py", ()),
        ),
    )
    return Status(
        campaign="tidy-shop",
        project_version="3.0.0",
        steps=(
            StepProgress(1, "Add shop.text", "expand", "move-text", "applied", "a1b2c3d4e5f6"),
            StepProgress(2, "Migrate shop.api", "migrate", "move-text", "applied", "b2c3d4e5"),
            StepProgress(3, "Migrate shop.cli", "migrate", "move-text", "rolled back", "c3d4e5f"),
            StepProgress(4, "Migrate the rest", "migrate", "move-text", "planned", None),
            StepProgress(5, "Remove the shim", "contract", "move-text", "planned", None),
        ),
        next_step=4,
        names=(slugify, fetch),
        flags=(FlagProgress("SHOP_HTTP_BACKEND", "requests-to-httpx", True, "old", ("a.py:3",)),),
        inventory=(
            InventoryEntry(
                Deprecation(
                    "shop.legacy.old_total", "function", "warnings.warn", "DeprecationWarning",
                    SCRIPT, "shop/legacy.py", 12, remove_in="2.5",
                ),
                (_use("shop.legacy.old_total", "shop/a.py", ()),) * 2,
                overdue=True,  # the project is at 3.0.0
            ),
            InventoryEntry(
                Deprecation(
                    "shop.models.Order.price", "property", "@deprecated", "", "use cents",
                    "shop/models.py", 40,
                ),
                (),
            ),
        ),
        notes=("The plan is older than refcoord.toml.",),
    )  # fmt: skip


def _counted(counts: tuple[int, int]) -> tuple[tuple[str, int], ...]:
    return tuple(zip(NAMES, counts, strict=True))


def sample_points() -> list[HistoryPoint]:
    """The burndown of :func:`sample_status`: 15 uses down to 7 over five commits."""
    return [
        HistoryPoint(f"{i:x}" * 40, DATE.format(i + 1), f"step {i}", _counted(counts))
        for i, counts in enumerate(HISTORY)
    ]


def sample_page() -> str:
    """The page of the sample campaign."""
    return report_html(sample_status(), NAMES, sample_points(), generated=GENERATED)


# -- a DOM, read with the standard library ---------------------------------------------------

_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)


@dataclass(eq=False)
class Node:
    """An element: its tag, attributes and children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        """This element and every element under it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        """The text under this element, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """The elements under this one (and itself) with this tag, class and attributes
        (``data_total`` stands for ``data-total``)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes())
            and all(n.attrs.get(k) == v for k, v in wanted.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        """The one element that :meth:`all` finds."""
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} elements {tag} {cls} {attrs}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    """The document's tree (the standard library's HTML tokenizer; no validation)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def values(row: Node) -> list[int]:
    """The numbers of a row's number cells (``data-value``), in order."""
    return [int(n.attrs["data-value"]) for n in row.all() if "data-value" in n.attrs]


def headline(doc: Node) -> dict[str, tuple[int, str | None]]:
    """The headline figures: key -> (value, what it is out of)."""
    out = {}
    for figure in doc.one(id="headline").all(cls="figure"):
        dd = figure.one("dd")
        out[figure.attrs["data-key"]] = (int(dd.attrs["data-value"]), dd.attrs.get("data-of"))
    return out


def check_sample_page(doc: Node) -> None:
    """The sample campaign's numbers are where the page shows them (this test and the
    browser's)."""
    assert headline(doc) == {
        "remaining": (7, None),
        "steps": (2, "5"),
        "shims": (2, None),
        "flags": (1, None),
        "overdue": (2, None),
        "inventory": (2, None),
    }
    chart = doc.one("svg", id="burndown")
    assert [int(p.attrs["data-total"]) for p in chart.all(cls="point")] == [15, 13, 10, 8, 7]
    assert chart.one(id="series-0").attrs["data-values"] == "6 5 4 3 3"
    assert chart.one(id="series-1").attrs["data-name"] == FETCH
    names = doc.one("table", id="names")
    assert values(names.one("tr", data_name=SLUGIFY)) == [3]
    assert values(names.one("tr", data_name=FETCH)) == [4]
    assert names.one("tr", data_name=SLUGIFY).attrs["data-overdue"] == "true"
    assert "overdue" in names.one("tr", data_name=SLUGIFY).classes()
    assert "overdue" not in names.one("tr", data_name=FETCH).classes()
    owners = doc.one("table", id="by-owner")
    keys = [r.attrs["data-key"] for r in owners.all("tr") if "data-key" in r.attrs]
    assert keys == ["@api", "@web", NO_OWNER, "@cli"]  # most first, then by name
    assert values(owners.one("tr", data_key="@web")) == [3, 3, 0]  # total, slugify, fetch
    assert values(owners.one("tr", data_key="@api")) == [3, 0, 3]
    assert values(owners.one("tr", data_key=NO_OWNER)) == [1, 0, 1]
    packages = doc.one("table", id="by-package")
    assert values(packages.one("tr", data_key="shop")) == [6, 3, 3]
    assert values(packages.one("tr", data_key="billing")) == [1, 0, 1]
    overdue = doc.one("table", id="overdue")
    rows = overdue.all("tr", cls="overdue")
    assert [(r.attrs["data-name"], r.attrs["data-source"]) for r in rows] == [
        (SLUGIFY, "campaign"),
        ("shop.legacy.old_total", "inventory"),
    ]
    assert [values(r) for r in rows] == [[3], [2]]


# -- the tests ---------------------------------------------------------------------------------


def test_the_numbers_are_in_their_tables() -> None:
    doc = parse_html(sample_page())
    check_sample_page(doc)
    steps = doc.one("table", id="steps")
    assert [r.attrs["data-state"] for r in steps.all("tr") if "data-state" in r.attrs] == [
        "applied",
        "applied",
        "rolled back",
        "planned",
        "planned",
    ]
    assert "next" in steps.one("tr", data_step="4").classes()
    assert "a1b2c3d" in steps.one("tr", data_step="1").text()
    flags = doc.one("table", id="flags").one("tr", data_name="SHOP_HTTP_BACKEND")
    assert flags.attrs["data-alive"] == "true" and values(flags) == [1]
    inventory = doc.one("table", id="inventory")
    old_total = inventory.one("tr", data_name="shop.legacy.old_total")
    assert values(old_total) == [2] and old_total.attrs["data-overdue"] == "true"
    price = inventory.one("tr", data_name="shop.models.Order.price")
    assert values(price) == [0] and price.attrs["data-overdue"] == "false"
    assert "tidy-shop" in doc.one("h1").text()
    assert doc.one(id="generated").text() == GENERATED
    assert doc.one(id="project-version").text() == "3.0.0"
    assert doc.one(id="notes").text() == "The plan is older than refcoord.toml."


def test_text_from_the_code_is_escaped() -> None:
    page = sample_page()
    assert "<script" not in page
    assert "use &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; friends" in page
    doc = parse_html(page)
    row = doc.one("table", id="inventory").one("tr", data_name="shop.legacy.old_total")
    assert SCRIPT in row.text()


def test_the_page_loads_nothing() -> None:
    page = sample_page()
    for needle in ("<script", "<link", "@import", "url(", "<img", "<iframe", "http:", "https:"):
        assert needle not in page, needle
    doc = parse_html(page)
    assert doc.one("html").attrs["lang"] == "en"
    assert doc.one("meta", name="color-scheme").attrs["content"] == "light dark"


def test_the_chart_has_a_point_per_commit_with_its_tooltip() -> None:
    doc = parse_html(sample_page())
    chart = doc.one("svg", id="burndown")
    points = chart.all(cls="point")
    assert len(points) == len(HISTORY) == int(chart.attrs["data-points"])
    last = points[-1]
    assert last.attrs["data-commit"] == "4" * 40
    tooltip = last.one("title").text()
    assert tooltip == f"4444444 · 2024-04-05 10:00 step 4 7 remaining {SLUGIFY}: 3 {FETCH}: 4"
    assert [t.text() for t in chart.all("text", cls="x-tick")] == ["2024-04-01", "2024-04-05"]
    assert [t.text() for t in chart.all("text", cls="y-tick")] == ["0", "15"]
    assert chart.one(id="burndown-total").attrs["data-values"] == "15 13 10 8 7"
    legend = doc.one(id="burndown-legend")
    assert [li.attrs["data-name"] for li in legend.all("li")] == ["", SLUGIFY, FETCH]
    history = doc.one("table", id="history")
    assert values(history.all("tr", data_commit="0" * 40)[0]) == [1, 15, 6, 9]
    # the highest point is at the top of the plot, zero at its bottom
    ys = [float(p.one("circle").attrs["cy"]) for p in points]
    assert ys == sorted(ys) and ys[0] < ys[-1]


def test_many_names_share_one_line_and_one_name_is_the_total() -> None:
    names = tuple(f"pkg.n{i}" for i in range(9))
    points = [HistoryPoint("f" * 40, "2024-01-01", "one", tuple((n, 1) for n in names))]
    doc = parse_html(report_html(sample_status(), names, points, generated=GENERATED))
    chart = doc.one("svg", id="burndown")
    assert [p.attrs["data-total"] for p in chart.all(cls="point")] == ["9"]
    assert not chart.all("polyline", cls="series") and not doc.all(id="burndown-legend")
    one = [HistoryPoint("f" * 40, "2024-01-01", "one", ((SLUGIFY, 2),))]
    doc = parse_html(report_html(sample_status(), (SLUGIFY,), one, generated=GENERATED))
    assert not doc.all("polyline", cls="series")
    assert [t.text() for t in doc.all("text", cls="x-tick")] == ["2024-01-01"]


def test_no_history_is_said_in_words() -> None:
    doc = parse_html(report_html(sample_status(), NAMES, [], generated=GENERATED))
    assert not doc.all("svg")
    assert "refcoord status --history" in doc.one(id="burndown-empty").text()


def test_an_empty_campaign_says_so_in_each_table() -> None:
    status = Status("empty", None, (), None, (), (), ())
    doc = parse_html(report_html(status, (), [], generated=GENERATED))
    for table in ("steps", "names", "by-owner", "by-package", "overdue", "flags", "inventory"):
        rows = doc.one("table", id=table).one("tbody").all("tr")
        assert len(rows) == 1 and "empty" in rows[0].classes(), table
        assert rows[0].text(), table
    assert headline(doc)["remaining"] == (0, None)
    assert doc.one(id="project-version").text() == "unknown"
    assert not doc.all(id="notes")


@pytest.mark.parametrize("totals", [(0, 0), (4,)])
def test_a_flat_history_still_draws(totals: tuple[int, ...]) -> None:
    points = [
        HistoryPoint(f"{i}" * 40, "2024-01-01", "s", ((SLUGIFY, t),)) for i, t in enumerate(totals)
    ]
    doc = parse_html(report_html(sample_status(), (SLUGIFY,), points, generated=GENERATED))
    chart = doc.one("svg", id="burndown")
    assert [int(p.attrs["data-total"]) for p in chart.all(cls="point")] == list(totals)
    ticks = [t.text() for t in chart.all("text", cls="y-tick")]
    assert ticks == (["0"] if max(totals) == 0 else ["0", str(max(totals))])


def test_the_same_values_give_the_same_bytes() -> None:
    assert sample_page() == sample_page()
    status = sample_status()
    inventory = tuple(dataclasses.replace(e, overdue=False) for e in status.inventory)
    early = dataclasses.replace(status, project_version="2.0", inventory=inventory)
    doc = parse_html(report_html(early, NAMES, sample_points(), generated=GENERATED))
    # status says the inventory's removal (2.5) is not reached by 2.0; the campaign's own stands
    overdue = doc.one("table", id="overdue").all("tr", cls="overdue")
    assert [r.attrs["data-name"] for r in overdue] == [SLUGIFY]
