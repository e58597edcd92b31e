"""`refcoord refs` on methods against rope's find_occurrences: recall, false positives, time.

Usage: python benchmarks/method_refs.py PROJECT_DIR pkg.mod.Class.method [...]

For each method, on a copy of PROJECT_DIR (rope writes its own folder there):
  refcoord  `refcoord refs NAME --format json` in a fresh process on a warm index: the
            references (not the "uncertain" list, which is for a person to look at)
  rope      rope's ``find_occurrences`` at the method's definition (rope 1.x, ``unsure=False``),
            in-process, after rope has built its project (not measured)
Each call site is a (file, line); the definition itself is left out of both. Printed: each
tool's count, how many both found, what only one of them found (to judge by reading the
lines: a true call rope or refcoord missed, or a false match), and the seconds.

rope is not a dependency of refcoord: `pip install rope` to run this.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

Site = tuple[str, int]


def refcoord_sites(repo: Path, name: str) -> tuple[set[Site], float]:
    """The references ``refcoord refs`` reports, and its wall time on a warm index."""
    command = [sys.executable, "-m", "refactor_coord", "refs", name, "--format", "json"]
    subprocess.run([*command[:3], "index"], cwd=repo, capture_output=True, check=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    found = json.loads(done.stdout)
    sites = {(r["path"], r["line"]) for r in found["references"] if r["kind"] != "import"}
    return sites, seconds


def definition(repo: Path, name: str) -> tuple[str, int, int]:
    """(path, line, character offset in the file) of the method's name in its ``def``."""
    module, cls, method = name.rsplit(".", 2)
    for candidate in (
        Path(*module.split(".")).with_suffix(".py"),
        Path(*module.split("."), "__init__.py"),
    ):
        for root in (repo, repo / "src"):
            path = root / candidate
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                for node in ast.walk(ast.parse(text)):
                    if isinstance(node, ast.ClassDef) and node.name == cls:
                        for item in node.body:
                            if isinstance(item, ast.FunctionDef) and item.name == method:
                                lines = text.splitlines(keepends=True)
                                start = sum(len(x) for x in lines[: item.lineno - 1])
                                col = lines[item.lineno - 1].index("def " + method) + 4
                                return str(path.relative_to(repo)), item.lineno, start + col
    raise SystemExit(f"no method {name} in {repo}")


def rope_sites(repo: Path, name: str) -> tuple[set[Site], float, list[str]]:
    """The occurrences rope finds, the seconds its search took, and the files it could not
    read (rope's own parser fails on some: searched one file at a time, those are skipped)."""
    from rope.base.project import Project
    from rope.contrib.findit import find_occurrences

    path, line, offset = definition(repo, name)
    word = name.rsplit(".", 1)[1]
    project = Project(str(repo))
    sites: set[Site] = set()
    failed: list[str] = []
    try:
        project.validate()
        resource = project.get_resource(path)
        files = [f for f in project.get_python_files() if word in f.read()]
        started = time.perf_counter()
        for file in files:
            try:
                found = find_occurrences(project, resource, offset, unsure=False, resources=[file])
            except Exception:  # noqa: BLE001 - rope's parser, on a file it cannot read
                failed.append(file.path)
                continue
            sites |= {(o.resource.path, o.lineno) for o in found}
        seconds = time.perf_counter() - started
    finally:
        project.close()
    return sites - {(path, line)}, seconds, failed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("project", type=Path)
    parser.add_argument("methods", nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(args.project, repo, ignore=shutil.ignore_patterns(".git", ".refcoord"))
        head = ("refcoord", 8), ("rope", 5), ("both", 5), ("s refcoord", 10), ("s rope", 7)
        print(f"{'method':52}", *(f"{label:>{width}}" for label, width in head))
        for name in args.methods:
            ours, our_seconds = refcoord_sites(repo, name)
            theirs, their_seconds, failed = rope_sites(repo, name)
            both = ours & theirs
            print(
                f"{name:52} {len(ours):8} {len(theirs):5} {len(both):5} "
                f"{our_seconds:10.2f} {their_seconds:7.2f}"
            )
            for file in failed:
                print(f"    rope could not read {file}")
            for label, only in (("refcoord only", ours - theirs), ("rope only", theirs - ours)):
                for path, line in sorted(only):
                    text = (repo / path).read_text(encoding="utf-8").splitlines()[line - 1]
                    print(f"    {label:13} {path}:{line}: {text.strip()[:70]}")


if __name__ == "__main__":
    main()
