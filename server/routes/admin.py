"""Key management, for admin keys (their own tenant's keys) and operator keys (every tenant's);
neither reads memory."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from starlette.concurrency import run_in_threadpool as call

from memdb import keys
from memdb.keys import KeyInfo
from schemas.models import KeyList, KeyOut, KeyRequest, NewKey
from server.auth import admin
from server.routes import DB, ERRORS

router = APIRouter(prefix="/v1/admin/keys", tags=["admin"], responses=ERRORS)
Manager = Annotated[KeyInfo, Depends(admin)]


@router.post("", status_code=201, response_model=NewKey)
async def create_key(body: KeyRequest, db: DB, manager: Manager) -> NewKey:
    """A new key of the admin key's tenant (an operator key: of the tenant named, or of a new
    one); the token is in this answer only."""
    tenant = keys.managed_tenant(manager, body.tenant)
    token, info = await call(keys.create_key, db, tenant, body.name, admin=body.admin)
    return NewKey(token=token, key=KeyOut.of(info))


@router.get("", response_model=KeyList)
async def list_keys(
    db: DB, manager: Manager, tenant: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,40}$")] = None,
) -> KeyList:
    """The keys of the admin key's tenant (an operator key: of every tenant, or the one named)."""
    found = await call(keys.list_keys, db, tenant=keys.managed_tenant(manager, tenant))
    return KeyList(keys=[KeyOut.of(k) for k in found])


@router.delete("/{key_id}", response_model=KeyOut)
async def revoke_key(key_id: Annotated[int, Path(ge=1, lt=2**63)], db: DB, manager: Manager) -> KeyOut:
    """Revoke a key of the admin key's tenant (an operator key: any key); others are 404."""
    return KeyOut.of(await call(keys.revoke_key, db, key_id, tenant=keys.managed_tenant(manager, None)))
