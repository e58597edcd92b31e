import pytest

from shop.orders import Cart
from shop.orders.typing_helpers import Money, describe, line_total
from shop.utils import DEFAULT_CURRENCY


def test_cart_totals(teapot, mug):
    cart = Cart()
    cart.add(teapot)
    cart.add(mug, 2)
    cart.add(mug)
    assert cart.currency == DEFAULT_CURRENCY
    assert len(cart) == 4
    assert cart.subtotal() == 2499 + 3 * 899
    assert cart.total() == Money(5196, "EUR")
    assert cart.format_total() == "€51.96"


def test_cart_discount_rounds_down(teapot):
    cart = Cart(currency="USD")
    cart.add(teapot)
    cart.apply_discount(10)
    assert cart.discount() == 249
    assert cart.format_total() == "$22.50"
    with pytest.raises(ValueError):
        cart.apply_discount(150)


def test_cart_remove(teapot, mug):
    cart = Cart()
    cart.add(mug, 3)
    cart.add(teapot)
    cart.remove("MG-2", 2)
    assert [(line.product.sku, line.quantity) for line in cart.lines] == [("MG-2", 1), ("TP-1", 1)]
    cart.remove("TP-1")
    assert len(cart) == 1
    with pytest.raises(ValueError):
        cart.add(teapot, 0)


def test_typing_helpers(mug):
    assert line_total(mug, 3) == 2697
    assert describe(mug) == "Enamel Mug (MG-2)"
    with pytest.raises(ValueError):
        line_total(mug, -1)
