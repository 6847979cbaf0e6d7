"""kill -9 of a writer at random moments, again and again, on one data folder — one harness, two
writers: a library process (``tests/workers.py ingest``) and ``memdb serve`` fed by HTTP clients.
tests/test_processes.py runs each with 5 kills, bench/kill_ingest.py with 20+.

Each writer sends batches (one ``add()``, one POST) of turns with ids, keeps a ``Ledger`` of
what it sent and which batches were acknowledged, and after a kill sends the batch in flight
again (it may have committed: the ids make a second add a no-op). The checks: every acknowledged
turn stored exactly once, no batch stored in part, every turn indexed once, no temporary file.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Protocol

import httpx
from sqlalchemy import select

from memdb import HashingEmbedder, keys
from memdb.store.schema import EpisodeRow
from tests.processes import Lines, Serve, check_indexed_exactly_once, start, worker_env
from tests.workers import open_db, turns


class Ledger:
    """The batches a writer sent, each by its turn ids, and which of them it was told were stored.
    Thread-safe: HTTP clients write to it at once."""

    def __init__(self) -> None:
        self.batches: dict[str, list[str]] = {}
        self.acknowledged: set[str] = set()
        self._lock = threading.Lock()

    def sent(self, key: str, ids: Iterable[str]) -> None:
        with self._lock:
            self.batches.setdefault(key, list(ids))

    def acknowledge(self, key: str) -> None:
        with self._lock:
            self.acknowledged.add(key)

    def check(self, stored: Iterable[str]) -> dict[str, int]:
        """Compared with the ids a store holds (each as often as it holds it): what was lost,
        stored twice, stored in part — and how many unacknowledged batches had committed."""
        counts = Counter(stored)
        with self._lock:
            batches, acknowledged = dict(self.batches), set(self.acknowledged)
        held = {key: sum(counts[i] > 0 for i in ids) for key, ids in batches.items()}
        sent = {i for ids in batches.values() for i in ids}
        return {
            "acknowledged_batches": len(acknowledged),
            "acknowledged_turns": sum(len(batches[key]) for key in acknowledged),
            "stored_turns": sum(counts.values()),
            "lost": sum(len(batches[key]) - held[key] for key in acknowledged),
            "duplicated": sum(n - 1 for n in counts.values() if n > 1),
            "half_batches": sum(0 < held[key] < len(ids) for key, ids in batches.items()),
            "never_sent": sum(1 for i in counts if i not in sent),
            "unacknowledged_batches": len(batches) - len(acknowledged),
            "unacknowledged_but_stored_batches": sum(held[key] == len(ids) for key, ids in batches.items()
                                                     if key not in acknowledged),
        }


PROBLEMS = ("lost", "duplicated", "half_batches", "never_sent")


class Writer(Protocol):
    data: Path
    ledger: Ledger

    def start(self) -> None:
        """Start writing; return once a batch of this round is acknowledged."""

    def write_until(self, deadline: float) -> None:
        """Go on writing until ``deadline`` (time.monotonic())."""

    def kill(self) -> None:
        """SIGKILL the writing process and take the acknowledgements it gave before dying."""

    def after_kill(self) -> None:
        """Whatever a round does once its writer is dead (restart, check)."""

    def finish(self) -> dict[str, Any]:
        """After the last kill: check the folder; the figures."""


def kill_loop(writer: Writer, *, kills: int, seed: int, longest: float) -> dict[str, Any]:
    """Kill ``writer`` ``kills`` times, each at a random moment 0.05–``longest`` s after its
    round's first acknowledged batch; then its figures, with the kills' and the checks'."""
    rng, lived, in_a_save, started = random.Random(seed), [], 0, time.monotonic()
    for _ in range(kills):
        writer.start()
        born = time.monotonic()
        writer.write_until(born + rng.uniform(0.05, longest))
        writer.kill()
        lived.append(time.monotonic() - born)
        in_a_save += bool(temporary_files(writer.data))  # the next open must remove it
        writer.after_kill()
    return {"kills": kills, "kills_during_an_index_save": in_a_save, "seconds": time.monotonic() - started,
            "seconds_before_kill": lived, **writer.finish()}


def temporary_files(data: Path) -> list[str]:
    """What a write interrupted by a kill may leave (``*.tmp``); the next open removes it."""
    return sorted(p.name for p in data.rglob("*.tmp"))


