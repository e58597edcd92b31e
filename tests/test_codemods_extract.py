"""The extract-module codemods beyond their before/after cases, which live beside them in
``refcoord_codemods/extract_module/cases/`` and run in ``tests/test_codemod_cases.py``: what
holds for every migrate case, the no-op round trip over a corpus of odd files, the helpers that
say what a star import brings, and the behaviour of expanded, deprecated and contracted modules
in a fresh interpreter (CORRECTNESS.md: "Rewriting imports", "Text and files", "Moved code reads
globals").
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path
from typing import Any

import pytest

from refactor_coord.rewrite import repoint as extract_migrate
from refactor_coord.rewrite.args import parse_args
from refactor_coord.rewrite.cases import Case, cases_of, step_input
from refactor_coord.rewrite.dunder_all import star_exports
from refactor_coord.rewrite.repoint import migrate
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.shim import contract, deprecate, shim_code, shim_table
from refcoord_codemods.extract_module.star_all import StarNames, star_names
from refcoord_codemods.extract_module.steps import ExtractMigrate, MigrateArgs
from tests.conftest import write_files

ROUNDTRIP = Path(__file__).parent / "assets" / "roundtrip"

# ------------------------------------------------------------------------------------------------
# migrate: one importer file
# ------------------------------------------------------------------------------------------------

MIGRATED = [case for case in cases_of(ExtractMigrate) if case.refused is None]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in MIGRATED])
def test_migrate_by_pieces_matches_migrating_the_whole_module(case: Case) -> None:
    """Parsing only the statements that mention a moved name (inside classes and functions too)
    gives the same file as rewriting the whole module with libcst (every migrate case)."""
    given = step_input(ExtractMigrate, case)
    args = parse_args(MigrateArgs, case.args)
    assert isinstance(args, MigrateArgs), args
    path = given.step.files[0]
    code, source_path = given.read(path), given.path_of(args.source)
    source_code = given.read(source_path) if source_path else None
    table = shim_table(source_code or "")
    assert code is not None and source_code is not None and table is not None
    names = sorted(table)
    star = star_exports(source_code, names)
    module, is_package = given.module_of(path)
    spec = extract_migrate._make_spec(module, is_package, args.source, args.target, names, star)
    text = code.removeprefix("\ufeff")
    tree = extract_migrate.parse_ast(text)
    lines = text.splitlines(keepends=True)
    assert (
        extract_migrate._pieces(tree, lines, spec) is not None or not lines or "import *" in text
    )
    whole = extract_migrate._migrate_whole(text, code, spec, tree)
    assert isinstance(whole, str), whole
    assert migrate(code, module, is_package, args.source, args.target, names, star) == (
        code[: len(code) - len(text)] + whole if whole != text else code
    )


def _roundtrip_files() -> list[Path]:
    return sorted(ROUNDTRIP.glob("*.py"))


def test_roundtrip_corpus_is_large_enough() -> None:
    assert len(_roundtrip_files()) >= 12
    raw = {p.name: p.read_bytes() for p in _roundtrip_files()}
    assert b"\r\n" in raw["crlf_endings.py"]
    assert raw["utf8_bom.py"].startswith(b"\xef\xbb\xbf")
    assert b"coding: latin-1" in raw["latin1_cookie.py"]
    assert b"\t" in raw["tabs.py"]
    assert raw["empty.py"] == b""


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in _roundtrip_files()])
def test_migrate_no_op_round_trip(path: Path) -> None:
    """A file that does not use the moved names comes back byte-identical."""
    data = path.read_bytes()
    with path.open("rb") as fh:
        encoding, _ = tokenize.detect_encoding(fh.readline)
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # keep the BOM in the text
    with path.open(encoding=encoding, newline="") as fh:  # no newline translation
        text = fh.read()
    result = migrate(text, "m", False, "nowhere.mod", "other.mod", ["x"])
    assert result == text
    assert isinstance(result, str) and result.encode(encoding) == data


# ------------------------------------------------------------------------------------------------
# what a star import brings; the shim's text
# ------------------------------------------------------------------------------------------------

STAR_EXPORTS: list[tuple[str, str, list[str]]] = [
    ("literal_list", '__all__ = ["a", "_p"]\n', ["_p", "a"]),
    ("literal_tuple_annotated", '__all__: tuple[str, ...] = ("b",)\n', ["b"]),
    (
        "extended",
        '__all__ = ["a"]\n__all__ += ["b"]\n__all__.extend(("c",))\n__all__.append("_p")\n',
        ["_p", "a", "b", "c"],
    ),
    ("sum_of_literals", '__all__ = ["a"] + ["b"]\n', ["a", "b"]),
    ("reassigned", '__all__ = ["a"]\n__all__ = ["b"]\n', ["b"]),
    ("no_all", "x = 1\n", ["a", "b", "c"]),
    ("computed", '__all__ = [n for n in dir() if n != "b"]\n', ["a", "b", "c"]),
    (
        "extended_with_a_computed_list",
        '__all__ = ["a"]\n__all__ += other.__all__\n',
        ["a", "b", "c"],
    ),
    ("bom_and_crlf", '\ufeff__all__ = [\r\n    "c",\r\n]\r\n', ["c"]),
]


@pytest.mark.parametrize(
    ("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in STAR_EXPORTS]
)
def test_star_exports(source: str, expected: list[str]) -> None:
    """A star import brings what a literal ``__all__`` lists, else the public names."""
    assert star_exports(source, ["a", "b", "c", "_p"]) == expected


#: (code, public names bound on every path, on some paths only), as Python binds them
STAR_NAMES_CASES: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "definitions_and_targets",
        (
            "def f(): ...\nasync def g(): ...\nclass C: ...\na, (b, *c) = 1, (2, 3)\n"
            "d: int = 1\ne: int\nx.attr = 1\nitems[0] = 1\n"
        ),
        ("C", "a", "b", "c", "d", "f", "g"),
        (),
    ),
    (
        "imports",
        (
            "import os.path\nimport numpy as np\nfrom json import dumps as _dumps, loads\n"
            "from __future__ import annotations\n"
        ),
        ("loads", "np", "os"),
        (),
    ),
    (
        "walrus_at_the_top_and_in_a_comprehension_not_in_a_lambda",
        "print(n := 1)\n[y := v for v in range(2)]\nf = lambda: (z := 1)\n",
        ("f", "n", "y"),
        (),
    ),
    (
        "if_binds_surely_only_on_both_branches",
        "if c:\n    a = b = 1\nelif d:\n    a = 2\nelse:\n    a = 3\n",
        ("a",),
        ("b",),
    ),
    (
        "try_except_else_finally",
        (
            "try:\n    import a\n    t = 1\nexcept ImportError as err:\n    a = None\n"
            "else:\n    e = 1\nfinally:\n    f = 1\n"
        ),
        ("a", "f"),
        ("e", "t"),
    ),
    (
        "loops_may_not_run",
        "for i in x:\n    a = 1\nelse:\n    b = 1\nwhile w:\n    c = 1\n",
        (),
        ("a", "b", "c", "i"),
    ),
    (
        "with_targets_surely_its_body_maybe",
        "with open(p) as fh, lock:\n    data = fh.read()\n",
        ("fh",),
        ("data",),
    ),
    ("del_unbinds", "a = b = 1\nif c:\n    del a\ndel b\n", (), ("a",)),
    (
        "match_cases",
        "match v:\n    case [x, *rest]:\n        a = 1\n    case {'k': y, **kw}:\n        a = 2\n",
        (),
        ("a", "kw", "rest", "x", "y"),
    ),
]


@pytest.mark.parametrize(
    ("code", "sure", "maybe"), [pytest.param(c, s, m, id=i) for i, c, s, m in STAR_NAMES_CASES]
)
def test_star_names_follow_how_python_binds_globals(
    code: str, sure: tuple[str, ...], maybe: tuple[str, ...]
) -> None:
    assert star_names(code, "pkg.src", False) == StarNames(sure, maybe)


def test_warning_shim_imports_are_one_block() -> None:
    code = shim_code({"moved": "pkg.target"}, "import it from there")
    assert (
        "    if name in _REFCOORD_MOVED:\n        import importlib\n        import inspect\n"
        "        import warnings\n\n        # Not a use of a moved name"
    ) in code
    assert (
        "    if name in _REFCOORD_MOVED:\n        import importlib\n\n        return "
        in shim_code({"moved": "pkg.target"}, None)
    )


def test_deprecate_and_contract_keep_a_bom() -> None:
    """The functions keep a BOM (the step codemods never see one: ``apply`` reads such a file
    as utf-8-sig, and writes it back with its BOM)."""
    head = "\ufeffX = 1\r\n\r\n\r\n"
    silent, warning = (
        shim_code({"moved": "pkg.target"}, warning).replace("\n", "\r\n")
        for warning in (None, "w")
    )
    warned = deprecate(head + silent, "w")
    declared = (
        "if TYPE_CHECKING:\r\n    from pkg.target import moved as moved  # noqa: PLC0414\r\n\r\n"
    )
    assert warned == f"\ufefffrom typing import TYPE_CHECKING\r\n\r\n{declared}{head[1:]}{warning}"
    assert contract(warned) == "\ufeffX = 1\r\n"


# ------------------------------------------------------------------------------------------------
# behaviour: the expanded package imports and runs
# ------------------------------------------------------------------------------------------------

SOURCE = '''\
"""The grab-bag module."""

from __future__ import annotations

import json

__all__ = ["LIMIT", "moved", "stay", "DOUBLE"]

CONST = 3


def _helper(x: int) -> int:
    return x * CONST


def moved(x: int) -> str:
    """Moves."""
    return json.dumps(_helper(x) + LIMIT)


LIMIT = 10
DOUBLE = LIMIT * 2


def stay() -> str:
    return moved(1)
'''


def write_package(root: Path) -> Expanded:
    """``pkg.src`` (``SOURCE``) expanded into ``pkg.target`` under ``root``."""
    result = expand(SOURCE, "pkg.src", False, "pkg.target", ["moved", "LIMIT"], None)
    assert isinstance(result, Expanded), result
    assert result.helpers == ("_helper",)
    files = {"pkg/__init__.py": "", "pkg/src.py": result.source, "pkg/target.py": result.target}
    write_files(root, files, dedent=False)
    return result


def run(root: Path, code: str) -> Any:
    """Run ``code`` in a fresh interpreter with ``root`` on the path; returns what it prints
    (JSON)."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("first", ["pkg.src", "pkg.target"])
