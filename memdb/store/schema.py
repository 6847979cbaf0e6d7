"""SQLAlchemy 2.x tables of memdb. Dialect-neutral: anything dialect-specific lives in the
``store`` package's other modules (full-text, pragmas), or in the two column types below, which
make PostgreSQL store what SQLite stores: ids as 64-bit integers, text unbounded (SQLite does not
enforce a VARCHAR's length: the library's validation does) and compared by code point (collation
"C", as SQLite compares; a prefix as a range, ``expressions.starts_with``, relies on it)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Sequence

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from memdb.temporal import TimeRange

#: Bumped with every migration in ``store/migrations.py``.
SCHEMA_VERSION = 6


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: the same on SQLite (no time zones) and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


#: An id (``seq``) and every reference to one: INTEGER on SQLite (a rowid alias), BIGINT on PostgreSQL.
SeqInt = Integer().with_variant(BigInteger(), "postgresql")


def Str(length: int | None = None) -> String:
    """Text of at most ``length`` characters, as validated before it is stored."""
    return (String(length) if length else Text()).with_variant(Text(collation="C"), "postgresql")


class Base(DeclarativeBase):
    pass


class EpisodeRow(Base):
    """A conversation turn. ``seq`` is the stable int64 id the vector index uses; ``id`` is the
    caller's (or a generated) id, unique per user, which makes re-adding idempotent."""

    __tablename__ = "episodes"
    __table_args__ = (
        UniqueConstraint("user_id", "id", name="uq_episode_user_id"),
        Index("ix_episode_user_time", "user_id", "occurred_at"),
        Index("ix_episode_user_session_time", "user_id", "session_id", "occurred_at"),
        {"sqlite_autoincrement": True},  # never reuse a deleted seq: vector ids stay stable
    )

    seq: Mapped[int] = mapped_column(SeqInt, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(Str(128))
    user_id: Mapped[str] = mapped_column(Str(255))
    session_id: Mapped[str] = mapped_column(Str(128))
    role: Mapped[str] = mapped_column(Str(16))
    name: Mapped[str | None] = mapped_column(Str(128))
    content: Mapped[str] = mapped_column(Str())
    content_hash: Mapped[str] = mapped_column(Str(64), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    # Deferred: 1.5 KB a row that only the vector index's rebuild and dedup read.
    embedding: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (
        Index("ix_entity_user_name", "user_id", "name"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(SeqInt, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(Str(255))
    name: Mapped[str] = mapped_column(Str(256))
    type: Mapped[str] = mapped_column(Str(32))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mention_count: Mapped[int] = mapped_column(Integer, default=0)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)


class AliasRow(Base):
    """Normalized lookup keys of an entity; a key names one entity per user."""

    __tablename__ = "entity_aliases"

    user_id: Mapped[str] = mapped_column(Str(255), primary_key=True)
    key: Mapped[str] = mapped_column(Str(256), primary_key=True)
    alias: Mapped[str] = mapped_column(Str(256))
    entity_seq: Mapped[int] = mapped_column(ForeignKey("entities.seq", ondelete="CASCADE"), index=True)


class MentionRow(Base):
    __tablename__ = "mentions"
    # Covers "the episodes mentioning these entities" without reading the table: graph
    # candidates at a million turns read thousands of mentions per search.
    __table_args__ = (Index("ix_mention_entity_episode", "entity_seq", "episode_seq"),)

    episode_seq: Mapped[int] = mapped_column(
        ForeignKey("episodes.seq", ondelete="CASCADE"), primary_key=True
    )
    entity_seq: Mapped[int] = mapped_column(
        ForeignKey("entities.seq", ondelete="CASCADE"), primary_key=True
    )
    surface: Mapped[str] = mapped_column(Str(256))
    # The names the turn called the entity by ("Maya's mom" for "my mom"; "Lena", then "Lena
    # Smith"), one a line: when a turn is deleted, the entity keeps only the aliases and display
    # name its other mentions give it. None for mentions stored before schema 5.
    names: Mapped[str | None] = mapped_column(Str(256))


class EpisodeTimeRow(Base):
    """A time a turn refers to ("yesterday", "July 15th", "last week"), resolved against when it
    was said: half-open UTC bounds, either end open. A question asking when something happened
    is answered by a turn that names a time."""

    __tablename__ = "episode_times"

    episode_seq: Mapped[int] = mapped_column(ForeignKey("episodes.seq", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)  # where the expression starts in the content
    text: Mapped[str] = mapped_column(Str(128))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @staticmethod
    def values(episode_seq: int, found: Sequence[TimeRange]) -> list[dict[str, Any]]:
        """Rows for the time expressions ``found`` in a turn (``timeexpr.find_time_expressions``)."""
        return [{"episode_seq": episode_seq, "position": r.span[0], "text": r.text[:128], "starts_at": r.start,
                 "ends_at": r.end} for r in found]


class MetadataRow(Base):
    """One key (or key of a nested object) of a turn's ``metadata``, typed, so a metadata filter
    is an index lookup (``store.metadata``). ``kind`` is str, num, bool, null, array or object;
    ``text`` holds a string (up to ``filters.MAX_COMPARED_CHARS``; a longer one, and a list or
    object, as the sha1 of its canonical JSON), ``number`` a number or a boolean as 0/1."""

    __tablename__ = "episode_metadata"
    __table_args__ = (
        Index("ix_metadata_text", "user_id", "path", "kind", "text"),
        Index("ix_metadata_number", "user_id", "path", "kind", "number"),
    )

    episode_seq: Mapped[int] = mapped_column(ForeignKey("episodes.seq", ondelete="CASCADE"), primary_key=True)
    path: Mapped[str] = mapped_column(Str(), primary_key=True)  # filters.path_key: the keys as a JSON array
    user_id: Mapped[str] = mapped_column(Str(255))
    kind: Mapped[str] = mapped_column(Str(8))
    text: Mapped[str | None] = mapped_column(Str())
    number: Mapped[float | None] = mapped_column(Float)


class FactRow(Base):
    """An edge subject —label→ object, in three times. Event time: ``valid_at``/``invalid_at``
    (when it held in the world). Knowledge time: ``stated_at``/``end_stated_at`` (when, in the
    conversation, the first turn stating it and the turn ending it were said: what ``as_of``
    reads). System time: ``recorded_at``/``expired_at`` (when memdb stored them: audit, what
    ``recorded_before`` reads). Invalidated facts are kept, never deleted."""

    __tablename__ = "facts"
    __table_args__ = (
        Index("ix_fact_user_subject_label", "user_id", "subject_seq", "label"),
        Index("ix_fact_object", "object_seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(SeqInt, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(Str(255))
    subject_seq: Mapped[int] = mapped_column(ForeignKey("entities.seq", ondelete="CASCADE"))
    object_seq: Mapped[int] = mapped_column(ForeignKey("entities.seq", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(Str(64))
    fact: Mapped[str] = mapped_column(Str())
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invalid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_stated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invalidated_by: Mapped[int | None] = mapped_column(SeqInt, index=True)


class FactSourceRow(Base):
    __tablename__ = "fact_sources"

    fact_seq: Mapped[int] = mapped_column(ForeignKey("facts.seq", ondelete="CASCADE"), primary_key=True)
    episode_seq: Mapped[int] = mapped_column(
        ForeignKey("episodes.seq", ondelete="CASCADE"), primary_key=True, index=True
    )


class ChangeRow(Base):
    """The change log every process's vector index follows: one row per episode added or
    removed and per user forgotten, written in the transaction that makes the change. Writers
    are serialized (``Store.session(write=True)``), so ids grow in commit order: a follower that
    has read id n never later sees a smaller id appear. Holds no user id in clear: an added
    episode's user is read from its row, and removals name the user by ``user_key``, a keyed
    hash (``store.changes.user_key``), so a forgotten user's id is not left behind in the log."""

    __tablename__ = "changes"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids never reused, even after compaction

    id: Mapped[int] = mapped_column(SeqInt, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(Str(8))  # add | remove | drop (a user's whole partition)
    episode_seq: Mapped[int | None] = mapped_column(SeqInt)  # add, remove (no foreign key: it outlives the row)
    user_key: Mapped[str | None] = mapped_column(Str(32))  # remove, drop


class FollowerRow(Base):
    """Who still needs the change log from which id on: each open MemoryDB (its index's position)
    and each saved index file (the position it was saved at). Compaction never deletes a change
    a follower seen within the lease still needs (``store.changes``)."""

    __tablename__ = "change_followers"

    name: Mapped[str] = mapped_column(Str(255), primary_key=True)
    change: Mapped[int] = mapped_column(SeqInt)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MetaRow(Base):
    """Key/value bookkeeping: schema version, embedding model, store id, change-log horizon."""

    __tablename__ = "memdb_meta"

    key: Mapped[str] = mapped_column(Str(64), primary_key=True)
    value: Mapped[str] = mapped_column(Str())


class KeyRow(Base):
    """An API key of the HTTP server: only its sha256 is stored; each key belongs to one tenant.
    Admin keys manage keys and nothing else."""

    __tablename__ = "api_keys"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(SeqInt, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(Str(40), index=True)
    name: Mapped[str] = mapped_column(Str(128))
    key_hash: Mapped[str] = mapped_column(Str(64), unique=True)
    prefix: Mapped[str] = mapped_column(Str(16))
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
