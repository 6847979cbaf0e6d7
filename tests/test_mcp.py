"""``memdb mcp`` driven by the MCP SDK's own client: a real subprocess over stdio, a real one over
streamable HTTP, and in process over a memdb server (``MemoryClient``). One scenario for all:
list tools, add a conversation, search with a temporal phrase, facts as of a date, forget;
bad arguments come back as tool errors and the server keeps serving."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest


from mcp import Client  # noqa: E402
from mcp.client.stdio import StdioServerParameters  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402

from memdb import HashingEmbedder, MemoryDB  # noqa: E402
from memdb.integrations.mcp import create_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
TOOLS = {"add_message", "add_conversation", "search_memory", "entity_facts", "entity_profile", "list_entities",
         "timeline", "delete_memory", "forget_user"}
# Lena's turns are dated after today: "as of" a date also hides what memdb learned after it, and
# these turns are learned today, as a user adds them (no recorded_at).
SOON = datetime.now(UTC).replace(microsecond=0, tzinfo=None) + timedelta(days=10)
CONVERSATION = [
    {"content": "My sister Lena lives in Toronto.", "speaker": "Ann", "timestamp": SOON.isoformat(), "id": "1"},
    {"content": "I went skiing with Tom in the Alps.", "speaker": "Ann", "timestamp": "2024-02-02T10:00:00", "id": "2"},
    {"content": "Tom and I went climbing at the gym.", "speaker": "Ann", "timestamp": "2024-03-14T18:00:00", "id": "3"},
    {"content": "Big news: my sister Lena moved to Berlin.", "speaker": "Ann",
     "timestamp": (SOON + timedelta(days=30)).isoformat(), "id": "4"},
]


def memdb_command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "memdb", "--data", str(data), "--embedder", "hashing", "mcp", *args]


async def call(client: Client, tool: str, who: dict[str, str], **arguments: Any) -> Any:
    """A tool's structured result; fails on a tool error."""
    result = await client.call_tool(tool, {**who, **arguments})
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content  # the text is the same JSON
    return result.structured_content


async def refused(client: Client, tool: str, who: dict[str, str], **arguments: Any) -> str:
    result = await client.call_tool(tool, {**who, **arguments})
    assert result.is_error
    return result.content[0].text


