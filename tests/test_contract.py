"""One behaviour suite, two clients and two stores: the embedded ``MemoryDB`` and
``MemoryClient`` over HTTP, each on SQLite and on PostgreSQL. Chatbot code switches between them
by changing one line, so they must answer alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from memdb import (
    ConflictError,
    Entity,
    Episode,
    Fact,
    HashingEmbedder,
    Hit,
    InvalidInputError,
    MemoryDB,
    NotFoundError,
)
from tests.conftest import Api, Clock, on_both_backends
from tests.test_server import TURNS

NOW = "2024-07-01T00:00:00"


db = pytest.fixture(name="db")(on_both_backends)  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture(params=["embedded", "http"])
def memory(request: pytest.FixtureRequest, db: MemoryDB) -> Iterator[Any]:
    if request.param == "embedded":
        yield db
    else:
        yield request.getfixturevalue("api").memory("a")


@pytest.fixture
def filled(memory: Any) -> Any:
    episodes = memory.add(TURNS, user_id="u1", session_id="s1")
    assert [e.id for e in episodes] == ["1", "2", "3"] and all(isinstance(e, Episode) for e in episodes)
    return memory


def test_add_is_idempotent_and_conflicts_are_refused(filled: Any) -> None:
    again = filled.add(TURNS[0], user_id="u1", session_id="s1")
    assert again[0] == filled.get_episode("1", user_id="u1")
    assert again[0].user_id == "u1" and again[0].occurred_at == datetime.fromisoformat("2024-01-01T10:00:00+00:00")
    with pytest.raises(ConflictError):
        filled.add({**TURNS[0], "content": "something else"}, user_id="u1", session_id="s1")
    with pytest.raises(InvalidInputError):
        filled.add([], user_id="u1")


def test_search_returns_hits_that_explain_themselves(filled: Any) -> None:
    hits = filled.search("Which dog did I adopt?", user_id="u1", k=2, now=NOW)
    assert all(isinstance(h, Hit) for h in hits) and hits[0].episode.id == "2"
    assert hits[0].scores and hits[0].score >= hits[-1].score
    assert filled.search("dog", user_id="u1", start="2024-03-01", recipe="lexical") == []
    with_context = filled.search("dog Biscuit", user_id="u1", k=1, context=1, now=NOW)
    assert [e.id for e in with_context[0].context] == ["1", "3"]
    for bad in ({"k": 0}, {"recipe": "nope"}, {"as_of": "someday"}, {"weights": {"magic": 1.0}}):
        with pytest.raises(InvalidInputError):
            filled.search("dog", user_id="u1", **bad)
    with pytest.raises(InvalidInputError):
        filled.search("", user_id="u1")


def test_timeline_sessions_users_and_stats(filled: Any) -> None:
    assert [e.id for e in filled.timeline(user_id="u1", newest_first=True)] == ["3", "2", "1"]
    assert [e.id for e in filled.timeline(user_id="u1", start="2024-01-15", end="2024-03-01")] == ["2"]
    assert [e.id for e in filled.timeline(user_id="u1", limit=1, offset=1)] == ["2"]
    (session,) = filled.sessions(user_id="u1")
    assert session["session_id"] == "s1" and session["episodes"] == 3 and isinstance(session["start"], datetime)
    assert "u1" in filled.users()
    counts = filled.stats(user_id="u1")
    assert set(counts) == {"episodes", "entities", "facts", "vectors"} and counts["episodes"] == counts["vectors"] == 3


def test_entities_and_facts_over_time(filled: Any) -> None:
    names = [e.name for e in filled.entities(user_id="u1")]
    assert {"Lena", "Toronto", "Berlin", "Biscuit"} <= set(names)
    lena = filled.entity("Lena", user_id="u1")
    assert isinstance(lena, Entity) and lena.user_id == "u1" and all(isinstance(f, Fact) for f in lena.facts)
    assert filled.entity(lena.id, user_id="u1").name == "Lena"
    assert [f.object for f in filled.facts(user_id="u1", entity="Lena", label="lives_in")] == ["Toronto", "Berlin"]
    assert [f.object for f in filled.facts(user_id="u1", entity=lena.id, label="lives_in", current_only=True)] == [
        "Berlin"]
    (then,) = filled.facts(user_id="u1", entity="Lena", label="lives_in", as_of="2024-03-01")
    assert then.object == "Toronto"
    with pytest.raises(NotFoundError):
        filled.entity("Zorro", user_id="u1")
    with pytest.raises(NotFoundError):
        filled.facts(user_id="u1", entity="Zorro")


def test_graph_is_a_networkx_multidigraph_with_times(filled: Any) -> None:
    graph = filled.graph(user_id="u1")
    assert isinstance(graph, nx.MultiDiGraph)
    lena = filled.entity("Lena", user_id="u1").id
    assert isinstance(graph.nodes[lena]["first_seen"], datetime)
    labels = {d["label"] for _, _, d in graph.edges(data=True)}
    assert {"lives_in", "sibling_of"} <= labels
    around = filled.graph(user_id="u1", center="Biscuit", depth=0)
    assert [d["name"] for _, d in around.nodes(data=True)] == ["Biscuit"]
    with pytest.raises(NotFoundError):
        filled.graph(user_id="u1", center="Zorro")


def test_graph_limit_and_the_turns_that_mention_an_entity(filled: Any) -> None:
    top = filled.graph(user_id="u1", limit=2)
    whole = filled.graph(user_id="u1")
    ranked = sorted(whole, key=lambda n: (-whole.nodes[n]["mentions"], whole.nodes[n]["name"]))
    assert sorted(top) == sorted(ranked[:2]) and top.graph["total_entities"] == whole.number_of_nodes()
    assert set(top.edges(keys=True)) == set(whole.subgraph(ranked[:2]).edges(keys=True))
    with pytest.raises(InvalidInputError):
        filled.graph(user_id="u1", limit=0)
    lena = filled.entity("Lena", user_id="u1").id
    assert [e.id for e in filled.timeline(user_id="u1", entity="Lena")] == ["1", "3"]
    assert [e.id for e in filled.timeline(user_id="u1", entity=lena, newest_first=True)] == ["3", "1"]
    with pytest.raises(NotFoundError):
        filled.timeline(user_id="u1", entity="Zorro")


def test_graph_of_one_session(filled: Any) -> None:
    filled.add([{"role": "user", "name": "Ann", "content": "My friend Omar lives in Cairo.",
                 "timestamp": "2024-07-01T10:00:00"}], user_id="u1", session_id="s2")
    names = lambda g: {d["name"] for _, d in g.nodes(data=True)}  # noqa: E731
    assert names(filled.graph(user_id="u1", session_id="s2")) == {"Ann", "Omar", "Cairo"}
    first = filled.graph(user_id="u1", session_id="s1")
    assert {"Lena", "Toronto", "Berlin"} <= names(first) and not {"Omar", "Cairo"} & names(first)
    assert {d["label"] for _, _, d in first.edges(data=True)} >= {"lives_in"}
    assert filled.graph(user_id="u1", session_id="nope").number_of_nodes() == 0


def test_delete_episode_and_forget(filled: Any) -> None:
    filled.delete_episode("3", user_id="u1")
    with pytest.raises(NotFoundError):
        filled.get_episode("3", user_id="u1")
    assert [f.object for f in filled.facts(user_id="u1", entity="Lena", label="lives_in", current_only=True)] == [
        "Toronto"]  # the fact the deleted turn had ended is current again
    with pytest.raises(NotFoundError):
        filled.delete_episode("3", user_id="u1")
    assert filled.forget(user_id="u1") == 2
    with pytest.raises(NotFoundError):
        filled.forget(user_id="u1")
    assert filled.timeline(user_id="u1") == []


def test_both_backends_give_identical_answers(tmp_path: Path, api: Api, clock: Clock) -> None:
    remote = api.memory("a")
    db = MemoryDB(tmp_path / "embedded", embedder=HashingEmbedder())  # a store of its own: the same ids
    calls = [
        lambda m: m.add(TURNS, user_id="u1", session_id="s1"),
        lambda m: m.search("Where does Lena live now?", user_id="u1", k=3, now=NOW),
        lambda m: m.search("Lena", user_id="u1", recipe="diverse", as_of="2024-03-01", now=NOW),
        lambda m: m.timeline(user_id="u1"),
        lambda m: m.entities(user_id="u1"),
        lambda m: m.entity("Lena", user_id="u1"),
        lambda m: m.facts(user_id="u1", as_of="2024-03-01"),
        lambda m: sorted(m.graph(user_id="u1").edges(keys=True, data="label")),
        lambda m: dict(m.graph(user_id="u1", limit=3).nodes(data="name")),
        lambda m: m.timeline(user_id="u1", entity="Lena"),
        lambda m: m.sessions(user_id="u1"),
    ]
    for call in calls:  # one clock for both stores, so even system times agree
        assert call(remote) == call(db)
    db.close()


def test_times_may_be_datetimes_dates_or_epoch_seconds(memory: Any) -> None:
    from datetime import date

    memory.add([{"id": "e", "content": "epoch turn", "timestamp": 1_704_103_200},
                {"id": "d", "content": "datetime turn", "timestamp": datetime(2024, 2, 1, tzinfo=UTC)}],
               user_id="t")
    assert memory.get_episode("e", user_id="t").occurred_at == datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert [e.id for e in memory.timeline(user_id="t", start=date(2024, 1, 15), end=1_767_225_600)] == ["d"]
    with pytest.raises(InvalidInputError):
        memory.timeline(user_id="t", as_of=float("nan"))


def test_metadata_filters_on_search_and_timeline(memory: Any) -> None:
    memory.add(TURNS[:2], user_id="u1", session_id="s1", metadata={"source": "chat", "priority": 1})
    memory.add(TURNS[2:], user_id="u1", session_id="s1", metadata={"source": "email", "priority": 3})
    hits = memory.search("dog Lena Berlin", user_id="u1", k=5, recipe="lexical", filter={"source": "email"})
    assert [h.episode.id for h in hits] == ["3"] and hits[0].episode.metadata == {"source": "email", "priority": 3}
    found = memory.timeline(user_id="u1", filter={"$or": [{"priority": {"$gte": 2}}, {"source": "nowhere"}]})
    assert [e.id for e in found] == ["3"]
    assert [e.id for e in memory.timeline(user_id="u1", filter={"priority": {"$lt": 3}})] == ["1", "2"]
    for bad in ({"source": {"$regex": "e"}}, {"priority": {"$in": 3}}):
        with pytest.raises(InvalidInputError, match="filter"):
            memory.search("dog", user_id="u1", filter=bad)
        with pytest.raises(InvalidInputError, match="filter"):
            memory.timeline(user_id="u1", filter=bad)
