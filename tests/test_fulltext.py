"""Full-text search's cost bounds: the rarest terms ranked exhaustively within a match budget,
each term's newest matches beyond it, and scoping that never leaks another user's turns — on
SQLite (FTS5) and PostgreSQL (tsvector), which share the search and differ in their index."""

import pytest

from sqlalchemy import select

from memdb import MemoryDB
from memdb.store import fulltext
from memdb.store.fulltext import DocCounts
from memdb.store.schema import EpisodeRow
from tests.conftest import turn

# An old turn with a rare word, 30 about hiking, and enough others that hiking is not common.
TURNS = (
    [turn("We talked about the kayak trip.", id="rare")]
    + [turn(f"Quiet evening {i} with tea.", id=f"tea{i:03d}") for i in range(130)]
    + [turn(f"Hiking again today, trail number {i}.", id=f"hike{i:02d}") for i in range(30)]
)


@pytest.fixture
def db(backend_db: MemoryDB) -> MemoryDB:
    backend_db.add(TURNS, user_id="u")
    return backend_db


def search(db: MemoryDB, query: str, *, user: str = "u", counts: DocCounts | None = None, limit: int = 100) -> list[str]:
    with db.store.session() as s:
        found = db.store.fulltext.search(s, query, user_id=user, limit=limit, counts=counts)
        assert all(0.0 <= score <= 1.0 for _, score in found)
        names = dict(s.execute(select(EpisodeRow.seq, EpisodeRow.id).where(EpisodeRow.seq.in_([q for q, _ in found]))).all())
        return [names[seq] for seq, _ in found]


def test_under_the_budget_every_match_is_ranked(db: MemoryDB) -> None:
    found = search(db, "kayak hiking")
    assert found[0] == "rare" and len(found) == 31


@pytest.mark.parametrize(
    ("budget", "window", "expected"),
    [
        # "kayak" fits the budget and is ranked over every turn; "hiking" only in the newest 5.
        (5, 5, {"rare", "hike29", "hike28", "hike27", "hike26", "hike25"}),
        # Nothing fits: only each term's newest matches (the old kayak turn is kayak's newest).
        (0, 3, {"rare", "hike29", "hike28", "hike27"}),
    ],
)
def test_over_the_budget_the_newest_matches_are_ranked(db: MemoryDB, monkeypatch, budget, window, expected) -> None:
    monkeypatch.setattr(fulltext, "_MATCH_BUDGET", budget)
    monkeypatch.setattr(fulltext, "_NEWEST_WINDOW", window)
    found = search(db, "kayak hiking")
    assert set(found) == expected
    assert found[0] == ("rare" if "rare" in expected else found[0])


def test_a_sole_user_and_many_users_find_the_same(db: MemoryDB, monkeypatch) -> None:
    alone = search(db, "kayak hiking")
    db.add([turn("My kayak is red.", id="other")], user_id="v")
    assert search(db, "kayak hiking") == alone  # now scoped by the user's token
    assert search(db, "kayak", user="v") == ["other"]


def test_counts_that_wrongly_say_sole_user_do_not_leak(db: MemoryDB) -> None:
    db.add([turn("My kayak is red.", id="other")], user_id="v")
    stale = DocCounts(total=161, user=161)  # what an index that missed user v would say
    assert "other" not in search(db, "kayak", counts=stale)
    assert search(db, "kayak", user="v", counts=DocCounts(total=1, user=1)) == ["other"]


@pytest.mark.parametrize(("word", "terms"), [
    ("hiking", ("hike",)),
    ("us", ("us",)),               # under three letters: kept whole (a Python stemmer said "u")
    ("apology", ("apolog",)),      # a Python stemmer said "apologi"
    ("possibly", ("possibl",)),
    ("it'll", ("it", "ll")),       # split in two
    ("Café", ("cafe",)),
    ("—", ()),
])
def test_words_are_looked_up_under_the_terms_fts5_indexes_them_by(word: str, terms: tuple[str, ...]) -> None:
    assert fulltext._TERMS.of(word) == terms


def test_document_frequency_counts_the_turns_fts5_matches(db: MemoryDB) -> None:
    db.add([turn("Tell us about it.", id="us1"), turn("Us again, possibly.", id="us2"), turn("It'll rain.", id="ll")],
           user_id="u")
    with db.store.session() as s:
        docs = db.store.fulltext._doc_freq(s, ["us", "possibly", "it'll", "hiking"], total=10**6)
    assert docs == {"us": 2, "possibly": 1, "it'll": 1, "hiking": 30}


def test_an_exact_rare_term_outweighs_common_words(backend_db: MemoryDB) -> None:
    """The only turn holding "b18x5" comes first, however many turns match the query's other
    words (BM25 alone ranked it below turns holding two of them)."""
    with backend_db as memory:
        memory.add([turn("The office printer shows error b18x5 again.", id="code")]
                   + [turn(f"Office printer day {i}: work work work, the printer jammed at the office.", id=f"p{i:02d}")
                      for i in range(40)]
                   + [turn(f"Lunch {i} was fine.", id=f"l{i:03d}") for i in range(200)], user_id="u")
        assert search(memory, "Did the office printer at work show b18x5?")[0] == "code"
        with memory.store.session() as s:
            (best, score), *_ = memory.store.fulltext.search(s, "office printer work b18x5", user_id="u", limit=5)
        assert score == 1.0  # it holds every exact term the query has


def test_turns_holding_exact_terms_are_kept_past_the_limit() -> None:
    assert fulltext._with_exact([(1, 0.9), (2, 0.8)], {3: 0.1, 2: 0.85}, 2) == [(1, 0.9), (2, 0.85), (3, 0.1)]


def test_a_word_many_of_the_users_turns_hold_is_no_exact_term(backend_db: MemoryDB) -> None:
    with backend_db as memory:
        memory.add([turn(f"Walked Biscuit {i} times.", id=f"b{i}") for i in range(6)]
                   + [turn(f"Tea {i}.", id=f"t{i:03d}") for i in range(200)], user_id="u")
        with memory.store.session() as s:
            fts = memory.store.fulltext
            docs = fts._doc_freq(s, ["biscuit"], total=206)
            assert fts._exact(s, ["biscuit"], {"biscuit": 3.0}, "u", False, ()) == {}
            assert docs == {"biscuit": 6}
