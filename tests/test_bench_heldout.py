"""Smoke tests of the held-out benchmarks (bench/temporal_heldout.py, bench/extraction.py): they
run on a tiny input, produce well-formed results, and call memdb only as a user would. The real
figures come from running the scripts, not from here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import CachedEmbedder  # noqa: E402
from bench.extraction import SAMPLE, fact_key, norm  # noqa: E402
from bench.extraction import run as run_extraction  # noqa: E402
from bench.heldout_questions import KINDS  # noqa: E402
from bench.heldout_world import locomo_path  # noqa: E402
from bench.temporal_heldout import generate, run  # noqa: E402

needs_locomo = pytest.mark.skipif(not locomo_path().exists(), reason=f"LoCoMo data not found at {locomo_path()}")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every MemoryDB.add message and search keyword the benchmark passes."""
    from memdb import MemoryDB

    seen: list[tuple[str, Any]] = []
    add, search = MemoryDB.add, MemoryDB.search

    def spy_add(self: MemoryDB, messages: Any, **kw: Any) -> Any:
        seen.extend(("message", m) for m in messages)
        return add(self, messages, **kw)

    def spy_search(self: MemoryDB, query: str, **kw: Any) -> Any:
        seen.append(("search", kw))
        return search(self, query, **kw)

    monkeypatch.setattr(MemoryDB, "add", spy_add)
    monkeypatch.setattr(MemoryDB, "search", spy_search)
    return seen


@needs_locomo
def test_heldout_set_is_deterministic_and_its_evidence_consistent() -> None:
    worlds, questions = generate(2, seed=5)
    again, questions_again = generate(2, seed=5)
    assert [w.turns for w in worlds] == [w.turns for w in again] and questions == questions_again
    assert generate(1, seed=5)[0][0].turns == worlds[0].turns  # user i does not depend on --users
    turns = {t.id: t for w in worlds for t in w.turns}
    assert len(turns) == sum(len(w.turns) for w in worlds)
    assert {q.kind for q in questions} == set(KINDS)
    for q in questions:
        assert q.evidence and not set(q.evidence) & set(q.superseded), q
        for tid in (*q.evidence, *q.superseded):
            assert turns[tid].user == q.user and turns[tid].at <= q.moment, (q, tid)
        if q.kind in ("now", "as_of", "past", "plan"):
            values = {c[2] or "none" for tid in q.evidence for c in turns[tid].claims}
            assert q.answer in values, (q, values)
    # the set has what it promises: changes announced for later, pronoun subjects, plans called
    # off, an assistant repeating old values, and old values outranking nothing yet
    texts = [t.text for t in turns.values()]
    assert any(t.startswith(("She ", "He ")) for t in texts)
    assert any(q.variant == "cancelled" for q in questions) or any(q.variant == "after" for q in questions)
    assert any(c[3] == "echo" for t in turns.values() for c in t.claims)
    assert any(q.superseded for q in questions if q.kind == "now")


