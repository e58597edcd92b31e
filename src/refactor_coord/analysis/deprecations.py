"""The deprecations a Python file declares, read from its syntax tree (pure: no disk, no git).

Three ways of declaring one are read:

* ``warnings.warn`` with a category (``warnings.warn(msg, Category)``, ``category=``, ``warn``
  imported from :mod:`warnings` under any name, a warning instance as the message, also one
  bound to a module-level constant). Where the call sits names what is deprecated: the module
  (code that runs on import), a function, a method, a property, a class (its ``__init__`` or
  ``__new__``), a parameter (the call within ``if param is not None:``, ``if param:``,
  ``if "param" in kwargs:``, ``if kwargs.get("param")`` and the like), or the names a module
  ``__getattr__`` tests (``name == "x"``, ``name in ("a", "b")``, ``name in _TABLE`` for a
  module-level literal). A call in a function nested in another function (a decorator's
  wrapper) is not read. A module-level function that warns unconditionally (a statement of
  its body) with a category or message that is one of its parameters (or, when its name is
  private, a message made from them) is a helper, not deprecated itself: its calls in the
  same file warn where they are made, with the call's arguments put in.
* decorators named ``deprecated``: PEP 702's (:mod:`warnings`, ``typing_extensions``), the
  ``Deprecated`` package's, the ``deprecation`` package's, and any other (a project's own),
  told apart by how the file imports the name.
* a ``.. deprecated:: version`` directive in the docstring of the module, a class, a function,
  a method or a property.

Whatever the mechanism, a declaration on a class's ``__init__`` or ``__new__`` deprecates the
class, and one on a method decorated ``@property``, ``@x.setter`` or ``@cached_property``
deprecates the property.

The ``line`` of an entry is the line of the ``warnings.warn`` call (or of the helper's call)
for a warning, the line of the decorator for a decorator, and the line of the ``def`` or
``class`` for a docstring (a module's: the line its docstring starts on).

The work is split in two on purpose. :func:`scan_deprecations` reads one file and nothing
else (its answer is cached per file content): it keeps every candidate, whatever its
category, and lists the file's classes with their bases. Which categories are deprecations
depends on the warning classes of every file: :func:`deprecation_categories` finds them and
:func:`kept` keeps the entries of those categories, one per deprecated thing.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from refactor_coord.domain.modules import resolve_relative
from refactor_coord.domain.progress import DeprecatedKind, Deprecation, Mechanism

#: The standard library's deprecation categories; a project's subclasses of them join them.
BASE_CATEGORIES = frozenset({"DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"})
#: The longest message an entry keeps (a longer one is cut, ending in "…").
MAX_MESSAGE = 200

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_VERSION = r"(v?\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?)"
#: a product's name before its version ("Click 9.0"), not Python's, not a month's
_PRODUCT = rf"(?:(?!python\b|(?:{_MONTHS})\b)[a-z][\w-]*\s+)?"
_REMOVE_IN = re.compile(
    r"\b(?:removed|removal|remove)\s+(?:in|by)(?:\s+or\s+after)?\s+"
    + _PRODUCT
    + r"(?:version\s+)?"
    + _VERSION
    # "In requests 3.0, f will be removed", "no longer be supported in Requests 3.0.0"
    + r"|\bin\s+"
    + _PRODUCT
    + _VERSION
    + r",\s[^.]{0,80}?\b(?:removed|removal)\b"
    + r"|\bno\s+longer\s+(?:be\s+)?supported\s+in\s+"
    + _PRODUCT
    + _VERSION,
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+deprecated::[ \t]*(.*)$")
#: a name set in emphasis or as code, as docstrings name parameters (*hash*, ``hash``)
_EMPHASISED = re.compile(r"(?<![*`\w])(?:\*{1,2}|``?)(\w+)(?:\*{1,2}|``?)(?![*`\w])")
#: a line that introduces a parameter's description: ``:param x:``, ``:param int x:``,
#: ``x (int):`` or ``x:`` (Google), ``x : int`` (NumPy)
_PARAMETER_ITEM = re.compile(
    r"^(?::param\s+(?:[^:]*\s)?\*{0,2}(\w+):|\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:(?:\s|$))"
)
#: a line break within source text, with a backslash continuing the line and the indentation
_LINE_BREAK = re.compile(r"\s*\\?[\r\n]\s*")
#: a line as Python counts lines (ended by \r\n, \r or \n: not by the other breaks
#: ``str.splitlines`` knows), with its end
_SOURCE_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_PEP702 = frozenset({"warnings.deprecated", "typing_extensions.deprecated"})
_PROPERTY_PARTS = frozenset(
    {"property", "cached_property", "abstractproperty", "setter", "getter", "deleter"}
)
_CONSTRUCTORS = frozenset({"__init__", "__new__"})
_COLLECTIONS = frozenset({"frozenset", "set", "tuple", "list"})
_CONVERSIONS: dict[int, Callable[[object], str]] = {
    -1: str,
    ord("s"): str,
    ord("r"): repr,
    ord("a"): ascii,
}
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

_Def = ast.FunctionDef | ast.AsyncFunctionDef
#: an ``if`` a call sits in: its test, and whether the call is in its body (not its ``else``)
_Branch = tuple[ast.expr, bool]


#: bumped whenever what the scanner finds changes: results kept from an older scanner are
#: scanned again
SCANNER_VERSION = 11


@dataclass(frozen=True, slots=True)
class FileDeprecations:
    """What one file declares, before the categories of all files are known."""

    found: tuple[Deprecation, ...]  #: every candidate, by line; categories not yet filtered
    #: (class qname, its bases as written) for every class in the file that has bases
    warning_classes: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class _Helper:
    """A function whose warning takes its message or category from its parameters."""

    arguments: ast.arguments
    message: ast.expr | None
    category: ast.expr


@dataclass(slots=True)
class _File:
    """What the scan of one file reads everywhere in it."""

    module: str
    path: str
    lines: list[str]  #: the source's lines as Python counts them (with their ends)
    constants: dict[str, ast.expr]  #: module-level name -> its first value
    #: names bound to the warnings module (``_warnings`` is its C half, with the same ``warn``)
    warnings_names: set[str] = field(default_factory=lambda: {"warnings", "_warnings"})
    warn_names: set[str] = field(default_factory=set)
    imported: dict[str, str] = field(default_factory=dict)  #: local name -> what it imports
    helpers: dict[str, _Helper] = field(default_factory=dict)
    #: the lines that may make a warning's call (they spell "warn", a name bound to
    #: ``warnings.warn`` or a helper's name): a function without one is not walked
    marked: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Warning:
    """A deprecation warning a call raises."""

    message: str
    category: str
    line: int


def scan_deprecations(
    tree: ast.Module, source: str, module: str, path: str, is_package: bool
) -> FileDeprecations:
    """Every deprecation ``tree`` (the parsed ``source`` of ``module``, at ``path``) declares,
    whatever its warning's category, and the file's classes with their bases."""
    file = _read_file(tree, _SOURCE_LINES.findall(source), module, is_package, path)
    found = [
        *_docstring_entries(file, tree, module, "module", tree.body[0].lineno if tree.body else 1),
        *_module_entries(file, tree),
        *_body_entries(file, tree.body, module, in_class=False),
    ]
    found.sort(key=lambda entry: entry.line)
    return FileDeprecations(tuple(found), tuple(_classes(tree.body, module, file.lines)))


def deprecation_categories(classes: Iterable[tuple[str, tuple[str, ...]]]) -> frozenset[str]:
    """The leaf names of the deprecation categories: ``DeprecationWarning``,
    ``PendingDeprecationWarning``, ``FutureWarning`` and every class among ``classes`` (of all
    files) whose bases reach one of them, through any number of classes. Bases are matched by
    their last dotted part."""
    bases_of: dict[str, set[str]] = {}
    for qname, bases in classes:
        bases_of.setdefault(_last(qname), set()).update(_last(base) for base in bases)
    categories = set(BASE_CATEGORIES)
    while True:
        more = {name for name, bases in bases_of.items() if bases & categories} - categories
        if not more:
            return frozenset(categories)
        categories |= more


def kept(found: Iterable[Deprecation], categories: frozenset[str]) -> tuple[Deprecation, ...]:
    """The deprecations among ``found``: a ``warnings.warn`` entry stays when the last dotted
    part of its category is in ``categories`` (decorators and docstrings always stay); then
    one entry per path, qname, kind and parameter, the most explicit (a decorator, then a
    warning, then a docstring; the earliest line among equals), in the order found."""
    entries = [
        entry
        for entry in found
        if entry.mechanism != "warnings.warn" or _last(entry.category) in categories
    ]
    best: dict[tuple[str, str, str, str | None], int] = {}
    for index, entry in enumerate(entries):
        key = (entry.path, entry.qname, entry.kind, entry.parameter)
        current = best.get(key)
        if current is None or _preference(entry) < _preference(entries[current]):
            best[key] = index
    return tuple(entries[index] for index in sorted(best.values()))


def _preference(entry: Deprecation) -> tuple[int, int]:
    rank = {"docstring": 2, "warnings.warn": 1}.get(entry.mechanism, 0)
    return rank, entry.line


# -- the file ---------------------------------------------------------------------------------


def _read_file(
    tree: ast.Module, lines: list[str], module: str, is_package: bool, path: str
) -> _File:
    """The file's imports (anywhere in it), module-level constants and warning helpers."""
    file = _File(module, path, lines, _constants(tree.body))
    for node in _every_statement(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                _bind_import(file, alias)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(module, is_package, node.module, node.level)
            for alias in node.names:
                _bind_from(file, base, alias)
    for name, value in file.constants.items():
        if _is_warn(file, value):  # warn = warnings.warn
            file.warn_names.add(name)
    file.marked = _lines_naming(lines, {"warn", *file.warn_names})
    for node in _statements(tree.body):
        if isinstance(node, _DEFS) and _has_marked(file, node):
            helper = _helper(file, node)
            if helper is not None:
                file.helpers[node.name] = helper
    if file.helpers:
        file.marked = _lines_naming(lines, {"warn", *file.warn_names, *file.helpers})
    return file


def _lines_naming(lines: list[str], names: set[str]) -> list[int]:
    """The (1-based) numbers of the lines that have one of ``names`` in them."""
    return [number for number, line in enumerate(lines, 1) if any(n in line for n in names)]


def _has_marked(file: _File, node: _Def) -> bool:
    """Whether a function's lines include a marked one."""
    index = bisect.bisect_left(file.marked, node.lineno)
    end = node.end_lineno if node.end_lineno is not None else len(file.lines)
    return index < len(file.marked) and file.marked[index] <= end


def _bind_import(file: _File, alias: ast.alias) -> None:
    if alias.name in ("warnings", "_warnings"):
        file.warnings_names.add(alias.asname or alias.name)
    local = alias.asname or alias.name.split(".")[0]
    file.imported.setdefault(local, alias.name if alias.asname else local)


def _bind_from(file: _File, base: str | None, alias: ast.alias) -> None:
    if base is None or alias.name == "*":
        return
    local = alias.asname or alias.name
    if base in ("warnings", "_warnings") and alias.name == "warn":
        file.warn_names.add(local)
    file.imported.setdefault(local, f"{base}.{alias.name}")


def _constants(body: list[ast.stmt]) -> dict[str, ast.expr]:
    """Module-level names and the first value each is assigned."""
    constants: dict[str, ast.expr] = {}
    for node in _statements(body):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                constants.setdefault(target.id, value)
    return constants


def _statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a module or class body, also those within ``if``, ``try``, ``with``
    and loops (not those of the functions and classes it defines)."""
    for node in body:
        yield node
        if _is_compound(node) and not isinstance(node, (*_DEFS, ast.ClassDef)):
            yield from _statements(_inner_statements(node))


def _every_statement(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a module, also within functions and classes."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if _is_compound(node):
            stack.extend(reversed(list(_inner_statements(node))))


def _is_compound(node: ast.stmt) -> bool:
    """Whether a statement holds statements (a simple one holds none)."""
    return hasattr(node, "body") or isinstance(node, ast.Match)


def _inner_statements(node: ast.AST) -> Iterator[ast.stmt]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
            yield child
        elif isinstance(child, (ast.excepthandler, ast.match_case)):
            yield from (part for part in ast.iter_child_nodes(child) if isinstance(part, ast.stmt))


def _classes(
    body: list[ast.stmt], prefix: str, lines: list[str]
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(qualified name, bases as written) of each class with bases, in the order of the file;
    a class within a function is named as ``__qualname__`` names it (``f.<locals>.C``)."""
    for node in _statements(body):
        if isinstance(node, ast.ClassDef):
            qname = f"{prefix}.{node.name}"
            if node.bases:
                yield qname, tuple(_written(lines, base) for base in node.bases)
            yield from _classes(node.body, qname, lines)
        elif isinstance(node, _DEFS):
            yield from _classes(node.body, f"{prefix}.{node.name}.<locals>", lines)


# -- where the declarations are ---------------------------------------------------------------


def _module_entries(file: _File, tree: ast.Module) -> Iterator[Deprecation]:
    """Warnings the module raises on import (also from class bodies)."""
    for warning, _ in _warnings_in(file, tree.body, None):
        yield _entry(file, warning, file.module, "module")


def _body_entries(
    file: _File, body: list[ast.stmt], prefix: str, in_class: bool
) -> Iterator[Deprecation]:
    """The declarations of the classes and functions a module or class body defines."""
    for node in _statements(body):
        if isinstance(node, ast.ClassDef):
            qname = f"{prefix}.{node.name}"
            yield from _declared(file, node, qname, "class")
            yield from _body_entries(file, node.body, qname, in_class=True)
        elif isinstance(node, _DEFS):
            yield from _function_entries(file, node, prefix, in_class)
        elif isinstance(node, ast.Assign) and not in_class:
            yield from _wrapped_entries(file, node)


def _wrapped_entries(file: _File, node: ast.Assign) -> Iterator[Deprecation]:
    """A module-level name bound to something a deprecation decorator wraps, called rather
    than written as a decorator: ``OldName = deprecated("use NewName")(NewName)``."""
    wrapped = node.value
    if (
        len(node.targets) != 1
        or not isinstance(node.targets[0], ast.Name)
        or not isinstance(wrapped, ast.Call)
        or len(wrapped.args) != 1
    ):
        return
    entry = _decorator_entry(
        file, wrapped.func, f"{file.module}.{node.targets[0].id}", "module-attribute"
    )
    if entry is not None:
        yield entry


def _function_entries(
    file: _File, node: _Def, prefix: str, in_class: bool
) -> Iterator[Deprecation]:
    own = f"{prefix}.{node.name}"
    qname, kind = _target(node, own, prefix, in_class)
    yield from _declared(file, node, qname, kind)
    if not in_class and node.name == "__getattr__":
        yield from _getattr_entries(file, node)
    elif in_class or node.name not in file.helpers:
        yield from _warn_entries(file, node, own, qname, kind, in_class)


def _target(node: _Def, qname: str, prefix: str, in_class: bool) -> tuple[str, DeprecatedKind]:
    """What a declaration on a function deprecates: the function, the method, the property,
    or the class (of its ``__init__`` or ``__new__``)."""
    if not in_class:
        return qname, "function"
    if node.name in _CONSTRUCTORS:
        return prefix, "class"
    if any(_last(_decorator_name(d)) in _PROPERTY_PARTS for d in node.decorator_list):
        return qname, "property"
    return qname, "method"


def _declared(
    file: _File, node: ast.ClassDef | _Def, qname: str, kind: DeprecatedKind
) -> Iterator[Deprecation]:
    """The deprecations a class's or function's decorators and docstring declare."""
    for decorator in node.decorator_list:
        entry = _decorator_entry(file, decorator, qname, kind)
        if entry is not None:
            yield entry
    yield from _docstring_entries(file, node, qname, kind, node.lineno)


def _warn_entries(
    file: _File, node: _Def, own: str, qname: str, kind: DeprecatedKind, in_class: bool
) -> Iterator[Deprecation]:
    """The warnings a function raises: of a parameter when one guards the call, else of
    what the function is (``qname``, ``kind``). Not a deprecation of either: a warning that
    depends on the running interpreter or platform (``sys.version_info``, ``sys.platform``),
    or one given when a parameter is left out (``if timeout is None:``), which no count of
    the callers that pass it could measure."""
    params, kwargs = _parameters(node, in_class)
    # a constructor's parameter is passed where the class is called
    callable_ = qname if kind == "class" else own
    for warning, ifs in _warnings_in(file, node.body, node):
        if any(_environmental(test) for test, _ in ifs) or any(
            in_body and _not_passed(test, params, kwargs) for test, in_body in ifs
        ):
            continue
        parameter = _guard(ifs, params, kwargs)
        if parameter is not None:
            yield _entry(file, warning, callable_, "parameter", parameter)
        else:
            yield _entry(file, warning, qname, kind)


def _getattr_entries(file: _File, node: _Def) -> Iterator[Deprecation]:
    """The warnings of a module ``__getattr__``: of the names its ``if`` tests when it tests
    them plainly, else of ``__getattr__`` itself."""
    positional = [*node.args.posonlyargs, *node.args.args]
    name = positional[0].arg if positional else None
    for warning, ifs in _warnings_in(file, node.body, node):
        names = _attribute_names(file, ifs, name)
        if not names:
            yield _entry(file, warning, f"{file.module}.__getattr__", "function")
        for attribute in names:
            yield _entry(file, warning, f"{file.module}.{attribute}", "module-attribute")


def _entry(
    file: _File,
    warning: _Warning,
    qname: str,
    kind: DeprecatedKind,
    parameter: str | None = None,
) -> Deprecation:
    return Deprecation(
        qname=qname,
        kind=kind,
        mechanism="warnings.warn",
        category=warning.category,
        message=_shorten(warning.message),
        path=file.path,
        line=warning.line,
        parameter=parameter,
        remove_in=_remove_in(warning.message),
    )


def _warnings_in(
    file: _File, body: list[ast.stmt], function: _Def | None
) -> Iterator[tuple[_Warning, tuple[_Branch, ...]]]:
    """The deprecation candidates the calls of ``body`` (a function's, or the module's)
    raise, each with the ``if`` branches around it."""
    if not file.marked or (function is not None and not _has_marked(file, function)):
        return
    for call, ifs in _calls(body):
        if _is_warn(file, call.func) or _is_helper_call(file, call):
            env = _locals(function, call.lineno) if function is not None else {}
            warning = _warning(file, call, env)
            if warning is not None:
                yield warning, ifs


def _calls(body: list[ast.stmt]) -> Iterator[tuple[ast.Call, tuple[_Branch, ...]]]:
    """The calls ``body`` makes itself (not in the functions and lambdas it defines; class
    bodies run, so they count), each with the ``if`` branches around it, outermost first."""
    stack: list[tuple[ast.AST, tuple[_Branch, ...]]] = [(node, ()) for node in reversed(body)]
    while stack:
        node, ifs = stack.pop()
        if isinstance(node, _NESTED):
            continue
        if isinstance(node, ast.Call):
            yield node, ifs
        children: list[tuple[ast.AST, tuple[_Branch, ...]]]
        if isinstance(node, ast.If):
            children = [
                (node.test, ifs),
                *((part, (*ifs, (node.test, True))) for part in node.body),
                *((part, (*ifs, (node.test, False))) for part in node.orelse),
            ]
        else:
            children = [(child, ifs) for child in ast.iter_child_nodes(node)]
        stack.extend(reversed(children))


# -- warnings.warn ----------------------------------------------------------------------------


def _warning(file: _File, call: ast.Call, env: dict[str, ast.expr]) -> _Warning | None:
    """The warning ``call`` raises: a ``warnings.warn`` with a category, or a call of one
    of the file's helpers."""
    parts = _warn_parts(file, call, env)
    if parts is not None:
        message, category = parts
        if category is None:  # a UserWarning
            return None
        return _Warning(_text(file, message, env), _written(file.lines, category), call.lineno)
    if isinstance(call.func, ast.Name) and call.func.id in file.helpers:
        return _helper_warning(file, file.helpers[call.func.id], call, env)
    return None


def _is_helper_call(file: _File, call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in file.helpers


def _warn_parts(
    file: _File, call: ast.Call, env: dict[str, ast.expr]
) -> tuple[ast.expr | None, ast.expr | None] | None:
    """(message, category) of a ``warnings.warn`` call; the category is None when it has
    none. A warning instance as the message gives both."""
    if not _is_warn(file, call.func):
        return None
    message = call.args[0] if call.args else _keyword(call, "message")
    category = call.args[1] if len(call.args) > 1 else _keyword(call, "category")
    if category is None and message is not None:
        instance = _instance(file, message, env)
        if instance is not None:
            return (instance.args[0] if instance.args else None), instance.func
    return message, category


def _is_warn(file: _File, func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in file.warn_names
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "warn"
        and isinstance(func.value, ast.Name)
        and func.value.id in file.warnings_names
    )


def _instance(file: _File, expr: ast.expr, env: dict[str, ast.expr]) -> ast.Call | None:
    """A warning made where it is passed (``Category("msg")``), or bound to a name: a call of
    a capitalized name (a class, as its name is written)."""
    if isinstance(expr, ast.Name):
        expr = env.get(expr.id) or file.constants.get(expr.id) or expr
    if isinstance(expr, ast.Call) and _last(_dotted(expr.func) or "")[:1].isupper():
        return expr
    return None


def _helper(file: _File, node: _Def) -> _Helper | None:
    """``node`` as a helper: a function whose body warns unconditionally (a statement of its
    own), the warning's category one of its parameters, or its message one, or (when the
    function's name is private) made from them."""
    params = frozenset(_names(node.args))
    calls = [
        statement.value
        for statement in node.body
        if isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and _is_warn(file, statement.value.func)
    ]
    env = _locals(node) if calls else {}
    for call in calls:
        parts = _warn_parts(file, call, env)
        if parts is None or parts[1] is None:
            continue
        message, category = _resolved(parts[0], env), parts[1]
        if (
            _is_parameter(category, params)
            or _is_parameter(message, params)
            or (node.name.startswith("_") and _mentions(message, params, env))
        ):
            return _Helper(node.args, message, category)
    return None


def _helper_warning(
    file: _File, helper: _Helper, call: ast.Call, env: dict[str, ast.expr]
) -> _Warning | None:
    """The warning a call of a helper raises, its arguments bound as the helper's signature
    binds them (its defaults too)."""
    bound = _bind(helper.arguments, call)
    category = helper.category
    if isinstance(category, ast.Name) and category.id in _names(helper.arguments):
        if category.id not in bound:
            return None
        category = bound[category.id]
    message = helper.message
    if isinstance(message, ast.Name) and message.id in bound:
        text = _text(file, bound[message.id], env)
    elif isinstance(message, ast.JoinedStr):
        text = "".join(_filled_in(file, part, bound) for part in message.values)
    else:
        text = _text(file, message, {})
    return _Warning(text, _written(file.lines, category), call.lineno)


def _filled_in(file: _File, part: ast.expr, bound: dict[str, ast.expr]) -> str:
    """A part of a helper's f-string message, with the call's string arguments put in (other
    values shown as ``{expression}``)."""
    if isinstance(part, ast.Constant):
        return str(part.value)
    if not isinstance(part, ast.FormattedValue):
        return ""
    conversion = "" if part.conversion == -1 else f"!{chr(part.conversion)}"
    value = part.value
    argument = bound.get(value.id) if isinstance(value, ast.Name) else None
    if argument is None:
        return f"{{{ast.unparse(value)}{conversion}}}"
    if (
        isinstance(argument, ast.Constant)
        and isinstance(argument.value, str)
        and part.format_spec is None
    ):
        return str(_CONVERSIONS.get(part.conversion, str)(argument.value))
    return f"{{{_written(file.lines, argument)}{conversion}}}"


def _bind(arguments: ast.arguments, call: ast.Call) -> dict[str, ast.expr]:
    """The expressions a call binds to a signature's parameters (defaults included)."""
    positional = [*arguments.posonlyargs, *arguments.args]
    with_defaults = positional[len(positional) - len(arguments.defaults) :]
    bound = {p.arg: d for p, d in zip(with_defaults, arguments.defaults, strict=True)}
    for parameter, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True):
        if default is not None:
            bound[parameter.arg] = default
    for parameter, argument in zip(positional, call.args, strict=False):
        if isinstance(argument, ast.Starred):
            break
        bound[parameter.arg] = argument
    bound.update({kw.arg: kw.value for kw in call.keywords if kw.arg is not None})
    return bound


# -- parameters -------------------------------------------------------------------------------


def _parameters(node: _Def, in_class: bool) -> tuple[frozenset[str], str | None]:
    """A function's parameter names (not a method's ``self`` or ``cls``) and its ``**``
    parameter's."""
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args]
    static = any(_last(_decorator_name(d)) == "staticmethod" for d in node.decorator_list)
    if in_class and not static:
        positional = positional[1:]
    extra = [part for part in (arguments.vararg, arguments.kwarg) if part is not None]
    names = frozenset(p.arg for p in (*positional, *arguments.kwonlyargs, *extra))
    return names, arguments.kwarg.arg if arguments.kwarg else None


