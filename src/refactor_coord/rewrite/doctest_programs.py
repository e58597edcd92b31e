"""A file's doctest examples read as one program: the code after each ``>>> `` prompt and the
``... `` lines that continue it, in order, one program line per example line (doctest's shared
globals run them so: an ``import`` or an assignment in one example binds the name for the
next). Readers that need Python (a type inferencer, a rewrite by position) work on the program
and map places back to the file. Pure: text in, program and places out."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.doctest_imports import PROMPT
from refactor_coord.rewrite.positions import source_lines

_LINE = re.compile(rf"^(?P<head>{PROMPT} ?)(?P<code>.*?)(?P<end>\r?\n?)$")


@dataclass(frozen=True, slots=True)
class ExampleLine:
    """One line of example code: where it stands in the file (1-based line; the column, in
    characters from 0, where its code starts after the prompt) and the code."""

    line: int
    col: int
    code: str


def example_lines(text: str) -> tuple[ExampleLine, ...]:
    """The example lines of ``text`` (a documentation file, or a Python file's docstrings): a
    ``>>>`` line, and the ``...`` lines right after it (a ``...`` line in an example's output,
    such as a traceback's, is output)."""
    found: list[ExampleLine] = []
    in_source = False
    for number, line in enumerate(source_lines(text), 1):  # as ast and jedi count lines
        match = _LINE.match(line)
        starts = match is not None and match["head"].lstrip().startswith(">>>")
        if match is not None and (starts or in_source):
            found.append(ExampleLine(number, len(match["head"]), match["code"]))
            in_source = True
        else:
            in_source = False
    return tuple(found)


def program_of(lines: Sequence[ExampleLine]) -> str:
    """The example lines as one program (program line ``i`` is ``lines[i - 1]``)."""
    return "".join(f"{example.code}\n" for example in lines)


def with_examples(text: str, lines: Sequence[ExampleLine], codes: Sequence[str]) -> str:
    """``text`` with the code of each example line in ``lines`` replaced by the matching one
    of ``codes`` (what stands before its column, the prompt, and its line ending kept)."""
    out = source_lines(text)
    for example, code in zip(lines, codes, strict=True):
        if code == example.code:
            continue
        line = out[example.line - 1]
        body = line.rstrip("\r\n")
        out[example.line - 1] = f"{body[: example.col]}{code}{line[len(body) :]}"
    return "".join(out)


def namespace_prelude(conftests: Sequence[str]) -> str:
    """What pytest's ``doctest_namespace`` gives every doctest, as code to run before the
    examples, from the ``conftest.py`` texts that assign it (semver's autouse fixture gives its
    docs ``semver`` and ``Version`` without an import). A name given a module the conftest
    imports becomes an import of it (``doctest_namespace["semver"] = semver``: ``import
    semver``), so what the examples reach through it reads as imported; any other name an
    assignment after the conftest's imports (``Version = semver.version.Version``): the
    examples can only call it by that name, which is the conftest's key, so their uses of it
    are not the old name's to rename. Empty when none assigns any."""
    lines: list[str] = []
    for text in conftests:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        modules = _imported_modules(tree)
        for node in ast.walk(tree):
            name = _namespace_key(node) if isinstance(node, ast.Assign) else None
            if name is None:
                continue
            assert isinstance(node, ast.Assign)
            given = ast.unparse(node.value)
            if given in modules:
                lines.append(f"import {given}" if name == given else f"import {given} as {name}")
            else:
                lines += [*_absolute_imports(tree), f"{name} = {given}"]
    return "".join(f"{line}\n" for line in dict.fromkeys(lines))


def _absolute_imports(tree: ast.Module) -> list[str]:
    """A module's top-level absolute import statements, as code."""
    return [
        ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and not node.level)
    ]


def _imported_modules(tree: ast.Module) -> frozenset[str]:
    """The modules a module's top-level ``import`` statements name, as its code then spells
    them (``import a.b`` makes ``a`` and ``a.b``; ``import a.b as x``, ``x``)."""
    spelled: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                spelled |= (
                    {alias.asname}
                    if alias.asname
                    else {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
                )
    return frozenset(spelled)


def _namespace_key(node: ast.Assign) -> str | None:
    """NAME of ``doctest_namespace["NAME"] = ...``, else None."""
    target = node.targets[0] if len(node.targets) == 1 else None
    if not isinstance(target, ast.Subscript) or not isinstance(target.value, ast.Name):
        return None
    key = target.slice
    if target.value.id != "doctest_namespace" or not isinstance(key, ast.Constant):
        return None
    return key.value if isinstance(key.value, str) and key.value.isidentifier() else None


def given_unless_bound(prelude: str, program: str) -> str:
    """The lines of ``prelude`` (:func:`namespace_prelude`) that bind a name ``program`` (the
    examples) does not bind itself: an example's own ``from semver import Version`` is how
    that name is read, and two bindings of it would make every use of it uncertain."""
    try:
        bound = _top_level_names(ast.parse(program))
    except SyntaxError:
        return prelude
    kept: list[str] = []
    for line in prelude.splitlines():
        names = _top_level_names(ast.parse(line))
        if not names & bound:
            kept.append(line)
    return "".join(f"{line}\n" for line in kept)


def _top_level_names(tree: ast.Module) -> set[str]:
    """The names a module's top-level statements bind (imports, assignments, definitions)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {a.asname or a.name.partition(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names
