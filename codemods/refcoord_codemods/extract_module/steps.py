"""The extract-module step codemods: one per phase, each with its typed arguments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from refactor_coord.domain.plan import deprecation_test_path
from refactor_coord.rewrite.doc_references import references_renamed
from refactor_coord.rewrite.doc_samples import is_history, samples_rewritten
from refactor_coord.rewrite.doctest_imports import repointed
from refactor_coord.rewrite.doctest_programs import given_unless_bound
from refactor_coord.rewrite.dunder_all import star_exports
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.repoint import migrate
from refactor_coord.rewrite.step import StepCodemod, StepInput, StepOutput, each_file
from refactor_coord.rewrite.style import project_style
from refcoord_codemods.extract_module.doctests import expanded_with_doctest_imports
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.move_along import with_advice
from refcoord_codemods.extract_module.pickles import kept_for_pickles, with_pickled_names_kept
from refcoord_codemods.extract_module.shim import (
    contract,
    deprecate,
    deprecation_test,
    shim_table,
    typed,
)

#: Where the four codemods' before/after cases are (imported only when the cases are run).
_CASES = "refcoord_codemods.extract_module.cases"


@dataclass(frozen=True, slots=True)
class MoveArgs:
    """What moves: ``symbols`` (top-level names) from the module ``source`` to ``target``."""

    source: str
    target: str
    symbols: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExpandArgs(MoveArgs):
    """The expand step's: with ``star_imported``, some module does ``from <source> import *``."""

    star_imported: bool = False
    #: some module imports a moved name from the source while the source is still initializing:
    #: bind the moved names where their definitions stood until the deprecate step
    bind_back: bool = False
    #: the files, beside the source, the target and the documentation files whose doctests
    #: import moved names, whose documentation names a moved name with certainty
    #: (cross-references, code samples; the plan finds them): expand points them at the target
    documented: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MigrateArgs(MoveArgs):
    """A migrate step's: the importers it rewrites (also the step's files)."""

    files: tuple[str, ...] = ()


def _warning(remove_in: str | None) -> str:
    return "import it from there" + (f" (it will be removed in {remove_in})" if remove_in else "")


def _moved_names(source_text: str | None) -> list[str] | Refused:
    """The names the expand step moved, read from the shim table in the source module."""
    table = shim_table(source_text or "")
    if table is None:
        return Refused(
            "the source module has no refcoord shim (or an unreadable one): "
            "apply the expand step first"
        )
    return sorted(table)


def _docs_repointed(
    given: StepInput, args: ExpandArgs, source: str, moved: Sequence[str]
) -> StepOutput:
    """The files the plan gave the step after the source and the target (documentation files,
    Python files whose docstrings cross-reference a moved name) with their documentation
    pointed at the target: doctests' and code samples' imports of moved names, and
    cross-references to them (:mod:`~refactor_coord.rewrite.doc_references`)."""
    spellings = {f"{source}.{name}": f"{args.target}.{name}" for name in moved}
    style = project_style(given.read, given.path_of, given.lint_rules)

    # the package's name, which a project's samples use without importing it
    implied = f"import {source.partition('.')[0]}\n"

    def sample(program: str) -> str | None:
        if not any(name in program for name in moved):
            return program  # nothing of the moved names: nothing to rewrite
        given = given_unless_bound(implied, program)
        done = migrate(given + program, "__doc__", False, source, args.target, moved, None, style)
        if isinstance(done, Refused) or not done.startswith(given):
            return None
        added = f"import {args.target}\n"  # for a chain through the implied package: implied
        rest = done[len(given) :]
        return rest.removeprefix(added) if given and not program.startswith(added) else rest

    out: StepOutput = {}
    for path in given.step.files[2:]:
        text = given.read(path)
        if text is None:
            continue
        if path.endswith(".py"):
            new = references_renamed(text, spellings, given.module_of(path)[0])
        elif is_history(path):  # its doctests run; the rest records the past
            new = repointed(text, source, args.target, moved)
        else:
            new = samples_rewritten(repointed(text, source, args.target, moved), path, sample)
            new = references_renamed(new, spellings)
        if new != text:
            out[path] = new
    return out


def _warned(moved: Sequence[str], source_text: str) -> list[str]:
    """The moved names reading from the source warns about: the public ones, except those
    the source keeps for pickles."""
    kept = kept_for_pickles(source_text)
    return [n for n in moved if not n.startswith("_") and n not in kept]


def _test_path(given: StepInput, refactor: str) -> str:
    """The deprecation test's path as the plan names it in the step's files (else as it would)."""
    return deprecation_test_path(given.step.tests, refactor, given.step.files)


