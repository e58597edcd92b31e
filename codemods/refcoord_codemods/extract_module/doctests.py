"""Doctests are code that runs with a copy of their module's globals: after expand, an example
in the source that uses a moved name, or an example in moved code that uses a name staying in
the source, would fail with NameError (neither module binds the other's names: each reads them
as ``_alias.name``). This pass gives such a docstring's examples the import they now need, as an
example line of their own before the first example that needs it, so the documentation shows
where the name comes from."""

from __future__ import annotations

import ast
import builtins
import doctest
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from refactor_coord.rewrite.cst_tools import attach, detach
from refactor_coord.rewrite.scope import module_scope
from refcoord_codemods.extract_module.expand import Expanded

_BUILTINS = frozenset(dir(builtins))
_PARSER = doctest.DocTestParser()


@dataclass(frozen=True, slots=True)
class _Need:
    """One docstring's examples that read names their module no longer binds."""

    line: int  #: the file line (1-based) of the first example that reads one of them
    indent: int
    names: tuple[str, ...]


def with_doctest_imports(code: str, module: str, missing: Callable[[str], bool]) -> str:
    """``code`` with ``>>> from <module> import <names>`` added to each docstring whose examples
    read, before binding them, names for which ``missing(name)`` holds. ``code`` that does not
    parse is returned as it is (expand has checked it already)."""
    text, form = detach(code)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return code
    lines = text.splitlines(keepends=True)
    for need in sorted(_needs(tree, missing), key=lambda n: -n.line):
        names = ", ".join(need.names)
        lines.insert(need.line - 1, f"{' ' * need.indent}>>> from {module} import {names}\n")
    return attach("".join(lines), form)


def _needs(tree: ast.Module, missing: Callable[[str], bool]) -> Iterator[_Need]:
    for string in _docstrings(tree):
        need = _need(string, missing)
        if need is not None:
            yield need


def _docstrings(tree: ast.Module) -> Iterator[ast.Constant]:
    """The docstrings of the module, its classes and functions, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                yield first.value


def _need(string: ast.Constant, missing: Callable[[str], bool]) -> _Need | None:
    """The names the docstring's examples read before binding them, and where the first of
    those examples is; None when there are none (or the string's text is not its source's:
    escapes would make the example lines unknowable)."""
    text = str(string.value)
    if ">>>" not in text or string.end_lineno is None:
        return None
    if text.count("\n") != string.end_lineno - string.lineno:
        return None
    bound: set[str] = set()
    needed: list[str] = []
    first: doctest.Example | None = None
    for example in _PARSER.get_examples(text):
        loads, stores = _names(example.source)
        new = [n for n in loads if n not in bound and n not in needed and missing(n)]
        if new and first is None:
            first = example
        needed += new
        bound |= stores
    if first is None:
        return None
    return _Need(string.lineno + first.lineno, first.indent, tuple(needed))


def _names(source: str) -> tuple[list[str], set[str]]:
    """An example's global reads (in order, builtins left out) and the names it binds."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [], set()
    loads: list[str] = []
    stores: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id not in _BUILTINS:
                loads.append(node.id)
            else:
                stores.add(node.id)
        elif isinstance(node, ast.alias):
            stores.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(node.name)
    return [n for n in dict.fromkeys(loads) if n not in stores], stores


def expanded_with_doctest_imports(
    expanded: Expanded, source_code: str, source_module: str, target_module: str
) -> Expanded:
    """The expand step's result with its doctests given what they read across the two modules:
    the source's examples import moved names from the target, the moved examples import from
    the source the names that stay there."""
    moved = set(expanded.moved)
    staying = _globals(source_code) - moved
    in_target = _globals(expanded.target)
    return replace(
        expanded,
        source=with_doctest_imports(expanded.source, target_module, moved.__contains__),
        target=with_doctest_imports(
            expanded.target, source_module, lambda n: n in staying and n not in in_target
        ),
    )


def _globals(code: str) -> set[str]:
    """The names ``code`` binds in its module namespace (empty when it does not parse)."""
    try:
        return set(module_scope(ast.parse(detach(code)[0])).bound_at)
    except (SyntaxError, ValueError):
        return set()
