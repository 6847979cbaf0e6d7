"""The dialect-compiled expressions the search paths use: same rows as the plain SQL forms."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, insert, select

from memdb.store.expressions import epoch, one_of

UTC = timezone.utc


@pytest.fixture()
def table_and_engine():
    engine = create_engine("sqlite://")
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
    ({3, 1, 99}, [1, 3]),   # any iterable; unknown ids match nothing
    ([], []),
    (range(1, 5), [1, 2, 3, 4]),
])
def test_one_of_matches_like_in(table_and_engine, ids, expected) -> None:
    table, engine = table_and_engine
    with engine.connect() as connection:
        found = connection.execute(select(table.c.seq).where(one_of(table.c.seq, ids)).order_by(table.c.seq)).scalars()
        assert list(found) == expected


def test_one_of_keeps_one_statement_shape(table_and_engine) -> None:
    table, engine = table_and_engine
    shapes = {str(select(table.c.seq).where(one_of(table.c.seq, ids)).compile(engine)) for ids in ([1], [1, 2, 3], [])}
    assert len(shapes) == 1  # one compiled statement, cached, whatever the number of ids


def test_epoch_is_seconds_since_1970_to_the_millisecond(table_and_engine) -> None:
    table, engine = table_and_engine
    with engine.connect() as connection:
        got = dict(connection.execute(select(table.c.seq, epoch(table.c.at))).all())
    for seq, naive in [(1, datetime(2024, 5, 1)), (2, datetime(2024, 5, 1, 12, 30, 15, 250_000)),
                       (3, datetime(1999, 12, 31, 23, 59, 59)), (4, datetime(2038, 1, 19, 3, 14, 8))]:
        assert got[seq] == naive.replace(tzinfo=UTC).timestamp()  # exact: whole seconds stay whole
