"""Each refactoring's phases as draft steps (not yet numbered or ordered)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from refactor_coord.domain.config import Campaign
from refactor_coord.domain.modules import DOC_SUFFIXES
from refactor_coord.domain.plan import ArgValue, CodemodCall, Risk, Site, Step
from refactor_coord.domain.recipes import Recipe, mapped, target_of
from refactor_coord.domain.recipes.catalog import recipe
from refactor_coord.domain.specs import (
    ChangeApi,
    CodeRefactor,
    ExtractModule,
    ReplaceDependency,
    SchemaChange,
)
from refactor_coord.domain.surface import decoded
from refactor_coord.planning.batching import WORK_ACTIONS, Batch, make_batches
from refactor_coord.planning.inputs import PlanInputs, RefactorInputs, RefSite
from refactor_coord.planning.sites import classify, unsure_sites


@dataclass(frozen=True, slots=True)
class Draft:
    """A step before numbering."""

    key: str
    refactor: str
    order: int  #: the refactoring's position (config order, dependencies first)
    phase: str
    title: str
    files: tuple[str, ...]
    sites: tuple[Site, ...]
    rank: int  #: leaf-first rank for migrate steps, 0 otherwise
    codemod: CodemodCall
    notes: tuple[str, ...] = ()
    status: str = "planned"
    #: the steps (keys) it comes after, each with the reason; empty: the refactoring's
    #: default chain (expand, migrate..., deprecate or flip, contract)
    follows: tuple[tuple[str, str], ...] = ()
    rated: Risk | None = None  #: its ratings, when its pattern rates it (else the planner's)
    undo: str = ""  #: how to undo it, when not by reverting its commit alone
    undo_note: str = ""  #: what undoing it does, when its pattern says


def _args(spec: CodeRefactor) -> tuple[tuple[str, ArgValue], ...]:
    if isinstance(spec, ExtractModule):
        return (
            ("source", spec.source),
            ("target", spec.target),
            ("symbols", tuple(spec.symbols)),
        )
    if isinstance(spec, ChangeApi):
        extra = (("signature", spec.signature),) if spec.signature else ()
        renames = tuple(f"{a}={b}" for a, b in spec.rename_params)
        return (
            ("old", spec.old),
            ("new", spec.new),
            *extra,
            *((("rename_params", renames),) if renames else ()),
        )
    mapping = tuple(f"{old}={new}" for old, new in spec.mapping)
    return (
        ("old", spec.old),
        ("new", spec.new or ""),
        ("facade", spec.facade),
        ("flag", spec.flag),
        ("recipe", spec.recipe or ""),
        *((("mapping", mapping),) if mapping else ()),
    )


#: The codemod arguments a step carries when they hold something, in this order: expand keeps
#: ``from <source> import *`` bringing the moved names (``star_imported``) and binds them in the
#: source where they were defined (``bind_back``); change-api's old function's names where it
#: is re-exported (``aliases``), code patching the old name by name (``own_calls_later``:
#: deprecate rebinds), a method's overrides (``overrides``), files whose strings show a
#: class's name as its repr does (``shown``), the modules that catch a re-signed class
#: (``catching``), the files whose documentation names the old
#: names (``documented``), a reference Sphinx searches for naming the old name
#: (``unique_leaf``), the conftest.py files that give doctests names (``conftests``);
#: replace-dependency's names the facade exposes (``names``).
_OPTIONAL = (
    "aliases",
    "star_imported",
    "bind_back",
    "own_calls_later",
    "overrides",
    "shown",
    "catching",
    "documented",
    "unique_leaf",
    "conftests",
    "names",
)


def _codemod(
    spec: CodeRefactor,
    phase: str,
    files: Sequence[str] = (),
    importers: Sequence[str] = (),
    **optional: bool | Sequence[str],
) -> CodemodCall:
    """The step's codemod call: the refactoring's arguments, a migrate step's ``files``, an
    inline replace-dependency contract's ``importers``, and the :data:`_OPTIONAL` ones given."""
    unknown = set(optional) - set(_OPTIONAL)
    assert not unknown, f"unknown codemod arguments: {sorted(unknown)}"
    args = _args(spec)
    if phase == "migrate":
        args = (*args, ("files", tuple(files)))
    for key in _OPTIONAL:
        value = optional.get(key)
        if value:
            args = (*args, (key, value if isinstance(value, bool) else tuple(value)))
    if isinstance(spec, ReplaceDependency) and spec.inline and phase == "contract":
        args = (*args, ("inline", True), ("files", tuple(importers)))
    return CodemodCall(f"{spec.kind}.{phase}", args)


