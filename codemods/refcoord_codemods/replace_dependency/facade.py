"""The facade module: written by the expand step, read by every later one.

Its shape (``templates/facade.py.j2``): the flag's reader, then one ``if`` whose first branch
imports each name from the old dependency and whose ``else`` branch defines it on the new
backend. That ``if`` is the facade's table: :func:`read_facade` gets from it which old name each
facade name stands for, the stubs left (lines marked ``# refcoord: stub``) and the default.
Pure: text in, text out.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from refactor_coord.domain.recipes import Target
from refactor_coord.domain.surface import FacadeName
from refactor_coord.rewrite.dunder_all import read_all
from refactor_coord.rewrite.import_block import member_key
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.templates import render
from refcoord_codemods.replace_dependency.backends import Backed

_PACKAGE = "refcoord_codemods.replace_dependency"
#: the comment that marks a name no backend maps (flip is refused while one remains)
STUB_MARK = "# refcoord: stub"
_INDENT = "    "
_DEFINED = re.compile(r"^\s*(?:def|class)\s+(\w+)")
_DEFAULT = re.compile(r'^_DEFAULT = "(old|new)"', re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Labels:
    """How the facade names things: the refactoring, the flag, the two backends."""

    refactor: str
    facade: str
    flag: str
    old: str  #: the old dependency's import name
    new: str  #: the new backend, as users know it (``simplejson``, ``the standard library``)
    differences: tuple[str, ...] = ()


def render_facade(labels: Labels, entries: Sequence[Backed], prelude: Sequence[str]) -> str:
    """The facade's text: the flag, the old branch importing every name from the old
    dependency, the new branch defining it on the new backend (``prelude``: import lines the
    new backend needs first)."""
    choices = {"old": "old", "new": "new", labels.old.lower(): "old"}
    if " " not in labels.new:
        choices.setdefault(labels.new.lower(), "new")
    return render(
        _PACKAGE,
        "facade.py.j2",
        doc_title=f"The project's layer over {labels.old}, on its way to {labels.new}.",
        paragraph=textwrap.fill(
            f'refcoord replace-dependency "{labels.refactor}": code imports what it needs of '
            f"{labels.old} from here. The backend is chosen once, when this module is first "
            f'imported, by the environment variable {labels.flag}: "old" ({labels.old}) or '
            f'"new" ({labels.new}); the library names are accepted too, and anything else is '
            "an error that names the variable and the valid values. Unset, _DEFAULT applies. "
            "The variable reaches the processes a test run starts, so a whole suite runs on "
            "one backend.",
            79,
            break_on_hyphens=False,
        ),
        refactor=labels.refactor,
        flag=labels.flag,
        old=labels.old,
        new=labels.new,
        differences=[_bullet(d) for d in labels.differences],
        choices="{" + ", ".join(f'"{k}": "{v}"' for k, v in choices.items()) + "}",
        old_branch=_indented(_old_imports([e.name for e in entries])),
        new_branch=_indented(_new_definitions(entries, prelude)),
        exported=["BACKEND", *sorted((e.name.leaf for e in entries), key=member_key)],
    )


def _bullet(text: str) -> str:
    """A checklist item wrapped to the facade's width."""
    return "\n".join(
        textwrap.wrap(
            text, 79, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False
        )
    )


def _indented(blocks: Sequence[str]) -> str:
    lines = "\n".join(blocks).splitlines()
    return "\n".join(_INDENT + line if line else "" for line in lines) or f"{_INDENT}pass"


def _old_imports(names: Sequence[FacadeName]) -> list[str]:
    """``import <old>`` for the module itself, then a ``from`` import a module."""
    by_module: dict[str, list[str]] = {}
    for n in names:
        by_module.setdefault(n.module, []).append(n.leaf)
    itself = [f"import {leaf}" for leaf in by_module.pop("", [])]
    return itself + [
        _from_import(module, sorted(leaves, key=member_key))
        for module, leaves in sorted(by_module.items())
    ]


def _from_import(module: str, leaves: Sequence[str]) -> str:
    line = f"from {module} import {', '.join(leaves)}"
    if len(line) <= 75:
        return line
    inner = "".join(f"{_INDENT}{leaf},\n" for leaf in leaves)
    return f"from {module} import (\n{inner})"


