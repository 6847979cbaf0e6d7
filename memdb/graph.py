"""The knowledge graph's read side: networkx views built from stored rows, the entities a query
names, and personalized PageRank around them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Mapping, Sequence

import networkx as nx
import numpy as np
from sqlalchemy import Float, Integer, Select, bindparam, cast, func, select
from sqlalchemy.orm import Session

from memdb.extract.aliases import is_nickname_of, normalize_name
from memdb.extract.lexicon import ANIMALS, KINSHIP
from memdb.extract.places import cities_in
from memdb.store.writer_sql import ALIASES_NAMED
from memdb.models import Entity
from memdb.store.expressions import Sql, one_of, weights_table
from memdb.store.schema import AliasRow, EntityRow, EpisodeRow, FactRow, MentionRow
from memdb.facts import (
    bound_view, entity_visibility, fact_sources, fact_visibility, to_fact, touching_seeds, view_condition, view_params,
)
from memdb.temporal import TimeView
from memdb.text import STOPWORDS, words

_MAX_NGRAM = 4
_NEIGHBOURHOOD_LIMIT = 300  # fact edges pulled into one PageRank: bounds its cost on big graphs
_COMMON_ENTITY = 0.05  # entities in more turns than this share don't pick graph candidates
_GRAPH_MATCH_BUDGET = 1_500  # mentions read to pick graph candidates, at most


# Statements a search runs, built once (see store.expressions); values are bound per call.
_PEOPLE = select(EntityRow.seq, EntityRow.name).where(EntityRow.user_id == bindparam("user"), EntityRow.type == "person")
_MENTION_COUNTS = select(EntityRow.seq, EntityRow.mention_count).where(one_of(EntityRow.seq, "seqs"))
_ALIASES_OF = select(AliasRow.alias).where(one_of(AliasRow.entity_seq, "seqs"))
_MENTIONS_IN = (
    select(MentionRow.episode_seq, MentionRow.entity_seq, EntityRow.type, EntityRow.mention_count)
    .join(EntityRow, EntityRow.seq == MentionRow.entity_seq).where(one_of(MentionRow.episode_seq, "seqs"))
)


@cache
def _neighbourhood_edges(view: tuple[bool, bool]) -> Select:
    """Fact edges touching the seeds (visible in the bound view), newest first."""
    return select(FactRow.subject_seq, FactRow.object_seq).where(
        FactRow.user_id == bindparam("user"), view_condition(view), touching_seeds(),
    ).order_by(FactRow.seq.desc()).limit(_NEIGHBOURHOOD_LIMIT)


@cache
def _graph_scores() -> Select:
    """Episodes by Σ weight of the entities they mention, for a bound mapping entity → weight."""
    weights = weights_table("weights")
    score = func.sum(cast(weights.c.value, Float)).label("score")
    return (
        select(MentionRow.episode_seq, score).select_from(weights)
        .join(MentionRow, MentionRow.entity_seq == cast(weights.c.key, Integer))
        .group_by(MentionRow.episode_seq).order_by(score.desc(), MentionRow.episode_seq.desc()).limit(bindparam("limit"))
    )


def query_entities(session: Sql, user_id: str, query: str) -> dict[int, str]:
    """Entities named in a query (longest alias match first, then nicknames): seq → surface."""
    tokens = words(query)
    found: dict[int, str] = {}
    grams: dict[str, tuple[int, int]] = {}
    for n in range(_MAX_NGRAM, 0, -1):
        for i in range(len(tokens) - n + 1):
            gram = tokens[i : i + n]
            # Both readings of the lower-cased words: a plural's singular ("support groups") and,
            # as a capitalised name keeps its s, "Jonas", "James", "Paris".
            for key in (normalize_name(" ".join(gram)), normalize_name(" ".join(w[:1].upper() + w[1:] for w in gram))):
                if key:
                    grams.setdefault(key, (i, i + n))
    if not grams:
        return found
    rows = session.execute(ALIASES_NAMED, {"user": user_id, "keys": list(grams)}).all()
    covered: set[int] = set()
    for key, seq in sorted(rows, key=lambda r: -(grams[r[0]][1] - grams[r[0]][0])):
        span = set(range(*grams[key]))
        if span & covered:
            continue  # "support group" already claimed these words; "group" alone does not count
        covered |= span
        found[seq] = key
    # Nicknames ("Mel" for Melanie) are tried only for capitalised words left unmatched: names
    # are written that way, and it spares most queries a scan of the user's people.
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", query)}
    leftovers = [t for i, t in enumerate(tokens) if i not in covered and len(t) >= 3 and t in capitalised
                 and not (i == 0 and t in STOPWORDS)]  # "What did …" is capitalised, "did Will …" a name
    if leftovers:
        people = session.execute(_PEOPLE, {"user": user_id}).all()
        for token in leftovers:
            matches = {seq for seq, name in people if is_nickname_of(token, name.split()[0])}
            if len(matches) == 1:
                found.setdefault(matches.pop(), token)
    return found


_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself|I'm|I've|I'd|I'll)\b")


def user_self(session: Sql, user_id: str, query: str) -> dict[int, str]:
    """The user's own entity when the query speaks in the first person ("where did I live"):
    the speaker named on most of the user's recent turns with role "user"."""
    if not _FIRST_PERSON.search(query):
        return {}
    names = session.execute(
        select(EpisodeRow.name, EpisodeRow.role).where(EpisodeRow.user_id == user_id)
        .order_by(EpisodeRow.occurred_at.desc()).limit(200)
    ).all()
    counts: dict[str, int] = {}
    for name, role in names:
        if role == "user" and name:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return {}
    me = max(counts, key=counts.__getitem__)
    seq = session.execute(
        select(AliasRow.entity_seq).where(AliasRow.user_id == user_id, AliasRow.key == normalize_name(me))
    ).scalar()
    return {} if seq is None else {seq: "I"}


