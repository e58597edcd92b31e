"""Fallback extractor for files whose syntax is newer than the running interpreter.

libcst's parser knows every Python version's grammar, so a file that :func:`ast.parse` rejects
(PEP 695 type parameters on Python 3.11, say) is parsed here instead. Names are resolved with
libcst's own scope analysis (``QualifiedNameProvider``). It records definitions, imports, the
module's bindings and the uses of module-level and imported names; it does not follow
``self`` or record loose attribute uses (those need the ast extractor's scope walk).
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import (
    MetadataWrapper,
    PositionProvider,
    QualifiedNameProvider,
    QualifiedNameSource,
)

from refactor_coord.analysis.extract_ast import DOTTED_PATH, resolve_relative
from refactor_coord.analysis.raw import (
    FLAG_LAZY,
    IMPORT_FROM,
    IMPORT_PLAIN,
    IMPORT_STAR,
    Binding,
    DefRow,
    FileFacts,
    ImportRow,
    Shape,
    StringRow,
    Surface,
    UseRow,
)


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


class _CstFacts(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    def __init__(self, module: str, is_package: bool) -> None:
        super().__init__()
        self.module = module
        self.is_package = is_package
        self.stack: list[tuple[str, str]] = []  # (kind, name) of enclosing defs
        self.bindings: list[Binding] = []
        self.stars: list[str] = []
        self.definitions: list[DefRow] = []
        self.imports: list[ImportRow] = []
        self.uses: list[UseRow] = []
        self.strings: list[StringRow] = []
        self.done: set[int] = set()

    def _pos(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column + 1

    def _scope(self) -> str:
        names = [n for _, n in self.stack]
        return ".".join([self.module, *names])

    def _define(self, name: str, kind: str, node: cst.CSTNode) -> None:
        if not self.stack:
            self.bindings.append((name, kind, "", 0))
        elif any(k == "function" for k, _ in self.stack):
            return
        line, col = self._pos(node)
        self.definitions.append((f"{self._scope()}.{name}", kind if not self.stack else "method", line, col))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._define(node.name.value, "function", node)
        self.stack.append(("function", node.name.value))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._define(node.name.value, "class", node)
        self.stack.append(("class", node.name.value))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def _flags(self) -> int:
        return FLAG_LAZY if self.stack else 0

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            target = _dotted(alias.name)
            line, col = self._pos(alias)
            self.imports.append((target, line, col, self._flags(), IMPORT_PLAIN))
            if not self.stack:
                name = _dotted(alias.asname.name) if alias.asname else target.split(".")[0]
                self.bindings.append((name, "import", target if alias.asname else name, 0))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = resolve_relative(self.module, self.is_package, _dotted(node.module) if node.module else None,
                                len(node.relative))
        if base is None:
            return
        line, col = self._pos(node)
        if isinstance(node.names, cst.ImportStar):
            self.imports.append((base, line, col, self._flags(), IMPORT_STAR))
            self.stars.append(base)
            return
        for alias in node.names:
            name = _dotted(alias.name)
            line, col = self._pos(alias)
            self.imports.append((f"{base}.{name}", line, col, self._flags(), IMPORT_FROM))
            if not self.stack:
                local = _dotted(alias.asname.name) if alias.asname else name
                self.bindings.append((local, "import", f"{base}.{name}", 0))

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.stack:
            return
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._define(target.target.value, "variable", target.target)

    def visit_Call(self, node: cst.Call) -> None:
        star = any(a.star == "*" for a in node.args)
        double = any(a.star == "**" for a in node.args)
        keywords = tuple(a.keyword.value for a in node.args if a.keyword is not None)
        positional = sum(1 for a in node.args if a.keyword is None and not a.star)
        self._use(node.func, "call", (positional, keywords, star, double))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._use(node, "attribute", None)

    def visit_Name(self, node: cst.Name) -> None:
        self._use(node, "name", None)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value
        if isinstance(value, str) and DOTTED_PATH.match(value):
            line, col = self._pos(node)
            self.strings.append((value, line, col, self._scope()))

    def _use(self, node: cst.BaseExpression, kind: str, shape: Shape) -> None:
        if id(node) in self.done or not isinstance(node, (cst.Name, cst.Attribute)):
            return
        inner: cst.BaseExpression = node
        while isinstance(inner, cst.Attribute):
            self.done.add(id(inner))
            inner = inner.value
        self.done.add(id(inner))
        for qname in self.get_metadata(QualifiedNameProvider, node, set()):
            written = self._written(qname.name, qname.source)
            if written:
                line, col = self._pos(node)
                self.uses.append((written, line, col, kind, shape, self._scope(), "high", ""))

    def _written(self, name: str, source: QualifiedNameSource) -> str:
        if source == QualifiedNameSource.BUILTIN or "<locals>" in name:
            return ""
        if source == QualifiedNameSource.IMPORT:
            return name.lstrip(".") if not name.startswith(".") else ""
        return f"{self.module}.{name}"

    def facts(self) -> FileFacts:
        surface = Surface(self.module, self.is_package, tuple(dict.fromkeys(self.bindings)),
                          tuple(self.stars), None, False, False, ())
        return FileFacts(surface, tuple(self.definitions), tuple(self.imports), tuple(self.uses), (),
                         tuple(self.strings), (), "libcst")


def extract_with_libcst(source: bytes, module: str, is_package: bool) -> FileFacts:
    """Parse with libcst and extract facts; raises ``libcst.ParserSyntaxError`` if it cannot parse."""
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    visitor = _CstFacts(module, is_package)
    wrapper.visit(visitor)
    return visitor.facts()
