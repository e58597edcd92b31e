"""The ``__all__`` that expand gives a star-imported source module that has none.

Without ``__all__``, ``from source import *`` brings the module's public globals, and the names
the shim serves through ``__getattr__`` are not globals. With an ``__all__``, the star import
reads each listed name with ``getattr``, which reaches ``__getattr__``. So expand lists what the
star import brought before the change: every global not starting with an underscore, moved names
included. Globals are read from the code as Python binds them: definitions, assignments (walrus
included), imports (a package's ``from .sub import x`` also binds ``sub``), names bound in
top-level ``if``/``try``/``with``/``for``/``while``/``match`` blocks; ``del`` and ``except ...
as e`` unbind. A name bound on some paths only is listed when the module, once run, has it (a
listed name the module lacks would make the star import fail). Globals set dynamically
(``globals()[...] = ...``) cannot be seen.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.import_block import member_key


@dataclass(frozen=True, slots=True)
class _State:
    """Names bound at a point of the module: surely (on every path), or maybe (on some)."""

    sure: frozenset[str] = frozenset()
    maybe: frozenset[str] = frozenset()

    def bind(self, names: Iterable[str]) -> _State:
        new = frozenset(names)
        return _State(self.sure | new, self.maybe | new)

    def unbind(self, names: Iterable[str]) -> _State:
        gone = frozenset(names)
        return _State(self.sure - gone, self.maybe - gone)

    def either(self, other: _State) -> _State:
        """After one of two paths."""
        return _State(self.sure & other.sure, self.maybe | other.maybe)


class _Unknowable(Exception):
    """The module has a star import itself: what it binds cannot be read from its code."""


@dataclass(frozen=True, slots=True)
class StarNames:
    """What ``from <module> import *`` brings from a module without ``__all__``."""

    sure: tuple[str, ...]  #: public names bound on every path through the module
    maybe: tuple[str, ...]  #: public names bound on some paths only


def star_names(code: str, module: str, is_package: bool) -> StarNames | None:
    """The public globals of a module, read from its code (without a BOM); None when it
    star-imports another module (its globals are then unknown)."""
    binder = _Binder(module if is_package else None)
    try:
        state = binder.block(ast.parse(code).body, _State())
    except _Unknowable:
        return None
    sure = sorted(n for n in state.sure if not n.startswith("_"))
    maybe = sorted(n for n in state.maybe - state.sure if not n.startswith("_"))
    return StarNames(tuple(sure), tuple(maybe))


@dataclass(frozen=True, slots=True)
class Written:
    """How the ``__all__`` is written: the file's indentation and quotes, the line length."""

    indent: str = "    "
    quote: str = '"'
    line_length: int = 79


def star_note(source: str, line_length: int = 79) -> str:
    """The comment above the ``__all__`` expand adds, wrapped at ``line_length``."""
    text = (
        f"Added by refcoord: what `from {source} import *` brought when this module had no "
        "__all__ (a star import reads __all__, and so also gets names a module __getattr__ "
        "serves)."
    )
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, line_length - 2))


def star_all_code(
    source: str, sure: Sequence[str], maybe: Sequence[str], written: Written | None = None
) -> str:
    """The ``__all__`` statement (with its comment) that lists ``sure``, then, with ``maybe``, the
    one that adds those the module has (that one must come after the module's own code)."""
    how = written or Written()
    code = star_note(source, how.line_length) + _listed(sorted(sure, key=member_key), how)
    if maybe:
        code += "# Names bound on some paths only: listed when this module has them.\n"
        code += _listed_if_bound(sorted(maybe, key=member_key), how)
    return code


def _quoted(names: Sequence[str], how: Written) -> list[str]:
    return [f"{how.quote}{n}{how.quote}" for n in names]


def _listed(names: Sequence[str], how: Written) -> str:
    """``__all__ = [...]`` listing ``names``: on one line when it fits, else one name a line
    (as black writes it)."""
    quoted = _quoted(names, how)
    line = f"__all__ = [{', '.join(quoted)}]"
    if len(line) <= how.line_length or not names:
        return line + "\n"
    return "__all__ = [\n" + "".join(f"{how.indent}{n},\n" for n in quoted) + "]\n"


def _listed_if_bound(names: Sequence[str], how: Written) -> str:
    """``__all__ += [...]`` adding those of ``names`` the module has, written as black writes it
    within the line length."""
    quoted = _quoted(names, how)
    inner = f"_name for _name in [{', '.join(quoted)}] if _name in globals()"
    if len(f"__all__ += [{inner}]") <= how.line_length:
        return f"__all__ += [{inner}]\n"
    one, two = how.indent, how.indent * 2
    if len(one + inner) <= how.line_length:
        return f"__all__ += [\n{one}{inner}\n]\n"
    listed = "".join(f"{two}{n},\n" for n in quoted)
    return (
        f"__all__ += [\n{one}_name\n{one}for _name in [\n{listed}{one}]\n"
        f"{one}if _name in globals()\n]\n"
    )


