"""Reads from a PostgreSQL hot standby (memdb/store/standby.py), against a real streaming standby
made with pg_basebackup: consistent by default (a write or a forget that returned is seen by the
next read through any memory), stale within a bound when asked, on the primary while the standby
lags or is down, and a clear ConfigError for a read URL that is not a standby of the database."""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import httpx
import pytest

from memdb import ConfigError, HashingEmbedder, MemoryDB, StorageError, keys
from memdb.store.pgcluster import LocalCluster, free_port
from server.replicas import Replica
from tests.conftest import private_pg_cluster, turn
from tests.processes import ROOT, worker_env

TURNS = [
    turn("I adopted a dog named Biscuit from the shelter.", id="dog"),
    turn("My sister Lena is a nurse in Toronto.", id="sister"),
    turn("The half marathon went great, 1:52:37!", id="race"),
]
_numbers = itertools.count()


@pytest.fixture(scope="module")
def primary() -> Iterator[LocalCluster]:
    """A cluster of its own, committing synchronously as servers do by default: the test cluster
    commits asynchronously, and a commit's log may then wait 3 × wal_writer_delay (0.6 s) before
    it is sent to the standby, which a consistent read would wait out."""
    with private_pg_cluster() as cluster:
        cluster.sql("ALTER SYSTEM SET synchronous_commit = on")
        cluster.sql("SELECT pg_reload_conf()")
        yield cluster


@pytest.fixture(scope="module")
def standby(primary: LocalCluster) -> Iterator[LocalCluster]:
    follower = primary.make_standby(tempfile.mkdtemp(prefix="memdb-pg-standby-"))
    try:
        yield follower
    finally:
        follower.remove()


@pytest.fixture
def urls(primary: LocalCluster, standby: LocalCluster) -> tuple[str, str]:
    """A fresh database: its URL on the primary, and on the standby."""
    name = f"standby_{next(_numbers)}"
    return primary.create_database(name), standby.url(name)


def open_db(url: str, **options: object) -> MemoryDB:
    return MemoryDB(url=url, embedder=HashingEmbedder(), **options)  # type: ignore[arg-type]


def ids(hits: list) -> list[str]:
    return [h.episode.id for h in hits]


def _back_on_the_standby(memory: MemoryDB, query: str, expected: str) -> None:
    """Searches until one runs on the standby again (it has caught up), each finding ``expected``."""
    deadline = time.monotonic() + 60
    while True:
        with memory.store.reading() as scope:
            assert ids(memory.search(query, user_id="u", k=1)) == [expected]
        if scope.read is not None and scope.read.standby:
            return
        assert time.monotonic() < deadline, "reads never went back to the standby"
        time.sleep(0.2)


def test_what_is_written_through_the_primary_is_found_at_once_on_the_standby(urls: tuple[str, str]) -> None:
    primary_url, standby_url = urls
    with open_db(primary_url) as writer, open_db(primary_url, read_url=standby_url) as reader:
        for n in range(5):
            writer.add([turn(f"The parcel code is zq{n}ka and it came on Monday.", id=f"p{n}")], user_id="u")
            with reader.store.reading() as scope:  # the first search after the add, no retry
                assert ids(reader.search(f"parcel code zq{n}ka", user_id="u", k=1, recipe="semantic")) == [f"p{n}"]
            assert scope.read is not None and scope.read.standby
        reader.add([turn("The reader's own turn about the blue kayak.", id="own")], user_id="u")  # on the primary
        assert ids(reader.search("blue kayak", user_id="u", k=1, recipe="semantic")) == ["own"]
        assert reader.stats(user_id="u")["vectors"] == 6 == reader.stats(user_id="u")["episodes"]
        counts = reader.store.standby.counts  # type: ignore[union-attr]
        assert counts["standby_caught_up"] >= 8 and not any(k.startswith("primary") for k in counts), counts


