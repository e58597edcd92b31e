"""What the project's SQLAlchemy and Alembic say, asked of the project's own interpreter (a
subprocess: refcoord's interpreter need not have the project's dependencies): the column
behind an ORM attribute, and the Alembic script folder with its head revision."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from refactor_coord.adapters.alembic_offline import script_folder
from refactor_coord.adapters.test_runner import project_python
from refactor_coord.domain.schema import ColumnFacts, MigrationFacts, TargetType

#: What both column probes start with: ``fail``, the model class (``argv[1]``, ``argv[2]``)
#: and its mapper, a type as revision code, and the table's key.
_MODEL_PROBE = r"""
import importlib, json, sys
def fail(message):
    print(json.dumps({"error": message})); sys.exit()
module, cls = sys.argv[1:3]
try:
    import sqlalchemy
    from sqlalchemy import UniqueConstraint, inspect
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import DefaultClause
except ImportError as error:
    fail(f"SQLAlchemy cannot be imported: {error}")
try:
    model = getattr(importlib.import_module(module), cls)
except Exception as error:
    fail(f"{module}.{cls} cannot be imported: {error}")
try:
    mapper = inspect(model)
except Exception:
    fail(f"{module}.{cls} is not a mapped SQLAlchemy class")
def type_code(value):
    kind = type(value)
    if kind.__module__.startswith("sqlalchemy.sql"):
        return "sa." + repr(value), []
    if kind.__module__.startswith("sqlalchemy.dialects."):
        dialect = kind.__module__.split(".")[2]
        return f"{dialect}.{repr(value)}", [f"from sqlalchemy.dialects import {dialect}"]
    return repr(value), [f"from {kind.__module__} import {kind.__name__}"]
def python_of(kind):
    try:
        found = kind.python_type
    except Exception:  # a type that does not say (NotImplementedError)
        return ""
    return f"{found.__module__}.{found.__qualname__}"
def table_facts(table, kind):
    key = list(table.primary_key.columns)
    code, imports = type_code(kind)
    return {
        "python_type": python_of(kind),
        "table": table.name, "schema": table.schema, "sa_type": code,
        "type_imports": imports, "sql_type": kind.compile(dialect=postgresql.dialect()),
        "primary_key": [c.name for c in key],
        "integer_key": len(key) == 1 and key[0].type.python_type is int,
    }
"""

_COLUMN_PROBE = (
    _MODEL_PROBE
    + r"""
attr = sys.argv[3]
prop = mapper.attrs.get(attr)
columns = getattr(prop, "columns", None)
if prop is None or not columns or len(columns) != 1:
    fail(f"{module}.{cls}.{attr} is not an attribute mapped to one column")
column = columns[0]
table = column.table
default = column.server_default
server_default = None
if isinstance(default, DefaultClause):
    arg = default.arg
    if isinstance(arg, str):
        server_default = json.dumps(arg)
    else:
        server_default = f"sa.text({str(arg.compile(dialect=postgresql.dialect()))!r})"
attached = []
if column.identity is not None or column.computed is not None:
    attached.append("it is an identity or computed column")
attached += [f"index {i.name}" for i in table.indexes if any(c is column for c in i.columns)]
attached += [
    f"unique constraint {c.name or '(unnamed)'}"
    for c in table.constraints
    if isinstance(c, UniqueConstraint) and any(x is column for x in c.columns)
]
if column.unique:
    attached.append("unique=True")
attached += [f"foreign key to {fk.target_fullname}" for fk in column.foreign_keys]
for other in table.metadata.tables.values():
    for fk in other.foreign_keys:
        try:
            points_here = fk.column is column
        except Exception:  # a foreign key to a table the metadata does not have
            points_here = False
        if points_here:
            attached.append(f"foreign key from {fk.parent.table.name}.{fk.parent.name}")
print(json.dumps({
    **table_facts(table, column.type), "column": column.name,
    "nullable": bool(column.nullable), "server_default": server_default,
    "attached": sorted(set(attached)),
}))
"""
)

_ALEMBIC_PROBE = r"""
import json, os, sys
try:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
except ImportError as error:
    print(json.dumps({"error": f"Alembic cannot be imported: {error}"})); sys.exit()
config = Config(sys.argv[1])
config.set_main_option("script_location", sys.argv[2])
try:
    script = ScriptDirectory.from_config(config)
    heads = script.get_heads()
except Exception as error:
    print(json.dumps({"error": f"Alembic cannot read {sys.argv[1]}: {error}"})); sys.exit()
if len(heads) > 1:
    listed = ", ".join(heads)
    merge = "merge them first (alembic merge heads)"
    print(json.dumps({"error": f"Alembic has {len(heads)} heads ({listed}): {merge}"}))
    sys.exit()
print(json.dumps({"versions": script.versions, "head": heads[0] if heads else None}))
"""


class FactsUnavailable(Exception):
    """The project's interpreter could not answer; the message says why."""


def _parts(attribute: str) -> tuple[str, str, str]:
    """``pkg.models.Order.total`` as its module, class and attribute."""
    module_and_class, _, attr = attribute.rpartition(".")
    module, _, cls = module_and_class.rpartition(".")
    return module, cls, attr


def column_facts(repo: Path, attribute: str, source_roots: Sequence[str]) -> ColumnFacts:
    """The column behind ``attribute`` (``shop.models.Order.total``)."""
    module, cls, attr = _parts(attribute)
    found = _ask(repo, _COLUMN_PROBE, [module, cls, attr], source_roots)
    return ColumnFacts(
        module,
        cls,
        attr,
        found["table"],
        found["schema"],
        found["column"],
        found["sa_type"],
        tuple(found["type_imports"]),
        found["sql_type"],
        found["nullable"],
        found["server_default"],
        tuple(found["primary_key"]),
        found["integer_key"],
        tuple(found["attached"]),
        found["python_type"],
    )


