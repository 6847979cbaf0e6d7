"""The held-out time-aware set's generator: people, their changing lives, the conversations that
tell of them and the questions asked about them (see temporal_heldout.py for the evaluation).

Each simulated user talks with an assistant in ~28 sessions over ~15 months about themselves, a
sibling and a friend. Every (person, attribute) is a *track* — home, job, partner, pet, diet,
course, hobby — whose value changes now and then: at once ("we got the keys"), by a plan that
takes effect later ("moving at the end of the month"), by an end with nothing new ("I quit"),
or not at all (a plan called off). Turns carry *claims* (person, attribute, value, role) read
from the slots of the template that wrote them, so evidence is computed, never hand-listed.
Filler is real chat (LoCoMo turns, names replaced). Seeded: user i is the same for any --users.
"""

from __future__ import annotations

import calendar
import json
import random
import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.heldout_phrases import ASSISTANT, GREETINGS, HOBBY_UPDATES, NAMING, OTHER, SELF

ME, SIB, FRIEND, PARTNER = "me", "sib", "friend", "partner"
#: roles of a claim that state a value (as holding when said, or planned)
POSITIVE = ("holds", "plan")
#: roles that tell a value held at some time: evidence for questions about the past
MENTIONS = ("holds", "plan", "ends")

USERS = ["Tamsin", "Bram", "Odile", "Rafael", "Yusuf", "Ines", "Callum", "Mirela", "Teodor", "Anouk", "Kwame",
         "Saoirse", "Devika", "Linnea", "Matthias", "Zainab", "Emeka", "Harriet", "Soren", "Paloma"]
SIBLINGS = [("Katherine", "Kate", "f"), ("Elizabeth", "Beth", "f"), ("Theodore", "Theo", "m"),
            ("Margaret", "Maggie", "f"), ("Benjamin", "Ben", "m"), ("Victoria", "Tori", "f"),
            ("Nicholas", "Nico", "m"), ("Rebecca", "Becca", "f"), ("Christopher", "Kit", "m"),
            ("Josephine", "Jo", "f"), ("Frederick", "Freddie", "m"), ("Penelope", "Penny", "f"),
            ("Dominic", "Dom", "m"), ("Annabel", "Bella", "f"), ("Alexandra", "Sasha", "f"),
            ("Matilda", "Tilly", "f"), ("Gabriel", "Gabe", "m"), ("Eleanor", "Nell", "f"),
            ("William", "Will", "m"), ("Susannah", "Suzy", "f")]
FRIENDS = [("Ruairi", None, "m"), ("Marguerite", "Margo", "f"), ("Augustin", "Gus", "m"), ("Imogen", "Immy", "f"),
           ("Desmond", "Des", "m"), ("Rosalind", "Roz", "f"), ("Bartholomew", "Bart", "m"), ("Philippa", "Pip", "f"),
           ("Leopold", "Leo", "m"), ("Henrietta", "Hetty", "f"), ("Ezekiel", "Zeke", "m"), ("Wilhelmina", "Mina", "f"),
           ("Cosmo", None, "m"), ("Ottilie", "Otti", "f"), ("Lorcan", None, "m"), ("Perpetua", "Pet", "f")]
PARTNERS = [("Oskar", "m"), ("Fenna", "f"), ("Idris", "m"), ("Malin", "f"), ("Tariq", "m"), ("Greta", "f"),
            ("Ciaran", "m"), ("Beatriz", "f"), ("Luca", "m"), ("Yasmin", "f"), ("Rhys", "m"), ("Selin", "f"),
            ("Anders", "m"), ("Farah", "f"), ("Jules", "m"), ("Marisol", "f"), ("Kenji", "m"), ("Esme", "f"),
            ("Niall", "m"), ("Ottoline", "f")]
