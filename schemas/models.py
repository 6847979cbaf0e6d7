"""The wire contract: request and response bodies of the memdb HTTP API (``/v1``).

Responses mirror the dataclasses of ``memdb.models`` field for field; ``of()`` builds one from the
library's object and ``to_model()`` gives it back, so the server and the Python client convert in
one place. Times travel as ISO 8601 strings (UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from memdb.keys import KeyInfo
from memdb.models import ROLES, Entity, Episode, Fact, Hit
from memdb.temporal import ACCEPTED

MAX_USER_ID_CHARS = 128
MAX_ID_CHARS = 255

Role = Literal["user", "assistant", "system", "tool"]
assert set(ROLES) == {"user", "assistant", "system", "tool"}
UserId = Field(min_length=1, max_length=MAX_USER_ID_CHARS, description="The caller's id of one end user.")


def _time_value(value: Any) -> Any:
    """JSON's true and false are numbers to pydantic, and objects and lists are no time either:
    refused here with the list of what is (the library parses the rest)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PydanticCustomError("time_type", "not a time: use {accepted}", {"accepted": ACCEPTED})
    return value


#: A time: ISO 8601 (``2024-05-01``, ``2024-05-01T13:56:00Z``), a date in words, or epoch seconds
#: (milliseconds beyond ±2e10); see ``memdb.temporal.parse_timestamp``.
TimeValue = Annotated[str | float, BeforeValidator(_time_value)]
FILTER_HELP = ('Only turns whose metadata match, e.g. {"source": "slack", "priority": {"$gte": 2}}: '
               "$eq $ne $gt $gte $lt $lte $in $nin $exists, $and/$or, nested keys.")
