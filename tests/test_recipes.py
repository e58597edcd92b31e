"""The built-in replace-dependency recipes (domain/recipes): every entry checked against the
libraries themselves (names resolve, modules import, values evaluate, code defines its name,
identical entries are the very objects), and the code entries' behaviour compared with the old
library's on the same inputs."""

from __future__ import annotations

import ast
import datetime
import decimal
import importlib
import importlib.resources
import inspect
import io
import itertools
import json
import struct
import sys
import textwrap
import types
import unittest
import warnings
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from refactor_coord.domain import specs
from refactor_coord.domain.recipes import Recipe, Target, name, target_of
from refactor_coord.domain.recipes.catalog import RECIPES, recipe

ENTRIES = [(r, old, t) for r in RECIPES.values() for old, t in r.entries.items()]

#: standard-library modules an interpreter may be built without (or that newer ones removed)
OPTIONAL_STDLIB = ("tkinter", "dbm.gnu", "dbm.ndbm")


def _entries(*kinds: str) -> list[Any]:
    return [
        pytest.param(r, old, t, id=f"{r.id}:{old}") for r, old, t in ENTRIES if t.kind in kinds
    ]


@contextmanager
def _quiet() -> Iterator[None]:
    """Importing a deprecated module (tkinter.tix) warns; these tests only look it up."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _module(qualified: str) -> types.ModuleType:
    """The module ``qualified``; skips when it is a third-party module that is not installed
    or a standard one this interpreter was built without."""
    try:
        with _quiet():
            return importlib.import_module(qualified)
    except ImportError:
        if any(qualified == o or qualified.startswith(f"{o}.") for o in OPTIONAL_STDLIB):
            pytest.skip(f"this interpreter has no {qualified}")
        if qualified.split(".")[0] not in sys.stdlib_module_names:
            pytest.skip(f"{qualified} is not installed")
        raise


def _new_name(qualified: str) -> Any:
    """What a ``name`` target binds: ``from <module> import <attr>``, as the facade writes it."""
    module, _, attr = qualified.rpartition(".")
    assert module, f"{qualified} names no module"
    return getattr(_module(module), attr)


def _old(qualified: str) -> Any:
    """The old library's object ``qualified`` (skips when the library is not installed)."""
    parts = qualified.split(".")
    found: Any = pytest.importorskip(parts[0])
    with _quiet():
        for cut in range(1, len(parts)):
            try:
                found = getattr(found, parts[cut])
            except AttributeError:
                found = importlib.import_module(".".join(parts[: cut + 1]))
    return found


def _namespace(recipe: Recipe, target: Target) -> dict[str, Any]:
    """A namespace holding what the recipe's prelude and the target's needs import."""
    namespace: dict[str, Any] = {}
    _run_imports([*recipe.prelude, *target.needs], namespace)
    return namespace


def _run_imports(lines: list[str], namespace: dict[str, Any]) -> None:
    """Runs the recipe's ``lines`` (a prelude, needs) in ``namespace``; skips when they import
    a third-party module that is not installed."""
    try:
        source = "\n".join(lines)
        exec(compile(source, "<needs>", "exec"), namespace)  # noqa: S102 - the recipe's imports
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] in sys.stdlib_module_names:
            raise
        pytest.skip(f"{error.name} is not installed")


def _new(recipe: Recipe, target: Target, leaf: str) -> Any:
    """The object the facade's new branch binds to ``leaf`` for ``target``."""
    if target.kind == "name":
        return _new_name(target.value)
    if target.kind == "module":
        return _module(target.value)
    namespace = _namespace(recipe, target)
    if target.kind == "value":
        return eval(target.value, namespace)
    assert target.kind == "code", target
    source = textwrap.dedent(target.value)
    exec(compile(source, f"<{leaf}>", "exec"), namespace)  # noqa: S102 - the recipe's code
    return namespace[leaf]


def _built(recipe_id: str, old: str) -> Any:
    found = recipe(recipe_id)
    assert found is not None
    return _new(found, found.entries[old], old.rpartition(".")[2])


def _branch(recipe_id: str) -> dict[str, Any]:
    """The facade's new branch for every name the recipe maps, built as the facade builds it
    in one namespace: the prelude, the imports (the names' own and what their code needs), the
    values, then each definition (stubs left out). Names share what the prelude defines."""
    found = recipe(recipe_id)
    assert found is not None
    namespace = _namespace(found, Target("value", "None"))  # the prelude alone
    mapped = [
        (old.rpartition(".")[2], target)
        for old, target in found.entries.items()
        if target.kind != "stub"
    ]
    for leaf, target in mapped:
        _run_imports(list(target.needs), namespace)
        if target.kind in ("name", "module"):
            namespace[leaf] = _new(found, target, leaf)
    for leaf, target in mapped:
        if target.kind == "value":
            namespace[leaf] = eval(target.value, namespace)
    for leaf, target in mapped:
        if target.kind == "code":
            source = textwrap.dedent(target.value)
            exec(compile(source, f"<{leaf}>", "exec"), namespace)  # noqa: S102
    return namespace


# -- the catalog


