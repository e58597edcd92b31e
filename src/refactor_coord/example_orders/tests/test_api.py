from sqlalchemy.orm import Session

from orders.api import apply_discount, close, place_order


def test_place_order_stores_the_total(session: Session) -> None:
    order = place_order(session, "ada@example.com", 2500)
    session.expire_all()
    session.refresh(order)
    assert order.total == 2500


def test_a_discount_rounds_down(session: Session) -> None:
    order = place_order(session, "bob@example.com", 999)
    apply_discount(order, 10)
    session.flush()
    session.expire_all()
    session.refresh(order)
    assert order.total == 899


def test_close(session: Session) -> None:
    order = place_order(session, "cy@example.com", 100)
    close(order)
    assert order.status == "closed"
