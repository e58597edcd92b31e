"""The warning shim runs anywhere (issue 13): it told a star import apart by decoding the
caller's bytecode (``dis.opname[co_code[f_lasti]]``, CPython's own and version-specific, its
opcode renamed in 3.12). Now a star import is told by how every implementation does one: it
reads ``__all__`` by index and then reads that name, so a list or tuple ``__all__`` becomes one of
a subclass noting the name it hands out. The import system's own ``hasattr`` check (a package's
from-import) is told by its caller's module, through ``inspect.currentframe()``, which is None
where frames are not supported: that runtime gets the warning, at the same line, twice at most.
What users were promised stays: ``old.moved`` and ``from old import moved`` warn at their line,
a star import does not."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactor_coord.rewrite.style import project_style
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.shim import contract, deprecate, shim_code, typed
from tests.conftest import write_files

WARNING = "import it from there"

SOURCE = """\
import os

__all__ = {listed}


def moved():
    return os.sep


def keep():
    return 1
"""

# what a user of the old location does, each kind of use recorded apart
USES = """
import json
import warnings

names = {}
with warnings.catch_warnings(record=True) as star:
    warnings.simplefilter("always")
    exec("from pkg.src import *", names)
with warnings.catch_warnings(record=True) as attribute:
    warnings.simplefilter("always")
    import pkg.src

    pkg.src.moved
with warnings.catch_warnings(record=True) as from_import:
    warnings.simplefilter("always")
    from pkg.src import moved
