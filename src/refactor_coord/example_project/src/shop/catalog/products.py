"""Product records and an in-memory catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from shop.utils import slugify


@dataclass(frozen=True)
class Product:
    """A sellable item. Prices are stored in cents to avoid float rounding."""

    sku: str
    name: str
    price_cents: int
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.price_cents < 0:
            raise ValueError(f"{self.sku}: price must not be negative")

    @property
    def slug(self) -> str:
        """URL slug derived from the product name."""
        return slugify(self.name)


class Catalog:
    """A collection of products addressable by SKU or slug."""

    def __init__(self, products: Iterable[Product] = ()) -> None:
        self._by_sku: dict[str, Product] = {}
        for product in products:
            self.add(product)

    def add(self, product: Product) -> None:
        if product.sku in self._by_sku:
            raise KeyError(f"duplicate SKU {product.sku!r}")
        self._by_sku[product.sku] = product

    def get(self, sku: str) -> Product:
        return self._by_sku[sku]

    def by_slug(self, slug: str) -> Product | None:
        for product in self._by_sku.values():
            if product.slug == slug:
                return product
        return None

    def with_tag(self, tag: str) -> list[Product]:
        return [p for p in self._by_sku.values() if tag in p.tags]

    def __len__(self) -> int:
        return len(self._by_sku)

    def __iter__(self) -> Iterator[Product]:
        return iter(self._by_sku.values())
