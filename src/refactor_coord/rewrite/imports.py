"""The import editor every pattern uses: read what an import binds and from where, and add,
remove, split or re-point an import in every form (``import a.b``, ``import a.b as c``, ``from a
import b as c``, relative imports, parenthesised lists with comments), keeping the file's style
(a ``from`` import stays one; a relative import stays relative when the new module is reachable
the same way) and never binding a name the file already uses.

Imports nested in functions (lazy) and under ``if TYPE_CHECKING:`` are edited where they are;
callers decide where a new import goes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple, Protocol

import libcst as cst

from refactor_coord.rewrite.cst_tools import dotted, dotted_expr, kept_items


class Importer(Protocol):
    """The module whose imports are edited (relative imports are read from it)."""

    @property
    def module(self) -> str: ...

    @property
    def is_package(self) -> bool: ...


def absolute_module(node: cst.ImportFrom, module: str, is_package: bool) -> str | None:
    """The absolute module an ``ImportFrom`` imports from, as seen from ``module``."""
    name = dotted(node.module) if node.module is not None else ""
    level = len(node.relative)
    if level == 0:
        return name
    parts = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, name] if name else base)


def is_future(stmt: cst.CSTNode, name: str | None = None) -> bool:
    """Whether ``stmt`` is a ``from __future__`` import (of ``name``, when given)."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1):
        return False
    small = stmt.body[0]
    if not (
        isinstance(small, cst.ImportFrom)
        and small.module is not None
        and dotted(small.module) == "__future__"
    ):
        return False
    return name is None or (
        not isinstance(small.names, cst.ImportStar)
        and any(dotted(a.name) == name for a in small.names)
    )


def is_type_checking_block(stmt: cst.CSTNode) -> bool:
    """Whether ``stmt`` is an ``if TYPE_CHECKING:`` block: ``TYPE_CHECKING`` however reached
    (``typing.TYPE_CHECKING``, ``t.TYPE_CHECKING`` after ``import typing as t``), as type
    checkers read it."""
    return isinstance(stmt, cst.If) and dotted(stmt.test).rpartition(".")[2] == "TYPE_CHECKING"


def bound_name(alias: cst.ImportAlias) -> str:
    """The name a ``from`` import's alias binds."""
    return dotted(alias.asname.name) if alias.asname else dotted(alias.name)


def bound_modules(
    small: cst.Import | cst.ImportFrom, importer: Importer
) -> list[tuple[str, str, bool]]:
    """(module, name bound to it, whether that name is the module's top package) for each name
    an import statement binds (a name a ``from`` import binds may be a module)."""
    if isinstance(small, cst.Import):
        return [
            (dotted(a.name), dotted(a.asname.name), False)
            if a.asname
            else (dotted(a.name), dotted(a.name).split(".")[0], True)
            for a in small.names
        ]
    if isinstance(small.names, cst.ImportStar):
        return []
    base = absolute_module(small, importer.module, importer.is_package)
    if base is None:
        return []
    return [
        (f"{base}.{dotted(a.name)}" if base else dotted(a.name), bound_name(a), False)
        for a in small.names
    ]


def reach(imported: str, bound: str, source: str, top_bound: bool) -> tuple[str, bool] | None:
    """(expression naming ``source``, through a parent package) where a binding ``bound`` of the
    module ``imported`` reaches it; ``top_bound``: ``bound`` is the top package
    (``import a.b``)."""
    if imported == source:
        return (source if top_bound else bound), False
    if top_bound and source.startswith(bound + "."):  # ``import a.b``: ``a.<anything>``
        return source, True
    if not top_bound and source.startswith(imported + "."):
        return bound + source[len(imported) :], True
    return None


class ModuleBinding(NamedTuple):
    """An import that makes the source module reachable: ``expr`` names it (``u``, ``pkg.src``,
    ``toolz.itertoolz`` after ``import toolz``); ``parent``: the import binds a package above
    the source (used for other things too, it always stays)."""

    line: cst.SimpleStatementLine
    node: cst.Import | cst.ImportFrom
    expr: str
    parent: bool


def bindings_of(
    nodes: Sequence[cst.CSTNode], importer: Importer, source: str, parents: bool = True
) -> list[ModuleBinding]:
    """The imports among ``nodes`` that make the module ``source`` reachable (with ``parents``,
    also imports of a package above it: ``import toolz`` reaches ``toolz.itertoolz``)."""
    found: list[ModuleBinding] = []
    for line in (n for n in nodes if isinstance(n, cst.SimpleStatementLine)):
        for small in line.body:
            if not isinstance(small, (cst.Import, cst.ImportFrom)):
                continue
            for imported, bound, top_bound in bound_modules(small, importer):
                reached = reach(imported, bound, source, top_bound)
                if reached is not None and (parents or not reached[1]):
                    found.append(ModuleBinding(line, small, reached[0], reached[1]))
    return found


