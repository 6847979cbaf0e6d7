"""Separate processes on one data folder, for the multi-process, kill -9 and erasure tests (and
bench/multiprocess.py). Run as ``python -m tests.workers COMMAND --data DIR``:

- ``driver``: opens a MemoryDB and runs JSON commands read line by line from stdin, answering
  each with one JSON line — so a test interleaves two real processes step by step.
- ``ingest``: adds batches of turns with ids ``{prefix}-{batch}-{i}``, printing ``ack BATCH``
  once each add() has returned — the kill -9 loop kills it at random moments.

Both use ``DenseHashEmbedder``: a deterministic, dense vector per text, so a turn's vector
bytes can be searched for in the store's files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from memdb import MemoryDB, Settings

DIMENSION = 64


class DenseHashEmbedder:
    """A seeded random unit vector per text: no meaning, but every float distinct."""

    name = "dense-hash-64"
    dimension = DIMENSION

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(DIMENSION).astype(np.float32)
            out[row] = v / np.linalg.norm(v)
        return out


def open_db(data: str | Path, embedder: Any = None) -> MemoryDB:
    return MemoryDB(data, embedder=embedder or DenseHashEmbedder(), settings=Settings.from_env())


def turns(prefix: str, batch: int, size: int) -> list[dict[str, Any]]:
    """A batch of turns, each with a word of its own (``w{prefix}x{batch}x{i}``) to search for."""
    return [{"id": f"{prefix}-{batch}-{i}", "role": "user", "name": "Ann",
             "content": f"Note w{prefix}x{batch}x{i} about the garden and the weather.",
             "timestamp": f"2024-01-01T{batch % 24:02d}:{i % 60:02d}:00"} for i in range(size)]


def _run(db: MemoryDB, op: str, args: dict[str, Any]) -> Any:
    if op == "add":
        return [e.id for e in db.add(args["turns"], user_id=args["user"])]
    if op == "add_batches":  # many adds in a row, so two processes' writes interleave
        for b in range(args["start"], args["start"] + args["batches"]):
            db.add(turns(args["prefix"], b, args["size"]), user_id=args["user"])
        return args["batches"]
    if op == "search":
        return [h.episode.id for h in db.search(args["query"], user_id=args["user"], k=args.get("k", 5),
                                                 recipe=args.get("recipe", "lexical"))]
    if op == "semantic":  # the vector index alone: which of the user's turns it holds
        vector = db.embedder.embed([args["text"]])[0]
        return [int(seq) for seq, _ in db.index.search(args["user"], vector, args.get("k", 5))]
    if op == "stats":
        return db.stats(user_id=args.get("user"))
    if op == "forget":
        return db.forget(user_id=args["user"])
    if op == "delete":
        db.delete_episode(args["id"], user_id=args["user"])
        return True
    raise ValueError(f"unknown op {op!r}")


def driver(data: str) -> None:
    db = open_db(data)
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        if op == "close":
            db.close()
            print(json.dumps({"ok": True}), flush=True)
            return
        if op == "exit":  # leave without closing, as a crash would (nothing saved)
            print(json.dumps({"ok": True}), flush=True)
            os._exit(0)
        try:
            print(json.dumps({"ok": _run(db, op, command)}), flush=True)
        except Exception as exc:  # reported to the test, which decides
            print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)


def ingest(data: str, user: str, prefix: str, start: int, batches: int, size: int) -> None:
    db = open_db(data)
    for b in range(start, start + batches):
        db.add(turns(prefix, b, size), user_id=user)
        print(f"ack {b}", flush=True)
    db.close()
    print("closed", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["driver", "ingest"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--user", default="u")
    parser.add_argument("--prefix", default="t")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--batches", type=int, default=1_000_000)
    parser.add_argument("--size", type=int, default=8)
    a = parser.parse_args()
    if a.command == "driver":
        driver(a.data)
    else:
        ingest(a.data, a.user, a.prefix, a.start, a.batches, a.size)


if __name__ == "__main__":
    main()
