"""What a turn says is still to come: a recurring time ("in August", "on Monday", "the 30th") resolved to its next
instance, not its last, when the sentence says so — a future tense, a plan, or the present tense English uses for
arrangements ("I'm moving to Leeds in March", "I start on Monday", "she's there until Christmas")."""

from __future__ import annotations

import re
from datetime import datetime

from dateutil.relativedelta import relativedelta

_Bounds = tuple[datetime | None, datetime | None]

# A marker of what is still to come, earlier in the same sentence: a future tense, a plan, or a present tense that
# English uses for arrangements ("I'm moving to Leeds in March", "I start on Monday", "we fly out Friday").
_FUTURE_BEFORE = re.compile(
    r"(?:\b(?:will|going\s+to|gonna|planning|plans?\s+to|scheduled|due\s+to|supposed\s+to|start|starts|starting"
    r"|begin|begins|beginning|move|moves|fly|flies|leave|leaves|complete|completes|completion|clos(?:e|es|ing)\s+on|join|joins|joining"
    r"|finish|finishes|retire|retires|retiring|graduates|pins?\s+on|takes?\s+over|(?:get|gets|getting|pick|picks|picking|collect|collects|collecting)\s+(?:up\s+)?the\s+keys"
    r"|(?:last|first)\s+(?:working\s+)?(?:day|shift)\b[^.!?]*?(?:\bis|'s)"
    r"|\b(?:is|are)(?=\s+(?:on\s+|in\s+)?(?:the\s+)?$))|'ll"  # "the wedding is on the 3rd", "… is in july": an arrangement
    r"|(?:'s|'re|'m|\bis|\bare|\bam)\s+(?:\w+ly\s+|also\s+|now\s+|finally\s+|just\s+)?(?:coming|moving|relocating|starting"
    r"|leaving|flying|heading|joining|beginning|switching|transferring|taking\s+over|getting\s+married|retiring|graduating"
    r"|finishing|quitting|dropping\s+out|handing\s+in|being\s+made|going\s+(?:\w+ly\s+)?(?:freelance|self-employed|vegan"
    r"|vegetarian|veggie|pescatarian|plant-based|(?:part|full)[- ]time))"
    r"|(?:'s|'re|'m|\bis|\bare|\bam)\s+\w+ing\b[^.!?]*?\band\s+(?:moving|relocating|starting|leaving|heading|joining)"
    # "she's there until Christmas", "I'm working my notice till Easter": a state that runs on to a time to come
    r"|(?:'s|'re|'m|\bis|\bare|\bam)\s+(?:[\w']+\s+){0,4}?(?:until|till)"
    # "Relocating to Leeds in February.", "Starting at Google in March!": a plan told without its "I'm"
    r"|(?:^|[.!?,;:]\s*|\band\s+)\W*(?:moving|relocating|starting|leaving|joining|heading|flying|emigrating))"
    r"\b[^.!?]*$", re.I)
# "From April I'll be living in Leeds", "In March we're moving": the time first, then a subject saying it is to come
_FUTURE_AFTER = re.compile(r"\s*,?\s*(?:I|we|he|she|they|you|(?-i:[A-Z])[\w'-]+)(?:'ll|\s+will|\s+(?:is|are|am)\s+going\s+to"
                           r"|(?:'s|'re|'m|\s+is|\s+are|\s+am)\s+(?:moving|relocating|starting|leaving|joining|heading))\b", re.I)


def said_to_come(m: re.Match[str]) -> bool:
    """Does the sentence say, before the time ``m`` matched, that it is still to come?"""
    return _FUTURE_BEFORE.search(m.string, max(0, m.start() - 80), m.start()) is not None


def still_to_come(m: re.Match[str], bounds: _Bounds, now: datetime, every: relativedelta) -> _Bounds:
    """A recurring match the sentence says is to come ("the wedding will be in August", said in
    February; "I start on Monday", said on a Thursday) is its instance in progress or next, not
    the last one."""
    start, end = bounds
    if start is None or end is None or end > now or any(m.groupdict().get(g) for g in ("which", "year", "y")):
        return bounds
    if not said_to_come(m) and _FUTURE_AFTER.match(m.string, m.end()) is None:
        return bounds
    first, last, steps = start, end, 0
    while end <= now or every.months and start.day != first.day:  # "the 31st" of a month that has one
        steps += 1
        # (a day's end by its length: "the 30th" after October's is November's 30th to December's 1st, not to the
        # 30th that adding a month to the 31st of October gives)
        start = first + every * steps
        end = max(last + every * steps, start + (last - first))
    return start, end
