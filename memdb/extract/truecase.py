"""Capitals for chat typed without them: "just moved to leeds lol", "me and sarah broke up".

The name finder reads capitals, and people typing fast in a chat often write none. In a sentence
that starts in lower case (its writer does not capitalise), the words that can only be names are
given their capitals before the turn is read: places of the gazetteer, first names, "i", and the
names of people the session named before ("dev's helping" after "my mate Dev"). A word that is
also an ordinary English word ("will", "rose", "turkey", "nice") is left alone: in lower case it is
more likely the word. Capitalising keeps every offset, so mentions still point into the text as
written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from memdb.extract import lexicon as lx
from memdb.extract.names import FIRST_NAMES
from memdb.extract.places import PLACES

_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z'-]*")  # whole words: not the "ollie" of "Hollie"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_LONGEST_PLACE = max(len(p.split()) for p in PLACES)


def truecase(text: str, known: frozenset[str] = frozenset()) -> str:
    """``text`` with the names of its uncapitalised sentences capitalised (same length); ``known``
    holds lower-case first names the session used before."""
    if not any(c.isalpha() and c.islower() for c in text):
        return text
    out = list(text)
    for sentence in _SENTENCE.finditer(text):
        first = next((c for c in sentence.group() if c.isalpha()), "")
        if not first.islower():
            continue
        words = list(_WORD.finditer(sentence.group()))
        i = 0
        while i < len(words):
            taken = _name_at(sentence.group(), words, i, known)
            for m in words[i : i + taken]:
                out[sentence.start() + m.start()] = m.group()[0].upper()
            i += max(taken, 1)
    return "".join(out)


def _name_at(sentence: str, words: list[re.Match[str]], i: int, known: frozenset[str]) -> int:
    """How many words from the i-th form a name to capitalise (0: none)."""
    for n in range(min(_LONGEST_PLACE, len(words) - i), 0, -1):
        run = words[i : i + n]
        if any(sentence[a.end() : b.start()] != " " for a, b in zip(run, run[1:])):
            continue  # "leeds, york": names are single runs of words
        phrase = " ".join(m.group() for m in run)
        if phrase in PLACES and (n > 1 or _only_a_name(phrase)):
            return n
    word = words[i].group()
    base = word[:-2] if word.endswith("'s") else word
    if word == "i" or (base in FIRST_NAMES or base in known) and _only_a_name(base):
        return 1
    return 0


@lru_cache(maxsize=8192)
def _only_a_name(word: str) -> bool:
    """Is a lower-case word no ordinary English word ("leeds", "sarah"; not "will", "nice")?"""
    return len(word) > 2 and not lx.pos_tags(word) and word not in lx.STOPWORDS
