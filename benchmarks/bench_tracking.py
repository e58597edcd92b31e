"""Tracking speed: `refcoord status`, `status --history` and `check`, each against a baseline
measured in the same run.

Usage: python benchmarks/bench_tracking.py [--jobs N] [--repeat N] [--cold-repeat N] [--keep DIR]
           [--no-pycache] [--history-repo PATH [--history-config FILE] [--history-commits N]
           [--history-ref REF] [--history-cold-repeat N]]

Part 1, `status` on a copy of the running interpreter's standard library (as bench_index.py
copies it) made a git repository (one commit), with a campaign of five change-api names:
  refs NAME      `refcoord refs NAME` for each of the five names, warm: their sum (five
                 processes), the slowest one alone (one process), and the five asked in one
                 process (the `refs` command's body called five times)
  status         `refcoord status`, warm (run once first), then --no-inventory
  cold           `refcoord status` against `refcoord index`, both with no .refcoord/cache,
                 --cold-repeat times alternately (the fastest of each counts)
Part 3, `check` on the same copy: a branch that edits ten files (a use of a campaign name added
to each, a comment line on top that moves every line below it, an unrelated constant), one
commit; `refcoord check --base main` run once, then timed; a warm `refcoord index` for scale.
Part 2, `status --history` over the last --history-commits first-parent commits of the git
repository at --history-repo (skipped without it; nothing is fetched). The repository is cloned
with `git clone --shared --no-checkout` into the temporary directory (the given one is not
touched, and the history cache starts empty); the commits are chosen with `--since` the date of
the N-th first-parent commit of --history-ref and `--ref` that commit, and counted to check.
Cold (no history cache) --history-cold-repeat times (default once), warm (the history cache
the cold run left) --repeat times, both against the baseline
`git log --first-parent -p -N REF | grep -c -E '\\b(leaf|...)\\b'` (one shell pipeline, the
names' last parts). For pytest (`src/_pytest` in the tree) a five-name campaign is built in;
for another project give --history-config (a refcoord.toml with [[refactor]] tables).

Every refcoord figure is the wall time of a fresh process of the `refcoord` console script next
to this interpreter, as a user runs it; warm figures are the fastest of --repeat runs, the
commands compared taking turns (a busy moment slows all of them alike); the CPU time (user +
system, workers included) is printed beside the wall time. Unless
--no-pycache, the processes write bytecode under the temporary directory (PYTHONPYCACHEPREFIX,
and PYTHONDONTWRITEBYTECODE removed), as an installed package has it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import copy_stdlib

TARGETS = {"status/refs": 1.5, "history cold/warm": 10.0, "check": 1.0}

#: (id, old, new): real standard-library names with many uses
STDLIB_NAMES = (
    ("json-loads", "json.loads", "json.parse_text"),
    ("path-join", "os.path.join", "os.path.join_paths"),
    ("ordered-dict", "collections.OrderedDict", "collections.OrderedMapping"),
    ("optional", "typing.Optional", "typing.Maybe"),
    ("re-compile", "re.compile", "re.compile_pattern"),
)
#: pytest names that change over its recent history (one moved away, one class)
PYTEST_NAMES = (
    ("legacy-path", "_pytest.compat.legacy_path", "_pytest.compat.to_legacy_path"),
    ("get-real-func", "_pytest.compat.get_real_func", "_pytest.compat.unwrap_func"),
    ("assert-never", "_pytest.compat.assert_never", "typing.assert_never"),
    ("approx", "_pytest.python_api.approx", "_pytest.approx.approx"),
    ("fixture-def", "_pytest.fixtures.FixtureDef", "_pytest.fixtures.FixtureDefinition"),
)
#: the ten files the check branch edits, and the use each gets (cycling through the names)
CHECK_FILES = (
    "textwrap.py",
    "shlex.py",
    "csv.py",
    "fnmatch.py",
    "glob.py",
    "calendar.py",
    "getopt.py",
    "ftplib.py",
    "argparse.py",
    "json/encoder.py",
)
#: (body, uses it adds): a from-import of the name is a use of its own
CHECK_USES = (
    ("    import json\n    return json.loads(text)\n", 1),
    ("    import os\n    return os.path.join(text, 'probe')\n", 1),
    ("    from collections import OrderedDict\n    return OrderedDict(probe=text)\n", 2),
    ("    import typing\n    return typing.Optional[text]\n", 1),
    ("    import re\n    return re.compile(text)\n", 1),
)
#: `refcoord refs` for several names in one process: the command's own body, called per name
REFS_IN_ONE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from refactor_coord.cli._refs import show_references\n"
    "for name in sys.argv[2:]:\n"
    "    show_references(name, Path(sys.argv[1]), None, None, True)\n"
)


@dataclass
class Bench:
    """How to run refcoord, and what was measured."""

    command: list[str]
    work: Path
    env: dict[str, str]
    jobs: str
    repeat: int
    rows: list[tuple[str, float, float, str]] = field(default_factory=list)
    runs: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    counts: list[str] = field(default_factory=list)
    verdicts: list[tuple[str, str, bool]] = field(default_factory=list)

    def run(
        self, argv: Sequence[str], ok: Sequence[int] = (0,), label: str = ""
    ) -> tuple[float, str, int]:
        """(seconds, stdout, exit code) of one fresh process; under ``label``, its wall time
        and CPU time (user + system, its workers' included) are kept for the record."""
        cpu = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            check=False,
            cwd=self.work,
            env=self.env,
        )
        seconds = time.perf_counter() - started
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr}")
        if label:
            self.runs.setdefault(label, []).append(seconds)
            self.cpu.setdefault(label, []).append(_children_cpu() - cpu)
        return seconds, done.stdout, done.returncode

    def refcoord(
        self, *args: str, ok: Sequence[int] = (0,), label: str = ""
    ) -> tuple[float, str, int]:
        """One fresh `refcoord` process."""
        return self.run([*self.command, *args], ok, label)

    def best(
        self, label: str, argv: Sequence[str], ok: Sequence[int] = (0,)
    ) -> tuple[float, str, int]:
        """The fastest of --repeat runs (all kept for the record), with the last output."""
        return self.rounds({label: (argv, ok)})[label]

    def rounds(
        self, commands: dict[str, tuple[Sequence[str], Sequence[int]]]
    ) -> dict[str, tuple[float, str, int]]:
        """Each command --repeat times, taking turns (a busy moment slows all of them alike):
        label -> (the fastest time, the last output, the last exit code)."""
        found: dict[str, tuple[float, str, int]] = {}
        for _ in range(self.repeat):
            for label, (argv, ok) in commands.items():
                _, out, code = self.run(argv, ok, label)
                found[label] = (min(self.runs[label]), out, code)
        return found

    def least_cpu(self, *labels: str) -> float:
        """The least CPU time of each of ``labels``' runs, summed."""
        return sum(min(self.cpu[label]) for label in labels)

    def row(self, label: str, seconds: float, cpu: float, note: str = "") -> None:
        self.rows.append((label, seconds, cpu, note))

    def target(self, label: str, measured: str, met: bool) -> None:
        self.verdicts.append((label, measured, met))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def campaign_toml(name: str, names: Sequence[tuple[str, str, str]]) -> str:
    tables = [f'[campaign]\nname = "{name}"\n']
    for ident, old, new in names:
        tables.append(
            f'[[refactor]]\nid = "{ident}"\nkind = "change-api"\nold = "{old}"\nnew = "{new}"\n'
        )
    return "\n".join(tables)


