"""A file's doctest examples read as one program (rewrite/doctest_programs.py)."""

from __future__ import annotations

from refactor_coord.rewrite.doctest_programs import (
    example_lines,
    namespace_prelude,
    program_of,
    with_examples,
)

DOC = """\
Usage

   >>> v = make(1,
   ...          2)
   >>> v > {}
   Traceback (most recent call last):
     ...
   TypeError: nope
\t>>> done()
"""


def test_examples_are_the_prompt_lines_and_their_continuations_not_output() -> None:
    lines = example_lines(DOC)
    assert [(e.line, e.col, e.code) for e in lines] == [
        (3, 7, "v = make(1,"),
        (4, 7, "         2)"),
        (5, 7, "v > {}"),
        (9, 5, "done()"),
    ]  # the traceback's "..." is output
    assert program_of(lines) == "v = make(1,\n         2)\nv > {}\ndone()\n"


def test_rewritten_code_goes_back_behind_its_prompt() -> None:
    lines = example_lines(DOC.replace("\n", "\r\n"))
    codes = ["w = make(1,", "         b=2)", "v > {}", "done()"]
    out = with_examples(DOC.replace("\n", "\r\n"), lines, codes)
    assert out == DOC.replace("v = make", "w = make").replace("  2)", "  b=2)").replace(
        "\n", "\r\n"
    )


CONFTEST = """
import pytest

import semver
import packaging.version
from coerce import coerce as make


@pytest.fixture(autouse=True)
def add_semver(doctest_namespace, tmp_path):
    doctest_namespace["Version"] = semver.version.Version
    doctest_namespace["semver"] = semver
    doctest_namespace["coerce"] = make
    doctest_namespace["PyPI"] = packaging.version
    doctest_namespace["tmp"] = tmp_path
"""


def test_a_module_doctest_namespace_gives_is_imported_anything_else_assigned() -> None:
    """semver's tests/conftest.py gives its documentation's doctests their names: the module
    reads as imported (``semver.Version`` through it is the class's), ``Version`` as a name the
    examples cannot rename (the conftest's key)."""
    prelude = namespace_prelude([CONFTEST, "x = (", "import os\n"]).splitlines()
    assert prelude == [
        "import pytest",
        "import semver",
        "import packaging.version",
        "from coerce import coerce as make",
        "Version = semver.version.Version",
        "coerce = make",
        "import packaging.version as PyPI",
        "tmp = tmp_path",
    ]


def test_lines_are_numbered_as_python_numbers_them() -> None:
    """A form feed is no line break to ast, jedi or the index (found in review: str.splitlines
    moved every later example a line down)."""
    text = 'x = 1\n\x0c\ndef f():\n    """\n    >>> f()\n    """\n'
    assert [e.line for e in example_lines(text)] == [5]
