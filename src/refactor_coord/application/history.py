"""Use case: ``refcoord status --history``: the burndown of deprecated names over the branch's
first-parent history, read from git objects (nothing is checked out).

Each commit's tree is followed from the first commit's listing and each commit's changes (one
``git log``). At a commit that changed Python files, the uses of each name are counted as the
index counts them (:mod:`refactor_coord.domain.uses`): every module's surface resolves names,
and only files whose content mentions one of the names (or where they lead) are linked. Facts
are kept per blob and counts per commit (:mod:`refactor_coord.adapters.history_cache`): a
second run reads only the commits that are new.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.history_cache import HistoryCache
from refactor_coord.adapters.parallel import in_shares
from refactor_coord.analysis.discovery import (
    ModuleFile,
    is_walked,
    map_modules,
    source_roots_for,
)
from refactor_coord.analysis.in_memory import linked_references
from refactor_coord.analysis.link import link_file
from refactor_coord.analysis.parsing import Parsed, is_generated, parse_source
from refactor_coord.analysis.raw import FACTS_VERSION, FileFacts, Surface, decode_surface
from refactor_coord.analysis.resolve import Resolver
from refactor_coord.application.indexing import CACHE_DIR
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import UsageError
from refactor_coord.domain.facts import Reference
from refactor_coord.domain.progress import HistoryPoint
from refactor_coord.domain.uses import (
    RULE_VERSION,
    Rule,
    assigned_aliases,
    rule_for,
    uses_of,
)

#: bumped whenever which files a commit's count reads changes (counts kept are redone)
_FOLLOWS_VERSION = 3

#: called after each commit with (commits done, commits in all)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Tracked:
    """A deprecated name and what it moves to (where a moved class now lives tells that the
    name is a class)."""

    rule: Rule  #: how its uses are counted (whether it is a class is settled at each commit)
    replacement: str

    @property
    def name(self) -> str:
        """The deprecated name."""
        return self.rule.name


def campaign_history(
    repo: Path,
    config: Config,
    *,
    ref: str = "HEAD",
    since: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[str], tuple[HistoryPoint, ...]]:
    """The campaign's old names and their burndown (:func:`deprecation_history`).

    Raises:
        UsageError: the configuration names no refactoring.
        GitError: ``ref`` is not a commit.
    """
    tracked = [
        Tracked(rule_for(spec, name), spec.replacement(name))
        for spec in config.refactors
        for name in spec.old_names()
    ]
    if not tracked:
        raise UsageError(
            f"{config.source} names no [[refactor]]: the history follows the campaign's old names"
        )
    points = deprecation_history(repo, config, tracked, ref=ref, since=since, progress=progress)
    return [t.name for t in tracked], points


def deprecation_history(
    repo: Path,
    config: Config,
    tracked: Sequence[Tracked],
    *,
    ref: str = "HEAD",
    since: str | None = None,
    progress: Progress | None = None,
) -> tuple[HistoryPoint, ...]:
    """One point per first-party commit of ``ref`` (after ``since``), oldest first.

    Raises:
        GitError: ``ref`` is not a commit.
    """
    commits = git_repo.first_parent_changes(repo, ref, since)
    if not commits:
        return ()
    setting = _setting(config, tracked)
    with HistoryCache(repo / CACHE_DIR / "history.sqlite") as cache:
        known = cache.counts(setting, [c.sha for c in commits])
        walk = _Walk(repo, config, tracked, cache)
        walk.parse_ahead(commits, known)
        points = []
        for done, commit in enumerate(commits, 1):
            counts = walk.step(commit, known.get(commit.sha), first=done == 1)
            cache.put_counts(setting, commit.sha, json.dumps(counts))
            points.append(HistoryPoint(commit.sha, commit.date, commit.subject, tuple(counts)))
            if progress is not None:
                progress(done, len(commits))
            if done % 100 == 0:
                cache.checkpoint()
    return tuple(points)


def _setting(config: Config, tracked: Sequence[Tracked]) -> str:
    """What the counts depend on besides the commit: the names, the source roots and
    exclusions, and the versions of the facts, of the counting rule and of which files are
    read."""
    text = json.dumps(
        [
            [(repr(t.rule), t.replacement) for t in tracked],
            config.campaign.source_roots,
            config.campaign.exclude,
            FACTS_VERSION,
            RULE_VERSION,
            _FOLLOWS_VERSION,
        ]
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass
class _Walk:
    """The tree as the history is followed, and what is kept in memory between commits."""

    repo: Path
    config: Config
    tracked: Sequence[Tracked]
    cache: HistoryCache
    tree: dict[str, str] = field(default_factory=dict)  #: path -> blob, Python files only
    previous: list[tuple[str, int]] | None = None
    #: facts key -> (facts blob, surface, the surface's digest), None for a blob without facts
    facts: dict[str, tuple[bytes, Surface, bytes] | None] = field(default_factory=dict)
    #: (path, facts key) -> what linking the file found, against the surfaces of ``epoch``:
    #: reused at the next commits while no module's surface changes
    linked: dict[tuple[str, str], _Found] = field(default_factory=dict)
    epoch: str = ""

    def step(
        self, commit: git_repo.CommitChange, known: str | None, *, first: bool
    ) -> list[tuple[str, int]]:
        """The counts at ``commit`` (``known``: as kept from an earlier run)."""
        changed = self._follow(commit, first)
        if known is not None:
            self.previous = [(str(n), int(c)) for n, c in json.loads(known)]
        elif changed or self.previous is None:
            self.previous = self._count()
        return self.previous

    def _follow(self, commit: git_repo.CommitChange, first: bool) -> bool:
        """Bring the tree to ``commit``; whether a Python file changed."""
        return self._apply(self.tree, commit, first)

    def _apply(self, tree: dict[str, str], commit: git_repo.CommitChange, first: bool) -> bool:
        """Bring ``tree`` to ``commit``; whether a Python file changed."""
        if first:
            listing = git_repo.tree_blobs(self.repo, commit.sha)
            tree.clear()
            tree.update((p, b) for p, b in listing.items() if self._is_python(p))
            return True
        changed = False
        for path, blob in commit.changed:
            if not self._is_python(path):
                continue
            changed = True
            if blob is None:
                tree.pop(path, None)
            else:
                tree[path] = blob
        return changed

    def parse_ahead(
        self, commits: Sequence[git_repo.CommitChange], known: Mapping[str, str]
    ) -> None:
        """Parse, before the walk and on forked workers when there are many, every blob the
        commits still to count will read and no earlier run has: the cold run's largest part,
        spread over the cores rather than paid commit by commit."""
        tree: dict[str, str] = {}
        wanted: dict[str, tuple[ModuleFile, str]] = {}
        for number, commit in enumerate(commits):
            changed = self._apply(tree, commit, number == 0)
            if changed and commit.sha not in known:
                for mf in self._modules_of(tree):
                    wanted.setdefault(_key(tree[mf.path], mf), (mf, tree[mf.path]))
        missing = [
            (k, mf, blob)
            for k, (mf, blob) in sorted(wanted.items())
            if not self.cache.has_facts(k)
        ]
        if not missing:
            return
        with git_repo.BlobReader(self.repo) as reader:
            for start in range(0, len(missing), 2000):  # a bounded share of sources in memory
                jobs = [
                    (k, mf, reader.read(blob)) for k, mf, blob in missing[start : start + 2000]
                ]
                for key, facts_blob, surface_blob in _parse_all(jobs):
                    self.cache.put_facts(key, facts_blob, surface_blob)
        self.cache.checkpoint()

    def _is_python(self, path: str) -> bool:
        return path.endswith(".py") and is_walked(path, self.config.campaign.exclude)

    def _count(self) -> list[tuple[str, int]]:
        modules = self._modules()
        with git_repo.BlobReader(self.repo) as reader:
            loaded = {mf.path: self._facts(reader, mf) for mf in modules}
            epoch = _epoch(modules, loaded)
            if epoch != self.epoch:  # a module's surface changed: what links to it may too
                self.epoch, self.linked = epoch, {}
            found, assigned = self._linked(reader, modules, loaded)
        return [(t.name, _count(t, found, assigned[t.name])) for t in self.tracked]

    def _modules(self) -> list[ModuleFile]:
        return self._modules_of(self.tree)

    def _modules_of(self, tree: Mapping[str, str]) -> list[ModuleFile]:
        paths = sorted(tree)
        return map_modules(paths, source_roots_for(self.config.campaign.source_roots, paths))[0]

    def _facts(
        self, reader: git_repo.BlobReader, mf: ModuleFile
    ) -> tuple[bytes, Surface, bytes] | None:
        blob = self.tree[mf.path]
        key = _key(blob, mf)
        if key in self.facts:
            return self.facts[key]
        kept = self.cache.facts(key)
        if kept is None:
            kept = _parse(reader.read(blob), mf)
            self.cache.put_facts(key, *kept)
        facts_blob, surface_blob = kept
        surface = decode_surface(surface_blob) if surface_blob is not None else None
        found = None
        if facts_blob is not None and surface is not None:
            # the surface's values, not its encoded bytes (marshal's are not canonical)
            digest = hashlib.blake2b(repr(surface).encode(), digest_size=16).digest()
            found = (facts_blob, surface, digest)
        self.facts[key] = found
        return found

    def _linked(
        self,
        reader: git_repo.BlobReader,
        modules: Sequence[ModuleFile],
        loaded: Mapping[str, tuple[bytes, Surface, bytes] | None],
    ) -> tuple[_Found, dict[str, tuple[str, ...]]]:
        """What the files that mention a tracked name say (or a name a module binds it to:
        ``from .mod import old as legacy``; ``s = attrs``), and each tracked name's aliases
        by assignment."""
        leaves = _leaves(self.tracked)
        blobs = {mf.path: self.tree[mf.path] for mf in modules if loaded[mf.path] is not None}
        surfaces = [f[1] for f in loaded.values() if f is not None]
        words = leaves | _aliases(surfaces, leaves)
        hits = self._mentions(reader, _pattern(words), blobs.values())
        found = self._link_some(modules, loaded, blobs, hits, surfaces)
        where = {mf.path: mf.module for mf in modules}
        assigned = {
            t.name: assigned_aliases(t.name, found.refs, found.variables, where)
            for t in self.tracked
        }
        more_words = {a.rpartition(".")[2] for names in assigned.values() for a in names} - words
        if more_words:  # the files that use an alias by assignment without naming the name
            more = self._mentions(reader, _pattern(more_words), blobs.values())
            rest = {blob: more[blob] and not hit for blob, hit in hits.items()}
            found.add(self._link_some(modules, loaded, blobs, rest, surfaces))
        return found, assigned

    def _link_some(
        self,
        modules: Sequence[ModuleFile],
        loaded: Mapping[str, tuple[bytes, Surface, bytes] | None],
        blobs: Mapping[str, str],
        hits: Mapping[str, bool],
        surfaces: Sequence[Surface],
    ) -> _Found:
        """The linked facts of the files whose blobs ``hits`` marks."""
        resolver: Resolver | None = None
        found = _Found()
        for number, mf in enumerate(modules):
            entry = loaded[mf.path]
            if entry is None or not hits[blobs[mf.path]]:
                continue
            place = (mf.path, _key(blobs[mf.path], mf))
            if place not in self.linked:
                resolver = resolver or Resolver(surfaces)
                self.linked[place] = _link(mf.path, entry[0], resolver, number)
            found.add(self.linked[place])
        return found

    def _mentions(
        self, reader: git_repo.BlobReader, words: re.Pattern[bytes], blobs: Iterable[str]
    ) -> dict[str, bool]:
        key = words.pattern.decode()
        wanted = set(blobs)
        hits = self.cache.mentions(key, wanted)
        new = [(b, bool(words.search(reader.read(b)))) for b in sorted(wanted - set(hits))]
        self.cache.put_mentions(key, new)
        hits.update(new)
        return hits


def _key(blob: str, mf: ModuleFile) -> str:
    """What a blob's facts are kept under: the blob and the module it is read as."""
    return f"{blob}|{mf.module}|{int(mf.is_package)}|{FACTS_VERSION}"