def relative_name(importer: str, is_package: bool, module: str) -> str | None:
    """``module`` as a relative import in the module ``importer`` writes it (``.sibling``,
    ``..other.mod``, ``.`` for its own package); None when they share no top-level package."""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    parts = module.split(".")
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    if not common:
        return None
    return "." * (len(base) - common + 1) + ".".join(parts[common:])


def import_line(
    name: str,
    node: cst.CSTNode,
    module: str,
    is_package: bool,
    relative_in: tuple[str, bool] | None = None,
) -> str | None:
    """The import line that binds ``name`` as ``node`` (in ``module``) does: absolute, or, with
    ``relative_in`` (a module and whether it is a package), a ``from`` import of a module in
    the same top-level package relative to that module."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted(alias.name)
            bound = dotted(alias.asname.name) if alias.asname else full.split(".")[0]
            if bound == name:
                return f"import {full} as {bound}" if alias.asname else f"import {full}"
    if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
        base = absolute_module(node, module, is_package)
        for alias in node.names:
            bound = dotted(alias.asname.name) if alias.asname else dotted(alias.name)
            if bound == name and base is not None:
                as_part = f" as {bound}" if alias.asname else ""
                rel = relative_name(*relative_in, base) if relative_in else None
                return f"from {rel or base} import {dotted(alias.name)}{as_part}"
    return None


def free_name(wanted: str, taken: set[str]) -> str:
    """``wanted``, or with underscores before it until no name in ``taken`` has it; taken."""
    name = wanted
    while name in taken:
        name = f"_{name}"
    taken.add(name)
    return name


def relative_to(
    importer: Importer, node: cst.ImportFrom, module: str
) -> tuple[int, str | None] | None:
    """(level, module) to import ``module`` the way ``node`` imports its module, if possible: the
    package the dots name itself is reachable too (``from .. import x``: level, no module)."""
    level = len(node.relative)
    if level == 0:
        return None
    base = absolute_module(node.with_changes(module=None), importer.module, importer.is_package)
    if base is None:
        return None
    if module == base:
        return level, None
    if not module.startswith(base + "."):
        return None
    return level, module[len(base) + 1 :]


def one_line(aliases: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
    """``aliases`` separated by ``", "``, for an import without parentheses."""
    names = [
        a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        for a in aliases
    ]
    names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return names


def from_import(
    importer: Importer,
    like: cst.ImportFrom,
    module: str,
    aliases: Sequence[cst.ImportAlias],
    parenthesised: bool = False,
) -> cst.ImportFrom:
    """``from module import aliases``, relative if ``like`` is and ``module`` can be reached so;
    ``parenthesised``: ``like``'s parentheses, and the aliases' commas and comments, are kept."""
    relative = relative_to(importer, like, module)
    names = list(aliases) if parenthesised else one_line(aliases)
    lpar, rpar = (like.lpar, like.rpar) if parenthesised else (None, None)
    if relative is None:
        return cst.ImportFrom(module=dotted_expr(module), names=names, lpar=lpar, rpar=rpar)
    level, rest = relative
    return cst.ImportFrom(
        module=dotted_expr(rest) if rest else None,
        names=names,
        relative=[cst.Dot()] * level,
        lpar=lpar,
        rpar=rpar,
    )


def import_like(
    importer: Importer, node: cst.CSTNode, old: str, new: str, expr: str, taken: set[str]
) -> tuple[cst.SimpleStatementLine, str]:
    """An import of the module ``new`` in the same style as ``node`` imports the module ``old``
    (which the file names ``expr``), and the name it binds (none of ``taken``)."""
    leaf, top = new.rsplit(".", 1)[-1], new.split(".")[0]
    same_top = top == old.split(".")[0]  # ``import pkg.new`` binds what the file has bound
    if isinstance(node, cst.Import) and expr == old and (same_top or top not in taken):
        return cst.SimpleStatementLine([cst.Import([cst.ImportAlias(dotted_expr(new))])]), new
    if isinstance(node, cst.Import):
        alias = free_name(leaf, taken)
        return cst.SimpleStatementLine(
            [cst.Import([cst.ImportAlias(dotted_expr(new), asname=cst.AsName(cst.Name(alias)))])]
        ), alias
    assert isinstance(node, cst.ImportFrom)
    alias = free_name(leaf, taken)
    parent = new.rsplit(".", 1)[0] if "." in new else ""
    as_name = cst.AsName(cst.Name(alias)) if alias != leaf else None
    imported = cst.ImportAlias(cst.Name(leaf), asname=as_name)
    if parent:
        return cst.SimpleStatementLine([from_import(importer, node, parent, [imported])]), alias
    return cst.SimpleStatementLine(
        [cst.Import([cst.ImportAlias(cst.Name(leaf), asname=as_name)])]
    ), alias


def with_kept_names(small: cst.ImportFrom, keep: Sequence[bool]) -> cst.ImportFrom:
    """``small`` with only the ``keep``-marked names (at least one): commas fixed, comments and
    line structure of a parenthesised import kept."""
    assert not isinstance(small.names, cst.ImportStar)
    if small.lpar is None or small.rpar is None:
        kept = [a for a, wanted in zip(small.names, keep, strict=True) if wanted]
        return small.with_changes(
            names=[*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        )
    names, closing = kept_items(small.names, keep, small.rpar.whitespace_before)
    return small.with_changes(names=names, rpar=small.rpar.with_changes(whitespace_before=closing))


def without_names(stmt: cst.BaseStatement, gone: set[str]) -> cst.BaseStatement | None:
    """``stmt`` without the import names in ``gone`` (also inside an ``if TYPE_CHECKING:``
    block); None when nothing of it is left."""
    if (
        is_type_checking_block(stmt)
        and isinstance(stmt, cst.If)
        and isinstance(stmt.body, cst.IndentedBlock)
    ):
        lines = [without_names(s, gone) for s in stmt.body.body]
        if all(new is old for new, old in zip(lines, stmt.body.body, strict=True)):
            return stmt
        kept = [line for line in lines if line is not None]
        return stmt.with_changes(body=stmt.body.with_changes(body=kept)) if kept else None
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return stmt
    small = stmt.body[0]
    if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(
        small.names, cst.ImportStar
    ):
        return stmt

    def bound(alias: cst.ImportAlias) -> str:
        if alias.asname:
            return dotted(alias.asname.name)
        full = dotted(alias.name)
        return full.split(".")[0] if isinstance(small, cst.Import) else full

    keep = [bound(al) not in gone for al in small.names]
    if all(keep):
        return stmt
    if not any(keep):
        return None
    if isinstance(small, cst.ImportFrom):
        return stmt.with_changes(body=[with_kept_names(small, keep)])
    names = [al for al, wanted in zip(small.names, keep, strict=True) if wanted]
    names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return stmt.with_changes(body=[small.with_changes(names=names)])


def as_reexport(
    stmt: cst.BaseStatement, names: Collection[str], alias: bool = True
) -> cst.BaseStatement:
    """``stmt`` with its imports of ``names`` marked as deliberate re-exports: with ``alias``, a
    line importing one name is written ``from x import y as y`` or ``import x as x`` (the form
    ruff, mypy and pyright read as an explicit re-export); a line importing more (isort would
    split an aliased name off it), ``import a.b`` (binding ``a``), ``import a as b``, and every
    line without ``alias`` (pyflakes does not read that form) get ``# noqa: F401``."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return stmt
    small = stmt.body[0]
    if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(
        small.names, cst.ImportStar
    ):
        return stmt
    bound = [
        bound_name(a) if isinstance(small, cst.ImportFrom) else _import_binds(a)
        for a in small.names
    ]
    if not set(bound) & set(names):
        return stmt
    first = small.names[0]
    full = dotted(first.name)
    if alias and len(small.names) == 1 and first.asname is None and "." not in full:
        named = first.with_changes(asname=cst.AsName(cst.Name(full)))
        return stmt.with_changes(body=[small.with_changes(names=[named])])
    return _with_noqa(stmt, small)


