"""The dependency declarations a replace-dependency refactoring edits (rewrite/manifest.py):
the new dependency added where the project declares its runtime ones, every declaration of
the old one taken out, the rest of each file kept byte for byte."""

from __future__ import annotations

import configparser
import textwrap

import pytest

from refactor_coord.domain.toml import loads
from refactor_coord.rewrite.manifest import (
    ManifestEdit,
    manifest_paths,
    with_dependency,
    without_dependency,
)


def _d(text: str) -> str:
    return textwrap.dedent(text)


def _assert_reads(files: dict[str, str]) -> None:
    """Every edited file still reads as its kind of file."""
    for path, text in files.items():
        if path.endswith(".toml"):
            loads(text)
        elif path.endswith(".py"):
            compile(text, path, "exec")
        elif path.endswith((".cfg", ".ini")):
            configparser.ConfigParser(interpolation=None).read_string(text)


def _added(files: dict[str, str], requirement: str) -> ManifestEdit:
    edit = with_dependency(files, requirement)
    _assert_reads(edit.files)
    return edit


def _removed(
    files: dict[str, str], name: str, import_name: str = "", companions: tuple[str, ...] = ()
) -> ManifestEdit:
    edit = without_dependency(files, name, import_name or name, companions)
    _assert_reads(edit.files)
    return edit


# -- which files are manifests ------------------------------------------------------------------


def test_manifest_paths_are_the_files_that_declare_dependencies() -> None:
    paths = [
        "pyproject.toml",
        "setup.cfg",
        "setup.py",
        "tox.ini",
        ".pre-commit-config.yaml",
        "requirements.txt",
        "requirements.in",
        "requirements-dev.txt",
        "dev-requirements.txt",
        "requirements/base.txt",
        "requirements/test.in",
        "docs/requirements.txt",
        "environment.yml",
        "ci/environment-py310.yaml",
        "docs/conf.py",
        "doc/source/conf.py",
        "constraints.txt",
        # not manifests, or not the project's
        "src/pkg/conf.py",
        "conf.py",
        "README.md",
        "src/pkg/__init__.py",
        "requirements/README.md",
        "node_modules/node-gyp/gyp/pyproject.toml",
        "node_modules/x/requirements.txt",
        ".venv/lib/python3.11/site-packages/six/setup.py",
        "tests/fixtures/pyproject.toml",
        "tests/assets/sample/setup.py",
        "build/lib/requirements.txt",
        "setup.py.orig",
        "environment.py",
    ]
    assert manifest_paths(paths) == (
        ".pre-commit-config.yaml",
        "ci/environment-py310.yaml",
        "constraints.txt",
        "dev-requirements.txt",
        "doc/source/conf.py",
        "docs/conf.py",
        "docs/requirements.txt",
        "environment.yml",
        "pyproject.toml",
        "requirements-dev.txt",
        "requirements.in",
        "requirements.txt",
        "requirements/base.txt",
        "requirements/test.in",
        "setup.cfg",
        "setup.py",
        "tox.ini",
    )
    assert manifest_paths(["b/requirements.txt", "a/requirements.txt", "a/requirements.txt"]) == (
        "a/requirements.txt",
        "b/requirements.txt",
    )


# -- adding: pyproject.toml [project] -----------------------------------------------------------

PROJECT_SORTED = _d(
    """\
    [project]
    name = "app"
    dependencies = [
        "attrs>=21",
        # HTTP
        "requests>=2",
        "six>=1.16",  # py2
    ]

    [project.optional-dependencies]
    test = ["pytest"]
    """
)

PROJECT_UNSORTED = _d(
    """\
    [project]
    name = "app"
    dependencies = [
        "requests>=2",
        "attrs>=21",
    ]
    """
)


