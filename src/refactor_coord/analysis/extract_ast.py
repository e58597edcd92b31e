"""Source text -> :class:`FileFacts`, with the standard library's :mod:`ast`.

One pass over the tree. Each scope (module, class, function, lambda, comprehension) collects
the names it binds and the names it loads; when the scope closes, every load is resolved with
Python's scoping rules: bound in this scope, declared ``global``, or handed to the enclosing
scope (functions skip enclosing class bodies). A load that reaches the module scope and names
a top-level binding becomes a *use* with a written qualified name; a load of a function's own
local variable is not a reference to any symbol, except that attributes read from it are kept
as *loose* attribute uses (the receiver's type is unknown), unless the local variable holds an
instance of a known class: a parameter or a local annotated with a class, or a name assigned once
from a call (``client = Client(...)``, ``client = make()``). Its attributes are then read as
what the call gives, written ``pkg.Client.().fetch`` (the ``()`` marks a call's result), and so
are those of a call read directly (``Client(...).fetch``) and of ``super()``. The surface records
what functions return and what class attributes hold (annotations, ``self.x = Client()``); the
linker tells whether a call gives an instance of a class of the repository (a class, a return
annotation naming one), looks the attribute up in it and its bases, and keeps the use loose
when it cannot.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from refactor_coord.analysis.raw import (
    CALLED,
    FLAG_GUARDED,
    FLAG_LAZY,
    FLAG_TYPE_CHECKING,
    IMPORT_FROM,
    IMPORT_PLAIN,
    IMPORT_STAR,
    MAX_CALLS,
    SUPER,
    Binding,
    ClassInfo,
    DefRow,
    ExportRow,
    FileFacts,
    ImportRow,
    LooseRow,
    Shape,
    StringRow,
    Surface,
    UseRow,
    loose_rows,
)
from refactor_coord.domain.call_aliases import call_aliases, is_chain
from refactor_coord.domain.facts import weaker_confidence
from refactor_coord.domain.modules import (
    CALL_IMPORT_REASON,
    DOTTED_PATH,
    SHIM_TABLE,
    imported_module,
    resolve_relative,
)
from refactor_coord.domain.passed_on import (
    Forwarder,
    PassedOn,
    annotated_defaults,
    forwarders,
    passed_by_annotation,
    passed_in_call,
)

_BUILTINS = frozenset(dir(builtins))
#: Builtins whose call makes a value of a builtin type (``open(...)``, ``str(...)``): its
#: attributes are not any repository class's. ``type(x)`` and ``super()`` give what ``x`` is.
_MAKES_BUILTIN = frozenset(
    name
    for name in _BUILTINS
    if isinstance(getattr(builtins, name), type) and name not in ("type", "super", "object")
) | {"open"}
#: A name bound to a module by ``importlib.import_module("a.b")``: its uses name that module's
#: contents, at low confidence (no import statement to rewrite: a person must)
CALL_IMPORT = "import-call"
MODULE_DUNDERS = frozenset(
    {
        "__name__",
        "__file__",
        "__doc__",
        "__spec__",
        "__loader__",
        "__package__",
        "__path__",
        "__builtins__",
        "__cached__",
        "__annotations__",
        "__dict__",
        "__debug__",
    }
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the only line breaks of the tokenizer (not \f, \x1c...)
GUARD_EXCEPTIONS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
DYNAMIC_READS = frozenset({"getattr", "hasattr"})
DYNAMIC_WRITES = frozenset({"setattr", "delattr"})
_DYNAMIC_CALLS = DYNAMIC_READS | DYNAMIC_WRITES | {"object"}  # ``patch.object``

# Pending load: (root, attrs, line, col, kind, shape, scope, cap, reason)
_Pending = tuple[str, tuple[str, ...], int, int, str, Shape, str, str, str]


@dataclass(slots=True)
class _Scope:
    kind: str  # module | class | function | lambda | comprehension
    qname: str  # qualified name used as the "scope" of the references found in it
    parent: _Scope | None
    bound: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (how, target)
    #: class bodies: name -> line of its first binding (a read on or before it reads outside)
    first_bound: dict[str, int] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)
    pending: list[_Pending] = field(default_factory=list)
    addressable: bool = True  # a module-level class (or nested in one): has a stable qname
    #: an unannotated function of a module or class: what its ``return`` statements give, to
    #: tell its return type by (None: not collected, or a generator)
    returned: list[ast.expr | None] | None = None
    #: a class or static method: its first parameter is not an instance of the class
    class_first: bool = False
    #: a function: its node, the names it assigns a name or attribute chain to, and the names
    #: it calls (its comprehensions' too): where both meet, the locals that only stand for a
    #: callable are looked for at its close (:mod:`...domain.call_aliases`)
    node: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    assigned: set[str] = field(default_factory=set)
    called: set[str] = field(default_factory=set)
    report: str = (
        ""  # the scope named in references: lambdas and comprehensions report their owner
    )

    def __post_init__(self) -> None:
        owner = self.parent is not None and self.kind in ("comprehension", "lambda")
        self.report = self.parent.report if owner and self.parent is not None else self.qname


def decode_source(source: bytes) -> str:
    """Source bytes -> text as the interpreter reads it (PEP 263 cookie or BOM; else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        return source.decode(encoding, "replace")
    except (SyntaxError, LookupError):
        return source.decode("utf-8", "replace")


def call_shape(node: ast.Call) -> Shape:
    """Positional count, keyword names and star forms of a call."""
    positional = len(node.args)
    star = False
    for arg in node.args:
        if arg.__class__ is ast.Starred:
            star = True
            positional -= 1
    if not node.keywords:
        return (positional, (), star, False)
    keywords = tuple(k.arg for k in node.keywords if k.arg is not None)
    return (positional, keywords, star, len(keywords) != len(node.keywords))


def attribute_chain(node: ast.expr) -> tuple[ast.expr, tuple[str, ...]]:
    """Split ``a.b.c`` into its innermost expression and the attribute names after it."""
    if node.__class__ is not ast.Attribute:
        return node, ()
    attrs: list[str] = []
    while node.__class__ is ast.Attribute:
        attrs.append(node.attr)
        node = node.value
    attrs.reverse()
    return node, tuple(attrs)


class _ColumnMap:
    """Turns ast's UTF-8 byte offsets into 1-based character columns.

    ast counts bytes of the *UTF-8 encoding* of the decoded text, whatever the file's own
    encoding (a coding cookie, a BOM), so the lines are decoded the way the interpreter does and
    re-encoded as UTF-8 before offsets are measured on them.
    """

    def __init__(self, source: bytes) -> None:
        self._source = source
        self.is_identity = (
            source.isascii()
        )  #: an ASCII source, where a byte offset + 1 is the column
        self._lines: list[str] | None = None  # decoded on the first column asked for
        self._encoded: dict[int, bytes] = {}  # line -> its UTF-8 bytes (b"" for an ASCII line)

    def __call__(self, line: int, byte_col: int) -> int:
        if self.is_identity:
            return byte_col + 1
        encoded = self._encoded.get(line)
        if encoded is None:
            if self._lines is None:
                self._lines = _LINE_BREAK.split(decode_source(self._source))
            text = self._lines[line - 1] if line <= len(self._lines) else ""
            encoded = self._encoded[line] = b"" if text.isascii() else text.encode("utf-8")
        if not encoded:
            return byte_col + 1
        return len(encoded[:byte_col].decode("utf-8", "replace")) + 1


#: Fields that never hold child nodes worth visiting (names, flags, expression contexts,
#: operators).
_LEAF_FIELDS = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "kind",
        "type_comment",
        "arg",
        "module",
        "level",
        "conversion",
        "is_async",
        "asname",
        "n",
        "s",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = tuple(
            f for f in getattr(cls, "_fields", ()) if f not in _LEAF_FIELDS
        )
    return fields


class _Extractor(ast.NodeVisitor):
    """The scope walk. ``visit`` dispatches through a per-class cache (ast.NodeVisitor's string
    lookups per node cost as much as the rest of the walk)."""

    _methods: ClassVar[dict[type, Callable[[_Extractor, Any], None]]] = {}

    def visit(self, node: ast.AST) -> None:
        (self._methods.get(node.__class__) or _method_for(node.__class__))(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        # Dispatches children directly (one Python call per node instead of two).
        methods = self._methods
        for name in _child_fields(node.__class__):
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        (methods.get(item.__class__) or _method_for(item.__class__))(self, item)
            elif isinstance(value, ast.AST):
                (methods.get(value.__class__) or _method_for(value.__class__))(self, value)

    def __init__(self, module: str, is_package: bool, columns: _ColumnMap) -> None:
        self.module = module
        self.is_package = is_package
        self.col = columns
        self.ascii = columns.is_identity
        self.scope = _Scope("module", module, None)
        self.module_scope = self.scope
        self.kind = "name"
        self.annotation = False
        self.flags = 0
        self.loops = 0  # depth of for/while statements: a module-level load in one may run again
        self.bindings: list[Binding] = []
        self.binding_names: dict[str, list[Binding]] = {}
        self.stars: list[str] = []
        self.all_names: list[str] | None = None
        self.all_dynamic = False
        self.has_getattr = False
        self.class_members: dict[str, list[tuple[str, str]]] = {}
        self.class_bases: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        #: function or method (relative name) -> the dotted name its return annotation is
        self.returns: dict[str, str] = {}
        #: (class, attribute) -> what it holds an instance of (None: assigned differently)
        self.attribute_types: dict[tuple[str, str], str | None] = {}
        self.definitions: dict[str, DefRow] = {}
        self.imports: list[ImportRow] = []
        self.uses: list[UseRow] = []
        self.loose: list[LooseRow] = []
        self.strings: list[StringRow] = []
        self.exports: list[ExportRow] = []
        #: the names the top level binds once (:func:`top_level_bindings`)
        self.bound_once: frozenset[str] = frozenset()
        self.declared_global: set[str] = set()  #: what any function declares ``global``
        #: values passed on to code whose calls of them are known, by node id: each counts as
        #: a call of the shape they will be called with (:mod:`..domain.passed_on`)
        self.passed: dict[int, PassedOn] = {}
        self.forwarders: dict[str, Forwarder] = {}
        self.top_bindings: dict[str, int] = {}  #: see :func:`top_level_bindings`

    # -- results -------------------------------------------------------------------------
    def facts(self, tree: ast.Module) -> FileFacts:
        self.top_bindings = top_level_bindings(tree)
        self.forwarders = forwarders(tree, self._times_bound)
        self.visit(tree)
        once = {name for name, count in self.top_bindings.items() if count == 1}
        self.bound_once = frozenset(once) - self.declared_global
        self._close_module()
        classes: list[ClassInfo] = []
        for rel, members in self.class_members.items():
            bases = tuple(
                self._module_written(root, attrs) or ""
                for root, attrs in self.class_bases.get(rel, [])
            )
            classes.append((rel, tuple(b for b in bases if b), tuple(dict.fromkeys(members))))
        surface = Surface(
            self.module,
            self.is_package,
            tuple(self.bindings),
            tuple(self.stars),
            tuple(self.all_names) if self.all_names is not None else None,
            self.all_dynamic,
            self.has_getattr,
            tuple(classes),
            tuple((rel, w) for rel, typed in self.returns.items() if (w := self._written(typed))),
            tuple(
                (rel, attr, w)
                for (rel, attr), typed in self.attribute_types.items()
                if typed is not None
                and (rel or attr in self.bound_once)
                and (w := typed if typed == BUILTIN_VALUE else self._written(typed))
            ),
        )
        return FileFacts(
            surface,
            tuple(self.definitions.values()),
            tuple(self.imports),
            tuple(self.uses),
            tuple(self.loose),
            tuple(self.strings),
            tuple(self.exports),
            "ast",
        )

    def _written(self, dotted: str) -> str | None:
        """What a dotted name (``api.Client``) names from the module's top level."""
        root, *chain = dotted.split(".")
        return self._module_written(root, tuple(chain))

    def _type_attribute(self, rel: str, attr: str, typed: str) -> None:
        """Record what ``rel``'s attribute ``attr`` holds an instance of (see :meth:`facts`);
        an attribute typed two ways is not typed."""
        if typed.split(".")[0] in self.scope.bound and self.scope.kind == "function":
            return  # a local or parameter of the method: not the module's name
        known = self.attribute_types.get((rel, attr), typed)
        self.attribute_types[(rel, attr)] = typed if known == typed else None

    def _type_module_variable(self, name: str, value: ast.expr) -> None:
        """What a module-level name assigned a value holds (see :func:`module_value_type`)."""
        typed = module_value_type(value)
        if typed:
            self._type_attribute("", name, typed)

    # -- binding ---------------------------------------------------------------------------
    def _bind(self, name: str, how: str, target: str, node: ast.AST) -> None:
        scope = self.scope
        if scope.kind != "module" and name in scope.declared_global:
            scope = self.module_scope
        if scope.kind == "module":
            self._bind_module(name, how, target, node)
            return
        if scope.kind == "class":
            scope.first_bound.setdefault(name, getattr(node, "lineno", 0))
        previous = scope.bound.get(name)
        if previous is not None and INSTANCE in (how, previous[0]):
            scope.bound[name] = ("local", "")  # bound more than once: its type is not known
        elif (
            previous is not None
            and previous != (how, target)
            and (previous[0] == "import" or how == "import")
        ):
            imported = previous[1] if previous[0] == "import" else target
            scope.bound[name] = ("ambiguous", imported)
        elif previous is None or previous[0] != "ambiguous":
            scope.bound[name] = (how, target)
        if scope.kind == "class" and scope.addressable:
            member_kind = (
                "method" if how == "function" else ("class" if how == "class" else "attribute")
            )
            self.class_members[scope.qname[len(self.module) + 1 :]].append((name, member_kind))
            if how != "import":
                self._define(f"{scope.qname}.{name}", member_kind, node)

    def _bind_module(self, name: str, how: str, target: str, node: ast.AST) -> None:
        binding: Binding = (name, how if how != "local" else "variable", target, self.flags)
        if binding not in self.binding_names.get(name, ()):
            self.bindings.append(binding)
            self.binding_names.setdefault(name, []).append(binding)
        if how not in ("import", CALL_IMPORT):
            self._define(f"{self.module}.{name}", binding[1], node)
        self.module_scope.bound.setdefault(name, (how, target))

    def _define(self, qname: str, kind: str, node: ast.AST) -> None:
        if qname not in self.definitions:
            line = getattr(node, "lineno", 1)
            self.definitions[qname] = (
                qname,
                kind,
                line,
                self.col(line, getattr(node, "col_offset", 0)),
            )

    # -- loads -----------------------------------------------------------------------------
    def _load(
        self,
        root: str,
        attrs: tuple[str, ...],
        node: ast.expr,
        kind: str,
        shape: Shape = None,
        cap: str = "high",
        reason: str = "",
    ) -> None:
        line = node.lineno
        col = node.col_offset + 1 if self.ascii else self.col(line, node.col_offset)
        p = (root, attrs, line, col, kind, shape, self.scope.report, cap, reason)
        if (
            self.scope is self.module_scope
            and root not in self.module_scope.bound
            and not self.loops
            and not self.annotation
            and kind != "annotation"
        ):
            later = read_before_bound(p, bool(self.stars))
            if later is None:
                settle_module_load(self.module, [], bool(self.stars), p, self.uses, self.loose)
                return
            p = later
        self.scope.pending.append(p)

    def _returned_by_scope(self, scope: _Scope, parent: _Scope) -> None:
        """What an unannotated function gives, where every ``return`` says the same: a call of
        a dotted name (``return Group(self)``), a local bound once to an instance (``group =
        Group(self)`` ... ``return group``: argparse's ``add_argument_group``), a parameter
        annotated with a class, or a method's ``self`` (its class)."""
        assert scope.returned is not None
        found: set[str] = set()
        for value in scope.returned:
            how, target = (
                scope.bound.get(value.id, ("", "")) if isinstance(value, ast.Name) else ("", "")
            )
            built = built_by(value) if value is not None else None
            if built is not None and built[0] not in scope.bound:  # not a local's call
                found.add(encode_class(*built))
            elif how == INSTANCE or (
                how == "self" and parent.kind == "class" and not scope.class_first
            ):
                found.add(target[len(self.module) + 1 :] if how == "self" else target)
            else:
                return
        if len(found) == 1:
            self.returns[scope.qname[len(self.module) + 1 :]] = found.pop()

    def _scope_name(self) -> str:
        return self.scope.report

    def _emit(
        self, written: str, p: _Pending, cap: str | None = None, reason: str | None = None
    ) -> None:
        self.uses.append(use_row(written, p, cap, reason))

    def _emit_loose(self, p: _Pending, attrs: tuple[str, ...]) -> None:
        self.loose.extend(loose_rows(attrs, p[2], p[3], p[4], p[5], p[6]))

    def _function_scope(self) -> _Scope:
        """The scope itself, or the function a comprehension is in (it reads its locals)."""
        scope = self.scope
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        return scope

    def _call_aliases(self, scope: _Scope) -> None:
        """A function's locals that only stand for a callable: each value's load becomes kind
        alias, and each call through the local a load of the value at the call, kind call."""
        if scope.node is None or not scope.assigned & scope.called:
            return
        for alias in call_aliases(scope.node).values():
            value = alias.assign.value
            root, attrs = attribute_chain(value)
            assert isinstance(root, ast.Name)
            at = (root.lineno, self._col(root))
            scope.pending = [
                (*p[:4], "alias", *p[5:])
                if (p[0], p[1], *p[2:4], p[4]) == (root.id, attrs, *at, "name")
                else p
                for p in scope.pending
            ]
            why = f"through '{alias.name}', which stands for it"
            for call in alias.calls:
                self._load(root.id, attrs, call.func, "call", call_shape(call), reason=why)

    def _col(self, node: ast.expr) -> int:
        """A node's column as loads record it (characters, from 1)."""
        return node.col_offset + 1 if self.ascii else self.col(node.lineno, node.col_offset)

    def _close_scope(self) -> None:
        scope = self.scope
        parent = scope.parent
        assert parent is not None
        self._call_aliases(scope)
        if scope.returned:
            self._returned_by_scope(scope, parent)
        outer = parent
        if scope.kind != "class":
            while outer.kind == "class" and outer.parent is not None:
                outer = outer.parent
        work = scope.pending
        for p in work:
            root = p[0]
            if root in scope.declared_global:
                self.module_scope.pending.append(p)
                continue
            how, target = scope.bound.get(root, ("", ""))
            if how and scope.kind == "class" and p[2] <= scope.first_bound.get(root, 0):
                how = ""  # ``codec = codec`` in a class body reads the global: not bound yet
            if not how:
                outer.pending.append(p)
            elif how == INSTANCE and p[1].count(CALLED) < MAX_CALLS:
                if p[1]:
                    work.append(of_instance(target, p))  # read as the class's, where bound
            else:
                self._settle_bound(how, target, p)
        self.scope = parent

    def _settle_bound(self, how: str, target: str, p: _Pending) -> None:
        """A load of a name the closing scope binds ``how`` (to ``target``)."""
        root, attrs = p[0], p[1]
        if how == "import":
            self._emit(_join(target, attrs), p)
        elif how == CALL_IMPORT:
            self._emit(_join(target, attrs), p, "low", CALL_IMPORT_REASON)
        elif how == "ambiguous":
            self._emit(_join(target, attrs), p, "low", f"'{root}' is bound more than once here")
        elif how == "self" and attrs:
            self._emit(_join(target, attrs), p, "medium", f"through '{root}'")
        elif attrs:  # a local (or an instance reached through too many calls: ``x = x.f()``)
            self._emit_loose(p, attrs)

    def _close_module(self) -> None:
        for p in self.module_scope.pending:
            settle_module_load(
                self.module,
                self.binding_names.get(p[0], []),
                bool(self.stars),
                p,
                self.uses,
                self.loose,
            )
        self.module_scope.pending = []

    def _module_written(self, root: str, attrs: tuple[str, ...]) -> str | None:
        written = module_written(
            self.module, self.binding_names.get(root, []), root, attrs, bool(self.stars)
        )
        return written[0][0] if written else None

    # -- references ------------------------------------------------------------------------
    def _reference(self, node: ast.expr, kind: str, shape: Shape = None) -> None:
        """Record ``node`` as a reference of ``kind`` if it is a name or an attribute chain."""
        base, attrs = attribute_chain(node)
        if isinstance(base, ast.Name) and (attrs or isinstance(node, ast.Name)):
            ctx = node.ctx if isinstance(node, (ast.Name, ast.Attribute)) else ast.Load()
            if isinstance(ctx, ast.Load):
                dynamic = "__dict__" in attrs
                self._load(
                    base.id,
                    attrs,
                    base,
                    "dynamic" if dynamic else kind,
                    shape,
                    "low" if dynamic else "high",
                    "module __dict__ access" if dynamic else "",
                )
            elif attrs:
                self._load(base.id, attrs, base, "assign")
            else:
                self._bind(base.id, "local", "", base)
            return
        self.visit(base)
        if attrs:
            line = getattr(base, "lineno", 1)
            col = self.col(line, getattr(base, "col_offset", 0))
            if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
                kind = "assign"  # ``a[0].x = v``: as for a name's attribute
            p: _Pending = ("", attrs, line, col, kind, shape, self._scope_name(), "low", "")
            if kind == "assign" or not self._called_attribute(base, p):
                self._emit_loose(p, attrs)

    def _called_attribute(self, call: ast.expr, p: _Pending) -> bool:
        """``Client(...).fetch`` or ``super().fetch`` (``p``: the load of ``.fetch``): read as
        the attribute of what the call gives (see :data:`CALLED`); False when ``call`` is
        neither."""
        attrs, kind, shape = p[1], p[4], p[5]
        owner = self._super_of(call)
        if owner is not None:  # ``super().fetch`` in a method of ``owner``
            written = _join(f"{owner}.{SUPER}.{CALLED}", attrs)
            self._emit(written, (owner, *p[1:7], "high", ""), "medium")
            return True
        built = built_through_calls(call)
        if built is None:
            return False
        at, chain = built
        self._load(at.id, (*chain, CALLED, *attrs), at, kind, shape, "medium")
        return True

    def _owner_of(self, target: ast.expr) -> tuple[str, str] | None:
        """(class relative to the module, attribute) when ``target`` is ``self.attribute`` in a
        method of an addressable class, or a name in such a class's body."""
        scope = self.scope
        if isinstance(target, ast.Name) and scope.kind == "class" and scope.addressable:
            return scope.qname[len(self.module) + 1 :], target.id
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)):
            return None
        how, cls = scope.bound.get(target.value.id, ("", ""))
        return (cls[len(self.module) + 1 :], target.attr) if how == "self" else None

    def _super_of(self, node: ast.expr) -> str | None:
        """The class whose method makes the call ``super()`` that ``node`` is (None when it is
        not one, or the method's class is not known)."""
        if not (isinstance(node, ast.Call) and _is_name(node.func, "super")):
            return None
        if "super" in self.scope.bound or self.scope.kind != "function":
            return None
        return next((t for how, t in self.scope.bound.values() if how == "self"), None)

    def visit_Name(self, node: ast.Name) -> None:
        if self.passed and id(node) in self.passed and self.kind == "name":
            self._passed_on(node, self.passed[id(node)])
        elif node.ctx.__class__ is ast.Load:  # the common case, kept short: see _reference
            self._load(node.id, (), node, "annotation" if self.annotation else self.kind)
        else:
            self._reference(node, self.kind)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.ctx.__class__ is ast.Store:
            base, attrs = attribute_chain(node)
            if isinstance(base, ast.Name) and self._is_self(base.id) and len(attrs) == 1:
                self._record_instance_attribute(base.id, attrs[0], node)
        if self.passed and id(node) in self.passed and self.kind == "name":
            self._passed_on(node, self.passed[id(node)])
        else:
            self._reference(node, "annotation" if self.annotation else self.kind)

    def _passed_by_annotation(self, pairs: Iterable[tuple[ast.expr, ast.expr]]) -> None:
        """Values assigned, or given as defaults, under a ``Callable[[A, ...], R]``
        annotation: calls of the shape it states."""
        for annotation, value in pairs:
            by_annotation = passed_by_annotation(annotation, value)
            if by_annotation is not None:
                self.passed[id(value)] = by_annotation

    def _times_bound(self, name: str) -> int:
        """How many times ``name`` is bound where it is read now: 2 for a local of an
        enclosing function or class (bound there at least once before), else as often as the
        module's top level binds it."""
        scope: _Scope | None = self.scope
        while scope is not None and scope is not self.module_scope:
            if name in scope.bound:
                return 2
            scope = scope.parent
        return self.top_bindings.get(name, 0)

    def _passed_on(self, node: ast.Name | ast.Attribute, passed: PassedOn) -> None:
        """A value passed on to code whose calls of it are known: a call of their shape
        (with no reason of its own: the resolver's says how a member was reached, ``on an
        instance of ...``, and the plan reads it)."""
        shape: Shape = (passed.positional, passed.keywords, False, False)
        self._reference(node, "call", shape)

    def _is_self(self, name: str) -> bool:
        return self.scope.bound.get(name, ("", ""))[0] == "self"

    def _record_instance_attribute(self, name: str, attr: str, node: ast.AST) -> None:
        cls = self.scope.bound[name][1]
        rel = cls[len(self.module) + 1 :]
        if rel in self.class_members:
            self.class_members[rel].append((attr, "attribute"))
            self._define(f"{cls}.{attr}", "attribute", node)

    def visit_Call(self, node: ast.Call) -> None:
        kind = "decorator" if self.kind == "decorator" else "call"
        saved = self.kind
        self.kind = "name"
        func = node.func
        if func.__class__ is ast.Name:  # the common case, kept short: see _reference
            self._load(func.id, (), func, kind, call_shape(node))
            self._function_scope().called.add(func.id)
        else:
            self._reference(func, kind, call_shape(node))
        self._dynamic_access(node)
        passed = passed_in_call(node, self.forwarders, self._times_bound)
        if passed is not None:
            self.passed[id(passed[0])] = passed[1]
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self.visit(keyword.value)
        self.kind = saved

    def _dynamic_access(self, node: ast.Call) -> None:
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else (func.attr if isinstance(func, ast.Attribute) else "")
        )
        if name not in _DYNAMIC_CALLS:
            return
        patch_object = (
            isinstance(func, ast.Attribute)
            and func.attr == "object"
            and (
                _is_name(func.value, "patch")
                or (isinstance(func.value, ast.Attribute) and func.value.attr == "patch")
            )
        )
        monkeypatch = isinstance(func, ast.Attribute) and name == "setattr"
        if not (name in DYNAMIC_READS or name in DYNAMIC_WRITES or patch_object or monkeypatch):
            return
        if len(node.args) < 2 or not isinstance(node.args[1], ast.Constant):
            return
        attr = node.args[1].value
        base, attrs = attribute_chain(node.args[0])
        if not isinstance(attr, str) or not attr.isidentifier() or not isinstance(base, ast.Name):
            return
        if name in DYNAMIC_READS and isinstance(func, ast.Name):
            self._load(
                base.id,
                (*attrs, attr),
                node,
                "dynamic",
                None,
                "low",
                f"{name}() with a literal name",
            )
        else:
            self._load(
                base.id,
                (*attrs, attr),
                node,
                "assign",
                None,
                "medium",
                f"patched through {name}()",
            )

    def visit_Constant(self, node: ast.Constant) -> None:
        if node.value.__class__ is not str:
            return
        if self.annotation:
            self._string_annotation(node)
        elif "." in node.value and DOTTED_PATH.match(node.value):
            line = node.lineno
            self.strings.append(
                (node.value, line, self.col(line, node.col_offset), self._scope_name())
            )

    def _string_annotation(self, node: ast.Constant) -> None:
        if not isinstance(node.value, str):
            return
        try:
            expr = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return
        for sub in ast.walk(expr):
            setattr(sub, "lineno", node.lineno)  # noqa: B010 - not every ast.AST declares it
            setattr(sub, "col_offset", node.col_offset)  # noqa: B010
        self.visit(expr)

    def _visit_annotation(self, node: ast.expr | None) -> None:
        if node is None:
            return
        saved, self.annotation = self.annotation, True
        self.visit(node)
        self.annotation = saved

    def _visit_as(self, node: ast.expr | None, kind: str) -> None:
        if node is None:
            return
        saved, self.kind = self.kind, kind
        self.visit(node)
        self.kind = saved

    # -- imports ---------------------------------------------------------------------------
    def _import_flags(self) -> int:
        scope: _Scope | None = self.scope
        while scope is not None and scope.kind not in ("function", "lambda"):
            scope = scope.parent
        lazy = FLAG_LAZY if scope is not None else 0  # a class body runs at import time
        return self.flags | lazy

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            line, col = alias.lineno, self.col(alias.lineno, alias.col_offset)
            self.imports.append((alias.name, line, col, self._import_flags(), IMPORT_PLAIN))
            if alias.asname:
                self._bind(alias.asname, "import", alias.name, alias)
            else:
                top = alias.name.split(".")[0]
                self._bind(top, "import", top, alias)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = resolve_relative(self.module, self.is_package, node.module, node.level)
        for alias in node.names:
            line, col = alias.lineno, self.col(alias.lineno, alias.col_offset)
            if base is None:
                continue
            if alias.name == "*":
                self.imports.append((base, line, col, self._import_flags(), IMPORT_STAR))
                if self.scope is self.module_scope:
                    self.stars.append(base)
                continue
            target = f"{base}.{alias.name}"
            self.imports.append((target, line, col, self._import_flags(), IMPORT_FROM))
            self._bind(alias.asname or alias.name, "import", target, alias)

    # -- statements that bind ----------------------------------------------------------------
    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        params = self._visit_signature(node)
        if not isinstance(node, ast.Lambda):
            if node.name == "__getattr__" and self.scope is self.module_scope:
                self.has_getattr = True
            self._bind(node.name, "function", "", node)
        enclosing = self.scope
        name = node.name if not isinstance(node, ast.Lambda) else "<lambda>"
        if (
            not isinstance(node, ast.Lambda)
            and enclosing.kind in ("module", "class")
            and enclosing.addressable
        ):
            returned = annotated_class(node.returns)
            first = [*node.args.posonlyargs, *node.args.args][:1]
            own_class = enclosing.qname[len(self.module) + 1 :]
            if enclosing.kind == "class" and is_self_type(
                node.returns, first[0].annotation if first else None
            ):  # ``-> Self``, ``def parse(cls: type[T], ...) -> T``: the class it is called on
                returned = own_class
            if returned:
                self.returns[f"{enclosing.qname}.{name}"[len(self.module) + 1 :]] = returned
        infix = ".<locals>." if enclosing.kind in ("function", "lambda") else "."
        kind = "lambda" if isinstance(node, ast.Lambda) else "function"
        self.scope = _Scope(kind, f"{enclosing.qname}{infix}{name}", enclosing)
        if (
            not isinstance(node, ast.Lambda)
            and node.returns is None
            and enclosing.kind in ("module", "class")
            and enclosing.addressable
        ):
            self.scope.returned = []  # told at the scope's close: _returned_by_scope
            self.scope.class_first = any(
                ast.unparse(d) in ("classmethod", "staticmethod") for d in node.decorator_list
            )
        if not isinstance(node, ast.Lambda):
            self.scope.node = node
        self._bind_parameters(node, enclosing, params)
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            methods = self._methods
            for stmt in node.body:
                (methods.get(stmt.__class__) or _method_for(stmt.__class__))(self, stmt)
        self._close_scope()

    def _visit_signature(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    ) -> list[ast.arg]:
        """Visit defaults, decorators and annotations (evaluated in the enclosing scope); returns
        the parameters."""
        args = node.args
        if args.defaults or args.kw_defaults:
            self._passed_by_annotation(annotated_defaults(args))
        for default in args.defaults:
            self.visit(default)
        for kw_default in args.kw_defaults:
            if kw_default is not None:
                self.visit(kw_default)
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if args.vararg is not None:
            params.append(args.vararg)
        if args.kwarg is not None:
            params.append(args.kwarg)
        if not isinstance(node, ast.Lambda):
            for dec in node.decorator_list:
                self._visit_as(dec, "decorator")
            for arg in params:
                if arg.annotation is not None:
                    self._visit_annotation(arg.annotation)
            if node.returns is not None:
                self._visit_annotation(node.returns)
        return params

    def _bind_parameters(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
        enclosing: _Scope,
        params: list[ast.arg],
    ) -> None:
        bound = self.scope.bound
        for arg in params:
            typed = annotated_class(arg.annotation)
            bound[arg.arg] = (INSTANCE, typed) if typed else ("local", "")
        args = node.args
        first = args.posonlyargs[0] if args.posonlyargs else (args.args[0] if args.args else None)
        if (
            first is not None
            and enclosing.kind == "class"
            and enclosing.addressable
            and not isinstance(node, ast.Lambda)
            and not _is_staticmethod(node)
        ):
            bound[first.arg] = ("self", enclosing.qname)

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function
    visit_Lambda = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for dec in node.decorator_list:
            self._visit_as(dec, "decorator")
        for base in node.bases:
            self._visit_as(base, "base")
        for keyword in node.keywords:
            self.visit(keyword.value)
        enclosing = self.scope
        addressable = enclosing.kind == "module" or (
            enclosing.kind == "class" and enclosing.addressable
        )
        self._bind(node.name, "class", "", node)
        qname = (
            f"{enclosing.qname}.{node.name}"
            if addressable
            else f"{enclosing.qname}.<locals>.{node.name}"
        )
        if addressable:
            rel = qname[len(self.module) + 1 :]
            self.class_members.setdefault(rel, [])
            self.class_bases[rel] = [  # ``Parser[State]``: a generic's class is ``Parser``
                (b.id, a)
                for b, a in (
                    attribute_chain(x.value if isinstance(x, ast.Subscript) else x)
                    for x in node.bases
                )
                if isinstance(b, ast.Name)
            ]
        self.scope = _Scope("class", qname, enclosing, addressable=addressable)
        for stmt in node.body:
            self.visit(stmt)
        self._close_scope()

    def _visit_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        self.visit(node.generators[0].iter)
        self.scope = _Scope("comprehension", self.scope.qname, self.scope)
        for i, gen in enumerate(node.generators):
            self.visit(gen.target)
            if i:
                self.visit(gen.iter)
            for cond in gen.ifs:
                self.visit(cond)
        if isinstance(node, ast.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        self._close_scope()

    visit_ListComp = _visit_comprehension
    visit_SetComp = _visit_comprehension
    visit_GeneratorExp = _visit_comprehension
    visit_DictComp = _visit_comprehension

    def _visit_loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        self.loops += 1
        self.generic_visit(node)
        self.loops -= 1

    visit_For = _visit_loop
    visit_AsyncFor = _visit_loop
    visit_While = _visit_loop

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.declared_global.update(node.names)
        self.declared_global.update(node.names)

    def visit_Return(self, node: ast.Return) -> None:
        if self.scope.returned is not None:
            self.scope.returned.append(node.value)
        if node.value is not None:
            self.visit(node.value)

    def _visit_yield(self, node: ast.Yield | ast.YieldFrom) -> None:
        self.scope.returned = None  # a generator gives a generator
        if node.value is not None:
            self.visit(node.value)

    visit_Yield = _visit_yield
    visit_YieldFrom = _visit_yield

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name, "local", "", node)
        for stmt in node.body:
            self.visit(stmt)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self._bind(node.name, "local", "", node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name, "local", "", node)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.generic_visit(node)
        if node.rest:
            self._bind(node.rest, "local", "", node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._visit_annotation(node.annotation)
        if node.value is not None:
            self._passed_by_annotation([(node.annotation, node.value)])
            self.visit(node.value)
        typed = annotated_class(node.annotation)
        if typed and self.scope.kind == "function" and isinstance(node.target, ast.Name):
            self._bind(node.target.id, INSTANCE, typed, node.target)
        else:
            self.visit(node.target)
        owner = self._owner_of(node.target)
        if typed and owner is not None:  # ``x: Client`` in a class, ``self.x: Client = ...``
            self._type_attribute(*owner, typed)
        if typed and self.scope is self.module_scope and isinstance(node.target, ast.Name):
            self._type_attribute("", node.target.id, typed)  # ``client: Client = make()``
        if _is_name(node.target, "__all__") and node.value is not None:
            self._collect_all(node.value, replace=True)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        target = node.targets[0]
        if len(node.targets) == 1 and isinstance(target, ast.Name) and is_chain(node.value):
            self._function_scope().assigned.add(target.id)  # ``enword = p.enword``?
        imported = imported_module(node.value)
        built = built_by(node.value) if self.scope.kind == "function" else None
        called = encode_class(*built) if built is not None else ""
        if self.scope is self.module_scope and isinstance(node.targets[0], ast.Name):
            self._type_module_variable(node.targets[0].id, node.value)
        for target in node.targets:
            if imported is not None and isinstance(target, ast.Name):
                self._bind(target.id, CALL_IMPORT, imported, target)  # mod = import_module("a")
            elif called and isinstance(target, ast.Name):
                self._bind(target.id, INSTANCE, called, target)  # x = Client()
            else:
                self.visit(target)
            owner = self._owner_of(target) if called else None
            if owner is not None:  # self.x = Client()
                self._type_attribute(*owner, called)
        if self.scope is self.module_scope and any(_is_name(t, "__all__") for t in node.targets):
            self._collect_all(node.value, replace=True)
        if self.scope is self.module_scope and any(_is_name(t, SHIM_TABLE) for t in node.targets):
            self._forwarded(node.value)

    def _forwarded(self, value: ast.expr) -> None:
        """A refcoord shim table (``{name: new module}``): the module re-exports those names."""
        if not isinstance(value, ast.Dict):
            return
        for key, module in zip(value.keys, value.values, strict=True):
            if (
                isinstance(key, ast.Constant)
                and isinstance(module, ast.Constant)
                and isinstance(key.value, str)
                and isinstance(module.value, str)
            ):
                self._bind_module(key.value, "import", f"{module.value}.{key.value}", key)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._load(node.target.id, (), node.target, "name")
        self.visit(node.target)
        if self.scope is self.module_scope and _is_name(node.target, "__all__"):
            self._collect_all(node.value, replace=False)

    def visit_Expr(self, node: ast.Expr) -> None:
        self.visit(node.value)
        call = node.value
        if (
            self.scope is self.module_scope
            and isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and _is_name(call.func.value, "__all__")
            and call.func.attr in ("extend", "append")
            and call.args
        ):
            arg = call.args[0]
            self._collect_all(
                ast.List([arg], ast.Load()) if call.func.attr == "append" else arg, False
            )

    def _collect_all(self, value: ast.expr, replace: bool) -> None:
        names, dynamic = _literal_strings(value)
        if replace or self.all_names is None:
            self.all_names, self.exports = [], []
        self.all_dynamic = self.all_dynamic or dynamic
        for const in names:
            if isinstance(const.value, str):
                self.all_names.append(const.value)
                self.exports.append(
                    (const.value, const.lineno, self.col(const.lineno, const.col_offset))
                )

    # -- control flow that changes import flags ----------------------------------------------
    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        saved = self.flags
        if _names_type_checking(node.test):
            self.flags |= FLAG_TYPE_CHECKING
        for stmt in node.body:
            self.visit(stmt)
        self.flags = saved
        for stmt in node.orelse:
            self.visit(stmt)

    def visit_Try(self, node: ast.Try) -> None:
        self._visit_try(node)

    def visit_TryStar(self, node: ast.TryStar) -> None:
        self._visit_try(node)

    def _visit_try(self, node: ast.Try | ast.TryStar) -> None:
        saved = self.flags
        if any(_catches_import_error(h) for h in node.handlers):
            self.flags |= FLAG_GUARDED
        for stmt in node.body:
            self.visit(stmt)
        for handler in node.handlers:
            self.visit(handler)
        self.flags = saved
        for stmt in [*node.orelse, *node.finalbody]:
            self.visit(stmt)


def module_written(
    module: str, bindings: list[Binding], root: str, attrs: tuple[str, ...], has_stars: bool
) -> list[tuple[str, str | None, str | None]]:
    """What a load of ``root.attrs`` reaching the module scope names: ``(written, cap, reason)``.

    A single import stands for its target; any other binding for the module's own name (the
    resolver picks the definition). A name both imported and bound otherwise (``try: from x
    import f`` / ``except ImportError: f = None``) names every candidate, none for certain. An
    unbound name may come from a star import; a builtin names nothing.
    """
    if not bindings:
        if root in _BUILTINS or root in MODULE_DUNDERS or not has_stars:
            return []
        return [(_join(f"{module}.{root}", attrs), None, "may come from a star import")]
    if len(bindings) == 1 and bindings[0][1] == "import":
        return [(_join(bindings[0][2], attrs), None, None)]
    if len(bindings) == 1 and bindings[0][1] == CALL_IMPORT:
        return [(_join(bindings[0][2], attrs), "low", CALL_IMPORT_REASON)]
    imported = list(dict.fromkeys(b[2] for b in bindings if b[1] == "import"))
    own = _join(f"{module}.{root}", attrs)
    if imported and any(b[1] != "import" for b in bindings):
        reason = f"'{root}' is bound more than once in this module"
        return [*((_join(t, attrs), "medium", reason) for t in imported), (own, "medium", reason)]
    return [(own, None, None)]


def read_before_bound(p: _Pending, has_stars: bool) -> _Pending | None:
    """A load that runs at import time before the module binds its root. What the module binds
    later is not what it reads (``_issubclass = issubclass`` above ``def issubclass``): a builtin,
    a module dunder or a star-imported name is settled now, without the later bindings (None is
    returned); any other name is a NameError unless the module is being reloaded (``try: cache
    except NameError: cache = {}``), so it is kept for its later bindings at low confidence."""
    root = p[0]
    if root in _BUILTINS or root in MODULE_DUNDERS or has_stars:
        return None
    return (*p[:7], "low", "read before this module binds it")


def settle_module_load(
    module: str,
    bindings: list[Binding],
    has_stars: bool,
    p: _Pending,
    uses: list[UseRow],
    loose: list[LooseRow],
) -> None:
    """Record a load that reaches the module scope, given the module's ``bindings`` of its root
    that it can see: a use of what they name, else loose attribute uses."""
    root, attrs, line, col, kind, shape, scope, _, _ = p
    written = module_written(module, bindings, root, attrs, has_stars)
    uses.extend(use_row(name, p, cap, reason) for name, cap, reason in written)
    made_by_builtin = not bindings and root in _MAKES_BUILTIN and attrs[:1] == (CALLED,)
    if not written and attrs and root not in MODULE_DUNDERS and not made_by_builtin:
        loose.extend(loose_rows(attrs, line, col, kind, shape, scope))


def use_row(written: str, p: _Pending, cap: str | None, reason: str | None) -> UseRow:
    """The use a pending load makes of ``written``, at the weaker of its own and ``cap``'s
    confidence."""
    _, _, line, col, kind, shape, scope, pcap, preason = p
    return (
        written,
        line,
        col,
        kind,
        shape,
        scope,
        weaker_confidence(cap or "high", pcap),
        reason or preason,
    )


#: How a local variable that holds an instance of a known class is bound (its target: the
#: class's written name, see :func:`encode_class`).
INSTANCE = "instance"


def encode_class(root: str, chain: tuple[str, ...]) -> str:
    """A class's written name, as a name and the attributes after it (``mod.Client``)."""
    return ".".join((root, *chain))


def of_instance(target: str, p: _Pending) -> _Pending:
    """A load of an instance's attributes, as a load of its class (``target``) followed by
    :data:`CALLED`: settled where the class's name is bound, at medium confidence."""
    root, *chain = target.split(".")
    return (root, (*chain, CALLED, *p[1]), *p[2:7], weaker_confidence("medium", p[7]), p[8])


def built_through_calls(node: ast.expr) -> tuple[ast.Name, tuple[str, ...]] | None:
    """:func:`built_by`, where what is called may be an attribute of a call's result in turn
    (``Version().bump()``: ``Version`` and ``(CALLED, "bump")``), up to :data:`MAX_CALLS`
    calls: the name it starts from and the attributes and calls after it."""
    if node.__class__ is not ast.Call:
        return None
    assert isinstance(node, ast.Call)
    root, chain = attribute_chain(node.func)
    if isinstance(root, ast.Name):
        return root, chain
    inner = built_through_calls(root) if chain else None
    if inner is None or inner[1].count(CALLED) + 1 >= MAX_CALLS:
        return None
    return inner[0], (*inner[1], CALLED, *chain)


def built_by(node: ast.expr) -> tuple[str, tuple[str, ...]] | None:
    """``(name, attributes)`` of what a call calls, when ``node`` is a call of a dotted name
    (``Client(...)``, ``api.make(...)``): the linker tells whether that gives an instance of a
    known class (a class, or a function whose return annotation names one)."""
    if node.__class__ is not ast.Call:
        return None
    assert isinstance(node, ast.Call)
    root, chain = attribute_chain(node.func)
    return (root.id, chain) if isinstance(root, ast.Name) else None


#: :func:`returned_by_body` for a method that returns ``self``.
RETURNS_SELF = "(self)"


def returned_by_body(node: ast.FunctionDef | ast.AsyncFunctionDef, in_class: bool) -> str:
    """What a function without a return annotation gives, where every ``return`` of its own
    body says the same: a call of a dotted name (``return Group(self)``), a local assigned once
    from one (``group = Group(self)`` ... ``return group``: argparse's
    ``add_argument_group``), or, in a method, its ``self`` (:data:`RETURNS_SELF`). "" for
    anything else (a bare ``return``, two different things, a generator)."""
    first = [*node.args.posonlyargs, *node.args.args][:1]
    bound_first = not {ast.unparse(d) for d in node.decorator_list} & {
        "classmethod",
        "staticmethod",
    }
    self_name = first[0].arg if in_class and first and bound_first else None
    returns: list[ast.Return] = []
    stores: dict[str, int] = {}  #: how many times the body binds each name
    values: dict[str, ast.expr] = {}  #: ``name = value``: the value
    stack: list[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.Yield, ast.YieldFrom)):
            return ""
        if isinstance(item, ast.Return):
            returns.append(item)
        elif isinstance(item, ast.Name) and not isinstance(item.ctx, ast.Load):
            stores[item.id] = stores.get(item.id, 0) + 1
        elif isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
            values[item.targets[0].id] = item.value  # a second target is a store counted too
        if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(item))
    once = {name: value for name, value in values.items() if stores.get(name) == 1}
    found = {_returned(r.value, self_name, once, stores) for r in returns}
    return found.pop() if len(found) == 1 else ""


