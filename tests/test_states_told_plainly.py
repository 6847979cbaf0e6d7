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

Told = tuple[str, tuple[str, str, str]]  # a message, and a fact it tells

HOMES: list[Told] = [  # homes, past a direction or a landmark, with family, "me and …"
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
    ("I'm a Leith resident now.", ("Sam", "lives_in", "Leith")),  # "Leith" could be a first name
    ("I live at home with my mum and gran in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("I'm staying at my gran's in Leeds till I find a place.", ("Sam", "lives_in", "Leeds")),
    ("My parents are retired now. They live in Devon.", ("Sam's parents", "lives_in", "Devon")),
    ("I'm off to Bath this weekend, where Kim lives.", ("Kim", "lives_in", "Bath")),
    ("I'm still at my mum's in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Back at Mum's in Leeds for now.", ("Sam", "lives_in", "Leeds")),
    ("We live with my gran, in her house in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Home is Mum's place in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Gran lives with us in Leeds.", ("Sam", "lives_in", "Leeds")),  # and Gran: the speaker's household
    ("Gran lives with us in Leeds.", ("Sam's gran", "lives_in", "Leeds")),
    ("Our new neighbours in Leeds are lovely.", ("Sam", "lives_in", "Leeds")),
    ("Loving my new neighbourhood, Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Our first night in the new Leeds flat.", ("Sam", "lives_in", "Leeds")),
]

JOBS: list[Told] = [  # jobs by a post, shifts, a trade, first days
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
]

PASTIMES: list[Told] = [  # pastimes by the time they take
    ("These days I spend every weekend birdwatching.", ("Sam", "habit", "birdwatching")),
    ("Mel spends all her free time birdwatching.", ("Mel", "habit", "birdwatching")),
    ("Crochet has taken over my life.", ("Sam", "habit", "crochet")),
    ("Mel's new thing is paddleboarding.", ("Mel", "habit", "paddleboarding")),
]

GIVEN_IN_QUESTIONS: list[Told] = [  # what a user's question takes as given
    ("Now that I've moved to Leith, where's good for brunch?", ("Sam", "lives_in", "Leith")),
    ("Since I moved to Leith, do you know any good cafés?", ("Sam", "lives_in", "Leith")),
    ("Can you recommend a gym near my new flat in Leith?", ("Sam", "lives_in", "Leith")),
    ("Any tips for my first week at Northwind?", ("Sam", "works_at", "Northwind")),
    ("Do you think I should tell my boss at Aviva?", ("Sam", "works_at", "Aviva")),
    ("What should I get my boyfriend Dan for his birthday?", ("Sam", "partner_of", "Dan")),
]

AFTER_ASIDES: list[Told] = [  # after an opening aside: its "if" or negation is its own
    ("Not sure if I told you, but I moved to Leith.", ("Sam", "lives_in", "Leith")),
    ("I forget if I said, but we moved to York.", ("Sam", "lives_in", "York")),
    ("No idea if this matters but my sister lives in Hull.", ("Sam's sister", "lives_in", "Hull")),
    ("If you remember, I live in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("I can't believe it, Jo and Tom got engaged!", ("Jo", "partner_of", "Tom")),
    ("I don't think I told you, but I'm with Dan now.", ("Sam", "partner_of", "Dan")),
    ("Not gonna lie, I love living in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("Jo's enjoying living in Hove.", ("Jo", "lives_in", "Hove")),
]

ASKED_FOR_EFFECT: list[Told] = [  # news asked only for effect
    ("Did I tell you Jo moved to Bristol?", ("Jo", "lives_in", "Bristol")),
    ("Have I mentioned that Dan and I broke up?", ("Sam", "broke_up_with", "Dan")),
    ("Oh, did I tell you I started at Northwind?", ("Sam", "works_at", "Northwind")),
]

NAMES_AND_PARTNERS: list[Told] = [  # partners, and first names that are also words
    ("Mark lives in Leeds.", ("Mark", "lives_in", "Leeds")),  # a first name that is a word, opening on its verb
    ("Grace works at Tesco.", ("Grace", "works_at", "Tesco")),
    ("Bob lives in Leeds.", ("Bob", "lives_in", "Leeds")),
    ("Mark and Jo are a thing now.", ("Mark", "partner_of", "Jo")),
    ("Mark, Jo's new boyfriend, is a plumber.", ("Jo", "partner_of", "Mark")),
    ("Mark, Jo's new boyfriend, is a plumber.", ("Mark", "works_as", "plumber")),
    ("Jo's new bloke is called Mark.", ("Jo", "partner_of", "Mark")),
    ("Jo is loved up with Mark.", ("Jo", "partner_of", "Mark")),
    ("So there's this guy, Mark, and we've been on four dates.", ("Sam", "partner_of", "Mark")),
]

OWN_NEWS: list[Told] = [  # one's own news in few words
    ("Dan popped the question and I said yes!", ("Sam", "partner_of", "Dan")),
    ("Priya and I made it Facebook official.", ("Sam", "partner_of", "Priya")),
    ("Tied the knot with Dan last weekend!", ("Sam", "partner_of", "Dan")),
    ("Dan and I eloped.", ("Sam", "partner_of", "Dan")),
    ("Got the job! Starting at Northwind in May.", ("Sam", "works_at", "Northwind")),
    ("Now working at Northwind.", ("Sam", "works_at", "Northwind")),
    ("Currently working at Northwind.", ("Sam", "works_at", "Northwind")),
]

COUPLES_ENDED: list[Told] = [  # couples ended in more words
    ("Dan and I are not together any more.", ("Sam", "broke_up_with", "Dan")),
    ("I finished things with Dan.", ("Sam", "broke_up_with", "Dan")),
]


@pytest.mark.parametrize(("text", "fact"), HOMES + JOBS + PASTIMES + COUPLES_ENDED + GIVEN_IN_QUESTIONS + AFTER_ASIDES
                         + ASKED_FOR_EFFECT + NAMES_AND_PARTNERS + OWN_NEWS)
def test_a_state_told_plainly(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


LIVES, WORKS = frozenset({"lives_in"}), frozenset({"works_at"})
HOME_OR_JOB = frozenset({"lives_in", "moving_to", "works_at", "left", "quit"})
HOME_OR_PARTNER = frozenset({"lives_in", "moving_to", "partner_of"})


@pytest.mark.parametrize(("text", "labels"), [
    ("She lives at Mum's.", LIVES),  # a relative's home, not a place called Mum
    ("Her place at Leeds to read medicine is confirmed.", LIVES),  # a university place
    ("I do mornings at the gym.", WORKS),  # exercise, not a job
    ("I'm a regular in the Crown pub.", WORKS),
    ("Me and my mates went to Hove.", LIVES),  # a trip
    ("My parents are retired now. They live in Devon.", WORKS),  # retired is no move to a new job
    ("I'm now with Dan.", WORKS),  # a partner
    ("Work has taken over my life.", {"habit"}),
    ("I spend every day working.", {"habit"}),
    # what a question asks is not told
    *((text, HOME_OR_JOB) for text in (
        "Should I move to Leeds?", "Is Jo still living in Cardiff?", "Do you think I should quit Tesco?",
        "If I move to Leeds, will I be happier?", "Should I take the job at Aviva?", "Did Jo move to Leeds?")),
    # … nor a question of what was said
    *((text, {"lives_in", "moving_to"}) for text in (
        "Did I say Jo lives in Leeds or York?", "Did I mention if Jo moved?", "Did I tell you to move to Leeds?")),
    # the aside is the clause: a negated clause, a wish, a home left
    *((text, HOME_OR_PARTNER) for text in (
        "I don't think Jo and Tom got engaged, but they're close.", "Not sure if I'll move to Leeds.",
        "I'd love living in Paris.", "I miss living in Leeds.", "I would hate living in London.")),
    # meeting someone, or a proposal told of a friend, names no partner
    *((text, {"partner_of"}) for text in (
        "I'm seeing a friend, Dan, tonight.", "I met someone at the gym, Dan, who lifts.", "Some bloke in the pub told me.",
        "Dan popped the question!")),
])
def test_what_no_reading_may_take(text: str, labels: set[str] | frozenset[str]) -> None:
    assert not {label for _, label, _ in stated(text)} & labels


@pytest.mark.parametrize("text", ["Hope works wonders.", "Will works for me."])
def test_a_word_opening_a_sentence_stays_a_word(text: str) -> None:
    assert not stated(text)


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


def test_an_assistants_question_repeating_an_old_home_tells_nothing(memory: MemoryDB) -> None:
    """"How's the flat in Leeds?" asked after the user moved to York keeps York the home."""
    check_changes(memory, "plainly-asked-old", [
        (BEFORE, "u", "I live in a flat in Leeds."), (SAID, "u", "I've moved to York!"),
        ("2024-05-08T18:05:00", "assistant", "Congratulations! Do you miss your flat in Leeds? How is Sam's flat in Leeds?")],
        [(SAM, "lives_in", "Leeds", "2024-05-08", "2024-05-08")], [(SAM, "lives_in", "York")], [])


@pytest.mark.parametrize(("text", "visitor", "host"), [
    ("I'm staying at my gran's in Leeds for Christmas.", "Sam", "Sam's gran"),  # a visit
    ("I'm still at my mum's in Leeds for Christmas.", "Sam", "Sam's mum"),
    ("Jo's at her mum's in Leeds.", "Jo", "Jo's mum"),  # where she is
])
def test_a_visit_tells_the_hosts_home(text: str, visitor: str, host: str) -> None:
    """Who is at someone's in a town is there a while; whose home it is lives there."""
    facts = stated(text)
    assert (visitor, "lives_in", "Leeds") not in facts and (host, "lives_in", "Leeds") in facts
