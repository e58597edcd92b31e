"""The index's reference finding over texts held in memory (no disk, no database): what a
codemod's before/after case uses to learn which method calls the index would prove, so that a
case exercises the same inference ``refcoord apply`` asks the index for."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping

from refactor_coord.analysis.extract_ast import extract_with_ast
from refactor_coord.analysis.link import RefRow, link_file, shape_from_text
from refactor_coord.analysis.resolve import Resolver
from refactor_coord.domain.facts import Reference, RefKind


def proven_references(
    texts: Mapping[str, str], module_of: Callable[[str], tuple[str, bool]], qname: str
) -> tuple[Reference, ...]:
    """The references to ``qname`` (or inside it) among the Python files of ``texts``
    (path -> source) that the index would record with high or medium confidence, in path and
    source order. A file that does not parse is left out."""
    facts = {}
    for path, text in sorted(texts.items()):
        if not path.endswith(".py"):
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        facts[path] = extract_with_ast(tree, text.encode(), *module_of(path))
    resolver = Resolver([f.surface for f in facts.values()])
    found: list[Reference] = []
    for number, (path, file_facts) in enumerate(facts.items()):
        for ref in linked_references(path, link_file(file_facts, resolver, number).refs):
            inside = ref.target == qname or ref.target.startswith(qname + ".")
            if inside and ref.confidence in ("high", "medium"):
                found.append(ref)
    return tuple(sorted(found, key=lambda r: (r.path, r.line, r.col)))


def linked_references(path: str, rows: Iterable[RefRow]) -> list[Reference]:
    """The reference rows :func:`~refactor_coord.analysis.link.link_file` gives for the file at
    ``path``, as :class:`Reference` values."""
    return [
        Reference(
            target,
            written,
            path,
            line,
            col,
            RefKind(kind),
            confidence,  # type: ignore[arg-type]
            reason,
            scope,
            shape_from_text(shape),
        )
        for target, written, _, line, col, kind, confidence, reason, scope, shape in rows
    ]
