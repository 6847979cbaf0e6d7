"""Retrieval quality on LoCoMo (Maharana et al., ACL 2024), scored as the paper's Table 3 does.

Each conversation is ingested into its own fresh store: every turn is an episode (id = its
dia_id, name = its speaker, event time = its session's date-time; an image turn keeps its
caption as text). For every question the systems retrieve the top 50 turns once, with ``now``
at the end of the conversation, and are scored on that list: recall@k = fraction of the
question's evidence turns in the top k, averaged over questions, per category and overall;
NDCG@10 (binary relevance) and MRR (over the top 50).

    python bench/locomo.py [PATH] [--limit-conversations N] [--recipes default,dense,...]
                           [--out bench/results/locomo.json] [--db-url postgresql+psycopg://…]

With ``--db-url`` (a PostgreSQL server the URL's user may create databases on) each conversation
is ingested afresh into a database of its own there, ``<database>_<conversation>``, as each has a
folder of its own on SQLite: BM25's statistics are a conversation's in both.

Systems: ``dense`` (FAISS flat over "speaker: text", the same MiniLM), ``fts5`` (plain SQLite
FTS5 BM25, words OR-ed), any memdb recipe by name (``default``, ``lexical`` = memdb's BM25,
``semantic``, ``rrf`` …) and the ablations ``no-graph``, ``no-recency``, ``no-parse``
(default with weights={"graph": 0}, weights={"recency": 0}, parse_time=False).

Ingested stores are cached under bench/.work keyed by the data file's hash and the hash of
memdb's write path (everything but memdb/retrieve), so re-runs only search.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    REPO,
    RESULTS,
    WORK,
    DenseIndex,
    Fts5Index,
    code_fingerprint,
    environment,
    fresh_database,
    model_embedder,
    ndcg_at,
    recall_at,
    reciprocal_rank,
    sha256_file,
    table,
    write_json,
)

DEFAULT_DATA = REPO.parent / "shared" / "data" / "locomo" / "locomo_dev5.json"
KS = (1, 5, 10, 25, 50)
DEPTH = max(KS)
CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}
COLUMNS = ["single-hop", "multi-hop", "temporal", "open-domain", "adversarial", "overall"]

#: The paper's Table 3, DRAGON over date-prefixed turns, all ten conversations (reference only:
#: another retriever, and our default data file holds five of the ten conversations).
DRAGON = {
    5: {"single-hop": 68.0, "multi-hop": 35.4, "temporal": 70.4, "open-domain": 33.1, "adversarial": 43.9, "overall": 56.7},
    10: {"single-hop": 77.7, "multi-hop": 46.6, "temporal": 77.3, "open-domain": 40.8, "adversarial": 54.7, "overall": 66.2},
    25: {"single-hop": 87.1, "multi-hop": 62.5, "temporal": 83.5, "open-domain": 52.6, "adversarial": 66.3, "overall": 76.7},
    50: {"single-hop": 91.1, "multi-hop": 73.0, "temporal": 89.6, "open-domain": 61.7, "adversarial": 72.5, "overall": 82.7},
}

#: memdb source that decides what an ingested store holds; retrieval code is left out so tuning
#: it never forces a re-ingest.
WRITE_PATH = [str(p.relative_to(REPO)) for p in sorted((REPO / "memdb").iterdir())
              if p.name not in ("retrieve", "__pycache__", "data")]

BASELINES = ("dense", "fts5")
ABLATIONS = {
    "no-graph": {"weights": {"graph": 0.0}},
    "no-recency": {"weights": {"recency": 0.0}},
    "no-parse": {"parse_time": False},
}
DEFAULT_SYSTEMS = ("dense", "fts5", "lexical", "default", "no-graph", "no-recency", "no-parse")


# ------------------------------------------------------------------ data
@dataclass(frozen=True)
class Turn:
    id: str
    speaker: str
    text: str
    session: str
    occurred_at: datetime

    @property
    def embed_text(self) -> str:
        return f"{self.speaker}: {self.text}"


@dataclass(frozen=True)
class Conversation:
    id: str
    speakers: tuple[str, str]
    turns: tuple[Turn, ...]

    @property
    def end(self) -> datetime:
        return max(t.occurred_at for t in self.turns)


@dataclass(frozen=True)
class Question:
    conversation: str
    text: str
    category: int
    evidence: tuple[str, ...]
    now: datetime
    index: int = 0

    @property
    def category_name(self) -> str:
        return CATEGORIES.get(self.category, f"category-{self.category}")


@dataclass
class Skipped:
    """What the loader could not use, reported beside the results."""
    evidence_repaired: list[str] = field(default_factory=list)
    evidence_dropped: list[str] = field(default_factory=list)
    questions_without_evidence: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"evidence_repaired": len(self.evidence_repaired), "evidence_dropped": len(self.evidence_dropped),
                "questions_skipped": self.questions_without_evidence,
                "repaired": self.evidence_repaired, "dropped": self.evidence_dropped}


def parse_session_time(text: str) -> datetime:
    """LoCoMo's "1:56 pm on 8 May, 2023" (naive times taken as UTC)."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    for fmt in ("%I:%M %p on %d %B, %Y", "%I:%M %p on %d %b, %Y", "%I:%M %p on %B %d, %Y"):
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    from memdb.temporal import parse_timestamp

    return parse_timestamp(cleaned, field="session date_time")


