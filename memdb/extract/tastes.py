"""A liking or a pastime told with its thing first, which the rule table (its object read after the
verb) cannot read: "Pho is my favourite food", "Bouldering is my new thing", "it's all padel now",
"I swapped yoga for boxing"; and a liking told as one's favourite food, one at a time."""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract.entities import Span, chunk_at
from memdb.extract.turn import RawFact, Turn, add_fact, person_at, resolve_pronoun, tok_index

# "Pho is my favourite food": a liking told with the thing first
_FAVOURITE = re.compile(r"\b(?:is|are|was|'s|has\s+become|have\s+become|became)\s+(?:definitely\s+|probably\s+|still\s+|now\s+|"
                        r"officially\s+)?(?P<owner>my|our|his|her)\s+(?:new\s+|all-time\s+|"
                        r"absolute\s+)*favou?rite\b", re.IGNORECASE)

# "Bouldering is my new thing", "knitting's been my thing since the winter", "I'm all about padel now",
# "I swapped yoga for boxing", "crochet has taken over my life": a pastime taken up (and one dropped), told
# with the pastime first
_MY_THING = re.compile(r"^(?:[\w']+\s+){0,2}?(?P<thing>[\w-]+)(?:(?:\s+is|'s|\s+has\s+been|'s\s+been|\s+has\s+become|'s\s+become"
                       r"|\s+became)\s+"
                       r"(?=(?:my|his|her|their)\s+(?:new\s+|latest\s+|current\s+|big\s+)?(?:thing|obsession|hobby|passion)\b)"
                       r"|(?:\s+has|'s)\s+(?:completely\s+|totally\s+)?taken\s+over\s+)"  # "crochet has taken over my life"
                       r"(?P<owner>my|his|her|their)\b", re.IGNORECASE)
_ALL_ABOUT = re.compile(r"\b(?:(?:I'm|I\s+am|it's|it\s+is)\s+all\s+(?:about\s+)?(?P<thing>[\w-]+)"
                        r"(?=\s+(?:now|these\s+days|nowadays)\b)"
                        # "my weekends are all about cycling", "these days my life is all about padel"
                        r"|\bmy\s+(?:weekends|evenings|mornings|life|free\s+time|spare\s+time)\s+(?:are|is)\s+all\s+about\s+"
                        r"(?P<about>[\w-]+))", re.IGNORECASE)
# "I've got the running bug", "she's caught the climbing bug": a pastime taken up
# "my weekly hike", "my usual surf", "Tuesday yoga class", "Thursday chess club": a pastime kept up, by its
# routine (a noun that is a pastime's verb stands for it: hike → hiking)
_ROUTINE = re.compile(r"\b(?:(?P<my>my|our)\s+(?:usual|weekly|daily|regular|morning|evening|weekend|sunday|saturday)\s+"
                      r"(?P<noun>[a-z-]+)\b(?!\s+(?:coffee|shop|shopping|commute|call|meeting|trip|visit)\b)"
                      r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+night|\s+morning|\s+evening)?\s+(?P<thing>[a-z-]+)\s+"
                      r"(?:class|club|session|practice|lesson|training|game|match|group))", re.IGNORECASE)
_VERB_PASTIMES = {"hike": "hiking", "surf": "surfing", "swim": "swimming", "run": "running", "jog": "jogging",
                  "climb": "climbing", "ride": "cycling", "cycle": "cycling", "paddle": "paddleboarding", "dance": "dancing"}
# "Marco's chess phase is well and truly over", "my knitting days are done": a pastime given up
_PHASE_OVER = re.compile(r"(?:\b(?P<owner>my|his|her)|(?P<name>\b(?-i:[A-Z])[\w-]+)'s)\s+(?P<thing>[\w-]+)\s+(?:phase|days|era)\s+"
                         r"(?:is|are|'s|'re|has\s+been|have\s+been)\s+(?:well\s+and\s+truly\s+|definitely\s+|officially\s+|long\s+)?"
                         r"(?:over|done|behind\s+(?:me|him|her))\b", re.IGNORECASE)
