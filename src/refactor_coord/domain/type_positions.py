"""Where a name stands only as a type or a namespace, never called there: in an annotation, as
the class ``isinstance`` or ``issubclass`` checks against (alone or in a tuple), in an
``except`` clause and the test helpers that catch (``pytest.raises``, ``assertRaises``,
``assertIsInstance``, ``contextlib.suppress``), as ``super(Class, self)``'s class and
``typing.cast(Class, v)``'s type, as a ``case Class(...)`` pattern, and as what an attribute is
read from (``Class.CONSTANT``,
``Class.from_text(...)``; not ``Class.__init__`` nor ``f.__call__``, which are called with the
arguments). A class
re-signed by change-api is renamed there whatever its new signature, since nothing is built
there; everywhere else a value may later be called with the old arguments (``factory =
Square``), and is judged like a function's.

``type(x) is Old`` is not one of them: during the deprecation window the old name builds
instances of its own type (a subclass of the new class), so the comparison means something
else once renamed. A subscript outside an annotation (``registry[Old]``) is a lookup by the
class object, not a type, and is not one either. Pure: ``ast`` in, node ids out."""

from __future__ import annotations

import ast
from collections.abc import Iterator

#: The calls whose arguments at these positions are classes (``None``: every one), by the
#: called name's last part (``pytest.raises``, ``self.assertRaises``).
_CLASS_ARGUMENTS: dict[str, tuple[int, ...] | None] = {
    "isinstance": (1,),
    "issubclass": (1,),
    "super": (0,),
    "cast": (0,),
    "raises": (0,),
    "assertRaises": (0,),
    "assertRaisesRegex": (0,),
    "assertIsInstance": (1,),
    "assertNotIsInstance": (1,),
    "suppress": None,
}
#: Attributes read from a class (or a function) that are called with its arguments.
_CONSTRUCTORS = frozenset({"__init__", "__new__", "__call__"})


def checks_metaclass(old: str) -> str:
    """The name of the metaclass change-api makes a re-signed class's shim ``old`` with, in
    its module, so that ``isinstance`` takes every instance of the new class for one of
    ``old`` (the codemod writes it; the checks before deprecate and contract know its code is
    the shim's)."""
    return f"_{old}Checks"


def in_checks_metaclass(scope: str, old: str) -> bool:
    """Whether code in ``scope`` (a qualified name) is the metaclass of the shim of the
    re-signed class ``old`` (qualified): its ``if self is Old`` is the shim's own, no use."""
    module, _, leaf = old.rpartition(".")
    return scope.startswith(f"{module}.{checks_metaclass(leaf)}.")


#: The reason of a use of a re-signed class that stands only as a type: renamed with the class.
STANDS_AS_TYPE = "stands as a type only (a class checked or caught): renamed whatever it takes"
#: The reason of an ``except`` clause's use of a re-signed class, which Python matches without
#: asking the shim's metaclass: renamed in the expand step, so that it catches instances
#: raised either way.
CAUGHT = "caught by an except clause: renamed at expand, to catch instances raised either way"


def type_positions(tree: ast.Module) -> frozenset[int]:
    """The ids of the name and attribute nodes of ``tree`` that stand only as types."""
    found: set[int] = set()
    for node in ast.walk(tree):
        for typed in _typed_parts(node):
            found.update(id(n) for n in ast.walk(typed) if isinstance(n, ast.Name | ast.Attribute))
    return frozenset(found)


def caught_positions(tree: ast.Module) -> frozenset[int]:
    """The ids of the name and attribute nodes of ``tree`` that an ``except`` clause catches
    (alone or in a tuple)."""
    return frozenset(
        id(n)
        for handler in ast.walk(tree)
        if isinstance(handler, ast.ExceptHandler) and handler.type is not None
        for caught in _classes(handler.type)
        for n in ast.walk(caught)
        if isinstance(n, ast.Name | ast.Attribute)
    )


def _typed_parts(node: ast.AST) -> Iterator[ast.expr]:
    """The parts of ``node`` that are types: annotations, checked classes, caught classes,
    class patterns."""
    if isinstance(node, ast.arg) and node.annotation is not None:
        yield node.annotation
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
        yield node.returns
    elif isinstance(node, ast.AnnAssign):
        yield node.annotation
    elif isinstance(node, ast.ExceptHandler) and node.type is not None:
        yield from _classes(node.type)
    elif isinstance(node, ast.MatchClass):
        yield node.cls
    elif isinstance(node, ast.Attribute) and node.attr not in _CONSTRUCTORS:
        if isinstance(node.value, ast.Name | ast.Attribute):  # what it is read from
            yield node.value
    elif isinstance(node, ast.Call):
        for argument in _class_arguments(node):
            yield from _classes(argument)


def _class_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of a call that take classes (:data:`_CLASS_ARGUMENTS`)."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name not in _CLASS_ARGUMENTS or any(isinstance(a, ast.Starred) for a in call.args):
        return []
    at = _CLASS_ARGUMENTS[name]
    return list(call.args) if at is None else [call.args[i] for i in at if i < len(call.args)]


def _classes(node: ast.expr) -> Iterator[ast.expr]:
    """A class, or each of a tuple of classes (as ``except`` and ``isinstance`` take them)."""
    if isinstance(node, ast.Tuple):
        for element in node.elts:
            yield from _classes(element)
    elif isinstance(node, ast.Name | ast.Attribute):
        yield node
