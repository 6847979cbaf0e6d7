"""Time expressions in questions, resolved against ``now`` into half-open UTC ranges.

``find_time_expressions`` is a hand-written
resolver (precompiled regexes, no dateparser): ``dateparser.search_dates`` is slow and fires on
words such as "may" and "second". Conventions for ambiguous expressions:

* "tonight", "this morning" = today; "last night" = yesterday; "the other day" = the 7 days before today;
* calendar words are whole calendar units: "last week" = the previous Monday-to-Monday week,
  "this month" = the whole month (ranges may reach into the future);
* "N units ago" = the calendar unit containing now - N units ("two weeks ago" = that week);
  vague counts span several units: a couple = 1-3, a few = 2-6, several = 3-9; "N hours ago" = ±1 hour;
* "in the last/past N units", "this past week" = the rolling window [now - N units, now);
  "recently", "lately", "these days", "nowadays" = the last 30 days;
* a bare month, season or date = its most recent instance that has started — its next one when the
  sentence says it is to come ("will be in August": ``time_to_come.py``); "last X" = its most
  recent instance that has ended; "this X" = the instance in progress, else this year's;
  "next X" = the first instance that starts after now; seasons are northern (winter = Dec-Feb);
* a named day ("on Valentine's Day", "over Christmas", "at Easter": ``holidays.py``) = that day,
  after a preposition, "last/this/next" or with a year ("christmas music" is no time);
* a bare or "last" weekday = the most recent such day before today; "this Monday" = the Monday of
  this week; "next Monday" = the Monday of next week;
* "since X" = [X.start, now), "after X" = [X.end, open), "before X" = [open, X.start),
  "until/through X" = [open, X.end), "between X and Y" = [X.start, Y.end);
  "the week before X" = [X.start - 1 week, X.start), "the day after X" = [X.end, X.end + 1 day).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta

from memdb.errors import InvalidInputError
from memdb.holidays import FIXED as FIXED_HOLIDAYS
from memdb.holidays import MOVABLE as MOVABLE_HOLIDAYS
from memdb.holidays import MOVABLE_WORDS as MOVABLE_HOLIDAY_WORDS
from memdb.holidays import WORDS as HOLIDAY_WORDS
from memdb.holidays import holiday_date
from memdb.temporal import _MON, _MONTHS, _YEAR, TimeRange, to_utc
from memdb.time_to_come import said_to_come, still_to_come

_DAY = timedelta(days=1)

_Bounds = tuple[datetime | None, datetime | None]
_Span = tuple[datetime, datetime]
_Resolver = Callable[[re.Match[str], datetime], _Bounds | None]
# (pattern, resolver, words one of which any match contains): scanning a text with every pattern costs ~10 µs a
# rule; checking the words first lets turns be read at ingest, where most of them name no time at all.
_RULES: list[tuple[re.Pattern[str], _Resolver, tuple[str, ...], relativedelta | None]] = []
_DIGITS = tuple("0123456789")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _rule(pattern: str, *, needs: tuple[str, ...], yearly: bool = False, weekly: bool = False,
          monthly: bool = False) -> Callable[[_Resolver], _Resolver]:
    """Register a resolver for ``pattern``, which only matches text holding one of ``needs``
    (lowercase; tests/test_temporal.py checks the results are the same without them).
    ``yearly`` (``weekly``): without a year or "last/this/next", a match is the latest instance
    of something that comes every year — a month, a season, a date — (every week: a weekday),
    which said of the future means the next."""
    compiled = re.compile(pattern, re.I)
    every = (relativedelta(years=1) if yearly else relativedelta(weeks=1) if weekly
             else relativedelta(months=1) if monthly else None)

    def register(resolve: _Resolver) -> _Resolver:
        _RULES.append((compiled, resolve, needs, every))
        return resolve

    return register


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _floor(dt: datetime, unit: str) -> datetime:
    """Start of the calendar day/week/month/year containing ``dt``."""
    day = dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _step(unit: str, n: int) -> relativedelta:
    return relativedelta(**{f"{unit}s": n})


def _month_span(year: int, month: int) -> _Span:
    start = datetime(year + (month - 1) // 12, (month - 1) % 12 + 1, 1, tzinfo=UTC)
    return start, start + relativedelta(months=1)


def _recurring(which: str, now: datetime, span: Callable[[int], _Span]) -> _Span:
    """Pick the instance of a yearly period (a month, a season) that ``which`` refers to."""
    y = now.year
    if which == "this":
        previous = span(y - 1)  # a winter that began last December
        return previous if previous[0] <= now < previous[1] else span(y)
    if which == "next":
        y -= 1
        while span(y)[0] <= now:
            y += 1
        return span(y)
    ended = which in ("last", "past", "previous", "this past")
    y += 1
    while (span(y)[1] if ended else span(y)[0]) > now:
        y -= 1
    return span(y)


_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_VAGUE = {"couple": (1, 3), "few": (2, 6), "several": (3, 9)}
_COUNT = rf"(?P<n>\d{{1,4}}|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few|several|{'|'.join(_COUNTS)})"
_UNIT = r"(?P<unit>hour|day|week|month|year)s?\b"
_WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_WEEKDAY = "|".join(_WEEKDAYS)
_WHICH = r"(?P<which>this\s+past|last|this|next|past|previous)"
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
# Month words that are also verbs or names ("may I", "they march", "ask June"): they count only
# with a year, a day or a time preposition in front.
_AMBIGUOUS = {"may", "march", "mar", "jan", "april", "june", "august"}
_VERB_MONTHS = {"may", "march", "mar"}  # "march 5 miles": a day number alone does not settle it
_STRONG_BEFORE = re.compile(
    r"\b(?:in|on|since|before|after|until|till|during|of|between|from|through|throughout)\s+(?:the\s+year\s+)?$", re.I
)
_MODAL_AFTER = re.compile(
    r"\s+(?:be|been|have|has|not|also|well|just|only|still|never|even|need|want|help|seem|get|go|come|take|make|do"
    r"|find|see|use|try|ask|know|cause|include|change|vary|apply|depend|happen|work|become|allow|require|lead|result"
    r"|affect|mean)\b",
    re.I,
)
# After "this/last/early May" only a clause boundary is safe ("the last may be …", "this may help").
_SAFE_AFTER = re.compile(
    r"\s*$|\s*[?.!,;:)\]\"'—–]|\s+(?:and|or|but|to|through|until|till|when|while|we|you|he|she|they|my|our|your"
    r"|his|her|their|the|at|in|on|for|with|about|did|was|were|had|what|where|who|why|how|this|that|of|vs)\b",
    re.I,
)


def _strong_context(m: re.Match[str]) -> bool:
    return _STRONG_BEFORE.search(m.string, max(0, m.start() - 24), m.start()) is not None


def _month_word_ok(m: re.Match[str], *, weak: bool) -> bool:
    s, end = m.string, m.end()
    if _strong_context(m) and _MODAL_AFTER.match(s, end) is None:
        return True
    return weak and _SAFE_AFTER.match(s, end) is not None


def _count(text: str) -> tuple[int, int]:
    word = _norm(text).removeprefix("a ").removesuffix(" of")
    if word in _VAGUE:
        return _VAGUE[word]
    n = int(word) if word.isdigit() else _COUNTS[word]
    return n, n


_DAY_WORDS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0,
    "this afternoon": 0, "this evening": 0, "tomorrow": 1, "the day after tomorrow": 2,
}  # fmt: skip


@_rule(
    r"\b(?P<w>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|the\s+other\s+day|yesterday|today|tonight|tomorrow"
    r"|last\s+night|this\s+(?:morning|afternoon|evening))(?:\s+(?:morning|afternoon|evening|night))?\b",
    needs=("day", "night", "tomorrow", "morning", "afternoon", "evening"),
)
def _day_word(m: re.Match[str], now: datetime) -> _Bounds:
    word, today = _norm(m["w"]), _floor(now, "day")
    if word == "the other day":
        return today - 7 * _DAY, today
    start = today + _DAY_WORDS[word] * _DAY
    return start, start + _DAY


@_rule(
    r"\b(?P<which>earlier\s+this|so\s+far\s+this|this\s+past|this|last|next|previous)\s+"
    r"(?P<unit>weekend|week|month|year)\b(?P<sofar>\s+so\s+far\b)?",
    needs=("week", "month", "year"),
)
def _calendar(m: re.Match[str], now: datetime) -> _Bounds | None:
    which, unit = _norm(m["which"]), m["unit"].lower()
    if unit == "weekend":
        offset = {"next": 1, "last": -1, "previous": -1, "this past": -1}.get(which, 0)
        start = _floor(now, "week") + (5 + 7 * offset) * _DAY
        return start, start + 2 * _DAY
    if which == "this past":
        return None  # "this past week" is the rolling window
    offset = {"last": -1, "previous": -1, "next": 1}.get(which, 0)
    start = _floor(now, unit) + _step(unit, offset)
    if which in ("earlier this", "so far this") or (m["sofar"] and offset == 0):
        return start, now
    return start, start + _step(unit, 1)


@_rule(rf"\b(?:(?:about|around|roughly|approximately|almost|nearly)\s+)?{_COUNT}\s+{_UNIT}\s+ago\b", needs=("ago",))
def _ago(m: re.Match[str], now: datetime) -> _Bounds:
    (lo, hi), unit = _count(m["n"]), m["unit"].lower()
    if unit == "hour":  # an hour either side: users round to the hour
        return now - timedelta(hours=hi + 1), min(now, now - timedelta(hours=lo - 1))
    return _floor(now - _step(unit, hi), unit), _floor(now - _step(unit, lo), unit) + _step(unit, 1)


@_rule(
    rf"\b(?:(?P<prep>in|over|within|during|for)\s+)?(?:the\s+)?(?P<kind>this\s+past|past|last|previous)\s+"
    rf"(?:{_COUNT}\s+)?{_UNIT}",
    needs=("hour", "day", "week", "month", "year"),
)
def _rolling(m: re.Match[str], now: datetime) -> _Bounds | None:
    if m["n"] is None and m["prep"] is None and _norm(m["kind"]) in ("last", "previous"):
        return None  # plain "last week" is the calendar week
    hi = _count(m["n"])[1] if m["n"] else 1
    return now - _step(m["unit"].lower(), hi), now


@_rule(r"\bthe\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?=\s*(?:[.!?,;:)]|$)|\s+(?:and|or|at|so|but|when|then"
       r"|which|is|was|will|we|I|he|she|they)\b)", needs=("st", "nd", "rd", "th"), monthly=True)
def _day_of_month(m: re.Match[str], now: datetime) -> _Bounds:
    """"My last day is the 28th", "we got the keys on the 1st": a day of this month, or of the
    last one if it has not come yet (to come, when the sentence says so)."""
    day, today = int(m["d"]), _floor(now, "day")
    month = today.replace(day=1) - relativedelta(months=0 if day <= today.day else 1)
    while month.replace(day=28) + relativedelta(day=day) != month.replace(day=28) + relativedelta(days=day - 28):
        month -= relativedelta(months=1)  # "the 31st" said in April: of March
    start = month + relativedelta(days=day - 1)
    return start, start + _DAY


@_rule(r"\b(?:recently|lately|these\s+days|nowadays)\b", needs=("recently", "lately", "days", "nowadays"))
def _recent(m: re.Match[str], now: datetime) -> _Bounds:
    return now - 30 * _DAY, now


@_rule(rf"\b(?:{_WHICH}\s+)?(?P<wd>{_WEEKDAY})\b(?:\s+(?:morning|afternoon|evening|night)\b)?", needs=("day",),
       weekly=True)
def _weekday(m: re.Match[str], now: datetime) -> _Bounds:
    wd, which, today = _WEEKDAYS[m["wd"].lower()], _norm(m["which"]), _floor(now, "day")
    if which in ("this", "next"):
        start = _floor(now, "week") + (wd + (7 if which == "next" else 0)) * _DAY
    else:
        start = today - ((today.weekday() - wd) % 7 or 7) * _DAY
    return start, start + _DAY


@_rule(rf"\b(?:on\s+)?(?P<wd>{_WEEKDAY})\s+week\b(?!\s*(?:day|end|night))", needs=("week",))
def _weekday_week(m: re.Match[str], now: datetime) -> _Bounds:
    """"Friday week" (British): a week after the coming Friday, said on any day before it."""
    wd, today = _WEEKDAYS[m["wd"].lower()], _floor(now, "day")
    start = today + (((wd - today.weekday()) % 7 or 7) + 7) * _DAY
    return start, start + _DAY


@_rule(r"\b(?:in|after|over|into|from|by)\s+the\s+new\s+year\b", needs=("new year",))
def _new_year(m: re.Match[str], now: datetime) -> _Bounds:
    """"in the new year": the first weeks of the coming year, said from September on; of this one before then."""
    year = now.year + (now.month >= 9)
    return datetime(year, 1, 1, tzinfo=now.tzinfo), datetime(year, 2, 1, tzinfo=now.tzinfo)


@_rule(
    r"\b(?:the\s+)?(?P<part>beginning|start|middle|end)\s+of\s+(?P<which>the|this|next|last)\s+"
    r"(?P<unit>week|month|year)\b",
    needs=("beginning", "start", "middle", "end"),
)
def _part_of_unit(m: re.Match[str], now: datetime) -> _Bounds:
    """"(at) the end of the month", "the beginning of next year": a third of the month or year
    (10 days, 4 months); of a week, its first two days, middle two or last three."""
    unit = m["unit"].lower()
    start = _floor(now, unit) + _step(unit, {"next": 1, "last": -1}.get(m["which"].lower(), 0))
    part = {"end": 2, "middle": 1}.get(m["part"].lower(), 0)
    if unit == "week":
        first, last = ((0, 2), (2, 4), (4, 7))[part]
        return start + first * _DAY, start + last * _DAY
    thirds = [start, start + relativedelta(days=10), start + relativedelta(days=20), start + relativedelta(months=1)]
    if unit == "year":
        thirds = [start + relativedelta(months=4 * i) for i in range(4)]
    return thirds[part], thirds[part + 1]


# "three weeks left at Halden", "four more weeks and then she's free": what runs on that long ends then
@_rule(rf"\b{_COUNT}\s+(?:(?P<more>more)\s+)?{_UNIT}(?(more)|(?:'s|')?\s+(?:left|to\s+go|remaining)\b)",
       needs=("left", "go", "remaining", "more"))
@_rule(rf"\bin\s+(?:(?:about|around|roughly|another)\s+)?{_COUNT}\s+{_UNIT}(?!\s+(?:ago|time|old|before|earlier))",
       needs=("day", "week", "month", "year"))
def _from_now(m: re.Match[str], now: datetime) -> _Bounds:
    """"in two weeks", "in a couple of months": that far ahead of now, a unit wide."""
    (lo, hi), unit = _count(m["n"]), m["unit"].lower()
    day = _floor(now, "day")
    return day + _step(unit, lo), day + _step(unit, hi + 1)


_PARTS = {
    "early": (1, 11), "beginning of": (1, 11), "start of": (1, 11), "mid": (11, 21), "middle of": (11, 21),
    "late": (21, 0), "end of": (21, 0),
}  # fmt: skip


@_rule(
    r"\b(?:(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)[\s-]+)?"
    rf"(?:{_WHICH}\s+)?(?P<mon>{_MON})(?:,?\s+(?:of\s+)?(?P<year>{_YEAR})\b)?",
    yearly=True,
    needs=_MONTH_STEMS,
)
def _month(m: re.Match[str], now: datetime) -> _Bounds | None:
    key = m["mon"].rstrip(".").lower()
    month = _MONTHS[key]
    if m["year"] is None and key in _AMBIGUOUS and not _month_word_ok(m, weak=bool(m["which"] or m["part"])):
        return None
    if m["year"]:
        start, end = _month_span(int(m["year"]), month)
    else:
        start, end = _recurring(_norm(m["which"]), now, lambda y: _month_span(y, month))
    if m["part"]:
        first, last = _PARTS[_norm(m["part"]).removeprefix("the ")]
        start, end = start.replace(day=first), (start.replace(day=last) if last else end)
    return start, end


@_rule(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:(?:the\s+)?(?P<d1>\d{{1,2}})(?P<o1>st|nd|rd|th)?\s+"
    rf"(?P<of>of\s+)?(?P<m1>{_MON})|(?P<m2>{_MON})\s+(?:the\s+)?(?P<d2>\d{{1,2}})"
    rf"(?P<o2>st|nd|rd|th)?(?![:\w]))(?:,?\s+(?P<y>{_YEAR})\b)?",
    yearly=True,
    needs=_MONTH_STEMS,
)
def _date(m: re.Match[str], now: datetime) -> _Bounds | None:
    key = (m["m1"] or m["m2"]).rstrip(".").lower()
    month, day = _MONTHS[key], int(m["d1"] or m["d2"])
    sure = m["y"] or m["o1"] or m["o2"] or m["of"] or m["wd"] or _strong_context(m)
    if key in _VERB_MONTHS and not sure or key in _AMBIGUOUS and not (sure or m["m2"]):
        return None
    years = [int(m["y"])] if m["y"] else range(now.year, now.year - 8, -1)
    for year in years:  # without a year: the most recent such day up to today (Feb 29 too)
        try:
            start = datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            continue
        if m["y"] or start <= now:
            return start, start + _DAY
    return None


@_rule(rf"(?<![\w/.-])(?P<y>{_YEAR})(?P<sep>[-/])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<d>\d{{1,2}}))?(?![\d/-])", needs=_DIGITS)
def _iso_date(m: re.Match[str], now: datetime) -> _Bounds:
    year, month = int(m["y"]), int(m["m"])
    if m["d"] is None:
        if not 1 <= month <= 12:
            raise ValueError("month out of range")
        return _month_span(year, month)
    start = datetime(year, month, int(m["d"]), tzinfo=UTC)
    return start, start + _DAY


@_rule(rf"(?<![\w/.-])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})(?![\w/])", needs=("/",))
def _slash_date(m: re.Match[str], now: datetime) -> _Bounds | None:
    a, b = int(m["a"]), int(m["b"])
    if a > 12 >= b or a == b:
        day, month = a, b
    elif b > 12 >= a:
        month, day = a, b
    else:
        return None  # 8/5/2023: May 8 in Europe, August 5 in the US
    start = datetime(int(m["y"]), month, day, tzinfo=UTC)
    return start, start + _DAY


@_rule(
    rf"\b(?:the\s+)?(?:{_WHICH}\s+)?(?P<season>spring|summer|fall|autumn|winter)\b"
    rf"(?:,?\s+(?:of\s+)?(?P<year>{_YEAR})\b)?",
    yearly=True,
    needs=("spring", "summer", "fall", "autumn", "winter"),
)
def _season(m: re.Match[str], now: datetime) -> _Bounds | None:
    first = _SEASONS[m["season"].lower()]  # northern hemisphere; winter starts in December

    def span(y: int) -> _Span:
        return _month_span(y, first)[0], _month_span(y, first + 3)[0]

    if m["year"]:
        return span(int(m["year"]))
    if not m["which"] and not _strong_context(m) and not (
            m.group().lower().startswith("the") and _SEASON_BEFORE.search(m.string, max(0, m.start() - 8), m.start())):
        return None  # "summer camp", "spring cleaning", "did I fall"
    return _recurring(_norm(m["which"]), now, span)


_HOLIDAY = rf"\b(?:{_WHICH}\s+)?(?P<h>NAMES)(?:\s+(?P<year>{_YEAR}))?\b"
_AROUND_BEFORE = re.compile(r"\b(?:at|over|for|around|by|till|until)\s+$", re.I)


def _holiday(m: re.Match[str], now: datetime) -> _Bounds | None:
    """"on Valentine's Day", "over Christmas", "last Easter", "Easter 2023": that day (not the
    "christmas music" of any year)."""
    if not (m["year"] or m["which"] or _strong_context(m) or _AROUND_BEFORE.search(m.string, max(0, m.start() - 8), m.start())):
        return None

    def span(y: int) -> _Span:
        start = datetime.combine(holiday_date(m["h"], y), datetime.min.time(), tzinfo=UTC)
        return start, start + _DAY

    if m["year"]:
        return span(int(m["year"]))
    bounds = _recurring(_norm(m["which"]), now, span)
    if not m["which"] and bounds[1] <= now and said_to_come(m):
        bounds = _recurring("next", now, span)  # "we fly out at Easter": Easter moves, so not a year from the last
    return bounds


# Days of a fixed date come every year (said of the future: the next); Easter and Thanksgiving move.
_rule(_HOLIDAY.replace("NAMES", FIXED_HOLIDAYS), yearly=True, needs=HOLIDAY_WORDS)(_holiday)
_rule(_HOLIDAY.replace("NAMES", MOVABLE_HOLIDAYS), needs=MOVABLE_HOLIDAY_WORDS)(_holiday)


_SEASON_BEFORE = re.compile(r"\b(?:for|over)\s+$", re.I)  # "plans for the summer", "over the winter"
_YEAR_PARTS = {"early": (1, 5), "mid": (5, 9), "late": (9, 13)}


@_rule(rf"\b(?:(?P<part>early|mid|late)[\s-]+)?(?P<y>{_YEAR})\b(?![-/:.]\d)", needs=("19", "20"))
def _year(m: re.Match[str], now: datetime) -> _Bounds | None:
    if not m["part"] and not _strong_context(m):
        return None  # a bare number like "2000 steps"
    first, last = _YEAR_PARTS.get(_norm(m["part"]), (1, 13))
    return _month_span(int(m["y"]), first)[0], _month_span(int(m["y"]), last)[0]


_THROUGH = r"\s*(?:and|to|until|till|through|-|–)\s*"


@_rule(
    rf"\b(?:between|from)\s+(?P<m1>{_MON})(?:,?\s+(?P<y1>{_YEAR})\b)?{_THROUGH}"
    rf"(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR})\b)?",
    needs=("between", "from"),
)
def _month_between(m: re.Match[str], now: datetime) -> _Bounds | None:
    a, b = _MONTHS[m["m1"].rstrip(".").lower()], _MONTHS[m["m2"].rstrip(".").lower()]
    if m["y2"]:
        y2 = int(m["y2"])
    elif m["y1"]:
        y2 = int(m["y1"]) + (b < a)
    else:
        y2 = _recurring("", now, lambda y: _month_span(y, b))[0].year
    y1 = int(m["y1"]) if m["y1"] else y2 - (a > b)
    start, end = _month_span(y1, a)[0], _month_span(y2, b)[1]
    return (start, end) if start < end else None


@_rule(rf"\b(?:between|from)\s+(?P<y1>{_YEAR}){_THROUGH}(?P<y2>{_YEAR})\b", needs=("between", "from"))
def _year_between(m: re.Match[str], now: datetime) -> _Bounds | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    return (datetime(y1, 1, 1, tzinfo=UTC), datetime(y2 + 1, 1, 1, tzinfo=UTC)) if y1 <= y2 else None


_PREFIX = re.compile(
    r"\b(?:the\s+(?P<unit>day|week|month|year)\s+(?P<side>before|after)"
    r"|(?P<mod>ever\s+since|since|after|before|prior\s+to|until|till|up\s+(?:to|until)|through)"
    r"|in|on|during|from|between|within|over|for|throughout)\s+$",
    re.I,
)
_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.I)
_GAP = re.compile(r"\s+(?:and|to|until|till|through)\s+|\s*[-–]\s*", re.I)

_Hit = tuple[int, int, datetime | None, datetime | None]


def _merge_between(query: str, hits: list[_Hit]) -> list[_Hit]:
    """Join "between X and Y" / "from X to Y" into one range."""
    merged: list[_Hit] = []
    i = 0
    while i < len(hits):
        s, e, start, end = hits[i]
        if i + 1 < len(hits):
            s2, e2, _, end2 = hits[i + 1]
            before = _BETWEEN.search(query, max(0, s - 10), s)
            if before and _GAP.fullmatch(query, e, s2) and start is not None and end2 is not None and start < end2:
                merged.append((before.start(), e2, start, end2))
                i += 2
                continue
        merged.append((s, e, start, end))
        i += 1
    return merged


def _apply_prefix(query: str, hit: _Hit, floor: int, now: datetime) -> _Hit:
    """Fold a preposition in front of an expression into its span, and bound the range by it."""
    s, e, start, end = hit
    m = _PREFIX.search(query, max(floor, s - 24), s)
    if m is None:
        return hit
    side, mod = _norm(m["side"]), _norm(m["mod"])
    if side == "before" and start is not None:  # "the week before 9 June": that week, not all before it
        start, end = start - _step(m["unit"].lower(), 1), start
    elif side == "after" and end is not None:
        start, end = end, end + _step(m["unit"].lower(), 1)
    elif mod in ("since", "ever since") and start is not None:
        end = now if start < now else None
    elif mod == "after" and end is not None:
        start, end = end, None
    elif mod in ("before", "prior to") and start is not None:
        start, end = None, start
    elif mod in ("until", "till", "up to", "up until", "through") and end is not None:
        start = None
    elif mod or side:
        return hit  # a bound on an open side: keep the expression as it is
    return m.start(), e, start, end


_ORDINAL_UNITS = ("first second third fourth fifth sixth seventh eighth ninth").split()
_ORDINALS = {word: i + 1 for i, word in enumerate(_ORDINAL_UNITS)} | {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    **{f"twenty{sep}{word}": 21 + i for i, word in enumerate(_ORDINAL_UNITS) for sep in ("-", " ")},
    "thirty-first": 31, "thirty first": 31,
}
# "the twenty-ninth" as a day of the month: before a month, or after "on" where a date ends ("we
# got the keys on the third."; not "she was the first.")
_ORDINAL_WORDS = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_ORDINAL_DAY = re.compile(
    rf"\bthe\s+(?P<ord>{_ORDINAL_WORDS})\b(?=\s+of\s+(?:{_MON}))|"
    rf"\b(?:on|by|until|till|from|before|after|since)\s+the\s+(?P<bare>{_ORDINAL_WORDS})\b"
    rf"(?=\s*(?:[.!?,;:)]|$)|\s+(?:and|or|at|so|but|when|then|which|is|was|will|we|I|he|she|they)\b)",
    re.IGNORECASE)


def _ordinal_digits(text: str) -> str:
    """``text`` with a day told in words written in digits, padded to the same length ("the
    twenty-ninth" → "the 29th        "), so the date rules read it and offsets stay."""
    def digits(m: re.Match[str]) -> str:
        group = "ord" if m["ord"] else "bare"
        day = _ORDINALS[" ".join(m[group].lower().split())]
        word = f"{day}{'th' if 10 < day < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
        return m.group()[: m.start(group) - m.start()] + word.ljust(len(m[group]))
    return _ORDINAL_DAY.sub(digits, text) if "the" in text.lower() else text


def find_time_expressions(query: str, now: datetime, *, said: bool = False) -> list[TimeRange]:
    """Resolve the time expressions in ``query`` against ``now``, in query order; of overlapping matches the
    longest wins. Expressions that resolve to nothing (a modal "may", a date that does not exist) are left out.
    ``said``: the text is a turn said at ``now``, not a question about the past, so a yearly time it
    says is to come is the next one ("will be in August")."""
    if not isinstance(query, str):
        raise InvalidInputError("query must be a string", details={"field": "query"})
    now = to_utc(now)
    hits: list[_Hit] = []
    query = _ordinal_digits(query)
    lowered = query.lower()
    for pattern, resolve, needs, every in _RULES:
        if needs and not any(word in lowered for word in needs):
            continue
        for m in pattern.finditer(query):
            try:
                bounds = resolve(m, now)
                if bounds is not None and every is not None and said:
                    bounds = still_to_come(m, bounds, now, every)
            except (ValueError, OverflowError):  # "9999 years ago", "2023-02-30"
                continue
            if bounds is not None:
                hits.append((m.start(), m.end(), *bounds))
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
            chosen.append(hit)
    ranges: list[TimeRange] = []
    floor = 0
    for hit in _merge_between(query, sorted(chosen)):
        s, e, start, end = _apply_prefix(query, hit, floor, now)
        floor = e
        if start is not None and end is not None and start >= end:
            continue
        ranges.append(TimeRange(start, end, query[s:e], (s, e)))
    return ranges
