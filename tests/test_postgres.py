"""What only PostgreSQL brings: several MemoryDBs (processes, later replicas) on one database, a
server that goes away and comes back, migrations on its dialect, the command line's URL.
The behaviour both backends share is tested on both by the contract and route suites."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import inspect, text

from memdb import HashingEmbedder, MemoryDB, StorageError
from memdb.store import migrations
from memdb.store.pgcluster import LocalCluster
from tests.conftest import TEST_LIMITS, turn
from tests.processes import Serve, free_port
from tests.test_recovery import as_version_3

TURNS = [
    turn("I adopted a dog named Biscuit from the shelter.", id="dog", ts="2024-01-01T10:00:00"),
    turn("My sister Lena is a nurse in Toronto.", id="sister", ts="2024-02-01T10:00:00"),
    turn("The half marathon went great, 1:52:37!", id="race", ts="2024-03-01T10:00:00"),
]


@pytest.fixture
def pg_url(pg_databases: Callable[[], str]) -> str:
    return pg_databases()


def open_db(url: str) -> MemoryDB:
    return MemoryDB(url=url, embedder=HashingEmbedder())


def test_two_memories_on_one_database_see_each_others_writes_and_erasures(pg_url: str) -> None:
    """Each MemoryDB keeps its vector index in memory, following the change log: what one adds the
    other finds at its next read; what one forgets the other no longer returns."""
    with open_db(pg_url) as a, open_db(pg_url) as b:
        assert a.index_path is None and b.index_path is None  # nothing of a store's lives in a process's folder
        a.add(TURNS, user_id="u")
        assert [h.episode.id for h in b.search("dog Biscuit shelter", user_id="u", k=1)] == ["dog"]
        assert b.stats(user_id="u")["vectors"] == 3
        b.delete_episode("dog", user_id="u")
        assert "dog" not in {h.episode.id for h in a.search("dog Biscuit shelter", user_id="u", k=3)}
        a.forget(user_id="u")
        assert b.search("Lena nurse Toronto", user_id="u") == [] and b.stats()["vectors"] == 0
    with open_db(pg_url) as again:  # a new process rebuilds its index from SQL
        again.add(TURNS[:1], user_id="v")
        assert again.stats() == {"episodes": 1, "entities": again.stats()["entities"], "facts": again.stats()["facts"],
                                 "vectors": 1, "users": 1}


def test_writers_in_two_memories_queue_on_the_advisory_lock(pg_url: str) -> None:
    """Two MemoryDBs adding to one user at once: every turn lands once, the entity counters add up."""
    import threading

    with open_db(pg_url) as a, open_db(pg_url) as b:
        def write(memory: MemoryDB, side: str) -> None:
            for i in range(10):
                memory.add([turn(f"Lena visited Toronto again, trip {side}{i}.", id=f"{side}{i}")], user_id="u")

        threads = [threading.Thread(target=write, args=(m, side)) for m, side in ((a, "a"), (b, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(a.timeline(user_id="u", limit=100)) == 20 == b.stats(user_id="u")["vectors"]
        assert a.entity("Toronto", user_id="u").mention_count == 20


def test_requests_get_503_while_postgresql_is_down_and_succeed_after(pg_cluster: LocalCluster, pg_url: str) -> None:
    from fastapi.testclient import TestClient

    from memdb import keys
    from server import ServerSettings, create_app

    with open_db(pg_url) as memory:
        token = keys.create_key(memory, "t", "bot")[0]
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(create_app(memory, ServerSettings(**TEST_LIMITS))) as client:
            added = client.post("/v1/episodes", headers=headers, json={"user_id": "u", "messages": TURNS[:2]})
            assert added.status_code == 201, added.text
            pg_cluster.stop()
            try:
                for method, path, body in (("POST", "/v1/search", {"user_id": "u", "query": "dog"}),
                                           ("POST", "/v1/episodes", {"user_id": "u", "messages": TURNS[2:]}),
                                           ("GET", "/v1/episodes?user_id=u", None)):
                    r = client.request(method, path, headers=headers, json=body)
                    assert r.status_code == 503 and r.json()["error"]["code"] == "storage_error", r.text
                    assert r.headers["Retry-After"] == "2"
                assert client.get("/readyz").status_code == 503
            finally:
                pg_cluster.start()
            assert client.get("/readyz").status_code == 200
            r = client.post("/v1/search", headers=headers, json={"user_id": "u", "query": "dog Biscuit", "k": 1})
            assert r.status_code == 200 and r.json()["hits"][0]["episode"]["id"] == "dog"
            again = client.post("/v1/episodes", headers=headers, json={"user_id": "u", "messages": TURNS[2:]})
            assert again.status_code == 201, again.text
            listed = client.get("/v1/episodes", headers=headers, params={"user_id": "u"}).json()["episodes"]
            assert [e["id"] for e in listed] == ["dog", "sister", "race"]  # nothing lost, nothing half written
    with pytest.raises(StorageError):
        open_db(pg_url.replace(f":{pg_cluster.port}/", f":{free_port()}/"))  # no server there at all


def test_a_version_1_database_is_upgraded_on_postgresql(pg_url: str) -> None:
    """The migrations' one history runs on PostgreSQL too: a store turned back into schema 1 opens
    at the current schema, its turns' times and facts' knowledge time filled in as they were."""
    with open_db(pg_url) as memory:
        memory.add(TURNS, user_id="u", metadata={"source": "chat"})
        facts = sorted((f.object, f.stated_at) for f in memory.facts(user_id="u"))
        engine = memory.store.engine
        with engine.begin() as c:
            times = c.execute(text("SELECT episode_seq, position, text FROM episode_times ORDER BY 1, 2")).all()
            c.execute(text("DROP INDEX ix_mention_entity_episode"))
            c.execute(text("CREATE INDEX ix_mentions_entity_seq ON mentions (entity_seq)"))
            c.execute(text("DROP TABLE episode_times"))
            as_version_3(c)
            c.execute(text("UPDATE memdb_meta SET value = '1' WHERE key = 'schema_version'"))
    with open_db(pg_url) as memory:
        with memory.store.engine.connect() as c:
            assert migrations.read_version(c) == migrations.SCHEMA_VERSION
            assert c.execute(text("SELECT episode_seq, position, text FROM episode_times ORDER BY 1, 2")).all() == times
        names = {i["name"] for i in inspect(memory.store.engine).get_indexes("mentions")}
        assert "ix_mention_entity_episode" in names and "ix_mentions_entity_seq" not in names
        assert sorted((f.object, f.stated_at) for f in memory.facts(user_id="u")) == facts
        assert [e.id for e in memory.timeline(user_id="u", filter={"source": "chat"})] == ["dog", "sister", "race"]
        assert memory.search("Lena the nurse", user_id="u", k=1, recipe="lexical")[0].episode.id == "sister"


def test_the_command_line_serves_a_postgresql_database(pg_url: str) -> None:
    created = subprocess.run([sys.executable, "-m", "memdb", "--embedder", "hashing", "keys", "create", "--name", "bot",
                              "--tenant", "t"], env={**os.environ, "MEMDB_DB_URL": pg_url}, capture_output=True,
                             text=True)
    assert created.returncode == 0, created.stderr
    headers = {"Authorization": f"Bearer {created.stdout.strip()}"}
    with Serve(None, db_url=pg_url) as server:
        base = server.url
        assert httpx.post(base + "/v1/episodes", headers=headers, json={"user_id": "u", "messages": TURNS}).status_code \
            == 201
        found = httpx.post(base + "/v1/search", headers=headers, json={"user_id": "u", "query": "dog Biscuit", "k": 1})
        assert found.json()["hits"][0]["episode"]["id"] == "dog"
        with open_db(pg_url) as memory:  # the same database from this process: the server's turns are there
            assert [e.id for e in memory.timeline(user_id="t:u")] == ["dog", "sister", "race"]
        assert server.stop() == 0  # SIGTERM: a clean stop


def test_memories_without_an_index_file_compact_the_change_log(pg_url: str) -> None:
    """A MemoryDB on PostgreSQL saves no index file, whose saves compact the log on SQLite: its
    heartbeat does, so the log holds only what a live follower still needs."""
    with open_db(pg_url) as first:
        first.add(TURNS, user_id="u")
        first.delete_episode("race", user_id="u")
    with open_db(pg_url) as second:  # the first unregistered on close: nothing holds the log back
        with second.store.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM changes")).scalar() == 0
            assert c.execute(text("SELECT value FROM memdb_meta WHERE key = 'change_horizon'")).scalar() == "4"
        second.add(TURNS[2:], user_id="u")
        assert [h.episode.id for h in second.search("half marathon", user_id="u", k=1)] == ["race"]


def test_a_writer_that_may_not_wait_fails_at_once_and_one_that_may_waits_its_turn(pg_url: str) -> None:
    import threading

    with open_db(pg_url) as memory:
        order: list[str] = []
        with memory.store.session(write=True) as first:
            first.execute(text("SELECT 1"))  # its first statement takes the advisory lock
            with pytest.raises(StorageError, match="another process is writing"):
                with memory.store.session(write=True, wait=False) as hasty:
                    hasty.execute(text("SELECT 1"))

            def patient() -> None:
                with memory.store.session(write=True) as second:
                    second.execute(text("SELECT 1"))
                    order.append("second writer")

            waiting = threading.Thread(target=patient)
            waiting.start()
            waiting.join(0.5)
            order.append("first writer commits")
        waiting.join(10)
        assert order == ["first writer commits", "second writer"]


def test_forget_leaves_no_row_that_names_the_user_or_holds_their_words(pg_url: str) -> None:
    """Every table read back as text after forget: neither the user's id nor a word only they used
    (the full-text statistics drop a term with its last turn; the scope token goes with the user)."""
    from memdb.store.fulltext import _scope_token

    with open_db(pg_url) as memory:
        memory.add([turn("My zorblax collection grew to nine.", id="z")], user_id="secret-user-7")
        memory.add(TURNS, user_id="other")
        memory.forget(user_id="secret-user-7")
        with memory.store.engine.connect() as c:
            tables = c.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
            dump = "\n".join(str(row) for t in tables for row in c.execute(text(f'SELECT * FROM "{t}"')))
    assert "episodes_fts_terms" in tables and "Biscuit" in dump  # the other user's rows are all there
    for trace in ("secret-user-7", "zorblax", _scope_token("secret-user-7")):
        assert trace not in dump


def test_after_many_turns_a_memory_refreshes_postgresql_statistics_itself(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right after a bulk import PostgreSQL plans lookups without table statistics (autovacuum
    refreshes them later): past a threshold of turns added, the writer runs ANALYZE on memdb's
    tables, once per threshold."""
    from memdb import store

    monkeypatch.setattr(store, "ANALYZE_AFTER", 30)
    analyzed = text("SELECT relname, analyze_count + autoanalyze_count FROM pg_stat_user_tables "
                    "WHERE relname IN ('episodes', 'episodes_fts', 'facts')")
    with open_db(pg_url) as db:
        db.add([turn(f"Day {i}: I walked to the lake.", id=f"a{i}") for i in range(20)], user_id="u")
        with db.store.engine.connect() as c:
            assert not any(count for _, count in c.execute(analyzed)), "refreshed before the threshold"
        db.add([turn(f"Day {i}: I swam in the lake.", id=f"b{i}") for i in range(20)], user_id="u")
        with db.store.engine.connect() as c:
            counts = dict(c.execute(analyzed).all())
        assert set(counts) == {"episodes", "episodes_fts", "facts"} and all(counts.values()), counts