def test_a_delete_or_forget_that_returned_is_never_served_by_the_standby_afterwards(urls: tuple[str, str]) -> None:
    primary_url, standby_url = urls
    with open_db(primary_url) as writer, open_db(primary_url, read_url=standby_url) as reader:
        writer.add(TURNS, user_id="leaver")
        assert set(ids(reader.search("dog Biscuit shelter", user_id="leaver", k=3))) == {"dog", "sister", "race"}
        writer.delete_episode("dog", user_id="leaver")
        for recipe in ("semantic", "lexical", "default"):
            assert "dog" not in ids(reader.search("dog named Biscuit", user_id="leaver", recipe=recipe))
        assert reader.timeline(user_id="leaver") and "dog" not in {e.id for e in reader.timeline(user_id="leaver")}
        writer.forget(user_id="leaver")
        for recipe in ("semantic", "default"):
            assert reader.search("Lena nurse Toronto", user_id="leaver", recipe=recipe) == []
        assert reader.stats(user_id="leaver") == {"episodes": 0, "entities": 0, "facts": 0, "vectors": 0}
        writer.add(TURNS, user_id="again")
        assert reader.forget(user_id="again") == 3  # a write through the reader: on the primary
        assert writer.search("Lena nurse Toronto", user_id="again") == []
        assert reader.search("Lena nurse Toronto", user_id="again") == []


def test_while_replay_is_paused_a_bounded_read_is_stale_and_says_so_and_a_consistent_one_reads_the_primary(
        urls: tuple[str, str], standby: LocalCluster) -> None:
    primary_url, standby_url = urls
    with open_db(primary_url) as writer:
        writer.add([turn("The boiler was serviced in March.", id="before")], user_id="u")
        with open_db(primary_url, read_url=standby_url, standby_max_lag=60.0) as bounded, \
                open_db(primary_url, read_url=standby_url) as consistent:
            _paused_replay(writer, bounded, consistent, standby)


def _paused_replay(writer: MemoryDB, bounded: MemoryDB, consistent: MemoryDB, standby: LocalCluster) -> None:
    assert ids(bounded.search("boiler serviced", user_id="u", k=1)) == ["before"]  # its open saw it caught up
    standby.sql("SELECT pg_wal_replay_pause()")
    try:
        writer.add([turn("The spare key is under the third flowerpot.", id="after")], user_id="u")
        with bounded.store.reading() as scope:
            stale = ids(bounded.search("spare key third flowerpot", user_id="u", k=2))
        assert "after" not in stale  # the standby does not have it: stale, as allowed, and said
        assert scope.read is not None and scope.read.standby and 0 < scope.read.lag < 60  # type: ignore[operator]
        started = time.monotonic()
        with consistent.store.reading() as scope:
            fresh = ids(consistent.search("spare key third flowerpot", user_id="u", k=1))
        assert fresh == ["after"] and scope.read is not None and not scope.read.standby
        assert time.monotonic() - started >= 0.9  # it waited (1 s) for the standby first
        assert consistent.store.standby.counts["primary_standby_lagging"] == 1  # type: ignore[union-attr]
    finally:
        standby.sql("SELECT pg_wal_replay_resume()")
    _back_on_the_standby(consistent, "spare key third flowerpot", "after")  # and agreeing with the primary


def test_http_responses_say_where_they_read_and_how_stale(urls: tuple[str, str]) -> None:
    primary_url, standby_url = urls
    with open_db(primary_url) as writer:
        token = keys.create_key(writer, "t", "bot")[0]
        writer.add(TURNS, user_id="t:u")
    replica = Replica(["--db-url", primary_url, "--embedder", "hashing"], 0, env=worker_env(),
                      flags=["--read-url", standby_url, "--standby-max-lag", "30"])
    try:
        replica.start().wait_ready()
        auth = {"Authorization": f"Bearer {token}"}
        r = httpx.post(replica.url + "/v1/search", json={"user_id": "u", "query": "Biscuit", "k": 1}, headers=auth)
        assert r.status_code == 200 and r.json()["hits"][0]["episode"]["id"] == "dog"
        assert r.headers["x-memdb-read-from"] == "standby" and 0 <= float(r.headers["x-memdb-standby-lag"]) < 30
        added = httpx.post(replica.url + "/v1/episodes", headers=auth, json={"user_id": "u", "messages": [
            {"role": "user", "content": "A new turn.", "id": "new"}]})
        assert added.status_code == 201  # writes go to the primary; the key was read on the standby
    finally:
        replica.stop()


