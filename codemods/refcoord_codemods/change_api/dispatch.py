"""change-api on a method: subclasses outside the repository that still override the old name
keep being called through the deprecation window.

The overrides in the repository are renamed with the method; a subclass elsewhere cannot be.
Code that now calls the new name (the class's own template methods, migrated callers) would
skip such an override, so the class gets an ``__init_subclass__`` that gives a subclass
overriding only the old name a new-name method calling its override (its warning, from the
deprecate step, tells that subclass's author to rename it). The shim then tells the two ways it
is reached apart: called on an instance, it forwards to the new name as ever; reached through
``super()`` from such an override (a subclass in the instance's MRO defines the old name), it
runs the base's own new method, or the two would call each other for ever (an override in the
repository between the two is skipped then: a known limit). Both carry
the shim's mark, so deprecate and contract find them. Text in, text out."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from refactor_coord.rewrite.binding import Change, Param, Signature, forwarding_args
from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.change_api.shim import MARK


@dataclass(frozen=True, slots=True)
class Dispatch:
    """What the shim runs before it forwards, and the ``__init_subclass__`` that goes after it
    (lines without the class body's indentation)."""

    in_shim: tuple[str, ...]
    hook: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Typing:
    """How the module can spell ``typing.Any`` (None: it cannot), the names its ``TypeVar``
    calls bind, and what ``setattr`` with a constant name needs to pass the project's linter
    (ruff's and flake8-bugbear's B010)."""

    any_name: str | None = None
    type_vars: frozenset[str] = frozenset()
    setattr_noqa: str = ""


def typing_of(tree: ast.Module, setattr_noqa: str) -> Typing:
    """What :func:`subclass_dispatch` writes types with, for this module."""
    type_vars = {
        target.id
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Call)
        and ast.unparse(stmt.value.func).rpartition(".")[2] in ("TypeVar", "ParamSpec")
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }
    return Typing(_any_name(tree), frozenset(type_vars), setattr_noqa)


def _any_name(tree: ast.Module) -> str | None:
    """How the module's own imports spell ``typing.Any`` (``Any``, ``t.Any``), if they do."""
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module in ("typing", "typing_extensions"):
            for alias in stmt.names:
                if alias.name == "Any":
                    return alias.asname or "Any"
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name == "typing":
                    return f"{alias.asname or 'typing'}.Any"
    return None


def subclass_dispatch(
    cls: ast.ClassDef,
    method: ast.FunctionDef | ast.AsyncFunctionDef,
    names: tuple[str, str],
    change: Change,
    typing: Typing = Typing(),
) -> Dispatch | None:
    """The dispatch for the instance method ``method`` of ``cls`` renamed (``names``: old and
    new) with ``change`` (its whole signature); None where none is written: a private class (not
    subclassed elsewhere), a dunder method, a class that defines ``__init_subclass__`` itself,
    or a new signature whose calls cannot be passed back to the old one."""
    old, new = names
    if (
        cls.name.startswith("_")
        or old.startswith("__")
        or _defines(cls, "__init_subclass__")
        or _slotted(cls)
    ):
        return None
    back = Change(change.new, change.old, {n: o for o, n in change.renames.items()})
    if back.problems():
        return None
    passed = forwarding_args(back, skip_first=True)
    if isinstance(passed, Refused):
        return None
    call_old = f"{_first(change.new)}.{old}({', '.join(a.code() for a in passed)})"
    forwarded = forwarding_args(change, skip_first=True)
    if isinstance(forwarded, Refused):
        return None
    me = _first(change.old)
    own = f"{cls.name}.{new}({', '.join([me, *(a.code() for a in forwarded)])})"
    awaited = "await " if isinstance(method, ast.AsyncFunctionDef) else ""
    in_shim = (
        "if any(",  # no local name: the method's parameters keep theirs
        f'    "{old}" in vars(k) and k is not {cls.name} and issubclass(k, {cls.name})',
        f"    for k in type({me}).__mro__",
        "):  # reached through super() from a subclass's override of the old name",
        f"    return {awaited}{own}",
    )
    general = _generalized(_type_params(cls, typing), typing.any_name or "object")
    owner = _instance_type(cls, typing)
    signature = Signature(tuple(general(p) for p in change.new.params))
    returns = general(Param("", "either", None, _unparsed(method.returns))).annotation
    hook = _hook(
        (owner, returns, typing.setattr_noqa), names, signature, method, f"{awaited}{call_old}"
    )
    return Dispatch(in_shim, hook)


