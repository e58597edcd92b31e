"""replace-dependency end to end (issue 15): plan, then every step applied in a real git
repository with the project's own tests, run with the flag forced to each backend; the flip
refused while a stub is left; after contract nothing imports the old dependency, and the suite
passes with it made unimportable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.adapters.config_file import load_config
from refactor_coord.application.apply import Applied, apply_step, choose_next
from refactor_coord.application.demo import demo_config, example_source
from refactor_coord.domain.errors import ApplyRefused
from tests.conftest import apply_every_step, commit_and_plan, land, write_files

pytest.importorskip("simplejson")
pytest.importorskip("mock")

TEST_COMMAND = 'test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]'


def _only_json_facade() -> str:
    """The demo's configuration with its replace-dependency refactoring alone."""
    text = demo_config()
    head, _, rest = text.partition("[[refactor]]")
    tables = ["[[refactor]]" + t for t in rest.split("[[refactor]]")]
    kept = [t for t in tables if 'kind = "replace-dependency"' in t]
    return head + "".join(kept)


def _runs(result: Applied) -> dict[str, bool]:
    assert result.checks is not None
    return {r.label: r.run.passed for r in result.checks.runs}


@pytest.mark.slow
def test_the_demo_json_facade_applies_end_to_end_green_on_both_backends(tmp_path: Path) -> None:
    repo = tmp_path / "shop"
    shutil.copytree(
        example_source(), repo, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache")
    )
    write_files(repo, {"refcoord.toml": _only_json_facade()}, dedent=False)
    plan = commit_and_plan(repo, "shop")
    phases = [s.phase for s in plan.steps]
    assert phases[0] == "expand" and phases[-2:] == ["flip", "contract"]

    seen: list[Applied] = []
    apply_every_step(repo, each=seen.append)

    expand = seen[0]
    facade = (repo / "src/shop/serialization.py").read_text(encoding="utf-8")
    assert "SHOP_JSON_BACKEND" in expand.diff
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert '"simplejson' in pyproject  # the new dependency, declared at expand
    for result in seen:
        if result.step.phase in ("expand", "migrate"):
            runs = _runs(result)
            assert runs == {
                "old backend, SHOP_JSON_BACKEND=old": True,
                "new backend, SHOP_JSON_BACKEND=new": True,
            }, result.step.title
            assert "new backend, SHOP_JSON_BACKEND=new" in result.pr_body
    flip = next(r for r in seen if r.step.phase == "flip")
    assert '-_DEFAULT = "old"' in flip.diff and '+_DEFAULT = "new"' in flip.diff
    assert all(_runs(flip).values()) and len(_runs(flip)) == 2

    # after contract: the facade is the project's own layer over simplejson, nothing imports json
    facade = (repo / "src/shop/serialization.py").read_text(encoding="utf-8")
    assert "import json" not in facade and "SHOP_JSON_BACKEND" not in facade
    assert "from simplejson import" in facade
    for path in [*repo.glob("src/**/*.py"), *repo.glob("tests/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "import json\n" not in text and "from json import" not in text, path
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=repo, check=True
    )


MOCK_CONFIG = f"""
[campaign]
name = "drop-mock"
{TEST_COMMAND}

[[refactor]]
id = "mock-to-stdlib"
kind = "replace-dependency"
old = "mock"
facade = "pkg.testing"
flag = "PKG_MOCK_BACKEND"
recipe = "mock-unittest-mock"
"""


def _config(old: str, recipe: str, facade: str) -> str:
    """MOCK_CONFIG for another old dependency, recipe and facade."""
    return (
        MOCK_CONFIG.replace('old = "mock"', f'old = "{old}"')
        .replace("mock-unittest-mock", recipe)
        .replace("pkg.testing", facade)
    )


def _mock_project(tmp_path: Path) -> Path:
    return write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": MOCK_CONFIG,
            "pyproject.toml": """
                [project]
                name = "pkg"
                version = "1.0"
                dependencies = ["attrs"]

                [project.optional-dependencies]
                test = ["mock>=4", "pytest"]
            """,
            "requirements-dev.txt": "mock==5.1.0\npytest\n",
            "pkg/__init__.py": "",
            "pkg/clock.py": """
                import time


                def stamp():
                    return time.time()
            """,
            "tests/__init__.py": "",
            "tests/test_clock.py": """
                import mock

                from pkg import clock


                def test_stamp():
                    with mock.patch("pkg.clock.time.time", return_value=5.0):
                        assert clock.stamp() == 5.0
            """,
            "tests/test_more.py": """
                from mock import MagicMock, call


                def test_calls():
                    m = MagicMock()
                    m(1)
                    assert m.call_args_list == [call(1)]
            """,
        },
    )


