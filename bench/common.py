"""Pieces the benchmarks share: a persistent embedding cache, the plain baselines a chatbot
developer would write (FAISS flat top-k, SQLite FTS5), ranking metrics and result tables."""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = Path(os.environ.get("MEMDB_BENCH_WORK", BENCH / ".work"))  # caches; never committed
RESULTS = BENCH / "results"


def sha256_file(path: Path, n: int = 16) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:n]


def code_fingerprint(paths: Iterable[str], n: int = 12) -> str:
    """Hash of memdb source files (relative to the repo): a cached store is rebuilt when the
    code that wrote it changes."""
    h = hashlib.sha256()
    for rel in sorted(paths):
        p = REPO / rel
        files = sorted(p.rglob("*.py")) if p.is_dir() else [p] if p.exists() else []
        for f in files:
            h.update(str(f.relative_to(REPO)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:n]


class CachedEmbedder:
    """An Embedder that remembers every vector it computed in an .npz file, so re-runs embed
    nothing twice. Same ``name`` and ``dimension`` as the wrapped model: stores built through
    it are stores of that model. Vectors are exactly the model's."""

    def __init__(self, inner: Any, path: Path | None) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        self._lock = threading.Lock()
        self.computed = 0  # texts actually sent to the model
        if path is not None and path.exists():
            with np.load(path, allow_pickle=False) as f:
                self._vectors = dict(zip(f["texts"].tolist(), f["vectors"]))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            vectors = self.inner.embed(missing)
            with self._lock:
                self._vectors.update(zip(missing, np.asarray(vectors, dtype=np.float32)))
                self._dirty = True
                self.computed += len(missing)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32, copy=False)

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self._vectors)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp.npz")  # benches run side by side never write one file
        np.savez(tmp, texts=np.array(texts, dtype=str), vectors=np.stack([self._vectors[t] for t in texts]))
        os.replace(tmp, self.path)
        self._dirty = False


def model_embedder(cache: bool = True) -> Any:
    """memdb's default model, wrapped in the persistent cache unless ``cache`` is False."""
    from memdb import SentenceTransformerEmbedder

    inner = SentenceTransformerEmbedder()
    if not cache:
        return inner
    slug = re.sub(r"[^A-Za-z0-9]+", "-", inner.name).strip("-")
    return CachedEmbedder(inner, WORK / f"embeddings-{slug}.npz")


class DenseIndex:
    """Baseline (a): what a developer gets from a plain vector database — the same embedder,
    "speaker: text" embedded, FAISS exact inner-product top-k. No time, no words, no graph."""

    def __init__(self, embedder: Any) -> None:
        import faiss

        self.embedder = embedder
        self.index = faiss.IndexFlatIP(embedder.dimension)
        self.ids: list[str] = []

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.index.add(np.ascontiguousarray(self.embedder.embed(list(texts)), dtype=np.float32))
        self.ids.extend(ids)

    def search(self, query: str, k: int) -> list[str]:
        vector = np.ascontiguousarray(self.embedder.embed([query]), dtype=np.float32)
        _, found = self.index.search(vector, min(k, len(self.ids)))
        return [self.ids[i] for i in found[0] if i >= 0]


_WORD = re.compile(r"[A-Za-z0-9]+")


