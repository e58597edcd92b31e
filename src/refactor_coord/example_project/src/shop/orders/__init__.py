"""Orders: carts, invoices and shipping quotes."""

from .cart import Cart, CartLine

__all__ = ["Cart", "CartLine"]