class ExtractExpand(StepCodemod[ExpandArgs]):
    """Create the target module with the moved definitions; the source serves them via a shim."""

    ID = "extract-module.expand"
    DESCRIPTION = __doc__ or ""
    Args = ExpandArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ExpandArgs) -> StepOutput | Refused:
        source_path, target_path = given.step.files[0], given.step.files[1]
        source_text = given.read(source_path)
        if source_text is None:
            return Refused(f"{source_path} does not exist")
        module, is_package = given.module_of(source_path)
        warning = _warning(given.remove_in) if given.warn == "at-expand" else None
        style = project_style(given.read, given.path_of, given.lint_rules)

        def attempt(symbols: Sequence[str]) -> Expanded | Refused:
            return expand(
                source_text or "",
                module,
                is_package,
                args.target,
                symbols,
                given.read(target_path),
                warning,
                star_imported=args.star_imported,
                bind_back=args.bind_back,
                stays=lambda name: given.used_elsewhere(f"{module}.{name}", source_path),
                style=style,
            )

        result = attempt(args.symbols)
        if not isinstance(result, Expanded):
            return with_advice(result, source_text, args.symbols, attempt)
        result = expanded_with_doctest_imports(result, source_text, module, args.target)
        result = with_pickled_names_kept(result, source_text, module, args.target, style)
        source = typed(result.source, style, is_package, module)
        moved = {f"{module}.{name}": f"{args.target}.{name}" for name in result.moved}
        source = references_renamed(source, moved, module)  # its docstrings' cross-references
        # the moved code's, spelled in full (those written short now read in the target)
        result = replace(result, target=references_renamed(result.target, moved))
        out: StepOutput = {source_path: source, target_path: result.target}
        out.update(_docs_repointed(given, args, module, result.moved))
        if warning is not None:
            public = _warned(result.moved, result.source)
            out[_test_path(given, given.step.refactor)] = deprecation_test(
                args.source, public, args.target, given.campaign, given.test_style
            )
        return out


class ExtractMigrate(StepCodemod[MigrateArgs]):
    """Point the step's files at the target module, in every import form."""

    ID = "extract-module.migrate"
    DESCRIPTION = __doc__ or ""
    Args = MigrateArgs
    PER_FILE = True
    CASES = _CASES

    def apply(self, given: StepInput, args: MigrateArgs) -> StepOutput | Refused:
        source_path = given.path_of(args.source)
        source_text = given.read(source_path) if source_path else None
        names = _moved_names(source_text)
        if isinstance(names, Refused):
            return names
        star = star_exports(source_text or "", names)  # what a star import of the source brought
        style = project_style(given.read, given.path_of, given.lint_rules)

        def rewrite(path: str, text: str) -> str | Refused:
            module, is_package = given.module_of(path)
            return migrate(text, module, is_package, args.source, args.target, names, star, style)

        return each_file(given, rewrite)


class ExtractDeprecate(StepCodemod[MoveArgs]):
    """Make the shim warn, and add a test that asserts the warning."""

    ID = "extract-module.deprecate"
    DESCRIPTION = __doc__ or ""
    Args = MoveArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: MoveArgs) -> StepOutput | Refused:
        source_path = given.step.files[0]
        text = given.read(source_path)
        names = _moved_names(text)
        if isinstance(names, Refused) or text is None:
            return (
                names if isinstance(names, Refused) else Refused(f"{source_path} does not exist")
            )
        style = project_style(given.read, given.path_of, given.lint_rules)
        module, is_package = given.module_of(source_path)
        new = deprecate(text, _warning(given.remove_in), style, is_package, module)
        if isinstance(new, Refused):
            return new
        public = _warned(names, new)
        if not public:  # only private names moved: no one outside may use them, nothing to test
            return {source_path: new}
        return {
            source_path: new,
            _test_path(given, given.step.refactor): deprecation_test(
                args.source, public, args.target, given.campaign, given.test_style
            ),
        }


class ExtractContract(StepCodemod[MoveArgs]):
    """Remove the shim (and the deprecation test)."""

    ID = "extract-module.contract"
    DESCRIPTION = __doc__ or ""
    Args = MoveArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: MoveArgs) -> StepOutput | Refused:
        source_path = given.step.files[0]
        text = given.read(source_path)
        if text is None:
            return Refused(f"{source_path} does not exist")
        new = contract(text, *given.module_of(source_path))
        if isinstance(new, Refused):
            return new
        return {source_path: new, _test_path(given, given.step.refactor): None}