print(json.dumps({
    "star": [str(w.message) for w in star],
    "attribute": [(str(w.message), w.lineno) for w in attribute],
    "from_import": [(str(w.message), w.lineno) for w in from_import],
    "brought": sorted(k for k in names if not k.startswith("__")),
    "exact_keys": all(type(k) is str for k in names),
    "all": tuple(pkg.src.__all__) == tuple({listed}) and isinstance(pkg.src.__all__, {kind}),
}))
"""

MESSAGE = f"pkg.src.moved has moved to pkg.target.moved; {WARNING}"


def _deprecated(listed: str) -> tuple[str, str]:
    """The source (``__all__ = <listed>``) after expand and deprecate, and the target."""
    result = expand(SOURCE.format(listed=listed), "pkg.src", False, "pkg.target", ["moved"], None)
    assert isinstance(result, Expanded), result
    warned = deprecate(typed(result.source), WARNING)
    assert isinstance(warned, str)
    return warned, result.target


def _run(root: Path, code: str, *options: str) -> object:
    done = subprocess.run(
        [sys.executable, *options, "-c", textwrap.dedent(code)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_warning_shim_decodes_no_bytecode() -> None:
    code = shim_code({"moved": "pkg.target"}, WARNING)
    for cpython_only in ("import dis", "sys._getframe", "f_lasti", "co_code", "opname"):
        assert cpython_only not in code


@pytest.mark.parametrize(
    ("listed", "kind"), [('["keep", "moved", "os"]', "list"), ('("keep", "moved", "os")', "tuple")]
)
@pytest.mark.parametrize("frames", [True, False], ids=["frames", "no_frames"])
def test_uses_warn_at_their_line_and_a_star_import_does_not(
    tmp_path: Path, listed: str, kind: str, frames: bool
) -> None:
    source, target = _deprecated(listed)
    files = {"pkg/__init__.py": "", "pkg/src.py": source, "pkg/target.py": target}
    root = write_files(tmp_path, files, dedent=False)
    # a runtime without frame support: inspect.currentframe() returns None there
    prelude = "" if frames else "import inspect\ninspect.currentframe = lambda: None\n"
    code = prelude + USES.replace("{listed}", listed).replace("{kind}", kind)
    out = _run(root, code)
    assert isinstance(out, dict)
    lines = code.splitlines()
    assert out["star"] == []  # also under -W error (below)
    assert out["attribute"] == [[MESSAGE, lines.index("    pkg.src.moved") + 1]]
    assert out["from_import"] == [[MESSAGE, lines.index("    from pkg.src import moved") + 1]]
    assert out["brought"] == ["keep", "moved", "os"]
    assert out["exact_keys"] is True  # the importer's namespace holds plain str keys
    assert out["all"] is True  # __all__ lists what it listed, a list or tuple still
    strict = _run(
        root,
        'import json\nnames = {}\nexec("from pkg.src import *", names)\n'
        'print(json.dumps({"moved": "moved" in names}))',
        "-W",
        "error",
    )
    assert strict == {"moved": True}


def test_a_package_from_import_warns_once_without_frames_under_the_default_filters(
    tmp_path: Path,
) -> None:
    """Where frames are not supported, the import system's ``hasattr`` check of a package warns
    too, at the importer's line (``warnings`` skips importlib's frames): the default filters
    show that warning once, and under -W error the import fails at its line as it should."""
    result = expand(SOURCE.format(listed='["keep", "moved"]'), "pkg", True, "pkg.target",
                    ["moved"], None)  # fmt: skip
    assert isinstance(result, Expanded), result
    warned = deprecate(typed(result.source, is_package=True), WARNING, is_package=True)
    assert isinstance(warned, str)
    caller = "def use():\n    from pkg import moved\n\n    return moved\n"
    files = {"pkg/__init__.py": warned, "pkg/target.py": result.target, "caller.py": caller}
    root = write_files(tmp_path, files, dedent=False)
    code = """
        import inspect
        import json
        import warnings

        inspect.currentframe = lambda: None
        import caller

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            caller.use()
        print(json.dumps([(str(w.message), w.filename, w.lineno) for w in caught]))
        """
    out = _run(root, code)
    assert out == [[MESSAGE.replace("pkg.src", "pkg"), str(root / "caller.py"), 2]]


def test_contract_removes_the_star_import_note_with_the_shim() -> None:
    source, _ = _deprecated('["keep", "moved", "os"]')
    contracted = contract(source)
    assert isinstance(contracted, str)
    for gone in ("_REFCOORD", "_RefcoordAll", "TYPE_CHECKING", "__getattr__"):
        assert gone not in contracted
    assert '__all__ = ["keep", "os"]' in contracted


#: Rules that contradict others (D203/D211, D212/D213), the formatter's (COM812), a licence
#: header (CPY001), and pydocstyle's for a module without docstrings: ALL else is checked.
_NOT_OURS = "D100,D103,D203,D213,COM812,CPY001"
_RUFF_ALL = '[tool.ruff]\nline-length = 79\n[tool.ruff.lint]\nselect = ["ALL"]\n'


@pytest.mark.parametrize("warning", [None, WARNING + "; it will be removed in version 3.0.0"])
def test_the_shim_passes_every_ruff_rule_and_mypy_strict(
    tmp_path: Path, warning: str | None
) -> None:
    """Generated code in someone's library: the shim passes ruff with every rule on (its imports
    stay in ``__getattr__``, with a ``noqa`` for PLC0415 as the project checks it), at 79
    columns, and ``mypy --strict``; a long warning is cut into literals that fit and is still
    the whole warning."""
    style = project_style({"pyproject.toml": _RUFF_ALL}.get, lambda module: None)
    listed = '["keep", "moved", "os"]'
    annotated = SOURCE.format(listed=listed).replace("():", "() -> object:")
    result = expand(annotated, "pkg.src", False, "pkg.target", ["moved"], None, style=style)
    assert isinstance(result, Expanded), result
    source = typed(result.source, style)
    if warning is not None:
        warned = deprecate(source, warning, style)
        assert isinstance(warned, str)
        source = warned
    files = {"pkg/__init__.py": "", "pkg/src.py": source, "pkg/target.py": result.target}
    root = write_files(tmp_path, {**files, "pyproject.toml": _RUFF_ALL}, dedent=False)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--ignore", _NOT_OURS,
         "--output-format", "concise", "pkg/src.py"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert lint.returncode == 0, lint.stdout + lint.stderr
    types = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pkg/src.py"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert types.returncode == 0, types.stdout + types.stderr
    if warning is not None:
        out = _run(root, USES.replace("{listed}", listed).replace("{kind}", "list"))
        assert isinstance(out, dict) and out["star"] == []
        message = f"pkg.src.moved has moved to pkg.target.moved; {warning}"
        assert [m for m, _ in out["attribute"]] == [message]