def _hook(
    written: tuple[str, str | None, str],
    names: tuple[str, str],
    signature: Signature,
    method: ast.FunctionDef | ast.AsyncFunctionDef,
    call_old: str,
) -> tuple[str, ...]:
    """``__init_subclass__``: a subclass that overrides ``old`` and not ``new`` gets a ``new``
    that calls its ``old``, typed like the method, its ``self`` annotated with the class
    whatever the method's (so that the index proves its call of ``old`` is the method's and
    deprecate does not wait for it as for a receiver of unknown type), or ``Any`` for a generic
    class (a bare generic is an error to ``mypy --strict``); set with ``setattr``, which type
    checkers do not hold against a method (``written``: how ``self`` is annotated, the return
    annotation, the ``noqa`` that ``setattr`` needs; ``signature``: the new one, as the
    forwarder can annotate it)."""
    old, new = names
    annotation, returned, noqa = written
    params = signature.params
    if params[0].annotation is None and annotation:
        params = (Param(params[0].name, params[0].kind, None, annotation), *params[1:])
    returns = f" -> {returned}" if returned else ""
    is_async = "async " if isinstance(method, ast.AsyncFunctionDef) else ""
    return (
        "def __init_subclass__(cls, **kwargs: object) -> None:",
        '    """Deprecated: a subclass overriding only the old name gets the new one.',
        "",
        f"    Such a subclass's {new} calls its {old}.",
        '    """',
        "    super().__init_subclass__(**kwargs)",
        f'    if "{old}" in vars(cls) and "{new}" not in vars(cls):',
        f"        {MARK.format(new=new)}",
        "",
        f"        {is_async}def {new}({', '.join(Signature(params).as_written())}){returns}:",
        f"            return {call_old}",
        "",
        f'        setattr(cls, "{new}", {new}){noqa}',
    )


def _type_params(cls: ast.ClassDef, typing: Typing) -> list[str]:
    """The type variables a generic class takes (in its bases' subscripts), in order."""
    return list(
        dict.fromkeys(
            n.id
            for base in cls.bases
            if isinstance(base, ast.Subscript)
            for n in ast.walk(base.slice)
            if isinstance(n, ast.Name) and n.id in typing.type_vars
        )
    )


def _generalized(type_params: list[str], anything: str) -> Callable[[Param], Param]:
    """A parameter as the forwarder, a function defined in ``__init_subclass__``, can annotate
    it: an annotation that names the class's type variables or ``Self`` (which mean nothing
    there) becomes ``anything``: ``Any`` as the module spells it (the value goes on to the
    old method, which wants what the variable stood for), else ``object``."""
    bound = {*type_params, "Self"}

    def general(param: Param) -> Param:
        if param.annotation is None:
            return param
        try:
            names = {
                n.attr if isinstance(n, ast.Attribute) else n.id
                for n in ast.walk(ast.parse(param.annotation, mode="eval"))
                if isinstance(n, (ast.Name, ast.Attribute))
            }
        except SyntaxError:
            return param
        if not names & bound:
            return param
        return Param(param.name, param.kind, param.default, anything)

    return general


def _unparsed(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)


def _instance_type(cls: ast.ClassDef, typing: Typing) -> str:
    """How an instance of ``cls`` is annotated: its name, with ``Any`` for each of its type
    parameters when it is generic (``Registry[Any]``: a bare generic is an error to ``mypy
    --strict``); "" when the module cannot spell ``Any`` for that."""
    params = _type_params(cls, typing)
    if not params:
        return cls.name
    if typing.any_name is None:
        return ""
    return f"{cls.name}[{', '.join(typing.any_name for _ in params)}]"


def _slotted(cls: ast.ClassDef) -> bool:
    """Whether a decorator makes the class anew (``@dataclass(slots=True)``, attrs' ``define``,
    ``frozen``, ``mutable``, ``attr.s(slots=True)``): a ``super()`` written in its body would
    name the class it replaced, and fail."""
    for decorator in cls.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = ast.unparse(target).rpartition(".")[2]
        if name in ("define", "frozen", "mutable"):
            return True
        if isinstance(decorator, ast.Call) and any(
            k.arg == "slots" and not (isinstance(k.value, ast.Constant) and not k.value.value)
            for k in decorator.keywords
        ):
            return True
    return False


def _first(signature: Signature) -> str:
    """The name of a method's ``self``."""
    return signature.params[0].name


def _defines(cls: ast.ClassDef, name: str) -> bool:
    return any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name for s in cls.body
    )
