"""What erasure costs: delete_episode and forget, which must leave nothing of the erased rows
in any file, against the same calls without the full-text merge that erasing needs.

    python bench/erasure.py [--sizes 1000,10000,100000] [--out bench/results/erasure.json]

Stores of N turns (100 users, tests/workers.py's turns, a 64-d hashing embedder: the cost is
SQL's, not the model's). For each size: 9 delete_episode calls and 3 forget calls (a user of
N/100 turns), timed as a user sees them; the same calls with the full-text merge left out
(``Store.purge`` a no-op) — what a delete cost before erasure was required; and the merge alone.
SQLite 3.40's FTS5 keeps a deleted row's terms in its segments until they are merged, and has
no secure-delete option (3.44+), so erasing merges the whole full-text index: its cost grows
with the store, not with what is erased.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, environment, write_json  # noqa: E402

USERS = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", type=Path, default=RESULTS / "erasure.json")
    args = parser.parse_args(argv)
    runs = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(measure(Path(folder), size))
        r = runs[-1]
        print(f"{size:>7} turns: delete {r['delete_ms']['median']:.0f} ms (without the merge "
              f"{r['delete_without_merge_ms']['median']:.0f}), forget {r['forget_ms']['median']:.0f} ms, "
              f"merge alone {r['merge_ms']['median']:.0f} ms, full-text index {r['fulltext_mb']:.1f} MB", flush=True)
    write_json(args.out, {"environment": environment(), "erasure": runs})
    return 0


def _ms(calls: list[float]) -> dict[str, float]:
    return {"median": statistics.median(calls), "max": max(calls), "calls": len(calls)}


def measure(folder: Path, size: int) -> dict:
    from sqlalchemy import text

    from tests.workers import open_db, turns

    per_user = size // USERS
    db = open_db(folder)
    started = time.perf_counter()
    for u in range(USERS):
        for b in range(0, per_user, 50):
            db.add(turns(f"u{u}", b, min(50, per_user - b)), user_id=f"u{u}")
    ingest_s = time.perf_counter() - started

    def timed(call) -> float:  # noqa: ANN001
        t = time.perf_counter()
        call()
        return (time.perf_counter() - t) * 1000

    deletes = [timed(lambda u=u: db.delete_episode(f"u{u}-0-0", user_id=f"u{u}")) for u in range(9)]
    forgets = [timed(lambda u=u: db.forget(user_id=f"u{u}")) for u in range(90, 93)]
    purge = db.store.purge
    db.store.purge = lambda connection: None  # type: ignore[method-assign]
    bare = [timed(lambda u=u: db.delete_episode(f"u{u}-0-1", user_id=f"u{u}")) for u in range(9)]
    db.store.purge = purge  # type: ignore[method-assign]
    merges = []
    for u in range(9):
        db.store.purge = lambda connection: None  # type: ignore[method-assign]
        db.delete_episode(f"u{u}-0-2", user_id=f"u{u}")
        db.store.purge = purge  # type: ignore[method-assign]
        with db.store.session(write=True) as s:
            merges.append(timed(lambda s=s: db.store.purge(s.connection())))
    with db.store.engine.connect() as c:
        fulltext = c.execute(text("SELECT sum(length(block)) FROM episodes_fts_data")).scalar() or 0
    db.close()
    return {"turns": size, "users": USERS, "ingest_s": ingest_s, "delete_ms": _ms(deletes),
            "delete_without_merge_ms": _ms(bare), "forget_ms": _ms(forgets) | {"turns_forgotten": per_user},
            "merge_ms": _ms(merges), "fulltext_mb": fulltext / 1e6,
            "db_mb": (folder / "memdb.sqlite3").stat().st_size / 1e6}


if __name__ == "__main__":
    sys.exit(main())
