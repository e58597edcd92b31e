"""The target module's text: a new module with the moved code and the imports it needs, or an
existing one extended (expand's target side)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import libcst as cst

from refactor_coord.rewrite.cst_tools import (
    TextForm,
    attach,
    defined_names,
    detach,
    dotted,
)
from refactor_coord.rewrite.import_block import format_imports, insert_import, member_key
from refactor_coord.rewrite.imports import import_line, is_future, is_type_checking_block
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.style import Style
from refactor_coord.rewrite.type_strings import type_string_names
from refcoord_codemods.extract_module.source_analysis import Analysis, AnalysisError, analyse

#: PEP 263: an encoding declaration in a comment.
_CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def after_leading_imports(body: Sequence[cst.BaseStatement]) -> int:
    """The index just after the module docstring and the imports that open the module."""
    at = 0
    for i, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine):
            break
        is_doc = i == 0 and is_bare_string(stmt)
        if not (is_doc or all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)):
            break
        at = i + 1
    return at


class MovedImports(NamedTuple):
    """The imports the moved code needs, absolute or relative to the target."""

    future: list[str]  #: the source's ``__future__`` imports
    runtime: dict[str, str]  #: bound name -> import line
    type_checking: dict[
        str, str
    ]  #: the same, for imports the source makes under ``if TYPE_CHECKING:``


def imports_for_moved(
    a: Analysis,
    moved: set[int],
    source_module: str,
    is_package: bool,
    through_source: Collection[str] = (),
    relative_in: tuple[str, bool] | None = None,
) -> MovedImports:
    """The source's ``__future__`` imports, then one import line per imported name the moved code
    uses (but those it reads ``through_source``); an import under ``if TYPE_CHECKING:`` stays
    under it (it may exist to avoid a cycle), and a definition that stays in the source but that
    a string of the moved code names for type checkers is imported under it too. ``from``
    imports of the project's own package are written relative to ``relative_in`` (the target
    module, and whether it is a package) when given, else absolute."""
    found = MovedImports(
        [a.module.code_for_node(stmt).strip() for stmt in a.module.body if is_future(stmt)], {}, {}
    )
    for name, node in sorted(a.imports.items(), key=lambda kv: a.import_at[kv[0]]):
        if (
            isinstance(node, cst.ImportFrom)
            and node.module is not None
            and dotted(node.module) == "__future__"
        ):
            continue
        if name in through_source or (
            not any(u.top in moved for u in a.uses.get(name, []))
            and not a.in_strings.get(name, set()) & moved
        ):
            continue
        checking = is_type_checking_block(a.module.body[a.import_at[name]])
        into = found.type_checking if checking else found.runtime
        for extra, each in enumerate([node, *a.more_imports.get(name, [])]):
            line = import_line(name, each, source_module, is_package, relative_in)
            if line and line not in into.values():
                into[name if not extra else f"{name} {extra}"] = line
    typed = {n for i in moved for n in type_string_names(a.module.body[i])}
    for name, at in sorted(a.defines.items(), key=lambda kv: kv[1]):
        # a definition that stays, named in a string of the moved code that type checkers read
        # (``"Version"`` in an annotation): imported for them, as nothing binds it at run time
        if at not in moved and (name in typed or a.in_strings.get(name, set()) & moved):
            found.type_checking.setdefault(name, f"from {source_module} import {name}")
    return found


def _type_checking_block(
    imports: MovedImports, bound: Collection[str], style: Style
) -> tuple[list[str], str]:
    """The import of ``TYPE_CHECKING`` (unless ``bound`` has the name) and the ``if
    TYPE_CHECKING:`` block for the moved code's type-only imports whose names ``bound`` lacks."""
    wanted = [line for name, line in imports.type_checking.items() if name not in bound]
    if not wanted:
        return [], ""
    head = (
        []
        if "TYPE_CHECKING" in bound or "TYPE_CHECKING" in imports.runtime
        else ["from typing import TYPE_CHECKING"]
    )
    return head, "if TYPE_CHECKING:\n" + format_imports(wanted, style, "    ")


def _block(code: str) -> str:
    return code.strip("\n")


