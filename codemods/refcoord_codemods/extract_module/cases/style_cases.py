"""extract-module.expand, before and after, on the style of the code it writes (issue 13;
docs/patterns/extract-module.md, "Code style"): import blocks sorted and grouped as isort and
ruff do, relative imports where the package uses them, the project's line length, the file's
quotes, imports at the top unless a cycle needs one at the end, and public imports kept.
"""

from __future__ import annotations

from refactor_coord.rewrite.cases import Case
from refcoord_codemods.extract_module.cases.builders import expand_case
from refcoord_codemods.extract_module.steps import ExtractExpand

#: A project whose ruff allows lines of 60 characters.
NARROW = {"pyproject.toml": '[tool.ruff]\nline-length = 60\n\n[tool.ruff.lint]\nselect = ["E"]\n'}

#: The source's import of the target among its imports, with why (above it: the line would pass
#: the line length).
BACK_TOP = "# moved by refcoord: remaining code uses moved names\nimport pkg.target as _target"
#: The source's import of the target at its end, with why.
BACK_LAST = (
    "# moved by refcoord: remaining code uses moved names; last: the moved code\n"
    "# reads this module on import\nimport pkg.target as _target  # noqa: E402"
)

STYLE: tuple[Case, ...] = (
    expand_case(
        "target_imports_sorted_and_grouped_as_isort_does",
        """
        from __future__ import annotations

        import yaml
        from pkg.helpers import b_fn
        import os
        from typing import cast
        from pkg.helpers import A_CONST, Klass
        from typing import Any


        def moved(x: Any) -> Any:
            return cast(Any, (yaml, os, b_fn, A_CONST, Klass, x))
        """,
        """
        from __future__ import annotations

        import yaml as yaml
        from pkg.helpers import b_fn as b_fn
        import os as os
        from typing import cast as cast
        from pkg.helpers import A_CONST, Klass  # noqa: F401
        from typing import Any as Any


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        from __future__ import annotations

        import os
        from typing import Any, cast

        import yaml

        from pkg.helpers import A_CONST, Klass, b_fn


        def moved(x: Any) -> Any:
            return cast(Any, (yaml, os, b_fn, A_CONST, Klass, x))
        ''',
    ),
    expand_case(
        "a_long_from_import_is_wrapped_at_the_projects_line_length",
        """
        from pkg.helpers import first_helper, second_helper, third_helper


        def moved():
            return first_helper, second_helper, third_helper


        def keep():
            return first_helper
        """,
        """
        from pkg.helpers import (  # noqa: F401
            first_helper,
            second_helper,
            third_helper,
        )


        def keep():
            return first_helper


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        from pkg.helpers import (
            first_helper,
            second_helper,
            third_helper,
        )


        def moved():
            return first_helper, second_helper, third_helper
        ''',
        other_files=NARROW,
    ),
    # as many relative first-party imports as absolute ones in the source: its package decides
    expand_case(
        "relative_or_absolute_as_the_package_imports_when_the_source_is_undecided",
        """
        from ._a import _x
        from pkg._b import _y


        def moved():
            return _x, _y
        """,
        "",
        target_after='''
        """Moved from pkg.src: moved."""

        from ._a import _x
        from ._b import _y


        def moved():
            return _x, _y
        ''',
        other_files={"pkg/__init__.py": "from .src import moved\n"},
    ),
    expand_case(
        "the_import_of_the_target_joins_a_sorted_block_at_its_place",
        """
        import os

        import yaml

        from pkg import other


        def moved():
            return 1


        def keep():
            return moved(), os, yaml, other
        """,
        """
        import os

        import yaml

        # moved by refcoord: remaining code uses moved names
        import pkg.target as _target
        from pkg import other


        def keep():
            return _target.moved(), os, yaml, other


        """,
        target_after='''
        """Moved from pkg.src: moved."""


        def moved():
            return 1
        ''',
    ),
    # the note says why the line is there: above it when the line would pass the line length
    expand_case(
        "the_note_on_the_import_of_the_target_goes_above_it_past_the_line_length",
        """
        def moved():
            return 1


        def keep():
            return moved()
        """,
        BACK_TOP + "\n\n\ndef keep():\n    return _target.moved()\n\n\n",
        target_after='''
        """Moved from pkg.src: moved."""


        def moved():
            return 1
        ''',
        other_files=NARROW,
    ),
    # ruff's defaults do not check line length: a noqa for it would be one more finding (RUF100)
    expand_case(
        "no_noqa_for_a_rule_the_linter_does_not_check",
        """
        def moved():
            return 1


        def keep():
            return moved()
        """,
        BACK_TOP + "\n\n\ndef keep():\n    return _target.moved()\n\n\n",
        target_after='''
        """Moved from pkg.src: moved."""


        def moved():
            return 1
        ''',
        other_files={"pyproject.toml": "[tool.ruff]\nline-length = 60\n"},
    ),
    # the moved code reads CONST when it is imported, so the source defines CONST before it
    # imports the target, at its end; the remaining code reads the moved name at call time
    expand_case(
        "an_import_cycle_puts_the_import_of_the_target_last_saying_why",
        """
        CONST = 2
        moved = CONST * 2


        def keep():
            return moved
        """,
        "CONST = 2\n\n\ndef keep():\n    return _target.moved\n\n\n" + BACK_LAST + "\n\n",
        target_after='''
        """Moved from pkg.src: moved."""

        from pkg.src import CONST

        moved = CONST * 2
        ''',
    ),
    # what the moved code reads only while it is imported (a base class) is imported by name:
    # its value is taken then either way, and the moved code keeps its text (mypy, checking the
    # new module first across the cycle, could not tell the type of inflect's constants read as
    # attributes of the source: has-type); a name a function body reads too stays an attribute
    # of the source, which a later patch of the source's name reaches
    expand_case(
        "what_is_read_only_on_import_is_imported_by_name",
        """
        CONST = 2


        class Base:
            pass


        class moved(Base):
            size = CONST

            def f(self):
                return CONST


        def keep():
            return moved()
        """,
        "CONST = 2\n\n\nclass Base:\n    pass\n\n\n"
        "def keep():\n    return _target.moved()\n\n\n" + BACK_LAST + "\n\n",
        target_after='''
        """Moved from pkg.src: moved."""

        import pkg.src as _src
        from pkg.src import Base


        class moved(Base):
            size = _src.CONST

            def f(self):
                return _src.CONST
        ''',
    ),
    # the moved code reads what stays only in annotations never evaluated, and the project's
    # ruff checks TC001: the target imports the source for type checkers only (the gauntlet's
    # packaging-03: an import at the end, for a cycle that was not there at run time)
    expand_case(
        "a_source_read_only_in_annotations_is_imported_for_type_checkers",
        """
        from __future__ import annotations


        class Version:
            pass


        def moved(v: Version) -> Version:
            return v


        def keep():
            return Version()
        """,
        "from __future__ import annotations\n\n\nclass Version:\n    pass\n\n\n"
        "def keep():\n    return Version()\n\n\n",
        target_after='''
        """Moved from pkg.src: moved."""

        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            import pkg.src as _src


        def moved(v: _src.Version) -> _src.Version:
            return v
        ''',
        other_files={"pyproject.toml": '[tool.ruff.lint]\nselect = ["F", "TC"]\n'},
    ),
    expand_case(
        "public_imports_stay_private_ones_go",
        """
        import os.path
        from urllib.request import getproxies
        import json as _json
        from re import compile as re_compile


        def moved():
            return os.path.sep, getproxies(), _json, re_compile
        """,
        """
        import os.path  # noqa: F401
        from urllib.request import getproxies as getproxies
        from re import compile as re_compile  # noqa: F401


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        import json as _json
        import os.path
        from re import compile as re_compile
        from urllib.request import getproxies


        def moved():
            return os.path.sep, getproxies(), _json, re_compile
        ''',
    ),
    expand_case(
        "an_import_listed_in_all_stays_as_it_was_and_the_quotes_follow_the_file",
        """
        from urllib.request import getproxies

        __all__ = ['getproxies', 'keep', 'moved']


        def moved():
            return getproxies()


        def keep():
            return 'keep'
        """,
        """
        from urllib.request import getproxies

        __all__ = ['getproxies', 'keep', 'moved']


        def keep():
            return 'keep'


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        from urllib.request import getproxies

        __all__ = ['moved']


        def moved():
            return getproxies()
        ''',
    ),
    expand_case(
        "a_comment_on_a_narrowed_import_stays",
        """
        from os.path import sep, join as _join  # type: ignore[attr-defined]


        def moved():
            return _join


        def keep():
            return sep
        """,
        """
        from os.path import sep  # type: ignore[attr-defined]


        def keep():
            return sep


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        from os.path import join as _join


        def moved():
            return _join
        ''',
    ),
    # the target imports the name relatively already: the same import, not a clash
    expand_case(
        "an_existing_target_importing_the_name_relatively_is_not_a_clash",
        """
        from .config import _X


        def moved():
            return _X
        """,
        "",
        target_after="""
        from .config import _X, _Y


        def old():
            return _X, _Y


        def moved():
            return _X
        """,
        target_before="from .config import _X, _Y\n\n\ndef old():\n    return _X, _Y\n",
    ),
    # pyflakes (flake8) does not read ``x as x`` as a re-export, and ruff's PLC0414 flags it
    *(
        expand_case(
            f"a_kept_public_import_gets_noqa_where_{why}",
            """
            from urllib.request import getproxies


            def moved():
                return getproxies()
            """,
            """
            from urllib.request import getproxies  # noqa: F401


            """,
            target_after='''
            """Moved from pkg.src: moved."""

            from urllib.request import getproxies


            def moved():
                return getproxies()
            ''',
            other_files={path: config},
        )
        for why, path, config in (
            ("flake8_lints", "setup.cfg", "[flake8]\nmax-line-length = 100\n"),
            ("ruff_selects_plc0414", "pyproject.toml", '[tool.ruff.lint]\nselect = ["F", "PL"]\n'),
        )
    ),
)

CASES = {ExtractExpand.ID: STYLE}
