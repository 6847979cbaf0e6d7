"""The state shared while one turn is read: its sentences, spans and the facts found so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from memdb.extract.entities import Span
from memdb.extract.text import Sentence


@dataclass(slots=True)
class RawFact:
    subject: str
    obj: Span
    label: str
    exclusive: bool
    sentence: int


@dataclass(slots=True)
class Turn:
    """What the rules need about the turn being read; spans are shared and may be re-typed."""

    speaker: str | None
    sentences: list[Sentence]
    names: list[list[Span]]  # capitalised and date spans, per sentence
    concepts: list[list[Span]]  # noun phrases, per sentence (rules may add more)
    facts: list[RawFact] = field(default_factory=list)
    unconfirmed: dict[str, Span] = field(default_factory=dict)  # subjects awaiting a fact

    def name_at(self, si: int, ti: int) -> Span | None:
        for s in self.names[si]:
            if s.first == ti:
                return s
        return None

    def name_ending(self, si: int, ti: int) -> Span | None:
        for s in self.names[si]:
            if s.last == ti or (s.last == ti + 1 and self.sentences[si].tokens[s.last].text == "'s"):
                return s
        return None

    def concept(self, si: int, span: Span) -> Span:
        """The stored concept for this span (reusing an identical one)."""
        for s in self.concepts[si]:
            if s.start == span.start and s.end == span.end:
                return s
        self.concepts[si].append(span)
        return span


def tok_index(sent: Sentence, pos: int) -> int:
    for i, t in enumerate(sent.tokens):
        if t.start >= pos:
            return i
    return len(sent.tokens)


def as_person(turn: Turn, span: Span) -> str | None:
    """The span's name if it can be a person subject; an unknown name is re-typed person once a
    fact is actually read with it ("Tilly moved to Boston": whoever moves is a person)."""
    if span.type == "person":
        return span.name
    if span.type == "concept" and not span.acronym and span.last - span.first < 3:
        turn.unconfirmed[span.name] = span
        return span.name
    return None


def add_fact(turn: Turn, fact: RawFact) -> None:
    span = turn.unconfirmed.pop(fact.subject, None)
    if span is not None:
        span.type = "person"
    turn.facts.append(fact)


def resolve_pronoun(turn: Turn, si: int, ti: int) -> str | None:
    """he/she → the one other person named earlier in the turn, if there is exactly one."""
    names = {
        s.name
        for j in range(si + 1)
        for s in turn.names[j]
        if s.type == "person" and not s.vocative and s.name != turn.speaker
        and (j < si or s.last < ti)
    }
    return names.pop() if len(names) == 1 else None
