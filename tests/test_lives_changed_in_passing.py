"""Partners, pastimes, pets, children's schools and homes told the way people say them, written for these
tests (a helper wrote the conversations without reading memdb): "Kieran is with Shauna.", "Lizzie's
marrying Dan", "he's remarried already, to Carla", "We're not together anymore"; "Marco's chess phase is
over, it's all about padel now"; "My cat is called Milo", "a hamster, Nibbles";
"Ella is at Little Acorns Nursery", "Ella starts at Hillside Primary in September" (a school, not a job; a high
school started may be a teacher's job);
homes bought ("we close on the Charlotte house", "got the keys to the Lewes house"), a parent "coming to
live with us in York", "from September I'll be in Bristol", "bye bye Reading, hello Oxford" where memory
knows Reading as a town; plans dated by "going vegan from the 1st of March" or "being made senior developer
from 1 April" (the coming date, not last year's). And what none of them may read."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]  # a message, and a fact it tells

PARTNERS: list[Told] = [
    ("My brother Kieran is with Shauna.", ("Kieran", "partner_of", "Shauna")),
    ("My friend Priya is with Sanjay, they've been together since uni.", ("Priya", "partner_of", "Sanjay")),
    ("Lizzie's marrying Dan next June!", ("Lizzie", "partner_of", "Dan")),
    ("Mike is remarried already, to Carla, a woman from his gym.", ("Mike", "partner_of", "Carla")),
    ("Been on a few dates with Tom since Jake and I broke up, it's going really well.", ("Sam", "partner_of", "Tom")),
    ("Things with Tom are getting serious.", ("Sam", "partner_of", "Tom")),
    ("I'm seeing Tom these days.", ("Sam", "partner_of", "Tom")),
    ("The new man in my life is Tom!", ("Sam", "partner_of", "Tom")),
]

PASTIMES: list[Told] = [
    ("Marco's chess phase is well and truly over, it's all about padel now.", ("Marco", "quit_habit", "chess")),
    ("Marco's chess phase is well and truly over, it's all about padel now.", ("Marco", "habit", "padel")),
    ("My knitting days are done.", ("Sam", "quit_habit", "knitting")),
    ("I've given up running, my knees can't take it anymore.", ("Sam", "quit_habit", "running")),
]

PETS: list[Told] = [
    ("My cat is called Milo.", ("Sam", "has_pet", "Milo")),
    ("My dog is named Max.", ("Sam", "has_pet", "Max")),
    ("My dog's name is Biscuit.", ("Sam", "has_pet", "Biscuit")),
    ("I have a hamster, Nibbles.", ("Sam", "has_pet", "Nibbles")),
]

SCHOOLS: list[Told] = [
    ("My daughter Ella is at Little Acorns Nursery, she loves it.", ("Ella", "studies_at", "Little Acorns Nursery")),
    ("Ella starts at Hillside Primary in September!", ("Ella", "studies_at", "Hillside Primary")),
    ("Oisín is in sixth class at Scoil Bhríde.", ("Oisín", "studies_at", "Scoil Bhríde")),
    ("Leo's starting at Bright Stars Nursery in September.", ("Leo", "studies_at", "Bright Stars Nursery")),
]

HOMES: list[Told] = [
    ("Big news, we finally exchanged on the house in Harrogate!", ("Sam", "lives_in", "Harrogate")),
    ("Finally got the keys to the Lewes house.", ("Sam", "lives_in", "Lewes")),
    ("We close on the Charlotte house May 30th and the movers come June 1st.", ("Sam", "lives_in", "Charlotte")),
    ("Mum's coming to live with us in York.", ("Sam's mum", "lives_in", "York")),
    ("Just signed for a flat, so from September I'll be in Bristol.", ("Sam", "lives_in", "Bristol")),
    ("We'll be in Leeds from May.", ("Sam", "lives_in", "Leeds")),
    ("From the 15th of April I'll be living and working in Southampton.", ("Sam", "lives_in", "Southampton")),
    ("Left Bristol behind, Cardiff's where I live now.", ("Sam", "lives_in", "Cardiff")),
    ("Been in Leeds a year now.", ("Sam", "lives_in", "Leeds")),
]

JOBS: list[Told] = [
    ("New role: data analyst at Northwind.", ("Sam", "works_at", "Northwind")),
    ("First paycheck from Northwind!", ("Sam", "works_at", "Northwind")),
]


@pytest.mark.parametrize(("text", "fact"), PARTNERS + PASTIMES + PETS + SCHOOLS + HOMES + JOBS)
def test_a_life_changed_told_in_passing(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Mum's with Auntie Pat.", ("Sam's mum", "partner_of", "Auntie Pat")),
    ("Kieran is with Shauna at the pub.", ("Kieran", "partner_of", "Shauna")),
    ("Zoe and Marcus are still going strong but Kate's broken up with Ryan.", ("Zoe", "broke_up_with", "Marcus")),
    ("I'm starting at Ridgeway School on a permanent post.", ("Sam", "studies_at", "Ridgeway School")),
    ("Ella starts at Hillside Primary in September!", ("Ella", "works_at", "Hillside Primary")),
    ("From next week I'll be in Rome for a few days.", ("Sam", "lives_in", "Rome")),
    ("I'll be in Paris next week.", ("Sam", "lives_in", "Paris")),
    ("Paris is where I want to live.", ("Sam", "lives_in", "Paris")),
    ("Things with work are going well.", ("Sam", "partner_of", "work")),
    ("Northwind hired her sister.", ("Sam", "works_at", "Northwind")),
])
def test_what_such_news_never_tells(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_we_are_not_together_anymore_ends_the_partner(memory: MemoryDB) -> None:
    check_changes(memory, "not-together", [
        (BEFORE, "u", "My partner is Chris."), ("2024-03-05T10:00:00", "a", "How's Chris doing?"),
        (SAID, "u", "We're not together anymore actually. Split around Christmas, it's for the best.")],
        [("Sam", "partner_of", "Chris", "2024-03-05", "2024-05-08")], [], [])


def test_goodbye_to_a_town_memory_knows_though_it_reads_as_a_name(memory: MemoryDB) -> None:
    check_changes(memory, "bye-reading", [
        (BEFORE, "u", "I live in Reading."), (SAID, "u", "Completion date is set, then it's bye bye Reading, hello Oxford!")],
        [("Sam", "lives_in", "Reading", "2024-05-08", "2024-05-08")], [("Sam", "lives_in", "Oxford")], [])


@pytest.mark.parametrize(("plan", "old", "new"), [
    ("Decided I'm going fully vegan from the 1st of June, just using up the cheese first.",
     ("Sam", "diet", "vegetarian"), ("Sam", "diet", "vegan")),
    ("Performance review went great, I'm being made senior developer from 1 June.",
     ("Sam", "works_as", "junior developer"), ("Sam", "works_as", "senior developer")),
])
def test_a_plan_from_a_date_ends_the_old_state_then(memory: MemoryDB, plan: str, old: tuple[str, str, str],
                                                    new: tuple[str, str, str]) -> None:
    """Said on 8 May, "from the 1st of June" is this June: the old state ends then, not a year before."""
    before = "I'm vegetarian, have been since I was 14." if old[2] == "vegetarian" else "I'm a junior developer at Monzo."
    check_changes(memory, f"from-{new[2]}", [(BEFORE, "u", before), (SAID, "u", plan), ("2024-07-01T09:00:00", "u", "Morning!")],
                  [(*old, "2024-06-01", "2024-06-01")], [new], [])


@pytest.mark.parametrize(("news", "ends", "holds"), [
    ("Rob's at Northwind now.", ("Robert", "works_at", "Contoso"), ("Robert", "works_at", "Northwind")),
    ("Rob moved over to Northwind.", ("Robert", "works_at", "Contoso"), ("Robert", "works_at", "Northwind")),
    ("Northwind hired my brother!", ("Robert", "works_at", "Contoso"), ("Robert", "works_at", "Northwind")),
    ("My brother's new girlfriend is called Beth.", ("Robert", "partner_of", "Ana"), ("Robert", "partner_of", "Beth")),
])
def test_news_of_someone_by_nickname_or_kin_word(memory: MemoryDB, news: str, ends: tuple[str, str, str],
                                                 holds: tuple[str, str, str]) -> None:
    """Robert, "Rob to everyone", works at Contoso and dates Ana: news of "Rob" or "my brother" is his."""
    check_changes(memory, f"rob-{news[:12]}", [
        (BEFORE, "u", "My brother Robert, Rob to everyone, works at Contoso and is dating Ana."), (SAID, "u", news)],
        [(*ends, "2024-05-08", "2024-05-08")], [holds], [])


@pytest.mark.parametrize(("old", "plan", "new"), [
    ("We live in Raleigh.", "We close on the Charlotte house May 30th and the movers come June 1st.", "Charlotte"),
    ("I live in Derby and my girlfriend Hannah lives in Nottingham.",
     "Hannah and I are moving in together! I'm moving over to hers in Nottingham on the 30th of May.", "Nottingham"),
    ("I live in London.", "We've decided to move home for good, back to Castlebar in July.", "Castlebar"),
])
def test_a_move_told_ahead_happens_when_its_day_comes(memory: MemoryDB, old: str, plan: str, new: str) -> None:
    """Told on 8 May, "we close on the house May 30th" is this May: the old home ends then (not a year before)."""
    check_changes(memory, f"ahead-{new}", [(BEFORE, "u", old), (SAID, "u", plan), ("2024-09-01T09:00:00", "u", "Morning!")],
                  [("Sam", "lives_in", old.split(" in ")[1].split(" ")[0].rstrip("."), "2024-05-30", "2024-07-31")],
                  [("Sam", "lives_in", new)], [])
