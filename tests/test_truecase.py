"""Chat typed without capitals (memdb/extract/truecase.py): names only a name can be, or that a word before
tells of, get theirs; contractions typed without apostrophes get them back (memdb/extract/text.py)."""

from datetime import datetime, timezone

import pytest

from memdb import MemoryDB
from memdb.extract import RuleExtractor
from memdb.extract.text import regularize
from memdb.extract.truecase import truecase
from tests.conftest import facts_said


@pytest.mark.parametrize(("text", "expected"), [
    ("just moved to leeds lol", "just moved to Leeds lol"),
    ("i live in new york now", "I live in New York now"),
    ("me and sarah broke up", "me and Sarah broke up"),
    ("sarah's flat is in leeds, bristol is nicer", "Sarah's flat is in Leeds, Bristol is nicer"),
    ("will you come? rose said it was nice", "will you come? rose said it was nice"),  # ordinary words stay
    ("I moved to leeds.", "I moved to leeds."),  # a writer who capitalises: their lower case is meant
    ("", ""),
    # a word before tells a name: a kin word or "called" (one word), an employer's, a home's
    ("my sister mika's coming up", "my sister Mika's coming up"),
    ("a staffy called biscuit. did not consult", "a staffy called Biscuit. did not consult"),
    ("my sister works at the pub", "my sister works at the pub"),
    ("a barista at little loquat and i love it", "a barista at Little Loquat and I love it"),
    ("hes a chef at fig & fennel in town", "hes a chef at Fig & Fennel in town"),
    ("hes working at little loquat still", "hes working at Little Loquat still"),
    ("i work at home most days", "I work at home most days"),
    ("we moved to kelvin grove last week", "we moved to Kelvin Grove last week"),
    ("moved to a new place", "moved to a new place"),
    ("got a job at the bluegum servo on monday", "got a job at the Bluegum Servo on monday"),
    ("got a job at the pub down the road", "got a job at the pub down the road"),
    ("merry christmas from footscray!!", "merry christmas from Footscray!!"),
    ("theyre moving to coffs harbour in feb", "theyre moving to Coffs Harbour in feb"),  # a place word ends it
    ("we moved to the bay last year", "we moved to the bay last year"),
    ("found a room in brunswick off the main road", "found a room in Brunswick off the main road"),
    ("tafe could work. jordo reckons i should go for it", "tafe could work. Jordo reckons I should go for it"),
    ("yesss got it", "yesss got it"),
    # a pet named before "is our cat", a school before its word, a home after "out at", a job after its news
    ("miso is our cat, fat ginger idiot", "Miso is our cat, fat ginger idiot"),
    ("the bread is our cat, sorry, i mean our dog", "the bread is our cat, sorry, I mean our dog"),
    ("shes doing nursing at moreton bay uni", "shes doing nursing at Moreton Bay Uni"),
    ("i went to the local uni today", "I went to the local uni today"),
    ("graham's got his own place out at highfields", "Graham's got his own place out at Highfields"),
    ("she's still in kedron, working at a bakery", "she's still in Kedron, working at a bakery"),
    ("got the job::: merri creek hospital", "got the job::: Merri Creek Hospital"),
    # a home told by the place's name before its dwelling word
    ("we got the northcote place", "we got the Northcote place"),
    ("the new flat is great", "the new flat is great"),
    # shouted: in lower case, then names as above; a short acronym among lower-case words is no shouting
    ("WE GOT THE NORTHCOTE PLACE!!! keys friday", "we got the Northcote place!!! keys friday"),
    ("MY SISTER SARAH JUST MOVED TO LEEDS", "my sister Sarah just moved to Leeds"),
    ("OMG I GOT IT", "omg I got it"),
    ("job at the NHS", "job at the NHS"),
    ("I'm a nurse at the LGI now", "I'm a nurse at the LGI now"),
])
def test_truecase(text: str, expected: str) -> None:
    assert truecase(text) == expected
    assert len(truecase(text)) == len(text)  # offsets of mentions stay those of the text as written


@pytest.mark.parametrize(("text", "restored"), [
    ("shes a nurse and im vegan, i dont care", "she's a nurse and i'm vegan, i don't care"),
    ("Hes moving, they cant stop him", "He's moving, they can't stop him"),
    ("ill smash it. hell actually go", "i'll smash it. he'll actually go"),
    ("im ill today, the shell is here, well ok", "i'm ill today, the shell is here, well ok"),  # words stay
])
def test_contractions_typed_without_apostrophes_get_them_back(text: str, restored: str) -> None:
    typed, origin = regularize(text)
    assert typed == restored
    assert all(text[origin[i]] == c for i, c in enumerate(typed) if c != "'")


