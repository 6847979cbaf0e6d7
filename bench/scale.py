"""Speed and scale: ingest throughput, search latency, memory and disk from 10k to 1M turns.

    python bench/scale.py [--sizes 10000,100000] [--with-1m] [--shapes single,many]
                          [--queries 300] [--out bench/results/scale.json]

1. Ingest, end to end: the same ~2,000 fresh recombined LoCoMo turns are (a) embedded by the
   model alone (raw rate) and (b) added to a fresh store with that model (``MemoryDB.add`` in
   batches of one session): turns/s of each, and their ratio.
2. For each size and shape, a store is filled through ``MemoryDB.add`` with *precomputed*
   vectors (an Embedder that looks texts up), so the store's own ingest rate is measured, and
   then, in a fresh process, searched: latency p50/p95/p99 in-process (query vectors
   precomputed too, so the model's ~15 ms per query is not counted; it is measured apart),
   peak RSS of that process and the store's size on disk.
   Shapes: ``single`` — one user holding every turn; ``many`` — 100 turns per user, so 10k
   users at 1M and, scaled down proportionally, 1,000 users at 100k and 100 at 10k.

Corpus: LoCoMo turns split into sentences and recombined (1–3 sentences of random turns under
one of the LoCoMo speakers' names) into 20,000 distinct texts, embedded once with MiniLM and
cached. Beyond 20,000, turn i takes its text from two base texts (the first's sentences plus
one of the second's) and its vector as normalize(0.75·v_a + 0.25·v_b + N(0, 0.04²)): the same
neighbourhood structure as real embeddings, not the model's embedding of that text. Entity
names the extractor finds are embedded by the real model (cached; reported apart).

Each size/shape runs in its own subprocess so peak RSS belongs to that run alone.
"""

from __future__ import annotations

import argparse
import fcntl
import functools
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from bench.common import (
    RESULTS,
    CachedEmbedder,
    environment,
    ingest_against_raw,
    model_embedder,
    percentiles,
    table,
    write_json,
)
from bench.locomo import DEFAULT_DATA, load_locomo
from bench.scale_corpus import (
    PER_USER,
    SCALE_WORK,
    SESSION,
    TENANT,
    LookupEmbedder,
    base_corpus,
    base_vectors,
    search_now,
    turn_stream,
    user_of,
    when,
)


