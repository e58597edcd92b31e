"""Index speed and memory on a copy of the running interpreter's standard library.

Usage: python benchmarks/bench_index.py [--jobs N] [--repeat N] [--keep DIR]

Measured in one run, on the same number of worker processes:
  floor      read every file and ast.parse it (a process pool, nothing else)
  cold       `refcoord index` with no cache
  warm       `refcoord index` again, nothing changed
  edit-body  `refcoord index` after editing one function body
  edit-api   `refcoord index` after adding a top-level function (every file is resolved again)
  refs       `refcoord refs NAME` on a warm index
Each refcoord figure is the wall time of the whole command in a fresh process, as a user sees it.
The floor and the cold run are measured --repeat times, alternately, and the fastest of each
counts (a busy machine slows single runs by up to a third); every run is printed.
Peak memory is the largest resident set of the refcoord process plus that of its largest worker.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

TARGETS = {"cold/floor": 2.0, "warm": 1.0, "edit-body": 1.5, "refs": 0.5, "peak MiB": 1024.0}
RUNNER = (
    "import resource, sys\n"
    "from refactor_coord.cli import app\n"
    "try:\n"
    "    app(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'PEAK_KIB {me} {kids}', file=sys.stderr)\n"
)


def copy_stdlib(into: Path) -> Path:
    """Copy the standard library (without site-packages and bytecode) to ``into``."""
    source = Path(sysconfig.get_paths()["stdlib"])
    target = into / "stdlib"
    shutil.copytree(
        source,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc"),
    )
    return target


def _parse(path: str) -> bool:
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def floor(root: Path, jobs: int) -> float:
    """Seconds to read and ast.parse every .py file on ``jobs`` processes."""
    files = [str(p) for p in root.rglob("*.py")]
    started = time.perf_counter()
    with Pool(jobs) as pool:
        list(pool.imap_unordered(_parse, files, chunksize=8))
    return time.perf_counter() - started


def refcoord(*args: str) -> tuple[float, str, int]:
    """Run refcoord in a fresh process: (seconds, stdout, peak KiB of process + largest worker)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    peak = 0
    for line in done.stderr.splitlines():
        if line.startswith("PEAK_KIB"):
            _, me, kids = line.split()
            peak = int(me) + int(kids)
    if "error" in done.stderr.split("PEAK_KIB")[0]:
        raise SystemExit(done.stderr)
    return seconds, done.stdout, peak


def edit(path: Path, text: str) -> None:
    """Append ``text`` to a file and move its mtime forward."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--repeat", type=int, default=3, help="floor and cold runs (the fastest counts)"
    )
    parser.add_argument("--keep", type=Path, help="copy the corpus here and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="refcoord-bench-"))
    root = copy_stdlib(work)
    jobs = str(options.jobs)
    files = sum(1 for _ in root.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in root.rglob("*.py"))
    print(
        f"corpus: {files} files, {lines:,} lines (Python {sys.version.split()[0]}), {jobs} workers"
    )

    floors: list[float] = []
    colds: list[float] = []
    for _ in range(max(1, options.repeat)):
        floors.append(floor(root, options.jobs))
        shutil.rmtree(root / ".refcoord", ignore_errors=True)
        seconds, out, peak_cold = refcoord(
            "index", "--repo", str(root), "--jobs", jobs, "--format", "json"
        )
        colds.append(seconds)
    print(
        "floor runs "
        + " ".join(f"{t:.2f}" for t in floors)
        + "; cold runs "
        + " ".join(f"{t:.2f}" for t in colds)
    )
    results: dict[str, float] = {"floor": min(floors), "cold": min(colds)}
    summary = json.loads(out)
    results["warm"], _, peak_warm = refcoord("index", "--repo", str(root), "--jobs", jobs)
    edit(root / "json" / "decoder.py", "\n\ndef _bench_probe():\n    return 1\n")
    refcoord("index", "--repo", str(root), "--jobs", jobs)
    edit(root / "json" / "decoder.py", "    # a comment inside the body\n")
    results["edit-body"], _, _ = refcoord("index", "--repo", str(root), "--jobs", jobs)
    edit(root / "json" / "decoder.py", "\n\ndef _bench_probe_two():\n    return 2\n")
    results["edit-api"], _, _ = refcoord("index", "--repo", str(root), "--jobs", jobs)
    results["refs"], refs_out, _ = refcoord(
        "refs", "json.loads", "--repo", str(root), "--format", "json"
    )
    results["refs-os.path.join"], _, _ = refcoord("refs", "os.path.join", "--repo", str(root))
    found = len(json.loads(refs_out)["references"])
    peak_mib = max(peak_cold, peak_warm) / 1024

    print(
        f"index: {summary['modules']} modules, {summary['definitions']:,} definitions, "
        f"{summary['references']:,} references, {summary['failed']} failed, "
        f"{summary['skipped']} skipped"
    )
    print(f"refs json.loads: {found} references")
    print(f"{'measure':<20}{'seconds':>9}{'ratio to floor':>16}")
    for name, seconds in results.items():
        print(f"{name:<20}{seconds:>9.2f}{seconds / results['floor']:>16.2f}")
    print(f"{'peak memory':<20}{peak_mib:>9.0f} MiB")
    checks = {
        "cold/floor": results["cold"] / results["floor"],
        "warm": results["warm"],
        "edit-body": results["edit-body"],
        "refs": results["refs"],
        "peak MiB": peak_mib,
    }
    for name, value in checks.items():
        verdict = "ok" if value <= TARGETS[name] else "MISSED"
        print(f"target {name:<11} {value:>8.2f} <= {TARGETS[name]:<7} {verdict}")
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
