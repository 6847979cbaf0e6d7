"""Several ``memdb serve`` processes on one database: replicas behind any load balancer.

A replica keeps no state another one needs. SQL holds every turn, vector and key; what a
process keeps for itself is a cache that follows SQL or a limit of its own:

- its vector index, a cache of the embeddings in SQL that follows the change log
  (``memdb/follower.py``): a search first applies every change committed before it (one indexed
  read of the log's position), and reads its candidates' rows from SQL in its own transaction,
  so a turn added through another replica is found at once and a deleted or forgotten one is
  never returned, whatever the index still held;
- nothing about keys: every request looks its key up in SQL, so a key made or revoked through
  one replica holds on every other from its next request;
- its admission limits (``max_concurrent``, ``max_queued``): each replica's own.

``ReplicaSet`` starts and watches N of them on loopback ports, for ``memdb pg-local``, the tests
and the benchmarks: one way to run them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Self

import httpx

from memdb.errors import ConfigError


class Replica:
    """One ``memdb serve`` process on ``port``, started with ``target`` (``--db-url URL`` or
    ``--data FOLDER``, and any other root options) and ``flags`` for ``serve``."""

    def __init__(self, target: Sequence[str], port: int, *, host: str = "127.0.0.1", flags: Sequence[str] = (),
                 env: dict[str, str] | None = None, log: Path | None = None) -> None:
        self.target, self.port, self.host, self.flags = list(target), port, host, list(flags)
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None
        self._terminated = False

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> Self:
        """Start the process (returns at once; ``wait_ready`` waits for it to answer)."""
        if self.running():
            return self
        command = [sys.executable, "-m", "memdb", *self.target, "serve", "--host", self.host,
                   "--port", str(self.port), *self.flags]
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            self._log_file = open(self.log, "ab")  # noqa: SIM115 - closed when the process ends
        # A session of its own: Ctrl-C in a terminal reaches the supervisor only, which then
        # stops the replicas in order (and the database after them).
        self._terminated = False
        self.process = subprocess.Popen(command, env={**os.environ, **(self.env or {})}, stdin=subprocess.DEVNULL,
                                        stdout=self._log_file, stderr=subprocess.STDOUT if self._log_file else None,
                                        start_new_session=True)
        return self

    def wait_ready(self, timeout: float = 120.0) -> Self:
        """Until ``/readyz`` answers 200 (the database answers a query); ConfigError if the
        process exits or the time runs out first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise ConfigError(f"memdb serve on port {self.port} exited with {self.process and self.process.returncode}"
                                  f"{self._tail()}")
            try:
                if httpx.get(self.url + "/readyz", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise ConfigError(f"memdb serve on port {self.port} was not ready within {timeout:g} s{self._tail()}")

    def kill(self) -> None:
        """SIGKILL: gone at once, as a crashed machine's process is."""
        if self.running():
            assert self.process is not None
            self.process.kill()
        self._reap(10)

    def terminate(self) -> None:
        """SIGTERM, once: the requests at work finish, then the store closes. A second SIGTERM
        would end the process while it closes the store (uvicorn's handler is gone by then)."""
        if self.running() and not self._terminated:
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
            self._terminated = True

    def stop(self, timeout: float = 30.0) -> int | None:
        """``terminate``, then SIGKILL after ``timeout``; returns the exit status (None: it had
        to be killed)."""
        if not self.running():
            return self._reap(1)
        self.terminate()
        try:
            return self._reap(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def _reap(self, timeout: float) -> int | None:
        code = self.process.wait(timeout) if self.process is not None else None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return code

    def _tail(self, lines: int = 15) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "; its log ends:\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class ReplicaSet:
    """One replica on each of ``ports``; a context manager that stops them all (SIGTERM, in
    parallel) on the way out. ``logs``: a folder for their output (``replica-<i>.log``), else
    they write to this process's terminal."""

    def __init__(self, target: Sequence[str], ports: Sequence[int], *, host: str = "127.0.0.1",
                 flags: Sequence[str] = (), env: dict[str, str] | None = None, logs: Path | None = None) -> None:
        if not ports:
            raise ConfigError("at least one replica")
        self.replicas = [Replica(target, port, host=host, flags=flags, env=env,
                                 log=logs / f"replica-{i}.log" if logs is not None else None)
                         for i, port in enumerate(ports)]

    def __getitem__(self, i: int) -> Replica:
        return self.replicas[i]

    def __len__(self) -> int:
        return len(self.replicas)

    def start(self, timeout: float = 180.0) -> Self:
        """Start every replica, then wait until each answers. The first opens (and migrates)
        the database alone: a fresh database's schema is created once, not raced for."""
        first, *rest = self.replicas
        first.start().wait_ready(timeout)
        for replica in rest:
            replica.start()
        for replica in rest:
            replica.wait_ready(timeout)
        return self

    def stop(self, timeout: float = 30.0) -> list[int | None]:
        for replica in self.replicas:  # all at once: they close side by side
            replica.terminate()
        return [replica.stop(timeout) for replica in self.replicas]

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Stopped(Exception):
    """SIGTERM to ``run_local``: stop as Ctrl-C does."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def run_local(folder: Path, count: int, *, port: int, pg_port: int | None = None, database: str = "memdb",
              embedder: str = "minilm", say: Callable[[str], None] = print) -> None:
    """``memdb pg-local``: a PostgreSQL cluster in ``folder`` (made at the first run, kept for the
    next) and ``count`` replicas on ports ``port``… serving ``database`` on it, until Ctrl-C or
    SIGTERM; then the replicas stop (their requests at work finish), then the cluster. A
    replica that exits on its own is started again."""
    from memdb.store.pgcluster import LocalCluster

    previous = signal.signal(signal.SIGTERM, _stopped)
    cluster = LocalCluster(folder, port=pg_port)
    replicas: ReplicaSet | None = None
    try:
        cluster.start()
        if database not in cluster.sql("SELECT datname FROM pg_database").splitlines():
            cluster.create_database(database)
        url = cluster.url(database)
        say(f"PostgreSQL {cluster.data} on 127.0.0.1:{cluster.port}, database {database}\n"
            f"  export MEMDB_DB_URL={url}   # then: memdb keys create --name bot --tenant acme")
        replicas = ReplicaSet(["--db-url", url, "--embedder", embedder], [port + i for i in range(count)],
                              logs=cluster.folder / "logs")
        replicas.start()
        for i, replica in enumerate(replicas.replicas):
            say(f"replica {i}: {replica.url} (log {replica.log})")
        say("any replica serves any request; Ctrl-C stops them all, then PostgreSQL")
        while True:
            time.sleep(1)
            for i, replica in enumerate(replicas.replicas):
                if not replica.running():
                    say(f"replica {i} exited ({replica.process and replica.process.returncode}); starting it again")
                    replica.start()
    except (KeyboardInterrupt, _Stopped):
        say("stopping the replicas, then PostgreSQL …")
    finally:
        signal.signal(signal.SIGTERM, previous)
        if replicas is not None:
            replicas.stop()
        cluster.stop()
