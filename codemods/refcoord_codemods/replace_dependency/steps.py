"""The replace-dependency step codemods: one per phase, each with its typed arguments.

expand writes the facade and declares the new dependency; migrate points the step's files at
the facade; flip makes the new backend the default; contract leaves the facade over the new
backend only and takes every mention of the old dependency out of the manifests.
"""

from __future__ import annotations

from dataclasses import dataclass

from refactor_coord.domain.recipes import Recipe
from refactor_coord.domain.recipes.catalog import recipe
from refactor_coord.domain.surface import FacadeName, decoded
from refactor_coord.rewrite.dunder_all import read_all
from refactor_coord.rewrite.manifest import manifest_paths, with_dependency, without_dependency
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.scope import module_scope, parsed
from refactor_coord.rewrite.step import StepCodemod, StepInput, StepOutput, each_file
from refactor_coord.rewrite.style import project_style
from refcoord_codemods.replace_dependency.backends import Backed, Sources, backed, stubs
from refcoord_codemods.replace_dependency.facade import (
    FacadeTable,
    Labels,
    contracted,
    flipped,
    read_facade,
    render_facade,
)
from refcoord_codemods.replace_dependency.inline import inline_targets, inlined
from refcoord_codemods.replace_dependency.migrate import forms_of, migrated

#: Where the codemods' before/after cases are (imported only when the cases are run).
_CASES = "refcoord_codemods.replace_dependency.cases"


@dataclass(frozen=True, slots=True)
class ReplaceArgs:
    """The refactoring: the ``old`` dependency (its import name), the ``new`` one (empty when
    the recipe supplies it), the ``facade`` module, the ``flag`` variable, the built-in
    ``recipe`` (empty: none) and the user's ``mapping`` (``old.name=new.name`` entries)."""

    old: str
    new: str
    facade: str
    flag: str
    recipe: str = ""
    mapping: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExpandArgs(ReplaceArgs):
    """The expand step's: the ``names`` the facade exposes (``module:leaf``, from the index)."""

    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MigrateArgs(ReplaceArgs):
    """A migrate step's: the files it points at the facade (also the step's files)."""

    files: tuple[str, ...] = ()


def _recipe(args: ReplaceArgs) -> Recipe | None:
    return recipe(args.recipe) if args.recipe else None


def labels(args: ReplaceArgs, refactor: str) -> Labels:
    """How the facade names the refactoring, its flag and its backends."""
    found = _recipe(args)
    new = args.new or (found.new if found else "the new backend")
    return Labels(
        refactor, args.facade, args.flag, args.old, new, found.differences if found else ()
    )


def _mapping(args: ReplaceArgs) -> dict[str, str]:
    return dict(entry.split("=", 1) for entry in args.mapping)


def _manifests(given: StepInput) -> dict[str, str]:
    """The step's files that declare dependencies, with their texts."""
    texts = {p: given.read(p) for p in manifest_paths(given.step.files)}
    return {p: t for p, t in texts.items() if t is not None}


class ReplaceExpand(StepCodemod[ExpandArgs]):
    """Write the facade (old backend by default) and declare the new dependency."""

    ID = "replace-dependency.expand"
    DESCRIPTION = __doc__ or ""
    Args = ExpandArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ExpandArgs) -> StepOutput | Refused:
        facade_path = given.step.files[0]
        if given.read(facade_path) is not None:
            return Refused(f"{facade_path} already exists; the facade must be a new module")
        names = [decoded(n) for n in args.names]
        if not names:
            return Refused(f"the plan found no use of {args.old} to put behind the facade")
        entries = self._backed(given, args, names)
        if isinstance(entries, Refused):
            return entries
        found = _recipe(args)
        text = render_facade(
            labels(args, given.step.refactor), entries, found.prelude if found else ()
        )
        out: StepOutput = {facade_path: text}
        requirement = self._requirement(given, args, found)
        if requirement is not None:
            out.update(with_dependency(_manifests(given), requirement).files)
        return out

    def _backed(
        self, given: StepInput, args: ExpandArgs, names: list[FacadeName]
    ) -> tuple[Backed, ...] | Refused:
        new_path = given.path_of(args.new) if args.new else None
        project = _top_level_names(given.read(new_path)) if new_path else None
        sources = Sources(_recipe(args), _mapping(args), args.new or None, project, given.resolves)
        entries = backed(names, sources)
        if (
            args.new
            and not args.recipe
            and project is None
            and len(stubs(entries)) == len(entries)
            and not given.resolves((args.new,))
        ):
            return Refused(
                f"{args.new} cannot be imported with the project's interpreter: install it "
                f"(pip install {args.new}) so that the facade can be checked against it",
                prerequisite=True,
            )
        return entries

    def _requirement(self, given: StepInput, args: ExpandArgs, found: Recipe | None) -> str | None:
        if found is not None:
            return found.requirement
        if not args.new or given.path_of(args.new) is not None:
            return None  # a module of the project's own
        return given.distribution_of(args.new.split(".")[0])


