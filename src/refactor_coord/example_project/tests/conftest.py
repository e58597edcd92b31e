"""Shared fixtures. No test in this suite touches the network."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shop import client
from shop.catalog.products import Product
from shop.client import Response


class FakeTransport:
    """Stand-in for ``shop.client._transport`` that serves canned responses."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Response | Exception]] = {}
        self.calls: list[tuple[str, float]] = []

    def add(self, url: str, *responses: Response | Exception) -> None:
        self.routes.setdefault(url, []).extend(responses)

    def add_json(self, url: str, payload: Any, status: int = 200) -> None:
        self.add(url, Response(status, json.dumps(payload).encode("utf-8")))

    def __call__(self, url: str, timeout: float) -> Response:
        self.calls.append((url, timeout))
        queue = self.routes.get(url)
        if not queue:
            return Response(404, b"not found")
        # Keep serving the last response once the queue is down to one item.
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if any test reaches the real urllib transport."""

    def refuse(url: str, timeout: float) -> Response:
        raise AssertionError(f"unexpected network access to {url}")

    monkeypatch.setattr(client, "_transport", refuse)


@pytest.fixture
def fake_transport(monkeypatch: pytest.MonkeyPatch) -> FakeTransport:
    fake = FakeTransport()
    monkeypatch.setattr(client, "_transport", fake)
    return fake


@pytest.fixture
def teapot() -> Product:
    return Product(
        sku="TP-1",
        name="Crème Tea Pot",
        price_cents=2499,
        description="A sturdy ceramic tea pot that keeps tea warm for hours.",
        tags=("kitchen", "tea"),
    )


@pytest.fixture
def mug() -> Product:
    return Product(sku="MG-2", name="Enamel Mug", price_cents=899, tags=("kitchen",))


@pytest.fixture
def products(teapot: Product, mug: Product) -> list[Product]:
    lamp = Product(
        sku="LP-3",
        name="Reading Lamp",
        price_cents=4550,
        description="Warm light for reading at night.",
        tags=("home",),
    )
    return [teapot, mug, lamp]
