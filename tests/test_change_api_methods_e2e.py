"""change-api on a method, end to end on a sample project (issue 14): plan, then every step
applied with the project's own tests under warnings-as-errors. Calls through ``self``,
``super()``, an annotated parameter, an instance built in place, a function's return annotation
and the class with the instance passed are rewritten; an override in another module is renamed
and re-signed with the method (a template method keeps reaching it); a same-named method of an
unrelated class is left alone, and a call on a receiver of unknown type waits for a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_coord.application.apply import Applied
from refactor_coord.domain.errors import ApplyRefused, ConfigError
from tests.conftest import apply_every_step, commit_and_plan, write_files

CONFIG = """
[campaign]
name = "rename"
test_command = ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider"]

[[refactor]]
id = "area-to-surface"
kind = "change-api"
old = "pkg.shapes.Shape.area"
new = "pkg.shapes.Shape.surface"
signature = "(self, scale, *, rounded=False)"
"""

FILES = {
    "refcoord.toml": CONFIG,
    "pkg/__init__.py": "",
    "pkg/shapes.py": """
        class Shape:
            def area(self, scale, rounded=False):
                return round(scale * 1.5) if rounded else scale * 1.5

            def twice(self):
                return self.area(2, True) * 2


        class Square(Shape):
            def describe(self):
                return super().area(1, True)


        def make() -> Shape:
            return Shape()
    """,
    "pkg/circles.py": """
        from pkg.shapes import Shape


        class Circle(Shape):
            def area(self, scale, rounded=False):
                return super().area(scale, rounded) * 3
    """,
    "pkg/app.py": """
        from pkg.circles import Circle
        from pkg.shapes import Shape, make


        class Room:
            def area(self, scale, rounded=False):
                return -1


        def report(s: Shape, room: Room):
            return (
                s.area(1, True),
                Shape().area(
                    2,  # two
                    True,
                ),
                make().area(3),
                Shape.area(s, 4, True),
                Circle().twice(),
                Room().area(5, True),
                room.area(6, True),
            )
    """,
    "tests/test_app.py": """
        from pkg.app import Room, report
        from pkg.shapes import Shape, Square


        def test_report():
            assert report(Shape(), Room()) == (2, 3, 4.5, 6, 18, -1, -1)


        def test_super():
            assert Square().describe() == 2
    """,
    "pytest.ini": "[pytest]\nfilterwarnings = error\n",
}


@pytest.mark.slow
def test_a_method_renamed_and_re_signed_stays_green_at_every_step(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", FILES)
    plan = commit_and_plan(repo, "a method to rename and re-sign")
    expand = plan.steps[0]
    assert expand.phase == "expand"
    assert set(expand.files) == {"pkg/shapes.py", "pkg/circles.py"}  # the override's module too
    warning_test = repo / "tests" / "test_refcoord_area_to_surface.py"

    def shim_warns_from_deprecate(applied: Applied) -> None:
        assert warning_test.is_file() is (applied.step.phase == "deprecate")

    applied = apply_every_step(repo, each=shim_warns_from_deprecate)
    assert [a.step.phase for a in applied] == ["expand", "migrate", "deprecate", "contract"]
    shapes = (repo / "pkg" / "shapes.py").read_text()
    assert "area" not in shapes
    assert "return self.surface(2, rounded=True) * 2" in shapes
    assert "return super().surface(1, rounded=True)" in shapes
    circles = (repo / "pkg" / "circles.py").read_text()
    assert "def surface(self, scale, *, rounded=False):" in circles
    assert "return super().surface(scale, rounded=rounded) * 3" in circles
    app = (repo / "pkg" / "app.py").read_text()
    assert "s.surface(1, rounded=True)," in app
    assert "Shape().surface(\n            2,  # two\n            rounded=True,\n" in app
    assert "make().surface(3)," in app
    assert "Shape.surface(s, 4, rounded=True)," in app
    # an unrelated class's method of the same name, and an unknown receiver: untouched
    assert "Room().area(5, True)," in app
    assert "room.area(6, True)," in app
    assert "def area(self, scale, rounded=False):\n        return -1" in app


@pytest.mark.slow
def test_deprecate_waits_for_calls_on_receivers_of_unknown_type(tmp_path: Path) -> None:
    """A call of a method of the same name on a receiver whose type the index cannot tell may
    be a call of this method: the plan lists it for review, and deprecate (whose warning would
    fail a warnings-as-errors suite) waits until it is changed by hand; then the rest applies."""
    files = {
        **FILES,
        "pkg/later.py": """
            from pkg.shapes import Shape


            def proven(s: Shape):
                return s.area(1)


            def unknown(thing):
                return thing.area(2)
        """,
        "tests/test_later.py": """
            from pkg.later import proven, unknown
            from pkg.shapes import Shape


            def test_later():
                assert (proven(Shape()), unknown(Shape())) == (1.5, 3.0)
        """,
    }
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "a method with a call on a receiver of unknown type")
    review = [s for step in plan.steps for s in step.sites if s.action == "review"]
    assert any(s.path == "pkg/later.py" and s.line == 9 for s in review)
    with pytest.raises(ApplyRefused) as refused:
        apply_every_step(repo)
    text = str(refused.value)
    assert "makes the old names warn, but the old location is still used" in text
    assert "pkg/later.py:9 ('.area' on a receiver of unknown type)" in text
    later = repo / "pkg" / "later.py"
    later.write_text(later.read_text().replace("thing.area(2)", "thing.surface(2)"))
    write_files(repo, {}, commit="the call on an unknown receiver changed by hand")
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied] == ["deprecate", "contract"]
    assert "area" not in (repo / "pkg" / "shapes.py").read_text()


@pytest.mark.slow
def test_a_call_of_an_override_binds_by_the_override_s_own_signature(tmp_path: Path) -> None:
    """The change-api gauntlet's mistune: ``InlineParser.register`` overrides
    ``Parser.register`` and adds ``start_chars``; a test's call on an ``InlineParser()``
    passing ``start_chars=`` was bound by the base's signature, which has no such parameter,
    so its migrate step rewrote nothing and apply refused it. Each call binds by the
    signature of the class whose method it calls."""
    repo = write_files(
        tmp_path / "repo",
        {
            "refcoord.toml": CONFIG.replace("pkg.shapes.Shape.area", "pkg.parsers.Parser.register")
            .replace("pkg.shapes.Shape.surface", "pkg.parsers.Parser.register_v2")
            .replace('"(self, scale, *, rounded=False)"', '"(self, name, *, pattern)"'),
            "pkg/__init__.py": "",
            "pkg/parsers.py": """
                class Parser:
                    def __init__(self):
                        self.rules = {}

                    def register(self, name, pattern):
                        self.rules[name] = pattern


                class InlineParser(Parser):
                    def register(self, name, pattern, start_chars=None):
                        super().register(name, pattern)
                        self.rules[name + ":start"] = start_chars
            """,
            "tests/test_parsers.py": """
                from pkg.parsers import InlineParser, Parser


                def test_register():
                    inline = InlineParser()
                    inline.register("at", "@+", start_chars="@")
                    plain = Parser()
                    plain.register("x", "x+")
                    assert inline.rules == {"at": "@+", "at:start": "@"}
                    assert plain.rules == {"x": "x+"}
            """,
            "pytest.ini": "[pytest]\nfilterwarnings = error\n",
        },
    )
    plan = commit_and_plan(repo, "a method whose override adds a parameter")
    assert not [s for step in plan.steps for s in step.review]
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    test = (repo / "tests" / "test_parsers.py").read_text()
    assert 'inline.register_v2("at", pattern="@+", start_chars="@")' in test
    assert 'plain.register_v2("x", pattern="x+")' in test


@pytest.mark.slow
def test_a_method_passed_on_to_known_calls_follows_them(tmp_path: Path) -> None:
    """A bound method passed to ``map`` or as ``sorted``'s key is called with one positional
    argument, which the new signature binds as the old one did: planned as a call, renamed
    by migrate, nothing left for review (the index and the method codemod read the value by
    the same rule)."""
    files = {
        **FILES,
        "tests/test_app.py": """
            from pkg.shapes import Shape


            def test_passed_on(shape: Shape = Shape()):
                assert list(map(shape.area, [1, 2])) == [1.5, 3.0]
                assert sorted([2, 1], key=shape.area) == [1, 2]
        """,
        "pkg/app.py": "",
    }
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "a method passed on to map and sorted")
    sites = [s for step in plan.steps for s in step.sites if s.path == "tests/test_app.py"]
    assert sorted((s.line, s.kind, s.action) for s in sites) == [
        (5, "call", "rewrite"),
        (6, "call", "rewrite"),
    ]
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    test = (repo / "tests" / "test_app.py").read_text()
    assert "map(shape.surface, [1, 2])" in test and "key=shape.surface)" in test


@pytest.mark.slow
def test_method_calls_passing_kwargs_that_bind_alike_are_rewritten(tmp_path: Path) -> None:
    """``s.area(2, **options)`` (packaging's ``spec.contains(version, **kwargs)``): ``rounded``
    only turns keyword-only, so the keys fill what they did; the call is rewritten, on an
    instance and through the class with the instance passed."""
    files = {
        **FILES,
        "pkg/options.py": """
            from pkg.shapes import Shape


            def scaled(s: Shape, **options):
                return s.area(2, **options), Shape.area(s, 1, **options)


            class Doubled(Shape):
                def doubled(self, **options):
                    return self.area(2, **options) * 2
        """,
        "tests/test_options.py": """
            from pkg.options import Doubled, scaled
            from pkg.shapes import Shape


            def test_scaled():
                assert scaled(Shape(), rounded=True) == (3, 2)
                assert Doubled().doubled(rounded=True) == 6
        """,
    }
    repo = write_files(tmp_path / "repo", files)
    plan = commit_and_plan(repo, "method calls passing **kwargs")
    sites = [s for step in plan.steps for s in step.sites if s.path == "pkg/options.py"]
    assert [s.action for s in sites if s.kind == "call"] == ["rewrite"] * 3, sites
    applied = apply_every_step(repo)
    assert [a.step.phase for a in applied][-1] == "contract"
    options = (repo / "pkg" / "options.py").read_text()
    assert "return s.surface(2, **options), Shape.surface(s, 1, **options)" in options
    assert "return self.surface(2, **options) * 2" in options


def test_a_method_that_overrides_a_base_s_is_refused_alone(tmp_path: Path) -> None:
    """packaging's ``SpecifierSet.contains`` implements ``BaseSpecifier.contains`` (abstract):
    renamed alone, the contract step made ``SpecifierSet`` abstract and its suite failed (the
    change-api gauntlet, answering the review with ``--reviewed``). A method that overrides a
    base class's method of the repository is refused at plan, naming the base's to change."""
    repo = write_files(
        tmp_path / "repo",
        {
            **FILES,
            "refcoord.toml": CONFIG.replace("pkg.shapes.Shape.", "pkg.circles.Circle."),
        },
    )
    with pytest.raises(ConfigError) as refused:
        commit_and_plan(repo, "an override renamed alone")
    assert (
        "'pkg.circles.Circle.area' overrides pkg.shapes.Shape.area: renamed or re-signed alone"
        in str(refused.value)
    )
    assert "change pkg.shapes.Shape.area instead, whose overrides follow it" in str(refused.value)
