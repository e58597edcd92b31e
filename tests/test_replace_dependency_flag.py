"""The facade's feature flag as users meet it: an environment variable read once at import,
"old" by default until the flip, the backend names accepted as synonyms (any case), anything
else an error naming the variable and the valid values; and it reaches the processes a test
run starts, because it is the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from refcoord_codemods.replace_dependency.cases import FACADE_MOCK
from tests.conftest import write_files

pytest.importorskip("mock")


def _run(repo: Path, value: str | None, facade: str = FACADE_MOCK) -> tuple[int, str, str]:
    """Import the facade with PKG_MOCK set to ``value`` (None: unset): the exit code, and
    what it printed: its backend, where its ``patch`` comes from, and the backend a process
    it starts sees."""
    write_files(repo, {"pkg/__init__.py": "", "pkg/testing.py": facade}, dedent=False)
    env = {k: v for k, v in os.environ.items() if k != "PKG_MOCK"}
    if value is not None:
        env["PKG_MOCK"] = value
    script = (
        "import subprocess, sys; from pkg import testing; "
        "print(testing.BACKEND, testing.patch.__module__); "
        "print(subprocess.run([sys.executable, '-c', 'from pkg import testing; "
        "print(testing.BACKEND)'], capture_output=True, text=True).stdout.strip())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=repo,
        env={**env, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    ("value", "backend", "module"),
    [
        (None, "old", "mock.mock"),
        ("", "old", "mock.mock"),
        ("old", "old", "mock.mock"),
        ("Mock", "old", "mock.mock"),
        ("new", "new", "unittest.mock"),
        (" NEW ", "new", "unittest.mock"),
        ("unittest.mock", "new", "unittest.mock"),
    ],
)
def test_the_flag_picks_the_backend_for_the_process_and_those_it_starts(
    tmp_path: Path, value: str | None, backend: str, module: str
) -> None:
    code, out, err = _run(tmp_path / "repo", value)
    assert code == 0, err
    assert out.split() == [backend, module, backend]


def test_anything_else_is_an_error_naming_the_variable_and_the_valid_values(
    tmp_path: Path,
) -> None:
    code, _, err = _run(tmp_path / "repo", "stdlib")
    assert code != 0
    assert (
        "ValueError: PKG_MOCK='stdlib' is not a backend: use 'old' (mock) or 'new' (unittest.mock)"
    ) in err


def test_after_the_flip_the_default_is_the_new_backend(tmp_path: Path) -> None:
    flipped = FACADE_MOCK.replace('_DEFAULT = "old"', '_DEFAULT = "new"')
    code, out, err = _run(tmp_path / "repo", None, flipped)
    assert code == 0, err
    assert out.split() == ["new", "unittest.mock", "new"]
    code, out, err = _run(tmp_path / "repo", "old", flipped)  # the flip's rollback
    assert out.split() == ["old", "mock.mock", "old"]


def test_the_module_itself_on_the_new_backend_carries_the_facades_adapters(
    tmp_path: Path,
) -> None:
    """Code that keeps the module whole (``json.loads(..., encoding=...)`` through a module
    it passes around) meets the facade's adapter, as code importing ``loads`` does."""
    from refactor_coord.domain.plan import ArgValue
    from refactor_coord.rewrite.cases import Case, step_input
    from refcoord_codemods.replace_dependency.steps import ExpandArgs, ReplaceExpand

    data: dict[str, ArgValue] = {"old": "simplejson", "new": "", "facade": "pkg.testing"}
    data |= {"flag": "PKG_MOCK", "recipe": "simplejson-json"}
    names = (":simplejson", "simplejson:loads")
    case = Case("x", {**data, "names": names}, {"pkg/__init__.py": ""}, files=("pkg/testing.py",))
    args = ExpandArgs("simplejson", "", "pkg.testing", "PKG_MOCK", "simplejson-json", (), names)
    out = ReplaceExpand().apply(step_input(ReplaceExpand, case), args)
    assert isinstance(out, dict)
    facade = out["pkg/testing.py"] or ""
    repo = write_files(tmp_path / "repo", {"pkg/__init__.py": "", "pkg/testing.py": facade})
    script = (
        "from pkg.testing import simplejson; import json; "
        "print(simplejson.loads(b'[1]', encoding='utf-8'), "
        "simplejson.JSONDecoder is json.JSONDecoder)"
    )
    env = {**os.environ, "PYTHONPATH": str(repo), "PKG_MOCK": "new"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[1]", "True"]