def test_specs_lists_the_catalog_s_recipes_in_order() -> None:
    order = tuple(RECIPES)
    assert order == specs.RECIPES
    assert order == (
        "six-stdlib",
        "requests-httpx",
        "simplejson-json",
        "mock-unittest-mock",
        "pytz-zoneinfo",
        "toml-tomllib",
    )
    for recipe_id, found in RECIPES.items():
        assert recipe(recipe_id) is found and found.id == recipe_id
    assert recipe("json-orjson") is None


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_a_recipe_is_well_formed(found: Recipe) -> None:
    assert found.old.isidentifier() and found.old_distribution and found.new
    assert found.entries, "a recipe maps something"
    for old, target in found.entries.items():
        assert old == found.old or old.startswith(found.old + "."), old
        assert specs.QUALIFIED.match(old), old
        assert target.kind in ("name", "module", "value", "code", "stub"), old
        if target.kind in ("name", "module"):
            assert specs.QUALIFIED.match(target.value), (old, target)
        if target.identical:
            assert target.kind in ("name", "module", "value"), old
        for need in target.needs:
            tree = ast.parse(need)
            assert len(tree.body) == 1, need
            assert isinstance(tree.body[0], ast.Import | ast.ImportFrom), need
    assert found.differences and len(set(found.differences)) == len(found.differences)
    assert all(d.strip() and not d.endswith(".") for d in found.differences)
    assert all(c.startswith("types-") for c in found.companions)
    if found.requirement is not None:
        Requirement(found.requirement)
    if found.prelude:
        compile("\n".join(found.prelude), "<prelude>", "exec")


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_no_facade_name_is_taken_by_an_import_the_new_backend_needs(found: Recipe) -> None:
    bound: set[str] = set()
    for old, target in found.entries.items():
        if target.kind == "value" and target.value == old.rpartition(".")[2]:
            continue  # its imports bind the name on purpose (six.moves.urllib: urllib)
        for stmt in ast.parse("\n".join([*found.prelude, *target.needs])).body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
    leaves = {old.rpartition(".")[2] for old in found.entries}
    assert not bound & leaves


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_what_the_prelude_defines_is_private_or_a_name_it_stands_for(found: Recipe) -> None:
    """The prelude is emitted once, first, whatever names the facade has: a definition there
    is a helper the targets share (private) or a facade name whose entry is a ``value`` naming
    it (the facade then writes nothing more for it); no code target defines it again."""
    defined: set[str] = set()
    for stmt in ast.parse("\n".join(found.prelude)).body:
        if isinstance(stmt, ast.FunctionDef | ast.ClassDef):
            defined.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            defined |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
    for old, target in found.entries.items():
        leaf = old.rpartition(".")[2]
        if leaf in defined:
            assert target.kind == "value" and target.value == leaf, old
    public = {d for d in defined if not d.startswith("_")}
    leaves = {old.rpartition(".")[2] for old in found.entries}
    assert public <= leaves


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_the_whole_new_branch_builds_in_one_namespace(found: Recipe) -> None:
    branch = _branch(found.id)
    for old, target in found.entries.items():
        if target.kind != "stub":
            assert old.rpartition(".")[2] in branch, old


#: flake8's default max-line-length (79) less the 4 spaces the facade indents recipe code by
GENERATED_LINE_LENGTH = 75


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_generated_lines_fit_flake8_s_default_line_length(found: Recipe) -> None:
    """Every line refcoord pastes into a facade: code targets (dedented), value
    expressions, needs and the prelude."""
    lines = [("prelude", "prelude", line) for line in found.prelude]
    for old, target in found.entries.items():
        lines += [(old, "needs", need) for need in target.needs]
        if target.kind == "code":
            source = textwrap.dedent(target.value).strip()
            lines += [(old, "code", line) for line in source.splitlines()]
        elif target.kind == "value":
            lines += [(old, "value", line) for line in target.value.splitlines()]
    too_long = [
        f"{found.id} {old} ({part}, {len(line)} characters): {line!r}"
        for old, part, line in lines
        if len(line) > GENERATED_LINE_LENGTH
    ]
    assert not too_long, "\n".join(too_long)


# -- every entry


@pytest.mark.parametrize(("found", "old", "target"), _entries("name"))
def test_a_name_target_resolves(found: Recipe, old: str, target: Target) -> None:
    _new_name(target.value)


@pytest.mark.parametrize(("found", "old", "target"), _entries("module"))
def test_a_module_target_imports(found: Recipe, old: str, target: Target) -> None:
    assert isinstance(_module(target.value), types.ModuleType)


@pytest.mark.parametrize(("found", "old", "target"), _entries("value"))
def test_a_value_target_evaluates(found: Recipe, old: str, target: Target) -> None:
    eval(target.value, _namespace(found, target))


@pytest.mark.parametrize(("found", "old", "target"), _entries("code"))
def test_a_code_target_defines_exactly_the_old_name_s_last_part(
    found: Recipe, old: str, target: Target
) -> None:
    leaf = old.rpartition(".")[2]
    source = textwrap.dedent(target.value)
    tree = ast.parse(source)
    assert len(tree.body) == 1, "one def or class statement"
    assert isinstance(tree.body[0], ast.FunctionDef | ast.ClassDef)
    assert tree.body[0].name == leaf
    namespace = _namespace(found, target)
    before = set(namespace)
    exec(compile(source, f"<{old}>", "exec"), namespace)  # noqa: S102 - the recipe's code
    assert set(namespace) - before == {leaf}
    assert callable(namespace[leaf])


@pytest.mark.parametrize(("found", "old", "target"), _entries("stub"))
def test_a_stub_says_why(found: Recipe, old: str, target: Target) -> None:
    assert len(target.value.strip()) > 10


@pytest.mark.parametrize(
    ("found", "old", "target"),
    [p for p in _entries("name", "module", "value", "code") if p.values[2].identical],
)
def test_an_identical_entry_is_the_old_object_itself(
    found: Recipe, old: str, target: Target
) -> None:
    new = _new(found, target, old.rpartition(".")[2])  # skips where the new one is missing
    assert _old(old) is new
    if target.kind == "module":  # imported as a module too, not only read as an attribute
        with _quiet():
            assert importlib.import_module(old) is _module(target.value)


def _public(module: types.ModuleType) -> list[str]:
    """The names a module offers: its ``__all__``, six's moved names, else the classes and
    functions it defines."""
    listed = getattr(module, "__all__", None)
    if listed is not None:
        return list(listed)
    moved = getattr(module, "_moved_attributes", None)
    if moved is not None:
        return [m.name for m in moved]
    return [
        n
        for n, o in vars(module).items()
        if not n.startswith("_")
        and (inspect.isclass(o) or inspect.isfunction(o))
        and o.__module__ == module.__name__
    ]


@pytest.mark.parametrize(("found", "old", "target"), _entries("module"))
def test_a_module_entry_guesses_none_of_the_old_module_s_names(
    found: Recipe, old: str, target: Target
) -> None:
    """Under a ``module`` entry each public name the old module really has is mapped: by an
    entry of its own, else by the same name, which the new module must have."""
    _module(target.value)  # skips where the new one is missing
    old_module = _old(old)
    for leaf in _public(old_module):
        try:
            _old(f"{old}.{leaf}")
        except (AttributeError, ImportError):
            continue  # not on this Python (six's moves of removed modules)
        mapped = target_of(found, f"{old}.{leaf}")
        assert mapped is not None
        if f"{old}.{leaf}" not in found.entries:
            _new_name(mapped.value)


