"""A refactoring pattern as ``apply`` sees it: the codemods that carry out its phases, and what
the engine must ask of it (which old names must be gone, which package's version gates the
contract step). ``apply`` holds no knowledge of any one pattern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from refactor_coord.rewrite.step import StepCodemod

#: module name -> its text (None: not a module of the repository)
ReadModule = Callable[[str], str | None]


class Pattern:
    """Base of every pattern. ``KIND`` is the ``kind`` of a ``[[refactor]]`` table; each codemod
    in ``CODEMODS`` has the id ``<KIND>.<phase>``."""

    KIND: ClassVar[str] = ""
    CODEMODS: ClassVar[tuple[type[StepCodemod[Any]], ...]] = ()

    def old_names(self, args: Any, read_module: ReadModule) -> list[str]:
        """The qualified names the refactoring replaces (``args``: any of its codemods' Args):
        a migrate step's sites must not refer to them afterwards, and the contract step waits
        until nothing outside its own files does."""
        raise NotImplementedError

    def names_gone(self, args: Any) -> list[str]:
        """The old names whose last part stops existing in their module at contract (a rename;
        a move keeps the name, elsewhere): a string that is exactly one of them may be code
        reading it by name, which the index cannot follow, so it is left for review."""
        del args
        return []

    def released_module(self, args: Any) -> str:
        """The module whose project's version must reach ``remove_in`` before contract."""
        raise NotImplementedError