def _blocked(repo: Path, module: str) -> dict[str, str]:
    """An environment in which ``import <module>`` fails, as if it were uninstalled."""
    blocker = repo.parent / "blocked"
    blocker.mkdir(exist_ok=True)
    (blocker / f"{module}.py").write_text(
        f"raise ImportError('{module} is uninstalled for this test')\n", encoding="utf-8"
    )
    return {**os.environ, "PYTHONPATH": str(blocker)}


@pytest.mark.slow
def test_mock_is_replaced_by_unittest_mock_and_the_suite_passes_without_it(
    tmp_path: Path,
) -> None:
    repo = _mock_project(tmp_path)
    plan = commit_and_plan(repo, "pkg")
    # the recipe's checklist is in the expand and flip pull requests
    for step in plan.steps:
        checklist = "Behaviour to check on the new backend (mock-unittest-mock recipe)"
        assert (checklist in step.pr_body) == (step.phase in ("expand", "flip")), step.phase
    # mock.__version__ is not used here: no stub, nothing for a person to write
    assert not any("get a stub" in n for s in plan.steps for n in s.notes)
    # what contract will take out of the manifests is in its pull request
    contract = next(s for s in plan.steps if s.phase == "contract")
    assert [n for n in contract.notes if n.startswith("Manifests")] == [
        "Manifests: removes pyproject.toml [project.optional-dependencies] test: mock>=4",
        "Manifests: removes requirements-dev.txt: mock==5.1.0",
    ]
    apply_every_step(repo)

    facade = (repo / "pkg/testing.py").read_text(encoding="utf-8")
    assert "from unittest.mock import" in facade and "PKG_MOCK_BACKEND" not in facade
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert "mock>=4" not in pyproject and '"pytest"' in pyproject
    assert (repo / "requirements-dev.txt").read_text(encoding="utf-8") == "pytest\n"
    for test in ("tests/test_clock.py", "tests/test_more.py"):
        text = (repo / test).read_text(encoding="utf-8")
        assert "import mock" not in text and "from mock import" not in text, text
    # the suite passes with mock uninstalled
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=repo,
        env=_blocked(repo, "mock"),
        check=True,
    )
    failing = subprocess.run(
        [sys.executable, "-c", "import mock"], cwd=repo, env=_blocked(repo, "mock"), check=False
    )
    assert failing.returncode != 0  # the blocker really blocks