# -- target_of


def test_target_of_follows_the_deepest_module_entry() -> None:
    six = recipe("six-stdlib")
    mock = recipe("mock-unittest-mock")
    assert six is not None and mock is not None
    assert target_of(six, "six.moves.urllib.parse.quote") == name("urllib.parse.quote")
    assert target_of(six, "six.moves.urllib.request.urlopen") == name("urllib.request.urlopen")
    assert target_of(six, "six.moves.urllib_parse.urlencode") == name("urllib.parse.urlencode")
    assert target_of(six, "six.moves.configparser.ConfigParser") == name(
        "configparser.ConfigParser"
    )
    assert target_of(six, "six.moves.range") == name("builtins.range", identical=True)
    assert target_of(six, "six.text_type") == name("builtins.str", identical=True)
    assert target_of(six, "six.not_in_six") is None  # six itself is no module entry
    assert target_of(mock, "mock.mock.patch") == name("unittest.mock.patch")
    # mock's names are entries one by one: one no entry knows is not guessed (the facade
    # serves mock.patch.object through its patch)
    assert target_of(mock, "mock.patch.object") is None
    assert target_of(mock, "mock.some_future_name") is None
    assert target_of(mock, "mock.MagicMock") == name("unittest.mock.MagicMock")
    threading_mock = target_of(mock, "mock.ThreadingMock")
    assert threading_mock is not None and threading_mock.kind == "stub"


# -- six: the code entries behave as six's own


class _Meta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _Meta:
        namespace["made_by"] = "Meta"
        return super().__new__(mcs, name, bases, namespace)


class _Base:
    __slots__ = ()
    base = True


def test_six_with_metaclass_builds_the_same_class() -> None:
    six = pytest.importorskip("six")
    for with_metaclass in (six.with_metaclass, _built("six-stdlib", "six.with_metaclass")):
        made = types.new_class(
            "Made", (with_metaclass(_Meta, _Base),), {}, lambda ns: ns.update(x=1)
        )
        assert type(made) is _Meta
        assert made.__mro__ == (made, _Base, object)
        assert made.__dict__["made_by"] == "Meta" and made.__dict__["x"] == 1
        assert made.__name__ == "Made"


@pytest.mark.parametrize("slots", [("x", "y"), "x"])
def test_six_add_metaclass_keeps_the_slots(slots: tuple[str, ...] | str) -> None:
    six = pytest.importorskip("six")
    made = []
    for add_metaclass in (six.add_metaclass, _built("six-stdlib", "six.add_metaclass")):
        original = types.new_class(
            "Point", (_Base,), {}, lambda ns: ns.update(__slots__=slots, size=2)
        )
        cls = add_metaclass(_Meta)(original)
        metaclass = type(cls)
        assert metaclass is _Meta and cls.__slots__ == slots and cls.size == 2
        assert cls.__qualname__ == original.__qualname__ and cls.__bases__ == (_Base,)
        point = cls()
        point.x = 1
        with pytest.raises(AttributeError):
            point.z = 2
        made.append(sorted(vars(cls)))
    assert made[0] == made[1]


def test_six_raise_from_and_reraise_chain_as_six_does() -> None:
    six = pytest.importorskip("six")
    raise_froms = (six.raise_from, _built("six-stdlib", "six.raise_from"))
    reraises = (six.reraise, _built("six-stdlib", "six.reraise"))
    for raise_from, reraise in zip(raise_froms, reraises, strict=True):
        cause = KeyError("k")
        with pytest.raises(ValueError) as caught:
            raise_from(ValueError("v"), cause)
        assert caught.value.__cause__ is cause and caught.value.__suppress_context__
        with pytest.raises(ValueError) as caught:
            raise_from(ValueError("v"), None)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
        try:
            raise TypeError("first")
        except TypeError:
            tp, value, tb = sys.exc_info()
        with pytest.raises(TypeError) as again:
            reraise(tp, value, tb)
        assert again.value is value and again.value.__traceback__ is not None
        with pytest.raises(OSError):
            reraise(OSError, None)


class _Case(unittest.TestCase):
    def runTest(self) -> None:
        """Nothing: an instance to call assertion methods on."""


#: (six name, arguments): six's function and the recipe's give the same result or error.
SIX_CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("six.ensure_str", ("é",)),
    ("six.ensure_str", ("é".encode(),)),
    ("six.ensure_str", (b"\xff", "utf-8", "replace")),
    ("six.ensure_str", (b"\xff",)),
    ("six.ensure_str", (1,)),
    ("six.ensure_binary", ("é",)),
    ("six.ensure_binary", (b"\xff",)),
    ("six.ensure_binary", ("é", "latin-1")),
    ("six.ensure_binary", (None,)),
    ("six.ensure_text", (b"caf\xc3\xa9",)),
    ("six.ensure_text", ("x",)),
    ("six.ensure_text", (bytearray(b"x"),)),
    ("six.iteritems", ({"a": 1, "b": 2},)),
    ("six.iterkeys", ({"a": 1, "b": 2},)),
    ("six.itervalues", ({"a": 1, "b": 2},)),
    ("six.iterlists", ({"a": 1},)),
    ("six.viewitems", ({"a": 1},)),
    ("six.viewkeys", ({"a": 1},)),
    ("six.viewvalues", ({"a": 1},)),
    ("six.b", ("abc\xe9",)),
    ("six.u", ("abc\\u00e9",)),
    ("six.int2byte", (65,)),
    ("six.int2byte", (256,)),
    ("six.byte2int", (b"AB",)),
    ("six.get_unbound_function", (str.upper,)),
    ("six.create_unbound_method", (len, str)),
    ("six.get_method_function", ("x".upper,)),
    ("six.get_method_self", (_Case().runTest,)),
    ("six.get_function_code", (_public,)),
    ("six.get_function_defaults", (_module,)),
    ("six.get_function_globals", (_public,)),
    ("six.get_function_closure", (_public,)),
    ("six.python_2_unicode_compatible", (_Base,)),
    ("six.assertCountEqual", (_Case(), [1, 2, 2], [2, 1, 2])),
    ("six.assertCountEqual", (_Case(), [1, 2], [2, 2])),
    ("six.assertRegex", (_Case(), "abc", "b")),
    ("six.assertNotRegex", (_Case(), "abc", "z")),
    ("six.assertNotRegex", (_Case(), "abc", "b")),
]


