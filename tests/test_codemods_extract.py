"""The extract-module codemods, before and after (CORRECTNESS.md: "Rewriting imports", "Text and
files", "Moved code reads globals").

Cases are data, Fixit-style: one ``Case(name, before, after, kwargs)`` per example and one
``parametrize`` per function. Both sides are dedented like libcst's ``make_fixture_data`` unless
the case is ``raw`` (line endings, BOMs and tabs are then exactly as written). An ``after`` that
starts with ``REFUSED:`` expects a :class:`Refused` whose reason contains the rest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from refactor_coord.rewrite.dunder_all import star_exports
from refactor_coord.rewrite.outcome import Refused
from refcoord_codemods.extract_module import migrate as extract_migrate
from refcoord_codemods.extract_module.expand import Expanded, expand
from refcoord_codemods.extract_module.migrate import migrate
from refcoord_codemods.extract_module.shim import contract, deprecate, shim_code
from refcoord_codemods.extract_module.star_all import StarNames, star_names

ROUNDTRIP = Path(__file__).parent / "assets" / "roundtrip"
REFUSED = "REFUSED:"


@dataclass(frozen=True)
class Case:
    name: str
    before: str
    after: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    raw: bool = False  #: take ``before``/``after`` exactly as written

    def code(self, text: str) -> str:
        if self.raw:
            return text
        code = textwrap.dedent(text)
        return code.removeprefix("\n")


def params(cases: list[Case]) -> list[Any]:
    return [pytest.param(case, id=case.name) for case in cases]


def check(case: Case, result: str | Refused, expected: str) -> None:
    if expected.startswith(REFUSED):
        assert isinstance(result, Refused), result
        assert expected.removeprefix(REFUSED).strip() in result.reason
        return
    assert not isinstance(result, Refused), result
    assert result == expected
    compile(result.removeprefix("\ufeff"), case.name, "exec", dont_inherit=True)


# ------------------------------------------------------------------------------------------------
# migrate: one importer file
# ------------------------------------------------------------------------------------------------

#: in ``migrate``'s parameter order (cases may add ``star_names``)
MIGRATE_DEFAULTS: dict[str, Any] = {
    "module": "app",
    "is_package": False,
    "source": "pkg.src",
    "target": "pkg.target",
    "names": ["a", "b"],
}

MIGRATE: list[Case] = [
    Case(
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
    Case(
        "split_keeps_other",
        """
        from pkg.src import a, b, other
        """,
        """
        from pkg.src import other
        from pkg.target import a, b
        """,
    ),
    Case(
        "all_names_replace_the_module",
        """
        from pkg.src import b, a
        """,
        """
        from pkg.target import b, a
        """,
    ),
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
        {"names": ["a", "b", "c"]},
    ),
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
        "relative_same_package_stays_relative",
        """
        from .src import a
        """,
        """
        from .target import a
        """,
        {"module": "pkg.app"},
    ),
    Case(
        "relative_from_sibling_package",
        """
        from ..utils import X, Y
        """,
        """
        from ..utils import Y
        from ..helpers.text import X
        """,
        {
            "module": "pkg.sub.app",
            "source": "pkg.utils",
            "target": "pkg.helpers.text",
            "names": ["X"],
        },
    ),
    Case(
        "relative_made_absolute_when_target_is_elsewhere",
        """
        from .src_leaf import a
        """,
        """
        from other.mod import a
        """,
        {"module": "pkg.sub.app", "source": "pkg.sub.src_leaf", "target": "other.mod"},
    ),
    # the target's package is the one the dots name: ``from .. import target``, not absolute
    Case(
        "relative_import_of_the_parent_package_stays_relative",
        """
        from .. import src

        src.a()
        """,
        """
        from .. import target

        target.a()
        """,
        {"module": "pkg.sub.app"},
    ),
    Case(
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
        {"module": "pkg.app"},
    ),
    Case(
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
        {"module": "pkg", "is_package": True},
    ),
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
        {"source": "pkg.sub.src", "target": "pkg.sub.target"},
    ),
    Case(
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
    Case(
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
    Case(
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
        {"source": "pkg.sub.src", "target": "pkg.sub.target"},
    ),
    Case(
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
    Case(
        "parent_import_target_in_another_package_whose_name_is_taken",
        """
        import pkg

        lib = pkg.src.a()
        """,
        """
        import pkg
        import lib.target as target

        lib = target.a()
        """,
        {"target": "lib.target"},
    ),
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
        "already_imports_the_name_later",
        """
        from pkg.src import a
        from pkg.target import a
        """,
        """
        from pkg.target import a
        """,
    ),
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
        "star_import_gets_explicit_import",
        """
        from pkg.src import *

        a()
        other()
        """,
        """
        from pkg.src import *
        from pkg.target import a, b

        a()
        other()
        """,
    ),
    # the source's __all__ did not list b: the star import never brought it, so it is not imported
    Case(
        "star_import_gets_only_the_names_the_source_exported",
        """
        from pkg.src import *
        """,
        """
        from pkg.src import *
        from pkg.target import a
        """,
        {"star_names": ["a"]},
    ),
    Case(
        "star_import_of_a_package_reexport_relative",
        """
        from .src import *
        from .other import *
        """,
        """
        from .src import *
        from .target import _listed, a
        from .other import *
        """,
        {
            "module": "pkg",
            "is_package": True,
            "names": ["a", "b", "_listed", "_helper"],
            "star_names": ["a", "_listed"],
        },
    ),
    Case(
        "star_import_brought_no_moved_name",
        """
        from pkg.src import *
        """,
        """
        from pkg.src import *
        """,
        {"star_names": []},
    ),
    Case(
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
    Case(
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
    Case(
        "crlf_line_endings",
        "import os\r\nfrom pkg.src import a, other\r\n\r\nimport pkg.src as u\r\nu.a(u.b)\r\n",
        "import os\r\nfrom pkg.src import other\r\nfrom pkg.target import a\r\n\r\n"
        "import pkg.target as target\r\ntarget.a(target.b)\r\n",
        raw=True,
    ),
    Case(
        "utf8_bom",
        "\ufeff# c\nfrom pkg.src import a\n",
        "\ufeff# c\nfrom pkg.target import a\n",
        raw=True,
    ),
    Case(
        "latin1_coding_cookie",
        "# -*- coding: latin-1 -*-\nfrom pkg.src import a\nx = 'caf\xe9'\n",
        "# -*- coding: latin-1 -*-\nfrom pkg.target import a\nx = 'caf\xe9'\n",
        raw=True,
    ),
    Case(
        "tabs",
        "if True:\n\tfrom pkg.src import a, other\n\n\tdef f():\n\t\timport pkg.src as u\n\t\treturn u.b\n",
        "if True:\n\tfrom pkg.src import other\n\tfrom pkg.target import a\n\n"
        "\tdef f():\n\t\timport pkg.target as target\n\t\treturn target.b\n",
        raw=True,
    ),
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
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
    Case(
        "nested_crlf",
        "import pkg.src\r\n\r\nclass T:\r\n    def t(self):\r\n        return pkg.src.a()\r\n",
        "import pkg.target\r\n\r\nclass T:\r\n    def t(self):\r\n        return pkg.target.a()\r\n",
        raw=True,
    ),
    Case(
        "nested_last_line_without_newline",
        "import pkg.src\nclass T:\n    def t(self):\n        return pkg.src.a()",
        "import pkg.target\nclass T:\n    def t(self):\n        return pkg.target.a()",
        raw=True,
    ),
    Case(
        "does_not_parse",
        """
        from pkg.src import a
        def (:
        """,
        f"{REFUSED} does not parse",
    ),
    Case(
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
]


@pytest.mark.parametrize("case", params(MIGRATE))
def test_migrate(case: Case) -> None:
    kwargs = {**MIGRATE_DEFAULTS, **case.kwargs}
    result = migrate(case.code(case.before), *kwargs.values())
    check(case, result, case.code(case.after))


@pytest.mark.parametrize("case", params([c for c in MIGRATE if not c.after.startswith(REFUSED)]))
def test_migrate_by_pieces_matches_migrating_the_whole_module(case: Case) -> None:
    """Parsing only the statements that mention a moved name (inside classes and functions too)
    gives the same file as rewriting the whole module with libcst."""
    kwargs = {**MIGRATE_DEFAULTS, **case.kwargs}
    code = case.code(case.before)
    spec = extract_migrate._make_spec(**kwargs)
    text = code.removeprefix("\ufeff")
    tree = extract_migrate.parse_ast(text)
    lines = text.splitlines(keepends=True)
    assert (
        extract_migrate._pieces(tree, lines, spec) is not None or not lines or "import *" in text
    )
    whole = extract_migrate._migrate_whole(text, code, spec, tree)
    assert isinstance(whole, str), whole
    assert migrate(code, **kwargs) == (
        code[: len(code) - len(text)] + whole if whole != text else code
    )


def _roundtrip_files() -> list[Path]:
    return sorted(ROUNDTRIP.glob("*.py"))


def test_roundtrip_corpus_is_large_enough() -> None:
    assert len(_roundtrip_files()) >= 12
    raw = {p.name: p.read_bytes() for p in _roundtrip_files()}
    assert b"\r\n" in raw["crlf_endings.py"]
    assert raw["utf8_bom.py"].startswith(b"\xef\xbb\xbf")
    assert b"coding: latin-1" in raw["latin1_cookie.py"]
    assert b"\t" in raw["tabs.py"]
    assert raw["empty.py"] == b""


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in _roundtrip_files()])
def test_migrate_no_op_round_trip(path: Path) -> None:
    """A file that does not use the moved names comes back byte-identical."""
    data = path.read_bytes()
    with path.open("rb") as fh:
        encoding, _ = tokenize.detect_encoding(fh.readline)
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # keep the BOM in the text
    with path.open(encoding=encoding, newline="") as fh:  # no newline translation
        text = fh.read()
    result = migrate(text, "m", False, "nowhere.mod", "other.mod", ["x"])
    assert result == text
    assert isinstance(result, str) and result.encode(encoding) == data


# ------------------------------------------------------------------------------------------------
# expand: the source module and the target module
# ------------------------------------------------------------------------------------------------

EXPAND_DEFAULTS: dict[str, Any] = {
    "source_module": "pkg.src",
    "is_package": False,
    "target_module": "pkg.target",
    "symbols": ["moved"],
    "target_code": None,
    "warning": None,
    "star_imported": False,
}


@dataclass(frozen=True)
class ExpandCase(Case):
    """``after`` is the source module's new text up to the shim (which is appended for the moved
    names in ``shim``); ``after_target`` is the target module's text."""

    after_target: str = ""
    shim: tuple[str, ...] = ("moved",)
    shim_indent: str = "    "  #: the source file's indentation unit, which the shim uses


