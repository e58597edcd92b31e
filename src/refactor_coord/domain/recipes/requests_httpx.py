"""requests -> httpx: what each name of requests (2.x) is on httpx (pure data).

The request functions and ``Session`` are ``code`` entries that keep requests' defaults on
httpx (redirects followed, no timeout) and translate the arguments whose spelling differs
(``allow_redirects``, ``(connect, read)`` timeouts, raw ``data``); everything else they pass to
httpx as given. The exceptions map to the nearest httpx class: the hierarchies differ (see
the differences). requests' submodules (``requests.exceptions``, ``requests.models``, ...) are
``module`` entries standing for httpx, so that ``requests.exceptions.Timeout`` reached through
a bare ``import requests`` is one facade name; every public name they define has its own
entry.
"""

from __future__ import annotations

import textwrap
from types import MappingProxyType

from refactor_coord.domain.recipes import Recipe, Target, code, module, name, stub

_NEEDS = "import httpx"

#: The arguments requests and httpx spell differently (``kwargs`` of one call).
_TRANSLATE = """\
# requests leaves out the parameters and form fields whose
# value is None
for field in ("params", "data"):
    given = kwargs.get(field)
    if isinstance(given, dict):
        kwargs[field] = {
            k: v for k, v in given.items() if v is not None
        }
data = kwargs.get("data")
if isinstance(data, (list, tuple)):
    # form fields as (key, value) pairs: httpx takes a dict
    # of lists
    form = {}
    for key, item in data:
        form.setdefault(key, []).append(item)
    kwargs["data"] = form
elif data is not None and not hasattr(data, "items"):
    # bytes, text, a file or an iterator: httpx's content=
    kwargs["content"] = kwargs.pop("data")
"""


def _function(leaf: str, method: str | None, fields: tuple[str, ...], follow: bool) -> Target:
    """``requests.get`` and the like: a request with requests' defaults, made by httpx."""
    head = "method, url" if method is None else "url"
    signature = "".join(f"{field}=None, " for field in fields)
    moved = "".join(f'    kwargs["{field}"] = {field}\n' for field in fields)
    verb = "method" if method is None else f'"{method}"'
    source = (
        f"def {leaf}({head}, {signature}**kwargs):\n"
        f'    """requests.{leaf} on httpx, with requests\' defaults: redirects\n'
        f'    {"followed" if follow else "not followed"}, no timeout."""\n'
        f"{moved}"
        "    kwargs.setdefault(\n"
        f'        "follow_redirects", kwargs.pop("allow_redirects", {follow})\n'
        "    )\n"
        "    # requests waits for ever by default, and takes (connect, read) pairs\n"
        '    timeout = kwargs.pop("timeout", None)\n'
        "    if isinstance(timeout, tuple):\n"
        "        timeout = httpx.Timeout(None, connect=timeout[0], read=timeout[1])\n"
        '    kwargs["timeout"] = timeout\n'
        f"{textwrap.indent(_TRANSLATE, '    ')}"
        f"    return httpx.request({verb}, url, **kwargs)\n"
    )
    return code(source, _NEEDS)


_SESSION = f'''\
class Session(httpx.Client):
    """requests.Session on httpx.Client, with requests' defaults:
    redirects followed (not by head), no timeout; ``allow_redirects``,
    (connect, read) timeouts and raw ``data`` are translated as the
    request functions do. Client settings (verify, cert, proxy, ...)
    are arguments of ``Session(...)``: httpx ignores them set as
    attributes afterwards."""

    def __init__(self, **kwargs):
        kwargs.setdefault("follow_redirects", True)
        kwargs.setdefault("timeout", None)
        super().__init__(**kwargs)

    def request(self, method, url, **kwargs):
        if "allow_redirects" in kwargs:
            kwargs.setdefault(
                "follow_redirects", kwargs.pop("allow_redirects")
            )
        timeout = kwargs.get("timeout")
        if isinstance(timeout, tuple):  # (connect, read)
            kwargs["timeout"] = httpx.Timeout(
                None, connect=timeout[0], read=timeout[1]
            )
{textwrap.indent(_TRANSLATE, " " * 8)}\
        return super().request(method, url, **kwargs)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def options(self, url, **kwargs):
        return self.request("OPTIONS", url, **kwargs)

    def head(self, url, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request("POST", url, data=data, json=json, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self.request("PUT", url, data=data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.request("PATCH", url, data=data, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)
'''

