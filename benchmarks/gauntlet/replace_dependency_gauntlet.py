"""The gauntlet's replace-dependency campaigns: real projects moved off six, simplejson, mock,
pytz or toml with refcoord's built-in recipes, every step applied as a user would.

Run by hand (not in ``.ci/run``), with refcoord's own interpreter; it shares the sdists and the
cached venvs of ``gauntlet.py`` (its projects are listed in ``replace_projects.toml``)::

    .venv/bin/python benchmarks/gauntlet/replace_dependency_gauntlet.py setup
    .venv/bin/python benchmarks/gauntlet/replace_dependency_gauntlet.py run --jobs 2
    .venv/bin/python benchmarks/gauntlet/replace_dependency_gauntlet.py report

Each project gets one campaign, in a fresh copy (a new git repository): ``refcoord plan``, then
``refcoord apply next`` until every step is applied, each step landed on ``main``. refcoord
runs the project's suite at every step with the flag forced to each backend; the gauntlet
records both results from ``apply --format json``. Then, with our own runs of the suite:

- before the campaign, with the old package made unimportable (a module of its name that
  raises ImportError, first on the import path): the suite must fail, or it does not use it;
- after contract, the same way: the suite must pass, the old package unused;
- nothing in the project's files imports the old package any more.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gauntlet  # the extract-module gauntlet beside this file
from gauntlet import Project, Ran

PROJECTS_FILE = gauntlet.HERE / "replace_projects.toml"
RESULTS_FILE = gauntlet.HERE / "results" / "replace_dependency_latest.json"
REPORT_FILE = gauntlet.REPO / "docs" / "gauntlet-replace-dependency.md"
CAMPAIGN_TIMEOUT = 1800.0


@dataclass(frozen=True)
class Campaign:
    """One project and the dependency it is moved off."""

    project: Project
    old: str  #: the old import name
    recipe: str

    @property
    def id(self) -> str:
        return f"{self.project.name}-{self.old}"

    @property
    def facade(self) -> str:
        return f"{self.project.package}.{self.old}_compat"

    @property
    def flag(self) -> str:
        return re.sub(r"\W", "_", f"{self.project.package}_{self.old}_backend").upper()


def load_campaigns(path: Path = PROJECTS_FILE) -> list[Campaign]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    campaigns = []
    for table in data["project"]:
        project = Project(
            name=table["name"],
            version=table["version"],
            package=table["package"],
            source_root=table.get("source_root", "."),
            test_paths=tuple(table.get("test_paths", ())),
            test_args=tuple(table.get("test_args", ())),
            runner=table.get("runner", "pytest"),
            deps=tuple(table.get("deps", ())),
            traits=tuple(table.get("traits", ())),
        )
        campaigns.append(Campaign(project, table["old"], table["recipe"]))
    return campaigns


def blocked(campaign: Campaign, copy: Path, blocker: Path) -> list[str]:
    """The project's suite on ``copy`` with the old package unimportable."""
    argv = campaign.project.test_command(copy)
    return [
        part.replace("PYTHONPATH=", f"PYTHONPATH={blocker}:", 1)
        if part.startswith("PYTHONPATH=")
        else part
        for part in argv
    ]


def make_blocker(old: str, where: Path) -> Path:
    """A folder whose ``<old>`` module raises ImportError, as if the package were uninstalled."""
    where.mkdir(parents=True, exist_ok=True)
    (where / f"{old}.py").write_text(
        f"raise ImportError('gauntlet: {old} is uninstalled for this run')\n", encoding="utf-8"
    )
    return where


# --------------------------------------------------------------------------- running


@dataclass
class Step:
    number: int
    phase: str
    title: str
    outcome: str  #: applied, refused, failed
    seconds: float
    runs: list[dict[str, Any]] = field(default_factory=list)  #: label, required, result
    message: str = ""


@dataclass
class Result:
    campaign: str
    project: str
    old: str
    recipe: str
    outcome: str = "failed"  #: green, refused, failed
    stage: str = ""
    message: str = ""
    facade_names: int = 0
    stubs: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    without_old_before: str = ""  #: "red" (the suite needs it) or "green"
    without_old_after: str = ""  #: "green" (the suite no longer needs it) or "red"
    imports_left: list[str] = field(default_factory=list)
    seconds: float = 0.0


