"""Where a project declares its version, read from the files' text (pure: the caller reads).

Looked for in order: ``pyproject.toml`` (``[project] version``, then ``[tool.poetry] version``),
``setup.cfg`` (``[metadata] version``), ``setup.py`` (a ``version="..."`` argument or a
``__version__ = "..."`` string), ``PKG-INFO`` (an unpacked sdist), then a ``__version__ =
"..."`` string (also chained: ``__version__ = version = "1.5.0"``, as setuptools-scm writes it)
in the top-level package (``__init__.py``, ``__about__.py``, ``__version__.py``, ``_version.py``,
``version.py``) or in the module of a project that is a single module. A version computed at
build time is not there to read: :func:`version_from_vcs` says when the build takes it from the
VCS tags, and :func:`distribution_name` names the distribution whose installed metadata has it.
"""

from __future__ import annotations

import ast
import configparser
from collections.abc import Callable
from dataclasses import dataclass

from refactor_coord.analysis.parsing import parsed_or_none
from refactor_coord.domain import toml as tomllib

#: Reads a repository-relative path; None when there is no such file.
ReadText = Callable[[str], str | None]

_VERSION_MODULES = ("__init__.py", "__about__.py", "__version__.py", "_version.py", "version.py")
#: build plugins that take the version from the VCS tags
_VCS_VERSION = (
    "setuptools_scm",
    "setuptools-scm",
    "hatch-vcs",
    "hatch_vcs",
    "versioneer",
    "use_scm_version",
    "poetry-dynamic-versioning",
)


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
        or _from_pkg_info(read("PKG-INFO"))
    )
    if found is not None:
        return found
    for path in _version_files(top_module):
        version = _dunder_version(read(path))
        if version is not None:
            return ProjectVersion(version, f"__version__ in {path}")
    return None


def version_from_vcs(read: ReadText) -> bool:
    """Whether the build takes the version from the VCS tags (setuptools-scm, hatch-vcs,
    versioneer, ...), as its configuration says."""
    texts = (read(p) for p in ("pyproject.toml", "setup.cfg", "setup.py"))
    return any(plugin in text for text in texts if text for plugin in _VCS_VERSION)


def distribution_name(read: ReadText) -> str | None:
    """The project's distribution name (``[project] name``, poetry's, setup.cfg's)."""
    try:
        data = tomllib.loads(read("pyproject.toml") or "")
    except tomllib.TOMLDecodeError:
        data = {}
    for table in (data.get("project"), data.get("tool", {}).get("poetry")):
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            return str(table["name"])
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(read("setup.cfg") or "")
    except configparser.Error:
        return None
    return parser.get("metadata", "name", fallback="").strip() or None


def _from_pkg_info(text: str | None) -> ProjectVersion | None:
    for line in (text or "").splitlines():
        if line.startswith("Version:"):
            return ProjectVersion(line.partition(":")[2].strip(), "PKG-INFO Version")
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
    tree = parsed_or_none(text)
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


def _dunder_version(text: str | None) -> str | None:
    tree = parsed_or_none(text)
    return None if tree is None else _dunder_in(tree)


def _dunder_in(tree: ast.Module) -> str | None:
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else ([node.target] if isinstance(node, ast.AnnAssign) else [])
        )
        value = getattr(node, "value", None)
        if (
            any(isinstance(t, ast.Name) and t.id == "__version__" for t in targets)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return value.value
    return None
