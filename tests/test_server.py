"""Routes of the HTTP server, with FastAPI's TestClient: each calls MemoryDB and converts."""

from __future__ import annotations

import networkx as nx
import pytest

from tests.conftest import Api, get, on_both_backends, turn

db = pytest.fixture(name="db")(on_both_backends)  # every test here runs on SQLite and on PostgreSQL

TURNS = [  # recorded as they happened, so as-of questions are meaningful
    turn(text, id=i, ts=ts) for i, text, ts in (
        ("1", "My sister Lena lives in Toronto.", "2024-01-01T10:00:00"),
        ("2", "I adopted a dog named Biscuit.", "2024-02-01T10:00:00"),
        ("3", "My sister Lena moved to Berlin.", "2024-06-01T10:00:00"),
    )
]


@pytest.fixture
def filled(api: Api) -> Api:
    r = api.client.post("/v1/episodes", json={"user_id": "u1", "session_id": "s1", "messages": TURNS},
                        headers=api.headers("a"))
    assert r.status_code == 201, r.text
    return api


def test_add_returns_episodes_with_the_callers_user_id(filled: Api) -> None:
    episodes = get(filled, "/v1/episodes")["episodes"]
    assert [e["id"] for e in episodes] == ["1", "2", "3"]
    assert {e["user_id"] for e in episodes} == {"u1"} and episodes[0]["occurred_at"].startswith("2024-01-01")
    assert filled.db.users() == ["tenant-a:u1"]  # stored under the tenant's prefix


def test_search_with_options_explains_scores(filled: Api) -> None:
    r = filled.client.post("/v1/search", headers=filled.headers("a"), json={
        "user_id": "u1", "query": "Where does Lena live?", "k": 2, "recipe": "rrf", "as_of": "2030-01-01",
        "start": "2023-12-01", "end": "2024-12-31", "weights": {"vector": 2}, "context": 1})
    assert r.status_code == 200, r.text
    hits = r.json()["hits"]
    assert len(hits) == 2 and hits[0]["episode"]["user_id"] == "u1" and hits[0]["scores"]
    library = filled.db.search("Where does Lena live?", user_id="tenant-a:u1", k=2, recipe="rrf", as_of="2030-01-01",
                               start="2023-12-01", end="2024-12-31", weights={"vector": 2}, context=1)
    assert [h["episode"]["id"] for h in hits] == [h.episode.id for h in library]


