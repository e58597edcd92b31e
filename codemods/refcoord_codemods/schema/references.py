"""A renamed ORM attribute's references, rewritten where the plan found them (pure): its reads
and writes on instances and on the class (``order.total``, ``Order.total.desc()``) and the
model constructor's keyword (``Order(total=5)``)."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from refactor_coord.domain.facts import Reference, RefKind
from refactor_coord.domain.schema import KEYWORD_SITE
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit, apply_edits, source_lines
from refactor_coord.rewrite.references import attributes_at
from refactor_coord.rewrite.scope import parsed

KEYWORD = KEYWORD_SITE


def renamed_references(
    text: str,
    refs: Sequence[Reference],
    calls: Sequence[tuple[int, int]],
    names: tuple[str, str],
) -> str | Refused:
    """``text`` with the attribute's references ``refs`` (the index's, in this file) renamed,
    and its keyword in the model's calls starting at ``calls`` (``names``: the old and the new
    attribute). A write to the class attribute itself (``Order.total = ...``, a patch) is
    left, for review."""
    old, new = names
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    lines = source_lines(text)
    nodes = attributes_at(tree, old, [line.rstrip("\n") for line in lines])
    keywords = _keywords(tree, old, lines)
    edits = [keywords[place] for place in keyword_places(text, old, calls)]
    for ref in refs:
        if ref.kind is RefKind.ASSIGN and "()." not in ref.written:
            continue
        node = nodes.get((ref.line, ref.col))
        if node is None:
            return Refused(f"line {ref.line}: no '.{old}' where the index found it")
        assert node.end_lineno is not None and node.end_col_offset is not None
        col = node.end_col_offset - len(old.encode("utf-8"))
        edits.append(Edit(node.end_lineno, col, old, new))
    return apply_edits(text, [Edit(e.line, e.col, e.old, new) for e in dict.fromkeys(edits)])


def _keywords(tree: ast.Module, name: str, lines: Sequence[str]) -> dict[tuple[int, int], Edit]:
    """The keyword arguments ``name=`` of every call, by their place (1-based line and
    column in characters), as the edit that renames them (columns in UTF-8 bytes)."""
    found: dict[tuple[int, int], Edit] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == name:
            line = lines[node.lineno - 1].encode("utf-8")
            col = len(line[: node.col_offset].decode("utf-8", "replace")) + 1
            found[node.lineno, col] = Edit(node.lineno, node.col_offset, name, name)
    return found


#: what a keyword use in a call of the model class is
CONSTRUCTOR = "the model's constructor"
#: query methods whose keywords name columns (``select(Order).filter_by(total=5)``,
#: ``update(Order).values(total=5)``): the index cannot tell which model such a keyword is of
QUERY_CALLS = frozenset({"filter_by", "values", "ordered_values", "bulk_insert_mappings"})


def keyword_uses(
    text: str, name: str, calls: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(line, column in characters from 1, what the call is) of each keyword ``name=``: in
    the calls starting at ``calls`` (where the index places a reference to the model class:
    its constructor, :data:`CONSTRUCTOR`), and in a query method's call (its name)."""
    tree = parsed(text)
    if isinstance(tree, Refused):
        return []
    lines = source_lines(text)
    wanted = set(calls)

    def place(node: ast.expr | ast.keyword) -> tuple[int, int]:
        line = lines[node.lineno - 1].encode("utf-8")
        return node.lineno, len(line[: node.col_offset].decode("utf-8", "replace")) + 1

    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        query = isinstance(func, ast.Attribute) and func.attr in QUERY_CALLS
        if not query and place(node) not in wanted:
            continue
        what = func.attr if isinstance(func, ast.Attribute) and query else CONSTRUCTOR
        found += [(*place(k), what) for k in node.keywords if k.arg == name]
    return sorted(found)


def keyword_places(
    text: str, name: str, calls: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where the calls starting at ``calls`` (the model's constructor) pass ``name=``."""
    return [
        (line, col) for line, col, what in keyword_uses(text, name, calls) if what == CONSTRUCTOR
    ]