#: A time in a response: ISO 8601, read back as an aware UTC datetime like the library's.
Time = Annotated[datetime, AfterValidator(lambda t: t.astimezone(UTC))]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Response(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- requests ---------------------------------------------------------------------------------
class Message(Request):
    """One conversation turn in the common chat shape."""

    role: Role = "user"
    content: str = Field(min_length=1, description="The text of the turn.")
    name: str | None = Field(None, max_length=MAX_ID_CHARS, description="Who spoke (a person's name).")
    timestamp: TimeValue | None = Field(
        None, description="When it was said; default: now. When the server stored it (recorded_at) is the "
                          "server's own clock and cannot be sent.")
    id: str | int | None = Field(None, description="Your id of the turn; re-adding the same id is a no-op.")
    metadata: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_recorded_at(cls, data: Any) -> Any:
        if isinstance(data, dict) and "recorded_at" in data:
            raise ValueError("recorded_at cannot be set: the server records when it stores a turn "
                             "(an audit trail a client could forge is none); give 'timestamp' for when it was said")
        return data


class AddRequest(Request):
    user_id: str = UserId
    session_id: str = Field("default", min_length=1, max_length=MAX_ID_CHARS)
    messages: list[Message] = Field(min_length=1)
    metadata: dict[str, Any] | None = Field(None, description="Merged into every message's metadata.")


class SearchRequest(Request):
    user_id: str = UserId
    query: str = Field(min_length=1)
    k: int = Field(10, ge=1, description="How many hits; at most the server's max_k (100 unless configured).")
    session_id: str | None = Field(None, min_length=1, max_length=MAX_ID_CHARS)
    as_of: TimeValue | None = Field(
        None, description="Search the memory as it stood at this moment of the conversation: turns said by then, "
                          "facts stated and holding then.")
    start: TimeValue | None = Field(None, description="Earliest time a turn was said (inclusive).")
    end: TimeValue | None = Field(None, description="Latest time a turn was said (inclusive).")
    now: TimeValue | None = Field(
        None, description="Anchor of recency, of 'last week' in the query and of what 'current' means; "
                          "default: as_of, else the server's clock.")
    recorded_before: TimeValue | None = Field(
        None, description="Audit: hide what the server stored after this time (its own clock).")
    recipe: str | None = Field(None, description="default, rrf, semantic, lexical, recent or diverse.")
    weights: dict[str, float] | None = Field(None, description="Per-signal weights merged over the recipe's.")
    context: int | None = Field(None, ge=0, le=20, description="Neighbouring turns attached to each hit.")
    mmr_lambda: float | None = Field(None, ge=0, le=1, description="Diversity re-ranking (1 = none).")
    filter: dict[str, Any] | None = Field(None, description=FILTER_HELP)


class KeyRequest(Request):
    tenant: str | None = Field(None, pattern=r"^[a-z0-9-]{1,40}$", description="A new tenant when omitted.")
    name: str = Field(min_length=1, max_length=128)
    admin: bool = False


# -- responses --------------------------------------------------------------------------------
class EpisodeOut(Response):
    id: str
    user_id: str
    session_id: str
    role: str
    name: str | None
    content: str
    occurred_at: Time
    recorded_at: Time
    metadata: dict[str, Any] = {}

    @classmethod
    def of(cls, e: Episode, user_id: str) -> EpisodeOut:
        return cls(id=e.id, user_id=user_id, session_id=e.session_id, role=e.role, name=e.name, content=e.content,
                   occurred_at=e.occurred_at, recorded_at=e.recorded_at, metadata=e.metadata)

    def to_model(self) -> Episode:
        return Episode(**dict(self))


class FactOut(Response):
    id: int
    subject: str
    label: str
    object: str
    fact: str
    valid_at: Time | None
    invalid_at: Time | None
    stated_at: Time
    end_stated_at: Time | None
    recorded_at: Time
    expired_at: Time | None
    episode_ids: list[str] = []

    @classmethod
    def of(cls, f: Fact) -> FactOut:
        return cls(**{**f.__dict__, "episode_ids": list(f.episode_ids)})

    def to_model(self) -> Fact:
        return Fact(**{**dict(self), "episode_ids": tuple(self.episode_ids)})


class EntityOut(Response):
    id: int
    user_id: str
    name: str
    type: str
    aliases: list[str]
    first_seen: Time
    last_seen: Time
    mention_count: int
    facts: list[FactOut] = []

    @classmethod
    def of(cls, e: Entity, user_id: str) -> EntityOut:
        return cls(id=e.id, user_id=user_id, name=e.name, type=e.type, aliases=list(e.aliases),
                   first_seen=e.first_seen, last_seen=e.last_seen, mention_count=e.mention_count,
                   facts=[FactOut.of(f) for f in e.facts])

    def to_model(self) -> Entity:
        facts = tuple(f.to_model() for f in self.facts)
        return Entity(**{**dict(self), "aliases": tuple(self.aliases), "facts": facts})


class HitOut(Response):
    episode: EpisodeOut
    score: float
    scores: dict[str, float]
    signals: dict[str, float] = {}
    context: list[EpisodeOut] = []
    entities: list[str] = []

    @classmethod
    def of(cls, h: Hit, user_id: str) -> HitOut:
        return cls(episode=EpisodeOut.of(h.episode, user_id), score=h.score, scores=h.scores, signals=h.signals,
                   context=[EpisodeOut.of(e, user_id) for e in h.context], entities=list(h.entities))

    def to_model(self) -> Hit:
        return Hit(episode=self.episode.to_model(), score=self.score, scores=self.scores, signals=self.signals,
                   context=tuple(e.to_model() for e in self.context), entities=tuple(self.entities))


class SessionOut(Response):
    session_id: str
    episodes: int
    start: Time
    end: Time


class EpisodeList(Response):
    episodes: list[EpisodeOut]


class HitList(Response):
    hits: list[HitOut]


class EntityList(Response):
    entities: list[EntityOut]


class FactList(Response):
    facts: list[FactOut]


class SessionList(Response):
    sessions: list[SessionOut]


class UserList(Response):
    users: list[str]


class Forgotten(Response):
    user_id: str
    deleted: int = Field(description="Episodes removed.")


class Stats(Response):
    episodes: int
    entities: int
    facts: int
    vectors: int
    users: int | None = Field(None, description="Only when no user_id was given.")


class NodeLinkGraph(Response):
    """networkx node-link JSON: nodes are entities (``id`` = entity id), edges are facts (``key`` = fact id).
    With a ``limit``, ``graph.total_entities`` is how many entities there were before it."""

    model_config = ConfigDict(extra="allow")
    directed: bool = True
    multigraph: bool = True
    graph: dict[str, Any] = {}
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class KeyOut(Response):
    id: int
    tenant: str
    name: str
    prefix: str
    admin: bool
    created_at: Time
    revoked_at: Time | None = None

    @classmethod
    def of(cls, k: KeyInfo) -> KeyOut:
        return cls(**k.__dict__)

    def to_model(self) -> KeyInfo:
        return KeyInfo(**dict(self))


class KeyList(Response):
    keys: list[KeyOut]


class NewKey(Response):
    token: str = Field(description="The secret; shown only here, never again.")
    key: KeyOut


class Health(Response):
    status: str
    version: str


class ErrorDetail(Response):
    code: str = Field(description="invalid_input, not_found, conflict, unauthenticated, forbidden, …")
    message: str
    details: dict[str, Any] = {}


class ErrorBody(Response):
    """Every error answer: ``{"error": {"code", "message", "details"}}``."""

    error: ErrorDetail
