"""change-api for a class, renamed (its signature is its ``__init__``'s: a method's change).
Expand renames the class, points the module's own references at the new name (forward
references in strings too) and leaves the old name bound to it, marked like every shim::

    # refcoord: forwards to Quad until the contract step
    Square = Quad

A class made to be pickled (a pickling hook, or ``copyreg``) keeps its old name bound for good
instead, silent and marked so that neither deprecate nor contract takes it: pickles made before
the rename name it (``pkg.shapes.Square``), and unpickling reads it. Code still moves to the
new name; only the defining module keeps the alias (a re-exporter's old name is served with a
warning and goes at contract, as for any class).

Deprecate makes the old name warn: a module ``__getattr__`` (PEP 562) serves it with a
``DeprecationWarning``, while type checkers keep reading the alias under ``if TYPE_CHECKING:``
(``from shapes import Square`` keeps its type, and ``__getattr__`` does not hide misspelt
names from them). A module that re-exports the class gets the same in place of its import of
the old name. From then on a star import no longer brings the old name (it leaves ``__all__``,
or a star import of a module that warns would warn for every importer). Contract removes the
block. Text in, text or :class:`Refused` out."""

from __future__ import annotations

import ast
import json
import re
import textwrap
from collections.abc import Sequence

import libcst as cst

from refactor_coord.domain.test_runners import TestStyle
from refactor_coord.rewrite.binding import Change, Signature
from refactor_coord.rewrite.cst_tools import (
    attach,
    close_gaps,
    defined_names,
    detach,
    dotted,
    walk,
)
from refactor_coord.rewrite.dunder_all import without_entries
from refactor_coord.rewrite.imports import bound_name, is_type_checking_block, without_names
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.pickling import pickled_names
from refactor_coord.rewrite.positions import Edit, apply_edits, source_lines
from refactor_coord.rewrite.references import global_reads
from refactor_coord.rewrite.scope import function_locals, module_scope, parsed
from refactor_coord.rewrite.style import Style
from refactor_coord.rewrite.templates import render, template_in_style
from refactor_coord.rewrite.type_checking import (
    import_type_checking,
    reads_type_checking,
    type_checking_spelling,
)
from refactor_coord.rewrite.type_strings import type_string_edits
from refcoord_codemods.change_api.migrate import reference_edits
from refcoord_codemods.change_api.shim import MARK, warn_lines

#: A class's rename: every call binds as before, only the name changes.
RENAME = Change(Signature(()), Signature(()))

_MARKED = re.compile(r"^# refcoord: forwards to (?P<new>\w+) until the contract step$")
#: The note over the alias of a class made to be pickled: it stays, silent, for good. Until
#: the contract step a second line says that code moves to the new name (contract drops it).
KEPT = "# refcoord: kept for old pickles, which name {old}"
_WINDOW = "# refcoord: code moves to {new} until the contract step"
_KEPT = re.compile(r"^# refcoord: kept for old pickles, which name (?P<old>\w+)$")


def is_class(source: str, name: str) -> bool:
    """Whether the module defines a class ``name`` at its top."""
    tree = parsed(detach(source)[0])
    return not isinstance(tree, Refused) and any(
        isinstance(s, ast.ClassDef) and s.name == name for s in tree.body
    )