def _read_by_name_notes(r: RefactorInputs) -> tuple[str, ...]:
    """change-api: why expand leaves the defining module's own calls on the old name."""
    if not r.read_by_name or not isinstance(r.spec, ChangeApi):
        return ()
    note = (
        f"code reads {r.spec.old} by name (the strings listed for review): the defining "
        "module's own calls keep calling it, through the forwarding shim, so that a patch of "
        "it still reaches them; the deprecate step, which waits for those strings to change, "
        "points them at the new name"
    )
    return (note,)


def _resigned_class_notes(r: RefactorInputs) -> tuple[str, ...]:
    """change-api re-signing a class: what its old name does during the window, and what it
    cannot keep."""
    if not r.resigned_class or not isinstance(r.spec, ChangeApi):
        return ()
    old, new = (name.rpartition(".")[2] for name in (r.spec.old, r.spec.new))
    note = (
        f"{old} becomes a subclass of {new} that takes the old arguments (its metaclass makes "
        f"isinstance and issubclass take every {new} for a {old}); the modules that catch it "
        f"(except {old}:) move with this step, since except asks no metaclass: code outside "
        f"the repository that catches {old} no longer catches what the project raises as "
        f"{new}, and type(x) is {old} no longer holds for what it builds as {new}"
    )
    return (note,)


def _backend_notes(r: RefactorInputs, phase: str) -> tuple[str, ...]:
    """replace-dependency with a recipe: at expand and flip, the behavioural differences to
    check; at expand, the names the facade gets as stubs (flip waits for them); at expand and
    contract, what the step does to the manifests."""
    spec = r.spec
    found = recipe(spec.recipe) if isinstance(spec, ReplaceDependency) and spec.recipe else None
    if found is None or not isinstance(spec, ReplaceDependency):
        return ()
    notes: list[str] = []
    if phase in ("expand", "flip"):
        checklist = "".join(f"\n  - {d}" for d in found.differences)
        notes.append(f"Behaviour to check on the new backend ({found.id} recipe):{checklist}")
    notes += [f"Manifests: {line}" for line in dict(r.manifest_notes).get(phase, ())]
    stubs = _stubbed(r, spec, found) if phase == "expand" else []
    if stubs:
        notes.append(
            f"{len(stubs)} name(s) get a stub on the new backend (they raise "
            "NotImplementedError there; the flip step is refused until each is written by "
            "hand or mapped in [refactor.map]):" + "".join(stubs)
        )
    return tuple(notes)


def _stubbed(r: RefactorInputs, spec: ReplaceDependency, found: Recipe) -> list[str]:
    """The facade's names neither [refactor.map] nor the recipe maps, as checklist lines."""
    mapping = dict(spec.mapping)
    stubs = []
    for name in map(decoded, r.facade_names):
        target = target_of(found, name.qualified)
        if mapped(mapping, name.qualified) is None and (target is None or target.kind == "stub"):
            why = target.value if target is not None else f"the {found.id} recipe has none"
            stubs.append(f"\n  - [ ] `{name.qualified}`: {why}")
    return stubs


def _where(spec: CodeRefactor) -> str:
    if isinstance(spec, ExtractModule):
        return spec.target
    if isinstance(spec, ChangeApi):
        return spec.new
    return spec.facade


