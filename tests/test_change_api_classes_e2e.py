"""change-api on a class, end to end on a sample project (issue 14): plan, then every step
applied with the project's own tests under warnings-as-errors. The class is renamed with its own
references (a doctest, a string annotation); imports, a subclass, an attribute chain, ``cast``
and a forward reference in another module follow; the package's re-export serves the old name
with a warning from the deprecate step on, while a type checker still reads its real type; after
contract nothing of the old name is left."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from tests.conftest import apply_every_step, commit_and_plan, write_files

CONFIG = """
[campaign]
name = "rename"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules"]

[[refactor]]
id = "square-to-quad"
kind = "change-api"
old = "pkg.shapes.Square"
new = "pkg.shapes.Quad"
"""

FILES = {
    "refcoord.toml": CONFIG,
    "pkg/__init__.py": """
        from pkg.shapes import Square, area

        __all__ = ["Square", "area"]
    """,
    "pkg/shapes.py": '''
        class Square:
            """A square.

            >>> Square(2).area()
            4
            """

            def __init__(self, side: int) -> None:
                self.side = side

            def area(self) -> int:
                return self.side * self.side


        def area(shape: "Square") -> int:
            return shape.area()
    ''',
    "pkg/cubes.py": """
        from typing import Optional, cast

        from pkg import shapes
        from pkg.shapes import Square


        class Cube(Square):
            def volume(self) -> int:
                return self.side**3

            def area(self) -> int:  # through super(): not a use of the class's name
                return 6 * super().area()


        def make(n: int) -> "Optional[Square]":
            return cast("Square", shapes.Square(n))
    """,
    "tests/test_shapes.py": """
        import pkg
        from pkg.cubes import Cube, make
        from pkg.shapes import Square


        def test_shapes():
            assert Square(3).area() == 9
            assert pkg.area(make(2)) == 4
            assert Cube(2).volume() == 8
            assert isinstance(Cube(1), Square)
    """,
    "pytest.ini": "[pytest]\nfilterwarnings = error\n",
}

#: outside code, as a user of the package writes it: mypy must keep the class's type
USER = """
from pkg import Square

def side(s: Square) -> int:
    return s.side
