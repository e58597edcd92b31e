"""The change-api codemods' before/after cases, as data (:mod:`refactor_coord.rewrite.cases`),
one list a phase; CORRECTNESS.md "Signatures" is the checklist: positional-only and
keyword-only parameters, defaults, ``*args``/``**kwargs``, calls passing arguments positionally,
by keyword, by ``*seq`` or ``**mapping``, and decorated functions (reported, not guessed)."""

from __future__ import annotations

from refactor_coord.domain.plan import ArgValue
from refactor_coord.rewrite.cases import Case, dedent
from refcoord_codemods.change_api import class_cases as classes
from refcoord_codemods.change_api import class_signature_cases as resigned
from refcoord_codemods.change_api import method_cases as methods

CLIENT = "pkg/client.py"
APP = "pkg/app.py"

#: the arguments as a plan stores them (fetch -> get, trailing parameters keyword-only)
ARGS: dict[str, ArgValue] = {
    "old": "pkg.client.fetch",
    "new": "pkg.client.get",
    "signature": "(url, *, timeout_s=5.0, retries=0)",
    "rename_params": ("timeout=timeout_s",),
}
RENAME_ONLY: dict[str, ArgValue] = {"old": "pkg.client.fetch", "new": "pkg.client.get"}

BEFORE = dedent(
    """
    def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> str:
        return f"{url} {timeout} {retries}"


    def twice(url: str) -> str:
        return fetch(url, 1.0) + fetch(url, retries=2)
    """
)

SHIM = dedent(
    """
    def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> str:
        \"\"\"Deprecated: use :func:`get`, to which this forwards its arguments.\"\"\"
        # refcoord: forwards to get until the contract step
        return get(url, timeout_s=timeout, retries=retries)
    """
)

NEW = dedent(
    """
    def get(url: str, *, timeout_s: float = 5.0, retries: int = 0) -> str:
        return f"{url} {timeout_s} {retries}"
    """
)

TWICE = dedent(
    """


    def twice(url: str) -> str:
        return get(url, timeout_s=1.0) + get(url, retries=2)
    """
)

EXPANDED = NEW + "\n\n" + SHIM + TWICE
#: expand with ``own_calls_later``: the module's own calls still call the old name
LEFT_ON_OLD = EXPANDED.replace(TWICE, "\n\n" + BEFORE.split("\n\n\n", 1)[1])

_WARN = """\
    # refcoord: forwards to get until the contract step
    import warnings

    warnings.warn(
        "pkg.client.fetch is deprecated: "
        "use pkg.client.get instead; "
        "it will be removed in 2.0",
        DeprecationWarning,
        stacklevel=2,
    )
"""
WARNED = EXPANDED.replace("    # refcoord: forwards to get until the contract step\n", _WARN)

#: PEP 702's marker, where the project can import it (requires-python, or a dependency)
_DECORATOR = """\
@deprecated(
    "pkg.client.fetch is deprecated: "
    "use pkg.client.get instead; "
    "it will be removed in 2.0",
    category=None,
)
"""
MARKED = WARNED.replace("def fetch(", _DECORATOR + "def fetch(", 1)
PY313 = '[project]\nname = "pkg"\nrequires-python = ">=3.13"\n'
WITH_TYPING_EXTENSIONS = (
    '[project]\nname = "pkg"\nrequires-python = ">=3.9"\n'
    'dependencies = ["typing_extensions>=4.5"]\n'
)

#: a doctest in the function's own docstring runs with the module's globals: it calls the new
#: function after expand (the change-api gauntlet's humanize: it called the shim, which warns)
DOCTESTED = dedent(
    '''
    def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> str:
        """Fetch.

        >>> fetch("u", 2.0)
        'u 2.0 0'
        """
        return f"{url} {timeout} {retries}"
    '''
)
DOCTESTED_EXPANDED = dedent(
    '''
    def get(url: str, *, timeout_s: float = 5.0, retries: int = 0) -> str:
        """Fetch.

        >>> get("u", timeout_s=2.0)
        'u 2.0 0'
        """
        return f"{url} {timeout_s} {retries}"


    def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> str:
        """Deprecated: use :func:`get`, to which this forwards its arguments."""
        # refcoord: forwards to get until the contract step
        return get(url, timeout_s=timeout, retries=retries)
    '''
)

