"""Configuration errors: every problem reported at once, with its table and key and what would be
valid; first the shape of the tables (``load_config``), then the names against the index
(``make_campaign_plan``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.planning import make_campaign_plan
from refactor_coord.cli import app
from refactor_coord.domain.errors import ConfigError
from tests.conftest import write_files

runner = CliRunner()

REPO: dict[str, str] = {
    "src/shop/__init__.py": """
        def render(text):
            return text
        """,
    "src/shop/config.py": """
        import yaml

        SETTINGS = yaml.safe_load("{}")
        """,
    "src/shop/utils.py": """
        import re

        WORD_RE = re.compile(r"\\w+")


        def slugify(text):
            return "-".join(WORD_RE.findall(text.lower()))


        def helper(text):
            return text.strip()


        def fmt(text, clean=helper):
            return clean(text).title()


        TITLE = fmt(" shop ")
        """,
    "src/shop/text.py": """
        def slugify(text):
            return text
        """,
    "src/shop/client.py": """
        import json


        def fetch(url, timeout=10):
            return json.dumps([url, timeout])
        """,
    "src/shop/views.py": """
        from shop.client import fetch
        from shop.utils import slugify, fmt


        def page(url):
            return slugify(fmt(fetch(url)))
        """,
}

CAMPAIGN = """
    [campaign]
    name = "checks"
    """


def make_repo(root: Path, refactors: str) -> Path:
    return write_files(root, {**REPO, "refcoord.toml": CAMPAIGN + refactors}, commit="initial")


def config_problems(root: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    assert caught.value.source == str(root / "refcoord.toml")
    return caught.value.problems


def plan_problems(root: Path) -> list[str]:
    config = load_config(root)
    with pytest.raises(ConfigError) as caught:
        make_campaign_plan(root, config, workers=1)
    assert not (root / ".refcoord" / "checks" / "plan.json").exists()
    return caught.value.problems


def only(problems: list[str], needle: str) -> str:
    found = [p for p in problems if needle in p]
    assert len(found) == 1, (needle, problems)
    return found[0]


# -- shape: load_config ------------------------------------------------------------------------

SHAPE = """
    [[refactor]]
    id = "a"
    kind = "move-module"
    source = "shop.utils"

    [[refactor]]
    id = "b"
    kind = "extract-module"
    source = "shop.utils"
    target = "shop.text2"
    symbols = ["slugify"]
    colour = "blue"

    [[refactor]]
    id = "c"
    kind = "change-api"
    old = "shop.client.fetch"

    [[refactor]]
    id = "dup"
    kind = "change-api"
    old = "shop.client.fetch"
    new = "shop.client.get"

    [[refactor]]
    id = "dup"
    kind = "change-api"
    old = "shop.client.fetch"
    new = "shop.client.get"

    [[refactor]]
    id = "d"
    kind = "change-api"
    old = "shop.client.fetch"
    new = "shop.client.get"
    signature = "(url, *, *)"
    rename_params = { timeout = 3 }

    [[refactor]]
    id = "e"
    kind = "replace-dependency"
    old = "json"
    facade = "shop.serialization"
    flag = "lower-case"
    recipe = "json-orjson"
    """


def test_shape_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    problems = config_problems(make_repo(tmp_path / "r", SHAPE))
    assert only(problems, "#1 (a) kind") == (
        "[[refactor]] #1 (a) kind: 'move-module' is not one of extract-module, change-api, "
        "replace-dependency, schema"
    )
    assert only(problems, "colour") == (
        "[[refactor]] #2 (b) colour: unknown key for extract-module; "
        "valid keys are id, kind, source, target, symbols"
    )
    assert (
        only(problems, "#3 (c) new")
        == "[[refactor]] #3 (c) new: missing (required for change-api)"
    )
    assert (
        only(problems, "already used")
        == "[[refactor]] #5 id: 'dup' is already used by [[refactor]] #4"
    )
    signature = only(problems, "#6 (d) signature")
    assert "'(url, *, *)' is not a Python parameter list" in signature
    assert only(problems, "#6 (d) rename_params").endswith(
        "must be a table of old parameter name = new name"
    )
    assert "flag: 'lower-case' must be an environment variable name" in only(
        problems, "#7 (e) flag"
    )
    assert "is not a built-in recipe; known recipes are six-stdlib, requests-httpx" in only(
        problems, "#7 (e) recipe"
    )
    assert len(problems) == 8, problems


def test_a_duplicate_id_is_reported_even_when_the_first_table_is_invalid(tmp_path: Path) -> None:
    problems = config_problems(
        make_repo(
            tmp_path / "r",
            """
        [[refactor]]
        id = "same"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop.words"
        symbols = ["slugify"]
        colour = "blue"

        [[refactor]]
        id = "same"
        kind = "change-api"
        old = "shop.client.fetch"
        new = "shop.client.get"
        """,
        )
    )
    assert "[[refactor]] #1 (same) colour: unknown key" in problems[0]
    assert (
        only(problems, "already used")
        == "[[refactor]] #2 id: 'same' is already used by [[refactor]] #1"
    )


def test_unknown_campaign_key_and_table_are_reported_with_refactor_problems(
    tmp_path: Path,
) -> None:
    root = make_repo(
        tmp_path / "r",
        """
        max_file_per_step = 3
        group_by = "team"

        [extra]
        x = 1

        [[refactor]]
        id = "Bad Id"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop..text"
        symbols = []
        """,
    )
    problems = config_problems(root)
    assert "[campaign] max_file_per_step: unknown key; valid keys are name, " in only(
        problems, "max_file_per_step"
    )
    assert (
        only(problems, "[campaign] group_by")
        == "[campaign] group_by: 'team' is not one of package, owner, community"
    )
    assert only(problems, "[extra]").startswith("unknown table [extra]")
    assert "must be lower-case letters" in only(problems, "id:")
    assert "must be a dotted name such as pkg.mod.name" in only(problems, "target:")
    assert "must be a non-empty list of top-level names" in only(problems, "symbols:")
    assert len(problems) == 6, problems


# -- names against the index: make_campaign_plan -----------------------------------------------

INDEX = """
    [[refactor]]
    id = "typo-symbol"
    kind = "extract-module"
    source = "shop.utils"
    target = "shop.words"
    symbols = ["slugfy", "WORD_RE"]

    [[refactor]]
    id = "typo-source"
    kind = "extract-module"
    source = "shop.utilz"
    target = "shop.other"
    symbols = ["x"]

    [[refactor]]
    id = "clash"
    kind = "extract-module"
    source = "shop.utils"
    target = "shop.text"
    symbols = ["slugify"]

    [[refactor]]
    id = "shadow"
    kind = "extract-module"
    source = "shop.client"
    target = "json"
    symbols = ["fetch"]

    [[refactor]]
    id = "cycle"
    kind = "extract-module"
    source = "shop.utils"
    target = "shop.formatting"
    symbols = ["fmt"]

    [[refactor]]
    id = "rename-a"
    kind = "change-api"
    old = "shop.views.page"
    new = "shop.views.show_page"

    [[refactor]]
    id = "rename-b"
    kind = "change-api"
    old = "shop.views.page"
    new = "shop.views.render"

    [[refactor]]
    id = "typo-old"
    kind = "change-api"
    old = "shop.client.fetc"
    new = "shop.client.get"

    [[refactor]]
    id = "unused-dep"
    kind = "replace-dependency"
    old = "requests"
    new = "httpx"
    facade = "shop.http"
    flag = "SHOP_HTTP"

    [[refactor]]
    id = "facade-exists"
    kind = "replace-dependency"
    old = "json"
    new = "simplejson"
    facade = "shop.utils"
    flag = "SHOP_JSON"
    """


def test_index_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    problems = plan_problems(make_repo(tmp_path / "r", INDEX))
    assert only(problems, "typo-symbol") == (
        "[[refactor]] typo-symbol symbols: 'slugfy' is not defined at the top of shop.utils; "
        "did you mean shop.utils.slugify?"
    )
    assert only(problems, "typo-source") == (
        "[[refactor]] typo-source source: no module 'shop.utilz' in the repository; "
        "did you mean shop.utils?"
    )
    assert only(problems, "[[refactor]] clash") == (
        "[[refactor]] clash target: shop.text already defines 'slugify'; "
        "rename one of them first or choose another target"
    )
    assert only(problems, "shadow") == (
        "[[refactor]] shadow target: 'json' would shadow the standard library module 'json'"
    )
    # a true import-time cycle: fmt's default reads helper (which stays) when fmt is defined,
    # and TITLE = fmt(...) calls fmt when shop.utils is imported; the expand codemod, run in
    # memory by plan, names the statements
    cycle = only(problems, "[[refactor]] cycle")
    assert cycle.startswith(
        "[[refactor]] cycle: its expand step cannot be done: moving would create an import "
        "cycle: when the modules are imported, the moved code reads helper (line 14) from the "
        "source module, and the code staying behind reads fmt (line 18) from the moved code"
    )
    assert only(problems, "rename-a and rename-b") == (
        "[[refactor]] rename-a and rename-b conflict: both change shop.views.page"
    )
    typo_old = only(problems, "typo-old")
    assert typo_old.startswith(
        "[[refactor]] typo-old old: 'shop.client.fetc' is not defined in the repository"
    )
    assert "did you mean shop.client.fetch" in typo_old
    assert (
        only(problems, "unused-dep")
        == "[[refactor]] unused-dep old: nothing in the repository imports 'requests'"
    )
    assert only(problems, "facade-exists") == (
        "[[refactor]] facade-exists facade: module 'shop.utils' already exists; "
        "the facade must be new"
    )
    assert len(problems) == 9, problems


def test_new_modules_must_not_shadow_or_replace_anything(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        """
        [[refactor]]
        id = "third-party"
        kind = "extract-module"
        source = "shop.utils"
        target = "yaml.extra"
        symbols = ["slugify"]

        [[refactor]]
        id = "under-a-module"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop.utils.words"
        symbols = ["WORD_RE"]

        [[refactor]]
        id = "replaces-a-name"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop.render"
        symbols = ["fmt", "helper"]

        [[refactor]]
        id = "stdlib-facade"
        kind = "replace-dependency"
        old = "json"
        new = "simplejson"
        facade = "logging"
        flag = "SHOP_JSON"

        [[refactor]]
        id = "wrong-parent"
        kind = "change-api"
        old = "shop.utilz.slugify"
        new = "shop.utilz.make_slug"
        """,
    )
    problems = plan_problems(root)
    assert only(problems, "third-party") == (
        "[[refactor]] third-party target: 'yaml.extra' would shadow the third-party package "
        "'yaml', which the project imports; choose a module inside the project's packages"
    )
    assert only(problems, "under-a-module") == (
        "[[refactor]] under-a-module target: 'shop.utils.words' cannot be created: "
        "shop.utils is a module (src/shop/utils.py), not a package"
    )
    assert only(problems, "replaces-a-name") == (
        "[[refactor]] replaces-a-name target: 'shop.render' would clash with the name 'render' "
        "that shop already defines (importing the new module replaces it); choose another name"
    )
    assert only(problems, "stdlib-facade") == (
        "[[refactor]] stdlib-facade facade: 'logging' would shadow the standard library module "
        "'logging'"
    )
    assert only(problems, "wrong-parent").startswith(
        "[[refactor]] wrong-parent old: 'shop.utilz.slugify' is not defined in the repository; "
        "did you mean shop.utils.slugify"
    )
    assert len(problems) == 5, problems


def test_no_cycle_when_the_moved_code_only_uses_names_that_move_with_it(tmp_path: Path) -> None:
    ok = """
        [[refactor]]
        id = "move-fmt"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop.formatting"
        symbols = ["fmt", "helper"]
        """
    root = make_repo(tmp_path / "r", ok)
    result = make_campaign_plan(root, load_config(root), workers=1)
    assert result.plan.refactors[0].id == "move-fmt"


def test_a_cycle_needs_both_directions(tmp_path: Path) -> None:
    # slugify uses WORD_RE (which stays), but nothing at the top of shop.utils uses slugify
    ok = """
        [[refactor]]
        id = "move-slugify"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop.slugs"
        symbols = ["slugify"]
        """
    root = make_repo(tmp_path / "r", ok)
    assert make_campaign_plan(root, load_config(root), workers=1).plan.steps


def test_an_alias_of_the_builtin_above_a_same_named_def_is_no_cycle(tmp_path: Path) -> None:
    # boltons.typeutils: ``_issubclass = issubclass`` reads the builtin, not the def below it,
    # so the code that stays does not use the moved function at import time.
    root = tmp_path / "r"
    files = {
        "pkg/__init__.py": "",
        "pkg/types.py": (
            "_issubclass = issubclass\n\n\ndef issubclass(subclass, baseclass):\n"
            "    try:\n        return _issubclass(subclass, baseclass)\n    except TypeError:\n"
            "        return False\n\n\ndef strict_check(a, b):\n    return _issubclass(a, b)\n"
        ),
        "pkg/user.py": "from pkg.types import issubclass\n",
        "refcoord.toml": (
            '[campaign]\nname = "checks"\n\n[[refactor]]\nid = "m"\nkind = "extract-module"\n'
            'source = "pkg.types"\ntarget = "pkg.classes"\nsymbols = ["issubclass"]\n'
        ),
    }
    write_files(root, files, commit="initial")
    assert make_campaign_plan(root, load_config(root), workers=1).plan.steps


def test_change_api_of_a_moved_symbol_is_not_a_conflict(tmp_path: Path) -> None:
    ok = """
        [[refactor]]
        id = "move-slugify"
        kind = "extract-module"
        source = "shop.utils"
        target = "shop.slugs"
        symbols = ["slugify"]

        [[refactor]]
        id = "rename-slugify"
        kind = "change-api"
        old = "shop.utils.slugify"
        new = "shop.utils.make_slug"
        """
    root = make_repo(tmp_path / "r", ok)
    plan = make_campaign_plan(root, load_config(root), workers=1).plan
    contract = next(
        s for s in plan.steps if s.refactor == "move-slugify" and s.phase == "contract"
    )
    expand = next(s for s in plan.steps if s.refactor == "rename-slugify" and s.phase == "expand")
    assert contract.number in expand.depends_on


def test_cli_prints_every_problem_and_exits_2(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", INDEX)
    result = runner.invoke(app, ["plan", "--repo", str(root)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith(
        f"refcoord: error: invalid configuration in {root / 'refcoord.toml'}:\n"
    )
    for needle in (
        "typo-symbol symbols:",
        "typo-source source:",
        "clash target:",
        "shadow target:",
        "cycle: its expand step cannot be done: moving would create an import cycle",
        "rename-a and rename-b conflict",
        "typo-old old:",
        "unused-dep old:",
        "facade-exists facade:",
    ):
        assert f"  - [[refactor]] {needle}" in result.output, needle
    shape = make_repo(tmp_path / "s", SHAPE)
    result = runner.invoke(app, ["plan", "--repo", str(shape)])
    assert result.exit_code == 2
    assert result.output.count("\n  - [[refactor]] #") == 8
    assert "Traceback" not in result.output


def test_a_module_named_as_the_old_function_is_not_suggested_as_itself(tmp_path: Path) -> None:
    """The change-api gauntlet's mistune: ``mistune.markdown`` is a module (and a function of
    the package); the error said 'did you mean mistune.markdown' (found in review)."""
    root = make_repo(
        tmp_path / "r",
        """
        [[refactor]]
        id = "module-old"
        kind = "change-api"
        old = "shop.utils"
        new = "shop.utils2"
        """,
    )
    problem = only(plan_problems(root), "module-old")
    assert "'shop.utils' is a module, not a function, method or class" in problem
    assert "did you mean shop.utils?" not in problem and "shop.utils," not in problem
