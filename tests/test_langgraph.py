"""``MemdbStore`` through LangGraph's own interfaces: the same operations give the same items as
LangGraph's ``InMemoryStore``; memdb's search, namespaces as users and sessions, async, a tiny
graph that writes and reads memories (no LLM), and bad input that changes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, TypedDict

import pytest


from langgraph.graph import END, START, StateGraph  # noqa: E402
from langgraph.store.base import BaseStore, InvalidNamespaceError  # noqa: E402
from langgraph.store.memory import InMemoryStore  # noqa: E402

from memdb import HashingEmbedder, InvalidInputError, MemoryDB  # noqa: E402
from memdb.integrations.langgraph import MemdbStore  # noqa: E402

ITEMS = [
    (("memories", "u1"), "trip", {"content": "Booked a flight to Lisbon for May.", "kind": "plan", "priority": 2}),
    (("memories", "u1"), "dog", {"content": "Adopted a dog named Biscuit.", "kind": "event", "priority": 1}),
    (("memories", "u1"), "job", {"content": "Works at Shopify as a designer.", "kind": "fact", "priority": 3,
                                 "source": {"app": "slack"}}),
    (("memories", "u2"), "cello", {"content": "Plays the cello on Sundays.", "kind": "fact", "priority": 2}),
    (("prefs", "u1"), "diet", {"content": "Is vegetarian.", "kind": "fact", "priority": 0, "tags": ["food", "health"]}),
]
FILTERS = [
    None, {"kind": "fact"}, {"priority": {"$gte": 2}}, {"priority": {"$gt": 1, "$lte": 2}}, {"kind": {"$ne": "fact"}},
    {"source": {"app": "slack"}}, {"tags": ["food", "health"]}, {"kind": "fact", "priority": {"$lt": 3}},
    {"missing": {"$ne": 1}}, {"priority": {"$eq": 1}},
]
PREFIXES = [("memories", "u1"), ("memories",), ("prefs",), (), ("nobody",)]


@pytest.fixture
def memory(tmp_path: Path):
    with MemoryDB(tmp_path / "db", embedder=HashingEmbedder()) as db:
        yield db


def fill(store: BaseStore) -> None:
    for namespace, key, value in ITEMS:
        store.put(namespace, key, value)


def listing(items: list[Any]) -> list[tuple[tuple[str, ...], str, dict]]:
    return sorted((i.namespace, i.key, i.value) for i in items)


@pytest.mark.parametrize("user_levels", [None, 1])
def test_the_same_items_as_langgraphs_in_memory_store(memory: MemoryDB, user_levels: int | None) -> None:
    ours, theirs = MemdbStore(memory, user_levels=user_levels), InMemoryStore()
    fill(ours)
    fill(theirs)
    # (first: InMemoryStore's get of a namespace it lacks makes it an empty namespace it then lists)
    assert ours.list_namespaces() == sorted(theirs.list_namespaces())
    for kwargs in ({"prefix": ("memories",)}, {"suffix": ("u1",)}, {"prefix": ("*", "u1")}, {"max_depth": 1},
                   {"limit": 1, "offset": 1}):
        assert ours.list_namespaces(**kwargs) == sorted(theirs.list_namespaces(**kwargs)), kwargs
    for namespace, key, _ in ITEMS + [(("memories", "u1"), "nope", None), (("memories",), "trip", None)]:
        a, b = ours.get(namespace, key), theirs.get(namespace, key)
        assert (a and (a.namespace, a.key, a.value)) == (b and (b.namespace, b.key, b.value))
    for prefix in PREFIXES:
        for where in FILTERS:
            found = listing(ours.search(prefix, filter=where, limit=50))
            assert found == listing(theirs.search(prefix, filter=where, limit=50)), (prefix, where)
    ours.delete(("memories", "u1"), "dog")
    theirs.delete(("memories", "u1"), "dog")
    ours.put(("memories", "u1"), "trip", {"content": "The Lisbon trip moved to June.", "kind": "plan"})
    theirs.put(("memories", "u1"), "trip", {"content": "The Lisbon trip moved to June.", "kind": "plan"})
    assert listing(ours.search(("memories",))) == listing(theirs.search(("memories",)))


def test_search_by_query_ranks_with_memdb(memory: MemoryDB) -> None:
    store = MemdbStore(memory)
    fill(store)
    hits = store.search(("memories", "u1"), query="Where does the user work? Shopify", limit=2)
    assert hits[0].key == "job" and hits[0].score > hits[-1].score
    assert [h.key for h in store.search(("memories",), query="cello Sundays", limit=1)] == ["cello"]
    assert [h.key for h in store.search(("memories", "u1"), query="Lisbon flight", filter={"kind": "fact"})] == ["job"]
    page = store.search(("memories", "u1"), query="Lisbon dog Shopify", limit=1, offset=1)
    assert len(page) == 1 and page[0].key == store.search(("memories", "u1"), query="Lisbon dog Shopify")[1].key
    assert memory.search("Shopify", user_id="memories.u1")[0].episode.metadata["value"]["kind"] == "fact"
    assert "Shopify" in memory.entity("Shopify", user_id="memories.u1").name  # the graph reads items' text


def test_namespaces_as_users_and_sessions(memory: MemoryDB) -> None:
    store = MemdbStore(memory, user_levels=1)
    store.put(("u1", "memories"), "profile", {"content": "Lives in Toronto."})
    store.put(("u1", "prefs"), "profile", {"content": "Likes jazz."})  # the same key in another namespace
    store.put(("u1",), "note", {"content": "Top-level note."})
    assert memory.users() == ["u1"]
    assert sorted(s["session_id"] for s in memory.sessions(user_id="u1")) == [".", "memories", "prefs"]
    assert store.get(("u1", "prefs"), "profile").value == {"content": "Likes jazz."}
    assert store.get(("u1", "memories"), "profile").value == {"content": "Lives in Toronto."}
    assert store.get(("u1", "memories"), "note") is None
    assert sorted(i.key for i in store.search(("u1",))) == ["note", "profile", "profile"]
    assert [i.namespace for i in store.search(("u1", "prefs"))] == [("u1", "prefs")]
    assert store.list_namespaces() == [("u1",), ("u1", "memories"), ("u1", "prefs")]


def test_overwrite_keeps_created_at_and_bad_values_change_nothing(memory: MemoryDB) -> None:
    store = MemdbStore(memory)
    store.put(("m",), "k", {"content": "first"})
    first = store.get(("m",), "k")
    store.put(("m",), "k", {"content": "second"})
    second = store.get(("m",), "k")
    assert second.value == {"content": "second"} and second.created_at == first.created_at
    assert second.updated_at >= first.updated_at
    with pytest.raises(InvalidInputError, match="characters"):
        store.put(("m",), "k", {"content": "x" * 30_000})
    assert store.get(("m",), "k").value == {"content": "second"}  # the old value is back
    with pytest.raises(InvalidInputError):
        store.put(("m",), "k2", {"when": float("nan")})
    with pytest.raises(NotImplementedError):
        store.put(("m",), "k3", {"content": "x"}, ttl=5)
    with pytest.raises(InvalidNamespaceError):
        store.put(("a.b",), "k", {"content": "x"})
    with pytest.raises(InvalidInputError, match="filter"):
        store.search(("m",), filter={"content": {"$regex": "x"}})
    assert [i.key for i in store.search(("m",))] == ["k"]


def test_turns_added_otherwise_are_items(memory: MemoryDB) -> None:
    memory.add([{"role": "user", "name": "Ann", "content": "I moved to Berlin.", "id": "t1"}], user_id="chat")
    store = MemdbStore(memory)
    item = store.get(("chat",), "t1")
    assert item.value == {"content": "I moved to Berlin.", "role": "user", "speaker": "Ann", "metadata": {}}
    assert store.search(("chat",), filter={"content": "I moved to Berlin."}) == []  # filters read items' values


def test_async_interface(memory: MemoryDB) -> None:
    store = MemdbStore(memory)

    async def main() -> None:
        await asyncio.gather(*(store.aput(ns, key, value) for ns, key, value in ITEMS))
        assert (await store.aget(("memories", "u1"), "dog")).value["content"].startswith("Adopted")
        hits = await store.asearch(("memories", "u1"), query="Biscuit the dog", limit=1)
        assert hits[0].key == "dog"
        await store.adelete(("memories", "u1"), "dog")
        assert await store.aget(("memories", "u1"), "dog") is None
        assert ("prefs", "u1") in await store.alist_namespaces()

    asyncio.run(main())


class State(TypedDict):
    user: str
    said: str
    recalled: list[str]


def remember(state: State, *, store: BaseStore) -> dict[str, Any]:
    store.put(("memories", state["user"]), f"m{len(store.search(('memories', state['user'])))}",
              {"content": state["said"]})
    return {}


def recall(state: State, *, store: BaseStore) -> dict[str, Any]:
    return {"recalled": [h.value["content"] for h in store.search(("memories", state["user"]), query=state["said"],
                                                                    limit=2)]}


def test_a_graph_writes_and_reads_memories_through_the_store(memory: MemoryDB) -> None:
    builder = StateGraph(State)
    builder.add_node("remember", remember)
    builder.add_node("recall", recall)
    builder.add_edge(START, "remember")
    builder.add_edge("remember", "recall")
    builder.add_edge("recall", END)
    graph = builder.compile(store=MemdbStore(memory))
    graph.invoke({"user": "u1", "said": "My sister Lena lives in Toronto.", "recalled": []})
    graph.invoke({"user": "u1", "said": "I adopted a dog named Biscuit.", "recalled": []})
    out = asyncio.run(graph.ainvoke({"user": "u1", "said": "Lena moved to Berlin from Toronto.", "recalled": []}))
    assert out["recalled"][0] == "Lena moved to Berlin from Toronto."
    assert out["recalled"][1] == "My sister Lena lives in Toronto."
    assert graph.invoke({"user": "u2", "said": "Hello there.", "recalled": []})["recalled"] == ["Hello there."]
    # What the graph stored is memdb memory: entities and facts with their validity.
    lena = memory.entity("Lena", user_id="memories.u1")
    assert {f.object for f in lena.facts if f.label == "lives_in"} == {"Toronto", "Berlin"}


def test_over_http_with_memory_client(api) -> None:  # noqa: ANN001 - tests.conftest.Api
    store, theirs = MemdbStore(api.memory("a"), user_levels=1), InMemoryStore()
    fill(store)
    fill(theirs)
    for prefix in PREFIXES[:3]:
        for where in FILTERS[:4]:
            assert listing(store.search(prefix, filter=where)) == listing(theirs.search(prefix, filter=where))
    assert store.search(("memories", "u1"), query="Shopify designer", limit=1)[0].key == "job"
