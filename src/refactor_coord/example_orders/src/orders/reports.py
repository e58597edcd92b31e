"""Reports over all orders."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orders.models import Order


def revenue(session: Session) -> int:
    """The sum of closed orders' totals, in cents."""
    query = select(func.coalesce(func.sum(Order.total), 0)).where(Order.status == "closed")
    return int(session.scalar(query) or 0)


def large_orders(session: Session, at_least: int) -> list[Order]:
    """Orders of ``at_least`` cents, largest first."""
    query = select(Order).where(Order.total >= at_least).order_by(Order.total.desc())
    return list(session.scalars(query))
