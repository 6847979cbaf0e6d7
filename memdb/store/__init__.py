"""The SQL store: engine, sessions, schema versioning and full-text search.

This package is the only place that knows which SQL dialect is underneath. Everything outside it
speaks SQLAlchemy ORM queries over the tables in ``schema.py`` and calls ``Store.fulltext``.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from memdb.errors import ConfigError, MemdbError, StorageError
from memdb.store.fulltext import FullText, SqliteFullText
from memdb.store.migrations import upgrade, write_meta
from memdb.store.schema import MetaRow

__all__ = ["Store"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while one writer commits; foreign keys make cascades real.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # 32 MB of page cache (the default is 2 MB): a search reads a few hundred scattered rows.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


class Store:
    """Owns the engine; hands out sessions that commit on success and roll back on error."""

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise ConfigError(f"not a database URL: {url!r}") from exc
        self.url = parsed
        self.dialect = parsed.get_backend_name()
        if self.dialect != "sqlite":
            raise ConfigError(f"unsupported database {self.dialect!r}: memdb supports sqlite for now")
        self.fulltext: FullText = SqliteFullText()
        try:
            self.engine: Engine = create_engine(parsed, connect_args={"check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_pragmas)
            with self.engine.begin() as connection:
                upgrade(connection)
                self.fulltext.create(connection)
        except MemdbError:
            raise
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot open database {parsed.render_as_string()}: {exc}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back whole if it raises."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except MemdbError:
            raise
        except SQLAlchemyError as exc:
            raise StorageError(f"database error: {exc.__class__.__name__}: {exc}") from exc
        finally:
            session.close()

    def get_meta(self, session: Session, key: str) -> str | None:
        return session.execute(select(MetaRow.value).where(MetaRow.key == key)).scalar()

    def set_meta(self, session: Session, key: str, value: str) -> None:
        write_meta(session.connection(), key, value)

    def close(self) -> None:
        self.engine.dispose()
