"""The schema pattern's step codemods: a database step writes one Alembic
revision; a code step edits the model's module (:mod:`.model_edits`) or, at migrate, renames
the attribute's references in the step's files (:mod:`.references`)."""

from __future__ import annotations

from dataclasses import dataclass

from refactor_coord.rewrite.outcome import Refused
from refactor_coord.rewrite.step import StepCodemod, StepInput, StepOutput, each_file
from refactor_coord.rewrite.style import project_style
from refcoord_codemods.schema import model_edits
from refcoord_codemods.schema.references import renamed_references
from refcoord_codemods.schema.revisions import (
    RevisionSpec,
    revision_path,
    revision_text,
)


@dataclass(frozen=True, slots=True)
class SchemaArgs:
    """A schema refactoring's facts, as the plan found them: the ORM ``model`` attribute
    (``shop.models.Order.total``) and its module's file, the ``table`` (and its database
    ``schema``, empty: the search path's), the primary ``key`` the copies batch on, the
    ``old`` column and the ``new`` name (attribute and column), the column's type as revision
    code (``sa_type``, with the ``type_imports`` it needs) and ``server_default`` (empty:
    none), the backfill's ``batch_size`` and ``pause_ms``, and ``lock_timeout``."""

    model: str
    model_path: str
    table: str
    key: str
    old: str
    new: str
    sa_type: str
    schema: str = ""
    type_imports: tuple[str, ...] = ()
    server_default: str = ""
    batch_size: int = 5000
    pause_ms: int = 100
    lock_timeout: str = "2s"
    nullable: bool = True  #: whether the old column admits NULL
    sql_type: str = ""  #: the column's type as PostgreSQL spells it
    operation: str = "rename-column"
    index: str = ""  #: add-index: the index's name
    unique: bool = False  #: add-index: a unique index
    #: add-column's and change-column-type's type as the model writes it (``String(3)``)
    column_type: str = ""
    default: str = ""  #: add-column: the server default as a Python literal (``"EUR"``)
    python_type: str = ""  #: the column's values' Python type, qualified (``builtins.int``)
    #: change-column-type: the new type as revision code, the imports that needs, the type
    #: in SQL, and its values' Python type
    new_sa_type: str = ""
    new_type_imports: tuple[str, ...] = ()
    new_sql_type: str = ""
    new_python_type: str = ""

    def rename(self, refactor: str) -> model_edits.Rename:
        """The model edits' view of the change."""
        cls, _, attribute = self.model.rpartition(".")
        retype = (
            model_edits.Retype(self.column_type, (self.python_type, self.new_python_type))
            if self.operation == "change-column-type"
            else None
        )
        return model_edits.Rename(
            refactor, cls.rpartition(".")[2], attribute, self.old, self.new, retype
        )


@dataclass(frozen=True, slots=True)
class RevisionArgs(SchemaArgs):
    """A database step's: the ``versions`` folder, the step's ``revision`` id and title, and
    the ``down_revision`` it follows (empty: the first)."""

    versions: str = ""
    revision: str = ""
    down_revision: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class MigrateArgs(SchemaArgs):
    """A migrate step's: the files whose references to the attribute it renames."""

    files: tuple[str, ...] = ()


def _revision(given: StepInput, args: RevisionArgs) -> StepOutput | Refused:
    spec = RevisionSpec(
        given.campaign,
        given.step.refactor,
        given.step.phase,
        args.title,
        args.revision,
        args.down_revision or None,
        args.table,
        args.schema or None,
        args.key,
        args.old,
        args.new,
        args.sa_type,
        args.type_imports,
        args.server_default or None,
        args.batch_size,
        args.pause_ms,
        args.lock_timeout,
        args.operation,
        args.index,
        args.unique,
        (args.new_sa_type, args.new_type_imports, args.new_sql_type, args.sql_type)
        if args.operation == "change-column-type"
        else None,
    )
    path = revision_path(args.versions, spec)
    if given.read(path) is not None:
        return Refused(f"{path} exists already: this step was applied")
    return {path: revision_text(spec)}


_CASES = "refcoord_codemods.schema.cases"


class _RevisionStep(StepCodemod[RevisionArgs]):
    Args = RevisionArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: RevisionArgs) -> StepOutput | Refused:
        """The step's revision file (refused when it is there already)."""
        return _revision(given, args)


