"""Rollback notes per phase: how to undo a step, what must go first, when there is no way back."""

from __future__ import annotations

from refactor_coord.domain.plan import Rollback

_EXPAND_NOTES = {
    "extract-module": (
        "reverting moves the definitions back into the old module and drops the shim; first "
        "revert the steps that build on it, since they use the new location"
    ),
    "change-api": (
        "reverting restores the old definition in place of its forwarding shim; first revert "
        "the steps that build on it, since they use the new name"
    ),
    "replace-dependency": (
        "purely additive: nothing outside the new code depends on it until migrate steps land"
    ),
}


def rollback_for(
    number: int,
    phase: str,
    kind: str,
    flag: str | None,
    dependents: tuple[int, ...],
    public: bool,
) -> Rollback:
    """How to undo step ``number`` of ``phase``; ``dependents`` are the steps that build on it."""
    first = dependents
    revert = f"revert the step's commit (`refcoord rollback step {number}`)"
    if phase == "expand":
        return Rollback(
            revert,
            first,
            False,
            _EXPAND_NOTES[kind],
        )
    if phase == "migrate":
        return Rollback(
            revert,
            (),
            False,
            "independent of the other migrate steps: "
            + (
                f"the old dependency stays in use until {flag} is flipped"
                if kind == "replace-dependency"
                else "the old location keeps serving through the shim"
            ),
        )
    if phase == "deprecate":
        return Rollback(
            revert,
            first,
            False,
            "the old name stops warning again; no caller changes",
        )
    if phase == "flip":
        return Rollback(
            f"set {flag}=old (or {revert})",
            first,
            False,
            "no code revert needed: the old backend is still there",
        )
    note = (
        "external users of the old name break once this is released; reverting restores it for "
        "later releases only"
        if public
        else "reverting restores the old name"
    )
    if kind == "replace-dependency":
        note = (
            "the old backend, the flag and the old dependency are gone; reverting brings them back"
        )
    return Rollback(revert, first, public or kind == "replace-dependency", note)
