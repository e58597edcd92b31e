"""A move refused for a true import-time cycle comes with the names that make it possible
(issue 12): plan says exactly what to add to ``symbols``, and with them the move goes through."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.domain.errors import ConfigError
from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.move_along import (
    Attempt,
    names_to_move_along,
    with_advice,
)
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

# The moved class reads a decorator that stays when it is imported; the code that stays
# decorates its functions with the moved class when it is imported.
DECORATED = textwrap.dedent(
    """
    class instanceproperty(property):
        pass


    class curry:
        @instanceproperty
        def func(self):
            return self._func

        def __init__(self, func):
            self._func = func

        def __call__(self, *args):
            return self._func(*args)


    @curry
    def add(x, y):
        return x + y
    """
).lstrip()


def attempt_on(code: str) -> tuple[list[Sequence[str]], Attempt]:
    tried: list[Sequence[str]] = []

    def attempt(symbols: Sequence[str]) -> Expanded | Refused:
        tried.append(list(symbols))
        return expand(code, "pkg.functoolz", False, "pkg.curried", symbols, None)

    return tried, attempt


def test_the_refused_move_is_a_true_cycle() -> None:
    result = expand(DECORATED, "pkg.functoolz", False, "pkg.curried", ["curry"], None)
    assert isinstance(result, Refused) and "import cycle" in result.reason


def test_what_the_moved_code_needs_when_imported_is_proposed_and_checked() -> None:
    tried, attempt = attempt_on(DECORATED)
    assert names_to_move_along(DECORATED, ["curry"], attempt) == ("instanceproperty",)
    assert ["curry", "instanceproperty"] in tried  # checked by expand itself, not guessed


def test_the_code_staying_that_needs_the_moved_code_is_proposed_when_shorter() -> None:
    # curry needs two staying decorators when imported, only one function needs curry
    code = DECORATED.replace(
        "class curry:", "def cached(f):\n    return f\n\n\nclass curry:\n    @cached"
    )
    _, attempt = attempt_on(code)
    assert names_to_move_along(code, ["curry"], attempt) == ("add",)


def test_the_refusal_says_what_to_write_in_symbols() -> None:
    _, attempt = attempt_on(DECORATED)
    refused = Refused("moving would create an import cycle: ...")
    advised = with_advice(refused, DECORATED, ["curry"], attempt)
    assert advised.reason.endswith(
        "Moving instanceproperty along makes the move possible: "
        'symbols = ["curry", "instanceproperty"]'
    )


def test_nothing_is_proposed_when_a_top_level_call_needs_the_moved_code() -> None:
    # `register(curry)` at the top level defines nothing: it cannot move, and the moved code
    # reads a name that is also rebound, which cannot move either
    code = DECORATED.replace("@curry\ndef add", "register = print\nregister(curry)\n\n\ndef add")
    code = code.replace("class instanceproperty(property):\n    pass\n", "instanceproperty = 1\n")
    code += "\ninstanceproperty = property\n"
    _, attempt = attempt_on(code)
    assert names_to_move_along(code, ["curry"], attempt) is None


@pytest.mark.slow
def test_plan_proposes_the_names_and_with_them_every_step_is_green(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("curry", "pkg.functoolz", "pkg.curried", ["curry"]),
            "pkg/__init__.py": "",
            "pkg/functoolz.py": DECORATED,
            "pkg/app.py": "from pkg.functoolz import add, curry\n\nINC = curry(add)(1, 2)\n",
            "tests/test_app.py": (
                "from pkg.app import INC\n\n\ndef test_inc():\n    assert INC == 3\n"
            ),
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
        commit="base",
    )
    with pytest.raises(ConfigError) as refused:
        make_campaign_plan(repo, load_config(repo))
    found = re.search(r"symbols = (\[.*?\])", str(refused.value))
    assert found is not None, refused.value
    assert found[1] == '["curry", "instanceproperty"]'
    config = (repo / "refcoord.toml").read_text()
    (repo / "refcoord.toml").write_text(config.replace('["curry"]', found[1]))
    commit_and_plan(repo, "take plan's advice")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract"
