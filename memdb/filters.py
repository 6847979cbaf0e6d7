"""Metadata filters: which turns' ``metadata`` (given at ``add``) a search or timeline keeps.

A filter is a JSON object, in the shape MongoDB, Chroma and LangGraph stores use::

    {"source": "slack"}                              equality
    {"priority": {"$gte": 2}, "topic": "travel"}     keys are AND-ed
    {"project": {"name": "apollo"}}                  a key inside an object
    {"$or": [{"source": "slack"}, {"source": "email"}]}

Operators: ``$eq $ne $gt $gte $lt $lte $in $nin $exists``; ``$and``/``$or`` take a list of
filters. ``$gt``… compare numbers with numbers and strings with strings (by code point, so ISO
dates compare as times); a string longer than ``MAX_COMPARED_CHARS`` is matched by equality only.
``$ne``, ``$nin`` and ``{"key": null}`` also match turns without the key. A list or object value
is matched by exact (JSON) equality. This module only reads a filter into a tree of
``Comparison``/``Group`` nodes; ``store.metadata`` turns the tree into SQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from memdb.errors import InvalidInputError

OPERATORS = ("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists")
MAX_COMPARISONS = 64
MAX_LIST = 1_000
MAX_COMPARED_CHARS = 256

Path = tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """``path`` (keys from the top of the metadata object) compared by ``op`` with ``value``."""

    path: Path
    op: str
    value: Any


@dataclass(frozen=True)
class Group:
    """All (``any_=False``) or any of ``parts``."""

    parts: tuple["Node", ...]
    any_: bool = False


Node = Union[Comparison, Group]


def path_key(path: Sequence[str]) -> str:
    """How a path is stored and looked up: its keys as a JSON array (any key text is unambiguous)."""
    return json.dumps(list(path), ensure_ascii=False, separators=(",", ":"))


def _numbers_as_floats(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Mapping):
        return {k: _numbers_as_floats(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_numbers_as_floats(v) for v in value]
    return value  # json.dumps names what it cannot serialize


def canonical(value: Any) -> str:
    """One spelling of a JSON value, so equal lists and objects have equal text (keys sorted;
    1 and 1.0 the same number, as they are one number in JSON)."""
    return json.dumps(_numbers_as_floats(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


def _fail(message: str, where: str) -> InvalidInputError:
    return InvalidInputError(f"filter: {message}", details={"field": "filter", "at": where})


def _where(path: Path) -> str:
    return ".".join(path) or "(top)"


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bool, int, float))


def _check_value(op: str, value: Any, path: Path) -> Any:
    where = _where(path)
    if op in ("$eq", "$ne"):
        try:
            canonical(value)
        except (TypeError, ValueError) as exc:
            raise _fail(f"{op} at {where} needs a JSON value: {exc}", where) from exc
        return value
    if op in ("$gt", "$gte", "$lt", "$lte"):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise _fail(f"{op} at {where} compares a number or a string, got {type(value).__name__}", where)
        if isinstance(value, float) and value != value:
            raise _fail(f"{op} at {where} cannot compare with NaN", where)
        return value
    if op in ("$in", "$nin"):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
            raise _fail(f"{op} at {where} needs a non-empty list", where)
        if len(value) > MAX_LIST:
            raise _fail(f"{op} at {where} takes at most {MAX_LIST} values", where)
        if not all(_scalar(v) for v in value):
            raise _fail(f"{op} at {where} takes strings, numbers, booleans or null", where)
        return tuple(value)
    if not isinstance(value, bool):  # $exists
        raise _fail(f"$exists at {where} takes true or false", where)
    return value


def _read(spec: Mapping[str, Any], path: Path, count: list[int]) -> list[Node]:
    if not all(isinstance(k, str) for k in spec):
        raise _fail("keys must be strings", _where(path))
    nodes: list[Node] = []
    for key, value in spec.items():
        if key in ("$and", "$or"):
            if path:
                raise _fail(f"{key} belongs at the top of a filter, not under {_where(path)}", _where(path))
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
                raise _fail(f"{key} takes a non-empty list of filters", key)
            parts = tuple(_group(part, (), count) for part in value)
            nodes.append(Group(parts, any_=key == "$or"))
        elif key.startswith("$"):
            raise _fail(f"unknown operator {key!r} at {_where(path)}; use one of {', '.join(OPERATORS)}, $and, $or",
                        _where(path))
        elif isinstance(value, Mapping) and any(isinstance(k, str) and k.startswith("$") for k in value):
            for op, operand in value.items():
                if op not in OPERATORS:
                    raise _fail(f"unknown operator {op!r} at {_where((*path, key))}; use one of {', '.join(OPERATORS)}",
                                _where((*path, key)))
                nodes.append(Comparison((*path, key), op, _check_value(op, operand, (*path, key))))
        elif isinstance(value, Mapping) and value:  # keys of a nested object
            nodes.extend(_read(value, (*path, key), count))
        else:
            nodes.append(Comparison((*path, key), "$eq", _check_value("$eq", value, (*path, key))))
        count[0] += 1
        if count[0] > MAX_COMPARISONS:
            raise _fail(f"at most {MAX_COMPARISONS} comparisons", _where(path))
    return nodes


def _group(spec: Any, path: Path, count: list[int]) -> Node:
    if not isinstance(spec, Mapping) or not spec:
        raise _fail("each filter is a non-empty object", _where(path))
    nodes = _read(spec, path, count)
    return nodes[0] if len(nodes) == 1 else Group(tuple(nodes))


def parse_filter(spec: Any) -> Node | None:
    """The tree of a filter (``None`` for none or ``{}``); InvalidInputError naming what is wrong."""
    if spec is None:
        return None
    if isinstance(spec, str):  # the CLI and query strings carry it as JSON text
        try:
            spec = json.loads(spec)
        except ValueError as exc:
            raise _fail(f"not valid JSON: {exc}", "(top)") from exc
    if not isinstance(spec, Mapping):
        raise _fail(f"a filter is a JSON object, got {type(spec).__name__}", "(top)")
    if not spec:
        return None
    return _group(spec, (), [0])


def flatten(metadata: Mapping[str, Any]) -> list[tuple[Path, Any]]:
    """Every (path, value) a filter can reach: each key, and each key of a nested object."""
    out: list[tuple[Path, Any]] = []

    def walk(obj: Mapping[str, Any], path: Path) -> None:
        for key, value in obj.items():
            out.append(((*path, key), value))
            if isinstance(value, Mapping):
                walk(value, (*path, key))

    walk(metadata, ())
    return out
