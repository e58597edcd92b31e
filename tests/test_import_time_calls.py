"""A function the module calls while it is imported (a decorator in a class body, a call at the
top level) runs its body at import time: what that body reads is needed at import time too
(issue 12, found by the gauntlet on toolz: ``@instanceproperty`` in a moved class body called a
moved function that reads a class staying in the source, and the target imported the source
at its end, too late)."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence

from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.scope import module_scope
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.move_along import names_to_move_along
from refcoord_codemods.extract_module.source_analysis import analyse, runs_at_import

CODE = textwrap.dedent(
    """
    class InstanceProperty(property):
        pass


    def instanceproperty(fget):
        return InstanceProperty(fget)


    class curry:
        @instanceproperty
        def func(self):
            return self._func


    def later():
        return instanceproperty(None)
    """
).lstrip()


def test_the_scope_model_says_which_loads_are_calls_and_how_deep() -> None:
    uses = module_scope(ast.parse(CODE)).uses
    decorator, in_later = uses["instanceproperty"]
    assert decorator.called and decorator.at_import and decorator.depth == 0
    assert in_later.called and not in_later.at_import and in_later.depth == 1
    (built,) = uses["InstanceProperty"]
    assert built.called and built.depth == 1


def test_a_function_called_at_import_time_reads_at_import_time() -> None:
    a = analyse(CODE)
    (built,) = a.uses["InstanceProperty"]
    assert runs_at_import(a, built)  # instanceproperty runs when curry's body runs
    assert a.run_by[a.defines["instanceproperty"]] == {a.defines["curry"]}
    (own,) = a.uses["instanceproperty"][1:]
    assert not runs_at_import(a, own)  # later() is never called at import time


def test_a_moved_function_the_source_calls_at_import_is_a_cycle_with_a_way_out() -> None:
    # TITLE runs fmt while the source is imported, and fmt reads helper from the source: when
    # the target is imported first, its import of the source is not bound yet at that moment
    code = (
        "def helper(text):\n    return text.strip()\n\n\n"
        "def fmt(text):\n    return helper(text).title()\n\n\nTITLE = fmt(' shop ')\n"
    )
    result = expand(code, "pkg.utils", False, "pkg.formatting", ["fmt"], None)
    assert isinstance(result, Refused) and "helper (line 6)" in result.reason

    def attempt(names: Sequence[str]) -> Expanded | Refused:
        return expand(code, "pkg.utils", False, "pkg.formatting", names, None)

    assert names_to_move_along(code, ["fmt"], attempt) == ("helper",)


def test_the_target_imports_the_source_before_the_moved_code_needs_it() -> None:
    result = expand(CODE, "pkg.f", False, "pkg.g", ["curry", "instanceproperty"], None)
    assert isinstance(result, Expanded), result
    head, _, body = result.target.partition("def instanceproperty")
    assert "import pkg.f as _f" in head and "import pkg.f" not in body


def test_a_cycle_through_such_a_call_is_refused_and_the_way_out_proposed() -> None:
    code = CODE + "\n\n@curry\ndef add(x, y):\n    return x + y\n"
    symbols = ["curry", "instanceproperty"]
    result = expand(code, "pkg.f", False, "pkg.g", symbols, None)
    assert isinstance(result, Refused) and "InstanceProperty (line 6)" in result.reason

    def attempt(names: Sequence[str]) -> Expanded | Refused:
        return expand(code, "pkg.f", False, "pkg.g", names, None)

    assert names_to_move_along(code, symbols, attempt) == ("InstanceProperty",)


def test_the_main_guard_runs_as_a_script_not_on_import() -> None:
    # found by the gauntlet on tabulate: _main() under the guard calls the moved function,
    # which read as an import-time call made a cycle of a move that has none
    code = (
        "def helper(text):\n    return text.strip()\n\n\n"
        "def fmt(text):\n    return helper(text).title()\n\n\n"
        "def main():\n    print(fmt(' shop '))\n\n\n"
        'if __name__ == "__main__":\n    main()\n'
    )
    uses = analyse(code).uses
    (call,) = uses["main"]
    assert not call.at_import
    result = expand(code, "pkg.utils", False, "pkg.formatting", ["fmt"], None)
    assert isinstance(result, Expanded), result


def test_building_an_instance_at_import_runs_its_construction_methods() -> None:
    # found by review: REG = Registry() runs Registry.__init__, which reads the moved Helper;
    # Helper's base stays: a true cycle, which expand accepted and the source then failed to
    # import (NameError) instead of being refused with the way out
    code = textwrap.dedent(
        """
        class Base:
            pass


        class Helper(Base):
            @staticmethod
            def make():
                return 1


        class Registry:
            def __init__(self):
                self.made = Helper.make()

            def later(self):
                return Helper


        REG = Registry()
        """
    ).lstrip()
    a = analyse(code)
    in_init, in_later = a.uses["Helper"]
    assert runs_at_import(a, in_init) and not runs_at_import(a, in_later)
    result = expand(code, "pkg.src", False, "pkg.tgt", ["Helper"], None)
    assert isinstance(result, Refused) and "import cycle" in result.reason
