"""extract-module.migrate, before and after: one importer's references pointed at the target
module, in every import form (CORRECTNESS.md: "Rewriting imports", "Text and files").

Each case is one importer (``app.py`` unless ``module`` says otherwise) and the source module,
whose shim serves the moved ``names`` (default ``a`` and ``b``, moved from ``pkg.src`` to
``pkg.target``) and whose ``__all__`` lists ``star_names`` when given.
"""

from __future__ import annotations

from refactor_coord.rewrite.cases import Case
from refcoord_codemods.extract_module.cases.builders import migrate_case
from refcoord_codemods.extract_module.steps import ExtractMigrate

MIGRATE: tuple[Case, ...] = (
    migrate_case(
        "from_import",
        """
        from pkg.src import a

        a()
        """,
        """
        from pkg.target import a

        a()
        """,
    ),
    migrate_case(
        "split_keeps_other",
        """
        from pkg.src import a, b, other
        """,
        """
        from pkg.src import other
        from pkg.target import a, b
        """,
    ),
    migrate_case(
        "all_names_replace_the_module",
        """
        from pkg.src import b, a
        """,
        """
        from pkg.target import b, a
        """,
    ),
    migrate_case(
        "multi_line_parenthesised_all_moved",
        """
        from pkg.src import (  # why
            a,  # the a
            b,
        )
        """,
        """
        from pkg.target import (  # why
            a,  # the a
            b,
        )
        """,
    ),
    migrate_case(
        "multi_line_parenthesised_split",
        """
        from pkg.src import (  # why
            a,  # the a
            other,  # keep
            another,
        )
        """,
        """
        from pkg.src import (  # why
            other,  # keep
            another,
        )
        from pkg.target import a
        """,
    ),
    migrate_case(
        "multi_line_moved_name_last",
        """
        from pkg.src import (
            other,  # keep
            a,  # the a
        )
        """,
        """
        from pkg.src import (
            other,  # keep
        )
        from pkg.target import a
        """,
    ),
    migrate_case(
        "multi_line_no_trailing_comma",
        """
        from pkg.src import (
            other,  # keep
            a
        )
        """,
        """
        from pkg.src import (
            other,  # keep
        )
        from pkg.target import a
        """,
    ),
    # pathspec's ``from .util import (\n\t..., _is_iterable,\n\tnormalize_file)``
    migrate_case(
        "multi_line_moved_name_last_on_the_closing_line",
        """
        from pkg.src import (
            other,
            another,
            a)
        """,
        """
        from pkg.src import (
            other,
            another)
        from pkg.target import a
        """,
    ),
    migrate_case(
        "multi_line_moved_name_last_on_the_closing_line_after_a_comment",
        """
        from pkg.src import (
            other,  # keep
            a)
        """,
        """
        from pkg.src import (
            other,  # keep
        )
        from pkg.target import a
        """,
    ),
    migrate_case(
        "multi_line_split_moved_names_on_one_line",
        """
        from pkg.src import (a,  # c
            b,
            other)
        """,
        """
        from pkg.src import (other)
        from pkg.target import a, b
        """,
    ),
    # a removed name's line break moves to the kept name before it: the lines stay as they were
    migrate_case(
        "multi_line_removed_names_keep_the_line_structure",
        """
        from pkg.src import (
            mapcat, isdistinct, a, b,
            nth, take, tail, drop, interpose, get,
        )
        """,
        """
        from pkg.src import (
            mapcat, isdistinct,
            nth, take, tail, drop, interpose, get,
        )
        from pkg.target import a, b
        """,
    ),
    migrate_case(
        "multi_line_removed_names_across_lines_keep_comments",
        """
        from pkg.src import (
            mapcat, a,  # on mapcat's line
            b, c,
            # about nth
            nth, take,
        )
        """,
        """
        from pkg.src import (
            mapcat,  # on mapcat's line
            # about nth
            nth, take,
        )
        from pkg.target import a, b, c
        """,
        names=["a", "b", "c"],
    ),
    migrate_case(
        "multi_line_removed_names_at_the_start_of_a_line",
        """
        from pkg.src import (
            mapcat, isdistinct,
            a, b, nth,
            take,
        )
        """,
        """
        from pkg.src import (
            mapcat, isdistinct,
            nth,
            take,
        )
        from pkg.target import a, b
        """,
    ),
    migrate_case(
        "multi_line_removed_names_last_on_a_shared_line",
        """
        from pkg.src import (
            other, a,
        )
        """,
        """
        from pkg.src import (
            other,
        )
        from pkg.target import a
        """,
    ),
    migrate_case(
        "multi_line_removed_names_before_the_closing_parenthesis",
        """
        from pkg.src import (other, a,
                             b)
        """,
        """
        from pkg.src import (other)
        from pkg.target import a, b
        """,
    ),
    migrate_case(
        "alias_kept",
        """
        from pkg.src import a as b_alias
        b_alias()
        """,
        """
        from pkg.target import a as b_alias
        b_alias()
        """,
    ),
    migrate_case(
        "relative_same_package_stays_relative",
        """
        from .src import a
        """,
        """
        from .target import a
        """,
        module="pkg.app",
    ),
    migrate_case(
        "relative_from_sibling_package",
        """
        from ..utils import X, Y
        """,
        """
        from ..helpers.text import X
        from ..utils import Y
        """,
        module="pkg.sub.app",
        source="pkg.utils",
        target="pkg.helpers.text",
        names=["X"],
    ),
    migrate_case(
        "relative_made_absolute_when_target_is_elsewhere",
        """
        from .src_leaf import a
        """,
        """
        from other.mod import a
        """,
        module="pkg.sub.app",
        source="pkg.sub.src_leaf",
        target="other.mod",
    ),
    # the target's package is the one the dots name: ``from .. import target``, not absolute
    migrate_case(
        "relative_import_of_the_parent_package_stays_relative",
        """
        from .. import src

        src.a()
        """,
        """
        from .. import target

        target.a()
        """,
        module="pkg.sub.app",
    ),
    migrate_case(
        "relative_import_of_the_own_package_stays_relative",
        """
        from . import src

        src.a()
        src.other()
        """,
        """
        from . import src
        from . import target

        target.a()
        src.other()
        """,
        module="pkg.app",
    ),
    migrate_case(
        "package_init_reexport",
        """
        from .src import a, other

        __all__ = ["a", "other"]
        """,
        """
        from .src import other
        from .target import a

        __all__ = ["a", "other"]
        """,
        module="pkg",
        is_package=True,
    ),
    migrate_case(
        "lazy_import_stays_inside_function",
        """
        def f():
            from pkg.src import a
            return a()
        """,
        """
        def f():
            from pkg.target import a
            return a()
        """,
    ),
    migrate_case(
        "type_checking_import_stays_guarded",
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from pkg.src import a, other


        def f(x: "a") -> None: ...
        """,
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from pkg.src import other
            from pkg.target import a


        def f(x: "a") -> None: ...
        """,
    ),
    migrate_case(
        "module_alias_replaced_when_unused",
        """
        import pkg.src as u

        u.a()
        """,
        """
        import pkg.target as target

        target.a()
        """,
    ),
    # the gauntlet (sqlparse): a word in a comment or a docstring kept an unused import (F401)
    migrate_case(
        "module_import_replaced_though_prose_mentions_it",
        """
        \"\"\"Filters for u and src.\"\"\"
        import pkg.src as u

        # u stands for utilities
        u.a()
        """,
        """
        \"\"\"Filters for u and src.\"\"\"
        import pkg.target as target

        # u stands for utilities
        target.a()
        """,
    ),
    # the gauntlet (packaging): a local variable of the same name kept an unused import (F401)
    migrate_case(
        "module_import_replaced_though_a_local_variable_has_its_name",
        """
        import pkg.src as u

        u.a()


        def f(x):
            u = x.u
            return u
        """,
        """
        import pkg.target as target

        target.a()


        def f(x):
            u = x.u
            return u
        """,
    ),
    migrate_case(
        "module_import_kept_for_a_string_naming_it",
        """
        import pkg.src as u

        __all__ = ["u"]
        u.a()
        """,
        """
        import pkg.src as u
        import pkg.target as target

        __all__ = ["u"]
        target.a()
        """,
    ),
    migrate_case(
        "module_alias_kept_when_still_used",
        """
        import pkg.src as u

        u.a()
        u.other()
        """,
        """
        import pkg.src as u
        import pkg.target as target

        target.a()
        u.other()
        """,
    ),
    migrate_case(
        "dotted_module_import",
        """
        import pkg.src

        pkg.src.a()
        """,
        """
        import pkg.target

        pkg.target.a()
        """,
    ),
    migrate_case(
        "dotted_module_import_still_used",
        """
        import pkg.src

        pkg.src.a()
        pkg.src.other()
        """,
        """
        import pkg.src
        import pkg.target

        pkg.target.a()
        pkg.src.other()
        """,
    ),
    migrate_case(
        "from_package_import_module",
        """
        from pkg import src

        print(src.a)
        """,
        """
        from pkg import target

        print(target.a)
        """,
    ),
    # a string that spells the module's name is not a use of it (sqlparse's ``varname='sql'``
    # kept ``from sqlparse import sql`` unused); an ``__all__`` entry is
    migrate_case(
        "a_string_like_the_module_s_name_keeps_no_import",
        """
        from pkg import src


        def name(default="src"):
            return src.a, default
        """,
        """
        from pkg import target


        def name(default="src"):
            return target.a, default
        """,
    ),
    migrate_case(
        "from_package_import_module_still_used",
        """
        from pkg import src

        print(src.a, src.other)
        """,
        """
        from pkg import src
        from pkg import target

        print(target.a, src.other)
        """,
    ),
    # ``import pkg`` (used for other things too) reaches pkg.src: the chain is rewritten and the
    # parent import always stays
    migrate_case(
        "parent_package_import_chain",
        """
        import pkg

        assert b is pkg.src.a
        pkg.other()
        """,
        """
        import pkg
        import pkg.target

        assert b is pkg.target.a
        pkg.other()
        """,
    ),
    migrate_case(
        "parent_package_import_chain_only_use",
        """
        import pkg

        pkg.src.a()
        """,
        """
        import pkg
        import pkg.target

        pkg.target.a()
        """,
    ),
    migrate_case(
        "parent_dotted_import_chain",
        """
        import pkg.sub

        pkg.sub.src.a(pkg.sub.src.other)
        """,
        """
        import pkg.sub
        import pkg.sub.target

        pkg.sub.target.a(pkg.sub.src.other)
        """,
        source="pkg.sub.src",
        target="pkg.sub.target",
    ),
    migrate_case(
        "parent_import_of_a_sibling_package_chain",
        """
        import pkg.other

        pkg.src.a()
        """,
        """
        import pkg.other
        import pkg.target

        pkg.target.a()
        """,
    ),
    migrate_case(
        "parent_aliased_import_chain",
        """
        import pkg as p

        p.src.a(p.other)
        """,
        """
        import pkg as p
        import pkg.target as target

        target.a(p.other)
        """,
    ),
    migrate_case(
        "parent_from_import_chain",
        """
        from pkg import sub

        sub.src.a()
        """,
        """
        from pkg import sub
        from pkg.sub import target

        target.a()
        """,
        source="pkg.sub.src",
        target="pkg.sub.target",
    ),
    migrate_case(
        "parent_and_source_imports_share_one_target_import",
        """
        import pkg
        import pkg.src

        pkg.src.a(pkg.version)
        """,
        """
        import pkg
        import pkg.target

        pkg.target.a(pkg.version)
        """,
    ),
    migrate_case(
        "parent_import_target_in_another_package_whose_name_is_taken",
        """
        import pkg

        lib = pkg.src.a()
        """,
        """
        import lib.target as target
        import pkg

        lib = target.a()
        """,
        target="lib.target",
    ),
    migrate_case(
        "parent_import_inside_a_function",
        """
        def f():
            import pkg
            return pkg.src.a
        """,
        """
        def f():
            import pkg
            import pkg.target
            return pkg.target.a
        """,
    ),
    migrate_case(
        "parent_import_not_a_parent_untouched",
        """
        import pkgs
        import pkg.srcs

        pkgs.src.a()
        pkg.srcs.a()
        """,
        """
        import pkgs
        import pkg.srcs

        pkgs.src.a()
        pkg.srcs.a()
        """,
    ),
    migrate_case(
        "name_clash_gets_an_alias",
        """
        from pkg import src
        from x import target

        src.a()
        target()
        """,
        """
        from pkg import target as _target
        from x import target

        _target.a()
        target()
        """,
    ),
    migrate_case(
        "name_clash_with_a_local_definition",
        """
        import pkg.src as u


        def target():
            return u.a(), u.other
        """,
        """
        import pkg.src as u
        import pkg.target as _target


        def target():
            return _target.a(), u.other
        """,
    ),
    migrate_case(
        "already_imports_the_name_earlier",
        """
        from pkg.target import a
        from pkg.src import a, other
        """,
        """
        from pkg.target import a
        from pkg.src import other
        """,
    ),
    migrate_case(
        "already_imports_the_name_later",
        """
        from pkg.src import a
        from pkg.target import a
        """,
        """
        from pkg.target import a
        """,
    ),
    migrate_case(
        "joins_an_earlier_import_of_the_target",
        """
        from pkg.target import c
        from pkg.src import a, other
        """,
        """
        from pkg.target import c, a
        from pkg.src import other
        """,
    ),
    migrate_case(
        "reuses_an_earlier_module_binding",
        """
        import pkg.target as t
        import pkg.src as u

        u.a()
        t.c()
        """,
        """
        import pkg.target as t

        t.a()
        t.c()
        """,
    ),
    migrate_case(
        "reuses_a_binding_of_the_same_statement",
        """
        from pkg import src, target

        src.a()
        target.c()
        """,
        """
        from pkg import target

        target.a()
        target.c()
        """,
    ),
    migrate_case(
        "no_second_identical_module_import",
        """
        import pkg.src
        import pkg.target

        pkg.src.a()
        pkg.target.c()
        """,
        """
        import pkg.target

        pkg.target.a()
        pkg.target.c()
        """,
    ),
    # the star import brought every public moved name (and may re-export them): all are imported
    migrate_case(
        "star_import_gets_explicit_import",
        """
        from pkg.src import *

        a()
        other()
        """,
        """
        from pkg.src import *
        from pkg.target import a
        from pkg.target import b as b

        a()
        other()
        """,
    ),
    # the source's __all__ did not list b: the star import never brought it, so it is not imported
    migrate_case(
        "star_import_gets_only_the_names_the_source_exported",
        """
        from pkg.src import *
        """,
        """
        from pkg.src import *
        from pkg.target import a as a
        """,
        star_names=["a"],
    ),
    migrate_case(
        "star_import_of_a_package_reexport_relative",
        """
        from .src import *
        from .other import *
        """,
        """
        from .src import *
        from .target import _listed as _listed, a as a
        from .other import *
        """,
        module="pkg",
        is_package=True,
        names=["a", "b", "_listed", "_helper"],
        star_names=["a", "_listed"],
    ),
    migrate_case(
        "star_import_brought_no_moved_name",
        """
        from pkg.src import *
        """,
        """
        from pkg.src import *
        """,
        star_names=[],
    ),
    migrate_case(
        "dotted_strings",
        """
        mock.patch("pkg.src.a")
        mock.patch('pkg.src.a.attr')
        mock.patch("pkg.src.other")
        mock.patch("pkg.src.ab")
        settings = {"handler": "pkg.src.b"}
        """,
        """
        mock.patch("pkg.target.a")
        mock.patch('pkg.target.a.attr')
        mock.patch("pkg.src.other")
        mock.patch("pkg.src.ab")
        settings = {"handler": "pkg.target.b"}
        """,
    ),
    migrate_case(
        "formatting_outside_rewritten_nodes_is_untouched",
        """
        #!/usr/bin/env python
        # header comment
        \"\"\"Doc.\"\"\"

        import os   # spaced   comment
        from pkg.src import a  # trailing comment kept on the statement


        # a comment block
        def f( x ,y ):   # odd spacing
            return a( x )+y



        z = [1,
             2]  # end
        """,
        """
        #!/usr/bin/env python
        # header comment
        \"\"\"Doc.\"\"\"

        import os   # spaced   comment
        from pkg.target import a  # trailing comment kept on the statement


        # a comment block
        def f( x ,y ):   # odd spacing
            return a( x )+y



        z = [1,
             2]  # end
        """,
    ),
    migrate_case(
        "crlf_line_endings",
        "import os\r\nfrom pkg.src import a, other\r\n\r\nimport pkg.src as u\r\nu.a(u.b)\r\n",
        "import os\r\nfrom pkg.src import other\r\nfrom pkg.target import a\r\n\r\n"
        "import pkg.target as target\r\ntarget.a(target.b)\r\n",
        raw=True,
    ),
    migrate_case(
        "utf8_bom",
        "\ufeff# c\nfrom pkg.src import a\n",
        "\ufeff# c\nfrom pkg.target import a\n",
        raw=True,
    ),
    migrate_case(
        "latin1_coding_cookie",
        "# -*- coding: latin-1 -*-\nfrom pkg.src import a\nx = 'caf\xe9'\n",
        "# -*- coding: latin-1 -*-\nfrom pkg.target import a\nx = 'caf\xe9'\n",
        raw=True,
    ),
    migrate_case(
        "tabs",
        "if True:\n\tfrom pkg.src import a, other\n\n"
        "\tdef f():\n\t\timport pkg.src as u\n\t\treturn u.b\n",
        "if True:\n\tfrom pkg.src import other\n\tfrom pkg.target import a\n\n"
        "\tdef f():\n\t\timport pkg.target as target\n\t\treturn target.b\n",
        raw=True,
    ),
    migrate_case(
        "nested_in_methods",
        """
        import pkg.src

        class T:
            'Tests.'

            def test_one(self):
                x = 1
                return pkg.src.a(x)

            def test_two(self):
                return 2
        """,
        """
        import pkg.target

        class T:
            'Tests.'

            def test_one(self):
                x = 1
                return pkg.target.a(x)

            def test_two(self):
                return 2
        """,
    ),
    migrate_case(
        "nested_import_in_decorated_method",
        """
        class T:
            @decorator
            def test(self):
                from pkg.src import a, other
                return a(other)

            async def test_b(self):
                def inner():
                    from pkg.src import b
                    return b
                return inner
        """,
        """
        class T:
            @decorator
            def test(self):
                from pkg.src import other
                from pkg.target import a
                return a(other)

            async def test_b(self):
                def inner():
                    from pkg.target import b
                    return b
                return inner
        """,
    ),
    migrate_case(
        "nested_decorator_names_the_symbol",
        """
        from unittest import mock

        class T:
            @mock.patch("pkg.src.a")
            def test(self, m):
                pass
        """,
        """
        from unittest import mock

        class T:
            @mock.patch("pkg.target.a")
            def test(self, m):
                pass
        """,
    ),
    migrate_case(
        "nested_body_on_the_header_line",
        """
        import pkg.src
        class T: f = staticmethod(pkg.src.a)
        def g(): return pkg.src.b
        """,
        """
        import pkg.target
        class T: f = staticmethod(pkg.target.a)
        def g(): return pkg.target.b
        """,
    ),
    migrate_case(
        "nested_statements_sharing_a_line",
        """
        import pkg.src

        def f():
            x = 1; y = pkg.src.a(x)
            return y
        """,
        """
        import pkg.target

        def f():
            x = 1; y = pkg.target.a(x)
            return y
        """,
    ),
    migrate_case(
        "nested_crlf",
        "import pkg.src\r\n\r\nclass T:\r\n    def t(self):\r\n        return pkg.src.a()\r\n",
        "import pkg.target\r\n\r\nclass T:\r\n"
        "    def t(self):\r\n        return pkg.target.a()\r\n",
        raw=True,
    ),
    migrate_case(
        "nested_last_line_without_newline",
        "import pkg.src\nclass T:\n    def t(self):\n        return pkg.src.a()",
        "import pkg.target\nclass T:\n    def t(self):\n        return pkg.target.a()",
        raw=True,
    ),
    migrate_case(
        "does_not_parse",
        """
        from pkg.src import a
        def (:
        """,
        refused="does not parse",
    ),
    migrate_case(
        "unrelated_file_untouched",
        """
        from pkg.other import a
        import pkg.srcs as s
        s.a()
        """,
        """
        from pkg.other import a
        import pkg.srcs as s
        s.a()
        """,
    ),
    # "import *" anywhere (here in a string) sends the file down the whole-module path
    migrate_case(
        "a_file_with_a_star_import_elsewhere_is_still_migrated",
        'from pkg.src import a\n\nEXAMPLE = "from os import *"\n\nprint(a())\n',
        'from pkg.target import a\n\nEXAMPLE = "from os import *"\n\nprint(a())\n',
        module="m",
        names=["a"],
    ),
    # issue 13: the code written follows the file's style (docs/patterns/extract-module.md,
    # "Code style"): a sorted import block stays sorted, directives stay on split lines
    migrate_case(
        "a_sorted_block_stays_sorted_the_new_import_at_its_place",
        """
        import os

        from pkg.src import a, keep
        from pkg.sub import other

        print(os, a, keep, other)
        """,
        """
        import os

        from pkg.src import keep
        from pkg.sub import other
        from pkg.target import a

        print(os, a, keep, other)
        """,
        names=["a"],
    ),
    migrate_case(
        "a_replaced_import_moves_to_its_sorted_place_in_a_sorted_block",
        """
        import os

        from pkg.src import a
        from pkg.sub import other

        print(os, a, other)
        """,
        """
        import os

        from pkg.sub import other
        from pkg.target import a

        print(os, a, other)
        """,
        names=["a"],
    ),
    migrate_case(
        "an_unsorted_block_keeps_the_new_import_beside_the_old",
        """
        from pkg.sub import other
        from pkg.src import a, keep
        import os

        print(os, a, keep, other)
        """,
        """
        from pkg.sub import other
        from pkg.src import keep
        from pkg.target import a
        import os

        print(os, a, keep, other)
        """,
        names=["a"],
    ),
    migrate_case(
        "a_split_first_import_keeps_the_blank_line_under_the_docstring",
        """
        \"\"\"The package.\"\"\"

        from .src import a, keep  # noqa: F401
        """,
        """
        \"\"\"The package.\"\"\"

        from .src import keep  # noqa: F401
        from .target import a  # noqa: F401
        """,
        module="pkg",
        is_package=True,
        names=["a"],
    ),
    migrate_case(
        "a_noqa_on_a_split_re_export_stays_on_both_lines",
        """
        from .src import a, keep  # noqa: F401
        """,
        """
        from .src import keep  # noqa: F401
        from .target import a  # noqa: F401
        """,
        module="pkg",
        is_package=True,
        names=["a"],
    ),
    migrate_case(
        "a_new_import_past_the_line_length_is_wrapped_one_name_a_line",
        """
        from pkg.src import (
            first_moved_function_with_long_name,
            keep,
            second_moved_function_with_long_name,
        )

        print(keep, first_moved_function_with_long_name, second_moved_function_with_long_name)
        """,
        """
        from pkg.src import (
            keep,
        )
        from pkg.target import (
            first_moved_function_with_long_name,
            second_moved_function_with_long_name,
        )

        print(keep, first_moved_function_with_long_name, second_moved_function_with_long_name)
        """,
        names=["first_moved_function_with_long_name", "second_moved_function_with_long_name"],
    ),
)

CASES = {ExtractMigrate.ID: MIGRATE}