def phase_drafts(
    r: RefactorInputs,
    order: int,
    campaign: Campaign,
    batches: Sequence[Batch],
    sites: Sequence[Site],
    keys: Mapping[tuple[str, ...], str],
) -> list[Draft]:
    """expand, migrate..., deprecate or flip, contract for one refactoring."""
    spec = r.spec
    assert not isinstance(spec, SchemaChange), "schema refactorings have their own drafts"
    defs = r.definition_files
    star = isinstance(spec, ExtractModule) and bool(r.star_importers)
    shown = tuple(sorted({s.path for s in r.shown} - set(defs)))  # strings only, for expand
    certain = tuple(s for s in r.documented if s.confidence == "high")
    docs = (
        *(_site_of(s, "rewrite") for s in certain),
        *(_site_of(s, "review") for s in r.documented if s.kind == "doc-page"),
    )
    catching = tuple(sorted(set(r.catching) - {*defs, *shown}))
    documented = tuple(sorted({s.path for s in certain} - {*defs, *shown, *catching}))
    drafts = [
        Draft(
            f"{spec.id}:expand",
            spec.id,
            order,
            "expand",
            _expand_title(spec, campaign),
            (*defs, *shown, *catching, *documented),
            (*_own_sites(r), *(_shown_site(s) for s in r.shown), *docs),
            0,
            _codemod(
                spec,
                "expand",
                star_imported=star,
                bind_back=bool(r.early_importers),
                own_calls_later=r.read_by_name,
                overrides=r.overrides,
                shown=shown,
                catching=catching,
                documented=documented,
                unique_leaf=r.unique_leaf and bool(documented or certain),
                aliases=r.served_as if catching or _reads_docs(defs, documented) else (),
                conftests=r.conftests,
                names=r.facade_names,
            ),
            (*_read_by_name_notes(r), *_resigned_class_notes(r), *_backend_notes(r, "expand")),
        )
    ]
    # the uses on receivers of unknown type: the step that makes the old name warn (or go)
    # lists them, no migrate step
    migrated = migrated_sites(r, sites)
    rewritten = set(migrated)
    left = [s for s in sites if s not in rewritten]
    unsure = tuple(s for s in left if s.kind != "doc")
    # the documentation's mentions left for review: only the contract step waits for them
    unsure_docs = tuple(s for s in left if s.kind == "doc")
    by_file: dict[str, list[Site]] = {}
    for site in migrated:
        by_file.setdefault(site.path, []).append(site)
    for batch in batches:
        batch_sites = tuple(s for f in batch.files for s in by_file.get(f, ()))
        count = _count(len(batch.files))
        title = _fit(
            campaign,
            f"Migrate {batch.group} to {_where(spec)} {count}",
            f"Migrate {batch.group} {count}",
        )
        key = keys.get(batch.files, f"{spec.id}:migrate:{batch.files[0]}")
        status = "planned" if any(s.action in WORK_ACTIONS for s in batch_sites) else "done"
        drafts.append(
            Draft(
                key,
                spec.id,
                order,
                "migrate",
                title,
                batch.files,
                batch_sites,
                batch.rank,
                _codemod(
                    spec,
                    "migrate",
                    batch.files,
                    aliases=r.reexported_as,
                    overrides=r.overrides,
                    conftests=r.conftests,
                ),
                batch.notes,
                status,
            )
        )
    if isinstance(spec, ReplaceDependency):
        drafts.append(
            Draft(
                f"{spec.id}:flip",
                spec.id,
                order,
                "flip",
                f"Make the new backend the default ({spec.flag}=new)",
                (defs[0],),
                (),
                0,
                _codemod(spec, "flip"),
                _backend_notes(r, "flip"),
            )
        )
    elif campaign.warn == "after-migrate":
        drafts.append(
            Draft(
                f"{spec.id}:deprecate",
                spec.id,
                order,
                "deprecate",
                _deprecate_title(spec, campaign, r.kept_for_pickles),
                defs,
                unsure,
                0,
                _codemod(spec, "deprecate"),
            )
        )
        unsure = ()
    drafts.append(
        Draft(
            f"{spec.id}:contract",
            spec.id,
            order,
            "contract",
            _contract_title(spec, campaign, r.kept_for_pickles),
            (*defs, *r.facade_importers),
            (*unsure, *unsure_docs),
            0,
            _codemod(
                spec,
                "contract",
                importers=r.facade_importers,
                aliases=r.served_as if r.documented else (),
            ),
            _backend_notes(r, "contract"),
        )
    )
    return drafts


