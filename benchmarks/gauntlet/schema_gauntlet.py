"""The gauntlet's schema campaigns: zero-downtime database changes generated from the models of
real projects (SQLAlchemy + Alembic), every step applied as a user would, the project's own
database tests run on PostgreSQL after each (on a database its own migrations and refcoord's
revisions built, see ``schema_suite.py``).

Run by hand (not in ``.ci/run``), with refcoord's own interpreter; it shares the sdists and the
cached venvs of ``gauntlet.py`` (its projects are listed in ``schema_projects.toml``) and
starts a throwaway PostgreSQL (the system's binaries)::

    .venv/bin/python benchmarks/gauntlet/schema_gauntlet.py setup
    .venv/bin/python benchmarks/gauntlet/schema_gauntlet.py run
    .venv/bin/python benchmarks/gauntlet/schema_gauntlet.py report

Scenarios, per project (seeded): each operation on columns chosen from the model module's
mapped classes (a class whose key is one integer column): rename-column and change-column-type
on plain columns (no index, constraint or foreign key: refcoord refuses those, saying why),
add-index on unindexed ones, add-column on classes. Each runs in a fresh copy (a new git
repository): ``refcoord plan``, then ``refcoord apply next`` until every step is applied, each
landed on ``main``. A deprecate or contract step refused only for uses on receivers of
unknown type is *refused* (a person must check them); the gauntlet then tries ``--reviewed``,
as a person who judged them all another class's would, and records whether the suite agreed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gauntlet  # the extract-module gauntlet beside this file
from gauntlet import Project

PROJECTS_FILE = gauntlet.HERE / "schema_projects.toml"
RESULTS_FILE = gauntlet.HERE / "results" / "schema_latest.json"
REPORT_FILE = gauntlet.REPO / "docs" / "gauntlet-schema.md"
SUITE = gauntlet.HERE / "schema_suite.py"
FINDINGS_FILE = gauntlet.HERE / "schema_findings.md"  #: the report's narrative, kept by hand
PER_OPERATION = 2  #: scenarios per operation and project
CAMPAIGN_TIMEOUT = 2400.0
#: the new type change-column-type gives a column of each type (the same Python values)
NEW_TYPES = {"INTEGER": "BigInteger", "VARCHAR": "Text", "TIMESTAMP": "DateTime(timezone=True)"}
#: apply's exit codes: refused (nothing changed), failed (tried and undone)
REFUSED, FAILED = 4, 5


@dataclass(frozen=True)
class SchemaProject:
    """A project of schema_projects.toml."""

    project: Project
    models: str
    database_env: str
    deselected: dict[str, str]

    def test_command(self, copy: Path) -> list[str]:
        """The project's database tests, on a freshly migrated PostgreSQL database."""
        deselect = [arg for test in self.deselected for arg in ("--deselect", test)]
        return [
            *self.project.interpreter(copy),
            str(SUITE),
            self.database_env,
            *self.project.test_args,
            *deselect,
            *self.project.test_paths,
        ]


def load_projects(path: Path = PROJECTS_FILE) -> list[SchemaProject]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    projects = gauntlet.load_projects(path)
    return [
        SchemaProject(p, t["models"], t["database_env"], dict(t.get("deselected", {})))
        for p, t in zip(projects, data["project"], strict=True)
    ]


# --------------------------------------------------------------------------- scenarios

#: Run in the project's interpreter: the mapped classes of a module and their columns.
_COLUMNS = r"""
import importlib, json, sys
from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql
module = importlib.import_module(sys.argv[1])
found = []
for name, value in sorted(vars(module).items()):
    if not isinstance(value, type) or value.__module__ != module.__name__:
        continue
    try:
        mapper = inspect(value)
    except Exception:
        continue
    table = mapper.local_table
    key = list(table.primary_key.columns)
    if len(key) != 1 or key[0].type.python_type is not int:
        continue
    for prop in mapper.column_attrs:
        if len(prop.columns) != 1 or prop.columns[0].table is not table:
            continue
        column = prop.columns[0]
        indexed = any(column in list(i.columns) for i in table.indexes) or column.unique
        constrained = bool(column.foreign_keys) or any(
            column in list(c.columns)
            for c in table.constraints
            if c.__class__.__name__ == "UniqueConstraint"
        )
        found.append({
            "model": f"{module.__name__}.{name}.{prop.key}", "column": column.name,
            "sql": column.type.compile(dialect=postgresql.dialect()),
            "key": column.primary_key, "indexed": bool(indexed), "constrained": constrained,
        })
print(json.dumps(found))
"""


