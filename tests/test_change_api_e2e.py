"""change-api end to end on a sample project (issue 14): plan, then every step applied with the
project's own tests under warnings-as-errors, the module's own callers rewritten at expand,
other callers at migrate, and nothing of the old name left after contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.planning.sites import NAMED_ELSEWHERE
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


def _deprecate_refusal(repo: Path, message: str) -> str:
    """Plan ``repo`` (committed with ``message``), then :func:`_refused_at_deprecate`."""
    commit_and_plan(repo, message)
    return _refused_at_deprecate(repo)


def _refused_at_deprecate(repo: Path) -> str:
    """Apply the planned steps until deprecate refuses because the old name is still used;
    the refusal's text."""
    with pytest.raises(ApplyRefused) as refused:
        apply_every_step(repo)
    text = str(refused.value)
    assert "makes the old names warn, but the old location is still used" in text
    return text


@pytest.mark.slow
def test_a_function_renamed_and_re_signed_stays_green_at_every_step(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": 'from pkg.client import fetch\n\n__all__ = ["fetch"]\n',
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
    warning_test = repo / "tests" / "test_refcoord_fetch_to_get.py"

    def deprecation_test_lives_from_deprecate_to_contract(applied: Applied) -> None:
        assert warning_test.is_file() is (applied.step.phase == "deprecate")
        if applied.step.phase == "deprecate":  # it ran with the step's tests, and passed
            assert applied.tests is not None and "test_refcoord_fetch_to_get.py" in " ".join(
                applied.step.tests
            )

    applied = apply_every_step(repo, each=deprecation_test_lives_from_deprecate_to_contract)
    phases = [a.step.phase for a in applied]
    assert phases == ["expand", "migrate", "deprecate", "contract"]
    client = (repo / "pkg" / "client.py").read_text()
    assert "fetch" not in client
    assert "return get(url, timeout_s=1.0), get(url, retries=2)" in client
    # the package's re-export gained the new name at expand and lost the old one at contract
    init = (repo / "pkg" / "__init__.py").read_text()
    assert init == 'from pkg.client import get\n\n__all__ = ["get"]\n'
    app = (repo / "pkg" / "app.py").read_text()
    assert 'get("u", timeout_s=2.0), client.get(\n        "v",  # the other one\n' in app
    assert "        timeout_s=3.0,\n        retries=1,\n" in app


def _checks(repo: Path, cache: Path) -> list[str]:
    """What ``mypy --strict`` and ``ruff check`` report on the project (caches kept out)."""
    bin_dir = Path(sys.executable).parent
    found: list[str] = []
    for argv in (
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary", "pkg"],
        [str(bin_dir / "ruff"), "check", "--no-cache", "--output-format", "concise", "."],
    ):
        ran = subprocess.run(argv, cwd=repo, capture_output=True, text=True, check=False)
        found += [ln for ln in ran.stdout.splitlines() if ":" in ln and "Found" not in ln]
        if ran.returncode not in (0, 1) or (ran.returncode == 1 and not found):
            found.append(f"{argv[:3]} did not run: exit {ran.returncode}: {ran.stderr[-300:]}")
    return found


@pytest.mark.slow
def test_the_project_s_type_checker_and_linter_stay_clean_at_every_step(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pyproject.toml": (
                "[tool.mypy]\nstrict = true\n\n[tool.ruff]\nline-length = 99\n\n"
                '[tool.ruff.lint]\nselect = ["E", "F", "I", "UP"]\n'
            ),
            "pkg/__init__.py": "",
            "pkg/client.py": """
                def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> str:
                    return f"{url} {timeout} {retries}"
            """,
            "pkg/app.py": """
                from pkg.client import fetch


                def run() -> str:
                    return fetch("u", 2.0)
            """,
            "tests/test_app.py": """
                from pkg.app import run


                def test_run() -> None:
                    assert run() == "u 2.0 0"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    cache = tmp_path / "mypy-cache"
    commit_and_plan(repo, "a typed function to rename and re-sign")
    assert _checks(repo, cache) == []
    seen: dict[str, list[str]] = {}
    apply_every_step(repo, each=lambda a: seen.update({a.step.phase: _checks(repo, cache)}))
    assert seen == {p: [] for p in ("expand", "migrate", "deprecate", "contract")}


@pytest.mark.slow
def test_calls_through_a_package_re_export_and_a_star_import_are_migrated(tmp_path: Path) -> None:
    """The change-api gauntlet (webcolors, glom, funcy, humanize...): calls reach the function
    as ``pkg.fetch`` (the package re-exports it) or through ``from pkg.client import *``; plan
    counted them, migrate rewrote none, and apply refused the step. The defining module's own
    ``__all__`` lists the new name from expand and drops the old one at contract."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            # the package re-exports it, and calls it itself (the gauntlet's markdown)
            "pkg/__init__.py": (
                "from .client import *\nfrom .client import fetch\n\n\n"
                "def twice(url):\n    return fetch(url, 1.0), fetch(url)\n"
            ),
            "pkg/client.py": """
                __all__ = ["fetch"]


                def fetch(url, timeout=5.0, retries=0):
                    return (url, timeout, retries)
            """,
            "tests/test_pkg.py": """
                import pkg


                def test_through_the_package():
                    assert pkg.fetch("u", 2.0) == ("u", 2.0, 0)


                def test_the_package_s_own_calls():
                    assert pkg.twice("w") == (("w", 1.0, 0), ("w", 5.0, 0))
            """,
            "tests/test_star.py": """
                from pkg.client import *


                def test_through_a_star_import():
                    assert fetch("v", 3.0, 1) == ("v", 3.0, 1)
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    commit_and_plan(repo, "a function re-exported and star-imported")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract" and "migrate" in phases
    assert 'pkg.get("u", timeout_s=2.0)' in (repo / "tests" / "test_pkg.py").read_text()
    assert 'get("v", timeout_s=3.0, retries=1)' in (repo / "tests" / "test_star.py").read_text()
    client = (repo / "pkg" / "client.py").read_text()
    assert client.startswith('__all__ = ["get"]\n') and "fetch" not in client
    init = (repo / "pkg" / "__init__.py").read_text()
    assert "fetch" not in init and "return get(url, timeout_s=1.0), get(url)" in init


@pytest.mark.slow
def test_imports_through_a_star_import_of_a_re_exporter_are_migrated(tmp_path: Path) -> None:
    """The change-api gauntlet's python-slugify and markdown: ``pkg/__init__.py`` star-imports
    ``pkg/api.py``, which re-exports the function from the defining module; ``from pkg import
    fetch`` reaches it through both. Plan counted those sites, and migrate rewrote none of
    them ("nothing to commit")."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "from .api import *\n",
            "pkg/api.py": '__all__ = ["fetch"]\n\nfrom .client import fetch\n',
            "pkg/client.py": """
                def fetch(url, timeout=5.0, retries=0):
                    return (url, timeout, retries)
            """,
            "tests/test_pkg.py": """
                from pkg import fetch


                def test_through_two_re_exports():
                    assert fetch("u", 2.0) == ("u", 2.0, 0)
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    commit_and_plan(repo, "a function re-exported, then star-imported by its package")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases == ["expand", "migrate", "deprecate", "contract"]
    test = (repo / "tests" / "test_pkg.py").read_text()
    assert test.startswith("from pkg import get\n") and 'get("u", timeout_s=2.0)' in test
    assert "fetch" not in (repo / "pkg" / "api.py").read_text()


@pytest.mark.slow
def test_deprecate_waits_for_the_uses_left_for_review(tmp_path: Path) -> None:
    """The change-api gauntlet (humanize, tabulate): a use left for review (the function passed
    as a value while its signature changes) warned once the shim did, and a suite that makes
    warnings errors failed at deprecate. Deprecate waits for them, naming them."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "tests/test_client.py": """
                from pkg.client import fetch


                HANDLERS = {"fetch": fetch}


                def test_as_a_value():
                    assert HANDLERS["fetch"]("u") == "u"


                def test_a_call():
                    assert fetch("v", 1.0) == "v"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    message = _deprecate_refusal(repo, "a function used as a value")
    assert "tests/test_client.py:" in message and "change them by hand" in message


@pytest.mark.slow
def test_a_string_that_spells_the_old_name_is_a_use_left_for_review(tmp_path: Path) -> None:
    """The change-api gauntlet's packaging: tests read the function by name (``"old" in
    dir(module)``, ``monkeypatch.setattr(module, name, ...)`` with the name from a parametrize
    list), which the index cannot follow; contract removed the name and the suite failed. The
    plan lists such strings for review, and the old name neither warns nor goes while one is
    left."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "tests/test_client.py": """
                import pytest

                from pkg import client


                def test_a_call():
                    assert client.fetch("v", 1.0) == "v"


                @pytest.mark.parametrize("name", ["fetch"])
                def test_public(name):
                    assert name in dir(client)
            """,
        },
    )
    plan = commit_and_plan(repo, "a function named in a string")
    review = [s for step in plan.steps for s in step.sites if s.action == "review"]
    assert [(s.path, s.line) for s in review] == [("tests/test_client.py", 10)]
    message = _refused_at_deprecate(repo)
    assert "tests/test_client.py:10 ('fetch' in a string)" in message
    assert "the plan leaves them for manual review" in message


@pytest.mark.slow
def test_a_string_that_tests_the_module_for_the_name_is_renamed_with_it(tmp_path: Path) -> None:
    """The change-api gauntlet's packaging: ``assert "prepare_environment" in
    dir(packaging.markers)`` (a test that the function is exported) was left for review, and
    the campaign stopped at deprecate. Such a test only asks whether the name's module has the
    name: migrate renames the string with the name (also through ``__all__``, and through a
    package that re-exports it); one tested against another module, or with ``not in``, stays
    for review."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "from pkg.client import fetch\n\n__all__ = ['fetch']\n",
            "pkg/client.py": "__all__ = ['fetch']\n\n\ndef fetch(url, timeout=5.0, retries=0):\n"
            "    return url\n",
            "pkg/other.py": "def fetch():\n    return None\n",
            "tests/test_client.py": """
                import pkg
                import pkg.client
                from pkg import other


                def test_a_call():
                    assert pkg.client.fetch("v", 1.0) == "v"


                def test_exported():
                    assert "fetch" in dir(pkg.client)
                    assert "fetch" in set(pkg.client.__all__)
                    assert "fetch" in pkg.__all__
                    assert "fetch" in dir(other)
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a function whose export is tested")
    sites = [s for step in plan.steps for s in step.sites if s.path == "tests/test_client.py"]
    assert [(s.line, s.kind) for s in sites if s.action == "review"] == [(14, "dynamic")]
    assert [s.line for s in sites if s.kind == "string" and s.action == "rewrite"] == [11, 12, 13]
    message = _refused_at_deprecate(repo)
    assert "tests/test_client.py:14 ('fetch' in a string)" in message
    test = (repo / "tests" / "test_client.py").read_text()
    assert 'assert "get" in dir(pkg.client)' in test
    assert 'assert "get" in set(pkg.client.__all__)' in test
    assert 'assert "get" in pkg.__all__' in test
    assert 'assert "fetch" in dir(other)' in test


@pytest.mark.slow
def test_uses_left_for_review_are_known_after_a_formatter_moved_their_lines(
    tmp_path: Path,
) -> None:
    """The change-api gauntlet's tabulate: black wrapped the calls migrate had lengthened, the
    use left for review moved down, and deprecate, matching the plan's sites by line, said to
    migrate it first instead of naming it as the review it is."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pyproject.toml": "[tool.black]\nline-length = 50\n",
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "tests/test_client.py": """
                from pkg.client import fetch


                def test_a_call():
                    assert fetch("u-long", 1.0, 2) == "u-long"


                HANDLERS = {"fetch": fetch}


                def test_as_a_value():
                    assert HANDLERS["fetch"]("u") == "u"
            """,
        },
    )
    message = _deprecate_refusal(repo, "a use left for review below a call black wraps")
    assert "the plan leaves them for manual review" in message
    migrated = (repo / "tests" / "test_client.py").read_text()
    assert "timeout_s=1.0" in migrated and migrated.count("\n") > 11  # black wrapped the call