@pytest.mark.parametrize(
    ("before", "requirement", "after"),
    [
        pytest.param(
            PROJECT_SORTED,
            "httpx>=0.27",
            PROJECT_SORTED.replace("    # HTTP\n", '    "httpx>=0.27",\n    # HTTP\n'),
            id="sorted-goes-above-the-comments-of-the-next",
        ),
        pytest.param(
            PROJECT_SORTED,
            "Zope.Interface",
            PROJECT_SORTED.replace("  # py2\n", '  # py2\n    "Zope.Interface",\n'),
            id="sorted-last",
        ),
        pytest.param(
            PROJECT_SORTED,
            "aiohttp",
            PROJECT_SORTED.replace('    "attrs', '    "aiohttp",\n    "attrs'),
            id="sorted-first",
        ),
        pytest.param(
            PROJECT_UNSORTED,
            "httpx>=0.27",
            PROJECT_UNSORTED.replace('"attrs>=21",\n', '"attrs>=21",\n    "httpx>=0.27",\n'),
            id="unsorted-appended",
        ),
        pytest.param(
            '[project]\nname = "app"\ndependencies = [\n  "attrs",\n  "requests"\n]\n',
            "six",
            '[project]\nname = "app"\ndependencies = [\n  "attrs",\n  "requests",\n  "six"\n]\n',
            id="no-trailing-comma-kept-and-indent-kept",
        ),
        pytest.param(
            "[project]\nname = 'app'\ndependencies = ['attrs', 'requests']\n",
            "httpx",
            "[project]\nname = 'app'\ndependencies = ['attrs', 'httpx', 'requests']\n",
            id="inline-sorted-single-quotes",
        ),
        pytest.param(
            '[project]\nname = "app"\ndependencies = ["requests","attrs",]\n',
            "httpx",
            '[project]\nname = "app"\ndependencies = ["requests","attrs","httpx",]\n',
            id="inline-unsorted-separator-and-trailing-comma-kept",
        ),
        pytest.param(
            '[project]\nname = "app"\ndependencies = []\n',
            "httpx",
            '[project]\nname = "app"\ndependencies = ["httpx"]\n',
            id="empty-inline",
        ),
        pytest.param(
            '[project]\nname = "app"\ndependencies = [\n]\n',
            "httpx",
            '[project]\nname = "app"\ndependencies = [\n    "httpx",\n]\n',
            id="empty-multi-line",
        ),
        pytest.param(
            '[project]\nname = "app"\ndependencies = ["attrs"]\n',
            'tomli>=1.1.0; python_version < "3.11"',
            '[project]\nname = "app"\n'
            'dependencies = ["attrs", "tomli>=1.1.0; python_version < \'3.11\'"]\n',
            id="marker-quotes-swapped-in-a-double-quoted-string",
        ),
        pytest.param(
            "[project]\nname = 'app'\ndependencies = ['attrs']\n",
            'tomli>=1.1.0; python_version < "3.11"',
            "[project]\nname = 'app'\n"
            "dependencies = ['attrs', 'tomli>=1.1.0; python_version < \"3.11\"']\n",
            id="marker-kept-in-a-single-quoted-string",
        ),
        pytest.param(
            '[project]\nname = "app"\nversion = "1"\n\n[tool.black]\n',
            "httpx>=0.27",
            '[project]\nname = "app"\nversion = "1"\n'
            'dependencies = [\n    "httpx>=0.27",\n]\n\n[tool.black]\n',
            id="project-without-dependencies-gets-the-array",
        ),
        pytest.param(
            '[project]\r\nname = "app"\r\ndependencies = [\r\n    "attrs",\r\n    "six",\r\n]\r\n',
            "httpx",
            '[project]\r\nname = "app"\r\ndependencies = [\r\n    "attrs",\r\n    "httpx",\r\n'
            '    "six",\r\n]\r\n',
            id="crlf-kept",
        ),
    ],
)
def test_a_dependency_joins_project_dependencies_in_their_style(
    before: str, requirement: str, after: str
) -> None:
    edit = _added({"pyproject.toml": before, "requirements.txt": "attrs\n"}, requirement)
    assert edit == ManifestEdit(
        {"pyproject.toml": after}, ("pyproject.toml [project] dependencies",), ()
    )
    assert requirement in loads(after)["project"]["dependencies"] or "'3.11'" in after


def test_a_declared_dependency_is_left_as_it_is() -> None:
    edit = _added({"pyproject.toml": PROJECT_SORTED}, "Six_>=2".replace("_", ""))
    assert edit == ManifestEdit(
        {},
        (),
        ("Six is declared already in pyproject.toml [project] dependencies (six>=1.16): left",),
    )
    edit = _added(
        {"setup.cfg": "[options]\ninstall_requires =\n    zope.interface\n"}, "Zope_Interface"
    )
    assert edit.files == {} and "declared already in setup.cfg" in edit.notes[0]


def test_dynamic_dependencies_are_added_to_the_file_setuptools_reads() -> None:
    pyproject = _d(
        """\
        [project]
        name = "app"
        dynamic = ["dependencies"]

        [tool.setuptools.dynamic]
        dependencies = {file = ["requirements/runtime.txt"]}
        """
    )
    files = {
        "pyproject.toml": pyproject,
        "requirements/runtime.txt": "requests\nattrs\n",
        "requirements.txt": "-r requirements/runtime.txt\n",
    }
    assert _added(files, "httpx") == ManifestEdit(
        {"requirements/runtime.txt": "requests\nattrs\nhttpx\n"}, ("requirements/runtime.txt",), ()
    )


# -- adding: poetry -----------------------------------------------------------------------------

POETRY = _d(
    """\
    [tool.poetry]
    name = "app"

    [tool.poetry.dependencies]
    python = "^3.9"
    attrs = "^21"
    # HTTP
    requests = { version = "^2", optional = true }

    [tool.poetry.group.dev.dependencies]
    pytest = "*"
    """
)


