"""change-api's codemods on module-level functions (issue 14, first part): expand writes the new
definition and a forwarding shim that binds by Python's rules, migrate rewrites call sites by
the same rules (only what stands before each argument changes), deprecate makes the shim warn,
contract removes it."""

from __future__ import annotations

import textwrap
import warnings
from typing import Any

import pytest

from refactor_coord.rewrite.binding import Change, Signature
from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.change_api.expand import expand
from refcoord_codemods.change_api.migrate import Migrated, migrate
from refcoord_codemods.change_api.reexports import (
    kept_as_reexport,
    with_new_name,
    without_old_name,
)
from refcoord_codemods.change_api.shim import contract, deprecate, forwarded_to, warning_text

FETCH = textwrap.dedent(
    '''
    def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> dict:
        """GET ``url``."""
        def attempt(timeout):  # its own timeout: not the parameter
            return timeout
        return {"url": url, "timeout": timeout, "retries": retries, "inner": attempt(1)}
    '''
).lstrip()


def expanded(code: str, **kw: Any) -> str:
    result = expand(code, "fetch", "get", **kw)
    assert isinstance(result, str), result
    return result


def run(code: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(code, "<module>", "exec"), namespace)  # noqa: S102
    return namespace


def test_expand_re_signs_the_function_and_the_old_name_forwards_by_binding() -> None:
    code = expanded(FETCH, signature="(url, *, timeout_s=5.0, retries=0)",
                    renames={"timeout": "timeout_s"})  # fmt: skip
    assert "def get(url: str, *, timeout_s: float = 5.0, retries: int = 0) -> dict:" in code
    assert '"timeout": timeout_s' in code and "def attempt(timeout):" in code
    assert "return timeout\n" in code  # the nested function's own parameter is left alone
    assert "def fetch(url: str, timeout: float = 5.0, retries: int = 0) -> dict:" in code
    module = run(code)
    assert module["fetch"]("u", 2, 3) == module["get"]("u", timeout_s=2, retries=3)
    assert module["fetch"]("u", retries=1)["timeout"] == 5.0


def test_a_rename_only_keeps_the_signature_and_the_shim_passes_everything() -> None:
    code = expanded("def fetch(a, /, b, *rest, c=1, **kw):\n    return (a, b, rest, c, kw)\n")
    module = run(code)
    assert module["fetch"](1, 2, 3, c=4, d=5) == (1, 2, (3,), 4, {"d": 5})
    assert "return get(a, b, *rest, c=c, **kw)" in code


def test_a_multi_line_parameter_list_stays_one_a_line() -> None:
    code = expanded(
        "def fetch(\n    url,\n    timeout=5.0,\n):\n    return url, timeout\n",
        signature="(url, *, timeout=5.0)",
    )
    assert code.startswith("def get(\n    url,\n    *,\n    timeout=5.0,\n):\n")


def test_overload_stubs_go_with_the_implementation() -> None:
    code = textwrap.dedent(
        """
        from typing import overload


        @overload
        def fetch(url: str) -> str: ...
        @overload
        def fetch(url: bytes) -> bytes: ...
        def fetch(url):
            return url
        """
    ).lstrip()
    result = expanded(code)
    assert result.count("def get(url") == 3 and result.count("def fetch(") == 1
    assert "@overload\ndef fetch" not in result  # the old name is never a stub


@pytest.mark.parametrize(
    ("code", "kw", "reason"),
    [
        ("def get():\n    pass\n\n\ndef fetch():\n    pass\n", {}, "'get' is already a name"),
        ("fetch = print\n", {}, "'fetch' is bound, but not by a def"),
        (
            "import functools\n\n\n@functools.cache\ndef fetch(a):\n    return a\n",
            {"signature": "(*, a)"},
            "it is decorated, and a decorator may change its signature",
        ),
        ("def fetch(a):\n    return a\n", {"signature": "(a, b)"}, "new parameter 'b' has no"),
    ],
)
def test_what_expand_cannot_do_with_certainty_is_refused(
    code: str, kw: dict[str, Any], reason: str
) -> None:
    result = expand(code, "fetch", "get", **kw)
    assert isinstance(result, Refused) and reason in result.reason, result