@pytest.mark.slow
def test_deprecate_waits_for_a_use_through_a_re_export(tmp_path: Path) -> None:
    """The change-api gauntlet's humanize: ``benchmark(humanize.intcomma, ...)`` (the function
    passed as a value, through the package's re-export) was left for review, but deprecate
    looked for uses spelled with the old module's name only, made the shim warn, and the suite
    (warnings as errors) failed."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "from .client import fetch\n",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "tests/test_pkg.py": """
                import pkg


                def test_as_a_value():
                    handlers = {"fetch": pkg.fetch}
                    assert handlers["fetch"]("u") == "u"


                def test_a_call():
                    assert pkg.fetch("v", 1.0) == "v"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    message = _deprecate_refusal(repo, "a function passed as a value through its package")
    assert "tests/test_pkg.py:5 (pkg.fetch)" in message


@pytest.mark.slow
def test_deprecate_waits_for_the_defining_module_s_own_use_as_a_value(tmp_path: Path) -> None:
    """The change-api gauntlet's semver: the decorator passed itself to ``functools.partial``
    with its old keywords; left for review in its own module, that use was not looked for, and
    the shim warned when the module was imported."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": """
                import functools


                def fetch(url, timeout=5.0, retries=0):
                    return url


                quick = functools.partial(fetch, timeout=1.0)
            """,
            "tests/test_client.py": """
                from pkg.client import fetch, quick


                def test_quick():
                    assert quick("u") == "u"


                def test_a_call():
                    assert fetch("v", 1.0) == "v"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    message = _deprecate_refusal(repo, "a function its own module passes as a value")
    assert "pkg/client.py:14 (pkg.client.fetch)" in message  # below the shim now


