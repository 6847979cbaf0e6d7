"""The answer signal: a question that asks for a kind of thing ("which cities…") favours turns
naming an entity of that kind, other than the ones the question itself names."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from memdb import HashingEmbedder, MemoryDB
from memdb.retrieve.intent import read_intent
from tests.conftest import turn

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("query", "types"),
    [
        ("Which cities has John been to?", {"place"}),
        ("Where did Caroline move from?", {"place", "organization"}),
        ("Who is Mel dating these days?", {"person"}),
        ("What are the names of John's children?", {"person"}),
        ("Which company does Lena work for?", {"organization"}),
        ("Who did John meet in which city?", {"person", "place"}),
        ("What did I eat yesterday?", set()),
        ("When did we go hiking?", {"time"}),
        ("What year did Maya move to Berlin?", {"time"}),
        ("How long ago did I start running?", {"time"}),
        ("On what date is the wedding?", {"time"}),
        ("What did Caroline do when she moved?", set()),
        ("What time-saving tips did I share?", set()),
        ("What pet does Megan have now?", {"animal"}),
        ("What does Ray do for a living these days?", {"occupation"}),
        ("What's my job now?", {"occupation"}),
        ("What are John's goals for his basketball career?", set()),
        ("Who employs Maya now?", {"person", "organization"}),
        ("Which college does she attend?", {"organization"}),
        ("What's his line of work?", {"occupation"}),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(query: str, types: set[str]) -> None:
    assert read_intent(query, NOW).answer_types == types
    assert read_intent(query, NOW, parse_time=False).answer_types == types


def test_turns_naming_a_thing_of_the_asked_kind_rank_first(tmp_path: Path) -> None:
    turns = [
        turn("I visited my aunt last spring, it was lovely.", id="aunt"),
        turn("I visited Chicago last spring, it was lovely.", id="city"),
        turn("Ann here again, nothing much new.", id="filler1"),
        turn("Ann here again, still nothing new.", id="filler2"),
    ]
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add(turns, user_id="u")
        hits = db.search("Which cities have I visited?", user_id="u", k=4, now=NOW)
        by_id = {h.episode.id: h for h in hits}
        assert hits[0].episode.id == "city"
        assert by_id["city"].signals["answer"] == 1.0 and by_id["aunt"].signals["answer"] == 0.0
        # Naming the place in the question makes it a seed, not an answer.
        named = db.search("Did I like Chicago?", user_id="u", k=4, now=NOW)
        assert all(h.signals["answer"] == 0.0 for h in named)
        # A recipe without the signal does not compute it.
        plain = db.search("Which cities have I visited?", user_id="u", k=4, now=NOW, weights={"answer": 0.0})
        assert all("answer" not in h.scores and h.signals["answer"] == 0.0 for h in plain)


@pytest.mark.parametrize(
    ("query", "saying"),
    [
        ("What career news did Maya share yesterday?", True),
        ("What did I tell you last week?", True),
        ("Did Mel mention her sister?", True),
        ("What big change happened in Maya's life in May 2024?", True),
        ("Where did I live in March 2022?", False),
        ("What was Maya's job in 2023?", False),
    ],
)
def test_questions_about_what_was_said(query: str, saying: bool) -> None:
    """What was said (or happened) in a period is about the turns of that period, not about the facts that
    held then (those are what "where did I live in March 2022" asks for)."""
    assert read_intent(query, NOW).about_saying is saying


@pytest.mark.model
def test_a_state_asked_in_a_period_beats_the_small_talk_of_that_period(tmp_path: Path, minilm) -> None:
    """"Where did I live in March 2022": the statement of where, made before March, is the
    answer; what happened to be said in March scores less for merely being then."""
    turns = [turn("I moved to Lyon, I live in Lyon now.", id="lyon", ts="2021-06-01T10:00:00")] + [
        turn(text, id=f"march{i}", ts=f"2022-03-{10 + i}T10:00:00")
        for i, text in enumerate(["Good morning!", "Hello there, I live for weekends.", "Nice weather today."])
    ]
    with MemoryDB(tmp_path, embedder=minilm) as db:
        db.add(turns, user_id="u")
        hits = db.search("Where did I live in March 2022?", user_id="u", k=4, now=datetime(2022, 6, 1, tzinfo=timezone.utc))
        assert hits[0].episode.id == "lyon"
        assert hits[0].signals["time"] == 1.0
        assert all(h.signals["time"] < 1.0 for h in hits[1:])


def top_hits(tmp_path: Path, embedder, turns: list[dict], question: str, *, now: str) -> dict:
    """The hits for ``question`` over a store holding ``turns``, by episode id."""
    with MemoryDB(tmp_path, embedder=embedder) as db:
        db.add(turns, user_id="u")
        return {h.episode.id: h for h in db.search(question, user_id="u", k=len(turns), now=now)}


@pytest.mark.model
def test_a_turn_naming_the_asked_period_stays_in_it_when_a_state_is_asked(tmp_path: Path, minilm) -> None:
    """"Where did I live in August 2024": the statement of the home is the answer, and the turn
    that names August ahead of time ("will be in August", said in February) is still about
    August; only what was merely said then counts less."""
    turns = [turn("I moved to Berlin, I live in Berlin now.", id="home", ts="2024-05-01T10:00:00"),
             turn("The wedding will be in August, in Toronto.", id="named", ts="2024-02-23T10:00:00"),
             turn("Nice weather today.", id="said_then", ts="2024-08-10T10:00:00")]
    hits = top_hits(tmp_path, minilm, turns, "Where did I live in August 2024?", now="2024-10-01")
    assert hits["home"].signals["time"] == 1.0 and hits["named"].signals["time"] == 1.0
    assert hits["said_then"].signals["time"] < 1.0


@pytest.mark.model
def test_last_night_said_in_the_asked_period_dates_no_state(tmp_path: Path, minilm) -> None:
    """"What was my favourite food in August 2022": a turn said in August about "last night"
    names a time in August, but no more than when it was said does — it is merely said then,
    not a statement of what held then."""
    turns = [turn("My favourite food lately is lasagna, I could eat it every day.", id="food", ts="2022-07-06T10:00:00"),
             turn("I watched a great documentary about octopuses last night.", id="night", ts="2022-08-13T10:00:00"),
             turn("Nice weather today.", id="said_then", ts="2022-08-10T10:00:00")]
    hits = top_hits(tmp_path, minilm, turns, "What was my favourite food in August 2022?", now="2023-01-28")
    assert hits["night"].signals["time"] == hits["said_then"].signals["time"] < 1.0


@pytest.mark.model
def test_a_bond_that_always_holds_is_no_state_of_the_asked_period(tmp_path: Path, minilm) -> None:
    """"What did my sister do in August 2024": "my sister Lena is a nurse" holds in August as in
    any month, so it does not push aside what was said in August."""
    turns = [turn("My sister Lena is a nurse.", id="bond", ts="2024-01-10T10:00:00"),
             turn("Lena ran a marathon today.", id="august", ts="2024-08-10T10:00:00")]
    with MemoryDB(tmp_path, embedder=minilm) as db:
        db.add(turns, user_id="u")
        hits = {h.episode.id: h for h in db.search("What did my sister do in August 2024?", user_id="u", k=2,
                                                   now="2024-10-01")}
    assert hits["august"].signals["time"] == 1.0 and hits["bond"].signals["time"] < 1.0


def said_on_march_13(*texts: tuple[str, str]) -> list[dict]:
    return [turn(text, id=id_, ts="2024-03-13T10:00:00") for id_, text in texts]


def hits_by_id(tmp_path: Path, turns: list[dict], *queries: str) -> list[dict]:
    """For each query, its top hits by episode id, over a store holding ``turns``."""
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add(turns, user_id="u")
        return [{h.episode.id: h for h in db.search(q, user_id="u", k=len(turns), now="2024-03-20")} for q in queries]


def test_when_questions_favour_turns_that_name_a_time(tmp_path: Path) -> None:
    """"When did I adopt the dog?" is answered by the turn saying when ("yesterday", resolved
    against when it was said and stored), not by the one that only mentions the dog."""
    turns = said_on_march_13(("plain", "I adopted a dog from the shelter, a little terrier."),
                             ("dated", "I adopted a dog from the shelter yesterday, a little terrier."),
                             ("filler", "The terrier sleeps on my bed already."))
    hits, what = hits_by_id(tmp_path, turns, "When did I adopt the dog?", "What did I adopt?")
    assert hits["dated"].signals["answer"] == 1.0
    assert hits["plain"].signals["answer"] == 0.0 and hits["filler"].signals["answer"] == 0.0
    assert hits["dated"].score > hits["plain"].score
    assert all(h.signals["answer"] == 0.0 for h in what.values())


def test_a_turn_naming_a_time_inside_the_asked_period_is_in_it(tmp_path: Path) -> None:
    """"What did I do on March 12?" — "yesterday", said on the 13th, names the 12th: that turn
    gets the full time score; one merely said on the 13th gets less, and a time the turn names
    that only overlaps the period ("this year") does not count."""
    turns = said_on_march_13(("named", "I adopted a dog yesterday!"), ("said_after", "I adopted a dog, so happy!"),
                             ("broad", "I adopted a dog this year!"))
    (hits,) = hits_by_id(tmp_path, turns, "What did I do on March 12?")
    assert hits["named"].signals["time"] == 1.0
    assert hits["said_after"].signals["time"] < 1.0 and hits["broad"].signals["time"] == hits["said_after"].signals["time"]


def test_a_pet_or_a_job_asked_for_favours_turns_naming_one(tmp_path: Path) -> None:
    """No entity type holds "a kitten" or "head chef": words of the kind answer what is asked."""
    turns = [
        turn("Megan's doing her senior year at Marlow State, nursing.", id="school"),
        turn("Megan and Josh just adopted a kitten from the shelter.", id="kitten"),
        turn("Ray is already calling himself management, ha.", id="boast"),
        turn("Ray got a job!! He's an estimator now.", id="job"),
    ]
    pet, job = hits_by_id(tmp_path, turns, "What pet does Megan have?", "What does Ray do for a living?")
    assert pet["kitten"].signals["answer"] == 1.0 and pet["school"].signals["answer"] == 0.0
    assert job["job"].signals["answer"] == 1.0 and job["boast"].signals["answer"] == 0.0


@pytest.mark.model
def test_a_link_is_no_answer_to_a_state_asked_now(tmp_path: Path, minilm) -> None:
    """"Where does Dev live now?": a turn that merely names Dev with someone (a ``related_to``
    link, which holds for good) gets no fact signal; the one stating his home does."""
    turns = [turn("My friend Dev lives in Leeds.", id="home", ts="2024-01-05T10:00:00"),
             turn("Dev and Priya came round, we talked about Armley and Hull all night.", id="link",
                  ts="2024-02-05T10:00:00")]
    hits = top_hits(tmp_path, minilm, turns, "Where does Dev live now?", now="2024-03-01")
    assert hits["link"].signals["fact"] == 0.0
    assert hits["home"].signals["fact"] > 0.0
