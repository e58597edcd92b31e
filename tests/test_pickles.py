"""Pickles name classes and functions by module (issue 12, found by the gauntlet on packaging):
a class made to be pickled stays bound at the old location for good, with the reconstructor its
hooks name, so that pickles made before the move load at every step, contract included."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactor_coord.rewrite.pickling import pickled_names
from refactor_coord.rewrite.style import Style
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.pickles import (
    KEPT_NOTE,
    kept_for_pickles,
    with_pickled_names_kept,
)
from tests.conftest import apply_every_step, commit_and_plan, extract_config, write_files

SOURCE = textwrap.dedent(
    """
    def _restore(cls, state):
        obj = cls.__new__(cls)
        obj.x, obj.y = state
        return obj


    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

        def __reduce__(self):
            return (_restore, (type(self), (self.x, self.y)))


    class Plain:
        pass


    def origin():
        return Point(0, 0)
    """
).lstrip()


def test_a_class_with_pickling_hooks_and_its_reconstructor_are_pickled_names() -> None:
    moved = frozenset({"_restore", "Point", "Plain"})
    assert pickled_names(SOURCE, moved) == ("Point", "_restore")


def test_a_class_registered_with_copyreg_is_a_pickled_name() -> None:
    code = "import copyreg\n\n\nclass P:\n    pass\n\n\ndef _red(p):\n    return P, ()\n\n\n"
    code += "copyreg.pickle(P, _red)\n"
    assert pickled_names(code, frozenset({"P", "_red"})) == ("P", "_red")


def test_expand_keeps_them_bound_at_the_old_location() -> None:
    result = expand(SOURCE, "pkg.geo", False, "pkg.shapes", ["Point", "Plain"], None)
    assert isinstance(result, Expanded), result
    kept = with_pickled_names_kept(result, SOURCE, "pkg.geo", "pkg.shapes")
    assert kept.source.endswith(f"from pkg.shapes import Point, _restore  {KEPT_NOTE}\n")
    assert kept_for_pickles(kept.source) == {"Point", "_restore"}


@pytest.mark.slow
def test_a_pickle_made_before_the_move_loads_at_every_step(tmp_path: Path) -> None:
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("pickles", "pkg.geo", "pkg.shapes", ["Point"]),
            "pkg/__init__.py": "",
            "pkg/geo.py": SOURCE,
            "pkg/app.py": "from pkg.geo import Point\n\n\ndef unit():\n    return Point(1, 1)\n",
            "tests/test_app.py": textwrap.dedent(
                """
                import pathlib
                import pickle

                from pkg.app import unit


                def test_an_old_pickle_loads():
                    old = (pathlib.Path(__file__).parent / "point.pickle").read_bytes()
                    assert pickle.loads(old).x == 1


                def test_a_new_pickle_round_trips():
                    assert pickle.loads(pickle.dumps(unit())).y == 1
                """
            ),
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    made = "import pickle, pkg.geo; print(pickle.dumps(pkg.geo.Point(1, 2), 0).hex())"
    blob = subprocess.run(
        [sys.executable, "-c", made], cwd=repo, capture_output=True, text=True, check=True
    )
    assert b"pkg.geo" in bytes.fromhex(blob.stdout.strip())  # it names the old location
    (repo / "tests" / "point.pickle").write_bytes(bytes.fromhex(blob.stdout.strip()))
    commit_and_plan(repo, "a class its users pickle")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract"
    assert KEPT_NOTE in (repo / "pkg" / "geo.py").read_text()


def test_a_long_kept_import_is_wrapped_and_still_read_back() -> None:
    result = expand(SOURCE, "pkg.geo", False, "pkg.shapes", ["Point", "Plain"], None)
    assert isinstance(result, Expanded), result
    kept = with_pickled_names_kept(result, SOURCE, "pkg.geo", "pkg.shapes", Style(line_length=40))
    assert kept.source.endswith(
        f"from pkg.shapes import (  {KEPT_NOTE}\n    Point,\n    _restore,\n)\n"
    )
    assert kept_for_pickles(kept.source) == {"Point", "_restore"}


@pytest.mark.slow
def test_the_target_binds_them_when_it_needs_the_source_first(tmp_path: Path) -> None:
    # Point's body reads a constant that stays in the source while it is imported, so the
    # target imports the source at its top (found by the gauntlet on packaging, twice)
    source = "ORIGIN_X = 0\n\n\n" + SOURCE.replace(
        "class Point:\n", "class Point:\n    zero = ORIGIN_X\n\n"
    )
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": extract_config("pickles", "pkg.geo", "pkg.shapes", ["Point"]),
            "pkg/__init__.py": "",
            "pkg/geo.py": source,
            "tests/test_geo.py": textwrap.dedent(
                """
                import pathlib
                import pickle


                def test_an_old_pickle_loads():
                    old = (pathlib.Path(__file__).parent / "point.pickle").read_bytes()
                    assert pickle.loads(old).x == 1


                def test_either_module_may_be_imported_first():
                    import pkg.shapes
                    import pkg.geo

                    assert pkg.geo.Point is pkg.shapes.Point
                """
            ),
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    made = "import pickle, pkg.geo; print(pickle.dumps(pkg.geo.Point(1, 2), 0).hex())"
    blob = subprocess.run(
        [sys.executable, "-c", made], cwd=repo, capture_output=True, text=True, check=True
    )
    (repo / "tests" / "point.pickle").write_bytes(bytes.fromhex(blob.stdout.strip()))
    commit_and_plan(repo, "a pickled class whose body reads the source")
    phases = [applied.step.phase for applied in apply_every_step(repo)]
    assert phases[0] == "expand" and phases[-1] == "contract"
    assert 'vars(_geo)["Point"] = Point\n' in (repo / "pkg" / "shapes.py").read_text()
    for first in ("pkg.shapes", "pkg.geo"):  # a fresh interpreter, either import order
        ran = subprocess.run(
            [sys.executable, "-W", "error", "-c",
             f"import {first}, pkg.geo, pickle; pickle.loads(pickle.dumps(pkg.geo.Point(1, 1)))"],
            cwd=repo, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert ran.returncode == 0, ran.stderr


def test_a_source_importing_the_target_already_gets_no_second_import() -> None:
    """The gauntlet (packaging): the source imported the target at its end for its own code, and
    the pickles' import of it came again (ruff's F811); that import does the binding, and a note
    records the names."""
    source = (
        "BASE = 2\n\n\nclass Point:\n    scale = BASE\n\n    def __reduce__(self):\n"
        "        return (Point, ())\n\n\ndef origin():\n    return Point()\n"
    )
    expanded = expand(source, "pkg.geo", False, "pkg.shapes", ["Point"], None)
    assert isinstance(expanded, Expanded)
    kept = with_pickled_names_kept(expanded, source, "pkg.geo", "pkg.shapes")
    assert kept.source.count("import pkg.shapes as _shapes") == 1
    assert kept.source.endswith("\n# refcoord: kept here for pickles: binds Point\n")
    assert kept_for_pickles(kept.source) == {"Point"}
    assert kept.target.endswith('vars(_geo)["Point"] = Point\n')
