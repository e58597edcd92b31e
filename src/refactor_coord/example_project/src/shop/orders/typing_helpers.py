"""Small typed helpers shared by the orders package.

``Product`` is imported for type checking only, so importing this module never
pulls in the catalog package at runtime.
"""

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from shop.catalog.products import Product


class Money(NamedTuple):
    cents: int
    currency: str


def line_total(product: "Product", quantity: int) -> int:
    """Total price in cents for ``quantity`` units of ``product``."""
    if quantity < 0:
        raise ValueError("quantity must be >= 0")
    return product.price_cents * quantity


def describe(product: "Product") -> str:
    """A one-line human description such as ``'Tea Pot (SKU-1)'``."""
    return f"{product.name} ({product.sku})"
