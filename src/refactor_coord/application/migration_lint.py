"""``refcoord check``'s migration lint: the Alembic revisions a change adds, rendered offline
(``alembic upgrade <down>:<revision> --sql``, by the project's interpreter) and linted by
squawk with the project's own squawk configuration, so that an unsafe migration written by hand
is caught in CI. A revision refcoord wrote for a schema step is linted too; the findings its
step answers (docs/patterns/schema.md) are not reported again."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path

from refactor_coord.adapters.alembic_offline import OfflineFailed, offline_sql
from refactor_coord.adapters.orm_facts import FactsUnavailable, migration_facts
from refactor_coord.adapters.source_files import read_source
from refactor_coord.adapters.squawk import SquawkUnavailable, lint_sql
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.progress import Finding
from refactor_coord.domain.schema import answered_rules, own_statements

#: refcoord's revisions say which step wrote them (revisions.py's template)
_WRITTEN_BY = re.compile(
    r"Written by refcoord for the campaign \S+: refactoring \S+\s+\((\S+)\), its (\S+) step"
)


def migration_findings(
    repo: Path, added: Sequence[str], roots: Sequence[str]
) -> tuple[Finding, ...]:
    """squawk's findings on the revisions among ``added`` (repository paths of files the change
    adds); none when the project has no Alembic configuration."""
    try:
        migrations = migration_facts(repo, roots)
    except FactsUnavailable:
        return ()
    revisions = [p for p in added if p.startswith(migrations.versions + "/") and p.endswith(".py")]
    found: list[Finding] = []
    for path in sorted(revisions):
        found += _lint(repo, path, (migrations.config, migrations.versions), roots)
    return tuple(found)


def _lint(repo: Path, path: str, where: tuple[str, str], roots: Sequence[str]) -> list[Finding]:
    text = read_source(repo / path) or ""
    ids = _ids(text)
    if ids is None:
        return []
    revision, down, line = ids
    config, versions = where
    try:
        sql = offline_sql(repo, config, versions, {}, [(down, revision)], roots)[0]
        findings = lint_sql(own_statements(sql), cwd=repo)
    except (OfflineFailed, SquawkUnavailable) as error:
        raise UsageError(f"cannot lint the migration {path}: {error}") from None
    written_by = _WRITTEN_BY.search(text)
    answered = answered_rules(written_by[1], written_by[2]) if written_by else frozenset()
    statements = own_statements(sql).splitlines()
    return [
        Finding(
            path,
            line,
            1,
            f"squawk/{f.rule}",
            _statement_at(statements, f.line),
            "",
            "migration",
            f.message,
        )
        for f in findings
        if f.rule not in answered
    ]


def _ids(text: str) -> tuple[str, str | None, int] | None:
    """The revision's id, the one it follows, and the line of its ``upgrade`` (where an
    allow comment goes); None when it is not a revision file."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    values: dict[str, object] = {}
    line = 1
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Constant):
                values[target.id] = node.value.value
        if isinstance(node, ast.FunctionDef) and node.name == "upgrade":
            line = node.lineno
    revision = values.get("revision")
    down = values.get("down_revision")
    if not isinstance(revision, str):
        return None
    return revision, down if isinstance(down, str) else None, line


def _statement_at(lines: Sequence[str], line: int) -> str:
    """The SQL line a finding points at (1-based), trimmed."""
    return lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""
