"""The deprecations a file declares (analysis/deprecations.py): source text in, entries out.

Each case is one file of module ``m`` (``m.py``): what ``scan_deprecations`` finds, filtered
by ``kept`` with the categories the file's own warning classes give. An entry is shown as
``line qname kind[parameter] mechanism category 'message' remove_in=...``.
"""

from __future__ import annotations

import ast
import sysconfig
import textwrap
from pathlib import Path

import pytest

from refactor_coord.analysis.deprecations import (
    FileDeprecations,
    deprecation_categories,
    kept,
    scan_deprecations,
)
from refactor_coord.domain.progress import Deprecation, Mechanism


def _scan(source: str, module: str = "m", is_package: bool = False) -> FileDeprecations:
    text = textwrap.dedent(source)
    return scan_deprecations(ast.parse(text), text, module, "m.py", is_package)


def _show(entry: Deprecation) -> str:
    parameter = f"[{entry.parameter}]" if entry.parameter else ""
    removal = f" remove_in={entry.remove_in}" if entry.remove_in else ""
    return (
        f"{entry.line} {entry.qname} {entry.kind}{parameter} {entry.mechanism} "
        f"{entry.category or '-'} {entry.message!r}{removal}"
    )


def _inventory(source: str, module: str = "m") -> list[str]:
    scanned = _scan(source, module)
    categories = deprecation_categories(scanned.warning_classes)
    return [_show(entry) for entry in kept(scanned.found, categories)]