def expand_class(source: str, old: str, new: str) -> str | Refused:
    """``source`` with its top-level class ``old`` renamed ``new``, its own references to the
    class (strings that name it as a type included) pointing at ``new``, and ``old`` bound
    to the class after it, marked for the deprecate and contract steps (or, for a class made
    to be pickled, marked as kept for good)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    found = the_class(tree, old, new)
    if isinstance(found, Refused):
        return found
    lines = [line.removesuffix("\n") for line in source_lines(text)]  # as ast counts them
    edits = [class_name_edit(found, lines, new), *type_string_edits(tree, lines, old, new)]
    for ref in global_reads(tree, module_scope(tree), old):
        rewritten = reference_edits(ref, RENAME, new, lines)
        assert not isinstance(rewritten, Refused)  # a rename binds every call as before
        edits += rewritten
    renamed = apply_edits(text, list(dict.fromkeys(edits)))
    if isinstance(renamed, Refused):
        return Refused(f"cannot rename the class: {renamed.reason}")
    out = source_lines(renamed)
    end = found.end_lineno or found.lineno
    pickled = old in pickled_names(text, frozenset({old}))
    notes = [KEPT.format(old=old), _WINDOW.format(new=new)] if pickled else [MARK.format(new=new)]
    out[end:end] = ["\n", "\n", *(f"{note}\n" for note in notes), f"{old} = {new}\n"]
    return attach("".join(out), form)


def class_name_edit(cls: ast.ClassDef, lines: Sequence[str], new: str) -> Edit:
    """The edit that renames the class ``cls`` where its ``class`` statement names it
    (``lines``: the module's, as ``ast`` counts them)."""
    header = lines[cls.lineno - 1].encode("utf-8")
    at = re.match(rb"\s*class\s+", header[cls.col_offset :])
    assert at is not None
    return Edit(cls.lineno, cls.col_offset + at.end(), cls.name, new)


def the_class(tree: ast.Module, old: str, new: str) -> ast.ClassDef | Refused:
    """The top-level class ``old``, bound once, when ``new`` is free in the module."""
    scope = module_scope(tree)
    classes = [s for s in tree.body if isinstance(s, ast.ClassDef) and s.name == old]
    if len(classes) != 1:
        return Refused(f"there is no class '{old}' at the top of the module (once)")
    if len(scope.bound_at.get(old, ())) > 1:
        return Refused(f"'{old}' is also bound elsewhere in the module; change it by hand")
    if new in scope.bound_at or new in function_locals(tree):
        return Refused(f"'{new}' is already a name in the module; choose a free name")
    return classes[0]


def served(
    source: str, old: str, new: str, warned: tuple[str, str], style: Style
) -> str | Refused:
    """``source`` with its old name for the class (the alias expand left, or, in a module
    that re-exports the class, its import of the old name) served by a module
    ``__getattr__`` that warns (``warned``: the warning, and the ``noqa`` its import needs),
    and out of ``__all__``; as it was when it already warns or has neither. An alias kept for
    pickles stays silent: only ``__all__`` loses the old name."""
    text, form = detach(source)
    body: list[cst.BaseStatement] = list(cst.parse_module(text).body)
    if _kept_at(body, old) is not None:  # for pickles: silent, only out of the public names
        return attach(without_entries(text, {old}), form)
    at = _block_at(body, new)
    if at is not None and isinstance(body[at], cst.If):
        return source  # it warns already
    own = any(_is_getattr(stmt) for stmt in body)
    narrow = [s for s in body if _is_getattr(s) and not _returns_any_object(s)]
    if narrow:
        return Refused(
            "the module's own __getattr__ is annotated to return a narrower type than object, "
            f"so serving the class there would not type-check: serve {old!r} as {new} there "
            "by hand, with a DeprecationWarning"
        )
    if not own and any("__getattr__" in defined_names(stmt) for stmt in body):
        return Refused(
            "the module binds __getattr__ other than by a def at its top, where the old name "
            f"would be served with its warning: serve {old!r} as {new} there by hand, with a "
            "DeprecationWarning"
        )
    spelling = type_checking_spelling(body) or "TYPE_CHECKING"
    block = _typed_alias(old, new, spelling) if own else _served_block(old, new, spelling, warned)
    if at is not None:
        body[at] = block.with_changes(leading_lines=getattr(body[at], "leading_lines", ()))
    else:
        kept = [without_names(s, {old}) for s in body]
        if all(k is s for k, s in zip(kept, body, strict=True)):
            return source  # it neither defines nor imports the old name
        if not _imported_at_run_time(body, old):
            # imported for type checkers only: nothing to serve, the import just goes
            new_code = cst.parse_module(text).with_changes(body=close_gaps(body, kept)).code
            return attach(new_code, form)
        body = close_gaps(body, kept)
        mark = cst.EmptyLine(comment=cst.Comment(MARK.format(new=new)))
        body.append(block.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), mark]))
    if own:  # the module's own __getattr__ serves it first
        body = [_with_branch(s, old, new, warned) if _is_getattr(s) else s for s in body]
    if spelling == "TYPE_CHECKING" and type_checking_spelling(body) is None:
        import_type_checking(body, style)
    changed = cst.parse_module(text).with_changes(body=body).code
    return attach(without_entries(changed, {old}), form)


