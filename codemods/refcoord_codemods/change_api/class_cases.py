"""The change-api codemods' before/after cases for classes (:mod:`.classes`): renamed, the old
name an alias until deprecate serves it with a warning (type checkers still reading the alias),
a re-exporting package served the same way, forward references in strings renamed, the
doctests in the class's docstring, and what is refused."""

from __future__ import annotations

from refactor_coord.domain.plan import ArgValue
from refactor_coord.rewrite.cases import Case, dedent

SHAPES = "pkg/shapes.py"
INIT = "pkg/__init__.py"
APP = "pkg/app.py"
TEST = "tests/test_refcoord_move.py"

ARGS: dict[str, ArgValue] = {"old": "pkg.shapes.Square", "new": "pkg.shapes.Quad"}

BEFORE = dedent(
    '''
    """Shapes."""

    from __future__ import annotations


    class Square:
        """A square.

        >>> Square(2).area()
        4
        """

        def __init__(self, side: int) -> None:
            self.side = side

        def area(self) -> int:
            return self.side * self.side

        def doubled(self) -> Square:
            return Square(self.side * 2)


    def area(shape: "Square") -> int:
        if not isinstance(shape, Square):
            raise TypeError(shape)
        return shape.area()
    '''
)

_RENAMED = dedent(
    '''
    """Shapes."""

    from __future__ import annotations


    class Quad:
        """A square.

        >>> Quad(2).area()
        4
        """

        def __init__(self, side: int) -> None:
            self.side = side

        def area(self) -> int:
            return self.side * self.side

        def doubled(self) -> Quad:
            return Quad(self.side * 2)
    '''
)

_AREA = dedent(
    """


    def area(shape: "Quad") -> int:
        if not isinstance(shape, Quad):
            raise TypeError(shape)
        return shape.area()
    """
)

_ALIAS = "\n\n# refcoord: forwards to Quad until the contract step\nSquare = Quad\n"
EXPANDED = _RENAMED + _ALIAS + _AREA

_SERVED = dedent(
    """
    # refcoord: forwards to Quad until the contract step
    if TYPE_CHECKING:
        Square = Quad
    else:

        def __getattr__(name: str) -> object:
            if name == "Square":
                import warnings

                warnings.warn(
                    "pkg.shapes.Square is deprecated: "
                    "use pkg.shapes.Quad instead",
                    DeprecationWarning,
                    stacklevel=2,
                )
                return Quad
            message = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(message)
    """
)
_TYPING = "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n"
WARNED = (
    _RENAMED.replace("from __future__ import annotations\n", _TYPING) + "\n\n" + _SERVED + _AREA
)

WARNING_TEST = '''\
"""Added by refcoord (campaign campaign).

The deprecated class name warns, and is the renamed class.

Deprecated: pkg.shapes.Square
Renamed to: pkg.shapes.Quad
"""

import importlib

import pytest


def test_square_warns_and_is_quad() -> None:
    module = importlib.import_module("pkg.shapes")
    with pytest.warns(DeprecationWarning, match=r"pkg\\.shapes\\.Square is deprecated"):
        old = module.Square
    assert old is module.Quad
'''

INIT_BEFORE = 'from pkg.shapes import Square, area\n\n__all__ = ["Square", "area"]\n'
INIT_EXPANDED = (
    'from pkg.shapes import Square, Quad, area\n\n__all__ = ["Square", "Quad", "area"]\n'
)
INIT_WARNED = (
    "from typing import TYPE_CHECKING\n\n"
    'from pkg.shapes import Quad, area\n\n__all__ = ["Quad", "area"]\n\n\n' + _SERVED
)

APP_BEFORE = dedent(
    """
    from typing import Optional, cast

    from pkg import shapes
    from pkg.shapes import Square


    class Cube(Square):
        pass


    def make(n: int) -> "Optional[Square]":
        return cast("Square", shapes.Square(n))
    """
)
APP_AFTER = dedent(
    """
    from typing import Optional, cast

    from pkg import shapes
    from pkg.shapes import Quad


    class Cube(Quad):
        pass


    def make(n: int) -> "Optional[Quad]":
        return cast("Quad", shapes.Quad(n))
    """
)

