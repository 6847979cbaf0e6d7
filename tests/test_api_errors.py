"""Bad input to every public read/delete method gets a clear MemdbError and changes nothing."""

from __future__ import annotations

import threading

import pytest

from memdb import ConfigError, InvalidInputError, MemoryDB, NotFoundError, HashingEmbedder
from tests.conftest import on_both_backends, turn

db = pytest.fixture(name="db")(on_both_backends)  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture
def filled(db: MemoryDB) -> MemoryDB:
    db.add([turn("I adopted a dog named Biscuit.", id="1"), turn("My sister Lena lives in Toronto.", id="2")], user_id="u")
    return db


CALLS = [
    ("search", lambda m: m.search("", user_id="u"), InvalidInputError),
    ("search", lambda m: m.search(None, user_id="u"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id=""), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", k=0), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", k=10_001), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", k="5"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", as_of="someday"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", start="2024-02-01", end="2024-01-01"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", recipe="nope"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", weights={"magic": 1}), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", weights={"vector": -1}), InvalidInputError),
    ("search", lambda m: m.search("x" * 30_000, user_id="u"), InvalidInputError),
    ("get_episode", lambda m: m.get_episode("404", user_id="u"), NotFoundError),
    ("get_episode", lambda m: m.get_episode("1", user_id="someone-else"), NotFoundError),
    ("get_episode", lambda m: m.get_episode("", user_id="u"), InvalidInputError),
    ("delete_episode", lambda m: m.delete_episode("404", user_id="u"), NotFoundError),
    ("delete_episode", lambda m: m.delete_episode("1", user_id="someone-else"), NotFoundError),
    ("forget", lambda m: m.forget(user_id="nobody"), NotFoundError),
    ("forget", lambda m: m.forget(user_id=None), InvalidInputError),
    ("entity", lambda m: m.entity("Zorro", user_id="u"), NotFoundError),
    ("entity", lambda m: m.entity("", user_id="u"), InvalidInputError),
    ("entity", lambda m: m.entity(None, user_id="u"), InvalidInputError),
    ("entity", lambda m: m.entity(10**9, user_id="u"), NotFoundError),
    ("entities", lambda m: m.entities(user_id="u", limit=0), InvalidInputError),
    ("entities", lambda m: m.entities(user_id="u", as_of="garbage"), InvalidInputError),
    ("facts", lambda m: m.facts(user_id="u", entity="Zorro"), NotFoundError),
    ("facts", lambda m: m.facts(user_id="u", as_of=[1]), InvalidInputError),
    ("graph", lambda m: m.graph(user_id="u", as_of="nonsense"), InvalidInputError),
    ("graph", lambda m: m.graph(user_id="u", depth=-1), InvalidInputError),
    ("timeline", lambda m: m.timeline(user_id="u", limit=-1), InvalidInputError),
    ("timeline", lambda m: m.timeline(user_id="u", offset=-1), InvalidInputError),
    ("timeline", lambda m: m.timeline(user_id="u", start="never"), InvalidInputError),
    # beyond what SQL or datetime hold: these raised OverflowError (a 500 over HTTP)
    ("search", lambda m: m.search("dog", user_id="u", now="0001-01-01T00:00:00+05:00"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", start="9999-12-31T23:59:59-05:00"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", as_of="0001-01-01T00:00:00+05:00"), InvalidInputError),
    ("search", lambda m: m.search("dog", user_id="u", end=10**400), InvalidInputError),
    ("add", lambda m: m.add([turn("x", ts="9999-12-31T23:59:59-05:00")], user_id="u"), InvalidInputError),
    ("add", lambda m: m.add([turn("x", ts=True)], user_id="u"), InvalidInputError),  # type: ignore[arg-type]
    ("add", lambda m: m.add([turn("x", ts="05/03/2024")], user_id="u"), InvalidInputError),
    ("timeline", lambda m: m.timeline(user_id="u", offset=2**63), InvalidInputError),
    ("timeline", lambda m: m.timeline(user_id="u", entity=2**63), NotFoundError),
    ("entities", lambda m: m.entities(user_id="u", offset=2**63), InvalidInputError),
    ("entities", lambda m: m.entities(user_id="u", as_of="9999-12-31T23:59:59-05:00"), InvalidInputError),
    ("entity", lambda m: m.entity(2**63, user_id="u"), NotFoundError),
    ("entity", lambda m: m.entity(-(2**63) - 1, user_id="u"), NotFoundError),
    ("facts", lambda m: m.facts(user_id="u", entity=10**30), NotFoundError),
    ("facts", lambda m: m.facts(user_id="u", limit=2**63), InvalidInputError),
    ("graph", lambda m: m.graph(user_id="u", center=2**64), NotFoundError),
    ("stats", lambda m: m.stats(user_id="u", prefix="u"), InvalidInputError),
]