def test_read_urls_that_are_not_a_standby_of_the_database_are_refused_clearly(
        urls: tuple[str, str], primary: LocalCluster, standby: LocalCluster) -> None:
    primary_url, standby_url = urls
    open_db(primary_url).close()
    other = primary.create_database(f"standby_other_{next(_numbers)}")
    open_db(other).close()
    refused = {
        primary_url: "is not a hot standby (pg_is_in_recovery() is false)",
        standby_url.replace(f":{standby.port}/", f":{free_port()}/"): "cannot reach the standby at",
        standby.url("postgres"): "is not a standby of this database: it has no memdb tables",
        standby.url(other.rsplit("/", 1)[1]): "is a standby of another memdb database",
        "sqlite:///elsewhere.db": "a read URL names a PostgreSQL hot standby",
        "not a url": "not a database URL",
    }
    for read_url, said in refused.items():
        with pytest.raises(ConfigError) as error:
            open_db(primary_url, read_url=read_url)
        assert said in error.value.message, (read_url, error.value.message)
    for options, said in (({"read_url": standby_url, "index_path": "/tmp/x.npz"}, "leave index_path out"),
                          ({"standby_max_lag": 5.0}, "give read_url too"),
                          ({"read_url": standby_url, "standby_max_lag": 0.0}, "positive number of seconds")):
        with pytest.raises(ConfigError) as error:
            open_db(primary_url, **options)
        assert said in error.value.message
    done = subprocess.run([sys.executable, "-m", "memdb", "--db-url", primary_url, "--embedder", "hashing", "stats"],
                          cwd=ROOT, env=worker_env(MEMDB_READ_URL=primary_url), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "is not a hot standby" in done.stderr, done.stderr


def test_reads_go_to_the_primary_while_the_standby_is_down_and_back_to_it_after(
        urls: tuple[str, str], standby: LocalCluster) -> None:
    primary_url, standby_url = urls
    with open_db(primary_url) as writer, open_db(primary_url, read_url=standby_url) as reader:
        reader.store.standby.retry = 0.5  # type: ignore[union-attr]  # (5 s by default)
        writer.add(TURNS, user_id="u")
        assert ids(reader.search("Biscuit", user_id="u", k=1)) == ["dog"]
        standby.stop()
        try:
            writer.add([turn("Written while the standby was down.", id="down")], user_id="u")
            for _ in range(3):
                with reader.store.reading() as scope:
                    assert ids(reader.search("written while the standby was down", user_id="u", k=1)) == ["down"]
                assert scope.read is not None and not scope.read.standby
            assert reader.store.standby.counts["primary_standby_down"] == 3  # type: ignore[union-attr]
        finally:
            standby.start()
        _back_on_the_standby(reader, "written while the standby was down", "down")


def test_while_the_primary_is_down_consistent_reads_fail_clearly_and_bounded_ones_go_on(
        urls: tuple[str, str], primary: LocalCluster) -> None:
    primary_url, standby_url = urls
    with open_db(primary_url) as writer:
        writer.add(TURNS, user_id="u")
    with open_db(primary_url, read_url=standby_url) as consistent, \
            open_db(primary_url, read_url=standby_url, standby_max_lag=60.0) as bounded:
        primary.stop()
        try:
            with pytest.raises(StorageError, match="cannot ask the primary where its log ends"):
                consistent.search("Biscuit", user_id="u")  # it cannot know what the standby misses
            assert ids(bounded.search("Biscuit", user_id="u", k=1)) == ["dog"]  # within its bound: no question
        finally:
            primary.start()


def test_pg_local_with_a_standby_serves_reads_from_it() -> None:
    from tests.test_pg_local import _cluster_folder, running_pg_local

    with _cluster_folder() as folder:
        with running_pg_local(folder, "--replicas", "1", "--port", "0", "--standby") as run:
            assert any(line.startswith("  export MEMDB_READ_URL=") for line in run.said), run.said
            made = subprocess.run(
                [sys.executable, "-m", "memdb", "--db-url", LocalCluster(folder).url("memdb"), "--embedder", "hashing",
                 "keys", "create", "--operator", "--name", "ops"], cwd=ROOT, env=worker_env(), capture_output=True,
                text=True, timeout=120)
            assert made.returncode == 0, made.stderr
            r = httpx.get(run.urls[0] + "/v1/admin/keys", headers={"Authorization": f"Bearer {made.stdout.strip()}"})
            assert r.status_code == 200 and r.headers["x-memdb-read-from"] == "standby", r.text
            assert run.ctrl_c()[0] == 0
        stopped = not LocalCluster(folder).running and not LocalCluster(folder / "standby").running
    assert stopped, "a PostgreSQL server still ran after pg-local exited"