def _count(files: int) -> str:
    return f"({files} file{'' if files == 1 else 's'})"


def retitled(title: str, files: int) -> str:
    """A migrate step's earlier title with its file count brought up to date."""
    return _COUNT.sub(_count(files), title)


_COUNT = re.compile(r"\(\d+ files?\)$")


#: A pull-request title is read in lists: it should fit about 72 characters, prefix included.
TITLE_WIDTH = 72


def _room(campaign: Campaign) -> int:
    """What is left of :data:`TITLE_WIDTH` for a step's title after ``[<campaign> NN/NN] ``."""
    return TITLE_WIDTH - len(campaign.name) - 9


def _fit(campaign: Campaign, *forms: str) -> str:
    """The first (fullest) of ``forms`` that fits the title's room, else the last (shortest)."""
    return next((f for f in forms if len(f) <= _room(campaign)), forms[-1])


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def _expand_title(spec: CodeRefactor, campaign: Campaign) -> str:
    warn = (
        " (warns from now on)"
        if campaign.warn == "at-expand" and not isinstance(spec, ReplaceDependency)
        else ""
    )
    if isinstance(spec, ExtractModule):
        them = "it" if len(spec.symbols) == 1 else "them"
        count = len(spec.symbols)
        return _fit(
            campaign,
            f"Create {spec.target} with {_names(spec.symbols)}; {spec.source} keeps serving "
            f"{them}{warn}",
            f"Move {_names(spec.symbols)} to {spec.target}{warn}",
            f"Move {count} name{'s' if count > 1 else ''} from {spec.source} to {spec.target}"
            f"{warn}",
            f"Move {count} name{'s' if count > 1 else ''} to {spec.target}{warn}",
        )
    if isinstance(spec, ChangeApi):
        return _fit(
            campaign,
            f"Add {spec.new}; {spec.old} forwards to it{warn}",
            f"Add {spec.new}; {spec.old.rpartition('.')[2]} forwards to it{warn}",
            f"Add {spec.new.rpartition('.')[2]}; {spec.old.rpartition('.')[2]} forwards to it"
            f"{warn}",
        )
    return _fit(
        campaign,
        f"Add facade {spec.facade} over {spec.old} (flag {spec.flag}, default old)",
        f"Add facade {spec.facade} over {spec.old}",
    )


def _deprecate_title(spec: CodeRefactor, campaign: Campaign, kept: bool = False) -> str:
    until = f" (removal in {campaign.remove_in})" if campaign.remove_in else ""
    old = spec.source if isinstance(spec, ExtractModule) else spec.old
    if kept:  # a class made to be pickled: its old name stays, silent
        return _fit(
            campaign,
            f"Deprecate {old}: out of __all__, kept silent for old pickles",
            f"Deprecate {old}: kept for old pickles",
        )
    return _fit(
        campaign,
        f"Deprecate the old location {old}: the shim warns{until}",
        f"Deprecate {old}: its shim warns{until}",
        f"Deprecate {old}{until}",
    )


