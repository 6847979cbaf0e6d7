"""Phrasings of homes, jobs, schools, partners and favourites the rule extractor reads: a city
that is also a first name, a role's first week, starting at a university, a partner named after
"someone new" or back again, a favourite something has become."""

from datetime import datetime, timezone

import pytest

from memdb.extract import RuleExtractor
from tests.conftest import facts_said


@pytest.mark.parametrize(("text", "fact"), [
    ("Big news: I relocated to Austin last weekend.", ("lives_in", "Austin")),  # Austin: a first name too
    ("I live in Austin with my sister.", ("lives_in", "Austin")),
    ("I moved to Austin last month.", ("lives_in", "Austin")),
    ("First week as a physiotherapist at a sports clinic done, new colleagues are nice.",
     ("works_as", "physiotherapist")),
    ("My first day as a barista at Blue Bottle was chaos.", ("works_as", "barista")),
    ("My first day as a barista at Blue Bottle was chaos.", ("works_at", "Blue Bottle")),
    ("I've been seeing someone new, Morgan. We met at a friend's party.", ("partner_of", "Morgan")),
    ("I met someone new, Alex! We went for coffee.", ("partner_of", "Alex")),
    ("Honestly shakshuka has become my favorite thing to eat.", ("likes", "shakshuka")),
    ("I started at Leeds University in September.", ("studies_at", "Leeds University")),
    ("I start at the University of York on Monday.", ("studies_at", "University of York")),
    ("I start at Oakfield Academy on Monday.", ("works_at", "Oakfield Academy")),  # a teacher as likely
    ("I'm back together with Tom.", ("partner_of", "Tom")),
    ("Tom and I got back together.", ("partner_of", "Tom")),
    ("My new flat in Leeds is tiny.", ("lives_in", "Leeds")),
    # American English, long-form (bench/data/extraction_tuning_d.json's style)
    ("I made staff sergeant! I pin on May 1st.", ("works_as", "staff sergeant")),
    ("I'll take over as office manager July 1st.", ("works_as", "office manager")),
    ("I start December 2nd as an estimator for Camelback Home Services.", ("works_as", "estimator")),
    ("I start December 2nd as an estimator for Camelback Home Services.", ("works_at", "Camelback Home Services")),
    ("I've been our school secretary for six years.", ("works_as", "school secretary")),
    ("I'm starting my senior year at Marlow State down in Athens.", ("studies_at", "Marlow State")),
    ("I'm done with keto. Officially.", ("stopped_diet", "keto")),
    ("I switched to vegan last week because my cardiologist told me to.", ("diet", "vegan")),
    ("So we ended it. Mutually.", ("broke_up_with", "")),
    # Australian texting (bench/data/extraction_tuning_e.json's style)
    ("Found a room in Brunswick!! Off Sydney Rd, 3 housemates.", ("moving_to", "Brunswick")),
    ("So I'm moving back to Mum's in Toowoomba.", ("moving_to", "Toowoomba")),
    ("We moved in with my dad in Poole on Saturday.", ("lives_in", "Poole")),
    ("I'm moving in with my partner Gareth in Penarth next month.", ("moving_to", "Penarth")),
    ("Merry almost Christmas from Footscray!!", ("arrived_in", "Footscray")),
    ("Greetings from the new flat in Leith!", ("lives_in", "Leith")),
    ("Final results are in: I passed with merit. Graduation is next week.", ("studied_at", "")),
    ("They offered! Handing my notice in tomorrow.", ("quit", "")),
    ("quit the lifeguard gig obv", ("left", "")),
    # Indian English (bench/data/extraction_tuning_f.json's style)
    ("So yes, I am shifting to Bengaluru.", ("moving_to", "Bengaluru")),
    ("We shifted to Gurugram last month.", ("lives_in", "Gurugram")),
    ("I got relieved from Quillsoft on 31st July as planned.", ("left", "Quillsoft")),
    ("I have just taken admission in an executive MBA at Northcap Institute of Management.",
     ("studies_at", "Northcap Institute of Management")),
    ("I passed out from Avadh Institute of Technology in 2017.", ("studied_at", "Avadh Institute of Technology")),
    ("I stay in Koramangala with two college friends.", ("lives_in", "Koramangala")),
    ("I work as a QA engineer at Quillsoft Technologies here in Pune.", ("works_as", "QA engineer")),
    ("Since last Sunday I am in a PG in HSR Layout, ten minutes walk from office.", ("lives_in", "HSR Layout")),
    ("I'm strict vegetarian these days.", ("diet", "vegetarian")),
    ("We moved to Gomti Nagar in September.", ("lives_in", "Gomti Nagar")),  # a Nagar is a place, not a person
    ("We have already taken a 2BHK in Bellandur, halfway between her office and mine.", ("lives_in", "Bellandur")),
    ("I work at Brindle Health and live in Koramangala.", ("lives_in", "Koramangala")),
    ("Got my promotion. I'm charge nurse on ward 12 since the start of the month.", ("works_as", "charge nurse")),
    # Scots, dictated (bench/data/extraction_tuning_g.json's style)
    ("Jean and I have been winching since October.", ("partner_of", "Jean")),
    ("We flitted to Lochee in April.", ("lives_in", "Lochee")),
    ("I'm in Monifieth with the wife and the dog.", ("lives_in", "Monifieth")),
    ("I'm back in Bhopal with the parents till I figure out what next.", ("lives_in", "Bhopal")),
    ("I'm back in Monifieth. Craig painted the kitchen for me coming.", ("lives_in", "Monifieth")),
    ("I've packed in the keto, my sugars are good.", ("stopped_diet", "keto")),
    ("I've chucked the vegan. It was the cheese that beat me.", ("stopped_diet", "vegan")),
    ("I packed in my job on Friday.", ("left", "")),
    ("also the vegan thing is dead. mum did a lamb roast my first night home", ("stopped_diet", "vegan")),
    ("Actually let me be honest, keto is finished. I lasted three months.", ("stopped_diet", "keto")),
    ("tess = my gf btw. shes a nurse at lutwyche private", ("partner_of", "Tess")),
    # a title in capitals, a last working day, a home given up
    ("I am now Senior Product Designer at Brindle Health.", ("works_as", "Senior Product Designer")),
    ("My last working day at Quillsoft is 31st July.", ("left", "Quillsoft")),
    ("I gave up my place in Hilliard and moved to Westerville.", ("moved_out_of", "Hilliard")),
    ("We are giving up the flat in Leith at the end of the month.", ("moved_out_of", "Leith")),
    ("Confession. My vegetarian lasted till the club dinner dance.", ("stopped_diet", "vegetarian")),
    ("I discontinued my MBA last month, the commute was too much.", ("studied_at", "")),
    ("Tom and I have agreed to separate.", ("broke_up_with", "Tom")),
    ("Tom and I are separating.", ("broke_up_with", "Tom")),
    ("I finally escaped Walthamstow last month.", ("moved_out_of", "Walthamstow")),
    ("I got a Labrador for my birthday!", ("has_pet", "labrador")),  # a breed's capital
    ("They dinnae take cats at Seaview, so I've a cat now.", ("has_pet", "cat")),
    ("update: the job's fine, and oh yeah we've officially moved to Bath, boxes everywhere, anyway how was your "
     "holiday??", ("lives_in", "Bath")),  # a question after the news is a sentence of its own
    ("I have left Ashford Grammar and started sixth form at Weald College.", ("studied_at", "Ashford Grammar")),
    ("I left my CA coaching at Vidyapeeth after failing the exam twice.", ("studied_at", "Vidyapeeth")),
    ("I'm retiring, and 31st August will be my last day, after thirty-four years.", ("left", "")),
])
def test_phrasing_states_the_fact(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Austin is my best friend.", ("lives_in", "Austin")),
    ("I'm not seeing someone new, Morgan asked.", ("partner_of", "Morgan")),
    ("I started at Leeds University in September.", ("works_at", "Leeds University")),
    ("We're not back together with Tom.", ("partner_of", "Tom")),
    ("I made dinner for the whole team.", ("works_as", "dinner")),
    ("I'm done with dinner, thanks.", ("stopped_eating", "dinner")),
    ("I ended it with a joke about the weather.", ("broke_up_with", "")),
    ("We found a room in a hotel in Rome for the trip.", ("moving_to", "Rome")),
    ("My night shift on Sunday in Pune was long.", ("moving_to", "Pune")),  # "shift" the noun
    ("The shift to remote work in Pune suits me.", ("lives_in", "Pune")),
    ("I'm in Paris with my husband this week.", ("lives_in", "Paris")),  # a trip
    ("I passed out from the heat in Delhi.", ("studied_at", "Delhi")),
    ("I'm back in London for the weekend.", ("lives_in", "London")),
    ("We took a cottage in Devon for the week.", ("lives_in", "Devon")),
    ("The keto cookbook is over there.", ("stopped_diet", "keto")),
    ("It is a pure vegetarian restaurant.", ("diet", "vegetarian")),
    ("He's nurse material, honestly.", ("works_as", "nurse material")),
    ("We are separating the recycling from the rubbish.", ("broke_up_with", "")),
])
def test_phrasing_does_not_state_the_fact(text: str, fact: tuple[str, str]) -> None:
    assert fact not in facts_said(text)


