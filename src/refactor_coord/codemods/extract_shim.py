"""extract-module, source side: move definitions out (expand), make the shim warn (deprecate),
remove the shim (contract). Text in, tagged result out: nothing here touches a file.

The shim is a PEP 562 module ``__getattr__`` that serves moved names from their new module, so
``source.name`` and ``from source import name`` keep working (and ``from source import *``, since
``__all__`` keeps listing them). Moved code that reads names staying in the source module reads
them as attributes of that module (``_pkg_source.NAME``) at call time, so code elsewhere that
patches those globals keeps its effect, and neither module reads the other at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import GlobalScope, MetadataWrapper, ScopeProvider

from refactor_coord.analysis.extract_ast import SHIM_TABLE
from refactor_coord.codemods._cst import absolute_module, defined_names, dotted, walk

SHIM_MARKER = "# refcoord shim"
MOVED_TABLE = SHIM_TABLE


@dataclass(frozen=True, slots=True)
class Expanded:
    """The expand step's result for one source module."""

    source: str  #: the source module's new text
    target: str  #: the target module's new text
    moved: tuple[str, ...]  #: every name that moved (the symbols and the private helpers)
    helpers: tuple[str, ...]  #: private helpers that moved because only moved code used them


@dataclass(frozen=True, slots=True)
class Refused:
    """The codemod cannot do this with certainty; nothing changes."""

    reason: str


@dataclass(frozen=True, slots=True)
class _Analysis:
    module: cst.Module
    owner: dict[int, int]  #: id(node) -> index of its top-level statement
    defines: dict[str, int]  #: top-level name -> statement index (definitions only)
    imports: dict[str, cst.CSTNode]  #: top-level name bound by an import -> the import node
    uses: dict[str, list[tuple[int, cst.Name]]]  #: global name -> (statement index, Name) uses


def _analyse(code: str) -> _Analysis:
    wrapper = MetadataWrapper(cst.parse_module(code))
    module = wrapper.module
    owner = {id(n): i for i, stmt in enumerate(module.body) for n in walk(stmt)}
    defines: dict[str, int] = {}
    for i, stmt in enumerate(module.body):
        for name in defined_names(stmt):
            defines.setdefault(name, i)
    scopes = wrapper.resolve(ScopeProvider)
    global_scope = next((s for s in scopes.values() if isinstance(s, GlobalScope)), None)
    imports: dict[str, cst.CSTNode] = {}
    uses: dict[str, list[tuple[int, cst.Name]]] = {}
    if global_scope is not None:
        for assignment in global_scope.assignments:
            node = getattr(assignment, "node", None)
            if isinstance(node, (cst.Import, cst.ImportFrom)) and id(node) in owner:
                imports.setdefault(assignment.name, node)
            for access in assignment.references:
                if isinstance(access.node, cst.Name) and id(access.node) in owner:
                    uses.setdefault(assignment.name, []).append((owner[id(access.node)], access.node))
    return _Analysis(module, owner, defines, imports, uses)


def _moved_statements(a: _Analysis, symbols: Sequence[str]) -> tuple[set[int], list[str]] | Refused:
    moved: set[int] = set()
    for symbol in symbols:
        if symbol not in a.defines:
            return Refused(f"'{symbol}' is not defined at the top of the source module")
        index = a.defines[symbol]
        others = [n for n in defined_names(a.module.body[index]) if n not in symbols]
        if others:
            return Refused(f"'{symbol}' is defined in one statement with {', '.join(others)}")
        moved.add(index)
    helpers: list[str] = []
    changed = True
    while changed:
        changed = False
        for name, index in sorted(a.defines.items(), key=lambda kv: kv[1]):
            if index in moved or not name.startswith("_") or name.startswith("__"):
                continue
            users = {i for i, _ in a.uses.get(name, [])} - {index}
            if users and users <= moved:
                moved.add(index)
                helpers.append(name)
                changed = True
    return moved, helpers


def _alias(module: str) -> str:
    return "_" + module.replace(".", "_")


class _Rename(cst.CSTTransformer):
    """Replace chosen Name nodes (by identity) with ``alias.name``."""

    def __init__(self, names: dict[int, str]) -> None:
        super().__init__()
        self.names = names

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        alias = self.names.get(id(original_node))
        return cst.Attribute(cst.Name(alias), cst.Name(original_node.value)) if alias else updated_node


