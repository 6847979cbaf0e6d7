"""The knowledge graph: resolution, bi-temporal facts, invalidation, as-of, cascading deletes.

A scripted extractor pins the extraction so these tests check the graph logic alone; the rule
extractor itself is tested in test_extract.py and end to end at the bottom of this file.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from memdb import HashingEmbedder, MemoryDB, NotFoundError
from memdb.extract import NO_CONTEXT, EntityMention, Extraction, FactCandidate
from tests.conftest import turn


class Scripted:
    """Extraction looked up by the turn's text: 'Ann|lives_in|Paris' style specs."""

    def __init__(self, script: dict[str, list[str]]) -> None:
        self.script = script

    def extract(self, text: str, *, speaker, occurred_at, context=NO_CONTEXT) -> Extraction:
        mentions, facts = [EntityMention(speaker, speaker, "person", -1, -1)] if speaker else [], []
        for spec in self.script.get(text, []):
            subject, label, obj = spec.split("|")
            for name in (subject, obj):
                kind = "place" if name in {"Paris", "Berlin", "Rome"} else "person"
                mentions.append(EntityMention(name, name, kind, 0, len(name)))
            facts.append(FactCandidate(subject, obj, label, text, exclusive=label in {"lives_in", "partner_of"}))
        return Extraction(tuple(mentions), tuple(facts))


SCRIPT = {
    "I live in Paris.": ["Ann|lives_in|Paris"],
    "I moved to Berlin.": ["Ann|lives_in|Berlin"],
    "Paris is still lovely, I live in Paris.": ["Ann|lives_in|Paris"],
    "I am dating Bob.": ["Ann|partner_of|Bob"],
    "I am dating Carl.": ["Ann|partner_of|Carl"],
    "Bob and I broke up.": ["Ann|broke_up_with|Bob"],
    "Carl lives in Rome.": ["Carl|lives_in|Rome"],
}


@pytest.fixture
def kdb(tmp_path):
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Scripted(SCRIPT)) as memory:
        yield memory


def lives(memory: MemoryDB, **kw) -> list[tuple[str, str | None]]:
    return [(f.object, f.invalid_at and f.invalid_at.date().isoformat())
            for f in memory.facts(user_id="u", entity="Ann", label="lives_in", **kw)]