@pytest.mark.parametrize("fact", [("Jonno", "moving_to", "Bristol"), ("Jonno", "left", "Swan")])
def test_a_verb_joined_by_and_has_the_clauses_subject(fact: tuple[str, str, str]) -> None:
    found = RuleExtractor().extract("My mate Jonno is quitting The Swan and moving to Bristol at the end of April.",
                                    speaker="Ana", occurred_at=datetime(2024, 3, 10, tzinfo=timezone.utc))
    assert fact in {(f.subject, f.label, f.object) for f in found.facts}


def test_a_sentence_that_only_says_when_dates_the_change_before_it() -> None:
    """"Starts on the 3rd of March" dates the job the sentence before began; "Her last day is
    28th March" dates the leaving: the old job then ends on that day, not on the day it was told."""
    at = datetime(2025, 2, 9, tzinfo=timezone.utc)
    found = RuleExtractor().extract("Craig's got a job with Baxters, driving the lorries. Starts on the 3rd of March "
                                    "so that's him sorted.", speaker="Hamish", occurred_at=at)
    assert {(f.label, f.object, f.valid_at) for f in found.facts if f.subject == "Craig"} >= {
        ("works_at", "Baxters", datetime(2025, 3, 3, tzinfo=timezone.utc))}
    found = RuleExtractor().extract("My manager Deepa has resigned. Her last day is 28th March.", speaker="Farhan",
                                    occurred_at=datetime(2025, 3, 15, tzinfo=timezone.utc))
    assert {(f.label, f.valid_at) for f in found.facts if f.subject == "Deepa" and f.unnamed} == {
        ("quit", datetime(2025, 3, 28, tzinfo=timezone.utc)), ("left", datetime(2025, 3, 28, tzinfo=timezone.utc))}
    found = RuleExtractor().extract("Craig's got a start with Baxters. He used some of his redundancy to get his HGV "
                                    "licence. Starts on the 3rd of March.", speaker="Hamish", occurred_at=at)
    assert {(f.label, f.object, f.valid_at) for f in found.facts if f.subject == "Craig" and f.label != "related_to"} == {
        ("works_at", "Baxters", datetime(2025, 3, 3, tzinfo=timezone.utc))}  # no leaving: "his redundancy" is money
    found = RuleExtractor().extract("fennick let me go. the whole supervisor layer got restructured out on the 14th of "
                                    "march, so much for the lanyard", speaker="Tomás",
                                    occurred_at=datetime(2025, 4, 6, tzinfo=timezone.utc))
    assert {(f.label, f.valid_at) for f in found.facts if f.unnamed} == {("left", datetime(2025, 3, 14, tzinfo=timezone.utc))}
    found = RuleExtractor().extract("WE GOT THE NORTHCOTE PLACE!!! 2 bed near the station, we get the keys on the "
                                    "14th", speaker="Kai", occurred_at=datetime(2025, 3, 8, tzinfo=timezone.utc))
    assert {(f.label, f.object, f.valid_at) for f in found.facts} == {  # the date in a clause of the next sentence
        ("lives_in", "Northcote", datetime(2025, 3, 14, tzinfo=timezone.utc))}
    found = RuleExtractor().extract("Tyler made staff sergeant! He pins on May 1st.", speaker="Denise",
                                    occurred_at=datetime(2025, 3, 30, tzinfo=timezone.utc))
    assert {(f.label, f.valid_at) for f in found.facts} == {("works_as", datetime(2025, 5, 1, tzinfo=timezone.utc))}
    found = RuleExtractor().extract("Tyler and Jenna broke up. She told him over the phone on Valentine's Day.",
                                    speaker="Denise", occurred_at=datetime(2025, 3, 30, tzinfo=timezone.utc))
    assert {f.valid_at for f in found.facts if f.label == "broke_up_with"} == {datetime(2025, 2, 14, tzinfo=timezone.utc)}
    found = RuleExtractor().extract("Me and Leah are done. She ended it on the 4th, said we want different things.",
                                    speaker="Tomás", occurred_at=datetime(2025, 10, 19, tzinfo=timezone.utc))
    assert {f.valid_at for f in found.facts if f.label == "broke_up_with"} == {datetime(2025, 10, 4, tzinfo=timezone.utc)}
    found = RuleExtractor().extract("Tom and I have broken up, after three years. It happened last weekend.",
                                    speaker="Rohit", occurred_at=datetime(2024, 6, 8, tzinfo=timezone.utc))
    assert {f.valid_at for f in found.facts if f.label == "broke_up_with"} == {datetime(2024, 6, 1, tzinfo=timezone.utc)}
    found = RuleExtractor().extract("I've chucked the vegan. I lasted till the 2nd of March.", speaker="Lorna",
                                    occurred_at=datetime(2025, 3, 25, tzinfo=timezone.utc))
    assert {f.valid_at for f in found.facts if f.label == "stopped_diet"} == {datetime(2025, 3, 2, tzinfo=timezone.utc)}
    found = RuleExtractor().extract("We got the Leith flat! We get the keys on the 14th.", speaker="Sam",
                                    occurred_at=datetime(2025, 3, 1, tzinfo=timezone.utc))
    assert {(f.label, f.object, f.valid_at) for f in found.facts} == {
        ("lives_in", "Leith", datetime(2025, 3, 14, tzinfo=timezone.utc))}  # the keys are to come
    found = RuleExtractor().extract("Craig's got a job with Baxters. Her last day is the 8th.", speaker="Hamish",
                                    occurred_at=at)
    assert all(f.valid_at is None for f in found.facts)  # a last day dates an end, not a start


