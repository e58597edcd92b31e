"""Pickles name classes and functions by module: a pickle made before the move names the old
location (``pkg.specifiers.Specifier``), and unpickling reads that attribute. Through the shim
that warns from the deprecate step on (an error under warnings-as-errors) and fails after
contract; a library whose users keep pickles cannot have either.

A moved class made to be pickled (it defines a pickling hook, or the module registers it with
``copyreg.pickle``) therefore stays bound at the old location for good, with the moved functions
its hooks name (the reconstructor a ``__reduce__`` returns): the source imports them back from
the target at its very end, marked, and neither the deprecate nor the contract step removes
that line. Code is still migrated to the new location; only persisted references keep working.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

import libcst as cst

from refactor_coord.rewrite.cst_tools import attach, detach
from refactor_coord.rewrite.import_block import insert_import
from refactor_coord.rewrite.pickling import pickled_names
from refactor_coord.rewrite.style import Style
from refcoord_codemods.extract_module.expand import Expanded, noted
from refcoord_codemods.extract_module.shim import module_alias, module_aliased

#: The line that keeps them; the deprecate and contract steps leave it alone.
KEPT_NOTE = "# refcoord: kept here for pickles"
#: How the source's import of the target, when the target binds them, lists them.
_BINDS = ": binds "


def kept_for_pickles(text: str) -> frozenset[str]:
    """The names a source module keeps for pickles (read back from its marked import)."""
    lines = text.splitlines()
    try:
        tree = ast.parse(detach(text)[0])
    except SyntaxError:
        return frozenset()
    names: set[str] = set()
    for stmt in tree.body:
        line = lines[stmt.lineno - 1]
        if isinstance(stmt, ast.ImportFrom) and KEPT_NOTE in line:
            names |= {alias.asname or alias.name for alias in stmt.names}
    for line in lines:  # the names the target binds here: after its import, or a note alone
        if f"{KEPT_NOTE}{_BINDS}" in line:
            listed = line.split(f"{KEPT_NOTE}{_BINDS}", 1)[1]
            names |= {n.strip() for n in listed.split(",") if n.strip()}
    return frozenset(names)


def with_pickled_names_kept(
    expanded: Expanded,
    source_code: str,
    source_module: str,
    target_module: str,
    style: Style | None = None,
) -> Expanded:
    """The expand step's result with the pickled names bound at the old location for good: by
    an import at the end of the source, or, when the target needs the source while it is
    imported (importing the target first would reach such an import before the target defines
    them), by the target, which sets them on the source at its own end (the source imports the
    target at its end, so that this happens whichever is imported first)."""
    names = pickled_names(source_code, frozenset(expanded.moved))
    if not names:
        return expanded
    style = style or Style()
    if _imports_source_first(expanded.target, source_module):
        return _set_by_target(expanded, names, source_module, target_module, style)
    text, form = detach(expanded.source)
    line = f"from {target_module} import {', '.join(names)}  {KEPT_NOTE}\n"
    if len(line) - 1 > style.line_length:
        listed = "".join(f"    {name},\n" for name in names)
        line = f"from {target_module} import (  {KEPT_NOTE}\n{listed})\n"
    return replace(expanded, source=attach(text.rstrip("\n") + "\n\n\n" + line, form))


def _set_by_target(
    expanded: Expanded, names: tuple[str, ...], source: str, target: str, style: Style
) -> Expanded:
    source_text, source_form = detach(expanded.source)
    target_text, target_form = detach(expanded.target)
    # the source must import the target, so that importing it (to load a pickle) binds them; an
    # import it has already does (a second one would be a redefinition: F811), and the note
    # alone records the names
    record = f"{KEPT_NOTE}{_BINDS}{', '.join(names)}"
    if module_aliased(source_text, target):
        binds = f"{record}\n"
    else:
        imported = noted(f"import {target} as {module_alias(target)}", ["E402", "F401"], style)
        binds = f"{imported}  {record}\n"
    alias = module_aliased(target_text, source)
    if alias is None:  # the target imports names of the source only: the module too, now
        alias = module_alias(source, set(re.findall(r"[^\W\d]\w*", target_text)))
        module = cst.parse_module(target_text)
        body: list[cst.BaseStatement] = list(module.body)
        insert_import(body, f"import {source} as {alias}", style)
        target_text = module.with_changes(body=body).code
    # through vars(): type checkers read ``alias.name = ...`` as assigning to the source's
    # declaration of the class (and, after contract, to a name the source no longer has)
    sets = f"{KEPT_NOTE} (old pickles name {source})\n" + "".join(
        f'vars({alias})["{name}"] = {name}\n' for name in names
    )
    return replace(
        expanded,
        source=attach(source_text.rstrip("\n") + "\n\n\n" + binds, source_form),
        target=attach(target_text.rstrip("\n") + "\n\n\n" + sets, target_form),
    )


def _imports_source_first(target: str, source_module: str) -> bool:
    """Whether the target imports the source before its first definition."""
    try:
        body = ast.parse(detach(target)[0]).body
    except SyntaxError:
        return True
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign)):
            return False
        if isinstance(stmt, ast.Import) and any(a.name == source_module for a in stmt.names):
            return True
        if isinstance(stmt, ast.ImportFrom) and stmt.module == source_module and not stmt.level:
            return True
    return False