def expand(source_code: str, source_module: str, is_package: bool, target_module: str,
           symbols: Sequence[str], target_code: str | None, warning: str | None = None) -> Expanded | Refused:
    """Move ``symbols`` (and private helpers only they use) from the source to the target module."""
    try:
        a = _analyse(source_code)
    except cst.ParserSyntaxError as error:
        return Refused(f"the source module does not parse: {error.message}")
    if "__getattr__" in a.defines:
        return Refused("the source module already defines __getattr__; merge the shim by hand")
    found = _moved_statements(a, symbols)
    if isinstance(found, Refused):
        return found
    moved, helpers = found
    moved_names = {n for i in moved for n in defined_names(a.module.body[i])}
    src_alias, tgt_alias = _alias(source_module), _alias(target_module)
    renames: dict[int, str] = {}
    needs_source = needs_target = False
    for name, uses in a.uses.items():
        for index, node in uses:
            if index in moved and name in a.defines and a.defines[name] not in moved and name not in a.imports:
                renames[id(node)] = src_alias
                needs_source = True
            elif index not in moved and name in moved_names and a.defines.get(name) != index:
                renames[id(node)] = tgt_alias
                needs_target = True
    renamed = a.module.visit(_Rename(renames))
    body = list(renamed.body)
    needed_imports = _imports_for_moved(a, moved, source_module, is_package)
    target = _target_text(target_code, a.module, [body[i] for i in sorted(moved)], needed_imports,
                          f"import {source_module} as {src_alias}" if needs_source else None,
                          [s for s in symbols if not s.startswith("_")] if _all_lists(a.module, symbols) else [])
    remaining = _drop_unused_imports([stmt for i, stmt in enumerate(body) if i not in moved], a, moved)
    tail = [f"import {target_module} as {tgt_alias}  {SHIM_MARKER}: remaining code uses moved names"] if needs_target else []
    shim = shim_code({n: target_module for n in sorted(moved_names)}, warning)
    source = renamed.with_changes(body=remaining).code.rstrip("\n") + "\n\n" + "\n".join(tail) + ("\n" if tail else "")
    source = source.rstrip("\n") + "\n\n\n" + shim
    return Expanded(source, target, tuple(sorted(moved_names)), tuple(helpers))


def _all_lists(module: cst.Module, symbols: Sequence[str]) -> bool:
    for stmt in module.body:
        if "__all__" in defined_names(stmt):
            text = module.code_for_node(stmt)
            return any(f'"{s}"' in text or f"'{s}'" in text for s in symbols)
    return False


def _imports_for_moved(a: _Analysis, moved: set[int], source_module: str, is_package: bool) -> list[str]:
    """The source's ``__future__`` imports, then one import line per imported name the moved code
    uses, made absolute."""
    lines = [a.module.code_for_node(stmt).strip() for stmt in a.module.body
             if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1
             and isinstance(stmt.body[0], cst.ImportFrom) and stmt.body[0].module is not None
             and dotted(stmt.body[0].module) == "__future__"]
    for name, node in sorted(a.imports.items(), key=lambda kv: a.owner[id(kv[1])]):
        if name == "annotations" or not any(i in moved for i, _ in a.uses.get(name, [])):
            continue
        line = _import_line(name, node, source_module, is_package)
        if line and line not in lines:
            lines.append(line)
    return lines


def _import_line(name: str, node: cst.CSTNode, module: str, is_package: bool) -> str | None:
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
                return f"from {base} import {dotted(alias.name)}{as_part}"
    return None


def _drop_unused_imports(body: Sequence[cst.BaseStatement], a: _Analysis, moved: set[int]) -> list[cst.BaseStatement]:
    """Remove import names only the moved code used (other unused imports are left alone)."""
    gone = {name for name, node in a.imports.items()
            if a.uses.get(name) and all(i in moved for i, _ in a.uses[name])}
    result: list[cst.BaseStatement] = []
    for stmt in body:
        updated = _without_names(stmt, gone)
        if updated is not None:
            result.append(updated)
    return result


def _without_names(stmt: cst.BaseStatement, gone: set[str]) -> cst.BaseStatement | None:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return stmt
    small = stmt.body[0]
    if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
        return stmt
    def bound(alias: cst.ImportAlias) -> str:
        if alias.asname:
            return dotted(alias.asname.name)
        full = dotted(alias.name)
        return full.split(".")[0] if isinstance(small, cst.Import) else full
    keep = [al for al in small.names if bound(al) not in gone]
    if len(keep) == len(small.names):
        return stmt
    if not keep:
        return None
    keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return stmt.with_changes(body=[small.with_changes(names=keep)])


def _target_text(existing: str | None, source: cst.Module, moved: list[cst.BaseStatement], imports: list[str],
                 source_import: str | None, exported: list[str]) -> str:
    future = [line for line in imports if line.startswith("from __future__")]
    others = [line for line in imports if line not in future]
    header = "\n".join(future + others + ([source_import] if source_import else []))
    blocks = "\n\n\n".join(source.code_for_node(stmt).strip("\n") for stmt in moved)
    if existing is None or not existing.strip():
        all_line = f"__all__ = {exported!r}\n\n" if exported else ""
        doc = '"""Code moved here by refcoord."""\n\n'
        return f"{doc}{header}\n\n{all_line}\n{blocks}\n" if header else f"{doc}{all_line}{blocks}\n"
    present = [line for line in (future + others + ([source_import] if source_import else [])) if line not in existing]
    extra = "\n".join(present)
    return existing.rstrip("\n") + ("\n\n" + extra if extra else "") + "\n\n\n" + blocks + "\n"


