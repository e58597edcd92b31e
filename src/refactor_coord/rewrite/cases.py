"""Before/after cases of step codemods, stored beside each codemod (in the spirit of Fixit's
``VALID``/``INVALID`` rule cases and LibCST's ``CodemodTest.assertCodemod``).

A :class:`Case` is data: the codemod's arguments as a plan stores them, the repository's files
before, and either the files after or the reason the codemod refuses. :func:`run_case` carries
one out against a codemod class (the step and its input built from the case, the arguments
checked against the codemod's ``Args``) and describes any mismatch; :func:`cases_of` finds a
codemod's cases (its ``CASES``: the cases themselves, or the module that holds them). The
generic test ``tests/test_codemod_cases.py`` runs every registered codemod's cases. Pure: the
files live in the case, nothing touches the disk.
"""

from __future__ import annotations

import difflib
import importlib
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from refactor_coord.domain.facts import Reference
from refactor_coord.domain.plan import ArgValue, CodemodCall, Rating, Risk, Rollback, Step
from refactor_coord.rewrite.args import BadArgs, parse_args
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.step import StepCodemod, StepInput

Codemod = type[StepCodemod[Any]]
#: (files, path -> (module, is_package), qualified name) -> the references the index would
#: prove among the files (:func:`refactor_coord.analysis.in_memory.proven_references`)
FindReferences = Callable[
    [Mapping[str, str], Callable[[str], tuple[str, bool]], str], tuple[Reference, ...]
]


@dataclass(frozen=True, slots=True)
class Case:
    """One before/after case of a step codemod: files in, files out (or a refusal).

    Files are ``{repository path: text}``, exactly as written (see :func:`dedent`). ``after``
    lists the files the step changes: their new text, or None for a deleted file; every other
    file must come out as it went in. With ``refused`` the codemod must return
    :class:`Refused` with a reason containing it (and ``after`` stays empty)."""

    name: str
    args: Mapping[str, ArgValue]  #: the codemod's arguments as plan data
    before: Mapping[str, str]
    after: Mapping[str, str | None] = field(default_factory=dict)
    refused: str | None = None  #: a substring of the expected ``Refused.reason``
    files: tuple[str, ...] | None = None  #: the step's files (default: those in ``before``)
    tests: tuple[str, ...] = ()  #: the step's test files
    modules: Mapping[str, str] = field(default_factory=dict)  #: path -> module, when not derived
    used_elsewhere: frozenset[str] = frozenset()  #: qualified names code in other files uses
    #: qualified names the project's interpreter can import or reach (a library's names)
    resolves: frozenset[str] = frozenset()
    #: top-level import name -> the distribution installed for it
    distributions: Mapping[str, str] = field(default_factory=dict)
    warn: str = "after-migrate"
    remove_in: str | None = None
    campaign: str = "campaign"
    refactor: str = "move"  #: the refactoring's id

    def __post_init__(self) -> None:
        if self.refused is not None and self.after:
            raise ValueError(f"case {self.name}: expects both files after and a refusal")


def dedent(text: str) -> str:
    """``text`` dedented, without its first newline: how cases write files inline."""
    return textwrap.dedent(text).removeprefix("\n")


def cases_of(codemod: Codemod) -> tuple[Case, ...]:
    """The codemod's cases: its ``CASES``, or, when that names a module, the cases that
    module's ``CASES`` mapping holds under the codemod's id (imported only when asked)."""
    found: object = codemod.CASES
    if isinstance(found, str):
        found = getattr(importlib.import_module(found), "CASES", {}).get(codemod.ID, ())
    cases = tuple(found) if isinstance(found, (tuple, list)) else None
    if cases is None or not all(isinstance(case, Case) for case in cases):
        raise TypeError(f"{codemod.ID}: CASES holds something other than cases: {found!r}")
    return cases


def module_of(case: Case, path: str) -> tuple[str, bool]:
    """The module at ``path`` (and whether it is a package): as the case names it, else from
    the path (``pkg/mod.py`` is ``pkg.mod``, ``pkg/__init__.py`` the package ``pkg``)."""
    is_package = path.endswith("/__init__.py") or path == "__init__.py"
    if path in case.modules:
        return case.modules[path], is_package
    stem = path.removesuffix(".py").removesuffix("__init__").rstrip("/")
    return stem.replace("/", "."), is_package


