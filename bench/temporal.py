"""A time-aware retrieval suite: generated multi-session conversations whose facts change.

A seeded, deterministic generator writes, for each simulated user, ~24 chat sessions with an
assistant over ~2.5 years. Facts change along the way — the user moves house, changes jobs,
starts and ends relationships, changes favourite food — between small talk, trips to other
cities (distractors) and recurring hobby updates. Each question has one evidence turn: the
turn that states the answer valid at the time the question is about.

Question kinds:
  current    "Where does Maya live now?"                  now = end of the conversation
  past       "Where was I living in March 2022?"          now = end; answer valid then
  as_of      "Where do I live?" asked at a past moment    now = as_of = that moment
  relative   "What did I tell you about my running last week?" / "… in May 2023?" / "… yesterday?"
             asked at a past moment (now = as_of)

Every system sees only what was recorded by the question's moment (memdb: ``as_of``; the
baselines: the same filter on the turn's time), so the test is which of the visible
statements a system ranks first. Score: recall@1 and recall@5 of the evidence turn; for "current"
questions also how often a turn stating an earlier value ranks above it (in the top 10: "superseded
above current").

    python bench/temporal.py [--users 24] [--seed 7] [--recipes default,dense,lexical,fts5]
                             [--out bench/results/temporal.json]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    RESULTS,
    WORK,
    DenseIndex,
    Fts5Index,
    code_fingerprint,
    environment,
    first_rank,
    model_embedder,
    recall_at,
    table,
    show_and_save,
)

KINDS = ("current", "past", "as_of", "relative")

NAMES = ["Maya", "Priya", "Jonas", "Aiko", "Leon", "Sofia", "Mateo", "Chloe", "Omar", "Hanna", "Ravi", "Elena",
         "Tobias", "Nadia", "Felix", "Grace", "Ivan", "Lucia", "Kofi", "Mei", "Arjun", "Clara", "Diego", "Freya",
         "Hugo", "Ingrid", "Jamal", "Keiko", "Lars", "Noor", "Pablo", "Rosa"]
PARTNERS = ["Sam", "Alex", "Jordan", "Robin", "Casey", "Morgan", "Taylor", "Jamie", "Riley", "Quinn", "Avery",
            "Charlie", "Dana", "Elliot", "Frankie", "Harper"]
CITIES = ["Lisbon", "Denver", "Berlin", "Toronto", "Melbourne", "Austin", "Copenhagen", "Seattle", "Dublin",
          "Barcelona", "Portland", "Edinburgh", "Vancouver", "Amsterdam", "Chicago", "Osaka", "Munich", "Boston",
          "Vienna", "Montreal", "Prague", "Auckland", "Helsinki", "Nashville"]
JOBS = [("nurse", "St. Mary's Hospital"), ("software engineer", "a fintech startup"), ("teacher", "Lincoln High"),
        ("data analyst", "an insurance company"), ("graphic designer", "a small ad agency"),
        ("pharmacist", "the CityCare pharmacy"), ("architect", "Foster Studio"), ("chef", "a bistro downtown"),
        ("product manager", "a logistics firm"), ("accountant", "a big audit firm"), ("librarian", "the public library"),
        ("physiotherapist", "a sports clinic"), ("journalist", "the local newspaper"), ("electrician", "a building contractor")]
FOODS = ["ramen", "tacos", "sushi", "Thai curry", "pizza", "falafel", "pho", "dumplings", "lasagna", "paella",
         "burritos", "pad thai", "poke bowls", "shakshuka"]
HOBBIES: dict[str, list[str]] = {
    "running": ["I ran {n} km along the river this week, my legs are sore.", "Did a {n}k race on Saturday and finished in {m} minutes.",
                "My running is going well, I managed {n} km without stopping.", "I skipped running for a bit but did {n} km yesterday."],
    "piano": ["I've been practicing a {c} piece on the piano for {n} hours this week.", "My piano teacher gave me a {c} sonata to learn.",
              "I finally played the {c} prelude on the piano without mistakes."],
    "garden": ["The tomatoes in my garden are finally turning red, I picked {n} today.", "I planted {n} new rose bushes in the garden.",
               "Slugs ate half of my lettuce in the garden this week."],
    "climbing": ["At the climbing gym I finally sent a V{n} problem.", "I went climbing outdoors and did {n} routes.",
                 "Hurt my finger climbing, taking {n} days off the wall."],
    "baking": ["I baked {n} loaves of sourdough this weekend.", "Tried a {c} cake recipe, it came out a bit dry.",
               "My sourdough starter is {n} weeks old now and bubbling nicely."],
}
HOBBY_QUESTION = {"running": "my running", "piano": "the piano", "garden": "my garden", "climbing": "climbing",
                  "baking": "my baking"}
COMPOSERS = ["Chopin", "Bach", "Debussy", "Satie", "Mozart", "lemon", "chocolate", "carrot", "Schubert"]

MOVE_FIRST = ["I live in {city}, I've been here a few years now.", "Life in {city} is good, I like living here."]
MOVE = ["I just moved to {city}! Still unpacking boxes.", "Big news: I relocated to {city} last weekend.",
        "I'm living in {city} now, the new apartment is great.", "Finally settled into my new place in {city}."]
TRIP = ["I visited {city} for a long weekend, lovely city.", "Spent a few days in {city} for a conference.",
        "My cousin showed me around {city} last week, what a trip."]
JOB_FIRST = ["I work as a {role} at {org}.", "My job as a {role} at {org} keeps me busy."]
JOB = ["I started a new job as a {role} at {org} this week.", "I accepted an offer from {org}, I'm a {role} there now.",
       "First week as a {role} at {org} done, new colleagues are nice."]
DATE = ["I've been seeing someone new, {p}. We met at a friend's party.", "I started dating {p} a few weeks ago.",
        "{p} and I are officially a couple now!"]
BREAKUP = ["{p} and I broke up. It's been rough.", "I'm single again, things with {p} didn't work out."]
FOOD = ["My favorite food lately is {x}, I could eat it every day.", "I'm really into {x} these days, it's my go-to meal.",
        "Honestly {x} has become my favorite thing to eat."]
SMALL = ["Work has been pretty busy this week.", "The weather has been awful lately, so much rain.",
         "I watched a great documentary about octopuses last night.", "I'm a bit tired today, didn't sleep well.",
         "My neighbor's dog kept barking all night.", "I've been reading a mystery novel before bed.",
         "I need to renew my passport soon.", "We had a long team meeting that could have been an email.",
         "I finally cleaned out my closet.", "My sister called, she says hi."]
REPLIES = ["That sounds great!", "Thanks for telling me.", "How do you feel about that?", "Tell me more!",
           "That must have been a lot to handle.", "Nice, I'll remember that.", "Oh wow, good for you.",
           "I hope the rest of your week goes well."]

QUESTIONS = {
    ("lives", "current"): ["Where does {name} live now?", "Which city do I live in these days?", "Where am I living at the moment?"],
    ("lives", "past"): ["Where was {name} living in {month}?", "Which city did I live in back in {month}?"],
    ("lives", "as_of"): ["Where does {name} live?", "Which city am I living in?"],
    ("job", "current"): ["Where does {name} work now?", "What is my current job?"],
    ("job", "past"): ["What was {name}'s job in {month}?", "Where was I working in {month}?"],
    ("job", "as_of"): ["What does {name} do for work?", "Where do I work?"],
    ("partner", "current"): ["Who is {name} dating now?", "What's going on in my love life right now?"],
    ("partner", "past"): ["Who was {name} seeing in {month}?", "Was I in a relationship in {month}?"],
    ("partner", "as_of"): ["Is {name} seeing anyone?", "Who am I dating?"],
    ("food", "current"): ["What is {name}'s favorite food now?", "What do I like to eat most these days?"],
    ("food", "past"): ["What was {name}'s favorite food in {month}?", "What did I love eating back in {month}?"],
    ("food", "as_of"): ["What is {name}'s favorite food?", "What's my favorite dish?"],
}
RELATIVE = {"yesterday": "What did I tell you yesterday about {topic}?",
            "last week": "What did I say about {topic} last week?",
            "month": "What did I tell you about {topic} in {month}?"}


@dataclass(frozen=True)
class Turn:
    id: str
    user: str
    session: str
    role: str
    name: str | None
    text: str
    at: datetime

    @property
    def embed_text(self) -> str:
        return f"{self.name}: {self.text}" if self.name else self.text


@dataclass(frozen=True)
class Question:
    user: str
    text: str
    kind: str
    topic: str
    evidence: str
    now: datetime
    as_of: datetime | None
    superseded: tuple[str, ...] = ()  # turns that stated an earlier value (of a "current" question)


@dataclass
class Timeline:
    """One fact's history: (since, turn id) in time order."""
    changes: list[tuple[datetime, str]] = field(default_factory=list)

    def at(self, when: datetime) -> str | None:
        valid = [tid for since, tid in self.changes if since <= when]
        return valid[-1] if valid else None

    def quiet(self, when: datetime, days: int = 10) -> bool:
        """Not within ``days`` of a change (so "valid at" is unambiguous to any reading)."""
        return all(abs((when - since).days) > days for since, _ in self.changes)


