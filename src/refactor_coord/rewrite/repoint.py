"""Importers repointed: one file's references to names of one module made to go to another
(extract-module's migrate: a project module's names moved; replace-dependency's: a library's
names served by the facade).

Handles every import form, keeping the file's style: ``from source import a, b`` (split when only
some names moved; parentheses, comments and trailing commas survive), relative imports (kept
relative when the target is reachable the same way), aliases, imports inside functions and under
``if TYPE_CHECKING:`` (rewritten where they are), module imports used as ``mod.name`` (a target
import is added beside the source import, under a name that clashes with nothing; the source
import goes when nothing else uses it), chains through an import of a package above the source
(``import pkg`` … ``pkg.src.name``: a target import is added, the package import stays), star
imports (the moved names the star import brought get an explicit import), and dotted-path
strings that name a moved symbol exactly. What the file already imports from the target is
reused, never imported twice. A UTF-8 BOM is kept. Text in, text out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from refactor_coord.domain.modules import resolve_relative
from refactor_coord.rewrite.cst_tools import dotted, dotted_expr
from refactor_coord.rewrite.dunder_all import read_all
from refactor_coord.rewrite.import_block import place_added_imports
from refactor_coord.rewrite.imports import (
    ModuleBinding,
    absolute_module,
    bindings_of,
    bound_name,
    from_import,
    import_like,
    one_line,
    with_kept_names,
)
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.scope import (
    bound_only_by_module_imports,
    module_scope,
    read_only_as_a_module,
)
from refactor_coord.rewrite.style import Style


@dataclass(frozen=True, slots=True)
class _Spec:
    module: str  # the file's own module
    is_package: bool
    source: str
    target: str
    names: frozenset[str]
    star_names: frozenset[str]  # the moved names ``from source import *`` brought
    style: Style  # the project's, with the refactored packages first party


class _Migrate(cst.CSTTransformer):
    def __init__(self, spec: _Spec, taken: set[str], reads: _Reads) -> None:
        super().__init__()
        self.spec = spec
        #: every name the module uses, so added aliases clash with nothing
        self.taken = taken
        #: which binding each name read reaches (only a read of the source's import is rewritten)
        self.reads = reads
        #: expression naming the source -> target expression
        self.module_bindings: dict[str, str] = {}
        #: id(original line) -> lines after
        self.additions: dict[int, list[cst.SimpleStatementLine]] = {}
        self.unused_source_imports: set[int] = set()
        #: id(alias) of moved names the file imports from the target
        self.already_imported: set[int] = set()
        #: id(alias) of moved names added to an existing target import
        self.merged: set[int] = set()
        #: id(alias) of later imports from the target this rewrite repeats
        self.dropped: set[int] = set()
        #: id(ImportFrom of the target) -> names to add
        self.merges: dict[int, list[cst.ImportAlias]] = {}
        self.changed = False

    # -- from-imports ---------------------------------------------------------------------
    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> (
        cst.SimpleStatementLine
        | cst.FlattenSentinel[cst.SimpleStatementLine]
        | cst.RemovalSentinel
    ):
        body: list[cst.BaseSmallStatement] = []
        extra: list[cst.SimpleStatementLine] = []
        for original, small in zip(original_node.body, updated_node.body, strict=True):
            if id(original) in self.unused_source_imports:
                self.changed = True
                continue
            kept, added = self._split(original, small)
            body += kept
            extra += [_with_pragma(line, updated_node) for line in added]
        extra += self.additions.get(id(original_node), [])
        if not body:
            if not extra:
                return cst.RemoveFromParent()
            extra[0] = extra[0].with_changes(leading_lines=updated_node.leading_lines)
            return cst.FlattenSentinel(extra)
        if len(body) != len(updated_node.body) or extra:
            self.changed = True
        line = updated_node.with_changes(body=body)
        return cst.FlattenSentinel([line, *extra]) if extra else line

    def _split(
        self, original: cst.BaseSmallStatement, small: cst.BaseSmallStatement
    ) -> tuple[list[cst.BaseSmallStatement], list[cst.SimpleStatementLine]]:
        if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
            return [small], []
        assert isinstance(original, cst.ImportFrom) and not isinstance(
            original.names, cst.ImportStar
        )
        gone = {i for i, a in enumerate(original.names) if id(a) in self.dropped}
        if gone:  # a later duplicate of an import this rewrite adds earlier
            self.changed = True
            keep = [i not in gone for i in range(len(small.names))]
            return ([with_kept_names(small, keep)] if any(keep) else []), []
        if absolute_module(small, self.spec.module, self.spec.is_package) != self.spec.source:
            return [small], []
        pairs = list(zip(original.names, small.names, strict=True))
        moved = [(o, a) for o, a in pairs if dotted(a.name) in self.spec.names]
        if not moved:
            return [small], []
        self.changed = True
        kept = [a for _, a in pairs if dotted(a.name) not in self.spec.names]
        # names the file already imports from the target, or that join its existing import, go
        new = [
            a for o, a in moved if id(o) not in self.already_imported and id(o) not in self.merged
        ]
        if not kept and not new:
            return [], []
        if not kept:
            parenthesised = small.lpar is not None and len(new) == len(small.names)
            return [from_import(self.spec, small, self.spec.target, new, parenthesised)], []
        kept_small = with_kept_names(
            small, [dotted(a.name) not in self.spec.names for a in small.names]
        )
        if not new:
            return [kept_small], []
        return [kept_small], [
            cst.SimpleStatementLine([from_import(self.spec, small, self.spec.target, new)])
        ]

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        extra = self.merges.get(id(original_node))
        if not extra or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        self.changed = True
        return updated_node.with_changes(names=one_line([*updated_node.names, *extra]))

    # -- mod.name -------------------------------------------------------------------------
    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        head = dotted(original_node.value)
        target = self.module_bindings.get(head)
        if target is None or original_node.attr.value not in self.spec.names:
            return updated_node
        if not self.reads.reaches(_root_name(original_node.value), head, self.spec.source):
            return updated_node  # a local (a parameter, say) named like the import
        self.changed = True
        return cst.Attribute(dotted_expr(target), updated_node.attr)

    # -- "pkg.mod.name" ---------------------------------------------------------------------
    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        value = original_node.evaluated_value
        if not isinstance(value, str):
            return updated_node
        for name in self.spec.names:
            old = f"{self.spec.source}.{name}"
            if value == old or value.startswith(old + "."):
                self.changed = True
                new = f"{self.spec.target}.{name}{value[len(old) :]}"
                quote = original_node.quote
                return updated_node.with_changes(
                    value=f"{original_node.prefix}{quote}{new}{quote}"
                )
        return updated_node


def _with_pragma(
    line: cst.SimpleStatementLine, split_from: cst.SimpleStatementLine
) -> cst.SimpleStatementLine:
    """``line``, split from the import ``split_from``, with that line's linter or type checker
    directive (``# noqa: F401`` on a re-export, ``# type: ignore``), which concerns it too."""
    comment = split_from.trailing_whitespace.comment
    if comment is None or not _PRAGMA.match(comment.value):
        return line
    return line.with_changes(trailing_whitespace=split_from.trailing_whitespace)


#: A comment that tells a tool to let the line be.
_PRAGMA = re.compile(r"#\s*(noqa\b|type:\s*ignore|pyright:\s*ignore|pylint:\s*disable)")


def _star_additions(
    wrapper: MetadataWrapper, spec: _Spec
) -> dict[int, list[cst.SimpleStatementLine]]:
    """After ``from source import *``: an explicit import of the moved public names, which the
    star import used to bring (and, in a package ``__init__``, to re-export); once the contract
    step removes them from the source's ``__all__`` it no longer does."""
    module = wrapper.module
    stars = [
        (line, small)
        for line in module.body
        if isinstance(line, cst.SimpleStatementLine)
        for small in line.body
        if isinstance(small, cst.ImportFrom)
        and isinstance(small.names, cst.ImportStar)
        and absolute_module(small, spec.module, spec.is_package) == spec.source
    ]
    if not stars:
        return {}
    used = sorted(spec.star_names)
    if not used:
        return {}
    line, small = stars[0]
    words = set(re.findall(r"\w+", module.code))
    new = from_import(spec, small, spec.target, [_reexported(n, n not in words) for n in used])
    return {id(line): [cst.SimpleStatementLine([new])]}


def _reexported(name: str, unused: bool) -> cst.ImportAlias:
    """An import of ``name``; one the file does not use is there to be re-exported, and says so
    as ruff, mypy and pyright read it (``name as name``: no unused-import warning)."""
    return cst.ImportAlias(cst.Name(name), cst.AsName(cst.Name(name)) if unused else None)


class _Collect(cst.CSTVisitor):
    def __init__(self, index: int, nodes: list[cst.CSTNode], owner: dict[int, int]) -> None:
        super().__init__()
        self.index, self.nodes, self.owner = index, nodes, owner

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.nodes.append(node)
        self.owner[id(node)] = self.index
        return True


def parse_ast(code: str) -> ast.Module | None:
    """The file's standard ``ast`` (parsed once per migration); None when ``ast`` cannot
    read it."""
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _block_spans(block: Sequence[ast.stmt]) -> list[tuple[int, int, list[ast.stmt]]]:
    """(first line, end line, statements) of each statement of a block (decorators included;
    statements sharing a line, as in ``a; b``, are one span, as libcst sees them)."""
    spans: list[tuple[int, int, list[ast.stmt]]] = []
    for stmt in block:
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))]) - 1
        end = stmt.end_lineno or stmt.lineno
        if spans and spans[-1][1] - 1 == first:
            spans[-1] = (spans[-1][0], end, [*spans[-1][2], stmt])
        else:
            spans.append((first, end, [stmt]))
    return spans