@needs_locomo
@pytest.mark.model
def test_heldout_harness_runs_and_calls_memdb_as_users_do(tmp_path: Path, minilm: Any, calls: list[tuple[str, Any]],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.heldout_questions

    monkeypatch.setattr(bench.heldout_questions, "CAPS", dict.fromkeys(KINDS, 4))  # a few of each kind
    embedder = CachedEmbedder(minilm, None)  # each query embedded once for memdb and dense
    result = run(1, 5, work=tmp_path, embedder=embedder, sessions=10, say=lambda _: None)
    assert result["questions"] >= 12 and set(result["questions_per_kind"]) == set(KINDS) and set(result["systems"]) == {"default", "dense", "fts5"}
    for name, system in result["systems"].items():
        overall = system["metrics"]["overall"]
        assert 0 <= overall["recall@1"] <= overall["recall@5"] <= overall["recall@10"] <= 100, (name, overall)
        assert overall["n"] == result["questions"]
        now = system["superseded_above_current"]["now"]
        assert 0 <= now["above"] <= now["with_old_value"] <= now["questions"]
    assert result["systems"]["default"]["metrics"]["relative"]["recall@5"] > 0  # it retrieves something real
    messages = [m for kind, m in calls if kind == "message"]
    assert messages and all(set(m) <= {"role", "name", "content", "id", "timestamp"} for m in messages)
    searches = [kw for kind, kw in calls if kind == "search"]
    assert searches and all(set(kw) in ({"user_id", "k", "now"}, {"user_id", "k", "as_of"}) for kw in searches)


# ------------------------------------------------------------------ the extraction sample
def _sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_extraction_sample_is_well_formed_and_matches_the_demo() -> None:
    from memdb.demo import load_demo_conversation

    sample = _sample()
    turns = sample["turns"]
    demo = {t["id"]: t for s in load_demo_conversation()["sessions"] for t in s["turns"]}
    assert len(turns) >= 150 and len({(t["source"], t["id"]) for t in turns}) == len(turns)
    assert 60 <= sum(t["source"] == "demo" for t in turns) <= 100 and sum(t["source"] == "new" for t in turns) >= 100
    vocabulary = set(sample["vocabulary"])
    for t in turns:
        inventory = {e["name"] for e in sample["entities"][t["source"]]}
        if t["source"] == "demo":  # the labels are of the demo as it ships
            shipped = demo[t["id"]]
            assert (shipped["content"], shipped["timestamp"], shipped["role"]) == (t["content"], t["timestamp"], t["role"])
        assert {m["name"] for m in t["entities"]} <= inventory, t["id"]
        for f in (*t["facts"], *t["ends"]):
            assert f["label"] in vocabulary and {f["subject"], f["object"]} <= inventory, (t["id"], f)
        for f in t["ends"]:
            assert f["effective"][0] <= f["effective"][1], (t["id"], f)
    for source in sample["sources"]:
        assert sum(len(t["ends"]) for t in turns if t["source"] == source) >= 5


def test_extraction_tuning_conversation_is_well_formed_and_apart_from_the_sample() -> None:
    """The conversation rules are tuned on: the sample's format, one source, its own people."""
    tuning = json.loads((SAMPLE.parent / "extraction_tuning.json").read_text(encoding="utf-8"))
    turns = tuning["turns"]
    assert list(tuning["sources"]) == ["tuning"] and tuning["vocabulary"] == _sample()["vocabulary"]
    assert 80 <= len(turns) <= 120 and len({t["id"] for t in turns}) == len(turns)
    assert all(t["source"] == "tuning" for t in turns) and len({t["session"] for t in turns}) >= 5
    inventory = {e["name"] for e in tuning["entities"]["tuning"]}
    for t in turns:
        assert {m["name"] for m in t["entities"]} <= inventory, t["id"]
        for f in (*t["facts"], *t["ends"]):
            assert f["label"] in tuning["vocabulary"] and {f["subject"], f["object"]} <= inventory, (t["id"], f)
    assert sum(len(t["ends"]) for t in turns) >= 15
    shared = {t["content"] for t in _sample()["turns"]} & {t["content"] for t in turns}
    assert not shared, f"{len(shared)} turns are the sample's"  # not printed: the sample is held out


def test_extraction_scorer_compares_names_and_labels_as_documented() -> None:
    assert norm("the Liffey") == norm("Liffey") and norm("Graça") == norm("graca") and norm("Lena's") == "lena"
    assert fact_key("A", "partner_of", "B") == fact_key("B", "partner_of", "A")
    assert fact_key("A", "child_of", "B") == fact_key("B", "parent_of", "A")
    assert fact_key("A", "works_at", "B") != fact_key("B", "works_at", "A")
    assert fact_key("A", "quit", "B", family=True) == fact_key("A", "works_at", "B", family=True)
    assert fact_key("A", "quit", "B") != fact_key("A", "works_at", "B")


def test_extraction_harness_runs_and_calls_memdb_as_users_do(tmp_path: Path, calls: list[tuple[str, Any]]) -> None:
    from memdb import HashingEmbedder

    sample = _sample()
    keep = {"s01", "s14", "n01", "n06"}  # sessions with facts and state changes in both sources
    sample["turns"] = [t for t in sample["turns"] if t["session"] in keep]
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    result = run_extraction(path, work=tmp_path, embedder=HashingEmbedder(), say=lambda _: None)
    assert set(result["sources"]) == {"demo", "new"} and result["turns"] == len(sample["turns"])
    for source in result["sources"].values():
        for part in ("entities", "facts"):
            for metric in ("precision", "recall"):
                assert 0.0 <= source[part][metric] <= 1.0
        assert source["facts"]["matched"] == source["facts"]["labelled"] - len(source["facts"]["misses"])
        changes = source["state_changes"]
        assert changes["n"] == len(changes["changes"]) > 0 and 0 <= changes["ended_on_time"] <= changes["ended"] <= 1
    assert result["sources"]["demo"]["entities"]["matched"] > 0  # it reads real entities back
    messages = [m for kind, m in calls if kind == "message"]
    assert len(messages) == len(sample["turns"]) and all("recorded_at" not in m for m in messages)
