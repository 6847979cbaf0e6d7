"""Questions of the held-out time-aware set, asked of a generated world (heldout_world.py).

Evidence is computed from the turns' claims: the turns said by the question's moment that state
the value true at the time asked about. ``superseded`` lists, for questions about the present,
the visible turns that state an earlier value (or a plan called off) and not the current one.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from bench.heldout_phrases import QUESTIONS, RELATIVE_NAMED, RELATIVE_SELF
from bench.heldout_world import ME, MENTIONS, MONTHS, POSITIVE, WEEKDAYS, Question, Track, World, slots, value_at

KINDS = ("now", "past", "as_of", "relative", "plan")
CAPS = {"now": 16, "past": 10, "as_of": 10, "relative": 8, "plan": 8}
#: a value may be "none" only where saying so is natural: single again, eating meat again
NONE_OK = ("partner", "diet")


# ------------------------------------------------------------------ evidence
def evidence(world: World, pid: str, attribute: str, value: str | None, until: datetime | None,
             roles: Iterable[str] = POSITIVE) -> tuple[str, ...]:
    roles = tuple(roles)
    return tuple(t.id for t in world.turns if (until is None or t.at <= until) and any(
        c[0] == pid and c[1] == attribute and c[2] == value and c[3] in roles for c in t.claims))


def superseded(world: World, pid: str, attribute: str, value: str | None, until: datetime) -> tuple[str, ...]:
    out = []
    for t in world.turns:
        if t.at > until:
            break
        mine = [c for c in t.claims if c[0] == pid and c[1] == attribute]
        if any(c[2] == value and c[3] in POSITIVE for c in mine):
            continue
        if any(c[2] != value and c[2] is not None and c[3] in ("holds", "plan", "echo") for c in mine):
            out.append(t.id)
    return tuple(out)


def knowable(track: Track, world: World, t: datetime) -> bool:
    """Every change in effect at ``t`` has been told by ``t`` (a move made on Saturday and told
    on Monday cannot be known on Sunday)."""
    return all(world.sessions[s.session] <= t for s in track.steps
               if s.how != "cancel" and s.effective is not None and s.effective <= t)


def askable(track: Track, world: World, t: datetime) -> bool:
    """A question about the track at ``t`` has one answer that the conversation told by then."""
    return (track.until is None or t < track.until) and not in_plan_window(track, world, t) and knowable(track, world, t)


def in_plan_window(track: Track, world: World, t: datetime) -> bool:
    for s in track.steps:
        if s.how in ("plan", "cancel"):
            last = s.session + (1 if s.how == "plan" else 2)
            if world.sessions[s.session] <= t <= world.sessions[min(last, len(world.sessions) - 1)]:
                return True
    return False


# ------------------------------------------------------------------ phrasing
class Asker:
    def __init__(self, world: World, seed: int) -> None:
        self.w = world
        self.rng = random.Random(f"{seed}:{world.uid}:questions")
        self.out: dict[str, list[Question]] = {k: [] for k in KINDS}
        ends = {}
        for t in world.turns:
            ends[t.session] = t.at
        self.session_ends = [ends[f"s{i + 1:02d}"] for i in range(len(world.sessions))]

    def gap_moments(self) -> list[datetime]:
        """One moment in each gap between sessions (a question asked before the next one), and the end."""
        out = []
        for i, end in enumerate(self.session_ends):
            nxt = self.w.sessions[i + 1] if i + 1 < len(self.w.sessions) else self.w.end + timedelta(hours=2)
            span = (nxt - end).total_seconds() - 7200
            out.append(end + timedelta(seconds=3600 + self.rng.random() * max(span, 0)))
        return out

    def name(self, pid: str) -> tuple[str, str]:
        """How a question names the person: (form, text)."""
        p = self.w.people[pid]
        if pid == ME:
            return ("self", "") if self.rng.random() < 0.5 else ("name", p.name)
        options = [("name", p.name), (f"relation", f"my {p.rel}" if p.rel != "friend" else f"my friend {p.name}")]
        if p.nick:
            options += [("nickname", p.nick)] * 2
        return self.rng.choice(options)

    def phrase(self, attribute: str, kind: str, pid: str, **slots_: str) -> tuple[str, str]:
        form, who = self.name(pid)
        options = QUESTIONS[(attribute, kind, "self" if form == "self" else "other")]
        have = {k for k, v in slots_.items() if v} | {"Q"}
        usable = [t for t in options if slots(t) <= have]
        text = self.rng.choice(usable).format(Q=who, **slots_)
        return text[0].upper() + text[1:], form

    def add(self, kind: str, track: Track, text_form: tuple[str, str], answer: str | None, ev: tuple[str, ...], *,
            now: datetime | None = None, as_of: datetime | None = None, sup: tuple[str, ...] = (),
            variant: str = "") -> None:
        if not ev:
            return
        self.out[kind].append(Question(
            id="", user=self.w.uid, kind=kind, text=text_form[0], evidence=ev, answer=answer or "none", now=now,
            as_of=as_of, superseded=sup, attribute=track.attribute, subject=text_form[1], variant=variant))

    def previous(self, track: Track, t: datetime) -> str | None:
        """The value before the last change in effect at ``t`` (for "still in {old}?")."""
        done = [s for s in track.steps if s.how != "cancel" and s.effective and s.effective <= t]
        return value_at(track, done[-1].effective - timedelta(seconds=1)) if done else None

    # -- kinds
    def now_questions(self) -> None:
        moments = self.gap_moments()
        for track in self.w.tracks:
            pid, attribute = track.person.pid, track.attribute
            told = [self.w.sessions[s.session] for s in track.steps if s.how != "cancel"]
            picks: list[datetime] = []
            for when in told:  # the first gap after a change is told, and a later one
                after = [m for m in moments if m > when]
                picks += after[:1] + ([self.rng.choice(after[1:])] if len(after) > 1 else [])
            picks += [moments[-1]] + ([self.rng.choice(moments[:6])] if not told else [])
            for t in dict.fromkeys(picks):
                value = value_at(track, t)
                if not askable(track, self.w, t) or value is None and attribute not in NONE_OK:
                    continue
                old = self.previous(track, t)
                text = self.phrase(attribute, "now", pid, old=old or "")
                self.add("now", track, text, value, evidence(self.w, pid, attribute, value, t), now=t,
                         sup=superseded(self.w, pid, attribute, value, t))

    def as_of_questions(self) -> None:
        moments = self.gap_moments()[:-1]
        for track in self.w.tracks:
            if not any(s.how != "cancel" for s in track.steps):
                continue
            fits = [m for m in moments if askable(track, self.w, m) and value_at(track, m) is not None]
            for t in self.rng.sample(fits, min(2, len(fits))):
                value = value_at(track, t)
                text = self.phrase(track.attribute, "as_of", track.person.pid)
                self.add("as_of", track, text, value, evidence(self.w, track.person.pid, track.attribute, value, t),
                         as_of=t, sup=superseded(self.w, track.person.pid, track.attribute, value, t))

    def past_questions(self) -> None:
        first, last = self.w.sessions[0], self.w.end
        for track in self.w.tracks:
            if not any(s.how != "cancel" for s in track.steps):
                continue
            for period in track.periods:
                if period.value is None:
                    continue
                lo = max(period.start or first, first) + timedelta(days=10)
                hi = min(period.end or last, track.until or last, last) - timedelta(days=10)
                options = [(a, b, p) for a, b, p in periods_between(lo, hi)]
                if not options:
                    continue
                _, _, said = self.rng.choice(options)
                text = self.phrase(track.attribute, "past", track.person.pid, period=said)
                self.add("past", track, text, period.value,
                         evidence(self.w, track.person.pid, track.attribute, period.value, None, MENTIONS), now=self.w.end)

    def plan_questions(self) -> None:
        s = self.w.sessions
        for track in self.w.tracks:
            pid, attribute = track.person.pid, track.attribute
            for step in track.steps:
                if step.how not in ("plan", "cancel") or step.effective is None:
                    continue
                i = step.session
                old = value_at(track, step.effective - timedelta(seconds=1))
                before_hi = min(step.effective, s[i + 1]) - timedelta(hours=1)
                t1 = self.between(self.session_ends[i] + timedelta(hours=1), before_hi)
                nxt = s[i + 1] if step.how == "plan" else s[i + 2]
                t2 = self.between(step.effective + timedelta(hours=6), nxt - timedelta(hours=1))
                for t, variant in ((t1, "before"), (t2, "after" if step.how == "plan" else "cancelled")):
                    if t is None or track.until is not None and t >= track.until:
                        continue
                    value = value_at(track, t)
                    prev = old if variant == "after" else value
                    text = self.phrase(attribute, "now", pid, old=prev or "")
                    self.add("plan", track, text, value, evidence(self.w, pid, attribute, value, t), now=t,
                             sup=superseded(self.w, pid, attribute, value, t) if variant != "before" else (),
                             variant=variant)

    def between(self, lo: datetime, hi: datetime) -> datetime | None:
        if hi <= lo:
            return None
        return lo + timedelta(seconds=self.rng.random() * (hi - lo).total_seconds())

    def relative_questions(self) -> None:
        w, turns = self.w, self.w.turns
        by_topic: dict[str, list] = {}
        for t in turns:
            for topic in t.topics:
                by_topic.setdefault(topic, []).append(t)
        for topic, said in by_topic.items():
            sessions = sorted({t.session for t in said})
            asked = 0
            for name in self.rng.sample(sessions, len(sessions)):
                if asked == 3:
                    break
                i = int(name[1:]) - 1
                start = w.sessions[i]
                nxt = w.sessions[i + 1] if i + 1 < len(w.sessions) else w.end + timedelta(days=30)
                ask = self.relative_moment(start, nxt, [w.sessions[int(x[1:]) - 1] for x in sessions if x != name])
                if ask is None:
                    continue
                t, phrase, window = ask
                ev = tuple(x.id for x in said if window[0] <= x.at < window[1])
                self.add("relative", _TopicTrack, self.relative_text(topic, phrase), "", ev, now=t, variant=phrase)
                asked += 1

    def relative_moment(self, start: datetime, nxt: datetime, others: list[datetime],
                        ) -> tuple[datetime, str, tuple[datetime, datetime]] | None:
        day = start.replace(hour=0, minute=0, second=0)
        options = [("yesterday", 1, 1), ("a few days ago", 2, 4), ("last week", 6, 10), ("two weeks ago", 13, 16),
                   (f"on {WEEKDAYS[start.weekday()]}", 2, 6)]
        self.rng.shuffle(options)
        for phrase, lo, hi in options:
            age = self.rng.randint(lo, hi)
            t = (day + timedelta(days=age)).replace(hour=self.rng.randint(9, 20))
            if t >= nxt - timedelta(hours=1) or t <= start + timedelta(hours=3):
                continue
            if any(lo - 2 <= (t - o).days <= hi + 3 for o in others):
                continue  # another session on the topic could be the one meant
            return t, phrase, (day, day + timedelta(days=1))
        # "last month": every turn on the topic in the previous calendar month
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1]) + timedelta(days=1)
        t = month_end + timedelta(days=self.rng.randint(1, 9), hours=self.rng.randint(9, 20))
        if t < nxt - timedelta(hours=1) and not any(month_end <= o < t or t - timedelta(days=40) < o < day.replace(day=1)
                                                    for o in others):
            return t, "last month", (day.replace(day=1), month_end)
        return None

    def relative_text(self, topic: str, phrase: str) -> tuple[str, str]:
        kind, key = topic.split(":", 1)
        if kind == "hobby":
            about, form = key, "topic"
        else:
            form, about = self.name(key)
        options = RELATIVE_SELF + (RELATIVE_NAMED if self.rng.random() < 0.35 else [])
        text = self.rng.choice(options).format(rel=phrase, topic=about, user=self.w.user)
        return text[0].upper() + text[1:], form


class _TopicTrack:
    """Relative questions are about a topic, not a track."""
    attribute = "topic"


def periods_between(lo: datetime, hi: datetime) -> list[tuple[datetime, datetime, str]]:
    """Named stretches of time fully inside [lo, hi]: months, seasons, early/late in a year."""
    out = []
    for year in range(lo.year, hi.year + 1):
        for m in range(1, 13):
            a = datetime(year, m, 1)
            b = datetime(year, m, calendar.monthrange(year, m)[1], 23, 59)
            out.append((a, b, f"{MONTHS[m - 1]} {year}"))
        for first, name in ((3, "spring"), (6, "summer"), (9, "autumn")):
            a = datetime(year, first, 1)
            b = datetime(year, first + 2, calendar.monthrange(year, first + 2)[1], 23, 59)
            out.append((a, b, f"the summer of {year}" if name == "summer" else f"{name} {year}"))
        out.append((datetime(year, 1, 1), datetime(year, 3, 31, 23, 59), f"early {year}"))
        out.append((datetime(year, 10, 1), datetime(year, 12, 31, 23, 59), f"late {year}"))
    return [(a, b, p) for a, b, p in out if lo <= a and b <= hi]


def ask(world: World, seed: int) -> list[Question]:
    """The world's questions, capped per kind, in the order they are asked (by moment)."""
    asker = Asker(world, seed)
    asker.now_questions()
    asker.past_questions()
    asker.as_of_questions()
    asker.relative_questions()
    asker.plan_questions()
    chosen: list[Question] = []
    for kind in KINDS:
        pool = asker.out[kind]
        chosen += asker.rng.sample(pool, min(CAPS[kind], len(pool)))
    chosen.sort(key=lambda q: (q.as_of is not None, q.moment, q.kind, q.text))
    return [Question(**{**q.__dict__, "id": f"{world.uid}/q{n:03d}"}) for n, q in enumerate(chosen, 1)]
