"""Replicas under load: 1, 2 and 4 ``memdb serve`` processes on one PostgreSQL, over loopback.

``python bench/replicas.py [--replicas 1,2,4] [--clients 32] [--seconds 30] [--db-url URL | --sqlite | --standby]``

``--standby``: the private cluster gets a streaming hot standby (``LocalCluster.make_standby``)
and the replicas read from it (``memdb serve --read-url``; consistent reads unless
``-- --standby-max-lag S``); the database's CPU then counts both servers.

For each replica count: a fresh database (``CREATE DATABASE`` on the PostgreSQL server of
``--db-url``, by default a private cluster started for the run; with ``--sqlite``, a fresh data
folder that every replica opens), a tenant key (``memdb keys create``), the demo conversation
(333 turns, through replica 0), each replica warmed up with the demo's questions. Then
``--clients`` clients (bench/server_load.py's loop: 80% searches of a demo question, 20% adds of
one new turn, which is embedded) for ``--seconds``; client n talks to replica n mod N, as a load
balancer keeping each connection on one replica would.

Beside the clients, a probe measures **propagation**: every 0.5 s it adds a new turn through
replica i and searches for it (vector-only recipe) through replica i+1 until found. Reported:
the share found by the first search after the add returned, and the delay from the add's answer
to the answer of the search that found it (one search's latency under load when found at once).

**Per-replica cost**: CPU seconds (user + system, from /proc) each replica and the database
server used during the load, per request answered. This machine has 2 cores shared by the
clients, every replica and PostgreSQL, so more replicas cannot serve more here: read the
scaling off the cost — N replicas on N machines serve about N × (1 / CPU s per request) requests/s
each, until the database's own cost per request is what bounds it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.common import REPO, RESULTS, environment, fresh_database, percentiles, table, write_json
from bench.server_load import TENANT, Load, _cpu_seconds, _memdb_command, _summary
from memdb.demo import demo_messages, load_demo_conversation
from server.replicas import ReplicaSet

PROBE_USER = "probe"


class Folder:
    """Every replica on one data folder (SQLite): the multi-process store of one machine."""

    name = "sqlite"

    def __init__(self, root: Path) -> None:
        self.root = root

    def fresh(self, name: str) -> list[str]:
        return ["--data", str(self.root / name)]

    def server_pids(self) -> list[int]:
        return []  # SQLite runs inside the replicas


class Postgres:
    """Every replica on one database of a PostgreSQL server; ``data`` its cluster's folder, to
    count the server's CPU (its postmaster and every backend)."""

    def __init__(self, url: str, data: Path | None, standby: Any = None) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.data = data
        self.standby = standby  # a LocalCluster following the primary, that replicas read from
        self.name = "postgresql" if standby is None else "postgresql+standby"

    def fresh(self, name: str) -> list[str]:
        target = ["--db-url", fresh_database(self.url, name)]
        return target if self.standby is None else [*target, "--read-url", self.standby.url(name)]

    def server_pids(self) -> list[int]:
        pids = []
        for data in (self.data, self.standby and self.standby.data):
            if data is not None and (data / "postmaster.pid").exists():
                postmaster = int((data / "postmaster.pid").read_text().split()[0])
                pids += [postmaster, *_children(postmaster)]
        return pids


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _cpu_of(pids: Sequence[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            out[pid] = _cpu_seconds(pid)
        except (OSError, ValueError, IndexError):
            continue  # ended between listing and reading
    return out


class Probe:
    """Writes through one replica, reads through the next; see the module's docstring."""

    def __init__(self, urls: Sequence[str], token: str) -> None:
        self.urls, self.headers = list(urls), {"Authorization": f"Bearer {token}"}
        self.delays: list[float] = []
        self.first_try = 0
        self.failures: list[str] = []
        self.read_from: dict[str, int] = {}  # where the searches read (a server reading a standby says)

    async def __call__(self, http: httpx.AsyncClient, deadline: float) -> None:
        i = 0
        while time.monotonic() < deadline - 2:
            writer, reader = self.urls[i % len(self.urls)], self.urls[(i + 1) % len(self.urls)]
            text = f"Probe {i}: the courier left parcel qx{i}v{random.randrange(10**6)} at the side door."
            turn = {"role": "user", "name": "Maya", "content": text, "id": f"p{i}"}
            r = await http.post(writer + "/v1/episodes", headers=self.headers,
                                json={"user_id": PROBE_USER, "session_id": "probe", "messages": [turn]})
            if r.status_code != 201:
                self.failures.append(f"add {r.status_code}")
            else:
                await self._find(http, reader, text, f"p{i}")
            i += 1
            await asyncio.sleep(0.5)

    async def _find(self, http: httpx.AsyncClient, reader: str, text: str, wanted: str) -> None:
        written, tries = time.perf_counter(), 0
        while time.perf_counter() - written < 10:
            tries += 1
            r = await http.post(reader + "/v1/search", headers=self.headers,
                                json={"user_id": PROBE_USER, "query": text, "k": 1, "recipe": "semantic"})
            side = r.headers.get("x-memdb-read-from", "-")
            self.read_from[side] = self.read_from.get(side, 0) + 1
            if r.status_code == 200 and [h["episode"]["id"] for h in r.json()["hits"]] == [wanted]:
                self.delays.append(time.perf_counter() - written)
                self.first_try += tries == 1
                return
            await asyncio.sleep(0.01)
        self.failures.append(f"{wanted} not found within 10 s")

    def summary(self) -> dict[str, Any]:
        ms = [d * 1000 for d in self.delays]
        return {"probes": len(ms) + len(self.failures), "found_by_first_search": self.first_try,
                "delay_ms": {k: round(v, 1) for k, v in percentiles(ms, (50, 95, 100)).items()},
                "failures": self.failures, "read_from": self.read_from}


@contextmanager
def private_postgres(*, standby: bool = False) -> Iterator[Postgres]:
    """The cluster ``memdb pg-local`` starts, in a folder of /tmp (when root, its OS user must reach
    it); with ``standby``, a hot standby of it too, in another."""
    from memdb.store.pgcluster import LocalCluster

    cluster = LocalCluster(tempfile.mkdtemp(prefix="memdb-pg-"))
    follower = None
    try:
        cluster.start()
        if standby:
            follower = cluster.make_standby(tempfile.mkdtemp(prefix="memdb-pg-standby-"))
        yield Postgres(cluster.url("postgres"), cluster.data, follower)
    finally:
        if follower is not None:
            follower.remove()
        cluster.remove()


def _setup(replicas: ReplicaSet, token: str, data: dict[str, Any]) -> None:
    """The demo conversation through replica 0, then each replica warmed up (model, caches)."""
    questions = [q["question"] for q in data["questions"]]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=replicas[0].url, timeout=300, headers=headers) as http:
        for session in data["sessions"]:
            http.post("/v1/episodes", json={"user_id": "maya", "session_id": session["session_id"],
                                            "messages": demo_messages(session)}).raise_for_status()
    for replica in replicas.replicas:
        with httpx.Client(base_url=replica.url, timeout=300, headers=headers) as http:
            for q in questions:
                http.post("/v1/search", json={"user_id": "maya", "query": q, "k": 5}).raise_for_status()


def run_one(backend: Folder | Postgres, count: int, *, clients: int, seconds: float, search_share: float,
            serve: list[str], embedder: str, logs: Path, seed: int = 7) -> dict[str, Any]:
    data = load_demo_conversation()
    questions = [q["question"] for q in data["questions"]]
    env = {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    target = [*backend.fresh(f"memdb_replicas_{count}"), "--embedder", embedder]
    token = _memdb_command(target, "keys", "create", "--name", "load", "--tenant", TENANT,
                           env={**os.environ, **env}).stdout.strip()
    with ReplicaSet(target, [0] * count, flags=serve, env=env, logs=logs / f"{count}") as replicas:
        _setup(replicas, token, data)
        pids = [r.pid for r in replicas.replicas]
        database = backend.server_pids()
        cpu = _cpu_of(pids + database)
        load = Load([r.url for r in replicas.replicas], token, questions, search_share, seed)
        probe = Probe([r.url for r in replicas.replicas], token)
        timing = asyncio.run(load.run(clients, seconds, pids[0], beside=[probe]))
        database = sorted(set(database) | set(backend.server_pids()))  # backends the load opened too
        used = {pid: seconds_ - cpu.get(pid, 0.0) for pid, seconds_ in _cpu_of(pids + database).items()}
        exits = replicas.stop()
    summary = _summary(load.samples, timing["elapsed_s"])
    answered = max(summary["ok"], 1)
    per_replica = [{"requests_ok": load.served[i], "cpu_s": round(used.get(pid, 0.0), 2),
                    "cpu_ms_per_request": round(used.get(pid, 0.0) * 1000 / max(load.served[i], 1), 1)}
                   for i, pid in enumerate(pids)]
    database_cpu = sum(used.get(pid, 0.0) for pid in database)
    return {
        "replicas": count, "backend": backend.name,
        **summary, "transport_failures": load.failures,
        "per_replica": per_replica,
        "replicas_cpu_ms_per_request": round(sum(r["cpu_s"] for r in per_replica) * 1000 / answered, 1),
        "database_cpu_ms_per_request": round(database_cpu * 1000 / answered, 1) if database else None,
        "propagation": probe.summary(),
        "sigterm_exit_codes": exits,
    }


def report(result: dict[str, Any]) -> str:
    rows = []
    for r in result["runs"]:
        p = r["propagation"]
        rows.append([r["backend"], r["replicas"], r["requests_per_s"], r["all_ms"]["p50"], r["all_ms"]["p95"],
                     r["search_ms"]["p95"], r["add_ms"]["p95"], r["errors"] + sum(r["transport_failures"].values()),
                     r["shed_503"], f"{p['found_by_first_search']}/{p['probes']}", p["delay_ms"].get("p50"),
                     p["delay_ms"].get("p95"), r["replicas_cpu_ms_per_request"],
                     " / ".join(str(x["cpu_ms_per_request"]) for x in r["per_replica"]),
                     r["database_cpu_ms_per_request"], _per_core(r["replicas_cpu_ms_per_request"]),
                     _per_core(r["database_cpu_ms_per_request"])])
    return table(["backend", "replicas", "req/s", "p50 ms", "p95 ms", "search p95", "add p95", "errors", "503",
                  "probe found at once", "propagation p50 ms", "propagation p95 ms", "replicas CPU ms/req",
                  "each replica CPU ms/req", "database CPU ms/req", "req/s per replica core",
                  "req/s per database core"], rows) + "\n"


def _per_core(cpu_ms_per_request: float | None) -> float | None:
    """Requests one fully used core serves at this CPU cost: how the figures scale on more cores."""
    return round(1000 / cpu_ms_per_request, 1) if cpu_ms_per_request else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", default="1,2,4", help="Replica counts, one run each.")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--search-share", type=float, default=0.8)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db-url", help="A PostgreSQL server to use (a database per run is created on it); "
                       "default: a private cluster started for the run.")
    where.add_argument("--sqlite", action="store_true", help="Replicas on one data folder instead.")
    where.add_argument("--standby", action="store_true", help="The private cluster and a hot standby of it, "
                       "which the replicas read from.")
    parser.add_argument("--embedder", default="minilm", choices=("minilm", "hashing"))
    parser.add_argument("--out", default=str(RESULTS / "replicas.json"), help="JSON file, or - for stdout only.")
    parser.add_argument("serve", nargs="*", help="Flags for memdb serve after --.")
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.replicas.split(",")]
    result: dict[str, Any] = {"benchmark": "replicas", "environment": environment(),
                              "config": {"clients": args.clients, "seconds": args.seconds,
                                         "search_share": args.search_share, "serve_flags": args.serve,
                                         "embedder": args.embedder, "counts": counts},
                              "runs": [], "notes": __doc__.split("\n\n", 2)[2].replace("\n", " ")}
    with tempfile.TemporaryDirectory(prefix="memdb-replicas-") as folder:
        root = Path(folder)

        @contextmanager
        def backend() -> Iterator[Folder | Postgres]:
            if args.sqlite:
                yield Folder(root)
            elif args.db_url:
                yield Postgres(args.db_url, None)
            else:
                with private_postgres(standby=args.standby) as pg:
                    yield pg

        with backend() as where_:
            for count in counts:
                print(f"{count} replica(s) on {where_.name} …", flush=True)
                run = run_one(where_, count, clients=args.clients, seconds=args.seconds,
                              search_share=args.search_share, serve=args.serve, embedder=args.embedder,
                              logs=root / "logs")
                result["runs"].append(run)
                print(report({"runs": [run]}), flush=True)
    print(json.dumps([{k: v for k, v in r.items()} for r in result["runs"]], indent=1))
    print(report(result))
    if args.out != "-":
        write_json(Path(args.out), result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
