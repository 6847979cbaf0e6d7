"""Time as users call memdb: an imported history (turns with only their ``timestamp``) reads as
of any moment of the conversation, ``now`` decides what is current, and ``recorded_before`` is
the separate audit view of what memdb had stored. No test here passes ``recorded_at``: users
cannot, and a benchmark that did once hid that as-of returned nothing on imported histories."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from datetime import UTC, datetime, timedelta, timezone

from memdb import HashingEmbedder, InvalidInputError, MemoryDB
from memdb.temporal import TimeView, fact_holds, fact_visible
from tests.conftest import Api, Clock, turn
from tests.test_knowledge import SCRIPT, Scripted

ROOT = Path(__file__).resolve().parents[1]
PLUS2 = timezone(timedelta(hours=2))
HISTORY = [  # said in 2023, imported today
    turn("I live in Paris.", id="paris", ts="2023-01-10T10:00:00"),
    turn("I moved to Berlin.", id="berlin", ts="2023-06-01T10:00:00"),
]


@pytest.fixture
def memory(tmp_path: Path) -> MemoryDB:
    script = {**SCRIPT, "Berlin again, I live in Berlin.": ["Ann|lives_in|Berlin"]}
    with MemoryDB(tmp_path, embedder=HashingEmbedder(), extractor=Scripted(script)) as db:
        yield db


def homes(db: MemoryDB, **kw) -> list[tuple[str, str | None]]:
    return [(f.object, f.invalid_at and f.invalid_at.date().isoformat())
            for f in db.facts(user_id="u", entity="Ann", label="lives_in", **kw)]


def test_as_of_reads_an_imported_history_as_it_stood_then(memory: MemoryDB) -> None:
    memory.add(HISTORY, user_id="u")
    # Before the move was said, Paris held and nothing said it would end.
    assert homes(memory, as_of="2023-03-01") == [("Paris", None)]
    assert homes(memory, as_of="2023-07-01") == [("Berlin", None)]
    assert homes(memory, as_of="2022-12-31") == []
    assert [e.id for e in memory.timeline(user_id="u", as_of="2023-03-01")] == ["paris"]
    assert [h.episode.id for h in memory.search("Paris Berlin", user_id="u", k=5, as_of="2023-03-01")] == ["paris"]
    assert {e.name for e in memory.entities(user_id="u", as_of="2023-03-01")} == {"Ann", "Paris"}
    ann = memory.entity("Ann", user_id="u", as_of="2023-03-01")
    assert [(f.object, f.invalid_at, f.end_stated_at) for f in ann.facts] == [("Paris", None, None)]
    graph = memory.graph(user_id="u", as_of="2023-03-01")
    assert sorted(graph.nodes[n]["name"] for n in graph) == ["Ann", "Paris"]
    assert [d["invalid_at"] for _, _, d in graph.edges(data=True)] == [None]


def test_the_whole_history_keeps_each_time(memory: MemoryDB) -> None:
    memory.add(HISTORY, user_id="u")
    paris, berlin = memory.facts(user_id="u", entity="Ann", label="lives_in")
    assert (paris.object, paris.stated_at.isoformat(), paris.end_stated_at.isoformat()) == (
        "Paris", "2023-01-10T10:00:00+00:00", "2023-06-01T10:00:00+00:00")
    assert berlin.stated_at.isoformat() == "2023-06-01T10:00:00+00:00" and berlin.is_current
    assert paris.recorded_at > paris.end_stated_at  # stored today: system time is memdb's own


def test_now_decides_what_is_current_whenever_rows_were_stored(memory: MemoryDB) -> None:
    memory.add(HISTORY, user_id="u")
    assert homes(memory, current_only=True) == [("Berlin", None)]
    assert homes(memory, current_only=True, now="2023-09-21") == [("Berlin", None)]
    assert homes(memory, current_only=True, now="2023-03-01") == [("Paris", "2023-06-01")]
    # The ended home's statement counts against it in a search about now, however late it was stored.
    hits = memory.search("Where does Ann live now?", user_id="u", k=2, now="2023-09-21")
    assert [h.episode.id for h in hits] == ["berlin", "paris"]
    assert hits[1].signals["fact"] < 0 < hits[0].signals["fact"]


def test_a_restatement_said_earlier_moves_when_the_fact_was_stated(memory: MemoryDB) -> None:
    memory.add(HISTORY, user_id="u")
    memory.add([turn("Berlin again, I live in Berlin.", id="early", ts="2023-04-01T10:00:00")], user_id="u")
    berlin = memory.facts(user_id="u", entity="Ann", label="lives_in")[-1]
    assert berlin.stated_at.isoformat() == "2023-04-01T10:00:00+00:00"
    paris = memory.facts(user_id="u", entity="Ann", label="lives_in")[0]
    assert paris.end_stated_at.isoformat() == "2023-04-01T10:00:00+00:00"
    memory.delete_episode("early", user_id="u")  # known again only from the move
    paris, berlin = memory.facts(user_id="u", entity="Ann", label="lives_in")
    assert berlin.stated_at.isoformat() == paris.end_stated_at.isoformat() == "2023-06-01T10:00:00+00:00"
    assert homes(memory, as_of="2023-05-01") == [("Paris", None)]


def test_recorded_before_is_the_audit_view_of_what_memdb_had_stored(memory: MemoryDB, clock: Clock) -> None:
    from datetime import datetime, timezone

    clock.now = datetime(2025, 3, 1, tzinfo=timezone.utc)
    memory.add(HISTORY[:1], user_id="u")
    clock.now = datetime(2025, 4, 1, tzinfo=timezone.utc)
    memory.add(HISTORY[1:], user_id="u")
    audit = "2025-03-15"
    assert [e.id for e in memory.timeline(user_id="u", recorded_before=audit)] == ["paris"]
    assert [h.episode.id for h in memory.search("Berlin Paris", user_id="u", recorded_before=audit)] == ["paris"]
    assert homes(memory, recorded_before=audit) == [("Paris", None)]  # its end was stored later
    assert homes(memory) == [("Paris", "2023-06-01"), ("Berlin", None)]
    assert {e.name for e in memory.entities(user_id="u", recorded_before=audit)} == {"Ann", "Paris"}
    # Both views at once: the conversation as of July, in the database as it stood in March.
    assert homes(memory, as_of="2023-07-01", recorded_before=audit) == [("Paris", None)]


def test_recorded_at_cannot_be_set(memory: MemoryDB) -> None:
    with pytest.raises(InvalidInputError, match="recorded_at cannot be set.*timestamp"):
        memory.add([HISTORY[0] | {"recorded_at": "2023-01-10"}], user_id="u")
    assert memory.stats()["episodes"] == 0


def test_recorded_at_cannot_be_sent_over_http(api: Api) -> None:
    body = {"user_id": "u", "messages": [HISTORY[0] | {"recorded_at": "2023-01-10"}]}
    answer = api.client.post("/v1/episodes", json=body, headers=api.headers("a"))
    assert answer.status_code == 422 and "recorded_at cannot be set" in answer.text
    facts = api.client.get("/v1/facts", params={"user_id": "u", "as_of": "2023-03-01"}, headers=api.headers("a"))
    assert facts.status_code == 200 and facts.json() == {"facts": []}


def _adds_recorded_at(path: Path) -> list[int]:
    """Lines of ``path`` building a dict (or a keyword) with a ``recorded_at`` key."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            found += [k.lineno for k in node.keys if isinstance(k, ast.Constant) and k.value == "recorded_at"]
        elif isinstance(node, ast.Call):
            found += [node.lineno for k in node.keywords if k.arg == "recorded_at"]
    return found


