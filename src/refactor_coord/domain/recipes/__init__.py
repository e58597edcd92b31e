"""Built-in replace-dependency recipes: what each name of an old dependency becomes in the new
backend, and the behavioural differences a reviewer must check (pure data).

A recipe maps *old qualified names* (as the index resolves them: ``six.moves.urllib.parse.quote``,
``requests.exceptions.Timeout``) to a :class:`Target`. An entry of kind ``module`` stands for a
whole old module: a name under it that has no entry of its own maps to the same name under the
new module (``six.moves.urllib.parse.quote`` -> ``urllib.parse.quote``). :func:`target_of` is the
one lookup. A name a recipe does not know is not guessed: the facade gets an explicit stub
unless ``[refactor.map]`` or the configured ``new`` module provides it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

TargetKind = Literal["name", "module", "value", "code", "stub"]
#: How Python 3 itself writes a use of an old name, the same in both backends (migrate writes
#: it so, with no facade): ``metaclass``, a class decorator ``@d(M)`` that is ``class
#: C(metaclass=M)``; ``raise-from``, a statement ``f(exc, cause)`` that is ``raise exc from
#: cause``. (A builtin under its own name needs no entry: a ``name`` target ``builtins.<same>``
#: that is ``identical``.)
SyntaxForm = Literal["metaclass", "raise-from"]


@dataclass(frozen=True, slots=True)
class Target:
    """What one old name becomes in the new backend.

    ``kind`` and ``value``:
    - ``name``: a qualified name in the new backend (``json.loads``, ``builtins.range``);
    - ``module``: a module standing for an old module (``urllib.parse``); its names follow;
    - ``value``: a Python expression (``False``, ``(str,)``), evaluated in the facade;
    - ``code``: the source of a ``def`` or ``class`` statement that defines the facade's name
      (its own name must be the old name's last part);
    - ``stub``: why nothing maps (the facade's name raises ``NotImplementedError`` saying so).
    """

    kind: TargetKind
    value: str
    #: On Python 3 the old name is the very same object as the new one (``six.moves.range`` is
    #: ``range``): code may use the new one directly, with no facade in between.
    identical: bool = False
    #: Import statements the ``value`` or ``code`` needs, one per item (``import functools``).
    needs: tuple[str, ...] = ()


def name(value: str, *, identical: bool = False) -> Target:
    """A qualified name in the new backend."""
    return Target("name", value, identical)


def module(value: str) -> Target:
    """A module standing for an old module."""
    return Target("module", value)


def value(expression: str, *needs: str, identical: bool = False) -> Target:
    """A Python expression."""
    return Target("value", expression, identical, needs)


def code(source: str, *needs: str) -> Target:
    """A ``def`` or ``class`` statement defining the name."""
    return Target("code", source, False, needs)


def stub(reason: str) -> Target:
    """No mapping, and why."""
    return Target("stub", reason)


@dataclass(frozen=True, slots=True)
class Recipe:
    """One built-in pair: the old dependency, the new one, and the mapping between them."""

    id: str
    old: str  #: the old dependency's top-level import name (``requests``)
    new: str  #: the module the new backend is built on (``httpx``; ``json``)
    #: the old dependency's distribution name on PyPI (``pytz``), for the manifest
    old_distribution: str
    #: the requirement the expand step adds to the manifest (None: the standard library)
    requirement: str | None
    entries: Mapping[str, Target]
    #: the behavioural differences a reviewer must check, shown in the expand and flip PRs
    differences: tuple[str, ...]
    #: other distributions that exist only for the old dependency (its type stubs): removed
    #: from the manifest at contract with it
    companions: tuple[str, ...] = ()
    #: import statements the new backend needs before any name (``tomllib`` or ``tomli``): the
    #: lines of code, in order, one line an item (the facade indents them item by item), so a
    #: statement may span items (``if sys.version_info >= (3, 11):``, ``    import tomllib``)
    prelude: tuple[str, ...] = field(default=())
    #: old qualified name -> the Python 3 syntax that writes its uses (see :data:`SyntaxForm`)
    syntax: Mapping[str, SyntaxForm] = field(default_factory=dict)


def target_of(recipe: Recipe, qualified: str) -> Target | None:
    """What ``qualified`` (an old name) becomes: its own entry, else the same name under the
    deepest ``module`` entry above it, else None (the recipe does not know it)."""
    own = recipe.entries.get(qualified)
    if own is not None:
        return own
    parts = qualified.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        above = recipe.entries.get(".".join(parts[:cut]))
        if above is not None and above.kind == "module":
            return name(".".join([above.value, *parts[cut:]]))
    return None


def mapped(mapping: Mapping[str, str], qualified: str) -> str | None:
    """What the user's ``[refactor.map]`` makes of ``qualified``: its own entry, else the same
    name under the deepest entry above it (``"six.moves.urllib" = "urllib"`` maps
    ``six.moves.urllib.parse.quote`` to ``urllib.parse.quote``); None: no entry covers it."""
    if qualified in mapping:
        return mapping[qualified]
    parts = qualified.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        above = mapping.get(".".join(parts[:cut]))
        if above is not None:
            return ".".join([above, *parts[cut:]])
    return None
