"""The demo: ingest the sample conversation shipped with memdb, then ask it questions —
paraphrased, by alias, relative in time, current and as-of — and show why each hit ranked."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from memdb.db import MemoryDB
from memdb.models import Hit

Print = Callable[[str], None]


def load_demo_conversation() -> dict[str, Any]:
    return json.loads(resources.files("memdb").joinpath("data/demo_conversation.json").read_text("utf-8"))


def demo_messages(session: dict[str, Any]) -> list[dict[str, Any]]:
    """A session's turns as add() messages, with the time each was said: an imported history,
    as a user would add one."""
    return list(session["turns"])


def ingest_demo(db: MemoryDB, data: dict[str, Any], *, say: Print = print) -> tuple[int, float]:
    started = time.perf_counter()
    turns = 0
    for session in data["sessions"]:
        turns += len(db.add(demo_messages(session), user_id=data["user_id"], session_id=session["session_id"]))
    return turns, time.perf_counter() - started


def format_hit(rank: int, hit: Hit) -> str:
    e = hit.episode
    parts = " ".join(f"{signal}={value:.3f}" for signal, value in hit.scores.items() if value)
    text = e.content if len(e.content) <= 110 else e.content[:107] + "…"
    return (f"  {rank}. [{e.id} {e.occurred_at:%Y-%m-%d}] {e.name or e.role}: {text}\n"
            f"     score {hit.score:.3f} = {parts or '0'}")


# A handful of the golden questions, one of each kind the demo is meant to show.
SHOWCASE = [
    ("paraphrase", "What pet does Maya have?"),
    ("entity_alias", "What happened between Maya and Dan?"),
    ("temporal", "What did I tell you about my race last week?"),
    ("current", "Where does Maya live now?"),
    ("as_of", "Where did Maya live?"),
]


def run_demo(path: str | Path, *, say: Print = print, k: int = 3) -> dict[str, Any]:
    data = load_demo_conversation()
    user = data["user_id"]
    questions = {(q["kind"], q["question"]): q for q in data["questions"]}
    say(f"memdb demo — data folder {path}")
    with MemoryDB(path) as db:
        say(f"Ingesting '{data['title']}': {sum(len(s['turns']) for s in data['sessions'])} turns "
            f"in {len(data['sessions'])} sessions (first run loads the embedding model)…")
        turns, seconds = ingest_demo(db, data, say=say)
        say(f"  {turns} turns in {seconds:.1f} s ({turns / seconds:.0f} turns/s; re-running is idempotent)\n")
        results = {}
        for kind, text in SHOWCASE:
            q = questions[(kind, text)]
            options = {"now": q["now"], "as_of": q.get("as_of")}
            shown = ", ".join(f"{k}={v}" for k, v in options.items() if v)
            say(f"[{kind}] {text}   ({shown})")
            hits = db.search(text, user_id=user, k=k, **options)
            for rank, hit in enumerate(hits, 1):
                say(format_hit(rank, hit))
            found = [h.episode.id for h in hits]
            results[text] = any(e in found for e in q["evidence"])
            say(f"  expected {', '.join(q['evidence'])}: {'found' if results[text] else 'MISSED'}\n")
        for as_of in (None, "2024-03-01"):
            facts = db.facts(user_id=user, entity="Maya", as_of=as_of, label="lives_in")
            label = f"as of {as_of}" if as_of else "history"
            say(f"Where Maya lives ({label}): " + "; ".join(
                f"{f.object} [{f.valid_at:%Y-%m-%d} → {f.invalid_at:%Y-%m-%d}]" if f.invalid_at
                else f"{f.object} [{f.valid_at:%Y-%m-%d} → now]" for f in facts) or "nothing known")
        graph = db.graph(user_id=user)
        say(f"\nEntity graph: {graph.number_of_nodes()} entities, {graph.number_of_edges()} facts; "
            f"stats {db.stats(user_id=user)}")
    return {"turns": turns, "seconds": seconds, "found": results}
