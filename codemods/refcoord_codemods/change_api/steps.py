"""The change-api step codemods: one per phase, each with its typed arguments. Built so far for
functions at the top of a module and methods of classes at the top of a module, renamed within
it and/or re-signed, and classes at the top of a module, renamed (:mod:`.classes`); a move to
another module is refused with that reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from refactor_coord.domain.plan import deprecation_test_path
from refactor_coord.rewrite.binding import Change
from refactor_coord.rewrite.doc_references import references_renamed
from refactor_coord.rewrite.doc_samples import is_history
from refactor_coord.rewrite.doctest_imports import DOC_SUFFIXES
from refactor_coord.rewrite.doctest_programs import namespace_prelude
from refactor_coord.rewrite.dunder_all import read_all, with_entry_after, without_entries
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.project_facts import deprecated_marker
from refactor_coord.rewrite.references import imports_of
from refactor_coord.rewrite.scope import parsed
from refactor_coord.rewrite.shown_names import output_shown_renamed, shown_names_renamed
from refactor_coord.rewrite.step import StepCodemod, StepInput, StepOutput, each_file
from refactor_coord.rewrite.style import project_style
from refcoord_codemods.change_api.class_signature import (
    class_change,
    expand_resigned_class,
    is_resigned_shim,
    resigned_class_test,
    without_shim_class,
)
from refcoord_codemods.change_api.classes import (
    RENAME,
    class_deprecation_test,
    expand_class,
    has_alias,
    is_class,
    keeps_for_pickles,
    kept_for_good,
    served,
    without_alias,
)
from refcoord_codemods.change_api.doctests import doctests_migrated, samples_migrated
from refcoord_codemods.change_api.expand import expand, planned_change, signature_of
from refcoord_codemods.change_api.methods import kind_of_method, method_references
from refcoord_codemods.change_api.migrate import (
    Migrated,
    dotted_strings_renamed,
    migrate,
    own_calls,
)
from refcoord_codemods.change_api.overrides import override_renamed
from refcoord_codemods.change_api.reexports import (
    kept_as_reexport,
    with_new_name,
    without_old_name,
)
from refcoord_codemods.change_api.shim import (
    contract,
    deprecate,
    deprecation_test,
    forwarded_to,
    warning_text,
)

#: Where the codemods' before/after cases are (imported only when the cases are run).
_CASES = "refcoord_codemods.change_api.cases"


@dataclass(frozen=True, slots=True)
class ChangeArgs:
    """``old`` and ``new`` qualified names; the new ``signature`` ("" keeps it) and the
    ``rename_params`` (``"old=new"`` each)."""

    old: str
    new: str
    signature: str = ""
    rename_params: tuple[str, ...] = ()
    #: expand leaves the defining module's own calls on the old name, through the shim, and
    #: deprecate rebinds them: code elsewhere reads the old name by name (a test patches it
    #: with ``monkeypatch.setattr(module, name, ...)``), and its patch must keep reaching them
    own_calls_later: bool = False
    #: a method's overrides in the repository's subclasses (qualified names), which the plan
    #: reads from the index: expand renames and re-signs them with it, migrate rewrites the
    #: calls the index finds of them too
    overrides: tuple[str, ...] = ()
    #: a class's expand: the files, beside the definition files, that only hold strings
    #: showing its name as its repr does (the plan finds them; expand renames them there)
    shown: tuple[str, ...] = ()
    #: a re-signed class's expand: the modules that catch it (``except Old:``, which Python
    #: matches without asking the shim's metaclass), which the plan finds: expand migrates
    #: them whole, so that no call builds the new class before every handler catches it
    catching: tuple[str, ...] = ()
    #: expand: the files, beside the definition files, whose documentation names the old name
    #: with certainty (cross-references, code samples; the plan finds them): expand points
    #: them at the new name
    documented: tuple[str, ...] = ()
    #: expand: no other definition of the repository (nor a builtin) has the old name's last
    #: part (the plan reads it from the index), so a short cross-reference (``:class:`.Old```,
    #: or ``:class:`Old``` with no module) names it, and is pointed at the new name
    unique_leaf: bool = False
    #: the ``conftest.py`` files that give doctests names (pytest's ``doctest_namespace``),
    #: which the plan finds: the doctest rewrites read the examples after what they give
    conftests: tuple[str, ...] = ()
    #: the old name's other names (``pkg.old`` where the package re-exports it), which the plan
    #: reads from the index: migrate (and expand, in documentation doctests) rewrites
    #: references through them too
    aliases: tuple[str, ...] = ()

    def renames(self) -> dict[str, str]:
        """``rename_params`` as a mapping, old parameter name -> new."""
        return dict(pair.split("=", 1) for pair in self.rename_params)


@dataclass(frozen=True, slots=True)
class ChangeMigrateArgs(ChangeArgs):
    """A migrate step's: the files whose references it rewrites, and the other names of the
    old function (``pkg.old`` where the package re-exports it), which the plan reads from the
    index."""

    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Target:
    """Where the old function is defined."""

    path: str
    module: str
    is_package: bool
    old: str  #: its name in the module (a method's: in its class)
    new: str
    owner: str | None = None  #: a method's class, at the top of the module


def _target(given: StepInput, args: ChangeArgs) -> _Target | Refused:
    container, _, old = args.old.rpartition(".")
    new_container, _, new = args.new.rpartition(".")
    module, owner = container, None
    path = given.path_of(module)
    if path is None:  # a method: pkg.mod.Class.name
        module, _, owner = container.rpartition(".")
        path = given.path_of(module)
    if path is None:
        return Refused(
            f"{args.old} is not a function, a class or a method at the top of a module: "
            "change-api applies to module-level functions and classes and to the methods of "
            "module-level classes"
        )
    if new_container != container:
        return Refused(
            f"{args.new} is in another {'module' if owner is None else 'class'}: moving is "
            "not built into change-api yet (move it with extract-module first, then rename it)"
        )
    return _Target(path, module, given.module_of(path)[1], old, new, owner)


def _defining(given: StepInput, args: ChangeArgs) -> tuple[_Target, str] | Refused:
    """Where the old function is defined, and that module's text."""
    target = _target(given, args)
    if isinstance(target, Refused):
        return target
    text = given.read(target.path)
    return Refused(f"{target.path} does not exist") if text is None else (target, text)


