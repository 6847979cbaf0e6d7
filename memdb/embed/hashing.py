"""A deterministic bag-of-words embedder for fast unit tests of plumbing. Never the default:
it knows nothing of meaning."""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np

from memdb.text import words


class HashingEmbedder:
    # Two names are near only if their words hash alike (one pair of distinct words in 128 does):
    # memory then matches names by their spelling alone, not by these vectors.
    knows_meaning = False

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension
        self.name = f"hashing-{dimension}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in words(text):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[row, h % self.dimension] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else np.eye(1, self.dimension, 0)[0]
        return out
