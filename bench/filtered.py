"""Metadata filters on a big user: search and timeline latency with filters of every selectivity.

One user with ``--size`` turns (the scale benchmark's corpus and vectors, ``scale_corpus.py``),
each added with metadata as a chatbot would tag it::

    {"source": one of 4 (25% each), "channel": one of 100 (1%), "priority": 0-4,
     "project": {"name": one of 1000 (0.1%)}}

Searches (default recipe, k=10, ``now`` after the last turn) and timelines (newest 100) run with
no filter and with each filter below; every hit is checked against its filter. Medians and p95
in ms. Turns and queries are embedded by memdb's hashing embedder at MiniLM's 384 dimensions
(``--embedder hashing``): what a filter costs is SQL and the index's partition size, not the
vectors' values, and MiniLM would add its 12-16 ms a query (and hours of ingest on a busy VM).

    python bench/filtered.py [--size 100000] [--queries 100] [--out results/filtered.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, WORK, code_fingerprint, environment, percentiles  # noqa: E402
from bench.scale import query_texts, warm_page_cache  # noqa: E402
from bench.scale_corpus import SESSION, base_corpus, search_now, turn_stream, when  # noqa: E402

USER = "u0"
FILTERS: dict[str, dict[str, Any] | None] = {
    "none": None,
    "source (25%)": {"source": "chat"},
    "priority >= 3 (40%)": {"priority": {"$gte": 3}},
    "channel (1%)": {"channel": "c7"},
    "project.name (0.1%)": {"project": {"name": "p42"}},
    "source and priority (10%)": {"source": "chat", "priority": {"$gte": 3}},
    "source $in, channel $ne (49.5%)": {"source": {"$in": ["chat", "email"]}, "channel": {"$ne": "c2"}},
}


def metadata(i: int) -> dict[str, Any]:
    return {"source": ("chat", "email", "slack", "notes")[i % 4], "channel": f"c{i % 100}", "priority": i % 5,
            "project": {"name": f"p{i % 1000}"}}


def passes(meta: dict[str, Any], name: str) -> bool:
    """The benchmark's filters read in Python, to check every hit."""
    return {
        "none": True,
        "source (25%)": meta["source"] == "chat",
        "priority >= 3 (40%)": meta["priority"] >= 3,
        "channel (1%)": meta["channel"] == "c7",
        "project.name (0.1%)": meta["project"]["name"] == "p42",
        "source and priority (10%)": meta["source"] == "chat" and meta["priority"] >= 3,
        "source $in, channel $ne (49.5%)": meta["source"] in ("chat", "email") and meta["channel"] != "c2",
    }[name]


def build(size: int, folder: Path, embedder: Any) -> dict[str, Any]:
    from memdb import MemoryDB

    names, contents = base_corpus()
    unused = np.zeros((len(contents), 1), dtype=np.float32)  # turn_stream mixes vectors; texts are all we take
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    with MemoryDB(folder, embedder=embedder) as db:
        for i, name, content, _ in turn_stream(size, names, contents, unused):
            batch.append({"role": "user", "name": name, "content": content, "id": f"t{i}",
                          "timestamp": when(i, "single", size), "metadata": metadata(i)})
            if len(batch) == SESSION or i == size - 1:
                db.add(batch, user_id=USER, session_id=f"s{i // SESSION}")
                batch = []
                if (i + 1) % 20_000 == 0:
                    print(f"  {i + 1} turns, {(i + 1) / (time.perf_counter() - started):.0f} turns/s", flush=True)
    return {"turns": size, "ingest_seconds": time.perf_counter() - started}


def timed(call: Any, queries: list[str]) -> tuple[list[float], list[Any]]:
    for q in queries[:20]:  # warm-up, untimed (also fills the query-vector cache)
        call(q)
    lat, results = [], []
    for q in queries:
        t0 = time.perf_counter()
        results.append(call(q))
        lat.append((time.perf_counter() - t0) * 1000)
    return lat, results


def run(size: int, queries: int) -> dict[str, Any]:
    from memdb import HashingEmbedder, MemoryDB

    model = HashingEmbedder(dimension=384)
    write_path = code_fingerprint(["memdb/store", "memdb/ingest.py", "memdb/filters.py"])
    folder = WORK / "filtered" / f"store-{size}-{write_path}"
    built = None if folder.exists() else build(size, folder, model)
    texts = query_texts()[:queries]
    out: dict[str, Any] = {"size": size, "queries": len(texts), "build": built, "search": {}, "timeline": {}}
    warm_page_cache(folder)
    with MemoryDB(folder, embedder=model) as db:
        gc.collect()
        gc.freeze()
        now = search_now(size)
        for name, where in FILTERS.items():
            lat, found = timed(lambda q: db.search(q, user_id=USER, k=10, now=now, filter=where), texts)
            hits = [h for hits in found for h in hits]
            assert all(passes(h.episode.metadata, name) for h in hits), name
            out["search"][name] = {"ms": percentiles(lat), "mean_hits": len(hits) / len(found)}
            lat, pages = timed(lambda q: db.timeline(user_id=USER, limit=100, newest_first=True, filter=where),
                               texts[:30])
            assert all(passes(e.metadata, name) for page in pages for e in page), name
            out["timeline"][name] = {"ms": percentiles(lat), "turns": len(pages[0])}
            print(f"  {name:32s} search p50 {out['search'][name]['ms']['p50']:6.1f} ms  "
                  f"p95 {out['search'][name]['ms']['p95']:6.1f}  ({out['search'][name]['mean_hits']:.1f} hits)  "
                  f"timeline p50 {out['timeline'][name]['ms']['p50']:6.1f} ms", flush=True)
        gc.unfreeze()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--out", default=str(RESULTS / "filtered.json"))
    args = parser.parse_args(argv)
    result = {"environment": environment(), **run(args.size, args.queries)}
    if args.out != "-":
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
