"""Smoke test of the benchmark harnesses (bench/): they run end to end on a tiny input and
score sensibly. The real numbers come from running bench/*.py, not from here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import ndcg_at, recall_at, reciprocal_rank
from bench.locomo import DEFAULT_DATA, Skipped, load_locomo, repair_evidence, run
from bench.temporal import generate

needs_data = pytest.mark.skipif(not DEFAULT_DATA.exists(), reason=f"LoCoMo data not found at {DEFAULT_DATA}")


def test_evidence_repair() -> None:
    known = {"D8:6", "D9:17", "D11:26", "D30:5"}
    skipped = Skipped()
    assert repair_evidence("D8:6; D9:17", known, skipped) == ["D8:6", "D9:17"]
    assert repair_evidence("D8:6 D9:17", known, skipped) == ["D8:6", "D9:17"]
    assert repair_evidence("D:11:26", known, skipped) == ["D11:26"]
    assert repair_evidence("D30:05", known, skipped) == ["D30:5"]
    assert repair_evidence("D", known, skipped) == []
    assert repair_evidence("D99:1", known, skipped) == []
    assert skipped.evidence_dropped == ["D", "D99:1"]


def test_metrics() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall_at(ranked, {"b", "z"}, 1) == 0.0
    assert recall_at(ranked, {"b", "z"}, 2) == 0.5
    assert reciprocal_rank(ranked, {"c"}) == pytest.approx(1 / 3)
    assert ndcg_at(ranked, {"a"}, 10) == 1.0
    assert 0 < ndcg_at(ranked, {"d"}, 10) < 1


def test_temporal_generator_is_deterministic_and_consistent() -> None:
    turns, questions = generate(users=2, seed=3)
    again, questions_again = generate(users=2, seed=3)
    assert turns == again and questions == questions_again
    by_id = {t.id: t for t in turns}
    assert len(by_id) == len(turns) and len(questions) > 20
    for q in questions:
        evidence = by_id[q.evidence]
        assert evidence.user == q.user and evidence.role == "user"
        assert q.as_of is None or evidence.at <= q.as_of


@needs_data
@pytest.mark.model
def test_locomo_harness_runs(tmp_path: Path, minilm) -> None:
    result = run(DEFAULT_DATA, ["default", "dense"], limit=1, max_turns=60, work=tmp_path, embedder=minilm,
                 say=lambda _: None)
    assert result["turns"] == 60 and result["questions"] > 5
    for name in ("default", "dense"):
        system = result["systems"][name]
        assert "error" not in system, system.get("error")
        overall = system["metrics"]["overall"]
        for metric, value in overall.items():
            assert 0.0 <= value / 100 <= 1.0, (name, metric, value)
        assert overall["recall@50"] >= overall["recall@5"] >= overall["recall@1"]
    # Re-running reuses the ingested store.
    again = run(DEFAULT_DATA, ["default"], limit=1, max_turns=60, work=tmp_path, embedder=minilm, say=lambda _: None)
    assert again["ingest_seconds"] == 0.0


@needs_data
@pytest.mark.model
def test_locomo_on_postgresql_answers_as_on_sqlite(tmp_path: Path, minilm, pg_cluster) -> None:
    """--db-url ingests each conversation into a database of its own: the same recall as SQLite's
    on a small slice (the whole dev split's comparison is bench/results/locomo_postgres.json)."""
    url = pg_cluster.create_database("locomo_smoke")
    args = dict(limit=1, max_turns=60, work=tmp_path, embedder=minilm, say=lambda _: None)
    on_sqlite = run(DEFAULT_DATA, ["lexical"], **args)["systems"]["lexical"]["metrics"]["overall"]
    result = run(DEFAULT_DATA, ["lexical"], db_url=url, **args)
    assert result["database"] == "postgresql" and "locomo_smoke_conv_26" in pg_cluster.sql("SELECT datname FROM pg_database")
    on_postgres = result["systems"]["lexical"]["metrics"]["overall"]
    assert abs(on_postgres["recall@10"] - on_sqlite["recall@10"]) <= 10.0 and on_postgres["recall@10"] > 0


@needs_data
def test_locomo_loader_counts_what_it_skips() -> None:
    conversations, questions, skipped = load_locomo(DEFAULT_DATA, limit=1)
    assert conversations[0].id == "conv-26" and len(conversations[0].turns) == 419
    assert skipped.evidence_repaired  # "D8:6; D9:17" in conv-26
    assert all(set(q.evidence) <= {t.id for t in conversations[0].turns} for q in questions)


def test_replicas_benchmark_runs_two_replicas_on_the_test_cluster(tmp_path: Path, pg_cluster) -> None:  # noqa: ANN001
    import json

    from bench.replicas import main

    out = tmp_path / "replicas.json"
    assert main(["--replicas", "2", "--seconds", "4", "--clients", "4", "--embedder", "hashing",
                 "--db-url", pg_cluster.url(), "--out", str(out)]) == 0
    [run] = json.loads(out.read_text())["runs"]
    assert run["replicas"] == 2 and run["ok"] > 0 and run["errors"] == 0
    assert all(r["requests_ok"] > 0 and r["cpu_s"] > 0 for r in run["per_replica"])  # both served
    probe = run["propagation"]
    assert probe["probes"] >= 1 and probe["found_by_first_search"] == probe["probes"] and not probe["failures"]
    assert run["sigterm_exit_codes"] == [0, 0]


def test_replicas_benchmark_reads_from_a_standby_with_standby(tmp_path: Path) -> None:
    import json

    from bench.replicas import main

    out = tmp_path / "replicas.json"
    assert main(["--standby", "--replicas", "2", "--seconds", "4", "--clients", "4", "--embedder", "hashing",
                 "--out", str(out)]) == 0
    [run] = json.loads(out.read_text())["runs"]
    assert run["backend"] == "postgresql+standby" and run["ok"] > 0 and run["errors"] == 0
    probe = run["propagation"]
    assert probe["found_by_first_search"] == probe["probes"] >= 1 and not probe["failures"]
    assert probe["read_from"].get("standby", 0) >= 1  # the replicas read the standby


@needs_data
def test_set_t_asks_of_the_labelled_states_with_their_evidence() -> None:
    """Set T's questions come from the tuning conversations' labels: each names turns that exist,
    stating the value that held; the superseded turns state another value."""
    from bench.temporal_conversations import build

    turns, questions = build()
    ids = {t.id for t in turns}
    assert len(ids) == len(turns)
    assert {q.kind for q in questions} == {"now", "as_of", "past"}
    assert {q.user for q in questions} == {"ines", "tomas", "adaeze", "denise", "kai", "farhan", "hamish"}
    for q in questions:
        assert q.evidence and q.evidence <= ids and q.superseded <= ids and not q.evidence & q.superseded
        assert (q.as_of is None) == (q.kind != "as_of")
    chidi = [q for q in questions if q.text == "Where is Chidi living these days?"]
    assert len(chidi) == 1 and "adaeze-s3-t05" in chidi[0].evidence and "adaeze-s1-t05" in chidi[0].superseded
    # a person the conversation never names is asked of as the user calls them: Kai's mum Naomi as "my mum"
    asked = " ".join(q.text for q in questions if q.user == "kai")
    assert "my mum" in asked and "Naomi" not in asked and "Hiroshi" not in asked


@needs_data
def test_the_held_out_set_t_asks_of_the_two_held_out_conversations() -> None:
    from bench.temporal_conversations import HELDOUT, build

    turns, questions = build(conversations=HELDOUT)
    ids = {t.id for t in turns}
    assert {q.user for q in questions} == {"siobhan", "lakshmi"} and {q.kind for q in questions} == {"now", "as_of", "past"}
    assert all(q.evidence and q.evidence <= ids for q in questions)


@needs_data
def test_set_t_asks_the_same_questions_in_each_wording() -> None:
    """The reworded and fresh wordings ask what the standard one asks, of the same evidence."""
    from bench.temporal_conversations import WORDINGS, build

    asked = {w: build(wording=w)[1] for w in WORDINGS}
    standard = asked["standard"]
    for wording, questions in asked.items():
        assert [(q.kind, q.evidence, q.now) for q in questions] == [(q.kind, q.evidence, q.now) for q in standard]
        if wording != "standard":
            assert not {q.text for q in questions} & {q.text for q in standard}


def test_statement_banks_score_and_the_held_out_one_keeps_its_misses_unread(tmp_path: Path) -> None:
    import json

    from bench.statements import BANKS, main, score

    bank = json.loads(BANKS["tuning"].read_text(encoding="utf-8"))
    assert len(bank) == 160 and all(item["text"] and item["speaker"] for item in bank)
    result = score(bank[:20])
    assert 0 <= result["fact_recall"] <= 1 and 0 <= result["precision"] <= 1 and result["messages"] == 20
    main(["--bank", "heldout", "--out", str(tmp_path / "h.json")])
    written = json.loads((tmp_path / "h.json").read_text())
    assert "misses" not in written and written["bank"] == "heldout" and written["messages"] == 160
