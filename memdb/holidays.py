"""Days people name instead of dates ("on Valentine's Day", "over Christmas", "Easter Monday"):
their date in a given year, for the time expressions of ``timeexpr.py``. Days whose date every
country agrees on, and Easter and US Thanksgiving, which are computed; not the ones that differ
by country or calendar (Mother's Day, Diwali, Eid)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

_FIXED = {
    "new year's day": (1, 1), "burns night": (1, 25), "valentine's day": (2, 14), "valentine's": (2, 14),
    "st patrick's day": (3, 17), "paddy's day": (3, 17), "fourth of july": (7, 4), "halloween": (10, 31),
    "bonfire night": (11, 5), "guy fawkes night": (11, 5), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "xmas": (12, 25), "boxing day": (12, 26), "new year's eve": (12, 31), "hogmanay": (12, 31),
}  # fmt: skip
_FROM_EASTER = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1}
_FIXED_BY_KEY = {name.replace("'", ""): day for name, day in _FIXED.items()}  # as holiday_date looks them up


def _alternation(names: list[str]) -> str:
    """The names as a regex alternation, longest first; apostrophes and the dot of "St." optional."""
    return "|".join(sorted((n.replace("'", "'?").replace("st ", r"st\.?\s+").replace(" ", r"\s+") for n in names),
                           key=len, reverse=True))


FIXED, MOVABLE = _alternation(list(_FIXED)), _alternation([*_FROM_EASTER, "thanksgiving"])
# Words one of which every name holds (a pre-filter).
MOVABLE_WORDS = ("easter", "good friday", "thanksgiving")
WORDS = ("new year", "burns", "valentine", "patrick", "paddy", "fourth of july", "halloween", "bonfire", "fawkes",
         "christmas", "xmas", "boxing", "hogmanay", *MOVABLE_WORDS)


def holiday_date(name: str, year: int) -> date:
    """The date of the named day in ``year`` ("christmas" → 25 December; "easter" → Easter Sunday)."""
    key = " ".join(name.lower().replace("st.", "st").replace("'", "").split())
    if key in _FIXED_BY_KEY:
        return date(year, *_FIXED_BY_KEY[key])
    if key in _FROM_EASTER:
        return easter(year) + timedelta(days=_FROM_EASTER[key])
    if key == "thanksgiving":  # the fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    raise KeyError(name)