def _other_files(given: StepInput, args: ChangeArgs) -> list[str]:
    """The step's Python files beside the defining module that re-export the old name or hold
    its overrides (not those that only hold strings showing a class's name, nor documentation
    files, whose examples :func:`_doc_examples` rewrites, nor the Python files whose
    docstrings only cross-reference it)."""
    others = {*args.shown, *args.documented, *args.catching}
    return [p for p in given.step.files[1:] if p.endswith(".py") and p not in others]


def _with_re_exporters(
    given: StepInput,
    args: ChangeArgs,
    out: StepOutput,
    change: Callable[[str, str, bool], str | Refused],
) -> StepOutput | Refused:
    """``out`` and the step's other files (the modules that re-export the old name, which plan
    gives the expand and contract steps) changed by ``change(text, module, is_package)``."""
    paths = _other_files(given, args)
    return _each_changed(given, out, paths, lambda p, text: change(text, *given.module_of(p)))


def _each_changed(
    given: StepInput,
    out: StepOutput,
    paths: Iterable[str],
    change: Callable[[str, str], str | Refused],
) -> StepOutput | Refused:
    """``out`` with each of ``paths`` (its text as ``out`` has it, else as it is) changed by
    ``change(path, text)``; a refusal names the file."""
    changed = dict(out)
    for path in paths:
        text = changed.get(path) or given.read(path)
        if text is None:
            continue
        new = change(path, text)
        if isinstance(new, Refused):
            return Refused(f"{path}: {new.reason}")
        if new != text:
            changed[path] = new
    return changed


