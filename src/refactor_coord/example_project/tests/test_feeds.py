import json

import pytest

from shop.catalog import feeds


def test_export_feed(products):
    document = json.loads(feeds.export_feed(products[:2], currency="USD"))
    assert document["version"] == 1
    assert document["items"][0] == {
        "id": "TP-1",
        "title": "Crème Tea Pot",
        "link": "/products/creme-tea-pot",
        "price": "$24.99",
        "tags": ["kitchen", "tea"],
    }
    assert document["items"][1]["price"] == "$8.99"


def test_parse_feed_defaults():
    products = feeds.parse_feed('{"items": [{"sku": 7, "name": "Cup", "price_cents": "150"}]}')
    assert len(products) == 1
    assert (products[0].sku, products[0].price_cents, products[0].tags) == ("7", 150, ())


def test_import_feed_passes_timeout(fake_transport):
    url = "https://supplier.test/feed.json"
    fake_transport.add_json(
        url, {"items": [{"sku": "A", "name": "Oak Board", "price_cents": 1200, "tags": ["wood"]}]}
    )
    products = feeds.import_feed(url, timeout=4.0)
    assert [p.slug for p in products] == ["oak-board"]
    assert products[0].tags == ("wood",)
    assert fake_transport.calls == [(url, 4.0)]


def test_import_feed_http_error(fake_transport):
    with pytest.raises(RuntimeError, match="HTTP 404"):
        feeds.import_feed("https://supplier.test/missing.json")
