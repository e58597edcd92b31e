"""One file's facts + the repository's resolver -> its resolved rows (references, edges, ...).

Rows are plain tuples, in the column order of the index tables, so that the store can insert
them in bulk without building an object per reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from refactor_coord.analysis.raw import (
    FLAG_GUARDED,
    FLAG_LAZY,
    FLAG_TYPE_CHECKING,
    IMPORT_FROM,
    IMPORT_PLAIN,
    IMPORT_STAR,
    FileFacts,
    Shape,
    loose_rows,
)
from refactor_coord.analysis.resolve import Resolution, Resolver
from refactor_coord.domain.facts import CallShape, weaker_confidence

#: The reason recorded on the import reference of ``from module import *``.
STAR_IMPORT = "star import: brings every public name"

# Rows as the index stores them (file id included, in column order: built once, inserted as is).
# (target, written, file_id, line, col, kind, confidence, reason, scope, shape)
RefRow = tuple[str, str, int, int, int, str, str, str, str, str]
# (attr, file_id, line, col, kind, shape, scope)
LooseOut = tuple[str, int, int, int, str, str, str]
# (qname, kind, file_id, line, col)
DefOut = tuple[str, str, int, int, int]
# (importer, imported, file_id, line, lazy, type_checking, guarded, external)
EdgeOut = tuple[str, str, int, int, int, int, int, int]
# An import edge as queries return it:
# (importer, imported, line, lazy, type_checking, guarded, external)
EdgeRow = tuple[str, str, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class LinkedFile:
    """The resolved rows of one file."""

    refs: list[RefRow]
    loose: list[LooseOut]
    definitions: list[DefOut]
    edges: list[EdgeOut]


_SHAPE_TEXTS: dict[Shape, str] = {None: ""}  # few distinct shapes, hundreds of thousands of calls


def shape_text(shape: Shape) -> str:
    """Encode a call shape for storage (empty for no call)."""
    text = _SHAPE_TEXTS.get(shape)
    if text is None:
        assert shape is not None
        positional, keywords, star, double_star = shape
        text = _SHAPE_TEXTS[shape] = (
            f"{positional};{','.join(keywords)};{int(star)};{int(double_star)}"
        )
    return text


def shape_from_text(text: str) -> CallShape | None:
    """Inverse of :func:`shape_text`."""
    if not text:
        return None
    positional, keywords, star, double_star = text.split(";")
    return CallShape(
        int(positional),
        tuple(k for k in keywords.split(",") if k),
        star == "1",
        double_star == "1",
    )


def link_file(facts: FileFacts, resolver: Resolver, file_id: int) -> LinkedFile:
    """Resolve every use, import, export and dotted string of one file (rows for ``file_id``)."""
    module = facts.surface.module
    refs: list[RefRow] = []
    loose: list[LooseOut] = [
        (a, file_id, ln, c, k, shape_text(s), sc) for a, ln, c, k, s, sc in facts.loose
    ]
    for written, line, col, kind, shape, scope, cap, reason in facts.uses:
        instance = ".()." in written  # an attribute of an instance (see extract_ast)
        found = resolver.resolve_instance(written) if instance else resolver.resolve(written)
        if found is None and instance and _made_outside(written, resolver):
            continue  # an attribute of what code outside the repository made: not ours
        if found is None:  # not a class of the repository, or not its attribute: unknown
            rows = loose_rows(tuple(written.split(".")), line, col, kind, shape, scope)
            loose += [(a, file_id, ln, c, k, shape_text(s), sc) for a, ln, c, k, s, sc in rows]
            continue
        r, written = found, _shown(written) if instance else written
        if r.opaque:  # a variable of unknown type: what is read on it is uncertain
            rows = loose_rows(r.tail, line, col, kind, shape, scope)
            loose += [(a, file_id, ln, c, k, shape_text(s), sc) for a, ln, c, k, s, sc in rows]
        if r.tail and kind in ("call", "name"):
            kind = "attribute"
        refs.append(
            (
                r.target,
                written,
                file_id,
                line,
                col,
                kind,
                weaker_confidence(cap, r.confidence),
                reason or r.reason,
                scope,
                shape_text(shape),
            )
        )
        for attr in () if r.opaque else r.tail[1:]:
            loose.append((attr, file_id, line, col, "attribute", "", scope))
    edges: list[EdgeOut] = []
    for target, line, col, flags, form in facts.imports:
        # ``import pkg.fetch`` imports the module, whatever ``pkg`` binds ``fetch`` to
        plain = form == IMPORT_PLAIN and resolver.is_module(target)
        r = _module(target) if plain else resolver.resolve(target)
        reason = STAR_IMPORT if form == IMPORT_STAR else r.reason
        refs.append(
            (r.target, target, file_id, line, col, "import", r.confidence, reason, module, "")
        )
        edge = _edge(module, target, form, line, flags, resolver)
        if edge is not None:
            edges.append((edge[0], edge[1], file_id, *edge[2:]))
    for name, line, col in facts.exports:
        r = resolver.resolve(f"{module}.{name}")
        refs.append(
            (
                r.target,
                f"{module}.{name}",
                file_id,
                line,
                col,
                "export",
                r.confidence,
                r.reason,
                module,
                "",
            )
        )
    for text, line, col, scope in facts.strings:
        row = _string_ref(text, line, col, scope, resolver, file_id)
        if row is not None:
            refs.append(row)
    definitions: list[DefOut] = [(q, k, file_id, ln, c) for q, k, ln, c in facts.definitions]
    return LinkedFile(refs, loose, definitions, edges)


def _made_outside(written: str, resolver: Resolver) -> bool:
    """Whether the instance ``written`` (``re.compile.().match``) is made by code outside the
    repository (a library's function or class, a builtin): no prefix of what is called first is
    a module of the repository, so its attributes are not any repository class's."""
    head = written.split(".().", 1)[0]
    return not head.endswith(".(super)") and resolver.module_prefix(head) is None


def _shown(written: str) -> str:
    """An instance's attribute as ``refs`` shows it: ``pkg.make().fetch``,
    ``pkg.Special.super().fetch``."""
    return written.replace(".(super).()", ".super()").replace(".()", "()")


def _edge(
    module: str, target: str, form: int, line: int, flags: int, resolver: Resolver
) -> EdgeRow | None:
    imported = resolver.module_prefix(target)
    external = imported is None
    if imported is None:
        imported = target.rsplit(".", 1)[0] if form == IMPORT_FROM else target
    if form == IMPORT_STAR:
        imported = target if external else imported
    if imported == module:
        return None
    return (
        module,
        imported,
        line,
        int(bool(flags & FLAG_LAZY)),
        int(bool(flags & FLAG_TYPE_CHECKING)),
        int(bool(flags & FLAG_GUARDED)),
        int(external),
    )


def _module(name: str) -> Resolution:
    """The module ``name`` of the repository, as its own target."""
    return Resolution(name, "high", "", True, ())


def _string_ref(
    text: str, line: int, col: int, scope: str, resolver: Resolver, file_id: int
) -> RefRow | None:
    if resolver.module_prefix(text) is None:
        return None
    # a string that is a module's path names the module (``importlib.import_module(
    # "slugify.slugify")``), though its package binds that name to something else
    r = _module(text) if resolver.is_module(text) else resolver.resolve(text)
    if r.known and not r.tail:
        return (r.target, text, file_id, line, col, "string", r.confidence, r.reason, scope, "")
    reason = f"'{text}' does not exactly name a symbol of this repository"
    return (r.target, text, file_id, line, col, "string", "low", reason, scope, "")
