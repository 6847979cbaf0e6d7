"""An end told before it happens, dated by words that name no day of their own: a deadline ("leaving before
Christmas", "she's there until Christmas", "working her notice until the end of November"), the time left ("four
weeks left at Halden"), a part of a period already begun ("at the end of the year", said in November: the middle of
what is still to come, not September), and a bare day of the month said after a 31-day month ("her last
day is the 30th", said on 7 November: the 30th of November, which adding a month to the 31st of October lost);
"Friday week" (a week after the coming Friday) and "in the new year"; and a favourite food, one at a time. Wordings
written for these tests."""

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
    ("She finishes on Friday week.", day(11, 17), day(11, 18)),  # (a Tuesday: the coming Friday is the 10th)
    ("We're moving to Leeds in the new year.", day(1, 1, 2024), day(2, 1, 2024)),
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


# A favourite food is one at a time: the next one named ends it (likes go on: one may like both)
@pytest.mark.parametrize(("first", "then"), [
    ("My favourite food at the moment is ramen.", "Honestly dumplings have become my favourite thing to eat."),
    ("Pho is my favourite food.", "I'm obsessed with bibimbap, it's my go-to dinner."),
])
def test_a_new_favourite_food_ends_the_old(memory: MemoryDB, first: str, then: str) -> None:
    old = first.split(" is ")[-1].rstrip(".") if first.startswith("My") else first.split(" is ")[0]
    new = "dumplings" if "dumplings" in then else "bibimbap"
    check_changes(memory, f"favourite-{new}", [("2024-03-04T10:00:00", "u", first), ("2024-05-08T18:00:00", "u", then)],
                  [("Sam", "favourite_food", old, "2024-05-08", "2024-05-08")],
                  [("Sam", "favourite_food", new), ("Sam", "likes", old), ("Sam", "likes", new)], [])


def test_a_liking_is_no_favourite_food(memory: MemoryDB) -> None:
    check_changes(memory, "likes-only", [("2024-03-04T10:00:00", "u", "I love ramen."),
                                         ("2024-05-08T18:00:00", "u", "My favourite film is Alien.")],
                  [], [("Sam", "likes", "ramen")], [("Sam", "favourite_food", "ramen"), ("Sam", "favourite_food", "Alien")])


def test_a_time_a_state_lasts_until_is_not_its_start(memory: MemoryDB) -> None:
    """"She's staying in London until her contract ends in spring": London from when it is said, not from spring."""
    check_changes(memory, "until-spring", [("2025-11-01T10:00:00", "u", "My friend Amara lives in Hackney."),
                                           ("2025-11-20T18:00:00", "u", "Amara is staying in London until her contract "
                                                                        "ends in spring.")],
                  [], [("Amara", "lives_in", "London")], [])
    london = next(f for f in memory.facts(user_id="until-spring") if f.object == "London")
    assert london.valid_at.date().isoformat() == "2025-11-20"
