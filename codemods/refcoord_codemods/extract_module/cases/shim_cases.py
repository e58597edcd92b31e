"""extract-module.deprecate and extract-module.contract, before and after: the shim in the source
module made to warn (with the deprecation test written beside it), then removed with the moved
names' ``__all__`` entries, their declarations for type checkers and, once unused, expand's import
of the target (CORRECTNESS.md: "Text and files"). Also the declarations themselves, at each step:
the moved names imported under ``if TYPE_CHECKING:``, so that type checkers read their real types
where the shim's ``__getattr__`` says ``object``.
"""

from __future__ import annotations

from refactor_coord.domain.plan import ArgValue
from refactor_coord.rewrite.cases import Case, dedent
from refcoord_codemods.extract_module.cases.builders import (
    SOURCE,
    SOURCE_PATH,
    STAR_NOTE,
    TARGET,
    TARGET_PATH,
    TEST_PATH,
    WARNING,
    contract_case,
    deprecate_case,
    shim,
    with_shim,
)
from refcoord_codemods.extract_module.shim import deprecation_test
from refcoord_codemods.extract_module.steps import ExtractContract, ExtractDeprecate, ExtractExpand

#: the moved name declared for type checkers, as expand writes it (``__all__`` lists it)
DECLARED = """\
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pkg.target import moved

"""
#: a source after expand moved ``moved`` out of it, up to its shim
EXPANDED = (
    DECLARED
    + """\
__all__ = ["moved", "stay"]


def stay():
    return _pkg_target.moved()


import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
"""
)
#: the same, when only the private ``_moved`` moved (no ``__all__`` lists it: ``as`` exports it)
EXPANDED_PRIVATE = """\
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pkg.target import _moved as _moved  # noqa: PLC0414


def stay():
    return 1
"""
#: a source of nothing but the shim, with its declaration
ONLY_THE_SHIM = """\
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pkg.tagging import tag as tag  # noqa: PLC0414


"""
#: a star-imported source without ``__all__`` after expand, up to the ``__all__`` it added
STAR_IMPORTED_HEAD = dedent("""
    try:
        import lxml
    except ImportError:
        pass


    """)
#: the same with the CRLF line ends and BOM of its file
EXPANDED_CRLF = "\ufeffX = 1\r\n\r\n\r\n"
#: the same, tab-indented
EXPANDED_TABS = "def stay():\n\treturn 2\n\n\n"


def _crlf(code: str) -> str:
    return code.replace("\n", "\r\n")


def _star_all(names: list[str]) -> str:
    """The ``__all__`` expand added to ``STAR_IMPORTED_HEAD``'s module, listing ``names``."""
    listed = ", ".join(f'"{name}"' for name in names)
    return dedent(f"""
        __all__ = [{listed}]
        # Names bound on some paths only: listed when this module has them.
        __all__ += [_name for _name in ["lxml"] if _name in globals()]
        """)


