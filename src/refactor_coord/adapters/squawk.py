"""squawk, the PostgreSQL migration linter (the ``squawk-cli`` package ships its binary), run on
SQL text; its findings as facts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from refactor_coord.domain.schema import SquawkFinding


class SquawkUnavailable(Exception):
    """squawk is not installed or did not run; the message says why and what to do."""


def squawk_binary() -> str | None:
    """squawk beside refcoord's interpreter (installed with it), else on PATH."""
    beside = Path(sys.executable).parent / "squawk"
    return str(beside) if beside.is_file() else shutil.which("squawk")


def lint_sql(
    sql: str, pg_version: str = "15", cwd: Path | None = None
) -> tuple[SquawkFinding, ...]:
    """squawk's findings on ``sql`` (1-based lines), run in ``cwd`` (a project's folder: its
    ``.squawk.toml`` applies). SquawkUnavailable when it cannot run."""
    binary = squawk_binary()
    if binary is None:
        raise SquawkUnavailable(
            "squawk is not installed (pip install squawk-cli, or refcoord's schema extra)"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(sql)
        path = handle.name
    try:
        ran = subprocess.run(
            [binary, "--reporter", "json", "--pg-version", pg_version, path],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=cwd,
        )
    finally:
        Path(path).unlink(missing_ok=True)
    try:
        found = json.loads(ran.stdout or "[]")
    except json.JSONDecodeError:
        raise SquawkUnavailable(
            f"squawk failed (exit code {ran.returncode}): {ran.stderr.strip()[-300:]}"
        ) from None
    return tuple(
        SquawkFinding(f["rule_name"], f["level"], f["message"], int(f["line"]) + 1) for f in found
    )