def _names(arguments: ast.arguments) -> set[str]:
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [part for part in (arguments.vararg, arguments.kwarg) if part is not None]
    return {p.arg for p in every}


def _guard(ifs: tuple[_Branch, ...], params: frozenset[str], kwargs: str | None) -> str | None:
    """The parameter whose use the innermost guarding ``if`` tests, if any does."""
    for test, in_body in reversed(ifs):
        found = _passed(test, params, kwargs) if in_body else _not_passed(test, params, kwargs)
        if found is not None:
            return found
        typed = _type_tested(test, params)
        if typed is not None:
            return typed
    return None


def _type_tested(test: ast.expr, params: frozenset[str]) -> str | None:
    """The parameter whose type ``test`` checks (``isinstance(param, OldType)``, negated or
    not): a kind of value of it is what is deprecated."""
    for node in ast.walk(test):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "isinstance"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in params
        ):
            return node.args[0].id
    return None


def _passed(test: ast.expr, params: frozenset[str], kwargs: str | None) -> str | None:
    """The parameter ``test`` is true for when it is passed: ``param``, ``param is not X``,
    ``"param" in kwargs``, ``kwargs.get("param")`` or ``kwargs.pop("param", ...)``."""
    if isinstance(test, ast.Name):
        return test.id if test.id in params else None
    if isinstance(test, ast.BoolOp):
        found = (_passed(value, params, kwargs) for value in test.values)
        return next((name for name in found if name is not None), None)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _not_passed(test.operand, params, kwargs)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        found_here = _compared(test, params, kwargs, passed=True)
        if found_here is not None:
            return found_here
    return _kwargs_read(test, kwargs)


