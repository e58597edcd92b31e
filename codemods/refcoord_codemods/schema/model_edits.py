"""rename-column's and change-column-type's code steps on the model's module (pure, text
in, text out), and add-column's, drop-column's and add-index's.

- dual-write: a new attribute for the new column beside the old one (nullable while the
  backfill runs), and a flush hook writing the new column whenever the old one is written;
- switch: the new attribute is the model's (with the old column's nullability); the old
  attribute's name becomes a synonym of it, so every read, write, query and constructor
  keyword through the old name goes to the new column; the old column stays mapped under a
  private name and the hook now writes it from the new one, for code deployed before;
- stop-writing: the private mapping of the old column and the hook go;
- contract: the synonym goes.

change-column-type is the same with a new column of the new type and no new name: at the
switch the attribute itself maps the new column (its type, and the Python type its annotation
names, changed), with no synonym; stop-writing is its last code step.

Each thing refcoord adds carries a ``# refcoord:`` marker comment naming the refactoring, by
which the later steps find it again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import PositionProvider

from refactor_coord.rewrite.cst_tools import defined_names, dotted, walk
from refactor_coord.rewrite.import_block import insert_import, member_key
from refactor_coord.rewrite.imports import free_name
from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.style import Style


@dataclass(frozen=True, slots=True)
class Retype:
    """change-column-type's new type: as the model writes it (``Numeric(12, 2)``), and the
    values' Python types before and after, qualified (``builtins.int``, ``decimal.Decimal``;
    empty: not known)."""

    code: str
    python: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class Rename:
    """The attribute and columns a rename-column (or a change-column-type) changes."""

    refactor: str
    model_class: str
    attribute: str  #: the old attribute
    old_column: str
    new: str  #: the new attribute's and column's name (a type change's: the column's)
    retype: Retype | None = None  #: a type change's new type (None: a rename)

    @property
    def reader(self) -> str:
        """The attribute that maps the new column from the switch step on."""
        return self.attribute if self.retype else self.new

    @property
    def private(self) -> str:
        """The old column's attribute from the switch step on."""
        return f"_{self.attribute}_before_{self.new}"

    def marker(self, what: str) -> str:
        """The comment that marks what refcoord added for this refactoring."""
        return f"# refcoord: {self.refactor}: {what}"


_NEW = "the new column"
_OLD = "the old column, written for code deployed before the switch"
_ALIAS = "the old name, an alias of the new column"
_HOOK = "writes both columns"


