"""Starting and talking to worker processes (tests/workers.py) and `memdb serve` from tests and benchmarks."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import socket
import subprocess
import sys
import tempfile
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memdb_command(data: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """``memdb --data DATA --embedder hashing ARGS`` as a user runs it; its output, stripped."""
    return subprocess.run([sys.executable, "-m", "memdb", "--data", str(data), "--embedder", "hashing", *args],
                          cwd=ROOT, env=env or worker_env(), check=True, capture_output=True, text=True).stdout.strip()


class Serve:
    """``memdb --data DATA --embedder hashing serve`` (or ``serve --db-url DB_URL``) in a
    subprocess on a free port, as a user runs it; started again (on a new port) after a kill.
    Its log goes to a file: a pipe nobody reads would fill with uvicorn's request lines and stop
    the server."""

    def __init__(self, data: Path | None, env: dict[str, str] | None = None, *, db_url: str | None = None) -> None:
        self.data, self.env, self.db_url = data, env or worker_env(), db_url
        self.process: subprocess.Popen | None = None
        self.url = ""
        self._log = tempfile.TemporaryFile()

    def start(self, timeout: float = 60.0) -> float:
        """Start it and wait until /readyz answers 200; returns the seconds that took."""
        import httpx

        port, started = free_port(), time.monotonic()
        self._log.seek(0)
        self._log.truncate()
        where = ["--data", str(self.data)] if self.data else []
        database = ["--db-url", self.db_url] if self.db_url else []
        self.process = subprocess.Popen([sys.executable, "-m", "memdb", *where, "--embedder", "hashing", "serve",
                                         *database, "--port", str(port)], cwd=ROOT, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=self._log)
        self.url = f"http://127.0.0.1:{port}"
        while True:
            try:
                if httpx.get(self.url + "/readyz", timeout=10).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() - started > timeout:
                raise RuntimeError(f"memdb serve did not start: {self.log()}")
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; its exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(60)

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-5000:]

    def __enter__(self) -> "Serve":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
        self._log.close()


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
def check_indexed_exactly_once(data: Path, *, gone: tuple[str, ...] = (), embedder: Any = None) -> dict[str, int]:
    """Reopen the folder (with ``embedder``, else the workers' one): every stored turn's vector is
    in its user's partition once, and the users in ``gone`` have none. Returns episodes per user."""
    embedder = embedder or DenseHashEmbedder()
    with open_db(data, embedder) as db:
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
        for seq, user, content in random.Random(0).sample(rows, min(20, len(rows))):
            vector = embedder.embed([f"Ann: {content}"])[0]  # as ingest embeds a named turn
            hits = db.index.search(user, vector, 5)
            assert seq in [s for s, score in hits if score >= hits[0][1] - 1e-6]  # first, or tied for it
        assert not temporary_file(data / INDEX_FILE).exists()
    return per_user