def _contract_title(spec: CodeRefactor, campaign: Campaign, kept: bool = False) -> str:
    if kept and isinstance(spec, ChangeApi):  # a class made to be pickled: its old name stays
        return _fit(
            campaign,
            f"Keep {spec.old} for old pickles alone (no code uses it)",
            f"Keep {spec.old} for old pickles alone",
        )
    if isinstance(spec, ReplaceDependency) and spec.inline:
        return _fit(
            campaign,
            f"Remove {spec.old}, {spec.flag} and the facade {spec.facade}",
            f"Remove {spec.old} and the facade",
        )
    if isinstance(spec, ReplaceDependency):
        return _fit(
            campaign, f"Remove {spec.old}, the old backend and {spec.flag}", f"Remove {spec.old}"
        )
    when = f" (version {campaign.remove_in})" if campaign.remove_in else ""
    if isinstance(spec, ExtractModule):
        moved = [f"{spec.source}.{n}" for n in spec.symbols]
        return _fit(
            campaign,
            f"Remove the shim for {_names(moved)}{when}",
            f"Remove the {spec.source} shim for {_names(spec.symbols)}{when}",
            f"Remove the {spec.source} shim{when}",
        )
    return _fit(
        campaign,
        f"Remove the shim for {spec.old}{when}",
        f"Remove {spec.old}{when}",
        f"Remove {spec.old}",
    )


#: Why expand rewrites a string that shows the class's name as its ``repr`` does.
SHOWN_REASON = (
    "shows the class's name as its repr does: renamed with the class, in the step that "
    "renames it (the repr changes there)"
)


def _shown_site(ref: RefSite) -> Site:
    return Site(
        ref.path, ref.line, ref.col, ref.kind, ref.target, ref.written, "rewrite", SHOWN_REASON
    )


def _reads_docs(defs: Sequence[str], documented: Sequence[str]) -> bool:
    """Whether expand reads documentation (doctests, cross-references, code samples), which
    may name the old function by its re-exports: then it is given them."""
    return bool(documented) or any(p.endswith(DOC_SUFFIXES) for p in defs)


def _site_of(ref: RefSite, action: str) -> Site:
    """A documentation mention as a site of the expand step: rewritten there, or a page to
    review from then on."""
    return Site(ref.path, ref.line, ref.col, ref.kind, ref.target, ref.written, action, ref.reason)


def _own_sites(r: RefactorInputs) -> tuple[Site, ...]:
    """The definition files' references the expand step rewrites (change-api: the old
    function's calls beside its definition, a method's calls in its class and its overrides'
    modules), unless code reads the old name by name (then they wait for deprecate), and those
    it leaves for review (the old function used as a value, or called with ``*args``)."""
    if not r.own_sites:
        return ()
    own = classify(replace(r, sites=r.own_sites, uncertain=(), documented=()))
    kept = ("review",) if r.read_by_name else ("review", "rewrite")
    return tuple(s for s in own if s.action in kept)


def refactor_sites(inputs: PlanInputs, r: RefactorInputs) -> tuple[list[Site], list[Batch]]:
    """A refactoring's classified sites and their migrate batches (fresh, ignoring any earlier
    plan)."""
    sites = classify(r)
    c = inputs.campaign
    batches = make_batches(
        migrated_sites(r, sites),
        inputs.files,
        inputs.module_imports,
        c.group_by,
        inputs.communities,
        c.max_files_per_step,
        c.max_sites_per_step,
    )
    return sites, batches


def migrated_sites(r: RefactorInputs, sites: Sequence[Site]) -> list[Site]:
    """The sites migrate steps are made of: all but the uses of the old name's name on
    receivers of unknown type (the step that makes it warn or go lists those)."""
    unsure = set(unsure_sites(r))
    return [s for s in sites if s not in unsure]


def previous_batches(previous: Sequence[Step], refactor: str) -> list[tuple[str, tuple[str, ...]]]:
    """(key, files) of an earlier plan's migrate steps for one refactoring."""
    return [(s.key, s.files) for s in previous if s.refactor == refactor and s.phase == "migrate"]
