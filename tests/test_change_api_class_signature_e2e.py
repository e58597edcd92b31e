"""change-api re-signing a class, end to end on a sample project (issue 14): plan, then every
step applied with the project's own tests (doctests too) under warnings-as-errors. The class is
renamed and its ``__init__`` re-signed (a parameter renamed and made keyword-only); the defining
module builds the new class from expand on, while another module checks instances with
``isinstance`` against the old name until its migrate step: the shim's metaclass makes the
check hold for instances built either way. A module that catches a re-signed exception
(``except``, which asks no metaclass) moves with expand. During the window, code outside the
repository keeps building the old name with the old arguments and subclassing it; after
contract nothing of the old name is left. A subclass in the repository whose own ``__init__``
passes the base's arguments follows it; one without an ``__init__`` of its own is left for
review, and the step that makes the old name warn waits for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from refactor_coord.domain.errors import ApplyRefused
from refactor_coord.domain.subclass_inits import SUBCLASS_FOLLOWS
from refactor_coord.domain.type_positions import CAUGHT
from refactor_coord.planning.sites import STARS_BIND_ALIKE, SUBCLASSED
from tests.conftest import apply_every_step, commit_and_plan, write_files

CONFIG = """
[campaign]
name = "resign"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules"]

[[refactor]]
id = "square-to-quad"
kind = "change-api"
old = "pkg.shapes.Square"
new = "pkg.shapes.Quad"
signature = "(side: float, *, color: str = 'red') -> None"
rename_params = { colour = "color" }
"""

FILES = {
    "refcoord.toml": CONFIG,
    "pytest.ini": "[pytest]\nfilterwarnings = error\n",
    "pkg/__init__.py": """
        from pkg.shapes import Square, unit

        __all__ = ["Square", "unit"]
    """,
    "pkg/shapes.py": '''
        class Square:
            """A square.

            >>> Square(2, "blue").colour
            'blue'
            """

            def __init__(self, side: float, colour: str = "red") -> None:
                self.side = side
                self.colour = colour

            def area(self) -> float:
                return self.side * self.side


        def unit(colour: str = "blue") -> Square:
            return Square(1, colour)
    ''',
    "pkg/checks.py": """
        from pkg import Square


        def is_square(x: object) -> bool:
            return isinstance(x, Square)
    """,
    "pkg/shop.py": """
        from pkg.shapes import Square


        def tiles(n: int) -> list[Square]:
            return [Square(n, "grey") for _ in range(n)]
    """,
    "tests/test_shapes.py": """
        from pkg import unit
        from pkg.checks import is_square
        from pkg.shop import tiles


        def test_built_anywhere_is_a_square():
            assert is_square(unit()) and unit().colour == "blue"
            assert all(is_square(t) and t.colour == "grey" for t in tiles(2))
    """,
}

#: code outside the repository, run during the window: the old name with the old arguments,
#: subclassed with the old arguments passed to super().__init__, and checked (an instance the
#: project builds as the new class is one of the old name's too)
OUTSIDE = """
import pkg.shapes as s

class Mine(s.Square):
    def __init__(self, side):
        super().__init__(side, "gold")

