"""The knowledge graph's write side: resolving mentions to entities, recording facts with their
validity and invalidating contradicted facts (deleting, so nothing dangles: forgetting.py).

All of it runs inside the caller's transaction, under MemoryDB's write lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping, Protocol, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from memdb.extract import EntityMention, FactCandidate, world_towns
from memdb.extract.aliases import alias_keys, is_nickname_of, normalize_name, pet_form_of
from memdb.extract.lexicon import (
    ABSENCES, CALLED_OFF, DIET_EXCLUDES, EXCLUSIVE, HELD_BEFORE, KINSHIP, TOLD_WITH, kin_pattern,
)
from memdb.extract.names import is_first_name
from memdb.extract.patterns import ENDING_LABELS
from memdb.extract.phrases import SCHOOL_NAME
from memdb.extract.places import PLACES
from memdb.fact_ends import ends_at, refresh_end_stated, reopen
from memdb.store.schema import EntityRow
from memdb.store.writer_sql import (  # the statements this writer runs
    ALIASES_NAMED, CURRENT_FACTS, CURRENT_FACTS_TOLD_BACKWARDS, CURRENT_OBJECTS, CURRENT_OBJECTS_ENDABLE,
    CURRENT_SUBJECTS, ENTITY_CHANGED, ENTITY_NAME, ENTITY_STATES, ENTITY_TYPE, EVER_STATED, FACT_ENDED,
    FACT_STATED_FROM, FACT_VALID_FROM, NEW_ALIAS, NEW_ENTITY, NEW_FACT, NEW_MENTION, NEW_SOURCE, PENDING,
    SOURCES, SOURCE_EXISTS,
)

# Entity types kept in the graph. Dates are time, not things: they become time filters instead.
# The assistant speaking in a conversation is not one of the people of the user's life.
ASSISTANT = "assistant"
GRAPH_TYPES = frozenset({"person", "place", "organization", "product", "event", "concept", ASSISTANT})
# Types whose names are merged with an existing entity by embedding similarity (not concepts:
# "support group" and "cancer support group" are near in meaning but different things).
_SIMILARITY_TYPES = frozenset({"person", "place", "organization", "product", "event"})
# Types of a name that may be an organisation's name shortened ("Whitcomb": read as a concept alone).
_SHORTENED = frozenset({"organization", "concept"})
# "Sam's sister": a relative named from the owner's side (extract/kinship.py)
_UNNAMED_KIN = re.compile(r"^(?P<owner>.+)'s (?P<kin>(?:best )?[\w-]+)$")  # "Sam's sister", "Sam's best friend"
# A couple is one fact told from either side: "Gary's girlfriend Tammy", later "she left him".
SYMMETRIC = frozenset(("partner_of",))
# Being somewhere one said one was moving to is the move done; else it is no lasting fact.
ARRIVED = "arrived_in"


def _an_unknown_place(name: str) -> bool:
    """A place of several words no list knows ("Cumberland Valley"), which may be a firm's name cut short ("her job
    at Cumberland Valley": Cumberland Valley Hospital) — never "Leeds" of Leeds Beckett University."""
    low = " ".join(name.lower().split())
    return len(low.split()) > 1 and low not in PLACES and low not in world_towns.load()


def _vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.float32)


class Said(Protocol):
    """Who said a turn: its role and name (a NewEpisode)."""

    role: str
    name: str | None


@dataclass
class _Known:
    seq: int
    name: str
    type: str
    vector: np.ndarray | None


@dataclass(frozen=True)
class _CurrentFact:
    seq: int
    object_seq: int
    valid_at: datetime | None
    stated_at: datetime
    recorded_at: datetime


# How long after leaving a home the place one is in counts as the new home, if none was named
_SETTLING = timedelta(days=120)


@dataclass
class _EntityState:
    """An entity's row as this batch changes it; written back once, in bulk, by ``flush``."""

    name: str
    first_seen: datetime
    last_seen: datetime
    mention_count: int
    dirty: bool = False