# ------------------------------------------------------------------ measuring
def rss_mb() -> float:
    """Peak RSS of this process. VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and
    exec, so a child would report its parent's peak (the parent holds the model)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def disk_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


# ------------------------------------------------------------------ subprocess work
def ingest_store(size: int, shape: str, folder: Path) -> dict[str, Any]:
    """Fill a fresh store with precomputed vectors; runs in its own process."""
    from memdb import MemoryDB, SentenceTransformerEmbedder

    names, contents = base_corpus()
    model = CachedEmbedder(SentenceTransformerEmbedder(), SCALE_WORK / "names.npz")
    vectors = base_vectors(model, names, contents)
    embedder = LookupEmbedder(model.name, model.dimension, fallback=model)
    if folder.exists():
        shutil.rmtree(folder)
    db = MemoryDB(folder, embedder=embedder)
    try:
        out = fill_store(db, embedder, size, shape, names, contents, vectors)
    finally:
        db.close()
        model.save()
    return {**out, "peak_rss_mb": rss_mb(), "disk_mb": disk_mb(folder)}


def fill_store(db: Any, embedder: LookupEmbedder, size: int, shape: str, names: Sequence[str],
               contents: Sequence[str], vectors: np.ndarray) -> dict[str, Any]:
    """``size`` turns of ``shape`` through ``db.add`` in sessions of 20, each turn's vector
    handed to ``embedder`` (a LookupEmbedder: the Embedder seam) just before its session is added."""
    started = time.perf_counter()
    batch: list[dict[str, Any]] = []
    marks = []
    for i, name, content, vector in turn_stream(size, names, contents, vectors):
        embedder.table[f"{name}: {content}"] = vector
        batch.append({"role": "user", "name": name, "content": content, "id": f"t{i}", "timestamp": when(i, shape, size)})
        if len(batch) == SESSION:
            db.add(batch, user_id=user_of(i, shape), session_id=f"s{i // SESSION}")
            batch = []
            embedder.table.clear()
            if (i + 1) % 50_000 == 0:
                marks.append((i + 1, time.perf_counter() - started))
                print(f"    {shape} {i + 1} turns, {(i + 1) / marks[-1][1]:.0f} turns/s", flush=True)
    if batch:
        db.add(batch, user_id=user_of(size - 1, shape), session_id=f"s{(size - 1) // SESSION}")
    seconds = time.perf_counter() - started
    return {"turns": size, "seconds": seconds, "turns_per_s": size / seconds,
            "store_turns_per_s": size / max(seconds - embedder.fallback_seconds, 1e-9),
            "name_texts_embedded_by_model": embedder.misses, "model_seconds": embedder.fallback_seconds,
            "progress": marks}


def search_store(size: int, shape: str, folder: Path, queries: int, recipes: Sequence[str]) -> dict[str, Any]:
    """Open the store in a fresh process and time searches with precomputed query vectors."""
    from memdb import MemoryDB

    table = load_query_vectors()
    embedder = LookupEmbedder(table["__name__"], table["__dimension__"])
    embedder.table = table["vectors"]
    rss_before_open = rss_mb()
    warm_seconds = warm_page_cache(folder)
    started = time.perf_counter()
    db = MemoryDB(folder, embedder=embedder)
    open_seconds = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # as memdb's server does once started (server/app.py)
    out: dict[str, Any] = {"open_seconds": open_seconds, "rss_before_open_mb": rss_before_open,
                           "page_cache_warm_seconds": warm_seconds}
    try:
        out.update(time_recipes(db, size, shape, queries, recipes))
    finally:
        db.close()
    out["query_vector_misses"] = embedder.misses
    out["peak_rss_mb"] = rss_mb()
    out["disk_mb"] = disk_mb(folder)
    out["http"] = http_searches(size, shape, queries)
    return out


def time_recipes(db: Any, size: int, shape: str, queries: int, recipes: Sequence[str]) -> dict[str, Any]:
    """recipe → latency of ``queries`` in-process searches of a filled store (k=10)."""
    out = {}
    for recipe in recipes:
        lat = timed_searches(lambda q, user, now: db.search(q, user_id=f"{TENANT}:{user}", k=10, now=now,
                                                           recipe=recipe), size, shape, queries)
        out[recipe] = {"ms": percentiles(lat), "mean_ms": float(np.mean(lat)), "queries": len(lat)}
    return out


def warm_page_cache(folder: Path) -> float:
    """Read the store's files once, so searches meet the steady state of a long-running server
    whose machine has the RAM for them (the OS page cache), not whatever an earlier benchmark
    step evicted. Returns the seconds it took."""
    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with open(path, "rb") as f:
                while f.read(1 << 24):
                    pass
    return time.perf_counter() - started


def timed_searches(search: Any, size: int, shape: str, queries: int) -> list[float]:
    """Milliseconds of ``queries`` searches (after 20 untimed), for users drawn at random."""
    qs = query_texts()
    rng = random.Random(3)
    users = 1 if shape == "single" else size // PER_USER
    lat = []
    for j in range(queries + 20):
        user = "u0" if users == 1 else f"u{rng.randrange(users):05d}"
        t0 = time.perf_counter()
        search(qs[j % len(qs)], user, search_now(size))
        if j >= 20:  # warm-up excluded
            lat.append((time.perf_counter() - t0) * 1000)
    return lat


def http_searches(size: int, shape: str, queries: int) -> dict[str, Any]:
    """The same searches over HTTP on loopback: ``memdb``'s server in its own process (with
    the same precomputed query vectors), driven by ``MemoryClient`` from this one."""
    from memdb.client import MemoryClient

    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", "serve", "--size", str(size), "--shape", shape],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    try:
        assert server.stdout is not None
        url = token = ""
        for line in server.stdout:
            if line.startswith("SERVING "):
                url, token = line.split()[1:3]
                break
        if not url:
            return {"error": f"server exited with {server.wait()}"}
        with MemoryClient(url, token) as client:
            lat = timed_searches(lambda q, user, now: client.search(q, user_id=user, k=10, now=now), size, shape,
                                 queries)
        status = Path(f"/proc/{server.pid}/status").read_text()
        rss = next(int(x.split()[1]) / 1024 for x in status.splitlines() if x.startswith("VmHWM:"))
        return {"ms": percentiles(lat), "mean_ms": float(np.mean(lat)), "queries": len(lat), "server_peak_rss_mb": rss}
    finally:
        server.terminate()
        server.wait(30)


def serve_store(size: int, shape: str, folder: Path) -> None:
    """Serve the store on a free loopback port with a fresh key; prints ``SERVING url token``."""
    import socket

    import uvicorn

    from memdb import MemoryDB
    from memdb.keys import create_key
    from server.app import create_app
    from server.settings import ServerSettings

    table = load_query_vectors()
    embedder = LookupEmbedder(table["__name__"], table["__dimension__"])
    embedder.table = table["vectors"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    warm_page_cache(folder)
    with MemoryDB(folder, embedder=embedder) as db:
        token, _ = create_key(db, TENANT, "scale benchmark")
        server = uvicorn.Server(uvicorn.Config(create_app(db, ServerSettings(port=port)), host="127.0.0.1", port=port,
                                               log_level="warning"))
        import threading

        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        print(f"SERVING http://127.0.0.1:{port} {token}", flush=True)
        thread.join()


def query_texts() -> list[str]:
    _, questions, _ = load_locomo(DEFAULT_DATA)
    return [q.text for q in questions]


def load_query_vectors() -> dict[str, Any]:
    with np.load(SCALE_WORK / "query-vectors.npz", allow_pickle=False) as f:
        return {"__name__": str(f["name"]), "__dimension__": int(f["dimension"]),
                "vectors": dict(zip(f["texts"].tolist(), f["vectors"]))}


def prime_query_vectors(embedder: Any, recipes: Sequence[str], count: int) -> float:
    """Record every text the retriever embeds for the benchmark queries (it strips time words,
    embeds fact labels …) by running them once against a small store with the real model; the
    search processes then look them up. Returns the model's median ms per query."""
    from memdb import MemoryDB

    recorder = CachedEmbedder(embedder, None)
    folder = SCALE_WORK / "prime"
    if folder.exists():
        shutil.rmtree(folder)
    names, contents = base_corpus()
    with MemoryDB(folder, embedder=recorder) as db:
        db.add([{"role": "user", "name": n, "content": c, "id": f"t{i}", "timestamp": when(i, "single", 200)}
                for i, (n, c) in enumerate(zip(names[:200], contents[:200]))], user_id="u0", session_id="s")
        for q in query_texts()[:count]:  # the same `now` as the timed searches
            for recipe in recipes:
                db.search(q, user_id="u0", k=10, now=search_now(0), recipe=recipe)
    shutil.rmtree(folder)
    texts = list(recorder._vectors)
    np.savez(SCALE_WORK / "query-vectors.npz", texts=np.array(texts, dtype=str),
             vectors=np.stack([recorder._vectors[t] for t in texts]), name=embedder.name, dimension=embedder.dimension)
    # the model's own cost per query, for reference
    inner = getattr(embedder, "inner", embedder)
    from memdb import SentenceTransformerEmbedder

    fresh = SentenceTransformerEmbedder(cache_size=1) if isinstance(inner, SentenceTransformerEmbedder) else inner
    fresh.embed(["warm up"])
    lat = []
    for q in query_texts()[:200]:
        t0 = time.perf_counter()
        fresh.embed([q + " ?"])
        lat.append((time.perf_counter() - t0) * 1000)
    return float(np.median(lat))


