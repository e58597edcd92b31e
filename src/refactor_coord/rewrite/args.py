"""Typed codemod arguments: each codemod declares a frozen dataclass ``Args``; a plan stores its
arguments as plain data, and :func:`parse_args` checks that data against the type, reporting
every problem at once.

Field types a codemod may use: ``str``, ``bool``, ``int``, ``tuple[str, ...]``, and any of
these ``| None``. A field with a default may be left out of the plan.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from refactor_coord.domain.plan import ArgValue

_Args = TypeVar("_Args")


@dataclasses.dataclass(frozen=True, slots=True)
class BadArgs:
    """Plan data that does not fit a codemod's ``Args``: every problem, one line each."""

    problems: tuple[str, ...]


def parse_args(cls: type[_Args], given: Mapping[str, object]) -> _Args | BadArgs:
    """``cls`` built from ``given``, or every way ``given`` does not fit it."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    problems = [f"unknown argument '{name}'" for name in sorted(set(given) - set(fields))]
    values: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in given:
            if (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            ):
                problems.append(f"argument '{name}' is missing")
            continue
        value = _fit(given[name], hints[name])
        if value is _NO_FIT:
            wanted = _describe(hints[name])
            problems.append(f"argument '{name}' must be {wanted}, not {given[name]!r}")
        else:
            values[name] = value
    return BadArgs(tuple(problems)) if problems else cls(**values)


def args_data(args: object) -> tuple[tuple[str, ArgValue], ...]:
    """An ``Args`` instance as the (name, value) pairs a plan stores, in field order."""
    return tuple((f.name, getattr(args, f.name)) for f in dataclasses.fields(args))  # type: ignore[arg-type]


_NO_FIT = object()


def _fit(value: object, hint: object) -> object:
    """``value`` as the type ``hint`` wants (a JSON list becomes a tuple), else ``_NO_FIT``."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for option in options:
        if option is type(None) and value is None:
            return None
        if option in (str, int) and type(value) is option:
            return value
        if option is bool and isinstance(value, bool):
            return value
        if (
            typing.get_origin(option) is tuple
            and isinstance(value, (list, tuple))
            and all(isinstance(item, str) for item in value)
        ):
            return tuple(value)
    return _NO_FIT


def _describe(hint: object) -> str:
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    names = {str: "a string", bool: "true or false", int: "a whole number", type(None): "null"}
    return " or ".join(names.get(option, "a list of strings") for option in options)
