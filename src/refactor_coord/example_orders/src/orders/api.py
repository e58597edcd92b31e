"""Placing and changing orders."""

from __future__ import annotations

from sqlalchemy.orm import Session

from orders.models import Customer, Order


def place_order(session: Session, email: str, total: int) -> Order:
    """A new open order of ``total`` cents for the customer with ``email`` (made if new)."""
    customer = session.query(Customer).filter_by(email=email).one_or_none()
    if customer is None:
        customer = Customer(email=email)
        session.add(customer)
    order = Order(customer=customer, total=total)
    session.add(order)
    session.flush()
    return order


def apply_discount(order: Order, percent: int) -> None:
    """Take ``percent`` off the order's total, rounding down to the cent."""
    order.total = order.total * (100 - percent) // 100


def close(order: Order) -> None:
    order.status = "closed"
