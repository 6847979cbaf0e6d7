"""Tenant isolation: tenant B, holding A's ids or guessing them, can read, search, list, export,
delete and forget nothing of A's — every attempt fails like a missing id, and A's data is intact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Api, on_both_backends
from tests.test_server import TURNS

db = pytest.fixture(name="db")(on_both_backends)  # every test here runs on SQLite and on PostgreSQL

Check = Callable[[Any], bool]


def missing(r: Any) -> bool:
    return r.status_code == 404 and r.json()["error"]["code"] == "not_found" and "tenant-b:" not in r.text


def empty(key: str) -> Check:
    return lambda r: r.status_code == 200 and not r.json()[key] and "tenant-b:" not in r.text


def refused(status: int) -> Check:
    return lambda r: r.status_code == status and "error" in r.json()


def snapshot(api: Api) -> dict[str, Any]:
    h = api.headers("a")
    return {path: api.client.get(path, params={"user_id": "u1"}, headers=h).json()
            for path in ("/v1/episodes", "/v1/entities", "/v1/facts", "/v1/graph", "/v1/sessions", "/v1/stats")}


@pytest.fixture
def tenant_a(api: Api) -> Api:
    r = api.client.post("/v1/episodes", json={"user_id": "u1", "messages": TURNS}, headers=api.headers("a"))
    assert r.status_code == 201
    return api


def attempts(entity_ids: list[int]) -> list[tuple[str, str, str, dict[str, Any], Check]]:
    """(what, method, path, request options, check) of everything tenant B tries."""
    u1 = {"params": {"user_id": "u1"}}
    smuggled = {"params": {"user_id": "tenant-a:u1"}}
    out: list[tuple[str, str, str, dict[str, Any], Check]] = []
    for eid in ("1", "2", "3"):
        out.append((f"read A's episode {eid}", "GET", f"/v1/episodes/{eid}", u1, missing))
        out.append((f"delete A's episode {eid}", "DELETE", f"/v1/episodes/{eid}", u1, missing))
    for guess in ("0", "4", "999", "..%2F1", "1%3Fuser_id%3Du1", "tenant-a:u1", "%2e%2e", "1 ", "a" * 255):
        out.append((f"guess episode {guess[:20]}", "GET", f"/v1/episodes/{guess}", u1, missing))
    for eid in entity_ids:
        by_id = {"params": {"user_id": "u1", "by_id": True}}
        out.append((f"read A's entity {eid}", "GET", f"/v1/entities/{eid}", by_id, missing))
        out.append((f"facts of A's entity {eid}", "GET", "/v1/facts", {"params": {"user_id": "u1", "entity_id": eid}},
                    missing))
        out.append((f"graph around A's entity {eid}", "GET", "/v1/graph",
                    {"params": {"user_id": "u1", "center_id": eid}}, missing))
    for guess in range(max(entity_ids, default=0) + 1, max(entity_ids, default=0) + 6):
        out.append((f"guess entity {guess}", "GET", f"/v1/entities/{guess}",
                    {"params": {"user_id": "u1", "by_id": True}}, missing))
    out += [
        ("entity by A's name", "GET", "/v1/entities/Lena", u1, missing),
        ("list episodes", "GET", "/v1/episodes", u1, empty("episodes")),
        ("list episodes via smuggled prefix", "GET", "/v1/episodes", smuggled, empty("episodes")),
        ("list entities", "GET", "/v1/entities", u1, empty("entities")),
        ("list facts", "GET", "/v1/facts", u1, empty("facts")),
        ("list facts via smuggled prefix", "GET", "/v1/facts", smuggled, empty("facts")),
        ("list sessions", "GET", "/v1/sessions", u1, empty("sessions")),
        ("list users", "GET", "/v1/users", {}, empty("users")),
        ("export graph", "GET", "/v1/graph", u1, empty("nodes")),
        ("export graph smuggled", "GET", "/v1/graph", smuggled, empty("nodes")),
        ("export graphml", "GET", "/v1/graph", {"params": {"user_id": "u1", "format": "graphml"}},
         lambda r: r.status_code == 200 and "<node" not in r.text),
        ("search", "POST", "/v1/search", {"json": {"user_id": "u1", "query": "Lena Toronto dog"}}, empty("hits")),
        ("search smuggled", "POST", "/v1/search", {"json": {"user_id": "tenant-a:u1", "query": "Lena"}}, empty("hits")),
        ("user stats", "GET", "/v1/stats", u1, lambda r: r.status_code == 200 and r.json()["episodes"] == 0),
        ("tenant stats", "GET", "/v1/stats", {}, lambda r: r.status_code == 200 and r.json()["users"] == 0),
        ("forget A's user", "DELETE", "/v1/users/u1", {}, missing),
        ("forget smuggled", "DELETE", "/v1/users/tenant-a:u1", {}, missing),
        ("forget A's full stored id", "DELETE", "/v1/users/tenant-a%3Au1", {}, missing),
        ("admin routes", "GET", "/v1/admin/keys", {}, refused(403)),
        ("revoke A's key", "DELETE", "/v1/admin/keys/1", {}, refused(403)),
        ("mint a key for A", "POST", "/v1/admin/keys", {"json": {"tenant": "tenant-a", "name": "x"}}, refused(403)),
    ]
    return out


def test_tenant_b_cannot_reach_tenant_a(tenant_a: Api) -> None:
    api = tenant_a
    before = snapshot(api)
    entity_ids = [e["id"] for e in before["/v1/entities"]["entities"]]
    assert entity_ids and before["/v1/facts"]["facts"]
    tried = attempts(entity_ids)
    failures = []
    for what, method, path, options, check in tried:
        r = api.client.request(method, path, headers=api.headers("b"), **options)
        if not check(r):
            failures.append(f"{what}: {r.status_code} {r.text[:200]}")
    assert not failures, failures
    assert len(tried) >= 30
    # B writing the same ids under the same user name makes B's own data, never touches A's.
    r = api.client.post("/v1/episodes", headers=api.headers("b"),
                        json={"user_id": "u1", "messages": [{"id": "1", "content": "B's own turn"}]})
    assert r.status_code == 201
    # With B's bearer and A's key in X-API-Key, the bearer decides: still B.
    both = {**api.headers("b"), "X-API-Key": api.tokens["a"]}
    assert api.client.get("/v1/episodes/2", params={"user_id": "u1"}, headers=both).status_code == 404
    assert snapshot(api) == before


def test_admin_key_cannot_read_any_tenant(tenant_a: Api) -> None:
    h = tenant_a.headers("admin")
    for method, path, options in (("GET", "/v1/episodes", {"params": {"user_id": "u1"}}),
                                  ("POST", "/v1/search", {"json": {"user_id": "u1", "query": "Lena"}}),
                                  ("DELETE", "/v1/users/u1", {}), ("GET", "/v1/users", {})):
        r = tenant_a.client.request(method, path, headers=h, **options)
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert tenant_a.db.stats(user_id="tenant-a:u1")["episodes"] == 3


def test_the_same_ids_through_the_python_client(tenant_a: Api) -> None:
    from memdb import NotFoundError

    b = tenant_a.memory("b")
    for call in (lambda: b.get_episode("1", user_id="u1"), lambda: b.delete_episode("2", user_id="u1"),
                 lambda: b.forget(user_id="u1"), lambda: b.entity("Lena", user_id="u1"),
                 lambda: b.graph(user_id="u1", center="Lena")):
        with pytest.raises(NotFoundError):
            call()
    assert b.search("Lena", user_id="u1") == [] and b.users() == []
    assert tenant_a.db.stats(user_id="tenant-a:u1")["episodes"] == 3
