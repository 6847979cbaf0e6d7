"""A home said goodbye to before a move ("Sad to leave Tarrowby", "I'll miss Hull so much", "my last weekend in Leeds",
"Kellingmere will always be home"), held until the move memory knows takes effect; a move "out of" one town "to"
another; a name that is also a word ("Rose", "Lily") moving house; a home of years whose clause goes on "and I …"; a
home "in a village called …"; a conversation the assistant opens by asking where the user lives; and a couple's end
told as an engagement broken off, a relationship "over", "couldn't make it work", "stopped seeing him", "chucked",
"moved on from", "exes" or a "former" partner. Wordings and towns (made up: in no gazetteer or world list) written for
these tests, not taken from the banks."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

PLANNED = (BEFORE, "u", "Big news: I'm moving to Corrowby in June!")
MOVE_DAY = ("2024-06-01", "2024-06-01")  # the plan's date, when the home said goodbye to ends


@pytest.mark.parametrize("said, town", [
    ("Sad to leave Tarrowby but Corrowby will be great.", "Tarrowby"),
    ("I'll miss Hollinwick so much, the people are lovely.", "Hollinwick"),
    ("My last weekend in Brannoch, feeling emotional.", "Brannoch"),
    ("Kellingmere will always be home.", "Kellingmere"),
    ("Saying goodbye to Leeds this weekend.", "Leeds"),  # this weekend is when it is said, not when the home began
    ("Can't believe I'm leaving Hull after all these years.", "Hull"),
])
def test_a_home_said_goodbye_to_ends_with_the_move(memory: MemoryDB, said: str, town: str) -> None:
    check_changes(memory, f"goodbye-{town}", [PLANNED, (SAID, "u", said)], [("Sam", "lives_in", town, *MOVE_DAY)],
                  [("Sam", "moving_to", "Corrowby")], [])


@pytest.mark.parametrize("turns, town", [
    ([(SAID, "u", "I'll miss Paris, what a trip that was.")], "Paris"),  # no move: a trip's end
    ([PLANNED, (SAID, "u", "Our last night in Rome, this holiday flew by.")], "Rome"),  # a trip before the move
    ([PLANNED, (SAID, "u", "Will I miss Leeds?")], "Leeds"),  # asked, not told
])
def test_no_home_said_goodbye_to_on_a_trip_or_a_question(memory: MemoryDB, turns: list, town: str) -> None:
    check_changes(memory, f"no-goodbye-{town}", turns, [], [], [("Sam", "lives_in", town)])


@pytest.mark.parametrize(("text", "facts"), [
    # a name that is also a word, said to be moving house, is someone's (not "May is moving fast")
    ("Rose is moving from Leeds to Bristol.", {("Rose", "lives_in", "Leeds"), ("Rose", "moving_to", "Bristol")}),
    ("Lily is relocating from Hull to York for work.", {("Lily", "lives_in", "Hull"), ("Lily", "moving_to", "York")}),
    # out of one town to another: the home until the move, and the move
    ("Priya is moving out of Leeds to Bristol next month.", {("Priya", "lives_in", "Leeds"), ("Priya", "moving_to", "Bristol")}),
    ("I'm moving away from Hull to York in May.", {("Sam", "lives_in", "Hull"), ("Sam", "moving_to", "York")}),
    # a home of years, the clause going on with "and I" (no "Tarrowby and I", a couple)
    ("Ten years in Tarrowby and I still get lost.", {("Sam", "lives_in", "Tarrowby")}),
    ("I live in a tiny village called Brannoch.", {("Sam", "lives_in", "Brannoch")}),
    ("Priya lives in a little town called Corrowby, near York.", {("Priya", "lives_in", "Corrowby")}),
])
def test_a_home_is_read(text: str, facts: set) -> None:
    assert facts <= stated(text)


@pytest.mark.parametrize("text", ["May is moving fast, it's nearly summer.", "Summer's off to a good start.",
                                  "Hope is moving in the right direction."])
def test_a_month_or_a_word_moving_is_nobody(text: str) -> None:
    assert not {f for f in stated(text) if f[1] in ("lives_in", "moving_to")}


def test_the_assistant_opening_asks_the_user_who_answers(memory: MemoryDB) -> None:
    """An imported chat the assistant opens ("Hi! Where are you based?"): its "you" is the user who replies."""
    check_changes(memory, "opened-by-assistant", [(SAID, "a", "Hi! Where are you based these days?"),
                                                  ("2024-05-08T18:01:00", "u", "I'm in Tarrowby.")],
                  [], [("Sam", "lives_in", "Tarrowby")], [])


PRIYAS = (BEFORE, "u", "My friend Priya and her boyfriend Dan came round for dinner.")


@pytest.mark.parametrize("said", [
    "Priya and Dan broke off the engagement.",
    "Priya called off the wedding, she's devastated.",
    "Priya and Dan's relationship is over.",
    "Priya told Dan it was over.",
    "Priya and Dan couldn't make it work.",
    "Things didn't work out between Priya and Dan.",
    "Priya stopped seeing Dan in the spring.",
    "Priya and Dan are no longer seeing each other.",
    "Priya chucked Dan last week.",
    "Priya has moved on from Dan.",
    "Priya says she's done with Dan.",
    "Priya and Dan are exes now.",
    "Priya's former boyfriend Dan moved to Leeds.",
])
def test_a_couple_ended_in_more_words(memory: MemoryDB, said: str) -> None:
    check_changes(memory, f"couple-{abs(hash(said)) % 10_000}", [PRIYAS, (SAID, "u", said)],
                  [("Priya", "partner_of", "Dan", "2024-03-04", "2024-05-08")], [], [])


@pytest.mark.parametrize("said", [
    "Priya and Dan are on a break, they'll sort it out.",  # a pause, not an end
    "Priya's done with Dan's old car, it's for sale.",  # (no person after "done with")
    "Priya's plan to move to Leeds didn't work out.",  # no couple's end
    "Priya and Dan stopped seeing the therapist.",
])
def test_no_couple_ended(memory: MemoryDB, said: str) -> None:
    check_changes(memory, f"no-end-{abs(hash(said)) % 10_000}", [PRIYAS, (SAID, "u", said)], [],
                  [("Priya", "partner_of", "Dan")], [])
