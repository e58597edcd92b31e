"""change-api end to end on a sample project (issue 14): plan, then every step applied with the
project's own tests under warnings-as-errors, the module's own callers rewritten at expand,
other callers at migrate, and nothing of the old name left after contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import apply_every_step, commit_and_plan, write_files

CONFIG = """
[campaign]
name = "rename"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "fetch-to-get"
kind = "change-api"
old = "pkg.client.fetch"
new = "pkg.client.get"
signature = "(url, *, timeout_s=5.0, retries=0)"
rename_params = { timeout = "timeout_s" }
"""


@pytest.mark.slow
def test_a_function_renamed_and_re_signed_stays_green_at_every_step(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": """
                def fetch(url, timeout=5.0, retries=0):
                    return (url, timeout, retries)


                def twice(url):
                    return fetch(url, 1.0), fetch(url, retries=2)
            """,
            "pkg/app.py": """
                from pkg import client
                from pkg.client import fetch


                def run():
                    return fetch("u", 2.0), client.fetch(
                        "v",  # the other one
                        3.0,
                        1,
                    )
            """,
            "tests/test_app.py": """
                from pkg.app import run
                from pkg.client import twice


                def test_run():
                    assert run() == (("u", 2.0, 0), ("v", 3.0, 1))


                def test_twice():
                    assert twice("w") == (("w", 1.0, 0), ("w", 5.0, 2))
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    commit_and_plan(repo, "a function to rename and re-sign")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases == ["expand", "migrate", "deprecate", "contract"]
    client = (repo / "pkg" / "client.py").read_text()
    assert "fetch" not in client
    assert "return get(url, timeout_s=1.0), get(url, retries=2)" in client
    app = (repo / "pkg" / "app.py").read_text()
    assert 'get("u", timeout_s=2.0), client.get(\n        "v",  # the other one\n' in app
    assert "        timeout_s=3.0,\n        retries=1,\n" in app