#: Session.post's return, one line in the class but too long once session() nests it.
_POST = 'return self.request("POST", url, data=data, json=json, **kwargs)'
_POST_NESTED = (
    'return self.request(\n            "POST", url, data=data, json=json, **kwargs\n        )'
)

_SESSION_FUNCTION = (
    "def session():\n"
    '    """requests.session(): a Session (the class requests.Session\n'
    '    becomes)."""\n\n'
    f"{textwrap.indent(_SESSION.replace(_POST, _POST_NESTED), '    ')}\n"
    "    return Session()\n"
)


def _warning(leaf: str) -> Target:
    """A requests warning class: httpx never emits it, so filters for it stay harmless."""
    return code(
        f"class {leaf}(Warning):\n"
        f'    """requests\' {leaf}: httpx never emits it\n'
        '    (a warnings filter for it is now idle)."""\n'
    )


_FUNCTIONS: dict[str, Target] = {
    "request": _function("request", None, (), True),
    "get": _function("get", "GET", ("params",), True),
    "options": _function("options", "OPTIONS", (), True),
    "head": _function("head", "HEAD", (), False),
    "post": _function("post", "POST", ("data", "json"), True),
    "put": _function("put", "PUT", ("data",), True),
    "patch": _function("patch", "PATCH", ("data",), True),
    "delete": _function("delete", "DELETE", (), True),
}

_RETRIES = (
    "httpx has no urllib3 Retry: mount httpx.HTTPTransport(retries=n, limits=...) with "
    "Client(mounts={'https://': ...}) (its retries cover failed connections only)"
)

#: requests.exceptions' classes, also exported by requests itself where requests does.
_EXCEPTIONS: dict[str, Target] = {
    "RequestException": name("httpx.HTTPError"),
    "HTTPError": name("httpx.HTTPStatusError"),
    "ConnectionError": name("httpx.TransportError"),
    "ProxyError": name("httpx.ProxyError"),
    "SSLError": name("httpx.ConnectError"),
    "Timeout": name("httpx.TimeoutException"),
    "ConnectTimeout": name("httpx.ConnectTimeout"),
    "ReadTimeout": name("httpx.ReadTimeout"),
    "URLRequired": name("httpx.UnsupportedProtocol"),
    "MissingSchema": name("httpx.UnsupportedProtocol"),
    "InvalidSchema": name("httpx.UnsupportedProtocol"),
    "InvalidURL": name("httpx.InvalidURL"),
    "TooManyRedirects": name("httpx.TooManyRedirects"),
    "ChunkedEncodingError": name("httpx.RemoteProtocolError"),
    "ContentDecodingError": name("httpx.DecodingError"),
    "StreamConsumedError": name("httpx.StreamConsumed"),
    "JSONDecodeError": name("json.JSONDecodeError"),
    "InvalidJSONError": stub(
        "httpx lets json.dumps' TypeError or ValueError through for a json= body it cannot "
        "encode, and response.json() raises json.JSONDecodeError: catch those instead"
    ),
    "InvalidHeader": stub(
        "httpx rejects a bad header value when it sends the request (httpx.LocalProtocolError) "
        "or builds the headers (TypeError): catch what the call site needs"
    ),
    "InvalidProxyURL": stub("httpx reports a bad proxy URL when the Client is built"),
    "RetryError": stub(f"raised when urllib3's Retry gives up; {_RETRIES}"),
    "UnrewindableBodyError": stub(
        "httpx does not rewind request bodies on redirects: there is no such error"
    ),
    "RequestsWarning": _warning("RequestsWarning"),
    "FileModeWarning": _warning("FileModeWarning"),
    "RequestsDependencyWarning": _warning("RequestsDependencyWarning"),
}
_TOP_EXCEPTIONS = (
    "RequestException",
    "HTTPError",
    "ConnectionError",
    "Timeout",
    "ConnectTimeout",
    "ReadTimeout",
    "URLRequired",
    "TooManyRedirects",
    "JSONDecodeError",
    "FileModeWarning",
    "RequestsDependencyWarning",
)

