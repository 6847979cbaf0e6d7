"""Questions about states: pastimes are states one is in for a while (taken up, got into,
given up); a state asked in the present tense asks what holds at the reference time, as "now"
does; a question names its state by the words of the state's label (and their -ing forms);
asked "now", newness breaks ties among the turns that answer."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from memdb import HashingEmbedder, MemoryDB
from memdb.extract import asks_about_state
from memdb.retrieve.intent import read_intent
from tests.conftest import facts_said

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "fact"), [
    ("I've taken up pottery, it's so relaxing.", ("habit", "pottery")),
    ("I took up the cello in January.", ("habit", "cello")),
    ("I've gotten really into bouldering lately.", ("habit", "bouldering")),
    ("My new hobby is chess.", ("habit", "chess")),
    ("I started playing tennis again.", ("habit", "tennis")),
    ("I started doing yoga on Tuesdays.", ("habit", "yoga")),
    ("I gave up tennis last year.", ("quit_habit", "tennis")),
    ("I gave up on running, my knees couldn't take it.", ("quit_habit", "running")),
    ("I don't play tennis anymore.", ("quit_habit", "tennis")),
    ("I stopped going to yoga.", ("quit_habit", "yoga")),
    ("I quit playing the violin.", ("quit_habit", "violin")),
    ("I play tennis every Sunday.", ("habit", "tennis")),
    ("I go climbing twice a week.", ("habit", "climbing")),
    ("I've been going to pottery classes on Thursdays.", ("habit", "pottery")),
    ("I'm learning the guitar.", ("habit", "guitar")),
    ("I've been doing a lot of running lately.", ("habit", "running")),
    ("I used to play the piano.", ("quit_habit", "piano")),
])
def test_a_pastime_taken_up_or_given_up(text: str, fact: tuple[str, str]) -> None:
    assert fact in facts_said(text)


@pytest.mark.parametrize("text", [
    "I'd never take up golf.",  # a hypothetical
    "I picked up my sister from the station.",
    "I got into Oxford!",  # a university, not a pastime
    "I'm getting into trouble.",
    "I'm going to play tennis tomorrow.",  # a plan
    "We should go climbing sometime.",
    "Do you play chess?",
    "I don't play tennis.",
])
def test_no_pastime_where_none_is_taken_up(text: str) -> None:
    assert not {f for f in facts_said(text) if f[0] in ("habit", "quit_habit", "owns")}


def test_a_pastime_told_as_ones_obsession_is_a_habit_and_no_possession() -> None:
    assert {f for f in facts_said("Chess is my new obsession.") if f[0] in ("habit", "owns")} == {("habit", "chess")}


def test_giving_a_pastime_up_ends_it(tmp_path: Path) -> None:
    with MemoryDB(tmp_path / "m", embedder=HashingEmbedder()) as db:
        db.add([{"role": "user", "name": "Sam", "content": "I've taken up pottery, it's so relaxing.",
                 "timestamp": "2024-01-10T10:00:00"}], user_id="u")
        db.add([{"role": "user", "name": "Sam", "content": "I gave up pottery, the studio closed.",
                 "timestamp": "2024-04-02T10:00:00"}], user_id="u")
        pottery = [f for f in db.facts(user_id="u", entity="Sam") if f.label == "habit"]
        assert pottery and all(f.invalid_at is not None for f in pottery)
        then = [f for f in db.facts(user_id="u", entity="Sam", as_of="2024-02-01") if f.label == "habit"]
        assert then and all(f.invalid_at is None for f in then)  # as known in February


@pytest.mark.parametrize(("question", "present", "current"), [
    ("Where does Maya live?", True, False),
    ("Who is he dating?", True, False),
    ("What's my job?", True, False),
    ("What hobbies does Melanie have?", True, False),
    ("Where does Maya live now?", True, True),
    ("Where did Maya live?", False, False),
    ("Where was Maya living in May 2023?", False, False),
    ("Where does Maya live in May 2023?", False, False),  # a named period, not now
    ("What is her favorite movie?", False, False),  # what she ever named, as often as now
    ("What did Maya say about the weather?", False, False),
    ("Who employs Tom?", True, False),  # a verb of a state in the present, no "does"
    ("Which animal lives with Temi?", True, False),
    ("Who employed Tom last year?", False, False),
    ("Who is Tom with at the minute?", True, True),
])
def test_a_state_asked_in_the_present_tense_is_asked_of_the_reference_time(
        question: str, present: bool, current: bool) -> None:
    intent = read_intent(question, NOW)
    assert (intent.present, intent.current) == (present, current)


def test_questions_name_a_state() -> None:
    for question in ("What hobby is Tamsin into these days?", "What does she do for fun?",
                     "What sport does he play now?", "What hobbies does Melanie have?",
                     "Is Sam married?", "Who is her husband?", "Is he single again?"):
        assert asks_about_state(question), question


def _told(tmp_path: Path, embedder, turns: list[tuple[str, str]]) -> MemoryDB:  # noqa: ANN001
    """A store holding Sam's turns (said at their timestamps), one add each."""
    db = MemoryDB(tmp_path / "m", embedder=embedder)
    for ts, text in turns:
        db.add([{"role": "user", "name": "Sam", "content": text, "timestamp": ts}], user_id="u")
    return db


