"""Other people's homes named in passing, and their moves, in wordings written for these tests (not the homes
bank's): a home named by its owner ("over at Raj's in Pune", "back to hers in Sligo") or by what is near it ("the
bakery near him in Ripon"); a relative told by the kin word alone ("my stepdad in Kendal", "bro's moved"); a person
and who they are to the speaker side by side ("Maura, my aunt's neighbour in Tralee,"); where one visits or stays;
a home by its parts and supplies ("Raj's broadband in Pune"), by a deal ("bought somewhere bigger out in Ashford"),
by where one is "as of" a day, "out west", "all set up", a people's name ("a Torontonian now"); the speaker's own home told by the way ("moving from Derby to Norwich", "eight
years in Dundee and I…", "I live with my gran. Her bungalow in Skegness…"); a sentence that ends
on a short ask ("…, any tips?", "…, which is best?"); a town whose first word is also an interjection ("Great
Malvern"); and a "her" that means the subject of its clause ("Ama's hosting her cousin's party at her flat")."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]

BY_ITS_OWNER: list[Told] = [
    ("Spent the bank holiday over at Raj's in Pune, his mum cooked for twelve.", ("Raj", "lives_in", "Pune")),
    ("Orla wants us back to hers in Sligo for the christening.", ("Orla", "lives_in", "Sligo")),
    ("Heading to my brother's in Hull on Friday for the match.", ("Sam's brother", "lives_in", "Hull")),
    ("The deli round the corner from me in Ripon does the best pork pies.", ("Sam", "lives_in", "Ripon")),
    ("Kwame says the market near him in Kisumu is the biggest he's seen.", ("Kwame", "lives_in", "Kisumu")),
]
BY_WHO_THEY_ARE: list[Told] = [
    ("my stepdad in Kendal can't get a GP appointment for love nor money.", ("Sam's stepdad", "lives_in", "Kendal")),
    ("Maura, my aunt's neighbour in Tralee, has kept bees for forty years.", ("Maura", "lives_in", "Tralee")),
    ("Visiting Gran in Whitby at the weekend, she wants a new radio.", ("Sam's gran", "lives_in", "Whitby")),
    ("Kwame wants me to come and stay with him in Accra over Easter.", ("Kwame", "lives_in", "Accra")),
]
BY_ITS_PARTS_OR_A_DEAL: list[Told] = [
    ("Raj's broadband in Pune keeps dropping during our calls.", ("Raj", "lives_in", "Pune")),
    ("my nan's tiny cottage outside Whitby floods every winter.", ("Sam's nan", "lives_in", "Whitby")),
    ("Moira's cottage on the edge of Oban has no phone signal at all.", ("Moira", "lives_in", "Oban")),
    ("Tunde bought somewhere bigger out in Ashford once the twins came.", ("Tunde", "lives_in", "Ashford")),
    ("We closed on a house up in Stirling in March.", ("Sam", "lives_in", "Stirling")),
    ("Mum downsized to a flat in Exmouth after Dad died.", ("Sam's mum", "lives_in", "Exmouth")),
    ("Kofi bought a semi in Great Malvern last year.", ("Kofi", "lives_in", "Great Malvern")),
]
BY_WHERE_THEY_ARE_NOW: list[Told] = [
    ("Wanjiru's in Nakuru as of Monday, new job and everything.", ("Wanjiru", "lives_in", "Nakuru")),
    ("Ines is out west in Galway now and loving the sea.", ("Ines", "lives_in", "Galway")),
    ("Bea's all set up in Dunedin now, flat and job sorted.", ("Bea", "lives_in", "Dunedin")),
    ("Joss has been in Truro since the start of June.", ("Joss", "lives_in", "Truro")),
    ("Kemi's a Torontonian now, apparently, she's even got the accent.", ("Kemi", "lives_in", "Toronto")),
    ("Dev's a Cardiff lad now, he's bought a flat and everything.", ("Dev", "lives_in", "Cardiff")),
    ("My cousin got a job in Limerick, she's renting there with two nurses.", ("Sam's cousin", "lives_in", "Limerick")),
    ("Niall's shacked up with his girlfriend in Galway these days.", ("Niall", "lives_in", "Galway")),
    ("Chris has handed in his notice. From May he's living here with me in Bangor.", ("Chris", "lives_in", "Bangor")),
    ("Efe's company posted him to Kano for good.", ("Efe", "lives_in", "Kano")),
    ("Lorcan has finally left Athlone, he couldn't stand the commute.", ("Lorcan", "moved_out_of", "Athlone")),
    ("Oisin handed in notice on his Dublin flat this week.", ("Oisin", "moved_out_of", "Dublin")),
]
BY_THE_WAY_THEY_TRAVEL: list[Told] = [
    ("My mate Femi catches the bus in from Luton every morning, poor guy.", ("Femi", "lives_in", "Luton")),
    ("Ruth works remotely from Halifax so we only meet twice a year.", ("Ruth", "lives_in", "Halifax")),
    ("Arjun's commute across Bengaluru takes two hours some days.", ("Arjun", "lives_in", "Bengaluru")),
    ("Chloe from payroll gets the train in from Stevenage.", ("Chloe", "lives_in", "Stevenage")),
]
BEFORE_A_SHORT_ASK: list[Told] = [
    ("my sister Ngozi lives in Enugu, any tips?", ("Ngozi", "lives_in", "Enugu")),
    ("Hamid moved to Bradford last month, thoughts?", ("Hamid", "lives_in", "Bradford")),
    ("Tomas wants me over to his in Cork for New Year — which train is quickest?", ("Tomas", "lives_in", "Cork")),
]
WHOSE_HER: list[Told] = [
    ("Ama's hosting her cousin's engagement party at her flat in Kumasi.", ("Ama", "lives_in", "Kumasi")),
    ("Jo says Rosa is perfectly happy in her own place in Harrogate.", ("Rosa", "lives_in", "Harrogate")),
    ("their daughter Isla, who's in her final year at Hillhead High, loves it.", ("Isla", "studies_at", "Hillhead High")),
]

# The speaker's own home, told by the way: a move from it, the years in it, the family it is shared with
THE_SPEAKERS_OWN: list[Told] = [
    ("We're moving from Derby to Norwich once the school term ends.", ("Sam", "lives_in", "Derby")),
    ("We're moving from Derby to Norwich once the school term ends.", ("Sam", "moving_to", "Norwich")),
    ("Honestly, leaving Swansea is going to wreck me.", ("Sam", "lives_in", "Swansea")),
    ("Eight years in Dundee and I still can't understand the bus timetable.", ("Sam", "lives_in", "Dundee")),
    ("I'm still at home with my nan in Wigan, saving for a deposit.", ("Sam", "lives_in", "Wigan")),
    ("We live above the bakery in Frome, so the mornings smell amazing.", ("Sam", "lives_in", "Frome")),
    ("I was born in Sligo and never moved away.", ("Sam", "lives_in", "Sligo")),
    ("I've been in Preston my whole life.", ("Sam", "lives_in", "Preston")),
    ("I live with my gran. Her bungalow in Skegness has a sea view.", ("Sam", "lives_in", "Skegness")),
    ("My housemate in Lancaster keeps stealing my oat milk.", ("Sam", "lives_in", "Lancaster")),
    ("Ravi drove up from Coventry, where he's studying engineering.", ("Ravi", "lives_in", "Coventry")),
    ("Gemma commutes from Hebden Bridge to Leeds every day.", ("Gemma", "lives_in", "Hebden Bridge")),
    ("My dad lives in Carlow, and so do I, two streets away.", ("Sam", "lives_in", "Carlow")),
    ("I still live with my grandad. His cottage in Whitby floods.", ("Sam", "lives_in", "Whitby")),  # not "gran"
    ("We moved to Douglas when the twins were born.", ("Sam", "lives_in", "Douglas")),  # a town named like a person
    ("Stanley is where I live now, it's tiny.", ("Sam", "lives_in", "Stanley")),
    # … and another's, told by where they set out from, go back to, are rung from or stay
    ("Tell me I'll cope: my ex is driving over from Doncaster with his new wife.", ("Sam's ex", "lives_in", "Doncaster")),
    ("My father-in-law is coming from Madurai for the naming ceremony.", ("Sam's father-in-law", "lives_in", "Madurai")),
    ("Nobody's seen Declan since he went home to Sligo, the eejit.", ("Declan", "lives_in", "Sligo")),
    ("I got the time zone wrong for Perth. My cousin Ayesha rings from her flat there every Sunday.",
     ("Ayesha", "lives_in", "Perth")),
    ("Joel's leaving Leeds for good, and his sister moved there in June.", ("Joel's sister", "lives_in", "Leeds")),
    ("My uncle lives in Kano with my cousins.", ("Sam's uncle", "lives_in", "Kano")),  # no honorific after "My"
    ("My aunty has a flat in Leeds.", ("Sam's aunt", "lives_in", "Leeds")),
    # … by living near where they work
    ("My brother teaches at a school in Dundee and lives five minutes from it.", ("Sam's brother", "lives_in", "Dundee")),
    ("Priya's a nurse at the big hospital in Leeds, rents a room round the corner.", ("Priya", "lives_in", "Leeds")),
    ("My uncle says the traffic in Lagos where he stays is unbearable.", ("Sam's uncle", "lives_in", "Lagos")),
    ("I'm going to see our Liam in Galway where he's teaching, any ferry tips?", ("Liam", "lives_in", "Galway")),
    ("Maeve wants me to visit her in Kilkenny this spring.", ("Maeve", "lives_in", "Kilkenny")),
    ("Ruth has given up the flat in Hove and gone back to her mum's.", ("Ruth", "moved_out_of", "Hove")),
]


@pytest.mark.parametrize(("text", "fact"), THE_SPEAKERS_OWN + BY_ITS_OWNER + BY_WHO_THEY_ARE + BY_ITS_PARTS_OR_A_DEAL
                         + BY_WHERE_THEY_ARE_NOW + BY_THE_WAY_THEY_TRAVEL + BEFORE_A_SHORT_ASK + WHOSE_HER)
def test_a_home_named_in_passing_is_read(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("I'm not going to Raj's in Pune this year, it's too far.", ("Raj", "lives_in", "Pune")),  # denied
    ("Is my sister in Leeds this week?", ("Sam's sister", "lives_in", "Leeds")),  # asked, and a stay
    ("We had a lovely dinner at Gino's in Leeds, book a table.", ("Gino", "lives_in", "Leeds")),  # a venue
    ("Ama's hosting her cousin's party at her flat in Kumasi.", ("Ama's cousin", "lives_in", "Kumasi")),
    ("Priya's sister moved into her new flat in Leeds.", ("Priya", "lives_in", "Leeds")),  # the sister's flat
    ("Two weeks in Lisbon and I'm already sunburnt.", ("Sam", "lives_in", "Lisbon")),  # a trip's weeks
    ("Leaving Lisbon this week is so sad.", ("Sam", "lives_in", "Lisbon")),  # a trip's end
    ("She's a Canadian now, passport and all.", ("Sam", "lives_in", "Canada")),  # a country's people
    ("I moved in with Douglas in March.", ("Sam", "lives_in", "Douglas")),  # one moves in with a person
    ("I'm coming from Leeds on the early train.", ("Sam", "lives_in", "Leeds")),  # the speaker's own: a trip as often
    ("Tom's coming back from Paris tomorrow.", ("Tom", "lives_in", "Paris")),  # a trip's end
    ("Ana says Tom stays at the Hilton in Paris where he stays with clients.", ("Tom", "lives_in", "Paris")),
    ("When I come to her place in Kolkata next month I'll bring sweets.", ("Sam", "moving_to", "Kolkata")),  # hers
    ("Jo says the rain in Galway is biblical this week.", ("Jo", "lives_in", "Galway")),  # where it rains
])
def test_not_a_home(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


def test_two_homes_one_sentence() -> None:
    """A home at one's parents' is theirs and the speaker's alike."""
    facts = stated("back in my old room at my parents' in Otley, been here since Sunday.")
    assert {("Sam", "lives_in", "Otley"), ("Sam's parents", "lives_in", "Otley")} <= facts


