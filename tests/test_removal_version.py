"""``remove_in``: the contract step waits until the project's own version reaches it."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from refactor_coord.adapters.config_file import load_config
from refactor_coord.analysis.project_version import ProjectVersion, find_project_version
from refactor_coord.application.apply import apply_step, choose_next
from refactor_coord.cli import app
from refactor_coord.domain.config import parse_config
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.versions import has_reached, release_of
from tests.conftest import commit_and_plan, write_files


@pytest.mark.parametrize(
    ("version", "removal", "reached"),
    [
        ("2.0", "2.0", True),
        ("2.0.0", "2.0", True),
        ("2.1", "2.0", True),
        ("10.0", "9.5", True),
        ("2.0.0.dev0", "2.0", True),  # the development of 2.0 is when the removal lands
        ("2.0.0rc1", "2.0", True),
        ("1.9.9", "2.0", False),
        ("1.10", "1.9", True),
        ("2", "2.0.1", False),
        ("next", "2.0", None),
        ("2.0", "soon", None),
    ],
)
def test_has_reached_compares_release_numbers(
    version: str, removal: str, reached: bool | None
) -> None:
    assert has_reached(version, removal) is reached


def test_release_of() -> None:
    assert release_of("3.0.0.dev1") == (3, 0, 0)
    assert release_of("v1.2") == (1, 2)
    assert release_of("three") is None


@pytest.mark.parametrize(
    ("files", "top", "found"),
    [
        (
            {"pyproject.toml": '[project]\nname = "p"\nversion = "1.4.0"\n'},
            "pkg/__init__.py",
            ProjectVersion("1.4.0", "pyproject.toml [project] version"),
        ),
        (
            {"pyproject.toml": '[tool.poetry]\nversion = "0.9"\n'},
            "pkg/__init__.py",
            ProjectVersion("0.9", "pyproject.toml [tool.poetry] version"),
        ),
        (
            {
                "pyproject.toml": '[project]\ndynamic = ["version"]\n',
                "setup.cfg": "[metadata]\nversion = 2.1\n",
            },
            "pkg/__init__.py",
            ProjectVersion("2.1", "setup.cfg [metadata] version"),
        ),
        (
            {
                "setup.cfg": "[metadata]\nversion = attr: pkg.__version__\n",
                "src/pkg/__init__.py": '__version__ = "3.0"\n',
            },
            "src/pkg/__init__.py",
            ProjectVersion("3.0", "__version__ in src/pkg/__init__.py"),
        ),
        (
            {"pkg/__about__.py": '__version__: str = "1.0"\n'},
            "pkg/__init__.py",
            ProjectVersion("1.0", "__version__ in pkg/__about__.py"),
        ),
        (
            {"src/tool.py": '__version__ = "0.3"\n', "version.py": '__version__ = "9.9"\n'},
            "src/tool.py",
            ProjectVersion("0.3", "__version__ in src/tool.py"),
        ),  # a single-module project
        (
            {"setup.py": "from setuptools import setup\nsetup(name='p', version='0.4.2')\n"},
            "pkg/__init__.py",
            ProjectVersion("0.4.2", "setup.py version"),
        ),
        (
            {
                "setup.py": (
                    "import setuptools\n__version__ = '24.0.0'\n"
                    "setuptools.setup(version=__version__)\n"
                )
            },
            "pkg/__init__.py",
            ProjectVersion("24.0.0", "__version__ in setup.py"),
        ),  # boltons
        ({"setup.py": "from setuptools import setup\nsetup(use_scm_version=True)\n"}, None, None),
        (
            {
                "pkg/__init__.py": (
                    "from importlib.metadata import version\n__version__ = version('pkg')\n"
                )
            },
            "pkg/__init__.py",
            None,
        ),
        (
            {"pkg/__version__.py": "__version__ = version = '1.5.0'\n"},
            "pkg/__init__.py",
            ProjectVersion("1.5.0", "__version__ in pkg/__version__.py"),
        ),  # setuptools-scm's chained assignment, in __version__.py
        (
            {"PKG-INFO": "Metadata-Version: 2.1\nName: p\nVersion: 4.2.0\n"},
            None,
            ProjectVersion("4.2.0", "PKG-INFO Version"),
        ),  # an unpacked sdist
        ({"pyproject.toml": "not = [toml"}, None, None),
        ({}, None, None),
    ],
)
def test_find_project_version(
    files: dict[str, str], top: str | None, found: ProjectVersion | None
) -> None:
    assert find_project_version(files.get, top) == found


def test_remove_in_must_be_a_version() -> None:
    config, problems = parse_config({"campaign": {"remove_in": "next release"}}, "refcoord.toml")
    assert config is None
    assert problems == [
        (
            "[campaign] remove_in: 'next release' is not a version; "
            'give one such as "3.0" (PEP 440), '
            "compared with the project's own version before the shims are removed"
        )
    ]


def _project(tmp_path: Path, init: str) -> Path:
    """A package with one importer, remove_in = "2.0", its plan committed; every step but the
    contract applied."""
    repo = tmp_path / "proj"
    files = {
        "pkg/__init__.py": init,
        "pkg/util.py": "def slug(x):\n    return x.lower()\n",
        "pkg/app.py": "from pkg.util import slug\n\n\ndef run(x):\n    return slug(x)\n",
        "tests/test_app.py": (
            "from pkg.app import run\n\n\ndef test_run():\n    assert run('A') == 'a'\n"
        ),
        "refcoord.toml": (
            '[campaign]\nname = "ver"\ntests = "none"\nremove_in = "2.0"\n\n[[refactor]]\n'
            'id = "move-slug"\nkind = "extract-module"\nsource = "pkg.util"\ntarget = "pkg.text"\n'
            'symbols = ["slug"]\n'
        ),
    }
    plan = commit_and_plan(write_files(repo, files), "proj")
    config = load_config(repo)
    assert [s.phase for s in plan.steps][-1] == "contract"
    for _ in plan.steps[:-1]:
        apply_step(repo, config, choose_next(repo, config))
    return repo


def test_contract_waits_for_the_version_then_applies(tmp_path: Path) -> None:
    repo = _project(tmp_path, '__version__ = "1.9"\n')
    config = load_config(repo)
    step = choose_next(repo, config)
    head = (repo / ".git/HEAD").read_text()
    with pytest.raises(
        ApplyRefused,
        match=r"announced for version 2\.0; the project is at 1\.9 "
        r"\(__version__ in pkg/__init__\.py\)\. Apply it once",
    ):
        apply_step(repo, config, step)
    assert (repo / ".git/HEAD").read_text() == head and "def __getattr__" in (
        repo / "pkg/util.py"
    ).read_text()
    preview = apply_step(repo, config, step, dry_run=True)  # a preview before the release is fine
    assert preview.diff and preview.notes == (
        (
            "step 4 removes the shim, which the deprecation announced for version 2.0; "
            "the project is at 1.9 (__version__ in pkg/__init__.py): apply refuses it until then"
        ),
    )
    write_files(repo, {"pkg/__init__.py": '__version__ = "2.0.0.dev0"\n'}, commit="start 2.0")
    done = apply_step(repo, config, step)
    assert done.commit is not None and done.notes == ()
    assert "__getattr__" not in (repo / "pkg/util.py").read_text()


def test_contract_without_a_known_version_is_refused_unless_forced(tmp_path: Path) -> None:
    repo = _project(tmp_path, "")
    plan_md = (repo / ".refcoord" / "ver" / "PLAN.md").read_text(encoding="utf-8")
    assert "apply refuses this step unless given --force, once 2.0 is released" in plan_md
    refused = CliRunner().invoke(app, ["apply", "next", "--repo", str(repo)])
    assert refused.exit_code == 4, refused.output
    assert (
        'refcoord: error: remove_in = "2.0", but refcoord cannot tell the project\'s version '
        "(it looked in pyproject.toml, setup.cfg, setup.py, PKG-INFO, __version__, "
    ) in refused.output
    assert "Apply it with --force once 2.0 is released" in refused.output
    result = CliRunner().invoke(app, ["apply", "next", "--force", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "release this step only in 2.0 or later" in result.output
    assert "applied step 4" in result.output


def test_a_version_taken_from_the_vcs_tags_is_read_from_the_latest_tag(tmp_path: Path) -> None:
    repo = _project(tmp_path, "")
    write_files(
        repo,
        {"setup.py": "from setuptools import setup\nsetup(use_scm_version=True)\n"},
        commit="versions from tags",
    )
    config = load_config(repo)
    git.Repo(repo).create_tag("v1.9.0")
    with pytest.raises(
        ApplyRefused, match=r"the project is at 1\.9\.0 \(the latest git tag, v1\.9\.0\)"
    ):
        apply_step(repo, config, choose_next(repo, config))
    write_files(repo, {"CHANGES.txt": "2.0.0: released\n"}, commit="release 2.0.0")
    git.Repo(repo).create_tag("v2.0.0")
    assert apply_step(repo, config, choose_next(repo, config)).commit is not None
