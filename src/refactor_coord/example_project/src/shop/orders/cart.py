"""Shopping cart with per-line quantities and simple discounts."""

from __future__ import annotations

from dataclasses import dataclass

from shop.catalog.products import Product
from shop.utils import DEFAULT_CURRENCY, format_price

from .typing_helpers import Money, line_total


@dataclass
class CartLine:
    product: Product
    quantity: int

    @property
    def total_cents(self) -> int:
        return line_total(self.product, self.quantity)


class Cart:
    """A mutable cart. All amounts are integer cents in one currency."""

    def __init__(self, currency: str = DEFAULT_CURRENCY) -> None:
        self.currency = currency
        self._lines: dict[str, CartLine] = {}
        self.discount_percent = 0

    @property
    def lines(self) -> list[CartLine]:
        return list(self._lines.values())

    def add(self, product: Product, quantity: int = 1) -> None:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        line = self._lines.get(product.sku)
        if line is None:
            self._lines[product.sku] = CartLine(product, quantity)
        else:
            line.quantity += quantity

    def remove(self, sku: str, quantity: int | None = None) -> None:
        """Remove ``quantity`` units of ``sku`` (all of them when omitted)."""
        line = self._lines[sku]
        if quantity is None or quantity >= line.quantity:
            del self._lines[sku]
        else:
            line.quantity -= quantity

    def apply_discount(self, percent: int) -> None:
        if not 0 <= percent <= 100:
            raise ValueError("discount must be between 0 and 100")
        self.discount_percent = percent

    def subtotal(self) -> int:
        return sum(line.total_cents for line in self._lines.values())

    def discount(self) -> int:
        # Round the discount down so the customer is never over-credited.
        return self.subtotal() * self.discount_percent // 100

    def total(self) -> Money:
        return Money(self.subtotal() - self.discount(), self.currency)

    def format_amount(self, cents: int) -> str:
        return format_price(cents, self.currency)

    def format_total(self) -> str:
        return self.format_amount(self.total().cents)

    def __len__(self) -> int:
        return sum(line.quantity for line in self._lines.values())
