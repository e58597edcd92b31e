"""migrate rewrites ``mod.name`` only where ``mod`` is the import of the source module, by the
kit's scope model: a parameter, a local or a comprehension variable named like the import is
another object, and its attributes stay as they are (CORRECTNESS.md: shadowing)."""

from __future__ import annotations

import textwrap

import pytest

from refactor_coord.rewrite.repoint import migrate


def run(code: str) -> str:
    result = migrate(textwrap.dedent(code), "pkg.app", False, "pkg.utils", "pkg.text", ["slugify"])
    assert isinstance(result, str), result
    return result


@pytest.mark.parametrize(
    "shadowing",
    [
        pytest.param("def g(utils):\n    return utils.slugify('y')\n", id="a parameter"),
        pytest.param(
            "def g():\n    utils = make()\n    return utils.slugify('y')\n", id="a local"
        ),
        pytest.param(
            "def g(items):\n    return [utils.slugify(1) for utils in items]\n",
            id="a comprehension variable",
        ),
        pytest.param(
            "def g():\n    import other as utils\n    return utils.slugify('y')\n",
            id="an import of another module",
        ),
        pytest.param(
            "class K:\n    def m(self, utils):\n        return utils.slugify('y')\n",
            id="a method's parameter",
        ),
    ],
)
@pytest.mark.parametrize("whole", [False, True], ids=["statements", "whole file"])
def test_a_name_shadowing_the_import_is_not_rewritten(shadowing: str, whole: bool) -> None:
    # a star import makes migrate handle the file whole rather than statement by statement
    head = "from pkg import utils\n" + ("from pkg.other import *\n" if whole else "")
    code = head + "\n\ndef f():\n    return utils.slugify('x')\n\n\n" + shadowing
    result = run(code)
    assert "def f():\n    return text.slugify('x')\n" in result
    assert shadowing in result  # untouched


def test_reads_of_the_import_itself_are_rewritten_wherever_they_are() -> None:
    result = run(
        """
        from pkg import utils


        def f(items):
            def inner():
                return utils.slugify("a")
            return [utils.slugify(i) for i in items], lambda: utils.slugify("b"), inner
        """
    )
    assert "utils.slugify" not in result and result.count("text.slugify") == 3


def test_a_lazy_import_is_rewritten_only_in_its_function() -> None:
    result = run(
        """
        def f():
            from pkg import utils
            return utils.slugify("x")


        def g(utils):
            return utils.slugify("y")
        """
    )
    assert 'return text.slugify("x")' in result and 'return utils.slugify("y")' in result