def test_get_timeline_sessions_and_delete_episode(filled: Api) -> None:
    assert get(filled, "/v1/episodes/2")["content"] == "I adopted a dog named Biscuit."
    assert [e["id"] for e in get(filled, "/v1/episodes", newest_first=True, limit=2)["episodes"]] == ["3", "2"]
    assert [e["id"] for e in get(filled, "/v1/episodes", start="2024-01-15", end="2024-03-01")["episodes"]] == ["2"]
    assert get(filled, "/v1/sessions")["sessions"][0] | {"start": None, "end": None} == {
        "session_id": "s1", "episodes": 3, "start": None, "end": None}
    r = filled.client.delete("/v1/episodes/2", params={"user_id": "u1"}, headers=filled.headers("a"))
    assert r.status_code == 204
    r = filled.client.get("/v1/episodes/2", params={"user_id": "u1"}, headers=filled.headers("a"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert "tenant-a" not in r.text  # the caller never sees its tenant prefix


def test_entities_entity_and_facts_over_time(filled: Api) -> None:
    names = {e["name"] for e in get(filled, "/v1/entities")["entities"]}
    assert {"Lena", "Toronto", "Berlin"} <= names
    lena = get(filled, "/v1/entities/Lena")
    assert lena["user_id"] == "u1" and any(f["label"] == "lives_in" for f in lena["facts"])
    assert get(filled, f"/v1/entities/{lena['id']}", by_id=True)["name"] == "Lena"
    history = get(filled, "/v1/facts", entity="Lena", label="lives_in")["facts"]
    assert [f["object"] for f in history] == ["Toronto", "Berlin"]
    assert [f["object"] for f in get(filled, "/v1/facts", entity_id=lena["id"], label="lives_in",
                                     current_only=True)["facts"]] == ["Berlin"]
    assert [f["object"] for f in get(filled, "/v1/facts", entity="Lena", label="lives_in",
                                     as_of="2024-03-01")["facts"]] == ["Toronto"]


def test_graph_as_node_link_json_and_graphml(filled: Api) -> None:
    data = get(filled, "/v1/graph")
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.graph["user_id"] == "u1" and graph.number_of_edges() >= 2
    around = get(filled, "/v1/graph", center="Biscuit", depth=1)
    assert {n["name"] for n in around["nodes"]} <= {"Ann", "Biscuit"}
    r = filled.client.get("/v1/graph", params={"user_id": "u1", "format": "graphml"}, headers=filled.headers("a"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/graphml+xml")
    parsed = nx.parse_graphml(r.text)
    assert parsed.number_of_nodes() == graph.number_of_nodes()


def test_a_fact_whose_start_is_unknown_is_served_with_a_null_start(api: Api) -> None:
    """"My last day at Quillsoft is 31st May" tells a job held until then, since when unknown: its
    valid_at is null in /v1/facts, and the graph (JSON and GraphML) draws it."""
    r = api.client.post("/v1/episodes", json={"user_id": "u1", "messages": [
        turn("My last day at Quillsoft is 31st May.", ts="2024-05-10T10:00:00")]}, headers=api.headers("a"))
    assert r.status_code == 201, r.text
    job = [f for f in get(api, "/v1/facts", entity="Ann")["facts"] if f["label"] == "works_at"]
    assert [(f["object"], f["valid_at"], f["invalid_at"][:10]) for f in job] == [("Quillsoft", None, "2024-05-31")]
    graph = nx.node_link_graph(get(api, "/v1/graph"), edges="edges")
    assert any(d.get("label") == "works_at" for _, _, d in graph.edges(data=True))
    r = api.client.get("/v1/graph", params={"user_id": "u1", "format": "graphml"}, headers=api.headers("a"))
    assert r.status_code == 200 and nx.parse_graphml(r.text).number_of_edges() == graph.number_of_edges()


def test_graph_limit_keeps_the_most_mentioned(filled: Api) -> None:
    whole = get(filled, "/v1/graph")["nodes"]
    top = get(filled, "/v1/graph", limit=2)
    ranked = sorted(whole, key=lambda n: (-n["mentions"], n["name"]))
    assert [n["name"] for n in top["nodes"]] == [n["name"] for n in ranked[:2]]
    assert top["graph"] == {"user_id": "u1", "as_of": None, "recorded_before": None, "total_entities": len(whole)}
    kept = {n["id"] for n in top["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in top["edges"])
    for bad in (0, 100_001, "x"):
        r = filled.client.get("/v1/graph", params={"user_id": "u1", "limit": bad}, headers=filled.headers("a"))
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


def test_episodes_that_mention_an_entity(filled: Api) -> None:
    assert [e["id"] for e in get(filled, "/v1/episodes", entity="Lena")["episodes"]] == ["1", "3"]
    biscuit = get(filled, "/v1/entities/Biscuit")["id"]
    assert [e["id"] for e in get(filled, "/v1/episodes", entity_id=biscuit)["episodes"]] == ["2"]
    assert [e["id"] for e in get(filled, "/v1/episodes", entity="Lena", newest_first=True, limit=1)["episodes"]] == ["3"]
    h = filled.headers("a")
    r = filled.client.get("/v1/episodes", params={"user_id": "u1", "entity": "Zorro"}, headers=h)
    assert r.status_code == 404 and r.json()["error"]["details"] == {"entity": "Zorro"}
    r = filled.client.get("/v1/episodes", params={"user_id": "u1", "entity": "Lena", "entity_id": biscuit}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


def test_users_stats_and_forget(filled: Api) -> None:
    h = filled.headers("a")
    assert filled.client.get("/v1/users", headers=h).json() == {"users": ["u1"]}
    assert filled.client.get("/v1/stats", headers=h).json()["users"] == 1
    assert get(filled, "/v1/stats")["episodes"] == 3
    r = filled.client.delete("/v1/users/u1", headers=h)
    assert r.json() == {"user_id": "u1", "deleted": 3}
    assert filled.client.get("/v1/users", headers=h).json() == {"users": []}
    assert filled.client.delete("/v1/users/u1", headers=h).status_code == 404


@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "unauthenticated"),
    ({"Authorization": "Bearer mdb_nope"}, 401, "unauthenticated"),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, 401, "unauthenticated"),
    ({"X-API-Key": "wrong"}, 401, "unauthenticated"),
])
def test_memory_needs_a_valid_key(api: Api, headers: dict, status: int, code: str) -> None:
    r = api.client.get("/v1/users", headers=headers)
    assert r.status_code == status and r.json()["error"]["code"] == code


def test_x_api_key_header_and_revoked_keys(api: Api) -> None:
    from memdb.keys import list_keys, revoke_key

    assert api.client.get("/v1/users", headers={"X-API-Key": api.tokens["a"]}).status_code == 200
    revoke_key(api.db, next(k.id for k in list_keys(api.db, tenant="tenant-a")))
    assert api.client.get("/v1/users", headers=api.headers("a")).status_code == 401


def test_admin_keys_manage_keys_only(api: Api) -> None:
    assert api.client.get("/v1/users", headers=api.headers("admin")).status_code == 403
    assert api.client.get("/v1/admin/keys", headers=api.headers("a")).status_code == 403
    r = api.client.post("/v1/admin/keys", json={"tenant": "new-co", "name": "bot"}, headers=api.headers("admin"))
    assert r.status_code == 201
    token, key = r.json()["token"], r.json()["key"]
    assert key["tenant"] == "new-co" and api.client.get("/v1/users", headers={"X-API-Key": token}).status_code == 200
    listed = api.client.get("/v1/admin/keys", params={"tenant": "new-co"}, headers=api.headers("admin")).json()
    assert [k["id"] for k in listed["keys"]] == [key["id"]] and "token" not in listed["keys"][0]
    r = api.client.delete(f"/v1/admin/keys/{key['id']}", headers=api.headers("admin"))
    assert r.json()["revoked_at"] is not None
    assert api.client.get("/v1/users", headers={"X-API-Key": token}).status_code == 401


def test_health_readiness_and_docs_need_no_key(api: Api) -> None:
    assert api.client.get("/healthz").json()["status"] == "ok"
    assert api.client.get("/readyz").json()["status"] == "ready"
    assert api.client.get("/docs").status_code == 200
    assert "/v1/search" in api.client.get("/openapi.json").json()["paths"]


def test_readiness_fails_when_the_database_is_closed(api: Api) -> None:
    api.db.close()
    r = api.client.get("/readyz")
    assert r.status_code == 503 and r.json()["error"]["code"] == "storage_error"
    assert r.headers["retry-after"] == "2"  # a load balancer or client knows when to look again


def test_cors_only_for_configured_origins(db) -> None:
    from fastapi.testclient import TestClient

    from server import ServerSettings, create_app

    client = TestClient(create_app(db, ServerSettings(cors_origins="https://chat.example")))
    preflight = {"Origin": "https://chat.example", "Access-Control-Request-Method": "POST"}
    ok = client.options("/v1/search", headers=preflight)
    assert ok.headers.get("access-control-allow-origin") == "https://chat.example"
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_the_server_freezes_its_start_up_heap_while_it_runs(tmp_path) -> None:
    # Full garbage collections walking every import's objects were the p95 of search.
    import gc

    from fastapi.testclient import TestClient

    from memdb import HashingEmbedder, MemoryDB
    from server.app import create_app

    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        with TestClient(create_app(db)) as client:
            assert gc.get_freeze_count() > 0
            assert client.get("/healthz").json()["status"] == "ok"
        assert gc.get_freeze_count() == 0  # and released on shutdown


def test_users_and_tenant_stats_read_only_the_tenants_index_range(api: Api) -> None:
    """/v1/users and a tenant-wide /v1/stats once listed every tenant's users and counted each in
    turn; now they read one index range of the tenant's prefix, whatever other tenants hold."""
    from sqlalchemy import event

    from memdb import keys

    neighbour = keys.create_key(api.db, "tenant-a-2", "n")[0]  # a tenant whose slug starts like a's
    for user in ("u1", "u2"):
        api.client.post("/v1/episodes", headers=api.headers("a"), json={"user_id": user, "messages": TURNS})
    for headers in (api.headers("b"), {"X-API-Key": neighbour}):
        api.client.post("/v1/episodes", headers=headers, json={"user_id": "u1", "messages": TURNS[:1]})
    statements: list[tuple[str, tuple]] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append((statement, parameters))

    event.listen(api.db.store.engine, "before_cursor_execute", seen)
    try:
        assert get(api, "/v1/users")["users"] == ["u1", "u2"]
        r = api.client.get("/v1/stats", headers=api.headers("a"))
    finally:
        event.remove(api.db.store.engine, "before_cursor_execute", seen)
    stats = r.json()
    assert stats["users"] == 2 and stats["episodes"] == 6 == stats["vectors"] and stats["facts"] > 0
    assert api.db.stats()["episodes"] == 8 and len(statements) >= 5
    if api.db.store.dialect != "sqlite":  # PostgreSQL's planner scans tables this small whatever the indexes
        return
    raw = api.db.store.engine.raw_connection()
    try:
        for statement, parameters in statements:
            plan = " / ".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters))
            assert not any(f"SCAN {table}" in plan for table in ("episodes", "entities", "facts")), plan
    finally:
        raw.close()