def places_within(session: Sql, user_id: str, query: str) -> dict[int, str]:
    """The user's cities in a country the query names: "relocating to Germany" is about the
    Berlin the user spoke of, though nobody said "Germany"."""
    tokens = words(query)
    cities = {city for n in (1, 2, 3, 4) for i in range(len(tokens) - n + 1)
              for city in cities_in(" ".join(tokens[i : i + n]))}
    if not cities:
        return {}
    keys = [normalize_name(c) for c in cities]
    return {seq: key for key, seq in session.execute(ALIASES_NAMED, {"user": user_id, "keys": keys}).all()}


_POSSESSIVE = re.compile(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)['’]s\s+([a-z-]+)")
_MY = re.compile(r"\b(?:my|our)\s+(?:(?:older|younger|big|little|baby|twin|best|new|current)\s+)?([a-z-]+)", re.IGNORECASE)


def related_entities(session: Sql, user_id: str, query: str, seeds: Mapping[int, str]) -> dict[int, str]:
    """Entities a query names through a relation of a named one: "Maya's sister" is whoever
    Maya's facts say is her sibling, "Mel's dog" her pet, and "my sister" the asker's (the seed
    ``user_self`` found, surface "I") — one hop in the graph, at query time."""
    wanted: list[tuple[int, str, str]] = []
    said = [(name, noun.lower(), normalize_name(name)) for name, noun in _POSSESSIVE.findall(query)]
    said += [("my", noun.lower(), "I") for noun in _MY.findall(query)]
    for name, noun, key in said:
        label = "has_pet" if noun in ANIMALS else KINSHIP.get(noun)
        owner = next((seq for seq, surface in seeds.items() if surface == key), None)
        if label and owner is not None:
            wanted.append((owner, label, f"{name}'s {noun}" if key != "I" else f"my {noun}"))
    found: dict[int, str] = {}
    for owner, label, phrase in wanted:
        for (obj,) in session.execute(
            select(FactRow.object_seq).where(
                FactRow.user_id == user_id, FactRow.subject_seq == owner, FactRow.label == label
            ).order_by(FactRow.seq.desc()).limit(5)
        ).all():
            found.setdefault(obj, phrase)
    return found


def personalized_pagerank(
    session: Sql, user_id: str, seeds: Sequence[int], *, view: TimeView = TimeView()
) -> dict[int, float]:
    """PageRank restarted at the seeds over their direct fact neighbourhood (bounded)."""
    if not seeds:
        return {}
    edges = session.execute(_neighbourhood_edges(bound_view(view)),
                            {"user": user_id, "seeds": seeds, **view_params(view)}).all()
    if not edges:
        return {s: 1.0 / len(seeds) for s in seeds}
    weights: dict[tuple[int, int], float] = {}  # undirected: a fact restated adds weight
    for s, o in edges:
        key = (min(s, o), max(s, o))
        weights[key] = weights.get(key, 0.0) + 1.0
    return pagerank_edges(seeds, [(a, b, w) for (a, b), w in weights.items()], nodes=seeds)


def pagerank(graph: nx.Graph, seeds: Sequence[int], **options: float) -> dict[int, float]:
    """Personalized PageRank of an undirected networkx graph (edge attribute ``weight``)."""
    edges = [(a, b, float(d.get("weight", 1.0))) for a, b, d in graph.edges(data=True)]
    return pagerank_edges(seeds, edges, nodes=list(graph), **options)


def pagerank_edges(
    seeds: Sequence[int], weighted_edges: Sequence[tuple[int, int, float]], *, nodes: Sequence[int] = (),
    alpha: float = 0.85, iterations: int = 100, tolerance: float = 1e-6,
) -> dict[int, float]:
    """Personalized PageRank by power iteration over numpy arrays, for the small neighbourhood
    of one query. ``nx.pagerank`` gives the same numbers (a test checks; the tolerance is its
    default) but spends ~10 ms building a sparse matrix for a few hundred edges: most of a
    search's budget."""
    index: dict[int, int] = {}
    for n in [*nodes, *(x for a, b, _ in weighted_edges for x in (a, b))]:
        index.setdefault(n, len(index))
    nodes = list(index)
    edges = [(index[a], index[b], w) for a, b, w in weighted_edges]
    # An undirected edge carries rank both ways.
    source = np.array([a for a, b, _ in edges] + [b for a, b, _ in edges], dtype=np.int64)
    target = np.array([b for a, b, _ in edges] + [a for a, b, _ in edges], dtype=np.int64)
    weight = np.array([w for _, _, w in edges] * 2, dtype=np.float64)
    strength = np.bincount(source, weights=weight, minlength=len(nodes))
    restart = np.zeros(len(nodes))
    restart[[index[s] for s in seeds if s in index]] = 1.0
    restart /= restart.sum() or 1.0
    share = np.divide(weight, strength[source], out=np.zeros_like(weight), where=strength[source] > 0)
    rank = restart.copy()
    dangling_nodes = strength == 0
    for _ in range(iterations):
        dangling = rank[dangling_nodes].sum()
        new = (1 - alpha + alpha * dangling) * restart + alpha * np.bincount(
            target, weights=rank[source] * share, minlength=len(nodes))
        done = np.abs(new - rank).sum() < tolerance * len(nodes)
        rank = new
        if done:
            break
    return {n: float(rank[i]) for n, i in index.items()}


@dataclass(frozen=True)
class EntityWeights:
    """How much each entity near the query counts (PageRank × idf), the idf of an entity named
    once, and which entities are in so many turns (a speaker) that they must not pick graph
    candidates: they would pull in thousands of turns and rank them by little."""

    weights: dict[int, float]
    rarest: float
    common: frozenset[int]
    mentions: Mapping[int, int] = field(default_factory=dict)

    def specific(self, budget: int = _GRAPH_MATCH_BUDGET) -> dict[int, float]:
        """The entities that pick graph candidates: not the common ones, and the most weighted
        while their mentions fit ``budget`` (reading those mentions is what a query costs)."""
        out: dict[int, float] = {}
        spent = 0
        for e in sorted(self.weights, key=lambda e: (-self.weights[e], e)):
            count = self.mentions.get(e, 0)
            if e in self.common or spent + count > budget:
                continue
            spent += count
            out[e] = self.weights[e]
        return out


def entity_weights(session: Sql, ranks: Mapping[int, float], *, turns: int, limit: int = 50) -> EntityWeights:
    """Weights of the ``limit`` best ranked entities among a user's ``turns`` turns."""
    top = sorted(ranks, key=lambda s: -ranks[s])[:limit]
    total = max(turns, 1)
    rarest = math.log(1 + total)
    if not top:
        return EntityWeights({}, rarest, frozenset())
    counts = dict(session.execute(_MENTION_COUNTS, {"seqs": top}).all())
    weights = {s: ranks[s] * math.log(1 + total / max(counts.get(s, 1), 1)) for s in top if s in counts}
    common = frozenset(s for s, n in counts.items() if n > max(20, _COMMON_ENTITY * total))
    return EntityWeights(weights, rarest, common, counts)


def entity_aliases(session: Sql, seqs: Sequence[int]) -> list[str]:
    """Every alias of the given entities ("Jon" → also "Jonathan Weiss")."""
    if not seqs:
        return []
    return sorted(set(session.execute(_ALIASES_OF, {"seqs": seqs}).scalars()))


def episode_graph_scores(
    session: Sql, weights: Mapping[int, float], *, conditions: Sequence = (), limit: int = 50,
) -> dict[int, float]:
    """The best ``limit`` episodes by Σ weight of the entities they mention: seq → that sum."""
    if not weights:
        return {}
    stmt = _graph_scores()
    if conditions:  # episode rows are wide: join them only to filter
        stmt = stmt.join(EpisodeRow, EpisodeRow.seq == MentionRow.episode_seq).where(*conditions)
    return {int(seq): float(s) for seq, s in session.execute(stmt, {"weights": weights, "limit": limit}).all()}


def neighbourhood(graph: nx.MultiDiGraph, center: int, depth: int) -> nx.MultiDiGraph:
    """The part of the graph within ``depth`` hops of ``center``, edges followed either way."""
    keep = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth)
    return graph.subgraph(keep).copy()


