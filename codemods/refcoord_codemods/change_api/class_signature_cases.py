"""The change-api codemods' before/after cases for a class re-signed (:mod:`.class_signature`):
its ``__init__`` re-signed under the new name, the module's own calls and doctests rebound, the
old name a subclass taking the old arguments; the modules that catch the class
migrated whole at expand; a subclass and the class passed around as a value left for review;
the shim warning (with PEP 702's marker) and its test; contract removing it; and what is
refused."""

from __future__ import annotations

import textwrap

from refactor_coord.domain.plan import ArgValue
from refactor_coord.rewrite.cases import Case, dedent

SHAPES = "pkg/shapes.py"
APP = "pkg/app.py"
TEST = "tests/test_refcoord_move.py"
PYPROJECT = "pyproject.toml"


def _tabbed(text: str) -> str:
    """``text`` dedented, each level of four spaces a tab."""
    return dedent(text).replace("    ", "\t")


def _indented(columns: int, text: str) -> str:
    return textwrap.indent(dedent(text), " " * columns, lambda line: bool(line.strip()))


ARGS: dict[str, ArgValue] = {
    "old": "pkg.shapes.Square",
    "new": "pkg.shapes.Quad",
    "signature": "(side: float, *, color: str = 'red') -> None",
    "rename_params": ("colour=color",),
}

BEFORE = dedent(
    '''
    """Shapes."""

    __all__ = ["Square", "unit"]


    class Square:
        """A square of side ``side``.

        >>> Square(2, "blue").colour
        'blue'
        """

        def __init__(self, side: float, colour: str = "red") -> None:
            self.side = side
            self.colour = colour

        def doubled(self) -> "Square":
            return Square(self.side * 2, self.colour)


    def unit(colour="blue"):
        return Square(1, colour)
    '''
)

_QUAD = dedent(
    '''
    """Shapes."""

    from typing import TYPE_CHECKING

    __all__ = ["Square", "Quad", "unit"]


    class Quad:
        """A square of side ``side``.

        >>> Quad(2, color="blue").colour
        'blue'
        """

        def __init__(self, side: float, *, color: str = "red") -> None:
            self.side = side
            self.colour = color

        def doubled(self) -> "Quad":
            return Quad(self.side * 2, color=self.colour)
    '''
)

_CHECKS = dedent(
    '''
    # refcoord: isinstance takes every Quad for a Square until the contract step
    if TYPE_CHECKING:
        _SquareChecks = type
    else:

        class _SquareChecks(type(Quad)):
            """Every Quad is a Square to isinstance and issubclass."""

            def __instancecheck__(self, instance: object) -> bool:
                if self is Square:
                    return type.__instancecheck__(Quad, instance)
                return super().__instancecheck__(instance)

            def __subclasscheck__(self, subclass: type) -> bool:
                if self is Square:
                    return type.__subclasscheck__(Quad, subclass)
                return super().__subclasscheck__(subclass)
    '''
)

_SHIM_CLASS = dedent(
    '''


    class Square(Quad, metaclass=_SquareChecks):
        """Deprecated: use :class:`Quad`.

        This builds one from the old arguments.
        """

    '''
)

_SHIM_HEAD = "\n\n" + _CHECKS + "\n\n" + _SHIM_CLASS.lstrip("\n")

_SHIM_INIT = _indented(
    4,
    """
        def __init__(self, side: float, colour: str = "red") -> None:
            # refcoord: forwards to Quad until the contract step
    """,
)

_FORWARD = "        super().__init__(side, color=colour)\n"

_UNIT = dedent(
    """


    def unit(colour="blue"):
        return Quad(1, color=colour)
    """
)

EXPANDED = _QUAD + _SHIM_HEAD + _SHIM_INIT + _FORWARD + _UNIT

_MARKER = _indented(
    4,
    """
        @deprecated(
            "pkg.shapes.Square is deprecated: "
            "use pkg.shapes.Quad instead",
            category=None,
        )
    """,
)

_WARN = _indented(
    8,
    """
            import warnings

            warnings.warn(
                "pkg.shapes.Square is deprecated: "
                "use pkg.shapes.Quad instead",
                DeprecationWarning,
                stacklevel=2,
            )
    """,
)

