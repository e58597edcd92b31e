"""The style refcoord writes code in, read from the project (issue 13): the line length, the
first party, how a re-export is marked; and import blocks sorted as isort and ruff sort them."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from refactor_coord.rewrite.import_block import format_imports, insert_import, place_added_imports
from refactor_coord.rewrite.style import Style, project_style
from refcoord_codemods.extract_module.expand import Expanded, expand

HOOKS = """repos:
-   repo: https://github.com/python/black
    rev: 25.1.0
    hooks:
    -   id: black
"""


def _style(files: dict[str, str], modules: tuple[str, ...] = ()) -> Style:
    paths = {m: m.replace(".", "/") + ".py" for m in modules}
    return project_style(files.get, paths.get)


@pytest.mark.parametrize(
    ("files", "length"),
    [
        ({}, 79),  # PEP 8
        ({"pyproject.toml": "[tool.ruff]\nsrc = ['src']\n"}, 88),  # ruff's default
        ({"pyproject.toml": "[tool.black]\n"}, 88),
        ({"pyproject.toml": "[tool.black]\nline-length = 100\n"}, 100),
        ({"setup.cfg": "[flake8]\nmax-line-length = 120\n"}, 120),
        ({"tox.ini": "[flake8]\nmax_line_length = 110\n"}, 110),
        ({"ruff.toml": "line-length = 101\n"}, 101),
        # ruff's setting wins over flake8's and black's
        (
            {
                "setup.cfg": "[flake8]\nmax-line-length = 120\n",
                "pyproject.toml": "[tool.black]\nline-length = 100\n\n"
                "[tool.ruff]\nline-length = 90\n",
            },
            90,
        ),
        ({"pyproject.toml": "not toml ["}, 79),  # unreadable: as if none
        # the shortest of the lengths the tools hold code to: black, from a pre-commit hook,
        # wraps at 88 what flake8 allows to 99 (and moves a noqa after the bracket)
        ({"tox.ini": "[flake8]\nmax-line-length = 99\n", ".pre-commit-config.yaml": HOOKS}, 88),
        (
            {
                "tox.ini": "[flake8]\nmax-line-length = 99\n",
                ".pre-commit-config.yaml": HOOKS.replace("id: black", "id: ruff-check"),
            },
            88,
        ),
        ({"tox.ini": "[flake8]\n", "pyproject.toml": "[tool.black]\n"}, 79),
        # flake8 that does not check E501 holds no line to a length
        (
            {
                "tox.ini": "[flake8]\nextend-ignore = E501\n",
                "pyproject.toml": "[tool.black]\nline-length = 100\n",
            },
            100,
        ),
    ],
)
def test_the_line_length_is_the_projects(files: dict[str, str], length: int) -> None:
    assert _style(files).line_length == length


def test_first_party_is_configured_or_the_repositorys_own() -> None:
    style = _style(
        {"pyproject.toml": '[tool.ruff.lint.isort]\nknown-first-party = ["shop"]\n'}, ("app.mod",)
    )
    assert style.section("shop.utils") == style.section("app.mod.x") == 3
    assert style.section("os.path") == 1 and style.section("yaml") == 2
    assert style.section("__future__") == 0 and style.section("sub", level=1) == 4


@pytest.mark.parametrize(
    ("files", "alias"),
    [
        ({}, True),
        ({"pyproject.toml": "[tool.ruff]\n"}, True),
        ({"setup.cfg": "[flake8]\n"}, False),  # pyflakes does not read ``x as x``
        ({"setup.cfg": "[flake8]\n", "pyproject.toml": "[tool.ruff]\n"}, True),
        ({"pyproject.toml": '[tool.ruff.lint]\nextend-select = ["PLC"]\n'}, False),
        ({"pyproject.toml": '[tool.ruff]\nselect = ["ALL"]\n'}, False),
    ],
)
def test_a_re_export_is_marked_as_the_linter_reads_it(files: dict[str, str], alias: bool) -> None:
    assert _style(files).reexport_alias is alias


def test_a_new_block_is_sorted_and_grouped_as_isort_does() -> None:
    style = Style(known_first_party=frozenset({"pkg"}))
    lines = [
        "import yaml",
        "from pkg.b import z, A_CONST, Klass",
        "from __future__ import annotations",
        "from . import sibling",
        "import os",
        "from typing import cast",
        "from ..up import thing",
        "from typing import Any",
        "from pkg.b import q as r",
        "import Zeta",
    ]
    assert format_imports(lines, style) == textwrap.dedent(
        """\
        from __future__ import annotations

        import os
        from typing import Any, cast

        import yaml
        import Zeta

        from pkg.b import A_CONST, Klass, z
        from pkg.b import q as r

        from ..up import thing
        from . import sibling"""
    )


def test_an_added_import_joins_a_sorted_block_only() -> None:
    style = Style(line_length=30, known_first_party=frozenset({"pkg"}))
    before = "import os\n\nfrom pkg.a import x\n\nprint(os, x)\n"
    after = "import os\n\nfrom pkg.a import x\nfrom pkg.0 import y\n\nprint(os, x)\n"
    assert place_added_imports(before, after.replace("pkg.0", "pkg"), style) == (
        "import os\n\nfrom pkg import y\nfrom pkg.a import x\n\nprint(os, x)\n"
    )
    long = "from pkg import first_name, second_name\n"
    assert place_added_imports(before, before.replace("\n\nprint", f"\n{long}\nprint"), style) == (
        "import os\n\nfrom pkg import (\n    first_name,\n    second_name,\n)\n"
        "from pkg.a import x\n\nprint(os, x)\n"
    )
    unsorted = "from pkg.a import x\nimport os\n\nprint(os, x)\n"
    added = unsorted.replace("import os\n", "import os\nfrom pkg import y\n")
    assert place_added_imports(unsorted, added, style) == added  # where the edit put it
    added = unsorted.replace("import os\n", f"import os\n{long}")
    assert place_added_imports(unsorted, added, style) == (  # but wrapped
        "from pkg.a import x\nimport os\nfrom pkg import (\n    first_name,\n    second_name,\n)\n"
        "\nprint(os, x)\n"
    )


def test_an_existing_package_target_imports_relatively_from_where_its_dots_lead() -> None:
    source = "from .config import X\n\n\ndef moved():\n    return X\n"
    paths = {"pkg.src": "pkg/src.py", "pkg.text": "pkg/text/__init__.py"}
    style = Style(module_path=paths.get)
    result = expand(source, "pkg.src", False, "pkg.text", ["moved"], '"""Text."""\n', style=style)
    assert isinstance(result, Expanded), result
    assert "\nfrom ..config import X\n" in result.target  # pkg.text is a package: .. is pkg


@pytest.mark.parametrize(
    ("files", "code", "checked"),
    [
        ({}, "E501", None),  # no linter configured
        ({"pyproject.toml": "[tool.ruff]\n"}, "E402", True),  # ruff's defaults: E4, E7, E9, F
        ({"pyproject.toml": "[tool.ruff]\n"}, "E501", False),
        ({"pyproject.toml": '[tool.ruff.lint]\nextend-select = ["E"]\n'}, "E501", True),
        (
            {"pyproject.toml": '[tool.ruff.lint]\nselect = ["ALL"]\nignore = ["E501"]\n'},
            "E501",
            False,
        ),
        ({"pyproject.toml": '[tool.ruff.lint]\nselect = ["E"]\nignore = ["E5"]\n'}, "E501", False),
        (
            {"pyproject.toml": '[tool.ruff.lint]\nselect = ["E501"]\nignore = ["E"]\n'},
            "E501",
            True,
        ),
        ({"setup.cfg": "[flake8]\n"}, "E501", True),  # pycodestyle's rules
        ({"setup.cfg": "[flake8]\nextend-ignore = E501\n"}, "E501", False),
        ({"tox.ini": "[flake8]\nignore = E203,W503\n"}, "E402", True),
    ],
)
def test_a_noqa_is_written_for_the_rules_the_linter_checks(
    files: dict[str, str], code: str, checked: bool | None
) -> None:
    assert _style(files).checks(code) is checked


@pytest.mark.parametrize(
    ("files", "implicit"),
    [
        ({}, True),
        ({"mypy.ini": "[mypy]\nstrict = True\n"}, False),
        ({"setup.cfg": "[mypy]\nno_implicit_reexport = true\n"}, False),
        ({"pyproject.toml": "[tool.mypy]\nstrict = true\n"}, False),
        # the explicit setting wins over strict's
        ({"pyproject.toml": "[tool.mypy]\nstrict = true\nimplicit_reexport = true\n"}, True),
        ({"pyproject.toml": "[tool.mypy]\nwarn_unused_ignores = true\n"}, True),
    ],
)
def test_whether_mypy_reads_a_plain_import_as_a_re_export(
    files: dict[str, str], implicit: bool
) -> None:
    assert _style(files).implicit_reexport is implicit


def test_an_import_added_to_a_block_sorted_another_way_goes_last_in_its_section() -> None:
    # optuna's block: isort's force_single_line and force_sort_within_sections, which order
    # names regardless of case (not refcoord's reading of sorted): the new import goes last
    # among the third-party ones, not after the first party
    text = (
        "from sqlalchemy import asc\nfrom sqlalchemy import CheckConstraint\n\n"
        "from pkg import distributions\n\n\nX = 1\n"
    )
    module = cst.parse_module(text)
    body: list[cst.BaseStatement] = list(module.body)
    insert_import(body, "from sqlalchemy import event", _style({}, ("pkg",)))
    assert module.with_changes(body=body).code == (
        "from sqlalchemy import asc\nfrom sqlalchemy import CheckConstraint\n"
        "from sqlalchemy import event\n\nfrom pkg import distributions\n\n\nX = 1\n"
    )
