"""change-api: the calls passing ``*args`` or ``**kwargs`` whose values fill the same parameters
under the new signature whatever they hold (``spec.contains(version, **kwargs)`` when the
parameters after ``item`` are made keyword-only): the plan rewrites them, where it would
otherwise leave every such call for review. The verdict is the rewrite kit's own
(:func:`refactor_coord.rewrite.binding.rebind`), so plan and migrate agree."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from refactor_coord.adapters.source_files import read_source_leniently
from refactor_coord.domain.facts import CallShape
from refactor_coord.domain.specs import ChangeApi
from refactor_coord.planning.inputs import RefSite
from refactor_coord.planning.sites import STARS_BIND_ALIKE
from refactor_coord.rewrite.binding import Arg, Change, rebind
from refactor_coord.rewrite.outcome import Refused


def stars_bound_alike(
    repo: Path, spec: ChangeApi, path: str, method: bool, sites: tuple[RefSite, ...]
) -> tuple[RefSite, ...]:
    """``sites``, the calls of the old function, method or class (defined in ``path``) passing
    ``*args``/``**kwargs`` that bind as before given :data:`STARS_BIND_ALIKE` as their reason.
    Calls of a subclass's override keep theirs (its signature is its own)."""
    starred = [s for s in sites if s.target == spec.old and _starred(s.shape)]
    if not starred:
        return sites
    # libcst comes with the codemods: imported only when a plan has such calls
    from refcoord_codemods.change_api.class_signature import planned_class_change
    from refcoord_codemods.change_api.classes import is_class
    from refcoord_codemods.change_api.expand import planned_change
    from refcoord_codemods.change_api.methods import kind_of_method

    source = read_source_leniently(repo / path) or ""
    where, _, leaf = spec.old.rpartition(".")
    owner = where.rpartition(".")[2] if method else None
    renames = dict(spec.rename_params)
    change = (
        planned_class_change(source, leaf, spec.signature, renames)
        if owner is None and is_class(source, leaf)
        else planned_change(source, leaf, owner, spec.signature, renames)
    )
    if isinstance(change, Refused):
        return sites
    kind = kind_of_method(source, owner, leaf) if owner is not None else None
    alike = {
        (s.path, s.line, s.col)
        for s in starred
        if s.shape is not None
        and not isinstance(rebind(_as_called(change, kind, s), _args(s.shape)), Refused)
    }
    return tuple(
        replace(s, reason=STARS_BIND_ALIKE) if (s.path, s.line, s.col) in alike else s
        for s in sites
    )


def _starred(shape: CallShape | None) -> bool:
    return shape is not None and (shape.star or shape.double_star)


def _as_called(change: Change, kind: str | None, site: RefSite) -> Change:
    """The change as the call sees it: a class method's, or an instance method's through an
    instance (the index spells it ``Class().m``, jedi ``?.m``; or called on the method's first
    parameter, ``self.m``, or on ``super()``), without ``self``/``cls``."""
    written = site.written
    on_instance = (
        "()." in written
        or written.startswith("?.")
        or re.fullmatch(r"through '\w+'|through super\(\)", site.reason) is not None
    )
    if kind == "classmethod" or (kind == "instance" and on_instance):
        return Change(change.old.without_first(), change.new.without_first(), change.renames)
    return change


def _args(shape: CallShape) -> list[Arg]:
    """Stand-in arguments of the call's shape: its positional values, ``*args``, its keywords,
    ``**kwargs`` (the order Python allows; binding does not depend on more)."""
    args = [Arg(f"_{n}") for n in range(shape.positional)]
    args += [Arg("_args", None, "*")] if shape.star else []
    args += [Arg(f"_{k}", k) for k in shape.keywords]
    return args + ([Arg("_kwargs", None, "**")] if shape.double_star else [])
