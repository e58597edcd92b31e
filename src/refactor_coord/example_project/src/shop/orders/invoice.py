"""Plain-text invoices for carts."""

from __future__ import annotations

from datetime import date

from .cart import Cart
from .typing_helpers import describe

LINE_WIDTH = 48


def render_line(label: str, amount: str, width: int = LINE_WIDTH) -> str:
    """Left-align ``label`` and right-align ``amount`` within ``width`` columns."""
    room = width - len(amount) - 1
    if len(label) > room:
        label = label[: max(room - 1, 0)] + "…"
    return f"{label:<{room}} {amount}"


def render_invoice(cart: Cart, number: str, issued: date, description_words: int = 4) -> str:
    """Render ``cart`` as a fixed-width text invoice."""
    # Imported lazily: invoices are rendered rarely, and only here do we need it.
    from shop.utils import truncate_words

    lines = [f"INVOICE {number}", f"Date: {issued.isoformat()}", "-" * LINE_WIDTH]
    for line in cart.lines:
        label = f"{line.quantity} x {describe(line.product)}"
        lines.append(render_line(label, cart.format_amount(line.total_cents)))
        if line.product.description:
            lines.append("    " + truncate_words(line.product.description, description_words))
    lines.append("-" * LINE_WIDTH)
    if cart.discount_percent:
        discount = cart.format_amount(-cart.discount())
        lines.append(render_line(f"Discount {cart.discount_percent}%", discount))
    lines.append(render_line("TOTAL", cart.format_total()))
    return "\n".join(lines)