CITIES = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "Dundee", "Aberdeen", "Bath", "Galway", "Cork",
          "Utrecht", "Ghent", "Lyon", "Porto", "Bologna", "Gothenburg", "Aarhus", "Tallinn", "Krakow", "Valencia",
          "Seville", "Halifax", "Montreal", "Wellington", "Brisbane", "Denver", "Portland", "Exeter", "York", "Belfast"]
EMPLOYERS = ["Kestrel Analytics", "Bramble & Finch", "Oakridge Hospital", "Harbour Street Bakery", "Meridian Bank",
             "Cobalt Games", "Thistle Press", "Riverside Vets", "Northgate Council", "Pinecone Software",
             "Ashworth Architects", "Silverline Rail", "Marlow Museum", "Bluebell Nursery", "Ironbridge Brewery",
             "Tidal Energy Co", "Foxglove Florists", "Wrenfield Academy", "Halden Logistics", "Quarry Lane Books"]
ROLES = ["a nurse", "a data analyst", "a junior architect", "a teacher", "a UX designer", "an accountant",
         "a sous chef", "a paralegal", "a software engineer", "a lab technician", "a project manager",
         "an events manager"]
PETS = [("cat", "Pickle"), ("dog", "Juniper"), ("rabbit", "Clementine"), ("cat", "Waffles"), ("dog", "Pesto"),
        ("cat", "Marmalade"), ("dog", "Nutmeg"), ("cat", "Pippin"), ("dog", "Sprout"), ("cat", "Dumpling"),
        ("dog", "Noodle"), ("cat", "Toffee"), ("rabbit", "Crumpet"), ("dog", "Ziggy"), ("cat", "Rolo")]
DIETS = ["vegetarian", "vegan", "pescatarian"]
COURSES = [("a part-time MBA", "MBA", "Warwick Business School"), ("an evening Spanish course", "Spanish course", "the City Lit"),
           ("a nursing degree", "nursing degree", "Dundee University"),
           ("a master's in data science", "data science master's", "the Open University"),
           ("a diploma in garden design", "garden design diploma", "the Hadlow College"),
           ("a photography certificate", "photography course", "the Northern Art School"),
           ("a law conversion course", "law course", "BPP University"),
           ("a teaching qualification", "teacher training", "Bath Spa University")]
HOBBIES = list(HOBBY_UPDATES)
MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)

CHAT = ["Sounds like quite a week.", "Ha, fair enough.", "I hope it gets easier soon.", "Nice!",
        "That made me smile.", "Good to know."]
LEAD_INS = ["", "", "Quick update: ", "Hobby news: ", "Oh, also: ", "Small win this week: "]
BYE = ["Anyway, that's me for today. Talk soon!", "Right, I'd better go. Thanks for listening.",
       "OK, dinner time. Bye for now!"]


# ------------------------------------------------------------------ data
@dataclass(frozen=True)
class Turn:
    id: str
    user: str
    session: str
    role: str
    speaker: str | None  # None for the assistant, as most chat apps send it
    text: str
    at: datetime
    claims: tuple[tuple[str, str, str | None, str], ...] = ()  # (person, attribute, value, role)
    topics: tuple[str, ...] = ()

    @property
    def embed_text(self) -> str:
        return f"{self.speaker or self.role}: {self.text}"


@dataclass(frozen=True)
class Question:
    id: str
    user: str
    kind: str  # now | past | as_of | relative | plan
    text: str
    evidence: tuple[str, ...]
    answer: str
    now: datetime | None = None  # memdb gets now= (live questions)
    as_of: datetime | None = None  # memdb gets as_of= (as-of questions)
    superseded: tuple[str, ...] = ()  # statements of an earlier value, visible when asked
    attribute: str = ""
    subject: str = ""  # how the person is named: self, name, nickname, full, relation, topic
    variant: str = ""  # plan: before/after/cancelled; relative: the phrase

    @property
    def moment(self) -> datetime:
        return self.as_of or self.now  # type: ignore[return-value]


