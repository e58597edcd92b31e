"""change-api: rename a function or method and/or change its signature, the old name forwarding
to the new one by Python's binding rules until the contract step.

expand (:mod:`.expand`), migrate (:mod:`.migrate`), a method's calls and what binds it
(:mod:`.methods`), its overrides (:mod:`.overrides`) and the subclasses outside the repository
(:mod:`.dispatch`), the shim's later life (:mod:`.shim`), the step codemods and their arguments
(:mod:`.steps`). Built so far for functions at the top of a module and methods of classes
there; classes and moves to another module are refused with that reason.
"""

from __future__ import annotations

from refactor_coord.rewrite.pattern import Pattern, ReadModule
from refcoord_codemods.change_api.steps import (
    ChangeArgs,
    ChangeContract,
    ChangeDeprecate,
    ChangeExpand,
    ChangeMigrate,
)


class ChangeApi(Pattern):
    """Rename a function or method and/or change its signature."""

    KIND = "change-api"
    CODEMODS = (ChangeExpand, ChangeMigrate, ChangeDeprecate, ChangeContract)

    def old_names(self, args: ChangeArgs, read_module: ReadModule) -> list[str]:
        """The old qualified name."""
        del read_module
        return [args.old]

    def names_gone(self, args: ChangeArgs) -> list[str]:
        """The old name, when renamed: it is gone from its module at contract."""
        return [args.old] if args.new != args.old else []

    def released_module(self, args: ChangeArgs) -> str:
        return args.old.rpartition(".")[0]


PATTERN = ChangeApi()