def _edited(
    given: StepInput,
    args: ChangeArgs,
    edit: Callable[[_Target, str], str | Refused],
    re_export: Callable[[str, str, bool], str | Refused] | None = None,
) -> StepOutput | Refused:
    """The defining module changed by ``edit(target, text)``, and the modules that re-export
    the old name (the step's other files) by ``re_export(text, module, is_package)``."""
    found = _defining(given, args)
    if isinstance(found, Refused):
        return found
    target, text = found
    new = edit(target, text)
    if isinstance(new, Refused):
        return new
    out: StepOutput = {target.path: new}
    return out if re_export is None else _with_re_exporters(given, args, out, re_export)


def _warning(given: StepInput, args: ChangeArgs) -> str:
    return warning_text(args.old, args.new, given.remove_in)


def _re_exporters_calls(
    given: StepInput, args: ChangeArgs, out: StepOutput | Refused
) -> StepOutput | Refused:
    """``out`` with the re-exporting modules' own calls of the old name (a package's
    ``__init__`` that imports it and calls it too) rewritten like the defining module's: the
    re-export now brings the new name, and contract takes the old one out."""
    target = _target(given, args)
    if isinstance(out, Refused) or isinstance(target, Refused) or target.path not in out:
        return out
    if target.owner is not None:
        return out  # a method is reached through its class, which is not renamed
    change = _expanded_change(out[target.path] or "", target, args)
    if change is None:
        return out
    noqa = project_style(given.read, given.path_of, given.lint_rules).noqa("F401")
    changed = dict(out)
    for path in _other_files(given, args):
        text = changed.get(path) or given.read(path)
        if text is None or not path.endswith(".py"):
            continue
        rewritten = own_calls(text, target.old, target.new, change)
        if isinstance(rewritten, Migrated) and rewritten.text != text:
            module, is_package = given.module_of(path)
            kept = kept_as_reexport(rewritten.text, module, is_package, args.old, noqa)
            changed[path] = kept
    return changed


def _expanded_change(text: str, target: _Target, args: ChangeArgs) -> Change | None:
    """The change of a function or class at the top of the module, read from the module as
    expand left it (both names defined); None without them."""
    if is_class(text, target.new):
        return class_change(text, target.old, target.new, args.renames()) or RENAME
    old, new = signature_of(text, target.old), signature_of(text, target.new)
    return None if old is None or new is None else Change(old, new, args.renames())


def _own_doctests(given: StepInput, text: str, target: _Target, args: ChangeArgs) -> str:
    """The defining module's doctests calling the new function (they run with its globals)."""
    change = _expanded_change(text, target, args)
    if change is None:
        return text
    qualified = f"{target.module}.{target.old}", f"{target.module}.{target.new}"
    return doctests_migrated(
        text, *qualified, change, binds_old=True, namespace=_namespace(given, args)
    )


def _imports_old(text: str, module: str, is_package: bool, old: str) -> bool:
    """Whether the module's code imports ``old`` (its globals bind the old name)."""
    tree = parsed(text)
    return not isinstance(tree, Refused) and any(imports_of(tree, module, is_package, old))


def _contracted(text: str, target: _Target) -> str | Refused:
    """The module without its shim, nor a function's old name in its ``__all__``."""
    if target.owner is None and is_resigned_shim(text, target.old, target.new):
        return without_shim_class(text, target.old, target.new)
    if target.owner is None and has_alias(text, target.new):
        return without_alias(text, target.old, target.new)
    if target.owner is None and keeps_for_pickles(text, target.old):
        return kept_for_good(text, target.old, target.new)  # the alias stays, for good
    new = contract(text)
    if isinstance(new, Refused) or target.owner is not None:
        return new
    return without_entries(new, {target.old})