def clear_cache(repo: Path) -> None:
    shutil.rmtree(repo / ".refcoord" / "cache", ignore_errors=True)


# -- part 1: status -------------------------------------------------------------------------


def stdlib_repo(work: Path) -> Path:
    """The standard-library copy as a git repository with the campaign, one commit on main."""
    repo = copy_stdlib(work)
    (repo / "refcoord.toml").write_text(
        campaign_toml("bench-tracking", STDLIB_NAMES), encoding="utf-8"
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "standard library")
    return repo


def part_status(bench: Bench, repo: Path, cold_repeat: int) -> None:
    where = ("--repo", str(repo), "--jobs", bench.jobs)
    for _ in range(max(1, cold_repeat)):
        clear_cache(repo)
        bench.refcoord("index", *where, label="cold index")
        clear_cache(repo)
        bench.refcoord("status", *where, label="cold status")
    cold_index, cold_status = min(bench.runs["cold index"]), min(bench.runs["cold status"])
    bench.refcoord("status", *where)  # warm: index and inventory caches filled

    names = [old for _, old, _ in STDLIB_NAMES]
    commands: dict[str, tuple[Sequence[str], Sequence[int]]] = {
        f"refs {name}": (
            [*bench.command, "refs", name, "--repo", str(repo), "--format", "json"],
            (0,),
        )
        for name in names
    }
    commands["refs x5 in one process"] = (
        [sys.executable, "-c", REFS_IN_ONE, str(repo), *names],
        (0,),
    )
    commands["status"] = ([*bench.command, "status", *where, "--format", "json"], (0,))
    commands["status --no-inventory"] = (
        [*bench.command, "status", *where, "--no-inventory", "--format", "json"],
        (0,),
    )
    measured = bench.rounds(commands)
    refs = {name: measured[f"refs {name}"][0] for name in names}
    found = {name: len(json.loads(measured[f"refs {name}"][1])["references"]) for name in names}
    for name, count in found.items():
        if not count:
            raise SystemExit(f"refs {name}: no references; choose another name")
    in_one = measured["refs x5 in one process"][0]
    status, out, _ = measured["status"]
    no_inventory = measured["status --no-inventory"][0]
    report = json.loads(out)
    uses = {n["name"]: len(n["uses"]) for n in report["names"]}
    bench.counts.append(
        "status: 5 names, "
        + ", ".join(f"{n} {uses.get(n, 0)} uses ({found[n]} refs)" for n in names)
        + f"; inventory {len(report['inventory'])} deprecations"
    )

    total = sum(refs.values())
    slowest = max(refs, key=refs.__getitem__)
    cpu = bench.least_cpu
    bench.row(
        "refs x5 (5 processes)",
        total,
        cpu(*(f"refs {n}" for n in names)),
        "sum of the five warm `refs NAME`: baseline (a)",
    )
    bench.row(
        f"refs {slowest}",
        refs[slowest],
        cpu(f"refs {slowest}"),
        "the slowest one alone: baseline (b)",
    )
    bench.row(
        "refs x5 in one process",
        in_one,
        cpu("refs x5 in one process"),
        "the refs body called 5 times: baseline (c)",
    )
    bench.row(
        "status",
        status,
        cpu("status"),
        f"warm: {status / total:.2f}x (a), {status / refs[slowest]:.2f}x (b), "
        f"{status / in_one:.2f}x (c)",
    )
    bench.row(
        "status --no-inventory",
        no_inventory,
        cpu("status --no-inventory"),
        f"{no_inventory / total:.2f}x (a), {no_inventory / refs[slowest]:.2f}x (b); "
        f"inventory {status - no_inventory:.2f} s = {1 - no_inventory / status:.0%} of status",
    )
    bench.row("cold index", cold_index, cpu("cold index"), "`refcoord index`, no cache")
    bench.row(
        "cold status",
        cold_status,
        cpu("cold status"),
        f"no cache: {cold_status / cold_index:.2f}x cold index "
        f"(+{cold_status - cold_index:.2f} s)",
    )
    limit = TARGETS["status/refs"]
    bench.target(
        f"status <= {limit}x refs, (a) sum", f"{status / total:.2f}x", status <= limit * total
    )
    bench.target(
        f"status <= {limit}x refs, (b) one",
        f"{status / refs[slowest]:.2f}x",
        status <= limit * refs[slowest],
    )