def _fact_signals(db: MemoryDB, question: str) -> dict[str, float]:
    """Each hit's fact signal, by its text, asked on 2024-06-01."""
    return {h.episode.content: h.signals["fact"] for h in db.search(question, user_id="u", k=5, now="2024-06-01")}


def test_a_present_question_naming_its_state_gives_other_facts_little_weight(
        tmp_path: Path, minilm) -> None:  # noqa: ANN001 - the real model (conftest)
    """"Who am I dating now?" names the partner: a sister, who is one at any time, told in the
    latest turns, is no answer — her fact keeps a quarter of its fit (it lifted "My sister
    called" over the partner's turn when that turn's phrasing was not read as a fact)."""
    turns = [("2024-01-10T10:00:00", "I started dating Alex a few weeks ago."),
             *((f"2024-0{m}-12T10:00:00", "My sister called, she says hi.") for m in range(2, 6))]
    with _told(tmp_path, minilm, turns) as db:
        fact = _fact_signals(db, "Who am I dating now?")
        assert fact["I started dating Alex a few weeks ago."] >= 0.5  # the question's own word: a cue
        assert 0 < fact["My sister called, she says hi."] < 0.1


def test_a_state_told_in_the_past_tense_is_no_answer_to_now(tmp_path: Path, minilm) -> None:  # noqa: ANN001
    """"Lost my job as a banker" (worked_as, in the past tense: nothing ends it) is history when
    asked what the job is now, and still an answer when asked what it was."""
    turns = [("2024-01-10T10:00:00", "Lost my job as a banker yesterday, so I'm starting my own business."),
             ("2024-03-12T10:00:00", "I work as a baker now, up at four every day.")]
    with _told(tmp_path, minilm, turns) as db:
        now, then = _fact_signals(db, "What's my job now?"), _fact_signals(db, "What was my job?")
    assert now[turns[0][1]] < 0 < now[turns[1][1]]
    assert then[turns[0][1]] > 0


def test_a_turn_telling_a_change_answers_now_though_it_ends_the_old_value(tmp_path: Path, minilm) -> None:  # noqa: ANN001
    """"Jacked it in at Crumb & Co, brewing at Kirkgate Ales now" ends a job and tells the one that
    holds — though it is the only turn telling the old job: asked now, it answers (the job it ended
    counts against a turn that tells no other)."""
    turns = [("2024-01-10T10:00:00", "Rob says hi, he's still on early shifts."),
             ("2024-03-12T10:00:00", "I finally jacked it in at Crumb & Co last week. I work at Kirkgate Ales now.")]
    with _told(tmp_path, minilm, turns) as db:
        now = _fact_signals(db, "Where do I work now?")
        ended = [f for f in db.facts(user_id="u") if f.label == "works_at" and f.invalid_at is not None]
    assert [f.object for f in ended] == ["Crumb & Co"]  # the end told the job it ended
    assert now[turns[1][1]] > 0


@pytest.mark.parametrize("question", [
    "Where was Nadia living in July 2021?", "Where was I working in June 2022?", "Who was she dating in May?",
    "What was he studying in 2020?"])
def test_a_state_named_by_its_ing_form_is_a_state(question: str) -> None:
    assert asks_about_state(question)


def test_a_question_naming_no_state_is_not_about_one() -> None:
    assert not asks_about_state("When did Caroline go to the LGBTQ support group?")
    assert not asks_about_state("What is the painting based on?")
    assert not asks_about_state("What does Dan do on weekends?")
    assert not asks_about_state("Who was Priya with at the party?")
    assert not asks_about_state("What's the man's name?")


