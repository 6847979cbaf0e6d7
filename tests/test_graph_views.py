"""Views of the knowledge graph the inspector draws from: the most mentioned entities
(``graph(limit=)``) and the turns that mention one entity (``timeline(entity=)``), on a scripted
extraction so that mention counts are known exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from memdb import HashingEmbedder, InvalidInputError, MemoryDB, NotFoundError
from tests.conftest import turn
from tests.test_knowledge import SCRIPT, Scripted

# Mentions (turns naming each): Ann 3, Paris 2, then Bea, Berlin, Carl, Rome 1 each.
TURNS = [  # recorded as they happened, so as-of questions are meaningful
    turn(text, id=i, ts=ts, name=name) for i, text, ts, name in (
        ("1", "I live in Paris.", "2023-01-10T10:00:00", "Ann"),
        ("2", "I moved to Berlin.", "2023-06-01T10:00:00", "Ann"),
        ("3", "Paris is still lovely, I live in Paris.", "2023-09-01T10:00:00", "Ann"),
        ("4", "Carl lives in Rome.", "2023-10-01T10:00:00", "Bea"),
    )
]


@pytest.fixture
def memory(tmp_path) -> Iterator[MemoryDB]:
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Scripted(SCRIPT)) as db:
        db.add(TURNS[:3], user_id="u", session_id="s1")
        db.add(TURNS[3:], user_id="u", session_id="s2")
        yield db


def names(graph) -> list[str]:
    return sorted(d["name"] for _, d in graph.nodes(data=True))


def facts(graph) -> set[tuple[str, str, str]]:
    return {(graph.nodes[u]["name"], d["label"], graph.nodes[v]["name"]) for u, v, d in graph.edges(data=True)}


def test_limit_keeps_the_most_mentioned_entities_ties_by_name(memory: MemoryDB) -> None:
    whole = memory.graph(user_id="u")
    assert [whole.nodes[n]["mentions"] for n in sorted(whole, key=lambda n: whole.nodes[n]["name"])] == [
        3, 1, 1, 1, 2, 1]  # Ann, Bea, Berlin, Carl, Paris, Rome
    top = memory.graph(user_id="u", limit=3)
    assert names(top) == ["Ann", "Bea", "Paris"]  # Bea before Berlin, Carl and Rome: a tie, by name
    assert facts(top) == {("Ann", "lives_in", "Paris")}  # only facts among the entities kept
    assert top.graph["total_entities"] == 6 and "total_entities" not in whole.graph
    assert facts(memory.graph(user_id="u", limit=4)) == {("Ann", "lives_in", "Paris"), ("Ann", "lives_in", "Berlin")}
    assert names(memory.graph(user_id="u", limit=100)) == names(whole)


def test_limit_with_as_of_and_around_a_centre(memory: MemoryDB) -> None:
    then = memory.graph(user_id="u", as_of="2023-07-01", limit=2)
    assert names(then) == ["Ann", "Paris"] and then.graph["total_entities"] == 3  # Carl, Rome, Bea: not yet
    around = memory.graph(user_id="u", center="Rome", depth=1, limit=1)
    assert names(around) == ["Rome"]  # Carl ranks first by name, but the centre always stays
    assert names(memory.graph(user_id="u", center="Rome", depth=1, limit=5)) == ["Carl", "Rome"]


@pytest.mark.parametrize("limit", [0, 100_001, -1, True, 2.0, "3"])
def test_limit_is_validated(memory: MemoryDB, limit: object) -> None:
    with pytest.raises(InvalidInputError, match="limit must be an integer from 1 to 100000"):
        memory.graph(user_id="u", limit=limit)  # type: ignore[arg-type]


def test_timeline_of_one_entity_by_name_alias_or_id(memory: MemoryDB) -> None:
    def ids(**kw: object) -> list[str]:
        return [e.id for e in memory.timeline(user_id="u", **kw)]

    assert ids(entity="Paris") == ["1", "3"]
    assert ids(entity="paris", newest_first=True) == ["3", "1"]
    assert ids(entity=memory.entity("Rome", user_id="u").id) == ["4"]
    assert ids(entity="Ann") == ["1", "2", "3"]  # the speaker: mentioned in her own turns
    assert ids(entity="Bea", session_id="s1") == []
    assert ids(entity="Paris", end="2023-08-01") == ["1"]
    assert ids(entity="Paris", limit=1, offset=1) == ["3"]
    with pytest.raises(NotFoundError):
        memory.timeline(user_id="u", entity="Nobody")
    with pytest.raises(NotFoundError):
        memory.timeline(user_id="other", entity="Paris")  # another user's entity is no entity


@pytest.mark.parametrize(
    ("mentions", "common", "budget", "expected"),
    [
        ({1: 10, 2: 10, 3: 10}, set(), 100, {1, 2, 3}),  # everything fits
        ({1: 10, 2: 95, 3: 10}, set(), 100, {1, 3}),  # 2 would overflow; the smaller 3 still fits
        ({1: 10, 2: 10, 3: 10}, {1}, 100, {2, 3}),  # common entities never pick candidates
        ({1: 500, 2: 10, 3: 10}, set(), 15, {2}),  # best weighted first: 2 before 3
    ],
)
def test_graph_candidates_read_a_bounded_number_of_mentions(mentions, common, budget, expected) -> None:
    from memdb.graph import EntityWeights

    weights = EntityWeights({1: 3.0, 2: 2.0, 3: 1.0}, 1.0, frozenset(common), mentions)
    assert set(weights.specific(budget)) == expected
