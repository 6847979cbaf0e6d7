"""Metadata filters on search and timeline: each operator, bad filters, cascades, and a property
test against a plain-Python reading of the same filter."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from memdb import HashingEmbedder, InvalidInputError, MemoryDB
from memdb.store.schema import MetadataRow
from tests.conftest import on_both_backends, turn

db = pytest.fixture(name="db")(on_both_backends)  # the filters' SQL runs on SQLite and on PostgreSQL

ROWS = {
    "a": {"source": "email", "priority": 3, "urgent": True, "tags": ["x", "y"], "project": {"name": "apollo", "n": 1}},
    "b": {"source": "chat", "priority": 1, "urgent": False, "due": "2024-05-02"},
    "c": {"source": "chat", "priority": 2.5, "note": None, "due": "2024-04-30"},
    "d": {},
    "e": {"source": "x" * 300, "project": {"name": "gemini"}},
}


@pytest.fixture
def filled(db: MemoryDB) -> MemoryDB:
    for i, (key, meta) in enumerate(ROWS.items()):
        db.add([turn(f"Turn {key} about the trip to Lisbon.", id=key, ts=f"2024-01-0{i + 1}T10:00:00")], user_id="u",
               metadata=meta)
    db.add([turn("Someone else's trip to Lisbon.", id="a")], user_id="other", metadata={"source": "email"})
    return db


def ids(db: MemoryDB, where: Any) -> list[str]:
    return [e.id for e in db.timeline(user_id="u", filter=where)]


@pytest.mark.parametrize("where, expected", [
    ({"source": "chat"}, ["b", "c"]),
    ({"source": {"$eq": "chat"}}, ["b", "c"]),
    ({"source": {"$ne": "chat"}}, ["a", "d", "e"]),  # a turn without the key passes $ne
    ({"priority": {"$gte": 2}}, ["a", "c"]),
    ({"priority": {"$gt": 1, "$lt": 3}}, ["c"]),
    ({"priority": 3.0}, ["a"]),  # 3 == 3.0
    ({"urgent": True}, ["a"]),
    ({"urgent": 1}, []),  # booleans are not numbers
    ({"due": {"$lt": "2024-05-01"}}, ["c"]),  # ISO dates compare as strings
    ({"source": {"$in": ["email", "chat"]}}, ["a", "b", "c"]),
    ({"source": {"$nin": ["email", "chat"]}}, ["d", "e"]),
    ({"note": None}, ["a", "b", "c", "d", "e"]),  # null or missing
    ({"note": {"$exists": True}}, ["c"]),
    ({"due": {"$exists": False}}, ["a", "d", "e"]),
    ({"project": {"name": "apollo"}}, ["a"]),  # a key of a nested object
    ({"project": {"$eq": {"n": 1, "name": "apollo"}}}, ["a"]),  # a whole object, any key order
    ({"tags": ["x", "y"]}, ["a"]),
    ({"tags": ["y", "x"]}, []),  # lists are ordered
    ({"source": "x" * 300}, ["e"]),  # a long string by equality
    ({"source": {"$gt": "w"}}, []),  # … but not by order
    ({"$or": [{"source": "email"}, {"priority": {"$lt": 2}}]}, ["a", "b"]),
    ({"$and": [{"source": "chat"}, {"priority": {"$gt": 1}}]}, ["c"]),
    ({"source": "chat", "$or": [{"due": "2024-05-02"}, {"note": {"$exists": True}}]}, ["b", "c"]),
    ({}, ["a", "b", "c", "d", "e"]),
    (json.dumps({"source": "chat"}), ["b", "c"]),  # JSON text, as the CLI and query strings carry it
])
def test_timeline_filter(filled: MemoryDB, where: Any, expected: list[str]) -> None:
    assert ids(filled, where) == expected


def test_search_keeps_only_matching_turns(filled: MemoryDB) -> None:
    hits = filled.search("trip to Lisbon", user_id="u", k=10, filter={"source": "chat"})
    assert sorted(h.episode.id for h in hits) == ["b", "c"]
    for recipe in ("lexical", "semantic", "rrf", "recent"):
        found = filled.search("trip to Lisbon", user_id="u", k=10, recipe=recipe, filter={"priority": {"$gte": 2}})
        assert sorted(h.episode.id for h in found) == ["a", "c"], recipe
    assert filled.search("trip", user_id="u", filter={"source": "nowhere"}) == []


@pytest.mark.parametrize("where, message", [
    ({"source": {"$regex": "a"}}, "unknown operator '\\$regex'"),
    ({"$not": {"a": 1}}, "unknown operator"),
    ({"priority": {"$gt": True}}, "compares a number or a string"),
    ({"priority": {"$gt": [1]}}, "compares a number or a string"),
    ({"source": {"$in": "chat"}}, "non-empty list"),
    ({"source": {"$in": []}}, "non-empty list"),
    ({"source": {"$in": [{"a": 1}]}}, "strings, numbers"),
    ({"note": {"$exists": "yes"}}, "true or false"),
    ({"$or": {"a": 1}}, "non-empty list"),
    ({"$or": [{}]}, "non-empty object"),
    ({"a": {"$or": [{"b": 1}]}}, "unknown operator"),
    ([1, 2], "JSON object"),
    ("{not json", "not valid JSON"),
    ({f"k{i}": i for i in range(70)}, "at most 64"),
])
def test_bad_filters_are_invalid_input(filled: MemoryDB, where: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        filled.timeline(user_id="u", filter=where)
    with pytest.raises(InvalidInputError, match=message):
        filled.search("trip", user_id="u", filter=where)


def _metadata_rows(db: MemoryDB) -> int:
    with db.store.session() as s:
        return s.execute(select(func.count()).select_from(MetadataRow)).scalar()


def test_delete_and_forget_remove_the_metadata_rows(filled: MemoryDB) -> None:
    before = _metadata_rows(filled)
    filled.delete_episode("a", user_id="u")
    assert _metadata_rows(filled) == before - 7  # source, priority, urgent, tags, project, project.name, project.n
    assert ids(filled, {"source": "email"}) == []
    filled.forget(user_id="u")
    assert _metadata_rows(filled) == 1  # the other user's
    assert [e.id for e in filled.timeline(user_id="other", filter={"source": "email"})] == ["a"]


def test_a_selective_filter_finds_vector_candidates_among_many(tmp_path: Path) -> None:
    """One turn in 400 passes: the nearest neighbours hold none, so the candidates come from
    the turns the metadata index lists (a search over the allowed ids only)."""
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add([turn(f"Lisbon trip note number {i}.", id=f"t{i}") for i in range(400)], user_id="u",
               metadata={"kind": "note"})
        db.add([turn("Tickets for the museum.", id="rare")], user_id="u", metadata={"kind": "ticket"})
        hits = db.search("Lisbon trip note", user_id="u", k=3, recipe="semantic", filter={"kind": "ticket"})
        assert [h.episode.id for h in hits] == ["rare"]


# -- a property test: SQL and a plain-Python reading of the filter agree --------------------------------
def _matches(meta: dict[str, Any], where: dict[str, Any]) -> bool:
    def get(path: tuple[str, ...]) -> tuple[bool, Any]:
        node: Any = meta
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return False, None
            node = node[key]
        return True, node

    def typed(v: Any) -> Any:  # JSON's view: true is no number, 1 and 1.0 are one number
        if isinstance(v, dict):
            return ("object", {k: typed(x) for k, x in v.items()})
        if isinstance(v, list):
            return ("array", [typed(x) for x in v])
        return (type(v) if isinstance(v, bool) or not isinstance(v, (int, float)) else float, v)

    def same(a: Any, b: Any) -> bool:
        return typed(a) == typed(b)

    def test(path: tuple[str, ...], op: str, value: Any) -> bool:
        present, found = get(path)
        if op == "$eq":
            return found is None if value is None else present and same(found, value)
        if op == "$ne":
            return not test(path, "$eq", value)
        if op == "$in":
            return any(test(path, "$eq", v) for v in value)
        if op == "$nin":
            return not test(path, "$in", value)
        if op == "$exists":
            return present == value
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if numeric != (isinstance(found, (int, float)) and not isinstance(found, bool)) or not present:
            return False
        if not numeric and (not isinstance(found, str) or len(found) > 256):
            return False
        return {"$gt": found > value, "$gte": found >= value, "$lt": found < value, "$lte": found <= value}[op]

    def node(spec: dict[str, Any], path: tuple[str, ...]) -> bool:
        for key, value in spec.items():
            if key == "$or":
                ok = any(node(p, ()) for p in value)
            elif key == "$and":
                ok = all(node(p, ()) for p in value)
            elif isinstance(value, dict) and any(k.startswith("$") for k in value):
                ok = all(test((*path, key), op, v) for op, v in value.items())
            elif isinstance(value, dict) and value:
                ok = node(value, (*path, key))
            else:
                ok = test((*path, key), "$eq", value)
            if not ok:
                return False
        return True

    return node(where, ())


KEYS = st.sampled_from(["a", "b", "c"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-3, 3, allow_nan=False),
                    st.sampled_from(["", "x", "y", "2024-01-01"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=2),
                                                       st.dictionaries(KEYS, inner, max_size=2)), max_leaves=4)
COMPARABLE = st.one_of(st.integers(-3, 3), st.floats(-3, 3, allow_nan=False), st.sampled_from(["", "x", "y"]))
OPERATIONS = st.one_of(
    st.tuples(st.sampled_from(["$eq", "$ne"]), VALUES),
    st.tuples(st.sampled_from(["$gt", "$gte", "$lt", "$lte"]), COMPARABLE),
    st.tuples(st.sampled_from(["$in", "$nin"]), st.lists(SCALARS, min_size=1, max_size=3)),
    st.tuples(st.just("$exists"), st.booleans()),
)
LEAVES = st.one_of(SCALARS, st.builds(lambda o: {o[0]: o[1]}, OPERATIONS),
                   st.dictionaries(KEYS, SCALARS, min_size=1, max_size=2))
FILTERS = st.one_of(
    st.dictionaries(KEYS, LEAVES, min_size=1, max_size=2),
    st.builds(lambda op, parts: {op: parts}, st.sampled_from(["$and", "$or"]),
              st.lists(st.dictionaries(KEYS, LEAVES, min_size=1, max_size=2), min_size=1, max_size=2)),
)


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.random()
    if depth < 2 and pick < 0.15:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 2))]
    if depth < 2 and pick < 0.3:
        return {rng.choice("abc"): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 2))}
    return rng.choice([None, True, False, -3, 0, 1, 2, 1.0, 2.5, -0.5, "", "x", "y", "2024-01-01", "z" * 300])


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def random_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    rng = random.Random(7)
    metas = [{}, {"a": 1}, {"a": True}, {"a": None}, {"a": "x"}, {"a": [1, "x"]}, {"a": {"b": 2}}]
    metas += [{rng.choice("abc"): _random_value(rng) for _ in range(rng.randint(0, 3))} for _ in range(60)]
    target = ({"path": tmp_path_factory.mktemp("filters")} if request.param == "sqlite"
              else {"url": request.getfixturevalue("pg_databases")()})
    with MemoryDB(**target, embedder=HashingEmbedder()) as db:
        for i, meta in enumerate(metas):
            db.add([turn(f"turn {i}", id=f"t{i}", ts=f"2024-01-01T{10 + i // 60}:{i % 60:02d}:00")], user_id="u",
                   metadata=meta)
        yield db, metas


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=FILTERS)
def test_sql_agrees_with_a_python_reading(random_store, where: dict[str, Any]) -> None:
    db, metas = random_store
    # Tuples and lists are one JSON array; a filter built from tuples is read the same.
    expected = [f"t{i}" for i, meta in enumerate(metas) if _matches(json.loads(json.dumps(meta)), where)]
    assert [e.id for e in db.timeline(user_id="u", filter=where)] == expected


@pytest.mark.parametrize("cap", [10, 20_000])
def test_filters_too_broad_to_list_give_the_same_turns(tmp_path: Path, monkeypatch, cap: int) -> None:
    """With a cap of 10 the filters below list too many turns: the timeline checks the user's
    turns as they come, and search looks deeper among the nearest before checking them all.
    Either way the same turns come back as when they are listed."""
    import memdb.db
    import memdb.retrieve.retriever

    monkeypatch.setattr(memdb.db, "LISTED_CAP", cap)
    monkeypatch.setattr(memdb.retrieve.retriever, "LISTED_CAP", cap)
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add([turn(f"Lisbon trip note number {i}.", id=f"t{i}", ts=f"2024-01-01T{i // 60:02d}:{i % 60:02d}:00")
                for i in range(300)], user_id="u")
        for i in range(300):
            if i % 10 == 0:  # 30 of them: more than the cap of 10, too few for the first over-fetch
                db.add([turn(f"Tickets and plans {i}.", id=f"x{i}", ts="2024-02-01T10:00:00")], user_id="u",
                       metadata={"kind": "ticket", "n": i})
        where = {"kind": "ticket", "n": {"$gte": 100}}
        assert [e.id for e in db.timeline(user_id="u", filter=where)] == [f"x{i}" for i in range(100, 300, 10)]
        hits = db.search("Lisbon trip note", user_id="u", k=25, recipe="semantic", filter=where)
        assert sorted(h.episode.id for h in hits) == sorted(f"x{i}" for i in range(100, 300, 10))
