"""The held-out time-aware set ("set B"): never tuned on; written apart from bench/temporal.py.

Simulated users talk with an assistant over ~15 months about themselves, a sibling and a
friend, whose homes, jobs, partners, pets, diets, courses and hobbies change — at once, by plans
that take effect later, by ends ("I quit"), or not at all (plans called off) — in several
phrasings each, with pronouns and nicknames as subjects, negations, and an assistant that
repeats old values; between real chat (LoCoMo turns, names replaced). See heldout_world.py.

The conversation is replayed as a chatbot lives it: each session is added (turns with their
``timestamp`` only), then the questions asked before the next session are searched with
``now`` = when asked; as-of questions are asked at the end with ``as_of``. Kinds:

  now       "Where does Kate live these days?"               now = when asked
  past      "What was my job in spring 2023?"                now = the end
  as_of     "Where does Kate work?"                          as_of = a past moment
  relative  "What did I tell you last week about chess?"     now = when asked
  plan      "Where do I live now?" after a move was announced for a later date: asked before it
            takes effect (the old home), after it (the new one) and after a plan called off

A question is found at k when any of its evidence turns (each states the answer) is in the top k.
For questions about the present, "superseded above current" counts those where a visible turn
stating an earlier value outranks every evidence turn.

    python bench/temporal_heldout.py [--users 12] [--seed 2024] [--out bench/results/temporal_heldout.json]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (RESULTS, WORK, DenseIndex, Fts5Index, environment, first_rank, model_embedder, recall_at,
                          table, show_and_save)
from bench.heldout_questions import KINDS, ask
from bench.heldout_world import Question, Turn, World, build_world, load_filler, locomo_path

KS = (1, 5, 10)
DEPTH = max(KS)
SYSTEMS = ("default", "dense", "fts5")
PRESENT = ("now", "plan", "as_of")  # kinds about what holds at the moment asked


def generate(users: int, seed: int, filler: Path | None = None, *, sessions: int | None = None,
             ) -> tuple[list[World], list[Question]]:
    """The worlds and their questions; user i is the same whatever ``users`` is. ``sessions``
    cuts every conversation short (smoke tests)."""
    pairs = load_filler(filler or locomo_path())
    worlds = [build_world(i, seed, pairs, sessions) for i in range(users)]
    return worlds, [q for w in worlds for q in ask(w, seed)]


# ------------------------------------------------------------------ systems
class MemdbSystem:
    """memdb called as its README says: turns with their timestamp; search with ``now``, or
    ``as_of`` for as-of questions; nothing else."""

    def __init__(self, folder: Path, embedder: Any, name: str = "default") -> None:
        from memdb import MemoryDB

        self.name = name
        self.db = MemoryDB(folder, embedder=embedder)

    def add(self, world: World, session: str, turns: Sequence[Turn]) -> None:
        messages = []
        for t in turns:
            message = {"role": t.role, "content": t.text, "id": t.id, "timestamp": t.at.isoformat()}
            if t.speaker:
                message["name"] = t.speaker
            messages.append(message)
        self.db.add(messages, user_id=world.uid, session_id=session)

    def search(self, q: Question, k: int) -> list[str]:
        if q.as_of is not None:
            hits = self.db.search(q.text, user_id=q.user, k=k, as_of=q.as_of.isoformat())
        else:
            hits = self.db.search(q.text, user_id=q.user, k=k, now=q.now.isoformat() if q.now else None)
        return [h.episode.id for h in hits]

    def close(self) -> None:
        self.db.close()


class IndexSystem:
    """A plain baseline (dense or FTS5) over "speaker: text", one index per user, seeing only
    the turns said by the question's moment."""

    def __init__(self, name: str, make: Callable[[], Any]) -> None:
        self.name = name
        self.make = make
        self.indexes: dict[str, Any] = {}
        self.said: dict[str, Any] = {}

    def add(self, world: World, session: str, turns: Sequence[Turn]) -> None:
        index = self.indexes.setdefault(world.uid, self.make())
        index.add([t.id for t in turns], [t.embed_text for t in turns])
        self.said.update((t.id, t.at) for t in turns)

    def search(self, q: Question, k: int) -> list[str]:
        index = self.indexes[q.user]
        ranked = index.search(q.text, len(self.said))
        return [i for i in ranked if self.said[i] <= q.moment][:k]

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ replay and scoring
def replay(worlds: Sequence[World], questions: Sequence[Question], systems: Sequence[Any],
           say: Callable[[str], None] = print) -> dict[str, dict[str, list[str]]]:
    """Each user's sessions added in order, every question searched at its moment: rankings
    per system per question id."""
    ranked: dict[str, dict[str, list[str]]] = {s.name: {} for s in systems}
    by_user: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_user[q.user].append(q)
    for w in worlds:
        started = time.perf_counter()
        sessions: dict[str, list[Turn]] = defaultdict(list)
        for t in w.turns:
            sessions[t.session].append(t)
        live = sorted((q for q in by_user[w.uid] if q.as_of is None), key=lambda q: q.moment)
        names = list(sessions)
        for i, name in enumerate(names):
            for s in systems:
                s.add(w, name, sessions[name])
            nxt = sessions[names[i + 1]][0].at if i + 1 < len(names) else None
            while live and (nxt is None or live[0].moment < nxt):
                q = live.pop(0)
                for s in systems:
                    ranked[s.name][q.id] = s.search(q, DEPTH)
        for q in by_user[w.uid]:
            if q.as_of is not None:
                for s in systems:
                    ranked[s.name][q.id] = s.search(q, DEPTH)
        say(f"  {w.uid}: {len(w.turns)} turns, {len(by_user[w.uid])} questions "
            f"({time.perf_counter() - started:.1f} s)")
    return ranked