def test_expanded_package_imports_in_either_order(tmp_path: Path, first: str) -> None:
    write_package(tmp_path)
    out = run(
        tmp_path,
        f"""
        import json
        import {first}
        import pkg.src, pkg.target
        from pkg.src import moved, LIMIT
        star = {{}}
        exec("from pkg.src import *", star)
        print(json.dumps({{
            "same": moved is pkg.target.moved and pkg.src.moved is pkg.target.moved,
            "limit": LIMIT,
            "double": pkg.src.DOUBLE,
            "stay": pkg.src.stay(),
            "star": sorted(k for k in star if not k.startswith("__")),
            "helper_served": pkg.src._helper is pkg.target._helper,
        }}))
        """,
    )
    assert out == {
        "same": True,
        "limit": 10,
        "double": 20,
        "stay": "13",
        "helper_served": True,
        "star": ["DOUBLE", "LIMIT", "moved", "stay"],
    }


def test_patching_a_source_global_still_affects_moved_code(tmp_path: Path) -> None:
    write_package(tmp_path)
    out = run(
        tmp_path,
        """
        import json
        import pkg.src
        from pkg.target import moved
        before = moved(1)
        pkg.src.CONST = 100  # what monkeypatch.setattr(pkg.src, "CONST", 100) does
        print(json.dumps([before, moved(1), pkg.src.stay()]))
        """,
    )
    assert out == ["13", "110", "110"]


