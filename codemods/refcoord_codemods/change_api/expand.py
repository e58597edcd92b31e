"""change-api, definition side (expand): the function under its new name and signature, and the
old name as a forwarding shim that maps its arguments onto the new signature by Python's binding
rules (:mod:`refactor_coord.rewrite.binding`). Text in, text or :class:`Refused` out.

The new definition takes the old one's place, decorators, docstring, comments and body kept,
and the module's own calls of the old name are rewritten for it (its uses as a value go through
the shim);
parameters renamed by ``rename_params`` are renamed in the body too, wherever the body reads the
parameter (a nested function or comprehension that binds the same name is left alone).
``@overload`` stubs go with the implementation, so the old name is never bound to a stub. The
shim follows, with the old signature exactly as written (annotations and defaults); it is
silent until the deprecate step (:mod:`.shim`)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from refactor_coord.rewrite.binding import Change, Param, Signature, forwarding_args
from refactor_coord.rewrite.cst_tools import attach, detach
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit, apply_edits
from refactor_coord.rewrite.scope import declared_in, module_scope, parameters, parsed
from refcoord_codemods.change_api.dispatch import Typing, subclass_dispatch, typing_of
from refcoord_codemods.change_api.methods import MethodKind, class_body, class_def, method_kind
from refcoord_codemods.change_api.migrate import own_calls
from refcoord_codemods.change_api.shim import shim_code

_OVERLOAD = frozenset({"overload", "typing.overload", "typing_extensions.overload"})
#: decorators that bind a method without changing the signature its callers see
_BINDING = frozenset({"classmethod", "staticmethod", *_OVERLOAD})


@dataclass(frozen=True, slots=True)
class Found:
    """The old function: its implementation and its ``@overload`` stubs; for a method, its
    class's name and how it is bound (:func:`method_kind`)."""

    implementation: ast.FunctionDef | ast.AsyncFunctionDef
    stubs: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
    owner: ast.ClassDef | None = None
    kind: MethodKind = "function"


def expand(
    source: str,
    old: str,
    new: str,
    signature: str | None = None,
    renames: Mapping[str, str] | None = None,
    warning: str | None = None,
    noqa: str = "",
    own_calls_too: bool = True,
    width: int = 88,
    owner: str | None = None,
    setattr_noqa: str = "",
) -> str | Refused:
    """``source`` with the top-level function ``old`` (with ``owner``: the method ``old`` of
    the top-level class ``owner``) renamed ``new`` (re-signed with ``signature``, its
    parameters renamed by ``renames``) and ``old`` forwarding to it (``noqa``: what a
    warning's function-level import needs to pass the project's linter), and, with
    ``own_calls_too``, the module's own calls of a function ``old`` calling ``new`` (a method's
    calls are the index's to find: :mod:`.methods`) (``width``: the project's line length,
    for the shim's docstring; ``setattr_noqa``: what the dispatch to a subclass's override of
    a method needs to pass the project's linter, :mod:`.dispatch`)."""
    text, form = detach(source)
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    found = _find(tree, old, new) if owner is None else find_method(tree, owner, old, new)
    if isinstance(found, Refused):
        return found
    change = change_of(found, signature, dict(renames or {}))
    if isinstance(change, Refused):
        return change
    lines = text.splitlines(keepends=True)
    typing = typing_of(tree, setattr_noqa)
    shim = shim_of(found, lines, new, change, (warning, noqa), width, typing)
    if isinstance(shim, Refused):
        return shim
    added = ("\n" if found.owner else "\n\n") + shim
    result = rewritten_def(text, found, (old, new), change, added=added, width=width)
    if isinstance(result, Refused):
        return result
    if not own_calls_too or found.owner is not None:
        return attach(result, form)
    own = own_calls(result, old, new, change)  # the module's own callers change with it
    return own if isinstance(own, Refused) else attach(own.text, form)


