"""The kit's scope model against the index's walk, on the interpreter's standard library.

Both decide which binding a name load reaches; the codemods use the first, the index the
second, and they must not disagree about what a name means. For every module, this compares the
loads of the module's own globals (names no import binds) that each finds at module scope,
position by position, and prints the agreement and the first disagreements. Run by hand::

    python benchmarks/scope_agreement.py [--limit N]

``tests/test_scope_model.py`` runs the same comparison on a slice of the standard library.
"""

from __future__ import annotations

import argparse
import ast
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refactor_coord.analysis.extract_ast import extract_with_ast
from refactor_coord.rewrite.scope import module_scope

#: index kinds that are not plain loads of a name (a string, __all__, getattr(mod, "x"))
_NOT_LOADS = ("dynamic", "string", "export")


@dataclass(frozen=True, slots=True)
class Agreement:
    """One module's comparison: loads both found, and those only one of them found."""

    path: str
    both: int
    index_only: tuple[tuple[str, int, int], ...]
    model_only: tuple[tuple[str, int, int], ...]


def compare(path: Path, root: Path) -> Agreement | None:
    """The comparison for one file (None when it does not parse)."""
    source = path.read_bytes()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    lines = source.decode("utf-8", "replace").splitlines()
    own = _own_globals(tree)
    index = {
        (row[0].split(".")[1], row[1], row[2])
        for row in extract_with_ast(tree, source, "m", False).uses
        if row[0].startswith("m.") and row[0].split(".")[1] in own and row[3] not in _NOT_LOADS
        and not row[7].startswith("through")  # self.x: the index names the class
        and ".()" not in row[0]  # x.attr, x = C(): the index reads it as C's attribute
    }  # fmt: skip
    model = {
        (name, use.line, _char_col(lines, use.line, use.col))
        for name, uses in module_scope(tree).uses.items()
        if name in own
        for use in uses
        if not use.in_string  # the index places names in string annotations otherwise
    }
    return Agreement(
        str(path.relative_to(root)),
        len(index & model),
        tuple(sorted(index - model)),
        tuple(sorted(model - index)),
    )


def _own_globals(tree: ast.Module) -> set[str]:
    """Names the module binds at its top level, by anything but an import; no dunders."""
    bound = set(module_scope(tree).bound_at)
    imported: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported |= {a.asname or a.name.split(".")[0] for a in node.names}
        if _binds_import_module(node):  # the index takes ``m = import_module("m")`` as an
            assert isinstance(node, ast.Assign)  # import (FACTS_VERSION 9)
            imported |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        stack.extend(ast.iter_child_nodes(node))
    return {n for n in bound - imported if not n.startswith("__")}


def _binds_import_module(node: ast.AST) -> bool:
    """``name = import_module("a.b")`` or ``importlib.import_module(...)``."""
    if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
        return False
    func = node.value.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return called == "import_module"


def _char_col(lines: list[str], line: int, byte_col: int) -> int:
    text = lines[line - 1] if line - 1 < len(lines) else ""
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", "ignore")) + 1


def stdlib_files(limit: int | None = None) -> Iterator[tuple[Path, Path]]:
    """(file, the standard library's root) for the interpreter's own standard library."""
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)
    for path in files[:limit]:
        yield path, root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="compare the first N files")
    limit = parser.parse_args().limit
    results = [r for path, root in stdlib_files(limit) if (r := compare(path, root))]
    both = sum(r.both for r in results)
    index_only = [(r.path, x) for r in results for x in r.index_only]
    model_only = [(r.path, x) for r in results for x in r.model_only]
    total = both + len(index_only) + len(model_only)
    print(f"{len(results)} files, {total} loads of module globals compared")
    print(f"agree: {both} ({both / total:.4%})")
    print(f"index only: {len(index_only)}; scope model only: {len(model_only)}")
    for side, found in (("index only", index_only), ("scope model only", model_only)):
        for path, (name, line, col) in found[:15]:
            print(f"  {side}: {path}:{line}:{col} {name}")


if __name__ == "__main__":
    main()