WARNS = [
    pytest.param(
        """\
        import warnings

        def f():
            warnings.warn("f is deprecated", DeprecationWarning, stacklevel=2)
        """,
        ["4 m.f function warnings.warn DeprecationWarning 'f is deprecated'"],
        id="positional-category",
    ),
    pytest.param(
        """\
        import warnings

        def f():
            warnings.warn("f is going", category=FutureWarning)
        """,
        ["4 m.f function warnings.warn FutureWarning 'f is going'"],
        id="keyword-category",
    ),
    pytest.param(
        """\
        from warnings import warn

        def f():
            warn(message="soon", category=PendingDeprecationWarning)
        """,
        ["4 m.f function warnings.warn PendingDeprecationWarning 'soon'"],
        id="from-warnings-import-warn",
    ),
    pytest.param(
        """\
        from warnings import warn as _warn
        import warnings as w

        def f():
            _warn("one", DeprecationWarning)

        def g():
            w.warn("two", w.DeprecationWarning)
        """,
        [
            "5 m.f function warnings.warn DeprecationWarning 'one'",
            "8 m.g function warnings.warn w.DeprecationWarning 'two'",
        ],
        id="aliases",
    ),
    pytest.param(
        """\
        import warnings

        def f():
            import warnings as local_name
            local_name.warn("imported in the function", DeprecationWarning)
        """,
        ["5 m.f function warnings.warn DeprecationWarning 'imported in the function'"],
        id="imported-in-the-function",
    ),
    pytest.param(
        """\
        import warnings

        def f():
            warnings.warn(DeprecationWarning("use g"), stacklevel=2)
        """,
        ["4 m.f function warnings.warn DeprecationWarning 'use g'"],
        id="instance-as-message",
    ),
    pytest.param(
        """\
        import warnings

        class RemovedIn9Warning(DeprecationWarning):
            pass

        DEPRECATED_X = RemovedIn9Warning("x is deprecated and will be removed in 9.0")

        def x():
            warnings.warn(DEPRECATED_X, stacklevel=2)
        """,
        [
            (
                "9 m.x function warnings.warn RemovedIn9Warning "
                "'x is deprecated and will be removed in 9.0' remove_in=9.0"
            )
        ],
        id="module-constant-instance",
    ),
    pytest.param(
        """\
        import warnings

        def f():
            warnings.warn("no category: a UserWarning")
            warnings.warn("not a deprecation", RuntimeWarning)
            warnings.warn(_message(1))
            warnings.simplefilter("ignore", DeprecationWarning)
        """,
        [],
        id="not-deprecations",
    ),
    pytest.param(
        """\
        import warnings

        MESSAGE = "use g instead"

        def f():
            warnings.warn(MESSAGE, DeprecationWarning)

        def h():
            text = "use k instead"
            warnings.warn(text, DeprecationWarning)

        def j(x):
            warnings.warn(f"j({x!r}) is deprecated", DeprecationWarning)

        def k():
            warnings.warn("k is " + WHAT, DeprecationWarning)
        """,
        [
            "6 m.f function warnings.warn DeprecationWarning 'use g instead'",
            "10 m.h function warnings.warn DeprecationWarning 'use k instead'",
            """13 m.j function warnings.warn DeprecationWarning 'f"j({x!r}) is deprecated"'""",
            """16 m.k function warnings.warn DeprecationWarning '"k is " + WHAT'""",
        ],
        id="message-text",
    ),
    pytest.param(
        """\
        import warnings

        def f(name):
            warnings.warn(
                f"{name} is deprecated; "
                "use g",
                DeprecationWarning,
            )
        """,
        [
            (
                "4 m.f function warnings.warn DeprecationWarning "
                """'f"{name} is deprecated; " "use g"'"""
            )
        ],
        id="multi-line-f-string-on-one-line",
    ),
    pytest.param(
        """\
        import warnings

        class C:
            def m(self):
                warnings.warn("m is deprecated", DeprecationWarning)

            @classmethod
            async def make(cls):
                warnings.warn("make is deprecated", DeprecationWarning)

            class Inner:
                def n(self):
                    warnings.warn("n is deprecated", DeprecationWarning)
        """,
        [
            "5 m.C.m method warnings.warn DeprecationWarning 'm is deprecated'",
            "9 m.C.make method warnings.warn DeprecationWarning 'make is deprecated'",
            "13 m.C.Inner.n method warnings.warn DeprecationWarning 'n is deprecated'",
        ],
        id="methods-and-nested-classes",
    ),
    pytest.param(
        """\
        import functools
        import warnings

        class C:
            @property
            def p(self):
                warnings.warn("p is deprecated", DeprecationWarning)

            @p.setter
            def p(self, value):
                warnings.warn("setting p is deprecated", DeprecationWarning)

            @functools.cached_property
            def q(self):
                warnings.warn("q is deprecated", DeprecationWarning)
        """,
        [
            "7 m.C.p property warnings.warn DeprecationWarning 'p is deprecated'",
            "15 m.C.q property warnings.warn DeprecationWarning 'q is deprecated'",
        ],
        id="properties",
    ),
    pytest.param(
        """\
        import warnings

        class Old:
            def __init__(self):
                warnings.warn("Old is deprecated", DeprecationWarning)

        class Older:
            def __new__(cls):
                warnings.warn("Older is deprecated", DeprecationWarning)
        """,
        [
            "5 m.Old class warnings.warn DeprecationWarning 'Old is deprecated'",
            "9 m.Older class warnings.warn DeprecationWarning 'Older is deprecated'",
        ],
        id="constructors-deprecate-the-class",
    ),
    pytest.param(
        """\
        import warnings

        warnings.warn("m is deprecated, use n", DeprecationWarning, stacklevel=2)

        if True:
            warnings.warn("still the module", DeprecationWarning)

        class C:
            warnings.warn("on import too", DeprecationWarning)
        """,
        ["3 m module warnings.warn DeprecationWarning 'm is deprecated, use n'"],
        id="module-level",
    ),
    pytest.param(
        """\
        import sys
        import warnings

        if sys.version_info >= (3, 8):
            def f():
                warnings.warn("f", DeprecationWarning)
        else:
            try:
                pass
            except ImportError:
                class C:
                    def m(self):
                        warnings.warn("m", DeprecationWarning)
        """,
        [
            "6 m.f function warnings.warn DeprecationWarning 'f'",
            "13 m.C.m method warnings.warn DeprecationWarning 'm'",
        ],
        id="definitions-within-if-and-try",
    ),
    pytest.param(
        """\
        import functools
        import warnings

        def deprecated_alias(func):
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                warnings.warn(f"{func.__name__} is deprecated", DeprecationWarning)
                return func(*args, **kwargs)
            return wrapper

        def g():
            callback = lambda: warnings.warn("in a lambda", DeprecationWarning)
            return callback
        """,
        [],
        id="nested-functions-are-not-recorded",
    ),
]

