"""The index file: a zip holding a JSON header and each partition's bytes, written to a temporary
file and renamed, so a crash never leaves half a file behind.

Partitions are streamed: each is written into the file (and read back out of it) by a callback,
never first copied whole into memory — at a million vectors, a copy is another 1.5 GB. A file in
an older format reads as corrupt, which makes MemoryDB rebuild the index from SQL. A failed
write (a full disk) removes its temporary file; one left by a killed process is removed by
``remove_temporary`` (MemoryDB calls it, under the index's file lock, when it opens).
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import IO, Any, Callable, Mapping, TypeVar

from memdb.errors import VectorIndexError

FORMAT_VERSION = 3  # 3: the state names a change of the change log
_HEADER = "header.json"
T = TypeVar("T")


def write_partitions(
    path: Path, state: dict[str, Any], partitions: Mapping[str, Callable[[IO[bytes]], None]], *, kind: str
) -> None:
    """Write the header and, for each partition, whatever its writer puts into the stream it gets."""
    names = list(partitions)
    header = {"format": FORMAT_VERSION, "kind": kind, "state": state, "partitions": names}
    tmp = temporary_file(path)
    try:
        with open(tmp, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
                archive.writestr(_HEADER, json.dumps(header))
                for n, name in enumerate(names):
                    with archive.open(f"p{n}", "w", force_zip64=True) as member:
                        partitions[name](member)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except (OSError, RuntimeError) as exc:  # FAISS reports its writer callback's OSError as RuntimeError
        remove_temporary(path)
        raise VectorIndexError(f"cannot write vector index {path}: {exc}") from exc


def temporary_file(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def remove_temporary(path: Path) -> None:
    """Remove the temporary file a failed or interrupted write of ``path`` left, if any."""
    try:
        temporary_file(path).unlink(missing_ok=True)
    except OSError:
        pass


def read_partitions(
    path: Path, *, kind: str, read: Callable[[IO[bytes]], T]
) -> tuple[dict[str, Any], dict[str, T]]:
    """The header's state and each partition as ``read`` makes it from the partition's stream."""
    try:
        with zipfile.ZipFile(path) as archive:
            header = json.loads(archive.read(_HEADER).decode())
            if header.get("format") != FORMAT_VERSION or header.get("kind") != kind:
                raise VectorIndexError(f"vector index {path} has an unknown format")
            partitions: dict[str, T] = {}
            for n, name in enumerate(header["partitions"]):
                with archive.open(f"p{n}") as member:
                    partitions[name] = read(member)
            return header["state"], partitions
    except VectorIndexError:
        raise
    except (OSError, ValueError, KeyError, EOFError, RuntimeError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise VectorIndexError(f"vector index {path} is missing or corrupt: {exc}") from exc