def generate(users: int = 24, seed: int = 7, sessions: int = 24) -> tuple[list[Turn], list[Question]]:
    """Turns and questions, the same for the same (users, seed, sessions)."""
    rng = random.Random(seed)
    turns: list[Turn] = []
    questions: list[Question] = []
    for u in range(users):
        name = NAMES[u % len(NAMES)] + ("" if u < len(NAMES) else str(u))
        uid = f"user-{u:03d}"
        start = datetime(2021, 1, 4, tzinfo=UTC) + timedelta(days=rng.randrange(0, 200))
        dates = [start]
        for _ in range(sessions - 1):
            dates.append(dates[-1] + timedelta(days=rng.randrange(20, 50), hours=rng.randrange(-3, 4)))
        dates = [d.replace(hour=rng.choice([9, 12, 18, 20]), minute=rng.choice([0, 15, 30, 45])) for d in dates]
        # what happens in which session
        events: dict[int, list[tuple[str, str]]] = defaultdict(list)
        cities = rng.sample(CITIES, 6)
        home, trips = cities[:3], cities[3:]
        for i, s in enumerate([0, *sorted(rng.sample(range(3, sessions - 2), 2))]):
            events[s].append(("lives", rng.choice(MOVE_FIRST if i == 0 else MOVE).format(city=home[i])))
        jobs = rng.sample(JOBS, 3)
        for i, s in enumerate([1, *sorted(rng.sample(range(4, sessions - 2), 2))]):
            role, org = jobs[i]
            events[s].append(("job", rng.choice(JOB_FIRST if i == 0 else JOB).format(role=role, org=org)))
        partners = rng.sample(PARTNERS, 2)
        a, b, c = sorted(rng.sample(range(2, sessions - 2), 3))
        events[a].append(("partner", rng.choice(DATE).format(p=partners[0])))
        events[b].append(("partner", rng.choice(BREAKUP).format(p=partners[0])))
        events[c].append(("partner", rng.choice(DATE).format(p=partners[1])))
        foods = rng.sample(FOODS, 3)
        for i, s in enumerate([rng.randrange(0, 3), *sorted(rng.sample(range(5, sessions - 2), 2))]):
            events[s].append(("food", rng.choice(FOOD).format(x=foods[i])))
        for s in rng.sample(range(sessions), 3):
            events[s].append(("trip", rng.choice(TRIP).format(city=trips.pop())))
        hobbies = rng.sample(sorted(HOBBIES), 2)

        timelines: dict[str, Timeline] = defaultdict(Timeline)
        hobby_turns: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
        for s, when in enumerate(dates):
            sid = f"{uid}-s{s:02d}"
            lines: list[tuple[str, str]] = [("small", rng.choice(SMALL)) for _ in range(rng.randrange(2, 4))]
            lines += events.get(s, [])
            for h in hobbies:
                if rng.random() < 0.6:
                    lines.append((f"hobby:{h}", rng.choice(HOBBIES[h]).format(
                        n=rng.randrange(2, 21), m=rng.randrange(18, 60), c=rng.choice(COMPOSERS))))
            rng.shuffle(lines)
            lines.insert(0, ("small", rng.choice(["Hi again!", "Hey, it's me.", "Good morning!", "Hello there."])))
            t = when
            for j, (topic, text) in enumerate(lines):
                tid = f"{sid}-t{2 * j:02d}"
                turns.append(Turn(tid, uid, sid, "user", name, text, t))
                if topic in ("lives", "job", "partner", "food"):
                    timelines[topic].changes.append((t, tid))
                elif topic.startswith("hobby:"):
                    hobby_turns[topic[6:]].append((t, tid))
                t += timedelta(minutes=1)
                turns.append(Turn(f"{sid}-t{2 * j + 1:02d}", uid, sid, "assistant", None, rng.choice(REPLIES), t))
                t += timedelta(minutes=1)
        end = dates[-1] + timedelta(days=3)

        def pick(template_key: tuple[str, str], *, name: str = name, **kw: str) -> str:
            return rng.choice(QUESTIONS[template_key]).format(name=name, **kw)

        for topic, tl in timelines.items():
            current = tl.at(end)
            questions.append(Question(uid, pick((topic, "current")), "current", topic, current, end, None,
                                      tuple(tid for _, tid in tl.changes if tid != current)))
            for kind in ("past", "as_of"):
                for _ in range(50):  # a quiet moment after the first statement
                    moment = tl.changes[0][0] + timedelta(days=rng.randrange(15, max(16, (end - tl.changes[0][0]).days - 15)))
                    if tl.quiet(moment, 20):
                        break
                moment = moment.replace(hour=12, minute=0)
                answer = tl.at(moment)
                if kind == "past":
                    # "in March 2022": the whole month must be quiet
                    first = moment.replace(day=1)
                    last = (first + timedelta(days=32)).replace(day=1) - timedelta(seconds=1)
                    if tl.at(first) != tl.at(last):
                        continue
                    questions.append(Question(uid, pick((topic, "past"), month=f"{moment:%B %Y}"), kind, topic,
                                              answer, end, None))
                else:
                    questions.append(Question(uid, pick((topic, "as_of")), kind, topic, answer, moment, moment))
        for hobby, mentions in hobby_turns.items():
            topic = HOBBY_QUESTION[hobby]
            for when, tid in rng.sample(mentions, min(3, len(mentions))):
                others = [w for w, _ in mentions if w != when]
                style = rng.choice(list(RELATIVE))
                if style == "yesterday":
                    now = when + timedelta(days=1)
                elif style == "last week":  # previous calendar week and within the past 7 days
                    now = when + timedelta(days=7 - when.weekday())  # next Monday
                    now = now.replace(hour=10, minute=0)
                else:
                    if any((w.year, w.month) == (when.year, when.month) for w in others):
                        continue
                    now = end
                if style != "month" and any(when < w <= now for w in others):
                    continue
                text = RELATIVE[style].format(topic=topic, month=f"{when:%B %Y}")
                questions.append(Question(uid, text, "relative", hobby, tid, now, None if style == "month" else now))
    return turns, questions