def _kept(given: StepInput, args: ChangeArgs) -> bool:
    """Whether the refactoring renames a class that keeps its old name for pickles."""
    target = _target(given, args)
    if isinstance(target, Refused) or target.owner is not None:
        return False
    return keeps_for_pickles(given.read(target.path) or "", target.old)


def _namespace(given: StepInput, args: ChangeArgs) -> str:
    """The code that gives doctests names (pytest's ``doctest_namespace``), from the
    ``conftest.py`` files the plan found."""
    return namespace_prelude([given.read(path) or "" for path in args.conftests])


def _test_path(given: StepInput) -> str:
    """Where the refactoring's deprecation test is, or goes."""
    return deprecation_test_path(given.step.tests, given.step.refactor, given.step.files)


def _with_test(
    given: StepInput, args: ChangeArgs, out: StepOutput | Refused
) -> StepOutput | Refused:
    """``out`` (the step that makes the shim warn) and the test that asserts the warning."""
    if isinstance(out, Refused):
        return out
    found = _target(given, args)
    if isinstance(found, Refused):
        return found
    where = (found.module, found.old, found.new, found.owner)
    text = (out[found.path] if found.path in out else given.read(found.path)) or ""
    kept = found.owner is None and keeps_for_pickles(text, found.old)
    if found.owner is None and is_resigned_shim(text, found.old, found.new):
        names = (found.old, found.new)
        built = resigned_class_test(text, found.module, names, given.campaign, given.test_style)
        return out if built is None else {**out, _test_path(given): built}
    if found.owner is None and (kept or has_alias(text, found.new)):
        names = (found.old, found.new)
        written = class_deprecation_test(
            found.module, names, given.campaign, kept, given.test_style
        )
        return {**out, _test_path(given): written}
    test = deprecation_test(text, where, args.old, given.campaign, given.test_style)
    return out if test is None else {**out, _test_path(given): test}


def _deprecated(given: StepInput, text: str, warning: str) -> str | Refused:
    """The module's shims warning, and marked with PEP 702's ``deprecated`` where the project
    can import it."""
    style = project_style(given.read, given.path_of, given.lint_rules)
    marker = deprecated_marker(given.read)
    return deprecate(text, warning, style.noqa("PLC0415"), marker, style)


def _change(given: StepInput, args: ChangeArgs, target: _Target) -> Change | Refused:
    """The signature change, read from the new function in the module (expand wrote it)."""
    text = given.read(target.path) or ""
    if target.owner is None and is_class(text, target.new):
        return class_change(text, target.old, target.new, args.renames()) or RENAME
    old = signature_of(text, target.old, target.owner)
    new = signature_of(text, target.new, target.owner)
    if old is None or new is None:
        return Refused(f"{target.path} has no {target.new} yet: apply the expand step first")
    return Change(old, new, args.renames())


def _method_sites(
    given: StepInput, args: ChangeArgs, target: _Target, path: str, text: str, change: Change
) -> str | Refused:
    """``text`` (the file at ``path``) with its references to the old method, as the index
    proves them, pointed at the new one; ``change``: the method's, ``self`` included."""
    assert target.owner is not None
    kind = kind_of_method(given.read(target.path) or "", target.owner, target.old)
    by_place = {
        (s.line, s.col, s.path): (s, q)
        for q in (args.old, *args.overrides)
        for s in given.sites(q)
    }
    mine = [site_of for _, site_of in sorted(by_place.items()) if site_of[0].path == path]
    if kind is None or not mine:
        return text
    changes = {q: _override_change(given, q, target, change) for q in args.overrides}
    of_site = {(s.line, s.col): changes.get(q, change) for s, q in mine}
    sites = [s for s, _ in mine]
    found = method_references(
        text, sites, (target.old, target.new), lambda s: of_site[(s.line, s.col)], kind
    )
    if isinstance(found, Refused):
        return found
    out = found.text  # and the strings that name it (``mock.patch("pkg.m.Shape.area")``)
    for qualified in (args.old, *args.overrides):
        out = dotted_strings_renamed(out, qualified, target.new)
    return out


