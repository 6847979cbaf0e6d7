"""States told plainly in words no earlier bank used, written for these tests: homes past a
direction or a landmark ("lives way up in Dundee", "near the university in Dundee"), told by
"me and …", "X's been home", "rent in", "stays up in", "lives at", "a Leith resident", "our new
neighbours in Leeds"; jobs by a post or a department ("on the tills at Tesco", "in claims at
Aviva"), by shifts and trade verbs ("waitressing at Nandos"), by their first days ("day one
at"), a job noun in a firm's building; pastimes by the time they take; partners' ends ("not
together any more", "finished things with", leaving the partner memory knows); "Gran" as the
speaker's gran; what a user's question takes as given ("Now that I've moved to Leith, where's good
for brunch?"), where an assistant's tells nothing. And what none of them may read."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, SAM, check_changes, memory  # noqa: F401 - memory: a fixture


@pytest.mark.parametrize(("text", "fact"), [
    ("Mel lives way up in Dundee.", ("Mel", "lives_in", "Dundee")),
    ("Mel lives near the university in Dundee.", ("Mel", "lives_in", "Dundee")),
    ("Mel lives in a little cottage outside Dundee.", ("Mel", "lives_in", "Dundee")),
    ("Mel has a house up in Dundee.", ("Mel", "lives_in", "Dundee")),
    ("Me and the kids live in Hove.", ("Sam", "lives_in", "Hove")),
    ("The kids and me live in Hove.", ("Sam", "lives_in", "Hove")),
    ("Glasgow's been home for about six years now.", ("Sam", "lives_in", "Glasgow")),
    ("Glasgow's home now.", ("Sam", "lives_in", "Glasgow")),
    ("I've got a one-bed in Hackney, tiny but mine.", ("Sam", "lives_in", "Hackney")),
    ("We rent in Fitzroy.", ("Sam", "lives_in", "Fitzroy")),
    ("Mel stays up in Dundee.", ("Mel", "lives_in", "Dundee")),
    ("We live at Tampines.", ("Sam", "lives_in", "Tampines")),
    ("I'm a Leith resident now.", ("Sam", "lives_in", "Leith")),
    ("I live at home with my mum and gran in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("I'm staying at my gran's in Leeds till I find a place.", ("Sam", "lives_in", "Leeds")),
    ("My parents are retired now. They live in Devon.", ("Sam's parents", "lives_in", "Devon")),
    ("I'm off to Bath this weekend, where Kim lives.", ("Kim", "lives_in", "Bath")),
    ("I'm still at my mum's in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Back at Mum's in Leeds for now.", ("Sam", "lives_in", "Leeds")),
    ("We live with my gran, in her house in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Home is Mum's place in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Gran lives with us in Leeds.", ("Sam", "lives_in", "Leeds")),  # and Gran: the speaker's household
    ("Gran lives with us in Leeds.", ("Sam's gran", "lives_in", "Leeds")),  # "Leith" could be a first name
    ("Our new neighbours in Leeds are lovely.", ("Sam", "lives_in", "Leeds")),
    ("Loving my new neighbourhood, Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Our first night in the new Leeds flat.", ("Sam", "lives_in", "Leeds")),
])
def test_a_home_told_plainly(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("I'm on the tills at Tesco three days a week.", ("Sam", "works_at", "Tesco")),
    ("Mel is on the graduate scheme at Arup.", ("Mel", "works_at", "Arup")),
    ("I'm in claims at Aviva.", ("Sam", "works_at", "Aviva")),
    ("I do mornings at Greggs.", ("Sam", "works_at", "Greggs")),
    ("I pull shifts at Nandos on weekends.", ("Sam", "works_at", "Nandos")),
    ("I've been waitressing at Nandos to pay the rent.", ("Sam", "works_at", "Nandos")),
    ("I'm a picker in the Amazon warehouse.", ("Sam", "works_at", "Amazon")),
    ("Mel got the sack from Atkins.", ("Mel", "left", "Atkins")),
    ("Day one at Tesco done.", ("Sam", "works_at", "Tesco")),
    ("Week two at Tesco and I love it.", ("Sam", "works_at", "Tesco")),
    ("Onboarding at Northwind all week.", ("Sam", "works_at", "Northwind")),
    ("I'm now with Tesco.", ("Sam", "works_at", "Tesco")),
])
def test_a_job_told_by_its_post_shifts_or_trade(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("These days I spend every weekend birdwatching.", ("Sam", "habit", "birdwatching")),
    ("Mel spends all her free time birdwatching.", ("Mel", "habit", "birdwatching")),
    ("Crochet has taken over my life.", ("Sam", "habit", "crochet")),
    ("Mel's new thing is paddleboarding.", ("Mel", "habit", "paddleboarding")),
])
def test_a_pastime_told_by_the_time_it_takes(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize("text", [
    "Dan and I are not together any more.",
    "I finished things with Dan.",
])
def test_a_couple_ended_in_more_words(text: str) -> None:
    assert ("Sam", "broke_up_with", "Dan") in stated(text)


@pytest.mark.parametrize(("text", "label"), [
    ("She lives at Mum's.", "lives_in"),  # a relative's home, not a place called Mum
    ("Her place at Leeds to read medicine is confirmed.", "lives_in"),  # a university place
    ("I do mornings at the gym.", "works_at"),  # exercise, not a job
    ("I'm a regular in the Crown pub.", "works_at"),
    ("Me and my mates went to Hove.", "lives_in"),  # a trip
    ("I'm staying at my gran's in Leeds for Christmas.", "lives_in"),  # a visit
    ("I'm still at my mum's in Leeds for Christmas.", "lives_in"),
    ("Jo's at her mum's in Leeds.", "lives_in"),  # where she is
    ("My parents are retired now. They live in Devon.", "works_at"),  # retired is no move to a new job
    ("I'm now with Dan.", "works_at"),  # a partner
    ("Work has taken over my life.", "habit"),
    ("I spend every day working.", "habit"),
])
def test_what_no_state_reading_may_take(text: str, label: str) -> None:
    assert not any(found == label for _, found, _ in stated(text))


CHANGES = [  # (id, turns, ended, holding, never) — end to end through MemoryDB
    ("gran by her kin word", [(BEFORE, "u", "My gran lives in Whitby."),
                              (SAID, "u", "Gran's gone into a care home in Scarborough.")],
     [("Sam's gran", "lives_in", "Whitby", "2024-05-08", "2024-05-08")], [("Sam's gran", "lives_in", "Scarborough")], []),
    ("left the partner memory knows", [(BEFORE, "u", "My sister Jo is married to Pete."), (SAID, "u", "Jo's left Pete, finally.")],
     [("Jo", "partner_of", "Pete", "2024-05-08", "2024-05-08")], [], []),
    ("leaving the partner", [(BEFORE, "u", "My sister Jo is married to Pete."),
                             (SAID, "u", "Pete is leaving Jo for his secretary.")],
     [("Jo", "partner_of", "Pete", "2024-05-08", "2024-05-08")], [], []),
    ("left the partner somewhere", [(BEFORE, "u", "My sister Jo is married to Pete."),
                                    (SAID, "u", "Jo left Pete at the pub and came home.")],
     [], [("Jo", "partner_of", "Pete")], [("Jo", "broke_up_with", "Pete")]),
    ("left a friend", [(BEFORE, "u", "My sister Jo is married to Pete."), (SAID, "u", "Jo left Amy in the lurch.")],
     [], [("Jo", "partner_of", "Pete")], [("Jo", "broke_up_with", "Amy")]),
]


@pytest.mark.parametrize(("turns", "ends", "holds", "never"), [pytest.param(*c[1:], id=c[0]) for c in CHANGES])
def test_a_change_told_plainly(memory: MemoryDB, request: pytest.FixtureRequest, turns, ends, holds, never) -> None:
    check_changes(memory, "plainly-" + request.node.callspec.id, turns, ends, holds, never)


@pytest.mark.parametrize(("text", "fact"), [
    ("Now that I've moved to Leith, where's good for brunch?", ("Sam", "lives_in", "Leith")),
    ("Since I moved to Leith, do you know any good cafés?", ("Sam", "lives_in", "Leith")),
    ("Can you recommend a gym near my new flat in Leith?", ("Sam", "lives_in", "Leith")),
    ("Any tips for my first week at Northwind?", ("Sam", "works_at", "Northwind")),
    ("Do you think I should tell my boss at Aviva?", ("Sam", "works_at", "Aviva")),
    ("What should I get my boyfriend Dan for his birthday?", ("Sam", "partner_of", "Dan")),
])
def test_what_a_users_question_takes_as_given(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize("text", [
    "Should I move to Leeds?", "Is Jo still living in Cardiff?", "Do you think I should quit Tesco?",
    "If I move to Leeds, will I be happier?", "Should I take the job at Aviva?", "Did Jo move to Leeds?",
])
def test_what_a_question_asks_is_not_told(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"lives_in", "moving_to", "works_at", "left", "quit"}


def test_an_assistants_question_repeating_an_old_home_tells_nothing(memory: MemoryDB) -> None:
    """"How's the flat in Leeds?" asked after the user moved to York keeps York the home."""
    check_changes(memory, "plainly-asked-old", [
        (BEFORE, "u", "I live in a flat in Leeds."), (SAID, "u", "I've moved to York!"),
        ("2024-05-08T18:05:00", "assistant", "Congratulations! Do you miss your flat in Leeds? How is Sam's flat in Leeds?")],
        [(SAM, "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [(SAM, "lives_in", "York")], [])


@pytest.mark.parametrize(("text", "fact"), [
    ("Not sure if I told you, but I moved to Leith.", ("Sam", "lives_in", "Leith")),
    ("I forget if I said, but we moved to York.", ("Sam", "lives_in", "York")),
    ("No idea if this matters but my sister lives in Hull.", ("Sam's sister", "lives_in", "Hull")),
    ("If you remember, I live in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("I can't believe it, Jo and Tom got engaged!", ("Jo", "partner_of", "Tom")),
    ("I don't think I told you, but I'm with Dan now.", ("Sam", "partner_of", "Dan")),
    ("Not gonna lie, I love living in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Jo's enjoying living in Hove.", ("Jo", "lives_in", "Hove")),
])
def test_a_state_told_after_an_aside(text: str, fact: tuple[str, str, str]) -> None:
    """The aside's "if" or negation is its own: what follows it is told."""
    assert fact in stated(text)


