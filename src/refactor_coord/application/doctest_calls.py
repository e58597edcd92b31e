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

from refactor_coord.adapters.filesystem import read_bytes
from refactor_coord.adapters.index_store import IndexStore
from refactor_coord.adapters.receiver_types import Place, Spot, attribute_targets, classes_named
from refactor_coord.adapters.source_files import read_source_leniently
from refactor_coord.application.loose_calls import LooseCalls, answer_sorter, source_roots
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
        [read_source_leniently(repo / p) or "" for p in namespace_conftests(repo, store)]
    )
    programs: dict[str, str] = {}
    #: program place -> (path, line, column, whether it is called)
    places: dict[Place, tuple[str, int, int, bool]] = {}
    receivers: dict[Place, Spot] = {}  # program place -> where its receiver's name ends
    for path, text, prefix in _texts(repo, store, (paths, exclude), leaf):
        examples = example_lines(text)  # all of them: the program binds the receivers
        if not any(named.search(e.code) for e in examples):
            continue
        prefix = given + prefix  # what pytest's doctest_namespace gives the examples
        offset = prefix.count("\n")
        programs[path] = prefix + program_of(examples)
        for (line, col, called), receiver in _attribute_starts(program_of(examples), leaf):
            example = examples[line - 1]
            at = (path, example.line, example.col + col)
            places[path, offset + line, col, leaf] = (*at, called)
            if receiver is not None:
                receivers[path, offset + line, col, leaf] = (
                    path,
                    offset + receiver[0],
                    receiver[1],
                )
    if not places:
        return LooseCalls((), ())
    roots = source_roots(store.files())
    answers = attribute_targets(repo, roots, list(places), programs)
    verdict = answer_sorter(store, method, overrides)
    on_class = classes_named(  # ``Shape.area(s, 2)``: read on the class, the instance passed
        repo, roots, programs, [r for p, r in receivers.items() if answers.get(p)]
    )
    proven: list[Reference] = []
    uncertain: list[Reference] = []
    for place, (path, line, col, called) in sorted(places.items(), key=lambda item: item[1]):
        target = verdict(answers.get(place, frozenset()))
        kind = RefKind.CALL if called else RefKind.NAME  # ``>>> f = v.bump``: a value
        if target:
            # an instance's receiver is told with medium confidence, a class with high (as
            # the index does), which says whether the call passes the instance explicitly
            sure: Confidence = "high" if receivers.get(place) in on_class else "medium"
            proven.append(_use(target, (path, line, col), kind, (sure, IN_DOCTEST)))
        elif target is None:
            uncertain.append(_use(method, (path, line, col), kind, ("low", UNKNOWN_IN_DOCTEST)))
    return LooseCalls(tuple(proven), tuple(uncertain))


def _texts(
    repo: Path,
    store: IndexStore,
    where: tuple[Collection[str] | None, Sequence[str]],
    leaf: str,
) -> Iterator[tuple[str, str, str]]:
    """(path, text, the code its examples run after) of each file whose doctests may use
    ``leaf``: the documentation files, and the repository's Python files with a ``>>>`` line
    and the name (their examples see the module's globals: its own code goes first); ``where``:
    only these paths (None: all), and the campaign's excluded ones."""
    paths, exclude = where
    for path, text in sorted(doctest_texts(repo, exclude).items()):
        if (paths is None or path in paths) and leaf in text:
            yield path, text, ""
    for path in sorted(store.files()):
        if paths is not None and path not in paths:
            continue
        raw = read_bytes(repo, path) or b""
        if b">>>" not in raw or leaf.encode("utf-8") not in raw:
            continue  # most files: no bytes decoded
        source = read_source_leniently(repo / path) or ""
        yield path, source, source if source.endswith("\n") else source + "\n"


def _attribute_starts(
    program: str, leaf: str
) -> list[tuple[tuple[int, int, bool], tuple[int, int] | None]]:
    """(line, column in characters from 1, whether it is called) of the start of each chain
    that reads ``.leaf`` in ``program`` (where the index would place it), with where the last
    name of its receiver stands when the receiver is a name or a chain of them (line, column
    in characters from 0); where the program does not parse, each ``.leaf`` itself, taken as
    called when ``(`` follows (jedi then looks for the attribute from there)."""
    try:
        tree = ast.parse(program)
    except SyntaxError:
        return [
            ((number, found.start() + 1, line[found.end() :].lstrip().startswith("(")), None)
            for number, line in enumerate(program.splitlines(), 1)
            for found in re.finditer(rf"\.\s*{re.escape(leaf)}\b", line)
        ]
    lines = program.splitlines()
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    starts: dict[tuple[int, int, bool], tuple[int, int] | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == leaf:
            root = chain_root(node)
            at = (root.lineno, _chars(lines, root.lineno, root.col_offset) + 1)
            starts[(*at, id(node) in callees)] = _last_name(node.value, lines)
    return sorted(starts.items())


def _last_name(receiver: ast.expr, lines: Sequence[str]) -> tuple[int, int] | None:
    """Where the last name of a receiver that is a name or a chain of them stands."""
    if isinstance(receiver, ast.Name):
        return receiver.lineno, _chars(lines, receiver.lineno, receiver.col_offset)
    if isinstance(receiver, ast.Attribute) and receiver.end_col_offset is not None:
        line = receiver.end_lineno or receiver.lineno
        start = receiver.end_col_offset - len(receiver.attr.encode("utf-8"))
        return line, _chars(lines, line, start)
    return None


def _chars(lines: Sequence[str], line: int, byte_col: int) -> int:
    """A UTF-8 column of ``line`` in characters."""
    return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def _use(
    target: str, at: tuple[str, int, int], kind: RefKind, how: tuple[Confidence, str]
) -> Reference:
    path, line, col = at
    written = f"?.{target.rpartition('.')[2]}"
    return Reference(target, written, path, line, col, kind, *how, path)


def namespace_conftests(repo: Path, store: IndexStore) -> tuple[str, ...]:
    """The repository's ``conftest.py`` files that give doctests names (pytest's
    ``doctest_namespace``)."""
    return tuple(
        path
        for path in sorted(store.files())
        if path.rpartition("/")[2] == "conftest.py"
        and "doctest_namespace" in (read_source_leniently(repo / path) or "")
    )
