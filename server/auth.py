"""Who is calling: an API key (``Authorization: Bearer <key>`` or ``X-API-Key``) resolved to its
tenant. Tenant keys reach memory; admin keys reach key management only."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from memdb.db import MemoryDB
from memdb.errors import AuthenticationError, PermissionDeniedError
from memdb.keys import KeyInfo, verify_key

_bearer = HTTPBearer(auto_error=False, description="An API key made with `memdb keys create`.")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The same key, for clients without Bearer.")


def memory(request: Request) -> MemoryDB:
    db: MemoryDB = request.app.state.db
    return db


async def caller(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header: Annotated[str | None, Depends(_header)],
) -> KeyInfo:
    token = bearer.credentials if bearer is not None else header
    if not token:
        raise AuthenticationError("an API key is required (Authorization: Bearer <key>)")
    key = await run_in_threadpool(verify_key, memory(request), token)
    if key is None:
        raise AuthenticationError("unknown or revoked API key")
    return key


async def tenant(request: Request, key: Annotated[KeyInfo, Depends(caller)]) -> str:
    """The caller's tenant; admin keys are refused here, they cannot read memory."""
    if key.admin:
        raise PermissionDeniedError("admin keys manage keys only; use a tenant key for memory")
    request.state.tenant = key.tenant
    return key.tenant


async def admin(key: Annotated[KeyInfo, Depends(caller)]) -> KeyInfo:
    if not key.admin:
        raise PermissionDeniedError("this needs an admin key")
    return key