@pytest.mark.parametrize(
    ("requirement", "line", "before"),
    [
        ("httpx>=0.27", 'httpx = ">=0.27"', "# HTTP"),
        ("httpx", 'httpx = "*"', "# HTTP"),
        ("httpx>=0.27,<0.28", 'httpx = "^0.27"', "# HTTP"),
        ("httpx>=1.2,<2", 'httpx = "^1.2"', "# HTTP"),
        ("httpx>=1.2,<3", 'httpx = "<3,>=1.2"', "# HTTP"),
        ("aiohttp~=3.9", 'aiohttp = "~=3.9"', "attrs"),
        (
            "httpx[http2,brotli]>=0.27; python_version < '3.11'",
            (
                'httpx = { version = ">=0.27", extras = ["brotli", "http2"], '
                "markers = \"python_version < '3.11'\" }"
            ),
            "# HTTP",
        ),
        ("zope.interface", '"zope.interface" = "*"', None),
    ],
)
def test_poetry_gets_name_equals_constraint_at_its_sorted_place(
    requirement: str, line: str, before: str | None
) -> None:
    if before is None:
        after = POETRY.replace("\n\n[tool.poetry.group", f"\n{line}\n\n[tool.poetry.group")
    else:
        after = POETRY.replace(f"\n{before}", f"\n{line}\n{before}", 1)
    assert _added({"pyproject.toml": POETRY}, requirement) == ManifestEdit(
        {"pyproject.toml": after}, ("pyproject.toml [tool.poetry.dependencies]",), ()
    )


def test_poetry_unsorted_appends_and_keeps_single_quotes() -> None:
    before = "[tool.poetry.dependencies]\npython = '^3.9'\nsix = '*'\nattrs = '*'\n"
    edit = _added({"pyproject.toml": before}, "httpx>=0.27")
    assert edit.files == {"pyproject.toml": before + "httpx = '>=0.27'\n"}
    edit = _added({"pyproject.toml": before}, "Six>=2")
    assert edit.files == {} and edit.notes == (
        "Six is declared already in pyproject.toml [tool.poetry.dependencies] (six = '*'): left",
    )


# -- adding: setup.cfg, setup.py, requirements files --------------------------------------------

SETUP_CFG = _d(
    """\
    [metadata]
    name = app

    [options]
    packages = find:
    install_requires =
        attrs>=21
        requests>=2
    python_requires = >=3.9

    [options.extras_require]
    test = pytest
    """
)


@pytest.mark.parametrize(
    ("files", "requirement", "after"),
    [
        pytest.param(
            {"setup.cfg": SETUP_CFG},
            "httpx>=0.27",
            {"setup.cfg": SETUP_CFG.replace("    requests", "    httpx>=0.27\n    requests")},
            id="setup.cfg-sorted",
        ),
        pytest.param(
            {"setup.cfg": SETUP_CFG},
            "six",
            {"setup.cfg": SETUP_CFG.replace("requests>=2\n", "requests>=2\n    six\n")},
            id="setup.cfg-sorted-last",
        ),
        pytest.param(
            {"setup.cfg": SETUP_CFG.replace("\n", "\r\n").replace("    ", "\t")},
            "six",
            {
                "setup.cfg": SETUP_CFG.replace("requests>=2\n", "requests>=2\n    six\n")
                .replace("\n", "\r\n")
                .replace("    ", "\t")
            },
            id="setup.cfg-crlf-and-tabs",
        ),
        pytest.param(
            {"setup.cfg": "[options]\npackages = find:\n\n[flake8]\n"},
            "httpx",
            {
                "setup.cfg": "[options]\npackages = find:\n"
                "install_requires =\n    httpx\n\n[flake8]\n"
            },
            id="setup.cfg-options-without-install-requires",
        ),
        pytest.param(
            {
                "setup.py": "from setuptools import setup\n\n"
                "setup(name='app', install_requires=['requests', 'attrs'])\n"
            },
            'tomli; python_version < "3.11"',
            {
                "setup.py": "from setuptools import setup\n\n"
                "setup(name='app', install_requires=['requests', 'attrs', "
                "'tomli; python_version < \"3.11\"'])\n"
            },
            id="setup.py-inline-literal",
        ),
        pytest.param(
            {
                "setup.py": 'import setuptools\n\nREQUIRES = [\n    "attrs",\n    "six",\n]\n\n'
                "setuptools.setup(install_requires=REQUIRES)\n"
            },
            "httpx",
            {
                "setup.py": 'import setuptools\n\nREQUIRES = [\n    "attrs",\n    "httpx",\n'
                '    "six",\n]\n\nsetuptools.setup(install_requires=REQUIRES)\n'
            },
            id="setup.py-list-a-name-holds",
        ),
        pytest.param(
            {"setup.py": "from setuptools import setup\nsetup(install_requires=())\n"},
            "httpx",
            {"setup.py": 'from setuptools import setup\nsetup(install_requires=("httpx",))\n'},
            id="setup.py-empty-tuple",
        ),
        pytest.param(
            {
                "requirements.txt": "# web\nattrs==21.4\n# HTTP\nrequests==2.31\n",
                "requirements-dev.txt": "",
            },
            "httpx==0.27.0",
            {"requirements.txt": "# web\nattrs==21.4\nhttpx==0.27.0\n# HTTP\nrequests==2.31\n"},
            id="requirements-sorted-above-the-comment",
        ),
        pytest.param(
            {"requirements.txt": "requests\nattrs\n-r other.txt"},
            "httpx",
            {"requirements.txt": "requests\nattrs\nhttpx\n-r other.txt"},
            id="requirements-unsorted-after-the-last-requirement",
        ),
        pytest.param(
            {"requirements/base.txt": "attrs\r\n", "requirements/dev.txt": "-r base.txt\r\n"},
            "six",
            {"requirements/base.txt": "attrs\r\nsix\r\n"},
            id="requirements-base-crlf",
        ),
        pytest.param(
            {"requirements/prod.txt": "attrs", "requirements/test.txt": "pytest\n"},
            "six",
            {"requirements/prod.txt": "attrs\nsix\n"},
            id="requirements-prod-without-final-newline",
        ),
    ],
)
def test_a_dependency_joins_the_first_list_the_project_uses(
    files: dict[str, str], requirement: str, after: dict[str, str]
) -> None:
    edit = _added(files, requirement)
    assert edit.files == after
    assert edit.notes == ()


