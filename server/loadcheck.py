"""Search latency over HTTP on loopback, with the real model: ``python -m server.loadcheck``.

Starts uvicorn on 127.0.0.1 (a free port) around a fresh store, ingests the demo conversation
through ``MemoryClient``, asks the demo's questions round-robin for a bounded number of searches
(in process for reference, then over HTTP sequentially and from several threads at once) and
prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Self

import uvicorn

from memdb.client import MemoryClient
from memdb.db import MemoryDB
from memdb.demo import demo_messages, load_demo_conversation
from memdb.keys import create_key
from server.app import create_app
from server.settings import ServerSettings
from server.tenancy import scoped


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "n": len(samples)}


class _Server:
    def __init__(self, db: MemoryDB) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(uvicorn.Config(create_app(db, ServerSettings(port=port)), host="127.0.0.1",
                                                     port=port, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        while not self._server.started:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)


class _Scoped:
    def __init__(self, db: MemoryDB, user_key: str) -> None:
        self.db, self.user_key = db, user_key

    def search(self, query: str, *, user_id: str, **options: Any) -> Any:
        return self.db.search(query, user_id=self.user_key, **options)


def _questions(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    while True:
        yield from data["questions"]


def run(searches: int = 200, threads: int = 4, k: int = 5) -> dict[str, dict[str, float]]:
    data = load_demo_conversation()
    user = data["user_id"]
    with tempfile.TemporaryDirectory() as folder, MemoryDB(folder) as db:
        token, _ = create_key(db, "loadcheck", "loadcheck")
        user_key = scoped("loadcheck", user).key  # where the server keeps this tenant's user
        with _Server(db) as server, MemoryClient(server.url, token) as client:
            for session in data["sessions"]:
                client.add(demo_messages(session), user_id=user, session_id=session["session_id"])
            questions = _questions(data)

            def timed(memory: Any, q: dict[str, Any]) -> float:
                started = time.perf_counter()
                memory.search(q["question"], user_id=user, k=k, now=q["now"], as_of=q.get("as_of"))
                return time.perf_counter() - started

            for q in data["questions"]:  # warm up: model, caches, connection
                timed(client, q)
            # The same searches in process: the part of the HTTP figure that is the library's own.
            in_process = [timed(_Scoped(db, user_key), next(questions)) for _ in range(searches)]
            sequential = [timed(client, next(questions)) for _ in range(searches)]
            with ThreadPoolExecutor(threads) as pool:
                concurrent = list(pool.map(lambda q: timed(client, q), [next(questions) for _ in range(searches)]))
    return {"library": _percentiles(in_process), "http": _percentiles(sequential),
            f"http {threads} thr": _percentiles(concurrent)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=200, help="Searches per phase.")
    parser.add_argument("--threads", type=int, default=4, help="Client threads in the concurrent phase.")
    args = parser.parse_args()
    for phase, figures in run(args.searches, args.threads).items():
        print(f"{phase:>12}: p50 {figures['p50']:.1f} ms  p95 {figures['p95']:.1f} ms  ({figures['n']:.0f} searches)")


if __name__ == "__main__":
    main()
