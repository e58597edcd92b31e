"""change-api, caller side (migrate): the references of one module to the old function pointed
at the new one, each call's arguments rewritten by the binding rules so that every value reaches
the same parameter (:func:`refactor_coord.rewrite.binding.rebind`). Only the ``keyword=`` in
front of an argument changes: expressions, comments and line breaks stay as written.

A reference that cannot be rewritten with certainty is left as it is, still working through the
shim, for review: a call passing ``*args``/``**kwargs`` when the binding changes, the function
used as a value (``map(fetch, urls)``) when its callers might use the old calling convention. A
local that only stands for it (``handler = fetch``, then only ``handler(...)``:
:mod:`refactor_coord.domain.call_aliases`) is renamed with every call through it rebound; a
value passed on to code whose calls of it are known (``withStderrTo(err, fetch, url)``,
``self.assertRaises(E, fetch, url)``, a ``Callable[[str], R]`` annotation:
:mod:`refactor_coord.domain.passed_on`) is renamed when those calls bind as they did.
When a name imported with ``from m import old`` has such uses, the import keeps ``old`` and also
brings the new name for the calls that were rewritten."""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from refactor_coord.domain.call_aliases import CallAlias
from refactor_coord.domain.modules import resolve_relative
from refactor_coord.domain.name_tests import name_tests
from refactor_coord.domain.passed_on import PassedOn
from refactor_coord.rewrite.binding import Arg, Change, rebind
from refactor_coord.rewrite.cst_tools import TextForm, attach, detach
from refactor_coord.rewrite.dunder_all import read_all
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit, apply_edits
from refactor_coord.rewrite.references import (
    ImportOf,
    Reference,
    global_reads,
    imports_of,
    name_reads,
    references,
)
from refactor_coord.rewrite.scope import (
    ModuleScope,
    Read,
    function_locals,
    module_scope,
    parsed,
)
from refactor_coord.rewrite.type_strings import type_string_edits


@dataclass(frozen=True, slots=True)
class Migrated:
    """One module's new text, and the references left for review (``line: why``)."""

    text: str
    review: tuple[str, ...]


