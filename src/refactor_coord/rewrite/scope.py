"""The kit's scope model: which binding every name a module loads reaches, by Python's rules.

Read from the standard :mod:`ast` (fast; positions are the ones the index stores): each scope
(module, function, lambda, class body, comprehension) binds the names its parameters, every
assignment form (``=``, ``+=``, annotated with a value, walrus, ``for``, ``with ... as``,
``except ... as``), ``import``, ``def``/``class``, ``del`` and match captures bind. A load
resolves where Python resolves it: a function's local (bound anywhere in the function), a
``global`` or ``nonlocal`` declaration, an enclosing function's variable (class bodies are
skipped by the functions inside them), a class body's own name (bound above the load), else
the module namespace (a global, or a builtin when the module binds no such name). A walrus in
a comprehension binds in the enclosing function.

:func:`module_scope` answers what the codemods ask: where each module global is bound (by
top-level statement), and every load that reaches the module namespace, with its position, its
top-level statement and whether it runs when the module is imported. The index's own walk
(:mod:`refactor_coord.analysis.extract_ast`) follows the same rules; a test holds the two to
the same answers on the standard library.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from refactor_coord.domain.modules import imported_module, resolve_relative
from refactor_coord.rewrite.outcome import Refused


@dataclass(frozen=True, slots=True)
class NameUse:
    """A load of a name that reaches the module namespace."""

    name: str
    line: int
    col: int  #: ast's column: UTF-8 bytes from the start of the line
    top: int  #: index of its top-level statement (as libcst counts them: ``a; b`` is one)
    at_import: bool  #: evaluated when the module runs, not only when a function is called
    in_string: bool  #: read from a string annotation (``x: "Decimal"``): not at its position
    called: bool = False  #: the load is called there: ``name(...)`` or a decorator ``@name``
    #: how many function (or lambda) bodies it is in: 1 for a top-level function's own body,
    #: which runs whenever that function is called
    depth: int = 0
    #: in an annotation Python never evaluates (``from __future__ import annotations``)
    deferred: bool = False


@dataclass(frozen=True, slots=True)
class Read:
    """Any load of a name, with what the scope it reaches binds that name to."""

    name: str
    line: int
    col: int  #: UTF-8 bytes, as ``ast`` counts
    #: for each binding of the name in that scope: the module (or module attribute) an import
    #: binds it to (``import a.b``: ``a``; ``from a import b``: ``a.b``), or None for any other
    #: binding; empty for a builtin or a name bound nowhere
    imports: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class ModuleScope:
    """What a module's code says of its global names."""

    #: module global -> the top-level statements binding it (also from a function's ``global``)
    bound_at: Mapping[str, frozenset[int]]
    #: name -> every load of it that reaches the module namespace, in source order
    uses: Mapping[str, tuple[NameUse, ...]]
    star_import: bool  #: the module does ``from x import *`` at its top level
    statements: int  #: how many top-level statements the module has (as libcst counts them)
    reads: tuple[Read, ...]  #: every load of a name (string annotations aside), in source order


def function_locals(tree: ast.Module) -> frozenset[str]:
    """Every name a function (or lambda) of the module binds in its own scope: its
    parameters and what its body assigns (a read of such a name there is that local's)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            found |= {a.arg for a in parameters(node.args)}
            found |= declared_in(node.body)
    return frozenset(found)


def parsed(text: str) -> ast.Module | Refused:
    """``text`` parsed, or Refused saying where it does not parse."""
    try:
        return ast.parse(text)
    except SyntaxError as error:
        return Refused(f"the module does not parse: {error.msg} (line {error.lineno})")


def module_scope(tree: ast.Module, module: str = "", is_package: bool = False) -> ModuleScope:
    """The scope facts of a parsed module (``module``: its name, for relative imports)."""
    walk = _Walk(_top_indexes(tree.body), module, is_package)
    walk.module(tree)
    uses: dict[str, list[NameUse]] = {}
    reads: list[Read] = []
    for load in walk.loads:
        scope = _resolve(load)
        if scope is walk.root or scope is None:
            uses.setdefault(load.name, []).append(load.use)
        if not load.use.in_string:
            how = tuple(scope.bound_how.get(load.name, ())) if scope is not None else ()
            reads.append(Read(load.name, load.use.line, load.use.col, how))
    bound = {name: frozenset(tops) for name, tops in walk.root.bound_at.items()}
    statements = max(walk.tops.values(), default=-1) + 1
    return ModuleScope(
        bound, {n: tuple(u) for n, u in uses.items()}, walk.star, statements, tuple(reads)
    )


@dataclass(slots=True, eq=False)
class _Scope:
    kind: str  #: module | function | class | comprehension
    parent: _Scope | None
    bound: set[str] = field(default_factory=set)
    bound_line: dict[str, int] = field(default_factory=dict)  #: class bodies: first binding line
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    bound_at: dict[str, set[int]] = field(default_factory=dict)  #: module scope only
    #: name -> for each binding: the module an import binds it to, or None (see Read.imports)
    bound_how: dict[str, list[str | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Load:
    name: str
    scope: _Scope
    use: NameUse


def _resolve(load: _Load) -> _Scope | None:
    """The scope whose binding the load reaches: the module's for a global (also one bound
    nowhere, a builtin's name), None only when a ``nonlocal`` name has no enclosing binding."""
    scope: _Scope | None = load.scope
    name = load.name
    first = True
    while scope is not None:
        if scope.kind == "module":
            return scope
        if name in scope.declared_global:
            return _root(scope)
        if scope.kind == "class":
            if first and scope.bound_line.get(name, load.use.line) < load.use.line:
                return scope
        elif name in scope.bound and name not in scope.declared_nonlocal:
            return scope
        first = False
        scope = scope.parent
    return None


