"""Homes told without a town any list knows, homes shared with the speaker, and a move's old home, in wordings written
for these tests (not the banks'): a relative "in" a town no gazetteer holds ("my cousin Deepa in Tarrowby"), at
someone's in one, near them in one; a child or lodger who lives "with us" or leaves home, whose home was the speaker's
until then; a home left by a move planned for a date, held until that date (not from it); a home one thinks of leaving;
"life here in …"; a couple's end told as someone new, "not a thing any more", "the breakup", "parted ways", "back on
the dating apps", "not in the picture", "shot through", "Mia and I are finished" or "told her to pack her bags"; and kin, which no time
phrase of its sentence dates; one named with where they are met ("Dana from book club"), long "stuck" somewhere, or
still living at a relative's home; a home of years left by a move ("After ten years in Hull we're moving to York"), a
last night in it before the move, its flat packed up."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]

# Towns made up for these tests: in no gazetteer, world list or memory, so only the words around them tell a town
IN_A_TOWN_NO_LIST_KNOWS: list[Told] = [
    ("my cousin Deepa in Tarrowby rang, she's got a new puppy.", ("Deepa", "lives_in", "Tarrowby")),
    ("Popping over to visit Dad in Kellingmere on Sunday, he wants help with the gutters.",
     ("Sam's dad", "lives_in", "Kellingmere")),
    ("Hannah says the farm shop down the road from her in Hollinwick sells duck eggs.", ("Hannah", "lives_in", "Hollinwick")),
    ("Spent Saturday at Niamh's in Brannoch fixing her fence.", ("Niamh", "lives_in", "Brannoch")),
    ("Greta, my mum's neighbour in Corrowby, keeps hens.", ("Greta", "lives_in", "Corrowby")),
    ("my cousin Deepa in Leeds swears by the night bus.", ("Deepa", "lives_in", "Leeds")),  # no night's stay
]
NOT_A_TOWN: list[Told] = [
    ("my friend Zoe in Marketing got promoted.", ("Zoe", "lives_in", "Marketing")),  # a department
    ("my colleague Tom in IT fixed my laptop.", ("Tom", "lives_in", "IT")),  # an acronym
    ("We had lunch at Bodega's in Brannoch, book ahead.", ("Bodega", "lives_in", "Brannoch")),  # a venue, no first name
]
THE_SPEAKERS_HOME_BY_THE_WAY: list[Told] = [
    ("I'm thinking of leaving Swindon, the rents are mad.", ("Sam", "lives_in", "Swindon")),
    ("we're seriously considering leaving Hull for somewhere greener.", ("Sam", "lives_in", "Hull")),
    ("Life here in Preston is quiet, which suits us.", ("Sam", "lives_in", "Preston")),
    ("Dana's new life in Hobart sounds idyllic.", ("Dana", "lives_in", "Hobart")),
    ("My son still lives at home, in Wigan, saving up.", ("Sam's son", "lives_in", "Wigan")),
    ("Dana from book club is moving to Bristol in the spring.", ("Dana", "moving_to", "Bristol")),
    ("Priya finally got the transfer, she's been stuck in Hull for years.", ("Priya", "lives_in", "Hull")),
    ("After ten years in Hull we're moving to York in the spring.", ("Sam", "lives_in", "Hull")),
    ("After ten years in Hull we moved to York.", ("Sam", "moved_out_of", "Hull")),
    ("Last night in Hull before the big move, feeling weird.", ("Sam", "moved_out_of", "Hull")),
    ("Packing up the Hull flat today, send snacks.", ("Sam", "moved_out_of", "Hull")),
    ("Dana's in Bristol now, she left Leeds in the spring.", ("Dana", "moved_out_of", "Leeds")),
    # one who lives at another's home: both live there
    ("Zoe's still at her nan's in Leeds, saving for a deposit.", ("Zoe", "lives_in", "Leeds")),
    ("my nephew is bunking at his gran's in Wigan till he finds a flat.", ("Sam's nephew", "lives_in", "Wigan")),
]
NOT_THE_SPEAKERS_HOME: list[Told] = [
    ("I'm thinking of leaving Quorvex, the pay is bad.", ("Sam", "lives_in", "Quorvex")),  # a firm as likely
    ("my old life in Leeds feels like a dream now.", ("Sam", "lives_in", "Leeds")),  # a life left
    ("Tom's staying at his girlfriend's in Leeds this weekend.", ("Tom", "lives_in", "Leeds")),  # a stay
    ("Tom's been at his girlfriend's in Leeds since Friday.", ("Tom", "lives_in", "Leeds")),
    ("We've been stuck in Paris for two days because of the strike.", ("Sam", "lives_in", "Paris")),
    ("Last night in Rome! Where should we eat?", ("Sam", "moved_out_of", "Rome")),  # a trip's end
    ("I live in York. I left Rome on Friday after a lovely week.", ("Sam", "moved_out_of", "Rome")),  # a trip's end
]
A_COUPLE_ENDED: list[Told] = [
    ("Tom and Mia aren't a thing any more, sadly.", ("Tom", "broke_up_with", "Mia")),
]


@pytest.mark.parametrize(("text", "fact"), IN_A_TOWN_NO_LIST_KNOWS + THE_SPEAKERS_HOME_BY_THE_WAY)
def test_a_home_is_read(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), NOT_A_TOWN + NOT_THE_SPEAKERS_HOME)
def test_not_a_home(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


@pytest.mark.parametrize(("name", "turns", "who", "old", "window", "new"), [
    ("child moving out", [(BEFORE, "u", "We live in Leeds, it's a madhouse with three teenagers."),
                          (SAID, "u", "Our daughter Emma is moving out to Bristol next month, I'll miss her.")],
     "Emma", "Leeds", ("2024-06-01", "2024-06-01"), "Bristol"),
    ("child flown the nest", [(BEFORE, "u", "Our house in Carlisle is far too big now."),
                              (SAID, "u", "Our son Jack has flown the nest, he moved to Glasgow on Saturday.")],
     "Jack", "Carlisle", ("2024-05-04", "2024-05-08"), "Glasgow"),
    ("lives with us", [(BEFORE, "u", "I live in Exeter. My nephew Ollie still lives with us while he saves."),
                       (SAID, "u", "Ollie finally moved to Plymouth last week!")],
     "Ollie", "Exeter", ("2024-04-29", "2024-05-08"), "Plymouth"),
])
def test_a_home_shared_with_the_speaker_ends_with_the_move(memory: MemoryDB, name: str, turns: list, who: str, old: str,
                                                            window: tuple[str, str], new: str) -> None:
    check_changes(memory, f"household-{name}", turns, [(who, "lives_in", old, *window)], [(who, "lives_in", new)], [])


def test_one_who_moves_out_from_elsewhere_is_not_of_the_household(memory: MemoryDB) -> None:
    """Jenna is nobody's child here: where she moved out of is not told, so not the speaker's home."""
    check_changes(memory, "household-not", [
        (BEFORE, "u", "I live in Arcadia with my two cats."),
        (SAID, "u", "Oh and Tyler called, Jenna moved out to El Paso with him last weekend!")],
        [], [("Sam", "lives_in", "Arcadia")], [("Jenna", "lives_in", "Arcadia"), ("Jenna", "moved_out_of", "Arcadia")])


def test_a_move_planned_for_a_date_ends_the_home_then(memory: MemoryDB) -> None:
    """"Moving from Leeds to Bristol next month": Leeds is held from when it was said until the move, and Bristol
    from then; a home told after the plan in the same turn is ended by it too."""
    check_changes(memory, "planned-from", [(SAID, "u", "I'm moving from Leeds to Bristol next month, eek.")],
                  [("Sam", "lives_in", "Leeds", "2024-06-01", "2024-06-01")], [("Sam", "lives_in", "Bristol")], [])
    leeds = next(f for f in memory.facts(user_id="planned-from") if f.object == "Leeds")
    assert leeds.valid_at.date().isoformat() == "2024-05-08"
    check_changes(memory, "planned-after", [(SAID, "u", "Moving to Leeds in July. For now I'm in a flat in York.")],
                  [("Sam", "lives_in", "York", "2024-07-01", "2024-07-01")], [("Sam", "lives_in", "Leeds")], [])


def test_kin_is_not_dated_by_its_sentence(memory: MemoryDB) -> None:
    """"My daughter Emma is moving out next month": Emma is the speaker's daughter now, not from next month."""
    check_changes(memory, "kin-dated", [(SAID, "u", "My daughter Emma is moving to Bristol next month.")], [],
                  [("Sam", "parent_of", "Emma")], [])
    kin = next(f for f in memory.facts(user_id="kin-dated") if f.label == "parent_of")
    assert kin.valid_at.date().isoformat() == "2024-05-08"


