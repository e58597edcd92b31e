"""replace-dependency: the facade's names, computed from what the project uses of the old
dependency (pure).

Every use the index resolves is a qualified name (``six.moves.urllib.parse.quote``,
``json.loads``, ``mock.patch.object``). The facade exposes each at the first part after the
deepest *module* it lies in, so that an importer's ``from <module> import <name>`` and its
``<module>.<name>`` chains both move to ``from <facade> import <name>`` unchanged beyond that
(``mock.patch.object`` is ``patch`` from ``mock``; ``.object`` is read through it). What is a
module: the old dependency itself, the module part of every import (``from a.b import c`` and
``import a.b.c`` make ``a.b`` one), and the modules a recipe maps wholesale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class FacadeName:
    """One name the facade exposes: ``leaf`` as the old dependency's ``module`` has it."""

    module: str
    leaf: str

    @property
    def qualified(self) -> str:
        """The old qualified name (``json.loads``; the module itself: ``json``)."""
        return f"{self.module}.{self.leaf}" if self.module else self.leaf

    def encoded(self) -> str:
        """As a plan stores it: ``module:leaf``."""
        return f"{self.module}:{self.leaf}"


def decoded(text: str) -> FacadeName:
    """A :class:`FacadeName` from its :meth:`~FacadeName.encoded` form."""
    module, _, leaf = text.partition(":")
    return FacadeName(module, leaf)


def facade_names(
    old: str,
    used: Iterable[str],
    imported: Iterable[str],
    modules: Iterable[str] = (),
    *,
    as_value: bool = False,
) -> tuple[FacadeName, ...]:
    """The names the facade exposes for the qualified names ``used`` of the dependency ``old``,
    given the targets of the imports that bring them (``imported``) and the modules a recipe
    maps wholesale (``modules``). ``as_value``: code uses the module ``old`` itself as a value
    (``set_json_library(json)``, ``self.http = requests``): the facade exposes it too, under
    its own name (``FacadeName("", old)``)."""
    known = {old, *modules}
    known |= {name.rpartition(".")[0] for name in imported if name.startswith(old + ".")}
    names: set[FacadeName] = {FacadeName("", old)} if as_value else set()
    for name in used:
        if not name.startswith(old + "."):
            continue
        parts = name.split(".")
        cut = max(i for i in range(1, len(parts)) if ".".join(parts[:i]) in known)
        names.add(FacadeName(".".join(parts[:cut]), parts[cut]))
    return tuple(sorted(names))


#: the names the facade module binds for itself (templates/facade.py.j2): no old name's
#: facade name may be one of them
RESERVED = frozenset(
    {"BACKEND", "annotations", "_FLAG", "_DEFAULT", "_CHOICES", "_chosen", "_os", "_typing",
     "_types", "_whole"}
)  # fmt: skip


def clashes(names: Iterable[FacadeName]) -> dict[str, tuple[str, ...]]:
    """The facade names two different old names would share, or that the facade binds for
    itself (:data:`RESERVED`): leaf -> the old names (and ``facade`` for its own)."""
    by_leaf: dict[str, set[str]] = {}
    for name in names:
        by_leaf.setdefault(name.leaf, set()).add(name.qualified)
    for leaf in RESERVED & by_leaf.keys():
        by_leaf[leaf].add("the facade's own name")
    return {leaf: tuple(sorted(q)) for leaf, q in sorted(by_leaf.items()) if len(q) > 1}
