"""Every error answer is ``{"error": {"code", "message", "details"}}`` with the status the
``MemdbError`` carries. ``render`` is the one handler; the others only translate what FastAPI and
Starlette raise (validation, routing, anything unexpected) into a ``MemdbError`` first."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from memdb.errors import (
    InternalError,
    InvalidInputError,
    MemdbError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
)

log = logging.getLogger("memdb.server")



def _unscoped(value: Any, prefix: str) -> Any:
    """The caller's view of a message or detail: its own tenant prefix removed from user ids."""
    if isinstance(value, str):
        return value.replace(prefix, "")
    if isinstance(value, dict):
        return {k: _unscoped(v, prefix) for k, v in value.items()}
    return value


def error_response(exc: MemdbError, tenant: str | None = None) -> JSONResponse:
    body = exc.to_dict()
    if tenant:
        body = _unscoped(body, f"{tenant}:")
    return JSONResponse({"error": body}, status_code=exc.status_code)


async def render(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MemdbError)
    return error_response(exc, getattr(request.state, "tenant", None))


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"][1:] if len(first["loc"]) > 1 else first["loc"]) or "request"
    return await render(request, InvalidInputError(f"{where}: {first['msg']}", details={"errors": problems}))


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    errors: dict[int, type[MemdbError]] = {404: NotFoundError, 405: MethodNotAllowedError, 413: PayloadTooLargeError}
    error = errors.get(exc.status_code, InvalidInputError)(str(exc.detail))
    if exc.status_code not in errors:
        error.status_code = exc.status_code if 400 <= exc.status_code < 500 else 400
    return await render(request, error)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return await render(request, InternalError("internal error; the server log has the details"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MemdbError, render)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


class BodyLimit:
    """Refuses bodies over ``limit`` bytes with 413 before the app parses them: by Content-Length
    when given, else by counting the stream."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = PayloadTooLargeError(f"request body is larger than {self.limit} bytes",
                                         details={"limit": self.limit})
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await error_response(too_large)(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await error_response(too_large)(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
