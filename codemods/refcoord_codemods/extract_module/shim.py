"""The PEP 562 shim that expand leaves in the source module: its text (silent or warning),
making it warn (deprecate), removing it (contract), and the test that asserts its warning.
Text in, text (or :class:`Refused`) out."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

import libcst as cst

from refactor_coord.domain.modules import SHIM_TABLE
from refactor_coord.domain.test_runners import TestStyle
from refactor_coord.rewrite.cst_tools import (
    TextForm,
    attach,
    defined_names,
    detach,
    dotted,
    walk,
)
from refactor_coord.rewrite.dunder_all import without_entries
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.style import Style
from refactor_coord.rewrite.templates import render, template_in_style
from refcoord_codemods.extract_module.shim_typing import declared, runtime_names, undeclared

SHIM_MARKER = "# refcoord shim"
#: The comment on the source's import of the target: true for as long as the line lives (the
#: import outlives the shim); before it read ``# refcoord shim: remaining code uses moved names``.
BACK_IMPORT_NOTE = "# moved by refcoord: remaining code uses moved names"
#: Marks the imports expand adds where moved definitions stood (``bind_back``): the moved names
#: stay bound while the source initializes, until the deprecate step removes these lines.
BIND_BACK_NOTE = "# refcoord: bound here until the deprecate step"
MOVED_TABLE = SHIM_TABLE
#: The warning shim's note of the name a star import is reading, and the function that makes
#: ``__all__`` note it (portable: no frame or bytecode tells a star import apart).
STAR_READ = "_REFCOORD_STAR"
_NOTE_STAR_READS = "_refcoord_note_star_reads"


def module_alias(module: str, taken: Collection[str] | None = None) -> str:
    """The name one module of a move binds the other to: ``_`` and its last part (``import
    pkg.new as _new``) when ``taken`` (the names in use) is given and does not hold it, else
    ``_`` and its whole path (``_pkg_new``)."""
    short = "_" + module.rpartition(".")[2]
    if taken is not None and short not in taken:
        return short
    return "_" + module.replace(".", "_")


def module_aliased(code: str, module: str) -> str | None:
    """The name ``code`` binds ``module`` to with ``import <module> as <name>``, if it does."""
    found = re.search(rf"^import {re.escape(module)} as (\w+)", code, re.MULTILINE)
    return found.group(1) if found else None


def shim_table(source_code: str) -> dict[str, str] | None:
    """The shim's table in a source module (moved name -> its new module), or None when there
    is no shim or it cannot be read. Read with ``ast``: callers ask often, libcst is slow."""
    if MOVED_TABLE not in source_code:
        return None
    try:
        tree = ast.parse(source_code)
    except (SyntaxError, ValueError):
        return None
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == MOVED_TABLE
        ):
            try:
                table = ast.literal_eval(stmt.value)
            except ValueError:
                return None
            return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else None
    return None


def shim_code(
    moved: dict[str, str], warning: str | None, indent: str = "    ", style: Style | None = None
) -> str:
    """The PEP 562 shim that serves moved names from their new modules (and warns, if asked),
    indented with ``indent`` (the source file's unit: four spaces, a tab...), written to pass the
    project's linter (``style``) and ``mypy --strict``."""
    return _indented(_shim_text(moved, warning, style or Style()), indent)


def _indented(code: str, indent: str) -> str:
    """``code``, written with four-space indentation, indented with ``indent`` instead."""
    if indent == "    ":
        return code
    lines = []
    for line in code.splitlines(keepends=True):
        text = line.lstrip(" ")
        lines.append(indent * ((len(line) - len(text)) // 4) + text)
    return "".join(lines)


def _shim_text(moved: dict[str, str], warning: str | None, style: Style) -> str:
    # With a warning: ``from <this module> import *`` reads every name in __all__: that is no
    # use of a moved name (a package re-exporting this module would otherwise fail under -W
    # error), so it is not warned about; refcoord's migrate steps import moved names explicitly
    # there. Told apart portably: the import system reads ``__all__`` by index and then reads
    # that name (CPython's and PyPy's star import alike), so a list or tuple ``__all__`` becomes
    # one of a subclass that notes the name it hands out (made with ``type()``, so that type
    # checkers keep the module's own ``__all__`` and see nothing untyped). Nor is the import
    # system's own check (``hasattr`` in ``_handle_fromlist``) when this module is a package: a
    # ``from`` import of it reads the name again, in the importer; its caller is read with
    # ``inspect.currentframe()`` (None where frames are not supported: it then warns twice, at
    # the same line). The shim's text runs on its own, whatever the module imports: its imports
    # are in ``__getattr__`` (with a ``noqa`` where the project's linter checks PLC0415).
    noqa = style.noqa("PLC0415")
    return render(
        __package__ or "",
        "shim.py.j2",
        marker=SHIM_MARKER,
        table_name=MOVED_TABLE,
        moved=sorted(moved.items()),
        warning=None if warning is None else _string_parts(warning, style.line_length - 18),
        star_name=STAR_READ,
        note_star_reads=_NOTE_STAR_READS,
        noqa_import=noqa,
    )


def _string_parts(text: str, width: int) -> list[str]:
    """``text`` cut at spaces into parts that fit ``width`` as string literals (each part keeps
    the space that follows it), escaped for a double-quoted literal."""
    words = text.replace("\\", "\\\\").replace('"', '\\"').split(" ")
    parts: list[str] = []
    for word in words:
        if parts and len(parts[-1]) + len(word) + 2 <= max(width, 20):
            parts[-1] += " " + word
        else:
            parts.append(word)
    return [p + " " for p in parts[:-1]] + parts[-1:]


class _Shim(NamedTuple):
    """Where the shim is in a source module, and its table."""

    table_at: int  #: the index of the moved-names table
    getattr_at: int  #: of ``__getattr__``
    parts: frozenset[int]  #: of every statement of the shim (the warning shim has more)
    table: dict[str, str]  #: moved name -> its new module


def _shim_parts(module: cst.Module) -> _Shim | None:
    """The shim's statements in ``module``, and its table (None: no shim)."""
    table_at = getattr_at = -1
    parts: set[int] = set()
    table: dict[str, str] = {}
    for i, stmt in enumerate(module.body):
        if MOVED_TABLE in defined_names(stmt) and isinstance(stmt, cst.SimpleStatementLine):
            value = stmt.body[0].value if isinstance(stmt.body[0], cst.Assign) else None
            if isinstance(value, cst.Dict):
                table_at = i
                table = {
                    str(e.key.evaluated_value): str(e.value.evaluated_value)
                    for e in value.elements
                    if isinstance(e, cst.DictElement)
                    and isinstance(e.key, cst.SimpleString)
                    and isinstance(e.value, cst.SimpleString)
                }
        elif isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__getattr__":
            getattr_at = i
        elif STAR_READ in defined_names(stmt) or _notes_star_reads(stmt):
            parts.add(i)
    if table_at < 0 or getattr_at < 0:
        return None
    return _Shim(table_at, getattr_at, frozenset({table_at, getattr_at, *parts}), table)


def _notes_star_reads(stmt: cst.BaseStatement) -> bool:
    """The warning shim's function that makes ``__all__`` note star imports, or its call."""
    if isinstance(stmt, cst.FunctionDef):
        return stmt.name.value == _NOTE_STAR_READS
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(node, cst.Call) and dotted(node.func) == _NOTE_STAR_READS for node in walk(stmt)
    )


class _Unshimmed(NamedTuple):
    """A source module's text without its shim, and what is needed to write the shim again."""

    code: str
    table: dict[str, str]  #: the shim's table: moved name -> its new module
    form: TextForm
    indent: str  #: the file's indentation unit


def _without_shim(source_code: str, missing: str) -> _Unshimmed | Refused:
    """The source module's text without its shim, the shim's table, and the file's form."""
    text, form = detach(source_code)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the source module does not parse: {error.message}")
    shim = _shim_parts(module)
    if shim is None:
        return Refused(f"no refcoord shim in the source module: {missing}")
    body = [
        s
        for i, s in enumerate(module.body)
        if i not in shim.parts and not _is_bound_back(s, shim.table)
    ]
    # In a module with nothing before the shim, libcst keeps the shim's comment in the header.
    header = [
        line
        for line in module.header
        if not (line.comment is not None and line.comment.value.startswith(SHIM_MARKER))
    ]
    return _Unshimmed(
        module.with_changes(body=body, header=header).code,
        shim.table,
        form,
        module.default_indent,
    )


def _is_bound_back(stmt: cst.BaseStatement, table: Mapping[str, str]) -> bool:
    """Whether ``stmt`` is one of expand's imports of moved names back into the source; they go
    with the silent shim (the deprecate step warns instead, contract removes all): marked by
    the note (above it, or after it as expand wrote it before), or, once an import sorter has
    split it, ``from <new module> import name as name`` of a moved name."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    comments = [line.comment for line in stmt.leading_lines]
    comments.append(stmt.trailing_whitespace.comment)
    if any(c is not None and c.value == BIND_BACK_NOTE for c in comments):
        return True
    small = stmt.body[0]
    if not isinstance(small, cst.ImportFrom) or small.module is None or small.relative:
        return False
    if isinstance(small.names, cst.ImportStar):
        return False
    module = dotted(small.module)
    return all(
        alias.asname is not None
        and dotted(alias.asname.name) == dotted(alias.name)
        and table.get(dotted(alias.name)) == module
        for alias in small.names
    )


def typed(
    source_code: str, style: Style | None = None, is_package: bool = False, name: str = ""
) -> str:
    """The shimmed source module (a package's ``__init__`` with ``is_package``; ``name``, when
    known, its qualified name) with the moved names declared for type checkers (see
    :mod:`.shim_typing`): those it does not bind at run time, and only those. Without a shim
    (or when the module does not parse), ``source_code`` as it is."""
    text, form = detach(source_code)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return source_code
    shim = _shim_parts(module)
    if shim is None:
        return source_code
    module = _marker_in_body(module, shim.table_at)
    parts = sorted(shim.parts)
    typing_view = declared(module, shim.table, parts, style or Style(), is_package, name)
    return attach(typing_view.code, form)


def _marker_in_body(module: cst.Module, table_at: int) -> cst.Module:
    """In a module of only the shim, libcst files the shim's comment under the module's header:
    give it back to the shim's table, so that what goes above the table goes above it too."""
    if table_at or not module.header:
        return module
    at = next(
        (
            i
            for i, line in enumerate(module.header)
            if line.comment is not None and line.comment.value.startswith(SHIM_MARKER)
        ),
        None,
    )
    if at is None:
        return module
    table = module.body[0]
    assert isinstance(table, cst.SimpleStatementLine)
    table = table.with_changes(leading_lines=[*module.header[at:], *table.leading_lines])
    return module.with_changes(header=module.header[:at], body=[table, *module.body[1:]])


def deprecate(
    source_code: str,
    warning: str,
    style: Style | None = None,
    is_package: bool = False,
    name: str = "",
) -> str | Refused:
    """Make the shim warn (``DeprecationWarning`` naming the new location, ``stacklevel=2``);
    the moved names stay declared for type checkers (also those expand bound back). ``name``:
    the module's qualified name, when known."""
    found = _without_shim(source_code, "apply the expand step first")
    if isinstance(found, Refused):
        return found
    code, table, form, indent = found
    code = code.rstrip("\n") + "\n\n\n" if code.strip() else ""
    shim = shim_code(table, warning, indent, style)
    return typed(attach(code + shim, form), style, is_package, name)


def contract(source_code: str, name: str = "", is_package: bool = False) -> str | Refused:
    """Remove the shim, its declarations for type checkers (``name``, ``is_package``: the
    module's, to read relative ones), the moved names from ``__all__`` (not those the module
    still binds: kept for pickles), and expand's import of the target when nothing uses it
    any more (while remaining code uses it, it stays)."""
    found = _without_shim(source_code, "nothing to remove")
    if isinstance(found, Refused):
        return found
    code, table, form, _ = found
    code = undeclared(cst.parse_module(code), table, (name, is_package)).code
    targets = sorted(set(table.values()))
    heads = tuple(f"import {t} as {module_aliased(code, t)}" for t in targets)
    lines: list[str] = []
    for line in code.splitlines(keepends=True):
        if _is_back_import(line, heads) and _unused_alias(line, code):
            _drop_note_above(lines)
        else:
            lines.append(line)
    # a moved name the module still binds (kept for pickles) stays exported
    bound = {n for stmt in cst.parse_module(code).body for n in runtime_names(stmt)}
    gone = set(table) - bound
    return attach(without_entries("".join(lines), gone).rstrip("\n") + "\n", form)


def _is_back_import(line: str, heads: tuple[str, ...]) -> bool:
    """Whether ``line`` is expand's import of the target: ``import <target> as <alias>`` (its
    note after it or above it), or a line with the note (also the one it had before)."""
    if line.startswith(heads) and line.partition("  #")[0].strip() in {h for h in heads}:
        return True
    return line.startswith("import ") and (BACK_IMPORT_NOTE in line or SHIM_MARKER in line)


def _drop_note_above(lines: list[str]) -> None:
    """Remove the comment lines ending ``lines`` when they are the back import's note."""
    at = len(lines)
    while at and lines[at - 1].startswith("# "):
        at -= 1
    if at < len(lines) and lines[at].startswith(BACK_IMPORT_NOTE.split(":")[0]):
        del lines[at:]


def _unused_alias(line: str, code: str) -> bool:
    alias = line.split(" as ", 1)[1].split()[0] if " as " in line else ""
    return bool(alias) and code.count(f"{alias}.") == 0


def deprecation_test(
    source_module: str,
    moved: Sequence[str],
    target_module: str,
    campaign: str,
    style: TestStyle = "pytest",
) -> str:
    """A test module, in ``style``, asserting that the old location warns and still serves the
    moved names."""
    return render(
        __package__ or "",
        template_in_style("deprecation_test", style),
        campaign=campaign,
        source=source_module,
        moved=sorted(moved),
        target=target_module,
    )
