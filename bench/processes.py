"""Several processes on one data folder for minutes: writes, deletes, forgets, restarts and
kill -9, checked at every step and at the end (the CI tests run the same scenarios briefly).

    python bench/processes.py [--seconds 300] [--processes 3] [--seed 7] [--out bench/results/processes.json]

Each round, with real worker processes (tests/workers.py ``driver``) on one folder:
- two processes add batches at once (their changes interleave in the change log), one to a user
  of its own, one to the user every process writes;
- a probe: one process adds a turn with a word of its own, another searches for it right after
  the add returned — the propagation delay, which must be one search (no waiting); a fresh
  process's first search (cold caches) is counted apart;
- sometimes a process deletes a probe turn and another must no longer find it; sometimes a
  process forgets a user another one has indexed, and the other must hold no vector of it;
- sometimes a process is closed, or killed with SIGKILL in the middle of adding, and replaced.
Indexes save every 50 changes, so the change log is compacted as it goes. At the end every
acknowledged turn not deleted is stored and indexed exactly once, no batch is stored in part,
nothing deleted or forgotten is back. Also measured: ``follow()`` with nothing new (the read a
process does before every search).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, environment, percentiles, write_json  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "processes.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = run(Path(folder), seconds=args.seconds, processes=args.processes, seed=args.seed)
    write_json(args.out, {"environment": environment(), "processes": result})
    delay = result["propagation_ms"]
    print(f"{result['rounds']} rounds, {result['turns_acknowledged']} turns, {result['kills']} kills, "
          f"{result['closes']} closes, {result['forgets']} forgets, {result['deletes']} deletes; propagation "
          f"p50 {delay['p50']:.1f} ms p95 {delay['p95']:.1f} ms; follow() idle {result['follow_idle_us']['p50']:.0f} µs "
          f"→ {args.out}")
    return 0


def run(folder: Path, *, seconds: float, processes: int, seed: int) -> dict:
    from sqlalchemy import func, select

    from memdb.store.schema import ChangeRow, EpisodeRow
    from tests.processes import Driver, check_indexed_exactly_once, worker_env
    from tests.workers import open_db, turns

    rng = random.Random(seed)
    env = worker_env(MEMDB_INDEX_CHECKPOINT_EVERY="50")
    workers = [Driver(folder, env) for _ in range(processes)]
    acknowledged: dict[str, str] = {}  # turn id → user
    deleted: set[str] = set()
    forgotten: set[str] = set()
    delays: list[float] = []  # after the reader's first search (a fresh process's first one warms it up)
    first_delays: list[float] = []
    fresh = set(range(processes))
    counts = {"rounds": 0, "kills": 0, "closes": 0, "forgets": 0, "deletes": 0, "stale_hits": 0}
    size, started = 4, time.monotonic()

    def replace(i: int, *, kill: bool) -> None:
        if kill:
            workers[i].kill()
        else:
            workers[i].close()
        workers[i] = Driver(folder, env)
        fresh.add(i)

    while time.monotonic() - started < seconds:
        r = counts["rounds"]
        counts["rounds"] += 1
        a, b = rng.sample(range(processes), 2)
        own, shared = f"user{a}-{r % 5}", "shared"
        workers[a].send("add_batches", user=own, prefix=f"r{r}a", start=0, batches=3, size=size)
        workers[b].send("add_batches", user=shared, prefix=f"r{r}b", start=0, batches=3, size=size)
        workers[a].receive()
        workers[b].receive()
        for prefix, user in ((f"r{r}a", own), (f"r{r}b", shared)):
            acknowledged.update({t["id"]: user for n in range(3) for t in turns(prefix, n, size)})
        forgotten.discard(own)
        # Propagation: written by one, searched by another right after the write returned.
        writer, reader = rng.sample(range(processes), 2)
        workers[writer]("add", user="probe", turns=turns(f"p{r}", 0, 1))
        written = time.monotonic()
        found = workers[reader]("search", user="probe", query=f"wp{r}x0x0", k=1)
        (first_delays if reader in fresh else delays).append((time.monotonic() - written) * 1000)
        fresh.discard(reader)
        assert found == [f"p{r}-0-0"], f"round {r}: a turn written by {writer} was not found by {reader}: {found}"
        acknowledged[f"p{r}-0-0"] = "probe"
        if rng.random() < 0.3:  # delete a probe turn in one process; another must not find it
            victim = rng.randrange(r + 1)
            if f"p{victim}-0-0" not in deleted:
                workers[writer]("delete", user="probe", id=f"p{victim}-0-0")
                deleted.add(f"p{victim}-0-0")
                counts["deletes"] += 1
                counts["stale_hits"] += len(workers[reader]("search", user="probe", query=f"wp{victim}x0x0", k=1))
        if rng.random() < 0.15:  # forget a user another process has indexed
            user = f"user{a}-{rng.randrange(5)}"
            if workers[b]("stats", user=user)["episodes"]:
                workers[a]("forget", user=user)
                forgotten.add(user)
                counts["forgets"] += 1
                left = workers[b]("stats", user=user)
                counts["stale_hits"] += left["vectors"] + left["episodes"]
                for turn_id in [t for t, u in acknowledged.items() if u == user]:
                    del acknowledged[turn_id]
        if rng.random() < 0.12:  # a restart: closed, or killed in the middle of adding
            i = rng.randrange(processes)
            if rng.random() < 0.5:
                workers[i].send("add_batches", user=f"cut{r}", prefix=f"x{r}", start=0, batches=50, size=size)
                time.sleep(rng.uniform(0.0, 0.5))
                replace(i, kill=True)
                counts["kills"] += 1
            else:
                replace(i, kill=False)
                counts["closes"] += 1
    assert counts["stale_hits"] == 0
    for worker in workers:
        worker.close()

    per_user = check_indexed_exactly_once(folder, gone=tuple(forgotten))
    with open_db(folder) as db:
        with db.store.session() as s:
            ids = set(s.execute(select(EpisodeRow.id)).scalars())
            log_rows = int(s.execute(select(func.count()).select_from(ChangeRow)).scalar() or 0)
        log_last = db._follower.position
        idle = []
        for _ in range(20_000):
            t = time.perf_counter()
            db._follower.follow()
            idle.append((time.perf_counter() - t) * 1e6)
    missing = set(acknowledged) - deleted - ids
    assert not missing, f"acknowledged turns lost: {sorted(missing)[:10]}"
    assert not (deleted & ids), "a deleted turn is back"
    cut = {}
    for turn_id in ids:
        if turn_id.startswith("x"):
            prefix, batch, _ = turn_id.split("-")
            cut[(prefix, batch)] = cut.get((prefix, batch), 0) + 1
    assert set(cut.values()) <= {size}, "a batch cut by a kill was stored in part"
    return counts | {
        "seconds": round(time.monotonic() - started, 1), "processes": processes,
        "turns_acknowledged": len(acknowledged) + len(deleted), "turns_stored_at_end": len(ids),
        "users_at_end": len(per_user), "lost": 0, "resurrected": 0, "half_batches": 0,
        "vectors_equal_episodes": True,
        "propagation_ms": percentiles(delays, (50, 95)) | {"max": max(delays), "probes": len(delays)},
        "propagation_first_search_of_a_process_ms": percentiles(first_delays, (50, 95)) | {
            "max": max(first_delays, default=0.0), "probes": len(first_delays)},
        "change_log": {"changes_written": log_last, "rows_left_after_compaction": log_rows},
        "follow_idle_us": {"p50": statistics.median(idle), "p95": percentiles(idle, (95,))["p95"],
                           "turns_in_store": len(ids)},
    }


if __name__ == "__main__":
    sys.exit(main())