def _outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        result = function(*args)
    except Exception as error:  # noqa: BLE001 - the error is the outcome compared
        return type(error)
    if isinstance(result, Iterator):
        return ("iterator", list(result))
    if isinstance(result, types.MappingProxyType | type({}.items()) | type({}.keys())):
        return (type(result), list(result))
    if type(result) is type({}.values()):
        return ("values", list(result))
    return result


@pytest.mark.parametrize(("old", "args"), SIX_CALLS, ids=[f"{o}{a!r}" for o, a in SIX_CALLS])
def test_six_code_entries_behave_as_six(old: str, args: tuple[Any, ...]) -> None:
    pytest.importorskip("six")
    if old == "six.iterlists":
        args = (_Lists(*args),)
    assert _outcome(_built("six-stdlib", old), args) == _outcome(_old(old), args)


class _Lists(dict[str, Any]):
    """A mapping with ``lists()`` (werkzeug's MultiDict has one): what six.iterlists reads."""

    def lists(self) -> Iterator[tuple[str, list[Any]]]:
        return ((k, [v]) for k, v in self.items())


def test_six_assert_raises_regex_is_the_test_case_s() -> None:
    assert_raises_regex = _built("six-stdlib", "six.assertRaisesRegex")
    with assert_raises_regex(_Case(), ValueError, "bad"):
        raise ValueError("a bad value")


def test_int2byte_keeps_six_s_error() -> None:
    with pytest.raises(struct.error):
        _built("six-stdlib", "six.int2byte")(-1)


# -- toml: load takes what toml.load took and returns what it returned

TOML_DOCUMENT = """\
title = "example"

[owner]
name = "Tom"
dob = 1979-05-27T07:32:00-08:00
day = 1979-05-27

[database]
ports = [8000, 8001, 8002]
limits = { connections = 5000, enabled = true }
ratio = 0.5

[[servers]]
name = "alpha"
ip = "10.0.0.1"

[[servers]]
name = "beta"
"""


def test_toml_load_reads_paths_and_files_as_toml_did(tmp_path: Path) -> None:
    toml = pytest.importorskip("toml")
    path = tmp_path / "config.toml"
    path.write_text(TOML_DOCUMENT, encoding="utf-8")
    expected = toml.load(str(path))
    load = _built("toml-tomllib", "toml.load")
    assert load(str(path)) == expected
    assert load(path) == expected
    assert load(str(path).encode()) == expected
    with path.open(encoding="utf-8") as text:
        assert load(text) == expected
    with path.open("rb") as binary:
        assert load(binary) == expected
    assert load(io.StringIO(TOML_DOCUMENT)) == toml.load(io.StringIO(TOML_DOCUMENT))
    assert _built("toml-tomllib", "toml.loads")(TOML_DOCUMENT) == toml.loads(TOML_DOCUMENT)
    other = tmp_path / "other.toml"
    other.write_text('title = "other"\nextra = 1\n', encoding="utf-8")
    paths = [str(path), str(tmp_path / "missing.toml"), str(other)]
    with pytest.warns(UserWarning):  # toml warns about the missing one
        merged = toml.load(paths)
    assert load(paths) == merged and merged["title"] == "other"
    with pytest.raises(FileNotFoundError):
        load([str(tmp_path / "missing.toml")])
    with pytest.raises(TypeError):
        load(42)


def test_toml_decode_error_is_made_as_toml_s() -> None:
    toml = pytest.importorskip("toml")
    branch = _branch("toml-tomllib")
    error = branch["TomlDecodeError"]
    assert issubclass(error, branch["tomllib"].TOMLDecodeError) and issubclass(error, ValueError)
    doc = 'a = 1\nb = "two"\n\nc = ?\n'
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        (("toml error",), {"doc": "foo", "pos": 0}),  # interrogate's tests
        (("bad", doc, 17), {}),
        (("bad", doc), {"pos": len(doc)}),
        (("bad", doc, 6), {}),
        (("bad", doc, 0), {}),
    ]
    for args, kwargs in calls:
        new, old = error(*args, **kwargs), toml.TomlDecodeError(*args, **kwargs)
        assert str(new) == str(old) and new.args == old.args
        seen = [(e.msg, e.doc, e.pos, e.lineno, e.colno) for e in (new, old)]
        assert seen[0] == seen[1]
    with pytest.raises(TypeError):
        error("toml error")  # as toml's: doc and pos are required


#: (document, (line, column, position) where tomllib stops: where the facade's error points)
BAD_DOCUMENTS = [
    ("a = ", (1, 5, 4)),  # tomllib: "at end of document"
    ('a = 1\nb = "two"\n\nc = ?\n', (4, 5, 21)),
    ("a = 1\r\nb = ?\r\n", (2, 5, 11)),  # counted in the document as given, \r and all
    ("a = 1\na = 2\n", (2, 6, 11)),
    ('a = "x\n', (1, 7, 6)),
]


@pytest.mark.parametrize(("doc", "at"), BAD_DOCUMENTS, ids=[repr(d) for d, _ in BAD_DOCUMENTS])
def test_toml_parse_errors_are_the_facade_s_toml_decode_error(
    doc: str, at: tuple[int, int, int], tmp_path: Path
) -> None:
    toml = pytest.importorskip("toml")
    branch = _branch("toml-tomllib")
    error, tomllib = branch["TomlDecodeError"], branch["tomllib"]
    with pytest.raises(toml.TomlDecodeError):
        toml.loads(doc)
    path = tmp_path / "bad.toml"
    path.write_bytes(doc.encode())
    reads: list[Callable[[], Any]] = [
        lambda: branch["loads"](doc),
        lambda: branch["load"](io.BytesIO(doc.encode())),
        lambda: branch["load"](io.StringIO(doc)),
        lambda: branch["load"](str(path)),
        lambda: branch["load"]([str(path)]),
    ]
    for read in reads:
        try:
            read()
        except error as caught:  # what code written against toml's facade catches
            assert isinstance(caught.__cause__, tomllib.TOMLDecodeError)
            assert caught.__cause__ is not caught and type(caught.__cause__) is not error
            assert caught.doc == doc and (caught.lineno, caught.colno, caught.pos) == at
            assert caught.msg and caught.msg in str(caught.__cause__)
            assert str(caught) == str(toml.TomlDecodeError(caught.msg, doc, caught.pos))
        else:
            pytest.fail(f"{doc!r} parsed")


