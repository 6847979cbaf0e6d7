"""The speaker signal: a question naming someone favours the turns that person said — by any of
their names ("Mel" for Melanie), and "I" for the user's own turns."""

from datetime import datetime, timezone
from pathlib import Path

from memdb import HashingEmbedder, MemoryDB
from tests.conftest import turn

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)
TURNS = [
    turn("The trip to the lake was wonderful.", id="mel", name="Melanie"),
    turn("The trip to the lake was wonderful.", id="tom", name="Tom", ts="2024-01-01T10:01:00"),
    turn("Melanie, tell me more about it.", id="ask", name="Tom", ts="2024-01-01T10:02:00"),
]


def test_turns_said_by_the_named_person_score_on_speaker(tmp_path: Path) -> None:
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add(TURNS, user_id="u")
        hits = db.search("What did Melanie say about the trip?", user_id="u", k=3, now=NOW)
        by_id = {h.episode.id: h for h in hits}
        assert by_id["mel"].signals["speaker"] == 1.0
        assert by_id["tom"].signals["speaker"] == 0.0 and by_id["ask"].signals["speaker"] == 0.0  # naming is not saying
        assert hits[0].episode.id == "mel"  # the same words, said by the one asked about
        assert by_id["mel"].scores["speaker"] > 0


def test_speaker_by_alias_and_first_person(tmp_path: Path) -> None:
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add(TURNS, user_id="u")
        db.add([turn("Call me Mel, everyone does.", id="nick", name="Melanie", ts="2024-01-02T10:00:00")], user_id="u")
        by_nickname = {h.episode.id: h.signals["speaker"] for h in db.search("What did Mel say?", user_id="u", k=4, now=NOW)}
        assert by_nickname["mel"] == 1.0 and by_nickname["tom"] == 0.0
        # "I" is the user: the speaker of most of the user-role turns.
        db.add([turn("I liked the lake too.", id="me", name="Ann", ts="2024-01-03T10:00:00"),
                turn("Hello again.", id="hi", name="Ann", ts="2024-01-03T10:01:00"),
                turn("Bye now.", id="bye", name="Ann", ts="2024-01-03T10:02:00")], user_id="u")
        mine = {h.episode.id: h.signals["speaker"] for h in db.search("What did I say about the lake?", user_id="u", k=5, now=NOW)}
        assert mine["me"] == 1.0 and mine["mel"] == 0.0


def test_a_recipe_without_the_signal_does_not_compute_it(tmp_path: Path) -> None:
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add(TURNS, user_id="u")
        hits = db.search("What did Melanie say?", user_id="u", k=3, now=NOW, weights={"speaker": 0.0})
        assert all("speaker" not in h.scores and h.signals["speaker"] == 0.0 for h in hits)
