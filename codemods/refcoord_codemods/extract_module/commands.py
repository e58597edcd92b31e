"""The one-file extract-module codemods as standard libcst ``CodemodCommand``s, so that they also
run under ``python -m libcst.tool codemod`` (with ``-x``) or libcst's own runner. They wrap the
same pure functions the step codemods use. (expand writes two files, so it has no command.)"""

from __future__ import annotations

import argparse

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext, SkipFile

from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.repoint import migrate
from refcoord_codemods.extract_module.shim import contract, deprecate


class _Command(CodemodCommand):
    """Shared plumbing: turn a ``Refused`` into a skipped file with its reason."""

    @staticmethod
    def _result(result: str | Refused) -> cst.Module:
        if isinstance(result, Refused):
            raise SkipFile(result.reason)
        return cst.parse_module(result)


class ExtractMigrateCommand(_Command):
    """Point a file's references to SOURCE.<names> at TARGET, in every import form."""

    DESCRIPTION = (
        "extract-module migrate: rewrite one file's imports and references to moved names."
    )

    def __init__(
        self,
        context: CodemodContext,
        source: str,
        target: str,
        names: list[str],
        is_package: bool = False,
    ) -> None:
        super().__init__(context)
        self.source, self.target, self.names, self.is_package = source, target, names, is_package

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--source", required=True, help="module the names moved out of")
        arg_parser.add_argument("--target", required=True, help="module the names moved to")
        arg_parser.add_argument("--names", required=True, nargs="+", help="the moved names")

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        module = self.context.full_module_name or ""
        return self._result(
            migrate(tree.code, module, self.is_package, self.source, self.target, self.names)
        )


class ExtractDeprecateCommand(_Command):
    """Make a refcoord shim warn (DeprecationWarning naming the new location, stacklevel=2)."""

    DESCRIPTION = "extract-module deprecate: the shim in the source module starts to warn."

    def __init__(self, context: CodemodContext, warning: str = "import it from there") -> None:
        super().__init__(context)
        self.warning = warning

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--warning", default="import it from there", help="advice after the message"
        )

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return self._result(deprecate(tree.code, self.warning))


class ExtractContractCommand(_Command):
    """Remove a refcoord shim and the moved names from ``__all__``."""

    DESCRIPTION = "extract-module contract: remove the shim from the source module."

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return self._result(contract(tree.code))