_NEW_COLUMN_PROBE = (
    _MODEL_PROBE
    + r"""
try:
    kind = eval(sys.argv[3], dict(vars(sqlalchemy)))
    kind = kind() if isinstance(kind, type) else kind
    facts = table_facts(mapper.local_table, kind)
except Exception as error:
    fail(f"type {sys.argv[3]!r} is not a SQLAlchemy type: {error}")
print(json.dumps(facts))
"""
)


def new_column_facts(
    repo: Path, attribute: str, column_type: str, default: str, source_roots: Sequence[str]
) -> ColumnFacts:
    """The column add-column adds as ``attribute`` (``shop.models.Order.currency``), of the
    SQLAlchemy type ``column_type`` (``String(3)``) with the server default ``default``,
    in the model's table: NOT NULL once the steps are done."""
    module, cls, attr = _parts(attribute)
    found = _ask(repo, _NEW_COLUMN_PROBE, [module, cls, column_type], source_roots)
    return ColumnFacts(
        module,
        cls,
        attr,
        found["table"],
        found["schema"],
        attr,
        found["sa_type"],
        tuple(found["type_imports"]),
        found["sql_type"],
        False,
        json.dumps(default),
        tuple(found["primary_key"]),
        found["integer_key"],
    )


def target_type(
    repo: Path, attribute: str, column_type: str, source_roots: Sequence[str]
) -> TargetType:
    """The SQLAlchemy type ``column_type`` (``Numeric(12, 2)``) that change-column-type moves
    ``attribute``'s column to, as the project's SQLAlchemy has it."""
    module, cls, _ = _parts(attribute)
    found = _ask(repo, _NEW_COLUMN_PROBE, [module, cls, column_type], source_roots)
    return TargetType(
        column_type,
        found["sa_type"],
        tuple(found["type_imports"]),
        found["sql_type"],
        found["python_type"],
    )


#: where a project usually keeps Alembic's configuration, relative to the repository (else
#: the one ``alembic.ini`` anywhere in it)
ALEMBIC_CONFIGS = ("alembic.ini", "migrations/alembic.ini", "db/alembic.ini")
#: folders never searched for it: virtual environments, caches, builds
_NOT_SEARCHED = frozenset({"node_modules", "site-packages", "__pycache__", "build", "dist",
                           "venv", "env"})  # fmt: skip


def migration_facts(repo: Path, source_roots: Sequence[str]) -> MigrationFacts:
    """The project's Alembic configuration and head revision."""
    config = alembic_config(repo)
    folder = script_folder(repo, config)
    found = _ask(repo, _ALEMBIC_PROBE, [str(repo / config), str(folder)], source_roots)
    versions = Path(found["versions"])
    if not versions.is_absolute():
        versions = folder / versions
    return MigrationFacts(
        config, versions.resolve().relative_to(repo.resolve()).as_posix(), found["head"]
    )


def alembic_config(repo: Path) -> str:
    """The repository's Alembic configuration file, relative to it: at a usual place, else
    the only ``alembic.ini`` in the repository (optuna keeps its own in the package)."""
    usual = next((c for c in ALEMBIC_CONFIGS if (repo / c).is_file()), None)
    if usual is not None:
        return usual
    found = sorted(
        path.relative_to(repo).as_posix()
        for path in repo.rglob("alembic.ini")
        if not any(p.startswith(".") or p in _NOT_SEARCHED for p in path.relative_to(repo).parts)
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise FactsUnavailable("no Alembic configuration (alembic.ini) in the repository")
    raise FactsUnavailable(
        f"{len(found)} Alembic configurations ({', '.join(found)}): one per repository is "
        "supported"
    )


def _ask(
    repo: Path, probe: str, args: Sequence[str], source_roots: Sequence[str]
) -> dict[str, Any]:
    python, _ = project_python(repo)
    path = os.pathsep.join(
        [str(repo / r) for r in source_roots] + [os.environ.get("PYTHONPATH", "")]
    ).strip(os.pathsep)
    try:
        done = subprocess.run(
            [python, "-c", probe, *args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONPATH": path},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise FactsUnavailable(
            f"the project's interpreter {python} did not answer: {error}"
        ) from None
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (done.stderr or done.stdout).strip().splitlines()
        raise FactsUnavailable(
            f"the project's interpreter {python} failed: {tail[-1] if tail else 'no output'}"
        ) from None
    if "error" in found:
        raise FactsUnavailable(str(found["error"]))
    return dict(found)


_ROWS_PROBE = r"""
import json, sys
from sqlalchemy import create_engine, text
url, table = sys.argv[1:3]
try:
    engine = create_engine(url)
    with engine.connect() as connection:
        query = "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:t)"
        estimate = connection.execute(text(query), {"t": table}).scalar()
        if estimate is None:
            print(json.dumps({"error": f"no table {table} in that database"})); sys.exit()
        if estimate < 0:  # never analysed: count, but not for long
            connection.execute(text("SET statement_timeout = '5s'"))
            estimate = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
except Exception as error:
    first = str(error).splitlines()[0] if str(error) else ""
    print(json.dumps({"error": f"{type(error).__name__}: {first}"})); sys.exit()
print(json.dumps({"rows": int(estimate)}))
"""


def table_rows(repo: Path, url: str, table: str, source_roots: Sequence[str]) -> int:
    """About how many rows ``table`` (``schema.table`` or a table) has in the database at
    ``url`` (PostgreSQL's estimate, else a count of at most 5 s)."""
    found = _ask(repo, _ROWS_PROBE, [url, table], source_roots)
    return int(found["rows"])
