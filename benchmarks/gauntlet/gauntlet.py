"""The gauntlet: extract-module campaigns generated from real projects, run as a user would.

Run by hand or on a schedule (not in ``.ci/run``), with refcoord's own interpreter::

    .venv/bin/python benchmarks/gauntlet/gauntlet.py setup      # sdists, venvs, suites proved
    .venv/bin/python benchmarks/gauntlet/gauntlet.py scenarios  # the generated scenarios (seeded)
    .venv/bin/python benchmarks/gauntlet/gauntlet.py run        # carry them out: results JSON
    .venv/bin/python benchmarks/gauntlet/gauntlet.py report     # docs/gauntlet.md from the results
    .venv/bin/python benchmarks/gauntlet/gauntlet.py repro      # findings.toml's reproductions

Each scenario runs in a fresh copy of its project (a new git repository), with a
``refcoord.toml`` whose ``test_command`` runs the project's own suite with the project's cached
venv and the copy first on ``PYTHONPATH``: ``refcoord plan``, then ``refcoord apply next`` until
every step is applied, with checks of our own after each step (see ``run_scenario``).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

import tomllib  # the standard library's; refcoord itself still supports 3.10

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PROJECTS_FILE = HERE / "projects.toml"
RESULTS_FILE = HERE / "results" / "latest.json"
SETUP_FILE = HERE / "results" / "setup.json"
REPORT_FILE = REPO / "docs" / "gauntlet.md"
CACHE = Path(os.environ.get("REFCOORD_GAUNTLET_CACHE", Path.home() / ".cache/refcoord-gauntlet"))
REFCOORD = Path(sys.executable).parent / "refcoord"
PYTEST_PIN = "pytest==9.2.0"
SEED = 20261204
STEP_TIMEOUT = 300.0  #: seconds for one refcoord command or one check
SCENARIO_TIMEOUT = 1200.0  #: seconds for a whole scenario
GIT_ENV = {
    "GIT_AUTHOR_NAME": "gauntlet",
    "GIT_AUTHOR_EMAIL": "gauntlet@example.invalid",
    "GIT_COMMITTER_NAME": "gauntlet",
    "GIT_COMMITTER_EMAIL": "gauntlet@example.invalid",
}
#: Ignored in every scenario copy, so that a test run leaves the tree clean for the next step.
GITIGNORE = "\n# gauntlet\n__pycache__/\n*.pyc\n.pytest_cache/\n.hypothesis/\n*.egg-info/\n"


# --------------------------------------------------------------------------- projects


@dataclass(frozen=True)
class Project:
    """One pinned project (a ``[[project]]`` table of projects.toml)."""

    name: str
    version: str
    package: str
    source_root: str
    test_paths: tuple[str, ...]
    test_args: tuple[str, ...]
    runner: str  #: "pytest" or "unittest"
    deps: tuple[str, ...]
    traits: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"

    @property
    def source_dir(self) -> Path:
        """The unpacked sdist (never edited: each scenario works on a copy)."""
        return CACHE / "src" / self.key

    @property
    def venv(self) -> Path:
        return CACHE / "venvs" / self.key

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def test_command(self, copy: Path) -> list[str]:
        """The project's suite on ``copy``, with the copy's code first on the import path."""
        runner = (
            ["unittest"]
            if self.runner == "unittest"
            else ["pytest", "-q", "-x", "-p", "no:cacheprovider"]
        )
        return [*self.interpreter(copy), "-m", *runner, *self.test_args, *self.test_paths]

    def interpreter(self, copy: Path) -> list[str]:
        """The project's venv interpreter with ``copy`` first on its import path."""
        return [
            "env",
            f"PYTHONPATH={(copy / self.source_root).resolve()}",
            "PYTHONDONTWRITEBYTECODE=1",
            str(self.python),
        ]

    def import_check(self, copy: Path) -> list[str]:
        """``python -W error::DeprecationWarning -c "import <package>"`` on ``copy``."""
        return [
            *self.interpreter(copy),
            "-W",
            "error::DeprecationWarning",
            "-c",
            f"import {self.package}",
        ]


def load_projects(path: Path = PROJECTS_FILE) -> list[Project]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Project(
            name=t["name"],
            version=t["version"],
            package=t["package"],
            source_root=t.get("source_root", "."),
            test_paths=tuple(t.get("test_paths", ["tests"])),
            test_args=tuple(t.get("test_args", [])),
            runner=t.get("runner", "pytest"),
            deps=tuple(t.get("deps", [])),
            traits=tuple(t.get("traits", [])),
        )
        for t in data["project"]
    ]


def select(projects: list[Project], names: Sequence[str] | None) -> list[Project]:
    if not names:
        return projects
    unknown = set(names) - {p.name for p in projects}
    if unknown:
        raise SystemExit(f"unknown project(s): {', '.join(sorted(unknown))}")
    return [p for p in projects if p.name in names]


# --------------------------------------------------------------------------- processes


@dataclass
class Ran:
    """What one command did."""

    argv: list[str]
    code: int
    out: str
    err: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.code == 0

    def tail(self, lines: int = 25) -> str:
        text = (self.out.rstrip() + "\n" + self.err.rstrip()).strip()
        return "\n".join(text.splitlines()[-lines:])


def run(argv: Sequence[str], cwd: Path, timeout: float = STEP_TIMEOUT) -> Ran:
    """Run ``argv`` in ``cwd``; a time-out is exit code -9 with a note."""
    path = f"{os.environ.get('PATH', os.defpath)}{os.pathsep}{TOOLS / 'bin'}"
    env = {**os.environ, **GIT_ENV, "PYTHONDONTWRITEBYTECODE": "1", "PATH": path}
    env.pop("PYTHONPATH", None)
    start = time.monotonic()
    try:
        done = subprocess.run(
            list(argv),
            check=False,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        out = error.stdout.decode(errors="replace") if isinstance(error.stdout, bytes) else ""
        return Ran(list(argv), -9, out, f"timed out after {timeout:.0f} s", timeout)
    return Ran(list(argv), done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def git(cwd: Path, *args: str) -> Ran:
    return run(["git", *args], cwd)


# --------------------------------------------------------------------------- setup


def sdist_path(project: Project) -> Path:
    folder = CACHE / "sdists"
    stem = re.sub(r"[-_.]+", "[-_.]", project.name)
    pattern = re.compile(rf"(?i)^{stem}-{re.escape(project.version)}\.(tar\.gz|zip)$")
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if pattern.match(path.name):
            return path
    folder.mkdir(parents=True, exist_ok=True)
    spec = f"{project.name}=={project.version}"
    ran = run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", spec,
         "-d", str(folder)],
        folder,
        timeout=600,
    )  # fmt: skip
    if not ran.ok:
        raise RuntimeError(f"pip download {spec} failed:\n{ran.tail()}")
    return sdist_path(project)


def unpack(project: Project) -> None:
    if project.source_dir.is_dir():
        return
    sdist = sdist_path(project)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch, tarfile.open(sdist) as tar:
        tar.extractall(scratch, filter="data")
        (top,) = Path(scratch).iterdir()
        project.source_dir.parent.mkdir(parents=True, exist_ok=True)
        top.rename(project.source_dir)


def build_venv(project: Project) -> None:
    stamp = project.venv / "gauntlet-stamp.json"
    wanted = json.dumps([PYTEST_PIN, *project.deps])
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    shutil.rmtree(project.venv, ignore_errors=True)
    steps: list[list[str]] = [
        [sys.executable, "-m", "venv", str(project.venv)],
        # The project itself is installed (for its metadata: importlib.metadata.version) and
        # shadowed by PYTHONPATH in every run; its dependencies come with it.
        [str(project.python), "-m", "pip", "install", "-q", PYTEST_PIN, *project.deps,
         str(sdist_path(project))],
    ]  # fmt: skip
    for argv in steps:
        ran = run(argv, CACHE, timeout=900)
        if not ran.ok:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{ran.tail()}")
    stamp.write_text(wanted)


def copy_project(project: Project, dest: Path) -> Path:
    """A fresh copy of the project's sdist at ``dest``."""
    shutil.copytree(project.source_dir, dest, ignore=shutil.ignore_patterns("__pycache__", ".git"))
    return dest


