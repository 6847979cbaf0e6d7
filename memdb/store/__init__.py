"""The SQL store: engine, sessions, schema versioning, full-text search and the change log.

This package is the only place that knows which SQL dialect is underneath. Everything outside it
speaks SQLAlchemy ORM queries over the tables in ``schema.py`` and calls ``Store.fulltext`` and
``Store.changes``.

Several processes may write to one database. A write transaction (``session(write=True)``)
holds the database's writer lock from its first statement (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: ``pg_advisory_xact_lock``, released at commit or rollback), so writers run one at a
time: a read-modify-write inside one (the knowledge graph's entity counters, a fact's validity)
sees the latest committed state, and change-log ids are assigned in commit order.

On PostgreSQL a write transaction runs at READ COMMITTED (its statements, all after the lock,
see every earlier writer's commit; REPEATABLE READ would keep the snapshot taken by the lock
statement itself, before the wait) and a read transaction at REPEATABLE READ (one snapshot for
all its statements, as a SQLite read transaction has: a follower's rebuild reads the change
log's position and every episode at it). Connections are checked before use (``pool_pre_ping``),
so after the server restarts the next request reconnects; while it is down, requests fail
with StorageError (the HTTP server's 503).

With ``read_url`` (a PostgreSQL hot standby of the database), read transactions and the
change log's position are read on the standby, once it has replayed what the primary had
committed, or on the primary when it cannot (``standby.py``); writes, and the reads of a write
(``session(primary=True)``), run on the primary.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import uuid
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Iterator

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from memdb.errors import ConfigError, MemdbError, StorageError
from memdb.store.changes import POSITION, ChangeLog, Position
from memdb.store.fulltext import FullText, SqliteFullText
from memdb.store.pgtext import PostgresFullText
from memdb.store.standby import Read, Standby, current_scope, read_scope
from memdb.store.migrations import upgrade, write_meta
from memdb.store.schema import EpisodeRow, MetaRow

__all__ = ["Store"]

BUSY_TIMEOUT_MS = 30_000
#: The advisory lock every PostgreSQL writer holds ("memdb" read as a number): one per database.
WRITER_LOCK = 0x6D656D6462
log = logging.getLogger("memdb")
_CONNECT_TIMEOUT_S = 5
#: Turns this process adds, and the share of the turns there were at its last refresh, before
#: it refreshes PostgreSQL's planner statistics itself (see ``Store.grew``).
ANALYZE_AFTER, ANALYZE_SHARE = 5_000, 0.2
_ESTIMATED_TURNS = text(f"SELECT reltuples FROM pg_class WHERE oid = '{EpisodeRow.__tablename__}'::regclass")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by _sqlite_begin, not by the driver's implicit BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while one writer commits; foreign keys make cascades real.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # Deleted rows are overwritten with zeros, not left in free pages (builds differ in default).
    cursor.execute("PRAGMA secure_delete=ON")
    # 32 MB of page cache (the default is 2 MB): a search reads a few hundred scattered rows.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """A writer takes the write lock at BEGIN: a deferred transaction that read first and then
    wrote would fail with SQLITE_BUSY (not wait) when another process committed in between."""
    options = connection.get_execution_options()
    if options.get("memdb_write"):
        if not options.get("memdb_wait", True):  # try once, do not queue behind another writer
            connection.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def _postgres_begin(connection: Connection) -> None:
    """A writer takes the database's advisory lock as the first statement of its transaction."""
    options = connection.get_execution_options()
    if not options.get("memdb_write"):
        return
    if options.get("memdb_wait", True):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
    elif not connection.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({WRITER_LOCK})").scalar():
        raise StorageError("another process is writing to the database")