def test_a_sentence_opening_on_lives_is_about_whom_the_one_before_was() -> None:
    found = RuleExtractor().extract("And the youngest is Lorna. Lorna is a primary teacher at Thornwood Primary in "
                                    "Glasgow. Lives on her own in a flat in Partick.", speaker="Hamish",
                                    occurred_at=datetime(2024, 10, 6, tzinfo=timezone.utc))
    assert ("Lorna", "lives_in", "Partick") in {(f.subject, f.label, f.object) for f in found.facts}
    found = RuleExtractor().extract("And the youngest is Lorna she's 34 and a teacher. Lives on her own in a flat in "
                                    "Partick.", speaker="Hamish", occurred_at=datetime(2024, 10, 6, tzinfo=timezone.utc))
    assert all(f.subject != "Hamish" for f in found.facts if f.label == "lives_in")  # "lives": never the speaker


def test_an_honorific_after_a_name_is_no_part_of_it_and_a_title_may_come_without_its_article() -> None:
    found = RuleExtractor().extract("My sister Sana lives in Noida. Her husband Imran bhai is project manager with "
                                    "Meridian Infra.", speaker="Farhan", occurred_at=datetime(2024, 3, 9, tzinfo=timezone.utc))
    facts = {(f.subject, f.label, f.object) for f in found.facts}
    assert {("Imran", "works_as", "project manager"), ("Imran", "works_at", "Meridian Infra"),
            ("Sana", "partner_of", "Imran")} <= facts
    assert "bhai" not in {m.name for m in found.entities}