@pytest.mark.parametrize("text", [
    "I don't think Jo and Tom got engaged, but they're close.",  # a negated clause, not an aside
    "Not sure if I'll move to Leeds.",
    "I'd love living in Paris.", "I miss living in Leeds.", "I would hate living in London.",
])
def test_no_state_where_the_aside_is_the_clause(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"lives_in", "moving_to", "partner_of"}


@pytest.mark.parametrize(("text", "fact"), [
    ("Did I tell you Jo moved to Bristol?", ("Jo", "lives_in", "Bristol")),
    ("Have I mentioned that Dan and I broke up?", ("Sam", "broke_up_with", "Dan")),
    ("Oh, did I tell you I started at Northwind?", ("Sam", "works_at", "Northwind")),
])
def test_news_asked_only_for_effect(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize("text", ["Did I say Jo lives in Leeds or York?", "Did I mention if Jo moved?",
                                  "Did I tell you to move to Leeds?"])
def test_a_question_of_what_was_said_tells_nothing(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"lives_in", "moving_to"}


@pytest.mark.parametrize(("text", "fact"), [
    ("Mark lives in Leeds.", ("Mark", "lives_in", "Leeds")),  # a first name that is a word, opening on its verb
    ("Grace works at Tesco.", ("Grace", "works_at", "Tesco")),
    ("Bob lives in Leeds.", ("Bob", "lives_in", "Leeds")),
    ("Mark and Jo are a thing now.", ("Mark", "partner_of", "Jo")),
    ("Mark, Jo's new boyfriend, is a plumber.", ("Jo", "partner_of", "Mark")),
    ("Mark, Jo's new boyfriend, is a plumber.", ("Mark", "works_as", "plumber")),
    ("Jo's new bloke is called Mark.", ("Jo", "partner_of", "Mark")),
    ("Jo is loved up with Mark.", ("Jo", "partner_of", "Mark")),
    ("So there's this guy, Mark, and we've been on four dates.", ("Sam", "partner_of", "Mark")),
])
def test_a_partner_or_a_name_in_more_words(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize("text", ["I'm seeing a friend, Dan, tonight.", "I met someone at the gym, Dan, who lifts.",
                                  "Some bloke in the pub told me."])
def test_no_partner_in_meeting_someone(text: str) -> None:
    assert not {label for _, label, _ in stated(text)} & {"partner_of"}


@pytest.mark.parametrize("text", ["Hope works wonders.", "Will works for me."])
def test_a_word_opening_a_sentence_stays_a_word(text: str) -> None:
    assert not stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Dan popped the question and I said yes!", ("Sam", "partner_of", "Dan")),
    ("Priya and I made it Facebook official.", ("Sam", "partner_of", "Priya")),
    ("Tied the knot with Dan last weekend!", ("Sam", "partner_of", "Dan")),
    ("Dan and I eloped.", ("Sam", "partner_of", "Dan")),
    ("Got the job! Starting at Northwind in May.", ("Sam", "works_at", "Northwind")),
    ("Now working at Northwind.", ("Sam", "works_at", "Northwind")),
    ("Currently working at Northwind.", ("Sam", "works_at", "Northwind")),
])
def test_news_of_ones_own_in_few_words(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


def test_a_proposal_told_of_a_friend_names_no_partner() -> None:
    assert not {label for _, label, _ in stated("Dan popped the question!")} & {"partner_of"}
