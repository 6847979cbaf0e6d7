"""State changes told across a turn or the turns before it, in wordings written for these tests:
homes left, shared, moved into with someone, arrived at; couples told of anyone and whom "she" left;
whom the assistant just asked about; another name told by "she calls him …"; jobs offered and taken
(the rule extractor alone, and end to end through MemoryDB where memory is what settles the turn)."""

from datetime import datetime, timezone

import pytest

from memdb import MemoryDB
from memdb.extract import RuleExtractor
from tests.conftest import facts_said
from tests.test_state_changes import (  # noqa: F401 - memory: the module's store, a fixture
    BEFORE, LATER, SAID, SAM, _said, memory,
)


def stated(text: str, *, at: datetime = datetime(2025, 5, 11, tzinfo=timezone.utc)) -> set[tuple[str, str, str]]:
    """(subject, label, object) of each fact the rule extractor reads in Sam's one turn."""
    return {(f.subject, f.label, f.object) for f in RuleExtractor().extract(text, speaker="Sam", occurred_at=at).facts}


# Homes left and people moving together, in wordings written for these tests (not the banks')
@pytest.mark.parametrize(("text", "fact"), [
    ("We finally sold up and left Croydon in the spring.", ("Sam", "moved_out_of", "Croydon")),
    ("Dad sold up in Norfolk and he's settled in Faro now.", ("Sam's dad", "moved_out_of", "Norfolk")),
    ("I left Glasgow for good last month.", ("Sam", "moved_out_of", "Glasgow")),
    ("We left Perth in May and we're living in Darwin now.", ("Sam", "moved_out_of", "Perth")),
    ("After nine years in Hackney we finally packed up, rents are mad.", ("Sam", "moved_out_of", "Hackney")),
    ("We got kicked out of the flat in Leith by the new owners.", ("Sam", "moved_out_of", "Leith")),
    ("Lola and I moved to Bristol in August.", ("Lola", "lives_in", "Bristol")),
    ("Me and Lola moved to Bristol in August.", ("Lola", "lives_in", "Bristol")),
    ("My aunt Bea's fella is Ron. She and Ron are moving to Whitby next spring.", ("Ron", "moving_to", "Whitby")),
    ("My cousin Dee has split from Lee and moved back in with her parents in Derby.", ("Dee", "lives_in", "Derby")),
    ("Noor's with Idris now, it's official.", ("Noor", "partner_of", "Idris")),
    ("Amira's dating some bloke called Rhys, she won't shut up about him.", ("Amira", "partner_of", "Rhys")),
])
def test_a_home_left_or_shared_and_a_partner_told_in_passing(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text, at=datetime(2024, 9, 1, tzinfo=timezone.utc))


@pytest.mark.parametrize(("text", "fact"), [
    ("We left Rome on Friday and flew home.", ("Sam", "moved_out_of", "Rome")),  # a trip's end
    ("I left Acme and moved to Leeds.", ("Sam", "moved_out_of", "Acme")),  # a job, not a home
    ("Noor's with Barclays now.", ("Noor", "partner_of", "Barclays")),
    ("Idris is with Noor now.", ("Idris", "works_at", "Noor")),  # a first name is no employer
    ("Lola and I split up last year.", ("Lola", "broke_up_with", "")),  # one couple, not two breakups
])
def test_no_home_left_or_partner_in_a_trip_a_job_or_a_couple(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text, at=datetime(2024, 9, 1, tzinfo=timezone.utc))


@pytest.mark.parametrize(("text", "ended"), [
    ("Bad news, we've been evicted, the owner wants to sell.", True),
    ("The landlord's selling, so we all got turfed out last week.", True),
    ("We got turfed out of the pub at closing time.", False),  # a night out
    ("He was evicted from the game for cheating.", False),
])
def test_a_home_lost_unnamed_ends_the_current_one(text: str, ended: bool) -> None:
    assert (("moved_out_of", "") in facts_said(text)) is ended


