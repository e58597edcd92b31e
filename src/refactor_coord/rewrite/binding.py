"""Argument binding, by Python's rules: which parameter each argument of a call fills under an
old signature, and how to write the same call for a new signature (parameters renamed,
reordered, made keyword-only or positional-only, given defaults) so that every value reaches
the same parameter and the argument expressions still run in the order they were written.

Pure: signatures and calls come in as text or ``ast``, the rewritten arguments go out as
:class:`Arg` values; a call that cannot be rewritten with certainty is :class:`Refused` with the
reason (a codemod then lists it for review)."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from refactor_coord.rewrite.outcome import Refused

Kind = Literal["posonly", "either", "varargs", "kwonly", "varkw"]
_POSITIONAL: tuple[Kind, ...] = ("posonly", "either")
_BY_KEYWORD: tuple[Kind, ...] = ("either", "kwonly")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: its kind, and its default's and annotation's source (None: none)."""

    name: str
    kind: Kind
    default: str | None = None
    annotation: str | None = None

    @property
    def required(self) -> bool:
        """A value must be passed (not a default, not ``*args``/``**kwargs``)."""
        return self.default is None and self.kind not in ("varargs", "varkw")


@dataclass(frozen=True, slots=True)
class Signature:
    """A function's parameters, in order."""

    params: tuple[Param, ...]

    @classmethod
    def parse(cls, text: str) -> Signature | Refused:
        """``"(url, *, timeout_s=10.0)"``, as written after a ``def`` name."""
        try:
            tree = ast.parse(f"def _{text.strip()}: pass")
        except SyntaxError as error:
            return Refused(f"not a signature: {text!r} ({error.msg})")
        function = tree.body[0]
        assert isinstance(function, ast.FunctionDef)
        return cls.of(function.args)

    @classmethod
    def of(cls, args: ast.arguments) -> Signature:
        """The signature of a parsed ``def`` or ``lambda``."""
        plain = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(plain) - len(args.defaults))
        defaults += args.defaults
        params = [
            _param(a, "posonly" if i < len(args.posonlyargs) else "either", d)
            for i, (a, d) in enumerate(zip(plain, defaults, strict=True))
        ]
        if args.vararg is not None:
            params.append(_param(args.vararg, "varargs", None))
        params += [
            _param(a, "kwonly", d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
        ]
        if args.kwarg is not None:
            params.append(_param(args.kwarg, "varkw", None))
        return cls(tuple(params))

    def named(self, name: str) -> Param | None:
        """The parameter called ``name`` (not ``*args``/``**kwargs``), if any."""
        return next(
            (p for p in self.params if p.name == name and p.kind not in ("varargs", "varkw")),
            None,
        )

    def of_kind(self, *kinds: Kind) -> list[Param]:
        """The parameters of those kinds, in order."""
        return [p for p in self.params if p.kind in kinds]

    def as_written(self) -> list[str]:
        """Each parameter as written in a def (``/`` and a bare ``*`` as items of their own)."""
        items: list[str] = []
        kinds = [p.kind for p in self.params]
        for i, p in enumerate(self.params):
            if (
                p.kind == "kwonly"
                and "varargs" not in kinds
                and (i == 0 or kinds[i - 1] != "kwonly")
            ):
                items.append("*")
            star = "*" if p.kind == "varargs" else "**" if p.kind == "varkw" else ""
            annotation = f": {p.annotation}" if p.annotation else ""
            default = (f" = {p.default}" if p.annotation else f"={p.default}") if p.default else ""
            items.append(f"{star}{p.name}{annotation}{default}")
            if p.kind == "posonly" and (i + 1 == len(kinds) or kinds[i + 1] != "posonly"):
                items.append("/")
        return items

    def without_first(self) -> Signature:
        """As called through an instance or a class: ``self`` / ``cls`` already bound."""
        return Signature(self.params[1:])


def _param(arg: ast.arg, kind: Kind, default: ast.expr | None) -> Param:
    annotation = ast.unparse(arg.annotation) if arg.annotation is not None else None
    return Param(arg.arg, kind, ast.unparse(default) if default is not None else None, annotation)


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument of a call as written: ``keyword=text``, ``text``, ``*text`` or
    ``**text``."""

    text: str
    keyword: str | None = None
    star: Literal["", "*", "**"] = ""

    def code(self) -> str:
        """The argument's source."""
        return f"{self.keyword}={self.text}" if self.keyword else f"{self.star}{self.text}"


@dataclass(frozen=True, slots=True)
class Change:
    """From the ``old`` signature to the ``new`` one; ``renames``: old parameter name -> new."""

    old: Signature
    new: Signature
    renames: Mapping[str, str] = field(default_factory=dict)

    def new_name(self, old_name: str) -> str:
        """What a parameter of the old signature is called in the new one."""
        return self.renames.get(old_name, old_name)

    def keeps_binding(self) -> bool:
        """Every call binds the same way under both signatures (only the callee's name may
        change): any call, ``*args`` and ``**kwargs`` included, can stay as it is."""
        return not self.renames and self.old.params == self.new.params

    def problems(self) -> list[str]:
        """Why the change cannot be carried out by forwarding old calls to the new signature."""
        found: list[str] = []
        unknown = sorted(set(self.renames) - {p.name for p in self.old.params})
        found += [f"rename_params: the old signature has no parameter '{n}'" for n in unknown]
        mapped = {self.new_name(p.name) for p in self.old.params}
        for param in self.old.params:
            target = self.new.named(self.new_name(param.name))
            if param.kind in ("varargs", "varkw"):
                if not self.new.of_kind(param.kind):
                    star = "*" if param.kind == "varargs" else "**"
                    found.append(f"the new signature drops {star}{param.name}")
            elif target is None:
                found.append(
                    f"parameter '{param.name}' has no counterpart in the new signature "
                    "(rename it with rename_params, or keep it)"
                )
        names = [self.new_name(p.name) for p in self.old.params]
        found += [
            f"two parameters would be called '{n}'"
            for n in sorted({n for n in names if names.count(n) > 1})
        ]
        for param in self.old.params:
            target = self.new.named(self.new_name(param.name))
            if target is not None and _default_changes(param.default, target.default):
                found.append(
                    f"parameter '{param.name}' changes its default ({param.default} -> "
                    f"{target.default}): calls that leave it out would change; keep the default"
                )
        for param in self.new.params:
            if param.required and param.name not in mapped:
                found.append(
                    f"new parameter '{param.name}' has no default, so old calls cannot fill it"
                )
        forwarded = forwarding_args(self) if not found else ()
        return found + ([forwarded.reason] if isinstance(forwarded, Refused) else [])


def rebind(change: Change, args: Sequence[Arg]) -> tuple[Arg, ...] | Refused:
    """The arguments of a call of the old signature, written for the new one: each value fills
    the same parameter, and the expressions keep their order. A call passing ``*args`` or
    ``**kwargs`` is rewritten only where their values fill the same parameters whatever they
    hold (``f(x, **options)`` when parameters are made keyword-only, not renamed)."""
    if change.keeps_binding():
        return tuple(args)
    unknown = _unknown_contents(change, args)
    if unknown is not None:
        return unknown
    if any(a.star == "*" for a in args):
        return _keywords_renamed(change, args)
    bound = _bind(change.old, args)
    if isinstance(bound, Refused):
        return bound
    return _write(change, args, bound)


def _unknown_contents(change: Change, args: Sequence[Arg]) -> Refused | None:
    """Why the values of the call's ``*args`` or ``**kwargs``, whose contents are not known,
    could fill other parameters under the new signature; None when they fill the same ones
    whatever they hold: ``*args`` when the positional parameters keep their order (renamed or
    not), ``**kwargs`` when the parameters taken by name keep their names, and in both cases
    when the signature keeps, or keeps away, the ``*rest``/``**rest`` parameter that takes the
    values no other parameter does."""
    old, new = change.old, change.new
    if any(a.star == "*" for a in args) and (
        [change.new_name(p.name) for p in old.of_kind(*_POSITIONAL)]
        != [p.name for p in new.of_kind(*_POSITIONAL)]
        or bool(old.of_kind("varargs")) != bool(new.of_kind("varargs"))
    ):
        return Refused(
            "the call passes *args, and the new signature does not keep the positional "
            "parameters in their order, so which ones its values fill could change"
        )
    by_name = {p.name for p in old.of_kind(*_BY_KEYWORD)}
    if any(a.star == "**" for a in args) and (
        any(change.new_name(n) != n for n in by_name)
        or by_name != {p.name for p in new.of_kind(*_BY_KEYWORD)}
        or bool(old.of_kind("varkw")) != bool(new.of_kind("varkw"))
    ):
        return Refused(
            "the call passes **kwargs, and the new signature does not take the same names by "
            "keyword, so which parameters its keys fill could change"
        )
    return None


def _keywords_renamed(change: Change, args: Sequence[Arg]) -> tuple[Arg, ...] | Refused:
    """A call with ``*args``, where the positional parameters keep their order: every
    positional argument fills what it did, each keyword argument is renamed with its
    parameter."""
    out: list[Arg] = []
    for arg in args:
        if arg.keyword is None:
            out.append(arg)
            continue
        param = change.old.named(arg.keyword)
        if param is None or param.kind not in _BY_KEYWORD:  # into **rest, before and after
            named = change.new.named(arg.keyword)
            if named is not None and named.kind in _BY_KEYWORD:
                return Refused(
                    f"'{arg.keyword}' went into **{_varkw(change.old)} and would now fill a "
                    "parameter"
                )
            out.append(arg)
            continue
        target = change.new.named(change.new_name(param.name))
        if target is None or target.kind not in _BY_KEYWORD:
            return Refused(f"'{param.name}' can no longer be passed by name")
        out.append(replace(arg, keyword=target.name))
    return tuple(out)


_MAPPING = "?**"


@dataclass(frozen=True, slots=True)
class _Bound:
    """Under the old signature: the parameter each argument fills (in the call's order), and
    the positional arguments ``*args`` took."""

    #: (argument, old parameter name, or "*" / "**" for ``*rest``/``**rest``, or "?**" for a
    #: ``**mapping`` of the call)
    filled: tuple[tuple[Arg, str], ...]


def _bind(old: Signature, args: Sequence[Arg]) -> _Bound | Refused:
    positional = old.of_kind(*_POSITIONAL)
    varargs, varkw = bool(old.of_kind("varargs")), bool(old.of_kind("varkw"))
    filled: list[tuple[Arg, str]] = []
    taken: set[str] = set()
    position = 0
    for arg in args:
        if arg.star == "**":  # its keys fill what they name, as they did: _unknown_contents
            filled.append((arg, _MAPPING))
            continue
        if arg.keyword is None:
            if position < len(positional):
                name = positional[position].name
            elif varargs:
                name = "*"
            else:
                return Refused("the call passes more positional arguments than the old signature")
            position += 1
        else:
            param = old.named(arg.keyword)
            if param is not None and param.kind in _BY_KEYWORD:
                name = param.name
            elif varkw:
                name = "**"
            else:
                return Refused(
                    f"the old signature has no parameter '{arg.keyword}' to pass by name"
                )
        if name in taken and name not in ("*", "**"):
            return Refused(f"the call passes '{name}' twice")
        taken.add(name)
        filled.append((arg, name))
    missing = [p.name for p in old.params if p.required and p.name not in taken]
    if missing and not any(a.star == "**" for a in args):
        return Refused(f"the call does not pass {', '.join(missing)}: it fails already")
    return _Bound(tuple(filled))


def _write(change: Change, args: Sequence[Arg], bound: _Bound) -> tuple[Arg, ...] | Refused:
    """The arguments in the call's order; a prefix stays positional while it fills the new
    signature's positional parameters in order, the rest is passed by name."""
    positional = [p.name for p in change.new.of_kind(*_POSITIONAL)]
    out: list[Arg] = []
    placed = 0  # positional parameters of the new signature filled in order so far
    prefix = True
    for arg, old_name in bound.filled:
        if old_name == _MAPPING:  # only keyword arguments follow it
            out.append(arg)
            prefix = False
            continue
        if old_name in ("*", "**"):
            if old_name == "*" and not (prefix and placed == len(positional)):
                return Refused("values that *args took would move to other parameters")
            named = change.new.named(arg.keyword) if arg.keyword else None
            if named is not None and named.kind in _BY_KEYWORD:
                return Refused(
                    f"'{arg.keyword}' went into **{_varkw(change.old)} and would now fill a "
                    "parameter"
                )
            prefix = prefix and old_name == "*"  # a keyword in the call: no positional after it
            out.append(arg)
            continue
        name = change.new_name(old_name)
        param = change.new.named(name)
        if param is None:
            return Refused(f"parameter '{old_name}' is not in the new signature")
        in_place = placed < len(positional) and positional[placed] == name
        # a positional argument stays positional while it can; a keyword one only turns
        # positional when the new signature makes its parameter positional-only
        if prefix and in_place and (arg.keyword is None or param.kind == "posonly"):
            out.append(replace(arg, keyword=None))
            placed += 1
            continue
        prefix = False
        if param.kind == "posonly":
            return Refused(f"'{name}' becomes positional-only and cannot be passed in its place")
        out.append(replace(arg, keyword=name, star=""))
    return tuple(out)


def _default_changes(old: str | None, new: str | None) -> bool:
    """Whether a parameter keeps a default but a different one (literals compared by value:
    ``10`` and ``10.0`` are the same default)."""
    if old is None or new is None or old == new:
        return False
    try:
        return bool(ast.literal_eval(old) != ast.literal_eval(new))
    except (ValueError, SyntaxError):
        return True


def _varkw(signature: Signature) -> str:
    return next((p.name for p in signature.of_kind("varkw")), "kwargs")


def forwarding_args(change: Change, *, skip_first: bool = False) -> tuple[Arg, ...] | Refused:
    """The arguments a shim with the old signature passes on to the new function: each of its
    parameters, positionally while they fill the new positional parameters in order, else by
    name; ``*args`` and ``**kwargs`` passed on as such. ``skip_first``: ``self``/``cls``,
    which the shim passes as the receiver instead."""
    old = change.old.without_first() if skip_first else change.old
    new = change.new.without_first() if skip_first else change.new
    plain = [
        Arg(p.name) if p.kind in _POSITIONAL else Arg(p.name, p.name)
        for p in old.params
        if p.kind not in ("varargs", "varkw")
    ]
    written = rebind(Change(old, new, change.renames), plain)
    if isinstance(written, Refused):
        return written
    prefix = [a for a in written if a.keyword is None]
    rest = list(written[len(prefix) :])
    for param in old.of_kind("varargs"):
        if len(prefix) != len(new.of_kind(*_POSITIONAL)):
            return Refused(
                f"*{param.name} would fill other parameters than before: keep the positional "
                "parameters before it in their order"
            )
        prefix.append(Arg(param.name, None, "*"))
    rest += [Arg(p.name, None, "**") for p in old.of_kind("varkw")]
    return (*prefix, *rest)
