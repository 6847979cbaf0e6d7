"""An end told before it happens, dated by words that name no day of their own: a deadline ("leaving before
Christmas", "she's there until Christmas", "working her notice until the end of November"), the time left ("four
weeks left at Halden"), a part of a period already begun ("at the end of the year", said in November: the middle of
what is still to come, not September), and a bare day of the month said after a 31-day month ("her last
day is the 30th", said on 7 November: the 30th of November, which adding a month to the 31st of October lost).
Wordings written for these tests."""

from datetime import datetime, timezone

import pytest

from memdb import MemoryDB
from memdb.timeexpr import find_time_expressions
from tests.test_state_changes import check_changes, memory  # noqa: F401 - memory: a fixture

NOVEMBER_7 = datetime(2023, 11, 7, 18, tzinfo=timezone.utc)


def day(month: int, dd: int, year: int = 2023) -> datetime:
    return datetime(year, month, dd, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Her last day is the 30th.", day(11, 30), day(12, 1)),
    ("I start on the 31st.", day(12, 31), day(1, 1, 2024)),
    ("Priya has four weeks left at Halden.", day(12, 5), day(12, 12)),
    ("Four more weeks at Halden and then she's free.", day(12, 5), day(12, 12)),
    ("two days to go!", day(11, 9), day(11, 10)),
])
def test_a_day_to_come_said_in_november(text: str, start: datetime, end: datetime) -> None:
    (found,) = find_time_expressions(text, NOVEMBER_7, said=True)
    assert (found.start, found.end) == (start, end)


def test_until_a_time_is_to_come_in_the_present_and_past_in_the_past() -> None:
    (there,) = find_time_expressions("She's there until Christmas.", NOVEMBER_7, said=True)
    (was,) = find_time_expressions("I was there until Christmas.", NOVEMBER_7, said=True)
    assert there.end == day(12, 26) and was.end == day(12, 26, 2022)


INTRO = ("2023-10-01T18:00:00", "u", "My friend Priya works at Halden Bank.")


@pytest.mark.parametrize(("said", "last_day"), [
    ("Priya is leaving Halden Bank before Christmas.", "2023-12-24"),
    ("Priya quit Halden Bank, she's there until Christmas.", "2023-12-25"),
    ("Priya resigned. She's working her notice until the end of November.", "2023-11-30"),
    ("Priya handed in her notice. Her last day is the 30th.", "2023-11-30"),
    ("Priya has four weeks left at Halden Bank.", "2023-12-05"),
    ("Priya is leaving Halden Bank at the end of the year.", "2023-12-04"),  # (of September to December, what is left)
])
def test_a_job_left_ahead_ends_then(memory: MemoryDB, said: str, last_day: str) -> None:
    check_changes(memory, f"ahead-{abs(hash(said)) % 10_000}", [INTRO, ("2023-11-07T18:00:00", "u", said)],
                  [("Priya", "works_at", "Halden Bank", last_day, last_day)], [], [])


def test_a_job_left_before_a_past_time_ended_then(memory: MemoryDB) -> None:
    """"She left before Christmas", said in November: no deadline to come, so the end is when it was told."""
    check_changes(memory, "left-before", [INTRO, ("2023-11-07T18:00:00", "u", "Priya left Halden Bank before Christmas.")],
                  [("Priya", "works_at", "Halden Bank", "2023-11-07", "2023-11-07")], [], [])