def _imported_at_run_time(body: Sequence[cst.BaseStatement], name: str) -> bool:
    """Whether a ``from`` import outside the module's functions, classes and ``if
    TYPE_CHECKING:`` blocks binds ``name``."""
    for stmt in body:
        if is_type_checking_block(stmt) or isinstance(stmt, cst.FunctionDef | cst.ClassDef):
            continue
        imports = [n for n in walk(stmt) if isinstance(n, cst.ImportFrom)]
        names = [a for n in imports if not isinstance(n.names, cst.ImportStar) for a in n.names]
        if any(bound_name(alias) == name for alias in names):
            return True
    return False


def _is_getattr(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__getattr__"


def _returns_any_object(stmt: cst.BaseStatement) -> bool:
    """Whether a ``def`` may return a class: no return annotation, ``object`` or ``Any``."""
    assert isinstance(stmt, cst.FunctionDef)
    if stmt.returns is None:
        return True
    return dotted(stmt.returns.annotation).rpartition(".")[2] in ("object", "Any")


def _typed_alias(old: str, new: str, spelling: str) -> cst.If:
    """The alias for type checkers alone (the module's own ``__getattr__`` serves it)."""
    block = cst.parse_statement(f"if {spelling}:\n    {old} = {new}\n")
    assert isinstance(block, cst.If)
    return block


def _with_branch(
    stmt: cst.BaseStatement, old: str, new: str, warned: tuple[str, str]
) -> cst.BaseStatement:
    """The module's own ``def __getattr__`` serving ``old`` with the warning first (after its
    docstring), marked for contract."""
    assert isinstance(stmt, cst.FunctionDef) and isinstance(stmt.body, cst.IndentedBlock)
    params = stmt.params.params or stmt.params.posonly_params
    name = params[0].name.value if params else "name"
    branch = cst.parse_statement(_branch(name, old, new, warned))
    mark = cst.EmptyLine(comment=cst.Comment(MARK.format(new=new)))
    branch = branch.with_changes(leading_lines=[mark])
    inner = list(stmt.body.body)
    first = inner[0] if inner else None
    at = 1 if first is not None and _is_docstring(first) else 0
    inner.insert(at, branch)
    return stmt.with_changes(body=stmt.body.with_changes(body=inner))


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _without_branch(stmt: cst.BaseStatement, new: str) -> cst.BaseStatement:
    """The module's own ``def __getattr__`` without the marked branch serving ``new``'s old
    name."""
    if not _is_getattr(stmt):
        return stmt
    assert isinstance(stmt, cst.FunctionDef) and isinstance(stmt.body, cst.IndentedBlock)
    inner = [s for s in stmt.body.body if _block_at([s], new) is None]
    return stmt.with_changes(body=stmt.body.with_changes(body=inner))


def _branch(param: str, old: str, new: str, warned: tuple[str, str]) -> str:
    """``if <param> == "<old>":`` warning (``warned``: the warning, its import's ``noqa``)
    and returning the class: what a module ``__getattr__`` serves the old name with."""
    warn = "".join(f"    {line}\n" if line else "\n" for line in warn_lines(*warned))
    return f"if {param} == {json.dumps(old)}:\n{warn}    return {new}\n"


def _served_block(old: str, new: str, spelling: str, warned: tuple[str, str]) -> cst.If:
    code = (
        f"if {spelling}:\n"
        f"    {old} = {new}\n"
        "else:\n"
        "\n"
        "    def __getattr__(name: str) -> object:\n"
        f"{textwrap.indent(_branch('name', old, new, warned), ' ' * 8)}"
        '        message = f"module {__name__!r} has no attribute {name!r}"\n'
        "        raise AttributeError(message)\n"
    )
    block = cst.parse_statement(code)
    assert isinstance(block, cst.If)
    return block


def _block_at(body: Sequence[cst.BaseStatement], new: str) -> int | None:
    """Where the marked alias of ``new`` is (or the block serving it)."""
    return _noted_at(body, _MARKED, "new", new)


def _kept_at(body: Sequence[cst.BaseStatement], old: str) -> int | None:
    """Where the alias of ``old`` kept for pickles is."""
    return _noted_at(body, _KEPT, "old", old)


def _noted_at(
    body: Sequence[cst.BaseStatement], note: re.Pattern[str], group: str, name: str
) -> int | None:
    """The first statement with a comment above it matching ``note`` for ``name``."""
    for i, stmt in enumerate(body):
        for line in getattr(stmt, "leading_lines", ()):
            found = note.match(line.comment.value) if line.comment else None
            if found and found[group] == name:
                return i
    return None


def keeps_for_pickles(source: str, old: str) -> bool:
    """Whether the module keeps the old name ``old`` of a renamed class for pickles."""
    return _kept_at(list(cst.parse_module(detach(source)[0]).body), old) is not None


def kept_for_good(source: str, old: str, new: str) -> str | Refused:
    """``source`` with the note over the alias kept for pickles saying only that (contract:
    code has moved to the new name ``new``); refused while the module still reads ``old``."""
    text, form = detach(source)
    lines = source_lines(text)
    kept, window = KEPT.format(old=old), _WINDOW.format(new=new)
    lines = [
        line
        for i, line in enumerate(lines)
        if not (line.strip() == window and i and lines[i - 1].strip() == kept)
    ]
    still = _still_read(text, old)
    return still if still is not None else attach("".join(lines), form)


def has_alias(source: str, new: str) -> bool:
    """Whether the module holds the marked alias of the class ``new`` (or its block)."""
    return _block_at(list(cst.parse_module(detach(source)[0]).body), new) is not None


def without_alias(source: str, old: str, new: str) -> str | Refused:
    """``source`` without the marked alias of the class ``new`` (or the block serving the old
    name ``old``), nor ``old`` in ``__all__``, nor ``TYPE_CHECKING``'s import when nothing
    else reads it; refused while the module still reads ``old``."""
    text, form = detach(source)
    module = cst.parse_module(text)
    body = list(module.body)
    at = _block_at(body, new)
    if at is None:
        return Refused(f"the module has no refcoord alias of {new}: apply the expand step first")
    kept: list[cst.BaseStatement | None] = [
        None if i == at else _without_branch(s, new) for i, s in enumerate(body)
    ]
    left = [s for s in kept if s is not None]
    if not reads_type_checking(left):
        kept = [None if s is None else without_names(s, {"TYPE_CHECKING"}) for s in kept]
    changed = without_entries(module.with_changes(body=close_gaps(body, kept)).code, {old})
    still = _still_read(changed, old)
    return still if still is not None else attach(changed, form)


def _still_read(text: str, old: str) -> Refused | None:
    """Why the old name cannot go yet: the module does not parse, or still reads it."""
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    reads = global_reads(tree, module_scope(tree), old)
    if reads:
        return Refused(f"the module still uses {old} (line {reads[0].line}): change it first")
    return None


def class_deprecation_test(
    module: str,
    names: tuple[str, str],
    campaign: str,
    kept: bool = False,
    style: TestStyle = "pytest",
) -> str:
    """A test module asserting that reading the old name of the class from ``module`` warns
    and gives the renamed class (``names``: the old and the new name there); ``kept``: the
    old name is kept for pickles, and the test asserts it reads silently; ``style``: the
    project's test style."""
    old, new = names
    qualified = f"{module}.{old}"
    return render(
        __package__ or "",
        template_in_style("class_kept_test" if kept else "class_deprecation_test", style),
        campaign=campaign,
        old=qualified,
        new=f"{module}.{new}",
        module=module,
        old_name=old,
        new_name=new,
        match=f'r"{qualified.replace(".", chr(92) + ".")} is deprecated"',
    )
