"""A method's calls in doctests: the ``>>>`` examples of the documentation files
(``--doctest-glob``) and of the repository's docstrings (``--doctest-modules``), which the index
does not read. Each file's examples are read as one program (:mod:`..rewrite.doctest_programs`;
a Python file's after its own code, whose globals its docstrings' examples see), and jedi is
asked where each ``.name`` of the method's name leads, as for the calls the index cannot type
(:mod:`.loose_calls`): to the method (or an override), proven; elsewhere, not a call of it; no
answer, uncertain, for a person. The plan, the expand step and the deprecate and contract
checks all read this one answer."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.adapters.receiver_types import Place, attribute_targets
from refactor_coord.adapters.source_files import read_source
from refactor_coord.application.loose_calls import LooseCalls, source_roots
from refactor_coord.application.name_mentions import doctest_texts
from refactor_coord.domain.facts import Confidence, Reference, RefKind
from refactor_coord.rewrite.doctest_programs import example_lines, namespace_prelude, program_of
from refactor_coord.rewrite.references import chain_root

#: The reason of a proven call in a doctest.
IN_DOCTEST = "in a doctest; receiver's type inferred by jedi"
#: The reason of an uncertain one.
UNKNOWN_IN_DOCTEST = "a doctest's call on a receiver of unknown type"


def doctest_calls(
    repo: Path,
    store: IndexStore,
    method: str,
    overrides: Collection[str] = (),
    paths: Collection[str] | None = None,
    exclude: Sequence[str] = (),
) -> LooseCalls:
    """The doctest examples' uses of an attribute named like ``method`` (qualified), sorted by
    what jedi says they lead to (``overrides``: qualified names that count as it; ``paths``:
    only in these files; ``exclude``: the campaign's excluded paths)."""
    leaf = method.rpartition(".")[2]
    named = re.compile(rf"\.\s*{re.escape(leaf)}\b")
    given = namespace_prelude(
        [read_source(repo / p) or "" for p in namespace_conftests(repo, store)]
    )
    programs: dict[str, str] = {}
    places: dict[Place, tuple[str, int, int]] = {}  # program place -> (path, line, column)
    for path, text, prefix in _texts(repo, store, paths, exclude):
        examples = [e for e in example_lines(text) if named.search(e.code)]
        if not examples:
            continue
        examples = list(example_lines(text))  # the whole program, for what binds the receiver
        prefix = given + prefix  # what pytest's doctest_namespace gives the examples
        offset = prefix.count("\n")
        programs[path] = prefix + program_of(examples)
        for line, col in _attribute_starts(program_of(examples), leaf):
            example = examples[line - 1]
            places[path, offset + line, col, leaf] = (path, example.line, example.col + col)
    if not places:
        return LooseCalls((), ())
    answers = attribute_targets(repo, source_roots(store.files()), list(places), programs)
    targets = {method, *overrides}
    proven: list[Reference] = []
    uncertain: list[Reference] = []
    for place, (path, line, col) in sorted(places.items(), key=lambda item: item[1]):
        names = answers.get(place, frozenset())
        if names and names <= targets:
            target = method if method in names else min(names)
            proven.append(_call(target, (path, line, col), "medium", IN_DOCTEST))
        elif not names or names & targets:
            uncertain.append(_call(method, (path, line, col), "low", UNKNOWN_IN_DOCTEST))
    return LooseCalls(tuple(proven), tuple(uncertain))


def _texts(
    repo: Path, store: IndexStore, paths: Collection[str] | None, exclude: Sequence[str]
) -> Iterator[tuple[str, str, str]]:
    """(path, text, the code its examples run after) of each file whose doctests may run: the
    documentation files, and the repository's Python files with a ``>>>`` line (their examples
    see the module's globals: its own code goes first)."""
    for path, text in sorted(doctest_texts(repo, exclude).items()):
        if paths is None or path in paths:
            yield path, text, ""
    for path in sorted(store.files()):
        if paths is not None and path not in paths:
            continue
        source = read_source(repo / path)
        if source is not None and ">>>" in source:
            yield path, source, source if source.endswith("\n") else source + "\n"


def _attribute_starts(program: str, leaf: str) -> list[tuple[int, int]]:
    """(line, column in characters from 1) of the start of each chain that reads ``.leaf``
    in ``program`` (where the index would place it); where the program does not parse, of each
    ``.leaf`` itself (jedi then looks for the attribute from there)."""
    try:
        tree = ast.parse(program)
    except SyntaxError:
        return [
            (number, found.start() + 1)
            for number, line in enumerate(program.splitlines(), 1)
            for found in re.finditer(rf"\.\s*{re.escape(leaf)}\b", line)
        ]
    lines = program.splitlines()
    starts: set[tuple[int, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == leaf:
            root = chain_root(node)
            before = lines[root.lineno - 1].encode("utf-8")[: root.col_offset]
            starts.add((root.lineno, len(before.decode("utf-8", "replace")) + 1))
    return sorted(starts)


def _call(target: str, at: tuple[str, int, int], confidence: Confidence, reason: str) -> Reference:
    path, line, col = at
    written = f"?.{target.rpartition('.')[2]}"
    return Reference(target, written, path, line, col, RefKind.CALL, confidence, reason, path)


def namespace_conftests(repo: Path, store: IndexStore) -> tuple[str, ...]:
    """The repository's ``conftest.py`` files that give doctests names (pytest's
    ``doctest_namespace``)."""
    return tuple(
        path
        for path in sorted(store.files())
        if path.rpartition("/")[2] == "conftest.py"
        and "doctest_namespace" in (read_source(repo / path) or "")
    )
