"""change-api for a class re-signed: its ``__init__`` takes new arguments (made keyword-only,
renamed, reordered, given defaults), usually with the class renamed too. Expand renames the
class and re-signs its ``__init__`` (renamed parameters renamed in its body), rebinds the
module's own calls, and leaves the old name as a subclass that takes the old arguments and
forwards them by Python's binding rules, silent until the deprecate step::

    class Square(Quad, metaclass=_SquareChecks):
        \"\"\"Deprecated: use :class:`Quad`, which this builds from the old arguments.\"\"\"

        def __init__(self, side: float, colour: str = "red") -> None:
            # refcoord: forwards to Quad until the contract step
            super().__init__(side, color=colour)

A subclass, not an alias, because the old calls must keep working: ``Square(2, "blue")`` and
a subclass outside the repository whose ``super().__init__`` passes the old arguments. An
instance built as ``Quad(...)`` is not, by itself, one of ``Square``'s: the metaclass
(:func:`_checks`, derived from ``Quad``'s own, plain ``type`` to type checkers) makes
``isinstance`` and ``issubclass`` take every ``Quad`` for a ``Square`` while the old name
lasts. ``except Square:`` asks no metaclass: the plan migrates the modules that catch the class
in the expand step. Deprecate makes the shim's ``__init__`` warn (marked with PEP 702's
``deprecated`` where the project can import it); contract removes the class and its metaclass.

Refused, with the reason, where the old name could not keep the old calls working: a class
made to be pickled (old pickles name it for good), one with no ``__init__`` of its own (its
arguments are a base's or a decorator's, as a dataclass's are), a decorated one (or a
decorated ``__init__``), an enumeration, a generic one, one whose ``__init__``'s defaults read
its own body, one that defines ``__new__`` too, or one whose methods, or its bases' in the
module, build instances through ``cls(...)``, ``type(self)(...)`` or ``self.__class__(...)``
(such a call passes arguments that need not fit the new ``__init__``). Text in, text or
:class:`Refused` out."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

import libcst as cst

from refactor_coord.domain.test_runners import TestStyle
from refactor_coord.domain.type_positions import checks_metaclass
from refactor_coord.rewrite.binding import Change, Signature, forwarding_args
from refactor_coord.rewrite.cst_tools import attach, close_gaps, detach
from refactor_coord.rewrite.dunder_all import without_entries
from refactor_coord.rewrite.imports import without_names
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.pickling import pickled_names
from refactor_coord.rewrite.positions import source_lines
from refactor_coord.rewrite.references import global_reads
from refactor_coord.rewrite.scope import declared_in, module_scope, parameters, parsed
from refactor_coord.rewrite.style import Style
from refactor_coord.rewrite.templates import render, template_in_style
from refactor_coord.rewrite.type_checking import (
    import_type_checking,
    reads_type_checking,
    type_checking_spelling,
)
from refactor_coord.rewrite.type_strings import type_string_edits
from refcoord_codemods.change_api.classes import class_name_edit, the_class
from refcoord_codemods.change_api.expand import (
    Found,
    body_indent,
    change_of,
    def_header,
    find_method,
    inserted_after,
    rewritten_def,
    signature_of,
)
from refcoord_codemods.change_api.migrate import reference_edits
from refcoord_codemods.change_api.shim import MARK, shim_gone, stand_ins


def expand_resigned_class(
    source: str,
    names: tuple[str, str],
    signature: str | None,
    renames: Mapping[str, str],
    style: Style,
) -> str | Refused:
    """``source`` with its top-level class ``old`` (``names``: the old name and the new) renamed
    ``new``, its ``__init__`` re-signed with ``signature`` (``self`` may be left out) and its
    parameters renamed by ``renames``, the module's own calls of the class rebound (those that
    cannot be are left on the old name, for review), and ``old`` a subclass taking the old
    arguments, which ``isinstance`` and ``issubclass`` take every instance and subclass of the
    new class for (``style``: the project's, for the ``__init__``'s docstring and the
    ``TYPE_CHECKING`` import)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    found = _resignable(tree, text, names)
    if isinstance(found, Refused):
        return found
    change = change_of(found, signature, dict(renames))
    if isinstance(change, Refused):
        return change
    forwarded = forwarding_args(change, skip_first=True)
    if isinstance(forwarded, Refused):
        return forwarded
    renamed = _renamed(tree, text, found, names, change, style.line_length)
    if isinstance(renamed, Refused):
        return renamed
    spelling = type_checking_spelling(cst.parse_module(text).body)
    lines = text.splitlines(keepends=True)
    unit = body_indent(found.implementation, lines)
    unit = unit[: len(unit) // 2]  # the method's body is two levels in: the file's one level
    forwards = ", ".join(a.code() for a in forwarded)
    shim = _checks(names, spelling or "TYPE_CHECKING", unit, style.line_length)
    shim += _shim(found, lines, names, forwards, style.line_length)
    expanded = _after_class(renamed, names[1], shim)
    return attach(expanded if spelling else _imports_type_checking(expanded, style), form)


def _renamed(
    tree: ast.Module,
    text: str,
    found: Found,
    names: tuple[str, str],
    change: Change,
    width: int,
) -> str | Refused:
    """``text`` with the class renamed (its forward references in strings too), its
    ``__init__`` re-signed by ``change``, and the module's own calls of it rebound."""
    old, new = names
    lines = [line.removesuffix("\n") for line in source_lines(text)]  # as ast counts them
    assert found.owner is not None
    edits = [class_name_edit(found.owner, lines, new), *type_string_edits(tree, lines, old, new)]
    calls = calls_change(change)
    for ref in global_reads(tree, module_scope(tree), old):
        rewritten = reference_edits(ref, calls, new, lines)
        if not isinstance(rewritten, Refused):  # else it goes through the shim, for review
            edits += rewritten
    init = ("__init__", "__init__")
    renamed = rewritten_def(text, found, init, change, list(dict.fromkeys(edits)), width=width)
    if isinstance(renamed, Refused):
        return Refused(f"cannot re-sign the class: {renamed.reason}")
    return renamed


def _after_class(text: str, name: str, added: str) -> str:
    """``text`` with ``added`` after the top-level class ``name`` (as ``text`` has it: the
    re-signed ``__init__`` may take more or fewer lines than before)."""
    tree = parsed(text)
    assert not isinstance(tree, Refused)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    return inserted_after(text, cls, added)


def _imports_type_checking(text: str, style: Style) -> str:
    """``text`` with ``from typing import TYPE_CHECKING`` among its opening imports."""
    module = cst.parse_module(text)
    body: list[cst.BaseStatement] = list(module.body)
    import_type_checking(body, style)
    return module.with_changes(body=body).code


#: The note over the block that defines the metaclass (:func:`_checks`).
CHECKS_NOTE = "# refcoord: isinstance takes every {new} for a {old} until the contract step"


def _checks(names: tuple[str, str], spelling: str, unit: str, width: int) -> str:
    """The metaclass the shim class ``old`` is made with: ``isinstance(x, old)`` and
    ``issubclass(c, old)`` hold for every instance and subclass of ``new`` (an instance built
    as ``new(...)`` is not one of the shim's), and, for a subclass of the shim, as usual. Type
    checkers read the plain ``type`` (a metaclass derived from ``type(new)`` is dynamic). It
    asks ``type``'s own checks, not ``new``'s metaclass's: an abstract base class's asks its
    subclasses in turn, the shim among them, without end (cachetools' caches are mappings);
    ``unit``: one level of the file's indentation; ``width``: the project's line length."""
    old, new = names
    meta = checks_metaclass(old)
    one, two, three, four = (unit * n for n in range(1, 5))
    doc = _docstring(
        two,
        (f"Every {new} is a {old} to isinstance and issubclass.", f"Every {new} is a {old}."),
        f"To isinstance and issubclass, until {old} goes.",
        width,
    )
    return (
        f"\n\n{CHECKS_NOTE.format(new=new, old=old)}\n"
        f"if {spelling}:\n"
        f"{one}{meta} = type\n"
        "else:\n\n"
        f"{one}class {meta}(type({new})):\n"
        f"{doc}\n"
        f"{two}def __instancecheck__(self, instance: object) -> bool:\n"
        f"{three}if self is {old}:\n"
        f"{four}return type.__instancecheck__({new}, instance)\n"
        f"{three}return super().__instancecheck__(instance)\n\n"
        f"{two}def __subclasscheck__(self, subclass: type) -> bool:\n"
        f"{three}if self is {old}:\n"
        f"{four}return type.__subclasscheck__({new}, subclass)\n"
        f"{three}return super().__subclasscheck__(subclass)\n"
    )


def planned_class_change(
    source: str, old: str, signature: str | None, renames: Mapping[str, str]
) -> Change | Refused:
    """The change :func:`expand_resigned_class` makes to the calls of the class ``old``,
    before it is made: what the plan binds calls passing ``*args``/``**kwargs`` by."""
    text = detach(source)[0]
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    found = _resignable(tree, text, (old, f"{old} "))  # no name to clash with
    if isinstance(found, Refused):
        return found
    change = change_of(found, signature, dict(renames))
    return change if isinstance(change, Refused) else calls_change(change)


def calls_change(change: Change) -> Change:
    """What a call of the class binds by: its ``__init__``'s change, ``self`` left out."""
    return Change(change.old.without_first(), change.new.without_first(), change.renames)


def class_change(source: str, old: str, new: str, renames: Mapping[str, str]) -> Change | None:
    """The change of the calls of a class expand re-signed, read from the module as expand left
    it (the old name the subclass taking the old arguments); None when it is not that."""
    if not is_resigned_shim(source, old, new):
        return None
    before = signature_of(source, "__init__", old)
    after = signature_of(source, "__init__", new)
    if before is None or after is None:
        return None
    return calls_change(Change(before, after, dict(renames)))


def is_resigned_shim(source: str, old: str, new: str) -> bool:
    """Whether the module's top-level class ``old`` is the shim expand left for the re-signed
    class ``new``: a subclass of it, its ``__init__`` marked."""
    return _shim_class(source, old, new) is not None


def without_shim_class(source: str, old: str, new: str) -> str | Refused:
    """``source`` without the shim class ``old`` of ``new`` and its metaclass (and the blank
    lines before them), nor ``old`` in ``__all__``, nor ``TYPE_CHECKING``'s import when
    nothing else reads it; refused while the module still uses ``old``."""
    if _shim_class(source, old, new) is None:
        return Refused(f"the module has no refcoord shim class {old}: apply the expand step first")
    text, form = detach(source)
    module = cst.parse_module(text)
    body = list(module.body)
    note = CHECKS_NOTE.format(new=new, old=old)
    kept: list[cst.BaseStatement | None] = [
        None if _is_class_named(stmt, old) or _noted(stmt, note) else stmt for stmt in body
    ]
    if not reads_type_checking([s for s in kept if s is not None]):
        kept = [None if s is None else without_names(s, {"TYPE_CHECKING"}) for s in kept]
    left = without_entries(module.with_changes(body=close_gaps(body, kept)).code, {old})
    gone = shim_gone(left, old)
    return gone if isinstance(gone, Refused) else attach(gone, form)


def _is_class_named(stmt: cst.BaseStatement, name: str) -> bool:
    return isinstance(stmt, cst.ClassDef) and stmt.name.value == name


def _noted(stmt: cst.BaseStatement, note: str) -> bool:
    """Whether a comment line above ``stmt`` is ``note``."""
    return any(
        line.comment is not None and line.comment.value == note
        for line in getattr(stmt, "leading_lines", ())
    )


def resigned_class_test(
    source: str, module: str, names: tuple[str, str], campaign: str, style: TestStyle = "pytest"
) -> str | None:
    """A test module asserting that building the old class (``names``: the old and the new
    name in ``module``) warns and builds the new one, through its ``__init__`` (replaced by a
    stand-in, so None for each required argument will do); None without the shim class.
    ``style``: the project's test style."""
    old, new = names
    node = _shim_class(source, old, new)
    init = [s for s in node.body if isinstance(s, ast.FunctionDef)] if node else []
    if not init:
        return None
    qualified = f"{module}.{old}"
    return render(
        __package__ or "",
        template_in_style("class_resigned_test", style),
        campaign=campaign,
        old=qualified,
        new=f"{module}.{new}",
        module=module,
        old_name=old,
        new_name=new,
        arguments=", ".join(stand_ins(Signature.of(init[0].args).without_first().params)),
        match=f'r"{qualified.replace(".", chr(92) + ".")} is deprecated"',
    )


def _shim_class(source: str, old: str, new: str) -> ast.ClassDef | None:
    """The top-level class ``old`` subclassing ``new`` alone whose ``__init__`` is marked."""
    tree = parsed(detach(source)[0])
    if isinstance(tree, Refused):
        return None
    lines = source.splitlines()
    mark = MARK.format(new=new)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == old:
            inits = [
                s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"
            ]
            spans = [lines[s.lineno : s.end_lineno or s.lineno] for s in inits]
            if [ast.unparse(b) for b in node.bases] == [new] and any(
                line.strip() == mark for span in spans for line in span
            ):
                return node
    return None


def _resignable(tree: ast.Module, text: str, names: tuple[str, str]) -> Found | Refused:
    """The class's ``__init__``, when the old name can keep the old calls working through a
    subclass (``names``: the old and the new; ``text``: the module's); else why not."""
    old, new = names
    cls = the_class(tree, old, new)
    if isinstance(cls, Refused):
        return cls
    if checks_metaclass(old) in module_scope(tree).bound_at:
        return Refused(f"'{checks_metaclass(old)}' is already a name in the module: rename it")
    if old in pickled_names(text, frozenset({old})):
        return Refused(
            f"{old} is made to be pickled, and pickles made before name it with its old "
            "arguments for good: rename it alone (its old name is then kept for them), or "
            "re-sign it by hand"
        )
    enum = next((b for b in map(ast.unparse, cls.bases) if b.endswith(_ENUMS)), None)
    if enum is not None:
        return Refused(f"{old} is an enumeration ({enum}), which cannot be subclassed")
    if _is_generic(tree, cls):
        return Refused(
            f"{old} is generic: a subclass keeping its old name would not take type "
            f"parameters ({old}[int](...)): re-sign it by hand"
        )
    if cls.decorator_list:
        return Refused(
            f"{old} is decorated, and a decorator may build its __init__ (a dataclass's): "
            "re-sign it by hand"
        )
    methods = {s.name for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)}
    if "__init__" not in methods:
        return Refused(
            f"{old} has no __init__ of its own (its arguments are a base's): give it one, or "
            "re-sign the base"
        )
    if "__new__" in methods:
        return Refused(
            f"{old} defines __new__ too, which takes the same arguments: re-sign it by hand"
        )
    body_read = _reads_its_body(cls)
    if body_read is not None:
        return Refused(
            f"{old}.__init__'s defaults or annotations read {body_read!r} from the class body, "
            "which the old name's subclass cannot read as written: re-sign it by hand"
        )
    built = next(((c, call) for c in _lineage(tree, cls) for call in _self_builds(c)), None)
    if built is not None:
        where, call = built
        owner = old if where is cls else f"its base {where.name}"
        return Refused(
            f"{owner} builds instances through {ast.unparse(call.func)}(...) (line "
            f"{call.lineno}), which passes arguments that need not fit the new __init__ (and, "
            "through the old name, the new arguments to the old one): re-sign it by hand"
        )
    return find_method(tree, old, "__init__", "__init__ ")