@pytest.mark.slow
def test_flip_is_refused_while_a_name_has_no_new_backend(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": f"""
                [campaign]
                name = "toml"
                {TEST_COMMAND}

                [[refactor]]
                id = "toml-to-tomllib"
                kind = "replace-dependency"
                old = "toml"
                facade = "pkg.tomlio"
                flag = "PKG_TOML"
                recipe = "toml-tomllib"
            """,
            "pkg/__init__.py": "",
            "pkg/config.py": """
                import toml


                def read(text):
                    return toml.loads(text)


                def write(data):
                    return toml.dumps(data)
            """,
            "tests/test_config.py": """
                from pkg import config


                def test_read():
                    assert config.read("a = 1") == {"a": 1}
            """,
        },
    )
    pytest.importorskip("toml")
    commit_and_plan(repo, "pkg")
    config = load_config(repo)
    base = "main"
    with pytest.raises(ApplyRefused, match=r"no new backend yet: toml\.dumps \(line \d+\)"):
        while True:
            result = apply_step(repo, config, choose_next(repo, config), tests="all")
            land(repo, result, base)
    facade = (repo / "pkg/tomlio.py").read_text(encoding="utf-8")
    assert "# refcoord: stub" in facade and '_DEFAULT = "old"' in facade


def _expand_names(repo: Path) -> tuple[str, ...]:
    plan = commit_and_plan(repo, "pkg")
    expand = next(s for s in plan.steps if s.phase == "expand")
    return tuple(dict(expand.codemod.args)["names"])  # type: ignore[arg-type]


def test_the_facade_exposes_exactly_the_names_the_project_uses(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": _config("six", "six-stdlib", "pkg.compat"),
            "pkg/__init__.py": "",
            "pkg/a.py": """
                import six
                from six.moves.urllib.parse import quote


                def f(x):
                    return six.text_type(x), quote(x), six.moves.urllib.parse.urlencode(x)
            """,
            "tests/test_a.py": """
                from six.moves import range


                def test_range():
                    assert list(range(2)) == [0, 1]
            """,
        },
    )
    assert _expand_names(repo) == (
        "six:text_type",
        "six.moves:range",
        "six.moves.urllib.parse:quote",
        "six.moves.urllib.parse:urlencode",
    )


def test_the_module_itself_is_on_the_facade_where_code_passes_it_as_a_value(
    tmp_path: Path,
) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": _config("simplejson", "simplejson-json", "pkg.jsonlib"),
            "pkg/__init__.py": """
                import platform

                if platform.python_implementation() == "PyPy":
                    import json
                else:
                    import simplejson as json


                def set_json_library(lib):
                    return lib.JSONEncoder()


                ENCODER = set_json_library(json)
            """,
        },
    )
    assert _expand_names(repo) == (":simplejson",)


def test_an_optional_import_with_a_fallback_puts_the_module_itself_on_the_facade(
    tmp_path: Path,
) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": _config("simplejson", "simplejson-json", "pkg.jsonlib"),
            "pkg/__init__.py": "",
            "pkg/codec.py": """
                try:
                    import simplejson as json
                except ImportError:
                    import json


                def dumps(obj):
                    return json.dumps(obj)
            """,
        },
    )
    assert _expand_names(repo) == (":simplejson", "simplejson:dumps")


@pytest.mark.slow
def test_an_optional_import_with_a_fallback_goes_through_every_step(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": _config("simplejson", "simplejson-json", "pkg.jsonlib"),
            "pkg/__init__.py": "",
            "pkg/codec.py": """
                try:
                    import simplejson as json
                except ImportError:
                    import json


                def loads(text, **kwargs):
                    return json.loads(text, **kwargs)
            """,
            "tests/test_codec.py": """
                from pkg import codec


                def test_loads_takes_simplejson_s_encoding():
                    assert codec.loads(b'{"a": 1}', encoding="utf-8") == {"a": 1}
            """,
        },
    )
    commit_and_plan(repo, "pkg")
    done = apply_every_step(repo)
    assert [r.step.phase for r in done][-2:] == ["flip", "contract"]
    codec = (repo / "pkg/codec.py").read_text(encoding="utf-8")
    assert "from pkg.jsonlib import simplejson as json" in codec and "import json\n" in codec
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=repo,
        env=_blocked(repo, "simplejson"),
        check=True,
    )


@pytest.mark.slow
def test_re_planning_mid_campaign_adds_nothing_for_code_already_on_the_facade(
    tmp_path: Path,
) -> None:
    from refactor_coord.application.planning import make_campaign_plan

    repo = _mock_project(tmp_path)
    plan = commit_and_plan(repo, "pkg")
    config = load_config(repo)
    flip = next(s.number for s in plan.steps if s.phase == "flip")
    while (number := choose_next(repo, config)) != flip:
        land(repo, apply_step(repo, config, number, tests="all"), "main")
    again = make_campaign_plan(repo, config).plan
    assert [(s.number, s.phase) for s in again.steps] == [(s.number, s.phase) for s in plan.steps]
    assert choose_next(repo, config) == flip


def test_a_new_library_not_installed_yet_leaves_the_plan_standing_and_apply_says_what_to_install(
    tmp_path: Path,
) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": f"""
                [campaign]
                name = "json"
                {TEST_COMMAND}

                [[refactor]]
                id = "fast-json"
                kind = "replace-dependency"
                old = "json"
                new = "refcoord_absent_jsonlib"
                facade = "pkg.jsonlib"
                flag = "PKG_JSON"
            """,
            "pkg/__init__.py": "import json\n\nDATA = json.dumps([1])\n",
        },
    )
    plan = commit_and_plan(repo, "pkg")  # the plan stands
    expand = next(s for s in plan.steps if s.phase == "expand")
    with pytest.raises(ApplyRefused, match=r"pip install refcoord_absent_jsonlib"):
        apply_step(repo, load_config(repo), expand.number)


@pytest.mark.slow
def test_inline_removes_the_facade_at_contract_and_its_importers_use_the_new_library(
    tmp_path: Path,
) -> None:
    repo = _mock_project(tmp_path)
    write_files(repo, {"refcoord.toml": MOCK_CONFIG + "inline = true\n"})
    plan = commit_and_plan(repo, "pkg")
    contract = next(s for s in plan.steps if s.phase == "contract")
    assert {"tests/test_clock.py", "tests/test_more.py"} <= set(contract.files)
    apply_every_step(repo)
    assert not (repo / "pkg/testing.py").exists()
    for test in ("tests/test_clock.py", "tests/test_more.py"):
        text = (repo / test).read_text(encoding="utf-8")
        assert "unittest.mock" in text and "pkg.testing" not in text, text
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=repo,
        env=_blocked(repo, "mock"),
        check=True,
    )


def test_a_facade_with_adapter_code_cannot_be_inlined_and_says_why() -> None:
    from refactor_coord.rewrite.dunder_all import read_all
    from refcoord_codemods.replace_dependency.cases import FACADE_TOML
    from refcoord_codemods.replace_dependency.facade import Labels, contracted
    from refcoord_codemods.replace_dependency.inline import inline_targets

    labels = Labels("toml", "pkg.tomlio", "PKG_TOML", "toml", "tomllib")
    final = contracted(FACADE_TOML.replace('_DEFAULT = "old"', '_DEFAULT = "new"'), labels)
    assert isinstance(final, str)
    refused = inline_targets(final, sorted(read_all(final).listed or ()))
    assert not isinstance(refused, dict)
    assert "cannot be inlined: it defines or renames dumps, loads itself" in refused.reason
