"""Import and export product feeds as JSON."""

from __future__ import annotations

import json
from typing import Any, Iterable

from shop import utils
from shop.client import fetch

from .products import Product


def product_to_entry(product: Product, currency: str = utils.DEFAULT_CURRENCY) -> dict[str, Any]:
    """Render one product as a feed entry."""
    return {
        "id": product.sku,
        "title": product.name,
        "link": f"/products/{utils.slugify(product.name)}",
        "price": utils.format_price(product.price_cents, currency),
        "tags": list(product.tags),
    }


def export_feed(products: Iterable[Product], currency: str = utils.DEFAULT_CURRENCY) -> str:
    """Serialise ``products`` as a JSON feed document."""
    entries = [product_to_entry(p, currency) for p in products]
    return json.dumps({"version": 1, "items": entries}, ensure_ascii=False, indent=2)


def parse_feed(document: str | bytes) -> list[Product]:
    """Parse a supplier feed (``{"items": [{"sku", "name", "price_cents", ...}]}``)."""
    data = json.loads(document)
    products = []
    for item in data.get("items", []):
        products.append(
            Product(
                sku=str(item["sku"]),
                name=str(item["name"]),
                price_cents=int(item["price_cents"]),
                description=str(item.get("description", "")),
                tags=tuple(item.get("tags", ())),
            )
        )
    return products


def import_feed(url: str, timeout: float = 10.0) -> list[Product]:
    """Download a supplier feed from ``url`` and parse it into products."""
    response = fetch(url, timeout=timeout)
    if not response.ok:
        raise RuntimeError(f"feed {url} returned HTTP {response.status}")
    return parse_feed(response.body)
