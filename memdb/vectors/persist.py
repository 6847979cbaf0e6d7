"""The index file: one .npz holding a JSON header and each partition's arrays, written to a
temporary file and renamed, so a crash never leaves half a file behind."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from memdb.errors import VectorIndexError

FORMAT_VERSION = 1


def write_partitions(
    path: Path, state: dict[str, Any], partitions: dict[str, tuple[np.ndarray, ...]], *, kind: str
) -> None:
    names = list(partitions)
    header = {"format": FORMAT_VERSION, "kind": kind, "state": state, "partitions": names}
    arrays: dict[str, np.ndarray] = {"header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
    for n, name in enumerate(names):
        for j, array in enumerate(partitions[name]):
            arrays[f"p{n}_{j}"] = array
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise VectorIndexError(f"cannot write vector index {path}: {exc}") from exc


def read_partitions(path: Path, *, kind: str) -> tuple[dict[str, Any], dict[str, tuple[np.ndarray, ...]]]:
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode())
            if header.get("format") != FORMAT_VERSION or header.get("kind") != kind:
                raise VectorIndexError(f"vector index {path} has an unknown format")
            partitions: dict[str, tuple[np.ndarray, ...]] = {}
            for n, name in enumerate(header["partitions"]):
                parts = []
                j = 0
                while f"p{n}_{j}" in data:
                    parts.append(data[f"p{n}_{j}"])
                    j += 1
                partitions[name] = tuple(parts)
            return header["state"], partitions
    except VectorIndexError:
        raise
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise VectorIndexError(f"vector index {path} is missing or corrupt: {exc}") from exc
