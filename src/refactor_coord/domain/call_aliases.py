"""Locals that only stand for a callable: ``enword = p.enword`` (or ``handler = fetch``) in a
function that then only calls the name (``enword("5", 1)``). Every call through such a local
is in plain sight, so a change of the callable's signature can follow it there: the value is
renamed, and each call is rebound as a direct call would be. The index (which counts those
calls as the callable's) and the rewrite kit (which rewrites them) read them by this one rule.

The rule is strict, so that a local read any other way never counts: the function binds the
name once, by a plain assignment of a name or attribute chain (``a.b.c``), not as a
parameter, import, loop or ``with`` target, nor ``global``/``nonlocal``; no nested function,
lambda or class mentions it; every read of it is the callee of a call in the function's body
(comprehensions included), with no ``*args`` or ``**kwargs``. Pure: ``ast`` in, nodes out."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True, slots=True)
class CallAlias:
    """A local that only stands for a callable: its assignment and the calls through it."""

    name: str
    assign: ast.Assign
    calls: tuple[ast.Call, ...]


def call_aliases(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, CallAlias]:
    """The locals of ``function`` that only stand for a callable, by name."""
    if not _candidates(function):
        return {}  # most functions: no local both assigned a name or chain and called
    own = list(_own_nodes(function))
    nested = _nested_names(function)
    params = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    declared = {n for s in own if isinstance(s, ast.Global | ast.Nonlocal) for n in s.names}
    stores: dict[str, list[ast.Name]] = {}
    loads: dict[str, list[ast.Name]] = {}
    for node in own:
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).setdefault(node.id, []).append(
                node
            )
    other = _other_bindings(own)
    assigns = {
        id(s.targets[0]): s
        for s in own
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and is_chain(s.value)
    }
    callees = {id(c.func): c for c in own if isinstance(c, ast.Call) and _plain_arguments(c)}
    found: dict[str, CallAlias] = {}
    for name, stored in stores.items():
        if len(stored) != 1 or id(stored[0]) not in assigns:
            continue
        if name in params | declared | nested | other:
            continue
        reads = loads.get(name, [])
        if not reads or any(id(r) not in callees for r in reads):
            continue
        calls = tuple(callees[id(r)] for r in reads)
        found[name] = CallAlias(name, assigns[id(stored[0])], calls)
    return found


def _candidates(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names the function both assigns a name or attribute chain to and calls: a cheap
    first look, before the whole rule is applied."""
    assigned: set[str] = set()
    called: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            target = node.targets[0]
            if len(node.targets) == 1 and isinstance(target, ast.Name) and is_chain(node.value):
                assigned.add(target.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add(node.func.id)
    return assigned & called


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The nodes of the function's body, not those of the functions, lambdas and classes
    nested in it (their decorators, defaults and bases are the function's)."""
    stack: list[ast.AST] = list(reversed(function.body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _NESTED):
            stack.extend(_outside_parts(node))
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _outside_parts(node: ast.AST) -> list[ast.AST]:
    """What of a nested function, lambda or class runs in the enclosing scope."""
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
    defaults = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
    decorators = [] if isinstance(node, ast.Lambda) else node.decorator_list
    return [*decorators, *defaults]


def _nested_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names the functions, lambdas and classes nested in the function mention (read,
    bind, or take as parameters)."""
    names: set[str] = set()
    for node in _own_nodes(function):
        parts: list[ast.AST]
        if isinstance(node, ast.Lambda):
            parts = [node.args, node.body]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            parts = [node.args, *node.body]
        elif isinstance(node, ast.ClassDef):
            parts = list(node.body)
        else:
            continue
        for part in parts:
            for n in ast.walk(part):
                if isinstance(n, ast.Name):
                    names.add(n.id)
                elif isinstance(n, ast.arg):
                    names.add(n.arg)
    return names


def _other_bindings(nodes: list[ast.AST]) -> set[str]:
    """Names bound other than by a ``Name`` store: imports, ``except ... as``, ``match``
    captures, nested definitions."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.alias):
            names.add(node.asname or node.name.partition(".")[0])
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def is_chain(value: ast.expr) -> bool:
    """Whether ``value`` is a name or a chain of attributes of one (``a.b.c``): what a local
    that only stands for a callable may be assigned."""
    while isinstance(value, ast.Attribute):
        value = value.value
    return isinstance(value, ast.Name)


def _plain_arguments(call: ast.Call) -> bool:
    """Whether the call passes no ``*args`` or ``**kwargs`` (every argument can be bound)."""
    return not any(isinstance(a, ast.Starred) for a in call.args) and all(
        k.arg is not None for k in call.keywords
    )