# -- part 3: check --------------------------------------------------------------------------


def check_branch(repo: Path) -> int:
    """Branch bench-check: ten files, each with a new use, an unrelated comment on top (every
    line below it moves) and an unrelated constant; one commit. Returns the uses added."""
    git(repo, "checkout", "-q", "-b", "bench-check", "main")
    added = 0
    for number, relative in enumerate(CHECK_FILES):
        path = repo / relative
        text = path.read_text(encoding="utf-8")
        use, uses = CHECK_USES[number % len(CHECK_USES)]
        added += uses
        path.write_text(
            "# bench-check: an unrelated comment\n"
            + text
            + f"\n\n_BENCH_CHECK_LIMIT = {number}\n\n\ndef _bench_check_probe(text):\n{use}",
            encoding="utf-8",
        )
    git(repo, "commit", "-q", "-a", "-m", "bench-check: ten files, one new use each")
    return added


def part_check(bench: Bench, repo: Path) -> None:
    added = check_branch(repo)
    args = ["check", "--repo", str(repo), "--jobs", bench.jobs, "--base", "main"]
    first, _, _ = bench.refcoord(*args, ok=(1,), label="check (first)")
    seconds, out, code = bench.best("check", [*bench.command, *args, "--format", "json"], (1,))
    findings = json.loads(out)["count"]
    index, _, _ = bench.best(
        "index (warm)", [*bench.command, "index", "--repo", str(repo), "--jobs", bench.jobs]
    )
    cpu = bench.least_cpu
    bench.row("index (warm)", index, cpu("index (warm)"), "nothing changed: every command pays it")
    bench.row(
        "check (first)",
        first,
        cpu("check (first)"),
        "the first run on the branch: the index takes the 10 edited files",
    )
    bench.row(
        "check",
        seconds,
        cpu("check"),
        f"10 files changed, exit {code}, {findings} findings; {seconds / index:.2f}x warm index",
    )
    bench.counts.append(
        f"check: 10 files changed, {findings} findings (uses added: {added}), exit {code}"
    )
    bench.target(f"check <= {TARGETS['check']} s warm", f"{seconds:.2f} s", seconds <= 1.0)
    git(repo, "checkout", "-q", "main")