def _returned(
    value: ast.expr | None,
    self_name: str | None,
    once: dict[str, ast.expr],
    stores: dict[str, int],
) -> str:
    """What one ``return`` gives (see :func:`returned_by_body`): ``once`` maps the locals
    assigned a single time to their values."""
    if isinstance(value, ast.Name) and value.id == self_name and value.id not in stores:
        return RETURNS_SELF
    if isinstance(value, ast.Name):
        value = once.get(value.id)
    built = built_by(value) if value is not None else None
    if built is not None and built[0] in stores:  # a call of a local, not of the module's name
        return ""
    return encode_class(*built) if built is not None else ""


def is_self_type(returned: ast.expr | None, first: ast.expr | None) -> bool:
    """Whether a method's return annotation is the type of what it is called on: ``Self``, or
    the type variable its first parameter is annotated with (``self: T``, ``cls: type[T]``,
    ``cls: Type[T]``)."""
    name = annotated_class(returned)
    if not name:
        return False
    if name.rpartition(".")[2] == "Self":
        return True
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        try:
            first = ast.parse(first.value.strip(), mode="eval").body
        except SyntaxError:
            return False
    if isinstance(first, ast.Subscript) and annotated_class(first.value).rpartition(".")[2] in (
        "type",
        "Type",
    ):
        first = first.slice
    return first is not None and "." not in name and annotated_class(first) == name


