"""Several processes on one data folder (real subprocesses, tests/workers.py): every turn any of
them writes is searchable in the others at once and indexed exactly once after they close, in
either order or by a crash; a forget in one is honoured by the others and not undone by their
saves; kill -9 during ingest loses no acknowledged turn."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from memdb.store.schema import EpisodeRow
from tests.kill_loop import PROBLEMS, HttpIngest, LibraryIngest, kill_loop
from tests.processes import Driver, Serve, check_indexed_exactly_once, memdb_command, worker_env
from tests.workers import turns


@pytest.mark.parametrize("ending", ["a_closes_first", "b_closes_first", "b_crashes"])
def test_two_writers_interleave_and_a_forget_in_one_holds_in_the_other(tmp_path: Path, ending: str) -> None:
    with Driver(tmp_path) as a, Driver(tmp_path) as b:
        a("add_batches", user="f", prefix="f", start=0, batches=3, size=5)
        assert b("search", user="f", query="wfx1x2") == ["f-1-2"]  # b follows a: f's rows are in b's index
        assert b("stats", user="f")["vectors"] == 15
        # Both write to one user at once: their changes interleave in the log.
        a.send("add_batches", user="s", prefix="a", start=0, batches=12, size=4)
        b.send("add_batches", user="s", prefix="b", start=0, batches=12, size=4)
        assert a.receive() == b.receive() == 12
        assert a("forget", user="f") == 15
        # b learns of the forget before its next read: no stale hit, no vector left.
        assert b("search", user="f", query="wfx1x2") == []
        assert b("semantic", user="f", text="Ann: Note wfx1x2 about the garden and the weather.") == []
        assert b("stats", user="f") == {"episodes": 0, "entities": 0, "facts": 0, "vectors": 0}
        a("add_batches", user="s", prefix="a", start=12, batches=2, size=4)
        b("add_batches", user="s", prefix="b", start=12, batches=2, size=4)
        for who in (a, b):
            stats = who("stats")
            assert stats["vectors"] == stats["episodes"] == 2 * 14 * 4
        if ending == "a_closes_first":
            a.close()
            b.close()
        elif ending == "b_closes_first":
            b.close()
            a.close()
        else:
            b("exit")  # gone without saving anything
            a.close()
    assert check_indexed_exactly_once(tmp_path, gone=("f",)) == {"s": 112}


def test_a_turn_written_in_one_process_is_searchable_in_the_other_at_once(tmp_path: Path) -> None:
    with Driver(tmp_path) as writer, Driver(tmp_path) as reader:
        for n in range(5):
            writer("add", user="u", turns=turns("p", n, 1))
            written = time.monotonic()
            assert reader("search", user="u", query=f"wpx{n}x0") == [f"p-{n}-0"]
            assert time.monotonic() - written < 1.0
        writer("delete", user="u", id="p-3-0")
        assert reader("search", user="u", query="wpx3x0") == []
        assert reader("stats", user="u")["vectors"] == 4
        reader("add", user="u", turns=turns("q", 0, 1))  # and the other way round
        assert writer("search", user="u", query="wqx0x0") == ["q-0-0"]
        writer.close()
        reader.close()
    check_indexed_exactly_once(tmp_path)


def test_a_reader_does_not_resurrect_what_a_writer_deleted_when_it_saves(tmp_path: Path) -> None:
    """The reader's index held the rows when they were deleted; it saves last, at close."""
    env = worker_env(MEMDB_INDEX_CHECKPOINT_EVERY="5")
    with Driver(tmp_path, env) as writer, Driver(tmp_path, env) as reader:
        writer("add_batches", user="u", prefix="k", start=0, batches=4, size=5)
        writer("add_batches", user="v", prefix="v", start=0, batches=2, size=5)
        assert reader("stats")["vectors"] == 30
        writer("delete", user="u", id="k-0-0")
        writer("forget", user="v")
        writer.close()
        reader.close()  # its save catches up first: the deletions hold
    check_indexed_exactly_once(tmp_path, gone=("v",))