class LibraryIngest:
    """``tests/workers.py ingest`` processes adding batches ``k-{batch}-{i}`` to one user, saving
    their index every ``checkpoint_every`` turns (so some kills land in a save)."""

    def __init__(self, data: Path, *, size: int = 6, checkpoint_every: int = 12) -> None:
        self.data, self.size, self.ledger = data, size, Ledger()
        self.env = worker_env(MEMDB_INDEX_CHECKPOINT_EVERY=str(checkpoint_every))
        self.following = 0  # the batch after the last acknowledged one: the next worker starts there

    def _sent(self, batch: int) -> None:
        self.ledger.sent(f"k-{batch}", [t["id"] for t in turns("k", batch, self.size)])

    def _take(self, line: str | None) -> None:
        if line is not None and line.startswith("ack"):
            batch = int(line.split()[1])
            self.ledger.acknowledge(f"k-{batch}")
            self.following = batch + 1
            self._sent(batch + 1)

    def start(self) -> None:
        self._sent(self.following)
        self.process = start("ingest", "--data", str(self.data), "--user", "u", "--prefix", "k", "--start",
                             str(self.following), "--size", str(self.size), env=self.env)
        self.lines = Lines(self.process)
        first = self.lines.next()
        if first is None or not first.startswith("ack"):
            raise RuntimeError((self.process.stderr.read() if self.process.stderr else b"").decode()[-2000:])
        self._take(first)

    def write_until(self, deadline: float) -> None:
        while (left := deadline - time.monotonic()) > 0:
            try:  # no longer than the deadline: waiting for the next ack would kill it just after an add()
                line = self.lines.next(timeout=left)
            except TimeoutError:
                return
            if line is None:
                return
            self._take(line)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        while (line := self.lines.next(timeout=10)) is not None:  # acks printed before it died
            self._take(line)

    def after_kill(self) -> None:
        pass  # the next worker's open is the recovery, checked at the end

    def finish(self) -> dict[str, Any]:
        with open_db(self.data) as db:
            with db.store.session() as s:
                ids = list(s.execute(select(EpisodeRow.id)).scalars())
        figures = self.ledger.check(ids)
        figures["indexed_once"] = check_indexed_exactly_once(self.data).get("u", 0) == len(ids)
        return {"writer": "library", "size": self.size, **figures}


def http_turns(client: int, batch: int, size: int) -> list[dict[str, Any]]:
    """``turns()`` with five more words of each turn's own: the server's 64-d hashing embedder
    puts a word in one dimension, so one word alone would give many turns the same vector."""
    out = turns(f"c{client}", batch, size)
    for turn in out:
        tag = turn["id"].replace("-", "x")
        turn["content"] = turn["content"].replace(" about", "".join(f" {c}{tag}" for c in "vzqjy") + " about")
    return out


