"""Repository-relative file paths -> dotted module names (pure: no disk access).

Layouts: a ``src/`` layout, a flat layout (packages at the repository root), several top-level
packages, namespace packages (directories without ``__init__.py``), ``conftest.py`` and test
files. Configured ``source_roots`` replace detection. A file's module name is its path below
the deepest source root that contains it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Directory names never descended into, wherever they are.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "__pycache__",
        "node_modules",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        ".refcoord",
        ".idea",
        ".vscode",
    }
)
#: Directory names skipped at the repository root only (build output).
SKIPPED_ROOT_DIRS = frozenset({"build", "dist"})


@dataclass(frozen=True, slots=True)
class ModuleFile:
    """A Python file and the module name it is imported as."""

    path: str  #: repository-relative POSIX path
    module: str  #: dotted module name (a sanitised stand-in when the path is not importable)
    is_package: bool  #: the file is a package's ``__init__.py``
    importable: bool  #: every path component is a valid identifier
    is_test: bool  #: a test file or ``conftest.py``


def detect_source_roots(dirs_with_python: Iterable[str]) -> tuple[str, ...]:
    """Source roots of a repository, given the directories that hold Python files.

    ``src`` is a root when it exists; the repository root always is, so that tests, scripts and
    flat-layout packages are found too.
    """
    roots = {""}
    for d in dirs_with_python:
        if d == "src" or d.startswith("src/"):
            roots.add("src")
    return tuple(sorted(roots, key=len, reverse=True))


def source_roots_for(configured: Sequence[str] | None, paths: Iterable[str]) -> tuple[str, ...]:
    """The configured ``source_roots``, else those detected from the Python files' paths."""
    if configured:
        return tuple(configured)
    return detect_source_roots({p.rsplit("/", 1)[0] for p in paths if "/" in p})


def is_excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` matches one of the ``exclude`` globs (``dir/**`` matches a whole tree)."""
    for pattern in patterns:
        if pattern.endswith("/**") and (path + "/").startswith(pattern[:-2]):
            return True
        if fnmatch.fnmatchcase(path, pattern):
            return True
    return False


def descends_into(name: str, parent: str, exclude: Sequence[str]) -> bool:
    """Whether the walk of a repository enters the directory ``name`` inside ``parent`` (a
    repository-relative path, "" at the root)."""
    if name in SKIPPED_DIRS or name.endswith(".egg-info"):
        return False
    if not parent and name in SKIPPED_ROOT_DIRS:
        return False
    return not is_excluded(f"{parent}/{name}" if parent else name, exclude)


def is_walked(path: str, exclude: Sequence[str]) -> bool:
    """Whether a file at ``path`` (repository-relative) is one the walk of the repository lists
    (as a file of a git tree: its directories are entered and it is not excluded)."""
    parts = path.split("/")
    parents = ["/".join(parts[:i]) for i in range(len(parts) - 1)]
    return all(
        descends_into(name, parent, exclude)
        for name, parent in zip(parts[:-1], parents, strict=True)
    ) and not is_excluded(path, exclude)


def module_file(path: str, roots: Sequence[str]) -> ModuleFile:
    """Map one ``.py`` path to its module under the deepest matching root."""
    root = next(
        r for r in sorted(roots, key=len, reverse=True) if not r or path.startswith(r + "/")
    )
    rel = path[len(root) + 1 :] if root else path
    parts = rel[:-3].split("/")
    is_package = parts[-1] == "__init__"
    if is_package and len(parts) > 1:
        parts = parts[:-1]
    importable = all(p.isidentifier() for p in parts)
    module = ".".join(p if p.isidentifier() else _sanitise(p) for p in parts)
    name = parts[-1]
    is_test = (
        name == "conftest"
        or name.startswith("test_")
        or name.endswith("_test")
        or "tests" in parts[:-1]
        or "test" in parts[:-1]
    )
    return ModuleFile(path, module, is_package, importable, is_test)


def _sanitise(part: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in part)
    return cleaned if cleaned.isidentifier() else f"_{cleaned}"


def map_modules(
    paths: Iterable[str], roots: Sequence[str]
) -> tuple[list[ModuleFile], list[tuple[str, str]]]:
    """Map every path; a second file claiming a module name already taken is returned skipped."""
    taken: dict[str, str] = {}
    files: list[ModuleFile] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(paths, key=_package_first):
        mf = module_file(path, roots)
        if mf.module in taken:
            skipped.append(
                (path, f"module name '{mf.module}' is already taken by {taken[mf.module]}")
            )
            continue
        taken[mf.module] = path
        files.append(mf)
    return files, skipped


def _package_first(path: str) -> tuple[str, int, str]:
    # `pkg/__init__.py` wins over a stray `pkg.py` beside it, as in Python's import system.
    stem = path[:-3]
    if stem.endswith("/__init__"):
        return (stem[: -len("/__init__")], 0, path)
    return (stem, 1, path)
