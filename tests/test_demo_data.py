"""Structural checks for the bundled demo conversation (memdb/data/demo_conversation.json)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "memdb" / "data" / "demo_conversation.json"
KINDS = {"paraphrase", "entity_alias", "temporal", "current", "as_of", "exact"}


@pytest.fixture(scope="module")
def doc() -> dict:
    with DATA.open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def turns(doc) -> dict[str, dict]:
    return {t["id"]: t for s in doc["sessions"] for t in s["turns"]}


def ts(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is None, f"timestamp must not carry a timezone: {value}"
    return parsed


def test_top_level_fields(doc):
    for key in ("title", "user_id", "description", "speakers", "sessions", "questions"):
        assert key in doc, key
    assert doc["speakers"] == {"user": "Maya", "assistant": "Assistant"}


def test_counts(doc):
    sessions = doc["sessions"]
    assert 20 <= len(sessions) <= 24
    n_turns = sum(len(s["turns"]) for s in sessions)
    assert 300 <= n_turns <= 360
    for s in sessions:
        assert 10 <= len(s["turns"]) <= 20, s["session_id"]
    assert 30 <= len(doc["questions"]) <= 40


def test_ids_unique_and_well_formed(doc):
    sids = [s["session_id"] for s in doc["sessions"]]
    assert len(sids) == len(set(sids))
    ids = [t["id"] for s in doc["sessions"] for t in s["turns"]]
    assert len(ids) == len(set(ids))
    for s in doc["sessions"]:
        for t in s["turns"]:
            assert t["id"].startswith(s["session_id"] + "-t"), t["id"]


def test_turn_fields(doc):
    names = doc["speakers"]
    for s in doc["sessions"]:
        for t in s["turns"]:
            assert set(t) == {"id", "role", "name", "content", "timestamp"}, t["id"]
            assert t["role"] in ("user", "assistant"), t["id"]
            assert t["name"] == names[t["role"]], t["id"]
            assert t["content"].strip() == t["content"] and t["content"], t["id"]


def test_timestamps_increase(doc):
    last_session_end = None
    for s in doc["sessions"]:
        start = ts(s["started_at"])
        stamps = [ts(t["timestamp"]) for t in s["turns"]]
        assert stamps[0] == start, s["session_id"]
        assert all(a < b for a, b in zip(stamps, stamps[1:])), s["session_id"]
        if last_session_end is not None:
            assert start > last_session_end, s["session_id"]
        last_session_end = stamps[-1]


def test_turn_lengths(doc):
    for s in doc["sessions"]:
        for t in s["turns"]:
            words = len(t["content"].split())
            if t["role"] == "user":
                assert 8 <= words <= 35, (t["id"], words)
            else:
                sentences = [x for x in re.split(r"(?<=[.!?])\s+", t["content"]) if x]
                assert 1 <= len(sentences) <= 2, t["id"]


def test_mostly_alternating(doc):
    same = sum(
        1
        for s in doc["sessions"]
        for a, b in zip(s["turns"], s["turns"][1:])
        if a["role"] == b["role"]
    )
    total = sum(len(s["turns"]) for s in doc["sessions"])
    assert same <= total * 0.05


def test_questions(doc, turns):
    kinds = Counter()
    for q in doc["questions"]:
        assert set(q) == {"question", "kind", "now", "as_of", "evidence", "answer"}, q
        assert q["kind"] in KINDS, q["kind"]
        kinds[q["kind"]] += 1
        assert q["question"].strip() and q["answer"].strip()
        assert 1 <= len(q["evidence"]) <= 2, q["question"]
        now = ts(q["now"])
        cutoff = now
        if q["as_of"] is not None:
            cutoff = ts(q["as_of"])
            assert cutoff <= now
        assert (q["as_of"] is not None) == (q["kind"] == "as_of"), q["question"]
        for eid in q["evidence"]:
            assert eid in turns, eid
            assert ts(turns[eid]["timestamp"]) <= cutoff, (q["question"], eid)
    for kind in KINDS:
        assert kinds[kind] >= 4, (kind, kinds[kind])
