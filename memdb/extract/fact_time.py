"""When a fact read in a turn takes effect: the time its own clause names ("I start at Lumen Labs on Monday"), a
deadline for an end to come ("leaving Halden before Christmas"), or a time one of the next two sentences tells alone
("Deepa has resigned. Her last day is 28th March"). Times are resolved against when the turn was said."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from memdb.extract.turn import RawFact, Turn
from memdb.temporal import TimeRange
from memdb.timeexpr import find_time_expressions

# Where one clause of a sentence ends and the next begins: ", and then", "; ", ": ".
_NEW_SUBJECT = re.compile(r"\s(?:and|but|so)\s+(?=(?:I|we|he|she|they)(?P<contracted>'[a-z]+)?\s)")
_CLAUSE_START = re.compile(r"^|[,;:]\s*|\s[-\u2013\u2014]\s")
_CLAUSE_BREAK = re.compile(r";|:\s|,\s*(?:and|but|so|then|because|while|though)\b|\s[-\u2013\u2014]\s")
# A sentence that only tells when the sentence before takes effect: "Craig's got a job with
# Baxter's. Starts on the 3rd of March", "Deepa has resigned. Her last day is 28th March".
_WHEN_NEXT = re.compile(
    r"(?:(?:and|so|but)\s+)?(?:(?:he|she|they|i|we|it)(?:'s|'m|'re|\s+is|\s+are|\s+am)?\s+)?"
    r"(?:(?P<start>starts?|starting|begins?|beginning|joins?|joining|start\s+date\s+is|takes?\s+over|pins?\s+on"
    r"|(?:we|i|they|he|she)\s+(?:get|gets|got)\s+the\s+keys|keys\s+(?:are|on))"
    r"|(?P<end>(?:(?:his|her|their|my|our|the)\s+)?last\s+(?:working\s+)?(?:day|shift)(?:\s+there)?\s+"
    r"(?:is|was|will\s+be|'s)|(?:to\s+)?finish(?:es|ing)?\s+up|(?:to\s+)?finish(?:es|ing)?"
    r"|lasted\s+(?:till|until|up\s+to)"  # "Lorna's chucked the vegan. She lasted till the end of February"
    # "Priya resigned. She's working her notice until the end of November", "… she's there till Christmas"
    r"|(?:working|serving|doing)\s+(?:out\s+)?(?:his|her|their|my|our|the)\s+notice(?:\s+(?:period|out))?\s+(?:till|until|up\s+to)"
    r"|(?:there|staying)\s+(?:till|until)"
    # the end told again, with its date: "Fennick let me go. The whole supervisor layer got restructured
    # out on the 14th of March"
    r"|(?:[\w'-]+\s+){0,5}?(?:got|was|were|been|is|are)\s+(?:restructured|made\s+redundant|laid\s+off|let\s+go|"
    r"closed|shut(?:\s+down)?|axed|cut)"
    r"|(?:he|she|they|i)\s+(?:told|dumped|left)\s+(?:him|her|them|me)"  # "She told him … on Valentine's Day"
    # "Me and Leah are done. She ended it on the 4th", "we split up last weekend"
    r"|(?:he|she|they|i|we)\s+(?:ended|finished|called)\s+(?:it|things)(?:\s+off)?|(?:it|things)\s+ended"
    r"|(?:we|they)\s+(?:split|broke)(?:\s+up)?)"
    # a change told, then when: "He and Neha have broken up. It happened last weekend"
    r"|(?P<either>(?:it|this|that)\s+(?:all\s+)?happened))\b", re.IGNORECASE)


def fact_time(times: list[TimeRange], position: int, text: str, said_at: datetime, *, deadline: bool = False
              ) -> datetime | None:
    """When a fact took or takes effect: the start of the time its clause names nearest to its
    object ("I moved to Berlin last week", "I start at Lumen Labs on Monday", "vegan since
    January"), resolved against when the turn was said; None when it names none. A time told
    of another clause is not the fact's ("She's dropping out, and she's moving in June"). Of a
    part of a period already begun, the middle of what is left (below). With ``deadline`` (an end): a time it is to happen by
    ("before Christmas") when none it happens at."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    # "… quit my job at the bakery and he's moving in April", "… at Acme and I'm moving in June"
    # (not "Tom and I broke up on Saturday": a name and I, one subject)
    breaks += [m.start() for m in _NEW_SUBJECT.finditer(text)
               if m["contracted"] or (text[: m.start()].split() or [""])[-1][:1].islower()]
    first = max((b for b in breaks if b <= position), default=0)
    last = min((b for b in breaks if b > position), default=len(text))
    # (not a time a state lasts until: "she's staying in London until her contract ends in spring"; an end's is
    # its time: "my vegetarian lasted till the club dinner on the 4th")
    starts = [(abs(r.span[0] - position), _point_of(r, said_at)) for r in times
              if r.start is not None and first <= r.span[0] < last and (deadline or not _UNTIL.search(text, position, r.span[0]))]
    if not starts and deadline:
        # an end to come by a time: "Priya's leaving Halden before Christmas", "working her notice until the end of
        # November" — its last day the day before that time (not a past one: "she left before Christmas") — or in a
        # clause after it: "Priya quit Halden, she's there until Christmas"
        starts = [(abs(r.span[0] - position), r.end - timedelta(days=1)) for r in times
                  if r.start is None and r.end is not None and r.end > said_at and (
                      first <= r.span[0] < last or r.span[0] > position and r.text.lower().startswith(("until", "till")))]
    return min(starts, key=lambda p: p[0])[1] if starts else None


_UNTIL = re.compile(r"\b(?:until|till|til)\b", re.IGNORECASE)
# A time told by a part of a period: "at the end of the year", "later this month"
_PART_OF_A_PERIOD = re.compile(r"\b(?:end|late|later)\b", re.IGNORECASE)


def _point_of(r: TimeRange, said_at: datetime) -> datetime:
    """The day a fact told with ``r`` takes effect: its start, or for a part of a period already begun when it is said
    ("leaving at the end of the year", said in November: of September to December), the middle of what is left."""
    assert r.start is not None
    if r.end is None or not r.start < said_at < r.end or not _PART_OF_A_PERIOD.search(r.text):
        return r.start
    return (said_at + (r.end - said_at) / 2).replace(hour=0, minute=0, second=0, microsecond=0)


def told_next(turn: Turn, f: RawFact, said_at: datetime, times: dict[int, list[TimeRange]], *, ending: bool
              ) -> datetime | None:
    """The date one of the two sentences after ``f``'s tells it takes effect on, when that
    sentence says only when: a start for a state begun ("Starts on the 3rd of March"), a last
    day for one ended ("Her last day is 28th March"), as ``ending`` says ``f`` is."""
    for si in range(f.sentence + 1, min(f.sentence + 3, len(turn.sentences))):  # this one or the next
        after = turn.sentences[si]
        # at the sentence's start or a clause's: "2 bed near the station, we get the keys on the 14th"
        when = next(filter(None, (_WHEN_NEXT.match(after.text, c.end()) for c in _CLAUSE_START.finditer(after.text))),
                    None)
        if when is None:
            continue
        if when["either"] is None and (when["end"] is not None) != ending:
            return None
        if si not in times:
            times[si] = find_time_expressions(after.text, said_at, said=True)
        if when["end"] is not None and (until := next((r.end for r in times[si] if r.start is None and r.end is not None
                                                       and r.span[0] >= when.end() - 6), None)):
            return until - timedelta(days=1)  # "she lasted till the 2nd of March": the last day it held
        return fact_time(times[si], when.end(), after.text, said_at)
    return None
