"""What expand needs to know about the source module: where each global is bound and used,
which uses run at import time, and which names only top-level imports bind. The names are
resolved by the kit's scope model (:mod:`refactor_coord.rewrite.scope`), by Python's rules: a
function's local that shares its name with a global is not a use of the global."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from refactor_coord.rewrite.cst_tools import defined_names
from refactor_coord.rewrite.imports import is_type_checking_block
from refactor_coord.rewrite.scope import NameUse, module_scope

_BUILTINS = frozenset(dir(builtins))


class AnalysisError(Exception):
    """The module cannot be analysed (it does not parse, or libcst and ast disagree on it)."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """The source module's globals: statements are numbered as in ``module.body``."""

    module: cst.Module
    defines: dict[str, int]  #: top-level name -> statement index (definitions only)
    imports: dict[str, cst.Import | cst.ImportFrom]  #: name bound only by top-level imports
    import_at: dict[str, int]  #: such a name -> the statement index of its (first) import
    #: such a name -> the other imports binding it (``import a`` then ``import a.b``: the second
    #: is what makes ``a.b`` an attribute, so moved code reading ``a.b`` needs both)
    more_imports: dict[str, list[cst.Import | cst.ImportFrom]]
    uses: dict[str, list[NameUse]]  #: global name -> its loads (not those in string annotations)
    bound_at: dict[str, set[int]]  #: global name -> indexes of the statements that bind it
    unresolved: list[tuple[int, str]]  #: (statement index, name) of global names bound nowhere
    star_import: bool  #: the module does ``from x import *`` at its top level
    #: global name -> indexes of the statements naming it in a string annotation (``x: "Decimal"``)
    in_strings: dict[str, set[int]]
    #: top-level function -> the top-level statements whose import-time code runs its body
    run_by: dict[int, frozenset[int]]
    #: top-level class -> the lines of its construction methods (what calling it runs)
    construction: dict[int, frozenset[int]]


def analyse(code: str) -> Analysis:
    """The analysis of ``code`` (``\\n`` line endings, no BOM). Raises
    ``cst.ParserSyntaxError`` when libcst cannot parse it, AnalysisError when ``ast`` cannot."""
    module = cst.parse_module(code)
    try:
        tree = ast.parse(code)
        scope = module_scope(tree)
    except (SyntaxError, ValueError) as error:
        raise AnalysisError(f"the source module does not parse: {error}") from None
    if scope.statements != len(module.body):
        raise AnalysisError("the source module's statements could not be told apart")
    defines: dict[str, int] = {}
    for i, stmt in enumerate(module.body):
        for name in defined_names(stmt):
            defines.setdefault(name, i)
    bound_at = {name: set(tops) for name, tops in scope.bound_at.items()}
    uses: dict[str, list[NameUse]] = {}
    in_strings: dict[str, set[int]] = {}
    unresolved: set[tuple[int, str]] = set()
    for name, loads in scope.uses.items():
        for use in loads:
            if use.in_string:
                if name in bound_at:
                    in_strings.setdefault(name, set()).add(use.top)
            elif name in bound_at:
                uses.setdefault(name, []).append(use)
            elif name not in _BUILTINS and not (name.startswith("__") and name.endswith("__")):
                unresolved.add((use.top, name))
    imports, import_at, more = _only_imported(module, bound_at)
    built = _construction(tree)
    return Analysis(
        module, defines, imports, import_at, more, uses, bound_at, sorted(unresolved),
        scope.star_import, in_strings, _run_by(module, defines, uses, built),
        {i: built[n] for n, i in defines.items() if n in built},
    )  # fmt: skip


#: The methods a call of a class runs (the rest run only when called on the instance).
_CONSTRUCTION = frozenset({"__new__", "__init__", "__post_init__"})


