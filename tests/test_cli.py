"""The real ``memdb`` commands, on a local data folder and against a live server."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from memdb.cli import app
from memdb.errors import InvalidInputError
from tests.processes import Serve, free_port, worker_env
from tests.test_server import TURNS

runner = CliRunner()


def memdb(*args: str, ok: bool = True) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert (result.exit_code == 0) == ok, result.output
    return result.stdout


@pytest.fixture
def local(tmp_path: Path) -> list[str]:
    return ["--data", str(tmp_path / "data"), "--embedder", "hashing"]


@pytest.fixture
def chat_file(tmp_path: Path) -> Path:
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(TURNS), encoding="utf-8")
    return path


def test_ingest_search_entities_facts_stats_locally(local: list[str], chat_file: Path) -> None:
    assert "3 turns" in memdb(*local, "ingest", str(chat_file), "--user", "u1")
    out = memdb(*local, "search", "Which dog did I adopt?", "--user", "u1", "--k", "1", "--now", "2024-07-01")
    assert "Biscuit" in out and "score" in out
    hits = json.loads(memdb(*local, "search", "dog", "--user", "u1", "--json", "--recipe", "lexical"))["hits"]
    assert hits[0]["episode"]["id"] == "2"
    assert "Lena (person)" in memdb(*local, "entities", "--user", "u1")
    out = memdb(*local, "facts", "--user", "u1", "--entity", "Lena", "--label", "lives_in")
    assert "Toronto" in out and "Berlin" in out
    out = memdb(*local, "facts", "--user", "u1", "--entity", "Lena", "--label", "lives_in", "--current")
    assert "Toronto" not in out and "Berlin" in out
    assert json.loads(memdb(*local, "stats", "--json"))["episodes"] == 3


def test_ingest_metadata_and_search_filter(local: list[str], chat_file: Path) -> None:
    memdb(*local, "ingest", str(chat_file), "--user", "u1", "--metadata", '{"source": "import"}')
    memdb(*local, "ingest", str(chat_file), "--user", "u2")
    found = json.loads(memdb(*local, "search", "dog", "--user", "u1", "--json", "--filter", '{"source": "import"}'))
    assert found["hits"] and all(h["episode"]["metadata"] == {"source": "import"} for h in found["hits"])
    assert "no hits" in memdb(*local, "search", "dog", "--user", "u2", "--filter", '{"source": "import"}')
    for flag, value in (("--filter", "{nope"), ("--filter", '{"a": {"$regex": "x"}}'), ("--metadata", "[1]")):
        args = ["search", "dog", "--user", "u1"] if flag == "--filter" else ["ingest", str(chat_file), "--user", "u3"]
        result = runner.invoke(app, [*local, *args, flag, value])
        assert result.exit_code == 2 and flag in result.output, result.output
    assert json.loads(memdb(*local, "stats", "--json"))["episodes"] == 6  # nothing added for u3


def test_graph_export_json_and_graphml(local: list[str], chat_file: Path, tmp_path: Path) -> None:
    memdb(*local, "ingest", str(chat_file), "--user", "u1")
    graph = nx.node_link_graph(json.loads(memdb(*local, "graph", "export", "--user", "u1")), edges="edges")
    assert graph.number_of_edges() >= 2
    out = tmp_path / "g.graphml"
    memdb(*local, "graph", "export", "--user", "u1", "--format", "graphml", "--center", "Lena", "--depth", "1",
          "-o", str(out))
    assert {d["name"] for _, d in nx.read_graphml(out).nodes(data=True)} >= {"Lena", "Toronto"}
    top = json.loads(memdb(*local, "graph", "export", "--user", "u1", "--limit", "2"))
    assert len(top["nodes"]) == 2 and top["graph"]["total_entities"] == graph.number_of_nodes()


def test_ingest_jsonl_and_locomo(local: list[str], tmp_path: Path) -> None:
    jsonl = tmp_path / "chat.jsonl"
    jsonl.write_text("\n".join(json.dumps({**t, "mood": "calm"}) for t in TURNS), encoding="utf-8")
    memdb(*local, "ingest", str(jsonl), "--user", "j", "--session", "s9")
    locomo = tmp_path / "locomo.json"
    locomo.write_text(json.dumps([{"sample_id": "conv-1", "conversation": {
        "speaker_a": "Caroline", "speaker_b": "Melanie",
        "session_1_date_time": "1:56 pm on 8 May, 2023",
        "session_1": [{"speaker": "Caroline", "dia_id": "D1:1", "text": "I went to a support group yesterday."},
                      {"speaker": "Melanie", "dia_id": "D1:2", "text": "That sounds great!", "img_url": ["x"]}],
        "session_2_date_time": "2:00 pm on 9 June, 2023",
        "session_2": [{"speaker": "Caroline", "dia_id": "D2:1", "text": "I moved to Boston."}],
    }, "qa": []}]), encoding="utf-8")
    assert "3 turns in 2 session(s)" in memdb(*local, "ingest", str(locomo), "--user", "loco")
    stats = json.loads(memdb(*local, "stats", "--json", "--user", "loco"))
    assert stats["episodes"] == 3
    hits = json.loads(memdb(*local, "search", "support group", "--user", "loco", "--json", "--k", "1"))["hits"]
    assert hits[0]["episode"]["id"] == "D1:1" and hits[0]["episode"]["occurred_at"].startswith("2023-05-08T13:56")
    assert hits[0]["episode"]["session_id"] == "session_1"


def test_errors_are_one_line_and_exit_2(local: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    result = runner.invoke(app, [*local, "ingest", str(bad), "--user", "u"])
    assert result.exit_code == 2 and result.stderr.startswith("error:") and "Traceback" not in result.output
    result = runner.invoke(app, [*local, "search", "x", "--user", "u", "--k", "0"])
    assert result.exit_code == 2 and "k must be" in result.stderr


def test_keys_create_list_revoke_locally(local: list[str]) -> None:
    token = memdb(*local, "keys", "create", "--name", "bot", "--tenant", "acme").strip()
    assert token.startswith("mdb_")
    listed = memdb(*local, "keys", "list")
    assert "tenant=acme" in listed and token not in listed and "active" in listed
    key_id = re.search(r"^\s*(\d+)", listed).group(1)
    assert "revoked" in memdb(*local, "keys", "revoke", key_id)


def test_the_same_commands_against_a_server(live_server: dict, chat_file: Path) -> None:
    remote = ["--url", live_server["url"], "--api-key", live_server["tokens"]["a"]]
    memdb(*remote, "ingest", str(chat_file), "--user", "cli")
    assert "Biscuit" in memdb(*remote, "search", "dog", "--user", "cli", "--k", "1")
    assert "Lena (person)" in memdb(*remote, "entities", "--user", "cli")
    assert "Berlin" in memdb(*remote, "facts", "--user", "cli", "--current")
    assert "<graphml" in memdb(*remote, "graph", "export", "--user", "cli", "--format", "graphml")
    assert json.loads(memdb(*remote, "stats", "--json", "--user", "cli"))["episodes"] == 3
    admin = ["--url", live_server["url"], "--api-key", live_server["tokens"]["admin"]]
    token = memdb(*admin, "keys", "create", "--name", "remote-bot", "--tenant", "cli-co").strip()
    assert "tenant=cli-co" in memdb(*admin, "keys", "list", "--tenant", "cli-co")
    assert json.loads(memdb("--url", live_server["url"], "--api-key", token, "stats", "--json"))["users"] == 0
    result = runner.invoke(app, [*remote, "keys", "list"])
    assert result.exit_code == 2 and "admin key" in result.stderr


def _commands(group, prefix: str = "memdb") -> list[str]:
    out = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        out += _commands(command, path) if hasattr(command, "commands") else [path]
    return out


def test_every_command_is_documented_in_help_and_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    commands = _commands(get_command(app))
    assert len(commands) >= 12
    missing = [c for c in commands if c not in readme]
    assert not missing, f"undocumented in README.md: {missing}"
    for command in commands:
        result = runner.invoke(app, [*command.split()[1:], "--help"])
        assert result.exit_code == 0 and len(result.stdout) > 100, command


def ready(url: str) -> str:
    """``url`` once its server answers /readyz (a busy machine may take a minute to start it)."""
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz").status_code == 200:
                return url
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"no server answered at {url} within 90 s")


def test_serve_starts_a_server_that_answers(tmp_path: Path) -> None:
    import httpx

    data = tmp_path / "served"
    token = memdb("--data", str(data), "--embedder", "hashing", "keys", "create", "--name", "bot", "--tenant",
                  "t").strip()
    with Serve(data, worker_env(MEMDB_MAX_K="7")) as server:
        r = httpx.post(server.url + "/v1/search", json={"user_id": "u", "query": "q", "k": 8},
                       headers={"X-API-Key": token})
        assert r.status_code == 422 and r.json()["error"]["details"] == {"limit": 7}  # from MEMDB_MAX_K


def test_the_store_settings_come_from_the_environment(local: list[str], chat_file: Path) -> None:
    """MEMDB_* reach the store of every command (memdb serve's index checkpoints too), as documented."""
    result = runner.invoke(app, [*local, "ingest", str(chat_file), "--user", "u1"], env={"MEMDB_MAX_CONTENT_CHARS": "10"})
    assert result.exit_code == 2 and "the limit is 10" in result.stderr, result.output
    assert re.search(r"episodes +0\n", memdb(*local, "stats", "--user", "u1"))  # all or nothing


def test_an_unknown_entity_type_is_an_error_that_lists_the_known_ones(local: list[str], chat_file: Path,
                                                                      api: Any) -> None:
    memdb(*local, "ingest", str(chat_file), "--user", "u1")
    assert "Lena (person)" in memdb(*local, "entities", "--user", "u1", "--type", "person")
    result = runner.invoke(app, [*local, "entities", "--user", "u1", "--type", "people"])
    assert result.exit_code == 2 and "unknown entity type 'people'" in result.stderr
    assert "known types: assistant, concept, event, organization, person, place, product" in result.stderr
    with pytest.raises(InvalidInputError, match="known types"):
        api.db.entities(user_id="u1", type="people")
    r = api.client.get("/v1/entities", params={"user_id": "u1", "type": "people"}, headers=api.headers("a"))
    assert r.status_code == 422 and "known types" in r.json()["error"]["message"]


def test_only_commands_that_embed_load_the_model(tmp_path: Path) -> None:
    """Listing entities or facts needs no model: importing torch and loading it cost 6-20 s a call."""
    import subprocess
    import sys

    from memdb import HashingEmbedder, MemoryDB
    from memdb.embed.sentence import DEFAULT_MODEL_NAME

    stand_in = HashingEmbedder(384)  # a folder as the default model makes it, filled without loading it
    stand_in.name = DEFAULT_MODEL_NAME
    with MemoryDB(tmp_path / "data", embedder=stand_in) as db:
        db.add(TURNS, user_id="u1")
    script = """if True:
        import sys
        from typer.testing import CliRunner
        from memdb.cli import app
        for args in (["entities", "--user", "u1"], ["facts", "--user", "u1", "--entity", "Lena"], ["stats"],
                     ["graph", "export", "--user", "u1"], ["keys", "list"]):
            result = CliRunner().invoke(app, ["--data", sys.argv[1], *args])
            assert result.exit_code == 0, result.output
        print(sorted(m for m in ("torch", "sentence_transformers") if m in sys.modules))
    """
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data")], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_serve_demo_puts_the_demo_where_the_inspector_shows_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    import httpx

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "memdb", "--data", str(tmp_path / "d"), "--embedder", "hashing",
                                "serve", "--demo", "--port", str(port)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=Path(__file__).parent.parent)
    try:
        assert process.stdout is not None
        said = [process.stdout.readline() for _ in range(2)]
        assert f"Open http://127.0.0.1:{port}/ui/ and sign in" in said[0], said
        token = said[1].strip()
        url = ready(f"http://127.0.0.1:{port}")
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(url + "/v1/users", headers=headers).json() == {"users": ["maya"]}
        found = httpx.get(url + "/v1/entities", params={"user_id": "maya", "type": "assistant"}, headers=headers)
        assert [e["name"] for e in found.json()["entities"]] == ["Assistant"]
    finally:
        process.terminate()
        process.wait(10)