def test_deprecated_shim_warns_at_the_caller(tmp_path: Path) -> None:
    result = write_package(tmp_path)
    warned = deprecate(result.source, "import it from there (it will be removed in 2.0)")
    assert isinstance(warned, str)
    write_files(tmp_path, {"pkg/src.py": warned}, dedent=False)
    write_files(
        tmp_path,
        {
            "caller.py": """
            import warnings


            def use():
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    import pkg.src
                    value = pkg.src.moved
                    from pkg.src import LIMIT
                    pkg.src.stay()  # the source's own code does not warn
                return value, LIMIT, caught
            """
        },
    )
    out = run(
        tmp_path,
        """
        import json
        import caller
        import pkg.target
        value, limit, caught = caller.use()
        print(json.dumps({
            "same": value is pkg.target.moved and limit == 10,
            "warnings": [(w.category.__name__, str(w.message), w.filename) for w in caught],
        }))
        """,
    )
    assert out["same"] is True
    assert out["warnings"] == [
        [
            "DeprecationWarning",
            (
                f"pkg.src.{name} has moved to pkg.target.{name}; import it from there "
                "(it will be removed in 2.0)"
            ),
            str(tmp_path / "caller.py"),
        ]
        for name in ("moved", "LIMIT")
    ]


def test_contracted_module_no_longer_serves_moved_names(tmp_path: Path) -> None:
    result = write_package(tmp_path)
    contracted = contract(result.source)
    assert isinstance(contracted, str)
    write_files(tmp_path, {"pkg/src.py": contracted}, dedent=False)
    out = run(
        tmp_path,
        """
        import json
        import pkg.src
        try:
            pkg.src.moved
        except AttributeError as error:
            missing = str(error)
        else:
            missing = ""
        print(json.dumps({"missing": missing, "all": pkg.src.__all__, "double": pkg.src.DOUBLE,
                          "stay": pkg.src.stay()}))
        """,
    )
    assert out == {
        "missing": "module 'pkg.src' has no attribute 'moved'",
        "all": ["stay", "DOUBLE"],
        "double": 20,
        "stay": "13",
    }


