"""The change log's compaction never deletes what a live follower needs; a follower left behind
its horizon (idle past the lease) rebuilds and is right; a killed process stops holding it back."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select, update

from memdb import Settings
from memdb.store.schema import ChangeRow, FollowerRow
from tests.processes import Driver
from tests.workers import DenseHashEmbedder, open_db, turns

SAVE_OFTEN = Settings(index_checkpoint_every=10)


def log_rows(db) -> tuple[int, int]:  # noqa: ANN001 - a MemoryDB
    """(rows in the log, its horizon)."""
    with db.store.session() as s:
        rows = int(s.execute(select(func.count()).select_from(ChangeRow)).scalar() or 0)
        return rows, db.store.changes.position(s.connection()).horizon


def test_compaction_keeps_what_an_idle_follower_needs(tmp_path: Path, caplog) -> None:
    from memdb import MemoryDB

    with MemoryDB(tmp_path, embedder=DenseHashEmbedder(), settings=SAVE_OFTEN) as writer, \
            MemoryDB(tmp_path, embedder=DenseHashEmbedder()) as idle:
        writer.add(turns("a", 0, 5), user_id="u")
        assert idle.stats()["vectors"] == 5
        for b in range(1, 20):
            writer.add(turns("a", b, 5), user_id="u")
        with writer.store.session() as s:  # where idle last said it was (at most a minute behind)
            said = writer.store.changes.followed(s.connection(), idle._follower.name)
        rows, horizon = log_rows(writer)
        assert said is not None and horizon == said and rows == 100 - said  # not compacted past it
        with caplog.at_level(logging.WARNING, logger="memdb"):
            assert idle.search("wax19x4", user_id="u", k=1, recipe="lexical")[0].episode.id == "a-19-4"
            assert idle.stats()["vectors"] == 100
        assert "rebuilding" not in caplog.text  # it replayed the 95 changes it needed


def test_a_follower_idle_past_its_lease_rebuilds_and_is_right(tmp_path: Path, caplog) -> None:
    from memdb import MemoryDB

    with MemoryDB(tmp_path, embedder=DenseHashEmbedder(), settings=SAVE_OFTEN) as writer, \
            MemoryDB(tmp_path, embedder=DenseHashEmbedder()) as idle:
        writer.add(turns("a", 0, 5), user_id="u")
        idle.stats()
        with writer.store.session(write=True) as s:  # idle's lease ran out a day ago
            s.execute(update(FollowerRow).where(FollowerRow.name == idle._follower.name)
                      .values(seen_at=datetime.now(timezone.utc) - timedelta(hours=25)))
        for b in range(1, 20):
            writer.add(turns("a", b, 5), user_id="u")
        writer.delete_episode("a-3-3", user_id="u")
        assert log_rows(writer)[1] > 5  # compacted past idle
        with caplog.at_level(logging.WARNING, logger="memdb"):
            assert idle.stats()["vectors"] == 99
        assert "behind the change log's horizon" in caplog.text
        assert idle.search("wax3x3", user_id="u", k=1, recipe="semantic")[0].episode.id != "a-3-3"


def test_a_killed_process_stops_holding_the_log_back(tmp_path: Path) -> None:
    with Driver(tmp_path) as other:
        other("stats")
        name = f"process {__import__('memdb.follower', fromlist=['_HOST'])._HOST} {other.process.pid}"
        other.kill()  # it never unregisters
    with open_db(tmp_path) as db:
        with db.store.session() as s:
            assert any(n.startswith(name) for n in s.execute(select(FollowerRow.name)).scalars())
    from memdb import MemoryDB

    with MemoryDB(tmp_path, embedder=DenseHashEmbedder(), settings=SAVE_OFTEN) as writer:
        for b in range(5):
            writer.add(turns("a", b, 5), user_id="u")
        with writer.store.session() as s:
            names = list(s.execute(select(FollowerRow.name)).scalars())
        assert not any(n.startswith(name) for n in names)
        rows, horizon = log_rows(writer)
        assert horizon >= 20 and rows <= 5


def test_replicas_on_a_database_server_compact_the_log_without_an_index_file(pg_databases) -> None:  # noqa: ANN001
    """On PostgreSQL no process saves an index file (each rebuilds from SQL when it starts), yet
    the log is compacted at each checkpoint up to the slowest replica, and an erased user's key
    leaves it."""
    from memdb import MemoryDB

    url = pg_databases()
    with MemoryDB(url=url, embedder=DenseHashEmbedder(), settings=SAVE_OFTEN) as writer, \
            MemoryDB(url=url, embedder=DenseHashEmbedder()) as reader:
        writer.add(turns("f", 0, 5), user_id="gone")
        assert reader.stats()["vectors"] == 5
        for b in range(20):
            writer.add(turns("a", b, 5), user_id="u")
        rows, horizon = log_rows(writer)
        with writer.store.session() as s:  # where the reader last said it was
            said = writer.store.changes.followed(s.connection(), reader._follower.name)
        assert said is not None and horizon == said and rows == 105 - said  # not past the reader
        writer.forget(user_id="gone")
        assert reader.search("wfx1x1", user_id="gone", k=1) == []
        reader._follower._heartbeat(wait=True)  # the reader says where it is (else once a minute)
        for b in range(20, 22):
            writer.add(turns("a", b, 5), user_id="u")
        # Compacted up to the reader (106, the drop): the ten adds after it stay until it reads them.
        assert log_rows(writer) == (10, 106)
    with MemoryDB(url=url, embedder=DenseHashEmbedder()) as fresh:
        assert fresh.stats()["vectors"] == fresh.stats()["episodes"] == 110
