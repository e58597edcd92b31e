from sqlalchemy.orm import Session

from orders.api import close, place_order
from orders.reports import large_orders, revenue


def test_revenue_counts_closed_orders_only(session: Session) -> None:
    for total in (100, 250):
        close(place_order(session, "ada@example.com", total))
    place_order(session, "ada@example.com", 999)
    session.flush()
    assert revenue(session) == 350


def test_large_orders_largest_first(session: Session) -> None:
    for total in (500, 90_000, 20_000):
        place_order(session, "bob@example.com", total)
    session.flush()
    assert [o.total for o in large_orders(session, 10_000)] == [90_000, 20_000]
