"""Which lines of a documentation file's code samples use an old name, read as Python: the
samples in order as one program (a tutorial imports once, then uses the names), each use
reading the last binding above it; when they do not parse as one, sample by sample. Pure:
sample lines in, line numbers out.

A line *reaches* the old name through an import of one of its spellings (``from pkg.mod
import old``), a use of the name that import binds, or an attribute chain spelled through an
imported module (``import pkg.mod`` then ``pkg.mod.old``). A project's own documentation often
leaves its imports implied (:func:`implied_imports`): the package's name (``markdown.util.
AtomicString(...)`` with no ``import markdown``), and a name its top level exports
(``walk(...)`` in funcy's README). A line is *another's* where the name is bound to something
else: another module's import of that name, an assignment or a definition in the sample
(``markdown = mistune.create_markdown()``), or a read under such a binding. The word in a
string, a comment or a module's path (``from mistune.renderers.markdown import X``) is no use
of the name at all."""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeGuard

from refactor_coord.rewrite.doctest_programs import ExampleLine, program_of


@dataclass(frozen=True, slots=True)
class SampleUses:
    """Of the samples' lines that hold the old name's last part as a word (file lines)."""

    mine: frozenset[int]  #: those that reach the old name
    #: those where it is something else's, or no use at all (the rest may be the old name's)
    theirs: frozenset[int]


def implied_imports(spellings: Iterable[str]) -> list[str]:
    """The imports a project's documentation leaves implied for the old name spelled
    ``spellings`` (its qualified name first): ``import pkg``, and ``from pkg import old``
    where the package's top level exports it (``pkg.old`` is a spelling)."""
    given = list(spellings)
    top = given[0].partition(".")[0]
    exported = [s for s in given if s.count(".") == 1 and s.partition(".")[0] == top]
    leaf = given[0].rpartition(".")[2]
    return [f"import {top}", *([f"from {top} import {leaf}"] if exported else [])]


def sample_uses(
    blocks: Sequence[Sequence[ExampleLine]], spellings: Collection[str], moved: bool = False
) -> SampleUses:
    """How the samples ``blocks`` use the old name spelled ``spellings`` (its qualified name
    first; empty: a method's, whose receivers are not read: no line is mine). ``moved``: the
    name stays the same, elsewhere, so only the lines that spell its old place are mine (an
    import of it, a chain through a module), the bare name read as it is."""
    if not spellings:
        return SampleUses(frozenset(), frozenset())
    lines = [line for block in blocks for line in block]
    whole = _read(program_of(lines), spellings, moved)
    if whole is not None:
        mine, theirs = whole
        return SampleUses(_at(lines, mine), _at(lines, theirs))
    mine_at: set[int] = set()
    theirs_at: set[int] = set()
    for block in blocks:
        read = _read(program_of(block), spellings, moved)
        if read is None:  # not Python as a whole: its import lines still say what they import
            mine_at |= {line.line for line in block if _imports_one(line.code, spellings)}
            continue
        mine_at |= _at(block, read[0])
        theirs_at |= _at(block, read[1])
    return SampleUses(frozenset(mine_at), frozenset(theirs_at))


def _imports_one(code: str, spellings: Collection[str]) -> bool:
    """Whether ``code`` is a line that imports one of ``spellings`` (``from pkg.mod import
    old``)."""
    try:
        tree = ast.parse(code.strip())
    except (SyntaxError, ValueError):
        return False
    node = tree.body[0] if len(tree.body) == 1 else None
    return (
        isinstance(node, ast.ImportFrom)
        and not node.level
        and any(f"{node.module}.{a.name}" in spellings for a in node.names)
    )


def _at(lines: Sequence[ExampleLine], numbers: Iterable[int]) -> frozenset[int]:
    """The file lines of program lines ``numbers`` (1-based)."""
    return frozenset(lines[n - 1].line for n in numbers if 0 < n <= len(lines))


def _read(
    program: str, spellings: Collection[str], moved: bool
) -> tuple[set[int], set[int]] | None:
    """(mine, theirs) program lines; None when ``program`` does not parse."""
    try:
        tree = ast.parse(program)
    except (SyntaxError, ValueError):
        return None
    first = next(iter(spellings))
    leaf, top = first.rpartition(".")[2], first.partition(".")[0]
    bindings = _bindings(tree, spellings.__contains__)
    modules = _modules(tree)
    modules.setdefault(top, top)  # the package's name, where the samples do not bind it
    if not moved and len(implied_imports(spellings)) > 1:  # the package exports it (a move
        bindings.setdefault(leaf, []).insert(0, (0, True))  # keeps the bare name as it reads)
    kinds = (ast.ImportFrom, ast.Attribute) if moved else (ast.ImportFrom, ast.Name, ast.Attribute)
    mine = {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, kinds) and _reaches(node, spellings.__contains__, bindings, modules)
    }
    used = _used(tree, leaf)
    other = _elsewhere(tree, leaf, bindings) - mine
    return mine, other | (_word_lines(program, leaf) - used)