def _override_change(given: StepInput, qualified: str, target: _Target, base: Change) -> Change:
    """An override's own change (its signature may add parameters to the base's: mistune's
    ``InlineParser.register`` adds ``start_chars``), once expand re-signed it; the base's
    before."""
    place = _class_place(given, qualified.rpartition(".")[0])
    if place is None:
        return base
    path, owner = place
    text = given.read(path) or ""
    old = signature_of(text, target.old, owner)
    new = signature_of(text, target.new, owner)
    return base if old is None or new is None else Change(old, new, base.renames)


def _overrides_renamed(
    given: StepInput, args: ChangeArgs, target: _Target, out: StepOutput | Refused
) -> StepOutput | Refused:
    """``out`` with the overrides of the method (``args.overrides``) renamed and re-signed
    like it, and the calls in their files that the index proves are the method's or theirs
    rebound (the defining module's were, before expand)."""
    if isinstance(out, Refused) or not args.overrides:
        return out
    base = _change(replace(given, read=lambda p: out.get(p, given.read(p))), args, target)
    if isinstance(base, Refused):
        return base
    changed = dict(out)
    configured = (args.signature or None, args.renames())
    for qname in args.overrides:
        place = _class_place(given, qname.rpartition(".")[0])
        if place is None:
            return Refused(f"the override {qname} is not in a class at the top of a module")
        path, owner = place
        text = changed.get(path) or given.read(path) or ""
        if path not in changed and path != target.path:
            called = _method_sites(given, args, target, path, text, base)
            if isinstance(called, Refused):
                return Refused(f"{path}: {called.reason}")
            text = called
        names = (target.old, target.new)
        width = project_style(given.read, given.path_of, given.lint_rules).line_length
        renamed = override_renamed(text, owner, names, configured, base, width)
        if isinstance(renamed, Refused):
            return Refused(f"{path}: {renamed.reason}")
        changed[path] = renamed
    return changed


def _doctest_calls(
    given: StepInput, args: ChangeArgs, target: _Target, out: StepOutput | Refused
) -> StepOutput | Refused:
    """For a method: ``out`` and the step's other files (the plan gives expand those whose
    doctest examples call it, as jedi proves: documentation files, other modules' docstrings)
    with those calls pointed at the new method, their arguments rebound."""
    if isinstance(out, Refused) or target.owner is None:
        return out
    base = _change(replace(given, read=lambda p: out.get(p, given.read(p))), args, target)
    if isinstance(base, Refused):
        return base
    changed = dict(out)
    for path in given.step.files:
        text = given.read(path)
        if path in out or text is None:
            continue
        called = _method_sites(given, args, target, path, text, base)
        if isinstance(called, Refused):
            return Refused(f"{path}: {called.reason}")
        changed[path] = called
    return changed


def _overrides_shims(
    given: StepInput,
    args: ChangeArgs,
    out: StepOutput | Refused,
    change: Callable[[str], str | Refused],
) -> StepOutput | Refused:
    """``out`` with the shims expand gave overrides in the step's other files (those that take
    more parameters than the base) changed like the base's (made to warn, removed)."""
    target = _target(given, args)
    if isinstance(out, Refused) or isinstance(target, Refused) or target.owner is None:
        return out
    new = target.new
    paths = _other_files(given, args)
    return _each_changed(
        given, out, paths, lambda _, text: change(text) if new in forwarded_to(text) else text
    )


def _class_place(given: StepInput, qualified: str) -> tuple[str, str] | None:
    """(path, class name) of a class at the top of a module of the repository."""
    module, _, owner = qualified.rpartition(".")
    path = given.path_of(module)
    return None if path is None else (path, owner)