TEST = "tests/test_refcoord_move.py"
#: the test the deprecate step adds: calling the old name warns and forwards (to a stand-in)
WARNING_TEST = '''\
"""Added by refcoord (campaign campaign).

The deprecated function warns, and forwards to the new one.

Deprecated: pkg.client.fetch
Forwards to: pkg.client.get
"""

import importlib

import pytest

FORWARDED = object()


def _new(*args: object, **kwargs: object) -> object:
    return FORWARDED


def test_fetch_warns_and_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module("pkg.client")
    monkeypatch.setattr(module, "get", _new)
    with pytest.warns(DeprecationWarning, match=r"pkg\\.client\\.fetch is deprecated"):
        result = module.fetch(None)
    assert result is FORWARDED
'''

EXPAND: tuple[Case, ...] = (
    Case(
        "a function renamed and re-signed: the module's own calls rebound, the old name forwards",
        ARGS,
        {CLIENT: BEFORE},
        {CLIENT: EXPANDED},
    ),
    Case(
        "a rename keeps positional-only, *args and **kwargs as they are",
        RENAME_ONLY,
        {CLIENT: "def fetch(a, /, b, *rest, c=1, **kw):\n    return a\n"},
        {
            CLIENT: dedent(
                """
                def get(a, /, b, *rest, c=1, **kw):
                    return a


                def fetch(a, /, b, *rest, c=1, **kw):
                    \"\"\"Deprecated: use :func:`get`, to which this forwards its arguments.\"\"\"
                    # refcoord: forwards to get until the contract step
                    return get(a, b, *rest, c=c, **kw)
                """
            )
        },
    ),
    Case(
        "a shim docstring past the project's line length takes two lines (E501 on packaging)",
        {"old": "pkg.client.fetch", "new": "pkg.client.fetch_resource"},
        {
            CLIENT: "def fetch(url):\n    return url\n",
            "setup.cfg": "[flake8]\nmax-line-length = 60\n",
        },
        {
            CLIENT: dedent(
                """
                def fetch_resource(url):
                    return url


                def fetch(url):
                    \"\"\"Deprecated: use :func:`fetch_resource`.

                    This forwards its arguments to it.
                    \"\"\"
                    # refcoord: forwards to fetch_resource until the contract step
                    return fetch_resource(url)
                """
            )
        },
        files=(CLIENT,),
    ),
    Case(
        "a renamed parameter is renamed where the docstring documents it, not in its prose",
        {**RENAME_ONLY, "rename_params": ("path=where",)},
        {
            CLIENT: dedent(
                """
                def fetch(path):
                    \"\"\"Fetch.

                    Args:
                        path (str): the path to fetch.

                    :param path: the path
                    \"\"\"
                    return path
                """
            )
        },
        {
            CLIENT: dedent(
                """
                def get(where):
                    \"\"\"Fetch.

                    Args:
                        where (str): the path to fetch.

                    :param where: the path
                    \"\"\"
                    return where


                def fetch(path):
                    \"\"\"Deprecated: use :func:`get`, to which this forwards its arguments.\"\"\"
                    # refcoord: forwards to get until the contract step
                    return get(path)
                """
            )
        },
    ),
    Case(
        "own_calls_later (code patches the old name by name): the module's own calls stay",
        {**ARGS, "own_calls_later": True},
        {CLIENT: BEFORE},
        {CLIENT: LEFT_ON_OLD},
    ),
    Case(
        "the function's own doctests call the new function, arguments rebound",
        ARGS,
        {CLIENT: DOCTESTED},
        {CLIENT: DOCTESTED_EXPANDED},
    ),
    Case(
        "a decorated function whose signature changes is refused: the decorator may change it",
        ARGS,
        {CLIENT: "import functools\n\n\n@functools.cache\n" + BEFORE},
        refused="it is decorated, and a decorator may change its signature",
    ),
)

_DOCUMENTED = dedent(
    '''
    def lookup(value, spec="css3"):
        """Look a value up.

        :param value: What to look up.
        :param spec: The specification from which to draw the list of names.
            Default is css3.
        :param other: A line longer than the project allows, left as it was by refcoord.
        """
        return value, spec
    '''
)

_DOCUMENTED_AFTER = dedent(
    '''
    def find(value, spec_renamed="css3"):
        """Look a value up.

        :param value: What to look up.
        :param spec_renamed: The specification from which to draw the list of
            names. Default is css3.
        :param other: A line longer than the project allows, left as it was by refcoord.
        """
        return value, spec_renamed


    def lookup(value, spec="css3"):
        """Deprecated: use :func:`find`, to which this forwards its arguments."""
        # refcoord: forwards to find until the contract step
        return find(value, spec)
    '''
)