def test_she_who_left_him_is_his_partner_whoever_else_was_named() -> None:
    """"She finally left him": of the women the turns named, the one memory knows as his partner."""
    from memdb.extract import Context

    said = datetime(2025, 5, 11, tzinfo=timezone.utc)
    before = RuleExtractor().extract("Beth came round with cake and Ollie was there too.", speaker="Sam", occurred_at=said)
    context = Context(partners={"Ollie": "Nina", "Nina": "Ollie"}).then(before, speaker="Sam")
    found = RuleExtractor().extract("And talking of Ollie. Well. She finally left him. Moved in with her sister in Hove.",
                                    speaker="Sam", occurred_at=said, context=context)
    facts = {(f.subject, f.label, f.object) for f in found.facts}
    assert {f for f in facts if f[1] == "lives_in"} == {("Nina", "lives_in", "Hove")}


def test_sitting_together_is_no_couple() -> None:
    assert ("partner_of", "Gary") not in facts_said("Gary and I even sat together at the dinner and didn't fight.")


def test_a_name_listed_after_yes_is_a_subject_not_an_address() -> None:
    assert {("Priya", "lives_in", "Leith"), ("Tom", "lives_in", "Leith")} <= stated(
        "Yes, Priya and Tom came over. They moved to Leith last month.")