def prove(project: Project) -> str:
    """The suite is green on a copy, and red once the copy's package is broken."""
    with tempfile.TemporaryDirectory(prefix=f"gauntlet-prove-{project.name}-") as tmp:
        copy = copy_project(project, Path(tmp) / "p")
        green = run(project.test_command(copy), copy)
        if not green.ok:
            return f"suite not green ({green.seconds:.1f} s):\n{green.tail()}"
        imported = run(project.import_check(copy), copy)
        if not imported.ok:
            return f"import check fails:\n{imported.tail()}"
        init = copy / project.source_root / project.package.replace(".", "/") / "__init__.py"
        init.write_text('raise ImportError("gauntlet: broken copy")\n' + init.read_text())
        broken = run(project.test_command(copy), copy)
        if broken.ok:
            return "suite still green with the copy broken: it does not test the copy"
        return f"green in {green.seconds:.1f} s; red when the copy is broken"


TOOLS = CACHE / "tools"


def build_tools() -> None:
    """The pinned linters and type checker the gauntlet runs on every project."""
    stamp = TOOLS / "gauntlet-stamp.json"
    if stamp.is_file() and stamp.read_text() == json.dumps(TOOL_PINS):
        return
    shutil.rmtree(TOOLS, ignore_errors=True)
    for argv in (
        [sys.executable, "-m", "venv", str(TOOLS)],
        [str(TOOLS / "bin" / "python"), "-m", "pip", "install", "-q", *TOOL_PINS],
    ):
        ran = run(argv, CACHE, timeout=900)
        if not ran.ok:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{ran.tail()}")
    stamp.write_text(json.dumps(TOOL_PINS))


def cmd_setup(args: argparse.Namespace) -> int:
    failed = 0
    CACHE.mkdir(parents=True, exist_ok=True)
    build_tools()
    proved: dict[str, Any] = json.loads(SETUP_FILE.read_text()) if SETUP_FILE.is_file() else {}
    for project in select(load_projects(), args.project):
        try:
            unpack(project)
            build_venv(project)
            verdict = prove(project)
        except RuntimeError as error:
            verdict = f"setup failed: {error}"
        ok = verdict.startswith("green")
        failed += not ok
        seconds = re.match(r"green in ([\d.]+) s", verdict)
        proved[project.name] = {
            "version": project.version,
            "green": ok,
            "seconds": float(seconds.group(1)) if seconds else None,
        }
        print(f"{'ok ' if ok else 'BAD'} {project.key}: {verdict}", flush=True)
    SETUP_FILE.parent.mkdir(parents=True, exist_ok=True)
    SETUP_FILE.write_text(json.dumps(proved, indent=1, sort_keys=True) + "\n")
    return 1 if failed else 0


# --------------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class Scenario:
    """One extract-module refactoring to carry out."""

    id: str
    project: str
    kind: str  #: "cluster" or "single"
    source: str
    target: str
    symbols: tuple[str, ...]


@dataclass
class ModuleInfo:
    name: str
    lines: int
    #: top-level symbols a user could move: bound once, directly at the top, not dunder
    symbols: list[str]
    #: symbol -> the other movable symbols its definition refers to
    uses: dict[str, set[str]]


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_test_module(name: str) -> bool:
    return any(
        part in ("test", "tests", "testing", "conftest", "__main__") or part.startswith("test_")
        for part in name.split(".")
    )


def bound_names(node: ast.AST) -> Iterator[str]:
    """Every name a module's top level binds (inside top-level blocks too), with repeats."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield node.name
        return
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield from ((a.asname or a.name).split(".")[0] for a in node.names)
        return
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        yield node.id
    if isinstance(node, ast.ExceptHandler) and node.name:
        yield node.name
    for child in ast.iter_child_nodes(node):
        yield from bound_names(child)


#: Assignments no user moves on their own: typing helpers, loggers, the TYPE_CHECKING flag.
NOT_SYMBOLS = {"TypeVar", "ParamSpec", "TypeVarTuple", "NewType", "getLogger"}


def movable(stmt: ast.stmt) -> str | None:
    """The name a top-level statement defines on its own, if it is a movable symbol: a function,
    a class, or a constant (one name assigned once; not a type variable, a logger or
    ``TYPE_CHECKING``)."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return None if stmt.name.startswith("__") else stmt.name
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    if not isinstance(target, ast.Name) or target.id.startswith("__"):
        return None
    if target.id == "TYPE_CHECKING" or (
        isinstance(value, ast.Call) and called(value) in NOT_SYMBOLS
    ):
        return None
    return target.id


def called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def analyse(path: Path, name: str) -> ModuleInfo:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    counts: dict[str, int] = {}
    for bound in bound_names(tree):
        counts[bound] = counts.get(bound, 0) + 1
    defs = {n: s for s in tree.body if (n := movable(s)) is not None and counts.get(n) == 1}
    uses = {
        sym: {
            node.id
            for node in ast.walk(stmt)
            if isinstance(node, ast.Name) and node.id in defs and node.id != sym
        }
        for sym, stmt in defs.items()
    }
    return ModuleInfo(name, len(text.splitlines()), list(defs), uses)


def largest_modules(project: Project, count: int) -> list[ModuleInfo]:
    root = project.source_dir / project.source_root
    package = root / project.package.replace(".", "/")
    infos = [
        analyse(path, name)
        for path in sorted(package.rglob("*.py"))
        if not is_test_module(name := module_name(root, path))
    ]
    infos = [i for i in infos if len(i.symbols) >= 2]
    return sorted(infos, key=lambda i: (-i.lines, i.name))[:count]


def grow_cluster(info: ModuleInfo, rng: random.Random) -> tuple[str, ...] | None:
    """2-6 symbols connected in the module's reference graph, from a public seed."""
    neighbours: dict[str, set[str]] = {s: set() for s in info.symbols}
    for sym, used in info.uses.items():
        for other in used:
            neighbours[sym].add(other)
            neighbours[other].add(sym)
    seeds = [s for s in info.symbols if not s.startswith("_") and neighbours[s]]
    if not seeds:
        return None
    size = rng.randint(2, 6)
    cluster = [rng.choice(seeds)]
    frontier = sorted(neighbours[cluster[0]])
    while frontier and len(cluster) < size:
        rng.shuffle(frontier)
        pick = frontier.pop()
        if pick not in cluster:
            cluster.append(pick)
            frontier = sorted(set(frontier) | (neighbours[pick] - set(cluster)))
    if len(cluster) < 2:
        return None
    order = {s: i for i, s in enumerate(info.symbols)}
    return tuple(sorted(cluster, key=order.__getitem__))


def target_for(source: str, project: Project, number: int) -> str:
    """``pkg.mod`` -> ``pkg.mod_split<n>``; a package ``pkg`` -> ``pkg.pkg_split<n>``."""
    is_package = (
        project.source_dir / project.source_root / source.replace(".", "/") / "__init__.py"
    ).is_file()
    parent, _, base = source.rpartition(".")
    if is_package:
        parent, base = source, base or source
    return f"{parent}.{base}_split{number}" if parent else f"{base}_split{number}"


def project_scenarios(project: Project, seed: int, clusters: int, singles: int) -> list[Scenario]:
    """``clusters`` clusters (one per largest module) and ``singles`` single-symbol moves."""
    rng = random.Random(f"{seed}:{project.key}")
    modules = largest_modules(project, max(clusters, singles))
    out: list[Scenario] = []
    used: set[tuple[str, str]] = set()

    def add(kind: str, info: ModuleInfo, symbols: tuple[str, ...]) -> None:
        number = len(out) + 1
        out.append(
            Scenario(
                id=f"{project.name}-{number:02d}",
                project=project.name,
                kind=kind,
                source=info.name,
                target=target_for(info.name, project, number),
                symbols=symbols,
            )
        )
        used.update((info.name, s) for s in symbols)

    for info in modules[:clusters]:
        cluster = grow_cluster(info, rng)
        if cluster:
            add("cluster", info, cluster)
    for info in modules[:singles]:
        public = [s for s in info.symbols if not s.startswith("_") and (info.name, s) not in used]
        if public:
            add("single", info, (rng.choice(public),))
    return out


