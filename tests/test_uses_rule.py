"""The one rule of what a use of a deprecated name is (status, history and check share it)."""

from __future__ import annotations

import pytest

from refactor_coord.domain.facts import Reference, RefKind
from refactor_coord.domain.uses import Rule, is_surface, is_use, uses_of


def ref(
    target: str,
    written: str = "",
    *,
    kind: RefKind = RefKind.CALL,
    path: str = "app/views.py",
    reason: str = "",
    line: int = 1,
    scope: str = "app.views",
) -> Reference:
    return Reference(target, written or target, path, line, 1, kind, "high", reason, scope)


SLUGIFY = Rule("shop.utils.slugify")


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
        # an __all__ entry is never a use (the import that binds the name is)
        (ref("shop.utils.slugify", kind=RefKind.EXPORT), False),
        # a package __init__ importing it: extract-module migrates it like any other import
        (ref("shop.utils.slugify", kind=RefKind.IMPORT, path="shop/__init__.py"), True),
        (ref("shop.utils.slugify", kind=RefKind.IMPORT, path="shop/views.py"), True),
    ],
)
def test_uses_of_a_moved_function(reference: Reference, expected: bool) -> None:
    assert is_use(reference, SLUGIFY) is expected


def test_a_change_apis_package_re_export_is_its_surface_not_a_use() -> None:
    fetch = Rule("shop.client.fetch", reexports=True)
    reexport = ref("shop.client.fetch", kind=RefKind.IMPORT, path="shop/__init__.py")
    assert not is_use(reexport, fetch)
    assert is_use(ref("shop.client.fetch", path="shop/__init__.py"), fetch)  # a call there is


def test_the_refactorings_own_deprecation_test_is_not_a_use() -> None:
    rule = Rule("shop.client.fetch", refactor="fetch-to-get")
    assert not is_use(ref("shop.client.fetch", path="tests/test_refcoord_fetch_to_get.py"), rule)
    assert is_use(ref("shop.client.fetch", path="tests/test_refcoord_other.py"), rule)


def test_a_facades_own_uses_of_the_old_dependency_do_not_count() -> None:
    rule = Rule("json", outside="shop.serialization")
    assert not is_use(ref("json.dumps", scope="shop.serialization.dumps"), rule)
    assert is_use(ref("json.dumps", scope="shop.catalog.feeds"), rule)


def test_code_that_uses_the_facade_is_migrated_though_the_index_follows_it_to_the_library() -> (
    None
):
    rule = Rule("json", outside="shop.serialization")
    # ``from shop.serialization import dumps``: the index follows the facade's old branch
    through_facade = ref("json.dumps", "shop.serialization.dumps", scope="shop.catalog.feeds")
    assert not is_use(through_facade, rule)
    assert is_use(ref("json.dumps", "json.dumps", scope="shop.catalog.feeds"), rule)


def test_a_class_member_reached_through_an_instance_is_not_a_use_of_the_class_name() -> None:
    square = Rule("shapes.Square", is_class=True)
    through_name = ref("shapes.Square.area", "shapes.Square.area")
    through_self = ref("shapes.Square.area", "self.area", reason="through 'self'")
    through_super = ref("shapes.Square.area", "shapes.Tile.super().area")
    star = ref("shapes.Square", "shapes.Square", reason="through 'from shapes import *'")
    assert is_use(through_name, square)
    assert not is_use(through_self, square)
    assert not is_use(through_super, square)
    assert is_use(star, square)
    # inside the class, the index spells self.side through the class's own name
    inside = ref("shapes.Square.side", "shapes.Square.side", reason="through 'self'")
    assert not is_use(inside, square)
    moved = Rule("shop.utils.Box", is_class=True)  # extract-module: the code now lives elsewhere
    assert not is_use(
        ref("shop.text.Box.SIZE", "shop.utils.Box.SIZE", reason="through 'self'"), moved
    )


def test_uses_are_one_per_place_in_order() -> None:
    a = ref("m.f", line=9)
    b = ref("m.f", line=2)
    again = ref("m.f", "x.f", line=2)  # the same place found twice (by target and by spelling)
    assert uses_of(Rule("m.f"), [a, b, again]) == (b, a)


def test_surface() -> None:
    assert is_surface(ref("m.f", kind=RefKind.EXPORT, path="m.py"))
    assert is_surface(ref("m.f", kind=RefKind.IMPORT, path="pkg/__init__.py"))
    assert not is_surface(ref("m.f", kind=RefKind.CALL, path="pkg/__init__.py"))


def test_a_re_signed_class_s_shim_metaclass_naming_it_is_not_a_use() -> None:
    """``if self is Square`` in the metaclass change-api gives a re-signed class's shim."""
    rule = Rule("shop.shapes.Square", is_class=True)
    checks = "shop.shapes._SquareChecks.__instancecheck__"
    assert not is_use(ref("shop.shapes.Square", kind=RefKind.NAME, scope=checks), rule)
    assert is_use(ref("shop.shapes.Square", kind=RefKind.NAME, scope="shop.shapes.area"), rule)