def _engine(url: URL, dialect: str) -> tuple[Engine, dict[str, Any], dict[str, Any]]:
    """The engine, and the execution options of its read and its write transactions."""
    if dialect == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine, {}, {"memdb_write": True}
    if url.get_driver_name() != "psycopg":
        raise ConfigError(f"PostgreSQL is used through psycopg 3: write the URL as postgresql://… or "
                          f"postgresql+psycopg://… (not {url.drivername})")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ConfigError("PostgreSQL needs psycopg 3: pip install 'memdb[postgres]'") from exc
    # A writer waits for the lock as long as a SQLite writer waits (busy timeout), then fails.
    engine = create_engine(url, pool_pre_ping=True, connect_args={
        "connect_timeout": _CONNECT_TIMEOUT_S, "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}"})
    event.listen(engine, "begin", _postgres_begin)
    return engine, {"isolation_level": "REPEATABLE READ"}, {"isolation_level": "READ COMMITTED", "memdb_write": True}


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r}") from exc
    if parsed.drivername == "postgresql":  # a plain postgresql:// URL (DATABASE_URL's form): psycopg 3
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


class Store:
    """Owns the engine; hands out sessions that commit on success and roll back on error.
    ``read_url``: a hot standby to read from (PostgreSQL only); ``standby_max_lag``: seconds of
    staleness its reads may have without waiting for it (None: every read waits, consistent)."""

    def __init__(self, url: str, *, read_url: str | None = None, standby_max_lag: float | None = None) -> None:
        parsed = _parse(url)
        self.url = parsed
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise ConfigError(f"unsupported database {self.dialect!r}: memdb runs on sqlite or postgresql")
        self.fulltext: FullText = SqliteFullText() if self.dialect == "sqlite" else PostgresFullText()
        self.changes = ChangeLog()
        standby_url = None if read_url is None else _parse(read_url)
        if standby_url is not None and (self.dialect != "postgresql" or standby_url.get_backend_name() != "postgresql"):
            raise ConfigError("a read URL names a PostgreSQL hot standby, read beside a PostgreSQL database URL")
        self.standby: Standby | None = None
        try:
            self.engine, read_options, write_options = _engine(parsed, self.dialect)
            reader = self.engine.execution_options(**read_options)
            writer = self.engine.execution_options(**write_options)
            with writer.begin() as connection:
                upgrade(connection)
                self.fulltext.create(connection)
                self.id = self._identity(connection)
            if standby_url is not None:
                self.standby = Standby(standby_url, self.engine, store_id=self.id, max_lag=standby_max_lag)
                self._standby_sessions = sessionmaker(self.standby.engine.execution_options(**read_options),
                                                      expire_on_commit=False)
        except MemdbError:
            if hasattr(self, "engine"):  # the standby was refused: nothing stays open
                self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot open database {parsed.render_as_string()}: {exc}") from exc
        self._position_sql = str(POSITION.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
        self._sessions = sessionmaker(reader, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)
        self._try_write_sessions = sessionmaker(writer.execution_options(memdb_wait=False), expire_on_commit=False)
        self._added_unanalyzed, self._analyzed_turns = 0, 0

    def grew(self, turns: int) -> None:
        """After a write committed ``turns`` turns. PostgreSQL plans lookups from table
        statistics that autovacuum refreshes only a while after a bulk import; until then a
        search's small lookups scan tables (at 20k turns, ~20 ms of a 120 ms search). After
        many turns added here, this process refreshes memdb's tables' statistics itself. Never
        fails the call: the write is committed; a failed refresh is logged."""
        if self.dialect != "postgresql":
            return
        self._added_unanalyzed += turns
        if self._added_unanalyzed < max(ANALYZE_AFTER, ANALYZE_SHARE * self._analyzed_turns):
            return
        tables = [*MetaRow.metadata.tables, *self.fulltext.tables]
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE " + ", ".join(tables))
                connection.commit()
                self._analyzed_turns = int(connection.execute(_ESTIMATED_TURNS).scalar() or 0)  # as ANALYZE counted
        except SQLAlchemyError as exc:
            log.warning("refreshing PostgreSQL's statistics failed (autovacuum will): %s", exc)
        self._added_unanalyzed = 0

    def _identity(self, connection: Connection) -> str:
        """This database's id (an index file saved from another database is not reused) and the
        secret the change log's user keys are made with, created with the database."""
        table = MetaRow.__table__
        found = dict(connection.execute(select(table.c.key, table.c.value).where(
            table.c.key.in_(["store_id", "change_key"]))).all())
        if "store_id" not in found:
            found["store_id"] = uuid.uuid4().hex
            write_meta(connection, "store_id", found["store_id"])
        if "change_key" not in found:
            write_meta(connection, "change_key", secrets.token_hex(32))
        return found["store_id"]

    def reading(self) -> AbstractContextManager[Any]:
        """Every read inside runs on one side (standby or primary, chosen at the first): a
        search's index catch-up and its rows agree, and the standby is waited for once."""
        return read_scope()

    def read_side(self) -> Read | None:
        """Where the current read runs (None: there is no standby), chosen now unless a
        ``reading`` scope chose already."""
        if self.standby is None:
            return None
        scope = current_scope()
        if scope is not None and scope.read is not None:
            return scope.read
        read = self.standby.choose()
        if scope is not None:
            scope.read = read
        return read

    @contextmanager
    def session(self, *, write: bool = False, wait: bool = True, primary: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back whole if it raises. A
        ``write`` transaction holds the writer lock from its start (writers run one at a time,
        across processes); with ``wait=False`` it fails at once with StorageError rather than
        queue behind another writer. A read runs on the standby when there is one (and it has
        caught up), unless ``primary`` (the reads a write depends on)."""
        on_standby = False
        if write:
            factory = self._write_sessions if wait else self._try_write_sessions
        else:
            read = None if primary else self.read_side()
            on_standby = read is not None and read.standby
            factory = self._standby_sessions if on_standby else self._sessions
        session = factory()
        try:
            with session.begin():
                yield session
        except MemdbError:
            raise
        except SQLAlchemyError as exc:
            if on_standby and isinstance(exc, OperationalError):
                assert self.standby is not None
                self.standby.failed(exc)
            raise StorageError(f"database error: {exc.__class__.__name__}: {exc}") from exc
        finally:
            session.close()

    def get_meta(self, session: Session, key: str) -> str | None:
        return session.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar()

    def set_meta(self, session: Session, key: str, value: str) -> None:
        write_meta(session.connection(), key, value)

    def change_position(self) -> Position:
        """Where the change log is, as a follower checks before every read: one statement of two
        index seeks on a pooled connection, outside a transaction (~20 µs; through a session
        and the ORM it took ~200)."""
        read = self.read_side()
        engine = self.standby.engine if self.standby is not None and read is not None and read.standby else self.engine
        try:
            raw = engine.raw_connection()  # may connect: the server may be gone
        except (SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as exc:
            if engine is not self.engine and self.standby is not None:
                self.standby.failed(exc)
            raise StorageError(f"database error: {exc.__class__.__name__}: {exc}") from exc
        try:
            cursor = raw.cursor()
            cursor.execute(self._position_sql)  # psycopg's execute returns the cursor, sqlite3's too
            return self.changes.position_of(cursor.fetchone())
        except engine.dialect.loaded_dbapi.Error as exc:
            raise StorageError(f"database error: {exc}") from exc
        finally:
            raw.close()

    def purge(self, connection: Connection) -> None:
        """In a transaction that deleted rows: leave none of their text in the full-text index
        (SQLite 3.40's FTS5 keeps deleted terms in its segments until they are merged)."""
        self.fulltext.purge(connection)

    def truncate_log(self) -> bool:
        """After a purge commits: copy the write-ahead log into the database and empty it, so
        no frame keeps an older copy of an erased page. Waits for readers (busy timeout);
        False if a reader still held an old snapshot."""
        if self.dialect != "sqlite":
            return True
        raw = self.engine.raw_connection()
        try:
            busy, _, _ = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return not busy
        except sqlite3.Error as exc:
            raise StorageError(f"cannot checkpoint the database log: {exc}") from exc
        finally:
            raw.close()

    def close(self) -> None:
        if self.standby is not None:
            self.standby.close()
        self.engine.dispose()
