"""``refcoord check``'s findings as text, JSON, GitHub Actions workflow commands and SARIF 2.1.0.

Every function is pure and deterministic: findings are shown sorted by path, line, column and
name, whatever order they come in. docs/json-output.md describes the JSON and the SARIF.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from urllib.parse import quote

from refactor_coord.domain.progress import Finding

CHECK_SCHEMA = "refcoord-check/1"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: where a SARIF viewer sends the reader for the tool
INFORMATION_URI = "https://pypi.org/project/refcoord/"
#: the key of a result's partial fingerprint (its scheme, versioned)
FINGERPRINT_KEY = "refcoordUse/v1"
GITHUB_TITLE = "refcoord check"

Json = dict[str, object]


def _sorted(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.name, f.written))


def _plural(count: int, word: str, many: str) -> str:
    return f"{count} {word if count == 1 else many}"


def finding_message(finding: Finding) -> str:
    """What is wrong and what to do, without the place: ``uses deprecated a.b (reached as pkg.b);
    use a.c instead`` (the deprecation's own message when it names no replacement, its lines
    kept; "reached as" is left out when the code spells the full name)."""
    if finding.source == "migration":
        rule = finding.name.removeprefix("squawk/")
        return f"unsafe migration (squawk {rule}): {finding.message} [{finding.written}]"
    written = f" (reached as {finding.written})" if finding.written != finding.name else ""
    text = f"uses deprecated {finding.name}{written}"
    if finding.replacement:
        return f"{text}; use {finding.replacement} instead"
    message = finding.message.strip()
    return f"{text}: {message}" if message else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def rule_id(name: str) -> str:
    """The SARIF rule id of a deprecated name, ``refcoord/deprecated/<name>``, or of a
    squawk rule, ``refcoord/squawk/<rule>``."""
    if name.startswith("squawk/"):
        return f"refcoord/{name}"
    return f"refcoord/deprecated/{name}"


# -- text --------------------------------------------------------------------------------------


def findings_text(findings: Sequence[Finding], *, base: str) -> str:
    """One line per finding (``path:line:col: message``), a summary line and, when there is a
    finding, how to accept one as an exception (no end newline)."""
    found = _sorted(findings)
    lines = [f"{f.path}:{f.line}:{f.col}: {_one_line(finding_message(f))}" for f in found]
    if not found:
        return f"no new uses of deprecated names since {base}"
    uses = [f for f in found if f.source != "migration"]
    migrations = len(found) - len(uses)
    counts = []
    if uses:
        many = "new uses of deprecated names"
        counts.append(_plural(len(uses), "new use of a deprecated name", many))
    if migrations:
        counts.append(_plural(migrations, "unsafe migration finding", "unsafe migration findings"))
    names = sorted({f.name for f in found})
    allow = names[0] if len(names) == 1 else "<name>"
    accept = (
        f"to accept one, add `# refcoord: allow[{allow}]` on its line, "
        "or run `refcoord check --update-baseline`"
    )
    lines += [f"{' and '.join(counts)} since {base}", accept]
    return "\n".join(lines)


# -- JSON --------------------------------------------------------------------------------------


def _finding_json(f: Finding) -> Json:
    return {**asdict(f), "text": finding_message(f)}


def findings_json(findings: Sequence[Finding], *, base: str) -> str:
    """``refcoord check --format json`` (schema ``refcoord-check/1``): sorted keys, indent 2,
    trailing newline."""
    found = _sorted(findings)
    data = {
        "schema": CHECK_SCHEMA,
        "base": base,
        "findings": [_finding_json(f) for f in found],
        "count": len(found),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- GitHub Actions ----------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A workflow command's message escaped as GitHub's toolkit escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value escaped as GitHub's toolkit escapes it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def findings_github(findings: Sequence[Finding]) -> str:
    """One ``::error`` workflow command per finding, each line ending in a newline (empty when
    there is none): GitHub Actions shows them as annotations on the pull request's diff."""
    lines = []
    for f in _sorted(findings):
        props = f"file={escape_property(f.path)},line={f.line},col={f.col}"
        title = escape_property(GITHUB_TITLE)
        lines.append(f"::error {props},title={title}::{escape_data(finding_message(f))}\n")
    return "".join(lines)


# -- SARIF -------------------------------------------------------------------------------------


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    """A hash of the finding's path, name and written text (and which of the same three in the
    file it is, counted from the top), not its line: a moved line keeps its fingerprint."""
    key = "\0".join((finding.path, finding.name, finding.written, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _rule(f: Finding) -> Json:
    if f.source == "migration":
        return _migration_rule(f)
    if f.replacement:
        full = f"{f.name} is deprecated; use {f.replacement} instead."
        help_text = f"Use {f.replacement} instead of {f.name}."
    else:
        own = _one_line(f.message)
        full = _full_stop(f"{f.name} is deprecated" + (f": {own}" if own else ""))
        help_text = _full_stop(f"Stop using {f.name}" + (f": {own}" if own else ""))
    accept = (
        f" To accept a use, add `# refcoord: allow[{f.name}]` on its line or run "
        "`refcoord check --update-baseline`."
    )
    return {
        "id": rule_id(f.name),
        "shortDescription": {"text": f"Use of deprecated {f.name}"},
        "fullDescription": {"text": full},
        "help": {"text": help_text + accept},
        "defaultConfiguration": {"level": "error"},
    }


def _migration_rule(f: Finding) -> Json:
    rule = f.name.removeprefix("squawk/")
    return {
        "id": rule_id(f.name),
        "shortDescription": {"text": f"Unsafe migration: squawk {rule}"},
        "fullDescription": {"text": _full_stop(_one_line(f.message))},
        "help": {
            "text": f"See squawk's rule {rule} (https://squawkhq.com/docs/{rule}). To accept "
            f"it, add `# refcoord: allow[{f.name}]` on the revision's `def upgrade` line, or "
            "exclude the rule in .squawk.toml."
        },
        "defaultConfiguration": {"level": "error"},
    }


def _result(f: Finding, index: int, occurrence: int) -> Json:
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(f.path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": f.line, "startColumn": f.col},
        }
    }
    return {
        "ruleId": rule_id(f.name),
        "ruleIndex": index,
        "level": "error",
        "message": {"text": finding_message(f)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, occurrence)},
    }


def findings_sarif(findings: Sequence[Finding], *, version: str) -> str:
    """The findings as a SARIF 2.1.0 log for code scanning: one run of the ``refcoord`` driver
    (``version``), one rule per deprecated name used, one result per finding (sorted keys,
    indent 2, trailing newline)."""
    found = _sorted(findings)
    first: dict[str, Finding] = {}
    for f in found:
        first.setdefault(f.name, f)
    names = sorted(first)
    index = {name: i for i, name in enumerate(names)}
    seen: dict[tuple[str, str, str], int] = {}
    results = []
    for f in found:
        key = (f.path, f.name, f.written)
        results.append(_result(f, index[f.name], seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    driver = {
        "name": "refcoord",
        "informationUri": INFORMATION_URI,
        "version": version,
        "rules": [_rule(first[n]) for n in names],
    }
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


__all__ = [
    "CHECK_SCHEMA",
    "escape_data",
    "escape_property",
    "finding_message",
    "findings_github",
    "findings_json",
    "findings_sarif",
    "findings_text",
    "fingerprint",
    "rule_id",
]
