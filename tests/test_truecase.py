"""Chat typed without capitals (memdb/extract/truecase.py): names only a name can be get theirs."""

import pytest

from memdb.extract.truecase import truecase
from tests.conftest import facts_said


@pytest.mark.parametrize(("text", "expected"), [
    ("just moved to leeds lol", "just moved to Leeds lol"),
    ("i live in new york now", "I live in New York now"),
    ("me and sarah broke up", "me and Sarah broke up"),
    ("sarah's flat is in leeds, bristol is nicer", "Sarah's flat is in Leeds, Bristol is nicer"),
    ("will you come? rose said it was nice", "will you come? rose said it was nice"),  # ordinary words stay
    ("I moved to leeds.", "I moved to leeds."),  # a writer who capitalises: their lower case is meant
    ("", ""),
])
def test_truecase(text: str, expected: str) -> None:
    assert truecase(text) == expected
    assert len(truecase(text)) == len(text)  # offsets of mentions stay those of the text as written


def test_a_name_the_session_used_is_known_in_lower_case() -> None:
    assert truecase("dev's helping, he's great", frozenset({"dev"})) == "Dev's helping, he's great"
    assert truecase("dev's helping, he's great") == "dev's helping, he's great"


@pytest.mark.parametrize(("text", "fact"), [
    ("just moved to leeds lol", ("lives_in", "Leeds")),
    ("i live in manchester now", ("lives_in", "Manchester")),
    ("me and sarah are together now", ("partner_of", "Sarah")),
    ("me and Leah are done. she ended it on the 4th", ("broke_up_with", "Leah")),
    ("I've been seeing someone. Leah. we made it official on valentine's", ("partner_of", "Leah")),
])
def test_lower_case_chat_states_facts(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize(("text", "fact"), [
    ("Tom and Ana are over the moon.", ("broke_up_with", "Ana")),
    ("me and sarah are done with the painting", ("broke_up_with", "Sarah")),
    ("I've been seeing someone. Honestly.", ("partner_of", "Honestly")),
])
def test_no_couple_is_read(text: str, fact: tuple[str, str]) -> None:
    assert fact not in facts_said(text) and fact[1] not in {o for _, o in facts_said(text, speaker="Tom")}
