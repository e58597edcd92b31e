"""Uses of the old dependency that need no facade, because on Python 3 they are the language
itself, the same whichever backend the flag picks; migrate writes them as Python 3 does:

- a builtin under its own name (``six.moves.range`` is ``range``): ``from six.moves import
  range`` goes, ``six.moves.range(n)`` reads ``range(n)``; the call sites stay as they are;
- a class decorator that sets the metaclass (``@six.add_metaclass(M)``), closest to the class
  (no other decorator sees the class it makes first): ``class C(B, metaclass=M)``; the class
  is made once, by ``M``, so what ``M`` caches or keeps single is as before;
- a call that only raises (``six.raise_from(exc, cause)`` as a statement): ``raise exc from
  cause``.

Anything that does not fit exactly (an aliased import, a name the module binds otherwise, a
decorator with more arguments, a class that already names a metaclass) is left to the facade.
Pure: text in, text out.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from refactor_coord.domain.modules import resolve_relative
from refactor_coord.rewrite.references import references
from refactor_coord.rewrite.scope import function_locals, module_scope


@dataclass(frozen=True, slots=True)
class Forms:
    """Which old names (qualified) are written as Python 3 writes them."""

    builtins: frozenset[str] = frozenset()  #: the builtin of the same name
    metaclass_decorators: frozenset[str] = frozenset()  #: ``@d(M)`` -> ``metaclass=M``
    raisers: frozenset[str] = frozenset()  #: ``f(exc, cause)`` -> ``raise exc from cause``

    def __bool__(self) -> bool:
        return bool(self.builtins or self.metaclass_decorators or self.raisers)


def without_facade(code: str, module: str, is_package: bool, forms: Forms) -> str:
    """``code`` with the uses of ``forms``' names written as Python 3 does (see the module's
    docstring); the rest as it was."""
    if not forms:
        return code
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    scope = module_scope(tree, module, is_package)
    spots = _Spots()
    locals_ = function_locals(tree)
    for name in sorted(forms.builtins):
        leaf = name.rpartition(".")[2]
        if leaf not in locals_ and _only_imported(tree, module, is_package, name):
            spots.builtins |= _starts(references(tree, scope, name), attributes_only=True)
            spots.gone_imports.add(name)
    for name in sorted(forms.metaclass_decorators):
        spots.decorators |= _starts(references(tree, scope, name))
    for name in sorted(forms.raisers):
        spots.raisers |= _starts(references(tree, scope, name))
    if not spots:
        return code
    wrapper = MetadataWrapper(cst.parse_module(code))
    return wrapper.visit(_Rewrite(spots, module, is_package)).code


@dataclass(slots=True)
class _Spots:
    """Where each form's references start (line, column), and the imports that go."""

    builtins: set[tuple[int, int]]
    decorators: set[tuple[int, int]]
    raisers: set[tuple[int, int]]
    gone_imports: set[str]

    def __init__(self) -> None:
        self.builtins, self.decorators, self.raisers, self.gone_imports = (
            set(),
            set(),
            set(),
            set(),
        )

    def __bool__(self) -> bool:
        return bool(self.builtins or self.decorators or self.raisers or self.gone_imports)


def _starts(found: Collection[object], *, attributes_only: bool = False) -> set[tuple[int, int]]:
    spots: set[tuple[int, int]] = set()
    for ref in found:
        node = getattr(ref, "node", None)
        if node is None or (attributes_only and not isinstance(node, ast.Attribute)):
            continue
        spots.add((node.lineno, node.col_offset))
    return spots


def _only_imported(tree: ast.Module, module: str, is_package: bool, name: str) -> bool:
    """Whether every binding of ``name``'s last part in the module is an unaliased import of
    ``name`` (then the builtin can stand for it)."""
    parent, _, leaf = name.rpartition(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = resolve_relative(module, is_package, node.module, node.level)
            for alias in node.names:
                bound = alias.asname or alias.name
                if bound == leaf and (source != parent or alias.asname):
                    return False
        elif isinstance(node, ast.Import):
            if any((a.asname or a.name.split(".")[0]) == leaf for a in node.names):
                return False
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == leaf:
                return False
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            if node.id == leaf:
                return False
        elif isinstance(node, ast.ExceptHandler) and node.name == leaf:
            return False
    return True


class _Rewrite(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, spots: _Spots, module: str, is_package: bool) -> None:
        super().__init__()
        self.spots = spots
        self.module = module
        self.is_package = is_package

    def _at(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        if self._at(original) in self.spots.builtins:
            return cst.Name(original.attr.value)
        return updated

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        if any(k.keyword is not None and k.keyword.value == "metaclass" for k in updated.keywords):
            return updated
        if not original.decorators:
            return updated
        index = len(original.decorators) - 1  # the one closest to the class: no decorator
        call = original.decorators[index].decorator  # sees the class it would make first
        if (
            isinstance(call, cst.Call)
            and self._at(call.func) in self.spots.decorators
            and len(call.args) == 1
            and call.args[0].keyword is None
            and not call.args[0].star
        ):
            return _with_metaclass(updated, index, call.args[0].value)
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        if len(original.body) == 1 and isinstance(original.body[0], cst.Expr):
            raised = self._raise(original.body[0].value)
            if raised is not None:
                return updated.with_changes(body=[raised])
        if len(updated.body) == 1 and isinstance(updated.body[0], cst.ImportFrom):
            return self._without_builtins(updated, updated.body[0])
        return updated

    def _raise(self, value: cst.BaseExpression) -> cst.Raise | None:
        if not (isinstance(value, cst.Call) and self._at(value.func) in self.spots.raisers):
            return None
        args = value.args
        if len(args) != 2 or any(a.keyword is not None or a.star for a in args):
            return None
        return cst.Raise(exc=args[0].value, cause=cst.From(item=args[1].value))

    def _without_builtins(
        self, line: cst.SimpleStatementLine, node: cst.ImportFrom
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if isinstance(node.names, cst.ImportStar) or (node.module is None and not node.relative):
            return line
        dots = len(node.relative)
        written = cst.Module([]).code_for_node(node.module) if node.module else None
        source = resolve_relative(self.module, self.is_package, written, dots)
        gone = {
            n.rpartition(".")[2] for n in self.spots.gone_imports if n.rpartition(".")[0] == source
        }
        kept = [
            a
            for a in node.names
            if a.asname is not None or not isinstance(a.name, cst.Name) or a.name.value not in gone
        ]
        if len(kept) == len(node.names):
            return line
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return line.with_changes(body=[node.with_changes(names=kept)])


def _with_metaclass(cls: cst.ClassDef, index: int, metaclass: cst.BaseExpression) -> cst.ClassDef:
    decorators = [d for i, d in enumerate(cls.decorators) if i != index]
    keyword = cst.Arg(
        value=metaclass,
        keyword=cst.Name("metaclass"),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )
    bases, keywords = [*cls.bases], [*cls.keywords]
    before = keywords or bases  # the argument the new keyword follows, if any
    if before:
        before[-1] = before[-1].with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
    return cls.with_changes(
        decorators=decorators,
        bases=bases,
        keywords=[*keywords, keyword],
        lpar=cls.lpar if isinstance(cls.lpar, cst.LeftParen) else cst.LeftParen(),
        rpar=cls.rpar if isinstance(cls.rpar, cst.RightParen) else cst.RightParen(),
    )