def test_a_contradicting_statement_invalidates_and_keeps_the_old_fact(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00")], user_id="u")
    kdb.add([turn("I moved to Berlin.", id="2", ts="2023-06-01T10:00:00")], user_id="u")
    assert lives(kdb) == [("Paris", "2023-06-01"), ("Berlin", None)]
    assert lives(kdb, current_only=True) == [("Berlin", None)]


def test_facts_as_of_follow_validity_and_recording(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00")], user_id="u")
    kdb.add([turn("I moved to Berlin.", id="2", ts="2023-06-01T10:00:00")], user_id="u")
    assert lives(kdb, as_of="2022-12-01") == []
    assert [o for o, _ in lives(kdb, as_of="2023-03-01")] == ["Paris"]
    assert [o for o, _ in lives(kdb, as_of="2023-07-01")] == ["Berlin"]


def test_as_of_a_time_a_fact_shows_no_end_learned_later(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00")], user_id="u")
    kdb.add([turn("I moved to Berlin.", id="2", ts="2023-06-01T10:00:00")], user_id="u")
    assert lives(kdb, as_of="2023-03-01") == [("Paris", None)]  # the move was not told in March
    [then] = kdb.entity("Ann", user_id="u", as_of="2023-03-01").facts
    assert then.object == "Paris" and then.invalid_at is None and then.expired_at is None
    edges = kdb.graph(user_id="u", as_of="2023-03-01").edges(data=True)
    assert [(d["invalid_at"], d["expired_at"]) for _, _, d in edges] == [(None, None)]
    assert lives(kdb) == [("Paris", "2023-06-01"), ("Berlin", None)]  # the history keeps it


def test_a_late_arriving_older_statement_does_not_override_the_newer(kdb: MemoryDB) -> None:
    kdb.add([turn("I moved to Berlin.", id="2", ts="2023-06-01T10:00:00")], user_id="u")
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00")], user_id="u")
    assert lives(kdb) == [("Paris", "2023-06-01"), ("Berlin", None)]


def test_restating_a_fact_adds_a_source_not_a_duplicate(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00"),
             turn("Paris is still lovely, I live in Paris.", id="2", ts="2023-02-10T10:00:00")], user_id="u")
    [fact] = kdb.facts(user_id="u", entity="Ann")
    assert fact.episode_ids == ("1", "2")


def test_an_ending_statement_ends_the_relationship(kdb: MemoryDB) -> None:
    kdb.add([turn("I am dating Bob.", id="1", ts="2023-01-10T10:00:00"),
             turn("Bob and I broke up.", id="2", ts="2023-05-10T10:00:00")], user_id="u")
    [partner] = kdb.facts(user_id="u", entity="Ann", label="partner_of")
    assert partner.invalid_at == datetime.fromisoformat("2023-05-10T10:00:00+00:00")


def test_deleting_the_contradicting_episode_restores_the_old_fact(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00"),
             turn("I moved to Berlin.", id="2", ts="2023-06-01T10:00:00")], user_id="u")
    kdb.delete_episode("2", user_id="u")
    assert lives(kdb) == [("Paris", None)]
    assert "Berlin" not in {e.name for e in kdb.entities(user_id="u")}


def test_delete_cascades_to_vectors_mentions_and_orphan_entities(kdb: MemoryDB) -> None:
    kdb.add([turn("Carl lives in Rome.", id="1"), turn("I live in Paris.", id="2")], user_id="u")
    kdb.delete_episode("1", user_id="u")
    names = {e.name for e in kdb.entities(user_id="u")}
    assert names == {"Ann", "Paris"}
    assert kdb.stats(user_id="u") == {"episodes": 1, "entities": 2, "facts": 1, "vectors": 1}
    assert kdb.entity("Ann", user_id="u").mention_count == 1
    with pytest.raises(NotFoundError):
        kdb.delete_episode("1", user_id="u")


def test_forget_leaves_nothing_of_the_user_and_all_of_the_others(kdb: MemoryDB) -> None:
    for user in ("u", "other"):
        kdb.add([turn("I live in Paris.", id="1"), turn("I moved to Berlin.", id="2", ts="2024-02-01T00:00:00")], user_id=user)
    keep = kdb.stats(user_id="other")
    assert kdb.forget(user_id="u") == 2
    assert kdb.stats(user_id="u") == {"episodes": 0, "entities": 0, "facts": 0, "vectors": 0}
    assert kdb.graph(user_id="u").number_of_nodes() == 0
    assert kdb.stats(user_id="other") == keep
    assert kdb.search("Paris", user_id="u") == []
    assert kdb.search("Paris", user_id="other")
    with pytest.raises(NotFoundError):
        kdb.forget(user_id="u")


def test_forget_and_delete_leave_no_row_behind_in_any_table(tmp_path) -> None:
    """Row counts of every table after deleting a turn and forgetting a user equal those of a
    store that never held them (but for the bookkeeping of the change log, which
    tests/test_erasure.py checks holds none of their ids)."""
    from sqlalchemy import func, select

    from memdb.store.schema import Base

    def add(db: MemoryDB, user: str) -> None:
        db.add([turn("Yesterday I moved from Paris to Berlin with Carl.", id="1", ts="2024-02-01T00:00:00"),
                turn("Last week Carl started at Siemens.", id="2", ts="2024-02-02T00:00:00")], user_id=user)

    def counts(db: MemoryDB) -> dict[str, int]:
        with db.store.session() as s:
            return {t.name: s.execute(select(func.count()).select_from(t)).scalar() for t in Base.metadata.sorted_tables
                    if t.name not in {"memdb_meta", "changes", "change_followers"}}

    with MemoryDB(tmp_path / "only", embedder=HashingEmbedder()) as only, MemoryDB(tmp_path / "both", embedder=HashingEmbedder()) as both:
        add(only, "other")
        add(both, "u")
        add(both, "other")
        assert counts(both)["episode_times"] == 2 * counts(only)["episode_times"] > 0
        both.delete_episode("2", user_id="u")
        both.delete_episode("1", user_id="u")
        assert counts(both) == counts(only)
        add(both, "u")
        both.forget(user_id="u")
        assert counts(both) == counts(only)


def test_graph_has_entities_as_nodes_and_facts_as_timed_edges(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00"),
             turn("I moved to Berlin.", id="2", ts="2023-06-01T10:00:00")],
            user_id="u")
    g = kdb.graph(user_id="u")
    names = {d["name"] for _, d in g.nodes(data=True)}
    assert names == {"Ann", "Paris", "Berlin"}
    edges = sorted((d["label"], g.nodes[v]["name"], d["invalid_at"] is not None) for _, v, d in g.edges(data=True))
    assert edges == [("lives_in", "Berlin", False), ("lives_in", "Paris", True)]
    assert kdb.graph(user_id="u", as_of="2023-07-01T00:00:00").number_of_edges() == 1


