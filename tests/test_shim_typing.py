"""Type checkers read moved names with their real types at every step (issue 13): the shim's
``__getattr__`` returns ``object``, so without more mypy typed every name read from the old
location as ``object`` (on one project from 0 to 22 errors at the expand step, "Dict entry has
incompatible type"; on another from 2 to 11, "Variable ... is not valid as a type"). The source
declares the moved names under ``if TYPE_CHECKING:`` from expand to contract.

The proof: a project checked with ``mypy --strict`` through a whole extract-module campaign, the
number of errors never growing; at the expand step, the same source without its declarations
has errors (the check is strict enough to see ``object``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from refactor_coord.application.apply import Applied
from refactor_coord.rewrite.style import Style, project_style
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.shim import contract, deprecate, shim_code, shim_table, typed
from refcoord_codemods.extract_module.shim_typing import undeclared
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

UTILS = '''\
"""Money and labels."""

from __future__ import annotations

__all__ = ["RATES", "Money", "convert", "label"]

RATES: dict[str, float] = {"EUR": 1.0, "USD": 1.1}


class Money:
    def __init__(self, amount: float, currency: str) -> None:
        self.amount = amount
        self.currency = currency


def convert(money: Money, currency: str) -> Money:
    return Money(money.amount / RATES[money.currency] * RATES[currency], currency)


def label(money: Money) -> str:
    return f"{money.amount:.2f} {money.currency}"
'''

# the importers: names in annotations, dict entries, attribute reads of the module
REPORT = """\
from shop.utils import RATES, Money, convert, label

PRICES: dict[str, Money] = {"tea": Money(2.5, "EUR"), "cake": convert(Money(3, "USD"), "EUR")}


def total(items: list[Money], currency: str) -> Money:
    return Money(sum(convert(m, currency).amount for m in items), currency)


def currencies() -> list[str]:
    return sorted(RATES)


def line(name: str) -> str:
    return f"{name}: {label(PRICES[name])}"
"""
CLI = """\
import shop.utils


def main() -> str:
    money: shop.utils.Money = shop.utils.convert(shop.utils.Money(1, "EUR"), "USD")
    return shop.utils.label(money)
"""
TESTS = """\
from shop import cli, report


def test_report() -> None:
    assert report.line("tea") == "tea: 2.50 EUR"
    assert report.currencies() == ["EUR", "USD"]
    assert cli.main() == "1.10 USD"
"""
MYPY_CONFIG = '[tool.mypy]\nstrict = true\nwarn_unreachable = true\nfiles = ["shop"]\n'


def _mypy_errors(repo: Path, cache: Path) -> list[str]:
    """The error lines ``mypy --strict`` reports on the project (its cache kept out of it)."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return [line for line in done.stdout.splitlines() if ": error:" in line]


@pytest.mark.slow
def test_mypy_errors_never_grow_through_an_extract_module_campaign(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config(
                "typed", "shop.utils", "shop.money", ["Money", "RATES", "convert"]
            ),
            "pyproject.toml": MYPY_CONFIG,
            "shop/__init__.py": "",
            "shop/utils.py": UTILS,
            "shop/report.py": REPORT,
            "shop/cli.py": CLI,
            "tests/test_shop.py": TESTS,
        },
        dedent=False,
    )
    cache = tmp_path / "mypy-cache"
    assert _mypy_errors(repo, cache) == []
    commit_and_plan(repo, "a typed project")
    seen: dict[str, list[str]] = {}

    def check(applied: Applied) -> None:
        phase = applied.step.phase
        seen[f"{applied.step.number} {phase}"] = _mypy_errors(repo, cache)
        if phase == "expand":  # without the declarations, mypy sees object: a strict check
            source = repo / "shop/utils.py"
            text = source.read_text(encoding="utf-8")
            table = shim_table(text)
            assert table is not None and "if TYPE_CHECKING:" in text
            bare = undeclared(cst.parse_module(text), table).code
            source.write_text(bare, encoding="utf-8")
            without = _mypy_errors(repo, cache)
            source.write_text(text, encoding="utf-8")
            assert len(without) >= 3, without
            assert any("not valid as a type" in e for e in without), without

    done = apply_every_step(repo, each=check)
    assert done[0].step.phase == "expand"
    assert {a.step.phase for a in done} == {"expand", "migrate", "deprecate", "contract"}
    assert len(seen) == len(done) and all(errors == [] for errors in seen.values()), seen
    final = (repo / "shop/utils.py").read_text(encoding="utf-8")
    assert "TYPE_CHECKING" not in final and "_REFCOORD_MOVED" not in final