def shim_for(case: ExpandCase, kwargs: dict[str, Any]) -> str:
    return shim_code(
        dict.fromkeys(case.shim, kwargs["target_module"]), kwargs["warning"], case.shim_indent
    )


EXPAND: list[ExpandCase] = [
    ExpandCase(
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
        def keep():
            return 1


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import functools
        import pkg.src as _pkg_src


        # leading comment
        @functools.lru_cache(maxsize=None)  # decorator comment
        @functools.wraps(_pkg_src.keep)
        def moved(x: int) -> int:  # signature comment
            \"\"\"Docstring.\"\"\"
            # inner comment

            return x  # tail
        """,
    ),
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        moved = {"k": 1}  # the table
        """,
    ),
    ExpandCase(
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
        after_target="""
        # Copyright (c) 2024 Someone
        # SPDX-License-Identifier: BSD-3-Clause
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return 1
        """,
    ),
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def _helper():
            return 1


        def moved():
            return _helper()
        """,
        shim=("_helper", "moved"),
    ),
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _pkg_src


        def moved():
            return _pkg_src._shared()
        """,
    ),
    ExpandCase(
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
        import os


        def stay():
            return os.sep


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import json
        import os
        from pathlib import Path


        def moved():
            return json.dumps(os.sep), Path
        """,
    ),
    ExpandCase(
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
        from os.path import (
            basename,
            sep,
        )


        def stay():
            return basename, sep


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from os.path import join
        from os.path import dirname


        def moved():
            return join, dirname
        """,
    ),
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from __future__ import annotations

        import pkg.src as _pkg_src


        def moved(x: _pkg_src.Later) -> None:
            return None
        """,
    ),
    ExpandCase(
        "relative_imports_made_absolute",
        """
        from . import sibling
        from .util import helper as h
        from ..top import T


        def moved():
            return sibling, h, T
        """,
        "",
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from pkg import sibling
        from pkg.util import helper as h
        from top import T


        def moved():
            return sibling, h, T
        """,
        kwargs={"source_module": "pkg.src"},
    ),
    ExpandCase(
        "relative_imports_of_a_package_source",
        """
        from .util import helper


        def moved():
            return helper()
        """,
        "",
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from pkg.src.util import helper


        def moved():
            return helper()
        """,
        kwargs={"is_package": True},
    ),
    ExpandCase(
        "existing_target_extended_without_duplicate_imports",
        """
        import os
        import json


        def moved():
            return os.sep, json
        """,
        "",
        after_target="""
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
        kwargs={
            "target_code": """\"\"\"Target.\"\"\"\nimport osmosis\nimport os\n\n__all__ = ["old"]\n\n\n"""
            """def old():\n    return os\n"""
        },
    ),
    ExpandCase(
        "existing_target_gets_the_future_import_at_its_top",
        """
        from __future__ import annotations


        def moved(x: int) -> int:
            return x
        """,
        """
        from __future__ import annotations


        """,
        after_target="""
        \"\"\"Target.\"\"\"

        from __future__ import annotations
        import os


        def old():
            return os


        def moved(x: int) -> int:
            return x
        """,
        kwargs={"target_code": '"""Target."""\nimport os\n\n\ndef old():\n    return os\n'},
    ),
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        __all__ = ["moved"]


        def moved():
            return 1
        """,
    ),
    # the source's __all__ does not list "hidden": the target does not start exporting it
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved, hidden.\"\"\"

        __all__ = ["moved"]


        def moved():
            return 1


        def hidden():
            return 2
        """,
        kwargs={"symbols": ["moved", "hidden"]},
        shim=("hidden", "moved"),
    ),
    ExpandCase(
        "no_all_in_the_source_none_in_the_target",
        """
        def moved():
            return 1
        """,
        "",
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        def moved():
            return 1
        """,
    ),
    ExpandCase(
        "existing_target_all_is_extended",
        """
        __all__ = ["moved"]


        def moved():
            return 1
        """,
        """
        __all__ = ["moved"]


        """,
        after_target="""
        __all__ = ["old", "moved"]
        old = 1


        def moved():
            return 1
        """,
        kwargs={"target_code": '__all__ = ["old"]\nold = 1\n'},
    ),
    ExpandCase(
        "remaining_code_reaches_moved_names_through_an_import_at_the_end",
        """
        import os


        def moved():
            return os.sep


        def stay():
            return moved()
        """,
        """
        def stay():
            return _pkg_target.moved()


        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import os


        def moved():
            return os.sep
        """,
    ),
    ExpandCase(
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
        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names

        DOUBLE = _pkg_target.moved * 2


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        moved = 2
        """,
    ),
    ExpandCase(
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
        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
        CONST = 1
        DOUBLE = _pkg_target.moved * 2


        def f():
            return _pkg_target.moved


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved, g.\"\"\"


        moved = 2


        def g():
            return _pkg_src.CONST


        import pkg.src as _pkg_src
        """,
        kwargs={"symbols": ["moved", "g"]},
        shim=("g", "moved"),
    ),
    # names bound inside a top-level compound statement are source globals too (pathspec's StrPath)
    ExpandCase(
        "global_bound_in_if_else_is_read_through_the_source_in_annotations",
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _pkg_src


        def moved(file: _pkg_src.StrPath) -> _pkg_src.StrPath:
            return file
        """,
    ),
    # a conditional import is not copied (it may fail where the source's fallback did not); a
    # private name bound in a block stays there rather than half of the block moving
    ExpandCase(
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
            _SEP = "/"


        def moved():
            return (json, FAST, DONE, fh, HEADER,
                    LAST, LOOPED, W, _SEP)
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
            _SEP = "/"


        """,
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _pkg_src


        def moved():
            return (_pkg_src.json, _pkg_src.FAST, _pkg_src.DONE, _pkg_src.fh, _pkg_src.HEADER,
                    _pkg_src.LAST, _pkg_src.LOOPED, _pkg_src.W, _pkg_src._SEP)
        """,
    ),
    ExpandCase(
        "imported_name_rebound_in_a_block_is_read_through_the_source",
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        import pkg.src as _pkg_src


        @_pkg_src.cache
        def moved(): ...
        """,
    ),
    # an import under TYPE_CHECKING (often there to avoid an import cycle) stays under it
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: Decimal) -> None: ...
        """,
    ),
    ExpandCase(
        "type_checking_import_used_in_a_string_annotation",
        """
        import typing

        if typing.TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: "Decimal") -> "list[Decimal]": ...
        """,
        "",
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from decimal import Decimal


        def moved(x: "Decimal") -> "list[Decimal]": ...
        """,
    ),
    ExpandCase(
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
        after_target="""
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from fractions import Fraction
            from decimal import Decimal


        def other(f: Fraction) -> Fraction:
            return f


        def moved(x: Decimal) -> None: ...
        """,
        kwargs={
            "target_code": (
                "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n\n"
                "if TYPE_CHECKING:\n    from fractions import Fraction\n\n\n"
                "def other(f: Fraction) -> Fraction:\n    return f\n"
            )
        },
    ),
    ExpandCase(
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
        after_target="""
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
        kwargs={
            "target_code": '"""Target."""\n\nimport os\n\n\ndef other():\n    return os.sep\n'
        },
    ),
    ExpandCase(
        "symbol_defined_only_inside_a_block_refused",
        """
        import sys

        if sys.version_info >= (3, 9):
            def moved(): ...
        else:
            def moved(): ...
        """,
        f"{REFUSED} only inside an if, try, with, for or while block",
    ),
    # a bare string right after a moved assignment is its docstring (Sphinx): it moves along
    ExpandCase(
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
        after_target="""
        \"\"\"Moved from pkg.src: moved.\"\"\"


        _registry = {}

        \"\"\"*_registry* maps names to factories.\"\"\"


        def moved(name):
            return _registry[name]
        """,
        shim=("_registry", "moved"),
    ),
    ExpandCase(
        "attribute_docstring_moves_into_an_existing_target",
        """
        moved: dict[str, int] = {}
        \"\"\"Maps names to numbers.\"\"\"
        OTHER = 1
        """,
        """
        OTHER = 1


        """,
        after_target="""
        \"\"\"T.\"\"\"
        X = 1


        moved: dict[str, int] = {}
        \"\"\"Maps names to numbers.\"\"\"
        """,
        kwargs={"target_code": '"""T."""\nX = 1\n'},
    ),
    ExpandCase(
        "crlf_and_bom_preserved",
        "\ufeffimport os\r\n\r\n\r\ndef moved():\r\n    return os.sep\r\n\r\n\r\ndef stay():\r\n    return 1\r\n",
        "\ufeffdef stay():\r\n    return 1\r\n\r\n\r\n",
        after_target='"""Moved from pkg.src: moved."""\r\n\r\nimport os\r\n\r\n\r\n'
        "def moved():\r\n    return os.sep\r\n",
        raw=True,
    ),
    ExpandCase(
        "shim_indented_with_tabs_in_a_tab_indented_file",
        "import os\n\n\ndef moved():\n\treturn os.sep\n\n\ndef stay():\n\treturn 1\n",
        "def stay():\n\treturn 1\n\n\n",
        after_target='"""Moved from pkg.src: moved."""\n\nimport os\n\n\ndef moved():\n\treturn os.sep\n',
        raw=True,
        shim_indent="\t",
    ),
    ExpandCase(
        "existing_getattr_refused",
        """
        def __getattr__(name):
            raise AttributeError(name)


        def moved(): ...
        """,
        f"{REFUSED} already defines __getattr__",
    ),
    ExpandCase(
        "unknown_symbol_refused",
        "def moved(): ...\n",
        f"{REFUSED} 'nope' is not defined",
        kwargs={"symbols": ["nope"]},
    ),
    ExpandCase(
        "chained_assignment_refused",
        "moved = other = 1\n",
        f"{REFUSED} defined in one statement with other",
    ),
    ExpandCase(
        "tuple_assignment_refused",
        "moved, other = 1, 2\n",
        f"{REFUSED} defined in one statement with other",
    ),
    ExpandCase(
        "moved_name_assigned_again_refused",
        """
        moved = 1
        moved = 2
        """,
        f"{REFUSED} also assigned outside its definition",
    ),
    ExpandCase(
        "moved_code_rebinding_a_source_global_refused",
        """
        COUNTER = 0


        def moved():
            global COUNTER
            COUNTER += 1
        """,
        f"{REFUSED} `global` statement",
    ),
    ExpandCase(
        "import_cycle_refused",
        """
        class Base: ...


        class moved(Base): ...


        INSTANCE = moved()
        """,
        f"{REFUSED} import cycle",
    ),
    ExpandCase(
        "name_from_a_star_import_refused",
        """
        from os.path import *


        def moved():
            return join("a", "b")
        """,
        f"{REFUSED} join",
    ),
    ExpandCase(
        "target_already_defines_the_name_refused",
        "def moved(): ...\n",
        f"{REFUSED} already defines moved",
        kwargs={"target_code": "moved = 1\n"},
    ),
    ExpandCase(
        "target_name_clash_refused",
        """
        from json import dumps


        def moved():
            return dumps(1)
        """,
        f"{REFUSED} already uses the name dumps",
        kwargs={"target_code": "def dumps(x):\n    return x\n"},
    ),
    ExpandCase("source_does_not_parse_refused", "def moved(:\n", f"{REFUSED} does not parse"),
]


