"""A pet memory knows, lost in words that say so only because the name is a pet's ("We lost Rex
on Sunday", "RIP Rex", "she's keeping Biscuit" of an ex, "they put him to sleep"): the owner's
has_pet ends, whoever tells it. And the same names in a walk, a weekend away or a sofa are
no loss. Written for these tests; end to end through MemoryDB (test_state_changes.check_changes)."""

import pytest

from memdb import MemoryDB
from tests.test_extract_changes_told import stated
from tests.test_state_changes import (  # noqa: F401 - memory: the module's store, a fixture
    BEFORE, SAID, SAM, check_changes, memory,
)

OURS = (BEFORE, "u", "Our dog Rex is snoring on my feet again.")
GONE = [(SAM, "has_pet", "Rex", "2024-05-08", "2024-05-08")]
KEPT = [(SAM, "has_pet", "Rex")]

LOSSES = [
    ("lost", [OURS, (SAID, "u", "We lost Rex on Sunday. The house is so quiet.")],
     [(SAM, "has_pet", "Rex", "2024-05-05", "2024-05-05")]),
    ("put to sleep by the vet", [OURS, (SAID, "u", "The vet said there was nothing more to do, so they put Rex to sleep.")],
     GONE),
    ("an ex keeping him", [OURS, (SAID, "u", "Jess and I split up. She's keeping Rex, which hurts the most.")], GONE),
    ("an ex taking him", [OURS, (SAID, "u", "We broke up last week. He took Rex with him.")], GONE),
    ("a sister taking him", [OURS, (SAID, "u", "My new flat doesn't allow dogs, so my sister is taking Rex.")], GONE),
    ("gone to live elsewhere", [OURS, (SAID, "u", "Rex has gone to live with my parents on their farm.")], GONE),
    ("given up", [OURS, (SAID, "u", "I had to give Rex up when I moved into the flat.")], GONE),
    ("rest in peace", [OURS, (SAID, "u", "RIP Rex. Best boy there ever was.")], GONE),
    ("no longer had", [OURS, (SAID, "u", "We don't have Rex any more, he went to a family with a big garden.")], GONE),
    ("gone", [OURS, (SAID, "u", "Rex is gone. I can't believe it.")], GONE),
    ("him, named before", [OURS, (SAID, "u", "Rex got really ill. We had to put him down yesterday.")],
     [(SAM, "has_pet", "Rex", "2024-05-07", "2024-05-07")]),
    # the owner is whoever memory knows has the pet, not the teller
    ("someone else's pet died", [(BEFORE, "u", "My neighbour Ann's cat Tibbles is always in our garden."),
                                 (SAID, "u", "Tibbles died last week, Ann is heartbroken.")],
     [("Ann", "has_pet", "Tibbles", "2024-04-29", "2024-05-05")]),
    ("a daughter's ex keeps her kitten", [(BEFORE, "u", "My daughter Meg has a kitten called Mochi."),
                                          (SAID, "u", "Meg and Josh broke up. Josh is keeping Mochi, which broke her heart.")],
     [("Meg", "has_pet", "Mochi", "2024-05-08", "2024-05-08")]),
]

NO_LOSS = [
    ("keeping him away", "I'm keeping Rex away from the chocolate this Easter."),
    ("took him out", "I took Rex to the beach, he loved it."),
    ("nearly lost", "We nearly lost Rex in the woods, he ran after a deer!"),
    ("taking him for a walk", "My sister is taking Rex for a walk while I'm at work."),
    ("nearly died of embarrassment", "Rex nearly died of embarrassment when the groomer shaved him."),
    ("his lead", "We don't have Rex's lead, can you bring a spare?"),
    ("not with me today", "I don't have Rex with me today, he's at the groomer's."),
    ("minding him for the weekend", "My mum is keeping Rex for the weekend while we're away."),
    ("put down on the sofa", "Jess picked Rex up for a cuddle and then put him down on the sofa."),
]


@pytest.mark.parametrize(("turns", "ends"), [pytest.param(*c[1:], id=c[0]) for c in LOSSES])
def test_a_known_pet_lost_ends_its_owners_has_pet(memory: MemoryDB, request: pytest.FixtureRequest, turns, ends) -> None:
    check_changes(memory, "pet-" + request.node.callspec.id, turns, ends, [], [])


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NO_LOSS])
def test_a_pet_named_in_passing_is_still_had(memory: MemoryDB, request: pytest.FixtureRequest, text: str) -> None:
    check_changes(memory, "kept-" + request.node.callspec.id, [OURS, (SAID, "u", text)], [], KEPT, [(SAM, "lost", "Rex")])


@pytest.mark.parametrize(("text", "facts"), [
    ("Ana got a kitten last month.", {("Ana", "has_pet", "kitten")}),  # a date after the animal
    ("Ana has a new dog, Bo.", {("Ana", "has_pet", "Bo")}),  # named in apposition, at the sentence's end
    ("Meet Pepper, our new puppy!", {("Sam", "has_pet", "Pepper")}),
    ("Ana brought home a puppy on Saturday. His name is Bo.", {("Ana", "has_pet", "Bo")}),  # Ana's, not the teller's
    ("We got a puppy! His name is Rocket.", {("Sam", "has_pet", "Rocket")}),
    ("Ana's taken in a stray cat she calls Tigger.", {("Ana", "has_pet", "Tigger")}),
])
def test_a_new_pet_is_the_one_named_and_its_owners(text: str, facts: set[tuple[str, str, str]]) -> None:
    """The pet told is the one named, once: no second pet of its kind ("has_pet puppy" beside Pepper)."""
    pets = {f for f in stated(text) if f[1] == "has_pet"}
    assert pets == facts
