"""Partners and pastimes told in words no earlier bank used, written for these tests: a partner named after
"someone" ("I've met someone: Mia", "seeing someone new, a guy called Tom"), after "a new man now", asked
for ("Tom asked me to be his girlfriend"), named in apposition ("Tom (my boyfriend) cooked"), after an
exclamation ("I've got a boyfriend! His name is Tom."); a kin word said with a name after "these days";
a nickname word after a comma ("Alexander, Sandy to the family, …"); a firm ("Bea's new firm is Clifford
Chance"); homes shared ("moved in with Nadia in Rathmines", "Nadia's my flatmate in Rathmines") or named by
"in" where no person can be ("grew up in Bray and still live there"), one of a city's people now ("I'm a Londoner
now"), swapped ("Goodbye Leeds, hello York!"); pastimes by their verb ("I swim now"), their bug, what weekends are all about, what became a
hobby, what one swapped the gym for. And what none of them may read: a nationality or a faith as a
partner's name, a partner in someone's kin ("Tom, my sister's husband"), a meeting ("met someone, Mia,
at the gym"), a role asked for that names no one."""

import pytest

from tests.test_extract_changes_told import stated

Told = tuple[str, tuple[str, str, str]]

PARTNERS: list[Told] = [
    ("I've met someone, Mia.", ("Sam", "partner_of", "Mia")),
    ("I met someone: Mia.", ("Sam", "partner_of", "Mia")),
    ("Kev's met someone: Mia.", ("Kev", "partner_of", "Mia")),
    ("I've been seeing someone: Mia.", ("Sam", "partner_of", "Mia")),
    ("Jo's seeing someone new, a guy called Tom.", ("Jo", "partner_of", "Tom")),
    ("Jo has a new man now, Tom.", ("Jo", "partner_of", "Tom")),
    ("Kev's courting a lass called Mia.", ("Kev", "partner_of", "Mia")),
    ("Kev's other half these days is Mia.", ("Kev", "partner_of", "Mia")),
    ("Tom asked me to be his girlfriend and I said yes.", ("Sam", "partner_of", "Tom")),
    ("Mark asked Jo to marry him.", ("Jo", "partner_of", "Mark")),
    ("Tom (my boyfriend) cooked dinner.", ("Sam", "partner_of", "Tom")),
    ("I've got a boyfriend! His name is Tom.", ("Sam", "partner_of", "Tom")),
    ("I have a girlfriend!! Her name's Mia.", ("Sam", "partner_of", "Mia")),
    ("I'm seeing someone new, she's called Mia.", ("Sam", "partner_of", "Mia")),
]

OTHERS: list[Told] = [
    ("My cousin Alexander, Sandy to the family, is a surveyor at Arup.", ("Alexander", "works_at", "Arup")),
    ("Bea's new firm is Clifford Chance.", ("Bea", "works_at", "Clifford Chance")),
    ("Gave up running, I swim now.", ("Sam", "habit", "swimming")),
    ("Kim runs these days.", ("Kim", "habit", "running")),
    ("I've got the running bug.", ("Sam", "habit", "running")),
    ("These days my weekends are all about cycling.", ("Sam", "habit", "cycling")),
    ("Knitting has become my new hobby.", ("Sam", "habit", "knitting")),
    ("Swapped the gym for yoga.", ("Sam", "habit", "yoga")),
]

HOMES_SHARED: list[Told] = [  # a home shared, or named by "in" where no person can be
    ("I moved in with Nadia in Rathmines.", ("Sam", "lives_in", "Rathmines")),
    ("Kim is moving in with Tom in Leeds next month.", ("Kim", "lives_in", "Leeds")),
    ("Nadia's my flatmate in Rathmines.", ("Sam", "lives_in", "Rathmines")),
    ("Nadia's my flatmate in Rathmines.", ("Nadia", "lives_in", "Rathmines")),
    ("Nadia is my housemate.", ("Sam", "roommate_of", "Nadia")),
    ("I grew up in Bray and I still live there.", ("Sam", "lives_in", "Bray")),  # "Bray" is a first name too
    ("Mel lives in Keith now.", ("Mel", "lives_in", "Keith")),
    ("I'm a Londoner now lol", ("Sam", "lives_in", "London")),  # one of a city's people, now
    ("Kim's officially a Glaswegian.", ("Kim", "lives_in", "Glasgow")),
    ("We're proper Mancunians now!", ("Sam", "lives_in", "Manchester")),
    ("Bye bye Leeds, hello York!", ("Sam", "lives_in", "York")),
    ("Goodbye Leeds and hello York.", ("Sam", "moved_out_of", "Leeds")),
    ("Goodbye Tesco, hello Google!", ("Sam", "works_at", "Google")),
    ("Goodbye Tesco, hello Google!", ("Sam", "left", "Tesco")),
    ("I'm still at home in Bray.", ("Sam", "lives_in", "Bray")),  # the family home, still
    ("Living at home in Leeds to save money.", ("Sam", "lives_in", "Leeds")),
    ("I'm living in Mam's in Bray.", ("Sam", "lives_in", "Bray")),
    ("I've got digs in Galway.", ("Sam", "lives_in", "Galway")),
    ("I'm in a flatshare in Rathmines.", ("Sam", "lives_in", "Rathmines")),
]


@pytest.mark.parametrize(("text", "fact"), PARTNERS + OTHERS + HOMES_SHARED)
def test_told(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("My wife is Irish.", ("Sam", "partner_of", "Irish")),  # what she is, no name
    ("Kev's girlfriend is Scottish.", ("Kev", "partner_of", "Scottish")),
    ("My mum is Catholic.", ("Sam", "child_of", "Catholic")),
    ("Tom, my sister's husband, is a chef.", ("Sam", "sibling_of", "Tom")),  # his wife is the sister
    ("I saw Tom, my boyfriend's brother.", ("Sam", "partner_of", "Tom")),
    ("I met someone, Mia, at the gym today and she recommended a protein powder.", ("Sam", "partner_of", "Mia")),
    ("Tom asked me to be his girlfriend and I said yes.", ("Tom", "partner_of", "Tom's girlfriend")),
    ("Kev's girlfriend is Amy.", ("Kev", "partner_of", "Kev's girlfriend")),  # named: no unnamed one beside
    ("Tom, my new boyfriend, is a chef.", ("Sam", "partner_of", "Sam's boyfriend")),
    ("Nadia's my flatmate in March.", ("Sam", "lives_in", "March")),
    ("I'm a Geordie.", ("Sam", "lives_in", "Newcastle")),  # where one is from, maybe: no "now"
    ("I'm living in Mam's in Bray.", ("Sam", "lives_in", "Sam's mum")),  # her home is no place
    ("I'm back home in Bray for Christmas.", ("Sam", "lives_in", "Bray")),  # a visit
    ("I got a flat in Leeds for the weekend.", ("Sam", "lives_in", "Leeds")),
])
def test_not_told(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_an_unnamed_kin_stays_where_no_name_is_given() -> None:
    assert ("Sam", "partner_of", "Sam's wife") in stated("My wife is Irish.")
