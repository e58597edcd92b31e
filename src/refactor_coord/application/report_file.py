"""Where ``refcoord report`` writes its page: by default ``.refcoord/reports/<campaign>.html``,
a folder git ignores (it holds its own ``.gitignore``), so that a report never makes the working
tree dirty for ``apply``."""

from __future__ import annotations

from pathlib import Path

REPORTS = Path(".refcoord") / "reports"


def write_report(repo: Path, campaign: str, page: str, output: Path | None = None) -> Path:
    """Write the report ``page`` to ``output``, else to the default place; returns where."""
    if output is None:
        folder = repo / REPORTS
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# refcoord's reports: made again on demand, not committed\n*\n")
        output = folder / f"{campaign}.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return output