def test_a_package_star_reexport_publishes_only_what_the_source_exported(tmp_path: Path) -> None:
    """toolz: moving ``first`` and ``getter`` (not in ``__all__``) out of ``toolz.itertoolz`` must
    not make ``toolz.getter`` public through ``from .itertoolz import *`` in ``toolz/__init__``."""
    source = (
        '__all__ = ["first", "stay"]\n\n\ndef first():\n    return 1\n\n\n'
        "def getter():\n    return 2\n\n\ndef stay():\n    return 3\n"
    )
    result = expand(source, "pkg.src", False, "pkg.target", ["first", "getter"], None)
    assert isinstance(result, Expanded), result
    star = star_exports(result.source, result.moved)
    assert star == ["first"]
    init = migrate(
        "from .src import *\n", "pkg", True, "pkg.src", "pkg.target", result.moved, star
    )
    # the file does not use ``first``: it imports it to re-export it, and says so (issue 13)
    assert init == "from .src import *\nfrom .target import first as first\n"
    files = {"pkg/__init__.py": init, "pkg/src.py": result.source, "pkg/target.py": result.target}
    write_files(tmp_path, files, dedent=False)
    out = run(
        tmp_path,
        """
        import json
        import pkg
        print(json.dumps(
            {"first": pkg.first(), "getter": hasattr(pkg, "getter"), "stay": pkg.stay()}
        ))
        """,
    )
    assert out == {"first": 1, "getter": False, "stay": 3}


SOURCE_NO_ALL = """\
import os
import re

try:
    from lxml import etree
except ImportError:
    pass

if os.sep == "\\\\":
    WINDOWS = True

for _i in range(1):
    LOOP = _i
del _i

CONST = 1


def moved(x):
    return re.sub("a", "b", x)


def keep():
    return moved("a")


def _private():
    return 1
"""

