import pytest

from shop import client
from shop.client import Client, FetchError, Response, fetch


def test_fetch_uses_transport(fake_transport):
    fake_transport.add_json("https://api.test/ping", {"pong": True})
    response = fetch("https://api.test/ping")
    assert response.ok
    assert response.json() == {"pong": True}
    assert fake_transport.calls == [("https://api.test/ping", 5.0)]


def test_fetch_returns_client_errors_without_retrying(fake_transport):
    response = fetch("https://api.test/missing", retries=3)
    assert response.status == 404
    assert not response.ok
    assert len(fake_transport.calls) == 1


def test_fetch_retries_server_errors_and_os_errors(fake_transport):
    fake_transport.add(
        "https://api.test/flaky",
        Response(503, b""),
        ConnectionResetError("reset"),
        Response(200, b"ok"),
    )
    response = fetch("https://api.test/flaky", timeout=1.5, retries=2)
    assert response.text() == "ok"
    assert fake_transport.calls == [("https://api.test/flaky", 1.5)] * 3


def test_fetch_gives_up(monkeypatch):
    def always_down(url, timeout):
        raise TimeoutError("timed out")

    monkeypatch.setattr(client, "_transport", always_down)
    with pytest.raises(FetchError) as excinfo:
        fetch("https://api.test/down", retries=1)
    assert isinstance(excinfo.value.__cause__, TimeoutError)


def test_fetch_rejects_negative_retries():
    with pytest.raises(ValueError):
        fetch("https://api.test/", retries=-1)


def test_client_get_joins_paths(fake_transport):
    fake_transport.add_json("https://api.test/v1/items", [1, 2])
    api = Client("https://api.test/v1/", timeout=3.0)
    assert api.url_for("/items") == "https://api.test/v1/items"
    assert api.get("items").json() == [1, 2]
    assert fake_transport.calls == [("https://api.test/v1/items", 3.0)]