def test_toml_decode_error_is_on_toml_s_line_where_both_stop_on_one() -> None:
    toml = pytest.importorskip("toml")
    branch = _branch("toml-tomllib")
    for doc in ('a = 1\nb = "two"\n\nc = ?\n', "a = 1\na = 2\n", "a = 1\r\nb = ?\r\n"):
        with pytest.raises(toml.TomlDecodeError) as old:
            toml.loads(doc)
        with pytest.raises(branch["TomlDecodeError"]) as new:
            branch["loads"](doc)
        assert new.value.lineno == old.value.lineno


def test_toml_decode_error_without_a_position_in_tomllib_s_message_points_at_the_start() -> None:
    branch = _branch("toml-tomllib")
    real = branch["tomllib"]

    def loads(doc: str) -> Any:
        raise real.TOMLDecodeError("something else went wrong")

    branch["tomllib"] = types.SimpleNamespace(loads=loads, TOMLDecodeError=real.TOMLDecodeError)
    with pytest.raises(branch["TomlDecodeError"]) as caught:
        branch["loads"]("a = 1\n")
    assert caught.value.msg == "something else went wrong"
    assert (caught.value.pos, caught.value.lineno, caught.value.colno) == (0, 1, 1)


def test_toml_loads_takes_text_only_as_toml_did() -> None:
    toml = pytest.importorskip("toml")
    loads = _branch("toml-tomllib")["loads"]
    for bad in (b"a = 1", 1, None):
        with pytest.raises(TypeError):
            toml.loads(bad)
        with pytest.raises(TypeError):
            loads(bad)
    assert loads("a = 1") == toml.loads("a = 1") == {"a": 1}


# -- pytz: zoneinfo gives the offsets pytz's localize gave


@pytest.mark.parametrize(
    "naive",
    [
        datetime.datetime(2024, 7, 1, 12, 0),  # summer time
        datetime.datetime(2024, 1, 15, 12, 0),  # winter time
        datetime.datetime(1990, 3, 25, 3, 30),  # just after the spring change
    ],
)
def test_pytz_timezone_gives_the_offsets_localize_gave(naive: datetime.datetime) -> None:
    pytz = pytest.importorskip("pytz")
    timezone = _built("pytz-zoneinfo", "pytz.timezone")
    for zone in ("Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"):
        new = naive.replace(tzinfo=timezone(zone))
        old = pytz.timezone(zone).localize(naive)
        assert new.utcoffset() == old.utcoffset(), zone
        assert new == old
        assert str(new.tzinfo) == str(old.tzinfo)


def test_pytz_timezone_looks_names_up_as_pytz_did() -> None:
    pytz = pytest.importorskip("pytz")
    timezone = _built("pytz-zoneinfo", "pytz.timezone")
    assert str(timezone("europe/paris")) == str(pytz.timezone("europe/paris")) == "Europe/Paris"
    unknown = _built("pytz-zoneinfo", "pytz.UnknownTimeZoneError")
    assert issubclass(unknown, KeyError) and issubclass(pytz.UnknownTimeZoneError, KeyError)
    for bad in ("Nowhere/Town", "../etc/passwd", "/etc/localtime", "", None):
        with pytest.raises(unknown):
            timezone(bad)
        with pytest.raises(pytz.UnknownTimeZoneError):
            pytz.timezone(bad)


def test_pytz_fixed_offsets_and_utc() -> None:
    pytz = pytest.importorskip("pytz")
    branch = _branch("pytz-zoneinfo")
    fixed_offset = branch["FixedOffset"]
    utc: Any = branch["utc"]  # the facade's zone: a ZoneInfo with pytz's methods
    moment = datetime.datetime(2024, 5, 1, 12, 0)
    for minutes in (90, -300, 0):
        assert fixed_offset(minutes).utcoffset(moment) == pytz.FixedOffset(minutes).utcoffset(
            moment
        )
    # one object, as in pytz; a zoneinfo.ZoneInfo, not datetime.timezone.utc
    assert pytz.FixedOffset(0) is pytz.utc is pytz.UTC is pytz.timezone("utc")
    assert fixed_offset(0) is utc is branch["UTC"] is branch["timezone"]("utc")
    assert isinstance(branch["utc"], zoneinfo.ZoneInfo)
    assert utc is not datetime.timezone.utc
    assert utc.utcoffset(moment) == pytz.utc.utcoffset(moment) == datetime.timedelta(0)
    assert utc.zone == pytz.utc.zone == str(utc) == str(pytz.utc) == "UTC"
    new, old = utc.localize(moment), pytz.utc.localize(moment)
    assert new == old and new.tzinfo is utc and old.tzinfo is pytz.utc
    assert new.utcoffset() == old.utcoffset() and new.tzname() == old.tzname()
    for localize in (utc.localize, pytz.utc.localize):
        with pytest.raises(ValueError, match=r"^Not naive datetime \(tzinfo is already set\)$"):
            localize(new)
    paris = pytz.timezone("Europe/Paris").localize(moment)
    assert utc.normalize(paris) == pytz.utc.normalize(paris) == paris
    assert utc.normalize(paris).replace(tzinfo=None) == datetime.datetime(2024, 5, 1, 10, 0)


