from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# A suite started in the background by a non-interactive shell (`./run.sh test &`, a CI step) inherits
# SIGINT ignored, and so would every process it starts: the tests that stop `memdb pg-local` or
# `memdb serve` with Ctrl-C (SIGINT) would wait on a process that cannot hear it. Python's own
# handler here becomes the default disposition in the children (exec resets a caught signal).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

from memdb import HashingEmbedder, MemoryDB, SentenceTransformerEmbedder  # noqa: E402
from memdb.demo import demo_messages, load_demo_conversation  # noqa: E402
from tests.processes import free_port  # noqa: E402

if TYPE_CHECKING:
    from memdb.store.pgcluster import LocalCluster


@pytest.fixture
def db(tmp_path: Path) -> Iterator[MemoryDB]:
    """A fresh store with the deterministic hashing embedder: fast, for plumbing tests."""
    with MemoryDB(tmp_path / "db", embedder=HashingEmbedder()) as memory:
        yield memory


@contextmanager
def private_pg_cluster() -> Iterator["LocalCluster"]:
    """A PostgreSQL cluster of its own (memdb/store/pgcluster.py): initdb in a folder of /tmp (when
    root, the cluster's OS user must reach it: pytest's tmp_path is inside a folder only root
    enters), a loopback port, fsync off; removed at the end."""
    import tempfile

    from memdb.store.pgcluster import LocalCluster

    cluster = LocalCluster(tempfile.mkdtemp(prefix="memdb-pg-"), durable=False)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator["LocalCluster"]:
    """The cluster of the whole run. A missing PostgreSQL is an error, never a skip."""
    with private_pg_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: "LocalCluster") -> Iterator[Callable[[], str]]:
    """Makes a fresh database on the cluster, a copy of a template holding memdb's schema (a copy
    costs a few ms; creating the schema, ~20 statements, more). Returns its URL."""
    import itertools

    import psycopg

    from memdb.store import Store
    from memdb.store.schema import MetaRow

    template = Store(pg_cluster.create_database("memdb_template"))
    with template.session(write=True) as s:  # each copy gets its own store id and change key
        s.execute(MetaRow.__table__.delete().where(MetaRow.key.in_(["store_id", "change_key"])))
    template.close()
    numbers = itertools.count()

    def fresh() -> str:  # a connection each time: a test may have restarted the server
        name = f"memdb_test_{next(numbers)}"
        with psycopg.connect(pg_cluster.url().replace("+psycopg", ""), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE memdb_template")
        return pg_cluster.url(name)

    yield fresh


@pytest.fixture(params=["sqlite", "postgres"])
def backend_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MemoryDB]:
    """``db`` on each backend: a SQLite folder, and a fresh database of the test PostgreSQL. A
    module runs its tests on both by defining ``db`` as this (``api`` then serves it too)."""
    if request.param == "sqlite":
        target: dict = {"path": tmp_path / "db"}
    else:
        target = {"url": request.getfixturevalue("pg_databases")()}
    with MemoryDB(**target, embedder=HashingEmbedder()) as memory:
        yield memory


def on_both_backends(backend_db: MemoryDB) -> MemoryDB:
    """A module's ``db`` on SQLite and on PostgreSQL: ``db = pytest.fixture(name="db")(on_both_backends)``."""
    return backend_db


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


def facts_said(text: str, *, speaker: str = "Sam",
               at: datetime = datetime(2024, 5, 8, 18, tzinfo=timezone.utc)) -> set[tuple[str, str]]:
    """(label, object) of the facts the rule extractor reads in one turn about its speaker."""
    from memdb.extract import RuleExtractor

    return {(f.label, f.object) for f in RuleExtractor().extract(text, speaker=speaker, occurred_at=at).facts
            if f.subject == speaker}


class Clock:
    """memdb's system clock (when it records a turn), set by a test: ``clock.now = …``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Freezes the time memdb records turns at (``recorded_at``), for audit-time tests."""
    import memdb.db

    frozen = Clock(datetime(2025, 1, 1, tzinfo=timezone.utc))
    monkeypatch.setattr(memdb.db, "_utcnow", frozen)
    return frozen


# -- the HTTP server (tests/test_server*.py, test_isolation.py, test_contract.py, test_client.py, test_cli.py) --
TEST_LIMITS = dict(max_messages=50, max_message_chars=2_000, max_body_bytes=200_000, max_k=50)


