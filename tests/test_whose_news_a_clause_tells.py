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
