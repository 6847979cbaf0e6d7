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
and the benchmarks: one way to run them. Port 0 means any free port: the replica binds it and
says which (``--port-file``), so no port is picked here and taken by another program before
the replica binds it. Each replica stops itself (SIGTERM) if the process that started it dies,
even by SIGKILL (``--parent-pid``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Self

import httpx

from memdb.errors import ConfigError


#: How ``memdb`` exits when it refuses to run (ConfigError, a port in use, …): starting it again
#: would fail the same way.
REFUSED = 2


class Replica:
    """One ``memdb serve`` process on ``port`` (0: any free port, known once ``wait_ready``
    returns, and kept when the replica is started again), started with ``target`` (``--db-url
    URL`` or ``--data FOLDER``, and any other root options) and ``flags`` for ``serve``."""

    def __init__(self, target: Sequence[str], port: int, *, host: str = "127.0.0.1", flags: Sequence[str] = (),
                 env: dict[str, str] | None = None, log: Path | None = None) -> None:
        self.target, self.port, self.host, self.flags = list(target), port, host, list(flags)
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None
        self._terminated = False
        self._port_file: Path | None = None

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
                   "--port", str(self.port), "--parent-pid", str(os.getpid()), *self.flags]
        if self.port == 0:
            self._port_file = Path(tempfile.mkdtemp(prefix="memdb-replica-")) / "port"
            command += ["--port-file", str(self._port_file)]
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
                raise ConfigError(self.exited())
            if self.port == 0 and not self._bound():
                time.sleep(0.05)
                continue
            try:
                if httpx.get(self.url + "/readyz", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise ConfigError(f"memdb serve on port {self.port} was not ready within {timeout:g} s{self._tail()}")

    def _bound(self) -> bool:
        """Whether the replica asked for any free port has said which it bound (then kept)."""
        if self._port_file is None or not self._port_file.exists():
            return False
        self.port = int(self._port_file.read_text(encoding="ascii"))
        self._port_file.unlink()
        self._port_file.parent.rmdir()
        self._port_file = None
        return True

    def exited(self) -> str:
        """What a replica that is no longer running said last: its exit status and its log's end."""
        code = self.process.returncode if self.process is not None else None
        where = f"port {self.port}" if self.port else "any free port"
        return f"memdb serve on {where} exited with {code}{self._tail()}"

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
        if self._port_file is not None:  # it exited before it bound a port
            shutil.rmtree(self._port_file.parent, ignore_errors=True)
            self._port_file = None
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
              embedder: str = "minilm", standby: bool = False, say: Callable[[str], None] = print) -> None:
    """``memdb pg-local``: a PostgreSQL cluster in ``folder`` (made at the first run, kept for the
    next; one an earlier run left running is used) and ``count`` replicas on ports ``port``…
    (``0``: any free ones) serving ``database`` on it, until Ctrl-C or SIGTERM; then the replicas
    stop (their requests at work finish), then the cluster. With ``standby``, a hot standby of the
    cluster in ``folder/standby`` too, which the replicas read from. A replica that crashes or is killed
    is started again (on its port), up to ``RESTARTS`` times a minute; one that refuses to run
    (its port taken, …) stops them all with its error (ConfigError)."""
    from memdb.store.pgcluster import LocalCluster

    previous = signal.signal(signal.SIGTERM, _stopped)
    cluster = LocalCluster(folder, port=pg_port)
    replicas: ReplicaSet | None = None
    follower: LocalCluster | None = None
    try:
        left = cluster.postmaster()  # a server an earlier pg-local left, killed before it could stop it
        cluster.start()
        if left is not None:
            say(f"PostgreSQL of {cluster.data} was running already (pid {left[0]}, left by an earlier run): "
                "using it; it stops with this one")
        if database not in cluster.sql("SELECT datname FROM pg_database").splitlines():
            cluster.create_database(database)
        url = cluster.url(database)
        say(f"PostgreSQL {cluster.data} on 127.0.0.1:{cluster.port}, database {database}\n"
            f"  export MEMDB_DB_URL={url}   # then: memdb keys create --name bot --tenant acme")
        target = ["--db-url", url, "--embedder", embedder]
        if standby:
            follower = cluster.make_standby(cluster.folder / "standby")
            target += ["--read-url", follower.url(database)]
            say(f"PostgreSQL hot standby {follower.data} on 127.0.0.1:{follower.port}: the replicas read there\n"
                f"  export MEMDB_READ_URL={follower.url(database)}")
        replicas = ReplicaSet(target, [0 if port == 0 else port + i for i in range(count)],
                              logs=cluster.folder / "logs")
        replicas.start()
        for i, replica in enumerate(replicas.replicas):
            say(f"replica {i}: {replica.url} (pid {replica.pid}, log {replica.log})")
        say("any replica serves any request; Ctrl-C stops them all, then PostgreSQL")
        _watch(replicas, say)
    except (KeyboardInterrupt, _Stopped):
        say("stopping the replicas, then PostgreSQL …")
    finally:
        signal.signal(signal.SIGTERM, previous)
        if replicas is not None:
            replicas.stop()
        if follower is not None:
            follower.stop()
        cluster.stop()


#: Restarts of one replica within a minute beyond which ``run_local`` gives up on it.
RESTARTS = 3


def _watch(replicas: ReplicaSet, say: Callable[[str], None]) -> None:
    """Until interrupted: start again a replica that exited, unless it refused to run or keeps
    exiting (then ConfigError with what it said)."""
    restarts: list[deque[float]] = [deque() for _ in replicas.replicas]
    while True:
        time.sleep(1)
        for i, replica in enumerate(replicas.replicas):
            if replica.running():
                continue
            code = replica.process.returncode if replica.process is not None else None
            recent = restarts[i]
            while recent and recent[0] < time.monotonic() - 60:
                recent.popleft()
            if code == REFUSED or len(recent) >= RESTARTS:
                why = "refused to run" if code == REFUSED else f"exited {len(recent) + 1} times within a minute"
                raise ConfigError(f"replica {i} {why}: {replica.exited()}")
            say(f"replica {i} exited ({code}); starting it again on port {replica.port}")
            recent.append(time.monotonic())
            replica.stop()  # reaps it and closes its log
            replica.start()
