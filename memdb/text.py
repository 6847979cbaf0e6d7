"""Small text helpers shared by full-text search and retrieval: word splitting and stopwords."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)

# English function words, question scaffolding ("what", "did", "tell") and words asking about the
# present ("now", "still": query intent handles them), which carry no topic:
# dropping them keeps BM25 from ranking on "the" and keeps FTS queries cheap on large stores.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each few for from further had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
    is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or
    other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so
    some such than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's whom why
    why's will with won't would wouldn't you you'd you'll you're you've your yours yourself
    yourselves also just really like get got go going went tell told say said know think thing things
    yeah yes oh ok okay hey hi hello lol much many one ever kind sort way would've
    now currently nowadays still anymore lately""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes kept inside words ("don't")."""
    return [w.lower() for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Words that carry topic: no stopwords, no single letters; possessive 's dropped."""
    out = []
    for w in words(text):
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in STOPWORDS:
            out.append(w)
    return out


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def question_share(text: str) -> float:
    """How much more of a turn asks than tells: (words in questions − words in statements) / all
    words, 0 when it tells at least as much as it asks ("Remember the robotics company? I got
    the offer! I'm joining Northwind …"), 1 for a question alone ("What pet do you have?"). A
    question states nothing: on LoCoMo a turn ending in "?" is one turn in four but one answer
    in eleven."""
    asked = told = 0
    for m in _SENTENCE.finditer(text):
        n = len(m.group().split())
        if m.group().rstrip().endswith("?"):
            asked += n
        else:
            told += n
    return max(0.0, (asked - told) / (asked + told)) if asked else 0.0