def _construction(tree: ast.Module) -> dict[str, frozenset[int]]:
    """Each top-level class's name -> the lines of its construction methods."""
    found: dict[str, frozenset[int]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            found[stmt.name] = frozenset(
                line
                for node in stmt.body
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and node.name in _CONSTRUCTION
                for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
            )
    return found


def _run_by(
    module: cst.Module,
    defines: dict[str, int],
    uses: dict[str, list[NameUse]],
    construction: dict[str, frozenset[int]],
) -> dict[int, frozenset[int]]:
    """For each top-level function or class the module calls while it is imported (at the
    top level, in a class body, as a decorator, and then what those call, and so on): the
    top-level statements whose import-time code runs its body (a class's construction
    methods: ``__new__``, ``__init__``, ``__post_init__``)."""
    runs = {
        i: construction.get(name) if isinstance(module.body[i], cst.ClassDef) else None
        for name, i in defines.items()
        if isinstance(module.body[i], (cst.FunctionDef, cst.ClassDef))
    }
    callers: dict[int, set[int]] = {}
    while True:
        grown = False
        for name, loads in uses.items():
            called = defines.get(name)
            if called not in runs:
                continue
            for use in loads:
                if not use.called:
                    continue
                by = {use.top} if use.at_import else set()
                if use.depth == 1 and use.top in callers and _runs(runs, use):
                    by |= callers[use.top]  # called from a body run at import time
                new = by - callers.get(called, set())
                if new:
                    callers.setdefault(called, set()).update(new)
                    grown = True
        if not grown:
            return {f: frozenset(by) for f, by in callers.items()}


def _runs(runs: dict[int, frozenset[int] | None], use: NameUse) -> bool:
    """Whether a load one body deep runs when its top-level function or class is called (a
    class: in its construction methods)."""
    lines = runs.get(use.top)
    return use.top in runs and (lines is None or use.line in lines)


def runs_at_import(a: Analysis, use: NameUse) -> bool:
    """Whether ``use`` is read while the module is imported: at the top level, or in the body
    of a function that import-time code calls (whoever calls it: a moved function that the code
    staying behind calls at import time reads the source through the target's import of it,
    which is not bound yet when the target was imported first)."""
    if use.at_import:
        return True
    if use.depth != 1 or not a.run_by.get(use.top):
        return False
    stmt = a.module.body[use.top]
    return not isinstance(stmt, cst.ClassDef) or use.line in a.construction.get(use.top, ())


def _only_imported(
    module: cst.Module, bound_at: dict[str, set[int]]
) -> tuple[
    dict[str, cst.Import | cst.ImportFrom],
    dict[str, int],
    dict[str, list[cst.Import | cst.ImportFrom]],
]:
    """The names only imports at the top of the module bind (on their own line, or under ``if
    TYPE_CHECKING:``), each with its first such import. Moved code gets a copy of these; a name
    another statement binds too (an import under ``try``, an ``if`` that picks one of two) is a
    global of the source like any other."""
    imports: dict[str, cst.Import | cst.ImportFrom] = {}
    import_at: dict[str, int] = {}
    statements: dict[str, set[int]] = {}
    more: dict[str, list[cst.Import | cst.ImportFrom]] = {}
    for i, small in _plain_imports(module):
        for name in _bound_names(small):
            if name in imports and small is not imports[name]:
                more.setdefault(name, []).append(small)
            imports.setdefault(name, small)
            import_at.setdefault(name, i)
            statements.setdefault(name, set()).add(i)
    only = [n for n in imports if bound_at.get(n, set()) <= statements[n]]  # in source order
    return (
        {n: imports[n] for n in only},
        {n: import_at[n] for n in only},
        {n: more[n] for n in only if n in more},
    )


def _plain_imports(module: cst.Module) -> Iterator[tuple[int, cst.Import | cst.ImportFrom]]:
    for i, stmt in enumerate(module.body):
        lines: list[cst.CSTNode] = [stmt]
        if is_type_checking_block(stmt):
            assert isinstance(stmt, cst.If)
            body = stmt.body
            lines = list(body.body) if isinstance(body, cst.IndentedBlock) else [body]
        for line in lines:
            if isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                for small in line.body:
                    if isinstance(small, (cst.Import, cst.ImportFrom)):
                        yield i, small


def _bound_names(small: cst.Import | cst.ImportFrom) -> list[str]:
    if isinstance(small.names, cst.ImportStar):
        return []
    names = []
    for alias in small.names:
        if alias.asname is not None:
            names.append(cst.ensure_type(alias.asname.name, cst.Name).value)
        else:
            full = alias.evaluated_name
            names.append(full.split(".")[0] if isinstance(small, cst.Import) else full)
    return names
