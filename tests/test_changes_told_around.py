"""Changes told by words that only say so around what memory or the turn already knows, written
for these tests: a new employer no reader knows as a firm, named of someone memory knows has a
job ("Jo's with Argos these days"); a firm left for another; a firm hiring someone; a partner
told by "we", by a proposal, in an aside or by a pronoun; homes and jobs of other people in
more of the words people use. End to end through MemoryDB and the rule extractor alone."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import (  # noqa: F401 - memory: the module's store, a fixture
    BEFORE, SAID, SAM, check_changes, memory,
)

JO = (BEFORE, "u", "My sister Jo works at Tesco.")
OLD_JOB = ("Jo", "works_at", "Tesco", "2024-03-04", "2024-05-08")
NEW_JOB = ("Jo", "works_at", "Argos")
TOM = (BEFORE, "u", "My boyfriend Tom is a chef.")
OLD_PARTNER = (SAM, "partner_of", "Tom", "2024-03-04", "2024-05-08")
NEW_PARTNER = (SAM, "partner_of", "Dan")

JOBS = [  # the new firm is unknown to the reader: memory's job for Jo, or the turn's words, tell it is one
    ("with a firm these days", [JO, (SAID, "u", "Jo's with Argos these days.")], [OLD_JOB], [NEW_JOB], []),
    ("at a firm now", [JO, (SAID, "u", "Jo is at Argos now.")], [OLD_JOB], [NEW_JOB], []),
    ("switched to a firm", [JO, (SAID, "u", "Jo has switched to Argos.")], [OLD_JOB], [NEW_JOB], []),
    ("gone over to a firm", [JO, (SAID, "u", "Jo went over to Argos.")], [OLD_JOB], [NEW_JOB],
     [("Jo", "visited", "Argos")]),
    ("left for another", [JO, (SAID, "u", "Jo left Tesco for Argos.")], [OLD_JOB], [NEW_JOB], []),
    ("traded for another", [JO, (SAID, "u", "Jo traded Tesco for Argos.")], [OLD_JOB], [NEW_JOB],
     [("Jo", "lives_in", "Argos"), ("Jo", "moved_out_of", "Tesco")]),
    ("left, and at another", [JO, (SAID, "u", "Jo's left Tesco and is now at Argos.")], [OLD_JOB], [NEW_JOB], []),
    ("a new job, then where", [JO, (SAID, "u", "Jo has a new job. She's at Argos.")], [OLD_JOB], [NEW_JOB], []),
    ("hired by name", [JO, (SAID, "u", "Argos hired Jo.")], [OLD_JOB], [NEW_JOB], []),
    ("snapped up", [JO, (SAID, "u", "Tesco let Jo go, but Argos snapped her up.")], [OLD_JOB], [NEW_JOB], []),
    ("the new employer", [JO, (SAID, "u", "Jo's new employer is Argos.")], [OLD_JOB], [NEW_JOB], []),
    ("found work", [JO, (SAID, "u", "Jo was made redundant from Tesco and found work at Argos.")],
     [OLD_JOB], [NEW_JOB], []),
    ("a first week", [JO, (SAID, "u", "Jo's first week at Argos went well.")], [OLD_JOB], [NEW_JOB], []),
    ("the firm's job", [JO, (SAID, "u", "Jo's Argos job is going great.")], [OLD_JOB], [NEW_JOB], []),
    ("on the payroll", [JO, (SAID, "u", "Jo is on the Argos payroll now.")], [OLD_JOB], [NEW_JOB], []),
    ("the job these days", [JO, (SAID, "u", "Jo's job these days is at Argos.")], [OLD_JOB], [NEW_JOB], []),
    ("by the first name of a full name", [(BEFORE, "u", "My colleague Daniel Okafor works at Contoso."),
                                          (SAID, "u", "Daniel is at Northwind these days.")],
     [("Daniel Okafor", "works_at", "Contoso", "2024-03-04", "2024-05-08")], [("Daniel Okafor", "works_at", "Northwind")], []),
    # where someone is now, of one memory knows no job of, is no job; nor is a shop one is at
    ("no job known", [(BEFORE, "u", "My sister Jo lives in Leeds."), (SAID, "u", "Jo is at Argos now.")],
     [], [], [NEW_JOB]),
    ("still the same job", [JO, (SAID, "u", "Jo's at Tesco now, till six.")], [], [("Jo", "works_at", "Tesco")], []),
]

PARTNERS = [
    ("someone new, named after", [TOM, (SAID, "u", "I'm seeing someone new, his name is Dan.")],
     [OLD_PARTNER], [NEW_PARTNER], []),
    ("a new man in my life", [TOM, (SAID, "u", "I've got a new man in my life, Dan.")],
     [OLD_PARTNER], [NEW_PARTNER], []),
    ("we're a thing", [TOM, (SAID, "u", "So there's this guy, Dan, and we're kind of a thing now.")],
     [OLD_PARTNER], [NEW_PARTNER], []),
    ("we're dating, named before", [TOM, (SAID, "u", "I met Dan at a party. We're dating now.")],
     [OLD_PARTNER], [NEW_PARTNER], []),
    ("the guy I'm seeing", [TOM, (SAID, "u", "Dan, the guy I'm seeing, is a chef.")],
     [OLD_PARTNER], [NEW_PARTNER], []),
    ("proposed", [TOM, (SAID, "u", "Dan proposed and I said yes!")], [OLD_PARTNER], [NEW_PARTNER], []),
    ("he's my boyfriend now", [TOM, (SAID, "u", "Things with Dan are getting serious, he's my boyfriend now.")],
     [OLD_PARTNER], [NEW_PARTNER], [(SAM, "partner_of", "Sam's boyfriend")]),
    ("been my boyfriend", [TOM, (SAID, "u", "Dan's been my boyfriend since April.")],
     [OLD_PARTNER], [NEW_PARTNER], [(SAM, "partner_of", "Sam's boyfriend")]),
    ("my other half", [TOM, (SAID, "u", "Dan is my other half these days.")], [OLD_PARTNER], [NEW_PARTNER], []),
    # together with family is no couple; a toast proposed is no proposal
    ("together with mum", [TOM, (SAID, "u", "Mum and I are together for Christmas.")], [],
     [(SAM, "partner_of", "Tom")], [(SAM, "partner_of", "Sam's mum")]),
    ("a toast", [TOM, (SAID, "u", "Dan proposed a toast at the wedding.")], [], [(SAM, "partner_of", "Tom")],
     [NEW_PARTNER]),
]


LEEDS = (BEFORE, "u", "I live in Leeds.")
OLD_HOME = (SAM, "lives_in", "Leeds", "2024-03-04", "2024-05-08")
HOMES = [  # where one is, told with a move that names no place, or with the home left
    ("moved, then where", [LEEDS, (SAID, "assistant", "How's Leeds treating you?"), (SAID, "u", "I moved! I'm in Bristol now.")],
     [OLD_HOME], [(SAM, "lives_in", "Bristol")], []),
    ("moved, we're in", [LEEDS, (SAID, "u", "We've finally moved, we're in Hove.")], [OLD_HOME], [(SAM, "lives_in", "Hove")], []),
    ("not there any more", [(BEFORE, "u", "My sister Jo lives in Leeds."),
                            (SAID, "u", "Jo's not in Leeds any more, she's in Bristol.")],
     [("Jo", "lives_in", "Leeds", "2024-03-04", "2024-05-08")], [("Jo", "lives_in", "Bristol")], []),
    ("moved house", [LEEDS, (SAID, "u", "We moved house last week.")], [(SAM, "lives_in", "Leeds", "2024-04-29", "2024-05-08")],
     [], []),
    ("a nickname's move", [(BEFORE, "u", "My friend Robert, Robbo to everyone, lives in Leeds."),
                           (SAID, "u", "Robbo moved to Bristol last month.")],
     [("Robert", "lives_in", "Leeds", "2024-04-01", "2024-04-01")], [("Robert", "lives_in", "Bristol")], []),
    # a move's stop on a trip is no home
    ("moved, away this week", [LEEDS, (SAID, "u", "She moved, she's in York this week.")], [], [(SAM, "lives_in", "Leeds")],
     [(SAM, "lives_in", "York")]),
]
ASKED = [  # a reply naming a place or a firm, to the assistant asking where someone lives or works
    ("asked where she lives", [(BEFORE, "u", "My friend Priya visited."),
                               (BEFORE, "assistant", "Lovely! Where does she live these days?"), (BEFORE, "u", "She's in Leeds.")],
     [], [("Priya", "lives_in", "Leeds")], []),
    ("asked where she lives, a bare town", [(BEFORE, "u", "My friend Priya visited."),
                                            (BEFORE, "assistant", "Lovely! Where does she live?"), (BEFORE, "u", "Leeds.")],
     [], [("Priya", "lives_in", "Leeds")], []),
    ("asked where you are based", [(BEFORE, "u", "Hi there!"), (BEFORE, "assistant", "Where are you based?"),
                                   (BEFORE, "u", "Leeds, near the centre.")], [], [(SAM, "lives_in", "Leeds")], []),
    ("asked where she works", [(BEFORE, "u", "My friend Priya visited."),
                               (BEFORE, "assistant", "Lovely! Where does she work these days?"),
                               (BEFORE, "u", "Northwind, in accounts.")], [], [("Priya", "works_at", "Northwind")], []),
    # where one stays, or is from, is no home
    ("asked where you stay", [(BEFORE, "u", "Hi there!"), (BEFORE, "assistant", "Where are you staying?"),
                              (BEFORE, "u", "Paris, just for the weekend.")], [], [], [(SAM, "lives_in", "Paris")]),
    ("asked where you are from", [(BEFORE, "u", "Hi there!"), (BEFORE, "assistant", "Where are you from originally?"),
                                  (BEFORE, "u", "Leeds, but I moved away.")], [], [], [(SAM, "lives_in", "Leeds")]),
]
MORE_PARTNERS = [
    (name, [TOM, (SAID, "u", text)], [OLD_PARTNER], [NEW_PARTNER], [])
    for name, text in [
        ("and me, together", "Dan and me are together now."),
        ("exclusive", "Dan and I are exclusive."),
        ("going strong", "Dan and I are going strong."),
        ("the man in my life", "Dan is the new man in my life."),
        ("a relationship, with", "I'm in a relationship now, with Dan."),
        ("an aside, then whose", "Dan, the guy from the gym, is my boyfriend now."),
    ]
]
BETWEEN_JOBS = [  # a job ended in one turn, the next told in another by where one is now
    ("quit, then at a firm", [(BEFORE, "u", "My friend Ana works at Tesco and my brother Tom lives in Leeds."),
                              (SAID, "u", "Ana quit her job."), (SAID, "assistant", "Sorry to hear that! How is Tom doing?"),
                              (SAID, "u", "Tom's fine. Ana's at Argos now.")],
     [("Ana", "works_at", "Tesco", "2024-05-08", "2024-05-08")], [("Ana", "works_at", "Argos")], []),
]


@pytest.mark.parametrize(("turns", "ends", "holds", "never"), [pytest.param(*c[1:], id=c[0]) for c in
                                                              JOBS + PARTNERS + HOMES + BETWEEN_JOBS + ASKED
                                                              + MORE_PARTNERS])
def test_a_change_told_around_what_memory_knows(memory: MemoryDB, request: pytest.FixtureRequest,
                                                 turns, ends, holds, never) -> None:
    check_changes(memory, "around-" + request.node.callspec.id, turns, ends, holds, never)


@pytest.mark.parametrize(("text", "fact"), [
    ("Jo lives at her mum's in Hull.", ("Jo", "lives_in", "Hull")),
    ("Jo lives in the centre of Cardiff.", ("Jo", "lives_in", "Cardiff")),
    ("Jo is a Cardiff resident now.", ("Jo", "lives_in", "Cardiff")),
    ("Tom's a Leeds local.", ("Tom", "lives_in", "Leeds")),
    ("Jo's been down in Cardiff for a few years now.", ("Jo", "lives_in", "Cardiff")),
    ("Jo has been in Cardiff since she left uni.", ("Jo", "lives_in", "Cardiff")),
    ("Jo ended up in Cardiff.", ("Jo", "lives_in", "Cardiff")),
    ("Jo has made a life for herself in Cardiff.", ("Jo", "lives_in", "Cardiff")),
    ("Jo went to live in Cardiff.", ("Jo", "lives_in", "Cardiff")),
    ("Jo works nights at Tesco.", ("Jo", "works_at", "Tesco")),
    ("Jo does shifts at Tesco.", ("Jo", "works_at", "Tesco")),
    ("Jo works in the Tesco warehouse.", ("Jo", "works_at", "Tesco")),
    ("Jo is a Tesco employee.", ("Jo", "works_at", "Tesco")),
    ("Jo does the marketing for Brindle.", ("Jo", "works_at", "Brindle")),
    ("Jo went to work for Tesco.", ("Jo", "works_at", "Tesco")),
    ("Jo's been at Tesco since she left school.", ("Jo", "works_at", "Tesco")),
    ("Jo was poached by Argos.", ("Jo", "works_at", "Argos")),
    ("We're leaving London for Brighton in June.", ("Sam", "moving_to", "Brighton")),
    ("We're no longer in Leeds.", ("Sam", "moved_out_of", "Leeds")),
    ("We finally got out of Leeds.", ("Sam", "moved_out_of", "Leeds")),
    ("Jo packed up and headed to Bristol.", ("Jo", "lives_in", "Bristol")),
    ("Jo ended up moving to Bristol.", ("Jo", "lives_in", "Bristol")),
    ("Jo decamped to Bristol.", ("Jo", "lives_in", "Bristol")),
    ("Jo's new home is Bristol.", ("Jo", "lives_in", "Bristol")),
    ("My friend Robert, Robbo to everyone, lives in Leeds.", ("Robert", "lives_in", "Leeds")),
    ("My cousin Katherine, Kat for short, lives in Leeds.", ("Katherine", "lives_in", "Leeds")),
    ("Ana's new man is Tom.", ("Ana", "partner_of", "Tom")),
    ("Ana is now in Leeds.", ("Ana", "lives_in", "Leeds")),
    ("Leeds is home for Ana.", ("Ana", "lives_in", "Leeds")),
    ("Ana's home base is Leeds.", ("Ana", "lives_in", "Leeds")),
    ("Ana lives and works in Leeds.", ("Ana", "lives_in", "Leeds")),
    ("Ana's lived in Leeds for ages.", ("Ana", "lives_in", "Leeds")),  # 's lived: has lived
    ("Ana lives in a village near Leeds.", ("Ana", "lives_in", "Leeds")),
    ("Ana's workplace is Tesco.", ("Ana", "works_at", "Tesco")),
    ("Ana does admin at Tesco.", ("Ana", "works_at", "Tesco")),
    ("Ana is on the management team at Tesco.", ("Ana", "works_at", "Tesco")),
    # partners, pets, schools and jobs in chat words; an emoji closes a clause: the negation after it is another's
    ("sooo me and Ana are a thing now 🙈 dont tell anyone yet", ("Sam", "partner_of", "Ana")),
    ("Kieran has a girlfriend now?? her name's Bethany", ("Kieran", "partner_of", "Bethany")),  # his, not the teller's
    ("Ana has a horse now!!! his name is Max", ("Ana", "has_pet", "Max")),
    ("We have two rabbits, Flopsy and Mopsy.", ("Sam", "has_pet", "Mopsy")),
    ("Tess transferred from Oak Academy to Elm High.", ("Tess", "studies_at", "Elm High")),
    ("Tess transferred from Oak Academy to Elm High.", ("Tess", "studied_at", "Oak Academy")),
    ("Just finished my last ever exam at Riverside High.", ("Sam", "studied_at", "Riverside High")),
    ("My wife Siobhan's been taken on permanently at St Brigid's Hospital.", ("Siobhan", "works_at", "St Brigid's Hospital")),
])
def test_a_state_of_someone_in_more_words(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("We ended up in Paris for the night.", ("Sam", "lives_in", "Paris")),  # a night somewhere is no home
    ("I ended up in a pub in Leeds.", ("Sam", "lives_in", "Leeds")),
    ("He's a Leeds fan.", ("Sam", "lives_in", "Leeds")),
    ("I'd love to go to live in Paris.", ("Sam", "lives_in", "Paris")),  # a wish
    ("I work in the Leeds office.", ("Sam", "works_at", "Leeds")),  # a place's office is no employer
    ("Jo's been at Tesco since she left school.", ("Jo", "studied_at", "Tesco")),  # the school left is not the firm
    ("Tom hired a van.", ("Tom", "works_at", "van")),
    ("We did nights at the Hilton for our anniversary.", ("Sam", "works_at", "Hilton")),
    ("I'm not in Leeds this week.", ("Sam", "moved_out_of", "Leeds")),
    ("I got out of the car in Leeds.", ("Sam", "moved_out_of", "Leeds")),
    ("We packed up and went to Cornwall for the weekend.", ("Sam", "lives_in", "Cornwall")),
    ("Tom proposed!", ("Sam", "partner_of", "Tom")),  # to whom, the words do not say
    ("I transferred from Accounts to HR.", ("Sam", "studied_at", "Accounts")),
    ("We've got chicken in the oven.", ("Sam", "has_pet", "chicken")),
    ("Kieran has a girlfriend now?? her name's Bethany", ("Sam", "partner_of", "Bethany")),
    ("My new guy at work, Dan, is great.", ("Sam", "partner_of", "Dan")),
    ("Jo's new employer is Argos.", ("Jo", "owns", "employer")),  # a state told, not a thing owned
    ("Leeds is home for Ana.", ("Sam", "lives_in", "Leeds")),  # hers, not the speaker's
    ("Ana is currently in Leeds for a conference.", ("Ana", "lives_in", "Leeds")),
    ("Leo's new school is Oak Academy.", ("Leo", "owns", "school")),
    ("Ana's new address is in Bristol.", ("Ana", "owns", "address")),
])
def test_no_home_or_job_where_the_words_tell_none(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)
