"""The index's reference finding over texts held in memory (no disk, no database): what a
codemod's before/after case uses to learn which method calls the index would prove, so that a
case exercises the same inference ``refcoord apply`` asks the index for."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from refactor_coord.analysis.extract_ast import extract_with_ast
from refactor_coord.analysis.link import link_file, shape_from_text
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
        for row in link_file(file_facts, resolver, number).refs:
            target, written, _, line, col, kind, confidence, reason, scope, shape = row
            inside = target == qname or target.startswith(qname + ".")
            if inside and confidence in ("high", "medium"):
                found.append(
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
                )
    return tuple(sorted(found, key=lambda r: (r.path, r.line, r.col)))
