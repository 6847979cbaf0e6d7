"""Why, on set B, a superseded statement outranks the current one for a "now" question — in
counts only, so the held-out set stays unread: no question, turn or answer is printed.

Each such question is put in one class, by attribute:
- "new value unread": memory holds no fact, current or ended, whose object is the answer;
- "new value ended": memory read it but ended it by the question's moment;
- "old value still holds": memory holds the answer, and a fact the superseded turn states still holds;
- "ranking": memory holds the answer and nothing the superseded turn states does — then the mean
  of each signal's contribution, superseded turn minus current turn, says what lifted it.
Facts are the whole history up to the question's moment (ended ones too). Also counted, as label
names only: what memory read from the current turns when the value is unread, what the superseded
turn states (still holding, or in ranking cases), and the sign of each turn's fact signal.

    HF_HUB_OFFLINE=1 PYTHONPATH=. python bench/temporal_heldout_why.py
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import timezone
from typing import Any

from bench import temporal_heldout as th
from bench.common import WORK, environment, model_embedder, table

# The fact labels that hold each attribute's value
LABELS = {"job": ("works_at", "works_as"), "home": ("lives_in", "moving_to"), "partner": ("partner_of",),
          "hobby": ("habit", "likes", "plays", "hobby"), "pet": ("has_pet",), "school": ("studies_at",), "diet": ("diet",)}


def _same(a: str, b: str) -> bool:
    key = lambda s: "".join(ch for ch in s.lower() if ch.isalnum())  # noqa: E731 - a one-line key
    return key(a) == key(b) or key(b) in key(a)


def _aware(t: Any) -> Any:
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


class Why(th.MemdbSystem):
    """memdb as set B calls it, classifying each "now" question whose superseded turn ranks first."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.classes: Counter[tuple[str, str]] = Counter()
        self.lift: dict[str, list[float]] = defaultdict(list)
        # (class, labels): the labels memory read from the current turns (value unread), or the
        # superseded turn's label still holding — names of labels only
        self.labels: Counter[tuple[str, str]] = Counter()
        self.fact_signs: Counter[tuple[str, str]] = Counter()  # ranking cases: fact signal of superseded, current
        self.said: dict[str, Any] = {}  # turn id → when it was said
        self.users: set[str] = set()  # the names users speak by

    def add(self, world: Any, session: str, turns: Sequence[Any]) -> None:
        super().add(world, session, turns)
        self.said.update((t.id, _aware(t.at)) for t in turns)
        self.users.update(t.speaker for t in turns if t.role == "user" and t.speaker)

    def search(self, q: Any, k: int) -> list[str]:
        if q.as_of is not None or q.kind != "now" or not q.superseded:
            return super().search(q, k)
        hits = self.db.search(q.text, user_id=q.user, k=k, now=q.now.isoformat() if q.now else None)
        ids = [h.episode.id for h in hits]
        current, superseded = th.first_rank(ids, q.evidence), th.first_rank(ids, q.superseded)
        if superseded is not None and (current is None or superseded < current):
            self._classify(q, hits, ids[superseded - 1], hits[current - 1] if current else None, hits[superseded - 1])
        return ids

    def _holder(self, q: Any, answer: Sequence[Any]) -> str:
        """Who holds the new value when it is not the one whose old value still holds: the user, someone memory
        knew before the current turn, or a name memory first met there (a nickname or a name not linked)."""
        first_told = min(self.said[t] for t in q.evidence if t in self.said)
        kinds = set()
        for fact in answer:
            entity = self.db.entity(fact.subject, user_id=q.user)
            who = ("the user" if entity.name in self.users else
                   "a name first met there" if _aware(entity.first_seen) >= first_told else "someone known before")
            # read from the current turns (given to the wrong one), or only from others (the value is theirs too)
            kinds.add(f"{who}, {'from the current turn' if set(fact.episode_ids) & set(q.evidence) else 'from other turns'}")
        return "another subject: " + ", ".join(sorted(kinds))

    def _classify(self, q: Any, hits: Sequence[Any], old_turn: str, cur: Any, old: Any) -> None:
        now = q.now if q.now.tzinfo else q.now.replace(tzinfo=timezone.utc)
        # the whole history up to the question's moment, ended facts too (``as_of`` would list only those holding)
        every = [f for f in self.db.facts(user_id=q.user) if f.valid_at is None or _aware(f.valid_at) <= now]
        facts = [f for f in every if f.label in LABELS[q.attribute]]
        holds = lambda f: f.invalid_at is None or _aware(f.invalid_at) > now  # noqa: E731
        answer = [f for f in facts if _same(f.object, q.answer)]
        if not answer:
            kind = "new value unread"
            read = sorted({f.label for f in every if set(f.episode_ids) & set(q.evidence) and f.label != "related_to"})
            self.labels[(kind, f"{', '.join(read) or '(nothing)'} [subject: {q.subject}]")] += 1
        elif not any(holds(f) for f in answer):
            kind = "new value ended"
        elif any(holds(f) and old_turn in f.episode_ids and not _same(f.object, q.answer) for f in facts):
            kind = "old value still holds"
            still = [f for f in facts if holds(f) and old_turn in f.episode_ids and not _same(f.object, q.answer)]
            # whether memory holds the new value for the one whose old value still holds, or for someone else
            whose = "same subject" if {f.subject for f in answer} & {f.subject for f in still} else self._holder(q, answer)
            self.labels[(kind, f"{', '.join(sorted({f.label for f in still}))} [subject: {q.subject}; new value held by "
                               f"{whose}]")] += 1
        else:
            kind = "ranking"
            if cur is not None:
                for signal in set(old.scores) | set(cur.scores):
                    self.lift[signal].append(old.scores.get(signal, 0.0) - cur.scores.get(signal, 0.0))
            told = sorted({f"{f.label}{'' if holds(f) else ' (ended)'}" for f in every if old_turn in f.episode_ids
                           and f.label != "related_to"})
            self.labels[("ranking: superseded turn states", ", ".join(told) or "(nothing)")] += 1
            sign = lambda v: "-" if v < 0 else "0" if v == 0 else "+"  # noqa: E731
            current_sign = sign(cur.signals.get("fact", 0.0)) if cur else "absent"
            self.fact_signs[(sign(old.signals.get("fact", 0.0)), current_sign)] += 1
        self.classes[(q.attribute, kind)] += 1