# ------------------------------------------------------------------ systems
class Baseline:
    """A plain index per user that also filters by the turns' time (what any vector DB's
    metadata filter gives a developer)."""

    def __init__(self, make: Callable[[], Any], turns: Sequence[Turn]) -> None:
        self.indexes: dict[str, Any] = {}
        self.at: dict[str, datetime] = {t.id: t.at for t in turns}
        by_user: dict[str, list[Turn]] = defaultdict(list)
        for t in turns:
            by_user[t.user].append(t)
        for user, ts in by_user.items():
            index = make()
            index.add([t.id for t in ts], [t.embed_text for t in ts])
            self.indexes[user] = index
        self.sizes = {u: len(ts) for u, ts in by_user.items()}

    def retrieve(self, q: Question, k: int) -> list[str]:
        found = self.indexes[q.user].search(q.text, self.sizes[q.user])
        return [i for i in found if q.as_of is None or self.at[i] <= q.as_of][:k]


class Memdb:
    def __init__(self, db: Any, recipe: Any) -> None:
        self.db = db
        self.recipe = recipe

    def retrieve(self, q: Question, k: int) -> list[str]:
        hits = self.db.search(q.text, user_id=q.user, k=k, now=q.now, as_of=q.as_of, recipe=self.recipe)
        return [h.episode.id for h in hits]


