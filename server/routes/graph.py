"""The entity/fact graph as node-link JSON (default) or GraphML."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool as call

from schemas.graph import to_graphml, to_node_link
from schemas.models import NodeLinkGraph
from server.routes import DB, ERRORS, AsOf, RecordedBefore, User
from server.routes.entities import EntityId, Name, entity_ref

router = APIRouter(prefix="/v1", tags=["graph"], responses=ERRORS)
GRAPHML = "application/graphml+xml"


@router.get("/graph", response_model=NodeLinkGraph,
            responses={200: {"content": {GRAPHML: {"schema": {"type": "string"}}}}})
async def graph(
    user: User, db: DB, as_of: AsOf = None, center: Name = None, center_id: EntityId = None,
    depth: Annotated[int, Query(ge=0, le=10)] = 2, format: Literal["json", "graphml"] = "json",
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="Only the most mentioned entities.")] = None,
    recorded_before: RecordedBefore = None,
) -> Any:
    """Entities (nodes) and facts (edges, with valid/invalid, stated/end_stated and recorded/expired
    times), as the memory stood ``as_of``; with a
    centre entity, only its neighbourhood up to ``depth`` hops; with ``limit``, only the ``limit``
    most mentioned entities (and the centre) and the facts among them, ``graph.total_entities``
    saying how many there were."""
    ref = entity_ref(center, center_id)
    found = await call(db.graph, user_id=user.key, as_of=as_of, center=ref, depth=depth, limit=limit,
                       recorded_before=recorded_before)
    found.graph["user_id"] = user.user
    if format == "graphml":
        return Response(await call(to_graphml, found), media_type=GRAPHML)
    return to_node_link(found)
