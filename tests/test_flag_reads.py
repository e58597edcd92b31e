"""Where code reads an environment-variable feature flag, and its default."""

from __future__ import annotations

import ast

from refactor_coord.analysis.flag_reads import FlagRead, flag_reads_in


def reads(source: str) -> tuple[FlagRead, ...]:
    return flag_reads_in(ast.parse(source), {"SHOP_HTTP_BACKEND"})


def test_every_form_of_read_with_its_default() -> None:
    source = """\
import os
from os import environ as env, getenv
a = os.environ.get("SHOP_HTTP_BACKEND", "old")
b = os.getenv("SHOP_HTTP_BACKEND")
c = env["SHOP_HTTP_BACKEND"]
d = "SHOP_HTTP_BACKEND" in os.environ
e = getenv("SHOP_HTTP_BACKEND", default="new")
f = os.environ.setdefault("SHOP_HTTP_BACKEND", "old")
g = os.environ.get("OTHER", "x")
"""
    assert reads(source) == (
        FlagRead("SHOP_HTTP_BACKEND", 3, "old"),
        FlagRead("SHOP_HTTP_BACKEND", 4, None),
        FlagRead("SHOP_HTTP_BACKEND", 5, None),
        FlagRead("SHOP_HTTP_BACKEND", 6, None),
        FlagRead("SHOP_HTTP_BACKEND", 7, "new"),
        FlagRead("SHOP_HTTP_BACKEND", 8, "old"),
    )


def test_a_default_that_is_not_a_literal_is_unknown() -> None:
    assert reads('import os\nx = os.environ.get("SHOP_HTTP_BACKEND", DEFAULT)\n') == (
        FlagRead("SHOP_HTTP_BACKEND", 2, None),
    )


def test_another_objects_get_is_not_a_read() -> None:
    assert reads('settings = {}\nx = settings.get("SHOP_HTTP_BACKEND", "old")\n') == ()


def test_a_flag_and_default_named_by_module_constants_as_a_facade_writes_them() -> None:
    source = """\
import os
FLAG = "SHOP_HTTP_BACKEND"
DEFAULT = "new"
TWICE = "old"
TWICE = "new"


def _chosen():
    return os.environ.get(FLAG, DEFAULT), os.environ.get(FLAG, TWICE), os.getenv("X", DEFAULT)
"""
    # a name bound twice is not a known value; another flag is not read
    assert reads(source) == (
        FlagRead("SHOP_HTTP_BACKEND", 9, "new"),
        FlagRead("SHOP_HTTP_BACKEND", 9, None),
    )