PARAMETERS = [
    pytest.param(
        """\
        import warnings

        def f(a, b=None, *, c=False):
            if b is not None:
                warnings.warn("b is deprecated", DeprecationWarning)
            if c:
                warnings.warn("c is deprecated", DeprecationWarning)
        """,
        [
            "5 m.f parameter[b] warnings.warn DeprecationWarning 'b is deprecated'",
            "7 m.f parameter[c] warnings.warn DeprecationWarning 'c is deprecated'",
        ],
        id="is-not-none-and-truthy",
    ),
    pytest.param(
        """\
        import warnings

        _SENTINEL = object()

        def f(x=_SENTINEL):
            if x is not _SENTINEL:
                if not isinstance(x, int):
                    warnings.warn("x is deprecated", DeprecationWarning)
        """,
        ["8 m.f parameter[x] warnings.warn DeprecationWarning 'x is deprecated'"],
        id="sentinel-outer-if",
    ),
    pytest.param(
        """\
        import warnings

        def f(**kwargs):
            if "old" in kwargs:
                warnings.warn("old= is deprecated", DeprecationWarning)
            if kwargs.get("older"):
                warnings.warn("older= is deprecated", DeprecationWarning)
            if (value := kwargs.pop("oldest", None)) is not None:
                warnings.warn("oldest= is deprecated", DeprecationWarning)
        """,
        [
            "5 m.f parameter[old] warnings.warn DeprecationWarning 'old= is deprecated'",
            "7 m.f parameter[older] warnings.warn DeprecationWarning 'older= is deprecated'",
            "9 m.f parameter[oldest] warnings.warn DeprecationWarning 'oldest= is deprecated'",
        ],
        id="kwargs",
    ),
    pytest.param(
        """\
        import warnings

        def f(x=None):
            if x is None:
                x = 1
            else:
                warnings.warn("x is deprecated", DeprecationWarning)
        """,
        ["7 m.f parameter[x] warnings.warn DeprecationWarning 'x is deprecated'"],
        id="else-of-is-none",
    ),
    pytest.param(
        """\
        import sys
        import warnings

        def f(x=None):
            if sys.platform == "win32":
                warnings.warn("f is deprecated on Windows", DeprecationWarning)
            if x is None:
                warnings.warn("calling f without x is deprecated", DeprecationWarning)
        """,
        [],  # the platform's concern, and a parameter left out: no count of callers fits
        id="platform-and-left-out-parameter-are-not-counted",
    ),
    pytest.param(
        """\
        import warnings

        def load(path, fmt="new"):
            if fmt == "old":
                warnings.warn("the old format is deprecated", DeprecationWarning)
        """,
        [
            (
                "5 m.load parameter[fmt] warnings.warn DeprecationWarning "
                "'the old format is deprecated'"
            )
        ],
        id="a-value-of-a-parameter",
    ),
    pytest.param(
        """\
        import warnings

        class C:
            def __init__(self, size=None):
                if size is not None:
                    warnings.warn("size is deprecated", DeprecationWarning)

            def m(self, flag=False):
                if self:
                    warnings.warn("self is not a parameter", DeprecationWarning)
                if flag:
                    warnings.warn("flag is deprecated", DeprecationWarning)

            @staticmethod
            def s(first=None):
                if first:
                    warnings.warn("first is deprecated", DeprecationWarning)
        """,
        [
            "6 m.C parameter[size] warnings.warn DeprecationWarning 'size is deprecated'",
            "10 m.C.m method warnings.warn DeprecationWarning 'self is not a parameter'",
            "12 m.C.m parameter[flag] warnings.warn DeprecationWarning 'flag is deprecated'",
            "17 m.C.s parameter[first] warnings.warn DeprecationWarning 'first is deprecated'",
        ],
        id="methods",
    ),
]

GETATTR = [
    pytest.param(
        """\
        import warnings

        def __getattr__(name):
            if name == "x":
                warnings.warn("m.x is deprecated", DeprecationWarning)
                return 1
            elif "y" == name:
                warnings.warn("m.y is deprecated", DeprecationWarning)
                return 2
            raise AttributeError(name)
        """,
        [
            "5 m.x module-attribute warnings.warn DeprecationWarning 'm.x is deprecated'",
            "8 m.y module-attribute warnings.warn DeprecationWarning 'm.y is deprecated'",
        ],
        id="equal",
    ),
    pytest.param(
        """\
        import warnings

        def __getattr__(name):
            if name in ("a", "b"):
                warnings.warn("deprecated", DeprecationWarning)
        """,
        [
            "5 m.a module-attribute warnings.warn DeprecationWarning 'deprecated'",
            "5 m.b module-attribute warnings.warn DeprecationWarning 'deprecated'",
        ],
        id="in-tuple",
    ),
    pytest.param(
        """\
        import warnings

        _DEPRECATED: dict[str, str] = {"old": "new", "older": "newer"}

        def __getattr__(name: str) -> object:
            if name in _DEPRECATED:
                message = f"{name} is deprecated, use {_DEPRECATED[name]}"
                warnings.warn(message, DeprecationWarning, stacklevel=2)
                return globals()[_DEPRECATED[name]]
            raise AttributeError(name)
        """,
        [
            (
                "8 m.old module-attribute warnings.warn DeprecationWarning "
                """'f"{name} is deprecated, use {_DEPRECATED[name]}"'"""
            ),
            (
                "8 m.older module-attribute warnings.warn DeprecationWarning "
                """'f"{name} is deprecated, use {_DEPRECATED[name]}"'"""
            ),
        ],
        id="in-module-dict",
    ),
    pytest.param(
        """\
        import warnings

        _GONE = frozenset({"one"})
        _ALSO = ["two"]

        def __getattr__(name):
            if name in _GONE or name in _ALSO:
                if not name.startswith("_"):
                    warnings.warn("gone", FutureWarning)
        """,
        [
            "9 m.one module-attribute warnings.warn FutureWarning 'gone'",
            "9 m.two module-attribute warnings.warn FutureWarning 'gone'",
        ],
        id="set-and-list-in-an-outer-if",
    ),
    pytest.param(
        """\
        import warnings

        def __getattr__(name):
            new = _MOVED[name]
            warnings.warn(f"{name} moved to {new}", DeprecationWarning)
            return new
        """,
        [
            (
                "5 m.__getattr__ function warnings.warn DeprecationWarning "
                """'f"{name} moved to {new}"'"""
            )
        ],
        id="anything-else",
    ),
]