EXPAND: tuple[Case, ...] = (
    Case(
        "a class renamed: its own references (a string annotation, a doctest) follow, and "
        "the old name stays bound to it, silent",
        ARGS,
        {SHAPES: BEFORE},
        {SHAPES: EXPANDED},
    ),
    Case(
        "a string of the defining module that is a dotted path through the class follows it "
        "at expand, as the plan lists it (found in review)",
        ARGS,
        {SHAPES: BEFORE + '\n\nNAMED = "pkg.shapes.Square.area"\n'},
        {SHAPES: EXPANDED + '\n\nNAMED = "pkg.shapes.Quad.area"\n'},
    ),
    Case(
        "a form feed before the class is not a line break to Python, nor to the rename (found "
        "in review: str.splitlines counted it as one)",
        ARGS,
        {SHAPES: BEFORE.replace("\n\n\nclass Square", "\n\n\x0c\nclass Square")},
        {SHAPES: EXPANDED.replace("\n\n\nclass Quad", "\n\n\x0c\nclass Quad")},
    ),
    Case(
        "a package re-exporting the class re-exports the new name beside the old",
        ARGS,
        {SHAPES: BEFORE, INIT: INIT_BEFORE},
        {SHAPES: EXPANDED, INIT: INIT_EXPANDED},
    ),
    Case(
        'with warn = "at-expand" a re-exporting package serves the old name with the warning '
        "from the start too (its import of it would warn for every importer)",
        ARGS,
        {SHAPES: BEFORE, INIT: INIT_BEFORE},
        {
            SHAPES: WARNED,
            INIT: INIT_WARNED.replace('__all__ = ["Quad", "area"]', '__all__ = ["Quad", "area"]'),
            TEST: WARNING_TEST,
        },
        warn="at-expand",
    ),
    Case(
        'with warn = "at-expand" the old name warns from the start',
        ARGS,
        {SHAPES: BEFORE},
        {SHAPES: WARNED, TEST: WARNING_TEST},
        warn="at-expand",
    ),
    Case(
        "the new name taken in the module is refused",
        {**ARGS, "new": "pkg.shapes.area"},
        {SHAPES: BEFORE},
        refused="'area' is already a name in the module",
    ),
    Case(
        "a class bound again elsewhere in the module is refused",
        ARGS,
        {SHAPES: BEFORE + "\n\nSquare = None\n"},
        refused="'Square' is also bound elsewhere in the module",
    ),
)

#: a package that imports the class for type checkers only (the change-api gauntlet's mistune:
#: ``plugins/__init__.py``): its forward references follow at expand, its import just goes at
#: deprecate (nothing to serve: nothing imports it from there at run time)
TYPED_INIT = "pkg/plugins/__init__.py"
TYPED_BEFORE = dedent(
    """
    from typing import TYPE_CHECKING

    if TYPE_CHECKING:
        from ..shapes import Square


    def draw(shape: "Square") -> None:
        pass
    """
)
TYPED_EXPANDED = TYPED_BEFORE.replace("import Square", "import Square, Quad").replace(
    '"Square"', '"Quad"'
)
TYPED_WARNED = TYPED_BEFORE.replace("Square", "Quad")

EXPAND += (
    Case(
        "a package importing the class for type checkers only: its forward references follow",
        ARGS,
        {SHAPES: BEFORE, TYPED_INIT: TYPED_BEFORE},
        {SHAPES: EXPANDED, TYPED_INIT: TYPED_EXPANDED},
    ),
)

#: a test comparing the class's repr (the change-api gauntlet's glom, semver, pathspec): the
#: expected text changes in the expand step, where the repr does; the import waits for migrate
REPR_TEST = "tests/test_repr.py"
REPR_BEFORE = dedent(
    """
    import timeit

    from pkg.shapes import Square


    def test_repr():
        assert repr(Square(2)) == "Square(side=2)"
        assert "MySquare(" != "Square"
        assert f"{Square(2)!r}" != ""  # code in an f-string: migrate renames it
        timeit.timeit("Square(1)", setup="from pkg.shapes import Square")  # code too
    """
)