class Fts5Index:
    """Plain SQLite FTS5 (porter stemmer) over "speaker: text", query words OR-ed, ranked by
    FTS5's bm25(): the lexical baseline with none of memdb's code."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE turns USING fts5(id UNINDEXED, body, tokenize='porter unicode61')")

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.db.executemany("INSERT INTO turns(id, body) VALUES (?, ?)", list(zip(ids, texts)))

    def search(self, query: str, k: int) -> list[str]:
        words = list(dict.fromkeys(w.lower() for w in _WORD.findall(query)))
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT id FROM turns WHERE turns MATCH ? ORDER BY bm25(turns) LIMIT ?", (match, k)
        ).fetchall()
        return [r[0] for r in rows]


# ------------------------------------------------------------------ metrics
def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Fraction of the relevant items found in the top k (the LoCoMo paper's retrieval recall)."""
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def first_rank(ranked: Sequence[str], ids: Iterable[str]) -> int | None:
    """The rank (from 1) of the first of ``ids`` in ``ranked``, or None."""
    wanted = set(ids)
    return next((i + 1 for i, x in enumerate(ranked) if x in wanted), None)


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Binary-relevance NDCG: DCG of the top k over the DCG of a perfect top k."""
    dcg = sum(1.0 / math.log2(i + 2) for i, x in enumerate(ranked[:k]) if x in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """1 / rank of the first relevant item in the list (0 when none is in it)."""
    for i, x in enumerate(ranked):
        if x in relevant:
            return 1.0 / (i + 1)
    return 0.0


def percentiles(values: Sequence[float], ps: Sequence[float] = (50, 95, 99)) -> dict[str, float]:
    arr = np.asarray(values, dtype=float)
    return {f"p{int(p)}": float(np.percentile(arr, p)) for p in ps} if len(arr) else {}


# ------------------------------------------------------------------ output
def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, fmt: str = "{:.1f}") -> str:
    """A GitHub-markdown table; floats formatted with ``fmt``."""
    def cell(v: Any) -> str:
        if v is None:
            return "–"
        return fmt.format(v) if isinstance(v, float) else str(v)

    cells = [[cell(v) for v in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h)) for i, h in enumerate(headers)]
    line = lambda vals: "| " + " | ".join(str(v).ljust(w) for v, w in zip(vals, widths)) + " |"
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])


def ingest_against_raw(
    embed: Callable[[list[str]], Any], sessions: Sequence[tuple[list[str], Callable[[], Any]]],
) -> tuple[float, float]:
    """Seconds of raw embedding and of ingest over the same sessions, timed session by session
    and interleaved (raw first on even sessions, ingest first on odd ones). Each session is
    (the texts ingest embeds, a call that adds it). This VM's speed drifts 10–25% within a
    minute: timing the two apart, whole run after whole run, moved the ratio by ±0.1."""
    raw = ingest = 0.0
    for i, (texts, add) in enumerate(sessions):
        for raw_step in ((True, False) if i % 2 == 0 else (False, True)):
            started = time.perf_counter()
            if raw_step:
                embed(texts)
                raw += time.perf_counter() - started
            else:
                add()
                ingest += time.perf_counter() - started
    return raw, ingest


def environment() -> dict[str, Any]:
    """Where a result came from, stored beside it."""
    import subprocess

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, timeout=5, check=False).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
        "git_commit": commit, "memdb_code": code_fingerprint(["memdb"]),
        # timings are only comparable on an otherwise idle machine: record how busy it was
        "load_average_1_5_15": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def server_sql(server_url: Any, *statements: str) -> list[Any]:
    """Run ``statements`` on the ``postgres`` database of the PostgreSQL server of ``server_url``,
    in autocommit (CREATE and DROP DATABASE need it); a SELECT's scalar, None for the others."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as c:
            results = [c.execute(text(s)) for s in statements]
            return [r.scalar() if s.startswith("SELECT") else None for r, s in zip(results, statements)]
    finally:
        engine.dispose()


def fresh_database(server_url: Any, name: str) -> str:
    """The URL of a new, empty database ``name`` on the server of ``server_url`` (dropped first
    if it exists)."""
    from sqlalchemy.engine import make_url

    server_sql(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def show_and_save(text: str, result: Any, out: Path | str) -> None:
    """A benchmark's ending: its report printed, its result written to ``out`` ('-': not written)."""
    print()
    print(text)
    if str(out) != "-":
        write_json(Path(out), result)
        print(f"wrote {out}")


def write_json(path: Path, data: Any) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)
