"""A brute-force numpy index: the reference the FAISS index is tested against."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import IO, Callable, Sequence

import numpy as np

from memdb.vectors.base import IndexState
from memdb.vectors.persist import read_partitions, write_partitions


class NumpyIndex:
    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self.state = IndexState()
        self._parts: dict[str, dict[int, np.ndarray]] = {}

    def add(self, partition: str, ids: np.ndarray, vectors: np.ndarray) -> None:
        part = self._parts.setdefault(partition, {})
        for i, v in zip(np.asarray(ids).tolist(), np.asarray(vectors, dtype=np.float32)):
            part[int(i)] = v

    def remove(self, partition: str, ids: Sequence[int]) -> None:
        part = self._parts.get(partition, {})
        for i in ids:
            part.pop(int(i), None)

    def drop_partition(self, partition: str) -> None:
        self._parts.pop(partition, None)

    def partitions(self) -> list[str]:
        return list(self._parts)

    def search(
        self, partition: str, vector: np.ndarray, k: int, *, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        part = self._parts.get(partition, {})
        keep = None if allowed is None else set(allowed)
        ids = [i for i in part if keep is None or i in keep]
        if not ids or k <= 0:
            return []
        scores = np.stack([part[i] for i in ids]) @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(ids[j], float(scores[j])) for j in order]

    def vectors(self, partition: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        part = self._parts.get(partition, {})
        return {i: part[i] for i in ids if i in part}

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts.values())

    def partition_size(self, partition: str) -> int:
        return len(self._parts.get(partition, {}))

    def clear(self) -> None:
        self._parts.clear()

    def save(self, path: Path) -> None:
        def writer(part: dict[int, np.ndarray]) -> Callable[[IO[bytes]], None]:
            def write(stream: IO[bytes]) -> None:
                ids = np.fromiter(part, dtype=np.int64, count=len(part))
                vecs = np.stack(list(part.values())) if part else np.zeros((0, self.dimension), np.float32)
                np.save(stream, ids)
                np.save(stream, vecs)
            return write

        write_partitions(path, asdict(self.state), {name: writer(part) for name, part in self._parts.items()},
                         kind="numpy")

    def load(self, path: Path) -> None:
        def read(stream: IO[bytes]) -> tuple[np.ndarray, np.ndarray]:
            return np.lib.format.read_array(stream), np.lib.format.read_array(stream)

        state, arrays = read_partitions(path, kind="numpy", read=read)
        self.clear()
        for name, (ids, vecs) in arrays.items():
            self.add(name, ids, vecs)
        self.state = IndexState(**state)
