"""Ingest and search speed on the demo conversation, against the model's own speed.

    python bench/demo_speed.py [--repeat 5] [--out bench/results/demo_speed.json]

1. Raw embedding: the loaded model embeds the demo's 333 turn texts ("speaker: content", what
   memdb embeds) session by session, as ingest gets them — the physical limit of ingest on this
   machine; and in one call (sorted by length, least padding), the model's best case.
2. Ingest: a fresh MemoryDB with the same loaded model adds the conversation session by session
   (validation, extraction, embedding, SQL, full-text, graph, vector index), each session timed
   right before or after the raw embedding of its texts (interleaved: the VM's speed drifts).
3. Search: every golden question of the demo, ``repeat`` times, with the query-vector cache off,
   so each search pays for embedding its query; p50/p95/p99 in-process.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, environment, ingest_against_raw, percentiles, write_json  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "demo_speed.json")
    args = parser.parse_args(argv)

    from memdb import MemoryDB, SentenceTransformerEmbedder
    from memdb.demo import demo_messages, load_demo_conversation

    data = load_demo_conversation()
    embedder = SentenceTransformerEmbedder(cache_size=0)
    # The same texts memdb embeds (NewEpisode.embed_text: "speaker: content").
    texts = [f"{t['name']}: {t['content']}" for s in data["sessions"] for t in s["turns"]]
    embedder.embed(texts[:64])  # load the model and warm up

    sessions = [[f"{t['name']}: {t['content']}" for t in s["turns"]] for s in data["sessions"]]
    raw_runs, bulk_runs, ingest_runs = [], [], []
    folder = Path(tempfile.mkdtemp(prefix="memdb-demo-speed-"))
    try:
        with MemoryDB(folder / "warm-up", embedder=embedder) as db:  # the extractor's word lists load once
            db.add(demo_messages(data["sessions"][0]), user_id="warm-up", session_id="warm-up")
        # Raw embedding and ingest interleaved session by session, three fresh stores; the
        # medians are the figures.
        for run in range(3):
            started = time.perf_counter()
            embedder.embed(texts)
            bulk_runs.append(time.perf_counter() - started)
            with MemoryDB(folder / str(run), embedder=embedder) as db:
                raw, ingest = ingest_against_raw(embedder.embed, [
                    (session_texts, functools.partial(db.add, demo_messages(session), user_id=data["user_id"],
                                                      session_id=session["session_id"]))
                    for session_texts, session in zip(sessions, data["sessions"])
                ])
            raw_runs.append(raw)
            ingest_runs.append(ingest)
        raw_seconds, bulk_seconds, ingest_seconds = sorted(raw_runs)[1], sorted(bulk_runs)[1], sorted(ingest_runs)[1]
        with MemoryDB(folder / "0", embedder=embedder) as db:
            latencies = []
            for _ in range(args.repeat):
                for q in data["questions"]:
                    t0 = time.perf_counter()
                    db.search(q["question"], user_id=data["user_id"], k=10, now=q["now"], as_of=q["as_of"])
                    latencies.append((time.perf_counter() - t0) * 1000)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = {
        "turns": len(texts),
        "raw_embedding_turns_per_s": len(texts) / raw_seconds,
        "raw_embedding_one_call_turns_per_s": len(texts) / bulk_seconds,
        "ingest_turns_per_s": len(texts) / ingest_seconds,
        "ingest_to_raw_ratio": sorted(r / i for r, i in zip(raw_runs, ingest_runs))[1],
        "search_ms": percentiles(latencies),
        "searches": len(latencies),
        "environment": environment(),
    }
    write_json(args.out, result)
    print(f"raw embedding {result['raw_embedding_turns_per_s']:.0f} turns/s by session "
          f"({result['raw_embedding_one_call_turns_per_s']:.0f} in one call); ingest {result['ingest_turns_per_s']:.0f} "
          f"turns/s (ratio {result['ingest_to_raw_ratio']:.2f}); search p50 {result['search_ms']['p50']:.1f} ms, "
          f"p95 {result['search_ms']['p95']:.1f} ms over {len(latencies)} searches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