def _top_level_names(text: str | None) -> frozenset[str] | None:
    """The names a module of the project binds at its top level (None: no such module)."""
    if text is None:
        return None
    tree = parsed(text)
    return frozenset() if isinstance(tree, Refused) else frozenset(module_scope(tree).bound_at)


class ReplaceMigrate(StepCodemod[MigrateArgs]):
    """Point the step's files at the facade, in every import form."""

    ID = "replace-dependency.migrate"
    DESCRIPTION = __doc__ or ""
    Args = MigrateArgs
    PER_FILE = True
    CASES = _CASES

    def apply(self, given: StepInput, args: MigrateArgs) -> StepOutput | Refused:
        facade_path = given.path_of(args.facade)
        table = read_facade(given.read(facade_path) if facade_path else None)
        if isinstance(table, Refused):
            return table
        style = project_style(given.read, given.path_of, given.lint_rules)
        forms = forms_of(_recipe(args))

        def rewrite(path: str, text: str) -> str | Refused:
            module, is_package = given.module_of(path)

            def imported_elsewhere(name: str) -> bool:
                return is_package or given.used_elsewhere(f"{module}.{name}", path)

            return migrated(
                text, module, is_package, args.facade, table.names, style, forms,
                imported_elsewhere,
            )  # fmt: skip

        return each_file(given, rewrite)


def _facade(given: StepInput) -> tuple[str, str, FacadeTable] | Refused:
    """The facade (the step's first file): its path, text and table."""
    path = given.step.files[0]
    text = given.read(path)
    table = read_facade(text)
    if isinstance(table, Refused) or text is None:
        return table if isinstance(table, Refused) else Refused(f"{path} does not exist")
    return path, text, table


class ReplaceFlip(StepCodemod[ReplaceArgs]):
    """Make the new backend the facade's default; refused while a name has no new backend."""

    ID = "replace-dependency.flip"
    DESCRIPTION = __doc__ or ""
    Args = ReplaceArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ReplaceArgs) -> StepOutput | Refused:
        found = _facade(given)
        if isinstance(found, Refused):
            return found
        facade_path, text, table = found
        if table.stubs:
            shown = "; ".join(table.stubs[:3]) + (" ..." if len(table.stubs) > 3 else "")
            return Refused(
                f"{len(table.stubs)} name(s) of the facade have no new backend yet: {shown}, "
                f"marked `# refcoord: stub` in {facade_path}. Write each one on the new "
                "backend, drop the mark, commit, then apply the flip step"
            )
        if table.default == "new":
            return Refused(f"{facade_path} already defaults to the new backend")
        new = flipped(text)
        return new if isinstance(new, Refused) else {facade_path: new}


@dataclass(frozen=True, slots=True)
class ContractArgs(ReplaceArgs):
    """The contract step's: with ``inline``, the facade goes too, and ``files`` (its importers,
    also the step's files) import the new backend directly."""

    inline: bool = False
    files: tuple[str, ...] = ()


class ReplaceContract(StepCodemod[ContractArgs]):
    """Leave the facade over the new backend only (or, inlined, remove it and point its
    importers at the new backend); take the old dependency out of the manifests (its extras,
    dev requirements and documentation mocks too)."""

    ID = "replace-dependency.contract"
    DESCRIPTION = __doc__ or ""
    Args = ContractArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ContractArgs) -> StepOutput | Refused:
        found = _facade(given)
        if isinstance(found, Refused):
            return found
        facade_path, text, table = found
        if table.default != "new":
            return Refused(
                "the facade still defaults to the old backend: apply the flip step first"
            )
        if table.stubs:
            return Refused(f"{len(table.stubs)} name(s) of the facade are still stubs")
        new = contracted(text, labels(args, given.step.refactor))
        if isinstance(new, Refused):
            return new
        known = _recipe(args)
        distribution = (
            known.old_distribution if known else given.distribution_of(args.old) or args.old
        )
        companions = known.companions if known else ()
        edit = without_dependency(_manifests(given), distribution, args.old, companions)
        if not args.inline:
            return {facade_path: new, **edit.files}
        importers = _inlined(given, args, new)
        if isinstance(importers, Refused):
            return importers
        return {facade_path: None, **importers, **edit.files}


def _inlined(given: StepInput, args: ContractArgs, facade_text: str) -> StepOutput | Refused:
    """The facade's importers, pointed at the new backend (the facade as contracted)."""
    targets = inline_targets(facade_text, sorted(read_all(facade_text).listed or ()))
    if isinstance(targets, Refused):
        return targets
    found = targets

    def rewrite(path: str, text: str) -> str | Refused:
        return inlined(text, *given.module_of(path), args.facade, found)

    return each_file(given, rewrite, args.files)