def turn_text(turn: Mapping[str, Any]) -> str:
    text = str(turn.get("text") or "").strip()
    caption = str(turn.get("blip_caption") or "").strip()
    if caption:
        text = f"{text} [shares {caption}]" if text else f"[shares {caption}]"
    return text


_EVIDENCE = re.compile(r"D:?(\d+):0*(\d+)")


def repair_evidence(raw: Any, known: set[str], skipped: Skipped) -> list[str]:
    """'D8:6; D9:17', 'D8:6 D9:17', 'D:11:26', 'D30:05' → valid ids; ids naming no turn are dropped."""
    out: list[str] = []
    for piece in re.split(r"[;,\s]+", str(raw).strip()):
        if not piece:
            continue
        m = _EVIDENCE.fullmatch(piece)
        fixed = f"D{int(m[1])}:{int(m[2])}" if m else None
        if fixed is None or fixed not in known:
            skipped.evidence_dropped.append(piece)
            continue
        if fixed != raw:
            skipped.evidence_repaired.append(f"{raw} -> {fixed}")
        out.append(fixed)
    return out


def load_locomo(path: str | Path, *, limit: int | None = None, max_turns: int | None = None,
                ) -> tuple[list[Conversation], list[Question], Skipped]:
    """Conversations and questions of a file in LoCoMo's format. ``max_turns`` truncates each
    conversation (questions whose evidence falls outside are skipped: for smoke tests)."""
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    conversations: list[Conversation] = []
    questions: list[Question] = []
    skipped = Skipped()
    for n, item in enumerate(data[:limit] if limit else data):
        conv = item["conversation"]
        cid = str(item.get("sample_id") or f"conv-{n}")
        numbers = sorted(int(m[1]) for key in conv if (m := re.fullmatch(r"session_(\d+)", key)))
        turns: list[Turn] = []
        for i in numbers:
            if not conv.get(f"session_{i}"):
                continue
            when = parse_session_time(conv[f"session_{i}_date_time"])
            for t in conv[f"session_{i}"]:
                text = turn_text(t)
                if text:
                    turns.append(Turn(id=str(t["dia_id"]).strip(), speaker=str(t["speaker"]).strip(), text=text,
                                      session=f"session_{i}", occurred_at=when))
        if max_turns is not None:
            turns = turns[:max_turns]
        c = Conversation(id=cid, speakers=(conv["speaker_a"], conv["speaker_b"]), turns=tuple(turns))
        conversations.append(c)
        known = {t.id for t in turns}
        for j, qa in enumerate(item.get("qa", [])):
            if max_turns is not None:  # truncated: keep only questions fully answerable
                evidence = [e for raw in qa.get("evidence", []) for e in repair_evidence(raw, known, Skipped())]
                if not evidence or len(evidence) < len(qa.get("evidence", [])):
                    continue
            else:
                evidence = [e for raw in qa.get("evidence", []) for e in repair_evidence(raw, known, skipped)]
            evidence = list(dict.fromkeys(evidence))
            if not evidence:
                skipped.questions_without_evidence += 1
                continue
            questions.append(Question(conversation=cid, text=str(qa["question"]), category=int(qa["category"]),
                                      evidence=tuple(evidence), now=c.end, index=j))
    return conversations, questions, skipped


# ------------------------------------------------------------------ systems
class Retriever(Protocol):
    name: str

    def retrieve(self, question: Question, k: int) -> list[str]:
        """Ids of the top k turns for the question, best first."""


