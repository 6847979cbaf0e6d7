"""A call's answer is the truth when the disk fills. The vector index is a cache: its failures
(a save that hits a full disk, an in-memory update that fails) never fail a write SQL has
committed, leave no temporary file, and are made good later. A full disk on the SQL side is a
clear StorageError with nothing lost.

On a real full disk (a small tmpfs, when this machine lets the test mount one) and, always,
through fault-injection seams (an index writer whose writes fail with ENOSPC; SQLite's
``max_page_count``) so the behaviour stays tested where mounting is not allowed.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from memdb import MemoryDB, Settings, StorageError
from memdb.db import INDEX_FILE
from memdb.vectors import persist
from memdb.vectors.persist import temporary_file
from tests.workers import DenseHashEmbedder, turns

EVERY_ADD = Settings(index_checkpoint_every=1)  # every add saves the index: the save is what fails


def open_db(folder: Path, settings: Settings = EVERY_ADD) -> MemoryDB:
    return MemoryDB(folder, embedder=DenseHashEmbedder(), settings=settings)


def fill(folder: Path, *, leave: int) -> Path:
    """Fill the file system holding ``folder`` until ``leave`` bytes are free."""
    stat = os.statvfs(folder)
    filler = folder / "filler"
    with open(filler, "wb") as out:
        out.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs: a real file system that fills up."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}); the seam tests below cover it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def check_all_indexed(folder: Path, expected: int) -> None:
    with open_db(folder, Settings()) as db:
        stats = db.stats()
        assert stats["vectors"] == stats["episodes"] == expected
        assert db.search("wbx500x0", user_id="u", recipe="lexical")[0].episode.id == "b-500-0"


def test_index_save_on_a_full_disk_does_not_fail_the_committed_add(small_disk: Path) -> None:
    db = open_db(small_disk / "data")
    for b in range(60):
        db.add(turns("b", b, 20), user_id="u")
    size = (small_disk / "data" / INDEX_FILE).stat().st_size
    filler = fill(small_disk, leave=size // 2)  # room for SQL's pages, not for a new index file
    added = db.add(turns("b", 500, 3), user_id="u")
    assert [e.id for e in added] == ["b-500-0", "b-500-1", "b-500-2"]  # the call says what happened
    assert not temporary_file(small_disk / "data" / INDEX_FILE).exists()
    assert (small_disk / "data" / INDEX_FILE).stat().st_size == size  # the old file is intact
    assert db.search("wbx500x1", user_id="u", recipe="semantic", k=1)  # searchable meanwhile
    assert db.stats()["vectors"] == 1203
    filler.unlink()
    db.close()  # the save is retried and succeeds
    check_all_indexed(small_disk / "data", 1203)


def test_closing_on_a_full_disk_keeps_every_turn(small_disk: Path) -> None:
    db = open_db(small_disk / "data", Settings())
    for b in range(60):
        db.add(turns("b", b, 20), user_id="u")
    db.add(turns("b", 500, 3), user_id="u")
    filler = fill(small_disk, leave=0)
    db.close()  # cannot save the index: says so in the log, does not raise, leaves no temporary file
    assert not temporary_file(small_disk / "data" / INDEX_FILE).exists()
    filler.unlink()
    check_all_indexed(small_disk / "data", 1203)


def test_sql_on_a_full_disk_is_a_storage_error_and_loses_nothing(small_disk: Path) -> None:
    db = open_db(small_disk / "data", Settings())
    for b in range(40):
        db.add(turns("b", b, 20), user_id="u")
    filler = fill(small_disk, leave=0)
    # More than the whole disk, so that it cannot fit in pages the log had already allocated.
    big = [{"id": f"big-{i}", "role": "user", "content": f"wbigx{i} " + " ".join(["z" * 96] * 196)}
           for i in range(400)]  # ~19 KB in few words: what is slow to read is not what this tests
    with pytest.raises(StorageError, match="full"):
        db.add(big, user_id="u")
    assert db.stats()["episodes"] == db.stats()["vectors"] == 800  # the batch is all or nothing
    assert db.search("wbx7x3", user_id="u", recipe="lexical")[0].episode.id == "b-7-3"
    filler.unlink()
    assert len(db.add(big[:10], user_id="u")) == 10  # once there is room again
    db.add(turns("b", 500, 1), user_id="u")
    db.close()
    check_all_indexed(small_disk / "data", 811)


# -- the same contracts through fault-injection seams (no mount needed) ----------------------
class _FullFile:
    """A file whose writes fail with ENOSPC once ``room`` bytes are written."""

    def __init__(self, raw: Any, room: int) -> None:
        self._raw, self._room = raw, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __enter__(self) -> "_FullFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()


def test_index_writer_failing_with_enospc_does_not_fail_the_committed_add(tmp_path: Path, monkeypatch) -> None:
    db = open_db(tmp_path)
    for b in range(10):
        db.add(turns("b", b, 20), user_id="u")
    size = (tmp_path / INDEX_FILE).stat().st_size
    monkeypatch.setattr(persist, "open", lambda path, mode: _FullFile(open(path, mode), 4096), raising=False)
    assert len(db.add(turns("b", 500, 3), user_id="u")) == 3
    assert not temporary_file(tmp_path / INDEX_FILE).exists() and (tmp_path / INDEX_FILE).stat().st_size == size
    assert db.stats()["vectors"] == 203
    monkeypatch.undo()
    db.close()
    check_all_indexed(tmp_path, 203)


def test_a_failing_in_memory_index_update_does_not_fail_the_committed_add(tmp_path: Path, monkeypatch) -> None:
    db = open_db(tmp_path, Settings())
    db.add(turns("b", 0, 5), user_id="u")

    def broken(*args: Any) -> None:
        raise MemoryError("no memory for the index")

    monkeypatch.setattr(db.index, "add", broken)
    assert len(db.add(turns("b", 500, 3), user_id="u")) == 3  # committed: the answer says so
    monkeypatch.undo()
    # The half-updated index is rebuilt before the next read.
    assert db.search("wbx500x2", user_id="u", recipe="semantic", k=1)
    assert db.stats()["vectors"] == 8
    db.close()
    check_all_indexed(tmp_path, 8)


def test_sql_storage_full_is_a_storage_error_and_loses_nothing(tmp_path: Path) -> None:
    db = open_db(tmp_path, Settings())
    for b in range(5):
        db.add(turns("b", b, 20), user_id="u")
    with db.store.engine.connect() as c:
        pages = int(c.execute(text("PRAGMA page_count")).scalar())

    def capped(connection: Any, _record: Any) -> None:  # the database cannot grow past this
        connection.execute(f"PRAGMA max_page_count={pages + 2}")

    db.store.engine.dispose()
    event.listen(db.store.engine, "connect", capped)
    big = [{"id": f"big-{i}", "role": "user", "content": f"wbigx{i} " + "long words " * 1500} for i in range(20)]
    with pytest.raises(StorageError, match="full"):
        db.add(big, user_id="u")
    assert db.stats()["episodes"] == db.stats()["vectors"] == 100  # all or nothing
    event.remove(db.store.engine, "connect", capped)
    db.store.engine.dispose()
    assert len(db.add(big, user_id="u")) == 20
    db.add(turns("b", 500, 1), user_id="u")
    db.close()
    check_all_indexed(tmp_path, 121)


def test_a_temporary_index_file_left_by_a_killed_save_is_removed_at_open(tmp_path: Path) -> None:
    with open_db(tmp_path) as db:
        db.add(turns("b", 500, 2), user_id="u")
    temporary_file(tmp_path / INDEX_FILE).write_bytes(b"half a zip")
    with open_db(tmp_path) as db:
        assert not temporary_file(tmp_path / INDEX_FILE).exists()
        assert db.stats()["vectors"] == 2