old, mine = s.Square(3, "blue"), Mine(2)
assert (old.colour, old.area(), mine.colour, mine.area()) == ("blue", 9, "gold", 4)
assert isinstance(old, s.Square) and isinstance(mine, s.Quad)
# what the project now builds as Quad is still a Square to code that checks the old name
assert isinstance(s.unit(), s.Square) and issubclass(s.Quad, s.Square)
assert not isinstance(s.unit(), Mine)
"""


@pytest.mark.slow
def test_a_class_re_signed_stays_green_at_every_step(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan = commit_and_plan(repo, "a class to re-sign")
    expand = plan.steps[0]
    # isinstance asks the shim's metaclass: the module checking the class migrates later,
    # while the defining module builds the new class from expand on
    assert expand.phase == "expand" and "pkg/checks.py" not in expand.files
    assert not [s for step in plan.steps for s in step.sites if s.action == "review"]

    def old_calls_keep_working_in_the_window(applied: Applied) -> None:
        if applied.step.phase == "contract":
            return
        outside = subprocess.run(
            [sys.executable, "-W", "ignore::DeprecationWarning", "-c", OUTSIDE],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        assert outside.returncode == 0, (applied.step.phase, outside.stderr)

    applied = apply_every_step(repo, each=old_calls_keep_working_in_the_window)
    assert [a.step.phase for a in applied][-2:] == ["deprecate", "contract"]
    for path in ("pkg/__init__.py", "pkg/shapes.py", "pkg/checks.py", "pkg/shop.py"):
        assert "Square" not in (repo / path).read_text(), path
    shapes = (repo / "pkg" / "shapes.py").read_text()
    assert 'def __init__(self, side: float, *, color: str = "red") -> None:' in shapes
    assert '>>> Quad(2, color="blue").colour' in shapes
    assert "return Quad(1, color=colour)" in shapes
    assert 'return [Quad(n, color="grey")' in (repo / "pkg" / "shop.py").read_text()
    assert not (repo / "tests" / "test_refcoord_square_to_quad.py").exists()


@pytest.mark.slow
def test_a_subclass_with_its_own_init_follows_and_one_without_waits_for_review(
    tmp_path: Path,
) -> None:
    """``Tile`` passes the base's arguments by ``super().__init__``: it follows (its base
    renamed, the call rebound) and stays green; ``Plain`` has no ``__init__`` of its own, so
    its callers pass the base's old arguments: it is left for review, and the step that makes
    the old name warn waits for it."""
    files = {
        **FILES,
        "pkg/tiles.py": """
            from pkg.shapes import Square


            class Tile(Square):
                def __init__(self, side: float) -> None:
                    super().__init__(side, "white")


            class Plain(Square):
                pass
        """,
        "tests/test_tiles.py": """
            from pkg.checks import is_square
            from pkg.tiles import Tile


            def test_a_tile_is_a_white_square():
                assert Tile(2).colour == "white" and is_square(Tile(2))
        """,
    }
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "a class to re-sign, subclassed")
    sites = [s for step in plan.steps for s in step.sites if s.path == "pkg/tiles.py"]
    bases = {(s.line, s.action, s.reason) for s in sites if s.kind == "base"}
    assert bases == {(4, "rewrite", SUBCLASS_FOLLOWS), (9, "review", SUBCLASSED)}
    with pytest.raises(ApplyRefused) as refused:
        apply_every_step(repo)
    assert "pkg/tiles.py:9" in str(refused.value), str(refused.value)
    assert "pkg/tiles.py:4" not in str(refused.value)
    tiles = (repo / "pkg" / "tiles.py").read_text()
    assert "class Tile(Quad):" in tiles and 'super().__init__(side, color="white")' in tiles
    assert "class Plain(Square):" in tiles  # still built with the old arguments, through it


def test_calls_passing_kwargs_or_type_parameters_are_planned_for_rewriting(
    tmp_path: Path,
) -> None:
    """``Square(side, **style)``: with ``colour`` only made keyword-only, the keys of ``style``
    fill the same parameters of ``__init__`` whatever they are, so the call is rewritten like
    any other; ``Square(*sides)`` could fill ``colour`` by position and stays for review;
    ``Square[int](side, "grey")`` is a call of the class (cachetools' ``FIFOCache[int,
    int](maxsize=2)``), not a value passed around."""
    config = CONFIG.replace('rename_params = { colour = "color" }\n', "").replace(
        "color: str", "colour: str"
    )
    files = {
        **FILES,
        "refcoord.toml": config,
        "pkg/shop.py": """
            from pkg.shapes import Square


            def styled(side: float, **style: str) -> Square:
                return Square(side, **style)


            def spread(*sides: float) -> Square:
                return Square(*sides)


            def typed(side: float) -> object:
                return Square[int](side, "grey")  # a generic class given its parameters
        """,
    }
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "calls of the class passing *args or **kwargs")
    calls = {
        s.line: (s.action, s.reason)
        for step in plan.steps
        for s in step.sites
        if s.path == "pkg/shop.py" and s.kind == "call"
    }
    assert calls == {
        5: ("rewrite", STARS_BIND_ALIKE),
        9: ("review", "passes *args or **kwargs: the arguments cannot be mapped with certainty"),
        13: ("rewrite", ""),
    }


ERRORS_CONFIG = (
    CONFIG.replace('old = "pkg.shapes.Square"', 'old = "pkg.errors.BadValue"')
    .replace('new = "pkg.shapes.Quad"', 'new = "pkg.errors.InvalidValue"')
    .replace(
        """signature = "(side: float, *, color: str = 'red') -> None"
rename_params = { colour = "color" }""",
        'signature = "(message: str, *, payload: object = None) -> None"',
    )
)


@pytest.mark.slow
def test_a_module_catching_a_re_signed_exception_moves_with_expand(tmp_path: Path) -> None:
    """``except BadValue:`` does not ask the shim's metaclass: once the defining module raises
    ``InvalidValue``, a handler still naming the old name would miss it. So the module that
    catches it is migrated whole by the expand step, and stays green."""
    files = {
        "refcoord.toml": ERRORS_CONFIG,
        "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        "pkg/__init__.py": "",
        "pkg/errors.py": """
            class BadValue(Exception):
                def __init__(self, message: str, payload: object = None) -> None:
                    super().__init__(message)
                    self.payload = payload


            def check(value: int) -> int:
                if value < 0:
                    raise BadValue("negative", value)
                return value
        """,
        "pkg/handle.py": """
            from pkg.errors import BadValue, check


            def safe(value: int) -> object:
                try:
                    return check(value)
                except BadValue as error:
                    return error.payload
        """,
        "tests/test_handle.py": """
            from pkg.handle import safe


            def test_a_bad_value_is_caught():
                assert safe(-2) == -2 and safe(3) == 3
        """,
    }
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "an exception to re-sign")
    expand = plan.steps[0]
    assert "pkg/handle.py" in expand.files
    caught = [s for s in expand.sites if s.path == "pkg/handle.py" and s.line == 7]
    assert [s.reason for s in caught] == [CAUGHT]
    # PLAN.md tells the reviewer what the window cannot keep for code outside the repository
    assert any("catches BadValue no longer catches" in note for note in expand.notes)
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    handle = (repo / "pkg" / "handle.py").read_text()
    assert "except InvalidValue as error:" in handle and "BadValue" not in handle
    assert 'raise InvalidValue("negative", payload=value)' in (repo / "pkg/errors.py").read_text()
