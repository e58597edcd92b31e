import pytest

from shop.catalog import Catalog, Product
from shop.catalog.search import SearchIndex, tokenize


def test_product_slug(teapot):
    assert teapot.slug == "creme-tea-pot"


def test_product_rejects_negative_price():
    with pytest.raises(ValueError):
        Product(sku="X", name="Broken", price_cents=-1)


def test_catalog_lookup(products):
    catalog = Catalog(products)
    assert len(catalog) == 3
    assert catalog.get("MG-2").name == "Enamel Mug"
    assert catalog.by_slug("reading-lamp").sku == "LP-3"
    assert catalog.by_slug("nope") is None
    assert [p.sku for p in catalog.with_tag("kitchen")] == ["TP-1", "MG-2"]
    assert [p.sku for p in catalog] == ["TP-1", "MG-2", "LP-3"]


def test_catalog_rejects_duplicate_sku(teapot):
    catalog = Catalog([teapot])
    with pytest.raises(KeyError):
        catalog.add(teapot)


def test_tokenize():
    assert tokenize("Warm, WARM light!") == ["warm", "warm", "light"]


def test_search_ranks_by_matching_tokens(products):
    index = SearchIndex(products, snippet_words=3)
    hits = index.search("warm tea")
    assert [h.product.sku for h in hits] == ["TP-1", "LP-3"]
    assert [h.score for h in hits] == [2, 1]
    assert hits[0].snippet == "A sturdy ceramic…"


def test_search_limit_and_no_match(products):
    index = SearchIndex(products)
    assert len(index.search("kitchen", limit=1)) == 1
    assert index.search("bicycle") == []
