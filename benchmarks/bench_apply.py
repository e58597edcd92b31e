"""`refcoord apply` speed for a migrate step of 10 files, on a copy of the standard library.

Usage: python benchmarks/bench_apply.py

The copy becomes a git repository; an extract-module moves `textwrap.dedent` and `textwrap.indent`
(used all over the standard library and its tests) to a new module `textwrap_tools`, with
`max_files_per_step = 10`. After the expand step is applied, the benchmark times, in one run:
  warm-index   `refcoord index` with nothing changed (the baseline every command pays)
  dry-run      `refcoord apply step N --dry-run` for a 10-file migrate step (compute + diff)
  apply        `refcoord apply step N --tests none --no-branch` (compute, check, write, re-index,
               commit): the cost on top of the tests the step would run
for two 10-file migrate steps: the one of median size and the largest (test modules of several
thousand lines each).
Each figure is the wall time of a fresh process, as a user sees it.
"""

from __future__ import annotations

import json
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
max_files_per_step = 10
max_sites_per_step = 200

[[refactor]]
id = "textwrap-tools"
kind = "extract-module"
source = "textwrap"
target = "textwrap_tools"
symbols = ["dedent", "indent"]
"""


def run(repo: Path, *args: str) -> tuple[float, str]:
    """Seconds and stdout of one refcoord command in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "refactor_coord", *args, "--repo", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"refcoord {' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="refcoord-bench-apply-"))
    repo = copy_stdlib(work)
    (repo / "refcoord.toml").write_text(CONFIG, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "bench")
    git(repo, "config", "user.email", "bench@invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "stdlib")
    _, out = run(repo, "plan", "--format", "json")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    steps = json.loads(out)["steps"]
    run(repo, "apply", "step", "1", "--tests", "none", "--no-branch")
    run(repo, "index")  # re-resolves the importers of the expanded module, once, before timing
    full = [s for s in steps if s["phase"] == "migrate" and len(s["files"]) == 10]
    by_size = sorted(full, key=lambda s: (sum(_lines(repo / f) for f in s["files"]), s["number"]))
    chosen = {"typical": by_size[len(by_size) // 2], "largest": by_size[-1]}
    print(f"corpus: standard library copy; {len(full)} migrate steps of 10 files")
    print(f"{'step':<24}{'lines':>8}{'rewrites':>10}{'dry-run':>10}{'apply':>9}")
    results = {"warm-index": run(repo, "index")[0]}
    for label, step in chosen.items():
        number = str(step["number"])
        lines = sum(_lines(repo / f) for f in step["files"])
        dry, _ = run(repo, "apply", "step", number, "--dry-run")
        applied, _ = run(repo, "apply", "step", number, "--tests", "none", "--no-branch")
        results[label] = applied
        print(
            f"{label + ' (step ' + number + ')':<24}{lines:>8}{step['rewritten']:>10}"
            f"{dry:>9.2f}s{applied:>8.2f}s"
        )
    print(f"warm-index {results['warm-index']:.2f} s (every command pays it)")
    for label in chosen:
        verdict = "ok" if results[label] <= TARGET_SECONDS else "MISSED"
        print(
            f"target apply (without tests) <= {TARGET_SECONDS} s, {label}: "
            f"{results[label]:.2f} s {verdict}"
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
