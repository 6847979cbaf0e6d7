"""SQL expressions whose spelling depends on the dialect, for the read paths a search runs.

Written as SQLAlchemy constructs compiled per dialect, so code outside the store stays
dialect-neutral and each statement keeps one shape (SQLAlchemy compiles it once and caches it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, String, bindparam, cast, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement, GenericFunction


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


# julianday's double is exact to ~20 µs at today's dates: rounding makes whole seconds whole.
compiles(epoch, "sqlite")(_spelled("ROUND((julianday({}) - 2440587.5) * 86400.0, 3)"))
compiles(epoch, "postgresql")(_spelled("EXTRACT(EPOCH FROM {})"))


class json_items(GenericFunction[Any]):
    """The items of a JSON array, as a table with one column ``value``."""

    inherit_cache = True


compiles(json_items, "sqlite")(_spelled("json_each({})"))
compiles(json_items, "postgresql")(_spelled("json_array_elements_text(CAST({} AS JSON))"))


def one_of(column: ColumnElement[Any], values: Iterable[int]) -> ColumnElement[bool]:
    """``column IN values`` with the values bound as one JSON array: an IN list of hundreds of
    ids costs SQLAlchemy a bound parameter per id on every execution."""
    items = json_items(bindparam(None, json.dumps(sorted(values)), type_=String)).table_valued("value")
    return column.in_(select(cast(items.c.value, Integer)))