def evaluate(system: Any, questions: Sequence[Question]) -> dict[str, Any]:
    per: dict[str, list[tuple[float, float]]] = defaultdict(list)
    above: list[bool] = []  # of "current" questions with an earlier value: did a turn stating it rank first?
    for q in questions:
        ranked = system.retrieve(q, 10)
        score = (recall_at(ranked, {q.evidence}, 1), recall_at(ranked, {q.evidence}, 5))
        per[q.kind].append(score)
        per[f"topic:{q.topic if q.kind != 'relative' else 'hobby'}"].append(score)
        per["overall"].append(score)
        if q.kind == "current":
            new, old = first_rank(ranked, [q.evidence]), first_rank(ranked, q.superseded)
            above.append(old is not None and (new is None or old < new))
    current = sum(q.kind == "current" for q in questions)
    return {"n": {c: len(v) for c, v in per.items()},
            "metrics": {c: {"recall@1": 100 * sum(a for a, _ in v) / len(v), "recall@5": 100 * sum(b for _, b in v) / len(v)}
                        for c, v in per.items()},
            "superseded_above_current": {"above": sum(above), "questions": current,
                                         "percent_of_questions": 100 * sum(above) / current if current else 0.0}}


def ingest(turns: Sequence[Turn], folder: Path, embedder: Any, *, say: Callable[[str], None]) -> tuple[Any, float]:
    from memdb import MemdbError, MemoryDB

    done = folder / "INGESTED"
    if done.exists():
        try:
            db = MemoryDB(folder, embedder=embedder)
            if db.stats()["episodes"] == len(turns):
                return db, 0.0
            db.close()
        except MemdbError:
            pass
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    db = MemoryDB(folder, embedder=embedder)
    by_session: dict[tuple[str, str], list[Turn]] = defaultdict(list)
    for t in turns:
        by_session[(t.user, t.session)].append(t)
    for (user, session), ts in by_session.items():
        db.add([{"role": t.role, "name": t.name, "content": t.text, "id": t.id, "timestamp": t.at}
                if t.name else {"role": t.role, "content": t.text, "id": t.id, "timestamp": t.at}
                for t in ts], user_id=user, session_id=session)
    seconds = time.perf_counter() - started
    done.write_text(f"{len(turns)} turns in {seconds:.1f} s\n")
    say(f"  ingested {len(turns)} turns in {seconds:.1f} s")
    return db, seconds


