"""kill -9 during ingest, many times — of a library writer, or with --http of ``memdb serve`` fed
by HTTP clients: no acknowledged turn lost or stored twice, no half batch, every turn indexed
once (the CI tests run 5 kills of each; this runs 25).

    python bench/kill_ingest.py [--kills 25] [--seed 15]            → results/kill_ingest.json
    python bench/kill_ingest.py --http [--kills 25] [--clients 3]   → results/kill_http.json

One harness (tests/kill_loop.py), two writers. Library: a worker process (tests/workers.py
``ingest``) adds batches of 6 turns, printing each batch once add() returned, and saves its vector
index every 12 turns. HTTP: ``memdb serve`` (saving every 8 changes) gets batches of 4 turns from
3 client threads posting as fast as answered. Each writer is killed with SIGKILL at a random moment
0.05–3 s after its round's first acknowledged batch, and goes on after the last acknowledged batch,
sending the one in flight again (it may have committed: the ids make it a no-op). The HTTP
server is started again on the folder after each kill and checked over HTTP before the clients go
on: every acknowledged turn listed once, found by full text, and by vector search (every turn),
no batch in part, stats' vectors = episodes, no temporary file. At the end the folder is opened
as a library and checked in SQL and in the index. Exits 1 if anything was lost or wrong.
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
    parser.add_argument("--http", action="store_true", help="Kill memdb serve during HTTP ingest.")
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--clients", type=int, default=3, help="With --http: client threads posting at once.")
    parser.add_argument("--out", type=Path, help="Default: results/kill_http.json or results/kill_ingest.json.")
    args = parser.parse_args(argv)

    from tests.kill_loop import PROBLEMS, HttpIngest, LibraryIngest, kill_loop

    with tempfile.TemporaryDirectory() as folder:
        if args.http:
            writer = HttpIngest(Path(folder) / "data", clients=args.clients, vector_probes=4)
        else:
            writer = LibraryIngest(Path(folder))
        run = kill_loop(writer, kills=args.kills, seed=args.seed, longest=3.0)
    run["seconds_before_kill"] = percentiles(run["seconds_before_kill"], (50, 95))
    if args.http:
        recovery = run.pop("recovery")
        run["recovery_seconds"] = {what: {**percentiles([r[what] for r in recovery], (50, 95)),
                                          "max": max(r[what] for r in recovery)} for what in ("ready_s", "caught_up_s")}
    name = "kill_http" if args.http else "kill_ingest"
    out = args.out or RESULTS / f"{name}.json"
    write_json(out, {"environment": environment(), name: run})
    wrong = {key: run[key] for key in PROBLEMS if run[key]} | {
        key: run[key] for key in ("problems", "errors") if run.get(key)}
    if not run["indexed_once"]:
        wrong["indexed_once"] = False
    print(f"{run['kills']} kills ({run['kills_during_an_index_save']} during an index save): "
          f"{run['acknowledged_turns']} acknowledged turns, {run['stored_turns']} stored, {run['lost']} lost, "
          f"{run['duplicated']} duplicated, {run['half_batches']} half batches → {out}")
    if wrong:
        print(f"WRONG: {wrong}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