_Piece = tuple[
    int, int, bool
]  # first line, end line (0-based, exclusive), nested in a class or def


def _pieces(tree: ast.Module | None, lines: Sequence[str], spec: _Spec) -> list[_Piece] | None:
    """The smallest statements that may need a change: those whose text mentions the source
    module's name, the target's or a moved name, looking inside classes and functions whose
    header mentions none (on large test files, parsing whole classes with libcst dominated the
    cost). None when ``ast`` cannot parse the file, or when it star-imports the source, which
    needs the whole module."""
    if tree is None:
        return None
    if any(
        isinstance(s, ast.ImportFrom)
        and s.names[0].name == "*"
        and resolve_relative(spec.module, spec.is_package, s.module, s.level) == spec.source
        for s in tree.body
    ):
        return None
    return _pick(tree.body, lines, _words(spec), nested=False)


def _pick(
    block: Sequence[ast.stmt], lines: Sequence[str], words: _Words, nested: bool
) -> list[_Piece]:
    picked: list[_Piece] = []
    for first, end, stmts in _block_spans(block):
        if not words.match("".join(lines[first:end]), stmts):
            continue
        inner = stmts[0] if len(stmts) == 1 else None
        if isinstance(inner, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = inner.body[0].lineno - 1
            own_line = not lines[body].encode()[: inner.body[0].col_offset].strip()
            if body > first and own_line and not words.names.search("".join(lines[first:body])):
                picked += _pick(inner.body, lines, words, nested=True)
                continue
        picked.append((first, end, nested))
    return picked


@dataclass(frozen=True, slots=True)
class _Words:
    """What makes a statement worth rewriting: its text names the source module, the target or a
    moved name (``names``), or it is an import naming a package above the source (``parents``:
    ``import toolz`` reaches ``toolz.itertoolz``)."""

    names: re.Pattern[str]
    parents: re.Pattern[str] | None

    def match(self, text: str, stmts: Sequence[ast.stmt]) -> bool:
        """Whether the statements ``stmts``, whose text is ``text``, may need a change."""
        if self.names.search(text):
            return True
        return (
            self.parents is not None
            and any(isinstance(s, (ast.Import, ast.ImportFrom)) for s in stmts)
            and self.parents.search(text) is not None
        )


def _pattern(words: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:{})\b".format("|".join(map(re.escape, sorted(words)))))


def _words(spec: _Spec) -> _Words:
    leaves = {spec.source.rsplit(".", 1)[-1], spec.target.rsplit(".", 1)[-1], *spec.names}
    parents = set(spec.source.split(".")[:-1])
    return _Words(_pattern(leaves), _pattern(parents) if parents else None)


def _index(
    code: str, tree: ast.Module | None, module: cst.Module, spec: _Spec
) -> tuple[list[cst.CSTNode], dict[int, int], set[int]]:
    """The nodes of the statements that may need a change (those whose text mentions the source
    module's name, the target's or a moved name; on large files, visiting the rest dominates the
    cost), each node's top-level statement, and those statements' indexes."""
    words = _words(spec)
    spans = None if tree is None else _block_spans(tree.body)
    lines = code.splitlines(keepends=True)
    if spans is None or len(spans) != len(module.body):
        relevant = set(range(len(module.body)))
    else:
        relevant = {
            i
            for i, (first, end, stmts) in enumerate(spans)
            if words.match("".join(lines[first:end]), stmts)
        }
    nodes: list[cst.CSTNode] = [module]
    owner: dict[int, int] = {}
    for i in sorted(relevant):
        module.body[i].visit(_Collect(i, nodes, owner))
    return nodes, owner, relevant


def _transform(module: cst.Module, transformer: _Migrate, relevant: set[int]) -> cst.Module:
    body: list[cst.BaseStatement] = []
    for i, stmt in enumerate(module.body):
        if i not in relevant:
            body.append(stmt)
            continue
        result = stmt.visit(transformer)
        if isinstance(result, cst.FlattenSentinel):
            body.extend(result)
        elif isinstance(result, cst.BaseStatement):
            body.append(result)
    return module.with_changes(body=body)


def _top_level_from_imports(
    module: cst.Module, spec: _Spec, of: str
) -> list[tuple[int, cst.SimpleStatementLine, cst.ImportFrom]]:
    """(statement index, line, import) for the top-level ``from <of> import names``."""
    return [
        (i, stmt, small)
        for i, stmt in enumerate(module.body)
        if isinstance(stmt, cst.SimpleStatementLine)
        for small in stmt.body
        if isinstance(small, cst.ImportFrom)
        and not isinstance(small.names, cst.ImportStar)
        and absolute_module(small, spec.module, spec.is_package) == of
    ]


def _plan_dedup(module: cst.Module, spec: _Spec, transformer: _Migrate) -> None:
    """Where the file already imports from the target at its top level, no import is repeated:
    a moved name it imports earlier is not imported again (a later identical import goes), and
    the other moved names join an earlier one-line import of the target."""
    targets = _top_level_from_imports(module, spec, spec.target)
    for i, _, small in _top_level_from_imports(module, spec, spec.source):
        assert not isinstance(small.names, cst.ImportStar)
        into = next(
            (
                imp
                for j, line, imp in targets
                if j < i and imp.lpar is None and len(line.body) == 1
            ),
            None,
        )
        for alias in (a for a in small.names if dotted(a.name) in spec.names):
            same = [
                (j, b)
                for j, _, imp in targets
                if not isinstance(imp.names, cst.ImportStar)
                for b in imp.names
                if dotted(b.name) == dotted(alias.name) and bound_name(b) == bound_name(alias)
            ]
            if any(j < i for j, _ in same):
                transformer.already_imported.add(id(alias))
                continue
            transformer.dropped |= {id(b) for _, b in same}
            if into is not None:
                transformer.merged.add(id(alias))
                transformer.merges.setdefault(id(into), []).append(alias)


def _target_bindings(module: cst.Module, spec: _Spec, owner: dict[int, int]) -> dict[str, int]:
    """Expressions naming the target module, bound at the top level -> statement index."""
    return {
        b.expr: owner[id(b.line)]
        for b in bindings_of(module.body, spec, spec.target, parents=False)
        if any(b.line is stmt for stmt in module.body)
    }


def migrate(
    code: str,
    module: str,
    is_package: bool,
    source: str,
    target: str,
    names: Sequence[str],
    star_names: Sequence[str] | None = None,
    style: Style | None = None,
    *,
    source_is_ours: bool = True,
    target_is_ours: bool = True,
) -> str | Refused:
    """Rewrite one file's references to ``source.<names>`` so that they go to ``target``.

    ``star_names``: the moved names ``from source import *`` brought (those in the source's
    ``__all__``, see :func:`~refactor_coord.rewrite.dunder_all.star_exports`); a star import of
    the source gets an explicit import of exactly these. Default: the public moved names.

    Only the top-level statements whose text mentions the source, the target or a moved name
    are parsed with libcst and rewritten; the rest of the file is kept as it is, byte for byte
    (a file with a star import, or that ``ast`` cannot read, is handled whole).

    ``style``: the project's (:func:`~refactor_coord.rewrite.style.project_style`). An import
    line added to or changed in the block of imports that opens the file goes to its sorted
    place when that block is sorted (wrapped when it passes the line length).

    ``source_is_ours``: the source is a module of the project (extract-module), not a library
    (replace-dependency's old dependency): it sorts among the first-party imports;
    ``target_is_ours`` likewise for the target (not so when a facade is inlined into the
    library it wraps)."""
    bom = "\ufeff" if code.startswith("\ufeff") else ""
    text = code[len(bom) :]
    ours = (source_is_ours, target_is_ours)
    spec = _make_spec(module, is_package, source, target, names, star_names, style, ours)
    lines = text.splitlines(keepends=True)
    tree = parse_ast(text)
    pieces = _pieces(tree, lines, spec) if lines else None
    parts = _migrate_parts(text, code, spec, pieces, tree) if pieces is not None else None
    result = parts if parts is not None else _migrate_whole(text, code, spec, tree)
    return result if isinstance(result, Refused) else (bom + result if result != text else code)


def _make_spec(
    module: str,
    is_package: bool,
    source: str,
    target: str,
    names: Sequence[str],
    star_names: Sequence[str] | None = None,
    style: Style | None = None,
    ours: tuple[bool, bool] = (True, True),
) -> _Spec:
    star = [n for n in names if not n.startswith("_")] if star_names is None else star_names
    style = style or Style()
    own = frozenset(  # the refactored packages
        m.split(".")[0] for m, is_ours in zip((source, target), ours, strict=True) if is_ours
    )
    return _Spec(
        module, is_package, source, target, frozenset(names), frozenset(star) & frozenset(names),
        replace(style, known_first_party=style.known_first_party | own),
    )  # fmt: skip


def _in_style(text: str, new: str, spec: _Spec) -> str:
    """``new`` (``text`` migrated) with its new import lines where the file's style puts them."""
    return new if new == text else place_added_imports(text, new, spec.style)


def _migrate_whole(text: str, code: str, spec: _Spec, tree: ast.Module | None) -> str | Refused:
    try:
        # unsafe_skip_copy: the tree is ours alone; copying it costs as much as the whole migration
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    except cst.ParserSyntaxError as error:
        return Refused(f"does not parse: {error.message}")
    nodes, owner, relevant = _index(text, tree, wrapper.module, spec)
    pairs = [(dotted(n.value), n.attr.value) for n in nodes if isinstance(n, cst.Attribute)]
    reads = _Reads(wrapper, tree, text, spec, lambda line: line)
    transformer = _plan(wrapper, nodes, owner, code, spec, pairs, reads)
    transformer.additions = {**_star_additions(wrapper, spec), **transformer.additions}
    updated = _transform(wrapper.module, transformer, relevant)  # sets transformer.changed
    return _in_style(
        text, updated.code if transformer.changed or transformer.additions else text, spec
    )


def _migrate_parts(
    text: str, code: str, spec: _Spec, pieces: list[_Piece], tree: ast.Module | None
) -> str | None:
    """Rewrite only the statements that mention a relevant name; None to fall back to the whole.
    A statement inside a class or function is parsed under an ``if 1:`` header, so that libcst
    reads it with its own indentation, and written back without that header."""
    lines = text.splitlines(keepends=True)
    if not pieces:
        return text
    newline = "\r\n" if lines[0].endswith("\r\n") else "\r" if lines[0].endswith("\r") else "\n"
    header = "if 1:" + newline
    parts = ["".join(lines[a:b]) for a, b, _ in pieces]
    sources = [
        (header if nested else "") + (p if p.endswith(("\n", "\r")) else p + newline)
        for p, (_, _, nested) in zip(parts, pieces, strict=True)
    ]
    try:
        part_module = cst.parse_module("".join(sources))
        pairs = _attribute_pairs("".join(sources))
    except (cst.ParserSyntaxError, SyntaxError, ValueError):
        return None
    if len(part_module.body) != len(pieces):
        return None
    wrapper = MetadataWrapper(part_module, unsafe_skip_copy=True)
    lines_found, owner = _statement_lines(wrapper.module)
    file_lines = _original_lines(pieces)
    reads = _Reads(wrapper, tree, text, spec, lambda line: file_lines[line - 1])
    transformer = _plan(wrapper, lines_found, owner, code, spec, pairs, reads)
    out: list[str] = []
    position = 0
    for (a, b, nested), stmt, original in zip(pieces, wrapper.module.body, parts, strict=True):
        old = _rewritten(wrapper.module, header, stmt, nested)
        new = _rewritten(wrapper.module, header, stmt.visit(transformer), nested)
        if new is None:
            return None
        if new and not original.endswith(("\n", "\r")):
            new = new.rstrip("\r\n")
        out += [*lines[position:a], new if new != old else original]
        position = b
    return _in_style(text, "".join([*out, *lines[position:]]), spec)


def _rewritten(
    module: cst.Module,
    header: str,
    after: cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel,
    nested: bool,
) -> str | None:
    """The code of one piece (for a nested one, without the ``if 1:`` header); None when a
    nested piece would leave its block empty."""
    if not nested:
        if isinstance(after, cst.FlattenSentinel):
            return "".join(module.code_for_node(s) for s in after)
        return module.code_for_node(after) if isinstance(after, cst.BaseStatement) else ""
    if (
        not isinstance(after, cst.If)
        or not isinstance(after.body, cst.IndentedBlock)
        or not after.body.body
    ):
        return None
    code = module.code_for_node(after)
    return code[len(header) :] if code.startswith(header) else None


def _statement_lines(module: cst.Module) -> tuple[list[cst.CSTNode], dict[int, int]]:
    """Every simple statement line (imports live there, also inside functions and ``if``
    blocks) with its top-level statement's index; expressions are not visited."""
    found: list[cst.CSTNode] = []
    owner: dict[int, int] = {}

    def walk_block(node: cst.CSTNode, index: int) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            found.append(node)
            owner[id(node)] = index
            return
        for child in node.children:
            if isinstance(
                child,
                (
                    cst.BaseSuite,
                    cst.BaseCompoundStatement,
                    cst.SimpleStatementLine,
                    cst.Else,
                    cst.ExceptHandler,
                    cst.ExceptStarHandler,
                    cst.Finally,
                    cst.MatchCase,
                    cst.If,
                ),
            ):
                walk_block(child, index)

    for i, stmt in enumerate(module.body):
        walk_block(stmt, i)
    return found, owner


def _attribute_pairs(text: str) -> list[tuple[str, str]]:
    """(dotted head, attribute) of every ``a.b.c`` expression, read with ``ast`` (fast)."""
    pairs = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Attribute):
            head = _ast_dotted(node.value)
            if head:
                pairs.append((head, node.attr))
    return pairs


