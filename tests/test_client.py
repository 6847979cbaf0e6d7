"""End to end: a real uvicorn on a loopback port, driven by ``MemoryClient``."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor

import httpx
import networkx as nx
import pytest

from memdb import InvalidInputError, MemdbError, MemoryClient, NotFoundError, StorageError
from memdb.errors import AuthenticationError, PermissionDeniedError
from tests.test_server import TURNS


@pytest.fixture
def client(live_server: dict) -> MemoryClient:
    with MemoryClient(live_server["url"], live_server["tokens"]["a"]) as memory:
        yield memory


def test_a_chatbot_session_over_real_http(client: MemoryClient) -> None:
    episodes = client.add(TURNS, user_id="e2e", session_id="s1")
    assert [e.id for e in episodes] == ["1", "2", "3"] and episodes[0].user_id == "e2e"
    hits = client.search("Which dog did I adopt?", user_id="e2e", k=2, now="2024-07-01")
    assert hits[0].episode.id == "2" and hits[0].scores
    graph = client.graph(user_id="e2e", center="Lena", depth=1)
    assert isinstance(graph, nx.MultiDiGraph) and "Lena" in {d["name"] for _, d in graph.nodes(data=True)}
    assert [f.object for f in client.facts(user_id="e2e", entity="Lena", label="lives_in", current_only=True)] == [
        "Berlin"]
    client.delete_episode("2", user_id="e2e")
    with pytest.raises(NotFoundError):
        client.get_episode("2", user_id="e2e")
    assert client.forget(user_id="e2e") == 2


def test_ids_with_slashes_dots_and_unicode_round_trip(client: MemoryClient) -> None:
    user, ids = "team/ünïcode user?x=1", ["a/b", "..", "50%", "#frag", "é ü"]
    client.add([{"id": i, "content": f"turn {i}"} for i in ids], user_id=user)
    assert [client.get_episode(i, user_id=user).id for i in ids] == ids
    assert user in client.users()
    client.delete_episode("..", user_id=user)
    assert client.forget(user_id=user) == len(ids) - 1


def test_errors_map_back_to_the_library_classes(live_server: dict, client: MemoryClient) -> None:
    with pytest.raises(InvalidInputError):
        client.search("dog", user_id="e2e", k=0)
    with pytest.raises(InvalidInputError):
        client.get_episode("", user_id="e2e")
    with pytest.raises(NotFoundError):
        client.entity("Nobody", user_id="nobody")
    with pytest.raises(AuthenticationError):
        MemoryClient(live_server["url"], "mdb_wrong").users()
    with pytest.raises(PermissionDeniedError):
        MemoryClient(live_server["url"], live_server["tokens"]["admin"]).users()
    with pytest.raises(MemdbError) as too_big:
        client.add([{"content": "x" * 1_500} for _ in range(50)] * 3, user_id="e2e")
    assert too_big.value.status_code == 413 and too_big.value.code == "payload_too_large"


def test_transport_failures_are_storage_errors() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StorageError):
        MemoryClient(f"http://127.0.0.1:{port}", "mdb_x", timeout=2).users()


def test_concurrent_writers_and_readers_share_one_memorydb(live_server: dict) -> None:
    def work(i: int) -> int:
        with MemoryClient(live_server["url"], live_server["tokens"]["b"]) as memory:
            memory.add([{"id": f"{i}-{j}", "content": f"worker {i} turn {j} about dogs"} for j in range(5)],
                       user_id=f"w{i % 3}")
            return len(memory.search("dogs", user_id=f"w{i % 3}", k=5))

    with ThreadPoolExecutor(8) as pool:
        assert all(n >= 1 for n in pool.map(work, range(16)))
    b = MemoryClient(live_server["url"], live_server["tokens"]["b"])
    assert sum(b.stats(user_id=f"w{u}")["episodes"] for u in range(3)) == 80
    assert b.stats()["users"] == 3


def test_health_is_open_and_docs_are_served(live_server: dict) -> None:
    assert httpx.get(live_server["url"] + "/healthz").json()["status"] == "ok"
    assert httpx.get(live_server["url"] + "/docs").status_code == 200
    assert httpx.get(live_server["url"] + "/v1/users").status_code == 401