@pytest.mark.parametrize("path", sorted([*(ROOT / "bench").glob("*.py"), ROOT / "memdb" / "demo.py",
                                         ROOT / "server" / "loadcheck.py"]), ids=lambda p: p.name)
def test_benchmarks_and_the_demo_call_memdb_as_users_do(path: Path) -> None:
    """Benchmarks measure the path users take: turns with their timestamp, never recorded_at."""
    assert _adds_recorded_at(path) == [], f"{path.name} passes recorded_at, which users cannot"


def test_the_readme_never_tells_users_to_pass_recorded_at() -> None:
    code = "\n".join(re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S))
    assert "recorded_at" not in code.replace("recorded_before", "")


@pytest.mark.model
def test_the_readme_library_example_returns_what_it_says(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Library\n+```python\n(.*?)```", readme, re.S)[1]
    folder = tmp_path / "memdb"
    exec(example.replace('"path/to/memdb"', repr(str(folder))), {"print": lambda *a: None})  # noqa: S102
    with MemoryDB(folder) as db:
        hits = db.search("When did Caroline go to the support group?", user_id="u1", k=5)
        assert hits[0].episode.id == "D1:3"
        then = db.facts(user_id="u1", entity="Caroline", as_of="2023-06-01")
        assert then and then == list(db.entity("Caroline", user_id="u1").facts)
        assert db.facts(user_id="u1", entity="Caroline", as_of="2023-05-01") == []
        assert [h.episode.id for h in db.search("support group", user_id="u1", as_of="2023-06-01")] == ["D1:3"]


def test_a_plan_with_a_date_takes_effect_then(tmp_path: Path) -> None:
    """"I'm moving to Edinburgh at the end of the month" ends the Manchester home when that day
    comes, not when it was said; a new job "on Monday" ends the old one on Monday."""
    with MemoryDB(tmp_path, embedder=HashingEmbedder()) as db:
        db.add([turn("I live in Manchester and I work at Crumb & Co.", id="home", ts="2024-10-01T09:00:00", name="Maya"),
                turn("I'm moving to Edinburgh at the end of the month.", id="plan", ts="2024-11-12T09:00:00",
                     name="Maya"),
                turn("I start at Lumen Labs on Monday.", id="job", ts="2024-11-13T09:00:00", name="Maya")],
               user_id="u")

        def now(label: str, at: str) -> list[str]:
            return [f.object for f in db.facts(user_id="u", entity="Maya", label=label, current_only=True, now=at)]

        assert now("lives_in", "2024-11-15") == ["Manchester"]
        assert now("lives_in", "2024-12-05") == ["Edinburgh"]
        assert now("works_at", "2024-11-15") == ["Crumb & Co"]
        assert now("works_at", "2024-11-19") == ["Lumen Labs"]
        # As the memory stood on the 15th: the move was planned (its end date known), not yet done.
        (manchester,) = [f for f in db.facts(user_id="u", entity="Maya", label="lives_in", as_of="2024-11-15")]
        assert manchester.object == "Manchester" and manchester.invalid_at.isoformat() == "2024-11-21T00:00:00+00:00"
        assert [f.object for f in db.facts(user_id="u", entity="Maya", label="lives_in", as_of="2024-12-05")] == [
            "Edinburgh"]


# ---------------------------------------------------------------- the rules, in Python and SQL


def j(day: int) -> datetime:
    return datetime(2024, 1, day, tzinfo=UTC)


# (valid_at, invalid_at, stated_at, end_stated_at, as_of, visible): knowledge time is when turns were said
VISIBLE = [
    (None, None, j(5), None, j(10), True),
    (None, None, j(11), None, j(10), False),  # stated later
    (j(12), None, j(5), None, j(10), False),  # not yet valid (a plan)
    (j(1), j(8), j(5), j(9), j(10), False),  # ended, and its end said by then
    (j(1), j(8), j(5), j(12), j(10), True),  # ended, but the conversation told it only later
    (j(1), j(8), j(5), None, j(10), False),  # ended, no record of when it was told
    (j(1), j(12), j(5), j(9), j(10), True),  # a planned end, after as_of
    (j(10), None, j(10), None, j(10), True),  # boundaries are inclusive
    (j(1), j(10), j(5), j(10), j(10), False),
    (None, None, j(11), None, None, True),  # no as_of: full history
    (None, None, j(5), None, datetime(2024, 1, 5, 1, tzinfo=PLUS2), False),  # 2024-01-04 23:00 UTC
]


def _stored_fact_visible(valid_at, invalid_at, stated_at, end_stated_at, as_of) -> bool:  # noqa: ANN001
    """The SQL form (``facts.fact_visibility``) on a real row."""
    from sqlalchemy import create_engine, insert, select

    from memdb.facts import fact_visibility
    from memdb.store.schema import Base, FactRow

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(insert(FactRow).values(
            seq=1, user_id="u", subject_seq=1, object_seq=2, label="lives_in", fact="", exclusive=True,
            valid_at=valid_at, invalid_at=invalid_at, stated_at=stated_at, end_stated_at=end_stated_at,
            recorded_at=j(28), expired_at=None))
        return c.execute(select(FactRow.seq).where(fact_visibility(as_of))).first() is not None


@pytest.mark.parametrize(("valid_at", "invalid_at", "stated_at", "end_stated_at", "as_of", "visible"), VISIBLE)
def test_fact_visible(
    valid_at: datetime | None, invalid_at: datetime | None, stated_at: datetime, end_stated_at: datetime | None,
    as_of: datetime | None, visible: bool,
) -> None:
    got = fact_visible(valid_at=valid_at, invalid_at=invalid_at, stated_at=stated_at, end_stated_at=end_stated_at,
                       as_of=as_of)
    assert got is visible
    assert _stored_fact_visible(valid_at, invalid_at, stated_at, end_stated_at, as_of) is visible


# (valid_at, invalid_at, end_stated_at, holds at j(10))
HOLDS = [
    (None, None, None, True),
    (j(12), None, None, False),  # begins later
    (j(1), j(8), j(8), False),
    (j(1), j(12), j(5), True),  # a planned end
    (j(1), j(8), j(11), True),  # ended by then, but told only later
    (j(1), j(10), j(10), False),
]


@pytest.mark.parametrize(("valid_at", "invalid_at", "end_stated_at", "holds"), HOLDS)
def test_fact_holds(valid_at: datetime | None, invalid_at: datetime | None, end_stated_at: datetime | None,
                    holds: bool) -> None:
    assert fact_holds(valid_at=valid_at, invalid_at=invalid_at, end_stated_at=end_stated_at, at=j(10)) is holds


# (as_of, recorded_before, invalid_at, end_stated_at, expired_at, the end is shown)
END_KNOWN = [
    (None, None, j(8), j(8), j(20), True),
    (None, None, None, None, None, False),  # no end
    (j(10), None, j(8), j(9), j(20), True),  # told by then; stored later does not matter to as_of
    (j(10), None, j(8), j(11), j(20), False),  # told after as_of
    (j(10), None, j(12), j(9), j(20), True),  # a planned end, told by then
    (None, j(21), j(8), j(8), j(20), True),
    (None, j(19), j(8), j(8), j(20), False),  # stored after recorded_before
    (j(10), j(19), j(8), j(9), j(20), False),  # both bound
]


@pytest.mark.parametrize(("as_of", "recorded_before", "invalid_at", "end_stated_at", "expired_at", "known"), END_KNOWN)
def test_time_view_shows_only_ends_known_in_it(
    as_of: datetime | None, recorded_before: datetime | None, invalid_at: datetime | None,
    end_stated_at: datetime | None, expired_at: datetime | None, known: bool,
) -> None:
    view = TimeView(as_of, recorded_before)
    assert view.end_known(invalid_at=invalid_at, end_stated_at=end_stated_at, expired_at=expired_at) is known