def preamble(
    source: cst.Module, source_module: str, symbols: Sequence[str], line_length: int
) -> str:
    """A new target module's start: the source's header comments (a licence, say; not a shebang
    or an encoding cookie, since the new file is UTF-8) and a docstring saying where its code
    came from."""
    comments = [
        line.comment.value
        for line in source.header
        if line.comment is not None
        and not line.comment.value.startswith("#!")
        and not _CODING_COOKIE.match(line.comment.value)
    ]
    doc = f'"""Moved from {source_module}: {", ".join(symbols)}."""'
    if len(doc) > line_length:
        doc = f'"""Moved from {source_module}."""'
    return "\n".join([*comments, doc])


@dataclass(frozen=True, slots=True)
class TargetStyle:
    """How the target module is written: the project's style, the source file's quotes."""

    style: Style
    quote: str = '"'
    #: the target module, and whether it is a package (its relative imports are read there)
    module: tuple[str, bool] = ("", False)
    #: the source writes ``TYPE_CHECKING = False`` instead of importing it (as projects whose
    #: linter bans ``typing.TYPE_CHECKING`` do): a new target does the same
    assigns_type_checking: bool = False
    #: the source has an ``__all__`` (known): a new target has one too, listing the moved names
    #: the source listed (none, maybe), so that what is public stays as it was (to star imports
    #: and to pydocstyle, which holds only the names ``__all__`` lists public)
    source_lists_all: bool = False

    def same_import(self, name: str, node: cst.Import | cst.ImportFrom, line: str) -> bool:
        """Whether the target's import ``node`` binds ``name`` as the import ``line`` does
        (written absolute or relative)."""
        return line in (
            import_line(name, node, *self.module),
            import_line(name, node, *self.module, self.module),
        )


def target_text(
    existing: str | None,
    form: TextForm,
    moved: list[str],
    imports: MovedImports,
    source_import: tuple[str, str | None],
    exported: list[str],
    preamble: str,
    how: TargetStyle,
) -> str | Refused:
    """The target module's text: a new module (starting with ``preamble``), or ``existing``
    extended. Its imports are sorted and grouped as isort does; the import of the source
    (``source_import``: the line, and "top" or "end") goes at the end only when an import
    cycle needs it there, which a comment says."""
    line, where = source_import
    top = [*imports.runtime.values()] + ([line] if where == "top" else [])
    end = [line] if where == "end" else []
    blocks = "\n\n\n".join(_block(code) for code in moved)
    if existing is not None and existing.strip():
        return _extend_target(existing, moved, imports, (top, end), exported, how)
    head, checking = _type_checking_block(imports, (), how.style)
    if head and how.assigns_type_checking:
        head, checking = [], f"TYPE_CHECKING = False\n\n{checking}"
    block = format_imports([*imports.future, *top, *head], how.style)
    sections = [preamble] + [s for s in (block, checking) if s]
    if exported or how.source_lists_all:
        sections.append(_all_line(sorted(exported, key=member_key), how))
    # isort's blank lines after the imports: two above a definition, one above other code
    gap = "\n\n\n" if sections[-1] != block or _starts_a_definition(blocks) else "\n\n"
    text = "\n\n".join(sections) + gap + blocks + "\n"
    text += "\n\n" + _at_end(end, how.style) if end else ""
    return attach(text, TextForm("", form.newline))  # a new file gets no BOM


def _starts_a_definition(code: str) -> bool:
    body = cst.parse_module(code).body
    return bool(body) and isinstance(body[0], (cst.FunctionDef, cst.ClassDef))


def _all_line(names: Sequence[str], how: TargetStyle) -> str:
    """``__all__`` listing ``names`` in the file's quotes: one line, or one name a line."""
    quoted = [f"{how.quote}{n}{how.quote}" for n in names]
    line = f"__all__ = [{', '.join(quoted)}]"
    if len(line) <= how.style.line_length:
        return line
    return "__all__ = [\n" + "".join(f"    {q},\n" for q in quoted) + "]"


def _at_end(lines: Sequence[str], style: Style) -> str:
    """Imports of the source at the end of the target, with why (and ``noqa: E402``: pycodestyle
    and ruff want imports at the top)."""
    why = textwrap.wrap(
        "Imported at the end, not at the top: the source module reads this module's names "
        "when it is imported, so this module must define them first (an import cycle).",
        style.line_length - 2,
    )
    return "".join(f"# {text}\n" for text in why) + "".join(
        f"{line}  # noqa: E402\n" for line in lines
    )


