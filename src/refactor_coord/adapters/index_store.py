"""The on-disk index: one SQLite database under ``.refcoord/cache/``.

It holds each file's extracted facts keyed by a hash of its content (the parse cache), the
file table (path, module, size, mtime, hash) used to skip unchanged files without reading
them, and the resolved rows (references, definitions, import edges) that queries read.

A database that cannot be opened or read is deleted and rebuilt, and resolved rows that cannot
be read (a missing or damaged shard) are resolved again: the cache is never a reason to fail.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from refactor_coord.analysis.link import DefOut, EdgeOut, EdgeRow, LinkedFile, LooseOut, RefRow

SCHEMA_VERSION = "8"
_SHARD_GLOB = "resolved-*.sqlite"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, blob BLOB NOT NULL, surface BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS deprecations (key TEXT PRIMARY KEY, blob BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, module TEXT NOT NULL,
    is_package INTEGER NOT NULL, is_test INTEGER NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL, fact_key TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL, parser TEXT NOT NULL
);
"""
_RESOLVED = """
CREATE TABLE IF NOT EXISTS refs (
    target TEXT NOT NULL, written TEXT NOT NULL, file_id INTEGER NOT NULL, line INTEGER NOT NULL,
    col INTEGER NOT NULL, kind TEXT NOT NULL, confidence TEXT NOT NULL, reason TEXT NOT NULL,
    scope TEXT NOT NULL, shape TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS loose (
    attr TEXT NOT NULL, file_id INTEGER NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
    kind TEXT NOT NULL, shape TEXT NOT NULL, scope TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS defs (
    qname TEXT NOT NULL, kind TEXT NOT NULL, file_id INTEGER NOT NULL, line INTEGER NOT NULL,
    col INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS edges (
    importer TEXT NOT NULL, imported TEXT NOT NULL, file_id INTEGER NOT NULL,
    line INTEGER NOT NULL, lazy INTEGER NOT NULL, type_checking INTEGER NOT NULL,
    guarded INTEGER NOT NULL, external INTEGER NOT NULL
);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS refs_target ON refs (target);
CREATE INDEX IF NOT EXISTS refs_written ON refs (written);
CREATE INDEX IF NOT EXISTS loose_attr ON loose (attr);
CREATE INDEX IF NOT EXISTS defs_qname ON defs (qname);
CREATE INDEX IF NOT EXISTS refs_file ON refs (file_id);
CREATE INDEX IF NOT EXISTS loose_file ON loose (file_id);
"""
_RESOLVED_TABLES = ("refs", "loose", "defs", "edges")


def place(row: tuple[object, ...], at: int = 2) -> tuple[str, int, int]:
    """(path, line, column) of a query row that holds them from column ``at``: the order in
    which references are listed."""
    return cast(str, row[at]), cast(int, row[at + 1]), cast(int, row[at + 2])


@dataclass(frozen=True, slots=True)
class FileRow:
    """One row of the file table."""

    id: int
    path: str
    module: str
    is_package: bool
    is_test: bool
    size: int
    mtime_ns: int
    hash: str
    fact_key: str
    status: str  #: ok | skipped | failed
    reason: str
    parser: str