@dataclass(frozen=True)
class Scenario:
    """One refactoring on one project."""

    project: SchemaProject
    operation: str
    model: str
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        attribute = self.model.rsplit(".", 2)
        return f"{self.project.project.name}-{self.operation}-{attribute[1]}-{attribute[2]}"

    def refactor_toml(self) -> str:
        lines = [
            "[[refactor]]",
            'id = "change"',
            'kind = "schema"',
            f'operation = "{self.operation}"',
            f'model = "{self.model}"',
            "pause_ms = 0",
        ]
        lines += [f"{key} = {json.dumps(value)}" for key, value in self.extra]
        return "\n".join(lines) + "\n"


def scenarios(project: SchemaProject, seed: int = gauntlet.SEED) -> list[Scenario]:
    """The project's scenarios (seeded choice among the columns that qualify)."""
    with tempfile.TemporaryDirectory(prefix="schema-gauntlet-") as tmp:
        copy = gauntlet.copy_project(project.project, Path(tmp) / "p")
        ran = gauntlet.run(
            [*project.project.interpreter(copy), "-c", _COLUMNS, project.models], copy
        )
    if not ran.ok:
        raise RuntimeError(f"{project.project.key}: the models do not load:\n{ran.tail()}")
    columns = json.loads(ran.out)
    plain = [c for c in columns if not (c["key"] or c["indexed"] or c["constrained"])]
    rng = random.Random(seed)

    def pick(pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return rng.sample(pool, min(PER_OPERATION, len(pool)))

    made: list[Scenario] = []
    for c in pick(plain):
        leaf = c["model"].rsplit(".", 1)[1]
        made.append(
            Scenario(project, "rename-column", c["model"], (("new_name", f"{leaf}_renamed"),))
        )
    retypable = [c for c in plain if c["sql"].split("(")[0] in NEW_TYPES]
    for c in pick(retypable):
        made.append(
            Scenario(
                project, "change-column-type", c["model"],
                (("type", NEW_TYPES[c["sql"].split("(")[0]]),),
            )
        )  # fmt: skip
    for c in pick([c for c in columns if not (c["key"] or c["indexed"])]):
        made.append(Scenario(project, "add-index", c["model"]))
    classes = sorted({c["model"].rsplit(".", 1)[0] for c in columns})
    for cls in rng.sample(classes, min(PER_OPERATION, len(classes))):
        extra = (("type", "String(40)"), ("default", "none"))
        made.append(Scenario(project, "add-column", f"{cls}.refcoord_note", extra))
    return made


# --------------------------------------------------------------------------- running


@dataclass
class Result:
    scenario: str
    operation: str
    model: str
    outcome: str = ""  #: green, refused, failed
    steps: list[dict[str, Any]] = field(default_factory=list)
    planned: int = 0
    message: str = ""
    reviewed: str = ""  #: after a refusal for unknown receivers: what --reviewed gave
    seconds: float = 0.0


def run_scenario(scenario: Scenario, keep: Path | None) -> Result:
    result = Result(scenario.id, scenario.operation, scenario.model)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"schema-gauntlet-{scenario.id}-") as tmp:
        copy = gauntlet.copy_project(scenario.project.project, Path(tmp) / "p")
        try:
            carry_out(scenario, copy, result)
        except Exception as error:  # noqa: BLE001 - a broken scenario is a result, not a crash
            result.outcome, result.message = "failed", f"gauntlet error: {error!r}"
        if keep is not None:
            shutil.copytree(copy, keep / scenario.id, dirs_exist_ok=True)
    result.seconds = round(time.monotonic() - start, 1)
    return result


