"""What type checkers read of a shimmed source module: the moved names, imported from their new
modules under ``if TYPE_CHECKING:``. The shim's ``__getattr__`` returns ``object``, so without
these lines mypy and pyright type every moved name read from the old location as ``object``.

The lines never run: no import cycle, no name bound at run time (the shim keeps serving, and
warning). They go into the module's ``if TYPE_CHECKING:`` block when it has one, else into a new
one after its opening imports (with ``from typing import TYPE_CHECKING`` at its sorted place
unless the module has it, or ``import typing``). A name the module lists in ``__all__`` is
imported plainly (``__all__`` exports it); any other as ``name as name``, the explicit re-export
mypy (``--no-implicit-reexport``), pyright and ruff's F401 read as meant (with a ``noqa`` for
ruff's PLC0414 outside a package's ``__init__``, and for F401 where the project lints with
flake8, whose pyflakes does not read the form). Names the module binds at run time (those
expand binds back until the deprecate step, those kept for pickles) are not declared again.
Module in, module out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import libcst as cst

from refactor_coord.rewrite.cst_tools import (
    blank_lines,
    close_gaps,
    defined_names,
    dotted,
    with_blank_lines,
)
from refactor_coord.rewrite.dunder_all import read_all
from refactor_coord.rewrite.import_block import format_imports, leading_imports
from refactor_coord.rewrite.imports import (
    absolute_module,
    bound_name,
    is_type_checking_block,
    relative_name,
    without_names,
)
from refactor_coord.rewrite.style import Style, prefers_relative
from refactor_coord.rewrite.type_checking import (
    import_type_checking,
    reads_type_checking,
    type_checking_spelling,
    wanted_lines,
)
from refactor_coord.rewrite.type_strings import type_string_names


def declared(
    module: cst.Module,
    table: Mapping[str, str],
    shim: Sequence[int],
    style: Style,
    is_package: bool = False,
    name: str = "",
) -> cst.Module:
    """``module`` with exactly the names of the shim ``table`` (moved name -> its new module) it
    does not bind at run time declared for type checkers; ``shim``: the indexes of the shim's
    own statements; ``is_package``: the module is a package's ``__init__``; ``name``: its
    qualified name (when known, a module that imports the project's modules relatively gets
    its declarations relative too). ``TYPE_CHECKING`` is imported when the module reads it (the
    warning shim does) and has it not."""
    where = (name, is_package)
    body, held_at = _without_declarations(list(module.body), table, where)
    skip = {*shim, *(i for i, s in enumerate(body) if is_type_checking_block(s))}
    bound = {n for i, s in enumerate(body) if i not in skip for n in runtime_names(s)}
    wanted = sorted(n for n in table if n not in bound)
    if wanted:
        listed = read_all(module.code).listed or frozenset()
        spelled = _spelled(module, table, style, where)
        aliased = _aliases_serve(style, where)
        lines = _declarations(wanted, spelled, listed, style, (is_package, aliased))
        at = held_at if held_at is not None else _first_block(body)
        if at is None:
            _insert_new_block(body, lines)
        else:
            block = body[at]
            assert isinstance(block, cst.If) and isinstance(block.body, cst.IndentedBlock)
            new = block.body.with_changes(body=[*block.body.body, *lines])
            body[at] = block.with_changes(body=new)
    body = _tidied(body)
    if reads_type_checking(body) and type_checking_spelling(body) != "TYPE_CHECKING":
        import_type_checking(body, style)
    return module.with_changes(body=body)


def undeclared(
    module: cst.Module, table: Mapping[str, str], where: tuple[str, bool] = ("", False)
) -> cst.Module:
    """``module`` without the declarations :func:`declared` wrote; a block they leave empty
    goes, and then ``TYPE_CHECKING``'s import when nothing else reads it. A moved name the
    module's own code still names in a string type checkers read (a string annotation, a
    ``TypeVar``'s ``bound``, ``cast``'s type) stays declared, as a plain import: without it,
    that string names nothing (mypy's name-defined, ruff's F821). ``where``: the module's name
    and whether it is a package's ``__init__`` (to read relative declarations)."""
    named = type_string_names(module)
    gone = {n: m for n, m in table.items() if n not in named}
    body, _ = _without_declarations(list(module.body), gone, where)
    kept = {n: m for n, m in table.items() if n in named}
    return module.with_changes(body=_tidied(_plain_declarations(body, kept, where)))


