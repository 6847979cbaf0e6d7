"""Tests for memdb.temporal: timestamps, time expressions in questions, as-of semantics, weights."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from memdb.errors import InvalidInputError
from memdb.temporal import (
    TimeRange,
    isoformat,
    parse_duration,
    parse_timestamp,
    recency_weight,
    to_utc,
)
from memdb.retrieve.intent import strip_time_expressions
from memdb.timeexpr import find_time_expressions

NOW = datetime(2024, 3, 13, 15, 0, tzinfo=UTC)  # a Wednesday
PLUS2 = timezone(timedelta(hours=2))


def d(month: int, day: int, hour: int = 0, *, year: int = 2024) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def y(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


# (query, matched text, start, end) — each query holds exactly one expression.
EXPRESSIONS = [
    # days
    ("what did we eat yesterday?", "yesterday", d(3, 12), d(3, 13)),
    ("what is on my list today", "today", d(3, 13), d(3, 14)),
    ("what did I say the day before yesterday", "the day before yesterday", d(3, 11), d(3, 12)),
    ("any plans for tonight", "for tonight", d(3, 13), d(3, 14)),
    ("what did I eat this morning", "this morning", d(3, 13), d(3, 14)),
    ("the movie I watched last night", "last night", d(3, 12), d(3, 13)),
    ("who called yesterday evening", "yesterday evening", d(3, 12), d(3, 13)),
    ("what is planned tomorrow", "tomorrow", d(3, 14), d(3, 15)),
    ("the cafe I mentioned the other day", "the other day", d(3, 6), d(3, 13)),
    # calendar weeks, months, years
    ("what happened last week", "last week", d(3, 4), d(3, 11)),
    ("meetings this week", "this week", d(3, 11), d(3, 18)),
    ("meetings next week", "next week", d(3, 18), d(3, 25)),
    ("what did I buy earlier this week", "earlier this week", d(3, 11), NOW),
    ("where did we go last weekend", "last weekend", d(3, 9), d(3, 11)),
    ("plans this weekend", "this weekend", d(3, 16), d(3, 18)),
    ("how was this past weekend", "this past weekend", d(3, 9), d(3, 11)),
    ("books I read last month", "last month", d(2, 1), d(3, 1)),
    ("books I read this month", "this month", d(3, 1), d(4, 1)),
    ("what changed earlier this month", "earlier this month", d(3, 1), NOW),
    ("trips last year", "last year", y(2023), y(2024)),
    ("goals this year", "this year", y(2024), y(2025)),
    ("what did I learn this year so far", "this year so far", y(2024), NOW),
    # N units ago: the calendar unit around that point
    ("3 days ago I met Sam", "3 days ago", d(3, 10), d(3, 11)),
    ("a day ago", "a day ago", d(3, 12), d(3, 13)),
    ("10 days ago", "10 days ago", d(3, 3), d(3, 4)),
    ("two weeks ago", "two weeks ago", d(2, 26), d(3, 4)),
    ("a week ago", "a week ago", d(3, 4), d(3, 11)),
    ("3 months ago", "3 months ago", y(2023, 12), y(2024)),
    ("two years ago", "two years ago", y(2022), y(2023)),
    ("a year ago", "a year ago", y(2023), y(2024)),
    ("a couple of days ago", "a couple of days ago", d(3, 10), d(3, 13)),
    ("a few days ago", "a few days ago", d(3, 7), d(3, 12)),
    ("a few weeks ago", "a few weeks ago", d(1, 29), d(3, 4)),
    ("several months ago", "several months ago", y(2023, 6), y(2024)),
    ("about 3 hours ago", "about 3 hours ago", d(3, 13, 11), d(3, 13, 13)),
    ("an hour ago", "an hour ago", d(3, 13, 13), NOW),
    # rolling windows ending now
    ("in the last 3 days", "in the last 3 days", d(3, 10, 15), NOW),
    ("over the past month", "over the past month", d(2, 13, 15), NOW),
    ("in the past two weeks", "in the past two weeks", d(2, 28, 15), NOW),
    ("the past few weeks", "the past few weeks", d(1, 31, 15), NOW),
    ("what did I do in the last year", "in the last year", datetime(2023, 3, 13, 15, tzinfo=UTC), NOW),
    ("this past week", "this past week", d(3, 6, 15), NOW),
    ("last 24 hours", "last 24 hours", d(3, 12, 15), NOW),
    ("within the last 6 months", "within the last 6 months", datetime(2023, 9, 13, 15, tzinfo=UTC), NOW),
    ("what have I been reading recently", "recently", d(2, 12, 15), NOW),
    ("how is she lately", "lately", d(2, 12, 15), NOW),
    ("what do I cook these days", "these days", d(2, 12, 15), NOW),
    # months
    ("what did I do in May 2023", "in May 2023", y(2023, 5), y(2023, 6)),
    ("May 2023 trip", "May 2023", y(2023, 5), y(2023, 6)),
    ("what happened in May?", "in May", y(2023, 5), y(2023, 6)),
    ("what happened last May", "last May", y(2023, 5), y(2023, 6)),
    ("what happened in March", "in March", y(2024, 3), y(2024, 4)),
    ("what happened last March", "last March", y(2023, 3), y(2023, 4)),
    ("plans for this May", "for this May", y(2024, 5), y(2024, 6)),
    ("plans next March", "next March", y(2025, 3), y(2025, 4)),
    ("my February trip", "February", y(2024, 2), y(2024, 3)),
    ("last December", "last December", y(2023, 12), y(2024)),
    ("in Sept we moved", "in Sept", y(2023, 9), y(2023, 10)),
    ("in Jan. 2023", "in Jan. 2023", y(2023, 1), y(2023, 2)),
    ("May of 2023", "May of 2023", y(2023, 5), y(2023, 6)),
    ("early May 2023", "early May 2023", y(2023, 5), y(2023, 5, 11)),
    ("mid-June 2022", "mid-June 2022", y(2022, 6, 11), y(2022, 6, 21)),
    ("late May", "late May", y(2023, 5, 21), y(2023, 6)),
    ("at the end of May 2023", "the end of May 2023", y(2023, 5, 21), y(2023, 6)),
    # years and seasons
    ("where did I live in 2022", "in 2022", y(2022), y(2023)),
    ("early 2023", "early 2023", y(2023), y(2023, 5)),
    ("in the summer of 2022", "in the summer of 2022", y(2022, 6), y(2022, 9)),
    ("last summer", "last summer", y(2023, 6), y(2023, 9)),
    ("this summer", "this summer", y(2024, 6), y(2024, 9)),
    ("in the winter", "in the winter", y(2023, 12), y(2024, 3)),
    ("last winter", "last winter", y(2023, 12), y(2024, 3)),
    ("winter 2022", "winter 2022", y(2022, 12), y(2023, 3)),
    ("in the fall", "in the fall", y(2023, 9), y(2023, 12)),
    ("last autumn", "last autumn", y(2023, 9), y(2023, 12)),
    ("in spring", "in spring", y(2024, 3), y(2024, 6)),
    # explicit dates
    ("on 8 May 2023", "on 8 May 2023", y(2023, 5, 8), y(2023, 5, 9)),
    ("May 8th, 2023", "May 8th, 2023", y(2023, 5, 8), y(2023, 5, 9)),
    ("May 8, 2023", "May 8, 2023", y(2023, 5, 8), y(2023, 5, 9)),
    ("the 8th of May 2023", "the 8th of May 2023", y(2023, 5, 8), y(2023, 5, 9)),
    ("log of 2023-05-08", "2023-05-08", y(2023, 5, 8), y(2023, 5, 9)),
    ("2023/05/08", "2023/05/08", y(2023, 5, 8), y(2023, 5, 9)),
    ("2023-05", "2023-05", y(2023, 5), y(2023, 6)),
    ("13/5/2023", "13/5/2023", y(2023, 5, 13), y(2023, 5, 14)),
    ("5/13/2023", "5/13/2023", y(2023, 5, 13), y(2023, 5, 14)),
    ("what did we eat on May 8", "on May 8", y(2023, 5, 8), y(2023, 5, 9)),
    ("on March 13", "on March 13", d(3, 13), d(3, 14)),
    ("on March 14", "on March 14", y(2023, 3, 14), y(2023, 3, 15)),
    ("Jan 5", "Jan 5", d(1, 5), d(1, 6)),
    ("1:56 pm on 8 May, 2023", "on 8 May, 2023", y(2023, 5, 8), y(2023, 5, 9)),
    ("Monday, May 8 2023", "Monday, May 8 2023", y(2023, 5, 8), y(2023, 5, 9)),
    # weekdays: bare and "last" skip today
    ("what did I do on Monday", "on Monday", d(3, 11), d(3, 12)),
    ("last Monday", "last Monday", d(3, 11), d(3, 12)),
    ("on Wednesday", "on Wednesday", d(3, 6), d(3, 7)),
    ("last Friday night", "last Friday night", d(3, 8), d(3, 9)),
    ("Thursday", "Thursday", d(3, 7), d(3, 8)),
    ("on Sunday", "on Sunday", d(3, 10), d(3, 11)),
    ("this Monday", "this Monday", d(3, 11), d(3, 12)),
    ("this Friday", "this Friday", d(3, 15), d(3, 16)),
    ("next Monday", "next Monday", d(3, 18), d(3, 19)),
    # one-sided bounds and spans
    ("since March 2023", "since March 2023", y(2023, 3), NOW),
    ("what changed since last week", "since last week", d(3, 4), NOW),
    ("since yesterday", "since yesterday", d(3, 12), NOW),
    ("ever since 2020", "ever since 2020", y(2020), NOW),
    ("before 2021", "before 2021", None, y(2021)),
    ("until June", "until June", None, y(2023, 7)),
    ("after May 2023", "after May 2023", y(2023, 6), None),
    ("prior to last month", "prior to last month", None, d(2, 1)),
    ("between March and May 2023", "between March and May 2023", y(2023, 3), y(2023, 6)),
    ("from January to March", "from January to March", y(2024), y(2024, 4)),
    ("between Nov and Feb", "between Nov and Feb", y(2023, 11), y(2024, 3)),
    ("between May 2022 and March 2023", "between May 2022 and March 2023", y(2022, 5), y(2023, 4)),
    ("between 2020 and 2022", "between 2020 and 2022", y(2020), y(2023)),
    ("from last Monday to yesterday", "from last Monday to yesterday", d(3, 11), d(3, 13)),
    ("the week before 9 June 2023", "the week before 9 June 2023", y(2023, 6, 2), y(2023, 6, 9)),
    ("the day after May 8, 2023", "the day after May 8, 2023", y(2023, 5, 9), y(2023, 5, 10)),
    ("the month before last week", "the month before last week", d(2, 4), d(3, 4)),
    ("plans for the summer", "for the summer", y(2023, 6), y(2023, 9)),
    ("over the winter", "over the winter", y(2023, 12), y(2024, 3)),
]


@pytest.mark.parametrize(("query", "text", "start", "end"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_find_time_expressions(query: str, text: str, start: datetime | None, end: datetime | None) -> None:
    (found,) = find_time_expressions(query, NOW)
    assert (found.text, found.start, found.end) == (text, start, end)
    assert query[found.span[0] : found.span[1]] == found.text


def test_every_expression_resolves_to_one_sound_range_whatever_now_is() -> None:
    nows = [datetime(2024, month, 1, 12, 34, tzinfo=UTC) for month in range(1, 13)]
    nows += [datetime(2024, 2, 29, 23, 59, tzinfo=UTC), datetime(2023, 12, 31, 0, 1, tzinfo=UTC)]
    nows += [datetime(2025, 6, day, 12, 34, tzinfo=UTC) for day in range(2, 9)]  # Monday to Sunday
    for now in nows:
        for query, *_ in EXPRESSIONS:
            found = find_time_expressions(query, now)
            assert len(found) == 1, (query, now, found)
            (r,) = found
            assert query[r.span[0] : r.span[1]] == r.text
            assert r.start is None or r.end is None or r.start < r.end, (query, now)


@pytest.mark.parametrize("query", [e[0] for e in EXPRESSIONS])
def test_matching_is_case_insensitive(query: str) -> None:
    assert [(r.start, r.end) for r in find_time_expressions(query.upper(), NOW)] == [
        (r.start, r.end) for r in find_time_expressions(query, NOW)
    ]


FALSE_POSITIVES = [
    "May I ask what you think?",
    "you may like this one",
    "it may rain later",
    "this may be wrong",
    "the last may be the best",
    "the top 2 may be enough",
    "they march to the capital",
    "march 5 miles north",
    "I talked to June about the project",
    "Jan said hi",
    "wait a second",
    "give me a minute",
    "I walked 2000 steps",
    "spring cleaning tips",
    "did I fall asleep",
    "summer camp friends",
    "signed up for summer school",
    "for summer camp",
    "what happened in the past?",
    "last time we spoke",
    "I have 3 days off",
    "Mondays are hard",
    "8/5/2023",
    "9999 years ago",
    "what is my favourite month",
    "it was on the 3rd floor",
    "she came 2nd in the race",
    "for the 5th time",
    "she was the first.",
    "the second time, and the third, were worse",
    "",
]


@pytest.mark.parametrize("query", FALSE_POSITIVES)
def test_no_false_positives(query: str) -> None:
    assert find_time_expressions(query, NOW) == []


# Turns said at NOW (Wednesday 2024-03-13): what they say is to come is the next such time.
SAID = [
    ("The wedding will be in August, in Toronto.", y(2024, 8), y(2024, 9)),
    ("We went to Porto in August.", y(2023, 8), y(2023, 9)),
    ("I'll see her on March 3rd.", d(3, 3, year=2025), d(3, 4, year=2025)),
    ("I'll see her on March 13th.", d(3, 13), d(3, 14)),  # today is not over
    ("She's coming to visit in October.", y(2024, 10), y(2024, 11)),
    ("We're planning a trip for the summer.", y(2024, 6), y(2024, 9)),
    ("I will call in March.", y(2024, 3), y(2024, 4)),  # the month in progress
    ("I will see them in May 2023 photos.", y(2023, 5), y(2023, 6)),  # a year given stays
    ("I was coming home in October.", y(2023, 10), y(2023, 11)),
    ("We will meet again next week. It was in August.", y(2023, 8), y(2023, 9)),  # another sentence
    # Arrangements in the present tense are to come too, and so is a weekday.
    ("We're relocating to Lisbon in March.", y(2024, 3), y(2024, 4)),
    ("I'm moving to Leeds in June.", y(2024, 6), y(2024, 7)),
    ("I accepted an offer, starting in January.", y(2025, 1), y(2025, 2)),
    ("I start at Lumen Labs on Monday.", d(3, 18), d(3, 19)),
    ("We fly out Friday.", d(3, 15), d(3, 16)),
    ("He got an offer as operations manager, joining on 1st February.", d(2, 1, year=2025), d(2, 2, year=2025)),
    # Named days: a fixed one comes every year; Easter moves.
    ("We're flying home for Christmas.", d(12, 25), d(12, 26)),
    ("We fly out at Easter.", d(3, 31), d(4, 1)),  # Easter Sunday 2024, still to come on 13 March
    ("He's to finish on the 1st of March.", d(3, 1, year=2025), d(3, 2, year=2025)),
    ("I went there on Monday.", d(3, 11), d(3, 12)),  # past: the last one
    ("My last working day at Quillsoft is 1st March.", d(3, 1, year=2025), d(3, 2, year=2025)),
    ("The party is on the 3rd.", d(4, 3), d(4, 4)),  # an arrangement in the present tense
    ("The party was on the 3rd.", d(3, 3), d(3, 4)),
    ("She graduates from Marlow State May 10th.", d(5, 10), d(5, 11)),
    # From now on: a part of a unit, and a span ahead.
    ("I'm moving to Edinburgh at the end of the month.", d(3, 21), d(4, 1)),
    ("At the beginning of next month we move.", d(4, 1), d(4, 11)),
    ("By the end of the week it's done.", d(3, 15), d(3, 18)),
    ("The middle of next year.", y(2025, 5), y(2025, 9)),
    ("We move in two weeks.", d(3, 27), d(4, 3)),
    ("In a couple of months I'll know.", d(4, 13), d(7, 13)),
    # A day of the month alone: this month's, or the last one's, or to come when said so.
    ("My last day is the 28th.", d(3, 28), d(3, 29)),
    ("We got the keys on the 1st and it rained.", d(3, 1), d(3, 2)),
    ("It was the 31st.", d(1, 31), d(2, 1)),  # February had none
    ("We move on the 31st.", d(3, 31), d(4, 1)),
    ("I'm leaving on the 2nd.", d(4, 2), d(4, 3)),
    # A day told in words; completing on a home is arranged, so to come.
    ("She moves into halls on the twenty-first of September.", d(9, 21), d(9, 22)),
    ("We got the keys on the third.", d(3, 3), d(3, 4)),
    ("He's packing in his job and moving to Bristol at the end of April.", d(4, 21), d(5, 1)),
]


@pytest.mark.parametrize(("text", "start", "end"), SAID, ids=[s[0] for s in SAID])
def test_a_turn_saying_a_time_is_to_come_means_the_next_one(text: str, start: datetime, end: datetime) -> None:
    found = find_time_expressions(text, NOW, said=True)
    assert (found[-1].start, found[-1].end) == (start, end)


def test_a_question_keeps_the_last_instance_whatever_its_tense() -> None:
    (found,) = find_time_expressions("What will happen in August?", NOW)
    assert (found.start, found.end) == (y(2023, 8), y(2023, 9))


def test_several_expressions_come_in_query_order() -> None:
    found = find_time_expressions("What did Caroline do in May 2023 and last week?", NOW)
    assert [(r.text, r.start, r.end) for r in found] == [
        ("in May 2023", y(2023, 5), y(2023, 6)),
        ("last week", d(3, 4), d(3, 11)),
    ]
    assert found[0].span < found[1].span


def test_longest_overlapping_match_wins() -> None:
    (found,) = find_time_expressions("May I ask what happened in the last week of work?", NOW)
    assert (found.text, found.start, found.end) == ("in the last week", d(3, 6, 15), NOW)


def test_naive_now_is_utc_and_query_must_be_text() -> None:
    assert find_time_expressions("today", NOW.replace(tzinfo=None)) == find_time_expressions("today", NOW)
    with pytest.raises(InvalidInputError):
        find_time_expressions(None, NOW)  # type: ignore[arg-type]


STRIPPED = [
    ("What did I do in May 2023?", "What did I do?"),
    ("Yesterday, what did we eat?", "what did we eat?"),
    ("What did Caroline do in May 2023 and last week?", "What did Caroline do?"),
    ("what did we discuss since last week about the trip", "what did we discuss about the trip"),
    ("May I ask what happened last May?", "May I ask what happened?"),
    ("who  did I meet   recently", "who did I meet"),
    ("no time here", "no time here"),
]


@pytest.mark.parametrize(("query", "expected"), STRIPPED)
def test_strip_time_expressions(query: str, expected: str) -> None:
    assert strip_time_expressions(query, find_time_expressions(query, NOW)) == expected


def test_strip_finds_text_of_foreign_ranges_and_drops_dangling_preposition() -> None:
    foreign = TimeRange(None, None, "May", (0, 0))
    assert strip_time_expressions("what happened in May", [foreign]) == "what happened"


# ---------------------------------------------------------------- TimeRange

RANGE = TimeRange(d(3, 1), d(3, 2), "x", (0, 1))
CONTAINS = [
    (RANGE, d(3, 1), True),
    (RANGE, d(3, 1, 23), True),
    (RANGE, d(3, 2), False),
    (RANGE, d(2, 29, 23), False),
    (RANGE, datetime(2024, 3, 1, 1, tzinfo=PLUS2), False),  # 2024-02-29 23:00 UTC
    (RANGE, datetime(2024, 3, 1, 12), True),  # naive is UTC
    (TimeRange(None, d(3, 2)), y(1990), True),
    (TimeRange(d(3, 2), None), y(2990), True),
    (TimeRange(d(3, 2), None), d(3, 1), False),
]


@pytest.mark.parametrize(("time_range", "when", "expected"), CONTAINS)
def test_time_range_contains(time_range: TimeRange, when: datetime, expected: bool) -> None:
    assert time_range.contains(when) is expected


def test_time_range_normalises_to_utc_and_rejects_inverted_bounds() -> None:
    assert TimeRange(datetime(2024, 3, 1, 2, tzinfo=PLUS2), None).start == d(3, 1)
    assert TimeRange(datetime(2024, 3, 1), None).start == d(3, 1)
    with pytest.raises(InvalidInputError):
        TimeRange(d(3, 2), d(3, 1))


# ---------------------------------------------------------------- timestamps

PARSED = [
    ("1:56 pm on 8 May, 2023", datetime(2023, 5, 8, 13, 56, tzinfo=UTC)),
    ("10:37 am on 27 June, 2023", datetime(2023, 6, 27, 10, 37, tzinfo=UTC)),
    ("8 May 2023", y(2023, 5, 8)),
    ("May 8, 2023 10:00", datetime(2023, 5, 8, 10, tzinfo=UTC)),
    ("2023-05-08", y(2023, 5, 8)),
    ("2023-05-08T10:00:00Z", datetime(2023, 5, 8, 10, tzinfo=UTC)),
    ("2023-05-08T12:00:00+02:00", datetime(2023, 5, 8, 10, tzinfo=UTC)),
    ("2023-05-08 10:00", datetime(2023, 5, 8, 10, tzinfo=UTC)),
    ("  2023-05-08T10:00Z  ", datetime(2023, 5, 8, 10, tzinfo=UTC)),
    ("2023", y(2023)),
    ("2023-05", y(2023, 5)),
    (1683554160, datetime(2023, 5, 8, 13, 56, tzinfo=UTC)),
    (1683554160.5, datetime(2023, 5, 8, 13, 56, 0, 500000, tzinfo=UTC)),
    (0, y(1970)),
    (date(2023, 5, 8), y(2023, 5, 8)),
    (datetime(2023, 5, 8, 10), datetime(2023, 5, 8, 10, tzinfo=UTC)),
    (datetime(2023, 5, 8, 12, tzinfo=PLUS2), datetime(2023, 5, 8, 10, tzinfo=UTC)),
    # epoch milliseconds: numbers beyond ±2e10 (as pydantic reads them), also as text of 9+ digits
    (1683554160123, datetime(2023, 5, 8, 13, 56, 0, 123000, tzinfo=UTC)),
    ("1683554160123", datetime(2023, 5, 8, 13, 56, 0, 123000, tzinfo=UTC)),
    ("1683554160", datetime(2023, 5, 8, 13, 56, tzinfo=UTC)),
    (-1e12, datetime(1938, 4, 24, 22, 13, 20, tzinfo=UTC)),
    (2e10, datetime(2603, 10, 11, 11, 33, 20, tzinfo=UTC)),  # the last seconds
    (2e10 + 1, datetime(1970, 8, 20, 11, 33, 20, 1000, tzinfo=UTC)),  # the first milliseconds
    ("20230508", y(2023, 5, 8)),  # ISO 8601's basic form, not epoch seconds
    ("2023/05/08", y(2023, 5, 8)),  # year first: unambiguous
    # the ends of the range, in UTC
    ("0001-01-01", y(1)),
    ("0001-01-01T05:00:00+05:00", y(1)),
    ("9999-12-31T23:59:59.999999Z", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
]


@pytest.mark.parametrize(("value", "expected"), PARSED, ids=[repr(p[0]) for p in PARSED])
def test_parse_timestamp(value: object, expected: datetime) -> None:
    got = parse_timestamp(value)
    assert got == expected
    assert got.tzinfo is UTC


UNPARSEABLE = [
    "", "   ", "garbage", "tomorrow", "3 days ago", "12:30", "1", "31 Feb 2023", "2023-13", "x" * 300,
    None, True, False, float("nan"), float("inf"), 1e20, [], {}, b"2023-05-08",
]  # fmt: skip


@pytest.mark.parametrize("value", UNPARSEABLE, ids=[repr(v)[:30] for v in UNPARSEABLE])
def test_parse_timestamp_rejects(value: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_timestamp(value, field="occurred_at")
    assert caught.value.message.startswith("occurred_at: cannot parse")
    assert caught.value.details == {"field": "occurred_at", "value": repr(value)[:200]}


REFUSED = [  # (value, what the message says)
    (True, "ISO 8601"), (False, "epoch seconds"), ("garbage", "ISO 8601 (2024-05-03"),
    # outside years 1-9999 once in UTC: these raised OverflowError, a 500 over HTTP
    ("0001-01-01T00:00:00+05:00", "out of range"), ("9999-12-31T23:59:59-05:00", "out of range"),
    (datetime(1, 1, 1, tzinfo=PLUS2), "out of range"), (1e20, "out of range"), (-1e20, "out of range"),
    (10**400, "out of range"), ("99999999999999999999", "out of range"),
    # day and month in digits: 3 May in the US, 5 March elsewhere
    ("05/03/2024", "ambiguous"), ("5/3/2024", "ambiguous"), ("05-03-2024", "ambiguous"),
    ("05.03.2024", "ambiguous"), ("05/03/24", "ambiguous"), ("10am on 05/03/2024", "ambiguous"),
    ("13/03/2024", "ambiguous"),  # unambiguous by luck only: one rule for all
]


@pytest.mark.parametrize(("value", "says"), REFUSED, ids=[repr(v)[:30] for v, _ in REFUSED])
def test_parse_timestamp_refuses_the_ambiguous_and_the_absurd_saying_why(value: object, says: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_timestamp(value, field="now")
    assert caught.value.message.startswith("now: cannot parse") and says in caught.value.message
    with pytest.raises(InvalidInputError):
        parse_timestamp(value, field="now", now=NOW)  # relative reading changes none of this


def test_slash_dates_are_ambiguous_also_relative_to_now() -> None:
    with pytest.raises(InvalidInputError, match="ambiguous"):
        parse_timestamp("5/3", now=NOW)
    assert parse_timestamp("3.5 days ago", now=NOW) == NOW - timedelta(days=3.5)  # a decimal is no date


RELATIVE = [
    ("tomorrow", d(3, 14, 15)),
    ("3 days ago", d(3, 10, 15)),
    ("May 8", y(2023, 5, 8)),
]


@pytest.mark.parametrize(("value", "expected"), RELATIVE)
def test_parse_timestamp_relative_needs_now(value: str, expected: datetime) -> None:
    assert parse_timestamp(value, now=NOW) == expected


def test_to_utc_and_isoformat() -> None:
    assert to_utc(datetime(2023, 5, 8, 12, tzinfo=PLUS2)) == datetime(2023, 5, 8, 10, tzinfo=UTC)
    assert to_utc(datetime(2023, 5, 8, 12)).tzinfo is UTC
    assert isoformat(datetime(2023, 5, 8, 12, tzinfo=PLUS2)) == "2023-05-08T10:00:00+00:00"
    assert parse_timestamp(isoformat(NOW)) == NOW
    # strings sort like the times they name, with or without microseconds
    assert isoformat(NOW) < isoformat(NOW + timedelta(microseconds=500)) < isoformat(NOW + timedelta(seconds=1))
    with pytest.raises(InvalidInputError):
        to_utc("2023-05-08")  # type: ignore[arg-type]


# ---------------------------------------------------------------- weights and durations

WEIGHTS = [(0, 10, 1.0), (10, 10, 0.5), (20, 10, 0.25), (5, 10, 2**-0.5), (-5, 10, 1.0), (math.inf, 10, 0.0)]


@pytest.mark.parametrize(("age", "half_life", "expected"), WEIGHTS)
def test_recency_weight(age: float, half_life: float, expected: float) -> None:
    assert recency_weight(age, half_life) == pytest.approx(expected)


@pytest.mark.parametrize(("age", "half_life"), [(1, 0), (1, -1), (1, math.nan), (1, math.inf), (math.nan, 1)])
def test_recency_weight_rejects(age: float, half_life: float) -> None:
    with pytest.raises(InvalidInputError):
        recency_weight(age, half_life)


DURATIONS = [
    (timedelta(days=1), timedelta(days=1)),
    (3600, timedelta(hours=1)),
    (1.5, timedelta(seconds=1.5)),
    ("3600", timedelta(hours=1)),
    ("30d", timedelta(days=30)),
    ("2w", timedelta(weeks=2)),
    ("12h", timedelta(hours=12)),
    ("45m", timedelta(minutes=45)),
    ("90 days", timedelta(days=90)),
    ("1 year", timedelta(days=365)),
    ("1 month", timedelta(days=30)),
    ("1h30m", timedelta(minutes=90)),
    ("1 week and 2 days", timedelta(days=9)),
    (" 7 D ", timedelta(days=7)),
    ("P30D", timedelta(days=30)),
    ("PT12H", timedelta(hours=12)),
    ("P1Y", timedelta(days=365)),
    ("P1W", timedelta(weeks=1)),
]


@pytest.mark.parametrize(("value", "expected"), DURATIONS, ids=[repr(v[0]) for v in DURATIONS])
def test_parse_duration(value: object, expected: timedelta) -> None:
    assert parse_duration(value) == expected


BAD_DURATIONS = [
    0, -5, "0d", "-3d", "", "abc", "30x", "500ms", "P", "PT", "P1DT", True, None, math.nan, math.inf, 1e300,
    timedelta(0), timedelta(days=-1),
]  # fmt: skip


@pytest.mark.parametrize("value", BAD_DURATIONS, ids=[repr(v) for v in BAD_DURATIONS])
def test_parse_duration_rejects(value: object) -> None:
    with pytest.raises(InvalidInputError):
        parse_duration(value)


@pytest.mark.parametrize(("query", "months"), [
    ("what did I say before March 2024", {1, 2}),
    ("what did I say after October 2024", {11, 12}),
    ("what did I say between May and June 2024", {5, 6}),
])
def test_a_period_open_at_either_end_finds_its_turns_by_time_alone(db, query: str, months: set[int]) -> None:
    from tests.conftest import turn

    db.add([turn(f"note number {m}", id=f"m{m}", ts=f"2024-{m:02d}-15T09:00:00") for m in range(1, 13)], user_id="u")
    hits = db.search(query, user_id="u", k=12, now="2025-01-01", recipe="default", weights={
        signal: 0.0 for signal in ("vector", "lexical", "graph", "fact", "context", "recency", "answer", "speaker")})
    assert {h.episode.occurred_at.month for h in hits} == months


def test_word_guards_change_no_result(demo_data: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rule skips texts without one of its words; every pattern run on every text finds the
    same expressions (questions of this file and every turn of the demo conversation)."""
    import memdb.timeexpr as timeexpr

    texts = [e[0] for e in EXPRESSIONS] + FALSE_POSITIVES + [e[0].upper() for e in EXPRESSIONS]
    texts += [t["content"] for s in demo_data["sessions"] for t in s["turns"]]
    texts += [q["question"] for q in demo_data["questions"]]
    guarded = [find_time_expressions(t, NOW) for t in texts]
    unguarded = [(pattern, resolve, (), yearly) for pattern, resolve, _, yearly in timeexpr._RULES]
    monkeypatch.setattr(timeexpr, "_RULES", unguarded)
    assert [find_time_expressions(t, NOW) for t in texts] == guarded
    assert sum(map(bool, guarded)) > 100