def _project(root: Path, utils: str, money: str, report: str) -> Path:
    files = {"pyproject.toml": MYPY_CONFIG, "shop/__init__.py": "", "shop/utils.py": utils}
    files |= {"shop/money.py": money, "shop/report.py": report, "shop/cli.py": CLI}
    return write_files(root, files, dedent=False)


@pytest.mark.slow
@pytest.mark.parametrize("exported", [True, False], ids=["listed_in_all", "no_all"])
def test_code_still_reading_the_old_location_type_checks_until_contract(
    tmp_path: Path, exported: bool
) -> None:
    """What the source says at each step, to code that still imports the moved names from it
    (another project's, or one not migrated yet); without ``__all__`` the declarations are
    explicit re-exports (``name as name``), which ``mypy --strict`` also needs."""
    utils = UTILS if exported else re.sub(r"__all__ = .*\n\n", "", UTILS)
    result = expand(utils, "shop.utils", False, "shop.money", ["Money", "RATES", "convert"], None)
    assert isinstance(result, Expanded), result
    expanded = typed(result.source)
    deprecated = deprecate(expanded, "import it from there")
    assert isinstance(deprecated, str)
    cache = tmp_path / "mypy-cache"
    for step, source in {"expand": expanded, "deprecate": deprecated}.items():
        repo = _project(tmp_path / step, source, result.target, REPORT)
        assert _mypy_errors(repo, cache) == [], (step, source)
    contracted = contract(deprecated)
    assert isinstance(contracted, str) and "TYPE_CHECKING" not in contracted
    migrated = REPORT.replace("from shop.utils import RATES, Money, convert, label", (
        "from shop.money import RATES, Money, convert\nfrom shop.utils import label"
    ))  # fmt: skip
    cli = CLI.replace("shop.utils.Money", "shop.money.Money").replace(
        "shop.utils.convert", "shop.money.convert"
    )
    repo = _project(tmp_path / "contract", contracted, result.target, migrated)
    (repo / "shop/cli.py").write_text("import shop.money\n" + cli, encoding="utf-8")
    assert _mypy_errors(repo, cache) == []


def _expanded_sources() -> list[tuple[str, str, Style, str, bool]]:
    """Every source module the expand cases end with: its case's name, its text, the case
    project's style, its qualified name, whether it is a package's ``__init__``."""
    from refcoord_codemods.extract_module.cases import CASES
    from refcoord_codemods.extract_module.steps import ExtractExpand

    found = []
    for case in CASES[ExtractExpand.ID]:
        paths = {p.removesuffix(".py").replace("/", "."): p for p in case.before}
        style = project_style(case.before.get, paths.get)
        found += [
            (
                case.name,
                text,
                style,
                path.removesuffix(".py").removesuffix("/__init__").replace("/", "."),
                path.endswith("__init__.py"),
            )
            for path, text in case.after.items()
            if text is not None and shim_table(text) is not None
        ]
    return found


@pytest.mark.parametrize(("name", "source", "style", "module", "is_package"), _expanded_sources())
def test_declarations_are_stable_and_leave_with_the_shim(
    name: str, source: str, style: Style, module: str, is_package: bool
) -> None:
    """On every source the expand cases leave: declaring again changes nothing, deprecating
    twice is deprecating once, and contract leaves no trace of the declarations (relative ones
    too)."""
    assert typed(source, style, is_package, module) == source, name
    warned = deprecate(source, "import it from there", style, is_package, module)
    assert isinstance(warned, str)
    assert deprecate(warned, "import it from there", style, is_package, module) == warned, name
    compile(warned, name, "exec")
    contracted = contract(warned, module, is_package)
    assert isinstance(contracted, str)
    for gone in ("_REFCOORD", "_RefcoordAll", "import moved as moved"):
        assert gone not in contracted, name
    if "import TYPE_CHECKING" in contracted:  # kept only while the module's own code reads it
        assert contracted.count("TYPE_CHECKING") > 1, name


