"""The assistant asking where someone lives or works, and the user's reply naming the place or
firm first: "Is Leah still at Contoso?" — "Nope, Northwind now."; "Where does she live these
days?" — "She's in Leeds."; "Where are you based?" — "Leeds, near the centre."; "Where does she
work?" — "Northwind."."""

from __future__ import annotations

import re

from memdb.extract import phrases as ph
from memdb.extract.objects import known_place, typed
from memdb.extract.turn import RawFact, Turn, add_fact, tok_index

_JOB_WORDS = frozenset("job jobs work working employer company firm office boss role career".split())
# "Where does she live these days?", "Where are you based?", "Which part of town are you in?": of a home
# (not "Where are you from?", nor "Where are you staying?", a trip's)
_ASKS_OF_A_HOME = re.compile(r"\bwhere\b[^?]*\b(?:live|lives|living|based|settled|located|moved|moving)\b"
                             r"|\b(?:which|what)\s+(?:city|town|part|area|neighbou?rhood|suburb)\b|\bwhereabouts\b",
                             re.IGNORECASE)
# "Is Leah still at Contoso?" — "Nope, Northwind now."
_NO_NOW = re.compile(r"(?:no|nope|nah)\b[,!.]*\s+(?:(?:she's|he's|she\s+is|he\s+is)\s+)?(?:at\s+|with\s+)?"
                     r"(?=(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*)*\s+(?:now|these\s+days)\b)", re.IGNORECASE)
# A reply naming a firm and no more: "Northwind.", "At Northwind, still", "Northwind these days"
_FIRM_ANSWERED = re.compile(r"(?:(?:oh|well|yeah|yes|yep|still|now)\b[,!.]*\s+)*(?:at\s+|with\s+)?"
                            r"(?=(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*)*\s*(?:[.!,;]|$|now\b|these\s+days\b))",
                            re.IGNORECASE)
# … or a place: "Leeds.", "Leeds, near the centre", "She's in Leeds now", "I'm up in Leeds"
_PLACE_ANSWERED = re.compile(
    r"(?:(?:oh|well|yeah|yes|yep|so|um|er|haha|lol|ha|still|currently|now|these\s+days)\b[,!.]*\s+)*"
    r"(?:(?:I'm|I\s+am|we're|we\s+are|she's|she\s+is|he's|he\s+is|they're|they\s+are)\s+(?:(?:still|now|currently)\s+)?"
    r"(?:(?:up|down|over|out|back|living|based)\s+)?(?:in\s+)?|(?:in\s+)?)(?=(?-i:[A-Z]))", re.IGNORECASE)


def asks_of_a_job(turn: Turn) -> bool:
    """Does the assistant's last sentence ask of a job: its words ("How's the new job?"), or "at" a
    firm ("Is Leah still at Contoso?")?"""
    sent = turn.sentences[-1]
    words = {t.lower for t in sent.tokens}
    return bool(words & _JOB_WORDS) or any(
        s.type in ("organization", "concept") and not known_place(s) and s.first > 0
        and sent.tokens[s.first - 1].lower in ("at", "with", "for") for s in turn.names[-1])


def asks_of_a_home(turn: Turn) -> bool:
    """Does the assistant's last sentence ask where someone lives?"""
    return _ASKS_OF_A_HOME.search(turn.sentences[-1].text) is not None


def read_short_answer(turn: Turn) -> None:
    """The reply's opening name is the home (a place) or, asked of a job, the employer of whom the
    assistant asked (``turn.asked_about``, or the user)."""
    asked = turn.asked_about or (turn.speaker if turn.asked_you else None)
    if asked is None or not turn.sentences:
        return
    first = turn.sentences[0]
    m = _NO_NOW.match(first.text)
    if m is None and turn.asked_job:
        m = _FIRM_ANSWERED.match(first.text)
    told_home = m is None and turn.asked_home and (m := _PLACE_ANSWERED.match(first.text)) is not None
    span = turn.name_at(0, tok_index(first, first.start + m.end())) if m is not None else None
    if span is None or span.type == "date":
        return
    if told_home:  # where one lives, not where one stays ("Paris, just for the weekend")
        if typed(span, "place") is None or ph.SHORT_STAY.search(first.text) or any(
                f.obj is span and f.label == "lives_in" for f in turn.facts):
            return
        turn.facts = [f for f in turn.facts if not (f.obj is span and f.label in ("visited", "from", "arrived_in"))]
    place = told_home or known_place(span) or span.type == "place"
    if not place and not turn.asked_job:
        return
    if not place:
        span.type = "organization"
    turn.refer(asked, 0, 0)  # the reply's opening mentions whom it answers of
    add_fact(turn, RawFact(asked, span, "lives_in" if place else "works_at", True, 0))
