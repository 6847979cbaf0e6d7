"""Plain data returned by memdb: episodes, entities, facts and search hits. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ROLES = ("user", "assistant", "system", "tool")
USER, ASSISTANT = ROLES[:2]


@dataclass(frozen=True)
class Episode:
    """One conversation turn: when it happened (``occurred_at``) and when memdb learned it
    (``recorded_at``)."""

    id: str
    user_id: str
    session_id: str
    role: str
    name: str | None
    content: str
    occurred_at: datetime
    recorded_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fact:
    """A statement linking two entities, in three times: it held over ``[valid_at, invalid_at)``
    (event time); the conversation stated it at ``stated_at`` and its end at ``end_stated_at``
    (knowledge time: the said time of the turns, what ``as_of`` reads); memdb stored them at
    ``recorded_at`` and ``expired_at`` (system time, for audit). In a view ``as_of`` a time, an
    end not yet stated then is not shown."""

    id: int
    subject: str
    label: str
    object: str
    fact: str
    valid_at: datetime | None
    invalid_at: datetime | None
    stated_at: datetime
    end_stated_at: datetime | None
    recorded_at: datetime
    expired_at: datetime | None
    episode_ids: tuple[str, ...] = ()

    @property
    def is_current(self) -> bool:
        """No end is known (in the view it was read in); an end planned for later counts as known."""
        return self.invalid_at is None


@dataclass(frozen=True)
class Entity:
    """A person, place, organisation … resolved across its aliases."""

    id: int
    user_id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    mention_count: int
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Hit:
    """A search result: the episode, its fused score and the contribution of every signal.

    ``scores`` maps each signal (vector, lexical, graph, recency, time …) to its contribution to
    ``score``; ``signals`` holds the raw, unweighted values they came from.
    """

    episode: Episode
    score: float
    scores: dict[str, float]
    signals: dict[str, float] = field(default_factory=dict)
    context: tuple[Episode, ...] = ()
    entities: tuple[str, ...] = ()
