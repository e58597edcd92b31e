"""replace-dependency ("branch by abstraction"): the project's uses of an old dependency moved
behind a facade of its own, whose backend a feature flag chooses, then the old one removed.

The facade's names, from the index (:mod:`refactor_coord.domain.surface`); what each is on the
new backend (:mod:`.backends`, from the recipes in :mod:`refactor_coord.domain.recipes`); the
facade module written and read (:mod:`.facade`); importers pointed at it (:mod:`.migrate`); the
step codemods and their arguments (:mod:`.steps`).
"""

from __future__ import annotations

from refactor_coord.rewrite.pattern import Pattern, ReadModule, TestRun
from refcoord_codemods.replace_dependency.steps import (
    ReplaceArgs,
    ReplaceContract,
    ReplaceExpand,
    ReplaceFlip,
    ReplaceMigrate,
)


class ReplaceDependency(Pattern):
    """Replace a dependency with another behind a facade and a feature flag."""

    KIND = "replace-dependency"
    CODEMODS = (ReplaceExpand, ReplaceMigrate, ReplaceFlip, ReplaceContract)

    def old_names(self, args: ReplaceArgs, read_module: ReadModule) -> list[str]:
        """The old dependency: nothing outside the facade may import it at contract."""
        del read_module
        return [args.old]

    def serving_module(self, args: ReplaceArgs) -> str:
        """The facade: code that imports the old dependency's names from it is migrated."""
        return args.facade

    def test_runs(self, args: ReplaceArgs, phase: str) -> tuple[TestRun, ...]:
        """Until flip, the old backend must pass and the new one's result is shown in the PR
        (what differs on it is the flip's business: the last migrate step's red new backend
        is the list of what to fix before it). Flip runs the whole suite on the new default
        and on the old backend (its rollback); after contract there is one backend."""
        old = TestRun(f"old backend, {args.flag}=old", ((args.flag, "old"),))
        new = TestRun(f"new backend, {args.flag}=new", ((args.flag, "new"),), required=False)
        if phase in ("expand", "migrate"):
            return (old, new)
        if phase == "flip":
            default = TestRun(
                f"new backend, the default now ({args.flag} empty)",
                ((args.flag, ""),),
                whole_suite=True,
            )
            rollback = TestRun(f"old backend, the rollback ({args.flag}=old)", old.env)
            return (default, rollback)
        return (TestRun(),)

    def released_module(self, args: ReplaceArgs) -> None:
        """None: the facade stays, so contract takes nothing away from the project's users and
        waits for no release (the flag's rollback ends there, which the plan says)."""
        del args


PATTERN = ReplaceDependency()