EXPAND += (
    Case(
        "a string showing the class's name as its repr does changes with the class (the "
        "plan gives expand its file); the file's import is left to migrate",
        {**ARGS, "shown": (REPR_TEST,)},
        {SHAPES: BEFORE, REPR_TEST: REPR_BEFORE},
        {SHAPES: EXPANDED, REPR_TEST: REPR_BEFORE.replace('"Square(side', '"Quad(side')},
    ),
)

DOCS = "docs/usage.rst"
DOCS_BEFORE = dedent(
    """
    Usage
    =====

    >>> import pkg.shapes
    >>> pkg.shapes.Square(2)
    Square(side=2)

    Square(3) in prose stays as written.

    >>> pkg.shapes.Square(2) > {}
    Traceback (most recent call last):
      ...
    TypeError: '>' not supported between instances of 'Square' and 'dict'
    >>> {"kind": 'Square'}
    {'kind': 'Square'}
    >>> {}['Square']
    Traceback (most recent call last):
      ...
    KeyError: 'Square'
    """
)

EXPAND += (
    Case(
        "a documentation file's doctests follow the class (the import in one example binds "
        "the module for the next), with their expected output, the quoted name in an expected "
        "exception's message too (the change-api gauntlet's semver), not a quoted value",
        ARGS,
        {SHAPES: BEFORE, DOCS: DOCS_BEFORE},
        {
            SHAPES: EXPANDED,
            DOCS: DOCS_BEFORE.replace(".Square(2)", ".Quad(2)")
            .replace("Square(side", "Quad(side")
            .replace("of 'Square' and", "of 'Quad' and"),
        },
    ),
)

#: the change-api gauntlet's semver: its documentation uses names its conftest.py gives the
#: doctests (pytest's doctest_namespace), without importing them
CONFTEST = "tests/conftest.py"
GIVEN_DOCS = "docs/given.rst"
#: examples that import the name the namespace gives too (semver's convert-pypi-to-semver.rst):
#: their own import is how they read it
OWN_IMPORT_DOCS = "docs/own.rst"
_OWN_IMPORT = ">>> from pkg import Square\n>>> Square(2)\nSquare(side=2)\n"

EXPAND += (
    Case(
        "a documentation doctest reaching the class through a name doctest_namespace gives is "
        "rewritten like one through an import; examples that import the name themselves read "
        "it by their own import",
        {**ARGS, "conftests": (CONFTEST,), "aliases": ("pkg.Square",)},
        {
            SHAPES: BEFORE,
            INIT: INIT_BEFORE,
            CONFTEST: dedent(
                """
                import pytest

                import pkg.shapes


                @pytest.fixture(autouse=True)
                def names(doctest_namespace):
                    doctest_namespace["shapes"] = pkg.shapes
                    doctest_namespace["Square"] = pkg.shapes.Square
                """
            ),
            GIVEN_DOCS: ">>> shapes.Square(2)\nSquare(side=2)\n>>> Square(3)\nSquare(side=3)\n",
            OWN_IMPORT_DOCS: _OWN_IMPORT,
        },
        {
            SHAPES: EXPANDED,
            INIT: INIT_EXPANDED,
            # ``Square`` itself is the conftest's key: the examples keep calling it so
            GIVEN_DOCS: ">>> shapes.Quad(2)\nQuad(side=2)\n>>> Square(3)\nQuad(side=3)\n",
            OWN_IMPORT_DOCS: _OWN_IMPORT.replace("Square", "Quad"),
        },
        files=(SHAPES, INIT, GIVEN_DOCS, OWN_IMPORT_DOCS),
    ),
)

#: the change-api gauntlet's semver: its docs import packaging's Version too, whose repr is
#: ``<Version('1.2.3')>``: only the output of an example that names the class changes
AMBIGUOUS_DOCS = dedent(
    """
    >>> from other.version import Square as OtherSquare
    >>> from pkg.shapes import Square
    >>> OtherSquare(2)
    <Square(2)>
    >>> Square(2)
    Square(side=2)
    """
)