@pytest.mark.parametrize("name, call, error", CALLS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CALLS)])
def test_bad_calls_raise_and_change_nothing(filled: MemoryDB, name: str, call, error) -> None:
    before = filled.stats()
    with pytest.raises(error) as info:
        call(filled)
    assert info.value.message
    assert filled.stats() == before


def test_unknown_user_reads_are_empty_not_errors(filled: MemoryDB) -> None:
    assert filled.search("dog", user_id="nobody") == []
    assert filled.timeline(user_id="nobody") == []
    assert filled.entities(user_id="nobody") == []
    assert filled.graph(user_id="nobody").number_of_nodes() == 0


def test_a_plain_postgresql_url_means_psycopg_3(pg_databases) -> None:
    url = pg_databases()
    with MemoryDB(url=url.replace("postgresql+psycopg://", "postgresql://"), embedder=HashingEmbedder()) as memory:
        assert memory.store.url.drivername == "postgresql+psycopg"


def test_closed_db_refuses_calls(tmp_path) -> None:
    memory = MemoryDB(tmp_path, embedder=HashingEmbedder())
    memory.close()
    memory.close()
    with pytest.raises(InvalidInputError, match="closed"):
        memory.search("x", user_id="u")


@pytest.mark.parametrize("kwargs", [{}, {"path": "a", "url": "sqlite:///b"}, {"url": "nosuch://x"}, {"url": "mysql://x/y"},
                                    {"url": "postgresql+psycopg2://u@127.0.0.1/db"}])  # memdb speaks psycopg 3
def test_bad_configuration(tmp_path, kwargs) -> None:
    with pytest.raises(ConfigError):
        MemoryDB(embedder=HashingEmbedder(), **kwargs)


def test_path_that_is_a_file_is_refused(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError):
        MemoryDB(tmp_path / "file", embedder=HashingEmbedder())


def test_url_form_keeps_index_beside_the_database(tmp_path) -> None:
    with MemoryDB(url=f"sqlite:///{tmp_path}/mem.db", embedder=HashingEmbedder()) as memory:
        memory.add([turn("hello world", id="1")], user_id="u")
    assert (tmp_path / "mem.db.vectors.npz").exists()


def test_timeline_is_in_event_time_order_and_bounded(filled: MemoryDB) -> None:
    filled.add([turn("earlier thing", id="0", ts="2023-12-31T10:00:00")], user_id="u")
    assert [e.id for e in filled.timeline(user_id="u")] == ["0", "1", "2"]
    assert [e.id for e in filled.timeline(user_id="u", start="2024-01-01")] == ["1", "2"]
    assert [e.id for e in filled.timeline(user_id="u", newest_first=True, limit=1)] == ["2"]


def test_concurrent_writers_and_readers(db: MemoryDB) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(10):
                db.add([turn(f"writer {n} turn {i} about hiking", id=f"{n}-{i}"), turn(f"and {n}-{i} more", id=f"{n}-{i}b")],
                       user_id="u")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def read() -> None:
        try:
            for _ in range(30):
                for hit in db.search("hiking", user_id="u", k=5):
                    # a hit from a batch implies its sibling is there too: no half-applied batches
                    base = hit.episode.id.removesuffix("b")
                    db.get_episode(base, user_id="u")
                    db.get_episode(base + "b", user_id="u")
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)] + [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert db.stats(user_id="u")["episodes"] == 60 == db.stats(user_id="u")["vectors"]


EDGES = ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000001Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999Z"]
TIMED_QUERIES = ["dog", "what happened last week", "next year", "in May", "yesterday", "3 days ago", "tomorrow",
                 "in the 1990s", "since 2020", "last decade", "this weekend", "in the summer", "100 years ago"]


def test_turns_and_anchors_at_the_ends_of_time_search_without_error(db: MemoryDB) -> None:
    """Turns said at the first and last representable moments (the last half millisecond of 9999
    once made every later search of their user fail), searched with every anchor there."""
    db.add([turn(f"I walked the dog {i}; last week and next year too.", id=str(i), ts=t) for i, t in enumerate(EDGES)],
           user_id="u")
    for anchor in EDGES:
        for query in TIMED_QUERIES:
            for option in ("now", "as_of", "start", "end"):
                for recipe in ("default", "recent"):
                    db.search(query, user_id="u", recipe=recipe, **{option: anchor})
        assert db.timeline(user_id="u", start=anchor, end=anchor, as_of=anchor) is not None
        db.entities(user_id="u", as_of=anchor)
        db.graph(user_id="u", as_of=anchor)
    assert {h.episode.id for h in db.search("dog", user_id="u", k=10)} == {"0", "1", "2", "3"}