@pytest.mark.slow
def test_deprecate_waits_for_the_defining_module_s_own_call_passing_args(tmp_path: Path) -> None:
    """The change-api gauntlet's markdown: ``SubstituteTextPattern(*pattern)`` beside the
    definition could not be rewritten; counted as one of the calls deprecate rebinds, it was
    let through, and the shim warned on it until contract refused."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": """
                def fetch(url, timeout=5.0, retries=0):
                    return url


                def fetch_each(calls):
                    return [fetch(*call) for call in calls]
            """,
            "tests/test_client.py": """
                from pkg.client import fetch_each


                def test_each():
                    assert fetch_each([("u", 1.0)]) == ["u"]
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    message = _deprecate_refusal(repo, "a function its own module calls with *args")
    assert "pkg/client.py:12 (pkg.client.fetch)" in message  # below the shim now


TAGS_CONFIG = """
[campaign]
name = "platforms"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "android"
kind = "change-api"
old = "pkg.tags.android_platforms"
new = "pkg.tags.android_platforms_v2"
"""


@pytest.mark.slow
def test_a_test_patching_the_old_name_by_name_keeps_reaching_the_module_s_calls(
    tmp_path: Path,
) -> None:
    """The change-api gauntlet's packaging: a test patches the dispatch functions by name
    (``monkeypatch.setattr(tags, name, ...)`` with the names from a parametrize list); expand
    pointed the module's own call at the new name, the patch of the old one stopped reaching
    it, and the suite failed. Now expand leaves the module's own calls on the old name (through
    the shim); deprecate waits for the string, changed by hand, then rebinds them."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": TAGS_CONFIG,
            "pkg/__init__.py": "",
            "pkg/tags.py": """
                def android_platforms():
                    return ["android"]


                def ios_platforms():
                    return ["ios"]


                def platform_tags(system):
                    if system == "Android":
                        return android_platforms()
                    return ios_platforms()
            """,
            "tests/test_tags.py": """
                import pytest

                from pkg import tags

                SYSTEMS = [("Android", "android_platforms"), ("iOS", "ios_platforms")]


                @pytest.mark.parametrize(("system", "dispatch"), SYSTEMS)
                def test_platform_tags(monkeypatch, system, dispatch):
                    monkeypatch.setattr(tags, dispatch, lambda: ["patched"])
                    assert tags.platform_tags(system) == ["patched"]


                def test_direct():
                    assert tags.android_platforms() == ["android"]
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a function a test patches by name")
    review = [s for step in plan.steps for s in step.sites if s.action == "review"]
    assert [(s.path, s.line) for s in review] == [("tests/test_tags.py", 5)]
    assert "code reads pkg.tags.android_platforms by name" in plan.steps[0].notes[0]
    message = _refused_at_deprecate(repo)  # expand and migrate pass; deprecate waits
    assert "tests/test_tags.py:5 ('android_platforms' in a string)" in message
    assert "return android_platforms()" in (repo / "pkg" / "tags.py").read_text()
    test = (repo / "tests" / "test_tags.py").read_text()
    write_files(
        repo,
        {"tests/test_tags.py": test.replace('"android_platforms"', '"android_platforms_v2"')},
        commit="patch the new name",
    )
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases == ["deprecate", "contract"]
    tags = (repo / "pkg" / "tags.py").read_text()
    assert "return android_platforms_v2()" in tags and "def android_platforms(" not in tags