@pytest.mark.parametrize(("text", "fact"), [
    ("The divorce came through. Darren is officially my ex-husband.", ("ex_partner_of", "Darren")),
    ("Priya is also my cousin, funnily enough.", ("relative_of", "Priya")),
    ("Big news, I got promoted to head of design at Fernway!", ("works_at", "Fernway")),
    ("Big news, I got promoted to head of design at Fernway!", ("works_as", "head of design")),
])
def test_a_relation_or_title_told_with_a_word_between(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


def test_the_one_named_with_me_moves_in_too() -> None:
    assert {("Sam", "lives_in", "Roath"), ("Omar", "lives_in", "Roath")} <= stated(
        "Exciting week: Omar and I moved in together in Roath!")


@pytest.mark.parametrize(("text", "fact"), [
    ("Quick update: I'm renting a room in Moseley till I sort myself out.", ("lives_in", "Moseley")),
    ("After months of viewings we've finally found somewhere in Frome!", ("moving_to", "Frome")),
    ("I broke it off with Callum on Sunday. It just wasn't working.", ("broke_up_with", "Callum")),
])
def test_a_room_rented_somewhere_found_and_a_couple_broken_off(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize("text", [
    "Keira rented a room in Porto for the weekend.",
    "We found somewhere to eat in Frome before the gig.",
])
def test_no_home_in_a_room_for_the_weekend_or_a_meal(text: str) -> None:
    assert not {label for label, _ in facts_said(text)} & {"lives_in", "moving_to"}


@pytest.mark.parametrize(("text", "ended"), [
    ("Did you hear? Hamish and Lorna are no longer together.", True),
    ("Hamish and Lorna are not together any more, sadly.", True),
    ("So that's that: Hamish and Lorna are no more.", True),
    ("Hamish and Lorna are not married, just engaged.", False),
])
def test_a_couple_no_longer_together_told_with_a_negation(text: str, ended: bool) -> None:
    assert (("Hamish", "broke_up_with", "Lorna") in stated(text)) is ended


def test_no_more_of_a_thing_is_no_home_ended() -> None:
    """"living in Cairns now, no more Sydney rents": "no more" of a thing, not the home over."""
    facts = facts_said("We sold up in Sydney in March and we're living in Cairns now, no more crazy rents.")
    assert ("lives_in", "Cairns") in facts and ("moved_out_of", "Sydney") in facts
    assert ("moved_out_of", "Cairns") not in facts
    assert ("moved_out_of", "Cairns") in facts_said("I don't live in Cairns no more.")


@pytest.mark.parametrize(("text", "fact"), [
    ("Big day, Tomasz joined Glasgow Caledonian University this term!", ("studies_at", "Glasgow Caledonian University")),
    ("Tomasz joined Brightwell Logistics this term as a driver.", ("works_at", "Brightwell Logistics")),
])
def test_a_school_joined_for_a_term_is_studied_at(text: str, fact: tuple[str, str]) -> None:
    assert ("Tomasz", *fact) in stated(text)


@pytest.mark.parametrize(("text", "kin"), [
    ("Jiju dropped us at the station.", "Sam's brother-in-law"),
    ("Bhabhi cooked biryani for everyone.", "Sam's sister-in-law"),
])
def test_a_kin_title_standing_alone_is_the_speakers_relative(text: str, kin: str) -> None:
    found = RuleExtractor().extract(text, speaker="Sam", occurred_at=datetime(2025, 5, 11, tzinfo=timezone.utc))
    assert kin in {m.name for m in found.entities if m.type == "person"}


@pytest.mark.parametrize(("text", "movers"), [
    ("Dad and Val are selling up and moving to Tenby in the spring.", {"Sam's dad", "Val"}),
    ("Rory and I are handing in our notice and moving to Galway.", {"Sam", "Rory"}),
    ("Rory handed in his notice and moved to Galway.", {"Rory"}),
])
def test_two_people_told_of_a_move_joined_to_another_verb_both_move(text: str, movers: set[str]) -> None:
    found = RuleExtractor().extract(text, speaker="Sam", occurred_at=datetime(2025, 1, 11, tzinfo=timezone.utc))
    assert {f.subject for f in found.facts if f.label in ("moving_to", "lives_in")} == movers


@pytest.mark.parametrize(("text", "alias"), [
    ("Her new fella is called Desmond. She calls him dessie, bless her.", ("dessie", "Desmond")),
    ("My cousin Bartholomew is visiting. Everyone calls him Bartie.", ("Bartie", "Bartholomew")),
    ("Her new fella is called Desmond. She calls him lazy.", None),
    ("Ollie got a kitten for Christmas, he calls him Pudding.", None),
])
def test_another_name_told_by_whom_it_is_called(text: str, alias: tuple[str, str] | None) -> None:
    """"she calls him gra": another name of the one the pronoun means (not a word, nor a pet's name)."""
    found = RuleExtractor().extract(text, speaker="Sam", occurred_at=datetime(2025, 1, 11, tzinfo=timezone.utc))
    nicknames = {(m.text, m.name) for m in found.entities if m.nickname}
    assert nicknames == ({alias} if alias else set())


def test_whom_the_assistant_asked_about_is_the_she_of_the_reply() -> None:
    """"Is your gran still in Ayr - will you see her at Easter?" — "shes coming down. her and ted are
    moving to troon": the gran (asked of before the dash, the user asked of after it about her too)."""
    from memdb.extract import Context

    said = datetime(2025, 3, 1, tzinfo=timezone.utc)
    asked = RuleExtractor().extract("Is your gran still in Ayr - will you see her at Easter?", speaker=None,
                                    occurred_at=said, context=Context(addressee="Sam"))
    assert asked.asked_about == "Sam's gran"
    assert RuleExtractor().extract("How is Ted - and are you sleeping any better?", speaker=None, occurred_at=said,
                                   context=Context(addressee="Sam")).asked_about is None
    found = RuleExtractor().extract("shes coming down at easter. her and Ted are selling up and moving to Troon.",
                                    speaker="Sam", occurred_at=said, context=Context(asked_about="Sam's gran"))
    assert {f.subject for f in found.facts if f.label == "moving_to"} == {"Sam's gran", "Ted"}


@pytest.mark.parametrize(("text", "homes"), [
    ("The boiler in the Gorgie flat that Ailsa, Fraser and I share has packed in again.",
     {("Sam", "Gorgie"), ("Ailsa", "Gorgie"), ("Fraser", "Gorgie")}),
    ("Our Kemptown flat, which I share with Dmitri, has a damp problem.", {("Sam", "Kemptown")}),
    ("The Lisbon flat that we rented for the week was gorgeous.", set()),
    ("The Gorgie flat that Ailsa shares with her brother is huge.", set()),
])
def test_a_home_told_by_whom_shares_it(text: str, homes: set[tuple[str, str]]) -> None:
    assert {(subject, obj) for subject, label, obj in stated(text) if label == "lives_in"} == homes


def test_a_home_named_then_keys_picked_up_is_a_move_on_that_day() -> None:
    """"3 bed semi in Hove, we pick up the keys on the 9th", said on the 20th: a move on the 9th to come."""
    from memdb.extract import Context

    found = RuleExtractor().extract("Sorted! 3 bed semi in Hove, we pick up the keys on the 9th.", speaker="Sam",
                                    occurred_at=datetime(2025, 5, 20, tzinfo=timezone.utc),
                                    context=Context(partners={"Sam": "Priya", "Priya": "Sam"}))
    moves = {(f.subject, f.label, f.object, f.valid_at.date().isoformat()) for f in found.facts}
    assert moves == {(who, label, "Hove", "2025-06-09") for who in ("Sam", "Priya") for label in ("moving_to", "lives_in")}
    assert not RuleExtractor().extract("A cottage in Devon for the week, we get the keys at 4 on the 9th.", speaker="Sam",
                                       occurred_at=datetime(2025, 5, 20, tzinfo=timezone.utc)).facts


@pytest.mark.parametrize(("text", "homes"), [
    ("Greetings from our new flat in Moseley! Kofi and I moved on Saturday.", {("Sam", "Moseley"), ("Kofi", "Moseley")}),
    ("Writing to you from the new place in Frome.", {("Sam", "Frome")}),
    ("Kofi and I moved on Saturday, it was chaos.", set()),
    ("Hello from Porto! Kofi and I moved hotels on Saturday.", set()),
])
def test_a_greeting_from_a_new_home_and_who_moved_there_with_me(text: str, homes: set[tuple[str, str]]) -> None:
    assert {(subject, obj) for subject, label, obj in stated(text) if label == "lives_in"} == homes


@pytest.mark.parametrize(("text", "employer"), [
    ("Huge news: Marlowe Analytics in Leeds offered me a data engineer role and I accepted!", "Marlowe Analytics"),
    ("Marlowe Analytics offered me a data engineer role but I turned it down.", None),
])
def test_a_job_offered_and_accepted(text: str, employer: str | None) -> None:
    jobs = {obj for label, obj in facts_said(text) if label == "works_at"}
    assert jobs == ({employer} if employer else set())


def test_a_flat_booked_for_possession_is_a_move_and_a_bare_move_completes_it() -> None:
    """"booked a flat in Hinjewadi and possession is in March" — "They shifted on 2nd March": the
    plan, then the move done (the arrival knowledge.py makes the home); not a flat booked for a week."""
    from memdb.extract import Context

    said = datetime(2025, 1, 11, tzinfo=timezone.utc)
    context = Context().then(RuleExtractor().extract("My aunt Rekha and her husband Vinod live in Aundh.", speaker="Sam",
                                                     occurred_at=said), speaker="Sam")
    booked = RuleExtractor().extract("They have booked a flat in Hinjewadi and possession is in March.",
                                     speaker="Sam", occurred_at=said, context=context)
    assert {(f.subject, f.label, f.object) for f in booked.facts if f.label == "moving_to"} == {
        ("Rekha", "moving_to", "Hinjewadi"), ("Vinod", "moving_to", "Hinjewadi")}
    moved = RuleExtractor().extract("They shifted on 2nd March, in the end.", speaker="Sam",
                                    occurred_at=datetime(2025, 3, 20, tzinfo=timezone.utc),
                                    context=context.then(booked, speaker="Sam"))
    assert {(f.subject, f.label, f.object) for f in moved.facts} == {("Rekha", "arrived_in", ""), ("Vinod", "arrived_in", "")}
    assert not RuleExtractor().extract("We booked a flat in Lisbon for the week, we get the keys at 3.", speaker="Sam",
                                       occurred_at=said).facts
    assert not RuleExtractor().extract("Honestly I've moved on.", speaker="Sam", occurred_at=said).facts


@pytest.mark.parametrize(("text", "left"), [
    ("Okay, let me go.", False),
    ("Anyway, let me go, the dal is burning.", False),
    ("They let me go on Friday, the whole team.", True),
])
def test_let_me_go_as_a_goodbye_is_no_job_lost(text: str, left: bool) -> None:
    assert any(label == "left" for label, _ in facts_said(text)) is left


@pytest.mark.parametrize(("text", "fact"), [
    ("Also, I've joined the Harbour Hawks, our office five-a-side team.", ("member_of", "Harbour Hawks")),
    ("I joined Brightwell Logistics, a small haulage firm, in March.", ("works_at", "Brightwell Logistics")),
])
def test_a_team_joined_told_in_apposition_is_no_employer(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


def test_a_home_ended_with_the_place_arrived_in_named_again_is_that_place() -> None:
    """"happy new year from fremantle!!" — "landlord sold up and we got turfed out. fremantle's cheaper
    anyway": the home is Fremantle now; a home ended with another place named is not."""
    from memdb.extract import Context

    said = datetime(2025, 1, 2, tzinfo=timezone.utc)
    greeting = RuleExtractor().extract("happy new year from fremantle!!", speaker="Sam", occurred_at=said)
    context = Context().then(greeting, speaker="Sam")
    assert context.arrived == {"Sam": "Fremantle"}
    told = RuleExtractor().extract("landlord sold up and we all got turfed. fremantle is cheaper anyway",
                                   speaker="Sam", occurred_at=said, context=context)
    assert ("Sam", "lives_in", "Fremantle") in {(f.subject, f.label, f.object) for f in told.facts}
    other = RuleExtractor().extract("we got evicted last month, so this trip to Perth is a break.", speaker="Sam",
                                    occurred_at=said, context=context)
    assert not [f for f in other.facts if f.label == "lives_in"]


def test_she_who_left_him_is_his_partner_as_stored(memory: MemoryDB) -> None:
    """The couple told in an earlier session, the breakup told in a later one: "she" is his
    partner as memory holds it, and what she did is hers."""
    _said(memory, "left", [(BEFORE, "u", "My cousin Jade and her husband Pete bought a house in Derby.")])
    memory.add([{"role": "user", "name": SAM, "content": text, "timestamp": SAID} for text in (
        "Pete came round with his neighbour Becky last night.",
        "Well. She finally left him. Packed up and moved back in with her mum in Stoke.")],
        user_id="left", session_id="later")
    facts = {(f.subject, f.label, f.object): f for f in memory.facts(user_id="left")}
    assert facts[("Jade", "partner_of", "Pete")].invalid_at is not None
    assert facts[("Jade", "lives_in", "Stoke")].invalid_at is None


def test_a_couple_named_by_a_nickname_moves_as_told_in_a_later_session(memory: MemoryDB) -> None:
    """"she calls him dessie" makes "dessie" Desmond from then on; asked "Is your mum still in Hull?",
    "her and dessie are … moving to whitby" moves them both, sessions later, in lower case."""
    _said(memory, "nick", [(BEFORE, "u", "mum's got a new fella called desmond. she calls him dessie. i cant"),
                           (BEFORE, "u", "she's in hull still, works at the library")])
    memory.add([{"role": role, "name": name, "content": text, "timestamp": LATER} for role, name, text in (
        ("user", SAM, "happy friday!!"),
        ("assistant", "Assistant", "Happy Friday! Is your mum still in Hull - are you seeing her this weekend?"),
        ("user", SAM, "shes coming over sunday. her and dessie are selling both flats and moving to whitby in june"))],
        user_id="nick", session_id="later")
    moves = {(f.subject, f.object) for f in memory.facts(user_id="nick", label="moving_to")}
    assert moves == {("Sam's mum", "Whitby"), ("Desmond", "Whitby")}