class _Binder:
    """Walks a module's top-level statements, tracking which names each path binds."""

    def __init__(self, package: str | None) -> None:
        self.package = (
            package  #: the module's name when it is a package (its submodules bind names)
        )

    def block(self, body: Sequence[ast.stmt], state: _State) -> _State:
        for stmt in body:
            state = self.statement(stmt, state)
        return state

    def statement(self, stmt: ast.stmt, state: _State) -> _State:
        if isinstance(stmt, ast.If):
            state = state.bind(_walrus(stmt.test))
            return self.block(stmt.body, state).either(self.block(stmt.orelse, state))
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            return self._loop(stmt, state)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            state = state.bind(n for item in stmt.items for n in _item_names(item))
            return state.either(self.block(stmt.body, state))  # a context manager may suppress
        if isinstance(stmt, (ast.Try, ast.TryStar)):
            return self._try(stmt, state)
        if isinstance(stmt, ast.Match):
            return self._match(stmt, state)
        if isinstance(stmt, ast.Delete):
            return state.unbind(n for t in stmt.targets for n in _target_names(t))
        return state.bind(self._binds(stmt))

    def _loop(self, stmt: ast.For | ast.AsyncFor | ast.While, state: _State) -> _State:
        header = stmt.test if isinstance(stmt, ast.While) else stmt.iter
        state = state.bind(_walrus(header))
        targets = [] if isinstance(stmt, ast.While) else _target_names(stmt.target)
        after = state.either(self.block(stmt.body, state.bind(targets)))  # it may run no time
        return after.either(self.block(stmt.orelse, after))  # a break skips the else

    def _try(self, stmt: ast.Try | ast.TryStar, state: _State) -> _State:
        body = self.block(stmt.body, state)
        result = self.block(stmt.orelse, body)
        partial = _State(state.sure & body.sure, state.maybe | body.maybe)  # stopped anywhere
        for handler in stmt.handlers:
            caught = [handler.name] if handler.name else []
            result = result.either(self.block(handler.body, partial.bind(caught)).unbind(caught))
        return self.block(stmt.finalbody, result)

    def _match(self, stmt: ast.Match, state: _State) -> _State:
        state = state.bind(_walrus(stmt.subject))
        result = state  # no case may match
        for case in stmt.cases:
            names = [*_captures(case.pattern), *(_walrus(case.guard) if case.guard else [])]
            result = result.either(self.block(case.body, state.bind(names)))
        return result

    def _binds(self, stmt: ast.stmt) -> list[str]:
        """Names a statement that is not a block binds."""
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [stmt.name]
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            return self._imported(stmt)
        names = list(_walrus(stmt))
        if isinstance(stmt, ast.Assign):
            names += [n for t in stmt.targets for n in _target_names(t)]
        elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and (
            isinstance(stmt, ast.AugAssign) or stmt.value is not None
        ):
            names += _target_names(stmt.target)
        elif type(stmt).__name__ == "TypeAlias":  # ``type X = ...`` (Python 3.12)
            name = getattr(stmt, "name", None)
            names += _target_names(name) if isinstance(name, ast.expr) else []
        return names

    def _imported(self, stmt: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names):
            raise _Unknowable
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            return []  # binds a compiler feature's name: no name anyone means to export
        names = [a.asname or a.name.split(".")[0] for a in stmt.names]
        if self.package is None:
            return names
        if isinstance(stmt, ast.Import):
            return names + [n for a in stmt.names if (n := self._submodule(a.name))]
        base = stmt.module or ""
        if stmt.level == 1 and base:
            return [*names, base.split(".")[0]]
        return names + ([n] if stmt.level == 0 and (n := self._submodule(base)) else [])

    def _submodule(self, module: str) -> str:
        """The package's submodule ``module`` lies in ('' when none): importing it binds the
        submodule's name in the package."""
        assert self.package is not None
        prefix = self.package + "."
        return module[len(prefix) :].split(".")[0] if module.startswith(prefix) else ""


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for e in target.elts for n in _target_names(e)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []


def _item_names(item: ast.withitem) -> list[str]:
    return [
        *_walrus(item.context_expr),
        *(_target_names(item.optional_vars) if item.optional_vars else []),
    ]


def _captures(pattern: ast.pattern) -> Iterator[str]:
    """Names a ``case`` pattern captures."""
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest


def _walrus(node: ast.AST) -> Iterator[str]:
    """Names ``:=`` binds in the module's scope within ``node`` (not inside a lambda or a nested
    definition; inside a comprehension, which binds them in the enclosing scope, yes)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.NamedExpr) and isinstance(current.target, ast.Name):
            yield current.target.id
        stack += [
            child
            for child in ast.iter_child_nodes(current)
            if not isinstance(
                child, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            )
        ]
