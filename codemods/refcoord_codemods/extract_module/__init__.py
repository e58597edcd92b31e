"""extract-module: move top-level symbols to another module behind a PEP 562 shim.

expand (:mod:`.expand`, with :mod:`.source_analysis`, :mod:`.target_module`, :mod:`.star_all`),
migrate (:mod:`.migrate`), deprecate and contract (:mod:`.shim`); the step codemods and their
arguments in :mod:`.steps`, the one-file ones as libcst commands in :mod:`.commands`.
"""

from __future__ import annotations

from refactor_coord.rewrite.pattern import Pattern, ReadModule
from refcoord_codemods.extract_module.pickles import kept_for_pickles
from refcoord_codemods.extract_module.shim import shim_table
from refcoord_codemods.extract_module.steps import (
    ExtractContract,
    ExtractDeprecate,
    ExtractExpand,
    ExtractMigrate,
    MoveArgs,
)


class ExtractModule(Pattern):
    """Move named top-level symbols from a source module to a target module."""

    KIND = "extract-module"
    CODEMODS = (ExtractExpand, ExtractMigrate, ExtractDeprecate, ExtractContract)

    def old_names(self, args: MoveArgs, read_module: ReadModule) -> list[str]:
        """The old locations of everything expand moved, private helpers included (the shim's
        table in the source), else of the refactoring's symbols; not the names the source
        keeps for pickles (they stay there for good)."""
        text = read_module(args.source) or ""
        table = shim_table(text)
        kept = kept_for_pickles(text)
        names = sorted(set(table) - kept) if table else args.symbols
        return [f"{args.source}.{name}" for name in names]

    def released_module(self, args: MoveArgs) -> str:
        return args.source


PATTERN = ExtractModule()
