"""Name keys used by entity resolution: normalize_name, alias_keys, is_nickname_of."""

from __future__ import annotations

import pytest

from memdb.extract.aliases import alias_keys, is_nickname_of, normalize_name


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mel's", "mel"),
        ("Melanie", "melanie"),
        ("  Caroline   Smith ", "caroline smith"),
        ("The Support Groups", "support groups"),  # capitalised: a proper name, kept as written
        ("support groups", "support group"),
        ("the LGBTQ support groups", "lgbtq support group"),
        ("dogs", "dog"),
        ("a dog", "dog"),
        ("puppies", "puppy"),
        ("classes", "class"),
        ("news", "news"),
        ("James", "james"),
        ("Paris", "paris"),
        ("Texas", "texas"),
        ("Dr. Smith", "smith"),
        ("Mrs. Dalloway", "dalloway"),
        ("Ms Jones", "jones"),
        ("Activists'", "activists"),
        ("Barnes & Noble", "barnes and noble"),
        ("Bank of America", "bank of america"),
        ("The Hobbit", "hobbit"),
        ("NASA", "nasa"),
        ("Mel\u2019s", "mel"),
        ("Dr.", "dr"),  # a lone title stays a name
        ("", ""),
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


def test_normalize_name_is_idempotent() -> None:
    for name in ("Mel's", "the support groups", "Dr. Smith", "Barnes & Noble", "puppies"):
        once = normalize_name(name)
        assert normalize_name(once) == once


@pytest.mark.parametrize(
    ("name", "type_", "keys"),
    [
        ("Caroline Smith", "person", ["caroline smith", "caroline"]),
        ("Caroline", "person", ["caroline"]),
        ("Dr. Anna Lee", "person", ["anna lee", "anna"]),
        ("Bank of America", "organization", ["bank of america"]),
        ("New York", "place", ["new york"]),
        ("support groups", "concept", ["support group"]),
        ("Mel's", "person", ["mel"]),
    ],
)
def test_alias_keys(name: str, type_: str, keys: list[str]) -> None:
    assert alias_keys(name, type_) == keys


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Mel", "Melanie", True),
        ("mel", "MELANIE", True),
        ("Jon", "Jonathan", True),
        ("Liz", "Elizabeth", True),
        ("Beth", "Elizabeth", True),
        ("Bob", "Robert", True),
        ("Bill", "William", True),
        ("Kate", "Katherine", True),
        ("Kate", "Kathryn", True),
        ("Jo", "Joanna", True),  # too short for the prefix rule: the table knows it
        ("Caro", "Caroline", True),  # prefix rule
        ("Sam", "Samantha", True),
        ("Mike", "Michael", True),
        ("Mel", "Melanie Smith", True),
        ("Mel Smith", "Melanie Smith", True),
        ("Mel Jones", "Melanie Smith", False),
        ("Melanie", "Mel", False),  # direction matters
        ("Mel", "Mel", False),  # the same name is not a nickname
        ("Ma", "Maria", False),  # prefix shorter than three letters
        ("Tim", "Tom", False),
        ("Bob", "Elizabeth", False),
        ("", "Melanie", False),
        # a pet form grown on the name's first letters, when it is no first name of its own
        ("Stevo", "Steven", True),
        ("Jonno", "Jonathan", True),
        ("Kelly", "Kelvin", False),  # a name of its own
        ("Stevo", "Stella", False),
        # short forms of British, Irish and Australian chat: the table's, and a first syllable with a z
        ("Bex", "Rebecca", True),
        ("Liv", "Olivia", True),
        ("Tash", "Natasha", True),
        ("Gaz", "Gareth", True),
        ("Shazza", "Sharon", True),
        ("Baz", "Bob", False),
        ("Oz", "Oscar", False),  # one letter and a z is no stem
    ],
)
def test_is_nickname_of(short: str, full: str, expected: bool) -> None:
    assert is_nickname_of(short, full) is expected


@pytest.mark.parametrize("name", ["Jonas", "James", "Thomas", "Paris", "Los Angeles", "Athens"])
def test_a_name_ending_in_s_is_found_from_a_question(tmp_path, name: str) -> None:
    """Questions are matched lower-cased, and a lower-case last word is made singular: "jonas"
    read as "jona" never found Jonas. Names keep their s, however the question writes them."""
    from memdb import HashingEmbedder, MemoryDB
    from memdb.graph import query_entities
    from tests.conftest import turn

    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add([turn(f"{name} is lovely in spring.", id="t", name="Ann")], user_id="u")
        (seq,) = [e.id for e in db.entities(user_id="u") if e.name == name]
        with db.store.session() as s:
            for query in (f"What about {name}?", f"what about {name.lower()}?", f"What was {name}'s best time?"):
                assert seq in query_entities(s, "u", query), query