@pytest.mark.parametrize(("words", "digits"), [
    ("We complete on the twenty-ninth, boxes everywhere.", "We complete on the 29th, boxes everywhere."),
    ("Her flight is on the twenty first of May.", "Her flight is on the 21st of May."),
    ("We moved in on the eleventh.", "We moved in on the 11th."),
])
def test_a_day_told_in_words_is_the_day_told_in_digits(words: str, digits: str) -> None:
    said = [(r.start, r.end) for r in find_time_expressions(words, NOW, said=True)]
    assert said and said == [(r.start, r.end) for r in find_time_expressions(digits, NOW, said=True)]


@pytest.mark.parametrize(("text", "start"), [
    ("She told him over the phone on Valentine's Day.", d(2, 14)),
    ("They split up over Christmas.", d(12, 25, year=2023)),
    ("We got engaged on New Year's Eve.", d(12, 31, year=2023)),
    ("Last Easter we were in Rome.", d(4, 9, year=2023)),  # Easter Sunday 2023 (2024: still to come)
    ("At Thanksgiving 2022 he said it.", d(11, 24, year=2022)),
    ("On St Patrick's Day the pubs were full.", d(3, 17, year=2023)),
])
def test_a_named_day_is_its_date(text: str, start: datetime) -> None:
    found = find_time_expressions(text, NOW, said=True)
    assert [(r.start, r.end) for r in found] == [(start, start + timedelta(days=1))]


@pytest.mark.parametrize("text", ["I love christmas music.", "The Easter bunny is creepy.", "Halloween costumes are fun."])
def test_a_named_day_as_a_word_before_a_noun_is_no_time(text: str) -> None:
    assert find_time_expressions(text, NOW, said=True) == []
