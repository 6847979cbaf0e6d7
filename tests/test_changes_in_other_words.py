"""State changes in more of the words people use, written for these tests: a job quit with no
object, a job taken, a first day somewhere, a town left for another, emigrating; and changes
dated loosely ("in March") that cover the day the old value was told, which must still end it.
End to end through MemoryDB (test_state_changes.check_changes) and the rule extractor alone."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import (  # noqa: F401 - memory: the module's store, a fixture
    BEFORE, LATER, SAID, SAM, check_changes, memory,
)

CASES = [
    ("a bare quit", [(BEFORE, "u", "My friend Lena works at Contoso."),
                     (SAID, "u", "Lena quit! She couldn't stand her boss.")],
     [("Lena", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [], []),
    ("a job taken", [(BEFORE, "u", "My sister Amy works at Contoso."), (SAID, "u", "Amy has taken a job with Northwind.")],
     [("Amy", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Amy", "works_at", "Northwind")], []),
    ("a first week, capitalised", [(BEFORE, "u", "I work at Contoso."),
                                   (SAID, "u", "First week at Northwind done! So much better than Contoso.")],
     [(SAM, "works_at", "Contoso", "2024-05-08", "2024-05-08")], [(SAM, "works_at", "Northwind")], []),
    ("moved out and here now", [(BEFORE, "u", "I live in Leeds."),
                                (SAID, "u", "Finally moved out of Leeds, I'm in York now.")],
     [(SAM, "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [(SAM, "lives_in", "York")], []),
    ("emigrated", [(BEFORE, "u", "I live in Leeds."), (SAID, "u", "I emigrated to Toronto in April!")],
     [(SAM, "lives_in", "Leeds", "2024-04-01", "2024-04-01")], [(SAM, "lives_in", "Toronto")], []),
    ("a town left for another", [(BEFORE, "u", "My friend Priya lives in London."),
                                 (SAID, "u", "Priya left London for Bristol last month.")],
     [("Priya", "lives_in", "London", "2024-04-01", "2024-04-01")], [("Priya", "lives_in", "Bristol")], []),
    # a change dated by its month, week or day, told after the old value was told in that month
    ("moved in the month", [("2024-03-04T10:00:00", "u", "I live in Leeds."), (SAID, "u", "I moved to York in March.")],
     [(SAM, "lives_in", "Leeds", "2024-03-04", "2024-03-04")], [(SAM, "lives_in", "York")], []),
    ("a new job in the month", [("2024-03-04T10:00:00", "u", "I work at Contoso."),
                                (SAID, "u", "I started at Northwind in March.")],
     [(SAM, "works_at", "Contoso", "2024-03-04", "2024-03-04")], [(SAM, "works_at", "Northwind")], []),
    ("a breakup in the month", [("2024-03-04T10:00:00", "u", "My boyfriend Jake is a chef."),
                                (SAID, "u", "Jake and I broke up in March.")],
     [(SAM, "partner_of", "Jake", "2024-03-04", "2024-03-04")], [], []),
    ("left in the week", [("2024-05-01T10:00:00", "u", "I work at Contoso."),
                          (SAID, "u", "I left Contoso last week.")],
     [(SAM, "works_at", "Contoso", "2024-05-01", "2024-05-01")], [], []),
]

# jobs, partners and homes told in more words
MORE = [
    ("headhunted", [(BEFORE, "u", "My friend Priya works at Contoso."),
                    (SAID, "u", "Priya called. She's been headhunted by Northwind!")],
     [("Priya", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Priya", "works_at", "Northwind")], []),
    ("taken on", [(BEFORE, "u", "I work at Contoso."), (SAID, "u", "Northwind took me on as a junior dev.")],
     [(SAM, "works_at", "Contoso", "2024-05-08", "2024-05-08")], [(SAM, "works_at", "Northwind")], []),
    ("an offer said yes to", [(BEFORE, "u", "I work at Contoso."),
                              (SAID, "u", "Northwind made me an offer and I said yes!")],
     [(SAM, "works_at", "Contoso", "2024-05-08", "2024-05-08")], [(SAM, "works_at", "Northwind")], []),
    ("there a month", [(BEFORE, "u", "I work at Contoso."),
                       (SAID, "u", "I've been at Northwind a month now and love it.")],
     [(SAM, "works_at", "Contoso", "2024-05-08", "2024-05-08")], [(SAM, "works_at", "Northwind")], []),
    ("transferred to a firm told as one", [(BEFORE, "u", "I work at Contoso."),
                                           (SAID, "u", "I got transferred to Northwind, the sister company.")],
     [(SAM, "works_at", "Contoso", "2024-05-08", "2024-05-08")], [(SAM, "works_at", "Northwind")], []),
    ("not seeing any more", [(BEFORE, "u", "My boyfriend Jake is a chef."), (SAID, "u", "I'm not seeing Jake any more.")],
     [(SAM, "partner_of", "Jake", "2024-05-08", "2024-05-08")], [], []),
    ("a home memory knows, left", [(BEFORE, "u", "I live in Broughty Ferry, by the harbour."),
                                   (SAID, "assistant", "So you'll be leaving Broughty Ferry next month. Exciting!"),
                                   (SAID, "u", "Yes, it's all booked.")],
     [(SAM, "lives_in", "Broughty Ferry", "2024-06-01", "2024-06-30")], [], [(SAM, "left", "Broughty Ferry")]),
    ("arrived after moving out", [(BEFORE, "u", "I live in Leeds."),
                                  ("2024-05-01T10:00:00", "u", "Moved out of Leeds yesterday, everything's in storage."),
                                  (SAID, "u", "Hello from Hull! The new landlord seems nice.")],
     [(SAM, "lives_in", "Leeds", "2024-04-30", "2024-04-30")], [(SAM, "lives_in", "Hull")], []),
]

# a new partner told in more words, after the couple before split
PARTNERS = [
    (name, [(BEFORE, "u", "My friend Priya is dating Dan."), (SAID, "u", text)],
     [("Priya", "partner_of", "Dan", "2024-04-29", "2024-05-08")], [new], [])
    for name, text, new in [
        ("seeing someone called", "Priya and Dan split up. She's seeing someone called Tom now.", ("Priya", "partner_of", "Tom")),
        ("a new boyfriend told after a comma", "Priya has a new boyfriend, Tom. Dan is history.", ("Priya", "partner_of", "Tom")),
        ("a few dates", "Priya and Dan broke up. She's been on a few dates with Tom since.", ("Priya", "partner_of", "Tom")),
        ("made it official", "Priya and Dan are done. Priya and Tom made it official last week.", ("Priya", "partner_of", "Tom")),
        # the split told first ends the couple before, not the one the next sentence tells
        ("other half", "Priya and Dan split. Tom is Priya's other half now.", ("Priya", "partner_of", "Tom")),
    ]
] + [
    ("met someone", [(BEFORE, "u", "My boyfriend Dan is a chef."),
                     (SAID, "u", "Dan and I are over. But I've met someone! His name's Tom.")],
     [(SAM, "partner_of", "Dan", "2024-05-08", "2024-05-08")], [(SAM, "partner_of", "Tom")], []),
]

# a relative named once, told of later by another kin word for them
KIN = [
    ("my bro", [(BEFORE, "u", "My brother Dan works at Contoso."), (SAID, "u", "My bro got a job at Northwind!")],
     [("Dan", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Dan", "works_at", "Northwind")], []),
    ("a sister-in-law named before", [(BEFORE, "u", "My sister-in-law Jo works at Contoso."),
                                      (SAID, "u", "My sister-in-law has started at Northwind.")],
     [("Jo", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Jo", "works_at", "Northwind")], []),
    ("a name after the kin word and a comma", [(BEFORE, "u", "My mum, Ann, works at Contoso."),
                                               (SAID, "u", "Mum has got a job at Northwind.")],
     [("Ann", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Ann", "works_at", "Northwind")], []),
    ("my folks", [(BEFORE, "u", "My parents live in Leeds."), (SAID, "u", "My folks have moved to York.")],
     [("Sam's parents", "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [("Sam's parents", "lives_in", "York")], []),
]

# a job told across turns: after it ended, and in answer to the assistant's question of it
LEAH = (BEFORE, "u", "My cousin Leah works at Contoso as a receptionist.")
ACROSS = [
    (name, [LEAH, *turns], [("Leah", "works_at", "Contoso", "2024-04-01", "2024-05-08")],
     [("Leah", "works_at", "Northwind")], [("Leah", "lives_in", "Northwind")])
    for name, turns in [
        ("at a firm now, after leaving", [(SAID, "assistant", "How's Leah getting on?"),
                                          (SAID, "u", "She's left Contoso! She's at Northwind now, doing admin.")]),
        ("notice handed in, then a start", [(SAID, "u", "Leah's news: she's handed in her notice and starts at Northwind.")]),
        ("moved, asked of her job", [(SAID, "assistant", "Is Leah still at Contoso?"),
                                     (SAID, "u", "No, she moved to Northwind in April.")]),
        ("a bare answer, asked of her job", [(SAID, "assistant", "Is Leah still at Contoso?"),
                                             (SAID, "u", "Nope, Northwind now.")]),
    ]
]

# the user's own home and job, asked of by the assistant and answered in a few words
ASKED_YOU = [
    ("a bare answer, asked of one's home", [(BEFORE, "u", "I live in Leeds."),
                                            (SAID, "assistant", "Are you still in Leeds?"), (SAID, "u", "Nope, York now.")],
     [(SAM, "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [(SAM, "lives_in", "York")], []),
    ("at a firm now, asked of one's job", [(BEFORE, "u", "I work at Contoso."),
                                           (SAID, "assistant", "Are you still at Contoso?"),
                                           (SAID, "u", "No, I'm at Northwind now.")],
     [(SAM, "works_at", "Contoso", "2024-05-08", "2024-05-08")], [(SAM, "works_at", "Northwind")], []),
    ("a bare answer, asked of her home", [(BEFORE, "u", "My sister Priya lives in Leeds."),
                                          (SAID, "assistant", "Is Priya still in Leeds?"), (SAID, "u", "Nope, York now.")],
     [("Priya", "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [("Priya", "lives_in", "York")], []),
]

KEPT = [
    ("a habit quit", [(BEFORE, "u", "I work at Contoso."), (SAID, "u", "Smoking? I quit last year.")],
     [], [(SAM, "works_at", "Contoso")], []),
    ("a quit only wanted", [(BEFORE, "u", "I work at Contoso."), (SAID, "u", "Honestly I want to quit.")],
     [], [(SAM, "works_at", "Contoso")], []),
    ("a town left for a weekend", [(BEFORE, "u", "I live in Leeds."),
                                   (SAID, "u", "We left Leeds for Paris for the weekend.")],
     [], [(SAM, "lives_in", "Leeds")], [(SAM, "lives_in", "Paris")]),
    # a move dated a year before the home told since: the home told later is the one held
    ("a trip long after moving out", [(BEFORE, "u", "I live in Leeds."),
                                      ("2024-01-10T10:00:00", "u", "Moved out of Leeds yesterday, back at my mum's."),
                                      (SAID, "u", "Hello from Hull! Here for the match.")],
     [], [], [(SAM, "lives_in", "Hull")]),
    ("a friend's boyfriend", [(BEFORE, "u", "My boyfriend Dan is a chef."),
                              (SAID, "u", "My friend's boyfriend, Tom, is a plumber.")],
     [], [(SAM, "partner_of", "Dan")], [(SAM, "partner_of", "Tom")]),
    ("someone met at a conference", [(BEFORE, "u", "My boyfriend Dan is a chef."),
                                     (SAID, "u", "I met someone from Leeds at the conference, Tom, lovely guy.")],
     [], [(SAM, "partner_of", "Dan")], [(SAM, "partner_of", "Tom")]),
    ("moved, asked of her home", [(BEFORE, "u", "My cousin Leah lives in Leeds."),
                                  (SAID, "assistant", "Is Leah still in Leeds?"),
                                  (SAID, "u", "No, she moved to Northwind in April.")],
     [], [("Leah", "lives_in", "Northwind")], [("Leah", "works_at", "Northwind")]),
    ("still there", [(BEFORE, "u", "I live in Leeds."), (SAID, "assistant", "Are you still in Leeds?"),
                     (SAID, "u", "Yes, still here.")], [], [(SAM, "lives_in", "Leeds")], []),
    ("a move dated long before", [("2024-03-04T10:00:00", "u", "I live in Leeds."),
                                  (SAID, "u", "I moved to York in 2023.")],
     [(SAM, "lives_in", "York", "2024-03-04", "2024-03-04")], [(SAM, "lives_in", "Leeds")], []),
]


# a pupil's new school, a firm jumped ship to, a diet dropped for the food it left out, a new address or job
SCHOOLS_FIRMS_FOOD = [
    ("a pupil starting at a new school", [(BEFORE, "u", "My son Leo goes to Oak Academy."),
                                          (SAID, "u", "Leo started at Elm High this week.")],
     [("Leo", "studies_at", "Oak Academy", "2024-05-06", "2024-05-08")], [("Leo", "studies_at", "Elm High")],
     [("Leo", "works_at", "Elm High")]),
    ("a pupil transferred", [(BEFORE, "u", "My son Leo goes to Oak Academy."),
                             (SAID, "u", "Leo transferred to Elm High in April.")],
     [("Leo", "studies_at", "Oak Academy", "2024-04-01", "2024-04-01")], [("Leo", "studies_at", "Elm High")], []),
    ("a teacher starting at a school", [(BEFORE, "u", "My friend Lorna is a teacher."),
                                        (SAID, "u", "Lorna started at Elm High this week.")],
     [], [("Lorna", "works_at", "Elm High")], [("Lorna", "studies_at", "Elm High")]),
    ("jumped ship", [(BEFORE, "u", "My friend Omar works at Contoso."), (SAID, "u", "Omar jumped ship to Northwind.")],
     [("Omar", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Omar", "works_at", "Northwind")], []),
    ("back on meat", [(BEFORE, "u", "My friend Ana is vegetarian."), (SAID, "u", "Ana's back on meat after ten years!")],
     [("Ana", "diet", "vegetarian", "2024-05-08", "2024-05-08")], [], []),
    ("a new address", [(BEFORE, "u", "My friend Ana lives in Leeds."), (SAID, "u", "Ana's new address is in Bristol.")],
     [("Ana", "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [("Ana", "lives_in", "Bristol")], []),
    ("a new job is at", [(BEFORE, "u", "My friend Ana works at Contoso."), (SAID, "u", "Ana's new job is at Northwind.")],
     [("Ana", "works_at", "Contoso", "2024-05-08", "2024-05-08")], [("Ana", "works_at", "Northwind")], []),
    ("living there in a few weeks", [(BEFORE, "u", "I live in Leeds."), ("2024-04-10T18:00:00", "u", "In a few weeks I'll be living in York!"),
                                     (SAID, "u", "Morning!")],
     [(SAM, "lives_in", "Leeds", "2024-04-22", "2024-05-08")], [(SAM, "lives_in", "York")], []),
    ("living there for a week", [(BEFORE, "u", "I live in Leeds."), (SAID, "u", "I'll be living in Paris for a week.")],
     [], [(SAM, "lives_in", "Leeds")], [(SAM, "moving_to", "Paris")]),
    ("an address in a phone", [(BEFORE, "u", "My friend Ana lives in Leeds."), (SAID, "u", "Her address is in my phone.")],
     [], [("Ana", "lives_in", "Leeds")], []),
]


# the end told by a negation: "isn't vegan anymore", "aren't together anymore", "hasn't lived there for months"
ANA = (BEFORE, "u", "My friend Ana works at Contoso, lives in Leeds, is vegan and is dating Tom.")
NEGATED = [
    ("not vegan any more", [ANA, (SAID, "u", "Ana isn't vegan anymore.")], [("Ana", "diet", "vegan", "2024-05-08", "2024-05-08")],
     [("Ana", "works_at", "Contoso"), ("Ana", "lives_in", "Leeds")], []),
    ("no longer vegan", [ANA, (SAID, "u", "Ana's no longer vegan.")], [("Ana", "diet", "vegan", "2024-05-08", "2024-05-08")],
     [], []),
    ("not together any more", [ANA, (SAID, "u", "Ana and Tom aren't together anymore.")],
     [("Ana", "partner_of", "Tom", "2024-05-08", "2024-05-08")], [], []),
    ("her ex now", [ANA, (SAID, "u", "Tom's her ex now.")], [("Ana", "partner_of", "Tom", "2024-05-08", "2024-05-08")],
     [], []),
    ("stopped working at", [ANA, (SAID, "u", "Ana stopped working at Contoso in April.")],
     [("Ana", "works_at", "Contoso", "2024-04-01", "2024-04-01")], [], []),
    ("not lived there for months", [ANA, (SAID, "u", "Ana hasn't lived in Leeds for months.")],
     [("Ana", "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [], []),
    ("not vegan, said of a meal", [ANA, (SAID, "u", "The curry Ana made isn't vegan, it has ghee in it.")],
     [], [("Ana", "diet", "vegan")], []),
    ("still together", [ANA, (SAID, "u", "Ana and Tom aren't together yet? I thought they were!")],
     [], [("Ana", "partner_of", "Tom")], []),
    ("not working late", [ANA, (SAID, "u", "Ana stopped working late at Contoso, finally.")],
     [], [("Ana", "works_at", "Contoso")], []),
]


@pytest.mark.parametrize(("turns", "ends", "holds", "never"), [pytest.param(*c[1:], id=c[0]) for c in
                                                              CASES + MORE + PARTNERS + KIN + ACROSS + ASKED_YOU + KEPT
                                                              + SCHOOLS_FIRMS_FOOD + NEGATED])
def test_a_change_in_other_words_ends_the_old_fact_and_only_then(memory: MemoryDB, request: pytest.FixtureRequest,
                                                                   turns, ends, holds, never) -> None:
    check_changes(memory, "other-" + request.node.callspec.id, turns, ends, holds, never)


@pytest.mark.parametrize(("text", "fact"), [
    ("I moved to York last year.", ("Sam", "lives_in", "York")),  # a town the gazetteer knows, though a name too
    ("Dan relocated to Noida in June.", ("Dan", "lives_in", "Noida")),
    ("We're emigrating to Australia next year.", ("Sam", "moving_to", "Australia")),
])
def test_towns_beyond_the_big_cities_and_emigrating(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


def test_a_person_named_before_an_aside_saying_who_they_are_is_the_subject() -> None:
    assert ("Kai", "lives_in", "Leeds") in stated("Kai, a guy from work, moved to Leeds.")
    assert ("Priya", "lives_in", "Leeds") in stated("Priya, my old flatmate, lives in Leeds now.")


@pytest.mark.parametrize(("text", "fact"), [
    ("My mum's still in Leeds.", ("Sam's mum", "lives_in", "Leeds")),  # "'s" is "is" after a kin word
    ("We had tea at mum's place in Leeds.", ("Sam's mum", "lives_in", "Leeds")),  # … and a possessive before a home
    ("I'm up in Leeds these days.", ("Sam", "lives_in", "Leeds")),
    ("We're in a two-bed in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("My sister's in Leeds now.", ("Sam's sister", "lives_in", "Leeds")),
])
def test_a_home_told_of_a_relative_or_in_passing(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("I'm staying with Priya in Paris for a week.", ("Priya", "lives_in", "Paris")),  # a short stay, the host's home
    ("I'm crashing on Lachie's couch in Coburg for a bit.", ("Lachie", "lives_in", "Coburg")),
    ("My brother Joe's place is out in Harrogate.", ("Joe", "lives_in", "Harrogate")),
    ("Joe's from Harrogate and still lives there.", ("Joe", "lives_in", "Harrogate")),
    ("We went to Rome in May. Anna lives there.", ("Anna", "lives_in", "Rome")),
    ("Ana's from Leeds but lives in York now.", ("Ana", "lives_in", "York")),  # the subject across "but"
    ("Leeds is where Ana lives.", ("Ana", "lives_in", "Leeds")),
    ("Ana's Leeds flat is lovely.", ("Ana", "lives_in", "Leeds")),
])
def test_a_home_told_by_a_stay_with_its_owner_or_as_there(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("I visited Leeds; I wouldn't want to live there.", ("Sam", "lives_in", "Leeds")),
    ("Paris is lovely, I could live there.", ("Sam", "lives_in", "Paris")),
    ("I stayed with Tom at a hotel in Paris.", ("Tom", "lives_in", "Paris")),
    ("Paris is where Ana proposed.", ("Ana", "lives_in", "Paris")),
    ("I'm staying with Priya in Paris for a week.", ("Sam", "lives_in", "Paris")),
])
def test_no_home_in_a_wish_a_hotel_or_a_guests_stay(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("We stayed at my parents' house in York.", ("Sam", "lives_in", "York")),  # their home, a visit
    ("Priya's in Paris now for a conference.", ("Priya", "lives_in", "Paris")),
    ("I'm in Leeds now.", ("Sam", "lives_in", "Leeds")),  # one's own "now" is as often a trip
    ("Full of stories about my aunt's new kitchen, and full of ideas.", ("Sam's aunt", "owns", "full")),
])
def test_no_home_or_possession_in_a_visit_a_trip_or_a_possessive(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


@pytest.mark.parametrize(("text", "facts"), [
    ("Bouldering is my new thing.", {("Sam", "habit", "bouldering")}),
    ("Knitting's been my thing since the winter.", {("Sam", "habit", "knitting")}),
    ("I gave up tennis, it's all padel now.", {("Sam", "quit_habit", "tennis"), ("Sam", "habit", "padel")}),
    ("I've swapped yoga for boxing.", {("Sam", "quit_habit", "yoga"), ("Sam", "habit", "boxing")}),
    ("Ana gave up tennis for golf.", {("Ana", "quit_habit", "tennis"), ("Ana", "habit", "golf")}),
    ("I'm really into pottery these days.", {("Sam", "habit", "pottery")}),
    ("I've got hooked on bouldering.", {("Sam", "habit", "bouldering")}),
    ("Priya's new obsession is sourdough.", {("Priya", "habit", "sourdough")}),
])
def test_a_pastime_told_as_ones_thing_or_swapped_for_another(text: str, facts: set[tuple[str, str, str]]) -> None:
    assert facts <= stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Work is my thing.", ("Sam", "habit", "work")),  # no pastime
    ("Dan's a keen cyclist these days.", ("Dan", "works_as", "keen cyclist")),  # a pastime, no job
    ("Ana is into jazz.", ("Ana", "habit", "jazz")),  # a taste, no pastime
    ("I'm not into running.", ("Sam", "habit", "running")),
])
def test_no_pastime_or_job_where_none_is_told(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Dan's got a new job at the Ivy, he's buzzing.", ("Dan", "works_at", "Ivy")),  # "the" makes a name a venue
    ("Dan's at Google these days.", ("Dan", "works_at", "Google")),  # a firm known as one, now
])
def test_an_employer_named_like_a_person_or_told_by_where_one_is_now(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize("text", ["I'm at Heathrow now.", "I'm at the Crown now, come join.",
                                  "I had lunch with the Ivy crowd."])
def test_being_somewhere_now_is_no_job(text: str) -> None:
    assert not any(label == "works_at" for _, label, _ in stated(text))


@pytest.mark.parametrize(("text", "fact"), [
    ("I moved here to Leeds three years ago.", ("Sam", "lives_in", "Leeds")),
    ("Priya said she'd left Contoso.", ("Priya", "left", "Contoso")),  # "'d" before a past participle is "had"
    ("Priya's husband has moved jobs, he's at Northwind now.", ("Priya's husband", "works_at", "Northwind")),
    ("I changed jobs in May, I'm with Northwind now.", ("Sam", "works_at", "Northwind")),
])
def test_a_move_or_a_new_job_told_in_passing(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Leo goes to Elm High.", ("Leo", "studies_at", "Elm High")),
    ("Leo's new school is Oak Academy.", ("Leo", "studies_at", "Oak Academy")),
    ("Ana is a first-year at Leeds University.", ("Ana", "studies_at", "Leeds University")),
])
def test_a_school_told_by_going_there_or_as_ones_school(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "facts", "not_read"), [
    ("Ana's boyfriend is called Tom.", {("Ana", "partner_of", "Tom")}, ("Ana", "partner_of", "Ana's boyfriend")),
    ("Tom is Ana's boyfriend.", {("Ana", "partner_of", "Tom")}, ("Ana", "partner_of", "Ana's boyfriend")),
    ("My boyfriend is called Tom.", {("Sam", "partner_of", "Tom")}, ("Sam", "partner_of", "Sam's boyfriend")),
    ("Tom and Ana got hitched in June.", {("Tom", "partner_of", "Ana")}, None),
    ("Ana and Tom are going steady.", {("Ana", "partner_of", "Tom")}, None),
])
def test_a_partner_named_by_what_they_are_called_or_whose_they_are(
        text: str, facts: set[tuple[str, str, str]], not_read: tuple[str, str, str] | None) -> None:
    """The partner named, not a second unnamed one beside them."""
    got = stated(text)
    assert facts <= got and not_read not in got


def test_going_to_a_high_street_is_no_school() -> None:
    assert not any(label == "studies_at" for _, label, _ in stated("We go to High Street every Saturday."))


@pytest.mark.parametrize(("text", "fact"), [
    ("According to Priya, Tom's moved to York.", ("Priya", "lives_in", "York")),  # whom the news is from
    ("I'd move to Leeds if I could.", ("Sam", "lives_in", "Leeds")),
])
def test_no_move_of_the_teller_or_of_a_wish(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Dan and Priya's little girl has started at Oak Academy.", ("Priya", "works_at", "Oak Academy")),  # her child's
    ("Dan and Priya's little girl has started at Oak Academy.", ("Dan", "works_at", "Oak Academy")),
    ("Priya's new fella works at Northwind.", ("Priya", "owns", "works")),  # a person, no possession
])
def test_no_fact_of_whoever_owns_the_subject(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_an_s_after_a_name_before_a_verb_is_still_has() -> None:
    assert ("Priya", "works_at", "Northwind") in stated("Priya's just started at Northwind.")