@dataclass
class Person:
    pid: str
    name: str
    nick: str | None
    gender: str
    rel: str  # "" for the user

    @property
    def pronouns(self) -> dict[str, str]:
        return {"s": "she", "obj": "her", "pos": "her"} if self.gender == "f" else {"s": "he", "obj": "him", "pos": "his"}


@dataclass
class Period:
    value: str | None
    start: datetime | None  # None: since before the conversation
    end: datetime | None = None


@dataclass
class Step:
    """One change of a track: at session ``session`` the speaker tells of it (``how``)."""
    session: int
    how: str  # change | plan | end | cancel
    new: str | None
    effective: datetime | None = None  # plans: when it takes effect
    when: str = ""  # plans: how the speaker says when
    confirm: int | None = None  # plans: the session that confirms it


@dataclass
class Track:
    person: Person
    attribute: str
    start_value: str | None
    intro: int | None  # session where the start value is first told
    steps: list[Step] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    until: datetime | None = None  # no questions about it after this (a partner's job, once apart)


@dataclass
class World:
    user: str
    uid: str
    people: dict[str, Person]
    sessions: list[datetime]
    tracks: list[Track]
    turns: list[Turn]
    details: dict[str, dict[str, Any]]  # value → its role, species, course parts …
    end: datetime


# ------------------------------------------------------------------ filler
def locomo_path() -> Path:
    """LoCoMo's dev file, looked for beside the repository (or a worktree of it) and above."""
    from bench.common import REPO

    for folder in REPO.parents:
        candidate = folder / "shared" / "data" / "locomo" / "locomo_dev5.json"
        if candidate.exists():
            return candidate
    return REPO.parent / "shared" / "data" / "locomo" / "locomo_dev5.json"


