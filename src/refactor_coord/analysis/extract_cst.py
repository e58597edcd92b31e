"""Fallback extractor for files whose syntax is newer than the running interpreter.

libcst's parser knows every Python version's grammar, so a file that :func:`ast.parse` rejects
(PEP 695 type parameters on Python 3.11, say) is parsed here instead. Scoping comes from
libcst's ``ScopeProvider`` (which knows the PEP 695 annotation scopes); a load of a name bound
at module level is settled exactly as the ast extractor settles it
(:func:`~refactor_coord.analysis.extract_ast.module_written`), so both extractors record the
same facts for the same code: reference kinds (decorator, base, annotation, string
annotations), ``self`` attributes, loose attribute uses, dynamic access, patches, ``__all__``,
class members and import flags. Not recorded here (only by the ast extractor): a local that
only stands for a callable (kind ``alias`` and the calls through it) and a module bound by
``importlib.import_module("a.b")``; their uses read as plain locals' in such a file.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator, Sequence

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    BuiltinAssignment,
    ClassScope,
    ExpressionContext,
    ExpressionContextProvider,
    GlobalScope,
    ImportAssignment,
    MetadataWrapper,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from refactor_coord.analysis.extract_ast import (
    BUILTIN_VALUE,
    DYNAMIC_READS,
    DYNAMIC_WRITES,
    GUARD_EXCEPTIONS,
    RETURNS_SELF,
    annotated_class,
    attribute_chain,
    is_self_type,
    module_value_type,
    module_written,
    read_before_bound,
    returned_by_body,
    settle_module_load,
)
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
from refactor_coord.domain.facts import weaker_confidence
from refactor_coord.domain.modules import DOTTED_PATH, resolve_relative

_DEFINING = (cst.Import, cst.ImportFrom, cst.FunctionDef, cst.ClassDef)
_ANNOTATIONS = (cst.Annotation, cst.TypeParam)  # subtrees that are type annotations
# Load of a function's imported name:
# (assignments, root, attrs, line, col, kind, shape, scope, cap, reason)
_LocalImport = tuple[
    list[BaseAssignment], str, tuple[str, ...], int, int, str, Shape, str, str, str
]
# Pending module-level load: (root, attrs, line, col, kind, shape, scope, cap, reason)
_Pending = tuple[str, tuple[str, ...], int, int, str, Shape, str, str, str]


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr.value}" if inner else ""
    return ""


def _chain(node: cst.BaseExpression) -> tuple[cst.BaseExpression, tuple[str, ...]]:
    attrs: list[str] = []
    while isinstance(node, cst.Attribute):
        attrs.append(node.attr.value)
        node = node.value
    return node, tuple(reversed(attrs))


def _annotated(node: cst.BaseExpression) -> str:
    """The dotted name an annotation is, read as the ast extractor reads it."""
    try:
        expr = ast.parse(cst.Module([]).code_for_node(node).strip(), mode="eval").body
    except SyntaxError:
        return ""
    return annotated_class(expr)


def _expression(node: cst.BaseExpression) -> ast.expr | None:
    """A libcst expression as ``ast`` reads it (None where it does not parse on its own)."""
    try:
        return ast.parse(cst.Module([]).code_for_node(node).strip(), mode="eval").body
    except SyntaxError:
        return None


def _built_through_calls(call: cst.Call) -> tuple[cst.Name, tuple[str, ...]] | None:
    """What extract_ast's ``built_through_calls`` reads, from a libcst call."""
    root, chain = _chain(call.func)
    if isinstance(root, cst.Name):
        return root, chain
    inner = _built_through_calls(root) if chain and isinstance(root, cst.Call) else None
    if inner is None or inner[1].count(CALLED) + 1 >= MAX_CALLS:
        return None
    return inner[0], (*inner[1], CALLED, *chain)


def _returned_by_body(node: cst.FunctionDef, in_class: bool) -> str:
    """:func:`returned_by_body` for a libcst ``def`` ("" where its code does not parse with
    ``ast``: newer syntax than the interpreter's)."""
    try:
        tree = ast.parse(textwrap.dedent(cst.Module([]).code_for_node(node)))
    except SyntaxError:
        return ""
    function = tree.body[0] if tree.body else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return ""
    return returned_by_body(function, in_class)