@pytest.mark.parametrize(
    ("reexport_alias", "is_package", "comment"),
    [
        (True, False, "  # noqa: PLC0414"),  # the alias re-exports; PLC0414 calls it useless
        (True, True, ""),  # PLC0414 does not apply to a package's __init__
        (False, False, "  # noqa: F401, PLC0414"),  # flake8's pyflakes reads no alias re-export
        (False, True, "  # noqa: F401"),
    ],
)
def test_a_name_as_name_declaration_passes_the_projects_linter(
    reexport_alias: bool, is_package: bool, comment: str
) -> None:
    source = "X = 1\n\n\n" + shim_code({"moved": "pkg.target", "listed": "pkg.target"}, None)
    source = '__all__ = ["X", "listed"]\n\n' + source
    declared = typed(source, Style(reexport_alias=reexport_alias), is_package)
    assert "    from pkg.target import listed\n" in declared  # __all__ exports it: no alias
    assert f"    from pkg.target import moved as moved{comment}\n" in declared


def test_a_module_that_assigns_type_checking_itself_gets_no_import_of_it() -> None:
    # humanize writes `TYPE_CHECKING = False` (its ruff bans typing.TYPE_CHECKING): importing
    # it too was F811, TID251 and mypy's "Cannot assign to final name" (found by the gauntlet)
    source = (
        "import re\n\nTYPE_CHECKING = False\n\nif TYPE_CHECKING:\n    from decimal import Decimal"
        "\n\n\ndef moved(x: 'Decimal') -> str:\n    return re.escape(str(x))\n\n\n"
        "def stay() -> str:\n    return 'x'\n"
    )
    result = expand(source, "pkg.src", False, "pkg.target", ["moved"], None)
    assert isinstance(result, Expanded), result
    warned = deprecate(typed(result.source, Style()), "import it from there")
    assert isinstance(warned, str)
    assert "from typing import TYPE_CHECKING" not in warned and "\nimport typing" not in warned
    assert warned.count("TYPE_CHECKING = False") == 1
    no_block = source.replace("if TYPE_CHECKING:\n    from decimal import Decimal\n", "")
    result = expand(no_block, "pkg.src", False, "pkg.target", ["moved"], None)
    assert isinstance(result, Expanded), result
    declared = typed(result.source, Style())
    assert "from typing import TYPE_CHECKING" not in declared
    assert declared.index("TYPE_CHECKING = False") < declared.index("if TYPE_CHECKING:")


def test_a_wrapped_declaration_s_noqa_is_where_each_linter_reports() -> None:
    """pyflakes (flake8 7.3, pyflakes 3.4) reports an unused name of a wrapped import at the
    statement's first line, ruff at the name: the gauntlet's webcolors and tabulate counted
    F401 where the noqa sat at the name for flake8."""
    name = "a_rather_long_moved_function_name"
    source = f"def {name}():\n    return 1\n\n\ndef keep():\n    return 2\n"
    flake8 = {"setup.cfg": "[flake8]\nmax-line-length = 60\n"}
    lint = '[tool.ruff.lint]\nselect = ["PLC"]\n'
    ruff = {"pyproject.toml": "[tool.ruff]\nline-length = 60\n" + lint}
    strict = {**flake8, "mypy.ini": "[mypy]\nstrict = True\n"}
    for config, expected in (
        # flake8 alone: a plain import (isort would join an aliased one, see below)
        (flake8, f"    from pkg.target import (  # noqa: F401\n        {name},\n    )\n"),
        # a strict mypy reads only an aliased import as a re-export
        (strict, f"    from pkg.target import (  # noqa: F401\n        {name} as {name},\n"),
        (
            ruff,
            f"    from pkg.target import (\n        {name} as {name},  # noqa: F401, PLC0414\n",
        ),
    ):
        style = project_style(config.get, lambda module: None)
        result = expand(source, "pkg.src", False, "pkg.target", [name], None, style=style)
        assert isinstance(result, Expanded)
        assert expected in typed(result.source, style), config


def test_a_flake8_project_declares_names_its_all_lists_without_a_noqa() -> None:
    """``__all__`` exports a name it lists, so pyflakes reads its import as used: only the
    other declarations of a flake8 project carry ``# noqa: F401``."""
    source = 'from pkg.target import listed, other\n\n__all__ = ["listed"]\n'
    flake8 = project_style({"setup.cfg": "[flake8]\n"}.get, lambda module: None)
    result = expand(
        "def listed():\n    pass\n\n\ndef other():\n    pass\n\n\n" + source.split("\n\n", 1)[1],
        "pkg.src",
        False,
        "pkg.target",
        ["listed", "other"],
        None,
        style=flake8,
    )
    assert isinstance(result, Expanded)
    declared = typed(result.source, flake8)
    assert "    from pkg.target import listed\n" in declared
    assert "    from pkg.target import other  # noqa: F401\n" in declared
