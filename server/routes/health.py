"""Liveness and readiness: the only routes without a key."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool as call

import memdb
from memdb.errors import StorageError
from schemas.models import Health
from server.routes import DB

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def health() -> Health:
    """The process answers."""
    return Health(status="ok", version=memdb.__version__)


@router.get("/readyz", response_model=Health, responses={503: {"description": "Database not usable"}})
async def ready(db: DB) -> Health:
    """The database answers a query (503 when it does not)."""
    try:
        await call(db.stats, user_id="")
    except memdb.MemdbError as exc:
        raise StorageError(f"not ready: {exc.message}") from exc
    return Health(status="ready", version=memdb.__version__)
