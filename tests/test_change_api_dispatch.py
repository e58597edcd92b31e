"""change-api on a method: a subclass outside the repository that overrides the old name keeps
being called through the deprecation window (issue 14), and says so from the deprecate step on.
The expanded module is run for real, with subclasses of both kinds defined after it, and checked
with ``mypy --strict`` and ruff."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from refactor_coord.rewrite.rewrap import long_new_lines, rewrapped
from refcoord_codemods.change_api.expand import expand
from refcoord_codemods.change_api.shim import contract, deprecate

SOURCE = textwrap.dedent(
    """
    from __future__ import annotations


    class Shape:
        def area(self, scale: int, rounded: bool = False) -> int:
            return scale + 1 if rounded else scale

        def twice(self) -> int:
            return self.area(2, True) * 2
    """
).lstrip()

WARNING = "mod.Shape.area is deprecated: use mod.Shape.surface instead"


GENERIC = textwrap.dedent(
    """
    from __future__ import annotations

    from typing import Any, Generic, TypeVar

    T = TypeVar("T")


    class Shape(Generic[T]):
        def area(self, scale: T, rounded: bool = False) -> T:
            return scale

        def twice(self, scale: T) -> T:
            return self.area(scale, True)
    """
).lstrip()


def _expanded(source: str = SOURCE) -> str:
    text = expand(
        source,
        "area",
        "surface",
        "(self, scale, *, rounded=False)",
        owner="Shape",
        setattr_noqa="  # noqa: B010",  # what a project whose linter checks B010 needs
    )
    assert isinstance(text, str), text
    # the class's own call, which the index finds and the step rewrites first
    own = ("self.area(2, True)", "self.surface(2, rounded=True)")
    generic = ("self.area(scale, True)", "self.surface(scale, rounded=True)")
    return text.replace(*own).replace(*generic)


def _load(text: str) -> ModuleType:
    module = ModuleType("mod")
    exec(compile(text, "mod.py", "exec"), module.__dict__)  # noqa: S102 - the code under test
    return module


def _subclasses(shape: type[Any]) -> dict[str, Any]:
    """An old-style subclass (overrides the old name, calling super()), a new-style one, and a
    subclass of the old-style one: what code outside the repository may hold."""

    class Old(shape):  # type: ignore[misc]
        def area(self, scale: int, rounded: bool = False) -> int:
            return int(super().area(scale, rounded)) * 10

    class New(shape):  # type: ignore[misc]
        def surface(self, scale: int, *, rounded: bool = False) -> int:
            return 7

    class Deeper(Old):
        pass

    return {"old": Old(), "new": New(), "deeper": Deeper(), "base": shape()}


def test_an_outside_override_of_the_old_name_is_still_called() -> None:
    module = _load(_expanded())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # silent until the deprecate step
        made = _subclasses(module.Shape)
    old, new, deeper, base = made["old"], made["new"], made["deeper"], made["base"]
    # the class's own template method, now calling the new name, reaches the old override
    assert old.twice() == 60  # (2 + 1) * 10 * 2: the override, and super() reaching the base
    assert deeper.twice() == 60
    # callers of either name reach it; its super() call runs the base, not the override again
    assert (old.area(1), old.surface(1, rounded=True)) == (10, 20)
    # a subclass written against the new name is reached through the old one too
    assert (new.area(1), new.twice()) == (7, 14)
    assert (base.area(1), base.twice()) == (1, 6)


def test_the_deprecate_step_warns_the_outside_override_and_contract_removes_it() -> None:
    warned = deprecate(_expanded(), WARNING)
    assert isinstance(warned, str), warned
    module = _load(warned)
    with pytest.warns(DeprecationWarning, match="Shape.area is deprecated") as caught:
        made = _subclasses(module.Shape)
    assert any(w.filename == __file__ for w in caught)  # it points at the subclass's definition
    with pytest.warns(DeprecationWarning, match="Shape.area is deprecated"):
        assert made["old"].twice() == 60  # its super().area call is a use of the old name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert made["new"].twice() == 14  # a subclass of the new name is not warned
    contracted = contract(warned)
    assert isinstance(contracted, str), contracted
    assert "area" not in contracted
    assert "__init_subclass__" not in contracted


def test_the_expanded_and_warned_module_passes_mypy_strict_and_ruff(tmp_path: Path) -> None:
    """Also for a generic class (its subclasses' new method takes ``self: Shape[Any]``, a bare
    ``Shape`` being an error to ``mypy --strict``, and ``Any`` where the method names the
    class's type variables: the change-api gauntlet's mistune)."""
    warned = deprecate(_expanded(), WARNING)
    assert isinstance(warned, str), warned
    generic = _expanded(GENERIC)
    # the class's type variable means nothing in the subclasses' forwarder: Any there
    assert "surface(self: Shape[Any], scale: Any, *, rounded: bool = False) -> Any:" in generic
    bin_dir = Path(sys.executable).parent
    for name, text in (("expanded.py", _expanded()), ("warned.py", warned), ("gen.py", generic)):
        # as apply leaves it where no formatter runs: the step's long statements wrapped
        text = rewrapped(text, long_new_lines(text, 88, set()), 88)
        (tmp_path / name).write_text(text)
        for argv in (
            [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", name],
            [
                str(bin_dir / "ruff"),
                "check",
                "--no-cache",
                "--select",
                "E,F,W,B,UP,ANN",
                "--ignore",
                "ANN401",
                name,
            ],
        ):
            ran = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
            assert ran.returncode == 0, f"{argv[2]} on {name}:\n{ran.stdout}{ran.stderr}"
