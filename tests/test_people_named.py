"""How the people a turn talks of are named: a kin word used as a name ("Mum and Dad got the
keys"), a nickname the turn declares ("Chidi, whom everyone calls Chi"), those listed together
("my mum, Ngozi, and my dad, Emmanuel, who still live …") and those a home is shared with."""

from datetime import datetime, timezone

import pytest

from memdb import MemoryDB
from memdb.extract import RuleExtractor
from tests.conftest import turn

AT = datetime(2024, 5, 10, 18, tzinfo=timezone.utc)


def read(text: str, speaker: str = "Ada") -> tuple[set[tuple[str, str, str]], list[tuple[str, str, bool]]]:
    found = RuleExtractor().extract(text, speaker=speaker, occurred_at=AT)
    return ({(f.subject, f.label, f.object) for f in found.facts},
            [(m.text, m.name, m.nickname) for m in found.entities if m.start >= 0])


@pytest.mark.parametrize(("text", "fact"), [
    ("Mum is moving to Leeds in May.", ("Ada's mum", "moving_to", "Leeds")),
    ("Dad has been at Royal Mail for thirty-one years.", ("Ada's dad", "works_at", "Royal Mail")),
    ("It's been a fortnight since Mum and Dad got the keys to the bungalow in Whitstable.",
     ("Ada's mum", "lives_in", "Whitstable")),
    ("It's been a fortnight since Mum and Dad got the keys to the bungalow in Whitstable.",
     ("Ada's dad", "lives_in", "Whitstable")),
])
def test_a_kin_word_used_as_a_name_is_the_speakers_relative(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in read(text)[0]


def test_a_kin_word_after_a_determiner_is_no_name() -> None:
    facts, mentions = read("The Dad of the year award went to Sam.")
    assert not any("'s dad" in name for _, name, _ in mentions)


def test_the_name_given_in_the_turn_is_used() -> None:
    facts, _ = read("Well, there's my mum, Ngozi, and my dad, Emmanuel, who still live in Plumstead, "
                    "although Mum has been muttering about the stairs. Dad has been at Royal Mail for years.")
    assert {("Ngozi", "lives_in", "Plumstead"), ("Emmanuel", "lives_in", "Plumstead"),
            ("Emmanuel", "works_at", "Royal Mail"), ("Ada", "child_of", "Ngozi")} <= facts
    assert not any("Ada's" in name for fact in facts for name in (fact[0], fact[2]))


def test_who_with_a_singular_verb_is_the_last_named_only() -> None:
    facts, _ = read("There's my sister, Temi, and my brother, Chidi, who lives in Bexleyheath.")
    assert ("Chidi", "lives_in", "Bexleyheath") in facts and ("Temi", "lives_in", "Bexleyheath") not in facts


@pytest.mark.parametrize(("text", "surface", "name"), [
    ("My younger brother Chidi, whom everyone calls Chi, lives out in Bexleyheath.", "Chi", "Chidi"),
    ("My mate Robert, known as Robbo, works at Crumb & Co.", "Robbo", "Robert"),
    ("My cousin Alexandra (Sasha) lives in Leeds.", "Sasha", "Alexandra"),
    ("I saw Elizabeth, or Bess for short, yesterday.", "Bess", "Elizabeth"),
])
def test_a_declared_nickname_names_the_same_person(text: str, surface: str, name: str) -> None:
    assert (surface, name, True) in read(text)[1]


def test_a_nickname_declared_in_a_turn_names_the_person_later_in_it() -> None:
    facts, mentions = read("My younger brother Chidi, whom everyone calls Chi, lives out in Bexleyheath. "
                           "Chi works in risk at Barclays in Canary Wharf, and he hates it.")
    assert ("Chidi", "works_at", "Barclays") in facts
    assert not any(name == "Chi" for _, name, _ in mentions)


@pytest.mark.parametrize("text", ["Tom or Sam will come round later.", "We met Acme (ACME) people at the fair."])
def test_no_nickname_without_a_declaration(text: str) -> None:
    assert not any(nick for _, _, nick in read(text)[1])


def test_a_nickname_declared_once_is_the_person_afterwards(db: MemoryDB) -> None:
    db.add([turn("My younger brother Chidi, whom everyone calls Chi, lives in Bexleyheath.", id="a",
                 ts="2024-03-09T10:00:00"),
            turn("Chi has accepted an offer from Nationwide, he starts in July.", id="b", ts="2024-06-01T10:00:00")],
           user_id="u")
    chidi = db.entity("Chi", user_id="u")
    assert chidi.name == "Chidi" and "Chi" in chidi.aliases
    assert [e.id for e in db.timeline(user_id="u", entity="Chidi")] == ["a", "b"]


@pytest.mark.parametrize(("text", "fact"), [
    ("My brother Chidi lives out in Bexleyheath with his wife Funmi and their daughter Amara.",
     ("Amara", "lives_in", "Bexleyheath")),
    ("My brother Chidi lives out in Bexleyheath with his wife Funmi and their daughter Amara.",
     ("Funmi", "lives_in", "Bexleyheath")),
    ("I live in Brockley with my partner Tom, who's a structural engineer at Arup.", ("Tom", "lives_in", "Brockley")),
])
def test_those_a_home_is_shared_with_live_there_too(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in read(text)[0]


def test_a_trip_with_someone_is_no_home() -> None:
    facts, _ = read("I went to Paris with Sam.")
    assert not any(f[0] == "Sam" for f in facts)


def test_a_nickname_is_known_in_later_sessions(db: MemoryDB) -> None:
    db.add([turn("My younger brother Chidi, whom everyone calls Chi, lives in Bexleyheath.", id="a",
                 ts="2024-03-09T10:00:00")], user_id="u", session_id="s1")
    db.add([turn("Chi has accepted an offer from Nationwide, he starts in July.", id="b", ts="2024-06-01T10:00:00")],
           user_id="u", session_id="s2")
    assert [e.id for e in db.timeline(user_id="u", entity="Chidi")] == ["a", "b"]


def test_a_name_memory_knows_as_a_person_is_one_in_a_later_turn(db: MemoryDB) -> None:
    """"Dev's helping" reads "Dev" as a person because the conversation named him so, and "he"
    is then Dev, not the speaker "me" later in the clause belongs to."""
    db.add([turn("My mate Dev is a brilliant cook.", id="a", ts="2025-02-23T10:00:00"),
            turn("dev's helping, he lives round the corner in Armley and keeps feeding me his dal", id="b",
                 ts="2025-02-23T10:05:00")], user_id="u")
    assert [(f.subject, f.object) for f in db.facts(user_id="u", entity="Dev") if f.label == "lives_in"] == [
        ("Dev", "Armley")]


def test_a_short_form_grown_from_another_is_the_same_person(db: MemoryDB) -> None:
    from memdb.extract.aliases import is_nickname_of

    assert is_nickname_of("Robbo", "Rob") and is_nickname_of("Danny", "Dan")
    assert not is_nickname_of("Bill", "Will") and not is_nickname_of("Alex", "Sasha")  # two Williams, two Alexes
    db.add([turn("My mate Rob works at Crumb & Co.", id="a", ts="2025-04-06T10:00:00"),
            turn("Robbo finally jacked it in at Crumb & Co last week.", id="b", ts="2025-07-27T10:00:00")], user_id="u")
    assert [e.id for e in db.timeline(user_id="u", entity="Rob")] == ["a", "b"]


def test_a_full_name_after_its_pet_form_is_the_same_person(db: MemoryDB) -> None:
    """"stevo" first, "Steven" later (the assistant's): one person; a plain short name is not
    taken for a longer one told later ("Sam", then "Samantha")."""
    db.add([turn("stevo reckons i should go for the promotion", id="a", ts="2025-04-06T10:00:00"),
            turn("Steven started at the Royal Mail depot last week.", id="b", ts="2025-05-06T10:00:00"),
            turn("My mate Sam works at Crumb & Co.", id="c", ts="2025-05-07T10:00:00"),
            turn("Samantha moved to Leeds.", id="d", ts="2025-05-08T10:00:00")], user_id="u")
    assert [e.id for e in db.timeline(user_id="u", entity="Steven")] == ["a", "b"]
    assert [e.id for e in db.timeline(user_id="u", entity="Samantha")] == ["d"]


def test_a_verb_opening_a_sentence_is_the_one_of_the_sentence_before(db: MemoryDB) -> None:
    """"stevo's doing great. got a job fixing vans at …": Stevo's job, not the speaker's."""
    db.add([turn("stevo reckons i should go for the promotion", id="a", ts="2025-04-06T10:00:00"),
            turn("stevo's doing great. got a job at a garage in leeds called kwik fix", id="b", ts="2025-05-06T10:00:00"),
            turn("My sister's fine. Got a job fixing vans at Halfords.", id="c", ts="2025-05-07T10:00:00")],
           user_id="u")
    jobs = [(f.subject, f.object) for f in db.facts(user_id="u") if f.label == "works_at"]
    assert jobs == [("Stevo", "Kwik Fix"), ("Ann's sister", "Halfords")], jobs


@pytest.mark.parametrize(("text", "fact"), [
    ("Priya has been made lead pharmacist for the oncology unit.", ("Priya", "works_as", "lead pharmacist")),
])
def test_being_made_a_role_is_the_job_now(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in read(text)[0]
    assert not any(f[1] == "works_as" for f in read("I was made redundant in March.")[0])


def test_the_assistant_states_no_fact_of_its_own(db: MemoryDB) -> None:
    db.add([turn("My sister Lena lives in Toronto.", id="a"),
            turn("Toronto sounds lovely. What does Lena do there?", id="b", role="assistant", name="Assistant",
                 ts="2024-01-01T10:01:00")], user_id="u")
    assert not [f for f in db.facts(user_id="u") if f.subject == "Assistant"]


def test_another_person_of_the_same_first_name_stays_apart(db: MemoryDB) -> None:
    db.add([turn("I live in Brockley with my partner Tom.", id="a", ts="2024-03-09T10:00:00"),
            turn("Funny coincidence: the other Tom in my life, Tom Ogunleye, has moved to Leeds.", id="b",
                 ts="2024-10-05T10:00:00"),
            turn("Tom Ogunleye says hi.", id="c", ts="2024-10-06T10:00:00"),
            turn("Tom made dinner tonight.", id="d", ts="2024-10-07T10:00:00")], user_id="u")
    assert db.entity("Tom", user_id="u").name == "Tom"  # not renamed to the other one's full name
    assert [e.id for e in db.timeline(user_id="u", entity="Tom Ogunleye")] == ["b", "c"]
    assert "d" in [e.id for e in db.timeline(user_id="u", entity="Tom")]
    assert ("Tom Ogunleye", "Leeds") in [(f.subject, f.object) for f in db.facts(user_id="u") if f.label == "lives_in"]


def test_a_full_name_after_a_first_name_is_still_the_same_person(db: MemoryDB) -> None:
    db.add([turn("My friend Lena is visiting.", id="a", ts="2024-03-09T10:00:00"),
            turn("Lena Chen got the job at Shopify!", id="b", ts="2024-03-10T10:00:00")], user_id="u")
    assert db.entity("Lena", user_id="u").name == "Lena Chen"


def test_we_moving_home_moves_the_speakers_partner(db: MemoryDB) -> None:
    db.add([turn("Me and my girlfriend Elizabeth have been together four years now.", id="a", ts="2023-02-10T10:00:00",
                 name="Chris"),
            turn("We live in Salford, so it's not far.", id="b", ts="2023-02-11T10:00:00", name="Chris")], user_id="u")
    # a later batch, as a live chat adds it: the partner is known from what memory holds
    db.add([turn("We got the keys to a flat in Stockport last week!", id="c", ts="2023-09-14T10:00:00", name="Chris")],
           user_id="u")
    homes = {(f.subject, f.object): f for f in db.facts(user_id="u") if f.label == "lives_in"}
    assert homes[("Elizabeth", "Salford")].invalid_at is not None
    assert homes[("Elizabeth", "Stockport")].invalid_at is None and homes[("Chris", "Stockport")].invalid_at is None


def test_a_home_of_the_speaker_alone_is_not_the_partners(db: MemoryDB) -> None:
    db.add([turn("My boyfriend Sam is lovely.", id="a", ts="2023-02-10T10:00:00", name="Chris"),
            turn("I moved to Leeds for the job, we're doing long distance.", id="b", ts="2023-03-10T10:00:00",
                 name="Chris")], user_id="u")
    assert not any(f.subject == "Sam" and f.label == "lives_in" for f in db.facts(user_id="u"))


def _types(text: str) -> dict[str, str]:
    return {m.name: m.type for m in RuleExtractor().extract(text, speaker="Ada", occurred_at=AT).entities if m.start >= 0}


@pytest.mark.parametrize(("text", "expected"), [
    # names no English list holds are people, with or without their accents ...
    ("He's bringing Tammy to dinner.", {"Tammy": "person"}),
    ("Lakshmi and Oisín came over.", {"Lakshmi": "person", "Oisín": "person"}),
    ("We met Siobhan at the match.", {"Siobhan": "person", "match": "concept"}),
    # ... but not after a word of place, nor joined by an ampersand, nor where only an employer fits
    ("She lives out in Hilliard now.", {"Hilliard": "place"}),
    ("First week at Harlow & Byrne done.", {"Harlow & Byrne": "organization"}),
    ("Craig's got a job with Baxter, driving the lorries.",
     {"Craig": "person", "Baxter": "organization", "lorries": "concept"}),
])
def test_first_names_of_the_world_name_people(text: str, expected: dict[str, str]) -> None:
    assert _types(text) == expected


def test_the_worlds_names_leave_out_english_words_places_and_kin() -> None:
    from memdb.extract import world_names
    from memdb.extract.gender import FEMALE, MALE, gender_of_name

    names = world_names.load()
    assert len(names) > 15_000 and {"tammy", "siobhan", "lakshmi", "farhan", "aoife"} <= names.keys()
    assert not {"will", "rose", "hope", "june", "london", "paris", "nana", "amma"} & names.keys()
    assert (gender_of_name("Lakshmi"), gender_of_name("Farhan"), gender_of_name("Aoife")) == (FEMALE, MALE, FEMALE)


def test_at_someones_is_their_home_not_an_employer() -> None:
    assert read("I'm staying at Priya's this week.")[0] == set()
    assert ("Ada", "works_at", "Harlow & Byrne") in read("I still work at Harlow & Byrne.")[0]
