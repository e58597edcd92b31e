import pytest

from shop.client import Response
from shop.orders import shipping

URL = shipping.quote_url("de", 1200)


def test_quote_url():
    assert URL == "https://carrier.example/api/rates?country=DE&weight=1200"


def test_live_quotes_sorted(fake_transport):
    fake_transport.add_json(
        URL,
        {
            "rates": [
                {"service": "express", "cents": 1500, "days": 1},
                {"service": "economy", "cents": 390, "days": 7},
                {"service": "standard", "cents": 590, "days": 3},
            ]
        },
    )
    quotes = shipping.get_quotes("de", 1200)
    assert [q.service for q in quotes] == ["economy", "standard", "express"]
    assert not any(q.estimated for q in quotes)
    assert shipping.cheapest(quotes).cents == 390
    assert fake_transport.calls == [(URL, 2.0)]


@pytest.mark.parametrize(
    "response",
    [Response(500, b""), Response(200, b"not json"), Response(200, b'{"rates": [{}]}')],
)
def test_fallback_rates(fake_transport, response):
    fake_transport.add(URL, response)
    quotes = shipping.get_quotes("DE", 1200)
    assert all(q.estimated for q in quotes)
    assert shipping.cheapest(quotes).cents == shipping.FALLBACK_RATES["standard"]


def test_rejects_non_positive_weight():
    with pytest.raises(ValueError):
        shipping.get_quotes("DE", 0)