class KnowledgeWriter:
    """Resolves and records one batch's entities and facts for one user.

    Works per batch, not per mention: ``prefetch`` looks up every alias the batch names in one
    query, entity counters and first/last-seen times change in memory, and ``flush`` writes
    mentions, aliases and entity updates in bulk. Call ``prefetch`` first and ``flush`` last.
    """

    def __init__(
        self, session: Session, user_id: str, *, name_vectors: Mapping[str, np.ndarray],
        similarity: float,
    ) -> None:
        self._connection = session.connection()
        self.user_id = user_id
        self.name_vectors = name_vectors  # normalized name → vector, embedded before the lock
        self.similarity = similarity
        self._by_key: dict[str, int | None] = {}  # alias key → entity seq (None: known to be free)
        self._by_type: dict[str, list[_Known]] = {}
        self._state: dict[int, _EntityState] = {}
        self._new_aliases: list[dict[str, Any]] = []
        self._mentions: list[dict[str, Any]] = []

    # -- entities -------------------------------------------------------------------------
    def prefetch(self, mentions: Iterable[EntityMention]) -> None:
        """Look up, in one go, every alias key the batch's mentions could resolve through."""
        keys = sorted({k for m in mentions if m.type in GRAPH_TYPES for k in alias_keys(m.name, m.type)}
                      - self._by_key.keys())
        if keys:
            self._by_key.update(self._connection.execute(ALIASES_NAMED, {"user": self.user_id, "keys": keys}).all())
        for key in keys:
            self._by_key.setdefault(key, None)
        self._load_states({seq for seq in self._by_key.values() if seq is not None})

    def _load_states(self, seqs: set[int]) -> None:
        missing = seqs - self._state.keys()
        if missing:
            for seq, name, first, last, count in self._connection.execute(ENTITY_STATES, {"seqs": missing}):
                self._state[seq] = _EntityState(name, first, last, count)

    def _lookup(self, keys: Sequence[str]) -> int | None:
        if any(key not in self._by_key for key in keys):  # not prefetched: look up now
            self.prefetch([EntityMention(k, k, "concept", -1, -1) for k in keys if k not in self._by_key])
        for key in keys:
            seq = self._by_key.get(key)
            if seq is not None:
                self._load_states({seq})
                return seq
        return None

    def _candidates(self, type_: str) -> list[_Known]:
        if type_ not in self._by_type:
            rows = self._connection.execute(
                select(EntityRow.seq, EntityRow.name, EntityRow.type, EntityRow.embedding).where(
                    EntityRow.user_id == self.user_id, EntityRow.type == type_
                )
            ).all()
            self._by_type[type_] = [_Known(s, n, t, _vector(v)) for s, n, t, v in rows]
        return self._by_type[type_]

    def _match_nickname(self, name: str) -> int | None:
        tokens = name.split()
        if len(tokens) != 1:
            return None
        # "Mel" after Melanie; and "Jordan" after "Jordo", a pet form (not "Samantha" after "Sam": a
        # plain short name may be someone else's)
        matches = {k.seq for k in self._candidates("person") if is_nickname_of(tokens[0], k.name.split()[0])
                   or pet_form_of(k.name.split()[0].lower(), tokens[0].lower())}
        if not matches and not is_first_name(tokens[0].lower()):
            # "Okafor's started at Jacobs", after "my friend Dan Okafor": the one person of that surname
            matches = {k.seq for k in self._candidates("person")
                       if len(k.name.split()) > 1 and k.name.split()[-1].lower() == tokens[0].lower()}
        return matches.pop() if len(matches) == 1 else None

    def _match_shortened(self, name: str) -> int | None:
        """The one organisation whose name starts with ``name``'s words: "my last day at Whitcomb"
        is Whitcomb Elementary, "Quillsoft" Quillsoft Technologies."""
        words = name.lower().split()
        matches = {k.seq for k in self._candidates("organization")
                   if len(k.name.split()) > len(words) and k.name.lower().split()[:len(words)] == words}
        return matches.pop() if len(matches) == 1 else None

    def _match_similar(self, key: str, type_: str) -> int | None:
        vector = self.name_vectors.get(key)
        if vector is None or type_ not in _SIMILARITY_TYPES:
            return None
        best, best_seq = self.similarity, None
        for known in self._candidates(type_):
            if known.vector is not None:
                score = float(known.vector @ vector)
                if score >= best:
                    best, best_seq = score, known.seq
        return best_seq

    def resolve(self, name: str, type_: str, at: datetime, recorded_at: datetime, *,
                another: bool = False) -> int | None:
        """The entity ``name`` refers to, created if new; None for names that normalize to nothing.
        ``another``: a full name declared not to be whom memory knows by its first name ("the
        other Tom, Tom Ogunleye"), found by the full name only."""
        keys = alias_keys(name, type_)
        if not keys:
            return None
        named = self._named_kin(name) if type_ == "person" else None
        if named is not None:
            return named
        seq = self._lookup(keys[:1] if another else keys)
        if seq is None and type_ == "person" and not another:
            seq = self._match_nickname(name)
        if seq is None and (type_ in _SHORTENED or type_ == "place" and _an_unknown_place(name)):
            seq = self._match_shortened(name)
        if seq is None and not another and not _UNNAMED_KIN.match(name):
            seq = self._match_similar(keys[0], type_)  # "Sam's wife" is near "Sam's husband" in meaning only
        if seq is None:
            vector = self.name_vectors.get(keys[0])
            seq = self._connection.execute(NEW_ENTITY, {
                "user_id": self.user_id, "name": name, "type": type_, "first_seen": at, "last_seen": at,
                "recorded_at": recorded_at, "mention_count": 0,
                "embedding": None if vector is None else np.asarray(vector, np.float32).tobytes(),
            }).scalar_one()
            self._state[seq] = _EntityState(name, at, at, 0)
            if type_ in self._by_type:  # loaded for matching: later names of this batch see it
                self._by_type[type_].append(_Known(seq, name, type_, vector))
        else:
            self._load_states({seq})
            state = self._state[seq]
            # A full name seen after the first name alone becomes the display name.
            if (type_ == "person" and len(name.split()) > 1 and len(name) > len(state.name)
                    and name.lower().startswith(state.name.lower().split()[0])):
                state.name, state.dirty = name, True
        for key in keys:
            if self._by_key.get(key) is None:
                self._new_aliases.append({"user_id": self.user_id, "key": key, "alias": name, "entity_seq": seq})
                self._by_key[key] = seq
        return seq

    def _named_kin(self, name: str) -> int | None:
        """"Sam's sister" (an unnamed "my sister") is the one sister Sam named ("my sister Priya")
        while that still holds: the fact saying so, current, with the kin word in its words."""
        m = _UNNAMED_KIN.match(name)
        label = KINSHIP.get(m.group("kin").lower().removeprefix("best ")) if m else None
        if m is None or label is None:
            return None
        owner = self._lookup(alias_keys(m.group("owner"), "person"))
        if owner is None:
            return None
        if label in SYMMETRIC:  # one partner at a time: "Priya's husband" is hers, whatever word told it
            return self._partner(owner)
        words = kin_pattern(m.group("kin"))
        kin = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)  # "my bro": the one named "my brother Dan"
        told = [(obj, text, obj_name) for obj, text, obj_name in self._connection.execute(CURRENT_OBJECTS, {
            "user": self.user_id, "subject": owner, "label": label}) if kin.search(text) and not _UNNAMED_KIN.match(obj_name)]
        found = {obj for obj, _, _ in told}
        if len(found) > 1:  # "my mum, Ngozi, and my dad, Emmanuel": the name told right after the word
            found = {obj for obj, text, obj_name in told if re.search(
                rf"\b(?:{words}),?\s+(?:(?:is|was|called|named)\s+)?{re.escape(obj_name.split()[0])}\b",
                text, re.IGNORECASE)}
        if len(found) != 1:
            # "Denise's brother-in-law", never named so: the one named partner of a sibling of hers
            return self._in_law(owner) if not found and m.group("kin").lower().endswith("-in-law") else None
        seq = found.pop()
        self._load_states({seq})
        return seq

    def _partner(self, owner: int) -> int | None:
        """The one named partner memory holds for ``owner`` ("Priya is married to Raj"), either way round."""
        return self._the_one_named(self._related(owner, "partner_of"))

    def _in_law(self, owner: int) -> int | None:
        """"Denise's brother-in-law" is the one named partner of a sibling of hers, or sibling of
        her partner, that memory knows of ("my sister Lori", "Lori's husband Ray": Ray)."""
        found = {p for s in self._related(owner, "sibling_of") for p in self._related(s, "partner_of")}
        found |= {s for p in self._related(owner, "partner_of") for s in self._related(p, "sibling_of")}
        found.discard(owner)
        return self._the_one_named(found)

    def _related(self, person: int, label: str) -> set[int]:
        """Whom ``person`` holds a current ``label`` fact with, told either way round."""
        told = {"user": self.user_id, "subject": person, "label": label}
        return ({obj for obj, _, _ in self._connection.execute(CURRENT_OBJECTS, told)}
                | {row.subject_seq for row in self._connection.execute(CURRENT_FACTS_TOLD_BACKWARDS, told)})

    def _the_one_named(self, found: set[int]) -> int | None:
        """The one of ``found`` memory knows by a name (not an unnamed "Sam's sister"), its states loaded."""
        named = {seq for seq in found
                 if not _UNNAMED_KIN.match(self._connection.execute(ENTITY_NAME, {"entity": seq}).scalar() or "")}
        if len(named) != 1:
            return None
        seq = named.pop()
        self._load_states({seq})
        return seq

    def record_mentions(
        self, episode_seq: int, mentions: Sequence[EntityMention], at: datetime, recorded_at: datetime,
        *, said_by: Said | None = None,
    ) -> dict[str, int]:
        """Resolve and record an episode's mentions; returns name → entity seq for its facts.
        The speaker of an assistant's turn (a mention at -1 of its name) is typed the assistant; the
        user it answers, told of by its "you" (a mention at -1 too), is not."""
        resolved: dict[str, int] = {}
        recorded: dict[int, dict[str, Any]] = {}  # entity → its mention row of this episode
        for mention in mentions:
            if mention.type not in GRAPH_TYPES:
                continue
            speaking = said_by is not None and said_by.role == ASSISTANT and mention.name == said_by.name
            type_ = ASSISTANT if speaking and mention.start < 0 else mention.type
            seq = self.resolve(mention.name, type_, at, recorded_at, another=mention.another)
            if seq is None:
                continue
            name = " ".join(mention.name.split())[:120]
            if seq in recorded:  # named again, maybe otherwise ("Lena", then "Lena Smith")
                names = recorded[seq]["names"].split("\n")
                if name not in names:
                    recorded[seq]["names"] = "\n".join([*names, name])[:256]
            else:
                recorded[seq] = {"episode_seq": episode_seq, "entity_seq": seq, "surface": mention.text[:256],
                                 "names": name}
                self._mentions.append(recorded[seq])
                state = self._state[seq]
                state.mention_count += 1
                state.first_seen, state.last_seen = min(state.first_seen, at), max(state.last_seen, at)
                state.dirty = True
            resolved[mention.name] = seq
            if mention.nickname:  # "Chidi, whom everyone calls Chi": "Chi" is Chidi from now on
                for key in alias_keys(mention.text, "person"):
                    if self._by_key.get(key) is None:
                        self._new_aliases.append({"user_id": self.user_id, "key": key, "alias": mention.text,
                                                  "entity_seq": seq})
                        self._by_key[key] = seq
        return resolved

    def flush(self) -> None:
        """Write the batch's mentions, new aliases and entity changes, in bulk."""
        if self._new_aliases:
            self._connection.execute(NEW_ALIAS, self._new_aliases)
        if self._mentions:
            self._connection.execute(NEW_MENTION, self._mentions)
        changed = [
            {"entity": seq, "name": st.name, "first_seen": st.first_seen, "last_seen": st.last_seen,
             "mention_count": st.mention_count}
            for seq, st in self._state.items() if st.dirty
        ]
        if changed:
            self._connection.execute(ENTITY_CHANGED, changed)
        self._new_aliases, self._mentions = [], []
        for st in self._state.values():
            st.dirty = False

    # -- facts ----------------------------------------------------------------------------
    def record_fact(
        self, candidate: FactCandidate, entities: Mapping[str, int], episode_seq: int,
        at: datetime, recorded_at: datetime,
    ) -> None:
        subject, obj = entities.get(candidate.subject), entities.get(candidate.object)
        if candidate.label == CALLED_OFF:
            if subject is not None:
                self._call_off(candidate, subject, None if candidate.unnamed else obj, episode_seq, at, recorded_at)
            return
        if candidate.unnamed and candidate.label == ARRIVED:  # "Greetings from the new flat!": the one move planned
            plans = self._current(subject, "moving_to") if subject is not None else []
            if len(plans) == 1:
                name = self._connection.execute(ENTITY_NAME, {"entity": plans[0].object_seq}).scalar()
                self.record_fact(replace(candidate, object=name, unnamed=False), {**entities, name: plans[0].object_seq},
                                 episode_seq, at, recorded_at)
            return
        if candidate.unnamed:  # "I'm single again", "I quit my job": what the subject has now ends
            for obj, name in self._unnamed_objects(subject, candidate, at) if subject is not None else ():
                self.record_fact(replace(candidate, object=name, unnamed=False), {**entities, name: obj},
                                 episode_seq, at, recorded_at)
            return
        if subject is None or obj is None or subject == obj:
            return
        if candidate.label == "studied_at" and self._ever_stated(subject, "works_at", obj):
            candidate = replace(candidate, label="left")  # "finishing at Thornwood Primary", where she teaches
        elif candidate.label in ("left", "quit") and self._ever_stated(subject, "studies_at", obj) and not \
                self._ever_stated(subject, "works_at", obj):
            candidate = replace(candidate, label="studied_at")  # "Amara has left St Olave's", where she studies
        elif candidate.label == "works_at" and SCHOOL_NAME.search(candidate.object) and self._current(
                subject, "studies_at") and not self._ever_stated(subject, "works_at", obj):
            candidate = replace(candidate, label="studies_at")  # "Leo started at Elm High", a pupil of Oak Academy
        if candidate.label == ARRIVED:
            if not any(f.object_seq == obj for f in self._current(subject, "moving_to")) and not self._between_homes(
                    subject, candidate.valid_at or at):
                return  # being somewhere, no lasting fact
            # "I'm moving to Edinburgh!", later "Hello from Edinburgh!": the move happened; so it did where
            # one arrives just after leaving a home with no new one named ("You're in Lochee now").
            candidate = replace(candidate, label="lives_in", exclusive=True)
        valid_at = candidate.valid_at or at
        run = self._connection.execute
        current = self._current(subject, candidate.label)  # also what a new exclusive fact supersedes
        same = next((f for f in current if f.object_seq == obj), None)
        if same is not None:  # restated: one more source; the earliest validity and statement win
            if run(SOURCE_EXISTS, {"fact": same.seq, "episode": episode_seq}).first() is None:
                run(NEW_SOURCE, {"fact_seq": same.seq, "episode_seq": episode_seq})
            if same.valid_at is None or valid_at < same.valid_at:
                run(FACT_VALID_FROM, {"target": same.seq, "valid_at": valid_at})
            if at < same.stated_at:  # an imported turn said before the first one known
                run(FACT_STATED_FROM, {"target": same.seq, "at": at})
                refresh_end_stated(self._connection, [same.seq])
            return
        fact = self._new_fact(candidate, subject, obj, candidate.label, episode_seq, valid_at=valid_at, at=at,
                              recorded_at=recorded_at, exclusive=candidate.exclusive)
        ended = ENDING_LABELS.get(candidate.label, ())
        if candidate.exclusive:
            # values told in one turn hold together ("I live in Lisbon, in a flat in Graça"), unless the
            # turn dates the new one later ("Angela's been our school secretary …, she'll take over as
            # office manager July 1st")
            earlier = [f for f in current if f.valid_at is not None and f.valid_at < fact.valid_at
                       or run(SOURCE_EXISTS, {"fact": f.seq, "episode": episode_seq}).first() is None]
            self._supersede(fact, earlier, subject, candidate.label)
            for absence in ABSENCES.get(candidate.label, ()):  # single no more: a breakup is history
                for other in self._current(subject, absence):
                    self._finish_if_after(other, fact)
        if candidate.label in ("lives_in", "moving_to"):
            # a home, or a new plan, settles the plans of a move told before: done or dropped
            for plan in self._current(subject, "moving_to"):
                if (plan.seq != fact.seq and plan.valid_at is not None and plan.valid_at <= fact.valid_at
                        and run(SOURCE_EXISTS, {"fact": plan.seq, "episode": episode_seq}).first() is None):
                    self._finish(plan, fact)
        for label in ended:
            self._end(fact, subject, label)
        held, kind = HELD_BEFORE.get(candidate.label, (None, None))
        if held is not None and (kind is None or run(ENTITY_TYPE, {"entity": obj}).scalar() == kind) and not \
                self._ever_stated(subject, held, obj):
            before = self._new_fact(candidate, subject, obj, held, episode_seq, valid_at=None, at=at,
                                    recorded_at=recorded_at, exclusive=held in EXCLUSIVE)
            self._finish(before, fact)
        if candidate.label == "eats":
            for diet in self._end_diets_excluding(fact, subject, candidate.object):
                # the end told as what it is: eating fish again, one is vegetarian no more
                self._new_fact(candidate, subject, diet, "stopped_diet", episode_seq, valid_at=valid_at, at=at,
                               recorded_at=recorded_at)

    def _new_fact(self, candidate: FactCandidate, subject: int, obj: int, label: str, episode_seq: int, *,
                  valid_at: datetime, at: datetime, recorded_at: datetime, exclusive: bool = False) -> _CurrentFact:
        """A fact stored as the turn ``episode_seq`` states it, with that turn as its first source."""
        run = self._connection.execute
        seq = run(NEW_FACT, {
            "user_id": self.user_id, "subject_seq": subject, "object_seq": obj, "label": label, "fact": candidate.fact,
            "exclusive": exclusive, "valid_at": valid_at, "stated_at": at, "recorded_at": recorded_at,
        }).scalar_one()
        run(NEW_SOURCE, {"fact_seq": seq, "episode_seq": episode_seq})
        return _CurrentFact(seq, obj, valid_at, at, recorded_at)

    def _ever_stated(self, subject: int, label: str, obj: int) -> bool:
        """Whether any fact of ``label`` links the two, held or ended (a couple either way round)."""
        pairs = [(subject, obj), (obj, subject)] if label in SYMMETRIC else [(subject, obj)]
        return any(self._connection.execute(EVER_STATED, {"user": self.user_id, "subject": s, "label": label,
                                                           "object": o}).first() for s, o in pairs)

    def _call_off(self, candidate: FactCandidate, subject: int, obj: int | None, episode_seq: int, at: datetime,
                  recorded_at: datetime) -> None:
        """A plan called off: each fact still to come (of ``obj``, or any when the turn names none)
        ends where it would have begun — it never held — and what it would have ended holds on. The
        call is stored as a fact (subject —called_off→ the plan's object) that did the ending, so
        deleting its turn undoes it."""
        pending = [_CurrentFact(*row) for row in self._connection.execute(
            PENDING, {"user": self.user_id, "subject": subject, "at": at}) if obj is None or row.object_seq == obj]
        calls: dict[int, _CurrentFact] = {}
        for plan in pending:
            if plan.object_seq not in calls:
                calls[plan.object_seq] = self._new_fact(candidate, subject, plan.object_seq, CALLED_OFF, episode_seq,
                                                        valid_at=at, at=at, recorded_at=recorded_at)
            reopen(self._connection, [plan.seq])
            self._finish(plan, calls[plan.object_seq], at=plan.valid_at)

    def _between_homes(self, subject: int, at: datetime) -> bool:
        """Has the subject left a home lately (a move out told, its date passed) with no home held since?"""
        if self._current(subject, "lives_in"):
            return False
        return any(f.valid_at is not None and at - _SETTLING <= f.valid_at <= at
                   for f in self._current(subject, "moved_out_of"))

    def _unnamed_objects(self, subject: int, candidate: FactCandidate, at: datetime) -> list[tuple[int, str]]:
        """The objects an end told without naming them means: the subject's current ones of the
        state the label ends (its partners for "I'm single again"); of pets, the one pet whose
        statement names the animal ("our cat died" is the cat, and which cat must be clear)."""
        found: dict[int, str] = {}
        for label in ENDING_LABELS.get(candidate.label, ()):
            told = {"user": self.user_id, "subject": subject, "label": label, "said": at}
            rows = [*self._connection.execute(CURRENT_OBJECTS_ENDABLE, told),
                    *(self._connection.execute(CURRENT_SUBJECTS, told) if label in SYMMETRIC else ())]
            for seq, text, name in rows:
                if not candidate.object or re.search(rf"\b{re.escape(candidate.object)}s?\b", text, re.IGNORECASE):
                    found.setdefault(seq, name)
        if candidate.object and len(found) > 1:
            return []
        return [(seq, name) for seq, name in found.items() if seq != subject]

    def _current(self, subject: int, label: str) -> list[_CurrentFact]:
        """The subject's facts of ``label`` that hold, each with its other party as the object
        (a couple told the other way round too)."""
        told = {"user": self.user_id, "subject": subject, "label": label}
        return [_CurrentFact(*row) for row in (
            *self._connection.execute(CURRENT_FACTS, told),
            *(self._connection.execute(CURRENT_FACTS_TOLD_BACKWARDS, told) if label in SYMMETRIC else ()))]

    def _supersede(self, fact: _CurrentFact, current: list[_CurrentFact], subject: int, label: str) -> None:
        """A newer value of a one-at-a-time label ends the older ones (``current``: its facts
        still valid before ``fact``); an older statement that arrives late is itself ended by
        the newer value already known; a title told shorter ("supervisor" after "shift supervisor") is the same one."""
        for other in current:
            if other.object_seq == fact.object_seq or label == "works_as" and self._words(fact) <= self._words(other):
                continue
            if self._finish_if_after(other, fact):
                self._end_told_with(other, fact, subject, label)
            else:
                self._finish(fact, other, at=other.valid_at)

    def _words(self, fact: _CurrentFact) -> set[str]:
        return set(normalize_name(self._connection.execute(ENTITY_NAME, {"entity": fact.object_seq}).scalar() or "").split())

    def _end_told_with(self, ended: _CurrentFact, by: _CurrentFact, subject: int, label: str) -> None:
        """A role told together with its employer ("I'm the head baker at Crumb & Co") ends
        with the job, unless a newer role was already told."""
        companion = TOLD_WITH.get(label)
        if companion is None:
            return
        sources = set(self._connection.execute(SOURCES, {"fact": ended.seq}).scalars())
        for role in self._current(subject, companion):
            if sources & set(self._connection.execute(SOURCES, {"fact": role.seq}).scalars()):
                self._finish_if_after(role, by)

    def _end_diets_excluding(self, fact: _CurrentFact, subject: int, food: str) -> list[int]:
        """Eating fish again ends being vegetarian: a diet ends when its subject eats what it
        excludes. Returns the diets (entities) ended."""
        eaten = normalize_name(food)
        ended = []
        for diet in self._current(subject, "diet"):
            name = self._connection.execute(ENTITY_NAME, {"entity": diet.object_seq}).scalar()
            if name and eaten in DIET_EXCLUDES.get(normalize_name(name), frozenset()):
                self._finish(diet, fact)
                ended.append(diet.object_seq)
        return ended

    def _end(self, fact: _CurrentFact, subject: int, label: str) -> None:
        for other in self._current(subject, label):
            if other.object_seq == fact.object_seq and self._finish_if_after(other, fact):
                self._end_told_with(other, fact, subject, label)
                companion = TOLD_WITH.get(label)
                if companion is not None and not self._current(subject, label):
                    # out of work, no employer left: the role goes too ("we all got made redundant")
                    for role in self._current(subject, companion):  # a role told with the end goes on
                        if role.stated_at < fact.stated_at:
                            self._finish_if_after(role, fact)

    def _finish_if_after(self, ended: _CurrentFact, by: _CurrentFact) -> bool:
        """``by`` ends ``ended`` if it came after it (``fact_ends.ends_at``); whether it did."""
        at = ends_at(ended, by)
        if at is not None:
            self._finish(ended, by, at=at)
        return at is not None

    def _finish(self, ended: _CurrentFact, by: _CurrentFact, *, at: datetime | None = None) -> None:
        """``ended`` stops holding (event time) at ``at``, by default when ``by`` starts; memory
        learns it once it knows both — in the conversation (knowledge time) and in the database
        (system time); ``by`` is kept so deleting it undoes this."""
        self._connection.execute(FACT_ENDED, {
            "target": ended.seq, "invalid_at": at or by.valid_at, "end_stated_at": max(by.stated_at, ended.stated_at),
            "expired_at": max(by.recorded_at, ended.recorded_at), "invalidated_by": by.seq,
        })


def name_keys_to_embed(session: Session, user_id: str, mentions: Iterable[EntityMention]) -> list[str]:
    """Normalized names of mentions not yet known by any alias: only they need a name vector."""
    keys = {normalize_name(m.name) for m in mentions if m.type in _SIMILARITY_TYPES}
    keys.discard("")
    if not keys:
        return []
    known = {key for key, _ in session.connection().execute(ALIASES_NAMED, {"user": user_id, "keys": keys})}
    return sorted(keys - known)