class Api:
    """An app around ``db`` with keys of two tenants (``a``, ``b``), an operator key (``admin``) and
    tenant a's admin key (``admin-a``)."""

    def __init__(self, db: MemoryDB, client) -> None:  # noqa: ANN001 - a TestClient
        from memdb import keys

        self.db, self.client = db, client
        self.tokens = {"a": keys.create_key(db, "tenant-a", "a")[0], "b": keys.create_key(db, "tenant-b", "b")[0],
                       "admin": keys.create_key(db, None, "ops", operator=True)[0],
                       "admin-a": keys.create_key(db, "tenant-a", "admin of a", admin=True)[0]}

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def memory(self, who: str):  # noqa: ANN201 - a MemoryClient over the in-process app
        from memdb.client import MemoryClient

        return MemoryClient("http://testserver", self.tokens[who], http=self.client)


def get(api: "Api", path: str, **params: object) -> dict:
    """GET as tenant "a" for user "u1" (unless given), asserting 200; the JSON body."""
    r = api.client.get(path, params={"user_id": "u1", **params}, headers=api.headers("a"))
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def api(db: MemoryDB) -> Iterator[Api]:
    from fastapi.testclient import TestClient

    from server import ServerSettings, create_app

    with TestClient(create_app(db, ServerSettings(**TEST_LIMITS))) as client:
        yield Api(db, client)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A real uvicorn on a free loopback port, around its own hashing-embedder store."""


    from memdb import keys

    with MemoryDB(tmp_path_factory.mktemp("live"), embedder=HashingEmbedder()) as memory:
        tokens = {"a": keys.create_key(memory, "live-a", "a")[0], "b": keys.create_key(memory, "live-b", "b")[0],
                  "admin": keys.create_key(memory, None, "ops", operator=True)[0]}
        for url in _serve(memory):
            yield {"url": url, "tokens": tokens, "db": memory}


# -- the inspector page (tests/test_ui*.py) ----------------------------------------------------
def _ui_turn(id: str, name: str, content: str, ts: str) -> dict:
    role = "assistant" if name == "Assistant" else "user"
    return {"id": id, "role": role, "name": name, "content": content, "timestamp": ts}


#: Two sessions five months apart: Lena lives in Toronto, then moves to Berlin (which ends Toronto).
UI_SESSIONS = {
    "s1": [
        _ui_turn("s1-1", "Ann", "My sister Lena lives in Toronto.", "2024-01-05T10:00:00"),
        _ui_turn("s1-2", "Assistant", "Toronto sounds lovely. What does Lena do there?", "2024-01-05T10:00:30"),
        _ui_turn("s1-3", "Ann", "Lena works at Shopify as a designer.", "2024-01-05T10:01:00"),
        _ui_turn("s1-4", "Ann", "I adopted a dog named Biscuit last week.", "2024-01-05T10:02:00"),
    ],
    "s2": [
        _ui_turn("s2-1", "Ann", "Big news: my sister Lena moved to Berlin.", "2024-06-01T09:00:00"),
        _ui_turn("s2-2", "Assistant", "Exciting! Is she enjoying Berlin so far?", "2024-06-01T09:00:40"),
        _ui_turn("s2-3", "Ann", "She loves it. Biscuit and I will visit her in August.", "2024-06-01T09:01:30"),
    ],
}


def _serve(memory: MemoryDB, **settings: object) -> Iterator[str]:
    """A real uvicorn around ``memory`` on a free loopback port (``settings`` over the test
    limits); yields its base URL."""
    import threading
    import time

    import uvicorn

    from server import ServerSettings, create_app

    port = free_port()
    app = create_app(memory, ServerSettings(**{"port": port, **TEST_LIMITS, **settings}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The inspector's fixture conversation (user ``u1`` of tenant ``ui``), served by a real uvicorn."""
    from memdb import keys

    with MemoryDB(tmp_path_factory.mktemp("ui"), embedder=HashingEmbedder()) as memory:
        for session, turns in UI_SESSIONS.items():
            memory.add(turns, user_id="ui:u1", session_id=session)
        token = keys.create_key(memory, "ui", "inspector")[0]
        admin = keys.create_key(memory, None, "ops", operator=True)[0]
        for url in _serve(memory):
            yield {"url": url, "token": token, "admin": admin, "db": memory, "user": "u1", "key": "ui:u1"}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, minilm: SentenceTransformerEmbedder,
                demo_data: dict) -> Iterator[dict]:
    """The demo conversation, ingested with the real model for tenant ``demo``, served by a real uvicorn."""
    from memdb import keys

    with MemoryDB(tmp_path_factory.mktemp("demo-ui"), embedder=minilm) as memory:
        user = f"demo:{demo_data['user_id']}"
        for session in demo_data["sessions"]:
            memory.add(demo_messages(session), user_id=user, session_id=session["session_id"])
        token = keys.create_key(memory, "demo", "inspector")[0]
        for url in _serve(memory):
            yield {"url": url, "token": token, "db": memory, "user": demo_data["user_id"], "key": user}
