"""schema: zero-downtime database changes on SQLAlchemy models with Alembic migrations, as
database steps (Alembic revisions, :mod:`.revisions`) interleaved with code steps (the model,
:mod:`.model_edits`; the attribute's references, :mod:`.references`), in expand / backfill /
contract order. The steps and their facts are :mod:`refactor_coord.domain.schema`'s.
"""

from __future__ import annotations

from refactor_coord.domain.schema import is_database_phase
from refactor_coord.rewrite.pattern import Pattern, ReadModule, TestRun
from refcoord_codemods.schema.steps import (
    SchemaArgs,
    SchemaBackfill,
    SchemaContract,
    SchemaDeclare,
    SchemaDrop,
    SchemaDualWrite,
    SchemaExpand,
    SchemaMigrate,
    SchemaNotNull,
    SchemaRelax,
    SchemaStopWriting,
    SchemaSwitch,
)


class Schema(Pattern):
    """A database change, its database and code steps interleaved."""

    KIND = "schema"
    CODEMODS = (
        SchemaExpand,
        SchemaDualWrite,
        SchemaBackfill,
        SchemaNotNull,
        SchemaSwitch,
        SchemaMigrate,
        SchemaRelax,
        SchemaStopWriting,
        SchemaDrop,
        SchemaContract,
        SchemaDeclare,
    )

    def old_names(self, args: SchemaArgs, read_module: ReadModule) -> list[str]:
        """The old attribute: no code may use it once the contract step removes it (an
        operation that renames nothing has none)."""
        del read_module
        return [args.model] if args.operation in ("rename-column", "drop-column") else []

    def test_runs(self, args: SchemaArgs, phase: str) -> tuple[TestRun, ...]:
        """A database step changes the schema under all the code: the whole suite runs."""
        del args
        return (TestRun(whole_suite=is_database_phase(phase)),)

    def released_module(self, args: SchemaArgs) -> None:
        """None: the old attribute name is the application's own, no release announced it."""
        del args


PATTERN = Schema()
