"""`refcoord plan` speed on a copy of the running interpreter's standard library.

Usage: python benchmarks/bench_plan.py [--jobs N]

Writes a refcoord.toml with a change-api on `posixpath.join` (hundreds of references, most of
them through `os.path.join`), indexes once (not measured), then measures in one run:
  warm-index  `refcoord index` with nothing changed (the baseline every command pays)
  plan        `refcoord plan` on the warm index (first plan)
  re-plan     `refcoord plan` again (loads the previous plan, keeps its numbers)
Each figure is the wall time of a fresh process, as a user sees it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import copy_stdlib

TARGET_SECONDS = 2.0
CONFIG = """
[campaign]
name = "bench"

[[refactor]]
id = "join-to-join-paths"
kind = "change-api"
old = "posixpath.join"
new = "posixpath.join_paths"
"""


def run(*args: str) -> tuple[float, str]:
    """Seconds and stdout of one refcoord command in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "refactor_coord", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="refcoord-bench-plan-"))
    root = copy_stdlib(work)
    (root / "refcoord.toml").write_text(CONFIG, encoding="utf-8")
    repo = str(root)
    run("index", "--repo", repo, "--jobs", str(options.jobs))
    results = {"warm-index": run("index", "--repo", repo)[0]}
    results["plan"], out = run("plan", "--repo", repo, "--format", "json")
    results["re-plan"], _ = run("plan", "--repo", repo)
    plan = json.loads(out)
    steps = plan["steps"]
    rewritten = sum(s["rewritten"] for s in steps)
    review = sum(s["review_count"] for s in steps)
    print(f"corpus: {root}, change-api on posixpath.join")
    print(f"plan: {len(steps)} steps, {rewritten} references rewritten, {review} left for review")
    for name, seconds in results.items():
        print(f"{name:<12}{seconds:>7.2f} s")
    verdict = "ok" if results["plan"] <= TARGET_SECONDS else "MISSED"
    print(f"target plan <= {TARGET_SECONDS} s: {results['plan']:.2f} s {verdict}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