def all_scenarios(
    projects: list[Project], seed: int = SEED, clusters: int = 2, singles: int = 3
) -> list[Scenario]:
    return [s for p in projects for s in project_scenarios(p, seed, clusters, singles)]


def cmd_scenarios(args: argparse.Namespace) -> int:
    projects = select(load_projects(), args.project)
    for project in projects:
        unpack(project)
    scenarios = all_scenarios(projects, args.seed)
    for s in scenarios:
        print(f"{s.id:24} {s.kind:7} {s.source} -> {s.target}: {', '.join(s.symbols)}")
    print(f"{len(scenarios)} scenarios over {len(projects)} projects (seed {args.seed})")
    return 0


# --------------------------------------------------------------------------- project checks
# The project's own configured linters and type checker, run by the gauntlet on a scenario's
# copy before its first step and after each: a step's pull request must add no finding.
#
# Which tools a project configures is read from its files, as the tools themselves find their
# configuration: ruff (``[tool.ruff]`` in pyproject.toml, ruff.toml, .ruff.toml), flake8
# (``[flake8]`` in setup.cfg, tox.ini, .flake8) and mypy (``[tool.mypy]`` in pyproject.toml,
# mypy.ini, .mypy.ini, ``[mypy]`` in setup.cfg). They run from one pinned tools venv (the project
# pins its own versions in ways the gauntlet does not reproduce), with the project's
# configuration; mypy sees the project's venv for third-party packages. Nothing they write lands
# in the copy (no caches), so refcoord finds the tree clean.
#
# A finding is counted by its rule and message, not its place: a finding that moved with the code
# is the same finding. New findings after a step are those over the baseline's count.

# The same venv stands for the formatters a developer of the project has installed: its bin is
# last on PATH for every command, so refcoord's apply finds the ruff, black and isort the project
# configures there when the project's venv lacks them, as it would find a pipx or uv tool.
TOOL_PINS = (
    "ruff==0.17.6", "mypy==2.4.1", "flake8==7.3.0", "black==26.10.1", "isort==9.0.2",
)  # fmt: skip

_FINDING = re.compile(
    r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?:\d+:)?\s*(?:(?:error|note):\s*)?(?P<text>.+)$"
)


@dataclass(frozen=True)
class Check:
    """One configured tool, as the gauntlet runs it."""

    name: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Findings:
    """What one tool reported: counted findings, or why it could not run."""

    counts: Counter[str]
    lines: dict[str, list[str]]  #: a finding's key -> the lines that reported it
    error: str = ""


def configured(copy: Path, package: Path, python: Path, tools: Path) -> list[Check]:
    """The checks ``copy`` configures; ``package``: the package directory (mypy's target)."""

    def text(name: str) -> str:
        path = copy / name
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    checks: list[Check] = []
    if "[tool.ruff" in text("pyproject.toml") or text("ruff.toml") or text(".ruff.toml"):
        ruff = (
            str(tools / "ruff"),
            "check",
            "--no-cache",
            "--no-fix",
            "--output-format",
            "concise",
            ".",
        )
        checks.append(Check("ruff", ruff))
    if any("[flake8]" in text(n) for n in ("setup.cfg", "tox.ini", ".flake8")):
        checks.append(Check("flake8", (str(tools / "flake8"), ".")))
    if (
        "[tool.mypy]" in text("pyproject.toml")
        or text("mypy.ini")
        or text(".mypy.ini")
        or "[mypy]" in text("setup.cfg")
    ):
        mypy = (
            str(tools / "mypy"), "--python-executable", str(python), "--no-error-summary",
            "--hide-error-context", "--no-pretty", "--show-error-codes",
            str(package.relative_to(copy)),
        )  # fmt: skip
        checks.append(Check("mypy", mypy))
    return checks


def run_check(check: Check, copy: Path, cache: Path) -> Findings:
    """Run one check on ``copy``; mypy's cache goes to ``cache`` (outside the copy)."""
    argv = list(check.argv)
    if check.name == "mypy":
        argv[1:1] = ["--cache-dir", str(cache)]
    ran = run(argv, copy, timeout=600)
    findings = [m for ln in ran.out.splitlines() if (m := _FINDING.match(ln.strip()))]
    if ran.code not in (0, 1) or (ran.code == 1 and not findings):
        return Findings(Counter(), {}, (ran.err or ran.out).strip()[-400:])
    counts: Counter[str] = Counter()
    lines: dict[str, list[str]] = {}
    for match in findings:
        key = match["text"].strip()
        counts[key] += 1
        lines.setdefault(key, []).append(match[0].strip())
    return Findings(counts, lines)


def new_findings(before: Findings, after: Findings) -> list[tuple[str, str]]:
    """(key, line) for each finding ``after`` reports more often than ``before`` did (the lines
    ``before`` did not report first: a finding that moved with the code keeps its message but
    not its place, so the new place is the one to show)."""
    found: list[tuple[str, str]] = []
    for key, count in after.counts.items():
        extra = count - before.counts.get(key, 0)
        if extra > 0:
            old = set(before.lines.get(key, []))
            lines = sorted(after.lines[key], key=lambda line: line in old)
            found += [(key, line) for line in lines[:extra]]
    return found


# --------------------------------------------------------------------------- running


@dataclass
class Step:
    number: int
    phase: str
    outcome: str  #: applied, failed, refused, timeout
    seconds: float
    message: str = ""


@dataclass
class Result:
    scenario: Scenario
    outcome: str = "failed"  #: passed, refused, failed
    stage: str = ""  #: where it stopped: plan, apply:<phase>, check:<name>
    message: str = ""  #: the first failure's message (trimmed) or the refusal's reason
    plan_seconds: float = 0.0
    steps: list[Step] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    seconds: float = 0.0
    kept: str = ""  #: where the scenario's copy stayed (--keep), when it did not pass
    #: the symbols plan proposed when it refused the move as asked, which the run then took
    advice: list[str] = field(default_factory=list)
    refusal: str = ""  #: plan's first refusal, when its advice was taken
    #: the project's own checks after each applied step: {step, phase, tool, new, examples}
    lint: list[dict[str, Any]] = field(default_factory=list)
    lint_errors: list[str] = field(default_factory=list)  #: checks that could not run


@dataclass
class Linting:
    """The project's configured checks for one scenario, and what they reported before the
    first step."""

    checks: list[Check]
    baseline: dict[str, Findings]  #: before the first step, then after the last one checked
    cache: Path
    #: before the first step: a new finding with a message the project had then is a repeat
    #: (the moved code copied an import the project's linter already flagged, say)
    original: dict[str, Findings] = field(default_factory=dict)

    @classmethod
    def start(cls, project: Project, copy: Path, result: Result) -> Linting:
        package = copy / project.source_root / project.package.replace(".", "/")
        checks = configured(copy, package, project.python, TOOLS / "bin")
        cache = copy.parent / "mypy-cache"  # outside the copy: the tree stays clean
        baseline: dict[str, Findings] = {}
        for check in checks:
            found = run_check(check, copy, cache)
            if found.error:
                result.lint_errors.append(f"{check.name}: {found.error}")
            else:
                baseline[check.name] = found
        return cls([c for c in checks if c.name in baseline], baseline, cache, dict(baseline))

    def after(
        self,
        copy: Path,
        result: Result,
        renamed: tuple[str, str] = ("", ""),
        moved_from: str = "",
    ) -> None:
        """Run the checks after the step just applied; record what it added (since the step
        before it: each finding counts once, in the step that brought it). ``renamed``: the old
        and new name a rename brings, so that a finding the project had under the old name
        (``Version.__slots__ is not sorted``) counts as a repeat under the new one.
        ``moved_from``: the file (relative to ``copy``) whose code the refactoring moves; a new
        finding of a rule the checks reported in that file before the first step is *carried*
        (the moved code brought the project's own debt along: its ``from typing import Dict``
        that the pinned ruff flags as UP035 in the source too, now in two modules)."""
        old, new_name = renamed
        step = result.steps[-1]
        for check in self.checks:
            found = run_check(check, copy, self.cache)
            new = (
                [("", f"could not run: {found.error}")]
                if found.error
                else new_findings(self.baseline[check.name], found)
            )
            if not found.error:
                self.baseline[check.name] = found
            had = self.original[check.name].counts
            debt = self.rules_in(check.name, moved_from)
            result.lint.append(
                {"step": step.number, "phase": step.phase, "tool": check.name,
                 "new": len(new),
                 "repeats": sum(
                     1 for key, _ in new
                     if had.get(key) or (old and had.get(key.replace(new_name, old)))
                 ),
                 "carried": sum(1 for _, line in new if finding_rule(check.name, line) in debt),
                 "examples": [line for _, line in new][:50]}
            )  # fmt: skip

    def rules_in(self, check: str, path: str) -> set[str]:
        """The rules ``check`` reported in ``path`` before the first step."""
        if not path:
            return set()
        return {
            finding_rule(check, line)
            for lines in self.original[check].lines.values()
            for line in lines
            if (m := _FINDING.match(line)) and Path(m["path"]).as_posix() == path
        }