def _elsewhere(tree: ast.Module, leaf: str, bindings: _Bindings) -> set[int]:
    """The lines where ``leaf`` is bound to something else, or read under such a binding, or
    read as an attribute (those that reach the old name are mine, and taken out)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == leaf:
            before = [ours for line, ours in bindings.get(leaf, ()) if line < node.lineno]
            stored = not isinstance(node.ctx, ast.Load)
            if stored or (before and not before[-1]):
                found.add(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(a.name == leaf for a in node.names):
            found.add(node.lineno)  # another module's (ours are mine, taken out above)
        elif isinstance(node, ast.Attribute) and node.attr == leaf:  # not through a spelling:
            found.add(node.end_lineno or node.lineno)  # another module's, or an object's
        elif _defines(node, leaf):
            found.add(node.lineno)
    return found


def _defines(
    node: ast.AST, leaf: str
) -> TypeGuard[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]:
    """Whether ``node`` is a definition (function, class) of the name ``leaf``."""
    definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    return isinstance(node, definition) and node.name == leaf


def _word_lines(program: str, leaf: str) -> set[int]:
    """The program lines that hold ``leaf`` at all (a use or not)."""
    return {n for n, line in enumerate(program.splitlines(), 1) if leaf in line}


def _used(tree: ast.Module, leaf: str) -> set[int]:
    """The lines where ``leaf`` is a name read, bound or imported, or an attribute read (not
    a string, a comment or a module's path)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == leaf:
            found.add(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == leaf:
            found.add(node.end_lineno or node.lineno)
        elif (
            isinstance(node, ast.ImportFrom) and any(a.name == leaf for a in node.names)
        ) or _defines(node, leaf):
            found.add(node.lineno)
    return found


def _reaches(
    node: ast.ImportFrom | ast.Name | ast.Attribute,
    accept: Callable[[str], bool],
    bindings: _Bindings,
    modules: dict[str, str],
) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (
            bool(node.module)
            and not node.level
            and any(accept(f"{node.module}.{a.name}") for a in node.names)
        )
    if isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load):
            return False
        before = [ours for line, ours in bindings.get(node.id, ()) if line < node.lineno]
        return bool(before) and before[-1]
    dotted = _dotted(node, modules)
    return bool(dotted) and accept(dotted)


#: Each name a program binds: (line, whether it is bound to the old name), in line order.
_Bindings = dict[str, list[tuple[int, bool]]]


def _bindings(tree: ast.Module, accept: Callable[[str], bool]) -> _Bindings:
    """Each name the program binds: the lines that bind it, in order, each with whether it
    binds it to a qualified name ``accept`` holds for (an import of it) or to anything else
    (another import, an assignment, a definition). A use reads the last binding above it."""
    found: _Bindings = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                qualified = f"{node.module}.{alias.name}"
                ours = bool(node.module) and not node.level and accept(qualified)
                found.setdefault(alias.asname or alias.name, []).append((node.lineno, ours))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.partition(".")[0]
                found.setdefault(name, []).append((node.lineno, False))
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.setdefault(node.id, []).append((node.lineno, False))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.setdefault(node.name, []).append((node.lineno, False))
        elif isinstance(node, ast.arg):  # a parameter (read as bound from its line on)
            found.setdefault(node.arg, []).append((node.lineno, False))
    return {name: sorted(lines) for name, lines in found.items()}


def _modules(tree: ast.Module) -> dict[str, str]:
    """The names the program's ``import`` statements bind, to the module each stands for
    (``import a.b``: ``a``; ``import a.b as m``: ``m`` is ``a.b``; ``from a import b``:
    ``b`` is ``a.b``), and the other names it binds, to nothing (a name the samples bind is
    not the package's)."""
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.partition(".")[0]
                modules[name] = alias.name if alias.asname else name
        elif isinstance(node, ast.ImportFrom):  # a module, or a name: a chain on it is X.Y.z
            base = node.module if node.module and not node.level else ""
            modules.update({a.asname or a.name: base and f"{base}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            modules.setdefault(node.id, "")
    return modules


def _dotted(node: ast.expr, modules: dict[str, str]) -> str:
    """``a.b.c`` of an attribute chain on an imported module's name, the module spelled as
    imported (else ``""``)."""
    if isinstance(node, ast.Name):
        return modules.get(node.id, "")
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, modules)
        return f"{base}.{node.attr}" if base else ""
    return ""