def config_text(campaign: Campaign, copy: Path) -> str:
    command = json.dumps(campaign.project.test_command(copy))
    return (
        f'[campaign]\nname = "drop-{campaign.old}"\ntests = "all"\ntest_command = {command}\n\n'
        f'[[refactor]]\nid = "{campaign.old}-recipe"\nkind = "replace-dependency"\n'
        f'old = "{campaign.old}"\nrecipe = "{campaign.recipe}"\n'
        f'facade = "{campaign.facade}"\nflag = "{campaign.flag}"\n'
    )


def run_campaign(campaign: Campaign, keep: Path | None) -> Result:
    result = Result(campaign.id, campaign.project.key, campaign.old, campaign.recipe)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"rd-gauntlet-{campaign.id}-") as tmp:
        copy = gauntlet.copy_project(campaign.project, Path(tmp) / "p")
        try:
            carry_out(campaign, copy, Path(tmp), result)
        except Exception as error:  # noqa: BLE001 - a broken campaign is a result, not a crash
            result.outcome, result.message = "failed", f"gauntlet error: {error!r}"
        if keep is not None:
            shutil.copytree(copy, keep / campaign.id, dirs_exist_ok=True)
    result.seconds = round(time.monotonic() - start, 1)
    return result


def carry_out(campaign: Campaign, copy: Path, scratch: Path, result: Result) -> None:
    blocker = make_blocker(campaign.old, scratch / "blocker")
    before = gauntlet.run(blocked(campaign, copy, blocker), copy)
    result.without_old_before = "green" if before.ok else "red"
    (copy / ".gitignore").write_text(
        ((copy / ".gitignore").read_text() if (copy / ".gitignore").is_file() else "")
        + gauntlet.GITIGNORE
    )
    (copy / "refcoord.toml").write_text(config_text(campaign, copy))
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "sdist")):
        gauntlet.git(copy, *args)
    planned = gauntlet.run([str(gauntlet.REFCOORD), "plan", "--format", "json"], copy)
    if not planned.ok:
        result.stage, result.message = "plan", planned.tail(8)
        result.outcome = "refused" if planned.code == 2 else "failed"
        return
    plan = json.loads((copy / f".refcoord/drop-{campaign.old}/plan.json").read_text())
    phases = {s["number"]: s["phase"] for s in plan["steps"]}
    expand = next(s for s in plan["steps"] if s["phase"] == "expand")
    result.facade_names = len(dict(expand["codemod"]["args"]).get("names", []))
    gauntlet.git(copy, "add", "-A")
    gauntlet.git(copy, "commit", "-q", "-m", "refcoord plan")
    deadline = time.monotonic() + CAMPAIGN_TIMEOUT
    while time.monotonic() < deadline:
        ran = gauntlet.run(
            [str(gauntlet.REFCOORD), "apply", "next", "--format", "json"], copy, timeout=1200
        )
        if "is applied or done" in ran.err:
            break
        if not record(ran, result, phases):
            result.stage = f"step {result.steps[-1].number if result.steps else '?'}"
            return
        branch = result.steps[-1].message
        gauntlet.git(copy, "checkout", "-q", "main")
        gauntlet.git(copy, "merge", "-q", "--no-ff", branch, "-m", f"Merge {branch}")
    after = gauntlet.run(blocked(campaign, copy, blocker), copy)
    result.without_old_after = "green" if after.ok else "red"
    result.imports_left = imports_left(campaign, copy)
    result.stubs = stubs_left(campaign, copy)
    ok = after.ok and not result.imports_left
    result.outcome = "green" if ok else "failed"
    result.stage = "" if ok else "after contract"
    if not after.ok:
        result.message = f"suite red with {campaign.old} uninstalled:\n{after.tail(12)}"


#: apply's exit codes: refused (nothing changed: a precondition, a stub left), and failed
#: (the step's tests or checks failed; everything put back)
REFUSED, FAILED = 4, 5


