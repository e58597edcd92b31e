"""Callables passed on to code whose calls of them are known: how many positional arguments
and which keywords the callable will be called with, though no call of it is written where it
is passed. When a change of signature binds such a call as the old one did, renaming the value
alone is safe; otherwise it is left for review. The index (which counts the value as a call of
that shape) and the rewrite kit (which renames it) read them by this one rule.

Three ways a module states how a value will be called:

- a **forwarder** of its own: a top-level ``def helper(err, f, *args, **kwargs)`` whose body
  only calls ``f(*args, **kwargs)`` (or ``f(*args)``) with its own parameters, called by name:
  ``helper(err, check, path)`` calls ``check(path)`` (pyflakes' ``withStderrTo``);
- a **known forwarder** of the standard library or pytest: ``self.assertRaises(E, f, *args,
  **kwargs)`` (and ``assertWarns``, the ``Regex`` forms, ``addCleanup``), ``pytest.raises(E, f,
  ...)``, ``pytest.warns``, ``pytest.deprecated_call(f, ...)``, the ``benchmark(f, *args,
  **kwargs)`` fixture of pytest-benchmark and pytest-codspeed where its parameters are
  annotated ``BenchmarkFixture``, and the builtins ``map(f, *its)`` (one positional argument
  per iterable), ``filter(f, it)``, ``sorted``/``min``/``max``'s ``key=f`` (one positional
  argument);
- a ``Callable[[A, B], R]`` **annotation** (``Optional`` or ``| None`` around it too) on the
  variable, field or parameter the value is assigned to or is the default of (sqlparse's
  ``run: Callable[[str], object] = sqlparse.parse``).

A name the rule relies on (the forwarder's, ``pytest``, ``self``'s method, a builtin) must mean
what it says: the forwarder and ``pytest`` are bound once in the whole module, a builtin never.

A value that is never called where it stands, only **compared** by identity or equality with
another (:func:`compared`: ``self.assertIs(legacy.fetch, fetch)``), is renamed with the other
when both are uses of the function (the plan pairs them from the files, the rewrite kit checks
both are renamed in the same edit). Pure: ``ast`` in, nodes out."""

from __future__ import annotations

import ast
import functools
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PassedOn:
    """How a value passed on will be called: ``positional`` arguments and these ``keywords``."""

    how: str  #: for a reviewer: "withStderrTo calls it with the arguments after it"
    positional: int
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Forwarder:
    """A function that calls one of its parameters with the arguments after it."""

    params: tuple[str, ...]  #: the parameters before ``*args``, in order
    callee: str  #: the parameter it calls
    keywords: bool  #: it forwards ``**kwargs`` too
    #: a pytest fixture, bound as a parameter of each function that uses it (not once)
    fixture: bool = False


#: method name -> the index of the callable among its arguments (``self.<method>(...)``)
_TEST_CASE_FORWARDERS = {
    "assertRaises": 1,
    "assertWarns": 1,
    "assertRaisesRegex": 2,
    "assertWarnsRegex": 2,
    "addCleanup": 0,
}
#: ``pytest.<function>`` -> the index of the callable among its arguments
_PYTEST_FORWARDERS = {"raises": 1, "warns": 1, "deprecated_call": 0}
_KEY_BUILTINS = frozenset({"sorted", "min", "max"})
_BUILTINS = _KEY_BUILTINS | {"map", "filter"}


#: how many times a name is bound where it is read (the rules trust a forwarder's name and
#: ``pytest`` bound once, a builtin's never)
Bound = Callable[[str], int]


def passed_on(tree: ast.Module) -> dict[int, PassedOn]:
    """The values the module passes on to known calls of them, by the id of the value's node
    (a name or an attribute chain); a name counts as bound as often as anywhere in the module
    (every scope)."""
    bindings, calls, annotated = _survey(tree)
    bound = bindings.__getitem__
    known = forwarders(tree, bound)
    found: dict[int, PassedOn] = {}
    for call in calls:
        passed = passed_in_call(call, known, bound)
        if passed is not None:
            found[id(passed[0])] = passed[1]
    for annotation, value in annotated:
        by_annotation = passed_by_annotation(annotation, value)
        if by_annotation is not None:
            found[id(value)] = by_annotation
    return found


