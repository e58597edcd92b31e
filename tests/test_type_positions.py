"""Where a name stands only as a type (:mod:`refactor_coord.domain.type_positions`): a
re-signed class is renamed there whatever it now takes, since nothing is built there."""

from __future__ import annotations

import ast

import pytest

from refactor_coord.analysis.comparisons import places_in
from refactor_coord.domain.type_positions import type_positions


def _typed(source: str) -> list[str]:
    """The names of ``Old`` the source uses only as a type, each with its line."""
    tree = ast.parse(source)
    typed = type_positions(tree)
    return sorted(
        f"{node.lineno}:{ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and id(node) in typed
        and ast.unparse(node).endswith("Old")
    )


@pytest.mark.parametrize(
    "source",
    [
        "def f(x: Old) -> None: ...",
        "def f(x) -> Old: ...",
        "def f(x: 'int') -> list[Old]: ...",
        "x: Old = make()",
        "isinstance(x, Old)",
        "isinstance(x, (int, (str, Old)))",
        "issubclass(t, m.Old)",
        "try:\n    pass\nexcept (ValueError, Old):\n    pass",
        "try:\n    pass\nexcept Old as e:\n    pass",
        "match x:\n    case Old(side=2):\n        pass",
        "super(Old, self).__init__()",  # mistune's InlineParser
        "with pytest.raises(Old):\n    pass",  # itsdangerous' BadSignature
        "self.assertRaises((KeyError, Old), f, 1)",
        "self.assertIsInstance(x, m.Old)",
        "with contextlib.suppress(KeyError, Old):\n    pass",
        "Old.CONSTANT",
        "t.cast(Old, last_exception)",  # itsdangerous' serializer
        "Old.from_text('x')",
    ],
)
def test_annotations_checks_catches_and_patterns_are_types(source: str) -> None:
    assert _typed(source), source


@pytest.mark.parametrize(
    "source",
    [
        "Old(2)",  # built
        "maker = Old",  # may be called later, the old way
        "type(x) is Old",  # the old name builds instances of its own type in the window
        "registry[Old] = 1",  # a lookup by the class object
        "isinstance(Old, int)",  # the checked value, not the class
        "class Tile(Old): pass",  # inherits the old __init__
        "default(x=Old)",
        "Old.__init__(self, 2)",  # called with the arguments
        "fetch.__call__('u', 3)",  # a re-signed function's arguments
        "pytest.raises(*errors)",
    ],
)
def test_a_value_that_may_be_called_or_compared_is_not_a_type(source: str) -> None:
    assert _typed(source) == [], source


def test_typed_places_are_placed_as_the_index_places_references() -> None:
    text = (
        "import pkg\n\n\ndef f(x: object) -> bool:\n"
        "    return isinstance(x, pkg.Old) or é(pkg.Old)\n"
    )
    # line 4: the annotations ``object``, ``bool``; line 5: ``pkg.Old``'s start, column 26 in
    # characters from 1 (the index's), not the call's argument
    assert places_in(text).typed == {(4, 10), (4, 21), (5, 26)}
    assert places_in("def (:").typed == set()
