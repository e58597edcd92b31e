from datetime import date

from shop.orders import Cart
from shop.orders.invoice import LINE_WIDTH, render_invoice, render_line


def test_render_line_pads_and_truncates():
    assert render_line("TOTAL", "€1.00", width=12) == "TOTAL  €1.00"
    assert render_line("A very long label", "€1.00", width=12) == "A ver… €1.00"


def test_render_invoice(teapot, mug):
    cart = Cart()
    cart.add(teapot)
    cart.add(mug, 2)
    cart.apply_discount(50)
    text = render_invoice(cart, "INV-42", date(2024, 3, 1), description_words=3)
    lines = text.splitlines()
    assert lines[0] == "INVOICE INV-42"
    assert lines[1] == "Date: 2024-03-01"
    assert lines[3].startswith("1 x Crème Tea Pot (TP-1)")
    assert lines[3].endswith("€24.99")
    assert lines[4] == "    A sturdy ceramic…"
    assert lines[5].endswith("€17.98")
    assert lines[-2].startswith("Discount 50%") and lines[-2].endswith("-€21.48")
    assert lines[-1].startswith("TOTAL") and lines[-1].endswith("€21.49")
    assert all(len(line) <= LINE_WIDTH for line in lines)