@pytest.mark.parametrize(("text", "parent_named"), [
    ("I said is that no a bit quick and she said Dad Im 36", False),  # said to the speaker, the dad
    ("The kids are fine about it, Lorna said about time Dad", False),
    ("I called Dad.", True),
    ("Dad says hi.", True),
])
def test_a_kin_word_said_to_the_relative_is_not_the_speakers_relative(text: str, parent_named: bool) -> None:
    found = RuleExtractor().extract(text, speaker="Hamish", occurred_at=datetime(2025, 6, 15, tzinfo=timezone.utc))
    assert any(f.label == "child_of" for f in found.facts) is parent_named


def test_a_name_told_as_her_name_is_a_person_the_she_after_it_is() -> None:
    found = RuleExtractor().extract("Thank you! Her name is Zoya. We got engaged in December. She works as a product "
                                    "designer at Brindle Health and stays in Koramangala with two college friends.",
                                    speaker="Farhan", occurred_at=datetime(2024, 3, 9, tzinfo=timezone.utc))
    assert {("Zoya", "works_at", "Brindle Health"), ("Zoya", "works_as", "product designer"),
            ("Zoya", "lives_in", "Koramangala")} <= {(f.subject, f.label, f.object) for f in found.facts}
    assert ("Zoya", "person") in {(m.name, m.type) for m in found.entities}


@pytest.mark.parametrize(("text", "fact"), [
    ("Rohit called me. He and Neha have broken up, after three years.", ("Rohit", "broke_up_with", "Neha")),
    ("Fiona finally told me. Her and Craig are back together, giving it another go.", ("Fiona", "partner_of", "Craig")),
])
def test_a_couple_told_as_a_pronoun_and_a_name(text: str, fact: tuple[str, str, str]) -> None:
    found = RuleExtractor().extract(text, speaker="Hamish", occurred_at=datetime(2025, 7, 27, tzinfo=timezone.utc))
    assert fact in {(f.subject, f.label, f.object) for f in found.facts}


@pytest.mark.parametrize(("text", "fact"), [
    # the firm opening the sentence is named by what it did ("Barclays let him go")
    ("My brother Chidi works at Barclays. Barclays let him go on Thursday.", ("Chidi", "left", "Barclays")),
    ("They let Chidi go on Thursday, along with most of his team.", ("Chidi", "left", "")),
    ("My brother Chidi works at Barclays. Sadly Barclays let my brother go on Thursday.",
     ("Adaeze's brother", "left", "Barclays")),  # memory knows the brother is Chidi
])
def test_someone_else_let_go_leaves_their_employer(text: str, fact: tuple[str, str, str]) -> None:
    found = RuleExtractor().extract(text, speaker="Adaeze", occurred_at=datetime(2024, 4, 20, tzinfo=timezone.utc))
    assert fact in {(f.subject, f.label, f.object) for f in found.facts}


def test_a_parent_letting_a_child_go_somewhere_is_no_job_ending() -> None:
    found = RuleExtractor().extract("Mum let him go to the party. If they fire Chidi I'll scream.", speaker="Adaeze",
                                    occurred_at=datetime(2024, 4, 20, tzinfo=timezone.utc))
    assert not [f for f in found.facts if f.label == "left"]


def test_a_person_said_to_be_ones_partner_is_the_partner_the_she_after_it_is() -> None:
    """"Tess is my girlfriend" names the girlfriend: no unnamed "Kai's girlfriend" beside Tess for
    the "she" after it to stumble on."""
    found = RuleExtractor().extract("tess = my gf btw. shes a nurse at lutwyche private", speaker="Kai",
                                    occurred_at=datetime(2024, 3, 9, tzinfo=timezone.utc))
    facts = {(f.subject, f.label, f.object) for f in found.facts}
    assert {("Kai", "partner_of", "Tess"), ("Tess", "works_at", "Lutwyche Private")} <= facts
    assert "Kai's gf" not in {m.name for m in found.entities}


@pytest.mark.parametrize(("text", "parent"), [("and dad retired!!! after 31 yrs", True), ("dad jokes are the worst", False)])
def test_a_kin_word_in_lower_case_names_the_relative_before_a_verb(text: str, parent: bool) -> None:
    found = RuleExtractor().extract(text, speaker="Kai", occurred_at=datetime(2024, 3, 9, tzinfo=timezone.utc))
    assert any(f.label == "child_of" for f in found.facts) is parent