"""


@pytest.mark.slow
def test_a_class_renamed_stays_green_at_every_step(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan = commit_and_plan(repo, "a class to rename")
    assert plan.steps[0].phase == "expand"
    assert not [s for step in plan.steps for s in step.sites if s.action == "review"]

    def old_name_typed_while_served(applied: Applied) -> None:
        if applied.step.phase != "deprecate":
            return
        (repo / "user.py").write_text(USER)
        mypy = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "user.py", "pkg/__init__.py"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        (repo / "user.py").unlink()
        assert mypy.returncode == 0, mypy.stdout
        warned = subprocess.run(
            [sys.executable, "-W", "error::DeprecationWarning", "-c", "import pkg; pkg.Square"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "pkg.shapes.Square is deprecated: use pkg.shapes.Quad instead" in warned.stderr

    applied = apply_every_step(repo, each=old_name_typed_while_served)
    phases = [a.step.phase for a in applied]
    assert phases == ["expand", *["migrate"] * (len(phases) - 3), "deprecate", "contract"]
    for path in ("pkg/__init__.py", "pkg/shapes.py", "pkg/cubes.py", "tests/test_shapes.py"):
        assert "Square" not in (repo / path).read_text(), path
    shapes = (repo / "pkg" / "shapes.py").read_text()
    assert ">>> Quad(2).area()" in shapes
    assert 'def area(shape: "Quad") -> int:' in shapes
    cubes = (repo / "pkg" / "cubes.py").read_text()
    assert 'return cast("Quad", shapes.Quad(n))' in cubes
    assert not (repo / "tests" / "test_refcoord_square_to_quad.py").exists()


PICKLED_CONFIG = CONFIG.replace("square-to-quad", "money-to-cash").replace(
    'old = "pkg.shapes.Square"\nnew = "pkg.shapes.Quad"',
    'old = "pkg.money.Money"\nnew = "pkg.money.Cash"',
)

PICKLED_FILES = {
    "refcoord.toml": PICKLED_CONFIG,
    "pkg/__init__.py": """
        from pkg.money import Money

        __all__ = ["Money"]
    """,
    "pkg/money.py": """
        class Money:
            def __init__(self, cents: int) -> None:
                self.cents = cents

            def __reduce__(self) -> tuple[object, ...]:
                return (Money, (self.cents,))
    """,
    "tests/test_money.py": """
        import pathlib
        import pickle

        from pkg.money import Money

        OLD = pathlib.Path(__file__).with_name("old.pickle")


        def test_a_pickle_made_before_the_rename_still_loads():
            loaded = pickle.loads(OLD.read_bytes())
            assert isinstance(loaded, Money) and loaded.cents == 5


        def test_round_trip():
            assert pickle.loads(pickle.dumps(Money(7))).cents == 7
    """,
    "pytest.ini": "[pytest]\nfilterwarnings = error\n",
}


@pytest.mark.slow
def test_a_class_made_to_be_pickled_keeps_its_old_name_for_old_pickles(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", PICKLED_FILES)
    made = "import pickle, pkg.money; print(pickle.dumps(pkg.money.Money(5)).hex())"
    dumped = subprocess.run(
        [sys.executable, "-c", made], cwd=repo, capture_output=True, text=True, check=True
    )
    (repo / "tests" / "old.pickle").write_bytes(bytes.fromhex(dumped.stdout.strip()))
    plan = commit_and_plan(repo, "a pickled class to rename")
    assert not [s for step in plan.steps for s in step.sites if s.action == "review"]
    deprecate, contract = plan.steps[-2:]  # what PLAN.md says is what happens (found in review)
    assert "kept for old pickles" in deprecate.title
    assert contract.title.startswith("Keep pkg.money.Money for old pickles alone")
    assert not contract.rollback.point_of_no_return
    assert not [r for r in contract.risk.risk.reasons if "break" in r]
    assert "tests/test_refcoord_money_to_cash.py" not in contract.files

    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-2:] == ["deprecate", "contract"]
    money = (repo / "pkg" / "money.py").read_text()
    assert "class Cash:" in money and "return (Cash, (self.cents,))" in money
    assert "# refcoord: kept for old pickles, which name Money\nMoney = Cash\n" in money
    assert "\nMoney = Cash\n" in money and "code moves to" not in money
    assert "Money" not in (repo / "pkg" / "__init__.py").read_text()
    assert "Money" not in (repo / "tests" / "test_money.py").read_text()
    kept = repo / "tests" / "test_refcoord_money_to_cash.py"
    assert "still_reads_as_cash_for_pickles" in kept.read_text()
    loads = "import pickle, pathlib; print(type(pickle.loads(pathlib.Path('tests/old.pickle')"
    loaded = subprocess.run(
        [sys.executable, "-W", "error", "-c", loads + ".read_bytes())).__name__)"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.stdout.strip() == "Cash", loaded.stderr


@pytest.mark.slow
def test_attributes_read_on_instances_are_not_uses_of_the_class_s_name(tmp_path: Path) -> None:
    """The change-api gauntlet's packaging and semver: ``parsed._pre != spec._pre`` (an
    attribute read on an instance, compared) and ``map(square.scaled, sizes)`` (a method of an
    instance passed on) are not spelled with the class's name; a reason the index gave such a
    read took the place of "on an instance of", the plan listed them as uses to rename, and
    migrate found the plan stale."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG,
            "pkg/__init__.py": "",
            "pkg/shapes.py": """
                class Square:
                    def __init__(self, side):
                        self.side = side

                    def scaled(self, by):
                        return Square(self.side * by)
            """,
            "pkg/use.py": """
                from pkg.shapes import Square


                def same(a: Square, b: Square):
                    return a.side == b.side


                def sizes(square: Square):
                    return [s.side for s in map(square.scaled, [1, 2])]
            """,
        },
    )
    plan = commit_and_plan(repo, "instances' attributes read")
    lines = sorted(s.line for step in plan.steps for s in step.sites if s.path == "pkg/use.py")
    assert lines == [1, 4, 4, 8]  # the import and the annotations: the class's name
