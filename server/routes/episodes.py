"""Episodes: add a batch of turns, list them in time order (the timeline), get and delete one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from starlette.concurrency import run_in_threadpool as call

from schemas.models import FILTER_HELP, AddRequest, EpisodeList, EpisodeOut
from server.routes import DB, ERRORS, AsOf, Limits, Offset, RecordedBefore, Tenant, Time, User, check_limit
from server.routes.entities import EntityId, Name, entity_ref
from server.tenancy import scoped

router = APIRouter(prefix="/v1/episodes", tags=["episodes"], responses=ERRORS)
EpisodeId = Annotated[str, Path(description="The episode's id.")]


@router.post("", status_code=201, response_model=EpisodeList)
async def add(body: AddRequest, tenant: Tenant, db: DB, limits: Limits) -> EpisodeList:
    """Store a batch of turns of one user's session; returns their episodes in order (idempotent by id)."""
    check_limit(len(body.messages), limits.max_messages, "the number of messages")
    check_limit(max(len(m.content) for m in body.messages), limits.max_message_chars, "the longest message")
    user = scoped(tenant, body.user_id)
    messages = [m.model_dump(exclude_none=True) for m in body.messages]
    episodes = await call(db.add, messages, user_id=user.key, session_id=body.session_id,
                                         metadata=body.metadata)
    return EpisodeList(episodes=[EpisodeOut.of(e, user.user) for e in episodes])


@router.get("", response_model=EpisodeList)
async def timeline(
    user: User, db: DB, start: Time = None, end: Time = None, as_of: AsOf = None,
    session_id: Annotated[str | None, Query(min_length=1, max_length=255)] = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1_000, offset: Offset = 0,
    newest_first: bool = False, entity: Name = None, entity_id: EntityId = None,
    recorded_before: RecordedBefore = None,
    filter: Annotated[str | None, Query(description=f"A metadata filter as JSON. {FILTER_HELP}")] = None,
) -> EpisodeList:
    """The user's turns in the order they were said, optionally bounded (inclusive) and paged;
    with an entity (by name or id), only the turns that mention it; with a filter, only those
    whose metadata match it."""
    episodes = await call(db.timeline, user_id=user.key, start=start, end=end, session_id=session_id, as_of=as_of,
                          entity=entity_ref(entity, entity_id), limit=limit, offset=offset, newest_first=newest_first,
                          recorded_before=recorded_before, filter=filter)
    return EpisodeList(episodes=[EpisodeOut.of(e, user.user) for e in episodes])


@router.get("/{episode_id:path}", response_model=EpisodeOut)
async def get_episode(episode_id: EpisodeId, user: User, db: DB) -> EpisodeOut:
    episode = await call(db.get_episode, episode_id, user_id=user.key)
    return EpisodeOut.of(episode, user.user)


@router.delete("/{episode_id:path}", status_code=204)
async def delete_episode(episode_id: EpisodeId, user: User, db: DB) -> Response:
    """Delete one turn and what only it supported (vector, mentions, facts, orphaned entities)."""
    await call(db.delete_episode, episode_id, user_id=user.key)
    return Response(status_code=204)