def test_an_async_function_forwards_with_await() -> None:
    code = expanded("async def fetch(url):\n    return url\n")
    assert "async def fetch(url):" in code and "return await get(url)" in code


def test_deprecate_makes_the_shim_warn_and_contract_removes_it() -> None:
    code = expanded(FETCH, renames={"timeout": "timeout_s"})
    assert forwarded_to(code) == ["get"]
    text = warning_text("shop.client.fetch", "shop.client.get", "2.0")
    warned = deprecate(code, text)
    assert isinstance(warned, str) and deprecate(warned, text) == warned  # once
    module = run(warned)
    with pytest.warns(DeprecationWarning, match="use shop.client.get instead; it will be"):
        module["fetch"]("u")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module["get"]("u")
    gone = contract(warned)
    assert isinstance(gone, str) and "def fetch" not in gone and gone.rstrip().endswith("}")
    assert isinstance(contract(gone), Refused)


def change() -> Change:
    old, new = (
        Signature.parse("(url, timeout=5.0, retries=0)"),
        Signature.parse("(url, *, timeout_s=5.0, retries=0)"),
    )
    assert isinstance(old, Signature) and isinstance(new, Signature)
    return Change(old, new, {"timeout": "timeout_s"})


def migrated(code: str, module: str = "shop.orders") -> Migrated:
    result = migrate(
        textwrap.dedent(code).lstrip(), module, False, "shop.client.fetch", "shop.client.get",
        change(),
    )  # fmt: skip
    assert isinstance(result, Migrated), result
    return result


def test_calls_are_rewritten_in_place_comments_and_lines_kept() -> None:
    result = migrated(
        """
        from shop.client import FetchError, fetch


        def ship(url):
            return fetch(
                url,  # where
                2.0,
            ), fetch(url, timeout=1), fetch(url, retries=2)
        """
    )
    assert (
        result.text
        == textwrap.dedent(
            """
        from shop.client import FetchError, get


        def ship(url):
            return get(
                url,  # where
                timeout_s=2.0,
            ), get(url, timeout_s=1), get(url, retries=2)
        """
        ).lstrip()
    )
    assert result.review == ()


def test_a_module_attribute_and_a_relative_import_are_followed() -> None:
    result = migrated(
        """
        from .. import client
        from ..client import fetch as download

        a = client.fetch("u", 1)
        b = download("u", 1)
        """,
        module="shop.orders.shipping",
    )
    assert 'a = client.get("u", timeout_s=1)' in result.text
    assert "from ..client import get as download" in result.text
    assert 'b = download("u", timeout_s=1)' in result.text


def test_uses_that_cannot_be_rewritten_keep_the_old_name_and_are_listed() -> None:
    result = migrated(
        """
        from shop.client import fetch

        handler = fetch
        rows = fetch(*["u", 1])
        one = fetch("u", 1)
        """
    )
    assert "from shop.client import fetch, get" in result.text
    assert "handler = fetch\n" in result.text and 'one = get("u", timeout_s=1)' in result.text
    assert [r.split(":")[0] for r in result.review] == ["3", "4"]


def test_a_local_that_shadows_the_import_is_not_a_reference() -> None:
    result = migrated(
        """
        from shop.client import fetch


        def f(fetch):
            return fetch(1, 2)


        x = fetch("u", 1)
        """
    )
    assert "return fetch(1, 2)" in result.text and 'x = get("u", timeout_s=1)' in result.text


def test_a_guarded_import_of_the_old_name_is_migrated_in_every_branch() -> None:
    result = migrated(
        """
        try:
            from shop.client import fetch
        except ImportError:
            from .client import fetch

        x = fetch("u", 1)
        """
    )
    assert result.text.count("import get\n") == 2 and 'x = get("u", timeout_s=1)' in result.text