def annotated_class(node: ast.expr | None) -> str:
    """The dotted name an annotation is (``Client``, ``api.Client``, ``"Client"``, the class of
    a generic one: ``Registry[Item]``), or "" for anything else (a union, ``None``); whether it
    names a class of the repository is the linker's to tell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return ""
    if isinstance(node, ast.Subscript):  # a generic class: ``Registry[Processor]``
        node = node.value
    if node is None:
        return ""
    root, chain = attribute_chain(node)
    return encode_class(root.id, chain) if isinstance(root, ast.Name) else ""


def _join(head: str, attrs: tuple[str, ...]) -> str:
    return ".".join((head, *attrs)) if attrs else head


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _names_type_checking(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "TYPE_CHECKING"
    return isinstance(node, ast.Attribute) and node.attr == "TYPE_CHECKING"


def _is_staticmethod(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(_is_name(d, "staticmethod") for d in node.decorator_list)


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id in GUARD_EXCEPTIONS for t in types)


def _literal_strings(value: ast.expr) -> tuple[list[ast.Constant], bool]:
    """String constants of a list/tuple literal (or a sum of them), and whether anything else
    was there."""
    if isinstance(value, (ast.List, ast.Tuple)):
        consts = [
            e for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
        return consts, len(consts) != len(value.elts)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        left, ldyn = _literal_strings(value.left)
        right, rdyn = _literal_strings(value.right)
        return left + right, ldyn or rdyn
    return [], True


def _method_for(cls: type) -> Callable[[_Extractor, Any], None]:
    found: Callable[[_Extractor, Any], None] = getattr(
        _Extractor, "visit_" + cls.__name__, _Extractor.generic_visit
    )
    _Extractor._methods[cls] = found
    return found


#: What a module-level name holds when a literal is assigned to it, written: a builtin's
#: instance, whose attributes are no class's of the repository.
BUILTIN_VALUE = "builtins.object"
_LITERALS = (
    ast.Constant, ast.Dict, ast.List, ast.Set, ast.Tuple, ast.JoinedStr, ast.ListComp,
    ast.SetComp, ast.DictComp,
)  # fmt: skip


def module_value_type(value: ast.expr) -> str:
    """What a module-level ``name = value`` makes ``name`` hold, written: what a call of a
    dotted name gives (``parser = argparse.ArgumentParser()``: the linker tells whether it is
    a class of the repository), :data:`BUILTIN_VALUE` for a literal (neither a reference nor
    uncertain); "" for anything else (its type is not known: its attributes are uncertain)."""
    if isinstance(value, _LITERALS):
        return BUILTIN_VALUE
    built = built_by(value)
    return encode_class(*built) if built is not None else ""


def top_level_bindings(tree: ast.Module) -> dict[str, int]:
    """How many times the module's top level binds each name (in blocks too, not in
    functions or classes, which may declare one ``global``: bound once is the names bound
    exactly once, less those)."""
    counts: dict[str, int] = {}
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            counts[node.name] = counts.get(node.name, 0) + 1
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                counts[local] = counts.get(local, 0) + 1
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            counts[node.id] = counts.get(node.id, 0) + 1
        elif isinstance(node, ast.ExceptHandler) and node.name:  # ``except E as err``
            counts[node.name] = counts.get(node.name, 0) + 1
        if not isinstance(node, ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))
    return counts


def extract_with_ast(tree: ast.Module, source: bytes, module: str, is_package: bool) -> FileFacts:
    """Extract the facts of one parsed module."""
    return _Extractor(module, is_package, _ColumnMap(source)).facts(tree)