@pytest.mark.slow
def test_deprecate_waits_for_a_documentation_doctest_left_on_the_old_name(tmp_path: Path) -> None:
    """A documentation file's doctests follow the rename at expand; one that cannot (a call
    passing ``*args`` while the signature changes keeps its import of the old name) is a use
    the index does not see, and deprecate waits for it. A bare ``fetch(...)`` whose import
    the examples do not show (a Sphinx ``testsetup``), and ``spec.fetch(...)``, a method of
    that name, are not taken for it (the change-api gauntlet's cachetools and pathspec)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "docs/usage.rst": """
                >>> from pkg.client import fetch
                >>> fetch(*["u", 1.0])
                'u'
                >>> fetch("u", 2.0)
                'u'

                .. doctest::

                   >>> other_fetch = fetch
                   >>> spec.fetch("x")
            """,
            "tests/test_client.py": """
                from pkg.client import fetch


                def test_a_call():
                    assert fetch("v", 1.0) == "v"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    message = _deprecate_refusal(repo, "a documentation doctest left on the old name")
    assert "docs/usage.rst:1 (a doctest names 'fetch')" in message
    assert "docs/usage.rst:9" not in message and "docs/usage.rst:10" not in message
    usage = (repo / "docs" / "usage.rst").read_text()
    assert ">>> from pkg.client import fetch, get\n" in usage
    assert '>>> get("u", timeout_s=2.0)' in usage