def test_a_name_a_fallback_binds_to_another_module_is_left_for_review() -> None:
    code = """
        try:
            from shop.client import fetch
        except ImportError:
            from shop.compat import fetch

        x = fetch("u", 1)
        """
    result = migrated(code)
    assert result.text == textwrap.dedent(code).lstrip()  # renaming one branch breaks the other
    assert result.review and "shop.compat" in result.review[0]


def test_the_new_name_already_taken_in_the_module_is_refused() -> None:
    result = migrate(
        "from shop.client import fetch\n\n\ndef get():\n    pass\n",
        "shop.x", False, "shop.client.fetch", "shop.client.get", change(),
    )  # fmt: skip
    assert isinstance(result, Refused) and "'get' is already a name" in result.reason


def test_the_module_s_own_calls_change_with_the_function_and_values_wait() -> None:
    code = FETCH + textwrap.dedent(
        """

        def twice(url):
            return fetch(url, 1.0), fetch(url, timeout=2.0)


        HANDLER = fetch
        """
    )
    result = expanded(code, signature="(url, *, timeout_s=5.0, retries=0)",
                      renames={"timeout": "timeout_s"})  # fmt: skip
    assert "return get(url, timeout_s=1.0), get(url, timeout_s=2.0)" in result
    assert "HANDLER = fetch\n" in result  # through the shim, for review
    warned = deprecate(result, "old")
    assert isinstance(warned, str)
    refused = contract(warned)
    assert isinstance(refused, Refused) and "still uses fetch (line" in refused.reason


@pytest.mark.parametrize(
    ("code", "module", "is_package"),
    [
        ('from .client import fetch\n\n__all__ = ["fetch"]\n', "shop", True),
        ("from .client import fetch\n", "shop", True),
        ('from shop.client import fetch\n\n__all__ = ["fetch"]\n', "shop.api", False),
    ],
)
def test_a_re_export_of_the_old_name_is_refused_not_renamed(
    code: str, module: str, is_package: bool
) -> None:
    result = migrate(code, module, is_package, "shop.client.fetch", "shop.client.get", change())
    assert isinstance(result, Refused) and "re-exports fetch" in result.reason


def test_a_re_export_gets_the_new_name_beside_the_old_and_loses_the_old_at_contract() -> None:
    code = '"""shop."""\n\nfrom .client import fetch\nfrom .text import slugify\n\n'
    code += '__all__ = ["slugify", "fetch"]\n'
    added = with_new_name(code, "shop", True, "shop.client.fetch", "get")
    assert isinstance(added, str)
    assert "from .client import fetch, get\n" in added
    assert '__all__ = ["slugify", "fetch", "get"]' in added
    removed = without_old_name(added, "shop", True, "shop.client.fetch")
    assert isinstance(removed, str)
    assert "from .client import get\n" in removed and '__all__ = ["slugify", "get"]' in removed


def test_a_re_exporter_that_still_uses_the_old_name_is_refused_at_contract() -> None:
    code = "from .client import fetch, get\n\nDEFAULT = fetch\n"
    result = without_old_name(code, "shop", True, "shop.client.fetch")
    assert isinstance(result, Refused) and "shop still uses fetch (line 3)" in result.reason


def test_a_local_named_like_the_new_function_is_not_shadowed() -> None:
    # found by review: fetch(url, timeout=get) became get(url, timeout_s=get), the parameter
    code = "from shop.client import fetch\n\n\ndef run(url, get):\n"
    code += "    return fetch(url, timeout=get)\n"
    result = migrate(code, "shop.x", False, "shop.client.fetch", "shop.client.get", change())
    assert isinstance(result, Refused) and "'get' is already a name" in result.reason
    own = expand(
        "def fetch(a):\n    return a\n\n\ndef run(get):\n    return fetch(get)\n", "fetch", "get"
    )
    assert isinstance(own, Refused) and "'get' is a local name" in own.reason


