"""State frames (memdb/extract/frames.py): a change of home, job, school, partner or pet told in
words the rule table has no phrase for, read from a cue, a typed name and a subject in one clause.
The phrasings here are of the tuning conversations B and C and of phrasings written apart from the
rules (bench/data), not of the sample."""

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from memdb.extract import RuleExtractor
from tests.conftest import facts_said, turn

AT = datetime(2023, 5, 10, 18, tzinfo=timezone.utc)


def facts_of(text: str, speaker: str = "Sam") -> set[tuple[str, str, str]]:
    return {(f.subject, f.label, f.object) for f in RuleExtractor().extract(text, speaker=speaker, occurred_at=AT).facts}


@pytest.mark.parametrize(("text", "fact"), [
    ("We finally got the keys to the new place in Portobello on Saturday.", ("lives_in", "Portobello")),
    ("Packed up everything and headed north to Inverness last week.", ("lives_in", "Inverness")),
    ("I got a flat in Kirkstall last year.", ("lives_in", "Kirkstall")),
    ("writing this from my old bedroom at my parents' in Otley, been here since last weekend.", ("lives_in", "Otley")),
    ("greetings from the box room in Meanwood lol.", ("lives_in", "Meanwood")),
    ("Starting Monday I'll be a senior analyst at Brightwater Analytics.", ("works_at", "Brightwater Analytics")),
    ("first week at Harlow & Byrne done and dusted", ("works_at", "Harlow & Byrne")),
    ("I've switched to working at Harbour Labs.", ("works_at", "Harbour Labs")),
    ("I've started seeing someone new, her name's Cass.", ("partner_of", "Cass")),
    ("I've got a job lined up at Harbourside Kitchen.", ("works_at", "Harbourside Kitchen")),
    ("Living in Headingley with my girlfriend Mel.", ("lives_in", "Headingley")),
    # a statement, then a question of its own: the statement is read
    ("Moving to Cardiff at the end of the month, anyone know a decent dentist there?", ("moving_to", "Cardiff")),
    ("Just started at Brightwave, any tips for surviving the first week?", ("works_at", "Brightwave")),
    ("home sweet home in Glasgow finally!!", ("lives_in", "Glasgow")),
    ("We gave up the house in Harrogate in March and we're renting in York now.", ("lives_in", "York")),
    ("We gave up the house in Harrogate in March and we're renting in York now.", ("moved_out_of", "Harrogate")),
    ("Not at Lumen Health anymore.", ("left", "Lumen Health")),
    ("not with Jess anymore fyi", ("broke_up_with", "Jess")),
    ("Walked out of Hollis & Crane after the bonus fiasco.", ("left", "Hollis & Crane")),
    ("im vegetarian so ill just grab the halloumi wrap", ("diet", "vegetarian")),
    ("Been doing keto for a couple of months now.", ("diet", "keto")),
    ("Ditched paleo, it was making me miserable tbh", ("stopped_diet", "paleo")),
    ("ok keto is over. going pescatarian instead, feels more sustainable", ("diet", "pescatarian")),
    ("They didn't renew my contract at Fenwick Labs, so I'm job hunting.", ("left", "Fenwick Labs")),
    ("I'm a transport planner at Fennick Logistics.", ("works_at", "Fennick Logistics")),
    ("I'm a transport planner at Fennick Logistics.", ("works_as", "transport planner")),
    ("Priya and I have decided to go our separate ways.", ("broke_up_with", "Priya")),
    ("Sam moved in with me last month, we're officially together.", ("partner_of", "Sam")),
    ("we had to have Chorizo put to sleep on tuesday. kidneys.", ("lost", "Chorizo")),
    ("meet Biscuit, 6yo retired greyhound from the rescue centre", ("has_pet", "Biscuit")),
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_speaker_changes_state(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text, speaker="Maya", at=AT)


@pytest.mark.parametrize(("text", "fact"), [
    ("My brother Tom just got a job with Pellow Engineering in Derby.", ("Tom", "works_at", "Pellow Engineering")),
    ("Inés and Callum are separating.", ("Inés", "broke_up_with", "Callum")),
    ("Inés has packed in her course at Northgate at half term.", ("Inés", "studied_at", "Northgate")),
    ("Dan dropped out of his course at Strathclyde.", ("Dan", "studied_at", "Strathclyde")),
    ("My friend Sam lives just down the road in Leith.", ("Sam", "lives_in", "Leith")),
    ("Amara moves into Devonshire Hall on the 21st of September.", ("Amara", "moving_to", "Devonshire Hall")),
    ("My cousin Kwesi is coming too, and he's bringing Nadia, the woman he's been seeing since spring.",
     ("Kwesi", "partner_of", "Nadia")),
    ("My best friend Ola lives in a tiny flat in Hackney with a very old ginger cat called Mango.",
     ("Ola", "has_pet", "Mango")),
    # the modal of the telling is not one of what is told; a neighbour is no neighbour's pet
    ("I should mention my neighbour Joan, who lives alone with a grumpy tabby called Pudding.",
     ("Joan", "has_pet", "Pudding")),
    ("Jess moved out of her flat in Brixton and now lives in Peckham.", ("Jess", "lives_in", "Peckham")),
    ("My sister Gemma's left Manchester too.", ("Gemma", "moved_out_of", "Manchester")),
    ("My neighbour Jean lost her old tabby Whiskers over the weekend.", ("Jean", "lost", "Whiskers")),
    ("My cousin Ama got her degree from Manchester Met last summer.", ("Ama", "studied_at", "Manchester Met")),
    ("my little bro Kai finished at Northbrook College in june", ("Kai", "studied_at", "Northbrook College")),
    ("My husband Gary's given up on keto.", ("Gary", "stopped_diet", "keto")),
    ("My flatmate Grace is off to Seattle for good in August.", ("Grace", "lives_in", "Seattle")),
    ("My sister Gemma is seeing her new fella Dom.", ("Gemma", "partner_of", "Dom")),
    ("my sister Hannah has been seeing this guy Marcus for like a year", ("Hannah", "partner_of", "Marcus")),
    ("so Hannah and Marcus have called it a day.", ("Hannah", "broke_up_with", "Marcus")),
    ("Priyanka's still at Ferncastle Media and hating it.", ("Priyanka", "works_at", "Ferncastle Media")),
    # a sentence opening on its verb goes on with the one before's he, she or name
    ("Jo was here earlier. Started at Acme today, she's thrilled.", ("Jo", "works_at", "Acme")),
    ("My brother Joe retrained as an electrician.", ("Joe", "works_as", "electrician")),
    ("Paul's the new team lead as of today.", ("Paul", "works_as", "team lead")),
    ("Jess moved out of her flat in Brixton and now lives in Peckham.", ("Jess", "moved_out_of", "Brixton")),
    ("My sister Lucy isn't with Mark any more.", ("Lucy", "broke_up_with", "Mark")),
    ("My sister Priya is dating a guy called Omar now.", ("Priya", "partner_of", "Omar")),
    # a sentence typed after a comma is its own clause: the "if" before it is not its condition
    ("my cousin Rafa might come if he's back in time, he's doing his final year at Sheffield uni",
     ("Rafa", "studies_at", "University of Sheffield")),
    ("My sister Anna is a theatre nurse at St Mary's now.", ("Anna", "works_as", "theatre nurse")),
    ("My mate Rob jacked it in at Crumb & Co. He's brewing at Kirkgate Ales now.", ("Rob", "works_at", "Kirkgate Ales")),
    # an aside is no hypothetical, and an office named far from the home is no office move
    ("My brother Tom starts at Nationwide in July; rather than commute from Bexleyheath, which would be insane, he's taken "
     "a one-bedroom flat in Old Town, a short walk from the office.", ("Tom", "lives_in", "Old Town")),
])
def test_someone_else_changes_state(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts_of(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("My old flat in Leeds was tiny.", ("Sam", "lives_in", "Leeds")),
    ("If we got a flat in Leith we'd never leave.", ("Sam", "lives_in", "Leith")),
    ("We didn't get the keys to the place in Portobello.", ("Sam", "lives_in", "Portobello")),
    ("We spent the weekend at our friends' new flat in Leith.", ("Sam", "lives_in", "Leith")),
    ("We found a flat in Berlin! The landlord likes dogs.", ("Sam", "lives_in", "Berlin")),  # found: not yet moved
    ("I applied for a new job at Brightwater Analytics.", ("Sam", "works_at", "Brightwater Analytics")),
    ("I turned down the offer from Brightwater Analytics.", ("Sam", "works_at", "Brightwater Analytics")),
    ("I left Acme early to beat the traffic.", ("Sam", "left", "Acme")),
    ("I've been assigned 'emotional support for Grace' as an official task.", ("Sam", "partner_of", "Grace")),
    ("We got a dog with my friend Anna last week.", ("Sam", "has_pet", "Anna")),
    ("My younger brother Chidi, whom everyone calls Chi, lives out in Bexleyheath.", ("Sam", "lives_in", "Bexleyheath")),
    ("Chi works in risk at Barclays, which as far as I can tell means meetings.", ("Sam", "works_at", "Barclays")),
    ("His whole team at Arup is being transferred across to Mott MacDonald.", ("Sam", "works_at", "Arup")),
    ("We've moved into the new Leeds office at last.", ("Sam", "lives_in", "Leeds")),
    ("If we got a flat in Leith, which would be lovely, we'd never leave.", ("Sam", "lives_in", "Leith")),
    ("If I get the job, I'll move to Leeds.", ("Sam", "moving_to", "Leeds")),
    ("I was walking my neighbour's dog, a spaniel called Rex.", ("Sam", "has_pet", "Rex")),
    ("Jess moved out of her flat in Brixton.", ("Jess", "lives_in", "Brixton")),
    ("I switched to Octopus Energy last month.", ("Sam", "works_at", "Octopus Energy")),
    ("We left Leeds for good.", ("Sam", "lives_in", "Leeds")),
    ("I've been doing vegan recipes lately.", ("Sam", "diet", "vegan")),
    ("She took the lead in the second half.", ("Sam", "works_as", "lead")),
    # a question tag, or a question from the start, states nothing
    ("So you're moving to Leeds, are you?", ("Sam", "moving_to", "Leeds")),
    ("So you're leaving Leeds, what's the new place like?", ("Sam", "moved_out_of", "Leeds")),
    ("Are you moving to Leeds, or staying put for a while?", ("Sam", "moving_to", "Leeds")),
    ("Jo was here earlier. Started at Acme today, she's thrilled.", ("Sam", "works_at", "Acme")),
    ("If it works out, we're moving to Porto in May.", ("Sam", "moving_to", "Porto")),
])
def test_no_change_is_read(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in facts_of(text)


def test_one_clause_leaves_one_employer_and_joins_another() -> None:
    facts = facts_said("I'm leaving Halden Bank to join Loomcraft Labs in June.", speaker="Maya", at=AT)
    assert ("left", "Halden Bank") in facts
    assert ("works_at", "Loomcraft Labs") in facts


def test_a_move_told_in_a_frame_takes_effect_when_it_says(db) -> None:
    db.add([turn("I live in Kirkstall.", id="a", ts="2023-01-05T10:00:00", name="Maya"),
            turn("We finally got the keys to the new place in Portobello on Saturday.", id="b",
                 ts="2023-05-10T18:00:00", name="Maya")], user_id="u")
    homes = {f.object: f for f in db.facts(user_id="u", entity="Maya") if f.label == "lives_in"}
    assert homes["Kirkstall"].invalid_at is not None and homes["Kirkstall"].invalid_at.date().isoformat() == "2023-05-06"
    assert homes["Portobello"].valid_at.date().isoformat() == "2023-05-06" and homes["Portobello"].invalid_at is None


@pytest.mark.parametrize(("text", "fact"), [
    ("the person you'll hear about most is my best friend Temi, who lives in a tiny flat in Deptford.",
     ("Temi", "lives_in", "Deptford")),
    ("Priya, who works at Boots, says hi.", ("Priya", "works_at", "Boots")),
    ("The other news is that Priya and Marcus have called time on things.", ("Priya", "broke_up_with", "Marcus")),
])
def test_the_subject_of_a_relative_clause_or_a_couple(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts_of(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Mia's in year 12 at Hollins Park School.", ("Mia", "studies_at", "Hollins Park School")),
    ("Rafa is in his final year at the University of Leeds.", ("Rafa", "studies_at", "University of Leeds")),
    ("My nephew Kofi, who's in the sixth form at Ridgeway Academy, came top in chemistry.",
     ("Kofi", "studies_at", "Ridgeway Academy")),
    # a city named as where one studies is its university
    ("Rafa's doing his final year at Sheffield uni.", ("Rafa", "studies_at", "University of Sheffield")),
    ("My sister Jo got a place at Durham to read history.", ("Jo", "studies_at", "University of Durham")),
])
def test_a_school_year_names_where_one_studies(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in facts_of(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("My brother Sam spent his first year at Deloitte in the audit team.", ("Sam", "studies_at", "Deloitte")),
    ("We had a lovely weekend at Leeds.", ("Sam", "studies_at", "University of Leeds")),
])
def test_no_school_where_none_is_told(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in facts_of(text)


def test_a_relative_clause_in_the_singular_tells_of_the_last_one_listed() -> None:
    facts = facts_of("My brother Ade lives in Luton with his wife Bisi and their son Tunde, who's in year 9 at "
                     "Stockwood Park School.")
    assert ("Tunde", "studies_at", "Stockwood Park School") in facts
    assert not any(f[1] == "studies_at" for f in facts if f[0] != "Tunde")


def test_a_relative_clause_in_the_plural_tells_of_the_whole_list() -> None:
    facts = facts_of("There's my aunt, Grace, and my uncle, Femi, who still live in the same old house in Croydon.")
    assert {("Grace", "lives_in", "Croydon"), ("Femi", "lives_in", "Croydon")} <= facts


def test_an_aside_about_the_speaker_does_not_make_the_speaker_the_subject() -> None:
    facts = facts_of("Funny thing: the other Dan in my life, Dan Okafor, whom I shared a flat with at uni, "
                     "has just started at Brightwave.")
    assert ("Dan Okafor", "works_at", "Brightwave") in facts
    assert ("Sam", "works_at", "Brightwave") not in facts


def test_a_couple_is_not_the_speakers_breakup() -> None:
    assert ("Sam", "broke_up_with", "Priya") not in facts_of(
        "The other news, which I'm still digesting, is that Priya and Marcus have called time on things.")


def test_buying_a_home_is_a_plan_not_yet_a_home() -> None:
    facts = facts_said("We're buying a little bungalow in Whitstable.", speaker="Maya", at=AT)
    assert ("moving_to", "Whitstable") in facts and ("lives_in", "Whitstable") not in facts


def test_relocating_is_a_plan_that_takes_effect_on_its_date() -> None:
    facts = {(f.label, f.object, f.valid_at and f.valid_at.date().isoformat())
             for f in RuleExtractor().extract("We're relocating to Lisbon in March.", speaker="Maya",
                                              occurred_at=datetime(2024, 1, 10, tzinfo=timezone.utc)).facts}
    assert ("moving_to", "Lisbon", "2024-03-01") in facts and ("lives_in", "Lisbon", "2024-03-01") in facts
    assert ("lives_in", "Lisbon", None) not in facts


def test_living_in_a_flat_is_a_home_now() -> None:
    assert ("lives_in", "Deptford") in facts_said("I'm living in a tiny flat in Deptford these days.", speaker="Maya", at=AT)


def test_a_friends_move_told_with_its_job_change_ends_the_old_home_when_it_says(db) -> None:
    db.add([turn("My best mate Jonno lives in Leeds, he's a sous chef at The Swan.", id="a", ts="2024-01-05T10:00:00"),
            turn("Big news from Jonno: he's packing in The Swan and moving to Bristol at the end of April.", id="b",
                 ts="2024-03-10T10:00:00"),
            turn("He's got a job lined up at Harbourside Kitchen.", id="c", ts="2024-03-10T10:01:00")], user_id="u")
    facts = {(f.label, f.object): f for f in db.facts(user_id="u", entity="Jonno")}
    assert facts[("lives_in", "Leeds")].invalid_at.date().isoformat() == "2024-04-21"
    assert facts[("lives_in", "Bristol")].valid_at.date().isoformat() == "2024-04-21"
    assert facts[("works_at", "Harbourside Kitchen")].invalid_at is None


def test_phrasings_written_apart_from_the_rules_are_mostly_read() -> None:
    """bench/data/extraction_phrasings_fresh.json: 80 chat messages a helper wrote from a label list
    alone (no code, no samples), 10 of them tempting but factless; a tuning set since its misses were
    fixed (2026-12-03: P 0.85 / R 0.57 unseen, 0.88 / 0.74 after). A guard against losing that."""
    import json
    from pathlib import Path

    from memdb.extract import RuleExtractor

    labels = {"lives_in", "moving_to", "moved_out_of", "works_at", "works_as", "left", "studies_at", "studied_at",
              "partner_of", "broke_up_with", "has_pet", "lost", "diet", "stopped_diet"}
    extractor, hits, read, wanted = RuleExtractor(), 0, 0, 0
    for item in json.loads((Path(__file__).parent.parent / "bench/data/extraction_phrasings_fresh.json").read_text()):
        found = extractor.extract(item["text"], speaker=item["speaker"], occurred_at=AT).facts
        got = {(f.subject, f.label, f.object.lower()) for f in found if f.label in labels and f.object}
        want = {(s, label, o.lower()) for s, label, o in item["facts"]}
        hits, read, wanted = hits + len(got & want), read + len(got), wanted + len(want)
    assert hits / read >= 0.85 and hits / wanted >= 0.7, (hits, read, wanted)