_THE_BUG = re.compile(r"\b(?:I've|I\s+have|got|caught)\s+(?:got\s+)?the\s+(?P<thing>[\w-]+)\s+bug\b", re.IGNORECASE)
# "I swim now", "Kim runs these days": a pastime told by its verb, now
_DO_NOW = re.compile(r"\b(?P<who>I|we|he|she|(?-i:[A-Z])[\w'-]+)\s+(?:mostly\s+|mainly\s+|also\s+)?(?P<verb>[a-z]+)"
                     r"\s+(?:now|these\s+days|nowadays)\b")
_SWAPPED = re.compile(r"(?:\b(?P<who>I|we|he|she|(?-i:[A-Z])[\w'-]+)(?:'ve|'s|\s+have|\s+has)?\s+|^)"  # (none: "Swapped …")
                      r"(?:(?:just|basically|finally)\s+)?(?:swapped|traded|ditched|gave\s+up|given\s+up)\s+"
                      r"(?:the\s+|my\s+)?(?P<old>[\w-]+)\s+for\s+(?P<new>[\w-]+)\b", re.IGNORECASE)


def read_pastime_told(turn: Turn, si: int) -> None:
    """A pastime told as one's thing now (``_MY_THING``, ``_ALL_ABOUT``), or swapped for another."""
    sent = turn.sentences[si]

    def pastime(m: re.Match[str], group: str) -> Span | None:
        if m.group(group).lower() not in lx.PASTIMES and m.group(group).lower() not in lx.HABITS:
            return None
        at = tok_index(sent, sent.start + m.start(group))
        token = sent.tokens[at]
        return turn.concept(si, Span(token.text, token.lower, "concept", token.start, token.end, at, at))

    for m in _MY_THING.finditer(sent.text):
        thing = pastime(m, "thing")
        owner = turn.speaker if m.group("owner").lower() == "my" else resolve_pronoun(
            turn, si, tok_index(sent, sent.start + m.start("owner")))
        if thing is not None and owner is not None:
            add_fact(turn, RawFact(owner, thing, "habit", False, si))
    for m in _ALL_ABOUT.finditer(sent.text):
        if (thing := pastime(m, "thing" if m.group("thing") else "about")) is not None:
            # "Marco's chess phase is over, it's all about padel now": it is the one the sentence named
            named = {s.name for s in turn.names[si] if s.type == "person" and s.end <= sent.start + m.start()
                     and s.name != turn.speaker} if m.group().lower().startswith("it") else set()
            add_fact(turn, RawFact(named.pop() if len(named) == 1 else turn.speaker, thing, "habit", False, si))
    for m in _PHASE_OVER.finditer(sent.text):
        if (thing := pastime(m, "thing")) is not None:
            who = "owner" if m.group("owner") else "name"
            owner = turn.speaker if m.group(who).lower() == "my" else person_at(turn, si, tok_index(sent, sent.start + m.start(who)))
            if owner is not None:
                add_fact(turn, RawFact(owner, thing, "quit_habit", False, si))
    for m in _ROUTINE.finditer(sent.text):
        word = (m.group("noun") or m.group("thing")).lower()
        thing = _VERB_PASTIMES.get(word, word)
        if thing not in lx.PASTIMES or not (m.group("my") or _the_speakers(turn, si)):
            continue
        at = tok_index(sent, sent.start + m.start("noun" if m.group("noun") else "thing"))
        token = sent.tokens[at]
        span = turn.concept(si, Span(token.text, thing, "concept", token.start, token.end, at, at))
        span.name = thing  # (a concept read of the word before: "surf", the pastime surfing)
        add_fact(turn, RawFact(turn.speaker, span, "habit", False, si))
    for m in _THE_BUG.finditer(sent.text):
        if (thing := pastime(m, "thing")) is not None:
            add_fact(turn, RawFact(turn.speaker, thing, "habit", False, si))
    for m in _DO_NOW.finditer(sent.text):
        _pastime_done(turn, si, m)
    for m in _SWAPPED.finditer(sent.text):
        old, new = pastime(m, "old"), pastime(m, "new")
        # "Ana gave up tennis for golf"; "Swapped the gym for yoga", whose "I" went unsaid
        subject = person_at(turn, si, tok_index(sent, sent.start + m.start("who"))) if m.group("who") else turn.speaker
        if new is not None and subject is not None:  # "swapped the gym for yoga": what was left need be no pastime
            if old is not None:
                add_fact(turn, RawFact(subject, old, "quit_habit", False, si))
            add_fact(turn, RawFact(subject, new, "habit", False, si))