def forwarders(tree: ast.Module, bound: Bound) -> dict[str, Forwarder]:
    """The module's own forwarders (top-level functions bound once), by name, and the
    ``benchmark`` fixture where the module types it (:func:`_benchmark_fixture`)."""
    found = {
        node.name: f
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.args.vararg is not None
        and bound(node.name) == 1
        and (f := _forwarder(node)) is not None
    }
    return found | ({_BENCHMARK: _BENCHMARK_FIXTURE} if _benchmark_fixture(tree) else {})


#: pytest-benchmark's and pytest-codspeed's fixture: ``benchmark(f, *args, **kwargs)`` calls
#: ``f(*args, **kwargs)``, when the parameter is annotated with the class they name so
_BENCHMARK = "benchmark"
_BENCHMARK_FIXTURE = Forwarder(("function",), "function", keywords=True, fixture=True)
_BENCHMARK_MODULES = frozenset({"pytest_benchmark.fixture", "pytest_codspeed"})


def _benchmark_fixture(tree: ast.Module) -> bool:
    """Whether the module imports ``BenchmarkFixture`` from pytest-benchmark or pytest-codspeed
    (at its top, or under an ``if``: ``TYPE_CHECKING``) and binds ``benchmark`` only as
    parameters annotated with it (humanize's ``def test_intcomma(benchmark:
    BenchmarkFixture)``)."""
    statements = [*tree.body]
    statements += [s for n in tree.body if isinstance(n, ast.If) for s in n.body]
    if not any(
        isinstance(n, ast.ImportFrom)
        and n.module in _BENCHMARK_MODULES
        and any(a.name == "BenchmarkFixture" and a.asname is None for a in n.names)
        for n in statements
    ):
        return False
    typed = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.arg == _BENCHMARK:
            if _annotation_name(node.annotation) != "BenchmarkFixture":
                return False
            typed += 1
        elif _binds(node, _BENCHMARK):
            return False
    return typed > 0


