"""Which references are *uses* of a deprecated name: the one rule behind ``status``,
``status --history`` and ``check`` (pure), so that the three always agree.

A use is a first-party reference that reaches the name or something inside it (``mod.Old``,
``mod.Old.method``), or that is spelled through it wherever it now leads (``shop.utils.slugify``
still imported from the old module after extract-module's expand step moved the code). Not uses:
an ``__all__`` entry; for a change-api, a package ``__init__`` importing the name to re-export
it (the API's surface, which its expand and contract steps handle); for a class, a member
reached through an instance (``self.area``: renaming the class leaves it as it is) or through
``super()``, nor the shim's own metaclass naming it (a re-signed class's,
:func:`.in_checks_metaclass`); the refactoring's own deprecation test, which uses the old name on
purpose; for a
replace-dependency, the facade's own uses of the old dependency (:class:`Rule`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from refactor_coord.domain.facts import Reference, RefKind
from refactor_coord.domain.plan import is_deprecation_test
from refactor_coord.domain.specs import ChangeApi, Refactor, ReplaceDependency
from refactor_coord.domain.type_positions import in_checks_metaclass

#: bumped whenever the rule counts differently: counts kept from an earlier rule (the
#: history's per commit) are counted again
RULE_VERSION = 5

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
    """Whether the reference makes a name public under another module's name: an ``__all__``
    entry, or a package ``__init__`` importing it (a re-export)."""
    return ref.kind is RefKind.EXPORT or (
        ref.kind is RefKind.IMPORT and ref.path.rsplit("/", 1)[-1] == "__init__.py"
    )


@dataclass(frozen=True, slots=True)
class Rule:
    """How the uses of one deprecated name are counted."""

    name: str
    is_class: bool = False
    #: a module whose own references do not count (the abstraction layer that wraps a
    #: dependency being replaced: the old backend lives there until the contract step)
    outside: str = ""
    #: a package ``__init__`` importing the name re-exports it: part of the API's surface,
    #: which change-api's expand and contract steps handle (extract-module migrates them)
    reexports: bool = False
    #: the refactoring whose deprecation test (``test_refcoord_<id>.py``) uses the name on
    #: purpose, to prove the shim warns
    refactor: str = ""
    #: other module-level names bound to the same object (``s = attrs``): a use of one is a
    #: use of the name (:func:`assigned_aliases`)
    aliases: tuple[str, ...] = ()


def rule_for(spec: Refactor, name: str, *, is_class: bool = False) -> Rule:
    """How the uses of ``name``, one of the refactoring's old names, are counted."""
    return Rule(
        name,
        is_class,
        outside=spec.facade if isinstance(spec, ReplaceDependency) else "",
        reexports=isinstance(spec, ChangeApi),
        refactor=spec.id,
    )


def is_use(ref: Reference, rule: Rule) -> bool:
    """Whether ``ref`` is a use of the deprecated ``rule.name`` (see the module's docstring)."""
    names = (rule.name, *rule.aliases)
    if not any(through(ref.written, n) or through(ref.target, n) for n in names):
        return False  # the common answer first: the history asks of every reference linked
    if ref.kind is RefKind.EXPORT or (rule.reexports and is_surface(ref)):
        return False
    if rule.outside and (through(ref.scope, rule.outside) or through(ref.written, rule.outside)):
        return False  # the facade's own backend, or code that uses the facade: migrated
    if rule.refactor and is_deprecation_test(ref.path, rule.refactor):
        return False
    if rule.is_class and in_checks_metaclass(ref.scope, rule.name):
        return False  # the shim's own code: ``if self is Square`` in its metaclass
    # a class's member reached through an instance (``self.side`` in one of its methods is
    # spelled ``pkg.Square.side``) or super(): renaming the class leaves it as it is
    return not rule.is_class or spells_class(ref.target, ref.written, ref.reason, rule.name)


def assigned_aliases(
    name: str,
    refs: Iterable[Reference],
    variables: Mapping[tuple[str, int], Sequence[str]],
    modules: Mapping[str, str],
) -> tuple[str, ...]:
    """The module-level names an assignment binds to ``name`` (``s = attributes = attrs``):
    where ``name`` is read as a value at a module's top level, the variables that module
    defines on that line. ``variables``: (path, line) -> the qualified names of the variables
    defined there; ``modules``: path -> its module."""
    found: set[str] = set()
    for ref in refs:
        module = modules.get(ref.path)
        if ref.kind is RefKind.NAME and ref.target == name and ref.scope == module:
            found |= {
                v
                for v in variables.get((ref.path, ref.line), ())
                if v.rpartition(".")[0] == module
            }
    return tuple(sorted(found - {name}))


def uses_of(rule: Rule, refs: Iterable[Reference]) -> tuple[Reference, ...]:
    """The uses of ``rule.name`` among ``refs``, one per place, in path, line and column order."""
    found: dict[tuple[str, int, int], Reference] = {}
    for ref in refs:
        if is_use(ref, rule):
            found.setdefault((ref.path, ref.line, ref.col), ref)
    return tuple(found[place] for place in sorted(found))