def planned_change(
    source: str,
    old: str,
    owner: str | None,
    signature: str | None,
    renames: Mapping[str, str],
) -> Change | Refused:
    """The change :func:`expand` makes to the top-level function ``old`` (with ``owner``: the
    method ``old`` of the top-level class ``owner``, its whole signature, ``self`` included),
    before it is made: what the class's own calls are rewritten by, and what the plan binds
    calls passing ``*args``/``**kwargs`` by."""
    tree = parsed(detach(source)[0])
    if isinstance(tree, Refused):
        return tree
    free = f"{old} "  # no name is free to clash with
    found = _find(tree, old, free) if owner is None else find_method(tree, owner, old, free)
    return found if isinstance(found, Refused) else change_of(found, signature, dict(renames))


def rewritten_def(
    text: str,
    found: Found,
    names: tuple[str, str],
    change: Change,
    extra: Sequence[Edit] = (),
    added: str = "",
    width: int = 88,
) -> str | Refused:
    """``text`` with the definition ``found`` renamed (``names``: old and new) and re-signed by
    ``change``, its parameters renamed in its body and docstring (a docstring line the new name
    pushes past ``width``, the project's line length, wrapped), the ``extra`` edits made
    (positions in ``text``), and ``added`` after it (a shim)."""
    old, new = names
    lines = text.splitlines(keepends=True)
    in_body = _renamed_params(found, change, lines)
    if isinstance(in_body, Refused):
        return in_body
    renamed = apply_edits(text, [*_renamed_def(found, lines, old, new, change), *in_body, *extra])
    if isinstance(renamed, Refused):
        return Refused(f"cannot rename {old}: {renamed.reason}")
    if added:
        renamed = inserted_after(renamed, found.implementation, added)
    renamed = _docstring_wrapped(renamed, text, found.implementation, width)
    if not _only_renamed(change):
        spelled = _spelled_as_written(change.new, _written_in(text, found.implementation))
        renamed = _with_parameters(renamed, found.implementation.lineno, spelled)
    return renamed


