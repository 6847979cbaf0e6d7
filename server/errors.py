"""Every error answer is ``{"error": {"code", "message", "details"}}`` with the status the
``MemdbError`` carries: 400 a body that is not JSON at all, 422 one that is JSON but not what the
route takes (or any other bad value), 401/403 the key, 404, 405, 408/413 the body's time and
size, 409, 503 busy (with ``Retry-After``) or storage trouble. ``render`` is the one handler;
the others only translate what FastAPI and Starlette raise (validation, routing, anything
unexpected) into a ``MemdbError`` first."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from memdb.errors import (
    InternalError,
    InvalidInputError,
    MalformedRequestError,
    MemdbError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    StorageError,
)
from server.tenancy import prefix

log = logging.getLogger("memdb.server")


def _unscoped(value: Any, prefix: str) -> Any:
    """The caller's view of a message or detail: its own tenant prefix removed from user ids."""
    if isinstance(value, str):
        return value.replace(prefix, "")
    if isinstance(value, dict):
        return {k: _unscoped(v, prefix) for k, v in value.items()}
    return value


def error_response(exc: MemdbError, tenant: str | None = None, *, headers: dict[str, str] | None = None,
                   close: bool = False) -> JSONResponse:
    """The error body; ``close`` when the request's body was not read to its end."""
    body = exc.to_dict()
    if tenant:
        body = _unscoped(body, prefix(tenant))
    headers = {**(headers or {}), **({"Connection": "close"} if close else {})}
    return JSONResponse({"error": body}, status_code=exc.status_code, headers=headers)


#: Seconds a client is told to wait when the database cannot be reached (PostgreSQL restarting).
STORAGE_RETRY_AFTER_S = 2


async def render(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MemdbError)
    headers = {"Retry-After": str(STORAGE_RETRY_AFTER_S)} if isinstance(exc, StorageError) else None
    return error_response(exc, getattr(request.state, "tenant", None), headers=headers)


def _where(loc: tuple[Any, ...]) -> str:
    """``("body", "messages", 0, "timestamp")`` → ``messages[0].timestamp``, as the library names fields."""
    path = ""
    for part in loc[1:] if len(loc) > 1 else loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "request"


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors()) or [{"loc": (), "msg": "invalid request", "type": ""}]
    first = errors[0]
    if first.get("type") == "json_invalid":
        reason = first.get("ctx", {}).get("error") or "syntax error"
        message = f"the request body is not valid JSON: {reason} at character {first['loc'][-1]}"
        return await render(request, MalformedRequestError(message))
    problems = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
                 "type": str(e.get("type", ""))} for e in errors]
    message = f"{_where(tuple(first.get('loc', ())))}: {first.get('msg', '')}"
    return await render(request, InvalidInputError(message, details={"errors": problems}))


#: Why FastAPI could not parse a body it answers with a bare 400 (the exception it chains).
_UNREADABLE = {RecursionError: "it is nested too deeply", UnicodeDecodeError: "it is not UTF-8 text"}


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    errors: dict[int, type[MemdbError]] = {400: MalformedRequestError, 404: NotFoundError,
                                           405: MethodNotAllowedError, 413: PayloadTooLargeError}
    message = str(exc.detail)
    if exc.status_code == 400 and exc.__cause__ is not None:
        reason = next((why for kind, why in _UNREADABLE.items() if isinstance(exc.__cause__, kind)), "it is malformed")
        message = f"the request body cannot be read as JSON: {reason}"
    error = errors.get(exc.status_code, InvalidInputError)(message)
    if exc.status_code not in errors:
        error.status_code = exc.status_code if 400 <= exc.status_code < 500 else 400
    return await render(request, error)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Only for what escapes ``server.middleware.Guard`` (a middleware's own bug)."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return await render(request, InternalError("internal error; the server log has the details"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MemdbError, render)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
