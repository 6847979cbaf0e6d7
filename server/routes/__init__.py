"""Routers by resource. Every route: validate (models of ``schemas``) → call the same ``MemoryDB``
method the library exposes, in a worker thread → convert. No memory logic here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request

from memdb.db import MemoryDB
from memdb.errors import InvalidInputError
from memdb.temporal import ACCEPTED
from schemas.models import MAX_USER_ID_CHARS, ErrorBody
from server.auth import memory
from server.auth import tenant as caller_tenant
from server.settings import ServerSettings
from server.tenancy import Scope, scoped


def limits(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def user_scope(
    tenant: Annotated[str, Depends(caller_tenant)],
    user_id: Annotated[str, Query(min_length=1, max_length=MAX_USER_ID_CHARS, description="Your end user's id.")],
) -> Scope:
    return scoped(tenant, user_id)


def check_limit(value: int, limit: int, what: str) -> None:
    """The server's configurable limits, all said one way (the wire schema leaves them open)."""
    if value > limit:
        raise InvalidInputError(f"{what} is {value}; this server's limit is {limit}", details={"limit": limit})


DB = Annotated[MemoryDB, Depends(memory)]
Tenant = Annotated[str, Depends(caller_tenant)]
User = Annotated[Scope, Depends(user_scope)]
Limits = Annotated[ServerSettings, Depends(limits)]
#: Time parameters: ISO 8601, a date in words, or epoch seconds (milliseconds beyond ±2e10).
Time = Annotated[str | None, Query(max_length=200, description=f"A time: {ACCEPTED}.")]
Offset = Annotated[int, Query(ge=0, lt=2**63, description="Rows to skip (SQL's integers end at 2^63).")]
#: The memory as it stood at a moment of the conversation (turns said by then; facts stated and holding then).
AsOf = Annotated[str | None, Query(max_length=200, description=(
    "The memory as it stood at this moment of the conversation (ISO 8601): turns said by then, facts stated "
    "and holding then."))]
#: Audit: what the server had stored by then (its own clock).
RecordedBefore = Annotated[str | None, Query(max_length=200, description=(
    "Audit: only what the server had stored by this time (ISO 8601), by its own clock."))]

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((400, "Body is not JSON"), (401, "No or bad API key"), (403, "Key may not do this"),
                         (404, "Not found"), (408, "Body too slow"), (409, "Conflicts with stored data"),
                         (413, "Body too large"), (422, "Invalid input"), (503, "Busy (see Retry-After) or storage down"))
}
