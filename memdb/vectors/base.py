"""The vector index seam. Vectors are L2-normalized float32, so inner product is cosine.

An index is partitioned (one partition per user, so scoped search never scans other users),
ids are the episodes' stable int64 ``seq``, and SQL stays the source of truth: the index
remembers which change of the store's change log it covers (``state``), so MemoryDB can catch
it up from the log or rebuild it when it is missing, stale or corrupt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np


@dataclass(frozen=True)
class IndexState:
    """What the index covers: the episodes of store ``store`` as they were once change
    ``change`` of its change log had committed, embedded by ``model``; ``last_seq`` is the
    highest episode seq it has held."""

    change: int = 0
    last_seq: int = 0
    model: str = ""
    store: str = ""


class VectorIndex(Protocol):
    dimension: int
    state: IndexState

    def add(self, partition: str, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors (n, dimension) under int64 ids to a partition."""

    def remove(self, partition: str, ids: Sequence[int]) -> None:
        """Remove ids from a partition; unknown ids are ignored."""

    def drop_partition(self, partition: str) -> None:
        """Remove a whole partition (forgetting a user)."""

    def partitions(self) -> list[str]:
        """The names of the partitions held."""

    def search(
        self, partition: str, vector: np.ndarray, k: int, *, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """Up to k (id, cosine) best first, within the partition (and ``allowed`` ids if given)."""

    def vectors(self, partition: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The stored vectors of those ids that are in the partition."""

    def __len__(self) -> int:
        """Number of vectors over all partitions."""

    def partition_size(self, partition: str) -> int:
        """Number of vectors in one partition."""

    def clear(self) -> None:
        """Drop everything (before a rebuild)."""

    def save(self, path: Path) -> None:
        """Write atomically to ``path``: a crash leaves the old file or the new, never half (a
        temporary file may be left beside it: ``persist.temporary_files``)."""

    def load(self, path: Path) -> None:
        """Replace the contents with the file's; raise VectorIndexError if missing or corrupt."""