DEPRECATE: tuple[Case, ...] = (
    deprecate_case(
        "deprecate_makes_the_shim_warn",
        with_shim(EXPANDED, ["moved"]),
        with_shim(EXPANDED, ["moved"], WARNING),
    ),
    # only private names moved: the shim warns, and no test is written (it would test nothing)
    deprecate_case(
        "deprecate_writes_no_test_when_only_private_names_moved",
        with_shim(EXPANDED_PRIVATE, ["_moved"]),
        with_shim(EXPANDED_PRIVATE, ["_moved"], WARNING),
        names=["_moved"],
    ),
    # deprecating again writes the warning of the plan as it is now
    deprecate_case(
        "deprecate_again_replaces_the_warning",
        with_shim(EXPANDED, ["moved"], "import it from there (it will be removed in 2.0)"),
        with_shim(EXPANDED, ["moved"], WARNING),
    ),
    # libcst files the comment of a module's first statement under the module's header
    deprecate_case(
        "a_source_of_only_the_shim_keeps_one_shim_comment",
        ONLY_THE_SHIM + shim(["tag"], target="pkg.tagging"),
        ONLY_THE_SHIM + shim(["tag"], WARNING, target="pkg.tagging"),
        names=["tag"],
        target="pkg.tagging",
    ),
    # a source expanded before expand declared the moved names gets its declarations here;
    # (apply decodes a file with a BOM as utf-8-sig: the step codemods see no BOM; the shim
    # table is not read past one, so deprecate's keeping it is a test of the function)
    deprecate_case(
        "deprecate_keeps_crlf",
        EXPANDED_CRLF.removeprefix("\ufeff") + _crlf(shim(["moved"])),
        _crlf(
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
            "    from pkg.target import moved as moved  # noqa: PLC0414\n\n"
        )
        + EXPANDED_CRLF.removeprefix("\ufeff")
        + _crlf(shim(["moved"], WARNING)),
        raw=True,
    ),
    deprecate_case(
        "deprecate_keeps_the_files_tab_indentation",
        EXPANDED_TABS + shim(["moved"], indent="\t"),
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "\tfrom pkg.target import moved as moved  # noqa: PLC0414\n\n\n"
        + EXPANDED_TABS
        + shim(["moved"], WARNING, "\t"),
        raw=True,
    ),
    # the names expand bound back are no longer bound: they are declared instead
    deprecate_case(
        "deprecate_declares_the_names_expand_bound_back",
        with_shim(
            """
            def helper():
                return "h"


            from pkg.target import moved  # refcoord: bound here until the deprecate step


            def after():
                return helper()
            """,
            ["moved"],
        ),
        with_shim(
            """
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from pkg.target import moved as moved  # noqa: PLC0414


            def helper():
                return "h"


            def after():
                return helper()
            """,
            ["moved"],
            WARNING,
        ),
    ),
    deprecate_case(
        "deprecate_without_a_shim_refused",
        "x = 1\n",
        refused="no refcoord shim (or an unreadable one): apply the expand step first",
    ),
    deprecate_case(
        "deprecate_of_a_source_that_does_not_parse_refused",
        "def f(:\n",
        refused="no refcoord shim (or an unreadable one)",
    ),
)

