"""change-api on methods: what binds a method (instance, ``classmethod``, ``staticmethod``,
``property``), and its references rewritten where the index proves them (a call through
``self``, ``super()``, an instance built or annotated, the class itself with the instance
passed explicitly), and where jedi proves them in doctest examples (rewritten in the examples
read as one program). Which receivers are the class's is the index's to say (its receiver
inference, :mod:`refactor_coord.analysis.extract_ast`): a call of a same-named method of
another class is never among the sites, so it is never touched. Text in, text out."""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Literal

from refactor_coord.domain.facts import Reference as Site
from refactor_coord.domain.facts import RefKind
from refactor_coord.domain.passed_on import passed_on
from refactor_coord.rewrite.binding import Change
from refactor_coord.rewrite.cst_tools import TextForm, attach, detach
from refactor_coord.rewrite.doctest_programs import example_lines, program_of, with_examples
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.positions import Edit
from refactor_coord.rewrite.references import (
    Reference,
    aliases_by_value,
    attributes_at,
)
from refactor_coord.rewrite.scope import parsed
from refcoord_codemods.change_api.migrate import Migrated, edited, reference_edits

#: Text kept as it is (no BOM, ``\n`` line endings: a detached text).
_AS_IS = TextForm("", "\n")

#: How a definition is bound: a module-level function, or a method of one of these kinds.
MethodKind = Literal["function", "instance", "classmethod", "staticmethod", "property"]

_KINDS: dict[str, MethodKind] = {
    "staticmethod": "staticmethod",
    "classmethod": "classmethod",
    "property": "property",
    "cached_property": "property",
    "functools.cached_property": "property",
}


def class_def(tree: ast.Module, owner: str) -> ast.ClassDef | None:
    """The class ``owner`` defined once at the top of the module, else None."""
    found = [s for s in tree.body if isinstance(s, ast.ClassDef) and s.name == owner]
    return found[0] if len(found) == 1 else None


def class_body(tree: ast.Module, owner: str) -> list[ast.stmt] | None:
    """The body of the class ``owner`` defined once at the top of the module, else None."""
    found = class_def(tree, owner)
    return None if found is None else found.body


def method_kind(node: ast.FunctionDef | ast.AsyncFunctionDef) -> MethodKind:
    """How the method ``node`` is bound, by its decorators."""
    for decorator in node.decorator_list:
        kind = _KINDS.get(ast.unparse(decorator))
        if kind is not None:
            return kind
    return "instance"


@functools.lru_cache(maxsize=4)  # a migrate step asks it of the same module for every file
def kind_of_method(source: str, owner: str, name: str) -> MethodKind | None:
    """How the method ``name`` of the top-level class ``owner`` is bound (its implementation,
    not an ``@overload`` stub); None when there is none."""
    tree = parsed(detach(source)[0])
    body = None if isinstance(tree, Refused) else class_body(tree, owner)
    defs = [
        s
        for s in body or []
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        and s.name == name
        and "overload" not in {ast.unparse(d).rpartition(".")[2] for d in s.decorator_list}
    ]
    return method_kind(defs[-1]) if defs else None


def method_references(
    source: str,
    sites: Sequence[Site],
    names: tuple[str, str],
    change: Callable[[Site], Change],
    kind: MethodKind,
) -> Migrated | Refused:
    """``source`` with the method references at ``sites`` (the index's, for this file, and
    jedi's in its doctest examples) pointed at the new name (``names``: the old and new method
    names), each call's arguments rebound by ``change`` (each site's: the method's whole
    signature, ``self`` included, or an override's own); what cannot be rewritten with
    certainty is left as it is, for review. A file that only holds doctests (documentation)
    need not be Python."""
    text, form = detach(source)
    examples = example_lines(text)
    lines_of = {e.line: i for i, e in enumerate(examples)}
    in_code = [s for s in sites if s.line not in lines_of]
    review: list[str] = []
    in_doctests = [s for s in sites if s.line in lines_of]
    if in_doctests:
        program = program_of(examples)
        moved = [  # the site in the examples' program: its line there, its column after the prompt
            replace(s, line=lines_of[s.line] + 1, col=s.col - examples[lines_of[s.line]].col)
            for s in in_doctests
        ]
        at = {(m.line, m.col): change(s) for m, s in zip(moved, in_doctests, strict=True)}
        done = _in_code(program, moved, names, lambda m: at[(m.line, m.col)], kind)
        if isinstance(done, Refused):
            review += [f"{s.line}: {done.reason}" for s in in_doctests]
        else:
            codes = done.text.split("\n")[: len(examples)]  # a rewrite keeps the line count
            text = with_examples(text, examples, codes)
            review += [f"{examples[int(r.partition(':')[0]) - 1].line}:{r.partition(':')[2]}"
                       for r in done.review]  # fmt: skip
    if not in_code:
        return Migrated(attach(text, form), tuple(review))
    done = _in_code(text, in_code, names, change, kind)
    if isinstance(done, Refused):
        return done
    return Migrated(attach(done.text, form), (*review, *done.review))