def record(ran: Ran, result: Result, phases: dict[int, str]) -> bool:
    """The step's outcome from ``apply --format json`` (False: the campaign stops here). A
    refusal, or a flip whose new backend is red, is where a human takes over (a stub to write,
    a behaviour that differs): ``refused``; anything else that stops it is ``failed``."""
    try:
        done = json.loads(ran.out)
    except json.JSONDecodeError:
        done = None
    if not ran.ok or done is None or "error" in done:
        message = ran.err.strip() or ran.tail(12)
        found = re.search(r"step (\d+)", message)
        number = int(found.group(1)) if found else 0
        phase = phases.get(number, "")
        human = ran.code == REFUSED or (ran.code == FAILED and phase == "flip")
        outcome = "refused" if human else "failed"
        step = Step(number, phase, "", outcome, ran.seconds, message=message[-3000:])
        result.steps.append(step)
        result.outcome, result.message = step.outcome, step.message
        return False
    runs = [
        {"label": r["label"], "required": r["required"], "result": r["result"],
         "counts": r.get("counts", {})}
        for r in done.get("test_runs", [])
    ]  # fmt: skip
    result.steps.append(
        Step(done["step"], done["phase"], done["title"], "applied", ran.seconds, runs,
             done.get("branch") or "")
    )  # fmt: skip
    return True


def imports_left(campaign: Campaign, copy: Path) -> list[str]:
    """``file:line`` of every import of the old package left in the project's Python files."""
    pattern = re.compile(rf"^\s*(?:import|from)\s+{re.escape(campaign.old)}(?:\.|\s|$)")
    found = []
    for path in sorted(copy.rglob("*.py")):
        if ".refcoord" in path.parts:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if pattern.match(line):
                found.append(f"{path.relative_to(copy)}:{number}")
    return found


def stubs_left(campaign: Campaign, copy: Path) -> list[str]:
    facade = copy / campaign.project.source_root / (campaign.facade.replace(".", "/") + ".py")
    if not facade.is_file():
        return []
    return [line.strip() for line in facade.read_text().splitlines() if "refcoord: stub" in line]


# --------------------------------------------------------------------------- commands


def cmd_setup(args: argparse.Namespace) -> int:
    failed = 0
    for campaign in chosen(args):
        project = campaign.project
        try:
            gauntlet.unpack(project)
            gauntlet.build_venv(project)
            verdict = gauntlet.prove(project)
        except RuntimeError as error:
            verdict = f"setup failed: {error}"
        failed += not verdict.startswith("green")
        print(f"{project.key}: {verdict}", flush=True)
    return 1 if failed else 0


def chosen(args: argparse.Namespace) -> list[Campaign]:
    campaigns = load_campaigns()
    names = getattr(args, "project", None)
    return [c for c in campaigns if not names or c.project.name in names or c.id in names]


def cmd_run(args: argparse.Namespace) -> int:
    campaigns = chosen(args)
    keep = Path(args.keep).resolve() if args.keep else None
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda c: run_campaign(c, keep), campaigns))
    for r in results:
        first = r.message.splitlines()[0] if r.message else ""
        print(f"{r.outcome:8} {r.campaign}: {r.stage} {first}")
    rows: list[dict[str, Any]] = [asdict(r) for r in results]
    if args.project and RESULTS_FILE.is_file():  # a partial run updates the earlier results
        earlier = json.loads(RESULTS_FILE.read_text())
        kept = [
            r for r in earlier["results"] if r["campaign"] not in {x.campaign for x in results}
        ]
        rows = sorted(kept + rows, key=lambda r: str(r["campaign"]))
    head = gauntlet.git(gauntlet.REPO, "rev-parse", "--short", "HEAD").out.strip()
    data = {"refcoord": head, "results": rows}
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(data, indent=1) + "\n")
    return 0 if all(r.outcome == "green" for r in results) else 1


def cmd_report(args: argparse.Namespace) -> int:
    del args
    data = json.loads(RESULTS_FILE.read_text())
    REPORT_FILE.write_text(report_text(data, load_campaigns()))
    print(f"wrote {REPORT_FILE.relative_to(gauntlet.REPO)}")
    return 0


def _runs(step: dict[str, Any]) -> str:
    """The step's test runs, ``old ✓, new ✗``."""
    shown = []
    for r in step["runs"]:
        label = r["label"]
        which = "old" if "old backend" in label else "new" if "new backend" in label else "suite"
        shown.append(f"{which} {'✓' if r['result'] == 'passed' else '✗'}")
    return ", ".join(shown) or "-"