HELPERS = [
    pytest.param(
        """\
        import warnings

        def _parse(source):
            if source.startswith("["):
                warnings.warn("nested set at %d" % source.tell(), FutureWarning)

        def parse(text):
            return _parse(text)
        """,
        ["5 m._parse function warnings.warn FutureWarning '\"nested set at %d\" % source.tell()'"],
        id="a-conditional-warning-is-no-helper",
    ),
    pytest.param(
        """\
        import warnings

        def _warn(message):
            warnings.warn(message, DeprecationWarning, stacklevel=3)

        def f():
            _warn("f is deprecated")

        class C:
            def m(self, x=None):
                if x is not None:
                    _warn(message="x is deprecated")
        """,
        [
            "7 m.f function warnings.warn DeprecationWarning 'f is deprecated'",
            "12 m.C.m parameter[x] warnings.warn DeprecationWarning 'x is deprecated'",
        ],
        id="message-parameter",
    ),
    pytest.param(
        """\
        import warnings

        def warn_about(message, category=DeprecationWarning):
            warnings.warn(message, category, stacklevel=3)

        def f():
            warn_about("f is deprecated")

        def g():
            warn_about("g is going", FutureWarning)

        def h():
            warn_about("h is odd", category=UserWarning)

        warn_about("m is deprecated")
        """,
        [
            "7 m.f function warnings.warn DeprecationWarning 'f is deprecated'",
            "10 m.g function warnings.warn FutureWarning 'g is going'",
            "15 m module warnings.warn DeprecationWarning 'm is deprecated'",
        ],
        id="category-parameter",
    ),
    pytest.param(
        """\
        import warnings

        def _moved(old, new):
            warnings.warn(f"{old!r} is deprecated, use {new}", DeprecationWarning)

        def f():
            _moved("f", new="g")

        def h(name):
            _moved(name, "k")
        """,
        [
            "7 m.f function warnings.warn DeprecationWarning \"'f' is deprecated, use g\"",
            "10 m.h function warnings.warn DeprecationWarning '{name!r} is deprecated, use k'",
        ],
        id="f-string-filled-in",
    ),
    pytest.param(
        """\
        import warnings

        class RemovedIn3Warning(DeprecationWarning):
            pass

        def _deprecated(funcname):
            depr_message = f"{funcname} is deprecated and will be removed in 3.0"
            warnings.warn(RemovedIn3Warning(depr_message), stacklevel=3)

        def f():
            _deprecated("f")
        """,
        [
            (
                "11 m.f function warnings.warn RemovedIn3Warning "
                "'f is deprecated and will be removed in 3.0' remove_in=3.0"
            )
        ],
        id="through-a-local-and-an-instance",
    ),
]