@pytest.mark.slow
def test_a_local_that_only_stands_for_the_function_follows_it(tmp_path: Path) -> None:
    """``handler = fetch`` then only ``handler(...)``: every call through the local is in
    sight, so the value is renamed and the calls rebound, planned as rewrites, with nothing
    left for review (a method's ``enword = p.enword``, the change-api gauntlet's inflect, is
    the method cases' and that gauntlet scenario's)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": """
                def fetch(url, timeout=5.0, retries=0):
                    return (url, timeout, retries)
            """,
            "tests/test_client.py": """
                from pkg.client import fetch


                def test_through_a_local():
                    handler = fetch
                    assert [handler(u, 2.0) for u in "ab"] == [("a", 2.0, 0), ("b", 2.0, 0)]
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a local standing for the function")
    kinds = {(s.kind, s.action) for step in plan.steps for s in step.sites}
    assert ("alias", "rewrite") in kinds and not [k for k in kinds if k[1] == "review"]
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    test = (repo / "tests" / "test_client.py").read_text()
    assert "handler = get\n" in test and "handler(u, timeout_s=2.0)" in test


@pytest.mark.slow
def test_a_function_passed_on_to_known_calls_follows_them(tmp_path: Path) -> None:
    """A function passed to a helper of the test module that calls it with the arguments
    after it (pyflakes' ``withStderrTo``), to ``pytest.raises`` and ``map``, or assigned to a
    ``Callable[[str], ...]`` (sqlparse's benchmark field): the calls it will get are known and
    bind under the new signature as they did, so the value is planned as a call to rewrite and
    renamed, and the campaign ends with nothing for review, green with warnings as errors
    (the change-api gauntlet's pyflakes-api02 and sqlparse-api01 stopped here)."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": """
                def fetch(url, timeout=5.0, retries=0):
                    if not url:
                        raise ValueError(url)
                    return (url, timeout, retries)
            """,
            "tests/test_client.py": """
                from typing import Callable

                import pytest

                from pkg.client import fetch

                RUN: Callable[[str], object] = fetch


                def call_with(f, *args, **kwargs):
                    return f(*args, **kwargs)


                def test_passed_on():
                    assert call_with(fetch, "u", retries=2) == ("u", 5.0, 2)
                    assert list(map(fetch, "ab")) == [("a", 5.0, 0), ("b", 5.0, 0)]
                    assert RUN("u") == ("u", 5.0, 0)
                    pytest.raises(ValueError, fetch, "")
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "the function passed on to known calls")
    sites = [s for step in plan.steps for s in step.sites if s.path == "tests/test_client.py"]
    assert not [s for s in sites if s.action == "review"], sites
    assert len([s for s in sites if (s.kind, s.action) == ("call", "rewrite")]) == 4
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    test = (repo / "tests" / "test_client.py").read_text()
    assert "fetch" not in test
    assert "call_with(get, " in test and "map(get, " in test and "= get\n" in test


