"""The ``[[refactor]]`` tables as frozen specs, checked for shape (pure).

Whether the names they mention exist, and whether two refactorings conflict, needs the index:
see :mod:`refactor_coord.application.validation`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from refactor_coord.domain.recipes.catalog import recipe

_T = TypeVar("_T")

QUALIFIED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
REFACTOR_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
FLAG_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class ExtractModule:
    """Move top-level symbols from ``source`` to ``target``."""

    id: str
    source: str
    target: str
    symbols: tuple[str, ...]
    kind: str = "extract-module"

    def old_names(self) -> tuple[str, ...]:
        """The qualified names whose references the refactoring rewrites."""
        return tuple(f"{self.source}.{s}" for s in self.symbols)

    def replacement(self, name: str) -> str:
        """What the users of the old ``name`` move to."""
        return f"{self.target}.{name.rsplit('.', 1)[1]}"


@dataclass(frozen=True, slots=True)
class ChangeApi:
    """Rename a function, method or class and/or change its signature."""

    id: str
    old: str
    new: str
    signature: str | None
    rename_params: tuple[tuple[str, str], ...]
    kind: str = "change-api"

    def old_names(self) -> tuple[str, ...]:
        """The qualified names whose references the refactoring rewrites."""
        return (self.old,)

    def replacement(self, name: str) -> str:
        """What the users of the old ``name`` move to."""
        return self.new


@dataclass(frozen=True, slots=True)
class ReplaceDependency:
    """Replace an imported dependency with another behind a facade and a feature flag."""

    id: str
    old: str
    new: str | None
    facade: str
    flag: str
    recipe: str | None
    mapping: tuple[tuple[str, str], ...]
    kind: str = "replace-dependency"
    #: contract removes the facade too: its importers import the new backend directly
    inline: bool = False

    def old_names(self) -> tuple[str, ...]:
        """The qualified names whose references the refactoring rewrites."""
        return (self.old,)

    def replacement(self, name: str) -> str:
        """What the users of the old ``name`` move to: the new dependency, else the facade."""
        return self.new or self.facade


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """A zero-downtime database change on an ORM attribute's column (SQLAlchemy models,
    Alembic migrations): database steps and code steps in expand / backfill / contract order.
    """

    id: str
    operation: str
    #: the ORM attribute (``shop.models.Order.total``): its table and column are found from it
    model: str
    new_name: str
    batch_size: int = 5000  #: rows per backfill batch
    pause_ms: int = 100  #: the pause between backfill batches
    lock_timeout: str = "2s"  #: how long a DDL statement waits for its lock before failing
    unique: bool = False  #: add-index: a unique index
    index_name: str = ""  #: add-index: the index's name (empty: SQLAlchemy's ix_<table>_<column>)
    #: add-column's and change-column-type's SQLAlchemy type, as code (``String(3)``)
    column_type: str = ""
    default: str = ""  #: add-column: its server default (``EUR``), which existing rows get
    kind: str = "schema"

    def old_names(self) -> tuple[str, ...]:
        """The qualified names whose references the refactoring rewrites (none for an
        operation that renames nothing)."""
        return (self.model,) if self.operation in ("rename-column", "drop-column") else ()

    def replacement(self, name: str) -> str:
        """What the users of the old attribute move to: the renamed one."""
        del name
        return f"{self.model.rpartition('.')[0]}.{self.new_name}"

    @property
    def model_class(self) -> str:
        """The model class's qualified name (``shop.models.Order``)."""
        return self.model.rpartition(".")[0]

    @property
    def attribute(self) -> str:
        """The attribute's name on the model (``total``)."""
        return self.model.rpartition(".")[2]


Refactor = ExtractModule | ChangeApi | ReplaceDependency | SchemaChange
#: the refactorings made of code steps only
CodeRefactor = ExtractModule | ChangeApi | ReplaceDependency
KINDS = ("extract-module", "change-api", "replace-dependency", "schema")
#: The schema operations refcoord carries out.
SCHEMA_OPERATIONS = (
    "rename-column",
    "add-index",
    "drop-column",
    "add-column",
    "change-column-type",
)
LOCK_TIMEOUT = re.compile(r"\d+(?:ms|s)\Z")
#: Built-in replace-dependency recipes (their mapping tables arrive with the codemods).
RECIPES = (
    "six-stdlib",
    "requests-httpx",
    "simplejson-json",
    "mock-unittest-mock",
    "pytz-zoneinfo",
    "toml-tomllib",
)

_KEYS: dict[str, tuple[str, ...]] = {
    "extract-module": ("id", "kind", "source", "target", "symbols"),
    "change-api": ("id", "kind", "old", "new", "signature", "rename_params"),
    "replace-dependency": (
        "id",
        "kind",
        "old",
        "new",
        "facade",
        "flag",
        "recipe",
        "map",
        "inline",
    ),
    "schema": (
        "id",
        "kind",
        "operation",
        "model",
        "new_name",
        "batch_size",
        "pause_ms",
        "lock_timeout",
        "unique",
        "index_name",
        "type",
        "default",
    ),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "extract-module": ("id", "kind", "source", "target", "symbols"),
    "change-api": ("id", "kind", "old", "new"),
    "replace-dependency": ("id", "kind", "old", "facade", "flag"),
    "schema": ("id", "kind", "operation", "model"),
}