def _not_passed(test: ast.expr, params: frozenset[str], kwargs: str | None) -> str | None:
    """The parameter ``test`` is false for when it is passed (``param is None``,
    ``"param" not in kwargs``, ``not param``)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _passed(test.operand, params, kwargs)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compared(test, params, kwargs, passed=False)
    return None


def _environmental(test: ast.expr) -> bool:
    """Whether an ``if`` tests the running interpreter or platform."""
    return any(
        isinstance(node, ast.Attribute) and node.attr in ("version_info", "platform")
        for node in ast.walk(test)
    )


def _compared(
    test: ast.Compare, params: frozenset[str], kwargs: str | None, passed: bool
) -> str | None:
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(left, ast.Name) and left.id in params:
        if passed and isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
            return left.id  # a value of it is deprecated (``fmt == "old"``): its callers pass it
        return left.id if isinstance(op, ast.IsNot if passed else ast.Is) else None
    in_kwargs = isinstance(right, ast.Name) and right.id == kwargs
    if in_kwargs and isinstance(left, ast.Constant) and isinstance(left.value, str):
        return left.value if isinstance(op, ast.In if passed else ast.NotIn) else None
    return None


def _kwargs_read(test: ast.expr, kwargs: str | None) -> str | None:
    """The key of a ``kwargs.get("key")`` or ``kwargs.pop("key", ...)`` within ``test``."""
    for node in ast.walk(test):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "pop")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == kwargs
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            return node.args[0].value
    return None


def _attribute_names(file: _File, ifs: tuple[_Branch, ...], name: str | None) -> tuple[str, ...]:
    """The names the innermost ``if`` (of those that test ``name`` plainly) of a module
    ``__getattr__`` tests ``name`` for."""
    for test, in_body in reversed(ifs):
        names = _names_tested(file, test, name) if in_body and name else ()
        if names:
            return names
    return ()


def _names_tested(file: _File, test: ast.expr, name: str) -> tuple[str, ...]:
    if isinstance(test, ast.BoolOp):
        parts = [_names_tested(file, value, name) for value in test.values]
        if isinstance(test.op, ast.Or):
            return tuple(found for part in parts for found in part)
        return next((part for part in parts if part), ())
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return ()
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(op, ast.Eq):
        for one, other in ((left, right), (right, left)):
            if isinstance(one, ast.Name) and one.id == name and isinstance(other, ast.Constant):
                return (other.value,) if isinstance(other.value, str) else ()
        return ()
    if isinstance(op, ast.In) and isinstance(left, ast.Name) and left.id == name:
        return _strings(file, right)
    return ()


def _strings(file: _File, expr: ast.expr) -> tuple[str, ...]:
    """The strings of a literal (a dict's keys), also one bound to a module-level name or
    wrapped in ``frozenset(...)``, ``set(...)``, ``tuple(...)`` or ``list(...)``."""
    if isinstance(expr, ast.Name):
        expr = file.constants.get(expr.id, expr)
    if isinstance(expr, ast.Call) and _dotted(expr.func) in _COLLECTIONS and len(expr.args) == 1:
        expr = expr.args[0]
    items: list[ast.expr | None]
    if isinstance(expr, ast.Dict):
        items = list(expr.keys)
    elif isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        items = list(expr.elts)
    else:
        return ()
    constants = [item.value for item in items if isinstance(item, ast.Constant)]
    return tuple(value for value in constants if isinstance(value, str))


# -- decorators and docstrings ----------------------------------------------------------------


def _decorator_entry(
    file: _File, decorator: ast.expr, qname: str, kind: DeprecatedKind
) -> Deprecation | None:
    call = decorator if isinstance(decorator, ast.Call) else None
    mechanism = _decorator_mechanism(file, _decorator_name(decorator))
    if mechanism is None:
        return None
    message, removed = _decorator_arguments(file, mechanism, call)
    category = _keyword(call, "category") if call is not None else None
    return Deprecation(
        qname=qname,
        kind=kind,
        mechanism=mechanism,
        category=(
            _written(file.lines, category)
            if category is not None
            else _DEFAULT_CATEGORY.get(mechanism, "")
        ),
        message=_shorten(message),
        path=file.path,
        line=decorator.lineno,
        remove_in=removed or _remove_in(message),
    )


#: the warning a decorator raises when it is given no category (a project's own: unknown)
_DEFAULT_CATEGORY: dict[str, str] = {
    "@deprecated": "DeprecationWarning",  # PEP 702
    "Deprecated": "DeprecationWarning",
    "deprecation": "DeprecatedWarning",  # the package's own, a DeprecationWarning
}


def _decorator_mechanism(file: _File, written: str) -> Mechanism | None:
    """Which ``deprecated`` a decorator is, by what the file imports under its first part."""
    head, _, rest = written.partition(".")
    full = file.imported.get(head, head) + (f".{rest}" if rest else "")
    if "deprecated" not in (_last(written), _last(full)):
        return None
    if full in _PEP702:
        return "@deprecated"
    if full.startswith("deprecated."):
        return "Deprecated"
    if full == "deprecation.deprecated":
        return "deprecation"
    return "decorator"


def _decorator_arguments(
    file: _File, mechanism: Mechanism, call: ast.Call | None
) -> tuple[str, str | None]:
    """(message, removal version) a decorator's arguments state."""
    if call is None:
        return "", None
    if mechanism == "deprecation":  # deprecated(deprecated_in, removed_in, current, details)
        message = _argument(call, 3, "details")
        removed = _argument(call, 1, "removed_in")
    else:
        first = call.args[0] if call.args else None
        if first is None or (isinstance(first, ast.Constant) and not _is_str(first)):
            first = _keyword(call, "reason", "details", "message")
        message, removed = first, _keyword(call, "removed_in")
    version = removed.value if isinstance(removed, ast.Constant) else None
    return _text(file, message, {}), version if isinstance(version, str) else None


def _docstring_entries(
    file: _File,
    node: ast.Module | ast.ClassDef | _Def,
    qname: str,
    kind: DeprecatedKind,
    line: int,
) -> Iterator[Deprecation]:
    """The ``.. deprecated::`` directives of a docstring: one at the top level deprecates what
    the docstring documents, or the function's parameter it names in emphasis
    (``.. deprecated:: 19.2.0 *cmp*``); one nested under a parameter's description
    (``hash (bool):`` or ``:param hash:``), that parameter; any other nested one is left out
    (it speaks of a part of the thing, not of the thing), and so is a parameter's that a later
    note takes back ("*cmp* undeprecated") or that the signature no longer has."""
    raw = ast.get_docstring(node, clean=False)
    if not raw or "deprecated::" not in raw:
        return
    params = _names(node.args) if isinstance(node, _DEFS) else set()
    open_ended = isinstance(node, _DEFS) and node.args.kwarg is not None
    text = ast.get_docstring(node) or ""
    for message, parameter in _directives(text, params):
        if parameter == "" or (parameter and not _still_deprecated(parameter, text, params)):
            continue
        if not (parameter and parameter not in params and not open_ended):
            yield Deprecation(
                qname=qname,
                kind="parameter" if parameter else kind,
                mechanism="docstring",
                category="",
                message=_shorten(message),
                path=file.path,
                line=line,
                parameter=parameter,
                remove_in=_remove_in(message),
            )


def _still_deprecated(parameter: str, docstring: str, params: set[str]) -> bool:
    """Whether a later note has not taken a parameter's deprecation back (attrs:
    ``.. versionchanged:: 21.1.0 *cmp* undeprecated``)."""
    pattern = rf"(?:\*{{1,2}}|``?){re.escape(parameter)}(?:\*{{1,2}}|``?)\s+un-?deprecated"
    return re.search(pattern, docstring, re.IGNORECASE) is None


def _directives(docstring: str, params: set[str]) -> Iterator[tuple[str, str | None]]:
    """Each directive's version and first paragraph (whitespace collapsed), with the parameter
    it is nested under: None at the top level, "" nested under anything else."""
    lines = docstring.splitlines()
    for index, text in enumerate(lines):
        match = _DIRECTIVE.match(text)
        if match is not None:
            indent = len(match.group(1))
            paragraph = _paragraph(lines[index + 1 :], indent)
            message = " ".join(" ".join([match.group(2), *paragraph]).split())
            if indent:
                yield message, _described(lines[:index], indent, params)
            else:  # ".. deprecated:: 19.2.0 *cmp* ...": the parameter it names
                yield message, _named_parameter(match.group(2), message, params)


def _named_parameter(head: str, message: str, params: set[str]) -> str | None:
    """The parameter a top-level directive is about: one set in emphasis right after the
    version (``19.2.0 *cmp*``: about it, even when the signature no longer has it), else the
    first of the function's parameters the text sets in emphasis; None: about the whole."""
    after_version = message.partition(" ")[2].strip() if head else message
    first = _EMPHASISED.match(after_version)
    if first is not None:  # about that name: a parameter, or a part (``__lt__``)
        return first.group(1)
    named = [n for n in _EMPHASISED.findall(message) if n in params]
    return named[0] if named else None


def _described(above: list[str], indent: int, params: set[str]) -> str:
    """The parameter whose description holds a nested directive: the nearest line above that
    is indented less, when it introduces one of ``params`` ("" when it does not)."""
    for text in reversed(above):
        stripped = text.strip()
        if stripped and len(text) - len(text.lstrip()) < indent:
            match = _PARAMETER_ITEM.match(stripped)
            name = next((g for g in match.groups() if g), "") if match else ""
            return name if name in params else ""
    return ""


def _paragraph(lines: list[str], indent: int) -> list[str]:
    """The first paragraph of a directive's content: lines indented deeper than it."""
    paragraph: list[str] = []
    for text in lines:
        if not text.strip():
            if paragraph:
                break
            continue
        if len(text) - len(text.lstrip()) <= indent:
            break
        paragraph.append(text)
    return paragraph


# -- expressions ------------------------------------------------------------------------------


def _text(file: _File, expr: ast.expr | None, env: dict[str, ast.expr]) -> str:
    """A message: a string constant as it is, another expression as its source text; a name
    stands for the value it is bound to once in the function, or at module level."""
    expr = _resolved(expr, env, file.constants)
    if expr is None:
        return ""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    return _written(file.lines, expr)


def _resolved(
    expr: ast.expr | None, env: dict[str, ast.expr], constants: dict[str, ast.expr] | None = None
) -> ast.expr | None:
    """``expr``, or, when it is a name, the value it stands for (followed a few times)."""
    for _ in range(5):
        if not isinstance(expr, ast.Name):
            break
        value = env.get(expr.id) or (constants or {}).get(expr.id)
        if value is None:
            break
        expr = value
    return expr


def _locals(node: _Def, before: int | None = None) -> dict[str, ast.expr]:
    """The names a function assigns exactly once (``name = value``), with their values; with
    ``before`` (the line of a call), a name assigned more than once stands for its last plain
    assignment above that line (``message = ...`` right before ``warnings.warn(message)``)."""
    values: dict[str, list[tuple[int, ast.expr]]] = {}
    stores: Counter[str] = Counter()
    for part in _own_nodes(node.body):
        if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Store):
            stores[part.id] += 1
        elif (
            isinstance(part, ast.Assign)
            and len(part.targets) == 1
            and isinstance(part.targets[0], ast.Name)
        ):
            values.setdefault(part.targets[0].id, []).append((part.lineno, part.value))
    found = {}
    for name, assigned in values.items():
        above = sorted((a for a in assigned if before is not None and a[0] < before), key=_line)
        if stores[name] == 1:
            found[name] = assigned[0][1]
        elif above:
            found[name] = above[-1][1]
    return found


