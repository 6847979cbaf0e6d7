"""Hybrid, time-aware retrieval: candidates from the vector index, full-text, the graph and the
time the query names; every candidate scored on every signal; fused by the recipe."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

import numpy as np
from sqlalchemy import ColumnElement, bindparam, select
from sqlalchemy.orm import Session

from memdb import facts as known
from memdb import graph as graphs
from memdb.embed import Embedder
from memdb.extract import (asks_about_state, describe_label, ends_a_state, is_state_label, label_cues, question_cues,
                           tells_the_past)
from memdb.extract.lexicon import ANIMALS, JOBS
from memdb.extract.aliases import normalize_name
from memdb.models import Episode, Hit
from memdb.text import question_share
from memdb.retrieve.fusion import mmr, rrf, weighted_sum
from memdb.retrieve.recipes import Recipe
from memdb.filters import Node
from memdb.store import Store, metadata
from memdb.store.expressions import Sql, epoch, narrowed, one_of
from memdb.store.fulltext import DocCounts
from memdb.store.schema import EntityRow, EpisodeRow, EpisodeTimeRow, MentionRow
from memdb.retrieve.intent import read_intent
from memdb.temporal import TimeRange, TimeView, recency_weights
from memdb.vectors import VectorIndex

_DAY = 86_400.0
_RANGE_CANDIDATES = 2_000  # turns inside a query's time range scored by meaning (newest first)
_LEXICAL_DEPTH = 300  # full-text matches kept to score candidates found by other signals
_FACT_WINDOW = 20_000  # latest turns of a user searched for fact statements as candidates
_COMMON_SHARE = 0.05  # an entity in more of the user's turns (a speaker) is no answer
_LABEL_FITS = 0.3  # cosine of query and label words above which a fact answers the question
_CUE_FIT = 0.5  # label fit of a question that uses one of the label's own words
_UNNAMED_LABEL = 0.25  # fit kept by a fact whose label a present question naming a state does not name
_IN_PERIOD_ONLY = 0.2  # time score of a turn merely said in a period, when a state then is asked

# Statements built once (see store.expressions); a search binds ``seqs``.
_SCORING_ROWS = select(
    EpisodeRow.seq, EpisodeRow.user_id, EpisodeRow.session_id, EpisodeRow.name, epoch(EpisodeRow.occurred_at).label("at"),
    EpisodeRow.content,
).where(one_of(EpisodeRow.seq, "seqs"))
_FULL_ROWS = select(EpisodeRow).where(one_of(EpisodeRow.seq, "seqs"))
_EARLIEST, _LATEST = datetime(1, 1, 2, tzinfo=timezone.utc), datetime(9999, 12, 30, tzinfo=timezone.utc)  # open ends
_IN_PERIOD = (
    select(EpisodeRow.seq)
    .where(EpisodeRow.user_id == bindparam("user"), EpisodeRow.occurred_at >= bindparam("start"),
           EpisodeRow.occurred_at < bindparam("end"))
    .order_by(EpisodeRow.occurred_at.desc()).limit(bindparam("limit"))
)
_LISTED = select(EpisodeRow.seq).where(one_of(EpisodeRow.seq, "seqs"))
#: The most turns a metadata filter's index lookup lists before checking the user's turns one by
#: one is cheaper (a filter passing most of them finds a page among the first it checks).
LISTED_CAP = 20_000
_PASSING_CAP = 5_000  # the most turns a selective filter's condition names one by one
_OWNERS = select(EpisodeRow.seq, EpisodeRow.user_id).where(one_of(EpisodeRow.seq, "seqs"))
_TIMES_NAMED = select(EpisodeTimeRow.episode_seq, EpisodeTimeRow.starts_at, EpisodeTimeRow.ends_at).where(
    one_of(EpisodeTimeRow.episode_seq, "seqs"))
_NAMES_MENTIONED = (
    select(MentionRow.episode_seq, EntityRow.name).join(EntityRow, EntityRow.seq == MentionRow.entity_seq)
    .where(one_of(MentionRow.episode_seq, "seqs"))
)


@dataclass(frozen=True)
class Query:
    text: str
    user_id: str
    k: int
    recipe: Recipe
    now: datetime
    session_id: str | None = None
    as_of: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    recorded_before: datetime | None = None
    filter: Node | None = None  # on metadata (memdb.filters)
    passing: tuple[int, ...] | None = None  # turns including all that pass ``filter``, when its index listed them

    @property
    def view(self) -> TimeView:
        return TimeView(self.as_of, self.recorded_before)

    def conditions(self) -> list[ColumnElement[bool]]:
        """Hard filters on episodes: session, the memory as it stood (``TimeView``), event-time bounds,
        metadata."""
        out: list[ColumnElement[bool]] = []
        if self.session_id is not None:
            out.append(EpisodeRow.session_id == self.session_id)
        out += known.episode_visibility(self.view)
        if self.start is not None:
            out.append(EpisodeRow.occurred_at >= self.start)
        if self.end is not None:
            out.append(EpisodeRow.occurred_at <= self.end)
        if self.passing is not None:  # first a lookup by primary key: the subquery runs on those only
            out.append(EpisodeRow.seq.in_(self.passing))
        if self.filter is not None:
            out.append(metadata.condition(self.filter))
        return out

    def listed(self, sql: Sql) -> list[int] | None:
        """The seqs of the user's turns that pass every filter, when the metadata filter's index
        lists few enough turns to look each up (else None): a selective filter on a big user
        then checks only its own turns."""
        found = None if self.filter is None else metadata.listed(sql, self.filter, self.user_id, cap=LISTED_CAP)
        return None if found is None else list(sql.execute(narrowed(_LISTED, self.conditions()), {"seqs": found})
                                               .scalars())

    def checked(self, sql: Sql) -> list[int]:
        """The seqs of the user's turns that pass every filter, each turn of the user checked."""
        return list(sql.execute(select(EpisodeRow.seq).where(EpisodeRow.user_id == self.user_id, *self.conditions()))
                    .scalars())


