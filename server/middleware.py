"""ASGI middleware that keeps the server answering under hostile or heavy traffic, outermost first:

- ``BodyLimit`` reads the whole body before the app sees it, refusing one over ``max_body_bytes``
  (413) or one that does not arrive within ``body_timeout`` seconds (408), so a slow or
  oversized upload never holds a place among the requests at work.
- ``Admission`` lets at most ``max_concurrent`` requests to ``/v1`` work at once, queues up to
  ``max_queued`` more in arrival order, and answers beyond that at once with 503 and
  ``Retry-After``. Two CPUs do not search faster when forty threads ask at once; they only keep
  every thread's buffers alive (memory grew without a plateau) and make each answer late.
- ``Guard`` turns an exception nothing else handled into the usual 500 error body, and keeps the
  connection open (Starlette's last-resort handler re-raises, and uvicorn then drops it).
- ``ReadSide`` (a store reading a hot standby) runs every read of a request on one side, and
  says which in ``X-Memdb-Read-From`` (``standby`` or ``primary``) and, on the standby, how
  stale the data may be in ``X-Memdb-Standby-Lag`` (seconds).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from contextlib import suppress

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from memdb.errors import InternalError, PayloadTooLargeError, RequestTimeoutError, ServerBusyError
from memdb.store.standby import read_scope
from server.errors import error_response

log = logging.getLogger("memdb.server")


class BodyLimit:
    """Refuses bodies over ``limit`` bytes with 413 before the app parses them (by Content-Length
    when given, else by counting the stream), and bodies slower than ``timeout`` seconds with 408."""

    def __init__(self, app: ASGIApp, limit: int, timeout: float) -> None:
        self.app, self.limit, self.timeout = app, limit, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = PayloadTooLargeError(f"request body is larger than {self.limit} bytes",
                                         details={"limit": self.limit})
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await error_response(too_large, close=True)(scope, receive, send)
            return
        try:
            async with asyncio.timeout(self.timeout):
                body = await self._read(receive)
        except TimeoutError:
            late = RequestTimeoutError(f"the request body did not arrive within {self.timeout:g} s",
                                       details={"timeout_s": self.timeout})
            await error_response(late, close=True)(scope, receive, send)
            return
        if body is None:
            await error_response(too_large, close=True)(scope, receive, send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it passes the limit."""
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)


class Admission:
    """At most ``limit`` requests to ``/v1`` at work, ``queued`` more waiting in order, the rest
    refused with 503 and ``Retry-After``. Health checks, docs and the inspector's files skip it."""

    def __init__(self, app: ASGIApp, limit: int, queued: int, retry_after: int = 1) -> None:
        self.app, self.limit, self.queued, self.retry_after = app, limit, queued, retry_after
        self.active = 0
        self.waiting: deque[asyncio.Future[None]] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        if self.active >= self.limit or self.waiting:
            if len(self.waiting) >= self.queued:
                busy = ServerBusyError(
                    f"the server is at its limit ({self.limit} requests at work, {self.queued} waiting); "
                    f"retry after {self.retry_after} s", details={"retry_after_s": self.retry_after})
                await error_response(busy, headers={"Retry-After": str(self.retry_after)})(scope, receive, send)
                return
            turn = asyncio.get_running_loop().create_future()
            self.waiting.append(turn)
            try:
                await turn  # a finishing request hands its place over
            except asyncio.CancelledError:
                if turn.cancelled():
                    with suppress(ValueError):
                        self.waiting.remove(turn)
                else:
                    self._release()  # the place was ours already: pass it on
                raise
        else:
            self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self._release()

    def _release(self) -> None:
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.active -= 1


class _OnHttp:
    """A middleware for HTTP requests (``http``); anything else (lifespan) passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class Guard(_OnHttp):
    """The last handler: an unexpected exception becomes a logged 500 with the error body, and
    the connection stays usable."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            log.error("unexpected error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if started:
                raise  # half an answer is on the wire: only dropping the connection ends it
            error = InternalError("internal error; the server log has the details")
            await error_response(error)(scope, receive, send)


class ReadSide(_OnHttp):
    """One read side per request (``memdb.store.standby.read_scope``: route code runs in worker
    threads, which share the scope), and the headers that tell the client which it was."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        with read_scope() as reads:

            async def told(message: Message) -> None:
                if message["type"] == "http.response.start" and reads.read is not None:
                    message = {**message, "headers": [*message.get("headers", []), *reads.read.headers()]}
                await send(message)

            await self.app(scope, receive, told)