#: (zone, naive wall time): ordinary times, and the hour the clocks go back over (ambiguous)
#: or forward over (non-existent), where localize's is_dst decides
LOCALIZED = [
    ("Europe/Paris", datetime.datetime(2024, 7, 1, 12, 0)),
    ("Europe/Paris", datetime.datetime(2024, 1, 15, 12, 0)),
    ("Europe/Paris", datetime.datetime(2024, 10, 27, 2, 30)),  # ambiguous
    ("Europe/Paris", datetime.datetime(2024, 3, 31, 2, 30)),  # non-existent
    ("America/New_York", datetime.datetime(2002, 10, 27, 1, 30)),  # ambiguous
    ("America/New_York", datetime.datetime(2002, 4, 7, 2, 30, 15, 7)),  # non-existent
    ("Australia/Lord_Howe", datetime.datetime(2024, 4, 7, 1, 45)),  # ambiguous half hour
    ("Australia/Lord_Howe", datetime.datetime(2024, 10, 6, 2, 15)),  # non-existent half hour
    ("Europe/Dublin", datetime.datetime(2024, 10, 27, 1, 30)),  # ambiguous
    ("Europe/Moscow", datetime.datetime(2014, 10, 26, 1, 30)),  # ambiguous, no DST on either side
    ("Europe/Moscow", datetime.datetime(2011, 3, 27, 2, 30)),  # non-existent, into permanent +04
    ("Asia/Tokyo", datetime.datetime(2024, 6, 1, 9, 0)),
    ("Asia/Kolkata", datetime.datetime(1990, 3, 25, 3, 30)),
    ("Etc/GMT+5", datetime.datetime(2024, 6, 1, 9, 0)),
    ("UTC", datetime.datetime(2024, 10, 27, 2, 30)),
]


def _seen(
    localize: Callable[..., datetime.datetime], naive: datetime.datetime, is_dst: Any
) -> Any:
    """What localize gives: the wall time with its offset, DST and name, or the error's name."""
    try:
        aware = localize(naive, is_dst=is_dst)
    except Exception as error:  # noqa: BLE001 - the error is the outcome compared
        return type(error).__name__
    return (aware.replace(tzinfo=None), aware.utcoffset(), aware.dst(), aware.tzname())


@pytest.mark.parametrize(("zone", "naive"), LOCALIZED, ids=[f"{z} {n}" for z, n in LOCALIZED])
def test_pytz_localize_gives_pytz_s_wall_time_offset_and_errors(
    zone: str, naive: datetime.datetime
) -> None:
    pytz = pytest.importorskip("pytz")
    new, old = _branch("pytz-zoneinfo")["timezone"](zone), pytz.timezone(zone)
    for is_dst in (False, True, None):
        assert _seen(new.localize, naive, is_dst) == _seen(old.localize, naive, is_dst), is_dst
    # the same instant (PEP 495: == across time zones is False in a gap or a repeated hour)
    assert new.localize(naive).timestamp() == old.localize(naive).timestamp()
    assert new.localize(naive).tzinfo is new and new.localize(naive).tzinfo.zone == old.zone


def test_pytz_localize_resolves_and_refuses_as_pytz_does() -> None:
    pytz = pytest.importorskip("pytz")
    branch = _branch("pytz-zoneinfo")
    paris = branch["timezone"]("Europe/Paris")
    twice, never = datetime.datetime(2024, 10, 27, 2, 30), datetime.datetime(2024, 3, 31, 2, 30)
    # ambiguous: False the later occurrence (standard time, fold=1), True the earlier
    assert paris.localize(twice).fold == 1 and paris.localize(twice, is_dst=True).fold == 0
    assert paris.localize(twice).utcoffset() == datetime.timedelta(hours=1)
    assert paris.localize(never).utcoffset() == datetime.timedelta(hours=1)  # before the change
    assert paris.localize(never, is_dst=True).utcoffset() == datetime.timedelta(hours=2)
    # PEP 495: a datetime in a repeated hour or a gap is never == one in another time zone
    in_pytz = pytz.timezone("Europe/Paris").localize(twice)
    assert paris.localize(twice) != in_pytz and in_pytz == in_pytz.astimezone(pytz.utc)
    assert paris.localize(twice).timestamp() == in_pytz.timestamp()
    invalid = branch["InvalidTimeError"]
    assert issubclass(branch["AmbiguousTimeError"], invalid)
    assert issubclass(branch["NonExistentTimeError"], invalid)
    assert not issubclass(invalid, ValueError)  # an Exception, as pytz's
    assert not issubclass(pytz.InvalidTimeError, ValueError)
    for name_ in ("AmbiguousTimeError", "NonExistentTimeError", "InvalidTimeError"):
        assert _built("pytz-zoneinfo", f"pytz.{name_}").__name__ == name_
        assert _built("pytz-zoneinfo", f"pytz.exceptions.{name_}").__name__ == name_
    with pytest.raises(branch["AmbiguousTimeError"]) as ambiguous:
        paris.localize(twice, is_dst=None)
    with pytest.raises(pytz.AmbiguousTimeError) as pytz_ambiguous:
        pytz.timezone("Europe/Paris").localize(twice, is_dst=None)
    assert ambiguous.value.args == pytz_ambiguous.value.args == (twice,)
    with pytest.raises(branch["NonExistentTimeError"]):
        paris.localize(never, is_dst=None)
    aware = paris.localize(twice)
    for tz in (paris, pytz.timezone("Europe/Paris")):
        with pytest.raises(ValueError, match=r"^Not naive datetime \(tzinfo is already set\)$"):
            tz.localize(aware)
    tokyo = branch["timezone"]("Asia/Tokyo")
    noon = datetime.datetime(2024, 1, 1, 12, 0)
    assert tokyo.localize(noon) == pytz.timezone("Asia/Tokyo").localize(noon)
    assert str(tokyo.localize(noon)) == "2024-01-01 12:00:00+09:00"


