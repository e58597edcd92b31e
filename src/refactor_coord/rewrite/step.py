"""Step codemods: what one plan step changes, as files in -> files out (pure).

A plan names a codemod by id (``extract-module.migrate``) with its arguments as data; the
registry (:mod:`refactor_coord.registry`) maps the id to a :class:`StepCodemod`, and the
arguments are checked against the codemod's ``Args`` type when the plan is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from refactor_coord.domain.facts import Reference
from refactor_coord.domain.plan import Step
from refactor_coord.domain.test_runners import TestStyle
from refactor_coord.rewrite.outcome import Refused

if TYPE_CHECKING:
    from refactor_coord.rewrite.cases import Case


@dataclass(frozen=True, slots=True)
class StepInput:
    """What a step codemod gets: the step, and read-only access to the repository's files."""

    step: Step
    campaign: str
    remove_in: str | None
    warn: str  #: after-migrate | at-expand
    read: Callable[[str], str | None]  #: repository path -> text (None: no such file)
    module_of: Callable[[str], tuple[str, bool]]  #: path -> (module, is_package)
    path_of: Callable[[str], str | None]  #: module -> path, for modules of the repository
    #: (qualified name, path) -> whether code outside that file refers to the name (the index)
    used_elsewhere: Callable[[str, str], bool] = lambda qname, path: False
    #: the rule codes the project's linter checks, as the linter itself reports them (ruff's
    #: ``--show-settings``); None: not known, read from the configuration instead
    lint_rules: tuple[str, ...] | None = None
    #: qualified name -> the references the index proves lead to it (high or medium
    #: confidence: a method's calls through receivers of known type), by path and position
    sites: Callable[[str], tuple[Reference, ...]] = lambda qname: ()
    #: qualified names -> those the project's interpreter can import or reach (a library's
    #: ``simplejson.loads``); asked by replace-dependency for a new backend without a recipe
    resolves: Callable[[tuple[str, ...]], frozenset[str]] = lambda names: frozenset()
    #: a top-level import name -> the installed distribution that provides it (``yaml`` ->
    #: ``PyYAML``), as the project's interpreter sees it; None: not installed
    distribution_of: Callable[[str], str | None] = lambda name: None
    #: the style of the test modules a step writes: the project's (``unittest`` when it runs
    #: its tests with unittest, see :func:`refactor_coord.domain.test_runners.style_of_tests`)
    test_style: TestStyle = "pytest"


#: path -> new text, or None to delete the file
StepOutput = dict[str, str | None]


def each_file(
    given: StepInput,
    rewrite: Callable[[str, str], str | Refused],
    paths: Sequence[str] | None = None,
) -> StepOutput | Refused:
    """The step's files (or ``paths`` of them), each through ``rewrite(path, text)``: those
    it changed; Refused, naming the file, as soon as one is missing or refused (a migrate
    step's loop)."""
    out: StepOutput = {}
    for path in given.step.files if paths is None else paths:
        text = given.read(path)
        if text is None:
            return Refused(f"{path} does not exist")
        new = rewrite(path, text)
        if isinstance(new, Refused):
            return Refused(f"{path}: {new.reason}")
        if new != text:
            out[path] = new
    return out


_Args = TypeVar("_Args")


@dataclass(frozen=True, slots=True)
class NoArgs:
    """The arguments of a codemod that takes none."""


class StepCodemod(Generic[_Args]):
    """Base of every step codemod: an id, a description, its typed arguments, and the change.

    ``Args`` is a frozen dataclass (see :mod:`refactor_coord.rewrite.args`); ``apply`` gets an
    instance built from the plan's data."""

    ID: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    Args: ClassVar[type[Any]] = NoArgs
    #: Each file's new text depends only on that file (and the step's arguments), so the step's
    #: files may be split between processes and the outputs merged.
    PER_FILE: ClassVar[bool] = False
    #: Its before/after cases (:mod:`refactor_coord.rewrite.cases`): the cases, or the name of
    #: the module whose ``CASES`` maps codemod ids to them (imported only when they are run).
    CASES: ClassVar[tuple[Case, ...] | str] = ()

    def apply(self, given: StepInput, args: _Args) -> StepOutput | Refused:
        """The new texts of the files the step changes."""
        raise NotImplementedError