def _ast_dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _ast_dotted(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


def _plan(
    wrapper: MetadataWrapper,
    nodes: Sequence[cst.CSTNode],
    owner: dict[int, int],
    code: str,
    spec: _Spec,
    pairs: Sequence[tuple[str, str]],
    reads: _Reads,
) -> _Migrate:
    """Decide every change before any is made: what moves where, which imports go or are added."""
    taken = set(re.findall(r"[^\W\d]\w*", code))  # every identifier-like word: aliases avoid them
    transformer = _Migrate(spec, taken, reads)
    _plan_dedup(wrapper.module, spec, transformer)
    bindings = _target_bindings(wrapper.module, spec, owner)
    for binding in bindings_of(nodes, spec, spec.source):
        line, node, expr = binding.line, binding.node, binding.expr
        if not any(head == expr and attr in spec.names for head, attr in pairs):
            continue
        at = owner[id(line)]
        reuse = next(
            (e for e, i in bindings.items() if i <= at or _only_imports(wrapper.module, at, i)),
            None,
        )
        if reuse is not None:
            transformer.module_bindings[expr] = reuse
        else:
            _add_target_import(wrapper.module, owner, transformer, binding)
            if any(
                line is stmt for stmt in wrapper.module.body
            ):  # later imports at the top reuse it
                bindings[transformer.module_bindings[expr]] = owner[id(line)]
        if (
            binding.parent
            or isinstance(node.names, cst.ImportStar)
            or _still_used(code, pairs, expr, spec)
        ):
            continue
        if len(node.names) == 1:
            transformer.unused_source_imports.add(id(node))
        elif isinstance(node, cst.ImportFrom):
            transformer.dropped |= {id(a) for a in node.names if bound_name(a) == expr}
    return transformer


def _only_imports(module: cst.Module, start: int, end: int) -> bool:
    """Whether the top-level statements from ``start`` to ``end`` are all imports: a binding
    made at ``end`` is in place before anything after ``start`` runs."""
    return all(
        isinstance(stmt, cst.SimpleStatementLine)
        and all(isinstance(small, (cst.Import, cst.ImportFrom)) for small in stmt.body)
        for stmt in module.body[start : end + 1]
    )


def _add_target_import(
    module: cst.Module, owner: dict[int, int], transformer: _Migrate, binding: ModuleBinding
) -> None:
    """An import of the target after ``binding``'s line, which names it from then on; at the top
    level, a later import identical to the added one goes."""
    line, expr = binding.line, binding.expr
    spec = transformer.spec
    addition, target_expr = import_like(
        spec, binding.node, spec.source, spec.target, expr, transformer.taken
    )
    transformer.module_bindings[expr] = target_expr
    transformer.additions.setdefault(id(line), []).append(addition)
    if any(line is stmt for stmt in module.body):
        text = module.code_for_node(addition).strip()
        transformer.unused_source_imports |= {
            id(stmt.body[0])
            for stmt in module.body[owner[id(line)] + 1 :]
            if isinstance(stmt, cst.SimpleStatementLine)
            and len(stmt.body) == 1
            and module.code_for_node(stmt).strip() == text
        }


def _still_used(code: str, pairs: Sequence[tuple[str, str]], expr: str, spec: _Spec) -> bool:
    """Whether the binding ``expr`` of the source module is used other than as ``expr.<moved>``:
    its reads (by the scope model: a local variable of the same name is not one) and an
    ``__all__`` entry naming it, against its moved-name uses; a word in a comment, in prose or
    in any other string (a parameter's default ``'sql'`` beside ``from sqlparse import sql``,
    in the gauntlet's sqlparse) does not keep an unused import. In doubt (the code does not
    parse), the import stays."""
    uses = _uses(code, expr, spec)
    moved_uses = sum(1 for head, attr in pairs if head == expr and attr in spec.names)
    return uses is None or uses - moved_uses > 0


def _uses(code: str, expr: str, spec: _Spec) -> int | None:
    """How often ``code`` reads the module-level import binding ``expr`` (``a`` or ``a.b``), or
    names it in ``__all__``; None when the code does not parse."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    first = expr.split(".")[0]
    imported = {
        (r.line, r.col)
        for r in module_scope(tree, spec.module, spec.is_package).reads
        if r.name == first and any(i is not None for i in r.imports)
    }
    count = int(expr in read_all(code).mentioned)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)) and _ast_dotted(node) == expr:
            base: ast.expr = node
            while isinstance(base, ast.Attribute):
                base = base.value
            count += (base.lineno, base.col_offset) in imported
    return count


def _original_lines(pieces: Sequence[_Piece]) -> list[int]:
    """For each line of the pieces put together (1-based), the file's line it came from (0 for
    the ``if 1:`` header of a nested piece)."""
    found: list[int] = []
    for first, end, nested in pieces:
        found += [0] * nested + list(range(first + 1, end + 1))
    return found


def _root_name(node: cst.BaseExpression) -> cst.Name | None:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node if isinstance(node, cst.Name) else None


class _Reads:
    """Which binding a name read reaches, by the kit's scope model over the whole file, asked
    of a libcst node by its position (computed on the first question: most files ask none)."""

    def __init__(
        self,
        wrapper: MetadataWrapper,
        tree: ast.Module | None,
        text: str,
        spec: _Spec,
        file_line: Callable[[int], int],
    ) -> None:
        self._wrapper, self._tree, self._text, self._spec = wrapper, tree, text, spec
        self._file_line = file_line
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None
        self._imports: dict[tuple[int, int], tuple[str | None, ...]] | None = None
        self._plain: dict[str, bool] = {}  #: name -> only module-level imports bind it

    def reaches(self, root: cst.Name | None, head: str, source: str) -> bool:
        """Whether ``head`` (read through the name ``root``) names the module ``source``: every
        binding of the name in the scope the read reaches is an import that makes it so. True
        when the file's scopes are unknown (``ast`` cannot read it)."""
        if self._tree is None or root is None:
            return True
        if root.value not in self._plain:
            self._plain[root.value] = read_only_as_a_module(
                self._text, self._tree, root.value
            ) or bound_only_by_module_imports(self._tree, root.value)
        if self._plain[root.value]:
            return True  # nothing else binds the name: every read of it is the import's
        if self._imports is None:
            self._positions = self._wrapper.resolve(PositionProvider)
            self._imports = self._read_imports(self._tree)
        assert self._positions is not None
        start = self._positions[root].start
        imports = self._imports.get((self._file_line(start.line), start.column))
        if imports is None:
            return True  # no read there that ast knows of (an f-string's inside, say)
        rest = head[len(root.value) :]
        return bool(imports) and all(v is not None and v + rest == source for v in imports)

    def _read_imports(self, tree: ast.Module) -> dict[tuple[int, int], tuple[str | None, ...]]:
        """(line, column in characters) of each read -> what its scope binds the name to."""
        lines = self._text.splitlines()
        scope = module_scope(tree, self._spec.module, self._spec.is_package)
        found: dict[tuple[int, int], tuple[str | None, ...]] = {}
        for read in scope.reads:
            line = lines[read.line - 1] if read.line <= len(lines) else ""
            col = len(line.encode("utf-8")[: read.col].decode("utf-8", "ignore"))
            found[(read.line, col)] = read.imports
        return found
