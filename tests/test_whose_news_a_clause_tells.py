"""Whose news a sentence tells, and of what, where the words between could mislead, in wordings written for
these tests: a relative clause between a name and its verb names someone else ("Tom, who Ana introduced me
to, now works at Google" is Tom's job, not Ana's); a move to a firm known as one is a job, not a home
("Tom's moved to Google"); a couple told by "they're …" ("they're engaged", "they're a couple now") — the
contraction the pattern never matched."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]

THROUGH_A_RELATIVE_CLAUSE: list[Told] = [
    ("Tom, who Ana introduced me to, now works at Google.", ("Tom", "works_at", "Google")),
    ("Tom, whom I met through Ana, is now a nurse at St Mary's.", ("Tom", "works_as", "nurse")),
    ("Tom, whose sister Ana I used to date, lives in Leeds now.", ("Tom", "lives_in", "Leeds")),
    ("Tom, who I think you met at Ana's party, has moved to Leeds.", ("Tom", "lives_in", "Leeds")),
]

TO_A_FIRM: list[Told] = [
    ("Tom moved to Google last month.", ("Tom", "works_at", "Google")),
    ("Tom's much happier since he moved to Google.", ("Tom", "works_at", "Google")),
]

THEY_ARE: list[Told] = [
    ("Tom met Priya at a wedding and they're engaged now.", ("Priya", "partner_of", "Tom")),
    ("Tom met Priya in May. They're dating.", ("Priya", "partner_of", "Tom")),
    ("Tom met Priya at a wedding and they're a couple now.", ("Priya", "partner_of", "Tom")),
    ("Tom and Priya? They're finally married.", ("Priya", "partner_of", "Tom")),
    ("Tom and Priya? Yes, they are officially an item.", ("Priya", "partner_of", "Tom")),
]


@pytest.mark.parametrize(("text", "fact"), THROUGH_A_RELATIVE_CLAUSE + TO_A_FIRM + THEY_ARE)
def test_whose_news_and_of_what(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Tom, who Ana introduced me to, now works at Google.", ("Ana", "works_at", "Google")),
    ("Tom, whom I met through Ana, is now a nurse at St Mary's.", ("Sam", "works_as", "nurse")),
    ("Tom moved to Google last month.", ("Tom", "lives_in", "Google")),
    ("I'm moving to Amazon in June.", ("Sam", "works_at", "Amazon")),  # a plan: not a job held yet
    ("We moved to Leeds.", ("Sam", "works_at", "Leeds")),  # a town stays a home
    ("She went to Tesco to get milk.", ("Sam", "works_at", "Tesco")),
    ("Tom and Priya. They are both engaged in the project.", ("Priya", "partner_of", "Tom")),
])
def test_what_those_sentences_never_tell(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_a_job_told_through_a_relative_clause_ends_the_right_persons_old_one(memory: MemoryDB) -> None:
    check_changes(memory, "relative-clause", [
        (BEFORE, "u", "My friend Tom works at Tesco. My sister Ana works at Boots."),
        (SAID, "u", "Tom, who Ana introduced me to, now works at Google.")],
        [("Tom", "works_at", "Tesco", "2024-05-08", "2024-05-08")],
        [("Tom", "works_at", "Google"), ("Ana", "works_at", "Boots")], [("Ana", "works_at", "Google")])


def test_a_move_to_a_firm_ends_the_old_job_and_keeps_the_home(memory: MemoryDB) -> None:
    check_changes(memory, "moved-to-firm", [
        (BEFORE, "u", "My friend Tom works at Tesco and lives in Leeds."),
        (SAID, "u", "Tom's much happier since he moved to Google.")],
        [("Tom", "works_at", "Tesco", "2024-05-08", "2024-05-08")],
        [("Tom", "works_at", "Google"), ("Tom", "lives_in", "Leeds")], [("Tom", "lives_in", "Google")])


def test_a_partner_named_by_a_kin_word_is_the_partner_memory_knows(memory: MemoryDB) -> None:
    """"Her husband" is the one partner memory holds for her, whatever word first told it ("married to Raj")."""
    check_changes(memory, "her-husband", [
        (BEFORE, "u", "My friend Priya is married to Raj. Raj works at Tesco."),
        (SAID, "u", "Priya rang. Her husband got a job at Aldi.")],
        [("Raj", "works_at", "Tesco", "2024-05-08", "2024-05-08")], [("Raj", "works_at", "Aldi")],
        [("Priya's husband", "works_at", "Aldi")])
    check_changes(memory, "my-husband", [
        (BEFORE, "u", "I'm married to Raj. Raj works at Tesco."),
        (SAID, "u", "My husband just got a job at Aldi!")],
        [("Raj", "works_at", "Tesco", "2024-05-08", "2024-05-08")], [("Raj", "works_at", "Aldi")], [])


def test_a_kin_word_for_a_partner_names_no_one_memory_does_not_know_as_one(memory: MemoryDB) -> None:
    check_changes(memory, "no-partner-known", [
        (BEFORE, "u", "My friend Priya works with Raj. Raj works at Tesco."),
        (SAID, "u", "Priya's boyfriend got a job at Aldi.")],
        [], [("Raj", "works_at", "Tesco")], [("Raj", "works_at", "Aldi")])


@pytest.mark.parametrize(("name", "said"), [
    ("ended-it", "yeah well that's not happening now lol. Maya ended it sunday. proper gutted"),
    ("by-nickname", "so me n tom are done. like actually done this time"),
    ("binned-off", "tom binned me off. over WHATSAPP. who even does that"),
    ("by-pronoun", "Tomasz rang last night. He's gone back to his ex, can you believe it."),
    ("history", "tom is ancient history, mate"),
])
def test_a_known_couples_end_told_in_any_words(memory: MemoryDB, name: str, said: str) -> None:
    """The couple is the one memory knows; the end is told by any of the words of one, its names in any case."""
    partner = "Maya" if name == "ended-it" else "Tomasz"
    check_changes(memory, name, [(BEFORE, "u", f"My {'girlfriend' if partner == 'Maya' else 'boyfriend'} is {partner}."),
                                 (SAID, "u", said)],
                  [("Sam", "partner_of", partner, "2024-05-05", "2024-05-08")], [], [])


@pytest.mark.parametrize(("name", "said"), [
    ("a-diet", "Actually let me be honest, keto is finished."),
    ("a-row", "Tom and I had a huge row, nearly split up over it, but we're fine now."),
    ("feared", "I'm scared Tom will dump me if I don't move to Leeds."),
    ("someone-else", "My mate Jo has split up with her fella, poor thing."),
])
def test_a_couples_end_is_not_told_by_those_words_elsewhere(memory: MemoryDB, name: str, said: str) -> None:
    check_changes(memory, f"not-{name}", [(BEFORE, "u", "My boyfriend is Tomasz."), (SAID, "u", said)],
                  [], [("Sam", "partner_of", "Tomasz")], [])


@pytest.mark.parametrize(("text", "fact", "told"), [
    ("My sister's in Leeds.", ("Sam's sister", "lives_in", "Leeds"), True),
    ("My parents are up in Leeds.", ("Sam's parents", "lives_in", "Leeds"), True),
    ("My sister's in Leeds, and my brother's in York.", ("Sam's brother", "lives_in", "York"), True),
    ("My parents are in Leeds this week.", ("Sam's parents", "lives_in", "Leeds"), False),
    ("My folks are in Spain on holiday.", ("Sam's parents", "lives_in", "Spain"), False),
    ("My son is in Leeds visiting friends.", ("Sam's son", "lives_in", "Leeds"), False),
    ("Dan's in Leeds.", ("Dan", "lives_in", "Leeds"), True),
    ("Dan's in Paris for a conference.", ("Dan", "lives_in", "Paris"), False),
    ("I'm in Paris.", ("Sam", "lives_in", "Paris"), False),  # one's own whereabouts: as often a trip
    ("We're in Paris.", ("Sam", "lives_in", "Paris"), False),
    ("The party is in Leeds.", ("Sam", "lives_in", "Leeds"), False),
])
def test_someones_home_told_by_where_they_are(text: str, fact: tuple[str, str, str], told: bool) -> None:
    assert (fact in stated(text)) is told


@pytest.mark.parametrize("said", ["Tomasz left her keys at mine.", "Tomasz dumped his bag on the floor and ran for the bus."])
def test_leaving_or_dumping_a_thing_ends_no_couple(memory: MemoryDB, said: str) -> None:
    check_changes(memory, f"thing-{len(said)}", [(BEFORE, "u", "My boyfriend is Tomasz."), (SAID, "u", said)],
                  [], [("Sam", "partner_of", "Tomasz")], [])


@pytest.mark.parametrize(("text", "fact", "told"), [
    ("Tom lived in Leeds before moving to York.", ("Tom", "lives_in", "York"), True),
    ("Before moving to York, Tom lived in Leeds.", ("Tom", "lives_in", "York"), True),
    ("Since moving to Hove I've been sleeping better.", ("Sam", "lives_in", "Hove"), True),
    ("My sister worked at Tesco before moving to York.", ("Sam's sister", "lives_in", "York"), True),
    ("My sister worked at Tesco before moving to York.", ("Sam", "lives_in", "York"), False),
    ("I'll sell the car before moving to York.", ("Sam", "lives_in", "York"), False),  # a move to come
    ("Are you selling before moving to York?", ("Sam", "lives_in", "York"), False),
])
def test_a_move_told_in_passing_by_before_after_or_since(text: str, fact: tuple[str, str, str], told: bool) -> None:
    assert (fact in stated(text)) is told


@pytest.mark.parametrize(("text", "fact", "told"), [
    ("my cousin Neha in Mississauga says she pays a fortune for parking.", ("Neha", "lives_in", "Mississauga"), True),
    ("My mate Dev, up in Glasgow, rang last night.", ("Dev", "lives_in", "Glasgow"), True),
    ("my brother Dev is up in Glasgow so I never see him", ("Dev", "lives_in", "Glasgow"), True),
    ("my sister Jess in Paris this week sent a postcard.", ("Jess", "lives_in", "Paris"), False),  # a stay
    ("Tom is in Paris and loving the food.", ("Tom", "lives_in", "Paris"), False),
])
def test_someones_home_named_in_passing(text: str, fact: tuple[str, str, str], told: bool) -> None:
    assert (fact in stated(text)) is told
