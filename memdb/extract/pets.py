"""A pet memory knows, lost in words that only say so because the name is a pet's: "We lost Rex on
Sunday", "RIP Rex", "she's keeping Biscuit" (said of an ex), "the vet put him to sleep". Read
from the pets the user's memory holds (``Context.pets``: name → owner), so the loss is the
owner's, whoever tells it ("Tibbles died last week, Ann is heartbroken")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from memdb.extract import lexicon as lx
from memdb.extract.entities import Span
from memdb.extract.turn import RawFact, Turn, add_fact, tok_index

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


# The words of a pet's end, wherever the name stands: a death, a loss, a new home ("had to have biscuit put to
# sleep", "luna got hit by a car", "pepper legged it on the heath", "sold spike to a reptile guy", "bess has gone
# to a farm in wales", "frank didn't make it through the op")
_GONE = re.compile(
    r"\b(?:died|dead|passed(?:\s+away|\s+on)?|put\s+(?:down|to\s+sleep)|pts|(?:didn't|did\s+not|never)\s+make\s+it"
    r"|hit\s+by\s+a\s+(?:car|van|bus|lorry|truck)|run\s+over|ran\s+(?:away|off)|legged\s+it|bolted|escaped"
    r"|(?:gone|went)\s+missing|flew\s+(?:off|away|out)|rainbow\s+bridge|rehom(?:e|ed|ing)|new\s+(?:home|family|owners?)"
    r"|sold|given\s+away|gave\s+(?:him|her|them)\s+away|(?:gone|went)\s+to\s+(?:a|live|stay)\b|lost|RIP|R\.I\.P"
    r"|no\s+longer\s+with\s+us|is\s+no\s+more|put\s+(?:him|her)\s+to\s+sleep|buried|stolen|carried\s+(?:\w+\s+)?away"
    # a new home: "Banjo's living with my cousin Trish now", "Rusty's gone to his cousin's farm", "moved himself in with
    # the Hendersons", "Simba has gone to my friend Rhea's place"
    r"|(?:gone\s+to|at)\s+(?:(?:a|the|his|her|their|my|our)\s+)?(?:[\w'-]+\s+){0,2}(?:farm|rescue|shelter|sanctuary|place|house)"
    r"|(?:is|'s)\s+(?:now\s+)?(?:living|staying)\s+with|(?:now\s+)?lives\s+with|moved\s+(?:himself\s+|herself\s+)?in\s+with"
    r"|let\s+[\w'-]+\s+go|(?:nobody|no\s*one)(?:'s|\s+has)\s+seen|not\s+coming\s+(?:home|back))\b",
    re.IGNORECASE)
# … unless it is a scare that ended well ("nearly lost Rex", "Rex ran off but we found him", "on the mend")
_SPARED = re.compile(r"\b(?:nearly|almost|thought\s+we|scare|found\s+(?:him|her|them)|came\s+back|turned\s+up|(?:is|'s)\s+back"
                     r"|recover(?:ed|ing|s)?|on\s+the\s+mend|pulled\s+through|fine\s+now|ok(?:ay)?\s+now|better\s+now"
                     r"|home\s+safe|if|worried|scared|afraid)\b", re.IGNORECASE)


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
        _lost_by_its_words(turn, si, owners, told)
        named = [(k, s) for k in range(max(0, si - 1), si + 1) for s in turn.names[k] if s.name.lower() in owners]
        if named and _PRONOUN.search(sent.text) and len({s.name.lower() for _, s in named}) == 1:
            k, span = named[-1]
            name, owner = owners[span.name.lower()]
            if (name.lower(), "lost") not in told:
                _lost(turn, si, span, owner)  # dated by the sentence telling it ("… put him down yesterday")
                told.add((name.lower(), "lost"))


def _lost_by_its_words(turn: Turn, si: int, owners: Mapping[str, tuple[str, str]], told: set[tuple[str, str]]) -> None:
    """The one known pet a sentence names, in any case, lost where the sentence tells an end of a pet's."""
    sent = turn.sentences[si]
    if not _GONE.search(sent.text) or _SPARED.search(sent.text):
        return
    found = [(t, owners[t.lower]) for t in sent.tokens if t.lower in owners]
    if not found and si > 0 and any(t.lower in ("he", "she", "him", "her") for t in sent.tokens) and not any(
            s.type == "person" and s.name.lower() not in owners for k in (si - 1, si) for s in turn.names[k]):
        # "Gus never did lose those ten pounds. He passed in his sleep": the one pet the sentence before named
        found = [(t, owners[t.lower]) for t in turn.sentences[si - 1].tokens if t.lower in owners]
    if len({name for _, (name, _) in found}) != 1 or (found[0][1][0].lower(), "lost") in told:
        return
    token, (name, owner) = found[0]
    _lost(turn, si, Span(token.text, name, "person", token.start, token.end, tok_index(sent, token.start),
                         tok_index(sent, token.start)), owner)
    told.add((name.lower(), "lost"))


def _lost(turn: Turn, si: int, span: Span, owner: str) -> None:
    span.type = "person"  # pets are named like people
    k = next(k for k, sent in enumerate(turn.sentences) if sent.start <= span.start < sent.end)
    if span not in turn.names[k]:
        turn.names[k].append(span)
        turn.names[k].sort(key=lambda s: s.start)
    if owner != turn.speaker and not any(s.name == owner for per in turn.names for s in per):
        turn.refer(owner, k, span.first)  # "Biscuit didn't make it": news of Bernie's, unnamed here
    add_fact(turn, RawFact(owner, span, "lost", False, si))
