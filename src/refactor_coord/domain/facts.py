"""Frozen value objects describing what the index knows about a repository."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

Confidence = Literal["high", "medium", "low"]
_CONFIDENCE_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


def weaker_confidence(a: str, b: str) -> str:
    """The less certain of two confidences."""
    return a if _CONFIDENCE_ORDER[a] >= _CONFIDENCE_ORDER[b] else b


class RefKind(str, Enum):
    """How a place refers to a symbol."""

    IMPORT = "import"  #: an import statement names it
    CALL = "call"  #: it is called
    NAME = "name"  #: used as a value: a callback, a dict entry, a default argument
    #: bound to a local that is only called (``enword = p.enword``; each call through it is a
    #: reference too, of kind call): :mod:`.call_aliases`
    ALIAS = "alias"
    ATTRIBUTE = "attribute"  #: an attribute of it is read (``mod.CONST.upper``)
    DECORATOR = "decorator"  #: used as a decorator
    BASE = "base"  #: used as a base class
    ANNOTATION = "annotation"  #: in a type annotation (also a string annotation)
    STRING = "string"  #: a dotted-path string literal names it (``mock.patch("a.b.c")``)
    EXPORT = "export"  #: listed in a module's ``__all__``
    ASSIGN = "assign"  #: assigned or patched from outside (``mod.name = v``, ``setattr``)
    DYNAMIC = "dynamic"  #: reached dynamically (``getattr(mod, "name")``, ``mod.__dict__``)


@dataclass(frozen=True, slots=True)
class CallShape:
    """The argument shape of a call site."""

    positional: int
    keywords: tuple[str, ...]
    star: bool
    double_star: bool

    def render(self) -> str:
        """Render as ``(2, timeout=, *args, **kwargs)``."""
        parts = [str(self.positional)] if self.positional else []
        parts += [f"{k}=" for k in self.keywords]
        parts += ["*args"] if self.star else []
        parts += ["**kwargs"] if self.double_star else []
        return "(" + ", ".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class Reference:
    """One place in the repository that refers to a symbol or module."""

    target: str  #: fully qualified name after following imports and re-exports
    written: str  #: the qualified name as the code spells it before re-exports are followed
    path: str  #: repository-relative POSIX path
    line: int  #: 1-based
    col: int  #: 1-based, in characters
    kind: RefKind
    confidence: Confidence
    reason: str  #: why the confidence is not high, or how it was resolved
    scope: str  #: qualified name of the enclosing function, class or module
    shape: CallShape | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    """A module, class, function, method or module-level variable."""

    qname: str
    kind: str  #: module | class | function | method | variable | attribute
    path: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class FileIssue:
    """A file that was skipped or could not be parsed, and why."""

    path: str
    status: Literal["skipped", "failed"]
    reason: str


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What ``refcoord index`` reports."""

    files: int
    modules: int
    definitions: int
    references: int
    parsed: int  #: files parsed in this run
    cache_hits: int  #: files whose facts came from the cache
    unchanged: int  #: files not even read (size and mtime unchanged)
    resolved_files: int  #: files whose references were resolved again in this run
    issues: tuple[FileIssue, ...]
    seconds: float
    workers: int
    cycles: tuple[tuple[str, ...], ...]  #: groups of first-party modules that import each other
    notes: tuple[str, ...] = ()  #: things the user should know (a cache that had to be rebuilt)

    @property
    def skipped(self) -> int:
        """How many files were skipped (generated, duplicate module names, ...)."""
        return sum(1 for i in self.issues if i.status == "skipped")

    @property
    def failed(self) -> int:
        """How many files could not be parsed."""
        return sum(1 for i in self.issues if i.status == "failed")