def most_mentioned(graph: nx.MultiDiGraph, limit: int, *, keep: int | None = None) -> nx.MultiDiGraph:
    """The ``limit`` most mentioned entities (ties by name) and the facts among them; ``keep``
    (a centre) stays whatever its rank. ``total_entities`` records how many there were."""
    def rank(seq: int) -> tuple[bool, int, str, int]:
        node = graph.nodes[seq]
        return seq != keep, -node["mentions"], node["name"], seq

    view = graph.subgraph(sorted(graph, key=rank)[:limit]).copy()
    view.graph["total_entities"] = graph.number_of_nodes()
    return view


def entities_mentioned(session: Session, user_id: str, conditions: Sequence) -> set[int]:
    """The entities that the user's turns meeting ``conditions`` (one session's, say) mention."""
    return set(session.execute(
        select(MentionRow.entity_seq).join(EpisodeRow, EpisodeRow.seq == MentionRow.episode_seq)
        .where(EpisodeRow.user_id == user_id, *conditions).distinct()
    ).scalars())


def episodes_mentioning(entity_seq: int):  # noqa: ANN201 - an SQL condition
    """Episodes with a mention of the entity (a subquery, so each episode comes once)."""
    return EpisodeRow.seq.in_(select(MentionRow.episode_seq).where(MentionRow.entity_seq == entity_seq))


