"""The built-in replace-dependency recipes, by id (pure data).

:data:`refactor_coord.domain.specs.RECIPES` lists the same ids, in the same order, without
importing the tables.
"""

from __future__ import annotations

from refactor_coord.domain.recipes import Recipe
from refactor_coord.domain.recipes.mock_unittest_mock import RECIPE as MOCK_UNITTEST_MOCK
from refactor_coord.domain.recipes.pytz_zoneinfo import RECIPE as PYTZ_ZONEINFO
from refactor_coord.domain.recipes.requests_httpx import RECIPE as REQUESTS_HTTPX
from refactor_coord.domain.recipes.simplejson_json import RECIPE as SIMPLEJSON_JSON
from refactor_coord.domain.recipes.six_stdlib import RECIPE as SIX_STDLIB
from refactor_coord.domain.recipes.toml_tomllib import RECIPE as TOML_TOMLLIB

RECIPES: dict[str, Recipe] = {
    r.id: r
    for r in (
        SIX_STDLIB,
        REQUESTS_HTTPX,
        SIMPLEJSON_JSON,
        MOCK_UNITTEST_MOCK,
        PYTZ_ZONEINFO,
        TOML_TOMLLIB,
    )
}


def recipe(id: str) -> Recipe | None:
    """The built-in recipe ``id``, or None when there is none."""
    return RECIPES.get(id)
