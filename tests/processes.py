"""Starting and talking to worker processes (tests/workers.py) from tests and benchmarks."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sql_select

from memdb.db import INDEX_FILE
from memdb.store.schema import EpisodeRow
from memdb.vectors.persist import temporary_file
from tests.workers import DenseHashEmbedder, open_db

ROOT = Path(__file__).resolve().parents[1]


def worker_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.update(extra)
    return env


class Lines:
    """Lines of a child's stdout, read with a deadline (a hung child fails the test, not CI)."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self._buffer = b""

    def next(self, timeout: float = 120.0) -> str | None:
        """The next line, or None at end of output."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()  # type: ignore[union-attr]
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no output from worker {self.process.pid} in {timeout} s")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()


def start(*args: str, env: dict[str, str] | None = None, stdin: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.workers", *args], cwd=ROOT, env=env or worker_env(),
                            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


class Driver:
    """A MemoryDB in another process, driven one JSON command at a time."""

    def __init__(self, data: Path, env: dict[str, str] | None = None) -> None:
        self.process = start("driver", "--data", str(data), env=env, stdin=True)
        self.lines = Lines(self.process)
        ready = self.lines.next()
        if ready is None:
            raise RuntimeError(f"worker failed to start: {self.stderr()}")

    def send(self, op: str, **args: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps({"op": op, **args}) + "\n").encode())
        self.process.stdin.flush()

    def receive(self, timeout: float = 120.0) -> Any:
        line = self.lines.next(timeout)
        if line is None:
            raise RuntimeError(f"worker {self.process.pid} died: {self.stderr()}")
        reply = json.loads(line)
        if "error" in reply:
            raise AssertionError(f"worker {self.process.pid}: {reply['error']}")
        return reply["ok"]

    def __call__(self, op: str, **args: Any) -> Any:
        self.send(op, **args)
        return self.receive()

    def close(self) -> None:
        self("close")
        self.process.wait(30)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stderr(self) -> str:
        if self.process.poll() is None:
            return ""
        return (self.process.stderr.read() if self.process.stderr else b"").decode(errors="replace")[-3000:]

    def __enter__(self) -> "Driver":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)


# -- invariants after processes shared a folder ----------------------------------------------
def check_indexed_exactly_once(data: Path, *, gone: tuple[str, ...] = ()) -> dict[str, int]:
    """Reopen the folder: every stored turn's vector is in its user's partition once, and the
    users in ``gone`` have none. Returns episodes per user."""
    with open_db(data) as db:
        with db.store.session() as s:
            per_user = dict(s.execute(sql_select(EpisodeRow.user_id, func.count()).group_by(EpisodeRow.user_id)).all())
            rows = s.execute(sql_select(EpisodeRow.seq, EpisodeRow.user_id, EpisodeRow.content)).all()
        stats = db.stats()
        assert stats["vectors"] == stats["episodes"] == sum(per_user.values())
        for user, count in per_user.items():
            seqs = [seq for seq, u, _ in rows if u == user]
            assert db.index.partition_size(user) == count == len(db.index.vectors(user, seqs))
        for user in gone:
            assert user not in per_user and db.index.partition_size(user) == 0
        embedder = DenseHashEmbedder()
        for seq, user, content in random.Random(0).sample(rows, min(20, len(rows))):
            vector = embedder.embed([f"Ann: {content}"])[0]  # as ingest embeds a named turn
            assert db.index.search(user, vector, 1)[0][0] == seq
        assert not temporary_file(data / INDEX_FILE).exists()
    return per_user


def kill_ingest_loop(data: Path, *, kills: int, seed: int, size: int = 6, checkpoint_every: int = 30,
                     longest: float = 1.5) -> dict[str, Any]:
    """Start ``ingest`` workers on ``data`` and SIGKILL each at a random moment after its first
    acknowledged batch; each restart goes on from the batch after the last acknowledged one
    (re-adding the one in flight, which may have committed). Saves every ``checkpoint_every``
    turns, so some kills land in a save."""
    rng = random.Random(seed)
    env = worker_env(MEMDB_INDEX_CHECKPOINT_EVERY=str(checkpoint_every))
    following, started, lifetimes = 0, time.monotonic(), []
    for _ in range(kills):
        process = start("ingest", "--data", str(data), "--user", "u", "--prefix", "k", "--start", str(following),
                        "--size", str(size), env=env)
        lines = Lines(process)
        first = lines.next()
        if first is None or not first.startswith("ack"):
            raise RuntimeError((process.stderr.read() if process.stderr else b"").decode()[-2000:])
        following = int(first.split()[1]) + 1
        born, deadline = time.monotonic(), time.monotonic() + rng.uniform(0.05, longest)
        while time.monotonic() < deadline:
            line = lines.next(timeout=60)
            if line is None:
                break
            following = int(line.split()[1]) + 1
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        lifetimes.append(time.monotonic() - born)
        while (line := lines.next(timeout=10)) is not None:  # acks printed before it died
            if line.startswith("ack"):
                following = int(line.split()[1]) + 1
    return {"kills": kills, "size": size, "acknowledged_batches": following, "acknowledged_turns": following * size,
            "seconds": time.monotonic() - started, "ingest_seconds_before_kill": lifetimes}


def check_kill_loop(data: Path, run: dict[str, Any]) -> int:
    """Every acknowledged turn stored, no half batch, every turn indexed once; returns the turns stored."""
    with open_db(data) as db:
        with db.store.session() as s:
            ids = set(s.execute(sql_select(EpisodeRow.id)).scalars())
    size, per_batch = run["size"], {}
    for i in ids:
        batch = int(i.split("-")[1])
        per_batch[batch] = per_batch.get(batch, 0) + 1
    assert all(f"k-{b}-{i}" in ids for b in range(run["acknowledged_batches"]) for i in range(size))
    assert set(per_batch.values()) == {size}, "a batch was stored in part"
    assert check_indexed_exactly_once(data)["u"] == len(ids)
    run["stored_turns"] = len(ids)
    return len(ids)
