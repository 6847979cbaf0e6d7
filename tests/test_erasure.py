"""Delete and forget erase: once the call returns, a byte scan of every file in the data folder
(database, WAL, shared memory, FTS5 shadow tables, vector index file, anything) finds none of the
erased text, ids or vectors — also when the process is killed with SIGKILL right after the call,
and also after another process that had the rows in its index saves its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from memdb.db import DB_FILE, INDEX_FILE
from tests.processes import Driver
from tests.workers import DenseHashEmbedder, open_db


def turn(id: str, content: str, ts: str, name: str = "Ann") -> dict:
    return {"id": id, "role": "user", "name": name, "content": content, "timestamp": ts}


def vector_bytes(content: str, name: str = "Ann") -> bytes:
    return np.asarray(DenseHashEmbedder().embed([f"{name}: {content}"])[0], dtype=np.float32).tobytes()


def found_in(folder: Path, needles: dict[str, bytes]) -> dict[str, list[str]]:
    """Which needles occur in which files (case-insensitively for text; vectors as bytes, also
    any 16-byte part of them)."""
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lowered = data.lower()
        for what, needle in needles.items():
            if what.startswith("vector"):
                parts = [needle[i:i + 16] for i in range(0, len(needle) - 15, 16)]
                present = any(part in data for part in parts)
            else:
                present = needle.lower() in lowered
            if present:
                hits.setdefault(what, []).append(path.name)
    return hits


def fts_segments_holding(folder: Path, word: str) -> int:
    """FTS5 segment pages holding ``word``: a deleted row's terms stay in them until merged."""
    with open_db(folder) as db, db.store.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM episodes_fts_data WHERE instr(lower(block), :w) > 0"),
                             {"w": word.encode()}).scalar() or 0)


# The deleted turn first states a fact a later turn restates, and gives Lena a surname.
KEPT = [turn("e1", "My sister Lena lives in Toronto.", "2024-01-01T10:00:00"),
        turn("e3", "I live in Berlin.", "2024-03-01T10:00:00")]
GONE = turn("gone-qvzid7", "I live in Berlin near qvzparkq. My sister Lena Xjwmarkx visited.", "2024-02-01T10:00:00")


def test_delete_episode_leaves_nothing_of_the_turn_in_any_file_even_after_kill_9(tmp_path: Path) -> None:
    needles = {"text": b"qvzparkq", "name": b"xjwmarkx", "id": b"gone-qvzid7", "vector": vector_bytes(GONE["content"])}
    with open_db(tmp_path) as db:  # closed: the index file holds the turn's vector
        db.add([KEPT[0], GONE], user_id="keeper")
        db.add([KEPT[1]], user_id="keeper")
    with Driver(tmp_path) as memory:
        assert memory("stats", user="keeper")["vectors"] == 3
        before = found_in(tmp_path, needles)
        assert set(before) == set(needles) and INDEX_FILE in before["vector"]  # the scan sees them
        memory("delete", user="keeper", id="gone-qvzid7")
        memory.kill()  # SIGKILL right after the call returned
    assert found_in(tmp_path, needles) == {}
    assert fts_segments_holding(tmp_path, "qvzparkq") == 0
    with open_db(tmp_path) as db:
        facts = {f.fact for f in db.facts(user_id="keeper")}
        assert "I live in Berlin." in facts and not any("qvzparkq" in f for f in facts)
        assert db.entity("Lena", user_id="keeper").name == "Lena"
        assert db.stats(user_id="keeper")["vectors"] == 2
    assert found_in(tmp_path, needles) == {}


def test_fts_segments_keep_deleted_words_until_merged(tmp_path: Path) -> None:
    """The control for the scan above: a plain FTS5 delete leaves the words in its segments."""
    with open_db(tmp_path) as db:
        db.add([KEPT[0], GONE], user_id="keeper")
        with db.store.session(write=True) as s:
            db.store.fulltext.remove(s.connection(), [2])
    assert fts_segments_holding(tmp_path, "qvzparkq") > 0


VICTIM = "victim-qvzuser"
VICTIM_TURNS = [turn(f"v{i}", f"Secret plan number {i}: meet at zqmarker{i}x.", f"2024-01-0{i + 1}T10:00:00",
                     name="Vic") for i in range(3)]


@pytest.mark.parametrize("other_saves", [False, True])
def test_forget_leaves_nothing_of_the_user_in_any_file_even_after_kill_9(tmp_path: Path, other_saves: bool) -> None:
    needles = {"user": VICTIM.encode(), **{f"text{i}": f"zqmarker{i}x".encode() for i in range(3)},
               **{f"vector{i}": vector_bytes(t["content"], "Vic") for i, t in enumerate(VICTIM_TURNS)}}
    with open_db(tmp_path) as db:  # closed: the index file holds the user's vectors and id
        db.add(VICTIM_TURNS, user_id=VICTIM)
    with Driver(tmp_path) as memory, Driver(tmp_path) as other:
        memory("add", user="bystander", turns=KEPT)
        assert other("stats", user=VICTIM)["vectors"] == 3  # the other process holds the vectors too
        before = found_in(tmp_path, needles)
        assert set(before) == set(needles) and INDEX_FILE in before["vector0"] and INDEX_FILE in before["user"]
        assert memory("forget", user=VICTIM) == 3
        memory.kill()
        assert found_in(tmp_path, needles) == {}
        if other_saves:
            other.close()  # it had the victim indexed; its save catches up first
            assert found_in(tmp_path, needles) == {}
    with open_db(tmp_path) as db:
        assert db.stats(user_id=VICTIM)["vectors"] == 0 and db.stats()["vectors"] == 2
        assert VICTIM not in db.users()
    assert found_in(tmp_path, needles) == {}
    assert (tmp_path / DB_FILE).exists()
