"""What ``MemoryDB.add`` does before it writes: every message is checked, so bad input leaves the
store unchanged, and each turn is read in the context of the turns its session said before it."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, Mapping, Sequence

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from memdb.config import Settings
from memdb.errors import InvalidInputError
from memdb.extract import CONTEXT_TURNS, NO_CONTEXT, Context, Extraction, Extractor
from memdb.extract.gender import genders_told
from memdb.models import ASSISTANT, ROLES, USER, Episode
from memdb.store.expressions import one_of
from memdb.store.schema import AliasRow, EntityRow, EpisodeRow, FactRow, MentionRow
from memdb.temporal import parse_timestamp
from memdb.text import content_hash

KNOWN_PEOPLE = 200
MESSAGE_KEYS = frozenset({"role", "content", "name", "timestamp", "id", "metadata"})
MAX_ID_CHARS = 255


@dataclass(frozen=True)
class NewEpisode(Episode):
    """A validated turn not yet stored."""

    @property
    def embed_text(self) -> str:
        """What is embedded and full-text indexed: the speaker's name gives the turn its subject."""
        return f"{self.name}: {self.content}" if self.name else self.content

    @property
    def text_hash(self) -> str:
        return content_hash(self.embed_text)

    def stored(self) -> Episode:
        """The episode as the store returns it once written."""
        return Episode(**{f.name: getattr(self, f.name) for f in fields(Episode)} | {"metadata": dict(self.metadata)})