def _written_in(text: str, node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """How the def in ``text`` writes its defaults and annotations, by their normal form
    (``ast.unparse``'s, which a signature holds: ``'html'`` for ``"html"``)."""
    args = node.args
    parts = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    parts += [a.annotation for a in parameters(args) if a.annotation is not None]
    written = {}
    for part in parts:
        segment = ast.get_source_segment(text, part)
        if segment and "\n" not in segment:
            written[ast.unparse(part)] = segment
    return written


def _spelled_as_written(signature: Signature, written: Mapping[str, str]) -> Signature:
    """``signature`` with each default and annotation the old def has written as the def
    wrote it, and a string default of its own in the def's quotes (double unless the def's
    strings are all single-quoted)."""
    double = not any(w.startswith("'") for w in written.values()) or any(
        w.startswith('"') for w in written.values()
    )

    def spelled(code: str | None) -> str | None:
        if code is None or code in written:
            return written.get(code or "", code)
        plain = code[1:-1]
        if (
            double
            and code.startswith("'")
            and code.endswith("'")
            and not set(plain) & set("'\\\"")
        ):
            return f'"{plain}"'
        return code

    return Signature(
        tuple(
            Param(p.name, p.kind, spelled(p.default), spelled(p.annotation))
            for p in signature.params
        )
    )


def _docstring(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int] | None:
    """The first and last line of the function's docstring, if it has one."""
    doc = node.body[0] if node.body else None
    if (
        isinstance(doc, ast.Expr)
        and isinstance(doc.value, ast.Constant)
        and isinstance(doc.value.value, str)
        and doc.end_lineno is not None
    ):
        return doc.lineno, doc.end_lineno
    return None


def _docstring_wrapped(
    text: str, before: str, node: ast.FunctionDef | ast.AsyncFunctionDef, width: int
) -> str:
    """``text`` with the lines of ``node``'s docstring that run past ``width`` and did not in
    ``before`` (a renamed parameter made them so) wrapped: the words past it go to the next
    line when that continues the same field (indented deeper), else to a new line indented
    under it. A doctest line (``>>>``) is left as it is. Lines keep their places before the
    docstring."""
    doc = _docstring(node)
    if doc is None:
        return text
    lines = text.splitlines(keepends=True)
    was = before.splitlines()
    number, end, added = doc[0] - 1, doc[1], 0
    while number < min(end, len(lines)):
        line = lines[number].rstrip("\n")
        cut = line.rfind(" ", 0, width + 1)
        indent = len(line) - len(line.lstrip())
        long_before = number - added < len(was) and len(was[number - added]) > width
        if (
            len(line) <= width
            or long_before
            or cut <= indent
            or line.lstrip().startswith((">>>", "..."))
        ):
            number += 1
            continue
        head, tail = line[:cut].rstrip(), line[cut + 1 :].strip()
        following = lines[number + 1] if number + 1 < len(lines) else ""
        deeper = len(following) - len(following.lstrip())
        if following.strip() and deeper > indent and number + 1 < end - 1:
            lines[number + 1] = following[:deeper] + tail + " " + following.lstrip()
            lines[number] = head + "\n"
        else:
            lines[number : number + 1] = [head + "\n", " " * (indent + 4) + tail + "\n"]
            end += 1
            added += 1
        number += 1
    return "".join(lines)


def inserted_after(text: str, node: ast.stmt, added: str) -> str:
    """``text`` with ``added`` after the lines of ``node`` (as the text has them now: the
    edits so far kept every line where it was)."""
    end = node.end_lineno or node.lineno
    out = text.splitlines(keepends=True)
    if out and not out[end - 1].endswith("\n"):
        out[end - 1] += "\n"
    out.insert(end, added)
    return "".join(out)


def signature_of(source: str, name: str, owner: str | None = None) -> Signature | None:
    """The signature of the function ``name`` defined at the top of ``source`` (with
    ``owner``: of the method ``name`` of that top-level class; ``self`` included), of its
    implementation, not an ``@overload`` stub; None when there is none."""
    try:
        tree = ast.parse(detach(source)[0])
    except SyntaxError:
        return None
    body = tree.body if owner is None else class_body(tree, owner)
    defs = [
        s
        for s in body or []
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        and s.name == name
        and not _is_overload(s)
    ]
    return Signature.of(defs[-1].args) if defs else None


def _find(tree: ast.Module, old: str, new: str) -> Found | Refused:
    scope = module_scope(tree)
    if new in scope.bound_at:
        return Refused(f"'{new}' is already a name in the module; choose a free name")
    defs = [
        (i, s)
        for i, s in enumerate(tree.body)
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == old
    ]
    if not defs:
        what = "bound, but not by a def" if old in scope.bound_at else "not defined"
        return Refused(f"'{old}' is {what} at the top of the module; change it by hand")
    stubs = tuple(s for _, s in defs if _is_overload(s))
    implementations = [(i, s) for i, s in defs if not _is_overload(s)]
    if len(implementations) != 1:
        return Refused(f"'{old}' is defined {len(implementations)} times; change it by hand")
    index, implementation = implementations[0]
    others = scope.bound_at.get(old, frozenset()) - {i for i, _ in defs}
    if others:
        return Refused(f"'{old}' is also assigned at the top of the module; change it by hand")
    if any(s.lineno > implementation.lineno for s in stubs):
        return Refused(f"an @overload stub of '{old}' follows its implementation")
    del index
    return Found(implementation, stubs)


def find_method(tree: ast.Module, owner: str, old: str, new: str) -> Found | Refused:
    """The method ``old`` of the top-level class ``owner``, as :func:`_find` finds a
    function."""
    cls = class_def(tree, owner)
    if cls is None:
        return Refused(f"there is no class '{owner}' at the top of the module (once)")
    body = cls.body
    declared = {
        name: {i for i, stmt in enumerate(body) if name in declared_in([stmt])}
        for name in declared_in(body)
    }
    if new in declared:
        return Refused(f"'{new}' is already a name in class {owner}; choose a free name")
    defs = [
        (i, s)
        for i, s in enumerate(body)
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == old
    ]
    if any(_accessor(s, old) for _, s in defs):
        return Refused(f"{owner}.{old} is a property with a setter or deleter: change it by hand")
    implementations = [(i, s) for i, s in defs if not _is_overload(s)]
    if len(implementations) != 1:
        what = "not a method" if not defs else f"defined {len(implementations)} times"
        return Refused(f"'{old}' is {what} in class {owner}; change it by hand")
    index, implementation = implementations[0]
    if declared.get(old, set()) - {i for i, _ in defs}:
        return Refused(f"'{old}' is also assigned in class {owner}; change it by hand")
    stubs = tuple(s for _, s in defs if _is_overload(s))
    if any(s.lineno > implementation.lineno for s in stubs):
        return Refused(f"an @overload stub of '{old}' follows its implementation")
    kind = method_kind(implementation)
    if kind != "staticmethod" and not [
        *implementation.args.posonlyargs,
        *implementation.args.args,
    ]:
        return Refused(f"{owner}.{old} takes no self or cls: change it by hand")
    del index
    return Found(implementation, stubs, cls, kind)


def _accessor(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Whether ``node`` is decorated ``@<name>.setter`` or ``@<name>.deleter``."""
    return any(
        ast.unparse(d) in (f"{name}.setter", f"{name}.deleter") for d in node.decorator_list
    )


def _is_overload(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(ast.unparse(d) in _OVERLOAD for d in node.decorator_list)


def change_of(found: Found, signature: str | None, renames: dict[str, str]) -> Change | Refused:
    """From the implementation's signature to the new one (``signature``, else the old one
    with ``renames`` applied), with the annotations the new one leaves out taken over."""
    implementation = found.implementation
    old = Signature.of(implementation.args)
    if signature is None:
        new = Signature(tuple(_renamed(p, renames) for p in old.params))
    else:
        if found.stubs:
            return Refused(
                "it has @overload stubs: give them the new signature by hand first, "
                "or change only its name and parameter names"
            )
        if found.kind == "property":
            return Refused("it is a property, which takes no arguments: rename it only")
        if any(ast.unparse(d) not in _BINDING for d in implementation.decorator_list):
            return Refused(
                "it is decorated, and a decorator may change its signature: re-sign it by hand"
            )
        parsed = Signature.parse(signature)
        if isinstance(parsed, Refused):
            return parsed
        new = _annotated(_with_receiver(parsed, old, found.kind), old, renames)
    change = Change(old, new, renames)
    problems = change.problems()
    return Refused("; ".join(problems)) if problems else change


def _with_receiver(new: Signature, old: Signature, kind: MethodKind) -> Signature:
    """A method's new signature with its ``self``/``cls`` first, as the old one has it (the
    configuration may leave it out)."""
    if kind in ("function", "staticmethod") or (new.params and new.params[0] == old.params[0]):
        return new
    if new.params and new.params[0].name == old.params[0].name:
        return Signature((old.params[0], *new.params[1:]))
    return Signature((old.params[0], *new.params))


def _renamed(param: Param, renames: Mapping[str, str]) -> Param:
    return Param(renames.get(param.name, param.name), param.kind, param.default, param.annotation)


def _annotated(new: Signature, old: Signature, renames: Mapping[str, str]) -> Signature:
    by_new_name = {renames.get(p.name, p.name): p for p in old.params}
    return Signature(
        tuple(
            p
            if p.annotation is not None or p.name not in by_new_name
            else Param(p.name, p.kind, p.default, by_new_name[p.name].annotation)
            for p in new.params
        )
    )


def _renamed_def(
    found: Found, lines: list[str], old: str, new: str, change: Change
) -> Iterator[Edit]:
    """The new name on the implementation and its stubs; the new parameter list (when the
    signature changes) or the renamed parameters."""
    for node in (*found.stubs, found.implementation):
        yield _name_edit(node, lines, old, new)
        if node is found.implementation and not _only_renamed(change):
            continue  # the whole parameter list is written anew (_with_parameters)
        for arg in parameters(node.args):
            if arg.arg in change.renames:
                yield Edit(arg.lineno, arg.col_offset, arg.arg, change.renames[arg.arg])


def _only_renamed(change: Change) -> bool:
    """The new signature is the old one with parameters renamed (kinds and defaults kept)."""
    renamed = tuple(_renamed(p, change.renames) for p in change.old.params)
    return renamed == change.new.params


def _name_edit(
    node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str], old: str, new: str
) -> Edit:
    line = lines[node.lineno - 1]
    keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    start = line.index(old, line.index(keyword) + len(keyword))
    return Edit(node.lineno, len(line[:start].encode("utf-8")), old, new)


def _with_parameters(text: str, def_line: int, signature: Signature) -> str:
    """``text`` with the parameters of the def on ``def_line`` replaced by ``signature``'s:
    on one line when they were on one, else one a line as the project wrote them."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    header = io.StringIO(text[offsets[def_line - 1] :])
    depth = 0
    opened: int | None = None
    for token in tokenize.generate_tokens(header.readline):
        if token.type != tokenize.OP:
            continue
        if token.string in "([{":
            depth += 1
            if depth == 1 and opened is None and token.string == "(":
                opened = offsets[def_line - 1 + token.end[0] - 1] + token.end[1]
        elif token.string in ")]}":
            depth -= 1
            if depth == 0 and opened is not None:
                closed = offsets[def_line - 1 + token.start[0] - 1] + token.start[1]
                return text[:opened] + _laid_out(text, opened, closed, signature) + text[closed:]
    raise ValueError("a def without parentheses")