#: a documentation file run by --doctest-glob: its examples call the new function from expand on
DOCS = "docs/usage.md"
DOCS_BEFORE = dedent(
    """
    # Usage

    >>> from pkg.client import fetch
    >>> fetch("u", 2.0)
    'u 2.0 0'
    """
)

EXPAND += (
    Case(
        "a documentation file's doctests call the new function, arguments rebound",
        ARGS,
        {CLIENT: BEFORE, DOCS: DOCS_BEFORE},
        {
            CLIENT: EXPANDED,
            DOCS: DOCS_BEFORE.replace("import fetch", "import get").replace(
                'fetch("u", 2.0)', 'get("u", timeout_s=2.0)'
            ),
        },
    ),
    Case(
        "a docstring line a renamed parameter pushes past the line length is wrapped into the "
        "field's next line; one the project already had long stays (the change-api "
        "gauntlet's webcolors)",
        {
            "old": "pkg.client.lookup",
            "new": "pkg.client.find",
            "rename_params": ("spec=spec_renamed",),
        },
        {CLIENT: _DOCUMENTED},
        {CLIENT: _DOCUMENTED_AFTER},
    ),
)

#: documentation that names the function: Sphinx cross-references, an autodoc directive and
#: Python code samples, read in the module a ``currentmodule`` sets (issue 14)
API_DOCS = "docs/api.rst"
API_DOCS_BEFORE = dedent(
    """
    API
    ===

    .. currentmodule:: pkg.client

    :func:`fetch`, :func:`~pkg.client.fetch` and :func:`the package's <pkg.fetch>`; but
    :func:`.fetch` may be any module's, and :func:`pkg.client.fetcher` is another.

    .. autofunction:: pkg.client.fetch

    .. code-block:: python

       from pkg.client import fetch

       fetch(
           "u",
           2.0,  # seconds
       )
    """
)
README = "README.md"
README_BEFORE = dedent(
    """
    # pkg

    ```python
    import pkg

    pkg.fetch("u", retries=1)
    ```

    ::: pkg.client.fetch
    """
)
APP_DOCUMENTED = (
    '"""Uses :func:`pkg.client.fetch` and :func:`pkg.fetch`; :func:`fetch` is unsure."""\n'
    "fetch = [x][fetch]\n"
)

EXPAND += (
    Case(
        "documentation follows the function: cross-references spelled in full, in the "
        "current module or through the package's re-export, autodoc and mkdocstrings "
        "directives, code samples (calls rebound, comments kept), and the docstrings of "
        "the Python files the plan names; a reference Sphinx searches for, or with no "
        "module, stays (the plan lists it)",
        {**ARGS, "documented": (API_DOCS, README, APP), "aliases": ("pkg.fetch",)},
        {CLIENT: BEFORE, API_DOCS: API_DOCS_BEFORE, README: README_BEFORE, APP: APP_DOCUMENTED},
        {
            CLIENT: EXPANDED,
            API_DOCS: API_DOCS_BEFORE.replace(":func:`fetch`", ":func:`get`")
            .replace("pkg.client.fetch\n", "pkg.client.get\n")
            .replace("~pkg.client.fetch`", "~pkg.client.get`")
            .replace("<pkg.fetch>", "<pkg.get>")
            .replace("import fetch", "import get")
            .replace(
                'fetch(\n       "u",\n       2.0,', 'get(\n       "u",\n       timeout_s=2.0,'
            ),
            README: README_BEFORE.replace("pkg.fetch(", "pkg.get(").replace(
                "client.fetch", "client.get"
            ),
            APP: APP_DOCUMENTED.replace("client.fetch`", "client.get`").replace(
                "pkg.fetch`", "pkg.get`"
            ),
        },
    ),
)

EXPAND += (
    Case(
        "the new parameter list writes what the old def wrote as the def wrote it (its quotes, "
        "its annotations), and a new string default in the def's quotes: the configuration's "
        "'html' is the project's \"html\"",
        {
            "old": "pkg.client.render",
            "new": "pkg.client.show",
            "signature": "(text, *, style: 'Style | None' = 'html', lang='en')",
        },
        {CLIENT: 'def render(text, style: "Style | None" = "html"):\n    return text\n'},
        {
            CLIENT: (
                'def show(text, *, style: "Style | None" = "html", lang="en"):\n'
                "    return text\n\n\n"
                'def render(text, style: "Style | None" = "html"):\n'
                '    """Deprecated: use :func:`show`, to which this forwards its arguments."""\n'
                "    # refcoord: forwards to show until the contract step\n"
                "    return show(text, style=style)\n"
            )
        },
    ),
)