STAR = {"star_imported": True}
NEW_TARGET = '''
    """Moved from pkg.src: moved."""


    def moved():
        return 1
    '''

#: ``from pkg.src import *`` somewhere (``star_imported``): a source without ``__all__`` gets one
#: listing what that star import brought, so that it keeps bringing the moved names
EXPAND_STAR: list[ExpandCase] = [
    ExpandCase(
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
        """
        \"\"\"Helpers.\"\"\"

        from __future__ import annotations

        import os.path
        import re
        from typing import Any as _Any, cast

        # Added by refcoord: what `from pkg.src import *` brought when this module had no
        # __all__ (a star import reads __all__, and so also gets names a module __getattr__ serves).
        __all__ = ["Keep", "LIMIT", "SEP", "cast", "handle", "json", "moved", "os", "re"]

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


        """,
        after_target='''
        """Moved from pkg.src: moved."""

        from __future__ import annotations

        import re


        def moved():
            return re.sub("a", "b", "a")
        ''',
        kwargs=STAR,
    ),
    ExpandCase(
        "not_star_imported_source_without_all_gets_none",
        """
        import re


        def moved():
            return re.sub("a", "b", "a")


        def keep():
            return 1
        """,
        """
        def keep():
            return 1


        """,
        after_target='''
        """Moved from pkg.src: moved."""

        import re


        def moved():
            return re.sub("a", "b", "a")
        ''',
    ),
    ExpandCase(
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
        after_target='''
        """Moved from pkg.src: moved."""

        __all__ = ["moved"]


        def moved():
            return 1
        ''',
        kwargs=STAR,
    ),
    ExpandCase(
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
        after_target='''
        """Moved from pkg.src: _moved."""


        def _moved():
            return 1
        ''',
        shim=("_moved",),
        kwargs={**STAR, "symbols": ["_moved"]},
    ),
    # a name bound on some paths only is listed when the module has it: listing a missing name
    # would make the star import fail, so that check runs after the module's code, before the shim
    ExpandCase(
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


        # Added by refcoord: what `from pkg.src import *` brought when this module had no
        # __all__ (a star import reads __all__, and so also gets names a module __getattr__ serves).
        __all__ = ["REASON", "moved"]
        # Names bound on some paths only: listed when this module has them.
        __all__ += [_name for _name in ["LOOPED", "etree", "item", "winreg"] if _name in globals()]


        """,
        after_target=NEW_TARGET,
        kwargs=STAR,
    ),
    ExpandCase(
        "long_list_one_name_a_line_in_the_files_indentation",
        """
        import collections, functools, itertools, operator, os, re, string, sys, textwrap, typing


        def moved():
        \treturn 1
        """,
        """
        import collections, functools, itertools, operator, os, re, string, sys, textwrap, typing

        # Added by refcoord: what `from pkg.src import *` brought when this module had no
        # __all__ (a star import reads __all__, and so also gets names a module __getattr__ serves).
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


        """,
        after_target='"""Moved from pkg.src: moved."""\n\n\ndef moved():\n\treturn 1\n',
        shim_indent="\t",
        kwargs=STAR,
    ),
    # a package's own submodules its imports load are globals of the package too
    ExpandCase(
        "package_source_lists_the_submodules_its_imports_bind",
        """
        from . import loaders
        from .codecs.utf import decode
        import pkg.src.plugins.base
        from pkg.src.extra import tool as _tool


        def moved():
            return 1
        """,
        """
        from . import loaders
        from .codecs.utf import decode
        import pkg.src.plugins.base
        from pkg.src.extra import tool as _tool

        # Added by refcoord: what `from pkg.src import *` brought when this module had no
        # __all__ (a star import reads __all__, and so also gets names a module __getattr__ serves).
        __all__ = ["codecs", "decode", "extra", "loaders", "moved", "pkg", "plugins"]


        """,
        after_target=NEW_TARGET,
        kwargs={**STAR, "is_package": True},
    ),
    ExpandCase(
        "star_imported_source_that_star_imports_refused",
        """
        from os.path import *


        def moved():
            return 1
        """,
        f"{REFUSED} star-imports another module itself",
        kwargs=STAR,
    ),
    ExpandCase(
        "star_imported_source_with_no_top_level_imports",
        """
        def moved():
            return 1


        def keep():
            return 1
        """,
        """
        # Added by refcoord: what `from pkg.src import *` brought when this module had no
        # __all__ (a star import reads __all__, and so also gets names a module __getattr__ serves).
        __all__ = ["keep", "moved"]


        def keep():
            return 1


        """,
        after_target=NEW_TARGET,
        kwargs=STAR,
    ),
]


def test_a_private_helper_used_elsewhere_stays_in_the_source() -> None:
    code = "def _helper():\n    return 1\n\n\ndef moved():\n    return _helper()\n"
    along = expand(code, "pkg.src", False, "pkg.target", ["moved"], None)
    assert isinstance(along, Expanded) and along.helpers == ("_helper",)
    kept = expand(
        code, "pkg.src", False, "pkg.target", ["moved"], None, stays=lambda name: name == "_helper"
    )
    assert isinstance(kept, Expanded) and kept.helpers == () and kept.moved == ("moved",)
    assert "def _helper():" in kept.source and "return _pkg_src._helper()" in kept.target


@pytest.mark.parametrize("case", params([*EXPAND, *EXPAND_STAR]))
def test_expand(case: ExpandCase) -> None:
    kwargs = {**EXPAND_DEFAULTS, **case.kwargs}
    target_code = kwargs["target_code"]
    result = expand(
        case.code(case.before),
        kwargs["source_module"],
        kwargs["is_package"],
        kwargs["target_module"],
        kwargs["symbols"],
        target_code,
        kwargs["warning"],
        star_imported=kwargs["star_imported"],
    )
    expected = case.code(case.after)
    if expected.startswith(REFUSED):
        check(case, result if isinstance(result, Refused) else result.source, expected)
        return
    assert isinstance(result, Expanded), result
    shim = shim_for(case, kwargs)
    if case.raw:
        shim = shim.replace("\n", "\r\n") if "\r\n" in expected else shim
    check(case, result.source, expected + shim)
    check(case, result.target, case.code(case.after_target))
    assert result.moved == tuple(sorted(case.shim))


# ------------------------------------------------------------------------------------------------
# deprecate / contract: text
# ------------------------------------------------------------------------------------------------


def _expanded(source: str, symbols: list[str]) -> Expanded:
    result = expand(
        textwrap.dedent(source).lstrip("\n"), "pkg.src", False, "pkg.target", symbols, None
    )
    assert isinstance(result, Expanded), result
    return result


def test_deprecate_and_contract_text() -> None:
    result = _expanded(
        """
        __all__ = ["moved", "stay"]


        def moved():
            return 1


        def stay():
            return moved()
        """,
        ["moved"],
    )
    warned = deprecate(result.source, "import it from there")
    assert isinstance(warned, str)
    assert warned.startswith(result.source[: result.source.index("# refcoord shim: names")])
    assert warned.endswith(shim_code({"moved": "pkg.target"}, "import it from there"))
    assert "DeprecationWarning" in warned and "stacklevel=2" in warned
    assert deprecate(warned, "again") == deprecate(
        result.source, "again"
    )  # idempotent on the shim
    contracted = contract(warned)
    assert contracted == textwrap.dedent("""
        __all__ = ["stay"]


        def stay():
            return _pkg_target.moved()


        import pkg.target as _pkg_target  # moved by refcoord: remaining code uses moved names
        """).lstrip("\n")


def test_a_source_left_with_only_the_shim_keeps_one_shim_comment_and_ends_empty() -> None:
    # libcst files the comment of a module's first statement under the module's header
    only_shim = shim_code({"tag": "pkg.tagging"}, None)
    warned = deprecate(only_shim, "import it from there")
    assert isinstance(warned, str) and warned.count("# refcoord shim") == 1
    assert contract(warned) == "\n"


def test_deprecate_and_contract_keep_crlf_and_bom() -> None:
    source = "\ufeffimport os\r\n\r\n\r\ndef moved():\r\n    return os.sep\r\n\r\n\r\nX = 1\r\n"
    result = expand(source, "pkg.src", False, "pkg.target", ["moved"], None)
    assert isinstance(result, Expanded)
    for text in (result.source, deprecate(result.source, "w"), contract(result.source)):
        assert isinstance(text, str)
        assert text.startswith("\ufeff")
        assert text.count("\n") == text.count("\r\n")
    assert contract(result.source) == "\ufeffX = 1\r\n"


def test_deprecate_keeps_the_files_tab_indentation() -> None:
    result = expand(
        "def moved():\n\treturn 1\n\n\ndef stay():\n\treturn 2\n",
        "pkg.src",
        False,
        "pkg.target",
        ["moved"],
        None,
    )
    assert isinstance(result, Expanded)
    assert "\n\tif name in _REFCOORD_MOVED:\n\t\timport importlib\n" in result.source
    warned = deprecate(result.source, "w")
    assert isinstance(warned, str)
    assert warned.endswith(shim_code({"moved": "pkg.target"}, "w", "\t"))
    assert not [line for line in warned.splitlines() if line.startswith(" ")]
    assert contract(warned) == "def stay():\n\treturn 2\n"


def _with_shim(source: str, names: list[str]) -> str:
    return (
        textwrap.dedent(source).lstrip("\n")
        + "\n\n"
        + shim_code(dict.fromkeys(names, "pkg.target"), None)
    )


CONTRACT_ALL: list[Case] = [
    # the moved names' line breaks move to the kept name before them: no long joined line
    Case(
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
    ),
    Case(
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
    ),
    Case(
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
    ),
    Case(
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
    ),
    Case(
        "one_line_last_removed",
        """
        __all__ = ["stay", "moved"]
        """,
        """
        __all__ = ["stay"]
        """,
    ),
    Case(
        "tuple_left_with_one_name_keeps_its_comma",
        """
        __all__ = ("stay", "moved")
        """,
        """
        __all__ = ("stay",)
        """,
    ),
    Case(
        "bare_tuple_left_with_one_name_keeps_its_comma",
        """
        __all__ = "stay", "moved"
        """,
        """
        __all__ = "stay",
        """,
    ),
    Case(
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
    ),
]


@pytest.mark.parametrize("case", params(CONTRACT_ALL))
def test_contract_removes_moved_names_from_all_keeping_its_lines(case: Case) -> None:
    check(case, contract(_with_shim(case.before, ["moved", "other"])), case.code(case.after))


#: expand's import of the target outlives the shim while remaining code uses it, and its comment
#: stays true after contract
CONTRACT_BACK_IMPORT: list[Case] = [
    Case(
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
    ),
    Case(
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
    ),
    Case(
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
    ),
]


@pytest.mark.parametrize("case", params(CONTRACT_BACK_IMPORT))
def test_contract_keeps_the_import_of_the_target_only_while_used(case: Case) -> None:
    check(case, contract(_with_shim(case.before, ["moved"])), case.code(case.after))


STAR_EXPORTS: list[tuple[str, str, list[str]]] = [
    ("literal_list", '__all__ = ["a", "_p"]\n', ["_p", "a"]),
    ("literal_tuple_annotated", '__all__: tuple[str, ...] = ("b",)\n', ["b"]),
    (
        "extended",
        '__all__ = ["a"]\n__all__ += ["b"]\n__all__.extend(("c",))\n__all__.append("_p")\n',
        ["_p", "a", "b", "c"],
    ),
    ("sum_of_literals", '__all__ = ["a"] + ["b"]\n', ["a", "b"]),
    ("reassigned", '__all__ = ["a"]\n__all__ = ["b"]\n', ["b"]),
    ("no_all", "x = 1\n", ["a", "b", "c"]),
    ("computed", '__all__ = [n for n in dir() if n != "b"]\n', ["a", "b", "c"]),
    (
        "extended_with_a_computed_list",
        '__all__ = ["a"]\n__all__ += other.__all__\n',
        ["a", "b", "c"],
    ),
    ("bom_and_crlf", '\ufeff__all__ = [\r\n    "c",\r\n]\r\n', ["c"]),
]


@pytest.mark.parametrize(
    ("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in STAR_EXPORTS]
)
def test_star_exports(source: str, expected: list[str]) -> None:
    """A star import brings what a literal ``__all__`` lists, else the public names."""
    assert star_exports(source, ["a", "b", "c", "_p"]) == expected


def test_warning_shim_imports_are_one_block() -> None:
    code = shim_code({"moved": "pkg.target"}, "import it from there")
    assert (
        "    if name in _REFCOORD_MOVED:\n        import dis\n        import importlib\n"
        "        import sys\n        import warnings\n\n        caller = "
    ) in code
    assert (
        "    if name in _REFCOORD_MOVED:\n        import importlib\n\n        return "
        in shim_code({"moved": "pkg.target"}, None)
    )


@pytest.mark.parametrize(
    "function", [pytest.param(deprecate, id="deprecate"), pytest.param(contract, id="contract")]
)
def test_deprecate_and_contract_refuse(function: Any) -> None:
    assert isinstance(function("def f(:\n", *(["w"] if function is deprecate else [])), Refused)
    assert isinstance(function("x = 1\n", *(["w"] if function is deprecate else [])), Refused)


# ------------------------------------------------------------------------------------------------
# behaviour: the expanded package imports and runs
# ------------------------------------------------------------------------------------------------

SOURCE = '''\
"""The grab-bag module."""

from __future__ import annotations

import json

__all__ = ["LIMIT", "moved", "stay", "DOUBLE"]

CONST = 3


def _helper(x: int) -> int:
    return x * CONST


def moved(x: int) -> str:
    """Moves."""
    return json.dumps(_helper(x) + LIMIT)


LIMIT = 10
DOUBLE = LIMIT * 2


def stay() -> str:
    return moved(1)
'''


def write_package(root: Path) -> tuple[Path, Expanded]:
    pkg = root / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    result = expand(SOURCE, "pkg.src", False, "pkg.target", ["moved", "LIMIT"], None)
    assert isinstance(result, Expanded), result
    assert result.helpers == ("_helper",)
    (pkg / "src.py").write_text(result.source, encoding="utf-8")
    (pkg / "target.py").write_text(result.target, encoding="utf-8")
    return pkg, result


def run(root: Path, code: str) -> Any:
    """Run ``code`` in a fresh interpreter with ``root`` on the path; returns what it prints (JSON)."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("first", ["pkg.src", "pkg.target"])
def test_expanded_package_imports_in_either_order(tmp_path: Path, first: str) -> None:
    write_package(tmp_path)
    out = run(
        tmp_path,
        f"""
        import json
        import {first}
        import pkg.src, pkg.target
        from pkg.src import moved, LIMIT
        star = {{}}
        exec("from pkg.src import *", star)
        print(json.dumps({{
            "same": moved is pkg.target.moved and pkg.src.moved is pkg.target.moved,
            "limit": LIMIT,
            "double": pkg.src.DOUBLE,
            "stay": pkg.src.stay(),
            "star": sorted(k for k in star if not k.startswith("__")),
            "helper_served": pkg.src._helper is pkg.target._helper,
        }}))
        """,
    )
    assert out == {
        "same": True,
        "limit": 10,
        "double": 20,
        "stay": "13",
        "helper_served": True,
        "star": ["DOUBLE", "LIMIT", "moved", "stay"],
    }


def test_patching_a_source_global_still_affects_moved_code(tmp_path: Path) -> None:
    write_package(tmp_path)
    out = run(
        tmp_path,
        """
        import json
        import pkg.src
        from pkg.target import moved
        before = moved(1)
        pkg.src.CONST = 100  # what monkeypatch.setattr(pkg.src, "CONST", 100) does
        print(json.dumps([before, moved(1), pkg.src.stay()]))
        """,
    )
    assert out == ["13", "110", "110"]


def test_deprecated_shim_warns_at_the_caller(tmp_path: Path) -> None:
    pkg, result = write_package(tmp_path)
    warned = deprecate(result.source, "import it from there (it will be removed in 2.0)")
    assert isinstance(warned, str)
    (pkg / "src.py").write_text(warned, encoding="utf-8")
    (tmp_path / "caller.py").write_text(
        textwrap.dedent("""
        import warnings


        def use():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                import pkg.src
                value = pkg.src.moved
                from pkg.src import LIMIT
                pkg.src.stay()  # the source's own code does not warn
            return value, LIMIT, caught
        """),
        encoding="utf-8",
    )
    out = run(
        tmp_path,
        """
        import json
        import caller
        import pkg.target
        value, limit, caught = caller.use()
        print(json.dumps({
            "same": value is pkg.target.moved and limit == 10,
            "warnings": [(w.category.__name__, str(w.message), w.filename) for w in caught],
        }))
        """,
    )
    assert out["same"] is True
    assert out["warnings"] == [
        [
            "DeprecationWarning",
            (
                f"pkg.src.{name} has moved to pkg.target.{name}; import it from there "
                "(it will be removed in 2.0)"
            ),
            str(tmp_path / "caller.py"),
        ]
        for name in ("moved", "LIMIT")
    ]


def test_contracted_module_no_longer_serves_moved_names(tmp_path: Path) -> None:
    pkg, result = write_package(tmp_path)
    contracted = contract(result.source)
    assert isinstance(contracted, str)
    (pkg / "src.py").write_text(contracted, encoding="utf-8")
    out = run(
        tmp_path,
        """
        import json
        import pkg.src
        try:
            pkg.src.moved
        except AttributeError as error:
            missing = str(error)
        else:
            missing = ""
        print(json.dumps({"missing": missing, "all": pkg.src.__all__, "double": pkg.src.DOUBLE,
                          "stay": pkg.src.stay()}))
        """,
    )
    assert out == {
        "missing": "module 'pkg.src' has no attribute 'moved'",
        "all": ["stay", "DOUBLE"],
        "double": 20,
        "stay": "13",
    }


def test_a_package_star_reexport_publishes_only_what_the_source_exported(tmp_path: Path) -> None:
    """toolz: moving ``first`` and ``getter`` (not in ``__all__``) out of ``toolz.itertoolz`` must
    not make ``toolz.getter`` public through ``from .itertoolz import *`` in ``toolz/__init__``."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    source = (
        '__all__ = ["first", "stay"]\n\n\ndef first():\n    return 1\n\n\ndef getter():\n    return 2\n\n\n'
        "def stay():\n    return 3\n"
    )
    result = expand(source, "pkg.src", False, "pkg.target", ["first", "getter"], None)
    assert isinstance(result, Expanded), result
    star = star_exports(result.source, result.moved)
    assert star == ["first"]
    init = migrate(
        "from .src import *\n", "pkg", True, "pkg.src", "pkg.target", result.moved, star
    )
    assert init == "from .src import *\nfrom .target import first\n"
    for name, text in {
        "__init__.py": init,
        "src.py": result.source,
        "target.py": result.target,
    }.items():
        (pkg / name).write_text(text, encoding="utf-8")
    out = run(
        tmp_path,
        """
        import json
        import pkg
        print(json.dumps({"first": pkg.first(), "getter": hasattr(pkg, "getter"), "stay": pkg.stay()}))
        """,
    )
    assert out == {"first": 1, "getter": False, "stay": 3}


SOURCE_NO_ALL = """\
import os
import re

try:
    from lxml import etree
except ImportError:
    pass

if os.sep == "\\\\":
    WINDOWS = True

for _i in range(1):
    LOOP = _i
del _i

CONST = 1


def moved(x):
    return re.sub("a", "b", x)


def keep():
    return moved("a")


def _private():
    return 1
"""

STAR_NAMES = """
    import json
    namespace = {}
    exec("from pkg.src import *", namespace)
    print(json.dumps(sorted(k for k in namespace if k != "__builtins__")))
    """


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_star_import_of_a_source_without_all_brings_the_same_names_through_every_step(
    tmp_path: Path,
) -> None:
    result = expand(
        SOURCE_NO_ALL, "pkg.src", False, "pkg.target", ["moved"], None, star_imported=True
    )
    assert isinstance(result, Expanded), result
    warned = deprecate(result.source, "import it from there")
    assert isinstance(warned, str)
    contracted = contract(warned)
    assert isinstance(contracted, str)
    before = run(
        _write(tmp_path / "before", {"pkg/__init__.py": "", "pkg/src.py": SOURCE_NO_ALL}),
        STAR_NAMES,
    )
    assert "moved" in before and "re" in before and "LOOP" in before and "WINDOWS" not in before
    for step, source in {
        "expand": result.source,
        "deprecate": warned,
        "contract": contracted,
    }.items():
        root = _write(
            tmp_path / step,
            {"pkg/__init__.py": "", "pkg/src.py": source, "pkg/target.py": result.target},
        )
        brought = run(root, STAR_NAMES)  # with -W error: the deprecated shim does not warn here
        assert brought == (
            [n for n in before if n != "moved"] if step == "contract" else before
        ), step
    assert (
        "if _name in globals()]\n\n\n# refcoord shim" in result.source
    )  # after the module's own code


#: (code, public names bound on every path, on some paths only), as Python binds them
STAR_NAMES_CASES: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "definitions_and_targets",
        (
            "def f(): ...\nasync def g(): ...\nclass C: ...\na, (b, *c) = 1, (2, 3)\n"
            "d: int = 1\ne: int\nx.attr = 1\nitems[0] = 1\n"
        ),
        ("C", "a", "b", "c", "d", "f", "g"),
        (),
    ),
    (
        "imports",
        (
            "import os.path\nimport numpy as np\nfrom json import dumps as _dumps, loads\n"
            "from __future__ import annotations\n"
        ),
        ("loads", "np", "os"),
        (),
    ),
    (
        "walrus_at_the_top_and_in_a_comprehension_not_in_a_lambda",
        "print(n := 1)\n[y := v for v in range(2)]\nf = lambda: (z := 1)\n",
        ("f", "n", "y"),
        (),
    ),
    (
        "if_binds_surely_only_on_both_branches",
        "if c:\n    a = b = 1\nelif d:\n    a = 2\nelse:\n    a = 3\n",
        ("a",),
        ("b",),
    ),
    (
        "try_except_else_finally",
        (
            "try:\n    import a\n    t = 1\nexcept ImportError as err:\n    a = None\n"
            "else:\n    e = 1\nfinally:\n    f = 1\n"
        ),
        ("a", "f"),
        ("e", "t"),
    ),
    (
        "loops_may_not_run",
        "for i in x:\n    a = 1\nelse:\n    b = 1\nwhile w:\n    c = 1\n",
        (),
        ("a", "b", "c", "i"),
    ),
    (
        "with_targets_surely_its_body_maybe",
        "with open(p) as fh, lock:\n    data = fh.read()\n",
        ("fh",),
        ("data",),
    ),
    ("del_unbinds", "a = b = 1\nif c:\n    del a\ndel b\n", (), ("a",)),
    (
        "match_cases",
        "match v:\n    case [x, *rest]:\n        a = 1\n    case {'k': y, **kw}:\n        a = 2\n",
        (),
        ("a", "kw", "rest", "x", "y"),
    ),
]


@pytest.mark.parametrize(
    ("code", "sure", "maybe"), [pytest.param(c, s, m, id=i) for i, c, s, m in STAR_NAMES_CASES]
)
def test_star_names_follow_how_python_binds_globals(
    code: str, sure: tuple[str, ...], maybe: tuple[str, ...]
) -> None:
    assert star_names(code, "pkg.src", False) == StarNames(sure, maybe)


def test_a_deprecated_package_source_warns_once_at_the_caller_and_not_for_star_imports(
    tmp_path: Path,
) -> None:
    """A package's star import and ``from pkg import name`` also go through the import system's
    ``hasattr`` check, which reaches ``__getattr__`` from importlib's frame: that is no use."""
    source = "import os\n\n\ndef moved():\n    return os.sep\n\n\ndef keep():\n    return 1\n"
    result = expand(source, "pkg", True, "pkg.target", ["moved"], None, star_imported=True)
    assert isinstance(result, Expanded), result
    warned = deprecate(result.source, "import it from there")
    assert isinstance(warned, str) and '__all__ = ["keep", "moved", "os"]' in warned
    caller = textwrap.dedent("""
        import warnings


        def use():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                from pkg import moved
            return moved, [(str(w.message), w.filename) for w in caught]
        """)
    root = _write(
        tmp_path, {"pkg/__init__.py": warned, "pkg/target.py": result.target, "caller.py": caller}
    )
    out = run(
        root,
        """
        import json
        from pkg import *
        import caller
        used, caught = caller.use()
        print(json.dumps({"star": moved() == keep.__globals__["os"].sep, "same": used is moved,
                          "caught": caught}))
        """,
    )
    assert out == {
        "star": True,
        "same": True,
        "caught": [
            [
                "pkg.moved has moved to pkg.target.moved; import it from there",
                str(tmp_path / "caller.py"),
            ]
        ],
    }


def test_contract_removes_moved_names_from_the_all_expand_added() -> None:
    source = (
        "try:\n    import lxml\nexcept ImportError:\n    pass\n\n\ndef moved():\n    return 1\n"
    )
    result = expand(source, "pkg.src", False, "pkg.target", ["moved"], None, star_imported=True)
    assert isinstance(result, Expanded), result
    contracted = contract(result.source)
    assert contracted == textwrap.dedent("""
        try:
            import lxml
        except ImportError:
            pass


        # Added by refcoord: what `from pkg.src import *` brought when this module had no
        # __all__ (a star import reads __all__, and so also gets names a module __getattr__ serves).
        __all__ = []
        # Names bound on some paths only: listed when this module has them.
        __all__ += [_name for _name in ["lxml"] if _name in globals()]
        """).lstrip("\n")
    assert (
        contract(_with_shim('__all__ = ["stay"] + ["moved"]\n', ["moved"]))
        == '__all__ = ["stay"] + []\n'
    )


def test_a_file_with_a_star_import_elsewhere_is_still_migrated() -> None:
    # "import *" anywhere (here in a string) sends the file down the whole-module path
    before = 'from pkg.src import a\n\nEXAMPLE = "from os import *"\n\nprint(a())\n'
    after = migrate(before, "m", False, "pkg.src", "pkg.target", ["a"])
    assert after == 'from pkg.target import a\n\nEXAMPLE = "from os import *"\n\nprint(a())\n'


def test_migrate_runs_as_a_libcst_codemod_command() -> None:
    from libcst.codemod import CodemodContext, TransformSkip, TransformSuccess, transform_module

    from refcoord_codemods.extract_module.commands import (
        ExtractContractCommand,
        ExtractMigrateCommand,
    )

    context = CodemodContext(full_module_name="app.views")
    command = ExtractMigrateCommand(context, "app.utils", "app.text", ["slugify"])
    result = transform_module(command, "from app.utils import slugify, other\n")
    assert isinstance(result, TransformSuccess)
    assert result.code == "from app.utils import other\nfrom app.text import slugify\n"
    skipped = transform_module(ExtractContractCommand(CodemodContext()), "x = 1\n")
    assert isinstance(skipped, TransformSkip)
    assert "no refcoord shim" in skipped.skip_description