class MemdbRetriever:
    """A memdb recipe over one store per conversation (user_id = the conversation's id)."""

    def __init__(self, dbs: Mapping[str, Any], recipe: Any = None, name: str = "default") -> None:
        self.dbs = dbs
        self.recipe = recipe  # None: what MemoryDB.search does by default
        self.name = name

    def retrieve(self, question: Question, k: int) -> list[str]:
        db = self.dbs[question.conversation]
        hits = db.search(question.text, user_id=question.conversation, k=k, now=question.now, recipe=self.recipe)
        return [h.episode.id for h in hits]


class IndexRetriever:
    """A baseline index (DenseIndex, Fts5Index) per conversation."""

    def __init__(self, name: str, indexes: Mapping[str, Any]) -> None:
        self.name = name
        self.indexes = indexes

    def retrieve(self, question: Question, k: int) -> list[str]:
        return self.indexes[question.conversation].search(question.text, k)


class _AnyDb(dict):
    def __init__(self, db: Any) -> None:
        super().__init__()
        self.db = db

    def __missing__(self, key: str) -> Any:
        return self.db


def as_retriever(system: Any) -> Retriever:
    """A Retriever from a MemoryDB (holding every conversation, user_id = conversation id), a
    mapping conversation id → MemoryDB, a Retriever, or a function (question, k) → ids."""
    from memdb import MemoryDB

    if isinstance(system, MemoryDB):
        return MemdbRetriever(_AnyDb(system))
    if isinstance(system, Mapping):
        return MemdbRetriever(system)
    if hasattr(system, "retrieve"):
        return system
    if callable(system):
        fn: Callable[[Question, int], list[str]] = system
        wrapper = type("FunctionRetriever", (), {"name": getattr(fn, "__name__", "function"),
                                                  "retrieve": staticmethod(fn)})
        return wrapper()
    raise TypeError(f"cannot evaluate {type(system).__name__}: give a MemoryDB, a mapping or a retriever")


def evaluate(db_or_retriever: Any, questions: Sequence[Question], *, depth: int = DEPTH,
             details: bool = False) -> dict[str, Any]:
    """Score one system: recall@k for k in KS, NDCG@10 and MRR — per category and overall, in
    percent. With ``details``, also each question's rank of its first evidence turn."""
    system = as_retriever(db_or_retriever)
    per: dict[str, list[dict[str, float]]] = defaultdict(list)
    records = []
    latencies = []
    for q in questions:
        started = time.perf_counter()
        ranked = list(dict.fromkeys(system.retrieve(q, depth)))[:depth]
        latencies.append(time.perf_counter() - started)
        relevant = set(q.evidence)
        scores = {f"recall@{k}": recall_at(ranked, relevant, k) for k in KS}
        scores["ndcg@10"] = ndcg_at(ranked, relevant, 10)
        scores["mrr"] = reciprocal_rank(ranked, relevant)
        per[q.category_name].append(scores)
        per["overall"].append(scores)
        if details:
            first = next((i + 1 for i, x in enumerate(ranked) if x in relevant), None)
            records.append({"conversation": q.conversation, "index": q.index, "category": q.category_name,
                            "question": q.text, "evidence": list(q.evidence), "first_rank": first,
                            "top5": ranked[:5]})
    out: dict[str, Any] = {"n": {c: len(v) for c, v in per.items()}, "metrics": {}}
    for column, rows in per.items():
        out["metrics"][column] = {m: 100.0 * sum(r[m] for r in rows) / len(rows) for m in rows[0]}
    out["seconds_per_question"] = sum(latencies) / len(latencies) if latencies else 0.0
    if details:
        out["questions"] = records
    return out


# ------------------------------------------------------------------ stores
def postgres_database(server_url: str, conversation: str) -> str:
    """The URL of a new, empty database for ``conversation`` on the server of ``server_url``
    (dropped first if it exists)."""
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    return fresh_database(url, re.sub(r"[^a-z0-9_]+", "_", f"{url.database or 'memdb'}_{conversation}".lower())[:63])


def ingest(db: Any, conversation: Conversation) -> None:
    by_session: dict[str, list[Turn]] = defaultdict(list)
    for t in conversation.turns:
        by_session[t.session].append(t)
    for session, turns in by_session.items():
        db.add([{"role": "user", "name": t.speaker, "content": t.text, "id": t.id,
                 "timestamp": t.occurred_at} for t in turns],
               user_id=conversation.id, session_id=session)


