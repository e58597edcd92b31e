"""change-api on a method: the overrides in the repository's subclasses, renamed and re-signed
with it (the plan finds them in the index and names them in ``ChangeArgs.overrides``). No shim
of their own as a rule: the base class's forwards calls of the old name to ``self.<new>``,
which reaches them. Text in, text or :class:`Refused` out."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from refactor_coord.rewrite.binding import Change, Param, Signature
from refactor_coord.rewrite.cst_tools import attach, detach
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit
from refactor_coord.rewrite.references import Reference
from refactor_coord.rewrite.scope import parsed
from refcoord_codemods.change_api.expand import (
    Found,
    change_of,
    find_method,
    rewritten_def,
    shim_of,
)
from refcoord_codemods.change_api.migrate import reference_edits


def override_renamed(
    source: str,
    owner: str,
    names: tuple[str, str],
    configured: tuple[str | None, Mapping[str, str]],
    base: Change,
    width: int = 88,
) -> str | Refused:
    """``source`` with the method of the top-level class ``owner`` that overrides the changed
    one renamed and re-signed like it (``names``: old and new; ``configured``: the signature
    and ``rename_params`` as the configuration gives them; ``base``: the overridden method's
    change), parameters renamed in its body too. Its signature changes as the base's does
    (:func:`_override_change`). The base class's shim forwards calls of the old name to
    ``self.<new>``, which reaches this one; an override that takes parameters the base does
    not gets a shim of its own, so that calls of the old name passing them still bind
    (``width``: the project's line length, for its docstring)."""
    old, new = names
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    found = find_method(tree, owner, old, new)
    if isinstance(found, Refused):
        return Refused(f"the override {owner}.{old}: {found.reason}")
    change = _override_change(found, base, dict(configured[1]))
    if isinstance(change, Refused):
        return Refused(f"the override {owner}.{old}: {change.reason}")
    if _takes_anything(change.old):
        edits = _passed_on(found.implementation, old, new)
    else:
        supers = _super_calls(found.implementation, names, base, text.splitlines())
        if isinstance(supers, Refused):
            return Refused(f"the override {owner}.{old}: {supers.reason}")
        edits = supers
    added = ""
    if not _takes_anything(change.old) and _shape(change.old) != _shape(base.old):
        # it takes more than the base's: calls of the old name with those reach it here
        lines = text.splitlines(keepends=True)
        shim = shim_of(found, lines, new, change, (None, ""), width, dispatch=None)
        if isinstance(shim, Refused):
            return Refused(f"the override {owner}.{old}: {shim.reason}")
        added = "\n" + shim
    renamed = rewritten_def(text, found, names, change, edits, added, width)
    if isinstance(renamed, Refused):
        return Refused(f"the override {owner}.{old}: {renamed.reason}")
    return attach(renamed, form)


def _override_change(found: Found, base: Change, renames: dict[str, str]) -> Change | Refused:
    """How an override's signature changes with the base's: renamed parameters renamed; when the
    binding changes, the base's new parameters, the override's own annotations and defaults
    kept, then the parameters the override adds to the base's (each with a default; made
    keyword-only where the base's new ones end so). An override that takes anything
    (``self, *args, **kwargs``) keeps its parameters."""
    own = Signature.of(found.implementation.args)
    if base.keeps_binding() or _takes_anything(own):
        return change_of(found, None, {} if _takes_anything(own) else renames)
    core, extras = own.params[: len(base.old.params)], own.params[len(base.old.params) :]
    if _shape(Signature(core)) != _shape(base.old) or any(
        p.kind in ("posonly", "varargs") or (p.kind == "either" and p.default is None)
        for p in extras
    ):
        return Refused(
            "it takes other parameters than the method it overrides (beyond added ones with "
            "defaults): give it the same ones by hand first"
        )
    mine = {renames.get(p.name, p.name): p for p in core}
    params = [
        Param(
            p.name,
            p.kind,
            mine[p.name].default if p.name in mine and mine[p.name].default else p.default,
            mine[p.name].annotation if p.name in mine else None,
        )
        for p in base.new.params
    ]
    keyword_only = any(p.kind in ("kwonly", "varargs") for p in params)
    params += [
        Param(p.name, "kwonly", p.default, p.annotation)
        if keyword_only and p.kind == "either"
        else p
        for p in extras
    ]
    change = Change(own, Signature(tuple(params)), renames)
    problems = change.problems()
    return Refused("; ".join(problems)) if problems else change


def _super_calls(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    names: tuple[str, str],
    base: Change,
    lines: Sequence[str],
) -> list[Edit] | Refused:
    """An override's ``super().<old>(...)`` calls the index left (it could not place the class's
    bases) pointed at the new name, arguments rebound by the base's change: renamed, the
    override would otherwise reach the base's shim, which calls it back, for ever."""
    old, new = names
    bound = Change(base.old.without_first(), base.new.without_first(), base.renames)
    edits: list[Edit] = []
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        func = call.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr == old
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == "super"
            and func.end_col_offset is not None
        ):
            continue
        col = func.end_col_offset - len(old.encode("utf-8"))
        ref = Reference(func, func.end_lineno or func.lineno, col, old, call, None)
        found = reference_edits(ref, bound, new, lines)
        if isinstance(found, Refused):
            return Refused(f"its super().{old}(...) call cannot be rewritten: {found.reason}")
        edits += found
    return edits


def _passed_on(node: ast.FunctionDef | ast.AsyncFunctionDef, old: str, new: str) -> list[Edit]:
    """In an override that takes anything, its calls of the overridden method that pass on what
    it got (``super().old(*args, **kwargs)``, ``Base.old(self, *args, **kwargs)``) renamed: the
    callers of the new name pass it the new signature's arguments, which go on as they came."""
    params = node.args
    assert params.vararg is not None and params.kwarg is not None
    passed = [f"*{params.vararg.arg}", f"**{params.kwarg.arg}"]
    self_name = [*params.posonlyargs, *params.args][0].arg
    edits: list[Edit] = []
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr != old or func.end_col_offset is None:
            continue
        args = [ast.unparse(a) for a in call.args] + [
            f"**{ast.unparse(k.value)}" for k in call.keywords if k.arg is None
        ]
        if len(call.keywords) == 1 and args in (passed, [self_name, *passed]):
            col = func.end_col_offset - len(old.encode("utf-8"))
            edits.append(Edit(func.end_lineno or func.lineno, col, old, new))
    return edits


def _takes_anything(signature: Signature) -> bool:
    """``(self, *args, **kwargs)``: whatever a call passes, it passes on."""
    return [p.kind for p in signature.params[1:]] == ["varargs", "varkw"]


def _shape(signature: Signature) -> list[tuple[str, str, bool]]:
    """What binds a call: each parameter's name, kind and whether it has a default."""
    return [(p.name, p.kind, p.default is not None) for p in signature.params]