def test_a_name_after_a_bare_contraction_points_into_the_text_as_written() -> None:
    text = "shes a nurse at lutwyche private and im a barista at little loquat"
    read = RuleExtractor().extract(text, speaker="Kai", occurred_at=datetime(2024, 5, 8, tzinfo=timezone.utc))
    named = {m.name: text[m.start : m.end] for m in read.entities if m.start >= 0}
    assert named["Little Loquat"] == "little loquat" and named["Lutwyche Private"] == "lutwyche private"
    assert ("Kai", "works_at", "Little Loquat") in {(f.subject, f.label, f.object) for f in read.facts}
    assert all(f.fact in text for f in read.facts)  # quoted as written


def test_a_name_the_session_used_is_known_in_lower_case() -> None:
    assert truecase("dev's helping, he's great", frozenset({"dev"})) == "Dev's helping, he's great"
    assert truecase("dev's helping, he's great") == "dev's helping, he's great"


@pytest.mark.parametrize(("text", "fact"), [
    ("just moved to leeds lol", ("lives_in", "Leeds")),
    ("i live in manchester now", ("lives_in", "Manchester")),
    ("me and sarah are together now", ("partner_of", "Sarah")),
    ("me and Leah are done. she ended it on the 4th", ("broke_up_with", "Leah")),
    ("I've been seeing someone. Leah. we made it official on valentine's", ("partner_of", "Leah")),
])
def test_lower_case_chat_states_facts(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Tom and Ana are over the moon.", ("broke_up_with", "Ana")),
    ("me and sarah are done with the painting", ("broke_up_with", "Sarah")),
    ("I've been seeing someone. Honestly.", ("partner_of", "Honestly")),
])
def test_no_couple_is_read(text: str, fact: tuple[str, str]) -> None:
    assert fact not in facts_said(text) and fact[1] not in {o for _, o in facts_said(text, speaker="Tom")}


@pytest.mark.parametrize("live", [False, True])
def test_an_organisation_memory_knows_is_known_in_lower_case(db: MemoryDB, live: bool) -> None:
    """"little loquat shut" names the café told of before, in one batch or a call at a time."""
    turns = [{"role": "user", "name": "Kai", "content": "I'm a barista at Little Loquat.", "timestamp": "2024-03-09T10:00:00"},
             {"role": "user", "name": "Kai", "content": "little loquat shut, we all got made redundant",
              "timestamp": "2024-07-13T10:00:00"}]
    for batch in [turns] if not live else [[t] for t in turns]:
        db.add(batch, user_id="kai", session_id=batch[0]["timestamp"][:7])  # another session: memory, not context
    (cafe,) = [e for e in db.entities(user_id="kai") if e.name == "Little Loquat"]
    assert cafe.mention_count == 2


def test_a_name_unknown_to_english_doing_what_people_do_is_someone() -> None:
    """"jordo reckons …": Jordo is a person, so "hes a chef at fig & fennel" right after is him."""
    read = RuleExtractor().extract("tafe could work. jordo reckons i should go for it. hes a chef at fig & fennel",
                                   speaker="Kai", occurred_at=datetime(2024, 3, 9, tzinfo=timezone.utc))
    assert ("Jordo", "person") in {(m.name, m.type) for m in read.entities}
    assert ("Jordo", "works_at", "Fig & Fennel") in {(f.subject, f.label, f.object) for f in read.facts}


def test_a_name_after_a_regional_word_points_into_the_text_as_written() -> None:
    """"shifted" is read as "moved" (two letters fewer): the names after it keep their offsets."""
    text = "Rohit and I shifted to Aundh and Sana got relieved from Meridian Infra in June"
    typed, _ = regularize(text)
    assert typed == "Rohit and I moved to Aundh and Sana left Meridian Infra in June"
    read = RuleExtractor().extract(text, speaker="Farhan", occurred_at=datetime(2024, 5, 8, tzinfo=timezone.utc))
    named = {m.name: text[m.start : m.end] for m in read.entities if m.start >= 0}
    assert named["Aundh"] == "Aundh" and named["Meridian Infra"] == "Meridian Infra"