# -- part 2: history ------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """The repository and the commits read."""

    clone: Path
    config: Path
    sha: str
    since: str
    commits: int
    leaves: list[str]


def python_lines(repo: Path) -> tuple[int, int]:
    """(files, lines) as `git ls-files '*.py' | xargs wc -l` counts them."""
    files = [f for f in git(repo, "ls-files", "-z", "*.py").split("\0") if f]
    lines = 0
    for name in files:
        path = repo / name
        if path.is_file() and not path.is_symlink():
            lines += path.read_bytes().count(b"\n")
    return len(files), lines


def history_setup(bench: Bench, options: argparse.Namespace) -> History | None:
    source: Path = options.history_repo.resolve()
    sha = git(source, "rev-parse", f"{options.history_ref}^{{commit}}").strip()
    config: Path | None = options.history_config
    names: list[str]
    if config is None:
        listed = git(source, "ls-tree", "--name-only", sha, "src/")
        if "src/_pytest" not in listed.split():
            print("part 2 skipped: not pytest; give --history-config (a refcoord.toml)")
            return None
        config = bench.work / "history-campaign.toml"
        config.write_text(campaign_toml("bench-history", PYTEST_NAMES), encoding="utf-8")
        names = [old for _, old, _ in PYTEST_NAMES]
    else:
        config = config.resolve()
        names = re.findall(r'(?m)^\s*old\s*=\s*"([^"]+)"', config.read_text(encoding="utf-8"))
        if not names:
            raise SystemExit(f'{config}: no `old = "..."` to grep for in the baseline')
    wanted = options.history_commits
    dates = git(source, "log", "--first-parent", "--format=%cI", "-n", str(wanted), sha).split()
    since = dates[-1]
    commits = int(git(source, "rev-list", "--first-parent", "--count", f"--since={since}", sha))
    if commits != wanted:
        print(f"note: --since {since} selects {commits} first-parent commits, not {wanted}")
    clone = bench.work / "history-repo"
    git(bench.work, "clone", "-q", "--shared", "--no-checkout", str(source), str(clone))
    files, lines = python_lines(source)
    log = git(
        source,
        *("log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-renames"),
        *("--format=%x01", f"--since={since}", sha),
    )
    with_python = sum(1 for chunk in log.split("\x01") if re.search(r"(?m)^:.*\.py$", chunk))
    bench.counts.append(
        f"history: {source} at {sha[:12]}, {files} Python files, {lines:,} lines; "
        f"{commits} first-parent commits since {since}, {with_python} of them change .py files"
    )
    leaves = sorted({n.rsplit(".", 1)[-1] for n in names})
    return History(clone, config, sha, since, commits, leaves)


