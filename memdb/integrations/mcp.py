"""memdb as a Model Context Protocol server: ``memdb mcp``, over stdio or streamable HTTP.

``create_server(memory)`` wraps a ``MemoryDB`` (a local data folder) or a ``MemoryClient`` (a memdb
server): both have the same methods, so each tool is one call of one of them, written once. The
user an agent works for is fixed by the server's configuration (``user_id=``): the tools then take
no user argument. Without it, every tool asks for ``user_id``, for hosts that serve many users.
Errors come back as tool errors carrying the ``MemdbError``'s code and message.

Needs the ``mcp`` extra: ``pip install 'memdb[mcp]'``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from memdb.errors import MemdbError, NotFoundError
from memdb.models import Episode, Hit
from schemas.models import FILTER_HELP, EntityList, EntityOut, FactList, FactOut, Forgotten

try:
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
    from mcp_types import ToolAnnotations
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("memdb's MCP server needs the mcp package: pip install 'memdb[mcp]'") from exc

__all__ = ["create_server"]

TRANSPORTS = ("stdio", "http")
INSTRUCTIONS = """Long-term memory of conversations, with time: every turn keeps when it was said.
Call search_memory before answering anything about the past ("what did I say about…", "where
did Lena live in 2023?", "what happened last week?"); phrases such as "last week" or "in May"
in the query are read against `now`. Call add_message (or add_conversation) to remember what
was said, with its timestamp when known. entity_profile and entity_facts tell what is known
about a person or place, with the intervals in which each fact held."""

# -- arguments: each described for the model that fills it in ------------------------------------
UserId = Annotated[str, Field(min_length=1, max_length=255, description="The end user whose memory this is.")]
SessionId = Annotated[str | None, Field(min_length=1, max_length=128, description=(
    "Conversation session id. When adding: the session the turns belong to (default: the server's). "
    "When reading: only this session (default: all sessions)."))]
TimeText = str
Filter = Annotated[dict[str, Any] | None, Field(description=FILTER_HELP)]
Now = Annotated[TimeText | None, Field(description=(
    "The present moment the query speaks from: 'last week', 'yesterday', 'in May' and recency are read against it "
    "(ISO 8601; default: the current time)."))]
AsOf = Annotated[TimeText | None, Field(description=(
    "Answer as the memory stood at this moment: what came later is left out (ISO 8601)."))]
Start = Annotated[TimeText | None, Field(description="Only turns said at or after this time (ISO 8601, inclusive).")]
End = Annotated[TimeText | None, Field(description="Only turns said at or before this time (ISO 8601, inclusive).")]
EntityName = Annotated[str, Field(min_length=1, max_length=256, description=(
    "A person, place, organisation … by name, alias or nickname (e.g. 'Lena', 'my sister', 'Berlin')."))]


class MessageIn(BaseModel):
    """One conversation turn to remember."""

    model_config = ConfigDict(extra="forbid")
    content: str = Field(min_length=1, description="What was said.")
    role: Literal["user", "assistant", "system", "tool"] = Field("user", description="Who said it, by role.")
    speaker: str | None = Field(None, max_length=255, description="Who said it, by name (e.g. 'Caroline').")
    timestamp: TimeText | None = Field(None, description="When it was said (ISO 8601); default: now.")
    id: str | None = Field(None, max_length=255, description="Your id of the turn; adding it again is a no-op.")
    metadata: dict[str, Any] | None = Field(None, description="Tags to filter by later, e.g. {'source': 'email'}.")

    def message(self) -> dict[str, Any]:
        out = {"role": self.role, "content": self.content, "name": self.speaker, "timestamp": self.timestamp,
               "id": self.id, "metadata": self.metadata}
        return {k: v for k, v in out.items() if v is not None}


# -- results ---------------------------------------------------------------------------------------
class Turn(BaseModel):
    id: str = Field(description="The turn's id (delete_memory takes it).")
    content: str
    speaker: str | None
    role: str
    session_id: str
    occurred_at: datetime = Field(description="When it was said.")
    metadata: dict[str, Any] = {}

    @classmethod
    def of(cls, e: Episode) -> Turn:
        return cls(id=e.id, content=e.content, speaker=e.name, role=e.role, session_id=e.session_id,
                   occurred_at=e.occurred_at, metadata=e.metadata)


class MemoryHit(Turn):
    score: float = Field(description="Fused relevance; hits come best first.")
    scores: dict[str, float] = Field(description="What each signal (vector, lexical, graph, fact, time, recency …) "
                                     "added to the score.")
    entities: list[str] = Field(description="Entities the turn mentions.")

    @classmethod
    def of_hit(cls, h: Hit) -> MemoryHit:
        return cls(**Turn.of(h.episode).model_dump(), score=h.score, scores=h.scores, entities=list(h.entities))


class SearchResult(BaseModel):
    hits: list[MemoryHit]


class Turns(BaseModel):
    turns: list[Turn]


class Deleted(BaseModel):
    episode_id: str
    deleted: bool = True


# -- the server ------------------------------------------------------------------------------------
def _guarded(call: Callable[..., Any]) -> Callable[..., Any]:
    """A MemdbError becomes a tool error the model can read ("not_found: no entity …")."""
    @functools.wraps(call)
    def run(**kwargs: Any) -> Any:
        try:
            return call(**kwargs)
        except MemdbError as exc:
            raise ToolError(f"{exc.code}: {exc.message}") from exc
    return run


def _for_user(call: Callable[..., Any], user_id: str | None) -> Callable[..., Any]:
    """``call`` with its ``user_id`` argument fixed (and gone from its schema) when the server
    has one user; as it is otherwise."""
    signature = inspect.signature(call, eval_str=True)
    guarded = _guarded(call)
    if user_id is None:
        guarded.__signature__ = signature  # type: ignore[attr-defined]
        return guarded

    @functools.wraps(call)
    def fixed(**kwargs: Any) -> Any:
        return guarded(user_id=user_id, **kwargs)

    fixed.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p for name, p in signature.parameters.items() if name != "user_id"])
    return fixed


_READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_ADDS = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
_DELETES = ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False)


def create_server(memory: Any, *, user_id: str | None = None, session_id: str = "default",
                  name: str = "memdb") -> MCPServer:
    """An MCP server whose tools call ``memory`` (a ``MemoryDB`` or ``MemoryClient``; the caller
    keeps and closes it). With ``user_id``, every tool works on that user's memory and turns
    are added to ``session_id`` unless a call names another session."""
    server = MCPServer(name, instructions=INSTRUCTIONS, version=_version())
    default_session = session_id  # the tools' own session_id argument overrides it

    def add_message(user_id: UserId, content: Annotated[str, Field(min_length=1, description="What was said.")],
                    role: Literal["user", "assistant", "system", "tool"] = "user",
                    speaker: Annotated[str | None, Field(max_length=255, description="Who said it, by name.")] = None,
                    timestamp: Annotated[TimeText | None, Field(description="When it was said (ISO 8601); "
                                                                "default: now.")] = None,
                    session_id: SessionId = None,
                    metadata: Annotated[dict[str, Any] | None, Field(description="Tags to filter by later.")] = None,
                    ) -> Turns:
        """Remember one conversation turn: what was said, by whom and when. memdb embeds it,
        reads the people, places and facts it names (a newer "I moved to Berlin" ends an older
        "I live in Paris"), and the times it refers to ("yesterday", "next May")."""
        return add_conversation(user_id=user_id, messages=[MessageIn(content=content, role=role, speaker=speaker,
                                                                     timestamp=timestamp)],
                                session_id=session_id, metadata=metadata)

    def add_conversation(user_id: UserId, messages: Annotated[list[MessageIn], Field(min_length=1, max_length=500)],
                         session_id: SessionId = None,
                         metadata: Annotated[dict[str, Any] | None, Field(description="Tags merged into every "
                                                                          "turn's metadata.")] = None,
                         ) -> Turns:
        """Remember a conversation (several turns, in order) in one session. Give each turn's
        timestamp when known: "when" questions are answered from it."""
        added = memory.add([m.message() for m in messages], user_id=user_id, session_id=session_id or default_session,
                           metadata=metadata)
        return Turns(turns=[Turn.of(e) for e in added])

    def search_memory(user_id: UserId, query: Annotated[str, Field(min_length=1, description=(
                          "A question or topic in plain words, e.g. 'where did Lena move last year?'"))],
                      k: Annotated[int, Field(ge=1, le=50, description="How many hits.")] = 5,
                      now: Now = None, as_of: AsOf = None, start: Start = None, end: End = None,
                      session_id: SessionId = None, filter: Filter = None,
                      ) -> SearchResult:
        """Search the memory by meaning, words, the people and places involved and time, all
        at once. Returns the best turns first, each with who said it, when, its score and what
        each signal contributed. Temporal phrases in the query ("last week", "in March 2023",
        "now") narrow and rank by time."""
        hits = memory.search(query, user_id=user_id, k=k, now=now, as_of=as_of, start=start, end=end,
                             session_id=session_id, filter=filter)
        return SearchResult(hits=[MemoryHit.of_hit(h) for h in hits])

    def entity_facts(user_id: UserId, entity: EntityName,
                     as_of: Annotated[TimeText | None, Field(description=(
                         "Only facts that held (and were known) at this time, e.g. where someone lived then "
                         "(ISO 8601)."))] = None,
                     current_only: Annotated[bool, Field(description="Only facts that still hold.")] = False,
                     label: Annotated[str | None, Field(description=(
                         "Only this relation: lives_in, works_at, partner_of, sibling_of, likes, has_pet …"))] = None,
                     ) -> FactList:
        """Facts about a person, place or thing, each with the interval it held: valid_at to
        invalid_at (null: still holds). Without as_of or current_only, the whole history, so
        'lived in Paris until March, then Berlin' shows both."""
        found = memory.facts(user_id=user_id, entity=entity, as_of=as_of, current_only=current_only, label=label)
        return FactList(facts=[FactOut.of(f) for f in found])

    def entity_profile(user_id: UserId, entity: EntityName,
                       as_of: Annotated[TimeText | None, Field(description=(
                           "The profile as it stood at this time (ISO 8601)."))] = None,
                       ) -> EntityOut:
        """Everything known about one entity: its type, aliases, first and last mention, how
        often it came up, and its facts with their validity intervals."""
        return EntityOut.of(memory.entity(entity, user_id=user_id, as_of=as_of), user_id)

    def list_entities(user_id: UserId,
                      type: Annotated[str | None, Field(description=(
                          "Only this type: person, place, organization, product, event or concept."))] = None,
                      limit: Annotated[int, Field(ge=1, le=200)] = 30,
                      ) -> EntityList:
        """The people, places, organisations … the memory knows, most mentioned first."""
        return EntityList(entities=[EntityOut.of(e, user_id) for e in memory.entities(user_id=user_id, type=type,
                                                                                       limit=limit)])

    def timeline(user_id: UserId, start: Start = None, end: End = None, session_id: SessionId = None,
                 entity: Annotated[str | None, Field(description="Only turns mentioning this entity.")] = None,
                 filter: Filter = None,
                 limit: Annotated[int, Field(ge=1, le=500)] = 50,
                 newest_first: Annotated[bool, Field(description="Latest turns first (else oldest first).")] = False,
                 ) -> Turns:
        """The turns of a period in the order they were said: what happened between start and
        end, optionally only in one session, about one entity, or with given metadata."""
        found = memory.timeline(user_id=user_id, start=start, end=end, session_id=session_id, entity=entity,
                                filter=filter, limit=limit, newest_first=newest_first)
        return Turns(turns=[Turn.of(e) for e in found])

    def delete_memory(user_id: UserId, episode_id: Annotated[str, Field(min_length=1, description=(
                          "The turn's id, as search_memory or timeline return it."))]) -> Deleted:
        """Delete one remembered turn and what only it supported: facts it alone stated (a fact
        it had ended holds again) and entities nothing else mentions."""
        memory.delete_episode(episode_id, user_id=user_id)
        return Deleted(episode_id=episode_id)

    def forget_user(user_id: UserId) -> Forgotten:
        """Delete everything remembered about this user: every turn, entity and fact. Cannot be
        undone."""
        return Forgotten(user_id=user_id, deleted=memory.forget(user_id=user_id))

    for call, hints in ((add_message, _ADDS), (add_conversation, _ADDS), (search_memory, _READS),
                        (entity_facts, _READS), (entity_profile, _READS), (list_entities, _READS),
                        (timeline, _READS), (delete_memory, _DELETES), (forget_user, _DELETES)):
        server.add_tool(_for_user(call, user_id), name=call.__name__, description=inspect.getdoc(call),
                        annotations=hints, structured_output=True)
    if user_id is not None:
        _add_resources(server, memory, user_id)
    return server


def _add_resources(server: MCPServer, memory: Any, user_id: str) -> None:
    """The user's entities, an entity's profile and the latest turns, as JSON a host can attach."""
    def read(call: Callable[[], BaseModel]) -> str:
        try:
            return call().model_dump_json(indent=1)
        except NotFoundError as exc:
            raise ResourceNotFoundError(exc.message) from exc
        except MemdbError as exc:
            raise ResourceError(f"{exc.code}: {exc.message}") from exc

    @server.resource("memdb://entities", name="entities", mime_type="application/json",
                     description="The entities memory knows, most mentioned first (50).")
    def entities() -> str:
        return read(lambda: EntityList(entities=[EntityOut.of(e, user_id)
                                                 for e in memory.entities(user_id=user_id, limit=50)]))

    @server.resource("memdb://entities/{name}", name="entity profile", mime_type="application/json",
                     description="One entity's profile: aliases, mentions and facts with validity intervals.")
    def profile(name: str) -> str:
        return read(lambda: EntityOut.of(memory.entity(name, user_id=user_id), user_id))

    @server.resource("memdb://timeline/recent", name="recent turns", mime_type="application/json",
                     description="The latest 50 turns, newest first.")
    def recent() -> str:
        return read(lambda: Turns(turns=[Turn.of(e) for e in memory.timeline(user_id=user_id, limit=50,
                                                                              newest_first=True)]))


def _version() -> str:
    import memdb

    return memdb.__version__


def run(memory: Any, *, transport: str = "stdio", user_id: str | None = None, session_id: str = "default",
        host: str = "127.0.0.1", port: int = 8000, path: str = "/mcp") -> None:
    """Serve ``memory`` until the host disconnects (stdio) or the process is stopped (http)."""
    server = create_server(memory, user_id=user_id, session_id=session_id)
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=port, streamable_http_path=path)