def _import_binds(alias: cst.ImportAlias) -> str:
    return dotted(alias.asname.name) if alias.asname else dotted(alias.name).split(".")[0]


def _with_noqa(
    stmt: cst.SimpleStatementLine, small: cst.Import | cst.ImportFrom
) -> cst.SimpleStatementLine:
    """``stmt`` with ``# noqa: F401`` on its first line (after the ``(`` of a parenthesised
    import), unless a ``# noqa`` is there already."""
    lpar = small.lpar if isinstance(small, cst.ImportFrom) else None
    if lpar is not None and isinstance(lpar.whitespace_after, cst.ParenthesizedWhitespace):
        after = lpar.whitespace_after
        first = after.first_line
        if first.comment is not None and first.comment.value.startswith("# noqa"):
            return stmt
        comment = "# noqa: F401" + (f"  {first.comment.value}" if first.comment else "")
        first = first.with_changes(
            whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(comment)
        )
        new_lpar = lpar.with_changes(whitespace_after=after.with_changes(first_line=first))
        return stmt.with_changes(body=[small.with_changes(lpar=new_lpar)])
    trailing = stmt.trailing_whitespace
    if trailing.comment is not None and trailing.comment.value.startswith("# noqa"):
        return stmt
    text = "# noqa: F401" + (f"  {trailing.comment.value}" if trailing.comment else "")
    return stmt.with_changes(
        trailing_whitespace=trailing.with_changes(
            whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(text)
        )
    )