@pytest.mark.parametrize(("zone", "naive"), LOCALIZED, ids=[f"{z} {n}" for z, n in LOCALIZED])
def test_pytz_normalize_converts_as_pytz_s(zone: str, naive: datetime.datetime) -> None:
    pytz = pytest.importorskip("pytz")
    branch = _branch("pytz-zoneinfo")
    new, old = branch["timezone"](zone), pytz.timezone(zone)
    # pytz's normalize takes datetimes in pytz's time zones; the facade's, any aware one
    for other in ("America/Sao_Paulo", "Asia/Kolkata", "UTC", zone):
        for is_dst in (False, True):
            source = pytz.timezone(other).localize(naive, is_dst=is_dst)
            same = branch["timezone"](other).localize(naive, is_dst=is_dst)
            expected = old.normalize(source)
            for aware in (source, same, same.astimezone(datetime.timezone.utc)):
                normalized = new.normalize(aware)
                assert normalized.tzinfo is new
                assert normalized.timestamp() == expected.timestamp()
                assert normalized.replace(tzinfo=None) == expected.replace(tzinfo=None)
                assert normalized.utcoffset() == expected.utcoffset()
    for tz in (new, old):
        with pytest.raises(ValueError, match=r"^Naive time - no tzinfo set$"):
            tz.normalize(naive)


def test_pytz_normalize_moves_a_wall_time_out_of_a_gap_as_pytz_s() -> None:
    pytz = pytest.importorskip("pytz")
    new = _branch("pytz-zoneinfo")["timezone"]("Europe/Paris")
    old = pytz.timezone("Europe/Paris")
    before = datetime.datetime(2024, 3, 31, 1, 30)
    hour = datetime.timedelta(hours=1)
    moved = new.normalize(new.localize(before) + hour)
    expected = old.normalize(old.localize(before) + hour)
    assert moved.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert moved.replace(tzinfo=None) == datetime.datetime(2024, 3, 31, 3, 30)
    assert moved.utcoffset() == expected.utcoffset() == 2 * hour


def test_pytz_zones_are_one_object_a_name_with_pytz_s_zone() -> None:
    pytz = pytest.importorskip("pytz")
    branch = _branch("pytz-zoneinfo")
    timezone = branch["timezone"]
    for zone in ("Asia/Tokyo", "europe/paris", "America/New_York", "UTC", "Etc/GMT+5"):
        assert timezone(zone) is timezone(zone) and pytz.timezone(zone) is pytz.timezone(zone)
        assert timezone(zone).zone == pytz.timezone(zone).zone == str(pytz.timezone(zone))
        assert isinstance(timezone(zone), zoneinfo.ZoneInfo)
        assert isinstance(timezone(zone), branch["_PytzZone"])
    assert timezone("Asia/Tokyo") is not zoneinfo.ZoneInfo("Asia/Tokyo")  # a class of its own


def _tzif(key: str) -> Path:
    """A TZif file for ``key``: the system's tz database, else the tzdata package's."""
    for root in zoneinfo.TZPATH:
        candidate = Path(root, *key.split("/"))
        if candidate.is_file():
            return candidate
    try:
        files = importlib.resources.files("tzdata")
    except ModuleNotFoundError:
        pytest.skip("no tz database on this machine")
    candidate = Path(str(files.joinpath("zoneinfo", *key.split("/"))))
    if not candidate.is_file():
        pytest.skip(f"no {key} in the tz database")
    return candidate


def test_pytz_build_tzinfo_reads_a_tzif_file_as_pytz_s() -> None:
    pytz = pytest.importorskip("pytz")
    branch = _branch("pytz-zoneinfo")
    build_tzinfo = branch["build_tzinfo"]
    path = _tzif("Europe/Paris")
    with path.open("rb") as fp:
        new = build_tzinfo("local", fp)  # tzlocal's call
    with path.open("rb") as fp:
        old = _old("pytz.tzfile.build_tzinfo")("local", fp)
    assert new.zone == old.zone == "local" and str(new) == "local"
    assert isinstance(new, branch["_PytzZone"])
    for _, naive in LOCALIZED[:4]:
        for is_dst in (False, True, None):
            assert _seen(new.localize, naive, is_dst) == _seen(old.localize, naive, is_dst)
    moment = pytz.utc.localize(datetime.datetime(2024, 7, 1, 12, 0))
    assert new.normalize(moment).utcoffset() == old.normalize(moment).utcoffset()
    with path.open("rb") as fp:
        assert build_tzinfo("local", fp) is not new  # made anew, as pytz's


def test_pytz_time_zone_lists_hold_pytz_s_names() -> None:
    pytz = pytest.importorskip("pytz")
    everything = _built("pytz-zoneinfo", "pytz.all_timezones")
    assert everything == sorted(everything) and "Europe/Paris" in everything
    assert set(_built("pytz-zoneinfo", "pytz.all_timezones_set")) == set(everything)
    # the system's tz database may be older or newer than pytz's: most names are shared
    assert len(set(pytz.common_timezones) - set(everything)) < 10


# -- requests: the facade's functions and Session keep requests' defaults on httpx


def _capturing(old: str) -> tuple[Callable[..., Any], list[tuple[Any, ...]]]:
    """The recipe's ``old`` function, with httpx.request replaced by a recorder."""
    httpx = pytest.importorskip("httpx")
    found = recipe("requests-httpx")
    assert found is not None
    target = found.entries[old]
    namespace = _namespace(found, target)
    exec(compile(textwrap.dedent(target.value), old, "exec"), namespace)  # noqa: S102
    calls: list[tuple[Any, ...]] = []

    def record(method: str, url: str, **kwargs: Any) -> str:
        calls.append((method, url, kwargs))
        return "response"

    namespace["httpx"] = types.SimpleNamespace(request=record, Timeout=httpx.Timeout)
    return namespace[old.rpartition(".")[2]], calls


def test_requests_functions_translate_their_arguments_for_httpx() -> None:
    httpx = pytest.importorskip("httpx")
    get, calls = _capturing("requests.get")
    assert get("http://x/a", {"q": 1, "none": None}, timeout=(3, 7)) == "response"
    assert calls[-1] == (
        "GET",
        "http://x/a",
        {
            "params": {"q": 1},
            "follow_redirects": True,
            "timeout": httpx.Timeout(None, connect=3, read=7),
        },
    )
    get("http://x/a", allow_redirects=False, timeout=2.5)
    assert calls[-1][2]["follow_redirects"] is False and calls[-1][2]["timeout"] == 2.5
    head, calls = _capturing("requests.head")
    head("http://x/a")
    assert calls[-1] == ("HEAD", "http://x/a", {"follow_redirects": False, "timeout": None})
    post, calls = _capturing("requests.post")
    post("http://x/a", b"raw")
    assert calls[-1][2] == {"content": b"raw", "json": None, **_DEFAULTS}
    post("http://x/a", [("k", "1"), ("k", "2")])
    assert calls[-1][2] == {"data": {"k": ["1", "2"]}, "json": None, **_DEFAULTS}
    post("http://x/a", {"k": "v", "gone": None}, json=None)
    assert calls[-1][2] == {"data": {"k": "v"}, "json": None, **_DEFAULTS}
    post("http://x/a", json={"k": 1})
    assert calls[-1][2] == {"data": None, "json": {"k": 1}, **_DEFAULTS}
    request, calls = _capturing("requests.api.request")
    request("PUT", "http://x/a", data="text")
    assert calls[-1] == ("PUT", "http://x/a", {"content": "text", **_DEFAULTS})


