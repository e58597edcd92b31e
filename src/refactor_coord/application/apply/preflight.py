"""Whether a step may be applied now: the repository, the plan and the code are checked before
anything is computed, and a refusal says why and what to do. Nothing here changes a file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.index_store import IndexStore, open_store, place
from refactor_coord.application.apply.context import StepJob
from refactor_coord.application.apply.schema_checks import check_schema_step
from refactor_coord.application.doctest_calls import doctest_calls
from refactor_coord.application.documentation import (
    mentions_of,
    read_documentation,
    spellings_of,
)
from refactor_coord.application.indexing import CACHE_DIR
from refactor_coord.application.loose_calls import INFERRED, loose_calls
from refactor_coord.application.name_mentions import (
    TESTED_NAME,
    doctest_mentions,
    doctest_texts,
    mentions,
)
from refactor_coord.application.plan_files import plan_uncommitted, uncommitted_work
from refactor_coord.application.project_version import LOOKED_IN, project_version
from refactor_coord.application.references import (
    is_class,
    is_member,
    is_method,
    reference_from_row,
    spells_class,
)
from refactor_coord.application.step_states import staleness, step_branch_name, unlanded_on_branch
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.facts import RefKind
from refactor_coord.domain.plan import Plan, Step, deprecation_test_path
from refactor_coord.domain.schema import KEYWORD_SITE, is_database_phase
from refactor_coord.domain.type_positions import in_checks_metaclass
from refactor_coord.domain.versions import has_reached


def applied_steps(repo: Path, config: Config, plan: Plan) -> set[int]:
    """The steps applied (their commits are in history, or on their own step branch, not
    merged yet: a stack of pull requests) or done (nothing left to do)."""
    done = {s.number for s in plan.steps if s.status == "done"}
    return (
        done
        | set(git_repo.applied_steps(repo, config.campaign.name))
        | _on_own_branches(repo, config, plan)
    )


def _on_own_branches(repo: Path, config: Config, plan: Plan) -> set[int]:
    """The steps applied on their own branch that has not landed here
    (:func:`~..step_states.unlanded_on_branch`)."""
    campaign = config.campaign.name
    return {s.number for s in plan.steps if unlanded_on_branch(repo, campaign, s.number)}


def uncommitted(
    dirty: Sequence[str], plan_files: Sequence[str], override: str | None = None
) -> str:
    """Why a tree with these uncommitted paths is refused, and the fix (``plan_files``: those of
    them that are the campaign's plan)."""
    listed = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
    if set(dirty) <= set(plan_files):
        return (
            f"the plan is not committed ({listed}): commit it first (`git add .refcoord && "
            "git commit -m 'refcoord plan'`); each step's commit builds on it"
        )
    return f"the working tree has uncommitted changes ({listed}); commit or stash them" + (
        f" (or pass {override})" if override else ""
    )


def check_repository(
    repo: Path, config: Config, plan: Plan, step: Step, allow_dirty: bool
) -> None:
    """A git repository with a clean tree, a plan that matches the configuration, and the
    step's prerequisites applied (and the step itself not)."""
    if not git_repo.is_repository(repo):
        raise ApplyRefused(
            f"{repo} is not the top of a git repository with a commit; apply commits each step"
        )
    if not allow_dirty:
        dirty = uncommitted_work(repo)
        if dirty:
            raise ApplyRefused(uncommitted(dirty, plan_uncommitted(repo, config), "--allow-dirty"))
    _check_plan_current(config, plan, step)
    applied = applied_steps(repo, config, plan)
    if step.number in applied:
        here = set(git_repo.applied_steps(repo, config.campaign.name))
        if step.status != "done" and step.number not in here:
            branch = step_branch_name(config.campaign.name, step.number)
            raise ApplyRefused(
                f"step {step.number} is already applied on its branch {branch}, not merged here "
                "yet: land its pull request (or `git switch` to that branch)"
            )
        raise ApplyRefused(f"step {step.number} is already applied (or has nothing left to do)")
    _check_prerequisites(plan, step, applied)


def _check_plan_current(config: Config, plan: Plan, step: Step) -> None:
    why = staleness(config, plan, step.refactor)
    if why is not None:
        raise ApplyRefused(why)


def _check_prerequisites(plan: Plan, step: Step, applied: set[int]) -> None:
    missing = [d for d in step.depends_on if d not in applied]
    if not missing:
        return
    before = sorted(plan.prerequisites(step.number) - applied)
    needs = {s.number: s.depends_on for s in plan.steps}
    first = next((n for n in before if all(d in applied for d in needs.get(n, ()))), missing[0])
    also = [n for n in before if n not in missing]
    raise ApplyRefused(
        f"step {step.number} needs step(s) {', '.join(map(str, missing))} first"
        + (f", which need(s) {', '.join(map(str, also))}" if also else "")
        + f"; run `refcoord apply step {first}`"
    )


def check_code(job: StepJob, *, reviewed: bool = False) -> tuple[str, ...]:
    """The code is as the plan saw it: a migrate step's sites are where they were, and the old
    names have no users left outside the step's own files when a deprecate step makes them warn
    (a first-party use would warn, and fail a suite that makes warnings errors) or a contract
    step removes them. With ``reviewed`` (a person checked the uses of the old name's name on
    receivers of unknown type, and none is the old name's) those do not count; the note
    returned lists them."""
    notes: tuple[str, ...] = ()
    if job.step.phase == "migrate":
        _check_sites_current(job)
    if job.step.phase == "contract" or (job.step.phase == "deprecate" and _builds_here(job)):
        notes = _check_nothing_left(job, reviewed)
    check_schema_step(job)
    return notes


def _builds_here(job: StepJob) -> bool:
    """Whether every step this one builds on is in this branch's history, so that the step is
    built on this tree (else the branch checks decide where, or refuse)."""
    here = git_repo.applied_steps(job.repo, job.plan.campaign)
    return all(n in here for n in job.step.depends_on)


def _check_sites_current(job: StepJob) -> None:
    """A migrate step's files must hold references where the plan saw the ones it rewrites.

    Compared by position (file, line, column), whatever they resolve to now: the expand step
    makes the old names lead to the new module, and a site reached through a re-export is not
    spelled with the old name. A site whose position holds no reference any more means the
    file's code changed since the plan was made.
    """
    step = job.step
    # a schema rename's model module: its own code steps (dual-write, switch) moved its lines
    # since the plan; the migrate codemod reads the references there afresh
    edited = str(dict(step.codemod.args).get("model_path", ""))
    planned = {
        (s.path, s.line, s.col)
        for s in step.sites
        if s.action == "rewrite"
        and s.kind != KEYWORD_SITE  # the codemod checks those
        and s.reason != TESTED_NAME  # a string, not a reference: the codemod checks those too
        and not (step.codemod.id == "schema.migrate" and s.path == edited)
    }
    store, _ = open_store(job.repo / CACHE_DIR)
    try:
        now = {place(r) for r in store.references_in(sorted({p for p, _, _ in planned}))}
        # a method's calls that jedi proves stand where the index saw a receiver it cannot type
        leaves = {name.rpartition(".")[2] for name in job.old_names()}
        now |= {place(r, 1) for leaf in leaves for r in store.loose_named(leaf)}
    finally:
        store.close()
    moved = sorted(planned - now)
    if moved:
        where = ", ".join(f"{p}:{line}" for p, line, _ in moved[:3])
        raise ApplyRefused(
            f"the plan is stale: the code of step {step.number}'s files changed since it was "
            f"planned (no reference any more at {where}{' ...' if len(moved) > 3 else ''}); "
            "run `refcoord plan`"
        )


def _revision_folders(job: StepJob) -> tuple[str, ...]:
    """The folders of the refactoring's database steps' revisions (``<folder>/``): history,
    whose old revisions name the schema as it was (none for a refactoring of code only)."""
    return tuple(
        {
            f"{PurePosixPath(path).parent}/"
            for planned in job.plan.steps
            if planned.refactor == job.step.refactor
            and planned.codemod.id.startswith("schema.")
            and is_database_phase(planned.phase)
            for path in planned.files
        }
    )


#: how :func:`_uses_left` names a use on a receiver whose type nothing can tell
UNKNOWN_RECEIVER = "on a receiver of unknown type)"
#: How a documentation mention that names an old name ends, in a refusal.
_DOCUMENTED = " in documentation)"
#: How a documentation mention that may name another object ends, in a refusal.
MAY_BE_ANOTHER = "that may name it: check it by hand)"


#: What ``--reviewed`` answers: uses on receivers of unknown type, and documentation mentions
#: that may name another object, checked by hand.
_CHECKED_BY_HAND = (UNKNOWN_RECEIVER, MAY_BE_ANOTHER)


def _check_nothing_left(job: StepJob, reviewed: bool) -> tuple[str, ...]:
    """The old names warn, and go, only once no code refers to them any more (the step's own
    files and the refactoring's deprecation test are what it changes); with ``reviewed``, but
    for the uses on receivers of unknown type, which the note returned lists."""
    step = job.step
    left = _uses_left(job, deprecation_test_path(step.tests, step.refactor, step.files))
    history = _revision_folders(job)
    left = [place for place in left if not place.startswith(history)]
    checked = [place for place in left if reviewed and place.endswith(_CHECKED_BY_HAND)]
    left = [place for place in left if place not in checked]
    if left:
        shown = ", ".join(left[:8]) + (f" and {len(left) - 8} more" if len(left) > 8 else "")
        # by file: a migrate step that rewrote calls over more lines moved the lines after them
        listed = {
            site.path
            for planned in job.plan.steps
            if planned.refactor == step.refactor
            for site in planned.sites
            if site.action == "review"
        }
        fix = _fix(left, listed)
        does = "makes the old names warn" if step.phase == "deprecate" else "removes the shim"
        raise ApplyRefused(
            f"step {step.number} {does}, but the old location is still used: {shown}; " + fix
        )
    if not checked:
        return ()
    shown = ", ".join(place.split(" ")[0] for place in checked)
    note = (
        f"--reviewed: {len(checked)} use(s) of the old name's name on receivers of unknown "
        f"type or in documentation, checked by hand as another's, left as they are: {shown}"
    )
    return (note,)


def _fix(left: Sequence[str], listed: set[str]) -> str:
    """What to do about the uses ``left`` (``listed``: the files the plan leaves for review)."""
    by_hand = all(place.split(":")[0] in listed for place in left)
    fix = (
        "the plan leaves them for manual review: change them by hand and commit"
        if by_hand
        else "migrate those first (`refcoord plan` adds steps for them)"
    )
    if any(place.endswith(_DOCUMENTED) for place in left):
        fix += (
            " (documentation that names the old name: change it by hand; the expand step "
            "rewrites what is there when it runs)"
        )
    if any(place.endswith(UNKNOWN_RECEIVER) for place in left):
        fix += (
            " (a receiver that is not of the old name's class: annotate it with its own "
            "class, and refcoord tells them apart"
        )
    if any(place.endswith(_CHECKED_BY_HAND) for place in left):
        everyone = all(place.endswith(_CHECKED_BY_HAND) for place in left)
        fix += "; or, once you checked them all, apply with --reviewed)" if everyone else ")"
    return fix


def _uses_left(job: StepJob, test: str) -> list[str]:
    """Where code still refers to the old names ("path:line (name)"), outside the step's files
    and its deprecation ``test``: the references spelled with them, and the strings that spell a
    name the refactoring takes away. Also, anywhere but in ``test``, the uses that reach one
    under another name or through itself (a package's re-export, ``pkg.fetch``; the defining
    module passing the function as a value, ``partial(fetch, ...)``), the imports and
    ``__all__`` entries that re-export it aside, and the calls in the step's files."""
    changed = {*job.step.files, test}

    def handled(row: tuple[object, ...]) -> tuple[str, ...]:
        """What kinds of reference the step's own changes take care of in ``row``'s file: all
        in the deprecation test, the calls in its code files (deprecate rebinds a module's
        own calls of a function that expand left on the old name; a method's it does not; nor
        a call passing ``*args`` or ``**kwargs``, which expand would have rewritten if it
        could: markdown's ``SubstituteTextPattern(*pattern)``)."""
        path = str(row[2])
        shape = reference_from_row(row).shape
        starred = shape is not None and (shape.star or shape.double_star)
        own_calls = ("call",) if path in changed and not methods and not starred else ()
        return (str(row[5]),) if path == test else own_calls

    store, _ = open_store(job.repo / CACHE_DIR)
    try:
        methods = [name for name in job.old_names() if is_method(store, name)]
        classes = [name for name in job.old_names() if is_class(store, name)]
        rows = [
            row
            for name in job.old_names()
            for row in store.references_written(name)
            if str(row[2]) not in changed and (name not in classes or spells_class(row, name))
        ]
        rows += [
            row
            for name in job.old_names()
            for row in store.references_to(name)
            if str(row[5]) not in ("import", "export", *handled(row))
            and not _in_shim(str(row[8]), name, methods)
            and (name not in classes or spells_class(row, name))
        ]
        places = {f"{r[2]}:{r[3]} ({r[1]})" for r in rows if not job.served(r)}
        overrides = getattr(job.args, "overrides", ())  # change-api on a method
        places |= _unknown_receivers(job.repo, store, job.old_names(), test, overrides)
        places |= _doctests_left(job, store, methods)
        if job.step.phase == "contract":
            places |= _documentation_left(job, store, methods)
        lines = {place.split(" ")[0] for place in places}
        found = mentions(job.repo, store, job.pattern.names_gone(job.args), changed)
    finally:
        store.close()
    places |= {
        f"{m.path}:{m.line} ({m.name.rpartition('.')[2]!r} in a string)"
        for m in found
        if f"{m.path}:{m.line}" not in lines
    }
    return sorted(places)


def _doctests_left(job: StepJob, store: IndexStore, methods: list[str]) -> set[str]:
    """The doctest lines that still reach an old name a rename takes away: in documentation
    files, through its project; a method's calls, in docstrings too, where jedi does not prove
    them another's (:mod:`..doctest_calls`). The index does not read them, and the test run
    would fail on them once the name warns or goes."""
    gone = job.pattern.names_gone(job.args)  # a move keeps the name: its doctests read as before
    exclude = job.config.campaign.exclude
    texts = doctest_texts(job.repo, exclude) if gone else {}
    found = {
        f"{path}:{line} (a doctest names '{name.rpartition('.')[2]}')"
        for name in gone
        if name not in methods
        for path, line in doctest_mentions(texts, name)
    }
    overrides = getattr(job.args, "overrides", ())
    for name in (n for n in gone if n in methods):
        calls = doctest_calls(job.repo, store, name, overrides, exclude=exclude)
        leaf = name.rpartition(".")[2]
        found |= {
            f"{r.path}:{r.line} (a doctest {'calls' if r.kind is RefKind.CALL else 'reads'} "
            f"'.{leaf}')"
            for r in (*calls.proven, *calls.uncertain)
        }
    return found


def _documentation_left(job: StepJob, store: IndexStore, methods: list[str]) -> set[str]:
    """The documentation's mentions of the old names left (cross-references, code samples:
    :mod:`..documentation`): the contract step removes what they name. Those that may be
    another's end with :data:`MAY_BE_ANOTHER`."""
    others = (*getattr(job.args, "aliases", ()), *getattr(job.args, "overrides", ()))
    modules = {row.path: row.module for row in store.files().values() if row.status == "ok"}
    leaves = [name.rpartition(".")[2] for name in job.old_names()]
    documentation = read_documentation(job.repo, job.config.campaign.exclude, modules, leaves)
    moved = not job.pattern.names_gone(job.args)  # a move keeps the name
    found: set[str] = set()
    for name in job.old_names():
        owner = name.rpartition(".")[0].rpartition(".")[2] if name in methods else None
        leaf = name.rpartition(".")[2]
        spellings = spellings_of(name, others)
        for m in mentions_of(store, documentation, spellings, owner, moved):
            what = f"names '{leaf}'{_DOCUMENTED}" if m.certain else MAY_BE_ANOTHER
            found.add(f"{m.path}:{m.line} ({m.what} {what}")
    return found


def _in_shim(scope: str, name: str, methods: list[str]) -> bool:
    """Whether a reference to the old method ``name`` stands in refcoord's own code for it: the
    shim, or the dispatch to subclasses that override it (the class's ``__init_subclass__``),
    which the step's own changes take care of; or, for a re-signed class, in the metaclass of
    its shim (``if self is Square``)."""
    if in_checks_metaclass(scope, name):
        return True
    owner = name.rpartition(".")[0]
    return name in methods and (
        scope == name or scope.startswith((f"{name}.", f"{owner}.__init_subclass__"))
    )


def _unknown_receivers(
    repo: Path, store: IndexStore, names: list[str], test: str, overrides: Sequence[str] = ()
) -> set[str]:
    """Where an old name that is a method may still be called: the attribute uses of its name on
    receivers whose type neither the index nor jedi can tell (the plan lists them for review)
    or that jedi proves lead to it, outside the deprecation ``test``."""
    found: set[str] = set()
    for name in names:
        if not is_member(store, name):
            continue
        leaf = name.rpartition(".")[2]
        loose = loose_calls(repo, store, name, overrides)
        found |= {
            f"{ref.path}:{ref.line} ('.{leaf}' on a receiver of unknown type)"
            for ref in loose.uncertain
            if ref.path != test
        }
        found |= {
            f"{ref.path}:{ref.line} (.{leaf}, {INFERRED})"
            for ref in loose.proven
            if ref.path != test
        }
    return found


def removal_notes(job: StepJob, *, preview: bool = False, force: bool = False) -> tuple[str, ...]:
    """With ``remove_in`` set, a contract step waits until the project's own version reaches it
    (the removal the deprecation warnings announced); the pattern says which module's project.
    When refcoord cannot tell the version, the step is refused unless ``force`` (the user knows
    the release), and then applies with a note. A preview (a dry run) of a step that must wait
    gets a note instead of the refusal."""
    plan, step = job.plan, job.step
    released = job.pattern.released_module(job.args)
    if step.phase != "contract" or plan.remove_in is None or released is None:
        return ()
    top = released.split(".")[0]
    found = project_version(job.repo, job.modules.paths.get(top))
    reached = None if found is None else has_reached(found.version, plan.remove_in)
    if found is None or reached is None:
        why = (
            f"refcoord cannot tell the project's version (it looked in {LOOKED_IN})"
            if found is None
            else f"the project's version {found.version!r} ({found.where}) is not a PEP 440 "
            "version"
        )
        note = f'remove_in = "{plan.remove_in}", but {why}'
        if preview or force:
            return (f"{note}: release this step only in {plan.remove_in} or later",)
        raise ApplyRefused(
            f"{note}. Apply it with --force once {plan.remove_in} is released, or state the "
            "version where refcoord reads it"
        )
    if reached:
        return ()
    why = (
        f"step {step.number} removes the shim, which the deprecation announced for version "
        f"{plan.remove_in}; the project is at {found.version} ({found.where})"
    )
    if preview:
        return (f"{why}: apply refuses it until then",)
    raise ApplyRefused(
        f"{why}. Apply it once the version reaches {plan.remove_in}, or set an earlier "
        "remove_in and run `refcoord plan`"
    )


def check_dirty_untouched(job: StepJob, changes: Mapping[str, str | None]) -> None:
    """``--allow-dirty`` leaves unrelated uncommitted work alone; an uncommitted edit in a file
    the step writes would be folded into its commit (and reverted with it on rollback)."""
    both = sorted(set(uncommitted_work(job.repo)) & set(changes))
    if both:
        raise ApplyRefused(
            f"step {job.step.number} writes {', '.join(both)}, which has uncommitted changes: "
            "they would go into the step's commit; commit or stash them first"
        )
