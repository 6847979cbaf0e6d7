"""The inspector page as the server ships it, and the /v1 answers it is built on, on the fixture
conversation of ``conftest.UI_SESSIONS`` (Lena lives in Toronto, then moves to Berlin)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from server.ui import STATIC
from tests.conftest import UI_SESSIONS, Api, get

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = json.loads((ROOT / "schemas" / "openapi.json").read_text("utf-8"))
OWN_FILES = ["index.html", "inspector.css", "api.js", "app.js", "graph.js", "panels.js"]
END_OF_FIRST_DAY = "2024-01-05T23:59:59Z"


@pytest.fixture
def lena(api: Api) -> Api:
    for session, turns in UI_SESSIONS.items():
        r = api.client.post("/v1/episodes", json={"user_id": "u1", "session_id": session, "messages": turns},
                            headers=api.headers("a"))
        assert r.status_code == 201, r.text
    return api


def edges_named(graph: dict) -> dict[tuple[str, str, str], dict]:
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    return {(names[e["source"]], e["label"], names[e["target"]]): e for e in graph["edges"]}


# -- the page ----------------------------------------------------------------------------------
def test_page_and_assets_are_served_without_a_key(api: Api) -> None:
    page = api.client.get("/ui/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<title>memdb inspector</title>" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for path in ("/", "/ui"):
        r = api.client.get(path, follow_redirects=False)
        assert r.status_code in (302, 307) and r.headers["location"] == "ui/"
    assert api.client.get("/ui", follow_redirects=True).url.path == "/ui/"
    for name in ("app.js", "graph.js", "vendor/cytoscape.min.js"):
        r = api.client.get(f"/ui/{name}")
        assert r.status_code == 200 and "javascript" in r.headers["content-type"], name
    assert "Cytoscape Consortium" in api.client.get("/ui/vendor/cytoscape.LICENSE").text
    assert api.client.get("/ui/nope.js").status_code == 404
    assert "/ui" not in json.dumps(api.client.get("/openapi.json").json()["paths"])  # not part of the contract


def test_page_needs_nothing_from_elsewhere() -> None:
    for name in OWN_FILES:
        text = (STATIC / name).read_text("utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), f"{name} points off the server"
    html = (STATIC / "index.html").read_text("utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s == "data:," or (STATIC / s).is_file() for s in sources), sources
    assert "<script>" not in html and "style=" not in html  # the CSP allows no inline script


def test_every_static_file_ships_in_the_wheel() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]["server"]
    shipped = {p for pattern in patterns for p in (ROOT / "server").glob(pattern) if p.is_file()}
    assert shipped == {p for p in STATIC.rglob("*") if p.is_file()}


def test_the_page_calls_only_routes_of_the_contract() -> None:
    """Every ``this.call(METHOD, "/v1/…", {params: {…}})`` in api.js names a route and query
    parameters of schemas/openapi.json."""
    source = (STATIC / "api.js").read_text("utf-8")
    calls = re.findall(r'this\.call\("(\w+)", [`"]([^`"]+)[`"](?:, \{\s*params: \{([^}]*)\})?', source)
    assert len(calls) == 7, calls
    routes = {(re.sub(r"\{\w+\}", "{}", path), method.upper()): spec for path, item in OPENAPI["paths"].items()
              for method, spec in item.items()}
    for method, path, params in calls:
        spec = routes.get((re.sub(r"\$\{[^}]+\}", "{}", path), method))
        assert spec is not None, f"{method} {path} is not in schemas/openapi.json"
        known = {p["name"] for p in spec.get("parameters", [])}
        used = {part.split(":")[0].strip() for part in params.split(",") if part.strip()}
        assert used <= known, f"{method} {path}: {used - known} are not parameters of the route"
    search = OPENAPI["components"]["schemas"]["SearchRequest"]["properties"]
    assert {"user_id", "query", "k", "session_id", "as_of", "recipe"} <= set(search)


# -- the answers it draws ----------------------------------------------------------------------
def test_graph_history_and_as_of_tell_holding_from_ended_facts(lena: Api) -> None:
    history = edges_named(get(lena, "/v1/graph"))
    toronto, berlin = history[("Lena", "lives_in", "Toronto")], history[("Lena", "lives_in", "Berlin")]
    assert toronto["invalid_at"].startswith("2024-06-01") and berlin["invalid_at"] is None
    assert toronto["episode_ids"] == ["s1-1"] and toronto["fact"] == "My sister Lena lives in Toronto."
    then = get(lena, "/v1/graph", as_of=END_OF_FIRST_DAY)
    assert ("Lena", "lives_in", "Toronto") in edges_named(then)  # it held then: drawn solid
    assert "Berlin" not in {n["name"] for n in then["nodes"]}  # not known yet
    now = get(lena, "/v1/graph", as_of="2024-07-01")
    assert ("Lena", "lives_in", "Toronto") not in edges_named(now)  # only the history has it: dashed


def test_neighbourhood_for_expand(lena: Api) -> None:
    nodes = {n["name"]: n for n in get(lena, "/v1/graph")["nodes"]}
    assert {"mentions", "type", "aliases", "first_seen", "last_seen"} <= set(nodes["Lena"])
    around = get(lena, "/v1/graph", center_id=nodes["Biscuit"]["id"], depth=1)
    assert {n["name"] for n in around["nodes"]} == {"Ann", "Biscuit"}
    wider = get(lena, "/v1/graph", center_id=nodes["Biscuit"]["id"], depth=2)
    assert {"Lena"} < {n["name"] for n in wider["nodes"]}


def test_entity_detail_by_id_with_facts_and_their_turns(lena: Api) -> None:
    lena_id = next(n["id"] for n in get(lena, "/v1/graph")["nodes"] if n["name"] == "Lena")
    entity = get(lena, f"/v1/entities/{lena_id}", by_id="true")
    assert entity["name"] == "Lena" and entity["type"] == "person" and entity["mention_count"] >= 3
    lives = {f["object"]: f for f in entity["facts"] if f["label"] == "lives_in"}
    assert lives["Toronto"]["invalid_at"] and lives["Toronto"]["episode_ids"] == ["s1-1"]
    assert lives["Berlin"]["valid_at"].startswith("2024-06-01") and lives["Berlin"]["episode_ids"] == ["s2-1"]
    assert get(lena, "/v1/episodes/s2-1")["session_id"] == "s2"  # where an episode link leads


def test_timeline_and_sessions_for_the_pickers(lena: Api) -> None:
    sessions = get(lena, "/v1/sessions")["sessions"]
    assert [(s["session_id"], s["episodes"]) for s in sessions] == [("s1", 4), ("s2", 3)]
    turns = get(lena, "/v1/episodes", session_id="s2", limit=5000)["episodes"]
    assert [(t["id"], t["name"]) for t in turns] == [("s2-1", "Ann"), ("s2-2", "Assistant"), ("s2-3", "Ann")]
    assert [t["id"] for t in get(lena, "/v1/episodes", as_of=END_OF_FIRST_DAY)["episodes"]] == [
        "s1-1", "s1-2", "s1-3", "s1-4"]


def test_search_hits_carry_scores_and_entities_to_highlight(lena: Api) -> None:
    h = lena.headers("a")
    r = lena.client.post("/v1/search", json={"user_id": "u1", "query": "Where does Lena live?", "k": 10}, headers=h)
    hits = r.json()["hits"]
    assert hits and all(abs(sum(x["scores"].values()) - x["score"]) < 1e-6 for x in hits)
    assert "Lena" in hits[0]["entities"] and [x["score"] for x in hits] == sorted((x["score"] for x in hits),
                                                                                  reverse=True)


def test_mentioned_in_lists_the_turns_of_an_entity(lena: Api) -> None:
    toronto = next(n["id"] for n in get(lena, "/v1/graph")["nodes"] if n["name"] == "Toronto")
    turns = get(lena, "/v1/episodes", entity_id=toronto, limit=200)["episodes"]
    assert [t["id"] for t in turns] == ["s1-1", "s1-2"]  # oldest first, the assistant's turn too
    assert [t["id"] for t in get(lena, "/v1/episodes", entity_id=toronto, session_id="s2")["episodes"]] == []
    assert [t["id"] for t in get(lena, "/v1/episodes", entity_id=toronto, as_of="2024-01-01")["episodes"]] == []


def test_the_page_downloads_the_most_mentioned_and_fetches_the_rest_by_name(lena: Api) -> None:
    whole = get(lena, "/v1/graph")
    top = get(lena, "/v1/graph", limit=1)  # "Entities shown" = 1
    assert [n["name"] for n in top["nodes"]] == ["Ann"] and top["edges"] == []
    assert top["graph"]["total_entities"] == len(whole["nodes"])  # for "1 of N entities"
    then = get(lena, "/v1/graph", limit=60, as_of=END_OF_FIRST_DAY)
    assert "Berlin" not in {n["name"] for n in then["nodes"]} and then["graph"]["total_entities"] < len(whole["nodes"])
    found = get(lena, "/v1/graph", center="biscuit", depth=1)  # "Find entity" beyond the limit
    assert {n["name"] for n in found["nodes"]} == {"Ann", "Biscuit"} and len(found["edges"]) == 1
    hit = get(lena, "/v1/graph", center="Berlin", depth=0)  # a search hit beyond the limit
    assert [n["name"] for n in hit["nodes"]] == ["Berlin"]
    r = lena.client.get("/v1/graph", params={"user_id": "u1", "center": "Berlin", "depth": 0,
                                             "as_of": END_OF_FIRST_DAY}, headers=lena.headers("a"))
    assert r.status_code == 404  # not known then: the page says so
