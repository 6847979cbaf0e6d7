"""Pets and pastimes read by the words around them rather than by a pattern of the whole sentence, in
wordings written for these tests: a pet of a breed or look no list names ("a bearded dragon", "an Amazon
parrot", "a staffy"), named a sentence or two later ("… lurcher, called him Ziggy", "a new one … she's named it Sooty Two"), of someone known from
somewhere ("Gwen at work"); a known pet's end told by any of the words of one, its name in any case, its
owner unnamed ("frank didn't make it through the op", "Banjo's living with my cousin now", "… He passed in
his sleep"); a pastime taken up or dropped by the words of doing it now or of dropping it ("bouldering 3x
a week now", "it's fishing now", "jacked in the cricket", "guitar's gathering dust"). And what none of
them may read."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import BEFORE, SAID, check_changes, memory  # noqa: F401 - memory: a fixture

Told = tuple[str, tuple[str, str, str]]

PETS: list[Told] = [
    ("My brother Liam has a staffy called Tyson, soft as butter.", ("Liam", "has_pet", "Tyson")),
    ("I've got a bearded dragon called Spike.", ("Sam", "has_pet", "Spike")),
    ("My neighbour Harold has an Amazon parrot called Captain.", ("Harold", "has_pet", "Captain")),
    ("My aunt Rosalind has a basset hound called Gus.", ("Rosalind", "has_pet", "Gus")),
    ("Gwen at work has a parrot called Captain that swears like a sailor.", ("Gwen", "has_pet", "Captain")),
    ("Oskar from the gym has a husky called Nanuk.", ("Oskar", "has_pet", "Nanuk")),
    ("got a puppy now tho! lurcher, called him Ziggy", ("Sam", "has_pet", "Ziggy")),
    ("We brought home a scruffy little kelpie cross. It chewed a shoe. The kids named her Pepper.",
     ("Sam", "has_pet", "Pepper")),
    ("Nan's already got a new one from the rescue, a tabby. She's named it Sooty Two.", ("Sam's nan", "has_pet", "Sooty Two")),
]

PASTIMES: list[Told] = [
    ("packed in running, knees are shot. bouldering 3x a week now and loving it", ("Sam", "quit_habit", "running")),
    ("packed in running, knees are shot. bouldering 3x a week now and loving it", ("Sam", "habit", "bouldering")),
    ("rosa's knocked the pottery on the head.", ("Rosa", "quit_habit", "pottery")),
    ("Josh jacked in the cricket, thinks he's too old.", ("Josh", "quit_habit", "cricket")),
    ("guitar's gathering dust. switched to drums, the neighbours love me", ("Sam", "quit_habit", "guitar")),
    ("binned off the baking. parkrun every saturday now instead", ("Sam", "habit", "running")),
    ("I do yoga every Monday now.", ("Sam", "habit", "yoga")),
]


@pytest.mark.parametrize(("text", "fact"), PETS + PASTIMES)
def test_pets_and_pastimes_told_by_their_words(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in stated(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Okay, confession: I've started eating fish again.", ("Sam", "has_pet", "fish")),
    ("I have a lot of dog hair on me.", ("Sam", "has_pet", "dog")),
    ("I had a hot dog for lunch.", ("Sam", "has_pet", "dog")),
    ("I'm running late now, sorry.", ("Sam", "habit", "running")),
    ("I stopped by the golf club to see Tom.", ("Sam", "quit_habit", "golf")),
    ("We watched the football every Saturday.", ("Sam", "habit", "football")),
    ("Wedding preparations are in full swing now.", ("Sam", "habit", "swing")),
    ("Rob's brewing at Kirkgate Ales now, free beer allegedly.", ("Rob", "habit", "brewing")),
])
def test_what_those_words_never_tell(text: str, fact: tuple[str, str, str]) -> None:
    assert fact not in stated(text)


@pytest.mark.parametrize(("name", "before", "said"), [
    ("asleep-lowercase", "My cat Biscuit is 17 now, she's such an old girl.",
     "had to have biscuit put to sleep this morning. can't stop crying"),
    ("hit-by-a-car", "My cat Biscuit is 17 now, she's such an old girl.", "biscuit got hit by a car, I'm in bits"),
    ("new-home", "My cat Biscuit is 17 now, she's such an old girl.",
     "I'm moving to a no-pets flat so Biscuit's living with my cousin Trish now."),
    ("by-pronoun", "My cat Biscuit is 17 now, she's such an old girl.",
     "Well, Biscuit never did lose that weight. She passed in her sleep on Sunday."),
])
def test_a_known_pets_end_told_by_its_words(memory: MemoryDB, name: str, before: str, said: str) -> None:
    check_changes(memory, name, [(BEFORE, "u", before), (SAID, "u", said)],  # ("on Sunday": the 5th)
                  [("Sam", "has_pet", "Biscuit", "2024-05-05", "2024-05-08")], [], [])


def test_a_pets_end_is_its_owners_though_the_turn_never_names_them(memory: MemoryDB) -> None:
    check_changes(memory, "owner-unnamed", [
        (BEFORE, "u", "My auntie Bernie has a pug called Frank."), (SAID, "u", "frank didn't make it through the op")],
        [("Bernie", "has_pet", "Frank", "2024-05-08", "2024-05-08")], [], [])


@pytest.mark.parametrize(("name", "said"), [
    ("found-again", "Biscuit ran off on Saturday but we found her this morning, thank god."),
    ("nearly", "We nearly lost Biscuit last night, she's on the mend now."),
    ("another-pet", "My friend's dog died last week, so sad. Biscuit is fine."),
])
def test_a_scare_or_anothers_loss_ends_no_pet(memory: MemoryDB, name: str, said: str) -> None:
    check_changes(memory, name, [(BEFORE, "u", "My cat Biscuit is 17 now."), (SAID, "u", said)],
                  [], [("Sam", "has_pet", "Biscuit")], [])
