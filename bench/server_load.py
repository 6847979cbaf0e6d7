"""The HTTP server under load: ``memdb serve`` as a user runs it, N clients for S seconds.

``python bench/server_load.py [--clients 32] [--seconds 60] [--search-share 0.8] [--out FILE|-]``

A fresh data folder gets a tenant key (``memdb keys create``) and the demo conversation (333
turns, over HTTP); then ``--clients`` concurrent clients (asyncio + httpx, one process) each send
requests back to back for ``--seconds``: a search (a demo question, ``k=5``) with probability
``--search-share``, else an add of one new turn (new text: it is embedded). The server's
resident memory is sampled every 0.5 s from /proc. At the end the server gets SIGTERM and must
exit cleanly (status 0) within 30 s.

Reports requests/s, p50/p95/p99 per kind, every non-2xx status (a 503 is the server shedding
load, counted apart from errors), the server's CPU time per request (user + system, from /proc:
the figure other work on the machine does not move), and RSS: before the load, peak, and the
peak of each tenth of the run (a plateau, or growth without one). The clients share the
machine's CPUs with the server: requests/s is a lower bound of what the server alone can do.
Flags after ``--`` go to ``memdb serve`` (e.g. ``-- --max-concurrent 8 --model-threads 2``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import httpx

from bench.common import REPO, RESULTS, environment, percentiles, table, write_json
from memdb.demo import demo_messages, load_demo_conversation

TENANT = "load"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used: unlike wall time, not shared with the
    machine's other work."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _memdb_command(target: Sequence[str], *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``memdb TARGET ARGS`` as a user types it (``target``: ``--data FOLDER`` or ``--db-url URL``)."""
    return subprocess.run([sys.executable, "-m", "memdb", *target, *args], env=env, cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=300)