def _annotation_name(annotation: ast.expr | None) -> str:
    """The class an annotation names, also quoted (``"BenchmarkFixture"``)."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.rpartition(".")[2]
    return _last_name(annotation) if annotation is not None else ""


def _binds(node: ast.AST, name: str) -> bool:
    """Whether ``node`` binds ``name`` otherwise than as a parameter."""
    if isinstance(node, ast.Name):
        return node.id == name and not isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name == name
    if isinstance(node, ast.alias):
        return (node.asname or node.name.partition(".")[0]) == name
    return isinstance(node, ast.ExceptHandler) and node.name == name


def passed_in_call(
    call: ast.Call, known: Mapping[str, Forwarder], bound: Bound
) -> tuple[ast.Name | ast.Attribute, PassedOn] | None:
    """The value ``call`` passes on (a name or attribute chain), and how it will be called."""
    func = call.func  # most calls are of none of the callees the rules know: tell them first
    if isinstance(func, ast.Name):
        rule = _by_name(func.id, known, bound)
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        rule = _by_method(func.value.id, func.attr, bound)
    else:
        return None
    if rule is None or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    if any(k.arg is None for k in call.keywords):
        return None  # what reaches the value is not in sight
    found = rule(call)
    if found is None or not isinstance(found[0], ast.Name | ast.Attribute):
        return None
    return found[0], found[1]


def passed_by_annotation(annotation: ast.expr | None, value: ast.expr) -> PassedOn | None:
    """How ``value`` (a name or attribute chain) will be called, when the annotation of what
    it is assigned to, or the default of, is ``Callable[[A, ...], R]``."""
    if not isinstance(annotation, ast.Subscript | ast.BinOp):
        return None
    if not isinstance(value, ast.Name | ast.Attribute):
        return None
    count = _callable_arity(annotation)
    if count is None:
        return None
    how = f"its annotation says it is called with {count} positional argument(s)"
    return PassedOn(how, count)


def _survey(
    tree: ast.Module,
) -> tuple[Counter[str], list[ast.Call], list[tuple[ast.expr, ast.expr]]]:
    """One walk of the module: how many times each name is bound anywhere (every scope:
    definitions, imports, parameters, assignment targets), the calls with arguments, and
    the values assigned, or given as defaults, under an annotation that is a subscript or a
    union (a ``Callable`` is one)."""
    counts: Counter[str] = Counter()
    calls: list[ast.Call] = []
    annotated: list[tuple[ast.expr, ast.expr]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                counts[node.id] += 1
        elif isinstance(node, ast.Call):
            calls.append(node)
        elif isinstance(node, ast.arg):
            counts[node.arg] += 1
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            counts[node.name] += 1
        elif isinstance(node, ast.alias):
            counts[node.asname or node.name.partition(".")[0]] += 1
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            annotated.append((node.annotation, node.value))
        elif isinstance(node, ast.arguments):
            annotated += annotated_defaults(node)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            counts[node.name] += 1
    return counts, calls, annotated


def annotated_defaults(args: ast.arguments) -> list[tuple[ast.expr, ast.expr]]:
    """Each parameter's annotation with its default, where it has both."""
    plain = [*args.posonlyargs, *args.args]
    pairs = list(zip(plain[len(plain) - len(args.defaults) :], args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d]
    return [(a.annotation, d) for a, d in pairs if a.annotation is not None]


_Rule = Callable[[ast.Call], "tuple[ast.expr, PassedOn] | None"]


def _by_name(name: str, known: Mapping[str, Forwarder], bound: Bound) -> _Rule | None:
    """The rule for a call of ``name``: the module's forwarder (bound once), or a builtin
    (never bound)."""
    if name in known and (bound(name) == 1 or known[name].fixture):
        return functools.partial(_through_forwarder, name=name, forwarder=known[name])
    if name in _BUILTINS and bound(name) == 0:
        return functools.partial(_through_builtin, name=name)
    return None


def _by_method(owner: str, attr: str, bound: Bound) -> _Rule | None:
    """The rule for a call of ``owner.attr``: a ``TestCase`` method on ``self`` (the module
    defines no function of that name), or a function of ``pytest`` (bound once)."""
    if owner == "self" and attr in _TEST_CASE_FORWARDERS and not bound(attr):
        return functools.partial(_after, index=_TEST_CASE_FORWARDERS[attr], name=f"self.{attr}")
    if owner == "pytest" and attr in _PYTEST_FORWARDERS and bound("pytest") == 1:
        return functools.partial(_after, index=_PYTEST_FORWARDERS[attr], name=f"pytest.{attr}")
    return None


def _after(call: ast.Call, index: int, name: str) -> tuple[ast.expr, PassedOn] | None:
    """The argument at ``index``, called with the arguments after it."""
    if len(call.args) <= index:
        return None
    rest = len(call.args) - index - 1
    keywords = tuple(k.arg for k in call.keywords if k.arg is not None)
    return call.args[index], PassedOn(
        f"{name}() calls it with the arguments after it", rest, keywords
    )


def _through_forwarder(
    call: ast.Call, name: str, forwarder: Forwarder
) -> tuple[ast.expr, PassedOn] | None:
    params = forwarder.params
    by_keyword = {k.arg: k.value for k in call.keywords if k.arg is not None}
    extra_keywords = tuple(k for k in by_keyword if k not in params)
    if extra_keywords and not forwarder.keywords:
        return None
    index = params.index(forwarder.callee)
    value = call.args[index] if index < len(call.args) else by_keyword.get(forwarder.callee)
    if value is None:
        return None
    rest = max(len(call.args) - len(params), 0)
    return value, PassedOn(f"{name}() calls it with the arguments after it", rest, extra_keywords)


def _through_builtin(call: ast.Call, name: str) -> tuple[ast.expr, PassedOn] | None:
    if name == "map" and len(call.args) >= 2 and not call.keywords:
        how = "map() calls it with an item of each iterable"
        return call.args[0], PassedOn(how, len(call.args) - 1)
    if name == "filter" and len(call.args) == 2 and not call.keywords:
        return call.args[0], PassedOn("filter() calls it with each item", 1)
    key = next((k.value for k in call.keywords if k.arg == "key"), None)
    if name in _KEY_BUILTINS and key is not None:
        return key, PassedOn(f"{name}() calls its key with each item", 1)
    return None


def _callable_arity(annotation: ast.expr | None) -> int | None:
    """N for ``Callable[[A1, ..., AN], R]``, also inside ``Optional[...]`` or ``... | None``."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        kept = [s for s in sides if not (isinstance(s, ast.Constant) and s.value is None)]
        return _callable_arity(kept[0]) if len(kept) == 1 else None
    if not isinstance(annotation, ast.Subscript):
        return None
    name = _last_name(annotation.value)
    if name == "Optional":
        return _callable_arity(annotation.slice)
    if name != "Callable" or not isinstance(annotation.slice, ast.Tuple):
        return None
    elts = annotation.slice.elts
    if len(elts) != 2 or not isinstance(elts[0], ast.List):
        return None  # ``Callable[..., R]``, a ParamSpec: the calls are not stated
    return len(elts[0].elts)


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _forwarder(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Forwarder | None:
    """The function as a forwarder, when its body only calls one of its parameters with its
    own ``*args`` (and ``**kwargs``) and reads those nowhere else."""
    args = function.args
    if args.vararg is None or args.kwonlyargs or function.decorator_list:
        return None
    star, double = args.vararg.arg, args.kwarg.arg if args.kwarg else None
    params = tuple(a.arg for a in [*args.posonlyargs, *args.args])
    calls = [
        n
        for n in ast.walk(ast.Module(body=function.body, type_ignores=[]))
        if isinstance(n, ast.Call) and _forwards(n, star, double)
    ]
    callees = {c.func.id for c in calls if isinstance(c.func, ast.Name)}
    if len(callees) != 1 or not callees <= set(params):
        return None
    callee = callees.pop()
    watched = {callee, star, *([double] if double else [])}
    in_calls = {id(c.func) for c in calls} | {
        id(n) for c in calls for n in ast.walk(c) if n is not c and n is not c.func
    }
    for node in ast.walk(ast.Module(body=function.body, type_ignores=[])):
        if isinstance(node, ast.Name) and node.id in watched and id(node) not in in_calls:
            return None  # read or bound anywhere else: what it is called with is not in sight
        if isinstance(node, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return None  # a nested scope might call it its own way
    forwards_keywords = any(c.keywords for c in calls)
    return Forwarder(params, callee, forwards_keywords)


def _forwards(call: ast.Call, star: str, double: str | None) -> bool:
    """``f(*star)`` or ``f(*star, **double)``, exactly."""
    if not isinstance(call.func, ast.Name) or len(call.args) != 1:
        return False
    arg = call.args[0]
    if not (isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name)):
        return False
    if arg.value.id != star:
        return False
    if not call.keywords:
        return True
    keyword = call.keywords[0]
    return (
        len(call.keywords) == 1
        and keyword.arg is None
        and isinstance(keyword.value, ast.Name)
        and keyword.value.id == double
    )


#: ``self.<method>(a, b)`` of ``unittest.TestCase`` that compares its two arguments
_COMPARING = frozenset({"assertIs", "assertIsNot", "assertEqual", "assertNotEqual"})
#: How the plan says a value is compared with another use of the same name.
COMPARED_WITH_ITSELF = "compared with another use of it: both renamed together"


def compared(node: ast.AST) -> tuple[ast.Name | ast.Attribute, ast.Name | ast.Attribute] | None:
    """The two values ``node`` compares by identity or equality, when both are names or
    attribute chains: ``a is b``, ``a == b`` (and ``is not``, ``!=``), ``self.assertIs(a, b)``
    (and ``assertIsNot``, ``assertEqual``, ``assertNotEqual``). A function compared only with
    another use of itself (pyflakes' ``assertIs(script.checkPath, checkPath)``, a re-export
    checked against the original) is never called there: renamed together, both sides keep
    the comparison's truth."""
    if isinstance(node, ast.Compare):
        if len(node.ops) != 1 or not isinstance(
            node.ops[0], ast.Is | ast.IsNot | ast.Eq | ast.NotEq
        ):
            return None
        pair = (node.left, node.comparators[0])
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _COMPARING
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
        and len(node.args) == 2
    ):
        pair = (node.args[0], node.args[1])
    else:
        return None
    a, b = pair
    if isinstance(a, ast.Name | ast.Attribute) and isinstance(b, ast.Name | ast.Attribute):
        return a, b
    return None


def compared_values(tree: ast.Module) -> dict[int, ast.Name | ast.Attribute]:
    """Each value :func:`compared` with another, by the id of its node: the other."""
    found: dict[int, ast.Name | ast.Attribute] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare | ast.Call):
            pair = compared(node)
            if pair is not None:
                found[id(pair[0])], found[id(pair[1])] = pair[1], pair[0]
    return found
