"""Pastimes taken up or dropped, told by the words around the pastime rather than by a pattern of the
sentence: "bouldering 3x a week now and loving it", "it's fishing now", "doing jiu-jitsu now", "parkrun
every saturday now instead"; "packed in running", "josh jacked in the cricket", "rosa's knocked the
pottery on the head", "guitar's gathering dust", "yoga's not for me anymore".

A clause naming one pastime (lexicon.PASTIMES) and a word of taking it up now (``_NOW``) tells a habit;
one naming one pastime and a word of dropping it (``_DROPPED``) tells its end. Whose: the person the
clause opens on (I, he, she, a name), else the one the turn was about, else the speaker."""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract.entities import Span
from memdb.extract.turn import RawFact, Turn, add_fact, person_at

# Taking a pastime up, or keeping it up now: "… now", "every saturday", "3x a week", "most mornings", "instead"
_NOW = re.compile(r"\b(?:now|nowadays|these\s+days|instead|every\s+(?:day|morning|evening|night|week|weekend|monday|tuesday"
                  r"|wednesday|thursday|friday|saturday|sunday)|\d+\s*x\s+a\s+week|(?:once|twice|\w+\s+times)\s+a\s+week"
                  r"|most\s+(?:mornings|evenings|nights|days|weekends)|took\s+up|taken\s+up|taking\s+up|started|starting"
                  r"|hooked|obsessed|addicted|taken\s+over)\b", re.IGNORECASE)
# Dropping it: "packed in", "jacked in", "binned off", "knocked … on the head", "gathering dust", "not for me anymore"
_DROPPED = re.compile(r"\b(?:pack(?:ed|ing)?\s+(?:it\s+)?in|jack(?:ed|ing)?\s+(?:it\s+)?in|binn?(?:ed|ing)?\s+(?:it\s+)?off"
                      r"|knock(?:ed|ing)?\s+(?:[\w']+\s+){0,3}on\s+the\s+head|gave\s+up|given\s+up|giving\s+up|quit|quitting"
                      r"|stopped(?!\s+(?:by|off|at|in|for|to|and)\b)|retired\s+from|done\s+with|not\s+for\s+me"
                      r"|gathering\s+dust|(?:haven't|hasn't|not)\s+touched"
                      r"|called\s+(?:it\s+)?(?:a\s+day|time)|hung\s+up|fell\s+out\s+of\s+love|lost\s+interest|over\s+it"
                      r"|no\s+more)\b", re.IGNORECASE)
# A pastime watched, not done: "we watched the football every Saturday"
_WATCHED = re.compile(r"\b(?:watch|watched|watching|watches|tickets?|telly|tv|on\s+the\s+box|stream(?:ed|ing)?)\b", re.IGNORECASE)
# A pastime called by another word: "parkrun" is running
_SAME_AS = {"parkrun": "running", "parkruns": "running", "5-a-side": "five-a-side", "footy": "football", "footie": "football"}
_CLAUSE_BREAKS = frozenset((",", ";", ":", "-", "\u2013", "\u2014", "but", "so", "and"))
_FIRST = frozenset(("i", "i'm", "i've", "me", "my", "we", "we're", "we've"))
_OTHERS = frozenset(("he", "she", "he's", "she's", "his", "her"))


def read_pastimes_by_words(turn: Turn, si: int) -> None:
    """habit / quit_habit for each clause of sentence ``si`` naming one pastime with words of taking it up
    now or of dropping it, where no reader told that pastime already."""
    sent = turn.sentences[si]
    if sent.text.rstrip().endswith("?"):
        return
    told = {f.obj.name.lower() for f in turn.facts if f.label in ("habit", "quit_habit")}
    toks = sent.tokens
    start = 0
    for end in [i for i, t in enumerate(toks) if t.lower in _CLAUSE_BREAKS] + [len(toks)]:
        if end > start:
            _clause(turn, si, start, end, told)
        start = end + 1


def _clause(turn: Turn, si: int, first: int, end: int, told: set[str]) -> None:
    sent = turn.sentences[si]
    toks = sent.tokens[first:end]
    found = _pastimes(toks)
    if len(found) != 1:
        return
    (k, width, thing), = found
    if thing in told:
        return
    lo, hi = toks[0].start - sent.start, toks[-1].end - sent.start
    clause = sent.text[lo:hi]
    dropped, now = _DROPPED.search(clause), _NOW.search(clause)
    if dropped is None and now is None or _WATCHED.search(clause):
        return
    subject = _whose(turn, si, first, toks)
    if subject is None:
        return
    token, last = toks[k], toks[k + width - 1]
    span = turn.concept(si, Span(sent.text[token.start - sent.start : last.end - sent.start], thing, "concept",
                                 token.start, last.end, first + k, first + k + width - 1))
    span.name = thing
    add_fact(turn, RawFact(subject, span, "quit_habit" if dropped is not None else "habit", False, si))
    told.add(thing)


def _pastimes(toks: list) -> list[tuple[int, int, str]]:
    """(index, width, the pastime) of each pastime the tokens name, two-word ones read whole ("wild swimming")."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks):
        pair = f"{toks[i].lower} {toks[i + 1].lower}" if i + 1 < len(toks) else ""
        word = _SAME_AS.get(toks[i].lower, toks[i].lower)
        if pair in lx.PASTIMES:
            out.append((i, 2, pair))
            i += 2
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if word in lx.PASTIMES and word not in _ONLY_WITH_ANOTHER_WORD and not (
                word == "running" and nxt is not None and nxt.lower in _RUNNING_WHAT) and not (
                nxt is not None and nxt.lower in ("at", "for", "with") and i + 2 < len(toks) and toks[i + 2].cap):
            out.append((i, 1, word))  # (not "brewing at Kirkgate Ales now": a job)
        i += 1
    return out


# Pastimes whose one word is mostly something else ("in full swing")
_ONLY_WITH_ANOTHER_WORD = frozenset(("swing",))
# "running late", "running a business": no pastime
_RUNNING_WHAT = frozenset("late out low a an the my his her our their on behind around errands things".split())


def _whose(turn: Turn, si: int, first: int, toks: list) -> str | None:
    """The person the clause opens on (I, he, she, a name), else the last person the turn named before it,
    else — the clause naming no one — the speaker."""
    if toks and toks[0].lower in _FIRST:
        return turn.speaker
    for k in range(min(3, len(toks))):
        if toks[k].lower in ("he", "she", "he's", "she's") or turn.name_at(si, first + k) is not None:
            who = person_at(turn, si, first + k)
            if who is not None:
                return who
    words = {t.lower for t in toks}
    named = [s.name for j in range(si + 1) for s in turn.names[j]
             if s.type == "person" and s.name != turn.speaker and not s.vocative and (j < si or s.last < first)]
    if words & _OTHERS or (named and not words & _FIRST):
        return named[-1] if named else None
    return turn.speaker