def _memdb(data: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _memdb_command(["--data", str(data)], *args, env=env)


class Load:
    """Clients sending requests back to back; client n talks to ``urls[n % len(urls)]`` (several
    servers: replicas behind a load balancer that keeps each connection on one of them)."""

    def __init__(self, urls: str | Sequence[str], token: str, questions: list[str], search_share: float,
                 seed: int) -> None:
        self.urls, self.headers = [urls] if isinstance(urls, str) else list(urls), {"Authorization": f"Bearer {token}"}
        self.questions, self.search_share = questions, search_share
        self.random = random.Random(seed)
        self.samples: list[tuple[str, int, float]] = []  # (kind, status, seconds)
        self.failures: dict[str, int] = {}
        self.served = [0] * len(self.urls)  # 2xx answers of each server
        self.added = 0

    async def client(self, http: httpx.AsyncClient, n: int, deadline: float) -> None:
        server = n % len(self.urls)
        i = 0
        while time.monotonic() < deadline:
            i += 1
            if self.random.random() < self.search_share:
                kind, path = "search", "/v1/search"
                body: dict[str, Any] = {"user_id": "maya", "query": self.random.choice(self.questions), "k": 5}
            else:
                kind, path = "add", "/v1/episodes"
                text = f"Client {n} note {i}: {self.random.choice(self.questions).rstrip('?')} — I wrote it down."
                body = {"user_id": "maya", "session_id": f"load-{n}", "messages": [{"content": text, "name": "Maya"}]}
            started = time.perf_counter()
            try:
                r = await http.post(self.urls[server] + path, json=body, headers=self.headers)
                status = r.status_code
                self.served[server] += 200 <= status < 300
            except httpx.HTTPError as exc:
                status = 0
                name = type(exc).__name__
                self.failures[name] = self.failures.get(name, 0) + 1
            self.samples.append((kind, status, time.perf_counter() - started))
            if status == 503:  # shed: wait as told, as a polite client does
                await asyncio.sleep(float(r.headers.get("retry-after", "1")))

    async def run(self, clients: int, seconds: float, pid: int,
                  beside: Sequence[Callable[[httpx.AsyncClient, float], Awaitable[None]]] = ()) -> dict[str, Any]:
        """``beside``: coroutines run alongside the clients until the deadline (a probe), given
        the shared HTTP client and the deadline."""
        rss: list[tuple[float, float]] = []
        started = time.monotonic()
        deadline = started + seconds

        async def sample() -> None:
            while time.monotonic() < deadline:
                value = _rss_mb(pid)
                if value is not None:
                    rss.append((time.monotonic() - started, value))
                await asyncio.sleep(0.5)

        room = clients + 2 * len(beside)  # a probe never waits for a connection of the clients
        limits = httpx.Limits(max_connections=room, max_keepalive_connections=room)
        async with httpx.AsyncClient(timeout=120, limits=limits) as http:
            await asyncio.gather(sample(), *(self.client(http, n, deadline) for n in range(clients)),
                                 *(task(http, deadline) for task in beside))
        elapsed = time.monotonic() - started
        return {"elapsed_s": round(elapsed, 1), "rss": rss}


def _summary(samples: list[tuple[str, int, float]], elapsed: float) -> dict[str, Any]:
    statuses: dict[str, int] = {}
    for _, status, _ in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    ok = [s for s in samples if 200 <= s[1] < 300]
    out: dict[str, Any] = {
        "requests": len(samples), "ok": len(ok), "statuses": statuses,
        "shed_503": statuses.get("503", 0),
        "errors": sum(n for code, n in statuses.items() if not code.startswith("2") and code != "503"),
        "requests_per_s": round(len(ok) / elapsed, 1),
    }
    for kind in ("search", "add", "all"):
        times = [t * 1000 for k, status, t in ok if kind in (k, "all")]
        if times:
            out[f"{kind}_ms"] = {k: round(v, 1) for k, v in percentiles(times).items()} | {"n": len(times)}
    return out


def _rss_summary(rss: list[tuple[float, float]], before: float | None, seconds: float) -> dict[str, Any]:
    tenths = [max((v for t, v in rss if i * seconds / 10 <= t < (i + 1) * seconds / 10), default=None)
              for i in range(10)]
    return {"before_load_mb": before and round(before, 1), "peak_mb": round(max(v for _, v in rss), 1),
            "end_mb": round(rss[-1][1], 1), "peak_per_tenth_mb": [t and round(t, 1) for t in tenths]}


def report(runs: list[dict[str, Any]]) -> str:
    """The runs as one markdown table, with the conditions each ran in."""
    rows = []
    for r in runs:
        c, rss = r["config"], r["server_rss"]
        half = rss["peak_per_tenth_mb"]
        rows.append([r.get("label", ""), r["environment"]["git_commit"], " ".join(c.get("serve_flags", [])) or "defaults",
                     f"{c['clients']} × {c['seconds']:g} s", r["requests_per_s"], r["all_ms"]["p50"], r["all_ms"]["p95"],
                     r["search_ms"]["p95"], r["add_ms"]["p95"], r["errors"] + sum(r["transport_failures"].values()),
                     r["shed_503"], r.get("server_cpu_ms_per_request", "–"), rss["before_load_mb"], rss["peak_mb"],
                     round(half[-1] - half[4], 1) if half[-1] and half[4] else "–",
                     round(r["environment"]["load_average_1_5_15"][0], 1), r["sigterm"]["exit_code"]])
    return table(["run", "commit", "serve flags", "load", "req/s", "p50 ms", "p95 ms", "search p95", "add p95",
                  "errors", "503", "CPU ms/req", "RSS before MB", "RSS peak MB", "RSS growth, 2nd half MB",
                  "machine load", "SIGTERM exit"], rows) + "\n"


def run(clients: int, seconds: float, search_share: float, serve: list[str], seed: int = 7) -> dict[str, Any]:
    data = load_demo_conversation()
    questions = [q["question"] for q in data["questions"]]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "data"
        token = _memdb(store, "keys", "create", "--name", "load", "--tenant", TENANT, env=env).stdout.strip()
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "memdb", "--data", str(store), "serve", "--port", str(port),
                                   *serve],
                                  env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {token}"}) as http:
                for _ in range(600):
                    try:
                        if http.get("/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                for session in data["sessions"]:
                    http.post("/v1/episodes", json={"user_id": "maya", "session_id": session["session_id"],
                                                    "messages": demo_messages(session)}).raise_for_status()
                for q in questions:  # warm up: model, caches, the connection
                    http.post("/v1/search", json={"user_id": "maya", "query": q, "k": 5}).raise_for_status()
            before, cpu = _rss_mb(server.pid), _cpu_seconds(server.pid)
            load = Load(url, token, questions, search_share, seed)
            timing = asyncio.run(load.run(clients, seconds, server.pid))
            cpu = _cpu_seconds(server.pid) - cpu
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                exit_code: int | None = server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                exit_code = None
            log = server.stderr.read() if server.stderr else ""
    return {
        "environment": environment(),
        "config": {"clients": clients, "seconds": seconds, "search_share": search_share, "k": 5, "serve_flags": serve,
                   "seed_turns": sum(len(s["turns"]) for s in data["sessions"])},
        **(summary := _summary(load.samples, timing["elapsed_s"])), "transport_failures": load.failures,
        "server_cpu_ms_per_request": round(cpu * 1000 / max(summary["ok"], 1), 1),
        "server_rss": _rss_summary(timing["rss"], before, seconds),
        "sigterm": {"exit_code": exit_code, "log_tail": log.strip().splitlines()[-3:]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--search-share", type=float, default=0.8)
    parser.add_argument("--out", default=str(RESULTS / "server_load.json"), help="JSON file, or - for stdout only.")
    parser.add_argument("--label", default="", help="The run's name in RESULTS.md.")
    parser.add_argument("serve", nargs="*", help="Flags for memdb serve after --, e.g. -- --max-concurrent 8.")
    args = parser.parse_args()
    result = {"label": args.label, **run(args.clients, args.seconds, args.search_share, args.serve)}
    print(json.dumps({k: v for k, v in result.items() if k != "environment"}, indent=1))
    print(report([result]))
    if args.out != "-":
        write_json(Path(args.out), result)


if __name__ == "__main__":
    main()