def _said_back(text: str, user: str = "Maya") -> set[tuple[str, str, str]]:
    from memdb.extract import Context, RuleExtractor

    return {(f.subject, f.label, f.object) for f in RuleExtractor().extract(
        text, speaker="Assistant", occurred_at=datetime(2024, 5, 8, 18, tzinfo=timezone.utc),
        context=Context(addressee=user)).facts if f.label != "related_to"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Noted, you're vegan. Who else should I know about?", {("Maya", "diet", "vegan")}),
    ("Got it: you now work at Harlow & Byrne as a route planner.",
     {("Maya", "works_at", "Harlow & Byrne"), ("Maya", "works_as", "route planner")}),
    ("Enjoy the new place in Aundh!", {("Maya", "lives_in", "Aundh")}),
    # asked, supposed or said of itself, nothing is told
    ("So you're leaving Crumb & Co? When do you start at Lumen Labs?", set()),
    ("If you move to Berlin, you'd need a visa.", set()),
    ("I live in the cloud, ha. I'm vegan too, in a way.", set()),
])
def test_an_assistant_tells_the_users_facts_in_the_second_person(text: str, expected: set) -> None:
    assert _said_back(text) == expected


def test_persons_swap_only_for_a_turn_addressed_to_the_user() -> None:
    from memdb.extract.text import regularize

    text = "Thank you! I hope your move to Leeds went well, and you're settled."
    assert regularize(text)[0] == text
    swapped, origin = regularize(text, addressed=True)
    assert swapped == "Thank me! You hope my move to Leeds went well, and I'm settled."
    assert origin is not None and len(origin) == len(swapped)
    leeds = swapped.index("Leeds")
    assert text[origin[leeds]:origin[leeds + 4] + 1] == "Leeds"


@pytest.mark.parametrize(("text", "expected"), [
    ("Lena got an offer from Google but she turned it down.", set()),
    ("Lena was offered a job at Google but she declined.", set()),
    ("I got offered a place at Leeds University but I turned it down.", set()),
    ("Lena got an offer from Google.", {("Lena", "works_at", "Google")}),
    ("I turned down the Google offer and joined Meta.", {("Ana", "works_at", "Meta")}),
])
def test_an_offer_turned_down_is_no_new_job_or_school(text: str, expected: set) -> None:
    found = RuleExtractor().extract(text, speaker="Ana", occurred_at=datetime(2024, 5, 8, tzinfo=timezone.utc))
    assert {(f.subject, f.label, f.object) for f in found.facts if f.label != "related_to"} == expected


@pytest.mark.parametrize("text", [
    "Fiona met Craig and is now a nurse at Tayside.",
    "Fiona's back in Monifieth with Craig and Bramble and is a charge nurse at Tayside.",
])
def test_a_copula_after_and_has_the_clauses_subject_not_the_last_name(text: str) -> None:
    found = RuleExtractor().extract(text, speaker="Hamish", occurred_at=datetime(2024, 5, 8, tzinfo=timezone.utc))
    assert {(f.subject, f.label) for f in found.facts if f.label in ("works_at", "works_as")} == {
        ("Fiona", "works_at"), ("Fiona", "works_as")}


@pytest.mark.parametrize(("text", "expected"), [
    ("My sister Mika is doing nursing at Moreton Bay Uni.", {("Mika", "studies_at", "Moreton Bay Uni")}),
    ("I'm doing a masters at Leeds Uni.", {("Ana", "studies_at", "Leeds Uni")}),
    ("I'm doing overtime at Tesco this week.", set()),  # a subject done at a university only
])
def test_a_subject_done_at_a_university_is_studied_there(text: str, expected: set) -> None:
    found = RuleExtractor().extract(text, speaker="Ana", occurred_at=datetime(2024, 5, 8, tzinfo=timezone.utc))
    assert {(f.subject, f.label, f.object) for f in found.facts if f.label == "studies_at"} == expected