COMPARED_FILES = {
    "refcoord.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return (url, timeout)\n",
    "pkg/legacy.py": '"""The old home."""\nfrom pkg.client import fetch\n\n__all__ = ["fetch"]\n',
    "tests/test_same.py": """
        import unittest

        from pkg.client import fetch


        class TestLegacy(unittest.TestCase):
            def test_same_function(self):
                from pkg import legacy

                self.assertIs(legacy.fetch, fetch)
                assert fetch is legacy.fetch
                assert fetch("u") == ("u", 5.0)
    """,
    "pytest.ini": "[pytest]\nfilterwarnings = error\n",
}


@pytest.mark.slow
def test_a_function_compared_with_another_use_of_itself_is_renamed_with_it(
    tmp_path: Path,
) -> None:
    """The change-api gauntlet's pyflakes: ``self.assertIs(script_pyflakes.checkPath,
    checkPath)`` checks a re-export is the function itself; both sides were left for review
    as values. Compared only with another use of itself, the function is never called there:
    both are renamed together, and the comparison stays true."""
    repo = write_files(tmp_path / "repo", COMPARED_FILES)
    plan = commit_and_plan(repo, "a re-export compared with the function")
    sites = [s for step in plan.steps for s in step.sites if s.path == "tests/test_same.py"]
    assert not [s for s in sites if s.action == "review"], sites
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    test = (repo / "tests" / "test_same.py").read_text()
    assert "self.assertIs(legacy.get, get)" in test and "assert get is legacy.get" in test


