"""News told the way people text it, written for these tests: the "I" dropped before any verb's past
("Scored a job at Woolworths!", "Left Auckland in May and I've been in Wellington ever since"), after a
heading of no one ("Big news: new job at the BBC!"), or after a clause opening on "not"; a home told by
the commute from it, or by the life "since we left London"; titles given ("they made me ward manager",
"bumped me up to lead designer", "got the headteacher job at …", "started as a healthcare assistant",
"head of delivery", "moved to Dishoom as head chef"); occupations the lexicon lacked ("registrar",
"flight attendant"). And what none of them may read: a job stayed in ("too good to leave"), a present
base verb taken for a past ("Rent in Dublin is a joke"), a state ended by another clause's "anymore"."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]  # a message, and a fact it tells

WITHOUT_I: list[Told] = [
    ("Scored a job at Woolworths in the bakery.", ("Sam", "works_at", "Woolworths")),
    ("Left Auckland in May and I've been in Wellington ever since.", ("Sam", "moved_out_of", "Auckland")),
    ("Left Auckland in May and I've been in Wellington ever since.", ("Sam", "lives_in", "Wellington")),
    ("Big news: new job at the BBC!", ("Sam", "works_at", "BBC")),
    ("So it's official: new job at the BBC, starting 3 June.", ("Sam", "works_at", "BBC")),
    ("not in Galway anymore btw, living in Limerick now.", ("Sam", "lives_in", "Limerick")),
    ("Still in Leeds, working at Tesco.", ("Sam", "works_at", "Tesco")),
]

HOMES: list[Told] = [
    ("My commute from Otley into Leeds is killing me.", ("Sam", "lives_in", "Otley")),
    ("I'm commuting from Bath to Bristol these days.", ("Sam", "lives_in", "Bath")),
    ("50 mins each way since we left London, but the garden makes up for it.", ("Sam", "moved_out_of", "London")),
]

TITLES: list[Told] = [
    ("They made me ward manager on Monday.", ("Sam", "works_as", "ward manager")),
    ("They bumped me up to lead designer!!", ("Sam", "works_as", "lead designer")),
    ("Mum got the headteacher job at Oakfield Primary.", ("Sam's mum", "works_as", "headteacher")),
    ("I got the manager job at Tesco.", ("Sam", "works_as", "manager")),
    ("I've finished portering and started as a healthcare assistant.", ("Sam", "works_as", "healthcare assistant")),
    ("Sarah is head of delivery.", ("Sarah", "works_as", "head of delivery")),
    ("Sarah's been promoted, she's our new head of delivery.", ("Sarah", "works_as", "head of delivery")),
    ("Ben's moved to Dishoom as head chef.", ("Ben", "works_at", "Dishoom")),
    ("Ben's moved to Dishoom as head chef.", ("Ben", "works_as", "head chef")),
    ("Priya's a registrar now!!", ("Priya", "works_as", "registrar")),
    ("Chloe's a flight attendant with Qantas now!", ("Chloe", "works_at", "Qantas")),
    ("Jess is a nurse at KPMG now, so no more 6am shifts at Pret.", ("Jess", "works_at", "KPMG")),
    ("They made me ward manager, so I'm not a staff nurse anymore.", ("Sam", "works_as", "ward manager")),
]


@pytest.mark.parametrize(("text", "fact"), WITHOUT_I + HOMES + TITLES)
def test_news_told_without_its_i_or_its_article(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Staying at IBM, the team's too good to leave.", ("Sam", "left", "IBM")),
    ("Rent in Dublin is a joke, I'm paying half my wages for a box room in Rathmines.", ("Sam", "lives_in", "Dublin")),
    ("I moved to Leeds as a student.", ("Sam", "works_at", "Leeds")),  # a town stays a home
    ("Sarah's been promoted, she's our new head of delivery.", ("Sam", "owns", "head")),
    ("They made me ward manager, so I'm not a staff nurse anymore.", ("Sam", "worked_as", "ward manager")),
    ("Jess is a nurse at KPMG now, so no more 6am shifts at Pret.", ("Jess", "worked_at", "KPMG")),
])
def test_what_such_news_never_tells(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_a_promotion_told_by_who_made_you_ends_the_old_title(memory: MemoryDB) -> None:
    check_changes(memory, "made-me", [
        (BEFORE, "u", "I'm a staff nurse at St James's."),
        (SAID, "u", "Good news though, they made me ward manager on Monday so I'm not a staff nurse anymore.")],
        [("Sam", "works_as", "staff nurse", "2024-05-06", "2024-05-08")], [("Sam", "works_as", "ward manager")], [])


def test_a_dropped_i_move_ends_the_old_home(memory: MemoryDB) -> None:
    check_changes(memory, "left-auckland", [
        (BEFORE, "u", "I live in Auckland."),
        (SAID, "u", "Left Auckland in May and I've been in Wellington ever since. Windy as, but I love it.")],
        [("Sam", "lives_in", "Auckland", "2024-05-01", "2024-05-08")], [("Sam", "lives_in", "Wellington")], [])


def test_a_job_lost_under_another_title_ends_none_memory_knows(memory: MemoryDB) -> None:
    """"Lost my job as a banker" ends the banker's job only: memory knows Sam as a transport planner."""
    check_changes(memory, "lost-banker", [
        (BEFORE, "u", "I'm a transport planner at Fennick Logistics."),
        (SAID, "u", "Lost my job as a banker yesterday, so I'm gonna take a shot at starting my own business.")],
        [], [("Sam", "works_at", "Fennick Logistics"), ("Sam", "works_as", "transport planner")], [])


def test_a_job_lost_under_its_own_title_ends_it(memory: MemoryDB) -> None:
    check_changes(memory, "lost-planner", [
        (BEFORE, "u", "I'm a transport planner at Fennick Logistics."), (SAID, "u", "I lost my job as a transport planner.")],
        [("Sam", "works_at", "Fennick Logistics", "2024-05-08", "2024-05-08")], [], [])


def test_a_title_told_shorter_is_the_same_job_and_a_longer_one_a_promotion(memory: MemoryDB) -> None:
    check_changes(memory, "shorter-title", [
        (BEFORE, "u", "I'm a shift supervisor now!! Anh bumped me up on Monday."),
        (SAID, "u", "Anh just made me supervisor, felt dodgy to bail on her.")],
        [], [("Sam", "works_as", "shift supervisor")], [])
    check_changes(memory, "longer-title", [
        (BEFORE, "u", "I'm a developer at Monzo."), (SAID, "u", "I've been made senior developer!")],
        [("Sam", "works_as", "developer", "2024-05-08", "2024-05-08")], [("Sam", "works_as", "senior developer")], [])