def open_store(conversation: Conversation, folder: Path, embedder: Any, *, fresh: bool = False,
               db_url: str | None = None) -> tuple[Any, float]:
    """The conversation's store, ingested once (on PostgreSQL, at every run): (MemoryDB, seconds
    spent ingesting now)."""
    from memdb import MemdbError, MemoryDB

    if db_url is not None:
        started = time.perf_counter()
        db = MemoryDB(url=postgres_database(db_url, conversation.id), embedder=embedder)
        ingest(db, conversation)
        return db, time.perf_counter() - started
    done = folder / "INGESTED"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if done.exists():
        try:
            db = MemoryDB(folder, embedder=embedder)
            if db.stats(user_id=conversation.id)["episodes"] == len(conversation.turns):
                return db, 0.0
            db.close()
        except MemdbError:
            pass
        shutil.rmtree(folder)
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    db = MemoryDB(folder, embedder=embedder)
    ingest(db, conversation)
    seconds = time.perf_counter() - started
    done.write_text(f"{len(conversation.turns)} turns in {seconds:.1f} s\n")
    return db, seconds


def build_systems(names: Sequence[str], conversations: Sequence[Conversation], embedder: Any, *,
                  store_root: Path, fresh: bool = False, say: Callable[[str], None] = print,
                  opened: list[Any] | None = None, db_url: str | None = None,
                  ) -> tuple[dict[str, Retriever], dict[str, Any]]:
    """The named systems over these conversations; MemoryDBs it opens are appended to ``opened``."""
    from memdb import RECIPES

    unknown = [n for n in names if n not in BASELINES and n not in ABLATIONS and n not in RECIPES]
    if unknown:
        raise SystemExit(f"unknown system(s) {unknown}; known: {[*BASELINES, *RECIPES, *ABLATIONS]}")
    systems: dict[str, Retriever] = {}
    info: dict[str, Any] = {"ingest_seconds": 0.0, "turns": sum(len(c.turns) for c in conversations)}
    opened = [] if opened is None else opened
    if any(n not in BASELINES for n in names):
        dbs = {}
        for c in conversations:
            db, seconds = open_store(c, store_root / c.id, embedder, fresh=fresh, db_url=db_url)
            opened.append(db)
            dbs[c.id] = db
            info["ingest_seconds"] += seconds
            say(f"  {c.id}: {len(c.turns)} turns " + (f"ingested in {seconds:.1f} s" if seconds else "(cached store)"))
        for n in names:
            if n in RECIPES:
                systems[n] = MemdbRetriever(dbs, None if n == "default" else RECIPES[n], n)
            elif n in ABLATIONS:
                systems[n] = MemdbRetriever(dbs, RECIPES["default"].with_overrides(**ABLATIONS[n]), n)
    for n in names:
        if n in BASELINES:
            indexes = {}
            for c in conversations:
                index = DenseIndex(embedder) if n == "dense" else Fts5Index()
                index.add([t.id for t in c.turns], [t.embed_text for t in c.turns])
                indexes[c.id] = index
            systems[n] = IndexRetriever(n, indexes)
    return {n: systems[n] for n in names}, info


# ------------------------------------------------------------------ report
def report(results: Mapping[str, Any], *, dragon: bool = True) -> str:
    parts = []
    results = {n: r for n, r in results.items() if "metrics" in r}
    for k in KS:
        rows = [[name, *(r["metrics"].get(c, {}).get(f"recall@{k}") for c in COLUMNS)] for name, r in results.items()]
        if dragon and k in DRAGON:
            rows.append(["DRAGON (paper, 10 conv.)", *(DRAGON[k][c] for c in COLUMNS)])
        parts.append(f"recall@{k} (%)\n" + table(["system", *COLUMNS], rows))
    for metric in ("ndcg@10", "mrr"):
        rows = [[name, *(r["metrics"].get(c, {}).get(metric) for c in COLUMNS)] for name, r in results.items()]
        parts.append(f"{metric.upper()} (%)\n" + table(["system", *COLUMNS], rows))
    return "\n\n".join(parts)


