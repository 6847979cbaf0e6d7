"""add(): validation, idempotency, conflicts, and all-or-nothing batches."""

from __future__ import annotations

import pytest

from memdb import ConflictError, EmbeddingError, InvalidInputError, MemoryDB, Settings, HashingEmbedder
from memdb.knowledge import KnowledgeWriter
from tests.conftest import turn

GOOD = turn("I adopted a dog named Biscuit.", id="t1")


def test_add_returns_episodes_in_order_with_both_times(db: MemoryDB) -> None:
    eps = db.add([turn("first", id="a"), turn("second", id="b", ts="2024-01-01T11:00:00")], user_id="u1", session_id="s1")
    assert [e.id for e in eps] == ["a", "b"]
    assert eps[0].occurred_at.isoformat() == "2024-01-01T10:00:00+00:00"
    assert eps[0].recorded_at > eps[0].occurred_at  # recorded now, happened then
    assert eps[0].session_id == "s1" and eps[0].name == "Ann" and eps[0].role == "user"


def test_add_returns_what_the_store_returns_later(db: MemoryDB) -> None:
    # Fresh turns are returned from what was validated, re-added ones from their rows: both
    # must read exactly as get_episode does (UTC times, a copy of the metadata).
    meta = {"channel": "sms"}
    first = db.add([{"role": "user", "name": "Ann", "content": "hello there", "id": "a",
                     "timestamp": "2024-03-01T12:00:00+02:00"}], user_id="u1", metadata=meta)
    meta["channel"] = "changed by the caller"
    again = db.add([{"role": "user", "name": "Ann", "content": "hello there", "id": "a",
                     "timestamp": "2024-03-01T12:00:00+02:00"}, turn("new", id="b")], user_id="u1")
    assert first[0] == again[0] == db.get_episode("a", user_id="u1")
    assert again[1] == db.get_episode("b", user_id="u1")
    assert first[0].occurred_at.isoformat() == "2024-03-01T10:00:00+00:00"
    assert first[0].metadata == {"channel": "sms"} and type(first[0]).__name__ == "Episode"


def test_a_batch_is_stored_in_message_order_with_consecutive_seqs(db: MemoryDB) -> None:
    # Neighbouring turns are seq ± 1 (the context signal relies on it), in the order given.
    from sqlalchemy import select

    from memdb.store.schema import EpisodeRow

    db.add([turn("zero", id="z")], user_id="u1")
    ids = ["e", "d", "c", "b", "a"]  # not sorted, and timestamps in another order still
    db.add([turn(f"turn {i}", id=i, ts=f"2024-01-0{5 - n}T10:00:00") for n, i in enumerate(ids)], user_id="u1")
    with db.store.session() as s:
        seqs = dict(s.execute(select(EpisodeRow.id, EpisodeRow.seq).where(EpisodeRow.user_id == "u1")).all())
    assert [seqs[i] for i in ids] == list(range(seqs["e"], seqs["e"] + 5)) and seqs["e"] == seqs["z"] + 1


def test_generated_ids_and_batch_metadata(db: MemoryDB) -> None:
    eps = db.add([{"role": "user", "content": "hello there"}], user_id="u1", metadata={"channel": "web"})
    assert len(eps[0].id) == 32 and eps[0].metadata == {"channel": "web"}


def test_re_adding_the_same_id_is_idempotent(db: MemoryDB) -> None:
    first = db.add([GOOD], user_id="u1")
    again = db.add([GOOD, turn("new one", id="t2")], user_id="u1")
    assert again[0] == first[0]
    assert db.stats(user_id="u1")["episodes"] == 2 and db.stats(user_id="u1")["vectors"] == 2


def test_same_id_other_content_is_a_conflict_and_changes_nothing(db: MemoryDB) -> None:
    db.add([GOOD], user_id="u1")
    before = db.stats()
    with pytest.raises(ConflictError):
        db.add([turn("fresh", id="t3"), turn("I adopted a cat.", id="t1")], user_id="u1")
    assert db.stats() == before


def test_same_id_for_another_user_is_another_episode(db: MemoryDB) -> None:
    db.add([GOOD], user_id="u1")
    db.add([GOOD], user_id="u2")
    assert db.stats()["episodes"] == 2


