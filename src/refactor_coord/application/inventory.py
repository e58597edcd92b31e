"""The deprecation inventory: every deprecation the first-party code declares (whoever made it),
with its remaining first-party callers.

Each file is scanned once per content (:mod:`refactor_coord.analysis.deprecations`, kept in the
index database beside the file's facts): a file that mentions neither "warn" nor "deprecat" is
not even parsed. Which warning classes are deprecation categories is settled across all files
(a project's ``class RemovedIn3Warning(DeprecationWarning)``), after the scan.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_coord.adapters.filesystem import read_bytes
from refactor_coord.adapters.index_store import FileRow, IndexStore
from refactor_coord.adapters.parallel import in_shares
from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.deprecations import (
    SCANNER_VERSION,
    FileDeprecations,
    deprecation_categories,
    kept,
    scan_deprecations,
)
from refactor_coord.analysis.extract_ast import decode_source
from refactor_coord.application.references import (
    indexed_rule,
    reference_from_row,
    untyped_uses,
)
from refactor_coord.domain.facts import Reference, RefKind
from refactor_coord.domain.progress import Deprecation, InventoryEntry, Use
from refactor_coord.domain.uses import Rule, uses_of

if TYPE_CHECKING:
    from refactor_coord.application.progress import Where

#: deprecations of what code reaches as an attribute of an instance
_MEMBERS = ("method", "property")
#: a file that matches neither cannot declare a deprecation by any mechanism the scanner knows
_MAY_DECLARE = re.compile(rb"(?i)warn|deprecat")


def deprecation_inventory(
    repo: Path, store: IndexStore, where: Where, *, callers: bool = True
) -> tuple[InventoryEntry, ...]:
    """Every deprecation the indexed first-party files declare, with its remaining callers
    (none looked for when ``callers`` is false), sorted by qualified name."""
    scanned = _scanned(repo, store, [r for r in where.files.values() if r.status == "ok"])
    categories = deprecation_categories(c for f in scanned for c in f.warning_classes)
    found = kept((d for f in scanned for d in f.found), categories)
    return tuple(
        InventoryEntry(
            d,
            _callers(repo, store, where, d) if callers else (),
            uncertain=untyped_uses(store, d.qname) if callers and d.kind in _MEMBERS else 0,
        )
        for d in sorted(found, key=lambda d: (d.qname, d.parameter or "", d.path, d.line))
    )


def _scanned(repo: Path, store: IndexStore, rows: Sequence[FileRow]) -> list[FileDeprecations]:
    by_key = {r.fact_key: r for r in rows}
    kept_before = ((key, decode(blob)) for key, blob in store.deprecation_blobs(by_key))
    # kept by content and module: the file may have moved since (its path is today's)
    cached = {key: _at(found, by_key[key].path) for key, found in kept_before if found}
    missing = _scan_all(repo, [row for key, row in sorted(by_key.items()) if key not in cached])
    if missing:
        store.put_deprecations((key, encode(found)) for key, found in missing)
    return [*cached.values(), *(found for _, found in missing)]


#: files to scan for each forked worker, at the least (fewer: forking costs more than it saves)
_SCAN_PER_WORKER = 100


def _scan_all(repo: Path, rows: Sequence[FileRow]) -> list[tuple[str, FileDeprecations]]:
    """Scan the files (on forked workers when there are many)."""
    return in_shares(rows, lambda row: (row.fact_key, _scan(repo, row)), _SCAN_PER_WORKER)


def _at(found: FileDeprecations, path: str) -> FileDeprecations:
    return replace(found, found=tuple(replace(d, path=path) for d in found.found))


def _scan(repo: Path, row: FileRow) -> FileDeprecations:
    nothing = FileDeprecations((), ())
    source = read_bytes(repo, row.path)
    if source is None or not _MAY_DECLARE.search(source):
        return nothing
    text = decode_source(source)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return nothing
    return scan_deprecations(tree, text, row.module, row.path, row.is_package)


def encode(found: FileDeprecations) -> bytes:
    """A file's scan as stored."""
    data = {
        "scanner": SCANNER_VERSION,
        "found": [asdict(d) for d in found.found],
        "classes": [[name, list(bases)] for name, bases in found.warning_classes],
    }
    return json.dumps(data, separators=(",", ":")).encode()


def decode(blob: bytes) -> FileDeprecations | None:
    """Inverse of :func:`encode`; None for what an earlier scanner found (to scan again)."""
    data = json.loads(blob)
    if data.get("scanner") != SCANNER_VERSION:
        return None
    return FileDeprecations(
        tuple(Deprecation(**d) for d in data["found"]),
        tuple((str(name), tuple(bases)) for name, bases in data["classes"]),
    )


def _callers(repo: Path, store: IndexStore, where: Where, d: Deprecation) -> tuple[Use, ...]:
    # a package re-exporting the deprecated name is its surface, as for a change-api
    rule = Rule(d.qname, reexports=True)
    if d.kind == "module":  # only its imports count: no need to read every use inside it
        refs = [reference_from_row(row) for row in store.imports_of(d.qname)]
    else:
        rule, refs = indexed_rule(store, where.modules, rule)
    counts = caller_filter(repo, d, rule.aliases)
    return tuple(where.use(d.qname, r) for r in uses_of(rule, refs) if counts(r))


def caller_filter(
    repo: Path, d: Deprecation, aliases: Sequence[str] = ()
) -> Callable[[Reference], bool]:
    """Which uses of ``d.qname`` are uses of the deprecation: for a parameter, the calls that
    pass it; for a module that warns on import, its imports; never a reference from within the
    deprecated thing itself (its recursion, its own shim)."""
    position: list[int | None] = []  # read from the source when a call first needs it

    def passes(ref: Reference) -> bool:
        if (
            not position
            and ref.shape is not None
            and (d.parameter or "") not in ref.shape.keywords
        ):
            position.append(_position(repo, d))
        return _passes(ref, d.parameter or "", position[0] if position else None)

    def counts(ref: Reference) -> bool:
        if ref.scope == d.qname or ref.scope.startswith(d.qname + "."):
            return False
        if d.kind == "module":
            return ref.kind is RefKind.IMPORT and ref.target == d.qname
        if d.kind != "parameter":
            return True
        # a call of the callable itself, or of a name bound to it (not of a member reached
        # through a class)
        called = {ref.target, ref.written} & {d.qname, *aliases}
        return bool(called) and passes(ref)

    return counts


def _passes(ref: Reference, parameter: str, position: int | None) -> bool:
    """Whether a call passes ``parameter``: by keyword, or positionally when ``position`` (its
    index among the arguments a caller passes) is known and the call passes that many."""
    shape = ref.shape  # a call, or a decorator called with arguments (@attr.s(repr_ns="C"))
    if ref.kind not in (RefKind.CALL, RefKind.DECORATOR) or shape is None:
        return False
    return parameter in shape.keywords or (position is not None and shape.positional > position)


def _position(repo: Path, d: Deprecation) -> int | None:
    """Where ``d.parameter`` stands among the positional arguments its callers pass (``self``
    and ``cls`` not counted), or None when it is keyword-only or the function that warns (the
    innermost one around the warning's line) is not found."""
    text = read_source(repo / d.path) or ""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    around = [f for f in _functions(tree.body) if f.lineno <= d.line <= (f.end_lineno or 0)]
    if not around:
        return None
    node = max(around, key=lambda f: f.lineno)
    names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    if names[:1] in (["self"], ["cls"]):
        names = names[1:]
    return names.index(d.parameter) if d.parameter in names else None


def _functions(body: Iterable[ast.stmt]) -> Iterable[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node.body)
