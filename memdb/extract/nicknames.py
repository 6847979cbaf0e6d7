"""Other names a turn declares for someone it names — "my brother Chidi, whom everyone calls
Chi", "Robert, known as Robbo", "Alexandra (Sasha)", "Margaret (Mags to everyone)", "Robert, Robbo to his mates,",
"Elizabeth, or Bess for short" — and other
people it declares distinct from one memory knows: "the other Tom in my life, Tom Ogunleye".

The second name of a pair is marked a nickname of the first: memdb records it as an alias of the
same entity, so a later "Chi has accepted an offer from Nationwide" is about Chidi. A full name
marked as another person is not matched to the Tom memory knows by his first name alone.
"""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract.entities import Span
from memdb.extract.turn import Turn, resolve_pronoun, tok_index

_BETWEEN = re.compile(
    r",?\s+(?:whom|who|that)\s+(?:everyone|everybody|we(?:\s+all)?|they|people|the\s+family|most\s+people|"
    r"(?:his|her|their|our|my)\s+\w+)\s+(?:calls?|know\s+as)\s+"
    r"|,?\s+(?:also\s+|better\s+|otherwise\s+)?(?:known\s+as|aka|a\.k\.a\.|nicknamed|or\s+as\s+we\s+call\s+(?:him|her|them))\s+"
    r"|,\s+(?:we|everyone|everybody|people|they)\s+(?:all\s+)?calls?\s+(?:him|her|them)\s+"
    r"|,?\s+(?:who\s+)?(?:now\s+|mostly\s+|usually\s+)?(?:goes|went)\s+by\s+"  # "Alexander goes by Sandy"
    r"|\s*\(\s*"
    r"|,?\s+or\s+"
    r"|\s*,\s*",
    re.IGNORECASE,
)
# "(Sasha)", "(Mags to everyone)", "(Kat, she hates Katherine)", "(Bea for short)"
_AFTER = {"(": re.compile(rf"\s*(?:\)|to\s+{ph.TO_EVERYONE}\s*\)|for\s+short\s*\)|,\s*[^()]{{0,40}}\))",
                          re.IGNORECASE),
          "or": re.compile(rf"\s+(?:for\s+short\b|{ph.USED_BY})", re.IGNORECASE),  # "Alexander, or Sandy as we call him"
          # "Robert, Robbo to everyone, lives in Leeds", "Katherine, Kat for short, …"
          ",": re.compile(rf"\s+{ph.USED_BY}\s*(?:[,)]|$)", re.IGNORECASE)}
_PERSONISH = ("person", "concept")


# "graham. she calls him gra.", "everyone calls her Bex": another name of whom the pronoun means
_CALLS = re.compile(r"\b(?:she|he|we|they|everyone|everybody|people|(?:my|his|her|our|the)\s+\w+)\s+(?:all\s+)?"
                    r"(?:calls?|called)\s+(?P<who>him|her)\s+(?P<nick>[A-Za-z][\w'-]+)\s*(?=[.!,;]|$)", re.IGNORECASE)
# … and in other words: "he goes by Sandy", "her nickname is Bex", "she prefers Kat", "he's Sandy to the rest of
# us", "call him Sandy, everyone does"
_NAME = r"(?P<nick>(?-i:[A-Z])[\w'-]+)"
_CALLED_AS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"\b(?P<who>he|she)\s+(?:goes|went)\s+by\s+{_NAME}\s*(?=[.!,;]|$)",
    rf"\b(?P<who>his|her)\s+nickname\s+(?:is|'s|was)\s+{_NAME}\s*(?=[.!,;]|$)",
    rf"\b(?P<who>he|she)\s+prefers\s+{_NAME}\s*(?=[.!,;]|$)",
    rf"\b(?P<who>he|she)(?:'s|\s+is)\s+{_NAME}\s+to\s+{ph.TO_EVERYONE}\b",
    rf"^(?:just\s+)?call\s+(?P<who>him|her)\s+{_NAME}\s*(?=[.!,;]|$)",
))

_ANOTHER = re.compile(r"\b(?:the\s+other|another|a\s+different|a\s+second|not\s+(?:that|my|our|the\s+same))\s+"
                      r"(?P<first>[A-Z][\w'-]*)(?:\s+in\s+(?:my|our)\s+life)?\s*[,(:]\s*$")


def read_nicknames(turn: Turn, si: int) -> None:
    """Mark each name the sentence declares as another name of the person named just before it,
    and each full name it declares to be another person than the one of that first name."""
    sent = turn.sentences[si]
    for span in turn.names[si]:
        words = span.name.split()
        m = _ANOTHER.search(sent.text[: span.start - sent.start]) if len(words) > 1 else None
        if m is not None and m["first"] == words[0] and span.type in _PERSONISH:
            span.type, span.another, span.vocative = "person", True, False  # in apposition, not addressed
    spans = sorted((s for s in turn.names[si] + [c for c in turn.concepts[si] if sent.tokens[c.first].cap]
                    if s.type in _PERSONISH and not s.vocative), key=lambda s: s.start)
    for named, other in zip(spans, spans[1:]):
        between = sent.text[named.end - sent.start : other.start - sent.start]
        m = _BETWEEN.fullmatch(between)
        if m is None or len(other.name.split()) > 2:
            continue
        kind = "(" if "(" in between else "or" if between.strip(" ,").lower() == "or" else (
            "," if between.strip() == "," else "")
        if kind and not _AFTER[kind].match(sent.text, other.end - sent.start):
            continue  # "Tom or Sam will come": no name declared
        if kind == "(" and named.type == other.type == "concept":
            continue  # "Acme (ACME)": no person named
        named.type = other.type = "person"
        other.name, other.nickname = named.name, True
    _called_by_pronoun(turn, si)


def _called_by_pronoun(turn: Turn, si: int) -> None:
    """"she calls him gra", "he goes by Sandy": the name after the pronoun is another of the person it means (a
    word English has, "she calls him lazy", is none, unless capitalised; nor is a pet's name, "he calls him
    Bruno")."""
    sent = turn.sentences[si]
    if any(t.lower in lx.ANIMALS for t in sent.tokens):
        return  # "got a Labrador for his birthday, he calls him Bruno": the pet's name
    for m in (m for pattern in (_CALLS, *_CALLED_AS) for m in pattern.finditer(sent.text)):
        k = tok_index(sent, sent.start + m.start("nick"))
        word = sent.tokens[k]
        if lx.is_dictionary_word(word.lower) and not word.cap or word.lower in lx.NEVER_ENTITY:
            continue
        who = resolve_pronoun(turn, si, tok_index(sent, sent.start + m.start("who")))
        ci = tok_index(sent, sent.start + m.start())  # the caller: not the one called ("he calls him")
        if who is None or who.lower() == word.lower or (m.start() < m.start("who")
                and sent.tokens[ci].lower in ("he", "she") and resolve_pronoun(turn, si, ci) == who):
            continue
        span = turn.name_at(si, k)
        if span is None:
            span = Span(word.text, who, "person", word.start, word.end, k, k)
            turn.names[si].append(span)
            turn.names[si].sort(key=lambda s: s.start)
        span.name, span.type, span.nickname, span.vocative = who, "person", True, False