def build_graph(session: Session, user_id: str, *, view: TimeView = TimeView()) -> nx.MultiDiGraph:
    """Entities as nodes, facts as edges (key = fact id) with their time attributes, as the view sees them."""
    graph = nx.MultiDiGraph(user_id=user_id, as_of=view.as_of.isoformat() if view.as_of else None,
                            recorded_before=view.recorded_before.isoformat() if view.recorded_before else None)
    aliases: dict[int, list[str]] = {}
    for seq, alias in session.execute(
        select(AliasRow.entity_seq, AliasRow.alias).where(AliasRow.user_id == user_id)
    ).all():
        aliases.setdefault(seq, [])
        if alias not in aliases[seq]:
            aliases[seq].append(alias)
    for row in session.execute(
        select(EntityRow).where(EntityRow.user_id == user_id, entity_visibility(view))
    ).scalars():
        graph.add_node(
            row.seq, name=row.name, type=row.type, aliases=aliases.get(row.seq, []),
            first_seen=row.first_seen, last_seen=row.last_seen, mentions=row.mention_count,
        )
    sources = fact_sources(session, view, EpisodeRow.user_id == user_id)
    for row in session.execute(
        select(FactRow).where(FactRow.user_id == user_id, fact_visibility(view.as_of, view.recorded_before))
        .order_by(FactRow.seq)
    ).scalars():
        if row.subject_seq in graph and row.object_seq in graph:
            fact = to_fact(row, {}, sources.get(row.seq, []), view)
            graph.add_edge(
                row.subject_seq, row.object_seq, key=fact.id, label=fact.label, fact=fact.fact,
                valid_at=fact.valid_at, invalid_at=fact.invalid_at, stated_at=fact.stated_at,
                end_stated_at=fact.end_stated_at, recorded_at=fact.recorded_at, expired_at=fact.expired_at,
                episode_ids=list(fact.episode_ids),
            )
    return graph


