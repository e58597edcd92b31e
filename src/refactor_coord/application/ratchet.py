"""Use case: ``refcoord check``, the CI ratchet: the uses of deprecated names that a change adds.

The change is the working tree (committed or not, untracked files too) against a base commit:
by default where the branch left the campaign's base branch. In each changed file, the uses of
every deprecated name (the campaign's old names; with ``inventory``, every deprecation the code
declares) are found now (the index) and at the base (the file's blob there, resolved against
the rest of the repository). A use is new when its line's text is not among the base's uses of
that name in that file (moved lines are not new). A new use is accepted when its line says
``# refcoord: allow[name]`` or the baseline file lists it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.index_store import IndexStore, open_store
from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.discovery import detect_source_roots, module_file
from refactor_coord.analysis.in_memory import linked_references
from refactor_coord.analysis.link import link_file
from refactor_coord.analysis.parsing import Parsed, parse_source
from refactor_coord.analysis.raw import FileFacts, Surface, decode_surface
from refactor_coord.analysis.resolve import Resolver
from refactor_coord.application.indexing import CACHE_DIR, Progress, index_repository
from refactor_coord.application.inventory import caller_filter, deprecation_inventory
from refactor_coord.application.progress import Where, replacement_of, rule_for, where_in
from refactor_coord.application.references import is_class, reference_from_row
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.facts import Reference
from refactor_coord.domain.progress import Finding
from refactor_coord.domain.uses import Rule, uses_of

_ALLOW = re.compile(r"#\s*refcoord:\s*allow\[([^\]]*)\]")
BASELINE_SCHEMA = "refcoord-baseline/1"


@dataclass(frozen=True, slots=True)
class Watched:
    """A deprecated name the ratchet watches."""

    rule: Rule  #: how its uses are counted
    replacement: str
    source: Literal["campaign", "inventory"]
    message: str = ""
    counts: Callable[[Reference], bool] = lambda ref: True  #: a use counts (a parameter's)

    @property
    def name(self) -> str:
        """The deprecated name."""
        return self.rule.name


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What ``refcoord check`` found."""

    base: str  #: the base as given or defaulted (a branch name, a commit)
    base_commit: str
    files: int  #: changed Python files checked
    findings: tuple[Finding, ...]  #: new uses not accepted
    accepted: int  #: new uses accepted by an allow comment or the baseline
    baseline_written: bool = False