def score(questions: Sequence[Question], ranked: dict[str, list[str]]) -> dict[str, Any]:
    """recall@k (any evidence turn in the top k) per kind, per attribute, per way of naming the
    person, and overall; superseded-above-current for questions about the present."""
    groups: dict[str, dict[str, list[dict[str, float]]]] = {"kind": defaultdict(list), "attribute": defaultdict(list),
                                                             "subject": defaultdict(list)}
    above: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # [above, asked, with an old value]
    for q in questions:
        r = ranked[q.id]
        found = {f"recall@{k}": 100.0 * (recall_at(r, set(q.evidence), k) > 0) for k in KS}
        for axis, key in (("kind", q.kind), ("kind", "overall"), ("attribute", q.attribute), ("subject", q.subject)):
            groups[axis][key].append(found)
        if q.kind in PRESENT and q.variant != "before":
            new, old = first_rank(r, q.evidence), first_rank(r, q.superseded)
            counts = above[q.kind]
            counts[0] += old is not None and (new is None or old < new)
            counts[1] += 1
            counts[2] += bool(q.superseded)
    out: dict[str, Any] = {}
    for axis, by in groups.items():
        out["metrics" if axis == "kind" else f"by_{axis}"] = {
            key: {m: sum(x[m] for x in rows) / len(rows) for m in rows[0]} | {"n": len(rows)}
            for key, rows in sorted(by.items())}
    out["superseded_above_current"] = {
        kind: {"percent_of_questions": 100.0 * a / n if n else 0.0, "percent_of_questions_with_old_value":
               100.0 * a / c if c else 0.0, "above": a, "questions": n, "with_old_value": c}
        for kind, (a, n, c) in above.items()}
    return out


def report(systems: dict[str, Any]) -> str:
    ok = {n: r for n, r in systems.items() if "metrics" in r}
    cols = [*KINDS, "overall"]
    parts = []
    for k in KS[:2]:
        rows = [[n, *(r["metrics"].get(c, {}).get(f"recall@{k}") for c in cols)] for n, r in ok.items()]
        parts.append(f"recall@{k} (%)\n" + table(["system", *cols], rows))
    rows = [[n, *(r["superseded_above_current"].get(c, {}).get("percent_of_questions") for c in PRESENT)]
            for n, r in ok.items()]
    parts.append("superseded statement ranked above the current one (% of questions; plan: after it took effect)\n"
                 + table(["system", *PRESENT], rows))
    return "\n\n".join(parts)


