"""Bad input never produces a 5xx: a hand-written suite of malformed requests, then a bounded
schemathesis run over the app's own OpenAPI (valid and invalid examples of every operation)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Api

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

A_MESSAGE = {"role": "user", "content": "hello"}


def error_shape(r: Any, status: int | None = None) -> dict[str, Any]:
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    if status is not None:
        assert r.status_code == status, r.text[:300]
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert "Traceback" not in r.text
    return body["error"]


BAD_ADDS: list[tuple[str, Any]] = [
    ("not json", b"{messages: ["),
    ("not utf-8", b"\xff\xfe"),
    ("deeply nested", b"[" * 100_000 + b"]" * 100_000),
    ("lone surrogate", b'{"user_id": "u", "messages": [{"content": "\\ud800"}]}'),
    ("huge integer", b'{"user_id": "u", "messages": [{"content": "x", "timestamp": ' + b"9" * 5_000 + b"}]}"),
    ("json array", [A_MESSAGE]),
    ("json null", None),
    ("no messages", {"user_id": "u"}),
    ("empty messages", {"user_id": "u", "messages": []}),
    ("messages not a list", {"user_id": "u", "messages": "hello"}),
    ("message not an object", {"user_id": "u", "messages": [1]}),
    ("unknown field", {"user_id": "u", "messages": [{**A_MESSAGE, "mood": "happy"}]}),
    ("unknown top-level field", {"user_id": "u", "messages": [A_MESSAGE], "tenant": "tenant-b"}),
    ("bad role", {"user_id": "u", "messages": [{"role": "robot", "content": "x"}]}),
    ("empty content", {"user_id": "u", "messages": [{"content": ""}]}),
    ("blank content", {"user_id": "u", "messages": [{"content": "   "}]}),
    ("content not text", {"user_id": "u", "messages": [{"content": {"a": 1}}]}),
    ("NUL in content", {"user_id": "u", "messages": [{"content": "a\x00b"}]}),
    ("content too long", {"user_id": "u", "messages": [{"content": "x" * 2_001}]}),
    ("too many messages", {"user_id": "u", "messages": [{"content": f"m{i}"} for i in range(51)]}),
    ("bad timestamp", {"user_id": "u", "messages": [{**A_MESSAGE, "timestamp": "not a time"}]}),
    ("huge epoch", {"user_id": "u", "messages": [{**A_MESSAGE, "timestamp": 1e300}]}),
    ("timestamp object", {"user_id": "u", "messages": [{**A_MESSAGE, "timestamp": {"y": 1}}]}),
    ("duplicate ids", {"user_id": "u", "messages": [{**A_MESSAGE, "id": "1"}, {**A_MESSAGE, "id": "1"}]}),
    ("id too long", {"user_id": "u", "messages": [{**A_MESSAGE, "id": "x" * 300}]}),
    ("empty user", {"user_id": "", "messages": [A_MESSAGE]}),
    ("user too long", {"user_id": "u" * 129, "messages": [A_MESSAGE]}),
    ("user with newline", {"user_id": "a\nb", "messages": [A_MESSAGE]}),
    ("user not text", {"user_id": ["u"], "messages": [A_MESSAGE]}),
    ("session empty", {"user_id": "u", "session_id": "", "messages": [A_MESSAGE]}),
    ("metadata not object", {"user_id": "u", "messages": [{**A_MESSAGE, "metadata": [1]}]}),
    ("deep nesting", {"user_id": "u", "messages": [{**A_MESSAGE, "metadata": json.loads("[" * 400 + "]" * 400)}]}),
]

BAD_SEARCHES: list[tuple[str, Any]] = [
    ("empty query", {"user_id": "u", "query": ""}),
    ("blank query", {"user_id": "u", "query": "   "}),
    ("k zero", {"user_id": "u", "query": "q", "k": 0}),
    ("k over limit", {"user_id": "u", "query": "q", "k": 51}),
    ("k huge", {"user_id": "u", "query": "q", "k": 10**30}),
    ("k text", {"user_id": "u", "query": "q", "k": "five"}),
    ("k float", {"user_id": "u", "query": "q", "k": 2.5}),
    ("unknown recipe", {"user_id": "u", "query": "q", "recipe": "nope"}),
    ("unknown signal", {"user_id": "u", "query": "q", "weights": {"magic": 1}}),
    ("negative weight", {"user_id": "u", "query": "q", "weights": {"vector": -1}}),
    ("all weights zero", {"user_id": "u", "query": "q", "recipe": "semantic", "weights": {"vector": 0}}),
    ("bad as_of", {"user_id": "u", "query": "q", "as_of": "someday"}),
    ("start after end", {"user_id": "u", "query": "q", "start": "2024-02-01", "end": "2024-01-01"}),
    ("mmr out of range", {"user_id": "u", "query": "q", "mmr_lambda": 2}),
    ("context negative", {"user_id": "u", "query": "q", "context": -1}),
    ("query too long", {"user_id": "u", "query": "x" * 2_001}),
]

BAD_GETS: list[tuple[str, str, dict[str, Any]]] = [
    ("no user", "/v1/episodes", {}),
    ("limit zero", "/v1/episodes", {"user_id": "u", "limit": 0}),
    ("limit text", "/v1/episodes", {"user_id": "u", "limit": "many"}),
    ("offset negative", "/v1/episodes", {"user_id": "u", "offset": -1}),
    ("bad start", "/v1/episodes", {"user_id": "u", "start": "nope"}),
    ("bad bool", "/v1/episodes", {"user_id": "u", "newest_first": "perhaps"}),
    ("entity id not a number", "/v1/entities/abc", {"user_id": "u", "by_id": True}),
    ("entity id huge", "/v1/entities/99999999999999999999999", {"user_id": "u", "by_id": True}),
    ("name and id", "/v1/facts", {"user_id": "u", "entity": "Ann", "entity_id": 1}),
    ("entity id negative", "/v1/facts", {"user_id": "u", "entity_id": -1}),
    ("depth too deep", "/v1/graph", {"user_id": "u", "depth": 11}),
    ("unknown format", "/v1/graph", {"user_id": "u", "format": "dot"}),
    ("unknown centre", "/v1/graph", {"user_id": "u", "center": "Nobody"}),
    ("missing episode", "/v1/episodes/nope", {"user_id": "u"}),
    ("no such route", "/v2/episodes", {}),
]


@pytest.mark.parametrize("what, body", BAD_ADDS, ids=[w for w, _ in BAD_ADDS])
def test_bad_add_is_a_4xx_json_error_and_changes_nothing(api: Api, what: str, body: Any) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {**api.headers("a"), "Content-Type": "application/json"}
    r = api.client.post("/v1/episodes", content=content, headers=headers)
    error_shape(r)
    assert api.db.stats()["episodes"] == 0


@pytest.mark.parametrize("what, body", BAD_SEARCHES, ids=[w for w, _ in BAD_SEARCHES])
def test_bad_search_is_a_4xx_json_error(api: Api, what: str, body: Any) -> None:
    r = api.client.post("/v1/search", json=body, headers=api.headers("a"))
    assert error_shape(r, 422)["code"] == "invalid_input"


@pytest.mark.parametrize("what, path, params", BAD_GETS, ids=[w for w, _, _ in BAD_GETS])
def test_bad_query_is_a_4xx_json_error(api: Api, what: str, path: str, params: dict[str, Any]) -> None:
    error_shape(api.client.get(path, params=params, headers=api.headers("a")))


def test_extreme_but_valid_times_are_answered(api: Api) -> None:
    h = api.headers("a")
    r = api.client.post("/v1/episodes", headers=h, json={"user_id": "u", "messages": [
        {"content": "first", "timestamp": "0001-01-01"}, {"content": "last", "timestamp": "9999-12-31T23:59:59"}]})
    assert r.status_code == 201
    for now in ("0001-01-01", "9999-12-31T23:59:59"):
        for query in ("first", "what happened last week", "next year"):
            r = api.client.post("/v1/search", headers=h, json={"user_id": "u", "query": query, "now": now,
                                                                 "recipe": "recent"})
            assert r.status_code == 200, r.text


def test_oversized_bodies_are_refused_before_parsing(api: Api) -> None:
    big = b'{"user_id": "u", "messages": [' + b'{"content": "x"},' * 20_000 + b'{"content": "x"}]}'
    error = error_shape(api.client.post("/v1/episodes", content=big, headers=api.headers("a")), 413)
    assert error["code"] == "payload_too_large" and error["details"]["limit"] == 200_000

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(300):
            yield b"x" * 1_000

    error_shape(api.client.post("/v1/episodes", content=chunks(), headers=api.headers("a")), 413)


def test_wrong_method_and_content_type(api: Api) -> None:
    assert error_shape(api.client.put("/v1/search", headers=api.headers("a")), 405)["code"] == "method_not_allowed"
    r = api.client.post("/v1/search", content=b"query=x", headers={**api.headers("a"), "Content-Type": "text/plain"})
    error_shape(r, 422)


def test_conflicting_readd_is_409(api: Api) -> None:
    h = api.headers("a")
    api.client.post("/v1/episodes", json={"user_id": "u", "messages": [{"id": "1", "content": "one"}]}, headers=h)
    r = api.client.post("/v1/episodes", json={"user_id": "u", "messages": [{"id": "1", "content": "two"}]}, headers=h)
    assert error_shape(r, 409)["code"] == "conflict"


FUZZ_EXAMPLES = 25  # per operation and generation mode: bounded, ~30 s


def fuzz(operation: Any, mode: Any, headers: dict[str, str], sent: list[int], failures: list[str]) -> None:
    """Send FUZZ_EXAMPLES generated requests to one operation; record statuses and any 5xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(headers={**(case.headers or {}), **headers})
        sent.append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:200]}"
                            f" -> {response.status_code} {response.text[:200]}")

    try:
        run()
    except Unsatisfiable:
        pass  # an operation with nothing to get wrong (no parameters) has no negative examples


def test_schemathesis_finds_no_5xx(api: Api) -> None:
    import schemathesis
    from schemathesis import GenerationMode

    api.client.post("/v1/episodes", headers=api.headers("a"), json={"user_id": "u1", "messages": [
        {"id": "1", "content": "My sister Lena lives in Toronto.", "name": "Ann"}]})
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    sent: list[int] = []
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = api.headers("admin" if operation.path.startswith("/v1/admin") else "a")
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, headers, sent, failures)
    print(f"\nschemathesis: {len(sent)} requests, {sum(s >= 500 for s in sent)} 5xx")
    assert not failures, failures
    assert len(sent) >= 300
