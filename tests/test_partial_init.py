"""Import cycles during partial initialization (issue 12, class 2): the source imports another
module part-way through its body, and that module does ``from source import moved`` at its top,
while the source is still initializing and before the shim at its end exists. plan sees it in
the import graph; expand then binds the moved names in the source where their definitions
stood, silently, until the deprecate step. Every import position, every step, both import
orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

OTHER = "from pkg.utils import moved\n\n\ndef use():\n    return moved()\n"

UTILS = {
    "top": (
        "from pkg import other\n\n\ndef helper():\n    return 'h'\n\n\n"
        "def moved():\n    return helper() + '!'\n\n\ndef after():\n    return other.use()\n"
    ),
    "middle": (
        "def helper():\n    return 'h'\n\n\ndef moved():\n    return helper() + '!'\n\n\n"
        "from pkg import other  # noqa: E402\n\n\ndef after():\n    return other.use()\n"
    ),
    "bottom": (
        "def helper():\n    return 'h'\n\n\ndef moved():\n    return helper() + '!'\n\n\n"
        "def after():\n    return other.use()\n\n\nfrom pkg import other  # noqa: E402\n"
    ),
    "function": (
        "def helper():\n    return 'h'\n\n\ndef moved():\n    return helper() + '!'\n\n\n"
        "def after():\n    from pkg import other\n\n    return other.use()\n"
    ),
}

# the project's own tests: each import order in a fresh interpreter, warnings as errors
ORDERS = """
import subprocess
import sys

import pytest


@pytest.mark.parametrize("first", ["pkg.other", "pkg.utils"])
def test_either_module_imported_first(first):
    code = f"import {first}; import pkg.utils, pkg.other; "
    code += "print(pkg.utils.after(), pkg.other.use())"
    command = [sys.executable, "-W", "error", "-c", code]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["h!", "h!"]
"""


@pytest.mark.slow
@pytest.mark.parametrize("position", sorted(UTILS))
def test_an_importer_running_while_the_source_initializes_works_at_every_step(
    tmp_path: Path, position: str
) -> None:
    # at the top, the original code works only with pkg.other imported first: that order only
    orders = '["pkg.other"]' if position == "top" else '["pkg.other", "pkg.utils"]'
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("partial", "pkg.utils", "pkg.core", ["moved"]),
            "pkg/__init__.py": "",
            "pkg/utils.py": UTILS[position],
            "pkg/other.py": OTHER,
            "tests/test_orders.py": ORDERS.replace('["pkg.other", "pkg.utils"]', orders),
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
        dedent=False,
    )
    plan = commit_and_plan(repo, f"an import of the source's importer at the {position}")
    expand = next(s for s in plan.steps if s.phase == "expand")
    assert (("bind_back", True) in expand.codemod.args) is (position != "function")

    def bound_back_until_deprecate(applied: Applied) -> None:
        source = (repo / "pkg/utils.py").read_text(encoding="utf-8")
        note = (
            "# refcoord: bound here until the deprecate step\nfrom pkg.core import moved as moved"
        )
        bound_back = note in source
        expected = position != "function" and applied.step.phase in ("expand", "migrate")
        assert bound_back is expected, (applied.step.phase, source)

    phases = [a.step.phase for a in apply_every_step(repo, each=bound_back_until_deprecate)]
    assert phases == ["expand", "migrate", "deprecate", "contract"]


def test_expand_binds_back_and_deprecate_and_contract_unbind() -> None:
    from refcoord_codemods.extract_module.expand import Expanded, expand
    from refcoord_codemods.extract_module.shim import contract, deprecate

    result = expand(UTILS["middle"], "pkg.utils", False, "pkg.core", ["moved"], None,
                    bind_back=True)  # fmt: skip
    assert isinstance(result, Expanded), result
    assert result.source.startswith(
        "def helper():\n    return 'h'\n\n\n"
        "# refcoord: bound here until the deprecate step\n"
        "from pkg.core import moved as moved\n\n\n"
        "from pkg import other  # noqa: E402\n"
    )
    # the moved code reads helper through the source, which the target imports at its end
    assert result.target.rstrip().endswith("import pkg.utils as _utils  # noqa: E402")
    for later in (deprecate(result.source, "import it from there"), contract(result.source)):
        assert isinstance(later, str) and "import moved  # refcoord: bound" not in later
        assert "def helper():\n    return 'h'\n\n\nfrom pkg import other" in later


def test_binding_back_is_refused_when_the_moved_code_needs_the_source_when_imported() -> None:
    from refactor_coord.rewrite.outcome import Refused
    from refcoord_codemods.extract_module.expand import expand

    code = "def helper(f):\n    return f\n\n\n@helper\ndef moved():\n    return 1\n"
    result = expand(code, "pkg.utils", False, "pkg.core", ["moved"], None, bind_back=True)
    assert isinstance(result, Refused) and "still being imported" in result.reason