def _returns_self(node: cst.FunctionDef, positional: Sequence[cst.Param]) -> bool:
    """:func:`is_self_type` for a libcst ``def``."""
    assert node.returns is not None
    first = positional[0].annotation if positional else None
    return is_self_type(
        _expression(node.returns.annotation),
        _expression(first.annotation) if first is not None else None,
    )


def _names_type_checking(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value == "TYPE_CHECKING"
    return isinstance(node, cst.Attribute) and node.attr.value == "TYPE_CHECKING"


def _catches_import_error(handler: cst.ExceptHandler | cst.ExceptStarHandler) -> bool:
    if handler.type is None:
        return True
    types = (
        [e.value for e in handler.type.elements]
        if isinstance(handler.type, cst.Tuple)
        else [handler.type]
    )
    return any(isinstance(t, cst.Name) and t.value in GUARD_EXCEPTIONS for t in types)


def _literal_strings(value: cst.BaseExpression) -> tuple[list[cst.SimpleString], bool]:
    if isinstance(value, (cst.List, cst.Tuple)):
        consts = [e.value for e in value.elements if isinstance(e.value, cst.SimpleString)]
        return consts, len(consts) != len(value.elements)
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
        left, ldyn = _literal_strings(value.left)
        right, rdyn = _literal_strings(value.right)
        return left + right, ldyn or rdyn
    return [], True


def _ast_chains(expr: ast.expr) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every ``name.attr...`` chain of a parsed expression (for string annotations)."""
    base, attrs = attribute_chain(expr)
    if isinstance(base, ast.Name):
        yield base.id, attrs
        return
    for child in ast.iter_child_nodes(base):
        if isinstance(child, ast.expr):
            yield from _ast_chains(child)


class _CstFacts(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, ExpressionContextProvider)

    def __init__(self, module: str, is_package: bool) -> None:
        super().__init__()
        self.module = module
        self.is_package = is_package
        self.stack: list[tuple[str, str]] = []  # (kind, name) of enclosing defs
        self.bindings: list[Binding] = []
        self.binding_names: dict[str, list[Binding]] = {}
        self.stars: list[str] = []
        self.all_names: list[str] | None = None
        self.all_dynamic = False
        self.has_getattr = False
        self.class_members: dict[str, list[tuple[str, str]]] = {}
        self.class_bases: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self.definitions: dict[str, DefRow] = {}
        self.imports: list[ImportRow] = []
        self.uses: list[UseRow] = []
        self.loose: list[LooseRow] = []
        self.strings: list[StringRow] = []
        self.exports: list[ExportRow] = []
        self.pending: list[_Pending] = []
        self.done: set[int] = set()
        self.kind_at: dict[int, str] = {}  # node id -> the reference kind inside it
        self.annotation_at: set[int] = set()  # node ids whose subtree is a type annotation
        self.flags_at: dict[int, int] = {}  # node ids whose subtree adds import flags
        self.body_of: dict[int, tuple[str, str]] = {}  # id(body) -> the def whose scope it opens
        self.import_targets: dict[
            tuple[int, str], str
        ] = {}  # (id(import stmt), bound name) -> target
        self.captures: set[tuple[int, str]] = (
            set()
        )  # (id(scope), name) of match captures in functions
        self.local_imports: list[_LocalImport] = []  # loads of names imported in a function
        self.kinds: list[str] = ["name"]
        self.annotation = 0
        self.loops = 0  # depth of for/while statements (see extract_ast)
        self.flag_stack: list[int] = [0]
        self.self_scopes: dict[
            int, tuple[str, str]
        ] = {}  # id(FunctionScope) -> (self name, class)
        self.global_scope: Scope | None = None
        #: id(a name's binding node: a parameter, an assignment's target) -> the written name
        #: of the class of what it holds (see extract_ast's ``INSTANCE``)
        self.instance_of: dict[int, str] = {}
        #: function or method (relative name) -> the dotted name its return annotation is
        self.returns: dict[str, str] = {}
        #: (class, attribute) -> what it holds an instance of (None: typed two ways)
        self.attribute_types: dict[tuple[str, str], str | None] = {}

    # -- context ---------------------------------------------------------------------------
    def on_visit(self, node: cst.CSTNode) -> bool:
        key = id(node)
        if key in self.kind_at:
            self.kinds.append(self.kind_at[key])
        if key in self.annotation_at or isinstance(node, _ANNOTATIONS):
            self.annotation += 1
        if key in self.flags_at:
            self.flag_stack.append(self.flag_stack[-1] | self.flags_at[key])
        if key in self.body_of:
            self.stack.append(self.body_of[key])
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        key = id(original_node)
        if key in self.kind_at:
            self.kinds.pop()
        if key in self.annotation_at or isinstance(original_node, _ANNOTATIONS):
            self.annotation -= 1
        if key in self.flags_at:
            self.flag_stack.pop()
        if key in self.body_of:
            self.stack.pop()

    def visit_For(self, node: cst.For) -> None:
        self.loops += 1

    def leave_For(self, original_node: cst.For) -> None:
        self.loops -= 1

    def visit_While(self, node: cst.While) -> None:
        self.loops += 1

    def leave_While(self, original_node: cst.While) -> None:
        self.loops -= 1

    def _pos(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column + 1

    def _scope(self) -> str:
        qname = self.module
        parent = "module"
        for kind, name in self.stack:
            qname += f".<locals>.{name}" if parent == "function" else f".{name}"
            parent = kind
        return qname

    def _class_rel(self) -> str | None:
        """The relative name of the enclosing class when every enclosing def is a class."""
        if self.stack and all(k == "class" for k, _ in self.stack):
            return ".".join(n for _, n in self.stack)
        return None

    def _owner_of(self, target: cst.BaseExpression) -> tuple[str, str] | None:
        """(class relative to the module, attribute) when ``target`` is ``self.attribute`` in a
        method of an addressable class, or a name in such a class's body (as extract_ast)."""
        rel = self._class_rel()
        if isinstance(target, cst.Name) and rel is not None:
            return rel, target.value
        if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)):
            return None
        scope = self.get_metadata(ScopeProvider, target, None)
        owner = self.self_scopes.get(id(scope)) if scope is not None else None
        if owner is None or owner[0] != target.value.value:
            return None
        return owner[1][len(self.module) + 1 :], target.attr.value

    def _type_attribute(self, at: cst.CSTNode, rel: str, attr: str, typed: str) -> None:
        """Record what ``rel``'s attribute ``attr`` holds an instance of, unless the name is
        the method's own; an attribute typed two ways is not typed."""
        scope = self.get_metadata(ScopeProvider, at, None)
        root = typed.split(".")[0]
        if self._in_function() and scope is not None and root in scope:
            assignments = scope[root]
            if any(not isinstance(a.scope, GlobalScope) for a in assignments):
                return
        known = self.attribute_types.get((rel, attr), typed)
        self.attribute_types[(rel, attr)] = typed if known == typed else None

    def _written(self, root: str, chain: tuple[str, ...]) -> str | None:
        """What ``root.chain`` names from the module's top level (as extract_ast)."""
        bound = self.binding_names.get(root, [])
        written = module_written(self.module, bound, root, chain, bool(self.stars))
        return written[0][0] if written else None

    def _written_dotted(self, dotted: str) -> str | None:
        root, *chain = dotted.split(".")
        return self._written(root, tuple(chain))

    def _bound_once(self, name: str) -> bool:
        """Whether the module's top level binds ``name`` once (as extract_ast's
        :func:`bound_once`: by libcst's global scope, ``global`` declarations included)."""
        scope = self.global_scope
        return scope is not None and len(scope.assignments[name]) == 1

    def _in_function(self) -> bool:
        return bool(self.stack) and self.stack[-1][0] == "function"

    def _flags(self) -> int:
        return self.flag_stack[-1] | (
            FLAG_LAZY if any(k == "function" for k, _ in self.stack) else 0
        )

    # -- definitions -------------------------------------------------------------------------
    def _define(self, qname: str, kind: str, node: cst.CSTNode) -> None:
        if qname not in self.definitions:
            line, col = self._pos(node)
            self.definitions[qname] = (qname, kind, line, col)

    def _bind_module(self, name: str, how: str, target: str, flags: int) -> None:
        binding: Binding = (name, how, target, flags)
        if binding not in self.binding_names.get(name, ()):
            self.bindings.append(binding)
            self.binding_names.setdefault(name, []).append(binding)

    def _define_here(self, name: str, how: str, node: cst.CSTNode) -> None:
        """``name`` is bound by a def, class or assignment in the current (non-function) scope."""
        rel = self._class_rel()
        if not self.stack:
            self._bind_module(name, how, "", self._flags())
            self._define(f"{self.module}.{name}", how, node)
        elif rel is not None:
            kind = "method" if how == "function" else ("class" if how == "class" else "attribute")
            self.class_members[rel].append((name, kind))
            self._define(f"{self.module}.{rel}.{name}", kind, node)

    def visit_Module(self, node: cst.Module) -> None:
        self.global_scope = self.get_metadata(ScopeProvider, node, None)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = node.name.value
        self.done.add(id(node.name))
        if not self.stack and name == "__getattr__":
            self.has_getattr = True
        self._define_here(name, "function", node)
        for dec in node.decorators:
            self.kind_at[id(dec.decorator)] = "decorator"
        positional = [*node.params.posonly_params, *node.params.params]
        static = any(
            isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod"
            for d in node.decorators
        )
        if self._class_rel() is not None and positional and not static:
            body_scope = self.get_metadata(ScopeProvider, node.body, None)
            if body_scope is not None:
                self.self_scopes[id(body_scope)] = (positional[0].name.value, self._scope())
        params = node.params
        for param in [*positional, *params.kwonly_params, params.star_arg, params.star_kwarg]:
            if isinstance(param, cst.Param) and param.annotation is not None:
                typed = _annotated(param.annotation.annotation)
                if typed:
                    self.instance_of[id(param)] = typed
        returned = _annotated(node.returns.annotation) if node.returns is not None else ""
        in_class = self._class_rel()
        if in_class is not None and node.returns is not None and _returns_self(node, positional):
            returned = in_class  # ``-> Self``, ``cls: type[T]`` and ``-> T``: see extract_ast
        elif node.returns is None:  # what every ``return`` of its body gives: see extract_ast
            by_body = _returned_by_body(node, in_class is not None)
            returned = in_class if by_body == RETURNS_SELF and in_class else by_body
        if returned and (not self.stack or in_class is not None):
            self.returns[".".join([*(n for _, n in self.stack), name])] = returned
        self.body_of[id(node.body)] = ("function", name)  # decorators, defaults: enclosing scope

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.done.add(id(node.name))
        self._define_here(node.name.value, "class", node)
        for dec in node.decorators:
            self.kind_at[id(dec.decorator)] = "decorator"
        for arg in node.bases:
            self.kind_at[id(arg.value)] = "base"
        addressable = not self.stack or self._class_rel() is not None
        self.body_of[id(node.body)] = ("class", node.name.value)
        if addressable:
            rel = ".".join([*(n for _, n in self.stack), node.name.value])
            self.class_members.setdefault(rel, [])
            self.class_bases[rel] = [  # ``Parser[State]``: a generic's class is ``Parser``
                (b.value, a)
                for b, a in (
                    _chain(x.value.value if isinstance(x.value, cst.Subscript) else x.value)
                    for x in node.bases
                )
                if isinstance(b, cst.Name)
            ]

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self.done.add(id(node.name))
        self._define_here(node.name.value, "variable", node)
        self.annotation_at.add(id(node.value))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.done.add(id(node.keyword))

    def visit_MatchKeywordElement(self, node: cst.MatchKeywordElement) -> None:
        self.done.add(id(node.key))

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self.done.add(id(node.name))

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        if node.rest is not None:
            self.done.add(id(node.rest))

    def leave_MatchAs(self, original_node: cst.MatchAs) -> None:
        self._capture(original_node.name, original_node)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        self._capture(node.name, node)

    def leave_MatchMapping(self, original_node: cst.MatchMapping) -> None:
        self._capture(original_node.rest, original_node)

    def _capture(self, name: cst.Name | None, pattern: cst.CSTNode) -> None:
        """A ``match`` capture (libcst's scopes do not record them as assignments)."""
        if name is None:
            return
        self.done.add(id(name))
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is not None and not isinstance(scope, GlobalScope):
            self.captures.add((id(scope), name.value))
        if not self.stack:
            self._bind_module(name.value, "variable", "", self._flags())
            self._define(f"{self.module}.{name.value}", "variable", pattern)

    def visit_Global(self, node: cst.Global) -> bool:
        return False

    def visit_Nonlocal(self, node: cst.Nonlocal) -> bool:
        return False

    # -- import flags ----------------------------------------------------------------------------
    def visit_If(self, node: cst.If) -> None:
        if _names_type_checking(node.test):
            self.flags_at[id(node.body)] = FLAG_TYPE_CHECKING

    def visit_Try(self, node: cst.Try) -> None:
        self._guard(node.body, node.handlers)

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._guard(node.body, node.handlers)

    def _guard(
        self, body: cst.BaseSuite, handlers: Sequence[cst.ExceptHandler | cst.ExceptStarHandler]
    ) -> None:
        if any(_catches_import_error(h) for h in handlers):
            self.flags_at[id(body)] = FLAG_GUARDED
            for handler in handlers:
                self.flags_at[id(handler)] = FLAG_GUARDED

    # -- imports ---------------------------------------------------------------------------------
    def _bind_import(self, stmt: cst.CSTNode, name: str, target: str) -> None:
        self.import_targets[(id(stmt), name)] = target
        if not self.stack:
            self._bind_module(name, "import", target, self._flags())
        elif (rel := self._class_rel()) is not None:
            self.class_members[rel].append((name, "attribute"))

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            target = _dotted(alias.name)
            line, col = self._pos(alias)
            self.imports.append((target, line, col, self._flags(), IMPORT_PLAIN))
            if alias.asname is not None:
                self._bind_import(node, _dotted(alias.asname.name), target)
            else:
                top = target.split(".")[0]
                self._bind_import(node, top, top)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        base = resolve_relative(
            self.module,
            self.is_package,
            _dotted(node.module) if node.module else None,
            len(node.relative),
        )
        if base is None:
            return False
        if isinstance(node.names, cst.ImportStar):
            line, col = self._pos(node.names)
            self.imports.append((base, line, col, self._flags(), IMPORT_STAR))
            if not self.stack:
                self.stars.append(base)
            return False
        for alias in node.names:
            name = _dotted(alias.name)
            line, col = self._pos(alias)
            self.imports.append((f"{base}.{name}", line, col, self._flags(), IMPORT_FROM))
            self._bind_import(
                node, _dotted(alias.asname.name) if alias.asname else name, f"{base}.{name}"
            )
        return False

    # -- __all__ ---------------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if self._in_function() and isinstance(value, cst.Call):
            built = _chain(value.func)
            if isinstance(built[0], cst.Name):
                typed = ".".join((built[0].value, *built[1]))
                for target in node.targets:
                    if isinstance(target.target, cst.Name):
                        self.instance_of[id(target.target)] = typed
                    owner = self._owner_of(target.target)
                    if owner is not None:  # self.x = Client()
                        self._type_attribute(node, *owner, typed)
        if not self.stack and isinstance(node.targets[0].target, cst.Name):
            held = _expression(node.value)  # what it holds: see extract_ast
            typed = module_value_type(held) if held is not None else ""
            if typed:
                self._type_attribute(node, "", node.targets[0].target.value, typed)
        if not self.stack and any(
            isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in node.targets
        ):
            self._collect_all(node.value, replace=True)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        typed = _annotated(node.annotation.annotation)
        if typed and self._in_function() and isinstance(node.target, cst.Name):
            self.instance_of[id(node.target)] = typed
        owner = self._owner_of(node.target)
        if typed and owner is not None:  # ``x: Client`` in a class, ``self.x: Client = ...``
            self._type_attribute(node, *owner, typed)
        if typed and not self.stack and isinstance(node.target, cst.Name):
            self._type_attribute(node, "", node.target.value, typed)  # ``client: Client = ...``
        if (
            not self.stack
            and isinstance(node.target, cst.Name)
            and node.target.value == "__all__"
            and node.value is not None
        ):
            self._collect_all(node.value, replace=True)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):  # ``x += 1`` reads x first
            line, col = self._pos(node.target)
            self._load(node.target, (), line, col, "name", None, "high", "")
        if (
            not self.stack
            and isinstance(node.target, cst.Name)
            and node.target.value == "__all__"
            and isinstance(node.operator, cst.AddAssign)
        ):
            self._collect_all(node.value, replace=False)

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if (
            not self.stack
            and isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value == "__all__"
            and call.func.attr.value in ("extend", "append")
            and call.args
        ):
            arg = call.args[0].value
            if call.func.attr.value == "append":
                arg = cst.List([cst.Element(arg)])
            self._collect_all(arg, replace=False)

    def _collect_all(self, value: cst.BaseExpression, replace: bool) -> None:
        names, dynamic = _literal_strings(value)
        if replace or self.all_names is None:
            self.all_names, self.exports = [], []
        self.all_dynamic = self.all_dynamic or dynamic
        for const in names:
            text = const.evaluated_value
            if isinstance(text, str):
                self.all_names.append(text)
                try:
                    line, col = self._pos(const)
                except KeyError:  # a node made up above (``append``) has no position
                    continue
                self.exports.append((text, line, col))

    # -- references ------------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        for arg in node.args:
            self.kind_at[id(arg.value)] = "name"
        star = any(a.star == "*" for a in node.args)
        double = any(a.star == "**" for a in node.args)
        keywords = tuple(a.keyword.value for a in node.args if a.keyword is not None)
        positional = sum(1 for a in node.args if a.keyword is None and not a.star)
        kind = "decorator" if self.kinds[-1] == "decorator" else "call"
        self._use(node.func, kind, (positional, keywords, star, double))
        self._dynamic_access(node)

    def _dynamic_access(self, node: cst.Call) -> None:
        func = node.func
        name = (
            func.value
            if isinstance(func, cst.Name)
            else (func.attr.value if isinstance(func, cst.Attribute) else "")
        )
        patch_object = (
            isinstance(func, cst.Attribute)
            and name == "object"
            and (
                (isinstance(func.value, cst.Name) and func.value.value == "patch")
                or (isinstance(func.value, cst.Attribute) and func.value.attr.value == "patch")
            )
        )
        monkeypatch = isinstance(func, cst.Attribute) and name == "setattr"
        if not (name in DYNAMIC_READS or name in DYNAMIC_WRITES or patch_object or monkeypatch):
            return
        args = node.args
        if (
            len(args) < 2
            or args[0].keyword
            or args[1].keyword
            or not isinstance(args[1].value, cst.SimpleString)
        ):
            return
        attr = args[1].value.evaluated_value
        base, attrs = _chain(args[0].value)
        if not isinstance(attr, str) or not attr.isidentifier() or not isinstance(base, cst.Name):
            return
        line, col = self._pos(node)
        if name in DYNAMIC_READS and isinstance(func, cst.Name):
            self._load(
                base,
                (*attrs, attr),
                line,
                col,
                "dynamic",
                None,
                "low",
                f"{name}() with a literal name",
            )
        else:
            self._load(
                base,
                (*attrs, attr),
                line,
                col,
                "assign",
                None,
                "medium",
                f"patched through {name}()",
            )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.done.add(id(node.attr))  # the attribute's name is not a load of that name
        self._use(node, self.kinds[-1], None)

    def visit_Name(self, node: cst.Name) -> None:
        self._use(node, self.kinds[-1], None)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if id(node) not in self.done:
            self._string(node, node.evaluated_value)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        value = node.evaluated_value
        if isinstance(value, str):  # the joined value, as ast sees it (None with f-strings in it)
            if id(node) not in self.done:
                self._string(node, value)
            self.done.update(id(part) for part in (node.left, node.right))

    def _string(self, node: cst.BaseString, value: str | bytes | None) -> None:
        if not isinstance(value, str):
            return
        if self.annotation:
            try:
                expr = ast.parse(value.strip(), mode="eval").body
            except SyntaxError:
                return
            line, col = self._pos(node)
            for root, attrs in _ast_chains(expr):
                self._load_name(root, node, attrs, line, col, "annotation", None, "high", "")
        elif DOTTED_PATH.match(value):
            line, col = self._pos(node)
            self.strings.append((value, line, col, self._scope()))

    def _use(self, node: cst.BaseExpression, kind: str, shape: Shape) -> None:
        if id(node) in self.done or not isinstance(node, (cst.Name, cst.Attribute)):
            return
        inner, attrs = _chain(node)
        probe: cst.BaseExpression = node
        while isinstance(probe, cst.Attribute):
            self.done.add(id(probe))
            probe = probe.value
        context = self.get_metadata(ExpressionContextProvider, node, None)
        if context in (ExpressionContext.STORE, ExpressionContext.DEL):
            if not attrs:
                if isinstance(node, cst.Name):
                    self._store(node)
                return
            kind = "assign"
        elif self.annotation and kind != "call" and kind != "decorator":
            kind = "annotation"
        cap, reason = "high", ""
        if "__dict__" in attrs and kind != "assign":
            kind, cap, reason = "dynamic", "low", "module __dict__ access"
        if isinstance(inner, cst.Name):
            self.done.add(id(inner))
            line, col = self._pos(inner)
            self._load(inner, attrs, line, col, kind, shape, cap, reason)
        elif attrs:
            line, col = self._pos(inner)
            if kind != "assign" and self._called_attribute(inner, attrs, (line, col, kind, shape)):
                return
            self._emit_loose(attrs, line, col, kind, shape)

    def _called_attribute(
        self, call: cst.BaseExpression, attrs: tuple[str, ...], at: tuple[int, int, str, Shape]
    ) -> bool:
        """``Client(...).fetch`` or ``super().fetch``: read as the attribute of what the call
        gives (see extract_ast); False when ``call`` is neither."""
        if not isinstance(call, cst.Call):
            return False
        line, col, kind, shape = at
        built = _built_through_calls(call)
        if built is None:
            return False
        root, chain = built
        if root.value == "super" and not chain:
            scope = self.get_metadata(ScopeProvider, call, None)
            owner = self.self_scopes.get(id(scope)) if scope is not None else None
            if owner is None:
                return False
            written = ".".join((owner[1], SUPER, CALLED, *attrs))
            self.uses.append((written, line, col, kind, shape, self._scope(), "medium", ""))
            return True
        self._load_name(
            root.value, root, (*chain, CALLED, *attrs), line, col, kind, shape, "medium", ""
        )
        return True

    def _holds_instance(self, local: Sequence[BaseAssignment]) -> str:
        """The class a name bound once holds an instance of (see extract_ast), or ""."""
        only = local[0] if len(local) == 1 else None
        return self.instance_of.get(id(only.node), "") if isinstance(only, Assignment) else ""

    def _captured(self, scope: Scope | None, root: str) -> bool:
        while scope is not None and not isinstance(scope, GlobalScope):
            if (id(scope), root) in self.captures:
                return True
            scope = scope.parent
        return False

    def _store(self, name: cst.Name) -> None:
        """A name bound by assignment: a module variable or a class attribute, else nothing."""
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return
        if isinstance(scope, ClassScope) and name.value in scope:
            self._define_here(name.value, "variable", name)
        elif any(
            isinstance(a, Assignment) and a.node is name and isinstance(a.scope, GlobalScope)
            for a in scope[name.value]
        ):
            self._bind_module(name.value, "variable", "", self._flags() & ~FLAG_LAZY)
            self._define(f"{self.module}.{name.value}", "variable", name)

    def _load(
        self,
        name: cst.Name,
        attrs: tuple[str, ...],
        line: int,
        col: int,
        kind: str,
        shape: Shape,
        cap: str,
        reason: str,
    ) -> None:
        self._load_name(name.value, name, attrs, line, col, kind, shape, cap, reason)

    def _load_name(
        self,
        root: str,
        at: cst.CSTNode,
        attrs: tuple[str, ...],
        line: int,
        col: int,
        kind: str,
        shape: Shape,
        cap: str,
        reason: str,
    ) -> None:
        """Settle a load of ``root.attrs`` seen at node ``at``: local, ``self`` or module level."""
        scope = self.get_metadata(ScopeProvider, at, None)
        assignments: set[BaseAssignment] = set(scope[root]) if scope is not None else set()
        local = sorted(
            (
                a
                for a in assignments
                if not isinstance(a, BuiltinAssignment) and not isinstance(a.scope, GlobalScope)
            ),
            key=lambda a: getattr(a, "index", 0),
        )
        if local:
            if any(
                isinstance(a, ImportAssignment) for a in local
            ):  # settled once every import is seen
                self.local_imports.append(
                    (local, root, attrs, line, col, kind, shape, self._scope(), cap, reason)
                )
                return
            owner = self.self_scopes.get(id(local[0].scope)) if len(local) == 1 else None
            if (
                owner is not None
                and owner[0] == root
                and attrs
                and isinstance(local[0], Assignment)
                and isinstance(local[0].node, cst.Param)
            ):
                if kind == "assign" and len(attrs) == 1:
                    rel = owner[1][len(self.module) + 1 :]
                    if rel in self.class_members:
                        self.class_members[rel].append((attrs[0], "attribute"))
                        self._define(f"{owner[1]}.{attrs[0]}", "attribute", at)
                written = ".".join((owner[1], *attrs))
                self.uses.append(
                    (
                        written,
                        line,
                        col,
                        kind,
                        shape,
                        self._scope(),
                        weaker_confidence("medium", cap),
                        f"through '{root}'",
                    )
                )
            elif (
                attrs
                and attrs.count(CALLED) < MAX_CALLS
                and (typed := self._holds_instance(local))
            ):
                croot, *chain = typed.split(".")
                reads = (*chain, CALLED, *attrs)
                capped = weaker_confidence("medium", cap)
                self._load_name(croot, at, reads, line, col, kind, shape, capped, reason)
            elif attrs:
                self._emit_loose(attrs, line, col, kind, shape)
            return
        if self._captured(scope, root):
            if attrs:
                self._emit_loose(attrs, line, col, kind, shape)
            return
        p = (root, attrs, line, col, kind, shape, self._scope(), cap, reason)
        if (
            isinstance(scope, GlobalScope)
            and not self.loops
            and not self.annotation
            and kind != "annotation"
            and not _bound_before(scope, root, at, self.binding_names)
        ):
            later = read_before_bound(p, bool(self.stars))
            if later is None:
                settle_module_load(self.module, [], bool(self.stars), p, self.uses, self.loose)
                return
            p = later
        self.pending.append(p)

    def _local_import(
        self,
        local: list[BaseAssignment],
        root: str,
        attrs: tuple[str, ...],
        line: int,
        col: int,
        kind: str,
        shape: Shape,
        scope: str,
        cap: str,
        reason: str,
    ) -> None:
        """A load of a name a function (or class) imports: like the ast extractor's ``import``
        binding."""
        imported = [
            t
            for a in local
            if isinstance(a, ImportAssignment)
            and (t := self.import_targets.get((id(a.node), a.name))) is not None
        ]
        if not imported:
            return
        ambiguous = len(imported) < len(local) or len(set(imported)) > 1
        self.uses.append(
            (
                ".".join((imported[0], *attrs)),
                line,
                col,
                kind,
                shape,
                scope,
                weaker_confidence("low" if ambiguous else "high", cap),
                f"'{root}' is bound more than once here" if ambiguous else reason,
            )
        )

    def _emit_loose(
        self, attrs: tuple[str, ...], line: int, col: int, kind: str, shape: Shape
    ) -> None:
        self.loose.extend(loose_rows(attrs, line, col, kind, shape, self._scope()))

    # -- results ---------------------------------------------------------------------------------
    def facts(self) -> FileFacts:
        for deferred in self.local_imports:
            self._local_import(*deferred)
        for p in self.pending:
            settle_module_load(
                self.module,
                self.binding_names.get(p[0], []),
                bool(self.stars),
                p,
                self.uses,
                self.loose,
            )
        classes: list[ClassInfo] = []
        for rel, members in self.class_members.items():
            bases: list[str] = []
            for root, attrs in self.class_bases.get(rel, []):
                written = self._written(root, attrs)
                bases.extend([written] if written else [])
            classes.append((rel, tuple(bases), tuple(dict.fromkeys(members))))
        surface = Surface(
            self.module,
            self.is_package,
            tuple(self.bindings),
            tuple(self.stars),
            tuple(self.all_names) if self.all_names is not None else None,
            self.all_dynamic,
            self.has_getattr,
            tuple(classes),
            tuple(
                (rel, w)
                for rel, typed in self.returns.items()
                if (w := self._written_dotted(typed))
            ),
            tuple(
                (rel, attr, w)
                for (rel, attr), typed in self.attribute_types.items()
                if typed is not None
                and (rel or self._bound_once(attr))
                and (w := typed if typed == BUILTIN_VALUE else self._written_dotted(typed))
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
            "libcst",
        )


def _bound_before(
    scope: Scope, root: str, at: cst.CSTNode, bound: dict[str, list[Binding]]
) -> bool:
    """Whether the module binds ``root`` before the load at ``at`` runs. libcst orders a
    statement's reads before its own bindings (``dict = dict`` reads the builtin)."""
    accesses = [a for a in scope.accesses[at] if a.node is at] if isinstance(at, cst.Name) else []
    if not accesses:
        return root in bound
    return any(
        not isinstance(r, BuiltinAssignment) for access in accesses for r in access.referents
    )


def extract_with_libcst(source: bytes, module: str, is_package: bool) -> FileFacts:
    """Parse with libcst and extract facts; raises ``libcst.ParserSyntaxError`` if it cannot."""
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    visitor = _CstFacts(module, is_package)
    wrapper.visit(visitor)
    return visitor.facts()
