"""States told in passing, not announced — written for these tests by a helper who did not read memdb:
a home by its parts and neighbours ("our back garden in Croydon", "the end of my road in Belfast", "my
flatmates in Leicester"), by "X's where I live now" or "a year now"; a job by a shift worked ("a nightmare
shift at Costa", "on nights at the Royal Infirmary"), by the firm that sets one's work ("Walmart put me on
the self-checkouts") or one's review or editor there; a spouse said with "the" ("the hubby, Dave"), a
proposal accepted ("Jake proposed and I said yes"). And what such words never tell."""

import pytest

from tests.test_extract_changes_told import stated

Told = tuple[str, tuple[str, str, str]]  # a message, and a fact it tells

IN_PASSING: list[Told] = [
    ("Found a fox in our back garden in Croydon this morning, bold as brass.", ("Sam", "lives_in", "Croydon")),
    ("Can't sleep, the bars at the end of my road in Belfast are still blasting music.", ("Sam", "lives_in", "Belfast")),
    ("Our little cottage in Keswick has no phone signal whatsoever.", ("Sam", "lives_in", "Keswick")),
    ("My flatmates in Leicester have eaten all my cheese again.", ("Sam", "lives_in", "Leicester")),
    ("The view of the harbour from our balcony in Hobart never gets old.", ("Sam", "lives_in", "Hobart")),
    ("Had a nightmare shift at Costa, the coffee machine died in the morning rush.", ("Sam", "works_at", "Costa")),
    ("I'm on nights at the Royal Infirmary this week so don't expect replies.", ("Sam", "works_at", "Royal Infirmary")),
    ("Woolworths has me on the night fill stacking shelves all week, mate.", ("Sam", "works_at", "Woolworths")),
    ("Walmart put me on the self-checkouts again, worst spot in the store.", ("Sam", "works_at", "Walmart")),
    ("Got my performance review at Accenture tomorrow, fingers crossed.", ("Sam", "works_at", "Accenture")),
    ("Our editor at the Irish Times spiked my piece again.", ("Sam", "works_at", "Irish Times")),
    ("The hubby, Dave, has fallen asleep in front of the footy again.", ("Sam", "partner_of", "Dave")),
    ("Me and the missus, Sinéad, are off to her mam's for Sunday dinner.", ("Sam", "partner_of", "Sinéad")),
    ("Jake proposed last night and I said YES!! Still shaking.", ("Sam", "partner_of", "Jake")),
    ("Tom proposed to me!", ("Sam", "partner_of", "Tom")),
]


@pytest.mark.parametrize(("text", "fact"), IN_PASSING)
def test_a_state_said_in_passing(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "label"), [
    ("Vodafone put me on hold for an hour.", "works_at"),
    ("I did a shift at the food bank.", "works_at"),
    ("Jake proposed a toast.", "partner_of"),
    ("My old street in Leeds was noisy.", "lives_in"),
    ("The wife is away.", "partner_of"),
])
def test_words_that_tell_no_such_state(text: str, label: str) -> None:
    assert not any(fact[1] == label for fact in stated(text))