EXPAND += (
    Case(
        "where a documentation file imports another project's class of the same name, only "
        "the output of an example that names the class changes",
        ARGS,
        {SHAPES: BEFORE, DOCS: AMBIGUOUS_DOCS},
        {
            SHAPES: EXPANDED,
            DOCS: AMBIGUOUS_DOCS.replace("shapes import Square", "shapes import Quad")
            .replace(">>> Square(2)", ">>> Quad(2)")
            .replace("Square(side=2)", "Quad(side=2)"),
        },
    ),
)

EXPAND += (
    Case(
        "a documentation file's example importing the class from the package that re-exports "
        "it (the plan gives expand its other names) follows it, and so does its output",
        {**ARGS, "aliases": ("pkg.Square",)},
        {
            SHAPES: BEFORE,
            DOCS: AMBIGUOUS_DOCS.replace("from pkg.shapes import", "from pkg import"),
        },
        {
            SHAPES: EXPANDED,
            DOCS: AMBIGUOUS_DOCS.replace("from pkg.shapes import Square", "from pkg import Quad")
            .replace(">>> Square(2)", ">>> Quad(2)")
            .replace("Square(side=2)", "Quad(side=2)"),
        },
    ),
)

#: a class made to be pickled (the change-api gauntlet's cachetools ``TTLCache``, packaging's
#: ``Version``, toolz's ``InstanceProperty``): pickles made before the rename name the old name,
#: so the defining module keeps it, silent, for good; a re-exporter's goes as for any class
_HOOK = "    def __getstate__(self) -> object:\n        return self.side\n\n"
_KEPT_FOR_GOOD = "\n\n# refcoord: kept for old pickles, which name Square\nSquare = Quad\n"
_KEPT = _KEPT_FOR_GOOD.replace(
    "Square\nSquare", "Square\n# refcoord: code moves to Quad until the contract step\nSquare"
)
PICKLED_BEFORE = BEFORE.replace("    def area(self) -> int:", _HOOK + "    def area(self) -> int:")
PICKLED = (_RENAMED + _KEPT + _AREA).replace(
    "    def area(self) -> int:", _HOOK + "    def area(self) -> int:"
)
PICKLED_FOR_GOOD = PICKLED.replace(_KEPT, _KEPT_FOR_GOOD)
KEPT_TEST = '''\
"""Added by refcoord (campaign campaign).

The class was renamed, and is made to be pickled: pickles made before the
rename name its old name, so the old name stays bound to the renamed class for
good, silent (unpickling old data must not warn). Code uses the new name.

Kept for pickles: pkg.shapes.Square
Renamed to: pkg.shapes.Quad
"""

import importlib
import warnings


def test_square_still_reads_as_quad_for_pickles() -> None:
    module = importlib.import_module("pkg.shapes")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        old = module.Square
    assert old is module.Quad
'''

EXPAND += (
    Case(
        "a class made to be pickled keeps its old name bound, marked as kept for good",
        ARGS,
        {SHAPES: PICKLED_BEFORE, INIT: INIT_BEFORE},
        {SHAPES: PICKLED, INIT: INIT_EXPANDED},
    ),
)

MIGRATE: tuple[Case, ...] = (
    Case(
        "imports, a base class, attribute access and forward references in strings follow "
        "the rename; a Literal's string is a value, not a type",
        {**ARGS, "files": (APP,)},
        {SHAPES: EXPANDED, APP: APP_BEFORE + '\n\nKIND: "Literal[\'Square\']" = "Square"\n'},
        {APP: APP_AFTER + '\n\nKIND: "Literal[\'Square\']" = "Square"\n'},
    ),
)

