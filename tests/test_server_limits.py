"""The server under heavy or hostile traffic: a bounded number of requests at work (503 with
Retry-After beyond the queue), a deadline for request bodies, connections that survive a 500,
and ``memdb serve`` that closes its store on SIGTERM."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from memdb import HashingEmbedder, MemoryDB, keys
from server import ServerSettings
from server.middleware import Admission
from tests.conftest import _serve
from tests.processes import Serve, memdb_command

# -- admission ---------------------------------------------------------------------------------


def _gate_app() -> tuple[Any, list[int], asyncio.Event]:
    """An ASGI app whose requests finish when ``release`` is set; ``started`` lists their numbers."""
    started: list[int] = []
    release = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        started.append(int(scope["query_string"] or b"0"))
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app, started, release


async def _request(app: Any, n: int, path: str = "/v1/search") -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "query_string": str(n).encode(), "headers": []}
    await app(scope, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_admission_works_two_queues_two_and_sheds_the_rest_in_order() -> None:
    async def scenario() -> None:
        inner, started, release = _gate_app()
        gate = Admission(inner, limit=2, queued=2, retry_after=3)
        tasks = [asyncio.create_task(_request(gate, n)) for n in range(6)]
        await asyncio.sleep(0.05)
        assert started == [0, 1] and gate.active == 2 and len(gate.waiting) == 2
        shed = [t.result() for t in tasks[4:]]  # answered at once, while the others still work
        for status, headers, body in shed:
            assert status == 503 and headers[b"retry-after"] == b"3" and b'"server_busy"' in body
        health = asyncio.create_task(_request(gate, 9, path="/healthz"))  # never queued
        await asyncio.sleep(0.01)
        assert 9 in started
        release.set()
        assert [(await t)[0] for t in tasks[:4]] == [200] * 4 and (await health)[0] == 200
        assert started == [0, 1, 9, 2, 3]  # the queue is served in arrival order
        assert gate.active == 0 and not gate.waiting

    asyncio.run(scenario())


def test_a_cancelled_waiter_gives_up_its_place() -> None:
    async def scenario() -> None:
        inner, started, release = _gate_app()
        gate = Admission(inner, limit=1, queued=2)
        first = asyncio.create_task(_request(gate, 0))
        waiting = asyncio.create_task(_request(gate, 1))
        await asyncio.sleep(0.02)
        waiting.cancel()
        await asyncio.sleep(0.02)
        assert not gate.waiting
        release.set()
        await first
        assert (await _request(gate, 2))[0] == 200 and started == [0, 2] and gate.active == 0

    asyncio.run(scenario())


def slowed(db: MemoryDB, method: str, seconds: float) -> None:
    """Make one of ``db``'s methods take ``seconds`` longer (on this instance only)."""
    fast = getattr(db, method)

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return fast(*args, **kwargs)

    setattr(db, method, slow)


def test_the_server_sheds_load_with_503_and_retry_after(db: MemoryDB) -> None:
    """A real server with one request at work and one waiting: of four slow searches at once,
    two are refused at once, and the server answers again once they are done."""
    from fastapi.testclient import TestClient

    from server import create_app

    token = keys.create_key(db, "t", "t")[0]
    slowed(db, "search", 0.5)
    app = create_app(db, ServerSettings(max_concurrent=1, max_queued=1))
    with TestClient(app) as client:
        def post() -> Any:
            return client.post("/v1/search", json={"user_id": "u", "query": "q"}, headers={"X-API-Key": token})

        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: post(), range(4)))
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [200, 200, 503, 503], statuses
        busy = next(r for r in answers if r.status_code == 503)
        assert busy.headers["retry-after"] == "1" and busy.json()["error"]["code"] == "server_busy"
        assert post().status_code == 200


# -- a real uvicorn: raw connections ---------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Any:
    with MemoryDB(tmp_path / "db", embedder=HashingEmbedder()) as memory:
        token = keys.create_key(memory, "t", "t")[0]
        for url in _serve(memory, body_timeout=1.0):
            port = int(url.rsplit(":", 1)[1])
            yield {"url": url, "port": port, "token": token, "db": memory}


def _exchange(sock: socket.socket, request: bytes, timeout: float = 5) -> tuple[int, bytes]:
    """Send one request on an open connection and read one whole response (status, raw bytes)."""
    sock.sendall(request)
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return int(head.split()[1]), head + b"\r\n\r\n" + body


