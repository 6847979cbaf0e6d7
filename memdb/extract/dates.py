"""Date spans in one sentence: "in May 2023", "since 2020", "last March", "on the 3rd" — the spans only,
dated when they carry their year (what a time means is timeexpr.py's)."""

from __future__ import annotations

import re
from datetime import datetime

from memdb.extract import lexicon as lx
from memdb.extract.entities import Span
from memdb.extract.text import Sentence, Token

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = (
    r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)s?"
    r"|(?:Tues|Thurs|Fri)\b"
)
_YEAR = r"(?:19|20)\d\d"
_REL = r"(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Ee]arly|[Ll]ate|[Mm]id-?)"
_PREP = r"(?:in|on|since|until|till|by|during|before|after|from|of|through|around|circa|back in)"
_DATE_RE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"
    rf"|(?:{_REL}\s+)?{_MONTH}(?:\s+{_YEAR}\b)?(?=\s|[.,!?;:)]|$)"
    rf"|{_YEAR}-\d\d-\d\d\b|\d{{1,2}}/\d{{1,2}}/(?:{_YEAR}|\d\d)\b"
    rf"|\b{_PREP}\s+{_YEAR}s?\b"
    rf"|(?:{_REL}\s+)?(?:{_DAY})"
    rf"|{_REL}\s+(?:week|weekend|month|year|summer|winter|spring|fall|autumn|semester))\b"
)
# A month word alone is a date only after a time preposition or next to a number or "last/next":
# this keeps the modal "May I ..." and the name "June" out.
_BARE_MONTH_OK = frozenset("in on since until till by during before after from of through".split())
_LEAD_PREP_RE = re.compile(rf"{_PREP}\s+(?=\d)")
_MD_RE = re.compile(rf"({_MONTH})|({_YEAR})|\b(\d{{1,2}})(?:st|nd|rd|th)?\b")


def find_dates(sent: Sentence, occurred_at: datetime) -> list[Span]:
    spans = []
    toks = sent.tokens
    for m in _DATE_RE.finditer(sent.text):
        text = m.group()
        lead = _LEAD_PREP_RE.match(text)
        if lead:  # "since 2020" names the date "2020"
            text = text[lead.end() :]
        start = sent.start + m.end() - len(text)
        end = sent.start + m.end()
        if re.fullmatch(_MONTH, text):  # a lone month word needs a preposition before it
            before = sent.text[: m.start()].split()
            if not before or before[-1].lower() not in _BARE_MONTH_OK:
                continue
        first = _tok_at(toks, start)
        last = _tok_at(toks, end - 1)
        if first < 0 or last < 0:
            continue
        spans.append(
            Span(text, text, "date", start, end, first, last, valid_at=_parse_date(text, occurred_at))
        )
    return spans


def _parse_date(text: str, occurred_at: datetime) -> datetime | None:
    """A datetime only for dates that carry an explicit year ("May 2023", "since 2020")."""
    year = month = day = None
    if re.match(rf"{_YEAR}-\d\d-\d\d$", text):
        y, mo, d = text.split("-")
        year, month, day = int(y), int(mo), int(d)
    else:
        for m in _MD_RE.finditer(text):
            if m.group(1):
                month = lx.MONTHS.get(m.group(1).rstrip(".").lower())
            elif m.group(2):
                year = int(m.group(2))
            elif m.group(3):
                day = int(m.group(3))
    if year is None:
        return None
    try:
        return datetime(year, month or 1, day or 1, tzinfo=occurred_at.tzinfo)
    except ValueError:
        return None


def _tok_at(toks: list[Token], pos: int) -> int:
    for i, t in enumerate(toks):
        if t.start <= pos < t.end:
            return i
    return -1
