from unittest import mock

import pytest

from shop import utils
from shop.catalog import feeds
from shop.utils import format_price, parse_bool, slugify, truncate_words


def test_slugify():
    assert slugify("Hello World") == "hello-world"
    assert slugify("  Crème Brûlée  Set! ") == "creme-brulee-set"
    assert slugify("already-a-slug") == "already-a-slug"
    assert slugify("???") == ""


def test_slugify_custom_separator():
    assert slugify("Blue Denim Jacket", sep="_") == "blue_denim_jacket"


def test_truncate_words_cuts_and_collapses_whitespace():
    assert truncate_words("one  two\nthree four", 2) == "one two…"
    assert truncate_words("one  two", 5) == "one two"
    assert truncate_words("Hi, there. Bye.", 2, suffix="...") == "Hi, there..."


def test_truncate_words_edge_cases():
    assert truncate_words("anything here", 0) == "…"
    with pytest.raises(ValueError):
        truncate_words("x", -1)


def test_format_price():
    assert format_price(1999) == "€19.99"
    assert format_price(123456789, "usd") == "$1,234,567.89"
    assert format_price(-5, "GBP") == "-£0.05"
    assert format_price(1000, "CHF") == "10.00 CHF"
    assert format_price(250, "") == "€2.50"


def test_format_price_reads_default_currency(monkeypatch):
    monkeypatch.setattr(utils, "DEFAULT_CURRENCY", "USD")
    assert format_price(100, "") == "$1.00"


def test_parse_bool():
    for value in (True, 1, "yes", " ON ", "y", "1"):
        assert parse_bool(value) is True, value
    for value in (False, 0, 0.0, "no", "off", ""):
        assert parse_bool(value) is False, value


def test_parse_bool_rejects_garbage():
    with pytest.raises(ValueError):
        parse_bool("maybe")


def test_patching_slugify_affects_module_attribute_readers(teapot):
    # feeds reads ``utils.slugify`` at call time, so patching the module
    # attribute changes the generated link.
    with mock.patch("shop.utils.slugify", return_value="patched") as fake:
        entry = feeds.product_to_entry(teapot)
    assert entry["link"] == "/products/patched"
    fake.assert_called_once_with("Crème Tea Pot")
    assert feeds.product_to_entry(teapot)["link"] == "/products/creme-tea-pot"


def test_public_helpers_are_exported():
    assert {"DEFAULT_CURRENCY", "format_price", "parse_bool"} <= set(utils.__all__)
