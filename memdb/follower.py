"""One process's vector index, kept equal to SQL by following the change log (``store.changes``).

- **Open**: remove a temporary file a killed save left (under the file lock); load the index
  file and replay the changes after its position, or rebuild from the episodes when the file is
  missing, corrupt, of another store or model, or older than the log's horizon.
- **Before every read** (search, stats): one indexed read of the log's position; if another
  process has committed changes since, apply them first.
- **After this process's own write**: apply its changes directly when the index was at the
  position just before them (no other writer in between), else from the log. Never raises: the
  write is committed, and an index failure only marks the index broken, to be rebuilt at the
  next read.
- **Save** (every ``checkpoint_every`` changes past the file's position, and on close), under
  the file lock: catch up, write a temporary file, rename it over the index file, record the
  file's position among the log's followers, compact the log.
- **Erasure**: once a ``remove`` or ``drop`` is applied (this process's or another's), an index
  file saved before it is removed, under the file lock — so a save racing with an erasure has
  either caught up past it or is removed after it, and no file keeps an erased vector.
- **Reading a hot standby** (``store.standby``; no index file then): the index follows the log
  as the side a read runs on has it — the standby, or the primary when a read had to run there.
  This process's own writes are not applied directly (the index would run ahead of the
  standby's rows): the next read catches up once the standby has them. A standby behind the
  index (a read ran on the primary meanwhile) is not a reason to rebuild: its rows, read after
  the index, decide what is returned, as they always do.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, bindparam, select

from memdb.errors import MemdbError, StorageError, VectorIndexError
from memdb.locks import FileLock, ReadWriteLock
from memdb.store import Store
from memdb.store.changes import Position
from memdb.store.schema import EpisodeRow
from memdb.vectors import IndexState, VectorIndex
from memdb.vectors.persist import remove_temporary

log = logging.getLogger("memdb")

_BATCH = 20_000
_HEARTBEAT_SECONDS = 60.0  # how often a follower that keeps moving tells the log where it is
_EPISODES_AFTER = (
    select(EpisodeRow.seq, EpisodeRow.user_id, EpisodeRow.embedding)
    .where(EpisodeRow.seq > bindparam("after")).order_by(EpisodeRow.seq).limit(bindparam("limit"))
)


_HOST = socket.gethostname()[:64].replace(" ", "_")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _gone(follower: str) -> bool:
    """Whether a follower is a process of this host that no longer runs (killed: it never
    unregistered). Followers elsewhere, and index files, wait for their lease to end."""
    kind, _, rest = follower.partition(" ")
    host, _, pid = rest.partition(" ")
    if kind != "process" or host != _HOST:
        return False
    try:
        os.kill(int(pid.split(" ")[0]), 0)
    except ProcessLookupError:
        return True
    except (ValueError, OSError):  # not ours to signal: it runs
        return False
    return False


class IndexFollower:
    """Owns how ``index`` follows ``store``. Methods that change the index expect the caller's
    ``lock`` held for writing, except ``follow``, which takes it when there is work."""

    def __init__(
        self, store: Store, index: VectorIndex, lock: ReadWriteLock, *, path: Path | None, model: str,
        checkpoint_every: int,
    ) -> None:
        self.store = store
        self.index = index
        self.path = path
        self.model = model
        self.checkpoint_every = checkpoint_every
        self.name = f"process {_HOST} {os.getpid()} {uuid.uuid4().hex[:12]}"
        self._lock = lock
        self._file_lock = FileLock(path.with_name(path.name + ".lock")) if path is not None else None
        self._file_name = (
            f"file {path.name[:64]} {hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]}"
            if path is not None else None
        )
        self._saved = 0  # position of the index file as last known here
        self._retry_at = 0  # after a failed save, the position at which to try again
        self._broken = False  # a change was half applied: rebuild before the next read
        self._beat = 0.0
        self._keys: dict[str, str] = {}  # user key → partition, of the partitions keyed so far

    @property
    def position(self) -> int:
        """The last change of the log the index covers."""
        return self.index.state.change

    def _file(self) -> AbstractContextManager[None]:
        return self._file_lock.held() if self._file_lock is not None else nullcontext()

    # -- opening -------------------------------------------------------------------------
    def open(self) -> None:
        with self._file():
            if self.path is not None:
                remove_temporary(self.path)
            loaded = self._load()
            with self.store.session() as s:
                c = s.connection()
                position = self.store.changes.position(c)
                if loaded and self._usable(position):
                    self._saved = self.position
                    erased = self._replay(c, position.latest)
                    rebuilt = False
                else:
                    self._rebuild(c, position)
                    erased, rebuilt = 0, True
            if rebuilt or erased:  # the file is unusable or holds erased vectors: replace it now
                self._save_locked(erased=erased or self.position, force=True)
        self._heartbeat(wait=True)

    def _load(self) -> bool:
        if self.path is None or not self.path.exists():
            return False
        try:
            self.index.load(self.path)
        except VectorIndexError as exc:
            log.warning("rebuilding the vector index: %s", exc)
            return False
        return True

    def _usable(self, position: Position) -> bool:
        state = self.index.state
        return (state.model == self.model and state.store == self.store.id
                and position.horizon <= state.change and (state.change <= position.latest or self._behind(position)))

    def _behind(self, position: Position) -> bool:
        """Whether ``position`` is a standby's, behind what this index has followed already."""
        return self.store.standby is not None and position.latest <= self.position

    def _rebuild(self, c: Connection, position: Position) -> None:
        """Every episode's vector, read in the same transaction as ``position``: exact at it."""
        self.index.clear()
        self._keys.clear()
        self.index.state = IndexState(change=0, last_seq=0, model=self.model, store=self.store.id)
        after = 0
        while rows := c.execute(_EPISODES_AFTER, {"after": after, "limit": _BATCH}).all():
            self._add_rows(rows)
            after = rows[-1][0]
        self.index.state = replace(self.index.state, change=position.latest)
        self._broken = False

    # -- following -----------------------------------------------------------------------
    def follow(self) -> None:
        """Before a read: apply what other processes committed since the index's position."""
        if not self._broken:
            position = self.store.change_position()
            if position.horizon <= self.position and (position.latest == self.position or self._behind(position)):
                return
        with self._lock.write():
            erased = self._sync()
            if erased:
                self._erase_file(erased)
        self._heartbeat()

    def _sync(self) -> int:
        """Catch up with the log (rebuild if it cannot); returns the last erasure applied, or 0."""
        with self.store.session() as s:
            c = s.connection()
            position = self.store.changes.position(c)
            if self._broken or not self._usable(position):
                log.warning("rebuilding the vector index from the episodes (it was %s)",
                            "half updated" if self._broken else "behind the change log's horizon")
                self._rebuild(c, position)
                return position.latest
            return self._replay(c, position.latest)

    def _replay(self, c: Connection, upto: int) -> int:
        erased = 0
        while self.position < upto:
            batch = self.store.changes.read(c, after=self.position, upto=upto, limit=_BATCH)
            if not batch:  # ids never committed (a rolled-back writer's, on some engines)
                self.index.state = replace(self.index.state, change=upto)
                break
            self._broken = True  # until the batch is applied whole
            adds: list[tuple[int, str, bytes]] = []
            for change in batch:
                if change.kind == "add":
                    if change.user_id is not None:  # else deleted since: a remove or drop follows
                        adds.append((change.episode_seq, change.user_id, change.embedding))  # type: ignore[arg-type]
                    continue
                self._add_rows(adds)
                adds = []
                partition = self._partition(c, change.user_key or "")
                if partition is not None:
                    if change.kind == "remove":
                        self.index.remove(partition, [change.episode_seq])  # type: ignore[list-item]
                    else:
                        self.index.drop_partition(partition)
                erased = change.id
            self._add_rows(adds)
            self.index.state = replace(self.index.state, change=batch[-1].id)
            self._broken = False
        return erased

    def _add_rows(self, rows: Sequence[tuple[int, str, bytes]]) -> None:
        by_user: dict[str, list[tuple[int, bytes]]] = {}
        for seq, user, blob in rows:
            by_user.setdefault(user, []).append((seq, blob))
        for user, items in by_user.items():
            self.add(user, [seq for seq, _ in items],
                     np.frombuffer(b"".join(b for _, b in items), dtype=np.float32).reshape(len(items), -1))

    def add(self, user: str, seqs: Sequence[int], vectors: np.ndarray) -> None:
        self.index.add(user, np.asarray(seqs, dtype=np.int64), vectors)
        if seqs:
            self.index.state = replace(self.index.state, last_seq=max(self.index.state.last_seq, max(seqs)))

    def _partition(self, c: Connection, key: str) -> str | None:
        """The partition (user) a remove or drop names by its user key, if the index holds it."""
        if key not in self._keys:
            known = set(self._keys.values())
            self._keys.update(self.store.changes.user_keys(c, [p for p in self.index.partitions() if p not in known]))
        return self._keys.get(key)

    def applied(self, before: int, last: int, apply: Callable[[], None], *, erasure: bool = False) -> None:
        """After this process committed changes (``before``, ``last``]: bring the index up to
        ``last`` — through ``apply`` when the index was at ``before``, else from the log — and
        save it when due. Never raises: the write is committed; whatever fails here is logged
        and made good at the next read (a broken index is rebuilt) or save."""
        try:
            if self.store.standby is not None:  # the index follows the standby: the next read catches up
                erased = 0
            elif not self._broken and self.position == before:
                self._broken = True
                apply()
                self.index.state = replace(self.index.state, change=last)
                self._broken = False
                erased = last if erasure else 0
            else:
                erased = self._sync()
            if erased:
                self._erase_file(erased)
            if self.position - self._saved >= self.checkpoint_every and self.position >= self._retry_at:
                self._save()
            self._heartbeat()
        except (MemdbError, OSError, RuntimeError, MemoryError) as exc:  # FAISS raises RuntimeError
            log.error("the vector index could not follow a committed write (it will catch up): %s", exc)

    def _heartbeat(self, *, wait: bool = False) -> None:
        """Tell the log where this follower is, at most once a minute; skipped rather than
        queue behind another writer (the next call retries)."""
        now = time.monotonic()
        if not wait and now - self._beat < _HEARTBEAT_SECONDS:
            return
        try:
            with self.store.session(write=True, wait=wait) as s:
                self.store.changes.follow(s.connection(), self.name, self.position, _utcnow())
                if self.path is None:  # no index file, whose saves would compact the log: the heartbeat does
                    self._compact(s.connection())
            self._beat = now
        except StorageError:
            if wait:
                raise

    # -- the index file --------------------------------------------------------------------
    def _recorded(self) -> int | None:
        """The position the index file was saved at, as recorded in SQL (None: no file known)."""
        if self._file_name is None:
            return None
        with self.store.session() as s:
            return self.store.changes.followed(s.connection(), self._file_name)

    def _erase_file(self, erasure: int) -> None:
        """Remove the index file if it was saved before change ``erasure`` (it may hold erased vectors)."""
        with self._file():
            self._remove_file_before(erasure)

    def _remove_file_before(self, erasure: int) -> None:
        if self.path is None or self._file_name is None:
            return
        recorded = self._recorded()
        if recorded is not None and recorded >= erasure:
            return
        self.path.unlink(missing_ok=True)
        remove_temporary(self.path)
        if recorded is not None:
            with self.store.session(write=True) as s:
                self.store.changes.unfollow(s.connection(), self._file_name)
        # Written again at the next checkpoint or close, not now: an erasure should not cost a
        # rewrite of every vector. A crash before that rebuilds the index from SQL at the next open.
        self._saved = self.position

    def _save(self, *, force: bool = False) -> None:
        with self._file():
            self._save_locked(erased=self._sync(), force=force)

    def _save_locked(self, *, erased: int, force: bool) -> None:
        """Under the file lock, caught up: write the index file unless a recent enough one exists.
        ``erased``: the last erasure just applied — an older file must not outlive this call.
        Without a file (a database server's replicas: the index is rebuilt from SQL at start),
        a checkpoint still records where this process is and compacts the log."""
        if self.path is None or self._file_name is None:
            self._checkpointed()
            return
        recorded = self._recorded()
        if recorded is not None and self.path.exists() and (
                recorded >= self.position or not force and self.position - recorded < self.checkpoint_every):
            self._saved = recorded
            if erased and recorded < erased:
                self._remove_file_before(erased)
            return
        try:
            self.index.save(self.path)
        except VectorIndexError as exc:
            log.error("could not save the vector index (retried later; it is rebuilt or caught up from SQL): %s", exc)
            self._retry_at = self.position + self.checkpoint_every
            if erased:
                self._remove_file_before(erased)
            return
        self._checkpointed()

    def _checkpointed(self) -> None:
        """The index file (if any) and this process are at ``position``: record both, stop
        counting processes of this host that are gone, and compact the log up to the lowest."""
        now = _utcnow()
        with self.store.session(write=True) as s:
            changes = self.store.changes
            if self._file_name is not None and self.path is not None:
                changes.follow(s.connection(), self._file_name, self.position, now)
            changes.follow(s.connection(), self.name, self.position, now)  # and this process is there too
            self._compact(s.connection())
        self._saved = self.position
        self._beat = time.monotonic()

    def _compact(self, c: Connection) -> None:
        """In a write transaction: forget followers that were processes of this host and are
        gone, and delete the changes every remaining follower has passed."""
        for follower in self.store.changes.followers(c):
            if _gone(follower):
                self.store.changes.unfollow(c, follower)
        self.store.changes.compact(c, _utcnow())

    # -- closing -------------------------------------------------------------------------
    def close(self) -> None:
        """Save the index if the file is behind it, and stop following. Never raises for the index."""
        try:
            self._save(force=True)
        except (MemdbError, OSError, RuntimeError, MemoryError) as exc:
            log.error("could not save the vector index on close (the next open catches up): %s", exc)
        try:
            with self.store.session(write=True) as s:
                self.store.changes.unfollow(s.connection(), self.name)
        except StorageError as exc:
            log.error("could not unregister from the change log (its lease expires): %s", exc)

