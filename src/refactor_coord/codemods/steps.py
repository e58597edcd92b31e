"""Step codemods: what one plan step changes, as files in -> files out (pure).

A plan names a codemod by id (``extract-module.migrate``) with its arguments; the registry maps
the id to a :class:`StepCodemod`. Built-in codemods and a repository's own (``codemods/*.py`` at
its root, each defining classes with an ``ID``) go through the same loader.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from refactor_coord.codemods._dunder_all import star_exports
from refactor_coord.codemods.extract_migrate import migrate
from refactor_coord.codemods.extract_shim import Expanded, expand
from refactor_coord.codemods.outcome import Refused
from refactor_coord.codemods.shim import contract, deprecate, deprecation_test, shim_table
from refactor_coord.domain.plan import Step, deprecation_test_path


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


#: path -> new text, or None to delete the file
StepOutput = dict[str, str | None]


class StepCodemod:
    """Base of every step codemod: an id, a description, the files it needs, and the change."""

    ID: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    #: Each file's new text depends only on that file (and the step's arguments), so the step's
    #: files may be split between processes and the outputs merged.
    PER_FILE: ClassVar[bool] = False

    def apply(self, given: StepInput) -> StepOutput | Refused:
        """The new texts of the files the step changes."""
        raise NotImplementedError


def _args(step: Step) -> dict[str, str]:
    return dict(step.codemod.args)


def _warning(remove_in: str | None) -> str:
    return "import it from there" + (f" (it will be removed in {remove_in})" if remove_in else "")


def _moved_names(source_text: str | None) -> list[str] | Refused:
    """The names the expand step moved, read from the shim table in the source module."""
    table = shim_table(source_text or "")
    if table is None:
        return Refused(
            "the source module has no refcoord shim (or an unreadable one): apply the expand step first"
        )
    return sorted(table)


def _test_path(given: StepInput, refactor: str) -> str:
    """The deprecation test's path as the plan names it in the step's files (else as it would)."""
    return deprecation_test_path(given.step.tests, refactor, given.step.files)


class ExtractExpand(StepCodemod):
    """Create the target module with the moved definitions; the source serves them via a shim."""

    ID = "extract-module.expand"
    DESCRIPTION = __doc__ or ""

    def apply(self, given: StepInput) -> StepOutput | Refused:
        a = _args(given.step)
        source_path, target_path = given.step.files[0], given.step.files[1]
        source_text = given.read(source_path)
        if source_text is None:
            return Refused(f"{source_path} does not exist")
        module, is_package = given.module_of(source_path)
        warning = _warning(given.remove_in) if given.warn == "at-expand" else None
        result = expand(
            source_text,
            module,
            is_package,
            a["target"],
            a["symbols"].split(","),
            given.read(target_path),
            warning,
            star_imported=a.get("star_imported") == "true",
            stays=lambda name: given.used_elsewhere(f"{module}.{name}", source_path),
        )
        if not isinstance(result, Expanded):
            return result
        out: StepOutput = {source_path: result.source, target_path: result.target}
        if warning is not None:
            public = [n for n in result.moved if not n.startswith("_")]
            out[_test_path(given, given.step.refactor)] = deprecation_test(
                a["source"], public, a["target"], given.campaign
            )
        return out


class ExtractMigrate(StepCodemod):
    """Point the step's files at the target module, in every import form."""

    ID = "extract-module.migrate"
    DESCRIPTION = __doc__ or ""
    PER_FILE = True

    def apply(self, given: StepInput) -> StepOutput | Refused:
        a = _args(given.step)
        source_path = given.path_of(a["source"])
        source_text = given.read(source_path) if source_path else None
        names = _moved_names(source_text)
        if isinstance(names, Refused):
            return names
        star = star_exports(source_text or "", names)  # what a star import of the source brought
        out: StepOutput = {}
        for path in given.step.files:
            text = given.read(path)
            if text is None:
                return Refused(f"{path} does not exist")
            module, is_package = given.module_of(path)
            new = migrate(text, module, is_package, a["source"], a["target"], names, star)
            if isinstance(new, Refused):
                return Refused(f"{path}: {new.reason}")
            if new != text:
                out[path] = new
        return out


class ExtractDeprecate(StepCodemod):
    """Make the shim warn, and add a test that asserts the warning."""

    ID = "extract-module.deprecate"
    DESCRIPTION = __doc__ or ""

    def apply(self, given: StepInput) -> StepOutput | Refused:
        a = _args(given.step)
        source_path = given.step.files[0]
        text = given.read(source_path)
        names = _moved_names(text)
        if isinstance(names, Refused) or text is None:
            return (
                names if isinstance(names, Refused) else Refused(f"{source_path} does not exist")
            )
        new = deprecate(text, _warning(given.remove_in))
        if isinstance(new, Refused):
            return new
        public = [n for n in names if not n.startswith("_")]
        return {
            source_path: new,
            _test_path(given, given.step.refactor): deprecation_test(
                a["source"], public, a["target"], given.campaign
            ),
        }


class ExtractContract(StepCodemod):
    """Remove the shim (and the deprecation test)."""

    ID = "extract-module.contract"
    DESCRIPTION = __doc__ or ""

    def apply(self, given: StepInput) -> StepOutput | Refused:
        source_path = given.step.files[0]
        text = given.read(source_path)
        if text is None:
            return Refused(f"{source_path} does not exist")
        new = contract(text)
        if isinstance(new, Refused):
            return new
        return {source_path: new, _test_path(given, given.step.refactor): None}


BUILT_IN: tuple[type[StepCodemod], ...] = (
    ExtractExpand,
    ExtractMigrate,
    ExtractDeprecate,
    ExtractContract,
)


def load_codemods(repo: Path | None = None) -> dict[str, type[StepCodemod]]:
    """Built-in codemods, then the repository's own from ``codemods/*.py`` (same id: theirs wins)."""
    found = {c.ID: c for c in BUILT_IN}
    local = repo / "codemods" if repo is not None else None
    if local is None or not local.is_dir():
        return found
    for path in sorted(local.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"refcoord_local_codemods.{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, StepCodemod) and cls is not StepCodemod and cls.ID:
                found[cls.ID] = cls
    return found