def test_where_it_was_added_is_said() -> None:
    setup_py = "from setuptools import setup\nsetup(install_requires=['attrs'])\n"
    assert _added({"setup.py": setup_py}, "six").where == ("setup.py install_requires",)
    assert _added({"setup.cfg": SETUP_CFG}, "six").where == (
        "setup.cfg [options] install_requires",
    )
    assert _added({"requirements.txt": ""}, "six").where == ("requirements.txt",)


def test_pyproject_comes_before_setup_cfg_and_requirements() -> None:
    files = {
        "pyproject.toml": PROJECT_UNSORTED,
        "setup.cfg": SETUP_CFG,
        "requirements.txt": "attrs\n",
    }
    assert set(_added(files, "httpx").files) == {"pyproject.toml"}
    del files["pyproject.toml"]
    assert set(_added(files, "httpx").files) == {"setup.cfg"}


def test_a_computed_install_requires_gets_a_note() -> None:
    setup_py = "from setuptools import setup\n\nsetup(install_requires=read_requirements())\n"
    assert _added({"setup.py": setup_py, "requirements-dev.txt": "pytest\n"}, "httpx") == (
        ManifestEdit({}, (), ("setup.py builds install_requires in code: add httpx by hand",))
    )


def test_a_computed_install_requires_read_from_a_file_gets_it_there() -> None:
    setup_py = _d(
        """\
        from setuptools import setup

        with open("requirements.txt") as f:
            REQUIRES = f.read().splitlines()

        setup(install_requires=REQUIRES)
        """
    )
    files = {"setup.py": setup_py, "requirements.txt": "attrs\nsix\n"}
    assert _added(files, "httpx") == ManifestEdit(
        {"requirements.txt": "attrs\nhttpx\nsix\n"},
        ("requirements.txt",),
        ("setup.py reads install_requires from requirements.txt",),
    )


def test_requirements_in_is_the_source_of_requirements_txt() -> None:
    files = {
        "requirements.in": "attrs\n",
        "requirements.txt": "# This file is autogenerated by pip-compile\nattrs==21.4\n",
    }
    assert _added(files, "six") == ManifestEdit(
        {"requirements.in": "attrs\nsix\n"},
        ("requirements.in",),
        ("requirements.txt is compiled from requirements.in: compile it again",),
    )


def test_a_hash_pinned_requirements_file_is_not_edited() -> None:
    files = {"requirements.txt": "attrs==21.4 \\\n    --hash=sha256:abc\n"}
    assert _added(files, "six") == ManifestEdit(
        {}, (), ("requirements.txt pins hashes: add six where it is compiled from",)
    )


@pytest.mark.parametrize(
    "files",
    [
        {},
        {
            "requirements-dev.txt": "pytest\n",
            "requirements/test.txt": "",
            "docs/requirements.txt": "",
        },
        {"pyproject.toml": "[tool.black]\n", "setup.py": "print('no setup call')\n"},
    ],
)
def test_with_no_place_a_note_says_where_to_add_it(files: dict[str, str]) -> None:
    assert _added(files, "httpx>=0.27") == ManifestEdit(
        {},
        (),
        (
            (
                "the project declares its dependencies nowhere refcoord edits: add httpx>=0.27 "
                "to pyproject.toml [project] dependencies (or setup.cfg [options] "
                "install_requires)"
            ),
        ),
    )


def test_no_requirement_no_edit() -> None:
    edit = _added({"pyproject.toml": PROJECT_SORTED}, "httpx >=>= 1")
    assert edit.files == {} and edit.notes[0].startswith("'httpx >=>= 1' is no PEP 508")


# -- removing: pyproject.toml -------------------------------------------------------------------

PYPROJECT = _d(
    """\
    [build-system]
    requires = ["setuptools>=61", "six"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "app"
    dependencies = [
        "attrs>=21",
        "six>=1.16",  # py2 compat
        "sixer",
    ]

    [project.optional-dependencies]
    test = ["pytest", "Six", "mock"]
    compat = [
        "six; python_version < '3'",
    ]
    mock = ["mock-open", "pytest-mock"]

    [dependency-groups]
    dev = [{include-group = "test"}, "six"]
    test = ["pytest"]

    [tool.mypy]
    strict = true
    """
)


