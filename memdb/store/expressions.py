"""SQL expressions whose spelling depends on the dialect, for the statements a search runs.

A search runs about fifteen statements. Building one with SQLAlchemy's constructs costs
~0.3 ms, several times what SQLite takes to answer it, so the read paths build each statement
once (``functools.cache``) with named parameters and bind the values per call. Lists of ids
are bound as one JSON array (``one_of``): one parameter whatever the number of ids.

Reads run on the session's connection where they want columns, not ORM objects (``Sql``):
through the session every row goes through ORM loading, a few ms over a search's ~1.7k rows.

Each construct here is spelled for SQLite and for PostgreSQL (``@compiles`` per dialect); the
statements that use them are the same on both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement, Connection, Float, Integer, Select, String, TypeDecorator, bindparam, func, select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement, GenericFunction
from sqlalchemy.types import NullType


#: What a read runs on: a session, or its connection when it wants columns only.
Sql = Session | Connection


def _spelled(template: str) -> Callable[..., str]:
    """A compiler for a one-argument function: ``template`` with the argument's SQL for ``{}``."""
    def compile_(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
        return template.format(compiler.process(element.clauses, **kw))
    return compile_


class epoch(FunctionElement[float]):
    """Seconds since 1970 (UTC) of a stored naive-UTC datetime, to the millisecond, as a float:
    scoring a few hundred rows by time then skips parsing a datetime per row."""

    type = Float()
    inherit_cache = True


# julianday's double is exact to ~20 µs at today's dates: rounding makes whole seconds whole. It
# reads the stored text to the millisecond only (substr), or the last half millisecond of year 9999
# would round into year 10000, where julianday gives NULL.
compiles(epoch, "sqlite")(_spelled("ROUND((julianday(substr({}, 1, 23)) - 2440587.5) * 86400.0, 3)"))
# A timestamp without time zone's epoch is read as UTC, which is how memdb stores them.
compiles(epoch, "postgresql")(_spelled("CAST(ROUND(EXTRACT(EPOCH FROM {}), 3) AS DOUBLE PRECISION)"))


class json_items(GenericFunction[Any]):
    """The items of a JSON array (column ``value``) or object (columns ``key`` and ``value``)."""

    inherit_cache = True


compiles(json_items, "sqlite")(_spelled("json_each({})"))
# As text (key and value); a caller that wants numbers casts the column.
compiles(json_items, "postgresql")(_spelled("jsonb_each_text(CAST({} AS JSONB))"))


class _one_of(FunctionElement[bool]):
    """``column IN (the items of a bound JSON array)``; on PostgreSQL the items (text) are
    cast to the column's type, which SQLite's comparison affinity does by itself.

    Not typed Boolean: on SQLite, which has no boolean type, SQLAlchemy writes a Boolean
    function in a WHERE as ``(…) = 1``, and SQLite then scans the table instead of looking the
    ids up (a search at 100k turns took 570 ms instead of 17)."""

    type = NullType()
    inherit_cache = True


@compiles(_one_of, "sqlite")
def _one_of_sqlite(element: _one_of, compiler: Any, **kw: Any) -> str:
    column, values = element.clauses
    return f"{compiler.process(column, **kw)} IN (SELECT value FROM json_each({compiler.process(values, **kw)}))"


@compiles(_one_of, "postgresql")
def _one_of_postgresql(element: _one_of, compiler: Any, **kw: Any) -> str:
    column, values = element.clauses
    kind = "BIGINT" if isinstance(column.type, Integer) else "TEXT"
    return (f"{compiler.process(column, **kw)} IN (SELECT CAST(value AS {kind}) "
            f"FROM jsonb_array_elements_text(CAST({compiler.process(values, **kw)} AS JSONB)) AS value)")


class JsonValue(TypeDecorator[Any]):
    """A bound list (ids, names) or mapping (id → weight), sent as one JSON text."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        if isinstance(value, Mapping):
            return json.dumps({str(k): v for k, v in value.items()}, default=int)  # numpy ints too
        return json.dumps(sorted(value) if isinstance(value, (set, frozenset)) else list(value), default=int)


def json_param(name: str) -> Any:
    """A named parameter taking a list or mapping (see ``JsonValue``)."""
    return bindparam(name, type_=JsonValue())


def one_of(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """``column IN (the values bound to parameter name)``, e.g. ``one_of(EpisodeRow.seq, "seqs")``
    executed with ``{"seqs": [3, 5, 8]}``."""
    return _one_of(column, json_param(name))


def weights_table(name: str) -> Any:
    """A table (``key``, ``value``) of the mapping bound to parameter ``name`` (id → weight)."""
    return json_items(json_param(name)).table_valued("key", "value")


def narrowed(statement: Any, conditions: Sequence[ColumnElement[bool]]) -> Any:
    """``statement`` with extra conditions — the very same object when there are none, so a
    statement built once keeps its cached compiled form."""
    return statement.where(*conditions) if conditions else statement


def starts_with(column: ColumnElement[str], prefix: str) -> list[ColumnElement[bool]]:
    """``column`` starts with ``prefix``, as a range an index on the column answers with one seek
    (LIKE would scan: its case rules and wildcards keep SQLite from using the index)."""
    if not prefix:
        return []
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first text past every one starting with prefix
    return [column >= prefix, column < after]


def distinct_sorted(column: ColumnElement[Any], *conditions: ColumnElement[bool]) -> Select:
    """The distinct values of an indexed ``column`` meeting ``conditions``, in order, by a skip
    scan: one index seek per value instead of reading every row (a user's turns, here)."""
    first = select(func.min(column).label("value")).where(*conditions).cte("found", recursive=True)
    following = select(func.min(column)).where(column > first.c.value, *conditions).scalar_subquery()
    found = first.union_all(select(following).where(first.c.value.is_not(None)))
    return select(found.c.value).where(found.c.value.is_not(None))