_DEFAULTS = {"follow_redirects": True, "timeout": None}


def test_requests_session_is_a_client_with_requests_defaults() -> None:
    httpx = pytest.importorskip("httpx")
    session_class = _built("requests-httpx", "requests.Session")
    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request)
        if request.url.path == "/old":
            return httpx.Response(302, headers={"Location": "/new"})
        return httpx.Response(200, content=request.content)

    with session_class(transport=httpx.MockTransport(handler)) as session:
        assert isinstance(session, httpx.Client) and session.timeout == httpx.Timeout(None)
        followed = session.get("http://example.test/old")
        assert followed.status_code == 200 and followed.url.path == "/new"
        assert session.get("http://example.test/old", allow_redirects=False).status_code == 302
        assert session.head("http://example.test/old").status_code == 302
        assert session.head("http://example.test/old", allow_redirects=True).status_code == 200
        assert session.post("http://example.test/echo", b"raw").content == b"raw"
        assert session.put("http://example.test/echo", data={"k": "v"}).content == b"k=v"
        session.get("http://example.test/q", params={"a": 1, "b": None})
        assert seen[-1].url.query == b"a=1"
    with _built("requests-httpx", "requests.session")() as made:
        assert type(made).__name__ == "Session" and made.follow_redirects


def test_requests_exceptions_keep_their_hierarchy_but_where_the_differences_say() -> None:
    requests = pytest.importorskip("requests")
    found = recipe("requests-httpx")
    assert found is not None
    mapped = {
        leaf: (getattr(requests.exceptions, leaf), _new_name(target.value))
        for old, target in found.entries.items()
        if old.startswith("requests.exceptions.") and target.kind == "name"
        for leaf in [old.rpartition(".")[2]]
    }
    broken = {
        (a, b)
        for a, b in itertools.permutations(mapped, 2)
        if issubclass(mapped[a][0], mapped[b][0]) and not issubclass(mapped[a][1], mapped[b][1])
    }
    # InvalidURL, StreamError (StreamConsumed) and JSONDecodeError are no httpx.HTTPError
    assert broken == {
        ("InvalidURL", "RequestException"),
        ("StreamConsumedError", "RequestException"),
        ("JSONDecodeError", "RequestException"),
    }
    differences = " ".join(found.differences)
    assert "httpx.InvalidURL" in differences and "httpx.StreamError" in differences
    assert "json.JSONDecodeError, which is not an httpx.HTTPError" in differences


# -- simplejson


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_json_encoder_for_html_escapes_as_simplejson_s(ensure_ascii: bool) -> None:
    simplejson = pytest.importorskip("simplejson")
    encoder = _built("simplejson-json", "simplejson.JSONEncoderForHTML")
    import json

    for document in [{"a": "<b>&amp;</b>\u2028\u2029é", "n": [1, 2.5, None]}, ["x>y"], "<"]:
        new = json.dumps(document, cls=encoder, ensure_ascii=ensure_ascii, sort_keys=True)
        old = simplejson.dumps(
            document, cls=simplejson.JSONEncoderForHTML, ensure_ascii=ensure_ascii, sort_keys=True
        )
        assert new == old
        assert json.loads(new) == document


def test_simplejson_names_read_and_write_plain_json_as_simplejson() -> None:
    simplejson = pytest.importorskip("simplejson")
    document = '{"a": [1, 2.5, "x", null, true], "b": {"c": "\\u00e9"}}'
    assert _built("simplejson-json", "simplejson.loads")(document) == simplejson.loads(document)
    value = simplejson.loads(document)
    assert _built("simplejson-json", "simplejson.dumps")(value) == simplejson.dumps(value)
    error = _built("simplejson-json", "simplejson.JSONDecodeError")
    with pytest.raises(error):
        _built("simplejson-json", "simplejson.loads")("[1,")


def test_simplejson_loads_arguments_json_lacks_are_kept_by_the_facade() -> None:
    simplejson = pytest.importorskip("simplejson")
    branch = _branch("simplejson-json")
    loads, load = branch["loads"], branch["load"]
    document = '{"price": 1.10, "name": "caf\\u00e9"}'
    for given in (document, document.encode("utf-8")):
        assert loads(given, encoding="utf-8") == simplejson.loads(given, encoding="utf-8")
    exact = loads(document, use_decimal=True)
    assert exact == simplejson.loads(document, use_decimal=True)
    assert isinstance(exact["price"], decimal.Decimal)
    latin = document.encode("latin-1", "replace")
    assert loads(latin, "latin-1") == simplejson.loads(latin, "latin-1")
    assert load(io.BytesIO(document.encode()), encoding="utf-8") == json.loads(document)
    assert loads("[1]", object_hook=dict) == [1]  # json's own arguments pass through


@pytest.mark.parametrize("found", list(RECIPES.values()), ids=list(RECIPES))
def test_what_an_entry_lies_in_is_a_module_of_the_old_library(found: Recipe) -> None:
    """The plan reads an entry's parent as a module (the facade's names are cut there)."""
    pytest.importorskip(found.old)
    for parent in sorted({old.rpartition(".")[0] for old in found.entries if "." in old}):
        value: object = importlib.import_module(parent.split(".")[0])
        for part in parent.split(".")[1:]:
            value = getattr(value, part, None) or importlib.import_module(
                f"{getattr(value, '__name__', '')}.{part}"
            )
        assert isinstance(value, types.ModuleType), (found.id, parent)
