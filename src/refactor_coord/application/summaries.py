"""Plain-text renderings of index summaries and reference reports (for the CLI and the demo)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from refactor_coord.application.references import ReferenceReport
    from refactor_coord.domain.facts import IndexSummary, Reference


def render_summary(s: IndexSummary, show_issues: bool = False) -> str:
    """The text summary of an index run."""
    lines = [
        f"files        {s.files}",
        f"modules      {s.modules}",
        f"definitions  {s.definitions}",
        f"references   {s.references}",
        f"skipped      {s.skipped}",
        f"failed       {s.failed}",
        f"parsed       {s.parsed} (on {s.workers} worker{'s' if s.workers != 1 else ''})",
        (
            f"cache hits   {s.cache_hits} from the parse cache, {s.unchanged} unchanged files not "
            "re-read"
        ),
        f"resolved     {s.resolved_files} files",
        f"import cycles {len(s.cycles)}"
        + (f" (e.g. {' <-> '.join(s.cycles[0])})" if s.cycles else ""),
        f"time         {s.seconds:.2f} s",
    ]
    lines += [f"note: {n}" for n in s.notes]
    issues = s.issues if show_issues else s.issues[:10]
    lines += [f"{i.status:<8} {i.path}: {i.reason}" for i in issues]
    if len(s.issues) > len(issues):
        lines.append(f"... and {len(s.issues) - len(issues)} more (--show-issues lists them all)")
    return "\n".join(lines)


def render_references(report: ReferenceReport) -> str:
    """The report as text, grouped by file."""
    lines: list[str] = []
    if report.target != report.name:
        lines.append(f"{report.name} is {report.target} (re-exported)")
    for d in report.definitions:
        lines.append(f"{d.qname}  {d.kind}, defined at {d.path}:{d.line}")
    confidence = Counter(r.confidence for r in report.references)
    files = {r.path for r in report.references}
    counts = ", ".join(f"{confidence[c]} {c}" for c in ("high", "medium", "low") if confidence[c])
    lines.append(
        f"{len(report.references)} references in {len(files)} files"
        + (f" ({counts})" if counts else "")
    )
    lines += _grouped(report.references)
    if report.uncertain:
        lines.append(
            f"\n{len(report.uncertain)} uncertain: attribute uses of the same name on receivers "
            "of unknown type"
        )
        lines += _grouped(report.uncertain)
    return "\n".join(lines)


def _grouped(references: tuple[Reference, ...]) -> list[str]:
    lines: list[str] = []
    current = ""
    for r in references:
        if r.path != current:
            current = r.path
            lines.append(current)
        kind = r.kind.value + (r.shape.render() if r.shape else "")
        via = f"  as {r.written}" if r.written != r.target and r.kind.value != "string" else ""
        # a certain reference's reason says how a call is known when it is not written as
        # one (through a local that stands for the function): the rest need no words
        said = r.confidence != "high" or r.kind.value == "call"
        why = f"  ({r.reason})" if r.reason and said else ""
        where = f"{r.line}:{r.col}"
        lines.append(f"  {where:<9} {kind:<18} {r.confidence:<6}{via}{why}".rstrip())
    return lines
