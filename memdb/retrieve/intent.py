"""What a query says about time, beyond its words: the periods it names ("last week",
"in May 2023") and whether it asks about the present state of things ("now", "these days")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from memdb.extract import asks_about_state
from memdb.temporal import TimeRange
from memdb.timeexpr import find_time_expressions

# Words asking for the state of things at the reference time. "Recently" and "these days" name
# no period a turn must fall in; they ask for what holds now, so they steer recency and fact
# validity instead of becoming a hard window.
_CURRENT = re.compile(
    r"\b(now|right now|currently|current|these days|nowadays|at the moment|at present|anymore|any more|"
    r"still|lately|recently|latest|today|at the minute|presently|as things stand)\b",
    re.IGNORECASE,
)
# The kind of thing a question asks for (a classic question-answering cue): "which cities has
# John been to" wants turns naming places, wherever John talked about them.
_ANSWER_TYPES = (
    ("place", re.compile(r"\b(where|cit(?:y|ies)|countr(?:y|ies)|places?|locations?|states?|towns?)\b", re.IGNORECASE)),
    ("person", re.compile(r"\b(who|whom|whose|names? of)\b", re.IGNORECASE)),
    # "Where does Maya work" asks for an employer as much as a city.
    ("organization", re.compile(r"\b(where|compan(?:y|ies)|organi[sz]ations?|charit(?:y|ies)|brands?|teams?|employ\w*|"
                                r"colleges?|universit(?:y|ies)|schools?)\b", re.IGNORECASE)),
    # "What pet does Megan have?" by a turn naming an animal, "what does Ray do for a living?" by one
    # naming a trade or a job ("Ray got a job!!"), whatever else the turn says.
    ("animal", re.compile(r"\b(pets?|animals?)\b", re.IGNORECASE)),
    ("occupation", re.compile(r"\b(jobs?|occupation|profession|trade|line\s+of\s+work|do\s+for\s+(?:a\s+)?(?:living|work)|"
                              r"work(?:s|ed)?\s+as)\b", re.IGNORECASE)),
    # "When did Maya start?" is answered by the turn that names a time: "July 15th", "yesterday".
    ("time", re.compile(r"^\W*(?:when|since when|how long ago|(?:what|which) (?:date|day|year|month|time|week)|"
                        r"on what (?:date|day)|in what (?:year|month))(?![\w-])", re.IGNORECASE)),
)
# What was said, or what happened, in a period is told by the turns of that period.
_SAYING = re.compile(r"\b(say|said|says|share|shared|tell|told|mention|mentioned|talk|talked|ask|asked|"
                     r"post|posted|text|texted|write|wrote|happen|happened|happens|occur|occurred)\b", re.IGNORECASE)
# A state asked in the present tense ("where does Maya live?", "who is he dating?", "what's my
# job?") is asked of the reference time, as with "now"; the past tense or a named period is not.
# … or with a verb of a state in the present ("who employs Tom?", "which animal lives with Temi?")
_PRESENT = re.compile(r"\b(?:does|do|is|are|am|has|have|lives|works|employs|keeps|owns|studies|attends|dates|rents|"
                      r"teaches|stays|resides|shares)\b|\w['’](?:s|re|m)\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:did|was|were|had|used to|before|previous(?:ly)?|former(?:ly)?|first|ever|originally|"
                   r"ago|back then|last|earlier)\b", re.IGNORECASE)
_VAGUE = re.compile(r"^(?:in |over |during )?(?:the )?(recently|lately|these days|nowadays|today)$", re.IGNORECASE)


@dataclass(frozen=True)
class QueryIntent:
    text: str                      # the query with its time expressions removed
    ranges: tuple[TimeRange, ...]  # periods the query names
    current: bool                  # asks what holds at the reference time
    answer_types: frozenset[str] = frozenset()  # entity types the answer would be
    about_saying: bool = False     # asks what was said or happened ("what did I tell you …"), not what held
    # Asks what holds at the reference time, said or not: "now", or a state in the present tense
    # ("where does Maya live?"). Only the words (``current``) also ask for the newest turns.
    present: bool = False


def read_intent(query: str, now: datetime, *, parse_time: bool = True, as_of: datetime | None = None) -> QueryIntent:
    """Parse a query's time intent. An ``as_of`` query asks what held then: it is "current" at T."""
    current = bool(_CURRENT.search(query)) or as_of is not None
    present = current or _asks_present_state(query)
    types = frozenset(kind for kind, pattern in _ANSWER_TYPES if pattern.search(query))
    saying = bool(_SAYING.search(query))
    if not parse_time:
        return QueryIntent(query, (), current, types, saying, present)
    found = find_time_expressions(query, now)
    ranges = tuple(r for r in found if not _VAGUE.match(r.text.strip()))
    text = strip_time_expressions(query, found) if found else query
    if ranges and not current:
        present = False  # "where does she live in May 2023" asks of May, not of now
    return QueryIntent(text.strip() or query, ranges, current, types, saying, present)


def _asks_present_state(query: str) -> bool:
    # Not a favourite: "what is her favorite movie?" asks what she ever named, as often as what she names now.
    return bool(_PRESENT.search(query)) and not _PAST.search(query) and asks_about_state(query, preferences=False)


_PREPS = r"in|on|at|during|since|before|after|until|till|from|over|within|for|between|through|throughout"
_PREP_START = re.compile(rf"(?:{_PREPS}|ever|prior|up)\b", re.I)
_DANGLING = re.compile(rf"\b(?:{_PREPS})\s*$", re.I)
_DANGLING_AND = re.compile(r"^(?:and|or)\b\s*|\s*\b(?:and|or)(?=\s*(?:[?.!,;:]|$))", re.I)  # "in May and …?"


def strip_time_expressions(query: str, ranges: Sequence[TimeRange]) -> str:
    """Remove the time expressions (and a preposition left hanging) so the rest can be searched by meaning."""
    spans: list[tuple[int, int]] = []
    for r in ranges:
        s, e = r.span
        if query[s:e] != r.text or not r.text:  # ranges from another query: find the text
            s = query.lower().find(r.text.lower()) if r.text else -1
            if s < 0:
                continue
            e = s + len(r.text)
        spans.append((s, e))
    out, limit = query, len(query)
    for s, e in sorted(set(spans), reverse=True):
        if e > limit:
            continue  # overlaps a span already removed
        left = out[:s]
        if not _PREP_START.match(out, s):
            left = _DANGLING.sub("", left)
        out, limit = left + " " + out[e:], s
    out = " ".join(out.split())
    out = _DANGLING_AND.sub("", out)
    out = re.sub(r"\s+([?.!,;:])", r"\1", out)
    out = re.sub(r"[,;:]+([?.!])", r"\1", out)
    return out.strip(" ,;:")