def load_filler(path: Path) -> list[tuple[str, str, str, str]]:
    """(user-side text, reply text, user-side speaker, reply speaker) pairs of real LoCoMo chat."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pairs = []
    for item in data:
        conv = item["conversation"]
        for key, turns in conv.items():
            if not (key.startswith("session_") and isinstance(turns, list)):
                continue
            for a, b in zip(turns, turns[1:]):
                ta, tb = str(a.get("text") or "").strip(), str(b.get("text") or "").strip()
                if a["speaker"] != b["speaker"] and 30 <= len(ta) <= 240 and 20 <= len(tb) <= 240:
                    pairs.append((ta, tb, a["speaker"], b["speaker"]))
    return pairs[::2]  # every other pair: no turn is both a user line and a reply


def rename(text: str, speaker: str, other: str, user: str) -> str:
    """A LoCoMo line with its speakers' names replaced: the user's side by the user's name,
    the other side (now the assistant) dropped where it was addressed."""
    for name in {other, other[:3]}:  # "Melanie" and "Mel"
        text = re.sub(rf",?\s*\b{re.escape(name)}\b(?=\s*[!?.,])", "", text)
        text = re.sub(rf"\b{re.escape(name)}\b", "you", text)
    for name in {speaker, speaker[:3]} - {""}:
        text = re.sub(rf"\b{re.escape(name)}\b", user, text)
    return re.sub(r"\s+([!?.,])", r"\1", text).strip()


# ------------------------------------------------------------------ dates
def _month_end(d: datetime) -> datetime:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1], hour=12, minute=0)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def plan_dates(said: datetime, lo: datetime, hi: datetime, rng: random.Random) -> tuple[datetime, str]:
    """A date in [lo, hi] the way a speaker on ``said`` would name it: (effective date, phrase)."""
    noon = said.replace(hour=12, minute=0, second=0)
    options = []
    if noon.day <= 22:
        options.append((_month_end(noon), "at the end of the month"))
    first = (_month_end(noon) + timedelta(days=1)).replace(hour=9)
    options.append((first, "at the start of next month"))
    for wd in range(7):
        ahead = (wd - noon.weekday()) % 7 or 7
        if ahead >= 2:
            options.append((noon + timedelta(days=ahead), f"on {WEEKDAYS[wd]}"))
    options.append((noon + timedelta(days=14), "in two weeks"))
    fitting = [(d, p) for d, p in options if lo <= d <= hi]
    if fitting and rng.random() < 0.75:
        return rng.choice(fitting)
    day = lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))
    day = day.replace(hour=12, minute=0)
    phrase = f"on the {_ordinal(day.day)}" if day.month == said.month else f"on the {_ordinal(day.day)} of {MONTHS[day.month - 1]}"
    return day, phrase


# ------------------------------------------------------------------ the world
class Builder:
    """Writes one user's world: the people, their tracks, then the sessions' turns."""

    def __init__(self, index: int, seed: int, filler: Sequence[tuple[str, str, str, str]],
                 sessions: int | None = None) -> None:
        self.rng = random.Random(f"{seed}:{index}")
        rng = self.rng
        self.user = USERS[index % len(USERS)] + ("" if index < len(USERS) else str(index // len(USERS) + 1))
        self.uid = f"u{index:02d}-{self.user.lower()}"
        full, nick, g = SIBLINGS[index % len(SIBLINGS)]
        fname, fnick, fg = FRIENDS[index % len(FRIENDS)]
        self.people = {
            ME: Person(ME, self.user, None, "f", ""),
            SIB: Person(SIB, full, nick, g, "sister" if g == "f" else "brother"),
            FRIEND: Person(FRIEND, fname, fnick, fg, "friend"),
        }
        self.filler = filler
        start = datetime(2022, 2, 1) + timedelta(days=rng.randint(0, 400))
        self.sessions = [start.replace(hour=rng.randint(8, 21), minute=rng.randint(0, 59))]
        count = rng.randint(26, 30)
        for _ in range(count if sessions is None else min(count, sessions - 1)):
            nxt = self.sessions[-1] + timedelta(days=rng.randint(9, 24))
            self.sessions.append(nxt.replace(hour=rng.randint(8, 21), minute=rng.randint(0, 59)))
        self.details: dict[str, dict[str, Any]] = {}
        self.pools = {"home": rng.sample(CITIES, len(CITIES)), "job": rng.sample(EMPLOYERS, len(EMPLOYERS)),
                      "partner": [p for p in rng.sample(PARTNERS, len(PARTNERS))],
                      "pet": rng.sample(PETS, len(PETS)), "diet": rng.sample(DIETS, len(DIETS)),
                      "school": rng.sample(COURSES, len(COURSES)), "hobby": rng.sample(HOBBIES, len(HOBBIES))}

    # -- values
    def fresh(self, attribute: str) -> str:
        item = self.pools[attribute].pop()
        if attribute == "job":
            self.details[item] = {"role": self.rng.choice(ROLES)}
        elif attribute == "partner":
            name, g = item
            self.details[name] = {"pw": {"f": "girlfriend", "m": "boyfriend"}[g] if self.rng.random() < 0.7 else "partner",
                                  "gender": g}
            return name
        elif attribute == "pet":
            species, name = item
            self.details[name] = {"species": species}
            return name
        elif attribute == "school":
            course, short, inst = item
            self.details[course] = {"course": course, "short": short, "inst": inst}
            return course
        return item

    # -- tracks
    def plan_tracks(self) -> list[Track]:
        rng, n = self.rng, len(self.sessions)
        spec = [  # person, attribute, chance the start value is none, how many changes
            (ME, "home", 0.0, rng.choice([1, 2, 2])), (ME, "job", 0.0, rng.choice([1, 2])),
            (ME, "partner", 0.3, rng.choice([1, 2])), (ME, "pet", 0.6, rng.choice([0, 1, 1, 2])),
            (ME, "diet", 0.5, rng.choice([0, 1, 1])), (ME, "school", 0.8, rng.choice([0, 1, 1])),
            (ME, "hobby", 0.0, 1), (SIB, "home", 0.0, rng.choice([1, 1, 2])), (SIB, "job", 0.0, 1),
            (SIB, "partner", 0.2, rng.choice([0, 1])), (SIB, "school", 0.8, rng.choice([0, 1])),
            (FRIEND, "home", 0.0, rng.choice([0, 1])), (FRIEND, "job", 0.0, 1),
            (FRIEND, "pet", 0.7, rng.choice([0, 1])), (FRIEND, "hobby", 0.0, rng.choice([0, 1])),
        ]
        self.busy: dict[int, int] = {}
        self.cancel_left = 1 if rng.random() < 0.8 else 0
        tracks = [self.track(pid, attribute, none_chance, changes) for pid, attribute, none_chance, changes in spec]
        for track in tracks:
            self.settle(track)
        return tracks + self.partner_tracks(next(t for t in tracks if t.person.pid == ME and t.attribute == "partner"))

    def track(self, pid: str, attribute: str, none_chance: float, changes: int, *, lo: int = 0,
              hi: int | None = None, intro: int | None = None) -> Track:
        """A track whose changes are told in sessions [lo, hi) (a partner's: while together)."""
        rng = self.rng
        hi = len(self.sessions) if hi is None else hi
        value = None if rng.random() < none_chance else self.fresh(attribute)
        if intro is None and value is not None:
            intro = rng.randint(0, 3) if pid == ME else rng.randint(0, 6)
        track = Track(self.people[pid], attribute, value, intro)
        first = intro if intro is not None else lo
        at = rng.randint(first + 3, max(first + 4, lo + int((hi - lo) * 0.6)))
        table = SELF if pid == ME else OTHER
        for _ in range(changes):
            while at < hi - 2 and self.busy.get(at, 0) >= 2:
                at += 1
            if at >= hi - 2:
                break
            current = value
            can_plan = (attribute, "plan") in table and at + 3 < hi
            one_then_next = attribute in ("partner", "pet", "school")  # one ends before the next begins
            if current is not None and (attribute, "end") in table and (
                    one_then_next or attribute == "diet" and rng.random() < 0.45 or rng.random() < 0.2):
                step = Step(at, "end", None)
            elif current is not None and self.cancel_left and attribute in ("home", "job") and pid == ME and can_plan:
                self.cancel_left = 0
                step = Step(at, "cancel", self.fresh(attribute))
            else:
                step = Step(at, "plan" if can_plan and rng.random() < 0.45 else "change", self.fresh(attribute))
            if attribute == "hobby" and current is None:
                step.how = "change"
            track.steps.append(step)
            self.busy[at] = self.busy.get(at, 0) + 1
            if step.how != "cancel":
                value = step.new
            at += rng.randint(4, 10) + (2 if step.how in ("plan", "cancel") else 0)
        return track

    def partner_tracks(self, partner: Track) -> list[Track]:
        """The job of the user's longest partner, told while they are together."""
        n, best = len(self.sessions), None
        for period in partner.periods:
            if period.value is None:
                continue
            inside = [i for i, t in enumerate(self.sessions) if (period.start is None or t >= period.start)
                      and (period.end is None or t < period.end)]
            if len(inside) >= 9 and (best is None or len(inside) > len(best[1])):
                best = (period, inside)
        if best is None:
            return []
        period, inside = best
        name = str(period.value)
        self.people[PARTNER] = Person(PARTNER, name, None, self.details[name]["gender"], self.details[name]["pw"])
        a, b = inside[0], inside[-1]
        track = self.track(PARTNER, "job", 0.0, self.rng.choice([0, 1, 1]), lo=a, hi=b + 1,
                           intro=self.rng.randint(a + 1, a + 3))
        track.until = period.end
        self.settle(track)
        return [track]

    def settle(self, track: Track) -> None:
        """Dates of the track's steps (plans get a date the speaker names) and its periods."""
        rng, s = self.rng, self.sessions
        periods = [Period(track.start_value, None)]
        for step in track.steps:
            said = s[step.session]
            if step.how in ("plan", "cancel"):
                # a plan takes effect before the next session; one called off, after it (the call-off)
                lo, hi = (said + timedelta(days=2), s[step.session + 1] - timedelta(days=2)) if step.how == "plan" else (
                    s[step.session + 1] + timedelta(days=2), s[step.session + 2] - timedelta(days=2))
                step.effective, step.when = plan_dates(said, lo, hi, rng)
                if step.how == "plan":
                    step.confirm = step.session + 1
            else:
                step.effective = (said - timedelta(days=rng.randint(0, 3))).replace(hour=12, minute=0)
            if step.how == "cancel":
                continue
            periods[-1].end = step.effective
            periods.append(Period(step.new, step.effective))
        track.periods = periods


def value_at(track: Track, t: datetime) -> str | None:
    for p in track.periods:
        if (p.start is None or p.start <= t) and (p.end is None or t < p.end):
            return p.value
    return None


# ------------------------------------------------------------------ rendering turns
def slots(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


class Writer:
    """Renders a world's sessions into turns with their claims."""

    def __init__(self, b: Builder, tracks: list[Track]) -> None:
        self.b, self.rng, self.tracks = b, b.rng, tracks
        self.turns: list[Turn] = []
        self.filler_left = b.rng.sample(range(len(b.filler)), len(b.filler))
        self.echoed: set[int] = set()  # steps the assistant already got wrong once
        self.used: Counter[str] = Counter()

    def values(self, value: str | None) -> dict[str, str]:
        if value is None:
            return {}
        out = {"new": value}
        for k, v in self.b.details.get(value, {}).items():
            out.setdefault(k, v)
        return out

    def pick(self, options: Sequence[str], have: dict[str, str]) -> str:
        """A template whose slots are all known, the least used first (people rarely repeat themselves)."""
        usable = [t for t in options if slots(t) <= set(have)]
        if not usable:
            raise LookupError(f"no template fits {sorted(have)}: {options[:1]}")
        fewest = min(self.used[t] for t in usable)
        choice = self.rng.choice([t for t in usable if self.used[t] == fewest])
        self.used[choice] += 1
        return choice

    def subject(self, person: Person, *, pronoun_ok: bool) -> tuple[str, str, bool]:
        """How a turn names another person: (subject for {S}, name for {N}, needs a naming turn)."""
        r = self.rng.random()
        n = person.nick if person.nick and self.rng.random() < 0.65 else person.name
        if pronoun_ok and r < 0.25:
            return person.pronouns["s"].capitalize(), n, True
        if r < 0.4:
            return f"My {person.rel}", n, False
        return n, n, False

    def event(self, session: list[list[dict]], track: Track, kind: str, new: str | None, old: str | None, *,
              planned: str | None = None, when: str = "", since: str = "", reply: str | None = None) -> None:
        """A block: (a naming turn,) the turn telling of it, the assistant's reply."""
        p = track.person
        have = {**self.values(new), "when": when, "since": since}
        if old is not None:
            have["old"] = old
            for k, v in self.b.details.get(old, {}).items():
                have.setdefault(k, v)
        if planned is not None:
            have["planned"] = planned
        block: list[dict] = []
        topics = (f"person:{p.pid}",) if p.pid != ME else ()
        if p.pid == ME:
            text = self.pick(SELF[(track.attribute, kind)], have)
        else:
            subject, name, naming = self.subject(p, pronoun_ok=kind != "intro")
            have.update(p.pronouns, rel=p.rel, S=subject, N=p.name if kind == "intro" else name)
            text = self.pick(OTHER[(track.attribute, kind)], have)
            if naming and "{S}" in text:
                block.append({"role": "user", "text": fill(self.pick(NAMING, {"N": name}), {"N": name}), "topics": topics})
        claims = claims_of(text, p.pid, track.attribute, kind, new, old, planned)
        block.append({"role": "user", "text": fill(text, have), "claims": claims, "topics": topics})
        if reply is None:
            reply = {"intro": "noted", "restate": "chat"}.get(kind, "ack")
            if kind == "end" and track.attribute in ("partner", "pet"):
                reply = "sorry"
            if p.pid == ME and kind in ("plan", "change", "end") and old is not None \
                    and track.attribute in ("home", "job") and self.rng.random() < 0.5:
                reply = f"{track.attribute}.leaving"
        text = self.pick(CHAT if reply == "chat" else ASSISTANT[reply], have)
        said = slots(text)
        block.append({"role": "assistant", "text": fill(text, have), "claims": tuple(
            [(p.pid, track.attribute, old, "ends")] * ("old" in said) + [(p.pid, track.attribute, new, "holds")] * ("new" in said))})
        session.append(block)

    def render(self) -> list[Turn]:
        b, rng = self.b, self.rng
        for si, start in enumerate(b.sessions):
            blocks: list[list[dict]] = []
            for track in self.tracks:
                self.track_blocks(blocks, track, si)
            hobby = next(t for t in self.tracks if t.person.pid == ME and t.attribute == "hobby")
            current = value_at(hobby, start)
            changing = any(step.session == si for step in hobby.steps)  # the update would precede the news
            if si > (hobby.intro or 0) and current and not changing and rng.random() < 0.7:
                update = self.pick(HOBBY_UPDATES[current], {})
                blocks.append([{"role": "user", "text": rng.choice(LEAD_INS) + update,
                                "claims": ((ME, "hobby", current, "holds"),), "topics": (f"hobby:{current}",)},
                               {"role": "assistant", "text": rng.choice(CHAT)}])
            for _ in range(rng.randint(2, 4)):
                blocks.append(self.filler_block())
            rng.shuffle(blocks)
            greet = [{"role": "user", "text": rng.choice(GREETINGS)},
                     {"role": "assistant", "text": rng.choice(ASSISTANT["greet"]).format(user=b.user)}]
            bye = [{"role": "user", "text": rng.choice(BYE)}] if rng.random() < 0.5 else []
            at = start
            for n, item in enumerate([*greet, *(x for blk in blocks for x in blk), *bye], 1):
                at += timedelta(seconds=rng.randint(40, 150))
                self.turns.append(Turn(id=f"{b.uid}/s{si + 1:02d}/t{n:02d}", user=b.uid, session=f"s{si + 1:02d}",
                                       role=item["role"], speaker=b.user if item["role"] == "user" else None,
                                       text=item["text"], at=at, claims=tuple(item.get("claims", ())),
                                       topics=tuple(item.get("topics", ()))))
        return self.turns

    def filler_block(self) -> list[dict]:
        ta, tb, sa, sb = self.b.filler[self.filler_left.pop()]
        return [{"role": "user", "text": rename(ta, sa, sb, self.b.user)},
                {"role": "assistant", "text": rename(tb, sb, sa, self.b.user)}]

    def track_blocks(self, blocks: list[list[dict]], track: Track, si: int) -> None:
        rng, s = self.rng, self.b.sessions
        now = s[si]
        if track.intro == si:
            self.event(blocks, track, "intro", track.start_value, None)
            return
        for step in track.steps:
            old = value_at(track, step.effective - timedelta(seconds=1)) if step.effective else None
            if step.session == si:
                if step.how == "cancel":
                    self.event(blocks, track, "plan", step.new, old, when=step.when)
                elif step.how == "end":
                    self.event(blocks, track, "end", None, old)
                else:
                    self.event(blocks, track, step.how, step.new, old, when=step.when)
                return
            if step.how == "cancel" and step.session + 1 == si:
                self.event(blocks, track, "cancel", None, old, planned=step.new)
                return
            if step.confirm == si and (track.attribute, "confirm") in (SELF if track.person.pid == ME else OTHER):
                self.event(blocks, track, "confirm", step.new, None)
                return
        value = value_at(track, now)
        last = max((st for st in track.steps if st.effective and st.effective < now and st.how != "cancel"),
                   key=lambda st: st.effective, default=None)
        # the assistant, a few sessions after a change, still talks of the old value
        if (track.person.pid == ME and last is not None and si - last.session in (2, 3, 4) and rng.random() < 0.35
                and f"{track.attribute}.echo" in ASSISTANT and id(last) not in self.echoed):
            old = value_at(track, last.effective - timedelta(seconds=1))
            if old is not None and not any("echoed" in x for blk in blocks for x in blk):
                self.echoed.add(id(last))
                self.echo(blocks, track, old, value, last.effective)
                return
        known = track.intro is not None and track.intro < si or last is not None
        if value is not None and known and rng.random() < 0.18:
            table = SELF if track.person.pid == ME else OTHER
            if (track.attribute, "restate") in table and track.attribute != "hobby":
                summary = track.person.pid == ME and track.attribute in ("home", "job") and rng.random() < 0.3
                self.event(blocks, track, "restate", value, None,
                           reply=f"{track.attribute}.summary" if summary else "chat")

    def echo(self, blocks: list[list[dict]], track: Track, old: str, new: str | None, since: datetime) -> None:
        have = {**self.values(new), "old": old, "since": MONTHS[since.month - 1], **self.b.details.get(old, {})}
        ask = self.pick(ASSISTANT[f"{track.attribute}.echo"], have)
        block = [{"role": "assistant", "text": fill(ask, have), "echoed": True,
                  "claims": ((ME, track.attribute, old, "echo"),)}]
        answers = [t for t in SELF.get((track.attribute, "answer"), []) if slots(t) <= set(have)]
        if answers:
            text = self.rng.choice(answers)
            block.append({"role": "user", "text": fill(text, have),
                          "claims": claims_of(text, ME, track.attribute, "answer", new, old, None)})
            block.append({"role": "assistant", "text": self.rng.choice(["Sorry, my mistake!", "Of course, I remember now.",
                                                                        "Right, thanks for correcting me."])})
        blocks.append(block)


def fill(template: str, have: dict[str, str]) -> str:
    """The template with its slots filled, every sentence starting with a capital."""
    text = template.format(**have)
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m[1] + m[2].upper(), text)


def claims_of(template: str, pid: str, attribute: str, kind: str, new: str | None, old: str | None,
              planned: str | None) -> tuple[tuple[str, str, str | None, str], ...]:
    """What a turn tells, read from the slots its template fills ({course}, {inst} and {short}
    name a course: the new one, or the old one in a turn telling only of its end)."""
    named = slots(template)
    course = bool(named & {"course", "inst", "short"})
    out: list[tuple[str, str, str | None, str]] = []
    if new is not None and ("new" in named or course):
        out.append((pid, attribute, new, "plan" if kind == "plan" else "holds"))
    if old is not None and ("old" in named or course and new is None):
        out.append((pid, attribute, old, "holds" if kind in ("plan", "cancel") else "ends"))
    if planned is not None and "planned" in named:
        out.append((pid, attribute, planned, "negated"))
    if kind == "end" or kind == "answer" and new is None:
        out.append((pid, attribute, None, "holds"))
    return tuple(out)


def build_world(index: int, seed: int, filler: Sequence[tuple[str, str, str, str]], sessions: int | None = None) -> World:
    """User ``index``'s world; ``sessions`` cuts the conversation short (smoke tests)."""
    b = Builder(index, seed, filler, sessions)
    tracks = b.plan_tracks()
    turns = Writer(b, tracks).render()
    end = turns[-1].at + timedelta(days=b.rng.randint(1, 3))
    return World(b.user, b.uid, b.people, b.sessions, tracks, turns, b.details, end.replace(hour=10, minute=0))