def dual_write(text: str, rename: Rename, style: Style) -> str | Refused:
    """The model with the new column's attribute beside the old one, and the hook."""
    found = _model(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls, at = found
    old = _statement(cls, at)
    new = _mapped(old, (rename.attribute, rename.new, rename.new), True, _column_callees(module))
    if isinstance(new, Refused):
        return new
    if rename.retype:
        module, new = _retyped(module, new, rename.retype, style)
        cls = _class(module, rename.model_class) or cls
    body = [*cls.body.body]
    body.insert(at + 1, _marked(new, rename.marker(_NEW)))
    module = _with_class(module, cls.with_changes(body=cls.body.with_changes(body=body)))
    return _with_hook(module, rename, (rename.attribute, rename.new), style)


def switch(text: str, rename: Rename, style: Style) -> str | Refused:
    """The new column's attribute the model's; the old name a synonym; the old column mapped
    privately and written from the new one."""
    found = _model(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls, at = found
    added = _marked_index(cls, rename.marker(_NEW))
    if added is None:
        return Refused(f"{rename.model_class} has no {rename.new} added by the dual-write step")
    old = _statement(cls, at)
    callees = _column_callees(module)
    primary = _mapped(old, (rename.attribute, rename.reader, rename.new), None, callees)
    private = _mapped(old, (rename.attribute, rename.private, rename.old_column), None, callees)
    if isinstance(primary, Refused):
        return primary
    if isinstance(private, Refused):
        return private
    alias: list[cst.BaseStatement] = []
    if rename.retype:  # the attribute itself maps the new column: no alias
        module, primary = _retyped(module, primary, rename.retype, style)
    else:
        synonym_name, module = _imported(module, "sqlalchemy.orm", "synonym", style)
        line = f"{rename.attribute}{_annotation(old)} = {synonym_name}({rename.new!r})\n"
        alias = [_marked(cst.parse_statement(line.replace("'", '"')), rename.marker(_ALIAS))]
    model = _class(module, rename.model_class)
    assert model is not None
    body: list[cst.BaseStatement] = [*model.body.body]
    place = _attribute_index(model, rename.attribute)
    assert place is not None
    comments = [ln for ln in _statement(model, place).leading_lines if ln.comment is not None]
    body[place : place + 1] = [
        _marked(primary.with_changes(leading_lines=comments), rename.marker(_NEW)),
        *alias,
        _marked(private, rename.marker(_OLD)),
    ]
    body = [s for s in body if s is not model.body.body[added]]
    module = _with_class(module, model.with_changes(body=model.body.with_changes(body=body)))
    module = _without_hook(module, rename)
    return _with_hook(module, rename, (rename.reader, rename.private), style)


def stop_writing(text: str, rename: Rename) -> str | Refused:
    """Without the old column's private attribute and the hook (a type change's last code
    step: the new attribute keeps no marker)."""
    return _without(text, rename, _OLD, hook=True)


def contract(text: str, rename: Rename) -> str | Refused:
    """Without the synonym: the old name is gone from the model (the new attribute keeps no
    marker)."""
    return _without(text, rename, _ALIAS, hook=False)


def _without(text: str, rename: Rename, what: str, *, hook: bool) -> str | Refused:
    """The model without the class statement marked ``what`` (and the hook, with ``hook``),
    the new attribute's marker gone when nothing else of refcoord's is left, and the names
    imported that only what went used."""
    found = _model_class(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls = found
    gone = [s for s in cls.body.body if _has_marker(s, rename.marker(what))]
    body: list[cst.BaseStatement] = [
        s for s in cls.body.body if isinstance(s, cst.BaseStatement) and s not in gone
    ]
    if not hook or rename.retype:
        body = [_unmarked(s, rename.marker(_NEW)) for s in body]
    module = _with_class(module, cls.with_changes(body=cls.body.with_changes(body=body)))
    if hook:
        gone += [s for s in module.body if _is_hook(s, rename)]
        module = _without_hook(module, rename)
    return _without_imports_of(module, gone)


def remove_attribute(text: str, rename: Rename) -> str | Refused:
    """The model without the attribute (and the comments right above it, which are its), and
    without the names imported from a module that it alone used."""
    found = _model(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls, at = found
    body: list[cst.BaseStatement] = [*cls.body.body]
    gone = body.pop(at)
    follows = body[at] if at < len(body) else None
    if isinstance(gone, cst.SimpleStatementLine) and isinstance(follows, cst.SimpleStatementLine):
        # a blank line that set the attribute apart stays, above what follows it
        blank = [ln for ln in gone.leading_lines if ln.comment is None][:1]
        if blank and not any(ln.comment is None for ln in follows.leading_lines):
            body[at] = follows.with_changes(leading_lines=[*blank, *follows.leading_lines])
    return _without_imports_of(
        _with_class(module, cls.with_changes(body=cls.body.with_changes(body=body))), [gone]
    )


def _without_imports_of(module: cst.Module, gone: Sequence[cst.CSTNode]) -> str:
    """``module``'s code without the names imported (``from x import name``) that only the
    statements ``gone`` used, and with no run of more than two blank lines left where they
    were."""
    used = {node.value for stmt in gone for node in walk(stmt) if isinstance(node, cst.Name)}
    code = module.code
    for source, name in _from_imports(module):
        if name in used:
            code = _drop_unused(code, source, name)
    return re.sub(r"\n{4,}", "\n\n\n", code)


def _from_imports(module: cst.Module) -> list[tuple[str, str]]:
    """(module, name) of each ``from module import name`` at the top of ``module``."""
    found = []
    for stmt in module.body:
        node = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) else None
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            found += [(_module_name(node), dotted(a.name)) for a in node.names if not a.asname]
    return found


def add_attribute(
    text: str, rename: Rename, column: tuple[str, str], style: Style
) -> str | Refused:
    """The model with a new attribute for the column add-column adds (``column``: its
    SQLAlchemy type as code and its server default as a Python literal), nullable until the
    database enforces NOT NULL, after the class's last column; written as the class writes its
    columns (``mapped_column(...)`` or ``Column(...)``), the names it needs imported."""
    found = _model_class(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls = found
    if _attribute_index(cls, rename.attribute) is not None:
        return Refused(f"{rename.model_class} has an attribute {rename.attribute} already")
    callees = _column_callees(module)
    calls = [(i, c) for i, s in enumerate(cls.body.body) if (c := _column_call(s, callees))]
    if calls:  # as the class's last column is made: mapped_column, sa.Column, an alias
        bound = cst.Module([]).code_for_node(calls[-1][1].func)
    else:
        bound, module = _imported(module, "sqlalchemy.orm", "mapped_column", style)
    kind, default = column
    head = kind.split("(", 1)[0].split(".", 1)[0]
    if head.isidentifier() and head not in _bound_names(module):
        _, module = _imported(module, "sqlalchemy", head, style)
    stmt = cst.parse_statement(
        f"{rename.attribute} = {bound}({kind}, server_default={default}, nullable=True)\n"
    )
    model = _class(module, rename.model_class)  # the imports added: the same class, again
    assert model is not None
    body: list[cst.BaseStatement] = [*model.body.body]
    at = calls[-1][0] + 1 if calls else len(body)
    body.insert(at, _marked(stmt, rename.marker(_NEW)))
    return _with_class(module, model.with_changes(body=model.body.with_changes(body=body))).code


def _column_call(stmt: cst.CSTNode, callees: frozenset[str]) -> cst.Call | None:
    """The call making a column when ``stmt`` assigns one (``callees``: the names a column
    is made with), else None."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return None
    small = stmt.body[0]
    value = small.value if isinstance(small, (cst.AnnAssign, cst.Assign)) else None
    if isinstance(value, cst.Call) and _callee(value) in callees:
        return value
    return None


def _column_callees(module: cst.Module) -> frozenset[str]:
    """The names ``module`` makes a column with: ``mapped_column`` and ``Column`` (also as
    ``sa.Column``, ``db.Column``), the names they are imported as, and a name bound to one
    of those (optuna's ``_Column = mapped_column``, in a ``try``)."""
    names = set(_COLUMN_CALLS)
    for node in walk(module):
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            names |= {
                dotted(a.asname.name) for a in node.names
                if a.asname and dotted(a.name) in _COLUMN_CALLS
            }  # fmt: skip
        elif isinstance(node, cst.Assign) and len(node.targets) == 1:
            target, value = node.targets[0].target, node.value
            bound = value.attr if isinstance(value, cst.Attribute) else value
            if isinstance(target, cst.Name) and isinstance(bound, cst.Name):
                names |= {target.value} if bound.value in names else set()
    return frozenset(names)


def _bound_names(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for stmt in module.body:
        names |= set(defined_names(stmt))
        for node in walk(stmt):
            if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(
                node.names, cst.ImportStar
            ):
                names |= {
                    dotted(a.asname.name) if a.asname else dotted(a.name).split(".")[0]
                    for a in node.names
                }
    return names


def required(text: str, rename: Rename) -> str | Refused:
    """The attribute add-column added, mapped NOT NULL (``nullable=False``), as the database
    now has it, its marker gone."""
    found = _model(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls, at = found
    stmt = _statement(cls, at)
    small = stmt.body[0]
    value = small.value if isinstance(small, (cst.AnnAssign, cst.Assign)) else None
    if not isinstance(value, cst.Call):
        return Refused(f"{rename.attribute} is not assigned a column call: map it by hand")
    equal = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    args = [a for a in value.args if not (a.keyword and a.keyword.value == "nullable")]
    args.append(cst.Arg(cst.Name("False"), keyword=cst.Name("nullable"), equal=equal))
    args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    changed = stmt.with_changes(body=[small.with_changes(value=value.with_changes(args=args))])
    body: list[cst.BaseStatement] = [*cls.body.body]
    body[at] = _unmarked(changed, rename.marker(_NEW))
    return _with_class(module, cls.with_changes(body=cls.body.with_changes(body=body))).code


def declare_index(text: str, rename: Rename, unique: bool) -> str | Refused:
    """The attribute's column declared indexed (``index=True``, and ``unique=True`` for a
    unique index), as the database now has it."""
    found = _model(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls, at = found
    stmt = _statement(cls, at)
    small = stmt.body[0]
    value = _column_call(stmt, _column_callees(module))
    if value is None:
        return Refused(
            f"{rename.attribute} is not assigned a mapped_column(...) or Column(...) call: "
            "declare the index by hand"
        )
    wanted = {"index": True, "unique": True} if unique else {"index": True}
    args = [a for a in value.args if not (a.keyword and a.keyword.value in wanted)]
    equal = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    args += [cst.Arg(cst.Name("True"), keyword=cst.Name(k), equal=equal) for k in wanted]
    args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    changed = small.with_changes(value=value.with_changes(args=args))
    body: list[cst.BaseStatement] = [*cls.body.body]
    body[at] = stmt.with_changes(body=[changed])
    return _with_class(module, cls.with_changes(body=cls.body.with_changes(body=body))).code


# --------------------------------------------------------------------------- the model


def _parse(text: str) -> cst.Module | Refused:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return Refused(f"the model's module does not parse: {error.message}")


def _model_class(text: str, rename: Rename) -> tuple[cst.Module, cst.ClassDef] | Refused:
    """The model's module parsed, and its model class (refused: it does not parse, or the
    class is not at its top)."""
    module = _parse(text)
    if isinstance(module, Refused):
        return module
    cls = _class(module, rename.model_class)
    if cls is None:
        return Refused(f"no class {rename.model_class} at the top of the model's module")
    return module, cls


def _model(text: str, rename: Rename) -> tuple[cst.Module, cst.ClassDef, int] | Refused:
    found = _model_class(text, rename)
    if isinstance(found, Refused):
        return found
    module, cls = found
    at = _attribute_index(cls, rename.attribute)
    if at is None:
        return Refused(
            f"{rename.model_class}.{rename.attribute} is not assigned in the class's body "
            "(a mixin or a column declared elsewhere): rename it by hand"
        )
    return module, cls, at


def _class(module: cst.Module, name: str) -> cst.ClassDef | None:
    return next(
        (s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == name), None
    )


def _with_class(module: cst.Module, cls: cst.ClassDef) -> cst.Module:
    body = [
        cls if isinstance(s, cst.ClassDef) and s.name.value == cls.name.value else s
        for s in module.body
    ]
    return module.with_changes(body=body)


def _attribute_index(cls: cst.ClassDef, name: str) -> int | None:
    return next((i for i, s in enumerate(cls.body.body) if name in defined_names(s)), None)


def _statement(cls: cst.ClassDef, at: int) -> cst.SimpleStatementLine:
    stmt = cls.body.body[at]
    assert isinstance(stmt, cst.SimpleStatementLine)
    return stmt


def _annotation(stmt: cst.SimpleStatementLine) -> str:
    small = stmt.body[0]
    if isinstance(small, cst.AnnAssign):
        return ": " + cst.Module([]).code_for_node(small.annotation.annotation)
    return ""


_COLUMN_CALLS = ("mapped_column", "Column")


def _mapped(
    stmt: cst.SimpleStatementLine,
    names: tuple[str, str, str],
    nullable: bool | None,
    callees: frozenset[str],
) -> cst.SimpleStatementLine | Refused:
    """``stmt`` (the old attribute's) for the attribute ``names[1]`` of the column
    ``names[2]`` (``names[0]``: the old attribute): the column's name given as the call's
    first argument where it differs from the attribute's, and with ``nullable=True`` when
    ``nullable`` (``callees``: the names a column is made with)."""
    old, name, column = names
    small = stmt.body[0]
    value = _column_call(stmt, callees)
    if value is None:
        return Refused(
            f"{old} is not assigned a mapped_column(...) or Column(...) call: rename it by hand"
        )
    args = [*value.args]
    if args and args[0].keyword is None and isinstance(args[0].value, cst.SimpleString):
        args = args[1:]
    if column != name:
        args.insert(0, cst.Arg(cst.SimpleString(f'"{column}"')))
    if nullable:
        args = [a for a in args if not (a.keyword and a.keyword.value == "nullable")]
        equal = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
        args.append(cst.Arg(cst.Name("True"), keyword=cst.Name("nullable"), equal=equal))
    args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    call = value.with_changes(args=args)
    if isinstance(small, cst.AnnAssign):
        changed: cst.BaseSmallStatement = small.with_changes(target=cst.Name(name), value=call)
    else:
        assert isinstance(small, cst.Assign)
        changed = small.with_changes(targets=[cst.AssignTarget(cst.Name(name))], value=call)
    return stmt.with_changes(body=[changed], leading_lines=[])


def _retyped(
    module: cst.Module, stmt: cst.SimpleStatementLine, retype: Retype, style: Style
) -> tuple[cst.Module, cst.SimpleStatementLine]:
    """``stmt`` (a column's attribute, as :func:`_mapped` makes it) with the new type: its
    column call's type argument replaced (or given, where the annotation gave the type) and
    the Python type its annotation names changed; ``module`` with the names they need
    imported."""
    head = retype.code.split("(", 1)[0].split(".", 1)[0]
    if head.isidentifier() and head not in _bound_names(module):
        _, module = _imported(module, "sqlalchemy", head, style)
    small = stmt.body[0]
    assert isinstance(small, (cst.AnnAssign, cst.Assign)) and isinstance(small.value, cst.Call)
    args = [*small.value.args]
    kind = cst.Arg(cst.parse_expression(retype.code))
    positional = [i for i, a in enumerate(args) if a.keyword is None and a.star == ""]
    named = bool(positional) and isinstance(args[positional[0]].value, cst.SimpleString)
    if named:  # the column's name comes first, then its type
        positional = positional[1:]
    if positional:
        args[positional[0]] = kind
    else:
        args.insert(1 if named else 0, kind)
    args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    call = small.value.with_changes(args=args)
    before, after = (p.rpartition(".") for p in retype.python)
    if isinstance(small, cst.AnnAssign) and before[2] and after[2] and before != after:
        name = after[2]
        if after[0] != "builtins":
            name, module = _imported(module, after[0], after[2], style)
        annotation = small.annotation.visit(_Renamed(before[2], name))
        assert isinstance(annotation, cst.Annotation)
        return module, stmt.with_changes(
            body=[small.with_changes(value=call, annotation=annotation)]
        )
    return module, stmt.with_changes(body=[small.with_changes(value=call)])


class _Renamed(cst.CSTTransformer):
    """Every name ``old`` in a node renamed ``new``."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        """``new`` where the name is ``old``."""
        del original_node
        if updated_node.value != self.old:
            return updated_node
        return updated_node.with_changes(value=self.new)


def _callee(call: cst.Call) -> str:
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else ""


# --------------------------------------------------------------------------- markers


def _marked(stmt: cst.BaseStatement, marker: str) -> cst.BaseStatement:
    """``stmt`` with the comment ``marker`` last above it."""
    assert isinstance(stmt, cst.SimpleStatementLine)
    return stmt.with_changes(
        leading_lines=[*stmt.leading_lines, cst.EmptyLine(comment=cst.Comment(marker))]
    )


def _unmarked(stmt: cst.BaseStatement, marker: str) -> cst.BaseStatement:
    if not isinstance(stmt, cst.SimpleStatementLine) or not _has_marker(stmt, marker):
        return stmt
    lines = [ln for ln in stmt.leading_lines if not (ln.comment and ln.comment.value == marker)]
    return stmt.with_changes(leading_lines=lines)


def marked_lines(text: str, refactor: str) -> frozenset[int]:
    """The lines of the statements refcoord added to the model's module for ``refactor`` (its
    ``# refcoord: <refactor>:`` markers: the hook, the new and private attributes, the
    synonym): no migrate step renames what is in them; the code steps own them."""
    try:
        wrapper = cst.MetadataWrapper(cst.parse_module(text))
    except cst.ParserSyntaxError:
        return frozenset()
    where = wrapper.resolve(PositionProvider)
    prefix = f"# refcoord: {refactor}: "
    found: set[int] = set()
    for node in walk(wrapper.module):
        lines = getattr(node, "leading_lines", ())
        if isinstance(node, cst.BaseStatement) and any(
            ln.comment is not None and ln.comment.value.startswith(prefix) for ln in lines
        ):
            span = where[node]
            found |= set(range(span.start.line, span.end.line + 1))
    return frozenset(found)


def _has_marker(stmt: cst.CSTNode, marker: str) -> bool:
    lines = getattr(stmt, "leading_lines", ())
    return any(ln.comment is not None and ln.comment.value == marker for ln in lines)


def _marked_index(cls: cst.ClassDef, marker: str) -> int | None:
    return next((i for i, s in enumerate(cls.body.body) if _has_marker(s, marker)), None)


# --------------------------------------------------------------------------- the hook


def _hook_name(rename: Rename) -> str:
    return f"_write_{rename.model_class.lower()}_{rename.new}"


def _with_hook(module: cst.Module, rename: Rename, written: tuple[str, str], style: Style) -> str:
    """``module`` with the hook that writes ``written[1]`` whenever ``written[0]`` is
    written, right after the model class, and its imports."""
    source, target = written
    event, module = _imported(module, "sqlalchemy", "event", style)
    history, module = _imported(module, "sqlalchemy.orm.attributes", "get_history", style)
    cls = rename.model_class
    stmt = cst.parse_statement(
        f'@{event}.listens_for({cls}, "before_insert")\n'
        f'@{event}.listens_for({cls}, "before_update")\n'
        f"def {_hook_name(rename)}(mapper: object, connection: object, target: {cls}) "
        "-> None:\n"
        f'    """Write {target} whenever {source} is written."""\n'
        f'    if {history}(target, "{source}").has_changes():\n'
        f"        target.{target} = target.{source}\n"
    )
    stmt = stmt.with_changes(
        leading_lines=[
            cst.EmptyLine(),
            cst.EmptyLine(),
            cst.EmptyLine(comment=cst.Comment(rename.marker(_HOOK))),
        ]
    )
    at = next(
        i for i, s in enumerate(module.body)
        if isinstance(s, cst.ClassDef) and s.name.value == cls
    ) + 1  # fmt: skip
    body: list[cst.BaseStatement] = [*module.body]
    body.insert(at, stmt)
    if at + 1 < len(body):
        body[at + 1] = _spaced(body[at + 1])
    return module.with_changes(body=body).code


def _spaced(stmt: cst.BaseStatement) -> cst.BaseStatement:
    """``stmt`` with (at least) two blank lines above it, as PEP 8 spaces top-level code."""
    lines = [*getattr(stmt, "leading_lines", ())]
    blanks = len(lines) - len([ln for ln in lines if ln.comment is not None])
    if blanks >= 2 or not isinstance(stmt, (cst.SimpleStatementLine, cst.ClassDef,
                                            cst.FunctionDef)):  # fmt: skip
        return stmt
    return stmt.with_changes(leading_lines=[cst.EmptyLine()] * (2 - blanks) + lines)


def _is_hook(stmt: cst.CSTNode, rename: Rename) -> bool:
    return isinstance(stmt, cst.FunctionDef) and stmt.name.value == _hook_name(rename)


def _without_hook(module: cst.Module, rename: Rename) -> cst.Module:
    return module.with_changes(body=[s for s in module.body if not _is_hook(s, rename)])


# --------------------------------------------------------------------------- imports


def _imported(module: cst.Module, source: str, name: str, style: Style) -> tuple[str, cst.Module]:
    """The name ``name`` of ``source`` is bound to in ``module``, adding ``from source import
    name`` (under another name where that one is taken) when it is not imported yet."""
    taken: set[str] = set()
    for stmt in module.body:
        taken |= set(defined_names(stmt))
        for node in walk(stmt):
            if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
                where = _module_name(node)
                for alias in node.names:
                    bound = dotted(alias.asname.name) if alias.asname else dotted(alias.name)
                    if where == source and _module_name_of(alias.name) == name:
                        return bound, module
                    taken.add(bound)
            elif isinstance(node, cst.Import):
                taken |= {_module_name_of(a.name).split(".")[0] for a in node.names}
                taken |= {dotted(a.asname.name) for a in node.names if a.asname}
    bound = free_name(name, taken)
    body: list[cst.BaseStatement] = [*module.body]
    if bound == name and _joined(body, source, name):
        return bound, module.with_changes(body=body)
    line = f"from {source} import {name}" + (f" as {bound}" if bound != name else "")
    insert_import(body, line, style)
    return bound, module.with_changes(body=body)


def _joined(body: list[cst.BaseStatement], source: str, name: str) -> bool:
    """Add ``name`` to a one-line ``from source import ...`` at the top of ``body``, at its
    sorted place when the names there are sorted; False when there is no such import, or
    several (one name per line: optuna's style, the new one gets its own line)."""
    froms = [
        s.body[0] for s in body
        if isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.ImportFrom)
    ]  # fmt: skip
    if sum(_module_name(node) == source for node in froms) > 1:
        return False
    for at, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        node = stmt.body[0]
        if (
            not isinstance(node, cst.ImportFrom)
            or isinstance(node.names, cst.ImportStar)
            or _module_name(node) != source
            or node.lpar is not None
        ):
            continue
        names = [_module_name_of(a.name) for a in node.names]
        aliases = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in node.names]
        added = cst.ImportAlias(cst.Name(name))
        ordered = names == sorted(names, key=member_key)
        place = sum(member_key(n) < member_key(name) for n in names) if ordered else len(names)
        aliases.insert(place, added)
        body[at] = stmt.with_changes(body=[node.with_changes(names=aliases)])
        return True
    return False


def _module_name(node: cst.ImportFrom) -> str:
    return ("." * len(node.relative)) + (_module_name_of(node.module) if node.module else "")


def _module_name_of(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_module_name_of(node.value)}.{node.attr.value}"
    return ""


def _drop_unused(code: str, source: str, name: str) -> str:
    uses = len(re.findall(rf"\b{re.escape(name)}\b", code))
    line = re.compile(rf"^from {re.escape(source)} import {re.escape(name)}\n", re.MULTILINE)
    if uses == 1 and line.search(code):
        return line.sub("", code, count=1)
    if uses == 1:  # one of several names in the import
        return re.sub(
            rf"^(from {re.escape(source)} import .*?)\b{re.escape(name)}, |"
            rf"^(from {re.escape(source)} import .*?), {re.escape(name)}\b",
            lambda m: m.group(1) or m.group(2),
            code,
            count=1,
            flags=re.MULTILINE,
        )
    return code
