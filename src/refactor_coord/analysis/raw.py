"""The per-file facts the parser extracts, in a compact form that is cheap to cache.

Everything here is plain tuples of str, int, bool and None so that it round-trips through
:mod:`marshal` (fast, and unlike pickle it cannot run code when a cache file is read).

The *surface* of a module (its top-level bindings, star imports, ``__all__`` and classes) is
what other modules' references depend on. It carries no line numbers, so editing a function
body leaves the surface unchanged and only that file's references need resolving again.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass

#: Bump when the extractors change what they record: cached facts of older versions are ignored.
FACTS_VERSION = 29

FLAG_LAZY = 1  #: the import is inside a function
FLAG_TYPE_CHECKING = 2  #: the import is under ``if TYPE_CHECKING:``
FLAG_GUARDED = 4  #: the import is inside ``try`` with an ``except ImportError`` (or broader)

IMPORT_PLAIN = 0  #: ``import target``
IMPORT_STAR = 1  #: ``from target import *``
IMPORT_FROM = 2  #: ``from a import b``: target is ``a.b``

# Row layouts (tuples, positional):
#   Binding    (name, kind, target, flags)       kind: function | class | variable | import
#   ClassInfo  (relname, bases, members)          bases: written qnames;
#                                                 members: ((name, kind), ...)
#   DefRow     (qname, kind, line, col)
#   ImportRow  (target, line, col, flags, form)   form: IMPORT_PLAIN | IMPORT_STAR | IMPORT_FROM
#   Shape      (positional, keywords, star, double_star) or None
#   UseRow     (written, line, col, kind, shape, scope, cap, reason)
#   LooseRow   (attr, line, col, kind, shape, scope)
#   StringRow  (text, line, col, scope)
#   ExportRow  (name, line, col)
Binding = tuple[str, str, str, int]
ClassInfo = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]
DefRow = tuple[str, str, int, int]
ImportRow = tuple[str, int, int, int, int]
Shape = tuple[int, tuple[str, ...], bool, bool] | None
UseRow = tuple[str, int, int, str, Shape, str, str, str]
LooseRow = tuple[str, int, int, str, Shape, str]
StringRow = tuple[str, int, int, str]
ExportRow = tuple[str, int, int]


#: The attribute that marks an instance of what precedes it: ``pkg.Client.().fetch`` is the
#: ``fetch`` of a ``pkg.Client`` instance.
CALLED = "()"
#: After a class's name and before :data:`CALLED`: ``super()`` in a method of that class.
SUPER = "(super)"
#: How many calls a load is followed through (``x = x.parent()`` would lead on for ever).
MAX_CALLS = 4


#: Attributes whose value has a builtin type whatever the object (a dict, a str, a tuple).
_BUILTIN_TYPED = frozenset(
    {"__dict__", "__name__", "__qualname__", "__module__", "__doc__", "__annotations__",
     "__bases__", "__mro__"}
)  # fmt: skip


def after_call(attrs: tuple[str, ...]) -> tuple[str, ...]:
    """The attributes read on the instance: those after the :data:`CALLED` marker."""
    return attrs[len(attrs) - attrs[::-1].index(CALLED) :]


def loose_rows(
    attrs: tuple[str, ...], line: int, col: int, kind: str, shape: Shape, scope: str
) -> list[LooseRow]:
    """Attribute uses on a receiver of unknown type: the last one of ``kind`` (with the call's
    shape), the ones before it plain attribute reads. What a :data:`CALLED` marker follows
    (the class that was not found) is not among them, nor what follows an attribute every
    object has with a builtin type (``obj.__dict__.setdefault``: a ``dict``'s)."""
    if CALLED in attrs:
        attrs = after_call(attrs)
    builtin = next((i for i, attr in enumerate(attrs) if attr in _BUILTIN_TYPED), None)
    if builtin is not None and builtin + 1 < len(attrs):
        attrs, kind, shape = attrs[: builtin + 1], "attribute", None
    last = len(attrs) - 1
    return [
        (attr, line, col, kind if i == last else "attribute", shape if i == last else None, scope)
        for i, attr in enumerate(attrs)
    ]


@dataclass(frozen=True, slots=True)
class Surface:
    """What a module offers to the rest of the repository."""

    module: str
    is_package: bool
    bindings: tuple[Binding, ...]
    stars: tuple[str, ...]  #: modules star-imported at top level
    all_names: tuple[str, ...] | None  #: literal ``__all__`` entries, None when there is none
    all_dynamic: bool  #: ``__all__`` has parts that are not literal strings
    has_getattr: bool  #: the module defines a PEP 562 ``__getattr__``
    classes: tuple[ClassInfo, ...]
    #: (function or method, relative to the module; the written name of the class its return
    #: annotation names): what calling it gives, for the attributes read on the result
    returns: tuple[tuple[str, str], ...] = ()
    #: (class, relative to the module; its attribute; the written name of what the attribute
    #: holds an instance of: the class an annotation names, or what a call of it gives, from
    #: ``self.attr = Client(...)`` in a method)
    attribute_types: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FileFacts:
    """Everything one parse of one file yields."""

    surface: Surface
    definitions: tuple[DefRow, ...]
    imports: tuple[ImportRow, ...]
    uses: tuple[UseRow, ...]
    loose: tuple[LooseRow, ...]
    strings: tuple[StringRow, ...]
    exports: tuple[ExportRow, ...]
    parser: str  #: "ast" or "libcst"

    def encode(self) -> bytes:
        """Serialise for the cache."""
        s = self.surface
        surface = (
            s.module,
            s.is_package,
            s.bindings,
            s.stars,
            s.all_names,
            s.all_dynamic,
            s.has_getattr,
            s.classes,
            s.returns,
            s.attribute_types,
        )
        return marshal.dumps(
            (
                FACTS_VERSION,
                surface,
                self.definitions,
                self.imports,
                self.uses,
                self.loose,
                self.strings,
                self.exports,
                self.parser,
            )
        )

    @staticmethod
    def decode(blob: bytes) -> FileFacts | None:
        """Deserialise; None for a blob of another version or one that is damaged."""
        try:
            data = marshal.loads(blob)
            if data[0] != FACTS_VERSION:
                return None
            return FileFacts(Surface(*data[1]), *data[2:])
        except (EOFError, ValueError, TypeError, IndexError):
            return None


def encode_surface(surface: Surface) -> bytes:
    """Serialise a surface alone (the index keeps them to re-resolve without re-reading facts)."""
    return FileFacts(surface, (), (), (), (), (), (), "").encode()


def decode_surface(blob: bytes) -> Surface | None:
    """Inverse of :func:`encode_surface`."""
    facts = FileFacts.decode(blob)
    return facts.surface if facts else None