WARNED = _QUAD + _SHIM_HEAD + _SHIM_INIT + _WARN + _FORWARD + _UNIT
MARKED = (
    _QUAD.replace(
        "from typing import TYPE_CHECKING\n",
        "from typing import TYPE_CHECKING\n\nfrom typing_extensions import deprecated\n",
    )
    + _SHIM_HEAD
    + _MARKER
    + _SHIM_INIT
    + _WARN
    + _FORWARD
    + _UNIT
)
CONTRACTED = (
    _QUAD.replace('["Square", "Quad", "unit"]', '["Quad", "unit"]').replace(
        "from typing import TYPE_CHECKING\n\n", ""
    )
    + _UNIT
)

WARNING_TEST = '''\
"""Added by refcoord (campaign campaign).

The deprecated class name warns when built, and builds the new class from the old arguments.

Deprecated: pkg.shapes.Square
Builds: pkg.shapes.Quad
"""

import importlib

import pytest


def test_square_warns_and_builds_quad(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = importlib.import_module("pkg.shapes")
    calls: list[object] = []

    def _init(self: object, *args: object, **kwargs: object) -> None:
        calls.append(self)

    monkeypatch.setattr(module.Quad, "__init__", _init)
    with pytest.warns(DeprecationWarning, match=r"pkg\\.shapes\\.Square is deprecated"):
        built = module.Square(None)
    assert isinstance(built, module.Quad)
    assert calls == [built]
'''

APP_BEFORE = dedent(
    """
    from pkg.shapes import Square


    def check(x: object) -> Square:
        if not isinstance(x, (int, Square)):
            raise TypeError(x)
        try:
            return Square(3, "green")
        except Square:
            raise


    class Tile(Square):
        pass


    maker = Square
    """
)

# the checks, the annotation and the call follow; the subclass (which inherits the old
# __init__) and the value (which may be called the old way) stay on the old name, for review
APP_AFTER = (
    APP_BEFORE.replace("import Square\n", "import Square, Quad\n")
    .replace("-> Square:", "-> Quad:")
    .replace("(int, Square)", "(int, Quad)")
    .replace('Square(3, "green")', 'Quad(3, color="green")')
    .replace("except Square:", "except Quad:")
)

_TYPED_BY_DATACLASS = dedent(
    """
    import dataclasses


    @dataclasses.dataclass
    class Square:
        side: float
        colour: str = "red"
    """
)

_INHERITED = "class Base:\n    def __init__(self, side): ...\n\n\nclass Square(Base):\n    pass\n"
_BASE_BUILDS = dedent(
    """
    class Labeled:
        def __call__(self, label):
            return self.__class__(self.side, label)


    """
)
_REDUCE = "    def __reduce__(self) -> object:\n        return (Square, (self.side,))\n\n"
_NEW = "    def __new__(cls, *a):\n        return super().__new__(cls)\n\n"

_BUILT_THROUGH_CLS = BEFORE.replace(
    "    def doubled(self)",
    '    @classmethod\n    def of(cls, side: float) -> "Square":\n        return cls(side)\n\n'
    "    def doubled(self)",
)

#: tabs, a signature on several lines that the new one lengthens, ``super(Square, self)`` and
#: an attribute read from the class (mistune's InlineParser, pathspec's TreeEntry)
TABS_BEFORE = _tabbed(
    """
    class Base:
        def __init__(self):
            pass


    class Square(Base):
        SIDES = 4

        def __init__(
            self,
            side: float,
            colour: str = "red",
        ) -> None:
            super(Square, self).__init__()
            self.side = side * Square.SIDES
            self.colour = colour

        def area(self) -> float:
            return self.side


    def unit():
        return Square(1)
"""
)
_TABS_QUAD = _tabbed(
    """
    from typing import TYPE_CHECKING


    class Base:
        def __init__(self):
            pass


    class Quad(Base):
        SIDES = 4

        def __init__(
            self,
            side: float,
            *,
            color: str = "red",
        ) -> None:
            super(Quad, self).__init__()
            self.side = side * Quad.SIDES
            self.colour = color

        def area(self) -> float:
            return self.side


    """
)
_TABS_SHIM = _tabbed(
    '''
    class Square(Quad, metaclass=_SquareChecks):
        """Deprecated: use :class:`Quad`, which this builds from the old arguments."""

        def __init__(
            self,
            side: float,
            colour: str = "red",
        ) -> None:
            # refcoord: forwards to Quad until the contract step
            super().__init__(side, color=colour)


    def unit():
        return Quad(1)
'''
)