_ENTRIES: dict[str, Target] = {
    **{f"requests.{leaf}": target for leaf, target in _FUNCTIONS.items()},
    **{f"requests.api.{leaf}": target for leaf, target in _FUNCTIONS.items()},
    "requests.Session": code(_SESSION, _NEEDS),
    "requests.session": code(_SESSION_FUNCTION, _NEEDS),
    "requests.sessions.Session": code(_SESSION, _NEEDS),
    "requests.sessions.session": code(_SESSION_FUNCTION, _NEEDS),
    "requests.sessions.SessionRedirectMixin": stub(
        "requests' redirect machinery: httpx follows redirects inside Client.send"
    ),
    "requests.sessions.merge_setting": stub("a requests internal with no httpx counterpart"),
    "requests.sessions.merge_hooks": stub(
        "a requests internal: httpx's hooks are Client(event_hooks={'request': [...], "
        "'response': [...]})"
    ),
    **{f"requests.exceptions.{leaf}": target for leaf, target in _EXCEPTIONS.items()},
    **{f"requests.{leaf}": _EXCEPTIONS[leaf] for leaf in _TOP_EXCEPTIONS},
    "requests.Response": name("httpx.Response"),
    "requests.Request": name("httpx.Request"),
    "requests.PreparedRequest": name("httpx.Request"),
    "requests.models.Response": name("httpx.Response"),
    "requests.models.Request": name("httpx.Request"),
    "requests.models.PreparedRequest": name("httpx.Request"),
    "requests.models.RequestEncodingMixin": stub("a requests internal: httpx encodes in Request"),
    "requests.models.RequestHooksMixin": stub(
        "a requests internal: httpx's hooks are Client(event_hooks=...)"
    ),
    "requests.codes": name("httpx.codes"),
    "requests.status_codes.codes": name("httpx.codes"),
    "requests.auth.AuthBase": name("httpx.Auth"),
    "requests.auth.HTTPBasicAuth": name("httpx.BasicAuth"),
    "requests.auth.HTTPDigestAuth": name("httpx.DigestAuth"),
    "requests.auth.HTTPProxyAuth": stub(
        "httpx takes proxy credentials in the proxy URL: proxy='http://user:pass@host:port'"
    ),
    "requests.adapters.HTTPAdapter": stub(_RETRIES),
    "requests.adapters.BaseAdapter": stub(
        "a custom transport subclasses httpx.BaseTransport (handle_request(request) -> "
        "Response) and is given as Client(transport=...) or mounts="
    ),
    "requests.adapters.SOCKSProxyManager": stub(
        "httpx speaks SOCKS with the socksio extra: proxy='socks5://host:port'"
    ),
    # requests' submodules: namespaces standing for httpx, every public name listed above
    "requests.api": module("httpx"),
    "requests.sessions": module("httpx"),
    "requests.exceptions": module("httpx"),
    "requests.models": module("httpx"),
    "requests.status_codes": module("httpx"),
    "requests.auth": module("httpx"),
    "requests.adapters": module("httpx"),
}