async def scenario(client: Client, who: dict[str, str]) -> None:
    """``who`` is {} when the server was started for one user, {"user_id": …} otherwise."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description and len(tool.description) > 60, tool.name
        assert ("user_id" in tool.input_schema["properties"]) == bool(who), tool.name
        assert tool.output_schema is not None
    search_args = tools["search_memory"].input_schema["properties"]
    assert {"query", "k", "now", "as_of", "start", "end", "session_id", "filter"} <= set(search_args)
    assert all(search_args[name].get("description") for name in search_args)

    added = await call(client, "add_conversation", who, messages=CONVERSATION, session_id="s1",
                       metadata={"source": "chat"})
    assert [t["id"] for t in added["turns"]] == ["1", "2", "3", "4"]
    one = await call(client, "add_message", who, content="Note to self: buy climbing shoes.", speaker="Ann",
                     timestamp="2024-03-15T08:00:00", metadata={"source": "notes"})
    assert one["turns"][0]["session_id"] == "default" and one["turns"][0]["metadata"] == {"source": "notes"}

    # "last week", said on March 20th, is March 11-17: the gym, not the Alps.
    hits = (await call(client, "search_memory", who, query="What did I do with Tom last week?", k=3,
                       now="2024-03-20T12:00:00"))["hits"]
    assert hits[0]["id"] == "3" and hits[0]["scores"]["time"] > 0 and hits[0]["speaker"] == "Ann"
    assert hits[0]["occurred_at"].startswith("2024-03-14") and hits[0]["score"] >= hits[-1]["score"]
    notes = (await call(client, "search_memory", who, query="climbing", filter={"source": "notes"}))["hits"]
    assert [h["id"] for h in notes] == [one["turns"][0]["id"]]

    then = (await call(client, "entity_facts", who, entity="Lena", label="lives_in",
                       as_of=(SOON + timedelta(days=15)).isoformat()))["facts"]
    assert [f["object"] for f in then] == ["Toronto"]  # held then; its interval ends when she moved
    assert then[0]["valid_at"] == CONVERSATION[0]["timestamp"] + "Z"
    history = (await call(client, "entity_facts", who, entity="Lena", label="lives_in"))["facts"]
    ended = {f["object"]: f for f in history}
    assert ended["Toronto"]["invalid_at"] == CONVERSATION[3]["timestamp"] + "Z"
    assert ended["Berlin"]["invalid_at"] is None
    profile = await call(client, "entity_profile", who, entity="Lena")
    assert profile["type"] == "person" and profile["mention_count"] == 2
    period = (await call(client, "timeline", who, start="2024-02-01", end="2024-12-31", session_id="s1"))["turns"]
    assert [t["id"] for t in period] == ["2", "3"]

    # Bad arguments: tool errors with the reason, and the server goes on.
    assert "k" in await refused(client, "search_memory", who, query="Tom", k=0)
    assert "invalid_input" in await refused(client, "search_memory", who, query="Tom", now="not a time at all")
    assert "invalid_input" in await refused(client, "search_memory", who, query="Tom", filter={"a": {"$regex": "x"}})
    assert "not_found" in await refused(client, "entity_profile", who, entity="Nobody")
    assert "content" in await refused(client, "add_conversation", who, messages=[{"text": "no content key"}])
    assert "not_found" in await refused(client, "delete_memory", who, episode_id="no-such-turn")

    assert (await call(client, "delete_memory", who, episode_id="2"))["deleted"]
    forgotten = await call(client, "forget_user", who)
    assert forgotten["deleted"] == 4
    assert (await call(client, "search_memory", who, query="Tom"))["hits"] == []


def test_stdio_subprocess_for_one_user(tmp_path: Path) -> None:
    params = StdioServerParameters(command=sys.executable, args=memdb_command(tmp_path / "data", "--user", "u1")[1:],
                                   env=ENV, cwd=str(tmp_path))

    async def main() -> None:
        async with Client(params, read_timeout_seconds=60) as client:
            await scenario(client, {})
            listed = {str(r.uri) for r in (await client.list_resources()).resources}
            assert listed == {"memdb://entities", "memdb://timeline/recent"}

    anyio.run(main)
    with MemoryDB(tmp_path / "data", embedder=HashingEmbedder()) as db:  # the server wrote where it was told
        assert db.users() == []  # … and forget_user removed it all


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(memdb_command(tmp_path / "data", "--transport", "http", "--port", str(port)),
                               env=ENV, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield url
    finally:
        process.terminate()
        process.wait(20)


def test_streamable_http_subprocess_for_many_users(http_server: str) -> None:
    async def main() -> None:
        async with Client(http_server, read_timeout_seconds=60) as client:
            await scenario(client, {"user_id": "u1"})
            # Each call names its user: u2's memory is apart from u1's.
            await call(client, "add_message", {"user_id": "u2"}, content="I play the cello.", timestamp="2024-01-01")
            assert (await call(client, "search_memory", {"user_id": "u1"}, query="cello"))["hits"] == []
            assert "user_id" in await refused(client, "search_memory", {}, query="cello")
            assert not (await client.list_resources()).resources  # resources need a configured user

    anyio.run(main)


def test_the_same_tools_against_a_memdb_server(api) -> None:  # noqa: ANN001 - tests.conftest.Api
    """``memdb mcp --url … --api-key …``: the tools call MemoryClient, and errors still arrive
    as tool errors (here from the server's 4xx answers)."""
    memory = api.memory("a")

    async def main() -> None:
        async with Client(create_server(memory, user_id="u1")) as client:
            await scenario(client, {})
            with pytest.raises(MCPError, match="no entity 'Nobody'"):  # a resource's errors are protocol errors
                await client.read_resource("memdb://entities/Nobody")

    anyio.run(main)
    assert api.db.users() == []


def test_resources_of_a_configured_user(db: MemoryDB) -> None:
    db.add([{"content": m["content"], "name": m["speaker"], "timestamp": m["timestamp"], "id": m["id"]}
            for m in CONVERSATION], user_id="u1")

    async def main() -> None:
        async with Client(create_server(db, user_id="u1")) as client:
            templates = (await client.list_resource_templates()).resource_templates
            assert [t.uri_template for t in templates] == ["memdb://entities/{name}"]
            lena = json.loads((await client.read_resource("memdb://entities/Lena")).contents[0].text)
            assert lena["name"] == "Lena" and {f["object"] for f in lena["facts"]} >= {"Toronto", "Berlin"}
            recent = json.loads((await client.read_resource("memdb://timeline/recent")).contents[0].text)
            assert [t["id"] for t in recent["turns"]] == ["4", "1", "3", "2"]
            names = json.loads((await client.read_resource("memdb://entities")).contents[0].text)
            assert "Lena" in {e["name"] for e in names["entities"]}

    anyio.run(main)


def test_cli_refuses_an_unknown_transport(tmp_path: Path) -> None:
    done = subprocess.run(memdb_command(tmp_path, "--transport", "carrier-pigeon"), env=ENV, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "stdio or http" in done.stderr