class SchemaExpand(_RevisionStep):
    """Add the new column beside the old one: nullable, with the old one's default."""

    ID = "schema.expand"
    DESCRIPTION = __doc__ or ""


class SchemaBackfill(_RevisionStep):
    """Copy the old column into the new one, in batches, resumable, throttled."""

    ID = "schema.backfill"
    DESCRIPTION = __doc__ or ""


class SchemaNotNull(_RevisionStep):
    """Make the new column NOT NULL through a CHECK validated without blocking writes."""

    ID = "schema.not-null"
    DESCRIPTION = __doc__ or ""


class SchemaRelax(_RevisionStep):
    """Let the old column be NULL, so that code can stop writing it."""

    ID = "schema.relax"
    DESCRIPTION = __doc__ or ""


class SchemaDrop(_RevisionStep):
    """Drop the old column."""

    ID = "schema.drop"
    DESCRIPTION = __doc__ or ""


def _model_step(given: StepInput, args: SchemaArgs, phase: str) -> StepOutput | Refused:
    text = given.read(args.model_path)
    if text is None:
        return Refused(f"{args.model_path} is missing")
    rename = args.rename(given.step.refactor)
    style = project_style(given.read, given.path_of, given.lint_rules)
    if phase == "dual-write":
        changed = model_edits.dual_write(text, rename, style)
    elif phase == "switch":
        changed = model_edits.switch(text, rename, style)
    elif phase == "stop-writing":
        changed = model_edits.stop_writing(text, rename)
    elif phase == "declare" and args.operation == "add-column":
        changed = model_edits.add_attribute(text, rename, (args.column_type, args.default), style)
    elif phase == "declare":
        changed = model_edits.declare_index(text, rename, args.unique)
    elif args.operation == "drop-column":  # its contract: the attribute goes
        changed = model_edits.remove_attribute(text, rename)
    elif args.operation == "add-column":  # its contract: NOT NULL
        changed = model_edits.required(text, rename)
    else:
        changed = model_edits.contract(text, rename)
    return changed if isinstance(changed, Refused) else {args.model_path: changed}


class _ModelStep(StepCodemod[SchemaArgs]):
    Args = SchemaArgs
    CASES = _CASES

    def apply(self, given: StepInput, args: SchemaArgs) -> StepOutput | Refused:
        """The model's module as the step leaves it."""
        return _model_step(given, args, given.step.phase)


class SchemaDualWrite(_ModelStep):
    """Map the new column and write it whenever the old one is written."""

    ID = "schema.dual-write"
    DESCRIPTION = __doc__ or ""


class SchemaSwitch(_ModelStep):
    """Make the new column the model's; the old attribute name becomes its synonym."""

    ID = "schema.switch"
    DESCRIPTION = __doc__ or ""


class SchemaStopWriting(_ModelStep):
    """Stop mapping and writing the old column."""

    ID = "schema.stop-writing"
    DESCRIPTION = __doc__ or ""


class SchemaDeclare(_ModelStep):
    """Declare on the model the index the database now has."""

    ID = "schema.declare"
    DESCRIPTION = __doc__ or ""


class SchemaContract(_ModelStep):
    """Remove the old attribute name (the synonym)."""

    ID = "schema.contract"
    DESCRIPTION = __doc__ or ""


class SchemaMigrate(StepCodemod[MigrateArgs]):
    """Rename the attribute's references in the step's files: reads, writes, queries and the
    model's constructor keywords."""

    ID = "schema.migrate"
    DESCRIPTION = __doc__ or ""
    Args = MigrateArgs
    PER_FILE = True
    CASES = _CASES

    def apply(self, given: StepInput, args: MigrateArgs) -> StepOutput | Refused:
        """The step's files with the attribute's references (the index's) and the model's
        constructor keywords renamed."""
        cls, _, attribute = args.model.rpartition(".")
        refs = given.sites(args.model)
        calls = [r for r in given.sites(cls) if r.target == cls]

        def rewrite(path: str, text: str) -> str | Refused:
            # in the model's module, what refcoord added is its code steps' (the hook, the
            # synonym): not renamed here
            owned = (
                model_edits.marked_lines(text, given.step.refactor)
                if path == args.model_path
                else frozenset()
            )
            mine = [r for r in refs if r.path == path and r.line not in owned]
            places = [(r.line, r.col) for r in calls if r.path == path and r.line not in owned]
            return renamed_references(text, mine, places, (attribute, args.new))

        return each_file(given, rewrite)
