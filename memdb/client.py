"""``MemoryClient``: a memdb server behind the library's own interface.

It has ``MemoryDB``'s method names, keyword arguments and return types, so chatbot code switches
between embedded and remote by changing one line::

    memory = MemoryDB("data")                                  # embedded
    memory = MemoryClient("http://127.0.0.1:8765", api_key)    # remote

Errors come back as the same ``MemdbError`` classes (matched by their ``code``); transport
failures become ``StorageError``, so callers never see httpx's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any, Self
from urllib.parse import quote

import httpx
import networkx as nx
from pydantic import BaseModel, ValidationError

from memdb.errors import InvalidInputError, MemdbError, PermissionDeniedError, StorageError
from memdb.ingest import check_id
from memdb.keys import KeyInfo
from memdb.models import Entity, Episode, Fact, Hit
from memdb.retrieve import RECIPES, Recipe
from memdb.temporal import parse_timestamp
from schemas import models as wire
from schemas.graph import from_node_link


def _error_classes() -> dict[str, type[MemdbError]]:
    found: dict[str, type[MemdbError]] = {}
    todo: list[type[MemdbError]] = [MemdbError]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.code, cls)
        todo.extend(cls.__subclasses__())
    return found


def _time(value: Any) -> Any:
    """Times as the wire carries them: text as given, anything else (datetimes, dates, epoch
    seconds) read by the library's own parser and sent as ISO 8601."""
    if value is None or isinstance(value, str):
        return value
    return parse_timestamp(value).isoformat()


def _entity_ref(value: str | int | None, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, int) and not isinstance(value, bool):
        return {f"{name}_id": value}
    return {name: value}


def _segment(value: Any, what: str) -> str:
    """An id as one URL path segment (dots too, so ".." is not resolved away)."""
    return quote(check_id(value, what), safe="").replace(".", "%2E")


def _json_text(value: Any) -> Any:
    """A filter in a query string: JSON text (text given is sent as it is)."""
    if value is None or isinstance(value, str):
        return value
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"filter: not JSON: {exc}", details={"field": "filter"}) from exc


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait before sending a call the server shed again (at most 10), or None. Only
    a shed call (server_busy) is sent again: one that met a database error (also 503 with
    Retry-After) may have done part of its work, and is the caller's to retry."""
    if response.status_code != 503:
        return None
    try:
        if response.json()["error"]["code"] != "server_busy":
            return None
        return min(max(float(response.headers.get("retry-after", "")), 0.0), 10.0)
    except (ValueError, KeyError, TypeError):  # absent, a date, or not memdb's body: not the server's way
        return None


_TIMES = frozenset({"as_of", "start", "end", "now", "timestamp", "recorded_before"})


def _wire(values: dict[Any, Any]) -> dict[Any, Any]:
    return {k: _time(v) if k in _TIMES else v for k, v in values.items()}


def _params(**values: Any) -> dict[str, Any]:
    return _wire({k: v for k, v in values.items() if v is not None})