def check_change(
    repo: Path,
    config: Config,
    *,
    base: str | None = None,
    inventory: bool = False,
    baseline: Path | None = None,
    update_baseline: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """The new uses of deprecated names in the change since ``base``.

    Raises:
        UsageError: there is no base to compare with, nothing is watched, or the baseline
            file is not one.
        GitError: the base is not a commit of the repository.
    """
    label = base or _default_base(repo, config)
    base_commit = git_repo.merge_base(repo, label)
    index_repository(repo, config, workers=workers, progress=progress, cycles=False)
    store, _ = open_store(repo / CACHE_DIR)
    try:
        where = where_in(repo, store)
        watched = _watched(repo, config, store, where, inventory)
        changed = [
            (p, old)
            for p, old in git_repo.changed_since(repo, base_commit)
            if p in where.files and where.files[p].status == "ok"
        ]
        found = _new_uses(repo, store, where, watched, changed, base_commit)
    finally:
        store.close()
    path = baseline or default_baseline(repo)
    if update_baseline:
        unmarked, _ = _accept(repo, found, {})
        _write_baseline(path, repo, unmarked)
        return CheckResult(label, base_commit, len(changed), (), len(unmarked), True)
    findings, accepted = _accept(repo, found, _read_baseline(path))
    return CheckResult(label, base_commit, len(changed), tuple(findings), accepted)


def default_baseline(repo: Path) -> Path:
    """Where the baseline is kept unless ``--baseline`` says otherwise."""
    return repo / ".refcoord" / "check-baseline.json"


def _default_base(repo: Path, config: Config) -> str:
    if config.campaign.base:
        return config.campaign.base
    for name in ("main", "master"):
        if git_repo.ref_exists(repo, name) and git_repo.current_branch(repo) != name:
            return name
    raise UsageError(
        "no base to compare with: give --base REF (such as origin/main), or set [campaign] "
        "base in the configuration"
    )


def _watched(
    repo: Path, config: Config, store: IndexStore, where: Where, inventory: bool
) -> list[Watched]:
    watched = []
    for spec in config.refactors:
        for name in spec.old_names():
            new = replacement_of(spec, name)
            cls = is_class(store, name) or is_class(store, new)
            watched.append(Watched(replace(rule_for(spec, name), is_class=cls), new, "campaign"))
    if inventory:
        for entry in deprecation_inventory(repo, store, where, callers=False):
            d = entry.deprecation
            rule = Rule(d.qname, is_class(store, d.qname))
            watched.append(Watched(rule, "", "inventory", d.message, caller_filter(repo, d)))
    if not watched:
        raise UsageError(
            "nothing to watch: the configuration names no [[refactor]] (add --inventory to "
            "watch the deprecations already in the code)"
        )
    return watched


def _uses(
    refs: Sequence[Reference], watched: Sequence[Watched]
) -> list[tuple[Watched, Reference]]:
    return [(w, ref) for w in watched for ref in uses_of(w.rule, refs) if w.counts(ref)]


def _new_uses(
    repo: Path,
    store: IndexStore,
    where: Where,
    watched: Sequence[Watched],
    changed: Sequence[tuple[str, str | None]],
    base_commit: str,
) -> list[Finding]:
    paths = [p for p, _ in changed]
    now = _uses([reference_from_row(r) for r in store.references_in(paths)], watched)
    if not now:
        return []
    before = _base_uses(repo, store, where, changed, base_commit, watched)
    texts = {p: (read_source(repo / p) or "").splitlines() for p in {r.path for _, r in now}}
    left = {key: Counter(lines) for key, lines in before.items()}
    found = []
    for w, ref in now:
        text = _line(texts[ref.path], ref.line)
        remaining = left.get((ref.path, w.name), Counter())
        if remaining[text] > 0:
            remaining[text] -= 1
            continue
        found.append(
            Finding(
                ref.path,
                ref.line,
                ref.col,
                w.name,
                ref.written,
                w.replacement,
                w.source,
                w.message,
            )
        )
    return sorted(found, key=lambda f: (f.path, f.line, f.col, f.name))


def _line(lines: Sequence[str], number: int) -> str:
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _base_uses(
    repo: Path,
    store: IndexStore,
    where: Where,
    changed: Sequence[tuple[str, str | None]],
    base_commit: str,
    watched: Sequence[Watched],
) -> dict[tuple[str, str], list[str]]:
    """For each changed file and watched name, the line texts of its uses at the base."""
    old_paths = {old: new for new, old in changed if old is not None}
    blobs = git_repo.blobs_at(repo, base_commit, sorted(old_paths))
    roots = detect_source_roots({p.rsplit("/", 1)[0] for p in where.files if "/" in p})
    parsed: dict[str, FileFacts] = {}
    for old, source in blobs.items():
        row = where.files.get(old_paths[old])
        mf = module_file(old, roots)
        module = row.module if row is not None and old == row.path else mf.module
        outcome = parse_source(old, source, module, mf.is_package)
        facts = FileFacts.decode(outcome.blob) if isinstance(outcome, Parsed) else None
        if facts is not None:
            parsed[old] = facts
    resolver = Resolver(_surfaces(store, where, {p for p, _ in changed}, parsed.values()))
    found: dict[tuple[str, str], list[str]] = {}
    for number, (old, facts) in enumerate(sorted(parsed.items())):
        lines = blobs[old].decode("utf-8", "replace").splitlines()
        refs = linked_references(old, link_file(facts, resolver, -1 - number).refs)
        for w, ref in _uses(refs, watched):
            found.setdefault((old_paths[old], w.name), []).append(_line(lines, ref.line))
    return found


def _surfaces(
    store: IndexStore, where: Where, changed: set[str], base: Iterable[FileFacts]
) -> list[Surface]:
    """Every module's surface as the base had it: the index's, but for the changed files."""
    keys = [r.fact_key for p, r in where.files.items() if r.status == "ok" and p not in changed]
    surfaces = [decode_surface(blob) for _, blob in store.surface_blobs(keys)]
    return [s for s in surfaces if s is not None] + [f.surface for f in base]


def _allowed(lines: Sequence[str], finding: Finding) -> bool:
    match = _ALLOW.search(lines[finding.line - 1]) if finding.line <= len(lines) else None
    if match is None:
        return False
    names = {n.strip() for n in match.group(1).split(",")}
    return bool(names & {finding.name, finding.name.rsplit(".", 1)[-1], "*"})


def _accept(
    repo: Path, found: Sequence[Finding], baseline: Mapping[tuple[str, str, str], int]
) -> tuple[list[Finding], int]:
    left = Counter(baseline)
    texts = {p: (read_source(repo / p) or "").splitlines() for p in {f.path for f in found}}
    kept = []
    for finding in found:
        lines = texts[finding.path]
        key = (finding.path, finding.name, _line(lines, finding.line))
        if _allowed(lines, finding):
            continue
        if left[key] > 0:
            left[key] -= 1
            continue
        kept.append(finding)
    return kept, len(found) - len(kept)


def _read_baseline(path: Path) -> dict[tuple[str, str, str], int]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != BASELINE_SCHEMA:
            raise ValueError(f"schema {data.get('schema')!r} is not {BASELINE_SCHEMA}")
        return {
            (str(e["path"]), str(e["name"]), str(e["text"])): int(e["count"])
            for e in data["accepted"]
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(
            f"{path}: not a refcoord check baseline ({error}); write a new one with "
            "`refcoord check --update-baseline`"
        ) from None


def _write_baseline(path: Path, repo: Path, found: Sequence[Finding]) -> None:
    texts = {p: (read_source(repo / p) or "").splitlines() for p in {f.path for f in found}}
    counts = Counter((f.path, f.name, _line(texts[f.path], f.line)) for f in found)
    accepted = [
        {"path": p, "name": n, "text": t, "count": c} for (p, n, t), c in sorted(counts.items())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema": BASELINE_SCHEMA, "accepted": accepted}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