DECORATORS = [
    pytest.param(
        """\
        from markdown.util import deprecated

        class AbbrBlockprocessor: ...

        AbbrPreprocessor = deprecated("This class will be removed in 4.0")(AbbrBlockprocessor)
        """,
        [
            (
                "5 m.AbbrPreprocessor module-attribute decorator - "
                "'This class will be removed in 4.0' remove_in=4.0"
            )
        ],
        id="called-rather-than-written-as-a-decorator",
    ),
    pytest.param(
        """\
        from warnings import deprecated

        @deprecated("use g")
        def f(): ...
        """,
        ["3 m.f function @deprecated DeprecationWarning 'use g'"],
        id="warnings-deprecated",
    ),
    pytest.param(
        """\
        import typing_extensions
        import warnings
        from typing_extensions import deprecated as dep

        @typing_extensions.deprecated("a")
        def f(): ...

        @warnings.deprecated("b", category=FutureWarning)
        def g(): ...

        @dep(message="c")
        def h(): ...
        """,
        [
            "5 m.f function @deprecated DeprecationWarning 'a'",
            "8 m.g function @deprecated FutureWarning 'b'",
            "11 m.h function @deprecated DeprecationWarning 'c'",
        ],
        id="typing-extensions",
    ),
    pytest.param(
        """\
        from deprecated import deprecated

        @deprecated
        def f(): ...

        @deprecated(version="1.2", reason="use g")
        class C: ...
        """,
        [
            "3 m.f function Deprecated DeprecationWarning ''",
            "6 m.C class Deprecated DeprecationWarning 'use g'",
        ],
        id="deprecated-package",
    ),
    pytest.param(
        """\
        import deprecated
        from deprecated.sphinx import deprecated as sphinx_deprecated
        from deprecated.sphinx import versionchanged

        @deprecated.classic.deprecated("old")
        def f(): ...

        @sphinx_deprecated(reason="use g", version="1.0")
        def g(): ...

        @versionchanged(reason="changed", version="1.0")
        def h(): ...
        """,
        [
            "5 m.f function Deprecated DeprecationWarning 'old'",
            "8 m.g function Deprecated DeprecationWarning 'use g'",
        ],
        id="deprecated-classic-and-sphinx",
    ),
    pytest.param(
        """\
        import deprecation
        from deprecation import deprecated

        @deprecation.deprecated(deprecated_in="1.0", removed_in="2.0", details="use g")
        def f(): ...

        @deprecated("1.0", "3.0", __version__, "use k")
        def k(): ...

        @deprecated(details="will be removed in 4.0", removed_in=CONSTANT)
        def j(): ...
        """,
        [
            "4 m.f function deprecation DeprecatedWarning 'use g' remove_in=2.0",
            "7 m.k function deprecation DeprecatedWarning 'use k' remove_in=3.0",
            "10 m.j function deprecation DeprecatedWarning 'will be removed in 4.0' remove_in=4.0",
        ],
        id="deprecation-package",
    ),
    pytest.param(
        """\
        from . import utils
        from ._compat import deprecated

        @deprecated("removed in v2.1.0")
        def f(): ...

        @utils.deprecated(reason="r", removed_in="5.0")
        def g(): ...

        @utils.deprecated_alias
        def h(): ...
        """,
        [
            "4 m.f function decorator - 'removed in v2.1.0' remove_in=v2.1.0",
            "7 m.g function decorator - 'r' remove_in=5.0",
        ],
        id="a-projects-own",
    ),
    pytest.param(
        """\
        from typing import overload
        from typing_extensions import deprecated

        class C:
            @deprecated("use n")
            def m(self): ...

            @property
            @deprecated("use q")
            def p(self): ...

            @deprecated("C.__init__ is C")
            def __init__(self): ...

        @overload
        @deprecated("the int form is deprecated")
        def f(x: int) -> int: ...
        @overload
        def f(x: str) -> str: ...
        """,
        [
            "5 m.C.m method @deprecated DeprecationWarning 'use n'",
            "9 m.C.p property @deprecated DeprecationWarning 'use q'",
            "12 m.C class @deprecated DeprecationWarning 'C.__init__ is C'",
            "16 m.f function @deprecated DeprecationWarning 'the int form is deprecated'",
        ],
        id="methods-properties-overloads",
    ),
    pytest.param(
        """\
        import functools

        @functools.cache
        def f(): ...

        def outer():
            @deprecated("nested")
            def inner(): ...
        """,
        [],
        id="not-deprecations",
    ),
]

DOCSTRINGS = [
    pytest.param(
        '''\
        """The module.

        .. deprecated:: 3.0
           Use :mod:`n` instead; m will be removed in 4.0.
        """
        ''',
        [
            (
                "1 m module docstring - '3.0 Use :mod:`n` instead; m will be removed in 4.0.' "
                "remove_in=4.0"
            )
        ],
        id="module",
    ),
    pytest.param(
        '''\
        def f():
            """Do f.

            .. deprecated:: 2.1
               Use :func:`g`,
               which is faster.

               Not this paragraph.
            """

        class C:
            """A C.

            .. deprecated:: 1.0

                Use D.
            """

            def m(self):
                """.. deprecated:: 1.5"""

            @property
            def p(self):
                """.. deprecated:: 1.6 Use q."""
        ''',
        [
            "1 m.f function docstring - '2.1 Use :func:`g`, which is faster.'",
            "11 m.C class docstring - '1.0 Use D.'",
            "19 m.C.m method docstring - '1.5'",
            "23 m.C.p property docstring - '1.6 Use q.'",
        ],
        id="functions-classes-methods-properties",
    ),
    pytest.param(
        '''\
        def f():
            """Deprecated, but no directive."""

        def g():
            x = """.. deprecated:: 1.0"""
        ''',
        [],
        id="no-directive",
    ),
]

