"""Starting and talking to worker processes (tests/workers.py) from tests and benchmarks."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
