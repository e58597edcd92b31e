"""The cache of ``refcoord status --history`` (``.refcoord/cache/history.sqlite``): facts per
blob (the same facts the index keeps per file content), whether a blob mentions a set of names,
and the counts found at each commit, so that a second run only reads the commits that are new."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Self

from refactor_coord.adapters.index_store import ignored_folder

_SCHEMA_VERSION = "1"
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, blob BLOB, surface BLOB);
CREATE TABLE IF NOT EXISTS mentions (blob TEXT NOT NULL, words TEXT NOT NULL,
    hit INTEGER NOT NULL, PRIMARY KEY (blob, words));
CREATE TABLE IF NOT EXISTS counts (commit_sha TEXT NOT NULL, setting TEXT NOT NULL,
    counts TEXT NOT NULL, PRIMARY KEY (commit_sha, setting));
"""


class HistoryCache:
    """Typed access to the history cache; a context manager that commits on the way out."""

    def __init__(self, path: Path) -> None:
        ignored_folder(path.parent)
        self.db = _connect(path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.commit()
        self.db.close()

    def facts(self, key: str) -> tuple[bytes | None, bytes | None] | None:
        """(facts blob, surface blob) kept for a content key; (None, None) for a blob that
        yields no facts (it does not parse, or is generated); None when it was never read."""
        row = self.db.execute("SELECT blob, surface FROM facts WHERE key = ?", (key,)).fetchone()
        return None if row is None else (row[0], row[1])

    def has_facts(self, key: str) -> bool:
        """Whether the blob of this key was read before."""
        return self.db.execute("SELECT 1 FROM facts WHERE key = ?", (key,)).fetchone() is not None

    def put_facts(self, key: str, blob: bytes | None, surface: bytes | None) -> None:
        """Keep what one blob yields (None, None: nothing)."""
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", (key, blob, surface))

    def mentions(self, words: str, blobs: Iterable[str]) -> dict[str, bool]:
        """Whether each blob (of those known) mentions one of the ``words`` (a key for a set)."""
        wanted = list(blobs)
        found: dict[str, bool] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT blob, hit FROM mentions WHERE words = ? AND blob IN ({marks})",
                (words, *chunk),
            )
            found.update((str(b), bool(h)) for b, h in rows)
        return found

    def put_mentions(self, words: str, hits: Iterable[tuple[str, bool]]) -> None:
        """Keep whether each blob mentions one of the ``words``."""
        self.db.executemany(
            "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?)",
            ((blob, words, int(hit)) for blob, hit in hits),
        )

    def counts(self, setting: str, commits: Sequence[str]) -> dict[str, str]:
        """The counts kept for these commits under ``setting`` (commit -> counts text)."""
        found: dict[str, str] = {}
        for start in range(0, len(commits), 500):
            chunk = list(commits[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT commit_sha, counts FROM counts"
                f" WHERE setting = ? AND commit_sha IN ({marks})",
                (setting, *chunk),
            )
            found.update((str(c), str(n)) for c, n in rows)
        return found

    def put_counts(self, setting: str, commit: str, counts: str) -> None:
        """Keep the counts found at a commit."""
        self.db.execute(
            "INSERT OR REPLACE INTO counts VALUES (?, ?, ?)", (commit, setting, counts)
        )

    def checkpoint(self) -> None:
        """Commit what is kept so far (a long run interrupted keeps its work)."""
        self.db.commit()


def _connect(path: Path, retry: bool = True) -> sqlite3.Connection:
    """The cache database; one of another schema, or damaged, is thrown away and made anew
    (it holds nothing that cannot be read again from git)."""
    try:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_TABLES)
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is not None and found[0] != _SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"schema {found[0]}")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (_SCHEMA_VERSION,))
        return db
    except sqlite3.DatabaseError:
        if not retry:
            raise
        _remove(path)
        return _connect(path, retry=False)


def _remove(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