def load_entities(
    session: Session, user_id: str, *, seqs: Sequence[int] | None = None, view: TimeView = TimeView(),
    type: str | None = None, limit: int | None = None, offset: int = 0,
) -> list[Entity]:
    """Entities of a user in the view, most mentioned first, with their aliases (facts not loaded).
    A listing (no ``seqs``) leaves out the lower-case noun phrases no fact is about ("the flat",
    "a win"): they stay in the graph as what turns talk about, for search, but are no things of
    the user's life until something is stated of them ("I hate coffee")."""
    stmt = select(EntityRow).where(EntityRow.user_id == user_id, entity_visibility(view))
    if seqs is not None:
        stmt = stmt.where(EntityRow.seq.in_(list(seqs)))
    else:
        stated = select(FactRow.seq).where(
            (FactRow.subject_seq == EntityRow.seq) | (FactRow.object_seq == EntityRow.seq),
            FactRow.label != "related_to").exists()
        initial = func.substr(EntityRow.name, 1, 1)
        stmt = stmt.where((EntityRow.type != "concept") | (func.lower(initial) != initial) | stated)  # "Biscuit" stays
    if type is not None:
        stmt = stmt.where(EntityRow.type == type)
    rows = session.execute(
        stmt.order_by(EntityRow.mention_count.desc(), EntityRow.name, EntityRow.seq).limit(limit).offset(offset)
    ).scalars().all()
    aliases: dict[int, list[str]] = {}
    for seq, alias in session.execute(
        select(AliasRow.entity_seq, AliasRow.alias).where(AliasRow.entity_seq.in_([r.seq for r in rows]))
        .order_by(AliasRow.alias)
    ).all():
        if alias not in aliases.setdefault(seq, []):
            aliases[seq].append(alias)
    return [
        Entity(
            id=r.seq, user_id=r.user_id, name=r.name, type=r.type, aliases=tuple(aliases.get(r.seq, [])),
            first_seen=r.first_seen, last_seen=r.last_seen, mention_count=r.mention_count,
        )
        for r in rows
    ]


def find_entity(session: Sql, user_id: str, name_or_id: str | int) -> int | None:
    """An entity's seq from its id, a name or alias (by the very key it was stored under, so
    every name ``load_entities`` lists is found: "Crumb & Co" too), an unambiguous nickname or
    a name inside the text ("Lena's" → Lena), or else — for a number no entity is named — its id."""
    if isinstance(name_or_id, int) and not isinstance(name_or_id, bool):
        if not 0 <= name_or_id < 2**63:  # beyond SQL's integers: no entity has that id
            return None
        return session.execute(
            select(EntityRow.seq).where(EntityRow.seq == name_or_id, EntityRow.user_id == user_id)
        ).scalar()
    text = str(name_or_id)
    key = normalize_name(text)
    named = session.execute(ALIASES_NAMED, {"user": user_id, "keys": [key]}).first() if key else None
    if named is not None:
        return int(named[1])
    found = query_entities(session, user_id, text)
    if len(found) == 1:
        return next(iter(found))
    digits = text.strip()
    if not found and digits.isascii() and digits.isdigit() and len(digits) < 19:
        return find_entity(session, user_id, int(digits))
    return None


def mentions_in(session: Sql, episodes: Sequence[int]) -> list[tuple[int, int, str, int]]:
    """(episode, entity, its type, its mention count) of every mention in ``episodes``: one read
    of the candidates' mentions serves both the graph and the answer signals."""
    if not episodes:
        return []
    return [(int(e), int(n), t, int(c)) for e, n, t, c in session.execute(_MENTIONS_IN, {"seqs": episodes}).all()]


def weighted_mentions(mentions: Sequence[tuple[int, int, str, int]], weights: Mapping[int, float]) -> dict[int, float]:
    """Episode → Σ weight of the entities it mentions, for the episodes naming any of them."""
    found: dict[int, float] = {}
    for episode, entity, _, _ in mentions:
        if entity in weights:
            found[episode] = found.get(episode, 0.0) + weights[entity]
    return found


def episodes_naming(
    mentions: Sequence[tuple[int, int, str, int]], types: frozenset[str], *, exclude: set[int], most_mentions: int,
) -> set[int]:
    """Episodes that mention an entity of one of ``types``, other than the ``exclude``d ones
    and those mentioned more than ``most_mentions`` times (speakers)."""
    return {episode for episode, entity, kind, count in mentions
            if kind in types and count <= most_mentions and entity not in exclude}