def _laid_out(text: str, opened: int, closed: int, signature: Signature) -> str:
    items = signature.as_written()
    if "\n" not in text[opened:closed]:
        return ", ".join(items)
    def_line = text[text.rfind("\n", 0, opened) + 1 : opened]
    base = def_line[: len(def_line) - len(def_line.lstrip())]
    inner = text[opened:closed].split("\n")[1]
    indent = inner[: len(inner) - len(inner.lstrip())] or base + "    "
    return "\n" + "".join(f"{indent}{item},\n" for item in items) + base


def _renamed_params(found: Found, change: Change, lines: Sequence[str]) -> list[Edit] | Refused:
    """Every read or write of a renamed parameter in the implementation's body, except inside
    a nested function, lambda or comprehension that binds the name itself. A class in the body
    that binds it (a class attribute of that name) is refused: its methods would read the
    parameter, its body the attribute."""
    edits: list[Edit] = []
    for old_name, new_name in change.renames.items():
        for node in ast.walk(found.implementation):
            if isinstance(node, ast.ClassDef) and old_name in declared_in(node.body):
                return Refused(
                    f"class {node.name} inside it has an attribute '{old_name}', the name of the "
                    "renamed parameter: rename it by hand"
                )
        for body_node in found.implementation.body:
            edits += [
                Edit(n.lineno, n.col_offset, old_name, new_name)
                for n in _uses_of(body_node, old_name)
            ]
        edits += _documented(found.implementation, lines, old_name, new_name)
    return edits