@pytest.mark.parametrize(("speaker", "text", "expected"), [
    # an occupation taken up or given up, said without "I work as"
    ("Chantelle", "Got promoted to store manager today!", {("Chantelle", "works_as", "store manager")}),
    ("Dev", "Dev is freelancing as a photographer these days.", {("Dev", "works_as", "photographer")}),
    ("Ana", "Uncle Kwame has retired as a pilot after 30 years.", {("Kwame", "worked_as", "pilot")}),
    ("Hollie", "Stopped being a barista last month, now I'm a junior developer at Loomwise!!",
     {("Hollie", "worked_as", "barista"), ("Hollie", "works_as", "junior developer"), ("Hollie", "works_at", "Loomwise")}),
    ("Ana", "Our Shona's a midwife now, qualified last week.", {("Shona", "works_as", "midwife")}),
    # a pet named after its kind is told by its name
    ("Nina", "got a kitten!!!! shes called Mochi and shes tiny", {("Nina", "has_pet", "Mochi")}),
    ("Ana", "Santhosh has got a cat finally, a little ginger fellow he calls Laddoo.", {("Santhosh", "has_pet", "Laddoo")}),
    ("Ana", "My son Ethan finally got his hamster, he's named it Nugget.", {("Ethan", "has_pet", "Nugget")}),
    # at school, not at work: a student's title, a degree at a city's university, enrolled said alone
    ("Euan", "I'm a fresher at Strathclyde now haha", {("Euan", "studies_at", "Strathclyde")}),
    ("Ailsa", "Started my PhD at Edinburgh this week!", {("Ailsa", "studies_at", "Edinburgh")}),
    ("Maria", "Enrolled at Kingsgate Community College for the evening course.",
     {("Maria", "studies_at", "Kingsgate Community College")}),
    ("Ana", "I'm a teacher at Ashford Grammar.", {("Ana", "works_as", "teacher"), ("Ana", "works_at", "Ashford Grammar")}),
    ("Tori", "WE GOT A DOG!!!! His name is Waffles and he already ate my shoe", {("Tori", "has_pet", "Waffles")}),
    # a move from one to another: a home's between places, a job's between organisations
    ("Kyle", "We moved from Phoenix to Portland last month.", {("Kyle", "lives_in", "Portland"),
                                                              ("Kyle", "moved_out_of", "Phoenix")}),
    ("Ana", "Nneka has moved from Okonkwo Partners to Afribank Capital, better pay.",
     {("Nneka", "works_at", "Afribank Capital"), ("Nneka", "left", "Okonkwo Partners")}),
    # someone's partner named after the word for one
    ("Ana", "Grandma Joan has a boyfriend at 82, his name is Harold", {("Joan", "partner_of", "Harold")}),
    ("Ana", "Tom's got a new girlfriend called Ines.", {("Tom", "partner_of", "Ines")}),
    # a pet lost by its name, a school left or taken up at a name said alone
    ("Margaret", "My budgie Joey died at the weekend.", {("Margaret", "has_pet", "Joey"), ("Margaret", "lost", "Joey")}),
    ("Peter", "We lost Oscar to kidney failure on Tuesday.", {("Peter", "lost", "Oscar")}),
    ("Leah", "Leah took Thumper back to the rescue, he kept biting her.", {("Leah", "lost", "Thumper")}),
    ("Mitch", "Graduated from Monash yesterday!!!", {("Mitch", "studied_at", "Monash")}),
    ("Ana", "Maya got accepted to Juilliard!!", {("Maya", "studies_at", "Juilliard")}),
    ("Ana", "Zainab is now at the University of Lagos studying law.", {("Zainab", "studies_at", "University of Lagos")}),
    ("Ana", "Kemi has an offer from Fintrail but she hasn't decided yet.", set()),
    ("Imogen", "Passed the SQE! Officially a solicitor", {("Imogen", "works_as", "solicitor")}),
    ("Ellie", "Bagged a job at Harrow & Pike!!!", {("Ellie", "works_at", "Harrow & Pike")}),
    ("Ana", "Mira signed her contract with Tata Brightline yesterday.", {("Mira", "works_at", "Tata Brightline")}),
    # a couple's beginning and end in more words; a name of the world's opening a sentence
    ("Jordan", "sooo me and Priya are a thing now", {("Jordan", "partner_of", "Priya")}),
    ("Freya", "Me and Ollie called it quits.", {("Freya", "broke_up_with", "Ollie"), ("Ollie", "broke_up_with", "")}),
    ("Ana", "Ama dumped Kojo lol", {("Ama", "broke_up_with", "Kojo")}),
    ("Kirsty", "left London after 8 years and moved back home to Inverness.",
     {("Kirsty", "lives_in", "Inverness"), ("Kirsty", "moved_out_of", "London")}),
])
def test_states_told_in_the_statement_banks_words(speaker: str, text: str, expected: set) -> None:
    found = RuleExtractor().extract(text, speaker=speaker, occurred_at=datetime(2024, 5, 8, tzinfo=timezone.utc))
    assert {(f.subject, f.label, f.object) for f in found.facts
            if f.label not in ("related_to", "parent_of", "sibling_of", "grandchild_of")} == expected