def to_episode(row: EpisodeRow) -> Episode:
    return Episode(
        id=row.id, user_id=row.user_id, session_id=row.session_id, role=row.role, name=row.name,
        content=row.content, occurred_at=row.occurred_at, recorded_at=row.recorded_at,
        metadata=dict(row.meta or {}),
    )


def time_match(at: float, ranges: Sequence[TimeRange]) -> float:
    """1 for a time (seconds since 1970) inside a range the query names, halving every quarter
    of the range's width outside it (at least half a day): "last week" still slightly favours
    the weekend just before it."""
    best = 0.0
    for r in ranges:
        start = r.start.timestamp() if r.start else float("-inf")
        end = r.end.timestamp() if r.end else float("inf")
        if start <= at < end:
            return 1.0
        width = max((end - start) / 4, _DAY / 2) if r.start and r.end else 7 * _DAY
        distance = start - at if at < start else at - end
        best = max(best, 0.5 ** (distance / width))
    return best


def _cosines(vectors: Mapping[int, np.ndarray], vector: np.ndarray) -> dict[int, float]:
    """Cosine of the query with each vector (all normalized), in one product."""
    if not vectors:
        return {}
    return dict(zip(vectors, (np.stack(list(vectors.values())) @ vector).tolist()))


def _scoring_rows(sql: Sql, user_id: str, seqs: set[int], conditions: list[ColumnElement[bool]]) -> dict[int, Any]:
    """seq → (session_id, name, at …) of the user's turns among ``seqs`` that pass ``conditions``
    (the user checked in Python: see ``Retriever._filter``)."""
    return {row.seq: row for row in sql.execute(narrowed(_SCORING_ROWS, conditions), {"seqs": seqs}).all()
            if row.user_id == user_id}


_NamedTimes = dict[int, list[tuple[datetime | None, datetime | None]]]  # seq → (start, end) of each time it names


