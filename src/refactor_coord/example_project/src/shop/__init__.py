"""shop: a small online shop library (catalog, orders and a tiny HTTP client)."""

from .utils import slugify
from .client import fetch

__all__ = ["slugify", "fetch"]

__version__ = "1.4.0"
