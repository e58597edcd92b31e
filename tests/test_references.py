"""Finding references (CORRECTNESS.md, "Finding references"): one small repository per case."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from refactor_coord.application.loose_calls import INFERRED
from refactor_coord.application.references import ReferenceReport, find_references
from refactor_coord.domain.config import Config
from refactor_coord.domain.errors import UnknownNameError
from refactor_coord.domain.facts import CallShape
from tests.conftest import write_files

Row = tuple[str, int, str, str]  # (path, line, kind, confidence)


def make_repo(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (path -> dedented source, or bytes) below ``tmp_path``; returns the
    repository root."""
    return write_files(tmp_path / "repo", files)


def report(repo: Path, name: str) -> ReferenceReport:
    return find_references(repo, Config("defaults"), name, workers=1)


def rows(repo: Path, name: str, *, imports: bool = True) -> set[Row]:
    """(path, line, kind, confidence) of every reference to ``name``."""
    return {
        (r.path, r.line, r.kind.value, r.confidence)
        for r in report(repo, name).references
        if imports or r.kind.value != "import"
    }


def in_file(repo: Path, name: str, path: str) -> set[Row]:
    return {row for row in rows(repo, name) if row[0] == path}


# -- import forms ------------------------------------------------------------------------------


def test_import_dotted_module_then_call_through_full_path(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "def c():\n    return 1\n",
            "use.py": """
            import a.b

            a.b.c(1, 2)
        """,
        },
    )
    assert rows(repo, "a.b.c") == {("use.py", 3, "call", "high")}
    assert rows(repo, "a.b") == {("use.py", 1, "import", "high"), ("use.py", 3, "call", "high")}


def test_import_as_alias_then_call(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "def f():\n    pass\n",
            "use.py": """
            import a.b as c

            c.f()
        """,
        },
    )
    report_ = report(repo, "a.b.f")
    assert {(r.path, r.line, r.col, r.kind.value, r.confidence) for r in report_.references} == {
        ("use.py", 3, 1, "call", "high")
    }
    assert report_.references[0].written == "a.b.f"


def test_import_package_then_submodule_imported_by_init(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "from . import b\n",
            "a/b.py": "def f():\n    pass\n",
            "use.py": """
            import a

            a.b.f()
        """,
        },
    )
    assert rows(repo, "a.b.f") == {("use.py", 3, "call", "high")}
    # the package's own `from . import b` is an import of a.b
    assert ("a/__init__.py", 1, "import", "high") in rows(repo, "a.b")


def test_from_import_as(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "def f():\n    pass\n",
            "use.py": """
            from a import b as c

            c.f()
            b = 3
        """,
        },
    )
    assert rows(repo, "a.b.f") == {("use.py", 3, "call", "high")}
    assert rows(repo, "a.b") == {("use.py", 1, "import", "high"), ("use.py", 3, "call", "high")}


def test_relative_imports_single_and_double_dot(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "top/__init__.py": "",
            "top/pkg/__init__.py": "",
            "top/pkg/y.py": "def y():\n    pass\n",
            "top/sub/__init__.py": "",
            "top/sub/x.py": "def run():\n    pass\n",
            "top/sub/user.py": """
            from . import x
            from ..pkg import y
            from ..pkg.y import y as yy

            x.run()
            y.y()
            yy()
        """,
        },
    )
    assert rows(repo, "top.sub.x.run") == {("top/sub/user.py", 5, "call", "high")}
    assert rows(repo, "top.pkg.y.y") == {
        ("top/sub/user.py", 3, "import", "high"),
        ("top/sub/user.py", 6, "call", "high"),
        ("top/sub/user.py", 7, "call", "high"),
    }
    assert ("top/sub/user.py", 2, "import", "high") in rows(repo, "top.pkg.y")