def _times_named(sql: Sql, seqs: Sequence[int]) -> _NamedTimes:
    """The times the turns among ``seqs`` name, for those naming any."""
    out: _NamedTimes = {}
    for seq, start, end in sql.execute(_TIMES_NAMED, {"seqs": seqs}).all():
        out.setdefault(seq, []).append((start, end))
    return out


def _naming_inside(rows: Mapping[int, Any], ranges: Sequence[TimeRange], named: _NamedTimes) -> set[int]:
    """The turns naming a time that lies inside a period the query names ("yesterday", said on
    May 8, is in May; "this year" only overlaps May, so it is not). A time holding the moment
    the turn was said ("today") tells no more than when it was said, so it does not count."""
    return {seq for seq, times in named.items() if seq in rows
            and any(start is not None and end is not None and not start.timestamp() <= rows[seq].at < end.timestamp()
                    and (r.start is None or r.start <= start) and (r.end is None or end <= r.end)
                    for start, end in times for r in ranges)}


def _time_signal(rows: Mapping[int, Any], ranges: Sequence[TimeRange], naming_inside: set[int]) -> dict[int, float]:
    """How well each turn falls in the periods the query names: by when it was said, or — 1 —
    by a time it names inside one of them."""
    return {s: 1.0 if s in naming_inside else time_match(row.at, ranges) for s, row in rows.items()}


# Words that name an answer of a kind no entity type holds: an animal ("a rescue greyhound"), a
# trade or a job ("head chef", "got a job").
_KIND_WORDS = {
    "animal": re.compile(rf"\b(?:{'|'.join(sorted(ANIMALS))})\b", re.IGNORECASE),
    "occupation": re.compile(rf"\b(?:{'|'.join(sorted(JOBS))}|jobs?|hired|promot(?:ed|ion)|position|role)\b",
                             re.IGNORECASE),
}


def _answer_signal(
    types: frozenset[str], mentions: Sequence[tuple[int, int, str, int]], named: _NamedTimes,
    rows: Mapping[int, Any], *, exclude: set[int], most_mentions: int,
) -> dict[int, float]:
    """1 for a turn naming what the question asks for: an entity of the asked type, a word of
    the asked kind, or — for "when …" — a time."""
    found = graphs.episodes_naming(mentions, types, exclude=exclude, most_mentions=most_mentions)
    if "time" in types:
        found.update(named)
    for kind in types & _KIND_WORDS.keys():
        found.update(s for s, row in rows.items() if _KIND_WORDS[kind].search(row.content))
    return dict.fromkeys(found, 1.0)


def _fuse(recipe: Recipe, features: Mapping[str, Mapping[int, float]], weights: Mapping[str, float]) -> dict[int, dict[str, float]]:
    if recipe.fusion == "rrf":
        return rrf(features, weights, k=recipe.rrf_k)
    return weighted_sum(features, weights)


def _additive(features: Mapping[str, Mapping[int, float]]) -> dict[str, Mapping[int, float]]:
    """The signals fusion adds up: all but "question", which takes a share of the sum."""
    return {signal: values for signal, values in features.items() if signal != "question"}


def _relevant_recency(recency: Mapping[int, float], others: Mapping[int, float]) -> dict[int, float]:
    """Recency in proportion to how well a candidate answers on every other signal (``others``:
    0 at the median candidate, 1 at the best): asked "now", newness breaks ties among the turns
    that answer; it does not lift a recent "Good morning!" over them."""
    totals = [others.get(s, 0.0) for s in recency]
    best, middle = max(totals, default=0.0), float(np.median(totals)) if totals else 0.0
    span = best - middle
    if span <= 0:
        return dict(recency)
    return {s: r * min(1.0, max(0.0, (others.get(s, 0.0) - middle) / span)) for s, r in recency.items()}


