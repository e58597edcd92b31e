"""Use case: ``refcoord check``, the CI ratchet: the uses of deprecated names that a change adds,
and the unsafe migrations (squawk's findings on the Alembic revisions it adds,
:mod:`.migration_lint`).

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.index_store import IndexStore, open_store
from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.discovery import source_roots_for
from refactor_coord.application.base_uses import Base, BaseFile, line_at, uses_at_base
from refactor_coord.application.indexing import CACHE_DIR, Progress, index_repository
from refactor_coord.application.inventory import caller_filter, deprecation_inventory
from refactor_coord.application.migration_lint import migration_findings
from refactor_coord.application.progress import Where, where_in
from refactor_coord.application.references import indexed_rule, reference_from_row
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.facts import Reference
from refactor_coord.domain.progress import Finding
from refactor_coord.domain.uses import Rule, rule_for, uses_of

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
        change = git_repo.changed_since(repo, base_commit)
        roots = source_roots_for(config.campaign.source_roots, where.files)
        base_at = Base(repo, base_commit, change, roots)
        found = _new_uses(base_at, store, where, watched)
    finally:
        store.close()
    added = [path for path, before in change.changed if before is None]
    found = [*found, *migration_findings(repo, added, roots)]
    path = baseline or default_baseline(repo)
    if update_baseline:
        unmarked, _ = _accept(repo, found, {})
        _write_baseline(path, repo, unmarked)
        return CheckResult(label, base_commit, _files(change), (), len(unmarked), True)
    findings, accepted = _accept(repo, found, _read_baseline(path))
    return CheckResult(label, base_commit, _files(change), tuple(findings), accepted)


def _files(change: git_repo.Change) -> int:
    return sum(1 for p, _ in change.changed if p.endswith(".py"))


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
            new = spec.replacement(name)
            rule, _ = indexed_rule(store, where.modules, rule_for(spec, name), new)
            watched.append(Watched(rule, new, "campaign"))
    if inventory:
        for entry in deprecation_inventory(repo, store, where, callers=False):
            d = entry.deprecation
            rule, _ = indexed_rule(store, where.modules, Rule(d.qname, reexports=True))
            counts = caller_filter(repo, d, rule.aliases)
            watched.append(Watched(rule, "", "inventory", d.message, counts))
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
    base: Base, store: IndexStore, where: Where, watched: Sequence[Watched]
) -> list[Finding]:
    """The uses the change adds. In each changed file, for each name, the uses beyond as many
    as the file held at the base are new: those whose line text the base did not have first
    (an edited, moved or re-spelled line that keeps its use adds nothing)."""
    paths = [p for p, _ in base.change.changed if p in where.files]
    now = _uses([reference_from_row(r) for r in store.references_in(paths)], watched)
    if not now:
        return []
    by_name = {w.name: w for w in watched}

    def find(refs: Sequence[Reference]) -> list[tuple[str, Reference]]:
        return [(w.name, ref) for w, ref in _uses(refs, watched)]

    before = uses_at_base(base, store, where.files, find)
    texts = {p: (read_source(base.repo / p) or "").splitlines() for p in {r.path for _, r in now}}
    groups: dict[tuple[str, str], list[tuple[Reference, str]]] = {}
    for w, ref in now:
        text = line_at(texts[ref.path], ref.line)
        groups.setdefault((ref.path, w.name), []).append((ref, text))
    found = []
    for (path, name), uses in groups.items():
        was = before.get(path, BaseFile((), {}))
        inserted = _inserted(was.lines, texts[path])
        found += [
            _finding(by_name[name], r) for r in _added(uses, was.uses.get(name, []), inserted)
        ]
    return sorted(found, key=lambda f: (f.path, f.line, f.col, f.name))


def _inserted(before: Sequence[str], after: Sequence[str]) -> set[int]:
    """The lines (1-based) of ``after`` that the change inserted, rather than edited."""
    matcher = SequenceMatcher(None, [t.strip() for t in before], [t.strip() for t in after])
    return {
        line + 1
        for tag, _, _, start, end in matcher.get_opcodes()
        if tag == "insert"
        for line in range(start, end)
    }


def _added(
    uses: list[tuple[Reference, str]], base_texts: list[str], inserted: set[int]
) -> list[Reference]:
    """Which of a file's uses of one name are new, the base having had uses on ``base_texts``:
    as many as there are more now, those on lines the base lacked first, and of those, lines
    the change inserted before lines it edited."""
    extra = len(uses) - len(base_texts)
    if extra <= 0:
        return []
    left = Counter(base_texts)
    ranked = []
    for ref, text in uses:
        matched = left[text] > 0
        left[text] -= matched
        ranked.append((matched, ref.line not in inserted, ref))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return sorted((ref for *_, ref in ranked[:extra]), key=lambda r: (r.line, r.col))


def _finding(w: Watched, ref: Reference) -> Finding:
    return Finding(
        ref.path, ref.line, ref.col, w.name, ref.written, w.replacement, w.source, w.message
    )


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
        key = (finding.path, finding.name, line_at(lines, finding.line))
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
    counts = Counter((f.path, f.name, line_at(texts[f.path], f.line)) for f in found)
    accepted = [
        {"path": p, "name": n, "text": t, "count": c} for (p, n, t), c in sorted(counts.items())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema": BASELINE_SCHEMA, "accepted": accepted}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