ONE_ENTRY = [
    pytest.param(
        '''\
        import warnings
        from typing_extensions import deprecated

        @deprecated("use g")
        def f():
            """.. deprecated:: 1.0"""
            warnings.warn("f is deprecated", DeprecationWarning)

        def h():
            """.. deprecated:: 1.0"""
            warnings.warn("h is deprecated", DeprecationWarning)
            warnings.warn("h again", DeprecationWarning)
        ''',
        [
            "4 m.f function @deprecated DeprecationWarning 'use g'",
            "11 m.h function warnings.warn DeprecationWarning 'h is deprecated'",
        ],
        id="decorator-then-warn-then-docstring",
    ),
    pytest.param(
        '''\
        import warnings
        from typing_extensions import deprecated

        def k():
            """.. deprecated:: 1.0 Use j."""
            warnings.warn("k is odd", RuntimeWarning)

        @deprecated("C is deprecated")
        class C:
            def __init__(self):
                warnings.warn("C is deprecated", DeprecationWarning)
        ''',
        [
            "4 m.k function docstring - '1.0 Use j.'",
            "8 m.C class @deprecated DeprecationWarning 'C is deprecated'",
        ],
        id="a-warning-of-another-category-leaves-the-docstring",
    ),
]


@pytest.mark.parametrize(("source", "expected"), WARNS)
def test_warnings_warn(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(("source", "expected"), PARAMETERS)
def test_a_warning_guarded_by_a_parameter(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(("source", "expected"), GETATTR)
def test_a_module_getattr(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(("source", "expected"), HELPERS)
def test_a_helper_warns_at_its_calls(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(("source", "expected"), DECORATORS)
def test_decorators(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(("source", "expected"), DOCSTRINGS)
def test_docstrings(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(("source", "expected"), ONE_ENTRY)
def test_one_entry_per_thing_the_most_explicit(source: str, expected: list[str]) -> None:
    assert _inventory(source) == expected


@pytest.mark.parametrize(
    ("message", "remove_in"),
    [
        ("f will be removed in 3.0.", "3.0"),
        ("f is deprecated; removal in v2.1.0", "v2.1.0"),
        ("f is to be removed by 4.0", "4.0"),
        ("we remove in 1.5b1 what", "1.5b1"),
        ("Removed In Version 7", "7"),
        ("f will be removed in a future version", None),
        ("'parser.x' is deprecated and will be removed in Click 9.0.", "9.0"),
        ("it will be removed in or after 2025.1", "2025.1"),
        ("In requests 3.0, get_encodings_from_content will be removed.", "3.0"),
        ("will no longer be supported in Requests 3.0.0", "3.0.0"),
        ("removal in or after August 2025", None),  # a month, not a version
        ("used in 3 places and removed", None),
        ("slated for removal in Python 3.14", None),
        ("f is deprecated", None),
    ],
)
def test_the_removal_version_a_message_states(message: str, remove_in: str | None) -> None:
    source = f"import warnings\nwarnings.warn({message!r}, DeprecationWarning)\n"
    (entry,) = _scan(source).found
    assert entry.remove_in == remove_in


def test_a_long_message_is_shortened() -> None:
    source = f"import warnings\nwarnings.warn({'x' * 300!r}, DeprecationWarning)\n"
    (entry,) = _scan(source).found
    assert len(entry.message) == 200
    assert entry.message == "x" * 199 + "…"


def test_source_text_is_read_as_python_counts_lines_and_columns() -> None:
    """Columns are UTF-8 offsets; lines end at \\n, \\r\\n or \\r, not at a form feed."""
    text = (
        "import warnings\r\n"
        "\f\r\n"
        "def f(x):\r\n"
        '    é = 1; warnings.warn(f"é {x}" +\r\n'
        '        "ü", DeprecationWarning)\r\n'
        "class C(Generic[é]): ...\n"
    )
    scanned = scan_deprecations(ast.parse(text), text, "m", "m.py", False)
    assert [(e.line, e.message) for e in scanned.found] == [(4, 'f"é {x}" + "ü"')]
    assert scanned.warning_classes == (("m.C", ("Generic[é]",)),)


def test_found_keeps_every_candidate_and_the_path() -> None:
    source = """\
        import warnings

        def f():
            '''.. deprecated:: 1.0'''
            warnings.warn("odd", RuntimeWarning)
            warnings.warn("old", DeprecationWarning)
        """
    text = textwrap.dedent(source)
    scanned = scan_deprecations(ast.parse(text), text, "pkg.mod", "src/pkg/mod.py", False)
    assert [(e.mechanism, e.category, e.line) for e in scanned.found] == [
        ("docstring", "", 3),
        ("warnings.warn", "RuntimeWarning", 5),
        ("warnings.warn", "DeprecationWarning", 6),
    ]
    assert {e.path for e in scanned.found} == {"src/pkg/mod.py"}
    assert {e.qname for e in scanned.found} == {"pkg.mod.f"}


def test_relative_imports_resolve_from_the_package() -> None:
    source = """\
        from .warnings import warn
        from . import deprecation

        def f():
            warn("a project's own warn", DeprecationWarning)

        @deprecation.deprecated("r")
        def g(): ...
        """
    scanned = _scan(source, module="pkg", is_package=True)
    assert [(e.qname, e.mechanism) for e in scanned.found] == [("pkg.g", "decorator")]


def test_warning_classes_are_every_class_with_bases() -> None:
    source = """\
        import warnings
        from . import _base

        class RemovedIn3Warning(_base.RemovedInWarning):
            class Inner(warnings.DeprecationWarning): ...

        class Plain: ...

        def f():
            class Local(DeprecationWarning, metaclass=Meta): ...

        class Generic_(Generic[T]): ...
        """
    assert _scan(source).warning_classes == (
        ("m.RemovedIn3Warning", ("_base.RemovedInWarning",)),
        ("m.RemovedIn3Warning.Inner", ("warnings.DeprecationWarning",)),
        ("m.f.<locals>.Local", ("DeprecationWarning",)),
        ("m.Generic_", ("Generic[T]",)),
    )


def test_deprecation_categories_are_transitive_across_files() -> None:
    first_file = (("pkg._base.RemovedInWarning", ("PendingDeprecationWarning",)),)
    second_file = (
        ("pkg.errors.RemovedIn3Warning", ("_base.RemovedInWarning",)),
        ("pkg.errors.Later", ("pkg.errors.RemovedIn3Warning", "Mixin")),
        ("pkg.errors.Unrelated", ("UserWarning",)),
        ("pkg.errors.Mixin", ("object",)),
    )
    # the subclass is listed before its base: the order does not matter
    categories = deprecation_categories([*second_file, *first_file])
    assert categories == {
        "DeprecationWarning",
        "PendingDeprecationWarning",
        "FutureWarning",
        "RemovedInWarning",
        "RemovedIn3Warning",
        "Later",
    }
    assert deprecation_categories(()) == {
        "DeprecationWarning",
        "PendingDeprecationWarning",
        "FutureWarning",
    }


def _entry(mechanism: Mechanism, category: str, qname: str = "m.f", line: int = 1) -> Deprecation:
    return Deprecation(qname, "function", mechanism, category, "", "m.py", line)


def test_kept_filters_warnings_by_category_and_keeps_decorators() -> None:
    categories = deprecation_categories([("m.RemovedIn3Warning", ("DeprecationWarning",))])
    found = [
        _entry("warnings.warn", "warnings.DeprecationWarning", "m.a"),
        _entry("warnings.warn", "_base.RemovedIn3Warning", "m.b"),
        _entry("warnings.warn", "RuntimeWarning", "m.c"),
        _entry("@deprecated", "UserWarning", "m.d"),
        _entry("decorator", "", "m.e"),
        _entry("docstring", "", "m.f"),
    ]
    assert [e.qname for e in kept(found, categories)] == ["m.a", "m.b", "m.d", "m.e", "m.f"]


def test_kept_keeps_the_most_explicit_entry_per_thing() -> None:
    found = [
        _entry("docstring", "", line=1),
        _entry("warnings.warn", "DeprecationWarning", line=3),
        _entry("Deprecated", "", line=2),
        _entry("warnings.warn", "DeprecationWarning", qname="m.g", line=7),
        _entry("warnings.warn", "DeprecationWarning", qname="m.g", line=5),
    ]
    assert kept(found, deprecation_categories(())) == (found[2], found[4])


def _stdlib_file(relative: str) -> tuple[str, FileDeprecations]:
    text = (Path(sysconfig.get_paths()["stdlib"]) / relative).read_text(encoding="utf-8")
    return text, scan_deprecations(ast.parse(text), text, "threading", relative, False)


def test_the_standard_librarys_threading() -> None:
    """Deprecated since Python 3.10 with ``warnings.warn`` in the function or method itself
    (and still there in 3.13): the entries, wherever a patch release puts the lines."""
    text, scanned = _stdlib_file("threading.py")
    entries = {e.qname: e for e in kept(scanned.found, deprecation_categories(()))}
    expected = {
        "threading.currentThread": ("function", "currentThread() is deprecated"),
        "threading.activeCount": ("function", "activeCount() is deprecated"),
        "threading.Thread.isDaemon": ("method", "isDaemon() is deprecated"),
        "threading.Thread.setName": ("method", "setName() is deprecated"),
        "threading.Event.isSet": ("method", "isSet() is deprecated"),
        "threading.Condition.notifyAll": ("method", "notifyAll() is deprecated"),
    }
    for qname, (kind, message) in expected.items():
        entry = entries[qname]
        assert (entry.kind, entry.mechanism, entry.category) == (
            kind,
            "warnings.warn",
            "DeprecationWarning",
        )
        assert entry.message.startswith(message)
        assert "warnings.warn(" in text.splitlines()[entry.line - 1]
    assert "threading.current_thread" not in entries


def test_a_message_assigned_twice_is_the_one_assigned_right_before_the_warning() -> None:
    # the shape of refcoord's own module shim: a message for the warning, another for the
    # AttributeError further down
    source = """\
        import warnings

        _MOVED = {"slugify": "shop.text"}

        def __getattr__(name):
            if name in _MOVED:
                message = f"{__name__}.{name} has moved; removed in 4.0"
                warnings.warn(message, DeprecationWarning, stacklevel=2)
                return 1
            message = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(message)
        """
    (entry,) = _inventory(source)
    assert entry.startswith("8 m.slugify module-attribute warnings.warn DeprecationWarning")
    assert "has moved; removed in 4.0" in entry and entry.endswith("remove_in=4.0")


def test_a_directive_nested_under_a_parameters_description_deprecates_that_parameter() -> None:
    source = '''\
        def define(maybe_cls=None, *, hash=None, eq=None):
            """Define a class.

            Args:
                hash (bool | None):
                    Whether to hash.

                    .. deprecated:: 24.1.0 *hash* is deprecated in favor of *unsafe_hash*.

                eq: Whether to compare.

            Notes:
                Something.

                .. deprecated:: 23.1 a note about a part, not a parameter
            """


        def attrib(default=None, cmp=None):
            """An attribute.

            :param cmp: Setting *cmp* is equivalent to setting *eq*.

                .. deprecated:: 21.1.0 use *eq* (removed in 27.0)
            """


        def old():
            """Old.

            .. deprecated:: 2.0 use *new*
            """


        def attrs(these=None, repr_ns=None, cmp=None):
            """attrs' own style.

            .. deprecated:: 19.2.0 *cmp* Removal on or after 2021-06-01.
            """
        '''
    assert _inventory(source) == [
        (
            "1 m.define parameter[hash] docstring - "
            "'24.1.0 *hash* is deprecated in favor of *unsafe_hash*.'"
        ),
        (
            "19 m.attrib parameter[cmp] docstring - "
            "'21.1.0 use *eq* (removed in 27.0)' remove_in=27.0"
        ),
        "28 m.old function docstring - '2.0 use *new*'",
        "35 m.attrs parameter[cmp] docstring - '19.2.0 *cmp* Removal on or after 2021-06-01.'",
    ]


def test_a_parameter_deprecation_taken_back_or_gone_from_the_signature_is_left_out() -> None:
    source = '''\
        def attrib(default=None, cmp=None, **kw):
            """An attribute.

            .. deprecated:: 19.2.0 *cmp* Removal on or after 2021-06-01.
            .. versionchanged:: 21.1.0 *cmp* undeprecated
            """


        def attrs(these=None, repr_ns=None):
            """A class.

            .. deprecated:: 17.4.0 *convert*
            .. deprecated:: 24.1.0 *repr_ns*
            """
        '''
    assert _inventory(source) == ["9 m.attrs parameter[repr_ns] docstring - '24.1.0 *repr_ns*'"]


def test_a_type_check_of_a_parameter_is_that_parameters_deprecation() -> None:
    source = """\
        import warnings

        def basic(username, password):
            if not isinstance(username, str):
                warnings.warn("non-string usernames are deprecated", DeprecationWarning)
            if not isinstance(password, str):
                warnings.warn("non-string passwords are deprecated", DeprecationWarning)
        """
    assert _inventory(source) == [
        (
            "5 m.basic parameter[username] warnings.warn DeprecationWarning "
            "'non-string usernames are deprecated'"
        ),
        (
            "7 m.basic parameter[password] warnings.warn DeprecationWarning "
            "'non-string passwords are deprecated'"
        ),
    ]
