"""The project's own version, wherever it is kept: the files that state it, else the installed
distribution's metadata (with the project's interpreter), else the latest VCS tag when the build
takes the version from the tags. ``remove_in`` is checked against it."""

from __future__ import annotations

from pathlib import Path

from refactor_coord.adapters import git_repo
from refactor_coord.adapters.source_files import read_source
from refactor_coord.adapters.test_runner import installed_version
from refactor_coord.analysis.project_version import (
    ProjectVersion,
    distribution_name,
    find_project_version,
    version_from_vcs,
)

#: where refcoord looked, for the message when it found nothing
LOOKED_IN = (
    "pyproject.toml, setup.cfg, setup.py, PKG-INFO, __version__, the installed distribution's "
    "metadata, the latest git tag when the build takes the version from it"
)


def project_version(repo: Path, top_module_path: str | None) -> ProjectVersion | None:
    """The project's version and where it was found, or None when refcoord cannot tell."""

    def read(path: str) -> str | None:
        return read_source(repo / path)

    found = find_project_version(read, top_module_path)
    if found is not None:
        return found
    name = distribution_name(read)
    installed = installed_version(repo, name) if name else None
    if name and installed:
        return ProjectVersion(installed, f"the installed distribution {name}'s metadata")
    tag = git_repo.latest_tag(repo) if version_from_vcs(read) else None
    if tag:
        return ProjectVersion(tag.removeprefix("v"), f"the latest git tag, {tag}")
    return None
