"""Schema versioning. A new database is created at the latest version; an older one is upgraded
step by step with Alembic operations (dialect-neutral ALTERs, batch mode on SQLite); a newer one
is refused rather than misread."""

from __future__ import annotations

from typing import Callable

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, Connection, String, bindparam, func, insert, inspect, select, update

from memdb.errors import ConfigError
from memdb.store.schema import (
    SCHEMA_VERSION, Base, ChangeRow, EpisodeRow, EpisodeTimeRow, FactRow, FactSourceRow, FollowerRow, MetaRow,
    UTCDateTime,
)
from memdb.timeexpr import find_time_expressions

_BACKFILL_BATCH = 5_000

def _covering_mention_index(ops: Operations) -> None:
    """2: mentions are found by entity through an index that also holds the episode."""
    ops.drop_index("ix_mentions_entity_seq", table_name="mentions")
    ops.create_index("ix_mention_entity_episode", "mentions", ["entity_seq", "episode_seq"])


def _episode_times(ops: Operations) -> None:
    """3: the times each turn refers to, read from every stored turn (~40 µs a turn)."""
    connection = ops.get_bind()
    EpisodeTimeRow.__table__.create(connection)
    rows = connection.execute(select(EpisodeRow.seq, EpisodeRow.content, EpisodeRow.occurred_at).order_by(EpisodeRow.seq))
    while batch := rows.fetchmany(_BACKFILL_BATCH):
        values = [v for seq, content, at in batch
                  for v in EpisodeTimeRow.values(seq, find_time_expressions(content, at, said=True))]
        if values:
            connection.execute(insert(EpisodeTimeRow), values)


def _fact_knowledge_time(ops: Operations) -> None:
    """4: facts carry knowledge time, when the conversation stated them and their end
    (``stated_at``, ``end_stated_at``): the said time of their earliest source turn, and of
    the later of the two facts an ending involved. Read from the stored sources."""
    connection = ops.get_bind()
    with ops.batch_alter_table("facts") as batch:
        batch.add_column(Column("stated_at", UTCDateTime(), nullable=True))
        batch.add_column(Column("end_stated_at", UTCDateTime(), nullable=True))
    earliest = (select(func.min(EpisodeRow.occurred_at)).join(FactSourceRow, FactSourceRow.episode_seq == EpisodeRow.seq)
                .where(FactSourceRow.fact_seq == FactRow.seq).scalar_subquery())
    connection.execute(update(FactRow).values(stated_at=func.coalesce(earliest, FactRow.recorded_at)))
    stated = dict(connection.execute(select(FactRow.seq, FactRow.stated_at)).all())
    ended = connection.execute(select(FactRow.seq, FactRow.invalidated_by).where(FactRow.invalidated_by.is_not(None))).all()
    values = [{"target": seq, "at": max(stated[seq], stated.get(by, stated[seq]))} for seq, by in ended]
    if values:
        connection.execute(update(FactRow).where(FactRow.seq == bindparam("target")).values(end_stated_at=bindparam("at")),
                           values)
    with ops.batch_alter_table("facts") as batch:
        batch.alter_column("stated_at", existing_type=UTCDateTime(), nullable=False)


def _change_log(ops: Operations) -> None:
    """5: the change log vector indexes follow, and its followers. An index saved before it
    (format 2) reads as corrupt and is rebuilt from the episodes once; the deletion generation
    it replaces is dropped. Mentions keep the names they were resolved by."""
    connection = ops.get_bind()
    ops.add_column("mentions", Column("names", String(256)))
    ChangeRow.__table__.create(connection)
    FollowerRow.__table__.create(connection)
    connection.execute(MetaRow.__table__.delete().where(MetaRow.key == "generation"))


#: version → step that upgrades a database from ``version - 1`` to ``version``.
#: Add one entry (and bump SCHEMA_VERSION) with every change to ``schema.py``.
MIGRATIONS: dict[int, Callable[[Operations], None]] = {
    2: _covering_mention_index, 3: _episode_times, 4: _fact_knowledge_time, 5: _change_log,
}


def read_version(connection: Connection) -> int | None:
    if not inspect(connection).has_table(MetaRow.__tablename__):
        return None
    value = connection.execute(select(MetaRow.value).where(MetaRow.key == "schema_version")).scalar()
    return None if value is None else int(value)


def write_meta(connection: Connection, key: str, value: str) -> None:
    table = MetaRow.__table__
    updated = connection.execute(table.update().where(table.c.key == key).values(value=value))
    if updated.rowcount == 0:
        connection.execute(table.insert().values(key=key, value=value))


def upgrade(connection: Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to ``target``; returns the version the database was at (0 when new)."""
    found = read_version(connection)
    if found is None:
        if inspect(connection).get_table_names():
            raise ConfigError("this database has tables but no memdb schema version; refusing to use it")
        Base.metadata.create_all(connection)
        write_meta(connection, "schema_version", str(target))
        return 0
    if found > target:
        raise ConfigError(
            f"database schema version {found} is newer than this memdb ({target}); upgrade memdb"
        )
    operations = Operations(MigrationContext.configure(connection))
    for version in range(found + 1, target + 1):
        step = MIGRATIONS.get(version)
        if step is None:
            raise ConfigError(f"no migration to schema version {version}")
        step(operations)
        write_meta(connection, "schema_version", str(version))
    return found