#: the last parts of the names of the standard library's enumeration bases
_ENUMS = ("Enum", "Flag")


#: The bases that make a class generic whatever they are given.
_GENERIC = frozenset({"Generic", "Protocol"})
#: The calls that bind a type variable.
_TYPE_VARIABLES = frozenset({"TypeVar", "ParamSpec", "TypeVarTuple"})


def _is_generic(tree: ast.Module, cls: ast.ClassDef) -> bool:
    """Whether the class takes type parameters (``Old[int]``): PEP 695's, ``Generic[T]``,
    ``Protocol[T]``, or a base given one of the module's type variables (``Base[T]``; not
    ``Parser[InlineState]``, which is a concrete base)."""
    if getattr(cls, "type_params", None):
        return True
    variables = {
        t.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func).rpartition(".")[2] in _TYPE_VARIABLES
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    for base in cls.bases:
        if not isinstance(base, ast.Subscript):
            continue
        if ast.unparse(base.value).rpartition(".")[2] in _GENERIC:
            return True
        if any(isinstance(n, ast.Name) and n.id in variables for n in ast.walk(base.slice)):
            return True
    return False


def _reads_its_body(cls: ast.ClassDef) -> str | None:
    """A name bound in the class body that its ``__init__``'s defaults or annotations read
    (evaluated where the ``def`` stands: the shim's copy of the header would not find it)."""
    bound = declared_in(cls.body)
    inits = [s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"]
    args = inits[0].args if inits else None
    if args is None:
        return None
    parts = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    parts += [a.annotation for a in parameters(args) if a.annotation is not None]
    for part in parts:
        for node in ast.walk(part):
            if isinstance(node, ast.Name) and node.id in bound:
                return node.id
    return None


def _lineage(tree: ast.Module, cls: ast.ClassDef) -> list[ast.ClassDef]:
    """The class and its bases defined at the top of the module, however deep."""
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    found, todo = [cls], [cls]
    while todo:
        for base in todo.pop().bases:
            known = classes.get(base.id) if isinstance(base, ast.Name) else None
            if known is not None and known not in found:
                found.append(known)
                todo.append(known)
    return found


def _self_builds(cls: ast.ClassDef) -> Iterator[ast.Call]:
    """The calls in the class's methods that build an instance of whatever class they run on:
    ``cls(...)`` in a class method, ``type(self)(...)``, ``self.__class__(...)``."""
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [*method.args.posonlyargs, *method.args.args]
        classmethod_ = any(ast.unparse(d) == "classmethod" for d in method.decorator_list)
        first = params[0].arg if params and classmethod_ else None  # its class, so named
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and _builds_own(node.func, first):
                yield node


def _builds_own(func: ast.expr, cls: str | None) -> bool:
    """Whether a call of ``func`` builds an instance of whatever class it runs on (``cls``:
    a class method's first parameter)."""
    if isinstance(func, ast.Name):
        return cls is not None and func.id == cls
    if isinstance(func, ast.Attribute):
        return func.attr == "__class__"
    return (
        isinstance(func, ast.Call)
        and isinstance(func.func, ast.Name)
        and func.func.id == "type"
        and len(func.args) == 1
    )


def _has_slots(cls: ast.ClassDef) -> bool:
    """Whether the class body assigns ``__slots__`` (its shim then adds no ``__dict__``)."""
    return any(
        isinstance(t, ast.Name) and t.id == "__slots__"
        for s in cls.body
        if isinstance(s, ast.Assign | ast.AnnAssign)
        for t in (s.targets if isinstance(s, ast.Assign) else [s.target])
    )


def _docstring(indent: str, summaries: tuple[str, str], rest: str, width: int) -> str:
    """A docstring at ``indent``: the first of ``summaries`` alone when it fits ``width``, the
    project's line length, else the second, shorter, then ``rest``."""
    one = f'{indent}"""{summaries[0]}"""'
    if len(one) <= width:
        return one + "\n"
    return f'{indent}"""{summaries[1]}\n\n{indent}{rest}\n{indent}"""\n'


def _shim(
    found: Found, lines: list[str], names: tuple[str, str], forwarded: str, width: int
) -> str:
    """The subclass keeping the old name: its ``__init__`` the old one's header as written,
    passing the arguments on to the new one (``width``: the project's line length)."""
    old, new = names
    init = found.implementation
    outer = lines[init.lineno - 1][: init.col_offset]  # as written: spaces or tabs
    inner = body_indent(init, lines)
    doc = _docstring(
        outer,
        (
            f"Deprecated: use :class:`{new}`, which this builds from the old arguments.",
            f"Deprecated: use :class:`{new}`.",
        ),
        "This builds one from the old arguments.",
        width,
    )
    assert found.owner is not None
    slots = f"{outer}__slots__ = ()\n\n" if _has_slots(found.owner) else ""
    return (
        f"\n\nclass {old}({new}, metaclass={checks_metaclass(old)}):\n"
        f"{doc}\n"
        f"{slots}"
        f"{outer}{def_header(init, lines)}\n"
        f"{inner}{MARK.format(new=new)}\n"
        f"{inner}super().__init__({forwarded})\n"
    )
