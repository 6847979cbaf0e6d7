"""Plans told in words no earlier bank used, written for these tests: a time said first and its subject's
"will" after it ("From April I'll be living in Leeds"), a plan without its "I'm" ("Relocating to Leeds in
February."), after a comma ("Signed the lease on a flat in Leeds, moving in February."), a job "will" take
with its date ("I'll be working at Google from February"), a start date ("My start date at Google is 1 March"),
the news and its firm ("New job: Google!"), a move told without where to, where the turn says why ("Daniel
accepted the Berlin job … so we're planning to move in May"). Each told in January, asked of in June: by then the new
home or job holds and the old one has ended. And what no plan is: a job one would take, one day."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import check_changes, memory  # noqa: F401 - memory: a fixture

BEFORE = "2024-01-02T10:00:00"
TOLD, ASKED = "2024-01-05T10:00:00", "2024-06-10T10:00:00"
MOVED = ([("Sam", "lives_in", "York", "2024-01-05", "2024-04-30")], [("Sam", "lives_in", "Leeds")])
NEW_JOB = ([("Sam", "works_at", "Tesco", "2024-01-05", "2024-03-31")], [("Sam", "works_at", "Google")])

PLANS = [  # (id, the plan, ends, holds)
    ("a time, then will", "From April I'll be living in Leeds.", *MOVED),
    ("no I'm", "Relocating to Leeds in February.", *MOVED),
    ("after a comma", "Signed the lease on a flat in Leeds, moving in February.", *MOVED),
    ("will be working, dated", "I'll be working at Google from February.", *NEW_JOB),
    ("going to be working, dated", "I'm going to be working at Google from February.", *NEW_JOB),
    ("a start date", "My start date at Google is 1 March.", *NEW_JOB),
    ("the news and its firm", "New job: Google!", *NEW_JOB),
]


@pytest.mark.parametrize(("plan", "ends", "holds"), [pytest.param(*c[1:], id=c[0]) for c in PLANS])
def test_a_plan_holds_once_its_time_comes(memory: MemoryDB, request: pytest.FixtureRequest, plan, ends, holds) -> None:
    first = "I live in York." if holds[0][1] == "lives_in" else "I work at Tesco."
    check_changes(memory, "plan-" + request.node.callspec.id,
                  [(BEFORE, "u", first), (TOLD, "u", plan), (ASKED, "u", "Anyway, how are you?")], ends, holds, [])


def test_a_move_told_without_where_to_goes_where_the_turn_says_why(memory: MemoryDB) -> None:
    """"Daniel accepted the Berlin job … so we're planning to move in May": the couple lives in Berlin from May."""
    check_changes(memory, "plan-the-berlin-job", [
        (BEFORE, "u", "My boyfriend Daniel and I live in Lisbon."),
        (TOLD, "u", "Also, Daniel accepted the Berlin job while we were there. He starts in June, so we're planning to move "
                    "in May."), (ASKED, "u", "Anyway, how are you?")],
        [("Sam", "lives_in", "Lisbon", "2024-05-01", "2024-05-01"), ("Daniel", "lives_in", "Lisbon", "2024-05-01", "2024-05-01")],
        [("Sam", "lives_in", "Berlin"), ("Daniel", "lives_in", "Berlin")], [])


@pytest.mark.parametrize("text", ["I love Leeds. We're moving in May.", "We had a great trip to Berlin, we're moving in May though."])
def test_a_move_told_without_where_to_and_no_reason_named_goes_nowhere(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"lives_in", "moving_to"}


@pytest.mark.parametrize("text", ["I'll work at Google one day.", "I would work at Google in March if they asked.",
                                  "We'll be in Leeds on Friday for the match."])
def test_no_plan(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"works_at", "lives_in", "moving_to"}