class HttpIngest:
    """``memdb serve`` on the folder, fed by ``clients`` threads that each POST batches of
    ``size`` turns (ids ``c{client}-{batch}-{i}``) as fast as they are answered, the server
    saving its index every ``checkpoint_every`` changes. After each kill the server is started
    again on the folder and checked over HTTP before the clients go on: every acknowledged turn
    listed once and found by full text and by vector search, no batch in part, stats' vectors =
    episodes, no temporary file."""

    def __init__(self, data: Path, *, clients: int = 3, size: int = 4, checkpoint_every: int = 8,
                 vector_probes: int = 1) -> None:
        self.data, self.size, self.vector_probes, self.ledger = data, size, vector_probes, Ledger()
        self.server = Serve(data, env=worker_env(MEMDB_INDEX_CHECKPOINT_EVERY=str(checkpoint_every)))
        with open_db(data, HashingEmbedder()) as db:  # as `memdb keys create` does, without its start-up
            self.headers = {"X-API-Key": keys.create_key(db, "t", "kill")[0]}
        self.following = [0] * clients  # each client's next batch: the one in flight at a kill goes again
        self.searched: set[str] = set()
        self.recovery: list[dict[str, float]] = []
        self.problems: list[dict[str, int]] = []  # the rounds whose check found something
        self.errors: list[str] = []  # answers other than 201 (or 503: sent again)
        self.in_flight = self.committed_unanswered = 0  # batches in flight at the kills; of them, stored

    def _client(self, n: int, acknowledged: threading.Event) -> None:
        with httpx.Client(base_url=self.server.url, headers=self.headers, timeout=60) as http:
            while True:
                batch = self.following[n]
                key, messages = f"c{n}-{batch}", http_turns(n, batch, self.size)
                ids = [m["id"] for m in messages]
                self.ledger.sent(key, ids)
                try:
                    r = http.post("/v1/episodes", json={"user_id": "u", "messages": messages})
                except httpx.TransportError:
                    return  # killed: the batch stays in flight, sent again first next round
                if r.status_code == 503:
                    time.sleep(0.05)
                    continue
                if r.status_code != 201 or [e["id"] for e in r.json()["episodes"]] != ids:
                    self.errors.append(f"{key}: {r.status_code} {r.text[:300]}")
                    acknowledged.set()
                    return
                self.ledger.acknowledge(key)
                self.following[n] = batch + 1
                acknowledged.set()

    def start(self) -> None:
        if self.server.process is None:
            self.server.start()
        acknowledged = threading.Event()
        self.clients = [threading.Thread(target=self._client, args=(n, acknowledged), daemon=True)
                        for n in range(len(self.following))]
        for client in self.clients:
            client.start()
        if not acknowledged.wait(60):
            raise RuntimeError(f"no batch acknowledged in 60 s: {self.server.log()}")

    def write_until(self, deadline: float) -> None:
        time.sleep(max(0.0, deadline - time.monotonic()))

    def kill(self) -> None:
        self.server.kill()
        for client in self.clients:
            client.join(60)

    def after_kill(self) -> None:
        restarted = time.monotonic()
        ready = self.server.start()
        with httpx.Client(base_url=self.server.url, headers=self.headers, timeout=60) as http:
            stats = http.get("/v1/stats", params={"user_id": "u"}).json()
            caught_up = time.monotonic() - restarted
            listed = [e["id"] for e in http.get("/v1/episodes", params={"user_id": "u", "limit": 100_000}).json()[
                "episodes"]]
            figures = self.ledger.check(listed)
            problems = {key: figures[key] for key in PROBLEMS} | self._search(http) | {
                "vectors_not_episodes": int(not stats["vectors"] == stats["episodes"] == len(listed)),
                "temporary_files": len(temporary_files(self.data))}
        self.recovery.append({"ready_s": ready, "caught_up_s": caught_up})
        self.in_flight += figures["unacknowledged_batches"]  # each sent again first by its client
        self.committed_unanswered += figures["unacknowledged_but_stored_batches"]
        if any(problems.values()):
            self.problems.append({"round": len(self.recovery), **problems})

    def _search(self, http: httpx.Client) -> dict[str, int]:
        """The batches acknowledged since the last check: their marker words at once by full text
        (each turn found, once, and nothing else), and ``vector_probes`` of their sentences by
        vector search alone (each among the first five)."""
        missing = {"not_found_by_full_text": 0, "not_found_by_vector": 0}
        for key in sorted(self.ledger.acknowledged - self.searched):
            client, batch = key[1:].split("-")
            batch_turns = http_turns(int(client), int(batch), self.size)
            markers = " ".join(t["content"].split()[1] for t in batch_turns)  # the query's words are OR-ed
            found = self._hits(http, markers, "lexical", 2 * self.size)
            missing["not_found_by_full_text"] += len(batch_turns) - len({t["id"] for t in batch_turns} & set(found))
            missing["not_found_by_full_text"] += len(found) != len(batch_turns)  # a turn twice, or another
            for turn in random.Random(key).sample(batch_turns, min(self.vector_probes, self.size)):
                missing["not_found_by_vector"] += turn["id"] not in self._hits(http, turn["content"], "semantic", 5)
            self.searched.add(key)
        return missing

    @staticmethod
    def _hits(http: httpx.Client, query: str, recipe: str, k: int) -> list[str]:
        r = http.post("/v1/search", json={"user_id": "u", "query": query, "recipe": recipe, "k": k})
        r.raise_for_status()
        return [h["episode"]["id"] for h in r.json()["hits"]]

    def finish(self) -> dict[str, Any]:
        """Stop the last server cleanly, then open the folder as a library: the same checks in SQL."""
        stopped_cleanly = self.server.stop() == 0
        embedder = HashingEmbedder()
        with open_db(self.data, embedder) as db:
            with db.store.session() as s:
                ids = list(s.execute(select(EpisodeRow.id)).scalars())
        figures = self.ledger.check(ids)
        figures["indexed_once"] = check_indexed_exactly_once(self.data, embedder=embedder).get("t:u", 0) == len(ids)
        return {"writer": "http", "clients": len(self.following), "size": self.size, **figures,
                "stopped_cleanly": stopped_cleanly,
                "searched_batches": len(self.searched), "in_flight_at_kills": self.in_flight,
                "in_flight_and_stored": self.committed_unanswered, "recovery": self.recovery, "problems": self.problems,
                "errors": self.errors}
