"""Which test files the project's own pytest collects, from its configuration (pure: the caller
reads the files).

``apply --tests affected`` names test files on pytest's command line, and pytest runs a file
named there even when its configuration would never collect it (a helper module under
``tests/``, a directory in ``norecursedirs``). So the files a step names are only those pytest
would collect on its own: a name matching ``python_files``, no directory matching
``norecursedirs``, and under ``testpaths`` when that is set.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

from refactor_coord.domain import toml as tomllib

#: Where pytest looks for its configuration, in its order, with the table each file uses.
CONFIG_FILES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")
_INI_SECTIONS = {
    "pytest.ini": "pytest",
    ".pytest.ini": "pytest",
    "tox.ini": "pytest",
    "setup.cfg": "tool:pytest",
}
_DEFAULT_NORECURSE = (
    "*.egg",
    ".*",
    "_darcs",
    "build",
    "CVS",
    "dist",
    "node_modules",
    "venv",
    "{arch}",
)
_DEFAULT_FILES = ("test_*.py", "*_test.py")


@dataclass(frozen=True, slots=True)
class PytestSelection:
    """The settings that decide which files pytest collects."""

    python_files: tuple[str, ...] = _DEFAULT_FILES
    norecursedirs: tuple[str, ...] = _DEFAULT_NORECURSE
    testpaths: tuple[str, ...] = ()

    def collects(self, path: str) -> bool:
        """Whether pytest, run at the repository root, collects the file at ``path``."""
        *dirs, name = path.split("/")
        if name == "conftest.py" or not any(
            _matches(path, pattern) for pattern in self.python_files
        ):
            return False
        prefixes = ["/".join(dirs[: i + 1]) for i in range(len(dirs))]
        if any(_matches(prefix, pattern) for prefix in prefixes for pattern in self.norecursedirs):
            return False
        return not self.testpaths or any(
            path.startswith(t.rstrip("/") + "/")
            or fnmatch(path, t)
            or fnmatch(path, t.rstrip("/") + "/*")
            for t in self.testpaths
        )


def _matches(path: str, pattern: str) -> bool:
    """pytest's ``fnmatch_ex``: a pattern without ``/`` matches the last name, one with ``/`` the
    path's end."""
    if "/" not in pattern:
        return fnmatch(path.rsplit("/", 1)[-1], pattern)
    return fnmatch(path, pattern) or fnmatch(path, "*/" + pattern)


def pytest_selection(texts: Mapping[str, str | None]) -> PytestSelection:
    """The selection from the first of :data:`CONFIG_FILES` (by name -> text) that configures
    pytest, as pytest picks it; the defaults when none does."""
    for name in CONFIG_FILES:
        options = _options(name, texts.get(name))
        if options is not None:
            return PytestSelection(
                _words(options.get("python_files")) or _DEFAULT_FILES,
                _words(options.get("norecursedirs")) or _DEFAULT_NORECURSE,
                _words(options.get("testpaths")),
            )
    return PytestSelection()


def _options(name: str, text: str | None) -> Mapping[str, Any] | None:
    if text is None:
        return None
    if name == "pyproject.toml":
        try:
            tool = tomllib.loads(text).get("tool", {})
        except tomllib.TOMLDecodeError:
            return None
        pytest = tool.get("pytest") if isinstance(tool, dict) else None
        if not isinstance(pytest, dict):
            return None
        ini = pytest.get("ini_options")
        return ini if isinstance(ini, dict) else pytest
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    section = _INI_SECTIONS[name]
    if not parser.has_section(section):
        return {} if name.endswith("pytest.ini") else None  # an empty pytest.ini still decides
    return dict(parser.items(section))


def _words(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()
