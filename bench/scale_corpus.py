"""The scale benchmark's corpus and timeline: LoCoMo sentences recombined into turns, their
vectors (real MiniLM for the first 20,000, mixtures beyond), an Embedder that looks them up, and
which user and event time turn i gets in each shape. See ``scale.py`` for how they are used."""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from bench.common import WORK
from bench.locomo import DEFAULT_DATA, load_locomo

BASE = 20_000
SESSION = 20          # turns per add() call: one chat session
PER_USER = 100        # the "many" shape
START = datetime(2022, 1, 3, tzinfo=UTC)
SCALE_WORK = WORK / "scale"
TENANT = "bench"  # users are stored as "<tenant>:<user>", so the server can serve the same store


def _sentences() -> tuple[list[str], list[str]]:
    conversations, _, _ = load_locomo(DEFAULT_DATA)
    sentences: list[str] = []
    speakers = sorted({t.speaker for c in conversations for t in c.turns})
    for c in conversations:
        for t in c.turns:
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", t.text) if len(s.strip()) > 3]
    return list(dict.fromkeys(sentences)), speakers


def base_corpus(seed: int = 1) -> tuple[list[str], list[str]]:
    """20,000 distinct (speaker, content) recombined from LoCoMo sentences; deterministic."""
    sentences, speakers = _sentences()
    rng = random.Random(seed)
    seen: set[str] = set()
    names: list[str] = []
    contents: list[str] = []
    while len(contents) < BASE:
        content = " ".join(rng.choice(sentences) for _ in range(rng.choice((1, 2, 2, 3))))
        name = rng.choice(speakers)
        if (name, content) in seen:
            continue
        seen.add((name, content))
        names.append(name)
        contents.append(content)
    return names, contents


def base_vectors(embedder: Any, names: Sequence[str], contents: Sequence[str]) -> np.ndarray:
    path = SCALE_WORK / "base-vectors.npy"
    digest = hashlib.sha256("\n".join(f"{n}: {c}" for n, c in zip(names, contents)).encode()).hexdigest()[:16]
    tagged = path.with_name(f"base-vectors-{digest}.npy")
    if tagged.exists():
        return np.load(tagged)
    started = time.perf_counter()
    vectors = np.asarray(embedder.embed([f"{n}: {c}" for n, c in zip(names, contents)]), dtype=np.float32)
    print(f"  embedded {len(contents)} base turns in {time.perf_counter() - started:.0f} s", flush=True)
    tagged.parent.mkdir(parents=True, exist_ok=True)
    np.save(tagged, vectors)
    return vectors


def turn_stream(n: int, names: Sequence[str], contents: Sequence[str], vectors: np.ndarray, *, seed: int = 2,
                ) -> Iterator[tuple[int, str, str, np.ndarray]]:
    """(i, name, content, vector) for i < n: base turns first, then mixtures of two of them."""
    rng = np.random.default_rng(seed)
    for i in range(min(n, BASE)):
        yield i, names[i], contents[i], vectors[i]
    for i in range(BASE, n):
        a, b = (int(x) for x in rng.integers(0, BASE, 2))
        tail = re.split(r"(?<=[.!?])\s+", contents[b])
        content = f"{contents[a]} {tail[int(rng.integers(0, len(tail)))]}"
        v = 0.75 * vectors[a] + 0.25 * vectors[b] + rng.normal(0, 0.04, vectors.shape[1]).astype(np.float32)
        yield i, names[a], content, (v / np.linalg.norm(v)).astype(np.float32)


class LookupEmbedder:
    """Returns precomputed vectors by text lookup (the Embedder protocol); texts it was not
    given go to ``fallback`` (the real model, for entity names) or, without one, to a
    deterministic pseudo-random unit vector — both counted."""

    def __init__(self, name: str, dimension: int, fallback: Any = None) -> None:
        self.name = name
        self.dimension = dimension
        self.table: dict[str, np.ndarray] = {}
        self.fallback = fallback
        self.misses = 0
        self.fallback_seconds = 0.0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        missing = []
        for i, t in enumerate(texts):
            v = self.table.get(t)
            if v is None:
                missing.append(i)
            else:
                out[i] = v
        if missing:
            self.misses += len(missing)
            started = time.perf_counter()
            if self.fallback is not None:
                out[missing] = self.fallback.embed([texts[i] for i in missing])
            else:
                for i in missing:
                    seed = int(hashlib.sha1(texts[i].encode()).hexdigest()[:8], 16)
                    v = np.random.default_rng(seed).normal(size=self.dimension).astype(np.float32)
                    out[i] = v / np.linalg.norm(v)
            self.fallback_seconds += time.perf_counter() - started
        return out


def user_name(i: int, shape: str) -> str:
    """The user that turn i belongs to, as a tenant's API client names it."""
    return "u0" if shape == "single" else f"u{i // PER_USER:05d}"


def user_of(i: int, shape: str) -> str:
    """The same user as the library stores it (what the server's tenancy maps it to)."""
    return f"{TENANT}:{user_name(i, shape)}"


SPAN_HOURS = 3 * 365 * 24  # every store covers three years of event time


def when(i: int, shape: str, size: int) -> datetime:
    """Event time of turn i: sessions of 20 turns a minute apart; the single user's sessions
    spread evenly over three years, each of the many users' five sessions two days apart,
    users starting at staggered times over those years."""
    if shape == "single":
        session_start = (i // SESSION) * SPAN_HOURS / max(1, size // SESSION)
    else:
        users = max(1, size // PER_USER)
        session_start = (i // PER_USER) * (SPAN_HOURS - 240) / users + ((i % PER_USER) // SESSION) * 48
    return START + timedelta(hours=session_start, minutes=i % SESSION)


def search_now(size: int) -> datetime:
    return START + timedelta(hours=SPAN_HOURS + 24)
