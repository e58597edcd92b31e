"""What a tech lead is shown: a campaign's progress, the deprecations in the code, their history
and the ratchet's findings, as frozen values (``status``, ``report`` and ``check`` render them).

Every count here is read from the code and git, never from bookkeeping: see
:mod:`refactor_coord.application.progress` for how each is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: a step's state, read from the commit trailers on the current branch ("on its branch": applied
#: on its own step branch, not landed here yet, an open pull request; "done": the plan found
#: nothing left for it to do)
StepState = Literal["planned", "applied", "on its branch", "rolled back", "done"]
#: what stands at a deprecated name: the real code (no step has replaced it yet), a shim that is
#: silent, a shim that warns, or nothing (the contract step removed it)
ShimState = Literal["original", "silent", "warning", "gone"]
#: how the inventory found a deprecation
Mechanism = Literal[
    "warnings.warn",  #: a warning of a deprecation category (or a project subclass of one)
    "@deprecated",  #: PEP 702 (``warnings.deprecated``, ``typing_extensions.deprecated``)
    "Deprecated",  #: the ``Deprecated`` package (``from deprecated import deprecated``)
    "deprecation",  #: the ``deprecation`` package (``@deprecation.deprecated(...)``)
    "decorator",  #: another decorator named ``deprecated`` (often the project's own)
    "docstring",  #: ``.. deprecated::`` in a docstring
]
#: what a deprecation is attached to
DeprecatedKind = Literal[
    "function", "method", "property", "class", "module-attribute", "parameter", "module"
]


@dataclass(frozen=True, slots=True)
class Use:
    """One remaining first-party reference to a deprecated name."""

    name: str  #: the deprecated qualified name it reaches
    path: str  #: repository-relative POSIX path
    line: int  #: 1-based
    col: int  #: 1-based, in characters
    kind: str  #: how it refers (a :class:`~refactor_coord.domain.facts.RefKind` value)
    written: str  #: the name as the code spells it
    package: str  #: the first-party package (or top directory) the file belongs to
    owners: tuple[str, ...]  #: CODEOWNERS owners of the file (empty when nobody owns it)


@dataclass(frozen=True, slots=True)
class StepProgress:
    """One step of the plan and whether the branch's history has it."""

    number: int
    title: str
    phase: str
    refactor: str
    state: StepState
    commit: str | None  #: the commit that applied (or rolled back) it


@dataclass(frozen=True, slots=True)
class NameProgress:
    """One of the campaign's old names: what is left of it."""

    name: str  #: the old qualified name
    replacement: str  #: what its users move to
    refactor: str  #: the refactoring's id
    shim: ShimState
    remove_in: str | None  #: the campaign's removal version
    overdue: bool  #: the project's version has reached ``remove_in`` and the name is not gone
    uses: tuple[Use, ...]  #: sorted by path, line and column
    #: for a method or property: how many uses of an attribute of its name are on receivers
    #: whose type the index cannot tell (maybe callers: ``refcoord refs`` sorts them)
    uncertain: int = 0

    @property
    def remaining(self) -> int:
        """How many first-party references remain."""
        return len(self.uses)


@dataclass(frozen=True, slots=True)
class FlagProgress:
    """A replace-dependency feature flag: whether the code still reads it, and its default."""

    name: str  #: the environment variable
    refactor: str
    alive: bool  #: some first-party code still reads it
    default: str | None  #: the value the code falls back to, when it gives one
    read_at: tuple[str, ...]  #: ``path:line`` of each read
    introduced: bool = True  #: its abstraction layer (the facade) exists or existed

    @property
    def state(self) -> Literal["not yet", "alive", "removed"]:
        """Read by the code ("alive"), not yet there (no facade reads it), or "removed"."""
        if self.alive:
            return "alive"
        return "removed" if self.introduced else "not yet"


@dataclass(frozen=True, slots=True)
class Deprecation:
    """A deprecation the code declares, whether or not refcoord made it."""

    qname: str  #: what is deprecated (for a parameter: the callable's qualified name)
    kind: DeprecatedKind
    mechanism: Mechanism
    category: str  #: the warning class as written (empty when there is none)
    message: str  #: the warning's message or the directive's text (may be shortened)
    path: str
    line: int
    parameter: str | None = None  #: the parameter whose use warns, for kind "parameter"
    remove_in: str | None = None  #: a removal version the declaration states, when it does


@dataclass(frozen=True, slots=True)
class InventoryEntry:
    """A deprecation and the first-party code that still uses it."""

    deprecation: Deprecation
    uses: tuple[Use, ...]
    overdue: bool = False  #: the project's version has reached the removal version it states
    #: for a method or property: uses of an attribute of its name on receivers of unknown type
    uncertain: int = 0

    @property
    def remaining(self) -> int:
        """How many first-party references remain."""
        return len(self.uses)


@dataclass(frozen=True, slots=True)
class Status:
    """What ``refcoord status`` reports."""

    campaign: str
    project_version: str | None  #: and where it was read is in ``notes``
    steps: tuple[StepProgress, ...]  #: empty when there is no plan yet
    next_step: int | None  #: the first planned step whose dependencies are applied
    names: tuple[NameProgress, ...]
    flags: tuple[FlagProgress, ...]
    inventory: tuple[InventoryEntry, ...]
    notes: tuple[str, ...] = ()  #: what the reader should know (no plan yet, a stale plan)

    @property
    def remaining(self) -> int:
        """References remaining to all of the campaign's old names."""
        return sum(n.remaining for n in self.names)


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The remaining references at one commit of the branch's history."""

    commit: str
    date: str  #: the commit's date, ISO 8601
    subject: str  #: the commit message's first line
    remaining: tuple[tuple[str, int], ...]  #: per deprecated name, in the order of the names

    @property
    def total(self) -> int:
        """References remaining to all the names at this commit."""
        return sum(count for _, count in self.remaining)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a change adds that ``refcoord check`` reports: a reference to a deprecated name,
    or (``source`` migration) a squawk finding on an Alembic revision it adds."""

    path: str
    line: int
    col: int
    name: str  #: the deprecated qualified name (a migration's: ``squawk/<rule>``)
    written: str  #: as the code spells it (a migration's: the SQL line squawk points at)
    replacement: str  #: what to use instead ("" when the deprecation names nothing)
    source: Literal["campaign", "inventory", "migration"]
    message: str = ""  #: the deprecation's own message, or squawk's