def _root(scope: _Scope) -> _Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


def _top_indexes(body: list[ast.stmt]) -> dict[int, int]:
    """id(statement) -> its top-level statement index as libcst counts them: simple statements
    joined by ``;`` on one line are one statement."""
    tops: dict[int, int] = {}
    index = -1
    previous: ast.stmt | None = None
    for stmt in body:
        joined = (
            previous is not None
            and _is_simple(previous)
            and _is_simple(stmt)
            and stmt.lineno == previous.end_lineno
        )
        index += 0 if joined else 1
        tops[id(stmt)] = index
        previous = stmt
    return tops


_COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.TryStar,
    ast.Match,
)


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _is_simple(stmt: ast.stmt) -> bool:
    return not isinstance(stmt, _COMPOUND)


class _Walk:
    """One pass over the tree: every scope's bindings and every load, with its context."""

    def __init__(self, tops: dict[int, int], module: str, is_package: bool) -> None:
        self.tops = tops
        self.module_name, self.is_package = module, is_package
        self.root = _Scope("module", None)
        self.scope = self.root
        self.top = 0
        self.at_import = True
        self.depth = 0
        self.calling = False  # the next Name loaded is called (a callee or a decorator)
        self.lazy_annotations = False
        self.deferred = False  # in an annotation that is never evaluated
        self.star = False
        self.loads: list[_Load] = []

    # -- structure ---------------------------------------------------------------------------
    def module(self, tree: ast.Module) -> None:
        self.lazy_annotations = any(
            isinstance(s, ast.ImportFrom)
            and s.module == "__future__"
            and any(a.name == "annotations" for a in s.names)
            for s in tree.body
        )
        for stmt in tree.body:
            self.top = self.tops[id(stmt)]
            self.stmt(stmt)

    def stmt(self, node: ast.stmt) -> None:
        method = getattr(self, f"stmt_{type(node).__name__}", None)
        if method is not None:
            method(node)
        else:
            self.children(node)

    def stmt_If(self, node: ast.If) -> None:
        """``if __name__ == "__main__":`` at the top of a module runs when the module is run
        as a script, not when it is imported: its body is no import-time code."""
        if self.scope is not self.root or not _is_main_guard(node.test):
            self.children(node)
            return
        self.expr(node.test)
        outer, self.at_import = self.at_import, False
        for stmt in node.body:
            self.stmt(stmt)
        self.at_import = outer
        for stmt in node.orelse:  # the else runs when the module is imported
            self.stmt(stmt)

    def children(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                self.stmt(child)
            elif isinstance(child, ast.expr):
                self.expr(child)
            else:
                self.other(child)

    def other(self, node: ast.AST) -> None:
        if (isinstance(node, ast.ExceptHandler) and node.name) or (
            isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name
        ):
            self.bind(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self.bind(node.rest)
        elif isinstance(node, ast.alias):
            return
        self.children(node)

    # -- bindings ----------------------------------------------------------------------------
    def bind(
        self, name: str, scope: _Scope | None = None, line: int = 0, imported: str | None = None
    ) -> None:
        scope = scope or self.scope
        if name in scope.declared_global and scope is not self.root:
            scope = self.root
        scope.bound.add(name)
        scope.bound_how.setdefault(name, []).append(imported)
        if scope.kind == "class":
            scope.bound_line.setdefault(name, line)
        if scope is self.root:
            scope.bound_at.setdefault(name, set()).add(self.top)

    def stmt_Global(self, node: ast.Global) -> None:
        self.scope.declared_global.update(node.names)

    def stmt_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.declared_nonlocal.update(node.names)

    def stmt_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            imported = alias.name if alias.asname else alias.name.split(".")[0]
            self.bind(imported if not alias.asname else alias.asname, line=node.lineno,
                      imported=imported)  # fmt: skip

    def stmt_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = resolve_relative(self.module_name, self.is_package, node.module, node.level)
        for alias in node.names:
            if alias.name == "*":
                self.star = self.star or self.scope is self.root
            else:
                imported = f"{base}.{alias.name}" if base else None
                self.bind(alias.asname or alias.name, line=node.lineno, imported=imported)

    def stmt_Assign(self, node: ast.Assign) -> None:
        """``mod = importlib.import_module("a.b")`` binds ``mod`` as ``import a.b as mod``
        does (the index reads it the same way)."""
        module = imported_module(node.value)
        for target in node.targets:
            if module is not None and isinstance(target, ast.Name):
                self.bind(target.id, line=target.lineno, imported=module)
            else:
                self.expr(target)
        self.expr(node.value)

    def stmt_AugAssign(self, node: ast.AugAssign) -> None:
        self.expr(node.value)
        if isinstance(node.target, ast.Name):  # ``x += 1`` reads x, then binds it
            self.expr(ast.Name(node.target.id, ast.Load(), **_position(node.target)))
        self.expr(node.target)

    def stmt_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.annotation(node.annotation)
        if node.value is not None:
            self.expr(node.value)
        if isinstance(node.target, ast.Name):
            if node.value is not None or self.scope.kind != "module":
                self.bind(node.target.id, line=node.lineno)  # ``x: int`` makes x local
        else:
            self.expr(node.target)

    def stmt_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.callee(decorator)
        self.signature(node.args)
        if node.returns is not None:
            self.annotation(node.returns)
        self.bind(node.name, line=node.lineno)
        self.function_body(node.args, node.body)

    stmt_AsyncFunctionDef = stmt_FunctionDef

    def stmt_ClassDef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.callee(decorator)
        for expr in (*node.bases, *(k.value for k in node.keywords)):
            self.expr(expr)
        outer = self.scope
        self.scope = _Scope("class", outer)
        for stmt in node.body:
            self.stmt(stmt)
        self.scope = outer
        self.bind(node.name, line=node.lineno)

    # -- functions ---------------------------------------------------------------------------
    def signature(self, args: ast.arguments) -> None:
        """Defaults and annotations, evaluated where the function is defined."""
        for default in (*args.defaults, *(d for d in args.kw_defaults if d is not None)):
            self.expr(default)
        for arg in parameters(args):
            if arg.annotation is not None:
                self.annotation(arg.annotation)

    def function_body(self, args: ast.arguments, body: list[ast.stmt] | ast.expr) -> None:
        outer, outer_import = self.scope, self.at_import
        self.scope, self.at_import = _Scope("function", outer), False
        self.depth += 1
        for arg in parameters(args):
            self.bind(arg.arg)
        for name in declared_in(body):  # a name bound anywhere in the function is local
            self.scope.bound.add(name)
        if isinstance(body, list):
            for stmt in body:
                self.stmt(stmt)
        else:
            self.expr(body)
        self.scope, self.at_import = outer, outer_import
        self.depth -= 1

    def annotation(self, node: ast.expr) -> None:
        outer, outer_deferred = self.at_import, self.deferred
        self.at_import = self.at_import and not self.lazy_annotations
        self.deferred = self.lazy_annotations
        for string in _strings_in(node):
            self.string_annotation(string)
        self.expr(node)
        self.at_import, self.deferred = outer, outer_deferred

    def string_annotation(self, node: ast.Constant) -> None:
        try:
            parsed = ast.parse(str(node.value).strip(), mode="eval")
        except SyntaxError:
            return
        for name in (n for n in ast.walk(parsed) if isinstance(n, ast.Name)):
            use = NameUse(name.id, node.lineno, node.col_offset, self.top, False, True)
            self.loads.append(_Load(name.id, self.scope, use))

    # -- expressions -------------------------------------------------------------------------
    def callee(self, node: ast.expr) -> None:
        """An expression that is called where it stands (a decorator, a call's function)."""
        self.calling = isinstance(node, ast.Name)
        self.expr(node)
        self.calling = False

    def expr(self, node: ast.expr) -> None:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                at = (node.lineno, node.col_offset, self.top, self.at_import, False)
                use = NameUse(node.id, *at, self.calling, self.depth, self.deferred)
                self.loads.append(_Load(node.id, self.scope, use))
            else:
                self.bind(node.id, line=node.lineno)
        elif isinstance(node, ast.Call):
            self.callee(node.func)
            for part in (*node.args, *(k.value for k in node.keywords)):
                self.expr(part)
        elif isinstance(node, ast.NamedExpr):
            self.expr(node.value)
            self.bind(node.target.id, self.walrus_scope(), node.lineno)
        elif isinstance(node, ast.Lambda):
            self.signature(node.args)
            self.function_body(node.args, node.body)
        elif isinstance(node, _COMPREHENSIONS):
            self.comprehension(node)
        else:
            self.children(node)

    def walrus_scope(self) -> _Scope:
        scope = self.scope
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        return scope

    def comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        first, *rest = node.generators
        self.expr(first.iter)  # evaluated in the enclosing scope
        outer = self.scope
        self.scope = _Scope("comprehension", outer)
        self.expr(first.target)
        for condition in first.ifs:
            self.expr(condition)
        for generator in rest:
            self.expr(generator.iter)
            self.expr(generator.target)
            for condition in generator.ifs:
                self.expr(condition)
        parts = (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)
        for part in parts:
            self.expr(part)
        self.scope = outer


def _is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return False
    sides = [test.left, *test.comparators]
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    strings = {s.value for s in sides if isinstance(s, ast.Constant)}
    return isinstance(test.ops[0], ast.Eq) and names == {"__name__"} and strings == {"__main__"}


def _position(node: ast.expr) -> dict[str, int]:
    return {"lineno": node.lineno, "col_offset": node.col_offset}


def parameters(args: ast.arguments) -> Iterator[ast.arg]:
    """Every parameter of a ``def`` or ``lambda``, ``*args`` and ``**kwargs`` last."""
    yield from (*args.posonlyargs, *args.args, *args.kwonlyargs)
    if args.vararg is not None:
        yield args.vararg
    if args.kwarg is not None:
        yield args.kwarg


def declared_in(body: list[ast.stmt] | ast.expr) -> set[str]:
    """Every name a function (or class) body binds (not inside nested functions, classes or
    comprehensions, which are scopes of their own; a walrus in a comprehension counts)."""
    found: set[str] = set()
    stack: list[ast.AST] = list(body) if isinstance(body, list) else [body]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
            stack += [*node.decorator_list, *_defaults_and_bases(node)]
            continue
        if isinstance(node, ast.Lambda):
            stack += [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]
            continue
        if isinstance(node, ast.comprehension):  # its target is the comprehension's own
            stack += [node.iter, *node.ifs]
            continue
        found |= _names_bound_by(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _defaults_and_bases(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
) -> list[ast.expr]:
    if isinstance(node, ast.ClassDef):
        return [*node.bases, *(k.value for k in node.keywords)]
    return [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]


def _names_bound_by(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return {node.id}
    if isinstance(node, ast.NamedExpr):
        return {node.target.id}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {
            a.asname or (a.name.split(".")[0] if isinstance(node, ast.Import) else a.name)
            for a in node.names
            if a.name != "*"
        }
    if isinstance(node, ast.ExceptHandler) and node.name:
        return {node.name}
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return {node.name}
    if isinstance(node, ast.MatchMapping) and node.rest:
        return {node.rest}
    return set()


def _strings_in(node: ast.expr) -> Iterator[ast.Constant]:
    """The string constants of an annotation (``"Decimal"``, ``list["Item"]``)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child


def bound_only_by_module_imports(tree: ast.Module, name: str) -> bool:
    """Whether nothing but imports at module level binds ``name`` anywhere in the module: then
    every read of it reaches one of those imports (or a builtin), and the full model need not be
    built. A quick pass over the tree."""
    stack: list[tuple[ast.AST, bool]] = [(tree, True)]
    while stack:
        node, at_module = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if not at_module and name in _names_bound_by(node):
                return False
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name == name:
                return False
            at_module = False
        elif isinstance(node, (ast.Lambda, *_COMPREHENSIONS)):
            at_module = False
        elif (
            (isinstance(node, ast.arg) and node.arg == name)
            or (isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names)
            or name in _names_bound_by(node)
        ):
            return False
        stack.extend((child, at_module) for child in ast.iter_child_nodes(node))
    return True


def read_only_as_a_module(text: str, tree: ast.Module, name: str) -> bool:
    """A cheaper, textual sufficient condition for :func:`bound_only_by_module_imports`:
    every mention of ``name`` outside the module's top-level import statements is followed by
    a dot (``name.attr``: a read). Any binding of a name spells it without a dot after it
    (``name =``, ``as name``, ``def f(name)``, ``for name in``...), so then nothing else binds
    it. False means "maybe": ask the tree."""
    imports = [
        (stmt.lineno, stmt.end_lineno or stmt.lineno)
        for stmt in tree.body
        if isinstance(stmt, (ast.Import, ast.ImportFrom))
    ]
    starts = [0]
    for text_line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(text_line))
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
    for match in pattern.finditer(text):
        if text[match.end() : match.end() + 1] == ".":
            continue
        number = bisect.bisect_right(starts, match.start())  # 1-based
        if not any(first <= number <= last for first, last in imports):
            return False
    return True
