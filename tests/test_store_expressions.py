"""The dialect-compiled expressions and bound JSON values the search paths use: the same rows
as the plain SQL forms."""

from datetime import datetime, timezone

import numpy as np
import pytest
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, cast, create_engine, insert, select

from memdb.store.expressions import epoch, narrowed, one_of, weights_table

UTC = timezone.utc


@pytest.fixture(params=["sqlite", "postgres"])
def table_and_engine(request: pytest.FixtureRequest):
    """A table of four timestamps, in SQLite and in a fresh PostgreSQL database."""
    engine = create_engine("sqlite://" if request.param == "sqlite" else request.getfixturevalue("pg_databases")())
    table = Table("t", MetaData(), Column("seq", Integer, primary_key=True), Column("at", DateTime))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(table), [
            {"seq": 1, "at": datetime(2024, 5, 1)},
            {"seq": 2, "at": datetime(2024, 5, 1, 12, 30, 15, 250_000)},
            {"seq": 3, "at": datetime(1999, 12, 31, 23, 59, 59)},
            {"seq": 4, "at": datetime(2038, 1, 19, 3, 14, 8)},
        ])
    return table, engine


@pytest.mark.parametrize("ids, expected", [
    ([2, 4], [2, 4]),
    ({3, 1, 99}, [1, 3]),   # a set; unknown ids match nothing
    ([], []),
    (range(1, 5), [1, 2, 3, 4]),
    (np.array([4, 1], dtype=np.int64), [1, 4]),  # numpy ints
])
def test_one_of_matches_like_in(table_and_engine, ids, expected) -> None:
    table, engine = table_and_engine
    statement = select(table.c.seq).where(one_of(table.c.seq, "ids")).order_by(table.c.seq)
    with engine.connect() as connection:
        assert list(connection.execute(statement, {"ids": ids}).scalars()) == expected


def test_one_of_takes_strings(table_and_engine) -> None:
    _, engine = table_and_engine
    names = Table("names", MetaData(), Column("name", String, primary_key=True))
    names.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(names), [{"name": n} for n in ["maya", "lena", "o'brien"]])
        found = connection.execute(select(names.c.name).where(one_of(names.c.name, "keys")), {"keys": ["o'brien", "maya", 'x"y']})
        assert sorted(found.scalars()) == ["maya", "o'brien"]


def test_one_statement_serves_every_list(table_and_engine) -> None:
    table, engine = table_and_engine
    statement = select(table.c.seq).where(one_of(table.c.seq, "ids"))
    with engine.connect() as connection:
        for ids in ([1], [1, 2, 3], list(range(5000))):
            connection.execute(statement, {"ids": ids}).all()
    assert list(statement.compile(engine).params) == ["ids"]  # one parameter, whatever the number of ids


def test_weights_table_joins_a_mapping(table_and_engine) -> None:
    table, engine = table_and_engine
    weights = weights_table("weights")
    statement = (select(table.c.seq, cast(weights.c.value, Float)).select_from(weights)  # text on PostgreSQL
                 .join(table, table.c.seq == cast(weights.c.key, Integer)).order_by(table.c.seq))
    with engine.connect() as connection:
        assert connection.execute(statement, {"weights": {2: 0.5, np.int64(4): 1.5, 7: 9.0}}).all() == [(2, 0.5), (4, 1.5)]


def test_narrowed_keeps_the_statement_when_no_conditions(table_and_engine) -> None:
    table, _ = table_and_engine
    statement = select(table.c.seq)
    assert narrowed(statement, []) is statement
    assert "WHERE" in str(narrowed(statement, [table.c.seq > 2]))


def test_epoch_is_seconds_since_1970_to_the_millisecond(table_and_engine) -> None:
    table, engine = table_and_engine
    with engine.connect() as connection:
        got = dict(connection.execute(select(table.c.seq, epoch(table.c.at))).all())
    for seq, naive in [(1, datetime(2024, 5, 1)), (2, datetime(2024, 5, 1, 12, 30, 15, 250_000)),
                       (3, datetime(1999, 12, 31, 23, 59, 59)), (4, datetime(2038, 1, 19, 3, 14, 8))]:
        assert got[seq] == naive.replace(tzinfo=UTC).timestamp()  # exact: whole seconds stay whole


def test_one_of_looks_ids_up_by_the_index_on_sqlite() -> None:
    """SQLite has no boolean type: a Boolean-typed one_of was written ``seq IN (…) = 1``, which
    SQLite answers by scanning the whole table (a search at 100k turns went from 17 to 570 ms)."""
    engine = create_engine("sqlite://")
    table = Table("t", MetaData(), Column("seq", Integer, primary_key=True), Column("name", String, index=True))
    table.metadata.create_all(engine)
    with engine.connect() as connection:
        for column in (table.c.seq, table.c.name):
            statement = select(table.c.seq).where(one_of(column, "ids"))
            compiled = statement.compile(engine)
            assert "= 1" not in str(compiled)
            plan = " / ".join(row[3] for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled), ("[1]",)))
            assert "SCAN t" not in plan.replace("SCAN json_each", ""), plan
