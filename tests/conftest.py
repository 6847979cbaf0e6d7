from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from memdb import HashingEmbedder, MemoryDB, SentenceTransformerEmbedder  # noqa: E402
from memdb.demo import demo_messages, load_demo_conversation  # noqa: E402


@pytest.fixture
def db(tmp_path: Path) -> Iterator[MemoryDB]:
    """A fresh store with the deterministic hashing embedder: fast, for plumbing tests."""
    with MemoryDB(tmp_path / "db", embedder=HashingEmbedder()) as memory:
        yield memory


@pytest.fixture(scope="session")
def minilm() -> SentenceTransformerEmbedder:
    """The real default model, loaded once for the whole run."""
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def demo_data() -> dict:
    return load_demo_conversation()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, minilm: SentenceTransformerEmbedder, demo_data: dict) -> Iterator[MemoryDB]:
    """The demo conversation ingested with the real model (read-only for tests that use it)."""
    with MemoryDB(tmp_path_factory.mktemp("demo"), embedder=minilm) as memory:
        for session in demo_data["sessions"]:
            memory.add(demo_messages(session), user_id=demo_data["user_id"], session_id=session["session_id"])
        yield memory


def turn(content: str, *, id: str | None = None, ts: str = "2024-01-01T10:00:00", name: str = "Ann",
         role: str = "user") -> dict:
    message = {"role": role, "name": name, "content": content, "timestamp": ts}
    if id is not None:
        message["id"] = id
    return message