def carry_out(scenario: Scenario, copy: Path, result: Result) -> None:
    command = json.dumps(scenario.project.test_command(copy))
    config = f'[campaign]\nname = "schema"\ntests = "all"\ntest_command = {command}\n\n'
    (copy / "refcoord.toml").write_text(config + scenario.refactor_toml())
    ignore = copy / ".gitignore"
    ignore.write_text((ignore.read_text() if ignore.is_file() else "") + gauntlet.GITIGNORE)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "sdist")):
        gauntlet.git(copy, *args)
    env_python = str(scenario.project.project.venv)
    planned = gauntlet.run(
        ["env", f"VIRTUAL_ENV={env_python}", str(gauntlet.REFCOORD), "plan"], copy
    )
    if not planned.ok:
        result.outcome = "refused" if planned.code == 2 else "failed"
        result.message = f"plan: {planned.tail(4)}"
        return
    plan = json.loads((copy / ".refcoord/schema/plan.json").read_text())
    result.planned = len(plan["steps"])
    gauntlet.git(copy, "add", "-A")
    gauntlet.git(copy, "commit", "-q", "-m", "refcoord plan")
    deadline = time.monotonic() + CAMPAIGN_TIMEOUT
    while time.monotonic() < deadline:
        ran = _apply(copy, env_python, "next")
        if "is applied or done" in ran.err:
            result.outcome = "green"
            return
        if not ran.ok:
            _stopped(scenario, copy, env_python, ran, result)
            return
        done = json.loads(ran.out)
        result.steps.append(
            {"step": done["step"], "phase": done["phase"], "seconds": round(ran.seconds, 1)}
        )
        branch = done.get("branch") or ""
        gauntlet.git(copy, "checkout", "-q", "main")
        gauntlet.git(copy, "merge", "-q", "--no-ff", branch, "-m", f"Merge {branch}")
    result.outcome, result.message = "failed", "timed out"


def _apply(copy: Path, venv: str, *what: str) -> gauntlet.Ran:
    argv = [
        "env",
        f"VIRTUAL_ENV={venv}",
        str(gauntlet.REFCOORD),
        "apply",
        *what,
        "--format",
        "json",
    ]
    return gauntlet.run(argv, copy, timeout=1800)


def _stopped(scenario: Scenario, copy: Path, venv: str, ran: gauntlet.Ran, result: Result) -> None:
    errors = [ln for ln in ran.err.splitlines() if ln.startswith("refcoord: error")]
    message = "\n".join(errors) or ran.err.strip() or ran.tail(12)
    result.message = message[-2500:]
    result.outcome = "refused" if ran.code == REFUSED else "failed"
    found = re.search(r"step (\d+)", message)
    if ran.code == REFUSED and found and "apply with --reviewed" in message:
        again = _apply(copy, venv, "step", found.group(1), "--reviewed")
        result.reviewed = "suite green" if again.ok else f"suite red: {again.tail(3)}"


# --------------------------------------------------------------------------- commands


def cmd_setup(args: argparse.Namespace) -> int:
    failed = 0
    for sp in load_projects():
        try:
            gauntlet.unpack(sp.project)
            gauntlet.build_venv(sp.project)
            verdict = f"{len(scenarios(sp))} scenarios"
        except RuntimeError as error:
            verdict = f"setup failed: {error}"
            failed += 1
        print(f"{sp.project.key}: {verdict}", flush=True)
    return 1 if failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    from refactor_coord.adapters.postgres_server import start_server, stop_server

    keep = Path(args.keep).resolve() if args.keep else None
    server = start_server()
    os.environ["REFCOORD_GAUNTLET_PG"] = server.url()
    start = time.monotonic()
    try:
        chosen = [s for sp in load_projects() for s in scenarios(sp)]
        chosen = [s for s in chosen if not args.only or any(o in s.id for o in args.only)]
        results = []
        for scenario in chosen:
            results.append(run_scenario(scenario, keep))
            r = results[-1]
            first = r.message.splitlines()[0][:160] if r.message else ""
            steps = f"{len(r.steps)}/{r.planned} steps, {r.seconds} s"
            print(f"{r.outcome:8} {r.scenario} ({steps}) {first}", flush=True)
    finally:
        stop_server(server)
    data = {
        "refcoord_commit": gauntlet.git(gauntlet.REPO, "rev-parse", "--short", "HEAD").out.strip(),
        "date": time.strftime("%Y-%m-%d"),
        "minutes": round((time.monotonic() - start) / 60),
        "results": [asdict(r) for r in results],
    }
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    data = json.loads(RESULTS_FILE.read_text())
    REPORT_FILE.write_text(report_text(data, load_projects()))
    print(f"wrote {REPORT_FILE.relative_to(gauntlet.REPO)}")
    return 0


