"""Which references a refactoring rewrites, which it leaves to a person, which stay as they are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from refactor_coord.domain.modules import CALL_IMPORT_REASON
from refactor_coord.domain.passed_on import COMPARED_WITH_ITSELF
from refactor_coord.domain.plan import Site
from refactor_coord.domain.specs import ChangeApi, ExtractModule, Refactor, SchemaChange
from refactor_coord.domain.subclass_inits import SUBCLASS_FOLLOWS
from refactor_coord.domain.type_positions import CAUGHT, STANDS_AS_TYPE
from refactor_coord.domain.uses import through
from refactor_coord.planning.inputs import RefactorInputs, RefSite


def classify(inputs: RefactorInputs) -> list[Site]:
    """One :class:`Site` per reference, sorted by file and position."""
    bound = _bound_by_import(inputs)
    sites = [
        _site(ref, "keep", THROUGH_IMPORT)
        if _uses_bound_name(ref, bound)
        else _classify(inputs.spec, ref)
        for ref in inputs.sites
    ]
    sites += unsure_sites(inputs)
    sites = _strings_elsewhere(inputs, sites)
    kept = _imports_kept(inputs.spec, _patched_kept(inputs.spec, sites))
    return sorted(kept, key=lambda s: (s.path, s.line, s.col, s.kind))


def unsure_sites(inputs: RefactorInputs) -> list[Site]:
    """A change-api method's calls, or a schema attribute's uses, of its name on receivers of
    unknown type, and the documentation's mentions of an old name that may be another's: for
    a person to check before the step that makes the old name warn or go (no migrate step's
    work: most are another class's, optuna's ``trial.datetime_start``)."""
    spec = inputs.spec
    docs = [
        _site(ref, "review", ref.reason)
        for ref in inputs.documented
        if ref.kind == "doc" and ref.confidence != "high"
    ]
    if isinstance(spec, ChangeApi):
        what = "a call of '.{}' on a receiver of unknown type: check whether it is this method"
    elif isinstance(spec, SchemaChange):
        what = (
            "'.{}' on a receiver of unknown type: check whether it is this model's attribute "
            "before the contract step removes the old name"
        )
    else:
        return docs
    return [
        _site(ref, "review", what.format(ref.written.rsplit(".", 1)[-1]))
        for ref in inputs.uncertain
    ] + docs


def _strings_elsewhere(inputs: RefactorInputs, sites: list[Site]) -> list[Site]:
    """change-api: a dotted string that names the function through another module's import of
    it (python-slugify's ``patch("slugify.__main__.slugify")``), not through its own module or
    a re-exporter, patches that module's name: it changes with that module's uses, by hand
    (migrate rewrites strings through the names it moves, and that module may keep the old
    name for uses of its own left for review)."""
    spec = inputs.spec
    if not isinstance(spec, ChangeApi):
        return sites
    spellings = (spec.old, *inputs.reexported_as)
    return [
        replace(s, action="review", reason=NAMED_ELSEWHERE)
        if s.kind == "string"
        and s.action == "rewrite"
        and "." in s.written
        and not spelled_through(s.written, spellings)
        else s
        for s in sites
    ]


#: The reason of a string that names the function through another module's import of it.
NAMED_ELSEWHERE = (
    "names it through another module's import of it (a patch there): change it with that "
    "module's uses, by hand"
)


def _patched_kept(spec: Refactor, sites: list[Site]) -> list[Site]:
    """change-api: in a file that patches the old name (``patch.object(mod, "fetch")``, left
    for review), its other uses of it are left too: a call rewritten to the new name would
    escape the patch, so the patch and its calls change together, by hand."""
    if not isinstance(spec, ChangeApi):
        return sites
    patched = {s.path for s in sites if s.kind == "assign" and s.action == "review"}
    return [
        replace(s, action="review", reason=PATCHED)
        if s.path in patched and s.action == "rewrite"
        else s
        for s in sites
    ]


#: The reason of a use kept beside a patch of the old name.
PATCHED = "this file patches the old name (see the patch here): its uses change with it, by hand"


def _imports_kept(spec: Refactor, sites: list[Site]) -> list[Site]:
    """change-api: in a file that keeps some uses of the old function for review, its import of
    the old name stays too (migrate brings the new name beside it for the calls it rewrites)."""
    if not isinstance(spec, ChangeApi):
        return sites
    reviewed = {s.path for s in sites if s.action == "review" and s.kind != "import"}
    return [
        replace(s, action="review", reason=KEPT_IMPORT)
        if s.kind == "import" and s.action == "rewrite" and s.path in reviewed
        else s
        for s in sites
    ]


#: The reason of an import of the old function kept beside the new one.
KEPT_IMPORT = "stays while this file keeps uses of the old name for review (see them here)"

#: Kinds of reference that use a name rather than spell where it comes from.
_USES = frozenset({"call", "name", "alias", "attribute", "decorator", "base", "annotation"})
#: The reason of a kept use of a name that a migrated import binds.
THROUGH_IMPORT = "uses the name its import binds: only that import changes"


def _bound_by_import(inputs: RefactorInputs) -> dict[str, set[str]]:
    """extract-module: per file, the moved names a ``from <source> import name`` binds there.
    A use of such a name reads the same once the import names the target: the text that changes
    is the import's, so the use is counted as kept, not rewritten."""
    if not isinstance(inputs.spec, ExtractModule):
        return {}
    old = set(inputs.spec.old_names())
    bound: dict[str, set[str]] = {}
    for ref in inputs.sites:
        if ref.kind == "import" and ref.written in old and ref.confidence != "low":
            bound.setdefault(ref.path, set()).add(ref.written)
    return bound


def _uses_bound_name(ref: RefSite, bound: dict[str, set[str]]) -> bool:
    return (
        ref.kind in _USES
        and ref.confidence != "low"
        and spelled_through(ref.written, bound.get(ref.path, ()))
    )


def _site(ref: RefSite, action: str, reason: str = "") -> Site:
    return Site(ref.path, ref.line, ref.col, ref.kind, ref.target, ref.written, action, reason)


#: Why a use of a column being dropped is a person's to change.
DROPPED = (
    "uses the column being dropped: remove the use by hand (the contract step, which removes "
    "the attribute, waits for it)"
)

#: Why a use of a column whose type changes is a person's to check.
RETYPED = (
    "uses the column whose type changes: check it copes with the new type's values from the "
    "switch step on (its name stays, so refcoord changes no code here)"
)


def _classify(spec: Refactor, ref: RefSite) -> Site:
    # change-api keeps the module: through one import_module bound, only the name changes
    settled = isinstance(spec, ChangeApi) and ref.reason == CALL_IMPORT_REASON
    if (ref.confidence == "low" and not settled) or ref.kind == "dynamic":
        return _site(
            ref, "review", ref.reason or "reached dynamically: cannot be rewritten with certainty"
        )
    if isinstance(spec, SchemaChange) and spec.operation == "drop-column":
        return _site(ref, "review", DROPPED)
    if isinstance(spec, SchemaChange) and spec.operation == "change-column-type":
        return _site(ref, "review", RETYPED)
    if ref.kind == "assign" and isinstance(spec, SchemaChange) and _on_a_row(ref.written):
        return _site(ref, "rewrite")  # a value written to a row's column, through the model
    if ref.kind == "assign":
        return _site(
            ref,
            "review",
            "assigns or patches the old name from outside: the change must "
            "follow it to the new location",
        )
    if isinstance(spec, ExtractModule):
        return _extract(spec, ref)
    if isinstance(spec, ChangeApi):
        return _change_api(spec, ref)
    return _site(ref, "rewrite")  # replace-dependency: every use moves to the facade


def _on_a_row(written: str) -> bool:
    """Whether an assignment spelled ``written`` writes an instance's attribute: typed by the
    index (``Order().total``) or by jedi (``?.total``, optuna's ``trial_value.value_type =``),
    not the class's (a patch of the model)."""
    return "()." in written or written.startswith("?.")


def spelled_through(written: str, names: Iterable[str]) -> bool:
    """Whether a reference spelled ``written`` goes through one of the dotted ``names``: is one,
    or an attribute of one (``a.b`` and ``a.b.c`` go through ``a.b``; ``a.bc`` does not)."""
    return any(through(written, n) for n in names)


def _extract(spec: ExtractModule, ref: RefSite) -> Site:
    """Rewritten when spelled through the old location (a star import of the source included:
    the moved names get an explicit import); kept when spelled through a re-export, in any form
    (``from pkg import name`` too): it keeps working once the re-exporting module is migrated,
    and the migrate codemod leaves it as it is."""
    if spelled_through(ref.written, spec.old_names()) or (
        ref.kind == "import" and ref.written == spec.source
    ):
        return _site(ref, "rewrite")
    return _site(
        ref, "keep", f"goes through {ref.written}, which keeps working once its import is migrated"
    )


#: The reason of a call passing ``*args``/``**kwargs`` whose values fill the same parameters under
#: the new signature whatever they hold (the application layer finds them: it reads the old
#: signature): rewritten like any call.
STARS_BIND_ALIKE = "passes *args or **kwargs, which the new signature binds as the old did"


#: The uses of a re-signed function or class renamed as values: compared with another use
#: (both renamed), or only a type (``isinstance(x, Old)``).
_RENAMED_AS_VALUES = frozenset({COMPARED_WITH_ITSELF, STANDS_AS_TYPE, CAUGHT})
#: Why a subclass of a re-signed class is left to a person.
SUBCLASSED = (
    "subclasses the class without an __init__ of its own passing it arguments by "
    "super().__init__(...) alone: its calls (or its Base.__init__(self, ...), its *args) change "
    "with it, by hand"
)


def _change_api(spec: ChangeApi, ref: RefSite) -> Site:
    changes_signature = spec.signature is not None or bool(spec.rename_params)
    if (
        changes_signature
        and ref.kind == "call"
        and ref.shape
        and (ref.shape.star or ref.shape.double_star)
        and ref.reason != STARS_BIND_ALIKE
    ):
        return _site(
            ref,
            "review",
            "passes *args or **kwargs: the arguments cannot be mapped with certainty",
        )
    if changes_signature and ref.kind == "name" and ref.reason not in _RENAMED_AS_VALUES:
        return _site(
            ref, "review", "passed around as a value: its callers may use the old signature"
        )
    if changes_signature and ref.kind == "base" and ref.reason != SUBCLASS_FOLLOWS:
        return _site(ref, "review", SUBCLASSED)  # a class re-signed
    kept = ref.kind == "string" or ref.reason in (
        STARS_BIND_ALIKE,
        SUBCLASS_FOLLOWS,
        STANDS_AS_TYPE,
        CAUGHT,
    )
    return _site(ref, "rewrite", ref.reason if kept else "")
