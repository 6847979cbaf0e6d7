"""The change log: how every process's vector index follows SQL.

SQL is the source of truth; a vector index is a cache of the episodes' embeddings. Several
processes (a server, a CLI ingest, a script; later, server replicas on PostgreSQL) each keep
their own index, so each must learn every change the others commit. The log is that:

- **Written with the change.** Adding an episode appends ``add``; deleting one appends
  ``remove``; forgetting a user appends ``drop`` — in the transaction that makes the change, so
  a change is in the log exactly when it is in SQL.
- **Ids in commit order.** Writers are serialized (``Store.session(write=True)``), so a
  follower that has read id n never later sees a smaller id commit.
- **A follower's position p** means: its index holds exactly the vectors of the episodes that
  existed once change p had committed. Catching up applies the changes after p, in order; a
  snapshot saved at p plus the changes after p is exact, so saving never drops or resurrects
  a row, whichever process saves last.
- **Compaction** deletes the changes up to the horizon H = the lowest position of the
  followers seen within ``LEASE`` (every open MemoryDB, and every saved index file), and
  records H. Nothing a live follower needs is deleted; a follower whose position is below H
  (it was idle longer than the lease) rebuilds its index from the episodes table, which is
  always correct. A killed process never unregisters: one of the saving process's host is
  dropped at the next save (its pid is gone); one elsewhere holds compaction back for at most
  the lease — the bound a replication slot's ``max_slot_wal_keep_size`` gives.
- **No user id in clear.** An ``add`` names only the episode (its user is read from its
  row); ``remove`` and ``drop`` name the user by a keyed hash, so after ``forget`` the log
  holds nothing a scan for the user's id would find (the hash goes at compaction).

On PostgreSQL (server replicas, each a follower with its own index), the same tables serve;
what the engine must give, in ``store/``: write transactions serialized by a transaction-level
advisory lock taken at BEGIN (ids in commit order; a sequence alone hands out ids in start
order, so a follower could pass an id whose writer had not yet committed), and a follower's
reads at one snapshot (REPEATABLE READ: a rebuild reads the position and every episode in it).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from memdb.store.migrations import write_meta
from memdb.store.schema import ChangeRow, EpisodeRow, FollowerRow, MetaRow

#: A follower not seen for this long no longer holds compaction back.
LEASE = timedelta(hours=24)

_c = ChangeRow.__table__.c
_NEW_CHANGE = insert(ChangeRow.__table__)
# Where the log is, in one statement of two index seeks: a follower runs it before every read.
_POSITION = select(
    select(func.max(_c.id)).scalar_subquery(),
    select(MetaRow.value).where(MetaRow.key == "change_horizon").scalar_subquery(),
)
POSITION = _POSITION
_LAST_ID = select(func.max(_c.id))
_READ = (
    select(_c.id, _c.kind, _c.user_key, _c.episode_seq, EpisodeRow.user_id, EpisodeRow.embedding)
    .select_from(ChangeRow.__table__)
    .outerjoin(EpisodeRow.__table__, EpisodeRow.seq == _c.episode_seq)
    .where(_c.id > bindparam("after"), _c.id <= bindparam("upto"))
    .order_by(_c.id).limit(bindparam("limit"))
)
_f = FollowerRow.__table__.c
_FOLLOWER_MOVED = update(FollowerRow.__table__).where(_f.name == bindparam("who")).values(
    change=bindparam("change"), seen_at=bindparam("now"))


@dataclass(frozen=True)
class Position:
    """The log's last id (``latest``) and the id up to which it has been compacted (``horizon``)."""

    latest: int
    horizon: int


@dataclass(frozen=True)
class Change:
    """One change as a follower applies it. For an ``add`` whose episode still exists,
    ``user_id`` and ``embedding`` are the episode's; for one deleted since, both are None (a
    later ``remove`` or ``drop`` follows)."""

    id: int
    kind: str
    user_key: str | None
    episode_seq: int | None
    user_id: str | None
    embedding: bytes | None


