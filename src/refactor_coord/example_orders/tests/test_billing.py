from orders.billing import invoice_line, needs_review
from orders.models import Order


def test_invoice_line_in_euros():
    assert invoice_line(Order(id=7, total=1234)) == "order 7: 12.34 EUR"


def test_large_orders_need_review():
    assert needs_review(Order(total=150_000))
    assert not needs_review(Order(total=99))
