"""``memdb ingest`` as a new user meets it: sessions named per line, memdb's own conversation
file (the demo's), and a progress bar that moves as turns are embedded."""

from __future__ import annotations

import json
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from memdb import HashingEmbedder, MemoryDB, Settings
from memdb.cli import app
from memdb.store.schema import EpisodeRow
from tests.conftest import turn

runner = CliRunner()


def memdb(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def local(tmp_path: Path) -> list[str]:
    return ["--data", str(tmp_path / "data"), "--embedder", "hashing"]


def test_a_session_id_on_a_line_puts_the_turn_in_that_session(local: list[str], tmp_path: Path) -> None:
    lines = [{**turn("I live in Lisbon.", id="1"), "session_id": "a"},
             {**turn("I adopted a dog.", id="2"), "session_id": "b"},
             turn("No session of its own.", id="3"),
             {**turn("Back to Lisbon.", id="4"), "session_id": "a"}]
    chat = tmp_path / "chat.jsonl"
    chat.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    assert "4 turns in 3 session(s)" in memdb(*local, "ingest", str(chat), "--user", "u1", "--session", "rest")
    with MemoryDB(tmp_path / "data", embedder=HashingEmbedder()) as db:
        assert {s["session_id"]: s["episodes"] for s in db.sessions(user_id="u1")} == {"a": 2, "b": 1, "rest": 1}
        assert [e.id for e in db.timeline(user_id="u1", session_id="a")] == ["1", "4"]
        assert all("session_id" not in e.metadata for e in db.timeline(user_id="u1"))


def test_ingest_reads_the_projects_own_demo_file(local: list[str], tmp_path: Path) -> None:
    demo = resources.files("memdb").joinpath("data/demo_conversation.json")
    data = json.loads(demo.read_text("utf-8"))
    turns = sum(len(s["turns"]) for s in data["sessions"])
    out = memdb(*local, "ingest", str(demo), "--user", "maya")
    assert f"{turns} turns in {len(data['sessions'])} session(s)" in out
    with MemoryDB(tmp_path / "data", embedder=HashingEmbedder()) as db:
        assert [s["session_id"] for s in db.sessions(user_id="maya")] == [s["session_id"] for s in data["sessions"]]
        first = data["sessions"][0]["turns"][0]
        assert db.get_episode(first["id"], user_id="maya").content == first["content"]


def stored_vectors(db: MemoryDB) -> np.ndarray:
    with db.store.session() as s:
        blobs = s.execute(select(EpisodeRow.embedding).order_by(EpisodeRow.id)).scalars().all()
    return np.frombuffer(b"".join(blobs), np.float32)


def test_add_reports_progress_a_forward_pass_at_a_time(tmp_path: Path) -> None:
    turns = [turn(f"Turn number {i} about {'dogs ' * (i % 7)}", id=f"{i:03d}") for i in range(100)]
    turns[50] = {**turns[50], "content": turns[10]["content"]}  # one text, two turns
    seen: list[int] = []
    with MemoryDB(tmp_path / "a", embedder=HashingEmbedder(), settings=Settings(embed_batch_size=16)) as db:
        db.add(turns[:20], user_id="u")  # stored already: these count from the start
        db.add(turns, user_id="u", progress=seen.append)
        with_progress = stored_vectors(db)
    assert seen == sorted(seen) and seen[0] >= 20 and seen[-1] == 100 and len(seen) >= 5
    with MemoryDB(tmp_path / "b", embedder=HashingEmbedder()) as db:
        db.add(turns, user_id="u")  # one embedder call: the same vectors
        assert np.array_equal(stored_vectors(db), with_progress)


def test_the_progress_bar_moves_per_pass_not_per_batch(local: list[str], tmp_path: Path, monkeypatch) -> None:
    import typer

    steps: list[int] = []

    @contextmanager
    def bar(**_: Any):
        yield type("Bar", (), {"update": staticmethod(steps.append)})()

    monkeypatch.setattr(typer, "progressbar", bar)
    chat = tmp_path / "chat.json"
    chat.write_text(json.dumps([turn(f"Message {i} " + "word " * (i % 9)) for i in range(300)]), encoding="utf-8")
    memdb(*local, "ingest", str(chat), "--user", "u1")  # one add() of 300 turns
    assert sum(steps) == 300 and len(steps) >= 300 // 64 and max(steps) <= 64
