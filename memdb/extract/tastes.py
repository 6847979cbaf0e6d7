"""A liking or a pastime told with its thing first, which the rule table (its object read after the
verb) cannot read: "Pho is my favourite food", "Bouldering is my new thing", "it's all padel now",
"I swapped yoga for boxing"."""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract.entities import Span, chunk_at
from memdb.extract.turn import RawFact, Turn, add_fact, as_person, resolve_pronoun, tok_index

# "Pho is my favourite food": a liking told with the thing first
_FAVOURITE = re.compile(r"\b(?:is|are|was|'s|has\s+become|have\s+become|became)\s+(?:definitely\s+|probably\s+|still\s+|now\s+|"
                        r"officially\s+)?(?P<owner>my|our|his|her)\s+(?:new\s+|all-time\s+|"
                        r"absolute\s+)*favou?rite\b", re.IGNORECASE)

# "Bouldering is my new thing", "knitting's been my thing since the winter", "I'm all about padel now",
# "I swapped yoga for boxing", "crochet has taken over my life": a pastime taken up (and one dropped), told
# with the pastime first
_MY_THING = re.compile(r"^(?:[\w']+\s+){0,2}?(?P<thing>[\w-]+)(?:(?:\s+is|'s|\s+has\s+been|'s\s+been)\s+"
                       r"(?=(?:my|his|her|their)\s+(?:new\s+|latest\s+|current\s+|big\s+)?(?:thing|obsession|hobby|passion)\b)"
                       r"|(?:\s+has|'s)\s+(?:completely\s+|totally\s+)?taken\s+over\s+)"  # "crochet has taken over my life"
                       r"(?P<owner>my|his|her|their)\b", re.IGNORECASE)
_ALL_ABOUT = re.compile(r"\b(?:I'm|I\s+am|it's|it\s+is)\s+all\s+(?:about\s+)?(?P<thing>[\w-]+)"
                        r"(?=\s+(?:now|these\s+days|nowadays)\b)", re.IGNORECASE)
_SWAPPED = re.compile(r"\b(?P<who>I|we|he|she|(?-i:[A-Z])[\w'-]+)(?:'ve|'s|\s+have|\s+has)?\s+"
                      r"(?:(?:just|basically|finally)\s+)?(?:swapped|traded|ditched|gave\s+up|given\s+up)\s+"
                      r"(?P<old>[\w-]+)\s+for\s+(?P<new>[\w-]+)\b", re.IGNORECASE)


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
        if (thing := pastime(m, "thing")) is not None:
            add_fact(turn, RawFact(turn.speaker, thing, "habit", False, si))
    for m in _SWAPPED.finditer(sent.text):
        old, new = pastime(m, "old"), pastime(m, "new")
        k = tok_index(sent, sent.start + m.start("who"))
        who = m.group("who").lower()
        span = turn.name_at(si, k)
        subject = (turn.speaker if who in ("i", "we") else resolve_pronoun(turn, si, k) if who in ("he", "she")
                   else as_person(turn, span) if span is not None else None)  # "Ana gave up tennis for golf"
        if old is not None and new is not None and subject is not None:
            add_fact(turn, RawFact(subject, old, "quit_habit", False, si))
            add_fact(turn, RawFact(subject, new, "habit", False, si))


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