def _contenders(total: Mapping[int, float], most: float, depth: int) -> list[int]:
    """The candidates a signal adding at most ``most`` could still lift into the top ``depth``
    of a weighted sum: the others trail the depth-th score by more than it adds."""
    if len(total) <= depth:
        return list(total)
    bar = sorted(total.values(), reverse=True)[depth - 1] - most
    return [s for s, v in total.items() if v >= bar]


_ASKS_WHICH = re.compile(r"\W*(?:who|whom|whose|what|where|which)\b", re.IGNORECASE)  # not "was I single in May?"


def _starts_before(periods: Sequence[tuple[datetime | None, datetime | None]], at: float) -> bool:
    """Does one of the periods start before ``at`` (seconds since 1970)?"""
    return any(start is None or start.timestamp() < at for start, _ in periods)


def _context_signal(rows: Mapping[int, Any], found: Mapping[int, Any], cosine: Mapping[int, float]) -> dict[int, float]:
    """Best cosine of the query with a candidate's neighbours (seq ± 1 among ``found``), kept
    only when they really are the turns just before and after it in the same session (rows
    carry ``session_id`` and ``at``, seconds since 1970)."""
    out: dict[int, float] = {}
    for s, row in rows.items():
        best = 0.0
        before, after = found.get(s - 1), found.get(s + 1)
        if before is not None and before.session_id == row.session_id and before.at <= row.at:
            best = max(best, cosine.get(s - 1, 0.0))
        if after is not None and after.session_id == row.session_id and after.at >= row.at:
            best = max(best, cosine.get(s + 1, 0.0))
        out[s] = best
    return out


# How much more the fact signal weighs for a question about the present state, and recency for one
# asked "now" (tuned on sets A and T, bench/README).
_PRESENT_FACT = 3
_NOW_RECENCY = 6


