"""Who may manage which keys: a tenant key none, an admin key its own tenant's only (it once minted
a key for another tenant that then read that tenant's memory), an operator key every tenant's —
and an operator key is made only from the command line, never over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from memdb import PermissionDeniedError, keys
from memdb.cli import app
from tests.conftest import Api, on_both_backends

db = pytest.fixture(name="db")(on_both_backends)  # every test here runs on SQLite and on PostgreSQL

runner = CliRunner()


@pytest.fixture
def two_tenants(api: Api) -> Api:
    """Tenant a and tenant b each have a user with a turn; tenant b has a key of its own (id 2)."""
    for who in ("a", "b"):
        r = api.client.post("/v1/episodes", headers=api.headers(who),
                            json={"user_id": "u1", "messages": [{"content": f"secret of tenant {who}"}]})
        assert r.status_code == 201
    return api


def create(api: Api, who: str, **body: Any) -> Any:
    return api.client.post("/v1/admin/keys", headers=api.headers(who), json={"name": "minted", **body})


def reads(api: Api, token: str) -> Any:
    return api.client.get("/v1/episodes", params={"user_id": "u1"}, headers={"Authorization": f"Bearer {token}"})


def test_an_admin_key_manages_its_own_tenant_only(two_tenants: Api) -> None:
    api = two_tenants
    r = create(api, "admin-a", tenant="tenant-b")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden" and "tenant-a" in r.text
    assert not [k for k in keys.list_keys(api.db, tenant="tenant-b") if k.name == "minted"]  # nothing was made
    for body in ({}, {"tenant": "tenant-a"}, {"tenant": "tenant-a", "admin": True}):
        r = create(api, "admin-a", **body)
        assert r.status_code == 201 and r.json()["key"]["tenant"] == "tenant-a", r.text
    minted = create(api, "admin-a").json()["token"]
    assert [e["content"] for e in reads(api, minted).json()["episodes"]] == ["secret of tenant a"]

    listed = api.client.get("/v1/admin/keys", headers=api.headers("admin-a")).json()["keys"]
    assert listed and {k["tenant"] for k in listed} == {"tenant-a"}
    r = api.client.get("/v1/admin/keys", params={"tenant": "tenant-b"}, headers=api.headers("admin-a"))
    assert r.status_code == 403

    b_key = keys.list_keys(api.db, tenant="tenant-b")[0]
    r = api.client.delete(f"/v1/admin/keys/{b_key.id}", headers=api.headers("admin-a"))
    assert r.status_code == 404  # another tenant's key is one that does not exist
    operator = next(k for k in keys.list_keys(api.db) if k.operator)
    assert api.client.delete(f"/v1/admin/keys/{operator.id}", headers=api.headers("admin-a")).status_code == 404
    assert reads(api, api.tokens["b"]).status_code == 200  # b's key still works
    own = next(k for k in listed if k["name"] == "minted")
    r = api.client.delete(f"/v1/admin/keys/{own['id']}", headers=api.headers("admin-a"))
    assert r.status_code == 200 and r.json()["revoked_at"]


def test_an_admin_key_reads_no_memory(two_tenants: Api) -> None:
    h = two_tenants.headers("admin-a")
    for method, path, options in (("GET", "/v1/episodes", {"params": {"user_id": "u1"}}), ("GET", "/v1/users", {}),
                                  ("POST", "/v1/search", {"json": {"user_id": "u1", "query": "secret"}})):
        assert two_tenants.client.request(method, path, headers=h, **options).status_code == 403


def test_a_tenant_key_manages_no_keys(two_tenants: Api) -> None:
    api = two_tenants
    assert create(api, "a").status_code == 403
    assert create(api, "a", tenant="tenant-a").status_code == 403
    assert api.client.get("/v1/admin/keys", headers=api.headers("a")).status_code == 403
    assert api.client.delete("/v1/admin/keys/1", headers=api.headers("a")).status_code == 403


def test_an_operator_key_manages_every_tenant(two_tenants: Api) -> None:
    api = two_tenants
    r = create(api, "admin", tenant="tenant-b")
    assert r.status_code == 201 and r.json()["key"]["tenant"] == "tenant-b"
    assert [e["content"] for e in reads(api, r.json()["token"]).json()["episodes"]] == ["secret of tenant b"]
    fresh = create(api, "admin").json()["key"]["tenant"]
    assert fresh.startswith("t-")  # no tenant named: a new one
    every = {k["tenant"] for k in api.client.get("/v1/admin/keys", headers=api.headers("admin")).json()["keys"]}
    assert {"tenant-a", "tenant-b", fresh, keys.OPERATOR} <= every
    b_key = keys.list_keys(api.db, tenant="tenant-b")[0]
    assert api.client.delete(f"/v1/admin/keys/{b_key.id}", headers=api.headers("admin")).status_code == 200
    assert reads(api, api.tokens["b"]).status_code == 401
    assert api.client.get("/v1/users", headers=api.headers("admin")).status_code == 403  # reads no memory


def test_no_operator_key_over_http(two_tenants: Api) -> None:
    api = two_tenants
    for who in ("admin", "admin-a"):
        for body in ({"tenant": "*"}, {"operator": True}, {"tenant": None, "operator": True}):
            r = create(api, who, **body)
            assert r.status_code == 422, (who, body, r.text)
    assert sum(k.operator for k in keys.list_keys(api.db)) == 1
    with pytest.raises(PermissionDeniedError, match="command line|data folder"):
        api.memory("admin").create_key(None, "ops", operator=True)


def test_operator_keys_come_from_the_command_line_and_say_so(tmp_path: Any, live_server: dict) -> None:
    local = ["--data", str(tmp_path / "d"), "--embedder", "hashing"]
    made = runner.invoke(app, [*local, "keys", "create", "--name", "ops", "--operator"])
    assert made.exit_code == 0, made.output
    assert made.stdout.strip().startswith("mdb_") and "every tenant" in made.stderr
    assert "[operator: keys of every tenant]" in runner.invoke(app, [*local, "keys", "list"]).stdout
    both = runner.invoke(app, [*local, "keys", "create", "--name", "x", "--operator", "--tenant", "acme"])
    assert both.exit_code == 2 and "no tenant" in both.stderr
    remote = ["--url", live_server["url"], "--api-key", live_server["tokens"]["admin"]]
    refused = runner.invoke(app, [*remote, "keys", "create", "--name", "ops2", "--operator"])
    assert refused.exit_code == 2 and "data folder" in refused.stderr