INTRO = """\
Generated by `benchmarks/gauntlet/replace_dependency_gauntlet.py report` from the results of
`run` at refcoord {head}. Each project is moved off one dependency with a built-in recipe,
every step applied with `refcoord apply next` in a fresh git copy and landed on `main`;
refcoord runs the project's whole suite at each step with the flag forced to each backend
(the old one must pass; the new one must pass from the flip on). "Without it" is our own run
of the suite with the old package made unimportable (a module of its name that raises
ImportError, first on the import path): before the campaign (red: the suite uses it) and after
contract (green: it no longer does).

```sh
.venv/bin/python benchmarks/gauntlet/replace_dependency_gauntlet.py setup
.venv/bin/python benchmarks/gauntlet/replace_dependency_gauntlet.py run --jobs 2
.venv/bin/python benchmarks/gauntlet/replace_dependency_gauntlet.py report
```

"Refused" is where refcoord stops and a person takes over, with the reason: a name no backend
maps (a stub to write before the flip), a new backend that behaves differently (the flip's
whole-suite run on it is red), or a plan it cannot make; "failed" would be refcoord breaking
something. Each refused campaign's reason is under "Where a person takes over".
"""


def report_text(data: dict[str, Any], campaigns: list[Campaign]) -> str:
    results = data["results"]
    green = [r for r in results if r["outcome"] == "green"]
    lines = [
        "# Gauntlet: replace-dependency",
        "",
        INTRO.format(head=data["refcoord"]),
        f"**{len(green)} of {len(results)} campaigns green end to end.**",
        "",
        (
            "| project | old → recipe | facade names | steps applied "
            "| without it: before → after | imports left | outcome |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_summary_row(r) for r in results]
    lines += ["", "## Where a person takes over", ""]
    lines += [
        f"- **{r['project']}** ({r['old']}, {r['stage']}): {_reason(r['message'])}"
        for r in results
        if r["outcome"] == "refused"
    ]
    lines += ["", "## Each campaign", ""]
    by_id = {c.id: c for c in campaigns}
    for r in results:
        lines += _campaign_section(r, by_id.get(r["campaign"]))
    return "\n".join(lines)


def _reason(message: str) -> str:
    """The refusal's reason in one line: the first failing test, or refcoord's error."""
    failure = re.search(r"^failure: (.+)$", message, re.MULTILINE)
    if failure:
        error = re.search(r"^E\s+(.+)$", message, re.MULTILINE)
        why = f": {error.group(1).strip()}" if error else ""
        return f"the new backend's whole-suite run at the flip fails {failure.group(1)}{why}"
    for line in message.splitlines():
        text = line.removeprefix("refcoord: error: ").strip().removeprefix("- ")
        if line.startswith(("refcoord: error:", "  - [[refactor]]")) and not text.startswith(
            "invalid configuration"
        ):
            return text
    return message.strip().splitlines()[-1] if message.strip() else "-"


def _summary_row(r: dict[str, Any]) -> str:
    steps = len([s for s in r["steps"] if s["outcome"] == "applied"])
    where = f" at {r['stage']}" if r["stage"] else ""
    without = f"{r['without_old_before'] or '-'} → {r['without_old_after'] or '-'}"
    return (
        f"| {r['project']} | {r['old']} → {r['recipe']} | {r['facade_names']} | {steps} | "
        f"{without} | {len(r['imports_left']) if r['outcome'] == 'green' else '-'} | "
        f"{r['outcome']}{where} |"
    )


def _campaign_section(r: dict[str, Any], campaign: Campaign | None) -> list[str]:
    lines = [f"### {r['project']}: {r['old']} ({r['recipe']})", ""]
    if campaign is not None and campaign.project.traits:
        lines += [f"Traits: {'; '.join(campaign.project.traits)}.", ""]
    lines += ["| step | phase | title | tests | seconds |", "| --- | --- | --- | --- | --- |"]
    for step in r["steps"]:
        title = step["title"] or (step["message"].splitlines() or [""])[0][:100]
        phase = step["phase"] or step["outcome"]
        lines.append(
            f"| {step['number']} | {phase} | {title} | {_runs(step)} | {step['seconds']:.0f} |"
        )
    if r["stubs"]:
        lines += ["", "Stubs left in the facade:", *(f"- `{stub}`" for stub in r["stubs"])]
    if r["message"]:
        lines += ["", "```", r["message"].strip()[:1500], "```"]
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("setup", "run", "report"):
        command = sub.add_parser(name)
        command.add_argument("--project", action="append", help="only these (repeatable)")
        if name == "run":
            command.add_argument("--jobs", type=int, default=1)
            command.add_argument("--keep", help="keep each campaign's copy under this folder")
    args = parser.parse_args(argv)
    return {"setup": cmd_setup, "run": cmd_run, "report": cmd_report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