#: a README whose samples use the package's function without importing it (funcy's README,
#: glom's FAQ): the package's top level exports it, so that is the import it leaves implied
IMPLIED_BEFORE = dedent(
    """
    ```python
    from pkg import whatever, you, need
    ```

    ```python
    fetch("u", 2.0)
    ```

    ```python
    from elsewhere import fetch

    fetch("u", 2.0)
    ```
    """
)

EXPAND += (
    Case(
        "a sample that uses the function without importing it reads it from the package that "
        "exports it: rewritten; one that imports another module's name of the same name is "
        "that one's",
        {**ARGS, "documented": (README,), "aliases": ("pkg.fetch",)},
        {CLIENT: BEFORE, README: IMPLIED_BEFORE},
        {
            CLIENT: EXPANDED,
            README: IMPLIED_BEFORE.replace(
                '```python\nfetch("u", 2.0)', '```python\nget("u", timeout_s=2.0)'
            ),
        },
    ),
)

MIGRATE_ARGS: dict[str, ArgValue] = {**ARGS, "files": (APP,)}

MIGRATE = (
    Case(
        "a string that is exactly the qualified name (a patch target), or a dotted path "
        "through it (the change-api gauntlet's semver: @deprecated(replace=...)), names the "
        "new function",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                from unittest import mock


                def patched():
                    return mock.patch("pkg.client.fetch"), f"pkg.client.fetch", "pkg.client.fetch2"


                PATHS = ("pkg.client.fetch.__wrapped__", "pkg.client.fetch.x-y", "")
                """
            ),
        },
        {
            APP: dedent(
                """
                from unittest import mock


                def patched():
                    return mock.patch("pkg.client.get"), f"pkg.client.fetch", "pkg.client.fetch2"


                PATHS = ("pkg.client.get.__wrapped__", "pkg.client.fetch.x-y", "")
                """
            ),
        },
    ),
    Case(
        "calls by position and by keyword, through an import and a module attribute",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                from pkg import client
                from pkg.client import fetch


                def run(url):
                    return fetch(url, 2.0), client.fetch(
                        url,  # comments and line breaks stay
                        timeout=3.0,
                        retries=1,
                    )
                """
            ),
        },
        {
            APP: dedent(
                """
                from pkg import client
                from pkg.client import get


                def run(url):
                    return get(url, timeout_s=2.0), client.get(
                        url,  # comments and line breaks stay
                        timeout_s=3.0,
                        retries=1,
                    )
                """
            )
        },
        files=(APP,),
    ),
    Case(
        "a call passing *args and the function as a value stay on the old name",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                from pkg.client import fetch

                HANDLER = fetch
                ROWS = fetch(*["u", 1.0])
                ONE = fetch("u", 1.0)
                """
            ),
        },
        {
            APP: dedent(
                """
                from pkg.client import fetch, get

                HANDLER = fetch
                ROWS = fetch(*["u", 1.0])
                ONE = get("u", timeout_s=1.0)
                """
            )
        },
        files=(APP,),
    ),
    Case(
        "a call through a module bound by importlib.import_module is rebound like one "
        "through an import (the change-api gauntlet's humanize: tests reload the module)",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                import importlib


                def run(url):
                    client = importlib.import_module("pkg.client")
                    other = importlib.import_module("pkg.other")
                    return client.fetch(url, 2.0), other.fetch(url, 2.0)
                """
            ),
        },
        {
            APP: dedent(
                """
                import importlib


                def run(url):
                    client = importlib.import_module("pkg.client")
                    other = importlib.import_module("pkg.other")
                    return client.get(url, timeout_s=2.0), other.fetch(url, 2.0)
                """
            ),
        },
        files=(APP,),
    ),
    Case(
        "a local that only stands for the function is renamed at its value, and its calls "
        "rebound; one passed on as a value is left, and the import keeps the old name for it",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                from pkg.client import fetch


                def run(urls):
                    handler = fetch
                    return [handler(u, 2.0) for u in urls]


                def kept(urls):
                    handler = fetch
                    return list(map(handler, urls))
                """
            ),
        },
        {
            APP: dedent(
                """
                from pkg.client import fetch, get


                def run(urls):
                    handler = get
                    return [handler(u, timeout_s=2.0) for u in urls]


                def kept(urls):
                    handler = fetch
                    return list(map(handler, urls))
                """
            ),
        },
        files=(APP,),
    ),
    Case(
        "a function passed on to code whose calls of it are known (a forwarder of the module, "
        "assertRaises, pytest.raises, map, a Callable annotation) is renamed where those calls "
        "bind as they did, and left for review where they do not (the change-api gauntlet's "
        "pyflakes withStderrTo, sqlparse's Callable field)",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                import sys
                import unittest
                from typing import Callable

                import pytest

                from pkg.client import fetch

                HANDLER: Callable[[str], str] = fetch


                def with_stderr_to(stderr, f, *args, **kwargs):
                    (outer, sys.stderr) = (sys.stderr, stderr)
                    try:
                        return f(*args, **kwargs)
                    finally:
                        sys.stderr = outer


                class TestFetch(unittest.TestCase):
                    def test_it(self):
                        with_stderr_to(None, fetch, "u")
                        with_stderr_to(None, fetch, "u", 1.0)
                        self.assertRaises(ValueError, fetch, "u", retries=1)
                        pytest.raises(ValueError, fetch, "u", timeout=2.0)
                        return list(map(fetch, ["u"]))
                """
            ),
        },
        {
            APP: dedent(
                """
                import sys
                import unittest
                from typing import Callable

                import pytest

                from pkg.client import fetch, get

                HANDLER: Callable[[str], str] = get


                def with_stderr_to(stderr, f, *args, **kwargs):
                    (outer, sys.stderr) = (sys.stderr, stderr)
                    try:
                        return f(*args, **kwargs)
                    finally:
                        sys.stderr = outer


                class TestFetch(unittest.TestCase):
                    def test_it(self):
                        with_stderr_to(None, get, "u")
                        with_stderr_to(None, fetch, "u", 1.0)
                        self.assertRaises(ValueError, get, "u", retries=1)
                        pytest.raises(ValueError, fetch, "u", timeout=2.0)
                        return list(map(get, ["u"]))
                """
            ),
        },
        files=(APP,),
    ),
    Case(
        "an aliased import with a use left for review keeps the old function under its alias "
        "for it; the calls that can be rewritten call the new name, imported beside it "
        "(python-slugify's public_slugify, also given to partial with the renamed keyword)",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                from functools import partial

                from pkg.client import fetch as grab

                quick = partial(grab, timeout=1.0)


                def run():
                    return grab("u", 2.0), quick("v")
                """
            ),
        },
        {
            APP: dedent(
                """
                from functools import partial

                from pkg.client import fetch as grab, get

                quick = partial(grab, timeout=1.0)


                def run():
                    return get("u", timeout_s=2.0), quick("v")
                """
            ),
        },
        files=(APP,),
    ),
    Case(
        "a function given to pytest-benchmark's or pytest-codspeed's benchmark fixture, where "
        "its parameters are annotated BenchmarkFixture, is called with the arguments after it "
        "(the change-api gauntlet's humanize)",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: dedent(
                """
                from typing import TYPE_CHECKING

                from pkg.client import fetch

                if TYPE_CHECKING:
                    from pytest_codspeed import BenchmarkFixture


                def test_fetch(benchmark: BenchmarkFixture):
                    benchmark(fetch, "u")


                def test_fetch_slowly(benchmark: "BenchmarkFixture"):
                    benchmark(fetch, "u", 1.0)
                """
            ),
        },
        {
            APP: dedent(
                """
                from typing import TYPE_CHECKING

                from pkg.client import fetch, get

                if TYPE_CHECKING:
                    from pytest_codspeed import BenchmarkFixture


                def test_fetch(benchmark: BenchmarkFixture):
                    benchmark(get, "u")


                def test_fetch_slowly(benchmark: "BenchmarkFixture"):
                    benchmark(fetch, "u", 1.0)
                """
            ),
        },
        files=(APP,),
    ),
    Case(
        "a doctest's import of the old function, and its calls after it, are migrated",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: '"""App.\n\n>>> from pkg.client import fetch\n>>> fetch("u", 1.0)\n"""\n',
        },
        {APP: '"""App.\n\n>>> from pkg.client import get\n>>> get("u", timeout_s=1.0)\n"""\n'},
        files=(APP,),
    ),
    Case(
        "a bare decorator is a call with what it decorates: renamed while that binds the same",
        MIGRATE_ARGS,
        {
            CLIENT: EXPANDED,
            APP: "from pkg.client import fetch\n\n\n@fetch\ndef handler():\n    pass\n",
        },
        {APP: "from pkg.client import get\n\n\n@get\ndef handler():\n    pass\n"},
        files=(APP,),
    ),
    Case(
        "before expand there is nothing to migrate to",
        MIGRATE_ARGS,
        {CLIENT: BEFORE, APP: "from pkg.client import fetch\n"},
        refused="apply the expand step first",
        files=(APP,),
    ),
)

DEPRECATE = (
    Case(
        "the shim warns, pointing at the caller",
        RENAME_ONLY,
        {CLIENT: EXPANDED},
        {CLIENT: WARNED, TEST: WARNING_TEST},
        remove_in="2.0",
    ),
    Case(
        "the module's own calls that expand left on the old name are rebound, arguments too",
        ARGS,
        {CLIENT: LEFT_ON_OLD},
        {CLIENT: WARNED, TEST: WARNING_TEST},
        remove_in="2.0",
    ),
    Case(
        "the warning's import in the shim says noqa where the project's ruff checks PLC0415",
        RENAME_ONLY,
        {CLIENT: EXPANDED, "pyproject.toml": '[tool.ruff.lint]\nselect = ["PLC0415"]\n'},
        {
            CLIENT: WARNED.replace("import warnings\n", "import warnings  # noqa: PLC0415\n"),
            TEST: WARNING_TEST,
        },
        remove_in="2.0",
    ),
    Case(
        "the shim gets PEP 702's marker from warnings where the project needs Python 3.13",
        RENAME_ONLY,
        {CLIENT: EXPANDED, "pyproject.toml": PY313},
        {CLIENT: "from warnings import deprecated\n\n\n" + MARKED, TEST: WARNING_TEST},
        remove_in="2.0",
    ),
    Case(
        "the shim gets PEP 702's marker from typing_extensions where the project depends on it",
        RENAME_ONLY,
        {CLIENT: EXPANDED, "pyproject.toml": WITH_TYPING_EXTENSIONS},
        {CLIENT: "from typing_extensions import deprecated\n\n\n" + MARKED, TEST: WARNING_TEST},
        remove_in="2.0",
    ),
    Case(
        "no marker where the module binds the name deprecated itself (the change-api gauntlet's "
        "semver: its own deprecated decorator is the function renamed)",
        RENAME_ONLY,
        {CLIENT: EXPANDED + "\n\ndef deprecated():\n    pass\n", "pyproject.toml": PY313},
        {CLIENT: WARNED + "\n\ndef deprecated():\n    pass\n", TEST: WARNING_TEST},
        remove_in="2.0",
    ),
    Case(
        "no shim: expand first",
        RENAME_ONLY,
        {CLIENT: BEFORE},
        refused="apply the expand step first",
    ),
)

CONTRACT = (
    Case(
        "the shim goes, and the deprecation test with it",
        RENAME_ONLY,
        {CLIENT: WARNED, TEST: WARNING_TEST},
        {CLIENT: NEW + TWICE, TEST: None},
    ),
    Case(
        "the marked shim goes with its decorator, and the marker's import with it",
        RENAME_ONLY,
        {CLIENT: "from warnings import deprecated\n\n\n" + MARKED, TEST: WARNING_TEST},
        {CLIENT: NEW + TWICE, TEST: None},
    ),
    Case(
        "refused while the module still uses the old name",
        RENAME_ONLY,
        {CLIENT: WARNED + "\n\nHANDLER = fetch\n"},
        refused="the module still uses fetch",
    ),
)

CASES = {
    "change-api.expand": EXPAND + methods.EXPAND + classes.EXPAND + resigned.EXPAND,
    "change-api.migrate": MIGRATE + methods.MIGRATE + classes.MIGRATE + resigned.MIGRATE,
    "change-api.deprecate": DEPRECATE + methods.DEPRECATE + classes.DEPRECATE + resigned.DEPRECATE,
    "change-api.contract": CONTRACT + methods.CONTRACT + classes.CONTRACT + resigned.CONTRACT,
}