class IndexStore:
    """Typed access to the index database. Use :func:`open_store` to get one."""

    def __init__(self, db: sqlite3.Connection, path: Path, shards: tuple[str, ...] = ()) -> None:
        self.db = db
        self.path = path
        self.shards = shards  #: file names of the attached shards, as schemas s0, s1, ...

    @property
    def _schemas(self) -> list[str]:
        return ["main", *(f"s{i}" for i in range(len(self.shards)))]

    def _union(self, table: str) -> str:
        """``table`` across the main database and the shards, for a FROM clause."""
        if not self.shards:
            return f"main.{table}"
        return "(" + " UNION ALL ".join(f"SELECT * FROM {s}.{table}" for s in self._schemas) + ")"

    def _each(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Rows of ``sql`` run once per schema (``{s}`` in it names the schema)."""
        return [
            tuple(row) for s in self._schemas for row in self.db.execute(sql.format(s=s), params)
        ]

    # -- meta --------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        """A stored setting or summary value."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, values: dict[str, str]) -> None:
        """Store several meta values."""
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    # -- files and facts ---------------------------------------------------------------------
    def files(self) -> dict[str, FileRow]:
        """Every indexed file by path."""
        rows = self.db.execute("SELECT * FROM files").fetchall()
        return {r[1]: FileRow(r[0], r[1], r[2], bool(r[3]), bool(r[4]), *r[5:]) for r in rows}

    def facts_blob(self, key: str) -> bytes | None:
        """Cached facts for a content key, if any."""
        row = self.db.execute("SELECT blob FROM facts WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def facts_entry(self, key: str) -> tuple[bytes, bytes] | None:
        """Cached (facts blob, surface blob) for a content key, if any."""
        row = self.db.execute("SELECT blob, surface FROM facts WHERE key = ?", (key,)).fetchone()
        return None if row is None else (bytes(row[0]), bytes(row[1]))

    def facts_blobs(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """Cached facts for many keys (in no particular order)."""
        return self._by_keys("facts", "blob", keys)

    def _by_keys(
        self, table: str, column: str, keys: Iterable[str]
    ) -> Iterator[tuple[str, bytes]]:
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(
                f"SELECT key, {column} FROM {table} WHERE key IN ({marks})", chunk
            )

    def has_facts(self) -> bool:
        """Whether the parse cache holds anything."""
        return self.db.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is not None

    def put_facts(self, items: Iterable[tuple[str, bytes, bytes]]) -> None:
        """Add parsed facts (key, facts blob, surface blob) to the cache."""
        self.db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", items)

    def surface_blobs(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """Just the surfaces of many cached facts (cheaper than the whole facts)."""
        return self._by_keys("facts", "surface", keys)

    def deprecation_blobs(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """The deprecations found in files of these content keys, where they were looked for."""
        return self._by_keys("deprecations", "blob", keys)

    def put_deprecations(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Keep what was found in files of these content keys (committed), and forget what
        was found in files that no longer exist in any indexed version."""
        self.db.executemany("INSERT OR REPLACE INTO deprecations VALUES (?, ?)", items)
        self.db.execute(
            "DELETE FROM deprecations WHERE key NOT IN (SELECT fact_key FROM files)"
            " AND key NOT IN (SELECT key FROM facts)"
        )
        self.db.commit()

    def upsert_files(self, rows: Iterable[tuple[object, ...]]) -> None:
        """Insert or update file rows: (path, module, is_package, is_test, size, mtime_ns, hash,
        fact_key, status, reason, parser)."""
        self.db.executemany(
            """INSERT INTO files (path, module, is_package, is_test, size, mtime_ns, hash,
                                  fact_key, status, reason, parser) VALUES (?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(path) DO UPDATE SET module=excluded.module,
               is_package=excluded.is_package, is_test=excluded.is_test, size=excluded.size,
               mtime_ns=excluded.mtime_ns, hash=excluded.hash, fact_key=excluded.fact_key,
               status=excluded.status, reason=excluded.reason, parser=excluded.parser""",
            rows,
        )

    def delete_files(self, paths: Iterable[str]) -> None:
        """Forget files that no longer exist (and their resolved rows)."""
        for path in paths:
            row = self.db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
            if row is not None:
                self.clear_resolved([row[0]])
                self.db.execute("DELETE FROM files WHERE id = ?", (row[0],))

    def file_ids(self) -> dict[str, int]:
        """Path -> file id."""
        return {str(p): int(i) for i, p in self.db.execute("SELECT id, path FROM files")}

    def drop_unused_facts(self) -> None:
        """Bound the parse cache: once facts that no file uses outnumber the files, drop them.

        Keeping earlier versions for a while makes switching branches back and forth (or undoing
        an edit) a cache hit instead of a parse.
        """
        unused = "FROM facts WHERE key NOT IN (SELECT fact_key FROM files)"
        if int(self.db.execute(f"SELECT COUNT(*) {unused}").fetchone()[0]) > self.count("files"):
            self.db.execute(f"DELETE {unused}")

    # -- resolved rows -----------------------------------------------------------------------
    def reset_resolved(self) -> None:
        """Drop every resolved row and shard (before a full re-resolution); indexes come back in
        finish()."""
        self.db.commit()
        old = self.shards
        self._detach()
        for table in _RESOLVED_TABLES:
            self.db.execute(f"DROP TABLE IF EXISTS main.{table}")
        self.db.executescript(_RESOLVED)
        self.set_meta({"shards": ""})
        self.db.commit()
        for shard in self.path.parent.glob(_SHARD_GLOB):
            if shard.name in old or _orphaned(shard):
                _remove_database(shard)

    def begin_resolving(self) -> None:
        """Mark the resolved rows as being changed, committed before any is: changes across the
        main database and the shards are not atomic together, so a run interrupted in between
        leaves the mark, and the next run resolves everything again."""
        self.set_meta({"resolving": "1"})
        self.db.commit()

    def interrupted(self) -> bool:
        """Whether a change of the resolved rows was interrupted (see :meth:`begin_resolving`)."""
        return self.meta("resolving") == "1"

    def clear_resolved(self, file_ids: Iterable[int]) -> None:
        """Delete the resolved rows of some files."""
        # refs and loose (the large tables) are indexed by file; defs and edges are scanned.
        ids = sorted(set(file_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for schema in self._schemas:
                for table in _RESOLVED_TABLES:
                    self.db.execute(
                        f"DELETE FROM {schema}.{table} WHERE file_id IN ({marks})", chunk
                    )

    def add_resolved(self, linked: LinkedFile) -> None:
        """Insert one file's resolved rows."""
        self.db.executemany("INSERT INTO main.refs VALUES (?,?,?,?,?,?,?,?,?,?)", linked.refs)
        self.db.executemany("INSERT INTO main.loose VALUES (?,?,?,?,?,?,?)", linked.loose)
        self.db.executemany("INSERT INTO main.defs VALUES (?,?,?,?,?)", linked.definitions)
        self.db.executemany("INSERT INTO main.edges VALUES (?,?,?,?,?,?,?,?)", linked.edges)

    def adopt_shards(self, paths: list[Path]) -> None:
        """Take the shards workers wrote (with their indexes built) as part of this index."""
        self.db.commit()
        self._detach()
        self.shards = _attach(self.db, self.path.parent, tuple(p.name for p in paths))
        self.set_meta({"shards": ",".join(self.shards)})  # listed only once they open
        self.db.commit()

    def _detach(self) -> None:
        for i in range(len(self.shards)):
            self.db.execute(f"DETACH DATABASE s{i}")
        self.shards = ()

    def add_module_definition(self, module: str, file_id: int) -> None:
        """Record a module itself as a definition (line 1)."""
        self.db.execute("INSERT INTO main.defs VALUES (?, 'module', ?, 1, 1)", (module, file_id))

    def finish(self) -> None:
        """Build the query indexes, clear the mark of :meth:`begin_resolving` and commit."""
        self.db.executescript(_INDEXES)
        self.set_meta({"resolving": ""})
        self.db.commit()

    # -- queries -----------------------------------------------------------------------------
    def count(self, table: str) -> int:
        """Row count of a table (of a resolved table: across the shards too)."""
        if table not in _RESOLVED_TABLES:
            return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return sum(cast(int, n) for (n,) in self._each(f"SELECT COUNT(*) FROM {{s}}.{table}"))

    def references_to(self, name: str) -> list[tuple[object, ...]]:
        """References whose target is ``name`` or lies inside it, with their file paths."""
        return self._references_by("target", name)

    def _defined_in(self, path: str) -> frozenset[str]:
        """The qualified names the file ``path`` defines."""
        rows = self._each(
            """SELECT d.qname FROM {s}.defs d JOIN main.files f ON f.id = d.file_id
               WHERE f.path = ?""",
            (path,),
        )
        return frozenset(str(row[0]) for row in rows)

    def references_written(self, name: str) -> list[tuple[object, ...]]:
        """References spelled ``name`` or through it (``name.attr``), wherever they lead."""
        return self._references_by("written", name)

    def _references_by(self, column: str, name: str) -> list[tuple[object, ...]]:
        """``name`` itself, or anything inside it (``name.`` sorts just below ``name/``).
        Where ``name`` is both a module and a package's function or class of the same name
        (mistune's ``def markdown`` beside ``mistune/markdown.py``), what the module defines
        is the module's, not inside the function."""
        rows = self._each(
            f"""SELECT r.target, r.written, f.path, r.line, r.col, r.kind, r.confidence, r.reason,
                       r.scope, r.shape
                FROM {{s}}.refs r JOIN main.files f ON f.id = r.file_id
                WHERE r.{column} = ? OR (r.{column} > ? AND r.{column} < ?)""",
            (name, name + ".", name + "/"),
        )
        kinds = {str(row[1]): str(row[2]) for row in self.definitions(name)}
        if "module" in kinds and len(kinds) > 1:
            owned = self._defined_in(kinds["module"]) - {name}
            at = 0 if column == "target" else 1
            rows = [row for row in rows if not _inside_any(str(row[at]), owned)]
        return sorted(rows, key=place)

    def imports_of(self, name: str) -> list[tuple[object, ...]]:
        """The import references whose target is exactly ``name`` (same columns as
        :meth:`references_to`)."""
        rows = self._each(
            """SELECT r.target, r.written, f.path, r.line, r.col, r.kind, r.confidence, r.reason,
                       r.scope, r.shape
                FROM {s}.refs r JOIN main.files f ON f.id = r.file_id
                WHERE r.target = ? AND r.kind = 'import'""",
            (name,),
        )
        return sorted(rows, key=place)

    def targets_written_as(self, name: str, limit: int) -> list[str]:
        """Up to ``limit`` distinct targets of references spelled exactly ``name``."""
        found = self._each("SELECT DISTINCT target FROM {s}.refs WHERE written = ?", (name,))
        return sorted({str(r[0]) for r in found})[:limit]

    def files_writing(self, modules: list[str]) -> set[str]:
        """Files with a reference spelled as one of ``modules`` or a name inside it."""
        found: set[str] = set()
        for name in modules:
            found |= {
                str(row[0])
                for row in self._each(
                    """SELECT DISTINCT f.path FROM {s}.refs r JOIN main.files f ON f.id = r.file_id
                   WHERE r.written = ? OR (r.written > ? AND r.written < ?)""",
                    (name, name + ".", name + "/"),
                )
            }
        return found

    def references_in(self, paths: Sequence[str]) -> list[tuple[object, ...]]:
        """Every reference made from these files (same columns as :meth:`references_to`), by
        file, line and column. One pass over the references per schema, however many files."""
        wanted = list(paths)
        chunks = [wanted[start : start + 500] for start in range(0, len(wanted), 500)]
        ids = [
            i
            for chunk in chunks
            for (i,) in self.db.execute(
                f"SELECT id FROM files WHERE path IN ({','.join('?' * len(chunk))})", chunk
            )
        ]
        if not ids:
            return []
        rows = self._each(
            f"""SELECT r.target, r.written, f.path, r.line, r.col, r.kind, r.confidence, r.reason,
                       r.scope, r.shape
                FROM {{s}}.refs r JOIN main.files f ON f.id = r.file_id
                WHERE r.file_id IN ({",".join(str(int(i)) for i in ids)})"""
        )
        return sorted(rows, key=place)

    def loose_named(self, attr: str) -> list[tuple[object, ...]]:
        """Attribute uses named ``attr`` on receivers of unknown type."""
        rows = self._each(
            """SELECT l.attr, f.path, l.line, l.col, l.kind, l.shape, l.scope
               FROM {s}.loose l JOIN main.files f ON f.id = l.file_id WHERE l.attr = ?""",
            (attr,),
        )
        return sorted(rows, key=lambda r: place(r, 1))

    def definitions(self, qname: str) -> list[tuple[object, ...]]:
        """Definitions with exactly this qualified name, with their paths."""
        return self._each(
            """SELECT d.qname, d.kind, f.path, d.line, d.col FROM {s}.defs d
               JOIN main.files f ON f.id = d.file_id WHERE d.qname = ?""",
            (qname,),
        )

    def variables_at(self, path: str, line: int) -> list[str]:
        """The qualified names of the variables the file defines on that line."""
        rows = self._each(
            """SELECT d.qname FROM {s}.defs d JOIN main.files f ON f.id = d.file_id
               WHERE f.path = ? AND d.line = ? AND d.kind = 'variable'""",
            (path, line),
        )
        return sorted(str(r[0]) for r in rows)

    def classes_in(self, path: str) -> list[tuple[str, int]]:
        """(qualified name, line) of every class the file defines, in line order."""
        rows = self._each(
            """SELECT d.qname, d.line FROM {s}.defs d JOIN main.files f ON f.id = d.file_id
               WHERE f.path = ? AND d.kind = 'class'""",
            (path,),
        )
        return sorted(((str(q), int(str(n))) for q, n in rows), key=lambda r: r[1])

    def definitions_ending(self, leaf: str) -> frozenset[str]:
        """The qualified names whose last part is ``leaf``."""
        rows = self._each("SELECT DISTINCT qname FROM {s}.defs WHERE qname LIKE ?", (f"%{leaf}",))
        return frozenset(str(r[0]) for r in rows if str(r[0]).rpartition(".")[2] == leaf)

    def definition_names_like(self, leaf: str, parent: str) -> list[str]:
        """Qualified names ending in ``leaf`` or inside ``parent`` (candidates for suggestions)."""
        rows = self._each(
            """SELECT DISTINCT qname FROM {s}.defs WHERE qname LIKE ? OR (qname > ? AND qname < ?)
               LIMIT 5000""",
            (f"%{leaf}", parent + ".", parent + "/"),
        )
        return sorted({str(r[0]) for r in rows})[:5000]

    def edges(self) -> list[EdgeRow]:
        """Every import edge."""
        rows = self._each(
            "SELECT importer, imported, line, lazy, type_checking, guarded, external"
            " FROM {s}.edges"
        )
        return [cast(EdgeRow, row) for row in rows]

    def symbol_edges(self) -> list[tuple[str, str, str]]:
        """(scope, target, kind) of every first-party reference resolved with some certainty."""
        return [
            (str(a), str(b), str(c))
            for a, b, c in self.db.execute(
                f"""SELECT DISTINCT r.scope, r.target, r.kind FROM {self._union("refs")} r
               JOIN {self._union("defs")} d ON d.qname = r.target
               WHERE r.confidence != 'low' AND r.kind != 'import' AND r.kind != 'export'"""
            )
        ]

    def file_reference_edges(self) -> list[tuple[str, str, int]]:
        """(referring file, defining file, reference count) over references of some certainty."""
        return [
            (str(a), str(b), int(n))
            for a, b, n in self.db.execute(
                f"""SELECT fr.path, fd.path, COUNT(*) FROM {self._union("refs")} r
               JOIN {self._union("defs")} d ON d.qname = r.target
               JOIN files fr ON fr.id = r.file_id JOIN files fd ON fd.id = d.file_id
               WHERE r.confidence != 'low' AND r.kind NOT IN ('import', 'export')
               GROUP BY fr.path, fd.path ORDER BY fr.path, fd.path"""
            )
        ]

    def all_definitions(self) -> list[tuple[str, str]]:
        """(qname, kind) of every definition."""
        return [(str(q), str(k)) for q, k in self._each("SELECT qname, kind FROM {s}.defs")]

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level="DEFERRED")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.executescript(_TABLES + _RESOLVED)
    found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if found is None:
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif found[0] != SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"index schema {found[0]} is not {SCHEMA_VERSION}")
    db.execute("SELECT COUNT(*) FROM files").fetchone()
    return db


def _attach(db: sqlite3.Connection, directory: Path, names: tuple[str, ...]) -> tuple[str, ...]:
    """Attach the shards ``names`` as s0, s1, ...; a missing or unreadable one makes the index
    unreadable."""
    try:
        for i, name in enumerate(names):
            shard = directory / name
            if not shard.is_file():
                raise sqlite3.DatabaseError(f"shard {name} is missing")
            db.execute(f"ATTACH DATABASE ? AS s{i}", (str(shard),))
            db.execute(f"SELECT COUNT(*) FROM s{i}.refs").fetchone()
            # as durable as the main database, without a rollback journal's fsyncs on every update
            db.execute(f"PRAGMA s{i}.journal_mode = WAL")
            db.execute(f"PRAGMA s{i}.synchronous = NORMAL")
    except sqlite3.DatabaseError:
        for (schema,) in db.execute(
            "SELECT name FROM pragma_database_list WHERE name LIKE 's%'"
        ).fetchall():
            db.execute(f"DETACH DATABASE {schema}")
        raise
    return names


def _remove_database(path: Path) -> None:
    """Delete a database file with its write-ahead log and shared-memory index."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def shard_path(directory: Path, number: int) -> Path:
    """Where worker shard ``number`` of a full resolution by this process goes."""
    return directory / _SHARD_GLOB.replace("*", f"{os.getpid()}-{number}")


def _orphaned(shard: Path) -> bool:
    """A shard no index lists whose writer is gone (a run killed while resolving)."""
    pid = shard.name.split("-")[1]
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def open_shard(path: Path) -> IndexStore:
    """A new database with only the resolved tables, for one worker's rows (no journal: until
    the main database adopts it, it is scratch)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_RESOLVED)
    return IndexStore(db, path)


def finish_shard(shard: IndexStore) -> None:
    """Build a shard's query indexes (in the worker that wrote it), commit and close it."""
    shard.db.executescript(_INDEXES)
    shard.db.commit()
    shard.db.close()


def ignored_folder(folder: Path) -> None:
    """Make ``folder`` (refcoord's cache) with a ``.gitignore`` that keeps it out of git."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# refcoord's cache: rebuilt on demand, never committed\n*\n")


def open_store(cache_dir: Path) -> tuple[IndexStore, str | None]:
    """Open (or create) the index in ``cache_dir``.

    Returns the store and, when an unreadable database had to be discarded, the reason.
    """
    ignored_folder(cache_dir)
    path = cache_dir / "index.sqlite"
    db: sqlite3.Connection | None = None
    try:
        db = _connect(path)
    except sqlite3.DatabaseError as error:
        if db is not None:
            db.close()
        _remove_database(path)
        for shard in cache_dir.glob(_SHARD_GLOB):
            if _orphaned(shard):  # a concurrent run's shards are its own
                _remove_database(shard)
        return IndexStore(
            _connect(path), path
        ), f"the index cache was unreadable ({error}) and was rebuilt"
    row = db.execute("SELECT value FROM meta WHERE key = 'shards'").fetchone()
    names = tuple(n for n in str(row[0]).split(",") if n) if row else ()
    try:
        return IndexStore(db, path, _attach(db, cache_dir, names)), None
    except sqlite3.DatabaseError as error:
        # the parse cache is intact: only the resolved rows are lost, and resolved again
        for name in names:
            _remove_database(cache_dir / name)
        store = IndexStore(db, path)
        store.set_meta({"shards": "", "resolving": "1"})
        store.db.commit()
        return store, f"the index's resolved rows were unreadable ({error}) and were rebuilt"


__all__ = [
    "DefOut",
    "EdgeOut",
    "EdgeRow",
    "FileRow",
    "IndexStore",
    "LooseOut",
    "RefRow",
    "finish_shard",
    "open_shard",
    "open_store",
    "shard_path",
]


def _inside_any(target: str, names: frozenset[str]) -> bool:
    """Whether ``target`` (or a spelling: ``a.B().m`` reads ``m`` on an instance of
    ``a.B``) is one of ``names`` or inside one (``a.b.c`` is inside ``a.b``)."""
    parts = target.replace("()", "").split(".")
    return any(".".join(parts[:i]) in names for i in range(len(parts), 0, -1))