@pytest.mark.parametrize(("name", "before", "said", "old", "new"), [
    ("owners", "Staying at Dan's in Kisumu next week, what should I bring his mum?",
     "Dan's moved to Nairobi for the new job, so Kisumu trips are over.", "Kisumu", "Nairobi"),
    ("kin-alone", "my stepdad in Kendal has a new dog, it's a menace.",
     "stepdad's up in Carlisle now, right by the castle.", "Kendal", "Carlisle"),
    ("near-him", "Kofi's always on about the chop bar near him in Kisumu.",
     "Kofi's a proper Nairobi boy now, he says the traffic is worse.", "Kisumu", "Nairobi"),
])
def test_a_home_named_in_passing_is_ended_by_the_move(memory: MemoryDB, name: str, before: str, said: str, old: str,
                                                      new: str) -> None:
    who = {"kin-alone": "Sam's stepdad", "owners": "Dan"}.get(name, "Kofi")
    check_changes(memory, f"passing-{name}", [(BEFORE, "u", before), (SAID, "u", said)],
                  [(who, "lives_in", old, "2024-05-08", "2024-05-08")], [(who, "lives_in", new)], [])


def test_living_with_family_is_at_the_home_memory_knows(memory: MemoryDB) -> None:
    """The family's home told in one turn; that the speaker lives with them in another: the speaker's home is theirs,
    and a move ends it."""
    check_changes(memory, "with-gran", [
        ("2024-02-01T10:00:00", "u", "Gran's bungalow in Skegness has the best sea view on the coast."),
        (BEFORE, "u", "I still live with my gran, saving up for a deposit."),
        (SAID, "u", "Got the keys to my own flat in Lincoln today!")],
        [("Sam", "lives_in", "Skegness", "2024-05-08", "2024-05-08")], [("Sam", "lives_in", "Lincoln")], [])
