"""Who a turn means, in words no earlier bank used, written for these tests: a nickname declared in its own
sentence ("He goes by Sandy", "We all call him Sandy", "His nickname is Sandy", "He prefers Sandy", "he's Sandy
to the rest of us", "Call him Sandy, everyone does") or beside the name ("Alexander goes by Sandy", "Alexander,
or Sandy as we call him,"); a surname alone for the one person of that surname; "news from Nadia", whom the
session named, is no place; "my best friend" is the one named so; the she of "told her she's …" is who told
it; the one helped to move is who moved; whose leaving do it was; a job someone got one, one's colleague's firm;
"Ciaran (Aoife's fella)"; news after a name and a mark ("Nadia - moved to Howth", "Oh, Nadia news: she's …").
Each end to end: the new job or home ends the old one."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

LATER = "2024-05-08T18:05:00"
SANDY_ENDS = [("Alexander", "works_at", "Arup", "2024-05-06", "2024-05-08")]  # "this week": from Monday
SANDY_HOLDS = [("Alexander", "works_at", "Jacobs")]

NICKNAMES = [  # (id, the turn declaring the nickname)
    ("goes by, own sentence", "My cousin Alexander works at Arup. He goes by Sandy."),
    ("goes by, beside the name", "My cousin Alexander goes by Sandy. He works at Arup."),
    ("we all call him", "My cousin Alexander works at Arup. We all call him Sandy."),
    ("his nickname is", "My cousin Alexander works at Arup. His nickname is Sandy."),
    ("he prefers", "My cousin Alexander works at Arup. He prefers Sandy."),
    ("to the rest of us", "My cousin Alexander works at Arup, though only his mum calls him that, he's Sandy to the rest of us."),
    ("call him", "My cousin Alexander works at Arup. Call him Sandy, everyone does."),
    ("or as we call him", "My cousin Alexander, or Sandy as we call him, works at Arup."),
]


@pytest.mark.parametrize("declared", [pytest.param(text, id=name) for name, text in NICKNAMES])
def test_a_nickname_declared_is_the_person_later(memory: MemoryDB, request: pytest.FixtureRequest, declared: str) -> None:
    check_changes(memory, "meant-" + request.node.callspec.id, [
        (BEFORE, "u", declared), (SAID, "u", "Sandy started at Jacobs this week.")], SANDY_ENDS, SANDY_HOLDS, [])


INTRO = [(BEFORE, "u", "My sister Aoife works at Deloitte and my best friend Nadia is a nurse at St James's."),
         (BEFORE, "u", "Aoife lives in Rathmines and Nadia lives in Bray.")]
NADIA_MOVED = ([("Nadia", "lives_in", "Bray", "2024-05-08", "2024-05-08")], [("Nadia", "lives_in", "Howth")])

MEANT = [  # (id, turns after the intro, ends, holds)
    ("a surname alone", [(BEFORE, "u", "My friend Dan Okafor works at Arup."), (SAID, "u", "Okafor started at Jacobs this week.")],
     [("Dan Okafor", "works_at", "Arup", "2024-05-06", "2024-05-08")], [("Dan Okafor", "works_at", "Jacobs")]),
    ("news from someone", [*INTRO, (SAID, "u", "Big news from Nadia."), (LATER, "u", "She's moved to Howth!")], *NADIA_MOVED),
    ("my best friend", [*INTRO, (SAID, "u", "My best friend has moved to Howth!")], *NADIA_MOVED),
    ("told her she's", [*INTRO, (SAID, "u", "Nadia met Aoife for coffee and told her she's moved to Howth.")], *NADIA_MOVED),
    ("helped to move", [*INTRO, (SAID, "u", "Aoife helped Nadia move to Howth at the weekend.")], *NADIA_MOVED),
    ("a name, news after a dash, after chat of others",
     [*INTRO, (BEFORE, "u", "Caroline went to that support group yesterday and said it was so powerful."),
      (BEFORE, "u", "Melanie is painting a sunset with the kids this weekend too."),
      (SAID, "u", "Nadia - moved to Howth last week!")], [("Nadia", "lives_in", "Bray", "2024-04-29", "2024-05-05")],
     [("Nadia", "lives_in", "Howth")]),
    ("now at, after the name", [(BEFORE, "u", "Kev works at Tesco."), (SAID, "u", "Kev's now at Google, like his dad.")],
     [("Kev", "works_at", "Tesco", "2024-05-08", "2024-05-08")], [("Kev", "works_at", "Google")]),
]


@pytest.mark.parametrize(("turns", "ends", "holds"), [pytest.param(*c[1:], id=c[0]) for c in MEANT])
def test_whom_a_change_is_of(memory: MemoryDB, request: pytest.FixtureRequest, turns, ends, holds) -> None:
    check_changes(memory, "meant-" + request.node.callspec.id, turns, ends, holds, [("Aoife", "lives_in", "Howth")])


@pytest.mark.parametrize(("text", "fact"), [
    ("Tom told Jo he's got a job at Arup.", ("Tom", "works_at", "Arup")),
    ("Nadia just told me that she's moved to Howth.", ("Nadia", "lives_in", "Howth")),
    ("We helped Tom move into his new flat in Leith.", ("Tom", "lives_in", "Leith")),
    ("My bestie got a job at KPMG.", ("Sam's best friend", "works_at", "KPMG")),
    ("I went to Nadia's leaving do at St James's.", ("Nadia", "left", "St James's")),  # hers, not who went
    ("Ciaran (Aoife's fella) works at Google now.", ("Ciaran", "works_at", "Google")),
    ("Ciaran (Aoife's fella) works at Google now.", ("Aoife", "partner_of", "Ciaran")),
    ("Kev is working with Amy at Google now.", ("Kev", "works_at", "Google")),
    ("Amy got Kev a job at Google.", ("Kev", "works_at", "Google")),
    ("My uncle found me a job with Arup.", ("Sam", "works_at", "Arup")),
    # news after its person's name and a mark, or a topic noun
    ("Oh, Nadia news: she's moved to Howth!", ("Nadia", "lives_in", "Howth")),
    ("Nadia - moved to Howth last week!", ("Nadia", "lives_in", "Howth")),
    ("Nadia: moved to Howth.", ("Nadia", "lives_in", "Howth")),
    ("Nadia's news: moved to Howth.", ("Nadia", "lives_in", "Howth")),
    ("Quick one about Aoife: new job at KPMG!", ("Aoife", "works_at", "KPMG")),
    ("Kev - started at Google.", ("Kev", "works_at", "Google")),
])
def test_told(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("I went to Nadia's leaving do at St James's.", ("Sam", "left", "St James's")),
    ("Nadia finally left Bray, Aoife helped with the van.", ("Nadia", "left", "Aoife")),  # a new clause's subject
    ("Amy got Kev a job at Google.", ("Amy", "works_at", "Google")),
    ("Kev is working with Amy at Google now.", ("Amy", "works_at", "Google")),
])
def test_not_told(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_a_friend_who_is_not_the_best_one_is_no_one() -> None:
    assert not stated("My friend has moved to Howth.")