def test_entity_lookup_by_alias_and_nickname(tmp_path) -> None:
    script = {"Melanie Smith called.": [], "Mel said hi.": []}

    class Names(Scripted):
        def extract(self, text, *, speaker, occurred_at, context=NO_CONTEXT):
            base = super().extract(text, speaker=speaker, occurred_at=occurred_at)
            name = "Melanie Smith" if text.startswith("Melanie") else "Mel"
            return Extraction(base.entities + (EntityMention(name, name, "person", 0, len(name)),), ())

    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Names(script)) as memory:
        memory.add([turn("Melanie Smith called.", id="1"), turn("Mel said hi.", id="2")], user_id="u")
        mel = memory.entity("Mel", user_id="u")
        assert mel.name == "Melanie Smith" and mel.mention_count == 2
        assert memory.entity("melanie", user_id="u").id == mel.id
        assert {"Melanie Smith", "Mel"} <= set(mel.aliases)


def test_rule_extractor_end_to_end_invalidation(db: MemoryDB) -> None:
    db.add([turn("I live in Paris.", id="1", ts="2023-01-10T10:00:00"),
            turn("I moved to Berlin last month.", id="2", ts="2023-06-01T10:00:00")], user_id="u")
    history = [(f.object, f.is_current) for f in db.facts(user_id="u", entity="Ann", label="lives_in")]
    assert history == [("Paris", False), ("Berlin", True)]


def test_graph_around_one_entity(kdb: MemoryDB) -> None:
    kdb.add([turn("I live in Paris.", id="1"), turn("Carl lives in Rome.", id="2", name="Bea")], user_id="u")
    around = kdb.graph(user_id="u", center="Carl", depth=1)
    assert {d["name"] for _, d in around.nodes(data=True)} == {"Carl", "Rome"}
    assert {d["name"] for _, d in kdb.graph(user_id="u", center="Paris", depth=0).nodes(data=True)} == {"Paris"}
    with pytest.raises(NotFoundError):
        kdb.graph(user_id="u", center="Nobody")


@pytest.mark.parametrize("seed", range(5))
def test_pagerank_matches_networkx(seed: int) -> None:
    import random

    import networkx as nx

    from memdb.graph import pagerank

    rng = random.Random(seed)
    g = nx.Graph()
    g.add_nodes_from(range(30))
    for _ in range(60):
        a, b = rng.randrange(30), rng.randrange(30)
        if a != b:
            g.add_edge(a, b, weight=rng.randint(1, 3))
    seeds = [0, 1, 2]
    expected = nx.pagerank(g, alpha=0.85, personalization={n: float(n in seeds) for n in g}, weight="weight", tol=1e-10)
    got = pagerank(g, seeds, iterations=200, tolerance=1e-12)
    assert got == pytest.approx(expected, abs=1e-6)


def test_a_query_reaches_entities_through_a_relation(kdb: MemoryDB) -> None:
    from memdb.graph import query_entities, related_entities

    kdb.extractor = Scripted({"I am dating Bob.": ["Ann|partner_of|Bob"], "Bob loves jazz.": []})
    kdb.add([turn("I am dating Bob.", id="1"), turn("Bob loves jazz.", id="2", name="Bob")], user_id="u")
    with kdb.store.session() as s:
        seeds = query_entities(s, "u", "What music does Ann's boyfriend like?")
        related = related_entities(s, "u", "What music does Ann's boyfriend like?", seeds)
    bob = kdb.entity("Bob", user_id="u").id
    assert related == {bob: "Ann's boyfriend"}


