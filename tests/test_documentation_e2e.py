"""Documentation follows a rename and a move (issue 14): Sphinx cross-references, autodoc
directives and Python code samples in ``.rst``/``.md`` files, and cross-references in
docstrings, are rewritten by the expand step when they certainly name the old name; the others
are listed for review on the contract step, which waits for them; a changelog keeps the old
name. Real git repository, the project's own tests run by each step."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import apply_step, choose_next
from refactor_coord.domain.errors import ApplyRefused
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

RENAME = """
[campaign]
name = "rename"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "fetch-to-get"
kind = "change-api"
old = "pkg.client.fetch"
new = "pkg.client.get"
signature = "(url, *, timeout=5.0)"
"""

GUIDE = """
Guide
=====

.. currentmodule:: pkg.client

Call :func:`fetch` (or :func:`the package's <pkg.fetch>`); :func:`.fetch` may be any.

.. autofunction:: pkg.client.fetch

.. code-block:: python

   from pkg.client import fetch

   fetch("u", 2.0)
"""

README = """
# pkg

```python
from pkg import fetch

print(fetch("u"))
```
"""

CHANGES = "1.0: added :func:`pkg.client.fetch`.\n"


def _package(config: str) -> dict[str, str]:
    return {
        "refcoord.toml": config,
        "pkg/__init__.py": 'from pkg.client import fetch\n\n__all__ = ["fetch"]\n',
        "pkg/client.py": '''
            """The client. See :func:`fetch`."""


            def fetch(url, timeout=5.0):
                return (url, timeout)


            def keep():
                """Calls :func:`pkg.client.fetch`."""
                return 1
        ''',
        "pkg/app.py": '''
            """Uses :func:`pkg.client.fetch`; :func:`fetch` here is another."""


            def run():
                return 2
        ''',
        # another fetch: a reference Sphinx searches for (:func:`.fetch`) may find either
        "pkg/other.py": "def fetch():\n    return 0\n",
        "tests/test_client.py": """
            from pkg.client import fetch


            def test_fetch():
                assert fetch("u", 2.0) == ("u", 2.0)
        """,
        "docs/guide.rst": GUIDE,
        "README.md": README,
        "CHANGES.rst": CHANGES,
        "pytest.ini": "[pytest]\nfilterwarnings = error\n",
    }


@pytest.mark.slow
def test_a_rename_takes_the_documentation_along_and_contract_waits_for_the_rest(
    tmp_path: Path,
) -> None:
    repo = write_files(tmp_path / "repo", _package(RENAME))
    plan = commit_and_plan(repo, "a documented function to rename")
    expand, contract = plan.steps[0], plan.steps[-1]
    assert {"docs/guide.rst", "README.md", "pkg/app.py"} <= set(expand.files)
    assert "CHANGES.rst" not in expand.files
    documented = [(s.path, s.line) for s in expand.sites if s.kind == "doc"]
    assert ("docs/guide.rst", 8) in documented and ("README.md", 6) in documented
    review = [(s.path, s.line) for s in contract.sites if s.action == "review"]
    # :func:`.fetch` may find pkg.other's; :func:`fetch` in pkg.app, which has none: unsure
    assert review == [("docs/guide.rst", 6), ("pkg/app.py", 1)]

    with pytest.raises(ApplyRefused) as refused:
        apply_every_step(repo)
    assert "docs/guide.rst:6 (a cross-reference that may name it" in str(refused.value)
    assert "pkg/app.py:1 (a cross-reference that may name it" in str(refused.value)
    guide = (repo / "docs" / "guide.rst").read_text()
    assert "Call :func:`get` (or :func:`the package's <pkg.get>`)" in guide
    assert ".. autofunction:: pkg.client.get" in guide
    assert '   from pkg.client import get\n\n   get("u", timeout=2.0)\n' in guide
    assert 'from pkg import get\n\nprint(get("u"))' in (repo / "README.md").read_text()
    client = (repo / "pkg" / "client.py").read_text()
    assert '"""The client. See :func:`get`."""' in client
    assert '"""Calls :func:`pkg.client.get`."""' in client
    app = (repo / "pkg" / "app.py").read_text()
    assert app.startswith('"""Uses :func:`pkg.client.get`; :func:`fetch` here is another."""')
    assert (repo / "CHANGES.rst").read_text() == CHANGES

    # the reviewer checks it is another module's: --reviewed takes the contract step on
    config = load_config(repo)
    applied = apply_step(repo, config, choose_next(repo, config), reviewed=True, tests="all")
    assert applied.step.phase == "contract"
    assert any("docs/guide.rst:6" in note for note in applied.notes)
    assert "fetch" not in (repo / "pkg" / "client.py").read_text()


@pytest.mark.slow
def test_a_move_takes_the_documentation_along(tmp_path: Path) -> None:
    docs = """
        .. automodule:: pkg.src
           :members:

        .. currentmodule:: pkg.src

        See :func:`moved` and :func:`pkg.src.moved`; :func:`keep` stays.

        .. code-block:: python

           from pkg.src import moved, keep

           moved(keep())
    """
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("move", "pkg.src", "pkg.target", ["moved"]),
            "pkg/__init__.py": "",
            "pkg/src.py": '''
                """Helpers: :func:`moved` and :func:`keep`."""


                def moved(x):
                    return x + 1


                def keep():
                    return 1
            ''',
            "tests/test_src.py": """
                from pkg.src import keep, moved


                def test_moved():
                    assert moved(keep()) == 2
            """,
            "docs/api.rst": docs,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a documented function to move")
    # the moved names leave the source's page at expand: the reviewer documents the target
    pages = [(s.path, s.line, s.action) for s in plan.steps[0].sites if s.kind == "doc-page"]
    assert pages == [("docs/api.rst", 1, "review")]
    apply_every_step(repo)
    api = (repo / "docs" / "api.rst").read_text()
    assert "See :func:`~pkg.target.moved` and :func:`pkg.target.moved`; :func:`keep`" in api
    assert "   from pkg.src import keep\n   from pkg.target import moved\n\n" in api
    assert (
        '"""Helpers: :func:`~pkg.target.moved` and :func:`keep`."""'
        in (repo / "pkg" / "src.py").read_text()
    )
