"""Product catalog: product records, search and feeds."""

from .products import Catalog, Product

__all__ = ["Catalog", "Product"]
