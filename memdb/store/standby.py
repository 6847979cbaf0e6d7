"""Reads from a PostgreSQL hot standby, with its lag handled honestly.

A standby (streaming replication: ``pg_basebackup -R``) replays the primary's write-ahead log
a little behind it. ``MemoryDB(url=PRIMARY, read_url=STANDBY)`` writes on the primary and reads
on the standby; each process's vector index follows the change log as the standby has it, so
vector hits and the rows read agree. Where one read runs (``Read``) is chosen once per
``read_scope`` (a library call, an HTTP request), so the index and the rows come from one side:

- **Consistent** (the default): before reading, ask the primary where its log ends
  (``pg_current_wal_insert_lsn()``: one tiny query, no table; the *insert* position, which
  holds every committed transaction even under ``synchronous_commit = off``) and wait until the
  standby has replayed that far (``pg_last_wal_replay_lsn()``). A read then sees every write
  that returned before it began, through any replica: a ``forget`` that answered is never
  served afterwards. Past ``wait`` seconds (1 s), the read runs on the primary, and the log says
  so; ``Standby.counts`` counts each kind of read.
- **Bounded staleness** (``max_lag`` seconds): the standby held everything committed before the
  last time it was seen caught up; while that was less than ``max_lag`` seconds ago, reads run
  on it without asking the primary, and ``Read.lag`` says how stale they may be (the HTTP
  server sends it as ``X-Memdb-Standby-Lag``). Past the bound, a read waits as a consistent
  one does.
- **Standby unreachable**: reads run on the primary for ``retry`` seconds (5 s), then try the
  standby again; a read already under way on it when it went away fails with StorageError.
- **Primary unreachable**: a consistent read cannot learn where the log ends, and fails with
  StorageError (HTTP 503), as writes do; bounded reads go on while within their bound.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from memdb.errors import ConfigError, StorageError
from memdb.store.schema import MetaRow

log = logging.getLogger("memdb")

__all__ = ["Read", "ReadScope", "Standby", "current_scope", "read_scope"]

WAIT_S = 1.0  # longest a consistent read waits for the standby before it reads the primary
RETRY_S = 5.0  # after the standby could not be reached, reads go to the primary this long
OPEN_WAIT_S = 10.0  # at open: how long the standby may take to show this database's id
_CONNECT_TIMEOUT_S = 5
# Byte positions (pg_lsn minus 0/0: numeric), so Python compares them as integers.
_INSERT_LSN = "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn"
_REPLAY_LSN = "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn"
_WAL_LAYOUT = "SELECT current_setting('wal_block_size')::int, pg_size_bytes(current_setting('wal_segment_size'))"
_PAGE_HEADER, _LONG_PAGE_HEADER = 24, 40  # XLogPageHeaderData, XLogLongPageHeaderData (MAXALIGNed)


@dataclass(frozen=True)
class Read:
    """Where one read runs: the standby (``lag``: at most how many seconds its data may miss of
    the primary's) or the primary (``lag`` None)."""

    standby: bool
    lag: float | None = None

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The HTTP headers that tell a client where its read ran and how stale it may be."""
        if not self.standby:
            return [(b"x-memdb-read-from", b"primary")]
        return [(b"x-memdb-read-from", b"standby"), (b"x-memdb-standby-lag", f"{self.lag or 0.0:.3f}".encode())]


class ReadScope:
    """The reads of one call or request: the side chosen at the first, kept for the others."""

    read: Read | None = None


_scope: ContextVar[ReadScope | None] = ContextVar("memdb_read_scope", default=None)


@contextmanager
def read_scope() -> Iterator[ReadScope]:
    """Every read inside runs on one side, chosen at the first (one wait for the standby, the
    index and the rows from the same side). Nested scopes share the outermost; worker threads
    started inside (a server's thread pool copies the context) share it too."""
    outer = _scope.get()
    if outer is not None:
        yield outer
        return
    scope = ReadScope()
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def current_scope() -> ReadScope | None:
    """The ``read_scope`` the caller runs in, if any."""
    return _scope.get()


def _wal_end(position: int, block: int, segment: int) -> int:
    """The insert position of a log whose last record ended exactly at a page boundary points past
    the next page's header, where the standby's replay position (the record's end) never goes:
    the boundary itself is what it must reach."""
    if position % segment == _LONG_PAGE_HEADER:
        return position - _LONG_PAGE_HEADER
    if position % block == _PAGE_HEADER and position % segment != _PAGE_HEADER:
        return position - _PAGE_HEADER
    return position


class Standby:
    """The read side of a Store whose reads go to a hot standby at ``url``; ``primary`` is the
    Store's engine. ConfigError at once if ``url`` cannot be reached, is not a standby, or is a
    standby of another database than the one of ``store_id``."""

    def __init__(self, url: URL, primary: Engine, *, store_id: str, max_lag: float | None = None,
                 wait: float = WAIT_S, retry: float = RETRY_S) -> None:
        if max_lag is not None and (isinstance(max_lag, bool) or not isinstance(max_lag, (int, float))
                                    or not max_lag > 0):
            raise ConfigError(f"standby_max_lag must be a positive number of seconds, not {max_lag!r}")
        self.url, self.primary, self.max_lag, self.wait, self.retry = url, primary, max_lag, wait, retry
        self.engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": _CONNECT_TIMEOUT_S})
        self.counts: Counter[str] = Counter()  # reads by where they ran and why
        self._counting = threading.Lock()
        self._caught_up_at: float | None = None  # when the standby last held every commit before it
        self._down_until = 0.0
        try:
            self._layout = self._query(primary, _WAL_LAYOUT)
            self._check(store_id)
        except BaseException:
            self.engine.dispose()
            raise

    def _check(self, store_id: str) -> None:
        shown = self.url.render_as_string(hide_password=True)
        deadline = time.monotonic() + OPEN_WAIT_S
        while True:
            try:
                with self.engine.connect() as c:
                    recovering = c.exec_driver_sql("SELECT pg_is_in_recovery()").scalar()
                break
            except SQLAlchemyError as exc:
                # A database just made on the primary is not on the standby until it replays that.
                if "does not exist" not in str(exc) or time.monotonic() > deadline:
                    raise ConfigError(f"cannot reach the standby at {shown}: {exc.__class__.__name__}: {exc}") \
                        from exc
                time.sleep(0.05)
        if not recovering:
            raise ConfigError(f"{shown} is not a hot standby (pg_is_in_recovery() is false): give read_url the "
                              "URL of a streaming standby of the primary, or leave it out")
        reached = self._replayed_to(self._target(), deadline=deadline)
        try:
            with self.engine.connect() as c:
                found = c.execute(select(MetaRow.value).where(MetaRow.key == "store_id")).scalar()
        except SQLAlchemyError as exc:
            found, problem = None, f"it has no memdb tables ({exc.__class__.__name__})"
        else:
            problem = "it holds no memdb store id"
        if found == store_id:
            return
        if found is not None:
            raise ConfigError(f"{shown} is a standby of another memdb database (store id {found}, not {store_id})")
        if not reached:
            problem = f"it did not replay the primary's log within {OPEN_WAIT_S:g} s"
        raise ConfigError(f"{shown} is not a standby of this database: {problem}")

    # -- choosing a side -------------------------------------------------------------------
    def choose(self) -> Read:
        """Where the next read runs (see the module's docstring); StorageError if the primary
        cannot say where its log ends when that must be known."""
        now = time.monotonic()
        if now < self._down_until:
            return self._count("primary_standby_down", Read(standby=False))
        caught_up = self._caught_up_at
        if self.max_lag is not None and caught_up is not None and now - caught_up < self.max_lag:
            return self._count("standby_within_bound", Read(standby=True, lag=now - caught_up))
        asked = time.monotonic()  # every commit that returned before this is in the target
        target = self._target()
        try:
            reached = self._replayed_to(target, deadline=asked + self.wait)
        except SQLAlchemyError as exc:
            self.failed(exc)
            return self._count("primary_standby_down", Read(standby=False))
        if not reached:
            log.warning("the standby did not replay the primary's log within %g s: reading the primary", self.wait)
            return self._count("primary_standby_lagging", Read(standby=False))
        self._caught_up_at = asked
        return self._count("standby_caught_up", Read(standby=True, lag=time.monotonic() - asked))

    def failed(self, exc: BaseException) -> None:
        """A read on the standby failed to connect: the primary serves reads for ``retry`` seconds."""
        self._down_until = time.monotonic() + self.retry
        self._caught_up_at = None
        log.warning("the standby cannot be reached (%s): reading the primary for %g s", exc.__class__.__name__,
                    self.retry)

    def _target(self) -> int:
        """Where the primary's log ends now (adjusted to what a replay position can equal)."""
        try:
            position = self._query(self.primary, _INSERT_LSN)[0]
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot ask the primary where its log ends: {exc.__class__.__name__}: {exc}") from exc
        return _wal_end(int(position), *self._layout)

    def _replayed_to(self, target: int, *, deadline: float) -> bool:
        """Whether the standby replays up to ``target`` by ``deadline`` (monotonic), asking it
        on one connection at growing intervals (2 ms to 50 ms)."""
        pause = 0.002
        with self.engine.connect() as c:
            while True:
                replayed = c.exec_driver_sql(_REPLAY_LSN).scalar()
                c.rollback()  # no snapshot kept between polls
                if replayed is not None and int(replayed) >= target:
                    return True
                if time.monotonic() + pause > deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, 0.05)

    @staticmethod
    def _query(engine: Engine, sql: str) -> tuple[Any, ...]:
        with engine.connect() as c:
            return tuple(c.exec_driver_sql(sql).one())

    def _count(self, what: str, read: Read) -> Read:
        with self._counting:
            self.counts[what] += 1
        return read

    def close(self) -> None:
        self.engine.dispose()
