"""The graph on the wire: ``MemoryDB.graph()`` as node-link JSON or GraphML, and back.

Node-link JSON keeps every attribute (times as ISO 8601 strings, which ``from_node_link`` parses
back); GraphML holds scalars only, so lists become JSON strings and missing times empty strings.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import networkx as nx

#: Attributes that hold times, on nodes (entities) and edges (facts).
TIME_ATTRS = frozenset({"first_seen", "last_seen", "valid_at", "invalid_at", "stated_at", "end_stated_at", "recorded_at",
                        "expired_at"})


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _from_json(name: str, value: Any) -> Any:
    return datetime.fromisoformat(value) if name in TIME_ATTRS and isinstance(value, str) else value


def _scalar(value: Any) -> str | int | float | bool:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(list(value) if isinstance(value, tuple) else value)
    return value


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = {k: _to_json(v) for k, v in data["graph"].items()}
    data["nodes"] = [{k: _to_json(v) for k, v in n.items()} for n in data["nodes"]]
    data["edges"] = [{k: _to_json(v) for k, v in e.items()} for e in data["edges"]]
    return data


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    parsed = {
        **data,
        "nodes": [{k: _from_json(k, v) for k, v in n.items()} for n in data["nodes"]],
        "edges": [{k: _from_json(k, v) for k, v in e.items()} for e in data["edges"]],
    }
    return nx.node_link_graph(parsed, directed=True, multigraph=True, edges="edges")


def to_graphml(graph: nx.MultiDiGraph) -> str:
    flat = nx.MultiDiGraph(**{k: _scalar(v) for k, v in graph.graph.items()})
    flat.add_nodes_from((n, {k: _scalar(v) for k, v in attrs.items()}) for n, attrs in graph.nodes(data=True))
    flat.add_edges_from((u, v, key, {k: _scalar(x) for k, x in attrs.items()})
                        for u, v, key, attrs in graph.edges(keys=True, data=True))
    return "\n".join(nx.generate_graphml(flat)) + "\n"
