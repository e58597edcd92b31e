"""extract-module.expand, before and after: the source module and the target module
(CORRECTNESS.md: "Moved code reads globals", "Text and files").

Each case is the source module ``pkg.src`` (``pkg/src.py``) before, and after expand: its text
up to the shim that now serves the moved names (``shim_names``: ``moved`` unless said), and the
target module ``pkg.target`` (``target_before``: when it exists already).
"""

from __future__ import annotations

from dataclasses import replace

from refactor_coord.rewrite.cases import Case, dedent
from refcoord_codemods.extract_module.cases.builders import expand_case
from refcoord_codemods.extract_module.steps import ExtractExpand

EXPAND: tuple[Case, ...] = (
    expand_case(
        "function_moves_verbatim_with_decorators_comments_docstring",
        """
        import functools


        def keep():
            return 1


        # leading comment
        @functools.lru_cache(maxsize=None)  # decorator comment
        @functools.wraps(keep)
        def moved(x: int) -> int:  # signature comment
            \"\"\"Docstring.\"\"\"
            # inner comment

            return x  # tail
        """,
        """
        import functools as functools


        def keep():
            return 1


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import functools

        from pkg.src import keep


        # leading comment
        @functools.lru_cache(maxsize=None)  # decorator comment
        @functools.wraps(keep)
        def moved(x: int) -> int:  # signature comment
            \"\"\"Docstring.\"\"\"
            # inner comment

            return x  # tail
        """,
    ),
    expand_case(
        "constant",
        """
        A = 1
        moved = {"k": 1}  # the table
        B = 2
        """,
        """
        A = 1
        B = 2


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        moved = {"k": 1}  # the table
        """,
    ),
    expand_case(
        "new_target_keeps_the_licence_header_but_not_shebang_or_cookie",
        """
        #!/usr/bin/env python
        # -*- coding: latin-1 -*-
        # Copyright (c) 2024 Someone
        # SPDX-License-Identifier: BSD-3-Clause
        \"\"\"Source docstring.\"\"\"


        def moved():
            return 1


        def keep():
            return 2
        """,
        """
        #!/usr/bin/env python
        # -*- coding: latin-1 -*-
        # Copyright (c) 2024 Someone
        # SPDX-License-Identifier: BSD-3-Clause
        \"\"\"Source docstring.\"\"\"


        def keep():
            return 2


        """,
        target_after="""
        # Copyright (c) 2024 Someone
        # SPDX-License-Identifier: BSD-3-Clause
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return 1
        """,
    ),
    expand_case(
        "private_helper_used_only_by_moved_code_moves_along",
        """
        def _helper():
            return 1


        def moved():
            return _helper()


        def stay():
            return 2
        """,
        """
        def stay():
            return 2


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def _helper():
            return 1


        def moved():
            return _helper()
        """,
        shim_names=("_helper", "moved"),
    ),
    expand_case(
        "helper_used_by_both_sides_stays_and_is_reached_through_the_source",
        """
        def _shared():
            return 1


        def moved():
            return _shared()


        def stay():
            return _shared()
        """,
        """
        def _shared():
            return 1


        def stay():
            return _shared()


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _src


        def moved():
            return _src._shared()
        """,
    ),
    expand_case(
        "imports_copied_and_removed_only_when_unused_in_the_source",
        """
        import json
        import os
        from pathlib import Path


        def moved():
            return json.dumps(os.sep), Path


        def stay():
            return os.sep
        """,
        """
        import json as json
        import os
        from pathlib import Path as Path


        def stay():
            return os.sep


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import json
        import os
        from pathlib import Path


        def moved():
            return json.dumps(os.sep), Path
        """,
    ),
    expand_case(
        "imports_removed_from_a_multi_line_import_keep_its_lines",
        """
        from os.path import (
            basename, join, dirname,
            sep,
        )


        def moved():
            return join, dirname


        def stay():
            return basename, sep
        """,
        """
        from os.path import (  # noqa: F401
            basename, join, dirname,
            sep,
        )


        def stay():
            return basename, sep


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from os.path import dirname, join


        def moved():
            return join, dirname
        """,
    ),
    expand_case(
        "future_import_copied",
        """
        \"\"\"Doc.\"\"\"
        from __future__ import annotations

        import os


        def moved(x: Later) -> None:
            return None


        class Later: ...
        """,
        """
        \"\"\"Doc.\"\"\"
        from __future__ import annotations

        import os


        class Later: ...


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from __future__ import annotations

        import pkg.src as _src


        def moved(x: _src.Later) -> None:
            return None
        """,
    ),
    expand_case(
        "relative_imports_stay_relative_in_the_target",
        """
        from . import sibling
        from .util import helper as h
        from ..top import T


        def moved():
            return sibling, h, T
        """,
        """
        from . import sibling as sibling
        from .util import helper as h  # noqa: F401
        from ..top import T as T


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from top import T

        from . import sibling
        from .util import helper as h


        def moved():
            return sibling, h, T
        """,
    ),
    expand_case(
        "relative_imports_of_a_package_source",
        """
        from .util import helper


        def moved():
            return helper()
        """,
        """
        from .util import helper as helper


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from .src.util import helper


        def moved():
            return helper()
        """,
        is_package=True,
    ),
    expand_case(
        "existing_target_extended_without_duplicate_imports",
        """
        import os
        import json


        def moved():
            return os.sep, json
        """,
        """
        import os as os
        import json as json


        """,
        target_after="""
        \"\"\"Target.\"\"\"
        import osmosis
        import os
        import json

        __all__ = ["old"]


        def old():
            return os


        def moved():
            return os.sep, json
        """,
        target_before=(
            '"""Target."""\nimport osmosis\nimport os\n\n__all__ = ["old"]\n\n\n'
            "def old():\n    return os\n"
        ),
    ),
    expand_case(
        "existing_target_gets_the_future_import_at_its_top",
        """
        from __future__ import annotations


        def moved(x: int) -> int:
            return x
        """,
        """
        from __future__ import annotations


        """,
        target_after="""
        \"\"\"Target.\"\"\"

        from __future__ import annotations
        import os


        def old():
            return os


        def moved(x: int) -> int:
            return x
        """,
        target_before='"""Target."""\nimport os\n\n\ndef old():\n    return os\n',
    ),
    expand_case(
        "all_keeps_the_moved_names_in_the_source_and_gets_them_in_the_target",
        """
        __all__ = ["moved", "stay"]


        def moved():
            return 1


        def stay():
            return 2
        """,
        """
        __all__ = ["moved", "stay"]


        def stay():
            return 2


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        __all__ = ["moved"]


        def moved():
            return 1
        """,
    ),
    # the source's __all__ does not list "hidden": the target does not start exporting it
    expand_case(
        "target_all_lists_only_the_names_the_source_exported",
        """
        __all__ = ("moved", "stay")


        def moved():
            return 1


        def hidden():
            return 2


        def stay():
            return 3
        """,
        """
        __all__ = ("moved", "stay")


        def stay():
            return 3


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved, hidden.\"\"\"

        __all__ = ["moved"]


        def moved():
            return 1


        def hidden():
            return 2
        """,
        shim_names=("hidden", "moved"),
        symbols=["moved", "hidden"],
    ),
    expand_case(
        "no_all_in_the_source_none_in_the_target",
        """
        def moved():
            return 1
        """,
        "",
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return 1
        """,
    ),
    expand_case(
        "existing_target_all_is_extended",
        """
        __all__ = ["moved"]


        def moved():
            return 1
        """,
        """
        __all__ = ["moved"]


        """,
        target_after="""
        __all__ = ["old", "moved"]
        old = 1


        def moved():
            return 1
        """,
        target_before='__all__ = ["old"]\nold = 1\n',
    ),
    expand_case(
        "remaining_code_reaches_moved_names_through_an_import_among_the_imports",
        """
        import os


        def moved():
            return os.sep


        def stay():
            return moved()
        """,
        """
        import os as os

        # moved by refcoord: remaining code uses moved names
        import pkg.target as _target


        def stay():
            return _target.moved()


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import os


        def moved():
            return os.sep
        """,
    ),
    expand_case(
        "remaining_code_using_moved_names_at_import_time_imports_the_target_first",
        """
        \"\"\"Doc.\"\"\"
        import os

        moved = 2
        DOUBLE = moved * 2
        """,
        """
        \"\"\"Doc.\"\"\"
        import os

        # moved by refcoord: remaining code uses moved names
        import pkg.target as _target

        DOUBLE = _target.moved * 2


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        moved = 2
        """,
    ),
    expand_case(
        "moved_code_reads_source_globals_at_call_time_so_the_source_is_imported_last",
        """
        CONST = 1
        moved = 2
        DOUBLE = moved * 2


        def f():
            return moved


        def g():
            return CONST
        """,
        """
        # moved by refcoord: remaining code uses moved names
        import pkg.target as _target

        CONST = 1
        DOUBLE = _target.moved * 2


        def f():
            return _target.moved


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved, g.\"\"\"


        moved = 2


        def g():
            return _src.CONST


        # Imported at the end, not at the top: the source module reads this module's
        # names when it is imported, so this module must define them first (an import
        # cycle).
        import pkg.src as _src  # noqa: E402
        """,
        shim_names=("g", "moved"),
        symbols=["moved", "g"],
    ),
    # names bound inside a top-level compound statement are source globals too (pathspec's
    # StrPath); read only when the module is imported (annotations evaluated then), by name
    expand_case(
        "global_bound_in_if_else_and_read_on_import_is_imported_by_name",
        """
        import sys

        if sys.version_info >= (3, 9):
            StrPath = str
        else:
            StrPath = bytes


        def moved(file: StrPath) -> StrPath:
            return file
        """,
        """
        import sys

        if sys.version_info >= (3, 9):
            StrPath = str
        else:
            StrPath = bytes


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from pkg.src import StrPath


        def moved(file: StrPath) -> StrPath:
            return file
        """,
    ),
    # a conditional import is not copied (it may fail where the source's fallback did not); a
    # private name bound in a block stays there rather than half of the block moving
    expand_case(
        "globals_bound_in_try_with_for_while_blocks_are_read_through_the_source",
        """
        try:
            import simplejson as json
        except ImportError:
            import json
            FAST = False
        else:
            FAST = True
        finally:
            DONE = True

        with open(__file__) as fh:
            HEADER = fh.readline()

        for _i in range(3):
            LAST = _i
        else:
            LOOPED = True

        while False:
            pass
        else:
            W = 1

        if FAST:
            SEP = "/"


        def moved():
            return (json, FAST, DONE, fh, HEADER,
                    LAST, LOOPED, W, SEP)
        """,
        """
        try:
            import simplejson as json
        except ImportError:
            import json
            FAST = False
        else:
            FAST = True
        finally:
            DONE = True

        with open(__file__) as fh:
            HEADER = fh.readline()

        for _i in range(3):
            LAST = _i
        else:
            LOOPED = True

        while False:
            pass
        else:
            W = 1

        if FAST:
            SEP = "/"


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _src


        def moved():
            return (_src.json, _src.FAST, _src.DONE, _src.fh, _src.HEADER,
                    _src.LAST, _src.LOOPED, _src.W, _src.SEP)
        """,
    ),
    expand_case(
        "imported_name_rebound_in_a_block_and_read_on_import_is_imported_from_the_source",
        """
        import sys
        from functools import lru_cache as cache

        if sys.version_info >= (3, 9):
            from functools import cache


        @cache
        def moved(): ...
        """,
        """
        import sys
        from functools import lru_cache as cache

        if sys.version_info >= (3, 9):
            from functools import cache


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from pkg.src import cache


        @cache
        def moved(): ...
        """,
    ),
    # an import under TYPE_CHECKING (often there to avoid an import cycle) stays under it
    expand_case(
        "type_checking_import_is_copied_under_type_checking",
        """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal
            from fractions import Fraction


        def moved(x: Decimal) -> None: ...


        def keep(y: Fraction) -> None: ...
        """,
        """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction


        def keep(y: Fraction) -> None: ...


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: Decimal) -> None: ...
        """,
    ),
    expand_case(
        "type_checking_import_used_in_a_string_annotation",
        """
        import typing

        if typing.TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: "Decimal") -> "list[Decimal]": ...
        """,
        "",
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: "Decimal") -> "list[Decimal]": ...
        """,
    ),
    expand_case(
        "type_checking_import_joins_the_targets_own_block",
        """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: Decimal) -> None: ...
        """,
        """
        from __future__ import annotations


        """,
        target_after="""
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction
            from decimal import Decimal


        def other(f: Fraction) -> Fraction:
            return f


        def moved(x: Decimal) -> None: ...
        """,
        target_before="from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from fractions import Fraction\n\n\n"
        "def other(f: Fraction) -> Fraction:\n    return f\n",
    ),
    expand_case(
        "type_checking_import_into_an_existing_target",
        """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: Decimal) -> None: ...
        """,
        """
        from __future__ import annotations


        """,
        target_after="""
        \"\"\"Target.\"\"\"

        from __future__ import annotations

        import os
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def other():
            return os.sep


        def moved(x: Decimal) -> None: ...
        """,
        target_before='"""Target."""\n\nimport os\n\n\ndef other():\n    return os.sep\n',
    ),
    expand_case(
        "symbol_defined_only_inside_a_block_refused",
        """
        import sys

        if sys.version_info >= (3, 9):
            def moved(): ...
        else:
            def moved(): ...
        """,
        refused="only inside an if, try, with, for or while block",
    ),
    # a bare string right after a moved assignment is its docstring (Sphinx): it moves along
    expand_case(
        "attribute_docstring_moves_with_its_assignment",
        """
        A = 1
        \"\"\"A's doc.\"\"\"

        _registry = {}

        \"\"\"*_registry* maps names to factories.\"\"\"


        def moved(name):
            return _registry[name]
        \"\"\"A string after a function is not its docstring: it stays.\"\"\"


        def stay():
            return A
        """,
        """
        A = 1
        \"\"\"A's doc.\"\"\"

        \"\"\"A string after a function is not its docstring: it stays.\"\"\"


        def stay():
            return A


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        _registry = {}

        \"\"\"*_registry* maps names to factories.\"\"\"


        def moved(name):
            return _registry[name]
        """,
        shim_names=("_registry", "moved"),
    ),
    expand_case(
        "attribute_docstring_moves_into_an_existing_target",
        """
        moved: dict[str, int] = {}
        \"\"\"Maps names to numbers.\"\"\"
        OTHER = 1
        """,
        """
        OTHER = 1


        """,
        target_after="""
        \"\"\"T.\"\"\"
        X = 1


        moved: dict[str, int] = {}
        \"\"\"Maps names to numbers.\"\"\"
        """,
        target_before='"""T."""\nX = 1\n',
    ),
    expand_case(
        "crlf_and_bom_preserved",
        "\ufeffimport os\r\n\r\n\r\ndef moved():\r\n    return os.sep\r\n\r\n\r\n"
        "def stay():\r\n    return 1\r\n",
        "\ufeffimport os as os\r\n\r\n\r\ndef stay():\r\n    return 1\r\n\r\n\r\n",
        target_after='"""Moved from pkg.src: moved."""\r\n\r\nimport os\r\n\r\n\r\n'
        "def moved():\r\n    return os.sep\r\n",
        raw=True,
    ),
    expand_case(
        "shim_indented_with_tabs_in_a_tab_indented_file",
        "import os\n\n\ndef moved():\n\treturn os.sep\n\n\ndef stay():\n\treturn 1\n",
        "import os as os\n\n\ndef stay():\n\treturn 1\n\n\n",
        target_after=(
            '"""Moved from pkg.src: moved."""\n\nimport os\n\n\ndef moved():\n\treturn os.sep\n'
        ),
        shim_indent="\t",
        raw=True,
    ),
    expand_case(
        "existing_getattr_refused",
        """
        def __getattr__(name):
            raise AttributeError(name)


        def moved(): ...
        """,
        refused="already defines __getattr__",
    ),
    expand_case(
        "unknown_symbol_refused",
        "def moved(): ...\n",
        refused="'nope' is not defined",
        symbols=["nope"],
    ),
    expand_case(
        "chained_assignment_refused",
        "moved = other = 1\n",
        refused="defined in one statement with other",
    ),
    expand_case(
        "tuple_assignment_refused",
        "moved, other = 1, 2\n",
        refused="defined in one statement with other",
    ),
    expand_case(
        "moved_name_assigned_again_refused",
        """
        moved = 1
        moved = 2
        """,
        refused="also assigned outside its definition",
    ),
    expand_case(
        "moved_code_rebinding_a_source_global_refused",
        """
        COUNTER = 0


        def moved():
            global COUNTER
            COUNTER += 1
        """,
        refused="`global` statement",
    ),
    expand_case(
        "import_cycle_refused",
        """
        class Base: ...


        class moved(Base): ...


        INSTANCE = moved()
        """,
        refused="import cycle",
    ),
    expand_case(
        "name_from_a_star_import_refused",
        """
        from os.path import *


        def moved():
            return join("a", "b")
        """,
        refused="join",
    ),
    expand_case(
        "target_already_defines_the_name_refused",
        "def moved(): ...\n",
        refused="already defines moved",
        target_before="moved = 1\n",
    ),
    expand_case(
        "target_name_clash_refused",
        """
        from json import dumps


        def moved():
            return dumps(1)
        """,
        refused="already uses the name dumps",
        target_before="def dumps(x):\n    return x\n",
    ),
    expand_case(
        "source_does_not_parse_refused",
        "def moved(:\n",
        refused="does not parse",
    ),
    # a private helper the index finds used in other files stays; else it moves along
    expand_case(
        "a_private_helper_used_elsewhere_stays_in_the_source",
        """
        def _helper():
            return 1


        def moved():
            return _helper()
        """,
        """
        def _helper():
            return 1


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _src


        def moved():
            return _src._helper()
        """,
        used_elsewhere=["_helper"],
    ),
    expand_case(
        "a_private_helper_used_nowhere_else_moves_along",
        """
        def _helper():
            return 1


        def moved():
            return _helper()
        """,
        "",
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def _helper():
            return 1


        def moved():
            return _helper()
        """,
        shim_names=("_helper", "moved"),
    ),
    # issue 12, class 1: other modules patch the import on the source; it stays there
    expand_case(
        "an_import_other_modules_patch_on_the_source_is_read_through_it",
        """
        from pkg._compat import strip_styles


        def moved(message):
            return strip_styles(message)
        """,
        """
        from pkg._compat import strip_styles as strip_styles


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _src


        def moved(message):
            return _src.strip_styles(message)
        """,
        used_elsewhere=("strip_styles",),
    ),
    # issue 12, class 3: a sentinel made in try/except ImportError moves with its only user
    expand_case(
        "a_private_sentinel_bound_in_a_try_block_moves_with_its_user",
        """
        try:
            from pkg._speedups import _fast
        except ImportError:
            _fast = None


        def moved(parts):
            return _fast(parts) if _fast else "".join(parts)


        X = 1
        """,
        """
        X = 1


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        try:
            from pkg._speedups import _fast
        except ImportError:
            _fast = None


        def moved(parts):
            return _fast(parts) if _fast else "".join(parts)
        """,
        shim_names=("_fast", "moved"),
    ),
    # issue 12, class 2: an importer runs while the source initializes: the moved name is
    # bound back where it was defined; what the source imports below is read through it
    expand_case(
        "bound_back_where_the_definition_stood",
        """
        def helper():
            return "h"


        def moved():
            return helper() + other.SUFFIX


        from pkg import other
        """,
        """
        def helper():
            return "h"


        # refcoord: bound here until the deprecate step
        from pkg.target import moved as moved


        from pkg import other as other


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return _src.helper() + _src.other.SUFFIX


        # Imported at the end, not at the top: the source module reads this module's
        # names when it is imported, so this module must define them first (an import
        # cycle).
        import pkg.src as _src  # noqa: E402
        """,
        bind_back=True,
    ),
    # for flake8 (pyflakes does not read ``name as name``): one import with noqa F401 on its
    # first line, where pyflakes reports a plain name (the gauntlet's markdown: the sorted
    # one-name-a-line form could not be written as one statement)
    expand_case(
        "bound_back_for_flake8_is_one_import_with_noqa",
        """
        def first_of_the_moved_functions():
            return 1


        def second_of_the_moved_functions():
            return 2


        from pkg import other
        """,
        """
        # refcoord: bound here until the deprecate step
        from pkg.target import (  # noqa: F401
            first_of_the_moved_functions,
            second_of_the_moved_functions,
        )


        from pkg import other


        """,
        target_after="""
        \"\"\"Moved from pkg.src.\"\"\"


        def first_of_the_moved_functions():
            return 1


        def second_of_the_moved_functions():
            return 2
        """,
        symbols=("first_of_the_moved_functions", "second_of_the_moved_functions"),
        shim_names=("first_of_the_moved_functions", "second_of_the_moved_functions"),
        bind_back=True,
        other_files={"setup.cfg": "[flake8]\nmax-line-length = 79\n"},
    ),
    # the gauntlet (itsdangerous): ``if t.TYPE_CHECKING:`` after ``import typing as t`` is a
    # type-only block too: its import goes to the target's block, not read through the source
    # (``_src.te`` is nothing at run time, and mypy cannot resolve it)
    expand_case(
        "a_type_only_import_under_t_type_checking_goes_to_the_target",
        """
        from __future__ import annotations

        import typing as t

        if t.TYPE_CHECKING:
            import typing_extensions as te


        def moved(x: object) -> te.TypeGuard[str]:
            return isinstance(x, str)


        def keep() -> te.TypeGuard[int]:
            return True
        """,
        """
        from __future__ import annotations

        import typing as t

        if t.TYPE_CHECKING:
            import typing_extensions as te


        def keep() -> te.TypeGuard[int]:
            return True


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            import typing_extensions as te


        def moved(x: object) -> te.TypeGuard[str]:
            return isinstance(x, str)
        ''',
    ),
    # the gauntlet (humanize, whose ruff bans typing.TYPE_CHECKING): a source that assigns
    # ``TYPE_CHECKING = False`` gets a target that does the same
    expand_case(
        "a_target_spells_type_checking_as_its_source",
        """
        from __future__ import annotations

        TYPE_CHECKING = False
        if TYPE_CHECKING:
            import datetime as dt


        def moved(x: dt.date) -> None:
            return None


        def keep() -> None:
            return None
        """,
        """
        from __future__ import annotations

        TYPE_CHECKING = False


        def keep() -> None:
            return None


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        from __future__ import annotations

        TYPE_CHECKING = False

        if TYPE_CHECKING:
            import datetime as dt


        def moved(x: dt.date) -> None:
            return None
        ''',
    ),
    # the gauntlet (semver): the moved code names a class that stays only in strings type
    # checkers read (``Union["Version", ...]``): the target imports it for them, under
    # ``if TYPE_CHECKING:`` (mypy's name-defined otherwise; at run time nothing reads it)
    expand_case(
        "a_staying_class_named_in_the_moved_codes_type_strings_is_imported_for_type_checkers",
        """
        from typing import Union

        Comparable = Union["Version", dict, str]


        class Version:
            def same(self, other: "Version") -> bool:
                return self is other
        """,
        """
        from typing import Union as Union


        class Version:
            def same(self, other: "Version") -> bool:
                return self is other


        """,
        target_after='''
        """Moved from pkg.src: Comparable."""

        from typing import TYPE_CHECKING, Union

        if TYPE_CHECKING:
            from pkg.src import Version


        Comparable = Union["Version", dict, str]
        ''',
        symbols=("Comparable",),
        shim_names=("Comparable",),
    ),
    # the gauntlet (humanize, pydocstyle): the source's __all__ did not list the moved function,
    # so it was not public there; the target's empty __all__ keeps it so (D103 otherwise, and a
    # star import of the target would bring it)
    expand_case(
        "a_target_lists_in_all_only_what_the_source_listed_even_none",
        """
        __all__ = ["keep"]


        def moved():
            return 1


        def keep():
            return 2
        """,
        """
        __all__ = ["keep"]


        def keep():
            return 2


        """,
        target_after='''
        """Moved from pkg.src: moved."""

        __all__ = []


        def moved():
            return 1
        ''',
    ),
    # the gauntlet (markdown, flake8): code comes before the bound-back import, so flake8 and
    # ruff report E402 on its first line: the noqa there says so
    expand_case(
        "bound_back_after_code_says_noqa_for_e402",
        """
        import re

        PATTERN = re.compile("x")


        def moved():
            return 1


        from pkg import other
        """,
        """
        import re

        PATTERN = re.compile("x")


        # refcoord: bound here until the deprecate step
        from pkg.target import moved  # noqa: E402, F401


        from pkg import other


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return 1
        """,
        bind_back=True,
        other_files={"setup.cfg": "[flake8]\\nmax-line-length = 79\\n"},
    ),
    # the gauntlet (humanize): a doctest that imports a moved name from the source fails once
    # the shim warns; in the moved code and in the source it now imports from the target
    expand_case(
        "doctest_imports_of_moved_names_are_pointed_at_the_target",
        '''
        def moved(x):
            """
            >>> from pkg.src import moved
            >>> moved(2)
            4
            """
            return 2 * x


        def stays(x):
            """
            >>> from pkg.src import moved, stays
            >>> stays(1)
            4
            """
            return moved(moved(x))
        ''',
        '''
        # moved by refcoord: remaining code uses moved names
        import pkg.target as _target


        def stays(x):
            """
            >>> from pkg.src import stays
            >>> from pkg.target import moved
            >>> stays(1)
            4
            """
            return _target.moved(_target.moved(x))


        ''',
        target_after='''
        """Moved from pkg.src: moved."""


        def moved(x):
            """
            >>> from pkg.target import moved
            >>> moved(2)
            4
            """
            return 2 * x
        ''',
    ),
    # the gauntlet (cachetools): import collections and import collections.abc both bind
    # collections; the second is what makes collections.abc an attribute: both are copied
    expand_case(
        "every_import_binding_a_name_the_moved_code_reads_is_copied",
        """
        import collections
        import collections.abc


        class moved(collections.abc.MutableMapping):
            pass


        def stays():
            return collections.OrderedDict()
        """,
        """
        import collections
        import collections.abc


        def stays():
            return collections.OrderedDict()


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import collections
        import collections.abc


        class moved(collections.abc.MutableMapping):
            pass
        """,
    ),
    # the gauntlet (python-slugify, sqlparse): run as a script, the module's main block uses a
    # moved name, so the import of the target goes above it
    expand_case(
        "the_import_of_the_target_goes_above_a_closing_main_block",
        """
        def moved():
            return 2


        def main():
            print(moved())


        if __name__ == "__main__":
            main()
        """,
        """
        # moved by refcoord: remaining code uses moved names
        import pkg.target as _target


        def main():
            print(_target.moved())


        if __name__ == "__main__":
            main()


        """,
        target_after="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return 2
        """,
    ),
    # the sources the deprecate and contract cases in shim_cases.py start from
    expand_case(
        "crlf_and_bom_preserved_when_only_a_constant_stays",
        "\ufefffrom os import sep as _sep\r\n\r\n\r\ndef moved():\r\n    return _sep\r\n\r\n\r\n"
        "X = 1\r\n",
        "\ufeffX = 1\r\n\r\n\r\n",
        target_after='"""Moved from pkg.src: moved."""\r\n\r\n'
        "from os import sep as _sep\r\n\r\n\r\ndef moved():\r\n    return _sep\r\n",
        raw=True,
    ),
    expand_case(
        "tab_indented_source_gets_a_tab_indented_shim",
        "def moved():\n\treturn 1\n\n\ndef stay():\n\treturn 2\n",
        "def stay():\n\treturn 2\n\n\n",
        target_after='"""Moved from pkg.src: moved."""\n\n\ndef moved():\n\treturn 1\n',
        shim_indent="\t",
        raw=True,
    ),
)

_API_DOCS = dedent(
    """
    .. currentmodule:: pkg.src

    :func:`moved`, :func:`pkg.src.moved` and :func:`the moved one <moved>`; :func:`keep`
    stays, and :func:`pkg.moved` keeps working through the package.

    .. code-block:: python

       from pkg.src import moved, keep

       moved(keep())

    .. code-block:: python

       from pkg import src

       src.moved(src.keep())
    """
)


def _documented(case: Case, docs: dict[str, tuple[str, str]]) -> Case:
    """``case`` with documentation files the plan gives expand: ``{path: (before, after)}``."""
    return replace(
        case,
        args={**case.args, "documented": tuple(docs)},
        before={**case.before, **{path: before for path, (before, _) in docs.items()}},
        after={**case.after, **{path: after for path, (_, after) in docs.items()}},
        files=(*(case.files or ()), *docs),
    )


EXPAND += (
    # issue 14: documentation names the moved name: its cross-references, in full or in the
    # source's module, and its code samples' imports are pointed at the target; the source's
    # own docstrings too
    _documented(
        expand_case(
            "documentation_cross_references_and_code_samples_follow_the_move",
            '''
            """Helpers: :func:`moved` and :func:`keep`."""


            def moved():
                """Not :class:`~pkg.src.moved`'s twin."""
                return 1


            def keep():
                return 2
            ''',
            '''
            """Helpers: :func:`~pkg.target.moved` and :func:`keep`."""


            def keep():
                return 2


            ''',
            target_after="""
            \"\"\"Moved from pkg.src: moved.\"\"\"


            def moved():
                \"\"\"Not :class:`~pkg.target.moved`'s twin.\"\"\"
                return 1
            """,
        ),
        {
            "docs/api.rst": (
                _API_DOCS,
                _API_DOCS.replace(":func:`moved`", ":func:`~pkg.target.moved`")
                .replace("pkg.src.moved", "pkg.target.moved")
                .replace("<moved>", "<pkg.target.moved>")
                .replace(
                    "from pkg.src import moved, keep\n",
                    "from pkg.src import keep\n   from pkg.target import moved\n",
                )
                .replace(
                    "from pkg import src\n\n   src.moved(",
                    "from pkg import src\n   from pkg import target\n\n   target.moved(",
                ),
            )
        },
    ),
)

CASES = {ExtractExpand.ID: EXPAND}
