"""Jobs told of people in words no earlier bank used, written for these tests: first names that are
also words opening a sentence that says who they are ("Grace is a nurse", "Frank is a postman for
Royal Mail"), businesses named with their "'s" ("a waitress at Wetherspoon's", "St Mary's"), "The" Ivy,
jobs begun "as" something ("started as a lorry driver for DHL"), titles said without an article
("going to be head chef at Dishoom"), a two-word post in "got the … job at", and a nickname told in
an aside ("Robert, Bobby we call him, is …"). And what none of them may read: a word that is no
name, nor a job given to the speaker when its subject is no name memdb reads."""

from datetime import datetime, timezone

import pytest

from memdb import MemoryDB
from memdb.extract import RuleExtractor
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]  # a message, and a fact it tells

WORD_NAMES: list[Told] = [  # a first name that is a word, said to be someone
    ("Grace is a nurse.", ("Grace", "works_as", "nurse")),
    ("Rose is a nurse at Bupa.", ("Rose", "works_at", "Bupa")),
    ("Jack is a nurse at Bupa.", ("Jack", "works_as", "nurse")),
    ("Frank is a postman for Royal Mail.", ("Frank", "works_at", "Royal Mail")),
    ("Frank is a postman for Royal Mail.", ("Frank", "works_as", "postman")),
    ("Mark is a teacher.", ("Mark", "works_as", "teacher")),
    ("Bob is my brother.", ("Sam", "sibling_of", "Bob")),
]

BUSINESSES: list[Told] = [  # named with their "'s", or with a capital "The"
    ("Aisha is a waitress at Wetherspoon's.", ("Aisha", "works_at", "Wetherspoon's")),
    ("I work at Sainsbury's now.", ("Sam", "works_at", "Sainsbury's")),
    ("I'm a nurse at St Mary's.", ("Sam", "works_at", "St Mary's")),
    ("I'm a chef at The Ivy.", ("Sam", "works_at", "Ivy")),
]

BEGUN: list[Told] = [  # begun "as" something, a title without its article, a post of two words
    ("I started as a nurse at Bupa.", ("Sam", "works_at", "Bupa")),
    ("Bobby's just started as a lorry driver for DHL.", ("Bobby", "works_at", "DHL")),
    ("Bobby's just started as a lorry driver for DHL.", ("Bobby", "works_as", "lorry driver")),
    ("Kim started work as a cleaner at Bupa last week.", ("Kim", "works_at", "Bupa")),
    ("I started as deputy manager at Aldi.", ("Sam", "works_as", "deputy manager")),
    ("I'm going to be head chef at Dishoom from next month.", ("Sam", "works_at", "Dishoom")),
    ("Kim's head chef at Dishoom now.", ("Kim", "works_as", "head chef")),
    ("Kim is now operations manager at Dyson.", ("Kim", "works_at", "Dyson")),
    ("Dev got the deputy head job at St Anne's!", ("Dev", "works_at", "St Anne's")),
    ("My mate Robert, Bobby we call him, is a mechanic at Kwik Fit.", ("Robert", "works_at", "Kwik Fit")),
    ("My mate Robert, we call him Bobby, is a mechanic at Kwik Fit.", ("Robert", "works_as", "mechanic")),
]


@pytest.mark.parametrize(("text", "fact"), WORD_NAMES + BUSINESSES + BEGUN)
def test_a_job_told_of_someone(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize("text", ["Patience is a virtue.", "Rose is a lovely colour.", "I'm never at Dishoom on Mondays."])
def test_no_job_where_none_is_told(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"works_at", "works_as"}


@pytest.mark.parametrize("text", ["Storm is a nurse at Bupa.", "Sky is a nurse at Bupa."])
def test_a_job_of_someone_unread_is_never_the_speakers(text: str) -> None:
    assert not {fact for fact in stated(text) if fact[0] == "Sam"}


@pytest.mark.parametrize(("text", "name"), [
    ("I was at Kim's last night.", "Kim"),  # someone's home: the name, not a business
    ("I was at Nadia's last night.", "Nadia"),  # a first name of the world's list too
    ("Apple's new phone is out.", "Apple"),  # what the firm owns
    ("St Mary's Hospital is great.", "St Mary's Hospital"),
])
def test_a_name_keeps_its_s_only_where_it_owns_nothing(text: str, name: str) -> None:
    said = datetime(2025, 5, 11, tzinfo=timezone.utc)
    names = {e.name for e in RuleExtractor().extract(text, speaker="Sam", occurred_at=said).entities}
    assert name in names


def test_a_new_job_of_a_friend_called_by_a_word_ends_the_old(memory: MemoryDB) -> None:
    """"Frank is a postman with Royal Mail", later "Frank's working at B&Q now": Royal Mail ends."""
    check_changes(memory, "at-work-frank", [
        (BEFORE, "u", "Frank is a postman for Royal Mail."), (SAID, "u", "Frank's working at B&Q now, part time.")],
        [("Frank", "works_at", "Royal Mail", "2024-05-08", "2024-05-08")], [("Frank", "works_at", "B&Q")], [])
