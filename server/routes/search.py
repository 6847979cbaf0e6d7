"""Search: the user's turns that best answer a query, each with its per-signal score breakdown."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool as call

from schemas.models import HitList, HitOut, SearchRequest
from server.routes import DB, ERRORS, Limits, Tenant, check_limit
from server.tenancy import scoped

router = APIRouter(prefix="/v1", tags=["search"], responses=ERRORS)


@router.post("/search", response_model=HitList)
async def search(body: SearchRequest, tenant: Tenant, db: DB, limits: Limits) -> HitList:
    """Fuse meaning, words, graph and time by a named recipe; ``as_of`` searches the memory as it
    stood at that moment of the conversation, ``start``/``end`` bound when turns were said, ``now``
    anchors recency, "last week" and "current"; ``recorded_before`` (audit) hides later stores."""
    check_limit(body.k, limits.max_k, "k")
    check_limit(len(body.query), limits.max_message_chars, "the query length")
    user = scoped(tenant, body.user_id)
    options = body.model_dump(exclude={"user_id", "query"})
    hits = await call(db.search, body.query, user_id=user.key, **options)
    return HitList(hits=[HitOut.of(h, user.user) for h in hits])