OWN_GETATTR = dedent(
    '''


    def __getattr__(name: str) -> object:
        """Lazy names."""
        raise AttributeError(name)
    '''
)
WARNED_IN_OWN = (
    _RENAMED.replace("from __future__ import annotations\n", _TYPING)
    + "\n\n# refcoord: forwards to Quad until the contract step\n"
    + "if TYPE_CHECKING:\n    Square = Quad\n"
    + _AREA
    + dedent(
        '''


        def __getattr__(name: str) -> object:
            """Lazy names."""
            # refcoord: forwards to Quad until the contract step
            if name == "Square":
                import warnings

                warnings.warn(
                    "pkg.shapes.Square is deprecated: "
                    "use pkg.shapes.Quad instead",
                    DeprecationWarning,
                    stacklevel=2,
                )
                return Quad
            raise AttributeError(name)
        '''
    )
)

DEPRECATE: tuple[Case, ...] = (
    Case(
        "the alias becomes a module __getattr__ that warns (type checkers read the alias "
        "under TYPE_CHECKING); the re-exporting package serves it the same way, out of "
        "__all__; a test asserts the warning",
        ARGS,
        {SHAPES: EXPANDED, INIT: INIT_EXPANDED},
        {SHAPES: WARNED, INIT: INIT_WARNED, TEST: WARNING_TEST},
    ),
    Case(
        "a module with a __getattr__ of its own serves the old name there first (the "
        "change-api gauntlet's itsdangerous: its package's __getattr__ serves __version__)",
        ARGS,
        {SHAPES: EXPANDED + OWN_GETATTR},
        {SHAPES: WARNED_IN_OWN, TEST: WARNING_TEST},
    ),
    Case(
        "a package that imports the class for type checkers only serves nothing: the import "
        "of the old name goes",
        ARGS,
        {SHAPES: EXPANDED, TYPED_INIT: TYPED_EXPANDED},
        {SHAPES: WARNED, TYPED_INIT: TYPED_WARNED, TEST: WARNING_TEST},
    ),
    Case(
        "a module whose own __getattr__ returns a narrower type is refused with the reason",
        ARGS,
        {SHAPES: EXPANDED + OWN_GETATTR.replace("-> object:", "-> int:")},
        refused="annotated to return a narrower type than object",
    ),
    Case(
        "a class kept for pickles: its old name stays silent (a test says so), out of "
        "__all__; a re-exporting package serves the old name with the warning",
        ARGS,
        {SHAPES: PICKLED + '\n\n__all__ = ["Square", "Quad"]\n', INIT: INIT_EXPANDED},
        {SHAPES: PICKLED + '\n\n__all__ = ["Quad"]\n', INIT: INIT_WARNED, TEST: KEPT_TEST},
    ),
    Case(
        "an existing TYPE_CHECKING import is reused",
        ARGS,
        {SHAPES: EXPANDED.replace("from __future__ import annotations\n", _TYPING)},
        {SHAPES: WARNED, TEST: WARNING_TEST},
    ),
)

CONTRACT: tuple[Case, ...] = (
    Case(
        "the branch in the module's own __getattr__ goes, the function stays",
        ARGS,
        {SHAPES: WARNED_IN_OWN, TEST: WARNING_TEST},
        {SHAPES: _RENAMED + _AREA + OWN_GETATTR, TEST: None},
    ),
    Case(
        "the served name goes, with TYPE_CHECKING's import (nothing else reads it), the "
        "re-export and the deprecation test",
        ARGS,
        {SHAPES: WARNED, INIT: INIT_WARNED, TEST: WARNING_TEST},
        {
            SHAPES: _RENAMED + _AREA,
            INIT: 'from pkg.shapes import Quad, area\n\n__all__ = ["Quad", "area"]\n',
            TEST: None,
        },
    ),
    Case(
        "a class kept for pickles keeps its alias, now for pickles alone, and its test; a "
        "re-exporter's old name goes",
        ARGS,
        {SHAPES: PICKLED, INIT: INIT_WARNED, TEST: KEPT_TEST},
        {
            SHAPES: PICKLED_FOR_GOOD,
            INIT: 'from pkg.shapes import Quad, area\n\n__all__ = ["Quad", "area"]\n',
        },
    ),
    Case(
        "refused while the module still uses the old name of the class",
        ARGS,
        {SHAPES: WARNED + "\n\nDEFAULT = Square\n"},
        refused="the module still uses Square",
    ),
)
