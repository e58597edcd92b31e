"""What the planner is given: plain facts gathered from the index (no disk, no git)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from refactor_coord.domain.config import Campaign
from refactor_coord.domain.facts import CallShape, Reference
from refactor_coord.domain.schema import SchemaInputs
from refactor_coord.domain.specs import Refactor


@dataclass(frozen=True, slots=True)
class RefSite:
    """A reference to one of a refactoring's old names, as the index found it."""

    path: str
    line: int
    col: int
    kind: str
    target: str
    written: str
    confidence: str
    reason: str
    shape: CallShape | None = None


def ref_site(ref: Reference) -> RefSite:
    """The planner's view of an index reference."""
    return RefSite(
        ref.path,
        ref.line,
        ref.col,
        ref.kind.value,
        ref.target,
        ref.written,
        ref.confidence,
        ref.reason,
        ref.shape,
    )


@dataclass(frozen=True, slots=True)
class FileInfo:
    """A file of the repository."""

    path: str
    module: str
    is_test: bool  #: a test module the project's pytest collects (not a helper or conftest.py)
    owners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SymbolStats:
    """How central a touched symbol is."""

    qname: str
    kind: str
    path: str
    fan_in: int  #: distinct functions, classes and modules that refer to it
    #: share of modules whose PageRank is below its module's: 0 (least central) to almost 1
    rank: float
    #: no leading underscore, and exported (``__all__``), re-exported by a package, or in a
    #: module without ``__all__`` and without a private part (PEP 8)
    public: bool


@dataclass(frozen=True, slots=True)
class RefactorInputs:
    """One refactoring and what the index knows about its old names."""

    spec: Refactor
    sites: tuple[RefSite, ...]  #: every reference to the old names outside the definition files
    uncertain: tuple[RefSite, ...]  #: same-named attribute uses on receivers of unknown type
    symbols: tuple[SymbolStats, ...]
    definition_files: tuple[str, ...]  #: files the expand step edits or creates
    #: extract-module: the files that do ``from <source> import *`` (expand then keeps such a star
    #: import bringing the moved names, giving a source without ``__all__`` one)
    star_importers: tuple[str, ...] = ()
    #: extract-module: the files that import a moved name from the source while the source is
    #: still initializing (it imports them, they import it back); expand then binds the moved
    #: names where their definitions stood until the deprecate step
    early_importers: tuple[str, ...] = ()
    #: change-api: the references in the definition files (the expand step rewrites the calls
    #: among them; the rest are its sites for review)
    own_sites: tuple[RefSite, ...] = ()
    #: change-api: the old function's other qualified names, where modules re-export it
    #: (``pkg.old`` for ``pkg/__init__.py``'s ``from .mod import old``): migrate rewrites
    #: references through them too
    reexported_as: tuple[str, ...] = ()
    #: change-api: code reads the old name by name (a string the plan lists for review): the
    #: expand step leaves the defining module's own calls on it, for such a patch to reach
    read_by_name: bool = False
    #: change-api on a method: the methods of subclasses in the repository that override it
    #: (qualified names); expand renames and re-signs them with it, migrate rewrites their calls
    overrides: tuple[str, ...] = ()
    #: change-api renaming a class: the strings outside the definition files that show its
    #: name as its ``repr`` does (``"Square(side=2)"``); expand renames them with the class
    shown: tuple[RefSite, ...] = ()
    #: change-api re-signing a class (its ``__init__``): the old name becomes a subclass
    resigned_class: bool = False
    #: change-api re-signing a class: the modules, beside the definition files, that catch it
    #: (``except Old:``, which asks no metaclass); expand migrates them whole (their references
    #: are own sites), so that every handler catches instances raised either way
    catching: tuple[str, ...] = ()
    #: change-api: the ``conftest.py`` files that give doctests names (pytest's
    #: ``doctest_namespace``): the doctest rewrites read the examples after what they give
    conftests: tuple[str, ...] = ()
    #: change-api renaming a class made to be pickled: its old name stays bound for good,
    #: silent (old pickles name it), so deprecate does not make it warn and contract does not
    #: remove it
    kept_for_pickles: bool = False
    #: change-api and extract-module: the documentation's cross-references and code samples
    #: that name the old names, and the Python files' docstrings' cross-references (the index
    #: reads neither): certain ones (high confidence) for expand to rewrite, the others for
    #: review before the contract step
    documented: tuple[RefSite, ...] = ()
    #: change-api: every other qualified name the old function is reachable by (re-exports,
    #: star imports), whether code uses them or not: documentation may spell it by any
    served_as: tuple[str, ...] = ()
    #: change-api: no other definition of the repository has the old name's last part, so a
    #: cross-reference Sphinx searches for (``:class:`.Old```) names it: expand rewrites those
    unique_leaf: bool = False
    #: replace-dependency: the names the facade exposes (``module:leaf``), from the index
    facade_names: tuple[str, ...] = ()
    #: replace-dependency with ``inline``: the files that import the facade, or will once
    #: migrated (the contract step points them at the new backend)
    facade_importers: tuple[str, ...] = ()
    #: replace-dependency: what expand and contract do to the manifests, by phase
    manifest_notes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: schema: the column, the migrations and each database step's revision
    schema: SchemaInputs | None = None


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Everything :func:`refactor_coord.planning.planner.make_plan` needs."""

    campaign: Campaign
    refactors: tuple[RefactorInputs, ...]
    files: Mapping[str, FileInfo]
    module_imports: tuple[tuple[str, str], ...]  #: first-party (importer, imported) module pairs
    fingerprint: str
    communities: Mapping[str, int] = field(default_factory=dict)  #: path -> call-graph community