def _stated(text: str, context=None) -> set[tuple[str, str, str]]:
    """(subject, label, object) of the facts read in one turn of Sam's, bar co-occurrence links."""
    from memdb.extract import NO_CONTEXT

    extraction = RuleExtractor().extract(text, speaker="Sam", occurred_at=datetime(2024, 5, 8, 18, tzinfo=timezone.utc),
                                         context=context or NO_CONTEXT)
    return {(f.subject, f.label, f.object) for f in extraction.facts if f.label != "related_to"}


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    # a title after "the" whose first word is a plural ("sales", "operations"), and after "has been"
    ("Tom is the sales manager at Acme Corp.", {("Tom", "works_as", "sales manager"), ("Tom", "works_at", "Acme Corp")}, set()),
    ("Tom's been the sales manager at Saguaro Pool & Spa forever.", {("Tom", "works_at", "Saguaro Pool & Spa")}, set()),
    ("Tom has been the head baker at Crumb & Co for years.", {("Tom", "works_as", "head baker")}, set()),
    # a relative named with the place they are in
    ("My sister Sana in Noida says it is still pleasant there.", {("Sana", "lives_in", "Noida")}, set()),
    ("My brother Tom in Leeds is a nurse.", {("Tom", "lives_in", "Leeds"), ("Tom", "works_as", "nurse")}, set()),
    ("My sister Sana in March was ill.", {("Sam", "sibling_of", "Sana")}, {("Sana", "lives_in", "March")}),
    # still there, back there
    ("My sister Mika is still in Kedron, working at a bakery.", {("Mika", "lives_in", "Kedron")}, set()),
    ("Fiona is back in Monifieth with Craig.", {("Fiona", "lives_in", "Monifieth")}, set()),
    ("I'm still in London for the conference.", set(), {("Sam", "lives_in", "London")}),
    # the work one runs, the days one does there
    ("Naomi runs the dementia wing at Glenvale Aged Care.", {("Naomi", "works_at", "Glenvale Aged Care")}, set()),
    ("My dad is still doing 6 days a week at Trinity Inlet Marine.", {("Sam's dad", "works_at", "Trinity Inlet Marine")}, set()),
    ("Tom is running the half marathon at Hyde Park.", set(), {("Tom", "works_at", "Hyde Park")}),
    # a partner of years, named after "a guy called"; an employer of years stays one
    ("Kavya has been with a guy called Sameer for four years.", {("Kavya", "partner_of", "Sameer")}, set()),
    ("Kavya has been with Google for four years.", {("Kavya", "works_at", "Google")}, set()),
    ("My mate Nick is fine. And he's back with Amara, would you believe.", {("Nick", "partner_of", "Amara")}, set()),
    ("I'm back with Google now.", set(), {("Sam", "partner_of", "Google")}),
    # a name told after the news's exclamation is its object
    ("Jordan has a gf!! Ellie. She's a nurse at the Royal London", {("Jordan", "partner_of", "Ellie"),
                                                                   ("Ellie", "works_at", "Royal London")}, set()),
    ("and tess got the job!!! merri creek hospital, emergency dept.", {("Tess", "works_at", "Merri Creek Hospital")}, set()),
    ("I love my girlfriend. Ellie and I are off to Rome.", set(), {("Sam", "partner_of", "Ellie")}),
    # chat typed without capitals; a diet's other name
    ("nah graham's got his own place out at highfields.", {("Graham", "lives_in", "Highfields")}, set()),
    ("tess is up at 5 so im making dal, shes vego so thats like my one move", {("Tess", "diet", "vegetarian")}, set()),
    ("My friend Priya did a bootcamp and now she's a junior dev there.", {("Priya", "works_as", "junior dev")}, set()),
    ("My mate Jordan moved too, Hackney to Peckham.", {("Jordan", "lives_in", "Peckham")}, set()),
    ("On a happier note Dougie and Karen are in at Portobello.", {("Dougie", "lives_in", "Portobello"),
                                                                  ("Karen", "lives_in", "Portobello")}, set()),
    # a they of one named with company; a part of a town named with its town
    ("My sister Sana and her husband came for two days. They shifted to Sushant Lok in Gurugram last month.",
     {("Sana", "lives_in", "Sushant Lok")}, set()),
    # news told with surprise ("??") is news; a question is none
    ("also mum has a new boyfriend?? she told me last night", {("Sam", "child_of", "Sam's mum")}, set()),
    ("also tess eats meat now?? had a snag at a work bbq", {("Tess", "eats", "meat")}, set()),
    ("is Tess moving to Leeds??", set(), {("Tess", "moving_to", "Leeds")}),
    # a workplace named after its kind ("a … called …"), a job told by what one does there
    ("Priya works at a bookshop called Paper Moon.", {("Priya", "works_at", "Paper Moon")}, {("Priya", "works_at", "bookshop")}),
    ("My cousin Leo got a job at a garage in Salford named Kwik Fit Plus.",
     {("Leo", "works_at", "Kwik Fit Plus")}, {("Leo", "works_at", "garage")}),
    ("my mate leo just got a job at a cafe in salford called the copper kettle",
     {("Leo", "works_at", "Copper Kettle")}, set()),
    ("I work at a gym, called it my second home.", {("Sam", "works_at", "gym")}, set()),
    ("Leo got a job fixing bikes at Halfords.", {("Leo", "works_at", "Halfords")}, set()),
    ("Leo got a job cleaning the offices at Deloitte.", {("Leo", "works_at", "Deloitte")}, set()),
    # a home kept a while, not a trip
    ("Sophie is staying on in Glasgow until the lease runs out.", {("Sophie", "lives_in", "Glasgow")}, set()),
    ("We're staying put in Norwich for the time being.", {("Sam", "lives_in", "Norwich")}, set()),
    ("Sophie is staying in Glasgow till Sunday.", set(), {("Sophie", "lives_in", "Glasgow")}),
    ("We're staying in Venice for the weekend.", set(), {("Sam", "lives_in", "Venice")}),
    ("I'm staying with my mum in Hull while I look for a flat.", {("Sam", "lives_in", "Hull")}, set()),
    ("Moving back for good. Rohan will stay with his parents in Kochi and study from there.",
     {("Rohan", "moving_to", "Kochi")}, set()),
    ("Staying with my folks in Leeds for a bit over Easter.", set(), {("Sam", "lives_in", "Leeds")}),
])
def test_homes_jobs_and_partners_told_in_passing(text: str, wanted: set, unwanted: set) -> None:
    stated = _stated(text)
    assert wanted <= stated, stated
    assert not unwanted & stated, stated


