"""Where a project declares its version, read from the files' text (pure: the caller reads).

Looked for in order: ``pyproject.toml`` (``[project] version``, then ``[tool.poetry] version``),
``setup.cfg`` (``[metadata] version``), ``setup.py`` (a ``version="..."`` argument or a
``__version__ = "..."`` string), then a ``__version__ = "..."`` string in the top-level package
(``__init__.py``, ``__about__.py``, ``_version.py``, ``version.py``) or in the module of a
project that is a single module. A version computed at build
time (``dynamic``, setuptools-scm, ``attr:`` pointing elsewhere) is not there to read.
"""

from __future__ import annotations

import ast
import configparser
from collections.abc import Callable
from dataclasses import dataclass

from refactor_coord.domain import toml as tomllib

#: Reads a repository-relative path; None when there is no such file.
ReadText = Callable[[str], str | None]

_VERSION_MODULES = ("__init__.py", "__about__.py", "_version.py", "version.py")


@dataclass(frozen=True, slots=True)
class ProjectVersion:
    """A version and where it was declared (for messages)."""

    version: str
    where: str


def find_project_version(read: ReadText, top_module: str | None) -> ProjectVersion | None:
    """The project's declared version, or None when no file states it. ``top_module`` is the
    repository-relative file of the top-level package (its ``__init__.py``) or of a project
    that is a single module, where ``__version__`` may be."""
    found = (
        _from_pyproject(read("pyproject.toml"))
        or _from_setup_cfg(read("setup.cfg"))
        or _from_setup_py(read("setup.py"))
    )
    if found is not None:
        return found
    for path in _version_files(top_module):
        version = _dunder_version(read(path))
        if version is not None:
            return ProjectVersion(version, f"__version__ in {path}")
    return None


def _version_files(top_module: str | None) -> tuple[str, ...]:
    if top_module is None:
        return ()
    head, _, name = top_module.rpartition("/")
    if name != "__init__.py":
        return (top_module,)  # a single-module project
    return tuple(f"{head}/{module}" if head else module for module in _VERSION_MODULES)


def _from_pyproject(text: str | None) -> ProjectVersion | None:
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    project = data.get("project", {})
    if isinstance(project, dict) and isinstance(project.get("version"), str):
        return ProjectVersion(project["version"], "pyproject.toml [project] version")
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict) and isinstance(poetry.get("version"), str):
        return ProjectVersion(poetry["version"], "pyproject.toml [tool.poetry] version")
    return None


def _from_setup_cfg(text: str | None) -> ProjectVersion | None:
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    version = parser.get("metadata", "version", fallback="").strip()
    if not version or version.startswith(("attr:", "file:")):
        return None
    return ProjectVersion(version, "setup.cfg [metadata] version")


def _from_setup_py(text: str | None) -> ProjectVersion | None:
    tree = _parsed(text)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", "")) == "setup"
        ):
            for keyword in node.keywords:
                if (
                    keyword.arg == "version"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                ):
                    return ProjectVersion(keyword.value.value, "setup.py version")
    version = _dunder_in(tree)
    return ProjectVersion(version, "__version__ in setup.py") if version is not None else None


def _parsed(text: str | None) -> ast.Module | None:
    if text is None:
        return None
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _dunder_version(text: str | None) -> str | None:
    tree = _parsed(text)
    return None if tree is None else _dunder_in(tree)


def _dunder_in(tree: ast.Module) -> str | None:
    for node in tree.body:
        target = (
            node.targets[0]
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            else (node.target if isinstance(node, ast.AnnAssign) else None)
        )
        value = getattr(node, "value", None)
        if (
            isinstance(target, ast.Name)
            and target.id == "__version__"
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return value.value
    return None
