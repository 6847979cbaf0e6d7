"""Two real ``memdb serve`` processes on one database are interchangeable: what is written,
deleted or forgotten through one holds on the other at once, keys made or revoked through one
hold on the other, and a replica killed with SIGKILL leaves the other serving and catches up
when it comes back. Over a data folder (SQLite) and a PostgreSQL server."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from memdb.store.pgcluster import LocalCluster
from server.replicas import ReplicaSet
from tests.conftest import private_pg_cluster
from tests.processes import ROOT, worker_env


@dataclass
class Cluster:
    replicas: ReplicaSet
    operator: str  # an operator key, made on the database from the command line
    token: str  # a tenant key of tenant "t", made through replica 0
    key_id: int
    clients: list[httpx.Client] = field(default_factory=list)

    def __getitem__(self, i: int) -> httpx.Client:
        return self.clients[i]


def _memdb(target: list[str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "memdb", *target, *args], cwd=ROOT, env=worker_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """The root options of ``memdb`` that name the shared database (hashing embedder: plumbing)."""
    if request.param == "sqlite":
        yield ["--data", str(tmp_path_factory.mktemp("replicas") / "data"), "--embedder", "hashing"]
        return
    cluster: LocalCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database("replicas")
    try:
        yield ["--db-url", url, "--embedder", "hashing"]
    finally:
        cluster.drop_database("replicas")


@pytest.fixture(scope="module")
def cluster(target: list[str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    operator = _memdb(target, "keys", "create", "--operator", "--name", "ops")
    logs = tmp_path_factory.mktemp("replica-logs")
    with ReplicaSet(target, [0, 0], env=worker_env(), logs=logs) as replicas:
        made = httpx.post(replicas[0].url + "/v1/admin/keys", json={"tenant": "t", "name": "bot"},
                          headers=_auth(operator), timeout=30)
        assert made.status_code == 201, made.text
        cluster = Cluster(replicas, operator, made.json()["token"], made.json()["key"]["id"])
        cluster.clients = [httpx.Client(base_url=r.url, headers=_auth(cluster.token), timeout=60) for r in replicas]
        try:
            yield cluster
        finally:
            for client in cluster.clients:
                client.close()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _add(client: httpx.Client, user: str, *texts: str, ids: tuple[str, ...] = ()) -> list[str]:
    messages = [{"role": "user", "name": "Ann", "content": t, **({"id": ids[i]} if ids else {})}
                for i, t in enumerate(texts)]
    r = client.post("/v1/episodes", json={"user_id": user, "session_id": "s", "messages": messages})
    assert r.status_code == 201, r.text
    return [e["id"] for e in r.json()["episodes"]]


def _found(client: httpx.Client, user: str, query: str, recipe: str = "semantic", k: int = 5) -> list[str]:
    """Ids of the hits; ``semantic`` ranks by the vector index alone, so a hit proves the index has it."""
    r = client.post("/v1/search", json={"user_id": user, "query": query, "k": k, "recipe": recipe})
    assert r.status_code == 200, r.text
    return [h["episode"]["id"] for h in r.json()["hits"]]


def test_a_turn_added_through_one_replica_is_found_through_the_other_at_once(cluster: Cluster) -> None:
    for n in range(5):
        [added] = _add(cluster[n % 2], "writer", f"The parcel code is zq{n}ka and it came on Monday.")
        written = time.monotonic()
        other = cluster[(n + 1) % 2]
        assert _found(other, "writer", f"parcel code zq{n}ka", k=1) == [added]  # the first search, no retry
        assert _found(other, "writer", f"parcel code zq{n}ka", recipe="default", k=1) == [added]
        assert time.monotonic() - written < 1.0
    assert cluster[0].get("/v1/stats", params={"user_id": "writer"}).json()["vectors"] == 5
    assert cluster[1].get("/v1/stats", params={"user_id": "writer"}).json()["vectors"] == 5


def test_a_delete_or_forget_through_one_replica_holds_on_the_other_when_it_returns(cluster: Cluster) -> None:
    a, b = cluster[0], cluster[1]
    ids = _add(a, "leaver", "My locker number is 4471.", "The blue umbrella is in the car.",
               "Dinner with Lou on Friday.", ids=("e1", "e2", "e3"))
    assert set(_found(b, "leaver", "locker number 4471", k=3)) == set(ids)  # b's index holds all three
    r = a.delete("/v1/episodes/e1", params={"user_id": "leaver"})
    assert r.status_code == 204, r.text
    # Straight after a's answer: b's first search misses e1 — by vector, by words, by default.
    for recipe in ("semantic", "lexical", "default"):
        assert "e1" not in _found(b, "leaver", "My locker number is 4471.", recipe=recipe)
    assert b.get("/v1/episodes/e1", params={"user_id": "leaver"}).status_code == 404
    assert b.get("/v1/stats", params={"user_id": "leaver"}).json()["vectors"] == 2
    r = b.delete("/v1/users/leaver")  # and the other way round, a whole user
    assert r.status_code == 200, r.text
    for recipe in ("semantic", "default"):
        assert _found(a, "leaver", "The blue umbrella is in the car.", recipe=recipe) == []
    stats = a.get("/v1/stats", params={"user_id": "leaver"}).json()
    assert (stats["episodes"], stats["entities"], stats["facts"], stats["vectors"]) == (0, 0, 0, 0)


def test_searches_on_one_replica_while_the_other_deletes_never_fail_nor_return_what_is_gone(cluster: Cluster) -> None:
    """A delete may commit in the middle of a search on the other replica: the search reads its
    candidates' rows at one snapshot, so it answers with or without the turn, never a 500."""
    ids = [f"c{i}" for i in range(40)]
    _add(cluster[0], "churn", *(f"Churn note {i} about the garden shed and the red bicycle." for i in range(40)),
         ids=tuple(ids))
    deleted: list[str] = []  # in the order their deletes returned
    statuses: list[int] = []
    stale: list[str] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            gone_before = set(deleted)  # deletes that had returned before this search began
            r = cluster[1].post("/v1/search", json={"user_id": "churn", "query": "garden shed red bicycle", "k": 10})
            statuses.append(r.status_code)
            if r.status_code == 200:
                stale.extend(h["episode"]["id"] for h in r.json()["hits"] if h["episode"]["id"] in gone_before)

    reader = threading.Thread(target=search)
    reader.start()
    try:
        for i in ids[:30]:
            assert cluster[0].delete(f"/v1/episodes/{i}", params={"user_id": "churn"}).status_code == 204
            deleted.append(i)
    finally:
        done.set()
        reader.join(30)
    assert statuses and set(statuses) == {200}, statuses
    assert stale == []
    assert sorted(_found(cluster[1], "churn", "garden shed red bicycle", k=20)) == sorted(ids[30:])