def main() -> int:
    worlds, questions = th.generate(12, 2024)
    folder = WORK / "temporal_heldout" / "why"
    shutil.rmtree(folder, ignore_errors=True)
    why = Why(folder / "memdb", model_embedder())
    try:
        th.replay(worlds, questions, [why], say=lambda *_: None)
    finally:
        why.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"# Set B: why a superseded statement ranks first on a 'now' question (code {environment()['git_commit']})\n")
    kinds = ("new value unread", "new value ended", "old value still holds", "ranking")
    attributes = sorted({a for a, _ in why.classes})
    print(table(["attribute", *kinds], [[a, *(str(why.classes[(a, k)]) for k in kinds)] for a in attributes]))
    print(f"\nsuperseded first on {sum(why.classes.values())} 'now' questions")
    if why.labels:
        print("\nlabels memory read from the current turns (value unread), or still holding from the superseded one:")
        print(table(["class", "labels", "questions"], [[k, l, str(n)] for (k, l), n in sorted(why.labels.items())]))
    if why.fact_signs:
        print("\nranking cases, the fact signal's sign (superseded turn, current turn):")
        rows = [[a, b, str(n)] for (a, b), n in sorted(why.fact_signs.items())]
        print(table(["superseded", "current", "questions"], rows))
    if why.lift:
        print("\nranking cases, mean contribution superseded minus current:")
        print(table(["signal", "mean", "n"], [[s, f"{sum(v) / len(v):+.3f}", str(len(v))]
                                             for s, v in sorted(why.lift.items(), key=lambda kv: -sum(kv[1]))]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