def _param_doc(name: str) -> re.Pattern[str]:
    """Where a docstring documents the parameter ``name``: ``:param name:``, ``:param type
    name:``, ``:type name:`` (Sphinx), ``name (type):`` or ``name:`` opening a line (Google),
    ``name : type`` (NumPy)."""
    word = re.escape(name)
    return re.compile(
        rf"(?::(?:param|type|arg|argument|keyword)(?:\s+[^:\s]+)?\s+)(?P<a>{word})(?=:)"
        rf"|^\s*(?P<b>{word})(?=\s*(?:\([^)]*\))?\s*:)",
        re.MULTILINE,
    )


def _documented(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    lines: Sequence[str],
    old_name: str,
    new_name: str,
) -> list[Edit]:
    """The renamed parameter where the function's docstring documents it (ruff's D417 and a
    reader look for the new name there); other mentions in prose stay as written."""
    doc = _docstring(node)
    if doc is None:
        return []
    edits: list[Edit] = []
    for number in range(doc[0], doc[1] + 1):
        line = lines[number - 1] if number <= len(lines) else ""
        for match in _param_doc(old_name).finditer(line):
            start = match.start("a") if match.group("a") else match.start("b")
            col = len(line[:start].encode("utf-8"))
            edits.append(Edit(number, col, old_name, new_name))
    return edits


def _uses_of(node: ast.AST, name: str) -> Iterator[ast.Name]:
    if isinstance(node, ast.Name) and node.id == name:
        yield node
        return
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        for default in (*node.args.defaults, *(d for d in node.args.kw_defaults if d)):
            yield from _uses_of(default, name)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                yield from _uses_of(decorator, name)
        if name in {a.arg for a in parameters(node.args)} or _binds_own(node, name):
            return
        body: list[ast.AST] = [node.body] if isinstance(node, ast.Lambda) else list(node.body)
        for child in body:
            yield from _uses_of(child, name)
        return
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) and any(
        isinstance(t, ast.Name) and t.id == name
        for g in node.generators
        for t in ast.walk(g.target)
    ):
        return
    for child in ast.iter_child_nodes(node):
        yield from _uses_of(child, name)