def _line(assignment: tuple[int, ast.expr]) -> int:
    return assignment[0]


def _own_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of a function body, not of the functions and classes it defines."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (*_NESTED, ast.ClassDef)):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _mentions(expr: ast.expr | None, params: frozenset[str], env: dict[str, ast.expr]) -> bool:
    """Whether ``expr`` reads one of ``params``, also through the function's locals."""
    pending, seen = [expr] if expr is not None else [], set()
    while pending:
        for node in ast.walk(pending.pop()):
            if isinstance(node, ast.Name) and node.id not in seen:
                if node.id in params:
                    return True
                seen.add(node.id)
                if node.id in env:
                    pending.append(env[node.id])
    return False


def _is_parameter(expr: ast.expr | None, params: frozenset[str]) -> bool:
    return isinstance(expr, ast.Name) and expr.id in params


def _is_str(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and isinstance(expr.value, str)


def _keyword(call: ast.Call, *names: str) -> ast.expr | None:
    """The value of the first of ``names`` the call passes by keyword."""
    for name in names:
        for keyword in call.keywords:
            if keyword.arg == name:
                return keyword.value
    return None


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    return call.args[index] if len(call.args) > index else _keyword(call, name)


def _dotted(expr: ast.expr) -> str | None:
    """``a.b.c`` for a name or an attribute chain, else None."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        base = _dotted(expr.value)
        return f"{base}.{expr.attr}" if base is not None else None
    return None


def _decorator_name(decorator: ast.expr) -> str:
    """A decorator's dotted name (the called one's for ``@name(...)``), or ""."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _dotted(target) or ""