def shim_code(moved: dict[str, str], warning: str | None) -> str:
    """The PEP 562 shim that serves moved names from their new modules (and warns, if asked)."""
    table = "{\n" + "".join(f'    "{k}": "{v}",\n' for k, v in sorted(moved.items())) + "}"
    warn = ""
    if warning is not None:
        warn = ("        import warnings\n\n"
                f"        warnings.warn(\n            f\"{{__name__}}.{{name}} has moved to {{{MOVED_TABLE}[name]}}.{{name}}; "
                f"{warning}\",\n            DeprecationWarning,\n            stacklevel=2,\n        )\n")
    return (f"{SHIM_MARKER}: names moved to other modules, served from there until the contract step.\n"
            f"{MOVED_TABLE} = {table}\n\n\n"
            "def __getattr__(name: str) -> object:\n"
            f"    if name in {MOVED_TABLE}:\n"
            "        import importlib\n\n"
            f"{warn}"
            f"        return getattr(importlib.import_module({MOVED_TABLE}[name]), name)\n"
            "    raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\")\n")


def _shim_parts(module: cst.Module) -> tuple[int, int, dict[str, str]] | None:
    """Indexes of the moved-names table and of ``__getattr__``, and the table itself."""
    table_at = getattr_at = -1
    table: dict[str, str] = {}
    for i, stmt in enumerate(module.body):
        if MOVED_TABLE in defined_names(stmt) and isinstance(stmt, cst.SimpleStatementLine):
            value = stmt.body[0].value if isinstance(stmt.body[0], cst.Assign) else None
            if isinstance(value, cst.Dict):
                table_at = i
                table = {str(e.key.evaluated_value): str(e.value.evaluated_value) for e in value.elements
                         if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
                         and isinstance(e.value, cst.SimpleString)}
        elif isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__getattr__":
            getattr_at = i
    return (table_at, getattr_at, table) if table_at >= 0 and getattr_at >= 0 else None


def deprecate(source_code: str, warning: str) -> str | Refused:
    """Make the shim warn (``DeprecationWarning`` naming the new location, ``stacklevel=2``)."""
    module = cst.parse_module(source_code)
    parts = _shim_parts(module)
    if parts is None:
        return Refused("no refcoord shim in the source module: apply the expand step first")
    table_at, getattr_at, table = parts
    body = [s for i, s in enumerate(module.body) if i not in (table_at, getattr_at)]
    return module.with_changes(body=body).code.rstrip("\n") + "\n\n\n" + shim_code(table, warning)


def contract(source_code: str) -> str | Refused:
    """Remove the shim, the moved names from ``__all__``, and the shim's import of the target
    when nothing uses it any more."""
    module = cst.parse_module(source_code)
    parts = _shim_parts(module)
    if parts is None:
        return Refused("no refcoord shim in the source module: nothing to remove")
    table_at, getattr_at, table = parts
    body = [s for i, s in enumerate(module.body) if i not in (table_at, getattr_at)]
    code = module.with_changes(body=body).code
    lines = [line for line in code.splitlines(keepends=True)
             if not (SHIM_MARKER in line and line.startswith("import ") and _unused_alias(line, code))]
    return _without_all_entries("".join(lines), set(table)).rstrip("\n") + "\n"


def _unused_alias(line: str, code: str) -> bool:
    alias = line.split(" as ", 1)[1].split()[0] if " as " in line else ""
    return bool(alias) and code.count(f"{alias}.") == 0


def _without_all_entries(code: str, names: set[str]) -> str:
    module = cst.parse_module(code)

    class Drop(cst.CSTTransformer):
        def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
            if not any(dotted(t.target) == "__all__" for t in updated_node.targets):
                return updated_node
            value = updated_node.value
            if not isinstance(value, (cst.List, cst.Tuple)):
                return updated_node
            keep = [e for e in value.elements
                    if not (isinstance(e.value, cst.SimpleString) and e.value.evaluated_value in names)]
            return updated_node.with_changes(value=value.with_changes(elements=keep))

    return module.visit(Drop()).code


def deprecation_test(source_module: str, moved: Sequence[str], target_module: str, campaign: str) -> str:
    """A test module asserting that the old location warns and still serves the moved names."""
    table = "{\n" + "".join(f'    "{n}": "{target_module}",\n' for n in sorted(moved)) + "}"
    return (f'"""Added by refcoord (campaign {campaign}): {source_module} warns for names that moved."""\n\n'
            "import importlib\n\nimport pytest\n\n"
            f"MOVED = {table}\n\n\n"
            '@pytest.mark.parametrize("name", sorted(MOVED))\n'
            "def test_old_location_warns_and_still_works(name: str) -> None:\n"
            f'    old = importlib.import_module("{source_module}")\n'
            "    with pytest.warns(DeprecationWarning, match=MOVED[name]):\n"
            "        value = getattr(old, name)\n"
            "    assert value is getattr(importlib.import_module(MOVED[name]), name)\n")
