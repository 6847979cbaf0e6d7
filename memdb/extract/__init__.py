"""The Extractor seam: entities and facts stated in one conversation turn.

``RuleExtractor`` (rules.py) is the offline default; anything with the same ``extract`` method
(an LLM-backed extractor, a test double) can be passed to memdb instead. Name normalisation for
entity resolution lives in ``aliases``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class EntityMention:
    text: str  # surface form as written ("Mel's", "my sister Anna" → "Anna")
    name: str  # display name cleaned (possessive stripped, original case kept: "Mel")
    type: str  # one of ENTITY_TYPES
    start: int  # char offsets of `text` in the episode content (-1 for the speaker itself)
    end: int


@dataclass(frozen=True)
class FactCandidate:
    subject: str  # entity name; first person → the speaker's name
    object: str  # entity name of the object (also in the mentions list)
    label: str  # snake_case relation, read "subject —label→ object" (see patterns.py)
    fact: str  # the sentence the fact was read from, trimmed
    exclusive: bool  # one value at a time per subject+label: a newer object invalidates the older
    valid_at: datetime | None = None  # only when the sentence carries an explicit year/date


@dataclass(frozen=True)
class Extraction:
    entities: tuple[EntityMention, ...]
    facts: tuple[FactCandidate, ...]


ENTITY_TYPES = ("person", "place", "organization", "product", "date", "event", "concept")


class Extractor(Protocol):
    def extract(self, text: str, *, speaker: str | None, occurred_at: datetime) -> Extraction:
        """Entities and facts stated in one conversation turn spoken by `speaker`."""
        ...


from memdb.extract.rules import RuleExtractor

__all__ = [
    "ENTITY_TYPES",
    "EntityMention",
    "Extraction",
    "Extractor",
    "FactCandidate",
    "RuleExtractor",
]