def test_every_declaration_in_pyproject_goes_and_nothing_else() -> None:
    edit = _removed({"pyproject.toml": PYPROJECT}, "six")
    assert edit.files == {
        "pyproject.toml": _d(
            """\
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "app"
            dependencies = [
                "attrs>=21",
                "sixer",
            ]

            [project.optional-dependencies]
            test = ["pytest", "mock"]
            compat = [
            ]
            mock = ["mock-open", "pytest-mock"]

            [dependency-groups]
            dev = [{include-group = "test"}]
            test = ["pytest"]

            [tool.mypy]
            strict = true
            """
        )
    }
    assert edit.where == (
        "pyproject.toml [build-system] requires: six",
        "pyproject.toml [project] dependencies: six>=1.16",
        "pyproject.toml [project.optional-dependencies] test: Six",
        "pyproject.toml [project.optional-dependencies] compat: six; python_version < '3'",
        "pyproject.toml [dependency-groups] dev: six",
    )
    assert edit.notes == ()
    assert loads(edit.files["pyproject.toml"])["project"]["optional-dependencies"]["compat"] == []


def test_mock_goes_without_touching_pytest_mock_or_mock_open() -> None:
    edit = _removed({"pyproject.toml": PYPROJECT}, "mock")
    assert edit.files == {
        "pyproject.toml": PYPROJECT.replace('"Six", "mock"]', '"Six"]'),
    }
    assert edit.where == ("pyproject.toml [project.optional-dependencies] test: mock",)
    assert edit.notes == ("pyproject.toml still mentions mock on line 18: check by hand",)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('d = ["six", "a", "b"]', 'd = ["a", "b"]'),
        ('d = ["a", "six", "b"]', 'd = ["a", "b"]'),
        ('d = ["a", "b", "six"]', 'd = ["a", "b"]'),
        ('d = ["a", "b", "six",]', 'd = ["a", "b",]'),
        ('d = ["six"]', "d = []"),
        ('d = [ "six" ]', "d = []"),
        ('d = ["six", "Six>=1", "six.moves"]', 'd = ["six.moves"]'),
        ('d = [\n  "a",\n  "six"\n]', 'd = [\n  "a"\n]'),
        ('d = [\n  "a",\n  "six",\n]', 'd = [\n  "a",\n]'),
        ('d = [\n  "six",\n  "a",\n]', 'd = [\n  "a",\n]'),
        ('d = [\n  "six",\n]', "d = [\n]"),
        ('d = [\n  "a",\n  "six"]', 'd = [\n  "a"]'),
        ('d = [\n  "a",  # first\n  "six"]', 'd = [\n  "a"  # first\n]'),
        ('d = ["six",\n  "a"]', 'd = [\n  "a"]'),
        ('d = [\n  "a", "six",  # two\n  "b",\n]', 'd = [\n  "a",  # two\n  "b",\n]'),
        ('d = [\n  "a", "six", "b",\n]', 'd = [\n  "a", "b",\n]'),
        ("d = [\n  # none left\n  'six',\n]", "d = [\n  # none left\n]"),
        ('d = [\n  """six""",\n  "a",\n]', 'd = [\n  "a",\n]'),
    ],
)
def test_a_removed_element_leaves_a_valid_array(before: str, after: str) -> None:
    edit = _removed({"pyproject.toml": f"[project.optional-dependencies]\n{before}\n"}, "six")
    assert edit.files == {"pyproject.toml": f"[project.optional-dependencies]\n{after}\n"}


def test_names_compare_normalized() -> None:
    before = '[project]\ndependencies = ["Foo_Bar>=1", "foo.bar", "FOO-BAR", "foo-barbaz"]\n'
    edit = _removed({"pyproject.toml": before}, "foo-bar")
    assert edit.files == {"pyproject.toml": '[project]\ndependencies = ["foo-barbaz"]\n'}


POETRY_FULL = _d(
    """\
    [tool.poetry.dependencies]
    python = "^3.9"
    six = "^1.16"
    attrs = "*"

    [tool.poetry.dependencies.Six]
    version = "^1"
    optional = true

    [tool.poetry.dev-dependencies]
    "types-six" = "*"
    pytest-mock = "*"

    [tool.poetry.group.test.dependencies]
    six = { version = "^1", python = "<3" }

    [tool.poetry.extras]
    compat = ["six"]

    # formatting
    [tool.black]
    line-length = 99
    """
)


def test_poetry_pairs_tables_and_extras_go() -> None:
    edit = _removed({"pyproject.toml": POETRY_FULL}, "six", companions=("types-six",))
    assert edit.files == {
        "pyproject.toml": _d(
            """\
            [tool.poetry.dependencies]
            python = "^3.9"
            attrs = "*"

            [tool.poetry.dev-dependencies]
            pytest-mock = "*"

            [tool.poetry.group.test.dependencies]

            [tool.poetry.extras]
            compat = []

            # formatting
            [tool.black]
            line-length = 99
            """
        )
    }
    assert edit.where == (
        "pyproject.toml [tool.poetry.extras] compat: six",
        'pyproject.toml [tool.poetry.dependencies]: six = "^1.16"',
        "pyproject.toml [tool.poetry.dependencies]: [tool.poetry.dependencies.Six]",
        'pyproject.toml [tool.poetry.dev-dependencies]: "types-six" = "*"',
        (
            "pyproject.toml [tool.poetry.group.test.dependencies]: "
            'six = { version = "^1", python = "<3" }'
        ),
    )
    assert edit.notes == ()


