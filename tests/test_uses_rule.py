"""The one rule of what a use of a deprecated name is (status, history and check share it)."""

from __future__ import annotations

import pytest

from refactor_coord.domain.facts import Reference, RefKind
from refactor_coord.domain.uses import is_surface, is_use, uses_of


def ref(
    target: str,
    written: str = "",
    *,
    kind: RefKind = RefKind.CALL,
    path: str = "app/views.py",
    reason: str = "",
    line: int = 1,
) -> Reference:
    return Reference(target, written or target, path, line, 1, kind, "high", reason, "app.views")


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (ref("shop.utils.slugify"), True),
        (ref("shop.utils.slugify.cache_clear"), True),  # an attribute of it
        (ref("shop.utils.slugify_all"), False),  # another name that starts alike
        # moved by extract-module's expand step, still spelled through the old module
        (ref("shop.text.slugify", "shop.utils.slugify"), True),
        # spelled through the new module: migrated
        (ref("shop.text.slugify", "shop.text.slugify"), False),
        # an __all__ entry, and a package re-export: the API's surface, not a use
        (ref("shop.utils.slugify", kind=RefKind.EXPORT), False),
        (ref("shop.utils.slugify", kind=RefKind.IMPORT, path="shop/__init__.py"), False),
        (ref("shop.utils.slugify", kind=RefKind.IMPORT, path="shop/views.py"), True),
    ],
)
def test_uses_of_a_function(reference: Reference, expected: bool) -> None:
    assert is_use(reference, "shop.utils.slugify", is_class=False) is expected


def test_a_class_member_reached_through_an_instance_is_not_a_use_of_the_class_name() -> None:
    through_name = ref("shapes.Square.area", "shapes.Square.area")
    through_self = ref("shapes.Square.area", "self.area", reason="through 'self'")
    through_super = ref("shapes.Square.area", "shapes.Tile.super().area")
    star = ref("shapes.Square", "shapes.Square", reason="through 'from shapes import *'")
    assert is_use(through_name, "shapes.Square", is_class=True)
    assert not is_use(through_self, "shapes.Square", is_class=True)
    assert not is_use(through_super, "shapes.Square", is_class=True)
    assert is_use(star, "shapes.Square", is_class=True)


def test_uses_are_one_per_place_in_order() -> None:
    a = ref("m.f", line=9)
    b = ref("m.f", line=2)
    again = ref("m.f", "x.f", line=2)  # the same place found twice (by target and by spelling)
    assert uses_of("m.f", [a, b, again], is_class=False) == (b, a)


def test_surface() -> None:
    assert is_surface(ref("m.f", kind=RefKind.EXPORT, path="m.py"))
    assert not is_surface(ref("m.f", kind=RefKind.CALL, path="pkg/__init__.py"))
