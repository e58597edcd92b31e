"""``refcoord status`` and ``status --history`` as text and JSON, from values built by hand.

Snapshots: ``tests/snapshots/status_sample.txt`` and ``tests/snapshots/status_sample.json`` hold
the renderers' output for the sample status below, compared byte for byte. After an intended
change to the output, regenerate them and review the diff:

    REFCOORD_UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_render_status.py
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from refactor_coord.application.render_status import (
    BARS,
    cut_left,
    history_json,
    history_text,
    resample,
    sparkline,
    status_json,
    status_text,
)
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
from tests.conftest import check_snapshot

SLUG = "shop.utils.slugify"
WORD = "shop.utils.WORD_RE"
FETCH = "shop.legacy.fetch"


def _use(
    name: str,
    path: str,
    line: int,
    *,
    col: int = 5,
    kind: str = "call",
    package: str = "shop",
    owners: tuple[str, ...] = ("@shop-team",),
) -> Use:
    return Use(name, path, line, col, kind, name.rpartition(".")[2], package, owners)


SLUG_USES = (
    _use(SLUG, "src/shop/catalog/views.py", 12),
    _use(SLUG, "src/shop/catalog/views.py", 40, col=9, kind="name"),
    _use(
        SLUG,
        "src/shop/orders/models.py",
        7,
        col=1,
        kind="import",
        package="shop.orders",
        owners=("@orders", "@alice"),
    ),
    _use(SLUG, "scripts/migrate.py", 3, col=1, kind="import", package="scripts", owners=()),
)

STEPS = (
    StepProgress(
        1, "Add shop.text; shop.utils forwards", "expand", "move-text", "applied", "0123456789ab"
    ),
    StepProgress(
        2, "Migrate shop.billing to shop.text", "migrate", "move-text", "applied", "fedcba987654"
    ),
    StepProgress(3, "Migrate shop.catalog to shop.text", "migrate", "move-text", "planned", None),
    StepProgress(4, "Deprecate the old names", "deprecate", "move-text", "planned", None),
)

FETCH_DEPRECATION = Deprecation(
    FETCH,
    "function",
    "warnings.warn",
    "DeprecationWarning",
    "fetch() is deprecated and will be removed in 3.0; use shop.http.get(), which retries",
    "src/shop/legacy.py",
    20,
    remove_in="3.0",
)
SEND_DEPRECATION = Deprecation(
    "shop.api.Client.send",
    "parameter",
    "@deprecated",
    "",
    "timeout= is ignored",
    "src/shop/api.py",
    50,
    parameter="timeout",
)

STATUS = Status(
    campaign="text-helpers",
    project_version="2.1.0",
    steps=STEPS,
    next_step=3,
    names=(
        NameProgress(SLUG, "shop.text.slugify", "move-text", "silent", "2.0", True, SLUG_USES),
        NameProgress(WORD, "shop.text.WORD_RE", "move-text", "silent", "2.0", False, ()),
    ),
    flags=(
        FlagProgress(
            "SHOP_HTTP_BACKEND", "http", True, "old", ("src/shop/http.py:14", "src/shop/cli.py:80")
        ),
        FlagProgress("SHOP_JSON_BACKEND", "json", False, None, ()),
    ),
    inventory=(
        InventoryEntry(
            FETCH_DEPRECATION, (_use(FETCH, "src/shop/api.py", 33, owners=("@api-team",)),)
        ),
        InventoryEntry(SEND_DEPRECATION, ()),
    ),
    notes=("the project version was read from pyproject.toml",),
)

EMPTY = Status("nothing", None, (), None, (), (), (), ("there is no plan yet",))


def _section(text: str, title: str) -> list[str]:
    """The lines of one section of the status text (up to the next blank line)."""
    lines = text.splitlines()
    start = lines.index(title)
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start + 1 : end]


# -- status as text ----------------------------------------------------------------------------


def test_status_text_matches_the_snapshot() -> None:
    check_snapshot("status_sample.txt", status_text(STATUS, sites=True) + "\n")


def test_the_header_gives_the_campaign_version_and_totals() -> None:
    head = status_text(STATUS).splitlines()[:2]
    assert head[0] == "Campaign text-helpers (project version 2.1.0)"
    assert head[1] == (
        "2 of 4 steps applied; 4 references remaining to 2 deprecated names; 1 name OVERDUE"
    )


def test_steps_show_state_short_commit_and_the_next_step() -> None:
    lines = _section(status_text(STATUS), "Steps")
    step1 = next(line for line in lines if line.strip().startswith("1 "))
    assert "expand" in step1 and "applied" in step1 and step1.endswith("0123456")
    assert "0123456789ab" not in step1
    step3 = next(line for line in lines if line.strip().startswith("3 "))
    assert "planned" in step3 and step3.endswith("-")
    assert lines[-1] == "  next: step 3"


def test_all_steps_applied_and_none_ready() -> None:
    done = tuple(replace(s, state="applied", commit="abc") for s in STEPS)
    assert "all steps applied" in status_text(replace(STATUS, steps=done, next_step=None))
    stuck = replace(STATUS, next_step=None)
    assert "next: none ready (2 steps not applied)" in status_text(stuck)


def test_the_names_table_shows_counts_and_overdue() -> None:
    lines = _section(status_text(STATUS), "Deprecated names")
    assert lines[0].split() == ["name", "replacement", "shim", "remaining", "remove", "in"]
    slug = next(line for line in lines if line.strip().startswith(SLUG))
    assert slug.split() == [SLUG, "shop.text.slugify", "silent", "4", "2.0", "OVERDUE"]
    word = next(line for line in lines if line.strip().startswith(WORD))
    assert word.split()[-2:] == ["0", "2.0"] and "OVERDUE" not in word


def test_columns_are_aligned() -> None:
    lines = _section(status_text(STATUS), "Deprecated names")
    starts = {line.index("silent") for line in lines if "silent" in line}
    assert len(starts) == 1
    counts = {line.rstrip().rfind("  2.0") for line in lines[2:]}
    assert len(counts) == 1  # numbers are right-aligned, so what follows lines up


def test_breakdown_by_package_and_owner_only_for_remaining_names() -> None:
    text = status_text(STATUS)
    assert f"  {SLUG} (4 uses)" in text
    assert "    by package: shop 2, scripts 1, shop.orders 1" in text
    # a file with two owners counts for each; a file nobody owns is "(unowned)"
    assert "    by owner: @shop-team 2, (unowned) 1, @alice 1, @orders 1" in text
    assert f"{WORD} (" not in text
    assert "src/shop/catalog/views.py:12:5" not in text  # only with sites


def test_sites_list_every_use() -> None:
    lines = status_text(STATUS, sites=True).splitlines()
    site = next(line for line in lines if "views.py:40:9" in line)
    assert site.split() == ["src/shop/catalog/views.py:40:9", "slugify", "(name)"]
    assert sum(1 for line in lines if "(import)" in line) == 2
    # and the inventory's callers
    assert any(line.split() == ["src/shop/api.py:33:5", "fetch", "(call)"] for line in lines)
    assert f"  {FETCH} (1 caller)" in lines


def test_flags_show_state_default_and_where_read() -> None:
    lines = _section(status_text(STATUS), "Feature flags")
    alive = next(line for line in lines if "SHOP_HTTP_BACKEND" in line)
    assert alive.split() == [
        "SHOP_HTTP_BACKEND",
        "alive",
        "old",
        "src/shop/http.py:14,",
        "src/shop/cli.py:80",
    ]
    gone = next(line for line in lines if "SHOP_JSON_BACKEND" in line)
    assert gone.split() == ["SHOP_JSON_BACKEND", "removed", "-", "-"]


def test_flag_places_that_do_not_fit_are_counted() -> None:
    many = tuple(f"src/shop/module_{i}.py:{i}" for i in range(10))
    flags = (FlagProgress("SHOP_HTTP_BACKEND", "http", True, "old", many),)
    lines = _section(status_text(replace(STATUS, flags=flags), width=80), "Feature flags")
    assert all(len(line) <= 80 for line in lines)
    assert lines[2].endswith("more") and "src/shop/module_0.py:0" in lines[2]


def test_inventory_lines() -> None:
    lines = _section(status_text(STATUS), "Deprecation inventory")
    fetch = next(line for line in lines if FETCH in line)
    assert fetch.split()[:5] == [FETCH, "function", "warnings.warn", "1", "3.0"]
    assert fetch.endswith("  fetch() is deprecat…")  # shortened to fit 100 columns
    send = next(line for line in lines if "send (parameter timeout)" in line)
    assert "shop.api.Client.send (parameter timeout)" in status_text(STATUS, width=140)
    assert send.split()[3:7] == ["parameter", "@deprecated", "0", "-"]


def test_long_messages_and_names_are_shortened_to_the_width() -> None:
    long_name = "shop.very.deeply.nested.package.of.helpers.legacy.fetch_everything"
    entry = InventoryEntry(replace(FETCH_DEPRECATION, qname=long_name, message="x " * 100), ())
    text = status_text(replace(STATUS, inventory=(entry,)), width=90)
    lines = _section(text, "Deprecation inventory")
    assert all(len(line) <= 90 for line in lines)
    row = lines[2]
    assert row.lstrip().startswith("…") and "cy.fetch_everything" in row  # cut from the left
    assert row.endswith("…")  # the message from the right
    names = _section(status_text(STATUS, width=60), "Deprecated names")
    assert all(len(line) <= 60 for line in names)
    assert any(line.lstrip().startswith("…ils.slugify") for line in names)


def test_empty_sections_say_so() -> None:
    text = status_text(EMPTY)
    assert "Campaign nothing (project version unknown)" in text
    assert _section(text, "Steps") == ["  no steps: there is no plan yet"]
    assert _section(text, "Deprecated names") == ["  no deprecated names in this campaign"]
    assert _section(text, "Feature flags") == ["  no feature flags"]
    assert _section(text, "Deprecation inventory") == ["  no deprecations found in the code"]
    assert text.endswith("Notes\n  - there is no plan yet")


def test_the_text_is_plain() -> None:
    text = status_text(STATUS, sites=True)
    assert "\x1b" not in text and not text.endswith("\n")


def test_cut_left_keeps_the_end() -> None:
    assert cut_left("shop.utils.slugify", 12) == "…ils.slugify"
    assert cut_left("short", 12) == "short"


# -- status as JSON ----------------------------------------------------------------------------


def test_status_json_matches_the_snapshot() -> None:
    check_snapshot("status_sample.json", status_json(STATUS))


def test_status_json_holds_everything() -> None:
    data = json.loads(status_json(STATUS))
    assert data["schema"] == "refcoord-status/1"
    assert set(data) == {
        "schema",
        "campaign",
        "project_version",
        "steps",
        "next_step",
        "names",
        "flags",
        "inventory",
        "notes",
        "totals",
    }
    assert data["next_step"] == 3 and data["steps"][0]["commit"] == "0123456789ab"
    slug = data["names"][0]
    assert slug["remaining"] == 4 and slug["overdue"] is True and slug["shim"] == "silent"
    assert slug["by_package"] == {"scripts": 1, "shop": 2, "shop.orders": 1}
    assert slug["by_owner"] == {"(unowned)": 1, "@alice": 1, "@orders": 1, "@shop-team": 2}
    assert slug["uses"][2]["owners"] == ["@orders", "@alice"]
    assert slug["uses"][2]["package"] == "shop.orders"
    fetch = data["inventory"][0]
    assert fetch["remaining"] == 1 and fetch["by_owner"] == {"@api-team": 1}
    assert data["inventory"][1]["parameter"] == "timeout"
    assert data["flags"][1] == {
        "alive": False,
        "state": "removed",
        "introduced": True,
        "default": None,
        "name": "SHOP_JSON_BACKEND",
        "read_at": [],
        "refactor": "json",
    }
    assert data["totals"] == {
        "applied": 2,
        "flags_alive": 1,
        "inventory": 2,
        "inventory_overdue": 0,
        "inventory_remaining": 1,
        "names": 2,
        "overdue": 1,
        "remaining": 4,
        "steps": 4,
    }


def test_status_json_is_deterministic_and_sorted() -> None:
    text = status_json(STATUS)
    assert text == status_json(STATUS) and text.endswith("}\n")
    assert (
        text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    assert json.loads(status_json(EMPTY))["totals"]["steps"] == 0


# -- history -----------------------------------------------------------------------------------


def _points(*totals: tuple[int, int]) -> list[HistoryPoint]:
    return [
        HistoryPoint(
            f"{i:02d}" + "ab" * 19,
            f"2024-03-{i + 1:02d}T09:00:00+01:00",
            f"commit {i}",
            ((SLUG, slug), (WORD, word)),
        )
        for i, (slug, word) in enumerate(totals)
    ]


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ([0, 1, 2, 3, 4, 5, 6, 7], BARS),
        ([8, 4, 0], "█▅▁"),
        ([5, 5, 5], "███"),  # flat and not zero: full height
        ([0, 0, 0], "▁▁▁"),
        ([], ""),
    ],
)
def test_sparkline(values: list[int], line: str) -> None:
    assert sparkline(values) == line


def test_resampling_keeps_the_first_and_the_last() -> None:
    values = list(range(100))
    picked = resample(values, 10)
    assert len(picked) == 10 and picked[0] == 0 and picked[-1] == 99
    assert picked == sorted(picked)
    assert resample([3, 2, 1], 10) == [3, 2, 1]
    assert resample(values, 1) == [99]
    assert sparkline([9] * 99 + [0], 10)[-1] == "▁"


def test_history_text() -> None:
    text = history_text([SLUG, WORD], _points((6, 2), (4, 2), (3, 1), (0, 0)))
    lines = text.splitlines()
    assert lines[0] == "History: 4 commits, 2 deprecated names"
    assert lines[1] == "  █▆▅▁"  # 8, 6, 4, 0 of 8: 4 is half-way, rounded up
    assert lines[2] == "  first: 2024-03-01  00ababa  8 remaining  commit 0"
    assert lines[3] == "  last:  2024-03-04  03ababa  0 remaining  commit 3"
    slug = next(line for line in lines if line.lstrip().startswith(SLUG))
    assert slug.split() == [SLUG, "6", "→", "0", "█▆▅▁"]
    word = next(line for line in lines if line.lstrip().startswith(WORD))
    assert word.split() == [WORD, "2", "→", "0", "██▅▁"]


def test_history_text_fits_many_points_in_the_width() -> None:
    points = _points(*((200 - i, 0) for i in range(200)), (0, 200))
    text = history_text([SLUG, WORD], points, width=60)
    lines = text.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert len(lines[1]) == 60 and set(lines[1][2:]) <= set(BARS)
    # the spike at the last commit is kept, however many points are dropped
    assert lines[1].startswith("  █") and lines[1][-2:] == "▁█"
    assert "0 → 200" in text and "200 → 0" in text


def test_history_text_without_points() -> None:
    assert history_text([SLUG], []) == "History\n  no history: no commits to read"


def test_history_json() -> None:
    points = _points((6, 2), (0, 1))
    data = json.loads(history_json([SLUG, WORD], points))
    assert data["schema"] == "refcoord-history/1"
    assert data["names"] == [SLUG, WORD]
    assert [p["commit"] for p in data["points"]] == [p.commit for p in points]  # oldest first
    first = data["points"][0]
    assert set(first) == {"commit", "date", "subject", "remaining", "total"}
    assert first["remaining"] == {SLUG: 6, WORD: 2} and first["total"] == 8
    assert data["points"][1]["total"] == 1


def test_maybe_callers_on_receivers_of_unknown_type_are_shown_beside_the_count() -> None:
    entry = InventoryEntry(SEND_DEPRECATION, (), uncertain=3)
    status = replace(STATUS, inventory=(entry,))
    text = status_text(status)
    assert "0 (+3?)" in text
    data = json.loads(status_json(status))
    assert data["inventory"][0]["uncertain"] == 3 and data["inventory"][0]["remaining"] == 0
