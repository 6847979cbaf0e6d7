"""SQL is the source of truth: a lost, damaged or stale vector index is caught up or rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Text, create_engine, inspect, text

from memdb import HashingEmbedder, MemoryDB, Settings
from memdb.db import INDEX_FILE
from tests.conftest import turn

TURNS = [
    turn("I adopted a dog named Biscuit from the shelter.", id="dog"),
    turn("My sister Lena is a nurse in Toronto.", id="sister"),
    turn("The half marathon went great, 1:52:37!", id="race"),
]


def fill(path: Path) -> None:
    with MemoryDB(path, embedder=HashingEmbedder()) as memory:
        memory.add(TURNS, user_id="u")


def as_version_4(c) -> None:  # noqa: ANN001 - a Connection
    """Turn a fresh store's schema-5 parts back into schema 4's: no change log."""
    c.execute(text("DROP TABLE changes"))
    c.execute(text("DROP TABLE change_followers"))
    c.execute(text("ALTER TABLE mentions DROP COLUMN names"))
    c.execute(text("DELETE FROM memdb_meta WHERE key IN ('store_id', 'change_key', 'change_horizon')"))


def as_version_3(c) -> None:  # noqa: ANN001 - a connection
    """Turn a fresh store's tables back into schema 3's: facts without knowledge time either."""
    as_version_4(c)
    c.execute(text("ALTER TABLE facts DROP COLUMN stated_at"))
    c.execute(text("ALTER TABLE facts DROP COLUMN end_stated_at"))


def top(memory: MemoryDB, query: str) -> str:
    return memory.search(query, user_id="u", k=1, recipe="semantic")[0].episode.id


@pytest.mark.parametrize("damage", ["delete", "truncate", "garbage", "empty"])
def test_reopen_after_index_damage_rebuilds_from_sql(tmp_path: Path, damage: str) -> None:
    fill(tmp_path)
    index_file = tmp_path / INDEX_FILE
    assert index_file.exists()
    if damage == "delete":
        index_file.unlink()
    elif damage == "truncate":
        index_file.write_bytes(index_file.read_bytes()[: index_file.stat().st_size // 2])
    elif damage == "garbage":
        index_file.write_bytes(b"\x00" * 64)
    else:
        index_file.write_bytes(b"")
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        assert memory.stats()["vectors"] == 3
        assert top(memory, "dog named Biscuit shelter") == "dog"
        assert top(memory, "sister Lena nurse Toronto") == "sister"


def test_index_behind_sql_catches_up(tmp_path: Path) -> None:
    # A crash after SQL committed but before the index was written: the file is behind.
    settings = Settings(index_checkpoint_every=1_000_000)
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), settings=settings) as memory:
        memory.add(TURNS[:1], user_id="u")
    memory = MemoryDB(tmp_path, embedder=HashingEmbedder(), settings=settings)
    memory.add(TURNS[1:], user_id="u")
    memory.store.close()  # "crash": no close(), so no checkpoint of the last batch
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as reopened:
        assert reopened.stats()["vectors"] == 3
        assert top(reopened, "half marathon 1:52:37") == "race"


def test_index_from_before_a_delete_is_rebuilt(tmp_path: Path) -> None:
    fill(tmp_path)
    stale = (tmp_path / INDEX_FILE).read_bytes()
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        memory.delete_episode("dog", user_id="u")
    (tmp_path / INDEX_FILE).write_bytes(stale)  # the checkpoint after the delete was lost
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        assert memory.stats()["vectors"] == 2
        assert "dog" not in {h.episode.id for h in memory.search("dog Biscuit", user_id="u", recipe="semantic")}


def test_opening_with_another_model_is_refused(tmp_path: Path) -> None:
    from memdb import ConfigError

    fill(tmp_path)
    with pytest.raises(ConfigError, match="embedded with"):
        MemoryDB(tmp_path, embedder=HashingEmbedder(dimension=32))


def test_newer_schema_is_refused_and_older_is_migrated(tmp_path: Path, monkeypatch) -> None:
    from memdb import ConfigError
    from memdb.store import migrations
    from memdb.store.schema import SCHEMA_VERSION

    fill(tmp_path)
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        with memory.store.engine.begin() as c:
            c.execute(text("UPDATE memdb_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION + 1)})
    with pytest.raises(ConfigError, match="newer"):
        MemoryDB(tmp_path, embedder=HashingEmbedder())

    # Pretend a next version adds a column: an existing database is upgraded in place.
    applied = []

    def step(ops) -> None:
        ops.add_column("episodes", Column("extra", Text))
        applied.append(True)

    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION + 1, step)
    engine = create_engine(f"sqlite:///{tmp_path}/memdb.sqlite3")
    with engine.begin() as c:
        c.execute(text("UPDATE memdb_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION)})
        assert migrations.upgrade(c, target=SCHEMA_VERSION + 1) == SCHEMA_VERSION
        assert migrations.read_version(c) == SCHEMA_VERSION + 1
    assert applied == [True]
    assert "extra" in {col["name"] for col in inspect(engine).get_columns("episodes")}


def test_version_1_database_gets_the_covering_mention_index(tmp_path: Path) -> None:
    """A store written by schema 1 (mentions indexed by entity alone) opens, upgrades and
    answers as before."""
    fill(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path}/memdb.sqlite3")
    with engine.begin() as c:  # turn the fresh store back into a version-1 one
        c.execute(text("DROP INDEX ix_mention_entity_episode"))
        c.execute(text("CREATE INDEX ix_mentions_entity_seq ON mentions (entity_seq)"))
        c.execute(text("DROP TABLE episode_times"))  # schema 3
        as_version_3(c)
        c.execute(text("UPDATE memdb_meta SET value = '1' WHERE key = 'schema_version'"))
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        names = {i["name"] for i in inspect(memory.store.engine).get_indexes("mentions")}
        assert "ix_mention_entity_episode" in names and "ix_mentions_entity_seq" not in names
        with memory.store.engine.connect() as c:
            from memdb.store import migrations

            assert migrations.read_version(c) == migrations.SCHEMA_VERSION
        assert memory.search("Lena the nurse", user_id="u", k=1, recipe="lexical")[0].episode.id == "sister"


def test_version_2_database_learns_the_times_its_turns_name(tmp_path: Path) -> None:
    """Schema 3 stores the times a turn refers to; a version-2 store gets them from its turns'
    text as it is upgraded, resolved against when each turn was said."""
    from datetime import datetime, timezone

    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        memory.add([turn("I adopted a dog yesterday.", id="dog", ts="2024-03-13T10:00:00"),
                    turn("Nothing new here.", id="none")], user_id="u")
    engine = create_engine(f"sqlite:///{tmp_path}/memdb.sqlite3")
    with engine.begin() as c:
        stored = c.execute(text("SELECT episode_seq, position, text, starts_at, ends_at FROM episode_times")).all()
        c.execute(text("DROP TABLE episode_times"))
        as_version_3(c)
        c.execute(text("UPDATE memdb_meta SET value = '2' WHERE key = 'schema_version'"))
    engine.dispose()
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        with memory.store.engine.connect() as c:
            rows = c.execute(text("SELECT episode_seq, position, text, starts_at, ends_at FROM episode_times")).all()
        from memdb.store.schema import EpisodeTimeRow
        from sqlalchemy import select

        with memory.store.session() as s:
            (start,) = s.execute(select(EpisodeTimeRow.starts_at)).scalars()
    assert rows == stored and len(rows) == 1 and rows[0][2] == "yesterday"
    assert start == datetime(2024, 3, 12, tzinfo=timezone.utc)


def test_version_3_database_learns_when_its_facts_were_stated(tmp_path: Path) -> None:
    """Schema 4 gives facts knowledge time: a version-3 store gets ``stated_at`` from its facts'
    earliest source turn and ``end_stated_at`` from the later of the ending pair, so as-of reads
    answer as they would have on a store written by schema 4."""
    messages = [turn("I live in Paris.", id="paris", ts="2023-01-10T10:00:00"),
                turn("I moved to Berlin.", id="berlin", ts="2023-06-01T10:00:00"),
                turn("Still loving Berlin, I live in Berlin now.", id="again", ts="2023-02-01T10:00:00")]
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        for m in messages:  # one batch each: the restatement said earlier arrives last
            memory.add([m], user_id="u")
        written = sorted((f.object, f.stated_at, f.end_stated_at) for f in memory.facts(user_id="u", label="lives_in"))
        as_of = [f.object for f in memory.facts(user_id="u", label="lives_in", as_of="2023-03-01")]
    engine = create_engine(f"sqlite:///{tmp_path}/memdb.sqlite3")
    with engine.begin() as c:
        as_version_3(c)
        c.execute(text("UPDATE memdb_meta SET value = '3' WHERE key = 'schema_version'"))
    engine.dispose()
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        upgraded = sorted((f.object, f.stated_at, f.end_stated_at) for f in memory.facts(user_id="u", label="lives_in"))
        assert upgraded == written
        assert [f.object for f in memory.facts(user_id="u", label="lives_in", as_of="2023-03-01")] == as_of


def test_version_4_store_gets_the_change_log_and_rebuilds_its_index_once(tmp_path: Path) -> None:
    """Schema 5 adds the change log: a version-4 store (whose index file names no change) opens,
    rebuilds its index from the episodes once, and then follows the log."""
    from memdb.store.schema import SCHEMA_VERSION

    fill(tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path}/memdb.sqlite3")
    with engine.begin() as c:
        as_version_4(c)
        c.execute(text("UPDATE memdb_meta SET value = '4' WHERE key = 'schema_version'"))
    engine.dispose()
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        assert memory.stats()["vectors"] == 3 and top(memory, "dog named Biscuit shelter") == "dog"
        with memory.store.engine.connect() as c:
            version = c.execute(text("SELECT value FROM memdb_meta WHERE key = 'schema_version'")).scalar()
            names = c.execute(text("SELECT count(*) FROM mentions WHERE names IS NULL")).scalar()
        assert int(version) == SCHEMA_VERSION and names > 0  # mentions from before keep no name
        memory.delete_episode("sister", user_id="u")  # an entity's old aliases are left as they were
        memory.add([turn("Lena called.", id="call")], user_id="u")
        assert memory.stats()["vectors"] == 3
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as memory:
        assert memory.stats()["vectors"] == 3 and memory._follower.position == 2  # a remove and an add