def part_history(bench: Bench, options: argparse.Namespace) -> None:
    found = history_setup(bench, options)
    if found is None:
        return
    h = found
    args = [
        *("status", "--history", "--repo", str(h.clone), "--config", str(h.config)),
        *("--since", h.since, "--ref", h.sha, "--format", "json"),
    ]
    for _ in range(max(1, options.history_cold_repeat)):
        for stale in (h.clone / ".refcoord" / "cache").glob("history.sqlite*"):
            stale.unlink()
        bench.refcoord(*args, label="history cold")
    pattern = r"\b(" + "|".join(re.escape(w) for w in h.leaves) + r")\b"
    pipeline = (
        f"git -C {shlex.quote(str(h.clone))} log --first-parent -p -{h.commits} {h.sha}"
        f" | grep -c -E '{pattern}'"
    )
    measured = bench.rounds(
        {
            "history warm": ([*bench.command, *args], (0,)),
            "git log -p | grep": (["sh", "-c", pipeline], (0, 1)),
        }
    )
    warm, out, _ = measured["history warm"]
    base, grep_out, _ = measured["git log -p | grep"]
    points = json.loads(out)["points"]
    bench.counts.append(
        f"history: {len(json.loads(out)['names'])} names, {len(points)} points, "
        f"uses {points[0]['total']} at the first, {points[-1]['total']} at the last; "
        f"grep: {grep_out.strip()} matching diff lines"
    )
    bench.counts.append(f"baseline: {pipeline}")
    cold_best = min(bench.runs["history cold"])
    cpu = bench.least_cpu
    bench.row(
        "git log -p | grep", base, cpu("git log -p | grep"), f"{h.commits} commits: baseline"
    )
    bench.row(
        "history cold",
        cold_best,
        cpu("history cold"),
        f"no history cache: {cold_best / base:.1f}x baseline",
    )
    bench.row(
        "history warm",
        warm,
        cpu("history warm"),
        f"second run: {warm / base:.2f}x baseline; cold/warm {cold_best / warm:.0f}x",
    )
    bench.target(
        f"history warm >= {TARGETS['history cold/warm']:.0f}x faster than cold",
        f"{cold_best / warm:.0f}x",
        cold_best >= TARGETS["history cold/warm"] * warm,
    )


# -- main -----------------------------------------------------------------------------------


def console_script() -> list[str]:
    """The installed `refcoord` console script, next to the running interpreter."""
    script = Path(sys.executable).parent / "refcoord"
    if script.exists():
        return [str(script)]
    found = shutil.which("refcoord")
    return [found] if found else [sys.executable, "-m", "refactor_coord"]


def child_env(work: Path, pycache: bool) -> dict[str, str]:
    env = dict(os.environ)
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def report(bench: Bench) -> None:
    for label, times in bench.runs.items():
        print(f"runs {label}: " + " ".join(f"{t:.2f}" for t in times))
    for line in bench.counts:
        print(line)
    print(f"{'measure':<26}{'seconds':>8}{'cpu s':>8}  note")
    for label, seconds, cpu, note in bench.rows:
        print(f"{label:<26}{seconds:>8.2f}{cpu:>8.2f}  {note}")
    for label, measured, met in bench.verdicts:
        print(f"target {label:<44} {measured:>8}  {'met' if met else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (the fastest counts)")
    parser.add_argument("--cold-repeat", type=int, default=2, help="cold index/status pairs")
    parser.add_argument("--keep", type=Path, help="work here and keep it")
    parser.add_argument("--no-pycache", dest="pycache", action="store_false")
    parser.add_argument("--history-repo", type=Path, help="a git clone (part 2)")
    parser.add_argument("--history-config", type=Path, help="its campaign (refcoord.toml)")
    parser.add_argument("--history-commits", type=int, default=1000)
    parser.add_argument("--history-ref", default="HEAD")
    parser.add_argument("--history-cold-repeat", type=int, default=1)
    options = parser.parse_args()
    work = (options.keep or Path(tempfile.mkdtemp(prefix="refcoord-bench-tracking-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(
        console_script(), work, child_env(work, options.pycache), str(options.jobs), options.repeat
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    bytecode = f"under {work / 'pycache'}" if options.pycache else "as the environment says"
    print(
        f"{bench.command[0]}, Python {sys.version.split()[0]}, {options.jobs} workers, "
        f"{len(os.sched_getaffinity(0))} cores, load {load}, bytecode {bytecode}"
    )
    repo = stdlib_repo(work)
    files = sum(1 for _ in repo.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in repo.rglob("*.py"))
    print(f"corpus: {files} files, {lines:,} lines (standard library copy, one commit)")
    part_status(bench, repo, options.cold_repeat)
    part_check(bench, repo)
    if options.history_repo is None:
        print("part 2 skipped: give --history-repo PATH (a git clone of a real project)")
    else:
        part_history(bench, options)
    report(bench)
    print(f"load at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
