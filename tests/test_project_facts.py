"""Where a project can import PEP 702's ``deprecated`` from (pure: its packaging files in)."""

from __future__ import annotations

import pytest

from refactor_coord.rewrite.project_facts import deprecated_marker

OLD_PYTHONS_ONLY = "[project]\ndependencies = [\"typing-extensions; python_version<'3.11'\"]\n"


@pytest.mark.parametrize(
    ("files", "marker"),
    [
        ({"pyproject.toml": '[project]\nrequires-python = ">=3.13"\n'}, "warnings"),
        ({"pyproject.toml": '[project]\nrequires-python = "~=3.13.1"\n'}, "warnings"),
        # 3.12 is supported: warnings.deprecated is not there, and nothing else is at hand
        ({"pyproject.toml": '[project]\nrequires-python = ">=3.12"\n'}, None),
        ({"pyproject.toml": '[project]\ndependencies = ["Typing.Extensions>=4.5"]\n'},
         "typing_extensions"),
        ({"setup.cfg": "[options]\ninstall_requires =\n    attrs\n    typing-extensions\n"},
         "typing_extensions"),
        # the gauntlet (mistune): a dependency below 3.11 only is not there on 3.11 and later
        ({"pyproject.toml": OLD_PYTHONS_ONLY}, None),
        # what cannot be read says nothing
        ({"pyproject.toml": '[project]\nrequires-python = "three"\ndependencies = ["(bad"]\n'},
         None),
        ({"pyproject.toml": "not toml ["}, None),
        ({}, None),
    ],
)  # fmt: skip
def test_the_marker_comes_from_what_the_project_can_import(
    files: dict[str, str], marker: str | None
) -> None:
    assert deprecated_marker(files.get) == marker