def _plain_declarations(
    body: list[cst.BaseStatement], table: Mapping[str, str], where: tuple[str, bool]
) -> list[cst.BaseStatement]:
    """``body`` with the declarations of ``table``'s names written as plain imports (no
    ``name as name``, no ``noqa``): no longer re-exports, only what the module's own strings
    name."""
    out: list[cst.BaseStatement] = []
    for stmt in body:
        if _is_block(stmt) and table:
            assert isinstance(stmt, cst.If) and isinstance(stmt.body, cst.IndentedBlock)
            inner = [_plain(s) if _is_declaration(s, table, where) else s for s in stmt.body.body]
            stmt = stmt.with_changes(body=stmt.body.with_changes(body=inner))
        out.append(stmt)
    return out


def _plain(stmt: cst.BaseStatement) -> cst.BaseStatement:
    assert isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], cst.ImportFrom)
    small = stmt.body[0]
    assert not isinstance(small.names, cst.ImportStar)
    names = ", ".join(dotted(alias.name) for alias in small.names)
    module = "." * len(small.relative) + (dotted(small.module) if small.module else "")
    line = cst.parse_statement(f"from {module} import {names}\n")
    return line.with_changes(leading_lines=stmt.leading_lines)


def _is_declaration(
    stmt: cst.BaseStatement, table: Mapping[str, str], where: tuple[str, bool]
) -> bool:
    """``from <new module> import <moved name>[ as <the same name>], ...``, the module written
    absolutely or (seen from ``where``: a module's name, whether it is a package) relatively."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    if not isinstance(small, cst.ImportFrom) or isinstance(small.names, cst.ImportStar):
        return False
    if small.relative and not where[0]:
        return False
    source = absolute_module(small, *where)
    return source is not None and all(
        table.get(dotted(alias.name)) == source and bound_name(alias) == dotted(alias.name)
        for alias in small.names
    )


def _without_declarations(
    body: list[cst.BaseStatement], table: Mapping[str, str], where: tuple[str, bool]
) -> tuple[list[cst.BaseStatement], int | None]:
    """``body`` with the declarations taken out of its ``if TYPE_CHECKING:`` blocks (emptied
    ones stay, for now), and the index of the first block that held some."""
    held_at: int | None = None
    for i, stmt in enumerate(body):
        if not _is_block(stmt):
            continue
        assert isinstance(stmt, cst.If) and isinstance(stmt.body, cst.IndentedBlock)
        kept = [s for s in stmt.body.body if not _is_declaration(s, table, where)]
        if len(kept) != len(stmt.body.body):
            held_at = i if held_at is None else held_at
            body[i] = stmt.with_changes(body=stmt.body.with_changes(body=kept))
    return body, held_at


def _is_block(stmt: cst.BaseStatement) -> bool:
    """A top-level ``if TYPE_CHECKING:`` block with an indented body."""
    return (
        is_type_checking_block(stmt)
        and isinstance(stmt, cst.If)
        and isinstance(stmt.body, cst.IndentedBlock)
    )


def _first_block(body: Sequence[cst.BaseStatement]) -> int | None:
    return next((i for i, stmt in enumerate(body) if _is_block(stmt)), None)


def runtime_names(stmt: cst.BaseStatement) -> list[str]:
    """The names a top-level statement binds when it runs: definitions, assignments, imports."""
    names = defined_names(stmt)
    if isinstance(stmt, cst.SimpleStatementLine):
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                names += [bound_name(alias) for alias in small.names]
            elif isinstance(small, cst.Import):
                names += [
                    bound_name(alias) if alias.asname else dotted(alias.name).split(".")[0]
                    for alias in small.names
                ]
    return names


def _spelled(
    module: cst.Module, table: Mapping[str, str], style: Style, where: tuple[str, bool]
) -> Mapping[str, str]:
    """``table`` with each new module as the module's declarations import it: relatively when
    the module imports the project's own modules relatively (``where``: its name, whether it
    is a package; unknown: absolutely)."""
    name, is_package = where
    package = name if is_package else name.rpartition(".")[0]
    if not name or not prefers_relative(module, style, package):
        return table
    return {n: relative_name(name, is_package, m) or m for n, m in table.items()}


def _declarations(
    names: Sequence[str],
    table: Mapping[str, str],
    listed: frozenset[str],
    style: Style,
    how: tuple[bool, bool],
) -> list[cst.BaseStatement]:
    """The import statements declaring ``names``, sorted and wrapped as isort would: those
    ``listed`` in ``__all__`` plainly (it exports them), the others as ``name as name`` or,
    when the alias serves nothing (``how``: the module is a package's ``__init__``, aliases
    serve), plainly with the noqa flake8 wants."""
    is_package, aliased = how
    alias = " as {0}" + _alias_noqa(style, is_package)
    bare = style.noqa("F401")
    lines = [
        f"from {table[n]} import {n}"
        + ("" if n in listed else alias.format(n) if aliased else bare)
        for n in names
    ]
    code = format_imports(lines, style, indent="    ")
    return list(cst.parse_module(_dedented(code) + "\n").body)


def _aliases_serve(style: Style, where: tuple[str, bool]) -> bool:
    """Whether ``name as name`` earns its place: a linter other than flake8 reads it as a
    re-export (ruff; pyflakes does not, so flake8 needs a ``noqa`` either way), or a type
    checker needs it: the project's mypy turns implicit re-exports off, or the package ships
    ``py.typed`` (its users' pyright exports no plain import). Otherwise a plain import is the
    form flake8 accepts with a ``noqa`` on its first line that isort and black keep there
    (isort joins an aliased import onto one line, and black, wrapping it again, moves the
    comment after the closing bracket, where pyflakes does not look)."""
    if style.linter != "flake8" or not style.implicit_reexport:
        return True
    top = where[0].split(".")[0]
    init = style.module_path(top) if top else None
    if init is None or not init.endswith("__init__.py"):
        return False
    return style.read(init.removesuffix("__init__.py") + "py.typed") is not None


def _alias_noqa(style: Style, is_package: bool) -> str:
    """What ``name as name`` needs to pass the project's linter: outside a package's
    ``__init__``, ruff's useless-import-alias (PLC0414, on by default in recent ruff), where the
    project checks it, takes it for a mistake; pyflakes (flake8), which does not read the form
    as a re-export, for an unused import (F401)."""
    useless = not is_package and style.checks("PLC0414") is not False
    codes = ([] if style.reexport_alias else ["F401"]) + (["PLC0414"] if useless else [])
    return f"  # noqa: {', '.join(codes)}" if codes else ""


def _dedented(code: str) -> str:
    return "\n".join(line.removeprefix("    ") for line in code.splitlines())


def _insert_new_block(body: list[cst.BaseStatement], lines: list[cst.BaseStatement]) -> None:
    """A new ``if TYPE_CHECKING:`` block holding ``lines``, after the module's opening imports
    (``typing.TYPE_CHECKING`` when the module imports ``typing`` and reads no bare
    ``TYPE_CHECKING``; that is imported later when missing)."""
    test = type_checking_spelling(body)
    if test is None or reads_type_checking(body):
        test = "TYPE_CHECKING"
    _, at = leading_imports(body)
    assigned = [i for i, s in enumerate(body) if "TYPE_CHECKING" in defined_names(s)]
    at = max(at, *(i + 1 for i in assigned)) if assigned else at  # after its own binding
    block = cst.If(
        test=cst.parse_expression(test),
        body=cst.IndentedBlock(body=lines),
        leading_lines=[cst.EmptyLine()] if at else [],
    )
    if at < len(body):
        follows = body[at]
        body[at] = with_blank_lines(follows, max(wanted_lines(follows), blank_lines(follows)))
    body.insert(at, block)


def _tidied(body: list[cst.BaseStatement]) -> list[cst.BaseStatement]:
    """``body`` without emptied ``if TYPE_CHECKING:`` blocks, and without the import of
    ``TYPE_CHECKING`` once nothing reads it (as expand leaves a source)."""
    kept: list[cst.BaseStatement | None] = [
        None if _is_block(stmt) and _is_empty(stmt) else stmt for stmt in body
    ]
    if None in kept and not reads_type_checking([s for s in kept if s is not None]):
        kept = [None if s is None else without_names(s, {"TYPE_CHECKING"}) for s in kept]
    return close_gaps(body, kept)


def _is_empty(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.If) and not stmt.body.body