@pytest.mark.parametrize(("query", "reached"), [
    ("Why were we thinking of moving to Germany?", {"Berlin"}),
    ("Anything about the UK?", {"London"}),
    ("Tell us about Berlin.", set()),  # a city is named itself; "us" is no country
    ("How was the trip to Japan?", set()),  # no city of Japan the user spoke of
])
def test_a_country_in_a_query_reaches_the_users_cities_in_it(db: MemoryDB, query: str, reached: set[str]) -> None:
    from memdb import graph as graphs

    db.add([turn("Daniel got a job offer in Berlin, we might move there.", id="1"),
            turn("London was rainy, and Boston too.", id="2")], user_id="u")
    with db.store.session() as session:
        found = graphs.places_within(session, "u", query)
        assert {e.name for e in graphs.load_entities(session, "u", seqs=list(found))} == reached
    if reached == {"Berlin"}:
        (hit, *_) = db.search(query, user_id="u", k=2, recipe=None)
        assert hit.episode.id == "1" and hit.signals["graph"] > 0


def test_ending_pairs_and_diets(db: MemoryDB) -> None:
    db.add([turn("I'm vegetarian.", id="1", ts="2024-01-01T10:00:00"),
            turn("I hate coffee.", id="2", ts="2024-01-02T10:00:00"),
            turn("I've started eating fish again.", id="3", ts="2024-04-01T10:00:00"),
            turn("I've turned into a coffee person.", id="4", ts="2024-06-01T10:00:00")], user_id="u")
    current = {(f.label, f.object) for f in db.facts(user_id="u", entity="Ann", current_only=True)}
    ended = {(f.label, f.object) for f in db.facts(user_id="u", entity="Ann") if not f.is_current}
    assert ("diet", "vegetarian") in ended and ("dislikes", "coffee") in ended
    assert ("likes", "coffee") in current


def test_first_person_and_periods_reach_the_fact_that_held_then(kdb: MemoryDB) -> None:
    from datetime import timezone

    from sqlalchemy import select

    from memdb.facts import fact_support
    from memdb.graph import user_self
    from memdb.store.schema import EpisodeRow

    kdb.add([turn("I live in Paris.", id="paris", ts="2023-01-10T10:00:00"),
             turn("I moved to Berlin.", id="berlin", ts="2023-06-01T10:00:00")], user_id="u")
    march = (datetime(2023, 3, 1, tzinfo=timezone.utc), datetime(2023, 4, 1, tzinfo=timezone.utc))
    with kdb.store.session() as s:
        me = user_self(s, "u", "Where did I live in March 2023?")
        assert list(me.values()) == ["I"] and user_self(s, "u", "Where did Ann live?") == {}
        at = datetime(2024, 1, 1, tzinfo=timezone.utc)
        found = fact_support(s, "u", list(me), None, at=at, during=[march])  # candidates: what held then
        ids = dict(s.execute(select(EpisodeRow.seq, EpisodeRow.id)).all())
        scored = fact_support(s, "u", list(me), list(ids), at=at, during=[march])
    # In March 2023 Paris held and Berlin did not yet, though Berlin holds now.
    assert {ids[seq]: facts for seq, facts in found.items()} == {"paris": [("lives_in", True)]}
    assert {ids[seq]: facts for seq, facts in scored.items()} == {
        "paris": [("lives_in", True)], "berlin": [("lives_in", False)],
    }


@pytest.mark.parametrize("query, expected", [
    ("What did Will say about the trip?", {"William Hart"}),   # a nickname mid-sentence
    ("Will William come?", {"William Hart"}),                  # the full first name
    ("Will the trip happen?", set()),                          # a capitalised first word is no name
    ("What did Bob say?", set()),                              # no one of that name
])
def test_query_entities_reads_nicknames_not_sentence_starts(tmp_path, query, expected) -> None:
    from memdb import graph as graphs

    class Names(Scripted):
        def extract(self, text, *, speaker, occurred_at, context=NO_CONTEXT):
            return Extraction((EntityMention("William Hart", "William Hart", "person", 0, 12),), ())

    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Names({})) as memory:
        memory.add([turn("William Hart called.", id="1")], user_id="u")
        with memory.store.session() as session:
            found = graphs.query_entities(session, "u", query)
            names = {e.name for e in graphs.load_entities(session, "u", seqs=list(found))}
        assert names == expected