def test_keys_made_or_revoked_through_one_replica_hold_on_the_other(cluster: Cluster) -> None:
    a, b = cluster.replicas[0].url, cluster.replicas[1].url
    made = httpx.post(b + "/v1/admin/keys", json={"tenant": "t", "name": "second bot"}, headers=_auth(cluster.operator))
    assert made.status_code == 201, made.text
    token, key_id = made.json()["token"], made.json()["key"]["id"]
    assert httpx.get(a + "/v1/users", headers=_auth(token)).status_code == 200  # made on b, works on a
    revoked = httpx.delete(f"{a}/v1/admin/keys/{key_id}", headers=_auth(cluster.operator))
    assert revoked.status_code == 200, revoked.text
    for url in (a, b):  # from the next request on, on both: no replica caches keys
        r = httpx.get(url + "/v1/users", headers=_auth(token))
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    assert httpx.get(b + "/v1/users", headers=_auth(cluster.token)).status_code == 200  # others unaffected


def test_a_replica_killed_under_load_leaves_the_other_serving_and_catches_up(cluster: Cluster) -> None:
    a, b = cluster.replicas[0], cluster.replicas[1]
    statuses: dict[str, list[int | str]] = {"a": [], "b": []}
    acknowledged: set[str] = set()  # ids of the turns a replica answered 201 for
    stop = threading.Event()

    def load(name: str, url: str) -> None:
        with httpx.Client(base_url=url, headers=_auth(cluster.token), timeout=30) as http:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    if i % 3:
                        r = http.post("/v1/search", json={"user_id": "steady", "query": "garden", "k": 3})
                    else:
                        r = http.post("/v1/episodes", json={"user_id": "steady", "session_id": name, "messages": [
                            {"role": "user", "content": f"{name} garden note {i}", "id": f"{name}-{i}"}]})
                    statuses[name].append(r.status_code)
                    if r.status_code == 201:
                        acknowledged.add(f"{name}-{i}")
                except httpx.TransportError as exc:
                    statuses[name].append(type(exc).__name__)
                    time.sleep(0.05)

    threads = [threading.Thread(target=load, args=(n, r.url)) for n, r in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    try:
        time.sleep(1.5)
        a.kill()
        killed_at = len(statuses["b"])
        time.sleep(1.5)
        # While a is down, b takes writes that a has never seen.
        gone = _add(cluster[1], "while-down", "The spare key is under the third flowerpot.", ids=("w1",))
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert len(statuses["b"]) > killed_at, "b answered nothing after a was killed"
    assert set(statuses["b"]) <= {200, 201}, statuses["b"]  # not one failure on b
    assert any(not isinstance(s, int) for s in statuses["a"])  # a did go away
    a.start().wait_ready()
    assert _found(cluster[0], "while-down", "spare key under the third flowerpot", k=1) == gone
    stats = [c.get("/v1/stats", params={"user_id": "steady"}).json() for c in cluster.clients]
    assert stats[0] == stats[1] and stats[0]["vectors"] == stats[0]["episodes"]
    # Every write either replica acknowledged is stored (and at most the one a was at when killed besides).
    stored = {e["id"] for e in cluster[0].get("/v1/episodes", params={"user_id": "steady", "limit": 10_000}
                                                ).json()["episodes"]}
    assert acknowledged <= stored and len(stored - acknowledged) <= 1


# -- faults of the database and the local cluster command ---------------------------------------
def test_postgresql_restarting_gives_503_with_retry_after_then_success_and_loses_nothing(tmp_path: Path) -> None:
    with private_pg_cluster() as pg:  # its own: it is stopped and started
        target = ["--db-url", pg.create_database("restart"), "--embedder", "hashing"]
        operator = _memdb(target, "keys", "create", "--operator", "--name", "ops")
        with ReplicaSet(target, [0, 0], env=worker_env(), logs=tmp_path / "logs") as replicas:
            token = httpx.post(replicas[0].url + "/v1/admin/keys", json={"tenant": "t", "name": "bot"},
                               headers=_auth(operator)).json()["token"]
            a, b = (httpx.Client(base_url=r.url, headers=_auth(token), timeout=30) for r in replicas.replicas)
            before = _add(a, "u", "The boiler was serviced in March.", ids=("before",))
            pg.stop()
            for client in (a, b):
                for call in (lambda c: c.post("/v1/search", json={"user_id": "u", "query": "boiler", "k": 3}),
                             lambda c: c.post("/v1/episodes", json={"user_id": "u", "messages": [
                                 {"role": "user", "content": "Lost while the database was down.", "id": "down"}]}),
                             lambda c: c.get("/readyz")):
                    started = time.monotonic()
                    r = call(client)
                    assert r.status_code == 503, r.text  # clear, not a 500 and not a hang
                    assert r.json()["error"]["code"] == "storage_error" and r.headers["retry-after"] == "2"
                    assert time.monotonic() - started < 10
            pg.start()
            for client in (a, b):  # back within a few retries of Retry-After (pooled connections renewed)
                deadline = time.monotonic() + 30
                while (r := client.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert r.status_code == 200, r.text
            after = _add(b, "u", "The chimney sweep comes in October.", ids=("after",))
            for client in (a, b):
                assert _found(client, "u", "The boiler was serviced in March.", k=1) == before
                assert _found(client, "u", "The chimney sweep comes in October.", k=1) == after
                assert client.get("/v1/episodes/down", params={"user_id": "u"}).status_code == 404  # refused whole
            a.close()
            b.close()