@pytest.mark.slow
def test_a_function_compared_with_something_else_stays_for_review(tmp_path: Path) -> None:
    """Compared with a value that is not a use of it (``handler is fetch``, the handler set
    elsewhere), renaming one side could change the comparison's truth: left for review."""
    files = {
        **COMPARED_FILES,
        "tests/test_same.py": """
            from pkg.client import fetch

            HANDLERS = {"fetch": fetch}


            def test_registered():
                handler = HANDLERS["fetch"]
                assert handler is fetch
        """,
    }
    plan = commit_and_plan(write_files(tmp_path / "repo", files), "compared with another value")
    review = [s for step in plan.steps for s in step.sites if s.action == "review"]
    assert sorted(s.line for s in review if s.path == "tests/test_same.py") == [1, 3, 8]


@pytest.mark.slow
def test_calls_under_a_patch_of_the_old_name_wait_with_the_patch(tmp_path: Path) -> None:
    """A test that patches the old name (``patch.object(client, "fetch", ...)``) and calls it:
    rewritten alone, the call escaped the patch, the step's tests failed and apply put it back
    (found in review). The file is left to a person, whole: its migrate step is refused with
    the sites, and nothing fails."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "tests/test_client.py": """
                from unittest.mock import patch

                from pkg import client


                def test_patched():
                    with patch.object(client, "fetch", return_value="p"):
                        assert client.fetch("u", 1.0) == "p"
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a test patching the old name")
    actions = {(s.line, s.kind): s.action for step in plan.steps for s in step.sites}
    assert actions == {(7, "assign"): "review", (8, "call"): "review"}
    with pytest.raises(ApplyRefused, match="manual review"):
        apply_every_step(repo)
    assert 'client.fetch("u", 1.0)' in (repo / "tests" / "test_client.py").read_text()


KEYWORD_ONLY = CONFIG.replace(
    'signature = "(url, *, timeout_s=5.0, retries=0)"\nrename_params = { timeout = "timeout_s" }',
    'signature = "(url, *, timeout=5.0, retries=0)"',
)


@pytest.mark.slow
def test_calls_passing_kwargs_that_bind_alike_are_rewritten(tmp_path: Path) -> None:
    """``fetch(url, **options)``: when the parameters after ``url`` only turn keyword-only, the
    keys of ``options`` fill the same parameters whatever they are, so the call is planned and
    rewritten like any other (packaging's ``spec.contains(version, **kwargs)`` was left for
    review in the change-api gauntlet); the defining module's own such call too, at expand."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": KEYWORD_ONLY,
            "pkg/__init__.py": "",
            "pkg/client.py": """
                def fetch(url, timeout=5.0, retries=0):
                    return (url, timeout, retries)


                def fetch_all(urls, **options):
                    return [fetch(u, **options) for u in urls]
            """,
            "tests/test_client.py": """
                from pkg.client import fetch, fetch_all


                def test_options():
                    options = {"retries": 2}
                    assert fetch("u", 1.0, **options) == ("u", 1.0, 2)
                    assert fetch_all("ab", timeout=3.0) == [("a", 3.0, 0), ("b", 3.0, 0)]
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "calls passing **kwargs")
    sites = [s for step in plan.steps for s in step.sites]
    assert not [s for s in sites if s.action == "review"], sites
    assert [s.reason for s in sites if s.path == "tests/test_client.py" and s.line == 6] == [
        "passes *args or **kwargs, which the new signature binds as the old did"
    ]
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    assert 'get("u", timeout=1.0, **options)' in (repo / "tests/test_client.py").read_text()
    assert "[get(u, **options) for u in urls]" in (repo / "pkg/client.py").read_text()