def test_the_last_table_goes_with_the_blank_lines_before_it() -> None:
    before = (
        '[tool.poetry.dependencies]\npython = "^3.9"\n\n'
        '[tool.poetry.dependencies.six]\nversion = "^1"\n'
    )
    edit = _removed({"pyproject.toml": before}, "six")
    assert edit.files == {"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.9"\n'}


def test_crlf_is_kept_when_removing() -> None:
    before = '[project]\r\ndependencies = [\r\n    "attrs",\r\n    "six"\r\n]\r\n'
    edit = _removed({"pyproject.toml": before}, "six")
    assert edit.files == {
        "pyproject.toml": '[project]\r\ndependencies = [\r\n    "attrs"\r\n]\r\n'
    }


def test_a_multi_line_string_that_looks_like_a_table_is_no_table() -> None:
    before = _d(
        '''\
        [tool.tox]
        legacy_tox_ini = """
        [project]
        dependencies = ["six"]
        """

        [project]
        dependencies = ["six"]
        '''
    )
    edit = _removed({"pyproject.toml": before}, "six")
    assert edit.files == {"pyproject.toml": before[::-1].replace('"xis"', "", 1)[::-1]}
    assert edit.notes == ("pyproject.toml still mentions six on line 4: check by hand",)


# -- removing: setup.cfg, tox.ini -------------------------------------------------------------

SETUP_CFG_FULL = _d(
    """\
    [metadata]
    name = six-helpers

    [options]
    install_requires =
        attrs
        six>=1.16
        # comment
        sixer
    tests_require = six
    setup_requires =
        setuptools_scm
        Six

    [options.extras_require]
    test =
        pytest
        mock
        six; python_version < "3"
    empty = six

    [testenv]
    deps =
        pytest-mock
        py27: six
        {py37,py38}: mock>=2
        -rrequirements.txt
    """
)


def test_setup_cfg_lists_lose_the_line() -> None:
    edit = _removed({"setup.cfg": SETUP_CFG_FULL}, "six")
    assert edit.files == {
        "setup.cfg": _d(
            """\
            [metadata]
            name = six-helpers

            [options]
            install_requires =
                attrs
                # comment
                sixer
            tests_require =
            setup_requires =
                setuptools_scm

            [options.extras_require]
            test =
                pytest
                mock
            empty =

            [testenv]
            deps =
                pytest-mock
                {py37,py38}: mock>=2
                -rrequirements.txt
            """
        )
    }
    assert edit.where == (
        "setup.cfg [options] install_requires: six>=1.16",
        "setup.cfg [options] tests_require: six",
        "setup.cfg [options] setup_requires: Six",
        'setup.cfg [options.extras_require] test: six; python_version < "3"',
        "setup.cfg [options.extras_require] empty: six",
        "setup.cfg [testenv] deps: six",
    )
    assert edit.notes == ()  # six-helpers is another name


def test_tox_deps_lose_the_dependency_in_every_testenv() -> None:
    tox = _d(
        """\
        [tox]
        envlist = py38,lint
        requires = tox-mock

        [testenv]
        deps =
            pytest
            py38: mock
            pytest-mock
        commands = pytest {posargs}

        [testenv:lint]
        deps = mock  # for the plugin
        skip_install = true
        """
    )
    edit = _removed({"tox.ini": tox.replace("\n", "\r\n")}, "mock")
    after = tox.replace("    py38: mock\n", "").replace("deps = mock  # for the plugin", "deps =")
    assert edit.files == {"tox.ini": after.replace("\n", "\r\n")}
    assert edit.where == ("tox.ini [testenv] deps: mock", "tox.ini [testenv:lint] deps: mock")


# -- removing: setup.py, docs conf.py ---------------------------------------------------------

SETUP_PY = _d(
    """\
    from setuptools import setup

    REQUIRES = [
        "attrs",
        "six>=1.16",  # compat
    ]
    TEST = ["pytest", 'six']

    setup(
        name="app",
        install_requires=REQUIRES,
        extras_require={
            "test": TEST + ["mock"],
            "compat": ("six",),
            "stubs": ("types-six", "attrs"),
        },
        tests_require=["six"],
        setup_requires=["setuptools_scm", "sixer"],
    )
    """
)


def test_setup_py_literal_lists_lose_the_string() -> None:
    edit = _removed({"setup.py": SETUP_PY}, "six", companions=("types-six",))
    assert edit.files == {
        "setup.py": _d(
            """\
            from setuptools import setup

            REQUIRES = [
                "attrs",
            ]
            TEST = ["pytest"]

            setup(
                name="app",
                install_requires=REQUIRES,
                extras_require={
                    "test": TEST + ["mock"],
                    "compat": (),
                    "stubs": ("attrs",),
                },
                tests_require=[],
                setup_requires=["setuptools_scm", "sixer"],
            )
            """
        )
    }
    assert edit.where == (
        "setup.py install_requires: six>=1.16",
        "setup.py extras_require['test']: six",
        "setup.py extras_require['compat']: six",
        "setup.py extras_require['stubs']: types-six",
        "setup.py tests_require: six",
    )
    assert edit.notes == ()


def test_setup_py_that_still_imports_it_gets_a_note() -> None:
    setup_py = "import six\nfrom setuptools import setup\n\nsetup(install_requires=['six'])\n"
    edit = _removed({"setup.py": setup_py}, "six")
    assert edit.files == {"setup.py": setup_py.replace("['six']", "[]")}
    assert edit.notes == ("setup.py still mentions six on line 1: check by hand",)


def test_autodoc_mock_imports_lose_the_import_name() -> None:
    conf = _d(
        """\
        project = "app"
        autodoc_mock_imports = ['six', 'numpy']
        autodoc_mock_imports += [
            "six.moves",
            "sixer",
            "yaml",
        ]
        """
    )
    edit = _removed({"docs/conf.py": conf, "src/app/conf.py": conf}, "PyYAML", "yaml")
    assert edit.files == {"docs/conf.py": conf.replace('    "yaml",\n', "")}
    edit = _removed({"docs/conf.py": conf, "src/app/conf.py": conf}, "six")
    assert edit.files == {
        "docs/conf.py": conf.replace("'six', 'numpy'", "'numpy'").replace('    "six.moves",\n', "")
    }
    assert edit.where == (
        "docs/conf.py autodoc_mock_imports: six",
        "docs/conf.py autodoc_mock_imports: six.moves",
    )


# -- removing: requirements files ---------------------------------------------------------------

REQUIREMENTS = _d(
    """\
    # runtime
    -r base.txt
    -c constraints.txt
    attrs==21.4.0
    six==1.16.0 \\
        --hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926 \\
        --hash=sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254
        # via
        #   -r requirements.in
        #   python-dateutil
    python-dateutil==2.9.0
        # via -r requirements.in
    mock>=2  # tests
    pytest-mock
    mock-open
    six[extra]>=1; python_version < "3"
    -e git+https://github.com/benjaminp/six.git#egg=six
    sixer==1.0
    """
)


def test_requirements_lines_go_whole_and_others_stay() -> None:
    edit = _removed({"requirements.txt": REQUIREMENTS}, "six")
    assert edit.files == {
        "requirements.txt": _d(
            """\
            # runtime
            -r base.txt
            -c constraints.txt
            attrs==21.4.0
            python-dateutil==2.9.0
                # via -r requirements.in
            mock>=2  # tests
            pytest-mock
            mock-open
            sixer==1.0
            """
        )
    }
    assert edit.where == (
        (
            "requirements.txt: six==1.16.0 "
            "--hash=sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926 "
            "--hash=sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254"
        ),
        'requirements.txt: six[extra]>=1; python_version < "3"',
        "requirements.txt: -e git+https://github.com/benjaminp/six.git#egg=six",
    )


def test_mock_leaves_pytest_mock_in_every_requirements_file() -> None:
    files = {
        "requirements.txt": REQUIREMENTS.replace("\n", "\r\n"),
        "requirements/test.in": "mock\npytest\n",
        "docs/requirements.txt": "sphinx\n",
    }
    edit = _removed(files, "mock")
    assert edit.files == {
        "requirements.txt": REQUIREMENTS.replace("mock>=2  # tests\n", "").replace("\n", "\r\n"),
        "requirements/test.in": "pytest\n",
    }
    assert edit.where == ("requirements.txt: mock>=2", "requirements/test.in: mock")


def test_a_compiled_requirements_file_gets_a_note() -> None:
    header = "#\n# This file is autogenerated by pip-compile with Python 3.11\n#\n"
    compiled = header + "attrs==1\nsix==1\n    # via attrs\n"
    edit = _removed({"requirements.txt": compiled, "requirements.in": "six"}, "six")
    assert edit.files == {
        "requirements.txt": header + "attrs==1\n",
        "requirements.in": "",
    }
    assert edit.notes == ("requirements.txt is generated (pip-compile): compile it again",)


# -- removing: .pre-commit-config.yaml, environment.yml -----------------------------------------

PRE_COMMIT = _d(
    """\
    repos:
    -   repo: https://github.com/pre-commit/mirrors-mypy
        rev: v1.10.0
        hooks:
        -   id: mypy
            additional_dependencies:
            -   types-six
            -   types-requests
    -   repo: https://github.com/PyCQA/flake8
        rev: 7.0.0
        hooks:
        -   id: flake8
            additional_dependencies: [flake8-bugbear, "types-six==1.16.0"]
    -   repo: local
        hooks:
        -   id: stubs
            name: stubs
            additional_dependencies:
              - 'types-six'  # stubs
            entry: mypy
    """
)


def test_pre_commit_additional_dependencies_lose_the_companion() -> None:
    edit = _removed({".pre-commit-config.yaml": PRE_COMMIT}, "six", companions=("types-six",))
    assert edit.files == {
        ".pre-commit-config.yaml": PRE_COMMIT.replace("        -   types-six\n", "")
        .replace('bugbear, "types-six==1.16.0"]', "bugbear]")
        .replace("dependencies:\n          - 'types-six'  # stubs\n", "dependencies: []\n")
    }
    assert edit.where == (
        ".pre-commit-config.yaml mypy additional_dependencies: types-six",
        ".pre-commit-config.yaml stubs additional_dependencies: types-six",
        ".pre-commit-config.yaml flake8 additional_dependencies: types-six==1.16.0",
    )
    assert _removed({".pre-commit-config.yaml": PRE_COMMIT}, "six").files == {}


def test_conda_and_pip_entries_of_an_environment_go() -> None:
    environment = _d(
        """\
        name: app
        channels:
          - conda-forge
        dependencies:
          - python=3.11
          - conda-forge::six>=1.16
          - sixer
          - pip
          - pip:
            - six==1.16.0
        """
    )
    edit = _removed({"environment.yml": environment}, "six")
    assert edit.files == {
        "environment.yml": environment.replace("  - conda-forge::six>=1.16\n", "").replace(
            "  - pip:\n    - six==1.16.0\n", "  - pip: []\n"
        )
    }
    assert edit.where == (
        "environment.yml dependencies: conda-forge::six>=1.16",
        "environment.yml pip: six==1.16.0",
    )


def test_files_that_are_no_manifests_are_left() -> None:
    files = {"README.md": "six\n", "src/app/conf.py": "autodoc_mock_imports = ['six']\n"}
    assert _removed(files, "six") == ManifestEdit({}, (), ())


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('("six", "a")', '("a",)'),
        ('("a", "six")', '("a",)'),
        ('("a", "six",)', '("a",)'),
        ('("a", "six", "b")', '("a", "b")'),
        ('(\n    "six",\n    "a"\n)', '(\n    "a",\n)'),
        ('(\n    "a",\n    "six"\n)', '(\n    "a",\n)'),
        ('["a", "six"]', '["a"]'),
        ("('six',)", "()"),
    ],
)
def test_a_tuple_left_with_one_string_stays_a_tuple(before: str, after: str) -> None:
    setup_py = "from setuptools import setup\n\nsetup(install_requires={})\n"
    edit = _removed({"setup.py": setup_py.format(before)}, "six")
    assert edit.files == {"setup.py": setup_py.format(after)}


