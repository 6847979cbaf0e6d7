"""Every name ``entities()`` lists is found by ``entity()`` — in the library, over HTTP (as the
README writes the route, ``GET /v1/entities/{name or id}``), through the client and the CLI —
over many generated names with the punctuation real names carry ("Crumb & Co", "O'Brien's",
"AT&T", "Dr. Who", "C/O Studio", "7-Eleven")."""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from memdb import HashingEmbedder, MemoryDB, NotFoundError
from memdb.cli import app
from memdb.extract import NO_CONTEXT, Context, EntityMention, Extraction
from memdb.extract.aliases import alias_keys
from memdb.knowledge import GRAPH_TYPES
from tests.conftest import Api

PIECES = ["Crumb", "&", "Co", "Co.", "O'Brien's", "AT&T", "Dr.", "The", "the", "St.", "C/O", "7-Eleven", "Café",
          "Zoë", "Müller", "Bob's", "Smiths'", "groups", "Mel", "Melanie", "Jr.", "#1", "100%", "+", "(UK)", "a",
          "Ann-Marie", "l'Olivier", "São", "Paulo", "..", "?", "Straße", "Ltd", "’s", "Berlin", "Yoga", "studio",
          "310", "2024", "Q&A", "e.g."]
TYPES = sorted(GRAPH_TYPES)


def generated_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, type) pairs: one to four pieces, sometimes with a random word of letters and marks."""
    out = []
    for _ in range(count):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1),
                         "".join(rng.choice("abcdefghijklmnopqrstuvwxyzÄé'&.-") for _ in range(rng.randint(1, 7))))
        out.append((" ".join(parts), rng.choice(TYPES)))
    return out


class NamesExtractor:
    """An extractor (the seam any extractor plugs into) for which a turn's content is one
    entity's name: it stores exactly the generated names, whatever the rules would make of them."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        self.types = dict(names)

    def extract(self, text: str, *, speaker: str | None, occurred_at: datetime,
                context: Context = NO_CONTEXT) -> Extraction:
        return Extraction(entities=(EntityMention(text, text, self.types.get(text, "organization"), 0, len(text)),), facts=())


def store_names(memory: Any, names: list[tuple[str, str]], user: str = "u1") -> None:
    turns = [{"role": "user", "content": name, "timestamp": f"2024-01-{1 + i % 28:02d}T10:00:00"}
             for i, (name, _) in enumerate(dict(names).items())]
    memory.add(turns, user_id=user, session_id="s1")


def assert_every_listed_name_is_found(memory: Any, user: str = "u1") -> int:
    listed = memory.entities(user_id=user, limit=100_000)
    assert listed
    for e in listed:
        for name in {e.name, *e.aliases}:
            assert memory.entity(name, user_id=user).id == e.id, (name, e.name)
        assert memory.entity(e.id, user_id=user).name == e.name
    return len(listed)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_every_listed_name_is_found_by_entity(rng: random.Random) -> None:
    names = generated_names(rng, 30)
    with tempfile.TemporaryDirectory() as folder, \
            MemoryDB(folder, embedder=HashingEmbedder(), extractor=NamesExtractor(names)) as db:
        store_names(db, names)
        assert_every_listed_name_is_found(db)


def test_crumb_and_co_from_the_rule_extractor(db: MemoryDB) -> None:
    db.add([{"role": "user", "name": "Maya", "content": "I got a job at Crumb & Co, the bakery on Elm Street.",
             "timestamp": "2024-01-02T10:00:00"}], user_id="u1")
    assert "Crumb & Co" in {e.name for e in db.entities(user_id="u1")}
    assert db.entity("Crumb & Co", user_id="u1").name == "Crumb & Co"
    assert db.entity("Crumb and Co", user_id="u1").name == "Crumb & Co"
    assert_every_listed_name_is_found(db)


@pytest.mark.model
def test_every_entity_of_the_demo_is_found_by_its_names(demo_db: MemoryDB, demo_data: dict) -> None:
    assert assert_every_listed_name_is_found(demo_db, demo_data["user_id"]) > 50


@pytest.fixture(scope="module")
def names() -> list[tuple[str, str]]:
    return generated_names(random.Random(18), 120)


@pytest.fixture
def named_db(tmp_path: Path, names: list[tuple[str, str]]) -> Iterator[MemoryDB]:
    with MemoryDB(tmp_path / "db", embedder=HashingEmbedder(), extractor=NamesExtractor(names)) as db:
        yield db


@pytest.fixture
def named_api(named_db: MemoryDB, names: list[tuple[str, str]]) -> Iterator[Api]:
    from fastapi.testclient import TestClient

    from server import ServerSettings, create_app

    with TestClient(create_app(named_db, ServerSettings())) as client:
        api = Api(named_db, client)
        store_names(api.memory("a"), names)
        yield api


def test_every_listed_name_through_the_client(named_api: Api) -> None:
    assert assert_every_listed_name_is_found(named_api.memory("a")) > 60


def test_every_listed_name_and_id_over_http_as_the_readme_writes_the_route(named_api: Api) -> None:
    listed = named_api.client.get("/v1/entities", params={"user_id": "u1"}, headers=named_api.headers("a")).json()
    def get(ref: str, **params: object) -> dict:
        r = named_api.client.get(f"/v1/entities/{quote(ref, safe='')}", params={"user_id": "u1", **params},
                                 headers=named_api.headers("a"))
        assert r.status_code == 200, (ref, r.text)
        return r.json()

    for e in listed["entities"]:
        assert get(e["name"])["id"] == e["id"], e["name"]
        assert get(str(e["id"]), by_id="true")["id"] == e["id"]
        found = get(str(e["id"]))  # the id, unless an entity answers to that number ("#1 the" to "1")
        assert found["id"] == e["id"] or str(e["id"]) in {k for a in found["aliases"] for k in alias_keys(a, "person")}


def test_a_number_is_a_name_first_then_an_id(named_db: MemoryDB) -> None:
    named_db.add([{"role": "user", "content": "310"}, {"role": "user", "content": "Crumb & Co"}], user_id="u2")
    ids = {e.name: e.id for e in named_db.entities(user_id="u2")}
    assert named_db.entity("310", user_id="u2").id == ids["310"]  # an entity named 310
    assert named_db.entity(str(ids["Crumb & Co"]), user_id="u2").name == "Crumb & Co"  # else an id
    with pytest.raises(NotFoundError):
        named_db.entity("999999", user_id="u2")
    with pytest.raises(NotFoundError):  # another user's id is not found
        named_db.entity(str(ids["Crumb & Co"]), user_id="u1")


def test_every_listed_name_in_the_cli(tmp_path: Path, names: list[tuple[str, str]]) -> None:
    data = tmp_path / "data"
    with MemoryDB(data, embedder=HashingEmbedder(), extractor=NamesExtractor(names)) as db:
        store_names(db, names)
    runner = CliRunner()
    local = ["--data", str(data), "--embedder", "hashing"]
    listed = json.loads(runner.invoke(app, [*local, "entities", "--user", "u1", "--limit", "1000", "--json"]).stdout)
    assert len(listed["entities"]) > 60
    for e in listed["entities"]:
        result = runner.invoke(app, [*local, "graph", "export", "--user", "u1", "--center", e["name"], "--depth", "0"])
        assert result.exit_code == 0, (e["name"], result.output)
        assert [n["name"] for n in json.loads(result.stdout)["nodes"]] == [e["name"]]