def config_text(project: Project, scenario: Scenario, copy: Path) -> str:
    words = ", ".join(json.dumps(w) for w in project.test_command(copy))
    symbols = ", ".join(json.dumps(s) for s in scenario.symbols)
    return (
        "# written by benchmarks/gauntlet/gauntlet.py\n"
        "[campaign]\n"
        'name = "gauntlet"\n'
        'tests = "all"\n'
        'warn = "after-migrate"\n'
        f"test_command = [{words}]\n\n"
        "[[refactor]]\n"
        'id = "move"\n'
        'kind = "extract-module"\n'
        f'source = "{scenario.source}"\n'
        f'target = "{scenario.target}"\n'
        f"symbols = [{symbols}]\n"
    )


def prepare(project: Project, scenario: Scenario, copy: Path) -> None:
    """The project copy as a git repository with the scenario's configuration committed."""
    copy_project(project, copy)
    ignore = copy / ".gitignore"
    ignore.write_text((ignore.read_text() if ignore.is_file() else "") + GITIGNORE)
    (copy / "refcoord.toml").write_text(config_text(project, scenario, copy))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        ran = git(copy, *args)
        if not ran.ok:
            raise RuntimeError(f"git {' '.join(args)}: {ran.tail()}")


def phases(copy: Path) -> dict[int, str]:
    plan = json.loads((copy / ".refcoord" / "gauntlet" / "plan.json").read_text())
    return {int(s["number"]): str(s["phase"]) for s in plan["steps"]}


def warning_check(project: Project, scenario: Scenario, copy: Path) -> str | None:
    """Reading each moved name from the old location warns (DeprecationWarning, new place),
    except the names the source keeps for pickles (a documented choice: they never warn)."""
    kept = kept_names(project, scenario, copy)
    names = [n for n in scenario.symbols if n not in kept]
    code = (
        "import importlib, warnings\n"
        f"mod = importlib.import_module({scenario.source!r})\n"
        f"for name in {names!r}:\n"
        "    with warnings.catch_warnings(record=True) as seen:\n"
        "        warnings.simplefilter('always')\n"
        "        getattr(mod, name)\n"
        "    hits = [w for w in seen if issubclass(w.category, DeprecationWarning)\n"
        f"            and {scenario.target!r} in str(w.message)]\n"
        "    if not hits:\n"
        "        raise SystemExit(f'no DeprecationWarning naming the new place for {name}: '\n"
        "                         f'{[str(w.message) for w in seen]}')\n"
    )
    argv = [*project.interpreter(copy), "-c", code]
    ran = run(argv, copy)
    return None if ran.ok else ran.tail(5)


def kept_names(project: Project, scenario: Scenario, copy: Path) -> frozenset[str]:
    """The moved names the source keeps for pickles (they never warn and stay, by design)."""
    from refcoord_codemods.extract_module.pickles import kept_for_pickles

    path = source_file(project, scenario, copy)
    return kept_for_pickles((copy / path).read_text()) if path else frozenset()


def source_file(project: Project, scenario: Scenario, copy: Path) -> str:
    """The scenario's source module's file, relative to ``copy`` (empty: not found)."""
    source = Path(project.source_root) / scenario.source.replace(".", "/")
    for path in (source.with_suffix(".py"), source / "__init__.py"):
        if (copy / path).is_file():
            return path.as_posix()
    return ""


def old_references(
    project: Project, scenario: Scenario, copy: Path
) -> tuple[list[str], list[str]]:
    """After contract: what still reaches a moved name through the old location (``refcoord
    refs`` of each old name; imports from the source and strings that are exactly its dotted
    path, found by us) and, apart, mere mentions (docstrings, comments, longer strings). Names
    kept for pickles are left out."""
    left: list[str] = []
    kept = kept_names(project, scenario, copy)
    for name in (n for n in scenario.symbols if n not in kept):
        old = f"{scenario.source}.{name}"
        ran = run([str(REFCOORD), "refs", old, "--repo", str(copy), "--format", "json"], copy)
        if ran.ok:
            data = json.loads(ran.out)
            left += [
                f"refs {old}: {r['path']}:{r['line']} {r['kind']}"
                for r in data.get("references", [])
                if r.get("target") == old
            ]
    mentions: list[str] = []
    for path in sorted(copy.rglob("*.py")):
        if ".refcoord" not in path.parts and ".git" not in path.parts:
            found, mentioned = spelled_old(scenario, copy, path)
            left += found
            mentions += mentioned
    return left, mentions


def spelled_old(scenario: Scenario, copy: Path, path: Path) -> tuple[list[str], list[str]]:
    """In one file: imports of a moved name from the source and strings naming exactly its old
    dotted path (``mock.patch("pkg.mod.name")``); then other mentions of that path."""
    names = "|".join(map(re.escape, sorted(scenario.symbols)))
    exact = re.compile(rf"{re.escape(scenario.source)}\.({names})(\.[\w.]*)?")
    dotted = re.compile(rf"\b{re.escape(scenario.source)}\.({names})\b")
    text = path.read_text(encoding="utf-8", errors="replace")
    rel = path.relative_to(copy)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return [], []
    here = module_name(copy, path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            full = ".".join([*base, node.module or ""]).strip(".")
            hit = any(a.name in scenario.symbols for a in node.names)
            if hit and (full == scenario.source or full.endswith("." + scenario.source)):
                found.append(f"{rel}:{node.lineno}: from {'.' * node.level}{node.module} import")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and exact.fullmatch(node.value)
        ):
            found.append(f"{rel}:{node.lineno}: string {node.value!r}")
    mentions = [f"{rel}: {m.group(0)}" for m in dotted.finditer(text)]
    return found, mentions


KEY_LINE = re.compile(
    r"^(E  |FAILED |ERROR |UNEXPECTED EXCEPTION|\w+(Error|Warning|Exception)\b|_{3,} .* _{3,}$)"
)


