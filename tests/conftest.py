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


# -- the HTTP server (tests/test_server*.py, test_isolation.py, test_contract.py, test_client.py, test_cli.py) --
TEST_LIMITS = dict(max_messages=50, max_message_chars=2_000, max_body_bytes=200_000, max_k=50)


class Api:
    """An app around ``db`` with keys of two tenants (``a``, ``b``) and an admin key."""

    def __init__(self, db: MemoryDB, client) -> None:  # noqa: ANN001 - a TestClient
        from memdb import keys

        self.db, self.client = db, client
        self.tokens = {"a": keys.create_key(db, "tenant-a", "a")[0], "b": keys.create_key(db, "tenant-b", "b")[0],
                       "admin": keys.create_key(db, "ops", "admin", admin=True)[0]}

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def memory(self, who: str):  # noqa: ANN201 - a MemoryClient over the in-process app
        from memdb.client import MemoryClient

        return MemoryClient("http://testserver", self.tokens[who], http=self.client)


@pytest.fixture
def api(db: MemoryDB) -> Iterator[Api]:
    from fastapi.testclient import TestClient

    from server import ServerSettings, create_app

    with TestClient(create_app(db, ServerSettings(**TEST_LIMITS))) as client:
        yield Api(db, client)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A real uvicorn on a free loopback port, around its own hashing-embedder store."""
    import socket
    import threading
    import time

    import uvicorn

    from memdb import keys
    from server import ServerSettings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with MemoryDB(tmp_path_factory.mktemp("live"), embedder=HashingEmbedder()) as memory:
        tokens = {"a": keys.create_key(memory, "live-a", "a")[0], "b": keys.create_key(memory, "live-b", "b")[0],
                  "admin": keys.create_key(memory, "ops", "admin", admin=True)[0]}
        app = create_app(memory, ServerSettings(port=port, **TEST_LIMITS))
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.started, "uvicorn did not start"
        yield {"url": f"http://127.0.0.1:{port}", "tokens": tokens, "db": memory}
        server.should_exit = True
        thread.join(10)