def check_id(value: Any, what: str) -> str:
    """A user, session or episode id: a non-empty string of at most 255 printable characters."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInputError(f"{what} must be a string, got {type(value).__name__}", details={"field": what})
    text = str(value).strip()
    if not text:
        raise InvalidInputError(f"{what} must not be empty", details={"field": what})
    if len(text) > MAX_ID_CHARS or any(ord(c) < 32 for c in text):
        raise InvalidInputError(
            f"{what} must be at most {MAX_ID_CHARS} printable characters", details={"field": what}
        )
    return text


def check_metadata(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidInputError(f"{what} must be an object with string keys", details={"field": what})
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{what} must be JSON-serializable: {exc}", details={"field": what}) from exc
    return dict(value)


def validate_messages(
    messages: Any, *, user_id: Any, session_id: Any, metadata: Any, settings: Settings, now: datetime
) -> list[NewEpisode]:
    """Check a batch and return it normalized; raise InvalidInputError naming the first problem."""
    user = check_id(user_id, "user_id")
    session = check_id(session_id, "session_id")
    shared = check_metadata(metadata, "metadata")
    if isinstance(messages, Mapping):
        messages = [messages]
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise InvalidInputError("messages must be a list of {role, content, …} objects")
    if not messages:
        raise InvalidInputError("messages must not be empty")
    if len(messages) > settings.max_batch_messages:
        raise InvalidInputError(
            f"at most {settings.max_batch_messages} messages per call, got {len(messages)}",
            details={"limit": settings.max_batch_messages},
        )
    out: list[NewEpisode] = []
    seen: set[str] = set()
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, Mapping):
            raise InvalidInputError(f"{where} must be an object, got {type(message).__name__}")
        if "recorded_at" in message:  # system time is memdb's own clock: an audit trail callers set is none
            raise InvalidInputError(
                f"{where}.recorded_at cannot be set: memdb records when it stores a turn; give 'timestamp' "
                "for when it was said", details={"field": f"{where}.recorded_at"})
        unknown = set(message) - MESSAGE_KEYS
        if unknown:
            raise InvalidInputError(
                f"{where} has unknown field(s) {sorted(map(str, unknown))}; allowed: {sorted(MESSAGE_KEYS)}"
            )
        role = message.get("role", "user")
        if role not in ROLES:
            raise InvalidInputError(f"{where}.role must be one of {list(ROLES)}, got {role!r}")
        content = message.get("content")
        if not isinstance(content, str) or not content.strip():
            raise InvalidInputError(f"{where}.content must be a non-empty string")
        if len(content) > settings.max_content_chars:
            raise InvalidInputError(
                f"{where}.content has {len(content)} characters; the limit is {settings.max_content_chars}",
                details={"limit": settings.max_content_chars},
            )
        if "\x00" in content:
            raise InvalidInputError(f"{where}.content contains a NUL character")
        name = message.get("name")
        if name is not None:
            name = check_id(name, f"{where}.name")
        episode_id = message.get("id")
        episode_id = uuid.uuid4().hex if episode_id is None else check_id(episode_id, f"{where}.id")
        if episode_id in seen:
            raise InvalidInputError(f"{where}.id {episode_id!r} appears twice in this batch")
        seen.add(episode_id)
        timestamp = message.get("timestamp")
        occurred_at = now if timestamp is None else parse_timestamp(timestamp, field=f"{where}.timestamp")
        out.append(NewEpisode(
            id=episode_id, user_id=user, session_id=session, role=role, name=name,
            content=content.strip(), occurred_at=occurred_at, recorded_at=now,
            metadata={**shared, **check_metadata(message.get("metadata"), f"{where}.metadata")},
        ))
    return out


# The turns of a session said last before a batch, and the people each of them named.
_LAST_TURNS = select(EpisodeRow.seq, EpisodeRow.name, EpisodeRow.content, EpisodeRow.role).where(
    EpisodeRow.user_id == bindparam("user"), EpisodeRow.session_id == bindparam("session"),
    EpisodeRow.occurred_at <= bindparam("before"),
).order_by(EpisodeRow.occurred_at.desc(), EpisodeRow.seq.desc()).limit(CONTEXT_TURNS)
# The people memory knows of the user, latest seen first: a name read without a cue to its type
# ("Will Amara go with him?") is theirs.
_PEOPLE_KNOWN = select(EntityRow.name).where(
    EntityRow.user_id == bindparam("user"), EntityRow.type == "person",
).order_by(EntityRow.last_seen.desc()).limit(KNOWN_PEOPLE)
# … and the other names they go by ("Chi" for Chidi), so "Chi has an offer" opening a sentence is him.
_NICKNAMES_KNOWN = select(AliasRow.alias).join(EntityRow, EntityRow.seq == AliasRow.entity_seq).where(
    AliasRow.user_id == bindparam("user"), EntityRow.type == "person", AliasRow.alias != EntityRow.name,
).order_by(EntityRow.last_seen.desc()).limit(KNOWN_PEOPLE)
# … and the places and organisations, so "little loquat shut" typed in lower case is the café named before.
_THINGS_KNOWN = select(EntityRow.name, EntityRow.type).where(
    EntityRow.user_id == bindparam("user"), EntityRow.type.in_(("organization", "place")),
).order_by(EntityRow.last_seen.desc()).limit(KNOWN_PEOPLE)
_PEOPLE_NAMED = select(MentionRow.episode_seq, MentionRow.surface, EntityRow.name).join(
    EntityRow, EntityRow.seq == MentionRow.entity_seq,
).where(one_of(MentionRow.episode_seq, "seqs"), EntityRow.type == "person")


_SUBJECT, _OBJECT = aliased(EntityRow), aliased(EntityRow)


def _held(label: str) -> Select:
    """Each subject and object (by name) of the ``label`` facts that hold, the latest told last."""
    return select(_SUBJECT.name, _OBJECT.name).select_from(FactRow).join(
        _SUBJECT, _SUBJECT.seq == FactRow.subject_seq).join(_OBJECT, _OBJECT.seq == FactRow.object_seq).where(
        FactRow.user_id == bindparam("user"), FactRow.label == label, FactRow.invalid_at.is_(None),
        FactRow.expired_at.is_(None),
    ).order_by(FactRow.seq)


# Each person's partner while it holds (by name): "we moved to Leeds", said by one, moves both.
_PARTNERS = _held("partner_of")
# Each pet and its owner: "We lost Rex on Sunday" is the loss of the Rex memory knows.
_PETS = _held("has_pet")
# Each person's employer while the job holds: "She's at Argos now" tells a new one.
_JOBS = _held("works_at")
# Each person's home while it holds: "I still live with my gran" is at the gran's.
_HOMES = _held("lives_in")
# Each parent and child, either way round: "Jack's flown the nest" leaves the home of Jack's parent.
_PARENTS, _CHILDREN = _held("parent_of"), _held("child_of")
# Each move planned, with when it takes effect (a plan told without a date holds from when it was told): "sad to
# leave Leeds", said before it, is of the home until then.
_MOVES = _held("moving_to").add_columns(FactRow.valid_at, FactRow.stated_at)


def extract_in_order(session: Session, extractor: Extractor, batch: Sequence[NewEpisode]) -> list[Extraction]:
    """The batch's extractions (in its order), each turn read after the session's turns said
    before it, stored or in the batch: whom a "she" opening a turn can mean."""
    context, addressee = NO_CONTEXT, None
    if batch:
        last = session.execute(_LAST_TURNS, {"user": batch[0].user_id, "session": batch[0].session_id,
                                             "before": min(e.occurred_at for e in batch)}).all()
        named: dict[int, set[tuple[str, str]]] = {seq: set() for seq, _, _, _ in last}
        speakers = {seq: speaker for seq, speaker, _, _ in last}
        # the user an opening assistant's turn speaks to ("Hi! Where are you based?") is the one who answers it
        addressee = next((name for _, name, _, role in last if role == USER and name), None) or next(
            (e.name for e in sorted(batch, key=lambda e: e.occurred_at) if e.role == USER and e.name), None)
        for seq, surface, name in session.execute(_PEOPLE_NAMED, {"seqs": list(named)}) if named else ():
            if surface not in (speakers[seq], addressee):  # a turn's speaker, or the user it answers, is no name in it
                named[seq].add((surface, name))
        people = tuple(frozenset(name for _, name in named[seq]) for seq, _, _, _ in last)
        genders = tuple(genders_told(content, named[seq]) for seq, _, content, _ in last)
        known = [*session.execute(_PEOPLE_KNOWN, {"user": batch[0].user_id}).scalars(),
                 *session.execute(_NICKNAMES_KNOWN, {"user": batch[0].user_id}).scalars()]
        partners: dict[str, str] = {}
        for one, other in session.execute(_PARTNERS, {"user": batch[0].user_id}).all():
            partners[one], partners[other] = other, one  # a couple told either way round, the latest last
        things = session.execute(_THINGS_KNOWN, {"user": batch[0].user_id}).all()
        pets = {pet: owner for owner, pet in session.execute(_PETS, {"user": batch[0].user_id}).all()}
        jobs = dict(session.execute(_JOBS, {"user": batch[0].user_id}).all())
        homes = dict(session.execute(_HOMES, {"user": batch[0].user_id}).all())
        children = {child: parent for parent, child in session.execute(_PARENTS, {"user": batch[0].user_id}).all()}
        children |= dict(session.execute(_CHILDREN, {"user": batch[0].user_id}).all())
        moves = {who: (place, None if valid_at == stated_at else valid_at)
                 for who, place, valid_at, stated_at in session.execute(_MOVES, {"user": batch[0].user_id}).all()}
        context = Context(people, frozenset().union(*people, known), partners, genders,
                          frozenset(name.lower() for name, _ in things),
                          places=frozenset(name.lower() for name, type_ in things if type_ == "place"), pets=pets,
                          jobs=jobs, homes=homes, children=children, moves=moves)
    read: dict[str, Extraction] = {}
    for e in sorted(batch, key=lambda e: e.occurred_at):
        # An assistant's "you" is the user it answers: the last one of the session who gave a name.
        told = context if e.role != ASSISTANT else replace(
            context, addressee=addressee if addressee != e.name else context.addressee, by_assistant=True)
        read[e.id] = extractor.extract(e.content, speaker=e.name, occurred_at=e.occurred_at, context=told)
        context = context.then(read[e.id], speaker=e.name)
        if e.role == USER and e.name:
            addressee = e.name
    return [read[e.id] for e in batch]
