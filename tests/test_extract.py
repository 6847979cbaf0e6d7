"""RuleExtractor on realistic chat turns: expected entities and facts present, false positives
absent. Each row is one turn spoken by Caroline."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

import pytest

from memdb.errors import InvalidInputError
from memdb.extract import ENTITY_TYPES, Extraction, Extractor, FactCandidate, RuleExtractor

SPEAKER = "Caroline"
WHEN = datetime(2023, 5, 8, 13, 0, tzinfo=UTC)
C = SPEAKER

# (turn, entities (name, type) present, facts (subject, label, object, exclusive) present,
#  names that must not be entities, (subject, label, object) facts that must not appear)
CASES = [
    ("I went to the LGBTQ support group yesterday.",
     [("LGBTQ", "concept"), ("support group", "concept")],
     [(C, "attended", "support group", False)],
     ["I", "Yesterday", "yesterday"], [(C, "visited", "LGBTQ")]),
    ("Mel's kids loved the pottery class!",
     [("Mel", "person"), ("Mel's kids", "person"), ("pottery class", "concept")],
     [("Mel", "parent_of", "Mel's kids", False), ("Mel's kids", "likes", "pottery class", False)],
     ["Mel's", "kids"], [(C, "likes", "pottery class")]),
    ("My wife and I just left for our European vacation!", [("Caroline's wife", "person")],
     [(C, "partner_of", "Caroline's wife", False)], ["wife", "European"], []),
    ("I moved to Berlin last month for my new job at Siemens.",
     [("Berlin", "place"), ("Siemens", "organization"), ("last month", "date")],
     [(C, "lives_in", "Berlin", True), (C, "works_at", "Siemens", True)],
     ["I"], [(C, "owns", "job")]),
    ("My sister Anna just adopted a puppy named Max.",
     [("Anna", "person"), ("Max", "person")],
     [(C, "sibling_of", "Anna", False), ("Anna", "has_pet", "Max", False)],
     ["My"], [(C, "has_pet", "Max")]),
    ("I live in Paris.", [("Paris", "place")], [(C, "lives_in", "Paris", True)], ["I"], []),
    ("I don't live in Lyon anymore.", [("Lyon", "place")], [(C, "moved_out_of", "Lyon", False)],
     [], [(C, "lives_in", "Lyon")]),
    ("I don't live in Lyon.", [("Lyon", "place")], [], [],
     [(C, "lives_in", "Lyon"), (C, "moved_out_of", "Lyon")]),
    ("Hey Mel! Good to see you! How have you been?", [("Mel", "person")], [],
     ["Hey", "Good"], [(C, "related_to", "Mel")]),
    ("Thanks, Caroline! The transgender stories were so inspiring.",
     [("Caroline", "person")], [], ["Thanks", "The"], []),
    ("Yesterday I met Dr. Smith at the Bank of America in New York.",
     [("Dr. Smith", "person"), ("Bank of America", "organization"), ("New York", "place")],
     [(C, "related_to", "Dr. Smith", False), (C, "related_to", "New York", False)],
     ["Yesterday", "Bank", "America"], []),
    ("May I ask what you did in May 2023?", [("May 2023", "date")], [], ["May"], []),
    ("I'm a nurse at Mercy Hospital.",
     [("nurse", "concept"), ("Mercy Hospital", "organization")],
     [(C, "works_as", "nurse", True), (C, "works_at", "Mercy Hospital", True)], ["I"], []),
    ("Caroline moved to Boston and works at Google.",
     [("Boston", "place"), ("Google", "organization")],
     [(C, "lives_in", "Boston", True), (C, "works_at", "Google", True)], [], []),
    ("I used to live in Chicago.", [("Chicago", "place")], [(C, "lived_in", "Chicago", False)],
     [], [(C, "lives_in", "Chicago")]),
    ("I no longer work at IBM.", [("IBM", "organization")], [(C, "left", "IBM", False)], [],
     [(C, "works_at", "IBM")]),
    ("My old job at Target was boring.", [("Target", "organization")],
     [(C, "worked_at", "Target", False)], [], [(C, "works_at", "Target")]),
    ("I've been working at NASA since 2020.",
     [("NASA", "organization"), ("2020", "date")], [(C, "works_at", "NASA", True)], [], []),
    ("Anna is my best friend.", [("Anna", "person")], [(C, "friend_of", "Anna", False)], [], []),
    ("Tom and I got married last year!", [("Tom", "person"), ("last year", "date")],
     [(C, "partner_of", "Tom", True)], [], []),
    ("I broke up with Jake last week.", [("Jake", "person")],
     [(C, "broke_up_with", "Jake", False)], [], [(C, "partner_of", "Jake")]),
    ("Wow, love that painting! So cool you found such a helpful group.",
     [("painting", "concept")], [(C, "likes", "painting", False)], ["Wow", "So"], []),
    ("I'm from Sweden, but I grew up in Ireland.", [("Sweden", "place"), ("Ireland", "place")],
     [(C, "from", "Sweden", False), (C, "from", "Ireland", False)], [], []),
    ("I was born in Toronto in 1990.", [("Toronto", "place"), ("1990", "date")],
     [(C, "born_in", "Toronto", True)], [], []),
    ("I work as a software engineer.", [("software engineer", "concept")],
     [(C, "works_as", "software engineer", True)], [], []),
    ("My mom Linda and my dad visited us for Thanksgiving.",
     [("Linda", "person"), ("Thanksgiving", "event")], [(C, "child_of", "Linda", False)],
     ["My"], [(C, "parent_of", "Linda")]),
    ("My son Tom started school at Lincoln Elementary School.",
     [("Tom", "person"), ("Lincoln Elementary School", "organization")],
     [(C, "parent_of", "Tom", False)], [], [(C, "child_of", "Tom")]),
    ("I study at the University of Michigan.",
     [("University of Michigan", "organization")],
     [(C, "studies_at", "University of Michigan", True)], ["Michigan"], []),
    ("I hate cilantro.", [("cilantro", "concept")], [(C, "dislikes", "cilantro", False)], [],
     [(C, "likes", "cilantro")]),
    ("I have a cat named Luna and two dogs.", [("Luna", "person")],
     [(C, "has_pet", "Luna", False)], [], []),
    ("I just bought a new iPhone!", [("iPhone", "product")], [(C, "owns", "iPhone", False)],
     [], []),
    ("I visited Rome, Florence and Venice last summer.",
     [("Rome", "place"), ("Florence", "place"), ("Venice", "place"), ("last summer", "date")],
     [(C, "visited", "Rome", False), (C, "visited", "Florence", False),
      (C, "visited", "Venice", False)], [], []),
    ("I ran the Boston Marathon in April 2022.",
     [("Boston Marathon", "event"), ("April 2022", "date")],
     [(C, "attended", "Boston Marathon", False)], ["April"], []),
    ("I'm really into pottery and hiking.", [("pottery", "concept"), ("hiking", "concept")],
     [(C, "likes", "pottery", False), (C, "likes", "hiking", False)], [], []),
    ("My husband Mark works at Microsoft.",
     [("Mark", "person"), ("Microsoft", "organization")],
     [(C, "partner_of", "Mark", True), ("Mark", "works_at", "Microsoft", True)], [],
     [(C, "works_at", "Microsoft")]),
    ("OMG! I just got a job as a barista at Starbucks.",
     [("Starbucks", "organization"), ("barista", "concept")],
     [(C, "works_at", "Starbucks", True), (C, "works_as", "barista", True)], ["OMG"], []),
    ("I want to move to Japan someday.", [("Japan", "place")], [], [],
     [(C, "lives_in", "Japan")]),
    ("Did you move to Denver?", [("Denver", "place")], [], [], [(C, "lives_in", "Denver")]),
    ("I'm not a teacher anymore, I quit last year.", [], [], [], [(C, "works_as", "teacher")]),
    ("John and Maria went to the Pride Parade with Sarah in San Francisco.",
     [("John", "person"), ("Maria", "person"), ("Pride Parade", "event"), ("Sarah", "person"),
      ("San Francisco", "place")],
     [("John", "attended", "Pride Parade", False), ("Maria", "attended", "Pride Parade", False),
      ("John", "related_to", "Sarah", False)], [], []),
    ("I joined a book club last week.", [("book club", "concept")],
     [(C, "member_of", "book club", False)], [], [(C, "works_at", "book club")]),
    ("We went camping in the Rocky Mountains on Saturday.",
     [("Rocky Mountains", "place"), ("Saturday", "date")],
     [(C, "visited", "Rocky Mountains", False)], ["We"], []),
    ("Gina lost her job at Door Dash, so she started her own clothing store.",
     [("Gina", "person"), ("Door Dash", "organization")],
     [("Gina", "left", "Door Dash", False)], [], [("Gina", "works_at", "Door Dash")]),
    ("I'm learning Spanish and taking a pottery class.",
     [("Spanish", "concept"), ("pottery class", "concept")],
     [(C, "studies", "Spanish", False)], [], []),
    ("I genuinely hate coffee. Tea person, forever.", [("Tea", "concept")],
     [(C, "dislikes", "coffee", False), (C, "likes", "Tea", False)], [], []),
    ("Good person, that one.", [], [], [], [(C, "likes", "good")]),
    ("Can't wait to hear about it. Have fun and stay safe!", [], [], ["Ca", "Can't", "Have"], []),
    ('"The Santa Clause" is a classic! We love "Home Alone" every Christmas.',
     [("The Santa Clause", "concept"), ("Home Alone", "concept"), ("Christmas", "event")],
     [(C, "likes", "Home Alone", False)], ["Santa Clause", "Alone"], []),
    ("Since I lost my job at Door Dash, things have been tough.",
     [("Door Dash", "organization")], [(C, "left", "Door Dash", False)], [],
     [(C, "works_at", "Door Dash")]),
    ("I met Sam at the gym. She works at Amazon.", [("Sam", "person"), ("Amazon", "organization")],
     [("Sam", "works_at", "Amazon", True)], [], [(C, "works_at", "Amazon")]),
    ("Max is my dog. I have two cats.", [("Max", "person")],
     [(C, "has_pet", "Max", False), (C, "has_pet", "cat", False)], [], []),
    ("Anna is from Spain.", [("Anna", "person"), ("Spain", "place")],
     [("Anna", "from", "Spain", False)], [], [(C, "from", "Spain")]),
    ("I'm not dating Chris anymore.", [("Chris", "person")],
     [(C, "broke_up_with", "Chris", False)], [], [(C, "partner_of", "Chris")]),
    ("My brother's name is Tom.", [("Tom", "person")], [(C, "sibling_of", "Tom", False)],
     ["Caroline's brother"], []),
    ("I work for a small startup in Austin.", [("startup", "concept"), ("Austin", "place")],
     [(C, "works_at", "startup", True)], [], []),
    ("I'm going to Paris next week.", [("Paris", "place"), ("next week", "date")], [], [],
     [(C, "visited", "Paris")]),
    ("I've been to Paris twice and went to a castle in Scotland.",
     [("Paris", "place"), ("Scotland", "place")],
     [(C, "visited", "Paris", False), (C, "visited", "Scotland", False)], [], []),
    ("Enjoy your family time, John! I'd love to visit Rome.", [("John", "person")], [], [],
     [(C, "likes", "family time"), (C, "visited", "Rome")]),
]

# Jobs, partners, diet, habits, tastes, moves, learning, pets and talks: one row per pattern,
# negative rows (plans, negation, questions, near misses) right after the positive ones.
LIFE_CASES = [
    # joining and starting jobs
    ("I'm joining Northwind Robotics as a machine-learning engineer.",
     [("Northwind Robotics", "organization")],
     [(C, "works_at", "Northwind Robotics", True),
      (C, "works_as", "machine-learning engineer", True)], [], []),
    ("I start at Google on Monday.", [("Google", "organization")],
     [(C, "works_at", "Google", True)], [], []),
    ("I'll start at Google in May.", [], [(C, "works_at", "Google", True)], [], []),
    ("I want to start at Google.", [], [], [], [(C, "works_at", "Google")]),
    ("I got the job at Spotify!", [], [(C, "works_at", "Spotify", True)], [], []),
    ("I accepted an offer from Stripe.", [("Stripe", "organization")],
     [(C, "works_at", "Stripe", True)], [], []),
    ("I didn't accept the offer from Stripe.", [], [], [], [(C, "works_at", "Stripe")]),
    ("I've started a new job at Airbnb.", [], [(C, "works_at", "Airbnb", True)], [], []),
    ("Northwind hired me as a designer.", [("Northwind", "organization")],
     [(C, "works_at", "Northwind", True), (C, "works_as", "designer", True)], [], []),
    ("Northwind never hired me.", [], [], [], [(C, "works_at", "Northwind")]),
    ("Tom hired me to paint his fence.", [], [], [], [(C, "works_at", "Tom")]),
    ("Dan started at the firm yesterday.", [], [("Dan", "works_at", "firm", True)], [],
     [(C, "works_at", "firm")]),
    ("The race starts at Central Park.", [], [], [], [(C, "works_at", "Central Park")]),
    # relationships
    ("Sofia and I are officially dating.", [("Sofia", "person")],
     [(C, "partner_of", "Sofia", True)], [], []),
    ("Tom and I are together now.", [], [(C, "partner_of", "Tom", True)], [], []),
    ("Ana and I got engaged!", [], [(C, "partner_of", "Ana", True)], [], []),
    ("I'm seeing Alex.", [("Alex", "person")], [(C, "partner_of", "Alex", True)], [], []),
    ("I've been seeing Alex for a while, and it's going well.", [], [], [], []),
    ("I'm seeing Alex tomorrow.", [], [], [], [(C, "partner_of", "Alex")]),
    ("I was seeing Alex back then.", [], [], [], [(C, "partner_of", "Alex")]),
    ("I started dating Jamie last month.", [], [(C, "partner_of", "Jamie", True)], [], []),
    ("My girlfriend Emma loves hiking.", [("Emma", "person")],
     [(C, "partner_of", "Emma", True), ("Emma", "likes", "hiking", False)], [], []),
    ("My fiancée Priya is a nurse.", [], [(C, "partner_of", "Priya", True)], [], []),
    # "she"/"he" stand for the one other person the turn names; with two who may both be meant, or
    # none, for nobody; a name given to men only is no "she"
    ("My sister Lena laughed. She's a nurse in Toronto.", [],
     [("Lena", "works_as", "nurse", True), ("Lena", "related_to", "Toronto", False)], [],
     [(C, "works_as", "nurse"), (C, "related_to", "Toronto")]),
    ("Kate and Ana came over. She's a nurse.", [], [], [],
     [("Kate", "works_as", "nurse"), ("Ana", "works_as", "nurse"), (C, "works_as", "nurse")]),
    ("Jo and Alex came over. She's a nurse.", [], [], [],
     [("Jo", "works_as", "nurse"), ("Alex", "works_as", "nurse"), (C, "works_as", "nurse")]),
    ("Tom and Ana came over. She's a nurse.", [], [("Ana", "works_as", "nurse", True)], [],
     [("Tom", "works_as", "nurse"), (C, "works_as", "nurse")]),
    ("He's a doctor.", [], [], [], [(C, "works_as", "doctor")]),
    ("Daniel and I broke up on Saturday.", [], [(C, "broke_up_with", "Daniel", False)], [],
     [(C, "partner_of", "Daniel")]),
    ("Daniel and I split up.", [], [(C, "broke_up_with", "Daniel", False)], [], []),
    ("Lena is getting married to Marcus.", [("Lena", "person"), ("Marcus", "person")],
     [("Lena", "partner_of", "Marcus", True)], [], [(C, "partner_of", "Marcus")]),
    ("Lena and Marcus got engaged last week!", [],
     [("Lena", "partner_of", "Marcus", True)], [], [(C, "partner_of", "Marcus")]),
    ("Lena and Marcus are not together.", [], [], [], [("Lena", "partner_of", "Marcus")]),
    ("Lena and Marcus split up.", [], [("Lena", "broke_up_with", "Marcus", False)], [], []),
    # diet and habits
    ("I'm vegetarian and I genuinely hate coffee.", [("vegetarian", "concept")],
     [(C, "diet", "vegetarian", True), (C, "dislikes", "coffee", False)], [], []),
    ("I'm a vegan now.", [], [(C, "diet", "vegan", True)], [], [(C, "works_as", "vegan")]),
    ("Sofia is pescatarian.", [], [("Sofia", "diet", "pescatarian", True)], [],
     [(C, "diet", "pescatarian")]),
    ("I'm not vegetarian anymore.", [], [(C, "stopped_diet", "vegetarian", False)], [],
     [(C, "diet", "vegetarian")]),
    ("I was vegan in college.", [], [], [], [(C, "diet", "vegan")]),
    ("I love vegetarian food.", [], [], [], [(C, "diet", "vegetarian")]),
    ("I've started eating fish again.", [("fish", "concept")], [(C, "eats", "fish", False)], [],
     [(C, "has_pet", "fish")]),
    ("I don't eat meat anymore.", [], [(C, "stopped_eating", "meat", False)], [],
     [(C, "eats", "meat")]),
    ("I don't eat meat.", [], [], [], [(C, "eats", "meat")]),
    ("I eat breakfast at seven.", [], [], [], [(C, "eats", "breakfast")]),
    ("I'm eating pizza right now.", [], [], [], [(C, "eats", "pizza")]),
    ("I gave up coffee last month.", [], [(C, "stopped_drinking", "coffee", False)], [],
     [(C, "stopped_eating", "coffee")]),
    ("I gave up meat for Lent.", [], [(C, "stopped_eating", "meat", False)], [], []),
    ("I stopped drinking alcohol.", [], [(C, "stopped_drinking", "alcohol", False)], [], []),
    ("I drink coffee every morning.", [], [(C, "drinks", "coffee", False)], [], []),
    ("I gave up on my dreams.", [], [], [], [(C, "stopped_eating", "dreams")]),
    ("I quit smoking in January.", [("smoking", "concept")],
     [(C, "quit_habit", "smoking", False)], [], [(C, "left", "smoking")]),
    ("I should quit smoking.", [], [], [], [(C, "quit_habit", "smoking")]),
    ("I stopped being vegan.", [], [(C, "stopped_diet", "vegan", False)], [], []),
    ("I've started running every morning.", [], [(C, "habit", "running", False)], [], []),
    ("I took up knitting.", [], [(C, "habit", "knitting", False)], [], []),
    ("I started playing acoustic guitar about five years ago.", [],
     [(C, "habit", "playing acoustic guitar", False)], [], []),
    ("I started crying.", [], [], [], [(C, "habit", "crying")]),
    # tastes
    ("I can't stand cilantro.", [], [(C, "dislikes", "cilantro", False)], [],
     [(C, "likes", "cilantro")]),
    ("I've turned into a coffee person.", [], [(C, "likes", "coffee", False)], [],
     [(C, "works_as", "coffee person")]),
    ("I'm not a morning person.", [], [(C, "dislikes", "morning", False)], [],
     [(C, "likes", "morning")]),
    ("I'm a people person.", [], [], [], [(C, "likes", "people")]),
    ("I'm obsessed with sourdough.", [], [(C, "likes", "sourdough", False)], [], []),
    ("Pho is my favourite food.", [], [(C, "likes", "Pho", False)], [], []),
    ("The canal walk is my favourite part of the day.", [],
     [(C, "likes", "canal walk", False)], [], []),
    ("Pho is not my favourite food.", [], [], [], [(C, "likes", "Pho")]),
    # moves
    # A plan with a date is a home from then on (test_the_time_a_fact_takes_effect has when).
    ("I'm moving to Berlin next month.", [("Berlin", "place")],
     [(C, "moving_to", "Berlin", False), (C, "lives_in", "Berlin", True)], [], []),
    ("I'm moving to Berlin.", [("Berlin", "place")], [(C, "moving_to", "Berlin", False)], [],
     [(C, "lives_in", "Berlin")]),
    ("We're relocating to Denver in the spring.", [], [(C, "moving_to", "Denver", False)], [],
     [(C, "lives_in", "Denver")]),
    ("I moved to Berlin last week.", [], [(C, "lives_in", "Berlin", True)], [], []),
    ("We finally got the keys to our place in Bristol.", [("Bristol", "place")],
     [(C, "lives_in", "Bristol", True)], [], []),
    ("I moved into the Leith flat last weekend.", [("Leith", "place")], [(C, "lives_in", "Leith", True)], [], []),
    ("My old flat in Leeds was tiny.", [], [], [], [(C, "lives_in", "Leeds")]),
    # leaving a job, starting one, school
    ("I'm leaving Crumb & Co after six years.", [("Crumb & Co", "organization")], [(C, "left", "Crumb & Co", False)],
     [], []),
    ("I handed in my notice at Crumb & Co today.", [], [(C, "quit", "Crumb & Co", False)], [], []),
    ("So you're leaving Crumb & Co?", [], [], [], [(C, "left", "Crumb & Co")]),
    ("My first day at Lumen Labs is Monday.", [], [(C, "works_at", "Lumen Labs", True)], [], []),
    ("I enrolled in a part-time MBA at Warwick.", [], [(C, "studies_at", "Warwick", True)], [], []),
    ("I graduated from Warwick University in June.", [], [(C, "studied_at", "Warwick University", False)], [], []),
    # names with a possessive inside are one name: no Arthur, no Valentine, no "Day"
    ("We climbed Arthur's Seat with the kids on Valentine's Day.", [("Arthur's Seat", "place"),
                                                                   ("Valentine's Day", "event")],
     [], ["Arthur", "Day", "Seat", "Valentine"], []),
    ("The Manchester Dogs Home was closed.", [("Manchester Dogs Home", "organization")], [], ["Manchester"], []),
    ("We've moved to Denver.", [], [(C, "lives_in", "Denver", True)], [], []),
    ("I'm now living in Austin.", [], [(C, "lives_in", "Austin", True)], [], []),
    ("I relocated to Seattle.", [], [(C, "lives_in", "Seattle", True)], [], []),
    ("Home is Berlin now.", [], [(C, "lives_in", "Berlin", True)], [], []),
    ("Berlin is home now.", [], [(C, "lives_in", "Berlin", True)], [], []),
    ("Paris is home to the Louvre.", [], [], [], [(C, "lives_in", "Paris")]),
    # learning
    ("I'm learning German.", [], [(C, "studies", "German", False)], [], []),
    ("I passed my driving test!", [], [(C, "passed", "driving test", False)], [], []),
    ("I passed my German exam.", [], [(C, "passed", "German exam", False)], [], []),
    ("I passed the salt to Tom.", [], [], [], [(C, "passed", "salt")]),
    ("My German teacher says I've moved up to B1!", [("German B1", "concept")],
     [(C, "reached_level", "German B1", False)], [], [(C, "lives_in", "B1")]),
    ("I've moved up to B1 in German.", [], [(C, "reached_level", "German B1", False)], [], []),
    ("My Spanish is B2 now.", [], [(C, "reached_level", "Spanish B2", False)], [], []),
    ("I'm not at B1 yet.", [], [], [], [(C, "reached_level", "B1")]),
    # pets
    ("I adopted a dog yesterday! I've named him Biscuit.", [("Biscuit", "person")],
     [(C, "has_pet", "Biscuit", False)], [], [(C, "has_pet", "dog")]),  # one pet, by its name
    ("My daughter was born on Monday. We named her Ava.", [], [], [], [(C, "has_pet", "Ava")]),
    ("My dog Rex is sick.", [], [(C, "has_pet", "Rex", False)], [], []),
    # events and talks
    ("I ran the Lisbon Half Marathon yesterday.", [("Lisbon Half Marathon", "event")],
     [(C, "attended", "Lisbon Half Marathon", False)], [], []),
    ("I'll be speaking at PyData Berlin on September 18th.", [("PyData Berlin", "event")],
     [(C, "speaks_at", "PyData Berlin", False)], [], []),
    ("My talk at PyCon was accepted!", [], [(C, "speaks_at", "PyCon", False)], [], []),
    ("My talk at PyCon was rejected.", [], [], [], [(C, "speaks_at", "PyCon")]),
    ("I'd love to speak at PyCon.", [], [], [], [(C, "speaks_at", "PyCon")]),
    ("I gave a talk at the conference.", [], [(C, "speaks_at", "conference", False)], [], []),
    ("I signed up for a pottery class.", [], [(C, "member_of", "pottery class", False)], [], []),
]

# Sentence openers that are no entity: numbers, interjections and fillers.
JUNK_OPENERS = ["Four days until the race.", "Three cheers for Tom!", "Eight people came.",
                "Eighteen is great progress.", "Nice, Eighteen of them.", "Twenty-five minutes.",
                "Ha! That's great.", "Haha, so true.", "Hahaha yes.", "Wow. Yay!", "Ugh, Mondays.",
                "Okay, fine.", "Honestly, no.", "Anyway, see you.", "Anyways, yes.", '"Ha", I said.',
                "Lol ok.", "Nope.", "Woohoo!", "Hmmm, maybe.", "Fourteen kilometres on Sunday."]


ALL_CASES = CASES + LIFE_CASES


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    return RuleExtractor()


def _run(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(text, speaker=SPEAKER, occurred_at=WHEN)


@pytest.mark.parametrize(("text", "entities", "facts", "absent", "absent_facts"), ALL_CASES,
                         ids=[c[0][:40] for c in ALL_CASES])
def test_turn(extractor: RuleExtractor, text: str, entities: list[tuple[str, str]],
              facts: list[tuple[str, str, str, bool]], absent: list[str],
              absent_facts: list[tuple[str, str, str]]) -> None:
    result = _run(extractor, text)
    found = {(e.name, e.type) for e in result.entities}
    names = {e.name for e in result.entities}
    got = {(f.subject, f.label, f.object, f.exclusive) for f in result.facts}
    assert set(entities) <= found, f"missing {set(entities) - found}; got {sorted(found)}"
    assert set(facts) <= got, f"missing {set(facts) - got}; got {sorted(got)}"
    assert not set(absent) & names, f"false positives {set(absent) & names}"
    triples = {g[:3] for g in got}
    assert not set(absent_facts) & triples, f"unwanted {set(absent_facts) & triples}"


@pytest.mark.parametrize("text", [c[0] for c in ALL_CASES], ids=[c[0][:40] for c in ALL_CASES])
def test_invariants(extractor: RuleExtractor, text: str) -> None:
    """Offsets point at the text, types are known, fact ends are mentions of this turn (an end
    told without naming what ended has no object of its own)."""
    result = _run(extractor, text)
    speaker = result.entities[0]
    assert (speaker.name, speaker.type, speaker.start, speaker.end) == (SPEAKER, "person", -1, -1)
    for e in result.entities[1:]:
        assert e.type in ENTITY_TYPES
        assert text[e.start : e.end] == e.text
        assert e.name.split()[-1] in e.text  # "Mel" in "Mel's"; "Caroline's kids" for "my kids"
    names = {e.name for e in result.entities}
    for f in result.facts:
        assert isinstance(f, FactCandidate)
        assert f.subject in names and (f.unnamed or f.object in names) and f.subject != f.object
        assert f.fact and f.fact in text
        assert f.label.replace("_", "").isalpha() and f.label.islower()


def test_speaker_first_person_and_no_speaker(extractor: RuleExtractor) -> None:
    with_speaker = _run(extractor, "I live in Paris.")
    assert [(f.subject, f.object) for f in with_speaker.facts] == [(SPEAKER, "Paris")]
    anonymous = extractor.extract("I live in Paris.", speaker=None, occurred_at=WHEN)
    assert anonymous.facts == ()  # no one to attach a first-person fact to
    assert [e.name for e in anonymous.entities] == ["Paris"]


# When a fact took or takes effect: the time its sentence names nearest to it, resolved
# against when the turn was said (WHEN, Monday 2023-05-08), the next one for what is to come.
TAKES_EFFECT = [
    ("I've been working at NASA since 2020.", "works_at", datetime(2020, 1, 1, tzinfo=UTC)),
    ("I ran the Boston Marathon in April 2022.", "attended", datetime(2022, 4, 1, tzinfo=UTC)),
    ("I moved to Berlin last month.", "lives_in", datetime(2023, 4, 1, tzinfo=UTC)),
    ("I'm moving to Berlin at the end of the month.", "lives_in", datetime(2023, 5, 21, tzinfo=UTC)),
    ("I start at Lumen Labs on Friday.", "works_at", datetime(2023, 5, 12, tzinfo=UTC)),
    ("My last day at Crumb & Co is Friday.", "left", datetime(2023, 5, 12, tzinfo=UTC)),
    ("I live in Paris.", "lives_in", None),
    ("I moved to Berlin last week and saw Rome in 2019.", "lives_in", datetime(2023, 5, 1, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "label", "valid_at"), TAKES_EFFECT, ids=[t[0] for t in TAKES_EFFECT])
def test_the_time_a_fact_takes_effect(extractor: RuleExtractor, text: str, label: str,
                                      valid_at: datetime | None) -> None:
    (fact,) = [f for f in _run(extractor, text).facts if f.label == label]
    assert fact.valid_at == valid_at


def test_related_to_is_capped_and_skips_dates(extractor: RuleExtractor) -> None:
    text = ("On Friday I saw Anna, Ben, Chloe and Dave at Google with Emma in London "
            "after the Pride Parade.")
    result = _run(extractor, text)
    related = [f for f in result.facts if f.label == "related_to"]
    assert 1 <= len(related) <= 3
    assert all(f.subject == SPEAKER and not f.exclusive for f in related)
    assert "Friday" not in {f.object for f in related}


def test_concepts_are_capped(extractor: RuleExtractor) -> None:
    text = ("The pottery class, the camping trip, the adoption agency, the support group, the "
            "art show and the dance studio were all on my mind.")
    concepts = [e for e in _run(extractor, text).entities if e.type == "concept"]
    assert 1 <= len(concepts) <= 4
    assert [e.name for e in _run(RuleExtractor(max_concepts=0), text).entities if e.type == "concept"] == []


def test_a_list_ends_where_a_new_clause_begins(extractor: RuleExtractor) -> None:
    facts = {(f.label, f.object) for f in _run(extractor, "I genuinely hate coffee, and the flat is tiny.").facts}
    assert ("dislikes", "coffee") in facts and ("dislikes", "flat") not in facts


def test_empty_and_invalid_input(extractor: RuleExtractor) -> None:
    empty = _run(extractor, "")
    assert [e.name for e in empty.entities] == [SPEAKER] and empty.facts == ()
    with pytest.raises(InvalidInputError):
        extractor.extract(None, speaker=SPEAKER, occurred_at=WHEN)  # type: ignore[arg-type]


def test_seam_shapes() -> None:
    assert ENTITY_TYPES == ("person", "place", "organization", "product", "date", "event",
                            "concept")
    assert [f.name for f in fields(FactCandidate)] == [
        "subject", "object", "label", "fact", "exclusive", "valid_at", "unnamed"]
    import memdb.extract as seam

    assert seam.__all__ == sorted(seam.__all__)
    extractor: Extractor = RuleExtractor()  # structural: RuleExtractor satisfies the Protocol
    assert isinstance(extractor.extract("Hi", speaker=None, occurred_at=WHEN), Extraction)


@pytest.mark.parametrize("text", JUNK_OPENERS)
def test_openers_are_not_entities(extractor: RuleExtractor, text: str) -> None:
    capitalised = [e.name for e in _run(extractor, text).entities[1:]
                   if e.name[:1].isupper() and e.type != "date"]
    assert capitalised in ([], ["Tom"]), capitalised


def test_quoted_and_brand_names_still_found(extractor: RuleExtractor) -> None:
    text = 'We love "Home Alone" and "Coco". I bought a new iPhone at Target.'
    names = {e.name for e in _run(extractor, text).entities}
    assert {"Home Alone", "Coco", "iPhone", "Target"} <= names
    shout = 'The sign said "RUN FASTER, BISCUIT NEEDS HIS DINNER". It said "Daniel Okafor, senior".'
    names = [e.name for e in _run(extractor, shout).entities[1:]]
    assert not [n for n in names if "," in n or "FASTER" in n], names


def test_contradicting_facts_come_in_pairs(extractor: RuleExtractor) -> None:
    """Each ending label of a pair is emitted for the same object its opposite was."""
    pairs = [("I drink coffee every morning.", "I gave up coffee.", "drinks", "stopped_drinking"),
             ("I've started eating fish again.", "I don't eat fish anymore.", "eats",
              "stopped_eating"),
             ("I'm vegan.", "I'm not vegan anymore.", "diet", "stopped_diet"),
             ("I took up smoking.", "I quit smoking.", "habit", "quit_habit"),
             ("I love coffee.", "I hate coffee.", "likes", "dislikes")]
    for before, after, label, ending in pairs:
        first = {(f.label, f.object) for f in _run(extractor, before).facts}
        second = {(f.label, f.object) for f in _run(extractor, after).facts}
        (obj,) = [o for lab, o in first if lab == label]
        assert (ending, obj) in second, (after, second)


def test_every_label_has_words(extractor: RuleExtractor) -> None:
    from memdb.extract import LABEL_PHRASES, describe_label
    from memdb.extract.patterns import LABELS, RULES

    emitted = {f.label for c in ALL_CASES for f in _run(extractor, c[0]).facts}
    assert emitted <= LABELS, emitted - LABELS  # LABELS lists everything the extractor emits
    assert {r.label for r in RULES} <= LABELS
    assert LABELS <= set(LABEL_PHRASES), sorted(LABELS - set(LABEL_PHRASES))
    for label in LABELS:
        words = describe_label(label)
        assert words == LABEL_PHRASES[label] and 0 < len(words.split()) <= 12, label
    assert describe_label("lives_in").startswith("lives in")
    assert "employer" in describe_label("works_at") and "dog" in describe_label("has_pet")
    assert describe_label("plays_for") == "plays for"


@pytest.mark.parametrize(("question", "about", "not_about"), [
    ("Where does Maya work now?", {"works_at", "works_as", "worked_at"}, {"lives_in", "partner_of"}),
    ("Who was Maya dating?", {"partner_of"}, {"works_at", "likes"}),
    ("Where does Caroline live these days?", {"lives_in", "lived_in"}, {"works_at"}),
    ("Is Mel's boyfriend still around?", {"partner_of"}, {"lives_in"}),
    ("Why is she relocating?", {"moving_to"}, {"lives_in"}),
    ("What does Ines do for a living these days?", {"works_as"}, {"lives_in"}),  # a living is a job
    ("What does Tim love and enjoy?", set(), {"likes", "works_at"}),  # tastes are asked of too loosely
])
def test_a_question_naming_a_state_is_about_its_labels(question: str, about: set[str], not_about: set[str]) -> None:
    from memdb.extract import LABEL_PHRASES, label_cues, question_cues

    asked = {label for label in LABEL_PHRASES if question_cues(question) & label_cues(label)}
    assert about <= asked and not asked & not_about, asked


@pytest.mark.parametrize("text", ["I've signed up for an evening course here.", "I joined this morning, finally."])
def test_a_time_of_day_is_no_fact_object(extractor: RuleExtractor, text: str) -> None:
    objects = {f.object.lower() for f in _run(extractor, text).facts}
    assert not objects & {"evening", "morning"}, objects
