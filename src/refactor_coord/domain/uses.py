"""Which references are *uses* of a deprecated name: the one rule behind ``status``,
``status --history`` and ``check`` (pure), so that the three always agree.

A use is a first-party reference that reaches the name or something inside it (``mod.Old``,
``mod.Old.method``), or that is spelled through it wherever it now leads (``shop.utils.slugify``
still imported from the old module after extract-module's expand step moved the code). Not uses:
the API's own surface, which its refactoring's deprecate and contract steps take away (an
``__all__`` entry, a package ``__init__`` importing the name to re-export it), and, for a
class, a member reached through an instance (``self.area``: renaming the class leaves it as
it is) or through ``super()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from refactor_coord.domain.facts import Reference, RefKind

#: the reasons the index gives a reference to a member of a class that it reached through an
#: instance (``self.side``: "through 'self'"; ``Square(2).area``: "on an instance of ..."); a
#: star import's "through 'from m import *'" reaches a name as written
_THROUGH_INSTANCE = re.compile(r"^(?:on an instance of |through '(?!from ))")


def spells_class(target: str, written: str, reason: str, cls: str) -> bool:
    """Whether a reference to the class ``cls`` or inside it spells the class's name: the
    class itself, or a member reached through its name (``Square.CONST``); not a member reached
    through an instance (``self.side``), nor one through ``super()`` in a subclass."""
    if target == cls:
        return True
    return not _THROUGH_INSTANCE.match(reason) and ".super()." not in written


def through(written: str, name: str) -> bool:
    """Whether ``written`` is ``name`` or an attribute path through it (``a.b`` and ``a.b.c``
    go through ``a.b``; ``a.bc`` does not)."""
    return written == name or written.startswith(name + ".")


def is_surface(ref: Reference) -> bool:
    """Whether the reference is part of an API's public surface rather than a use of it: an
    ``__all__`` entry, or a package ``__init__`` importing it (a re-export)."""
    return ref.kind is RefKind.EXPORT or (
        ref.kind is RefKind.IMPORT and ref.path.rsplit("/", 1)[-1] == "__init__.py"
    )


def is_use(ref: Reference, name: str, *, is_class: bool) -> bool:
    """Whether ``ref`` is a use of the deprecated ``name`` (see the module's docstring)."""
    if is_surface(ref):
        return False
    if through(ref.written, name):
        return True
    if not through(ref.target, name):
        return False
    return not is_class or spells_class(ref.target, ref.written, ref.reason, name)


def uses_of(
    name: str, refs: Iterable[Reference], *, is_class: bool, outside: str = ""
) -> tuple[Reference, ...]:
    """The uses of ``name`` among ``refs``, one per place, in path, line and column order;
    ``outside``: a module whose own references do not count (the abstraction layer that wraps
    a dependency being replaced)."""
    found: dict[tuple[str, int, int], Reference] = {}
    for ref in refs:
        if outside and through(ref.scope, outside):
            continue
        if is_use(ref, name, is_class=is_class):
            found.setdefault((ref.path, ref.line, ref.col), ref)
    return tuple(found[place] for place in sorted(found))