@pytest.mark.slow
def test_calls_passing_args_or_renamed_keys_stay_for_review(tmp_path: Path) -> None:
    """``fetch(*args)`` could fill ``timeout`` by position, which the new signature takes by
    name only; ``fetch(url, **options)`` could pass ``timeout``, which is renamed: neither can
    be rewritten with certainty, so both are listed for review with the reason."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "pkg/app.py": """
                from pkg.client import fetch


                def run(args, options):
                    return fetch(*args), fetch("u", **options)
            """,
        },
    )
    plan = commit_and_plan(repo, "calls passing *args and **kwargs")
    review = {
        (s.line, s.col, s.reason)
        for step in plan.steps
        for s in step.sites
        if s.path == "pkg/app.py" and s.action == "review" and s.kind == "call"
    }
    reason = "passes *args or **kwargs: the arguments cannot be mapped with certainty"
    assert review == {(5, 12, reason), (5, 26, reason)}


@pytest.mark.slow
def test_a_patch_through_another_module_s_import_is_left_with_that_module(
    tmp_path: Path,
) -> None:
    """``mock.patch("pkg.cli.fetch")`` patches the name ``pkg/cli.py`` imported: migrate does
    not rewrite strings through a module that only uses the function, so the plan lists it
    for review (it said "rewrite", and migrate was refused for leaving it: the change-api
    gauntlet's python-slugify). A string that is a module's path (``import_module``) is the
    module's, not a use of the function."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/client.py": "def fetch(url, timeout=5.0, retries=0):\n    return url\n",
            "pkg/cli.py": """
                from pkg.client import fetch


                def main():
                    return fetch("u")
            """,
            "tests/test_cli.py": """
                import importlib
                from unittest import mock


                def test_main():
                    cli = importlib.import_module("pkg.cli")
                    with mock.patch("pkg.cli.fetch", return_value="x"):
                        assert cli.main() == "x"
            """,
        },
    )
    plan = commit_and_plan(repo, "a patch through another module's import")
    sites = [s for step in plan.steps for s in step.sites if s.path == "tests/test_cli.py"]
    assert [(s.line, s.kind, s.action, s.reason) for s in sites] == [
        (7, "string", "review", NAMED_ELSEWHERE)
    ]


@pytest.mark.slow
def test_a_package_function_named_like_its_submodule_is_the_function(tmp_path: Path) -> None:
    """The change-api gauntlet's mistune: ``mistune/__init__.py`` defines ``markdown`` beside
    the submodule ``mistune/markdown.py``. ``mistune.markdown`` reads the function (the
    package binds it after importing the submodule), so plan took it for the module and
    refused; once past that, what the submodule defines (``Markdown``) counted as uses of the
    function, and migrate was refused for leaving them."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": """
                [campaign]
                name = "mist"
                test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

                [[refactor]]
                id = "api"
                kind = "change-api"
                old = "mist.markdown"
                new = "mist.markdown_v2"
                signature = "(text, *, escape=True)"
            """,
            "mist/__init__.py": """
                from .markdown import Markdown


                def markdown(text, escape=True):
                    return Markdown(escape).render(text)
            """,
            "mist/markdown.py": """
                class Markdown:
                    def __init__(self, escape):
                        self.escape = escape

                    def render(self, text):
                        return f"{text}:{self.escape}"
            """,
            "mist/other.py": """
                import mist
                from mist.markdown import Markdown


                def go():
                    return mist.markdown("a", False), Markdown(True).render("b")
            """,
            "tests/test_mist.py": """
                from mist import markdown
                from mist.other import go


                def test_mist():
                    assert markdown("t", False) == "t:False"
                    assert go() == ("a:False", "b:True")
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a function named like a submodule")
    assert [s.files[0] for s in plan.steps if s.phase == "expand"] == ["mist/__init__.py"]
    rewritten = {(s.path, s.line) for st in plan.steps for s in st.sites if s.action == "rewrite"}
    assert ("mist/other.py", 6) in rewritten and ("mist/markdown.py", 1) not in rewritten
    apply_every_step(repo)
    assert (
        'mist.markdown_v2("a", escape=False), Markdown(True).render("b")'
        in (repo / "mist" / "other.py").read_text()
    )
    assert "def markdown(" not in (repo / "mist" / "__init__.py").read_text()
    assert "class Markdown" in (repo / "mist" / "markdown.py").read_text()