TOMS = ("Tom's girlfriend Mia is lovely, they met at uni.", "Tom")
MINE = ("My girlfriend Mia wants us to try a cooking class.", "Sam")


@pytest.mark.parametrize(("couple", "said"), [
    (TOMS, "Tom's seeing someone new, apparently."),
    (TOMS, "Tom and Mia aren't a thing any more."),
    (TOMS, "The breakup with Mia hit Tom hard."),
    (TOMS, "Tom and Mia have parted ways, it was mutual."),
    (TOMS, "Tom's back on the dating apps, so that's that."),
    (TOMS, "Mia's not in the picture any more, Tom says."),
    (MINE, "Mia and I are finished, I'm looking at flats on my own."),
    (MINE, "found out about the other guy. told Mia to pack her bags."),
    (MINE, "Mia's shot through, packed the car on Sunday while I was out."),  # ("on Sunday": the 5th)
])
def test_a_couple_ended_in_other_words(memory: MemoryDB, couple: tuple[str, str], said: str) -> None:
    told, who = couple
    check_changes(memory, f"couple-{abs(hash(said)) % 10_000}", [(BEFORE, "u", told), (SAID, "u", said)],
                  [(who, "partner_of", "Mia", "2024-05-05", "2024-05-08")], [], [])


def test_the_banks_made_up_towns_are_unknown_and_renamed_everywhere() -> None:
    """``changes_told.py --made-up-towns``: each home's town is renamed, in the turns and the facts, to one no list of
    memdb's knows, so a home is read only by the words around it."""
    from bench.changes_told import made_up_towns, with_made_up_towns
    from memdb.extract.objects import known_place
    from memdb.extract.entities import Span

    case = {"name": "x", "turns": [["01-15", "u", "my brother Dev is up in Glasgow, Glasgow's cold"],
                                   ["04-02", "u", "Dev's in Leeds now"]],
            "ends": [["Dev", "lives_in", "Glasgow"]], "holds": [["Dev", "lives_in", "Leeds"]]}
    [renamed] = with_made_up_towns([case])
    old, new = renamed["ends"][0][2], renamed["holds"][0][2]
    assert {old, new}.isdisjoint({"Glasgow", "Leeds"}) and old != new
    assert renamed["turns"][0][2] == f"my brother Dev is up in {old}, {old}'s cold" and new in renamed["turns"][1][2]
    names = [name for name, _ in zip(made_up_towns(), range(200))]
    assert len(set(names)) == 200
    assert not any(known_place(Span(n, n, "place", 0, len(n), 0, 0)) for n in names)
