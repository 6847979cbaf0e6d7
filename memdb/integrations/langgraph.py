"""memdb as a LangGraph store: a ``BaseStore`` whose items are memdb turns, so a LangGraph agent's
long-term memory gets memdb's time-aware hybrid search, entities and facts.

    from memdb import MemoryDB
    from memdb.integrations.langgraph import MemdbStore

    store = MemdbStore(MemoryDB("memory"))          # or MemdbStore(MemoryClient(url, key))
    graph = builder.compile(store=store)

How LangGraph's model maps onto memdb's:

- **Namespace → user and session.** The first ``user_levels`` labels of a namespace, joined by
  ".", are the memdb user; the rest, joined, the session. By default (``user_levels=None``) the
  whole namespace is the user and every item is in session "default". With ``user_levels=1``,
  ``("u1", "memories")`` and ``("u1", "prefs")`` are two sessions of user ``u1``: one graph of
  entities and facts for the person, and a search of ``("u1",)`` spans both.
- **Item → turn.** The key is the turn's id (prefixed by its session when ``user_levels`` is
  set: ids are unique per user); the value is kept whole in the turn's metadata under
  ``"value"``; the text memdb embeds, full-text indexes and reads entities from is the value's
  ``fields`` (LangGraph's index paths; by default every string in the value). ``created_at`` is
  when the turn was said, ``updated_at`` when it was stored; a put over an existing key
  replaces the turn and keeps ``created_at``.
- **search(query=…)** is ``MemoryDB.search`` (scores are memdb's fused scores; "last week" in
  a query is read against now); without a query, the newest items first
  (``MemoryDB.timeline``). ``filter`` is a memdb metadata filter on the value: equality,
  ``$eq $ne $gt $gte $lt $lte`` (and memdb's ``$in $nin $exists``) and nested keys.

What does not map: TTLs (``supports_ttl`` is False; a put with a ttl is refused); ``index=False``
(memdb indexes every turn, so the item is still searchable); values whose text is longer than
memdb's ``max_content_chars``; ``$gt``… compare numbers with numbers and strings with strings
(LangGraph's in-memory store converts both sides to float). A namespace prefix shorter than
``user_levels`` (or any prefix, by default) is searched user by user and the hits merged by
score. Turns added to the same user by other means (the HTTP API, MCP) are items too: their
value is ``{"content", "role", "speaker", "metadata"}``, and a filtered search leaves them out.
Every memdb user is listed as a namespace.

Needs the ``langgraph`` extra: ``pip install 'memdb[langgraph]'``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from memdb.errors import InvalidInputError, MemdbError, NotFoundError
from memdb.models import Episode

try:
    from langgraph.store.base import (
        BaseStore,
        GetOp,
        Item,
        ListNamespacesOp,
        MatchCondition,
        Op,
        PutOp,
        Result,
        SearchItem,
        SearchOp,
    )
    from langgraph.store.base.embed import get_text_at_path
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("memdb's LangGraph store needs langgraph: pip install 'memdb[langgraph]'") from exc
try:  # langgraph-checkpoint 4.3+: the label checks its methods make, for ops given to batch directly
    from langgraph.store.base import validate_op_namespace as _validate_namespace
except ImportError:  # pragma: no cover - older langgraph: its methods checked the labels already
    def _validate_namespace(op: Op) -> None:
        return None

__all__ = ["MemdbStore"]

VALUE = "value"  # the metadata key an item's value is kept under
ROOT = "."  # the session of a namespace with no labels past the user's (no label can be ".")
DEFAULT_SESSION = "default"


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value, in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


class MemdbStore(BaseStore):
    """A LangGraph ``BaseStore`` backed by a ``MemoryDB`` or ``MemoryClient`` (which the caller
    keeps and closes)."""

    supports_ttl = False

    def __init__(self, memory: Any, *, user_levels: int | None = None, fields: Sequence[str] = ("$",)) -> None:
        if user_levels is not None and (isinstance(user_levels, bool) or not isinstance(user_levels, int)
                                        or user_levels < 1):
            raise InvalidInputError("user_levels must be a positive integer or None")
        if isinstance(fields, str) or not fields:
            raise InvalidInputError("fields must be a non-empty list of paths")
        self.memory = memory
        self.user_levels = user_levels
        self.fields = tuple(fields)

    # -- the mapping ----------------------------------------------------------------------------
    def _place(self, namespace: tuple[str, ...]) -> tuple[str, str]:
        """(user, session) of a namespace."""
        if not namespace:
            raise InvalidInputError("a namespace needs at least one label")
        if self.user_levels is None:
            return ".".join(namespace), DEFAULT_SESSION
        rest = namespace[self.user_levels:]
        return ".".join(namespace[: self.user_levels]), ".".join(rest) if rest else ROOT

    def _namespace(self, user: str, session: str) -> tuple[str, ...]:
        labels = tuple(user.split("."))
        if self.user_levels is None or session == ROOT:
            return labels
        return labels + tuple(session.split("."))

    def _episode_id(self, session: str, key: str) -> str:
        return key if self.user_levels is None else f"{quote(session, safe='')}/{key}"

    def _key(self, episode: Episode) -> str:
        prefix = f"{quote(episode.session_id, safe='')}/"
        if self.user_levels is not None and episode.id.startswith(prefix):
            return episode.id[len(prefix):]
        return episode.id

    def _item(self, episode: Episode, score: float | None = None, *, searched: bool = False) -> Item:
        meta = episode.metadata
        if isinstance(meta.get(VALUE), dict):
            value = meta[VALUE]
        else:  # a turn added by other means than this store
            value = {"content": episode.content, "role": episode.role, "speaker": episode.name, "metadata": meta}
        fields = dict(namespace=self._namespace(episode.user_id, episode.session_id), key=self._key(episode),
                      value=value, created_at=episode.occurred_at, updated_at=episode.recorded_at)
        return SearchItem(**fields, score=score) if searched else Item(**fields)

    def _text(self, value: dict[str, Any], index: Sequence[str] | None) -> str:
        parts = [t for path in (index or self.fields)
                 for t in (_strings(value) if path == "$" else get_text_at_path(value, path))]
        text = "\n".join(p for p in parts if p.strip())
        return text or get_text_at_path(value, "$")[0]

    # -- operations -----------------------------------------------------------------------------
    def _get(self, op: GetOp) -> Item | None:
        user, session = self._place(op.namespace)
        try:
            episode = self.memory.get_episode(self._episode_id(session, op.key), user_id=user)
        except NotFoundError:
            return None
        if self.user_levels is not None and episode.session_id != session:
            return None
        return self._item(episode)

    def _put(self, op: PutOp) -> None:
        if op.ttl is not None:
            raise NotImplementedError("MemdbStore does not support TTLs; put with ttl=None")
        user, session = self._place(op.namespace)
        episode_id = self._episode_id(session, op.key)
        created: datetime | None = None
        try:
            old = self.memory.get_episode(episode_id, user_id=user)
        except NotFoundError:
            old = None
        if old is not None:
            created = old.occurred_at
            self.memory.delete_episode(episode_id, user_id=user)
        if op.value is None:
            return
        value = dict(op.value)
        message = {"role": "user", "id": episode_id, "content": self._text(value, op.index or None),
                   "metadata": {VALUE: value}}
        if created is not None:
            message["timestamp"] = created
        try:
            self.memory.add([message], user_id=user, session_id=session)
        except MemdbError:
            if old is not None:  # a refused value leaves the item as it was
                self.memory.add([{"role": old.role, "id": old.id, "name": old.name, "content": old.content,
                                  "timestamp": old.occurred_at, "metadata": old.metadata}],
                                user_id=user, session_id=session)
            raise

    def _targets(self, prefix: tuple[str, ...]) -> list[tuple[str, str | None]]:
        """(user, session or None for all) pairs whose namespaces start with ``prefix``."""
        levels = self.user_levels
        if levels is not None and len(prefix) >= levels:
            user, session = self._place(prefix)
            if session == ROOT:
                return [(user, None)]
            wanted = tuple(session.split("."))
            return [(user, s["session_id"]) for s in self.memory.sessions(user_id=user)
                    if tuple(s["session_id"].split("."))[: len(wanted)] == wanted]
        return [(u, None) for u in self.memory.users() if tuple(u.split("."))[: len(prefix)] == prefix]

    def _search(self, op: SearchOp) -> list[SearchItem]:
        if op.limit < 1 or op.offset < 0:
            raise InvalidInputError("search needs limit >= 1 and offset >= 0")
        depth = op.offset + op.limit
        where = {VALUE: op.filter} if op.filter else None
        found: list[Any] = []
        for user, session in self._targets(op.namespace_prefix):
            if op.query:
                found += [self._item(h.episode, h.score, searched=True) for h in self.memory.search(
                    op.query, user_id=user, k=depth, session_id=session, filter=where)]
            else:
                found += [self._item(e, searched=True) for e in self.memory.timeline(
                    user_id=user, session_id=session, filter=where, limit=depth, newest_first=True)]
        if op.query:
            found.sort(key=lambda i: -i.score)
        else:
            found.sort(key=lambda i: i.created_at, reverse=True)
        return found[op.offset: depth]

    def _namespaces(self, op: ListNamespacesOp) -> list[tuple[str, ...]]:
        every: set[tuple[str, ...]] = set()
        for user in self.memory.users():
            if self.user_levels is None:
                every.add(self._namespace(user, DEFAULT_SESSION))
            else:
                every.update(self._namespace(user, s["session_id"]) for s in self.memory.sessions(user_id=user))
        kept = {ns[: op.max_depth] if op.max_depth is not None else ns for ns in every
                if all(_matches(c, ns) for c in op.match_conditions or ())}
        return sorted(kept)[op.offset: op.offset + op.limit]

    def batch(self, ops: Iterable[Op]) -> list[Result]:
        results: list[Result] = []
        for op in ops:
            _validate_namespace(op)
            if isinstance(op, GetOp):
                results.append(self._get(op))
            elif isinstance(op, SearchOp):
                results.append(self._search(op))
            elif isinstance(op, PutOp):
                results.append(self._put(op))
            elif isinstance(op, ListNamespacesOp):
                results.append(self._namespaces(op))
            else:
                raise InvalidInputError(f"unknown store operation {type(op).__name__}")
        return results

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        """``batch`` in a worker thread: memdb is thread-safe, and embedding must not block the loop."""
        return await asyncio.to_thread(self.batch, list(ops))


def _matches(condition: MatchCondition, namespace: tuple[str, ...]) -> bool:
    path = condition.path
    if len(namespace) < len(path):
        return False
    labels = namespace[: len(path)] if condition.match_type == "prefix" else namespace[len(namespace) - len(path):]
    return all(p == "*" or p == n for p, n in zip(path, labels))