def _new_definitions(entries: Sequence[Backed], prelude: Sequence[str]) -> list[str]:
    """The new branch: the recipe's prelude, the imports (the names' own and what their code
    needs), the values, then each definition and stub, a blank line apart."""
    simple: list[str] = []
    needs: list[str] = []
    blocks: list[str] = []
    for entry in sorted(entries, key=lambda e: member_key(e.name.leaf)):
        target, leaf = entry.target, entry.name.leaf
        simple += target.needs
        if target.kind in ("name", "module"):
            simple.append(_import_of(target, leaf))
        elif target.kind == "value":
            if target.value != leaf:  # else the imports it needs bind it
                simple.append(f"{leaf} = {target.value}")
        elif target.kind == "code":
            blocks.append(textwrap.dedent(target.value).strip())
        elif entry.name.module:
            blocks.append(_stub(leaf, entry.name.qualified, target.value))
        else:
            needs.append("import types as _types")
            blocks.append(_module_stub(leaf, target.value))
    overlay = _overlay(entries)
    needs += ["import types as _types"] if overlay else []
    head, definitions = _prelude_parts(prelude)
    written = {line.strip() for line in head}  # the prelude's imports are in place
    imports = _merged(
        [
            line
            for line in (*needs, *simple)
            if line.startswith(("import ", "from ")) and line not in written
        ]
    )
    values = [line for line in simple if not line.startswith(("import ", "from "))]
    parts = [head, imports, *definitions, values, *([b] for b in blocks), overlay]
    lines: list[str] = []
    for part in (p for p in parts if p):
        lines += ["", *part] if lines else part
    return lines