def run(path: Path, names: Sequence[str], *, limit: int | None = None, max_turns: int | None = None,
        fresh: bool = False, cache: bool = True, work: Path = WORK, details: bool = False,
        embedder: Any = None, say: Callable[[str], None] = print, db_url: str | None = None) -> dict[str, Any]:
    conversations, questions, skipped = load_locomo(path, limit=limit, max_turns=max_turns)
    say(f"{path}: {len(conversations)} conversations, {sum(len(c.turns) for c in conversations)} turns, "
        f"{len(questions)} questions ({len(skipped.evidence_repaired)} evidence ids repaired, "
        f"{len(skipped.evidence_dropped)} dropped, {skipped.questions_without_evidence} questions skipped)")
    embedder = embedder or model_embedder(cache=cache)
    key = f"{sha256_file(path)}-{code_fingerprint(WRITE_PATH)}" + (f"-t{max_turns}" if max_turns else "")
    store_root = work / "locomo" / key
    opened: list[Any] = []
    try:
        systems, info = build_systems(names, conversations, embedder, store_root=store_root,
                                      fresh=fresh, say=say, opened=opened, db_url=db_url)
        results: dict[str, Any] = {}
        for name, system in systems.items():
            started = time.perf_counter()
            try:
                results[name] = evaluate(system, questions, details=details)
            except Exception as exc:  # noqa: BLE001 - memdb is edited while benchmarks run: report, go on
                results[name] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
                say(f"  {name}: FAILED {results[name]['error'][:300]}")
                continue
            say(f"  {name}: recall@5 {results[name]['metrics']['overall']['recall@5']:.1f}  "
                f"recall@10 {results[name]['metrics']['overall']['recall@10']:.1f}  "
                f"({time.perf_counter() - started:.0f} s)")
    finally:
        if hasattr(embedder, "save"):
            embedder.save()
        for db in opened:
            db.close()
    return {
        "benchmark": "locomo", "data": str(path), "data_sha256": sha256_file(path),
        "conversations": [c.id for c in conversations], "turns": info["turns"], "questions": len(questions),
        "questions_per_category": next((r["n"] for r in results.values() if "n" in r), {}),
        "skipped": skipped.as_dict(), "ingest_seconds": info["ingest_seconds"],
        "ks": list(KS), "dragon_reference": {str(k): v for k, v in DRAGON.items()},
        "systems": results, "environment": environment(),
        "database": "sqlite" if db_url is None else "postgresql",
        "notes": {
            "dense": "faiss.IndexFlatIP over the same MiniLM embeddings of 'speaker: text'; question embedded as is",
            "fts5": "plain SQLite FTS5 (porter) over 'speaker: text', question words OR-ed, ranked by bm25()",
            "lexical": "memdb's BM25-only recipe (FTS5 inside memdb)",
            "no-graph": "default with weights={'graph': 0}", "no-recency": "default with weights={'recency': 0}",
            "no-parse": "default with parse_time=False",
            "metrics": "one top-50 list per question; recall@k = evidence turns in top k / evidence turns; "
                       "NDCG@10 binary; MRR over the top 50; percent",
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA, help="a file in LoCoMo's format")
    p.add_argument("--limit-conversations", type=int, default=None, metavar="N")
    p.add_argument("--max-turns", type=int, default=None, help="truncate each conversation (smoke tests)")
    p.add_argument("--recipes", default=",".join(DEFAULT_SYSTEMS),
                   help=f"comma-separated systems (default: {','.join(DEFAULT_SYSTEMS)})")
    p.add_argument("--out", type=Path, default=RESULTS / "locomo.json", help="JSON results ('-' for none)")
    p.add_argument("--details", action="store_true", help="add each question's first evidence rank to the JSON")
    p.add_argument("--fresh", action="store_true", help="re-ingest even if a cached store exists")
    p.add_argument("--no-cache", action="store_true", help="do not use the embedding cache")
    p.add_argument("--work", type=Path, default=WORK, help="cache folder (stores, embeddings)")
    p.add_argument("--db-url", default=None, help="ingest into PostgreSQL: a database per conversation on this "
                   "server (see above)")
    args = p.parse_args(argv)
    names = [n.strip() for n in args.recipes.split(",") if n.strip()]
    result = run(args.path, names, limit=args.limit_conversations, max_turns=args.max_turns, fresh=args.fresh,
                 cache=not args.no_cache, work=args.work, details=args.details, db_url=args.db_url)
    print()
    print(report(result["systems"]))
    s = result["skipped"]
    print(f"\n{result['questions']} questions; evidence ids repaired {s['evidence_repaired']}, dropped "
          f"{s['evidence_dropped']} ({', '.join(s['dropped']) or 'none'}); questions skipped {s['questions_skipped']}")
    if str(args.out) != "-":
        write_json(args.out, result)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