def test_tool_lists_lose_it_and_a_url_requirement_is_named_by_its_name() -> None:
    before = _d(
        """\
        [tool.uv]
        dev-dependencies = ["six", "pytest"]

        [tool.hatch.envs.default]
        dependencies = [
          "pytest",
          "six",
        ]
        extra-dependencies = ["sixer", "six @ git+https://github.com/benjaminp/six"]

        [tool.pdm.dev-dependencies]
        test = ["app @ file:///app#egg=six"]
        """
    )
    edit = _removed({"pyproject.toml": before}, "six")
    assert edit.files == {
        "pyproject.toml": before.replace('"six", "pytest"', '"pytest"')
        .replace('  "six",\n', "")
        .replace(', "six @ git+https://github.com/benjaminp/six"', "")
    }
    assert edit.where == (
        "pyproject.toml [tool.uv] dev-dependencies: six",
        "pyproject.toml [tool.hatch.envs.default] dependencies: six",
        (
            "pyproject.toml [tool.hatch.envs.default] extra-dependencies: "
            "six @ git+https://github.com/benjaminp/six"
        ),
    )


def test_a_value_on_the_key_line_of_setup_cfg() -> None:
    before = "[options]\ninstall_requires = attrs\n"
    edit = _added({"setup.cfg": before}, "six")
    assert edit.files == {"setup.cfg": "[options]\ninstall_requires = attrs\n    six\n"}
    edit = _removed({"setup.cfg": "[options]\ninstall_requires = six\n    attrs\n"}, "six")
    assert edit.files == {"setup.cfg": "[options]\ninstall_requires =\n    attrs\n"}


def test_a_flow_sequence_on_several_lines() -> None:
    before = (
        "-   id: mypy\n    additional_dependencies: [\n        types-six,\n        attrs,\n    ]\n"
    )
    edit = _removed({".pre-commit-config.yaml": before}, "six", companions=("types-six",))
    assert edit.files == {".pre-commit-config.yaml": before.replace("        types-six,\n", "")}


def test_autodoc_mock_imports_through_a_name() -> None:
    conf = "MOCKED = [\n    'numpy',\n    'six',\n]\nautodoc_mock_imports = MOCKED\n"
    edit = _removed({"docs/conf.py": conf}, "six")
    assert edit.files == {"docs/conf.py": conf.replace("    'six',\n", "")}
