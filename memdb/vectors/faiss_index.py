"""The default vector index: FAISS, one exact inner-product index per partition (user).

Partitioning keeps scoped search proportional to one user's turns, whatever the database
holds. Exact (flat) search is ~19 ms per 100k vectors here; a partition far past that size is
where an approximate index (IVF/HNSW) would slot in, behind the same seam.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Sequence

import faiss
import numpy as np

from memdb.errors import VectorIndexError
from memdb.vectors.base import IndexState
from memdb.vectors.persist import read_partitions, write_partitions

# Below this many allowed ids, scoring them directly beats a filtered scan of the partition.
_DIRECT_SCORING_LIMIT = 4096


class FaissIndex:
    def __init__(self, dimension: int, *, threads: int = 1) -> None:
        # One query at a time is latency-bound: OpenMP's spinning threads made a 10k-vector
        # search 20 ms instead of 0.7 ms on a busy 2-core machine. Concurrency comes from
        # concurrent searches, not from splitting one. (OpenMP's setting is process-wide.)
        faiss.omp_set_num_threads(threads)
        self.dimension = dimension
        self.state = IndexState()
        self._parts: dict[str, faiss.IndexIDMap2] = {}

    def _new_partition(self) -> faiss.IndexIDMap2:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dimension))

    def add(self, partition: str, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dimension or len(vectors) != len(ids):
            raise VectorIndexError(
                f"expected {len(ids)} vectors of dimension {self.dimension}, got shape {vectors.shape}"
            )
        if len(ids) == 0:
            return
        index = self._parts.get(partition)
        if index is None:
            index = self._parts[partition] = self._new_partition()
        index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))

    def remove(self, partition: str, ids: Sequence[int]) -> None:
        index = self._parts.get(partition)
        if index is not None and len(ids):
            index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64)))

    def drop_partition(self, partition: str) -> None:
        self._parts.pop(partition, None)

    def search(
        self, partition: str, vector: np.ndarray, k: int, *, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        index = self._parts.get(partition)
        if index is None or index.ntotal == 0 or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        if allowed is not None:
            if len(allowed) == 0:
                return []
            if len(allowed) <= _DIRECT_SCORING_LIMIT:
                found = self.vectors(partition, allowed)
                ids = list(found)
                if not ids:
                    return []
                scores = np.stack([found[i] for i in ids]) @ query[0]
                order = np.argsort(-scores, kind="stable")[:k]
                return [(ids[j], float(scores[j])) for j in order]
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))
            scores, ids = index.search(query, min(k, index.ntotal), params=params)
        else:
            scores, ids = index.search(query, min(k, index.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def vectors(self, partition: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        index = self._parts.get(partition)
        if index is None:
            return {}
        out: dict[int, np.ndarray] = {}
        for i in ids:
            try:
                out[int(i)] = index.reconstruct(int(i))
            except RuntimeError:  # not in this partition
                continue
        return out

    def __len__(self) -> int:
        return sum(index.ntotal for index in self._parts.values())

    def partition_size(self, partition: str) -> int:
        index = self._parts.get(partition)
        return 0 if index is None else index.ntotal

    def clear(self) -> None:
        self._parts.clear()

    def save(self, path: Path) -> None:
        partitions = {name: (faiss.serialize_index(index),) for name, index in self._parts.items()}
        write_partitions(path, asdict(self.state), partitions, kind="faiss")

    def load(self, path: Path) -> None:
        state, partitions = read_partitions(path, kind="faiss")
        parts: dict[str, faiss.IndexIDMap2] = {}
        try:
            for name, (blob,) in partitions.items():
                index = faiss.deserialize_index(blob)
                if index.d != self.dimension:
                    raise VectorIndexError(f"vector index {path} has dimension {index.d}, not {self.dimension}")
                parts[name] = faiss.IndexIDMap2(index) if not isinstance(index, faiss.IndexIDMap2) else index
        except (RuntimeError, ValueError) as exc:
            raise VectorIndexError(f"vector index {path} is corrupt: {exc}") from exc
        self._parts = parts
        self.state = IndexState(**state)