def test_a_reply_without_a_subject_is_about_whom_the_assistant_asked() -> None:
    """"How's your dad keeping himself going?" — "work mostly. still doing 6 days a week at …": the
    dad's work; a reply that speaks of its speaker is the speaker's."""
    from memdb.extract import Context

    extractor = RuleExtractor()
    said = datetime(2024, 5, 8, 18, tzinfo=timezone.utc)
    asked = extractor.extract("I'm sorry. How's your dad keeping himself going?", speaker=None, occurred_at=said,
                              context=Context(addressee="Sam"))
    assert asked.asked_about == "Sam's dad"
    assert extractor.extract("Lovely. How are you and Tess doing?", speaker=None, occurred_at=said,
                             context=Context(addressee="Sam")).asked_about is None
    after = Context(asked_about="Sam's dad")
    assert ("Sam's dad", "works_at", "Trinity Inlet Marine") in _stated(
        "work mostly. still doing 6 days a week at Trinity Inlet Marine", after)
    assert ("Sam", "works_at", "Trinity Inlet Marine") in _stated(
        "I'm ok. still doing 6 days a week at Trinity Inlet Marine", after)


def test_an_unnamed_end_is_dated_where_its_words_end() -> None:
    """"told the servo today, last shift is the 8th": the job ends on the 8th, not today."""
    extraction = RuleExtractor().extract("told the servo today, last shift is the 8th.", speaker="Kai",
                                         occurred_at=datetime(2024, 8, 31, 10, tzinfo=timezone.utc))
    assert [(f.label, f.valid_at.date().isoformat()) for f in extraction.facts] == [("left", "2024-09-08")]


@pytest.mark.parametrize(("text", "fact"), [
    # homes told without "live": written for this test, unlike the statement banks' wordings
    ("Home these days is a little flat above a bakery in Hove.", ("lives_in", "Hove")),
    ("We're Bristol-based these days.", ("lives_in", "Bristol")),
    ("We've made our home in Whitby.", ("lives_in", "Whitby")),
    ("I've called Cork home for a decade.", ("lives_in", "Cork")),
    ("I'm in Manchester these days.", ("lives_in", "Manchester")),
    ("Moved up north to Durham last year.", ("lives_in", "Durham")),
    ("We're now homeowners in Leith!", ("lives_in", "Leith")),
    ("Last month we swapped Brighton for Lewes.", ("lives_in", "Lewes")),
    ("Last month we swapped Brighton for Lewes.", ("moved_out_of", "Brighton")),
    ("These days I'm based out of Leeds.", ("lives_in", "Leeds")),
    ("Been in Cardiff six months now and loving it.", ("lives_in", "Cardiff")),
    ("We upped sticks to Totnes in March.", ("lives_in", "Totnes")),
    ("We've put down roots in Stroud.", ("lives_in", "Stroud")),
])
def test_a_home_told_without_live(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize("text", [
    "I'm in Paris these days for a conference.", "I've been in Paris two weeks now.", "I swapped tea for coffee.",
    "We are plant-based now.",
])
def test_no_home_in_a_stay_a_swap_or_a_diet(text: str) -> None:
    assert not {f for f in facts_said(text) if f[0] == "lives_in"}


@pytest.mark.parametrize(("text", "fact"), [
    # schools and jobs told by a subject, a year, a department: written for this test, unlike the banks' wordings
    ("I'm studying law at Durham.", ("studies_at", "Durham")),
    ("I'm in my second year of medicine at Leeds.", ("studies_at", "Leeds")),
    ("I got into Warwick for economics!", ("studies_at", "Warwick")),
    ("Uni starts next week, I'm off to Exeter to do history.", ("studies_at", "Exeter")),
    ("I teach maths at Hollins High.", ("works_at", "Hollins High")),
    ("I'm in accounts at Barclays.", ("works_at", "Barclays")),  # "in a", a trigger of its own, hid "accounts"
    ("I've gone veggie.", ("diet", "vegetarian")),
])
def test_a_school_or_job_told_by_its_subject(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize("text", [
    "I got into Leeds for the weekend.", "I'm off to Paris to do some shopping.", "I'm in hospital at St Mary's.",
    "I had a veggie burger.",
])
def test_no_school_job_or_diet_in_a_trip_a_stay_or_a_meal(text: str) -> None:
    assert not {f for f in facts_said(text) if f[0] in ("studies_at", "works_at", "diet")}


@pytest.mark.parametrize(("text", "fact"), [
    ("Say hello to Luna, our new kitten!", ("has_pet", "Luna")),  # not a place guessed from "to"
    ("We brought home a kitten yesterday. We've named her Pixel.", ("has_pet", "Pixel")),  # whatever else Pixel names
    ("I'm married now! Jake and I tied the knot in June.", ("partner_of", "Jake")),
    ("I'm no longer with Chris.", ("broke_up_with", "Chris")),
    ("I'm no longer with Barclays.", ("left", "Barclays")),
])
def test_pets_and_partners_told_in_passing(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)
