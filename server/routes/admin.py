"""Key management, for admin keys only (which in turn cannot read memory)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from starlette.concurrency import run_in_threadpool as call

from memdb import keys
from schemas.models import KeyList, KeyOut, KeyRequest, NewKey
from server.auth import admin
from server.routes import DB, ERRORS

router = APIRouter(prefix="/v1/admin/keys", tags=["admin"], responses=ERRORS, dependencies=[Depends(admin)])


@router.post("", status_code=201, response_model=NewKey)
async def create_key(body: KeyRequest, db: DB) -> NewKey:
    """A new key; the token is in this answer only."""
    token, info = await call(keys.create_key, db, body.tenant, body.name, admin=body.admin)
    return NewKey(token=token, key=KeyOut.of(info))


@router.get("", response_model=KeyList)
async def list_keys(db: DB, tenant: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,40}$")] = None) -> KeyList:
    return KeyList(keys=[KeyOut.of(k) for k in await call(keys.list_keys, db, tenant=tenant)])


@router.delete("/{key_id}", response_model=KeyOut)
async def revoke_key(key_id: Annotated[int, Path(ge=1, lt=2**63)], db: DB) -> KeyOut:
    return KeyOut.of(await call(keys.revoke_key, db, key_id))