def _epoch(
    modules: Sequence[ModuleFile], loaded: Mapping[str, tuple[bytes, Surface, bytes] | None]
) -> str:
    """A digest of every module's surface: linking a file gives the same answer while it
    holds."""
    digest = hashlib.blake2b(digest_size=16)
    for mf in modules:
        entry = loaded[mf.path]
        digest.update(f"{mf.module}\0".encode())
        digest.update(entry[2] if entry is not None else b"-")
    return digest.hexdigest()


@dataclass
class _Found:
    """What linked files say: their references, the classes and the variables they define."""

    refs: list[Reference] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)
    #: (path, line) -> the qualified names of the variables defined there
    variables: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    def add(self, other: _Found) -> None:
        """Take in another file's (or files') findings."""
        self.refs += other.refs
        self.classes |= other.classes
        for place, names in other.variables.items():
            self.variables.setdefault(place, []).extend(names)


def _link(path: str, facts_blob: bytes, resolver: Resolver, number: int) -> _Found:
    facts = FileFacts.decode(facts_blob)
    if facts is None:
        return _Found()
    linked = link_file(facts, resolver, number)
    variables: dict[tuple[str, int], list[str]] = {}
    for qname, kind, _, line, _ in linked.definitions:
        if kind == "variable":
            variables.setdefault((path, line), []).append(qname)
    defined = {d[0] for d in linked.definitions if d[1] == "class"}
    return _Found(linked_references(path, linked.refs), defined, variables)


