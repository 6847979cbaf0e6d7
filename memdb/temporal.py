"""Time in memdb: parsing timestamps, time ranges, as-of semantics, recency and durations.

Every datetime memdb hands out is timezone-aware UTC. Time expressions inside questions ("last
week", "in May 2023") are resolved by ``memdb.timeexpr``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from numbers import Real
from typing import Any, Hashable, Mapping, TypeVar


from memdb.errors import InvalidInputError

K = TypeVar("K", bound=Hashable)

_DAY = timedelta(days=1)
_MAX_TEXT = 200  # longer "timestamps" are not timestamps, and dateparser slows down on them

# ---------------------------------------------------------------- datetimes and timestamps


def to_utc(dt: datetime) -> datetime:
    """Return ``dt`` in UTC; a naive datetime is taken to be UTC already."""
    if not isinstance(dt, datetime):
        raise InvalidInputError(f"expected a datetime, got {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 is in year 0 in UTC
        raise InvalidInputError(f"{dt.isoformat()} is out of range: {RANGE}", details={"value": dt.isoformat()}) from None


def isoformat(dt: datetime) -> str:
    """ISO 8601 in UTC with a ``+00:00`` suffix; such strings sort in time order."""
    return to_utc(dt).isoformat()


#: What ``parse_timestamp`` accepts, said by every error it raises.
ACCEPTED = ("ISO 8601 (2024-05-03, 2024-05-03T13:56:00+02:00), a date in words (3 May 2024) "
            "or epoch seconds (numbers beyond ±2e10 are epoch milliseconds)")
RANGE = "times must lie between 0001-01-01 and 9999-12-31 (UTC)"
#: Epoch numbers larger than this (in absolute value) are milliseconds, as pydantic reads them: in
#: seconds it is the year 2603, in milliseconds 1970-08-20, so neither reading is a plausible other.
EPOCH_MS_ABOVE = 2e10

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_FULL_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MON = rf"(?:(?:{_FULL_MONTHS})\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
_YEAR = r"(?:19|20)\d{2}"

_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
#: Epoch seconds or milliseconds written as text: 9 digits or more (shorter digit strings are
#: years, ISO 8601 basic dates such as 20240503, or typos, never silently 1970).
_EPOCH_TEXT = re.compile(r"^[+-]?\d{9,}(?:\.\d+)?$")
#: Day and month in digits, in either order: 05/03/2024 is 3 May in the US and 5 March elsewhere.
_AMBIGUOUS = re.compile(r"(?<![\d/.-])\d{1,2}(?:[/.-]\d{1,2}[/.-]\d{2,4}|/\d{1,2})(?![\d/.-])")
_DP_SETTINGS: dict[str, Any] = {
    "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"
}
# Without ``now`` relative words have nothing to be relative to, and dateparser would silently
# fill missing parts from today's date: allow only absolute parsers and require month and year.
_DP_ABSOLUTE = {**_DP_SETTINGS, "PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["month", "year"]}


class _Rejected(Exception):
    """Why a value that looks like a time is still refused (ambiguous, out of range)."""


def _parse_dateparser(text: str, now: datetime | None) -> datetime | None:
    import dateparser  # lazy: ~0.3 s to import, and most timestamps never get this far

    try:
        result = dateparser.parse(text, languages=["en"], settings=_DP_ABSOLUTE)
        if result is None and now is not None and re.search(r"[a-z:]", text, re.I):
            relative = {**_DP_SETTINGS, "RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past"}
            result = dateparser.parse(text, languages=["en"], settings=relative)
    except Exception:  # dateparser raises assorted errors on odd input; callers get ours
        return None
    return to_utc(result) if result is not None else None


def _number(value: Real) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond any float
        raise _Rejected(f"out of range: {RANGE}") from None


def _from_epoch(number: float) -> datetime:
    seconds = number / 1000 if abs(number) > EPOCH_MS_ABOVE else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise _Rejected(f"out of range: {RANGE}") from None


def _parse_text(text: str, now: datetime | None) -> datetime | None:
    if not text or len(text) > _MAX_TEXT:
        return None
    try:
        return to_utc(datetime.fromisoformat(text))
    except InvalidInputError:  # a ValueError too: first
        raise _Rejected(f"out of range: {RANGE}") from None
    except ValueError:
        pass
    if m := _YEAR_MONTH.match(text):
        try:
            return datetime(int(m[1]), int(m[2] or 1), 1, tzinfo=UTC)
        except ValueError:
            return None
    if _EPOCH_TEXT.match(text):
        return _from_epoch(float(text))
    if _AMBIGUOUS.search(text):
        raise _Rejected("day and month in digits are ambiguous (05/03 is 3 May in the US, 5 March elsewhere): "
                        "use ISO 8601 (2024-05-03) or words (3 May 2024)")
    return _parse_dateparser(text, now)


def parse_timestamp(value: object, *, field: str = "timestamp", now: datetime | None = None) -> datetime:
    """Parse a datetime, date, epoch seconds (or milliseconds) or text into an aware UTC datetime.

    Text is ISO 8601 or a date in words; naive values are taken as UTC. Relative text
    ("yesterday 5pm", "3 days ago") is accepted only when ``now`` is given. Day and month in
    digits in either order (05/03/2024), booleans, and times outside years 1-9999 in UTC are
    refused. Raises ``InvalidInputError`` naming ``field`` and saying what is accepted.
    """
    result: datetime | None = None
    try:
        if isinstance(value, datetime):
            result = to_utc(value)
        elif isinstance(value, date):
            result = datetime(value.year, value.month, value.day, tzinfo=UTC)
        elif isinstance(value, Real) and not isinstance(value, bool):
            if math.isfinite(number := _number(value)):
                result = _from_epoch(number)
        elif isinstance(value, str):
            result = _parse_text(value.strip(), to_utc(now) if now is not None else None)
    except (_Rejected, InvalidInputError) as exc:
        reason = str(exc) if isinstance(exc, _Rejected) else f"out of range: {RANGE}"
    else:
        if result is not None:
            return result
        reason = f"use {ACCEPTED}"
    shown = repr(value)[:200]
    raise InvalidInputError(f"{field}: cannot parse {shown} as a time; {reason}",
                            details={"field": field, "value": shown})


# ---------------------------------------------------------------- time ranges in questions


@dataclass(frozen=True)
class TimeRange:
    """A half-open UTC interval ``[start, end)``, ``None`` leaving a side open; ``text`` is the expression it
    was read from and ``span`` its offsets in the query."""

    start: datetime | None
    end: datetime | None
    text: str = ""
    span: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_utc(value))
        if self.start is not None and self.end is not None and self.start > self.end:
            details = {"start": isoformat(self.start), "end": isoformat(self.end)}
            raise InvalidInputError("time range ends before it starts", details=details)

    def contains(self, dt: datetime) -> bool:
        dt = to_utc(dt)
        return (self.start is None or self.start <= dt) and (self.end is None or dt < self.end)


@dataclass(frozen=True)
class TimeView:
    """Which memory a read sees. ``as_of``: the memory as it stood at that moment of the
    conversation — turns said by then, facts stated by then and holding then (knowledge time).
    ``recorded_before``: the database as it stood then — rows memdb had stored by then (system
    time, for audit). ``None`` leaves a side unbounded; both bound together."""

    as_of: datetime | None = None
    recorded_before: datetime | None = None

    def __bool__(self) -> bool:
        return self.as_of is not None or self.recorded_before is not None

    def end_known(self, *, invalid_at: datetime | None, end_stated_at: datetime | None,
                  expired_at: datetime | None) -> bool:
        """Whether a fact's end (if any) is known in this view: stated by ``as_of`` and stored
        by ``recorded_before``. An end known only later is not shown in the view."""
        if invalid_at is None:
            return False
        if self.as_of is not None and end_stated_at is not None and to_utc(end_stated_at) > to_utc(self.as_of):
            return False
        return not (self.recorded_before is not None and expired_at is not None
                    and to_utc(expired_at) > to_utc(self.recorded_before))


def fact_holds(
    *, valid_at: datetime | None, invalid_at: datetime | None, end_stated_at: datetime | None, at: datetime,
) -> bool:  # fmt: skip
    """Whether a fact holds at ``at`` as far as the conversation had told by then: begun by ``at``,
    and not ended by then with its end said by then (an end said later has not happened yet)."""
    t = to_utc(at)
    if valid_at is not None and to_utc(valid_at) > t:
        return False
    ended = invalid_at is not None and to_utc(invalid_at) <= t
    told = end_stated_at is None or to_utc(end_stated_at) <= t
    return not (ended and told)


def fact_visible(
    *, valid_at: datetime | None, invalid_at: datetime | None, stated_at: datetime, end_stated_at: datetime | None,
    as_of: datetime | None,
) -> bool:  # fmt: skip
    """Whether a fact shows in the memory as it stood at moment ``as_of`` of the conversation
    (``None``: the full history, everything shows): stated by a turn said by then, and holding
    then (``fact_holds``). Knowledge time is when turns were said, not when memdb stored them,
    so an imported history reads the same as one recorded live."""
    if as_of is None:
        return True
    if to_utc(stated_at) > to_utc(as_of):
        return False
    return fact_holds(valid_at=valid_at, invalid_at=invalid_at, end_stated_at=end_stated_at, at=as_of)


def recency_weight(age_seconds: float, half_life_seconds: float) -> float:
    """0.5 ** (age / half_life): 1.0 for now (or the future), 0.5 one half-life ago."""
    if not isinstance(age_seconds, Real) or math.isnan(age_seconds):
        raise InvalidInputError("age must be a number of seconds", details={"field": "age"})
    return recency_weights({0: float(age_seconds)}, half_life_seconds)[0]


def recency_weights(ages: Mapping[K, float], half_life_seconds: float) -> dict[K, float]:
    """``recency_weight`` of many ages in seconds, the half-life checked once (a search scores
    hundreds of turns)."""
    if not (isinstance(half_life_seconds, Real) and math.isfinite(half_life_seconds) and half_life_seconds > 0):
        details = {"field": "half_life", "value": repr(half_life_seconds)[:200]}
        raise InvalidInputError("half_life must be a positive number of seconds", details=details)
    half_life = float(half_life_seconds)
    return {key: 0.5 ** (max(age, 0.0) / half_life) for key, age in ages.items()}


# A month is 30 days and a year 365: durations are windows, not calendar arithmetic.
_SECONDS = {
    "s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hr": 3600, "hour": 3600,
    "d": 86400, "day": 86400, "w": 604800, "wk": 604800, "week": 604800, "mo": 2592000, "month": 2592000,
    "y": 31536000, "yr": 31536000, "year": 31536000,
}  # fmt: skip
_DURATION = re.compile(r"\s*(?:(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*(?:and\s+)?)+", re.I)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)", re.I)
_ISO_DURATION = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", re.I
)
_ISO_UNITS = (31536000, 2592000, 604800, 86400, 3600, 60, 1)


def _duration_seconds(value: object) -> float | None:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if (m := _ISO_DURATION.fullmatch(text)) and any(m.groups()) and not text.upper().endswith("T"):
        return sum(float(g) * unit for g, unit in zip(m.groups(), _ISO_UNITS) if g)
    if not _DURATION.fullmatch(text):
        return None
    total = 0.0
    for number, unit in _DURATION_PART.findall(text):
        unit = unit.lower()
        if unit not in _SECONDS and len(unit) > 2:
            unit = unit.removesuffix("s")  # "days", "hrs"; but "ms" is not minutes
        if unit not in _SECONDS:
            return None
        total += float(number) * _SECONDS[unit]
    return total


def parse_duration(value: object) -> timedelta:
    """A positive duration from a timedelta, seconds, "30d", "2w", "12h", "90 days", "1 year" or ISO 8601 "P30D"."""
    seconds = _duration_seconds(value)
    try:
        if seconds is not None and math.isfinite(seconds) and seconds > 0:
            return timedelta(seconds=seconds)
    except OverflowError:
        pass
    shown = repr(value)[:200]
    details = {"field": "duration", "value": shown}
    raise InvalidInputError(f"duration: cannot parse {shown} as a positive duration", details=details)