class _Fields:
    """Reads one table, collecting problems instead of stopping at the first."""

    def __init__(self, table: Mapping[str, Any], where: str, problems: list[str]) -> None:
        self.table = table
        self.where = where
        self.problems = problems

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where} {key}: {message}")

    def text(self, key: str, pattern: re.Pattern[str] | None = None, what: str = "") -> str:
        value = self.table.get(key)
        if value is None:
            return ""
        if (
            not isinstance(value, str)
            or not value
            or (pattern is not None and not pattern.match(value))
        ):
            self.problem(key, f"{value!r} must be {what or 'a non-empty string'}")
            return ""
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.isidentifier() for v in value)
        ):
            self.problem(
                key, f"{value!r} must be a non-empty list of top-level names (identifiers)"
            )
            return ()
        if len(set(value)) != len(value):
            self.problem(key, "lists a name twice")
        return tuple(value)

    def flag(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"{value!r} must be true or false")
            return False
        return value

    def count(self, key: str, default: int, least: int) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            self.problem(key, f"{value!r} must be a whole number, {least} or more")
            return default
        return value

    def pairs(
        self, key: str, check: Callable[[str], bool], what: str
    ) -> tuple[tuple[str, str], ...]:
        value = self.table.get(key, {})
        if not isinstance(value, Mapping) or not all(
            isinstance(v, str) and check(k) and check(v) for k, v in value.items()
        ):
            self.problem(key, f"must be a table of {what}")
            return ()
        return tuple(sorted(value.items()))


def parse_refactor(table: Mapping[str, Any], index: int, problems: list[str]) -> Refactor | None:
    """Check one ``[[refactor]]`` table; None (with problems added) when it is unusable."""
    raw_id = table.get("id")
    where = f"[[refactor]] #{index + 1}" + (f" ({raw_id})" if isinstance(raw_id, str) else "")
    kind = table.get("kind")
    if kind not in KINDS:
        problems.append(f"{where} kind: {kind!r} is not one of {', '.join(KINDS)}")
        return None
    before = len(problems)
    for key in table:
        if key not in _KEYS[kind]:
            problems.append(
                f"{where} {key}: unknown key for {kind}; valid keys are {', '.join(_KEYS[kind])}"
            )
    for key in _REQUIRED[kind]:
        if key not in table:
            problems.append(f"{where} {key}: missing (required for {kind})")
    f = _Fields(table, where, problems)
    ident = f.text("id", REFACTOR_ID, "lower-case letters, digits, '-' and '_'")
    spec = _build(kind, f, ident)
    return spec if len(problems) == before else None


def _build(kind: str, f: _Fields, ident: str) -> Refactor:
    dotted = "a dotted name such as pkg.mod.name"
    if kind == "extract-module":
        return ExtractModule(
            ident,
            f.text("source", QUALIFIED, dotted),
            f.text("target", QUALIFIED, dotted),
            f.names("symbols"),
        )
    if kind == "change-api":
        signature = f.text("signature") or None
        if signature is not None:
            _check_signature(signature, f)
        return ChangeApi(
            ident,
            f.text("old", QUALIFIED, dotted),
            f.text("new", QUALIFIED, dotted),
            signature,
            f.pairs("rename_params", str.isidentifier, "old parameter name = new name"),
        )
    if kind == "schema":
        return _schema(f, ident)
    recipe = f.text("recipe") or None
    if recipe is not None and recipe not in RECIPES:
        f.problem(
            "recipe",
            f"{recipe!r} is not a built-in recipe; known recipes are {', '.join(RECIPES)}",
        )
    new = f.text("new", QUALIFIED, dotted) or None
    if new is None and recipe is None:
        f.problem("new", "missing: give the replacement, or a recipe that supplies it")
    return ReplaceDependency(
        ident,
        f.text("old", QUALIFIED, dotted),
        new,
        f.text("facade", QUALIFIED, dotted),
        f.text("flag", FLAG_NAME, "an environment variable name (A-Z, 0-9, _)"),
        recipe,
        f.pairs("map", lambda s: bool(QUALIFIED.match(s)), "qualified name = qualified name"),
        inline=f.flag("inline"),
    )