def _post(path: str, body: bytes, token: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nX-API-Key: {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


HOSTILE_ON_ONE_CONNECTION = [
    b'{"user_id": "u", "messages": [{"content": "x", "timestamp": "0001-01-01T00:00:00+05:00"}]}',
    b'{"user_id": "u", "messages": [{"content": "x", "timestamp": "9999-12-31T23:59:59-05:00"}]}',
    b'{"user_id": "u", "messages": [{"content": "x", "timestamp": true}]}',
    b'{"user_id": "u", "messages": [{"content": "x", "timestamp": "05/03/2024"}]}',
    b"{not json", b"[" * 50_000 + b"]" * 50_000, b"\xff\xfe",
]


def test_hostile_requests_keep_the_connection(served: dict) -> None:
    with socket.create_connection(("127.0.0.1", served["port"])) as sock:
        for body in HOSTILE_ON_ONE_CONNECTION:
            status, raw = _exchange(sock, _post("/v1/episodes", body, served["token"]))
            assert 400 <= status < 500 and b"connection: close" not in raw.lower(), raw[:300]
        status, _ = _exchange(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 200
    assert served["db"].stats()["episodes"] == 0


def test_an_unexpected_error_is_a_500_and_the_connection_stays(served: dict) -> None:
    db = served["db"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    db.sessions = broken  # an error memdb did not expect, anywhere in a route
    try:
        with socket.create_connection(("127.0.0.1", served["port"])) as sock:
            request = f"GET /v1/sessions?user_id=u HTTP/1.1\r\nHost: x\r\nX-API-Key: {served['token']}\r\n\r\n"
            status, raw = _exchange(sock, request.encode())
            assert status == 500 and b'"internal_error"' in raw and b"a bug" not in raw
            assert _exchange(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 200
    finally:
        del db.sessions


def test_a_body_that_never_arrives_gets_408_and_holds_no_place(served: dict) -> None:
    with socket.create_connection(("127.0.0.1", served["port"])) as stalled:
        stalled.sendall(_post("/v1/episodes", b"", served["token"]).replace(b"Content-Length: 0", b"Content-Length: 10"))
        started = time.monotonic()
        # meanwhile the server answers others, before the stalled request's deadline
        r = httpx.post(served["url"] + "/v1/search", json={"user_id": "u", "query": "q"},
                       headers={"X-API-Key": served["token"]})
        assert r.status_code == 200
        stalled.setblocking(False)
        with pytest.raises(BlockingIOError):
            stalled.recv(65536)  # no answer yet
        stalled.setblocking(True)
        stalled.settimeout(10)
        answer = b""
        while chunk := stalled.recv(65536):  # to the end: the connection closes, its body never read
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408") and b'"request_timeout"' in answer
        assert time.monotonic() - started >= 0.9


# -- memdb serve and SIGTERM -------------------------------------------------------------------------


def test_sigterm_closes_the_store_so_the_next_start_rebuilds_nothing(tmp_path: Path) -> None:
    """uvicorn re-raises SIGTERM after its shutdown, which used to end the process before the store
    was closed: the vector index was not saved and, after a delete, the next start rebuilt it."""
    data = tmp_path / "served"
    token = memdb_command(data, "keys", "create", "--name", "bot", "--tenant", "t")
    with Serve(data) as server:
        headers = {"X-API-Key": token}
        turns = [{"id": str(i), "content": f"turn {i} about the garden"} for i in range(20)]
        assert httpx.post(server.url + "/v1/episodes", json={"user_id": "u", "messages": turns},
                          headers=headers).is_success
        assert httpx.delete(server.url + "/v1/episodes/3", params={"user_id": "u"}, headers=headers).status_code == 204
        assert server.stop() == 0  # SIGTERM
        log = server.log()
    assert "Traceback" not in log, log
    index = data / "vectors.npz"
    assert index.exists()
    saved = index.stat().st_mtime_ns
    with MemoryDB(data, embedder=HashingEmbedder()) as reopened:
        assert reopened.stats(user_id="t:u")["vectors"] == 19
        assert index.stat().st_mtime_ns == saved  # caught up with nothing: the saved index was current
        assert "3" not in {h.episode.id for h in reopened.search("garden", user_id="t:u", k=20)}


def test_the_python_client_waits_as_told_and_sends_a_shed_call_again(db: MemoryDB) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    from memdb import MemoryClient, ServerBusyError
    from server import create_app

    token = keys.create_key(db, "t", "t")[0]
    slowed(db, "sessions", 0.3)
    with TestClient(create_app(db, ServerSettings(max_concurrent=1, max_queued=0))) as http:
        patient = MemoryClient("http://testserver", token, http=http)
        impatient = MemoryClient("http://testserver", token, http=http, busy_retries=0)
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(patient.sessions, user_id="u")
            time.sleep(0.1)
            with pytest.raises(ServerBusyError):
                impatient.sessions(user_id="u")
            started = time.monotonic()
            assert patient.sessions(user_id="u") == [] and time.monotonic() - started >= 0.9  # waited Retry-After
            assert first.result() == []