def _in_code(
    text: str,
    sites: Sequence[Site],
    names: tuple[str, str],
    change: Callable[[Site], Change],
    kind: MethodKind,
) -> Migrated | Refused:
    """``text`` (Python) with the method references at ``sites`` rewritten. A local that only
    stands for the method (``area = s.area``, a site of kind alias) is rewritten with every
    call through it, or not at all; those calls are never rewritten on their own."""
    old, new = names
    tree = parsed(text)
    if isinstance(tree, Refused):
        return tree
    lines = text.splitlines()
    nodes = attributes_at(tree, old, lines)
    calls = {id(n.func): n for n in ast.walk(tree) if isinstance(n, ast.Call)}
    aliases = aliases_by_value(tree)
    passed = passed_on(tree)
    selves = _method_receivers(tree, ("instance", "property"))
    classes = _method_receivers(tree, ("classmethod",))
    edits: list[Edit] = []
    review: list[str] = []
    for site in sites:
        node = nodes.get((site.line, site.col))
        if node is None:
            if not _through_a_local(tree, lines, site):
                review.append(f"{site.line}: no '.{old}' starts where the index found it")
            continue  # a call through a local that stands for it: rewritten with its value
        assert node.end_lineno is not None and node.end_col_offset is not None
        col = node.end_col_offset - len(old.encode("utf-8"))
        alias = aliases.get(id(node)) if site.kind is RefKind.ALIAS else None
        ref = Reference(
            node, node.end_lineno, col, old, calls.get(id(node)), None, alias, passed.get(id(node))
        )
        # the instance passed explicitly: the method read on a class (the index resolves that
        # with certainty; an instance's receiver, however reached, only with medium), or on a
        # class method's ``cls``; never on an instance method's ``self``
        explicit = id(node.value) in classes or (
            site.confidence == "high" and id(node.value) not in selves
        )
        found = reference_edits(ref, _as_called(change(site), kind, explicit), new, lines)
        if isinstance(found, Refused):
            review.append(f"{site.line}: {found.reason}")
        else:
            edits += found
    return edited((text, _AS_IS), list(dict.fromkeys(edits)), review, "the method's references")


def _through_a_local(tree: ast.Module, lines: Sequence[str], site: Site) -> bool:
    """Whether ``site`` is a call of a name (``area(1, True)``: through a local that stands
    for the method, which the index lists beside the local's value)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func
            line = lines[name.lineno - 1].encode("utf-8")
            col = len(line[: name.col_offset].decode("utf-8", "replace")) + 1
            if (name.lineno, col) == (site.line, site.col):
                return True
    return False


def _as_called(change: Change, kind: MethodKind, explicit: bool) -> Change:
    """The change as a call sees it: an instance method through an instance (not
    ``Class.method(instance, ...)``) and a class method always have their first parameter
    bound already."""
    if kind == "classmethod" or (kind == "instance" and not explicit):
        return Change(change.old.without_first(), change.new.without_first(), change.renames)
    return change


def _method_receivers(tree: ast.Module, kinds: tuple[MethodKind, ...]) -> set[int]:
    """The ids of the ``Name`` nodes that read the first parameter (``self``; ``cls``) of a
    method of one of ``kinds`` in that method (nested functions included, unless they bind the
    name themselves)."""
    found: set[int] = set()
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for method in cls.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if method_kind(method) not in kinds:
                continue
            first = [*method.args.posonlyargs, *method.args.args][:1]
            if first:
                found |= {id(n) for n in _reads(method, first[0].arg)}
    return found


def _reads(method: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> Iterator[ast.Name]:
    stack: list[ast.AST] = list(method.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and node.id == name:
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and name in {
            a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)
        }:
            continue
        elif not isinstance(node, ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))