def report_text(data: dict[str, Any], projects: list[SchemaProject]) -> str:
    results = data["results"]
    count = {o: sum(r["outcome"] == o for r in results) for o in ("green", "refused", "failed")}
    total = len(results) or 1
    lines = [
        "# The gauntlet: schema campaigns on real projects",
        "",
        "<!-- Written by benchmarks/gauntlet/schema_gauntlet.py report -->",
        "",
        (
            f"Run on {data['date']} against refcoord at commit `{data['refcoord_commit']}`, "
            f"{data['minutes']} min wall time with 2 cores, with:"
        ),
        "",
        "```sh",
        ".venv/bin/python benchmarks/gauntlet/schema_gauntlet.py setup",
        ".venv/bin/python benchmarks/gauntlet/schema_gauntlet.py run",
        ".venv/bin/python benchmarks/gauntlet/schema_gauntlet.py report",
        "```",
        "",
        "Each scenario: `refcoord plan`, then `refcoord apply next` until every step is applied,",
        "each landed on `main`; after every step the project's own database tests run on a fresh",
        "PostgreSQL database that the project's Alembic scripts and refcoord's revisions migrated",
        "(`schema_suite.py`), so a database step is tested with the code before it.",
        "",
        "| | scenarios | share |",
        "| --- | ---: | ---: |",
        _row("**green end to end**", count["green"], total),
        _row("refused (a person must act; why below)", count["refused"], total),
        _row("failed", count["failed"], total),
        "",
        "## Projects",
        "",
    ]
    for sp in projects:
        tests = ", ".join(f"`{t}`" for t in sp.project.test_paths)
        brings = "; ".join(sp.project.traits)
        lines.append(
            f"- **{sp.project.key}**: models `{sp.models}`; tests {tests} (database from "
            f"`{sp.database_env}`). Brings: {brings}."
        )
        lines += [f"  Left out: `{t}`: {why}." for t, why in sp.deselected.items()]
    lines += ["", "## Every scenario", "", "| scenario | outcome | steps | why it stopped |",
              "| --- | --- | ---: | --- |"]  # fmt: skip
    for r in results:
        why = _why(r["message"])
        if r["reviewed"]:
            why += f" (with --reviewed: {r['reviewed'].splitlines()[0][:200]})"
        lines.append(
            f"| {r['scenario']} | {r['outcome']} | {len(r['steps'])}/{r['planned']} | {why} |"
        )
    findings = FINDINGS_FILE.read_text() if FINDINGS_FILE.is_file() else ""
    return "\n".join(lines) + "\n" + (f"\n{findings}" if findings else "")


def _why(message: str) -> str:
    """The first error line of a stopped scenario's message (else its first line), short."""
    lines = message.splitlines()
    first = next(
        (ln for ln in lines if ln.startswith("refcoord: error")), lines[0] if lines else ""
    )
    return first.removeprefix("refcoord: error: ")[:400].replace("|", "\\|")


def _row(label: str, count: int, total: int) -> str:
    return f"| {label} | {count} | {100 * count / total:.0f}% |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup").set_defaults(func=cmd_setup)
    running = sub.add_parser("run")
    running.add_argument("--keep", help="copy each scenario's repository here")
    running.add_argument("--only", nargs="*", help="scenarios whose id contains one of these")
    running.set_defaults(func=cmd_run)
    sub.add_parser("report").set_defaults(func=cmd_report)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
