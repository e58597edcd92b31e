"""What a re-signed class's shim does when it runs (:mod:`refcoord_codemods.change_api.
class_signature`): the expanded module is executed, and the old name is checked as code outside
the repository would use it during the deprecation window."""

from __future__ import annotations

import collections.abc
import textwrap
import types

import pytest

from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.style import Style
from refcoord_codemods.change_api.class_signature import expand_resigned_class

SIGNATURE = "(self, side, *, color='red')"


def _expanded(source: str) -> types.SimpleNamespace:
    """The module ``source`` with its class ``Square`` re-signed as ``Quad``, executed."""
    text = expand_resigned_class(
        textwrap.dedent(source), ("Square", "Quad"), SIGNATURE, {"colour": "color"}, Style()
    )
    assert not isinstance(text, Refused), text
    namespace: dict[str, object] = {"__name__": "shapes"}
    exec(compile(text, "shapes.py", "exec"), namespace)  # noqa: S102 - the code under test
    return types.SimpleNamespace(**namespace)


PLAIN = """
    class Square:
        def __init__(self, side, colour="red"):
            self.side, self.colour = side, colour
"""

#: an abstract base class's metaclass asks its subclasses in turn (cachetools' caches)
MAPPING = """
    import collections.abc


    class Square(collections.abc.MutableMapping):
        def __init__(self, side, colour="red"):
            self.side, self.colour, self.data = side, colour, {}

        def __getitem__(self, key):
            return self.data[key]

        def __setitem__(self, key, value):
            self.data[key] = value

        def __delitem__(self, key):
            del self.data[key]

        def __iter__(self):
            return iter(self.data)

        def __len__(self):
            return len(self.data)
"""


@pytest.mark.parametrize("source", [PLAIN, MAPPING], ids=["plain", "abstract-base"])
def test_the_old_name_takes_the_old_arguments_and_every_new_instance_is_one(source: str) -> None:
    m = _expanded(source)
    old, new = m.Square(2, "blue"), m.Quad(3, color="green")
    assert (old.side, old.colour, new.colour) == (2, "blue", "green")
    assert isinstance(old, m.Quad) and isinstance(new, m.Square)
    assert issubclass(m.Quad, m.Square) and issubclass(m.Square, m.Quad)
    assert not isinstance(object(), m.Square) and not issubclass(int, m.Square)

    def init(self: object, side: int) -> None:  # the old arguments to super().__init__
        m.Square.__init__(self, side, "gold")

    # a subclass outside the repository (built with type(): its base is only known here)
    Mine = type("Mine", (m.Square,), {"__init__": init})
    mine = Mine(4)
    assert mine.colour == "gold" and isinstance(mine, m.Square) and isinstance(mine, m.Quad)
    assert not isinstance(new, Mine) and not issubclass(m.Quad, Mine)


def test_an_abstract_base_s_checks_end() -> None:
    m = _expanded(MAPPING)
    filled = m.Square(1)
    filled.update((i, i) for i in range(3))  # MutableMapping.update asks isinstance(x, Mapping)
    assert dict(filled) == {0: 0, 1: 1, 2: 2}
    assert isinstance(filled, collections.abc.Mapping)
    assert not isinstance(42, collections.abc.Mapping)