#: the moved names' entries leave ``__all__``, its lines kept as they were
CONTRACT_ALL: tuple[Case, ...] = (
    # the moved names' line breaks move to the kept name before them: no long joined line
    contract_case(
        "multi_line_list",
        """
        __all__ = [
            "remove", "accumulate", "moved", "other",
            "unique", "isiterable",
        ]
        """,
        """
        __all__ = [
            "remove", "accumulate",
            "unique", "isiterable",
        ]
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "multi_line_tuple_last_names_removed",
        """
        __all__ = ("remove", "accumulate",
                   "unique", "moved",
                   "other")
        """,
        """
        __all__ = ("remove", "accumulate",
                   "unique")
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "multi_line_last_names_removed_on_the_closing_line",
        """
        __all__ = [
            "stay",
            "moved"]
        """,
        """
        __all__ = [
            "stay"]
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "comment_lines_kept",
        """
        __all__ = [
            "remove",  # the remover
            "moved",
            # grouping helpers
            "unique",
        ]
        """,
        """
        __all__ = [
            "remove",  # the remover
            # grouping helpers
            "unique",
        ]
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "one_line_last_removed",
        """
        __all__ = ["stay", "moved"]
        """,
        """
        __all__ = ["stay"]
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "tuple_left_with_one_name_keeps_its_comma",
        """
        __all__ = ("stay", "moved")
        """,
        """
        __all__ = ("stay",)
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "bare_tuple_left_with_one_name_keeps_its_comma",
        """
        __all__ = "stay", "moved"
        """,
        """
        __all__ = "stay",
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "all_names_removed",
        """
        __all__ = (
            "moved",
            "other",
        )
        """,
        """
        __all__ = ()
        """,
        shim_names=("moved", "other"),
    ),
    contract_case(
        "contract_removes_moved_names_from_a_sum_of_lists",
        '__all__ = ["stay"] + ["moved"]\n',
        '__all__ = ["stay"] + []\n',
        shim_names=("moved",),
    ),
    contract_case(
        "contract_removes_moved_names_from_the_all_expand_added",
        STAR_IMPORTED_HEAD + STAR_NOTE + _star_all(["moved"]),
        STAR_IMPORTED_HEAD + STAR_NOTE + _star_all([]),
        shim_names=("moved",),
    ),
)

#: expand's import of the target outlives the shim while remaining code uses it, and its comment
#: stays true after contract
CONTRACT_BACK_IMPORT: tuple[Case, ...] = (
    contract_case(
        "back_import_kept_while_used",
        """
        def stay():
            return _pkg_target.moved()


        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
        """,
        """
        def stay():
            return _pkg_target.moved()


        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
        """,
        shim_names=("moved",),
    ),
    contract_case(
        "back_import_removed_when_unused",
        """
        def stay():
            return 1


        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
        """,
        """
        def stay():
            return 1
        """,
        shim_names=("moved",),
    ),
    contract_case(
        "back_import_with_the_old_comment_removed_when_unused",
        """
        import os
        import pkg.target as _pkg_target  # refcoord shim: remaining code uses moved names


        def stay():
            return os.sep
        """,
        """
        import os


        def stay():
            return os.sep
        """,
        shim_names=("moved",),
    ),
)

#: the sources deprecate and expand left
CONTRACT_STEPS: tuple[Case, ...] = (
    # the declarations go, and with them the block and the import of TYPE_CHECKING they needed
    contract_case(
        "contract_after_deprecate_removes_the_shim_and_the_deprecation_test",
        with_shim(EXPANDED, ["moved"], WARNING),
        """
        __all__ = ["stay"]


        def stay():
            return _pkg_target.moved()


        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
        """,
        test=deprecation_test(SOURCE, ["moved"], TARGET, "campaign"),
    ),
    # the module's own block and import stay, without the declarations
    contract_case(
        "contract_keeps_the_modules_own_type_checking_block",
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction
            from pkg.target import moved as moved  # noqa: PLC0414


        def stay(f: Fraction) -> Fraction:
            return f
        """,
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction


        def stay(f: Fraction) -> Fraction:
            return f
        """,
        shim_names=("moved",),
    ),
    # a string type checkers read still names the moved class (semver's ``bound="Version"``,
    # itsdangerous's ``t.cast("Iterator[Signer]", ...)``): its declaration stays, plainly
    contract_case(
        "contract_keeps_declarations_the_modules_type_strings_name",
        """
        import typing as t
        from typing import TYPE_CHECKING, TypeVar

        if TYPE_CHECKING:
            from pkg.target import Version as Version  # noqa: PLC0414
            from pkg.target import moved as moved  # noqa: PLC0414
            from pkg.target import other as other  # noqa: PLC0414

        T = TypeVar("T", bound="Version")


        def first(items: list[object]) -> "other":
            return t.cast("list[moved]", items)[0]
        """,
        """
        import typing as t
        from typing import TYPE_CHECKING, TypeVar

        if TYPE_CHECKING:
            from pkg.target import Version
            from pkg.target import moved
            from pkg.target import other

        T = TypeVar("T", bound="Version")


        def first(items: list[object]) -> "other":
            return t.cast("list[moved]", items)[0]
        """,
        shim_names=("Version", "moved", "other", "unnamed"),
    ),
    # the gauntlet (cachetools): a name kept bound for pickles stays exported: removing it from
    # __all__ left its import unused (F401) and took it out of a star import
    contract_case(
        "contract_keeps_a_name_bound_for_pickles_in_all",
        """
        __all__ = ["Point", "moved", "stay"]


        def stay():
            return 1


        from pkg.target import Point  # refcoord: kept here for pickles
        """,
        """
        __all__ = ["Point", "stay"]


        def stay():
            return 1


        from pkg.target import Point  # refcoord: kept here for pickles
        """,
        shim_names=("Point", "moved"),
    ),
    contract_case(
        "a_source_of_only_the_shim_ends_empty",
        ONLY_THE_SHIM + shim(["tag"], WARNING, target="pkg.tagging"),
        "\n",
        raw=True,
    ),
    contract_case(
        "contract_keeps_crlf_and_bom",
        EXPANDED_CRLF + _crlf(shim(["moved"])),
        "\ufeffX = 1\r\n",
        raw=True,
    ),
    contract_case(
        "contract_keeps_the_files_tab_indentation",
        EXPANDED_TABS + shim(["moved"], WARNING, "\t"),
        "def stay():\n\treturn 2\n",
        raw=True,
    ),
    contract_case(
        "contract_without_a_shim_refused",
        "x = 1\n",
        refused="no refcoord shim in the source module: nothing to remove",
    ),
    contract_case(
        "contract_of_a_source_that_does_not_parse_refused",
        "def f(:\n",
        refused="the source module does not parse",
    ),
)


def _expand_case(
    name: str,
    before: str,
    source_after: str,
    target_after: str,
    *,
    symbols: tuple[str, ...] = ("moved",),
    shim_names: tuple[str, ...] = ("moved",),
    bind_back: bool = False,
) -> Case:
    """``pkg.src`` before expand, and after it: its text up to the shim (which serves
    ``shim_names``), written out here since the declarations are what these cases show; and
    the target."""
    args: dict[str, ArgValue] = {"source": SOURCE, "target": TARGET, "symbols": symbols}
    if bind_back:
        args["bind_back"] = True
    return Case(
        name,
        args,
        {SOURCE_PATH: dedent(before)},
        {
            SOURCE_PATH: dedent(source_after) + shim(shim_names),
            TARGET_PATH: dedent(target_after),
        },
        files=(SOURCE_PATH, TARGET_PATH),
    )


#: expand declares what it moved: plainly what ``__all__`` lists, else as ``name as name``
EXPAND_DECLARES: tuple[Case, ...] = (
    _expand_case(
        "expand_declares_the_moved_names_for_type_checkers",
        """
        import os

        __all__ = ["Moved", "stay"]


        class Moved:
            pass


        def _helper():
            return Moved()


        def build():
            return _helper()


        def stay():
            return os.sep
        """,
        """
        import os
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from pkg.target import Moved
            from pkg.target import _helper as _helper  # noqa: PLC0414
            from pkg.target import build as build  # noqa: PLC0414

        __all__ = ["Moved", "stay"]


        def stay():
            return os.sep


        """,
        """
        \"\"\"Moved from pkg.src: Moved, build.\"\"\"

        __all__ = ["Moved"]


        class Moved:
            pass


        def _helper():
            return Moved()


        def build():
            return _helper()
        """,
        symbols=("Moved", "build"),
        shim_names=("Moved", "_helper", "build"),
    ),
    _expand_case(
        "expand_declares_in_the_modules_own_type_checking_block",
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction


        def moved() -> int:
            return 1


        def stay(f: Fraction) -> Fraction:
            return f
        """,
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction
            from pkg.target import moved as moved  # noqa: PLC0414


        def stay(f: Fraction) -> Fraction:
            return f


        """,
        """
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved() -> int:
            return 1
        """,
    ),
    _expand_case(
        "expand_spells_type_checking_as_the_module_imports_typing",
        """
        import typing


        def moved() -> int:
            return 1


        def stay() -> typing.Any:
            return 1
        """,
        """
        import typing

        if typing.TYPE_CHECKING:
            from pkg.target import moved as moved  # noqa: PLC0414


        def stay() -> typing.Any:
            return 1


        """,
        """
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved() -> int:
            return 1
        """,
    ),
    # the names bound back are bound when the module runs: type checkers see them already
    _expand_case(
        "expand_declares_no_name_it_binds_back",
        """
        def helper():
            return "h"


        def moved():
            return helper() + "!"


        from pkg import other  # noqa: E402
        """,
        """
        def helper():
            return "h"


        # refcoord: bound here until the deprecate step
        from pkg.target import moved as moved


        from pkg import other  # noqa: E402


        """,
        """
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return _src.helper() + "!"


        # Imported at the end, not at the top: the source module reads this module's
        # names when it is imported, so this module must define them first (an import
        # cycle).
        import pkg.src as _src  # noqa: E402
        """,
        bind_back=True,
    ),
    # a shim that warns from the start runs on its own: nothing to declare, nothing imported
    Case(
        "a_shim_warning_from_the_start_needs_no_import_when_nothing_is_declared",
        {"source": SOURCE, "target": TARGET, "symbols": ("moved",), "bind_back": True},
        {SOURCE_PATH: "def moved():\n    return 1\n\n\nfrom pkg import other  # noqa: E402\n"},
        {
            SOURCE_PATH: dedent("""
                # refcoord: bound here until the deprecate step
                from pkg.target import moved as moved


                from pkg import other  # noqa: E402


                """)
            + shim(["moved"], WARNING),
            TARGET_PATH: '"""Moved from pkg.src: moved."""\n\n\ndef moved():\n    return 1\n',
            TEST_PATH: deprecation_test(SOURCE, ["moved"], TARGET, "campaign"),
        },
        files=(SOURCE_PATH, TARGET_PATH),
        warn="at-expand",
    ),
)

CASES = {
    ExtractExpand.ID: EXPAND_DECLARES,
    ExtractDeprecate.ID: DEPRECATE,
    ExtractContract.ID: CONTRACT_ALL + CONTRACT_BACK_IMPORT + CONTRACT_STEPS,
}
