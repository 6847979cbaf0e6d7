"""A pet memory knows, lost in words that only say so because the name is a pet's: "We lost Rex on
Sunday", "RIP Rex", "she's keeping Biscuit" (said of an ex), "the vet put him to sleep". Read
from the pets the user's memory holds (``Context.pets``: name → owner), so the loss is the
owner's, whoever tells it ("Tibbles died last week, Ann is heartbroken")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from memdb.extract import lexicon as lx
from memdb.extract.entities import Span
from memdb.extract.turn import RawFact, Turn, add_fact

# Each way of telling a loss with the name in it, as (the words before the name, the words after it).
_BEFORE = tuple((re.compile(before + r"\Z", re.IGNORECASE), re.compile(after, re.IGNORECASE)) for before, after in (
    # "We lost Rex on Sunday", not "we nearly lost Rex in the woods"
    (r"(?<!nearly\s)(?<!almost\s)\blost\s+", r"(?!\s+(?:in|at|for|on\s+(?:a|the)\s+walk|somewhere)\b)"),
    (r"\b(?:RIP|R\.I\.P\.?|rest\s+in\s+peace,?)\s+", ""),
    # "we don't have Rex any more", "we no longer have Rex" (not "I don't have Rex with me today")
    (r"\bno\s+longer\s+(?:have|own)\s+", ""),
    (r"\b(?:don't|do\s+not|haven't\s+got|have\s+not\s+got)\s+(?:have\s+)?", r"(?=\s+(?:any\s*more|now)\b)"),
    (r"\b(?:put|putting)\s+", r"(?=\s+(?:down|to\s+sleep)\b)"),
    (r"\b(?:gave|give|given|giving|had\s+to\s+give)\s+", r"(?=\s+up\b)"),
    # said of another, an ex most often: "She's keeping Rex", "He took Rex with him", "Mark gets Rex"
    (r"\b(?:she|he|they|(?:my|our|his|her|their)\s+[\w-]+|(?-i:[A-Z])[\w'-]+)"
     r"(?:'s|\s+is|'ll|\s+will|\s+has|'s\s+got)?\s+(?:kept|keeping|keeps|took|taken|taking|gets|got|having)\s+",
     r"(?=\s*(?:[.,;!]|$|with\s+(?:him|her|them)|in\s+the\s+split|and\b|which\b|because\b|since\b))"),
))
# … and the ways told with the name first: "Rex has gone to live with my parents", "Rex went to a new home"
_AFTER = tuple(re.compile(after, re.IGNORECASE) for after in (
    r"\s+(?:has\s+|had\s+)?(?:gone|went|moved)\s+(?:to\s+live\s+with|to\s+(?:a|his|her)\s+new\s+(?:home|family)"
    r"|to\s+a\s+(?:new\s+)?family)\b",
    r"(?:\s+is|'s)\s+(?:gone|no\s+longer\s+with\s+us|not\s+with\s+us\s+any\s*more)\b",
))
# A name ends at a word's end; before the words that follow it, not in an 's ("we don't have Rex's lead" is no loss).
_NAME_END = re.compile(r"\b")
_NAME_END_NOT_OWNING = re.compile(r"\b(?!'s)")
# "…nothing more they could do for Biscuit, and they put him to sleep": the pet named before
_PRONOUN = re.compile(r"\b(?:put|putting)\s+(?:him|her)\s+(?:to\s+sleep|down\b(?=\s*(?:[.,;!]|$|yesterday\b|"
                      r"last\b|this\b|today\b|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)))",
                      re.IGNORECASE)


def _told_lost(text: str, start: int, end: int) -> bool:
    """Does ``text`` tell the loss of the pet named from ``start`` to ``end`` (``_BEFORE``, ``_AFTER``)?"""
    return any(before.search(text, 0, start) and _NAME_END_NOT_OWNING.match(text, end) and after.match(text, end)
               for before, after in _BEFORE) or (
        _NAME_END.match(text, end) is not None and any(after.match(text, end) for after in _AFTER))


def read_pets_lost(turn: Turn, pets: Mapping[str, str]) -> None:
    """The losses of known pets the turn tells; a "lost" the rules read of a known pet (the
    speaker's by default) is its owner's."""
    if not pets:
        return
    owners = {name.lower(): (name, owner) for name, owner in pets.items() if name.lower() not in lx.ANIMALS}
    for f in turn.facts:
        known = owners.get(f.obj.name.lower())
        if f.label == "lost" and f.subject == turn.speaker and known is not None:
            f.subject = known[1]
    told = {(f.obj.name.lower(), f.label) for f in turn.facts}
    for si, sent in enumerate(turn.sentences):
        spans = [s for s in turn.names[si] + turn.concepts[si] if s.name.lower() in owners]
        for span in spans:
            name, owner = owners[span.name.lower()]
            if (name.lower(), "lost") in told:
                continue
            start = span.start - sent.start
            if _told_lost(sent.text, start, start + len(span.text.removesuffix("'s"))):  # a name span may hold its 's
                _lost(turn, si, span, owner)
                told.add((name.lower(), "lost"))
        named = [(k, s) for k in range(max(0, si - 1), si + 1) for s in turn.names[k] if s.name.lower() in owners]
        if named and _PRONOUN.search(sent.text) and len({s.name.lower() for _, s in named}) == 1:
            k, span = named[-1]
            name, owner = owners[span.name.lower()]
            if (name.lower(), "lost") not in told:
                _lost(turn, si, span, owner)  # dated by the sentence telling it ("… put him down yesterday")
                told.add((name.lower(), "lost"))


def _lost(turn: Turn, si: int, span: Span, owner: str) -> None:
    span.type = "person"  # pets are named like people
    k = next(k for k, sent in enumerate(turn.sentences) if sent.start <= span.start < sent.end)
    if span not in turn.names[k]:
        turn.names[k].append(span)
        turn.names[k].sort(key=lambda s: s.start)
    add_fact(turn, RawFact(owner, span, "lost", False, si))