STAR_NAMES = """
    import json
    namespace = {}
    exec("from pkg.src import *", namespace)
    print(json.dumps(sorted(k for k in namespace if k != "__builtins__")))
    """


def test_a_star_import_of_a_source_without_all_brings_the_same_names_through_every_step(
    tmp_path: Path,
) -> None:
    result = expand(
        SOURCE_NO_ALL, "pkg.src", False, "pkg.target", ["moved"], None, star_imported=True
    )
    assert isinstance(result, Expanded), result
    warned = deprecate(result.source, "import it from there")
    assert isinstance(warned, str)
    contracted = contract(warned)
    assert isinstance(contracted, str)
    files = {"pkg/__init__.py": "", "pkg/src.py": SOURCE_NO_ALL}
    before = run(write_files(tmp_path / "before", files, dedent=False), STAR_NAMES)
    assert "moved" in before and "re" in before and "LOOP" in before and "WINDOWS" not in before
    for step, source in {
        "expand": result.source,
        "deprecate": warned,
        "contract": contracted,
    }.items():
        files = {"pkg/__init__.py": "", "pkg/src.py": source, "pkg/target.py": result.target}
        root = write_files(tmp_path / step, files, dedent=False)
        brought = run(root, STAR_NAMES)  # with -W error: the deprecated shim does not warn here
        assert brought == (
            [n for n in before if n != "moved"] if step == "contract" else before
        ), step
    assert re.search(
        r"if _name in globals\(\)\n?\]\n\n\n# refcoord shim", result.source
    )  # after the module's own code


def test_a_deprecated_package_source_warns_once_at_the_caller_and_not_for_star_imports(
    tmp_path: Path,
) -> None:
    """A package's star import and ``from pkg import name`` also go through the import system's
    ``hasattr`` check, which reaches ``__getattr__`` from importlib's frame: that is no use."""
    source = "import os\n\n\ndef moved():\n    return os.sep\n\n\ndef keep():\n    return 1\n"
    result = expand(source, "pkg", True, "pkg.target", ["moved"], None, star_imported=True)
    assert isinstance(result, Expanded), result
    warned = deprecate(result.source, "import it from there")
    assert isinstance(warned, str) and '__all__ = ["keep", "moved", "os"]' in warned
    caller = textwrap.dedent("""
        import warnings


        def use():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                from pkg import moved
            return moved, [(str(w.message), w.filename) for w in caught]
        """)
    files = {"pkg/__init__.py": warned, "pkg/target.py": result.target, "caller.py": caller}
    root = write_files(tmp_path, files, dedent=False)
    out = run(
        root,
        """
        import json
        from pkg import *
        import caller
        used, caught = caller.use()
        print(json.dumps({"star": moved() == keep.__globals__["os"].sep, "same": used is moved,
                          "caught": caught}))
        """,
    )
    assert out == {
        "star": True,
        "same": True,
        "caught": [
            [
                "pkg.moved has moved to pkg.target.moved; import it from there",
                str(tmp_path / "caller.py"),
            ]
        ],
    }


def test_migrate_runs_as_a_libcst_codemod_command() -> None:
    from libcst.codemod import CodemodContext, TransformSkip, TransformSuccess, transform_module

    from refcoord_codemods.extract_module.commands import (
        ExtractContractCommand,
        ExtractMigrateCommand,
    )

    context = CodemodContext(full_module_name="app.views")
    command = ExtractMigrateCommand(context, "app.utils", "app.text", ["slugify"])
    result = transform_module(command, "from app.utils import slugify, other\n")
    assert isinstance(result, TransformSuccess)
    assert result.code == "from app.utils import other\nfrom app.text import slugify\n"
    skipped = transform_module(ExtractContractCommand(CodemodContext()), "x = 1\n")
    assert isinstance(skipped, TransformSkip)
    assert "no refcoord shim" in skipped.skip_description
