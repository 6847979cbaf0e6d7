"""``create_app(db, settings)``: the memdb HTTP API around one shared, thread-safe MemoryDB."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

import memdb
from memdb.db import MemoryDB
from server.errors import install_error_handlers
from server.middleware import Admission, BodyLimit, Guard, ReadSide
from server.routes import admin, entities, episodes, graph, health, search, users
from server.settings import ServerSettings
from server.ui import mount as mount_inspector

DOCS_ASSETS = "/docs-assets"
DESCRIPTION = """Time-aware conversation memory over HTTP. Every route under `/v1` needs an API key
(`Authorization: Bearer <key>` or `X-API-Key`), bound to one tenant; all reads and writes are scoped
to it. Errors are `{"error": {"code", "message", "details"}}`: 400 a body that is not JSON, 422 any
other bad input, 401/403 the key, 404, 408/413 a body too slow or too large, 409 a conflict, 503 busy
or storage unavailable (retry after `Retry-After` seconds). A server reading a PostgreSQL hot
standby says where each answer read (`X-Memdb-Read-From`: `standby` or `primary`) and, on the
standby, how many seconds its data may lag the primary's (`X-Memdb-Standby-Lag`)."""


@asynccontextmanager
async def _frozen_heap(_app: FastAPI) -> AsyncIterator[None]:
    """Once started, the objects of every import and of the open store are never garbage, yet
    a full collection walks them all: ~70 ms, every twenty searches or so (the p95). Freezing
    them leaves the collector only what requests create. Only the young generations are collected
    first: a full collection at start frees ~45 objects of a served store and costs ~0.3 s (more in a
    process that starts many apps, as the tests do)."""
    gc.collect(1)
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def create_app(db: MemoryDB, settings: ServerSettings | None = None) -> FastAPI:
    """The app; it does not own ``db`` (close it yourself after the server stops)."""
    settings = settings or ServerSettings()
    # /docs with its scripts served from here (fastapi-offline ships them), not a CDN: the docs
    # work offline, like the inspector. No /redoc: its page fetches a logo from its makers' site.
    app = FastAPIOffline(title="memdb", version=memdb.__version__, description=DESCRIPTION, lifespan=_frozen_heap,
                         static_url=DOCS_ASSETS, redoc_url=None)
    app.state.db = db
    app.state.settings = settings
    install_error_handlers(app)
    for module in (health, episodes, search, entities, graph, users, admin):
        app.include_router(module.router)
    mount_inspector(app)
    # Added innermost first: a request meets CORS, then BodyLimit, Admission, Guard and ReadSide.
    if db is not None and db.store.standby is not None:  # (no db: schemas/export.py builds the app for its docs)
        app.add_middleware(ReadSide)
    app.add_middleware(Guard)
    app.add_middleware(Admission, limit=settings.max_concurrent, queued=settings.max_queued)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, timeout=settings.body_timeout)
    if settings.cors_origin_list:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origin_list, allow_methods=["*"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    return app