class MemoryClient:
    """A remote ``MemoryDB``: every call is one HTTP request to a memdb server."""

    def __init__(self, base_url: str, api_key: str, *, timeout: float = 60.0, http: httpx.Client | None = None,
                 busy_retries: int = 3) -> None:
        """``busy_retries``: how often a call the server shed (503 with Retry-After) is sent again,
        after the wait the server asks for (at most 10 s each)."""
        self._http = http or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self._busy_retries = busy_retries
        self._auth = {"Authorization": f"Bearer {api_key}"}  # per request: ``http`` may be shared
        self._errors = _error_classes()

    # -- lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, *, params: dict[str, Any] | None = None,
              json: dict[str, Any] | None = None) -> httpx.Response:
        try:
            response = self._http.request(method, path, params=params, json=json, headers=self._auth)
            for _ in range(self._busy_retries):  # shed before any work began: safe to send again
                if (wait := _retry_after(response)) is None:
                    break
                time.sleep(wait)
                response = self._http.request(method, path, params=params, json=json, headers=self._auth)
        except httpx.HTTPError as exc:
            raise StorageError(f"cannot reach the memdb server: {exc.__class__.__name__}: {exc}") from exc
        if response.is_success:
            return response
        try:
            error = wire.ErrorBody.model_validate_json(response.content).error
        except ValidationError:
            raise StorageError(f"memdb server answered {response.status_code}: {response.text[:200]}") from None
        cls = self._errors.get(error.code, MemdbError)
        exc = cls(error.message, details=error.details)
        if cls is MemdbError:  # a code this client does not know (413, 405 …): keep the server's
            exc.code, exc.status_code = error.code, response.status_code
        raise exc

    def _get(self, model: type[BaseModel], path: str, **params: Any) -> Any:
        return model.model_validate_json(self._call("GET", path, params=_params(**params)).content)

    # -- writing ------------------------------------------------------------------------------
    def add(
        self, messages: Sequence[dict[str, Any]] | dict[str, Any], *, user_id: str, session_id: str = "default",
        metadata: dict[str, Any] | None = None, progress: Callable[[int], None] | None = None,
    ) -> list[Episode]:
        """As ``MemoryDB.add``; the server embeds, so ``progress`` hears of the batch once it is stored."""
        batch = [messages] if isinstance(messages, dict) else messages
        if isinstance(batch, (str, bytes)) or not isinstance(batch, Sequence):
            raise InvalidInputError("messages must be a list of {role, content, …} objects")
        body = {"user_id": user_id, "session_id": session_id, "metadata": metadata,
                "messages": [_wire(m) if isinstance(m, dict) else m for m in batch]}
        found = wire.EpisodeList.model_validate_json(self._call("POST", "/v1/episodes", json=body).content)
        if progress is not None:
            progress(len(found.episodes))
        return [e.to_model() for e in found.episodes]

    # -- reading ------------------------------------------------------------------------------
    def search(
        self, query: str, *, user_id: str, k: int = 10, session_id: str | None = None, as_of: Any = None,
        start: Any = None, end: Any = None, now: Any = None, recipe: str | Recipe | None = None,
        weights: dict[str, float] | None = None, context: int | None = None, mmr_lambda: float | None = None,
        recorded_before: Any = None, filter: dict[str, Any] | None = None,
    ) -> list[Hit]:
        if isinstance(recipe, Recipe):
            if RECIPES.get(recipe.name) != recipe:
                raise InvalidInputError("over HTTP name a recipe and pass weights/context/mmr_lambda to adjust it")
            recipe = recipe.name
        body = {"query": query, "user_id": user_id, "k": k, "session_id": session_id, "recipe": recipe,
                "weights": weights, "context": context, "mmr_lambda": mmr_lambda, "filter": filter,
                **_params(as_of=as_of, start=start, end=end, now=now, recorded_before=recorded_before)}
        found = wire.HitList.model_validate_json(self._call("POST", "/v1/search", json=body).content)
        return [h.to_model() for h in found.hits]

    def get_episode(self, episode_id: str, *, user_id: str) -> Episode:
        path = f"/v1/episodes/{_segment(episode_id, 'episode_id')}"
        return self._get(wire.EpisodeOut, path, user_id=user_id).to_model()

    def timeline(
        self, *, user_id: str, start: Any = None, end: Any = None, session_id: str | None = None,
        as_of: Any = None, entity: str | int | None = None, limit: int = 1_000, offset: int = 0,
        newest_first: bool = False, recorded_before: Any = None, filter: dict[str, Any] | None = None,
    ) -> list[Episode]:
        found = self._get(wire.EpisodeList, "/v1/episodes", user_id=user_id, start=start, end=end,
                          session_id=session_id, as_of=as_of, limit=limit, offset=offset, newest_first=newest_first,
                          recorded_before=recorded_before, filter=_json_text(filter), **_entity_ref(entity, "entity"))
        return [e.to_model() for e in found.episodes]

    def sessions(self, *, user_id: str) -> list[dict[str, Any]]:
        return [dict(s) for s in self._get(wire.SessionList, "/v1/sessions", user_id=user_id).sessions]

    def users(self, *, prefix: str = "") -> list[str]:
        return [u for u in self._get(wire.UserList, "/v1/users").users if u.startswith(prefix)]

    def entities(
        self, *, user_id: str, as_of: Any = None, type: str | None = None, limit: int = 1_000, offset: int = 0,
        recorded_before: Any = None,
    ) -> list[Entity]:
        found = self._get(wire.EntityList, "/v1/entities", user_id=user_id, as_of=as_of, type=type, limit=limit,
                          offset=offset, recorded_before=recorded_before)
        return [e.to_model() for e in found.entities]

    def entity(self, name_or_id: str | int, *, user_id: str, as_of: Any = None, recorded_before: Any = None) -> Entity:
        by_id = isinstance(name_or_id, int) and not isinstance(name_or_id, bool)
        if not by_id and (not isinstance(name_or_id, str) or not name_or_id.strip()):
            raise InvalidInputError("entity must be a non-empty name or an integer id")
        return self._get(wire.EntityOut, f"/v1/entities/{_segment(name_or_id, 'entity')}", user_id=user_id, as_of=as_of,
                         by_id=by_id or None, recorded_before=recorded_before).to_model()

    def facts(
        self, *, user_id: str, entity: str | int | None = None, as_of: Any = None, current_only: bool = False,
        label: str | None = None, limit: int | None = None, now: Any = None, recorded_before: Any = None,
    ) -> list[Fact]:
        found = self._get(wire.FactList, "/v1/facts", user_id=user_id, as_of=as_of, current_only=current_only,
                          label=label, limit=limit, now=now, recorded_before=recorded_before,
                          **_entity_ref(entity, "entity"))
        return [f.to_model() for f in found.facts]

    def graph(
        self, *, user_id: str, as_of: Any = None, center: str | int | None = None, depth: int = 2,
        limit: int | None = None, recorded_before: Any = None, session_id: str | None = None,
    ) -> nx.MultiDiGraph:
        params = _params(user_id=user_id, as_of=as_of, depth=depth, limit=limit, recorded_before=recorded_before,
                         session_id=session_id, **_entity_ref(center, "center"))
        return from_node_link(self._call("GET", "/v1/graph", params=params).json())

    def stats(self, *, user_id: str | None = None) -> dict[str, int]:
        found = self._get(wire.Stats, "/v1/stats", user_id=user_id)
        return found.model_dump(exclude_none=True)

    # -- deleting -----------------------------------------------------------------------------
    def delete_episode(self, episode_id: str, *, user_id: str) -> None:
        self._call("DELETE", f"/v1/episodes/{_segment(episode_id, 'episode_id')}", params=_params(user_id=user_id))

    def forget(self, *, user_id: str) -> int:
        answer = self._call("DELETE", f"/v1/users/{_segment(user_id, 'user_id')}")
        return wire.Forgotten.model_validate_json(answer.content).deleted

    # -- keys (admin keys only) ---------------------------------------------------------------
    def create_key(self, tenant: str | None, name: str, *, admin: bool = False,
                   operator: bool = False) -> tuple[str, KeyInfo]:
        if operator:
            raise PermissionDeniedError("operator keys are made only on the server's data folder "
                                        "(memdb --data DIR keys create --operator), never over HTTP")
        answer = self._call("POST", "/v1/admin/keys", json={"tenant": tenant, "name": name, "admin": admin})
        found = wire.NewKey.model_validate_json(answer.content)
        return found.token, found.key.to_model()

    def list_keys(self, *, tenant: str | None = None) -> list[KeyInfo]:
        return [k.to_model() for k in self._get(wire.KeyList, "/v1/admin/keys", tenant=tenant).keys]

    def revoke_key(self, key_id: int) -> KeyInfo:
        return wire.KeyOut.model_validate_json(self._call("DELETE", f"/v1/admin/keys/{key_id}").content).to_model()