def migrate(
    source: str,
    module: str,
    is_package: bool,
    old: str,
    new: str,
    change: Change,
    aliases: Sequence[str] = (),
) -> Migrated | Refused:
    """``source`` (the module ``module``) with its references to ``old`` (qualified) pointed at
    ``new`` (qualified, in the same module as ``old``): through imports of it or of its module,
    through ``aliases`` (the names the modules that re-export it give it, ``pkg.old``: each gains
    the new name at expand), and, where the module star-imports one of those modules, its bare
    reads."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    scope = module_scope(tree, module, is_package)
    lines = text.splitlines()
    new_leaf = new.rpartition(".")[2]
    edits: list[Edit] = []
    review: list[str] = []
    spellings = dict.fromkeys([old, *aliases])
    refs_of = {s: references(tree, scope, s, spellings) for s in spellings}
    # every read renamed here, whichever spelling: a value compared with one is renamed too
    together = frozenset(id(r.node) for refs in refs_of.values() for r in refs)
    for spelling, refs in refs_of.items():
        found = _spelled(
            tree,
            scope,
            (module, is_package),
            (spelling, refs, spellings),
            (change, new_leaf, together),
            lines,
        )
        if isinstance(found, Refused):
            return found
        edits += found[0]
        review += found[1]
        edits += _dotted_strings(tree, spelling, new_leaf)
        edits += _name_tests(tree, scope, spelling, new_leaf)
    new_text = apply_edits(text, list(dict.fromkeys(edits)))
    if isinstance(new_text, Refused):
        return Refused(f"cannot rewrite the references: {new_text.reason}")
    return Migrated(attach(new_text, form), tuple(review))


def _spelled(
    tree: ast.Module,
    scope: ModuleScope,
    where: tuple[str, bool],
    spelled: tuple[str, Sequence[Reference], Collection[str]],
    changed: tuple[Change, str, frozenset[int]],
    lines: Sequence[str],
) -> tuple[list[Edit], list[str]] | Refused:
    """The edits pointing the module's references to ``old`` (one spelling of the function,
    with its references and all its spellings: ``spelled``) at the new name, and the
    references left for review (``changed``: the change, the new name, and the ids of every
    read of the function the module renames, whichever spelling)."""
    old, refs, same = spelled
    module, is_package = where
    change, new_leaf, together = changed
    text = "\n".join(lines)
    edits: list[Edit] = []
    review: list[str] = []
    exported = _re_exported(text, is_package)
    for found in imports_of(tree, module, is_package, old):
        if exported(found.local):
            return Refused(
                f"it re-exports {found.local} ({module}.{found.local} is public too): "
                "re-exports are not built into change-api yet; rename the re-export by hand "
                "(keep the old name beside the new one until contract)"
            )
        other = _other_binding(scope.reads, found.local, old, same)
        if other is not None:
            review.append(f"{found.node.lineno}: {found.local} is also bound to {other}")
            continue
        through = [r for r in refs if r.bound == found.local and isinstance(r.node, ast.Name)]
        written = _through_import(
            found,
            through,
            (change, new_leaf, together),
            scope.bound_at,
            lines,
            function_locals(tree),
        )
        if isinstance(written, Refused):
            return written
        edits += written[0]
        review += written[1]
        if found.alias.asname is None and not written[1]:  # the import binds the new name
            edits += type_string_edits(tree, lines, found.local, new_leaf)
    starred = _star_reads(tree, scope, where, old) if scope.star_import else []
    if starred and (new_leaf in scope.bound_at or new_leaf in function_locals(tree)):
        return Refused(
            f"'{new_leaf}' is already a name in this module, which star-imports "
            f"{old.rpartition('.')[0]}: rename one of them first"
        )
    through = [*(r for r in refs if isinstance(r.node, ast.Attribute)), *starred]
    more, left = _reads_renamed(through, change, new_leaf, together, lines)
    return edits + more, review + left


def _dotted_strings(tree: ast.Module, spelling: str, new_leaf: str) -> list[Edit]:
    """A string that is exactly the function's qualified name (``"pkg.util.deprecated"``: a
    patch target, a name another tool compares with), or a dotted path through it (a class's
    ``"semver.version.Version.parse"``, which semver's ``@deprecated(replace=...)`` names),
    pointed at the new name: the qualified-name match CORRECTNESS.md allows (the change-api
    gauntlet's markdown, whose documentation extension compared decorators with it)."""
    renamed = f"{spelling.rpartition('.')[0]}.{new_leaf}"
    inside = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in ast.walk(n)}
    inside |= _module_paths(tree)
    return [
        Edit(node.lineno, node.col_offset + 1, spelling, renamed)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _through(node.value, spelling)
        and id(node) not in inside
        and node.end_lineno == node.lineno
        and node.end_col_offset == node.col_offset + len(node.value.encode()) + 2  # "..." only
    ]


def _module_paths(tree: ast.Module) -> set[int]:
    """The ids of the strings given to ``importlib.import_module`` or ``__import__``: a module's
    path, whatever a package binds the same name to (python-slugify's
    ``import_module("slugify.slugify")``, the module beside the function its package binds)."""
    return {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and node.args
        and (
            (isinstance(node.func, ast.Name) and node.func.id in _IMPORTERS)
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
        )
    }


_IMPORTERS = frozenset({"import_module", "__import__"})


def _name_tests(tree: ast.Module, scope: ModuleScope, spelling: str, new_leaf: str) -> list[Edit]:
    """A string that only tests whether the function's module (or its re-exporter: the module
    of ``spelling``) has it, ``"fetch" in dir(client)``, renamed with it
    (:mod:`refactor_coord.domain.name_tests`; packaging's ``test_is_exported``)."""
    module, _, leaf = spelling.rpartition(".")
    owners = {id(r.node) for r in references(tree, scope, module)}
    return [
        Edit(string.lineno, string.col_offset + 1, leaf, new_leaf)
        for string, owner in name_tests(tree, {leaf})
        if id(owner) in owners
        and string.end_lineno == string.lineno
        and string.end_col_offset == string.col_offset + len(leaf.encode()) + 2  # "..." only
    ]


def dotted_strings_renamed(source: str, spelling: str, new_leaf: str) -> str:
    """``source`` with its strings that are ``spelling`` (a qualified name) or a dotted path
    through it pointed at ``new_leaf`` (the defining module's own, at expand)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return source
    edits = _dotted_strings(tree, spelling, new_leaf)
    renamed = apply_edits(text, edits) if edits else text
    return source if isinstance(renamed, Refused) else attach(renamed, form)


def _through(value: str, spelling: str) -> bool:
    """Whether ``value`` is ``spelling`` or a dotted path of identifiers through it."""
    if not value.startswith(spelling):
        return False
    rest = value[len(spelling) :]
    return rest == "" or (
        rest.startswith(".") and all(part.isidentifier() for part in rest[1:].split("."))
    )


def _star_reads(
    tree: ast.Module, scope: ModuleScope, where: tuple[str, bool], old: str
) -> list[Reference]:
    """The reads of ``old``'s name that only a top-level ``from <its module> import *`` binds
    (the scope model binds them nowhere else)."""
    owner, _, leaf = old.rpartition(".")
    stars = [
        stmt
        for stmt in tree.body
        if isinstance(stmt, ast.ImportFrom)
        and any(a.name == "*" for a in stmt.names)
        and resolve_relative(*where, stmt.module, stmt.level) == owner
    ]
    if not stars:
        return []
    unbound = {(r.line, r.col) for r in scope.reads if r.name == leaf and not r.imports}
    return name_reads(tree, leaf, unbound)


def own_calls(source: str, old: str, new: str, change: Change) -> Migrated | Refused:
    """The module that defines ``old`` (a name of its own) with its own reads of it pointed
    at ``new``: calls rebound, uses as a value left (they go through the shim) for review."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    lines = text.splitlines()
    edits: list[Edit] = []
    review: list[str] = []
    if new in function_locals(tree):
        return Refused(
            f"'{new}' is a local name in a function of the module: calls renamed to it there "
            "would call that local; rename the local first"
        )
    for ref in global_reads(tree, module_scope(tree), old):
        rewritten = reference_edits(ref, change, new, lines)
        if isinstance(rewritten, Refused):
            review.append(f"{ref.line}: {rewritten.reason}")
        else:
            edits += rewritten
    edits += type_string_edits(tree, lines, old, new)  # a class's forward references
    return edited((text, form), edits, review, "the module's own calls")


def edited(
    detached: tuple[str, TextForm], edits: list[Edit], review: list[str], what: str
) -> Migrated | Refused:
    """The text (as :func:`detach` gave it) with ``edits`` made, form restored, and the
    references left for ``review``; Refused naming ``what`` was rewritten when the edits
    clash."""
    text, form = detached
    new_text = apply_edits(text, edits)
    if isinstance(new_text, Refused):
        return Refused(f"cannot rewrite {what}: {new_text.reason}")
    return Migrated(attach(new_text, form), tuple(review))


def _re_exported(text: str, is_package: bool) -> Callable[[str], bool]:
    """Whether the module makes a name it imports public: its ``__all__`` lists it, or, in a
    package's ``__init__`` without one, the name is not private."""
    listed = read_all(text)
    if listed.listed is not None or listed.mentioned:
        return lambda name: name in listed.mentioned
    return (lambda name: not name.startswith("_")) if is_package else (lambda name: False)


def _other_binding(
    reads: Sequence[Read], local: str, old: str, same: Collection[str]
) -> str | None:
    """What else binds the name an import of ``old`` binds, where it is read (a fallback
    import of another module, an assignment; not another of its names, ``same``: glom's
    tests import ``Ref`` from ``glom`` and from ``glom.core``): renaming the import would
    break that path."""
    for read in reads:
        if read.name == local and old in read.imports:
            others = [v or "a value assigned here" for v in read.imports if v not in same]
            if others:
                return others[0]
    return None


def _through_import(
    found: ImportOf,
    through: Sequence[Reference],
    changed: tuple[Change, str, frozenset[int]],
    bound_at: Mapping[str, frozenset[int]],
    lines: Sequence[str],
    locals_bound: frozenset[str] = frozenset(),
) -> tuple[list[Edit], list[str]] | Refused:
    """The edits for a ``from m import old [as x]`` and the reads of the name it binds: an
    aliased import is renamed ``new as x`` when every read of ``x`` is rewritten; with some
    left for review, ``x`` stays the old function for them and the others call ``new``,
    imported beside it (python-slugify's ``public_slugify`` passed to ``partial`` with the
    renamed keyword, and called plainly elsewhere)."""
    change, new_leaf, together = changed
    aliased = found.alias.asname is not None
    edits, review = (
        _reads_renamed(through, change, found.local, together, lines) if aliased else ([], [])
    )
    if not aliased or (review and edits):  # the reads rewritten call the new name
        if new_leaf in bound_at or new_leaf in locals_bound:
            return Refused(
                f"'{new_leaf}' is already a name in this module, so 'from ... import "
                f"{new_leaf}' would replace it: rename one of them first"
            )
        edits, review = _reads_renamed(through, change, new_leaf, together, lines)
    alias = found.alias
    if review and edits:  # the import keeps the old name for what is left, brings the new one
        end = alias.end_col_offset if alias.end_col_offset is not None else alias.col_offset
        edits.append(Edit(alias.lineno, end, "", f", {new_leaf}"))
    elif review:  # nothing of it rewritten: the import stays as it is
        return [], review
    else:
        edits.append(Edit(alias.lineno, alias.col_offset, alias.name, new_leaf))
    return edits, review


def _reads_renamed(
    through: Sequence[Reference],
    change: Change,
    name: str,
    together: frozenset[int],
    lines: Sequence[str],
) -> tuple[list[Edit], list[str]]:
    """Each reference pointed at ``name`` (its call rebound), or left for review (``line:
    why``)."""
    edits: list[Edit] = []
    review: list[str] = []
    for ref in through:
        rewritten = reference_edits(ref, change, name, lines, together)
        if isinstance(rewritten, Refused):
            review.append(f"{ref.line}: {rewritten.reason}")
        else:
            edits += rewritten
    return edits, review


def reference_edits(
    ref: Reference,
    change: Change,
    new_name: str,
    lines: Sequence[str],
    together: frozenset[int] = frozenset(),
) -> list[Edit] | Refused:
    """The reference renamed, and when it is called, its arguments rebound; ``together``: the
    ids of the reads renamed with it (a value compared with one of them is renamed)."""
    renamed = Edit(ref.line, ref.col, ref.identifier, new_name)
    if ref.call is None and _decorates(ref, lines):  # called with what it decorates, alone
        passed = rebind(change, [Arg("decorated")])
        if not isinstance(passed, Refused) and passed[0].keyword is None:
            return [renamed]
        return Refused(
            f"{ref.identifier} decorates here, but the new signature does not take what it "
            "decorates as its first positional argument: left for review"
        )
    if ref.call is None:
        if change.keeps_binding() or ref.typed:  # ``isinstance(x, Old)`` builds nothing
            return [renamed]
        if ref.subclass is not None:  # a re-signed class's subclass: its super().__init__(...)
            return _super_calls_rebound(ref.subclass, change, renamed, lines)
        if ref.alias is not None:  # ``handler = fetch``, then only ``handler(...)``
            return _through_alias(ref.alias, change, renamed, lines)
        if ref.passed is not None:  # ``withStderrTo(err, fetch, url)``
            return _passed_on(ref, ref.passed, change, renamed)
        if ref.compared is not None and id(ref.compared) in together:  # ``pkg.f is f``
            return [renamed]
        return Refused(
            f"{ref.identifier} is used as a value here: its callers may pass arguments the old "
            "way, so it is left for review"
        )
    call = ref.call
    args = _call_args(call)
    rebound = rebind(change, [a for a, _ in args])
    if isinstance(rebound, Refused):
        return Refused(f"{ref.identifier}(...): {rebound.reason}")
    return [renamed, *_keyword_edits(args, rebound, lines)]


def _super_calls_rebound(
    calls: Sequence[ast.Call], change: Change, renamed: Edit, lines: Sequence[str]
) -> list[Edit] | Refused:
    """A subclass's base renamed, with the ``super().__init__(...)`` calls of its own
    ``__init__`` rebound (they bind like calls of the class: ``self`` is bound)."""
    edits = [renamed]
    for call in calls:
        args = _call_args(call)
        rebound = rebind(change, [a for a, _ in args])
        if isinstance(rebound, Refused):
            return Refused(f"super().__init__(...) (line {call.lineno}): {rebound.reason}")
        edits += _keyword_edits(args, rebound, lines)
    return edits


def _through_alias(
    alias: CallAlias, change: Change, renamed: Edit, lines: Sequence[str]
) -> list[Edit] | Refused:
    """The value renamed, and each call through the local that stands for it rebound (the
    local keeps its name)."""
    edits = [renamed]
    for call in alias.calls:
        func = call.func
        assert isinstance(func, ast.Name)
        ref = Reference(func, func.lineno, func.col_offset, func.id, call, func.id)
        rebound = reference_edits(ref, change, func.id, lines)
        if isinstance(rebound, Refused):
            return Refused(f"{alias.name} stands for it: {rebound.reason}")
        edits += rebound[1:]  # the local keeps its name
    return edits


def _passed_on(
    ref: Reference, passed: PassedOn, change: Change, renamed: Edit
) -> list[Edit] | Refused:
    """The value renamed, when the calls it is passed on to bind as they did: only the name
    can change there, not the arguments."""
    args = [Arg(f"_{n}") for n in range(passed.positional)]
    args += [Arg(f"_{k}", k) for k in passed.keywords]
    rebound = rebind(change, args)
    if not isinstance(rebound, Refused) and all(
        a.keyword == b.keyword for a, b in zip(args, rebound, strict=True)
    ):
        return [renamed]
    return Refused(
        f"{ref.identifier} is passed on here, and {passed.how}, which the new signature binds "
        "differently: left for review"
    )


def _decorates(ref: Reference, lines: Sequence[str]) -> bool:
    """Whether the reference is a bare decorator: ``@name`` or ``@mod.name`` alone on its
    line."""
    line = lines[ref.line - 1].encode("utf-8")
    end = ref.col + len(ref.identifier.encode("utf-8"))
    return line.lstrip().startswith(b"@") and not line[end:].split(b"#")[0].strip()


def _call_args(call: ast.Call) -> list[tuple[Arg, ast.expr | ast.keyword]]:
    """The call's arguments in the order they are written, each with its node."""
    nodes: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    nodes.sort(key=lambda n: (n.lineno, n.col_offset))
    out: list[tuple[Arg, ast.expr | ast.keyword]] = []
    for node in nodes:
        if isinstance(node, ast.keyword) and node.arg is None:
            out.append((Arg(ast.unparse(node.value), None, "**"), node))
        elif isinstance(node, ast.keyword):
            out.append((Arg(ast.unparse(node.value), node.arg), node))
        elif isinstance(node, ast.Starred):
            out.append((Arg(ast.unparse(node.value), None, "*"), node))
        else:
            out.append((Arg(ast.unparse(node)), node))
    return out


def _keyword_edits(
    args: Sequence[tuple[Arg, ast.expr | ast.keyword]],
    rebound: Sequence[Arg],
    lines: Sequence[str],
) -> list[Edit]:
    """Only what changes in front of each argument: a ``name=`` added, renamed or dropped (in
    front of the argument's parentheses, when it has its own)."""
    edits: list[Edit] = []
    for (before, node), after in zip(args, rebound, strict=True):
        if before.keyword == after.keyword:
            continue
        line = lines[node.lineno - 1].encode("utf-8")
        if not isinstance(node, ast.keyword):
            edits.append(
                Edit(node.lineno, _opening(line, node.col_offset), "", f"{after.keyword}=")
            )
        elif after.keyword is not None:
            assert before.keyword is not None
            edits.append(Edit(node.lineno, node.col_offset, before.keyword, after.keyword))
        else:  # ``name = value`` -> ``value``: drop the name, the ``=`` and the spaces after it
            equals = line.index(b"=", node.col_offset) + 1
            while line[equals : equals + 1] in (b" ", b"\t"):
                equals += 1
            edits.append(
                Edit(node.lineno, node.col_offset, line[node.col_offset : equals].decode(), "")
            )
    return edits


def _opening(line: bytes, col: int) -> int:
    """Where an argument that starts at ``col`` really starts: before the parentheses around
    it (``(2.0)``: ast's column is the value's), after the comma and spaces before it."""
    start = col
    while start > 0 and line[start - 1 : start] in (b"(", b" ", b"\t"):
        start -= 1
    if start > 0 and line[start - 1 : start] not in (b",",):
        # the call's own parenthesis (``fetch((2.0))``): keep one of the opening ones for it
        start += 1 if line[start : start + 1] == b"(" else 0
    while line[start : start + 1] in (b" ", b"\t"):
        start += 1
    return start