def test_deleting_a_turn_takes_the_names_only_it_gave_and_keeps_the_others(db: MemoryDB) -> None:
    """Lena is "Lena Smith" and "Lena" in one turn, "Lena Xjwmark" in another: deleting that one
    drops its alias and display name, not the names the first turn gives her."""
    from sqlalchemy import select

    from memdb.store.schema import AliasRow

    db.add([turn("My sister Lena Smith called me; Lena sounded happy.", id="a", ts="2024-01-01T10:00:00"),
            turn("Lena Xjwmark is visiting next week.", id="b", ts="2024-01-02T10:00:00")], user_id="u")
    assert db.entity("Lena", user_id="u").name == "Lena Xjwmark"
    db.delete_episode("b", user_id="u")
    with db.store.session() as s:
        keys = set(s.execute(select(AliasRow.key)).scalars())
    assert keys == {"ann", "lena", "lena smith"}
    assert db.entity("lena smith", user_id="u").name == "Lena Smith"


def test_the_assistant_speaking_is_typed_the_assistant_not_a_person(db: MemoryDB) -> None:
    db.add([turn("My sister Lena lives in Toronto.", id="1"),
            turn("Toronto sounds lovely.", id="2", name="Assistant", role="assistant"),
            turn("Did the Assistant tell you about Lena?", id="3", name="Lena")], user_id="u1")
    types = {e.name: e.type for e in db.entities(user_id="u1")}
    assert types["Assistant"] == "assistant" and types["Ann"] == "person" and types["Lena"] == "person"
    assert "Assistant" not in {e.name for e in db.entities(user_id="u1", type="person")}
    assert [e.name for e in db.entities(user_id="u1", type="assistant")] == ["Assistant"]


def test_links_between_names_said_together_are_no_facts_to_list(tmp_path) -> None:
    """related_to joins entities named in one turn for graph retrieval; nobody stated it, so
    facts() lists it only when asked by its label, and graph() still draws it."""
    script = {"I live in Paris, near Rome.": ["Ann|lives_in|Paris", "Ann|related_to|Rome"]}
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Scripted(script)) as memory:
        memory.add([turn("I live in Paris, near Rome.", id="1")], user_id="u")
        assert [f.label for f in memory.facts(user_id="u")] == ["lives_in"]
        assert [f.label for f in memory.entity("Ann", user_id="u").facts] == ["lives_in"]
        assert [f.object for f in memory.facts(user_id="u", label="related_to")] == ["Rome"]
        assert sorted(d["label"] for _, _, d in memory.graph(user_id="u").edges(data=True)) == ["lives_in", "related_to"]


def test_a_new_state_ends_the_absence_an_ending_left(kdb: MemoryDB) -> None:
    """After "Bob and I broke up" one is single; a new partner ends that too, so for "now" the
    breakup is history, while it still held in between."""
    kdb.add([turn("I am dating Bob.", id="1", ts="2023-01-10T10:00:00"),
             turn("Bob and I broke up.", id="2", ts="2023-03-01T10:00:00")], user_id="u")
    kdb.add([turn("I am dating Carl.", id="3", ts="2023-06-01T10:00:00")], user_id="u")
    breakup = kdb.facts(user_id="u", entity="Ann", label="broke_up_with")
    assert [(f.object, f.invalid_at.date().isoformat()) for f in breakup] == [("Bob", "2023-06-01")]
    assert [f.label for f in kdb.facts(user_id="u", entity="Ann", as_of="2023-04-01", current_only=True)] == [
        "broke_up_with"]


def test_my_sister_is_whoever_the_askers_facts_say(tmp_path) -> None:
    """"Where does my sister live?" asks about the asker's sibling: the speaker of the user's
    turns, one hop in the graph, as "Ann's sister" would."""
    from memdb import graph as graphs

    script = {"My sister Kate lives in Rome.": ["Ann|sibling_of|Kate", "Kate|lives_in|Rome"]}
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Scripted(script)) as memory:
        memory.add([turn("My sister Kate lives in Rome.", id="1")], user_id="u")
        (kate,) = [e.id for e in memory.entities(user_id="u") if e.name == "Kate"]
        with memory.store.session() as s:
            for query in ("Where does my sister live?", "Where does my little sister live now?"):
                seeds = graphs.user_self(s, "u", query)
                assert graphs.related_entities(s, "u", query, seeds) == {kate: "my sister"}
            assert graphs.related_entities(s, "u", "Where does my dog sleep?", graphs.user_self(s, "u", "my")) == {}


