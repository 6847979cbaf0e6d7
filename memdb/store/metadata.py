"""Metadata filters in SQL, over ``episode_metadata``: one typed row per key of a turn's metadata.

Two forms of the same filter (a tree from ``memdb.filters``):

- ``condition``: a condition on ``EpisodeRow`` (correlated EXISTS on the table's primary key),
  cheap for checking the few hundred candidates a search scores;
- ``listed``: the seqs of the user's turns that may pass, read through the ``(user_id, path,
  kind, value)`` indexes, for the reads that would otherwise walk a big user's turns one by
  one to find the few that pass (the timeline, a selective filter's search candidates).

Plain SQL (EXISTS, IN) over typed columns: the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, not_, or_, select, true

from memdb.filters import MAX_COMPARED_CHARS, Comparison, Node, canonical, flatten, path_key
from memdb.store.expressions import Sql
from memdb.store.schema import EpisodeRow, MetadataRow

_RANGES = {"$gt": "__gt__", "$gte": "__ge__", "$lt": "__lt__", "$lte": "__le__"}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _typed(value: Any) -> tuple[str, str | None, float | None]:
    """(kind, text, number) of one value, as stored and as looked up."""
    if value is None:
        return "null", None, None
    if isinstance(value, bool):
        return "bool", None, float(value)
    if isinstance(value, (int, float)):
        return "num", None, float(value)
    if isinstance(value, str):
        return ("str", value, None) if len(value) <= MAX_COMPARED_CHARS else ("long", _digest(value), None)
    if isinstance(value, (list, tuple)):
        return "array", _digest(canonical(list(value))), None
    return "object", _digest(canonical(value)), None


def metadata_rows(episode_seq: int, user_id: str, metadata: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``episode_metadata`` rows of one turn."""
    rows = []
    for path, value in flatten(metadata):
        kind, text, number = _typed(value)
        rows.append({"episode_seq": episode_seq, "path": path_key(path), "user_id": user_id, "kind": kind,
                     "text": text, "number": number})
    return rows


def _equals(value: Any) -> ColumnElement[bool]:
    kind, text, number = _typed(value)
    if kind in ("bool", "num"):
        return and_(MetadataRow.kind == kind, MetadataRow.number == number)
    if kind == "null":
        return MetadataRow.kind == "null"
    return and_(MetadataRow.kind == kind, MetadataRow.text == text)


def _compares(op: str, value: Any) -> ColumnElement[bool]:
    if isinstance(value, str):
        return and_(MetadataRow.kind == "str", getattr(MetadataRow.text, _RANGES[op])(value))
    return and_(MetadataRow.kind == "num", getattr(MetadataRow.number, _RANGES[op])(float(value)))


def _value_test(c: Comparison) -> ColumnElement[bool] | None:
    """The test on a row at the comparison's path that makes a turn pass (None: any row)."""
    if c.op in ("$eq", "$ne"):
        return _equals(c.value)
    if c.op in ("$in", "$nin"):
        return or_(*(_equals(v) for v in c.value if v is not None)) if any(v is not None for v in c.value) else false()
    if c.op == "$exists":
        return None
    return _compares(c.op, c.value)


def _null_or_missing(c: Comparison) -> bool:
    """Whether a turn without the key passes: null stands for "not there" ($eq null, $ne 1, …)."""
    if c.op == "$eq":
        return c.value is None
    if c.op == "$in":
        return None in c.value
    if c.op in ("$ne", "$nin"):
        return not (c.value is None if c.op == "$ne" else None in c.value)
    return c.op == "$exists" and not c.value


def _row(c: Comparison, test: ColumnElement[bool] | None) -> ColumnElement[bool]:
    return exists().where(MetadataRow.episode_seq == EpisodeRow.seq, MetadataRow.path == path_key(c.path),
                          *(() if test is None else (test,)))


def _comparison(c: Comparison) -> ColumnElement[bool]:
    if c.op in ("$ne", "$nin"):  # everything $eq / $in does not keep
        return not_(_comparison(Comparison(c.path, "$eq" if c.op == "$ne" else "$in", c.value)))
    if c.op == "$exists":
        return _row(c, None) if c.value else not_(_row(c, None))
    if _null_or_missing(c):  # no row at the path, or one holding a listed value (null included)
        others = [v for v in c.value if v is not None] if c.op == "$in" else []
        missing = not_(_row(c, MetadataRow.kind != "null"))
        return or_(missing, _row(c, or_(*(_equals(v) for v in others)))) if others else missing
    return _row(c, _value_test(c))


def condition(node: Node) -> ColumnElement[bool]:
    """The filter as a condition on ``EpisodeRow``."""
    if isinstance(node, Comparison):
        return _comparison(node)
    parts = [condition(p) for p in node.parts]
    return or_(*parts) if node.any_ else and_(*parts)


def listed(sql: Sql, node: Node, user_id: str, *, cap: int) -> list[int] | None:
    """Seqs of the user's turns that include every turn passing ``node`` (for an AND, those
    of its most selective part the indexes can list), read from the indexes — or None when
    the filter passes turns without the key (``$ne``, ``$nin``, ``null``…), which no index
    lists, or when more than ``cap`` would be listed (a filter most turns pass: checking
    turns as they come is then cheaper). Each read stops after ``cap`` + 1 rows. Callers look
    the seqs up by primary key (``one_of``) and check the whole filter on them — not
    "user_id = ? AND seq IN (…)": given that, SQLite walks the user's index instead."""
    if isinstance(node, Comparison):
        stmt = _listing(node, user_id)
        if stmt is None:
            return None
        seqs = list(sql.execute(stmt.limit(cap + 1)).scalars())
        return seqs if len(seqs) <= cap else None
    found = [listed(sql, part, user_id, cap=cap) for part in node.parts]
    if node.any_:
        if any(f is None for f in found):
            return None
        union_ = sorted({s for f in found for s in f})  # type: ignore[union-attr]
        return union_ if len(union_) <= cap else None
    fitting = [f for f in found if f is not None]
    return min(fitting, key=len) if fitting else None


def _listing(c: Comparison, user_id: str) -> Select | None:
    """The seqs at the comparison's path that pass it, from the ``(user_id, path, kind, value)``
    indexes; None when turns without the key pass it."""
    if c.op in ("$ne", "$nin") or _null_or_missing(c):
        return None
    test = _value_test(c)
    at_path = (MetadataRow.user_id == user_id, MetadataRow.path == path_key(c.path))
    return select(MetadataRow.episode_seq).where(*at_path, test if test is not None else true())
