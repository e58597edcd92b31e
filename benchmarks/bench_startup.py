"""Start-up time of the `refcoord` command, against the interpreter's own start-up.

Usage: python benchmarks/bench_startup.py [--repeat N] [--lines N] [--keep DIR]

Measured in one run, each figure the median wall time of --repeat fresh processes (the
commands take turns, so a busy moment slows all of them alike):
  floor      `python -c pass`: the interpreter's start-up, which no command can beat
  version    `refcoord --version`
  help       `refcoord --help`
  refs       `refcoord refs NAME` on a warm index of a generated project (20,000 lines by
             default: a package of modules whose functions call each other's), indexed once
             before the runs and not measured
Each refcoord figure runs the installed console script (the one next to this interpreter), as
a user runs it. Set PYTHONPATH to another checkout's `src` to measure that code instead.
The CPU time (user + system) of each process is printed too: on a busy machine the wall times
grow, the CPU times much less; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"version": 0.080, "refs": 0.150}
NAME = "app.m000.f000"

#: Functions per module, and lines per function (a signature, a docstring, a body).
_FUNCTIONS = 16
_CALLEES = (1, 7, 31)  # module i imports modules i+1, i+7 and i+31 (modulo the count)


def command() -> list[str]:
    """The installed `refcoord` console script, next to the running interpreter."""
    script = Path(sys.executable).parent / "refcoord"
    if not script.exists():
        found = shutil.which("refcoord")
        if found is None:
            raise SystemExit("no `refcoord` console script: pip install -e . first")
        script = Path(found)
    return [str(script)]


def module_text(i: int, count: int) -> str:
    """Module ``app.m{i}``: three imports, a constant, functions calling the imported
    modules' functions and each other, and a small class."""
    deps = [(i + d) % count for d in _CALLEES]
    lines = [f'"""Generated module {i} of {count}."""', "", "from __future__ import annotations"]
    lines.append("")
    lines += [f"from app import m{d:03d}" for d in deps]
    lines += ["", f"LIMIT = {i + 10}", ""]
    for f in range(_FUNCTIONS):
        d = deps[f % len(deps)]
        lines += [
            "",
            f"def f{f:03d}(value: int, scale: int = 2) -> int:",
            f'    """Scale ``value`` and pass it on (function {f} of module {i})."""',
            "    total = value * scale",
            "    if total > LIMIT:",
            f"        total = m{d:03d}.f{(f + 1) % _FUNCTIONS:03d}(total - LIMIT)",
            f"    return total + f{(f + 1) % _FUNCTIONS:03d}(0) if value else total",
        ]
    lines += [
        "",
        "",
        f"class Worker{i:03d}:",
        f'    """Holds a value for module {i}."""',
        "",
        "    def __init__(self, value: int) -> None:",
        "        self.value = value",
        "",
        "    def run(self) -> int:",
        f"        return f000(self.value) + m{deps[0]:03d}.f000(self.value)",
        "",
    ]
    return "\n".join(lines)


def generate(root: Path, lines: int) -> tuple[int, int]:
    """Write the project under ``root``; returns (modules, lines)."""
    per_module = module_text(0, 2).count("\n") + 1
    count = max(2, round(lines / per_module))
    package = root / "app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Generated package."""\n', encoding="utf-8")
    written = 1
    for i in range(count):
        text = module_text(i, count)
        (package / f"m{i:03d}.py").write_text(text, encoding="utf-8")
        written += text.count("\n") + 1
    return count, written


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and stdout of one command in a fresh process."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return seconds, _children_cpu() - cpu, done.stdout


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=21, help="runs of each command (median)")
    parser.add_argument("--lines", type=int, default=20_000, help="size of the project")
    parser.add_argument("--keep", type=Path, help="generate the project here and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="refcoord-startup-"))
    project = work / "project"
    modules, lines = generate(project, options.lines)
    refcoord = command()
    run([*refcoord, "index", "--repo", str(project)])  # the cache every later run finds warm
    *_, out = run([*refcoord, "refs", NAME, "--repo", str(project), "--format", "json"])
    found = out.count('"written"')
    *_, version = run([*refcoord, "--version"])
    print(
        f"{version.strip()}, Python {sys.version.split()[0]}, {refcoord[0]}, "
        f"{len(os.sched_getaffinity(0))} cores\n"
        f"project: {modules} modules, {lines:,} lines; refs {NAME}: {found} references\n"
        f"load average before: {load()}"
    )

    commands = {
        "floor": [sys.executable, "-c", "pass"],
        "version": [*refcoord, "--version"],
        "help": [*refcoord, "--help"],
        "refs": [*refcoord, "refs", NAME, "--repo", str(project)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(1, options.repeat)):
        for name, argv in commands.items():
            seconds, cpu, _ = run(argv)
            times[name].append(seconds)
            cpus[name].append(cpu)
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    print(f"load average after: {load()}; {options.repeat} runs of each")

    print(
        f"{'measure':<10}{'median s':>10}{'ratio to floor':>16}{'min s':>8}{'max s':>8}"
        f"{'median cpu s':>14}"
    )
    for name, seconds in medians.items():
        print(
            f"{name:<10}{seconds:>10.3f}{seconds / medians['floor']:>16.2f}"
            f"{min(times[name]):>8.3f}{max(times[name]):>8.3f}"
            f"{statistics.median(cpus[name]):>14.3f}"
        )
    for name, target in TARGETS.items():
        verdict = "ok" if medians[name] <= target else "MISSED"
        print(f"target {name:<8} {medians[name]:.3f} s <= {target:.3f} s {verdict}")
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