def test_a_listing_shows_the_noun_phrases_a_fact_is_about_not_every_one_said(db: MemoryDB) -> None:
    """"the flat", "the view" are what a turn talks about (search and the graph keep them);
    entities() lists them once something is stated of them ("I hate coffee")."""
    db.add([turn("I genuinely hate coffee, and the flat has a view of the river.", id="1"),
            turn("We took Biscuit to the park.", id="2")], user_id="u")
    listed = {(e.name, e.type) for e in db.entities(user_id="u")}
    assert ("coffee", "concept") in listed and not {"flat", "view", "river", "park"} & {name for name, _ in listed}
    assert ("Biscuit", "concept") in listed  # a name, though nothing typed it yet
    assert db.entity("flat", user_id="u").type == "concept"  # still there, by name
    assert "flat" in {d["name"] for _, d in db.graph(user_id="u").nodes(data=True)}


def test_names_are_not_matched_by_the_vectors_of_an_embedder_that_knows_no_meaning(db: MemoryDB) -> None:
    """The hashing embedder gives "Baner" and "Koramangala" the same vector (one word each, one
    bucket in 64, the same sign): memory must not take one place for the other."""
    db.add([{"role": "user", "name": "Farhan", "content": "We live in Baner, near the hills."},
            {"role": "user", "name": "Farhan", "content": "My fiancee Zoya lives in Koramangala."}], user_id="u")
    assert {"Baner", "Koramangala"} <= {e.name for e in db.entities(user_id="u")}
    assert ("Zoya", "lives_in", "Koramangala") in {(f.subject, f.label, f.object) for f in db.facts(user_id="u")}


