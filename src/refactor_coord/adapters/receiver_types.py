"""Jedi as a second opinion on the method calls the index cannot place: an attribute used on a
receiver whose type the index's own inference does not establish (``spec.check_files(...)``
where ``spec`` comes out of a context manager a closure returns). Jedi follows what the index
does not (closures, context managers, unannotated returns, operators), and answers where the
attribute leads: the qualified name of the function (or property, class attribute) it names.

Where jedi has no answer and the receiver is what an ORM query returns (``session.query(
Model).first()``, ``session.get(Model, key)``, a loop over ``session.scalars(select(Model))``:
SQLAlchemy's overloads are beyond jedi), the query's entity is asked instead: an attribute of
the class jedi names there (:mod:`refactor_coord.analysis.orm_queries`).

A shell: it reads the repository's files from disk. Jedi imports the repository's modules from
its source roots (the index knows them) first, then from refcoord's own interpreter; what it
cannot follow gives no answer (an empty set), never a guess: jedi's inference of a parameter
from the calls it finds is off."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from refactor_coord.adapters.source_files import read_source
from refactor_coord.analysis.orm_queries import name_position, orm_query_entities
from refactor_coord.rewrite.positions import source_lines
from refactor_coord.rewrite.references import chain_root

#: (repository path, line, column as the index gives it: in characters, from 1) of a chain of
#: attribute uses on one receiver, and the attribute asked about
Place = tuple[str, int, int, str]
#: (repository path, line, column in characters from 0) of a name
Spot = tuple[str, int, int]


def attribute_targets(
    repo: Path,
    roots: Sequence[str],
    places: Sequence[Place],
    texts: Mapping[str, str] | None = None,
) -> dict[Place, frozenset[str]]:
    """For each place, the qualified names jedi says its attribute leads to (empty: jedi cannot
    tell); ``roots``: the repository's source roots (``src``, or ``""`` for its top);
    ``texts``: code to read in place of a file's (a documentation file's doctests as one
    program), by repository path."""
    jedi = _jedi()  # imported when asked (0.2 s): most commands never ask
    project = _project(jedi, repo, roots)
    by_file: dict[str, list[Place]] = {}
    for place in places:
        by_file.setdefault(place[0], []).append(place)
    found: dict[Place, frozenset[str]] = {}
    for path, here in by_file.items():
        text = texts[path] if texts is not None and path in texts else read_source(repo / path)
        found.update(_in_file(repo, project, (path, text), here))
    return found


def classes_named(
    repo: Path, roots: Sequence[str], texts: Mapping[str, str], spots: Sequence[Spot]
) -> frozenset[Spot]:
    """Of ``spots`` (path, line, column in characters from 0 of a name in ``texts[path]``),
    those where jedi says the name is a class (``Shape`` in ``Shape.area(s, 2)``: the method
    read on its class, the instance passed explicitly)."""
    jedi = _jedi()
    project = _project(jedi, repo, roots)
    found: set[Spot] = set()
    scripts: dict[str, Any] = {}
    for spot in spots:
        path, line, col = spot
        if path not in scripts:
            scripts[path] = jedi.Script(texts[path], path=repo / path, project=project)
        try:
            inferred = scripts[path].infer(line, col)
        except Exception:  # noqa: BLE001 - jedi's own failures mean "no answer", not a crash
            inferred = []
        if inferred and all(name.type == "class" for name in inferred):
            found.add(spot)
    return frozenset(found)


def _project(jedi: Any, repo: Path, roots: Sequence[str]) -> Any:
    """jedi's view of the repository: its modules from its source roots first."""
    return jedi.Project(
        repo,
        added_sys_path=[str(repo / root) for root in roots],
        smart_sys_path=False,
        load_unsafe_extensions=False,
    )


def _jedi() -> Any:
    """jedi, set to answer from what the code declares only. A parameter's type is its
    annotation, not what the calls jedi finds in the repository pass (code outside it may pass
    anything), nor what a docstring says (``@param reporter: A L{Reporter}``: the change-api
    gauntlet's pyflakes passes another class's reporter there; ``:rtype:`` neither)."""
    import jedi
    import jedi.inference.docstrings
    from jedi.inference.base_value import NO_VALUES

    jedi.settings.dynamic_params = False
    jedi.settings.dynamic_params_for_other_modules = False
    jedi.inference.docstrings.infer_param = lambda *_: NO_VALUES
    jedi.inference.docstrings.infer_return_types = lambda *_: NO_VALUES
    return jedi


def _in_file(
    repo: Path, project: Any, read: tuple[str, str | None], places: Sequence[Place]
) -> Mapping[Place, frozenset[str]]:
    path, text = read
    if text is None:
        return {p: frozenset() for p in places}
    from refactor_coord.analysis.parsing import parsed_or_none  # with jedi: not at start-up

    script = _jedi().Script(text, path=repo / path, project=project)
    lines = source_lines(text)
    tree = parsed_or_none(text)
    names = _attribute_names(tree, lines) if tree is not None else {}
    queried = _queried(tree, lines) if tree is not None else {}
    untyped = _untyped_parameter_reads(tree, lines) if tree is not None else set()
    found: dict[Place, frozenset[str]] = {}
    for place in places:
        at = names.get((place[1], place[2] - 1, place[3]))
        if (place[1], place[2] - 1) in untyped:  # duck typing: any class may come in
            at = None
        if tree is None:  # syntax newer than this Python's ast: the attribute after the start
            at = _attribute_after(lines, place)
        if at is None:
            found[place] = frozenset()
            continue
        found[place] = frozenset(t.full_name for t in _goto(script, lines, at) if t.full_name)
        entity = queried.get((place[1], place[2] - 1, place[3]))
        if not found[place] and entity is not None:
            found[place] = _model_attribute(script, lines, entity, place[3])
    return found


