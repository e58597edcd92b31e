"""Which subclasses follow a re-signed base (:mod:`refactor_coord.domain.subclass_inits`): an
``__init__`` of their own that passes the base's arguments by ``super().__init__`` only."""

from __future__ import annotations

import ast
import textwrap

import pytest

from refactor_coord.analysis.comparisons import places_in
from refactor_coord.domain.subclass_inits import subclass_inits


def _follows(source: str) -> list[int]:
    """The lines of the ``super().__init__`` calls of the subclass that follows its base
    (``[0]`` when it calls none; ``[]`` when it does not follow)."""
    tree = ast.parse(textwrap.dedent(source))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    calls = subclass_inits(tree).get(id(cls.bases[0]))
    return [] if calls is None else [c.lineno for c in calls] or [0]


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("class S(Old):\n    def __init__(self):\n        super().__init__(1, 2)\n", [3]),
        ("class S(m.Old):\n    def __init__(self):\n        super(S, self).__init__(1)\n", [3]),
        ("class S(Old):\n    def __init__(self):\n        self.x = 1\n", [0]),  # no call
        (  # another method that builds itself again passes the base's arguments too
            (
                "class S(Old):\n    def __init__(self):\n        super().__init__(1)\n"
                "    def reset(self):\n        super().__init__(0)\n"
            ),
            [3, 5],
        ),
    ],
)
def test_an_own_init_passing_the_base_s_arguments_by_super_follows(
    source: str, lines: list[int]
) -> None:
    assert _follows(source) == lines


@pytest.mark.parametrize(
    "source",
    [
        "class S(Old):\n    pass\n",  # its callers pass the base's arguments
        "class S(Mixin, Old):\n    def __init__(self):\n        super().__init__(1)\n",
        "class S(Old):\n    def __init__(self):\n        Old.__init__(self, 1)\n",
        "class S(Old):\n    def __init__(self, *a):\n        super().__init__(*a)\n",
        "class S(Old):\n    def __init__(self, **k):\n        super().__init__(1, **k)\n",
    ],
)
def test_the_others_are_left_for_review(source: str) -> None:
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    old = next(b for b in cls.bases if ast.unparse(b) == "Old")
    assert id(old) not in subclass_inits(tree)


def test_the_plan_places_the_base_as_the_index_does() -> None:
    text = "import m\n\n\nclass S(m.Old):\n    def __init__(self):\n        super().__init__()\n"
    assert places_in(text).following == {(4, 9)}