def _binds_own(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, name: str) -> bool:
    """Whether a nested function binds ``name`` in its own scope (not ``nonlocal``/``global``:
    then its uses are the enclosing function's)."""
    if isinstance(node, ast.Lambda):
        return name in declared_in(node.body)
    shared = {
        n
        for stmt in ast.walk(node)
        if isinstance(stmt, (ast.Nonlocal, ast.Global))
        for n in stmt.names
    }
    return name in declared_in(node.body) and name not in shared


def shim_of(
    found: Found,
    lines: list[str],
    new: str,
    change: Change,
    warned: tuple[str | None, str],
    width: int,
    dispatch: Typing | None,
) -> str | Refused:
    """The old name, with its old signature as written, forwarding to the new function
    (``warned``: the warning, if any, and the ``noqa`` its import needs; ``width``: the
    project's line length); a method's through its ``self`` or ``cls`` (a static method's
    through its class), keeping its ``classmethod``/``staticmethod``/``property``, and, unless
    ``dispatch`` is None, reaching the old name's overrides outside the repository, spelled
    as it says (:mod:`.dispatch`)."""
    implementation = found.implementation
    args = forwarding_args(change, skip_first=found.kind in ("instance", "classmethod"))
    if isinstance(args, Refused):
        return args
    if isinstance(implementation, ast.AsyncFunctionDef) and _yields(implementation):
        return Refused("it is an async generator: forward it by hand (async for ... yield)")
    header = def_header(implementation, lines)
    indent = body_indent(implementation, lines)
    receiver = _receiver(found)
    passed = "" if found.kind == "property" else f"({', '.join(a.code() for a in args)})"
    call = f"{receiver}{new}{passed}"
    if isinstance(implementation, ast.AsyncFunctionDef):
        call = f"await {call}"
    if found.owner is None:
        return shim_code(header, indent, new, call, warned, width)
    line = lines[implementation.lineno - 1]
    outer = line[: len(line) - len(line.lstrip())]
    decorators = "" if found.kind == "instance" else f"@{found.kind}\n{outer}"
    role = "attr" if found.kind == "property" else "meth"
    written = (
        subclass_dispatch(
            found.owner, implementation, (implementation.name, new), change, dispatch
        )
        if found.kind == "instance" and dispatch is not None
        else None
    )
    before = written.in_shim if written else ()
    shim = shim_code(decorators + header, indent, new, call, warned, width, role, before)
    hook = "".join(f"{outer}{ln}\n" if ln else "\n" for ln in written.hook) if written else ""
    return outer + shim + ("\n" + hook if hook else "")


def _receiver(found: Found) -> str:
    """What the shim calls the new function through: nothing for a function, ``self.`` or
    ``cls.`` (as the method names its first parameter), the class for a static method."""
    if found.owner is None:
        return ""
    if found.kind == "staticmethod":
        return f"{found.owner.name}."
    args = found.implementation.args
    return f"{[*args.posonlyargs, *args.args][0].arg}."


def _yields(node: ast.AsyncFunctionDef) -> bool:
    """Whether the function's own body yields (not a nested function's)."""
    stack: list[ast.AST] = list(node.body)
    while stack:
        sub = stack.pop()
        if isinstance(sub, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(sub))
    return False


def def_header(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> str:
    """The def line(s) as written, from ``def`` (decorators left out) to the colon."""
    first = node.lineno - 1
    body_line = node.body[0].lineno - 1
    text = "".join(lines[first : body_line + 1])
    start = lines[first].index("async def" if isinstance(node, ast.AsyncFunctionDef) else "def")
    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif token.type == tokenize.OP and token.string == ":" and depth == 0:
            head = text.splitlines(keepends=True)[: token.start[0]]
            head[-1] = head[-1][: token.end[1]]
            head[0] = head[0][start:]
            return "".join(head)
    raise ValueError("a def without a colon")


def body_indent(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> str:
    first = node.body[0]
    if first.lineno == node.lineno:
        return "    "
    line = lines[first.lineno - 1]
    return line[: len(line) - len(line.lstrip())]
