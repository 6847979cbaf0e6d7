"""The question signal: a turn that asks ("So Nick is leaving Hackney?") tells nothing, so it
gives up a share of its score to the turns that tell."""

import pytest

from memdb import MemoryDB
from memdb.text import question_share
from tests.conftest import turn


@pytest.mark.parametrize(("text", "share"), [
    ("Nick is moving to Manchester in July.", 0.0),
    ("So Nick is leaving Hackney?", 1.0),
    ("That's great! Is Nick moving too?", 2 / 6),
    ("Remember the robotics company? I got the offer! I am joining them.", 0.0),
    ("", 0.0),
])
def test_the_share_of_words_that_ask(text: str, share: float) -> None:
    assert question_share(text) == pytest.approx(share)


def test_a_statement_outranks_a_question_with_the_same_words(db: MemoryDB) -> None:
    db.add([turn("So Nick is moving to Manchester in July?", id="asked", role="assistant", name="Assistant",
                 ts="2024-05-02T10:00:00"),
            turn("Nick is moving to Manchester in July.", id="told", ts="2024-05-01T10:00:00")], user_id="u")
    hits = db.search("Nick moving to Manchester", user_id="u", k=2, now="2024-06-01")
    assert [h.episode.id for h in hits] == ["told", "asked"]
    asked = hits[1]
    assert asked.signals["question"] == 1.0 and asked.scores["question"] < 0
    assert hits[0].scores["question"] == 0.0
    assert asked.score == pytest.approx(sum(asked.scores.values()))


def test_a_recipe_without_the_signal_leaves_questions_alone(db: MemoryDB) -> None:
    db.add([turn("So Nick is moving to Manchester in July?", id="asked", ts="2024-05-02T10:00:00"),
            turn("Nick is moving to Manchester in July.", id="told", ts="2024-05-01T10:00:00")], user_id="u")
    hits = db.search("Nick moving to Manchester", user_id="u", k=2, now="2024-06-01", weights={"question": 0.0})
    assert all("question" not in h.scores for h in hits)
