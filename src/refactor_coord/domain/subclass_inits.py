"""Subclasses whose own ``__init__`` passes its base's arguments with ``super().__init__(...)``:
when change-api re-signs the base (a class's signature is its ``__init__``'s), such a subclass
follows it by its base renamed and those calls rebound, and its own signature, which its
callers use, stays as it is (itsdangerous' ``BadTimeSignature(BadSignature)``, sqlparse's
``TokenList(Token)``).

Not such a subclass, so left for review: one without an ``__init__`` of its own (its callers
pass the base's arguments: every call of it would change too), one whose base is not its first
(``super()`` may reach another class first), one that calls ``Base.__init__(self, ...)``
explicitly, and one that passes ``*args`` or ``**kwargs`` on (the binding cannot be proven).
The plan (which reads the files) and the rewrite kit read them by this one rule. Pure: ``ast``
in, nodes out."""

from __future__ import annotations

import ast

#: How the plan says a subclass follows its re-signed base.
SUBCLASS_FOLLOWS = (
    "subclasses it with an __init__ of its own: its base and super().__init__ follow"
)


def subclass_inits(tree: ast.Module) -> dict[int, tuple[ast.Call, ...]]:
    """For each class that follows its first base this way, by the id of that base's node (a
    name or an attribute chain): the ``super().__init__(...)`` calls in its methods (its
    ``__init__``, and any other that builds itself again: a ``reset()``)."""
    found: dict[int, tuple[ast.Call, ...]] = {}
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef) and cls.bases:
            calls = _follows(cls)
            if calls is not None:
                found[id(cls.bases[0])] = calls
    return found


def _follows(cls: ast.ClassDef) -> tuple[ast.Call, ...] | None:
    base = cls.bases[0]
    if not isinstance(base, ast.Name | ast.Attribute):
        return None
    inits = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"]
    if len(inits) != 1:
        return None
    methods = [s for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    calls = [n for m in methods for n in ast.walk(m) if isinstance(n, ast.Call)]
    if any(_explicit(call, base) for call in calls):
        return None
    supers = tuple(call for call in calls if _super_init(call, cls.name))
    if any(_starred(call) for call in supers):
        return None
    return supers


def _super_init(call: ast.Call, name: str) -> bool:
    """``super().__init__(...)`` or ``super(<name>, self).__init__(...)``."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "__init__"):
        return False
    inner = func.value
    if not (
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Name)
        and inner.func.id == "super"
    ):
        return False
    first = inner.args[0] if inner.args else None
    return first is None or (isinstance(first, ast.Name) and first.id == name)


def _explicit(call: ast.Call, base: ast.expr) -> bool:
    """``Base.__init__(self, ...)``, spelled as the base is."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and ast.dump(func.value) == ast.dump(base)
    )


def _starred(call: ast.Call) -> bool:
    return any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    )
