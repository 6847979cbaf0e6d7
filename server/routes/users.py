"""The tenant's users: list them, their sessions and counts, forget one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool as call

from schemas.models import MAX_USER_ID_CHARS, Forgotten, SessionList, SessionOut, Stats, UserList
from server.routes import DB, ERRORS, Tenant, User
from server.tenancy import prefix, scoped, users_of

router = APIRouter(prefix="/v1", tags=["users"], responses=ERRORS)


@router.get("/users", response_model=UserList)
async def users(tenant: Tenant, db: DB) -> UserList:
    return UserList(users=users_of(tenant, await call(db.users, prefix=prefix(tenant))))


@router.delete("/users/{user_id:path}", response_model=Forgotten)
async def forget(user_id: Annotated[str, Path(max_length=MAX_USER_ID_CHARS)], tenant: Tenant, db: DB) -> Forgotten:
    """Delete everything of one user."""
    user = scoped(tenant, user_id)
    return Forgotten(user_id=user.user, deleted=await call(db.forget, user_id=user.key))


@router.get("/sessions", response_model=SessionList)
async def sessions(user: User, db: DB) -> SessionList:
    found = await call(db.sessions, user_id=user.key)
    return SessionList(sessions=[SessionOut(**s) for s in found])


@router.get("/stats", response_model=Stats)
async def stats(
    tenant: Tenant, db: DB, user_id: Annotated[str | None, Query(min_length=1, max_length=MAX_USER_ID_CHARS)] = None,
) -> Stats:
    """Counts for one user, or over the tenant's users."""
    if user_id is not None:
        return Stats(**await call(db.stats, user_id=scoped(tenant, user_id).key))
    return Stats(**await call(db.stats, prefix=prefix(tenant)))