def _shown_names(
    given: StepInput, target: _Target, out: StepOutput | Refused
) -> StepOutput | Refused:
    """For a class: ``out`` and the step's other files with the strings that show the class's
    name as its ``repr`` does (``"Square(side=2)"``) renamed with it (:mod:`shown_names`): the
    plan gives expand the files that hold them."""
    if isinstance(out, Refused) or not is_class(out.get(target.path) or "", target.new):
        return out
    paths = [p for p in given.step.files[1:] if p.endswith(".py")]
    names = target.old, target.new
    return _each_changed(given, out, paths, lambda _, text: shown_names_renamed(text, *names))


def _doc_examples(
    given: StepInput, args: ChangeArgs, target: _Target, out: StepOutput | Refused
) -> StepOutput | Refused:
    """``out`` and the step's documentation files (the plan gives expand those whose doctests
    use the old name) with their examples pointed at the new name, and, for a class, their
    expected outputs showing its name as its ``repr`` does renamed (the repr changes here)."""
    if isinstance(out, Refused) or target.owner is not None:
        return out
    change = _expanded_change(out.get(target.path) or "", target, args)
    if change is None:
        return out

    def examples(path: str, text: str) -> str:
        new = doctests_migrated(
            text, args.old, args.new, change, False, args.aliases, _namespace(given, args)
        )
        if change is RENAME:
            new = output_shown_renamed(new, target.old, target.new, target.module)
        if is_history(path):  # its doctests run; its samples record the past
            return new
        return samples_migrated(new, path, args.old, args.new, change, args.aliases)

    paths = [p for p in given.step.files[1:] if p.endswith(DOC_SUFFIXES)]
    return _each_changed(given, out, paths, examples)


def _cross_references(
    given: StepInput, args: ChangeArgs, out: StepOutput | Refused
) -> StepOutput | Refused:
    """``out`` and the step's other files with their documentation's certain
    cross-references to the old name (its qualified name, its re-exports, its overrides)
    pointed at the new one (:mod:`~refactor_coord.rewrite.doc_references`): in documentation
    files, and in Python files' docstrings, read in their own module."""
    if isinstance(out, Refused):
        return out
    leaf, new = args.old.rpartition(".")[2], args.new.rpartition(".")[2]
    spellings = {
        old: f"{old.rpartition('.')[0]}.{new}"
        for old in (args.old, *args.aliases, *args.overrides)
        if old.rpartition(".")[2] == leaf
    }

    def renamed(path: str, text: str) -> str:
        module = given.module_of(path)[0] if path.endswith(".py") else None
        return references_renamed(text, spellings, module, args.unique_leaf)

    paths = [p for p in given.step.files if not is_history(p)]  # a changelog keeps the past
    return _each_changed(given, out, paths, renamed)


def _exported_too(text: str, target: _Target) -> str:
    """``text`` listing the new name after the old one where ``__all__`` lists the old."""
    if target.old in read_all(text).mentioned:
        return with_entry_after(text, target.old, target.new)
    return text


def _class_expanded(
    given: StepInput, args: ChangeArgs, target: _Target, text: str
) -> str | Refused:
    """The defining module with the class renamed, its old name an alias (warning already
    with ``warn = "at-expand"``)."""
    resigned = _resigns(args)
    if resigned:
        style = project_style(given.read, given.path_of, given.lint_rules)
        names = (target.old, target.new)
        new = expand_resigned_class(text, names, args.signature or None, args.renames(), style)
    else:
        new = expand_class(text, target.old, target.new)
    if isinstance(new, Refused):
        return new
    new = _exported_too(_own_doctests(given, new, target, args), target)
    new = dotted_strings_renamed(new, f"{target.module}.{target.old}", target.new)
    new = shown_names_renamed(new, target.old, target.new)
    if isinstance(new, Refused):
        return new
    if given.warn != "at-expand":
        return new
    if resigned:  # the subclass taking the old arguments warns when built
        return _deprecated(given, new, _warning(given, args))
    return _class_served(given, args, new, _warning(given, args))