def _the_speakers(turn: Turn, si: int) -> bool:
    """Does the sentence speak of the speaker ("my hamstrings", "I lost") and of no one else by name or pronoun?"""
    words = {t.lower for t in turn.sentences[si].tokens}
    return bool(words & {"i", "my", "me", "i'm", "i've"}) and not words & {"he", "she", "his", "her", "they"} and not any(
        s.type == "person" and s.name != turn.speaker for s in turn.names[si])


def _pastime_done(turn: Turn, si: int, m: re.Match[str]) -> None:
    """"I swim now", "Kim runs these days": the pastime whose verb it is (swimming, running, dancing)."""
    sent = turn.sentences[si]
    verb = m.group("verb")
    stem = verb[:-1] if verb.endswith("s") and m.group("who") not in ("I", "we") else verb
    thing = next((w for w in (stem + "ing", stem + stem[-1:] + "ing", stem[:-1] + "ing") if w in lx.PASTIMES), None)
    if thing is None:
        return
    subject = person_at(turn, si, tok_index(sent, sent.start + m.start("who")))
    if subject is None:
        return
    at = tok_index(sent, sent.start + m.start("verb"))
    token = sent.tokens[at]
    add_fact(turn, RawFact(subject, turn.concept(si, Span(token.text, thing, "concept", token.start, token.end, at, at)),
                           "habit", False, si))


def read_favourite(turn: Turn, si: int) -> None:
    """"Pho is my favourite food", "The canal walk is her favourite part": likes."""
    sent = turn.sentences[si]
    toks = sent.tokens
    for m in _FAVOURITE.finditer(sent.text):
        vi = tok_index(sent, sent.start + m.start())
        owner = m.group("owner").lower()
        subject = (turn.speaker if owner in ("my", "our")
                   else resolve_pronoun(turn, si, tok_index(sent, sent.start + m.start("owner"))))
        if subject is None or vi == 0:
            continue
        span = turn.name_ending(si, vi - 1)
        if span is None:
            # The longest noun phrase (up to three words) just before the verb, after a
            # determiner, an adverb ("Honestly pad thai has become …") or the sentence start.
            found = (chunk_at(sent, k, taken=set()) for k in range(max(0, vi - 3), vi)
                     if k == 0 or not toks[k - 1].alpha or toks[k - 1].lower in _DET_OK
                     or lx.pos_tags(toks[k - 1].lower) == frozenset({"ADV"}))
            span = next((c for c in found if c is not None and c.last == vi - 1), None)
            if span is None:
                continue
            span = turn.concept(si, span)
        elif span.type == "date":
            continue
        if span.name != subject:
            add_fact(turn, RawFact(subject, span, "likes", False, si))


_DET_OK = frozenset("the a an this that these those".split())


# "My favourite food lately is tacos", "ramen has become my favourite thing to eat", "falafel, it's my go-to meal": a
# liking told as the one food one likes best now (one at a time: the next one ends it)
_FAVOURITE_FOOD = re.compile(r"\b(?:favou?rite\s+(?:food|meal|dish|snack|cuisine|thing\s+to\s+eat)|go-?to\s+(?:meal|dish|food"
                             r"|snack|lunch|dinner|order|takeaway))\b", re.IGNORECASE)


def read_favourite_food(turn: Turn) -> None:
    """favourite_food for each liking a sentence tells as a favourite food (by its subject, of its object)."""
    for f in list(turn.facts):
        if f.label == "likes" and f.obj.type in ("concept", "product") and _FAVOURITE_FOOD.search(turn.sentences[f.sentence].text):
            add_fact(turn, RawFact(f.subject, f.obj, "favourite_food", True, f.sentence))
