"""A tiny HTTP client built on the standard library.

All network access goes through the module-level :data:`_transport` callable,
which tests replace so that no real requests are ever made.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Response:
    """The result of a :func:`fetch` call."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self, encoding: str = "utf-8") -> str:
        return self.body.decode(encoding)

    def json(self) -> Any:
        """Decode the body as JSON."""
        return json.loads(self.body.decode("utf-8"))


class FetchError(Exception):
    """Raised when a request keeps failing after all retries."""


def _urllib_transport(url: str, timeout: float) -> Response:
    """Default transport: perform a GET with :func:`urllib.request.urlopen`."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return Response(resp.status, resp.read(), dict(resp.headers.items()))
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.read() or b"", dict(exc.headers.items()))


#: Pluggable transport; signature ``(url, timeout) -> Response``.
_transport: Callable[[str, float], Response] = _urllib_transport


def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> Response:
    """GET ``url`` and return a :class:`Response`.

    Connection errors and 5xx responses are retried up to ``retries`` times.
    """
    if retries < 0:
        raise ValueError("retries must be >= 0")
    last_error: Exception | None = None
    for _attempt in range(retries + 1):
        try:
            response = _transport(url, timeout)
        except OSError as exc:
            last_error = exc
            continue
        if response.status < 500:
            return response
        last_error = FetchError(f"server error {response.status} for {url}")
    raise FetchError(f"giving up on {url} after {retries + 1} attempt(s)") from last_error


class Client:
    """Convenience wrapper that resolves paths against a base URL."""

    def __init__(self, base_url: str, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def url_for(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def get(self, path: str) -> Response:
        return fetch(self.url_for(path), timeout=self.timeout)