def _goto(script: Any, lines: Sequence[str], at: tuple[int, int]) -> list[Any]:
    """What jedi says the name at ``at`` (line, UTF-8 column) names; nothing where jedi fails."""
    line, col = at
    chars = len(lines[line - 1].encode("utf-8")[:col].decode("utf-8", "replace"))
    try:
        return list(script.goto(line, chars, follow_imports=True))
    except Exception:  # noqa: BLE001 - jedi's own failures mean "no answer", not a crash
        return []


def _model_attribute(
    script: Any, lines: Sequence[str], entity: tuple[int, int], attribute: str
) -> frozenset[str]:
    """``{Model.attribute}`` when jedi says the name at ``entity`` (line, UTF-8 column) is the
    class ``Model``; else nothing."""
    named = _goto(script, lines, entity)
    classes = {n.full_name for n in named if n.type == "class" and n.full_name}
    return frozenset(f"{c}.{attribute}" for c in classes)


def _attribute_names(
    tree: ast.Module, lines: Sequence[str]
) -> dict[tuple[int, int, str], tuple[int, int] | None]:
    """(line, column of the chain's start in characters from 0, attribute) -> where the
    attribute's name stands (line, column in UTF-8 bytes), for every attribute use; None where
    one chain uses the attribute twice (``c.get("a").get("b")``: the index's row is for one of
    them, which one cannot be told)."""
    found: dict[tuple[int, int, str], tuple[int, int] | None] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.end_lineno is None:
            continue
        root = chain_root(node)
        end = node.end_col_offset or 0
        start = lines[root.lineno - 1].encode("utf-8")[: root.col_offset]
        key = (root.lineno, len(start.decode("utf-8", "replace")), node.attr)
        at = (node.end_lineno, end - len(node.attr.encode("utf-8")))
        found[key] = None if key in found else at
    return found


def _queried(
    tree: ast.Module, lines: Sequence[str]
) -> dict[tuple[int, int, str], tuple[int, int]]:
    """(line, column of the chain's start in characters from 0, attribute) -> where the
    entity name of the ORM query whose row the attribute is read on stands (line, UTF-8
    column)."""
    found = {}
    for node, entity in orm_query_entities(tree).items():
        root = chain_root(node)
        start = lines[root.lineno - 1].encode("utf-8")[: root.col_offset]
        found[(root.lineno, len(start.decode("utf-8", "replace")), node.attr)] = name_position(
            entity
        )
    return found


def _attribute_after(lines: Sequence[str], place: Place) -> tuple[int, int] | None:
    """Where ``.attr`` first follows the chain's start on its line (line, UTF-8 column)."""
    _, line, col, attr = place
    text = lines[line - 1] if line <= len(lines) else ""
    found = re.compile(rf"\.\s*({re.escape(attr)})\b").search(text, col - 1)
    return None if found is None else (line, len(text[: found.start(1)].encode("utf-8")))


def _untyped_parameter_reads(tree: ast.Module, lines: Sequence[str]) -> set[tuple[int, int]]:
    """(line, column in characters from 0) of every read of a parameter without an annotation
    (not a method's ``self`` or ``cls``), in its function and the functions nested in it, and
    of every name assigned there from an expression that reads one (``rep = reporter or
    Reporter()``; ``holder = [reporter]``), however indirectly. Its value is whatever a caller
    passes; jedi would type it from its default, so what is read on it stays unknown."""
    found: set[tuple[int, int]] = set()
    methods = _methods(tree)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        args = function.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if id(function) in methods and params:
            params = params[1:]
        untyped = _tainted(function, {p.arg for p in params if p.annotation is None})
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and node.id in untyped:
                start = lines[node.lineno - 1].encode("utf-8")[: node.col_offset]
                found.add((node.lineno, len(start.decode("utf-8", "replace"))))
    return found


def _tainted(function: ast.AST, names: set[str]) -> set[str]:
    """``names`` and the names the function assigns from expressions that read them, until no
    more come."""
    assigns = [
        (targets, value)
        for node in ast.walk(function)
        for targets, value in _assignments(node)
        if value is not None
    ]
    while True:
        more = {
            t.id
            for targets, value in assigns
            if any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(value))
            for target in targets
            for t in ast.walk(target)
            if isinstance(t, ast.Name) and t.id not in names
        }
        if not more:
            return names
        names = names | more


def _assignments(node: ast.AST) -> list[tuple[list[ast.expr], ast.expr | None]]:
    """(targets, value) of an assignment-like statement or expression."""
    if isinstance(node, ast.Assign):
        return [(list(node.targets), node.value)]
    if isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
        return [([node.target], node.value)]
    if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
        return [([node.target], node.iter)]
    if isinstance(node, ast.With | ast.AsyncWith):
        return [([i.optional_vars], i.context_expr) for i in node.items if i.optional_vars]
    return []


def _methods(tree: ast.Module) -> set[int]:
    """The ids of the functions defined in a class body, static methods aside."""
    return {
        id(f)
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        for f in cls.body
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        and not any(ast.unparse(d) == "staticmethod" for d in f.decorator_list)
    }