#: blobs to parse for each forked worker, at the least (fewer: forking costs more than it saves)
_PARSE_PER_WORKER = 32
#: how many sources are read into memory and parsed at a time
_PARSE_SHARE = 2000


def _parse_all(
    jobs: Sequence[tuple[str, ModuleFile, bytes]],
) -> list[tuple[str, bytes | None, bytes | None]]:
    """Parse blobs (key, module file, source), on forked workers when there are many."""
    return in_shares(jobs, lambda job: (job[0], *_parse(job[2], job[1])), _PARSE_PER_WORKER)


def _parse(source: bytes, mf: ModuleFile) -> tuple[bytes | None, bytes | None]:
    if is_generated(source):
        return None, None
    outcome = parse_source(mf.path, source, mf.module, mf.is_package)
    return (outcome.blob, outcome.surface) if isinstance(outcome, Parsed) else (None, None)


def _leaves(tracked: Sequence[Tracked]) -> set[str]:
    """The last parts of the names and of where they lead: a file that mentions none of them
    (nor a name a module binds one to) cannot refer to any."""
    return {n.rsplit(".", 1)[-1] for t in tracked for n in (t.name, t.replacement) if n}


def _aliases(surfaces: Sequence[Surface], leaves: set[str]) -> set[str]:
    """The other names modules bind the tracked names to (``import old as legacy``, and
    aliases of those), which a file may use without spelling any of ``leaves``."""
    found: set[str] = set()
    for _ in range(3):  # an alias of an alias of an alias is as far as it goes
        known = leaves | found
        more = {
            b[0]
            for s in surfaces
            for b in s.bindings
            if b[1] == "import" and b[0] not in known and b[2].rpartition(".")[2] in known
        }
        if not more:
            break
        found |= more
    return found


def _pattern(words: Iterable[str]) -> re.Pattern[bytes]:
    alternatives = b"|".join(re.escape(w.encode()) for w in sorted(words))
    return re.compile(rb"\b(?:" + alternatives + rb")\b")


def _count(tracked: Tracked, found: _Found, aliases: tuple[str, ...]) -> int:
    cls = bool({tracked.name, tracked.replacement} & found.classes)
    return len(uses_of(replace(tracked.rule, is_class=cls, aliases=aliases), found.refs))