def run(users: int, seed: int, names: Sequence[str] = SYSTEMS, *, work: Path = WORK, embedder: Any = None,
        filler: Path | None = None, sessions: int | None = None, say: Callable[[str], None] = print,
        ) -> dict[str, Any]:
    started = time.perf_counter()
    worlds, questions = generate(users, seed, filler, sessions=sessions)
    per_kind = {k: sum(q.kind == k for q in questions) for k in KINDS}
    say(f"set B: {users} users, {sum(len(w.turns) for w in worlds)} turns, {len(questions)} questions {per_kind}")
    embedder = embedder or model_embedder()
    folder = work / "temporal_heldout" / f"run-{seed}-{users}"
    shutil.rmtree(folder, ignore_errors=True)
    systems: list[Any] = []
    results: dict[str, Any] = {}
    try:
        for n in names:
            if n == "dense":
                systems.append(IndexSystem(n, lambda: DenseIndex(embedder)))
            elif n == "fts5":
                systems.append(IndexSystem(n, Fts5Index))
            elif n == "default":
                systems.append(MemdbSystem(folder / "memdb", embedder))
            else:
                raise SystemExit(f"unknown system {n!r}; known: {', '.join(SYSTEMS)}")
        ranked = replay(worlds, questions, systems, say=say)
        for n in names:
            results[n] = score(questions, ranked[n])
    finally:
        for s in systems:
            s.close()
        if hasattr(embedder, "save"):
            embedder.save()
        shutil.rmtree(folder, ignore_errors=True)
    records = [{"id": q.id, "kind": q.kind, "variant": q.variant, "attribute": q.attribute, "subject": q.subject,
                "question": q.text, "answer": q.answer, "now": q.now, "as_of": q.as_of, "evidence": list(q.evidence),
                "superseded": list(q.superseded),
                "rank": {n: first_rank(ranked[n][q.id], q.evidence) for n in names},
                "superseded_rank": {n: first_rank(ranked[n][q.id], q.superseded) for n in names},
                "top5": ranked[names[0]][q.id][:5]} for q in questions]
    return {
        "benchmark": "temporal_heldout", "set": "B (held out: never tuned on)", "users": users, "seed": seed,
        "sessions_cap": sessions,
        "turns": sum(len(w.turns) for w in worlds), "questions": len(questions), "questions_per_kind": per_kind,
        "ks": list(KS), "systems": results, "seconds": time.perf_counter() - started,
        "environment": environment(), "question_records": records,
        "notes": {
            "calls": "memdb: add(turns with id, role, name (user side), content, timestamp), session by session; "
                     "search(question, user_id, k=10, now=asked) or search(..., as_of=T) for as_of questions",
            "baselines": "dense: MiniLM + faiss.IndexFlatIP over 'speaker: text'; fts5: SQLite FTS5 (porter), "
                         "words OR-ed; both see only the turns said by the question's moment",
            "metric": "recall@k: the share of questions with any evidence turn in the top k (each states the answer)",
            "superseded": "a visible turn stating an earlier value (or a plan called off) ranks above every "
                          "evidence turn, in the top 10; plan questions asked before the change are left out",
            "top5": f"top 5 of {names[0]}",
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=12, help="simulated users (default 12; 2 for a quick run)")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--sessions", type=int, default=None, help="cut every conversation to N sessions (quick runs)")
    p.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from {','.join(SYSTEMS)}")
    p.add_argument("--filler", type=Path, default=None, help="LoCoMo file for filler turns (default: locomo_dev5.json)")
    p.add_argument("--out", type=Path, default=RESULTS / "temporal_heldout.json", help="JSON results ('-' for none)")
    p.add_argument("--work", type=Path, default=WORK, help="cache folder (embeddings, the run's store)")
    args = p.parse_args(argv)
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    result = run(args.users, args.seed, names, work=args.work, filler=args.filler, sessions=args.sessions)
    show_and_save(f"{report(result['systems'])}\n\n{result['questions']} questions, {result['turns']} turns, "
                  f"{result['seconds']:.0f} s", result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