def test_an_argument_in_its_own_parentheses_gets_its_keyword_in_front_of_them() -> None:
    result = migrated(
        "from shop.client import fetch\n\nx = fetch('u', (2.0))\ny = fetch((('u')))\n"
    )
    assert "x = get('u', timeout_s=(2.0))\n" in result.text
    assert "y = get((('u')))\n" in result.text


def test_a_re_export_as_itself_gets_the_new_name_the_same_way_and_a_clash_is_refused() -> None:
    added = with_new_name(
        "from .client import fetch as fetch\n", "shop", True, "shop.client.fetch", "get"
    )
    assert added == "from .client import fetch as fetch, get as get\n"
    clash = with_new_name(
        "from .client import fetch\nfrom .other import get\n",
        "shop",
        True,
        "shop.client.fetch",
        "get",
    )
    assert isinstance(clash, Refused) and "already has a name 'get'" in clash.reason


def test_a_renamed_parameter_follows_closures_but_not_a_class_attribute_or_a_generator() -> None:
    code = textwrap.dedent(
        """
        def fetch(url, timeout=1):
            def inner():
                def deeper():
                    timeout = 9
                    return timeout
                return timeout + deeper()
            return inner()
        """
    ).lstrip()
    renamed = expanded(code, renames={"timeout": "t"})
    assert "return t + deeper()" in renamed and "timeout = 9\n" in renamed
    klass = code.replace(
        "    return inner()", "    class C:\n        timeout = 3\n    return inner()"
    )
    refused = expand(klass, "fetch", "get", renames={"timeout": "t"})
    assert isinstance(refused, Refused) and "class C inside it" in refused.reason
    agen = expand("async def fetch(u):\n    yield u\n", "fetch", "get")
    assert isinstance(agen, Refused) and "async generator" in agen.reason


def test_a_re_export_nothing_reads_any_more_is_marked_for_the_linter() -> None:
    """The change-api gauntlet's markdown: the package's own calls went to the new name, and
    flake8 reported the old name's import, kept for the modules that read it there, unused."""
    source = "from .util import parse, parse_v2\n\n\ndef run(x):\n    return parse_v2(x)\n"
    noqa = "  # noqa: F401"
    kept = kept_as_reexport(source, "pkg", True, "pkg.util.parse", noqa)
    assert kept.startswith("from .util import parse, parse_v2  # noqa: F401\n")
    # still read, listed in __all__, or a linter that does not check F401: as it was
    still = source.replace("parse_v2(x)", "parse(x)")
    assert kept_as_reexport(still, "pkg", True, "pkg.util.parse", noqa) == still
    listed = source + '\n__all__ = ["parse"]\n'
    assert kept_as_reexport(listed, "pkg", True, "pkg.util.parse", noqa) == listed
    assert kept_as_reexport(source, "pkg", True, "pkg.util.parse", "") == source


def test_a_module_path_given_to_import_module_is_not_a_patch_target() -> None:
    """python-slugify: its package binds ``slugify`` (the function) over the ``slugify.slugify``
    module's name, so ``"slugify.slugify"`` spells the function through the re-export; but
    given to ``importlib.import_module`` it is the module's path and stays (rewritten, the
    import failed), while a patch target of the same text names the function and follows."""
    code = """
        import importlib
        from unittest import mock

        core = importlib.import_module("slugify.slugify")
        legacy = __import__("slugify.slugify")
        patched = mock.patch("slugify.slugify")
        """
    result = migrate(
        textwrap.dedent(code), "tests.test_x", False, "slugify.slugify.slugify",
        "slugify.slugify.slugify_v2", change(), aliases=("slugify.slugify",),
    )  # fmt: skip
    assert isinstance(result, Migrated)
    assert 'importlib.import_module("slugify.slugify")' in result.text
    assert '__import__("slugify.slugify")' in result.text
    assert 'mock.patch("slugify.slugify_v2")' in result.text