def _prelude_parts(prelude: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """The recipe's prelude split into its imports (an ``if`` that only imports counts:
    ``tomllib`` or ``tomli``), which go first with the names' own, and its definitions, which
    follow them: at the top level after contract, imports stay above code (E402)."""
    lines = list(prelude)
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return lines, []
    head: list[str] = []
    definitions: list[list[str]] = []
    for stmt in tree.body:
        chunk = lines[stmt.lineno - 1 : stmt.end_lineno or stmt.lineno]
        if _imports_only(stmt):
            head += chunk
        else:
            definitions.append(chunk)
    return head, definitions


def _imports_only(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        return True
    return isinstance(stmt, ast.If) and all(_imports_only(s) for s in (*stmt.body, *stmt.orelse))


def _overlay(entries: Sequence[Backed]) -> list[str]:
    """Where the facade exposes the old module itself (code keeps it whole) on a new module
    and also names of it: the module object becomes a copy of the new module with the
    facade's own names laid over it, so that ``json.loads`` read through the module object
    gets the facade's adapter, as ``loads`` imported from the facade does."""
    itself = next((e for e in entries if not e.name.module and e.target.kind != "stub"), None)
    if itself is None:
        return []
    leaf = itself.name.leaf
    names = sorted(e.name.leaf for e in entries if e.name.module == leaf)
    if not names:
        return []
    laid = ", ".join(f"{n}={n}" for n in names)
    return [
        f"_whole = {leaf}",
        f"{leaf} = _types.ModuleType(_whole.__name__, _whole.__doc__)",
        f"vars({leaf}).update(vars(_whole))",
        *_wrapped(f"vars({leaf}).update(", laid, ")"),
    ]


def _wrapped(head: str, items: str, tail: str) -> list[str]:
    """``head items tail`` on one line, or the items one a line inside."""
    line = f"{head}{items}{tail}"
    if len(line) <= 75:
        return [line]
    return [head, *(f"{_INDENT}{item.strip()}," for item in items.split(",")), tail]


def _merged(imports: Sequence[str]) -> list[str]:
    """Import lines sorted, the ``from`` imports of one module made one."""
    plain = sorted({line for line in imports if line.startswith("import ")})
    by_module: dict[str, list[str]] = {}
    for line in imports:
        if line.startswith("from "):
            module, _, names = line.removeprefix("from ").partition(" import ")
            by_module.setdefault(module, []).append(names)
    froms = [
        _from_import(module, sorted(set(names), key=member_key))
        for module, names in sorted(by_module.items())
    ]
    return [*plain, *froms]


def _import_of(target: Target, leaf: str) -> str:
    """``from json import loads``, ``from httpx import Client as Session``, ``import pickle as
    cPickle``: the import that binds ``leaf`` to the target."""
    module, _, attr = target.value.rpartition(".")
    if not module:
        return f"import {attr}" + ("" if attr == leaf else f" as {leaf}")
    return f"from {module} import {attr}" + ("" if attr == leaf else f" as {leaf}")


def _stub(leaf: str, qualified: str, reason: str) -> str:
    words = textwrap.wrap(
        f"{qualified} has no new backend yet: {reason}", 64, break_on_hyphens=False
    )
    message = "".join(f"{_INDENT * 2}{json.dumps(w + ' ')}\n" for w in words[:-1])
    message += f"{_INDENT * 2}{json.dumps(words[-1])}\n"
    return (
        f"def {leaf}(*args, **kwargs):  {STUB_MARK}\n"
        f"{_INDENT}raise NotImplementedError(\n{message}{_INDENT})"
    )


def _module_stub(leaf: str, reason: str) -> str:
    """A module object whose every attribute raises NotImplementedError saying why."""
    words = textwrap.wrap(
        f"{leaf} (the module itself) has no new backend yet: {reason}", 60, break_on_hyphens=False
    )
    message = "".join(f"{_INDENT * 3}{json.dumps(w + ' ')}\n" for w in words[:-1])
    message += f"{_INDENT * 3}{json.dumps(words[-1])}\n"
    return (
        f"class {leaf}(_types.ModuleType):  {STUB_MARK}\n"
        f"{_INDENT}def __getattr__(self, name: str) -> object:\n"
        f"{_INDENT * 2}raise NotImplementedError(\n{message}{_INDENT * 2})\n\n"
        f'{leaf} = {leaf}("{leaf}")  # type: ignore[assignment,misc]'
    )


@dataclass(frozen=True, slots=True)
class FacadeTable:
    """What a facade says about itself."""

    names: dict[str, str]  #: facade name -> the old qualified name it stands for
    stubs: tuple[str, ...]  #: "old name (line N)" of each definition still marked as a stub
    default: str  #: "old" or "new"


def read_facade(text: str | None) -> FacadeTable | Refused:
    """The facade's table, or why ``text`` is not a facade refcoord wrote."""
    if text is None:
        return Refused("the facade module does not exist: apply the expand step first")
    found = _backend_if(text)
    if isinstance(found, Refused):
        return found
    names: dict[str, str] = {}
    for stmt in found.body:
        if isinstance(stmt, ast.Import):  # the old module itself
            names.update({alias.asname or alias.name: alias.name for alias in stmt.names})
        if isinstance(stmt, ast.ImportFrom) and stmt.module:
            for alias in stmt.names:
                names[alias.asname or alias.name] = f"{stmt.module}.{alias.name}"
    default = _DEFAULT.search(text)
    stubs = tuple(
        f"{names.get(defined.group(1), defined.group(1))} (line {number})"
        for number, line in enumerate(text.splitlines(), start=1)
        if line.rstrip().endswith(STUB_MARK) and (defined := _DEFINED.search(line))
    )
    return FacadeTable(names, stubs, default.group(1) if default else "old")


def _backend_if(text: str) -> ast.If | Refused:
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        return Refused(f"the facade module does not parse: {error.msg} (line {error.lineno})")
    for stmt in tree.body:
        if isinstance(stmt, ast.If) and "BACKEND" in ast.unparse(stmt.test) and stmt.orelse:
            return stmt
    return Refused(
        'the facade module has no `if ... BACKEND == "old": ... else: ...` block: '
        "it was not written by refcoord's expand step, or was changed by hand"
    )


def flipped(text: str) -> str | Refused:
    """The facade with the new backend as its default."""
    if _DEFAULT.search(text) is None:
        return Refused('the facade has no `_DEFAULT = "old"` line to flip')
    return _DEFAULT.sub('_DEFAULT = "new"', text, count=1)


def contracted(text: str, labels: Labels) -> str | Refused:
    """The facade over the new backend only: the flag, its reader and the old branch gone,
    the new branch's code (as it stands, hand edits kept) at the top level."""
    found = _backend_if(text)
    if isinstance(found, Refused):
        return found
    lines = text.splitlines()
    start = found.orelse[0].lineno - 1
    start -= _leading_comments(lines, start)
    end = found.orelse[-1].end_lineno or len(lines)
    body = _spaced(textwrap.dedent("\n".join(lines[start:end])).strip("\n"))
    listed = read_all(text).listed or frozenset()
    return render(
        _PACKAGE,
        "facade_contracted.py.j2",
        doc_title=f"The project's layer over {labels.new}.",
        paragraph=textwrap.fill(
            f'refcoord replace-dependency "{labels.refactor}" moved the project from '
            f"{labels.old} to {labels.new}: code imports what it needs of it from here.",
            79,
        ),
        body=body,
        exported=sorted(listed - {"BACKEND"}, key=member_key),
    )


def _spaced(body: str) -> str:
    """The new branch's code at the top level, spaced as PEP 8 spaces it there: two blank
    lines before a top-level ``def``/``class`` (or its decorators) and after its body."""
    out: list[str] = []
    for line in body.splitlines():
        top = bool(line) and not line[0].isspace()
        opens = top and line.startswith(("def ", "async def ", "class ", "@"))
        after_block = top and any(o.strip() for o in out) and _last_code(out)[:1].isspace()
        decorated = bool(out) and _last_code(out).startswith("@")
        if (opens or after_block) and out and not decorated:
            while out and not out[-1].strip():
                out.pop()
            out += ["", ""]
        out.append(line)
    return "\n".join(out)


def _last_code(lines: Sequence[str]) -> str:
    return next((line for line in reversed(lines) if line.strip()), "")


def _leading_comments(lines: Sequence[str], start: int) -> int:
    count = 0
    while start - count - 1 >= 0 and lines[start - count - 1].strip().startswith("#"):
        count += 1
    return count
