"""kill -9 during library ingest, many times: no acknowledged turn lost, no half batch, every
turn indexed exactly once after the last kill (the CI test runs 5 kills; this runs 25).

    python bench/kill_ingest.py [--kills 25] [--seed 15] [--out bench/results/kill_ingest.json]

A worker process (tests/workers.py ``ingest``) adds batches of 6 turns to one folder, printing
each batch once add() returned; it saves its vector index every 30 turns, so some kills land in
a save. Each is killed with SIGKILL at a random moment 0.05–3 s after its first acknowledged
batch; the next one goes on after the last acknowledged batch, re-adding the batch in flight
(which may have committed: the ids make it a no-op). Then the folder is opened and checked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, environment, percentiles, write_json  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, default=RESULTS / "kill_ingest.json")
    args = parser.parse_args(argv)

    from tests.processes import check_kill_loop, kill_ingest_loop

    with tempfile.TemporaryDirectory() as folder:
        run = kill_ingest_loop(Path(folder), kills=args.kills, seed=args.seed, longest=3.0)
        check_kill_loop(Path(folder), run)  # raises if a turn was lost, half stored or mis-indexed
    run["ingest_seconds_before_kill"] = percentiles(run["ingest_seconds_before_kill"], (50, 95))
    result = {"environment": environment(), "kill_ingest": run | {"lost_acknowledged_turns": 0, "half_batches": 0,
                                                                   "vectors_equal_episodes": True}}
    write_json(args.out, result)
    print(f"{run['kills']} kills: {run['acknowledged_turns']} acknowledged turns, {run['stored_turns']} stored, "
          f"0 lost, 0 half batches, every turn indexed once → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