BAD_BATCHES = [
    ([], "must not be empty"),
    ("hello", "list"),
    ([42], "must be an object"),
    ([{"role": "user"}], "content"),
    ([{"role": "user", "content": "   "}], "content"),
    ([{"role": "user", "content": 5}], "content"),
    ([{"role": "wizard", "content": "hi"}], "role"),
    ([{"role": "user", "content": "hi", "timestamp": "not a time"}], "timestamp"),
    ([{"role": "user", "content": "hi", "timestamp": True}], "timestamp"),
    ([{"role": "user", "content": "hi", "colour": "red"}], "unknown field"),
    ([{"role": "user", "content": "hi", "id": ""}], "id"),
    ([{"role": "user", "content": "hi", "id": "x" * 256}], "id"),
    ([{"role": "user", "content": "hi", "name": ["a"]}], "name"),
    ([{"role": "user", "content": "hi", "metadata": "x"}], "metadata"),
    ([{"role": "user", "content": "hi", "metadata": {"f": float("nan")}}], "metadata"),
    ([{"role": "user", "content": "nul\x00byte"}], "NUL"),
    ([turn("a", id="same"), turn("b", id="same")], "twice"),
    ([turn("fine", id="ok1"), {"role": "user", "content": "x" * 20_001}], "limit"),
]


@pytest.mark.parametrize("messages, message", BAD_BATCHES)
def test_bad_batches_are_refused_and_change_nothing(db: MemoryDB, messages, message: str) -> None:
    db.add([GOOD], user_id="u1")
    before = db.stats()
    with pytest.raises(InvalidInputError, match=message):
        db.add(messages, user_id="u1")
    assert db.stats() == before


@pytest.mark.parametrize("user_id", ["", "  ", None, 3.5, "x" * 256, "tab\tid"])
def test_bad_user_ids(db: MemoryDB, user_id) -> None:
    with pytest.raises(InvalidInputError, match="user_id"):
        db.add([GOOD], user_id=user_id)


def test_too_many_messages(tmp_path) -> None:
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), settings=Settings(max_batch_messages=2)) as small:
        with pytest.raises(InvalidInputError, match="at most 2"):
            small.add([turn("a"), turn("b"), turn("c")], user_id="u")


class BrokenEmbedder(HashingEmbedder):
    def embed(self, texts):
        raise EmbeddingError("model exploded")


def test_embedding_failure_leaves_nothing(tmp_path) -> None:
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as first:
        first.add([GOOD], user_id="u1")
    with MemoryDB(tmp_path, embedder=BrokenEmbedder()) as broken:
        with pytest.raises(EmbeddingError):
            broken.add([turn("another turn", id="t9")], user_id="u1")
        assert broken.stats()["episodes"] == 1


def test_failure_half_way_through_a_batch_rolls_back_everything(db: MemoryDB, monkeypatch) -> None:
    db.add([GOOD], user_id="u1")
    before = db.stats()
    calls = {"n": 0}
    original = KnowledgeWriter.record_mentions

    def fail_on_second(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(KnowledgeWriter, "record_mentions", fail_on_second)
    with pytest.raises(RuntimeError):
        db.add([turn("My sister Anna lives in Rome.", id="x1"), turn("Bob moved to Oslo.", id="x2")], user_id="u1")
    monkeypatch.undo()
    assert db.stats() == before
    assert [h.episode.id for h in db.search("sister Anna Rome", user_id="u1")] in ([], ["t1"])
    assert db.add([turn("My sister Anna lives in Rome.", id="x1")], user_id="u1")[0].id == "x1"


def test_identical_texts_are_embedded_once(tmp_path) -> None:
    class Counting(HashingEmbedder):
        texts: list[str] = []

        def embed(self, texts):
            Counting.texts.extend(texts)
            return super().embed(texts)

    with MemoryDB(tmp_path, embedder=Counting()) as memory:
        memory.add([turn("same words", id="a"), turn("same words", id="b")], user_id="u1")
        memory.add([turn("same words", id="c")], user_id="u2")
    assert Counting.texts.count("Ann: same words") == 1


def test_a_batch_is_embedded_in_one_call_turns_then_new_names(tmp_path) -> None:
    # A call of its own for a session's few new names cost a whole forward pass.
    class Calls(HashingEmbedder):
        calls: list[list[str]] = []
        knows_meaning = True  # as the model: names are embedded (the hashing one's are not)

        def embed(self, texts):
            Calls.calls.append(list(texts))
            return super().embed(texts)

    with MemoryDB(tmp_path, embedder=Calls()) as memory:
        memory.add([turn("I visited Paris with Lena Chen.", id="a"), turn("Lena loved it.", id="b")], user_id="u1")
        assert memory.entity("Lena Chen", user_id="u1").name == "Lena Chen"
        assert memory.entity("Paris", user_id="u1").name == "Paris"
    [call] = Calls.calls
    turns, names = call[:2], call[2:]
    assert turns == ["Ann: I visited Paris with Lena Chen.", "Ann: Lena loved it."]
    assert names and not any(": " in n for n in names) and len(set(names)) == len(names)