def _resigns(args: ChangeArgs) -> bool:
    """Whether the refactoring changes the signature, not the name alone."""
    return bool(args.signature or args.rename_params)


def _class_served(given: StepInput, args: ChangeArgs, text: str, warning: str) -> str | Refused:
    """``text`` with the old name of the class served with ``warning``."""
    style = project_style(given.read, given.path_of, given.lint_rules)
    names = args.old.rpartition(".")[2], args.new.rpartition(".")[2]
    return served(text, *names, (warning, style.noqa("PLC0415")), style)


def _re_export_served(
    given: StepInput, args: ChangeArgs, before: bool = False
) -> Callable[[str, str, bool], str | Refused] | None:
    """For a class: what makes a module that re-exports it serve its old name with the
    warning (None for a function or a method: their shims warn when called); ``before``: the
    class is not renamed yet (expand, warning from the start)."""
    target = _target(given, args)
    text = "" if isinstance(target, Refused) else given.read(target.path) or ""
    if isinstance(target, Refused) or target.owner is not None or _resigns(args):
        return None  # a re-signed class's shim warns when built, as a function's when called
    renamed = has_alias(text, target.new) or keeps_for_pickles(text, target.old)
    if not (is_class(text, target.old) if before else renamed):
        return None
    warning = _warning(given, args)
    return lambda text, module, is_package: _class_served(given, args, text, warning)


class ChangeExpand(StepCodemod[ChangeArgs]):
    """The function under its new name and signature; the old name forwards to it."""

    ID = "change-api.expand"
    DESCRIPTION = __doc__ or ""
    Args = ChangeArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ChangeArgs) -> StepOutput | Refused:
        warning = _warning(given, args) if given.warn == "at-expand" else None
        signature, renames = args.signature or None, args.renames()
        style = project_style(given.read, given.path_of, given.lint_rules)
        noqa, width = style.noqa("PLC0415"), style.line_length

        def expanded(target: _Target, text: str) -> str | Refused:
            own = not args.own_calls_later
            if target.owner is None and is_class(text, target.old):
                return _class_expanded(given, args, target, text)
            if target.owner is not None:  # the class's own calls first, where the index has them
                planned = planned_change(text, target.old, target.owner, signature, renames)
                if isinstance(planned, Refused):
                    return planned
                called = _method_sites(given, args, target, target.path, text, planned)
                if isinstance(called, Refused):
                    return called
                text = called
            new = expand(
                text,
                target.old,
                target.new,
                signature,
                renames,
                warning,
                noqa,
                own,
                width,
                target.owner,
                style.noqa("B010"),
            )
            if isinstance(new, Refused):
                return new
            if target.owner is None:
                new = _exported_too(_own_doctests(given, new, target, args), target)
                new = dotted_strings_renamed(new, f"{target.module}.{target.old}", target.new)
            if warning is None:
                return new
            return _deprecated(given, new, warning)  # warning from the start: marked too

        served_now = None if warning is None else _re_export_served(given, args, before=True)

        def re_exported(text: str, module: str, is_package: bool) -> str | Refused:
            new = with_new_name(text, module, is_package, args.old, args.new.rpartition(".")[2])
            if isinstance(new, Refused) or served_now is None:
                return new
            return served_now(new, module, is_package)  # a class warning from the start

        out = _edited(given, args, expanded, re_exported)
        out = _re_exporters_calls(given, args, out)
        target = _target(given, args)
        if not isinstance(target, Refused):
            out = _overrides_renamed(given, args, target, out)
            out = _catching_migrated(given, args, target, out)
            out = _doctest_calls(given, args, target, out)
            out = _shown_names(given, target, out)
            out = _doc_examples(given, args, target, out)
            out = _cross_references(given, args, out)
        return out if warning is None else _with_test(given, args, out)


