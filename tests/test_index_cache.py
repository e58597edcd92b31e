"""The index and its on-disk cache: cold, warm, edits, corruption, failures, generated files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from refactor_coord.adapters.index_store import open_store
from refactor_coord.application.indexing import CACHE_DIR, index_repository
from refactor_coord.application.references import find_references
from refactor_coord.domain.config import Campaign, Config
from refactor_coord.domain.facts import IndexSummary
from tests.conftest import WriteRepo, write_files

DEFAULTS = Config("defaults")
FILES: dict[str, str | bytes] = {
    "pkg/__init__.py": "from .util import helper\n",
    "pkg/util.py": "def helper(x):\n    return x\n",
    "pkg/app.py": "from pkg import helper\n\ndef run():\n    return helper(1)\n",
    "pkg/other.py": "import pkg.util\n\nVALUE = pkg.util.helper(2)\n",
}


def index(repo: Path, config: Config = DEFAULTS, workers: int = 1) -> IndexSummary:
    return index_repository(repo, config, workers=workers)


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def helper_lines(repo: Path) -> list[tuple[str, int]]:
    report = find_references(repo, DEFAULTS, "pkg.util.helper", workers=1)
    return [(r.path, r.line) for r in report.references]


def test_cold_run_parses_everything_and_warm_run_reads_nothing(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    cold = index(repo)
    assert (cold.files, cold.modules, cold.parsed, cold.cache_hits) == (4, 4, 4, 0)
    assert cold.references > 0 and cold.definitions >= 6
    warm = index(repo)
    assert (warm.parsed, warm.cache_hits, warm.unchanged, warm.resolved_files) == (0, 0, 4, 0)
    assert (warm.references, warm.definitions) == (cold.references, cold.definitions)


def test_touched_but_unchanged_file_is_not_parsed_again(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    index(repo)
    touch_later(repo / "pkg/app.py")
    again = index(repo)
    assert (again.parsed, again.resolved_files, again.unchanged) == (0, 0, 4)


def test_body_edit_reparses_and_resolves_only_that_file(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    index(repo)
    app = "from pkg import helper\n\n\ndef run():\n    return helper(1) + helper(2)\n"
    write_files(repo, {"pkg/app.py": app})
    touch_later(repo / "pkg/app.py")
    again = index(repo)
    assert (again.parsed, again.resolved_files) == (1, 1)
    assert ("pkg/app.py", 5) in helper_lines(repo)
    assert [line for path, line in helper_lines(repo) if path == "pkg/app.py"] == [1, 5, 5]


def test_surface_edit_resolves_the_files_that_depend_on_it(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    index(repo)
    # pkg/__init__ now re-exports helper from elsewhere: app.py's reference must follow.
    write_files(
        repo,
        {
            "pkg/newhome.py": "def helper(x):\n    return -x\n",
            "pkg/__init__.py": "from .newhome import helper\n",
        },
    )
    touch_later(repo / "pkg/__init__.py")
    again = index(repo)
    # the two changed files, and app.py and other.py, which import pkg; util.py imports nothing
    assert again.resolved_files == 4
    report = find_references(repo, DEFAULTS, "pkg.newhome.helper", workers=1)
    assert {r.path for r in report.references} == {"pkg/__init__.py", "pkg/app.py"}


def test_switching_back_to_earlier_content_is_a_cache_hit(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    index(repo)
    original = (repo / "pkg/util.py").read_text()
    write_files(repo, {"pkg/util.py": original + "\nEXTRA = 1\n"}, dedent=False)
    touch_later(repo / "pkg/util.py")
    assert index(repo).parsed == 1
    # as after `git checkout` of the earlier branch
    write_files(repo, {"pkg/util.py": original}, dedent=False)
    touch_later(repo / "pkg/util.py")
    back = index(repo)
    assert (back.parsed, back.cache_hits) == (0, 1)
    assert ("pkg/app.py", 4) in helper_lines(repo)


def test_deleted_file_disappears_from_results(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    index(repo)
    (repo / "pkg/other.py").unlink()
    again = index(repo)
    assert again.files == 3
    assert all(path != "pkg/other.py" for path, _ in helper_lines(repo))


def test_corrupt_database_is_ignored_and_rebuilt(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    expected = index(repo)
    db = repo / CACHE_DIR / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    rebuilt = index(repo)
    assert rebuilt.parsed == 4
    assert rebuilt.references == expected.references
    assert any("rebuilt" in note for note in rebuilt.notes)


def test_corrupt_cached_facts_are_parsed_again(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    before = index(repo)
    db = sqlite3.connect(repo / CACHE_DIR / "index.sqlite")
    db.execute("UPDATE facts SET blob = x'00ff00'")
    db.execute("UPDATE files SET size = size + 1")  # force every file to be looked at again
    db.commit()
    db.close()
    again = index(repo)
    assert again.parsed == 0 and again.unchanged == 4  # same content: nothing to redo ...
    write_files(repo, {"pkg/app.py": "from pkg import helper\nhelper(3)\n"})
    third = index(repo)
    assert third.parsed == 1 and third.references >= before.references - 1


def test_file_that_does_not_parse_is_reported_and_the_rest_indexed(write_repo: WriteRepo) -> None:
    repo = write_repo({**FILES, "pkg/broken.py": "def broken(:\n    pass\n"})
    summary = index(repo)
    assert summary.failed == 1
    issue = summary.issues[0]
    assert issue.path == "pkg/broken.py" and "line 1" in issue.reason
    assert ("pkg/app.py", 4) in helper_lines(repo)
    assert (repo / "pkg/broken.py").read_text() == "def broken(:\n    pass\n"  # left alone


def test_generated_files_are_skipped_and_reported(write_repo: WriteRepo) -> None:
    marker = "@" + "generated"
    repo = write_repo(
        {**FILES, "pkg/gen.py": f"# {marker} by protoc\nfrom pkg.util import helper\nhelper(1)\n"}
    )
    summary = index(repo)
    assert [(i.path, i.status) for i in summary.issues] == [("pkg/gen.py", "skipped")]
    assert all(path != "pkg/gen.py" for path, _ in helper_lines(repo))


def test_changing_source_roots_reindexes_under_new_module_names(write_repo: WriteRepo) -> None:
    repo = write_repo(
        {
            "lib/pkg/__init__.py": "",
            "lib/pkg/mod.py": "def f():\n    pass\n",
            "lib/pkg/use.py": "from pkg.mod import f\nf()\n",
        }
    )
    index(repo)
    config = Config("test", Campaign(source_roots=("lib",)))
    summary = index(repo, config)
    assert summary.resolved_files == 3
    report = find_references(repo, config, "pkg.mod.f", workers=1)
    assert [(r.path, r.kind.value) for r in report.references] == [
        ("lib/pkg/use.py", "import"),
        ("lib/pkg/use.py", "call"),
    ]


def test_process_pool_gives_the_same_result_as_one_process(write_repo: WriteRepo) -> None:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"from pkg.util import helper\nhelper({i})\n" for i in range(40)
    }
    repo = write_repo({**FILES, **files})
    pooled = index_repository(repo, DEFAULTS, workers=2)
    assert pooled.workers == 2 and pooled.parsed == 44
    pooled_refs = helper_lines(repo)
    (repo / CACHE_DIR / "index.sqlite").unlink()
    single = index(repo)
    assert single.references == pooled.references
    assert helper_lines(repo) == pooled_refs


def test_damaged_facts_are_reparsed_when_linking_on_the_pool(write_repo: WriteRepo) -> None:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"from pkg.util import helper\nhelper({i})\n" for i in range(40)
    }
    repo = write_repo({**FILES, **files})
    before = index_repository(repo, DEFAULTS, workers=2)
    db = sqlite3.connect(repo / CACHE_DIR / "index.sqlite")
    db.execute("UPDATE facts SET blob = x'00ff00'")  # every facts blob damaged, surfaces intact
    db.commit()
    db.close()
    # forces a full resolve
    write_files(repo, {"pkg/__init__.py": "from .util import helper\n\nEXTRA = 1\n"})
    after = index_repository(repo, DEFAULTS, workers=2)
    assert after.resolved_files == 44
    assert after.references == before.references


def test_a_full_resolution_removes_shards_left_by_dead_runs_only(write_repo: WriteRepo) -> None:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"from pkg.util import helper\nhelper({i})\n" for i in range(40)
    }
    repo = write_repo({**FILES, **files})
    index(repo, workers=2)
    cache = repo / CACHE_DIR
    dead = [
        cache / f"resolved-{2**22 + 7}-0.sqlite{suffix}" for suffix in ("", "-wal", "-shm")
    ]  # no such pid
    alive = cache / "resolved-1-0.sqlite"  # pid 1 runs: a concurrent resolution's shard
    for leftover in (*dead, alive):
        leftover.write_bytes(b"")
    store, _ = open_store(cache)
    store.begin_resolving()  # the next run resolves everything again
    store.close()
    assert index(repo, workers=2).resolved_files == 44
    assert not any(p.exists() for p in dead)
    assert alive.exists()
    store, _ = open_store(cache)
    try:
        assert (
            sorted(store.shards) == sorted(set(shard_files(repo)) - {alive.name})
            and len(store.shards) == 2
        )
    finally:
        store.close()


def shard_files(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo / CACHE_DIR).glob("resolved-*.sqlite"))


def test_pooled_resolution_keeps_one_indexed_shard_per_worker(write_repo: WriteRepo) -> None:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"from pkg.util import helper\nhelper({i})\n" for i in range(40)
    }
    repo = write_repo({**FILES, **files})
    index(repo, workers=2)
    store, _ = open_store(repo / CACHE_DIR)
    try:
        assert sorted(store.shards) == shard_files(repo) and len(store.shards) == 2
        assert store.count("refs") == sum(  # rows live in the shards, each with its query index
            sqlite3.connect(repo / CACHE_DIR / name)
            .execute("SELECT COUNT(*) FROM refs")
            .fetchone()[0]
            for name in store.shards
        )
        for name in store.shards:
            shard = sqlite3.connect(repo / CACHE_DIR / name)
            assert {"refs_target", "refs_written"} <= {
                r[0] for r in shard.execute("SELECT name FROM sqlite_master")
            }
            shard.close()
    finally:
        store.close()


def test_a_missing_shard_makes_the_index_rebuild(write_repo: WriteRepo) -> None:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"from pkg.util import helper\nhelper({i})\n" for i in range(40)
    }
    repo = write_repo({**FILES, **files})
    cold = index(repo, workers=2)
    (repo / CACHE_DIR / shard_files(repo)[0]).unlink()
    again = index(repo, workers=2)
    assert any("shard" in note and "rebuilt" in note for note in again.notes)
    assert again.parsed == 0 and again.resolved_files == 44  # the parse cache was kept
    assert again.references == cold.references
    assert len(shard_files(repo)) == 2  # the damaged resolution's other shard went with it


def test_an_unreadable_index_keeps_the_shards_of_a_concurrent_run(write_repo: WriteRepo) -> None:
    repo = write_repo(FILES)
    index(repo)
    cache = repo / CACHE_DIR
    (cache / "index.sqlite").write_bytes(b"not a database at all" * 100)
    concurrent = cache / "resolved-1-0.sqlite"  # pid 1 runs
    concurrent.write_bytes(b"")
    summary = index(repo)
    assert any("unreadable" in note for note in summary.notes) and summary.parsed == len(FILES)
    assert concurrent.exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interrupted_resolution_is_redone_in_full(write_repo: WriteRepo, workers: int) -> None:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"from pkg.util import helper\nhelper({i})\n" for i in range(40)
    }
    repo = write_repo({**FILES, **files})
    before = index(repo, workers=workers)  # 2 workers: the rows live in shards
    store, _ = open_store(repo / CACHE_DIR)
    store.begin_resolving()  # as if a run had died between updating a shard and the main tables
    store.close()
    again = index(repo, workers=workers)
    assert again.resolved_files == 44 and again.references == before.references
    assert index(repo, workers=workers).resolved_files == 0


def all_references(repo: Path) -> list[tuple[object, ...]]:
    store, _ = open_store(repo / CACHE_DIR)
    try:
        rows = [
            (r[2], r[3], r[4], r[0], r[1], r[5], r[6], r[7])
            for r in store.references_in(list(store.files()))
        ]
    finally:
        store.close()
    return sorted(rows)


@pytest.mark.parametrize("workers", [1, 2])
def test_partial_resolution_after_edits_equals_a_full_rebuild(
    write_repo: WriteRepo, workers: int
) -> None:
    repo = write_repo(
        {
            **FILES,
            "pkg/star.py": "from pkg.util import *\n\nVALUE = helper(3)\n",
            "pkg/strings.py": "TARGET = 'pkg.util.helper'\nOTHER = 'pkg.later.thing'\n",
            "pkg/deep.py": "from pkg.app import run\n\nrun()\n",
            **{f"lib/alone{i}.py": f"import json\n\nVALUE = json.dumps({i})\n" for i in range(30)},
        }
    )
    index(repo, workers=workers)  # 2 workers: a pool writes the rows into shards
    edits = {
        # a new name
        "pkg/util.py": "def helper(x):\n    return x\n\n\ndef extra():\n    return 1\n",
        "pkg/app.py": "from pkg.util import extra as run\n",  # re-binds run: deep.py must follow
        "pkg/later.py": "thing = 1\n",  # a new module that a string already names
    }
    write_files(repo, edits)
    for path in edits:
        touch_later(repo / path)
    partial = index(repo, workers=workers)
    assert partial.resolved_files < partial.files
    incremental = all_references(repo)
    (repo / CACHE_DIR / "index.sqlite").unlink()
    index(repo)
    assert incremental == all_references(repo)