def _written(lines: list[str], expr: ast.expr) -> str:
    """An expression as the source writes it (a dotted name as it is), on one line."""
    dotted = _dotted(expr)
    if dotted is not None:
        return dotted
    return _LINE_BREAK.sub(" ", _segment(lines, expr) or ast.unparse(expr))


def _segment(lines: list[str], expr: ast.expr) -> str | None:
    """The source text of ``expr``, as :func:`ast.get_source_segment` gives it (which splits
    the whole source again on each call)."""
    first, last = expr.lineno - 1, (expr.end_lineno or 0) - 1
    if expr.end_col_offset is None or not 0 <= first <= last < len(lines):
        return None
    if first == last:
        return _decoded(lines[first].encode()[expr.col_offset : expr.end_col_offset])
    start = _decoded(lines[first].encode()[expr.col_offset :])
    end = _decoded(lines[last].encode()[: expr.end_col_offset])
    return "".join([start, *lines[first + 1 : last], end])


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _last(dotted: str) -> str:
    return dotted.rpartition(".")[2]


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _remove_in(text: str) -> str | None:
    """The version after "removed in", "removal in", "remove in", "removed by" (and the like)
    in a message, as written."""
    match = _REMOVE_IN.search(text)
    return next((g for g in match.groups() if g), None) if match else None
