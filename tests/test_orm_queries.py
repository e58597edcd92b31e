"""The rows of ORM queries, read from the code: which attribute uses are read on a row, and
which entity the query names (optuna's ``session.query(TrialModel).first().datetime_start``,
which jedi cannot type through SQLAlchemy's overloads)."""

from __future__ import annotations

import ast
import textwrap

import pytest

from refactor_coord.analysis.orm_queries import name_position, orm_query_entities

CODE = """
def f(session, key):
    first = session.query(Trial).filter(Trial.id > 1).order_by(Trial.id).first()
    first.started
    session.get(Trial, key).started
    session.query(models.Trial).get(key).started
    one = session.scalars(select(Trial).where(Trial.id == key)).one()
    one.started
    session.execute(select(Trial)).scalar_one().started
    for row in session.query(Trial).all():
        row.started
    for row in session.scalars(select(Trial)):
        row.started
    [t.started for t in session.query(Trial)]


def g(summaries, session):
    for s in summaries:
        s.started  # not a query's row
    first = session.query(Trial, Study).first()
    first.started  # a tuple of two entities, not a row of one
    session.query(Trial).count().started
    other = make()
    other.started
"""


def _entities() -> dict[int, str]:
    tree = ast.parse(textwrap.dedent(CODE))
    return {
        node.lineno: ast.unparse(entity)
        for node, entity in orm_query_entities(tree).items()
        if node.attr == "started"
    }


def test_the_rows_of_each_query_shape_name_their_entity() -> None:
    assert _entities() == {
        4: "Trial",
        5: "Trial",
        6: "models.Trial",
        8: "Trial",
        9: "Trial",
        11: "Trial",
        13: "Trial",
        14: "Trial",
    }


@pytest.mark.parametrize(("code", "where"), [("Trial", (1, 0)), ("models.Trial", (1, 7))])
def test_the_entity_is_asked_where_its_last_name_stands(code: str, where: tuple[int, int]) -> None:
    assert name_position(ast.parse(code, mode="eval").body) == where