def _schema(f: _Fields, ident: str) -> SchemaChange:
    operation = f.text("operation")
    if operation and operation not in SCHEMA_OPERATIONS:
        f.problem("operation", f"{operation!r} is not one of {', '.join(SCHEMA_OPERATIONS)}")
    model = f.text("model", QUALIFIED, "the ORM attribute, such as shop.models.Order.total")
    if model and model.count(".") < 2:
        f.problem("model", f"{model!r} must name a model class's attribute: module.Class.attr")
    new_name = f.text("new_name", QUALIFIED, "a column name (an identifier)")
    renames = operation == "rename-column"
    if renames and "new_name" not in f.table:
        f.problem("new_name", "missing (required for rename-column)")
    elif operation not in NAMES_A_COLUMN and "new_name" in f.table:
        f.problem(
            "new_name",
            f"not used by {operation} (rename-column's new name, change-column-type's new column)",
        )
    elif new_name and not new_name.isidentifier():
        f.problem("new_name", f"{new_name!r} must be an identifier")
    elif new_name and new_name == model.rpartition(".")[2]:
        f.problem("new_name", f"{new_name!r} is the attribute's name already")
    return SchemaChange(
        ident,
        operation,
        model,
        new_name,
        f.count("batch_size", 5000, 1),
        f.count("pause_ms", 100, 0),
        f.text("lock_timeout", LOCK_TIMEOUT, "a duration such as '2s' or '500ms'") or "2s",
        _only(f, operation, "unique", f.flag("unique")),
        _only(f, operation, "index_name", f.text("index_name", IDENTIFIER, "an identifier")),
        _column_type(f, operation),
        _only(f, operation, "default", f.text("default"), "add-column"),
    )


#: the operations that take ``new_name``: rename-column's new attribute and column,
#: change-column-type's new column (optional there)
NAMES_A_COLUMN = ("rename-column", "change-column-type")


def _column_type(f: _Fields, operation: str) -> str:
    """add-column's and change-column-type's ``type``: required there, a Python expression
    (``String(3)``)."""
    required = {"add-column": ("type", "default"), "change-column-type": ("type",)}
    for key in required.get(operation, ()):
        if key not in f.table:
            f.problem(key, f"missing (required for {operation})")
    code = f.text("type")
    if "type" in f.table and operation not in required:
        f.problem("type", f"only add-column and change-column-type take it, not {operation}")
    if code:
        try:
            ast.parse(code, mode="eval")
        except SyntaxError:
            f.problem("type", f"{code!r} must be a SQLAlchemy type as code, such as String(3)")
    return code


def _only(f: _Fields, operation: str, key: str, value: _T, owner: str = "add-index") -> _T:
    """``value``, after noting a problem when ``key`` is given to an operation other than
    ``owner`` (only it has the key)."""
    if key in f.table and operation != owner:
        f.problem(key, f"only {owner} takes it, not {operation}")
    return value


def _check_signature(signature: str, f: _Fields) -> None:
    try:
        tree = ast.parse(f"def _{signature}: pass")
    except SyntaxError as error:
        f.problem("signature", f"{signature!r} is not a Python parameter list ({error.msg})")
        return
    if not isinstance(tree.body[0], ast.FunctionDef):  # pragma: no cover - the source is a def
        f.problem("signature", f"{signature!r} is not a Python parameter list")


def describe(spec: Refactor) -> str:
    """One line: what the refactoring does."""
    if isinstance(spec, ExtractModule):
        return f"move {', '.join(spec.symbols)} from {spec.source} to {spec.target}"
    if isinstance(spec, ChangeApi):
        change = (
            f"rename {spec.old} to {spec.new}" if spec.old != spec.new else f"change {spec.old}"
        )
        return change + (f" with signature {spec.signature}" if spec.signature else "")
    if isinstance(spec, SchemaChange) and spec.operation == "add-column":
        return f"add {spec.model} ({spec.column_type}, default {spec.default!r}, NOT NULL)"
    if isinstance(spec, SchemaChange) and spec.operation == "change-column-type":
        return f"change {spec.model}'s column to {spec.column_type} (zero downtime)"
    if isinstance(spec, SchemaChange) and spec.operation == "drop-column":
        return f"drop {spec.model}'s column once no code uses it (zero downtime)"
    if isinstance(spec, SchemaChange) and spec.operation == "add-index":
        unique = "a unique index" if spec.unique else "an index"
        return f"add {unique} on {spec.model}'s column, built concurrently (zero downtime)"
    if isinstance(spec, SchemaChange):
        table = spec.model.rpartition(".")[0]
        return f"{spec.operation} {spec.model} to {table}.{spec.new_name} (zero downtime)"
    found = recipe(spec.recipe) if spec.recipe else None
    return (
        f"replace {spec.old} with {spec.new or (found.new if found else spec.recipe)} behind "
        f"{spec.facade} "
        f"(flag {spec.flag})"
    )


def parse_refactors(raw: list[Any], problems: list[str]) -> tuple[Refactor, ...]:
    """Check every table and that ids are unique."""
    specs: list[Refactor] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(raw):
        spec = parse_refactor(table, index, problems)
        raw_id = table.get("id")
        if isinstance(raw_id, str) and raw_id in seen:
            problems.append(
                f"[[refactor]] #{index + 1} id: '{raw_id}' is already used by "
                f"[[refactor]] #{seen[raw_id]}"
            )
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = index + 1
        if spec is not None:
            specs.append(spec)
    return tuple(specs)