class ChangeLog:
    """Appending to, reading, following and compacting the ``changes`` table. Dialect-neutral
    SQL; the ordering guarantee comes from the store's serialized write transactions."""

    def __init__(self) -> None:
        self._secret: bytes | None = None

    # -- writing (inside the write transaction that makes the change) ----------------------
    def added(self, connection: Connection, seqs: Sequence[int]) -> int:
        """Log episodes added; returns the last change id."""
        connection.execute(_NEW_CHANGE, [{"kind": "add", "episode_seq": s} for s in seqs])
        return int(connection.execute(_LAST_ID).scalar() or 0)

    def removed(self, connection: Connection, user_id: str, seqs: Sequence[int]) -> int:
        key = self.user_key(connection, user_id)
        connection.execute(_NEW_CHANGE, [{"kind": "remove", "episode_seq": s, "user_key": key} for s in seqs])
        return int(connection.execute(_LAST_ID).scalar() or 0)

    def dropped(self, connection: Connection, user_id: str) -> int:
        connection.execute(_NEW_CHANGE, [{"kind": "drop", "user_key": self.user_key(connection, user_id)}])
        return int(connection.execute(_LAST_ID).scalar() or 0)

    def user_key(self, connection: Connection, user_id: str) -> str:
        """A keyed hash naming the user in ``remove``/``drop`` rows (the key is this database's
        secret, so the key of a guessed id cannot be computed without the database)."""
        if self._secret is None:
            value = connection.execute(select(MetaRow.value).where(MetaRow.key == "change_key")).scalar()
            self._secret = bytes.fromhex(value or "")
        return hmac.new(self._secret, user_id.encode(), hashlib.sha256).hexdigest()[:32]

    def user_keys(self, connection: Connection, user_ids: Iterable[str]) -> dict[str, str]:
        """user key → user id, for the users given."""
        return {self.user_key(connection, u): u for u in user_ids}

    # -- reading ---------------------------------------------------------------------------
    def position(self, connection: Connection) -> Position:
        return self.position_of(connection.execute(_POSITION).one())

    @staticmethod
    def position_of(row: Sequence[object]) -> Position:
        """The position from a row of the position statement (``POSITION``)."""
        latest, horizon = row
        start = int(horizon or 0)  # type: ignore[call-overload]
        return Position(latest=max(int(latest or 0), start), horizon=start)  # type: ignore[call-overload]

    def read(self, connection: Connection, *, after: int, upto: int, limit: int) -> list[Change]:
        """The changes with ids in (after, upto], oldest first, at most ``limit``."""
        rows = connection.execute(_READ, {"after": after, "upto": upto, "limit": limit}).all()
        return [Change(*row) for row in rows]

    # -- followers and compaction -----------------------------------------------------------
    def follow(self, connection: Connection, name: str, change: int, now: datetime) -> None:
        """Record that follower ``name`` is at ``change`` (and alive at ``now``)."""
        if connection.execute(_FOLLOWER_MOVED, {"who": name, "change": change, "now": now}).rowcount == 0:
            connection.execute(insert(FollowerRow.__table__).values(name=name, change=change, seen_at=now))

    def unfollow(self, connection: Connection, name: str) -> None:
        connection.execute(delete(FollowerRow.__table__).where(_f.name == name))

    def followers(self, connection: Connection) -> list[str]:
        return list(connection.execute(select(_f.name)).scalars())

    def followed(self, connection: Connection, name: str) -> int | None:
        """Where follower ``name`` was last recorded, if it is."""
        value = connection.execute(select(_f.change).where(_f.name == name)).scalar()
        return None if value is None else int(value)

    def compact(self, connection: Connection, now: datetime) -> int:
        """Delete the changes every live follower has passed; returns the new horizon."""
        cutoff = now - LEASE
        connection.execute(delete(FollowerRow.__table__).where(_f.seen_at < cutoff))
        lowest = connection.execute(select(func.min(_f.change))).scalar()
        position = self.position(connection)
        if lowest is None:  # no one is known to follow: keep everything
            return position.horizon
        horizon = min(int(lowest), position.latest)
        if horizon > position.horizon:
            connection.execute(delete(ChangeRow.__table__).where(_c.id <= horizon))
            write_meta(connection, "change_horizon", str(horizon))
        return max(horizon, position.horizon)