class Retriever:
    def __init__(self, store: Store, index: VectorIndex, embedder: Embedder) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self._label_vectors: dict[str, np.ndarray] = {}  # fact label → embedding of its words

    def search(self, query: Query, session: Session) -> list[Hit]:
        recipe = query.recipe
        intent = read_intent(query.text, query.now, parse_time=recipe.parse_time, as_of=query.as_of)
        text, ranges = intent.text, intent.ranges
        weights = dict(recipe.weights)
        if intent.present:  # the present state: facts that still hold win …
            weights["fact"] *= _PRESENT_FACT
        if intent.current:  # … and, asked "now", newer turns
            weights["recency"] *= _NOW_RECENCY
        if query.filter is not None:
            # A selective filter's turns, once: each candidate source then looks them up by key
            # instead of running a subquery for each of its matches.
            passing = metadata.listed(session.connection(), query.filter, query.user_id, cap=_PASSING_CAP)
            query = replace(query, passing=None if passing is None else tuple(passing))
        conditions = query.conditions()
        # Column rows straight from the connection: through the ORM session every row of the
        # ~15 statements a search runs went through ORM loading (~1.7k rows, a few ms a search).
        sql = session.connection()
        n = recipe.candidates
        vector = self.embedder.embed([text])[0]

        candidates: set[int] = set()
        best_cosine = 1.0  # of any of the user's turns with the query, as far as is known
        if recipe.uses("vector"):
            nearest = self._vector_candidates(sql, query, vector, conditions, n)
            candidates |= {seq for seq, _ in nearest}
            best_cosine = max((score for _, score in nearest), default=best_cosine)
        seeds: dict[int, str] = {}
        ranks: dict[int, float] = {}
        entity_weights = graphs.EntityWeights({}, 1.0, frozenset())
        if recipe.uses("graph") or recipe.uses("fact") or recipe.uses("lexical"):
            seeds = graphs.query_entities(sql, query.user_id, text)
            seeds = graphs.user_self(sql, query.user_id, text) | seeds
            seeds |= graphs.related_entities(sql, query.user_id, text, seeds)
            seeds = graphs.places_within(sql, query.user_id, text) | seeds
        # Turn counts from the index, not SQL: counting a million rows per search costs ~50 ms.
        counts = DocCounts(total=max(len(self.index), 1), user=self.index.partition_size(query.user_id))
        if recipe.uses("graph") or recipe.uses("fact"):
            ranks = graphs.personalized_pagerank(sql, query.user_id, list(seeds), view=query.view)
            entity_weights = graphs.entity_weights(sql, ranks, turns=counts.user)
        # Words search also looks for the other names of the entities the query names.
        aliases = graphs.entity_aliases(sql, list(seeds))
        lexical_text = " ".join([text, *aliases])
        speakers = {normalize_name(a) for a in aliases}  # a turn said by a named entity
        lexical: dict[int, float] = {}
        if recipe.uses("lexical"):
            # One full-text query serves both: its best n are candidates, and the deeper list
            # scores the other sources' candidates (BM25 is computed for every match anyway).
            matches = self.store.fulltext.search(
                sql, lexical_text, user_id=query.user_id, limit=max(n, _LEXICAL_DEPTH), conditions=conditions,
                counts=counts)
            lexical = dict(matches)
            candidates |= {seq for seq, _ in matches[:n]}
        if recipe.uses("graph"):
            candidates |= set(graphs.episode_graph_scores(sql, entity_weights.specific(), conditions=conditions, limit=n))
        during = [(r.start, r.end) for r in ranges]
        if seeds and recipe.uses("fact"):
            # A big user's fact statements are looked for among roughly their latest turns only
            # (older ones still come through the other sources).
            window = _FACT_WINDOW * counts.total // max(counts.user, 1)
            after = self.index.state.last_seq - window if counts.user > _FACT_WINDOW else 0
            candidates |= set(known.fact_support(sql, query.user_id, list(seeds), None, at=query.now,
                                                  view=query.view, during=during, conditions=conditions, limit=n,
                                                  after_seq=after))
        if ranges and recipe.uses("time"):
            candidates |= {seq for seq, _ in self._range_candidates(sql, query, vector, conditions, ranges, n)}
        if not candidates:
            return []

        # Scoring needs only a candidate's session and time; whole rows are loaded for the top k only.
        rows = _scoring_rows(sql, query.user_id, candidates, conditions)
        seqs = sorted(rows)
        vectors = self.index.vectors(query.user_id, seqs)
        cosine = _cosines(vectors, vector)
        fact_values, held_during = (
            self._fact(sql, query, seeds, vector, rows, intent.present, during) if recipe.uses("fact") else ({}, {})
        )
        wants_answer = bool(intent.answer_types) and recipe.uses("answer")
        mentions = graphs.mentions_in(sql, seqs) if recipe.uses("graph") or wants_answer else []
        # The times the candidates name serve the time signal and a "when …" question's answer.
        named = _times_named(sql, seqs) if ranges or (wants_answer and "time" in intent.answer_types) else {}
        naming_inside = _naming_inside(rows, ranges, named) if ranges else set()
        now = query.now.timestamp()
        features = {
            "vector": {s: max(0.0, cosine.get(s, 0.0)) for s in seqs},
            "lexical": lexical,
            "graph": self._graph(seeds, ranks, entity_weights, mentions) if recipe.uses("graph") else {},
            "fact": fact_values,
            "context": {},  # below, for the candidates it could still lift into the top
            "recency": recency_weights({s: now - row.at for s, row in rows.items()}, recipe.half_life_days * _DAY),
            "time": _time_signal(rows, ranges, naming_inside) if ranges else {},
            "speaker": (
                {s: 1.0 for s in seqs if rows[s].name and normalize_name(rows[s].name) in speakers}
                if recipe.uses("speaker") else {}
            ),
            "answer": _answer_signal(intent.answer_types, mentions, named, rows, exclude=set(seeds),
                                     most_mentions=max(20, int(_COMMON_SHARE * counts.user))) if wants_answer else {},
            "question": {s: question_share(rows[s].content) for s in seqs} if recipe.uses("question") else {},
        }
        # A turn stating a fact that held in the period the query names is about that period,
        # whenever it was said ("where did I live in March 2022" → "I moved to Lyon" in 2021) —
        # unless the query asks what was said then ("what did Maya share yesterday").
        stated = set() if intent.about_saying else {s for s, held in held_during.items() if held > _LABEL_FITS}
        # A state asked of a period ("where did she live in March") — named in the question, or
        # one memory has a statement of: what was merely said then counts less.
        # When the question names the state, a time named in the period dates it only for a turn
        # said outside the period ("in March I moved", said in May): "last night", said in the
        # period, tells no more than when it was said. (A trip "last weekend" is an event.)
        state_asked = bool(ranges) and not intent.about_saying and asks_about_state(query.text)
        if stated or state_asked:
            dated = {s for s in naming_inside if not state_asked or time_match(rows[s].at, ranges) < 1.0}
            if state_asked and seeds and recipe.uses("graph"):
                # "starts 15 July" dates Hiroshi's July only in a turn that names him
                dated = {s for s in dated if features["graph"].get(s, 0.0) > 0}
            features["time"] = {s: v if s in dated else v * _IN_PERIOD_ONLY for s, v in features["time"].items()}
        for s in stated:
            features["time"][s] = 1.0
        features = {signal: {s: values.get(s, 0.0) for s in seqs} for signal, values in features.items()}
        contributions = _fuse(recipe, _additive(features), weights)
        if intent.current and weights["recency"]:
            # Each signal's part of a fusion depends on its own values only: recency's is redone alone.
            others = {s: sum(v for sig, v in contributions.get(s, {}).items() if sig != "recency") for s in seqs}
            features["recency"] = _relevant_recency(features["recency"], others)
            recency = _fuse(recipe, {"recency": features["recency"]}, weights)
            for s in seqs:
                contributions.setdefault(s, {})["recency"] = recency.get(s, {}).get("recency", 0.0)
        total = {s: sum(contributions.get(s, {}).values()) for s in seqs}
        if recipe.uses("context"):
            depth = max(query.k * 4, 20) if recipe.mmr_lambda is not None else query.k
            # A neighbour's cosine is at most the best the vector search found (exact on a flat
            # partition; on an IVF one, as approximate as the vector candidates themselves).
            contenders = seqs if recipe.fusion == "rrf" else _contenders(total, weights["context"] * best_cosine, depth)
            features["context"] |= self._context_values(
                sql, query.user_id, conditions, {s: rows[s] for s in contenders}, rows, cosine, vector)
            if recipe.fusion == "rrf":  # every rank may move
                contributions = _fuse(recipe, _additive(features), weights)
            else:
                for s, part in weighted_sum({"context": features["context"]}, weights).items():
                    contributions.setdefault(s, {}).update(part)
            total = {s: sum(contributions.get(s, {}).values()) for s in seqs}
        if recipe.uses("question"):  # a share of the whole score, so it comes last
            for s in seqs:
                part = -weights["question"] * features["question"][s] * total[s]
                if part:
                    contributions.setdefault(s, {})["question"] = part
                    total[s] += part
        order = sorted(seqs, key=lambda s: (-total[s], -rows[s].at, -s))
        if recipe.mmr_lambda is not None:
            order = mmr(order[: max(query.k * 4, 20)], total, vectors, lambda_=recipe.mmr_lambda, k=query.k)
        top = order[: query.k]
        names = self._mentioned(sql, top)
        full = {row.seq: row for row in session.execute(_FULL_ROWS, {"seqs": top}).scalars()}
        return [
            Hit(
                episode=to_episode(full[s]), score=total[s],
                scores={sig: contributions.get(s, {}).get(sig, 0.0) for sig in features if recipe.uses(sig)},
                signals={sig: features[sig][s] for sig in features},
                context=self._context(session, full[s], recipe.context) if recipe.context else (),
                entities=tuple(names.get(s, ())),
            )
            for s in top
        ]

    def _context_values(
        self, sql: Sql, user_id: str, conditions: list[ColumnElement[bool]], contenders: Mapping[int, Any],
        rows: Mapping[int, Any], cosine: dict[int, float], vector: np.ndarray,
    ) -> dict[int, float]:
        """The context signal of ``contenders``: their neighbours (turns of a batch are stored in
        order, so seq ± 1) are read unless already among the scored ``rows``."""
        near = {s + d for s in contenders for d in (-1, 1)} - rows.keys()
        found = dict(rows)
        if near:
            found |= _scoring_rows(sql, user_id, near, conditions)
            cosine |= _cosines(self.index.vectors(user_id, sorted(near & found.keys())), vector)
        return _context_signal(contenders, found, cosine)

    @staticmethod
    def _graph(
        seeds: dict[int, str], ranks: dict[int, float], weights: graphs.EntityWeights,
        mentions: Sequence[tuple[int, int, str, int]],
    ) -> dict[int, float]:
        """The entity weight a turn mentions, against a turn naming every query entity were each
        as rare as can be: naming only the speaker, found in every turn, scores little."""
        ideal = sum(ranks.get(s, 0.0) for s in seeds) * weights.rarest
        if not ideal:
            return {}
        found = graphs.weighted_mentions(mentions, weights.weights)
        return {s: min(1.0, v / ideal) for s, v in found.items()}

    def _fact(
        self, sql: Sql, query: Query, seeds: dict[int, str], vector: np.ndarray, rows: Mapping[int, Any],
        current: bool, during: list[tuple[datetime | None, datetime | None]],
    ) -> tuple[dict[int, float], dict[int, float]]:
        """How well the facts a turn states about the query's entities fit the question (cosine
        of the query with the words people use for the label: "partner, dating, boyfriend…"),
        counting whether they still hold at the reference
        time: an ended fact is history (a quarter of its fit) — or, when the query asks about the
        present, a superseded answer that counts against the turn (the value goes negative)."""
        support = known.fact_support(sql, query.user_id, list(seeds), sorted(rows), at=query.now,
                                      view=query.view, during=during)
        labels = sorted({label for facts in support.values() for label, _ in facts})
        missing = [label for label in labels if label not in self._label_vectors]
        if missing:
            for label, v in zip(missing, self.embedder.embed([describe_label(m) for m in missing])):
                self._label_vectors[label] = v
        # A question using one of the label's own words ("dating", "job") is about it, however
        # little the whole sentence's embedding looks like the label's phrase.
        cues = question_cues(query.text)
        fit = {label: max(0.0, float(self._label_vectors[label] @ vector), _CUE_FIT if cues & label_cues(label) else 0.0)
               for label in labels}
        if current and asks_about_state(query.text):
            # "Who is Ravi dating now?" names its state: a sister who holds any time is no answer, nor
            # a place merely named with him (a link, which holds for good)
            fit = {label: 0.0 if label in known.LINK_LABELS else f if cues & label_cues(label) else f * _UNNAMED_LABEL
                   for label, f in fit.items()}
        out, held_during = {}, {}
        asks_which = bool(_ASKS_WHICH.match(query.text))
        for s, facts in support.items():
            if current:  # asked what holds now, a state told in the past tense is history ("my job as a banker")
                facts = [(label, holds and not tells_the_past(label)) for label, holds in facts]
            elif during:  # … and of a period, it held before it was told, not after
                facts = [(label, holds and (not tells_the_past(label) or _starts_before(during, rows[s].at)))
                         for label, holds in facts]
            held = {label for label, holds in facts if holds}
            holding = max((fit[label] for label in held), default=0.0)
            # a turn telling a change ("jacked it in at Crumb & Co, brewing at Kirkgate now") tells
            # what holds: the value it ended counts against it only where it tells none of that state
            ended = max((fit[label] for label, holds in facts if not holds and (label not in held or not current)),
                        default=0.0)
            # A named period asks for what held then, as "now" asks for what holds now.
            out[s] = holding - ended if current or during else max(holding, ended / 4)
            if during:  # a state stated to hold then (a sister is one at any time: no state) — asked which one
                # held, an end ("I left Calder") tells none; asked whether one did, it answers no
                held_during[s] = max((fit[label] for label, holds in facts if holds and is_state_label(label)
                                      and not (asks_which and ends_a_state(label))), default=0.0)
        return out, held_during

    def _vector_candidates(
        self, sql: Sql, query: Query, vector: np.ndarray, conditions: list[ColumnElement[bool]], n: int
    ) -> list[tuple[int, float]]:
        if not conditions:
            return self.index.search(query.user_id, vector, n)
        # Filters: over-fetch and check in SQL, deeper while too few pass; then search only the
        # turns that pass: a selective metadata filter's own (listed by its index), else all of
        # the user's, each checked.
        for depth in (n * 4, n * 16, n * 64, n * 256):
            found, kept = self._nearest_passing(sql, query, vector, conditions, depth)
            if len(kept) >= n or len(found) < depth:
                return kept[:n]
            if depth == n * 16:
                ids = query.listed(sql)
                if ids is not None:
                    return self.index.search(query.user_id, vector, n, allowed=ids)
                if query.filter is None:  # session or time bounds: their indexes list the turns
                    break
        return self.index.search(query.user_id, vector, n, allowed=query.checked(sql))

    def _nearest_passing(
        self, sql: Sql, query: Query, vector: np.ndarray, conditions: list[ColumnElement[bool]], depth: int
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """The ``depth`` nearest turns, and those of them that pass ``conditions``."""
        found = self.index.search(query.user_id, vector, depth)
        allowed = self._filter(sql, query.user_id, [s for s, _ in found], conditions)
        return found, [(s, score) for s, score in found if s in allowed]

    def _range_candidates(
        self, sql: Sql, query: Query, vector: np.ndarray, conditions: list[ColumnElement[bool]],
        ranges: Sequence[TimeRange], n: int,
    ) -> list[tuple[int, float]]:
        ids: list[int] = []
        for r in ranges:
            ids += sql.execute(narrowed(_IN_PERIOD, conditions), {
                "user": query.user_id, "start": r.start or _EARLIEST, "end": r.end or _LATEST, "limit": _RANGE_CANDIDATES,
            }).scalars().all()
        return self.index.search(query.user_id, vector, n, allowed=ids) if ids else []

    @staticmethod
    def _filter(sql: Sql, user_id: str, seqs: list[int], conditions: list[ColumnElement[bool]]) -> set[int]:
        if not seqs:
            return set()
        # The user is checked in Python, not SQL: given "user_id = ? AND seq IN (…)" and no
        # statistics, SQLite walks the user's index (a million entries for a big user) instead
        # of looking the few hundred seqs up.
        return {seq for seq, owner in sql.execute(narrowed(_OWNERS, conditions), {"seqs": seqs}).all() if owner == user_id}

    @staticmethod
    def _mentioned(sql: Sql, seqs: Sequence[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for seq, name in sql.execute(_NAMES_MENTIONED, {"seqs": seqs}).all():
            out.setdefault(seq, []).append(name)
        return out

    @staticmethod
    def _context(session: Session, row: EpisodeRow, window: int) -> tuple[Episode, ...]:
        same_session = (EpisodeRow.user_id == row.user_id, EpisodeRow.session_id == row.session_id)
        before = session.execute(
            select(EpisodeRow).where(*same_session, EpisodeRow.occurred_at <= row.occurred_at, EpisodeRow.seq != row.seq)
            .order_by(EpisodeRow.occurred_at.desc(), EpisodeRow.seq.desc()).limit(window)
        ).scalars().all()
        after = session.execute(
            select(EpisodeRow).where(*same_session, EpisodeRow.occurred_at >= row.occurred_at, EpisodeRow.seq != row.seq)
            .order_by(EpisodeRow.occurred_at, EpisodeRow.seq).limit(window)
        ).scalars().all()
        return tuple(to_episode(r) for r in [*reversed(before), *after])