def test_kill_9_during_library_ingest_loses_no_acknowledged_turn(tmp_path: Path) -> None:
    """≥ 5 kills of a library writer at random moments (saves every 12 turns, so some land in
    a save); each restart re-adds the batch in flight. bench/kill_ingest.py runs 20+."""
    run = kill_loop(LibraryIngest(tmp_path), kills=5, seed=15, longest=1.5)
    assert run["kills"] == 5 and run["acknowledged_turns"] > 0 and run["indexed_once"]
    assert {key: run[key] for key in PROBLEMS} == dict.fromkeys(PROBLEMS, 0)
    assert run["stored_turns"] >= run["acknowledged_turns"]


def test_kill_9_of_memdb_serve_during_http_ingest_loses_no_acknowledged_turn(tmp_path: Path) -> None:
    """≥ 5 kills of ``memdb serve`` while 3 clients POST batches of 4 turns; after each restart
    every acknowledged turn is there once, found by full text and by vector search, no batch is
    in part, no temporary file is left, and stats' vectors = episodes. bench/kill_ingest.py
    --http runs 20+."""
    writer = HttpIngest(tmp_path / "data")
    run = kill_loop(writer, kills=5, seed=15, longest=1.0)
    assert run["errors"] == [] and run["problems"] == [], run
    assert {key: run[key] for key in PROBLEMS} == dict.fromkeys(PROBLEMS, 0)
    assert run["acknowledged_turns"] > 0 and run["indexed_once"] and run["stopped_cleanly"]
    assert run["searched_batches"] == run["acknowledged_batches"]
    assert run["stored_turns"] >= run["acknowledged_turns"]


def test_memdb_serve_and_memdb_ingest_and_a_script_share_a_data_folder(tmp_path: Path) -> None:
    """What a user does: a server runs while ``memdb ingest`` adds a transcript to its folder,
    and a script of theirs opens the same folder to read."""
    import json

    import httpx

    from memdb import HashingEmbedder, MemoryDB

    data = tmp_path / "data"
    headers = {"X-API-Key": memdb_command(data, "keys", "create", "--name", "bot", "--tenant", "t")}
    with Serve(data) as server:
        url = server.url
        r = httpx.post(url + "/v1/episodes", headers=headers, json={"user_id": "u1", "messages": turns("h", 0, 5)})
        assert r.status_code in (200, 201), r.text
        transcript = tmp_path / "chat.jsonl"
        transcript.write_text("\n".join(json.dumps(t) for b in range(6) for t in turns("c", b, 10)))
        memdb_command(data, "ingest", str(transcript), "--user", "t:u1", "--batch", "10")
        stats = httpx.get(url + "/v1/stats", params={"user_id": "u1"}, headers=headers).json()
        assert stats["episodes"] == stats["vectors"] == 65
        hits = httpx.post(url + "/v1/search", headers=headers,
                          json={"user_id": "u1", "query": "wcx4x7", "k": 1, "recipe": "lexical"}).json()
        assert hits["hits"][0]["episode"]["id"] == "c-4-7"
        with MemoryDB(data, embedder=HashingEmbedder()) as script:
            assert script.stats(user_id="t:u1")["vectors"] == 65
            r = httpx.post(url + "/v1/episodes", headers=headers, json={"user_id": "u1", "messages": turns("h", 1, 1)})
            assert r.status_code in (200, 201)
            (hit,) = script.search("whx1x0", user_id="t:u1", k=1, recipe="lexical")
            with script.store.session() as s:
                seq = s.execute(select(EpisodeRow.seq).where(EpisodeRow.id == "h-1-0")).scalar_one()
            assert hit.episode.id == "h-1-0" and script.index.vectors("t:u1", [seq])  # and its vector
            assert script.stats(user_id="t:u1")["vectors"] == 66
        assert httpx.get(url + "/v1/stats", params={"user_id": "u1"}, headers=headers).json()["vectors"] == 66
        assert server.stop() == 0
    with MemoryDB(data, embedder=HashingEmbedder()) as reopened:
        stats = reopened.stats()
        assert stats["vectors"] == stats["episodes"] == 66
