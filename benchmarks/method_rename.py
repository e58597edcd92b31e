"""An end-to-end method rename with refcoord against rope's rename, on a copy of the standard
library, with recall checked against a grep count.

Usage: python benchmarks/method_rename.py [--method Q.NAME] [--new NAME]

The default renames ``argparse._ActionsContainer.add_argument`` (what ``ArgumentParser`` and its
argument groups inherit; called from hundreds of places, most in ``test_argparse``) to
``add_argument_v2``. On one copy of the standard library made a git repository:
  refcoord  a change-api refactoring of the method (rename only), ``refcoord plan``, then
            ``refcoord apply step N --tests none --no-branch`` for every step in turn (a step
            holding only calls left for a person is refused, and deprecate waits while calls on
            receivers of unknown type are left): wall time of those fresh processes, from a
            cold index
  rope      rope 1.x's ``Rename`` at the method's definition, one file at a time (its parser
            fails on some files of the standard library; those are skipped and counted), on
            the files that contain the name: wall time of the search and the changes computed
  grep      the lines that call ``.NAME(`` anywhere: every call of a method of that name,
            other classes' too (``optparse`` has none; argparse's own ``add_argument`` on
            other objects would count)
Each call site is a (file, line). Printed: each count, what both changed, and what only one
changed (by file, the first few lines), and the seconds. rope is not a dependency of refcoord:
``pip install rope`` to run this.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import copy_stdlib
from method_refs import definition

Site = tuple[str, int]

CONFIG = """
[campaign]
name = "bench"
tests = "none"
max_files_per_step = 40
max_sites_per_step = 400

[[refactor]]
id = "rename"
kind = "change-api"
old = "{old}"
new = "{new}"
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def refcoord(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "refactor_coord", *args, "--repo", str(repo)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def calls(repo: Path, name: str, files: list[str] | None = None) -> set[Site]:
    """The lines that call ``.name(`` (grep's count), in ``files`` or every .py file."""
    pattern = re.compile(rf"\.{re.escape(name)}\s*\(")
    found: set[Site] = set()
    paths = [repo / f for f in files] if files is not None else sorted(repo.rglob("*.py"))
    for path in paths:
        if ".refcoord" in path.parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                found.add((str(path.relative_to(repo)), number))
    return found


def refcoord_rename(repo: Path, old: str, new: str) -> tuple[set[Site], float, list[str]]:
    """The call sites refcoord rewrote (lines that call the new name now), its seconds (index,
    plan, every step it applies), and the steps' outcomes."""
    (repo / "refcoord.toml").write_text(
        CONFIG.format(old=old, new=f"{old.rpartition('.')[0]}.{new}")
    )
    git(repo, "add", "refcoord.toml")
    git(repo, "commit", "-q", "-m", "the refactoring")
    started = time.perf_counter()
    planned = refcoord(repo, "plan")
    if planned.returncode != 0:
        raise SystemExit(f"refcoord plan failed:\n{planned.stderr}")
    git(repo, "add", "-f", ".refcoord")
    git(repo, "commit", "-q", "-m", "plan")
    plan = json.loads((repo / ".refcoord" / "bench" / "plan.json").read_text())
    outcomes: list[str] = []
    for step in plan["steps"]:  # each in turn: a step left to a person does not stop the rest
        number = str(step["number"])
        applied = refcoord(repo, "apply", "step", number, "--tests", "none", "--no-branch")
        said = (applied.stdout if applied.returncode == 0 else applied.stderr).strip()
        last = [ln for ln in said.splitlines() if ln.startswith(("applied", "refcoord: error"))]
        outcomes.append(f"step {number} {step['phase']}: {(last or ['?'])[0][:200]}")
    seconds = time.perf_counter() - started
    return calls(repo, new), seconds, outcomes


def rope_rename(repo: Path, name: str, new: str) -> tuple[set[Site], float, list[str]]:
    """The lines rope's rename changes, its seconds, and the files it could not read."""
    from rope.base.project import Project
    from rope.refactor.rename import Rename

    path, line, offset = definition(repo, name)
    word = name.rsplit(".", 1)[1]
    project = Project(str(repo), ropefolder=None)
    sites: set[Site] = set()
    failed: list[str] = []
    try:
        resource = project.get_resource(path)
        files = [f for f in project.get_python_files() if word in f.read()]
        started = time.perf_counter()
        for file in files:
            try:
                changes = Rename(project, resource, offset).get_changes(
                    new, resources=[file], docs=False, unsure=None
                )
            except Exception:  # noqa: BLE001 - rope's parser, on a file it cannot read
                failed.append(file.path)
                continue
            for change in changes.changes:
                before = change.resource.read().splitlines()
                after = change.new_contents.splitlines()
                sites |= {
                    (change.resource.path, n)
                    for n, (a, b) in enumerate(zip(before, after, strict=False), 1)
                    if a != b and re.search(rf"\.{re.escape(new)}\s*\(", b)
                }
        seconds = time.perf_counter() - started
    finally:
        project.close()
    return sites - {(path, line)}, seconds, failed


def show(label: str, sites: set[Site], limit: int = 12) -> None:
    by_file: dict[str, list[int]] = {}
    for path, line in sorted(sites):
        by_file.setdefault(path, []).append(line)
    print(f"  {label}: {len(sites)} in {len(by_file)} files")
    for path, lines in list(by_file.items())[:limit]:
        print(f"    {path}: {', '.join(map(str, lines[:8]))}{' ...' if len(lines) > 8 else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--method", default="argparse._ActionsContainer.add_argument")
    parser.add_argument("--new", default="add_argument_v2")
    args = parser.parse_args()
    word = args.method.rpartition(".")[2]
    with tempfile.TemporaryDirectory() as tmp:
        ours_repo = copy_stdlib(Path(tmp) / "ours")
        theirs_repo = Path(tmp) / "theirs"
        shutil.copytree(ours_repo, theirs_repo, symlinks=True)
        git(ours_repo, "init", "-q", "-b", "main")
        git(ours_repo, "add", "-A")
        git(ours_repo, "commit", "-q", "-m", "stdlib")
        grep = calls(ours_repo, word)
        ours, our_seconds, outcomes = refcoord_rename(ours_repo, args.method, args.new)
        theirs, their_seconds, failed = rope_rename(theirs_repo, args.method, args.new)
    print(
        f"{args.method} -> {args.new}, on the standard library of Python {sys.version.split()[0]}"
    )
    print(f"grep: {len(grep)} lines call .{word}(")
    print(f"refcoord: {len(ours)} rewritten in {our_seconds:.1f} s (index, plan, steps)")
    for outcome in outcomes:
        print(f"    {outcome}")
    print(f"rope: {len(theirs)} changed in {their_seconds:.1f} s ({len(failed)} files unread)")
    both = ours & theirs
    print(f"both: {len(both)}")
    show("refcoord only", ours - theirs)
    show("rope only", theirs - ours)
    show("grep only (neither changed)", grep - ours - theirs)


if __name__ == "__main__":
    main()