def test_relative_imports_in_package_init(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pkg/__init__.py": """
            from .mod import helper
            from .sub import inner

            helper()
            inner.go()
        """,
            "pkg/mod.py": "def helper():\n    pass\n",
            "pkg/sub/__init__.py": "from ..mod import helper as h\n\nh()\n",
            "pkg/sub/inner.py": "def go():\n    pass\n",
        },
    )
    assert rows(repo, "pkg.mod.helper") == {
        ("pkg/__init__.py", 1, "import", "high"),
        ("pkg/__init__.py", 4, "call", "high"),
        ("pkg/sub/__init__.py", 1, "import", "high"),
        ("pkg/sub/__init__.py", 3, "call", "high"),
    }
    assert rows(repo, "pkg.sub.inner.go") == {("pkg/__init__.py", 5, "call", "high")}


def test_namespace_package_and_src_layout(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "src/ns/tool.py": "def work():\n    pass\n",
            "tests/test_tool.py": """
            from ns.tool import work

            def test_it():
                work()
        """,
        },
    )
    assert rows(repo, "ns.tool.work") == {
        ("tests/test_tool.py", 1, "import", "high"),
        ("tests/test_tool.py", 4, "call", "high"),
    }
    assert report(repo, "ns.tool.work").definitions[0].path == "src/ns/tool.py"


# -- re-exports ---------------------------------------------------------------------------------


def test_reexport_used_as_package_attribute(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pkg/__init__.py": "from .mod import name\n",
            "pkg/mod.py": "def name():\n    pass\n",
            "use.py": """
            import pkg
            from pkg import name

            pkg.name()
            name()
        """,
        },
    )
    expected = {
        ("pkg/__init__.py", 1, "import", "high"),
        ("use.py", 2, "import", "high"),
        ("use.py", 4, "call", "high"),
        ("use.py", 5, "call", "high"),
    }
    assert rows(repo, "pkg.mod.name") == expected
    via_reexport = report(repo, "pkg.name")
    assert via_reexport.target == "pkg.mod.name"
    assert [d.qname for d in via_reexport.definitions] == ["pkg.mod.name"]
    assert {
        (r.path, r.line, r.kind.value, r.confidence) for r in via_reexport.references
    } == expected
    written = {(r.line, r.written) for r in via_reexport.references if r.path == "use.py"}
    assert written == {(2, "pkg.name"), (4, "pkg.name"), (5, "pkg.name")}


# -- star imports -------------------------------------------------------------------------------


def test_star_import_without_all(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def pub():\n    pass\n\ndef _priv():\n    pass\n",
            "use.py": """
            from lib import *

            pub()
            _priv()
        """,
        },
    )
    assert rows(repo, "lib.pub", imports=False) == {("use.py", 3, "call", "medium")}
    assert rows(repo, "lib._priv") == set()


def test_star_import_with_all(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": """
            __all__ = ["listed"]

            def listed():
                pass

            def unlisted():
                pass
        """,
            "use.py": """
            from lib import *

            listed()
            unlisted()
        """,
        },
    )
    assert rows(repo, "lib.listed") == {
        ("lib.py", 1, "export", "high"),
        ("use.py", 3, "call", "medium"),
    }
    assert rows(repo, "lib.unlisted") == set()


def test_star_import_with_all_augmented_and_summed(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": """
            __all__ = ["one"] + ["two"]
            __all__ += ["three"]

            def one():
                pass

            def two():
                pass

            def three():
                pass

            def four():
                pass
        """,
            "use.py": """
            from lib import *

            one()
            two()
            three()
            four()
        """,
        },
    )
    assert rows(repo, "lib.one", imports=False) == {
        ("lib.py", 1, "export", "high"),
        ("use.py", 3, "call", "medium"),
    }
    assert rows(repo, "lib.two", imports=False) == {
        ("lib.py", 1, "export", "high"),
        ("use.py", 4, "call", "medium"),
    }
    assert rows(repo, "lib.three", imports=False) == {
        ("lib.py", 2, "export", "high"),
        ("use.py", 5, "call", "medium"),
    }
    assert rows(repo, "lib.four") == set()


def test_star_reexport_chain_through_package(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pkg/__init__.py": "from .impl import *\n",
            "pkg/impl.py": "__all__ = ['thing']\n\nclass thing:\n    pass\n",
            "use.py": "import pkg\n\npkg.thing()\n",
        },
    )
    assert in_file(repo, "pkg.impl.thing", "use.py") == {("use.py", 3, "call", "medium")}


# -- where imports live ------------------------------------------------------------------------


def test_lazy_type_checking_and_guarded_imports(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "class Thing:\n    pass\n\ndef make():\n    pass\n",
            "use.py": """
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from lib import Thing

            try:
                from lib import make
            except ImportError:
                make = None

            def lazy() -> "Thing":
                from lib import make as build
                return build()

            def other(x: Thing) -> None:
                make()
        """,
        },
    )
    assert rows(repo, "lib.Thing") == {
        ("use.py", 4, "import", "high"),
        ("use.py", 11, "annotation", "high"),
        ("use.py", 15, "annotation", "high"),
    }
    # `make` is bound twice at module level (the guarded import and the fallback `None`): the call
    # is reported for both candidates, for neither as certain
    assert rows(repo, "lib.make") == {
        ("use.py", 7, "import", "high"),
        ("use.py", 12, "import", "high"),
        ("use.py", 13, "call", "high"),
        ("use.py", 16, "call", "medium"),
    }
    assert rows(repo, "use.make") == {("use.py", 16, "call", "medium")}


def test_guarded_import_with_fallback_still_references_symbol(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "fast.py": "def dumps(x):\n    return x\n",
            "use.py": """
            try:
                from fast import dumps
            except ImportError:
                from json import dumps

            dumps(1)
        """,
        },
    )
    found = rows(repo, "fast.dumps")
    assert ("use.py", 2, "import", "high") in found
    # the name is bound to two different imports: the call is reported, but not as certain
    assert {r for r in found if r[1] == 6} == {("use.py", 6, "call", "medium")}


# -- shadowing and same-named symbols ----------------------------------------------------------


def test_shadowing_by_local_variable_and_parameter(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def helper():\n    pass\n",
            "use.py": """
            from lib import helper

            def by_param(helper):
                return helper()

            def by_local():
                helper = lambda: 1
                return helper()

            def by_comprehension(items):
                return [helper() for helper in items]

            def real():
                return helper()

            lam = lambda helper: helper()
        """,
        },
    )
    assert rows(repo, "lib.helper") == {
        ("use.py", 1, "import", "high"),
        ("use.py", 14, "call", "high"),
    }


def test_a_module_level_read_before_the_module_binds_the_name(tmp_path: Path) -> None:
    # Module-level code runs top to bottom: above ``def issubclass`` the name is the builtin.
    repo = make_repo(
        tmp_path,
        {
            "types_.py": """
            _issubclass = issubclass
            dict = dict
            try:
                cache
            except NameError:
                cache = {}
            for _i in range(2):
                again

            def issubclass(a, b):
                return _issubclass(a, b)

            again = 1

            def use():
                return issubclass(int, int), dict, cache
        """,
        },
    )
    assert rows(repo, "types_.issubclass") == {("types_.py", 16, "call", "high")}
    assert rows(repo, "types_.dict") == {("types_.py", 16, "name", "high")}
    # a NameError unless the module is reloaded: kept, at low confidence, with why
    cache = [r for r in report(repo, "types_.cache").references if r.line == 4]
    assert [(r.confidence, r.reason) for r in cache] == [
        ("low", "read before this module binds it")
    ]
    # a loop may run the read again after the binding below it
    assert rows(repo, "types_.again") == {("types_.py", 8, "name", "high")}


def test_class_attribute_named_like_module_function(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": """
            def process():
                pass

            class Job:
                def process(self):
                    return process()

                def run(self):
                    return self.process()

            class Config:
                process = None

                def check(self):
                    return process()
        """,
        },
    )
    assert rows(repo, "lib.process") == {
        ("lib.py", 6, "call", "high"),
        ("lib.py", 15, "call", "high"),
    }
    assert rows(repo, "lib.Job.process") == {("lib.py", 9, "call", "medium")}


def test_same_named_symbol_in_other_module_is_not_matched(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "one.py": "def parse():\n    pass\n",
            "two.py": "def parse():\n    pass\n",
            "use.py": """
            import one
            from two import parse

            one.parse()
            parse()
        """,
        },
    )
    assert rows(repo, "one.parse") == {("use.py", 4, "call", "high")}
    assert rows(repo, "two.parse") == {
        ("use.py", 2, "import", "high"),
        ("use.py", 5, "call", "high"),
    }


def test_global_declaration_reaches_module_binding(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def helper():\n    pass\n",
            "use.py": """
            from lib import helper

            def f():
                global helper
                helper()
        """,
        },
    )
    assert rows(repo, "lib.helper", imports=False) == {("use.py", 5, "call", "high")}


# -- names used without a call -------------------------------------------------------------------


def test_uses_without_call(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": """
            def hook(fn=None):
                return fn

            class Base:
                pass

            class C:
                pass
        """,
            "use.py": """
            import lib
            from lib import hook, Base

            register = print
            register(hook)
            TABLE = {"key": hook, "other": lib.hook}

            @hook
            def decorated():
                pass

            @lib.hook()
            def decorated2():
                pass

            class Child(Base):
                pass

            class Child2(lib.Base):
                pass

            def with_default(cb=hook, base=Base):
                pass

            def annotated(x: lib.C, y: "lib.C", z: list["lib.C"]) -> lib.C:
                pass

            value: lib.C
        """,
        },
    )
    assert rows(repo, "lib.hook") == {
        ("use.py", 2, "import", "high"),
        ("use.py", 5, "name", "high"),
        ("use.py", 6, "name", "high"),
        ("use.py", 8, "decorator", "high"),
        ("use.py", 12, "decorator", "high"),
        ("use.py", 22, "name", "high"),
    }
    assert {r for r in rows(repo, "lib.hook") if r[1] == 6} == {("use.py", 6, "name", "high")}
    assert len([r for r in report(repo, "lib.hook").references if r.line == 6]) == 2
    assert rows(repo, "lib.Base") == {
        ("use.py", 2, "import", "high"),
        ("use.py", 16, "base", "high"),
        ("use.py", 19, "base", "high"),
        ("use.py", 22, "name", "high"),
    }
    assert rows(repo, "lib.C") == {
        ("use.py", 25, "annotation", "high"),
        ("use.py", 28, "annotation", "high"),
    }
    on_25 = [r for r in report(repo, "lib.C").references if r.line == 25]
    assert len(on_25) == 4


def test_string_annotation_with_full_dotted_path(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "class C:\n    pass\n",
            "use.py": """
            from __future__ import annotations

            import a.b

            def f(x: "a.b.C") -> "list[a.b.C]":
                pass
        """,
        },
    )
    refs = [r for r in report(repo, "a.b.C").references]
    assert {(r.path, r.line, r.col, r.kind.value, r.confidence) for r in refs} == {
        ("use.py", 5, 10, "annotation", "high"),
        ("use.py", 5, 22, "annotation", "high"),
    }


# -- dotted-path strings -------------------------------------------------------------------------


def test_dotted_path_strings(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "def c():\n    pass\n\nclass C:\n    pass\n",
            "tests/test_b.py": """
            import importlib
            from unittest import mock

            def test_patch(monkeypatch):
                with mock.patch("a.b.c"):
                    pass
                monkeypatch.setattr("a.b.c", lambda: None)
                importlib.import_module("a.b")
        """,
            "settings.py": """
            SETTINGS = {
                "handler": "a.b.C",
                "partial": "a.b.C.missing",
                "unrelated": "x.y.z",
            }
        """,
        },
    )
    assert rows(repo, "a.b.c") == {
        ("tests/test_b.py", 5, "string", "high"),
        ("tests/test_b.py", 7, "string", "high"),
    }
    assert rows(repo, "a.b.C") == {
        ("settings.py", 2, "string", "high"),
        ("settings.py", 3, "string", "low"),
    }
    assert in_file(repo, "a.b", "tests/test_b.py") == {
        ("tests/test_b.py", 5, "string", "high"),
        ("tests/test_b.py", 7, "string", "high"),
        ("tests/test_b.py", 8, "string", "high"),
    }
    partial = [r for r in report(repo, "a.b.C").references if r.line == 3]
    assert partial[0].written == "a.b.C.missing" and partial[0].reason


def test_string_naming_missing_symbol_of_known_module_is_low(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "a/__init__.py": "",
            "a/b.py": "def c():\n    pass\n",
            "conf.py": "X = 'a.b.gone'\nY = 'a.b.c'\n",
        },
    )
    assert in_file(repo, "a.b", "conf.py") == {
        ("conf.py", 1, "string", "low"),
        ("conf.py", 2, "string", "high"),
    }


# -- dynamic access ------------------------------------------------------------------------------


def test_dynamic_access_is_reported_low(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def name():\n    pass\n",
            "use.py": """
            import lib

            fn = getattr(lib, "name")
            table = lib.__dict__
            ok = hasattr(lib, "name")
        """,
        },
    )
    refs = report(repo, "lib.name").references
    assert {(r.path, r.line, r.kind.value, r.confidence) for r in refs} == {
        ("use.py", 3, "dynamic", "low"),
        ("use.py", 5, "dynamic", "low"),
    }
    module_refs = rows(repo, "lib")
    assert ("use.py", 4, "dynamic", "low") in module_refs


def test_module_getattr_reported_not_guessed(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lazy.py": """
            def real():
                pass

            def __getattr__(name):
                raise AttributeError(name)
        """,
            "use.py": "import lazy\n\nlazy.real()\nlazy.virtual()\n",
        },
    )
    assert rows(repo, "lazy.real", imports=False) == {("use.py", 3, "call", "high")}
    virtual = [r for r in report(repo, "lazy").references if r.line == 4]
    assert [(r.kind.value, r.confidence, r.target) for r in virtual] == [
        ("call", "low", "lazy.virtual")
    ]
    assert "__getattr__" in virtual[0].reason


# -- assignments and patches of module globals from outside ------------------------------------


def test_assigning_and_patching_globals_of_a_module(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "old_mod.py": "name = 1\n\ndef uses():\n    return name\n",
            "tests/test_old.py": """
            from unittest import mock

            import old_mod

            def test_it(monkeypatch):
                old_mod.name = 2
                monkeypatch.setattr(old_mod, "name", 3)
                with mock.patch.object(old_mod, "name", 4):
                    pass
                old_mod.name += 1
                del old_mod.name
        """,
        },
    )
    found = {r for r in rows(repo, "old_mod.name") if r[0] == "tests/test_old.py"}
    assert {r[:3] for r in found} == {
        ("tests/test_old.py", 6, "assign"),
        ("tests/test_old.py", 7, "assign"),
        ("tests/test_old.py", 8, "assign"),
        ("tests/test_old.py", 10, "assign"),
        ("tests/test_old.py", 11, "assign"),
    }
    assert ("old_mod.py", 4, "name", "high") in rows(repo, "old_mod.name")


# -- methods -------------------------------------------------------------------------------------


def test_methods_via_self_and_inherited(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "base.py": """
            class Base:
                def save(self):
                    pass

                def run(self):
                    self.save()
        """,
            "child.py": """
            from base import Base

            class Child(Base):
                def go(self):
                    self.save()
                    Child.save(self)

            Child.save(Child())
            Base.save(Base())
        """,
        },
    )
    assert rows(repo, "base.Base.save") == {
        ("base.py", 6, "call", "medium"),
        ("child.py", 5, "call", "medium"),
        ("child.py", 6, "call", "high"),
        ("child.py", 8, "call", "high"),
        ("child.py", 9, "call", "high"),
    }
    inherited = [r for r in report(repo, "base.Base.save").references if r.line == 8]
    assert "inherited" in inherited[0].reason


def test_method_on_unknown_receiver_is_uncertain(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "class Store:\n    def flush(self, force=False):\n        pass\n",
            "use.py": """
            def sync(store):
                store.flush(force=True)

            def other(x):
                x.flush
        """,
        },
    )
    rep = report(repo, "lib.Store.flush")
    assert rep.references == ()
    # `x.flush` without a call uses the method as a value: kind "name", as for a resolved reference
    assert {(r.path, r.line, r.kind.value, r.confidence) for r in rep.uncertain} == {
        ("use.py", 2, "call", "low"),
        ("use.py", 5, "name", "low"),
    }
    assert {r.written for r in rep.uncertain} == {"?.flush"}
    call = next(r for r in rep.uncertain if r.line == 2)
    assert call.shape == CallShape(0, ("force",), False, False)


def test_a_generic_base_class_is_a_base_for_methods_and_super(tmp_path: Path) -> None:
    """``class InlineParser(Parser[State])`` (the change-api gauntlet's mistune): the subclass
    inherits ``Parser``'s methods and its ``super()`` reaches them, subscript or not, with
    either parser."""
    lib = """
        from typing import Generic, TypeVar

        T = TypeVar("T")


        class Parser(Generic[T]):
            def register(self, name):
                return name


        class InlineParser(Parser[int]):
            def register(self, name):
                return super().register(name)


        class BlockParser(Parser[str]):
            pass


        def use(b: BlockParser):
            return b.register("x")
    """
    for source in (lib, lib + "\n\n        type Alias = int\n"):  # the second: libcst on 3.11
        repo = make_repo(tmp_path / str(len(source)), {"lib.py": source})
        found = {(r.line, r.written) for r in report(repo, "lib.Parser.register").references}
        assert found == {
            (13, "lib.InlineParser.super().register"),
            (21, "lib.BlockParser().register"),
        }


def test_a_method_that_returns_its_own_type_gives_an_instance_of_its_class(tmp_path: Path) -> None:
    """``def parse(cls: Type[T], ...) -> T`` and ``-> Self`` (the change-api gauntlet's semver:
    ``Version.parse(text).next_version(...)``) give an instance of the class they are called
    on, with either parser."""
    lib = """
        from typing import Type, TypeVar

        from typing_extensions import Self

        T = TypeVar("T", bound="Version")


        class Version:
            @classmethod
            def parse(cls: Type[T], text: str) -> T:
                return cls()

            def bump(self) -> Self:
                return self

            def later(self) -> "Version":
                return self.bump().next_version("patch")

            def next_version(self, part):
                return part


        def use(text):
            version = Version.parse(text)
            return version.next_version("minor")
    """
    for source in (lib, lib + "\n\n        type Alias = int\n"):  # the second: libcst on 3.11
        repo = make_repo(tmp_path / str(len(source)), {"lib.py": source})
        found = {(r.line, r.written) for r in report(repo, "lib.Version.next_version").references}
        assert found == {
            (17, "lib.Version.bump().next_version"),
            (25, "lib.Version.parse().next_version"),
        }


def test_what_an_unannotated_function_returns_is_read_from_its_body(tmp_path: Path) -> None:
    """Without a return annotation, every ``return`` saying one thing tells the class: a call of
    a class, a local assigned once from one (argparse's ``add_argument_group``, which rope
    follows), a method's ``self``; two different things, a bare ``return`` or a reassigned
    local tell nothing. With either parser."""
    lib = """
        class Group:
            def add(self, x):
                return x


        class Parser:
            def group(self):
                group = Group()
                return group

            def chain(self):
                return self

            def either(self, flag):
                if flag:
                    return Group()
                return None

            def again(self):
                g = Group()
                g = g or None
                return g

            def add(self, x):
                return self.chain().group().add(x)


        def make():
            return Group()


        def use(p: Parser):
            grp = p.group()
            return grp.add(1), make().add(2), p.either(1).add(3), p.again().add(4)


        class Other:
            pass


        class Maker:
            @classmethod
            def register(cls):
                return cls

            def shadow(self):
                Group = Other
                return Group()


        def use2(m: Maker):
            return Maker.register().add(5), m.shadow().add(6)
    """
    for source in (lib, lib + "\n\n        type Alias = int\n"):  # the second: libcst on 3.11
        repo = make_repo(tmp_path / str(len(source)), {"lib.py": source})
        found = report(repo, "lib.Group.add")
        # self.chain().group().add: each call's result followed in turn
        indexed = {(r.line, r.col) for r in found.references if r.reason != INFERRED}
        assert indexed == {(25, 16), (34, 12), (34, 24)}
        # either() and again() tell the index nothing; jedi reads them (a Group, or None,
        # which has no add); a class method's cls, and a call of a local that shadows a class
        # (found in review), stay uncertain
        inferred = {(r.line, r.col) for r in found.references if r.reason == INFERRED}
        assert inferred == {(34, 39), (34, 59)}
        assert {(r.line, r.col) for r in found.uncertain} == {(52, 12), (52, 37)}


def test_a_module_level_variable_holds_what_it_was_assigned_once(tmp_path: Path) -> None:
    """``parser = argparse.ArgumentParser()`` at a module's top level (the standard library's
    ``if __name__ == "__main__":`` blocks, which rope follows): its methods are the class's. A
    literal's are a builtin's; a variable bound twice, or from what the index cannot type, is
    of unknown type, so what is read on it is uncertain (it was neither, and a contract step
    could remove a method still called that way). With either parser."""
    use = """
        from lib import Group, unknown

        grp = Group()
        grp.add(1)
        table = {}
        table.add(2)
        other = unknown()
        other.add(3)
        twice = Group()
        twice = None
        twice.add(4)
        typed: Group = unknown()
        typed.add(5)
        caught = Group()
        try:
            pass
        except ValueError as caught:
            pass
        caught.add(6)
    """
    lib = "class Group:\n    def add(self, x):\n        return x\n\n\ndef unknown():\n    pass\n"
    for source in (use, use + "\n        type Alias = int\n"):  # the second: libcst on 3.11
        repo = make_repo(tmp_path / str(len(source)), {"lib.py": lib, "use.py": source})
        found = report(repo, "lib.Group.add")
        assert {r.line for r in found.references if r.reason != INFERRED} == {4, 13}
        # ``except ... as`` binds ``caught`` too, but unbinds it after the handler: where the
        # call runs, it holds the Group (jedi reads it so)
        assert {r.line for r in found.references if r.reason == INFERRED} == {19}
        assert {r.line for r in found.uncertain} == {8, 11}


def test_a_method_of_what_a_library_made_is_not_uncertain(tmp_path: Path) -> None:
    """The attributes of an object a library or a builtin made (``re.compile(...)``, a parameter
    annotated with a library's class, ``open(...)``, ``obj.__dict__``) are not any repository
    class's: they are neither references nor uncertain, where a receiver of unknown type stays
    uncertain."""
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "class Rule:\n    def match(self, text):\n        return text\n",
            "use.py": """
            import re


            def check(p: re.Pattern, text, rule):
                q = re.compile("x")
                return p.match(text), q.match(text), open("f").match(), rule.match(text)


            def dunder(obj):
                return obj.__dict__.match, obj.__name__.match()
        """,
        },
    )
    rep = report(repo, "lib.Rule.match")
    assert rep.references == ()
    assert {(r.path, r.line, r.col) for r in rep.uncertain} == {("use.py", 6, 61)}


# -- call shapes ----------------------------------------------------------------------------------


def test_call_shapes(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def f(*args, **kwargs):\n    pass\n",
            "use.py": """
            from lib import f

            f()
            f(1, 2, key=3)
            f(*args)
            f(1, **kw)
            f(1, *args, a=1, **kw)
            g = f
        """,
        },
    )
    shapes = {r.line: r.shape for r in report(repo, "lib.f").references}
    assert shapes == {
        1: None,
        3: CallShape(0, (), False, False),
        4: CallShape(2, ("key",), False, False),
        5: CallShape(0, (), True, False),
        6: CallShape(1, (), False, True),
        7: CallShape(1, ("a",), True, True),
        8: None,
    }
    assert CallShape(1, ("a",), True, True).render() == "(1, a=, *args, **kwargs)"


def test_a_function_passed_on_to_known_calls_is_a_call_of_their_shape(tmp_path: Path) -> None:
    """Passed to a forwarder of the module (pyflakes' ``withStderrTo``), to ``map``, to
    ``self.assertRaises``, or assigned under a ``Callable[[str], R]`` annotation: each is
    recorded as the call it will get; passed anywhere else, or to a forwarder the module
    rebinds, it stays a value."""
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def f(*args, **kwargs):\n    pass\n",
            "use.py": """
            from typing import Callable
            from lib import f

            def call(fn, *args, **kwargs):
                return fn(*args, **kwargs)

            call(f, 1, 2, key=3)
            list(map(f, [1], [2]))
            RUN: Callable[[str], object] = f
            HANDLERS = {"f": f}

            class T:
                def test(self):
                    self.assertRaises(ValueError, f, 1)
                    map = dict
                    map(f, [1])
        """,
        },
    )
    found = {(r.line, r.kind.value, r.shape) for r in report(repo, "lib.f").references}
    assert found == {
        (2, "import", None),
        (7, "call", CallShape(2, ("key",), False, False)),
        (8, "call", CallShape(2, (), False, False)),
        (9, "call", CallShape(1, (), False, False)),
        (10, "name", None),
        (14, "call", CallShape(1, (), False, False)),
        (16, "name", None),
    }


# -- unknown names -----------------------------------------------------------------------------


def test_unknown_name_suggests_close_match(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/mod.py": "def compute_total():\n    pass\n",
        },
    )
    with pytest.raises(UnknownNameError) as info:
        report(repo, "pkg.mod.compute_totl")
    assert "pkg.mod.compute_total" in info.value.suggestions
    assert "did you mean" in str(info.value)


# -- files the interpreter cannot parse, and odd encodings -------------------------------------


def test_newer_syntax_is_indexed_with_libcst(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def helper(x):\n    return x\n\nclass Box:\n    pass\n",
            "modern.py": """
            from lib import helper, Box

            type Alias = Box

            def ident[T](x: T) -> T:
                return helper(x)

            class Holder[T](Box):
                def get(self) -> Box:
                    return helper(None)

            ident(1)
        """,
        },
    )
    assert rows(repo, "lib.helper") == {
        ("modern.py", 1, "import", "high"),
        ("modern.py", 6, "call", "high"),
        ("modern.py", 10, "call", "high"),
    }
    assert rows(repo, "lib.Box") == {
        ("modern.py", 1, "import", "high"),
        ("modern.py", 3, "annotation", "high"),  # the value of a `type` statement
        ("modern.py", 8, "base", "high"),
        ("modern.py", 9, "annotation", "high"),
    }
    # the type parameter T is local to its definition: no reference to a module-level "T"
    assert all(".T" not in r.target for r in report(repo, "lib").references)
    rep = report(repo, "modern.ident")
    assert [(d.path, d.line) for d in rep.definitions] == [("modern.py", 5)]
    assert {(r.line, r.kind.value, r.confidence) for r in rep.references} == {(12, "call", "high")}
    assert rep.index.failed == 0


def test_bom_crlf_and_latin1_files(tmp_path: Path) -> None:
    latin = "# -*- coding: latin-1 -*-\nimport lib\ns = 'caf\xe9'\n\nlib.target()  # \xe9\n"
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def target():\n    pass\n",
            "bom.py": b"\xef\xbb\xbfimport lib\n\n\nlib.target()\n",
            "crlf.py": b"import lib\r\n\r\nx = 1\r\nlib.target()\r\n",
            "latin.py": latin.encode("latin-1"),
            "utf8.py": "import lib\ns = 'é'; lib.target()\n".encode(),
        },
    )
    refs = report(repo, "lib.target").references
    assert {(r.path, r.line, r.col, r.kind.value, r.confidence) for r in refs} == {
        ("bom.py", 4, 1, "call", "high"),
        ("crlf.py", 4, 1, "call", "high"),
        ("latin.py", 5, 1, "call", "high"),
        ("utf8.py", 2, 10, "call", "high"),
    }


def test_latin1_column_after_non_ascii(tmp_path: Path) -> None:
    latin = "# -*- coding: latin-1 -*-\nimport lib\ns = '\xe9\xe9'; lib.target()\n"
    repo = make_repo(
        tmp_path, {"lib.py": "def target():\n    pass\n", "latin.py": latin.encode("latin-1")}
    )
    refs = report(repo, "lib.target").references
    assert [(r.path, r.line, r.col) for r in refs] == [("latin.py", 3, 11)]


def test_newer_syntax_file_with_crlf_and_bom(tmp_path: Path) -> None:
    modern = b"\xef\xbb\xbfimport lib\r\n\r\ntype X = int\r\nlib.target()\r\n"
    repo = make_repo(tmp_path, {"lib.py": "def target():\n    pass\n", "modern.py": modern})
    refs = report(repo, "lib.target").references
    assert {(r.path, r.line, r.col, r.kind.value) for r in refs} == {("modern.py", 4, 1, "call")}


def test_newer_syntax_file_resolves_like_any_other(tmp_path: Path) -> None:
    """The libcst fallback knows relative and lazy imports, self, bases, patches and __all__."""
    repo = make_repo(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/lib.py": (
                "class Base:\n    def save(self):\n        pass\n\ndef helper():\n    pass\n"
            ),
            "pkg/modern.py": """
            from . import lib
            from .lib import Base

            __all__ = ["Model"]

            class Model[T](Base):
                def go(self) -> None:
                    self.save()
                    from .lib import helper
                    helper()

            def patch(monkeypatch) -> None:
                monkeypatch.setattr(lib, "helper", None)
                lib.helper = None
                getattr(lib, "helper")
                x: "lib.Base"
        """,
            "use.py": "from pkg.modern import *\n\nModel().save()\n",
        },
    )
    assert rows(repo, "pkg.lib.helper") == {
        ("pkg/modern.py", 9, "import", "high"),
        ("pkg/modern.py", 10, "call", "high"),
        ("pkg/modern.py", 13, "assign", "medium"),
        ("pkg/modern.py", 14, "assign", "high"),
        ("pkg/modern.py", 15, "dynamic", "low"),
    }
    # ``Model()`` builds a Model, which inherits save from Base
    assert rows(repo, "pkg.lib.Base.save") == {
        ("pkg/modern.py", 8, "call", "medium"),
        ("use.py", 3, "call", "medium"),
    }
    assert not report(repo, "pkg.lib.Base.save").uncertain
    assert rows(repo, "pkg.lib.Base", imports=False) == {
        ("pkg/modern.py", 6, "base", "high"),
        ("pkg/modern.py", 8, "call", "medium"),  # Base.save, which lies inside Base
        ("pkg/modern.py", 16, "annotation", "high"),
        ("use.py", 3, "call", "medium"),
    }
    assert rows(repo, "pkg.modern.Model") == {
        ("pkg/modern.py", 4, "export", "high"),
        ("use.py", 3, "call", "medium"),
    }


def test_libcst_fallback_records_the_same_facts_as_ast() -> None:
    """Both extractors, on code both can parse, agree on every reference they record."""
    import ast

    from refactor_coord.analysis.extract_ast import extract_with_ast
    from refactor_coord.analysis.extract_cst import extract_with_libcst

    source = textwrap.dedent("""
        from typing import TYPE_CHECKING
        import os.path
        import lib as L
        from . import sib
        if TYPE_CHECKING:
            from lib import Thing
        try:
            from fast import dumps
        except ImportError:
            dumps = None
        __all__ = ["f", "C"]
        __all__ += ["g"]

        def deco(fn):
            return fn

        @deco
        @L.wrap(1, key=2)
        def f(a, b=L.default, *args, c: "Thing" = None, **kw) -> L.Out:
            from lib import lazy
            lazy.go()
            a.attr.more.method(1)
            dumps(a)
            os.path.join(a, b)
            getattr(L, "name")
            setattr(L, "name", 1)
            L.name = 2
            L.__dict__
            helper = [y.z for y in args]
            return sib.thing(*args, **kw), helper, lambda q: q.w

        class C(L.Base, metaclass=L.Meta):
            import lib as LL
            attr = LL.q

            def m(self, p):
                self.v = 1
                self.m(p)
                return self.v.x(), "a.b.c" "d"

            @staticmethod
            def s(q):
                q.z()

            held: L.Thing

            def t(self, p: L.Thing, r: "L.Thing") -> "C":
                self.made_here = L.Thing()
                self.count: int = 0
                made = L.Thing()
                typed: L.Thing = made
                super().t(p, r)
                return made.go(), typed.go(), p.go(), r.go(), L.Thing().go(), g().k

        def h() -> C:
            again = C()
            again = L.Other()
            return again.x, h().t

        def g():
            global X
            X = 2
            match X:
                case {"k": v, **rest}:
                    v.k
                case K(p=1) as kk:
                    kk.p
        _alias = len
        dict = dict
        try:
            registry
        except NameError:
            registry = {}
        for _i in range(1):
            loop_read
        loop_read = 1
        probe = lambda: later_fn()
        def later_fn():
            return len, dict, registry
        def len(x):
            return 0
        again = len(registry), dict
        from lib import *
        unknown_name()
        starred.attr
    """).encode()
    by_ast = extract_with_ast(ast.parse(source), source, "pkg.m", False)
    by_cst = extract_with_libcst(source, "pkg.m", False)
    for part in ("definitions", "imports", "uses", "loose", "strings", "exports"):
        assert sorted(getattr(by_cst, part), key=repr) == sorted(
            getattr(by_ast, part), key=repr
        ), part
    assert by_cst.surface == by_ast.surface


def test_bom_on_first_line_keeps_columns(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def target():\n    pass\n",
            "bom.py": "\ufeffimport lib; s = 'é'; lib.target()\n".encode(),
            "bom_new.py": "\ufeffimport lib; s = 'é'; lib.target()\ntype X = int\n".encode(),
        },
    )
    refs = report(repo, "lib.target").references
    assert {(r.path, r.line, r.col, r.kind.value) for r in refs} == {
        ("bom.py", 1, 22, "call"),
        ("bom_new.py", 1, 22, "call"),
    }


def test_a_method_is_found_on_every_receiver_whose_class_is_known(tmp_path: Path) -> None:
    """Issue 14: ``refs`` of a method found only calls through ``self``; calls on an instance
    built in the scope, on a parameter or variable annotated with the class, on what a
    function or method annotated to return it gives, and through ``super()`` were all
    "uncertain", beside the same-named method of another class, which must never match."""
    repo = make_repo(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/client.py": """
                class Client:
                    def fetch(self, path):
                        return path

                    def twice(self, path):
                        return self.fetch(path), self.fetch(path)

                    def clone(self) -> "Client":
                        return Client()


                class Special(Client):
                    def fetch(self, path):
                        return super().fetch(path.upper())


                class Registry:
                    def bind(self, name) -> Client:
                        return Client()


                def make() -> Client:
                    return Client()


                class Other:
                    def fetch(self, path):
                        return path
            """,
            "tests/test_client.py": """
                from shop import client as api
                from shop.client import Client, Other, Registry, Special, make


                def test_receivers(registry: Registry, given: "api.Client"):
                    built = Client()
                    typed: Client = make()
                    adapter = registry.bind("x")
                    twice = Client()
                    twice = Other()
                    return (
                        built.fetch(1),
                        typed.fetch(2),
                        adapter.fetch(3),
                        given.fetch(4),
                        make().fetch(5),
                        built.clone().fetch(6),
                        api.Client().fetch(7),
                        Special().fetch(8),
                        Other().fetch(9),
                        twice.fetch(10),
                    )
            """,
        },
    )
    found = report(repo, "shop.client.Client.fetch")
    assert {(r.path, r.line) for r in found.references} == {
        ("shop/client.py", 6),  # self.fetch, twice
        ("shop/client.py", 14),  # super().fetch in Special.fetch
        *(("tests/test_client.py", line) for line in range(12, 19)),
    }
    assert all(r.confidence == "medium" for r in found.references)
    # ``twice`` is bound twice (a Client, then an Other): the index cannot tell its type, jedi
    # follows the flow (an Other by then): neither a reference nor uncertain
    assert not found.uncertain
    # Special overrides fetch; Other has its own
    assert {r.line for r in report(repo, "shop.client.Special.fetch").references} == {19}
    assert {r.line for r in report(repo, "shop.client.Other.fetch").references} == {20, 21}


def test_a_method_is_found_through_attributes_whose_class_is_known(tmp_path: Path) -> None:
    """What ``benchmarks/method_refs.py`` found rope finding and refcoord not, on markdown:
    ``self.md.inlinePatterns.register(...)``, where ``self.md`` was set to a ``Markdown()`` and
    Markdown sets ``self.inlinePatterns`` to what a function annotated to return a
    ``Registry[...]`` gives. An attribute typed by a class-level annotation counts too; one
    assigned two different things does not."""
    repo = make_repo(
        tmp_path,
        {
            "md/__init__.py": "",
            "md/util.py": """
                from typing import Generic, TypeVar

                T = TypeVar("T")


                class Registry(Generic[T]):
                    def register(self, item: T) -> None:
                        pass
            """,
            "md/core.py": """
                from . import util


                def build() -> util.Registry[str]:
                    return util.Registry()


                class Other:
                    def register(self, item):
                        pass


                class Markdown:
                    inline: util.Registry[str]

                    def __init__(self, plain):
                        self.patterns = build()
                        self.mixed = build()
                        if plain:
                            self.mixed = Other()
            """,
            "tests/test_md.py": """
                import md.core


                class TestApi:
                    def setup_method(self):
                        self.md = md.core.Markdown(False)

                    def test_register(self):
                        self.md.patterns.register("a")
                        self.md.inline.register("b")
                        self.md.mixed.register("c")
            """,
        },
    )
    found = report(repo, "md.util.Registry.register")
    assert {(r.path, r.line) for r in found.references} == {
        ("tests/test_md.py", 9),
        ("tests/test_md.py", 10),
    }
    assert {(r.path, r.line) for r in found.uncertain} == {("tests/test_md.py", 11)}


def test_what_a_caller_passes_stays_unknown_though_jedi_would_guess(tmp_path: Path) -> None:
    """The change-api gauntlet's pyflakes: ``checkPath(filename, reporter=None)`` makes a
    ``Reporter`` when given none, and its docstring says a ``Reporter`` comes in, but its tests
    pass a ``LoggingReporter`` of their own (duck typing). jedi, asked about
    ``reporter.unexpectedError(...)``, answers ``Reporter.unexpectedError``: a guess from the
    default and the docstring. A read of an unannotated parameter stays uncertain, and so does
    one of a local assigned from it, and what a function's docstring says it returns; an
    annotated parameter, and what a context manager gives, are proven."""
    repo = make_repo(
        tmp_path,
        {
            "lib.py": '''
                import contextlib


                class Reporter:
                    def unexpected(self, name):
                        return name


                def check(reporter=None):
                    if reporter is None:
                        reporter = Reporter()
                    return reporter.unexpected("a")


                def check_doc(reporter):
                    """@param reporter: A L{Reporter} instance."""
                    return reporter.unexpected("b")


                def typed(reporter: Reporter):
                    return reporter.unexpected("c")


                def through_a_local(reporter=None):
                    rep = reporter or Reporter()
                    return rep.unexpected("e")


                def make():
                    """:rtype: Reporter"""
                    return object()


                def by_docstring():
                    return make().unexpected("f")


                @contextlib.contextmanager
                def reporting():
                    yield Reporter()


                def managed():
                    with reporting() as reporter:
                        return reporter.unexpected("d")
            ''',
        },
    )
    found = report(repo, "lib.Reporter.unexpected")
    found_uncertain = {r.line for r in found.uncertain}
    assert found_uncertain == {12, 17, 26, 35}, found_uncertain
    assert {r.line for r in found.references} == {21, 45}


def test_a_chain_that_uses_the_method_name_twice_stays_uncertain(tmp_path: Path) -> None:
    """Found in review: the index records ``c.get("a").get("b")`` as two uses of ``get`` on
    the same receiver, and asking jedi about the outer one (a dict's) dropped the inner one,
    the class's call; a chain naming the attribute twice is left uncertain (even where the
    index proves one of them: which one the row is cannot be told)."""
    repo = make_repo(
        tmp_path,
        {
            "cfg.py": """
                class Cfg:
                    def get(self, key):
                        return {key: 1}


                def read(cfgs):
                    for c in cfgs:
                        yield c.get("a").get("b")


                def reads(cfg: Cfg):
                    return cfg.get("a").get("b")
            """,
        },
    )
    found = report(repo, "cfg.Cfg.get")
    assert {r.line for r in found.uncertain} == {8, 12}  # 12: the outer get, a dict's
    assert {r.line for r in found.references} == {12}  # the inner one, proven by the index


def test_a_method_called_on_an_attribute_or_property_of_self_is_never_missed(
    tmp_path: Path,
) -> None:
    """The change-api gauntlet's packaging: ``self.requires_python.contains(...)``, where
    ``requires_python: SpecifierSet | None`` is a field of the caller's class, was neither a
    reference nor uncertain (the index stopped at the field and dropped the call), so the
    deprecate step's warning failed the suite. What is read on a class's attribute or property
    whose value's type the index does not know is a use on a receiver of unknown type, for
    jedi to settle: proven here from the field's annotation and the property's return
    annotation, uncertain where nothing states the type."""
    repo = make_repo(
        tmp_path,
        {
            "spec.py": """
                class Spec:
                    def contains(self, item):
                        return True
            """,
            "lock.py": """
                from dataclasses import dataclass

                from spec import Spec


                @dataclass
                class Lock:
                    requires: Spec | None = None
                    anything: object = None

                    @property
                    def spec(self) -> Spec:
                        return Spec()

                    def select(self):
                        return (
                            self.requires.contains("3.12"),
                            self.spec.contains("3.12"),
                            self.anything.contains("x"),
                        )
            """,
        },
    )
    found = report(repo, "spec.Spec.contains")
    assert {r.line for r in found.references} == {17, 18}
    assert {r.line for r in found.uncertain} == {19}


def test_a_package_binding_a_submodule_s_name_is_read_as_python_reads_it(tmp_path: Path) -> None:
    """``pkg/__init__.py`` does ``from .fetch import fetch`` (tqdm's ``from .std import tqdm``
    pattern): ``pkg.fetch(...)`` and ``from pkg import fetch`` are the function, as Python's
    attribute lookup finds it, not the module (they were the module's, so a change of the
    function missed them all). ``import pkg.fetch`` still imports the module, and a path that
    reads what the module defines (``from pkg.fetch import helper``) is the module's."""
    repo = make_repo(
        tmp_path,
        {
            "pkg/__init__.py": "from .fetch import fetch\n",
            "pkg/fetch.py": """
                def fetch(url):
                    return helper(url)


                def helper(url):
                    return url
            """,
            "app.py": """
                import pkg
                import pkg.fetch
                from pkg import fetch
                from pkg.fetch import helper


                def run():
                    return pkg.fetch("u"), fetch("v"), helper("w")
            """,
        },
    )
    calls = [r for r in report(repo, "pkg.fetch.fetch").references if r.path == "app.py"]
    assert sorted((r.line, r.col, r.kind.value) for r in calls) == [
        (3, 17, "import"),
        (8, 12, "call"),
        (8, 28, "call"),
    ]
    module = [r for r in report(repo, "pkg.fetch").references if r.target == "pkg.fetch"]
    assert [(r.path, r.line, r.kind.value) for r in module] == [("app.py", 2, "import")]
    assert in_file(repo, "pkg.fetch.helper", "app.py") == {
        ("app.py", 4, "import", "high"),
        ("app.py", 8, "call", "high"),
    }


def test_a_package_star_importing_a_submodule_s_namesake_binds_it(tmp_path: Path) -> None:
    """python-slugify: ``slugify/__init__.py`` does ``from .slugify import *``, which binds the
    function ``slugify`` over the submodule's name, so ``from slugify import slugify`` is the
    function (refs found 7 of its 162 references, the rest went to the module). A folder
    without ``__init__.py`` above a module (a namespace package) binds nothing: no error."""
    repo = make_repo(
        tmp_path,
        {
            "slug/__init__.py": "from .slug import *\n",
            "slug/slug.py": '__all__ = ["slug"]\n\n\ndef slug(text):\n    return text\n',
            "tools/check.py": "from slug import slug\n\nslug('a')\n",
            "tools/other.py": "def f():\n    return 'a'\n",
            "tests/test_other.py": "from tools import other\nfrom tools.other import f\n",
        },
    )
    assert in_file(repo, "slug.slug.slug", "tools/check.py") == {
        ("tools/check.py", 1, "import", "medium"),  # through the star import
        ("tools/check.py", 3, "call", "medium"),
    }
    assert ("tests/test_other.py", 2, "import", "high") in rows(repo, "tools.other.f")


def test_a_function_given_to_the_benchmark_fixture_is_a_call_where_the_fixture_is_typed(
    tmp_path: Path,
) -> None:
    """humanize's ``benchmark(humanize.intcomma, 1_234_567_890)``, with ``benchmark:
    BenchmarkFixture`` (pytest-codspeed's, imported for type checkers only): the fixture calls
    it with the arguments after it. Where the module does not say what ``benchmark`` is (no
    annotation: a project may define a fixture of that name), it stays a value."""
    repo = make_repo(
        tmp_path,
        {
            "lib.py": "def f(*args, **kwargs):\n    pass\n",
            "test_typed.py": """
            TYPE_CHECKING = False
            if TYPE_CHECKING:
                from pytest_codspeed import BenchmarkFixture

            from lib import f

            def test_f(benchmark: BenchmarkFixture):
                benchmark(f, 1, key=2)
        """,
            "test_untyped.py": """
            from pytest_benchmark.fixture import BenchmarkFixture
            from lib import f

            def test_f(benchmark):
                benchmark(f, 1)
        """,
        },
    )
    found = {(r.path, r.line, r.kind.value, r.shape) for r in report(repo, "lib.f").references}
    assert ("test_typed.py", 8, "call", CallShape(1, ("key",), False, False)) in found
    assert ("test_untyped.py", 5, "name", None) in found