# ------------------------------------------------------------------ end-to-end ingest
def ingest_throughput(n: int = 2_000, repeats: int = 3, open_store: Callable[[str, Any], Any] | None = None,
                      ) -> dict[str, Any]:
    """Raw embedding vs MemoryDB.add with the same model on the same fresh texts, in sessions of
    20 timed interleaved session by session (``common.ingest_against_raw``), into ``repeats``
    fresh stores; the median ratio is the figure. Both sides are warmed up first: the model by
    a call, memdb by an add to a throwaway store (the extractor loads its word lists on first use)."""
    from memdb import MemoryDB, SentenceTransformerEmbedder

    names, contents = base_corpus(seed=99)  # texts never embedded before by this run's caches
    texts = [f"{a}: {b}" for a, b in zip(names, contents)]
    raw = SentenceTransformerEmbedder(cache_size=1)
    model = SentenceTransformerEmbedder(cache_size=1)

    def session(db: Any, j: int) -> tuple[list[str], Callable[[], Any]]:
        turns = [{"role": "user", "name": names[i], "content": contents[i], "id": f"t{i}",
                  "timestamp": when(i, "single", n)} for i in range(j, j + SESSION)]
        return texts[j:j + SESSION], functools.partial(db.add, turns, user_id="u0", session_id=f"s{j // SESSION}")

    folder = SCALE_WORK / "e2e"
    shutil.rmtree(folder, ignore_errors=True)
    # ``open_store(name, embedder)``: a fresh store per name (another backend's); default a folder.
    fresh = open_store or (lambda name, embedder: MemoryDB(folder / name, embedder=embedder))
    raw.embed(texts[n:n + SESSION])
    with fresh("warm_up", model) as db:
        session(db, n + SESSION)[1]()
    runs = []
    for r in range(repeats):
        with fresh(f"run_{r}", model) as db:
            raw_seconds, memdb_seconds = ingest_against_raw(raw.embed, [session(db, j) for j in range(0, n, SESSION)])
        runs.append({"raw_turns_per_s": n / raw_seconds, "ingest_turns_per_s": n / memdb_seconds,
                     "ratio": raw_seconds / memdb_seconds})
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    raw.embed(texts[:n])
    raw_bulk = time.perf_counter() - t0
    middle = sorted(runs, key=lambda p: p["ratio"])[len(runs) // 2]
    return {"turns": n, "batch": SESSION, "interleaved": "session by session", "repeats": runs,
            "raw_embed_turns_per_s_same_batches": middle["raw_turns_per_s"],
            "raw_embed_turns_per_s_one_call": n / raw_bulk, "ingest_turns_per_s": middle["ingest_turns_per_s"],
            "ratio": middle["ratio"]}


# ------------------------------------------------------------------ driver
@contextmanager
def claimed(folder: Path) -> Iterator[None]:
    """One process per store: a second scale.py run must not refill a store while another
    measures it (it happened: the timings of a vanished store are worthless)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"{folder} is being used by another scale.py run") from None
        yield


def child(args: argparse.Namespace) -> int:
    folder = SCALE_WORK / f"{args.shape}-{args.size}"
    if args.child == "serve":  # runs inside a search child, which holds the store
        serve_store(args.size, args.shape, folder)
        return 0
    with claimed(folder):
        if args.child == "ingest":
            out = ingest_store(args.size, args.shape, folder)
        else:
            out = search_store(args.size, args.shape, folder, args.queries, args.recipes.split(","))
    print("RESULT " + json.dumps(out), flush=True)
    return 0


def spawn(kind: str, size: int, shape: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--size", str(size), "--shape", shape,
           "--queries", str(args.queries), "--recipes", args.recipes]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    result = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0 or result is None:
        return {"error": f"{kind} {shape} {size}: exit {proc.returncode}"}
    return result


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="10000,100000", help="comma-separated store sizes (turns)")
    p.add_argument("--with-1m", action="store_true", help="also 1,000,000 turns (long: ~1 h)")
    p.add_argument("--shapes", default="single,many")
    p.add_argument("--queries", type=int, default=300, help="timed searches per size, shape and recipe")
    p.add_argument("--recipes", default="default,semantic")
    p.add_argument("--skip-e2e", action="store_true", help="skip the end-to-end ingest comparison")
    p.add_argument("--keep-stores", action="store_true", help="keep the filled stores under bench/.work/scale")
    p.add_argument("--out", type=Path, default=RESULTS / "scale.json")
    p.add_argument("--search-only", action="store_true",
                   help="re-time the stores kept by an earlier --keep-stores run (and re-measure the end-to-end "
                        "ingest unless --skip-e2e); keep the stores' ingest figures from that run")
    p.add_argument("--child", choices=("ingest", "search", "serve"), help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--shape", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)

    sizes = [int(s) for s in args.sizes.split(",") if s] + ([1_000_000] if args.with_1m else [])
    SCALE_WORK.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"benchmark": "scale", "environment": environment(), "runs": [], "notes": {}}
    earlier: dict[tuple[int, str], dict[str, Any]] = {}
    if args.search_only:  # keep what the earlier run measured, re-time its kept stores
        previous = json.loads(args.out.read_text())
        result["ingest_e2e"] = previous.get("ingest_e2e")
        result["notes"] = previous.get("notes", {})  # e.g. how the stores were filled
        earlier = {(r["size"], r["shape"]): r for r in previous["runs"]}
    if not args.skip_e2e:
        print("end-to-end ingest vs raw embedding …", flush=True)
        result["ingest_e2e"] = ingest_throughput()
        e = result["ingest_e2e"]
        print(f"  raw {e['raw_embed_turns_per_s_same_batches']:.0f} turns/s, memdb {e['ingest_turns_per_s']:.0f} "
              f"turns/s, ratio {e['ratio']:.2f}", flush=True)
    print("base corpus and query vectors …", flush=True)
    embedder = model_embedder(cache=False)
    names, contents = base_corpus()
    base_vectors(CachedEmbedder(embedder, None), names, contents)
    query_embed_ms = prime_query_vectors(embedder, args.recipes.split(","), args.queries + 20)
    result["query_embed_ms_median"] = query_embed_ms
    for size in sizes:
        for shape in args.shapes.split(","):
            if args.search_only:
                if (size, shape) not in earlier or not (SCALE_WORK / f"{shape}-{size}").exists():
                    print(f"{shape} user(s), {size} turns: no kept store; the earlier figures stay", flush=True)
                    if (size, shape) in earlier:
                        result["runs"].append({**earlier[(size, shape)], "retimed": False})
                    continue
                ingest = earlier[(size, shape)]["ingest"]
            else:
                print(f"{shape} user(s), {size} turns: ingest …", flush=True)
                ingest = spawn("ingest", size, shape, args)
            run = {"size": size, "shape": shape, "users": 1 if shape == "single" else size // PER_USER, "ingest": ingest,
                   "retimed": args.search_only}
            if "error" not in ingest:
                print(f"  {ingest['turns_per_s']:.0f} turns/s, {ingest['disk_mb']:.0f} MB on disk; searching …", flush=True)
                run["search"] = spawn("search", size, shape, args)
                for r in args.recipes.split(","):
                    ms = run["search"].get(r, {}).get("ms")
                    if ms:
                        print(f"  {r}: p50 {ms['p50']:.1f} ms, p95 {ms['p95']:.1f} ms, p99 {ms['p99']:.1f} ms; "
                              f"RSS {run['search']['peak_rss_mb']:.0f} MB", flush=True)
                http = run["search"].get("http", {}).get("ms")
                if http:
                    print(f"  HTTP: p50 {http['p50']:.1f} ms, p95 {http['p95']:.1f} ms", flush=True)
            result["runs"].append(run)
            write_json(args.out, result)
            if not args.keep_stores and not args.search_only:
                shutil.rmtree(SCALE_WORK / f"{shape}-{size}", ignore_errors=True)
    timed = {(r["size"], r["shape"]) for r in result["runs"]}
    result["runs"] += [r for key, r in earlier.items() if key not in timed]  # sizes/shapes not asked for this time
    result["runs"].sort(key=lambda r: (r["size"], r["shape"] != "single"))
    result["notes"] = {
        **result["notes"],
        "corpus": __doc__.split("Corpus: ")[1].split("\n\n")[0].replace("\n", " "),
        "latency": "in-process MemoryDB.search, k=10, after 20 warm-up queries; query vectors precomputed "
                   "(query_embed_ms_median is the model's own cost per query, add it for end-to-end); the store's "
                   "files read once before (OS page cache warm, as on a long-running server with the RAM for them) "
                   "and the start-up heap frozen (gc.freeze(), as memdb's server does)",
        "many": f"{PER_USER} turns per user: users = size / {PER_USER}",
        "http": "the same searches (default recipe) through MemoryClient against memdb's server in another "
                "process on 127.0.0.1, with the same precomputed query vectors; server_peak_rss_mb is that process's",
        "search_only": args.search_only,
    }
    write_json(args.out, result)
    print(report(result))
    print(f"wrote {args.out}")
    return 0


def report(result: dict[str, Any]) -> str:
    rows = []
    for run in result["runs"]:
        s, i = run.get("search", {}), run["ingest"]
        d = s.get("default", {}).get("ms", {})
        rows.append([f"{run['size']:,}", run["shape"], run["users"], i.get("store_turns_per_s"), d.get("p50"),
                     d.get("p95"), d.get("p99"), s.get("semantic", {}).get("ms", {}).get("p95"),
                     s.get("http", {}).get("ms", {}).get("p50"), s.get("http", {}).get("ms", {}).get("p95"),
                     i.get("peak_rss_mb"), s.get("peak_rss_mb"), i.get("disk_mb")])
    return table(["turns", "shape", "users", "store ingest turns/s", "p50 ms", "p95 ms", "p99 ms", "semantic p95 ms",
                  "HTTP p50 ms", "HTTP p95 ms", "ingest RSS MB", "search RSS MB", "disk MB"], rows)


if __name__ == "__main__":
    sys.exit(main())
