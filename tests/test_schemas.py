"""The checked-in wire contract (schemas/) matches the code; run ``python -m schemas.export``
(or ``memdb schemas``) after changing a route or a model."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx

from schemas.export import HERE, documents, write
from schemas.graph import from_node_link, to_graphml, to_node_link


def test_checked_in_documents_match_the_code() -> None:
    expected = documents()
    on_disk = {str(p.relative_to(HERE)): p.read_text(encoding="utf-8")
               for p in [HERE / "openapi.json", *sorted((HERE / "jsonschema").glob("*.json"))]}
    stale = sorted(name for name in expected.keys() | on_disk.keys() if expected.get(name) != on_disk.get(name))
    assert not stale, f"schemas/ drifted from the code, run `python -m schemas.export`: {stale}"


def test_openapi_covers_every_route_with_security_and_error_shape() -> None:
    doc = json.loads(documents()["openapi.json"])
    paths = doc["paths"]
    assert {"/v1/episodes", "/v1/search", "/v1/entities", "/v1/facts", "/v1/graph", "/v1/users", "/v1/stats",
            "/v1/sessions", "/v1/admin/keys", "/healthz", "/readyz"} <= set(paths)
    assert {"HTTPBearer", "APIKeyHeader"} <= set(doc["components"]["securitySchemes"])
    search = paths["/v1/search"]["post"]
    assert search["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "security" not in paths["/healthz"]["get"] and search["security"]


def test_export_writes_and_prunes(tmp_path: Path) -> None:
    (tmp_path / "jsonschema").mkdir()
    (tmp_path / "jsonschema" / "Gone.json").write_text("{}")
    written = write(tmp_path)
    assert (tmp_path / "openapi.json") in written and not (tmp_path / "jsonschema" / "Gone.json").exists()


def test_graph_round_trips_through_node_link_and_flattens_for_graphml() -> None:
    t = datetime(2024, 1, 1, tzinfo=UTC)
    graph = nx.MultiDiGraph(user_id="u", as_of=None)
    graph.add_node(1, name="Lena", aliases=["Lena", "Lenny"], first_seen=t, last_seen=t, mentions=2)
    graph.add_node(2, name="Toronto", aliases=[], first_seen=t, last_seen=t, mentions=1)
    graph.add_edge(1, 2, key=7, label="lives_in", valid_at=t, invalid_at=None, recorded_at=t, episode_ids=["e1"])
    data = json.loads(json.dumps(to_node_link(graph)))
    back = from_node_link(data)
    assert nx.utils.graphs_equal(back, graph) and back.edges[1, 2, 7]["valid_at"] == t
    parsed = nx.parse_graphml(to_graphml(graph))
    assert parsed.nodes["1"]["aliases"] == '["Lena", "Lenny"]' and parsed.edges["1", "2"]["invalid_at"] == ""
