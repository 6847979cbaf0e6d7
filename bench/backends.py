"""PostgreSQL against SQLite in one run: search latency at 100k turns, ingest against raw embedding.

    python bench/backends.py [--size 100000] [--shapes single,many] [--queries 300]
                             [--recipes default,semantic] [--e2e-turns 1000] [--db-url URL]
                             [--out bench/results/backends.json]

1. **Search.** For each shape (``single``: one user holding every turn; ``many``: 100 turns per
   user, 1,000 users at 100k) and each backend, a fresh store is filled through ``MemoryDB.add``
   in sessions of 20, then closed and opened again (SQLite loads its index file; PostgreSQL has
   none, so the new process rebuilds its FAISS index from the vectors in SQL: the start-up cost
   of a replica) and searched in process: p50/p95/p99 of ``--queries`` searches (k=10, after 20
   warm-up ones) per recipe, for random users.
2. **Ingest against raw embedding.** The same fresh turns embedded by the model alone and added
   to a fresh store of each backend with that model, session by session, interleaved
   (``scale.ingest_throughput``): turns/s of each and their ratio.

**The vectors are reused, not recomputed.** 100k turns at ~160 sentences/s would take ~10
minutes of embedding per backend and shape. The corpus is scale.py's (bench/scale_corpus.py):
20,000 LoCoMo-recombined texts embedded once by MiniLM and cached as a .npy file under
bench/.work/scale (kept between runs), turns beyond them mixtures of two of those vectors; each
store is filled through the ``Embedder`` seam with a ``LookupEmbedder`` that hands ``add`` the
precomputed vector of each text (entity names go to the real model, cached), and searches look
their query vectors up the same way (the model's own ~15 ms per query is measured apart by
scale.py). Both backends get exactly the same vectors, so the difference is the store's.

PostgreSQL is a private cluster (``memdb/store/pgcluster.py``: initdb in a temp folder, loopback
TCP, default durability: fsync on commit) unless ``--db-url`` names a server (a database per
store is created on it); SQLite is a data folder (WAL, synchronous=NORMAL: no fsync per commit).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.replicas import private_postgres
from bench.common import (
    RESULTS, CachedEmbedder, environment, fresh_database, model_embedder, server_sql, table, write_json,
)
from bench.scale import disk_mb, fill_store, ingest_throughput, load_query_vectors, prime_query_vectors, time_recipes
from bench.scale_corpus import PER_USER, SCALE_WORK, LookupEmbedder, base_corpus, base_vectors
from memdb import MemoryDB

BACKENDS = ("sqlite", "postgresql")


class Stores:
    """Fresh stores by name on each backend: data folders under ``root``, databases on ``server``."""

    def __init__(self, root: Path, server_url: str) -> None:
        from sqlalchemy.engine import make_url

        self.root, self.server = root, make_url(server_url)

    def open(self, backend: str, name: str, embedder: Any, *, fresh: bool) -> MemoryDB:
        if backend == "sqlite":
            if fresh:
                shutil.rmtree(self.root / name, ignore_errors=True)
            return MemoryDB(self.root / name, embedder=embedder)
        url = fresh_database(self.server, name) if fresh else self.server.set(database=name).render_as_string(
            hide_password=False)
        return MemoryDB(url=url, embedder=embedder)

    def size_mb(self, backend: str, name: str) -> float:
        if backend == "sqlite":
            return disk_mb(self.root / name)
        return server_sql(self.server, f"SELECT pg_database_size('{name}')")[0] / 1e6

    def drop(self, backend: str, name: str) -> None:
        if backend == "sqlite":
            shutil.rmtree(self.root / name, ignore_errors=True)
        else:
            server_sql(self.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _server(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    with private_postgres() as pg:
        yield pg.url.render_as_string(hide_password=False)


def search_run(stores: Stores, backend: str, shape: str, size: int, queries: int, recipes: Sequence[str],
               model: Any) -> dict[str, Any]:
    names, contents = base_corpus()
    vectors = base_vectors(model, names, contents)
    name = f"bench_{shape}_{size}"
    filler = LookupEmbedder(model.name, model.dimension, fallback=model)
    with stores.open(backend, name, filler, fresh=True) as db:
        ingest = fill_store(db, filler, size, shape, names, contents, vectors)
    table_ = load_query_vectors()
    searcher = LookupEmbedder(table_["__name__"], table_["__dimension__"])
    searcher.table = table_["vectors"]
    started = time.perf_counter()
    with stores.open(backend, name, searcher, fresh=False) as db:
        opened = time.perf_counter() - started
        timed = time_recipes(db, size, shape, queries, recipes)
    out = {"backend": backend, "shape": shape, "size": size, "users": 1 if shape == "single" else size // PER_USER,
           "ingest": ingest, "open_seconds": opened, "search": timed, "query_vector_misses": searcher.misses,
           "store_mb": stores.size_mb(backend, name)}
    stores.drop(backend, name)
    return out


def e2e_run(stores: Stores, backend: str, turns: int) -> dict[str, Any]:
    opener: Callable[[str, Any], MemoryDB] = lambda name, embedder: stores.open(backend, f"e2e_{name}", embedder,
                                                                                fresh=True)
    out = ingest_throughput(turns, 3, open_store=opener)
    for name in ("warm_up", "run_0", "run_1", "run_2"):
        stores.drop(backend, f"e2e_{name}")
    return {"backend": backend, **out}


def report(result: dict[str, Any]) -> str:
    rows = []
    for r in result["runs"]:
        s = r["search"]
        load = r.get("environment", result.get("environment", {})).get("load_average_1_5_15") or [None]
        rows.append([f"{r['size']:,}", r["shape"], r["users"], r["backend"], r["ingest"]["store_turns_per_s"],
                     *(s[recipe]["ms"].get(p) for recipe in ("default", "semantic") for p in ("p50", "p95")),
                     s["default"]["queries"], r["open_seconds"], r["store_mb"], load[0]])
    out = table(["turns", "shape", "users", "backend", "store ingest turns/s", "default p50 ms", "default p95 ms",
                 "semantic p50 ms", "semantic p95 ms", "queries", "open s", "store MB", "machine load"], rows)
    e2e = [[e["backend"], e["turns"], e["raw_embed_turns_per_s_same_batches"], e["ingest_turns_per_s"], e["ratio"]]
           for e in result.get("ingest_e2e", [])]
    if e2e:
        out += "\n\n" + table(["backend", "turns", "raw embedding turns/s", "ingest turns/s (same model)",
                               "ingest / raw"], e2e, fmt="{:.2f}")
    return out + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=100_000, help="turns per store")
    p.add_argument("--shapes", default="single,many")
    p.add_argument("--backends", default=",".join(BACKENDS))
    p.add_argument("--queries", type=int, default=300, help="timed searches per store and recipe")
    p.add_argument("--recipes", default="default,semantic")
    p.add_argument("--e2e-turns", type=int, default=1_000, help="turns of the ingest-against-raw comparison (0: skip)")
    p.add_argument("--db-url", help="a PostgreSQL server (its 'postgres' database's URL); default: a private cluster")
    p.add_argument("--out", type=Path, default=RESULTS / "backends.json")
    p.add_argument("--append", action="store_true", help="add this run's stores to those already in --out")
    args = p.parse_args(argv)
    recipes, backends = args.recipes.split(","), args.backends.split(",")
    SCALE_WORK.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"benchmark": "backends", "environment": environment(), "runs": [], "ingest_e2e": [],
                              "notes": __doc__.split("\n\n", 1)[1].replace("\n", " ")}
    if args.append and args.out.exists():  # another run's stores stay, each with the environment it ran in
        earlier = json.loads(args.out.read_text())
        for run in earlier["runs"]:
            run.setdefault("environment", earlier["environment"])
        result["runs"], result["ingest_e2e"] = earlier["runs"], earlier.get("ingest_e2e", [])
        for key in ("discarded_runs", "caveats"):  # what was said of the earlier runs stays
            if key in earlier:
                result[key] = earlier[key]
    model = CachedEmbedder(model_embedder(cache=False), SCALE_WORK / "names.npz")
    print("corpus vectors (cached after the first run) and query vectors …", flush=True)
    base_vectors(model, *base_corpus())
    result["query_embed_ms_median"] = prime_query_vectors(model, recipes, args.queries + 20)
    with tempfile.TemporaryDirectory(prefix="memdb-backends-") as folder, _server(args.db_url) as url:
        stores = Stores(Path(folder), url)
        for shape in args.shapes.split(","):
            for backend in backends:
                print(f"{backend}, {shape}, {args.size:,} turns: ingest, reopen, search …", flush=True)
                run = search_run(stores, backend, shape, args.size, args.queries, recipes, model)
                run["environment"] = environment()
                result["runs"].append(run)
                print(report({"runs": [run]}), flush=True)
                write_json(args.out, result)
        if args.e2e_turns:
            for backend in backends:
                print(f"{backend}: ingest against raw embedding, {args.e2e_turns} turns × 3 …", flush=True)
                result["ingest_e2e"].append(e2e_run(stores, backend, args.e2e_turns))
                write_json(args.out, result)
    model.save()
    print(report(result))
    write_json(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