def step_input(codemod: Codemod, case: Case, find: FindReferences | None = None) -> StepInput:
    """What the codemod gets for ``case``: a one-step plan's step over the case's files (the
    references the index would prove found by ``find``, when given)."""
    files = case.files if case.files is not None else tuple(case.before)
    low = Rating("Low", (), ())
    step = Step(
        number=1,
        key=f"{case.refactor}:{case.name}",
        refactor=case.refactor,
        phase=codemod.ID.rsplit(".", 1)[-1],
        title=case.name,
        files=files,
        sites=(),
        depends_on=(),
        parallel_with=(),
        why="",
        risk=Risk(low, low, low),
        rollback=Rollback("revert", (), False, ""),
        tests=case.tests,
        codemod=CodemodCall(codemod.ID, tuple(case.args.items())),
        pr_title=case.name,
    )
    paths = {module_of(case, path)[0]: path for path in case.before if path.endswith(".py")}
    return StepInput(
        step=step,
        campaign=case.campaign,
        remove_in=case.remove_in,
        warn=case.warn,
        read=case.before.get,
        module_of=lambda path: module_of(case, path),
        path_of=paths.get,
        used_elsewhere=lambda qname, path: qname in case.used_elsewhere,
        sites=(
            (lambda qname: find(case.before, lambda path: module_of(case, path), qname))
            if find is not None
            else lambda qname: ()
        ),
        resolves=lambda names: frozenset(names) & case.resolves,
        distribution_of=case.distributions.get,
    )


def run_case(codemod: Codemod, case: Case, find: FindReferences | None = None) -> str | None:
    """Carry out ``case`` with ``codemod``: None when the outcome is the expected one, else
    what differs, readably (a diff per file). ``find``: how the index would prove references
    (the cases of codemods that ask for them need it)."""
    args = parse_args(codemod.Args, case.args)
    if isinstance(args, BadArgs):
        return f"{case.name}: the arguments do not fit {codemod.ID}: " + "; ".join(args.problems)
    result = codemod().apply(step_input(codemod, case, find), args)
    if case.refused is not None:
        if not isinstance(result, Refused):
            return f"{case.name}: expected a refusal ({case.refused!r}), got {sorted(result)}"
        if case.refused not in result.reason:
            return f"{case.name}: refused for another reason: {result.reason!r}"
        return None
    if isinstance(result, Refused):
        return f"{case.name}: refused: {result.reason}"
    got, expected = _files_after(case.before, result), _files_after(case.before, case.after)
    problems = [
        _difference(path, expected.get(path), got.get(path))
        for path in sorted(set(got) | set(expected))
    ]
    problems += [_compiles(path, got.get(path)) for path in sorted(result)]
    found = [problem for problem in problems if problem]
    return f"{case.name}:\n" + "\n".join(found) if found else None


def _files_after(before: Mapping[str, str], changes: Mapping[str, str | None]) -> dict[str, str]:
    """The repository's files once ``changes`` are made (None: the file is deleted)."""
    files = {**before, **changes}
    return {path: text for path, text in files.items() if text is not None}


def _difference(path: str, expected: str | None, got: str | None) -> str:
    if expected == got:
        return ""
    if expected is None or got is None:
        return f"{path}: expected {_state(expected)}, got {_state(got)}"
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        got.splitlines(keepends=True),
        f"{path} (expected)",
        f"{path} (got)",
    )
    return "".join(map(_visible, lines))


def _state(text: str | None) -> str:
    return "no file" if text is None else f"a file of {len(text)} characters"


def _visible(line: str) -> str:
    """A diff line, with what a terminal does not show (``\\r``, a BOM, a missing final newline)
    spelled out."""
    body = line.removesuffix("\n")
    if "\r" in body or "\ufeff" in body or "\t" in body or not line.endswith("\n"):
        return f"{line[:1]}{body[1:]!r}\n"
    return line


def _compiles(path: str, text: str | None) -> str:
    """Empty when ``text`` (at a ``.py`` path) is Python that compiles, else why not."""
    if text is None or not path.endswith(".py"):
        return ""
    try:
        compile(text.removeprefix("\ufeff"), path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return f"{path}: does not compile: {error}"
    return ""
