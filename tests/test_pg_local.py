"""``memdb pg-local`` (a local PostgreSQL cluster and replicas on it) and what it stands on: ports
taken by other programs, a cluster folder its OS user cannot reach, a supervisor killed with
SIGKILL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from memdb import ConfigError
from memdb.store.pgcluster import LocalCluster
from tests.processes import ROOT, Lines, worker_env

READY = "any replica serves any request"


@contextmanager
def taken_port() -> Iterator[int]:
    """A loopback port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def _pg_local(folder: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "memdb", "--embedder", "hashing", "pg-local", "--data", str(folder), *args]
    return subprocess.Popen(command, cwd=ROOT, env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@dataclass
class PgLocal:
    """A ``memdb pg-local`` process whose replicas serve: what it said, their URLs and pids."""

    process: subprocess.Popen
    said: list[str]
    urls: list[str]
    pids: list[int]

    def ctrl_c(self) -> tuple[int, str]:
        """Ctrl-C, then its exit status and the rest of its output (a busy machine: the stores
        close, then PostgreSQL)."""
        self.process.send_signal(signal.SIGINT)
        try:
            rest = self.process.communicate(timeout=180)[0].decode()
        except subprocess.TimeoutExpired:
            pytest.fail(f"pg-local still ran 180 s after Ctrl-C\n{self._stuck()}")
        return self.process.returncode, rest

    def _stuck(self) -> str:
        """Where a pg-local that did not stop waits: its threads' stacks (SIGUSR1), what it said,
        and the processes under it."""
        ignored = int(next(line.split()[1] for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
                           if line.startswith("SigIgn:")), 16)
        self.process.send_signal(signal.SIGUSR1)
        time.sleep(2)
        tree = subprocess.run(["ps", "-ww", "-eo", "pid,ppid,stat,wchan:20,etimes,args"], capture_output=True,
                              text=True).stdout
        self.process.kill()
        said = self.process.communicate(timeout=30)[0].decode(errors="replace")
        mine = [line for line in tree.splitlines() if "memdb" in line or "postgres" in line or "pg_ctl" in line]
        why = "SIGINT is ignored by pg-local (inherited from the shell that started the suite)\n" \
            if ignored & (1 << (signal.SIGINT - 1)) else ""
        return f"{why}--- its output after Ctrl-C ---\n{said}\n--- processes ---\n" + "\n".join(mine)


@contextmanager
def running_pg_local(folder: Path, *args: str) -> Iterator[PgLocal]:
    """``memdb pg-local --data FOLDER ARGS`` once its replicas serve; killed at the end if still running."""
    process = _pg_local(folder, *args)
    try:
        lines, said = Lines(process), []
        while (line := lines.next(timeout=180)) is not None:
            said.append(line)
            if line.startswith(READY):
                break
        assert said and said[-1].startswith(READY), "\n".join(said)
        named = [line.split() for line in said if line.startswith("replica ")]
        yield PgLocal(process, said, [words[2] for words in named], [int(words[4].rstrip(",")) for words in named])
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie nobody reaped yet counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


@contextmanager
def _cluster_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="memdb-pg-"))  # where the cluster's OS user can reach it
    try:
        yield folder
    finally:
        LocalCluster(folder).remove()


def test_pg_local_on_any_free_ports_starts_a_cluster_and_two_replicas_and_ctrl_c_stops_them_all() -> None:
    with _cluster_folder() as folder:
        with running_pg_local(folder, "--replicas", "2", "--port", "0") as run:
            assert len(run.urls) == 2 and len(set(run.urls)) == 2
            assert all(httpx.get(u + "/readyz").status_code == 200 for u in run.urls)
            code, output = run.ctrl_c()
        stopped = not LocalCluster(folder).running
    assert code == 0, output
    assert any("MEMDB_DB_URL=postgresql+psycopg://" in line for line in run.said)
    for url in run.urls:
        with pytest.raises(httpx.TransportError):
            httpx.get(url + "/healthz")
    assert stopped, "PostgreSQL still ran after pg-local exited"


def test_serve_on_a_port_in_use_fails_at_once_naming_the_port(tmp_path: Path) -> None:
    with taken_port() as port:
        done = subprocess.run([sys.executable, "-m", "memdb", "--data", str(tmp_path / "data"), "--embedder", "hashing",
                               "serve", "--port", str(port)], cwd=ROOT, env=worker_env(), capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr
    assert not (tmp_path / "data").exists()  # said before the store was opened


def test_port_0_means_any_free_port_and_ports_beyond_65535_are_refused() -> None:
    from server import ServerSettings

    assert ServerSettings(port=0).port == 0
    for port in (-1, 65536):
        with pytest.raises(ConfigError, match="port must be from 0"):
            ServerSettings(port=port)


def test_pg_local_with_a_replica_port_in_use_stops_with_an_error_naming_it() -> None:
    with _cluster_folder() as folder, taken_port() as port:
        process = _pg_local(folder, "--replicas", "1", "--port", str(port))
        try:
            output = process.communicate(timeout=180)[0].decode()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(30)
        running = LocalCluster(folder).running
    assert process.returncode == 2, output
    assert f"port {port} on 127.0.0.1 is in use" in output and "starting it again" not in output
    assert not running, "PostgreSQL still ran after pg-local gave up"


def test_replicas_stop_when_pg_local_is_killed_and_the_next_run_uses_the_postgresql_it_left() -> None:
    with _cluster_folder() as folder:
        with running_pg_local(folder, "--replicas", "2", "--port", "0") as run:
            run.process.kill()  # SIGKILL: pg-local stops nothing itself
            run.process.wait(30)
        try:
            deadline = time.monotonic() + 30
            while not all(_gone(pid) for pid in run.pids) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert all(_gone(pid) for pid in run.pids), "replicas outlived pg-local"
            left = LocalCluster(folder).postmaster()
            assert left is not None  # PostgreSQL is a daemon of its own: still there, and reused below
            with running_pg_local(folder, "--replicas", "1", "--port", "0") as again:
                assert any(f"was running already (pid {left[0]}" in line for line in again.said), again.said
                assert httpx.get(again.urls[0] + "/readyz").status_code == 200
                assert again.ctrl_c()[0] == 0
            assert not LocalCluster(folder).running
        finally:
            for pid in run.pids:  # a failing test leaves nothing behind
                if not _gone(pid):
                    os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL as another OS user")
def test_a_cluster_under_a_folder_its_os_user_cannot_enter_is_refused_naming_the_folder() -> None:
    closed = Path(tempfile.mkdtemp(prefix="memdb-closed-"))  # mode 0700, root's: as /root is
    try:
        with pytest.raises(ConfigError) as refused:
            LocalCluster(closed / "pg").start()
        message = refused.value.message
        assert f"cannot enter {closed} (mode 700, owner root)" in message and "memdb-pg" in message
        assert "/tmp" in message and f"chmod o+x {closed}" in message
        assert not (closed / "pg").exists()  # refused before anything was made
        done = subprocess.run([sys.executable, "-m", "memdb", "pg-local", "--data", str(closed / "pg")], cwd=ROOT,
                              env=worker_env(), capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and f"cannot enter {closed}" in done.stderr, done.stderr
    finally:
        closed.rmdir()
