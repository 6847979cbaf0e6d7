"""MemoryDB: the one facade that chatbot code, the CLI and the server call."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import networkx as nx
import numpy as np
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from memdb import facts as known
from memdb import graph as graphs
from memdb.config import Settings
from memdb.embed import Embedder, SentenceTransformerEmbedder
from memdb.errors import ConfigError, ConflictError, InvalidInputError, NotFoundError, StorageError
from memdb.extract import Extraction, Extractor, RuleExtractor
from memdb.filters import parse_filter
from memdb.follower import IndexFollower
from memdb.ingest import NewEpisode, check_id, extract_in_order, validate_messages
from memdb.forgetting import forget_user, remove_episodes
from memdb.knowledge import ASSISTANT, GRAPH_TYPES, KnowledgeWriter, name_keys_to_embed
from memdb.locks import ReadWriteLock
from memdb.models import Entity, Episode, Fact, Hit
from memdb.retrieve import Query, Recipe, Retriever, get_recipe
from memdb.retrieve.retriever import LISTED_CAP, to_episode
from memdb.store import Store, metadata
from memdb.store.expressions import distinct_sorted, one_of, starts_with
from memdb.store.schema import EntityRow, EpisodeRow, EpisodeTimeRow, FactRow, MetadataRow
from memdb.temporal import TimeRange, TimeView, parse_timestamp
from memdb.timeexpr import find_time_expressions
from memdb.vectors import FaissIndex, VectorIndex

# Built once; seqs come back in the order of the rows (a batch's turns keep consecutive seqs).
_NEW_EPISODES = insert(EpisodeRow.__table__).returning(EpisodeRow.__table__.c.seq, sort_by_parameter_order=True)
_NEW_TIMES = insert(EpisodeTimeRow.__table__)
_NEW_METADATA = insert(MetadataRow.__table__)
_STORED_TURNS = select(EpisodeRow.id, EpisodeRow.content_hash, EpisodeRow.session_id, EpisodeRow.role).where(
    EpisodeRow.user_id == bindparam("user"), one_of(EpisodeRow.id, "ids"))

log = logging.getLogger("memdb")

DB_FILE = "memdb.sqlite3"
INDEX_FILE = "vectors.npz"
MAX_K = 1_000


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _time(value: Any, what: str) -> datetime | None:
    return None if value is None else parse_timestamp(value, field=what)


def _view(as_of: Any, recorded_before: Any) -> TimeView:
    return TimeView(_time(as_of, "as_of"), _time(recorded_before, "recorded_before"))


def _user_ids(s: Session, prefix: str) -> list[str]:
    """The ids of users with turns starting with ``prefix``, sorted: one index seek per user."""
    return list(s.execute(distinct_sorted(EpisodeRow.user_id, *starts_with(EpisodeRow.user_id, prefix))).scalars())


def _check_limit(limit: Any) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100_000:
        raise InvalidInputError("limit must be an integer from 1 to 100000")


def _turns(user_id: str, *, session_id: str | None = None, as_of: Any = None, start: Any = None, end: Any = None,
           recorded_before: Any = None, limit: int = 1, filter: dict[str, Any] | None = None) -> Query:
    """A query that only selects turns: of one session, as of a time, between two, by metadata."""
    return Query(text="", user_id=check_id(user_id, "user_id"), k=limit, recipe=get_recipe("default"), now=_utcnow(),
                 session_id=None if session_id is None else check_id(session_id, "session_id"),
                 as_of=_time(as_of, "as_of"), start=_time(start, "start"), end=_time(end, "end"),
                 recorded_before=_time(recorded_before, "recorded_before"), filter=parse_filter(filter))


class _TurnCounter:
    """Reports how many of a batch's turns are embedded as their texts are: a turn stored
    already, or whose text has a vector, counts from the start; the others when their text does."""

    def __init__(self, batch: list[NewEpisode], fresh: list[NewEpisode], reused: Mapping[str, np.ndarray],
                 progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.total = len(batch)
        self.waiting: dict[str, int] = {}
        for e in fresh:
            if e.text_hash not in reused:
                self.waiting[e.text_hash] = self.waiting.get(e.text_hash, 0) + 1
        self.count = self.total - sum(self.waiting.values())

    def done(self, text_hashes: Sequence[str]) -> None:
        if self.progress is not None:
            self.count += sum(self.waiting.pop(h, 0) for h in text_hashes)
            self.progress(self.total if not self.waiting else self.count)


def _check_offset(offset: Any) -> None:
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset < 2**63:
        raise InvalidInputError("offset must be an integer from 0 to 2^63-1 (SQL's largest integer)")


class MemoryDB:
    """A conversation memory: episodes, their vectors, and the entity/fact graph, per user.

    ``MemoryDB("path/to/dir")`` keeps SQLite and the FAISS index in that folder;
    ``MemoryDB(url="sqlite:///file.db")`` keeps the index beside the database file;
    ``MemoryDB(url="postgresql+psycopg://user@host:5432/db")`` keeps everything, embeddings
    included, in PostgreSQL and the index in memory only (rebuilt from SQL when opened), unless
    ``index_path`` names a cache file. ``read_url`` (with a PostgreSQL ``url``) names a hot
    standby of that database to read from: consistent reads by default (each waits until the
    standby has what the primary had committed), or within ``standby_max_lag`` seconds of
    staleness without waiting (``memdb/store/standby.py``).
    Thread-safe: share one instance between threads. Several processes may open one folder
    and write to it: each one's index follows the store's change log (``memdb/follower.py``).
    """

    def __init__(
        self, path: str | Path | None = None, *, url: str | None = None, index_path: str | Path | None = None,
        embedder: Embedder | None = None, extractor: Extractor | None = None, index: VectorIndex | None = None,
        settings: Settings | None = None, read_url: str | None = None, standby_max_lag: float | None = None,
    ) -> None:
        if (path is None) == (url is None):
            raise ConfigError("give MemoryDB either a folder path or url=, not both or neither")
        if read_url is not None and index_path is not None:
            raise ConfigError("with read_url the vector index follows the standby in memory: leave index_path out")
        if read_url is None and standby_max_lag is not None:
            raise ConfigError("standby_max_lag bounds the staleness of reads on a standby: give read_url too")
        if path is not None:
            folder = Path(path)
            if folder.exists() and not folder.is_dir():
                raise ConfigError(f"{folder} exists and is not a folder")
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"cannot create data folder {folder}: {exc}") from exc
            url = f"sqlite:///{folder / DB_FILE}"
            index_path = index_path or folder / INDEX_FILE
        assert url is not None
        if index_path is None and url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
            index_path = url[len("sqlite:///"):] + ".vectors.npz"
        self.settings = settings or Settings()
        self.embedder: Embedder = embedder or SentenceTransformerEmbedder(batch_size=self.settings.embed_batch_size)
        self.extractor: Extractor = extractor or RuleExtractor()
        self.store = Store(url, read_url=read_url, standby_max_lag=standby_max_lag)
        self.index_path = Path(index_path) if index_path else None
        self.index: VectorIndex = index or FaissIndex(self.embedder.dimension)
        self._lock = ReadWriteLock()
        self._closed = False
        self._retriever = Retriever(self.store, self.index, self.embedder)
        self._check_model()
        # The index is a cache of SQL that follows the store's change log (memdb/follower.py).
        self._follower = IndexFollower(self.store, self.index, self._lock, path=self.index_path,
                                       model=self.embedder.name, checkpoint_every=self.settings.index_checkpoint_every)
        self._follower.open()

    # -- lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> "MemoryDB":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Write the vector index and release the database. Safe to call twice."""
        if self._closed:
            return
        with self._lock.write():
            self._follower.close()
            self.store.close()
            self._closed = True

    def _alive(self) -> None:
        if self._closed:
            raise InvalidInputError("this MemoryDB is closed")

    def _check_model(self) -> None:
        with self.store.session(write=True) as s:
            model = self.store.get_meta(s, "embedding_model")
            if model is None:
                self.store.set_meta(s, "embedding_model", self.embedder.name)
                self.store.set_meta(s, "embedding_dimension", str(self.embedder.dimension))
            elif model != self.embedder.name:
                raise ConfigError(f"this database was embedded with {model!r}, not {self.embedder.name!r}; "
                                  "open it with the same embedder")

    # -- writing ------------------------------------------------------------------------------
    def add(
        self, messages: Sequence[dict[str, Any]] | dict[str, Any], *, user_id: str, session_id: str = "default",
        metadata: dict[str, Any] | None = None, progress: Callable[[int], None] | None = None,
    ) -> list[Episode]:
        """Store conversation turns; returns their episodes in order. Re-adding a message with the
        same ``id`` and content is a no-op; the same ``id`` with other content is a ConflictError.
        All or nothing: on any error the store is unchanged. ``progress``, for a progress bar, is
        called with how many of the batch's turns are embedded so far, a forward pass at a time."""
        self._alive()
        now = _utcnow()
        batch = validate_messages(messages, user_id=user_id, session_id=session_id, metadata=metadata,
                                  settings=self.settings, now=now)
        with self.store.session(primary=True) as s:  # not a standby's: a write builds on it
            existing = self._existing(s, batch)
            fresh = [e for e in batch if e.id not in existing]
            reused = self._stored_embeddings(s, {e.text_hash for e in fresh})
            extractions = extract_in_order(s, self.extractor, fresh)
            times = {e.id: find_time_expressions(e.content, e.occurred_at, said=True) for e in fresh}
            names = name_keys_to_embed(s, batch[0].user_id, [m for x in extractions for m in x.entities]
                                       ) if getattr(self.embedder, "knows_meaning", True) else []
        vectors, name_vectors = self._embed(fresh, reused, names, _TurnCounter(batch, fresh, reused, progress))
        user = batch[0].user_id
        with self._lock.write():
            with self.store.session(write=True) as s:
                existing = self._existing(s, batch)  # again: another writer may have won the race
                todo = [(e, x) for e, x in zip(fresh, extractions) if e.id not in existing]
                before = self.store.changes.position(s.connection()).latest
                seqs = self._write(s, todo, vectors, name_vectors, times)
                last = self.store.changes.added(s.connection(), seqs) if seqs else before
                episodes = {e.id: e.stored() for e, _ in todo}
                if existing:  # re-added turns come back as first stored (their recorded_at)
                    episodes.update((r.id, to_episode(r)) for r in s.execute(
                        select(EpisodeRow).where(EpisodeRow.user_id == batch[0].user_id, EpisodeRow.id.in_(existing))
                    ).scalars())
            if seqs:  # committed: from here on, nothing may fail the call
                matrix = np.stack([vectors[e.text_hash] for e, _ in todo])
                self._follower.applied(before, last, lambda: self._follower.add(user, seqs, matrix))
        self.store.grew(len(seqs))  # outside the writer lock: other writers need not wait for it
        return [episodes[e.id] for e in batch]

    def _existing(self, s: Session, batch: list[NewEpisode]) -> set[str]:
        found = {r.id: r for r in s.connection().execute(
            _STORED_TURNS, {"user": batch[0].user_id, "ids": [e.id for e in batch]})}
        for e in batch:
            row = found.get(e.id)
            if row is not None and (row.content_hash, row.session_id, row.role) != (e.text_hash, e.session_id, e.role):
                raise ConflictError(
                    f"episode {e.id!r} already exists for this user with different content, role or session",
                    details={"episode_id": e.id},
                )
        return set(found)

    @staticmethod
    def _stored_embeddings(s: Session, hashes: set[str]) -> dict[str, np.ndarray]:
        if not hashes:
            return {}
        out: dict[str, np.ndarray] = {}
        for h, blob in s.execute(
            select(EpisodeRow.content_hash, EpisodeRow.embedding).where(EpisodeRow.content_hash.in_(list(hashes)))
        ).all():
            out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def _embed(
        self, fresh: list[NewEpisode], reused: dict[str, np.ndarray], names: list[str], counter: _TurnCounter,
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """One embedder call for the batch's new texts (each distinct text once) and its new
        entity names. The embedder sorts by length, so names share a batch with the shortest
        turns; a call of their own cost a forward pass, ~10 ms a session (measured by replaying
        sessions both ways). With a progress callback, one call per forward pass instead, in the
        embedder's own order (shortest first), so the passes are the same."""
        texts: dict[str, str] = {}
        for e in fresh:
            if e.text_hash not in reused:
                texts.setdefault(e.text_hash, e.embed_text)
        keys = list(texts)
        vectors = dict(reused)
        items = [texts[k] for k in keys] + names
        if not items:
            counter.done([])
            return vectors, {}
        if counter.progress is None:
            matrix = self.embedder.embed(items)
        else:
            order = sorted(range(len(items)), key=lambda i: len(items[i]))
            step = self.settings.embed_batch_size
            parts = []
            for start in range(0, len(order), step):
                part = order[start:start + step]
                parts.append(self.embedder.embed([items[i] for i in part]))
                counter.done([keys[i] for i in part if i < len(keys)])
            matrix = np.empty((len(items), parts[0].shape[1]), dtype=np.float32)
            matrix[order] = np.concatenate(parts)
        vectors.update(zip(keys, matrix[: len(keys)]))
        return vectors, dict(zip(names, matrix[len(keys):]))

    def _write(
        self, s: Session, todo: list[tuple[NewEpisode, Extraction]], vectors: dict[str, np.ndarray],
        name_vectors: dict[str, np.ndarray], times: Mapping[str, Sequence[TimeRange]],
    ) -> list[int]:
        if not todo:
            return []
        seqs = s.connection().execute(_NEW_EPISODES, [
            {"id": e.id, "user_id": e.user_id, "session_id": e.session_id, "role": e.role, "name": e.name,
             "content": e.content, "content_hash": e.text_hash, "occurred_at": e.occurred_at,
             "recorded_at": e.recorded_at, "metadata": e.metadata,
             "embedding": np.asarray(vectors[e.text_hash], dtype=np.float32).tobytes()}
            for e, _ in todo
        ]).scalars().all()
        self.store.fulltext.index(s.connection(), [(seq, e.user_id, e.name, e.content) for seq, (e, _) in zip(seqs, todo)])
        referred = [v for seq, (e, _) in zip(seqs, todo) for v in EpisodeTimeRow.values(seq, times[e.id])]
        if referred:
            s.connection().execute(_NEW_TIMES, referred)
        keyed = [r for seq, (e, _) in zip(seqs, todo) for r in metadata.metadata_rows(seq, e.user_id, e.metadata)]
        if keyed:
            s.connection().execute(_NEW_METADATA, keyed)
        writer = KnowledgeWriter(s, todo[0][0].user_id, name_vectors=name_vectors,
                                 similarity=self.settings.alias_similarity)
        writer.prefetch(m for _, x in todo for m in x.entities)
        # Facts are applied in event-time order, so "moved to Berlin" after "live in Paris" ends Paris.
        with s.no_autoflush:
            for seq, (e, x) in sorted(zip(seqs, todo), key=lambda p: (p[1][0].occurred_at, p[0])):
                entities = writer.record_mentions(seq, x.entities, e.occurred_at, e.recorded_at, said_by=e)
                for fact in x.facts:
                    if e.role == ASSISTANT and fact.subject == e.name:
                        continue  # "Toronto sounds lovely. What does Lena do there?": no fact of the assistant's
                    writer.record_fact(fact, entities, seq, e.occurred_at, e.recorded_at)
        writer.flush()
        return list(seqs)

    # -- reading ------------------------------------------------------------------------------
    def search(
        self, query: str, *, user_id: str, k: int = 10, session_id: str | None = None, as_of: Any = None,
        start: Any = None, end: Any = None, now: Any = None, recipe: str | Recipe | None = None,
        weights: dict[str, float] | None = None, context: int | None = None, mmr_lambda: float | None = None,
        recorded_before: Any = None, filter: dict[str, Any] | None = None,
    ) -> list[Hit]:
        """The user's turns that best answer ``query``, best first, each explaining its score.

        ``as_of`` searches the memory as it stood at that moment of the conversation (turns
        said by then; facts stated and holding then); ``start``/``end`` bound when turns were
        said (inclusive); ``now`` anchors recency, relative times in the query ("last week")
        and what "current" means, and defaults to ``as_of`` or the current time;
        ``recorded_before`` (audit) hides what memdb stored after it. ``recipe`` names a
        search recipe; ``weights``, ``context`` and ``mmr_lambda`` override it for this call only.
        ``filter`` keeps the turns whose metadata match it (``memdb.filters``:
        ``{"source": "slack", "priority": {"$gte": 2}}``).
        """
        self._alive()
        if not isinstance(query, str) or not query.strip():
            raise InvalidInputError("query must be a non-empty string")
        if len(query) > self.settings.max_content_chars:
            raise InvalidInputError(f"query is longer than {self.settings.max_content_chars} characters")
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise InvalidInputError(f"k must be an integer from 1 to {MAX_K}")
        chosen = recipe if isinstance(recipe, Recipe) else get_recipe(recipe or self.settings.recipe)
        if chosen.name == "default" and recipe is None:
            chosen = chosen.with_overrides(half_life_days=self.settings.half_life_days)
        chosen = chosen.with_overrides(weights=weights, context=context, mmr_lambda=mmr_lambda)
        as_of_t = _time(as_of, "as_of")
        q = Query(
            text=query.strip(), user_id=check_id(user_id, "user_id"), k=k, recipe=chosen,
            now=_time(now, "now") or as_of_t or _utcnow(),
            session_id=None if session_id is None else check_id(session_id, "session_id"),
            as_of=as_of_t, start=_time(start, "start"), end=_time(end, "end"),
            recorded_before=_time(recorded_before, "recorded_before"), filter=parse_filter(filter),
        )
        if q.start and q.end and q.start > q.end:
            raise InvalidInputError("start must not be after end")
        with self.store.reading():  # the index and the rows from one side (primary or standby)
            self._follower.follow()  # what other processes wrote is searchable here at once
            with self._lock.read(), self.store.session() as s:
                return self._retriever.search(q, s)

    def get_episode(self, episode_id: str, *, user_id: str) -> Episode:
        self._alive()
        with self.store.session() as s:
            return to_episode(self._episode_row(s, check_id(episode_id, "episode_id"), check_id(user_id, "user_id")))

    def _episode_row(self, s: Session, episode_id: str, user_id: str) -> EpisodeRow:
        row = s.execute(
            select(EpisodeRow).where(EpisodeRow.user_id == user_id, EpisodeRow.id == episode_id)
        ).scalar()
        if row is None:
            raise NotFoundError(f"no episode {episode_id!r} for user {user_id!r}", details={"episode_id": episode_id})
        return row

    def timeline(
        self, *, user_id: str, start: Any = None, end: Any = None, session_id: str | None = None,
        as_of: Any = None, entity: str | int | None = None, limit: int = 1_000, offset: int = 0,
        newest_first: bool = False, recorded_before: Any = None, filter: dict[str, Any] | None = None,
    ) -> list[Episode]:
        """The user's turns in the order they were said, optionally bounded (inclusive) and paged;
        with ``entity`` (a name, alias, nickname or id), only the turns that mention it; with
        ``filter``, only those whose metadata match it (see ``search``). ``as_of`` and
        ``recorded_before`` as in ``search``."""
        self._alive()
        _check_limit(limit)
        _check_offset(offset)
        q = _turns(user_id, session_id=session_id, as_of=as_of, start=start, end=end, recorded_before=recorded_before,
                   limit=limit, filter=filter)
        order = (EpisodeRow.occurred_at.desc(), EpisodeRow.seq.desc()) if newest_first else (EpisodeRow.occurred_at, EpisodeRow.seq)
        with self.store.session() as s:
            conditions = list(q.conditions())
            if entity is not None:
                conditions.append(graphs.episodes_mentioning(self._entity_seq(s, q.user_id, entity)))
            # A selective metadata filter: its turns from the index, by primary key (see ``listed``),
            # when they are fewer than the turns a walk in time order would check to fill the page.
            listed = None if q.filter is None else metadata.listed(s, q.filter, q.user_id, cap=self._listing_cap(
                q.user_id, limit + offset))
            scope = EpisodeRow.user_id == q.user_id if listed is None else one_of(EpisodeRow.seq, "seqs")
            rows = s.execute(
                select(EpisodeRow).where(scope, *conditions).order_by(*order).limit(limit).offset(offset),
                {"seqs": listed or []},
            ).scalars().all()
            return [to_episode(r) for r in rows]

    def _listing_cap(self, user_id: str, wanted: int) -> int:
        """Listing m turns costs m reads; walking the user's n turns in order to fill a page of
        ``wanted`` costs about wanted × n / m. Listing wins below m = √(wanted × n)."""
        return min(LISTED_CAP, max(1_000, math.isqrt(wanted * self.index.partition_size(user_id))))

    def sessions(self, *, user_id: str) -> list[dict[str, Any]]:
        """The user's sessions with their turn counts and time span."""
        self._alive()
        with self.store.session() as s:
            rows = s.execute(
                select(EpisodeRow.session_id, func.count(), func.min(EpisodeRow.occurred_at), func.max(EpisodeRow.occurred_at))
                .where(EpisodeRow.user_id == check_id(user_id, "user_id")).group_by(EpisodeRow.session_id)
                .order_by(func.min(EpisodeRow.occurred_at))
            ).all()
        return [{"session_id": sid, "episodes": n, "start": a, "end": b} for sid, n, a, b in rows]

    def users(self, *, prefix: str = "") -> list[str]:
        """The ids of users with turns, sorted; with ``prefix``, only those starting with it (one
        index seek per user, however many turns they have or other users there are)."""
        self._alive()
        with self.store.session() as s:
            return _user_ids(s, prefix)

    def entities(
        self, *, user_id: str, as_of: Any = None, type: str | None = None, limit: int = 1_000, offset: int = 0,
        recorded_before: Any = None,
    ) -> list[Entity]:
        """The user's entities, most mentioned first; with ``as_of``, those named by then; with
        ``type``, of that type only."""
        self._alive()
        _check_limit(limit)
        _check_offset(offset)
        if type is not None and type not in GRAPH_TYPES:
            raise InvalidInputError(f"unknown entity type {type!r}; known types: {', '.join(sorted(GRAPH_TYPES))}",
                                    details={"field": "type", "known": sorted(GRAPH_TYPES)})
        view = _view(as_of, recorded_before)
        with self.store.session() as s:
            return graphs.load_entities(s, check_id(user_id, "user_id"), view=view, type=type, limit=limit,
                                        offset=offset)

    def entity(self, name_or_id: str | int, *, user_id: str, as_of: Any = None, recorded_before: Any = None) -> Entity:
        """One entity by name, alias, nickname or id, with its facts over time (as of a time: as
        known then)."""
        self._alive()
        if isinstance(name_or_id, str) and not name_or_id.strip() or not isinstance(name_or_id, (str, int)):
            raise InvalidInputError("entity must be a non-empty name or an integer id")
        user = check_id(user_id, "user_id")
        view = _view(as_of, recorded_before)
        with self.store.session() as s:
            seq = graphs.find_entity(s, user, name_or_id)
            found = graphs.load_entities(s, user, seqs=[seq], view=view) if seq is not None else []
            if not found:
                raise NotFoundError(f"no entity {name_or_id!r} for user {user!r}", details={"entity": str(name_or_id)})
            facts = known.load_facts(s, user, entity_seq=seq, view=view)
        e = found[0]
        return Entity(id=e.id, user_id=e.user_id, name=e.name, type=e.type, aliases=e.aliases, first_seen=e.first_seen,
                      last_seen=e.last_seen, mention_count=e.mention_count, facts=tuple(facts))

    def facts(
        self, *, user_id: str, entity: str | int | None = None, as_of: Any = None, current_only: bool = False,
        label: str | None = None, limit: int | None = None, now: Any = None, recorded_before: Any = None,
    ) -> list[Fact]:
        """Facts of the user (or of one entity): the whole history; with ``as_of``, those stated
        by that moment of the conversation and holding then, as known then; with
        ``current_only``, those holding at ``now`` (default: ``as_of``, else the current time).
        Links between entities merely named together (``related_to``) only with that ``label``:
        ``graph()`` draws them."""
        self._alive()
        user = check_id(user_id, "user_id")
        if limit is not None:
            _check_limit(limit)
        view, now_t = _view(as_of, recorded_before), _time(now, "now")  # a bad now is an error, used or not
        current_at = (now_t or view.as_of or _utcnow()) if current_only else None
        with self.store.session() as s:
            seq = None if entity is None else self._entity_seq(s, user, entity)
            return known.load_facts(s, user, entity_seq=seq, view=view, current_at=current_at, label=label,
                                     limit=limit)

    def graph(
        self, *, user_id: str, as_of: Any = None, center: str | int | None = None, depth: int = 2,
        limit: int | None = None, recorded_before: Any = None, session_id: str | None = None,
    ) -> nx.MultiDiGraph:
        """Entities and facts as a networkx MultiDiGraph (node = entity id; edge key = fact id;
        edges carry valid/invalid/recorded/expired times). With ``session_id``, only the entities
        that session's turns mention (and the facts among them). With ``center`` (an entity name,
        alias or id), only its neighbourhood up to ``depth`` hops. With ``limit``, only the ``limit``
        most mentioned entities (ties by name; the centre always) and the facts among them.
        ``as_of`` and ``recorded_before`` as in ``search``: the graph as it stood then."""
        self._alive()
        user = check_id(user_id, "user_id")
        if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= 10:
            raise InvalidInputError("depth must be an integer from 0 to 10")
        if limit is not None:
            _check_limit(limit)
        with self.store.session() as s:
            graph = graphs.build_graph(s, user, view=_view(as_of, recorded_before))
            if session_id is not None:
                turns = _turns(user, session_id=session_id, as_of=as_of, recorded_before=recorded_before)
                graph = graph.subgraph(graphs.entities_mentioned(s, user, turns.conditions())).copy()
            seq = None if center is None else self._entity_seq(s, user, center, among=graph)
        if seq is not None:
            graph = graphs.neighbourhood(graph, seq, depth)
        return graph if limit is None else graphs.most_mentioned(graph, limit, keep=seq)

    @staticmethod
    def _entity_seq(s: Session, user: str, name_or_id: str | int, *, among: nx.MultiDiGraph | None = None) -> int:
        """The entity a name, alias, nickname or id names (and ``among`` holds), else NotFoundError."""
        seq = graphs.find_entity(s, user, name_or_id)
        if seq is None or among is not None and seq not in among:
            raise NotFoundError(f"no entity {name_or_id!r} for user {user!r}", details={"entity": str(name_or_id)})
        return seq

    def stats(self, *, user_id: str | None = None, prefix: str = "") -> dict[str, int]:
        """Counts of episodes, entities, facts in SQL, and of the vectors indexed: of one user, or
        of every user (with ``prefix``: every user whose id starts with it) with their number —
        read at one position of the change log, so vectors match episodes in every process."""
        self._alive()
        if user_id is not None and prefix:
            raise InvalidInputError("give stats a user_id or a prefix, not both")
        for attempt in range(5):  # another process may commit between catching up and counting
            with self.store.reading():
                self._follower.follow()
                with self._lock.read(), self.store.session() as s:
                    settled = self.store.changes.position(s.connection()).latest == self._follower.position
                    if settled or attempt == 4:  # (then each count as of a moment a few ms apart)
                        return self._counts(s, user_id, prefix)
        raise AssertionError("unreachable")

    def _counts(self, s: Session, user_id: str | None, prefix: str) -> dict[str, int]:
        def count(model: Any) -> int:
            stmt = select(func.count()).select_from(model)
            if user_id is not None:
                stmt = stmt.where(model.user_id == user_id)
            return int(s.execute(stmt.where(*starts_with(model.user_id, prefix))).scalar() or 0)

        out = {"episodes": count(EpisodeRow), "entities": count(EntityRow), "facts": count(FactRow)}
        if user_id is not None:
            out["vectors"] = self.index.partition_size(user_id)
            return out
        users = _user_ids(s, prefix)
        out["users"] = len(users)
        out["vectors"] = sum(self.index.partition_size(u) for u in users) if prefix else len(self.index)
        return out

    # -- deleting -----------------------------------------------------------------------------
    def delete_episode(self, episode_id: str, *, user_id: str) -> None:
        """Delete one turn and what only it supported: its vector, mentions, facts and entities
        left with no mention (facts it had invalidated become current again; a fact it stated
        first keeps the words of a turn that still states it). When this returns, no file of the
        store holds the turn's text or vector any more."""
        self._alive()
        user, eid = check_id(user_id, "user_id"), check_id(episode_id, "episode_id")
        with self._lock.write():
            with self.store.session(write=True) as s:
                seq = self._episode_row(s, eid, user).seq
                self.store.fulltext.remove(s.connection(), [seq])
                remove_episodes(s, [seq], self.extractor)
                before = self.store.changes.position(s.connection()).latest
                last = self.store.changes.removed(s.connection(), user, [seq])
                self.store.purge(s.connection())
            self._follower.applied(before, last, lambda: self.index.remove(user, [seq]), erasure=True)
            self._truncate_log()

    def forget(self, *, user_id: str) -> int:
        """Delete everything of one user; returns how many episodes were removed. When this
        returns, no file of the store holds the user's id, text or vectors any more."""
        self._alive()
        user = check_id(user_id, "user_id")
        with self._lock.write():
            with self.store.session(write=True) as s:
                seqs = list(s.execute(select(EpisodeRow.seq).where(EpisodeRow.user_id == user)).scalars())
                if not seqs:
                    raise NotFoundError(f"no user {user!r}", details={"user_id": user})
                self.store.fulltext.remove(s.connection(), seqs)
                forget_user(s, user)
                before = self.store.changes.position(s.connection()).latest
                last = self.store.changes.dropped(s.connection(), user)
                self.store.purge(s.connection())
            self._follower.applied(before, last, lambda: self.index.drop_partition(user), erasure=True)
            self._truncate_log()
        return len(seqs)

    def _truncate_log(self) -> None:
        """Empty the SQLite write-ahead log, whose frames still hold the erased rows' old pages."""
        try:
            if self.store.truncate_log():
                return
            problem = "a reader kept an old snapshot"
        except StorageError as exc:
            problem = str(exc)
        log.error("erased rows may remain in the database log until the next erasure or close: %s", problem)