def first_line(text: str, limit: int = 1200) -> str:
    """The part of a failure worth reading: refcoord's error line (its command shortened) and
    the failing test's key lines (its name, ``E`` lines, the exception), else the tail."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    head = next((i for i, ln in enumerate(lines) if ln.startswith("refcoord: error")), None)
    if head is None:
        return "\n".join(lines[-12:])[-limit:]
    error = re.sub(r"\(env PYTHONPATH=\S+ \S+ \S+ ", "(python ", lines[head])
    key = [ln for ln in lines[head + 1 :] if KEY_LINE.match(ln.strip())]
    rest = key[:10] if key else lines[head + 1 : head + 12]
    return "\n".join([error, *rest])[:limit]


def run_scenario(project: Project, scenario: Scenario, keep: Path | None) -> Result:
    """Plan, then every step with ``refcoord apply next`` and our own checks after each."""
    result = Result(scenario)

    def work(copy: Path, start: float) -> None:
        prepare(project, scenario, copy)
        carry_out(project, scenario, copy, result, start)

    in_scratch(project, scenario.id, keep, result, work)
    return result


class _Named(Protocol):
    @property
    def id(self) -> str: ...


_Scenario = TypeVar("_Scenario", bound=_Named)
_Result = TypeVar("_Result", bound=Result)


def run_all(
    scenarios: Sequence[_Scenario], run_one: Callable[[_Scenario], _Result], jobs: int
) -> list[_Result]:
    """``run_one`` on each scenario, ``jobs`` at a time, a line printed as each ends."""

    def one(s: _Scenario) -> _Result:
        r = run_one(s)
        line = f"{r.outcome:8} {s.id:22} {r.seconds:6.1f}s {r.stage} {r.message[:120]!r}"
        print(line.replace("\\n", " | "), flush=True)
        return r

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, scenarios))


def in_scratch(
    project: Project,
    scenario_id: str,
    keep: Path | None,
    result: Result,
    work: Callable[[Path, float], None],
) -> None:
    """``work(copy, start)`` on a scratch copy of the project: a harness error is a failed
    result, not a crash. With --keep, a scenario that did not pass, or whose steps brought the
    project's own checks new findings, stays where it ran (its test_command names that path), so
    that it can be looked into and its next step applied by hand."""
    start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f"gauntlet-{scenario_id}-", dir=keep))
    try:
        work(tmp / project.name, start)
    except Exception as error:  # noqa: BLE001 (a harness failure is a result, not a crash)
        result.outcome, result.stage = "failed", "harness"
        result.message = f"{type(error).__name__}: {error}"[:600]
    finally:
        result.seconds = round(time.monotonic() - start, 1)
        if keep is not None and (result.outcome != "passed" or any(f["new"] for f in result.lint)):
            result.kept = str(tmp / project.name)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def fail(result: Result, stage: str, message: str, outcome: str = "failed") -> None:
    result.outcome, result.stage, result.message = outcome, stage, first_line(message)


ADVICE = re.compile(r"makes the move possible: symbols = (\[[^\]]*\])")


def planned(project: Project, scenario: Scenario, copy: Path, result: Result) -> Scenario | None:
    """Run ``refcoord plan``; when it refuses the move and proposes the symbols that make it
    possible, take them once, as a user would (rewrite ``symbols``, commit, plan again). The
    scenario as carried out, or None when plan did not go through."""
    plan = run([str(REFCOORD), "plan", "--repo", str(copy), "--jobs", "1"], copy)
    result.plan_seconds += round(plan.seconds, 1)
    advice = ADVICE.search(plan.err) if plan.code == 2 and not result.advice else None
    if advice is not None:
        result.advice, result.refusal = json.loads(advice[1]), first_line(plan.err)
        scenario = replace(scenario, symbols=tuple(result.advice))
        (copy / "refcoord.toml").write_text(config_text(project, scenario, copy))
        git(copy, "commit", "-q", "-am", "take the symbols refcoord plan proposed")
        return planned(project, scenario, copy, result)
    if not plan.ok:
        fail(result, "plan", plan.err or plan.out, "refused" if plan.code == 2 else "failed")
        return None
    return scenario


def carry_out(project: Project, asked: Scenario, copy: Path, result: Result, start: float) -> None:
    rc = [str(REFCOORD)]
    scenario = planned(project, asked, copy, result)
    if scenario is None:
        return
    if not git(copy, "add", ".refcoord").ok:  # ignored by the project's .gitignore (".*")
        result.checks.append("note: the project's .gitignore ignores .refcoord: git add -f")
        git(copy, "add", "-f", ".refcoord")
    git(copy, "commit", "-q", "-m", "refcoord plan")
    phase_of = phases(copy)
    linting = Linting.start(project, copy, result)
    while True:
        if time.monotonic() - start > SCENARIO_TIMEOUT:
            fail(result, "timeout", f"scenario over {SCENARIO_TIMEOUT:.0f} s")
            return
        ran = run([*rc, "apply", "next", "--repo", str(copy)], copy)
        if not ran.ok and "is applied or done" in ran.err:
            break
        if not after_step(project, scenario, copy, result, ran, phase_of):
            return
        land(copy, ran.out)
        linting.after(copy, result, moved_from=source_file(project, scenario, copy))
    final_checks(project, copy, result)


def after_step(
    project: Project,
    scenario: Scenario,
    copy: Path,
    result: Result,
    ran: Ran,
    phase_of: dict[int, str],
) -> bool:
    """Record one ``apply next``; run the checks due after it. False: the scenario stops."""
    applied = re.search(r"^applied step (\d+):.*$", ran.out, re.MULTILINE)
    number = int(applied.group(1)) if applied else next_planned(result, phase_of)
    phase = phase_of.get(number, "?")
    outcome = "applied" if ran.ok else {4: "refused", -9: "timeout"}.get(ran.code, "failed")
    message = applied.group(0) if applied else first_line(ran.err or ran.out, 300)
    result.steps.append(Step(number, phase, outcome, round(ran.seconds, 1), message))
    if not ran.ok:
        fail(result, f"apply:{phase}", ran.err or ran.out)
        return False
    if "tests    passed" not in ran.out:
        fail(result, f"check:tests-ran:{phase}", f"apply printed no passing test run:\n{ran.out}")
        return False
    imported = run(project.import_check(copy), copy)
    result.checks.append(f"import after step {number} ({phase}): {'ok' if imported.ok else 'x'}")
    if not imported.ok:
        fail(result, f"check:import:{phase}", imported.tail())
        return False
    if phase == "deprecate" or (phase == "expand" and "deprecate" not in phase_of.values()):
        problem = warning_check(project, scenario, copy)
        result.checks.append(f"shim warns before contract: {'ok' if problem is None else 'x'}")
        if problem is not None:
            fail(result, "check:shim-warning", problem)
            return False
    if phase == "contract":
        left, mentions = old_references(project, scenario, copy)
        result.checks.append(f"no reference to the old location: {'ok' if not left else 'x'}")
        if mentions:
            result.checks.append(f"mentions left (docstrings, comments): {'; '.join(mentions)}")
        if left:
            fail(result, "check:old-references", "\n".join(left[:10]))
            return False
    return True


def land(copy: Path, out: str) -> None:
    """Merge the step's branch into main, as landing its pull request does: the next step's
    branch is cut from there."""
    branch = re.search(r"^branch\s+(\S+)$", out, re.MULTILINE)
    if branch is None:
        return
    for args in (
        ["switch", "-q", "main"],
        ["merge", "-q", "--no-ff", "-m", f"Merge {branch[1]}", branch[1]],
    ):
        ran = git(copy, *args)
        if not ran.ok:
            raise RuntimeError(f"git {' '.join(args)}: {ran.tail()}")


def next_planned(result: Result, phase_of: dict[int, str]) -> int:
    done = {s.number for s in result.steps if s.outcome == "applied"}
    return min((n for n in phase_of if n not in done), default=0)


def final_checks(project: Project, copy: Path, result: Result) -> None:
    """After the last step: the whole suite and the import once more, run by us."""
    applied = {s.phase for s in result.steps if s.outcome == "applied"}
    if "contract" not in applied:
        fail(result, "check:incomplete", f"campaign ended without a contract step: {applied}")
        return
    suite = run(project.test_command(copy), copy)
    result.checks.append(f"suite after contract: {'ok' if suite.ok else 'x'}")
    if not suite.ok:
        fail(result, "check:final-suite", suite.tail())
        return
    result.outcome = "passed"


def cmd_run(args: argparse.Namespace) -> int:
    build_tools()  # the pinned tools, rebuilt when their pins changed
    projects = {p.name: p for p in select(load_projects(), args.project)}
    for project in projects.values():
        unpack(project)
    scenarios = all_scenarios(list(projects.values()), args.seed)
    if args.scenario:
        scenarios = [s for s in scenarios if s.id in args.scenario]
    if args.limit:
        per: dict[str, int] = {}
        scenarios = [
            s for s in scenarios if (per := {**per, s.project: per.get(s.project, 0) + 1})[
                s.project] <= args.limit
        ]  # fmt: skip
    keep = Path(args.keep).resolve() if args.keep else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    head = git(REPO, "rev-parse", "--short", "HEAD").out.strip()
    dirty = git(REPO, "status", "--porcelain", "--", "src", "codemods").out.splitlines()
    started = time.monotonic()
    results = run_all(scenarios, lambda s: run_scenario(projects[s.project], s, keep), args.jobs)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": time.strftime("%Y-%m-%d"),
        "seed": args.seed,
        "command": " ".join(["python", "benchmarks/gauntlet/gauntlet.py", *sys.argv[1:]]),
        "refcoord_commit": head,
        "refcoord_commit_at_end": git(REPO, "rev-parse", "--short", "HEAD").out.strip(),
        #: refcoord runs from the working tree: files of src/ and codemods/ changed since HEAD
        "refcoord_uncommitted": len(dirty),
        "wall_seconds": round(time.monotonic() - started, 1),
        "results": [asdict(r) for r in results],
    }
    out.write_text(json.dumps(payload, indent=1) + "\n")
    counts = {k: sum(r.outcome == k for r in results) for k in ("passed", "refused", "failed")}
    print(f"{len(results)} scenarios: {counts}; results in {out}")
    return 0


# --------------------------------------------------------------------------- report


FINDINGS_FILE = HERE / "findings.toml"


def load_findings() -> dict[str, list[dict[str, Any]]]:
    """Hand-written judgements: ``[[class]]`` (a failure class: match, title, bug, reproduction)
    and ``[[refusal]]`` (a refusal reason: match, true, why)."""
    if not FINDINGS_FILE.is_file():
        return {}
    return tomllib.loads(FINDINGS_FILE.read_text(encoding="utf-8"))


# Import-time reads, for judging a refusal for an import cycle independently of refcoord.


def loads(node: ast.AST) -> Iterator[str]:
    """Names read when ``node`` is evaluated (a lambda's body is not)."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        yield node.id
    for child in ast.iter_child_nodes(node):
        if isinstance(node, ast.Lambda) and child is node.body:
            continue
        yield from loads(child)


def import_time_parts(stmt: ast.stmt, lazy_annotations: bool, run: set[str]) -> list[ast.AST]:
    """The parts of a top-level statement evaluated while its module is being imported; a
    function's body too when the name is in ``run`` (import-time code calls it)."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        parts: list[ast.AST] = [*stmt.decorator_list, *stmt.args.defaults]
        parts += [d for d in stmt.args.kw_defaults if d is not None]
        if not lazy_annotations:
            args = [*stmt.args.posonlyargs, *stmt.args.args, *stmt.args.kwonlyargs]
            args += [a for a in (stmt.args.vararg, stmt.args.kwarg) if a is not None]
            parts += [a.annotation for a in args if a.annotation is not None]
            parts += [stmt.returns] if stmt.returns is not None else []
        return parts + (list(stmt.body) if stmt.name in run else [])
    if isinstance(stmt, ast.ClassDef):
        parts = [*stmt.decorator_list, *stmt.bases, *(kw.value for kw in stmt.keywords)]
        for inner in stmt.body:
            parts += import_time_parts(inner, lazy_annotations, set())
            if stmt.name in run and isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                parts += inner.body if inner.name in CONSTRUCTION else []
        return parts
    if isinstance(stmt, ast.AnnAssign) and lazy_annotations:
        return [stmt.value] if stmt.value is not None else []
    if isinstance(stmt, ast.If) and ast.unparse(stmt.test) in MAIN_GUARDS:
        return []  # runs as a script, not on import
    return [stmt]


#: The methods calling a class runs.
CONSTRUCTION = ("__new__", "__init__", "__post_init__")
MAIN_GUARDS = ("__name__ == '__main__'", "'__main__' == __name__")


def import_time_reads(stmt: ast.stmt, lazy_annotations: bool, run: set[str]) -> set[str]:
    """Names a top-level statement reads while its module is being imported."""
    return {n for part in import_time_parts(stmt, lazy_annotations, run) for n in loads(part)}


def run_at_import(tree: ast.Module, lazy_annotations: bool) -> set[str]:
    """The module's functions (and classes: their construction methods) that its import-time
    code calls (a call or a decorator), and the functions those call, and so on."""
    functions = {
        s.name
        for s in tree.body
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    run: set[str] = set()
    while True:
        called = {
            n
            for s in tree.body
            for part in import_time_parts(s, lazy_annotations, run)
            for node in ast.walk(part)
            for n in _called(node)
        } & functions
        if called <= run:
            return run
        run |= called


def _called(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        yield node.func.id
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield from (d.id for d in node.decorator_list if isinstance(d, ast.Name))


def import_cycle(project: Project, scenario: Scenario) -> tuple[bool, str]:
    """Whether moving the scenario's symbols makes the two modules need each other at import
    time: moved code reads a name defined in (and staying in) the source, and code staying in
    the source reads a moved name. Private helpers only moved code uses count as moved."""
    root = project.source_dir / project.source_root
    base = root / scenario.source.replace(".", "/")
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy = any(
        isinstance(s, ast.ImportFrom)
        and s.module == "__future__"
        and any(a.name == "annotations" for a in s.names)
        for s in tree.body
    )
    defs = {n: s for s in tree.body if (n := movable(s) or defined(s)) is not None}
    moving = set(scenario.symbols)
    elsewhere = names_used_elsewhere(project, path, {n for n in defs if n.startswith("_")})
    readers = {n: {m for m, s in defs.items() if m != n and n in set(loads(s))} for n in defs}
    while True:  # private helpers read only by moving code, and no other module, move along
        helpers = {
            n
            for n in defs
            if n.startswith("_")
            and n not in moving | elsewhere
            and readers[n]
            and readers[n] <= moving
        }
        if not helpers - moving:
            break
        moving |= helpers
    staying = [s for s in tree.body if (movable(s) or defined(s)) not in moving]
    run = run_at_import(tree, lazy)
    moved_reads = {n for m in moving for n in import_time_reads(defs[m], lazy, run)} & (
        set(defs) - moving
    )
    staying_reads = {n for s in staying for n in import_time_reads(s, lazy, run)} & moving
    why = (
        f"moved code reads {sorted(moved_reads) or 'nothing'} of the source at import time; "
        f"the source reads {sorted(staying_reads) or 'no moved name'} at import time"
    )
    return bool(moved_reads and staying_reads), why


def names_used_elsewhere(project: Project, source: Path, names: set[str]) -> set[str]:
    """Which of ``names`` another Python file of the project spells (an import, a patch):
    such a helper stays in the source when the code that uses it moves."""
    if not names:
        return set()
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, sorted(names)))})\b")
    found: set[str] = set()
    for path in project.source_dir.rglob("*.py"):
        if path != source:
            found |= set(pattern.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def defined(stmt: ast.stmt) -> str | None:
    """A top-level def/class/single assignment's name, movable or not."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return stmt.name
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


@dataclass
class Verdict:
    """How one scenario counts in the report."""

    result: dict[str, Any]
    bucket: str  #: passed, refused-true, refused-false, refused-unjudged, failed
    klass: str  #: the failure class or refusal reason
    why: str = ""


def refusal_reason(message: str) -> str:
    """The problem plan reported for the scenario's table, without its particulars."""
    text = message.split("move: ", 1)[-1].split("cannot be done: ", 1)[-1]
    return re.split(r"[:;(]", text, maxsplit=1)[0].strip()[:90]


def failure_class(result: dict[str, Any]) -> str:
    """The stage where it stopped, and the kind of error (refcoord's words or the exception)."""
    message = str(result["message"])
    found = re.findall(r"\b([A-Z]\w*(?:Error|Exception|Warning))\b", message)
    if message.startswith("refcoord: error") and not found:
        kind = re.sub(r"'[^']*'|\"[^\"]*\"|\S+\.py\S*|\d+", "…", message.splitlines()[0])
        kind = kind.removeprefix("refcoord: error: ")[:80]
    else:
        kind = found[-1] if found else (message.splitlines() or ["?"])[0][:80]
    return f"{result['stage']}: {kind}"


def judge(result: dict[str, Any], projects: dict[str, Project], findings: Any) -> Verdict:
    outcome = result["outcome"]
    if outcome == "passed" and not result.get("advice"):
        return Verdict(result, "passed", "")
    if outcome not in ("refused", "passed"):
        return Verdict(result, "failed", failure_class(result))
    message = str(result.get("refusal") or result["message"])
    reason = refusal_reason(message)
    if "import cycle" in message:
        scenario = Scenario(
            **{**result["scenario"], "symbols": tuple(result["scenario"]["symbols"])}
        )
        true, why = import_cycle(projects[scenario.project], scenario)
        if outcome == "passed":
            return Verdict(
                result, "passed-advised", reason, f"{'true' if true else 'false'}: {why}"
            )
        return Verdict(result, f"refused-{'true' if true else 'false'}", reason, why)
    for entry in findings.get("refusal", []):
        if re.search(entry["match"], str(result["message"])):
            bucket = "refused-true" if entry["true"] else "refused-false"
            return Verdict(result, bucket, reason, entry["why"])
    return Verdict(result, "refused-unjudged", reason, "no rule for this reason yet")


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_text(data: dict[str, Any], projects: list[Project]) -> str:
    findings = load_findings()
    by_name = {p.name: p for p in projects}
    verdicts = [judge(r, by_name, findings) for r in data["results"]]
    setup: dict[str, Any] = json.loads(SETUP_FILE.read_text()) if SETUP_FILE.is_file() else {}
    out: list[str] = []
    out += report_head(data, verdicts)
    if findings.get("history"):
        out += [str(findings["history"]).strip(), ""]
    out += report_projects(projects, verdicts, setup)
    out += report_refusals(verdicts)
    out += report_failures(verdicts, findings)
    out += report_lint(verdicts, projects)
    out += report_mentions(verdicts)
    out += report_other_findings(findings)
    out += report_scenarios(verdicts)
    out.append(str(findings.get("method", "")).strip())
    return "\n".join(out).rstrip() + "\n"


def report_head(data: dict[str, Any], verdicts: list[Verdict]) -> list[str]:
    n = len(verdicts)
    count = {b: sum(v.bucket == b for v in verdicts) for b in BUCKETS}
    passed = count["passed"] + count["passed-advised"]
    refused = n - passed - count["failed"]
    green = passed + count["refused-true"]
    return [
        "# The gauntlet: extract-module campaigns on real projects",
        "",
        "<!-- Written by benchmarks/gauntlet/gauntlet.py report: edit findings.toml instead -->",
        "",
        (
            "The other patterns' campaigns: [change-api](gauntlet-change-api.md) on the same "
            "projects, [replace-dependency](gauntlet-replace-dependency.md) on projects that "
            "use six, simplejson, mock, pytz, toml or requests, [schema](gauntlet-schema.md) "
            "on projects with SQLAlchemy models and Alembic migrations."
        ),
        "",
        provenance(data),
        "",
        "```sh",
        ".venv/bin/python benchmarks/gauntlet/gauntlet.py setup   # once: sdists, venvs, suites",
        data["command"].replace("python ", ".venv/bin/python ", 1),
        ".venv/bin/python benchmarks/gauntlet/gauntlet.py report",
        "```",
        "",
        "| | scenarios | share |",
        "| --- | ---: | ---: |",
        f"| generated | {n} | |",
        (
            f"| **green end to end** (passed, or refused for a true reason) | {green} "
            f"| **{pct(green, n)}** |"
        ),
        (f"| passed (every step applied, every check green) | {passed} | {pct(passed, n)} |"),
        (f"| ... as asked | {count['passed']} | {pct(count['passed'], n)} |"),
        (
            "| ... after taking the symbols `plan` proposed when it refused the move as asked "
            f"| {count['passed-advised']} | {pct(count['passed-advised'], n)} |"
        ),
        f"| refused by `plan`, with no way forward that passed | {refused} | {pct(refused, n)} |",
        f"| ... for a true reason | {count['refused-true']} | {pct(count['refused-true'], n)} |",
        (
            f"| ... for a reason judged false | {count['refused-false']} "
            f"| {pct(count['refused-false'], n)} |"
        ),
        f"| ... not judged | {count['refused-unjudged']} | {pct(count['refused-unjudged'], n)} |",
        f"| failed | {count['failed']} | {pct(count['failed'], n)} |",
        "",
        "Target for refcoord: at least 95% green end to end, at most 5% refused.",
        "",
    ]


def provenance(data: dict[str, Any]) -> str:
    """When, against which refcoord, with which seed, how long."""
    start, end = (
        data["refcoord_commit"],
        data.get("refcoord_commit_at_end", data["refcoord_commit"]),
    )
    moved = f"; HEAD was `{end}` when the run ended: refcoord changed while it ran" * (
        start != end
    )
    return (
        f"Run on {data['date']} against refcoord's working tree at commit `{start}` "
        f"({data.get('refcoord_uncommitted', '?')} files of src/ and codemods/ held uncommitted "
        f"work of others in progress{moved}), seed {data['seed']}, "
        f"{data['wall_seconds'] / 60:.0f} min wall time with 2 cores, with:"
    )


BUCKETS = (
    "passed", "passed-advised", "refused-true", "refused-false", "refused-unjudged", "failed",
)  # fmt: skip


def report_projects(
    projects: list[Project], verdicts: list[Verdict], setup: dict[str, Any]
) -> list[str]:
    out = [
        "## Projects",
        "",
        "| project | layout | suite | scenarios | passed | refused | failed | what it brings |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in projects:
        mine = [v for v in verdicts if v.result["scenario"]["project"] == p.name]
        passed = sum(v.bucket.startswith("passed") for v in mine)
        failed = sum(v.bucket == "failed" for v in mine)
        layout = "src" if p.source_root == "src" else "flat"
        suite = setup.get(p.name, {}).get("seconds")
        out.append(
            f"| {p.name} {p.version} | {layout} | {f'{suite:.1f} s' if suite else '?'} "
            f"| {len(mine)} | {passed} | {len(mine) - passed - failed} | {failed} "
            f"| {cell(', '.join(p.traits))} |"
        )
    out += [
        "",
        "Suite: the project's own suite on a scenario copy, as `setup` timed it (what the tests",
        "leave out, and why, is in `benchmarks/gauntlet/projects.toml`).",
        "",
    ]
    return out


def verdict(v: Verdict) -> str:
    """Whether a refusal of the move as asked was true (the independent check's word)."""
    if v.bucket == "passed-advised":
        return v.why.split(":", 1)[0] + ", then passed with plan's proposal"
    return v.bucket.removeprefix("refused-")


def report_refusals(verdicts: list[Verdict]) -> list[str]:
    refusals = [v for v in verdicts if v.bucket.startswith("refused") or v.result.get("advice")]
    out = ["## Refusals", ""]
    if not refusals:
        return [*out, "None.", ""]
    reasons: dict[tuple[str, str], list[Verdict]] = {}
    for v in refusals:
        reasons.setdefault((v.klass, verdict(v)), []).append(v)
    out += [
        "| reason (plan's words) | verdict | count | scenarios |",
        "| --- | --- | ---: | --- |",
    ]
    for (reason, label), group in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        ids = ", ".join(v.result["scenario"]["id"] for v in group)
        out.append(f"| {cell(reason)} | {label} | {len(group)} | {ids} |")
    out += [
        "",
        "Each refusal of the move as asked, with the independent check's finding, and what",
        "became of it when the run took the symbols plan proposed (as a user would):",
        "",
    ]
    for v in refusals:
        s, advice = v.result["scenario"], v.result.get("advice") or []
        took = (
            f" Plan proposed `symbols = {json.dumps(advice)}`: {v.result['outcome']}"
            + (f" at {v.result['stage']}." if v.result["outcome"] != "passed" else ".")
            if advice
            else " Plan proposed nothing."
        )
        out.append(
            f"- `{s['id']}` ({', '.join(s['symbols'])} from `{s['source']}`): "
            f"**{verdict(v)}**. {cell(v.why.split(': ', 1)[-1])}.{took}"
        )
    return [*out, ""]


def report_failures(verdicts: list[Verdict], findings: Any) -> list[str]:
    failures = [v for v in verdicts if v.bucket == "failed"]
    out = ["## Failure classes", ""]
    if not failures:
        return [*out, "None.", ""]
    classes: dict[str, list[Verdict]] = {}
    for v in failures:
        entry = next(
            (e for e in findings.get("class", []) if re.search(e["match"], v.klass + "\n" +
             str(v.result["message"]))),
            None,
        )  # fmt: skip
        classes.setdefault(entry["title"] if entry else v.klass, []).append(v)
    notes = {e["title"]: e for e in findings.get("class", [])}
    ordered = sorted(classes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    out += ["| class | scenarios | a refcoord bug? |", "| --- | ---: | --- |"]
    for title, group in ordered:
        out.append(
            f"| {cell(title)} | {len(group)} | {cell(notes.get(title, {}).get('bug', '?'))} |"
        )
    out.append("")
    unseen = [e for e in findings.get("class", []) if e["title"] not in classes]
    if unseen:
        out += ["Classes of earlier runs not seen in this one (fixed since, or hidden):", ""]
        out += [
            f"- {e['title']}" + (f" (fixed in `{e['fixed_in']}`)" if "fixed_in" in e else "")
            for e in unseen
        ]
        out.append("")
    for title, group in ordered:
        first = group[0].result
        ids = ", ".join(v.result["scenario"]["id"] for v in group)
        out += [f"### {title} ({len(group)})", "", f"Scenarios: {ids}.", ""]
        note = notes.get(title)
        if note:
            out += [str(note.get("explanation", "")).strip(), ""]
            out += [str(note.get("reproduction", "")).strip(), ""]
        s = first["scenario"]
        out += [
            (
                f"First seen in `{s['id']}` (`{s['source']}` -> `{s['target']}`: "
                f"{', '.join(s['symbols'])}), stage `{first['stage']}`:"
            ),
            "",
            "```",
            str(first["message"]).strip()[:900],
            "```",
            "",
            (
                f"Again: `.venv/bin/python benchmarks/gauntlet/gauntlet.py run --project "
                f"{s['project']} --scenario {s['id']} --keep /tmp/gauntlet-keep`"
            ),
            "",
        ]
    return out


def finding_rule(tool: str, line: str) -> str:
    """A finding's rule: ruff's and flake8's code, mypy's ``[code]``."""
    if tool == "mypy":
        code = re.search(r"\[([\w-]+)\]\s*$", line)
        return code[1] if code else "note"
    code = re.search(r":\d+:(?:\d+:)?\s*([A-Z]+\d+)", line)
    return code[1] if code else "?"


def report_lint(verdicts: list[Verdict], projects: list[Project]) -> list[str]:
    """New findings of each project's own configured checks after each step (target 0)."""
    out = [
        "## The project's own checks after every step",
        "",
        "Each scenario's copy runs the linters and type checker its project configures, before",
        "the first step and after each applied step (the method is at the end). A finding is",
        "*new* in the step after which a check reports it more often than before that step: each",
        "counts once, in the step that brought it. A new finding whose message the project's",
        "checks already reported before the first step is also counted as a *repeat*, and one",
        "of a rule they reported then in the module the code moves from is *carried*: the",
        "moved code brought the project's own debt along (an import the pinned linter already",
        "flags in the source, now in two modules). Target: 0 new findings that are not",
        "carried; refcoord does not restyle the code it moves.",
        "",
        (
            "| project | checks configured | steps checked | steps with new findings "
            "| new findings | of which repeats | of which carried |"
        ),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    kinds: dict[tuple[str, str], list[str]] = {}
    for p in projects:
        lint = [
            (v.result["scenario"]["id"], e)
            for v in verdicts
            if v.result["scenario"]["project"] == p.name
            for e in v.result.get("lint", [])
        ]
        if not lint:
            continue
        tools = sorted({e["tool"] for _, e in lint})
        steps = {(sid, e["step"]) for sid, e in lint}
        dirty = {(sid, e["step"]) for sid, e in lint if e["new"]}
        out.append(
            f"| {p.name} | {', '.join(tools)} | {len(steps)} | {len(dirty)} "
            f"| {sum(e['new'] for _, e in lint)} | {sum(e.get('repeats', 0) for _, e in lint)} "
            f"| {sum(e.get('carried', 0) for _, e in lint)} |"
        )
        for sid, e in lint:
            for line in e["examples"]:
                key = (e["tool"], finding_rule(e["tool"], line))
                kinds.setdefault(key, []).append(f"{sid} step {e['step']} ({e['phase']}): {line}")
    if not kinds:
        return [*out, "", "No step added a finding.", ""]
    out += ["", "| check | rule | new findings | first seen |", "| --- | --- | ---: | --- |"]
    for (tool, rule), seen in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        out.append(f"| {tool} | {rule} | {len(seen)} | {cell(seen[0][:160])} |")
    return [*out, ""]


def report_mentions(verdicts: list[Verdict]) -> list[str]:
    """Old dotted names left in docstrings and comments after contract (not failures)."""
    rows = [
        (v.result["scenario"]["id"], check.split(": ", 1)[1])
        for v in verdicts
        for check in v.result["checks"]
        if check.startswith("mentions left")
    ]
    if not rows:
        return []
    out = [
        "## Mentions of the old location left after contract (not counted as failures)",
        "",
        "refcoord neither rewrites nor lists dotted names in docstrings and comments (a known",
        "limit in docs/patterns/extract-module.md); a reader of these would look in the wrong",
        "module:",
        "",
    ]
    out += [f"- `{sid}`: {cell(text)[:400]}" for sid, text in rows]
    return [*out, ""]


def report_other_findings(findings: Any) -> list[str]:
    entries = findings.get("finding", [])
    if not entries:
        return []
    out = ["## Found on the way (not a scenario's failure)", ""]
    for entry in entries:
        out += [f"### {entry['title']}", ""]
        out += [str(entry.get("explanation", "")).strip(), ""]
        out += [str(entry.get("reproduction", "")).strip(), ""]
    return out


def cmd_repro(args: argparse.Namespace) -> int:
    """Run every reproduction in findings.toml in a scratch folder, with this refcoord first on
    PATH, and print the lines that show what it found (an error, a warning, a step applied)."""
    findings = load_findings()
    env = {**os.environ, **GIT_ENV, "PATH": f"{REFCOORD.parent}:{os.environ['PATH']}"}
    shown = re.compile(r"error|Error|Warning|applied step|^[MA][MD] ")
    with tempfile.TemporaryDirectory(prefix="gauntlet-repro-") as tmp:
        for number, entry in enumerate([*findings.get("class", []), *findings.get("finding", [])]):
            script = re.search(r"```sh\n(.*?)```", str(entry.get("reproduction", "")), re.DOTALL)
            if script is None:
                continue
            folder = Path(tmp) / str(number)
            folder.mkdir()
            done = subprocess.run(
                ["bash", "-c", script.group(1)],
                cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=600,
            )  # fmt: skip
            lines = (done.stdout + done.stderr).splitlines()
            print(f"== {entry['title']}")
            print("\n".join(ln[:200] for ln in lines if shown.search(ln))[:1500] or "(nothing)")
    return 0


def report_scenarios(verdicts: list[Verdict]) -> list[str]:
    out = [
        "## Every scenario",
        "",
        "| scenario | move | outcome | stopped at | steps | seconds |",
        "| --- | --- | --- | --- | ---: | ---: |",
    ]
    for v in verdicts:
        r, s = v.result, v.result["scenario"]
        applied = sum(step["outcome"] == "applied" for step in r["steps"])
        move = f"`{s['source']}` -> `{s['target']}`: {', '.join(s['symbols'])}"
        out.append(
            f"| {s['id']} | {cell(move)} | {v.bucket} | {r['stage'] or '-'} "
            f"| {applied}/{len(r['steps'])} | {r['seconds']} |"
        )
    return [*out, ""]


def cmd_report(args: argparse.Namespace) -> int:
    data: dict[str, Any] = json.loads(Path(args.results).read_text())
    REPORT_FILE.write_text(report_text(data, load_projects()))
    print(f"wrote {REPORT_FILE}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("setup", "scenarios", "run", "report", "repro"):
        p = sub.add_parser(name)
        p.add_argument("--project", action="append", help="only this project (repeatable)")
        p.add_argument("--seed", type=int, default=SEED)
    runner = sub.choices["run"]
    runner.add_argument("--scenario", action="append", help="only this scenario id")
    runner.add_argument("--limit", type=int, default=0, help="at most N scenarios per project")
    runner.add_argument("--jobs", type=int, default=1)
    runner.add_argument("--output", default=str(RESULTS_FILE))
    runner.add_argument("--keep", help="run in this folder, keeping scenarios that did not pass")
    sub.choices["report"].add_argument("--results", default=str(RESULTS_FILE))
    args = parser.parse_args(argv)
    handler = {"setup": cmd_setup, "scenarios": cmd_scenarios, "run": cmd_run, "repro": cmd_repro}
    return handler.get(args.command, cmd_report)(args)


if __name__ == "__main__":
    sys.exit(main())