def run(*, users: int, seed: int, names: Sequence[str], work: Path = WORK, embedder: Any = None,
        say: Callable[[str], None] = print) -> dict[str, Any]:
    from memdb import RECIPES

    turns, questions = generate(users=users, seed=seed)
    kinds = defaultdict(int)
    for q in questions:
        kinds[q.kind] += 1
    say(f"generated {users} users, {len(turns)} turns, {len(questions)} questions {dict(kinds)}")
    embedder = embedder or model_embedder()
    results: dict[str, Any] = {}
    db = None
    try:
        if any(n not in ("dense", "fts5") for n in names):
            key = f"u{users}-s{seed}-{code_fingerprint(['memdb/' + p for p in ('ingest.py', 'knowledge.py', 'extract', 'store', 'db.py', 'text.py', 'temporal.py')])}"
            db, _ = ingest(turns, work / "temporal" / key, embedder, say=say)
        for n in names:
            started = time.perf_counter()
            if n == "dense":
                system: Any = Baseline(lambda: DenseIndex(embedder), turns)
            elif n == "fts5":
                system = Baseline(Fts5Index, turns)
            elif n in RECIPES:
                system = Memdb(db, None if n == "default" else RECIPES[n])
            else:
                raise SystemExit(f"unknown system {n!r}")
            try:
                results[n] = evaluate(system, questions)
            except Exception as exc:  # noqa: BLE001 - memdb changes under us: report and go on
                results[n] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
                say(f"  {n}: FAILED {results[n]['error'][:300]}")
                continue
            m = results[n]["metrics"]["overall"]
            say(f"  {n}: recall@1 {m['recall@1']:.1f}  recall@5 {m['recall@5']:.1f}  ({time.perf_counter() - started:.0f} s)")
    finally:
        if hasattr(embedder, "save"):
            embedder.save()
        if db is not None:
            db.close()
    return {"benchmark": "temporal", "users": users, "seed": seed, "turns": len(turns), "questions": len(questions),
            "questions_per_kind": dict(kinds), "systems": results, "environment": environment(),
            "notes": {"dense": "FAISS flat over 'speaker: text' (same MiniLM), then the as_of time filter",
                      "fts5": "plain SQLite FTS5 bm25, words OR-ed, then the as_of time filter",
                      "lexical": "memdb's BM25-only recipe", "default": "memdb default recipe with now and as_of"}}


def report(results: dict[str, Any]) -> str:
    ok = {n: r for n, r in results.items() if "metrics" in r}
    cols = [*KINDS, "overall"]
    parts = []
    for metric in ("recall@1", "recall@5"):
        rows = [[n, *(r["metrics"].get(c, {}).get(metric) for c in cols)] for n, r in ok.items()]
        parts.append(f"{metric} (%)\n" + table(["system", *cols], rows))
    rows = [[n, r["superseded_above_current"]["percent_of_questions"]] for n, r in ok.items() if "superseded_above_current" in r]
    parts.append("superseded statement ranked above the current one (% of 'current' questions)\n"
                 + table(["system", "current"], rows))
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=24)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--recipes", default="default,dense,lexical,fts5", help="comma-separated systems")
    p.add_argument("--out", type=Path, default=RESULTS / "temporal.json", help="JSON results ('-' for none)")
    p.add_argument("--work", type=Path, default=WORK)
    args = p.parse_args(argv)
    result = run(users=args.users, seed=args.seed, names=[n for n in args.recipes.split(",") if n], work=args.work)
    show_and_save(report(result["systems"]), result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