TABS_AFTER = _TABS_QUAD + _CHECKS.replace("    ", "\t") + "\n\n" + _TABS_SHIM

EXPAND = (
    Case(
        "tabs, a signature laid out anew on more lines (the shim follows the whole class), "
        "super(Square, self) and Square.SIDES renamed with the class",
        ARGS,
        {SHAPES: TABS_BEFORE},
        {SHAPES: TABS_AFTER},
    ),
    Case(
        "a re-signed class: its __init__ re-signed under the new name, the module's own calls "
        "and doctests rebound, the old name a subclass forwarding the old arguments",
        ARGS,
        {SHAPES: BEFORE},
        {SHAPES: EXPANDED},
    ),
    Case(
        "the modules that catch the class move with expand, whole (except asks no metaclass): "
        "a handler then catches instances raised either way",
        {**ARGS, "catching": (APP,)},
        {SHAPES: BEFORE, APP: APP_BEFORE},
        {SHAPES: EXPANDED, APP: APP_AFTER},
    ),
    Case(
        'with warn = "at-expand" the old name warns when built from the start',
        ARGS,
        {SHAPES: BEFORE},
        {SHAPES: WARNED, TEST: WARNING_TEST},
        warn="at-expand",
        tests=(TEST,),
    ),
    Case(
        "a class whose __init__ a decorator writes (a dataclass) is refused",
        ARGS,
        {SHAPES: _TYPED_BY_DATACLASS},
        refused="a decorator may build its __init__",
    ),
    Case(
        "a class without an __init__ of its own is refused",
        ARGS,
        {SHAPES: _INHERITED},
        refused="Square has no __init__ of its own",
    ),
    Case(
        "a class that builds itself through cls(...) is refused (through the old name, the "
        "new arguments would reach the old signature)",
        ARGS,
        {SHAPES: _BUILT_THROUGH_CLS},
        refused="builds instances through cls(...) (line",
    ),
    Case(
        "a class whose base in the module builds instances through self.__class__(...) is "
        "refused (funcy's log_errors: the base passes arguments the new __init__ may not take)",
        ARGS,
        {SHAPES: _BASE_BUILDS + BEFORE.replace("class Square:", "class Square(Labeled):")},
        refused="its base Labeled builds instances through self.__class__(...) (line 3)",
    ),
    Case(
        "a class that builds itself through type(self)(...) is refused",
        ARGS,
        {SHAPES: BEFORE.replace("return Square(self.side * 2", "return type(self)(self.side * 2")},
        refused="builds instances through type(self)(...)",
    ),
    Case(
        "a generic class is refused (its old name's subclass would take no type parameters)",
        ARGS,
        {
            SHAPES: "from typing import Generic, TypeVar\n\nT = TypeVar('T')\n\n\n"
            + BEFORE.replace("class Square:", "class Square(Generic[T]):")
        },
        refused="Square is generic",
    ),
    Case(
        "a class whose base is given one of the module's type variables is generic too",
        ARGS,
        {
            SHAPES: "from typing import TypeVar\n\nfrom .base import Base\n\n"
            "T = TypeVar('T')\n\n\n" + BEFORE.replace("class Square:", "class Square(Base[T]):")
        },
        refused="Square is generic",
    ),
    Case(
        "a class whose __init__'s default reads the class body is refused (the shim's copy of "
        "the header could not read it)",
        ARGS,
        {
            SHAPES: BEFORE.replace('colour: str = "red"', "colour: str = RED").replace(
                "    def __init__", '    RED = "red"\n\n    def __init__', 1
            )
        },
        refused="read 'RED' from the class body",
    ),
    Case(
        "a class method building through its first parameter is refused whatever its name",
        ARGS,
        {
            SHAPES: _BUILT_THROUGH_CLS.replace("def of(cls,", "def of(klass,").replace(
                "return cls(side)", "return klass(side)"
            )
        },
        refused="builds instances through klass(...)",
    ),
    Case(
        "a class made to be pickled is refused (old pickles name it for good)",
        ARGS,
        {SHAPES: BEFORE.replace("    def doubled(", _REDUCE + "    def doubled(")},
        refused="made to be pickled",
    ),
    Case(
        "a class that defines __new__ too is refused",
        ARGS,
        {SHAPES: BEFORE.replace("    def doubled(", _NEW + "    def doubled(")},
        refused="defines __new__ too",
    ),
    Case(
        "a signature the old calls cannot be mapped onto is refused",
        {**ARGS, "signature": "(side, *, color, depth)"},
        {SHAPES: BEFORE},
        refused="depth",
    ),
)

