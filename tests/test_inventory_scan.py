"""The inventory's scan of many files, on forked workers, finds what one process finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.adapters.index_store import FileRow
from refactor_coord.application import inventory
from tests.conftest import write_files

WARNS = (
    "import warnings\n\n\ndef old_{n}():\n"
    '    warnings.warn("old_{n} is deprecated", DeprecationWarning)\n'
)


def rows(repo: Path, count: int) -> list[FileRow]:
    write_files(repo, {f"pkg/m{n}.py": WARNS.format(n=n) for n in range(count)})
    return [
        FileRow(n, f"pkg/m{n}.py", f"pkg.m{n}", False, False, 0, 0, "", f"k{n}", "ok", "", "")
        for n in range(count)
    ]


def test_a_scan_on_workers_equals_the_scan_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = rows(tmp_path, 12)
    alone = inventory._scan_all(tmp_path, files)  # below the threshold: one process
    monkeypatch.setattr(inventory, "_SCAN_PER_WORKER", 4)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    shared = inventory._scan_all(tmp_path, files)
    assert sorted(shared, key=lambda item: item[0]) == sorted(alone, key=lambda item: item[0])
    assert [d.qname for _, found in alone for d in found.found] == [
        f"pkg.m{n}.old_{n}" for n in range(12)
    ]