class ChangeMigrate(StepCodemod[ChangeMigrateArgs]):
    """Point the step's files at the new function, each call's arguments rebound."""

    ID = "change-api.migrate"
    DESCRIPTION = __doc__ or ""
    Args = ChangeMigrateArgs
    CASES = _CASES
    PER_FILE = True

    def apply(self, given: StepInput, args: ChangeMigrateArgs) -> StepOutput | Refused:
        target = _target(given, args)
        if isinstance(target, Refused):
            return target
        change = _change(given, args, target)
        if isinstance(change, Refused):
            return change

        def rewrite(path: str, text: str) -> str | Refused:
            planned = [s for s in given.step.sites if s.path == path]
            if planned and all(s.action == "review" for s in planned):
                return text  # the plan leaves the whole file to a person (a patch of the old name)
            if target.owner is not None:
                return _method_sites(given, args, target, path, text, change)
            return _migrated(given, args, change, path, text)

        return each_file(given, rewrite)


def _migrated(
    given: StepInput, args: ChangeArgs, change: Change, path: str, text: str
) -> str | Refused:
    """``text`` (the module at ``path``) with its references to the old function or class
    pointed at the new one, calls rebound, and its doctests with them."""
    module, is_package = given.module_of(path)
    result = migrate(text, module, is_package, args.old, args.new, change, args.aliases)
    if isinstance(result, Refused):
        return result
    binds = _imports_old(text, module, is_package, args.old)
    names = (args.old, args.new, change)
    return doctests_migrated(result.text, *names, binds, args.aliases, _namespace(given, args))


def _catching_migrated(
    given: StepInput, args: ChangeArgs, target: _Target, out: StepOutput | Refused
) -> StepOutput | Refused:
    """For a re-signed class: ``out`` and the modules that catch it (``except Old:``:
    ``args.catching``) migrated whole, before any call builds the new class, so that each
    handler catches instances raised either way."""
    if isinstance(out, Refused) or not args.catching:
        return out
    change = _expanded_change(out.get(target.path) or "", target, args)
    if change is None:
        return out
    return _each_changed(
        given, out, args.catching, lambda path, text: _migrated(given, args, change, path, text)
    )


class ChangeDeprecate(StepCodemod[ChangeArgs]):
    """Make the forwarding shim warn."""

    ID = "change-api.deprecate"
    DESCRIPTION = __doc__ or ""
    Args = ChangeArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ChangeArgs) -> StepOutput | Refused:
        warning = _warning(given, args)

        def warned(target: _Target, text: str) -> str | Refused:
            change = _change(given, args, target)
            if isinstance(change, Refused):
                return change
            if change is RENAME:
                return _class_served(given, args, text, warning)
            if target.owner is not None:
                return _deprecated(given, text, warning)
            own = own_calls(text, target.old, target.new, change)  # if expand left them
            return own if isinstance(own, Refused) else _deprecated(given, own.text, warning)

        out = _with_test(given, args, _edited(given, args, warned, _re_export_served(given, args)))
        return _overrides_shims(given, args, out, lambda text: _deprecated(given, text, warning))


class ChangeContract(StepCodemod[ChangeArgs]):
    """Remove the forwarding shim."""

    ID = "change-api.contract"
    DESCRIPTION = __doc__ or ""
    Args = ChangeArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: ChangeArgs) -> StepOutput | Refused:
        new = args.new.rpartition(".")[2]

        def re_export_removed(text: str, module: str, is_package: bool) -> str | Refused:
            if has_alias(text, new):
                text_or = without_alias(text, args.old.rpartition(".")[2], new)
                if isinstance(text_or, Refused):
                    return text_or
                text = text_or
            return without_old_name(text, module, is_package, args.old)

        out = _edited(
            given, args, lambda target, text: _contracted(text, target), re_export_removed
        )
        out = _overrides_shims(given, args, out, contract)
        test = _test_path(given)
        if isinstance(out, Refused) or given.read(test) is None or _kept(given, args):
            return out  # a class kept for pickles keeps its test that the old name reads
        return {**out, test: None}  # the deprecation test goes with the shim