#: glom's tests import the class twice, from the package and from its module
TWICE_BEFORE = dedent(
    """
    from pkg import Square
    from pkg.shapes import Square


    def make():
        return Square(2, "blue")
    """
)

#: subclasses: one follows (its own __init__ passes the base's arguments by super()), the
#: others are left for review (no __init__ of its own; Base.__init__(self, ...); *args)
SUBCLASSES_BEFORE = dedent(
    """
    from pkg.shapes import Square


    class Tile(Square):
        def __init__(self, side: float) -> None:
            super().__init__(side, "white")

        def reset(self) -> None:
            super().__init__(1, "grey")


    class Plain(Square):
        pass


    class Explicit(Square):
        def __init__(self, side: float) -> None:
            Square.__init__(self, side, "grey")


    class Forwards(Square):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)
    """
)
SUBCLASSES_AFTER = (
    SUBCLASSES_BEFORE.replace("import Square\n", "import Square, Quad\n")
    .replace("class Tile(Square):", "class Tile(Quad):")
    .replace('super().__init__(side, "white")', 'super().__init__(side, color="white")')
    .replace('super().__init__(1, "grey")', 'super().__init__(1, color="grey")')
)

MIGRATE = (
    Case(
        "a subclass whose own __init__ passes the base's arguments by super().__init__ "
        "follows it: its base renamed, the call rebound (itsdangerous' BadTimeSignature); the "
        "others stay for review",
        {**ARGS, "files": (APP,)},
        {SHAPES: EXPANDED, APP: SUBCLASSES_BEFORE},
        {APP: SUBCLASSES_AFTER},
        files=(APP,),
    ),
    Case(
        "a generic class given its type parameters, then built, is a call: rebound "
        "(cachetools' FIFOCache[int, int](maxsize=2))",
        {**ARGS, "files": (APP,)},
        {
            SHAPES: EXPANDED,
            APP: 'from pkg.shapes import Square\n\nmade = Square[int](2, "blue")\n',
        },
        {APP: 'from pkg.shapes import Quad\n\nmade = Quad[int](2, color="blue")\n'},
        files=(APP,),
    ),
    Case(
        "a name imported twice, through the package's re-export and from its module, is the "
        "class's either way: both imports and the call follow",
        {**ARGS, "files": (APP,), "aliases": ("pkg.Square",)},
        {
            SHAPES: EXPANDED,
            "pkg/__init__.py": "from pkg.shapes import Square, Quad\n",
            APP: TWICE_BEFORE,
        },
        {APP: TWICE_BEFORE.replace("Square", "Quad").replace('2, "blue"', '2, color="blue"')},
        files=(APP,),
    ),
    Case(
        "calls are rebound, checks, catches and annotations renamed; a subclass and the class "
        "passed around as a value stay on the old name",
        {**ARGS, "files": (APP,)},
        {SHAPES: EXPANDED, APP: APP_BEFORE},
        {APP: APP_AFTER},
        files=(APP,),
    ),
)

DEPRECATE = (
    Case(
        "the shim's __init__ warns, with PEP 702's marker where the project depends on "
        "typing_extensions; the test asserts the warning",
        ARGS,
        {
            SHAPES: EXPANDED,
            PYPROJECT: '[project]\nname = "pkg"\ndependencies = ["typing_extensions"]\n',
        },
        {SHAPES: MARKED, TEST: WARNING_TEST},
        files=(SHAPES,),
        tests=(TEST,),
    ),
)

CONTRACT = (
    Case(
        "contract removes the shim class, its name in __all__ and the warning's test",
        ARGS,
        {SHAPES: WARNED, TEST: WARNING_TEST},
        {SHAPES: CONTRACTED, TEST: None},
        files=(SHAPES,),
        tests=(TEST,),
    ),
    Case(
        "contract is refused while the module still uses the old name",
        ARGS,
        {SHAPES: WARNED + "\n\nLEFT = Square\n"},
        refused="the module still uses Square",
    ),
)