def test_an_assistants_you_is_the_user_it_answers(db: MemoryDB) -> None:
    """What the assistant says back ("so you've moved to Leeds", "enjoy the new flat in Leith") tells
    the user's facts; its own "I" tells none, and the user it speaks to is not typed the assistant."""
    db.add([turn("I live in Paris.", id="1", ts="2024-01-01T10:00:00"),
            turn("Got it: you now work at Harlow & Byrne as a route planner.", id="2", ts="2024-01-01T10:01:00",
                 name="Assistant", role="assistant"),
            turn("Big news next week.", id="3", ts="2024-02-01T10:00:00"),
            turn("Enjoy the new place in Leeds! I live in the cloud myself.", id="4", ts="2024-02-01T10:01:00",
                 name="Assistant", role="assistant")], user_id="u1")
    now = {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann") if f.invalid_at is None}
    assert {("works_at", "Harlow & Byrne"), ("works_as", "route planner"), ("lives_in", "Leeds")} <= now
    assert ("lives_in", "Paris") not in now  # the move the assistant told ended the old home
    assert not db.facts(user_id="u1", entity="Assistant")
    types = {e.name: e.type for e in db.entities(user_id="u1")}
    assert types["Ann"] == "person" and types["Assistant"] == "assistant"


@pytest.mark.parametrize("called_off", [
    "Change of plan, we're not moving to Edinburgh after all.", "The Edinburgh move is off.",
    "We've decided to stay in Manchester.", "Scrap that, staying put in Manchester."])
def test_a_plan_called_off_never_happens_and_the_old_state_holds_on(db: MemoryDB, called_off: str) -> None:
    db.add([turn("I live in Manchester.", id="home", ts="2024-01-01T10:00:00"),
            turn("I'm moving to Edinburgh at the end of the month.", id="plan", ts="2024-01-05T10:00:00"),
            turn(called_off, id="off", ts="2024-01-15T10:00:00")], user_id="u1")
    later = {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann", as_of="2024-03-01") if f.invalid_at is None}
    assert ("lives_in", "Manchester") in later and ("lives_in", "Edinburgh") not in later
    assert ("moving_to", "Edinburgh") not in later
    assert ("called_off", "Edinburgh") in {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann")}
    hits = db.search("Where do I live now?", user_id="u1", now="2024-03-01", k=3)
    assert hits[0].episode.id == "home"


def test_talk_of_the_planned_place_calls_nothing_off(db: MemoryDB) -> None:
    db.add([turn("I'm moving to Edinburgh at the end of the month.", id="plan", ts="2024-01-05T10:00:00"),
            turn("Edinburgh is lovely in spring, I'm not going to the party after all.", id="talk",
                 ts="2024-01-15T10:00:00")], user_id="u1")
    assert ("lives_in", "Edinburgh") in {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann", as_of="2024-03-01")
                                         if f.invalid_at is None}


def test_deleting_the_turn_that_called_a_plan_off_restores_the_plan(db: MemoryDB) -> None:
    db.add([turn("I live in Manchester.", id="home", ts="2024-01-01T10:00:00"),
            turn("I'm moving to Edinburgh at the end of the month.", id="plan", ts="2024-01-05T10:00:00"),
            turn("The Edinburgh move is off.", id="off", ts="2024-01-15T10:00:00")], user_id="u1")
    db.delete_episode("off", user_id="u1")
    later = {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann", as_of="2024-03-01") if f.invalid_at is None}
    assert ("lives_in", "Edinburgh") in later and not any(label == "called_off" for label, _ in later)


def test_an_end_tells_the_state_it_ends_held_until_then(db: MemoryDB) -> None:
    """"My last working day at Quillsoft is the 31st", never having said one worked there: the job
    held until then (since when, unknown); as of a day before, it holds; deleting the turn takes both."""
    db.add([turn("Big news, my last working day at Quillsoft is 31st May.", id="end", ts="2024-05-10T10:00:00"),
            turn("I gave up my flat in Leith and moved to Portobello.", id="move", ts="2024-05-12T10:00:00")],
           user_id="u1")
    facts = {(f.label, f.object): f for f in db.facts(user_id="u1", entity="Ann")}
    job = facts[("works_at", "Quillsoft")]
    assert job.valid_at is None and job.invalid_at.date().isoformat() == "2024-05-31"
    assert ("works_at", "Quillsoft") in {(f.label, f.object) for f in db.facts(
        user_id="u1", entity="Ann", as_of="2024-05-20", current_only=True)}
    assert facts[("lives_in", "Leith")].invalid_at is not None and facts[("lives_in", "Portobello")].invalid_at is None
    db.delete_episode("end", user_id="u1")
    assert not any(f.object == "Quillsoft" for f in db.facts(user_id="u1", entity="Ann"))


def test_an_end_of_a_state_already_told_adds_no_second_one(db: MemoryDB) -> None:
    db.add([turn("I work at Whitcomb Elementary as the office manager.", id="job", ts="2024-01-10T10:00:00"),
            turn("My last day at Whitcomb will be June 13th.", id="end", ts="2024-02-16T10:00:00"),
            turn("Tom and I broke up, and I left Paris.", id="other", ts="2024-02-20T10:00:00")], user_id="u1")
    jobs = [f for f in db.facts(user_id="u1", entity="Ann") if f.label == "works_at"]
    assert [(f.object, f.invalid_at.date().isoformat()) for f in jobs] == [("Whitcomb Elementary", "2024-06-13")]
    labels = {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann")}
    assert ("partner_of", "Tom") in labels  # a partner the breakup tells
    assert ("works_at", "Paris") not in labels  # one leaves a town as well as a job: no job


def test_finishing_at_the_school_one_teaches_at_is_leaving_the_job(db: MemoryDB) -> None:
    db.add([turn("I teach at Thornwood Primary.", id="job", ts="2024-01-10T10:00:00"),
            turn("I'm finishing at Thornwood Primary at the end of term.", id="end", ts="2024-05-10T10:00:00")],
           user_id="u1")
    labels = {(f.label, f.object) for f in db.facts(user_id="u1", entity="Ann")}
    assert ("studied_at", "Thornwood Primary") not in labels
    assert [f.invalid_at is not None for f in db.facts(user_id="u1", entity="Ann") if f.label == "works_at"] == [True]
