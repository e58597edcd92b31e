"""``refcoord check``'s findings as text, JSON, GitHub workflow commands and SARIF."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from refactor_coord.application.render_findings import (
    escape_data,
    escape_property,
    findings_github,
    findings_json,
    findings_sarif,
    findings_text,
)
from refactor_coord.domain.progress import Finding

SLUG = "shop.utils.slugify"
FETCH = "shop.legacy.fetch"

CAMPAIGN = Finding("src/shop/views.py", 12, 5, SLUG, "slugify", "shop.text.slugify", "campaign")
INVENTORY = Finding(
    "src/shop/api.py", 3, 9, FETCH, "legacy.fetch", "", "inventory", "use shop.http.get()"
)
FINDINGS = (CAMPAIGN, INVENTORY)


def _sarif(findings: tuple[Finding, ...]) -> Any:
    return json.loads(findings_sarif(findings, version="1.2.3"))


def _results(findings: tuple[Finding, ...]) -> Any:
    return _sarif(findings)["runs"][0]["results"]


# -- text --------------------------------------------------------------------------------------


def test_text_one_line_per_finding_sorted_then_the_summary() -> None:
    lines = findings_text(FINDINGS, base="origin/main").splitlines()
    api = "src/shop/api.py:3:9: uses deprecated shop.legacy.fetch (reached as legacy.fetch)"
    views = "src/shop/views.py:12:5: uses deprecated shop.utils.slugify (reached as slugify)"
    accept = "`# refcoord: allow[<name>]` on its line, or run `refcoord check --update-baseline`"
    assert lines == [
        f"{api}: use shop.http.get()",
        f"{views}; use shop.text.slugify instead",
        "2 new uses of deprecated names since origin/main",
        f"to accept one, add {accept}",
    ]


def test_text_for_one_finding_names_it_in_the_allow_comment() -> None:
    text = findings_text((CAMPAIGN,), base="HEAD~1")
    assert "1 new use of a deprecated name since HEAD~1" in text
    assert f"`# refcoord: allow[{SLUG}]`" in text


def test_text_without_findings() -> None:
    text = findings_text((), base="origin/main")
    assert text == "no new uses of deprecated names since origin/main"


def test_text_keeps_a_finding_on_one_line() -> None:
    multi = replace(INVENTORY, message="gone soon;\nuse shop.http.get()")
    first = findings_text((multi,), base="b").splitlines()[0]
    assert first.endswith("(reached as legacy.fetch): gone soon; use shop.http.get()")


def test_the_full_name_written_is_not_repeated() -> None:
    text = findings_text((replace(CAMPAIGN, written=SLUG),), base="b")
    assert "reached as" not in text


# -- JSON --------------------------------------------------------------------------------------


def test_json() -> None:
    text = findings_json(FINDINGS, base="origin/main")
    data = json.loads(text)
    assert set(data) == {"schema", "base", "findings", "count"}
    assert data["schema"] == "refcoord-check/1" and data["base"] == "origin/main"
    assert data["count"] == 2
    first = data["findings"][0]
    assert set(first) == {
        "path",
        "line",
        "col",
        "name",
        "written",
        "replacement",
        "source",
        "message",
        "text",
    }
    assert (first["path"], first["line"], first["col"]) == ("src/shop/api.py", 3, 9)
    assert first["source"] == "inventory" and first["replacement"] == ""
    assert text == findings_json(FINDINGS[::-1], base="origin/main") and text.endswith("}\n")
    assert json.loads(findings_json((), base="x")) == {
        "base": "x",
        "count": 0,
        "findings": [],
        "schema": "refcoord-check/1",
    }


# -- GitHub Actions ----------------------------------------------------------------------------


def test_github_commands() -> None:
    lines = findings_github(FINDINGS).splitlines()
    assert lines[1] == (
        "::error file=src/shop/views.py,line=12,col=5,title=refcoord check::"
        "uses deprecated shop.utils.slugify (reached as slugify); use shop.text.slugify instead"
    )
    assert findings_github(FINDINGS).endswith("\n")
    assert findings_github(()) == ""


def test_github_escaping() -> None:
    odd = Finding("src/a,b:c.py", 1, 2, FETCH, "fetch", "", "inventory", "100% gone\r\nsoon")
    line = findings_github((odd,))
    assert line == (
        "::error file=src/a%2Cb%3Ac.py,line=1,col=2,title=refcoord check::"
        "uses deprecated shop.legacy.fetch (reached as fetch): 100%25 gone%0D%0Asoon\n"
    )
    assert escape_data("a%b:c,d\n") == "a%25b:c,d%0A"
    assert escape_property("a%b:c,d\r") == "a%25b%3Ac%2Cd%0D"


# -- SARIF -------------------------------------------------------------------------------------


def test_sarif_structure() -> None:
    data = _sarif(FINDINGS)
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert data["version"] == "2.1.0"
    runs = data["runs"]
    assert isinstance(runs, list) and len(runs) == 1
    driver = runs[0]["tool"]["driver"]
    assert driver["name"] == "refcoord" and driver["version"] == "1.2.3"
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [
        f"refcoord/deprecated/{FETCH}",
        f"refcoord/deprecated/{SLUG}",
    ]
    for rule in rules:
        assert set(rule) >= {"id", "shortDescription", "fullDescription", "help"}
        assert rule["defaultConfiguration"] == {"level": "error"}
    assert "shop.text.slugify" in rules[1]["help"]["text"]
    assert "use shop.http.get()" in rules[0]["help"]["text"]


def test_sarif_results_point_at_their_rules_and_places() -> None:
    data = _sarif(FINDINGS)
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    results = _results(FINDINGS)
    assert len(results) == 2
    for result, finding in zip(results, sorted(FINDINGS, key=lambda f: f.path), strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["ruleId"] == f"refcoord/deprecated/{finding.name}"
        assert result["level"] == "error"
        assert finding.name in result["message"]["text"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": finding.path, "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {"startLine": finding.line, "startColumn": finding.col}


def test_sarif_fingerprints_survive_a_moved_line() -> None:
    before = _results(FINDINGS)
    moved = _results((replace(CAMPAIGN, line=40, col=1), INVENTORY))
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in moved]
    renamed = _results((replace(CAMPAIGN, written="utils.slugify"), INVENTORY))
    assert before[1]["partialFingerprints"] != renamed[1]["partialFingerprints"]
    elsewhere = _results((replace(CAMPAIGN, path="src/shop/other.py"), INVENTORY))
    assert before[1]["partialFingerprints"] != elsewhere[1]["partialFingerprints"]


def test_sarif_tells_repeated_uses_in_a_file_apart() -> None:
    twice = (CAMPAIGN, replace(CAMPAIGN, line=30))
    prints = [json.dumps(r["partialFingerprints"]) for r in _results(twice)]
    assert len(set(prints)) == 2


def test_sarif_is_deterministic() -> None:
    text = findings_sarif(FINDINGS, version="1.2.3")
    assert text == findings_sarif(FINDINGS[::-1], version="1.2.3") and text.endswith("}\n")
    empty = _sarif(())
    assert empty["runs"][0]["results"] == []
    assert empty["runs"][0]["tool"]["driver"]["rules"] == []