def _extend_target(
    existing: str,
    moved: list[str],
    imports: MovedImports,
    source_imports: tuple[list[str], list[str]],
    exported: list[str],
    how: TargetStyle,
) -> str | Refused:
    top, end = source_imports
    text, form = detach(existing)
    try:
        t = analyse(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the target module does not parse: {error.message}")
    except AnalysisError as error:
        return Refused(f"the target module: {error}")
    moved_names = {
        n for code in moved for stmt in cst.parse_module(code).body for n in defined_names(stmt)
    }
    clash = sorted(moved_names & set(t.bound_at))
    if clash:
        return Refused(f"the target module already defines {', '.join(clash)}")
    own_lines = {
        t.module.code_for_node(stmt).strip()
        for stmt in t.module.body
        if isinstance(stmt, cst.SimpleStatementLine)
    }
    for line in [*top, *end]:
        bound = line.rsplit(" ", 1)[-1]
        if (
            line not in own_lines
            and bound in t.bound_at
            and (bound not in t.imports or not how.same_import(bound, t.imports[bound], line))
        ):
            return Refused(f"the target module already uses the name {bound} for something else")
    wanted_top = [
        line for line in top if line not in own_lines and line.rsplit(" ", 1)[-1] not in t.bound_at
    ]
    wanted_end = [
        line for line in end if line not in own_lines and line.rsplit(" ", 1)[-1] not in t.bound_at
    ]
    head, checking = _type_checking_block(imports, t.bound_at, how.style)
    body: list[cst.BaseStatement] = list(t.module.body)
    own_block = next(
        (
            i
            for i, stmt in enumerate(body)
            if is_type_checking_block(stmt)
            and isinstance(stmt, cst.If)
            and isinstance(stmt.body, cst.IndentedBlock)
        ),
        None,
    )
    if checking and own_block is not None:  # the target's own block takes the lines
        block = body[own_block]
        assert isinstance(block, cst.If) and isinstance(block.body, cst.IndentedBlock)
        added = cst.parse_module(textwrap.dedent(checking.split("\n", 1)[1]) + "\n").body
        body[own_block] = block.with_changes(
            body=block.body.with_changes(body=[*block.body.body, *added])
        )
        head, checking = [], ""
    for line in [*wanted_top, *head]:
        insert_import(body, line, how.style)
    if checking:
        at = after_leading_imports(body)
        body.insert(at, cst.parse_statement("\n" + checking + "\n"))
    doc = (
        1 if body and after_leading_imports(body[:1]) == 1 and not _is_import_line(body[0]) else 0
    )
    future = [line for line in imports.future if line not in own_lines]
    body[doc:doc] = [
        cst.parse_statement(("\n" if doc and i == 0 else "") + line + "\n")
        for i, line in enumerate(future)
    ]
    module = _with_exports(t.module.with_changes(body=body), exported)
    out = (
        module.code.rstrip("\n") + "\n\n\n" + "\n\n\n".join(_block(code) for code in moved) + "\n"
    )
    if wanted_end:
        out += "\n\n" + _at_end(wanted_end, how.style)
    return attach(out, form)


def _is_import_line(stmt: cst.BaseStatement) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
    )


def _with_exports(module: cst.Module, exported: list[str]) -> cst.Module:
    """Add ``exported`` to a literal ``__all__`` list or tuple of the module, if it has one."""
    if not exported:
        return module

    class Add(cst.CSTTransformer):
        def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
            value = updated_node.value
            if (
                not any(dotted(t.target) == "__all__" for t in updated_node.targets)
                or not isinstance(value, (cst.List, cst.Tuple))
                or not value.elements
            ):
                return updated_node
            present = {
                e.value.evaluated_value
                for e in value.elements
                if isinstance(e.value, cst.SimpleString)
            }
            quote = next(
                (e.value.quote for e in value.elements if isinstance(e.value, cst.SimpleString)),
                '"',
            )
            extra = [n for n in exported if n not in present]
            if not extra:
                return updated_node
            elements = list(value.elements)
            last = elements[-1]
            trailing = last.comma
            elements[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                if isinstance(trailing, cst.MaybeSentinel)
                else trailing
            )
            for n in extra:
                elements.append(
                    cst.Element(
                        cst.SimpleString(f"{quote}{n}{quote}"),
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                    )
                )
            elements[-1] = elements[-1].with_changes(comma=trailing)
            return updated_node.with_changes(value=value.with_changes(elements=elements))

    return module.visit(Add())


def is_bare_string(stmt: cst.BaseStatement) -> bool:
    """Whether ``stmt`` is a string on its own (a docstring, where it stands first)."""
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )
