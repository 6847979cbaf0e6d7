"""Plans told in words no earlier bank used, written for these tests: a time said first and its subject's
"will" after it ("From April I'll be living in Leeds"), a plan without its "I'm" ("Relocating to Leeds in
February."), after a comma ("Signed the lease on a flat in Leeds, moving in February."), a job "will" take
with its date ("I'll be working at Google from February"), a start date ("My start date at Google is 1 March"),
the news and its firm ("New job: Google!"). Each told in January, asked of in June: by then the new
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


@pytest.mark.parametrize("text", ["I'll work at Google one day.", "I would work at Google in March if they asked.",
                                  "We'll be in Leeds on Friday for the match."])
def test_no_plan(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"works_at", "lives_in", "moving_to"}
