"""Moved code is rewritten by Python's scoping rules only: a function's local (or parameter,
comprehension variable, match capture...) named like a global of the source module is not read
from the source module after the move. Each case here was rewritten wrongly by the libcst
scope analysis expand used before the kit's scope model (the real-project failure: a local
``fields`` in a module that also defines a function ``fields``)."""

from __future__ import annotations

import pytest

from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.extract_module.expand import Expanded, expand

SOURCE_HEAD = "def fields(cls):\n    return cls.__fields__\n\n\n"


@pytest.mark.parametrize(
    ("moved", "code"),
    [
        pytest.param(
            "moved",
            "def moved(cls):\n    match cls:\n        case [fields]:\n            return fields\n",
            id="match capture",
        ),
        pytest.param(
            "moved",
            "def moved(cls):\n    [fields := x for x in cls]\n    return fields\n",
            id="walrus in a comprehension",
        ),
        pytest.param(
            "moved",
            "def moved(cls):\n    if any((fields := x) for x in cls):\n        return fields\n",
            id="walrus in a generator",
        ),
        pytest.param(
            "Moved",
            "class Moved:\n    def m(self, fields=None):\n"
            "        fields = fields or getattr(self, 'f')\n        return fields\n",
            id="a parameter rebound in the method",
        ),
        pytest.param(
            "moved",
            "def moved(cls):\n    while True:\n        if cls:\n            return fields\n"
            "        fields = cls\n",
            id="a local read above its assignment in a loop",
        ),
        pytest.param(
            "moved",
            "def moved(cls):\n    fields = getattr(cls, '__fields__', None)\n"
            "    return [f for f in fields], lambda: fields, f'{fields}'\n",
            id="a local read in a comprehension, a lambda and an f-string",
        ),
    ],
)
def test_a_local_named_like_a_source_global_is_left_alone(moved: str, code: str) -> None:
    result = expand(SOURCE_HEAD + code, "pkg.src", False, "pkg.new", [moved], None)
    assert isinstance(result, Expanded), result
    assert "_src" not in result.target
    assert code in result.target  # moved verbatim


def test_a_read_of_the_global_itself_is_read_from_the_source() -> None:
    code = (
        "class Moved:\n    fields = ()\n    copied = [fields for _ in range(1)]\n"
        "    def m(self):\n        return self.fields, fields(self)\n"
    )
    result = expand(SOURCE_HEAD + code, "pkg.src", False, "pkg.new", ["Moved"], None)
    assert isinstance(result, Expanded), result
    # a comprehension in a class body and a method both skip the class: they read the global
    assert "copied = [_src.fields for _ in range(1)]" in result.target
    assert "return self.fields, _src.fields(self)" in result.target
    assert "    fields = ()\n" in result.target


def test_a_misplaced_rename_refuses_rather_than_guessing() -> None:
    # the positions come from ast; if the text there is not the name, nothing is rewritten
    from refactor_coord.rewrite.positions import Edit, apply_edits

    assert isinstance(apply_edits("x = fields\n", [Edit(1, 0, "fields", "a.fields")]), Refused)
    assert apply_edits("é = fields\n", [Edit(1, 5, "fields", "a.fields")]) == "é = a.fields\n"