RECIPE = Recipe(
    id="requests-httpx",
    old="requests",
    new="httpx",
    old_distribution="requests",
    requirement="httpx>=0.20",  # follow_redirects
    entries=MappingProxyType(_ENTRIES),
    differences=(
        (
            "redirects: httpx does not follow them unless asked (follow_redirects=False), and "
            "requests' allow_redirects= is follow_redirects=; the facade's request functions and "
            "Session restore requests' default (followed, except by head), but code calling "
            "httpx directly must pass follow_redirects=True"
        ),
        (
            "timeouts: httpx gives up after 5 s (connect, read, write and pool) by default where "
            "requests waits for ever; the facade passes timeout=None unless given and turns a "
            "(connect, read) tuple into httpx.Timeout(None, connect=..., read=...): review calls "
            "that relied on waiting, and those that should now get a real timeout"
        ),
        (
            "exceptions: requests.RequestException becomes httpx.HTTPError, which "
            "httpx.InvalidURL, httpx.CookieConflict and httpx.StreamError are not; requests' "
            "exceptions are OSError (IOError) subclasses and httpx's are not, so "
            "`except (OSError, IOError)` stops catching them"
        ),
        (
            "requests.ConnectionError becomes httpx.TransportError: it also catches every timeout "
            "(requests' ReadTimeout is not a ConnectionError) and httpx.UnsupportedProtocol; an "
            "`except ConnectionError` placed before `except Timeout` now takes read timeouts too. "
            "SSL failures are httpx.ConnectError (requests.SSLError)"
        ),
        (
            "raise_for_status() raises httpx.HTTPStatusError (not requests.HTTPError) for every "
            "non-2xx status, 1xx and 3xx included (requests: 4xx and 5xx only): with redirects "
            "not followed a 302 is now an error; it returns the response instead of None"
        ),
        (
            "response.json() raises json.JSONDecodeError, which is not an httpx.HTTPError "
            "(requests.JSONDecodeError is a RequestException): `except RequestException` no "
            "longer catches a body that is not JSON"
        ),
        (
            "responses: no response.ok (use response.is_success, true for 2xx only where ok is "
            "true below 400), reason is reason_phrase, url is an httpx.URL (str(response.url)), "
            "iter_content(n) is iter_bytes(n), iter_lines() yields str, and text decodes an "
            "undeclared charset as UTF-8 where requests guesses it (apparent_encoding)"
        ),
        (
            "request bodies: raw bytes, text or files go in content= (the facade moves them from "
            "data=), data= takes a form dict only (the facade turns (key, value) pairs into a "
            "dict of lists); parameters or form fields whose value is None are sent empty by "
            "httpx and left out by requests (the facade drops them from dicts)"
        ),
        (
            "streaming: requests' stream=True is httpx.stream(...) / client.stream(...), a "
            "context manager; the response body is read with iter_bytes() or read()"
        ),
        (
            "Session vs Client: verify, cert, proxies (httpx: proxy= or mounts=) and trust_env "
            "are Client constructor arguments: setting session.verify, .cert or .proxies "
            "afterwards is silently ignored; session.hooks is event_hooks=, "
            "session.mount(prefix, HTTPAdapter(...)) is Client(mounts={prefix: "
            "httpx.HTTPTransport(...)}); per request, a Client takes none of them and the "
            "top-level functions take verify= and proxy= (not cert= or proxies=)"
        ),
        (
            "environment: requests reads REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE and ~/.netrc "
            "credentials by default; httpx reads SSL_CERT_FILE/SSL_CERT_DIR and uses .netrc "
            "only with auth=httpx.NetrcAuth()"
        ),
        (
            "authentication: a requests AuthBase subclass (__call__(r) editing the request) "
            "becomes an httpx.Auth subclass with auth_flow(request) yielding requests; (user, "
            "password) tuples work in both"
        ),
        (
            "requests.codes has aliases and item access (codes.okay, codes['ok']); httpx.codes "
            "has the standard names only, upper and lower case (codes.OK, codes.ok)"
        ),
        (
            "test doubles for requests do not intercept httpx: the responses and requests-mock "
            "libraries and mock.patch('requests.Session.send') become respx or "
            "httpx.MockTransport (Session(transport=httpx.MockTransport(handler)))"
        ),
        (
            "default headers differ (User-Agent python-httpx/..., Accept-Encoding): servers or "
            "recorded test cassettes matching on them need updating"
        ),
    ),
    companions=("types-requests",),
)
