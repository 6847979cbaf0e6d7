"""Locks. In a process, a readers-writer lock: many searches at once, one writer applying a
batch alone, so a reader never sees a batch half applied (rows committed but vectors not yet
indexed). Between processes, a file lock around replacing the vector index file."""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from memdb.errors import VectorIndexError


class FileLock:
    """An exclusive ``flock`` on a lock file beside the index file. It serializes writing,
    replacing and removing the index file between processes (and between MemoryDBs of one
    process: each opens the file itself). Released by the kernel if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.Lock()

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._local:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise VectorIndexError(f"cannot open lock file {self.path}: {exc}") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing the descriptor releases the lock


class ReadWriteLock:
    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            # Writers waiting go first, so a stream of searches cannot starve ingest.
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
