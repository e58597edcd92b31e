"""extract-module.expand when some module does ``from pkg.src import *`` (``star_imported``): a
source without ``__all__`` gets one listing what that star import brought, so that it keeps
bringing the moved names (which the shim serves, and a star import reads ``__all__``).
"""

from __future__ import annotations

from refactor_coord.rewrite.cases import Case, dedent
from refcoord_codemods.extract_module.cases.builders import STAR_NOTE, expand_case
from refcoord_codemods.extract_module.steps import ExtractExpand

NEW_TARGET = '''
    """Moved from pkg.src: moved."""


    def moved():
        return 1
    '''

STAR_IMPORTED: tuple[Case, ...] = (
    expand_case(
        "star_imported_source_without_all_gets_one_after_its_imports",
        """
        \"\"\"Helpers.\"\"\"

        from __future__ import annotations

        import os.path
        import re
        from typing import Any as _Any, cast

        try:
            import simplejson as json
        except ImportError:
            import json

        if os.sep == "/":
            SEP = "/"
        else:
            SEP = "\\\\"

        with open(os.devnull) as handle:
            pass

        for _i in range(2):
            pass
        del _i

        _cache = {}
        LIMIT: int = 3
        NOTE: str


        def moved():
            return re.sub("a", "b", "a")


        def _private():
            return 1


        class Keep:
            pass
        """,
        (
            dedent("""
        \"\"\"Helpers.\"\"\"

        from __future__ import annotations

        import os.path
        import re
        from typing import Any as _Any, cast

        """)
            + STAR_NOTE
            + dedent("""
        __all__ = [
            "LIMIT",
            "SEP",
            "Keep",
            "cast",
            "handle",
            "json",
            "moved",
            "os",
            "re",
        ]

        try:
            import simplejson as json
        except ImportError:
            import json

        if os.sep == "/":
            SEP = "/"
        else:
            SEP = "\\\\"

        with open(os.devnull) as handle:
            pass

        for _i in range(2):
            pass
        del _i

        _cache = {}
        LIMIT: int = 3
        NOTE: str


        def _private():
            return 1


        class Keep:
            pass


        """)
        ),
        target_after='''
        """Moved from pkg.src: moved."""

        from __future__ import annotations

        import re


        def moved():
            return re.sub("a", "b", "a")
        ''',
        star_imported=True,
    ),
    expand_case(
        "not_star_imported_source_without_all_gets_none",
        """
        import re


        def moved():
            return re.sub("a", "b", "a")


        def keep():
            return 1
        """,
        """
        import re as re


        def keep():
            return 1


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        import re


        def moved():
            return re.sub("a", "b", "a")
        ''',
    ),
    expand_case(
        "star_imported_source_with_all_keeps_it",
        """
        __all__ = ["moved"]


        def moved():
            return 1


        def keep():
            return 1
        """,
        """
        __all__ = ["moved"]


        def keep():
            return 1


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        __all__ = ["moved"]


        def moved():
            return 1
        ''',
        star_imported=True,
    ),
    expand_case(
        "star_imported_but_only_private_names_move_no_all",
        """
        def _moved():
            return 1


        def keep():
            return 1
        """,
        """
        def keep():
            return 1


        """,
        target_after='''
        """Moved from pkg.src: _moved."""


        def _moved():
            return 1
        ''',
        shim_names=("_moved",),
        star_imported=True,
        symbols=["_moved"],
    ),
    # a name bound on some paths only is listed when the module has it: listing a missing name
    # would make the star import fail, so that check runs after the module's code, before the shim
    expand_case(
        "names_bound_on_some_paths_only_are_listed_when_bound",
        """
        import sys

        try:
            from lxml import etree
        except ImportError as error:
            REASON = str(error)
        else:
            REASON = ""

        if sys.platform == "win32":
            import winreg

        for item in range(0):
            pass

        while False:
            LOOPED = 1

        del sys


        def moved():
            return 1
        """,
        (
            dedent("""
        import sys

        try:
            from lxml import etree
        except ImportError as error:
            REASON = str(error)
        else:
            REASON = ""

        if sys.platform == "win32":
            import winreg

        for item in range(0):
            pass

        while False:
            LOOPED = 1

        del sys


        """)
            + STAR_NOTE
            + dedent("""
        __all__ = ["REASON", "moved"]
        # Names bound on some paths only: listed when this module has them.
        __all__ += [
            _name
            for _name in [
                "LOOPED",
                "etree",
                "item",
                "winreg",
            ]
            if _name in globals()
        ]


        """)
        ),
        target_after=NEW_TARGET,
        star_imported=True,
    ),
    expand_case(
        "long_list_one_name_a_line_in_the_files_indentation",
        """
        import collections, functools, itertools, operator, os, re, string, sys, textwrap, typing


        def moved():
        \treturn 1
        """,
        (
            dedent("""
        import collections, functools, itertools, operator, os, re, string, sys, textwrap, typing

        """)
            + STAR_NOTE
            + dedent("""
        __all__ = [
        \t"collections",
        \t"functools",
        \t"itertools",
        \t"moved",
        \t"operator",
        \t"os",
        \t"re",
        \t"string",
        \t"sys",
        \t"textwrap",
        \t"typing",
        ]


        """)
        ),
        target_after='"""Moved from pkg.src: moved."""\n\n\ndef moved():\n\treturn 1\n',
        shim_indent="\t",
        star_imported=True,
    ),
    # a package's own submodules its imports load are globals of the package too
    expand_case(
        "package_source_lists_the_submodules_its_imports_bind",
        """
        from . import loaders
        from .codecs.utf import decode
        import pkg.src.plugins.base
        from pkg.src.extra import tool as _tool


        def moved():
            return 1
        """,
        (
            dedent("""
        from . import loaders
        from .codecs.utf import decode
        import pkg.src.plugins.base
        from pkg.src.extra import tool as _tool

        """)
            + STAR_NOTE
            + dedent("""
        __all__ = ["codecs", "decode", "extra", "loaders", "moved", "pkg", "plugins"]


        """)
        ),
        target_after=NEW_TARGET,
        star_imported=True,
        is_package=True,
    ),
    expand_case(
        "star_imported_source_that_star_imports_refused",
        """
        from os.path import *


        def moved():
            return 1
        """,
        refused="star-imports another module itself",
        star_imported=True,
    ),
    expand_case(
        "star_imported_source_with_no_top_level_imports",
        """
        def moved():
            return 1


        def keep():
            return 1
        """,
        (
            STAR_NOTE
            + dedent("""
        __all__ = ["keep", "moved"]


        def keep():
            return 1


        """)
        ),
        target_after=NEW_TARGET,
        star_imported=True,
    ),
)

CASES = {ExtractExpand.ID: STAR_IMPORTED}
