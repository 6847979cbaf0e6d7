"""Bad input never produces a 5xx: hand-written suites of malformed and hostile requests (times
beyond years 1-9999 in UTC, integers beyond SQL's, bodies that are not JSON), then a bounded
schemathesis run over the app's own OpenAPI (≥ 1,000 valid and invalid examples of every operation)."""

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


HOSTILE_TIMES = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0000-12-31", "10000-01-01",
                 "05/03/2024", "1e400", "99999999999999999999", "nan", "-inf"]
HOSTILE_JSON_TIMES: list[Any] = [*HOSTILE_TIMES, True, False, 1e300, -1e300, 10**30, [], {}]
HUGE_INTS = ["9223372036854775808", "-9223372036854775809", "2.8e31", "1e400", str(10**40)]


def hostile_requests() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(what, method, path, request options) of hostile input, each of which once gave (or could
    give) a 500: times beyond years 1-9999 in UTC, absurd and ambiguous times, integers beyond SQL's."""
    out: list[tuple[str, str, str, dict[str, Any]]] = []
    for t in HOSTILE_JSON_TIMES:
        out.append((f"timestamp {t!r}", "POST", "/v1/episodes",
                    {"json": {"user_id": "u1", "messages": [{"content": "x", "timestamp": t}]}}))
        for field in ("now", "start", "end", "as_of", "recorded_before"):
            out.append((f"search {field} {t!r}", "POST", "/v1/search", {"json": {"user_id": "u1", "query": "q", field: t}}))
    for t in HOSTILE_TIMES:
        for path, field in (("/v1/episodes", "start"), ("/v1/episodes", "end"), ("/v1/episodes", "as_of"),
                            ("/v1/episodes", "recorded_before"), ("/v1/entities", "as_of"), ("/v1/facts", "as_of"),
                            ("/v1/facts", "now"), ("/v1/graph", "as_of"), ("/v1/entities/Lena", "as_of"),
                            ("/v1/entities", "recorded_before")):
            out.append((f"{path} {field} {t}", "GET", path, {"params": {"user_id": "u1", field: t}}))
    for n in HUGE_INTS:
        for path, field in (("/v1/episodes", "offset"), ("/v1/entities", "offset"), ("/v1/episodes", "limit"),
                            ("/v1/facts", "entity_id"), ("/v1/facts", "limit"), ("/v1/graph", "center_id"),
                            ("/v1/graph", "limit"), ("/v1/episodes", "entity_id")):
            out.append((f"{path} {field}={n}", "GET", path, {"params": {"user_id": "u1", field: n}}))
        out.append((f"entity by id {n}", "GET", f"/v1/entities/{n}", {"params": {"user_id": "u1", "by_id": True}}))
        out.append((f"search k={n}", "POST", "/v1/search", {"content": f'{{"user_id": "u1", "query": "q", "k": {n}}}'}))
    return out


def test_hostile_input_is_a_4xx_json_error(api: Api) -> None:
    headers = {**api.headers("a"), "Content-Type": "application/json"}
    tried = hostile_requests()
    failures = []
    for what, method, path, options in tried:
        r = api.client.request(method, path, headers=headers, **options)
        if not 400 <= r.status_code < 500 or r.json()["error"]["code"] not in {"invalid_input", "not_found"}:
            failures.append(f"{what}: {r.status_code} {r.text[:200]}")
    assert not failures, failures
    assert len(tried) >= 200 and api.db.stats()["episodes"] == 0


def test_hostile_key_ids_are_not_found(api: Api) -> None:
    for n in ("9223372036854775807", "9223372036854775808", str(10**40), "0", "-1"):
        r = api.client.delete(f"/v1/admin/keys/{n}", headers=api.headers("admin"))
        assert r.status_code in (404, 422), (n, r.text)


def test_one_story_for_bad_bodies_and_limits(api: Api) -> None:
    """A body that is not JSON at all is 400 ``malformed_request``, whatever is wrong with it; a
    JSON body that is not what the route takes is 422; every server limit is said one way."""
    h = {**api.headers("a"), "Content-Type": "application/json"}
    for body in (b"{messages: [", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b'{"a": 1', b""):
        r = api.client.post("/v1/search", content=body, headers=h)
        if body == b"":
            assert error_shape(r, 422)["code"] == "invalid_input"  # no body: a missing field
            continue
        error = error_shape(r, 400)
        assert error["code"] == "malformed_request" and "JSON" in error["message"], error
    for k in (51, 500, 10**9, 10**30):
        error = error_shape(api.client.post("/v1/search", json={"user_id": "u", "query": "q", "k": k}, headers=h), 422)
        assert error["message"] == f"k is {k}; this server's limit is 50" and error["details"] == {"limit": 50}
    error = error_shape(api.client.post("/v1/episodes", headers=h, json={"user_id": "u", "messages": [
        {"content": "x", "timestamp": True}]}), 422)
    assert error["message"].startswith("messages[0].timestamp: ") and "ISO 8601" in error["message"]
    error = error_shape(api.client.post("/v1/episodes", headers=h, json={"user_id": "u", "messages": [
        {"content": "x", "timestamp": "05/03/2024"}]}), 422)
    assert error["message"].startswith("messages[0].timestamp: ") and "ambiguous" in error["message"]


def test_epoch_seconds_and_milliseconds_are_both_times(api: Api) -> None:
    h = api.headers("a")
    r = api.client.post("/v1/episodes", headers=h, json={"user_id": "u", "messages": [
        {"id": "s", "content": "seconds", "timestamp": 1714567890},
        {"id": "ms", "content": "milliseconds", "timestamp": 1714567890123},
        {"id": "text", "content": "text", "timestamp": "1714567890123"}]})
    assert r.status_code == 201, r.text
    assert [e["occurred_at"] for e in r.json()["episodes"]] == [
        "2024-05-01T12:51:30Z", "2024-05-01T12:51:30.123000Z", "2024-05-01T12:51:30.123000Z"]
    r = api.client.get("/v1/episodes", params={"user_id": "u", "start": "1714567890100"}, headers=h)
    assert [e["id"] for e in r.json()["episodes"]] == ["ms", "text"]


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


FUZZ_EXAMPLES = 30  # per operation, generation mode and key: bounded, ~1,100 requests, ~60 s


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
        # key management as the operator and as tenant a's admin; everything else as tenant a
        for who in ("admin", "admin-a") if operation.path.startswith("/v1/admin") else ("a",):
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz(operation, mode, api.headers(who), sent, failures)
    print(f"\nschemathesis: {len(sent)} requests, {sum(s >= 500 for s in sent)} 5xx")
    assert not failures, failures
    assert len(sent) >= 1_000
