"""Invoices."""

from __future__ import annotations

from orders.models import Order


def invoice_line(order: Order) -> str:
    """One invoice line: the order and its total in euros."""
    return f"order {order.id}: {order.total / 100:.2f} EUR"


def needs_review(order: Order, limit: int = 100_000) -> bool:
    return order.total >= limit
