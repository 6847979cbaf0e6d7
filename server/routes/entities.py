"""Entities (with their facts over time) and facts, as of any time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool as call

from memdb.errors import InvalidInputError
from memdb.knowledge import GRAPH_TYPES
from schemas.models import EntityList, EntityOut, FactList, FactOut
from server.routes import DB, ERRORS, AsOf, Offset, RecordedBefore, Time, User

router = APIRouter(prefix="/v1", tags=["entities"], responses=ERRORS)
Name = Annotated[str | None, Query(min_length=1, max_length=256, description="An entity's name, alias or nickname.")]
TYPES = ", ".join(sorted(GRAPH_TYPES))
EntityId = Annotated[int | None, Query(ge=0, lt=2**63, description="An entity's id (instead of a name).")]


def entity_ref(name: str | None, entity_id: int | None) -> str | int | None:
    if name is not None and entity_id is not None:
        raise InvalidInputError("give an entity's name or its id, not both")
    return entity_id if entity_id is not None else name


@router.get("/entities", response_model=EntityList)
async def entities(
    user: User, db: DB, as_of: AsOf = None,
    type: Annotated[str | None, Query(max_length=32, description=f"Only entities of this type: {TYPES}.")] = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1_000, offset: Offset = 0,
    recorded_before: RecordedBefore = None,
) -> EntityList:
    """The user's entities, most mentioned first."""
    found = await call(db.entities, user_id=user.key, as_of=as_of, type=type, limit=limit, offset=offset,
                       recorded_before=recorded_before)
    return EntityList(entities=[EntityOut.of(e, user.user) for e in found])


@router.get("/entities/{entity:path}", response_model=EntityOut)
async def entity(
    entity: Annotated[str, Path(description="A name, alias or nickname, or an id (a number no entity answers to); "
                                            "with by_id=true, an id only.")],
    user: User, db: DB, as_of: AsOf = None, by_id: bool = False, recorded_before: RecordedBefore = None,
) -> EntityOut:
    """One entity with its facts over time."""
    if by_id and not (entity.isascii() and entity.isdigit() and len(entity) < 19):
        raise InvalidInputError("with by_id=true the entity must be an integer id")
    ref: str | int = int(entity) if by_id else entity
    found = await call(db.entity, ref, user_id=user.key, as_of=as_of, recorded_before=recorded_before)
    return EntityOut.of(found, user.user)


@router.get("/facts", response_model=FactList)
async def facts(
    user: User, db: DB, entity: Name = None, entity_id: EntityId = None, as_of: AsOf = None,
    current_only: bool = False, label: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None, now: Time = None,
    recorded_before: RecordedBefore = None,
) -> FactList:
    """Facts of the user or one entity: the whole history; those stated and holding ``as_of`` (as
    known then); or, with ``current_only``, those holding at ``now`` (default: as_of, else now)."""
    ref = entity_ref(entity, entity_id)
    found = await call(db.facts, user_id=user.key, entity=ref, as_of=as_of, current_only=current_only,
                       label=label, limit=limit, now=now, recorded_before=recorded_before)
    return FactList(facts=[FactOut.of(f) for f in found])