@pytest.mark.parametrize(("question", "label"), [
    ("Where is Maya based these days?", "lives_in"), ("Which town does she call home?", "lives_in"),
    ("Where has he settled?", "lives_in"), ("Who employed Maya in May 2025?", "works_at"),
    ("What's my line of work these days?", "works_as"), ("What did he work as in March?", "works_as"),
    ("Who is Maya going out with?", "partner_of"), ("Who's her other half now?", "partner_of"),
    ("Which animals does Maya keep?", "has_pet"), ("What animal do I own now?", "has_pet"),
    ("Where was I enrolled in 2023?", "studies_at"),
    # a job, a partner, a pastime asked without any of their words
    ("What does Dan do these days?", "works_at"), ("Which firm is Dan at now?", "works_at"),
    ("Who is Priya with now?", "partner_of"), ("Who's Priya's new fella?", "partner_of"),
    ("What's Dan into these days?", "habit"), ("Which uni is Dan at?", "studies_at"),
    ("What does Dan do in his spare time now?", "habit"), ("Which puppy does Dan have?", "has_pet"),
])
def test_a_question_names_a_state_in_words_its_label_does_not_use(question: str, label: str) -> None:
    from memdb.extract import label_cues, question_cues

    assert asks_about_state(question) and question_cues(question) & label_cues(label), question


def test_asked_now_a_recent_greeting_gets_no_recency(tmp_path: Path, minilm) -> None:  # noqa: ANN001
    turns = [("2024-01-10T10:00:00", "I moved to Leeds last week, still unpacking."),
             ("2024-03-02T10:00:00", "I visited York for a long weekend."),
             ("2024-05-30T10:00:00", "Good morning!")]
    with MemoryDB(tmp_path / "m", embedder=minilm) as db:
        for ts, text in turns:
            db.add([{"role": "user", "name": "Sam", "content": text, "timestamp": ts}], user_id="u")
        hits = {h.episode.content: h for h in db.search("Where do I live now?", user_id="u", k=3, now="2024-06-01")}
        assert hits["Good morning!"].signals["recency"] == 0  # the least relevant: recency does not lift it
        assert hits["I moved to Leeds last week, still unpacking."].signals["recency"] > 0
        assert next(iter(hits)) == "I moved to Leeds last week, still unpacking."


def test_a_date_in_the_period_dates_a_state_only_in_a_turn_about_whom_it_is_asked(tmp_path: Path) -> None:
    """"Where was Hiroshi working in July?": "the course starts 15 July" names July, but not
    Hiroshi; only a turn naming him is dated by it."""
    from memdb import HashingEmbedder

    turns = [("2024-04-20T10:00:00", "Enrolled! The cyber course starts 15 July, two nights a week.", "course"),
             ("2024-04-21T10:00:00", "Hiroshi starts at Trinity Inlet Marine on 15 July.", "hiroshi")]
    with MemoryDB(tmp_path / "m", embedder=HashingEmbedder()) as db:
        db.add([{"role": "user", "name": "Kai", "content": text, "timestamp": ts, "id": i} for ts, text, i in turns],
               user_id="u")
        time = {h.episode.id: h.signals["time"] for h in db.search("Where was Hiroshi working in July 2024?",
                                                                    user_id="u", now="2025-03-09")}
    assert time["hiroshi"] == 1.0 and time["course"] < 0.5


def test_asked_of_a_period_a_past_tense_state_held_before_it_was_told_and_an_end_says_no_which(tmp_path: Path) -> None:
    """"What was my job in July?": "lost my job as a banker" told in February held before
    February, not in July; "I got sacked in March", told in December, tells no job of July —
    but "were you in a job in July?" is answered by it."""
    from memdb import HashingEmbedder

    turns = [("2025-01-10T10:00:00", "I work at Calder Freight as a route planner.", "calder"),
             ("2025-02-02T10:00:00", "Lost my job as a banker yesterday.", "banker"),
             ("2025-12-21T10:00:00", "Not bad for a year where I left Calder Freight in March.", "left")]
    with MemoryDB(tmp_path / "m", embedder=HashingEmbedder()) as db:
        db.add([{"role": "user", "name": "Tom", "content": text, "timestamp": ts, "id": i} for ts, text, i in turns],
               user_id="u")

        def time(question: str) -> dict[str, float]:
            return {h.episode.id: h.signals["time"] for h in db.search(question, user_id="u", now="2025-12-22")}

        which, whether = time("What was my job in July 2025?"), time("Did I have a job in July 2025?")
        earlier = time("What was my job in February 2025?")
    assert which["banker"] < 1.0 and earlier["banker"] == 1.0
    assert which["left"] < 1.0 and whether["left"] == 1.0
